/* eval.c - the algebra of a SPARQL query over the librdf model: basic
 * graph patterns through the store's indexes, Join, LeftJoin (with its
 * filter), Union, Filter, Extend, Minus and Graph.
 *
 * Every operator turns multisets of rows into a multiset of rows held in
 * memory (at most NG_SPARQL_MAX_CELLS values at once).  A basic graph
 * pattern on the right of a Join or a LeftJoin is matched once per row
 * of the left side with that row's values put into its triple patterns
 * (an index nested-loop join), which is what the algebra gives for a
 * basic graph pattern; any other right side is evaluated on its own and
 * joined by a hash on the variables bound in every row of both sides.
 * LeftJoin keeps a left row only when no right row compatible with it
 * passes the filter: it never makes rows of values from different
 * solutions. */
#include <stdlib.h>
#include <string.h>

#include "sq.h"
#include "store_index.h"

size_t ng_sparql_max_cells = NG_SPARQL_MAX_CELLS;

/* The query's deadline and cancel flag (ng_query_limits), looked at once
 * every SQ_CHECK_EVERY steps of a scan, a join or an expression loop
 * (a clock read costs ~20 ns; 4096 steps take ~100 us): NG_OK, or the
 * status the query stops with (NG_ERR_CANCELLED, then in c->err). */
#define SQ_CHECK_EVERY 4096u
ng_status sq_check(sq_ctx *c) {
  if (c->err || (++c->steps % SQ_CHECK_EVERY) ||
      (!c->cancel && c->stop_at <= 0))
    return c->err;
  if (ng_cancel_is_set(c->cancel) ||
      (c->stop_at > 0 && ng_store_seconds() > c->stop_at))
    c->err = NG_ERR_CANCELLED;
  return c->err;
}

ng_status sq_hold(sq_ctx *c, size_t n) {
  if (c->err)
    return c->err;
  if (c->cells + n > c->max_cells)
    return c->err = NG_ERR_LIMIT;
  c->cells += n;
  return NG_OK;
}

ng_status sq_rows_push(sq_ctx *c, sq_rows *r, const sq_id *row) {
  if (sq_check(c))
    return c->err;
  if (r->emit)
    return r->emit->fn(c, r->emit->user, row);
  if (c->cells + r->w + 1 > c->max_cells) {
    c->err = NG_ERR_LIMIT;
    return c->err;
  }
  if (r->w && r->n == r->cap) {
    size_t cap = r->cap ? r->cap * 2 : 16;
    sq_id *v = realloc(r->v, cap * r->w * sizeof *v);
    if (!v) {
      c->err = NG_ERR_NOMEM;
      return c->err;
    }
    r->v = v;
    r->cap = cap;
  }
  if (r->w)
    memcpy(r->v + r->n * r->w, row, r->w * sizeof *row);
  r->n++;
  c->cells += r->w + 1;
  return NG_OK;
}

void sq_rows_free(sq_ctx *c, sq_rows *r) {
  if (!r)
    return;
  size_t held = r->n * (r->w + 1);
  c->cells = c->cells > held ? c->cells - held : 0;
  free(r->v);
  r->v = NULL;
  r->n = r->cap = 0;
}

#define ROW(r, i) ((r)->v + (i) * (r)->w)

static void rows_init(const sq_ctx *c, sq_rows *r) {
  memset(r, 0, sizeof *r);
  r->w = c->vars.n;
}

/* ---- basic graph patterns ---- */

typedef struct match_out {
  sq_rows *rows;
  ng_vec *origin; /* size_t per row, or NULL */
  size_t from;    /* the origin of the row being extended */
} match_out;

/* The end of bind_statement() and ix_bind(): TMP, the row with the
 * triple's variables bound, takes the graph GV (0: none or not interned)
 * when G binds a variable to it, and goes to OUT. */
static ng_status push_bound(sq_ctx *c, const sq_graph *g, sq_id gv,
                            sq_id *tmp, match_out *out) {
  if (g->mode == 2) {
    if (!gv || sq_t(c, gv)->kind != SQ_IRI)
      return c->err;
    if (!c->named_all) {
      int in = 0;
      for (size_t i = 0; i < c->named_g.n && !in; i++)
        in = NG_VEC_AT(&c->named_g, sq_id, i) == gv;
      if (!in)
        return NG_OK;
    }
    if (tmp[g->var] && tmp[g->var] != gv)
      return NG_OK;
    tmp[g->var] = gv;
  }
  ng_status st = sq_rows_push(c, out->rows, tmp);
  if (!st && out->origin) {
    size_t *o = ng_vec_push(out->origin, sizeof *o, SIZE_MAX / 16);
    if (!o)
      return c->err = NG_ERR_NOMEM;
    *o = out->from;
  }
  return st;
}

/* Adds to OUT the extension of ROW by statement X (in graph G, may be
 * NULL) when X agrees with ROW and with itself. */
static ng_status bind_statement(sq_ctx *c, const sq_triple *t,
                                const sq_graph *g, const sq_id *row,
                                librdf_statement *x, librdf_node *ctx,
                                sq_id *tmp, match_out *out) {
  librdf_node *n[3] = {librdf_statement_get_subject(x),
                       librdf_statement_get_predicate(x),
                       librdf_statement_get_object(x)};
  if (c->vars.n)
    memcpy(tmp, row, c->vars.n * sizeof *tmp);
  for (int k = 0; k < 3; k++) {
    if (t->part[k].var < 0)
      continue;
    sq_id v = n[k] ? sq_intern_node(c, n[k]) : 0;
    if (!v)
      return c->err;
    int var = t->part[k].var;
    if (tmp[var] && tmp[var] != v)
      return NG_OK;
    tmp[var] = v;
  }
  return push_bound(c, g, g->mode == 2 && ctx ? sq_intern_node(c, ctx) : 0,
                    tmp, out);
}

/* librdf 1.0.17's hashes storage keeps a reference to the predicate of
 * a predicate-only pattern and never drops it (see query.c's triples
 * source).  The nodes of a pattern are shared with the context's cache
 * (a copy of a node is the node with one more reference): with the
 * stream freed, any reference above what the cache (USAGE, before the
 * copies) and the pattern's own copies hold is that leak. */
static void drop_extra_refs(librdf_node *const p[3], const int usage[3]) {
  for (int k = 0; k < 3; k++) {
    if (!p[k])
      continue;
    int own = 0;
    for (int j = 0; j < 3; j++)
      own += p[j] == p[k];
    while (p[k]->usage > usage[k] + own)
      librdf_free_node(p[k]);
  }
}

/* Frees SEEN, the default graph's set of one lookup, and gives back the
 * values it held (counted by match_in). */
static void release_fps(sq_ctx *c, ng_fp_set *seen) {
  size_t n = seen->n * SQ_FP_CELLS;
  c->cells = c->cells > n ? c->cells - n : 0;
  ng_fp_set_free(seen);
}

/* Matches triple pattern T under ROW in one stream (graph CTX or all). */
static ng_status match_in(sq_ctx *c, const sq_triple *t, const sq_graph *g,
                          const sq_id *row, librdf_node *const pat[3],
                          librdf_node *want_o, librdf_node *ctx,
                          ng_fp_set *seen, sq_id *tmp, match_out *out) {
  librdf_node *p[3];
  int usage[3];
  for (int k = 0; k < 3; k++)
    usage[k] = pat[k] ? pat[k]->usage : 0;
  for (int k = 0; k < 3; k++) {
    p[k] = NULL;
    if (pat[k] && !(p[k] = librdf_new_node_from_node(pat[k]))) {
      for (int j = 0; j < k; j++)
        if (p[j])
          librdf_free_node(p[j]);
      return c->err = NG_ERR_NOMEM;
    }
  }
  librdf_statement *q = librdf_new_statement_from_nodes(c->rdf, p[0], p[1],
                                                        p[2]);
  if (!q)
    return c->err = NG_ERR_NOMEM;
  /* librdf 1.0.17 rewrites every xsd:boolean literal it decodes
   * ("0" and "1" become "false" and "true", anything else "false":
   * librdf_node_normalize(), called by librdf_node_decode() through
   * librdf_new_node_from_typed_counted_literal()), and a graph of the
   * memory storage is read from an index of encoded statements.  Its
   * list of statements holds them as added: read it and keep the graph's
   * own (the list is scanned whole by either call). */
  int by_list = ctx && c->s->kind == NG_STORE_MEMORY;
  librdf_stream *s = ctx && !by_list
                         ? librdf_model_find_statements_in_context(
                               c->model, q, ctx)
                         : librdf_model_find_statements(c->model, q);
  ng_status st = NG_OK;
  for (; s && !st && !librdf_stream_end(s); librdf_stream_next(s)) {
    librdf_statement *x = librdf_stream_get_object(s);
    if (!x || (st = sq_check(c)))
      continue;
    if (by_list) {
      librdf_node *in = librdf_stream_get_context2(s);
      if (!in || !librdf_node_equals(in, ctx))
        continue;
    }
    if (want_o && !librdf_node_equals(librdf_statement_get_object(x), want_o))
      continue;
    if (seen) {
      uint64_t h[2];
      ng_fp_statement(h, x);
      int r = ng_fp_set_add(seen, h[0], h[1]);
      if (r < 0)
        return c->err = NG_ERR_NOMEM;
      if (r)
        continue; /* in another graph too: the default graph is a set */
      if (sq_hold(c, SQ_FP_CELLS))
        return c->err;
    }
    st = bind_statement(c, t, g, row, x, ctx, tmp, out);
  }
  if (s)
    librdf_free_stream(s);
  drop_extra_refs(p, usage);
  librdf_free_statement(q);
  return st ? st : c->err;
}

