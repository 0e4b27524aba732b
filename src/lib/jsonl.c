/* jsonl.c - JSON Lines input: one article per line.  Lines are read into
 * a reused buffer capped at NG_MAX_JSONL_LINE, so memory stays flat
 * however long the file; a line over the cap is skipped whole (its
 * remaining bytes are drained) and reported, never truncated silently. */
#include <jansson.h>
#include <stdlib.h>

#include "internal.h"

struct ng_jsonl_reader {
  ng_world *world;
  FILE *fp;
  ng_buf line;
  ng_buf scratch; /* decoded strings of the fast path */
  long lineno;
};

ng_status ng_jsonl_reader_new(ng_world *w, FILE *fp, ng_jsonl_reader **out) {
  *out = NULL;
  if (!fp)
    return NG_ERR_ARG;
  ng_jsonl_reader *r = calloc(1, sizeof *r);
  if (!r)
    return NG_ERR_NOMEM;
  r->world = w;
  r->fp = fp;
  ng_buf_init(&r->line, NG_MAX_JSONL_LINE);
  ng_buf_init(&r->scratch, 0);
  *out = r;
  return NG_OK;
}

void ng_jsonl_reader_free(ng_jsonl_reader *r) {
  if (!r)
    return;
  ng_buf_free(&r->line);
  ng_buf_free(&r->scratch);
  free(r);
}

long ng_jsonl_reader_line(const ng_jsonl_reader *r) { return r->lineno; }

/* Reads one line (without its newline) into r->line.  Returns NG_OK,
 * NG_ERR_LIMIT (line too long: drained), NG_ERR_IO, or -1 at EOF. */
static int read_line(ng_jsonl_reader *r) {
  ng_buf_reset(&r->line);
  int c, any = 0, over = 0;
  char chunk[4096];
  size_t k = 0;
  while ((c = getc_unlocked(r->fp)) != EOF) {
    any = 1;
    if (c == '\n')
      break;
    if (over)
      continue;
    chunk[k++] = (char)c;
    if (k == sizeof chunk) {
      if (ng_buf_add(&r->line, chunk, k))
        over = 1;
      k = 0;
    }
  }
  if (ferror(r->fp))
    return NG_ERR_IO;
  if (!any)
    return -1;
  r->lineno++;
  if (!over && k && ng_buf_add(&r->line, chunk, k))
    over = 1;
  if (over)
    return NG_ERR_LIMIT;
  if (!r->line.s) {
    ng_status st = ng_buf_add(&r->line, "", 0);
    if (st)
      return st;
  }
  return NG_OK;
}

static ng_status set_from_json(ng_world *w, ng_article *a, ng_field f,
                               json_t *v, const char *name, long line) {
  if (!v || json_is_null(v))
    return NG_OK;
  if (json_is_string(v))
    return ng_article_set(w, a, f, json_string_value(v),
                          json_string_length(v));
  if (f == NG_FIELD_ID && json_is_integer(v)) {
    char tmp[32];
    int n = snprintf(tmp, sizeof tmp, "%" JSON_INTEGER_FORMAT,
                     json_integer_value(v));
    return ng_article_set(w, a, f, tmp, (size_t)n);
  }
  if (w)
    ng_log(w, NG_LOG_ERROR, NG_ERR_INPUT, "jsonl", line, 0,
           "field \"%s\" must be a string", name);
  return NG_ERR_INPUT;
}

static ng_status parse_record(ng_world *w, const char *json, size_t len,
                              long line, ng_article **out) {
  *out = NULL;
  json_error_t err;
  /* JSON_ALLOW_NUL is off: a \u0000 escape is rejected by jansson. */
  json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &err);
  if (!root) {
    if (w)
      ng_log(w, NG_LOG_ERROR, NG_ERR_INPUT, "jsonl", line, err.column,
             "not a JSON object: %s", err.text);
    return NG_ERR_INPUT;
  }
  ng_status st = NG_OK;
  ng_article *a = NULL;
  if (!json_is_object(root)) {
    if (w)
      ng_log(w, NG_LOG_ERROR, NG_ERR_INPUT, "jsonl", line, 0,
             "a record must be a JSON object");
    st = NG_ERR_INPUT;
    goto done;
  }
  json_t *text = json_object_get(root, "text");
  json_t *id = json_object_get(root, "id");
  if (!text || !json_is_string(text) || !id || json_is_null(id)) {
    if (w)
      ng_log(w, NG_LOG_ERROR, NG_ERR_INPUT, "jsonl", line, 0,
             "a record needs \"id\" and a string \"text\"");
    st = NG_ERR_INPUT;
    goto done;
  }
  a = ng_article_new();
  if (!a) {
    st = NG_ERR_NOMEM;
    goto done;
  }
  static const struct {
    ng_field f;
    const char *name;
  } fields[] = {{NG_FIELD_ID, "id"},       {NG_FIELD_DATE, "date"},
                {NG_FIELD_URL, "url"},     {NG_FIELD_TITLE, "title"},
                {NG_FIELD_SOURCE, "source"}, {NG_FIELD_TEXT, "text"}};
  for (size_t i = 0; !st && i < NG_ARRAY_LEN(fields); i++)
    st = set_from_json(w, a, fields[i].f,
                       json_object_get(root, fields[i].name), fields[i].name,
                       line);
  if (!st && ng_article_get(a, NG_FIELD_ID, NULL)[0] == '\0') {
    if (w)
      ng_log(w, NG_LOG_ERROR, NG_ERR_INPUT, "jsonl", line, 0,
             "\"id\" is empty");
    st = NG_ERR_INPUT;
  }
