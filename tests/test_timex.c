/* test_timex.c - time expressions: the normaliser rule by rule, bad
 * input, and the pipeline stage on small texts run through the real
 * tokenizer and sentence splitter.  Every expression here was written
 * for this test. */
#include <CUnit/Basic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "doc.h"
#include "timex.h"

#ifndef NG_TEST_DATA_DIR
#define NG_TEST_DATA_DIR "data"
#endif
#ifndef NG_TEST_SRCDIR
#define NG_TEST_SRCDIR "."
#endif

/* ---- the normaliser ---- */

static char got_value[64], got_type[16], got_mod[16];

/* Normalises EXPR against REF with tense T; the status, and the
 * value, type and mod in got_*. */
static ng_status norm_t(const char *expr, const char *ref, ng_tense t) {
  ng_timex x;
  memset(&x, 0, sizeof x);
  ng_status st = ng_timex_normalize_tense(expr, strlen(expr), ref, t, &x);
  snprintf(got_value, sizeof got_value, "%s", x.value);
  snprintf(got_type, sizeof got_type, "%s", x.type);
  snprintf(got_mod, sizeof got_mod, "%s", x.mod);
  return st;
}

static int failures_shown;

/* Checks value (and type and mod when given) of EXPR through the
 * public function and, for the mod, the internal one. */
static void check_full(const char *expr, const char *ref, ng_tense t,
                       const char *value, const char *type, const char *mod,
                       int line) {
  ng_status st = norm_t(expr, ref, t);
  int ok = st == NG_OK && !strcmp(got_value, value) &&
           (!type || !strcmp(got_type, type)) &&
           (!mod || !strcmp(got_mod, mod));
  if (t == NG_TENSE_UNKNOWN) {
    char v[32], ty[16];
    ng_status st2 =
        ng_timex_normalize(expr, strlen(expr), ref, v, sizeof v, ty);
    ok =
        ok && st2 == NG_OK && !strcmp(v, value) && (!type || !strcmp(ty, type));
  }
  if (!ok && failures_shown++ < 60)
    fprintf(stderr,
            "\n  line %d: '%s' (ref %s): got %s %s [%s] status %d, "
            "want %s %s [%s]",
            line, expr, ref ? ref : "-", got_type, got_value, got_mod, (int)st,
            type ? type : "?", value, mod ? mod : "?");
  CU_ASSERT(ok);
}

#define CHECK(e, r, v)                                                         \
  check_full(e, r, NG_TENSE_UNKNOWN, v, NULL, NULL, __LINE__)
#define CHECK_T(e, r, v, ty)                                                   \
  check_full(e, r, NG_TENSE_UNKNOWN, v, ty, NULL, __LINE__)
#define CHECK_M(e, r, v, m)                                                    \
  check_full(e, r, NG_TENSE_UNKNOWN, v, NULL, m, __LINE__)
#define CHECK_TENSE(e, r, t, v) check_full(e, r, t, v, NULL, NULL, __LINE__)

/* Not a time expression: NG_ERR_INPUT and an empty value. */
static void check_none_n(const char *expr, size_t len, const char *ref,
                         int line) {
  char v[32] = "junk", ty[16] = "junk";
  ng_status st = ng_timex_normalize(expr, len, ref, v, sizeof v, ty);
  int ok = st == NG_ERR_INPUT && v[0] == '\0' && ty[0] == '\0';
  if (!ok && failures_shown++ < 60)
    fprintf(stderr, "\n  line %d: '%.40s' should not be a time: %s (%d)", line,
            expr, v, (int)st);
  CU_ASSERT(ok);
}
#define CHECK_NONE(e, r) check_none_n(e, strlen(e), r, __LINE__)

/* EXPR said after a date PREV of the same text (a value, or NULL):
 * VALUE (and MOD when given) through the internal and public function;
 * VALUE NULL: no time expression. */
static void check_after(const char *prev, const char *expr, const char *ref,
                        const char *value, const char *mod, int line) {
  ng_timex x;
  memset(&x, 0, sizeof x);
  ng_status st = ng_timex_normalize_ctx(expr, strlen(expr), ref,
                                        NG_TENSE_UNKNOWN, prev, &x);
  char v[32], ty[16];
  ng_status st2 =
      ng_timex_normalize_after(expr, strlen(expr), ref, prev, v, sizeof v, ty);
  int ok;
  if (value)
    ok = st == NG_OK && st2 == NG_OK && !strcmp(x.value, value) &&
         !strcmp(v, value) && (!mod || !strcmp(x.mod, mod));
  else
    ok = st == NG_ERR_INPUT && st2 == NG_ERR_INPUT && !v[0] && !ty[0];
  if (!ok && failures_shown++ < 60)
    fprintf(stderr,
            "\n  line %d: '%s' after %s (ref %s): got %s [%s] status %d, "
            "want %s [%s]",
            line, expr, prev ? prev : "-", ref, x.value, x.mod, (int)st,
            value ? value : "none", mod ? mod : "?");
  CU_ASSERT(ok);
}
#define CHECK_AFTER(p, e, r, v) check_after(p, e, r, v, NULL, __LINE__)
#define CHECK_AFTER_M(p, e, r, v, m) check_after(p, e, r, v, m, __LINE__)

/* 2021-09-15 is a Wednesday. */
#define WED "2021-09-15"
/* 2021-11-10 is a Wednesday too, in the fourth quarter. */
#define NOV "2021-11-10"

static void test_absolute_dates(void) {
  CHECK_T("2019-03-15", WED, "2019-03-15", "DATE");
  CHECK("2019/03/15", WED, "2019-03-15");
  CHECK("March 15, 2019", WED, "2019-03-15");
  CHECK("March 15th, 2019", WED, "2019-03-15");
  CHECK("15 March 2019", WED, "2019-03-15");
  CHECK("the 15th of March, 2019", WED, "2019-03-15");
  CHECK("Friday, March 15, 2019", WED, "2019-03-15");
  CHECK("Sept. 2", WED, "2021-09-02");
  CHECK("Aug 30", WED, "2021-08-30");
  CHECK("March 2019", WED, "2019-03");
  CHECK("March of 2019", WED, "2019-03");
  CHECK("3/15/2019", WED, "2019-03-15"); /* US order */
  CHECK("4/5/2019", WED, "2019-04-05");  /* both fit: US order */
  CHECK("15/3/2019", WED, "2019-03-15"); /* 15 cannot be a month */
  CHECK("3/15/19", WED, "2019-03-15");
  CHECK("2019", WED, "2019");
  CHECK("since 2007", WED, "2007");
  CHECK("the year 1999", WED, "1999");
  CHECK("post-1945", WED, "1945");
}