static ng_status match_pattern(sq_ctx *c, const sq_triple *t,
                               const sq_graph *g, const sq_id *row,
                               librdf_node *const pat[3],
                               librdf_node *want_o, sq_id *tmp,
                               match_out *out);

/* ---- triple patterns through the store's index (store_index.h) ----
 *
 * The same matches as match_in() gives, read from the index: a term of
 * the query is looked up as the librdf node sq_node() makes of it (so a
 * boolean constant is rewritten as librdf rewrites it), a term of the
 * store comes back as librdf gave it when the index was read.  Rows may
 * come in another order. */

#define IX_ABSENT UINT32_MAX

static void ix_of_set(sq_ctx *c, sq_id v, uint32_t id) {
  if (v >= c->ix_of_n) {
    size_t n = c->terms.n > (size_t)v + 1 ? c->terms.n : (size_t)v + 1;
    n = n < 64 ? 64 : n * 2;
    uint32_t *a = realloc(c->ix_of, n * sizeof *a);
    if (!a)
      return; /* looked up again next time */
    memset(a + c->ix_of_n, 0, (n - c->ix_of_n) * sizeof *a);
    c->ix_of = a;
    c->ix_of_n = n;
  }
  c->ix_of[v] = id;
}

/* The index's number of term V, or IX_ABSENT (not in the store, or out
 * of memory: then c->err is set). */
static uint32_t ix_term(sq_ctx *c, sq_id v) {
  if (v < c->ix_of_n && c->ix_of[v])
    return c->ix_of[v];
  librdf_node *n = sq_node(c, v);
  if (!n)
    return IX_ABSENT;
  uint32_t id = 0;
  size_t len = 0;
  switch (librdf_node_get_type(n)) {
  case LIBRDF_NODE_TYPE_RESOURCE: {
    const char *u = (const char *)librdf_uri_as_counted_string(
        librdf_node_get_uri(n), &len);
    id = ng_sindex_find(c->ix, SQ_IRI, u, len, NULL, NULL);
    break;
  }
  case LIBRDF_NODE_TYPE_BLANK: {
    const char *b =
        (const char *)librdf_node_get_counted_blank_identifier(n, &len);
    id = ng_sindex_find(c->ix, SQ_BNODE, b, len, NULL, NULL);
    break;
  }
  case LIBRDF_NODE_TYPE_LITERAL: {
    const char *l =
        (const char *)librdf_node_get_literal_value_as_counted_string(n,
                                                                      &len);
    librdf_uri *dt = librdf_node_get_literal_value_datatype_uri(n);
    id = ng_sindex_find(c->ix, SQ_LIT, l ? l : "", l ? len : 0,
                        librdf_node_get_literal_value_language(n),
                        dt ? (const char *)librdf_uri_as_string(dt) : NULL);
    break;
  }
  case LIBRDF_NODE_TYPE_UNKNOWN:
  default:
    break;
  }
  ix_of_set(c, v, id ? id : IX_ABSENT);
  return id ? id : IX_ABSENT;
}

static int dt_rewritten(const char *dt) {
  return dt && (!strcmp(dt, SQ_XSD "string") || !strcmp(dt, SQ_XSD "boolean"));
}

/* The query's term for the index's term ID; 0 when out of memory. */
static sq_id ix_sq(sq_ctx *c, uint32_t id) {
  size_t h = (size_t)id * 2654435761u;
  if (c->ix_cap) {
    for (size_t i = h & (c->ix_cap - 1);; i = (i + 1) & (c->ix_cap - 1)) {
      if (!c->ix_k[i])
        break;
      if (c->ix_k[i] == id)
        return c->ix_v[i];
    }
  }
  const ng_sindex_term *t = ng_sindex_term_at(c->ix, id);
  if (!t)
    return 0;
  sq_id v = sq_intern_keyed(c, t->kind, t->lex, t->len, t->lang, t->dt,
                            t->key, t->key_len, t->hash);
  if (!v)
    return 0;
  if (2 * (c->ix_n + 1) > c->ix_cap) {
    size_t cap = c->ix_cap ? c->ix_cap * 2 : 256;
    uint32_t *k = calloc(cap, sizeof *k), *vv = calloc(cap, sizeof *vv);
    if (!k || !vv) {
      free(k);
      free(vv);
      return v; /* interned again next time */
    }
    for (size_t j = 0; j < c->ix_cap; j++) {
      if (!c->ix_k[j])
        continue;
      size_t i = ((size_t)c->ix_k[j] * 2654435761u) & (cap - 1);
      while (k[i])
        i = (i + 1) & (cap - 1);
      k[i] = c->ix_k[j];
      vv[i] = c->ix_v[j];
    }
    free(c->ix_k);
    free(c->ix_v);
    c->ix_k = k;
    c->ix_v = vv;
    c->ix_cap = cap;
  }
  size_t i = h & (c->ix_cap - 1);
  while (c->ix_k[i])
    i = (i + 1) & (c->ix_cap - 1);
  c->ix_k[i] = id;
  c->ix_v[i] = v;
  c->ix_n++;
  /* the term the query would look up for V is this one, unless librdf
   * rewrites it (xsd:boolean) or it is one of the two of a string */
  if (!(t->kind == SQ_LIT && dt_rewritten(t->dt)) &&
      !(v < c->ix_of_n && c->ix_of[v]))
    ix_of_set(c, v, id);
  return v;
}

/* bind_statement() for quad Q of the index */
static ng_status ix_bind(sq_ctx *c, const sq_triple *t, const sq_graph *g,
                         const sq_id *row, const uint32_t *q, sq_id *tmp,
                         match_out *out) {
  if (c->vars.n)
    memcpy(tmp, row, c->vars.n * sizeof *tmp);
  for (int k = 0; k < 3; k++) {
    if (t->part[k].var < 0)
      continue;
    sq_id v = ix_sq(c, q[k]);
    if (!v)
      return c->err ? c->err : (c->err = NG_ERR_NOMEM);
    int var = t->part[k].var;
    if (tmp[var] && tmp[var] != v)
      return NG_OK;
    tmp[var] = v;
  }
  return push_bound(c, g, g->mode == 2 && q[3] ? ix_sq(c, q[3]) : 0, tmp,
                    out);
}

/* match_in() over the index: the quads of WANT (its graph, or any when
 * 0), of a graph of IN (NIN numbers) when IN is not NULL, each triple
 * once when DEDUP (the default graph is a set) */
static ng_status ix_match_in(sq_ctx *c, const sq_triple *t,
                             const sq_graph *g, const sq_id *row,
                             const uint32_t want[4], const uint32_t *in,
                             size_t nin, int dedup, sq_id *tmp,
                             match_out *out) {
  ng_sindex_scan sc;
  ng_sindex_scan_init(c->ix, want, &sc);
  const uint32_t *q, *last = NULL;
  ng_status st = NG_OK;
  while (!st && (q = ng_sindex_next(&sc))) {
    if ((st = sq_check(c)))
      break;
    if (in) {
      size_t j = 0;
      while (j < nin && in[j] != q[3])
        j++;
      if (j == nin)
        continue;
    }
    if (dedup && last && last[0] == q[0] && last[1] == q[1] &&
        last[2] == q[2])
      continue;
    last = q;
    st = ix_bind(c, t, g, row, q, tmp, out);
  }
  return st ? st : c->err;
}

static const ng_vec *named_graphs(sq_ctx *c);

