/* store_internal.h - what store.c and query.c share.  Not installed. */
#ifndef NG_STORE_INTERNAL_H
#define NG_STORE_INTERNAL_H

#include <redland.h>

#include "internal.h"

typedef enum ng_store_kind {
  NG_STORE_HASHES = 0, /* librdf "hashes" over Berkeley DB files */
  NG_STORE_MEMORY,     /* librdf "memory" */
  NG_STORE_SQLITE,     /* librdf "sqlite" */
  NG_STORE_VIRTUOSO    /* a Virtuoso server: store_virtuoso.c */
} ng_store_kind;

typedef struct ng_virtuoso ng_virtuoso; /* store_virtuoso.c */
typedef struct ng_bulk ng_bulk;         /* store_bulk.c */

struct ng_store {
  ng_world *world;
  ng_store_kind kind;
  unsigned flags;
  char *spec;          /* as given */
  char *path;          /* hashes: the store directory; sqlite: the file */
  librdf_world *rdf;   /* one per store: see the note in store.c */
  librdf_storage *storage;
  librdf_model *model;
  /* locking and generations (hashes; the lock is used by sqlite too) */
  int lock_fd;         /* writer lock held while open for writing, or -1 */
  int gen_fd;          /* shared lock on the generation in use, or -1 */
  unsigned long gen;   /* the committed generation open (hashes) */
  char *gen_dir;       /* the directory the model is open on */
  int staged;          /* the model is open on a staged copy (hashes) or
                          inside a transaction (sqlite) */
  ng_bulk *bulk;       /* hashes, while staged: quads not yet written
                          into the staged copy (NULL: librdf writes) */
  /* logging context: librdf/rasqal messages are forwarded to ng_log
   * under this stage and status */
  const char *log_stage;
  ng_status log_code;
  int log_errors;      /* errors seen since the counter was reset */
  int log_mute;        /* drop warnings (a query parsed a second time) */
  int log_silent;      /* drop every message (a trial parse) */
  int query_graphs;    /* the query running uses GRAPH: list the graphs */
  char last_error[512];/* the text of the last error message */
  long last_line;      /* its line, or 0 */
  /* blank node labels of parsed files, made unique per load */
  char bnode_prefix[40];
  unsigned long bnode_count;
  ng_query_limits limits; /* ng_store_set_query_limits() */
  /* pattern estimates of the SPARQL evaluator (sparql/eval.c), kept from
   * query to query while a read-only handle reads one generation */
  ng_map estimates;
  ng_arena estimates_arena;
  ng_virtuoso *virt;   /* NG_STORE_VIRTUOSO: everything else is unused */
  /* the in-memory index of the generation read (store_index.h), shared
   * with the process's other handles on it; built at the first query
   * when index_max (ng_store_use_index) is not 0 */
  struct ng_sindex *index;
  size_t index_max;
  unsigned long index_failed; /* gen + 1 of a build that failed */
};

/* A set of 128-bit statement fingerprints (two independent 64-bit
 * hashes): a false "seen" needs both to collide (~2^-128).  In store.c. */
typedef struct ng_fp_set {
  uint64_t *slots; /* pairs; (0,0) = empty */
  size_t n, cap;   /* cap: number of pairs, a power of two */
} ng_fp_set;

void ng_fp_set_clear(ng_fp_set *f);
/* 1 when (A, B) was there, 0 when added, -1 when out of memory. */
int ng_fp_set_add(ng_fp_set *f, uint64_t a, uint64_t b);
void ng_fp_set_free(ng_fp_set *f);
/* The fingerprint of a triple (its graph left out). */
void ng_fp_statement(uint64_t h[2], const raptor_statement *st);

/* One value of a query result, as the results writers in query.c take
 * it: TYPE is LIBRDF_NODE_TYPE_RESOURCE, _BLANK or _LITERAL. */
typedef struct ng_rterm {
  librdf_node_type type;
  const char *v; /* IRI, literal lexical form, or blank node label */
  size_t len;
  const char *lang;
  const char *dt; /* datatype IRI or NULL */
} ng_rterm;

/* The results writers of query.c for engines other than rasqal (in
 * query.c).  ng_results_out_new() writes the head for the NV variables
 * NAMES (borrowed until ng_results_out_free()) in format F to FP, or
 * hands it and the rows to EACH (borrowed likewise) when EACH is not
 * NULL; each row gives NV values (NULL = unbound);
 * ng_results_out_finish() writes the tail (the whole table for
 * NG_RESULTS_TABLE). */
typedef struct ng_results_out ng_results_out;
ng_status ng_results_out_new(ng_store *s, ng_results_format f, FILE *fp,
                             const ng_row_handler *each, char **names,
                             size_t nv, ng_results_out **out);
