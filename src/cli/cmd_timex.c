/* cmd_timex.c - newsgraph timex: time expressions in, TIMEX3 values out,
 * one per line.  Needs no dictionaries, so it opens no world. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Longest line normalised; a longer one gets an empty output line. */
#define TIMEX_MAX_LINE (1024u * 1024u)

static const char timex_help[] =
    "Usage: newsgraph timex --date YYYY-MM-DD [OPTIONS] [FILE|-]\n"
    "Reads one time expression per line (standard input when no FILE or\n"
    "'-') and writes its TIMEX3 value on the same line of the output:\n"
    "  'June 27'      -> 2024-06-27     'mid-July'   -> 2024-07 (mod MID)\n"
    "  'last week'    -> 2024-W25       'the 1990s'  -> 199X\n"
    "  'two years'    -> P2Y            'every week' -> P1W (a set)\n"
    "  'now'          -> PRESENT_REF    'Tuesday night' -> 2024-06-25TNI\n"
    "A line that is not a time expression gives an empty line, so the\n"
    "output always has as many lines as the input.\n"
    "The lines are taken as the time expressions of one text, in order:\n"
    "one that points back ('that day', 'later that year', 'the next\n"
    "morning', 'two days later', a clock time without a day, '25'\n"
    "after 'April 24') takes the last date of an earlier line as its\n"
    "anchor ('10:35 a.m.' after 'Friday' is that Friday), or the --date\n"
    "when there is none.\n"
    "\n"
    "Options:\n"
    "  --date D       the reference date (the article date), YYYY-MM-DD;\n"
    "                 a time after it (YYYY-MM-DDThh:mm) is ignored.\n"
    "                 Required.\n"
    "  --with-type    write TYPE<TAB>VALUE (DATE, TIME, DURATION, SET)\n"
    "  --independent  normalise each line alone, against the --date only\n"
    "\n"
    "Without a tense in the line, a bare weekday is the latest one on or\n"
    "before the date, except the day after it ('Thursday' written on a\n"
    "Wednesday is tomorrow); a month or month-day without a year is the\n"
    "one from about seven months before to four months after the date.\n"
    "Lines longer than 1 MiB give an empty line.\n"
    "\n";

/* The date part of --date: "YYYY-MM-DD", optionally followed by an ISO
 * 8601 time ("T21:01", "T21:01:00Z"); 0 when it is neither. */
static int date_arg(const char *arg, char *out) {
  size_t n = strlen(arg);
  if (n < 10)
    return 0;
  if (n > 10) {
    if (arg[10] != 'T' || n > 40)
      return 0;
    for (size_t i = 11; i < n; i++)
      if (!strchr("0123456789:.Z+-", arg[i]))
        return 0;
  }
  memcpy(out, arg, 10);
  out[10] = '\0';
  char v[32];
  /* the library checks the calendar date */
  return ng_timex_normalize("today", 5, out, v, sizeof v, NULL) == NG_OK;
}

/* A value that can anchor a later line: "1998", "1998-10", "1998-10-23"
 * or a time of a day ("1998-10-23T10:35", "1998-10-23TMO"). */
static int anchor_value(const char *v) {
  static const char shape[] = "dddd-dd-dd";
  size_t k = 0;
  for (; v[k] && k < 10; k++)
    if (shape[k] == 'd' ? !(v[k] >= '0' && v[k] <= '9') : v[k] != '-')
      return 0;
  return (k == 4 || k == 7 || k == 10) && (v[k] == '\0' || (k == 10 && v[k] == 'T'));
}

/* Reads one line without its line break into BUF (MAX bytes).  Returns
 * 0 at the end of the input, else 1 with *LEN, and *TOOLONG set when
 * the line was longer than MAX (its rest is skipped). */
static int read_line(FILE *fp, char *buf, size_t max, size_t *len,
                     int *toolong) {
  size_t n = 0;
  int ch, any = 0;
  *toolong = 0;
  while ((ch = getc(fp)) != EOF) {
    any = 1;
    if (ch == '\n')
      break;
    if (n < max)
      buf[n++] = (char)ch;
    else
      *toolong = 1;
  }
  if (!any)
    return 0;
  if (n && buf[n - 1] == '\r')
    n--;
  *len = n;
  return 1;
}

int ng_cmd_timex(int argc, char **argv) {
  static const struct option longopts[] = {
      {"date", required_argument, NULL, 'D'},
      {"with-type", no_argument, NULL, 't'},
      {"independent", no_argument, NULL, 'i'},
      {"help", no_argument, NULL, 'h'},
      NG_CLI_COMMON_LONGOPTS,
      {NULL, 0, NULL, 0}};
  const char *date = NULL;
  int with_type = 0, independent = 0, c;
  optind = 1;
  while ((c = getopt_long(argc, argv, "vqh", longopts, NULL)) != -1) {
    switch (c) {
    case 'D':
      date = optarg;
      break;
    case 't':
      with_type = 1;
      break;
    case 'i':
      independent = 1;
      break;
    case 'h':
      fputs(timex_help, stdout);
      fputs(ng_cli_common_help, stdout);
      return NG_EXIT_OK;
    default:
      if (!ng_cli_common_opt(c, optarg)) {
        fputs("Try 'newsgraph timex --help'.\n", stderr);
        return ng_cli_exit_code(NG_ERR_ARG);
      }
    }
  }
  char ref[11];
  if (!date) {
    ng_cli_error("timex needs --date YYYY-MM-DD (the reference date)");
    return ng_cli_exit_code(NG_ERR_ARG);
  }
  if (!date_arg(date, ref)) {
    ng_cli_error("--date '%s' is not a calendar date YYYY-MM-DD", date);
    return ng_cli_exit_code(NG_ERR_ARG);
  }
  if (argc - optind > 1) {
    ng_cli_error("timex reads one file (or '-'); see 'newsgraph timex "
                 "--help'");
    return ng_cli_exit_code(NG_ERR_ARG);
  }
  const char *path = optind < argc ? argv[optind] : "-";
  FILE *fp = ng_cli_fopen(path, "rb");
  if (!fp)
    return ng_cli_exit_code(NG_ERR_IO);
  char *buf = malloc(TIMEX_MAX_LINE);
  if (!buf) {
    ng_cli_error("out of memory");
    if (fp != stdin)
      fclose(fp);
    return ng_cli_exit_code(NG_ERR_NOMEM);
  }
  size_t len;
  int toolong;
  char prev[32] = ""; /* the last date of an earlier line */
  while (read_line(fp, buf, TIMEX_MAX_LINE, &len, &toolong)) {
    char value[32], type[16];
    value[0] = type[0] = '\0';
    if (!toolong && len)
      ng_timex_normalize_after(buf, len, ref, independent ? NULL : prev,
                               value, sizeof value, type);
    if (anchor_value(value))
      memcpy(prev, value, sizeof prev);
    if (with_type && value[0])
      printf("%s\t%s\n", type, value);
    else
      printf("%s\n", value);
  }
  int rc = NG_EXIT_OK;
  if (ferror(fp)) {
    ng_cli_error("cannot read %s", path);
    rc = ng_cli_exit_code(NG_ERR_IO);
  }
  free(buf);
  if (fp != stdin)
    fclose(fp);
  if (fflush(stdout) != 0 || ferror(stdout)) {
    ng_cli_error("cannot write the output");
    rc = ng_cli_exit_code(NG_ERR_IO);
  }
  return rc;
}
