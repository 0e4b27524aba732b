/* test_pathological.c - inputs built to make a naive algorithm
 * quadratic (cmark's pathological tests), and the hard limits.
 *
 * Each shape is extracted (and its graph emitted) at two sizes, the
 * second four times the first; the larger must take less than eight
 * times the CPU time of the smaller (linear is 4x; quadratic is 16x).
 * CPU time of this process, the best of two runs, and a failing shape is
 * measured again up to three times, so a loaded machine does not fail
 * the test.  Shapes that stay under 50 ms at the larger size pass on
 * time alone.  The figures are printed; NG_PATHO_SCALE=N multiplies the
 * sizes (the default sizes keep `make check` quick under ASan).
 *
 * The limits of newsgraph.h are each hit once: the call must fail with
 * NG_ERR_LIMIT (or, for time expressions, go on with a warning) and log
 * a message that says which limit. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "ngtest.h"

/* ---- log capture ---- */

static char last_msg[1024];
static ng_status last_code;
static char last_stage[32];
static ng_log_level last_level;

static void capture(void *ud, const ng_log_message *m) {
  (void)ud;
  if (m->level < NG_LOG_WARN)
    return;
  snprintf(last_msg, sizeof last_msg, "%s", m->text);
  snprintf(last_stage, sizeof last_stage, "%s", m->stage ? m->stage : "");
  last_code = m->code;
  last_level = m->level;
}

static void clear_log(void) {
  last_msg[0] = last_stage[0] = '\0';
  last_code = NG_OK;
  last_level = NG_LOG_DEBUG;
}

static int suite_init(void) {
  if (ngt_world_init())
    return -1;
  ng_world_set_log_handler(ngt_world, capture, NULL);
  return 0;
}

/* ---- generators: N is the size parameter of each shape ---- */

typedef struct gen {
  const char *name;
  const char *unit;
  size_t n; /* the smaller size */
  void (*fill)(ng_buf *b, size_t n);
} gen;

static void add(ng_buf *b, const char *s) {
  if (ng_buf_adds(b, s))
    abort();
}

/* N bytes of words and no full stop */
static void g_no_stop(ng_buf *b, size_t n) {
  static const char *w[] = {"Ministers", "of", "Iraq",   "and", "Turkey", "met",
                            "officials", "in", "Baghdad"};
  for (size_t i = 0; b->len < n; i++) {
    add(b, w[i % 9]);
    add(b, " ");
  }
}

/* N capitalised words in a row */
static void g_capitals(ng_buf *b, size_t n) {
  char w[16];
  for (size_t i = 0; i < n; i++) {
    snprintf(w, sizeof w, "Capital%c ", 'A' + (int)(i % 26));
    add(b, w);
  }
  add(b, ".");
}

/* N nested quotes and brackets of each kind */
static void g_nested(ng_buf *b, size_t n) {
  static const char *open[] = {"\"", "(", "[", "\xe2\x80\x9c", "'"};
  static const char *close[] = {"\"", ")", "]", "\xe2\x80\x9d", "'"};
  for (size_t i = 0; i < n; i++)
    for (size_t k = 0; k < 5; k++)
      add(b, open[k]);
  add(b, "Iraq said Turkey attacked");
  for (size_t i = 0; i < n; i++)
    for (size_t k = 5; k-- > 0;)
      add(b, close[k]);
}

/* N actor mentions in one sentence */
static void g_mentions(ng_buf *b, size_t n) {
  static const char *w[] = {"Iraq, ", "NATO, ", "Turkey, ", "Iran, "};
  for (size_t i = 0; i < n; i++)
    add(b, w[i % 4]);
  add(b, "and Syria met.");
}

/* N sentences, each an event with titled people */
static void g_events(ng_buf *b, size_t n) {
  for (size_t i = 0; i < n; i++)
    add(b, i % 2 ? "Prime Minister Karim Haddad met President Ali Omar. "
                 : "Iraqi forces attacked the militants near Mosul. ");
}

