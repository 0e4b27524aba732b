/* fuzz_extract.c - the whole pipeline over arbitrary bytes as article
 * text: ng_article_set must refuse what is not text (invalid UTF-8, NUL,
 * over the size limit) with a status, and ng_extract + ng_doc_emit must
 * take anything else without a crash, within bounded time, and give a
 * graph whose every IRI and literal is valid (see fuzz.h).
 *
 * Seeds: tests/fuzz/corpus/extract/ (the reference article, Wikinews
 * paragraphs, sentences of the unit tests, hostile names). */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  ng_world *w = fz_world();
  ng_article *a = ng_article_new();
  if (!a)
    return 0;
  ng_status st = ng_article_set(w, a, NG_FIELD_TEXT, (const char *)data, size);
  if (st == NG_OK) {
    size_t bad;
    if (!ng_utf8_valid((const char *)data, size, &bad))
      fz_fail("ng_article_set took invalid UTF-8", (const char *)data, size);
    /* with and without a reference date: "on Thursday" needs one */
    int dated = size == 0 || data[0] != '#';
    if (!ng_article_set(w, a, NG_FIELD_ID, "fuzz-article", 12) &&
        (!dated || !ng_article_set(w, a, NG_FIELD_DATE, "2024-02-29", 10))) {
      ng_doc *d = fz_extract_checked(w, a);
      ng_doc_free(d);
    }
  } else if (st != NG_ERR_INPUT && st != NG_ERR_LIMIT) {
    fz_fail("ng_article_set: unexpected status", ng_status_string(st),
            strlen(ng_status_string(st)));
  }
  ng_article_free(a);
  return 0;
}
