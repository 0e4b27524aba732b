/* expr.c - SPARQL expressions and functions: operators with xsd numeric
 * promotion, the effective boolean value and SPARQL's error rules (an
 * error is the value 0: FILTER drops the row, BIND leaves the variable
 * unbound), string functions on code points (utf8proc), REGEX and
 * REPLACE with PCRE2, dates, casts and hashes. */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <utf8proc.h>

#include "sq.h"

/* a regular expression may backtrack this often per match, then the
 * match is an error (no pathological pattern runs for ever) */
#define REGEX_MATCH_LIMIT 10000000u
/* a string made by a function is at most this long */
#define MAX_STRING (64u * 1024u * 1024u)

static const sq_term *T(const sq_ctx *c, sq_id id) { return sq_t(c, id); }

static int is_lit(const sq_ctx *c, sq_id a) {
  return a && T(c, a)->kind == SQ_LIT;
}

static int dt_is(const char *dt, const char *local) {
  return dt && !strncmp(dt, SQ_XSD, sizeof SQ_XSD - 1) &&
         !strcmp(dt + sizeof SQ_XSD - 1, local);
}

/* simple literal or xsd:string */
static int plain(const sq_ctx *c, sq_id a) {
  const sq_term *t = T(c, a);
  return is_lit(c, a) && !t->lang && (!t->dt || dt_is(t->dt, "string"));
}

/* a string literal: simple, xsd:string or with a language */
static int strlit(const sq_ctx *c, sq_id a) {
  return plain(c, a) || (is_lit(c, a) && T(c, a)->lang);
}

/* the two arguments of STRSTARTS and the like are compatible */
static int arg_compatible(const sq_ctx *c, sq_id a, sq_id b) {
  if (!strlit(c, a) || !strlit(c, b))
    return 0;
  const sq_term *x = T(c, a), *y = T(c, b);
  return !y->lang || (x->lang && !strcasecmp(x->lang, y->lang));
}

/* a string like A's (its language or datatype) */
static sq_id like(sq_ctx *c, sq_id a, const char *s, size_t n) {
  const sq_term *t = T(c, a);
  return sq_string(c, s, n, t->lang, t->lang ? NULL : t->dt);
}

static sq_id boolean(sq_ctx *c, int v) { return sq_bool(c, v); }

/* ---- numbers ---- */

static sq_id arith(sq_ctx *c, sq_eop op, sq_id a, sq_id b) {
  if (!a || !b)
    return 0;
  const sq_term *x = T(c, a), *y = T(c, b);
  if (!x->num || !y->num)
    return 0;
  int type = NG_MAX(x->num, y->num);
  if (op == E_DIV && type == NUM_INT)
    type = NUM_DEC;
  if (type == NUM_INT) {
    long long r;
    int over = op == E_ADD   ? __builtin_add_overflow(x->i, y->i, &r)
               : op == E_SUB ? __builtin_sub_overflow(x->i, y->i, &r)
                             : __builtin_mul_overflow(x->i, y->i, &r);
    if (!over)
      return sq_int(c, r);
    type = NUM_DEC;
  }
  double r;
  switch (op) {
  case E_ADD:
    r = x->d + y->d;
    break;
  case E_SUB:
    r = x->d - y->d;
    break;
  case E_MUL:
    r = x->d * y->d;
    break;
  default:
    if (type == NUM_DEC && y->d == 0)
      return 0; /* division by zero */
    r = x->d / y->d;
    break;
  }
  return sq_double(c, r, type);
}

static sq_id numeric_fn(sq_ctx *c, sq_eop op, sq_id a) {
  if (!a || !T(c, a)->num)
    return 0;
  const sq_term *t = T(c, a);
  if (t->num == NUM_INT) {
    if (op == E_ABS)
      return t->i == LLONG_MIN ? 0 : sq_int(c, t->i < 0 ? -t->i : t->i);
    if (op == E_NEG)
      return t->i == LLONG_MIN ? 0 : sq_int(c, -t->i);
    return sq_int(c, t->i);
  }
  double d = t->d;
  switch (op) {
  case E_ABS:
    d = fabs(d);
    break;
  case E_NEG:
    d = -d;
    break;
  case E_ROUND:
    d = floor(d + 0.5);
    break;
  case E_CEIL:
    d = ceil(d);
    break;
  case E_FLOOR:
    d = floor(d);
    break;
  default:
    break;
  }
  return sq_double(c, d, t->num);
}