/* match_pattern() over the index, for the triple WANT[0..2] */
static ng_status ix_match_pattern(sq_ctx *c, const sq_triple *t,
                                  const sq_graph *g, const sq_id *row,
                                  uint32_t want[4], sq_id *tmp,
                                  match_out *out) {
  if (g->mode == 1 || (g->mode == 2 && row[g->var])) {
    uint32_t gi = ix_term(c, g->mode == 1 ? g->term : row[g->var]);
    if (gi == IX_ABSENT)
      return c->err;
    want[3] = gi;
    return ix_match_in(c, t, g, row, want, NULL, 0, 0, tmp, out);
  }
  ng_status st = NG_OK;
  if (g->mode == 2) {
    const ng_vec *graphs = named_graphs(c);
    for (size_t i = 0; graphs && i < graphs->n && !st; i++) {
      uint32_t gi = ix_term(c, NG_VEC_AT(graphs, sq_id, i));
      if (gi == IX_ABSENT) {
        st = c->err;
        continue;
      }
      want[3] = gi;
      st = ix_match_in(c, t, g, row, want, NULL, 0, 0, tmp, out);
    }
    return graphs ? st : c->err;
  }
  want[3] = 0;
  if (c->default_all)
    return ix_match_in(c, t, g, row, want, NULL, 0, 1, tmp, out);
  size_t n = c->default_g.n, nin = 0;
  uint32_t one, *in = n > 1 ? malloc(n * sizeof *in) : &one;
  if (!in)
    return c->err = NG_ERR_NOMEM;
  for (size_t i = 0; i < n; i++) {
    uint32_t gi = ix_term(c, NG_VEC_AT(&c->default_g, sq_id, i));
    if (gi != IX_ABSENT)
      in[nin++] = gi;
  }
  if (c->err)
    st = c->err;
  else if (nin == 1) {
    want[3] = in[0];
    st = ix_match_in(c, t, g, row, want, NULL, 0, 0, tmp, out);
  } else if (nin > 1) {
    st = ix_match_in(c, t, g, row, want, in, nin, 1, tmp, out);
  }
  if (in != &one)
    free(in);
  return st;
}

/* 1 when triple pattern T under ROW must be matched through librdf: a
 * hashes store keeps an xsd:boolean literal as it was added but decodes
 * it rewritten ("1" read as "true"), so librdf finds "1" through its
 * (predicate, object) index for no object given and for neither "1" nor
 * "true" given; the index, which holds what librdf decodes, cannot tell
 * those apart.  Booleans are rare in a store: librdf answers them. */
static int ix_not_for(const sq_ctx *c, const sq_triple *t, const sq_id *row) {
  sq_id o = t->part[2].var < 0 ? t->part[2].term
                               : row ? row[t->part[2].var] : 0;
  const sq_term *x = o ? sq_t(c, o) : NULL;
  return c->s->kind == NG_STORE_HASHES && x && x->kind == SQ_LIT && x->dt &&
         !strcmp(x->dt, SQ_XSD "boolean");
}

/* The term at place K (0 subject, 1 predicate, 2 object) of T under
 * ROW: its constant, or its variable's value (0: unbound). */
static inline sq_id part_value(const sq_triple *t, const sq_id *row, int k) {
  return t->part[k].var < 0 ? t->part[k].term : row[t->part[k].var];
}

/* 1 when no triple has term V at place K: a literal subject, a
 * predicate that is no IRI. */
static int no_triple_has(sq_ctx *c, int k, sq_id v) {
  int kind = sq_t(c, v)->kind;
  return (k == 0 && kind == SQ_LIT) || (k == 1 && kind != SQ_IRI);
}

/* match_triple() over the index */
static ng_status ix_match_triple(sq_ctx *c, const sq_triple *t,
                                 const sq_graph *g, const sq_id *row,
                                 sq_id *tmp, match_out *out) {
  uint32_t want[4] = {0, 0, 0, 0};
  int bound = 0;
  for (int k = 0; k < 3; k++) {
    sq_id v = part_value(t, row, k);
    if (!v)
      continue;
    if (no_triple_has(c, k, v))
      return NG_OK;
    bound++;
  }
  for (int k = 0; k < 3; k++) {
    sq_id v = part_value(t, row, k);
    if (v && (want[k] = ix_term(c, v)) == IX_ABSENT && c->err)
      return c->err;
  }
  /* a simple literal is also in the store as "..."^^xsd:string: the
   * object is matched as both (not when the whole triple is given, as
   * match_triple does) */
  sq_id o = part_value(t, row, 2);
  if (o && sq_t(c, o)->kind == SQ_LIT && !sq_t(c, o)->dt && bound < 3) {
    const sq_term *ot = sq_t(c, o);
    uint32_t typed = ng_sindex_find(c->ix, SQ_LIT, ot->lex, ot->len, NULL,
                                    SQ_XSD "string");
    if (typed && want[0] != IX_ABSENT && want[1] != IX_ABSENT) {
      uint32_t alt[4] = {want[0], want[1], typed, 0};
      ng_status st = ix_match_pattern(c, t, g, row, alt, tmp, out);
      if (st)
        return st;
    }
  }
  for (int k = 0; k < 3; k++)
    if (want[k] == IX_ABSENT)
      return NG_OK;
  return ix_match_pattern(c, t, g, row, want, tmp, out);
}

/* The named graphs of the dataset: the FROM NAMED ones, or every graph
 * of the store (listed once per query); NULL when out of memory. */
static const ng_vec *named_graphs(sq_ctx *c) {
  if (!c->named_all)
    return &c->named_g;
  if (c->all_listed)
    return &c->all_g;
  if (c->ix) {
    size_t n;
    const uint32_t *gs = ng_sindex_graphs(c->ix, &n);
    for (size_t i = 0; i < n && !c->err; i++) {
      sq_id id = ix_sq(c, gs[i]);
      if (!id || sq_t(c, id)->kind != SQ_IRI)
        continue;
      sq_id *slot = ng_vec_push(&c->all_g, sizeof *slot, SIZE_MAX / 8);
      if (!slot)
        c->err = NG_ERR_NOMEM;
      else
        *slot = id;
    }
    c->all_listed = 1;
    return c->err ? NULL : &c->all_g;
  }
  librdf_iterator *it = librdf_model_get_contexts(c->model);
  for (; it && !c->err && !librdf_iterator_end(it);
       librdf_iterator_next(it)) {
    librdf_node *n = librdf_iterator_get_object(it);
    sq_id id = n ? sq_intern_node(c, n) : 0;
    if (!id || sq_t(c, id)->kind != SQ_IRI)
      continue;
    sq_id *slot = ng_vec_push(&c->all_g, sizeof *slot, SIZE_MAX / 8);
    if (!slot)
      c->err = NG_ERR_NOMEM;
    else
      *slot = id;
  }
  if (it)
    librdf_free_iterator(it);
  c->all_listed = 1;
  return c->err ? NULL : &c->all_g;
}

static ng_status match_triple(sq_ctx *c, const sq_triple *t,
                              const sq_graph *g, const sq_id *row,
                              sq_id *tmp, match_out *out) {
  if (c->ix && !ix_not_for(c, t, row))
    return ix_match_triple(c, t, g, row, tmp, out);
  librdf_node *pat[3] = {NULL, NULL, NULL};
  for (int k = 0; k < 3; k++) {
    sq_id v = part_value(t, row, k);
    if (!v)
      continue;
    if (no_triple_has(c, k, v))
      return NG_OK;
    if (!(pat[k] = sq_node(c, v)))
      return c->err;
  }
  /* the hashes storage has no index for a whole triple: subject and
   * predicate go through it, the object is compared here */
  librdf_node *want_o = NULL;
  if (pat[0] && pat[1] && pat[2]) {
    want_o = pat[2];
    pat[2] = NULL;
  }
  /* a simple literal is also in the store as "..."^^xsd:string (one term
   * in RDF 1.1, two to librdf): the object is matched as both */
  sq_id o = part_value(t, row, 2);
  if (o && sq_t(c, o)->kind == SQ_LIT && !sq_t(c, o)->dt && !want_o &&
      pat[2]) {
    librdf_uri *xs = librdf_new_uri(c->rdf, (const unsigned char *)SQ_XSD
                                    "string");
    librdf_node *typed =
        xs ? librdf_new_node_from_typed_counted_literal(
                 c->rdf, (const unsigned char *)sq_t(c, o)->lex,
                 sq_t(c, o)->len, NULL, 0, xs)
           : NULL;
    if (xs)
      librdf_free_uri(xs);
    if (!typed)
      return c->err = NG_ERR_NOMEM;
    librdf_node *alt[3] = {pat[0], pat[1], typed};
    ng_status st = match_pattern(c, t, g, row, alt, NULL, tmp, out);
    librdf_free_node(typed);
    if (st)
      return st;
  }
  return match_pattern(c, t, g, row, pat, want_o, tmp, out);
}

