/* serve_jobs.c - the query jobs of `newsgraph serve`: the FIFO queue,
 * the worker threads with a world and a read-only store handle each,
 * the job slots of the child processes (serve_jobs.h).
 *
 * A query waits in the FIFO queue for a worker thread, which answers it
 * on its own world and read-only store handle (librdf is not
 * thread-safe within one world; handles share nothing: store.h), opened
 * once at start.  The results go through a bounded buffer (CHAN_CAP):
 * an answer complete within STREAM_AT bytes is sent with its status and
 * length; a longer one is streamed (chunked) while the worker writes
 * it, the worker waiting when the client reads slowly.  The evaluator
 * stops at the query's deadline or when the client hangs up
 * (ng_query_limits).  A query our evaluator leaves to rasqal, which
 * cannot be stopped, still runs in a child process, in a job slot
 * (ng_serve_jobs_run_child). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* POLLRDHUP, fopencookie */
#endif
#include "serve_jobs.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CHAN_CAP (1u << 20)    /* results a worker holds for the client */
#define STREAM_AT (256u << 10) /* past this the answer is streamed */

/* A request waiting for a job slot (on its thread's stack). */
typedef struct waiter {
  struct waiter *next;
} waiter;

typedef struct worker worker;

struct ng_serve_jobs {
  const char *spec;
  int verbose;
  size_t max_values; /* per query (ng_query_limits) */
  ng_answer_cache *cache; /* answers kept (--cache MB) */
  size_t index_bytes; /* the store's index at most (--index MB) */
  pthread_mutex_t lock;
  /* queries running now in children, at most JOBS; those waiting, in
   * order */
  pthread_cond_t freed;
  int running, jobs;
  waiter *queue, **queue_end;
  /* queries in-process: the workers and the jobs waiting for one (in
   * order, under LOCK) */
  worker *workers;
  int n_workers, workers_stop;
  pthread_cond_t work_cv;
  ng_serve_job *jobq, **jobq_end;
};

typedef enum job_state { JOB_QUEUED = 0, JOB_RUNNING, JOB_ABANDONED } job_state;

struct ng_serve_job {
  ng_serve_job *next;    /* in the queue (js->lock) */
  ng_serve_jobs *js;
  job_state state;       /* js->lock */
  char *text;            /* the query */
  ng_results_format format;
  double deadline;
  ng_cancel *cancel;     /* set when the client goes or the answer ends */
  int fd;                /* the client's socket */
  pthread_mutex_t mu;    /* the rest */
  pthread_cond_t cv;     /* output, room for output, done, gone */
  int refs;              /* the connection (or its response), the queue
                            (or the worker) */
  int done, gone, late;  /* late: the deadline passed while writing */
  int waiting;           /* the worker waits for room: stream now */
  ng_status status;
  char msg[512];         /* the error the worker's world logged */
  char *buf;             /* the results not yet sent: [head, len) */
  size_t head, len, cap;
  size_t written;        /* bytes the worker wrote in all */
};

typedef ng_serve_job job;

/* One worker: its world and store handle, used by its thread only. */
struct worker {
  ng_serve_jobs *js;
  ng_world *w;
  ng_store *store;
  pthread_t thread;
  int started;
  char msg[512]; /* the last error logged during the job */
};

double ng_serve_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* 1 when the client on socket FD has hung up (or the socket failed). */
static int client_gone(int fd) {
  if (fd < 0)
    return 0;
  struct pollfd p = {fd, POLLRDHUP, 0};
  return poll(&p, 1, 0) > 0 &&
         (p.revents & (POLLRDHUP | POLLHUP | POLLERR | POLLNVAL));
}

/* An absolute CLOCK_REALTIME time SECONDS from now, for timed waits. */
static struct timespec in_seconds(double seconds) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  long ns = ts.tv_nsec + (long)(seconds * 1e9);
  ts.tv_sec += ns / 1000000000L;
  ts.tv_nsec = ns % 1000000000L;
  return ts;
}

/* ------------------------------------------------------------------ */
/* Job slots: queries in a child process                               */
/* ------------------------------------------------------------------ */

/* Waits for a free job slot until DEADLINE, in the order the requests
 * came (first come, first served); 0 when one was taken, -1 when the
 * time ran out, -2 when the client on FD hung up meanwhile. */
