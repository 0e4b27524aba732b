/* parse.c - a SPARQL 1.1 query, read by recursive descent over the
 * tokens of lex.c (the grammar of section 19 of the recommendation),
 * into our algebra (sq.h) as section 18 translates it: group graph
 * patterns with their FILTERs over the whole group, OPTIONAL as
 * LeftJoin (its group's own FILTER its condition), BIND, MINUS, GRAPH,
 * UNION, VALUES, subqueries, EXISTS, property paths (a sequence or an
 * inverse becomes triple patterns, the rest a path pattern), GROUP BY,
 * HAVING, the SELECT expressions, ORDER BY and the slices.
 *
 * The rules of section 19.8 a grammar does not carry are checked too:
 * a variable projected or bound by BIND when already in scope, SELECT *
 * or a variable not grouped with GROUP BY, a blank node label used in
 * two basic graph patterns, VALUES rows of the wrong width.
 *
 * A subquery's variables other than those it projects are its own: they
 * get names the outer query cannot spell (" sN.name").  Names made here
 * start with a space and are never projected by SELECT *.
 *
 * Refused (NG_ERR_UNSUPPORTED, construct named): DESCRIBE, SERVICE,
 * functions other than SPARQL's and the XSD casts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sq.h"

#define RDF_NS "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define MAX_DEPTH 200 /* nesting of groups and expressions */

typedef struct prefix {
  const char *name, *iri;
} prefix;

typedef struct scope {
  unsigned long id;
  ng_vec names; /* const char *: what the subquery projects */
  int star;
} scope;

typedef struct ps {
  sq_query *q;
  sq_query *top;     /* the query (holds the subqueries) */
  sq_ctx *c;
  sq_lexer lx;
  ng_vec prefixes;   /* prefix */
  raptor_world *rw;
  raptor_uri *base;  /* owned */
  ng_vec scopes;     /* scope: the subqueries being read, innermost last */
  ng_vec visible;    /* int: slots of the variables SELECT * projects */
  ng_map bnode_block; /* blank node label -> the block it is in + 1 */
  ng_arena tmp;
  unsigned long block; /* the basic graph pattern being read */
  int in_template;   /* CONSTRUCT template: blank nodes are terms */
  int depth;
  int syntax;        /* a syntax error (c->why) */
  int refused;       /* a construct refused (c->why), read to the end */
} ps;

static int bad(ps *p) { return p->syntax || p->q->unsupported || p->c->err; }

static int syntax_error(ps *p, const char *what) {
  if (bad(p))
    return -1; /* the first error stands */
  if (p->lx.tok.type == T_ERROR)
    snprintf(p->c->why, sizeof p->c->why, "%s", p->lx.err);
  else
    snprintf(p->c->why, sizeof p->c->why, "%s near '%.20s'", what,
             p->lx.tok.start ? p->lx.tok.start : "");
  p->c->err_line = p->lx.tok.type == T_ERROR ? p->lx.line : p->lx.tok.line;
  p->syntax = 1;
  return -1;
}

static int refuse(ps *p, const char *what) {
  if (!bad(p))
    snprintf(p->c->why, sizeof p->c->why, "%s", what);
  p->q->unsupported = 1;
  return -1;
}

/* a construct refused once the whole query is read (a query that is
 * not SPARQL is an error first) */
static void refuse_later(ps *p, const char *what) {
  if (!p->refused && !bad(p))
    snprintf(p->c->why, sizeof p->c->why, "%s", what);
  p->refused = 1;
}

static void *alloc(ps *p, size_t n) {
  void *x = ng_arena_alloc(&p->c->arena, n);
  if (!x)
    p->c->err = NG_ERR_NOMEM;
  else
    memset(x, 0, n);
  return x;
}

static int push(ps *p, ng_vec *v, const void *item, size_t size) {
  void *slot = ng_vec_push(v, size, 1u << 24);
  if (!slot) {
    p->c->err = NG_ERR_NOMEM;
    return -1;
  }
  memcpy(slot, item, size);
  return 0;
}

/* ---- tokens ---- */

static int next(ps *p) {
  if (sq_lex_next(&p->lx))
    return syntax_error(p, "a bad token");
  return 0;
}

static int is_p(ps *p, const char *s) {
  return p->lx.tok.type == T_PUNCT && !strcmp(p->lx.tok.text, s);
}

static int is_kw(ps *p, const char *s) {
  return p->lx.tok.type == T_NAME && !strcasecmp(p->lx.tok.text, s);
}

static int accept_p(ps *p, const char *s) {
  if (!is_p(p, s))
    return 0;
  next(p);
  return 1;
}

static int accept_kw(ps *p, const char *s) {
  if (!is_kw(p, s))
    return 0;
  next(p);
  return 1;
}

static int expect_p(ps *p, const char *s) {
  if (accept_p(p, s))
    return 0;
  char what[40];
  snprintf(what, sizeof what, "'%s' expected", s);
  return syntax_error(p, what);
}

/* ---- variables and terms ---- */

/* The slot of variable NAME as the query being read sees it. */
static int var_slot(ps *p, const char *name) {
  char buf[600];
  for (size_t i = p->scopes.n; i-- > 0;) {
    scope *s = &NG_VEC_AT(&p->scopes, scope, i);
    int projected = s->star && name[0] != ' ';
    for (size_t k = 0; k < s->names.n && !projected; k++)
      projected = !strcmp(NG_VEC_AT(&s->names, const char *, k), name);
    if (!projected) {
      snprintf(buf, sizeof buf, " s%lu.%s", s->id, name);
      name = buf;
      break;
    }
  }
  int v = sq_var(p->c, name);
  if (v < 0)
    p->c->err = NG_ERR_NOMEM;
  return v;
}

static int add_visible(ps *p, int v) {
  if (NG_VEC_AT(&p->c->vars, const char *, v)[0] == ' ')
    return 0;
  for (size_t i = 0; i < p->visible.n; i++)
    if (NG_VEC_AT(&p->visible, int, i) == v)
      return 0;
  return push(p, &p->visible, &v, sizeof v);
}

/* a variable of the pattern: one SELECT * projects */
static int visible_var(ps *p, const char *name) {
  int v = var_slot(p, name);
  if (v < 0 || add_visible(p, v))
    return -1;
  return v;
}

static int fresh_var(ps *p) {
  char name[40];
  snprintf(name, sizeof name, " _:%lu", ++p->c->hidden);
  return var_slot(p, name);
}

static sq_id iri_term(ps *p, const char *s) {
  sq_ctx *c = p->c;
  if (p->base) {
    raptor_uri *u = raptor_new_uri_relative_to_base(
        p->rw, p->base, (const unsigned char *)s);
    if (!u) {
      c->err = NG_ERR_NOMEM;
      return 0;
    }
    const char *r = (const char *)raptor_uri_as_string(u);
    sq_id id = sq_intern(c, SQ_IRI, r, strlen(r), NULL, NULL);
    raptor_free_uri(u);
    return id;
  }
  return sq_intern(c, SQ_IRI, s, strlen(s), NULL, NULL);
}

/* the IRI of the current token (IRIREF or prefixed name), then next */
static sq_id iri(ps *p) {
  sq_token *t = &p->lx.tok;
  sq_id id = 0;
  if (t->type == T_IRI) {
    id = iri_term(p, t->text);
  } else if (t->type == T_PNAME) {
    const char *ns = NULL;
    for (size_t i = p->prefixes.n; i-- > 0 && !ns;) {
      prefix *x = &NG_VEC_AT(&p->prefixes, prefix, i);
      if (strlen(x->name) == t->ns_len && !strncmp(x->name, t->text, t->ns_len))
        ns = x->iri;
    }
    if (!ns) {
      syntax_error(p, "a prefix not declared");
      return 0;
    }
    char *full = ng_arena_cat(&p->tmp, ns, t->text + t->ns_len, (char *)NULL);
    if (!full) {
      p->c->err = NG_ERR_NOMEM;
      return 0;
    }
    id = sq_intern(p->c, SQ_IRI, full, strlen(full), NULL, NULL);
  } else {
    syntax_error(p, "an IRI expected");
    return 0;
  }
  if (next(p))
    return 0;
  return id;
}

static int is_iri(ps *p) {
  return p->lx.tok.type == T_IRI || p->lx.tok.type == T_PNAME;
}

/* a literal: RDFLiteral, NumericLiteral (SIGNED when a + or - is
 * allowed before it), BooleanLiteral; 0 when the token is none */
