/* solution.c - the end of a query, after its WHERE clause: grouping
 * with the aggregates, HAVING, the SELECT expressions, ORDER BY,
 * projection, DISTINCT, OFFSET / LIMIT; the answers of SELECT, ASK and
 * CONSTRUCT handed to the sink; the rows of a subquery; and
 * ng_sparql_run(), which puts parse (parse.c), evaluation (eval.c) and
 * these together. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sq.h"
#include "store_index.h"


typedef struct agg_state {
  sq_id acc;
  long long count;
  int err, has;
  ng_buf text;
} agg_state;

static ng_status seen_before(sq_ctx *c, ng_map *m, ng_arena *a,
                             const void *key, size_t n, int *seen) {
  ng_map_entry *e = ng_map_slot(m, a, key, n);
  if (!e)
    return c->err = NG_ERR_NOMEM;
  *seen = e->value != NULL;
  e->value = m;
  return *seen ? NG_OK : sq_hold(c, SQ_KEY_CELLS(n));
}

static void add_value(sq_ctx *c, const sq_expr *x, agg_state *s, sq_id v) {
  const sq_term *t = sq_t(c, v);
  switch (x->op) {
  case E_COUNT:
    s->count++;
    break;
  case E_SUM:
  case E_AVG:
    if (!t->num) {
      s->err = 1;
      break;
    }
    s->acc = s->has ? sq_arith(c, E_ADD, s->acc, v) : v;
    s->err = !s->acc;
    s->count++;
    break;
  case E_MIN:
    if (!s->has || sq_order(c, v, s->acc) < 0)
      s->acc = v;
    break;
  case E_MAX:
    if (!s->has || sq_order(c, v, s->acc) > 0)
      s->acc = v;
    break;
  case E_SAMPLE:
    if (!s->has)
      s->acc = v;
    break;
  case E_GROUP_CONCAT: {
    if (t->kind == SQ_BNODE) {
      s->err = 1;
      break;
    }
    const sq_term *sep = x->konst ? sq_t(c, x->konst) : NULL;
    if (s->has && (sep ? ng_buf_add(&s->text, sep->lex, sep->len)
                       : ng_buf_addc(&s->text, ' ')))
      s->err = 1;
    if (!s->err && ng_buf_add(&s->text, t->lex, t->len))
      s->err = 1;
    break;
  }
  default:
    s->err = 1;
    break;
  }
  s->has = 1;
}

static sq_id agg_result(sq_ctx *c, const sq_expr *x, agg_state *s) {
  if (s->err)
    return 0;
  switch (x->op) {
  case E_COUNT:
    return sq_int(c, s->count);
  case E_SUM:
    return s->has ? s->acc : sq_int(c, 0);
  case E_AVG:
    return s->has ? sq_arith(c, E_DIV, s->acc, sq_int(c, s->count))
                  : sq_int(c, 0);
  case E_GROUP_CONCAT:
    return sq_string(c, s->text.s ? s->text.s : "", s->text.len, NULL,
                     NULL);
  default:
    return s->has ? s->acc : 0;
  }
}

static ng_status group_rows(sq_query *q, sq_rows *in, sq_rows *out) {
  sq_ctx *c = q->c;
  size_t w = c->vars.n, nk = q->nkeys, na = q->aggs.n, n = in->n;
  ng_status st = NG_OK;
  sq_id *kv = calloc(n * nk > 0 ? n * nk : 1, sizeof *kv);
  size_t *gidx = calloc(n ? n : 1, sizeof *gidx);
  ng_vec first; /* size_t: a row of each group */
  ng_map groups, dmap;
  ng_arena keys;
  memset(&first, 0, sizeof first);
  ng_map_init(&groups);
  ng_map_init(&dmap);
  ng_arena_init(&keys, 0);
  agg_state *state = NULL;
  sq_id *row = calloc(w ? w : 1, sizeof *row);
  size_t ng = 0;
  memset(out, 0, sizeof *out);
  out->w = w;
  if (!kv || !gidx || !row)
    st = c->err = NG_ERR_NOMEM;
  for (size_t i = 0; i < n && !(st = sq_check(c)); i++) {
    c->row_serial++;
    for (size_t k = 0; k < nk; k++)
      kv[i * nk + k] = sq_eval(c, q->keys[k], in->v + i * w);
    if ((st = c->err))
      break;
    if (!nk)
      continue;
    ng_map_entry *e = ng_map_slot(&groups, &keys, (const char *)(kv + i * nk),
                                  nk * sizeof *kv);
    if (!e) {
      st = c->err = NG_ERR_NOMEM;
      break;
    }
    if (!e->value) {
      size_t *f = ng_vec_push(&first, sizeof *f, SIZE_MAX / 16);
      if (!f) {
        st = c->err = NG_ERR_NOMEM;
        break;
      }
      *f = i;
      e->value = (void *)(uintptr_t)(++ng);
    }
    gidx[i] = (size_t)(uintptr_t)e->value - 1;
  }
  if (!nk)
    ng = 1; /* one group, even of no row */
  if (!st && ng * (na ? na : 1) > c->max_cells)
    st = c->err = NG_ERR_LIMIT;
  if (!st && !(state = calloc(ng * na > 0 ? ng * na : 1, sizeof *state)))
    st = c->err = NG_ERR_NOMEM;
  for (size_t i = 0; i < ng * na && state; i++)
    ng_buf_init(&state[i].text, 64u * 1024u * 1024u);
  for (size_t i = 0; i < n && !st && !(st = sq_check(c)); i++) {
    const sq_id *r = in->v + i * w;
    for (size_t a = 0; a < na && !st; a++) {
      const sq_expr *x = NG_VEC_AT(&q->aggs, sq_expr *, a);
      agg_state *s = &state[gidx[i] * na + a];
      if (s->err)
        continue;
      sq_id v = x->star ? 1 : sq_eval(c, x->args[0], r);
      if ((st = c->err))
        break;
      if (!v) {
        if (x->op == E_SUM || x->op == E_AVG)
          s->err = 1;
        continue;
      }
      if (x->distinct) {
        size_t len = 2 * sizeof(size_t) +
                     (x->star ? w * sizeof(sq_id) : sizeof(sq_id));
        unsigned char key[2 * sizeof(size_t) + sizeof(sq_id)];
        unsigned char *k = x->star ? malloc(len) : key;
        int seen = 0;
        if (!k) {
          st = c->err = NG_ERR_NOMEM;
          break;
        }
        memcpy(k, &a, sizeof a);
        memcpy(k + sizeof a, &gidx[i], sizeof gidx[i]);
        if (x->star && w)
          memcpy(k + 2 * sizeof(size_t), r, w * sizeof(sq_id));
        else
          memcpy(k + 2 * sizeof(size_t), &v, sizeof v);
        st = seen_before(c, &dmap, &keys, k, len, &seen);
        if (k != key)
          free(k);
        if (st || seen)
          continue;
      }
      add_value(c, x, s, v);
    }
  }
  for (size_t g = 0; g < ng && !st; g++) {
    memset(row, 0, w * sizeof *row);
    for (size_t k = 0; k < nk; k++)
      if (q->key_var[k] >= 0)
        row[q->key_var[k]] = kv[NG_VEC_AT(&first, size_t, g) * nk + k];
    for (size_t a = 0; a < na; a++) {
      const sq_expr *x = NG_VEC_AT(&q->aggs, sq_expr *, a);
      row[x->var] = agg_result(c, x, &state[g * na + a]);
    }
    st = c->err ? c->err : sq_rows_push(c, out, row);
  }
  for (size_t i = 0; state && i < ng * na; i++)
    ng_buf_free(&state[i].text);
  free(state);
  free(kv);
  free(gidx);
  free(row);
  ng_vec_free(&first);
  ng_map_free(&groups);
  ng_map_free(&dmap);
  ng_arena_free(&keys);
  if (st)
    sq_rows_free(c, out);
  return st;
}