done:
  json_decref(root);
  if (st)
    ng_article_free(a);
  else
    *out = a;
  return st;
}

/* ---- the fast path ----
 *
 * jansson builds a tree of every record and copies each string a byte at
 * a time; for the usual record (an object of strings, maybe an integer
 * id) a direct scan is several times faster.  It takes only what it can
 * answer exactly as jansson would: anything else (another type of value,
 * a duplicate key, an escape it does not decode, bad UTF-8, any syntax
 * error) makes it give up, and the record goes through jansson, which
 * then accepts or rejects it with its own message. */

typedef struct fstr {
  const char *s; /* in the line, or in the scratch buffer when decoded */
  size_t n;
  size_t off;    /* offset in the scratch buffer, or SIZE_MAX */
} fstr;

enum { FAST_OK = 0, FAST_GIVE_UP = 1 };

static const char *skip_ws(const char *p, const char *end) {
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
    p++;
  return p;
}

static int hex4(const char *p, uint32_t *v) {
  uint32_t x = 0;
  for (int i = 0; i < 4; i++) {
    char c = p[i];
    x <<= 4;
    if (c >= '0' && c <= '9')
      x |= (uint32_t)(c - '0');
    else if (c >= 'a' && c <= 'f')
      x |= (uint32_t)(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F')
      x |= (uint32_t)(c - 'A' + 10);
    else
      return 0;
  }
  *v = x;
  return 1;
}

static char *put_utf8(char *o, uint32_t cp) {
  if (cp < 0x80) {
    *o++ = (char)cp;
  } else if (cp < 0x800) {
    *o++ = (char)(0xC0 | (cp >> 6));
    *o++ = (char)(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    *o++ = (char)(0xE0 | (cp >> 12));
    *o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
    *o++ = (char)(0x80 | (cp & 0x3F));
  } else {
    *o++ = (char)(0xF0 | (cp >> 18));
    *o++ = (char)(0x80 | ((cp >> 12) & 0x3F));
    *o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
    *o++ = (char)(0x80 | (cp & 0x3F));
  }
  return o;
}

/* A string at *PP (just past its opening quote) into OUT; *PP moves past
 * the closing quote.  Escapes are decoded into SCRATCH, which has room
 * for the whole line. */
static int fast_string(const char **pp, const char *end, ng_buf *scratch,
                       fstr *out) {
  const char *p = *pp, *b = p;
  int high = 0;
  while (p < end && *p != '"' && *p != '\\' && (unsigned char)*p >= 0x20) {
    high |= (unsigned char)*p & 0x80;
    p++;
  }
  if (p >= end || (unsigned char)*p < 0x20)
    return FAST_GIVE_UP;
  if (*p == '"') {
    if (high && !ng_utf8_valid(b, (size_t)(p - b), NULL))
      return FAST_GIVE_UP;
    out->s = b;
    out->n = (size_t)(p - b);
    out->off = SIZE_MAX;
    *pp = p + 1;
    return FAST_OK;
  }
  /* escapes: decode the whole string into the scratch buffer */
  char *o0 = scratch->s + scratch->len, *o = o0;
  p = b;
  while (p < end && *p != '"') {
    unsigned char c = (unsigned char)*p;
    if (c < 0x20)
      return FAST_GIVE_UP;
    if (c != '\\') {
      *o++ = (char)c;
      p++;
      continue;
    }
    if (p + 1 >= end)
      return FAST_GIVE_UP;
    char e = p[1];
    p += 2;
    switch (e) {
    case '"': case '\\': case '/':
      *o++ = e;
      break;
    case 'b': *o++ = '\b'; break;
    case 'f': *o++ = '\f'; break;
    case 'n': *o++ = '\n'; break;
    case 'r': *o++ = '\r'; break;
    case 't': *o++ = '\t'; break;
    case 'u': {
      uint32_t cp, lo;
      if (end - p < 4 || !hex4(p, &cp))
        return FAST_GIVE_UP;
      p += 4;
      if (cp == 0 || (cp >= 0xDC00 && cp <= 0xDFFF))
        return FAST_GIVE_UP;
      if (cp >= 0xD800 && cp <= 0xDBFF) {
        if (end - p < 6 || p[0] != '\\' || p[1] != 'u' || !hex4(p + 2, &lo) ||
            lo < 0xDC00 || lo > 0xDFFF)
          return FAST_GIVE_UP;
        p += 6;
        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
      }
      o = put_utf8(o, cp);
      break;
    }
    default:
      return FAST_GIVE_UP;
    }
  }
  if (p >= end)
    return FAST_GIVE_UP;
  size_t n = (size_t)(o - o0);
  if (!ng_utf8_valid(o0, n, NULL))
    return FAST_GIVE_UP;
  out->s = NULL;
  out->n = n;
  out->off = scratch->len;
  scratch->len += n;
  *pp = p + 1;
  return FAST_OK;
}

/* JSON integers as jansson reads them, within what "%lld" prints. */
static int fast_integer(const char **pp, const char *end, long long *v) {
  const char *p = *pp;
  int neg = 0;
  if (p < end && *p == '-')
    neg = 1, p++;
  const char *d = p;
  long long x = 0;
  while (p < end && *p >= '0' && *p <= '9' && p - d < 18)
    x = x * 10 + (*p++ - '0');
  if (p == d || (p < end && (*p >= '0' && *p <= '9')) ||
      (*d == '0' && p - d > 1))
    return FAST_GIVE_UP;
  if (p < end && (*p == '.' || *p == 'e' || *p == 'E'))
    return FAST_GIVE_UP; /* a real: jansson's path reports it */
  *v = neg ? -x : x;
  *pp = p;
  return FAST_OK;
}

/* Parses the record at JSON (LEN bytes) the fast way: FAST_GIVE_UP, or
 * FAST_OK with *ST the status of building the article (*OUT set when
 * NG_OK). */
static int fast_record(ng_world *w, const char *json, size_t len,
                       ng_buf *scratch, long line, ng_article **out,
                       ng_status *st) {
  static const struct {
    ng_field f;
    const char *name;
  } fields[] = {{NG_FIELD_ID, "id"},       {NG_FIELD_DATE, "date"},
                {NG_FIELD_URL, "url"},     {NG_FIELD_TITLE, "title"},
                {NG_FIELD_SOURCE, "source"}, {NG_FIELD_TEXT, "text"}};
  enum { NF = 6 };
  fstr val[NF];
  int has[NF] = {0, 0, 0, 0, 0, 0}; /* 1 string, 2 null, 3 integer */
  long long id_int = 0;
  /* keys seen, for duplicates: the six known ones by flag, others by a
   * small list (a record has few keys) */
  fstr others[16];
  size_t n_others = 0;
  const char *p = json, *end = json + len;
  ng_buf_reset(scratch);
  if (!ng_buf_reserve(scratch, len + 1))
    return FAST_GIVE_UP;
  p = skip_ws(p, end);
  if (p >= end || *p != '{')
    return FAST_GIVE_UP;
  p = skip_ws(p + 1, end);
  if (p < end && *p == '}') {
    p++;
  } else {
    for (;;) {
      fstr key, v;
      if (p >= end || *p != '"')
        return FAST_GIVE_UP;
      p++;
      if (fast_string(&p, end, scratch, &key))
        return FAST_GIVE_UP;
      if (!key.s)
        key.s = scratch->s + key.off;
      p = skip_ws(p, end);
      if (p >= end || *p != ':')
        return FAST_GIVE_UP;
      p = skip_ws(p + 1, end);
      int fi = -1;
      for (int k = 0; k < NF; k++)
        if (strlen(fields[k].name) == key.n &&
            !memcmp(fields[k].name, key.s, key.n)) {
          fi = k;
          break;
        }
      if (fi < 0) {
        if (key.n && memchr(key.s, '\0', key.n))
          return FAST_GIVE_UP;
        for (size_t k = 0; k < n_others; k++)
          if (others[k].n == key.n && !memcmp(others[k].s, key.s, key.n))
            return FAST_GIVE_UP; /* a duplicate: jansson reports it */
        if (n_others == NG_ARRAY_LEN(others))
          return FAST_GIVE_UP;
        others[n_others++] = key;
      } else if (has[fi]) {
        return FAST_GIVE_UP;
      }
      if (p >= end)
        return FAST_GIVE_UP;
      if (*p == '"') {
        p++;
        if (fast_string(&p, end, scratch, &v))
          return FAST_GIVE_UP;
        if (fi >= 0) {
          val[fi] = v;
          has[fi] = 1;
        }
      } else if (end - p >= 4 && !memcmp(p, "null", 4)) {
        p += 4;
        if (fi >= 0)
          has[fi] = 2;
      } else if (fi == 0 && (*p == '-' || (*p >= '0' && *p <= '9'))) {
        if (fast_integer(&p, end, &id_int))
          return FAST_GIVE_UP;
        has[0] = 3;
      } else {
        return FAST_GIVE_UP; /* another type: jansson's path */
      }
      p = skip_ws(p, end);
      if (p < end && *p == ',') {
        p = skip_ws(p + 1, end);
        continue;
      }
      if (p < end && *p == '}') {
        p++;
        break;
      }
      return FAST_GIVE_UP;
    }
  }
  if (skip_ws(p, end) != end)
    return FAST_GIVE_UP;
  /* the checks of parse_record, in its order */
  if (has[5] != 1 || !has[0] || has[0] == 2)
    return FAST_GIVE_UP; /* its message: jansson's path */
  ng_article *a = ng_article_new();
  if (!a) {
    *st = NG_ERR_NOMEM;
    return FAST_OK;
  }
  ng_status s = NG_OK;
  for (int k = 0; !s && k < NF; k++) {
    if (has[k] == 1) {
      const char *vs = val[k].s ? val[k].s : scratch->s + val[k].off;
      s = ng_article_set(w, a, fields[k].f, vs, val[k].n);
    } else if (has[k] == 3) {
      char tmp[32];
      int n = snprintf(tmp, sizeof tmp, "%lld", id_int);
      s = ng_article_set(w, a, fields[k].f, tmp, (size_t)n);
    }
  }
  if (!s && ng_article_get(a, NG_FIELD_ID, NULL)[0] == '\0') {
    if (w)
      ng_log(w, NG_LOG_ERROR, NG_ERR_INPUT, "jsonl", line, 0,
             "\"id\" is empty");
    s = NG_ERR_INPUT;
  }
  if (s)
    ng_article_free(a);
  else
    *out = a;
  *st = s;
  return FAST_OK;
}

ng_status ng_article_from_json(ng_world *w, const char *json, size_t len,
                               ng_article **out) {
  if (!json || !out)
    return NG_ERR_ARG;
  if (len > NG_MAX_JSONL_LINE) {
    if (w)
      ng_log(w, NG_LOG_ERROR, NG_ERR_LIMIT, "jsonl", 0, 0,
             "record of %zu bytes is over the limit of %u bytes", len,
             NG_MAX_JSONL_LINE);
    return NG_ERR_LIMIT;
  }
  return parse_record(w, json, len, 0, out);
}

static int blank(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
      return 0;
  return 1;
}

ng_status ng_jsonl_reader_next(ng_jsonl_reader *r, ng_article **out) {
  *out = NULL;
  for (;;) {
    int rc = read_line(r);
    if (rc == -1)
      return NG_OK; /* end of input */
    if (rc == NG_ERR_LIMIT) {
      if (r->world)
        ng_log(r->world, NG_LOG_ERROR, NG_ERR_LIMIT, "jsonl", r->lineno, 0,
               "line is over the limit of %u bytes; skipped",
               NG_MAX_JSONL_LINE);
      return NG_ERR_LIMIT;
    }
    if (rc)
      return (ng_status)rc;
    if (blank(r->line.s, r->line.len))
      continue;
    ng_status st;
    if (fast_record(r->world, r->line.s, r->line.len, &r->scratch,
                    r->lineno, out, &st) == FAST_OK)
      return st;
    return parse_record(r->world, r->line.s, r->line.len, r->lineno, out);
  }
}

int ng_jsonl_sniff(const char *head, size_t len) {
  if (!head)
    return 0;
  const char *p = head, *end = head + len;
  if (len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
    p += 3;
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
    p++;
  if (p == end || *p != '{')
    return 0;
  const char *nl = memchr(p, '\n', (size_t)(end - p));
  if (!nl) { /* the line runs past HEAD: '{' and a quoted key */
    const char *q = skip_ws(p + 1, end);
    return q < end && *q == '"';
  }
  json_error_t err;
  json_t *root = json_loadb(p, (size_t)(nl - p), 0, &err);
  int ok = root && json_is_object(root);
  json_decref(root);
  return ok;
}
