/* test_text.c - the text stages: UTF-8, articles, JSON Lines, tokens,
 * sentences, IRIs.  Every text here is written for the test. */
#include <stdio.h>

#include "iri.h"
#include "ngtest.h"
#include "phrase.h"

/* ---- UTF-8 ---- */

static void test_utf8_valid(void) {
  CU_ASSERT(ng_utf8_valid("plain ascii", 11, NULL));
  CU_ASSERT(ng_utf8_valid("Erdo\xc4\x9f" "an \xe2\x80\x99", 12, NULL));
  size_t bad = 0;
  CU_ASSERT(!ng_utf8_valid("ab\xff" "cd", 5, &bad));
  CU_ASSERT_EQUAL(bad, 2);
  CU_ASSERT(!ng_utf8_valid("\xc0\xaf", 2, NULL));         /* overlong */
  CU_ASSERT(!ng_utf8_valid("\xed\xa0\x80", 3, NULL));     /* surrogate */
  CU_ASSERT(!ng_utf8_valid("\xf4\x90\x80\x80", 4, NULL)); /* > U+10FFFF */
  CU_ASSERT(!ng_utf8_valid("abc\xe2\x80", 5, NULL));      /* truncated */
  CU_ASSERT(!ng_utf8_valid("a\0b", 3, &bad));             /* NUL */
  CU_ASSERT_EQUAL(bad, 1);
  CU_ASSERT_EQUAL(ng_utf8_count("a\xc3\xa9z", 4), 3);
}

/* ---- articles ---- */

static void test_article_fields(void) {
  ng_article *a = ng_article_new();
  CU_ASSERT_PTR_NOT_NULL_FATAL(a);
  CU_ASSERT_EQUAL(ng_article_set(NULL, a, NG_FIELD_DATE, "2024-02-30", 10),
                  NG_ERR_INPUT);
  CU_ASSERT_EQUAL(ng_article_set(NULL, a, NG_FIELD_DATE, "2024-2-3", 8),
                  NG_ERR_INPUT);
  CU_ASSERT_EQUAL(ng_article_set(NULL, a, NG_FIELD_DATE, "2024-02-29", 10),
                  NG_OK);
  CU_ASSERT_EQUAL(ng_article_set(NULL, a, NG_FIELD_TEXT, "bad \xfe", 5),
                  NG_ERR_INPUT);
  /* a byte order mark is not part of the text */
  CU_ASSERT_EQUAL(ng_article_set(NULL, a, NG_FIELD_TEXT, "\xef\xbb\xbfHi", 5),
                  NG_OK);
  size_t n;
  const char *t = ng_article_get(a, NG_FIELD_TEXT, &n);
  CU_ASSERT_EQUAL(n, 2);
  CU_ASSERT_NSTRING_EQUAL(t, "Hi", 2);
  /* over the field limit */
  size_t big = NG_MAX_FIELD_BYTES + 1;
  char *s = malloc(big);
  CU_ASSERT_PTR_NOT_NULL_FATAL(s);
  memset(s, 'x', big);
  CU_ASSERT_EQUAL(ng_article_set(NULL, a, NG_FIELD_TITLE, s, big),
                  NG_ERR_LIMIT);
  free(s);
  ng_article_free(a);
  ng_article_free(NULL);
}

/* ---- JSON Lines ---- */