/* match_triple for one pattern of nodes */
static ng_status match_pattern(sq_ctx *c, const sq_triple *t,
                               const sq_graph *g, const sq_id *row,
                               librdf_node *const pat[3],
                               librdf_node *want_o, sq_id *tmp,
                               match_out *out) {
  ng_status st = NG_OK;
  if (g->mode == 1) {
    librdf_node *gn = sq_node(c, g->term);
    return gn ? match_in(c, t, g, row, pat, want_o, gn, NULL, tmp, out)
              : c->err;
  }
  if (g->mode == 2 && row[g->var]) {
    librdf_node *gn = sq_node(c, row[g->var]);
    return gn ? match_in(c, t, g, row, pat, want_o, gn, NULL, tmp, out)
              : c->err;
  }
  if (g->mode == 2) {
    /* each named graph in turn: asking librdf 1.0.17's hashes storage for
     * the graph of a statement found without one (stream_get_context2)
     * leaks a node per statement for most pattern shapes */
    const ng_vec *graphs = named_graphs(c);
    for (size_t i = 0; graphs && i < graphs->n && !st; i++) {
      librdf_node *gn = sq_node(c, NG_VEC_AT(graphs, sq_id, i));
      st = gn ? match_in(c, t, g, row, pat, want_o, gn, NULL, tmp, out)
              : c->err;
    }
    return graphs ? st : c->err;
  }
  if (c->default_all) {
    ng_fp_set seen;
    memset(&seen, 0, sizeof seen);
    st = match_in(c, t, g, row, pat, want_o, NULL, &seen, tmp, out);
    release_fps(c, &seen);
    return st;
  }
  ng_fp_set seen;
  memset(&seen, 0, sizeof seen);
  for (size_t i = 0; i < c->default_g.n && !st; i++) {
    librdf_node *gn = sq_node(c, NG_VEC_AT(&c->default_g, sq_id, i));
    st = gn ? match_in(c, t, g, row, pat, want_o, gn,
                       c->default_g.n > 1 ? &seen : NULL, tmp, out)
            : c->err;
  }
  release_fps(c, &seen);
  return st;
}

/* How many triples match the constant parts of T (up to CAP). */
static size_t count_matches(sq_ctx *c, const sq_triple *t, size_t cap) {
  librdf_node *p[3] = {NULL, NULL, NULL}, *n[3] = {NULL, NULL, NULL};
  int usage[3] = {0, 0, 0};
  for (int k = 0; k < 3; k++) {
    if (t->part[k].var >= 0)
      continue;
    if (!(n[k] = sq_node(c, t->part[k].term)))
      return cap;
    usage[k] = n[k]->usage;
  }
  for (int k = 0; k < 3; k++) {
    if (n[k] && !(p[k] = librdf_new_node_from_node(n[k]))) {
      for (int j = 0; j < k; j++)
        if (p[j])
          librdf_free_node(p[j]);
      return cap;
    }
  }
  librdf_statement *q = librdf_new_statement_from_nodes(c->rdf, p[0], p[1],
                                                        p[2]);
  if (!q)
    return cap;
  librdf_stream *s = librdf_model_find_statements(c->model, q);
  size_t found = 0;
  for (; s && found < cap && !librdf_stream_end(s); librdf_stream_next(s))
    found++;
  if (s)
    librdf_free_stream(s);
  drop_extra_refs(p, usage);
  librdf_free_statement(q);
  return found;
}

#define ESTIMATE_CAP 1000u
#define KEPT_ESTIMATES 4096u

/* count_matches(), kept by a read-only store handle from query to query
 * (half the time of a bundled query on the Wikinews store went to
 * counting the same patterns again); the counts change only with the
 * data, and ng_store_refresh() forgets them when it does */
static size_t kept_estimate(sq_ctx *c, const sq_triple *t, size_t cap) {
  ng_store *s = c->s;
  if (s->kind != NG_STORE_HASHES || !(s->flags & NG_STORE_READONLY))
    return count_matches(c, t, cap);
  ng_buf *k = &c->key;
  ng_buf_reset(k);
  ng_status st = NG_OK;
  for (int i = 0; i < 3 && !st; i++) {
    const sq_term *x = t->part[i].var < 0 ? sq_t(c, t->part[i].term) : NULL;
    st = ng_buf_addc(k, x ? (char)('0' + x->kind) : '?');
    if (!st && x)
      st = ng_buf_add(k, x->lex, x->len);
    if (!st)
      st = ng_buf_addc(k, '\0');
    if (!st && x && x->lang)
      st = ng_buf_adds(k, x->lang);
    if (!st)
      st = ng_buf_addc(k, '\0');
    if (!st && x && x->dt)
      st = ng_buf_adds(k, x->dt);
    if (!st)
      st = ng_buf_addc(k, '\0');
  }
  if (st)
    return count_matches(c, t, cap);
  if (s->estimates.n >= KEPT_ESTIMATES)
    ng_store_forget_estimates(s);
  ng_map_entry *e =
      ng_map_slot(&s->estimates, &s->estimates_arena, k->s, k->len);
  if (!e)
    return count_matches(c, t, cap);
  if (!e->value)
    e->value = (void *)(uintptr_t)(count_matches(c, t, cap) + 1);
  return (size_t)(uintptr_t)e->value - 1;
}

/* count_matches(), once per query for each shape of constants (the
 * bundled queries repeat one pattern in dozens of UNION branches) */
static size_t estimate(sq_ctx *c, const sq_triple *t, size_t cap) {
  if (c->ix && !ix_not_for(c, t, NULL)) {
    /* a range of the index: count_matches() without the reading */
    uint32_t want[4] = {0, 0, 0, 0};
    for (int k = 0; k < 3; k++) {
      if (t->part[k].var >= 0)
        continue;
      if ((want[k] = ix_term(c, t->part[k].term)) == IX_ABSENT)
        return 0;
    }
    size_t n = ng_sindex_count(c->ix, want);
    return n < cap ? n : cap;
  }
  sq_id key[3];
  for (int k = 0; k < 3; k++)
    key[k] = t->part[k].var < 0 ? t->part[k].term : 0;
  ng_map_entry *e =
      ng_map_slot(&c->estimates, &c->arena, (const char *)key, sizeof key);
  if (!e)
    return cap;
  if (!e->value)
    e->value = (void *)(uintptr_t)(kept_estimate(c, t, cap) + 1);
  return (size_t)(uintptr_t)e->value - 1;
}

/* Joins the rows IN with the basic graph pattern P: OUT gets the rows,
 * ORIGIN (may be NULL) the index of the row of IN each came from. */
static ng_status bgp(sq_ctx *c, const sq_pat *p, const sq_graph *g,
                     const sq_rows *in, sq_rows *out, ng_vec *origin) {
  size_t nt = p->ntriples, w = c->vars.n;
  ng_status st = NG_OK;
  char *done = calloc(nt ? nt : 1, 1);
  char *bound = calloc(w ? w : 1, 1);
  size_t *est = calloc(nt ? nt : 1, sizeof *est);
  sq_id *tmp = calloc(w ? w : 1, sizeof *tmp);
  sq_rows cur, next;
  ng_vec cur_o, next_o;
  rows_init(c, &cur);
  rows_init(c, &next);
  memset(&cur_o, 0, sizeof cur_o);
  memset(&next_o, 0, sizeof next_o);
  if (!done || !bound || !est || !tmp) {
    st = c->err = NG_ERR_NOMEM;
    goto done;
  }
  /* the variables bound in every row of IN */
  for (size_t v = 0; v < w; v++) {
    bound[v] = in->n > 0;
    for (size_t i = 0; i < in->n && bound[v]; i++)
      bound[v] = ROW(in, i)[v] != 0;
  }
  for (size_t i = 0; i < nt; i++)
    est[i] = nt > 1 ? estimate(c, &p->triples[i], ESTIMATE_CAP) : 0;
  for (size_t i = 0; i < in->n && !st; i++) {
    st = sq_rows_push(c, &cur, ROW(in, i));
    if (!st && origin) {
      size_t *o = ng_vec_push(&cur_o, sizeof *o, SIZE_MAX / 16);
      if (!o)
        st = c->err = NG_ERR_NOMEM;
      else
        *o = i;
    }
  }
  for (size_t step = 0; step < nt && !st && cur.n; step++) {
    /* the next pattern: most parts bound, then fewest triples */
    size_t best = nt;
    int best_b = -1;
    for (size_t i = 0; i < nt; i++) {
      if (done[i])
        continue;
      const sq_triple *t = &p->triples[i];
      int b = 0;
      for (int k = 0; k < 3; k++)
        if (t->part[k].var < 0 || bound[t->part[k].var])
          b += k == 1 ? 1 : 2;
      if (best == nt || b > best_b || (b == best_b && est[i] < est[best])) {
        best = i;
        best_b = b;
      }
    }
    done[best] = 1;
    const sq_triple *t = &p->triples[best];
    /* a streaming OUT takes the rows of the last step as they come */
    int last = step + 1 == nt && out->emit && !origin;
    match_out mo = {last ? out : &next, origin ? &next_o : NULL, 0};
    for (size_t r = 0; r < cur.n && !st; r++) {
      mo.from = origin ? NG_VEC_AT(&cur_o, size_t, r) : 0;
      st = match_triple(c, t, g, ROW(&cur, r), tmp, &mo);
    }
    for (int k = 0; k < 3; k++)
      if (t->part[k].var >= 0)
        bound[t->part[k].var] = 1;
    if (g->mode == 2)
      bound[g->var] = 1;
    sq_rows_free(c, &cur);
    cur = next;
    rows_init(c, &next);
    ng_vec_free(&cur_o);
    cur_o = next_o;
    memset(&next_o, 0, sizeof next_o);
  }
done:
  if (!st && out->emit) {
    /* rows the last step did not hand over: those of an empty pattern */
    for (size_t r = 0; nt == 0 && r < cur.n && !st; r++)
      st = sq_rows_push(c, out, ROW(&cur, r));
    sq_rows_free(c, &cur);
    ng_vec_free(&cur_o);
  } else if (!st) {
    *out = cur;
    if (origin)
      *origin = cur_o;
    else
      ng_vec_free(&cur_o);
  } else {
    sq_rows_free(c, &cur);
    ng_vec_free(&cur_o);
  }
  sq_rows_free(c, &next);
  ng_vec_free(&next_o);
  free(done);
  free(bound);
  free(est);
  free(tmp);
  return st;
}

