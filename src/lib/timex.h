/* timex.h - time expressions inside the library (timex.c).
 *
 * The public entry point is ng_timex_normalize() (newsgraph.h) and the
 * pipeline stage ng_stage_timex() (doc.h).  This header adds what the
 * stage and the tests share: the tense hint that decides which way a
 * bare "Thursday" or "March" points, and a normaliser that fills a whole
 * ng_timex record (type, value and modifier).
 */
#ifndef NG_TIMEX_H
#define NG_TIMEX_H

#include "doc.h"

/* Longest expression ng_timex_normalize() looks at, in bytes, and the
 * most pieces it splits one into: longer input is not one time
 * expression (NG_ERR_INPUT), which keeps the normaliser bounded. */
#define NG_TIMEX_MAX_EXPR 1024u
#define NG_TIMEX_MAX_PIECES 96u

/* The tense of the clause around an expression.
 * - Weekdays: PAST takes the latest one on or before the reference
 *   date, FUTURE the first one on or after it; UNKNOWN the latest one on
 *   or before it, except that the day after the reference date counts
 *   as "tomorrow" (so the window is 5 days back to 1 day ahead).
 * - Months, month-days, seasons and holidays without a year: PAST the
 *   latest occurrence up to the reference date, FUTURE the first one
 *   from it; UNKNOWN the occurrence from about 7 months before to 4
 *   months after it (news reports the recent past and announces the
 *   near future).
 * - Quarters without a year: the latest one up to the current quarter
 *   (results are reported after the fact), FUTURE the first one from it.
 * The stage finds the tense in the clause (see ng_stage_timex in
 * timex.c); the public ng_timex_normalize() uses UNKNOWN. */
typedef enum ng_tense {
  NG_TENSE_PAST = -1,
  NG_TENSE_UNKNOWN = 0,
  NG_TENSE_FUTURE = 1
} ng_tense;

/* As ng_timex_normalize(), with the tense hint TENSE, filling OUT's
 * type, value, mod and anchored fields (tb and te are left alone).  REF
 * may be NULL or "" (unknown date): expressions that need it get their
 * type and an empty value (status NG_OK), month and weekday names an
 * unanchored value ("XXXX-07", "XXXX-WXX-4").  NG_ERR_ARG for a
 * malformed REF, NG_ERR_INPUT when EXPR holds no time expression or
 * one whose value cannot be written ("June 31", "10000 years ago").
 * A modifier longer than OUT's mod field is dropped, never cut. */
ng_status ng_timex_normalize_tense(const char *expr, size_t len,
                                   const char *ref, ng_tense tense,
                                   ng_timex *out);
/* As ng_timex_normalize_tense(), with PREV the value of the last date
 * before the expression in its text (see ng_timex_normalize_after()). */
ng_status ng_timex_normalize_ctx(const char *expr, size_t len,
                                 const char *ref, ng_tense tense,
                                 const char *prev, ng_timex *out);

#endif /* NG_TIMEX_H */
