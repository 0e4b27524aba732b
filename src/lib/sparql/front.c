/* front.c - from rasqal's parse to our algebra: the graph patterns, the
 * expressions, the dataset, GROUP BY, HAVING, the SELECT expressions,
 * ORDER BY and the other solution modifiers.
 *
 * rasqal 0.9.33 parses the query (rasqal_query_prepare); its structure is
 * read through rasqal's public API only.  That API does not show the
 * inside of a subquery, of a VALUES block, or of SERVICE: a query with
 * one of them is refused here (NG_ERR_UNSUPPORTED, construct named), as
 * is any operator or function this file does not translate.  What comes
 * after the WHERE clause is done in solution.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sq.h"

static int refuse(sq_query *q, const char *what) {
  if (!q->unsupported)
    snprintf(q->c->why, sizeof q->c->why, "%s", what);
  q->unsupported = 1;
  return -1;
}

static void *alloc(sq_query *q, size_t n) {
  void *p = ng_arena_alloc(&q->c->arena, n);
  if (!p)
    q->c->err = NG_ERR_NOMEM;
  else
    memset(p, 0, n);
  return p;
}

static int push_ptr(ng_vec *v, void *p) {
  void **slot = ng_vec_push(v, sizeof *slot, 1u << 20);
  if (!slot)
    return -1;
  *slot = p;
  return 0;
}

static int push_int(ng_vec *v, int x) {
  int *slot = ng_vec_push(v, sizeof *slot, 1u << 20);
  if (!slot)
    return -1;
  *slot = x;
  return 0;
}

/* ---- terms and triple patterns ---- */

sq_id sq_literal_term(sq_query *q, rasqal_literal *l) {
  sq_ctx *c = q->c;
  switch (l->type) {
  case RASQAL_LITERAL_URI:
    return sq_intern(c, SQ_IRI,
                     (const char *)raptor_uri_as_string(l->value.uri),
                     strlen((const char *)raptor_uri_as_string(l->value.uri)),
                     NULL, NULL);
  case RASQAL_LITERAL_STRING:
  case RASQAL_LITERAL_XSD_STRING:
  case RASQAL_LITERAL_BOOLEAN:
  case RASQAL_LITERAL_INTEGER:
  case RASQAL_LITERAL_FLOAT:
  case RASQAL_LITERAL_DOUBLE:
  case RASQAL_LITERAL_DECIMAL:
  case RASQAL_LITERAL_DATETIME:
  case RASQAL_LITERAL_DATE:
  case RASQAL_LITERAL_UDT:
  case RASQAL_LITERAL_INTEGER_SUBTYPE: {
    raptor_uri *dt = rasqal_literal_datatype(l);
    const char *s = (const char *)rasqal_literal_as_string(l);
    if (!s)
      return 0;
    return sq_intern(c, SQ_LIT, s, strlen(s), l->language,
                     dt ? (const char *)raptor_uri_as_string(dt) : NULL);
  }
  default:
    refuse(q, "a literal of a kind rasqal left unresolved");
    return 0;
  }
}

/* a pattern position: a variable (blank nodes of the query are
 * variables too) or a term */
static int slot_of(sq_query *q, rasqal_literal *l, sq_slot *out) {
  out->var = -1;
  out->term = 0;
  if (!l)
    return refuse(q, "an incomplete triple pattern");
  if (l->type == RASQAL_LITERAL_VARIABLE) {
    out->var = sq_var(q->c, (const char *)l->value.variable->name);
    return out->var < 0 ? (q->c->err = NG_ERR_NOMEM, -1) : 0;
  }
  if (l->type == RASQAL_LITERAL_BLANK) {
    char name[300];
    snprintf(name, sizeof name, " _:%s", (const char *)l->string);
    out->var = sq_var(q->c, name);
    return out->var < 0 ? (q->c->err = NG_ERR_NOMEM, -1) : 0;
  }
  out->term = sq_literal_term(q, l);
  return out->term ? 0 : -1;
}

/* ---- expressions ---- */

static sq_expr *expr(sq_query *q, rasqal_expression *e);

static sq_expr *node(sq_query *q, sq_eop op, size_t nargs) {
  sq_expr *x = alloc(q, sizeof *x);
  if (!x)
    return NULL;
  x->op = op;
  x->nargs = nargs;
  if (nargs && !(x->args = alloc(q, nargs * sizeof *x->args)))
    return NULL;
  return x;
}

/* FILTERS && F (F alone when FILTERS is NULL); NULL when F is NULL (a
 * failure already recorded) or out of memory. */
static sq_expr *conjoin(sq_query *q, sq_expr *filters, sq_expr *f) {
  if (!f || !filters)
    return f;
  sq_expr *and = node(q, E_AND, 2);
  if (!and)
    return NULL;
  and->args[0] = filters;
  and->args[1] = f;
  return and;
}