/* ---- joins ---- */

static int compatible(size_t w, const sq_id *a, const sq_id *b) {
  for (size_t i = 0; i < w; i++)
    if (a[i] && b[i] && a[i] != b[i])
      return 0;
  return 1;
}

static void merge(size_t w, const sq_id *a, const sq_id *b, sq_id *out) {
  for (size_t i = 0; i < w; i++)
    out[i] = a[i] ? a[i] : b[i];
}

/* Join (FILTER NULL, LEFT 0) or LeftJoin of A and B into OUT. */
static ng_status join_rows(sq_ctx *c, const sq_rows *a, const sq_rows *b,
                           const sq_expr *filter, int left, sq_rows *out) {
  size_t w = c->vars.n;
  rows_init(c, out);
  /* the key: variables bound in every row of both sides */
  int *keys = calloc(w ? w : 1, sizeof *keys);
  sq_id *tmp = calloc(w ? w : 1, sizeof *tmp);
  size_t nk = 0;
  ng_status st = keys && tmp ? NG_OK : (c->err = NG_ERR_NOMEM);
  for (size_t v = 0; v < w && !st; v++) {
    int all = a->n > 0 && b->n > 0;
    for (size_t i = 0; i < a->n && all; i++)
      all = ROW(a, i)[v] != 0;
    for (size_t i = 0; i < b->n && all; i++)
      all = ROW(b, i)[v] != 0;
    if (all)
      keys[nk++] = (int)v;
  }
  /* hash of B on the key: chains of row indexes */
  size_t nb = 1;
  while (nk && nb < b->n * 2)
    nb <<= 1;
  size_t *head = NULL, *next = NULL;
  if (!st && nk) {
    head = malloc(nb * sizeof *head);
    next = malloc((b->n ? b->n : 1) * sizeof *next);
    if (!head || !next)
      st = c->err = NG_ERR_NOMEM;
    for (size_t i = 0; !st && i < nb; i++)
      head[i] = SIZE_MAX;
    for (size_t i = b->n; !st && i-- > 0;) {
      uint64_t h = NG_HASH64_INIT;
      for (size_t k = 0; k < nk; k++)
        h = ng_hash64_more(h, &ROW(b, i)[keys[k]], sizeof(sq_id));
      next[i] = head[h & (nb - 1)];
      head[h & (nb - 1)] = i;
    }
  }
  for (size_t i = 0; i < a->n && !st; i++) {
    const sq_id *ra = ROW(a, i);
    int matched = 0;
    size_t j;
    if (nk) {
      uint64_t h = NG_HASH64_INIT;
      for (size_t k = 0; k < nk; k++)
        h = ng_hash64_more(h, &ra[keys[k]], sizeof(sq_id));
      j = head[h & (nb - 1)];
    } else {
      j = b->n ? 0 : SIZE_MAX;
    }
    while (j != SIZE_MAX && !(st = sq_check(c))) {
      const sq_id *rb = ROW(b, j);
      if (compatible(w, ra, rb)) {
        merge(w, ra, rb, tmp);
        if (!filter || sq_ebv(c, sq_eval(c, filter, tmp)) == 1) {
          matched = 1;
          st = sq_rows_push(c, out, tmp);
        }
        if (c->err)
          st = c->err;
      }
      j = nk ? next[j] : (j + 1 < b->n ? j + 1 : SIZE_MAX);
    }
    if (!st && left && !matched)
      st = sq_rows_push(c, out, ra);
  }
  free(head);
  free(next);
  free(keys);
  free(tmp);
  if (st)
    sq_rows_free(c, out);
  return st;
}

ng_status sq_join(sq_ctx *c, sq_rows *a, sq_rows *b, sq_rows *out) {
  return join_rows(c, a, b, NULL, 0, out);
}

static ng_status path_rows(sq_ctx *c, const sq_pat *p, const sq_graph *g,
                           sq_rows *out);

/* A (the rows) joined (or left-joined with FILTER) with pattern P. */
static ng_status join_with(sq_ctx *c, sq_rows *a, const sq_pat *p,
                           const sq_graph *g, const sq_expr *filter,
                           int left, sq_rows *out) {
  ng_status st = NG_OK;
  if (p->op == P_BGP) {
    ng_vec origin;
    memset(&origin, 0, sizeof origin);
    sq_rows r;
    rows_init(c, &r);
    st = bgp(c, p, g, a, &r, left ? &origin : NULL);
    if (st || !left) {
      if (!st)
        *out = r;
      ng_vec_free(&origin);
      return st;
    }
    rows_init(c, out);
    char *matched = calloc(a->n ? a->n : 1, 1);
    if (!matched)
      st = c->err = NG_ERR_NOMEM;
    for (size_t i = 0; i < r.n && !st; i++) {
      if (filter && sq_ebv(c, sq_eval(c, filter, ROW(&r, i))) != 1) {
        st = c->err;
        continue;
      }
      matched[NG_VEC_AT(&origin, size_t, i)] = 1;
      st = sq_rows_push(c, out, ROW(&r, i));
    }
    for (size_t i = 0; i < a->n && !st; i++)
      if (!matched[i])
        st = sq_rows_push(c, out, ROW(a, i));
    free(matched);
    ng_vec_free(&origin);
    sq_rows_free(c, &r);
    if (st)
      sq_rows_free(c, out);
    return st;
  }
  if (p->op == P_PATH && !left && a->n <= 1024) {
    /* the path from each row's values: a start given beats a search of
     * the whole graph */
    const sq_id *seed = c->seed;
    rows_init(c, out);
    for (size_t i = 0; i < a->n && !st; i++) {
      sq_rows r;
      c->seed = ROW(a, i);
      st = path_rows(c, p, g, &r);
      for (size_t j = 0; j < r.n && !st; j++)
        st = sq_rows_push(c, out, ROW(&r, j));
      if (!st)
        sq_rows_free(c, &r);
    }
    c->seed = seed;
    if (st)
      sq_rows_free(c, out);
    return st;
  }
  sq_rows b;
  st = sq_eval_pat(c, p, g, &b);
  if (st)
    return st;
  st = join_rows(c, a, &b, filter, left, out);
  sq_rows_free(c, &b);
  return st;
}

/* ---- the other operators ---- */

/* the one empty solution; under EXISTS, the row it is asked of (its
 * values put into the pattern, as section 18.6 substitutes them) */
static ng_status unit(sq_ctx *c, sq_rows *out) {
  rows_init(c, out);
  sq_id *row = calloc(c->vars.n ? c->vars.n : 1, sizeof *row);
  if (row && c->seed && c->vars.n)
    memcpy(row, c->seed, c->vars.n * sizeof *row);
  ng_status st = row ? sq_rows_push(c, out, row) : (c->err = NG_ERR_NOMEM);
  free(row);
  return st;
}

