/* query.c - SPARQL on a store: results in table, CSV, TSV, JSON and XML
 * form, guards against what rasqal 0.9.33 answers wrongly, the triples
 * source rasqal reads the store through, and the bundled queries.
 *
 * ng_store_query() first hands the query to newsgraph's own evaluator
 * (sparql/, written to the results writers below); only a query it does
 * not handle (subqueries, VALUES, property paths, EXISTS, DESCRIBE,
 * SERVICE, or one rasqal cannot parse) takes the path described next,
 * ng_store_query_rasqal().
 *
 * rasqal gives wrong answers without any error for some constructs.  Each
 * case below was reproduced here and the fix checked against rdflib
 * (tests/test_query_rdflib.sh, tests/data/store/safety/).  A query is split
 * into tokens by a SPARQL lexer (strings, IRIs and comments are skipped,
 * never searched for keywords); then:
 *   - single-variable VALUES becomes the two-variable form (a dummy bound
 *     to UNDEF), which rasqal answers right;
 *   - YEAR(), MONTH() and DAY() of an xsd:date read the lexical form;
 *   - GRAPH <iri> naming a graph the store lacks becomes a group with
 *     FILTER(false) (no solution, as SPARQL says; rasqal gave one empty
 *     row, and leaked its plan when the GRAPH stood in an OPTIONAL);
 *   - the top-level SELECT DISTINCT (with its LIMIT and OFFSET) is done
 *     here on the projected rows, in order: rasqal 0.9.33 never frees
 *     the plan of a query with DISTINCT or REDUCED (roqet leaks it too),
 *     which a long-running `newsgraph serve` cannot afford; REDUCED is
 *     dropped (keeping repeats is allowed).  A DISTINCT in a subquery
 *     still leaks that memory (the answer is right);
 *   - GROUP BY with no aggregate and no HAVING: rasqal does not group at
 *     all; at the top level the groups are made as DISTINCT is, in a
 *     subquery it is refused (SELECT DISTINCT says the same);
 *   - several calls of one aggregate function get distinct arguments,
 *     and COUNT of a possibly unbound variable skips unbound values;
 *   - a top-level aggregate over no solution gets its row (COUNT 0), and
 *     GROUP BY over no solution loses rasqal's empty row;
 *   - GROUP_CONCAT with SEPARATOR, CONCAT/STRAFTER/STRBEFORE of computed
 *     values (a use-after-free in rasqal), property paths, EXISTS, NOT
 *     EXISTS, MINUS and DESCRIBE are refused with NG_ERR_UNSUPPORTED and
 *     a message naming the construct and a way round it.
 * rasqal reads the store through our triples source, which hands out each
 * triple of the default graph once (see "The triples source" below).
 *
 * Not fixed: rasqal joins only the triple patterns of one group through
 * the indexes.  OPTIONAL, and a pattern joined to a UNION, a subquery or
 * a group, re-read the other side for every row: fine on small stores,
 * hours on 1M triples.  The bundled queries are written as UNIONs of
 * single groups put together by GROUP BY, which scales (data/queries).
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "sparql/sparql.h"
#include "store_internal.h"

/* ------------------------------------------------------------------ */
/* Tokens                                                              */
/* ------------------------------------------------------------------ */

typedef enum tok_kind {
  T_IRI = 0, /* <...> */
  T_PNAME,   /* prefix:local, prefix: */
  T_VAR,     /* ?x, $x */
  T_STRING,  /* "...", '...', """...""", '''...''' */
  T_NUMBER,  /* unsigned: a sign is an operator of its own */
  T_WORD,    /* keywords, function names, a, true, false */
  T_BNODE,   /* _:x */
  T_LANG,    /* @en */
  T_PUNCT,   /* { } ( ) [ ] , ; . */
  T_OP       /* && || != <= >= ^^ ^ / | * + - ! = < > ? */
} tok_kind;

typedef struct tok {
  tok_kind kind;
  size_t b, e;  /* bytes [b, e) of the query */
  long line;
} tok;

typedef struct lexer {
  const char *q;
  size_t n;
  ng_vec toks; /* tok */
} lexer;

/* the kind of query.c's tokens for each kind of the library's lexer
 * (punctuation is told apart by its text) */
#define NQTOK_KINDS ((unsigned)NG_QTOK_PUNCT + 1u)
static const uint8_t kind_of[NQTOK_KINDS] = {
    [NG_QTOK_WORD] = T_WORD,     [NG_QTOK_PNAME] = T_PNAME,
    [NG_QTOK_IRI] = T_IRI,       [NG_QTOK_VAR] = T_VAR,
    [NG_QTOK_BNODE] = T_BNODE,   [NG_QTOK_STRING] = T_STRING,
    [NG_QTOK_NUMBER] = T_NUMBER, [NG_QTOK_LANG] = T_LANG,
    [NG_QTOK_NIL] = T_PUNCT,     [NG_QTOK_ANON] = T_PUNCT};

/* Q's tokens as our parser's lexer reads them (sparql/lex.c: one
 * reading of a query for every path).  NG_ERR_QUERY (logged, as our
 * evaluator words it) when Q does not split into SPARQL tokens. */
static ng_status sparql_lex(ng_world *w, lexer *lx) {
  ng_sparql_outline o;
  long line = 0;
  char why[160];
  ng_status st = ng_sparql_read_outline(lx->q, &o, &line, why, sizeof why);
  if (st == NG_ERR_QUERY)
    ng_log(w, NG_LOG_ERROR, st, "query", line, 0,
           "syntax error in the query (SPARQL 1.1): %s", why);
  for (size_t i = 0; !st && i < o.n; i++) {
    const ng_sparql_token *t = &o.toks[i];
    /* a sign written against a number is part of it here (the rewrites
     * take "?p +5" for a term, not a path) */
    if (t->kind == NG_QTOK_PUNCT && t->e - t->b == 1 &&
        (lx->q[t->b] == '+' || lx->q[t->b] == '-') && i + 1 < o.n &&
        o.toks[i + 1].kind == NG_QTOK_NUMBER && o.toks[i + 1].b == t->e) {
      tok *out = ng_vec_push(&lx->toks, sizeof *out, 2 * (size_t)o.n);
      if (!out) {
        st = NG_ERR_NOMEM;
        break;
      }
      out->kind = T_NUMBER;
      out->b = t->b;
      out->e = o.toks[++i].e;
      out->line = t->line;
      continue;
    }
    /* ( ) and [ ] stay two brackets here, as the rewrites look at them */
    int pair = t->kind == NG_QTOK_NIL || t->kind == NG_QTOK_ANON;
    for (int k = 0; k <= pair && !st; k++) {
      tok *out = ng_vec_push(&lx->toks, sizeof *out, 2 * (size_t)o.n);
      if (!out) {
        st = NG_ERR_NOMEM;
        break;
      }
      out->b = pair ? (k ? t->e - 1 : t->b) : t->b;
      out->e = pair ? out->b + 1 : t->e;
      out->line = t->line;
      if (t->kind == NG_QTOK_PUNCT || (unsigned)t->kind >= NQTOK_KINDS)
        out->kind = t->e - t->b == 1 && strchr("{}()[],;.", lx->q[t->b])
                        ? T_PUNCT
                        : T_OP;
      else
        out->kind = kind_of[t->kind];
    }
  }
  ng_sparql_outline_free(&o);
  return st;
}

#define TOK(lx, i) (&NG_VEC_AT(&(lx)->toks, tok, (i)))

static int tok_is(const lexer *lx, size_t i, tok_kind k, const char *text) {
  if (i >= lx->toks.n)
    return 0;
  const tok *t = TOK(lx, i);
  size_t len = t->e - t->b;
  if (t->kind != k || (text && strlen(text) != len))
    return 0;
  if (!text)
    return 1;
  for (size_t j = 0; j < len; j++)
    if (tolower((unsigned char)lx->q[t->b + j]) !=
        tolower((unsigned char)text[j]))
      return 0;
  return 1;
}

static int is_word(const lexer *lx, size_t i, const char *w) {
  return tok_is(lx, i, T_WORD, w);
}

static int is_punct(const lexer *lx, size_t i, char c) {
  char s[2] = {c, 0};
  return tok_is(lx, i, T_PUNCT, s);
}

/* The index of the token closing the bracket opened at I ('(' or '{'),
 * or lx->toks.n when it is not closed. */
static size_t matching(const lexer *lx, size_t i) {
  char open = lx->q[TOK(lx, i)->b];
  char close = open == '(' ? ')' : open == '{' ? '}' : ']';
  long depth = 0;
  for (size_t j = i; j < lx->toks.n; j++) {
    if (is_punct(lx, j, open))
      depth++;
    else if (is_punct(lx, j, close) && --depth == 0)
      return j;
  }
  return lx->toks.n;
}

/* ------------------------------------------------------------------ */
/* Refusals and rewrites                                               */
/* ------------------------------------------------------------------ */

typedef struct rewriter {
  ng_store *s;
  lexer lx;
  ng_buf out;      /* the rewritten query */
  size_t copied;   /* bytes of the query already copied to OUT */
  ng_map prefixes; /* prefix (with ':') -> IRI (arena) */
  ng_arena arena;
  int n_dummy;
  int distinct;    /* the top-level SELECT DISTINCT, done by the writer */
  long limit;      /* its LIMIT (-1: none), when DISTINCT */
  long offset;     /* its OFFSET, when DISTINCT */
  /* the top-level SELECT: its aggregates, for rasqal's missing row */
  int one_row;     /* aggregates without GROUP BY or HAVING */
  int grouped;     /* the top-level SELECT has GROUP BY */
  char *ask;       /* ASK with its WHERE clause (malloc), when GROUPED */
  ng_vec keys;     /* char * (malloc): its GROUP BY variables */
  ng_vec items;    /* proj_item, when ONE_ROW */
} rewriter;

/* What an aggregate gives over no solution (SPARQL 1.1, 18.5.1). */
typedef enum agg_kind {
  AGG_NONE = 0, /* not a plain aggregate: no value known */
  AGG_ZERO,     /* COUNT, SUM, AVG: 0 */
  AGG_EMPTY,    /* GROUP_CONCAT: "" */
  AGG_UNBOUND   /* MIN, MAX, SAMPLE: unbound */
} agg_kind;

typedef struct proj_item {
  char *name; /* malloc */
  agg_kind agg;
} proj_item;

/* What check_query() found out about the query. */
typedef struct query_info {
  int uses_graph; /* GRAPH appears */
  int grouped;    /* top-level GROUP BY: rasqal's empty row is dropped */
  char *ask;      /* the WHERE clause as an ASK query (malloc) */
  ng_vec keys;    /* char * (malloc): the GROUP BY variables */
  int one_row;
  ng_vec items; /* proj_item */
  int distinct; /* the writer drops repeated rows (top-level DISTINCT) */
  long limit;   /* then writes at most LIMIT rows (-1: all) */
  long offset;  /* after skipping OFFSET distinct rows */
} query_info;

static void free_strings(ng_vec *v) {
  for (size_t i = 0; i < v->n; i++)
    free(NG_VEC_AT(v, char *, i));
  ng_vec_free(v);
}

static void query_info_free(query_info *qi) {
  for (size_t i = 0; i < qi->items.n; i++)
    free(NG_VEC_AT(&qi->items, proj_item, i).name);
  ng_vec_free(&qi->items);
  free_strings(&qi->keys);
  free(qi->ask);
}

static ng_status refuse(rewriter *rw, size_t i, const char *what,
                        const char *instead) {
  const tok *t = TOK(&rw->lx, i);
  ng_log(rw->s->world, NG_LOG_ERROR, NG_ERR_UNSUPPORTED, "query", t->line,
         0,
         "%s is not supported by the store's query engine (rasqal 0.9.33 "
         "%s); %s",
         what,
         strcmp(what, "DESCRIBE") && strcmp(what, "MINUS") &&
                 strstr(what, "EXISTS") == NULL &&
                 strstr(what, "property path") == NULL
             ? "answers it wrongly"
             : "does not implement it",
         instead);
  return NG_ERR_UNSUPPORTED;
}

/* Copies the query up to byte B, then TEXT in place of [B, E). */
static ng_status replace(rewriter *rw, size_t b, size_t e, const char *text) {
  ng_status st = ng_buf_add(&rw->out, rw->lx.q + rw->copied, b - rw->copied);
  if (!st)
    st = ng_buf_adds(&rw->out, text);
  rw->copied = e;
  return st;
}

/* The IRI a T_IRI or T_PNAME token stands for (malloc), or NULL when it
 * cannot be resolved here (unknown prefix, relative IRI). */
static char *resolve_iri(rewriter *rw, size_t i) {
  const tok *t = TOK(&rw->lx, i);
  const char *q = rw->lx.q;
  if (t->kind == T_IRI) {
    const char *v = q + t->b + 1;
    size_t len = t->e - t->b - 2;
    int absolute = 0;
    for (size_t k = 0; k < len && !absolute; k++) {
      if (v[k] == ':')
        absolute = k > 0;
      else if (!isalnum((unsigned char)v[k]) && !strchr("+-.", v[k]))
        break;
    }
    if (!absolute)
      return NULL;
    return ng_strndup(v, len);
  }
  if (t->kind != T_PNAME)
    return NULL;
  const char *colon = memchr(q + t->b, ':', t->e - t->b);
  size_t plen = (size_t)(colon - (q + t->b)) + 1;
  const char *ns = ng_map_get(&rw->prefixes, q + t->b, plen);
  if (!ns)
    return NULL;
  const char *local = colon + 1;
  size_t llen = (size_t)(q + t->e - local);
  /* drop the backslashes of PN_LOCAL_ESC */
  size_t nlen = strlen(ns);
  char *out = malloc(nlen + llen + 1);
  if (!out)
    return NULL;
  memcpy(out, ns, nlen);
  size_t o = nlen;
  for (size_t k = 0; k < llen; k++) {
    if (local[k] == '\\' && k + 1 < llen)
      k++;
    out[o++] = local[k];
  }
  out[o] = '\0';
  return out;
}

