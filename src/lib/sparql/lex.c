/* lex.c - the tokens of a SPARQL 1.1 query (the terminals of the
 * grammar, section 19.8 of the recommendation).
 *
 * Strings and IRIs come out with their escapes decoded (ECHAR, UCHAR);
 * a \u escape outside a string or an IRI is an error (the codepoint
 * escapes of the recommendation are only meaningful there: a query that
 * spells a keyword with them is rejected).  Names are ASCII letters,
 * digits, '_' and '-', and any byte of a multi-byte UTF-8 character. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sq.h"

static int letter(int ch) {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}
static int digit(int ch) { return ch >= '0' && ch <= '9'; }
static int hexdig(int ch) {
  return digit(ch) || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F');
}
/* PN_CHARS_BASE (ASCII letters and non-ASCII characters) */
static int pn_base(int ch) { return letter(ch) || (ch & 0x80); }
/* PN_CHARS */
static int pn_char(int ch) {
  return pn_base(ch) || digit(ch) || ch == '_' || ch == '-';
}

static int fail(sq_lexer *l, const char *what) {
  if (!l->err[0])
    snprintf(l->err, sizeof l->err, "%s", what);
  l->tok.type = T_ERROR;
  return -1;
}

static int hexval(int ch) {
  return digit(ch) ? ch - '0' : (ch | 0x20) - 'a' + 10;
}

/* Appends code point CP as UTF-8; -1 for a surrogate or beyond U+10FFFF */
static int put_cp(ng_buf *b, unsigned long cp) {
  char u[4];
  size_t n;
  if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
    return -1;
  if (cp < 0x80) {
    u[0] = (char)cp;
    n = 1;
  } else if (cp < 0x800) {
    u[0] = (char)(0xC0 | (cp >> 6));
    u[1] = (char)(0x80 | (cp & 0x3F));
    n = 2;
  } else if (cp < 0x10000) {
    u[0] = (char)(0xE0 | (cp >> 12));
    u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    u[2] = (char)(0x80 | (cp & 0x3F));
    n = 3;
  } else {
    u[0] = (char)(0xF0 | (cp >> 18));
    u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    u[3] = (char)(0x80 | (cp & 0x3F));
    n = 4;
  }
  return ng_buf_add(b, u, n) ? -1 : 0;
}

/* \uXXXX or \UXXXXXXXX at P (P[0] == '\\'); the bytes used, 0 if none */
static size_t uchar(sq_lexer *l, const char *p, ng_buf *b) {
  size_t n = p[1] == 'u' ? 4 : p[1] == 'U' ? 8 : 0;
  if (!n)
    return 0;
  unsigned long cp = 0;
  for (size_t i = 0; i < n; i++) {
    if (!hexdig((unsigned char)p[2 + i]))
      return fail(l, "a bad \\u escape"), 0;
    cp = cp * 16 + (unsigned long)hexval((unsigned char)p[2 + i]);
  }
  if (put_cp(b, cp))
    return fail(l, "an escape of an invalid code point"), 0;
  return n + 2;
}

static int set_text(sq_lexer *l, const char *s, size_t n) {
  l->tok.text = ng_arena_strndup(l->arena, s, n);
  l->tok.len = n;
  return l->tok.text ? 0 : fail(l, "out of memory");
}

static int string(sq_lexer *l, const char *p) {
  char q = *p;
  int longq = p[1] == q && p[2] == q;
  const char *s = p + (longq ? 3 : 1);
  ng_buf_reset(&l->buf);
  for (;;) {
    if (!*s)
      return fail(l, "a string without its closing quote");
    if (longq && s[0] == q && s[1] == q && s[2] == q) {
      s += 3;
      break;
    }
    if (!longq && *s == q) {
      s++;
      break;
    }
    if (!longq && (*s == '\n' || *s == '\r'))
      return fail(l, "a line break in a short string");
    if (*s == '\\') {
      static const char from[] = "tbnrf\"'\\", to[] = "\t\b\n\r\f\"'\\";
      const char *e = s[1] ? strchr(from, s[1]) : NULL;
      if (e) {
        if (ng_buf_addc(&l->buf, to[e - from]))
          return fail(l, "out of memory");
        s += 2;
        continue;
      }
      size_t k = uchar(l, s, &l->buf);
      if (!k)
        return fail(l, "a bad escape in a string");
      s += k;
      continue;
    }
    if (*s == '\n')
      l->line++;
    if (ng_buf_addc(&l->buf, *s))
      return fail(l, "out of memory");
    s++;
  }
  l->tok.type = T_STR;
  l->end = s;
  return set_text(l, l->buf.s ? l->buf.s : "", l->buf.len);
}