/* ---- strings ---- */

static sq_id case_map(sq_ctx *c, sq_id a, int upper) {
  if (!strlit(c, a))
    return 0;
  const sq_term *t = T(c, a);
  ng_buf b;
  ng_buf_init(&b, MAX_STRING);
  const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)t->lex;
  utf8proc_ssize_t i = 0, n = t->len;
  ng_status st = NG_OK;
  while (i < n && !st) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate(s + i, n - i, &cp);
    if (k <= 0) {
      st = NG_ERR_INPUT;
      break;
    }
    i += k;
    cp = upper ? utf8proc_toupper(cp) : utf8proc_tolower(cp);
    utf8proc_uint8_t enc[4];
    utf8proc_ssize_t m = utf8proc_encode_char(cp, enc);
    st = ng_buf_add(&b, (const char *)enc, (size_t)m);
  }
  sq_id r = st ? 0 : like(c, a, b.s ? b.s : "", b.len);
  ng_buf_free(&b);
  return r;
}

/* the byte offset of code point number CP (0-based) in S, or N */
static size_t cp_offset(const char *s, size_t n, double cp) {
  size_t i = 0;
  double k = 0;
  while (i < n && k < cp) {
    i++;
    while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
      i++;
    k++;
  }
  return i;
}

static double xround(double d) { return floor(d + 0.5); }

static sq_id substr(sq_ctx *c, sq_id a, sq_id start, sq_id len) {
  if (!strlit(c, a) || !start || !T(c, start)->num ||
      (len && !T(c, len)->num))
    return 0;
  const sq_term *t = T(c, a);
  double s = xround(T(c, start)->d);
  double e = len ? s + xround(T(c, len)->d) : INFINITY;
  if (isnan(s) || isnan(e) || e <= s)
    return like(c, a, "", 0);
  if (s < 1)
    s = 1;
  size_t total = ng_utf8_count(t->lex, t->len);
  if (e > (double)total + 1)
    e = (double)total + 1;
  if (s >= e)
    return like(c, a, "", 0);
  size_t b0 = cp_offset(t->lex, t->len, s - 1);
  size_t b1 = cp_offset(t->lex, t->len, e - 1);
  return like(c, a, t->lex + b0, b1 - b0);
}

static const char *find(const char *h, size_t hn, const char *n, size_t nn) {
  if (!nn)
    return h;
  for (size_t i = 0; i + nn <= hn; i++)
    if (!memcmp(h + i, n, nn))
      return h + i;
  return NULL;
}

static sq_id str_test(sq_ctx *c, sq_eop op, sq_id a, sq_id b) {
  if (!arg_compatible(c, a, b))
    return 0;
  const sq_term *x = T(c, a), *y = T(c, b);
  const char *at;
  switch (op) {
  case E_STRSTARTS:
    return boolean(c, y->len <= x->len && !memcmp(x->lex, y->lex, y->len));
  case E_STRENDS:
    return boolean(c, y->len <= x->len &&
                          !memcmp(x->lex + x->len - y->len, y->lex, y->len));
  case E_CONTAINS:
    return boolean(c, find(x->lex, x->len, y->lex, y->len) != NULL);
  case E_STRBEFORE:
    at = find(x->lex, x->len, y->lex, y->len);
    if (!at)
      return sq_string(c, "", 0, NULL, NULL);
    return like(c, a, x->lex, (size_t)(at - x->lex));
  case E_STRAFTER:
    at = find(x->lex, x->len, y->lex, y->len);
    if (!at)
      return sq_string(c, "", 0, NULL, NULL);
    return like(c, a, at + y->len, x->len - (size_t)(at - x->lex) - y->len);
  default:
    return 0;
  }
}