static void test_weekdays(void) {
  /* no cue: the latest on or before the date, or the next day */
  CHECK("Monday", WED, "2021-09-13");
  CHECK("on Monday", WED, "2021-09-13");
  CHECK("Wednesday", WED, "2021-09-15");
  CHECK("Thursday", WED, "2021-09-16");
  CHECK("Friday", WED, "2021-09-10");
  CHECK("Tuesday's", WED, "2021-09-14");
  /* deixis */
  CHECK("next Monday", WED, "2021-09-20");
  CHECK("this coming Friday", WED, "2021-09-17");
  CHECK("last Wednesday", WED, "2021-09-08");
  CHECK("last Thursday", WED, "2021-09-09");
  CHECK("this past Sunday", WED, "2021-09-12");
  /* tense hints from the clause */
  CHECK_TENSE("Monday", WED, NG_TENSE_FUTURE, "2021-09-20");
  CHECK_TENSE("Wednesday", WED, NG_TENSE_FUTURE, "2021-09-15");
  CHECK_TENSE("Thursday", WED, NG_TENSE_PAST, "2021-09-09");
  CHECK_TENSE("Friday", WED, NG_TENSE_FUTURE, "2021-09-17");
  /* across a year boundary */
  CHECK("Friday", "2022-01-02", "2021-12-31");
}

static void test_relative_days(void) {
  CHECK("today", WED, "2021-09-15");
  CHECK("Yesterday", WED, "2021-09-14");
  CHECK("tomorrow", WED, "2021-09-16");
  CHECK("tomorrow", "2021-12-31", "2022-01-01");
  CHECK_T("tonight", WED, "2021-09-15TNI", "TIME");
  CHECK_T("this morning", WED, "2021-09-15TMO", "TIME");
  CHECK("this afternoon", WED, "2021-09-15TAF");
  CHECK("yesterday evening", WED, "2021-09-14TEV");
  CHECK("last night", WED, "2021-09-14TNI");
  CHECK("the day before yesterday", WED, "2021-09-13");
  CHECK("the day after tomorrow", WED, "2021-09-17");
  CHECK("the day before last Monday", WED, "2021-09-12");
  CHECK("the week of March 1, 2021", WED, "2021-W9");
}

static void test_weeks_months_years(void) {
  CHECK("this week", WED, "2021-W37");
  CHECK("last week", WED, "2021-W36");
  CHECK("next week", WED, "2021-W38");
  CHECK("next week", "2021-12-30", "2022-W1");
  CHECK("this weekend", WED, "2021-W37-WE");
  CHECK("this month", WED, "2021-09");
  CHECK("last month", "2021-01-20", "2020-12");
  CHECK("next month", "2021-12-05", "2022-01");
  CHECK("this year", WED, "2021");
  CHECK("last year", WED, "2020");
  CHECK("next year", WED, "2022");
  CHECK_M("earlier this year", WED, "2021", "START");
  CHECK_M("later this month", WED, "2021-09", "END");
  CHECK_M("early next week", WED, "2021-W38", "START");
  CHECK_M("late last year", WED, "2020", "END");
  CHECK("last quarter", NOV, "2021-Q3");
  CHECK("the coming week", WED, "2021-W38");
}

static void test_months_without_year(void) {
  /* from seven months before to four months after the date */
  CHECK("September", NOV, "2021-09");
  CHECK("in May", NOV, "2021-05");
  CHECK("April", NOV, "2021-04");
  CHECK("March", NOV, "2022-03");
  CHECK("February", NOV, "2022-02");
  CHECK("June 5", NOV, "2021-06-05");
  CHECK("Jan. 20", NOV, "2022-01-20");
  /* the tense decides */
  CHECK_TENSE("October", NOV, NG_TENSE_FUTURE, "2022-10");
  CHECK_TENSE("November", NOV, NG_TENSE_FUTURE, "2021-11");
  CHECK_TENSE("December", NOV, NG_TENSE_PAST, "2020-12");
  CHECK_TENSE("Dec. 24", NOV, NG_TENSE_PAST, "2020-12-24");
  /* deixis */
  CHECK("last November", NOV, "2020-11");
  CHECK("last October", NOV, "2021-10");
  CHECK("next March", NOV, "2022-03");
}

static void test_modifiers(void) {
  CHECK_M("mid-August", WED, "2021-08", "MID");
  CHECK_M("mid August", WED, "2021-08", "MID");
  CHECK_M("early March 2020", WED, "2020-03", "START");
  CHECK_M("late September 2018", WED, "2018-09", "END");
  CHECK_M("late-September", WED, "2021-09", "END");
  CHECK_M("the end of 2020", WED, "2020", "END");
  CHECK_M("the beginning of the year", WED, "2021", "START");
  CHECK_M("the middle of next month", WED, "2021-10", "MID");
  CHECK_M("end of June", WED, "2021-06", "END");
  CHECK_M("mid-2016", WED, "2016", "MID");
  CHECK_M("the early 2000s", WED, "200X", "START");
  CHECK_M("around 1990", WED, "1990", "APPROX");
}

static void test_seasons(void) {
  CHECK("winter 2019", WED, "2019-WI");
  CHECK("the spring of 2020", WED, "2020-SP");
  CHECK("the fall of 2020", WED, "2020-FA");
  CHECK("summer", WED, "2021-SU");
  CHECK("last spring", NOV, "2021-SP");
  CHECK("last fall", NOV, "2020-FA");
  CHECK("next summer", NOV, "2022-SU");
  CHECK_M("early autumn", WED, "2021-FA", "START");
  CHECK_NONE("the fall of Kabul", WED);
}

static void test_decades_centuries(void) {
  CHECK("the 1980s", WED, "198X");
  CHECK("1980s", WED, "198X");
  CHECK("the '70s", WED, "197X");
  CHECK("the seventies", WED, "197X");
  CHECK("the 1990's", WED, "199X");
  CHECK("the 19th century", WED, "18");
  CHECK("the twenty-first century", WED, "20");
  CHECK("this century", WED, "20");
  CHECK("last century", WED, "19");
  CHECK("this decade", WED, "202X");
}