static sq_expr *fixed(sq_query *q, sq_eop op, rasqal_expression *e,
                      size_t n) {
  rasqal_expression *a[4] = {e->arg1, e->arg2, e->arg3, e->arg4};
  size_t k = 0;
  while (k < n && a[k])
    k++;
  sq_expr *x = node(q, op, k);
  for (size_t i = 0; x && i < k; i++)
    if (!(x->args[i] = expr(q, a[i])))
      return NULL;
  return x;
}

static sq_expr *listed(sq_query *q, sq_eop op, rasqal_expression *first,
                       raptor_sequence *seq) {
  int n = seq ? raptor_sequence_size(seq) : 0;
  sq_expr *x = node(q, op, (size_t)n + (first != NULL));
  size_t k = 0;
  if (x && first && !(x->args[k++] = expr(q, first)))
    return NULL;
  for (int i = 0; x && i < n; i++)
    if (!(x->args[k++] = expr(q, raptor_sequence_get_at(seq, i))))
      return NULL;
  return x;
}

static sq_expr *aggregate(sq_query *q, sq_eop op, rasqal_expression *e) {
  if (!q->allow_agg) {
    refuse(q, "an aggregate outside SELECT, HAVING and ORDER BY");
    return NULL;
  }
  q->allow_agg = 0; /* no aggregate inside an aggregate */
  sq_expr *x;
  if (op == E_GROUP_CONCAT) {
    x = listed(q, op, NULL, e->args);
    if (x && x->nargs != 1) {
      refuse(q, "GROUP_CONCAT of several expressions");
      x = NULL;
    }
    if (x && e->literal)
      x->konst = sq_literal_term(q, e->literal);
  } else if (e->arg1 && e->arg1->op == RASQAL_EXPR_VARSTAR) {
    x = node(q, op, 0);
    if (x)
      x->star = 1;
  } else {
    x = fixed(q, op, e, 1);
  }
  q->allow_agg = 1;
  if (!x)
    return NULL;
  x->distinct = (e->flags & RASQAL_EXPR_FLAG_DISTINCT) != 0;
  char name[32];
  snprintf(name, sizeof name, " agg%zu", q->aggs.n);
  x->var = sq_var(q->c, name);
  sq_expr *ref = node(q, E_AGGREF, 0);
  if (x->var < 0 || !ref || push_ptr(&q->aggs, x)) {
    q->c->err = NG_ERR_NOMEM;
    return NULL;
  }
  ref->var = x->var;
  return ref;
}

static sq_expr *cast_to(sq_query *q, raptor_uri *name, rasqal_expression *a) {
  const char *dt = name ? (const char *)raptor_uri_as_string(name) : "";
  static const char *const ok[] = {"string", "integer", "decimal", "float",
                                   "double", "boolean", "dateTime"};
  int known = 0;
  for (size_t i = 0; i < NG_ARRAY_LEN(ok) && !known; i++)
    known = !strncmp(dt, SQ_XSD, sizeof SQ_XSD - 1) &&
            !strcmp(dt + sizeof SQ_XSD - 1, ok[i]);
  if (!known) {
    refuse(q, "a call of a function other than SPARQL's and the XSD casts");
    return NULL;
  }
  sq_expr *x = node(q, E_CAST, 1);
  if (!x || !(x->args[0] = expr(q, a)))
    return NULL;
  x->cast = ng_arena_strndup(&q->c->arena, dt, strlen(dt));
  return x->cast ? x : NULL;
}

