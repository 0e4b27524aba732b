/* sq.h - what the files of the SPARQL evaluator share.  Not installed.
 *
 * Terms are interned per query: a term is a number (sq_id), 0 meaning
 * unbound (in a row) or error (from an expression).  A row is an array
 * of sq_id, one per variable of the query; a multiset of rows is an
 * sq_rows.  The algebra (sq_pat) and expressions (sq_expr) are built by
 * parse.c from the tokens of lex.c. */
#ifndef NG_SQ_H
#define NG_SQ_H

#include <stdint.h>

#include "sparql.h"

typedef uint32_t sq_id;

enum { SQ_IRI = 1, SQ_BNODE, SQ_LIT };
enum { NUM_NONE = 0, NUM_INT, NUM_DEC, NUM_FLOAT, NUM_DOUBLE };

#define SQ_XSD "http://www.w3.org/2001/XMLSchema#"
#define SQ_RDF_LANGSTRING \
  "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

typedef struct sq_term {
  uint8_t kind;   /* SQ_IRI, SQ_BNODE, SQ_LIT */
  uint8_t num;    /* NUM_*: a numeric literal with a valid lexical form */
  uint8_t isbool; /* xsd:boolean: 1 valid, 0 not boolean */
  uint8_t boolv;
  uint8_t isdt;   /* xsd:dateTime (1) or xsd:date (2) with valid form */
  uint32_t len;
  const char *lex;  /* IRI, label or lexical form (arena, NUL-ended) */
  const char *lang; /* NULL or the language tag */
  const char *dt;   /* NULL (simple literal) or the datatype IRI */
  double d;         /* numeric value */
  long long i;      /* NUM_INT value */
  double when;      /* isdt: seconds on the time line (UTC when zoned) */
  int tz;           /* isdt: 1 when it has a time zone */
  librdf_node *node; /* made on first use, freed with the context */
} sq_term;

struct sq_ctx;

/* Where rows go as they are made, instead of into a row set (streaming:
 * sq_eval_stream).  FN gets each row (borrowed for the call); a status
 * other than NG_OK stops the evaluation and is returned. */
typedef struct sq_emit {
  ng_status (*fn)(struct sq_ctx *c, void *user, const sq_id *row);
  void *user;
} sq_emit;

/* rows: N rows of W values; or, when EMIT is set, none kept: each row
 * pushed goes to EMIT */
typedef struct sq_rows {
  sq_id *v;
  size_t n, cap, w;
  const sq_emit *emit;
} sq_rows;

typedef struct sq_expr sq_expr;
typedef struct sq_pat sq_pat;

typedef enum sq_eop {
  E_CONST = 0, E_VAR, E_AND, E_OR, E_NOT, E_EQ, E_NE, E_LT, E_GT, E_LE,
  E_GE, E_NEG, E_POS, E_ADD, E_SUB, E_MUL, E_DIV, E_BOUND, E_STR, E_LANG,
  E_DATATYPE, E_ISIRI, E_ISBLANK, E_ISLITERAL, E_ISNUMERIC, E_LANGMATCHES,
  E_REGEX, E_REPLACE, E_SAMETERM, E_COALESCE, E_IF, E_IRI, E_STRLANG,
  E_STRDT, E_BNODE, E_IN, E_NOTIN, E_YEAR, E_MONTH, E_DAY, E_HOURS,
  E_MINUTES, E_SECONDS, E_TIMEZONE, E_TZ, E_NOW, E_CONCAT, E_STRLEN,
  E_SUBSTR, E_UCASE, E_LCASE, E_STRSTARTS, E_STRENDS, E_CONTAINS,
  E_STRBEFORE, E_STRAFTER, E_ENCODE, E_ABS, E_ROUND, E_CEIL, E_FLOOR,
  E_MD5, E_SHA1, E_SHA256, E_RAND, E_CAST,
  /* aggregates: evaluated by the grouping, read back as E_AGGREF */
  E_COUNT, E_SUM, E_AVG, E_MIN, E_MAX, E_SAMPLE, E_GROUP_CONCAT, E_AGGREF,
  /* EXISTS / NOT EXISTS { pat }: pat evaluated from the row */
  E_EXISTS, E_NOTEXISTS
} sq_eop;

