/* cli.h - what the subcommands of the newsgraph tool share.
 * The CLI includes only the public headers of libnewsgraph. */
#ifndef NG_CLI_H
#define NG_CLI_H

#include <newsgraph/newsgraph.h>

/* Exit codes (documented in --help, the man page and the README). */
enum {
  NG_EXIT_OK = 0,
  NG_EXIT_INPUT = 1,   /* some input was rejected (bad UTF-8, bad JSON,
                          over a limit); the rest was processed */
  NG_EXIT_SYSTEM = 2,  /* out of memory, I/O error */
  NG_EXIT_USAGE = 3,   /* bad command line */
  NG_EXIT_DATA = 4,    /* dictionaries missing or malformed */
  NG_EXIT_STORE = 5,   /* the store cannot be opened or written */
  NG_EXIT_LOCKED = 6,  /* the store is being written by another process */
  NG_EXIT_QUERY = 7,   /* bad query, or a construct refused */
  NG_EXIT_RDF = 8      /* RDF could not be parsed or written */
};

/* The exit code for a library status. */
int ng_cli_exit_code(ng_status st);

/* Global options given before or after the subcommand name. */
typedef struct ng_cli_opts {
  const char *data_dir;  /* --data-dir, or NULL */
  const char **actor_files; /* --actors FILE (repeatable) */
  int n_actor_files;
  const char *base_iri;  /* --base IRI, or NULL */
  int verbose;           /* -v */
  int quiet;             /* -q */
  int no_parse;          /* --no-parse: worlds get no syntax model */
} ng_cli_opts;

extern ng_cli_opts ng_cli;
extern const char *ng_cli_prog; /* "newsgraph" */

/* Prints "newsgraph: MESSAGE" to stderr (printf-style). */
void ng_cli_error(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* The log handler the CLI installs: warnings and errors to stderr,
 * one line each, with stage and line number. */
void ng_cli_log(void *user_data, const ng_log_message *msg);

/* A world set up from ng_cli (data dir, actor files, log handler) and
 * opened when OPEN is nonzero.  NULL after printing an error; *EXIT_CODE
 * gets the exit code to use then. */
ng_world *ng_cli_world(int open, int *exit_code);

/* Opens PATH for reading ("-" = stdin) or writing; NULL after an error. */
FILE *ng_cli_fopen(const char *path, const char *mode);

/* All of FP into *OUT (malloc, the caller frees; *LEN bytes, not NUL
 * terminated): NG_ERR_LIMIT when it holds more than MAX bytes, NG_ERR_IO
 * on a read error, NG_ERR_NOMEM. */
ng_status ng_cli_slurp(FILE *fp, size_t max, char **out, size_t *len);

/* Options every subcommand takes: add NG_CLI_COMMON_LONGOPTS to its
 * getopt_long table and pass unknown option codes to ng_cli_common_opt(),
 * which returns 1 when it handled C. */
#define NG_OPT_DATA_DIR 1000
#define NG_OPT_ACTORS 1001
#define NG_OPT_BASE 1002
#define NG_OPT_NO_PARSE 1003
#define NG_CLI_COMMON_LONGOPTS                                    \
  {"data-dir", required_argument, NULL, NG_OPT_DATA_DIR},         \
      {"no-parse", no_argument, NULL, NG_OPT_NO_PARSE},           \
      {"actors", required_argument, NULL, NG_OPT_ACTORS},         \
      {"base", required_argument, NULL, NG_OPT_BASE},             \
      {"verbose", no_argument, NULL, 'v'},                        \
      {"quiet", no_argument, NULL, 'q'}
int ng_cli_common_opt(int c, const char *arg);
/* The --help text of the common options. */
extern const char ng_cli_common_help[];

/* The subcommands: argv[0] is the subcommand name. */
int ng_cmd_extract(int argc, char **argv);
int ng_cmd_load(int argc, char **argv);
int ng_cmd_parse(int argc, char **argv);
int ng_cmd_query(int argc, char **argv);
int ng_cmd_timex(int argc, char **argv);
int ng_cmd_actors(int argc, char **argv);
int ng_cmd_serve(int argc, char **argv);
int ng_cmd_viz(int argc, char **argv);
int ng_cmd_export(int argc, char **argv);

#endif /* NG_CLI_H */