static sq_expr *expr(sq_query *q, rasqal_expression *e) {
  if (!e || q->unsupported || q->c->err)
    return NULL;
  switch (e->op) {
  case RASQAL_EXPR_LITERAL: {
    sq_slot s;
    if (!e->literal || slot_of(q, e->literal, &s))
      return NULL;
    sq_expr *x = node(q, s.var >= 0 ? E_VAR : E_CONST, 0);
    if (x) {
      x->var = s.var;
      x->konst = s.term;
    }
    return x;
  }
  case RASQAL_EXPR_AND: return fixed(q, E_AND, e, 2);
  case RASQAL_EXPR_OR: return fixed(q, E_OR, e, 2);
  case RASQAL_EXPR_EQ: return fixed(q, E_EQ, e, 2);
  case RASQAL_EXPR_NEQ: return fixed(q, E_NE, e, 2);
  case RASQAL_EXPR_LT: return fixed(q, E_LT, e, 2);
  case RASQAL_EXPR_GT: return fixed(q, E_GT, e, 2);
  case RASQAL_EXPR_LE: return fixed(q, E_LE, e, 2);
  case RASQAL_EXPR_GE: return fixed(q, E_GE, e, 2);
  case RASQAL_EXPR_UMINUS: return fixed(q, E_NEG, e, 1);
  case RASQAL_EXPR_PLUS:
    return e->arg2 ? fixed(q, E_ADD, e, 2) : fixed(q, E_POS, e, 1);
  case RASQAL_EXPR_MINUS: return fixed(q, E_SUB, e, 2);
  case RASQAL_EXPR_STAR: return fixed(q, E_MUL, e, 2);
  case RASQAL_EXPR_SLASH: return fixed(q, E_DIV, e, 2);
  case RASQAL_EXPR_BANG: return fixed(q, E_NOT, e, 1);
  case RASQAL_EXPR_BOUND: return fixed(q, E_BOUND, e, 1);
  case RASQAL_EXPR_STR: return fixed(q, E_STR, e, 1);
  case RASQAL_EXPR_LANG: return fixed(q, E_LANG, e, 1);
  case RASQAL_EXPR_DATATYPE: return fixed(q, E_DATATYPE, e, 1);
  case RASQAL_EXPR_ISURI: return fixed(q, E_ISIRI, e, 1);
  case RASQAL_EXPR_ISBLANK: return fixed(q, E_ISBLANK, e, 1);
  case RASQAL_EXPR_ISLITERAL: return fixed(q, E_ISLITERAL, e, 1);
  case RASQAL_EXPR_ISNUMERIC: return fixed(q, E_ISNUMERIC, e, 1);
  case RASQAL_EXPR_LANGMATCHES: return fixed(q, E_LANGMATCHES, e, 2);
  case RASQAL_EXPR_REGEX: return fixed(q, E_REGEX, e, 3);
  case RASQAL_EXPR_REPLACE: return fixed(q, E_REPLACE, e, 4);
  case RASQAL_EXPR_SAMETERM: return fixed(q, E_SAMETERM, e, 2);
  case RASQAL_EXPR_COALESCE: return listed(q, E_COALESCE, NULL, e->args);
  case RASQAL_EXPR_IF: return fixed(q, E_IF, e, 3);
  case RASQAL_EXPR_URI:
  case RASQAL_EXPR_IRI: return fixed(q, E_IRI, e, 1);
  case RASQAL_EXPR_STRLANG: return fixed(q, E_STRLANG, e, 2);
  case RASQAL_EXPR_STRDT: return fixed(q, E_STRDT, e, 2);
  case RASQAL_EXPR_BNODE: return fixed(q, E_BNODE, e, 1);
  case RASQAL_EXPR_IN: return listed(q, E_IN, e->arg1, e->args);
  case RASQAL_EXPR_NOT_IN: return listed(q, E_NOTIN, e->arg1, e->args);
  case RASQAL_EXPR_YEAR: return fixed(q, E_YEAR, e, 1);
  case RASQAL_EXPR_MONTH: return fixed(q, E_MONTH, e, 1);
  case RASQAL_EXPR_DAY: return fixed(q, E_DAY, e, 1);
  case RASQAL_EXPR_HOURS: return fixed(q, E_HOURS, e, 1);
  case RASQAL_EXPR_MINUTES: return fixed(q, E_MINUTES, e, 1);
  case RASQAL_EXPR_SECONDS: return fixed(q, E_SECONDS, e, 1);
  case RASQAL_EXPR_TIMEZONE: return fixed(q, E_TIMEZONE, e, 1);
  case RASQAL_EXPR_TZ: return fixed(q, E_TZ, e, 1);
  case RASQAL_EXPR_NOW:
  case RASQAL_EXPR_CURRENT_DATETIME: return node(q, E_NOW, 0);
  case RASQAL_EXPR_CONCAT: return listed(q, E_CONCAT, NULL, e->args);
  case RASQAL_EXPR_STRLEN: return fixed(q, E_STRLEN, e, 1);
  case RASQAL_EXPR_SUBSTR: return fixed(q, E_SUBSTR, e, 3);
  case RASQAL_EXPR_UCASE: return fixed(q, E_UCASE, e, 1);
  case RASQAL_EXPR_LCASE: return fixed(q, E_LCASE, e, 1);
  case RASQAL_EXPR_STRSTARTS: return fixed(q, E_STRSTARTS, e, 2);
  case RASQAL_EXPR_STRENDS: return fixed(q, E_STRENDS, e, 2);
  case RASQAL_EXPR_CONTAINS: return fixed(q, E_CONTAINS, e, 2);
  case RASQAL_EXPR_STRBEFORE: return fixed(q, E_STRBEFORE, e, 2);
  case RASQAL_EXPR_STRAFTER: return fixed(q, E_STRAFTER, e, 2);
  case RASQAL_EXPR_ENCODE_FOR_URI: return fixed(q, E_ENCODE, e, 1);
  case RASQAL_EXPR_ABS: return fixed(q, E_ABS, e, 1);
  case RASQAL_EXPR_ROUND: return fixed(q, E_ROUND, e, 1);
  case RASQAL_EXPR_CEIL: return fixed(q, E_CEIL, e, 1);
  case RASQAL_EXPR_FLOOR: return fixed(q, E_FLOOR, e, 1);
  case RASQAL_EXPR_MD5: return fixed(q, E_MD5, e, 1);
  case RASQAL_EXPR_SHA1: return fixed(q, E_SHA1, e, 1);
  case RASQAL_EXPR_RAND: return node(q, E_RAND, 0);
  case RASQAL_EXPR_CAST: return cast_to(q, e->name, e->arg1);
  case RASQAL_EXPR_FUNCTION:
    if (e->args && raptor_sequence_size(e->args) == 1)
      return cast_to(q, e->name, raptor_sequence_get_at(e->args, 0));
    refuse(q, "a call of a function other than SPARQL's and the XSD casts");
    return NULL;
  case RASQAL_EXPR_COUNT: return aggregate(q, E_COUNT, e);
  case RASQAL_EXPR_SUM: return aggregate(q, E_SUM, e);
  case RASQAL_EXPR_AVG: return aggregate(q, E_AVG, e);
  case RASQAL_EXPR_MIN: return aggregate(q, E_MIN, e);
  case RASQAL_EXPR_MAX: return aggregate(q, E_MAX, e);
  case RASQAL_EXPR_SAMPLE: return aggregate(q, E_SAMPLE, e);
  case RASQAL_EXPR_GROUP_CONCAT: return aggregate(q, E_GROUP_CONCAT, e);
  case RASQAL_EXPR_UNKNOWN:
  case RASQAL_EXPR_REM:
  case RASQAL_EXPR_STR_EQ:
  case RASQAL_EXPR_STR_NEQ:
  case RASQAL_EXPR_STR_MATCH:
  case RASQAL_EXPR_STR_NMATCH:
  case RASQAL_EXPR_TILDE:
  case RASQAL_EXPR_ORDER_COND_ASC:
  case RASQAL_EXPR_ORDER_COND_DESC:
  case RASQAL_EXPR_GROUP_COND_ASC:
  case RASQAL_EXPR_GROUP_COND_DESC:
  case RASQAL_EXPR_VARSTAR:
  case RASQAL_EXPR_FROM_UNIXTIME:
  case RASQAL_EXPR_TO_UNIXTIME:
  case RASQAL_EXPR_SHA224:
  case RASQAL_EXPR_SHA256:
  case RASQAL_EXPR_SHA384:
  case RASQAL_EXPR_SHA512:
  case RASQAL_EXPR_UUID:
  case RASQAL_EXPR_STRUUID:
  default: {
    static char what[96];
    snprintf(what, sizeof what, "the function or operator %s",
             rasqal_expression_op_label(e->op));
    refuse(q, what);
    return NULL;
  }
  }
}