struct sq_expr {
  sq_eop op;
  sq_expr **args;
  size_t nargs;
  sq_id konst;     /* E_CONST; E_GROUP_CONCAT: the separator (0: " ") */
  int var;         /* E_VAR: the slot; E_AGGREF: the aggregate's slot */
  int distinct;    /* aggregates */
  int star;        /* COUNT(*) */
  const char *cast; /* E_CAST: the datatype IRI */
  sq_pat *pat;      /* E_EXISTS, E_NOTEXISTS */
};

typedef enum sq_pop {
  P_UNIT = 0, /* the one empty solution */
  P_BGP, P_JOIN, P_LEFT, P_UNION, P_FILTER, P_EXTEND, P_MINUS, P_GRAPH,
  P_VALUES, /* rows given in the query */
  P_SUBQ,   /* a subquery: its projected variables only */
  P_PATH    /* triples[0] with a property path in place of its predicate */
} sq_pop;

/* a property path */
enum { PATH_LINK = 0, PATH_INV, PATH_SEQ, PATH_ALT, PATH_STAR, PATH_PLUS,
       PATH_OPT, PATH_NEG };
typedef struct sq_path {
  int op;
  struct sq_path *a, *b; /* INV, STAR, PLUS, OPT: a; SEQ, ALT: a b */
  sq_id iri;             /* LINK */
  sq_id *neg;            /* NEG: the IRIs excluded ... */
  int *neg_inv;          /* ... each forward (0) or inverse (1) */
  size_t nneg;
} sq_path;

struct sq_query;

/* one position of a triple pattern: a variable slot, or a term */
typedef struct sq_slot {
  int var; /* -1: the term */
  sq_id term;
} sq_slot;

typedef struct sq_triple {
  sq_slot part[3];
} sq_triple;

struct sq_pat {
  sq_pop op;
  sq_pat *a, *b;
  sq_expr *expr;      /* P_LEFT (may be NULL), P_FILTER, P_EXTEND */
  int var;            /* P_EXTEND */
  sq_slot graph;      /* P_GRAPH */
  sq_triple *triples; /* P_BGP, P_PATH (one) */
  size_t ntriples;
  int group_filter;   /* P_FILTER: the FILTERs of a group { } itself */
  int *vvars;         /* P_VALUES: the variables, */
  size_t nvv;
  sq_id *vrows;       /* rows of nvv values (0: UNDEF) */
  size_t nvrows;
  struct sq_query *sub; /* P_SUBQ */
  sq_path *path;      /* P_PATH */
  int hid[3];         /* P_PATH: three slots of its own */
};

/* the graph a pattern is matched in */
typedef struct sq_graph {
  int mode;      /* 0 the default graph, 1 the graph TERM, 2 any named
                    graph into the slot VAR */
  sq_id term;
  int var;
} sq_graph;

typedef struct sq_ctx {
  ng_store *s;
  librdf_world *rdf;
  librdf_model *model;
  ng_arena arena; /* everything that lives as long as the query */
  ng_vec terms;   /* sq_term; index 0 unused */
  ng_map index;   /* term key -> id */
  ng_map estimates; /* constants of a triple pattern -> matches + 1 */
  ng_buf key;
  ng_vec vars;    /* const char * (arena): slot -> name */
  /* the dataset */
  int default_all;    /* the default graph is every graph of the store */
  ng_vec default_g;   /* sq_id */
  int named_all;
  ng_vec named_g;     /* sq_id */
  int all_listed;
  ng_vec all_g;       /* sq_id: every graph of the store, when listed */
  size_t cells;       /* values held by live row sets */
  unsigned long bnodes; /* blank nodes made by BNODE() and CONSTRUCT */
  unsigned long row_serial; /* BNODE(str): one node per string per row */
  unsigned long scopes, extend_scope; /* row_serial's high part */
  sq_id now;          /* NOW() */
  const char *base;   /* the query's base IRI, or NULL */
  void *re_code;      /* the last regular expression compiled (pcre2) */
  sq_id re_pat, re_flags; /* its pattern and flags */
  const sq_id *seed;  /* EXISTS: the row patterns start from, or NULL */
  ng_map gnodes;      /* the nodes of one graph (zero-length paths) */
  ng_arena gnodes_arena;
  sq_id gnodes_of[2]; /* which graph: its mode and term */
  int gnodes_listed;
  const sq_graph *cur_g; /* the graph the pattern being evaluated is in */
  unsigned long hidden; /* names of variables made by the parser */
  int err_line;       /* the line of a syntax error */
  ng_status err;      /* the first hard error (NOMEM, LIMIT, CANCELLED) */
  size_t max_cells;   /* the cap on CELLS (ng_query_limits.max_values) */
  const ng_cancel *cancel; /* stop when set (borrowed), or NULL */
  double stop_at;     /* stop past this ng_store_seconds(), or 0 */
  unsigned long steps; /* sq_check() calls */
  /* the store's index (store_index.h: a reference), or NULL: triple
   * patterns are matched through librdf */
  struct ng_sindex *ix;
  uint32_t *ix_of;     /* sq_id -> the index's term, 0 not looked up,
                          UINT32_MAX not in the store */
  size_t ix_of_n;
  uint32_t *ix_k, *ix_v; /* the index's term -> sq_id (open addressing) */
  size_t ix_n, ix_cap;
  librdf_digest *digests[2]; /* MD5 and SHA1, made on first use */
  char why[256];      /* what is not supported */
} sq_ctx;

