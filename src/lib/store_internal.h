/* store_internal.h - what store.c and query.c share.  Not installed. */
#ifndef NG_STORE_INTERNAL_H
#define NG_STORE_INTERNAL_H

#include <redland.h>

#include "internal.h"

typedef enum ng_store_kind {
  NG_STORE_HASHES = 0, /* librdf "hashes" over Berkeley DB files */
  NG_STORE_MEMORY,     /* librdf "memory" */
  NG_STORE_SQLITE      /* librdf "sqlite" */
} ng_store_kind;

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
  /* logging context: librdf/rasqal messages are forwarded to ng_log
   * under this stage and status */
  const char *log_stage;
  ng_status log_code;
  int log_errors;      /* errors seen since the counter was reset */
  int log_mute;        /* drop warnings (a query parsed a second time) */
  int query_graphs;    /* the query running uses GRAPH: list the graphs */
  char last_error[512];/* the text of the last error message */
  long last_line;      /* its line, or 0 */
  /* blank node labels of parsed files, made unique per load */
  char bnode_prefix[40];
  unsigned long bnode_count;
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

/* Makes rasqal read the store through newsgraph's triples source, which
 * gives each triple of the default graph once.  In query.c. */
ng_status ng_store_install_source(ng_store *s);

/* Runs PREPARED (a complete, already checked query text) on the model and
 * writes the results.  In query.c. */
ng_status ng_store_run_query(ng_store *s, const char *query,
                             ng_results_format format, FILE *fp);

/* 1 when the store holds a graph named IRI (NUL-terminated), 0 when it
 * does not, -1 on error.  In store.c. */
int ng_store_has_graph(ng_store *s, const char *iri);

#endif /* NG_STORE_INTERNAL_H */