/* ORDER BY: a stable merge sort of row indexes on precomputed keys;
 * rows the keys tie go in the order of their projected values (ROWS of
 * width W, the NP slots PROJ), so that the answer does not depend on
 * the order the store gave the triples in (librdf's or the index's) */
typedef struct order_ctx {
  const sq_ctx *c;
  const sq_id *keys;
  const int *desc;
  size_t nk;
  const sq_id *rows;
  size_t w, np;
  const int *proj;
} order_ctx;

static int order_cmp(const order_ctx *o, size_t a, size_t b) {
  for (size_t k = 0; k < o->nk; k++) {
    int r = sq_order(o->c, o->keys[a * o->nk + k], o->keys[b * o->nk + k]);
    if (r)
      return o->desc[k] ? -r : r;
  }
  for (size_t k = 0; k < o->np; k++) {
    int r = sq_order(o->c, o->rows[a * o->w + (size_t)o->proj[k]],
                     o->rows[b * o->w + (size_t)o->proj[k]]);
    if (r)
      return r;
  }
  return 0;
}

static void merge_sort(const order_ctx *o, size_t *v, size_t *tmp,
                       size_t n) {
  if (n < 2)
    return;
  size_t h = n / 2;
  merge_sort(o, v, tmp, h);
  merge_sort(o, v + h, tmp, n - h);
  size_t i = 0, j = h, k = 0;
  while (i < h && j < n)
    tmp[k++] = order_cmp(o, v[j], v[i]) < 0 ? v[j++] : v[i++];
  while (i < h)
    tmp[k++] = v[i++];
  while (j < n)
    tmp[k++] = v[j++];
  memcpy(v, tmp, n * sizeof *v);
}