static sq_id concat(sq_ctx *c, const sq_expr *e, const sq_id *row) {
  ng_buf b;
  ng_buf_init(&b, MAX_STRING);
  const char *lang = NULL;
  int same_lang = 1, all_xsd = 1;
  sq_id r = 0;
  for (size_t i = 0; i < e->nargs; i++) {
    sq_id v = sq_eval(c, e->args[i], row);
    if (!strlit(c, v))
      goto done;
    const sq_term *t = T(c, v);
    if (i == 0)
      lang = t->lang;
    else if (!t->lang || !lang || strcmp(t->lang, lang))
      same_lang = 0;
    if (!t->lang && !t->dt)
      all_xsd = 0;
    if (t->lang)
      all_xsd = 0;
    if (ng_buf_add(&b, t->lex, t->len))
      goto done;
  }
  r = sq_string(c, b.s ? b.s : "", b.len,
                same_lang && e->nargs ? lang : NULL,
                all_xsd && e->nargs ? SQ_XSD "string" : NULL);
done:
  ng_buf_free(&b);
  return r;
}

static sq_id encode_for_uri(sq_ctx *c, sq_id a) {
  if (!strlit(c, a))
    return 0;
  const sq_term *t = T(c, a);
  ng_buf b;
  ng_buf_init(&b, MAX_STRING);
  ng_status st = NG_OK;
  for (size_t i = 0; i < t->len && !st; i++) {
    unsigned char ch = (unsigned char)t->lex[i];
    if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
        (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' || ch == '.' ||
        ch == '~')
      st = ng_buf_addc(&b, (char)ch);
    else
      st = ng_buf_printf(&b, "%%%02X", ch);
  }
  sq_id r = st ? 0 : sq_string(c, b.s ? b.s : "", b.len, NULL, NULL);
  ng_buf_free(&b);
  return r;
}

static sq_id langmatches(sq_ctx *c, sq_id a, sq_id b) {
  if (!plain(c, a) || !plain(c, b))
    return 0;
  const char *tag = T(c, a)->lex, *range = T(c, b)->lex;
  if (!strcmp(range, "*"))
    return boolean(c, *tag != '\0');
  size_t n = strlen(range);
  return boolean(c, !strncasecmp(tag, range, n) &&
                        (tag[n] == '\0' || tag[n] == '-'));
}

/* ---- regular expressions ---- */

static pcre2_code *regex(sq_ctx *c, sq_id pat, sq_id flags) {
  if (!plain(c, pat) || (flags && !plain(c, flags)))
    return NULL;
  if (c->re_code && c->re_pat == pat && c->re_flags == flags)
    return c->re_code;
  uint32_t opt = PCRE2_UTF | PCRE2_UCP;
  const char *f = flags ? T(c, flags)->lex : "";
  for (; *f; f++) {
    switch (*f) {
    case 'i':
      opt |= PCRE2_CASELESS;
      break;
    case 's':
      opt |= PCRE2_DOTALL;
      break;
    case 'm':
      opt |= PCRE2_MULTILINE;
      break;
    case 'x':
      opt |= PCRE2_EXTENDED;
      break;
    case 'q': /* LITERAL takes no UCP */
      opt = (opt & ~(uint32_t)PCRE2_UCP) | PCRE2_LITERAL;
      break;
    default:
      return NULL; /* an invalid flag: an error */
    }
  }
  int err;
  PCRE2_SIZE off;
  pcre2_code *code = pcre2_compile((PCRE2_SPTR)T(c, pat)->lex,
                                   T(c, pat)->len, opt, &err, &off, NULL);
  if (!code)
    return NULL;
  if (c->re_code)
    pcre2_code_free(c->re_code);
  c->re_code = code;
  c->re_pat = pat;
  c->re_flags = flags;
  return code;
}

/* 1 matched, 0 not, -1 error */
static int re_match(pcre2_code *code, const char *s, size_t n) {
  pcre2_match_data *md = pcre2_match_data_create_from_pattern(code, NULL);
  pcre2_match_context *mc = pcre2_match_context_create(NULL);
  if (!md || !mc) {
    pcre2_match_data_free(md);
    pcre2_match_context_free(mc);
    return -1;
  }
  pcre2_set_match_limit(mc, REGEX_MATCH_LIMIT);
  int rc = pcre2_match(code, (PCRE2_SPTR)s, n, 0, 0, md, mc);
  pcre2_match_data_free(md);
  pcre2_match_context_free(mc);
  return rc >= 0 ? 1 : rc == PCRE2_ERROR_NOMATCH ? 0 : -1;
}

