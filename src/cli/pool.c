/* pool.c - ordered worker threads (see pool.h).
 *
 * A ring of DEPTH slots: the submitter fills slot TAIL, a worker takes
 * the oldest slot not yet started (WORK) and marks it done, and the
 * submitter takes the results back from HEAD in order.  One mutex; the
 * work is long (an article) next to the locking. */
#include "pool.h"

#include <pthread.h>
#include <stdlib.h>

typedef struct slot {
  void *item;
  int done;
} slot;

struct ng_pool {
  pthread_mutex_t mu;
  pthread_cond_t work_cv; /* a slot to start, or stop */
  pthread_cond_t done_cv; /* a slot finished */
  slot *ring;
  size_t depth;
  size_t head, work, tail; /* head <= work <= tail, tail - head <= depth */
  int stop;
  ng_pool_fn fn;
  void *ctx;
  pthread_t *threads;
  int n_threads;
};

static void *worker(void *arg) {
  ng_pool *p = arg;
  pthread_mutex_lock(&p->mu);
  for (;;) {
    while (!p->stop && p->work == p->tail)
      pthread_cond_wait(&p->work_cv, &p->mu);
    if (p->work == p->tail) /* stopping and nothing left */
      break;
    slot *s = &p->ring[p->work % p->depth];
    p->work++;
    pthread_mutex_unlock(&p->mu);
    void *r = p->fn(p->ctx, s->item);
    pthread_mutex_lock(&p->mu);
    s->item = r;
    s->done = 1;
    pthread_cond_broadcast(&p->done_cv);
  }
  pthread_mutex_unlock(&p->mu);
  return NULL;
}

ng_pool *ng_pool_new(int threads, size_t depth, ng_pool_fn fn, void *ctx) {
  if (threads < 1 || depth < 1)
    return NULL;
  ng_pool *p = calloc(1, sizeof *p);
  if (!p)
    return NULL;
  p->ring = calloc(depth, sizeof *p->ring);
  p->threads = calloc((size_t)threads, sizeof *p->threads);
  if (!p->ring || !p->threads) {
    free(p->ring);
    free(p->threads);
    free(p);
    return NULL;
  }
  p->depth = depth;
  p->fn = fn;
  p->ctx = ctx;
  pthread_mutex_init(&p->mu, NULL);
  pthread_cond_init(&p->work_cv, NULL);
  pthread_cond_init(&p->done_cv, NULL);
  for (int i = 0; i < threads; i++) {
    if (pthread_create(&p->threads[i], NULL, worker, p)) {
      ng_pool_free(p);
      return NULL;
    }
    p->n_threads++;
  }
  return p;
}

int ng_pool_full(const ng_pool *p) { return p->tail - p->head >= p->depth; }

size_t ng_pool_pending(const ng_pool *p) { return p->tail - p->head; }

void ng_pool_submit(ng_pool *p, void *item) {
  pthread_mutex_lock(&p->mu);
  slot *s = &p->ring[p->tail % p->depth];
  s->item = item;
  s->done = 0;
  p->tail++;
  pthread_cond_signal(&p->work_cv);
  pthread_mutex_unlock(&p->mu);
}

void *ng_pool_next(ng_pool *p) {
  pthread_mutex_lock(&p->mu);
  slot *s = &p->ring[p->head % p->depth];
  while (!s->done)
    pthread_cond_wait(&p->done_cv, &p->mu);
  void *r = s->item;
  s->item = NULL;
  s->done = 0;
  p->head++;
  pthread_mutex_unlock(&p->mu);
  return r;
}

void ng_pool_free(ng_pool *p) {
  if (!p)
    return;
  pthread_mutex_lock(&p->mu);
  p->stop = 1;
  pthread_cond_broadcast(&p->work_cv);
  pthread_mutex_unlock(&p->mu);
  for (int i = 0; i < p->n_threads; i++)
    pthread_join(p->threads[i], NULL);
  pthread_mutex_destroy(&p->mu);
  pthread_cond_destroy(&p->work_cv);
  pthread_cond_destroy(&p->done_cv);
  free(p->ring);
  free(p->threads);
  free(p);
}