static sq_id literal(ps *p, int signed_ok) {
  sq_token *t = &p->lx.tok;
  sq_ctx *c = p->c;
  if (t->type == T_STR) {
    const char *s = t->text;
    size_t n = t->len;
    if (next(p))
      return 0;
    if (p->lx.tok.type == T_LANG) {
      const char *lang = p->lx.tok.text;
      sq_id id = sq_intern(c, SQ_LIT, s, n, lang, NULL);
      return next(p) ? 0 : id;
    }
    if (accept_p(p, "^^")) {
      if (!is_iri(p)) {
        syntax_error(p, "a datatype IRI expected");
        return 0;
      }
      sq_id dt = iri(p);
      return dt ? sq_intern(c, SQ_LIT, s, n, NULL, sq_t(c, dt)->lex) : 0;
    }
    return sq_intern(c, SQ_LIT, s, n, NULL, NULL);
  }
  const char *sign = "";
  if (signed_ok && (is_p(p, "+") || is_p(p, "-"))) {
    const char *after = p->lx.tok.start + 1;
    if (!((*after >= '0' && *after <= '9') || *after == '.'))
      return 0;
    sign = p->lx.tok.text;
    if (next(p))
      return 0;
    if (t->type != T_INT && t->type != T_DEC && t->type != T_DBL) {
      syntax_error(p, "a number expected");
      return 0;
    }
  }
  if (t->type == T_INT || t->type == T_DEC || t->type == T_DBL) {
    const char *dt = t->type == T_INT   ? SQ_XSD "integer"
                     : t->type == T_DEC ? SQ_XSD "decimal"
                                        : SQ_XSD "double";
    char *lex = ng_arena_cat(&p->tmp, *sign == '-' ? "-" : *sign ? "+" : "",
                             t->text, (char *)NULL);
    if (!lex) {
      c->err = NG_ERR_NOMEM;
      return 0;
    }
    sq_id id = sq_intern(c, SQ_LIT, lex, strlen(lex), NULL, dt);
    return next(p) ? 0 : id;
  }
  if (is_kw(p, "true") || is_kw(p, "false")) {
    int v = is_kw(p, "true");
    sq_id id = sq_bool(c, v);
    return next(p) ? 0 : id;
  }
  return 0;
}

/* a blank node label of a pattern: a variable of that pattern, in one
 * basic graph pattern only */
static int bnode_slot(ps *p, const char *label, sq_slot *out) {
  if (p->in_template) {
    out->var = -1;
    out->term = sq_intern(p->c, SQ_BNODE, label, strlen(label), NULL, NULL);
    return out->term ? 0 : -1;
  }
  char name[600];
  snprintf(name, sizeof name, " _:%s", label);
  ng_map_entry *e = ng_map_slot(&p->bnode_block, &p->tmp, name, strlen(name));
  if (!e)
    return p->c->err = NG_ERR_NOMEM, -1;
  if (e->value && (unsigned long)(uintptr_t)e->value != p->block + 1)
    return syntax_error(p, "a blank node label used in two basic graph "
                           "patterns");
  e->value = (void *)(uintptr_t)(p->block + 1);
  out->var = var_slot(p, name);
  out->term = 0;
  return out->var < 0 ? -1 : 0;
}

/* VarOrTerm (without the collections and [ ... ]) into OUT; -1 if none */
static int var_or_term(ps *p, sq_slot *out) {
  sq_token *t = &p->lx.tok;
  out->var = -1;
  out->term = 0;
  if (t->type == T_VAR) {
    out->var = visible_var(p, t->text);
    return out->var < 0 || next(p) ? -1 : 0;
  }
  if (t->type == T_BNODE) {
    const char *label = t->text;
    return bnode_slot(p, label, out) || next(p) ? -1 : 0;
  }
  if (t->type == T_ANON) {
    if (p->in_template) {
      char label[40];
      snprintf(label, sizeof label, "-a%lu", ++p->c->hidden);
      out->term = sq_intern(p->c, SQ_BNODE, label, strlen(label), NULL, NULL);
      return !out->term || next(p) ? -1 : 0;
    }
    out->var = fresh_var(p);
    return out->var < 0 || next(p) ? -1 : 0;
  }
  if (t->type == T_NIL) {
    out->term = iri_term(p, RDF_NS "nil");
    return !out->term || next(p) ? -1 : 0;
  }
  if (is_iri(p)) {
    out->term = iri(p);
    return out->term ? 0 : -1;
  }
  out->term = literal(p, 1);
  if (!out->term && !bad(p))
    syntax_error(p, "a variable or a term expected");
  return out->term ? 0 : -1;
}

/* ---- expressions ---- */

static sq_expr *expression(ps *p);
static sq_pat *group_pattern(ps *p);

static sq_expr *enode(ps *p, sq_eop op, size_t nargs) {
  sq_expr *x = alloc(p, sizeof *x);
  if (!x)
    return NULL;
  x->op = op;
  x->nargs = nargs;
  if (nargs && !(x->args = alloc(p, nargs * sizeof *x->args)))
    return NULL;
  return x;
}

static sq_expr *binary(ps *p, sq_eop op, sq_expr *a, sq_expr *b) {
  if (!a || !b)
    return NULL;
  sq_expr *x = enode(p, op, 2);
  if (x) {
    x->args[0] = a;
    x->args[1] = b;
  }
  return x;
}

/* '(' Expression (',' Expression)* ')' or NIL, into a new node of OP
 * with FIRST (may be NULL) as its first argument */
static sq_expr *arg_list(ps *p, sq_eop op, sq_expr *first, size_t min,
                         size_t max) {
  sq_expr *args[64];
  size_t n = 0;
  if (first)
    args[n++] = first;
  if (p->lx.tok.type == T_NIL) {
    if (next(p))
      return NULL;
  } else {
    if (expect_p(p, "("))
      return NULL;
    do {
      if (n == NG_ARRAY_LEN(args)) {
        refuse(p, "a call with more than 64 arguments");
        return NULL;
      }
      if (!(args[n++] = expression(p)))
        return NULL;
    } while (accept_p(p, ","));
    if (expect_p(p, ")"))
      return NULL;
  }
  size_t given = n - (first != NULL);
  if (given < min || given > max) {
    syntax_error(p, "the wrong number of arguments");
    return NULL;
  }
  sq_expr *x = enode(p, op, n);
  if (x && n)
    memcpy(x->args, args, n * sizeof *args);
  return x;
}

static sq_expr *aggregate(ps *p, sq_eop op) {
  sq_query *q = p->q;
  if (!q->allow_agg) {
    syntax_error(p, "an aggregate where none is allowed");
    return NULL;
  }
  if (next(p) || expect_p(p, "("))
    return NULL;
  int distinct = accept_kw(p, "DISTINCT");
  sq_expr *x;
  q->allow_agg = 0;
  if (op == E_COUNT && is_p(p, "*")) {
    x = enode(p, op, 0);
    if (x)
      x->star = 1;
    next(p);
  } else {
    sq_expr *a = expression(p);
    x = a ? enode(p, op, 1) : NULL;
    if (x)
      x->args[0] = a;
  }
  q->allow_agg = 1;
  if (!x)
    return NULL;
  if (op == E_GROUP_CONCAT && accept_p(p, ";")) {
    if (!accept_kw(p, "SEPARATOR") || expect_p(p, "="))
      return syntax_error(p, "SEPARATOR expected"), NULL;
    if (p->lx.tok.type != T_STR)
      return syntax_error(p, "a string expected"), NULL;
    x->konst = sq_intern(p->c, SQ_LIT, p->lx.tok.text, p->lx.tok.len, NULL,
                         NULL);
    if (!x->konst || next(p))
      return NULL;
  }
  if (expect_p(p, ")"))
    return NULL;
  x->distinct = distinct;
  char name[40];
  snprintf(name, sizeof name, " agg%lu", ++p->c->hidden);
  x->var = sq_var(p->c, name);
  sq_expr *ref = enode(p, E_AGGREF, 0);
  if (x->var < 0 || !ref || push(p, &q->aggs, &x, sizeof x))
    return NULL;
  ref->var = x->var;
  return ref;
}