static sq_id do_regex(sq_ctx *c, sq_id a, sq_id pat, sq_id flags) {
  if (!strlit(c, a))
    return 0;
  pcre2_code *code = regex(c, pat, flags);
  if (!code)
    return 0;
  int r = re_match(code, T(c, a)->lex, T(c, a)->len);
  return r < 0 ? 0 : boolean(c, r);
}

/* XPath's replacement string ($n, \$, \\) in PCRE2's syntax, or -1 */
static int xpath_replacement(const char *s, size_t n, ng_buf *out) {
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '\\') {
      if (i + 1 < n && (s[i + 1] == '\\' || s[i + 1] == '$')) {
        if (s[i + 1] == '$' ? ng_buf_adds(out, "$$")
                            : ng_buf_addc(out, '\\'))
          return -1;
        i++;
        continue;
      }
      return -1;
    }
    if (s[i] == '$') {
      if (i + 1 >= n || s[i + 1] < '0' || s[i + 1] > '9')
        return -1;
      if (ng_buf_adds(out, "${"))
        return -1;
      while (i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '9')
        if (ng_buf_addc(out, s[++i]))
          return -1;
      if (ng_buf_addc(out, '}'))
        return -1;
      continue;
    }
    if (ng_buf_addc(out, s[i]))
      return -1;
  }
  return 0;
}

static sq_id do_replace(sq_ctx *c, sq_id a, sq_id pat, sq_id rep,
                        sq_id flags) {
  if (!strlit(c, a) || !plain(c, rep))
    return 0;
  pcre2_code *code = regex(c, pat, flags);
  if (!code)
    return 0;
  /* XPath: a pattern that matches the empty string is an error (and
   * would otherwise replace between every two characters) */
  if (re_match(code, "", 0) != 0)
    return 0;
  ng_buf r;
  ng_buf_init(&r, MAX_STRING);
  sq_id out = 0;
  if (xpath_replacement(T(c, rep)->lex, T(c, rep)->len, &r) == 0) {
    pcre2_match_context *mc = pcre2_match_context_create(NULL);
    const sq_term *t = T(c, a);
    PCRE2_SIZE size = t->len * 2 + 64;
    char *buf = NULL;
    int rc = PCRE2_ERROR_NOMEMORY;
    if (mc)
      pcre2_set_match_limit(mc, REGEX_MATCH_LIMIT);
    for (int tries = 0; mc && tries < 2 && rc == PCRE2_ERROR_NOMEMORY;
         tries++) {
      if (size > MAX_STRING)
        break;
      free(buf);
      buf = malloc(size + 1);
      if (!buf)
        break;
      rc = pcre2_substitute(
          code, (PCRE2_SPTR)t->lex, t->len, 0,
          PCRE2_SUBSTITUTE_GLOBAL | PCRE2_SUBSTITUTE_OVERFLOW_LENGTH |
              PCRE2_SUBSTITUTE_UNKNOWN_UNSET | PCRE2_SUBSTITUTE_UNSET_EMPTY,
          NULL, mc, (PCRE2_SPTR)(r.s ? r.s : ""), r.len,
          (PCRE2_UCHAR *)buf, &size);
    }
    if (rc >= 0)
      out = like(c, a, buf, size);
    free(buf);
    pcre2_match_context_free(mc);
  }
  ng_buf_free(&r);
  return out;
}

/* ---- dates ---- */