/* SELECT's rows handed to SINK, or (SINK NULL) into COLLECT as rows of
 * the query's width with the projected variables only */
/* The end of a SELECT, a row at a time: projection, DISTINCT, OFFSET,
 * LIMIT, and the row handed to the sink (or pushed to COLLECT, for a
 * subquery). */
typedef struct select_out {
  sq_query *q;
  const ng_sparql_sink *sink;
  sq_rows *collect;
  char **names;
  ng_rterm *terms;
  ng_rterm **vals;
  sq_id *prow, *full, *tmp;
  ng_map seen;
  ng_arena arena;
  long skipped, kept;
  unsigned long scope, serial; /* streaming: BNODE(str)'s row numbers */
  int stopped;                 /* LIMIT reached */
} select_out;

static void select_free(select_out *o) {
  free(o->names);
  free(o->terms);
  free(o->vals);
  free(o->prow);
  free(o->full);
  free(o->tmp);
  ng_map_free(&o->seen);
  ng_arena_free(&o->arena);
}

/* Sets O up and hands the head to the sink. */
static ng_status select_begin(select_out *o, sq_query *q,
                              const ng_sparql_sink *sink, sq_rows *collect) {
  sq_ctx *c = q->c;
  size_t np = q->proj.n, w = c->vars.n;
  memset(o, 0, sizeof *o);
  o->q = q;
  o->sink = sink;
  o->collect = collect;
  ng_map_init(&o->seen);
  ng_arena_init(&o->arena, 0);
  o->names = calloc(np ? np : 1, sizeof *o->names);
  o->terms = calloc(np ? np : 1, sizeof *o->terms);
  o->vals = calloc(np ? np : 1, sizeof *o->vals);
  o->prow = calloc(np ? np : 1, sizeof *o->prow);
  o->full = calloc(w ? w : 1, sizeof *o->full);
  o->tmp = calloc(w ? w : 1, sizeof *o->tmp);
  if (!o->names || !o->terms || !o->vals || !o->prow || !o->full || !o->tmp)
    return c->err = NG_ERR_NOMEM;
  for (size_t p = 0; p < np; p++)
    o->names[p] =
        (char *)NG_VEC_AT(&c->vars, const char *, NG_VEC_AT(&q->proj, int, p));
  if (sink && sink->head)
    return sink->head(sink->user, o->names, np);
  return NG_OK;
}

/* One solution ROW (its SELECT expressions evaluated) to the sink; sets
 * o->stopped once LIMIT rows are out. */
