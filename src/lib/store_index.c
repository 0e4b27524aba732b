/* store_index.c - the in-memory index of a store's quads (store_index.h). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "store_index.h"

enum { ORD_SPOG = 0, ORD_POSG, ORD_OSPG, ORD_GSPO, NORDERS };

/* the columns of each order, first key first */
static const int order_cols[NORDERS][4] = {
    {0, 1, 2, 3}, {1, 2, 0, 3}, {2, 0, 1, 3}, {3, 0, 1, 2}};

#define MAX_QUADS 0x7fffffffu

struct ng_sindex {
  unsigned refs;     /* under registry_lock */
  char *key;         /* shared: the generation's directory; else NULL */
  struct ng_sindex *next_shared;
  ng_arena arena;    /* term keys */
  ng_map map;        /* key -> term number */
  ng_vec terms;      /* ng_sindex_term; [0] unused */
  uint32_t (*q)[4];  /* the quads, SPOG order */
  size_t nq;
  uint32_t *perm[NORDERS]; /* [1..3]: quad numbers in that order */
  uint32_t *start[NORDERS]; /* per order, per term number T (and one
                               past the last): where the quads whose
                               first key is T begin */
  ng_vec graphs;     /* uint32_t */
  size_t bytes;
};

static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static ng_sindex *registry; /* the shared indexes */

/* ---- building ---- */

typedef struct builder {
  ng_sindex *x;
  ng_buf key;
  size_t max_bytes;
  size_t qcap;
} builder;

ng_status ng_sindex_term_key(ng_buf *k, int kind, const char *lex,
                            size_t len, const char *lang, const char *dt) {
  ng_buf_reset(k);
  ng_status st = ng_buf_addc(k, (char)('0' + kind));
  if (!st)
    st = ng_buf_add(k, lex, len);
  if (!st)
    st = ng_buf_addc(k, '\0');
  if (!st && lang)
    st = ng_buf_adds(k, lang);
  if (!st)
    st = ng_buf_addc(k, '\0');
  if (!st && dt && !lang)
    st = ng_buf_adds(k, dt);
  return st;
}

static size_t map_bytes(const ng_map *m) { return m->cap * sizeof *m->slots; }

static ng_status over_budget(builder *b) {
  ng_sindex *x = b->x;
  size_t bytes = b->qcap * NG_SINDEX_BYTES_PER_QUAD +
                 x->terms.n * (sizeof(ng_sindex_term) + NORDERS * 4) +
                 map_bytes(&x->map) + x->arena.used_total;
  x->bytes = bytes;
  return b->max_bytes && bytes > b->max_bytes ? NG_ERR_LIMIT : NG_OK;
}

/* The number of node N (0: out of memory or a node of no known kind). */
static uint32_t intern_node(builder *b, librdf_node *n, ng_status *st) {
  ng_sindex *x = b->x;
  int kind;
  const char *lex, *lang = NULL, *dt = NULL;
  size_t len = 0;
  switch (librdf_node_get_type(n)) {
  case LIBRDF_NODE_TYPE_RESOURCE:
    kind = 1;
    lex = (const char *)librdf_uri_as_counted_string(librdf_node_get_uri(n),
                                                     &len);
    break;
  case LIBRDF_NODE_TYPE_BLANK:
    kind = 2;
    lex = (const char *)librdf_node_get_counted_blank_identifier(n, &len);
    break;
  case LIBRDF_NODE_TYPE_LITERAL: {
    kind = 3;
    lex = (const char *)librdf_node_get_literal_value_as_counted_string(n,
                                                                        &len);
    lang = librdf_node_get_literal_value_language(n);
    librdf_uri *u = librdf_node_get_literal_value_datatype_uri(n);
    dt = u ? (const char *)librdf_uri_as_string(u) : NULL;
    break;
  }
  case LIBRDF_NODE_TYPE_UNKNOWN:
  default:
    *st = NG_ERR_STORE;
    return 0;
  }
  if (!lex) {
    lex = "";
    len = 0;
  }
  if (lang && !*lang)
    lang = NULL;
  if ((*st = ng_sindex_term_key(&b->key, kind, lex, len, lang, dt)))
    return 0;
  ng_map_entry *e = ng_map_slot(&x->map, &x->arena, b->key.s, b->key.len);
  if (!e) {
    *st = NG_ERR_NOMEM;
    return 0;
  }
  if (e->value)
    return (uint32_t)(uintptr_t)e->value;
  if (x->terms.n >= MAX_QUADS) {
    *st = NG_ERR_LIMIT;
    return 0;
  }
  ng_sindex_term *t = ng_vec_push(&x->terms, sizeof *t, MAX_QUADS);
  if (!t) {
    *st = NG_ERR_NOMEM;
    return 0;
  }
  /* the text, language and datatype point into the key's copy (which
   * ng_map_slot ends with a NUL) */
  const char *k = e->key;
  t->key = k;
  t->key_len = e->key_len;
  t->hash = e->hash;
  t->kind = (uint8_t)kind;
  t->len = (uint32_t)len;
  t->lex = k + 1;
  const char *l = k + 1 + len + 1;
  t->lang = lang ? l : NULL;
  const char *d = l + strlen(l) + 1;
  t->dt = dt && !lang ? d : NULL;
  uint32_t id = (uint32_t)(x->terms.n - 1);
  e->value = (void *)(uintptr_t)id;
  return id;
}

