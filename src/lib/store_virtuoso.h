/* store_virtuoso.h - a Virtuoso server as a store.  Included by
 * store_internal.h; not installed.
 *
 * store.c and query.c call the ng_virtuoso_* functions below for a store
 * of kind NG_STORE_VIRTUOSO, whose spec starts with "virtuoso:"; they
 * keep the contracts of the public functions they stand for.
 * store_virtuoso.c has the spec, isql-vt and loading (its top comment
 * describes the whole); store_virtuoso_sparql.c the SPARQL endpoint. */
#ifndef NG_STORE_VIRTUOSO_H
#define NG_STORE_VIRTUOSO_H

typedef struct v_load v_load; /* store_virtuoso.c */

struct ng_virtuoso {
  char host[48]; /* a numeric loopback address */
  int port;      /* SQL (isql-vt) */
  int http;      /* HTTP (the /sparql endpoint) */
  char *user;
  char *password; /* writable stores only; wiped at close */
  char *dir;      /* the load directory, or NULL */
  char *graphs;   /* the prefix of the graphs newsgraph owns */
  char *isql;
  int loaders;       /* bulk loaders run in parallel */
  int timeout;       /* seconds a query may wait */
  int set_semantics; /* match default-graph triples once (set=1) */
  int lock_fd;       /* writers: flock on DIR/newsgraph-virtuoso.lock */
  unsigned long seq; /* loads started by this store */
  v_load *pending;   /* ng_store_add_doc() articles not loaded yet */
};

/* Reads the options after "virtuoso:" (OPTIONS, borrowed) into S (made
 * by ng_store_open(): world, flags and spec set) and checks that the
 * server answers; a store open for writing also takes the load
 * directory's lock and checks the login.  On failure the caller closes
 * S. */
ng_status ng_virtuoso_open(ng_store *s, const char *options);

/* Loads what ng_virtuoso_add_doc() left pending and frees S->virt (not
 * S).  Errors are logged. */
void ng_virtuoso_close(ng_store *s);

ng_status ng_virtuoso_add_doc(ng_store *s, const ng_doc *doc);
ng_status ng_virtuoso_load_file(ng_store *s, const char *path,
                                const char *syntax, size_t *n_articles,
                                size_t *n_triples);

/* In store_virtuoso_sparql.c: */

/* Runs SPARQL on the server's endpoint and writes the results as
 * ng_store_query() does; a SELECT's rows go to EACH (borrowed) when it
 * is not NULL. */
ng_status ng_virtuoso_query(ng_store *s, const char *sparql,
                            ng_results_format format, FILE *fp,
                            const ng_row_handler *each);
/* The quads in the graphs under the store's graph prefix. */
ng_status ng_virtuoso_count(ng_store *s, long *n);
/* NG_OK when the endpoint answers a query; NG_ERR_STORE (logged, with how
 * to start the server) when it does not. */
ng_status ng_virtuoso_ping(ng_store *s);

/* Logs under the "store" stage, or "query" for NG_ERR_QUERY. */
void ng_virtuoso_log(ng_store *s, ng_log_level level, ng_status code,
                     const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

#endif /* NG_STORE_VIRTUOSO_H */