static ng_status select_row(select_out *o, const sq_id *row) {
  sq_query *q = o->q;
  sq_ctx *c = q->c;
  size_t np = q->proj.n;
  if (q->limit >= 0 && o->kept >= q->limit) {
    o->stopped = 1;
    return NG_OK;
  }
  for (size_t p = 0; p < np; p++)
    o->prow[p] = row[NG_VEC_AT(&q->proj, int, p)];
  if (q->distinct) {
    int dup = 0;
    ng_status st = seen_before(c, &o->seen, &o->arena, o->prow,
                               np * sizeof *o->prow, &dup);
    if (st || dup)
      return st;
  }
  if (o->skipped < q->offset) {
    o->skipped++;
    return NG_OK;
  }
  o->kept++;
  if (q->limit >= 0 && o->kept >= q->limit)
    o->stopped = 1;
  if (o->collect) {
    for (size_t p = 0; p < np; p++)
      o->full[NG_VEC_AT(&q->proj, int, p)] = o->prow[p];
    return sq_rows_push(c, o->collect, o->full);
  }
  for (size_t p = 0; p < np; p++) {
    o->vals[p] = NULL;
    if (o->prow[p]) {
      sq_rterm(c, o->prow[p], &o->terms[p]);
      o->vals[p] = &o->terms[p];
    }
  }
  return o->sink->row ? o->sink->row(o->sink->user, o->vals) : NG_OK;
}

static ng_status emit_select(sq_query *q, sq_rows *r,
                             const ng_sparql_sink *sink, sq_rows *collect) {
  sq_ctx *c = q->c;
  size_t w = c->vars.n, np = q->proj.n, no = q->order.n;
  ng_status st = NG_OK;
  /* the SELECT expressions, in order (BNODE(str): one node per string
   * and row) */
  unsigned long scope = ++c->scopes;
  for (size_t p = 0; p < np; p++) {
    const sq_expr *e = NG_VEC_AT(&q->proj_expr, sq_expr *, p);
    int slot = NG_VEC_AT(&q->proj, int, p);
    for (size_t i = 0; e && i < r->n && !c->err; i++) {
      c->row_serial = (scope << 32) + i;
      if (!r->v[i * w + slot])
        r->v[i * w + slot] = sq_eval(c, e, r->v + i * w);
    }
  }
  if (c->err)
    return c->err;
  size_t *idx = malloc((r->n ? r->n : 1) * sizeof *idx);
  size_t *tmp = malloc((r->n ? r->n : 1) * sizeof *tmp);
  sq_id *keys = calloc(r->n * no > 0 ? r->n * no : 1, sizeof *keys);
  if (!idx || !tmp || !keys)
    st = c->err = NG_ERR_NOMEM;
  for (size_t i = 0; !st && i < r->n; i++) {
    idx[i] = i;
    for (size_t k = 0; k < no; k++)
      keys[i * no + k] =
          sq_eval(c, NG_VEC_AT(&q->order, sq_expr *, k), r->v + i * w);
  }
  if (!st && no) {
    order_ctx o = {c,     keys, (const int *)q->order_desc.items,
                   no,    r->v, w,
                   np,    (const int *)q->proj.items};
    merge_sort(&o, idx, tmp, r->n);
  }
  select_out o;
  if (!st)
    st = select_begin(&o, q, sink, collect);
  for (size_t i = 0; i < r->n && !st && !o.stopped; i++)
    st = select_row(&o, r->v + idx[i] * w);
  if (idx && tmp && keys)
    select_free(&o);
  free(idx);
  free(tmp);
  free(keys);
  return st;
}

/* A SELECT whose rows can go to the sink as the WHERE clause makes them:
 * no grouping or aggregate, no ORDER BY, no trailing VALUES (DISTINCT
 * keeps the rows seen, not the solutions). */
static int streams(const sq_query *q) {
  return q->verb == SQ_SELECT && !q->nkeys && !q->aggs.n && !q->order.n &&
         !q->values && !q->having.n;
}

/* streaming: the SELECT expressions of the row, then select_row(); a
 * stop at LIMIT is NG_ERR_LIMIT with o->stopped set */
static ng_status stream_row(sq_ctx *c, void *user, const sq_id *row) {
  select_out *o = user;
  sq_query *q = o->q;
  if (c->vars.n)
    memcpy(o->tmp, row, c->vars.n * sizeof *row);
  c->row_serial = (o->scope << 32) + o->serial++;
  for (size_t p = 0; p < q->proj.n && !c->err; p++) {
    const sq_expr *e = NG_VEC_AT(&q->proj_expr, sq_expr *, p);
    int slot = NG_VEC_AT(&q->proj, int, p);
    if (e && !o->tmp[slot])
      o->tmp[slot] = sq_eval(c, e, o->tmp);
  }
  if (c->err)
    return c->err;
  ng_status st = select_row(o, o->tmp);
  return !st && o->stopped ? NG_ERR_LIMIT : st;
}

