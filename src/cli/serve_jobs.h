/* serve_jobs.h - the queries of `newsgraph serve` and where they run:
 * a FIFO queue of query jobs answered by worker threads, each with its
 * own world and read-only store handle (librdf is not thread-safe
 * within one world), and job slots for the queries run in a child
 * process instead (what our evaluator leaves to rasqal, the pictures).
 *
 * A job's results go through a bounded buffer: an answer complete
 * within 256 KiB is handed over whole; a longer one is read while the
 * worker writes it (streamed), the worker waiting when the client reads
 * slowly.  The evaluator stops at the job's deadline or when its client
 * hangs up.  Every function is thread-safe. */
#ifndef NG_SERVE_JOBS_H
#define NG_SERVE_JOBS_H

#include <stddef.h>
#include <sys/types.h>

#include "answer_cache.h"
#include "cli.h"
#include "child.h"

typedef struct ng_serve_jobs ng_serve_jobs;
typedef struct ng_serve_job ng_serve_job;

/* Seconds on a monotonic clock: what deadlines are given in. */
double ng_serve_now(void);

typedef struct ng_serve_jobs_config {
  const char *spec;   /* the store (borrowed: must outlive the jobs) */
  int jobs;           /* queries run at once, in threads and in children */
  int threads;        /* 0: no worker threads (every query in a child) */
  size_t index_bytes; /* ng_store_use_index() of each handle */
  size_t max_values;  /* per query (ng_query_limits) */
  ng_answer_cache *cache; /* borrowed: must outlive the jobs */
  int verbose;        /* the workers' log messages on standard error */
} ng_serve_jobs_config;

/* Opens a world and a read-only store handle for each of CFG->jobs
 * workers and starts their threads (unless CFG->threads is 0), in the
 * calling thread: the libraries' set-up is not thread-safe.  Owned by
 * the caller: ng_serve_jobs_free().  NULL after an error message (the
 * store cannot be opened, a thread cannot start, out of memory). */
ng_serve_jobs *ng_serve_jobs_new(const ng_serve_jobs_config *cfg);

/* Stops the workers (when no job is waiting for an answer any more: the
 * daemon stopped) and closes their stores.  Accepts NULL. */
void ng_serve_jobs_free(ng_serve_jobs *js);

/* Runs the program EXE with ARGV and INPUT (ng_child_run(); the client
 * on socket FD hanging up stops it) in one of the job slots, waiting
 * for a free one until DEADLINE in the order the requests came (first
 * come, first served).  0 with *R filled (free it with
 * ng_child_result_free), -1 when the time ran out waiting, -2 when the
 * client hung up meanwhile (*R untouched on -1 and -2). */
int ng_serve_jobs_run_child(ng_serve_jobs *js, const char *exe,
                            char *const argv[], const char *input,
                            double deadline, size_t max_output,
                            long max_memory_mb, int fd, ng_child_result *r);

/* Puts the query TEXT (copied), answered in format F, at the end of the
 * queue, to be answered by DEADLINE; FD is its client's socket (-1:
 * none), watched for a hang-up.  The job returned holds a reference of
 * the caller's: ng_serve_job_release().  NULL when out of memory. */
ng_serve_job *ng_serve_jobs_submit(ng_serve_jobs *js, const char *text,
                                   ng_results_format f, double deadline,
                                   int fd);

typedef enum ng_serve_wait {
  NG_SERVE_ANSWERED = 0, /* done: *STATUS, *OUT and MSG are filled */
  NG_SERVE_STREAM,       /* long: read it with ng_serve_job_read */
  NG_SERVE_LATE,         /* the time ran out while it was queued, or 5 s
                            after its deadline: it was stopped */
  NG_SERVE_GONE          /* the client hung up: it was stopped */
} ng_serve_wait;

/* Waits until J is answered, or has enough results to begin streaming
 * them, or its client hangs up, or its time runs out.  On
 * NG_SERVE_ANSWERED *STATUS is the query's status; when it is NG_OK,
 * *OUT is set to the whole answer (owned by the caller), else MSG
 * (MSGSZ bytes) gets the error its world logged ("" when none).  The
 * caller's reference to J is kept in every case. */
ng_serve_wait ng_serve_job_wait(ng_serve_job *j, ng_status *status,
                                ng_cli_buf *out, char *msg, size_t msgsz);

#define NG_SERVE_READ_END (-1)   /* the answer is complete */
#define NG_SERVE_READ_ERROR (-2) /* the query failed or the client went */

/* Takes up to MAX bytes of the results of J (after NG_SERVE_STREAM)
 * into BUF, waiting for the worker: their number (> 0), or
 * NG_SERVE_READ_END or NG_SERVE_READ_ERROR. */
ssize_t ng_serve_job_read(ng_serve_job *j, char *buf, size_t max);

/* Stops J if it still runs (the worker stops writing, the evaluator
 * stops) and gives up the caller's reference.  Accepts NULL. */
void ng_serve_job_release(ng_serve_job *j);

#endif /* NG_SERVE_JOBS_H */