static void test_durations(void) {
  CHECK_T("40-day", WED, "P40D", "DURATION");
  CHECK("two years", WED, "P2Y");
  CHECK("three months", WED, "P3M");
  CHECK("a week", WED, "P1W");
  CHECK("24 hours", WED, "PT24H");
  CHECK("90 minutes", WED, "PT90M");
  CHECK("30 seconds", WED, "PT30S");
  CHECK("a fortnight", WED, "P2W");
  CHECK("decades", WED, "PXY");
  CHECK("centuries", WED, "PXY");
  CHECK("decades-old", WED, "PXY");
  CHECK("years", WED, "PXY");
  CHECK("two decades", WED, "P20Y");
  CHECK("a century", WED, "P100Y");
  CHECK("twenty-five years", WED, "P25Y");
  CHECK("an hour and a half", WED, "PT1H30M");
  CHECK("half an hour", WED, "PT30M");
  CHECK("one and a half days", WED, "P1DT12H");
  CHECK("2 1/2 years", WED, "P2Y6M");
  CHECK("2.5 hours", WED, "PT2H30M");
  CHECK("18-month", WED, "P18M");
  CHECK("two-week", WED, "P2W");
  CHECK("a 90-day ceasefire", WED, "P90D");
  CHECK("35-year-old", WED, "P35Y");
  CHECK("week-long", WED, "P1W");
  CHECK("several weeks", WED, "PXW");
  CHECK("a few months", WED, "PXM");
  CHECK("a couple of years", WED, "P2Y");
  CHECK("three more days", WED, "P3D");
  CHECK("the past three years", WED, "P3Y");
  CHECK("the last two weeks", WED, "P2W");
  CHECK("the next few months", WED, "PXM");
  CHECK("past decade", WED, "P10Y");
  CHECK("recent weeks", WED, "PXW");
  CHECK("the coming months", WED, "PXM");
  CHECK("the weekend", WED, "P2D");
  CHECK_M("about six weeks", WED, "P6W", "APPROX");
  CHECK_M("more than a year", WED, "P1Y", "MORE_THAN");
  CHECK_M("nearly two hours", WED, "PT2H", "LESS_THAN");
  CHECK("at least ten days", WED, "P10D");
}

static void test_references(void) {
  CHECK("now", WED, "PRESENT_REF");
  CHECK("currently", WED, "PRESENT_REF");
  CHECK("nowadays", WED, "PRESENT_REF");
  CHECK("current", WED, "PRESENT_REF");
  CHECK("recently", WED, "PAST_REF");
  CHECK("former", WED, "PAST_REF");
  CHECK("the past", WED, "PAST_REF");
  CHECK("in the future", WED, "FUTURE_REF");
  CHECK("the near future", WED, "FUTURE_REF");
  CHECK("soon", WED, "FUTURE_REF");
  CHECK("years ago", WED, "PAST_REF");
}

static void test_times(void) {
  CHECK_T("10:35 a.m.", WED, "2021-09-15T10:35", "TIME");
  CHECK("10:35 am", WED, "2021-09-15T10:35");
  CHECK("10:35", WED, "2021-09-15T10:35");
  CHECK("7 p.m.", WED, "2021-09-15T19:00");
  CHECK("7pm", WED, "2021-09-15T19:00");
  CHECK("12 a.m.", WED, "2021-09-15T00:00");
  CHECK("12 p.m.", WED, "2021-09-15T12:00");
  CHECK("noon", WED, "2021-09-15T12:00");
  CHECK("midnight", WED, "2021-09-15T24:00");
  CHECK("0900 GMT", WED, "2021-09-15T09:00");
  CHECK("8 o'clock", WED, "2021-09-15T08:00");
  CHECK("5 in the afternoon", WED, "2021-09-15T17:00");
  CHECK("3 p.m. Tuesday", WED, "2021-09-14T15:00");
  CHECK("11:20 p.m. EDT on Monday", WED, "2021-09-13T23:20");
  CHECK("Friday night", WED, "2021-09-10TNI");
  CHECK("Monday morning", WED, "2021-09-13TMO");
  CHECK_NONE("13 p.m.", WED);
  CHECK_NONE("25:10", WED);
}

static void test_quarters_fiscal(void) {
  CHECK("the third quarter", NOV, "2021-Q3");
  CHECK("the fourth quarter", NOV, "2021-Q4");
  CHECK("the first quarter", NOV, "2021-Q1");
  CHECK_TENSE("the first quarter", NOV, NG_TENSE_FUTURE, "2022-Q1");
  CHECK("third-quarter", NOV, "2021-Q3");
  CHECK("the second quarter of 2019", NOV, "2019-Q2");
  CHECK("the second quarter of last year", NOV, "2020-Q2");
  CHECK("Q2 2020", NOV, "2020-Q2");
  CHECK("the first half of 2019", NOV, "2019-H1");
  CHECK("fiscal 2022", NOV, "FY2022");
  CHECK("fiscal year 2020", NOV, "FY2020");
  CHECK("FY2023", NOV, "FY2023");
}

static void test_sets(void) {
  CHECK_T("every week", WED, "P1W", "SET");
  CHECK_T("daily", WED, "P1D", "SET");
  CHECK("weekly", WED, "P1W");
  CHECK("annually", WED, "P1Y");
  CHECK("every day", WED, "P1D");
  CHECK("each year", WED, "P1Y");
  CHECK("every other month", WED, "P2M");
  CHECK("every two years", WED, "P2Y");
  CHECK("every Monday", WED, "XXXX-WXX-1");
  CHECK("Sundays", WED, "XXXX-WXX-7");
  CHECK("every morning", WED, "XXXX-XX-XXTMO");
  CHECK_T("twice a month", WED, "P1M", "SET");
  CHECK("three times a week", WED, "P1W");
  CHECK("once a year", WED, "P1Y");
}

static void test_ago_and_holidays(void) {
  CHECK("three days ago", WED, "2021-09-12");
  CHECK("three weeks ago", WED, "2021-W34");
  CHECK("two months ago", "2021-01-20", "2020-11");
  CHECK("five years ago", WED, "2016");
  CHECK("a decade ago", WED, "2011");
  CHECK_M("almost four years ago", WED, "2017", "LESS_THAN");
  CHECK("ten days from now", WED, "2021-09-25");
  CHECK("Christmas", NOV, "2021-12-25");
  CHECK("Christmas Day 2019", NOV, "2019-12-25");
  CHECK("last Christmas", NOV, "2020-12-25");
  CHECK("New Year's Eve", NOV, "2021-12-31");
  CHECK("Thanksgiving 2020", NOV, "2020-11-26");
  CHECK("Thanksgiving", NOV, "2021-11-25");
  CHECK("Easter 2021", NOV, "2021-04-04");
  CHECK("Good Friday 2019", NOV, "2019-04-19");
  CHECK("Labor Day 2021", NOV, "2021-09-06");
  CHECK("Memorial Day 2021", NOV, "2021-05-31");
  CHECK("Election Day 2020", NOV, "2020-11-03");
  CHECK("Easter week 2021", NOV, "2021-W13");
}

