/* pool.h - worker threads that give their results back in the order the
 * work was submitted: extraction in the workers, writing (raptor's
 * serializers are not thread-safe) in the thread that submits. */
#ifndef NG_POOL_H
#define NG_POOL_H

#include <stddef.h>

typedef struct ng_pool ng_pool;

/* Runs in a worker: turns ITEM into a result (ITEM may be the result).
 * CTX is the pool's; it must be safe to share between the workers. */
typedef void *(*ng_pool_fn)(void *ctx, void *item);

/* A pool of THREADS workers holding at most DEPTH items in flight (the
 * memory bound: DEPTH articles and their graphs).  NULL when out of
 * memory or when a thread cannot start. */
ng_pool *ng_pool_new(int threads, size_t depth, ng_pool_fn fn, void *ctx);

/* 1 when DEPTH items are in flight: take one with ng_pool_next first. */
int ng_pool_full(const ng_pool *pool);

/* Items submitted and not yet taken back. */
size_t ng_pool_pending(const ng_pool *pool);

/* Hands ITEM to the workers.  The pool must not be full. */
void ng_pool_submit(ng_pool *pool, void *item);

/* The result of the oldest item still pending, waiting for it; the pool
 * must not be empty. */
void *ng_pool_next(ng_pool *pool);

/* Stops and joins the workers.  Results not taken are lost: take them
 * all first.  Accepts NULL. */
void ng_pool_free(ng_pool *pool);

#endif /* NG_POOL_H */