static const struct {
  const char *name;
  sq_eop op;
  unsigned char min, max;
} builtins[] = {
    {"STR", E_STR, 1, 1},          {"LANG", E_LANG, 1, 1},
    {"LANGMATCHES", E_LANGMATCHES, 2, 2},
    {"DATATYPE", E_DATATYPE, 1, 1}, {"IRI", E_IRI, 1, 1},
    {"URI", E_IRI, 1, 1},          {"BNODE", E_BNODE, 0, 1},
    {"RAND", E_RAND, 0, 0},        {"ABS", E_ABS, 1, 1},
    {"CEIL", E_CEIL, 1, 1},        {"FLOOR", E_FLOOR, 1, 1},
    {"ROUND", E_ROUND, 1, 1},      {"CONCAT", E_CONCAT, 0, 64},
    {"STRLEN", E_STRLEN, 1, 1},    {"UCASE", E_UCASE, 1, 1},
    {"LCASE", E_LCASE, 1, 1},      {"ENCODE_FOR_URI", E_ENCODE, 1, 1},
    {"CONTAINS", E_CONTAINS, 2, 2}, {"STRSTARTS", E_STRSTARTS, 2, 2},
    {"STRENDS", E_STRENDS, 2, 2},  {"STRBEFORE", E_STRBEFORE, 2, 2},
    {"STRAFTER", E_STRAFTER, 2, 2}, {"YEAR", E_YEAR, 1, 1},
    {"MONTH", E_MONTH, 1, 1},      {"DAY", E_DAY, 1, 1},
    {"HOURS", E_HOURS, 1, 1},      {"MINUTES", E_MINUTES, 1, 1},
    {"SECONDS", E_SECONDS, 1, 1},  {"TIMEZONE", E_TIMEZONE, 1, 1},
    {"TZ", E_TZ, 1, 1},            {"NOW", E_NOW, 0, 0},
    {"MD5", E_MD5, 1, 1},          {"SHA1", E_SHA1, 1, 1},
    {"COALESCE", E_COALESCE, 0, 64}, {"IF", E_IF, 3, 3},
    {"STRLANG", E_STRLANG, 2, 2},  {"STRDT", E_STRDT, 2, 2},
    {"SAMETERM", E_SAMETERM, 2, 2}, {"ISIRI", E_ISIRI, 1, 1},
    {"ISURI", E_ISIRI, 1, 1},      {"ISBLANK", E_ISBLANK, 1, 1},
    {"ISLITERAL", E_ISLITERAL, 1, 1}, {"ISNUMERIC", E_ISNUMERIC, 1, 1},
    {"REGEX", E_REGEX, 2, 3},      {"SUBSTR", E_SUBSTR, 2, 3},
    {"REPLACE", E_REPLACE, 3, 4},
};

static const struct {
  const char *name;
  sq_eop op;
} aggregates[] = {
    {"COUNT", E_COUNT}, {"SUM", E_SUM},       {"MIN", E_MIN},
    {"MAX", E_MAX},     {"AVG", E_AVG},       {"SAMPLE", E_SAMPLE},
    {"GROUP_CONCAT", E_GROUP_CONCAT},
};

static sq_expr *exists(ps *p, sq_eop op) {
  int allow = p->q->allow_agg;
  p->q->allow_agg = 0;
  sq_pat *g = group_pattern(p);
  p->q->allow_agg = allow;
  sq_expr *x = g ? enode(p, op, 0) : NULL;
  if (x)
    x->pat = g;
  return x;
}

/* BuiltInCall, aggregates included; NULL with nothing consumed when the
 * token names none (p not bad) */
static sq_expr *builtin(ps *p) {
  if (p->lx.tok.type != T_NAME)
    return NULL;
  for (size_t i = 0; i < NG_ARRAY_LEN(aggregates); i++)
    if (is_kw(p, aggregates[i].name))
      return aggregate(p, aggregates[i].op);
  if (is_kw(p, "BOUND")) {
    if (next(p) || expect_p(p, "("))
      return NULL;
    if (p->lx.tok.type != T_VAR)
      return syntax_error(p, "a variable expected"), NULL;
    sq_expr *x = enode(p, E_BOUND, 1);
    sq_expr *v = enode(p, E_VAR, 0);
    if (!x || !v || (v->var = var_slot(p, p->lx.tok.text)) < 0 || next(p) ||
        expect_p(p, ")"))
      return NULL;
    x->args[0] = v;
    return x;
  }
  if (is_kw(p, "EXISTS"))
    return next(p) ? NULL : exists(p, E_EXISTS);
  if (is_kw(p, "NOT")) {
    if (next(p) || !accept_kw(p, "EXISTS"))
      return syntax_error(p, "EXISTS expected"), NULL;
    return exists(p, E_NOTEXISTS);
  }
  if (is_kw(p, "UUID") || is_kw(p, "STRUUID") || is_kw(p, "SHA256") ||
      is_kw(p, "SHA384") || is_kw(p, "SHA512")) {
    char what[64];
    int none = is_kw(p, "UUID") || is_kw(p, "STRUUID");
    snprintf(what, sizeof what, "the function %s", p->lx.tok.text);
    refuse_later(p, what);
    return next(p) ? NULL : arg_list(p, E_SHA256, NULL, !none, !none);
  }
  for (size_t i = 0; i < NG_ARRAY_LEN(builtins); i++)
    if (is_kw(p, builtins[i].name)) {
      if (next(p))
        return NULL;
      return arg_list(p, builtins[i].op, NULL, builtins[i].min,
                      builtins[i].max);
    }
  return NULL;
}

/* iri or iri(args): a constant, or a cast to an XSD type */
static sq_expr *iri_or_call(ps *p) {
  sq_id id = iri(p);
  if (!id)
    return NULL;
  if (!is_p(p, "(") && p->lx.tok.type != T_NIL) {
    sq_expr *x = enode(p, E_CONST, 0);
    if (x)
      x->konst = id;
    return x;
  }
  const char *dt = sq_t(p->c, id)->lex;
  static const char *const casts[] = {"string", "integer", "decimal",
                                      "float",  "double",  "boolean",
                                      "dateTime"};
  int known = 0;
  for (size_t i = 0; i < NG_ARRAY_LEN(casts) && !known; i++)
    known = !strncmp(dt, SQ_XSD, sizeof SQ_XSD - 1) &&
            !strcmp(dt + sizeof SQ_XSD - 1, casts[i]);
  if (!known) {
    refuse_later(p, "a call of a function other than SPARQL's and the XSD "
                    "casts");
    if (is_p(p, "(") && !next(p))
      accept_kw(p, "DISTINCT");
    else if (!bad(p))
      return next(p) ? NULL : enode(p, E_COALESCE, 0); /* NIL */
    sq_expr *x = NULL;
    do
      x = expression(p);
    while (x && accept_p(p, ","));
    return x && !expect_p(p, ")") ? x : NULL;
  }
  sq_expr *x = arg_list(p, E_CAST, NULL, 1, 1);
  if (x)
    x->cast = dt;
  return x;
}

static sq_expr *primary(ps *p) {
  sq_token *t = &p->lx.tok;
  if (is_p(p, "(")) {
    next(p);
    sq_expr *x = expression(p);
    return x && !expect_p(p, ")") ? x : NULL;
  }
  if (t->type == T_VAR) {
    sq_expr *x = enode(p, E_VAR, 0);
    if (!x || (x->var = var_slot(p, t->text)) < 0 || next(p))
      return NULL;
    return x;
  }
  if (is_iri(p))
    return iri_or_call(p);
  if (t->type == T_NAME && !is_kw(p, "true") && !is_kw(p, "false")) {
    sq_expr *x = builtin(p);
    if (!x && !bad(p))
      syntax_error(p, "an unknown function");
    return x;
  }
  sq_id id = literal(p, 0);
  if (!id) {
    if (!bad(p))
      syntax_error(p, "an expression expected");
    return NULL;
  }
  sq_expr *x = enode(p, E_CONST, 0);
  if (x)
    x->konst = id;
  return x;
}

static sq_expr *unary(ps *p) {
  sq_eop op = is_p(p, "!") ? E_NOT : is_p(p, "-") ? E_NEG
              : is_p(p, "+") ? E_POS : E_CONST;
  if (op == E_CONST)
    return primary(p);
  if (next(p))
    return NULL;
  if (++p->depth > MAX_DEPTH)
    return refuse(p, "expressions nested more than 200 deep"), NULL;
  sq_expr *a = unary(p);
  p->depth--;
  sq_expr *x = a ? enode(p, op, 1) : NULL;
  if (x)
    x->args[0] = a;
  return x;
}

static sq_expr *multiplicative(ps *p) {
  sq_expr *x = unary(p);
  while (x && (is_p(p, "*") || is_p(p, "/"))) {
    sq_eop op = is_p(p, "*") ? E_MUL : E_DIV;
    if (next(p))
      return NULL;
    x = binary(p, op, x, unary(p));
  }
  return x;
}

static sq_expr *additive(ps *p) {
  sq_expr *x = multiplicative(p);
  while (x && (is_p(p, "+") || is_p(p, "-"))) {
    sq_eop op = is_p(p, "+") ? E_ADD : E_SUB;
    if (next(p))
      return NULL;
    x = binary(p, op, x, multiplicative(p));
  }
  return x;
}

