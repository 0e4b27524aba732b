/* results.c - a growable string, a string map, and the rows of a SPARQL
 * SELECT (ng_store_query_each, the public API) kept as a table. */
#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "results.h"

/* ------------------------------------------------------------------ */
/* Strings                                                             */
/* ------------------------------------------------------------------ */

static int buf_reserve(ng_cli_buf *b, size_t more) {
  if (b->failed)
    return -1;
  if (more > SIZE_MAX / 2 - b->len) {
    b->failed = 1;
    return -1;
  }
  if (b->len + more + 1 <= b->cap)
    return 0;
  size_t cap = b->cap ? b->cap : 256;
  while (cap < b->len + more + 1)
    cap *= 2;
  char *p = realloc(b->s, cap);
  if (!p) {
    b->failed = 1;
    return -1;
  }
  b->s = p;
  b->cap = cap;
  return 0;
}

void ng_cli_buf_add(ng_cli_buf *b, const char *s, size_t n) {
  if (buf_reserve(b, n))
    return;
  if (n)
    memcpy(b->s + b->len, s, n);
  b->len += n;
  b->s[b->len] = '\0';
}

void ng_cli_buf_adds(ng_cli_buf *b, const char *s) {
  ng_cli_buf_add(b, s, strlen(s));
}

void ng_cli_buf_addc(ng_cli_buf *b, char c) { ng_cli_buf_add(b, &c, 1); }

void ng_cli_buf_printf(ng_cli_buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0) {
    b->failed = 1;
    return;
  }
  if (buf_reserve(b, (size_t)n))
    return;
  va_start(ap, fmt);
  vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
}

void ng_cli_buf_free(ng_cli_buf *b) {
  if (!b)
    return;
  free(b->s);
  memset(b, 0, sizeof *b);
}