/* Without a reference date only what needs none gets a value. */
static void test_unknown_reference(void) {
  CU_ASSERT_EQUAL(norm_t("June 5", NULL, NG_TENSE_UNKNOWN), NG_OK);
  CU_ASSERT_STRING_EQUAL(got_value, "XXXX-06-05");
  CU_ASSERT_EQUAL(norm_t("in June", "", NG_TENSE_UNKNOWN), NG_OK);
  CU_ASSERT_STRING_EQUAL(got_value, "XXXX-06");
  CU_ASSERT_EQUAL(norm_t("Thursday", NULL, NG_TENSE_UNKNOWN), NG_OK);
  CU_ASSERT_STRING_EQUAL(got_value, "XXXX-WXX-4");
  CU_ASSERT_EQUAL(norm_t("yesterday", NULL, NG_TENSE_UNKNOWN), NG_OK);
  CU_ASSERT_STRING_EQUAL(got_value, "");
  CU_ASSERT_STRING_EQUAL(got_type, "DATE");
  CU_ASSERT_EQUAL(norm_t("last week", NULL, NG_TENSE_UNKNOWN), NG_OK);
  CU_ASSERT_STRING_EQUAL(got_value, "");
  CU_ASSERT_EQUAL(norm_t("June 5, 2019", NULL, NG_TENSE_UNKNOWN), NG_OK);
  CU_ASSERT_STRING_EQUAL(got_value, "2019-06-05");
  CU_ASSERT_EQUAL(norm_t("two days", NULL, NG_TENSE_UNKNOWN), NG_OK);
  CU_ASSERT_STRING_EQUAL(got_value, "P2D");
  /* the public function needs a date */
  char v[32];
  CU_ASSERT_EQUAL(ng_timex_normalize("June 5", 6, "", v, sizeof v, NULL),
                  NG_ERR_ARG);
  CU_ASSERT_EQUAL(ng_timex_normalize("June 5", 6, NULL, v, sizeof v, NULL),
                  NG_ERR_ARG);
}

/* The expressions of tests/data/timex/golden.tsv. */
static void test_golden_file(void) {
  const char *src = getenv("NG_SRCDIR");
  char path[1024];
  snprintf(path, sizeof path, "%s/tests/data/timex/golden.tsv",
           src && *src ? src : NG_TEST_SRCDIR);
  FILE *fp = fopen(path, "r");
  CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
  char line[512];
  int n = 0;
  while (fgets(line, sizeof line, fp)) {
    char *f[5];
    int nf = 0;
    line[strcspn(line, "\r\n")] = '\0';
    for (char *p = line; nf < 5; nf++) {
      f[nf] = p;
      p = strchr(p, '\t');
      if (!p) {
        nf++;
        break;
      }
      *p++ = '\0';
    }
    if (nf != 5 || !strcmp(f[0], "date"))
      continue;
    n++;
    if (!strcmp(f[3], "-"))
      check_none_n(f[1], strlen(f[1]), f[0], n + 1);
    else
      check_full(f[1], f[0], NG_TENSE_UNKNOWN, f[3], f[2],
                 strcmp(f[4], "-") ? f[4] : "", n + 1);
  }
  fclose(fp);
  CU_ASSERT(n >= 60);
}


/* Expressions that point back to the last date of the text. */
static void test_anaphora(void) {
  /* the antecedent's day, month, year; a day of a month known only to
   * the month is written with X */
  CHECK_AFTER("2019-03-05", "that day", WED, "2019-03-05");
  CHECK_AFTER("2019-03-05", "that same day", WED, "2019-03-05");
  CHECK_AFTER("2019-03-05", "the same day,", WED, "2019-03-05");
  CHECK_AFTER("2019-03-05T14:00", "that night", WED, "2019-03-05TNI");
  CHECK_AFTER("2019-03", "that same day.", WED, "2019-03-XX");
  CHECK_AFTER("2017", "that day", WED, "2017-XX-XX");
  CHECK_AFTER("2019-03-05", "that week", WED, "2019-W10");
  CHECK_AFTER("2019-03-05", "that month", WED, "2019-03");
  CHECK_AFTER("2018-07", "that year", WED, "2018");
  CHECK_AFTER_M("2018-07", "later that year", WED, "2018", "END");
  CHECK_AFTER_M("2019-03-05", "earlier that day", WED, "2019-03-05", "START");
  /* one step from it */
  CHECK_AFTER("2019-03-05", "the next day", WED, "2019-03-06");
  CHECK_AFTER("2019-02-28", "the following day", WED, "2019-03-01");
  CHECK_AFTER("2019-03-05", "the next morning", WED, "2019-03-06TMO");
  CHECK_AFTER("2019-03-05", "the previous day", WED, "2019-03-04");
  CHECK_AFTER("2019-03-05", "the day before", WED, "2019-03-04");
  CHECK_AFTER("2019-03-05", "the day after", WED, "2019-03-06");
  CHECK_AFTER("2019-03-05", "the following week", WED, "2019-W11");
  CHECK_AFTER("2019-12-05", "the following month", WED, "2020-01");
  CHECK_AFTER("2018", "the following year", WED, "2019");
  CHECK_AFTER("2018-07", "the previous year", WED, "2017");
  /* without an antecedent (none, or a value that is no date): the
   * reference date */
  CHECK_AFTER(NULL, "that day", WED, "2021-09-15");
  CHECK_AFTER("", "the next day", WED, "2021-09-16");
  CHECK_AFTER("PRESENT_REF", "the following week", WED, "2021-W38");
  CHECK_AFTER("P3D", "later that year", WED, "2021");
  CHECK_AFTER("2021-W05", "that day", WED, "2021-09-15");
  CHECK_AFTER("2019-13-05", "that day", WED, "2021-09-15");
  CHECK("that day", WED, "2021-09-15");
  /* expressions that count from the reference date ignore it */
  CHECK_AFTER("2019-03-05", "Friday", WED, "2021-09-10");
  CHECK_AFTER("2019-03-05", "next week", WED, "2021-W38");
  CHECK_AFTER("2019-03-05", "the next week", WED, "P1W");
  CHECK_AFTER("2019-03-05", "two days", WED, "P2D");
  CHECK_AFTER("2019-03-05", "the day before Tuesday", WED, "2021-09-13");
  CHECK_AFTER("2019-03-05", "that", WED, NULL);
  CHECK_AFTER("2019-03-05", "the same", WED, NULL);
}