/* N quoted statements with attributions and pronouns */
static void g_quotes(ng_buf *b, size_t n) {
  for (size_t i = 0; i < n; i++)
    add(b, "\"Iraq attacked Iran,\" a source said. He told them "
           "that \"they would respond,\" officials said. ");
}

/* N abbreviations and titles with periods */
static void g_abbrev(ng_buf *b, size_t n) {
  for (size_t i = 0; i < n; i++)
    add(b, "U.S. Gen. Lt. Mr. Dr. ");
}

/* N time expressions */
static void g_timex(ng_buf *b, size_t n) {
  for (size_t i = 0; i < n; i++)
    add(b, "on Monday last week in March 2024 and 12/31/2021 ");
}

/* a word of N bytes, then N hyphens between two names */
static void g_long_token(ng_buf *b, size_t n) {
  for (size_t i = 0; i < n; i++)
    add(b, "x");
  add(b, " Iraq");
  for (size_t i = 0; i < n; i++)
    add(b, "-");
  add(b, "Iran met.");
}

/* N repeats of one name: coreference of many mentions of one actor */
static void g_same_name(ng_buf *b, size_t n) {
  for (size_t i = 0; i < n; i++)
    add(b, i % 3 ? "Haddad said he would meet Haddad. "
                 : "Karim Haddad met the Iraqi government. ");
}

/* ---- timing ---- */

static double cpu_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static ng_status count(void *ud, const ng_term *s, const ng_term *p,
                       const ng_term *o, const ng_term *g) {
  (*(size_t *)ud)++;
  return NG_OK;
}

/* CPU seconds to extract and emit TEXT; *TRIPLES gets the graph size. */
static double run_once(const ng_buf *text, size_t *triples, ng_status *st) {
  ng_article *a = ng_article_new();
  ng_doc *d = NULL;
  *triples = 0;
  double t0 = cpu_seconds();
  *st = ng_article_set(ngt_world, a, NG_FIELD_ID, "patho", 5);
  if (!*st)
    *st = ng_article_set(ngt_world, a, NG_FIELD_DATE, "2024-06-27", 10);
  if (!*st)
    *st = ng_article_set(ngt_world, a, NG_FIELD_TEXT, text->s, text->len);
  if (!*st)
    *st = ng_extract(ngt_world, a, &d);
  if (!*st)
    *st = ng_doc_emit(ngt_world, d, count, triples);
  double t = cpu_seconds() - t0;
  ng_doc_free(d);
  ng_article_free(a);
  return t;
}

static double best(const gen *g, size_t n, size_t *bytes, size_t *triples) {
  ng_buf b;
  ng_buf_init(&b, 0);
  g->fill(&b, n);
  *bytes = b.len;
  double t = 1e9;
  for (int r = 0; r < 2; r++) {
    ng_status st;
    double x = run_once(&b, triples, &st);
    CU_ASSERT_EQUAL(st, NG_OK);
    if (st)
      fprintf(stderr, "\n  %s (%zu %s): %s: %s\n", g->name, n, g->unit,
              ng_status_string(st), last_msg);
    if (x < t)
      t = x;
  }
  ng_buf_free(&b);
  return t;
}

static size_t scale(void) {
  const char *s = getenv("NG_PATHO_SCALE");
  long k = s ? strtol(s, NULL, 10) : 1;
  return k > 0 ? (size_t)k : 1;
}

static const gen shapes[] = {
    {"sentence with no full stop", "bytes", 256u * 1024u, g_no_stop},
    {"capitalised words in a row", "words", 25000, g_capitals},
    {"nested quotes and brackets", "of each of 5 kinds", 2500, g_nested},
    {"actor mentions in one sentence", "mentions", 12500, g_mentions},
    {"sentences with events", "sentences", 10000, g_events},
    {"quotes with attributions", "pairs", 6000, g_quotes},
    {"abbreviations", "runs of 5", 5000, g_abbrev},
    {"time expressions", "runs of 4", 2500, g_timex},
    {"one long word and hyphens", "bytes", 256u * 1024u, g_long_token},
    {"one name again and again", "sentences", 10000, g_same_name},
};

