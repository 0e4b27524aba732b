/* input.h - articles in, for the commands that extract before they draw
 * or tabulate (viz, export): the same inputs and options as extract. */
#ifndef NG_CLI_INPUT_H
#define NG_CLI_INPUT_H

#include "cli.h"

typedef struct ng_cli_input {
  int jsonl; /* -1 auto (by content), 0 text, 1 JSON Lines */
  const char *id, *date, *url, *title, *source;
} ng_cli_input;

#define NG_OPT_IN_FORMAT 1100
#define NG_OPT_IN_ID 1101
#define NG_OPT_IN_DATE 1102
#define NG_OPT_IN_URL 1103
#define NG_OPT_IN_TITLE 1104
#define NG_OPT_IN_SOURCE 1105
#define NG_CLI_INPUT_LONGOPTS                                                  \
  {"input-format", required_argument, NULL, NG_OPT_IN_FORMAT},                 \
      {"id", required_argument, NULL, NG_OPT_IN_ID},                           \
      {"date", required_argument, NULL, NG_OPT_IN_DATE},                       \
      {"url", required_argument, NULL, NG_OPT_IN_URL},                         \
      {"title", required_argument, NULL, NG_OPT_IN_TITLE}, {                   \
    "source", required_argument, NULL, NG_OPT_IN_SOURCE                        \
  }

/* The --help text of the input options. */
extern const char ng_cli_input_help[];

/* Handles the input option C: 1 when handled, 0 when C is not one,
 * -1 after printing an error (exit NG_EXIT_USAGE). */
int ng_cli_input_opt(ng_cli_input *in, int c, const char *arg);

/* Whether the input PATH, open as FP, is to be read as JSON Lines: as
 * JSONL says (0 text, 1 JSON Lines), or for -1 (auto) by its content
 * (ng_jsonl_sniff of its first 64 KiB, put back after; of its first byte
 * when FP cannot seek, a pipe), with a note on stderr (unless -q) when
 * the content says otherwise than the name (".jsonl"). */
int ng_cli_input_is_jsonl(int jsonl, const char *path, FILE *fp);

/* Called with each article read (borrowed for the call).  WHERE names it
 * for messages ("file line 3").  NG_ERR_INPUT and NG_ERR_LIMIT count the
 * article as rejected; any other error stops the reading. */
typedef ng_status (*ng_cli_article_fn)(void *user, const ng_article *a,
                                       const char *where);

/* Reads the NFILES files (standard input when none, or "-") as text or
 * JSON Lines and calls FN with each article.  Returns an exit code:
 * NG_EXIT_OK, NG_EXIT_INPUT when some article was rejected (the others
 * were processed), or the code of the error that stopped the reading. */
int ng_cli_read_inputs(ng_world *w, const ng_cli_input *in, char **files,
                       int nfiles, ng_cli_article_fn fn, void *user);

#endif /* NG_CLI_INPUT_H */