/* ---- graph patterns ---- */

static sq_pat *pat(sq_query *q, sq_pop op, sq_pat *a, sq_pat *b) {
  sq_pat *p = alloc(q, sizeof *p);
  if (p) {
    p->op = op;
    p->a = a;
    p->b = b;
  }
  return p;
}

static sq_pat *join(sq_query *q, sq_pat *a, sq_pat *b) {
  if (!a || !b)
    return NULL;
  if (a->op == P_UNIT)
    return b;
  if (b->op == P_UNIT)
    return a;
  return pat(q, P_JOIN, a, b);
}

static sq_pat *group(sq_query *q, rasqal_graph_pattern *gp);

static sq_pat *basic(sq_query *q, rasqal_graph_pattern *gp) {
  size_t n = 0;
  while (rasqal_graph_pattern_get_triple(gp, (int)n))
    n++;
  sq_pat *p = pat(q, n ? P_BGP : P_UNIT, NULL, NULL);
  if (!p || !n)
    return p;
  p->triples = alloc(q, n * sizeof *p->triples);
  if (!p->triples)
    return NULL;
  p->ntriples = n;
  /* rasqal puts the graph of GRAPH { ... } into its triples (origin) */
  sq_slot origin = {-1, 0};
  int has_origin = 0;
  for (size_t i = 0; i < n; i++) {
    rasqal_triple *t = rasqal_graph_pattern_get_triple(gp, (int)i);
    rasqal_literal *parts[3] = {t->subject, t->predicate, t->object};
    for (int k = 0; k < 3; k++)
      if (slot_of(q, parts[k], &p->triples[i].part[k]))
        return NULL;
    sq_slot o = {-1, 0};
    if (t->origin && slot_of(q, t->origin, &o))
      return NULL;
    if (i == 0) {
      origin = o;
      has_origin = t->origin != NULL;
    } else if ((t->origin != NULL) != has_origin || o.var != origin.var ||
               o.term != origin.term) {
      refuse(q, "triple patterns of one group in different graphs");
      return NULL;
    }
  }
  if (has_origin) {
    sq_pat *g = pat(q, P_GRAPH, p, NULL);
    if (g)
      g->graph = origin;
    return g;
  }
  return p;
}

