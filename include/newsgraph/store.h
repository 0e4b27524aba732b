/* store.h - triple stores and SPARQL queries (part of newsgraph.h).
 *
 * A store holds one named graph per article, named by the article IRI.
 * Adding an article again replaces its graph: it never duplicates.
 *
 * Store specs (the SPEC argument):
 *   DIR or hashes:DIR   librdf "hashes" storage with Berkeley DB files in
 *                       DIR (the default embedded store)
 *   memory              librdf in-memory storage (gone at close)
 *   sqlite:PATH         librdf "sqlite" storage in the file PATH
 *   virtuoso:OPTIONS    a Virtuoso server on this machine: files are
 *                       loaded by its bulk loader, queries answered by its
 *                       own SPARQL engine.  OPTIONS are KEY=VALUE pairs
 *                       separated by ';': host=127.0.0.1 (loopback only),
 *                       port=1111 (SQL), http=8890 (SPARQL endpoint),
 *                       user=dba, password_env=NG_VIRTUOSO_PASSWORD (the
 *                       variable holding the password; or password_file=
 *                       FILE), dir=DIR (where load files go: a directory
 *                       in DirsAllowed of virtuoso.ini), graphs=IRI (the
 *                       graph names newsgraph owns; default the base IRI),
 *                       loaders=2, isql=isql-vt, timeout=600 (seconds).
 *                       Queries need no password; loads need it and dir.
 *                       A Virtuoso load is not atomic for concurrent
 *                       readers (see src/lib/store_virtuoso.c).
 */
#ifndef NEWSGRAPH_STORE_H
#define NEWSGRAPH_STORE_H

#include "newsgraph/newsgraph.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ng_store ng_store;

#define NG_STORE_CREATE   1u /* create the store when it does not exist */
#define NG_STORE_READONLY 2u /* open for queries only */

/* Opens the store named by SPEC (copied).  *OUT is owned by the caller:
 * close it with ng_store_close().  WORLD is borrowed for the store's
 * lifetime.  A missing store without NG_STORE_CREATE, or a directory that
 * is not a store, gives NG_ERR_STORE; a store being written by another
 * process gives NG_ERR_LOCKED. */
ng_status ng_store_open(ng_world *world, const char *spec, unsigned flags,
                        ng_store **out);

/* Syncs and closes the store. */
void ng_store_close(ng_store *store);

/* Replaces the graph of DOC's article with DOC's triples.  DOC is
 * borrowed for the call. */
ng_status ng_store_add_doc(ng_store *store, const ng_doc *doc);

/* Loads an RDF file made by newsgraph (PATH borrowed).  SYNTAX is
 * "nquads", "ntriples", "turtle", "rdfxml" or NULL to guess from the file
 * name.  Each article's triples go into the article's graph, replacing
 * what was there.  N_ARTICLES and N_TRIPLES (may be NULL) get counts. */
ng_status ng_store_load_file(ng_store *store, const char *path,
                             const char *syntax, size_t *n_articles,
                             size_t *n_triples);

/* Called for each article graph a load put into the store: its IRI
 * (NUL-terminated, borrowed for the call) and CTX. */
typedef void (*ng_store_graph_fn)(void *ctx, const char *graph_iri);

/* ng_store_load_file, and then, once the load is committed, FN (may be
 * NULL) for each article graph it loaded, in no particular order.  FN
 * is not called when the load fails (the store is unchanged), nor on a
 * virtuoso store (counts only). */
ng_status ng_store_load_file_graphs(ng_store *store, const char *path,
                                    const char *syntax, ng_store_graph_fn fn,
                                    void *ctx, size_t *n_articles,
                                    size_t *n_triples);

/* The number of statements (quads) in the store, into *N. */
ng_status ng_store_count(ng_store *store, long *n);

typedef enum ng_results_format {
  NG_RESULTS_TABLE = 0, /* aligned text table for terminals */
  NG_RESULTS_CSV,
  NG_RESULTS_TSV,
  NG_RESULTS_JSON,      /* SPARQL 1.1 Query Results JSON */
  NG_RESULTS_XML        /* SPARQL Query Results XML */
} ng_results_format;

/* "table", "csv", "tsv", "json", "xml" to a format; NG_ERR_ARG otherwise. */
ng_status ng_results_format_parse(const char *name, ng_results_format *out);

/* Runs SPARQL (borrowed) and writes the results to FP (borrowed).
 * Constructs the engine is known to answer wrongly are rewritten or
 * refused with NG_ERR_UNSUPPORTED and a message naming them. */
ng_status ng_store_query(ng_store *store, const char *sparql,
                         ng_results_format format, FILE *fp);