/* PREFIX p: <iri> declarations, so GRAPH p:x can be checked. */
static ng_status read_prologue(rewriter *rw) {
  lexer *lx = &rw->lx;
  for (size_t i = 0; i + 2 < lx->toks.n; i++) {
    if (is_word(lx, i, "PREFIX") && TOK(lx, i + 1)->kind == T_PNAME &&
        TOK(lx, i + 2)->kind == T_IRI) {
      const tok *p = TOK(lx, i + 1), *v = TOK(lx, i + 2);
      ng_map_entry *e =
          ng_map_slot(&rw->prefixes, &rw->arena, lx->q + p->b, p->e - p->b);
      if (!e)
        return NG_ERR_NOMEM;
      e->value = ng_arena_strndup(&rw->arena, lx->q + v->b + 1,
                                  v->e - v->b - 2);
      if (!e->value)
        return NG_ERR_NOMEM;
    }
  }
  return NG_OK;
}

/* VALUES ?x { a b } -> VALUES (?x ?ng_undef_1) { (a UNDEF) (b UNDEF) }.
 * rasqal answers the one-variable form (also "VALUES (?x) {(a)}") as if
 * the block were not there; with two variables it is right. */
static ng_status rewrite_values(rewriter *rw, size_t i, size_t *next) {
  lexer *lx = &rw->lx;
  size_t v = i + 1, open, close;
  int paren = is_punct(lx, v, '(');
  if (paren) {
    if (!tok_is(lx, v + 1, T_VAR, NULL) || !is_punct(lx, v + 2, ')'))
      return NG_OK; /* several variables: fine as it is */
    v++;
    open = v + 2;
  } else if (tok_is(lx, v, T_VAR, NULL)) {
    open = v + 1;
  } else {
    return NG_OK;
  }
  if (!is_punct(lx, open, '{'))
    return NG_OK;
  close = matching(lx, open);
  if (close >= lx->toks.n)
    return NG_OK; /* let rasqal report it */
  char dummy[48];
  snprintf(dummy, sizeof dummy, "?ng_undef_%d", ++rw->n_dummy);
  const tok *tv = TOK(lx, v);
  ng_buf head;
  ng_buf_init(&head, 0);
  ng_status st = ng_buf_printf(&head, "VALUES (%.*s %s) {",
                               (int)(tv->e - tv->b), lx->q + tv->b, dummy);
  if (!st)
    st = replace(rw, TOK(lx, i)->b, TOK(lx, open)->e, head.s);
  ng_buf_free(&head);
  /* each value (or "(value)") becomes "(value UNDEF)" */
  for (size_t j = open + 1; !st && j < close; j++) {
    const tok *t = TOK(lx, j);
    if (paren) {
      if (is_punct(lx, j, ')'))
        st = replace(rw, t->b, t->b, " UNDEF");
      continue;
    }
    /* a value is one token, or a literal with @lang / ^^type */
    size_t last = j;
    if (t->kind == T_STRING) {
      if (tok_is(lx, j + 1, T_LANG, NULL))
        last = j + 1;
      else if (tok_is(lx, j + 1, T_OP, "^^") && j + 2 < close)
        last = j + 2;
    }
    st = replace(rw, t->b, t->b, "(");
    if (!st)
      st = replace(rw, TOK(lx, last)->e, TOK(lx, last)->e, " UNDEF)");
    j = last;
  }
  *next = close;
  return st;
}

/* YEAR(x) -> the integer of the first four characters of x's lexical
 * form when x is an xsd:date, YEAR(x) otherwise (likewise MONTH, DAY).
 * rasqal leaves YEAR/MONTH/DAY unbound on xsd:date.  "+ 0" makes the
 * integer canonical ("06" -> 6).  SUBSTR(STR(..)) is clean under valgrind,
 * unlike CONCAT(STR(..)). */
static ng_status rewrite_date_part(rewriter *rw, size_t i, size_t *next) {
  lexer *lx = &rw->lx;
  if (!is_punct(lx, i + 1, '('))
    return NG_OK;
  size_t close = matching(lx, i + 1);
  if (close >= lx->toks.n)
    return NG_OK;
  const tok *t = TOK(lx, i);
  char fn[8];
  size_t len = t->e - t->b;
  for (size_t k = 0; k < len && k < sizeof fn - 1; k++)
    fn[k] = (char)toupper((unsigned char)lx->q[t->b + k]);
  fn[len < sizeof fn ? len : sizeof fn - 1] = '\0';
  int from = !strcmp(fn, "YEAR") ? 1 : !strcmp(fn, "MONTH") ? 6 : 9;
  int count = from == 1 ? 4 : 2;
  /* the argument's text, copied verbatim (it is used twice) */
  const char *arg = lx->q + TOK(lx, i + 1)->e;
  int alen = (int)(TOK(lx, close)->b - TOK(lx, i + 1)->e);
  ng_buf b;
  ng_buf_init(&b, 0);
  ng_status st = ng_buf_printf(
      &b,
      "IF(DATATYPE(%.*s) = <http://www.w3.org/2001/XMLSchema#date>, "
      "<http://www.w3.org/2001/XMLSchema#integer>(SUBSTR(STR(%.*s), %d, "
      "%d)) + 0, %s(%.*s))",
      alen, arg, alen, arg, from, count, fn, alen, arg);
  if (!st)
    st = replace(rw, t->b, TOK(lx, close)->e, b.s);
  ng_buf_free(&b);
  *next = close;
  return st;
}

/* GRAPH <iri> { ... } on a graph the store lacks: rasqal returns one
 * empty row.  A FILTER(false) after it, in a group of its own, removes
 * that row and keeps the variables in scope (checked in OPTIONAL, UNION
 * and joins against rdflib). */
static ng_status rewrite_graph(rewriter *rw, size_t i, size_t *next) {
  lexer *lx = &rw->lx;
  size_t g = i + 1;
  if (g >= lx->toks.n ||
      (TOK(lx, g)->kind != T_IRI && TOK(lx, g)->kind != T_PNAME) ||
      !is_punct(lx, g + 1, '{'))
    return NG_OK;
  size_t close = matching(lx, g + 1);
  if (close >= lx->toks.n)
    return NG_OK;
  char *iri = resolve_iri(rw, g);
  if (!iri) {
    ng_log(rw->s->world, NG_LOG_WARN, NG_OK, "query", TOK(lx, g)->line, 0,
           "cannot check that the graph %.*s exists (relative IRI or "
           "unknown prefix): if it does not, rasqal returns one empty row",
           (int)(TOK(lx, g)->e - TOK(lx, g)->b), lx->q + TOK(lx, g)->b);
    return NG_OK;
  }
  int has = ng_store_has_graph(rw->s, iri);
  free(iri);
  if (has < 0)
    return NG_ERR_NOMEM;
  if (has)
    return NG_OK;
  /* GRAPH <absent> { P } -> { P FILTER(false) }: no solution, the same
   * variables in scope, and no GRAPH for rasqal to mishandle */
  *next = close;
  ng_status st = replace(rw, TOK(lx, i)->b, TOK(lx, g)->e, "");
  if (!st)
    st = replace(rw, TOK(lx, close)->b, TOK(lx, close)->b,
                 " FILTER(false) ");
  return st;
}

/* Property path operators stand between the predicate and the object of
 * a triple pattern: in a group, outside parentheses. */
static int path_op_at(const lexer *lx, size_t i) {
  const tok *t = TOK(lx, i);
  if (t->kind != T_OP)
    return 0;
  char c = lx->q[t->b];
  size_t len = t->e - t->b;
  if (len != 1 || !strchr("/|^*+?!", c))
    return 0;
  if (c == '*' && i > 0 &&
      (is_word(lx, i - 1, "SELECT") || is_word(lx, i - 1, "DISTINCT") ||
       is_word(lx, i - 1, "REDUCED")))
    return 0; /* SELECT * in a subquery */
  return 1;
}

/* CONCAT, STRAFTER and STRBEFORE read freed memory in rasqal 0.9.33 when
 * an argument is computed (a function call, a cast, arithmetic): valgrind
 * shows invalid reads for CONCAT(STR(?x)), CONCAT(UCASE(?c)) and
 * STRAFTER(STR(?x), ".."), and the values come back as garbage.  Variables
 * and constants are clean, so those are all we accept. */
static ng_status check_plain_args(rewriter *rw, size_t i) {
  lexer *lx = &rw->lx;
  size_t close = matching(lx, i + 1);
  for (size_t j = i + 2; j < close; j++) {
    const tok *t = TOK(lx, j);
    if (is_punct(lx, j, '(') || (t->kind == T_OP && !tok_is(lx, j, T_OP,
                                                           "^^"))) {
      char what[64];
      snprintf(what, sizeof what, "%.*s with a computed argument",
               (int)(TOK(lx, i)->e - TOK(lx, i)->b), lx->q + TOK(lx, i)->b);
      for (char *c = what; *c && *c != ' '; c++)
        *c = (char)toupper((unsigned char)*c);
      return refuse(rw, i, what,
                    "bind the computed value to a variable first, e.g. "
                    "BIND(STR(?x) AS ?sx), and pass the variable");
    }
  }
  return NG_OK;
}

static agg_kind agg_of(const lexer *lx, size_t i) {
  static const struct {
    const char *word;
    agg_kind kind;
  } aggs[] = {{"COUNT", AGG_ZERO},      {"SUM", AGG_ZERO},
              {"AVG", AGG_ZERO},        {"GROUP_CONCAT", AGG_EMPTY},
              {"MIN", AGG_UNBOUND},     {"MAX", AGG_UNBOUND},
              {"SAMPLE", AGG_UNBOUND}};
  for (size_t k = 0; k < NG_ARRAY_LEN(aggs); k++)
    if (is_word(lx, i, aggs[k].word) && is_punct(lx, i + 1, '('))
      return aggs[k].kind;
  return AGG_NONE;
}

/* Finds the SELECTs with aggregates and no GROUP BY.  rasqal gives no row
 * when such a query matches nothing (SPARQL: one row, COUNT 0): for the
 * top-level SELECT the row is supplied after the run; for a subquery a
 * warning is all we can do. */
static ng_status analyse_selects(rewriter *rw) {
  lexer *lx = &rw->lx;
  long depth = 0;
  for (size_t i = 0; i < lx->toks.n; i++) {
    if (is_punct(lx, i, '{'))
      depth++;
    else if (is_punct(lx, i, '}'))
      depth--;
    if (!is_word(lx, i, "SELECT"))
      continue;
    /* the projection runs to WHERE or to the first '{' */
    size_t j = i + 1, pend;
    int has_agg = 0;
    for (pend = j; pend < lx->toks.n && !is_word(lx, pend, "WHERE") &&
                   !is_punct(lx, pend, '{');
         pend++)
      if (agg_of(lx, pend) != AGG_NONE)
        has_agg = 1;
    if (pend >= lx->toks.n)
      continue;
    /* the solution modifiers follow the WHERE group */
    size_t wg = is_word(lx, pend, "WHERE") ? pend + 1 : pend;
    if (!is_punct(lx, wg, '{'))
      continue;
    size_t wend = matching(lx, wg);
    if (wend >= lx->toks.n)
      continue;
    int grouped = 0, group_by = 0, has_group = 0, having = 0;
    long d = 0;
    for (size_t k = wend + 1; k < lx->toks.n && d >= 0; k++) {
      if (is_punct(lx, k, '{'))
        d++;
      else if (is_punct(lx, k, '}'))
        d--;
      else if (d == 0 && is_word(lx, k, "GROUP"))
        grouped = group_by = has_group = 1;
      else if (d == 0 && is_word(lx, k, "HAVING"))
        grouped = having = 1;
      else if (d == 0 && group_by && (is_word(lx, k, "ORDER") ||
                                      is_word(lx, k, "LIMIT") ||
                                      is_word(lx, k, "OFFSET") ||
                                      is_word(lx, k, "HAVING")))
        group_by = 0;
      else if (d == 0 && group_by && depth == 0 &&
               tok_is(lx, k, T_VAR, NULL)) {
        char **key = ng_vec_push(&rw->keys, sizeof *key, 256);
        const tok *t = TOK(lx, k);
        if (!key || !(*key = ng_strndup(lx->q + t->b + 1, t->e - t->b - 1)))
          return NG_ERR_NOMEM;
      }
    }
    /* GROUP BY with no aggregate to compute: rasqal 0.9.33 does not
     * group at all (one row per solution).  The groups are then the
     * distinct projected rows, which the writer makes at the top level;
     * a subquery is refused. */
    if (has_group && !has_agg && !having) {
      if (depth > 0)
        return refuse(rw, i, "GROUP BY without an aggregate in a subquery",
                      "write SELECT DISTINCT in the subquery");
      rw->distinct = 1;
    }
    if (grouped && depth == 0 && !rw->grouped) {
      /* for rasqal's row over no solution: ASK whether there is one */
      rw->grouped = 1;
      ng_buf b;
      ng_buf_init(&b, 0);
      ng_status st = ng_buf_add(&b, lx->q, TOK(lx, i)->b);
      if (!st)
        st = ng_buf_adds(&b, "ASK ");
      if (!st)
        st = ng_buf_add(&b, lx->q + TOK(lx, wg)->b,
                        TOK(lx, wend)->e - TOK(lx, wg)->b);
      if (st) {
        ng_buf_free(&b);
        return st;
      }
      rw->ask = b.s;
    }
    if (grouped || !has_agg)
      continue;
    if (depth > 0) {
      ng_log(rw->s->world, NG_LOG_WARN, NG_OK, "query", TOK(lx, i)->line, 0,
             "a subquery with aggregates and no GROUP BY: if it matches "
             "nothing, rasqal gives no row where SPARQL gives one (COUNT "
             "0), so the results may lack rows");
      continue;
    }
    rw->one_row = 1;
    /* each item: ?v, or ( AGG ( ... ) AS ?v ), or another expression */
    for (; j < pend; j++) {
      agg_kind kind = AGG_NONE;
      size_t var = 0;
      if (tok_is(lx, j, T_VAR, NULL)) {
        var = j;
      } else if (is_punct(lx, j, '(')) {
        size_t close = matching(lx, j);
        if (close >= pend || close < j + 3 ||
            !tok_is(lx, close - 1, T_VAR, NULL) ||
            !is_word(lx, close - 2, "AS"))
          return NG_OK; /* not understood: rasqal's answer stands */
        var = close - 1;
        kind = agg_of(lx, j + 1);
        if (kind != AGG_NONE && matching(lx, j + 2) != close - 3)
          kind = AGG_NONE; /* an expression around the aggregate */
        j = close;
      } else {
        continue; /* DISTINCT, REDUCED */
      }
      proj_item *it = ng_vec_push(&rw->items, sizeof *it, 4096);
      if (!it)
        return NG_ERR_NOMEM;
      const tok *t = TOK(lx, var);
      it->name = ng_strndup(lx->q + t->b + 1, t->e - t->b - 1);
      it->agg = kind;
      if (!it->name)
        return NG_ERR_NOMEM;
    }
  }
  return NG_OK;
}