/* one graph pattern that is not a group element of its own kind */
static sq_pat *element(sq_query *q, rasqal_graph_pattern *gp) {
  switch (rasqal_graph_pattern_get_operator(gp)) {
  case RASQAL_GRAPH_PATTERN_OPERATOR_BASIC:
    return basic(q, gp);
  case RASQAL_GRAPH_PATTERN_OPERATOR_GROUP:
    return group(q, gp);
  case RASQAL_GRAPH_PATTERN_OPERATOR_UNION: {
    sq_pat *u = NULL;
    rasqal_graph_pattern *sub;
    for (int i = 0; (sub = rasqal_graph_pattern_get_sub_graph_pattern(gp, i));
         i++) {
      sq_pat *b = element(q, sub);
      if (!b)
        return NULL;
      u = u ? pat(q, P_UNION, u, b) : b;
      if (!u)
        return NULL;
    }
    return u ? u : pat(q, P_UNIT, NULL, NULL);
  }
  case RASQAL_GRAPH_PATTERN_OPERATOR_GRAPH: {
    sq_pat *p = pat(q, P_GRAPH, group(q, gp), NULL);
    rasqal_literal *o = rasqal_graph_pattern_get_origin(gp);
    if (!p || !p->a || !o || slot_of(q, o, &p->graph))
      return NULL;
    return p;
  }
  case RASQAL_GRAPH_PATTERN_OPERATOR_SELECT:
    refuse(q, "a subquery");
    return NULL;
  case RASQAL_GRAPH_PATTERN_OPERATOR_SERVICE:
    refuse(q, "SERVICE");
    return NULL;
  case RASQAL_GRAPH_PATTERN_OPERATOR_VALUES:
    refuse(q, "VALUES");
    return NULL;
  case RASQAL_GRAPH_PATTERN_OPERATOR_LET:
  case RASQAL_GRAPH_PATTERN_OPERATOR_FILTER: {
    /* alone (a UNION branch { BIND(...) }): on the one empty solution */
    sq_pat *u = pat(q, P_UNIT, NULL, NULL);
    int let = rasqal_graph_pattern_get_operator(gp) ==
              RASQAL_GRAPH_PATTERN_OPERATOR_LET;
    rasqal_variable *v = let ? rasqal_graph_pattern_get_variable(gp) : NULL;
    sq_expr *e = expr(q, rasqal_graph_pattern_get_filter_expression(gp));
    sq_pat *x = u && e && (v || !let)
                    ? pat(q, let ? P_EXTEND : P_FILTER, u, NULL)
                    : NULL;
    if (x) {
      x->expr = e;
      x->var = let ? sq_var(q->c, (const char *)v->name) : -1;
    }
    return x;
  }
  case RASQAL_GRAPH_PATTERN_OPERATOR_OPTIONAL:
  case RASQAL_GRAPH_PATTERN_OPERATOR_MINUS: {
    /* alone: on the one empty solution, as in a group */
    sq_pat *u = pat(q, P_UNIT, NULL, NULL);
    sq_pat *b = u ? group(q, gp) : NULL;
    if (!b)
      return NULL;
    if (rasqal_graph_pattern_get_operator(gp) ==
        RASQAL_GRAPH_PATTERN_OPERATOR_MINUS)
      return pat(q, P_MINUS, u, b);
    sq_pat *l = pat(q, P_LEFT, u, b);
    if (l && b->op == P_FILTER) {
      l->b = b->a;
      l->expr = b->expr;
    }
    return l;
  }
  case RASQAL_GRAPH_PATTERN_OPERATOR_UNKNOWN:
  default:
    refuse(q, "a graph pattern of a kind rasqal does not name");
    return NULL;
  }
}

/* The elements of GP as one group: OPTIONAL, MINUS and BIND act on what
 * precedes them, the FILTERs on the whole group. */