static ng_status stream_select(sq_query *q, const sq_graph *g,
                               const ng_sparql_sink *sink) {
  sq_ctx *c = q->c;
  select_out o;
  ng_status st = select_begin(&o, q, sink, NULL);
  o.scope = ++c->scopes;
  if (!st && q->limit != 0) {
    sq_emit e = {stream_row, &o};
    st = sq_eval_stream(c, q->where, g, &e);
    if (st == NG_ERR_LIMIT && o.stopped && !c->err)
      st = NG_OK; /* LIMIT reached: the evaluation stopped early */
  }
  select_free(&o);
  return st;
}

/* CONSTRUCT: the template filled with each row; blank nodes of the
 * template new for each row; each triple once */
static ng_status emit_construct(sq_query *q, sq_rows *r,
                                const ng_sparql_sink *sink) {
  sq_ctx *c = q->c;
  size_t w = c->vars.n;
  ng_map seen;
  ng_arena arena;
  ng_map_init(&seen);
  ng_arena_init(&arena, 0);
  ng_status st = NG_OK;
  for (size_t i = 0; i < r->n && !st && !q->c->err; i++) {
    const sq_id *row = r->v + i * w;
    for (size_t k = 0; k < q->ntmpl && !st; k++) {
      const sq_triple *t = &q->tmpl[k];
      sq_id v[3] = {0, 0, 0};
      int ok = 1;
      for (int j = 0; j < 3 && ok; j++) {
        const sq_slot *sl = &t->part[j];
        if (sl->var >= 0) {
          v[j] = (size_t)sl->var < w ? row[sl->var] : 0;
        } else if (sq_t(c, sl->term)->kind == SQ_BNODE) {
          char b[300];
          snprintf(b, sizeof b, "ngc%zu_%s", i, sq_t(c, sl->term)->lex);
          v[j] = sq_intern(c, SQ_BNODE, b, strlen(b), NULL, NULL);
        } else {
          v[j] = sl->term;
        }
        ok = v[j] != 0;
      }
      if (!ok || sq_t(c, v[0])->kind == SQ_LIT ||
          sq_t(c, v[1])->kind != SQ_IRI)
        continue;
      int dup = 0;
      st = seen_before(c, &seen, &arena, v, sizeof v, &dup);
      if (st || dup)
        continue;
      ng_rterm x[3];
      for (int j = 0; j < 3; j++)
        sq_rterm(c, v[j], &x[j]);
      if (sink->triple)
        st = sink->triple(sink->user, &x[0], &x[1], &x[2]);
    }
  }
  ng_map_free(&seen);
  ng_arena_free(&arena);
  return st ? st : c->err;
}

/* The WHERE clause of Q, grouped, filtered by HAVING and joined with the
 * trailing VALUES, into ROWS. */
static ng_status where_rows(sq_query *q, const sq_graph *g, sq_rows *rows) {
  sq_ctx *c = q->c;
  ng_status st = sq_eval_pat(c, q->where, g, rows);
  if (!st && (q->nkeys || q->aggs.n)) {
    sq_rows grouped;
    memset(&grouped, 0, sizeof grouped);
    st = group_rows(q, rows, &grouped);
    sq_rows_free(c, rows);
    *rows = grouped;
    for (size_t i = 0; !st && i < q->having.n; i++) {
      const sq_expr *h = NG_VEC_AT(&q->having, sq_expr *, i);
      size_t k = 0;
      for (size_t r = 0; r < rows->n; r++)
        if (sq_ebv(c, sq_eval(c, h, rows->v + r * rows->w)) == 1) {
          if (rows->w && k != r)
            memmove(rows->v + k * rows->w, rows->v + r * rows->w,
                    rows->w * sizeof(sq_id));
          k++;
        }
      c->cells -= (rows->n - k) * (rows->w + 1);
      rows->n = k;
    }
  }
  if (!st && q->values) {
    sq_rows v, joined;
    st = sq_eval_pat(c, q->values, g, &v);
    if (!st) {
      st = sq_join(c, rows, &v, &joined);
      sq_rows_free(c, &v);
    }
    if (!st) {
      sq_rows_free(c, rows);
      *rows = joined;
    }
  }
  if (st)
    sq_rows_free(c, rows);
  return st ? st : c->err;
}