/* Aggregates, on the text the first pass made.  rasqal 0.9.33 takes two
 * calls of one aggregate function as the same aggregate whatever their
 * arguments: in SELECT (MAX(?a) AS ?x) (MAX(?b) AS ?y), ?y gets the
 * value of ?x.  The k-th distinct argument of a function is wrapped in k
 * COALESCE( ), which leaves its value alone and makes the calls differ.
 * When the query can leave variables unbound (OPTIONAL, UNION), rasqal
 * also counts unbound values: COUNT(?v) counts every row and COUNT(DISTINCT
 * ?v) counts "unbound" as one more value.  Those become SUM(IF(BOUND(?v),
 * 1, 0)) and COUNT(DISTINCT ?v) - MAX(IF(BOUND(?v), 0, 1)).  Each form was
 * checked against rdflib on tests/data/store/sample.nq. */
typedef struct agg_seen {
  char fn[16];
  ng_vec args; /* char * (malloc): distinct argument texts, in order */
} agg_seen;

/* Writes FN(DISTINCT? ARG) with ARG wrapped as its occurrence needs. */
static ng_status emit_aggregate(ng_buf *out, ng_vec *seen, const char *fn,
                                int distinct, const char *arg, size_t alen) {
  agg_seen *a = NULL;
  for (size_t i = 0; i < seen->n && !a; i++)
    if (!strcmp(NG_VEC_AT(seen, agg_seen, i).fn, fn))
      a = &NG_VEC_AT(seen, agg_seen, i);
  if (!a) {
    a = ng_vec_push(seen, sizeof *a, 64);
    if (!a)
      return NG_ERR_NOMEM;
    snprintf(a->fn, sizeof a->fn, "%s", fn);
  }
  size_t k;
  for (k = 0; k < a->args.n; k++) {
    const char *t = NG_VEC_AT(&a->args, char *, k);
    if (strlen(t) == alen && !memcmp(t, arg, alen))
      break;
  }
  if (k == a->args.n) {
    char **slot = ng_vec_push(&a->args, sizeof *slot, 4096);
    if (!slot || !(*slot = ng_strndup(arg, alen)))
      return NG_ERR_NOMEM;
  }
  ng_status st = ng_buf_printf(out, "%s(%s", fn, distinct ? "DISTINCT " : "");
  for (size_t j = 0; !st && j < k; j++)
    st = ng_buf_adds(out, "COALESCE(");
  if (!st)
    st = ng_buf_add(out, arg, alen);
  for (size_t j = 0; !st && j < k; j++)
    st = ng_buf_addc(out, ')');
  return st ? st : ng_buf_addc(out, ')');
}

static ng_status rewrite_aggregates(ng_store *s, char **text) {
  lexer lx;
  memset(&lx, 0, sizeof lx);
  lx.q = *text;
  lx.n = strlen(*text);
  ng_buf out;
  ng_buf_init(&out, 0);
  ng_vec seen;
  memset(&seen, 0, sizeof seen);
  ng_status st = sparql_lex(s->world, &lx);
  int unbound = 0, changed = 0;
  for (size_t i = 0; !st && i < lx.toks.n; i++)
    if (is_word(&lx, i, "OPTIONAL") || is_word(&lx, i, "UNION"))
      unbound = 1;
  size_t copied = 0;
  for (size_t i = 0; !st && i < lx.toks.n; i++) {
    if (agg_of(&lx, i) == AGG_NONE)
      continue;
    size_t close = matching(&lx, i + 1);
    if (close >= lx.toks.n)
      break;
    char fn[16];
    const tok *t = TOK(&lx, i);
    size_t fl = t->e - t->b < sizeof fn - 1 ? t->e - t->b : sizeof fn - 1;
    for (size_t k = 0; k < fl; k++)
      fn[k] = (char)toupper((unsigned char)lx.q[t->b + k]);
    fn[fl] = '\0';
    size_t a0 = i + 2;
    int distinct = is_word(&lx, a0, "DISTINCT");
    if (distinct)
      a0++;
    if (a0 >= close || tok_is(&lx, a0, T_OP, "*"))
      continue; /* COUNT(*), COUNT(DISTINCT *) */
    /* the argument runs to the closing parenthesis or to the ';' of
     * GROUP_CONCAT (refused earlier, with SEPARATOR) */
    size_t a1 = close;
    for (size_t j = a0; j < close; j++)
      if (is_punct(&lx, j, ';')) {
        a1 = j;
        break;
      }
    if (a1 != close)
      continue;
    const char *arg = lx.q + TOK(&lx, a0)->b;
    size_t alen = TOK(&lx, a1 - 1)->e - TOK(&lx, a0)->b;
    int one_var = a1 == a0 + 1 && TOK(&lx, a0)->kind == T_VAR;
    st = ng_buf_add(&out, lx.q + copied, t->b - copied);
    if (!st && unbound && one_var && !strcmp(fn, "COUNT") && !distinct) {
      ng_buf tmp;
      ng_buf_init(&tmp, 0);
      st = ng_buf_printf(&tmp, "IF(BOUND(%.*s), 1, 0)", (int)alen, arg);
      if (!st)
        st = emit_aggregate(&out, &seen, "SUM", 0, tmp.s, tmp.len);
      ng_buf_free(&tmp);
    } else if (!st && unbound && one_var && !strcmp(fn, "COUNT")) {
      ng_buf tmp;
      ng_buf_init(&tmp, 0);
      st = ng_buf_addc(&out, '(');
      if (!st)
        st = emit_aggregate(&out, &seen, "COUNT", 1, arg, alen);
      if (!st)
        st = ng_buf_adds(&out, " - ");
      if (!st)
        st = ng_buf_printf(&tmp, "IF(BOUND(%.*s), 0, 1)", (int)alen, arg);
      if (!st)
        st = emit_aggregate(&out, &seen, "MAX", 0, tmp.s, tmp.len);
      if (!st)
        st = ng_buf_addc(&out, ')');
      ng_buf_free(&tmp);
    } else if (!st) {
      st = emit_aggregate(&out, &seen, fn, distinct, arg, alen);
    }
    copied = TOK(&lx, close)->e;
    i = close;
    changed = 1;
  }
  if (!st && changed) {
    st = ng_buf_add(&out, lx.q + copied, lx.n - copied);
    if (!st) {
      free(*text);
      *text = out.s;
      out.s = NULL;
    }
  }
  if (st)
    ng_log(s->world, NG_LOG_ERROR, st, "query", 0, 0,
           "out of memory rewriting the aggregates of the query");
  for (size_t i = 0; i < seen.n; i++) {
    agg_seen *a = &NG_VEC_AT(&seen, agg_seen, i);
    for (size_t k = 0; k < a->args.n; k++)
      free(NG_VEC_AT(&a->args, char *, k));
    ng_vec_free(&a->args);
  }
  ng_vec_free(&seen);
  ng_vec_free(&lx.toks);
  ng_buf_free(&out);
  return st;
}

/* SERVICE asks the engine to send the query to another URI and read what
 * comes back: rasqal fetches any URI it is given (http:, gopher: writing
 * raw bytes to any local port, file: reading local files), so a query
 * sent to `newsgraph serve` could reach every address this machine can.
 * No store of ours fetches anything while answering a query: SERVICE is
 * refused in every form (SILENT, a variable, lower case, nested) before
 * an engine sees the query.  The lexer skips strings, IRIs and comments,
 * so only the keyword itself is found; a prefixed name or a variable
 * called SERVICE is not the keyword. */
static ng_status refuse_reach_out(ng_world *w, long line) {
  ng_log(w, NG_LOG_ERROR, NG_ERR_UNSUPPORTED, "query", line, 0,
         "SERVICE is refused: a query never makes newsgraph fetch "
         "another URI (it would reach any address or file this "
         "machine can); load the other data into the store instead");
  return NG_ERR_UNSUPPORTED;
}

/* The refusal on the text SPARQL, for every store (Virtuoso's own
 * engine included: it is configured not to, but we do not rely on it),
 * from the outline our lexer reads (sparql.h).  A query that does not
 * split into SPARQL tokens is rejected here as our evaluator would. */
static ng_status check_reach_out(ng_store *s, const char *sparql) {
  ng_sparql_outline o;
  long line = 0;
  char why[160];
  ng_status st = ng_sparql_read_outline(sparql, &o, &line, why, sizeof why);
  if (!st && o.service < o.n)
    st = refuse_reach_out(s->world, o.toks[o.service].line);
  else if (st == NG_ERR_QUERY)
    ng_log(s->world, NG_LOG_ERROR, st, "query", line, 0,
           "syntax error in the query (SPARQL 1.1): %s", why);
  else if (st == NG_ERR_NOMEM || st == NG_ERR_LIMIT)
    ng_log(s->world, NG_LOG_ERROR, st, "query", 0, 0,
           st == NG_ERR_LIMIT ? "the query has too many tokens"
                              : "out of memory reading the query");
  ng_sparql_outline_free(&o);
  return st;
}