static sq_pat *group(sq_query *q, rasqal_graph_pattern *gp) {
  sq_pat *g = pat(q, P_UNIT, NULL, NULL);
  sq_expr *filters = NULL;
  /* triples held by the pattern itself come first */
  if (g && rasqal_graph_pattern_get_triple(gp, 0))
    g = basic(q, gp);
  rasqal_graph_pattern *sub;
  for (int i = 0;
       g && (sub = rasqal_graph_pattern_get_sub_graph_pattern(gp, i)); i++) {
    rasqal_graph_pattern_operator op = rasqal_graph_pattern_get_operator(sub);
    if (op == RASQAL_GRAPH_PATTERN_OPERATOR_FILTER) {
      filters = conjoin(q, filters,
                        expr(q, rasqal_graph_pattern_get_filter_expression(sub)));
      if (!filters)
        return NULL;
    } else if (op == RASQAL_GRAPH_PATTERN_OPERATOR_OPTIONAL) {
      sq_pat *b = group(q, sub);
      if (!b)
        return NULL;
      sq_pat *l = pat(q, P_LEFT, g, b);
      if (l && b->op == P_FILTER) { /* its filter joins the LeftJoin */
        l->b = b->a;
        l->expr = b->expr;
      }
      g = l;
    } else if (op == RASQAL_GRAPH_PATTERN_OPERATOR_MINUS) {
      sq_pat *b = group(q, sub);
      g = b ? pat(q, P_MINUS, g, b) : NULL;
    } else if (op == RASQAL_GRAPH_PATTERN_OPERATOR_LET) {
      rasqal_variable *v = rasqal_graph_pattern_get_variable(sub);
      sq_expr *e = expr(q, rasqal_graph_pattern_get_filter_expression(sub));
      sq_pat *x = e && v ? pat(q, P_EXTEND, g, NULL) : NULL;
      if (x) {
        x->expr = e;
        x->var = sq_var(q->c, (const char *)v->name);
      }
      g = x;
    } else {
      sq_pat *b = element(q, sub);
      if (b && b->op == P_BGP && g->op == P_BGP) {
        /* neighbouring triple patterns: one BGP, ordered as a whole */
        sq_pat *m = pat(q, P_BGP, NULL, NULL);
        size_t n = g->ntriples + b->ntriples;
        if (!m || !(m->triples = alloc(q, n * sizeof *m->triples)))
          return NULL;
        memcpy(m->triples, g->triples, g->ntriples * sizeof *m->triples);
        memcpy(m->triples + g->ntriples, b->triples,
               b->ntriples * sizeof *m->triples);
        m->ntriples = n;
        g = m;
      } else {
        g = b ? join(q, g, b) : NULL;
      }
    }
  }
  if (!g)
    return NULL;
  rasqal_graph_pattern_operator op = rasqal_graph_pattern_get_operator(gp);
  rasqal_expression *own = op == RASQAL_GRAPH_PATTERN_OPERATOR_FILTER ||
                                   op == RASQAL_GRAPH_PATTERN_OPERATOR_LET
                               ? NULL
                               : rasqal_graph_pattern_get_filter_expression(gp);
  if (op == RASQAL_GRAPH_PATTERN_OPERATOR_FILTER ||
      op == RASQAL_GRAPH_PATTERN_OPERATOR_LET) {
    refuse(q, "a FILTER or BIND outside a group");
    return NULL;
  }
  if (own) {
    filters = conjoin(q, filters, expr(q, own));
    if (!filters)
      return NULL;
  }
  if (filters) {
    sq_pat *f = pat(q, P_FILTER, g, NULL);
    if (f)
      f->expr = filters;
    return f;
  }
  return g;
}

/* ---- reading the query ---- */

static int dataset(sq_query *q, const ng_sparql_dataset *ds) {
  sq_ctx *c = q->c;
  raptor_sequence *dgs = rasqal_query_get_data_graph_sequence(q->rq);
  int n = dgs ? raptor_sequence_size(dgs) : 0;
  if (n <= 0 && !ds) {
    c->default_all = c->named_all = 1;
    return 0;
  }
  for (int i = 0; i < n; i++) {
    rasqal_data_graph *dg = raptor_sequence_get_at(dgs, i);
    raptor_uri *u = dg->flags & RASQAL_DATA_GRAPH_NAMED && dg->name_uri
                        ? dg->name_uri
                        : dg->uri;
    if (!u)
      return refuse(q, "a FROM without an IRI");
    const char *s = (const char *)raptor_uri_as_string(u);
    sq_id id = sq_intern(c, SQ_IRI, s, strlen(s), NULL, NULL);
    sq_id *slot = ng_vec_push(dg->flags & RASQAL_DATA_GRAPH_NAMED
                                  ? &c->named_g
                                  : &c->default_g,
                              sizeof *slot, 1u << 20);
    if (!id || !slot)
      return c->err = NG_ERR_NOMEM, -1;
    *slot = id;
  }
  for (size_t k = 0; n <= 0 && k < ds->n_default + ds->n_named; k++) {
    int named = k >= ds->n_default;
    const char *s = named ? ds->named_graphs[k - ds->n_default]
                          : ds->default_graphs[k];
    sq_id id = sq_intern(c, SQ_IRI, s, strlen(s), NULL, NULL);
    sq_id *slot = ng_vec_push(named ? &c->named_g : &c->default_g,
                              sizeof *slot, 1u << 20);
    if (!id || !slot)
      return c->err = NG_ERR_NOMEM, -1;
    *slot = id;
  }
  return 0;
}