static int take_slot(ng_serve_jobs *js, double deadline, int fd) {
  waiter me = {NULL};
  int rc = 0;
  pthread_mutex_lock(&js->lock);
  *js->queue_end = &me;
  js->queue_end = &me.next;
  while (js->queue != &me || js->running >= js->jobs) {
    double left = deadline - ng_serve_now();
    if (left <= 0) {
      rc = -1;
      break;
    }
    if (left > 0.25)
      left = 0.25; /* look at the client now and then */
    struct timespec ts = in_seconds(left);
    pthread_cond_timedwait(&js->freed, &js->lock, &ts);
    if (client_gone(fd)) {
      rc = -2;
      break;
    }
  }
  /* leave the queue */
  waiter **pp = &js->queue;
  while (*pp != &me)
    pp = &(*pp)->next;
  *pp = me.next;
  if (js->queue_end == &me.next)
    js->queue_end = pp;
  if (!rc)
    js->running++;
  /* the next in line may go now (a slot left, or this one gave up) */
  pthread_cond_broadcast(&js->freed);
  pthread_mutex_unlock(&js->lock);
  return rc;
}

static void give_slot(ng_serve_jobs *js) {
  pthread_mutex_lock(&js->lock);
  js->running--;
  pthread_cond_broadcast(&js->freed);
  pthread_mutex_unlock(&js->lock);
}

int ng_serve_jobs_run_child(ng_serve_jobs *js, const char *exe,
                            char *const argv[], const char *input,
                            double deadline, size_t max_output,
                            long max_memory_mb, int fd, ng_child_result *r) {
  int got = take_slot(js, deadline, fd);
  if (got)
    return got;
  ng_child_limits lim = {deadline - ng_serve_now(), max_output,
                         max_memory_mb, fd};
  ng_child_run(exe, argv, input, input ? strlen(input) : 0, &lim, r);
  give_slot(js);
  return 0;
}

/* ------------------------------------------------------------------ */
/* Queries in-process: worker threads with a store handle each         */
/* ------------------------------------------------------------------ */

static void job_unref(job *j) {
  pthread_mutex_lock(&j->mu);
  int last = --j->refs == 0;
  pthread_mutex_unlock(&j->mu);
  if (!last)
    return;
  pthread_mutex_destroy(&j->mu);
  pthread_cond_destroy(&j->cv);
  ng_cancel_free(j->cancel);
  free(j->text);
  free(j->buf);
  free(j);
}

/* The client went (or the answer was cut): the worker stops writing
 * and the evaluator stops. */
static void job_drop(job *j) {
  ng_cancel_set(j->cancel);
  pthread_mutex_lock(&j->mu);
  j->gone = 1;
  pthread_cond_broadcast(&j->cv);
  pthread_mutex_unlock(&j->mu);
}

static job *job_new(const char *text, ng_results_format f, double deadline,
                    int fd) {
  job *j = calloc(1, sizeof *j);
  if (!j)
    return NULL;
  j->text = ng_cli_strndup(text, strlen(text));
  j->cancel = ng_cancel_new();
  if (!j->text || !j->cancel) {
    free(j->text);
    ng_cancel_free(j->cancel);
    free(j);
    return NULL;
  }
  j->format = f;
  j->deadline = deadline;
  j->fd = fd;
  j->refs = 1;
  pthread_mutex_init(&j->mu, NULL);
  pthread_cond_init(&j->cv, NULL);
  return j;
}

/* The worker's results FILE writes here (fopencookie): into the buffer,
 * waiting while it is full; -1 when the client went or the time ran
 * out, which stops the query (NG_ERR_IO): the timeout counts the
 * writing of the answer too. */