/* Where ng_store_query_each() hands the answer.  HEAD is called once
 * with the N variable names (without '?'), then ROW once per solution
 * with N values (ng_term of newsgraph.h; NULL = unbound).  Names and
 * values are owned by the library and borrowed for the call only: copy
 * what you keep.  USER is the caller's, passed back as it is.  A status
 * other than NG_OK from a callback stops the query and is returned.
 * Either callback may be NULL. */
typedef struct ng_row_handler {
  void *user;
  ng_status (*head)(void *user, const char *const *names, size_t n);
  ng_status (*row)(void *user, const ng_term *const *values);
} ng_row_handler;

/* Runs the SELECT query SPARQL (borrowed) and hands its rows to H
 * (borrowed for the call; it is a parameter of this call only, nothing
 * is kept on STORE): the same engines, rewrites and refusals as
 * ng_store_query(), rows instead of text.  A query that is not a SELECT
 * gives NG_ERR_QUERY (logged) and no row.  Like every call on STORE, not
 * to be made while another query runs on it (the store is not
 * thread-safe). */
ng_status ng_store_query_each(ng_store *store, const char *sparql,
                              const ng_row_handler *h);

/* One token of a SPARQL text as the library's SPARQL lexer reads it (the
 * terminals of the SPARQL 1.1 grammar): every reading of a query in the
 * library and the CLI goes through it, so a string, an IRI or a comment
 * is never taken for a keyword or a variable on one path and not on
 * another. */
typedef enum ng_query_token_kind {
  NG_QTOK_WORD = 0, /* a keyword, a function name, a, true, false */
  NG_QTOK_PNAME,    /* prefix:local, prefix: */
  NG_QTOK_IRI,      /* <...> */
  NG_QTOK_VAR,      /* ?x, $x */
  NG_QTOK_BNODE,    /* _:x */
  NG_QTOK_STRING,   /* "...", '...', and the long forms */
  NG_QTOK_NUMBER,   /* unsigned: a sign is a token of its own */
  NG_QTOK_LANG,     /* @en */
  NG_QTOK_NIL,      /* ( ) with only white space between */
  NG_QTOK_ANON,     /* [ ] likewise */
  NG_QTOK_PUNCT     /* { } ( ) [ ] , ; . and operators (&& != ^^ ...) */
} ng_query_token_kind;

typedef struct ng_query_token {
  ng_query_token_kind kind;
  size_t b, e; /* bytes [b, e) of the text */
  long line;
} ng_query_token;

/* The tokens of SPARQL (borrowed) into *TOKS (malloc'd, owned by the
 * caller: free() it, also on failure) and *N.  NG_OK; NG_ERR_QUERY when
 * the text does not split into SPARQL tokens (*TOKS then holds the
 * tokens before the error; *LINE, which may be NULL, gets the line of
 * the error); NG_ERR_NOMEM; NG_ERR_LIMIT past a million tokens.  Nothing
 * is logged. */
ng_status ng_query_tokens(const char *sparql, ng_query_token **toks,
                          size_t *n, long *line);

/* The form of a SPARQL request: its first keyword after the prologue
 * (BASE, PREFIX), as the library's SPARQL lexer reads it (strings, IRIs
 * and comments are never taken for keywords; the same reading every
 * query path of the library makes). */
typedef enum ng_query_form {
  NG_QUERY_UNKNOWN = 0, /* none, or a word that starts no request */
  NG_QUERY_SELECT,
  NG_QUERY_ASK,
  NG_QUERY_CONSTRUCT,
  NG_QUERY_DESCRIBE,
  NG_QUERY_UPDATE /* INSERT, DELETE, LOAD, CLEAR, CREATE, DROP ... */
} ng_query_form;

/* The form of SPARQL (borrowed; nothing is kept or logged).  A text that
 * does not split into SPARQL tokens past its first keyword still has
 * that keyword's form. */
ng_query_form ng_query_form_of(const char *sparql);

/* ---- Limits, cancelling, and queries from several threads ----
 *
 * Threads.  A store handle, and the world it was opened with, are used
 * by one thread at a time: nothing of them may be shared.  To answer
 * queries in several threads at once, give each thread its own world
 * and its own read-only handle on the same store (NG_STORE_READONLY),
 * opened once and kept: each handle has its own librdf, rasqal and
 * raptor worlds and its own Berkeley DB handles and cache, so handles
 * share no state (librdf is not thread-safe within one world).  Make
 * and free the worlds and handles in one thread (the libraries' first
 * set-up is not thread-safe).  The one object meant to be shared
 * between threads is an ng_cancel.
 *
 * Only newsgraph's own evaluator looks at the time limit and at the
 * cancel flag (in its scans, joins and expression loops, a few thousand
 * steps apart); a query it leaves to rasqal (DESCRIBE, and the few
 * functions it refuses) cannot be stopped once started: set OURS_ONLY
 * to be told instead (NG_ERR_UNSUPPORTED), and run such a query where
 * it can be killed (a child process). */