static sq_expr *relational(ps *p) {
  sq_expr *x = additive(p);
  static const struct {
    const char *s;
    sq_eop op;
  } ops[] = {{"=", E_EQ},  {"!=", E_NE}, {"<", E_LT},
             {">", E_GT},  {"<=", E_LE}, {">=", E_GE}};
  if (!x)
    return NULL;
  for (size_t i = 0; i < NG_ARRAY_LEN(ops); i++)
    if (is_p(p, ops[i].s)) {
      if (next(p))
        return NULL;
      return binary(p, ops[i].op, x, additive(p));
    }
  if (is_kw(p, "IN"))
    return next(p) ? NULL : arg_list(p, E_IN, x, 0, 63);
  if (is_kw(p, "NOT")) {
    if (next(p) || !accept_kw(p, "IN"))
      return syntax_error(p, "IN expected"), NULL;
    return arg_list(p, E_NOTIN, x, 0, 63);
  }
  return x;
}

static sq_expr *conjunction(ps *p) {
  sq_expr *x = relational(p);
  while (x && accept_p(p, "&&"))
    x = binary(p, E_AND, x, relational(p));
  return x;
}

static sq_expr *expression(ps *p) {
  if (bad(p))
    return NULL;
  if (++p->depth > MAX_DEPTH) {
    refuse(p, "expressions nested more than 200 deep");
    return NULL;
  }
  sq_expr *x = conjunction(p);
  while (x && accept_p(p, "||"))
    x = binary(p, E_OR, x, conjunction(p));
  p->depth--;
  return x;
}

/* Constraint: BrackettedExpression | BuiltInCall | FunctionCall */
static sq_expr *constraint(ps *p) {
  if (is_p(p, "("))
    return primary(p);
  if (is_iri(p)) {
    sq_expr *x = iri_or_call(p);
    if (x && x->op == E_CONST)
      return syntax_error(p, "a function call expected"), NULL;
    return x;
  }
  sq_expr *x = builtin(p);
  if (!x && !bad(p))
    syntax_error(p, "a constraint expected");
  return x;
}

/* ---- triples and paths ---- */

/* what a triples block adds to its group */
typedef struct block {
  ng_vec triples; /* sq_triple */
  ng_vec paths;   /* sq_pat *: P_PATH */
} block;

static int add_triple(ps *p, block *b, sq_slot s, sq_slot v, sq_slot o) {
  sq_triple t;
  t.part[0] = s;
  t.part[1] = v;
  t.part[2] = o;
  return push(p, &b->triples, &t, sizeof t);
}

static sq_path *path_node(ps *p, int op, sq_path *a, sq_path *b) {
  sq_path *x = alloc(p, sizeof *x);
  if (x) {
    x->op = op;
    x->a = a;
    x->b = b;
  }
  return x;
}

static sq_path *path(ps *p);

/* one element of a negated property set: iri, 'a', '^' iri */
static int neg_element(ps *p, ng_vec *ids, ng_vec *inv) {
  int back = accept_p(p, "^");
  sq_id id;
  if (is_kw(p, "a") && !strcmp(p->lx.tok.text, "a")) {
    id = iri_term(p, RDF_NS "type");
    if (next(p))
      return -1;
  } else if (is_iri(p)) {
    id = iri(p);
  } else {
    return syntax_error(p, "an IRI expected in a negated property set");
  }
  if (!id || push(p, ids, &id, sizeof id) || push(p, inv, &back, sizeof back))
    return -1;
  return 0;
}

static sq_path *path_primary(ps *p) {
  if (is_kw(p, "a") && !strcmp(p->lx.tok.text, "a")) {
    sq_path *x = path_node(p, PATH_LINK, NULL, NULL);
    if (x && !(x->iri = iri_term(p, RDF_NS "type")))
      return NULL;
    return x && !next(p) ? x : NULL;
  }
  if (is_iri(p)) {
    sq_path *x = path_node(p, PATH_LINK, NULL, NULL);
    if (x && !(x->iri = iri(p)))
      return NULL;
    return x;
  }
  if (accept_p(p, "!")) {
    ng_vec ids, inv;
    memset(&ids, 0, sizeof ids);
    memset(&inv, 0, sizeof inv);
    int r = 0;
    if (accept_p(p, "(")) {
      if (!is_p(p, ")"))
        do
          r = neg_element(p, &ids, &inv);
        while (!r && accept_p(p, "|"));
      r = r ? r : expect_p(p, ")");
    } else if (p->lx.tok.type == T_NIL) {
      r = next(p);
    } else {
      r = neg_element(p, &ids, &inv);
    }
    sq_path *x = r ? NULL : path_node(p, PATH_NEG, NULL, NULL);
    if (x && ids.n) {
      x->neg = alloc(p, ids.n * sizeof *x->neg);
      x->neg_inv = alloc(p, ids.n * sizeof *x->neg_inv);
      if (x->neg && x->neg_inv) {
        memcpy(x->neg, ids.items, ids.n * sizeof *x->neg);
        memcpy(x->neg_inv, inv.items, ids.n * sizeof *x->neg_inv);
        x->nneg = ids.n;
      } else {
        x = NULL;
      }
    }
    ng_vec_free(&ids);
    ng_vec_free(&inv);
    return x;
  }
  if (accept_p(p, "(")) {
    if (++p->depth > MAX_DEPTH)
      return refuse(p, "paths nested more than 200 deep"), NULL;
    sq_path *x = path(p);
    p->depth--;
    return x && !expect_p(p, ")") ? x : NULL;
  }
  syntax_error(p, "a path expected");
  return NULL;
}

static sq_path *path_elt(ps *p) {
  int inverse = accept_p(p, "^");
  sq_path *x = path_primary(p);
  if (x && (is_p(p, "*") || is_p(p, "+") || is_p(p, "?"))) {
    int op = is_p(p, "*") ? PATH_STAR : is_p(p, "+") ? PATH_PLUS : PATH_OPT;
    x = next(p) ? NULL : path_node(p, op, x, NULL);
  }
  if (x && inverse)
    x = path_node(p, PATH_INV, x, NULL);
  return x;
}

static sq_path *path_seq(ps *p) {
  sq_path *x = path_elt(p);
  while (x && accept_p(p, "/")) {
    sq_path *b = path_elt(p);
    x = b ? path_node(p, PATH_SEQ, x, b) : NULL;
  }
  return x;
}

static sq_path *path(ps *p) {
  sq_path *x = path_seq(p);
  while (x && accept_p(p, "|")) {
    sq_path *b = path_seq(p);
    x = b ? path_node(p, PATH_ALT, x, b) : NULL;
  }
  return x;
}

/* S PATH O as triple patterns where the path is a link, an inverse or
 * a sequence of them, a path pattern otherwise */
static int add_path(ps *p, block *b, sq_slot s, sq_path *x, sq_slot o) {
  if (x->op == PATH_LINK) {
    sq_slot v = {-1, x->iri};
    return add_triple(p, b, s, v, o);
  }
  if (x->op == PATH_INV)
    return add_path(p, b, o, x->a, s);
  if (x->op == PATH_SEQ) {
    sq_slot mid = {fresh_var(p), 0};
    if (mid.var < 0)
      return -1;
    return add_path(p, b, s, x->a, mid) || add_path(p, b, mid, x->b, o);
  }
  sq_pat *pp = alloc(p, sizeof *pp);
  if (!pp || !(pp->triples = alloc(p, sizeof *pp->triples)))
    return -1;
  pp->op = P_PATH;
  pp->ntriples = 1;
  pp->triples[0].part[0] = s;
  pp->triples[0].part[2] = o;
  pp->triples[0].part[1].var = -1;
  pp->path = x;
  for (int k = 0; k < 3; k++)
    if ((pp->hid[k] = fresh_var(p)) < 0)
      return -1;
  return push(p, &b->paths, &pp, sizeof pp);
}

static int graph_node(ps *p, block *b, sq_slot *out);
static int property_list(ps *p, block *b, sq_slot s);

/* '(' GraphNode+ ')' : its head into OUT */
static int collection(ps *p, block *b, sq_slot *out) {
  if (next(p))
    return -1;
  sq_slot first = {-1, iri_term(p, RDF_NS "first")};
  sq_slot rest = {-1, iri_term(p, RDF_NS "rest")};
  sq_slot nil = {-1, iri_term(p, RDF_NS "nil")};
  if (!first.term || !rest.term || !nil.term)
    return -1;
  sq_slot prev = {-1, 0};
  int n = 0;
  while (!accept_p(p, ")")) {
    if (bad(p))
      return -1;
    sq_slot cell, item;
    if (p->in_template) {
      char label[40];
      snprintf(label, sizeof label, "-l%lu", ++p->c->hidden);
      cell.var = -1;
      cell.term = sq_intern(p->c, SQ_BNODE, label, strlen(label), NULL, NULL);
      if (!cell.term)
        return -1;
    } else {
      cell.var = fresh_var(p);
      cell.term = 0;
      if (cell.var < 0)
        return -1;
    }
    if (n++ ? add_triple(p, b, prev, rest, cell) : (*out = cell, 0))
      return -1;
    if (graph_node(p, b, &item) || add_triple(p, b, cell, first, item))
      return -1;
    prev = cell;
  }
  if (!n)
    return syntax_error(p, "an empty collection");
  return add_triple(p, b, prev, rest, nil);
}

