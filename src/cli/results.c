/* results.c - a growable string, a string map, and SPARQL results read
 * back from ng_store_query's TSV output into a table.
 *
 * The CLI sees the store only through the public API, which writes
 * results to a FILE*; TSV is the one results format whose every cell is
 * an N-Triples term, so a short, exact reader gets the terms back. */
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
/* TSV results                                                         */
/* ------------------------------------------------------------------ */

static int hexval(int c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static void add_utf8(ng_cli_buf *b, unsigned long cp) {
  char u[4];
  size_t n;
  if (cp < 0x80) {
    u[0] = (char)cp;
    n = 1;
  } else if (cp < 0x800) {
    u[0] = (char)(0xc0 | (cp >> 6));
    u[1] = (char)(0x80 | (cp & 0x3f));
    n = 2;
  } else if (cp < 0x10000) {
    u[0] = (char)(0xe0 | (cp >> 12));
    u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
    u[2] = (char)(0x80 | (cp & 0x3f));
    n = 3;
  } else {
    u[0] = (char)(0xf0 | (cp >> 18));
    u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
    u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
    u[3] = (char)(0x80 | (cp & 0x3f));
    n = 4;
  }
  ng_cli_buf_add(b, u, n);
}

/* Reads the escaped text of [P, END) up to the byte STOP (not escaped)
 * into B; returns the position of STOP, or NULL when it is missing or an
 * escape is malformed. */
static const char *unescape(const char *p, const char *end, char stop,
                            ng_cli_buf *b) {
  while (p < end && *p != stop) {
    if (*p != '\\') {
      ng_cli_buf_addc(b, *p++);
      continue;
    }
    if (p + 1 >= end)
      return NULL;
    char c = p[1];
    p += 2;
    switch (c) {
    case 't':
      ng_cli_buf_addc(b, '\t');
      break;
    case 'n':
      ng_cli_buf_addc(b, '\n');
      break;
    case 'r':
      ng_cli_buf_addc(b, '\r');
      break;
    case 'b':
      ng_cli_buf_addc(b, '\b');
      break;
    case 'f':
      ng_cli_buf_addc(b, '\f');
      break;
    case '"':
      ng_cli_buf_addc(b, '"');
      break;
    case '\'':
      ng_cli_buf_addc(b, '\'');
      break;
    case '\\':
      ng_cli_buf_addc(b, '\\');
      break;
    case 'u':
    case 'U': {
      int k = c == 'u' ? 4 : 8;
      unsigned long cp = 0;
      if (end - p < k)
        return NULL;
      for (int j = 0; j < k; j++) {
        int h = hexval((unsigned char)p[j]);
        if (h < 0)
          return NULL;
        cp = cp * 16 + (unsigned long)h;
      }
      if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        return NULL;
      add_utf8(b, cp);
      p += k;
      break;
    }
    default:
      return NULL;
    }
  }
  return p < end ? p : NULL;
}

/* One cell: an N-Triples term or nothing (unbound). */
static int parse_cell(const char *p, const char *end, ng_cli_cell *cell) {
  ng_cli_buf b = {NULL, 0, 0, 0};
  memset(cell, 0, sizeof *cell);
  if (p == end)
    return 0;
  if (*p == '<') {
    const char *q = unescape(p + 1, end, '>', &b);
    if (!q || q + 1 != end)
      goto bad;
    cell->kind = NG_CELL_IRI;
  } else if (*p == '"') {
    const char *q = unescape(p + 1, end, '"', &b);
    if (!q)
      goto bad;
    /* @lang or ^^<datatype> may follow; the lexical form is the value */
    q++;
    if (q < end && *q != '@' && !(end - q > 3 && q[0] == '^' && q[1] == '^'))
      goto bad;
    cell->kind = NG_CELL_LITERAL;
  } else if (end - p > 2 && p[0] == '_' && p[1] == ':') {
    ng_cli_buf_add(&b, p + 2, (size_t)(end - p - 2));
    cell->kind = NG_CELL_BLANK;
  } else {
    /* a bare number or boolean (allowed by the TSV format) */
    ng_cli_buf_add(&b, p, (size_t)(end - p));
    cell->kind = NG_CELL_LITERAL;
  }
  if (!b.s)
    ng_cli_buf_add(&b, "", 0);
  if (b.failed)
    goto bad;
  cell->value = b.s;
  return 0;
bad:
  ng_cli_buf_free(&b);
  cell->kind = NG_CELL_UNBOUND;
  return -1;
}

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

ng_status ng_cli_table_parse_tsv(const char *text, size_t len,
                                 ng_cli_table *out) {
  memset(out, 0, sizeof *out);
  const char *p = text, *end = text + len;
  const char *eol = memchr(p, '\n', len);
  if (!eol)
    return len ? NG_ERR_QUERY : NG_OK;
  /* the header: ?a<TAB>?b */
  size_t ncols = 1;
  for (const char *q = p; q < eol; q++)
    ncols += *q == '\t';
  if (eol == p)
    ncols = 0;
  out->cols = calloc(ncols ? ncols : 1, sizeof *out->cols);
  if (!out->cols)
    return NG_ERR_NOMEM;
  for (size_t i = 0; i < ncols; i++) {
    const char *tab = memchr(p, '\t', (size_t)(eol - p));
    const char *e = tab ? tab : eol;
    const char *name = p < e && (*p == '?' || *p == '$') ? p + 1 : p;
    out->cols[i] = ng_cli_strndup(name, (size_t)(e - name));
    if (!out->cols[i]) {
      ng_cli_table_free(out);
      return NG_ERR_NOMEM;
    }
    out->ncols++;
    p = e + 1;
  }
  p = eol + 1;
  size_t cap = 0;
  while (p < end) {
    eol = memchr(p, '\n', (size_t)(end - p));
    const char *le = eol ? eol : end;
    if (le > p && le[-1] == '\r')
      le--;
    if (out->nrows == cap) {
      size_t nc = cap ? cap * 2 : 64;
      ng_cli_cell *c =
          realloc(out->cells, nc * (ncols ? ncols : 1) * sizeof *c);
      if (!c) {
        ng_cli_table_free(out);
        return NG_ERR_NOMEM;
      }
      out->cells = c;
      cap = nc;
    }
    ng_cli_cell *row = out->cells + out->nrows * ncols;
    memset(row, 0, ncols * sizeof *row);
    out->nrows++;
    const char *q = p;
    for (size_t i = 0; i < ncols; i++) {
      const char *tab = q <= le ? memchr(q, '\t', (size_t)(le - q)) : NULL;
      const char *e = tab ? tab : le;
      if (q > le || parse_cell(q, e, &row[i])) {
        ng_cli_table_free(out);
        return NG_ERR_QUERY;
      }
      q = e + 1;
    }
    p = eol ? eol + 1 : end;
  }
  return NG_OK;
}

ng_status ng_cli_select(ng_store *store, const char *sparql,
                        ng_cli_table *out) {
  char *text = NULL;
  size_t len = 0;
  memset(out, 0, sizeof *out);
  FILE *mem = open_memstream(&text, &len);
  if (!mem)
    return NG_ERR_NOMEM;
  ng_status st = ng_store_query(store, sparql, NG_RESULTS_TSV, mem);
  if (fclose(mem) && !st)
    st = NG_ERR_NOMEM;
  if (!st)
    st = ng_cli_table_parse_tsv(text ? text : "", len, out);
  free(text);
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