static void test_jsonl(void) {
  const char *input =
      "{\"id\": \"a1\", \"date\": \"2023-05-01\", \"text\": \"One.\"}\n"
      "\n"
      "not json at all\n"
      "{\"id\": 42, \"text\": \"Two.\", \"title\": \"T\"}\n"
      "{\"id\": \"a3\"}\n"
      "{\"id\": \"a4\", \"text\": \"bad\\u0000nul\"}\n"
      "{\"id\": \"a5\", \"text\": \"Five.\"}";
  FILE *fp = fmemopen((void *)input, strlen(input), "r");
  CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
  ng_jsonl_reader *r;
  CU_ASSERT_EQUAL_FATAL(ng_jsonl_reader_new(NULL, fp, &r), NG_OK);
  ng_article *a = NULL;
  CU_ASSERT_EQUAL(ng_jsonl_reader_next(r, &a), NG_OK);
  CU_ASSERT_STRING_EQUAL(ng_article_get(a, NG_FIELD_ID, NULL), "a1");
  CU_ASSERT_STRING_EQUAL(ng_article_get(a, NG_FIELD_DATE, NULL), "2023-05-01");
  ng_article_free(a);
  /* the blank line is skipped; the bad line is an input error */
  CU_ASSERT_EQUAL(ng_jsonl_reader_next(r, &a), NG_ERR_INPUT);
  CU_ASSERT_EQUAL(ng_jsonl_reader_line(r), 3);
  CU_ASSERT_EQUAL(ng_jsonl_reader_next(r, &a), NG_OK);
  CU_ASSERT_STRING_EQUAL(ng_article_get(a, NG_FIELD_ID, NULL), "42");
  ng_article_free(a);
  CU_ASSERT_EQUAL(ng_jsonl_reader_next(r, &a), NG_ERR_INPUT); /* no text */
  CU_ASSERT_EQUAL(ng_jsonl_reader_next(r, &a), NG_ERR_INPUT); /* \u0000 */
  CU_ASSERT_EQUAL(ng_jsonl_reader_next(r, &a), NG_OK);
  CU_ASSERT_STRING_EQUAL(ng_article_get(a, NG_FIELD_ID, NULL), "a5");
  ng_article_free(a);
  CU_ASSERT_EQUAL(ng_jsonl_reader_next(r, &a), NG_OK);
  CU_ASSERT_PTR_NULL(a); /* the end */
  ng_jsonl_reader_free(r);
  fclose(fp);
}

/* ---- tokens ---- */

static ng_doc *doc_of(const char *text) {
  ng_article *a = ng_article_new();
  ng_doc *d = NULL;
  if (a && !ng_article_set(ngt_world, a, NG_FIELD_ID, "x", 1) &&
      !ng_article_set(ngt_world, a, NG_FIELD_TEXT, text, strlen(text)) &&
      !ng_doc_new(ngt_world, a, &d)) {
    if (ng_stage_tokens(ngt_world, d) || ng_stage_sentences(ngt_world, d)) {
      ng_doc_free(d);
      d = NULL;
    }
  }
  ng_article_free(a);
  return d;
}

static const char *tok_text(const ng_doc *d, size_t i, char *buf,
                            size_t size) {
  const ng_token *t = NG_TOK(d, i);
  snprintf(buf, size, "%.*s", (int)(t->e - t->b), d->text + t->b);
  return buf;
}

static void test_tokens(void) {
  /* U+2019 apostrophe, a hyphenated name, a possessive, an abbreviation,
   * a number with a comma, an accented name */
  ng_doc *d = doc_of("Kata\xe2\x80\x99ib al-Qaeda\xe2\x80\x99s Lt. Col. "
                     "Jos\xc3\xa9 paid 1,250 U.S. dollars.");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  char b[64];
  const char *want[] = {"Kata\xe2\x80\x99ib", "al", "-", "Qaeda",
                        "\xe2\x80\x99s", "Lt.", "Col.", "Jos\xc3\xa9",
                        "paid", "1,250", "U.S.", "dollars", "."};
  CU_ASSERT_EQUAL_FATAL(d->tokens.n, NG_ARRAY_LEN(want));
  for (size_t i = 0; i < NG_ARRAY_LEN(want); i++)
    CU_ASSERT_STRING_EQUAL(tok_text(d, i, b, sizeof b), want[i]);
  CU_ASSERT_STRING_EQUAL(NG_TOK(d, 0)->key, "kataib");
  CU_ASSERT(NG_TOK(d, 2)->flags & NG_TF_HYPHEN);
  CU_ASSERT(NG_TOK(d, 4)->flags & NG_TF_POSS);
  CU_ASSERT(NG_TOK(d, 5)->flags & NG_TF_ABBREV);
  CU_ASSERT_STRING_EQUAL(NG_TOK(d, 5)->key, "lt");
  CU_ASSERT_STRING_EQUAL(NG_TOK(d, 7)->key, "jose");
  CU_ASSERT_STRING_EQUAL(NG_TOK(d, 10)->key, "us");
  CU_ASSERT(NG_TOK(d, 10)->flags & NG_TF_UPPER);
  /* offsets: bytes and code points differ after the curly apostrophe */
  CU_ASSERT_EQUAL(NG_TOK(d, 1)->b, 10);
  CU_ASSERT_EQUAL(NG_TOK(d, 1)->cb, 8);
  ng_doc_free(d);
}