/* GraphNodePath: VarOrTerm | TriplesNodePath */
static int graph_node(ps *p, block *b, sq_slot *out) {
  if (++p->depth > MAX_DEPTH)
    return refuse(p, "patterns nested more than 200 deep");
  int r;
  if (is_p(p, "(")) {
    r = collection(p, b, out);
  } else if (is_p(p, "[")) {
    if (p->in_template) {
      char label[40];
      snprintf(label, sizeof label, "-a%lu", ++p->c->hidden);
      out->var = -1;
      out->term = sq_intern(p->c, SQ_BNODE, label, strlen(label), NULL, NULL);
    } else {
      out->var = fresh_var(p);
      out->term = 0;
    }
    r = (out->var < 0 && !out->term) || next(p) ||
                property_list(p, b, *out) || expect_p(p, "]")
            ? -1
            : 0;
  } else {
    r = var_or_term(p, out);
  }
  p->depth--;
  return r;
}

static int object_list(ps *p, block *b, sq_slot s, sq_slot v,
                       sq_path *x) {
  do {
    sq_slot o;
    if (graph_node(p, b, &o))
      return -1;
    if (x ? add_path(p, b, s, x, o) : add_triple(p, b, s, v, o))
      return -1;
  } while (accept_p(p, ","));
  return 0;
}

/* PropertyListPathNotEmpty of subject S */
static int property_list(ps *p, block *b, sq_slot s) {
  do {
    if (is_p(p, ";"))
      continue;
    if (is_p(p, ".") || is_p(p, "]") || is_p(p, "}") ||
        p->lx.tok.type == T_EOF)
      break;
    sq_slot v = {-1, 0};
    sq_path *x = NULL;
    if (p->lx.tok.type == T_VAR) {
      if ((v.var = visible_var(p, p->lx.tok.text)) < 0 || next(p))
        return -1;
    } else {
      if (!(x = path(p)))
        return -1;
      if (p->in_template && x->op != PATH_LINK)
        return syntax_error(p, "a path in a CONSTRUCT template");
    }
    if (object_list(p, b, s, v, x))
      return -1;
  } while (accept_p(p, ";"));
  return 0;
}

/* TriplesSameSubjectPath */
static int triples_same_subject(ps *p, block *b) {
  sq_slot s;
  int node = is_p(p, "(") || is_p(p, "[");
  if (graph_node(p, b, &s))
    return -1;
  size_t before = b->triples.n + b->paths.n;
  if (property_list(p, b, s))
    return -1;
  if (!node && b->triples.n + b->paths.n == before)
    return syntax_error(p, "a predicate expected");
  return 0;
}

static int starts_triples(ps *p) {
  int t = p->lx.tok.type;
  return t == T_VAR || t == T_IRI || t == T_PNAME || t == T_BNODE ||
         t == T_ANON || t == T_NIL || t == T_STR || t == T_INT ||
         t == T_DEC || t == T_DBL || is_p(p, "(") || is_p(p, "[") ||
         is_kw(p, "true") || is_kw(p, "false") ||
         ((is_p(p, "+") || is_p(p, "-")) &&
          ((p->lx.tok.start[1] >= '0' && p->lx.tok.start[1] <= '9') ||
           p->lx.tok.start[1] == '.'));
}

/* TriplesBlock: triples separated by '.' */
static int triples_block(ps *p, block *b) {
  while (starts_triples(p)) {
    if (triples_same_subject(p, b))
      return -1;
    if (!accept_p(p, "."))
      break;
  }
  return bad(p) ? -1 : 0;
}

/* ---- graph patterns ---- */

static sq_pat *pat(ps *p, sq_pop op, sq_pat *a, sq_pat *b) {
  sq_pat *x = alloc(p, sizeof *x);
  if (x) {
    x->op = op;
    x->a = a;
    x->b = b;
  }
  return x;
}

static sq_pat *join(ps *p, sq_pat *a, sq_pat *b) {
  if (!a || !b)
    return NULL;
  if (a->op == P_UNIT)
    return b;
  if (b->op == P_UNIT)
    return a;
  return pat(p, P_JOIN, a, b);
}

/* 1 when pattern X binds variable V (it is in scope after X) */
static int binds(const sq_pat *x, int v) {
  if (!x)
    return 0;
  switch (x->op) {
  case P_BGP:
    for (size_t i = 0; i < x->ntriples; i++)
      for (int k = 0; k < 3; k++)
        if (x->triples[i].part[k].var == v)
          return 1;
    return 0;
  case P_PATH:
    return x->triples[0].part[0].var == v || x->triples[0].part[2].var == v;
  case P_JOIN:
  case P_LEFT:
  case P_UNION:
    return binds(x->a, v) || binds(x->b, v);
  case P_FILTER:
  case P_MINUS:
    return binds(x->a, v);
  case P_EXTEND:
    return x->var == v || binds(x->a, v);
  case P_GRAPH:
    return x->graph.var == v || binds(x->a, v);
  case P_VALUES:
    for (size_t i = 0; i < x->nvv; i++)
      if (x->vvars[i] == v)
        return 1;
    return 0;
  case P_SUBQ:
    for (size_t i = 0; i < x->sub->proj.n; i++)
      if (NG_VEC_AT(&x->sub->proj, int, i) == v)
        return 1;
    return 0;
  case P_UNIT:
  default:
    return 0;
  }
}

static sq_pat *block_pattern(ps *p, block *b) {
  sq_pat *g = pat(p, b->triples.n ? P_BGP : P_UNIT, NULL, NULL);
  if (g && b->triples.n) {
    if (!(g->triples = alloc(p, b->triples.n * sizeof *g->triples)))
      return NULL;
    memcpy(g->triples, b->triples.items,
           b->triples.n * sizeof *g->triples);
    g->ntriples = b->triples.n;
  }
  for (size_t i = 0; g && i < b->paths.n; i++)
    g = join(p, g, NG_VEC_AT(&b->paths, sq_pat *, i));
  return g;
}

/* VALUES: DataBlock after the keyword */
static sq_pat *data_block(ps *p) {
  ng_vec vars, vals;
  memset(&vars, 0, sizeof vars);
  memset(&vals, 0, sizeof vals);
  int one = p->lx.tok.type == T_VAR;
  sq_pat *x = NULL;
  if (one) {
    int v = visible_var(p, p->lx.tok.text);
    if (v < 0 || push(p, &vars, &v, sizeof v) || next(p))
      goto done;
  } else if (p->lx.tok.type == T_NIL) {
    if (next(p))
      goto done;
  } else {
    if (expect_p(p, "("))
      goto done;
    while (p->lx.tok.type == T_VAR) {
      int v = visible_var(p, p->lx.tok.text);
      if (v < 0 || push(p, &vars, &v, sizeof v) || next(p))
        goto done;
    }
    if (expect_p(p, ")"))
      goto done;
  }
  if (expect_p(p, "{"))
    goto done;
  size_t rows = 0;
  while (!accept_p(p, "}")) {
    size_t n = 0;
    int nil = !one && p->lx.tok.type == T_NIL;
    if (nil) {
      if (next(p))
        goto done;
    } else if (!one && expect_p(p, "(")) {
      goto done;
    }
    while (!nil && (one ? n < 1 : !is_p(p, ")"))) {
      sq_id v = 0;
      if (is_kw(p, "UNDEF")) {
        if (next(p))
          goto done;
      } else if (is_iri(p)) {
        if (!(v = iri(p)))
          goto done;
      } else if (!(v = literal(p, 1))) {
        if (!bad(p))
          syntax_error(p, "a value expected in VALUES");
        goto done;
      }
      if (push(p, &vals, &v, sizeof v))
        goto done;
      n++;
    }
    if (!nil && !one && expect_p(p, ")"))
      goto done;
    if (n != vars.n) {
      syntax_error(p, "a row of VALUES of the wrong width");
      goto done;
    }
    rows++;
  }
  x = pat(p, P_VALUES, NULL, NULL);
  if (x) {
    x->nvv = vars.n;
    x->nvrows = rows;
    x->vvars = alloc(p, (vars.n ? vars.n : 1) * sizeof *x->vvars);
    x->vrows = alloc(p, (vals.n ? vals.n : 1) * sizeof *x->vrows);
    if (!x->vvars || !x->vrows)
      x = NULL;
    else {
      if (vars.n)
        memcpy(x->vvars, vars.items, vars.n * sizeof *x->vvars);
      if (vals.n)
        memcpy(x->vrows, vals.items, vals.n * sizeof *x->vrows);
    }
  }
done:
  ng_vec_free(&vars);
  ng_vec_free(&vals);
  return x;
}