static ng_status add_quad(builder *b, librdf_statement *s, librdf_node *g) {
  ng_sindex *x = b->x;
  librdf_node *n[3] = {librdf_statement_get_subject(s),
                       librdf_statement_get_predicate(s),
                       librdf_statement_get_object(s)};
  uint32_t v[4] = {0, 0, 0, 0};
  ng_status st = NG_OK;
  for (int k = 0; k < 3; k++) {
    if (!n[k])
      return NG_ERR_STORE;
    if (!(v[k] = intern_node(b, n[k], &st)))
      return st;
  }
  if (g && !(v[3] = intern_node(b, g, &st)))
    return st;
  if (x->nq == b->qcap) {
    if (b->qcap >= MAX_QUADS)
      return NG_ERR_LIMIT;
    size_t cap = b->qcap ? b->qcap * 2 : 1024;
    if (cap > MAX_QUADS)
      cap = MAX_QUADS;
    uint32_t(*q)[4] = realloc(x->q, cap * sizeof *q);
    if (!q)
      return NG_ERR_NOMEM;
    x->q = q;
    b->qcap = cap;
  }
  memcpy(x->q[x->nq++], v, sizeof v);
  if ((x->nq & 1023) == 0 || x->nq == b->qcap)
    return over_budget(b);
  return NG_OK;
}

/* every statement of stream S into B, each in graph G (NULL: the
 * stream's own context, the memory store's statement list) */
static ng_status read_stream(builder *b, librdf_stream *s, librdf_node *g,
                             int own_context) {
  ng_status st = NG_OK;
  if (!s)
    return NG_ERR_STORE;
  for (; !st && !librdf_stream_end(s); librdf_stream_next(s)) {
    librdf_statement *x = librdf_stream_get_object(s);
    if (!x) {
      st = NG_ERR_STORE;
      break;
    }
    st = add_quad(b, x, own_context ? librdf_stream_get_context2(s) : g);
  }
  librdf_free_stream(s);
  return st;
}

static int cmp_key5(const void *a, const void *b) {
  const uint32_t *x = a, *y = b;
  for (int k = 0; k < 4; k++)
    if (x[k] != y[k])
      return x[k] < y[k] ? -1 : 1;
  return 0;
}

static int cmp_quad(const void *a, const void *b) { return cmp_key5(a, b); }

/* sorts the quads (SPOG) and makes the other orders */
static ng_status sort_quads(ng_sindex *x) {
  if (!x->nq)
    return NG_OK;
  qsort(x->q, x->nq, sizeof *x->q, cmp_quad);
  uint32_t(*tmp)[5] = malloc(x->nq * sizeof *tmp);
  if (!tmp)
    return NG_ERR_NOMEM;
  for (int o = 1; o < NORDERS; o++) {
    x->perm[o] = malloc(x->nq * sizeof *x->perm[o]);
    if (!x->perm[o]) {
      free(tmp);
      return NG_ERR_NOMEM;
    }
    for (size_t i = 0; i < x->nq; i++) {
      for (int k = 0; k < 4; k++)
        tmp[i][k] = x->q[i][order_cols[o][k]];
      tmp[i][4] = (uint32_t)i;
    }
    qsort(tmp, x->nq, sizeof *tmp, cmp_key5);
    for (size_t i = 0; i < x->nq; i++)
      x->perm[o][i] = tmp[i][4];
  }
  free(tmp);
  return NG_OK;
}

