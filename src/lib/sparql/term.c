/* term.c - the terms of one query: interning, numeric and date values,
 * SPARQL's comparisons, ORDER BY's order and the effective boolean
 * value. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sq.h"
#include "store_index.h"

#define MAX_TERMS 50000000u

void sq_ctx_init(sq_ctx *c, ng_store *s) {
  memset(c, 0, sizeof *c);
  c->s = s;
  c->rdf = s->rdf;
  c->model = s->model;
  /* the limits of the store handle (ng_store_set_query_limits) */
  c->max_cells = s->limits.max_values ? s->limits.max_values
                                      : ng_sparql_max_cells;
  c->cancel = s->limits.cancel;
  if (s->limits.seconds > 0)
    c->stop_at = ng_store_seconds() + s->limits.seconds;
  ng_arena_init(&c->arena, 0);
  ng_map_init(&c->index);
  ng_map_init(&c->estimates);
  ng_map_init(&c->gnodes);
  ng_arena_init(&c->gnodes_arena, 0);
  ng_buf_init(&c->key, 0);
  /* id 0: unbound / error */
  if (!ng_vec_push(&c->terms, sizeof(sq_term), MAX_TERMS))
    c->err = NG_ERR_NOMEM;
}

void sq_ctx_free(sq_ctx *c) {
  for (int i = 0; i < 2; i++)
    if (c->digests[i])
      librdf_free_digest(c->digests[i]);
  free(c->ix_of);
  free(c->ix_k);
  free(c->ix_v);
  for (size_t i = 1; i < c->terms.n; i++) {
    sq_term *t = &NG_VEC_AT(&c->terms, sq_term, i);
    if (t->node)
      librdf_free_node(t->node);
  }
  ng_vec_free(&c->terms);
  ng_vec_free(&c->vars);
  ng_vec_free(&c->default_g);
  ng_vec_free(&c->named_g);
  ng_vec_free(&c->all_g);
  ng_map_free(&c->index);
  ng_map_free(&c->estimates);
  ng_map_free(&c->gnodes);
  ng_arena_free(&c->gnodes_arena);
  ng_buf_free(&c->key);
  ng_arena_free(&c->arena);
  ng_sindex_release(c->ix); /* last: terms may point into it */
}

static int dt_is(const char *dt, const char *local) {
  return dt && !strncmp(dt, SQ_XSD, sizeof SQ_XSD - 1) &&
         !strcmp(dt + sizeof SQ_XSD - 1, local);
}

static int is_digits(const char *s, size_t n) {
  if (!n)
    return 0;
  for (size_t i = 0; i < n; i++)
    if (s[i] < '0' || s[i] > '9')
      return 0;
  return 1;
}

static const char *const integer_types[] = {
    "integer", "nonPositiveInteger", "negativeInteger", "long", "int",
    "short", "byte", "nonNegativeInteger", "unsignedLong", "unsignedInt",
    "unsignedShort", "unsignedByte", "positiveInteger"};

/* The numeric type of datatype DT (NUM_NONE when not numeric). */
static int numeric_type(const char *dt) {
  if (!dt || strncmp(dt, SQ_XSD, sizeof SQ_XSD - 1))
    return NUM_NONE;
  const char *l = dt + sizeof SQ_XSD - 1;
  if (!strcmp(l, "decimal"))
    return NUM_DEC;
  if (!strcmp(l, "float"))
    return NUM_FLOAT;
  if (!strcmp(l, "double"))
    return NUM_DOUBLE;
  for (size_t i = 0; i < NG_ARRAY_LEN(integer_types); i++)
    if (!strcmp(l, integer_types[i]))
      return NUM_INT;
  return NUM_NONE;
}

/* The digits of "digits (. digits?)?" or ". digits" at *I of S (N
 * bytes), both sides counted; *I moves past them. */
static size_t decimal_digits(const char *s, size_t n, size_t *i) {
  size_t d0 = *i;
  while (*i < n && s[*i] >= '0' && s[*i] <= '9')
    (*i)++;
  size_t nd = *i - d0;
  if (*i < n && s[*i] == '.') {
    (*i)++;
    size_t f0 = *i;
    while (*i < n && s[*i] >= '0' && s[*i] <= '9')
      (*i)++;
    nd += *i - f0;
  }
  return nd;
}