/* Checks the query and writes the text to run into *OUT (malloc). */
static ng_status check_query(ng_store *s, const char *query, char **out,
                             query_info *qi) {
  rewriter rw;
  memset(&rw, 0, sizeof rw);
  rw.s = s;
  rw.lx.q = query;
  rw.lx.n = strlen(query);
  ng_buf_init(&rw.out, 0);
  ng_map_init(&rw.prefixes);
  ng_arena_init(&rw.arena, 0);
  rw.limit = -1;
  *out = NULL;

  lexer *lx = &rw.lx;
  ng_status st = sparql_lex(s->world, lx);
  for (size_t i = 0; !st && i < lx->toks.n; i++)
    if (is_word(lx, i, "SERVICE"))
      st = refuse_reach_out(s->world, TOK(lx, i)->line);
  if (!st)
    st = read_prologue(&rw);
  if (!st)
    st = analyse_selects(&rw);

  /* brace and parenthesis depth: paren[] holds, per open brace, the
   * parenthesis depth at which it was opened */
  long brace = 0, paren = 0;
  long paren_at[256];
  for (size_t i = 0; !st && i < lx->toks.n; i++) {
    const tok *t = TOK(lx, i);
    size_t next = i;
    if (t->kind == T_PUNCT) {
      char c = query[t->b];
      if (c == '{') {
        if (brace < (long)NG_ARRAY_LEN(paren_at))
          paren_at[brace] = paren;
        brace++;
      } else if (c == '}' && brace > 0) {
        brace--;
        if (brace < (long)NG_ARRAY_LEN(paren_at))
          paren = paren_at[brace];
      } else if (c == '(') {
        paren++;
      } else if (c == ')' && paren > 0) {
        paren--;
      }
      continue;
    }
    if (t->kind == T_OP) {
      long in_group_paren =
          brace > 0 && brace <= (long)NG_ARRAY_LEN(paren_at)
              ? paren - paren_at[brace - 1]
              : 1;
      if (brace > 0 && in_group_paren == 0 && path_op_at(lx, i))
        st = refuse(&rw, i, "a property path",
                    "write the steps as separate triple patterns joined "
                    "by variables (or UNION for alternatives), or use a "
                    "SPARQL 1.1 store such as Oxigraph or Virtuoso");
      continue;
    }
    if (t->kind != T_WORD)
      continue;
    if (brace == 0 && i > 0 && is_word(lx, i - 1, "SELECT") &&
        (is_word(lx, i, "DISTINCT") || is_word(lx, i, "REDUCED"))) {
      /* REDUCED may keep repeats: dropped, like its leak */
      if (is_word(lx, i, "DISTINCT"))
        rw.distinct = 1;
      st = replace(&rw, t->b, t->e, "");
    } else if (brace == 0 && rw.distinct &&
               (is_word(lx, i, "LIMIT") || is_word(lx, i, "OFFSET")) &&
               tok_is(lx, i + 1, T_NUMBER, NULL)) {
      /* a whole number: taken here (past the range of a long, no
       * limit); anything else stays for rasqal to reject */
      const tok *n = TOK(lx, i + 1);
      long v = 0;
      size_t d = n->b;
      for (; d < n->e && isdigit((unsigned char)query[d]); d++)
        v = v > (LONG_MAX - 9) / 10 ? LONG_MAX : v * 10 + (query[d] - '0');
      if (d == n->e) {
        if (is_word(lx, i, "LIMIT"))
          rw.limit = v;
        else
          rw.offset = v;
        st = replace(&rw, t->b, n->e, "");
        next = i + 1;
      }
    } else if (is_word(lx, i, "DESCRIBE"))
      st = refuse(&rw, i, "DESCRIBE",
                  "use CONSTRUCT { <iri> ?p ?o } WHERE { <iri> ?p ?o }");
    else if (is_word(lx, i, "MINUS"))
      st = refuse(&rw, i, "MINUS",
                  "use OPTIONAL { ... } with FILTER(!BOUND(?v)) on a "
                  "variable of the removed pattern");
    else if (is_word(lx, i, "EXISTS"))
      st = refuse(&rw, i,
                  i > 0 && is_word(lx, i - 1, "NOT") ? "NOT EXISTS"
                                                      : "EXISTS",
                  "use OPTIONAL { ... } with FILTER(BOUND(?v)) or "
                  "FILTER(!BOUND(?v)), or a SPARQL 1.1 store such as "
                  "Oxigraph or Virtuoso");
    else if (is_word(lx, i, "GROUP_CONCAT") && is_punct(lx, i + 1, '(')) {
      size_t close = matching(lx, i + 1);
      for (size_t j = i + 2; j < close && !st; j++)
        if (is_word(lx, j, "SEPARATOR"))
          st = refuse(&rw, i, "GROUP_CONCAT with SEPARATOR",
                      "drop SEPARATOR (values are then joined by a "
                      "space), or use a SPARQL 1.1 store");
    } else if ((is_word(lx, i, "CONCAT") || is_word(lx, i, "STRAFTER") ||
                is_word(lx, i, "STRBEFORE")) &&
               is_punct(lx, i + 1, '(')) {
      st = check_plain_args(&rw, i);
    } else if (is_word(lx, i, "VALUES")) {
      st = rewrite_values(&rw, i, &next);
    } else if (is_word(lx, i, "YEAR") || is_word(lx, i, "MONTH") ||
               is_word(lx, i, "DAY")) {
      st = rewrite_date_part(&rw, i, &next);
    } else if (is_word(lx, i, "GRAPH")) {
      st = rewrite_graph(&rw, i, &next);
    }
    /* tokens inside a rewritten span are not looked at again, except
     * for the brackets, which keep the depths right */
    for (size_t j = i + 1; j <= next && j < lx->toks.n; j++) {
      const tok *u = TOK(lx, j);
      if (u->kind != T_PUNCT)
        continue;
      char c = query[u->b];
      if (c == '{') {
        if (brace < (long)NG_ARRAY_LEN(paren_at))
          paren_at[brace] = paren;
        brace++;
      } else if (c == '}' && brace > 0) {
        brace--;
        if (brace < (long)NG_ARRAY_LEN(paren_at))
          paren = paren_at[brace];
      } else if (c == '(') {
        paren++;
      } else if (c == ')' && paren > 0) {
        paren--;
      }
    }
    i = next;
  }
  if (!st)
    st = ng_buf_add(&rw.out, query + rw.copied, rw.lx.n - rw.copied);
  if (!st) {
    *out = rw.out.s ? rw.out.s : ng_strdup("");
    rw.out.s = NULL;
    if (!*out)
      st = NG_ERR_NOMEM;
  }
  if (!st)
    st = rewrite_aggregates(s, out);
  if (st == NG_ERR_NOMEM || st == NG_ERR_LIMIT)
    ng_log(s->world, NG_LOG_ERROR, st, "query", 0, 0,
           st == NG_ERR_LIMIT ? "the query has too many tokens"
                              : "out of memory reading the query");
  qi->one_row = rw.one_row;
  qi->distinct = rw.distinct;
  qi->limit = rw.limit;
  qi->offset = rw.offset;
  qi->grouped = rw.grouped;
  qi->ask = rw.ask; /* moved */
  qi->keys = rw.keys;
  for (size_t i = 0; i < rw.lx.toks.n && !qi->uses_graph; i++)
    qi->uses_graph = is_word(&rw.lx, i, "GRAPH");
  qi->items = rw.items; /* moved */
  ng_buf_free(&rw.out);
  ng_vec_free(&lx->toks);
  ng_map_free(&rw.prefixes);
  ng_arena_free(&rw.arena);
  return st;
}

/* ------------------------------------------------------------------ */
/* Terms                                                               */
/* ------------------------------------------------------------------ */

#define XSD "http://www.w3.org/2001/XMLSchema#"

typedef ng_rterm term; /* in store_internal.h: other stores write it too */

static void node_term(librdf_node *n, term *t) {
  memset(t, 0, sizeof *t);
  t->type = librdf_node_get_type(n);
  switch (t->type) {
  case LIBRDF_NODE_TYPE_RESOURCE:
    t->v = (const char *)librdf_uri_as_counted_string(librdf_node_get_uri(n),
                                                      &t->len);
    break;
  case LIBRDF_NODE_TYPE_LITERAL: {
    librdf_uri *dt = librdf_node_get_literal_value_datatype_uri(n);
    t->v = (const char *)librdf_node_get_literal_value_as_counted_string(
        n, &t->len);
    t->lang = librdf_node_get_literal_value_language(n);
    t->dt = dt ? (const char *)librdf_uri_as_string(dt) : NULL;
    if (t->lang && !*t->lang)
      t->lang = NULL;
    break;
  }
  case LIBRDF_NODE_TYPE_BLANK:
    t->v = (const char *)librdf_node_get_counted_blank_identifier(n, &t->len);
    break;
  case LIBRDF_NODE_TYPE_UNKNOWN:
  default:
    t->v = "";
    break;
  }
  if (!t->v) {
    t->v = "";
    t->len = 0;
  }
}

/* N-Triples string escapes (also valid in SPARQL and Turtle). */
static ng_status add_nt_string(ng_buf *b, const char *s, size_t n) {
  ng_status st = NG_OK;
  for (size_t i = 0; i < n && !st; i++) {
    unsigned char c = (unsigned char)s[i];
    switch (c) {
    case '"':
      st = ng_buf_adds(b, "\\\"");
      break;
    case '\\':
      st = ng_buf_adds(b, "\\\\");
      break;
    case '\n':
      st = ng_buf_adds(b, "\\n");
      break;
    case '\r':
      st = ng_buf_adds(b, "\\r");
      break;
    case '\t':
      st = ng_buf_adds(b, "\\t");
      break;
    default:
      if (c < 0x20 || c == 0x7f)
        st = ng_buf_printf(b, "\\u%04X", c);
      else
        st = ng_buf_addc(b, (char)c);
      break;
    }
  }
  return st;
}

/* IRIs in N-Triples: characters it forbids are written as \u escapes. */
static ng_status add_nt_iri(ng_buf *b, const char *s, size_t n) {
  ng_status st = ng_buf_addc(b, '<');
  for (size_t i = 0; i < n && !st; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c <= 0x20 || strchr("<>\"{}|^`\\", c))
      st = ng_buf_printf(b, "\\u%04X", c);
    else
      st = ng_buf_addc(b, (char)c);
  }
  return st ? st : ng_buf_addc(b, '>');
}

static ng_status add_term_nt(ng_buf *b, const term *t) {
  ng_status st;
  switch (t->type) {
  case LIBRDF_NODE_TYPE_RESOURCE:
    return add_nt_iri(b, t->v, t->len);
  case LIBRDF_NODE_TYPE_BLANK:
    st = ng_buf_adds(b, "_:");
    return st ? st : ng_buf_add(b, t->v, t->len);
  case LIBRDF_NODE_TYPE_LITERAL:
    st = ng_buf_addc(b, '"');
    if (!st)
      st = add_nt_string(b, t->v, t->len);
    if (!st)
      st = ng_buf_addc(b, '"');
    if (!st && t->lang)
      st = ng_buf_printf(b, "@%s", t->lang);
    else if (!st && t->dt && strcmp(t->dt, XSD "string")) {
      st = ng_buf_adds(b, "^^");
      if (!st)
        st = add_nt_iri(b, t->dt, strlen(t->dt));
    }
    return st;
  case LIBRDF_NODE_TYPE_UNKNOWN:
  default:
    return NG_OK;
  }
}

static ng_status add_json_string(ng_buf *b, const char *s, size_t n) {
  ng_status st = ng_buf_addc(b, '"');
  for (size_t i = 0; i < n && !st; i++) {
    /* a run of bytes that need no escape, in one copy */
    size_t j = i;
    while (j < n && (unsigned char)s[j] >= 0x20 && s[j] != '"' &&
           s[j] != '\\' && s[j] != 0x7f)
      j++;
    if (j > i) {
      st = ng_buf_add(b, s + i, j - i);
      i = j - 1;
      continue;
    }
    unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\\')
      st = ng_buf_printf(b, "\\%c", c);
    else if (c == '\n')
      st = ng_buf_adds(b, "\\n");
    else if (c == '\r')
      st = ng_buf_adds(b, "\\r");
    else if (c == '\t')
      st = ng_buf_adds(b, "\\t");
    else if (c < 0x20 || c == 0x7f)
      st = ng_buf_printf(b, "\\u%04x", c);
    else
      st = ng_buf_addc(b, (char)c);
  }
  return st ? st : ng_buf_addc(b, '"');
}

static ng_status add_json_term(ng_buf *b, const term *t) {
  const char *type = t->type == LIBRDF_NODE_TYPE_RESOURCE ? "uri"
                     : t->type == LIBRDF_NODE_TYPE_BLANK  ? "bnode"
                                                          : "literal";
  ng_status st = ng_buf_adds(b, "{ \"type\": \"");
  if (!st)
    st = ng_buf_adds(b, type);
  if (!st)
    st = ng_buf_adds(b, "\", \"value\": ");
  if (!st)
    st = add_json_string(b, t->v, t->len);
  if (!st && t->type == LIBRDF_NODE_TYPE_LITERAL && t->lang) {
    st = ng_buf_adds(b, ", \"xml:lang\": ");
    if (!st)
      st = add_json_string(b, t->lang, strlen(t->lang));
  } else if (!st && t->type == LIBRDF_NODE_TYPE_LITERAL && t->dt &&
             strcmp(t->dt, XSD "string")) {
    st = ng_buf_adds(b, ", \"datatype\": ");
    if (!st)
      st = add_json_string(b, t->dt, strlen(t->dt));
  }
  return st ? st : ng_buf_adds(b, " }");
}

/* XML 1.0 text: & < > " escaped; control characters XML cannot hold
 * become U+FFFD. */
static ng_status add_xml_text(ng_buf *b, const char *s, size_t n) {
  ng_status st = NG_OK;
  for (size_t i = 0; i < n && !st; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '&')
      st = ng_buf_adds(b, "&amp;");
    else if (c == '<')
      st = ng_buf_adds(b, "&lt;");
    else if (c == '>')
      st = ng_buf_adds(b, "&gt;");
    else if (c == '"')
      st = ng_buf_adds(b, "&quot;");
    else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
      st = ng_buf_adds(b, "\xef\xbf\xbd");
    else
      st = ng_buf_addc(b, (char)c);
  }
  return st;
}

static ng_status add_xml_term(ng_buf *b, const term *t) {
  ng_status st;
  switch (t->type) {
  case LIBRDF_NODE_TYPE_RESOURCE:
    st = ng_buf_adds(b, "<uri>");
    if (!st)
      st = add_xml_text(b, t->v, t->len);
    return st ? st : ng_buf_adds(b, "</uri>");
  case LIBRDF_NODE_TYPE_BLANK:
    st = ng_buf_adds(b, "<bnode>");
    if (!st)
      st = add_xml_text(b, t->v, t->len);
    return st ? st : ng_buf_adds(b, "</bnode>");
  case LIBRDF_NODE_TYPE_LITERAL:
  case LIBRDF_NODE_TYPE_UNKNOWN:
  default:
    st = ng_buf_adds(b, "<literal");
    if (!st && t->lang) {
      st = ng_buf_adds(b, " xml:lang=\"");
      if (!st)
        st = add_xml_text(b, t->lang, strlen(t->lang));
      if (!st)
        st = ng_buf_addc(b, '"');
    } else if (!st && t->dt && strcmp(t->dt, XSD "string")) {
      st = ng_buf_adds(b, " datatype=\"");
      if (!st)
        st = add_xml_text(b, t->dt, strlen(t->dt));
      if (!st)
        st = ng_buf_addc(b, '"');
    }
    if (!st)
      st = ng_buf_addc(b, '>');
    if (!st)
      st = add_xml_text(b, t->v, t->len);
    return st ? st : ng_buf_adds(b, "</literal>");
  }
}

/* CSV: the plain value; quoted when it holds a comma, quote or line
 * break (RFC 4180). */
static ng_status add_csv_term(ng_buf *b, const term *t) {
  ng_status st = NG_OK;
  if (t->type == LIBRDF_NODE_TYPE_BLANK) {
    st = ng_buf_adds(b, "_:");
    return st ? st : ng_buf_add(b, t->v, t->len);
  }
  int quote = 0;
  for (size_t i = 0; i < t->len; i++)
    if (strchr(",\"\r\n", t->v[i]))
      quote = 1;
  if (!quote)
    return ng_buf_add(b, t->v, t->len);
  st = ng_buf_addc(b, '"');
  for (size_t i = 0; i < t->len && !st; i++)
    st = t->v[i] == '"' ? ng_buf_adds(b, "\"\"") : ng_buf_addc(b, t->v[i]);
  return st ? st : ng_buf_addc(b, '"');
}

/* Table cells: IRIs shortened with the usual prefixes; literals by their
 * value; line breaks and tabs shown as spaces. */