/* the start of each first key in each order */
static ng_status make_starts(ng_sindex *x) {
  size_t nt = x->terms.n; /* term numbers 0 .. nt - 1 */
  for (int o = 0; o < NORDERS; o++) {
    uint32_t *st = malloc((nt + 1) * sizeof *st);
    if (!st)
      return NG_ERR_NOMEM;
    size_t i = 0;
    for (size_t t = 0; t <= nt; t++) {
      while (i < x->nq && (o == ORD_SPOG ? x->q[i] : x->q[x->perm[o][i]])
                                  [order_cols[o][0]] < t)
        i++;
      st[t] = (uint32_t)i;
    }
    x->start[o] = st;
  }
  return NG_OK;
}

static void sindex_free(ng_sindex *x) {
  if (!x)
    return;
  ng_map_free(&x->map);
  ng_arena_free(&x->arena);
  ng_vec_free(&x->terms);
  ng_vec_free(&x->graphs);
  free(x->q);
  for (int o = 0; o < NORDERS; o++) {
    free(x->perm[o]);
    free(x->start[o]);
  }
  free(x->key);
  free(x);
}

ng_sindex *ng_sindex_build(librdf_world *rdf, librdf_model *model,
                           ng_store_kind kind, size_t max_bytes,
                           ng_status *st) {
  ng_status dummy;
  if (!st)
    st = &dummy;
  *st = NG_OK;
  if (!rdf || !model ||
      (kind != NG_STORE_HASHES && kind != NG_STORE_MEMORY)) {
    *st = NG_ERR_ARG;
    return NULL;
  }
  ng_sindex *x = calloc(1, sizeof *x);
  if (!x) {
    *st = NG_ERR_NOMEM;
    return NULL;
  }
  x->refs = 1;
  ng_arena_init(&x->arena, 0);
  ng_map_init(&x->map);
  builder b;
  memset(&b, 0, sizeof b);
  b.x = x;
  b.max_bytes = max_bytes;
  ng_buf_init(&b.key, 0);
  if (!ng_vec_push(&x->terms, sizeof(ng_sindex_term), MAX_QUADS))
    *st = NG_ERR_NOMEM;
  /* the graphs, in librdf's order */
  librdf_iterator *it = *st ? NULL : librdf_model_get_contexts(model);
  if (!*st && !it)
    *st = NG_ERR_STORE;
  for (; !*st && it && !librdf_iterator_end(it); librdf_iterator_next(it)) {
    librdf_node *g = librdf_iterator_get_object(it);
    uint32_t id = g ? intern_node(&b, g, st) : 0;
    if (!id)
      break;
    uint32_t *slot = ng_vec_push(&x->graphs, sizeof *slot, MAX_QUADS);
    if (!slot)
      *st = NG_ERR_NOMEM;
    else
      *slot = id;
    /* a hashes store: the graph's statements, decoded as a lookup in
     * the graph decodes them */
    if (!*st && kind == NG_STORE_HASHES)
      *st = read_stream(&b, librdf_model_context_as_stream(model, g), g, 0);
  }
  if (it)
    librdf_free_iterator(it);
  if (!*st && kind == NG_STORE_MEMORY) {
    /* the statement list, as added, each with its graph */
    librdf_statement *all = librdf_new_statement(rdf);
    if (!all)
      *st = NG_ERR_NOMEM;
    else
      *st = read_stream(&b, librdf_model_find_statements(model, all), NULL,
                        1);
    if (all)
      librdf_free_statement(all);
  }
  if (!*st)
    *st = sort_quads(x);
  if (!*st)
    *st = make_starts(x);
  if (!*st) {
    /* what it keeps: the quad array cut to size */
    if (x->nq && x->nq < b.qcap) {
      uint32_t(*q)[4] = realloc(x->q, x->nq * sizeof *q);
      if (q)
        x->q = q;
    }
    b.qcap = x->nq;
    *st = over_budget(&b);
  }
  ng_buf_free(&b.key);
  if (*st) {
    sindex_free(x);
    return NULL;
  }
  return x;
}

ng_sindex *ng_sindex_shared(ng_store *s, size_t max_bytes, ng_status *st) {
  ng_status dummy;
  if (!st)
    st = &dummy;
  if (!s || s->kind != NG_STORE_HASHES || !s->gen_dir) {
    *st = NG_ERR_ARG;
    return NULL;
  }
  pthread_mutex_lock(&registry_lock);
  ng_sindex *x = registry;
  while (x && strcmp(x->key, s->gen_dir))
    x = x->next_shared;
  if (x) {
    x->refs++;
    *st = NG_OK;
  } else if ((x = ng_sindex_build(s->rdf, s->model, s->kind, max_bytes,
                                  st))) {
    if (!(x->key = strdup(s->gen_dir))) {
      sindex_free(x);
      x = NULL;
      *st = NG_ERR_NOMEM;
    } else {
      x->next_shared = registry;
      registry = x;
    }
  }
  pthread_mutex_unlock(&registry_lock);
  return x;
}

