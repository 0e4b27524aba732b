/* results.h - small pieces the viz, export and serve commands share: a
 * growable string, a string-to-index map, and the rows of a SPARQL
 * SELECT kept as a table (from ng_store_query_each, the public API). */
#ifndef NG_CLI_RESULTS_H
#define NG_CLI_RESULTS_H

#include <stddef.h>

#include <newsgraph/newsgraph.h>

/* A growable string.  After a failed allocation FAILED is set and every
 * later call does nothing; check it once at the end. */
typedef struct ng_cli_buf {
  char *s;
  size_t len, cap;
  int failed;
} ng_cli_buf;

void ng_cli_buf_add(ng_cli_buf *b, const char *s, size_t n);
void ng_cli_buf_adds(ng_cli_buf *b, const char *s);
void ng_cli_buf_addc(ng_cli_buf *b, char c);
void ng_cli_buf_printf(ng_cli_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void ng_cli_buf_free(ng_cli_buf *b);

/* A map from strings (copied) to indexes.  Zero-initialise it. */
typedef struct ng_cli_map {
  char **keys;
  size_t *vals;
  size_t cap, n;
} ng_cli_map;

/* 1 and *VAL when KEY is in the map, else 0.  VAL may be NULL. */
int ng_cli_map_get(const ng_cli_map *m, const char *key, size_t *val);
/* Sets KEY to VAL; 0, or -1 when out of memory. */
int ng_cli_map_put(ng_cli_map *m, const char *key, size_t val);
void ng_cli_map_free(ng_cli_map *m);

/* A copy of the N bytes at S with a NUL, or NULL when out of memory. */
char *ng_cli_strndup(const char *s, size_t n);

/* ------------------------------------------------------------------ */
/* SPARQL SELECT results as a table                                    */
/* ------------------------------------------------------------------ */

typedef enum ng_cli_cell_kind {
  NG_CELL_UNBOUND = 0,
  NG_CELL_IRI,
  NG_CELL_LITERAL,
  NG_CELL_BLANK
} ng_cli_cell_kind;

typedef struct ng_cli_cell {
  ng_cli_cell_kind kind;
  char *value; /* the IRI, the literal's lexical form or the blank label;
                  NULL when unbound */
} ng_cli_cell;

typedef struct ng_cli_table {
  size_t ncols, nrows;
  char **cols;        /* variable names, without '?' */
  ng_cli_cell *cells; /* nrows * ncols, row by row */
} ng_cli_table;

/* Runs the SELECT query SPARQL on STORE and reads its results into *OUT
 * (owned by the caller: ng_cli_table_free).  Errors are the store's
 * (reported to the world's log handler); NG_ERR_QUERY also when the
 * query is not a SELECT. */
ng_status ng_cli_select(ng_store *store, const char *sparql, ng_cli_table *out);

/* The index of column NAME, or -1. */
long ng_cli_table_col(const ng_cli_table *t, const char *name);
/* The value at ROW, COL (COL may be -1), or NULL when unbound. */
const char *ng_cli_table_str(const ng_cli_table *t, size_t row, long col);
void ng_cli_table_free(ng_cli_table *t);

/* ------------------------------------------------------------------ */
/* Writing SPARQL                                                      */
/* ------------------------------------------------------------------ */

/* Appends S as a SPARQL string literal ("..." with every character that
 * could end it escaped). */
void ng_cli_sparql_string(ng_cli_buf *b, const char *s);
/* 1 when S is an absolute IRI that can be written <S> in SPARQL with no
 * escaping (scheme ':' then no space, control or <>"{}|^`\ ). */
int ng_cli_is_plain_iri(const char *s);

#endif /* NG_CLI_RESULTS_H */