ng_status sq_query_rows(sq_query *q, const sq_graph *g, sq_rows *out) {
  sq_rows rows;
  memset(out, 0, sizeof *out);
  out->w = q->c->vars.n;
  ng_status st = where_rows(q, g, &rows);
  if (!st)
    st = emit_select(q, &rows, NULL, out);
  sq_rows_free(q->c, &rows);
  if (st)
    sq_rows_free(q->c, out);
  return st;
}

static void set_now(sq_ctx *c) {
  time_t t = time(NULL);
  struct tm tm;
  char b[40];
  if (!gmtime_r(&t, &tm))
    return;
  strftime(b, sizeof b, "%Y-%m-%dT%H:%M:%SZ", &tm);
  c->now = sq_string(c, b, strlen(b), NULL, SQ_XSD "dateTime");
}

/* Sets up C and Q over S and parses QUERY into Q; the caller frees both
 * (sq_query_free, sq_ctx_free) whatever the status. */
static ng_status open_query(sq_ctx *c, sq_query *q, ng_store *s,
                            const char *query, const char *base,
                            const ng_sparql_dataset *ds) {
  sq_ctx_init(c, s);
  memset(q, 0, sizeof *q);
  q->c = c;
  c->base = base;
  return sq_parse(q, query, base, ds);
}

ng_status ng_sparql_run(ng_store *s, const char *query, const char *base,
                        const ng_sparql_dataset *ds,
                        const ng_sparql_sink *sink, char *why,
                        size_t why_len) {
  if (!s || !query || !sink || s->kind == NG_STORE_VIRTUOSO)
    return NG_ERR_ARG;
  sq_ctx c;
  sq_query q;
  ng_status st = open_query(&c, &q, s, query, base, ds);
  if (!st) {
    set_now(&c);
    c.ix = ng_store_query_index(s);
  }
  sq_rows rows;
  memset(&rows, 0, sizeof rows);
  sq_graph g = {0, 0, -1};
  if (!st && streams(&q)) {
    st = stream_select(&q, &g, sink);
  } else if (!st) {
    st = where_rows(&q, &g, &rows);
  }
  if (!st && !streams(&q)) {
    if (q.verb == SQ_ASK)
      st = sink->boolean ? sink->boolean(sink->user, rows.n > 0) : NG_OK;
    else if (q.verb == SQ_CONSTRUCT)
      st = emit_construct(&q, &rows, sink);
    else
      st = emit_select(&q, &rows, sink, NULL);
  }
  if (!st && c.err)
    st = c.err;
  if (st == NG_ERR_LIMIT)
    ng_log(s->world, NG_LOG_ERROR, st, "query", 0, 0,
           "the query holds more than %zu values at once; add a LIMIT or a "
           "more selective pattern",
           c.max_cells);
  else if (st == NG_ERR_CANCELLED)
    ng_log(s->world, NG_LOG_ERROR, st, "query", 0, 0,
           ng_cancel_is_set(c.cancel)
               ? "the query was cancelled"
               : "the query ran past its time limit (%.0f s)",
           s->limits.seconds);
  else if (st == NG_ERR_NOMEM)
    ng_log(s->world, NG_LOG_ERROR, st, "query", 0, 0,
           "out of memory answering the query");
  else if (st == NG_ERR_QUERY)
    ng_log(s->world, NG_LOG_ERROR, st, "query", c.err_line, 0,
           "syntax error in the query (SPARQL 1.1): %s", c.why);
  if ((st == NG_ERR_UNSUPPORTED || st == NG_ERR_QUERY) && why && why_len)
    snprintf(why, why_len, "%s", c.why);
  sq_rows_free(&c, &rows);
  sq_query_free(&q);
  sq_regex_free(&c);
  sq_ctx_free(&c);
  return st;
}

ng_status ng_sparql_parse(ng_store *s, const char *query, const char *base,
                          char *why, size_t why_len) {
  if (!s || !query || s->kind == NG_STORE_VIRTUOSO)
    return NG_ERR_ARG;
  sq_ctx c;
  sq_query q;
  ng_status st = open_query(&c, &q, s, query, base, NULL);
  if (st && why && why_len)
    snprintf(why, why_len, "%s", c.why);
  sq_query_free(&q);
  sq_ctx_free(&c);
  return st;
}