/* A clock time without a day is on the day in focus. */
static void test_anaphora_clock(void) {
  CHECK_AFTER("2016-09-02", "10:35 a.m.", WED, "2016-09-02T10:35");
  CHECK_AFTER("2016-09-02T08:00", "noon", WED, "2016-09-02T12:00");
  CHECK_AFTER("2016-09-02TMO", "5 in the morning", WED, "2016-09-02T05:00");
  /* a day of its own; an antecedent coarser than a day; none */
  CHECK_AFTER("2016-09-02", "3 p.m. Tuesday", WED, "2021-09-14T15:00");
  CHECK_AFTER("2016-09", "10:35 a.m.", WED, "2021-09-15T10:35");
  CHECK_AFTER("2016", "7 p.m.", WED, "2021-09-15T19:00");
  CHECK_AFTER(NULL, "7 p.m.", WED, "2021-09-15T19:00");
}

/* A day number alone after a month-day shares its month ("May 24 and
 * 25"); alone, or after a month or a year, it is no date. */
static void test_anaphora_day_number(void) {
  CHECK_AFTER("2017-05-24", "25", WED, "2017-05-25");
  CHECK_AFTER("2017-05-24", "26th", WED, "2017-05-26");
  CHECK_AFTER("2017-05-24T09:00", "28,", WED, "2017-05-28");
  CHECK_AFTER("2017-02-10", "30", WED, NULL);
  CHECK_AFTER("2017-05-24", "32", WED, NULL);
  CHECK_AFTER("2017-05", "25", WED, NULL);
  CHECK_AFTER("2017", "25", WED, NULL);
  CHECK_AFTER(NULL, "25", WED, NULL);
  CHECK_AFTER("2017-05-24", "25 troops", WED, NULL);
  CHECK_AFTER("2017-05-24", "1998", WED, "1998");
}

/* "day" alone is the day in focus ("on the same day" with only "day"
 * in the extent); with a count or an article it is a duration. */
static void test_anaphora_bare_day(void) {
  CHECK_AFTER("2015-11-13", "day", WED, "2015-11-13");
  CHECK_AFTER("2015-11-13T21:20", "Day.", WED, "2015-11-13");
  CHECK_AFTER("2015-11", "day", WED, "2015-11-XX");
  CHECK_AFTER(NULL, "day", WED, "2021-09-15");
  CHECK_AFTER("2015-11-13", "a day", WED, "P1D");
  CHECK_AFTER("2015-11-13", "one day", WED, "P1D");
  CHECK_AFTER("2015-11-13", "days", WED, "PXD");
  CHECK_AFTER("2015-11-13", "week", WED, NULL);
  CHECK_AFTER("2015-11-13", "day one", WED, NULL);
}

/* "N units later/earlier" count from the date in focus, as "N units
 * ago" counts from the reference date. */
static void test_anaphora_later(void) {
  CHECK_AFTER("2019-03-03", "two days later", WED, "2019-03-05");
  CHECK_AFTER("2019-03-03T18:00", "a day earlier", WED, "2019-03-02");
  CHECK_AFTER("2019-03-03", "three weeks later", WED, "2019-W12");
  CHECK_AFTER("2019-03-03", "six months earlier", WED, "2018-09");
  CHECK_AFTER("2019-03-03", "a year earlier", WED, "2018");
  CHECK_AFTER("2019-03-03", "a decade later", WED, "2029");
  CHECK_AFTER("2019-03-03", "two hours later", WED, "2019-03-03");
  CHECK_AFTER("1998-10", "two months later", WED, "1998-12");
  CHECK_AFTER("1998-10", "a year and a half later", WED, "2000-04");
  CHECK_AFTER("1998", "a year later", WED, "1999");
  /* no day to count from, or no antecedent: the reference date */
  CHECK_AFTER("1998-10", "two days later", WED, "2021-09-17");
  CHECK_AFTER("1998", "six months later", WED, "2022-03");
  CHECK_AFTER(NULL, "a week earlier", WED, "2021-W36");
  /* without a count it stays a duration; "ago" ignores the antecedent */
  CHECK_AFTER("2019-03-03", "days later", WED, "PXD");
  CHECK_AFTER("2019-03-03", "two days ago", WED, "2021-09-13");
}

/* ---- bad input ---- */