static sq_id date_part(sq_ctx *c, sq_eop op, sq_id a) {
  if (!a || !T(c, a)->isdt)
    return 0;
  const sq_term *t = T(c, a);
  const char *s = t->lex;
  const char *p = s + (*s == '-');
  const char *dash = strchr(p, '-'); /* after the year */
  if (!dash)
    return 0;
  const char *time = t->isdt == 1 ? strchr(dash, 'T') : NULL;
  const char *zone = time ? time + 9 : dash + 6;
  while (*zone == '.' || (*zone >= '0' && *zone <= '9'))
    zone++;
  switch (op) {
  case E_YEAR:
    return sq_int(c, strtoll(s, NULL, 10));
  case E_MONTH:
    return sq_int(c, strtol(dash + 1, NULL, 10));
  case E_DAY:
    return sq_int(c, strtol(dash + 4, NULL, 10));
  case E_HOURS:
    return time ? sq_int(c, strtol(time + 1, NULL, 10)) : 0;
  case E_MINUTES:
    return time ? sq_int(c, strtol(time + 4, NULL, 10)) : 0;
  case E_SECONDS: {
    if (!time)
      return 0;
    size_t n = (size_t)(zone - (time + 7));
    char buf[64];
    if (n >= sizeof buf - 2)
      return 0;
    memcpy(buf, time + 7, n);
    buf[n] = '\0';
    if (!strchr(buf, '.'))
      strcat(buf, ".0");
    return sq_string(c, buf, strlen(buf), NULL, SQ_XSD "decimal");
  }
  case E_TZ:
    return sq_string(c, zone, strlen(zone), NULL, NULL);
  case E_TIMEZONE: {
    if (!*zone)
      return 0;
    char buf[32];
    if (*zone == 'Z') {
      strcpy(buf, "PT0S");
    } else {
      int h = atoi(zone + 1), m = atoi(zone + 4);
      int len = snprintf(buf, sizeof buf, "%sPT", *zone == '-' ? "-" : "");
      if (h)
        len += snprintf(buf + len, sizeof buf - (size_t)len, "%dH", h);
      if (m)
        len += snprintf(buf + len, sizeof buf - (size_t)len, "%dM", m);
      if (!h && !m)
        snprintf(buf, sizeof buf, "PT0S");
    }
    return sq_string(c, buf, strlen(buf), NULL,
                     SQ_XSD "dayTimeDuration");
  }
  default:
    return 0;
  }
}

/* ---- hashes, casts, IRIs and blank nodes ---- */

static sq_id digest(sq_ctx *c, const char *name, sq_id a) {
  if (!plain(c, a))
    return 0;
  /* one digest object per query and algorithm, started again each time */
  int which = !strcmp(name, "SHA1");
  librdf_digest *d = c->digests[which];
  if (!d && !(d = c->digests[which] = librdf_new_digest(c->rdf, name)))
    return 0;
  librdf_digest_init(d);
  librdf_digest_update(d, (const unsigned char *)T(c, a)->lex, T(c, a)->len);
  librdf_digest_final(d);
  const unsigned char *bytes = librdf_digest_get_digest(d);
  size_t n = librdf_digest_get_digest_length(d);
  static const char digits[] = "0123456789abcdef";
  char hex[129];
  sq_id r = 0;
  if (bytes && n * 2 < sizeof hex) {
    for (size_t i = 0; i < n; i++) {
      hex[2 * i] = digits[bytes[i] >> 4];
      hex[2 * i + 1] = digits[bytes[i] & 15];
    }
    r = sq_string(c, hex, n * 2, NULL, NULL);
  }
  return r;
}

