/* ntriples.c - N-Triples and N-Quads without raptor (see ntriples.h).
 *
 * Escaping follows raptor 2.0.15 byte for byte:
 *   literals: \" \\ \t \n \r; other C0 controls and DEL as \u00XX;
 *             printable ASCII as is; every other character as \uXXXX
 *             (\UXXXXXXXX above the BMP), upper case hex.
 *   IRIs:     \\ for a backslash; #x00-#x20 < > " { } | ^ ` and DEL as
 *             \u00XX; non-ASCII as \uXXXX / \UXXXXXXXX.
 * The IRIs the library mints are plain ASCII with none of those, so an
 * IRI is normally copied in one memcpy after a scan. */
#include "ntriples.h"

/* What a byte needs.  0: copy as is; 1: a backslash escape of its own
 * (\" \\ \t \n \r); 2: \u00XX; 3: start of a multi-byte character. */
enum { K_COPY = 0, K_BS, K_U, K_MB };

/* The classes of each byte, 0-127 by the rules above, 128-255 K_MB.
 * Constant tables: callers in several threads share them. */
static const unsigned char lit_class[256] = {
    2,2,2,2,2,2,2,2,2,1,1,2,2,1,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,
    0,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
    0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1,0,0,0,
    0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,2,
    3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,
    3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,
    3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,
    3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,
};
static const unsigned char iri_class[256] = {
    2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,
    2,0,2,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,2,0,2,0,
    0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1,0,2,0,
    2,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,2,2,2,0,2,
    3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,
    3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,
    3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,
    3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,
};

static const char hex[] = "0123456789ABCDEF";

static char *put_hex(char *o, uint32_t v, int digits) {
  for (int k = digits - 1; k >= 0; k--)
    *o++ = hex[(v >> (4 * k)) & 0xf];
  return o;
}

/* Output per input byte is at most 6 bytes (\u00XX for one byte; a
 * multi-byte character never grows more), so room for 6 * CHUNK + 16
 * bytes always holds the escapes of one chunk of input. */
#define ESC_CHUNK 16384u
#define ESC_ROOM(n) (6 * (n) + 16)

/* Writes the bytes of S [*I, N) escaped by CLASS into O, stopping once
 * *I reaches LIMIT (a character is never split); returns the end, or
 * NULL on bad UTF-8. */
static char *escape(char *o, const unsigned char *s, size_t n, size_t *ip,
                    size_t limit, const unsigned char *cls) {
  size_t i = *ip;
  if (limit > n)
    limit = n;
  while (i < limit) {
    /* eight plain bytes at a time: the common case */
    while (limit - i >= 8 &&
           !(cls[s[i]] | cls[s[i + 1]] | cls[s[i + 2]] | cls[s[i + 3]] |
             cls[s[i + 4]] | cls[s[i + 5]] | cls[s[i + 6]] | cls[s[i + 7]])) {
      memcpy(o, s + i, 8);
      o += 8;
      i += 8;
    }
    if (i >= limit)
      break;
    unsigned char c = s[i];
    switch (cls[c]) {
    case K_COPY:
      *o++ = (char)c;
      i++;
      break;
    case K_BS:
      *o++ = '\\';
      *o++ = c == '\t' ? 't' : c == '\n' ? 'n' : c == '\r' ? 'r' : (char)c;
      i++;
      break;
    case K_U:
      *o++ = '\\';
      *o++ = 'u';
      o = put_hex(o, c, 4);
      i++;
      break;
    case K_MB: {
      uint32_t cp;
      size_t k = ng_utf8_seq(s + i, n - i, &cp);
      if (!k)
        return NULL;
      *o++ = '\\';
      if (cp < 0x10000) {
        *o++ = 'u';
        o = put_hex(o, cp, 4);
      } else {
        *o++ = 'U';
        o = put_hex(o, cp, 8);
      }
      i += k;
      break;
    }
    default:
      *o++ = (char)c;
      i++;
      break;
    }
  }
  *ip = i;
  return o;
}

/* Room for N more bytes in B (inline: called several times a term). */
static inline char *room(ng_buf *b, size_t n) {
  if (b->s && b->cap - b->len > n)
    return b->s + b->len;
  return ng_buf_reserve(b, n);
}

static ng_status nomem(const ng_buf *b) {
  return b->max ? NG_ERR_LIMIT : NG_ERR_NOMEM;
}

/* OPEN, the N bytes at S escaped, CLOSE.  Long values go in chunks, so
 * the buffer never needs six times a whole article at once. */