static void test_tokens_hostile(void) {
  /* control characters and bidi marks separate tokens, never join */
  ng_doc *d = doc_of("A\x01" "B\xe2\x80\x8f" "C \x7f D");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_EQUAL(d->tokens.n, 4);
  ng_doc_free(d);
  d = doc_of("");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_EQUAL(d->tokens.n, 0);
  CU_ASSERT_EQUAL(d->sentences.n, 0);
  ng_doc_free(d);
}

/* ---- sentences ---- */

static size_t count_sentences(const char *text) {
  ng_doc *d = doc_of(text);
  size_t n = d ? d->sentences.n : 0;
  ng_doc_free(d);
  return n;
}

static void test_sentences(void) {
  /* titles and ranks keep their sentence going */
  CU_ASSERT_EQUAL(count_sentences("Lt. Gen. Ana Ruiz met Dr. Omar Said on "
                                  "Jan. 5. They spoke for an hour."),
                  2);
  /* a dotted abbreviation before a new sentence */
  CU_ASSERT_EQUAL(count_sentences("The envoy flew to the U.S. The talks "
                                  "began at once."),
                  2);
  CU_ASSERT_EQUAL(count_sentences("Officials from the U.S. State "
                                  "Department arrived."),
                  1);
  /* a headline without a full stop, then a body line */
  CU_ASSERT_EQUAL(count_sentences("Rebels Seize Border Town\nRebels seized "
                                  "the town on Monday."),
                  2);
  /* hard-wrapped text continues in lower case */
  CU_ASSERT_EQUAL(count_sentences("The minister said the talks would\n"
                                  "resume next week."),
                  1);
  /* a quotation that ends the sentence */
  CU_ASSERT_EQUAL(count_sentences("\"We will not yield.\" The army "
                                  "advanced."),
                  2);
}

static void test_sentence_cap(void) {
  /* a run of words with no full stop is cut at the hard limit */
  size_t words = NG_MAX_SENTENCE_TOKENS * 3;
  char *s = malloc(words * 5 + 1);
  CU_ASSERT_PTR_NOT_NULL_FATAL(s);
  for (size_t i = 0; i < words; i++)
    memcpy(s + i * 5, "word ", 5);
  s[words * 5] = '\0';
  ng_doc *d = doc_of(s);
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT(d->sentences.n >= 3);
  for (size_t i = 0; i < d->sentences.n; i++) {
    const ng_sentence *x = NG_SENT(d, i);
    CU_ASSERT(x->te - x->tb <= NG_MAX_SENTENCE_TOKENS);
  }
  /* no token is lost */
  CU_ASSERT_EQUAL(NG_SENT(d, d->sentences.n - 1)->te, d->tokens.n);
  ng_doc_free(d);
  free(s);
}

/* ---- IRIs ---- */

static void test_iri_encoding(void) {
  ng_buf b;
  ng_buf_init(&b, 0);
  CU_ASSERT_EQUAL(ng_iri_encode(&b, "a b<>\"{}|\\^`~/%", 15, NULL), NG_OK);
  CU_ASSERT_STRING_EQUAL(b.s, "a%20b%3C%3E%22%7B%7D%7C%5C%5E%60%7E%2F%25");
  ng_buf_reset(&b);
  CU_ASSERT_EQUAL(ng_iri_slug(&b, "Kata'ib Hezbollah (KH)", 22, 60), NG_OK);
  CU_ASSERT_STRING_EQUAL(b.s, "kataib-hezbollah-kh");
  ng_buf_free(&b);
  ng_arena ar;
  ng_arena_init(&ar, 0);
  const char *i1 = ng_iri_article(ngt_world, &ar, "story 1");
  const char *i2 = ng_iri_article(ngt_world, &ar, "story 1");
  CU_ASSERT_STRING_EQUAL(i1, i2); /* deterministic */
  CU_ASSERT_PTR_NULL(strchr(i1, ' '));
  ng_arena_free(&ar);
}

