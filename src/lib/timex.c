/* timex.c - time expressions: the normaliser behind ng_timex_normalize()
 * and the pipeline stage ng_stage_timex() that finds them in a document.
 *
 * Both work on "pieces": the stage makes one per token (token.c), the
 * normaliser splits its string the same way (a small lexer below).  A
 * piece carries what the rules need, read once: its match key, the
 * month, weekday, season, unit or number it names, the digits it holds.
 * One matcher then tries every rule family at a piece and keeps the
 * longest expression; each rule looks ahead a bounded number of pieces
 * and nothing recurses on the input, so a document costs linear time.
 *
 * Values follow TIMEX3 as annotated in TimeBank and TempEval-3:
 *   dates     2024-06-27, 2024-06, 2024, 2024-Q3, 2024-H1, 2024-SU,
 *             FY2024, 2024-W26 (ISO week), 2024-W26-WE, 199X (decade),
 *             19 (century), XXXX-07 and XXXX-WXX-4 when unanchored
 *   times     2024-06-27T10:35, 2024-06-27TMO (morning; TAF, TEV, TNI)
 *   durations P40D, P2Y, PT24H, P1Y6M, PXY ("years", "decades")
 *   sets      P1W ("every week", "weekly"), XXXX-WXX-4 ("every Thursday")
 *   refs      PRESENT_REF ("now"), PAST_REF ("recently"), FUTURE_REF
 * Modifiers (the mod field): START, MID, END ("early", "mid-", "late"),
 * APPROX, MORE_THAN, LESS_THAN, EQUAL_OR_MORE, EQUAL_OR_LESS.
 *
 * Which way an expression without a year points (the tense hint, see
 * timex.h): a bare weekday is the latest one on or before the reference
 * date, except that the day right after it counts as "tomorrow" (news
 * announces the next day more often than it looks back six days); a
 * future cue takes the first one on or after the reference date, a past
 * cue the latest on or before it.  The stage reads the cue in the clause:
 * the nearest of, going back up to ten tokens, a future word ("will",
 * "scheduled", "plans"), an infinitive ("agreed to meet on Friday"), a
 * past reporting verb ("said"), "was", "were", "had", "did" or an -ed
 * verb; else a future or past word just after the expression.
 * Months, month-days, seasons and holidays without a year take the
 * occurrence from about seven months before to four months after the
 * reference date, or the nearest one in the direction of the tense.
 * "last X" is the latest occurrence strictly before the reference
 * period, "next X" the first one strictly after it, "this X" the one in
 * the reference week, month or year.
 *
 * The normaliser (not the stage, which has no antecedent yet) also
 * resolves expressions that point back against the last date of the
 * text before them, which its caller passes (ng_timex_normalize_after):
 * "that day", "later that year", "the next morning", "the following
 * week", "two days later", "day" alone, a clock time without a day, a
 * day number after a month-day; without one they take the reference
 * date.  Deictic expressions ("Friday", "last week", "two days ago")
 * always count from the reference date.
 *
 * Extents: the words that relate an expression to an event ("since",
 * "on", "in", "until") stay outside; "the" is inside when it belongs to
 * the phrase ("the third quarter", "the 1990s", "the past two years").
 *
 * In running text (the stage) ambiguous words need a cue: "May" and
 * "March" as bare months need "in", "since", "early"... before them; a
 * number is a year only from 1800 to 2100 and not before a plural noun
 * ("2000 troops"); seasons need "the", a cue or a year ("the fall of
 * Mosul" is none); weekdays and months are capitalised, short forms
 * only as written abbreviations ("Jan."); "former" and "current" (which
 * the normaliser maps to PAST_REF and PRESENT_REF) are not tagged.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lexicon.h"
#include "timex.h"

/* TimeBank and TempEval-3 write ISO weeks without a leading zero
 * ("2000-W7"); set to 1 for the two-digit form of ISO 8601. */
#define WEEK_PAD 0

/* ------------------------------------------------------------------ */
/* Calendar arithmetic on day numbers (days since 1970-01-01)          */
/* ------------------------------------------------------------------ */