static ng_status filter_rows(sq_ctx *c, const sq_expr *e, sq_rows *r) {
  size_t k = 0;
  for (size_t i = 0; i < r->n; i++) {
    if (sq_check(c))
      return c->err;
    if (sq_ebv(c, sq_eval(c, e, ROW(r, i))) == 1) {
      if (k != i && r->w)
        memcpy(ROW(r, k), ROW(r, i), r->w * sizeof(sq_id));
      k++;
    }
    if (c->err)
      return c->err;
  }
  c->cells -= (r->n - k) * (r->w + 1);
  r->n = k;
  return NG_OK;
}

static ng_status minus_rows(sq_ctx *c, sq_rows *a, const sq_rows *b) {
  size_t w = c->vars.n, k = 0;
  for (size_t i = 0; i < a->n; i++) {
    const sq_id *ra = ROW(a, i);
    int drop = 0;
    if (sq_check(c))
      return c->err;
    for (size_t j = 0; j < b->n && !drop; j++) {
      const sq_id *rb = ROW(b, j);
      int shared = 0;
      for (size_t v = 0; v < w && !shared; v++)
        shared = ra[v] && rb[v];
      drop = shared && compatible(w, ra, rb);
    }
    if (!drop) {
      if (k != i && w)
        memcpy(ROW(a, k), ra, w * sizeof(sq_id));
      k++;
    }
  }
  c->cells -= (a->n - k) * (a->w + 1);
  a->n = k;
  return NG_OK;
}

static ng_status graph_rows(sq_ctx *c, const sq_pat *p, sq_rows *out) {
  ng_status st = NG_OK;
  if (p->graph.var < 0) {
    sq_id g = p->graph.term;
    int in = c->named_all ? 1 : 0;
    for (size_t i = 0; i < c->named_g.n && !in; i++)
      in = NG_VEC_AT(&c->named_g, sq_id, i) == g;
    if (c->named_all && sq_t(c, g)->kind == SQ_IRI) {
      int has = ng_store_has_graph(c->s, sq_t(c, g)->lex);
      in = has > 0;
    }
    if (!in) {
      rows_init(c, out);
      return NG_OK;
    }
    sq_graph gg = {1, g, -1};
    return sq_eval_pat(c, p->a, &gg, out);
  }
  int var = p->graph.var;
  if (p->a->op == P_BGP) {
    sq_graph gg = {2, 0, var};
    sq_rows u;
    st = unit(c, &u);
    if (!st)
      st = bgp(c, p->a, &gg, &u, out, NULL);
    sq_rows_free(c, &u);
    return st;
  }
  /* every named graph in turn */
  const ng_vec *list = named_graphs(c);
  if (!list)
    return c->err;
  ng_vec graphs = *list;
  rows_init(c, out);
  for (size_t i = 0; i < graphs.n && !st; i++) {
    sq_id g = NG_VEC_AT(&graphs, sq_id, i);
    sq_graph gg = {1, g, -1};
    sq_rows r;
    st = sq_eval_pat(c, p->a, &gg, &r);
    for (size_t j = 0; j < r.n && !st; j++) {
      sq_id *row = ROW(&r, j);
      if (row[var] && row[var] != g)
        continue;
      row[var] = g;
      st = sq_rows_push(c, out, row);
    }
    if (!st)
      sq_rows_free(c, &r);
  }
  if (st)
    sq_rows_free(c, out);
  return st;
}

/* ---- property paths ---- */

/* (start, end) pairs of a path */
typedef struct pairs {
  sq_id *v; /* 2 per pair */
  size_t n, cap;
} pairs;

static ng_status pairs_add(sq_ctx *c, pairs *x, sq_id a, sq_id b) {
  /* held like rows: within the query's limit of values */
  if (c->cells + 2 * (x->n + 1) > c->max_cells)
    return c->err = NG_ERR_LIMIT;
  if (x->n == x->cap) {
    size_t cap = x->cap ? x->cap * 2 : 16;
    sq_id *v = realloc(x->v, cap * 2 * sizeof *v);
    if (!v)
      return c->err = NG_ERR_NOMEM;
    x->v = v;
    x->cap = cap;
  }
  x->v[2 * x->n] = a;
  x->v[2 * x->n + 1] = b;
  x->n++;
  return NG_OK;
}

static ng_status path_pairs(sq_ctx *c, const sq_pat *pp, const sq_path *x,
                            const sq_graph *g, sq_id s, sq_id o,
                            pairs *out);

/* the triples (S P O) of graph G, P given or (0) any: each into OUT as
 * the pair (s, o), with its predicate into PREDS (may be NULL) */
static ng_status triples_of(sq_ctx *c, const sq_pat *pp, const sq_graph *g,
                            sq_id s, sq_id pred, sq_id o, pairs *out,
                            ng_vec *preds) {
  size_t w = c->vars.n;
  sq_triple t;
  sq_pat bp;
  memset(&bp, 0, sizeof bp);
  bp.op = P_BGP;
  bp.triples = &t;
  bp.ntriples = 1;
  t.part[0].var = s ? -1 : pp->hid[0];
  t.part[0].term = s;
  t.part[1].var = pred ? -1 : pp->hid[2];
  t.part[1].term = pred;
  t.part[2].var = o ? -1 : pp->hid[1];
  t.part[2].term = o;
  sq_rows in, r;
  rows_init(c, &in);
  rows_init(c, &r);
  sq_id *zero = calloc(w ? w : 1, sizeof *zero);
  ng_status st = zero ? sq_rows_push(c, &in, zero) : (c->err = NG_ERR_NOMEM);
  if (!st && g->mode == 2) {
    /* a path inside GRAPH ?g is read graph by graph (graph_rows) */
    st = c->err = NG_ERR_QUERY;
  }
  if (!st)
    st = bgp(c, &bp, g, &in, &r, NULL);
  for (size_t i = 0; i < r.n && !st; i++) {
    const sq_id *row = ROW(&r, i);
    st = pairs_add(c, out, s ? s : row[pp->hid[0]], o ? o : row[pp->hid[1]]);
    if (!st && preds) {
      sq_id *slot = ng_vec_push(preds, sizeof *slot, SIZE_MAX / 8);
      if (!slot)
        st = c->err = NG_ERR_NOMEM;
      else
        *slot = pred ? pred : row[pp->hid[2]];
    }
  }
  sq_rows_free(c, &in);
  sq_rows_free(c, &r);
  free(zero);
  return st;
}

/* Marks ID as seen in SEEN (keys in A): 1 when it was not seen before,
 * 0 when it was, -1 when out of memory or past the query's cap (C->err
 * set). */
static int first_sight(sq_ctx *c, ng_map *seen, ng_arena *a, sq_id id) {
  ng_map_entry *e = ng_map_slot(seen, a, (const char *)&id, sizeof id);
  if (!e) {
    c->err = NG_ERR_NOMEM;
    return -1;
  }
  if (e->value)
    return 0;
  e->value = seen;
  return sq_hold(c, SQ_KEY_CELLS(sizeof id)) ? -1 : 1;
}

/* Appends ID to V (of sq_id); NG_ERR_NOMEM (C->err set) */
static ng_status push_id(sq_ctx *c, ng_vec *v, sq_id id) {
  sq_id *slot = ng_vec_push(v, sizeof *slot, SIZE_MAX / 8);
  if (!slot)
    return c->err = NG_ERR_NOMEM;
  *slot = id;
  return NG_OK;
}

/* every node of graph G (subjects and objects), once each */
static ng_status graph_nodes(sq_ctx *c, const sq_pat *pp, const sq_graph *g,
                             ng_vec *nodes) {
  pairs all;
  memset(&all, 0, sizeof all);
  ng_map seen;
  ng_arena a;
  ng_map_init(&seen);
  ng_arena_init(&a, 0);
  ng_status st = triples_of(c, pp, g, 0, 0, 0, &all, NULL);
  for (size_t i = 0; i < 2 * all.n && !st; i++) {
    int first = first_sight(c, &seen, &a, all.v[i]);
    if (first < 0)
      st = c->err;
    else if (first)
      st = push_id(c, nodes, all.v[i]);
  }
  free(all.v);
  ng_map_free(&seen);
  ng_arena_free(&a);
  return st;
}

/* 1 when N is a node of graph G, 0 when not, -1 on a hard error; the
 * nodes of the graph are listed once per query and graph */
