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
  *out = r;
  return NG_OK;
}

void ng_jsonl_reader_free(ng_jsonl_reader *r) {
  if (!r)
    return;
  ng_buf_free(&r->line);
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
  if (!text || !json_is_string(text) || !id) {
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
    return parse_record(r->world, r->line.s, r->line.len, r->lineno, out);
  }
}