static void test_linear(void) {
  size_t k = scale();
  for (size_t i = 0; i < NG_ARRAY_LEN(shapes); i++) {
    const gen *g = &shapes[i];
    double small = 0, large = 0, ratio = 0;
    size_t bs, bl, ts, tl;
    for (int attempt = 0; attempt < 3; attempt++) {
      double s = best(g, g->n * k, &bs, &ts);
      double l = best(g, 4 * g->n * k, &bl, &tl);
      if (attempt == 0 || l / (s > 1e-4 ? s : 1e-4) < ratio) {
        small = s;
        large = l;
        ratio = l / (s > 1e-4 ? s : 1e-4);
      }
      if (ratio < 8 || large < 0.05)
        break;
    }
    fprintf(stderr,
            "\n  %-32s %8zu B %7.3f s %7zu triples | 4x: %9zu B %7.3f s "
            "%7zu triples | x%.1f",
            g->name, bs, small, ts, bl, large, tl, ratio);
    if (large >= 0.05 && ratio >= 8) {
      fprintf(stderr, "  SUPER-LINEAR");
      CU_FAIL("super-linear time");
    }
  }
  fprintf(stderr, "\n");
}

/* ---- bounded results ---- */

/* A 1 MB sentence: cut into sentences of at most NG_MAX_SENTENCE_TOKENS
 * tokens that together hold every token (split, not lost). */
static void test_long_sentence_split(void) {
  ng_buf b;
  ng_buf_init(&b, 0);
  g_no_stop(&b, 1024u * 1024u);
  ng_doc *d = ngt_extract(b.s, "2024-06-27");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT(d->sentences.n >= d->tokens.n / NG_MAX_SENTENCE_TOKENS);
  CU_ASSERT(d->sentences.n > 300);
  uint32_t next = 0;
  for (size_t i = 0; i < d->sentences.n; i++) {
    const ng_sentence *s = NG_SENT(d, i);
    CU_ASSERT(s->te - s->tb <= NG_MAX_SENTENCE_TOKENS);
    CU_ASSERT_EQUAL(s->tb, next);
    next = s->te;
  }
  CU_ASSERT_EQUAL(next, d->tokens.n);
  ng_doc_free(d);
  ng_buf_free(&b);
}

/* ---- the limits ---- */

static void test_limit_article_size(void) {
  size_t n = NG_MAX_ARTICLE_BYTES + 1;
  char *big = malloc(n);
  CU_ASSERT_PTR_NOT_NULL_FATAL(big);
  memset(big, 'a', n);
  ng_article *a = ng_article_new();
  clear_log();
  CU_ASSERT_EQUAL(ng_article_set(ngt_world, a, NG_FIELD_TEXT, big, n),
                  NG_ERR_LIMIT);
  fprintf(stderr, "\n  text over the limit: %s", last_msg);
  CU_ASSERT_EQUAL(last_code, NG_ERR_LIMIT);
  CU_ASSERT_PTR_NOT_NULL(strstr(last_msg, "limit"));
  CU_ASSERT_PTR_NOT_NULL(strstr(last_msg, "text"));
  /* exactly at the limit is accepted */
  CU_ASSERT_EQUAL(ng_article_set(ngt_world, a, NG_FIELD_TEXT, big, n - 1),
                  NG_OK);
  clear_log();
  CU_ASSERT_EQUAL(
      ng_article_set(ngt_world, a, NG_FIELD_TITLE, big, NG_MAX_FIELD_BYTES + 1),
      NG_ERR_LIMIT);
  fprintf(stderr, "\n  title over the limit: %s\n", last_msg);
  CU_ASSERT_PTR_NOT_NULL(strstr(last_msg, "title"));
  ng_article_free(a);
  free(big);
}

/* A JSON Lines record over NG_MAX_JSONL_LINE is skipped with a message
 * naming its line; the reader goes on with the next line. */