static int node_in_graph(sq_ctx *c, const sq_pat *pp, const sq_graph *g,
                         sq_id n) {
  sq_id key[2] = {(sq_id)g->mode, g->mode == 1 ? g->term : 0};
  if (!c->gnodes_listed || memcmp(c->gnodes_of, key, sizeof key)) {
    ng_vec nodes;
    memset(&nodes, 0, sizeof nodes);
    ng_map_free(&c->gnodes);
    ng_arena_free(&c->gnodes_arena);
    ng_map_init(&c->gnodes);
    ng_arena_init(&c->gnodes_arena, 0);
    c->gnodes_listed = 0;
    ng_status st = graph_nodes(c, pp, g, &nodes);
    for (size_t i = 0; i < nodes.n && !st; i++) {
      ng_map_entry *e =
          ng_map_slot(&c->gnodes, &c->gnodes_arena,
                      (const char *)&NG_VEC_AT(&nodes, sq_id, i),
                      sizeof(sq_id));
      if (!e)
        st = c->err = NG_ERR_NOMEM;
      else
        e->value = &c->gnodes;
    }
    ng_vec_free(&nodes);
    if (st)
      return -1;
    memcpy(c->gnodes_of, key, sizeof key);
    c->gnodes_listed = 1;
  }
  ng_map_entry *e =
      ng_map_slot(&c->gnodes, &c->gnodes_arena, (const char *)&n, sizeof n);
  if (!e)
    return c->err = NG_ERR_NOMEM, -1;
  return e->value != NULL;
}

/* X* (MIN 0), X+ (MIN 1) or X? (ONE) from S: the nodes reached, each
 * once (a visited set: cycles end), into OUT as pairs (S, node); with O
 * given only that node */
static ng_status closure_from(sq_ctx *c, const sq_pat *pp, const sq_path *x,
                              const sq_graph *g, sq_id s, sq_id o, int min,
                              int one, pairs *out) {
  ng_map seen;
  ng_arena a;
  ng_map_init(&seen);
  ng_arena_init(&a, 0);
  ng_vec todo; /* sq_id: the frontier, and every node reached */
  memset(&todo, 0, sizeof todo);
  ng_status st = NG_OK;
  if (!min) {
    if (first_sight(c, &seen, &a, s) < 0)
      st = c->err;
    if (!st && (!o || o == s))
      st = pairs_add(c, out, s, s);
  }
  if (!st)
    st = push_id(c, &todo, s);
  for (size_t i = 0; i < todo.n && !(st = sq_check(c)); i++) {
    if (one && i > 0)
      break;
    pairs step;
    memset(&step, 0, sizeof step);
    st = path_pairs(c, pp, x, g, NG_VEC_AT(&todo, sq_id, i), 0, &step);
    for (size_t k = 0; k < step.n && !st; k++) {
      sq_id n = step.v[2 * k + 1];
      int first = first_sight(c, &seen, &a, n);
      if (first < 0) {
        st = c->err;
        break;
      }
      if (!first)
        continue;
      if (!o || o == n)
        st = pairs_add(c, out, s, n);
      if (!st)
        st = push_id(c, &todo, n);
    }
    free(step.v);
  }
  ng_vec_free(&todo);
  ng_map_free(&seen);
  ng_arena_free(&a);
  return st;
}

static void swap_pairs(pairs *x, size_t from) {
  for (size_t i = from; i < x->n; i++) {
    sq_id t = x->v[2 * i];
    x->v[2 * i] = x->v[2 * i + 1];
    x->v[2 * i + 1] = t;
  }
}

static ng_status closure(sq_ctx *c, const sq_pat *pp, const sq_path *x,
                         const sq_graph *g, sq_id s, sq_id o, pairs *out) {
  int min = x->op == PATH_PLUS, one = x->op == PATH_OPT;
  if (s)
    return closure_from(c, pp, x->a, g, s, o, min, one, out);
  if (o) {
    /* from the end backwards: the inverse path */
    sq_path inv;
    memset(&inv, 0, sizeof inv);
    inv.op = PATH_INV;
    inv.a = x->a;
    size_t from = out->n;
    ng_status st = closure_from(c, pp, &inv, g, o, 0, min, one, out);
    swap_pairs(out, from);
    return st;
  }
  ng_vec nodes;
  memset(&nodes, 0, sizeof nodes);
  ng_status st = graph_nodes(c, pp, g, &nodes);
  for (size_t i = 0; i < nodes.n && !st; i++)
    st = closure_from(c, pp, x->a, g, NG_VEC_AT(&nodes, sq_id, i), 0, min,
                      one, out);
  ng_vec_free(&nodes);
  return st;
}

/* the pairs of path X in G with start S and end O (0: any) */
static ng_status path_pairs(sq_ctx *c, const sq_pat *pp, const sq_path *x,
                            const sq_graph *g, sq_id s, sq_id o,
                            pairs *out) {
  ng_status st = NG_OK;
  if (c->err)
    return c->err;
  switch (x->op) {
  case PATH_LINK:
    return triples_of(c, pp, g, s, x->iri, o, out, NULL);
  case PATH_INV: {
    size_t from = out->n;
    st = path_pairs(c, pp, x->a, g, o, s, out);
    swap_pairs(out, from);
    return st;
  }
  case PATH_ALT:
    st = path_pairs(c, pp, x->a, g, s, o, out);
    return st ? st : path_pairs(c, pp, x->b, g, s, o, out);
  case PATH_SEQ: {
    pairs first;
    memset(&first, 0, sizeof first);
    st = path_pairs(c, pp, x->a, g, s, 0, &first);
    for (size_t i = 0; i < first.n && !st; i++) {
      size_t from = out->n;
      st = path_pairs(c, pp, x->b, g, first.v[2 * i + 1], o, out);
      for (size_t k = from; k < out->n; k++)
        out->v[2 * k] = first.v[2 * i];
    }
    free(first.v);
    return st;
  }
  case PATH_STAR:
  case PATH_PLUS:
  case PATH_OPT:
    return closure(c, pp, x, g, s, o, out);
  case PATH_NEG: {
    int fwd = 0, inv = 0;
    for (size_t i = 0; i < x->nneg; i++)
      x->neg_inv[i] ? inv++ : fwd++;
    for (int dir = 0; dir < 2 && !st; dir++) {
      if (dir == 0 ? !(fwd || !inv) : !inv)
        continue;
      pairs all;
      ng_vec preds;
      memset(&all, 0, sizeof all);
      memset(&preds, 0, sizeof preds);
      st = dir == 0 ? triples_of(c, pp, g, s, 0, o, &all, &preds)
                    : triples_of(c, pp, g, o, 0, s, &all, &preds);
      for (size_t i = 0; i < all.n && !st; i++) {
        sq_id pr = NG_VEC_AT(&preds, sq_id, i);
        int excluded = 0;
        for (size_t k = 0; k < x->nneg && !excluded; k++)
          excluded = x->neg_inv[k] == dir && x->neg[k] == pr;
        if (!excluded)
          st = dir == 0 ? pairs_add(c, out, all.v[2 * i], all.v[2 * i + 1])
                        : pairs_add(c, out, all.v[2 * i + 1], all.v[2 * i]);
      }
      free(all.v);
      ng_vec_free(&preds);
    }
    return st;
  }
  default:
    return c->err = NG_ERR_QUERY;
  }
}

/* a path pattern: its rows (from the seed row when there is one) */
static ng_status path_rows(sq_ctx *c, const sq_pat *p, const sq_graph *g,
                           sq_rows *out) {
  size_t w = c->vars.n;
  const sq_triple *t = &p->triples[0];
  sq_id *row = calloc(w ? w : 1, sizeof *row);
  rows_init(c, out);
  if (!row)
    return c->err = NG_ERR_NOMEM;
  if (c->seed && w)
    memcpy(row, c->seed, w * sizeof *row);
  int sv = t->part[0].var, ov = t->part[2].var;
  sq_id s = sv < 0 ? t->part[0].term : row[sv];
  sq_id o = ov < 0 ? t->part[2].term : row[ov];
  pairs found;
  memset(&found, 0, sizeof found);
  ng_status st = path_pairs(c, p, p->path, g, s, o, &found);
  sq_id *tmp = calloc(w ? w : 1, sizeof *tmp);
  if (!st && !tmp)
    st = c->err = NG_ERR_NOMEM;
  /* a zero-length path from a variable's value: only a node of the
   * graph (a constant of the query is its own start either way) */
  int from_var = (sv >= 0 && s) || (ov >= 0 && o), in_graph = -1;
  for (size_t i = 0; i < found.n && !st; i++) {
    sq_id a = found.v[2 * i], b = found.v[2 * i + 1];
    if ((s && a != s) || (o && b != o) || (sv >= 0 && sv == ov && a != b))
      continue;
    if (a == b && from_var && in_graph < 0) {
      /* a step of the path from it or to it says so at once; else the
       * nodes of the graph (a scan: the store has no subject index) */
      in_graph = 0;
      for (size_t k = 0; k < found.n && !in_graph; k++)
        in_graph = (found.v[2 * k] == a) != (found.v[2 * k + 1] == a);
      if (!in_graph) {
        int in = node_in_graph(c, p, g, a);
        st = in < 0 ? c->err : NG_OK;
        in_graph = in > 0;
      }
    }
    if (st || (a == b && from_var && !in_graph))
      continue;
    if (w)
      memcpy(tmp, row, w * sizeof *tmp);
    if (sv >= 0)
      tmp[sv] = a;
    if (ov >= 0)
      tmp[ov] = b;
    st = sq_rows_push(c, out, tmp);
  }
  free(found.v);
  free(tmp);
  free(row);
  if (st)
    sq_rows_free(c, out);
  return st;
}

