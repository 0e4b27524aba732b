/* sparql.h - newsgraph's own SPARQL 1.1 evaluator over the embedded
 * store (a librdf model).  Not installed.
 *
 * Our own lexer and recursive-descent parser (lex.c, parse.c) read the
 * query into our algebra, which is evaluated here (eval.c, solution.c)
 * with our own expressions and functions (expr.c, term.c).  rasqal's
 * evaluator, which answers some queries wrongly (OPTIONAL that invents
 * rows, GROUP BY on an expression, FROM / FROM NAMED ignored ...), is not
 * used.  A query with a construct this evaluator does not handle
 * (DESCRIBE, SERVICE, UUID, STRUUID, SHA256/384/512, functions
 * outside SPARQL and the XSD casts) is refused before anything is written
 * (NG_ERR_UNSUPPORTED, with the construct named), so that the caller can
 * take another path. */
#ifndef NG_SPARQL_H
#define NG_SPARQL_H

#include "store_internal.h"

/* Where the answers go.  Every callback may be NULL when the query kind
 * does not call it.  NAMES and the terms are borrowed for the call. */
typedef struct ng_sparql_sink {
  void *user;
  /* SELECT: the head (once), then each row (NULL = unbound) */
  ng_status (*head)(void *user, char **names, size_t n);
  ng_status (*row)(void *user, ng_rterm *const *vals);
  /* ASK */
  ng_status (*boolean)(void *user, int value);
  /* CONSTRUCT: each triple of the graph once */
  ng_status (*triple)(void *user, const ng_rterm *s, const ng_rterm *p,
                      const ng_rterm *o);
} ng_sparql_sink;

/* The dataset a query runs on when it has no FROM / FROM NAMED.  NULL
 * means the store's: the default graph is the set union of all its
 * graphs, the named graphs are all its graphs.  IRIs borrowed. */
typedef struct ng_sparql_dataset {
  const char *const *default_graphs;
  size_t n_default;
  const char *const *named_graphs;
  size_t n_named;
} ng_sparql_dataset;

/* At most this many values (rows times variables) held at once by one
 * query: past it the query stops with NG_ERR_LIMIT (logged).  The
 * store handle's ng_query_limits.max_values, when set, is the limit. */
#define NG_SPARQL_MAX_CELLS NG_QUERY_MAX_VALUES
/* The limit of a handle that sets none: NG_SPARQL_MAX_CELLS; the tests
 * lower it. */
extern size_t ng_sparql_max_cells;

/* Runs QUERY (borrowed; relative IRIs against BASE, may be NULL) on S's
 * model and hands the answers to SINK.  NG_ERR_UNSUPPORTED, with nothing
 * handed to SINK and nothing logged, when the query uses a construct
 * this evaluator does not handle: WHY (WHY_LEN bytes, may be NULL) then
 * names it.  NG_ERR_QUERY, logged (with its line), for a query that is
 * not SPARQL 1.1 (a syntax error, or a rule of section 19.8 broken: WHY
 * then says which).
 * DS may be NULL (see above). */
ng_status ng_sparql_run(ng_store *s, const char *query, const char *base,
                        const ng_sparql_dataset *ds,
                        const ng_sparql_sink *sink, char *why,
                        size_t why_len);

/* Reads QUERY (borrowed; relative IRIs against BASE, may be NULL) and
 * evaluates nothing: NG_OK for a SPARQL 1.1 query this evaluator
 * answers, NG_ERR_UNSUPPORTED for one it refuses, NG_ERR_QUERY for one
 * that is not SPARQL 1.1; WHY (WHY_LEN bytes, may be NULL) then says
 * why.  Nothing is logged.  S gives the RDF world only. */
ng_status ng_sparql_parse(ng_store *s, const char *query, const char *base,
                          char *why, size_t why_len);

/* ---- One reading of a query's text ----
 * Every path that looks at a query before an engine runs it (the
 * SERVICE refusal, the rewrites query.c makes for rasqal, those
 * store_virtuoso_sparql.c makes for Virtuoso) reads it through the lexer
 * of our parser (lex.c): one tokenizer, so that a string, an IRI or a
 * comment is never mistaken for a keyword on one path and not another. */
/* The tokens are the public ng_query_token (include/newsgraph/store.h). */
typedef ng_query_token ng_sparql_token;

/* At most this many tokens in a query (NG_ERR_LIMIT past it). */
#define NG_SPARQL_MAX_TOKENS 1000000u

/* What a query is, from its tokens.  Everything is owned by the
 * outline (ng_sparql_outline_free()); positions are indices in TOKS. */
typedef struct ng_sparql_outline {
  ng_sparql_token *toks;
  size_t n;
  /* the first word after the prologue (PREFIX, BASE), upper case:
   * "SELECT", "ASK", "CONSTRUCT", "DESCRIBE", an update ("INSERT",
   * "DELETE", "LOAD" ...), anything else ("DEFINE"), or "" (none) */
  char form[16];
  size_t form_at;  /* its token, or N */
  size_t service;  /* the first SERVICE keyword, or N */
} ng_sparql_outline;

/* Reads QUERY (borrowed, NUL-ended) into O.  NG_OK; NG_ERR_QUERY when it
 * does not split into SPARQL tokens (WHY, WHY_LEN bytes, says what, and
 * *LINE where; nothing is logged; O then holds the tokens before the
 * error, and the form and SERVICE among them); NG_ERR_NOMEM;
 * NG_ERR_LIMIT past NG_SPARQL_MAX_TOKENS.  O is to be freed in every
 * case. */
ng_status ng_sparql_read_outline(const char *query, ng_sparql_outline *o,
                                 long *line, char *why, size_t why_len);
void ng_sparql_outline_free(ng_sparql_outline *o); /* NULL-safe */
/* 1 when token I of O is the word W (ASCII case ignored). */
int ng_sparql_tok_is_word(const ng_sparql_outline *o, const char *query,
                          size_t i, const char *w);

#endif /* NG_SPARQL_H */
