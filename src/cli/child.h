/* child.h - running a newsgraph subcommand in a child process with a
 * time limit, its output captured: how serve answers each request, so
 * that a runaway query can be stopped and a crash stays in the child. */
#ifndef NG_CLI_CHILD_H
#define NG_CLI_CHILD_H

#include "results.h"

/* Values of ng_child_result.status besides an exit code (0..255). */
#define NG_CHILD_TIMEOUT (-1) /* killed when the time was up */
#define NG_CHILD_TOOBIG (-2)  /* killed when its output passed the cap */
#define NG_CHILD_FAILED (-3)  /* could not start, or died of a signal */
#define NG_CHILD_GONE (-4)    /* killed when the client hung up */

typedef struct ng_child_result {
  int status;
  ng_cli_buf out; /* standard output */
  ng_cli_buf err; /* standard error */
} ng_child_result;

typedef struct ng_child_limits {
  double seconds;     /* wall-clock limit */
  size_t max_output;  /* bytes of standard output */
  long max_memory_mb; /* address space of the child, 0 = no limit */
  int client_fd;      /* a socket whose peer hanging up (EOF, error)
                         stops the child; -1 = none */
} ng_child_limits;

/* Runs the program EXE (a path; when NULL argv[0] is looked up in PATH)
 * with ARGV (NULL-terminated), writing the LEN bytes at INPUT to its
 * standard input, and fills *R (free with ng_child_result_free).  The
 * child dies with the thread that started it (PR_SET_PDEATHSIG on
 * Linux), so no query outlives a killed server.  Safe
 * to call from several threads: the child only calls async-signal-safe
 * functions before exec. */
void ng_child_run(const char *exe, char *const argv[], const char *input,
                  size_t len, const ng_child_limits *limits,
                  ng_child_result *r);
void ng_child_result_free(ng_child_result *r);

#endif /* NG_CLI_CHILD_H */
