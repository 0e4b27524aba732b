/* article.c - the input article: metadata and text, validated once. */
#include <stdlib.h>

#include "internal.h"

struct ng_article {
  char *field[NG_FIELD_COUNT_];
  size_t len[NG_FIELD_COUNT_];
};

ng_article *ng_article_new(void) { return calloc(1, sizeof(ng_article)); }

void ng_article_free(ng_article *a) {
  if (!a)
    return;
  for (int i = 0; i < NG_FIELD_COUNT_; i++)
    free(a->field[i]);
  free(a);
}

static const char *field_name(ng_field f) {
  static const char *names[] = {"id", "date", "url", "title", "source",
                                "text"};
  return (unsigned)f < NG_FIELD_COUNT_ ? names[f] : "?";
}

static int leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

/* 1 when the N bytes at S are a real calendar date YYYY-MM-DD. */
static int valid_date(const char *s, size_t n, int *y, int *m, int *d) {
  static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (n != 10 || s[4] != '-' || s[7] != '-')
    return 0;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
      return 0;
  int yy = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
           (s[3] - '0');
  int mm = (s[5] - '0') * 10 + (s[6] - '0');
  int dd = (s[8] - '0') * 10 + (s[9] - '0');
  if (yy < 1 || mm < 1 || mm > 12 || dd < 1)
    return 0;
  int md = mdays[mm - 1] + (mm == 2 && leap(yy));
  if (dd > md)
    return 0;
  if (y) {
    *y = yy;
    *m = mm;
    *d = dd;
  }
  return 1;
}

int ng_date_parse_ymd(const char *s, size_t n, int *y, int *m, int *d) {
  return valid_date(s, n, y, m, d);
}

ng_status ng_article_set(ng_world *w, ng_article *a, ng_field f,
                         const char *value, size_t len) {
  if (!a || (unsigned)f >= NG_FIELD_COUNT_ || (!value && len))
    return NG_ERR_ARG;
  size_t max = f == NG_FIELD_TEXT ? NG_MAX_ARTICLE_BYTES : NG_MAX_FIELD_BYTES;
  if (f == NG_FIELD_TEXT && len >= 3 && (unsigned char)value[0] == 0xEF &&
      (unsigned char)value[1] == 0xBB && (unsigned char)value[2] == 0xBF) {
    value += 3; /* a byte order mark is not part of the text */
    len -= 3;
  }
  if (len > max) {
    if (w)
      ng_log(w, NG_LOG_ERROR, NG_ERR_LIMIT, "input", 0, 0,
             "the %s is %zu bytes, over the limit of %zu bytes",
             field_name(f), len, max);
    return NG_ERR_LIMIT;
  }
  size_t bad;
  if (!ng_utf8_valid(value, len, &bad)) {
    if (w)
      ng_log(w, NG_LOG_ERROR, NG_ERR_INPUT, "input", 0, 0,
             "the %s is not valid UTF-8 text (bad byte 0x%02x at byte %zu)",
             field_name(f), (unsigned char)value[bad], bad);
    return NG_ERR_INPUT;
  }
  if (f == NG_FIELD_DATE && !valid_date(value, len, NULL, NULL, NULL)) {
    if (w)
      ng_log(w, NG_LOG_ERROR, NG_ERR_INPUT, "input", 0, 0,
             "the date '%.*s' is not a calendar date YYYY-MM-DD",
             (int)NG_MIN(len, 40), value);
    return NG_ERR_INPUT;
  }
  char *copy = ng_strndup(value ? value : "", len);
  if (!copy)
    return NG_ERR_NOMEM;
  free(a->field[f]);
  a->field[f] = copy;
  a->len[f] = len;
  return NG_OK;
}

const char *ng_article_get(const ng_article *a, ng_field f, size_t *len) {
  if (!a || (unsigned)f >= NG_FIELD_COUNT_)
    return NULL;
  if (len)
    *len = a->len[f];
  return a->field[f];
}