/* an IRIREF at P ('<'); 0 with the token set, 1 when P is not one */
static int iriref(sq_lexer *l, const char *p) {
  const char *s = p + 1;
  ng_buf_reset(&l->buf);
  while (*s != '>') {
    unsigned char ch = (unsigned char)*s;
    if (!ch || ch <= 0x20 || strchr("<\"{}|^`", ch))
      return 1;
    if (ch == '\\') {
      size_t k = uchar(l, s, &l->buf);
      if (!k)
        return l->tok.type == T_ERROR ? -1 : 1;
      s += k;
      continue;
    }
    if (ng_buf_addc(&l->buf, (char)ch))
      return fail(l, "out of memory");
    s++;
  }
  l->tok.type = T_IRI;
  l->end = s + 1;
  return set_text(l, l->buf.s ? l->buf.s : "", l->buf.len);
}

/* PN_LOCAL at S: its decoded form into l->buf; the end */
static const char *pn_local(sq_lexer *l, const char *s) {
  const char *last_ok = s;
  size_t keep = 0;
  ng_buf_reset(&l->buf);
  int first = 1;
  for (;;) {
    unsigned char ch = (unsigned char)*s;
    if (ch == '%' && hexdig((unsigned char)s[1]) &&
        hexdig((unsigned char)s[2])) {
      if (ng_buf_add(&l->buf, s, 3))
        return NULL;
      s += 3;
    } else if (ch == '\\' && s[1] && strchr("_~.-!$&'()*+,;=/?#@%", s[1])) {
      if (ng_buf_addc(&l->buf, s[1]))
        return NULL;
      s += 2;
    } else if (pn_char(ch) || ch == ':' || (first && digit(ch)) ||
               (!first && ch == '.')) {
      if (ng_buf_addc(&l->buf, (char)ch))
        return NULL;
      s++;
    } else {
      break;
    }
    first = 0;
    if (s[-1] != '.' || (s - 1 > last_ok && s[-2] == '\\')) {
      last_ok = s;
      keep = l->buf.len;
    }
  }
  /* a local name does not end with '.' */
  l->buf.len = keep;
  return last_ok;
}

static int number(sq_lexer *l, const char *p) {
  const char *s = p;
  int type = T_INT;
  while (digit(*s))
    s++;
  if (*s == '.' && digit(s[1])) {
    type = T_DEC;
    s++;
    while (digit(*s))
      s++;
  } else if (*s == '.' && (s[1] == 'e' || s[1] == 'E') && s > p) {
    s++; /* 1.e5 */
  }
  if ((*s == 'e' || *s == 'E') &&
      (digit(s[1]) || ((s[1] == '+' || s[1] == '-') && digit(s[2])))) {
    type = T_DBL;
    s += 2;
    while (digit(*s))
      s++;
  } else if (s[-1] == '.') {
    s--;
  }
  l->tok.type = type;
  l->end = s;
  return set_text(l, p, (size_t)(s - p));
}