static const char *const table_prefixes[][2] = {
    {"ng:", NG_NS},
    {"rdf:", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"},
    {"rdfs:", "http://www.w3.org/2000/01/rdf-schema#"},
    {"skos:", "http://www.w3.org/2004/02/skos/core#"},
    {"xsd:", XSD},
    {"dcterms:", "http://purl.org/dc/terms/"},
    {"nif:", "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/"
             "nif-core#"},
    {"owl:", "http://www.w3.org/2002/07/owl#"},
    {"wd:", "http://www.wikidata.org/entity/"}};

static ng_status add_table_term(ng_buf *b, const term *t, const char *base) {
  const char *v = t->v;
  size_t n = t->len;
  ng_status st = NG_OK;
  if (t->type == LIBRDF_NODE_TYPE_RESOURCE) {
    size_t bl = strlen(base);
    if (n > bl && !memcmp(v, base, bl)) {
      st = ng_buf_adds(b, "id:");
      v += bl;
      n -= bl;
    } else {
      for (size_t i = 0; i < NG_ARRAY_LEN(table_prefixes); i++) {
        size_t pl = strlen(table_prefixes[i][1]);
        if (n > pl && !memcmp(v, table_prefixes[i][1], pl)) {
          st = ng_buf_adds(b, table_prefixes[i][0]);
          v += pl;
          n -= pl;
          break;
        }
      }
    }
  } else if (t->type == LIBRDF_NODE_TYPE_BLANK) {
    st = ng_buf_adds(b, "_:");
  }
  for (size_t i = 0; i < n && !st; i++) {
    unsigned char c = (unsigned char)v[i];
    st = ng_buf_addc(b, c < 0x20 || c == 0x7f ? ' ' : (char)c);
  }
  if (!st && t->type == LIBRDF_NODE_TYPE_LITERAL && t->lang)
    st = ng_buf_printf(b, "@%s", t->lang);
  return st;
}

/* Display width of UTF-8 text (wide characters count two). */
static size_t display_width(const char *s, size_t n) {
  size_t w = 0;
  const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
  while (n > 0) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate(p, (utf8proc_ssize_t)n, &cp);
    if (k <= 0) {
      w++;
      p++;
      n--;
      continue;
    }
    int cw = utf8proc_charwidth(cp);
    w += cw > 0 ? (size_t)cw : 0;
    p += k;
    n -= (size_t)k;
  }
  return w;
}

/* ------------------------------------------------------------------ */
/* Results                                                             */
/* ------------------------------------------------------------------ */

typedef struct table {
  ng_arena arena;
  ng_vec cells; /* const char * per cell, row-major; NULL = unbound */
  size_t ncols;
} table;

static ng_status write_buf(FILE *fp, ng_buf *b) {
  if (b->len && fwrite(b->s, 1, b->len, fp) != b->len)
    return NG_ERR_IO;
  ng_buf_reset(b);
  return NG_OK;
}

static ng_status write_table(table *t, size_t nrows, FILE *fp) {
  size_t nc = t->ncols;
  if (!nc) {
    fprintf(fp, "(%zu row%s)\n", nrows, nrows == 1 ? "" : "s");
    return NG_OK;
  }
  size_t *w = calloc(nc, sizeof *w);
  if (!w)
    return NG_ERR_NOMEM;
  for (size_t i = 0; i < t->cells.n; i++) {
    const char *c = NG_VEC_AT(&t->cells, const char *, i);
    size_t cw = c ? display_width(c, strlen(c)) : 0;
    if (cw > w[i % nc])
      w[i % nc] = cw;
  }
  for (size_t i = 0; i < t->cells.n; i++) {
    size_t col = i % nc;
    const char *c = NG_VEC_AT(&t->cells, const char *, i);
    if (!c)
      c = "";
    fputs(c, fp);
    if (col + 1 < nc) {
      for (size_t k = display_width(c, strlen(c)); k < w[col] + 2; k++)
        fputc(' ', fp);
    } else {
      fputc('\n', fp);
    }
    if (i == nc - 1) { /* the separator under the header */
      for (size_t k = 0; k < nc; k++) {
        for (size_t m = 0; m < (w[k] ? w[k] : 1); m++)
          fputc('-', fp);
        if (k + 1 < nc)
          fputs("  ", fp);
      }
      fputc('\n', fp);
    }
  }
  fprintf(fp, "(%zu row%s)\n", nrows, nrows == 1 ? "" : "s");
  free(w);
  return NG_OK;
}

/* The state of one results writer. */
typedef struct results_writer {
  ng_results_format f;
  FILE *fp;
  const ng_row_handler *each; /* rows to this instead of FP, or NULL */
  char **names;
  size_t nv;
  const char *base; /* the data's base IRI, shown as id: in tables */
  ng_buf b;
  table tab;
  size_t rows;
} results_writer;

static ng_status push_cell(results_writer *w, const char *text, size_t n) {
  const char **c = ng_vec_push(&w->tab.cells, sizeof *c, SIZE_MAX / 16);
  if (!c)
    return NG_ERR_NOMEM;
  if (text && !(*c = ng_arena_strndup(&w->tab.arena, text, n)))
    return NG_ERR_NOMEM;
  return NG_OK;
}

static ng_status write_head(results_writer *w) {
  ng_buf *b = &w->b;
  ng_status st = NG_OK;
  if (w->each)
    return w->each->head ? w->each->head(w->each->user,
                                         (const char *const *)w->names,
                                         w->nv)
                         : NG_OK;
  switch (w->f) {
  case NG_RESULTS_CSV:
  case NG_RESULTS_TSV:
    for (size_t i = 0; i < w->nv && !st; i++)
      st = ng_buf_printf(b, "%s%s%s",
                         i ? (w->f == NG_RESULTS_CSV ? "," : "\t") : "",
                         w->f == NG_RESULTS_TSV ? "?" : "", w->names[i]);
    if (!st)
      st = ng_buf_adds(b, w->f == NG_RESULTS_CSV ? "\r\n" : "\n");
    break;
  case NG_RESULTS_JSON:
    st = ng_buf_adds(b, "{\n  \"head\": { \"vars\": [");
    for (size_t i = 0; i < w->nv && !st; i++) {
      st = ng_buf_adds(b, i ? ", " : " ");
      if (!st)
        st = add_json_string(b, w->names[i], strlen(w->names[i]));
    }
    if (!st)
      st = ng_buf_adds(b, w->nv ? " ] },\n" : "] },\n");
    if (!st)
      st = ng_buf_adds(b, "  \"results\": {\n    \"bindings\": [");
    break;
  case NG_RESULTS_XML:
    st = ng_buf_adds(b, "<?xml version=\"1.0\"?>\n<sparql xmlns=\"http://"
                        "www.w3.org/2005/sparql-results#\">\n  <head>\n");
    for (size_t i = 0; i < w->nv && !st; i++) {
      st = ng_buf_adds(b, "    <variable name=\"");
      if (!st)
        st = add_xml_text(b, w->names[i], strlen(w->names[i]));
      if (!st)
        st = ng_buf_adds(b, "\"/>\n");
    }
    if (!st)
      st = ng_buf_adds(b, "  </head>\n  <results>\n");
    break;
  case NG_RESULTS_TABLE:
  default:
    for (size_t i = 0; i < w->nv && !st; i++)
      st = push_cell(w, w->names[i], strlen(w->names[i]));
    break;
  }
  return st ? st : write_buf(w->fp, b);
}

/* Points W at the answer of a query on S: format F to FP, or the rows
 * to EACH when it is not NULL; variables NAMES[NV] (all borrowed). */
static void writer_set(results_writer *w, ng_store *s, ng_results_format f,
                       FILE *fp, const ng_row_handler *each, char **names,
                       size_t nv) {
  w->f = f;
  w->fp = fp;
  w->each = each;
  w->names = names;
  w->nv = nv;
  w->base = s->world->base_iri ? s->world->base_iri : NG_DEFAULT_BASE;
  w->tab.ncols = nv;
}

/* a solution handed to ng_store_query_each's handler */
static ng_status each_row(results_writer *w, term *const *vals) {
  ng_term one[16];
  const ng_term *vone[16] = {0};
  ng_term *terms = w->nv <= 16 ? one : calloc(w->nv, sizeof *terms);
  const ng_term **v = w->nv <= 16 ? vone : calloc(w->nv, sizeof *v);
  ng_status st = terms && v ? NG_OK : NG_ERR_NOMEM;
  for (size_t i = 0; !st && i < w->nv; i++) {
    const term *t = vals[i];
    if (!t)
      continue;
    terms[i].kind = t->type == LIBRDF_NODE_TYPE_RESOURCE ? NG_TERM_IRI
                    : t->type == LIBRDF_NODE_TYPE_BLANK  ? NG_TERM_BLANK
                                                         : NG_TERM_LITERAL;
    terms[i].value = t->v;
    terms[i].len = t->len;
    terms[i].lang = t->lang && *t->lang ? t->lang : NULL;
    terms[i].datatype = t->dt;
    v[i] = &terms[i];
  }
  if (!st && w->each->row)
    st = w->each->row(w->each->user, v);
  if (terms != one)
    free(terms);
  if (v != vone)
    free(v);
  w->rows++;
  return st;
}

/* One solution: VALS[i] is the value of names[i], or NULL (unbound). */
static ng_status write_row(results_writer *w, term *const *vals) {
  ng_buf *b = &w->b;
  ng_status st = NG_OK;
  if (w->each)
    return each_row(w, vals);
  if (w->f == NG_RESULTS_JSON)
    st = ng_buf_adds(b, w->rows ? ",\n      {" : "\n      {");
  else if (w->f == NG_RESULTS_XML)
    st = ng_buf_adds(b, "    <result>\n");
  int first = 1;
  for (size_t i = 0; i < w->nv && !st; i++) {
    const term *t = vals[i];
    const char *name = w->names[i];
    switch (w->f) {
    case NG_RESULTS_CSV:
    case NG_RESULTS_TSV:
      if (i)
        st = ng_buf_addc(b, w->f == NG_RESULTS_CSV ? ',' : '\t');
      if (!st && t)
        st = w->f == NG_RESULTS_CSV ? add_csv_term(b, t) : add_term_nt(b, t);
      break;
    case NG_RESULTS_JSON:
      if (!t)
        break; /* unbound: left out of the solution */
      st = ng_buf_adds(b, first ? "\n        " : ",\n        ");
      if (!st)
        st = add_json_string(b, name, strlen(name));
      if (!st)
        st = ng_buf_adds(b, ": ");
      if (!st)
        st = add_json_term(b, t);
      first = 0;
      break;
    case NG_RESULTS_XML:
      if (!t)
        break;
      st = ng_buf_adds(b, "      <binding name=\"");
      if (!st)
        st = add_xml_text(b, name, strlen(name));
      if (!st)
        st = ng_buf_adds(b, "\">");
      if (!st)
        st = add_xml_term(b, t);
      if (!st)
        st = ng_buf_adds(b, "</binding>\n");
      break;
    case NG_RESULTS_TABLE:
    default:
      if (t) {
        st = add_table_term(b, t, w->base);
        if (!st)
          st = push_cell(w, b->s ? b->s : "", b->len);
        ng_buf_reset(b);
      } else {
        st = push_cell(w, NULL, 0);
      }
      break;
    }
  }
  if (!st) {
    if (w->f == NG_RESULTS_CSV)
      st = ng_buf_adds(b, "\r\n");
    else if (w->f == NG_RESULTS_TSV)
      st = ng_buf_addc(b, '\n');
    else if (w->f == NG_RESULTS_JSON)
      st = ng_buf_adds(b, first ? "}" : "\n      }");
    else if (w->f == NG_RESULTS_XML)
      st = ng_buf_adds(b, "    </result>\n");
  }
  if (!st && w->f != NG_RESULTS_TABLE)
    st = write_buf(w->fp, b);
  w->rows++;
  return st;
}

static ng_status write_tail(results_writer *w) {
  ng_status st = NG_OK;
  if (w->each)
    return NG_OK;
  if (w->f == NG_RESULTS_JSON)
    st = ng_buf_adds(&w->b, w->rows ? "\n    ]\n  }\n}\n" : "]\n  }\n}\n");
  else if (w->f == NG_RESULTS_XML)
    st = ng_buf_adds(&w->b, "  </results>\n</sparql>\n");
  else if (w->f == NG_RESULTS_TABLE)
    st = write_table(&w->tab, w->rows, w->fp);
  return st ? st : write_buf(w->fp, &w->b);
}

/* The row rasqal leaves out for aggregates over no solution. */
static ng_status write_missing_row(ng_store *s, results_writer *w,
                                   const query_info *qi) {
  term zero = {LIBRDF_NODE_TYPE_LITERAL, "0", 1, NULL, XSD "integer"};
  term empty = {LIBRDF_NODE_TYPE_LITERAL, "", 0, NULL, NULL};
  term **vals = calloc(w->nv ? w->nv : 1, sizeof *vals);
  if (!vals)
    return NG_ERR_NOMEM;
  ng_status st = NG_OK;
  for (size_t i = 0; i < w->nv && !st; i++) {
    agg_kind kind = AGG_NONE;
    for (size_t k = 0; k < qi->items.n; k++) {
      const proj_item *it = &NG_VEC_AT(&qi->items, proj_item, k);
      if (!strcmp(it->name, w->names[i]))
        kind = it->agg;
    }
    if (kind == AGG_ZERO)
      vals[i] = &zero;
    else if (kind == AGG_EMPTY)
      vals[i] = &empty;
    else if (kind == AGG_NONE) {
      ng_log(s->world, NG_LOG_ERROR, NG_ERR_UNSUPPORTED, "query", 0, 0,
             "the query matched nothing and rasqal gives no row for its "
             "aggregates, where SPARQL gives one; the value of ?%s in that "
             "row is not known here (project plain aggregates such as "
             "(COUNT(?x) AS ?n) to get it)",
             w->names[i]);
      st = NG_ERR_UNSUPPORTED;
    }
  }
  if (!st)
    st = write_row(w, vals);
  free(vals);
  return st;
}

static int has_solution(ng_store *s, const char *ask);

/* KEY := the row VALS, one field per column that no two different rows
 * share (kind, lengths, then the texts). */
