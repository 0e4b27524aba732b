/* answer_cache.h - answers `serve` keeps for the next client asking the
 * same (the bundled queries of the page, asked again and again): whole
 * answers by query text and results format, for the version of the data
 * they were read from (ng_store_version(): a load into the store makes
 * them stale), the least recently used dropped past a byte budget.
 * Queries whose answer may change without the data (NOW, RAND, UUID,
 * STRUUID, BNODE) are never kept.  Every function is thread-safe. */
#ifndef NG_ANSWER_CACHE_H
#define NG_ANSWER_CACHE_H

#include <stddef.h>
#include <sys/types.h>

#include <newsgraph/newsgraph.h>

typedef struct ng_answer_cache ng_answer_cache;

/* A cache of at most CAP bytes (0: it keeps nothing); NULL when out of
 * memory.  Owned by the caller: ng_answer_cache_free(). */
ng_answer_cache *ng_answer_cache_new(size_t cap);
/* Frees C and what it keeps (NULL-safe); no thread may be using it. */
void ng_answer_cache_free(ng_answer_cache *c);

/* 1 when the answer of TEXT (borrowed) may be kept: C keeps something
 * and TEXT, read with the library's SPARQL lexer, calls no function
 * whose value may change without the data. */
int ng_answer_cache_may_keep(const ng_answer_cache *c, const char *text);

/* The answer kept for TEXT in FORMAT read from data VERSION, handed to
 * WRITE(COOKIE, BYTES, LEN) once, with the cache locked (WRITE must not
 * use C): 1 when one was kept and WRITE took it whole, else 0.  An
 * answer kept for another VERSION is dropped. */
int ng_answer_cache_get(ng_answer_cache *c, const char *text,
                        ng_results_format format, unsigned long version,
                        ssize_t (*write)(void *cookie, const char *bytes,
                                         size_t len),
                        void *cookie);

/* Keeps BODY (LEN bytes, malloc'd: owned by C from now on, also when it
 * is not kept) as the answer of TEXT (copied) in FORMAT read from data
 * VERSION, in place of any answer kept for them before. */
void ng_answer_cache_put(ng_answer_cache *c, const char *text,
                         ng_results_format format, unsigned long version,
                         char *body, size_t len);

#endif /* NG_ANSWER_CACHE_H */