static sq_pat *subselect(ps *p);

/* '{' ... '}': a subquery or the elements of a group.  OPTIONAL, MINUS
 * and BIND act on what precedes them, the FILTERs on the whole group. */
static sq_pat *group_pattern(ps *p) {
  if (expect_p(p, "{"))
    return NULL;
  if (++p->depth > MAX_DEPTH)
    return refuse(p, "groups nested more than 200 deep"), NULL;
  p->block++;
  if (is_kw(p, "SELECT")) {
    sq_pat *s = subselect(p);
    p->depth--;
    return s && !expect_p(p, "}") ? s : NULL;
  }
  sq_pat *g = pat(p, P_UNIT, NULL, NULL);
  sq_expr *filters = NULL;
  int last_triples = 0; /* the previous element was a triples block */
  while (g && !bad(p) && !accept_p(p, "}")) {
    if (starts_triples(p)) {
      if (last_triples)
        return syntax_error(p, "'.' expected"), NULL;
      block b;
      memset(&b, 0, sizeof b);
      int r = triples_block(p, &b);
      sq_pat *x = r ? NULL : block_pattern(p, &b);
      if (x && x->op == P_BGP && g->op == P_BGP && x->a == NULL) {
        /* neighbouring triple patterns: one BGP, ordered as a whole */
        sq_pat *m = pat(p, P_BGP, NULL, NULL);
        size_t n = g->ntriples + x->ntriples;
        if (m && (m->triples = alloc(p, n * sizeof *m->triples))) {
          memcpy(m->triples, g->triples, g->ntriples * sizeof *m->triples);
          memcpy(m->triples + g->ntriples, x->triples,
                 x->ntriples * sizeof *m->triples);
          m->ntriples = n;
          g = m;
        } else {
          g = NULL;
        }
      } else {
        g = x ? join(p, g, x) : NULL;
      }
      ng_vec_free(&b.triples);
      ng_vec_free(&b.paths);
      last_triples = !accept_p(p, ".");
      continue;
    }
    last_triples = 0;
    if (!is_kw(p, "FILTER"))
      p->block++;
    unsigned long before = p->block;
    if (is_p(p, "{")) {
      sq_pat *u = group_pattern(p);
      if (u && u->op == P_FILTER) /* OPTIONAL {{ P FILTER F }}: F stays */
        u->group_filter = 0;
      while (u && accept_kw(p, "UNION")) {
        sq_pat *b = group_pattern(p);
        u = b ? pat(p, P_UNION, u, b) : NULL;
      }
      g = u ? join(p, g, u) : NULL;
    } else if (accept_kw(p, "OPTIONAL")) {
      sq_pat *b = group_pattern(p);
      sq_pat *l = b ? pat(p, P_LEFT, g, b) : NULL;
      if (l && b->op == P_FILTER && b->group_filter) {
        l->b = b->a; /* its filter joins the LeftJoin */
        l->expr = b->expr;
      }
      g = l;
    } else if (accept_kw(p, "MINUS")) {
      sq_pat *b = group_pattern(p);
      g = b ? pat(p, P_MINUS, g, b) : NULL;
    } else if (accept_kw(p, "GRAPH")) {
      sq_slot gs;
      if (p->lx.tok.type == T_VAR) {
        gs.var = visible_var(p, p->lx.tok.text);
        gs.term = 0;
        if (gs.var < 0 || next(p))
          return NULL;
      } else {
        gs.var = -1;
        if (!(gs.term = iri(p)))
          return NULL;
      }
      sq_pat *b = group_pattern(p);
      sq_pat *x = b ? pat(p, P_GRAPH, b, NULL) : NULL;
      if (x)
        x->graph = gs;
      g = x ? join(p, g, x) : NULL;
    } else if (accept_kw(p, "SERVICE")) {
      refuse_later(p, "SERVICE");
      accept_kw(p, "SILENT");
      if (p->lx.tok.type == T_VAR ? next(p) : !iri(p))
        return NULL;
      if (!group_pattern(p))
        return NULL;
    } else if (accept_kw(p, "FILTER")) {
      sq_expr *f = constraint(p);
      if (!f)
        return NULL;
      filters = filters ? binary(p, E_AND, filters, f) : f;
    } else if (accept_kw(p, "BIND")) {
      if (expect_p(p, "("))
        return NULL;
      sq_expr *e = expression(p);
      if (!e || !accept_kw(p, "AS"))
        return syntax_error(p, "AS expected"), NULL;
      if (p->lx.tok.type != T_VAR)
        return syntax_error(p, "a variable expected"), NULL;
      int v = visible_var(p, p->lx.tok.text);
      if (v < 0 || next(p) || expect_p(p, ")"))
        return NULL;
      if (binds(g, v))
        return syntax_error(p, "BIND of a variable already in scope"),
               NULL;
      sq_pat *x = pat(p, P_EXTEND, g, NULL);
      if (x) {
        x->expr = e;
        x->var = v;
      }
      g = x;
    } else if (accept_kw(p, "VALUES")) {
      sq_pat *x = data_block(p);
      g = x ? join(p, g, x) : NULL;
    } else {
      syntax_error(p, "a graph pattern expected");
      return NULL;
    }
    if (p->block != before)
      p->block++;
    accept_p(p, ".");
  }
  p->depth--;
  if (!g || bad(p))
    return NULL;
  if (filters) {
    sq_pat *f = pat(p, P_FILTER, g, NULL);
    if (f) {
      f->expr = filters;
      f->group_filter = 1;
    }
    return f;
  }
  return g;
}

/* ---- the query ---- */

static int dataset_clauses(ps *p) {
  sq_ctx *c = p->c;
  while (accept_kw(p, "FROM")) {
    int named = accept_kw(p, "NAMED");
    sq_id id = iri(p);
    if (!id || push(p, named ? &c->named_g : &c->default_g, &id, sizeof id))
      return -1;
  }
  return bad(p) ? -1 : 0;
}

/* 1 when expression X reads variable V outside an aggregate */
static int reads_var(const sq_expr *x, int v) {
  if (!x)
    return 0;
  if (x->op == E_VAR)
    return x->var == v;
  if (x->op >= E_COUNT && x->op <= E_GROUP_CONCAT)
    return 0;
  for (size_t i = 0; i < x->nargs; i++)
    if (reads_var(x->args[i], v))
      return 1;
  return 0;
}

/* SELECT's rule with GROUP BY or aggregates: what is projected is a key
 * of the grouping or made from them and from aggregates */
static int grouped_only(ps *p, sq_query *q) {
  for (size_t i = 0; i < q->proj.n; i++) {
    int v = NG_VEC_AT(&q->proj, int, i);
    const sq_expr *e = NG_VEC_AT(&q->proj_expr, sq_expr *, i);
    int keyed = 0;
    for (size_t k = 0; k < q->nkeys && !keyed; k++)
      keyed = q->key_var[k] == v ||
              (q->keys[k]->op == E_VAR && q->keys[k]->var == v);
    if (!e && !keyed)
      return syntax_error(p, "a variable projected that is not grouped");
    for (size_t w = 0; e && w < p->c->vars.n; w++) {
      if (!reads_var(e, (int)w))
        continue;
      int ok = 0;
      for (size_t k = 0; k < q->nkeys && !ok; k++)
        ok = q->key_var[k] == (int)w ||
             (q->keys[k]->op == E_VAR && q->keys[k]->var == (int)w);
      for (size_t j = 0; j < i && !ok; j++)
        ok = NG_VEC_AT(&q->proj, int, j) == (int)w;
      if (!ok)
        return syntax_error(p, "a variable used in SELECT that is not "
                               "grouped");
    }
  }
  return 0;
}