static ng_status row_key(ng_buf *key, term *const *vals, size_t nv) {
  key->len = 0;
  ng_status st = NG_OK;
  for (size_t i = 0; i < nv && !st; i++) {
    const term *t = vals[i];
    if (!t) {
      st = ng_buf_adds(key, "u|");
      continue;
    }
    size_t ll = t->lang ? strlen(t->lang) : 0, dl = t->dt ? strlen(t->dt) : 0;
    st = ng_buf_printf(key, "%d:%zu:%zu:%zu:", (int)t->type, t->len, ll, dl);
    if (!st)
      st = ng_buf_add(key, t->v, t->len);
    if (!st && ll)
      st = ng_buf_add(key, t->lang, ll);
    if (!st && dl)
      st = ng_buf_add(key, t->dt, dl);
    if (!st)
      st = ng_buf_adds(key, "|");
  }
  if (!st && !key->s)
    st = ng_buf_adds(key, "");
  return st;
}

static ng_status write_bindings(ng_store *s, librdf_query_results *r,
                                char **names, size_t nv,
                                const query_info *qi, ng_results_format f,
                                FILE *fp, const ng_row_handler *each) {
  results_writer w;
  memset(&w, 0, sizeof w);
  writer_set(&w, s, f, fp, each, names, nv);
  ng_buf_init(&w.b, 0);
  ng_arena_init(&w.tab.arena, 0);
  term *terms = calloc(nv ? nv : 1, sizeof *terms);
  term **vals = calloc(nv ? nv : 1, sizeof *vals);
  librdf_node **nodes = calloc(nv ? nv : 1, sizeof *nodes);
  ng_status st = terms && vals && nodes ? NG_OK : NG_ERR_NOMEM;

  /* DISTINCT done here: the rows written so far, as keys */
  ng_map distinct;
  ng_arena keys;
  ng_buf key;
  ng_map_init(&distinct);
  ng_arena_init(&keys, 0);
  ng_buf_init(&key, 0);
  long skipped = 0, kept = 0;

  if (!st)
    st = write_head(&w);
  size_t seen = 0;
  for (; !st && !librdf_query_results_finished(r) &&
         !(qi->distinct && qi->limit >= 0 && kept >= qi->limit);
       librdf_query_results_next(r), seen++) {
    int bound = 0;
    for (size_t i = 0; i < nv; i++) {
      nodes[i] = librdf_query_results_get_binding_value_by_name(r, names[i]);
      vals[i] = NULL;
      if (nodes[i]) {
        node_term(nodes[i], &terms[i]);
        vals[i] = &terms[i];
        bound = 1;
      }
    }
    /* GROUP BY over no solution: rasqal gives a row whose group keys
     * are unbound (COUNT(*) 1), SPARQL gives none.  A real group of
     * unbound keys can only be the first row too, so ask whether the
     * WHERE clause has a solution at all. */
    int skip = 0;
    if (qi->grouped && seen == 0 && nv > 0) {
      int keys_unbound = !bound;
      if (bound && qi->keys.n) {
        keys_unbound = 1;
        for (size_t k = 0; k < qi->keys.n; k++)
          for (size_t i = 0; i < nv; i++)
            if (!strcmp(NG_VEC_AT(&qi->keys, char *, k), names[i]) &&
                vals[i])
              keys_unbound = 0;
      }
      if (keys_unbound)
        skip = !qi->ask || !has_solution(s, qi->ask);
    }
    if (!skip && qi->distinct) {
      st = row_key(&key, vals, nv);
      ng_map_entry *e =
          st ? NULL : ng_map_slot(&distinct, &keys, key.s, key.len);
      if (!st && !e)
        st = NG_ERR_NOMEM;
      if (!st && e->value)
        skip = 1; /* written before */
      else if (!st)
        e->value = &distinct;
      if (!st && !skip && skipped < qi->offset) {
        skipped++;
        skip = 1;
      }
      if (!st && !skip)
        kept++;
    }
    if (!skip && !st)
      st = write_row(&w, vals);
    for (size_t i = 0; i < nv; i++)
      if (nodes[i])
        librdf_free_node(nodes[i]);
  }
  if (!st && !w.rows && qi->one_row)
    st = write_missing_row(s, &w, qi);
  if (!st)
    st = write_tail(&w);
  free(terms);
  free(vals);
  free(nodes);
  ng_map_free(&distinct);
  ng_arena_free(&keys);
  ng_buf_free(&key);
  ng_buf_free(&w.b);
  ng_vec_free(&w.tab.cells);
  ng_arena_free(&w.tab.arena);
  return st;
}

static ng_status write_boolean(int value, ng_results_format f, FILE *fp) {
  const char *v = value ? "true" : "false";
  switch (f) {
  case NG_RESULTS_JSON:
    fprintf(fp, "{\n  \"head\": {},\n  \"boolean\": %s\n}\n", v);
    break;
  case NG_RESULTS_XML:
    fprintf(fp,
            "<?xml version=\"1.0\"?>\n<sparql xmlns=\"http://www.w3.org/2005/"
            "sparql-results#\">\n  <head/>\n  <boolean>%s</boolean>\n"
            "</sparql>\n",
            v);
    break;
  case NG_RESULTS_CSV:
  case NG_RESULTS_TSV:
  case NG_RESULTS_TABLE:
  default:
    fprintf(fp, "%s\n", v);
    break;
  }
  return NG_OK;
}

/* One triple as an N-Triples line, through the buffer B, to FP. */
static ng_status write_triple_nt(FILE *fp, ng_buf *b, const term *s,
                                 const term *p, const term *o) {
  const term *parts[3] = {s, p, o};
  ng_status st = NG_OK;
  for (int k = 0; k < 3 && !st; k++) {
    st = add_term_nt(b, parts[k]);
    if (!st)
      st = ng_buf_addc(b, ' ');
  }
  if (!st)
    st = ng_buf_adds(b, ".\n");
  if (!st)
    st = write_buf(fp, b);
  return st;
}

/* CONSTRUCT results as N-Triples. */
static ng_status write_graph(ng_store *s, librdf_query_results *r,
                             FILE *fp) {
  librdf_stream *str = librdf_query_results_as_stream(r);
  if (!str)
    return NG_OK; /* no triples */
  ng_buf b;
  ng_buf_init(&b, 0);
  ng_status st = NG_OK;
  for (; !st && !librdf_stream_end(str); librdf_stream_next(str)) {
    librdf_statement *x = librdf_stream_get_object(str);
    if (!x)
      continue;
    librdf_node *parts[3] = {librdf_statement_get_subject(x),
                             librdf_statement_get_predicate(x),
                             librdf_statement_get_object(x)};
    if (!parts[0] || !parts[1] || !parts[2])
      continue;
    term t[3];
    for (int k = 0; k < 3; k++)
      node_term(parts[k], &t[k]);
    st = write_triple_nt(fp, &b, &t[0], &t[1], &t[2]);
  }
  librdf_free_stream(str);
  ng_buf_free(&b);
  (void)s;
  return st;
}

/* The names of the variables the query binds, in order (rasqal's own
 * parse: librdf reports no names when there is no solution). */
/* rasqal_graph_pattern_visit callback: stops at a SERVICE pattern. */
static int find_service(rasqal_query *q, rasqal_graph_pattern *gp,
                        void *found) {
  (void)q;
  if (rasqal_graph_pattern_get_operator(gp) ==
      RASQAL_GRAPH_PATTERN_OPERATOR_SERVICE) {
    *(int *)found = 1;
    return 1;
  }
  return 0;
}

static ng_status query_names(ng_store *s, const char *text, char ***names,
                             size_t *n) {
  *names = NULL;
  *n = 0;
  rasqal_world *rw = librdf_world_get_rasqal(s->rdf);
  rasqal_query *rq = rw ? rasqal_new_query(rw, "sparql", NULL) : NULL;
  if (!rq)
    return NG_ERR_NOMEM;
  ng_status st = NG_OK;
  int service = 0;
  if (rasqal_query_prepare(rq, (const unsigned char *)text, NULL)) {
    if (!s->log_errors)
      ng_log(s->world, NG_LOG_ERROR, NG_ERR_QUERY, "query", 0, 0,
             "the query could not be parsed");
    st = NG_ERR_QUERY;
  } else if (rasqal_query_graph_pattern_visit2(rq, find_service, &service),
             service) {
    /* the lexer's refusal (refuse_reach_out) missed it: the query as
     * rasqal read it is checked too, before anything runs */
    ng_log(s->world, NG_LOG_ERROR, NG_ERR_UNSUPPORTED, "query", 0, 0,
           "SERVICE is refused: a query never makes newsgraph fetch "
           "another URI");
    st = NG_ERR_UNSUPPORTED;
  } else if (rasqal_query_get_verb(rq) == RASQAL_QUERY_VERB_SELECT) {
    raptor_sequence *seq = rasqal_query_get_bound_variable_sequence(rq);
    int size = seq ? raptor_sequence_size(seq) : 0;
    *names = calloc(size > 0 ? (size_t)size : 1, sizeof **names);
    if (!*names)
      st = NG_ERR_NOMEM;
    for (int i = 0; !st && i < size; i++) {
      rasqal_variable *v = raptor_sequence_get_at(seq, i);
      (*names)[i] = ng_strdup(v && v->name ? (const char *)v->name : "");
      if (!(*names)[i])
        st = NG_ERR_NOMEM;
      else
        (*n)++;
    }
  }
  rasqal_free_query(rq);
  return st;
}

static void free_names(char **names, size_t n) {
  for (size_t i = 0; i < n; i++)
    free(names[i]);
  free(names);
}

static ng_status run_query(ng_store *s, const char *text,
                           const query_info *qi, ng_results_format f,
                           FILE *fp, const ng_row_handler *each) {
  s->log_stage = "query";
  s->log_code = NG_ERR_QUERY;
  s->log_errors = 0;
  s->last_error[0] = '\0';
  char **names = NULL;
  size_t nv = 0;
  librdf_query *q = NULL;
  librdf_query_results *r = NULL;
  ng_status st = query_names(s, text, &names, &nv);
  if (!st) {
    s->log_mute = 1; /* its warnings were reported by the first parse */
    q = librdf_new_query(s->rdf, "sparql", NULL,
                         (const unsigned char *)text, NULL);
    s->log_mute = 0;
    if (!q)
      st = NG_ERR_QUERY;
  }
  if (!st) {
    s->log_mute = 1;
    r = librdf_model_query_execute(s->model, q);
    s->log_mute = 0;
    if (!r) {
      if (!s->log_errors)
        ng_log(s->world, NG_LOG_ERROR, NG_ERR_QUERY, "query", 0, 0,
               "the query failed");
      st = NG_ERR_QUERY;
    }
  }
  if (st) {
    /* reported */
  } else if (librdf_query_results_is_boolean(r)) {
    int v = librdf_query_results_get_boolean(r);
    st = v < 0 ? NG_ERR_QUERY : write_boolean(v > 0, f, fp);
  } else if (librdf_query_results_is_graph(r)) {
    if (f != NG_RESULTS_TABLE)
      ng_log(s->world, NG_LOG_WARN, NG_OK, "query", 0, 0,
             "a CONSTRUCT query gives triples, not a results table: "
             "writing N-Triples (the results format does not apply)");
    st = write_graph(s, r, fp);
  } else if (librdf_query_results_is_bindings(r)) {
    st = write_bindings(s, r, names, nv, qi, f, fp, each);
  } else {
    ng_log(s->world, NG_LOG_ERROR, NG_ERR_QUERY, "query", 0, 0,
           "the query gave results of an unknown kind");
    st = NG_ERR_QUERY;
  }
  if (!st && s->log_errors)
    st = NG_ERR_QUERY; /* an error while evaluating */
  if (st == NG_ERR_IO || (!st && ferror(fp))) {
    ng_log(s->world, NG_LOG_ERROR, NG_ERR_IO, "query", 0, 0,
           "cannot write the results: %s", strerror(errno));
    st = NG_ERR_IO;
  } else if (st == NG_ERR_NOMEM) {
    ng_log(s->world, NG_LOG_ERROR, NG_ERR_NOMEM, "query", 0, 0,
           "out of memory writing the results");
  }
  if (r)
    librdf_free_query_results(r);
  if (q)
    librdf_free_query(q);
  free_names(names, nv);
  s->log_stage = "store";
  s->log_code = NG_ERR_STORE;
  return st;
}

/* 1 when the ASK query ASK (the WHERE clause of a grouped query) holds,
 * 0 when not, or when it cannot be run (then the row stays). */
static int has_solution(ng_store *s, const char *ask) {
  char *text = NULL;
  query_info qi;
  memset(&qi, 0, sizeof qi);
  int answer = 1;
  int graphs = s->query_graphs;
  const char *stage = s->log_stage;
  if (check_query(s, ask, &text, &qi) == NG_OK) {
    s->log_mute = 1;
    librdf_query *q = librdf_new_query(s->rdf, "sparql", NULL,
                                       (const unsigned char *)text, NULL);
    librdf_query_results *r = q ? librdf_model_query_execute(s->model, q)
                                : NULL;
    if (r && librdf_query_results_is_boolean(r))
      answer = librdf_query_results_get_boolean(r) != 0;
    if (r)
      librdf_free_query_results(r);
    if (q)
      librdf_free_query(q);
    s->log_mute = 0;
  }
  s->query_graphs = graphs;
  s->log_stage = stage;
  free(text);
  query_info_free(&qi);
  return answer;
}

ng_status ng_store_run_query(ng_store *s, const char *text,
                             ng_results_format f, FILE *fp) {
  query_info qi;
  memset(&qi, 0, sizeof qi);
  ng_status st = ng_store_sync_writes(s);
  if (st)
    return st;
  s->query_graphs = 1;
  return run_query(s, text, &qi, f, fp, NULL);
}

/* ------------------------------------------------------------------ */
/* Our own evaluator (sparql/): answers first, rasqal when it refuses  */
/* ------------------------------------------------------------------ */

typedef struct ours_out {
  ng_store *s;
  ng_results_format f;
  FILE *fp;
  const ng_row_handler *each;
  results_writer w;
  char **names;
  size_t nv;
  ng_buf b;
} ours_out;