static void test_limit_jsonl_line(void) {
  size_t n = NG_MAX_JSONL_LINE + 64;
  char *buf = malloc(n + 256);
  CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
  size_t k = (size_t)sprintf(buf, "{\"id\":\"a\",\"text\":\"One.\"}\n"
                                  "{\"id\":\"big\",\"text\":\"");
  memset(buf + k, 'x', n - k);
  k = n;
  k += (size_t)sprintf(buf + k, "\"}\n{\"id\":\"c\",\"text\":\"Three.\"}\n");
  FILE *fp = fmemopen(buf, k, "rb");
  CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
  ng_jsonl_reader *r;
  CU_ASSERT_EQUAL_FATAL(ng_jsonl_reader_new(ngt_world, fp, &r), NG_OK);
  ng_article *a = NULL;
  CU_ASSERT_EQUAL(ng_jsonl_reader_next(r, &a), NG_OK);
  CU_ASSERT_PTR_NOT_NULL(a);
  ng_article_free(a);
  clear_log();
  CU_ASSERT_EQUAL(ng_jsonl_reader_next(r, &a), NG_ERR_LIMIT);
  CU_ASSERT_PTR_NULL(a);
  CU_ASSERT_EQUAL(ng_jsonl_reader_line(r), 2);
  fprintf(stderr, "\n  JSON Lines record over the limit: line %ld: %s\n",
          ng_jsonl_reader_line(r), last_msg);
  CU_ASSERT_PTR_NOT_NULL(strstr(last_msg, "limit"));
  CU_ASSERT_EQUAL(ng_jsonl_reader_next(r, &a), NG_OK);
  CU_ASSERT_PTR_NOT_NULL_FATAL(a);
  CU_ASSERT_STRING_EQUAL(ng_article_get(a, NG_FIELD_ID, NULL), "c");
  ng_article_free(a);
  CU_ASSERT_EQUAL(ng_jsonl_reader_next(r, &a), NG_OK);
  CU_ASSERT_PTR_NULL(a);
  ng_jsonl_reader_free(r);
  fclose(fp);
  free(buf);
}

static ng_status extract_status(const ng_buf *b) {
  size_t triples;
  ng_status st;
  run_once(b, &triples, &st);
  return st;
}

/* More than NG_MAX_MENTIONS actor mentions: NG_ERR_LIMIT, and the
 * message says what was too many. */
static void test_limit_mentions(void) {
  ng_buf b;
  ng_buf_init(&b, 0);
  for (size_t i = 0; i <= NG_MAX_MENTIONS; i++)
    add(&b, "Iraq, ");
  add(&b, "Iran.");
  clear_log();
  CU_ASSERT_EQUAL(extract_status(&b), NG_ERR_LIMIT);
  fprintf(stderr, "\n  mentions over the limit: %s: %s\n", last_stage,
          last_msg);
  CU_ASSERT_EQUAL(last_code, NG_ERR_LIMIT);
  CU_ASSERT_PTR_NOT_NULL(strstr(last_msg, "mentions"));
  ng_buf_free(&b);
}

/* More than NG_MAX_EVENTS events: NG_ERR_LIMIT from the event stage. */
static void test_limit_events(void) {
  ng_buf b;
  ng_buf_init(&b, 0);
  for (size_t i = 0; i <= NG_MAX_EVENTS; i++)
    add(&b, "Iraq attacked Iran. ");
  clear_log();
  CU_ASSERT_EQUAL(extract_status(&b), NG_ERR_LIMIT);
  fprintf(stderr, "\n  events over the limit: %s: %s\n", last_stage, last_msg);
  CU_ASSERT_EQUAL(last_code, NG_ERR_LIMIT);
  CU_ASSERT_STRING_EQUAL(last_stage, "event");
  CU_ASSERT_PTR_NOT_NULL(strstr(last_msg, "limit"));
  ng_buf_free(&b);
}

/* More than NG_MAX_MENTIONS time expressions: a warning, and the
 * article goes through with the first ones. */