static ssize_t chan_write(void *cookie, const char *b, size_t n) {
  job *j = cookie;
  ssize_t ret = (ssize_t)n;
  pthread_mutex_lock(&j->mu);
  for (;;) {
    if (ng_serve_now() > j->deadline) {
      j->late = 1;
      break;
    }
    if (j->gone || j->len == j->head || j->len - j->head + n <= CHAN_CAP)
      break;
    j->waiting = 1; /* a big write before the answer began: begin it */
    pthread_cond_broadcast(&j->cv);
    struct timespec ts = in_seconds(0.25);
    pthread_cond_timedwait(&j->cv, &j->mu, &ts);
  }
  j->waiting = 0;
  if (j->gone || j->late) {
    errno = EPIPE;
    ret = -1;
    goto out;
  }
  if (j->head && j->len + n > j->cap) { /* move what is left to the front */
    memmove(j->buf, j->buf + j->head, j->len - j->head);
    j->len -= j->head;
    j->head = 0;
  }
  if (j->len + n > j->cap) {
    size_t cap = j->cap ? j->cap : 65536;
    while (cap < j->len + n)
      cap *= 2;
    char *nb = realloc(j->buf, cap);
    if (!nb) {
      errno = ENOMEM;
      ret = -1;
      goto out;
    }
    j->buf = nb;
    j->cap = cap;
  }
  memcpy(j->buf + j->len, b, n);
  j->len += n;
  j->written += n;
  pthread_cond_broadcast(&j->cv);
out:
  pthread_mutex_unlock(&j->mu);
  return ret;
}

/* Gives the answer J holds whole (nothing sent yet, no more than
 * STREAM_AT bytes) to the answer cache, for data VERSION. */
static void keep_answer(ng_serve_jobs *js, job *j, unsigned long version) {
  pthread_mutex_lock(&j->mu);
  int whole = j->head == 0 && j->len == j->written && j->len <= STREAM_AT;
  size_t len = j->len;
  char *body = whole ? malloc(len ? len : 1) : NULL;
  if (body)
    memcpy(body, j->buf, len);
  pthread_mutex_unlock(&j->mu);
  if (body)
    ng_answer_cache_put(js->cache, j->text, j->format, version, body, len);
}

/* The worker's world logs here: the last error is the answer's message
 * (as "error: STAGE line N: TEXT", the form the CLI prints). */
static void worker_log(void *user, const ng_log_message *m) {
  worker *wk = user;
  if (m->level == NG_LOG_ERROR) {
    char where[64] = "";
    if (m->line > 0)
      snprintf(where, sizeof where, " line %ld", m->line);
    snprintf(wk->msg, sizeof wk->msg, "error: %s%s: %s",
             m->stage ? m->stage : "", where, m->text ? m->text : "");
  }
  if (wk->js->verbose)
    ng_cli_log(NULL, m);
}

static void run_job(worker *wk, job *j) {
  ng_serve_jobs *js = wk->js;
  ng_status st = NG_OK;
  double left = j->deadline - ng_serve_now();
  wk->msg[0] = '\0';
  if (left <= 0 || ng_cancel_is_set(j->cancel)) {
    st = NG_ERR_CANCELLED;
  } else {
    ng_query_limits lim = {left, js->max_values, j->cancel, 1};
    st = ng_store_refresh(wk->store);
    unsigned long version = st ? 0 : ng_store_version(wk->store);
    int keep = version && j->format != NG_RESULTS_TABLE && /* CONSTRUCT */
               ng_answer_cache_may_keep(js->cache, j->text);
    if (keep && ng_answer_cache_get(js->cache, j->text, j->format, version,
                                    chan_write, j))
      goto done;
    if (!st)
      st = ng_store_set_query_limits(wk->store, &lim);
    cookie_io_functions_t io = {NULL, chan_write, NULL, NULL};
    FILE *fp = st ? NULL : fopencookie(j, "w", io);
    if (!st && !fp)
      st = NG_ERR_NOMEM;
    if (fp) {
      st = ng_store_query(wk->store, j->text, j->format, fp);
      if (fclose(fp) && !st)
        st = NG_ERR_IO;
    }
    ng_store_set_query_limits(wk->store, NULL); /* J's flag goes */
    if (!st && keep)
      keep_answer(js, j, version);
  }
done:
  pthread_mutex_lock(&j->mu);
  if (st && (j->late || ng_serve_now() > j->deadline))
    st = NG_ERR_CANCELLED;
  j->status = st;
  snprintf(j->msg, sizeof j->msg, "%s", wk->msg);
  j->done = 1;
  pthread_cond_broadcast(&j->cv);
  pthread_mutex_unlock(&j->mu);
}