static void parse_number(sq_term *t) {
  int type = numeric_type(t->dt);
  const char *s = t->lex;
  size_t n = t->len, i = 0;
  if (!type)
    return;
  if (type == NUM_FLOAT || type == NUM_DOUBLE) {
    if (!strcmp(s, "INF") || !strcmp(s, "+INF")) {
      t->d = INFINITY;
    } else if (!strcmp(s, "-INF")) {
      t->d = -INFINITY;
    } else if (!strcmp(s, "NaN")) {
      t->d = NAN;
    } else {
      /* [+-]? (digits (. digits?)? | . digits) ([eE] [+-]? digits)? */
      if (i < n && (s[i] == '+' || s[i] == '-'))
        i++;
      size_t nd = decimal_digits(s, n, &i);
      if (!nd)
        return;
      if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-'))
          i++;
        size_t e0 = i;
        while (i < n && s[i] >= '0' && s[i] <= '9')
          i++;
        if (i == e0)
          return;
      }
      if (i != n)
        return;
      t->d = strtod(s, NULL);
    }
    t->num = (uint8_t)type;
    return;
  }
  if (i < n && (s[i] == '+' || s[i] == '-'))
    i++;
  if (type == NUM_INT) {
    if (!is_digits(s + i, n - i))
      return;
    t->i = strtoll(s, NULL, 10);
    t->d = strtod(s, NULL);
    const char *l = t->dt + sizeof SQ_XSD - 1;
    int neg = s[0] == '-' && !(is_digits(s + 1, n - 1) && t->d == 0);
    if ((!strcmp(l, "nonNegativeInteger") || !strncmp(l, "unsigned", 8)) &&
        neg)
      return;
    if (!strcmp(l, "positiveInteger") && t->d <= 0)
      return;
    if (!strcmp(l, "negativeInteger") && t->d >= 0)
      return;
    if (!strcmp(l, "nonPositiveInteger") && t->d > 0)
      return;
    t->num = NUM_INT;
    return;
  }
  size_t nd = decimal_digits(s, n, &i);
  if (!nd || i != n)
    return;
  t->d = strtod(s, NULL);
  t->num = NUM_DEC;
}