int sq_lex_next(sq_lexer *l) {
  const char *p = l->end;
  if (l->tok.type == T_ERROR)
    return -1;
  for (;;) {
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') {
      if (*p == '\n')
        l->line++;
      p++;
    }
    if (*p != '#')
      break;
    while (*p && *p != '\n')
      p++;
  }
  l->tok.start = p;
  l->tok.line = l->line;
  l->tok.text = NULL;
  l->tok.len = 0;
  l->tok.ns_len = 0;
  unsigned char ch = (unsigned char)*p;
  if (!ch) {
    l->tok.type = T_EOF;
    l->end = p;
    return 0;
  }
  if (ch == '"' || ch == '\'')
    return string(l, p);
  if (ch == '<') {
    int r = iriref(l, p);
    if (r <= 0)
      return r;
  }
  if (digit(ch) || (ch == '.' && digit((unsigned char)p[1])))
    return number(l, p);
  /* VARNAME: PN_CHARS without '-' ("?a-?b" is a subtraction) */
  if ((ch == '?' || ch == '$') &&
      ((pn_char((unsigned char)p[1]) && p[1] != '-') ||
       digit((unsigned char)p[1]))) {
    const char *s = p + 1;
    while ((pn_char((unsigned char)*s) && *s != '-') ||
           digit((unsigned char)*s))
      s++;
    if (*s == ':')
      return fail(l, "a variable followed by ':'");
    l->tok.type = T_VAR;
    l->end = s;
    return set_text(l, p + 1, (size_t)(s - p - 1));
  }
  if (ch == '@' && letter((unsigned char)p[1])) {
    const char *s = p + 1;
    while (letter((unsigned char)*s))
      s++;
    while (*s == '-' && (letter((unsigned char)s[1]) ||
                         digit((unsigned char)s[1]))) {
      s++;
      while (letter((unsigned char)*s) || digit((unsigned char)*s))
        s++;
    }
    l->tok.type = T_LANG;
    l->end = s;
    if (set_text(l, p + 1, (size_t)(s - p - 1)))
      return -1;
    /* language tags compare without case: kept in lower case */
    for (char *c = (char *)l->tok.text; *c; c++)
      if (*c >= 'A' && *c <= 'Z')
        *c = (char)(*c + 32);
    return 0;
  }
  if (ch == '_' && p[1] == ':') {
    const char *s = p + 2;
    if (!(pn_char((unsigned char)*s) || digit((unsigned char)*s)))
      return fail(l, "an empty blank node label");
    while (pn_char((unsigned char)*s) || digit((unsigned char)*s) ||
           (*s == '.' && (pn_char((unsigned char)s[1]) ||
                          digit((unsigned char)s[1]))))
      s++;
    if (*s == ':')
      return fail(l, "a blank node label followed by ':'");
    l->tok.type = T_BNODE;
    l->end = s;
    return set_text(l, p + 2, (size_t)(s - p - 2));
  }
  if (pn_base(ch) || ch == ':') {
    /* a keyword, or a prefixed name PN_PREFIX? ':' PN_LOCAL? */
    const char *s = p;
    if (ch != ':') {
      s++;
      while (pn_char((unsigned char)*s) ||
             (*s == '.' && (pn_char((unsigned char)s[1]))))
        s++;
    }
    if (*s != ':') {
      s = p; /* a keyword or 'a': letters, digits, '_' and '-' only */
      while (pn_char((unsigned char)*s))
        s++;
      l->tok.type = T_NAME;
      l->end = s;
      return set_text(l, p, (size_t)(s - p));
    }
    size_t ns = (size_t)(s - p);
    const char *e = pn_local(l, s + 1);
    if (!e)
      return fail(l, "out of memory");
    char *full = ng_arena_alloc(l->arena, ns + l->buf.len + 1);
    if (!full)
      return fail(l, "out of memory");
    memcpy(full, p, ns);
    if (l->buf.len)
      memcpy(full + ns, l->buf.s, l->buf.len);
    full[ns + l->buf.len] = '\0';
    l->tok.type = T_PNAME;
    l->tok.text = full;
    l->tok.len = ns + l->buf.len;
    l->tok.ns_len = ns;
    l->end = e;
    return 0;
  }
  if (ch == '[' || ch == '(') {
    const char *s = p + 1;
    int lines = 0;
    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
      lines += *s++ == '\n';
    if (*s == (ch == '[' ? ']' : ')')) {
      l->tok.type = ch == '[' ? T_ANON : T_NIL;
      l->line += lines;
      l->end = s + 1;
      return 0;
    }
  }
  static const char *const two[] = {"^^", "!=", "<=", ">=", "&&", "||"};
  for (size_t i = 0; i < NG_ARRAY_LEN(two); i++)
    if (p[0] == two[i][0] && p[1] == two[i][1]) {
      l->tok.type = T_PUNCT;
      l->end = p + 2;
      return set_text(l, p, 2);
    }
  if (strchr("{}()[].,;*/|^?!=<>+-", ch)) {
    l->tok.type = T_PUNCT;
    l->end = p + 1;
    return set_text(l, p, 1);
  }
  if (ch == '\\')
    return fail(l, "a \\ escape outside a string or an IRI");
  return fail(l, "a character that starts no token");
}

void sq_lex_init(sq_lexer *l, ng_arena *a, const char *text) {
  memset(l, 0, sizeof *l);
  l->arena = a;
  l->end = text;
  l->line = 1;
  ng_buf_init(&l->buf, 64u * 1024u * 1024u);
}