static void *worker_main(void *arg) {
  worker *wk = arg;
  ng_serve_jobs *js = wk->js;
  pthread_mutex_lock(&js->lock);
  for (;;) {
    while (!js->workers_stop && !js->jobq)
      pthread_cond_wait(&js->work_cv, &js->lock);
    if (!js->jobq)
      break; /* stopping, nothing left */
    job *j = js->jobq;
    js->jobq = j->next;
    if (!js->jobq)
      js->jobq_end = &js->jobq;
    j->state = JOB_RUNNING;
    pthread_mutex_unlock(&js->lock);
    run_job(wk, j);
    job_unref(j);
    pthread_mutex_lock(&js->lock);
  }
  pthread_mutex_unlock(&js->lock);
  return NULL;
}

/* Opens a world and a store handle per worker and starts them (in this
 * thread: the libraries' set-up is not thread-safe); 0, or -1 after a
 * message. */
static int workers_start(ng_serve_jobs *js) {
  js->workers = calloc((size_t)js->n_workers, sizeof *js->workers);
  if (!js->workers) {
    ng_cli_error("out of memory");
    return -1;
  }
  for (int i = 0; i < js->n_workers; i++) {
    worker *wk = &js->workers[i];
    int rc;
    wk->js = js;
    if (!(wk->w = ng_cli_world(0, &rc)))
      return -1;
    ng_world_set_log_handler(wk->w, worker_log, wk);
    ng_status st = ng_store_open(wk->w, js->spec, NG_STORE_READONLY,
                                 &wk->store);
    if (st) {
      ng_cli_error("cannot open the store %s: %s%s%s", js->spec,
                   ng_status_string(st), *wk->msg ? ": " : "", wk->msg);
      return -1;
    }
    ng_store_use_index(wk->store, js->index_bytes);
  }
  for (int i = 0; i < js->n_workers; i++) {
    worker *wk = &js->workers[i];
    if (pthread_create(&wk->thread, NULL, worker_main, wk)) {
      ng_cli_error("cannot start a thread: %s", strerror(errno));
      return -1;
    }
    wk->started = 1;
  }
  return 0;
}

/* Stops the workers (after the daemon: no job is waiting for an
 * answer) and closes their stores. */
static void workers_stop(ng_serve_jobs *js) {
  if (!js->workers)
    return;
  pthread_mutex_lock(&js->lock);
  js->workers_stop = 1;
  pthread_cond_broadcast(&js->work_cv);
  pthread_mutex_unlock(&js->lock);
  for (int i = 0; i < js->n_workers; i++) {
    worker *wk = &js->workers[i];
    if (wk->started)
      pthread_join(wk->thread, NULL);
    ng_store_close(wk->store);
    ng_world_free(wk->w);
  }
  free(js->workers);
  js->workers = NULL;
}

ng_serve_jobs *ng_serve_jobs_new(const ng_serve_jobs_config *cfg) {
  ng_serve_jobs *js = calloc(1, sizeof *js);
  if (!js) {
    ng_cli_error("out of memory");
    return NULL;
  }
  js->spec = cfg->spec;
  js->verbose = cfg->verbose;
  js->max_values = cfg->max_values;
  js->cache = cfg->cache;
  js->index_bytes = cfg->index_bytes;
  js->jobs = cfg->jobs;
  js->n_workers = cfg->threads ? cfg->jobs : 0;
  js->queue_end = &js->queue;
  js->jobq_end = &js->jobq;
  pthread_mutex_init(&js->lock, NULL);
  pthread_cond_init(&js->freed, NULL);
  pthread_cond_init(&js->work_cv, NULL);
  if (js->n_workers && workers_start(js)) {
    ng_serve_jobs_free(js);
    return NULL;
  }
  return js;
}

void ng_serve_jobs_free(ng_serve_jobs *js) {
  if (!js)
    return;
  workers_stop(js);
  pthread_cond_destroy(&js->work_cv);
  pthread_cond_destroy(&js->freed);
  pthread_mutex_destroy(&js->lock);
  free(js);
}