/* GROUP BY: each condition, with the variable it binds */
static int group_by(sq_query *q) {
  raptor_sequence *seq = rasqal_query_get_group_conditions_sequence(q->rq);
  int n = seq ? raptor_sequence_size(seq) : 0;
  if (n <= 0)
    return 0;
  q->keys = alloc(q, (size_t)n * sizeof *q->keys);
  q->key_var = alloc(q, (size_t)n * sizeof *q->key_var);
  if (!q->keys || !q->key_var)
    return -1;
  q->allow_agg = 0;
  for (int i = 0; i < n; i++) {
    rasqal_expression *e = raptor_sequence_get_at(seq, i);
    if (e && (e->op == RASQAL_EXPR_GROUP_COND_ASC ||
              e->op == RASQAL_EXPR_GROUP_COND_DESC))
      e = e->arg1;
    q->key_var[i] = -1;
    if (e && e->op == RASQAL_EXPR_LITERAL && e->literal &&
        e->literal->type == RASQAL_LITERAL_VARIABLE) {
      rasqal_variable *v = e->literal->value.variable;
      q->key_var[i] = sq_var(q->c, (const char *)v->name);
      if (v->expression)
        e = v->expression; /* (expression AS ?v) */
    }
    if (!(q->keys[i] = expr(q, e)))
      return -1;
  }
  q->nkeys = (size_t)n;
  return 0;
}

/* the expression of a group condition that binds V, or NULL */
static int binds_group_key(sq_query *q, rasqal_variable *v) {
  raptor_sequence *seq = rasqal_query_get_group_conditions_sequence(q->rq);
  int n = seq ? raptor_sequence_size(seq) : 0;
  for (int i = 0; i < n; i++) {
    rasqal_expression *e = raptor_sequence_get_at(seq, i);
    if (e && (e->op == RASQAL_EXPR_GROUP_COND_ASC ||
              e->op == RASQAL_EXPR_GROUP_COND_DESC))
      e = e->arg1;
    if (e && e->op == RASQAL_EXPR_LITERAL && e->literal &&
        e->literal->type == RASQAL_LITERAL_VARIABLE &&
        e->literal->value.variable == v)
      return 1;
  }
  return 0;
}

static int modifiers(sq_query *q) {
  raptor_sequence *seq = rasqal_query_get_bound_variable_sequence(q->rq);
  int n = seq ? raptor_sequence_size(seq) : 0;
  q->allow_agg = 1;
  for (int i = 0; i < n; i++) {
    rasqal_variable *v = raptor_sequence_get_at(seq, i);
    int slot = sq_var(q->c, (const char *)v->name);
    sq_expr *e = NULL;
    if (v->expression && !binds_group_key(q, v) &&
        !(e = expr(q, v->expression)))
      return -1;
    if (slot < 0 || push_int(&q->proj, slot) || push_ptr(&q->proj_expr, e))
      return q->c->err = NG_ERR_NOMEM, -1;
  }
  seq = rasqal_query_get_having_conditions_sequence(q->rq);
  n = seq ? raptor_sequence_size(seq) : 0;
  for (int i = 0; i < n; i++) {
    sq_expr *e = expr(q, raptor_sequence_get_at(seq, i));
    if (!e || push_ptr(&q->having, e))
      return -1;
  }
  seq = rasqal_query_get_order_conditions_sequence(q->rq);
  n = seq ? raptor_sequence_size(seq) : 0;
  for (int i = 0; i < n; i++) {
    rasqal_expression *e = raptor_sequence_get_at(seq, i);
    int desc = 0;
    if (e && (e->op == RASQAL_EXPR_ORDER_COND_ASC ||
              e->op == RASQAL_EXPR_ORDER_COND_DESC)) {
      desc = e->op == RASQAL_EXPR_ORDER_COND_DESC;
      e = e->arg1;
    }
    sq_expr *x = expr(q, e);
    if (!x || push_ptr(&q->order, x) || push_int(&q->order_desc, desc))
      return -1;
  }
  q->distinct = rasqal_query_get_distinct(q->rq) != 0;
  q->limit = rasqal_query_get_limit(q->rq);
  q->offset = rasqal_query_get_offset(q->rq);
  if (q->offset < 0)
    q->offset = 0;
  return 0;
}