char *ng_cli_strndup(const char *s, size_t n) {
  char *p = malloc(n + 1);
  if (!p)
    return NULL;
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

/* ------------------------------------------------------------------ */
/* Map (open addressing, FNV-1a)                                       */
/* ------------------------------------------------------------------ */

static size_t hash_str(const char *s) {
  uint64_t h = 1469598103934665603ull;
  for (; *s; s++) {
    h ^= (unsigned char)*s;
    h *= 1099511628211ull;
  }
  return (size_t)h;
}

static size_t map_slot(const ng_cli_map *m, const char *key) {
  size_t i = hash_str(key) & (m->cap - 1);
  while (m->keys[i] && strcmp(m->keys[i], key))
    i = (i + 1) & (m->cap - 1);
  return i;
}

int ng_cli_map_get(const ng_cli_map *m, const char *key, size_t *val) {
  if (!m->cap || !key)
    return 0;
  size_t i = map_slot(m, key);
  if (!m->keys[i])
    return 0;
  if (val)
    *val = m->vals[i];
  return 1;
}

static int map_grow(ng_cli_map *m) {
  size_t cap = m->cap ? m->cap * 2 : 64;
  ng_cli_map nm = {calloc(cap, sizeof(char *)), calloc(cap, sizeof(size_t)),
                   cap, 0};
  if (!nm.keys || !nm.vals) {
    free(nm.keys);
    free(nm.vals);
    return -1;
  }
  for (size_t i = 0; i < m->cap; i++) {
    if (!m->keys[i])
      continue;
    size_t j = map_slot(&nm, m->keys[i]);
    nm.keys[j] = m->keys[i];
    nm.vals[j] = m->vals[i];
    nm.n++;
  }
  free(m->keys);
  free(m->vals);
  *m = nm;
  return 0;
}

int ng_cli_map_put(ng_cli_map *m, const char *key, size_t val) {
  if ((m->n + 1) * 2 > m->cap && map_grow(m))
    return -1;
  size_t i = map_slot(m, key);
  if (!m->keys[i]) {
    if (!(m->keys[i] = ng_cli_strndup(key, strlen(key))))
      return -1;
    m->n++;
  }
  m->vals[i] = val;
  return 0;
}

void ng_cli_map_free(ng_cli_map *m) {
  if (!m)
    return;
  for (size_t i = 0; i < m->cap; i++)
    free(m->keys[i]);
  free(m->keys);
  free(m->vals);
  memset(m, 0, sizeof *m);
}

/* ------------------------------------------------------------------ */
/* SELECT results as a table (rows from ng_store_query_each)          */
/* ------------------------------------------------------------------ */

void ng_cli_table_free(ng_cli_table *t) {
  if (!t)
    return;
  for (size_t i = 0; i < t->ncols; i++)
    free(t->cols[i]);
  for (size_t i = 0; i < t->nrows * t->ncols; i++)
    free(t->cells[i].value);
  free(t->cols);
  free(t->cells);
  memset(t, 0, sizeof *t);
}

typedef struct table_fill {
  ng_cli_table *t;
  size_t cap; /* rows room was made for */
} table_fill;

static ng_status table_head(void *user, const char *const *names, size_t n) {
  ng_cli_table *t = ((table_fill *)user)->t;
  t->cols = calloc(n ? n : 1, sizeof *t->cols);
  if (!t->cols)
    return NG_ERR_NOMEM;
  for (size_t i = 0; i < n; i++) {
    if (!(t->cols[i] = ng_cli_strndup(names[i], strlen(names[i]))))
      return NG_ERR_NOMEM;
    t->ncols++;
  }
  return NG_OK;
}

static ng_status table_row(void *user, const ng_term *const *values) {
  table_fill *f = user;
  ng_cli_table *t = f->t;
  size_t nc = t->ncols;
  if (t->nrows == f->cap) {
    size_t cap = f->cap ? f->cap * 2 : 64;
    ng_cli_cell *c = realloc(t->cells, cap * (nc ? nc : 1) * sizeof *c);
    if (!c)
      return NG_ERR_NOMEM;
    t->cells = c;
    f->cap = cap;
  }
  ng_cli_cell *row = t->cells + t->nrows * nc;
  memset(row, 0, nc * sizeof *row);
  t->nrows++;
  for (size_t i = 0; i < nc; i++) {
    const ng_term *v = values[i];
    if (!v)
      continue;
    row[i].kind = v->kind == NG_TERM_IRI     ? NG_CELL_IRI
                  : v->kind == NG_TERM_BLANK ? NG_CELL_BLANK
                                             : NG_CELL_LITERAL;
    if (!(row[i].value = ng_cli_strndup(v->value, v->len)))
      return NG_ERR_NOMEM;
  }
  return NG_OK;
}

ng_status ng_cli_select(ng_store *store, const char *sparql,
                        ng_cli_table *out) {
  memset(out, 0, sizeof *out);
  table_fill f = {out, 0};
  ng_row_handler h = {&f, table_head, table_row};
  ng_status st = ng_store_query_each(store, sparql, &h);
  if (st)
    ng_cli_table_free(out);
  return st;
}
long ng_cli_table_col(const ng_cli_table *t, const char *name) {
  for (size_t i = 0; i < t->ncols; i++)
    if (!strcmp(t->cols[i], name))
      return (long)i;
  return -1;
}

const char *ng_cli_table_str(const ng_cli_table *t, size_t row, long col) {
  if (col < 0 || (size_t)col >= t->ncols || row >= t->nrows)
    return NULL;
  return t->cells[row * t->ncols + (size_t)col].value;
}

/* ------------------------------------------------------------------ */
/* Writing SPARQL                                                      */
/* ------------------------------------------------------------------ */

void ng_cli_sparql_string(ng_cli_buf *b, const char *s) {
  ng_cli_buf_addc(b, '"');
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    switch (c) {
    case '"':
      ng_cli_buf_adds(b, "\\\"");
      break;
    case '\\':
      ng_cli_buf_adds(b, "\\\\");
      break;
    case '\n':
      ng_cli_buf_adds(b, "\\n");
      break;
    case '\r':
      ng_cli_buf_adds(b, "\\r");
      break;
    case '\t':
      ng_cli_buf_adds(b, "\\t");
      break;
    default:
      if (c < 0x20 || c == 0x7f)
        ng_cli_buf_printf(b, "\\u%04X", c);
      else
        ng_cli_buf_addc(b, (char)c);
      break;
    }
  }
  ng_cli_buf_addc(b, '"');
}

int ng_cli_is_plain_iri(const char *s) {
  size_t k = 0;
  if (!s || !isalpha((unsigned char)s[0]))
    return 0;
  while (s[k] && (isalnum((unsigned char)s[k]) || strchr("+-.", s[k])))
    k++;
  if (s[k] != ':' || !s[k + 1])
    return 0;
  for (const char *p = s; *p; p++) {
    unsigned char c = (unsigned char)*p;
    if (c <= 0x20 || c == 0x7f || strchr("<>\"{}|^`\\", c))
      return 0;
  }
  return 1;
}