ng_serve_job *ng_serve_jobs_submit(ng_serve_jobs *js, const char *text,
                                   ng_results_format f, double deadline,
                                   int fd) {
  job *j = job_new(text, f, deadline, fd);
  if (!j)
    return NULL;
  j->js = js;
  j->refs = 2; /* the caller's, the queue's */
  pthread_mutex_lock(&js->lock);
  *js->jobq_end = j;
  js->jobq_end = &j->next;
  pthread_cond_signal(&js->work_cv);
  pthread_mutex_unlock(&js->lock);
  return j;
}

/* Waits until J is answered or has STREAM_AT bytes to send (0; J's mutex
 * is then held), or its client hangs up (-2), or its time runs out
 * while it waits in the queue (-1).  On -1 and -2 the job is dropped. */
static int job_wait(ng_serve_jobs *js, job *j) {
  pthread_mutex_lock(&j->mu);
  while (!j->done && j->len - j->head < STREAM_AT && !j->waiting) {
    double t = ng_serve_now();
    int gone = client_gone(j->fd);
    /* running past its deadline: the evaluator stops itself; 5 s more
     * and the client is told anyway */
    if (gone || t > j->deadline) {
      pthread_mutex_unlock(&j->mu);
      pthread_mutex_lock(&js->lock);
      int queued = j->state == JOB_QUEUED;
      if (queued) { /* leave the queue */
        job **pp = &js->jobq;
        while (*pp != j)
          pp = &(*pp)->next;
        *pp = j->next;
        if (js->jobq_end == &j->next)
          js->jobq_end = pp;
        j->state = JOB_ABANDONED;
      }
      pthread_mutex_unlock(&js->lock);
      if (queued)
        job_unref(j); /* the queue's */
      if (queued || gone || t > j->deadline + 5) {
        job_drop(j);
        return gone ? -2 : -1;
      }
      pthread_mutex_lock(&j->mu);
      if (j->done || j->len - j->head >= STREAM_AT || j->waiting)
        break;
    }
    double left = j->deadline - t;
    struct timespec ts = in_seconds(left > 0 && left < 0.25 ? left : 0.25);
    pthread_cond_timedwait(&j->cv, &j->mu, &ts);
  }
  return 0;
}

ng_serve_wait ng_serve_job_wait(ng_serve_job *j, ng_status *status,
                                ng_cli_buf *out, char *msg, size_t msgsz) {
  int got = job_wait(j->js, j);
  if (got)
    return got == -2 ? NG_SERVE_GONE : NG_SERVE_LATE;
  /* J's mutex is held */
  if (!j->done) { /* long: streamed while the worker writes */
    pthread_mutex_unlock(&j->mu);
    return NG_SERVE_STREAM;
  }
  ng_status st = j->status;
  if (!st) { /* the whole answer, from the front of the buffer */
    out->s = j->buf;
    out->len = j->len;
    out->cap = j->cap;
    j->buf = NULL;
    j->len = j->cap = 0;
  }
  snprintf(msg, msgsz, "%s", j->msg);
  pthread_mutex_unlock(&j->mu);
  *status = st;
  return NG_SERVE_ANSWERED;
}

ssize_t ng_serve_job_read(ng_serve_job *j, char *buf, size_t max) {
  pthread_mutex_lock(&j->mu);
  while (j->len == j->head && !j->done) {
    if (client_gone(j->fd)) {
      pthread_mutex_unlock(&j->mu);
      return NG_SERVE_READ_ERROR;
    }
    struct timespec ts = in_seconds(0.25);
    pthread_cond_timedwait(&j->cv, &j->mu, &ts);
  }
  ssize_t n;
  if (j->len > j->head) {
    size_t k = j->len - j->head < max ? j->len - j->head : max;
    memcpy(buf, j->buf + j->head, k);
    j->head += k;
    if (j->head == j->len)
      j->head = j->len = 0;
    pthread_cond_broadcast(&j->cv); /* room for the worker */
    n = (ssize_t)k;
  } else {
    /* a query that fails after its answer began can only cut it */
    n = j->status ? NG_SERVE_READ_ERROR : NG_SERVE_READ_END;
  }
  pthread_mutex_unlock(&j->mu);
  return n;
}

void ng_serve_job_release(ng_serve_job *j) {
  if (!j)
    return;
  job_drop(j); /* if the worker still writes, it stops */
  job_unref(j);
}