ng_status ng_results_out_row(ng_results_out *r, ng_rterm *const *vals);
ng_status ng_results_out_finish(ng_results_out *r);
void ng_results_out_free(ng_results_out *r);
/* An ASK answer, and one CONSTRUCT triple as N-Triples. */
ng_status ng_results_write_boolean(int value, ng_results_format f,
                                   FILE *fp);
ng_status ng_results_write_triple(FILE *fp, const ng_rterm *s,
                                  const ng_rterm *p, const ng_rterm *o);

/* RDF files (in store.c, for every store kind): *NAME := raptor's parser
 * for SYNTAX (a name or abbreviation: nquads, nq, ttl, xml...), or for
 * the extension of PATH when SYNTAX is NULL, and *FP := PATH opened for
 * reading (the caller closes it); NG_ERR_ARG, logged, when neither says
 * the syntax, NG_ERR_IO, logged, when PATH cannot be opened. */
ng_status ng_rdf_open(ng_store *s, const char *path, const char *syntax,
                      const char **name, FILE **fp);
/* CLOCK_MONOTONIC in seconds, for the stores' timings and deadlines. */
double ng_store_seconds(void);

/* Drops the kept pattern estimates of S (the data changed, or too many). */
void ng_store_forget_estimates(ng_store *s);
/* The index the next query on S reads (store_index.c), a reference the
 * caller drops with ng_sindex_release(); NULL when the query reads
 * librdf.  A read-only hashes handle with ng_store_use_index() set gets
 * the shared index of its generation.  NG_SPARQL_INDEX=0 in the
 * environment turns every index off; NG_SPARQL_INDEX=1 turns it on for
 * every hashes and memory handle (a store that may change gets an index
 * of its own, built for the query: for tests). */
struct ng_sindex *ng_store_query_index(ng_store *s);
/* The base URI of the file PATH (file:///... ; new, the caller frees it),
 * which resolves relative IRIs of RDF/XML and Turtle; NULL when out of
 * memory. */
raptor_uri *ng_rdf_file_base(raptor_world *rw, const char *path);

/* The URI-fetch guard.  raptor fetches a URI through a raptor_www, which
 * asks its filter first; raptor 2.0.15 has no filter for a whole world,
 * so the guard is put on every parser and raptor_www newsgraph makes.
 * ng_rdf_deny_uri is that filter: it denies every URI, whatever its
 * scheme (file:, http:, gopher:, ftp:, data: ...).  ng_rdf_new_parser
 * makes a parser (NULL: out of memory or unknown NAME; the caller frees
 * it with raptor_free_parser) that never fetches: the filter, no network
 * or file access inside a parse, no external XML entities.  rasqal makes
 * a raptor_www of its own only to run SERVICE, which ng_store_query
 * refuses before any engine sees the query (query.c). */
int ng_rdf_deny_uri(void *user_data, raptor_uri *uri);
raptor_parser *ng_rdf_new_parser(raptor_world *rw, const char *name);

/* The first pass over a triples file without graph names, which must
 * hold one article: ng_article_scan_statement() is its raptor statement
 * handler (user data: the scan, zeroed first).  FIRST (malloc, the
 * caller frees) is the first IRI typed ng:Article, N the distinct ones
 * counted up to 2, BLANK set for an article that is a blank node, NOMEM
 * when FIRST could not be copied. */
typedef struct ng_article_scan {
  char *first;
  size_t n;
  int blank;
  int nomem;
} ng_article_scan;
void ng_article_scan_statement(void *user_data, raptor_statement *st);

/* Makes rasqal read the store through newsgraph's triples source, which
 * gives each triple of the default graph once.  In query.c. */
ng_status ng_store_install_source(ng_store *s);

/* Runs PREPARED (a complete, already checked query text) on the model and
 * writes the results.  In query.c. */
ng_status ng_store_run_query(ng_store *s, const char *query,
                             ng_results_format format, FILE *fp);

/* Runs SPARQL (borrowed) with rasqal's evaluator, through the rewrites
 * and refusals of query.c: the path of every query our own evaluator
 * (sparql/) leaves alone.  A SELECT's rows go to EACH (borrowed) when it
 * is not NULL, else everything to FP.  In query.c. */
ng_status ng_store_query_rasqal(ng_store *s, const char *sparql,
                                ng_results_format format, FILE *fp,
                                const ng_row_handler *each);

/* Writes the quads a write session has batched (store_bulk.c) into the
 * staged copy, so that the model sees them; readers of the model (query,
 * count) call it first.  On failure the session is dropped (logged).  In
 * store.c. */
ng_status ng_store_sync_writes(ng_store *s);

/* 1 when the store holds a graph named IRI (NUL-terminated), 0 when it
 * does not, -1 on error.  In store.c. */
int ng_store_has_graph(ng_store *s, const char *iri);

#include "store_virtuoso.h"

#endif /* NG_STORE_INTERNAL_H */