static void test_bad_arguments(void) {
  char v[32] = "junk", ty[16];
  CU_ASSERT_EQUAL(ng_timex_normalize("", 0, WED, v, sizeof v, ty),
                  NG_ERR_INPUT);
  CU_ASSERT_STRING_EQUAL(v, "");
  CU_ASSERT_EQUAL(ng_timex_normalize(NULL, 0, WED, v, sizeof v, ty),
                  NG_ERR_INPUT);
  CU_ASSERT_EQUAL(ng_timex_normalize(NULL, 4, WED, v, sizeof v, ty),
                  NG_ERR_ARG);
  CU_ASSERT_EQUAL(ng_timex_normalize("today", 5, WED, NULL, 0, ty), NG_ERR_ARG);
  /* malformed reference dates */
  static const char *const bad[] = {
      "2023-13-01",       "2023-02-30", "20230101", "2023-1-01",
      "2023-01-01T10:00", "0000-01-01", "yesterday"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    CU_ASSERT_EQUAL(ng_timex_normalize("today", 5, bad[i], v, sizeof v, ty),
                    NG_ERR_ARG);
  /* a value buffer too small for the value: refused, not cut */
  CU_ASSERT_EQUAL(ng_timex_normalize("today", 5, WED, v, 5, ty), NG_ERR_ARG);
  CU_ASSERT_STRING_EQUAL(v, "");
  CU_ASSERT_EQUAL(ng_timex_normalize("today", 5, WED, v, 11, ty), NG_OK);
  CU_ASSERT_STRING_EQUAL(v, "2021-09-15");
}

static void test_adversarial(void) {
  /* 10 kB of digits, and 1000 (one piece with too many digits) */
  char *big = malloc(10241);
  CU_ASSERT_PTR_NOT_NULL_FATAL(big);
  memset(big, '7', 10240);
  big[10240] = '\0';
  check_none_n(big, 10240, WED, __LINE__);
  check_none_n(big, 1000, WED, __LINE__);
  /* 1000 bytes of pieces: more pieces than the normaliser takes */
  for (size_t i = 0; i < 1000; i++)
    big[i] = i % 2 ? ' ' : '7';
  check_none_n(big, 1000, WED, __LINE__);
  free(big);
  /* impossible dates */
  CHECK_NONE("2023-02-30", WED);
  CHECK_NONE("June 31", WED);
  CHECK_NONE("31 June", WED);
  CHECK_NONE("February 29, 2023", WED);
  CHECK_NONE("June 0", WED);
  CHECK_NONE("13/13/2020", WED);
  CHECK("February 29, 2024", WED, "2024-02-29");
  /* far years and counts */
  CHECK("9999", WED, "9999");
  CHECK_NONE("the year 12345", WED);
  CHECK_NONE("10000 years ago", WED);
  CHECK_NONE("100000000 days", WED);
  CHECK("in 1066", WED, "1066");
  /* not time expressions */
  CHECK_NONE("the cat sat on the mat", WED);
  CHECK_NONE("42", WED);
  CHECK_NONE("-", WED);
  CHECK_NONE("...", WED);
  /* non-ASCII */
  CHECK_NONE("ma\xc3\xb1"
             "ana",
             WED);
  CHECK_NONE("\xd8\xa7\xd9\x84\xd8\xae\xd9\x85\xd9\x8a\xd8\xb3", WED);
  CHECK_NONE("\xef\xbc\x92\xef\xbc\x90\xef\xbc\x92\xef\xbc\x91", WED);
  CHECK("June\xc2\xa0"
        "5",
        WED, "2021-06-05");                     /* no-break space */
  CHECK("mid\xe2\x80\x91July", WED, "2021-07"); /* U+2011 hyphen */
  CHECK("New Year\xe2\x80\x99s Day 2020", WED, "2020-01-01");
  CHECK("\xff\xfe June 5 \xc3", WED, "2021-06-05"); /* stray bytes */
  /* an embedded NUL inside LEN separates like a space */
  check_none_n("\0\0\0", 3, WED, __LINE__);
  char v[32];
  CU_ASSERT_EQUAL(ng_timex_normalize("June\0"
                                     "5",
                                     6, WED, v, sizeof v, NULL),
                  NG_OK);
  CU_ASSERT_STRING_EQUAL(v, "2021-06-05");
  /* bytes after LEN are not read */
  CU_ASSERT_EQUAL(ng_timex_normalize("May 5, 2019", 3, WED, v, sizeof v, NULL),
                  NG_OK);
  CU_ASSERT_STRING_EQUAL(v, "2021-05");
}

/* Random strings from time words, digits and punctuation (a fixed
 * seed): no crash, and every value fits. */
static void test_random_input(void) {
  static const char *const parts[] = {
      "June",    " ",         "5",        "-",
      "/",       ".",         ",",        "2024",
      "the",     "last",      "next",     "mid",
      "a.m.",    "10:35",     "'",        "\xe2\x80\x99",
      "s",       "of",        "every",    "1990s",
      "quarter", "third",     "half",     "and",
      "a",       "ago",       "days",     "\xc3",
      "\xff",    "\0",        "Thursday", "night",
      "early",   "fiscal",    "Q3",       "12345678901",
      "1/2",     "Christmas", "week",     "o'clock",
      "GMT",     "0"};
  unsigned long seed = 12345;
  char buf[400];
  for (int n = 0; n < 20000; n++) {
    size_t len = 0;
    seed = seed * 6364136223846793005UL + 1442695040888963407UL;
    int pieces = (int)((seed >> 33) % 12) + 1;
    for (int k = 0; k < pieces; k++) {
      seed = seed * 6364136223846793005UL + 1442695040888963407UL;
      const char *p = parts[(seed >> 33) % (sizeof parts / sizeof *parts)];
      size_t pl = strlen(p);
      if (pl == 0)
        pl = 1; /* the NUL piece */
      if (len + pl >= sizeof buf)
        break;
      memcpy(buf + len, p, pl);
      len += pl;
    }
    char v[32], ty[16];
    ng_status st = ng_timex_normalize(buf, len, "2024-02-29", v, sizeof v, ty);
    CU_ASSERT(st == NG_OK || st == NG_ERR_INPUT);
    CU_ASSERT(strlen(v) < sizeof v);
    CU_ASSERT(st != NG_OK || v[0]);
  }
}

/* ---- the stage ---- */

static ng_world *world;

static int init_world(void) {
  const char *dir = getenv("NEWSGRAPH_DATA_DIR");
  world = ng_world_new();
  if (!world)
    return 1;
  if (ng_world_set_data_dir(world, dir && *dir ? dir : NG_TEST_DATA_DIR) ||
      ng_world_open(world)) {
    ng_world_free(world);
    world = NULL;
    return 1;
  }
  return 0;
}

static int free_world(void) {
  ng_world_free(world);
  return 0;
}

/* Runs TEXT (article date DATE or NULL) through tokens, sentences and
 * time expressions; NULL when a stage fails. */
static ng_doc *tag(const char *text, const char *date) {
  ng_article *a = ng_article_new();
  ng_doc *d = NULL;
  if (!a)
    return NULL;
  ng_status st = ng_article_set(NULL, a, NG_FIELD_ID, "t", 1);
  if (!st)
    st = ng_article_set(NULL, a, NG_FIELD_TEXT, text, strlen(text));
  if (!st && date)
    st = ng_article_set(NULL, a, NG_FIELD_DATE, date, strlen(date));
  if (!st)
    st = ng_doc_new(world, a, &d);
  ng_article_free(a);
  if (!st)
    st = ng_stage_tokens(world, d);
  if (!st)
    st = ng_stage_sentences(world, d);
  if (!st)
    st = ng_stage_timex(world, d);
  if (st) {
    ng_doc_free(d);
    return NULL;
  }
  return d;
}

/* The text of timex K of D, "" when there is none. */
static const char *timex_text(const ng_doc *d, size_t k) {
  static char buf[256];
  buf[0] = '\0';
  if (k >= d->timexes.n)
    return buf;
  const ng_timex *x = &NG_VEC_AT(&d->timexes, ng_timex, k);
  const ng_token *b = NG_TOK(d, x->tb), *e = NG_TOK(d, x->te - 1);
  snprintf(buf, sizeof buf, "%.*s", (int)(e->e - b->b), d->text + b->b);
  return buf;
}

/* Checks that TEXT holds exactly the expressions in WANT: a list of
 * "text|value|mod" strings ending with NULL. */
static void check_tags(const char *text, const char *date,
                       const char *const *want, int line) {
  ng_doc *d = tag(text, date);
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  size_t n = 0;
  while (want[n])
    n++;
  int ok = d->timexes.n == n;
  for (size_t k = 0; ok && k < n; k++) {
    const ng_timex *x = &NG_VEC_AT(&d->timexes, ng_timex, k);
    char got[160];
    snprintf(got, sizeof got, "%s|%s|%s", timex_text(d, k), x->value, x->mod);
    ok = !strcmp(got, want[k]);
  }
  if (!ok && failures_shown++ < 60) {
    fprintf(stderr, "\n  line %d: '%s' gives", line, text);
    for (size_t k = 0; k < d->timexes.n; k++) {
      const ng_timex *x = &NG_VEC_AT(&d->timexes, ng_timex, k);
      fprintf(stderr, " [%s|%s|%s]", timex_text(d, k), x->value, x->mod);
    }
  }
  CU_ASSERT(ok);
  ng_doc_free(d);
}

#define TAGS(text, date, ...)                                                  \
  do {                                                                         \
    static const char *const want_[] = {__VA_ARGS__, NULL};                    \
    check_tags(text, date, want_, __LINE__);                                   \
  } while (0)
#define NO_TAGS(text, date)                                                    \
  do {                                                                         \
    static const char *const want_[] = {NULL};                                 \
    check_tags(text, date, want_, __LINE__);                                   \
  } while (0)

static void test_stage_extents(void) {
  TAGS("The two ministers met on Thursday in Basra.", WED,
       "Thursday|2021-09-16|");
  TAGS("Protests resumed in mid-July, the police said.", WED,
       "mid-July|2021-07|MID");
  TAGS("The militia issued a 40-day ultimatum to the government.", WED,
       "40-day|P40D|");
  TAGS("Prices have doubled since late October 2023.", "2024-06-27",
       "late October 2023|2023-10|END");
  TAGS("The talks, which began on June 3, 2021, ended in the third "
       "quarter.",
       NOV, "June 3, 2021|2021-06-03|", "the third quarter|2021-Q3|");
  TAGS("He has lived there for years and left two weeks ago.", WED,
       "years|PXY|", "two weeks ago|2021-W35|");
  TAGS("Parliament will vote next week; the result is expected by "
       "the end of the year.",
       WED, "next week|2021-W38|", "the end of the year|2021|END");
  TAGS("The curfew starts at 10 p.m. and is lifted daily at 6 a.m.", WED,
       "10 p.m.|2021-09-15T22:00|", "daily|P1D|", "6 a.m.|2021-09-15T06:00|");
  TAGS("Officials are now reviewing attacks that took place in the "
       "1990s.",
       WED, "now|PRESENT_REF|", "the 1990s|199X|");
}

static void test_stage_tense(void) {
  /* written on a Wednesday */
  TAGS("The envoy will arrive in Baghdad on Monday.", WED,
       "Monday|2021-09-20|");
  TAGS("The envoy arrived in Baghdad on Monday.", WED, "Monday|2021-09-13|");
  TAGS("Talks were held on Thursday.", WED, "Thursday|2021-09-09|");
  TAGS("The summit is scheduled for Thursday.", WED, "Thursday|2021-09-16|");
  TAGS("The council agreed to meet again on Friday.", WED,
       "Friday|2021-09-17|");
  TAGS("The minister said on Friday that the talks failed.", WED,
       "Friday|2021-09-10|");
  /* "States" of "United States" is not a reporting verb */
  TAGS("Floods may hit the United States by August 4.", "2020-05-29",
       "August 4|2020-08-04|");
  /* a future in the past gives no direction */
  TAGS("Her term was to end in August.", "2020-06-10", "August|2020-08|");
  /* months: an election that will take place in March */
  TAGS("Elections will be held in March.", NOV, "March|2022-03|");
  TAGS("Elections were held in October.", NOV, "October|2021-10|");
  /* after "until" or "next" the verb's tense is not the date's */
  TAGS("He was remanded until his next court appearance on September 30.",
       WED, "September 30|2021-09-30|");
  TAGS("The deadline was extended until October 12.", WED,
       "October 12|2021-10-12|");
  /* a future before "until" still counts */
  TAGS("Events have been planned in the city until May.", WED,
       "May|2022-05|");
}

static void test_stage_ambiguity(void) {
  NO_TAGS("May God protect the people of Iraq.", WED);
  NO_TAGS("More than 2000 troops arrived at the base.", WED);
  NO_TAGS("They discussed the fall of Mosul and the Arab Spring.", WED);
  NO_TAGS("She was elected to a second term.", WED);
  NO_TAGS("Thousands march through the capital.", WED);
  NO_TAGS("The former minister met the current government.", WED);
  NO_TAGS("The Daily Telegraph reported the story.", WED);
  TAGS("The offensive began in the spring.", WED, "the spring|2021-SP|");
  TAGS("In May the government fell.", WED, "May|2021-05|");
  TAGS("The 2018 election was disputed.", WED, "2018|2018|");
  TAGS("She recently returned.", WED, "recently|PAST_REF|");
}

/* Issue 17: "On 28 Apr 2020" was 2020 in running text and 2020-04-28
 * from the normaliser.  A whole date written with a short month gets
 * the normaliser's value from the stage too. */
static void test_stage_short_months(void) {
  static const char *const dates[] = {
      "28 Apr 2020", "Apr 28, 2020", "Apr 28 2020", "3 Sept 2019",
      "12 Dec 2018", "Jun 5, 2021", "28 April 2020", "June 3, 2021"};
  for (size_t k = 0; k < NG_ARRAY_LEN(dates); k++) {
    char text[128], want[64], v[32], ty[16];
    CU_ASSERT_EQUAL(ng_timex_normalize(dates[k], strlen(dates[k]), NOV, v,
                                       sizeof v, ty),
                    NG_OK);
    snprintf(text, sizeof text, "On %s, the army shelled the town.",
             dates[k]);
    snprintf(want, sizeof want, "%s|%s|", dates[k], v);
    const char *const tags[] = {want, NULL};
    check_tags(text, NOV, tags, __LINE__);
  }
  /* a short form without a whole date stays a word */
  NO_TAGS("Jan 5 goals were scored by the visitors.", WED);
  NO_TAGS("Ms Mar told the court she was innocent.", WED);
}

static void test_stage_sentences_and_limits(void) {
  /* expressions never join across a sentence boundary */
  TAGS("He left on Monday. Friday was quiet.", WED, "Monday|2021-09-13|",
       "Friday|2021-09-10|");
  TAGS("It happened in June. 2019 was different.", WED, "June|2021-06|",
       "2019|2019|");
  /* an unknown article date: only absolute values */
  TAGS("On Thursday, officials said the deal of March 5, 2020 and the "
       "talks of yesterday failed.",
       NULL, "Thursday|XXXX-WXX-4|", "March 5, 2020|2020-03-05|",
       "yesterday||");
  NO_TAGS("The meeting on June 31 was cancelled.", WED);
}

/* 1 MB without a full stop, full of near-expressions: the stage stays
 * linear (the sentence splitter cuts it; the stage looks ahead a bounded
 * number of tokens). */
static void test_stage_pathological(void) {
  static const char unit[] = "since late June 5 the 1990s every other "
                             "week mid- 2000 troops ";
  size_t ul = sizeof unit - 1, n = (1u << 20) / ul;
  char *text = malloc(n * ul + 1);
  CU_ASSERT_PTR_NOT_NULL_FATAL(text);
  for (size_t i = 0; i < n; i++)
    memcpy(text + i * ul, unit, ul);
  text[n * ul] = '\0';
  clock_t t0 = clock();
  ng_doc *d = tag(text, WED);
  double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  /* three per repetition, less those cut where the splitter cuts the
   * run into 400-token sentences */
  CU_ASSERT(d->timexes.n <= 3 * n);
  CU_ASSERT(d->timexes.n + 3 * d->sentences.n >= 3 * n);
  CU_ASSERT(secs < 20.0);
  ng_doc_free(d);
  free(text);
}

/* Expressions that begin with each kind of piece a rule can start with
 * (the stage skips the rules at any other piece): numbers, month and
 * day names, units, function words, holidays, the apostrophe of "'90s". */
static void test_stage_starts(void) {
  TAGS("The truce held over Christmas, a spokesman said.", NOV,
       "over Christmas|2021-12-25|MORE_THAN");
  TAGS("Rebels have fought since the '90s in the north.", WED,
       "the '90s|199X|");
  TAGS("The cabinet meets twice a year and every Thursday.", WED,
       "twice a year|P1Y|", "every Thursday|XXXX-WXX-4|");
  TAGS("They talked for about three weeks until noon on Friday.", WED,
       "about three weeks|P3W|APPROX", "noon on Friday|2021-09-10T12:00|");
  TAGS("Exports rose in fiscal 2024 and in Q3 2023.", WED,
       "fiscal 2024|FY2024|", "Q3 2023|2023-Q3|");
  TAGS("The envoy arrived this morning and leaves tonight.", WED,
       "this morning|2021-09-15TMO|", "tonight|2021-09-15TNI|");
  TAGS("Talks collapsed earlier this year, in the second half of 2020.",
       WED, "earlier this year|2021|START",
       "the second half of 2020|2020-H2|");
  TAGS("Attacks rose 40% on 12/06/2020 and on 2020-06-12 at 10:35 GMT.",
       WED, "12/06/2020|2020-12-06|", "2020-06-12|2020-06-12|",
       "10:35 GMT|2020-06-12T10:35|");
  NO_TAGS("The new government of national unity met the press.", WED);
}

/* In an article, expressions that point back take the last date before
 * them (a clock time its day), not the article date. */
static void test_stage_anaphora(void) {
  TAGS("Rebels seized the town on 3 March 2021. The next day, the army "
       "struck back. Two days later, envoys met at 10:00 and talked until "
       "that evening. Later that month, the truce failed.",
       WED, "3 March 2021|2021-03-03|", "The next day|2021-03-04|",
       "Two days later|2021-03-06|", "10:00|2021-03-06T10:00|",
       "that evening|2021-03-06TEV|", "Later that month|2021-03|END");
  /* a number alone in its sentence is a date only as a whole line of
   * newsgraph timex ("25" after "April 24"), never in an article */
  TAGS("Talks began on 3 March 2021. A mask cost Rs.30. Noosa won 32\xe2\x80\x93"
       "22\nSo it went.",
       WED, "3 March 2021|2021-03-03|");
  /* with no date before them, the article date */
  TAGS("The next day, the army struck back.", WED,
       "The next day|2021-09-16|");
}

int main(void) {
  if (CU_initialize_registry() != CUE_SUCCESS)
    return 2;
  CU_pSuite s = CU_add_suite("timex_normalize", NULL, NULL);
  CU_pSuite t = CU_add_suite("timex_stage", init_world, free_world);
  if (!s || !t) {
    CU_cleanup_registry();
    return 2;
  }
  CU_add_test(s, "absolute dates", test_absolute_dates);
  CU_add_test(s, "weekdays", test_weekdays);
  CU_add_test(s, "relative days", test_relative_days);
  CU_add_test(s, "weeks, months, years", test_weeks_months_years);
  CU_add_test(s, "months without a year", test_months_without_year);
  CU_add_test(s, "modifiers", test_modifiers);
  CU_add_test(s, "seasons", test_seasons);
  CU_add_test(s, "decades and centuries", test_decades_centuries);
  CU_add_test(s, "durations", test_durations);
  CU_add_test(s, "references", test_references);
  CU_add_test(s, "clock times", test_times);
  CU_add_test(s, "quarters and fiscal years", test_quarters_fiscal);
  CU_add_test(s, "sets", test_sets);
  CU_add_test(s, "ago and holidays", test_ago_and_holidays);
  CU_add_test(s, "unknown reference date", test_unknown_reference);
  CU_add_test(s, "anaphora", test_anaphora);
  CU_add_test(s, "clock times in focus", test_anaphora_clock);
  CU_add_test(s, "a day number after a month-day", test_anaphora_day_number);
  CU_add_test(s, "a bare day", test_anaphora_bare_day);
  CU_add_test(s, "later and earlier", test_anaphora_later);
  CU_add_test(s, "golden file", test_golden_file);
  CU_add_test(s, "bad arguments", test_bad_arguments);
  CU_add_test(s, "adversarial input", test_adversarial);
  CU_add_test(s, "random input", test_random_input);
  CU_add_test(t, "extents and values", test_stage_extents);
  CU_add_test(t, "tense cues", test_stage_tense);
  CU_add_test(t, "ambiguous words", test_stage_ambiguity);
  CU_add_test(t, "short months in whole dates", test_stage_short_months);
  CU_add_test(t, "sentences, unknown date", test_stage_sentences_and_limits);
  CU_add_test(t, "pathological input", test_stage_pathological);
  CU_add_test(t, "every kind of first piece", test_stage_starts);
  CU_add_test(t, "expressions that point back", test_stage_anaphora);
  CU_basic_set_mode(CU_BRM_NORMAL);
  CU_basic_run_tests();
  unsigned failed = CU_get_number_of_failures();
  CU_cleanup_registry();
  return failed ? 1 : 0;
}