static sq_id cast(sq_ctx *c, const char *dt, sq_id a) {
  if (!a)
    return 0;
  const sq_term *t = T(c, a);
  if (t->kind == SQ_BNODE)
    return 0;
  if (dt_is(dt, "string")) {
    char b[64];
    if (t->num == NUM_INT) {
      snprintf(b, sizeof b, "%lld", t->i);
    } else if (t->num && isfinite(t->d) &&
               (t->num == NUM_DEC || t->d == 0 ||
                (fabs(t->d) >= 1e-6 && fabs(t->d) < 1e6))) {
      /* XPath: a decimal, or a double in [1e-6, 1e6), without exponent
       * and without a fraction when whole */
      snprintf(b, sizeof b, "%.15g", t->d);
      if (strchr(b, 'e'))
        snprintf(b, sizeof b, "%.6f", t->d);
      if (strchr(b, '.')) {
        size_t n = strlen(b);
        while (n > 0 && b[n - 1] == '0')
          b[--n] = '\0';
        if (n > 0 && b[n - 1] == '.')
          b[--n] = '\0';
      }
      if (!strcmp(b, "-0"))
        strcpy(b, "0");
    } else if (t->num) {
      sq_id v = sq_double(c, t->d, NUM_DOUBLE);
      return v ? sq_string(c, T(c, v)->lex, T(c, v)->len, NULL,
                           SQ_XSD "string")
               : 0;
    } else if (t->isbool) {
      strcpy(b, t->boolv ? "true" : "false");
    } else {
      return sq_string(c, t->lex, t->len, NULL, SQ_XSD "string");
    }
    return sq_string(c, b, strlen(b), NULL, SQ_XSD "string");
  }
  if (t->kind == SQ_IRI)
    return 0;
  if (t->lang)
    return 0;
  int num = dt_is(dt, "integer")   ? NUM_INT
            : dt_is(dt, "decimal") ? NUM_DEC
            : dt_is(dt, "float")   ? NUM_FLOAT
            : dt_is(dt, "double")  ? NUM_DOUBLE
                                   : NUM_NONE;
  if (num) {
    if (t->num) {
      if (num == NUM_INT || num == NUM_DEC) {
        if (!isfinite(t->d))
          return 0;
        if (num == NUM_INT)
          return t->num == NUM_INT ? sq_int(c, t->i)
                                   : sq_int(c, (long long)trunc(t->d));
      }
      return sq_double(c, t->d, num);
    }
    if (t->isbool)
      return num == NUM_INT ? sq_int(c, t->boolv)
                            : sq_double(c, t->boolv ? 1.0 : 0.0, num);
    if (!plain(c, a))
      return 0;
    sq_id v = sq_string(c, t->lex, t->len, NULL, dt);
    return v && T(c, v)->num ? v : 0;
  }
  if (dt_is(dt, "boolean")) {
    if (t->isbool)
      return sq_bool(c, t->boolv);
    if (t->num)
      return sq_bool(c, t->d != 0 && !isnan(t->d));
    if (!plain(c, a))
      return 0;
    sq_id v = sq_string(c, t->lex, t->len, NULL, dt);
    return v && T(c, v)->isbool ? sq_bool(c, T(c, v)->boolv) : 0;
  }
  if (dt_is(dt, "dateTime")) {
    if (!plain(c, a) && t->isdt != 1)
      return 0;
    sq_id v = sq_string(c, t->lex, t->len, NULL, dt);
    return v && T(c, v)->isdt == 1 ? v : 0;
  }
  return 0;
}

static sq_id make_iri(sq_ctx *c, sq_id a) {
  if (!a)
    return 0;
  const sq_term *t = T(c, a);
  if (t->kind == SQ_IRI)
    return a;
  if (!plain(c, a))
    return 0;
  if (!c->base || strchr(t->lex, ':'))
    return sq_intern(c, SQ_IRI, t->lex, t->len, NULL, NULL);
  raptor_world *rw = librdf_world_get_raptor(c->rdf);
  raptor_uri *base = raptor_new_uri(rw, (const unsigned char *)c->base);
  raptor_uri *u = base ? raptor_new_uri_relative_to_base(
                             rw, base, (const unsigned char *)t->lex)
                       : NULL;
  sq_id r = 0;
  if (u) {
    size_t n;
    const unsigned char *s = raptor_uri_as_counted_string(u, &n);
    r = sq_intern(c, SQ_IRI, (const char *)s, n, NULL, NULL);
    raptor_free_uri(u);
  }
  if (base)
    raptor_free_uri(base);
  return r;
}

static sq_id bnode(sq_ctx *c, sq_id a, int with_arg) {
  char b[80];
  if (with_arg) {
    if (!plain(c, a))
      return 0;
    uint64_t h = ng_hash64(T(c, a)->lex, T(c, a)->len);
    snprintf(b, sizeof b, "ngq%lus%016llx", c->row_serial,
             (unsigned long long)h);
  } else {
    snprintf(b, sizeof b, "ngq%lu", ++c->bnodes);
  }
  return sq_intern(c, SQ_BNODE, b, strlen(b), NULL, NULL);
}

/* ---- the evaluator ---- */