/* UD tag and relation names: each name reads back as itself; a subtype
 * we do not tell apart is its main type; anything else is X / dep. */
static void test_ud_names(void) {
  for (int u = 0; u < NG_UPOS_COUNT_; u++) {
    const char *n = ng_upos_name((ng_upos)u);
    CU_ASSERT_EQUAL(ng_upos_parse(n, strlen(n)), (ng_upos)u);
  }
  for (int r = 0; r < NG_DEP_COUNT_; r++) {
    const char *n = ng_deprel_name((ng_deprel)r);
    CU_ASSERT_EQUAL(ng_deprel_parse(n, strlen(n)), (ng_deprel)r);
  }
  CU_ASSERT_EQUAL(ng_deprel_parse("obl:unmarked", 12), NG_DEP_OBL);
  CU_ASSERT_EQUAL(ng_deprel_parse("nsubj:outer", 11), NG_DEP_NSUBJ);
  CU_ASSERT_EQUAL(ng_deprel_parse("nsubj:pass", 10), NG_DEP_NSUBJ_PASS);
  CU_ASSERT_EQUAL(ng_deprel_parse("nsubj:passive", 7), NG_DEP_NSUBJ);
  CU_ASSERT_EQUAL(ng_deprel_parse("bogus", 5), NG_DEP_DEP);
  CU_ASSERT_EQUAL(ng_deprel_parse(":", 1), NG_DEP_DEP);
  CU_ASSERT_EQUAL(ng_upos_parse("NOUNS", 5), NG_UPOS_X);
  CU_ASSERT_STRING_EQUAL(ng_deprel_name(NG_DEP_COUNT_), "dep");
}

/* Issue 17: JSON Lines recognised by content, whatever the file name. */
static void test_jsonl_sniff(void) {
#define SNIFF(s) ng_jsonl_sniff((s), sizeof(s) - 1)
  CU_ASSERT_EQUAL(SNIFF("{\"id\": 1, \"text\": \"A.\"}\n{\"id\": 2}\n"), 1);
  CU_ASSERT_EQUAL(SNIFF("\xEF\xBB\xBF\n\n  {\"id\": \"a\", \"text\": \"B.\"}\n"),
                  1);
  CU_ASSERT_EQUAL(SNIFF("{\"id\": 1, \"text\": \"A.\"}"), 1); /* no newline */
  /* the first line runs past the bytes read: '{' and a quoted key */
  CU_ASSERT_EQUAL(SNIFF("{\"id\": 1, \"text\": \"a very long text"), 1);
  CU_ASSERT_EQUAL(SNIFF("The army attacked the town.\n"), 0);
  CU_ASSERT_EQUAL(SNIFF("{Breaking} The army attacked the town.\n"), 0);
  CU_ASSERT_EQUAL(SNIFF("{\"id\": 1,\n \"text\": \"pretty-printed\"}\n"), 0);
  CU_ASSERT_EQUAL(SNIFF("[{\"id\": 1}]\n"), 0); /* a JSON array */
  CU_ASSERT_EQUAL(SNIFF(""), 0);
  CU_ASSERT_EQUAL(SNIFF("   \n\n"), 0);
  CU_ASSERT_EQUAL(ng_jsonl_sniff(NULL, 0), 0);
#undef SNIFF
}

int main(void) {
  if (CU_initialize_registry() != CUE_SUCCESS)
    return 1;
  CU_pSuite s =
      CU_add_suite("text", ngt_world_init, ngt_world_clean);
  if (!s)
    return 1;
  NGT_ADD(s, test_utf8_valid);
  NGT_ADD(s, test_article_fields);
  NGT_ADD(s, test_jsonl);
  NGT_ADD(s, test_tokens);
  NGT_ADD(s, test_tokens_hostile);
  NGT_ADD(s, test_sentences);
  NGT_ADD(s, test_sentence_cap);
  NGT_ADD(s, test_iri_encoding);
  NGT_ADD(s, test_ud_names);
  NGT_ADD(s, test_jsonl_sniff);
  return ngt_run();
}