static int solution_modifiers(ps *p, sq_query *q) {
  if (accept_kw(p, "GROUP")) {
    if (!accept_kw(p, "BY"))
      return syntax_error(p, "BY expected");
    ng_vec keys, kv;
    memset(&keys, 0, sizeof keys);
    memset(&kv, 0, sizeof kv);
    q->allow_agg = 0;
    int r = 0;
    do {
      sq_expr *e;
      int v = -1;
      if (p->lx.tok.type == T_VAR) {
        e = enode(p, E_VAR, 0);
        if (e && ((e->var = v = var_slot(p, p->lx.tok.text)) < 0 || next(p)))
          e = NULL;
      } else if (accept_p(p, "(")) {
        e = expression(p);
        if (e && accept_kw(p, "AS")) {
          if (p->lx.tok.type != T_VAR)
            e = NULL, syntax_error(p, "a variable expected");
          else if ((v = visible_var(p, p->lx.tok.text)) < 0 || next(p))
            e = NULL;
        }
        if (e && expect_p(p, ")"))
          e = NULL;
      } else {
        e = constraint(p);
      }
      if (!e || push(p, &keys, &e, sizeof e) || push(p, &kv, &v, sizeof v))
        r = -1;
    } while (!r && (p->lx.tok.type == T_VAR || is_p(p, "(") || is_iri(p) ||
                    (p->lx.tok.type == T_NAME && !is_kw(p, "HAVING") &&
                     !is_kw(p, "ORDER") && !is_kw(p, "LIMIT") &&
                     !is_kw(p, "OFFSET") && !is_kw(p, "VALUES"))));
    if (!r) {
      q->keys = alloc(p, keys.n * sizeof *q->keys);
      q->key_var = alloc(p, keys.n * sizeof *q->key_var);
      if (q->keys && q->key_var) {
        memcpy(q->keys, keys.items, keys.n * sizeof *q->keys);
        memcpy(q->key_var, kv.items, kv.n * sizeof *q->key_var);
        q->nkeys = keys.n;
      } else {
        r = -1;
      }
    }
    ng_vec_free(&keys);
    ng_vec_free(&kv);
    if (r)
      return -1;
  }
  q->allow_agg = 1;
  if (accept_kw(p, "HAVING")) {
    do {
      sq_expr *e = constraint(p);
      if (!e || push(p, &q->having, &e, sizeof e))
        return -1;
    } while (is_p(p, "(") || is_iri(p) ||
             (p->lx.tok.type == T_NAME && !is_kw(p, "ORDER") &&
              !is_kw(p, "LIMIT") && !is_kw(p, "OFFSET") &&
              !is_kw(p, "VALUES")));
  }
  if (accept_kw(p, "ORDER")) {
    if (!accept_kw(p, "BY"))
      return syntax_error(p, "BY expected");
    do {
      int desc = 0;
      sq_expr *e;
      if (is_kw(p, "ASC") || is_kw(p, "DESC")) {
        desc = is_kw(p, "DESC");
        next(p);
        if (!is_p(p, "("))
          return syntax_error(p, "'(' expected");
        e = primary(p);
      } else if (p->lx.tok.type == T_VAR) {
        e = primary(p);
      } else {
        e = constraint(p);
      }
      if (!e || push(p, &q->order, &e, sizeof e) ||
          push(p, &q->order_desc, &desc, sizeof desc))
        return -1;
    } while (p->lx.tok.type == T_VAR || is_p(p, "(") || is_iri(p) ||
             (p->lx.tok.type == T_NAME && !is_kw(p, "LIMIT") &&
              !is_kw(p, "OFFSET") && !is_kw(p, "VALUES")));
  }
  q->allow_agg = 0;
  for (int i = 0; i < 2; i++) {
    int lim = is_kw(p, "LIMIT");
    if (!lim && !is_kw(p, "OFFSET"))
      break;
    if (lim ? q->limit >= 0 : q->offset > 0)
      return syntax_error(p, "a second LIMIT or OFFSET");
    if (next(p))
      return -1;
    if (p->lx.tok.type != T_INT)
      return syntax_error(p, "an integer expected");
    long v = strtol(p->lx.tok.text, NULL, 10);
    if (lim)
      q->limit = v;
    else
      q->offset = v;
    if (next(p))
      return -1;
  }
  return bad(p) ? -1 : 0;
}

/* SELECT clause: into Q's projection; '*' gives STAR */
static int select_clause(ps *p, sq_query *q, int *star) {
  if (!accept_kw(p, "SELECT"))
    return syntax_error(p, "SELECT expected");
  if (accept_kw(p, "DISTINCT") || accept_kw(p, "REDUCED"))
    q->distinct = 1;
  *star = 0;
  if (accept_p(p, "*")) {
    *star = 1;
    return 0;
  }
  q->allow_agg = 1;
  int n = 0;
  for (;; n++) {
    sq_expr *e = NULL;
    const char *name;
    if (p->lx.tok.type == T_VAR) {
      name = p->lx.tok.text;
      if (next(p))
        return -1;
    } else if (accept_p(p, "(")) {
      if (!(e = expression(p)))
        return -1;
      if (!accept_kw(p, "AS") || p->lx.tok.type != T_VAR)
        return syntax_error(p, "AS ?variable expected");
      name = p->lx.tok.text;
      if (next(p) || expect_p(p, ")"))
        return -1;
    } else {
      break;
    }
    int v = var_slot(p, name);
    if (v < 0)
      return -1;
    for (size_t i = 0; i < q->proj.n; i++)
      if (NG_VEC_AT(&q->proj, int, i) == v) {
        if (e || NG_VEC_AT(&q->proj_expr, sq_expr *, i))
          return syntax_error(p, "a variable projected twice");
      }
    if (push(p, &q->proj, &v, sizeof v) || push(p, &q->proj_expr, &e, sizeof e))
      return -1;
  }
  q->allow_agg = 0;
  if (!n)
    return syntax_error(p, "a variable or '*' expected");
  return 0;
}

/* the variables a SELECT clause at the current token projects, for the
 * scope of a subquery (the clause is read again afterwards) */
static int projected_names(ps *p, scope *s) {
  const char *save_end = p->lx.end;
  sq_token save = p->lx.tok;
  int save_line = p->lx.line;
  int depth = 0, r = 0;
  next(p); /* SELECT */
  while (!bad(p) && p->lx.tok.type != T_EOF) {
    if (depth == 0 && (is_p(p, "{") || is_kw(p, "WHERE") || is_kw(p, "FROM")))
      break;
    if (is_p(p, "*") && depth == 0)
      s->star = 1;
    if (is_p(p, "("))
      depth++;
    if (is_p(p, ")"))
      depth--;
    int as = is_kw(p, "AS");
    if ((p->lx.tok.type == T_VAR && depth == 0) || as) {
      if (as && next(p))
        break;
      if (p->lx.tok.type == T_VAR) {
        const char *name = p->lx.tok.text;
        if (push(p, &s->names, &name, sizeof name))
          r = -1;
      }
    }
    next(p);
  }
  p->lx.end = save_end;
  p->lx.tok = save;
  p->lx.line = save_line;
  return bad(p) ? -1 : r;
}

static sq_query *new_query(ps *p) {
  sq_query *q = alloc(p, sizeof *q);
  if (q) {
    q->c = p->c;
    q->limit = -1;
  }
  return q;
}

static void free_query_vecs(sq_query *q) {
  ng_vec_free(&q->aggs);
  ng_vec_free(&q->having);
  ng_vec_free(&q->proj);
  ng_vec_free(&q->proj_expr);
  ng_vec_free(&q->order);
  ng_vec_free(&q->order_desc);
}

static int finish_select(ps *p, sq_query *q, int star) {
  if (star) {
    if (q->nkeys)
      return syntax_error(p, "SELECT * with GROUP BY");
    /* the variables of the pattern, in order (not those of a subquery's
     * own pattern, whose names start with a space) */
    for (size_t i = 0; i < p->visible.n; i++) {
      int v = NG_VEC_AT(&p->visible, int, i);
      sq_expr *none = NULL;
      int dup = 0;
      for (size_t k = 0; k < q->proj.n && !dup; k++)
        dup = NG_VEC_AT(&q->proj, int, k) == v;
      if (!dup && (push(p, &q->proj, &v, sizeof v) ||
                   push(p, &q->proj_expr, &none, sizeof none)))
        return -1;
    }
    return 0;
  }
  for (size_t i = 0; i < q->proj.n; i++)
    if (NG_VEC_AT(&q->proj_expr, sq_expr *, i) &&
        binds(q->where, NG_VEC_AT(&q->proj, int, i)))
      return syntax_error(p, "SELECT ( ... AS ?v) of a variable in scope");
  if ((q->nkeys || q->aggs.n) && grouped_only(p, q))
    return -1;
  return 0;
}