/* A flag any thread may set to stop the queries that watch it. */
typedef struct ng_cancel ng_cancel;

/* A new flag, not set; NULL when out of memory.  Owned by the caller:
 * free with ng_cancel_free() once no query watches it. */
ng_cancel *ng_cancel_new(void);
/* Sets C (from any thread; async-signal-safe): the queries watching it
 * stop with NG_ERR_CANCELLED. */
void ng_cancel_set(ng_cancel *c);
/* Clears C, for the next query (from the thread that runs it, between
 * queries). */
void ng_cancel_clear(ng_cancel *c);
/* 1 when C is set (any thread). */
int ng_cancel_is_set(const ng_cancel *c);
void ng_cancel_free(ng_cancel *c);

/* The values (rows times variables, about 8 bytes each with the room to
 * grow) one query holds at once unless its limits say otherwise: past
 * it the query stops with NG_ERR_LIMIT (logged). */
#define NG_QUERY_MAX_VALUES (64u * 1024u * 1024u)

/* Limits of the queries run on one store handle. */
typedef struct ng_query_limits {
  double seconds;    /* wall-clock seconds from the start of each
                        query; past them it stops with NG_ERR_CANCELLED;
                        0 = no limit */
  size_t max_values; /* values held at once (see NG_QUERY_MAX_VALUES);
                        0 = NG_QUERY_MAX_VALUES */
  ng_cancel *cancel; /* borrowed; NULL = none: when set, the query stops
                        with NG_ERR_CANCELLED */
  int ours_only;     /* 1: a query newsgraph's evaluator leaves to rasqal
                        gives NG_ERR_UNSUPPORTED (nothing written,
                        nothing logged) instead */
} ng_query_limits;

/* Sets the limits of the queries run on S from now on (ng_store_query,
 * ng_store_query_each); LIMITS is copied (its CANCEL is borrowed until
 * the limits are set again or S is closed); NULL restores the defaults
 * (no time limit, NG_QUERY_MAX_VALUES, no flag, rasqal when needed).
 * A query that stops writes nothing more: what it wrote is a part. */
ng_status ng_store_set_query_limits(ng_store *s, const ng_query_limits *limits);

/* When S is a read-only store (hashes) and a writer has committed since
 * S was opened or last refreshed, reopens S on what was committed, so
 * that a handle kept open answers from the current data; else does
 * nothing.  Cheap (one small file read): call it before each query. */
ng_status ng_store_refresh(ng_store *s);

/* Makes the queries newsgraph's evaluator answers on S read an index of
 * the store's quads held in memory (term numbers sorted in the orders a
 * triple pattern needs) instead of librdf's files: the same answers,
 * several times faster.  For a read-only hashes store only (else this
 * does nothing): the index is built by this call (0.5-0.7 s for the
 * 180k quads of the Wikinews store), and again at the first query after
 * ng_store_refresh() moves S to new data (a query reads one version),
 * and shared by every handle of the process reading the same data (one
 * copy, whatever the number of threads; freed with the last of them).
 * It takes 28 bytes a quad plus the distinct terms (their text and ~90
 * bytes each): ~90 bytes a quad, 15 MiB for the Wikinews store.
 * MAX_BYTES caps it: past the cap, or out of memory, no index is kept
 * (logged as a warning) and the queries read librdf.  MAX_BYTES 0 turns
 * the index off (the default).  Not thread-safe for S (as every call on
 * a handle); the sharing is.  NG_ERR_ARG when S is NULL. */
ng_status ng_store_use_index(ng_store *s, size_t max_bytes);

/* A number that changes whenever the data S reads changes: for a
 * read-only hashes store, the committed generation it reads (see
 * ng_store_refresh); 0 when S cannot tell (sqlite, memory, Virtuoso, a
 * store open for writing), and then no answer from S may be kept for
 * later. */
unsigned long ng_store_version(const ng_store *s);

/* The text of the bundled query NAME ("who-did-what", "actors", ...)
 * from the data directory; *OUT is owned by the caller (free()).
 * NG_ERR_ARG when there is no such query. */
ng_status ng_bundled_query(ng_world *world, const char *name, char **out);

#ifdef __cplusplus
}
#endif

#endif /* NEWSGRAPH_STORE_H */