static int is_leap(long y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(long y, int m) {
  static const int md[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12)
    return 0;
  return m == 2 && is_leap(y) ? 29 : md[m - 1];
}

static int valid_ymd(long y, int m, int d) {
  return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
         d <= month_days(y, m);
}

/* Howard Hinnant's civil-from-days algorithms (proleptic Gregorian). */
static long days_from_civil(long y, int m, int d) {
  y -= m <= 2;
  long era = (y >= 0 ? y : y - 399) / 400;
  long yoe = y - era * 400;
  long doy = (153L * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, long *y, int *m, int *d) {
  z += 719468;
  long era = (z >= 0 ? z : z - 146096) / 146097;
  long doe = z - era * 146097;
  long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long mp = (5 * doy + 2) / 153;
  *d = (int)(doy - (153 * mp + 2) / 5 + 1);
  *m = (int)(mp < 10 ? mp + 3 : mp - 9);
  *y = yoe + era * 400 + (*m <= 2);
}

/* ISO weekday: Monday 1 .. Sunday 7 (1970-01-01 was a Thursday). */
static int weekday_of(long z) {
  long w = (z + 3) % 7;
  if (w < 0)
    w += 7;
  return (int)w + 1;
}

/* The ISO week-numbering year and week of day Z. */
static void iso_week(long z, long *wy, int *wn) {
  long thu = z - weekday_of(z) + 4; /* the Thursday of Z's week */
  long y;
  int m, d;
  civil_from_days(thu, &y, &m, &d);
  *wy = y;
  *wn = (int)((thu - days_from_civil(y, 1, 1)) / 7 + 1);
}

/* Easter Sunday (the anonymous Gregorian computus). */
static void easter_of(long y, int *m, int *d) {
  long a = y % 19, b = y / 100, c = y % 100, dd = b / 4, e = b % 4;
  long f = (b + 8) / 25, g = (b - f + 1) / 3;
  long h = (19 * a + b - dd - g + 15) % 30;
  long i = c / 4, k = c % 4;
  long l = (32 + 2 * e + 2 * i - h - k) % 7;
  long mm = (a + 11 * h + 22 * l) / 451;
  *m = (int)((h + l - 7 * mm + 114) / 31);
  *d = (int)((h + l - 7 * mm + 114) % 31 + 1);
}

/* Day of month of the Nth weekday WD of month M (N = -1: the last). */
static int nth_weekday(long y, int m, int wd, int n) {
  if (n > 0) {
    int wd1 = weekday_of(days_from_civil(y, m, 1));
    return 1 + (wd - wd1 + 7) % 7 + 7 * (n - 1);
  }
  int last = month_days(y, m);
  int wdl = weekday_of(days_from_civil(y, m, last));
  return last - (wdl - wd + 7) % 7;
}

/* Adds N months to Y-M (N may be negative). */
static void add_months(long *y, int *m, long n) {
  long t = *y * 12 + (*m - 1) + n;
  long yy = t >= 0 ? t / 12 : -((-t + 11) / 12);
  *y = yy;
  *m = (int)(t - yy * 12) + 1;
}

/* Season of month M: 0 spring, 1 summer, 2 fall, 3 winter; *SY gets the
 * year the season belongs to (December opens the winter of its year,
 * January and February close the one of the year before). */
static int season_of(long y, int m, long *sy) {
  *sy = y;
  if (m >= 3 && m <= 5)
    return 0;
  if (m >= 6 && m <= 8)
    return 1;
  if (m >= 9 && m <= 11)
    return 2;
  if (m <= 2)
    *sy = y - 1;
  return 3;
}

/* ------------------------------------------------------------------ */
/* Values                                                              */
/* ------------------------------------------------------------------ */

/* The granularity of a date or time value. */
enum gran {
  G_NONE = 0,
  G_CENTURY, /* y = first year: 1900 -> "19" */
  G_DECADE,  /* y = first year: 1990 -> "199X" */
  G_YEAR,
  G_HALF,    /* k = 1, 2 */
  G_QUARTER, /* k = 1..4 */
  G_SEASON,  /* k = 0..3 */
  G_MONTH,
  G_WEEK, /* y = ISO week year, k = week */
  G_WEEKEND,
  G_DAY,  /* y = -1 and wd set: an unanchored weekday */
  G_PART, /* a day and a part of it (k = part) */
  G_TIME  /* a day and hh:mi */
};

enum part { PART_NONE = 0, PART_MO, PART_AF, PART_EV, PART_NI };
static const char *const part_code[] = {"", "MO", "AF", "EV", "NI"};
static const char *const season_code[] = {"SP", "SU", "FA", "WI"};

/* A date or time; y == -1 means the year is not known (XXXX). */
typedef struct dval {
  int gran;
  int fy; /* a fiscal year or quarter */
  long y;
  int m, d;
  int k;      /* half, quarter, season, week or part, by gran */
  /* m, d: -1 for a month or day that is not known ("1998-10-XX") */
  int wd;     /* weekday of an unanchored G_DAY */
  int hh, mi; /* G_TIME */
} dval;

/* Writes the TIMEX3 value of V into OUT (N bytes); 0 when V cannot be
 * written (a year out of 1..9999: no year 0 in xsd:date, an empty
 * value).  (fuzz_timex: regress/timex/year-zero.) */
static int format_dval(const dval *v, char *out, size_t n) {
  char ys[8];
  int r = -1;
  if (v->y == -1) {
    memcpy(ys, "XXXX", 5);
  } else if (v->y < 1 || v->y > 9999) {
    return 0;
  } else {
    snprintf(ys, sizeof ys, "%04ld", v->y);
  }
  switch (v->gran) {
  case G_CENTURY:
    if (v->y < 0)
      return 0;
    r = snprintf(out, n, "%02ld", v->y / 100);
    break;
  case G_DECADE:
    if (v->y < 0)
      return 0;
    r = snprintf(out, n, "%03ldX", v->y / 10);
    break;
  case G_YEAR:
    r = snprintf(out, n, "%s%s", v->fy ? "FY" : "", ys);
    break;
  case G_HALF:
    r = snprintf(out, n, "%s-H%d", ys, v->k);
    break;
  case G_QUARTER:
    r = snprintf(out, n, "%s%s-Q%d", v->fy ? "FY" : "", ys, v->k);
    break;
  case G_SEASON:
    if (v->k < 0 || v->k > 3)
      return 0;
    r = snprintf(out, n, "%s-%s", ys, season_code[v->k]);
    break;
  case G_MONTH:
    r = snprintf(out, n, "%s-%02d", ys, v->m);
    break;
  case G_WEEK:
  case G_WEEKEND:
    r = snprintf(out, n, WEEK_PAD ? "%s-W%02d%s" : "%s-W%d%s", ys, v->k,
                 v->gran == G_WEEKEND ? "-WE" : "");
    break;
  case G_DAY:
  case G_PART:
  case G_TIME: {
    char day[24];
    char ms[4] = "XX", ds[4] = "XX"; /* -1: a month or day not known */
    if (v->m > 0)
      snprintf(ms, sizeof ms, "%02d", v->m % 100);
    if (v->d > 0)
      snprintf(ds, sizeof ds, "%02d", v->d % 100);
    if (v->y == -1 && v->m == 0)
      snprintf(day, sizeof day, "XXXX-WXX-%d", v->wd);
    else if (v->d == 0)
      snprintf(day, sizeof day, "%s-%s", ys, ms);
    else
      snprintf(day, sizeof day, "%s-%s-%s", ys, ms, ds);
    if (v->gran == G_DAY)
      r = snprintf(out, n, "%s", day);
    else if (v->gran == G_PART && v->k > 0 && v->k <= PART_NI)
      r = snprintf(out, n, "%sT%s", day, part_code[v->k]);
    else if (v->gran == G_TIME)
      r = snprintf(out, n, "%sT%02d:%02d", day, v->hh, v->mi);
    break;
  }
  default:
    break;
  }
  return r > 0 && (size_t)r < n;
}

/* The kind of expression, which is also its TIMEX3 type. */
enum kind { K_NONE = 0, K_DATE, K_TIME, K_DURATION, K_SET };
static const char *const kind_name[] = {"", "DATE", "TIME", "DURATION", "SET"};

/* What a rule found. */
typedef struct tres {
  int kind;
  dval dv;         /* the value of a date or time (dv.gran != G_NONE) */
  char lit[32];    /* any other value: "P40D", "PRESENT_REF" */
  const char *mod; /* "START"... or NULL */
  int anchored;    /* the value comes from the reference date */
  int tensed;      /* the value depends on the tense hint */
  int noref;       /* it needs the reference date, which is unknown */
  int invalid;     /* a date that is not in the calendar ("June 31"):
                      its words are taken, and give no value */
} tres;

static void set_date(tres *r, const dval *v) {
  r->kind = (v->gran == G_PART || v->gran == G_TIME) ? K_TIME : K_DATE;
  r->dv = *v;
}

static void set_lit(tres *r, int kind, const char *s) {
  r->kind = kind;
  r->dv.gran = G_NONE;
  snprintf(r->lit, sizeof r->lit, "%s", s);
}

/* Duration units. */
enum unit {
  U_NONE = 0,
  U_SEC,
  U_MIN,
  U_HOUR,
  U_DAY,
  U_WEEK,
  U_FORTNIGHT,
  U_MONTH,
  U_QUARTER,
  U_YEAR,
  U_DECADE,
  U_CENTURY
};

/* Writes the duration of N units (N < 0: unspecified, "X"), plus a half
 * when HALF, as "P..." into OUT; 0 when it does not fit or N is absurd.
 * Halves go down one unit so the value keeps integers: P1Y6M, PT5H30M. */
static int format_duration(long n, int half, int unit, char *out, size_t sz) {
  int r = -1;
  if (n > 1000000L)
    return 0;
  if (n < 0) {
    /* decades and centuries count in years, as a number of them does
     * ("two decades" P20Y): TimeBank and TempEval-3 write "decades" PXY,
     * not the TIMEX2 units DE and CE */
    static const char *const xs[] = {"",    "PTXS", "PTXM", "PTXH",
                                     "PXD", "PXW",  "PXW",  "PXM",
                                     "PXQ", "PXY",  "PXY",  "PXY"};
    if (unit <= U_NONE || unit > U_CENTURY)
      return 0;
    r = snprintf(out, sz, "%s", xs[unit]);
    return r > 0 && (size_t)r < sz;
  }
  switch (unit) {
  case U_SEC:
    r = half ? snprintf(out, sz, "PT%ld.5S", n)
             : snprintf(out, sz, "PT%ldS", n);
    break;
  case U_MIN:
    r = half ? snprintf(out, sz, "PT%ldM30S", n)
             : snprintf(out, sz, "PT%ldM", n);
    if (half && n == 0)
      r = snprintf(out, sz, "PT30S");
    break;
  case U_HOUR:
    r = half ? snprintf(out, sz, "PT%ldH30M", n)
             : snprintf(out, sz, "PT%ldH", n);
    if (half && n == 0)
      r = snprintf(out, sz, "PT30M");
    break;
  case U_DAY:
    r = half ? snprintf(out, sz, "P%ldDT12H", n)
             : snprintf(out, sz, "P%ldD", n);
    if (half && n == 0)
      r = snprintf(out, sz, "PT12H");
    break;
  case U_WEEK:
    r = half ? snprintf(out, sz, "P%ldDT12H", n * 7 + 3)
             : snprintf(out, sz, "P%ldW", n);
    break;
  case U_FORTNIGHT:
    r = snprintf(out, sz, "P%ldW", n * 2 + (half ? 1 : 0));
    break;
  case U_MONTH:
    r = half ? snprintf(out, sz, "P%ldM15D", n) : snprintf(out, sz, "P%ldM", n);
    if (half && n == 0)
      r = snprintf(out, sz, "P15D");
    break;
  case U_QUARTER:
    r = snprintf(out, sz, "P%ldM", n * 3 + (half ? 1 : 0));
    if (half)
      r = snprintf(out, sz, "P%ldM15D", n * 3 + 1);
    break;
  case U_YEAR:
    r = half ? snprintf(out, sz, "P%ldY6M", n) : snprintf(out, sz, "P%ldY", n);
    if (half && n == 0)
      r = snprintf(out, sz, "P6M");
    break;
  case U_DECADE:
    r = snprintf(out, sz, "P%ldY", n * 10 + (half ? 5 : 0));
    break;
  case U_CENTURY:
    r = snprintf(out, sz, "P%ldY", n * 100 + (half ? 50 : 0));
    break;
  default:
    return 0;
  }
  return r > 0 && (size_t)r < sz;
}

/* ------------------------------------------------------------------ */
/* Words                                                               */
/* ------------------------------------------------------------------ */

/* Function words the rules look for (a piece's fw). */
enum fw {
  FW_NONE = 0,
  FW_THE,
  FW_A,
  FW_THIS,
  FW_THAT,
  FW_THESE,
  FW_LAST,
  FW_NEXT,
  FW_PAST,
  FW_PREVIOUS,
  FW_COMING,
  FW_FOLLOWING,
  FW_RECENT,
  FW_EARLY,
  FW_EARLIER,
  FW_LATE,
  FW_LATER,
  FW_MID,
  FW_MIDDLE,
  FW_END,
  FW_BEGINNING,
  FW_OF,
  FW_AGO,
  FW_EVERY,
  FW_PER,
  FW_AND,
  FW_HALF,
  FW_BEFORE,
  FW_AFTER,
  FW_TODAY,
  FW_YESTERDAY,
  FW_TOMORROW,
  FW_TONIGHT,
  FW_NOW,
  FW_CURRENTLY,
  FW_CURRENT,
  FW_RECENTLY,
  FW_PREVIOUSLY,
  FW_FORMER,
  FW_FUTURE,
  FW_PRESENT,
  FW_SOON,
  FW_FISCAL,
  FW_AT,
  FW_LEAST,
  FW_MOST,
  FW_MORE,
  FW_THAN,
  FW_OVER,
  FW_UNDER,
  FW_LESS,
  FW_ABOUT,
  FW_NEARLY,
  FW_UP,
  FW_TO,
  FW_FEW,
  FW_SEVERAL,
  FW_COUPLE,
  FW_OTHER,
  FW_OCLOCK,
  FW_AM,
  FW_PM,
  FW_NOON,
  FW_MIDNIGHT,
  FW_LOCAL,
  FW_TIME,
  FW_WEEKEND,
  FW_ON,
  FW_IN,
  FW_SINCE,
  FW_DURING,
  FW_UNTIL,
  FW_BY,
  FW_FROM,
  FW_THROUGH,
  FW_FOR,
  FW_WITHIN,
  FW_ONCE,
  FW_TWICE,
  FW_TIMES,
  FW_LONG,
  FW_OLD,
  FW_DOZEN,
  FW_DOZENS,
  FW_ADDL,
  FW_NEAR,
  FW_HUNDRED,
  FW_SAME
};

/* Word classes of the table below. */
enum wcls {
  W_MONTH = 1,
  W_WDAY,
  W_WDAYS,
  W_SEASON,
  W_PART,
  W_UNIT,
  W_UNITS,
  W_CARD,
  W_ORD,
  W_FW,
  W_SETU,
  W_TZ,
  W_DECW
};

typedef struct tword {
  const char *w;
  unsigned char cls;
  short val;
} tword;

/* English calendar words: language facts, not a dictionary.  A word may
 * appear in several classes ("second": an ordinal and a unit). */
static const tword words[] = {
    {"january", W_MONTH, 1},
    {"jan", W_MONTH, 1},
    {"february", W_MONTH, 2},
    {"feb", W_MONTH, 2},
    {"march", W_MONTH, 3},
    {"mar", W_MONTH, 3},
    {"april", W_MONTH, 4},
    {"apr", W_MONTH, 4},
    {"may", W_MONTH, 5},
    {"june", W_MONTH, 6},
    {"jun", W_MONTH, 6},
    {"july", W_MONTH, 7},
    {"jul", W_MONTH, 7},
    {"august", W_MONTH, 8},
    {"aug", W_MONTH, 8},
    {"september", W_MONTH, 9},
    {"sep", W_MONTH, 9},
    {"sept", W_MONTH, 9},
    {"october", W_MONTH, 10},
    {"oct", W_MONTH, 10},
    {"november", W_MONTH, 11},
    {"nov", W_MONTH, 11},
    {"december", W_MONTH, 12},
    {"dec", W_MONTH, 12},
    {"monday", W_WDAY, 1},
    {"mon", W_WDAY, 1},
    {"tuesday", W_WDAY, 2},
    {"tue", W_WDAY, 2},
    {"tues", W_WDAY, 2},
    {"wednesday", W_WDAY, 3},
    {"wed", W_WDAY, 3},
    {"thursday", W_WDAY, 4},
    {"thu", W_WDAY, 4},
    {"thur", W_WDAY, 4},
    {"thurs", W_WDAY, 4},
    {"friday", W_WDAY, 5},
    {"fri", W_WDAY, 5},
    {"saturday", W_WDAY, 6},
    {"sat", W_WDAY, 6},
    {"sunday", W_WDAY, 7},
    {"sun", W_WDAY, 7},
    {"mondays", W_WDAYS, 1},
    {"tuesdays", W_WDAYS, 2},
    {"wednesdays", W_WDAYS, 3},
    {"thursdays", W_WDAYS, 4},
    {"fridays", W_WDAYS, 5},
    {"saturdays", W_WDAYS, 6},
    {"sundays", W_WDAYS, 7},
    {"spring", W_SEASON, 1},
    {"summer", W_SEASON, 2},
    {"fall", W_SEASON, 3},
    {"autumn", W_SEASON, 3},
    {"winter", W_SEASON, 4},
    {"morning", W_PART, PART_MO},
    {"afternoon", W_PART, PART_AF},
    {"evening", W_PART, PART_EV},
    {"night", W_PART, PART_NI},
    {"second", W_UNIT, U_SEC},
    {"seconds", W_UNITS, U_SEC},
    {"sec", W_UNIT, U_SEC},
    {"secs", W_UNITS, U_SEC},
    {"minute", W_UNIT, U_MIN},
    {"minutes", W_UNITS, U_MIN},
    {"min", W_UNIT, U_MIN},
    {"mins", W_UNITS, U_MIN},
    {"hour", W_UNIT, U_HOUR},
    {"hours", W_UNITS, U_HOUR},
    {"hr", W_UNIT, U_HOUR},
    {"hrs", W_UNITS, U_HOUR},
    {"day", W_UNIT, U_DAY},
    {"days", W_UNITS, U_DAY},
    {"week", W_UNIT, U_WEEK},
    {"weeks", W_UNITS, U_WEEK},
    {"fortnight", W_UNIT, U_FORTNIGHT},
    {"fortnights", W_UNITS, U_FORTNIGHT},
    {"month", W_UNIT, U_MONTH},
    {"months", W_UNITS, U_MONTH},
    {"quarter", W_UNIT, U_QUARTER},
    {"quarters", W_UNITS, U_QUARTER},
    {"year", W_UNIT, U_YEAR},
    {"years", W_UNITS, U_YEAR},
    {"yr", W_UNIT, U_YEAR},
    {"yrs", W_UNITS, U_YEAR},
    {"decade", W_UNIT, U_DECADE},
    {"decades", W_UNITS, U_DECADE},
    {"century", W_UNIT, U_CENTURY},
    {"centuries", W_UNITS, U_CENTURY},
    {"zero", W_CARD, 0},
    {"one", W_CARD, 1},
    {"two", W_CARD, 2},
    {"three", W_CARD, 3},
    {"four", W_CARD, 4},
    {"five", W_CARD, 5},
    {"six", W_CARD, 6},
    {"seven", W_CARD, 7},
    {"eight", W_CARD, 8},
    {"nine", W_CARD, 9},
    {"ten", W_CARD, 10},
    {"eleven", W_CARD, 11},
    {"twelve", W_CARD, 12},
    {"thirteen", W_CARD, 13},
    {"fourteen", W_CARD, 14},
    {"fifteen", W_CARD, 15},
    {"sixteen", W_CARD, 16},
    {"seventeen", W_CARD, 17},
    {"eighteen", W_CARD, 18},
    {"nineteen", W_CARD, 19},
    {"twenty", W_CARD, 20},
    {"thirty", W_CARD, 30},
    {"forty", W_CARD, 40},
    {"fifty", W_CARD, 50},
    {"sixty", W_CARD, 60},
    {"seventy", W_CARD, 70},
    {"eighty", W_CARD, 80},
    {"ninety", W_CARD, 90},
    {"first", W_ORD, 1},
    {"second", W_ORD, 2},
    {"third", W_ORD, 3},
    {"fourth", W_ORD, 4},
    {"fifth", W_ORD, 5},
    {"sixth", W_ORD, 6},
    {"seventh", W_ORD, 7},
    {"eighth", W_ORD, 8},
    {"ninth", W_ORD, 9},
    {"tenth", W_ORD, 10},
    {"eleventh", W_ORD, 11},
    {"twelfth", W_ORD, 12},
    {"thirteenth", W_ORD, 13},
    {"fourteenth", W_ORD, 14},
    {"fifteenth", W_ORD, 15},
    {"sixteenth", W_ORD, 16},
    {"seventeenth", W_ORD, 17},
    {"eighteenth", W_ORD, 18},
    {"nineteenth", W_ORD, 19},
    {"twentieth", W_ORD, 20},
    {"thirtieth", W_ORD, 30},
    {"twenties", W_DECW, 20},
    {"thirties", W_DECW, 30},
    {"forties", W_DECW, 40},
    {"fifties", W_DECW, 50},
    {"sixties", W_DECW, 60},
    {"seventies", W_DECW, 70},
    {"eighties", W_DECW, 80},
    {"nineties", W_DECW, 90},
    {"hourly", W_SETU, U_HOUR},
    {"daily", W_SETU, U_DAY},
    {"nightly", W_SETU, U_DAY},
    {"weekly", W_SETU, U_WEEK},
    {"biweekly", W_SETU, U_FORTNIGHT},
    {"monthly", W_SETU, U_MONTH},
    {"quarterly", W_SETU, U_QUARTER},
    {"yearly", W_SETU, U_YEAR},
    {"annually", W_SETU, U_YEAR},
    {"gmt", W_TZ, 1},
    {"utc", W_TZ, 1},
    {"est", W_TZ, 1},
    {"edt", W_TZ, 1},
    {"cst", W_TZ, 1},
    {"cdt", W_TZ, 1},
    {"mst", W_TZ, 1},
    {"mdt", W_TZ, 1},
    {"pst", W_TZ, 1},
    {"pdt", W_TZ, 1},
    {"bst", W_TZ, 1},
    {"cet", W_TZ, 1},
    {"cest", W_TZ, 1},
    {"ast", W_TZ, 1},
    {"idt", W_TZ, 1},
    {"the", W_FW, FW_THE},
    {"a", W_FW, FW_A},
    {"an", W_FW, FW_A},
    {"this", W_FW, FW_THIS},
    {"that", W_FW, FW_THAT},
    {"these", W_FW, FW_THESE},
    {"last", W_FW, FW_LAST},
    {"next", W_FW, FW_NEXT},
    {"past", W_FW, FW_PAST},
    {"previous", W_FW, FW_PREVIOUS},
    {"prior", W_FW, FW_PREVIOUS},
    {"coming", W_FW, FW_COMING},
    {"upcoming", W_FW, FW_COMING},
    {"following", W_FW, FW_FOLLOWING},
    {"recent", W_FW, FW_RECENT},
    {"early", W_FW, FW_EARLY},
    {"earlier", W_FW, FW_EARLIER},
    {"late", W_FW, FW_LATE},
    {"later", W_FW, FW_LATER},
    {"mid", W_FW, FW_MID},
    {"middle", W_FW, FW_MIDDLE},
    {"end", W_FW, FW_END},
    {"beginning", W_FW, FW_BEGINNING},
    {"start", W_FW, FW_BEGINNING},
    {"outset", W_FW, FW_BEGINNING},
    {"of", W_FW, FW_OF},
    {"ago", W_FW, FW_AGO},
    {"every", W_FW, FW_EVERY},
    {"each", W_FW, FW_EVERY},
    {"per", W_FW, FW_PER},
    {"and", W_FW, FW_AND},
    {"half", W_FW, FW_HALF},
    {"before", W_FW, FW_BEFORE},
    {"after", W_FW, FW_AFTER},
    {"today", W_FW, FW_TODAY},
    {"yesterday", W_FW, FW_YESTERDAY},
    {"tomorrow", W_FW, FW_TOMORROW},
    {"tonight", W_FW, FW_TONIGHT},
    {"now", W_FW, FW_NOW},
    {"currently", W_FW, FW_CURRENTLY},
    {"presently", W_FW, FW_CURRENTLY},
    {"nowadays", W_FW, FW_CURRENTLY},
    {"current", W_FW, FW_CURRENT},
    {"recently", W_FW, FW_RECENTLY},
    {"lately", W_FW, FW_RECENTLY},
    {"previously", W_FW, FW_PREVIOUSLY},
    {"formerly", W_FW, FW_PREVIOUSLY},
    {"former", W_FW, FW_FORMER},
    {"future", W_FW, FW_FUTURE},
    {"present", W_FW, FW_PRESENT},
    {"soon", W_FW, FW_SOON},
    {"fiscal", W_FW, FW_FISCAL},
    {"financial", W_FW, FW_FISCAL},
    {"at", W_FW, FW_AT},
    {"least", W_FW, FW_LEAST},
    {"most", W_FW, FW_MOST},
    {"more", W_FW, FW_MORE},
    {"than", W_FW, FW_THAN},
    {"over", W_FW, FW_OVER},
    {"under", W_FW, FW_UNDER},
    {"less", W_FW, FW_LESS},
    {"fewer", W_FW, FW_LESS},
    {"about", W_FW, FW_ABOUT},
    {"around", W_FW, FW_ABOUT},
    {"some", W_FW, FW_ABOUT},
    {"roughly", W_FW, FW_ABOUT},
    {"approximately", W_FW, FW_ABOUT},
    {"approx", W_FW, FW_ABOUT},
    {"circa", W_FW, FW_ABOUT},
    {"nearly", W_FW, FW_NEARLY},
    {"almost", W_FW, FW_NEARLY},
    {"up", W_FW, FW_UP},
    {"to", W_FW, FW_TO},
    {"few", W_FW, FW_FEW},
    {"several", W_FW, FW_SEVERAL},
    {"many", W_FW, FW_SEVERAL},
    {"numerous", W_FW, FW_SEVERAL},
    {"couple", W_FW, FW_COUPLE},
    {"other", W_FW, FW_OTHER},
    {"oclock", W_FW, FW_OCLOCK},
    {"am", W_FW, FW_AM},
    {"pm", W_FW, FW_PM},
    {"noon", W_FW, FW_NOON},
    {"midday", W_FW, FW_NOON},
    {"midnight", W_FW, FW_MIDNIGHT},
    {"local", W_FW, FW_LOCAL},
    {"time", W_FW, FW_TIME},
    {"weekend", W_FW, FW_WEEKEND},
    {"on", W_FW, FW_ON},
    {"in", W_FW, FW_IN},
    {"since", W_FW, FW_SINCE},
    {"during", W_FW, FW_DURING},
    {"until", W_FW, FW_UNTIL},
    {"till", W_FW, FW_UNTIL},
    {"by", W_FW, FW_BY},
    {"from", W_FW, FW_FROM},
    {"through", W_FW, FW_THROUGH},
    {"throughout", W_FW, FW_THROUGH},
    {"for", W_FW, FW_FOR},
    {"within", W_FW, FW_WITHIN},
    {"once", W_FW, FW_ONCE},
    {"twice", W_FW, FW_TWICE},
    {"times", W_FW, FW_TIMES},
    {"long", W_FW, FW_LONG},
    {"old", W_FW, FW_OLD},
    {"dozen", W_FW, FW_DOZEN},
    {"dozens", W_FW, FW_DOZENS},
    {"additional", W_FW, FW_ADDL},
    {"further", W_FW, FW_ADDL},
    {"straight", W_FW, FW_ADDL},
    {"consecutive", W_FW, FW_ADDL},
    {"full", W_FW, FW_ADDL},
    {"near", W_FW, FW_NEAR},
    {"foreseeable", W_FW, FW_NEAR},
    {"distant", W_FW, FW_NEAR},
    {"immediate", W_FW, FW_NEAR},
    {"hundred", W_FW, FW_HUNDRED},
    {"same", W_FW, FW_SAME},
};

/* Pieces: a token with what it names. */
enum {
  P_WORD = 1,
  P_NUM = 2,
  P_PUNCT = 4,
  P_CAP = 8,
  P_HYPHEN = 16,
  P_POSS = 32,
  P_ABBR = 64,
  P_SPACE = 128
};

typedef struct piece {
  const char *key; /* match key (lower case, no periods or apostrophes) */
  const char *raw; /* the text as written */
  unsigned klen, rlen;
  unsigned flags; /* P_* */
  /* what the word names; 0 (card: -1) when nothing */
  int month, wday, wdays, season, part, unit, units, card, ord, fw, setu;
  int tz, decw;
  /* digits */
  int ndig;         /* digits of a plain number such as "2024" or "05" */
  long num;         /* its value (also for "1,000", "27th", "1990s") */
  int grouped;      /* written with thousands separators */
  int half;         /* "1.5": the value plus a half */
  int decs;         /* "1990s", "90s" */
  int ampm;         /* "10am": 1, "10pm": 2 */
  int hhmm, hh, mi; /* "10:35" */
  int fyear;        /* "FY2024" */
  int qn;           /* "Q3" */
} piece;

/* words[] by first byte, each bucket in table order (a word may match
 * several entries and each sets its field, as in a full scan): analyse
 * looks at one bucket instead of the whole table. */
static uint16_t word_order[NG_ARRAY_LEN(words)];
static uint16_t word_start[257];
static uint8_t word_len[NG_ARRAY_LEN(words)];
static pthread_once_t words_once = PTHREAD_ONCE_INIT;

static void index_words(void) {
  unsigned pos[256] = {0};
  for (size_t i = 0; i < NG_ARRAY_LEN(words); i++) {
    pos[(unsigned char)words[i].w[0]]++;
    word_len[i] = (uint8_t)strlen(words[i].w);
  }
  word_start[0] = 0;
  for (unsigned c = 0; c < 256; c++) {
    word_start[c + 1] = (uint16_t)(word_start[c] + pos[c]);
    pos[c] = word_start[c];
  }
  for (size_t i = 0; i < NG_ARRAY_LEN(words); i++)
    word_order[pos[(unsigned char)words[i].w[0]]++] = (uint16_t)i;
}

static const piece nil_piece = {.key = "", .raw = "", .card = -1, .num = -1};

static int is_digit(int c) { return c >= '0' && c <= '9'; }

static int lower_ascii(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

/* Reads digits from S (N bytes) at *I: value (saturated) and count. */
static long read_digits(const char *s, unsigned n, unsigned *i, int *nd) {
  long v = 0;
  *nd = 0;
  while (*i < n && is_digit((unsigned char)s[*i])) {
    if (*nd < 9)
      v = v * 10 + (s[*i] - '0');
    (*nd)++;
    (*i)++;
  }
  return v;
}

/* Fills what a piece names from its key and text. */
static void analyse(piece *p) {
  const char *r = p->raw;
  unsigned n = p->rlen, i = 0;
  p->num = -1;
  p->card = -1;
  if (n && is_digit((unsigned char)r[0])) {
    int nd;
    long v = read_digits(r, n, &i, &nd);
    if (nd > 9) {
      if (i == n) { /* too long to be a date; a count out of range */
        p->ndig = 99;
        p->num = 999999999L;
      }
      return;
    }
    if (i == n) {
      p->ndig = nd;
      p->num = v;
      return;
    }
    if (r[i] == ':' && nd <= 2 && i + 3 <= n &&
        is_digit((unsigned char)r[i + 1]) &&
        is_digit((unsigned char)r[i + 2]) &&
        (i + 3 == n || !is_digit((unsigned char)r[i + 3]))) {
      p->hhmm = 1;
      p->hh = (int)v;
      p->mi = (r[i + 1] - '0') * 10 + (r[i + 2] - '0');
      i += 3;
      if (i + 3 <= n && r[i] == ':' && is_digit((unsigned char)r[i + 1]) &&
          is_digit((unsigned char)r[i + 2]))
        i += 3; /* seconds are dropped */
    } else if (r[i] == ',') {
      long g = v;
      while (i + 4 <= n && r[i] == ',' && is_digit((unsigned char)r[i + 1]) &&
             is_digit((unsigned char)r[i + 2]) &&
             is_digit((unsigned char)r[i + 3]) && g < 100000000L) {
        g = g * 1000 + (r[i + 1] - '0') * 100 + (r[i + 2] - '0') * 10 +
            (r[i + 3] - '0');
        i += 4;
      }
      if (i == n) {
        p->num = g;
        p->grouped = 1;
      }
      return;
    } else if (r[i] == '.') {
      if (i + 2 == n && r[i + 1] == '5') {
        p->num = v;
        p->half = 1;
      }
      return;
    }
    /* a suffix: 27th, 1990s, 10am, 10:30pm */
    unsigned sl = n - i;
    char suf[4] = {0, 0, 0, 0};
    if (sl == 0 || sl > 2)
      return;
    for (unsigned k = 0; k < sl; k++)
      suf[k] = (char)lower_ascii((unsigned char)r[i + k]);
    if (p->hhmm) {
      if (!strcmp(suf, "am") || !strcmp(suf, "pm"))
        p->ampm = suf[0] == 'a' ? 1 : 2;
      else
        p->hhmm = 0;
      return;
    }
    if (!strcmp(suf, "st") || !strcmp(suf, "nd") || !strcmp(suf, "rd") ||
        !strcmp(suf, "th")) {
      if (nd <= 3)
        p->ord = (int)v;
    } else if (!strcmp(suf, "s")) {
      if ((nd == 4 || nd == 2) && v % 10 == 0) {
        p->decs = 1;
        p->num = v;
        p->ndig = nd;
      }
    } else if (!strcmp(suf, "am") || !strcmp(suf, "pm")) {
      if (nd <= 2) {
        p->ampm = suf[0] == 'a' ? 1 : 2;
        p->num = v;
        p->ndig = nd;
      }
    }
    return;
  }
  if (!(p->flags & P_WORD) || p->klen == 0 || p->klen > 16)
    return;
  const char *k = p->key;
  if (p->klen >= 4 && k[0] == 'f' && k[1] == 'y') {
    unsigned j = 2;
    int nd;
    long v = read_digits(k, p->klen, &j, &nd);
    if (j == p->klen && (nd == 4 || nd == 2))
      p->fyear = nd == 2 ? (int)(v < 50 ? 2000 + v : 1900 + v) : (int)v;
  }
  if (p->klen == 2 && k[0] == 'q' && k[1] >= '1' && k[1] <= '4')
    p->qn = k[1] - '0';
  pthread_once(&words_once, index_words);
  unsigned char k0 = (unsigned char)k[0];
  for (unsigned j = word_start[k0]; j < word_start[k0 + 1]; j++) {
    const tword *t = &words[word_order[j]];
    if (word_len[word_order[j]] != p->klen || memcmp(t->w, k, p->klen) != 0)
      continue;
    switch (t->cls) {
    case W_MONTH:
      p->month = t->val;
      break;
    case W_WDAY:
      p->wday = t->val;
      break;
    case W_WDAYS:
      p->wdays = t->val;
      break;
    case W_SEASON:
      p->season = t->val;
      break;
    case W_PART:
      p->part = t->val;
      break;
    case W_UNIT:
      p->unit = t->val;
      break;
    case W_UNITS:
      p->unit = t->val;
      p->units = 1;
      break;
    case W_CARD:
      p->card = t->val;
      break;
    case W_ORD:
      p->ord = t->val;
      break;
    case W_FW:
      p->fw = t->val;
      break;
    case W_SETU:
      p->setu = t->val;
      break;
    case W_TZ:
      p->tz = 1;
      break;
    case W_DECW:
      p->decw = t->val;
      break;
    default:
      break;
    }
  }
}

/* ------------------------------------------------------------------ */
/* Matching context and piece tests                                    */
/* ------------------------------------------------------------------ */

typedef struct mctx {
  const piece *p;
  size_t n;
  int strict;   /* running text: ambiguous words need a cue */
  int have_ref; /* the reference date is known */
  long ry;      /* reference year, month, day and day number */
  int rm, rd;
  long rz;
  ng_tense tense;
  /* the normaliser of one expression (not the stage): expressions that
   * point back ("that day", "the next morning", a clock time without a
   * day) take the antecedent, or the reference date when there is none */
  int anaphora;
  int have_ante; /* ante holds the last date before the expression */
  int whole;     /* the pieces are the whole expression (the normaliser) */
  dval ante;     /* G_YEAR, G_MONTH or G_DAY */
} mctx;

/* Piece I, or an empty one outside the sentence (I may be (size_t)-1). */
static const piece *P(const mctx *c, size_t i) {
  return i < c->n ? &c->p[i] : &nil_piece;
}

static int fw_at(const mctx *c, size_t i, int fw) { return P(c, i)->fw == fw; }

static int key_is(const mctx *c, size_t i, const char *k) {
  const piece *q = P(c, i);
  /* keys are NUL-terminated: the first bytes decide most calls */
  if (q->key[0] != k[0])
    return 0;
  size_t n = strlen(k);
  return q->klen == n && memcmp(q->key, k, n) == 0;
}

static int punct_at(const mctx *c, size_t i, char ch) {
  const piece *q = P(c, i);
  return (q->flags & P_PUNCT) && q->rlen == 1 && q->raw[0] == ch;
}

static int apostrophe_at(const mctx *c, size_t i) {
  const piece *q = P(c, i);
  if (!(q->flags & P_PUNCT) || (q->flags & P_POSS))
    return 0;
  return (q->rlen == 1 && q->raw[0] == '\'') ||
         (q->rlen == 3 && !memcmp(q->raw, "\xE2\x80\x99", 3));
}

/* A joining hyphen ("mid-July", "40-day"). */
static int hyphen_at(const mctx *c, size_t i) {
  return (P(c, i)->flags & P_HYPHEN) != 0;
}

/* A plain number of 1 to 4 digits (not "1,000", "1990s", "10am"). */
static int plain_num(const piece *q) {
  return q->ndig >= 1 && q->ndig <= 4 && !q->grouped && !q->decs && !q->ampm &&
         !q->half && q->num >= 0;
}

/* A four-digit year, or -1. */
static long year_at(const mctx *c, size_t i) {
  const piece *q = P(c, i);
  if (q->ndig != 4 || !plain_num(q) || q->num < 1000)
    return -1;
  return q->num;
}

/* A day of the month: "27", "27th", or with WORDS "first". */
static int day_at(const mctx *c, size_t i, int words_ok) {
  const piece *q = P(c, i);
  if (plain_num(q) && q->ndig <= 2 && q->num >= 1 && q->num <= 31)
    return (int)q->num;
  if (q->ord >= 1 && q->ord <= 31 && ((q->flags & P_NUM) || words_ok))
    return q->ord;
  return 0;
}

/* A short form without its full stop ("Apr") between a day number and a
 * year, or before a day number and a year: "28 Apr 2020", "Apr 28,
 * 2020".  With both around it the word is a month in running text too,
 * so the stage reads such a date as the normaliser does. */
static int short_month_in_date(const mctx *c, size_t i) {
  if (i > 0 && day_at(c, i - 1, 0) && year_at(c, i + 1) >= 0)
    return 1;
  if (!day_at(c, i + 1, 0))
    return 0;
  return year_at(c, i + 2) >= 0 ||
         (punct_at(c, i + 2, ',') && year_at(c, i + 3) >= 0);
}

/* A month name; in running text capitalised, and no short form but
 * the written abbreviations ("Jan.") and one inside a whole date. */
static int month_at(const mctx *c, size_t i) {
  const piece *q = P(c, i);
  if (!q->month)
    return 0;
  if (q->klen == 3 && q->month != 5 && !(q->flags & (P_CAP | P_ABBR)))
    return 0; /* "mar", "dec" in lower case */
  if (c->strict) {
    if (!(q->flags & P_CAP))
      return 0;
    int full = q->klen >= 5 || (q->klen == 3 && q->month == 5) ||
               (q->klen == 4 && (q->month == 6 || q->month == 7));
    if (!full && !(q->flags & P_ABBR) && !short_month_in_date(c, i))
      return 0;
  }
  return q->month;
}

/* A weekday; in running text the full, capitalised name. */
static int wday_at(const mctx *c, size_t i) {
  const piece *q = P(c, i);
  if (!q->wday)
    return 0;
  if (c->strict && (!(q->flags & P_CAP) || q->klen < 6))
    return 0;
  if (q->klen < 6 && !(q->flags & (P_CAP | P_ABBR)))
    return 0; /* "the cat sat" */
  return q->wday;
}

/* Words before an expression that make an ambiguous word ("May",
 * "fall", a bare number) a time: "in May", "since 2003", "mid-July". */
static int cue_before(const mctx *c, size_t i) {
  const piece *q = P(c, i - 1);
  if (q->flags & P_HYPHEN)
    return 1;
  if (q->month)
    return 1;
  switch (q->fw) {
  case FW_IN:
  case FW_SINCE:
  case FW_UNTIL:
  case FW_BY:
  case FW_DURING:
  case FW_FROM:
  case FW_THROUGH:
  case FW_BEFORE:
  case FW_AFTER:
  case FW_EARLY:
  case FW_LATE:
  case FW_MID:
  case FW_OF:
  case FW_END:
  case FW_BEGINNING:
  case FW_MIDDLE:
  case FW_TO:
  case FW_LAST:
  case FW_NEXT:
  case FW_THIS:
  case FW_THE:
  case FW_AND:
  case FW_ON:
  case FW_FOR:
  case FW_OVER:
  case FW_AT:
  case FW_WITHIN:
    return 1;
  default:
    return 0;
  }
}

/* ------------------------------------------------------------------ */
/* Resolving expressions without a year against the reference date    */
/* ------------------------------------------------------------------ */

/* The year of month M (day D; 0 for the whole month). */
static long resolve_md(const mctx *c, int m, int d, tres *r) {
  r->anchored = 1;
  if (!c->have_ref)
    return -1;
  r->tensed = 1;
  long y = c->ry;
  if (d == 0) {
    int diff = m - c->rm;
    if (c->tense == NG_TENSE_FUTURE)
      return diff >= 0 ? y : y + 1;
    if (c->tense == NG_TENSE_PAST)
      return diff <= 0 ? y : y - 1;
    if (diff > 4)
      return y - 1;
    if (diff < -7)
      return y + 1;
    return y;
  }
  long delta = days_from_civil(y, m, d) - c->rz;
  /* the tense of the clause turns a date a year away only when the
   * nearest one is more than a week or two on the wrong side: "advised
   * citizens to leave in its January 3 alert" on January 5 is two days
   * ago, not next January */
  if (c->tense == NG_TENSE_FUTURE)
    return delta >= -14 ? y : y + 1;
  if (c->tense == NG_TENSE_PAST)
    return delta <= 7 ? y : y - 1;
  if (delta > 137)
    return y - 1;
  if (delta < -228)
    return y + 1;
  return y;
}

/* The day number of weekday WD without a cue (see the top comment). */
static long resolve_wday(const mctx *c, int wd, tres *r) {
  r->anchored = 1;
  r->tensed = 1;
  int cur = weekday_of(c->rz);
  int back = (cur - wd + 7) % 7;
  if (c->tense == NG_TENSE_FUTURE)
    return c->rz + (wd - cur + 7) % 7;
  if (c->tense == NG_TENSE_PAST)
    return c->rz - back;
  return back == 6 ? c->rz + 1 : c->rz - back;
}

/* The year of season K (0 spring .. 3 winter) without a year. */
static long resolve_season(const mctx *c, int k, tres *r) {
  r->anchored = 1;
  if (!c->have_ref)
    return -1;
  r->tensed = 1;
  long sy;
  int cur = season_of(c->ry, c->rm, &sy);
  long cs = sy * 4 + cur;
  long cand = sy * 4 + k;
  if (c->tense == NG_TENSE_FUTURE && cand < cs)
    cand += 4;
  if (c->tense == NG_TENSE_PAST && cand > cs)
    cand -= 4;
  return cand / 4;
}

/* The year of quarter Q without a year: the latest one up to the
 * current quarter (results are reported after the fact), or the next
 * one when the clause looks forward. */
static long resolve_quarter(const mctx *c, int q, tres *r) {
  r->anchored = 1;
  if (!c->have_ref)
    return -1;
  r->tensed = 1;
  long cq = c->ry * 4 + (c->rm - 1) / 3;
  long cand = c->ry * 4 + (q - 1);
  if (c->tense == NG_TENSE_FUTURE) {
    if (cand < cq)
      cand += 4;
  } else if (cand > cq) {
    cand -= 4;
  }
  return cand / 4;
}

/* A date from a day number. */
static void day_value(dval *v, long z) {
  memset(v, 0, sizeof *v);
  v->gran = G_DAY;
  civil_from_days(z, &v->y, &v->m, &v->d);
}

/* The reference date is needed but unknown: the expression is kept,
 * without a value. */
static void need_ref(tres *r, int kind) {
  r->kind = kind;
  r->noref = 1;
  r->anchored = 1;
}

/* ------------------------------------------------------------------ */
/* Rules: calendar dates                                               */
/* Each returns the number of pieces it takes at I (0: no match).      */
/* ------------------------------------------------------------------ */

/* "2024-06-27", "2024/06/27" */
static size_t m_iso(const mctx *c, size_t i, tres *r) {
  long y = year_at(c, i);
  if (y < 0)
    return 0;
  char sep = punct_at(c, i + 1, '-') ? '-' : punct_at(c, i + 1, '/') ? '/' : 0;
  if (!sep || !punct_at(c, i + 3, sep))
    return 0;
  const piece *a = P(c, i + 2), *b = P(c, i + 4);
  if (!plain_num(a) || a->ndig > 2 || !plain_num(b) || b->ndig > 2)
    return 0;
  dval v = {.gran = G_DAY, .y = y, .m = (int)a->num, .d = (int)b->num};
  set_date(r, &v);
  if (!valid_ymd(y, (int)a->num, (int)b->num))
    r->invalid = 1; /* "2023-02-30" */
  return 5;
}

/* A two-digit year: the latest one not more than ten years ahead. */
static long two_digit_year(const mctx *c, long yy) {
  long base = c->have_ref ? c->ry : 2000;
  long y = (base / 100) * 100 + yy;
  if (y > base + 10)
    y -= 100;
  return y;
}

/* "6/27/2024" (US order), "27/6/2024" when the first number cannot be a
 * month, "6/27/24". */
static size_t m_slash(const mctx *c, size_t i, tres *r) {
  const piece *a = P(c, i), *b = P(c, i + 2), *yp = P(c, i + 4);
  if (!plain_num(a) || a->ndig > 2 || !punct_at(c, i + 1, '/') ||
      !plain_num(b) || b->ndig > 2 || !punct_at(c, i + 3, '/') ||
      !plain_num(yp) || (yp->ndig != 2 && yp->ndig != 4))
    return 0;
  if (punct_at(c, i + 5, '/') || punct_at(c, i - 1, '/'))
    return 0; /* a longer run of numbers: not a date */
  long y = yp->ndig == 2 ? two_digit_year(c, yp->num) : yp->num;
  int x = (int)a->num, z = (int)b->num, m, d;
  if (valid_ymd(y, x, z)) {
    m = x;
    d = z;
  } else if (valid_ymd(y, z, x)) {
    m = z;
    d = x;
  } else {
    return 0;
  }
  dval v = {.gran = G_DAY, .y = y, .m = m, .d = d};
  set_date(r, &v);
  return 5;
}

/* "Friday," before a date. */
static size_t wday_prefix(const mctx *c, size_t i) {
  if (!wday_at(c, i))
    return 0;
  return punct_at(c, i + 1, ',') ? 2 : 1;
}

/* "June 27", "June 27th, 2024", "Friday, Oct. 23", "June 2024",
 * "June of 2024", "June". */
static size_t m_monthform(const mctx *c, size_t i, tres *r) {
  size_t j = i + wday_prefix(c, i);
  int haswd = j > i;
  int m = month_at(c, j);
  if (!m)
    return 0;
  j++;
  int d = day_at(c, j, 0);
  if (d) {
    size_t k = j + 1, k2 = k;
    if (punct_at(c, k2, ','))
      k2++;
    long y = year_at(c, k2);
    if (y >= 0)
      k = k2 + 1;
    else if (d <= month_days(2000, m))
      y = resolve_md(c, m, d, r);
    dval v = {.gran = G_DAY, .y = y, .m = m, .d = d};
    set_date(r, &v);
    if (d > month_days(2000, m) || (y >= 0 && !valid_ymd(y, m, d)))
      r->invalid = 1;
    return k - i;
  }
  if (haswd)
    return 0;
  const piece *nx = P(c, j);
  if (plain_num(nx) && nx->ndig <= 2 && !c->strict) {
    r->kind = K_DATE;
    r->invalid = 1; /* "June 0", "June 32" */
    return j + 1 - i;
  }
  size_t k = j;
  if (fw_at(c, k, FW_OF) || punct_at(c, k, ','))
    k++;
  long y = year_at(c, k);
  if (y >= 0) {
    dval v = {.gran = G_MONTH, .y = y, .m = m};
    set_date(r, &v);
    return k + 1 - i;
  }
  if (c->strict && (m == 5 || m == 3) && !cue_before(c, i))
    return 0; /* "May" the verb, "March" the noun */
  dval v = {.gran = G_MONTH, .y = resolve_md(c, m, 0, r), .m = m};
  set_date(r, &v);
  return j - i;
}

/* "27 June 2024", "the 27th of June", "Thursday 27 June". */
static size_t m_dayfirst(const mctx *c, size_t i, tres *r) {
  size_t j = i + wday_prefix(c, i);
  int the = 0;
  if (fw_at(c, j, FW_THE)) {
    the = 1;
    j++;
  }
  int d = day_at(c, j, 1);
  if (!d)
    return 0;
  int word = !(P(c, j)->flags & P_NUM);
  j++;
  int of = 0;
  if (fw_at(c, j, FW_OF)) {
    of = 1;
    j++;
  }
  if ((word || the) && !of)
    return 0;
  int m = month_at(c, j);
  if (!m || (c->strict && d > month_days(2000, m)))
    return 0;
  j++;
  size_t k = j;
  if (punct_at(c, k, ','))
    k++;
  long y = year_at(c, k);
  if (y >= 0)
    j = k + 1;
  else if (d <= month_days(2000, m))
    y = resolve_md(c, m, d, r);
  dval v = {.gran = G_DAY, .y = y, .m = m, .d = d};
  set_date(r, &v);
  if (d > month_days(2000, m) || (y >= 0 && !valid_ymd(y, m, d)))
    r->invalid = 1;
  return j - i;
}

/* Irregular plurals that follow counts, not years ("2000 people"). */
static int count_noun(const piece *q) {
  static const char *const nouns[] = {
      "people", "men",  "women", "children", "police", "personnel",
      "staff",  "feet", "head",  "percent",  "km"};
  for (size_t k = 0; k < NG_ARRAY_LEN(nouns); k++)
    if (q->klen == strlen(nouns[k]) && !memcmp(q->key, nouns[k], q->klen))
      return 1;
  return 0;
}

/* Is the number at I a year in running text?  A strong cue before it
 * ("in", "since", a month) says yes; a plural noun or a unit after it
 * ("2000 troops", "2000 years") says it is a count. */
static int year_in_text(const mctx *c, size_t i, long y) {
  const piece *pv = P(c, i - 1), *nx = P(c, i + 1);
  if (y < 1800 || y > 2100)
    return 0;
  if (punct_at(c, i + 1, '%') || nx->unit || count_noun(nx) || nx->fw == FW_PER)
    return 0;
  if (pv->flags & P_PUNCT) {
    char ch = pv->raw[0];
    if (ch == '$' || ch == '#' || (unsigned char)ch >= 0x80)
      return 0;
  }
  switch (pv->fw) {
  case FW_ABOUT:
  case FW_NEARLY:
  case FW_OVER:
  case FW_UNDER:
  case FW_MORE:
  case FW_THAN:
  case FW_LESS:
  case FW_FEW:
  case FW_UP:
    return 0;
  default:
    break;
  }
  if (cue_before(c, i))
    return 1;
  if ((nx->flags & P_WORD) && !(nx->flags & P_CAP) && !nx->fw && nx->klen > 3 &&
      nx->key[nx->klen - 1] == 's' && nx->key[nx->klen - 2] != 's' &&
      !(nx->klen == 4 && !memcmp(nx->key, "does", 4)))
    return 0;
  return 1;
}

/* "2024", "fiscal 2024", "fiscal year 2024", "FY2024", "the year 2000". */
static size_t m_year(const mctx *c, size_t i, tres *r) {
  size_t j = i;
  int fiscal = 0, named = 0;
  if (fw_at(c, j, FW_FISCAL)) {
    fiscal = 1;
    j++;
    if (P(c, j)->unit == U_YEAR && !P(c, j)->units)
      j++;
  } else if (fw_at(c, j, FW_THE) && P(c, j + 1)->unit == U_YEAR &&
             !P(c, j + 1)->units) {
    named = 1;
    j += 2;
  } else if (P(c, j)->unit == U_YEAR && !P(c, j)->units &&
             year_at(c, j + 1) >= 0) {
    named = 1;
    j++;
  }
  const piece *q = P(c, j);
  long y;
  if (q->fyear && !named) {
    y = q->fyear;
    fiscal = 1;
  } else {
    y = year_at(c, j);
    if (y < 0)
      return 0;
    /* "2023-02-30" that failed as a date is not the year 2023 */
    if ((punct_at(c, j + 1, '-') || punct_at(c, j + 1, '/')) &&
        plain_num(P(c, j + 2)) && P(c, j + 2)->ndig <= 2)
      return 0;
    if (punct_at(c, j - 1, '/') ||
        (punct_at(c, j - 1, '-') && plain_num(P(c, j - 2)) &&
         P(c, j - 2)->ndig <= 2))
      return 0;
    if (c->strict && !fiscal && !named && !year_in_text(c, j, y))
      return 0;
  }
  dval v = {.gran = G_YEAR, .fy = fiscal, .y = y};
  set_date(r, &v);
  return j + 1 - i;
}

/* "the 1990s", "the '90s", "the nineties", "the 1990's". */
static size_t m_decade(const mctx *c, size_t i, tres *r) {
  size_t j = i;
  int the = fw_at(c, j, FW_THE);
  if (the)
    j++;
  const piece *q = P(c, j);
  long y;
  if (apostrophe_at(c, j) && P(c, j + 1)->decs && P(c, j + 1)->ndig == 2) {
    y = two_digit_year(c, P(c, j + 1)->num);
    j += 2;
  } else if (q->decs && q->ndig == 4) {
    y = q->num;
    j++;
    if (y % 100 == 0 && the) {
      dval v = {.gran = G_CENTURY, .y = y}; /* "the 1900s" */
      set_date(r, &v);
      return j - i;
    }
  } else if (q->decs && q->ndig == 2) {
    if (c->strict && !the)
      return 0;
    y = two_digit_year(c, q->num);
    j++;
  } else if (year_at(c, j) >= 0 && year_at(c, j) % 10 == 0 &&
             (the || !c->strict) &&
             ((P(c, j + 1)->flags & P_POSS) ||
              (apostrophe_at(c, j + 1) && key_is(c, j + 2, "s") &&
               !(P(c, j + 1)->flags & P_SPACE)))) {
    y = year_at(c, j); /* "the 1990's" */
    j += (P(c, j + 1)->flags & P_POSS) ? 2 : 3;
  } else if (q->decw && (the || !c->strict)) {
    y = 1900 + q->decw;
    j++;
  } else {
    return 0;
  }
  dval v = {.gran = G_DECADE, .y = y - y % 10};
  set_date(r, &v);
  return j - i;
}

/* An ordinal at I: "third", "3rd", "twenty-first"; *LEN gets the
 * pieces it takes. */
static int ordinal_at(const mctx *c, size_t i, size_t *len) {
  const piece *q = P(c, i);
  *len = 1;
  if (q->ord)
    return q->ord;
  if (q->card >= 20 && q->card % 10 == 0 && hyphen_at(c, i + 1) &&
      P(c, i + 2)->ord >= 1 && P(c, i + 2)->ord <= 9) {
    *len = 3;
    return q->card + P(c, i + 2)->ord;
  }
  return 0;
}

/* "the 20th century", "the twenty-first century". */
static size_t m_century(const mctx *c, size_t i, tres *r) {
  size_t j = i, ol;
  if (fw_at(c, j, FW_THE))
    j++;
  int o = ordinal_at(c, j, &ol);
  if (o < 1 || o > 99)
    return 0;
  j += ol;
  if (P(c, j)->unit != U_CENTURY || P(c, j)->units)
    return 0;
  dval v = {.gran = G_CENTURY, .y = (o - 1) * 100L};
  set_date(r, &v);
  return j + 1 - i;
}

/* "summer 2024", "the summer of 2024", "the spring"; "the fall of
 * Mosul" and "the Arab Spring" are not seasons. */
static size_t m_season(const mctx *c, size_t i, tres *r) {
  size_t j = i;
  int the = fw_at(c, j, FW_THE);
  if (the)
    j++;
  const piece *q = P(c, j);
  if (!q->season)
    return 0;
  int k = q->season - 1;
  j++;
  size_t e = j;
  if (fw_at(c, e, FW_OF))
    e++;
  long y = year_at(c, e);
  if (y >= 0) {
    dval v = {.gran = G_SEASON, .y = y, .k = k};
    set_date(r, &v);
    return e + 1 - i;
  }
  if (fw_at(c, j, FW_OF) || ((q->flags & P_CAP) && (P(c, j)->flags & P_CAP)))
    return 0; /* "the fall of Mosul", "Spring Festival" */
  if (c->strict && !the && !cue_before(c, i))
    return 0;
  if ((q->flags & P_CAP) && !the && i > 0 && (P(c, i - 1)->flags & P_CAP))
    return 0; /* "Arab Spring", "Prague Spring": names */
  dval v = {.gran = G_SEASON, .y = resolve_season(c, k, r), .k = k};
  set_date(r, &v);
  return j - i;
}

/* The year a quarter or half belongs to, written after it: "of 2024",
 * "2024", "of this year", "of last year", "of the year". */
static size_t year_after(const mctx *c, size_t j, long *y, tres *r) {
  size_t k = j;
  if (fw_at(c, k, FW_OF) || punct_at(c, k, ','))
    k++;
  if (fw_at(c, k, FW_FISCAL))
    k++;
  long yy = year_at(c, k);
  if (yy >= 0) {
    *y = yy;
    return k + 1 - j;
  }
  if (!fw_at(c, j, FW_OF))
    return 0;
  int off;
  switch (P(c, k)->fw) {
  case FW_THIS:
  case FW_THE:
    off = 0;
    break;
  case FW_LAST:
  case FW_PREVIOUS:
    off = -1;
    break;
  case FW_NEXT:
    off = 1;
    break;
  default:
    return 0;
  }
  if (P(c, k + 1)->unit != U_YEAR || P(c, k + 1)->units)
    return 0;
  r->anchored = 1;
  *y = c->have_ref ? c->ry + off : -1;
  if (!c->have_ref)
    r->noref = 1;
  return k + 2 - j;
}

/* "the third quarter (of 2024)", "Q3 2024", "third-quarter", "the first
 * half of 2024", "fiscal 2024's..." is left to the year rule. */
static size_t m_quarter(const mctx *c, size_t i, tres *r) {
  size_t j = i, ol;
  int the = fw_at(c, j, FW_THE), fiscal = 0;
  if (the)
    j++;
  if (fw_at(c, j, FW_FISCAL)) {
    fiscal = 1;
    j++;
  }
  int q, half = 0;
  if (P(c, j)->qn) {
    q = P(c, j)->qn;
    j++;
  } else {
    q = ordinal_at(c, j, &ol);
    j += ol;
    if (hyphen_at(c, j))
      j++;
    if (q >= 1 && q <= 4 && P(c, j)->unit == U_QUARTER && !P(c, j)->units) {
      j++;
    } else if ((q == 1 || q == 2) && fw_at(c, j, FW_HALF)) {
      half = 1;
      j++;
    } else {
      return 0;
    }
  }
  long y;
  size_t ya = year_after(c, j, &y, r);
  if (ya) {
    j += ya;
  } else {
    if (half && c->strict && !the)
      return 0; /* "second half" of a match */
    if (half) {
      r->anchored = 1;
      y = c->have_ref ? c->ry : -1;
    } else {
      y = resolve_quarter(c, q, r);
    }
  }
  dval v = {.gran = half ? G_HALF : G_QUARTER, .fy = fiscal, .y = y, .k = q};
  set_date(r, &v);
  return j - i;
}

/* ------------------------------------------------------------------ */
/* Rules: holidays, weekdays, days relative to today                   */
/* ------------------------------------------------------------------ */

enum hkind { H_FIXED = 0, H_NTH, H_EASTER, H_ELECTION };

/* Holidays whose date is a calendar fact (US ones: the TimeML corpora
 * are US news).  NTH: month A, weekday B, the Nth (-1: the last). */
typedef struct holiday {
  const char *w[3];
  unsigned char kind;
  signed char a, b, n;
} holiday;

static const holiday holidays[] = {
    {{"christmas", "eve", NULL}, H_FIXED, 12, 24, 0},
    {{"christmas", "day", NULL}, H_FIXED, 12, 25, 0},
    {{"christmas", NULL, NULL}, H_FIXED, 12, 25, 0},
    {{"new", "year", "eve"}, H_FIXED, 12, 31, 0},
    {{"new", "years", "eve"}, H_FIXED, 12, 31, 0},
    {{"new", "year", "day"}, H_FIXED, 1, 1, 0},
    {{"new", "years", "day"}, H_FIXED, 1, 1, 0},
    {{"thanksgiving", "day", NULL}, H_NTH, 11, 4, 4},
    {{"thanksgiving", NULL, NULL}, H_NTH, 11, 4, 4},
    {{"easter", "sunday", NULL}, H_EASTER, 0, 0, 0},
    {{"easter", "monday", NULL}, H_EASTER, 1, 0, 0},
    {{"easter", NULL, NULL}, H_EASTER, 0, 0, 0},
    {{"good", "friday", NULL}, H_EASTER, -2, 0, 0},
    {{"election", "day", NULL}, H_ELECTION, 0, 0, 0},
    {{"labor", "day", NULL}, H_NTH, 9, 1, 1},
    {{"memorial", "day", NULL}, H_NTH, 5, 1, -1},
    {{"veterans", "day", NULL}, H_FIXED, 11, 11, 0},
    {{"valentine", "day", NULL}, H_FIXED, 2, 14, 0},
    {{"valentines", "day", NULL}, H_FIXED, 2, 14, 0},
    {{"halloween", NULL, NULL}, H_FIXED, 10, 31, 0},
    {{"boxing", "day", NULL}, H_FIXED, 12, 26, 0},
    {{"fourth", "of", "july"}, H_FIXED, 7, 4, 0},
};

/* The date of holiday H in year Y. */
static int holiday_date(const holiday *h, long y, int *m, int *d) {
  if (y < 1 || y > 9999)
    return 0;
  switch (h->kind) {
  case H_FIXED:
    *m = h->a;
    *d = h->b;
    return 1;
  case H_NTH:
    *m = h->a;
    *d = nth_weekday(y, h->a, h->b, h->n);
    return 1;
  case H_EASTER: {
    int em, ed;
    easter_of(y, &em, &ed);
    long z = days_from_civil(y, em, ed) + h->a;
    long yy;
    civil_from_days(z, &yy, m, d);
    return 1;
  }
  case H_ELECTION: /* the Tuesday after the first Monday of November */
    *m = 11;
    *d = nth_weekday(y, 11, 1, 1) + 1;
    return 1;
  default:
    return 0;
  }
}

/* A holiday name at I; *H gets it.  Possessives ("New Year's Day") are
 * skipped. */
static size_t holiday_at(const mctx *c, size_t i, const holiday **h) {
  size_t best = 0;
  if (c->strict && !(P(c, i)->flags & P_CAP))
    return 0;
  for (size_t k = 0; k < NG_ARRAY_LEN(holidays); k++) {
    size_t j = i, w = 0;
    for (; w < 3 && holidays[k].w[w]; w++) {
      if (w > 0 && (P(c, j)->flags & P_POSS))
        j++;
      if (!key_is(c, j, holidays[k].w[w]))
        break;
      j++;
    }
    if ((w == 3 || !holidays[k].w[w]) && j - i > best) {
      best = j - i;
      *h = &holidays[k];
    }
  }
  return best;
}

/* "Christmas", "Thanksgiving Day 1999", "last Thanksgiving", "Easter
 * week". */
static size_t m_holiday(const mctx *c, size_t i, tres *r) {
  size_t j = i;
  int dei = 2; /* none */
  switch (P(c, j)->fw) {
  case FW_LAST:
    dei = -1;
    j++;
    break;
  case FW_NEXT:
    dei = 1;
    j++;
    break;
  case FW_THIS:
    dei = 0;
    j++;
    break;
  default:
    break;
  }
  const holiday *h = NULL;
  size_t hl = holiday_at(c, j, &h);
  if (!hl)
    return 0;
  j += hl;
  int week = 0;
  if (P(c, j)->unit == U_WEEK && !P(c, j)->units) {
    week = 1;
    j++;
  }
  int m = 0, d = 0;
  long y = year_at(c, j);
  if (y >= 0) {
    j++;
  } else if (!c->have_ref) {
    if (h->kind != H_FIXED || week || dei != 2) {
      need_ref(r, K_DATE);
      return j - i;
    }
    dval v = {.gran = G_DAY, .y = -1, .m = h->a, .d = h->b};
    set_date(r, &v);
    return j - i;
  } else {
    r->anchored = 1;
    y = c->ry;
    if (!holiday_date(h, y, &m, &d))
      return 0;
    long delta = days_from_civil(y, m, d) - c->rz;
    if (dei == -1) {
      if (delta >= 0)
        y--;
    } else if (dei == 1) {
      if (delta <= 0)
        y++;
    } else if (dei == 2) {
      r->tensed = 1;
      if (c->tense == NG_TENSE_FUTURE)
        y += delta < 0;
      else if (c->tense == NG_TENSE_PAST)
        y -= delta > 0;
      else if (delta > 137)
        y--;
      else if (delta < -228)
        y++;
    }
  }
  if (!holiday_date(h, y, &m, &d) || !valid_ymd(y, m, d))
    return 0;
  dval v;
  if (week) {
    memset(&v, 0, sizeof v);
    v.gran = G_WEEK;
    iso_week(days_from_civil(y, m, d), &v.y, &v.k);
  } else {
    v = (dval){.gran = G_DAY, .y = y, .m = m, .d = d};
  }
  set_date(r, &v);
  return j - i;
}

/* "this", "last", "next", "this coming", "this past" at I: the offset
 * (-1, 0, 1) and *LEN the pieces; 2 when there is none. */
static int deixis_at(const mctx *c, size_t i, size_t *len) {
  *len = 1;
  switch (P(c, i)->fw) {
  case FW_THIS:
    if (fw_at(c, i + 1, FW_COMING)) {
      *len = 2;
      return 1;
    }
    if (fw_at(c, i + 1, FW_PAST)) {
      *len = 2;
      return -1;
    }
    return 0;
  case FW_LAST:
    return -1;
  case FW_NEXT:
    return 1;
  case FW_COMING:
    return 1;
  default:
    *len = 0;
    return 2;
  }
}

/* "Thursday", "last Thursday", "next Friday", "Friday night". */
static size_t m_weekday(const mctx *c, size_t i, tres *r) {
  size_t j = i, dl;
  int dei = deixis_at(c, j, &dl);
  if (dei == 2 && fw_at(c, j, FW_PAST)) {
    dei = -1; /* "past Monday" */
    dl = 1;
  }
  j += dl;
  int wd = wday_at(c, j);
  if (!wd)
    return 0;
  j++;
  int part = P(c, j)->part;
  if (part)
    j++;
  if (!c->have_ref) {
    if (dei != 2) {
      need_ref(r, part ? K_TIME : K_DATE);
      return j - i;
    }
    dval v = {.gran = part ? G_PART : G_DAY, .y = -1, .wd = wd, .k = part};
    set_date(r, &v);
    return j - i;
  }
  int cur = weekday_of(c->rz);
  long z;
  if (dei == 2) {
    z = resolve_wday(c, wd, r);
  } else {
    r->anchored = 1;
    if (dei < 0)
      z = c->rz - ((cur - wd + 7) % 7 ? (cur - wd + 7) % 7 : 7);
    else if (dei > 0)
      z = c->rz + ((wd - cur + 7) % 7 ? (wd - cur + 7) % 7 : 7);
    else
      z = c->rz - (cur - wd);
  }
  dval v;
  day_value(&v, z);
  if (part) {
    v.gran = G_PART;
    v.k = part;
  }
  set_date(r, &v);
  return j - i;
}

/* "today", "yesterday morning", "tomorrow", "tonight", "last night",
 * "this morning". */
static size_t m_relday(const mctx *c, size_t i, tres *r) {
  size_t j = i + 1;
  long off;
  int part = 0;
  switch (P(c, i)->fw) {
  case FW_TODAY:
    off = 0;
    break;
  case FW_TONIGHT:
    off = 0;
    part = PART_NI;
    break;
  case FW_YESTERDAY:
    off = -1;
    break;
  case FW_TOMORROW:
    off = 1;
    break;
  case FW_LAST:
    if (P(c, i + 1)->part != PART_NI || P(c, i + 1)->wday)
      return 0;
    off = -1;
    part = PART_NI;
    j++;
    break;
  case FW_THIS:
    if (!P(c, i + 1)->part || P(c, i + 1)->part == PART_NI)
      return 0;
    off = 0;
    part = P(c, i + 1)->part;
    j++;
    break;
  default:
    return 0;
  }
  if (!part && P(c, j)->part) {
    part = P(c, j)->part;
    j++;
  }
  if (!c->have_ref) {
    need_ref(r, part ? K_TIME : K_DATE);
    return j - i;
  }
  dval v;
  day_value(&v, c->rz + off);
  if (part) {
    v.gran = G_PART;
    v.k = part;
  }
  r->anchored = 1;
  set_date(r, &v);
  return j - i;
}

/* "this week", "last month", "next year", "last quarter", "this
 * weekend", "last November", "next summer", "the coming week". */
static size_t m_deictic(const mctx *c, size_t i, tres *r) {
  size_t j = i, dl;
  int dei;
  if (fw_at(c, j, FW_THE) &&
      (fw_at(c, j + 1, FW_COMING) || fw_at(c, j + 1, FW_FOLLOWING) ||
       fw_at(c, j + 1, FW_PREVIOUS))) {
    dei = fw_at(c, j + 1, FW_PREVIOUS) ? -1 : 1;
    dl = 2;
  } else {
    dei = deixis_at(c, j, &dl);
    if (dei == 2)
      return 0;
  }
  j += dl;
  const piece *q = P(c, j);
  int unit = q->units ? 0 : q->unit;
  int weekend = q->fw == FW_WEEKEND;
  int m = month_at(c, j), season = q->season;
  if (!unit && !weekend && !m && !season)
    return 0;
  if (unit && unit != U_WEEK && unit != U_MONTH && unit != U_YEAR &&
      unit != U_QUARTER && unit != U_DECADE && unit != U_CENTURY)
    return 0;
  if (dl == 2 && fw_at(c, i, FW_THE) && !unit && !weekend)
    return 0;
  j++;
  if (!c->have_ref) {
    need_ref(r, K_DATE);
    return j - i;
  }
  r->anchored = 1;
  dval v;
  memset(&v, 0, sizeof v);
  if (weekend || unit == U_WEEK) {
    v.gran = weekend ? G_WEEKEND : G_WEEK;
    iso_week(c->rz + 7L * dei, &v.y, &v.k);
  } else if (unit == U_MONTH) {
    v.gran = G_MONTH;
    v.y = c->ry;
    v.m = c->rm;
    add_months(&v.y, &v.m, dei);
  } else if (unit == U_YEAR) {
    v.gran = G_YEAR;
    v.y = c->ry + dei;
  } else if (unit == U_QUARTER) {
    long t = c->ry * 4 + (c->rm - 1) / 3 + dei;
    v.gran = G_QUARTER;
    v.y = t / 4;
    v.k = (int)(t % 4) + 1;
  } else if (unit == U_DECADE) {
    v.gran = G_DECADE;
    v.y = c->ry - c->ry % 10 + 10L * dei;
  } else if (unit == U_CENTURY) {
    v.gran = G_CENTURY;
    v.y = c->ry - c->ry % 100 + 100L * dei;
  } else if (m) {
    v.gran = G_MONTH;
    v.m = m;
    v.y = c->ry;
    if (dei < 0 && m >= c->rm)
      v.y--;
    else if (dei > 0 && m <= c->rm)
      v.y++;
  } else {
    long sy;
    int cur = season_of(c->ry, c->rm, &sy);
    long cs = sy * 4 + cur, cand = sy * 4 + (season - 1);
    if (dei < 0 && cand >= cs)
      cand -= 4;
    else if (dei > 0 && cand <= cs)
      cand += 4;
    v.gran = G_SEASON;
    v.y = cand / 4;
    v.k = (int)(cand % 4);
  }
  set_date(r, &v);
  return j - i;
}

/* A count at I: "3", "three", "twenty-five", "5 1/2", "1.5", "a", "a
 * few" (N = -1: unspecified), "half a", "a couple of". */
static size_t parse_count(const mctx *c, size_t i, long *n, int *half) {
  const piece *q = P(c, i);
  *half = 0;
  if ((q->ndig >= 1 || q->grouped || q->half) && q->num >= 0 && !q->decs &&
      !q->ampm) {
    *n = q->num;
    *half = q->half;
    if (!q->half && P(c, i + 1)->num == 1 && plain_num(P(c, i + 1)) &&
        punct_at(c, i + 2, '/') && P(c, i + 3)->num == 2 &&
        plain_num(P(c, i + 3))) {
      *half = 1;
      return 4;
    }
    return 1;
  }
  if (q->card >= 0) {
    size_t j = i + 1;
    *n = q->card;
    if (*n >= 20 && *n % 10 == 0 && hyphen_at(c, j) && P(c, j + 1)->card >= 1 &&
        P(c, j + 1)->card <= 9) {
      *n += P(c, j + 1)->card;
      j += 2;
    }
    if (fw_at(c, j, FW_HUNDRED)) {
      *n *= 100;
      j++;
    }
    if (fw_at(c, j, FW_AND) && fw_at(c, j + 1, FW_A) &&
        fw_at(c, j + 2, FW_HALF)) {
      *half = 1;
      j += 3;
    }
    return j - i;
  }
  switch (q->fw) {
  case FW_A:
    if (fw_at(c, i + 1, FW_HALF)) {
      *n = 0;
      *half = 1;
      return 2;
    }
    if (fw_at(c, i + 1, FW_COUPLE) && fw_at(c, i + 2, FW_OF)) {
      *n = 2;
      return 3;
    }
    if (fw_at(c, i + 1, FW_FEW)) {
      *n = -1;
      return 2;
    }
    if (fw_at(c, i + 1, FW_DOZEN)) {
      *n = 12;
      return 2;
    }
    if (fw_at(c, i + 1, FW_HUNDRED)) {
      *n = 100;
      return 2;
    }
    *n = 1;
    return 1;
  case FW_HALF:
    *n = 0;
    *half = 1;
    return fw_at(c, i + 1, FW_A) ? 2 : 1;
  case FW_SEVERAL:
  case FW_FEW:
    *n = -1;
    return 1;
  case FW_DOZENS:
    *n = -1;
    return fw_at(c, i + 1, FW_OF) ? 2 : 0;
  case FW_COUPLE:
    *n = 2;
    return fw_at(c, i + 1, FW_OF) ? 2 : 0;
  default:
    return 0;
  }
}

/* "three days ago", "a decade ago", "two weeks from now", "years ago". */
static size_t m_ago(const mctx *c, size_t i, tres *r) {
  long n;
  int half;
  size_t j = i + parse_count(c, i, &n, &half);
  if (j == i) {
    if (!P(c, i)->units)
      return 0;
    n = -1;
  }
  if (fw_at(c, j, FW_ADDL) || fw_at(c, j, FW_MORE))
    j++;
  int unit = P(c, j)->unit;
  if (!unit)
    return 0;
  j++;
  if (fw_at(c, j, FW_AND) && fw_at(c, j + 1, FW_A) &&
      fw_at(c, j + 2, FW_HALF)) {
    half = 1;
    j += 3;
  }
  int dir, back = 0;
  if (fw_at(c, j, FW_AGO)) {
    dir = -1;
    j++;
  } else if (fw_at(c, j, FW_FROM) && fw_at(c, j + 1, FW_NOW)) {
    dir = 1;
    j += 2;
  } else if (c->anaphora && n >= 0 &&
             (fw_at(c, j, FW_EARLIER) || fw_at(c, j, FW_LATER))) {
    /* "two days later", "a year earlier": from the date in focus, as
     * "ago" counts from the reference date (HeidelTime's UNDEF-REF) */
    dir = fw_at(c, j, FW_EARLIER) ? -1 : 1;
    back = 1;
    j++;
  } else {
    return 0;
  }
  if (n < 0) {
    set_lit(r, K_DATE, dir < 0 ? "PAST_REF" : "FUTURE_REF");
    return j - i;
  }
  if (n > 100000) {
    r->kind = K_DATE;
    r->invalid = 1;
    return j - i;
  }
  if (!c->have_ref) {
    need_ref(r, K_DATE);
    return j - i;
  }
  r->anchored = 1;
  /* the base: the reference date, or for "earlier" and "later" the
   * antecedent when it is as fine as the unit ("two days later" after
   * "October 1998" has no day to count from, and takes the reference) */
  long bz = c->rz, by = c->ry;
  int bm = c->rm;
  const dval *a = &c->ante;
  if (back && c->have_ante &&
      (a->gran == G_DAY ||
       (a->gran == G_MONTH && unit >= U_MONTH && unit != U_QUARTER) ||
       (a->gran == G_YEAR && unit >= U_YEAR && !half))) {
    by = a->y;
    bm = a->gran == G_YEAR ? 1 : a->m;
    if (a->gran == G_DAY)
      bz = days_from_civil(a->y, a->m, a->d);
  }
  dval v;
  memset(&v, 0, sizeof v);
  long s = dir * n;
  switch (unit) {
  case U_SEC:
  case U_MIN:
  case U_HOUR:
    day_value(&v, bz);
    break;
  case U_DAY:
    day_value(&v, bz + s);
    break;
  case U_WEEK:
  case U_FORTNIGHT:
    v.gran = G_WEEK;
    iso_week(bz + s * (unit == U_WEEK ? 7 : 14), &v.y, &v.k);
    break;
  case U_MONTH:
  case U_QUARTER:
    v.gran = G_MONTH;
    v.y = by;
    v.m = bm;
    add_months(&v.y, &v.m, s * (unit == U_QUARTER ? 3 : 1));
    break;
  case U_YEAR:
    if (half) {
      v.gran = G_MONTH;
      v.y = by;
      v.m = bm;
      add_months(&v.y, &v.m, s * 12 + dir * 6);
    } else {
      v.gran = G_YEAR;
      v.y = by + s;
    }
    break;
  case U_DECADE:
    v.gran = G_YEAR;
    v.y = by + s * 10;
    break;
  case U_CENTURY:
    v.gran = G_YEAR;
    v.y = by + s * 100;
    break;
  default:
    return 0;
  }
  set_date(r, &v);
  return j - i;
}

static size_t m_date(const mctx *c, size_t i, tres *r, int depth);

/* Only punctuation from piece J on: the expression is the whole line. */
static int rest_is_punct(const mctx *c, size_t j) {
  for (; j < c->n; j++)
    if (!(c->p[j].flags & P_PUNCT))
      return 0;
  return 1;
}

/* Expressions that point back to the last date the text gave (the
 * antecedent; the reference date when there is none), as annotated in
 * TimeBank and resolved by HeidelTime's narrative mode: "that day",
 * "that same day", "the same night", "that week", "that month", "that
 * year", "the next day", "the following morning", "the previous week",
 * "the day before", "the day after"; a bare "day" (a measure has its
 * count, "a day", "one day": alone it is the head of "the same day"
 * whose determiner the extent left out); a day number alone after a
 * month-day, the second of "April 24 and 25" or "April 24-25" (the
 * month is shared).  A day of an antecedent known only
 * to the month or year is written with X: "that day" after "last
 * October" is 1998-10-XX.  The stage passes the last date of the article
 * before the expression; the bare "day" and the lone day number need the
 * expression to be the whole text, so they are the normaliser's only. */
static size_t m_anaphor(const mctx *c, size_t i, tres *r) {
  if (!c->anaphora)
    return 0;
  dval a;
  memset(&a, 0, sizeof a);
  if (c->have_ante)
    a = c->ante;
  else if (c->have_ref)
    day_value(&a, c->rz);
  if (c->whole && i == 0 && c->have_ante && a.gran == G_DAY &&
      rest_is_punct(c, 1)) {
    int d = day_at(c, 0, 0);
    if (d) {
      dval v = a;
      v.gran = G_DAY;
      v.d = d;
      set_date(r, &v);
      r->anchored = 1;
      if (!valid_ymd(v.y, v.m, v.d))
        r->invalid = 1; /* "30" after "February 10" */
      return 1;
    }
  }
  size_t j = i;
  int off = 0, det = 1;
  if (fw_at(c, j, FW_THAT)) {
    j++;
    if (fw_at(c, j, FW_SAME))
      j++;
  } else if (fw_at(c, j, FW_THE)) {
    j++;
    if (fw_at(c, j, FW_NEXT) || fw_at(c, j, FW_FOLLOWING))
      off = 1;
    else if (fw_at(c, j, FW_PREVIOUS))
      off = -1;
    else if (!fw_at(c, j, FW_SAME))
      off = 2; /* "the day before": decided after the unit */
    if (off != 2)
      j++;
  } else {
    det = 0;
  }
  const piece *q = P(c, j);
  int unit = q->units ? 0 : q->unit, part = q->part;
  if (part == PART_NI && q->fw == FW_TONIGHT)
    part = 0;
  if (part)
    unit = U_DAY;
  if (unit != U_DAY && unit != U_WEEK && unit != U_MONTH && unit != U_YEAR)
    return 0;
  if (fw_at(c, j - 1, FW_NEXT) && unit != U_DAY)
    return 0; /* "the next week" may count from the reference date */
  j++;
  if (off == 2) {
    if (fw_at(c, j, FW_BEFORE))
      off = -1;
    else if (fw_at(c, j, FW_AFTER))
      off = 1;
    else
      return 0;
    j++;
  }
  if (!det && (!c->whole || unit != U_DAY || part || i != 0 ||
               !rest_is_punct(c, j)))
    return 0; /* a bare "day", alone */
  if (a.gran == G_NONE) {
    need_ref(r, part ? K_TIME : K_DATE);
    return j - i;
  }
  dval v;
  memset(&v, 0, sizeof v);
  v.y = a.y;
  if (unit == U_YEAR) {
    v.gran = G_YEAR;
    v.y += off;
  } else if (unit == U_MONTH) {
    if (a.gran == G_YEAR)
      return 0;
    v.gran = G_MONTH;
    v.m = a.m;
    add_months(&v.y, &v.m, off);
  } else if (a.gran != G_DAY) {
    if (unit == U_WEEK)
      return 0;
    v.gran = G_DAY; /* a day of that month or year: "1998-10-XX" */
    v.m = a.gran == G_MONTH ? a.m : -1;
    v.d = -1;
  } else if (unit == U_WEEK) {
    v.gran = G_WEEK;
    iso_week(days_from_civil(a.y, a.m, a.d) + 7L * off, &v.y, &v.k);
  } else {
    day_value(&v, days_from_civil(a.y, a.m, a.d) + off);
  }
  if (part) {
    v.gran = G_PART;
    v.k = part;
  }
  set_date(r, &v);
  r->anchored = 1;
  return j - i;
}

/* "the week of March 6", "(the) day before last Tuesday", "the day
 * after tomorrow": a date one step from another date. */
static size_t m_around(const mctx *c, size_t i, tres *r, int depth) {
  if (depth > 0)
    return 0;
  size_t j = i;
  if (fw_at(c, j, FW_THE))
    j++;
  int unit = P(c, j)->units ? 0 : P(c, j)->unit;
  int off;
  if (unit == U_WEEK && fw_at(c, j + 1, FW_OF))
    off = 0;
  else if (unit == U_DAY && fw_at(c, j + 1, FW_BEFORE))
    off = -1;
  else if (unit == U_DAY && fw_at(c, j + 1, FW_AFTER))
    off = 1;
  else
    return 0;
  j += 2;
  tres in;
  memset(&in, 0, sizeof in);
  size_t k = m_date(c, j, &in, depth + 1);
  if (!k || in.dv.gran != G_DAY || in.dv.y < 0 || in.noref || in.invalid)
    return 0;
  long z = days_from_civil(in.dv.y, in.dv.m, in.dv.d);
  dval v;
  memset(&v, 0, sizeof v);
  if (unit == U_WEEK) {
    v.gran = G_WEEK;
    iso_week(z, &v.y, &v.k);
  } else {
    day_value(&v, z + off);
  }
  *r = in;
  set_date(r, &v);
  return j + k - i;
}

typedef size_t (*date_rule)(const mctx *, size_t, tres *);

/* The longest calendar date at I. */
static size_t m_date(const mctx *c, size_t i, tres *r, int depth) {
  /* m_anaphor first: with an antecedent "the following week" is the
   * week after it, not the one after the reference date (m_deictic) */
  static const date_rule rules[] = {
      m_anaphor, m_iso,     m_slash,   m_monthform, m_dayfirst, m_year,
      m_decade,  m_century, m_season,    m_quarter,  m_holiday,
      m_weekday, m_relday,  m_deictic,   m_ago};
  size_t best = 0;
  for (size_t k = 0; k < NG_ARRAY_LEN(rules); k++) {
    tres t;
    memset(&t, 0, sizeof t);
    size_t n = rules[k](c, i, &t);
    if (n > best) {
      best = n;
      *r = t;
    }
  }
  tres t;
  memset(&t, 0, sizeof t);
  size_t n = m_around(c, i, &t, depth);
  if (n > best) {
    best = n;
    *r = t;
  }
  return best;
}

/* ------------------------------------------------------------------ */
/* Rules: clock times                                                  */
/* ------------------------------------------------------------------ */

/* "10:35 a.m.", "4 p.m. EDT Thursday", "noon", "1500 GMT", "4 in the
 * morning", "10 o'clock". */
static size_t m_time(const mctx *c, size_t i, tres *r) {
  const piece *q = P(c, i);
  size_t j = i + 1;
  int hh, mi = 0, ampm = 0, clock = 0; /* clock: surely a time */
  if (q->hhmm) {
    hh = q->hh;
    mi = q->mi;
    ampm = q->ampm;
  } else if (q->fw == FW_NOON || q->fw == FW_MIDNIGHT) {
    hh = q->fw == FW_NOON ? 12 : 24;
    clock = 1;
  } else if (q->ampm && q->ndig <= 2) {
    hh = (int)q->num;
    ampm = q->ampm;
  } else if (plain_num(q) && q->ndig <= 2) {
    hh = (int)q->num;
  } else if (plain_num(q) && q->ndig == 4 && P(c, i + 1)->tz) {
    hh = (int)(q->num / 100); /* "1500 GMT" */
    mi = (int)(q->num % 100);
    clock = 1;
  } else {
    return 0;
  }
  if (!ampm && !clock) {
    if (fw_at(c, j, FW_AM) || fw_at(c, j, FW_PM)) {
      ampm = fw_at(c, j, FW_AM) ? 1 : 2;
      j++;
    } else if (fw_at(c, j, FW_OCLOCK)) {
      j++;
      clock = 1;
    } else if (fw_at(c, j, FW_IN) && fw_at(c, j + 1, FW_THE) &&
               P(c, j + 2)->part && P(c, j + 2)->part != PART_NI) {
      ampm = P(c, j + 2)->part == PART_MO ? 1 : 2;
      j += 3;
    } else if (fw_at(c, j, FW_AT) && P(c, j + 1)->part == PART_NI) {
      ampm = hh >= 6 ? 2 : 1;
      j += 2;
    }
  }
  if (ampm) {
    if (hh < 1 || hh > 12)
      return 0;
    hh = ampm == 2 ? hh % 12 + 12 : hh % 12;
    clock = 1;
  }
  if (hh > 24 || mi > 59 || (hh == 24 && mi))
    return 0;
  if (P(c, j)->tz) {
    j++;
    clock = 1;
  } else if (fw_at(c, j, FW_LOCAL) && fw_at(c, j + 1, FW_TIME)) {
    j += 2;
    clock = 1;
  }
  if (!clock) {
    if (!q->hhmm)
      return 0;
    /* a bare "10:35": in running text only after "at", "by"... */
    if (c->strict && !fw_at(c, i - 1, FW_AT) && !fw_at(c, i - 1, FW_BY) &&
        !fw_at(c, i - 1, FW_UNTIL) && !fw_at(c, i - 1, FW_ABOUT) &&
        !fw_at(c, i - 1, FW_BEFORE) && !fw_at(c, i - 1, FW_AFTER))
      return 0;
  }
  /* the day: "Thursday", ", Friday", "on June 5", "today" */
  size_t k = j;
  if (punct_at(c, k, ','))
    k++;
  if (fw_at(c, k, FW_ON))
    k++;
  tres d;
  memset(&d, 0, sizeof d);
  size_t dl = m_date(c, k, &d, 1);
  if (dl && d.dv.gran == G_DAY && !d.noref && !d.invalid) {
    *r = d;
    j = k + dl;
  } else if (c->anaphora && c->have_ante && c->ante.gran == G_DAY) {
    /* "10:35 a.m." after "Friday": a clock time is on the day the text
     * is telling of (the day in focus), not always the reference date */
    d.dv = c->ante;
    d.dv.gran = G_DAY;
    r->anchored = 1;
  } else if (!c->have_ref) {
    need_ref(r, K_TIME);
    return j - i;
  } else {
    day_value(&d.dv, c->rz);
    r->anchored = 1;
  }
  dval v = d.dv;
  v.gran = G_TIME;
  v.hh = hh;
  v.mi = mi;
  set_date(r, &v);
  return j - i;
}

/* ------------------------------------------------------------------ */
/* Rules: durations, sets, references                                  */
/* ------------------------------------------------------------------ */

/* A unit after a count: "days", "more days", "-day"; *UNIT gets it. */
static size_t unit_after(const mctx *c, size_t j, int *unit) {
  size_t k = j;
  if (fw_at(c, k, FW_ADDL) || fw_at(c, k, FW_MORE) || fw_at(c, k, FW_OTHER))
    k++;
  else if (hyphen_at(c, k))
    k++;
  *unit = P(c, k)->unit;
  return *unit ? k + 1 - j : 0;
}

/* Trailing words of a duration: "-long", "-old", "and a half". */
static size_t duration_tail(const mctx *c, size_t j, int *half) {
  size_t k = j;
  if (hyphen_at(c, k) && (fw_at(c, k + 1, FW_LONG) || fw_at(c, k + 1, FW_OLD)))
    k += 2;
  else if (fw_at(c, k, FW_OLD) && P(c, j - 1)->units)
    k++; /* "40 years old" */
  if (!*half && fw_at(c, k, FW_AND) && fw_at(c, k + 1, FW_A) &&
      fw_at(c, k + 2, FW_HALF)) {
    *half = 1;
    k += 3;
  }
  return k - j;
}

static size_t put_duration(tres *r, long n, int half, int unit, size_t len) {
  char buf[32];
  if (!format_duration(n, half, unit, buf, sizeof buf)) {
    r->kind = K_DURATION;
    r->invalid = 1; /* "100000000 days": taken, without a value */
    return len;
  }
  set_lit(r, K_DURATION, buf);
  return len;
}

/* "three years", "40-day", "a week", "24 hours", "5 1/2 hours", "the
 * past two years", "recent days", "decades", "day-long", "the
 * weekend". */
static size_t m_duration(const mctx *c, size_t i, tres *r) {
  size_t j = i;
  int the = fw_at(c, j, FW_THE);
  if (the)
    j++;
  int span = 0; /* "past", "last", "next", "coming", "recent" */
  switch (P(c, j)->fw) {
  case FW_PAST:
  case FW_RECENT:
  case FW_COMING:
  case FW_PREVIOUS:
  case FW_FOLLOWING:
    span = 1;
    j++;
    break;
  case FW_LAST:
  case FW_NEXT:
    span = 2; /* a date without "the" or a count: "last week" */
    j++;
    break;
  default:
    break;
  }
  if (!span && the) {
    if (fw_at(c, j, FW_WEEKEND))
      return put_duration(r, 2, 0, U_DAY, j + 1 - i);
    return 0;
  }
  if (!span && !c->strict && fw_at(c, j, FW_WEEKEND))
    return put_duration(r, 2, 0, U_DAY, j + 1 - i);
  long n;
  int half, unit;
  size_t cl = parse_count(c, j, &n, &half);
  if (cl && span && P(c, j)->fw == FW_A)
    return 0; /* "the past a..." */
  if (cl) {
    size_t ul = unit_after(c, j + cl, &unit);
    if (!ul)
      return 0;
    j += cl + ul;
    if (c->strict && unit == U_SEC && P(c, i)->fw == FW_A)
      return 0; /* "a second term" */
    if (unit == U_QUARTER)
      return 0; /* "three quarters of the vote" */
    j += duration_tail(c, j, &half);
    return put_duration(r, n, half, unit, j - i);
  }
  const piece *q = P(c, j);
  if (!q->unit || q->unit == U_QUARTER)
    return 0;
  unit = q->unit;
  if (q->units) {
    /* "years", "recent days", "the coming weeks" */
    if (span == 2 && !the && !fw_at(c, i, FW_LAST))
      return 0;
    if (c->strict && !span) {
      const piece *pv = P(c, i - 1), *nx = P(c, j + 1);
      int cue = pv->fw == FW_FOR || pv->fw == FW_OVER || pv->fw == FW_IN ||
                pv->fw == FW_WITHIN || pv->fw == FW_SEVERAL ||
                pv->fw == FW_FEW || nx->fw == FW_AGO || nx->fw == FW_OF ||
                nx->fw == FW_LATER || nx->fw == FW_EARLIER ||
                (hyphen_at(c, j + 1) && P(c, j + 2)->fw == FW_LONG);
      if (!cue)
        return 0;
    }
    j++;
    half = 0;
    j += duration_tail(c, j, &half);
    return put_duration(r, -1, 0, unit, j - i);
  }
  /* a singular unit: "the past year" = P1Y; "last week" is a date */
  if (span) {
    if (!the && span == 2)
      return 0;
    if (!the && P(c, i)->fw != FW_PAST)
      return 0;
    if (P(c, i + 1)->fw == FW_FOLLOWING || P(c, i + 1)->fw == FW_PREVIOUS ||
        P(c, i + 1)->fw == FW_COMING)
      return 0; /* "the following week": a date */
    return put_duration(r, 1, 0, unit, j + 1 - i);
  }
  /* "day-long" */
  if (hyphen_at(c, j + 1) && fw_at(c, j + 2, FW_LONG))
    return put_duration(r, 1, 0, unit, j + 3 - i);
  return 0;
}

/* "every week", "every other day", "every Thursday", "daily", "twice a
 * year", "three times a week", "on Mondays". */
static size_t m_set(const mctx *c, size_t i, tres *r) {
  const piece *q = P(c, i);
  char buf[32];
  if (q->setu) {
    if (c->strict && (q->flags & P_CAP) && (P(c, i + 1)->flags & P_CAP))
      return 0; /* "the Daily Telegraph" */
    if (!format_duration(1, 0, q->setu, buf, sizeof buf))
      return 0;
    set_lit(r, K_SET, buf);
    return 1;
  }
  if (q->wdays && (!c->strict || (q->flags & P_CAP))) {
    snprintf(buf, sizeof buf, "XXXX-WXX-%d", q->wdays);
    set_lit(r, K_SET, buf);
    return 1;
  }
  size_t j = i + 1;
  if (q->fw == FW_EVERY) {
    long n = 1;
    int half = 0;
    if (fw_at(c, j, FW_OTHER)) {
      n = 2;
      j++;
    } else {
      size_t cl = parse_count(c, j, &n, &half);
      if (cl && n >= 1 && !half && P(c, j)->fw != FW_A)
        j += cl;
      else
        n = 1;
    }
    const piece *u = P(c, j);
    if (u->wday && !(c->strict && !(u->flags & P_CAP))) {
      snprintf(buf, sizeof buf, "XXXX-WXX-%d", u->wday);
    } else if (u->part) {
      snprintf(buf, sizeof buf, "XXXX-XX-XXT%s", part_code[u->part]);
    } else if (u->fw == FW_WEEKEND) {
      snprintf(buf, sizeof buf, "XXXX-WXX-WE");
    } else if (u->unit && u->unit != U_QUARTER) {
      if (!format_duration(n, 0, u->unit, buf, sizeof buf))
        return 0;
    } else if (u->unit == U_QUARTER) {
      snprintf(buf, sizeof buf, "P%ldM", n * 3);
    } else {
      return 0;
    }
    set_lit(r, K_SET, buf);
    return j + 1 - i;
  }
  /* "once a week", "twice a year", "three times per day" */
  if (q->fw == FW_ONCE || q->fw == FW_TWICE) {
    j = i + 1;
  } else {
    long n;
    int half;
    size_t cl = parse_count(c, i, &n, &half);
    if (!cl || !fw_at(c, i + cl, FW_TIMES))
      return 0;
    j = i + cl + 1;
  }
  if (!fw_at(c, j, FW_A) && !fw_at(c, j, FW_PER) && !fw_at(c, j, FW_EVERY))
    return 0;
  const piece *u = P(c, j + 1);
  if (!u->unit || u->units || !format_duration(1, 0, u->unit, buf, sizeof buf))
    return 0;
  set_lit(r, K_SET, buf);
  return j + 2 - i;
}

/* "now", "currently", "recently", "the future", "the past", "these
 * days", "soon"; in the normaliser also "current", "former". */
static size_t m_ref(const mctx *c, size_t i, tres *r) {
  const piece *q = P(c, i);
  const char *v = NULL;
  size_t n = 1;
  switch (q->fw) {
  case FW_NOW:
  case FW_CURRENTLY:
    v = "PRESENT_REF";
    break;
  case FW_PRESENT:
    if (!c->strict || fw_at(c, i - 1, FW_AT))
      v = "PRESENT_REF";
    break;
  case FW_CURRENT:
    if (!c->strict)
      v = "PRESENT_REF";
    break;
  case FW_RECENTLY:
    v = "PAST_REF";
    break;
  case FW_PREVIOUSLY:
  case FW_FORMER:
  case FW_RECENT:
    if (!c->strict)
      v = "PAST_REF";
    break;
  case FW_FUTURE:
    if (!c->strict)
      v = "FUTURE_REF";
    break;
  case FW_SOON:
    v = "FUTURE_REF";
    break;
  case FW_THESE:
    if (P(c, i + 1)->unit == U_DAY && P(c, i + 1)->units) {
      v = "PRESENT_REF";
      n = 2;
    }
    break;
  case FW_THE: {
    size_t j = i + 1;
    if (fw_at(c, j, FW_NEAR))
      j++;
    if (fw_at(c, j, FW_FUTURE))
      v = "FUTURE_REF";
    else if (fw_at(c, j, FW_PAST) && j == i + 1)
      v = "PAST_REF";
    else if (fw_at(c, j, FW_PRESENT) && j == i + 1)
      v = "PRESENT_REF";
    n = j + 1 - i;
    break;
  }
  default:
    break;
  }
  if (!v)
    return 0;
  set_lit(r, K_DATE, v);
  return n;
}

/* ------------------------------------------------------------------ */
/* Modifiers and the matcher                                           */
/* ------------------------------------------------------------------ */

/* "early", "mid-", "late", "the end of", "earlier this": the mod and
 * the pieces taken. */
static size_t point_mod(const mctx *c, size_t i, const char **mod) {
  size_t j = i;
  int the = fw_at(c, j, FW_THE);
  if (the)
    j++;
  switch (P(c, j)->fw) {
  case FW_EARLY:
  case FW_LATE:
  case FW_MID:
    if (the)
      return 0;
    *mod = fw_at(c, j, FW_EARLY)  ? "START"
           : fw_at(c, j, FW_LATE) ? "END"
                                  : "MID";
    j++;
    if (hyphen_at(c, j))
      j++;
    return j - i;
  case FW_EARLIER:
  case FW_LATER:
    if (the || (!fw_at(c, j + 1, FW_THIS) && !fw_at(c, j + 1, FW_LAST) &&
                !fw_at(c, j + 1, FW_NEXT) &&
                !(c->anaphora && fw_at(c, j + 1, FW_THAT))))
      return 0;
    *mod = fw_at(c, j, FW_EARLIER) ? "START" : "END";
    return 1;
  case FW_BEGINNING:
  case FW_END:
  case FW_MIDDLE:
    if (!fw_at(c, j + 1, FW_OF))
      return 0;
    *mod = fw_at(c, j, FW_BEGINNING) ? "START"
           : fw_at(c, j, FW_END)     ? "END"
                                     : "MID";
    return j + 2 - i;
  default:
    return 0;
  }
}

/* "about", "more than", "at least", "nearly", "up to". */
static size_t approx_mod(const mctx *c, size_t i, const char **mod) {
  switch (P(c, i)->fw) {
  case FW_ABOUT:
    *mod = "APPROX";
    return 1;
  case FW_NEARLY:
    *mod = "LESS_THAN";
    return 1;
  case FW_OVER:
    *mod = "MORE_THAN";
    return 1;
  case FW_UNDER:
    *mod = "LESS_THAN";
    return 1;
  case FW_MORE:
    *mod = "MORE_THAN";
    return fw_at(c, i + 1, FW_THAN) ? 2 : 0;
  case FW_LESS:
    *mod = "LESS_THAN";
    return fw_at(c, i + 1, FW_THAN) ? 2 : 0;
  case FW_AT:
    *mod = fw_at(c, i + 1, FW_LEAST) ? "EQUAL_OR_MORE" : "EQUAL_OR_LESS";
    return fw_at(c, i + 1, FW_LEAST) || fw_at(c, i + 1, FW_MOST) ? 2 : 0;
  case FW_UP:
    *mod = "EQUAL_OR_LESS";
    return fw_at(c, i + 1, FW_TO) ? 2 : 0;
  default:
    return 0;
  }
}

/* The whole of a "the end of the year": the reference year, month or
 * week after a point modifier. */
static size_t m_the_unit(const mctx *c, size_t i, tres *r) {
  if (!fw_at(c, i, FW_THE))
    return 0;
  const piece *q = P(c, i + 1);
  if (q->units ||
      (q->unit != U_YEAR && q->unit != U_MONTH && q->unit != U_WEEK &&
       q->unit != U_DECADE && q->unit != U_CENTURY))
    return 0;
  if (!c->have_ref) {
    need_ref(r, K_DATE);
    return 2;
  }
  dval v;
  memset(&v, 0, sizeof v);
  v.y = c->ry;
  switch (q->unit) {
  case U_YEAR:
    v.gran = G_YEAR;
    break;
  case U_MONTH:
    v.gran = G_MONTH;
    v.m = c->rm;
    break;
  case U_WEEK:
    v.gran = G_WEEK;
    iso_week(c->rz, &v.y, &v.k);
    break;
  case U_DECADE:
    v.gran = G_DECADE;
    v.y -= v.y % 10;
    break;
  default:
    v.gran = G_CENTURY;
    v.y -= v.y % 100;
    break;
  }
  r->anchored = 1;
  set_date(r, &v);
  return 2;
}

typedef size_t (*any_rule)(const mctx *, size_t, tres *);

/* The longest expression without a modifier at I. */
static size_t m_plain(const mctx *c, size_t i, tres *r) {
  static const any_rule rules[] = {m_time, m_duration, m_set, m_ref};
  size_t best = m_date(c, i, r, 0);
  for (size_t k = 0; k < NG_ARRAY_LEN(rules); k++) {
    tres t;
    memset(&t, 0, sizeof t);
    size_t n = rules[k](c, i, &t);
    if (n > best) {
      best = n;
      *r = t;
    }
  }
  return best;
}

/* Function words no rule begins with: they are only looked for before
 * or after another piece ("in", "of", "ago", "o'clock").  Every other
 * function word may begin an expression. */
static int fw_never_starts(int fw) {
  switch (fw) {
  case FW_OF: case FW_IN: case FW_TO: case FW_AND: case FW_ON:
  case FW_FOR: case FW_BY: case FW_FROM: case FW_SINCE: case FW_UNTIL:
  case FW_DURING: case FW_THROUGH: case FW_WITHIN: case FW_BEFORE:
  case FW_AFTER: case FW_THAT: case FW_AGO: case FW_PER: case FW_THAN:
  case FW_LEAST: case FW_MOST: case FW_OTHER: case FW_TIMES: case FW_LONG:
  case FW_OLD: case FW_DOZEN: case FW_ADDL: case FW_NEAR: case FW_HUNDRED:
  case FW_OCLOCK: case FW_AM: case FW_PM: case FW_LOCAL: case FW_TIME:
    return 1;
  default:
    return 0;
  }
}

/* The first bytes of the holidays' first words. */
static uint64_t holiday_first[4];
static pthread_once_t holiday_once = PTHREAD_ONCE_INIT;

static void index_holidays(void) {
  for (size_t k = 0; k < NG_ARRAY_LEN(holidays); k++) {
    unsigned char b = (unsigned char)holidays[k].w[0][0];
    holiday_first[b / 64] |= (uint64_t)1 << (b % 64);
  }
}

/* Can a rule match at piece I at all?  Every rule begins with a number,
 * a word of the table above other than those of fw_never_starts, the
 * first word of a holiday or the apostrophe of "'90s"; most pieces are
 * none of these, and skip the thirty rules.  A rule that begins
 * another way must be allowed for here. */
static int may_start(const mctx *c, size_t i) {
  const piece *q = P(c, i);
  if (q->ndig || q->num >= 0 || q->card >= 0 || q->ord || q->grouped ||
      q->half || q->decs || q->ampm || q->hhmm || q->fyear || q->qn ||
      q->month || q->wday || q->wdays || q->season || q->part || q->unit ||
      q->setu || q->tz || q->decw)
    return 1;
  if (q->fw == FW_THAT && c->anaphora)
    return 1; /* "that day" */
  if (q->fw)
    return !fw_never_starts(q->fw);
  if (q->flags & P_PUNCT)
    return apostrophe_at(c, i);
  if (c->strict && !(q->flags & P_CAP))
    return 0; /* holidays are capitalised in running text */
  pthread_once(&holiday_once, index_holidays);
  unsigned char k0 = (unsigned char)q->key[0];
  if (!(holiday_first[k0 / 64] & ((uint64_t)1 << (k0 % 64))))
    return 0;
  for (size_t k = 0; k < NG_ARRAY_LEN(holidays); k++)
    if (key_is(c, i, holidays[k].w[0]))
      return 1;
  return 0;
}

/* The longest time expression starting at piece I (0: none). */
static size_t match_at(const mctx *c, size_t i, tres *r) {
  memset(r, 0, sizeof *r);
  if (!may_start(c, i))
    return 0;
  size_t best = m_plain(c, i, r);
  const char *mod = NULL;
  size_t k = point_mod(c, i, &mod);
  if (k) {
    tres t;
    memset(&t, 0, sizeof t);
    size_t n = m_date(c, i + k, &t, 0);
    if (!n)
      n = m_the_unit(c, i + k, &t);
    if (n && (t.kind == K_DATE || t.kind == K_TIME) && k + n > best) {
      best = k + n;
      *r = t;
      r->mod = mod;
    }
  }
  k = approx_mod(c, i, &mod);
  if (k && (P(c, i + k)->fw == FW_THE || P(c, i + k)->fw == FW_THIS ||
            P(c, i + k)->fw == FW_LAST || P(c, i + k)->fw == FW_NEXT))
    k = 0; /* "over the weekend": a signal, not a modifier */
  if (k) {
    tres t;
    memset(&t, 0, sizeof t);
    size_t n = m_plain(c, i + k, &t);
    if (n && t.kind != K_SET && k + n > best &&
        (t.kind == K_DURATION || t.dv.gran != G_NONE)) {
      best = k + n;
      *r = t;
      r->mod = mod;
    }
  }
  return best;
}

/* ------------------------------------------------------------------ */
/* The normaliser: a small lexer that splits like token.c              */
/* ------------------------------------------------------------------ */

static int is_alpha_ascii(int ch) {
  return (ch | 0x20) >= 'a' && (ch | 0x20) <= 'z';
}

static int is_alnum_ascii(int ch) { return is_alpha_ascii(ch) || is_digit(ch); }

/* UTF-8 sequences the lexer treats as ASCII punctuation: 1 an
 * apostrophe (U+2018, U+2019), 2 a dash (U+2010..U+2014), 3 a space
 * (U+00A0, U+2000..U+200B, U+202F), 4 a quotation mark; *K gets the
 * sequence's length.  0 for anything else. */
static int special_seq(const unsigned char *s, size_t n, size_t i, size_t *k) {
  *k = 1;
  if (s[i] == 0xC2 && i + 1 < n && s[i + 1] == 0xA0) {
    *k = 2;
    return 3;
  }
  if (s[i] == 0xE2 && i + 2 < n && s[i + 1] == 0x80) {
    unsigned char b = s[i + 2];
    *k = 3;
    if (b == 0x98 || b == 0x99)
      return 1;
    if (b >= 0x90 && b <= 0x94)
      return 2;
    if (b <= 0x8B || b == 0xAF)
      return 3;
    if (b == 0x9C || b == 0x9D)
      return 4;
    *k = 1;
  }
  return 0;
}

/* Length of the UTF-8 sequence led by byte B (1 for a stray byte). */
static size_t utf8_len(unsigned char b) {
  return b >= 0xF0 && b <= 0xF7 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
}

typedef struct lexbuf {
  piece p[NG_TIMEX_MAX_PIECES];
  char keys[NG_TIMEX_MAX_EXPR + NG_TIMEX_MAX_PIECES + 8];
  size_t n, kused;
} lexbuf;

/* The match key of bytes [B, E): ASCII lower case, no periods or
 * apostrophes (as ng_token_key, without the Unicode folding). */
static void make_key(lexbuf *lb, piece *p, const unsigned char *s, size_t b,
                     size_t e) {
  char *key = lb->keys + lb->kused;
  size_t kl = 0;
  for (size_t x = b; x < e; x++) {
    unsigned char ch = s[x];
    if ((ch == '.' || ch == '\'') && e - b > 1)
      continue;
    if (ch == 0xE2 && x + 2 < e && s[x + 1] == 0x80 &&
        (s[x + 2] == 0x98 || s[x + 2] == 0x99)) {
      x += 2;
      continue;
    }
    key[kl++] = (char)lower_ascii(ch);
  }
  key[kl] = '\0';
  lb->kused += kl + 1;
  p->key = key;
  p->klen = (unsigned)kl;
  p->raw = (const char *)s + b;
  p->rlen = (unsigned)(e - b);
}

/* Splits LEN bytes at TEXT into pieces; 0 when there are too many. */
static int lex(const char *text, size_t len, lexbuf *lb) {
  const unsigned char *s = (const unsigned char *)text;
  size_t i = 0;
  unsigned pending = 0;
  lb->n = 0;
  lb->kused = 0;
  while (i < len) {
    size_t k;
    unsigned char ch = s[i];
    int sp = special_seq(s, len, i, &k);
    if (sp == 3 || (ch < 0x80 && (ch <= ' ' || ch == 0x7f))) {
      pending |= P_SPACE;
      i += k;
      continue;
    }
    if (lb->n >= NG_TIMEX_MAX_PIECES)
      return 0;
    piece *p = &lb->p[lb->n];
    piece *prev = lb->n ? &lb->p[lb->n - 1] : NULL;
    memset(p, 0, sizeof *p);
    p->flags = pending;
    pending = 0;
    size_t b = i, e = i;
    if (!sp && (is_alnum_ascii(ch) || ch >= 0x80)) {
      int digits_only = is_digit(ch), has_alpha = 0, dotted = 0;
      size_t seg = 0; /* letters since the start or the last period */
      while (e < len) {
        unsigned char x = s[e];
        size_t kk;
        int sx = special_seq(s, len, e, &kk);
        if (!sx && (is_alnum_ascii(x) || x >= 0x80)) {
          if (!is_digit(x)) {
            digits_only = 0;
            has_alpha = 1;
          }
          seg++;
          e++;
          continue;
        }
        unsigned char nx = e + kk < len ? s[e + kk] : 0;
        unsigned char n2 = e + kk + 1 < len ? s[e + kk + 1] : 0;
        if ((x == '.' || x == ',' || x == ':') && digits_only &&
            is_digit(s[e - 1]) && is_digit(nx)) {
          e++;
          seg = 0;
          continue;
        }
        if ((x == '\'' || sx == 1) && is_alpha_ascii(s[e - 1]) &&
            is_alpha_ascii(nx)) {
          if ((nx == 's' || nx == 'S') && !is_alnum_ascii(n2) && n2 < 0x80)
            break; /* a possessive: its own piece */
          e += kk;
          continue;
        }
        if (x == '.' && has_alpha && seg == 1 && is_alpha_ascii(nx) &&
            (nx == 0 || n2 == '.' || !is_alpha_ascii(n2))) {
          dotted = 1; /* a.m., U.S. */
          e++;
          seg = 0;
          continue;
        }
        break;
      }
      if (has_alpha)
        p->flags |= P_WORD;
      if (is_digit(ch))
        p->flags |= P_NUM;
      if (ch >= 'A' && ch <= 'Z')
        p->flags |= P_CAP;
      make_key(lb, p, s, b, e);
      analyse(p);
      if (e < len && s[e] == '.' && has_alpha &&
          (dotted || p->month || p->wday || (seg == 1 && (p->flags & P_CAP)))) {
        e++; /* "Jan.", "a.m.", "Thurs." */
        p->flags |= P_ABBR;
        p->rlen = (unsigned)(e - b);
      }
      i = e;
      lb->n++;
      continue;
    }
    p->flags |= P_PUNCT;
    e = i + k;
    if (ch == '\'' || sp == 1) {
      unsigned char nx = e < len ? s[e] : 0;
      unsigned char n2 = e + 1 < len ? s[e + 1] : 0;
      if (prev && (prev->flags & P_WORD) && !(p->flags & P_SPACE)) {
        if ((nx == 's' || nx == 'S') && !is_alnum_ascii(n2) && n2 < 0x80) {
          e++;
          p->flags |= P_POSS;
        } else if (!is_alnum_ascii(nx) && prev->klen &&
                   prev->key[prev->klen - 1] == 's') {
          p->flags |= P_POSS;
        }
      }
    } else if (ch == '-' || sp == 2) {
      if (ch == '-' && e < len && s[e] == '-') {
        e++; /* "--" is a dash */
      } else if (!(p->flags & P_SPACE) && prev && e < len &&
                 (is_alnum_ascii(s[e]) || s[e] >= 0x80)) {
        p->flags |= P_HYPHEN;
      }
    } else if (!sp && ch >= 0x80) {
      e = i + utf8_len(ch);
      if (e > len)
        e = len;
    }
    make_key(lb, p, s, b, e);
    i = e;
    lb->n++;
  }
  return 1;
}

/* "YYYY-MM-DD", nothing more. */
static int parse_ref(const char *ref, long *y, int *m, int *d) {
  for (int k = 0; k < 10; k++) {
    char ch = ref[k];
    if (k == 4 || k == 7) {
      if (ch != '-')
        return 0;
    } else if (!is_digit((unsigned char)ch)) {
      return 0;
    }
  }
  if (ref[10] != '\0')
    return 0;
  *y = (ref[0] - '0') * 1000L + (ref[1] - '0') * 100 + (ref[2] - '0') * 10 +
       (ref[3] - '0');
  *m = (ref[5] - '0') * 10 + (ref[6] - '0');
  *d = (ref[8] - '0') * 10 + (ref[9] - '0');
  return valid_ymd(*y, *m, *d);
}

/* Copies a rule's result into a record (tb, te untouched). */
static void fill_out(const tres *r, ng_timex *out) {
  snprintf(out->type, sizeof out->type, "%s", kind_name[r->kind]);
  out->value[0] = '\0';
  if (!r->noref && !r->invalid) {
    if (r->dv.gran != G_NONE) {
      if (!format_dval(&r->dv, out->value, sizeof out->value))
        out->value[0] = '\0';
    } else {
      snprintf(out->value, sizeof out->value, "%s", r->lit);
    }
  }
  /* a modifier that does not fit the record is dropped, not cut */
  out->mod[0] = '\0';
  if (r->mod && strlen(r->mod) < sizeof out->mod)
    memcpy(out->mod, r->mod, strlen(r->mod) + 1);
  out->anchored = (uint8_t)(r->anchored ? 1 : 0);
}

static void set_ref(mctx *c, long y, int m, int d) {
  c->have_ref = 1;
  c->ry = y;
  c->rm = m;
  c->rd = d;
  c->rz = days_from_civil(y, m, d);
}

/* The antecedent PREV: "YYYY", "YYYY-MM" or "YYYY-MM-DD", the last
 * optionally with a time ("T10:35", "TMO"); 0 for anything else. */
static int parse_ante(const char *prev, dval *v) {
  size_t n = strlen(prev);
  const char *t = strchr(prev, 'T');
  if (t)
    n = (size_t)(t - prev);
  if (n != 4 && n != 7 && n != 10)
    return 0;
  if (t && n != 10)
    return 0;
  for (size_t k = 0; k < n; k++) {
    if (k == 4 || k == 7) {
      if (prev[k] != '-')
        return 0;
    } else if (!is_digit((unsigned char)prev[k])) {
      return 0;
    }
  }
  memset(v, 0, sizeof *v);
  v->y = (prev[0] - '0') * 1000L + (prev[1] - '0') * 100 +
         (prev[2] - '0') * 10 + (prev[3] - '0');
  v->gran = G_YEAR;
  if (n >= 7) {
    v->m = (prev[5] - '0') * 10 + (prev[6] - '0');
    v->gran = G_MONTH;
    if (v->m < 1 || v->m > 12)
      return 0;
  }
  if (n == 10) {
    v->d = (prev[8] - '0') * 10 + (prev[9] - '0');
    v->gran = G_DAY;
    if (!valid_ymd(v->y, v->m, v->d))
      return 0;
  }
  return v->y >= 1;
}

ng_status ng_timex_normalize_tense(const char *expr, size_t len,
                                   const char *ref, ng_tense tense,
                                   ng_timex *out) {
  return ng_timex_normalize_ctx(expr, len, ref, tense, NULL, out);
}

ng_status ng_timex_normalize_ctx(const char *expr, size_t len,
                                 const char *ref, ng_tense tense,
                                 const char *prev, ng_timex *out) {
  if (!out)
    return NG_ERR_ARG;
  out->type[0] = out->value[0] = out->mod[0] = '\0';
  out->anchored = 0;
  if (!expr && len)
    return NG_ERR_ARG;
  mctx c;
  memset(&c, 0, sizeof c);
  if (ref && *ref) {
    long y;
    int m, d;
    if (!parse_ref(ref, &y, &m, &d))
      return NG_ERR_ARG;
    set_ref(&c, y, m, d);
  }
  c.anaphora = c.whole = 1;
  if (prev && *prev && strlen(prev) < 32)
    c.have_ante = parse_ante(prev, &c.ante);
  if (len == 0 || len > NG_TIMEX_MAX_EXPR)
    return NG_ERR_INPUT;
  lexbuf *lb = malloc(sizeof *lb);
  if (!lb)
    return NG_ERR_NOMEM;
  ng_status st = NG_ERR_INPUT;
  if (lex(expr, len, lb)) {
    c.p = lb->p;
    c.n = lb->n;
    c.tense = tense;
    for (size_t i = 0; i < c.n; i++) {
      tres r;
      if (!match_at(&c, i, &r))
        continue;
      fill_out(&r, out);
      if (!r.invalid && (out->value[0] || r.noref))
        st = NG_OK;
      else
        out->type[0] = out->mod[0] = '\0'; /* a value we cannot write */
      break;
    }
  }
  free(lb);
  return st;
}

ng_status ng_timex_normalize(const char *expr, size_t len, const char *ref,
                             char *value, size_t value_size, char *type) {
  return ng_timex_normalize_after(expr, len, ref, NULL, value, value_size,
                                  type);
}

ng_status ng_timex_normalize_after(const char *expr, size_t len,
                                   const char *ref, const char *prev,
                                   char *value, size_t value_size,
                                   char *type) {
  if (value && value_size)
    value[0] = '\0';
  if (type)
    type[0] = '\0';
  if (!value || !value_size || !ref || !*ref)
    return NG_ERR_ARG;
  ng_timex t;
  memset(&t, 0, sizeof t);
  ng_status st = ng_timex_normalize_ctx(expr, len, ref, NG_TENSE_UNKNOWN, prev, &t);
  if (st)
    return st;
  size_t n = strlen(t.value);
  if (n >= value_size)
    return NG_ERR_ARG;
  memcpy(value, t.value, n + 1);
  if (type)
    snprintf(type, 16, "%s", t.type);
  return NG_OK;
}

/* ------------------------------------------------------------------ */
/* The pipeline stage                                                  */
/* ------------------------------------------------------------------ */

static int tok_is(const ng_token *t, const char *k) {
  size_t n = strlen(k);
  return t->key_len == n && memcmp(t->key, k, n) == 0;
}

/* An infinitive "to meet": the event lies after the clause's verb. */
static int infinitive_at(const ng_lexicon *lex, const ng_doc *d, size_t k,
                         size_t end) {
  if (!tok_is(NG_TOK(d, k), "to") || k + 1 >= end)
    return 0;
  const ng_token *v = NG_TOK(d, k + 1);
  if (!(v->flags & NG_TF_WORD) || (v->flags & (NG_TF_CAP | NG_TF_NUM)))
    return 0;
  ng_wclass wc = lex ? ng_lexicon_word(lex, v) : 0;
  if (wc & (NG_WC_DETERMINER | NG_WC_POSSESSIVE | NG_WC_PREP | NG_WC_PRONOUN_M |
            NG_WC_PRONOUN_F | NG_WC_PRONOUN_PL | NG_WC_PRONOUN_IT |
            NG_WC_QUANT | NG_WC_NUMBER))
    return 0;
  return !(v->key_len > 2 && v->key[v->key_len - 1] == 's');
}

/* The tense of the clause around tokens [TB, TE) of sentence S: the
 * nearest cue before the expression (a future word or an infinitive; a
 * reporting verb, a past auxiliary or an -ed verb), else a future or
 * past word right after it. */
static ng_tense clause_tense(const ng_world *w, const ng_doc *d,
                             const ng_sentence *s, size_t tb, size_t te) {
  const ng_lexicon *lex = w ? w->lex : NULL;
  size_t lim = tb > s->tb + 10 ? tb - 10 : s->tb;
  int no_past = 0;
  for (size_t k = tb; k-- > lim;) {
    const ng_token *t = NG_TOK(d, k);
    if (t->flags & NG_TF_PUNCT) {
      char ch = d->text[t->b];
      if (ch == ';' || ch == ':' || (t->flags & NG_TF_QUOTE))
        break;
      continue;
    }
    /* "remanded until his next court appearance on April 5", "the
     * deadline was extended until June 30": the date is not in the
     * past verb's time, so a past tense before it says nothing of it
     * (a future one still does: "planned until December") */
    if (tok_is(t, "next") || tok_is(t, "upcoming") || tok_is(t, "until") ||
        tok_is(t, "till")) {
      no_past = 1;
      continue;
    }
    ng_wclass wc = lex ? ng_lexicon_word(lex, t) : 0;
    if (infinitive_at(lex, d, k, tb) && k > s->tb &&
        (tok_is(NG_TOK(d, k - 1), "was") || tok_is(NG_TOK(d, k - 1), "were")))
      return NG_TENSE_UNKNOWN; /* "was to meet": no direction */
    if ((wc & NG_WC_FUTURE) || infinitive_at(lex, d, k, tb))
      return NG_TENSE_FUTURE;
    /* a reporting verb in the past ("said", "told"), not "says" nor the
     * "States" of "United States" */
    if ((wc & NG_WC_SAY) && !(t->flags & NG_TF_CAP) && t->key_len > 1 &&
        t->key[t->key_len - 1] != 's')
      return no_past ? NG_TENSE_UNKNOWN : NG_TENSE_PAST;
    if (tok_is(t, "was") || tok_is(t, "were") || tok_is(t, "had") ||
        tok_is(t, "did"))
      return no_past ? NG_TENSE_UNKNOWN : NG_TENSE_PAST;
    if ((t->flags & NG_TF_WORD) && !(t->flags & NG_TF_CAP) && t->key_len > 4 &&
        t->key[t->key_len - 2] == 'e' && t->key[t->key_len - 1] == 'd')
      return no_past ? NG_TENSE_UNKNOWN : NG_TENSE_PAST;
  }
  for (size_t k = te; k < s->te && k < te + 4; k++) {
    const ng_token *t = NG_TOK(d, k);
    ng_wclass wc = lex ? ng_lexicon_word(lex, t) : 0;
    if (wc & NG_WC_FUTURE)
      return NG_TENSE_FUTURE;
    if (tok_is(t, "was") || tok_is(t, "were") || tok_is(t, "had"))
      return no_past ? NG_TENSE_UNKNOWN : NG_TENSE_PAST;
  }
  return NG_TENSE_UNKNOWN;
}

/* A piece for token T. */
static void token_piece(const ng_doc *d, const ng_token *t, piece *p) {
  memset(p, 0, sizeof *p);
  p->key = t->key;
  p->klen = t->key_len;
  p->raw = d->text + t->b;
  p->rlen = t->e - t->b;
  unsigned f = 0;
  if (t->flags & NG_TF_WORD)
    f |= P_WORD;
  if (t->flags & NG_TF_NUM)
    f |= P_NUM;
  if (t->flags & NG_TF_PUNCT)
    f |= P_PUNCT;
  if (t->flags & NG_TF_CAP)
    f |= P_CAP;
  if (t->flags & NG_TF_HYPHEN)
    f |= P_HYPHEN;
  if (t->flags & NG_TF_POSS)
    f |= P_POSS;
  if (t->flags & NG_TF_ABBREV)
    f |= P_ABBR;
  if (t->flags & NG_TF_SPACE)
    f |= P_SPACE;
  p->flags = f;
  analyse(p);
}

ng_status ng_stage_timex(ng_world *w, ng_doc *d) {
  piece *ps = NULL;
  size_t cap = 0;
  ng_status st = NG_OK;
  mctx c;
  memset(&c, 0, sizeof c);
  c.strict = 1;
  if (d->year > 0 && valid_ymd(d->year, d->month, d->day))
    set_ref(&c, d->year, d->month, d->day);
  /* expressions that point back ("the next day", "later that month",
   * "two days later", a clock time) take the last date of the article
   * before them, as the normaliser does for the lines of its text */
  c.anaphora = 1;
  for (size_t si = 0; si < d->sentences.n && !st; si++) {
    const ng_sentence *s = NG_SENT(d, si);
    size_t n = s->te - s->tb;
    if (n > cap) {
      piece *np = realloc(ps, n * sizeof *np);
      if (!np) {
        st = NG_ERR_NOMEM;
        break;
      }
      ps = np;
      cap = n;
    }
    for (size_t k = 0; k < n; k++)
      token_piece(d, NG_TOK(d, s->tb + k), &ps[k]);
    c.p = ps;
    c.n = n;
    size_t i = 0;
    while (i < n) {
      tres r;
      c.tense = NG_TENSE_UNKNOWN;
      size_t len = match_at(&c, i, &r);
      if (!len) {
        i++;
        continue;
      }
      if (r.invalid) {
        i += len; /* "June 31": not a date, and not "June" either */
        continue;
      }
      if (r.tensed && c.have_ref) {
        c.tense = clause_tense(w, d, s, s->tb + i, s->tb + i + len);
        tres r2;
        if (c.tense != NG_TENSE_UNKNOWN && match_at(&c, i, &r2) == len)
          r = r2;
      }
      ng_timex *x = ng_vec_push(&d->timexes, sizeof(ng_timex), NG_MAX_MENTIONS);
      if (!x) {
        if (d->timexes.n >= NG_MAX_MENTIONS) {
          ng_log(w, NG_LOG_WARN, NG_ERR_LIMIT, "timex", 0, 0,
                 "more than %u time expressions; the rest are dropped",
                 NG_MAX_MENTIONS);
          goto done;
        }
        st = NG_ERR_NOMEM;
        break;
      }
      x->tb = (uint32_t)(s->tb + i);
      x->te = (uint32_t)(s->tb + i + len);
      fill_out(&r, x);
      dval a;
      if (!r.invalid && parse_ante(x->value, &a)) {
        c.ante = a;
        c.have_ante = 1;
      }
      i += len;
    }
  }
done:
  free(ps);
  if (st)
    ng_log(w, NG_LOG_ERROR, st, "timex", 0, 0, "time expressions: %s",
           ng_status_string(st));
  return st;
}