static ng_status ours_head(void *user, char **names, size_t n) {
  ours_out *o = user;
  o->names = calloc(n ? n : 1, sizeof *o->names);
  if (!o->names)
    return NG_ERR_NOMEM;
  for (size_t i = 0; i < n; i++) {
    if (!(o->names[i] = ng_strdup(names[i])))
      return NG_ERR_NOMEM;
    o->nv++;
  }
  writer_set(&o->w, o->s, o->f, o->fp, o->each, o->names, n);
  return write_head(&o->w);
}

static ng_status ours_row(void *user, ng_rterm *const *vals) {
  ours_out *o = user;
  return write_row(&o->w, vals);
}

static ng_status ours_boolean(void *user, int value) {
  ours_out *o = user;
  return write_boolean(value, o->f, o->fp);
}

static ng_status ours_triple(void *user, const ng_rterm *s,
                             const ng_rterm *p, const ng_rterm *o_) {
  ours_out *o = user;
  return write_triple_nt(o->fp, &o->b, s, p, o_);
}

/* NG_ERR_UNSUPPORTED (nothing written) when our evaluator leaves the
 * query to rasqal. */
static ng_status query_ours(ng_store *s, const char *sparql,
                            ng_results_format f, FILE *fp,
                            const ng_row_handler *each) {
  ours_out o;
  memset(&o, 0, sizeof o);
  o.s = s;
  o.f = f;
  o.fp = fp;
  o.each = each;
  ng_buf_init(&o.b, 0);
  ng_buf_init(&o.w.b, 0);
  ng_arena_init(&o.w.tab.arena, 0);
  ng_sparql_sink sink = {&o, ours_head, ours_row, ours_boolean,
                         ours_triple};
  char why[256] = "";
  const char *stage = s->log_stage;
  s->log_stage = "query";
  ng_status st = ng_sparql_run(s, sparql, NULL, NULL, &sink, why, sizeof why);
  s->log_stage = stage;
  if (!st && o.names)
    st = write_tail(&o.w);
  if (st == NG_ERR_UNSUPPORTED && !s->limits.ours_only)
    ng_log(s->world, NG_LOG_DEBUG, NG_OK, "query", 0, 0,
           "answered by rasqal: newsgraph's evaluator does not handle %s",
           why);
  if (st == NG_ERR_IO || (!st && ferror(fp))) {
    ng_log(s->world, NG_LOG_ERROR, NG_ERR_IO, "query", 0, 0,
           "cannot write the results: %s", strerror(errno));
    st = NG_ERR_IO;
  }
  free_names(o.names, o.nv);
  ng_buf_free(&o.b);
  ng_buf_free(&o.w.b);
  ng_vec_free(&o.w.tab.cells);
  ng_arena_free(&o.w.tab.arena);
  return st;
}

/* ng_store_query(), the rows to EACH when it is not NULL (FP then gets
 * only an answer that has no rows). */
static ng_status query_to(ng_store *s, const char *sparql,
                          ng_results_format format, FILE *fp,
                          const ng_row_handler *each) {
  ng_status st = check_reach_out(s, sparql);
  if (st)
    return st;
  if (s->kind == NG_STORE_VIRTUOSO)
    return ng_virtuoso_query(s, sparql, format, fp, each); /* its own */
  st = ng_store_sync_writes(s);
  if (st)
    return st;
  if (!getenv("NG_SPARQL_ENGINE") || strcmp(getenv("NG_SPARQL_ENGINE"),
                                            "rasqal")) {
    st = query_ours(s, sparql, format, fp, each);
    if (st != NG_ERR_UNSUPPORTED || s->limits.ours_only)
      return st;
  } else if (s->limits.ours_only) {
    return NG_ERR_UNSUPPORTED;
  }
  return ng_store_query_rasqal(s, sparql, format, fp, each);
}

ng_status ng_store_query(ng_store *s, const char *sparql,
                         ng_results_format format, FILE *fp) {
  if (!s || !sparql || !fp || (unsigned)format > NG_RESULTS_XML)
    return NG_ERR_ARG;
  return query_to(s, sparql, format, fp, NULL);
}

ng_status ng_query_tokens(const char *sparql, ng_query_token **toks,
                          size_t *n, long *line) {
  long where = 0;
  if (toks)
    *toks = NULL;
  if (n)
    *n = 0;
  if (!sparql || !toks || !n)
    return NG_ERR_ARG;
  ng_sparql_outline o;
  ng_status st = ng_sparql_read_outline(sparql, &o, &where, NULL, 0);
  *toks = o.toks; /* moved */
  *n = o.n;
  if (line)
    *line = where;
  return st;
}

ng_query_form ng_query_form_of(const char *sparql) {
  static const char *const forms[] = {"SELECT", "ASK", "CONSTRUCT",
                                      "DESCRIBE"};
  static const char *const updates[] = {"INSERT", "DELETE", "LOAD",
                                        "CLEAR",  "CREATE", "DROP",
                                        "COPY",   "MOVE",   "ADD",
                                        "WITH"};
  if (!sparql)
    return NG_QUERY_UNKNOWN;
  ng_sparql_outline o;
  long line;
  ng_status st = ng_sparql_read_outline(sparql, &o, &line, NULL, 0);
  ng_query_form f = NG_QUERY_UNKNOWN;
  for (size_t i = 0; (!st || st == NG_ERR_QUERY) && i < 4; i++)
    if (!strcmp(o.form, forms[i]))
      f = (ng_query_form)(NG_QUERY_SELECT + i);
  for (size_t i = 0; (!st || st == NG_ERR_QUERY) && i < 10; i++)
    if (!strcmp(o.form, updates[i]))
      f = NG_QUERY_UPDATE;
  ng_sparql_outline_free(&o);
  return f;
}

ng_status ng_store_query_each(ng_store *s, const char *sparql,
                              const ng_row_handler *h) {
  if (!s || !sparql || !h)
    return NG_ERR_ARG;
  /* the writers hand rows to H; anything else (an ASK's boolean, a
   * CONSTRUCT's triples) still goes to the FILE, which says that the
   * query was no SELECT */
  char *text = NULL;
  size_t len = 0;
  FILE *other = open_memstream(&text, &len);
  if (!other)
    return NG_ERR_NOMEM;
  ng_status st = query_to(s, sparql, NG_RESULTS_TSV, other, h);
  if (fclose(other) && !st)
    st = NG_ERR_NOMEM;
  free(text);
  if (!st && len) {
    ng_log(s->world, NG_LOG_ERROR, NG_ERR_QUERY, "query", 0, 0,
           "the query is not a SELECT: its answer has no rows");
    st = NG_ERR_QUERY;
  }
  return st;
}

ng_status ng_store_query_rasqal(ng_store *s, const char *sparql,
                                ng_results_format format, FILE *fp,
                                const ng_row_handler *each) {
  char *text = NULL;
  query_info qi;
  memset(&qi, 0, sizeof qi);
  ng_status st = ng_store_sync_writes(s);
  if (st)
    return st;
  st = check_query(s, sparql, &text, &qi);
  s->query_graphs = qi.uses_graph;
  if (!st)
    st = run_query(s, text, &qi, format, fp, each);
  free(text);
  query_info_free(&qi);
  return st;
}

/* ------------------------------------------------------------------ */
/* Results from other engines (store_virtuoso.c): the same writers     */
/* ------------------------------------------------------------------ */

struct ng_results_out {
  results_writer w;
};

ng_status ng_results_out_new(ng_store *s, ng_results_format f, FILE *fp,
                             const ng_row_handler *each, char **names,
                             size_t nv, ng_results_out **out) {
  *out = NULL;
  ng_results_out *r = calloc(1, sizeof *r);
  if (!r)
    return NG_ERR_NOMEM;
  writer_set(&r->w, s, f, fp, each, names, nv);
  ng_buf_init(&r->w.b, 0);
  ng_arena_init(&r->w.tab.arena, 0);
  ng_status st = write_head(&r->w);
  if (st) {
    ng_results_out_free(r);
    return st;
  }
  *out = r;
  return NG_OK;
}

ng_status ng_results_out_row(ng_results_out *r, ng_rterm *const *vals) {
  return write_row(&r->w, vals);
}

ng_status ng_results_out_finish(ng_results_out *r) {
  return write_tail(&r->w);
}

void ng_results_out_free(ng_results_out *r) {
  if (!r)
    return;
  ng_buf_free(&r->w.b);
  ng_vec_free(&r->w.tab.cells);
  ng_arena_free(&r->w.tab.arena);
  free(r);
}

ng_status ng_results_write_boolean(int value, ng_results_format f,
                                   FILE *fp) {
  return write_boolean(value, f, fp);
}

ng_status ng_results_write_triple(FILE *fp, const ng_rterm *s,
                                  const ng_rterm *p, const ng_rterm *o) {
  ng_buf b;
  ng_buf_init(&b, 0);
  ng_status st = write_triple_nt(fp, &b, s, p, o);
  ng_buf_free(&b);
  return st;
}

ng_status ng_results_format_parse(const char *name, ng_results_format *out) {
  static const char *const names[] = {"table", "csv", "tsv", "json", "xml"};
  if (!name || !out)
    return NG_ERR_ARG;
  for (size_t i = 0; i < NG_ARRAY_LEN(names); i++) {
    if (!strcmp(name, names[i])) {
      *out = (ng_results_format)i;
      return NG_OK;
    }
  }
  return NG_ERR_ARG;
}

/* ------------------------------------------------------------------ */
/* The triples source: the store as rasqal sees it                     */
/* ------------------------------------------------------------------ */

/* librdf's own rasqal triples source hands rasqal every copy of a triple
 * that sits in several article graphs (an actor's label is in each
 * article that names the actor).  rasqal 0.9.33 mishandles those
 * duplicates: after a join whose last pattern matches a triple twice, an
 * OPTIONAL on an earlier variable returns rows mixing values of different
 * solutions (16 rows instead of 7 on tests/data/store/sample.nq, on the
 * hashes, memory and sqlite storages alike; correct when every triple is
 * in one graph).  So the store gives rasqal its own triples source, which
 * hands out each triple of the default graph once: the default graph is
 * the set union of the article graphs, as in rdflib.  Matches inside
 * GRAPH keep their graph and need no such care. */

typedef struct source_data {
  ng_store *s;
  rasqal_world *rq;
} source_data;

typedef struct source_match {
  ng_store *s;
  rasqal_world *rq;
  librdf_node *nodes[3];  /* the pattern: NULL = any */
  librdf_node *graph;     /* GRAPH <g>, or NULL */
  librdf_statement *pattern;
  librdf_stream *stream;
  librdf_node *want_o;    /* a bound object, matched here (see below) */
  int by_graph;           /* the graph is part of the match */
  int n_out;              /* triples handed out */
  uint64_t first[2];      /* the first one's fingerprint */
  ng_fp_set seen;         /* all of them, from the second on */
} source_match;

/* The value a pattern part stands for: a bound variable's value, a
 * constant, or NULL (an unbound variable). */
static rasqal_literal *part_value(rasqal_literal *l) {
  if (l && l->type == RASQAL_LITERAL_VARIABLE)
    return l->value.variable ? l->value.variable->value : NULL;
  return l;
}

static librdf_node *literal_node(librdf_world *rdf, rasqal_literal *l) {
  switch (rasqal_literal_get_rdf_term_type(l)) {
  case RASQAL_LITERAL_URI:
    return librdf_new_node_from_uri(rdf, (librdf_uri *)l->value.uri);
  case RASQAL_LITERAL_BLANK:
    return librdf_new_node_from_blank_identifier(rdf, l->string);
  case RASQAL_LITERAL_STRING:
    return librdf_new_node_from_typed_literal(rdf, l->string, l->language,
                                              (librdf_uri *)l->datatype);
  default:
    return NULL; /* a value no triple can hold */
  }
}

static unsigned char *rasqal_copy(const void *s, size_t n) {
  unsigned char *p = rasqal_alloc_memory(n + 1);
  if (p) {
    memcpy(p, s, n);
    p[n] = '\0';
  }
  return p;
}

static rasqal_literal *node_literal(rasqal_world *rq, librdf_node *n) {
  size_t len;
  switch (librdf_node_get_type(n)) {
  case LIBRDF_NODE_TYPE_RESOURCE:
    return rasqal_new_uri_literal(
        rq, raptor_uri_copy((raptor_uri *)librdf_node_get_uri(n)));
  case LIBRDF_NODE_TYPE_LITERAL: {
    const unsigned char *v =
        librdf_node_get_literal_value_as_counted_string(n, &len);
    const char *lang = librdf_node_get_literal_value_language(n);
    librdf_uri *dt = librdf_node_get_literal_value_datatype_uri(n);
    unsigned char *sv = rasqal_copy(v ? v : (const unsigned char *)"", len);
    char *sl = lang && *lang ? (char *)rasqal_copy(lang, strlen(lang)) : NULL;
    if (!sv || (lang && *lang && !sl)) {
      rasqal_free_memory(sv);
      rasqal_free_memory(sl);
      return NULL;
    }
    return rasqal_new_string_literal(
        rq, sv, sl, dt ? raptor_uri_copy((raptor_uri *)dt) : NULL, NULL);
  }
  case LIBRDF_NODE_TYPE_BLANK: {
    const unsigned char *v = librdf_node_get_counted_blank_identifier(n, &len);
    unsigned char *sv = rasqal_copy(v ? v : (const unsigned char *)"", len);
    return sv ? rasqal_new_simple_literal(rq, RASQAL_LITERAL_BLANK, sv) : NULL;
  }
  case LIBRDF_NODE_TYPE_UNKNOWN:
  default:
    return NULL;
  }
}

static int source_is_end(rasqal_triples_match *rtm, void *user_data) {
  source_match *m = rtm->user_data;
  (void)user_data;
  return !m->stream || librdf_stream_end(m->stream);
}

/* Moves to the next triple of the pattern not handed out yet (in the
 * default graph, each triple once). */