/* term.c */
void sq_ctx_init(sq_ctx *c, ng_store *s);
void sq_ctx_free(sq_ctx *c);
/* The id of the term; 0 when out of memory (c->err set).  LEX of LEN
 * bytes; LANG and DT may be NULL. */
sq_id sq_intern(sq_ctx *c, int kind, const char *lex, size_t len,
                const char *lang, const char *dt);
sq_id sq_intern_node(sq_ctx *c, librdf_node *n);
/* sq_intern() of a term of the store's index (c->ix), given its key (in
 * sq_intern's form) and the key's ng_hash32(): the strings are borrowed
 * from the index, which the context holds until sq_ctx_free(). */
sq_id sq_intern_keyed(sq_ctx *c, int kind, const char *lex, size_t len,
                      const char *lang, const char *dt, const char *key,
                      size_t key_len, uint32_t hash);
static inline const sq_term *sq_t(const sq_ctx *c, sq_id id) {
  return &NG_VEC_AT(&c->terms, sq_term, id);
}
/* The node of term ID (owned by the context); NULL when it cannot be in
 * a triple or out of memory. */
librdf_node *sq_node(sq_ctx *c, sq_id id);
sq_id sq_int(sq_ctx *c, long long v);
sq_id sq_bool(sq_ctx *c, int v);
sq_id sq_double(sq_ctx *c, double v, int num);
sq_id sq_string(sq_ctx *c, const char *s, size_t n, const char *lang,
                const char *dt);
int sq_var(sq_ctx *c, const char *name); /* the slot of NAME; -1 NOMEM */
/* Value comparison as SPARQL's operators: 0 when comparable (*CMP
 * -1, 0, 1), -1 when not (a type error); EQ_ONLY for = and != (terms
 * that cannot be ordered may still be unequal). */
int sq_compare(const sq_ctx *c, sq_id a, sq_id b, int eq_only, int *cmp);
/* The ORDER BY order of two values (0 = unbound first). */
int sq_order(const sq_ctx *c, sq_id a, sq_id b);
/* Effective boolean value: 1, 0, or -1 (error). */
int sq_ebv(const sq_ctx *c, sq_id a);
/* ng_rterm view of ID (borrowed from the context) */
void sq_rterm(const sq_ctx *c, sq_id id, ng_rterm *out);

/* eval.c: NG_OK, or NG_ERR_CANCELLED (into c->err; or the error already
 * there) when the query must stop: called in every loop that can run
 * long; reads the clock and the flag once every few thousand calls */
ng_status sq_check(sq_ctx *c);

/* rows (eval.c) */
ng_status sq_rows_push(sq_ctx *c, sq_rows *r, const sq_id *row);
/* Counts N more values held by the query against its cap (c->max_cells):
 * rows (sq_rows_push), the keys DISTINCT, COUNT(DISTINCT ...), CONSTRUCT
 * and paths keep, the statements the default graph has given (it is a
 * set).  NG_OK, or NG_ERR_LIMIT (then in c->err).  The terms a query has
 * met are not counted: there are at most as many as the store holds. */
ng_status sq_hold(sq_ctx *c, size_t n);
/* the values counted for a key of LEN bytes in a map (with its entry),
 * and for a statement's 128-bit fingerprint in a set */
#define SQ_KEY_CELLS(len) (((len) + 32u) / 8u)
#define SQ_FP_CELLS 4u
void sq_rows_free(sq_ctx *c, sq_rows *r);