void sq_lex_free(sq_lexer *l) { ng_buf_free(&l->buf); }

/* ---- one reading of a query for the other paths (sparql.h) ---- */

static ng_query_token_kind outline_kind(const sq_token *t) {
  switch (t->type) {
  case T_IRI:
    return NG_QTOK_IRI;
  case T_PNAME:
    return NG_QTOK_PNAME;
  case T_BNODE:
    return NG_QTOK_BNODE;
  case T_VAR:
    return NG_QTOK_VAR;
  case T_LANG:
    return NG_QTOK_LANG;
  case T_INT:
  case T_DEC:
  case T_DBL:
    return NG_QTOK_NUMBER;
  case T_STR:
    return NG_QTOK_STRING;
  case T_NAME:
    return NG_QTOK_WORD;
  case T_ANON:
    return NG_QTOK_ANON;
  case T_NIL:
    return NG_QTOK_NIL;
  case T_PUNCT:
  default:
    return NG_QTOK_PUNCT;
  }
}

int ng_sparql_tok_is_word(const ng_sparql_outline *o, const char *query,
                          size_t i, const char *w) {
  if (i >= o->n || o->toks[i].kind != NG_QTOK_WORD)
    return 0;
  size_t n = strlen(w);
  return o->toks[i].e - o->toks[i].b == n &&
         !strncasecmp(query + o->toks[i].b, w, n);
}

/* form, form_at and service of O, from its tokens */
static void outline_form(ng_sparql_outline *o, const char *query) {
  size_t i = 0;
  for (;;) {
    if (ng_sparql_tok_is_word(o, query, i, "PREFIX"))
      i += 3; /* PREFIX p: <iri> */
    else if (ng_sparql_tok_is_word(o, query, i, "BASE"))
      i += 2;
    else
      break;
  }
  o->form_at = o->n;
  if (i < o->n && o->toks[i].kind == NG_QTOK_WORD) {
    o->form_at = i;
    size_t n = o->toks[i].e - o->toks[i].b, k;
    for (k = 0; k < n && k + 1 < sizeof o->form; k++) {
      char ch = query[o->toks[i].b + k];
      o->form[k] = (char)(ch >= 'a' && ch <= 'z' ? ch - 32 : ch);
    }
    o->form[k] = '\0';
  }
  o->service = o->n;
  for (size_t j = 0; j < o->n && o->service == o->n; j++)
    if (ng_sparql_tok_is_word(o, query, j, "SERVICE"))
      o->service = j;
}

ng_status ng_sparql_read_outline(const char *query, ng_sparql_outline *o,
                                 long *line, char *why, size_t why_len) {
  memset(o, 0, sizeof *o);
  *line = 0;
  if (why && why_len)
    why[0] = '\0';
  ng_arena arena;
  ng_arena_init(&arena, 0);
  sq_lexer l;
  sq_lex_init(&l, &arena, query);
  ng_vec toks = {0};
  ng_status st = NG_OK;
  for (;;) {
    if (sq_lex_next(&l)) {
      /* the lexer's own failure to allocate says so in its message */
      st = strstr(l.err, "out of memory") ? NG_ERR_NOMEM : NG_ERR_QUERY;
      *line = l.line;
      if (why && why_len)
        snprintf(why, why_len, "%s", l.err);
      break;
    }
    if (l.tok.type == T_EOF)
      break;
    ng_sparql_token *t = ng_vec_push(&toks, sizeof *t, NG_SPARQL_MAX_TOKENS);
    if (!t) {
      st = toks.n >= NG_SPARQL_MAX_TOKENS ? NG_ERR_LIMIT : NG_ERR_NOMEM;
      break;
    }
    t->kind = outline_kind(&l.tok);
    t->b = (size_t)(l.tok.start - query);
    t->e = (size_t)(l.end - query);
    t->line = l.tok.line;
    /* the arena keeps decoded texts nobody here reads: start again */
    if (arena.used_total > (1u << 20))
      ng_arena_reset(&arena);
  }
  sq_lex_free(&l);
  ng_arena_free(&arena);
  o->toks = toks.items;
  o->n = toks.n;
  if (!st || st == NG_ERR_QUERY)
    outline_form(o, query); /* from the tokens before an error */
  return st;
}

void ng_sparql_outline_free(ng_sparql_outline *o) {
  if (!o)
    return;
  free(o->toks);
  o->toks = NULL;
  o->n = 0;
}