/* ---- VALUES, subqueries, EXISTS ---- */

static ng_status values_rows(sq_ctx *c, const sq_pat *p, sq_rows *out) {
  size_t w = c->vars.n;
  sq_id *row = calloc(w ? w : 1, sizeof *row);
  rows_init(c, out);
  ng_status st = row ? NG_OK : (c->err = NG_ERR_NOMEM);
  for (size_t i = 0; i < p->nvrows && !st; i++) {
    if (w)
      memset(row, 0, w * sizeof *row);
    for (size_t k = 0; k < p->nvv; k++)
      row[p->vvars[k]] = p->vrows[i * p->nvv + k];
    st = sq_rows_push(c, out, row);
  }
  free(row);
  if (st)
    sq_rows_free(c, out);
  return st;
}

int sq_exists(sq_ctx *c, const sq_pat *p, const sq_id *row) {
  const sq_id *seed = c->seed;
  const sq_graph *cur = c->cur_g;
  sq_graph def = {0, 0, -1};
  sq_rows r;
  c->seed = row;
  ng_status st = sq_eval_pat(c, p, cur ? cur : &def, &r);
  c->seed = seed;
  c->cur_g = cur;
  if (st)
    return -1;
  int found = 0;
  for (size_t i = 0; i < r.n && !found; i++)
    found = compatible(c->vars.n, ROW(&r, i), row);
  sq_rows_free(c, &r);
  return found;
}

static ng_status eval_pat(sq_ctx *c, const sq_pat *p, const sq_graph *g,
                          sq_rows *out);

ng_status sq_eval_pat(sq_ctx *c, const sq_pat *p, const sq_graph *g,
                      sq_rows *out) {
  const sq_graph *cur = c->cur_g;
  c->cur_g = g;
  ng_status st = eval_pat(c, p, g, out);
  c->cur_g = cur;
  return st;
}

static ng_status eval_pat(sq_ctx *c, const sq_pat *p, const sq_graph *g,
                          sq_rows *out) {
  ng_status st = NG_OK;
  sq_rows a, b;
  rows_init(c, out);
  if (c->err)
    return c->err;
  switch (p->op) {
  case P_UNIT:
    return unit(c, out);
  case P_BGP:
    st = unit(c, &a);
    if (!st)
      st = bgp(c, p, g, &a, out, NULL);
    sq_rows_free(c, &a);
    return st;
  case P_JOIN:
  case P_LEFT:
    st = sq_eval_pat(c, p->a, g, &a);
    if (st)
      return st;
    st = join_with(c, &a, p->b, g, p->expr, p->op == P_LEFT, out);
    sq_rows_free(c, &a);
    return st;
  case P_UNION:
    st = sq_eval_pat(c, p->a, g, &a);
    if (!st)
      st = sq_eval_pat(c, p->b, g, &b);
    if (st) {
      sq_rows_free(c, &a);
      return st;
    }
    for (size_t i = 0; i < b.n && !st; i++)
      st = sq_rows_push(c, &a, ROW(&b, i));
    sq_rows_free(c, &b);
    if (st)
      sq_rows_free(c, &a);
    else
      *out = a;
    return st;
  case P_FILTER:
    st = sq_eval_pat(c, p->a, g, out);
    if (!st)
      st = filter_rows(c, p->expr, out);
    if (st)
      sq_rows_free(c, out);
    return st;
  case P_EXTEND: {
    st = sq_eval_pat(c, p->a, g, out);
    /* BNODE(str): one node per string and solution; BINDs in a row act on
     * the same rows in the same order */
    unsigned long scope =
        p->a->op == P_EXTEND ? c->extend_scope : ++c->scopes;
    c->extend_scope = scope;
    for (size_t i = 0; i < out->n && !st; i++) {
      sq_id *row = ROW(out, i);
      c->row_serial = (scope << 32) + i;
      if (!row[p->var]) /* bound already: an error, the row stays */
        row[p->var] = sq_eval(c, p->expr, row);
      st = sq_check(c);
    }
    if (st)
      sq_rows_free(c, out);
    return st;
  }
  case P_MINUS:
    st = sq_eval_pat(c, p->a, g, out);
    if (!st)
      st = sq_eval_pat(c, p->b, g, &b);
    if (!st) {
      st = minus_rows(c, out, &b);
      sq_rows_free(c, &b);
    }
    if (st)
      sq_rows_free(c, out);
    return st;
  case P_GRAPH:
    return graph_rows(c, p, out);
  case P_VALUES:
    return values_rows(c, p, out);
  case P_SUBQ: {
    const sq_id *seed = c->seed;
    c->seed = NULL; /* a subquery is evaluated on its own */
    st = sq_query_rows(p->sub, g, out);
    c->seed = seed;
    return st;
  }
  case P_PATH:
    return path_rows(c, p, g, out);
  default:
    return c->err = NG_ERR_QUERY;
  }
}

/* ---- streaming (sq_eval_stream) ---- */

/* FILTER and BIND over a streamed pattern: each row as it comes */
typedef struct stream_step {
  const sq_pat *p;
  const sq_emit *next;
  sq_id *tmp;              /* BIND: the row with its new value */
  unsigned long scope, i;  /* BIND: BNODE(str)'s row numbers */
} stream_step;

static ng_status filter_one(sq_ctx *c, void *user, const sq_id *row) {
  stream_step *f = user;
  int keep = sq_ebv(c, sq_eval(c, f->p->expr, row)) == 1;
  if (c->err)
    return c->err;
  return keep ? f->next->fn(c, f->next->user, row) : NG_OK;
}

static ng_status extend_one(sq_ctx *c, void *user, const sq_id *row) {
  stream_step *x = user;
  if (c->vars.n)
    memcpy(x->tmp, row, c->vars.n * sizeof *row);
  c->row_serial = (x->scope << 32) + x->i++;
  if (!x->tmp[x->p->var]) /* bound already: an error, the row stays */
    x->tmp[x->p->var] = sq_eval(c, x->p->expr, x->tmp);
  if (c->err)
    return c->err;
  return x->next->fn(c, x->next->user, x->tmp);
}

static ng_status eval_stream(sq_ctx *c, const sq_pat *p, const sq_graph *g,
                             const sq_emit *e) {
  ng_status st = NG_OK;
  sq_rows a, out;
  if (c->err)
    return c->err;
  switch (p->op) {
  case P_BGP:
    st = unit(c, &a);
    rows_init(c, &out);
    out.emit = e;
    if (!st)
      st = bgp(c, p, g, &a, &out, NULL);
    sq_rows_free(c, &a);
    return st;
  case P_FILTER: {
    stream_step f = {p, e, NULL, 0, 0};
    sq_emit step = {filter_one, &f};
    return eval_stream(c, p->a, g, &step);
  }
  case P_EXTEND: {
    /* BINDs in a row act on the same rows in the same order (eval_pat) */
    unsigned long scope =
        p->a->op == P_EXTEND ? c->extend_scope : ++c->scopes;
    c->extend_scope = scope;
    stream_step x = {p, e, calloc(c->vars.n ? c->vars.n : 1, sizeof(sq_id)),
                     scope, 0};
    if (!x.tmp)
      return c->err = NG_ERR_NOMEM;
    sq_emit step = {extend_one, &x};
    st = eval_stream(c, p->a, g, &step);
    free(x.tmp);
    return st;
  }
  default:
    st = eval_pat(c, p, g, &a);
    for (size_t i = 0; i < a.n && !st; i++)
      st = e->fn(c, e->user, ROW(&a, i));
    sq_rows_free(c, &a);
    return st;
  }
}

ng_status sq_eval_stream(sq_ctx *c, const sq_pat *p, const sq_graph *g,
                         const sq_emit *e) {
  const sq_graph *cur = c->cur_g;
  c->cur_g = g;
  ng_status st = eval_stream(c, p, g, e);
  c->cur_g = cur;
  return st;
}