ng_sindex *ng_sindex_ref(ng_sindex *x) {
  if (x) {
    pthread_mutex_lock(&registry_lock);
    x->refs++;
    pthread_mutex_unlock(&registry_lock);
  }
  return x;
}

void ng_sindex_release(ng_sindex *x) {
  if (!x)
    return;
  pthread_mutex_lock(&registry_lock);
  int last = --x->refs == 0;
  if (last && x->key) {
    ng_sindex **p = &registry;
    while (*p && *p != x)
      p = &(*p)->next_shared;
    if (*p)
      *p = x->next_shared;
  }
  pthread_mutex_unlock(&registry_lock);
  if (last)
    sindex_free(x);
}

size_t ng_sindex_quads(const ng_sindex *x) { return x ? x->nq : 0; }
size_t ng_sindex_terms(const ng_sindex *x) {
  return x && x->terms.n ? x->terms.n - 1 : 0;
}
size_t ng_sindex_bytes(const ng_sindex *x) { return x ? x->bytes : 0; }

/* ---- reading ---- */

uint32_t ng_sindex_find(const ng_sindex *x, int kind, const char *lex,
                        size_t len, const char *lang, const char *dt) {
  if (!x || !lex)
    return 0;
  if (lang && !*lang)
    lang = NULL;
  char small[512];
  size_t need = 3 + len + (lang ? strlen(lang) : 0) +
                (dt && !lang ? strlen(dt) : 0);
  char *k = need <= sizeof small ? small : malloc(need);
  if (!k)
    return 0; /* not found: the caller reads it as no match */
  size_t n = 0;
  k[n++] = (char)('0' + kind);
  memcpy(k + n, lex, len);
  n += len;
  k[n++] = '\0';
  if (lang) {
    memcpy(k + n, lang, strlen(lang));
    n += strlen(lang);
  }
  k[n++] = '\0';
  if (dt && !lang) {
    memcpy(k + n, dt, strlen(dt));
    n += strlen(dt);
  }
  void *v = ng_map_get(&x->map, k, n);
  if (k != small)
    free(k);
  return (uint32_t)(uintptr_t)v;
}

const ng_sindex_term *ng_sindex_term_at(const ng_sindex *x, uint32_t id) {
  if (!x || !id || id >= x->terms.n)
    return NULL;
  return &NG_VEC_AT(&x->terms, ng_sindex_term, id);
}

const uint32_t *ng_sindex_graphs(const ng_sindex *x, size_t *n) {
  *n = x ? x->graphs.n : 0;
  return x ? (const uint32_t *)x->graphs.items : NULL;
}

static inline const uint32_t *quad_at(const ng_sindex *x, int o, size_t i) {
  return o == ORD_SPOG ? x->q[i] : x->q[x->perm[o][i]];
}

/* the first position of order O whose first NK keys are >= KEY (or >
 * KEY when AFTER) */