/* expr.c: the value of E on ROW (0: error or unbound); AGG holds the
 * values of the aggregates of the group ROW stands for (or NULL) */
sq_id sq_eval(sq_ctx *c, const sq_expr *e, const sq_id *row);
void sq_regex_free(sq_ctx *c);
/* A op B for E_ADD, E_SUB, E_MUL, E_DIV with xsd numeric promotion */
sq_id sq_arith(sq_ctx *c, sq_eop op, sq_id a, sq_id b);

/* eval.c */
ng_status sq_eval_pat(sq_ctx *c, const sq_pat *p, const sq_graph *g,
                      sq_rows *out);
/* The rows of P in G handed to E as they are made, where the algebra
 * allows (a basic graph pattern's last step, FILTER and BIND over one),
 * else evaluated whole and then handed over. */
ng_status sq_eval_stream(sq_ctx *c, const sq_pat *p, const sq_graph *g,
                         const sq_emit *e);
ng_status sq_join(sq_ctx *c, sq_rows *a, sq_rows *b, sq_rows *out);

/* lex.c: the tokens */
enum { T_EOF = 0, T_ERROR, T_IRI, T_PNAME, T_BNODE, T_VAR, T_LANG, T_INT,
       T_DEC, T_DBL, T_STR, T_NAME, T_ANON, T_NIL, T_PUNCT };
typedef struct sq_token {
  int type;
  const char *start; /* in the query text */
  const char *text;  /* decoded (arena, NUL-ended): the IRI, the string,
                        the variable's name, prefix and local name */
  size_t len, ns_len; /* T_PNAME: the prefix is text[0, ns_len) */
  int line;
} sq_token;
typedef struct sq_lexer {
  ng_arena *arena;
  const char *end; /* where the next token starts looking */
  int line;
  sq_token tok;    /* the current token */
  ng_buf buf;
  char err[160];
} sq_lexer;
void sq_lex_init(sq_lexer *l, ng_arena *a, const char *text);
void sq_lex_free(sq_lexer *l);
/* Reads the next token into l->tok: 0, or -1 with l->err set */
int sq_lex_next(sq_lexer *l);

/* parse.c: a query */
typedef struct sq_agg {
  sq_expr *e; /* the aggregate (op E_COUNT ...); e->var: its slot */
} sq_agg;

typedef struct sq_query {
  sq_ctx *c;
  int verb;        /* SQ_SELECT, SQ_ASK, SQ_CONSTRUCT */
  sq_triple *tmpl; /* CONSTRUCT: the template (blank nodes as terms) */
  size_t ntmpl;
  sq_pat *values;  /* the trailing VALUES, or NULL */
  sq_pat *where;
  /* GROUP BY */
  sq_expr **keys;
  int *key_var; /* the variable a key binds, or -1 */
  size_t nkeys;
  ng_vec aggs; /* sq_expr *: the aggregates, each with its slot */
  int allow_agg;
  ng_vec having; /* sq_expr * */
  /* SELECT */
  ng_vec proj;      /* int: slots */
  ng_vec proj_expr; /* sq_expr * or NULL, per projected variable */
  ng_vec order;     /* sq_expr * */
  ng_vec order_desc;/* int */
  int distinct;
  long limit, offset;
  int unsupported;
  ng_vec subs;      /* sq_query *: the subqueries (arena), top query only */
} sq_query;

enum { SQ_SELECT = 0, SQ_ASK, SQ_CONSTRUCT };

/* Parses QUERY (relative IRIs against BASE) into Q, whose context Q->c
 * the caller set up: NG_OK, NG_ERR_QUERY (a syntax error: Q->c->why
 * says where), NG_ERR_UNSUPPORTED (Q->c->why names the construct), or a
 * hard error.  Free Q with sq_query_free(). */
ng_status sq_parse(sq_query *q, const char *query, const char *base,
                   const ng_sparql_dataset *ds);
void sq_query_free(sq_query *q);

/* eval.c: 1 when pattern P has a solution that extends ROW, 0 when
 * not, -1 on a hard error (c->err) */
int sq_exists(sq_ctx *c, const sq_pat *p, const sq_id *row);

/* solution.c: the rows of subquery Q in graph G (its projected
 * variables bound, the others unbound) into OUT */
ng_status sq_query_rows(sq_query *q, const sq_graph *g, sq_rows *out);

#endif /* NG_SQ_H */