static sq_id compare(sq_ctx *c, sq_eop op, sq_id a, sq_id b) {
  int cmp;
  if (!a || !b || sq_compare(c, a, b, op == E_EQ || op == E_NE, &cmp))
    return 0;
  if (cmp == 2) /* NaN */
    return boolean(c, op == E_NE);
  switch (op) {
  case E_EQ:
    return boolean(c, cmp == 0);
  case E_NE:
    return boolean(c, cmp != 0);
  case E_LT:
    return boolean(c, cmp < 0);
  case E_GT:
    return boolean(c, cmp > 0);
  case E_LE:
    return boolean(c, cmp <= 0);
  default:
    return boolean(c, cmp >= 0);
  }
}

#define ARG(i) (i < e->nargs ? sq_eval(c, e->args[i], row) : 0)

sq_id sq_eval(sq_ctx *c, const sq_expr *e, const sq_id *row) {
  if (c->err)
    return 0;
  sq_id a, b;
  int x, y;
  switch (e->op) {
  case E_CONST:
    return e->konst;
  case E_VAR:
  case E_AGGREF:
    return row[e->var];
  case E_AND:
  case E_OR:
    x = sq_ebv(c, ARG(0));
    y = sq_ebv(c, ARG(1));
    if (e->op == E_AND) {
      if (x == 0 || y == 0)
        return boolean(c, 0);
      return x == 1 && y == 1 ? boolean(c, 1) : 0;
    }
    if (x == 1 || y == 1)
      return boolean(c, 1);
    return x == 0 && y == 0 ? boolean(c, 0) : 0;
  case E_NOT:
    x = sq_ebv(c, ARG(0));
    return x < 0 ? 0 : boolean(c, !x);
  case E_EQ:
  case E_NE:
  case E_LT:
  case E_GT:
  case E_LE:
  case E_GE:
    a = ARG(0);
    b = ARG(1);
    return compare(c, e->op, a, b);
  case E_NEG:
    return numeric_fn(c, E_NEG, ARG(0));
  case E_POS:
    a = ARG(0);
    return a && T(c, a)->num ? a : 0;
  case E_ADD:
  case E_SUB:
  case E_MUL:
  case E_DIV:
    a = ARG(0);
    b = ARG(1);
    return arith(c, e->op, a, b);
  case E_BOUND:
    return boolean(c, ARG(0) != 0);
  case E_STR:
    a = ARG(0);
    if (!a || T(c, a)->kind == SQ_BNODE)
      return 0;
    return sq_string(c, T(c, a)->lex, T(c, a)->len, NULL, NULL);
  case E_LANG:
    a = ARG(0);
    if (!is_lit(c, a))
      return 0;
    return T(c, a)->lang
               ? sq_string(c, T(c, a)->lang, strlen(T(c, a)->lang), NULL,
                           NULL)
               : sq_string(c, "", 0, NULL, NULL);
  case E_DATATYPE: {
    a = ARG(0);
    if (!is_lit(c, a))
      return 0;
    const char *dt = T(c, a)->lang ? SQ_RDF_LANGSTRING
                     : T(c, a)->dt ? T(c, a)->dt
                                   : SQ_XSD "string";
    return sq_intern(c, SQ_IRI, dt, strlen(dt), NULL, NULL);
  }
  case E_ISIRI:
    a = ARG(0);
    return a ? boolean(c, T(c, a)->kind == SQ_IRI) : 0;
  case E_ISBLANK:
    a = ARG(0);
    return a ? boolean(c, T(c, a)->kind == SQ_BNODE) : 0;
  case E_ISLITERAL:
    a = ARG(0);
    return a ? boolean(c, T(c, a)->kind == SQ_LIT) : 0;
  case E_ISNUMERIC:
    a = ARG(0);
    return a ? boolean(c, T(c, a)->num != 0) : 0;
  case E_LANGMATCHES:
    a = ARG(0);
    b = ARG(1);
    return langmatches(c, a, b);
  case E_REGEX:
    a = ARG(0);
    b = ARG(1);
    return do_regex(c, a, b, e->nargs > 2 ? ARG(2) : 0);
  case E_REPLACE: {
    a = ARG(0);
    b = ARG(1);
    sq_id r = ARG(2);
    if (e->nargs > 3) {
      sq_id f = ARG(3);
      return f ? do_replace(c, a, b, r, f) : 0;
    }
    return do_replace(c, a, b, r, 0);
  }
  case E_SAMETERM:
    a = ARG(0);
    b = ARG(1);
    return a && b ? boolean(c, a == b) : 0;
  case E_COALESCE:
    for (size_t i = 0; i < e->nargs; i++)
      if ((a = ARG(i)) != 0)
        return a;
    return 0;
  case E_IF:
    x = sq_ebv(c, ARG(0));
    return x < 0 ? 0 : x ? ARG(1) : ARG(2);
  case E_IRI:
    return make_iri(c, ARG(0));
  case E_STRLANG:
    a = ARG(0);
    b = ARG(1);
    if (!plain(c, a) || !plain(c, b) || !T(c, b)->len)
      return 0;
    return sq_string(c, T(c, a)->lex, T(c, a)->len, T(c, b)->lex, NULL);
  case E_STRDT:
    a = ARG(0);
    b = ARG(1);
    if (!plain(c, a) || !b || T(c, b)->kind != SQ_IRI)
      return 0;
    return sq_string(c, T(c, a)->lex, T(c, a)->len, NULL, T(c, b)->lex);
  case E_BNODE:
    return bnode(c, e->nargs ? ARG(0) : 0, e->nargs > 0);
  case E_IN:
  case E_NOTIN: {
    a = ARG(0);
    if (!a)
      return 0;
    int err = 0;
    for (size_t i = 1; i < e->nargs; i++) {
      sq_id r = compare(c, E_EQ, a, ARG(i));
      if (!r)
        err = 1;
      else if (sq_ebv(c, r) == 1)
        return boolean(c, e->op == E_IN);
    }
    return err ? 0 : boolean(c, e->op == E_NOTIN);
  }
  case E_YEAR:
  case E_MONTH:
  case E_DAY:
  case E_HOURS:
  case E_MINUTES:
  case E_SECONDS:
  case E_TIMEZONE:
  case E_TZ:
    return date_part(c, e->op, ARG(0));
  case E_NOW:
    return c->now;
  case E_CONCAT:
    return concat(c, e, row);
  case E_STRLEN:
    a = ARG(0);
    return strlit(c, a) ? sq_int(c, (long long)ng_utf8_count(T(c, a)->lex,
                                                             T(c, a)->len))
                        : 0;
  case E_SUBSTR:
    a = ARG(0);
    b = ARG(1);
    return substr(c, a, b, e->nargs > 2 ? ARG(2) : 0);
  case E_UCASE:
  case E_LCASE:
    return case_map(c, ARG(0), e->op == E_UCASE);
  case E_STRSTARTS:
  case E_STRENDS:
  case E_CONTAINS:
  case E_STRBEFORE:
  case E_STRAFTER:
    a = ARG(0);
    b = ARG(1);
    return str_test(c, e->op, a, b);
  case E_ENCODE:
    return encode_for_uri(c, ARG(0));
  case E_ABS:
  case E_ROUND:
  case E_CEIL:
  case E_FLOOR:
    return numeric_fn(c, e->op, ARG(0));
  case E_MD5:
    return digest(c, "MD5", ARG(0));
  case E_SHA1:
    return digest(c, "SHA1", ARG(0));
  case E_RAND:
    return sq_double(c, (double)rand() / ((double)RAND_MAX + 1.0),
                     NUM_DOUBLE);
  case E_CAST:
    return cast(c, e->cast, ARG(0));
  case E_EXISTS:
  case E_NOTEXISTS: {
    int found = sq_exists(c, e->pat, row);
    if (found < 0)
      return 0;
    return sq_bool(c, e->op == E_EXISTS ? found : !found);
  }
  case E_SHA256:
  case E_COUNT:
  case E_SUM:
  case E_AVG:
  case E_MIN:
  case E_MAX:
  case E_SAMPLE:
  case E_GROUP_CONCAT:
  default:
    return 0;
  }
}

sq_id sq_arith(sq_ctx *c, sq_eop op, sq_id a, sq_id b) {
  return arith(c, op, a, b);
}

void sq_regex_free(sq_ctx *c) {
  if (c->re_code)
    pcre2_code_free(c->re_code);
  c->re_code = NULL;
}