static size_t bound(const ng_sindex *x, int o, const uint32_t *key, int nk,
                    int after, size_t lo, size_t hi) {
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    const uint32_t *q = quad_at(x, o, mid);
    int c = 0;
    for (int k = 0; k < nk && !c; k++) {
      uint32_t v = q[order_cols[o][k]];
      c = v < key[k] ? -1 : v > key[k];
    }
    if (c < 0 || (after && c == 0))
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

/* the order for the parts of WANT given (G looked at when USE_G) and
 * its range */
static void range(const ng_sindex *x, const uint32_t want[4], int use_g,
                  int *order, size_t *lo, size_t *hi) {
  int s = want[0] != 0, p = want[1] != 0, o = want[2] != 0;
  int g = use_g && want[3] != 0;
  int ord;
  if (s)
    ord = o && !p ? ORD_OSPG : ORD_SPOG;
  else if (p)
    ord = ORD_POSG;
  else if (o)
    ord = ORD_OSPG;
  else
    ord = g ? ORD_GSPO : ORD_SPOG;
  uint32_t key[4];
  int nk = 0;
  while (nk < 4) {
    int col = order_cols[ord][nk];
    if (!want[col] || (col == 3 && !use_g))
      break;
    key[nk] = want[col];
    nk++;
  }
  *order = ord;
  if (!nk || !x->nq) {
    *lo = 0;
    *hi = x->nq;
    return;
  }
  if (key[0] >= x->terms.n) {
    *lo = *hi = 0;
    return;
  }
  /* the first key's quads, then the others by binary search there */
  *lo = x->start[ord][key[0]];
  *hi = x->start[ord][key[0] + 1];
  if (nk > 1 && *lo < *hi) {
    size_t l = bound(x, ord, key, nk, 0, *lo, *hi);
    *hi = bound(x, ord, key, nk, 1, l, *hi);
    *lo = l;
  }
}

void ng_sindex_scan_init(const ng_sindex *x, const uint32_t want[4],
                         ng_sindex_scan *sc) {
  memset(sc, 0, sizeof *sc);
  sc->x = x;
  memcpy(sc->want, want, sizeof sc->want);
  if (x)
    range(x, want, 1, &sc->order, &sc->i, &sc->end);
}

const uint32_t *ng_sindex_next(ng_sindex_scan *sc) {
  while (sc->i < sc->end) {
    const uint32_t *q = quad_at(sc->x, sc->order, sc->i++);
    if ((!sc->want[0] || q[0] == sc->want[0]) &&
        (!sc->want[1] || q[1] == sc->want[1]) &&
        (!sc->want[2] || q[2] == sc->want[2]) &&
        (!sc->want[3] || q[3] == sc->want[3]))
      return q;
  }
  return NULL;
}

size_t ng_sindex_count(const ng_sindex *x, const uint32_t want[4]) {
  if (!x)
    return 0;
  int order;
  size_t lo, hi;
  range(x, want, 0, &order, &lo, &hi);
  return hi - lo;
}

/* ---- the store's side ---- */

/* S's shared index for its generation, built when no handle has it
 * (once per generation: a build that failed is not tried again) */
static void ensure_index(ng_store *s) {
  if (s->index || s->index_failed == s->gen + 1)
    return;
  ng_status st = NG_OK;
  double t0 = ng_store_seconds();
  s->index = ng_sindex_shared(s, s->index_max, &st);
  if (s->index) {
    ng_log(s->world, NG_LOG_INFO, NG_OK, "query", 0, 0,
           "the store's index: %zu quads, %zu terms, %.1f MiB (%.0f bytes "
           "a quad), ready in %.2f s",
           s->index->nq, ng_sindex_terms(s->index),
           (double)s->index->bytes / (1 << 20),
           s->index->nq ? (double)s->index->bytes / (double)s->index->nq
                        : 0.0,
           ng_store_seconds() - t0);
    return;
  }
  s->index_failed = s->gen + 1; /* not again for this generation */
  ng_log(s->world, NG_LOG_WARN, st, "query", 0, 0,
         st == NG_ERR_LIMIT
             ? "the store's index would take more than %zu MiB: queries "
               "read the store's files"
             : "cannot build the store's index (%zu MiB at most): queries "
               "read the store's files",
         s->index_max >> 20);
}

/* a read-only hashes handle on one committed generation */
static int fixed_data(const ng_store *s) {
  return s->kind == NG_STORE_HASHES && (s->flags & NG_STORE_READONLY) &&
         !s->staged && s->gen_dir;
}

ng_status ng_store_use_index(ng_store *s, size_t max_bytes) {
  if (!s)
    return NG_ERR_ARG;
  s->index_max = max_bytes;
  s->index_failed = 0;
  if (!max_bytes) {
    ng_sindex_release(s->index);
    s->index = NULL;
  } else if (fixed_data(s)) {
    const char *env = getenv("NG_SPARQL_INDEX");
    if (!env || strcmp(env, "0"))
      ensure_index(s);
  }
  return NG_OK;
}

ng_sindex *ng_store_query_index(ng_store *s) {
  const char *env = getenv("NG_SPARQL_INDEX");
  if (!s || (env && !strcmp(env, "0")))
    return NULL;
  int force = env && !strcmp(env, "1");
  if (fixed_data(s) && (s->index_max || force)) {
    ensure_index(s);
    return ng_sindex_ref(s->index);
  }
  if (force && (s->kind == NG_STORE_HASHES || s->kind == NG_STORE_MEMORY))
    return ng_sindex_build(s->rdf, s->model, s->kind, 0, NULL);
  return NULL;
}
