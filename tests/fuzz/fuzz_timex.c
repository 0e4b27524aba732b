/* fuzz_timex.c - the time normaliser over arbitrary bytes.
 *
 * Input: a reference date on the first line, the expression after it.
 * The reference date is used as given (ng_timex_normalize must refuse a
 * malformed one with a status) and also replaced by fixed dates at the
 * edges of the calendar, so the rules see both.  ng_timex_normalize and
 * ng_timex_normalize_tense (each tense) and ng_timex_normalize_after
 * (after a choice of earlier dates) must return a status, write a
 * NUL-terminated value that fits, a known type, and - for a calendar
 * value - a real date.
 *
 * Seeds: tests/fuzz/corpus/timex/ (from tests/data/timex/golden.tsv). */
#include "fuzz.h"
#include "timex.h"

static void check_value(const char *v, size_t cap, const char *type,
                        ng_status st) {
  if (!memchr(v, '\0', cap))
    fz_fail("a value without its NUL", v, cap);
  if (st) {
    if (v[0])
      fz_fail("a value despite an error", v, strlen(v));
    return;
  }
  size_t n = strlen(v);
  for (size_t i = 0; i < n; i++) {
    char c = v[i];
    if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || c == '-' ||
          c == ':' || c == '.' || c == '_'))
      fz_fail("a value with an odd character", v, n);
  }
  if (type && strcmp(type, "DATE") && strcmp(type, "TIME") &&
      strcmp(type, "DURATION") && strcmp(type, "SET"))
    fz_fail("an unknown type", type, strlen(type));
  /* YYYY-MM-DD values must be calendar dates */
  int y, m, d;
  if (n >= 10 && v[4] == '-' && v[7] == '-' && fz_digits(v, 4) &&
      fz_digits(v + 5, 2) && fz_digits(v + 8, 2) && (n == 10 || v[10] == 'T') &&
      !ng_date_parse_ymd(v, 10, &y, &m, &d))
    fz_fail("a value that is not a calendar date", v, n);
  if (n == 7 && v[4] == '-' && fz_digits(v, 4) && fz_digits(v + 5, 2) &&
      ((v[5] - '0') * 10 + (v[6] - '0') < 1 ||
       (v[5] - '0') * 10 + (v[6] - '0') > 12))
    fz_fail("a year-month value with no such month", v, n);
}

static void run(const char *expr, size_t len, const char *ref) {
  char value[32], type[16];
  memset(value, 'z', sizeof value);
  memset(type, 'z', sizeof type);
  ng_status st = ng_timex_normalize(expr, len, ref, value, sizeof value, type);
  if (st && st != NG_ERR_INPUT && st != NG_ERR_ARG)
    fz_fail("ng_timex_normalize: unexpected status", ng_status_string(st),
            strlen(ng_status_string(st)));
  check_value(value, sizeof value, st ? NULL : type, st);
  /* a value buffer too small must be refused, never overrun */
  char small[4] = {'z', 'z', 'z', 'z'};
  ng_status st2 = ng_timex_normalize(expr, len, ref, small, sizeof small, NULL);
  if (!memchr(small, '\0', sizeof small))
    fz_fail("a small buffer without its NUL", small, sizeof small);
  if (!st2 && st)
    fz_fail("a small buffer succeeded where a large one failed", "", 0);
  for (int t = -1; t <= 1; t++) {
    ng_timex x;
    memset(&x, 0x5a, sizeof x);
    x.tb = x.te = 0;
    st = ng_timex_normalize_tense(expr, len, ref, (ng_tense)t, &x);
    if (!memchr(x.value, '\0', sizeof x.value) ||
        !memchr(x.type, '\0', sizeof x.type) ||
        !memchr(x.mod, '\0', sizeof x.mod))
      fz_fail("a record field without its NUL", "", 0);
    if (!st)
      check_value(x.value, sizeof x.value, x.type[0] ? x.type : NULL, st);
  }
  /* after an earlier date of the text: at the edges of the calendar,
   * coarse, and malformed */
  static const char *prevs[] = {"9999-12-31", "0001-01-01", "2024-02-29T23:59",
                                "9999-12",    "0001",       "2023-02-30",
                                "2023-W05",   "PXY",        ""};
  for (size_t k = 0; k < NG_ARRAY_LEN(prevs); k++) {
    memset(value, 'z', sizeof value);
    memset(type, 'z', sizeof type);
    st = ng_timex_normalize_after(expr, len, ref, prevs[k], value,
                                  sizeof value, type);
    if (st && st != NG_ERR_INPUT && st != NG_ERR_ARG)
      fz_fail("ng_timex_normalize_after: unexpected status",
              ng_status_string(st), strlen(ng_status_string(st)));
    check_value(value, sizeof value, st ? NULL : type, st);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const char *refs[] = {"2024-02-29", "0001-01-01", "9999-12-31",
                               "2000-03-01", "2023-12-31"};
  const char *s = (const char *)data, *nl = memchr(s, '\n', size);
  char ref[64];
  const char *expr = s;
  size_t len = size;
  if (nl && nl - s < (long)sizeof ref) {
    memcpy(ref, s, (size_t)(nl - s));
    ref[nl - s] = '\0';
    expr = nl + 1;
    len = size - (size_t)(nl - s) - 1;
    run(expr, len, ref);
  }
  /* a choice of fixed dates, by the length of the input */
  run(expr, len, refs[size % NG_ARRAY_LEN(refs)]);
  run(expr, len, NULL);
  return 0;
}