void sq_query_free(sq_query *q) {
  ng_vec_free(&q->aggs);
  ng_vec_free(&q->having);
  ng_vec_free(&q->proj);
  ng_vec_free(&q->proj_expr);
  ng_vec_free(&q->order);
  ng_vec_free(&q->order_desc);
  if (q->rq)
    rasqal_free_query(q->rq);
}

/* Reads the parsed query into Q; -1 when refused or out of memory. */
static int compile(sq_query *q, const ng_sparql_dataset *ds) {
  rasqal_query_verb verb = rasqal_query_get_verb(q->rq);
  if (verb != RASQAL_QUERY_VERB_SELECT && verb != RASQAL_QUERY_VERB_ASK &&
      verb != RASQAL_QUERY_VERB_CONSTRUCT)
    return refuse(q, verb == RASQAL_QUERY_VERB_DESCRIBE ? "DESCRIBE"
                                                        : "an update");
  raptor_sequence *vals = rasqal_query_get_bindings_variables_sequence(q->rq);
  if (vals && raptor_sequence_size(vals) > 0)
    return refuse(q, "VALUES");
  rasqal_graph_pattern *gp = rasqal_query_get_query_graph_pattern(q->rq);
  if (dataset(q, ds))
    return -1;
  q->allow_agg = 0;
  q->where = gp ? element(q, gp) : pat(q, P_UNIT, NULL, NULL);
  if (!q->where || group_by(q) || modifiers(q))
    return -1;
  return q->unsupported || q->c->err ? -1 : 0;
}

/* The IRI of the last BASE of the query's prologue, resolved against
 * BASE (rasqal resolves the query's own IRIs but does not say which base
 * it used, and IRI() needs it): new (raptor), or NULL when none. */
static raptor_uri *prologue_base(raptor_world *rw, const char *q,
                                 raptor_uri *base) {
  raptor_uri *found = NULL;
  const char *p = q;
  for (;;) {
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n' ||
           *p == '#') {
      if (*p == '#')
        while (*p && *p != '\n')
          p++;
      else
        p++;
    }
    if (!strncasecmp(p, "PREFIX", 6)) {
      const char *gt = strchr(p, '>');
      if (!gt)
        break;
      p = gt + 1;
    } else if (!strncasecmp(p, "BASE", 4)) {
      const char *lt = strchr(p, '<'), *gt = lt ? strchr(lt, '>') : NULL;
      if (!gt)
        break;
      char iri[2048];
      size_t n = (size_t)(gt - lt - 1);
      if (n >= sizeof iri)
        break;
      memcpy(iri, lt + 1, n);
      iri[n] = '\0';
      raptor_uri *u =
          found || base
              ? raptor_new_uri_relative_to_base(rw, found ? found : base,
                                                (const unsigned char *)iri)
              : raptor_new_uri(rw, (const unsigned char *)iri);
      if (found)
        raptor_free_uri(found);
      found = u;
      p = gt + 1;
    } else {
      break;
    }
  }
  return found;
}

/* Parses QUERY with rasqal and reads it into Q (Q->c set up by the
 * caller): NG_OK, NG_ERR_UNSUPPORTED (Q->c->why says what), or a hard
 * error.  The caller frees Q with sq_query_free(). */
ng_status sq_parse(sq_query *q, const char *query, const char *base,
                   const ng_sparql_dataset *ds) {
  sq_ctx *c = q->c;
  ng_store *s = c->s;
  ng_status st = c->err;
  rasqal_world *rw = librdf_world_get_rasqal(s->rdf);
  q->rq = rw ? rasqal_new_query(rw, "sparql", NULL) : NULL;
  if (!st && !q->rq)
    st = NG_ERR_NOMEM;
  raptor_uri *bu = NULL;
  if (!st && base &&
      !(bu = raptor_new_uri(rasqal_world_get_raptor(rw),
                            (const unsigned char *)base)))
    st = NG_ERR_NOMEM;
  if (!st) {
    /* a query rasqal cannot parse goes the other way, which reports it */
    s->log_silent = 1;
    int bad = rasqal_query_prepare(q->rq, (const unsigned char *)query, bu);
    s->log_silent = 0;
    if (bad) {
      snprintf(c->why, sizeof c->why, "a query rasqal cannot parse");
      st = NG_ERR_UNSUPPORTED;
    }
  }
  raptor_uri *qb = st ? NULL
                      : prologue_base(rasqal_world_get_raptor(rw), query, bu);
  if (qb)
    c->base = ng_arena_strndup(
        &c->arena, (const char *)raptor_uri_as_string(qb),
        strlen((const char *)raptor_uri_as_string(qb)));
  if (qb)
    raptor_free_uri(qb);
  if (bu)
    raptor_free_uri(bu);
  if (!st && compile(q, ds))
    st = c->err ? c->err : NG_ERR_UNSUPPORTED;
  return st;
}
