/* fuzz_jsonl.c - the JSON Lines reader over arbitrary bytes: every line
 * gives an article or a status (NG_ERR_INPUT, NG_ERR_LIMIT), the reader
 * goes on after a bad line, line numbers only grow, and an article it
 * gives has a non-empty id and valid UTF-8 fields.  The whole input is
 * also parsed as one record with ng_article_from_json.  Articles the
 * reader gives are extracted (their ids and names reach the IRIs).
 *
 * Seeds: tests/fuzz/corpus/jsonl/. */
#include "fuzz.h"

static void check_article(ng_world *w, const ng_article *a, int extract) {
  size_t n;
  const char *id = ng_article_get(a, NG_FIELD_ID, &n);
  if (!id || !n)
    fz_fail("an article without an id", "", 0);
  for (int f = 0; f < NG_FIELD_COUNT_; f++) {
    const char *v = ng_article_get(a, (ng_field)f, &n);
    if (v && (!ng_utf8_valid(v, n, NULL) || strlen(v) != n))
      fz_fail("a field that is not valid UTF-8", v, n);
  }
  if (!ng_article_get(a, NG_FIELD_TEXT, NULL))
    fz_fail("an article without a text", "", 0);
  if (extract)
    ng_doc_free(fz_extract_checked(w, a));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  ng_world *w = fz_world();
  ng_article *a = NULL;
  ng_status st = ng_article_from_json(w, (const char *)data, size, &a);
  if (!st)
    check_article(w, a, 0);
  else if (a)
    fz_fail("ng_article_from_json failed but gave an article", "", 0);
  ng_article_free(a);

  /* older glibc's fmemopen refuses size 0 */
  FILE *fp =
      size ? fmemopen((void *)data, size, "rb") : fopen("/dev/null", "rb");
  if (!fp)
    return 0;
  ng_jsonl_reader *r = NULL;
  if (ng_jsonl_reader_new(w, fp, &r))
    abort();
  long last = 0;
  size_t articles = 0, lines_max = 1;
  for (size_t i = 0; i < size; i++)
    lines_max += data[i] == '\n';
  for (size_t guard = 0;; guard++) {
    if (guard > lines_max + 1)
      fz_fail("the reader does not reach the end", "", 0);
    a = NULL;
    st = ng_jsonl_reader_next(r, &a);
    long line = ng_jsonl_reader_line(r);
    if (line < last || line > (long)lines_max)
      fz_fail("line numbers out of order", "", 0);
    last = line;
    if (st == NG_ERR_INPUT || st == NG_ERR_LIMIT) {
      if (a)
        fz_fail("a bad line gave an article", "", 0);
      continue;
    }
    if (st)
      fz_fail("the reader failed", ng_status_string(st),
              strlen(ng_status_string(st)));
    if (!a)
      break;
    /* extraction of the first few only: the fuzzer's budget goes to the
     * reader */
    check_article(w, a, articles++ < 4);
    ng_article_free(a);
  }
  ng_jsonl_reader_free(r);
  fclose(fp);
  return 0;
}