static void test_limit_timexes(void) {
  ng_buf b;
  ng_buf_init(&b, 0);
  for (size_t i = 0; i <= NG_MAX_MENTIONS; i++)
    add(&b, i % 2 ? "in 2019 " : "on Monday ");
  clear_log();
  CU_ASSERT_EQUAL(extract_status(&b), NG_OK);
  fprintf(stderr, "\n  time expressions over the limit: %s: %s\n", last_stage,
          last_msg);
  CU_ASSERT_EQUAL(last_code, NG_ERR_LIMIT);
  CU_ASSERT_EQUAL(last_level, NG_LOG_WARN);
  CU_ASSERT_PTR_NOT_NULL(strstr(last_msg, "time expressions"));
  ng_buf_free(&b);
}

/* The longest literal of an emitted graph that begins with the person's
 * name ("Jean B..." or "B..."), and whether every literal is valid
 * UTF-8. */
typedef struct lit_stats {
  size_t longest;
  int bad_utf8;
} lit_stats;

static ng_status literals(void *ud, const ng_term *s, const ng_term *p,
                          const ng_term *o, const ng_term *g) {
  (void)s, (void)p, (void)g;
  lit_stats *ls = ud;
  if (o->kind == NG_TERM_LITERAL) {
    size_t bad;
    int name = (o->len > 6 && !memcmp(o->value, "Jean B", 6)) ||
               (o->len > 3 && !memcmp(o->value, "B\xc3\xa9", 3));
    if (name && o->len > ls->longest)
      ls->longest = o->len;
    if (!ng_utf8_valid(o->value, o->len, &bad))
      ls->bad_utf8 = 1;
  }
  return NG_OK;
}

/* A person named again by a surname of one word over the 4 KiB an
 * alias's text keeps (and of two-byte characters): the article goes
 * through (it gave "out of memory": the alias came out empty), the
 * person is in the graph and every literal is valid UTF-8 (the alias is
 * cut at a character's start). */
static void test_long_surname(void) {
  ng_buf b;
  ng_buf_init(&b, 0);
  ng_buf w;
  ng_buf_init(&w, 0);
  add(&w, "B");
  for (int i = 0; i < 2300; i++)
    add(&w, "\xc3\xa9"); /* e acute */
  add(&b, "Peruvian President Jean ");
  add(&b, w.s);
  add(&b, " said on Monday that the army would leave. ");
  add(&b, w.s);
  add(&b, " added that talks would follow.");
  ng_article *a = ng_article_new();
  ng_doc *d = NULL;
  lit_stats ls = {0, 0};
  CU_ASSERT_PTR_NOT_NULL_FATAL(a);
  ng_status st = ng_article_set(ngt_world, a, NG_FIELD_ID, "patho", 5);
  if (!st)
    st = ng_article_set(ngt_world, a, NG_FIELD_TEXT, b.s, b.len);
  if (!st)
    st = ng_extract(ngt_world, a, &d);
  if (!st)
    st = ng_doc_emit(ngt_world, d, literals, &ls);
  CU_ASSERT_EQUAL(st, NG_OK);
  CU_ASSERT(ls.longest > 4096); /* the person is in the graph */
  CU_ASSERT_FALSE(ls.bad_utf8);
  ng_doc_free(d);
  ng_article_free(a);
  ng_buf_free(&w);
  ng_buf_free(&b);
}

int main(void) {
  if (CU_initialize_registry() != CUE_SUCCESS)
    return CU_get_error();
  CU_pSuite s =
      CU_add_suite("pathological inputs", suite_init, ngt_world_clean);
  if (!s)
    return CU_get_error();
  NGT_ADD(s, test_linear);
  NGT_ADD(s, test_long_sentence_split);
  NGT_ADD(s, test_limit_article_size);
  NGT_ADD(s, test_limit_jsonl_line);
  NGT_ADD(s, test_limit_mentions);
  NGT_ADD(s, test_limit_events);
  NGT_ADD(s, test_limit_timexes);
  NGT_ADD(s, test_long_surname);
  return ngt_run();
}