static void source_skip_seen(source_match *m) {
  for (; m->stream && !librdf_stream_end(m->stream);
       librdf_stream_next(m->stream)) {
    librdf_statement *st = librdf_stream_get_object(m->stream);
    if (!st)
      return;
    if (m->want_o &&
        !librdf_node_equals(librdf_statement_get_object(st), m->want_o))
      continue;
    if (m->by_graph)
      return;
    uint64_t h[2];
    ng_fp_statement(h, st);
    if (m->n_out++ == 0) {
      /* most matches give one triple: no set for them */
      m->first[0] = h[0];
      m->first[1] = h[1];
      return;
    }
    int seen = h[0] == m->first[0] && h[1] == m->first[1];
    if (!seen && m->n_out == 2 &&
        ng_fp_set_add(&m->seen, m->first[0], m->first[1]) < 0)
      return; /* out of memory: better a duplicate than a gap */
    if (!seen)
      seen = ng_fp_set_add(&m->seen, h[0], h[1]);
    if (seen <= 0)
      return; /* new (or out of memory) */
    m->n_out--;
  }
}

static void source_next(rasqal_triples_match *rtm, void *user_data) {
  source_match *m = rtm->user_data;
  (void)user_data;
  if (m->stream && !librdf_stream_end(m->stream)) {
    librdf_stream_next(m->stream);
    source_skip_seen(m);
  }
}

/* Binds the unbound variables of the pattern from the current triple. */
static rasqal_triple_parts source_bind(rasqal_triples_match *rtm,
                                       void *user_data,
                                       rasqal_variable *bindings[4],
                                       rasqal_triple_parts parts) {
  source_match *m = rtm->user_data;
  (void)user_data;
  librdf_statement *st = m->stream ? librdf_stream_get_object(m->stream)
                                   : NULL;
  if (!st)
    return RASQAL_TRIPLE_NONE;
  librdf_node *v[4] = {librdf_statement_get_subject(st),
                       librdf_statement_get_predicate(st),
                       librdf_statement_get_object(st),
                       m->by_graph ? librdf_stream_get_context2(m->stream)
                                   : NULL};
  static const rasqal_triple_parts bit[4] = {
      RASQAL_TRIPLE_SUBJECT, RASQAL_TRIPLE_PREDICATE, RASQAL_TRIPLE_OBJECT,
      RASQAL_TRIPLE_ORIGIN};
  unsigned result = 0;
  for (int i = 0; i < 4; i++) {
    if (!bindings[i] || !(parts & bit[i]))
      continue;
    /* a variable used twice ("?x ?p ?x") must get equal values */
    int first = 1;
    for (int k = 0; k < i; k++) {
      if (bindings[k] == bindings[i] && (parts & bit[k])) {
        if (!v[k] || !v[i] || !librdf_node_equals(v[k], v[i]))
          return RASQAL_TRIPLE_NONE;
        first = 0;
      }
    }
    if (!first)
      continue;
    rasqal_literal *l = v[i] ? node_literal(m->rq, v[i]) : NULL;
    rasqal_variable_set_value(bindings[i], l);
    result |= bit[i];
  }
  return (rasqal_triple_parts)result;
}

static void source_finish(rasqal_triples_match *rtm, void *user_data) {
  source_match *m = rtm->user_data;
  (void)user_data;
  if (!m)
    return;
  if (m->stream)
    librdf_free_stream(m->stream);
  /* librdf 1.0.17's hashes storage takes a reference to the predicate of
   * a predicate-only pattern (its p2so node iterator) and never drops it
   * once a statement was decoded: one node leaked per such pattern.
   * With the stream freed nothing but the pattern holds these nodes, so
   * any reference above the pattern's own is that leak. */
  for (int i = 0; i < 3; i++)
    while (m->pattern && m->nodes[i] && m->nodes[i]->usage > 1)
      librdf_free_node(m->nodes[i]);
  if (m->pattern)
    librdf_free_statement(m->pattern); /* owns the nodes */
  else
    for (int i = 0; i < 3; i++)
      if (m->nodes[i])
        librdf_free_node(m->nodes[i]);
  if (m->graph)
    librdf_free_node(m->graph);
  if (m->want_o)
    librdf_free_node(m->want_o);
  ng_fp_set_free(&m->seen);
  free(m);
  rtm->user_data = NULL;
}

static int source_init_match(rasqal_triples_match *rtm,
                             rasqal_triples_source *rts, void *user_data,
                             rasqal_triple_meta *meta, rasqal_triple *t) {
  source_data *sd = user_data;
  (void)rts;
  source_match *m = calloc(1, sizeof *m);
  if (!m)
    return 1;
  m->s = sd->s;
  m->rq = sd->rq;
  rtm->user_data = m;
  rtm->bind_match = source_bind;
  rtm->next_match = source_next;
  rtm->is_end = source_is_end;
  rtm->finish = source_finish;

  /* every variable of the pattern goes into meta->bindings, bound or
   * not: rasqal asks bind_match to bind the parts its static analysis
   * gives this pattern, and a variable already bound by an outer pattern
   * is rebound to the (equal) value of the matched triple.  (A source that
   * left those out answered 0 rows for two UNIONs joined together.) */
  rasqal_literal *parts[4] = {t->subject, t->predicate, t->object,
                              t->origin};
  int impossible = 0;
  for (int i = 0; i < 4; i++) {
    rasqal_literal *p = parts[i];
    meta->bindings[i] = p && p->type == RASQAL_LITERAL_VARIABLE
                            ? p->value.variable
                            : NULL;
    if (i == 3 && !p)
      break;
    rasqal_literal *l = part_value(p);
    if (!l)
      continue;
    librdf_node *n = literal_node(m->s->rdf, l);
    if (!n)
      impossible = 1; /* e.g. a number as subject: nothing matches */
    if (i < 3)
      m->nodes[i] = n;
    else
      m->graph = n;
  }
  m->by_graph = t->origin != NULL;
  /* rtm->is_exact stays 0: set to 1, rasqal 0.9.33 took a fully bound
   * pattern as matched without looking at the stream, and returned rows
   * the pattern rejects */
  if (impossible)
    return 0; /* no stream: is_end at once */
  /* librdf 1.0.17's hashes storage has no index for a fully bound
   * triple: it reads the whole store for each (0.2 s per pattern on 150k
   * triples, minutes for a join).  Subject and predicate go through the
   * index, the object is compared here. */
  if (m->nodes[0] && m->nodes[1] && m->nodes[2]) {
    m->want_o = m->nodes[2];
    m->nodes[2] = NULL;
  }
  m->pattern = librdf_new_statement_from_nodes(m->s->rdf, m->nodes[0],
                                               m->nodes[1], m->nodes[2]);
  if (!m->pattern) {
    memset(m->nodes, 0, sizeof m->nodes); /* freed by the call */
    return 1;
  }
  if (m->graph)
    m->stream = librdf_model_find_statements_in_context(m->s->model,
                                                        m->pattern, m->graph);
  else
    m->stream = librdf_model_find_statements(m->s->model, m->pattern);
  if (!m->stream)
    return 1;
  source_skip_seen(m);
  return 0;
}

static int source_triple_present(rasqal_triples_source *rts,
                                 void *user_data, rasqal_triple *t) {
  source_data *sd = user_data;
  (void)rts;
  librdf_node *n[3] = {NULL, NULL, NULL};
  int present = 0;
  rasqal_literal *parts[3] = {t->subject, t->predicate, t->object};
  for (int i = 0; i < 3; i++) {
    rasqal_literal *l = part_value(parts[i]);
    n[i] = l ? literal_node(sd->s->rdf, l) : NULL;
  }
  if (n[0] && n[1] && n[2]) {
    /* through the (subject, predicate) index, as source_init_match */
    librdf_statement *st =
        librdf_new_statement_from_nodes(sd->s->rdf, n[0], n[1], NULL);
    if (st) {
      librdf_stream *str = librdf_model_find_statements(sd->s->model, st);
      for (; str && !present && !librdf_stream_end(str);
           librdf_stream_next(str)) {
        librdf_statement *x = librdf_stream_get_object(str);
        present = x && librdf_node_equals(librdf_statement_get_object(x),
                                          n[2]);
      }
      if (str)
        librdf_free_stream(str);
      librdf_free_statement(st);
    } /* else the call freed n[0] and n[1] */
    librdf_free_node(n[2]);
  } else {
    for (int i = 0; i < 3; i++)
      if (n[i])
        librdf_free_node(n[i]);
  }
  return present;
}

static void source_free(void *user_data) { (void)user_data; }

/* GRAPH ?g runs over the query's named graphs: those are the store's
 * article graphs (as librdf's own source does it). */
static int add_named_graphs(source_data *sd, rasqal_query *query) {
  librdf_iterator *it = librdf_model_get_contexts(sd->s->model);
  int rc = 0;
  for (; it && !rc && !librdf_iterator_end(it); librdf_iterator_next(it)) {
    librdf_node *g = librdf_iterator_get_object(it);
    if (!g || librdf_node_get_type(g) != LIBRDF_NODE_TYPE_RESOURCE)
      continue;
    raptor_uri *u = (raptor_uri *)librdf_node_get_uri(g);
    rasqal_data_graph *dg = rasqal_new_data_graph_from_uri(
        sd->rq, u, u, RASQAL_DATA_GRAPH_NAMED, NULL, NULL, NULL);
    rc = !dg || rasqal_query_add_data_graph(query, dg);
  }
  if (it)
    librdf_free_iterator(it);
  return rc;
}

static int source_new(rasqal_query *query, void *factory_user_data,
                      void *user_data, rasqal_triples_source *rts) {
  source_data *sd = user_data;
  sd->s = factory_user_data;
  sd->rq = librdf_world_get_rasqal(sd->s->rdf);
  if (sd->s->query_graphs && add_named_graphs(sd, query))
    return 1;
  rts->version = 1;
  rts->init_triples_match = source_init_match;
  rts->triple_present = source_triple_present;
  rts->free_triples_source = source_free;
  return 0;
}

static int source_register(rasqal_triples_source_factory *f) {
  f->version = 1;
  f->user_data_size = sizeof(source_data);
  f->new_triples_source = source_new;
  return 0;
}

/* Makes rasqal read the store through the source above.  Called once
 * per store, after librdf_world_open(). */
ng_status ng_store_install_source(ng_store *s) {
  rasqal_world *rq = librdf_world_get_rasqal(s->rdf);
  if (!rq || rasqal_set_triples_source_factory(rq, source_register, s))
    return NG_ERR_STORE;
  return NG_OK;
}

/* ------------------------------------------------------------------ */
/* Bundled queries                                                     */
/* ------------------------------------------------------------------ */

ng_status ng_bundled_query(ng_world *world, const char *name, char **out) {
  if (out)
    *out = NULL;
  if (!world || !name || !out)
    return NG_ERR_ARG;
  size_t n = strlen(name);
  int ok = n > 0 && n <= 64 && name[0] != '-';
  for (size_t i = 0; i < n && ok; i++)
    ok = (name[i] >= 'a' && name[i] <= 'z') ||
         (name[i] >= '0' && name[i] <= '9') || name[i] == '-';
  if (!ok) {
    ng_log(world, NG_LOG_ERROR, NG_ERR_ARG, "query", 0, 0,
           "'%s' is not a bundled query name (lower-case letters, digits "
           "and '-')",
           name);
    return NG_ERR_ARG;
  }
  const char *dir = ng_world_data_dir(world);
  if (!dir) {
    ng_log(world, NG_LOG_ERROR, NG_ERR_ARG, "query", 0, 0,
           "no data directory is set, so there are no bundled queries");
    return NG_ERR_ARG;
  }
  char *path = malloc(strlen(dir) + n + 16);
  if (!path)
    return NG_ERR_NOMEM;
  sprintf(path, "%s/queries/%s.rq", dir, name);
  FILE *fp = fopen(path, "rb");
  if (!fp) {
    ng_log(world, NG_LOG_ERROR, NG_ERR_ARG, "query", 0, 0,
           "there is no bundled query '%s' (%s: %s); 'newsgraph query "
           "--list' lists them",
           name, path, strerror(errno));
    free(path);
    return NG_ERR_ARG;
  }
  ng_buf b;
  ng_buf_init(&b, 1u << 20);
  char chunk[4096];
  size_t k;
  ng_status st = NG_OK;
  while (!st && (k = fread(chunk, 1, sizeof chunk, fp)) > 0)
    st = ng_buf_add(&b, chunk, k);
  if (!st && ferror(fp))
    st = NG_ERR_IO;
  fclose(fp);
  if (!st && !b.s)
    st = ng_buf_add(&b, "", 0);
  if (st) {
    ng_log(world, NG_LOG_ERROR, st, "query", 0, 0, "cannot read %s", path);
    ng_buf_free(&b);
  } else {
    *out = b.s;
  }
  free(path);
  return st;
}

/* ------------------------------------------------------------------ */
/* Limits and cancelling (store.h)                                     */
/* ------------------------------------------------------------------ */

struct ng_cancel {
  atomic_int set;
};

ng_cancel *ng_cancel_new(void) {
  ng_cancel *c = malloc(sizeof *c);
  if (c)
    atomic_init(&c->set, 0);
  return c;
}

void ng_cancel_set(ng_cancel *c) {
  if (c)
    atomic_store_explicit(&c->set, 1, memory_order_relaxed);
}

void ng_cancel_clear(ng_cancel *c) {
  if (c)
    atomic_store_explicit(&c->set, 0, memory_order_relaxed);
}

int ng_cancel_is_set(const ng_cancel *c) {
  return c && atomic_load_explicit(&((ng_cancel *)c)->set,
                                   memory_order_relaxed);
}

void ng_cancel_free(ng_cancel *c) { free(c); }

ng_status ng_store_set_query_limits(ng_store *s,
                                    const ng_query_limits *limits) {
  if (!s || (limits && !(limits->seconds >= 0)))
    return NG_ERR_ARG;
  if (limits)
    s->limits = *limits;
  else
    memset(&s->limits, 0, sizeof s->limits);
  return NG_OK;
}