static ng_status put_escaped(ng_buf *b, char open, const char *s, size_t n,
                             char close, const unsigned char *cls) {
  const unsigned char *u = (const unsigned char *)s;
  char *o = room(b, ESC_ROOM(NG_MIN(n, ESC_CHUNK)));
  if (!o)
    return nomem(b);
  *o++ = open;
  size_t i = 0;
  for (;;) {
    o = escape(o, u, n, &i, i + ESC_CHUNK, cls);
    if (!o)
      return NG_ERR_INPUT;
    if (i >= n)
      break;
    b->len = (size_t)(o - b->s);
    o = room(b, ESC_ROOM(NG_MIN(n - i, ESC_CHUNK)));
    if (!o)
      return nomem(b);
  }
  *o++ = close;
  b->len = (size_t)(o - b->s);
  return NG_OK;
}

/* A few bytes of syntax. */
static ng_status put_raw(ng_buf *b, const char *s, size_t n) {
  char *o = room(b, n);
  if (!o)
    return nomem(b);
  memcpy(o, s, n);
  b->len += n;
  return NG_OK;
}

ng_status ng_nt_term(ng_buf *b, const ng_term *t) {
  ng_status st;
  switch (t->kind) {
  case NG_TERM_IRI:
    return put_escaped(b, '<', t->value, t->len, '>', iri_class);
  case NG_TERM_BLANK:
    st = put_raw(b, "_:", 2);
    return st ? st : put_raw(b, t->value, t->len);
  case NG_TERM_LITERAL:
    st = put_escaped(b, '"', t->value, t->len, '"', lit_class);
    if (!st && t->lang) {
      st = put_raw(b, "@", 1);
      if (!st)
        st = put_raw(b, t->lang, strlen(t->lang));
    }
    if (!st && t->datatype) {
      st = put_raw(b, "^^", 2);
      if (!st)
        st = put_escaped(b, '<', t->datatype, strlen(t->datatype), '>',
                         iri_class);
    }
    return st;
  default:
    return NG_ERR_ARG;
  }
}

/* One term into O, which has room for ESC_ROOM of its lengths; NULL on
 * bad UTF-8. */
static char *term_into(char *o, const ng_term *t, size_t dtl, size_t ll) {
  const unsigned char *v = (const unsigned char *)t->value;
  size_t i = 0;
  switch (t->kind) {
  case NG_TERM_IRI:
    *o++ = '<';
    o = escape(o, v, t->len, &i, t->len, iri_class);
    if (o)
      *o++ = '>';
    return o;
  case NG_TERM_BLANK:
    memcpy(o, "_:", 2);
    memcpy(o + 2, t->value, t->len);
    return o + 2 + t->len;
  case NG_TERM_LITERAL:
    *o++ = '"';
    o = escape(o, v, t->len, &i, t->len, lit_class);
    if (!o)
      return NULL;
    *o++ = '"';
    if (t->lang) {
      *o++ = '@';
      memcpy(o, t->lang, ll);
      o += ll;
    }
    if (t->datatype) {
      memcpy(o, "^^<", 3);
      i = 0;
      o = escape(o + 3, (const unsigned char *)t->datatype, dtl, &i, dtl,
                 iri_class);
      if (o)
        *o++ = '>';
    }
    return o;
  default:
    return NULL;
  }
}

ng_status ng_nt_statement(ng_buf *b, const ng_term *s, const ng_term *p,
                          const ng_term *o, const ng_term *g) {
  size_t dtl = o->datatype ? strlen(o->datatype) : 0;
  size_t ll = o->lang ? strlen(o->lang) : 0;
  size_t total = s->len + p->len + o->len + dtl + ll + (g ? g->len : 0);
  if (total < ESC_CHUNK) {
    /* the usual statement: room for all of it at once, then no checks */
    char *start = room(b, ESC_ROOM(total) + 16);
    if (!start)
      return nomem(b);
    char *q = term_into(start, s, 0, 0);
    if (q) {
      *q++ = ' ';
      q = term_into(q, p, 0, 0);
    }
    if (q) {
      *q++ = ' ';
      q = term_into(q, o, dtl, ll);
    }
    if (q && g) {
      *q++ = ' ';
      q = term_into(q, g, 0, 0);
    }
    if (q) {
      memcpy(q, " .\n", 3);
      b->len = (size_t)(q + 3 - b->s);
      b->s[b->len] = '\0';
      return NG_OK;
    }
    /* bad UTF-8 or an unknown kind: the path below says which */
  }
  size_t mark = b->len;
  ng_status st = ng_nt_term(b, s);
  if (!st)
    st = put_raw(b, " ", 1);
  if (!st)
    st = ng_nt_term(b, p);
  if (!st)
    st = put_raw(b, " ", 1);
  if (!st)
    st = ng_nt_term(b, o);
  if (!st && g) {
    st = put_raw(b, " ", 1);
    if (!st)
      st = ng_nt_term(b, g);
  }
  if (!st)
    st = put_raw(b, " .\n", 3);
  if (st)
    b->len = mark; /* no half line */
  if (b->s)
    b->s[b->len] = '\0';
  return st;
}