static int two(const char *s) {
  return (s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9')
             ? (s[0] - '0') * 10 + (s[1] - '0')
             : -1;
}

/* days from 1970-01-01 of a proleptic Gregorian date */
static long days_from_civil(long y, int m, int d) {
  y -= m <= 2;
  long era = (y >= 0 ? y : y - 399) / 400;
  long yoe = y - era * 400;
  long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

/* xsd:dateTime and xsd:date: -?YYYY-MM-DD(Thh:mm:ss(.s+)?)?(Z|[+-]hh:mm)? */
static void parse_date(sq_term *t, int want_time) {
  const char *s = t->lex;
  size_t n = t->len, i = 0;
  if (i < n && s[i] == '-')
    i++;
  size_t y0 = i;
  while (i < n && s[i] >= '0' && s[i] <= '9')
    i++;
  if (i - y0 < 4 || i + 6 > n || s[i] != '-' || s[i + 3] != '-')
    return;
  long y = strtol(s, NULL, 10);
  int mo = two(s + i + 1), d = two(s + i + 4);
  i += 6;
  if (mo < 1 || mo > 12 || d < 1 || d > 31)
    return;
  double secs = 0;
  if (want_time) {
    if (i + 9 > n || s[i] != 'T' || s[i + 3] != ':' || s[i + 6] != ':')
      return;
    int h = two(s + i + 1), mi = two(s + i + 4), se = two(s + i + 7);
    if (h < 0 || h > 24 || mi < 0 || mi > 59 || se < 0 || se > 60)
      return;
    secs = h * 3600.0 + mi * 60.0 + se;
    i += 9;
    if (i < n && s[i] == '.') {
      size_t f0 = i;
      i++;
      while (i < n && s[i] >= '0' && s[i] <= '9')
        i++;
      if (i == f0 + 1)
        return;
      secs += strtod(s + f0, NULL);
    }
  }
  int tz = 0;
  if (i < n && s[i] == 'Z') {
    tz = 1;
    i++;
  } else if (i + 6 == n && (s[i] == '+' || s[i] == '-') && s[i + 3] == ':') {
    int th = two(s + i + 1), tm = two(s + i + 4);
    if (th < 0 || th > 14 || tm < 0 || tm > 59)
      return;
    double off = th * 3600.0 + tm * 60.0;
    secs -= s[i] == '+' ? off : -off;
    tz = 1;
    i += 6;
  }
  if (i != n)
    return;
  t->when = (double)days_from_civil(y, mo, d) * 86400.0 + secs;
  t->tz = tz;
  t->isdt = want_time ? 1 : 2;
}

static void parse_value(sq_term *t) {
  if (t->kind != SQ_LIT || !t->dt)
    return;
  parse_number(t);
  if (dt_is(t->dt, "boolean")) {
    if (!strcmp(t->lex, "true") || !strcmp(t->lex, "1")) {
      t->isbool = 1;
      t->boolv = 1;
    } else if (!strcmp(t->lex, "false") || !strcmp(t->lex, "0")) {
      t->isbool = 1;
    }
  } else if (dt_is(t->dt, "dateTime")) {
    parse_date(t, 1);
  } else if (dt_is(t->dt, "date")) {
    parse_date(t, 0);
  }
}

/* The term of the interning map's entry E: its number when E has one
 * (*FRESH NULL), else a new term slot for the caller to fill (*FRESH; the
 * caller sets E's value to the number returned once it is filled).  0
 * and *FRESH NULL with c->err set when E is NULL or no slot is left. */
static sq_id entry_term(sq_ctx *c, ng_map_entry *e, sq_term **fresh) {
  *fresh = NULL;
  if (!e) {
    c->err = NG_ERR_NOMEM;
    return 0;
  }
  if (e->value)
    return (sq_id)(uintptr_t)e->value;
  sq_term *t = ng_vec_push(&c->terms, sizeof *t, MAX_TERMS);
  if (!t) {
    c->err = c->terms.n >= MAX_TERMS ? NG_ERR_LIMIT : NG_ERR_NOMEM;
    return 0;
  }
  *fresh = t;
  return (sq_id)(c->terms.n - 1);
}

sq_id sq_intern(sq_ctx *c, int kind, const char *lex, size_t len,
                const char *lang, const char *dt) {
  if (c->err)
    return 0;
  if (lang && !*lang)
    lang = NULL;
  if (lang)
    dt = SQ_RDF_LANGSTRING;
  if (kind == SQ_LIT && dt && !strcmp(dt, SQ_XSD "string"))
    dt = NULL; /* RDF 1.1: one term (eval.c matches both in the store) */
  ng_buf *k = &c->key;
  ng_status st = ng_sindex_term_key(k, kind, lex, len, lang, dt);
  if (st) {
    c->err = st;
    return 0;
  }
  ng_map_entry *e = ng_map_slot(&c->index, &c->arena, k->s, k->len);
  sq_term *t;
  sq_id id = entry_term(c, e, &t);
  if (!t)
    return id;
  t->kind = (uint8_t)kind;
  t->len = (uint32_t)len;
  t->lex = ng_arena_strndup(&c->arena, lex, len);
  t->lang = lang ? ng_arena_strndup(&c->arena, lang, strlen(lang)) : NULL;
  t->dt = dt ? ng_arena_strndup(&c->arena, dt, strlen(dt)) : NULL;
  if (!t->lex || (lang && !t->lang) || (dt && !t->dt)) {
    c->terms.n--;
    c->err = NG_ERR_NOMEM;
    return 0;
  }
  parse_value(t);
  e->value = (void *)(uintptr_t)id;
  return id;
}

sq_id sq_intern_keyed(sq_ctx *c, int kind, const char *lex, size_t len,
                      const char *lang, const char *dt, const char *key,
                      size_t key_len, uint32_t hash) {
  if (c->err)
    return 0;
  if ((lang && !*lang) ||
      (kind == SQ_LIT && dt && !lang && !strcmp(dt, SQ_XSD "string")))
    return sq_intern(c, kind, lex, len, lang, dt); /* another key */
  ng_map_entry *e = ng_map_slot_h(&c->index, &c->arena, key, key_len, hash);
  sq_term *t;
  sq_id id = entry_term(c, e, &t);
  if (!t)
    return id;
  t->kind = (uint8_t)kind;
  t->len = (uint32_t)len;
  t->lex = lex;
  t->lang = lang;
  t->dt = lang ? SQ_RDF_LANGSTRING : dt;
  parse_value(t);
  e->value = (void *)(uintptr_t)id;
  return id;
}

sq_id sq_intern_node(sq_ctx *c, librdf_node *n) {
  size_t len = 0;
  switch (librdf_node_get_type(n)) {
  case LIBRDF_NODE_TYPE_RESOURCE: {
    const unsigned char *s =
        librdf_uri_as_counted_string(librdf_node_get_uri(n), &len);
    return sq_intern(c, SQ_IRI, (const char *)s, len, NULL, NULL);
  }
  case LIBRDF_NODE_TYPE_BLANK: {
    const unsigned char *s = librdf_node_get_counted_blank_identifier(n, &len);
    return sq_intern(c, SQ_BNODE, (const char *)s, len, NULL, NULL);
  }
  case LIBRDF_NODE_TYPE_LITERAL: {
    const unsigned char *s =
        librdf_node_get_literal_value_as_counted_string(n, &len);
    librdf_uri *dt = librdf_node_get_literal_value_datatype_uri(n);
    return sq_intern(c, SQ_LIT, s ? (const char *)s : "", len,
                     librdf_node_get_literal_value_language(n),
                     dt ? (const char *)librdf_uri_as_string(dt) : NULL);
  }
  case LIBRDF_NODE_TYPE_UNKNOWN:
  default:
    return 0;
  }
}

librdf_node *sq_node(sq_ctx *c, sq_id id) {
  sq_term *t = &NG_VEC_AT(&c->terms, sq_term, id);
  if (t->node)
    return t->node;
  switch (t->kind) {
  case SQ_IRI:
    t->node = librdf_new_node_from_uri_string(c->rdf,
                                              (const unsigned char *)t->lex);
    break;
  case SQ_BNODE:
    t->node = librdf_new_node_from_blank_identifier(
        c->rdf, (const unsigned char *)t->lex);
    break;
  case SQ_LIT: {
    librdf_uri *dt = NULL;
    if (t->dt && !t->lang) {
      dt = librdf_new_uri(c->rdf, (const unsigned char *)t->dt);
      if (!dt)
        return NULL;
    }
    t->node = librdf_new_node_from_typed_counted_literal(
        c->rdf, (const unsigned char *)t->lex, t->len, t->lang,
        t->lang ? strlen(t->lang) : 0, dt);
    if (dt)
      librdf_free_uri(dt);
    break;
  }
  default:
    return NULL;
  }
  if (!t->node)
    c->err = NG_ERR_NOMEM;
  return t->node;
}

sq_id sq_string(sq_ctx *c, const char *s, size_t n, const char *lang,
                const char *dt) {
  return sq_intern(c, SQ_LIT, s, n, lang, dt);
}

sq_id sq_int(sq_ctx *c, long long v) {
  char b[32];
  int n = snprintf(b, sizeof b, "%lld", v);
  return sq_intern(c, SQ_LIT, b, (size_t)n, NULL, SQ_XSD "integer");
}

sq_id sq_bool(sq_ctx *c, int v) {
  return sq_intern(c, SQ_LIT, v ? "true" : "false", v ? 4 : 5, NULL,
                   SQ_XSD "boolean");
}

/* V as xsd:decimal (NUM_DEC) or xsd:double / xsd:float. */
sq_id sq_double(sq_ctx *c, double v, int num) {
  char b[64];
  if (num == NUM_INT)
    return sq_int(c, (long long)v);
  if (num == NUM_DEC) {
    if (!isfinite(v))
      return 0;
    snprintf(b, sizeof b, "%.15g", v);
    if (strchr(b, 'e') || strchr(b, 'E'))
      snprintf(b, sizeof b, "%.1f", v);
    else if (!strchr(b, '.'))
      strcat(b, ".0");
    return sq_intern(c, SQ_LIT, b, strlen(b), NULL, SQ_XSD "decimal");
  }
  const char *dt = num == NUM_FLOAT ? SQ_XSD "float" : SQ_XSD "double";
  if (isnan(v)) {
    strcpy(b, "NaN");
  } else if (isinf(v)) {
    strcpy(b, v > 0 ? "INF" : "-INF");
  } else {
    char m[64];
    snprintf(m, sizeof m, "%.*E", num == NUM_FLOAT ? 8 : 15, v);
    char *e = strchr(m, 'E');
    if (!e)
      return 0;
    int exp = atoi(e + 1);
    *e = '\0';
    size_t l = strlen(m);
    while (l > 0 && m[l - 1] == '0')
      m[--l] = '\0';
    if (l > 0 && m[l - 1] == '.')
      strcat(m, "0");
    snprintf(b, sizeof b, "%sE%d", m, exp);
  }
  return sq_intern(c, SQ_LIT, b, strlen(b), NULL, dt);
}

int sq_var(sq_ctx *c, const char *name) {
  for (size_t i = 0; i < c->vars.n; i++)
    if (!strcmp(NG_VEC_AT(&c->vars, const char *, i), name))
      return (int)i;
  const char **v = ng_vec_push(&c->vars, sizeof *v, 100000);
  if (!v)
    return -1;
  *v = ng_arena_strndup(&c->arena, name, strlen(name));
  if (!*v) {
    c->vars.n--;
    return -1;
  }
  return (int)(c->vars.n - 1);
}

static int stringish(const sq_term *t) {
  return t->kind == SQ_LIT && !t->lang &&
         (!t->dt || dt_is(t->dt, "string"));
}

static int sign(double x) { return x < 0 ? -1 : x > 0; }

int sq_compare(const sq_ctx *c, sq_id a, sq_id b, int eq_only, int *cmp) {
  const sq_term *x = sq_t(c, a), *y = sq_t(c, b);
  if (!a || !b)
    return -1;
  if (x->num && y->num) {
    if (isnan(x->d) || isnan(y->d)) {
      *cmp = 2; /* unordered: every comparison false */
      return 0;
    }
    if (x->num == NUM_INT && y->num == NUM_INT)
      *cmp = x->i < y->i ? -1 : x->i > y->i;
    else
      *cmp = sign(x->d - y->d);
    return 0;
  }
  if (a == b) {
    *cmp = 0;
    return 0;
  }
  if (stringish(x) && stringish(y)) {
    int r = memcmp(x->lex, y->lex, NG_MIN(x->len, y->len));
    *cmp = r ? sign(r) : (x->len < y->len ? -1 : x->len > y->len);
    return 0;
  }
  if (x->isbool && y->isbool) {
    *cmp = (int)x->boolv - (int)y->boolv;
    return 0;
  }
  if (x->isdt && x->isdt == y->isdt) {
    if (x->tz != y->tz) {
      if (fabs(x->when - y->when) > 14 * 3600.0) {
        *cmp = sign(x->when - y->when);
        return 0;
      }
      return -1;
    }
    *cmp = sign(x->when - y->when);
    return 0;
  }
  if (!eq_only)
    return -1;
  if (x->kind != SQ_LIT || y->kind != SQ_LIT) {
    *cmp = 1; /* different terms, not both literals */
    return 0;
  }
  if ((x->lang != NULL) != (y->lang != NULL)) {
    *cmp = 1; /* a language-tagged string is no value of any datatype */
    return 0;
  }
  if (x->lang && y->lang) {
    if (x->len == y->len && !memcmp(x->lex, y->lex, x->len) &&
        !strcasecmp(x->lang, y->lang)) {
      *cmp = 0;
      return 0;
    }
    *cmp = 1;
    return 0;
  }
  /* two literals of types SPARQL knows, of different kinds: unequal */
  int kx = x->num || x->isbool || x->isdt || stringish(x) || x->lang;
  int ky = y->num || y->isbool || y->isdt || stringish(y) || y->lang;
  if (kx && ky) {
    *cmp = 1;
    return 0;
  }
  return -1;
}

static int kind_rank(const sq_ctx *c, sq_id a) {
  if (!a)
    return 0;
  switch (sq_t(c, a)->kind) {
  case SQ_BNODE:
    return 1;
  case SQ_IRI:
    return 2;
  default:
    return 3;
  }
}

static int str_or_null(const char *a, const char *b) {
  if (!a || !b)
    return (a != NULL) - (b != NULL);
  return strcmp(a, b);
}

int sq_order(const sq_ctx *c, sq_id a, sq_id b) {
  if (a == b)
    return 0;
  int ra = kind_rank(c, a), rb = kind_rank(c, b);
  if (ra != rb)
    return ra < rb ? -1 : 1;
  if (!a)
    return 0;
  const sq_term *x = sq_t(c, a), *y = sq_t(c, b);
  int cmp = 0;
  if (ra == 3 && !sq_compare(c, a, b, 0, &cmp) && cmp != 2 && cmp)
    return cmp;
  int r = strcmp(x->lex, y->lex);
  if (!r)
    r = str_or_null(x->dt, y->dt);
  if (!r)
    r = str_or_null(x->lang, y->lang);
  return sign(r);
}

int sq_ebv(const sq_ctx *c, sq_id a) {
  if (!a)
    return -1;
  const sq_term *t = sq_t(c, a);
  if (t->kind != SQ_LIT)
    return -1;
  if (dt_is(t->dt, "boolean"))
    return t->isbool ? t->boolv : 0;
  if (numeric_type(t->dt))
    return t->num ? (t->d != 0 && !isnan(t->d)) : 0;
  if (stringish(t))
    return t->len > 0;
  return -1;
}

void sq_rterm(const sq_ctx *c, sq_id id, ng_rterm *out) {
  const sq_term *t = sq_t(c, id);
  out->type = t->kind == SQ_IRI     ? LIBRDF_NODE_TYPE_RESOURCE
              : t->kind == SQ_BNODE ? LIBRDF_NODE_TYPE_BLANK
                                    : LIBRDF_NODE_TYPE_LITERAL;
  out->v = t->lex;
  out->len = t->len;
  out->lang = t->lang;
  out->dt = t->lang ? NULL : t->dt;
}
