/* util.h - small helpers shared by the stages: an arena, growable
 * arrays with hard caps, hashing, string buffers. */
#ifndef NG_UTIL_H
#define NG_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "newsgraph/newsgraph.h"

/* ---- arena: many small allocations freed at once ---- */

typedef struct ng_arena_block ng_arena_block;
typedef struct ng_arena {
  ng_arena_block *head;
  char *cur;         /* the free bytes of the head block: AVAIL at CUR */
  size_t avail;
  size_t used_total; /* bytes handed out, for limits */
  size_t cap;        /* 0 = no cap */
} ng_arena;

void ng_arena_init(ng_arena *a, size_t cap);
void ng_arena_free(ng_arena *a);
/* Forgets every allocation but keeps one block for the next ones (a
 * scratch arena used over and over). */
void ng_arena_reset(ng_arena *a);
/* ng_arena_alloc when the head block has no room (or the arena a cap). */
void *ng_arena_alloc_slow(ng_arena *a, size_t n);
/* N bytes aligned to 8, or NULL (out of memory or over the cap).  Inline:
 * the dictionaries make a million allocations at start-up. */
static inline void *ng_arena_alloc(ng_arena *a, size_t n) {
  size_t r = (n + 7u) & ~(size_t)7u;
  if (r && r >= n && r <= a->avail && !a->cap) {
    void *p = a->cur;
    a->cur += r;
    a->avail -= r;
    a->used_total += r;
    return p;
  }
  return ng_arena_alloc_slow(a, n);
}
/* A NUL-terminated copy of the N bytes at S, or NULL. */
char *ng_arena_strndup(ng_arena *a, const char *s, size_t n);
/* The concatenation of the strings given, up to a NULL (a fast
 * ng_arena_printf("%s%s%s", ...)), or NULL when out of memory. */
char *ng_arena_cat(ng_arena *a, ...);
/* The decimal digits of V into BUF (at least 24 bytes), NUL-terminated;
 * returns their number (snprintf's "%ld" without the parsing). */
size_t ng_ltoa(long v, char *buf);
char *ng_arena_printf(ng_arena *a, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* ---- growable arrays: NG_VEC(T) with a hard cap on elements ---- */

typedef struct ng_vec {
  void *items;
  size_t n, cap;
} ng_vec;

/* Makes room for one more element of SIZE bytes; returns a pointer to the
 * new (zeroed) element, or NULL when out of memory or past MAX. */
void *ng_vec_push(ng_vec *v, size_t size, size_t max);
void ng_vec_free(ng_vec *v);
#define NG_VEC_AT(v, T, i) (((T *)(v)->items)[i])

/* ---- string buffer with a cap (curl's dynbuf) ---- */

typedef struct ng_buf {
  char *s;
  size_t len, cap, max;
} ng_buf;

void ng_buf_init(ng_buf *b, size_t max);
void ng_buf_free(ng_buf *b);
void ng_buf_reset(ng_buf *b);
ng_status ng_buf_add(ng_buf *b, const char *s, size_t n);
ng_status ng_buf_addc(ng_buf *b, char c);
/* Room for N more bytes: a pointer to write them at, or NULL (over the
 * cap or out of memory).  The caller then adds what it wrote to b->len
 * (the buffer is NUL-terminated again by the next ng_buf_add). */
char *ng_buf_reserve(ng_buf *b, size_t n);
ng_status ng_buf_adds(ng_buf *b, const char *s);
ng_status ng_buf_printf(ng_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* ---- hashing ---- */

/* FNV-1a, 64 bits: stable across runs and machines (used in IRIs). */
uint64_t ng_hash64(const void *data, size_t n);
uint64_t ng_hash64_more(uint64_t h, const void *data, size_t n);
#define NG_HASH64_INIT 0xcbf29ce484222325ULL

/* XXH64 (libxxhash) of N bytes with SEED: for megabytes of data, about
 * ten times faster than FNV-1a (whose every byte waits on a multiply),
 * and the same value on every machine.  The dictionary version
 * chains it over the files read. */
uint64_t ng_xxh64(const void *data, size_t n, uint64_t seed);

/* ---- string hash map: key -> pointer, keys copied into an arena ---- */

typedef struct ng_map_entry {
  const char *key;
  uint32_t key_len;
  uint32_t hash;
  void *value;
} ng_map_entry;

typedef struct ng_map {
  ng_map_entry *slots;
  size_t n, cap; /* cap is a power of two */
} ng_map;

void ng_map_init(ng_map *m);
void ng_map_free(ng_map *m);
uint32_t ng_hash32(const char *s, size_t n);
/* The value for KEY, or NULL. */
void *ng_map_get(const ng_map *m, const char *key, size_t n);
/* The same with HASH = ng_hash32(KEY, N) already known (a token's).
 * The first probe is inline: at most five eighths full, the map answers most
 * misses there. */
void *ng_map_get_probe(const ng_map *m, const char *key, size_t n,
                       uint32_t hash);
static inline void *ng_map_get_h(const ng_map *m, const char *key, size_t n,
                                 uint32_t hash) {
  if (!m->cap || !m->slots[hash & (m->cap - 1)].key)
    return NULL;
  return ng_map_get_probe(m, key, n, hash);
}
/* Asks the cache for the first slot of HASH ahead of a look-up or an
 * insertion: the maps of the dictionaries are megabytes, and loading
 * them waits mostly on these slots. */
static inline void ng_map_prefetch(const ng_map *m, uint32_t hash) {
#if defined(__GNUC__)
  if (m->cap)
    __builtin_prefetch(&m->slots[hash & (m->cap - 1)], 1);
#else
  (void)m;
  (void)hash;
#endif
}
/* FNV-1a 32 as ng_hash32 computes it before its final step, so a key can
 * be hashed piece by piece: ng_hash32(s, n) ==
 * ng_hash32_final(ng_hash32_more(NG_HASH32_INIT, s, n)). */
#define NG_HASH32_INIT 2166136261u
static inline uint32_t ng_hash32_more(uint32_t h, const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    h ^= (unsigned char)s[i];
    h *= 16777619u;
  }
  return h;
}
static inline uint32_t ng_hash32_final(uint32_t h) { return h ? h : 1u; }
/* Makes room for N keys in all, so that a map about to take many keys
 * grows once rather than doubling its way there; 0, or -1 when out of
 * memory (the map is unchanged). */
int ng_map_reserve(ng_map *m, size_t n);
/* The slot for KEY, created with value NULL if absent (key copied into
 * ARENA); NULL when out of memory. */
ng_map_entry *ng_map_slot(ng_map *m, ng_arena *arena, const char *key,
                          size_t n);
/* The same with HASH = ng_hash32(KEY, N) already known. */
ng_map_entry *ng_map_slot_h(ng_map *m, ng_arena *arena, const char *key,
                            size_t n, uint32_t hash);

/* ---- misc ---- */

#define NG_MIN(a, b) ((a) < (b) ? (a) : (b))
#define NG_MAX(a, b) ((a) > (b) ? (a) : (b))
#define NG_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* strdup that returns NULL on failure (C11 has no strdup). */
char *ng_strdup(const char *s);
char *ng_strndup(const char *s, size_t n);

/* 1 when A and B are the same letters, ASCII case aside ("President" and
 * "president"). */
int ng_ascii_caseless_eq(const char *a, const char *b);

#endif /* NG_UTIL_H */