static sq_pat *subselect(ps *p) {
  scope s;
  memset(&s, 0, sizeof s);
  s.id = ++p->c->hidden;
  if (projected_names(p, &s) || push(p, &p->scopes, &s, sizeof s)) {
    ng_vec_free(&s.names);
    return NULL;
  }
  sq_query *q = new_query(p);
  sq_query *outer = p->q;
  ng_vec saved = p->visible;
  memset(&p->visible, 0, sizeof p->visible);
  sq_pat *x = NULL;
  int star = 0;
  if (q && push(p, &p->top->subs, &q, sizeof q))
    q = NULL;
  if (q) {
    p->q = q;
    if (!select_clause(p, q, &star)) {
      accept_kw(p, "WHERE");
      q->where = group_pattern(p);
      if (q->where && !solution_modifiers(p, q) &&
          (!accept_kw(p, "VALUES") || (q->values = data_block(p))) &&
          !bad(p) && !finish_select(p, q, star))
        x = pat(p, P_SUBQ, NULL, NULL);
    }
    p->q = outer;
  }
  ng_vec_free(&p->visible);
  p->visible = saved;
  if (x)
    x->sub = q;
  for (size_t i = 0; x && i < q->proj.n; i++)
    if (add_visible(p, NG_VEC_AT(&q->proj, int, i)))
      x = NULL;
  scope *top = &NG_VEC_AT(&p->scopes, scope, p->scopes.n - 1);
  ng_vec_free(&top->names);
  p->scopes.n--;
  return x;
}

void sq_query_free(sq_query *q) {
  if (!q)
    return;
  for (size_t i = 0; i < q->subs.n; i++)
    free_query_vecs(NG_VEC_AT(&q->subs, sq_query *, i));
  ng_vec_free(&q->subs);
  free_query_vecs(q);
}

static int prologue(ps *p) {
  for (;;) {
    if (accept_kw(p, "BASE")) {
      if (p->lx.tok.type != T_IRI)
        return syntax_error(p, "an IRI expected after BASE");
      raptor_uri *u =
          p->base ? raptor_new_uri_relative_to_base(
                        p->rw, p->base, (const unsigned char *)p->lx.tok.text)
                  : raptor_new_uri(p->rw,
                                   (const unsigned char *)p->lx.tok.text);
      if (!u)
        return p->c->err = NG_ERR_NOMEM, -1;
      if (p->base)
        raptor_free_uri(p->base);
      p->base = u;
      if (next(p))
        return -1;
    } else if (accept_kw(p, "PREFIX")) {
      if (p->lx.tok.type != T_PNAME || p->lx.tok.len != p->lx.tok.ns_len)
        return syntax_error(p, "a prefix expected after PREFIX");
      prefix x;
      x.name = ng_arena_strndup(&p->tmp, p->lx.tok.text, p->lx.tok.ns_len);
      if (!x.name || next(p))
        return x.name ? -1 : (p->c->err = NG_ERR_NOMEM, -1);
      if (p->lx.tok.type != T_IRI)
        return syntax_error(p, "an IRI expected after the prefix");
      sq_id id = iri_term(p, p->lx.tok.text);
      if (!id)
        return -1;
      x.iri = sq_t(p->c, id)->lex;
      if (push(p, &p->prefixes, &x, sizeof x) || next(p))
        return -1;
    } else {
      return bad(p) ? -1 : 0;
    }
  }
}

/* CONSTRUCT { template } or CONSTRUCT WHERE { triples } */
static int construct(ps *p, sq_query *q) {
  block b;
  memset(&b, 0, sizeof b);
  int r = 0, short_form = 0;
  if (is_p(p, "{")) {
    next(p);
    p->in_template = 1;
    r = triples_block(p, &b);
    p->in_template = 0;
    r = r ? r : expect_p(p, "}");
    r = r ? r : dataset_clauses(p);
    if (!r && !accept_kw(p, "WHERE") && !is_p(p, "{"))
      r = syntax_error(p, "WHERE expected");
    if (!r)
      q->where = group_pattern(p);
  } else {
    short_form = 1;
    r = dataset_clauses(p);
    if (!r && !accept_kw(p, "WHERE"))
      r = syntax_error(p, "WHERE expected");
    r = r ? r : expect_p(p, "{");
    p->block++;
    r = r ? r : triples_block(p, &b);
    r = r ? r : expect_p(p, "}");
    if (!r && b.paths.n)
      r = syntax_error(p, "a path in CONSTRUCT WHERE");
    if (!r)
      q->where = block_pattern(p, &b);
  }
  if (!r && !q->where)
    r = -1;
  if (!r && b.triples.n) {
    q->tmpl = alloc(p, b.triples.n * sizeof *q->tmpl);
    if (!q->tmpl)
      r = -1;
    else
      memcpy(q->tmpl, b.triples.items, b.triples.n * sizeof *q->tmpl);
    q->ntmpl = b.triples.n;
  }
  if (!r && b.paths.n && !short_form)
    r = syntax_error(p, "a path in a CONSTRUCT template");
  ng_vec_free(&b.triples);
  ng_vec_free(&b.paths);
  return r;
}

static int query(ps *p, const ng_sparql_dataset *ds) {
  sq_query *q = p->q;
  sq_ctx *c = p->c;
  if (next(p) || prologue(p))
    return -1;
  int star = 0, describe = 0;
  if (is_kw(p, "SELECT")) {
    q->verb = SQ_SELECT;
    if (select_clause(p, q, &star) || dataset_clauses(p))
      return -1;
    accept_kw(p, "WHERE");
    if (!(q->where = group_pattern(p)))
      return -1;
  } else if (accept_kw(p, "ASK")) {
    q->verb = SQ_ASK;
    if (dataset_clauses(p))
      return -1;
    accept_kw(p, "WHERE");
    if (!(q->where = group_pattern(p)))
      return -1;
  } else if (accept_kw(p, "CONSTRUCT")) {
    q->verb = SQ_CONSTRUCT;
    if (construct(p, q))
      return -1;
  } else if (accept_kw(p, "DESCRIBE")) {
    describe = 1;
    if (!accept_p(p, "*")) {
      int n = 0;
      while (p->lx.tok.type == T_VAR || is_iri(p)) {
        if (is_iri(p) ? !iri(p) : next(p))
          return -1;
        n++;
      }
      if (!n)
        return syntax_error(p, "a variable or an IRI expected");
    }
    if (dataset_clauses(p))
      return -1;
    if ((accept_kw(p, "WHERE") || is_p(p, "{")) &&
        !(q->where = group_pattern(p)))
      return -1;
  } else {
    return syntax_error(p, "SELECT, CONSTRUCT, ASK or DESCRIBE expected");
  }
  if (solution_modifiers(p, q))
    return -1;
  if (accept_kw(p, "VALUES") && !(q->values = data_block(p)))
    return -1;
  if (p->lx.tok.type != T_EOF)
    return syntax_error(p, "the end of the query expected");
  if (q->verb == SQ_SELECT && finish_select(p, q, star))
    return -1;
  if (describe)
    refuse_later(p, "DESCRIBE");
  /* the dataset: FROM / FROM NAMED, else the caller's, else the store */
  if (!c->default_g.n && !c->named_g.n) {
    if (!ds) {
      c->default_all = c->named_all = 1;
    } else {
      for (size_t k = 0; k < ds->n_default + ds->n_named; k++) {
        int named = k >= ds->n_default;
        const char *s = named ? ds->named_graphs[k - ds->n_default]
                              : ds->default_graphs[k];
        sq_id id = sq_intern(c, SQ_IRI, s, strlen(s), NULL, NULL);
        if (!id || push(p, named ? &c->named_g : &c->default_g, &id,
                        sizeof id))
          return -1;
      }
    }
  }
  return bad(p) ? -1 : 0;
}

ng_status sq_parse(sq_query *q, const char *text, const char *base,
                   const ng_sparql_dataset *ds) {
  sq_ctx *c = q->c;
  ps p;
  memset(&p, 0, sizeof p);
  p.q = q;
  p.top = q;
  p.c = c;
  q->limit = -1;
  p.rw = librdf_world_get_raptor(c->rdf);
  ng_arena_init(&p.tmp, 0);
  ng_map_init(&p.bnode_block);
  sq_lex_init(&p.lx, &c->arena, text);
  if (base && !(p.base = raptor_new_uri(p.rw, (const unsigned char *)base)))
    c->err = NG_ERR_NOMEM;
  if (!c->err)
    query(&p, ds);
  if (p.base && !c->err) {
    const char *b = (const char *)raptor_uri_as_string(p.base);
    c->base = ng_arena_strndup(&c->arena, b, strlen(b));
  }
  if (p.base)
    raptor_free_uri(p.base);
  for (size_t i = 0; i < p.scopes.n; i++)
    ng_vec_free(&NG_VEC_AT(&p.scopes, scope, i).names);
  ng_vec_free(&p.scopes);
  ng_vec_free(&p.prefixes);
  ng_vec_free(&p.visible);
  ng_map_free(&p.bnode_block);
  ng_arena_free(&p.tmp);
  sq_lex_free(&p.lx);
  if (c->err)
    return c->err;
  if (p.syntax)
    return NG_ERR_QUERY;
  if (q->unsupported || p.refused)
    return NG_ERR_UNSUPPORTED;
  return NG_OK;
}
