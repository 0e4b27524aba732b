/* weights.c - perceptron weight tables: exact while training, frozen
 * (quantised, sparse, memory-mapped) in the model. */
#include "syntax/weights.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__GNUC__) && defined(__x86_64__)
#include <immintrin.h>
#define NG_HAVE_AVX2_PATH 1
#endif

struct ng_wtrain {
  uint32_t nclass;
  size_t cap, n; /* slots (a power of two), rows used */
  uint64_t *keys; /* 0 = empty slot */
  uint32_t *row;  /* the row of each slot */
  size_t rows_cap;
  float *w; /* current weights, nclass a row */
  float *u; /* sum of clock * delta: average = w - u / clock */
};

#define WTC_MAGIC 0x33435457u /* "WTC3": entries in cache-line buckets */
/* The share of a frozen table's units its entries fill: of the tables
 * of many classes (tagger, labeller), and of those of a few (the
 * transitions).  Below the 0.75 they were: a look-up then scans fewer
 * entries and fewer buckets past the home one (the same scores; the
 * probes' instructions, not the memory, were most of the time).  All at
 * 0.6: tagger 1.18x, parser 1.2x, model 18.4 -> 22.2 MB; the many-class
 * tables at 0.5 gain the tagger 1.1x more (a few-class table at 0.75
 * loses the parser as much).  -DNG_WTABLE_LOAD=x to measure others. */
#ifndef NG_WTABLE_LOAD
#define NG_WTABLE_LOAD 0.5
#endif
#ifndef NG_WTABLE_LOAD_DENSE
#define NG_WTABLE_LOAD_DENSE 0.6
#endif

static uint64_t key_of(uint64_t h) { return h ? h : 1; }

/* the 32 bits of key K its home bucket is not made of */
static inline uint32_t fingerprint(uint64_t k) { return (uint32_t)(k >> 32); }


ng_wtrain *ng_wtrain_new(uint32_t nclass) {
  ng_wtrain *t = calloc(1, sizeof *t);
  if (!t)
    return NULL;
  t->nclass = nclass;
  t->cap = 1u << 16;
  t->keys = calloc(t->cap, sizeof *t->keys);
  t->row = calloc(t->cap, sizeof *t->row);
  if (!t->keys || !t->row || !nclass) {
    ng_wtrain_free(t);
    return NULL;
  }
  return t;
}

void ng_wtrain_free(ng_wtrain *t) {
  if (!t)
    return;
  free(t->keys);
  free(t->row);
  free(t->w);
  free(t->u);
  free(t);
}

static const float *find_row(const ng_wtrain *t, uint64_t h) {
  uint64_t k = key_of(h);
  size_t mask = t->cap - 1;
  for (size_t i = (size_t)k & mask;; i = (i + 1) & mask) {
    if (!t->keys[i])
      return NULL;
    if (t->keys[i] == k)
      return t->w + (size_t)t->row[i] * t->nclass;
  }
}

void ng_wtrain_score(const ng_wtrain *t, const uint64_t *feats, size_t nf,
                     float *scores) {
  for (size_t f = 0; f < nf; f++) {
    const float *r = find_row(t, feats[f]);
    if (r)
      for (uint32_t c = 0; c < t->nclass; c++)
        scores[c] += r[c];
  }
}

static int grow_slots(ng_wtrain *t) {
  size_t cap = t->cap * 2;
  uint64_t *keys = calloc(cap, sizeof *keys);
  uint32_t *row = calloc(cap, sizeof *row);
  if (!keys || !row) {
    free(keys);
    free(row);
    return -1;
  }
  for (size_t i = 0; i < t->cap; i++) {
    if (!t->keys[i])
      continue;
    size_t j = (size_t)t->keys[i] & (cap - 1);
    while (keys[j])
      j = (j + 1) & (cap - 1);
    keys[j] = t->keys[i];
    row[j] = t->row[i];
  }
  free(t->keys);
  free(t->row);
  t->keys = keys;
  t->row = row;
  t->cap = cap;
  return 0;
}

static float *get_row(ng_wtrain *t, uint64_t h) {
  uint64_t k = key_of(h);
  if ((t->n + 1) * 2 > t->cap && grow_slots(t))
    return NULL;
  size_t mask = t->cap - 1, i = (size_t)k & mask;
  for (; t->keys[i]; i = (i + 1) & mask)
    if (t->keys[i] == k)
      return t->w + (size_t)t->row[i] * t->nclass;
  if (t->n >= UINT32_MAX - 1)
    return NULL;
  if (t->n == t->rows_cap) {
    size_t rc = t->rows_cap ? t->rows_cap * 2 : 4096;
    float *w = realloc(t->w, rc * t->nclass * sizeof *w);
    if (!w)
      return NULL;
    t->w = w;
    float *u = realloc(t->u, rc * t->nclass * sizeof *u);
    if (!u)
      return NULL;
    t->u = u;
    t->rows_cap = rc;
  }
  float *r = t->w + t->n * t->nclass;
  memset(r, 0, t->nclass * sizeof *r);
  memset(t->u + t->n * t->nclass, 0, t->nclass * sizeof *r);
  t->keys[i] = k;
  t->row[i] = (uint32_t)t->n++;
  return r;
}

ng_status ng_wtrain_update(ng_wtrain *t, const uint64_t *feats, size_t nf,
                           uint32_t cls, float delta, double clock) {
  if (cls >= t->nclass)
    return NG_ERR_ARG;
  for (size_t f = 0; f < nf; f++) {
    float *r = get_row(t, feats[f]);
    if (!r)
      return NG_ERR_NOMEM;
    size_t at = (size_t)(r - t->w) + cls;
    t->w[at] += delta;
    t->u[at] += (float)(clock * delta);
  }
  return NG_OK;
}

static float averaged(const ng_wtrain *t, size_t at, double clock) {
  return (float)(t->w[at] - t->u[at] / clock);
}

/* 1 when some weight of the row at BASE reaches PRUNE */
static int kept_row(const ng_wtrain *t, size_t base, double clock,
                    float prune) {
  for (uint32_t c = 0; c < t->nclass; c++)
    if (fabsf(averaged(t, base + c, clock)) >= prune)
      return 1;
  return 0;
}

static int16_t quantised(const ng_wtrain *t, size_t at, double clock,
                         float step) {
  long q = lrintf(averaged(t, at, clock) / step);
  return (int16_t)(q > 32767 ? 32767 : q < -32767 ? -32767 : q);
}

/* one feature on its way into a bucket: its key, home bucket and units */
typedef struct entry {
  uint64_t key;
  uint32_t home;
  uint32_t at;    /* its units in the entries' buffer */
  uint32_t units; /* fingerprint included */
} entry;

static int entry_order(const void *a, const void *b) {
  const entry *x = a, *y = b;
  if (x->home != y->home)
    return x->home < y->home ? -1 : 1;
  return x->key < y->key ? -1 : x->key > y->key;
}

/* Places the entries (sorted by home bucket) into NB buckets by linear
 * probing, each bucket's header keeping how far past it the entries
 * homed there went; -1 when some entry found no room or went too far
 * (then more buckets). */
static int place(uint16_t *buckets, uint32_t nb, const entry *e, size_t n,
                 const uint16_t *units) {
  memset(buckets, 0, (size_t)nb * NG_WTABLE_BUCKET_UNITS * 2);
  for (uint32_t b = 0; b < nb; b++)
    buckets[(size_t)b * NG_WTABLE_BUCKET_UNITS] = 1;
  for (size_t i = 0; i < n; i++) {
    uint32_t b = e[i].home;
    for (uint32_t dist = 0;; dist++) {
      if (dist > NG_WTABLE_DISP_MAX)
        return -1;
      uint16_t *bk = buckets + (size_t)b * NG_WTABLE_BUCKET_UNITS;
      uint32_t used = bk[0] & NG_WTABLE_USED;
      if (used + e[i].units <= NG_WTABLE_BUCKET_UNITS) {
        memcpy(bk + used, units + e[i].at, e[i].units * 2);
        bk[0] = (uint16_t)((bk[0] & ~NG_WTABLE_USED) | (used + e[i].units));
        uint16_t *home = buckets + (size_t)e[i].home * NG_WTABLE_BUCKET_UNITS;
        if (dist > (uint32_t)(home[0] >> NG_WTABLE_DISP_SHIFT))
          home[0] = (uint16_t)((home[0] & NG_WTABLE_USED) |
                               dist << NG_WTABLE_DISP_SHIFT);
        break;
      }
      b = b + 1 == nb ? 0 : b + 1;
    }
  }
  return 0;
}

ng_status ng_wtrain_write(const ng_wtrain *t, double clock, float prune,
                          ng_buf *out, size_t *kept) {
  if (clock <= 0)
    clock = 1;
  float maxabs = 0;
  size_t total = t->n * t->nclass;
  for (size_t i = 0; i < total; i++) {
    float a = fabsf(averaged(t, i, clock));
    if (a > maxabs)
      maxabs = a;
  }
  float step = maxabs > 0 ? maxabs / 32767.0f : 1.0f;
  int dense = t->nclass <= NG_WTABLE_DENSE_MAX;
  /* the entries, in slot order (deterministic), their units in ENC and
   * the rows too long for a bucket in ROWS */
  ng_buf enc, rows;
  ng_buf_init(&enc, (size_t)1 << 34);
  ng_buf_init(&rows, (size_t)1 << 34);
  entry *e = malloc((t->n ? t->n : 1) * sizeof *e);
  uint16_t *pairs = malloc(t->nclass * 2 * sizeof *pairs);
  ng_status st = e && pairs ? NG_OK : NG_ERR_NOMEM;
  size_t n = 0, nunits = 0;
  for (size_t s = 0; s < t->cap && !st; s++) {
    if (!t->keys[s])
      continue;
    size_t base = (size_t)t->row[s] * t->nclass;
    if (!kept_row(t, base, clock, prune))
      continue;
    uint32_t cnt = 0;
    for (uint32_t c = 0; c < t->nclass; c++) {
      int16_t q = quantised(t, base + c, clock, step);
      if (dense || q) {
        pairs[2 * cnt] = (uint16_t)c;
        pairs[2 * cnt + 1] = (uint16_t)q;
        cnt++;
      }
    }
    if (!cnt)
      continue;
    uint64_t k = t->keys[s];
    uint16_t u[5 + 2 * NG_WTABLE_INLINE_MAX];
    uint32_t nu = 0;
    u[nu++] = (uint16_t)fingerprint(k);
    u[nu++] = (uint16_t)(fingerprint(k) >> 16);
    if (dense) {
      for (uint32_t c = 0; c < cnt; c++)
        u[nu++] = pairs[2 * c + 1];
    } else if (cnt <= NG_WTABLE_INLINE_MAX) {
      u[nu++] = (uint16_t)cnt;
      memcpy(u + nu, pairs, cnt * 2 * sizeof *pairs);
      nu += 2 * cnt;
    } else if (cnt * NG_WTABLE_DENSE_SHARE < t->nclass) {
      uint32_t off = (uint32_t)(rows.len / 4);
      u[nu++] = NG_WTABLE_OUTLINE;
      u[nu++] = (uint16_t)off;
      u[nu++] = (uint16_t)(off >> 16);
      st = ng_buf_add(&rows, (const char *)&cnt, 4);
      for (uint32_t c = 0; c < cnt && !st; c++) {
        uint32_t w = (uint32_t)pairs[2 * c] << 16 | pairs[2 * c + 1];
        st = ng_buf_add(&rows, (const char *)&w, 4);
      }
    } else {
      /* a row with weights for many classes: every class, in order, so
       * it sums as a vector */
      uint32_t off = (uint32_t)(rows.len / 4);
      u[nu++] = NG_WTABLE_OUTLINE_DENSE;
      u[nu++] = (uint16_t)off;
      u[nu++] = (uint16_t)(off >> 16);
      uint32_t words = (t->nclass + 1) / 2;
      for (uint32_t w = 0; w < words && !st; w++) {
        uint16_t two[2] = {0, 0};
        for (uint32_t c = 0; c < cnt; c++)
          if (pairs[2 * c] / 2 == w)
            two[pairs[2 * c] % 2] = pairs[2 * c + 1];
        st = ng_buf_add(&rows, (const char *)two, 4);
      }
    }
    e[n] = (entry){k, 0, (uint32_t)(enc.len / 2), nu};
    if (!st)
      st = ng_buf_add(&enc, (const char *)u, nu * 2);
    nunits += nu;
    n++;
  }
  /* LOAD of the units used, one free a bucket for its header */
  double load = dense ? NG_WTABLE_LOAD_DENSE : NG_WTABLE_LOAD;
  uint32_t nb = (uint32_t)(nunits / (load * (NG_WTABLE_BUCKET_UNITS - 1))) + 1;
  uint16_t *buckets = NULL;
  for (int tries = 0; !st; tries++) {
    for (size_t i = 0; i < n; i++)
      e[i].home = ng_wtable_home(e[i].key, nb);
    qsort(e, n, sizeof *e, entry_order);
    free(buckets);
    buckets = malloc((size_t)nb * NG_WTABLE_BUCKET_UNITS * 2);
    if (!buckets || tries > 20)
      st = NG_ERR_NOMEM;
    else if (!place(buckets, nb, e, n, (const uint16_t *)enc.s))
      break;
    nb += nb / 8 + 1;
  }
  if (!st) {
    uint32_t head[NG_WTABLE_HEADER_WORDS] = {
        WTC_MAGIC, t->nclass, nb, (uint32_t)(rows.len / 4), 0};
    memcpy(&head[4], &step, sizeof step);
    st = ng_buf_add(out, (const char *)head, sizeof head);
    if (!st)
      st = ng_buf_add(out, (const char *)buckets,
                      (size_t)nb * NG_WTABLE_BUCKET_UNITS * 2);
    if (!st && rows.len)
      st = ng_buf_add(out, rows.s, rows.len);
    while (!st && out->len % 8)
      st = ng_buf_addc(out, 0);
  }
  free(buckets);
  free(e);
  free(pairs);
  ng_buf_free(&enc);
  ng_buf_free(&rows);
  if (kept)
    *kept = n;
  return st;
}

ng_status ng_wtable_view(ng_wtable *t, const void *data, size_t len) {
  memset(t, 0, sizeof *t);
  const uint32_t *w = data;
  if (len < NG_WTABLE_HEADER_WORDS * 4 || ((uintptr_t)data & 3) ||
      w[0] != WTC_MAGIC || !w[1] || w[1] > 65535 || !w[2])
    return NG_ERR_DATA;
  uint64_t need = (uint64_t)NG_WTABLE_HEADER_WORDS * 4 +
                  (uint64_t)w[2] * NG_WTABLE_BUCKET_UNITS * 2 +
                  (uint64_t)w[3] * 4;
  if (need > len)
    return NG_ERR_DATA;
  t->nclass = w[1];
  t->nbuckets = w[2];
  t->buckets = (const uint16_t *)(w + NG_WTABLE_HEADER_WORDS);
  t->rows = (const uint32_t *)(t->buckets +
                               (size_t)w[2] * NG_WTABLE_BUCKET_UNITS);
  t->nrows_words = w[3];
  t->dense = t->nclass <= NG_WTABLE_DENSE_MAX;
  memcpy(&t->step, &w[4], sizeof t->step);
  if (!(t->step > 0))
    return NG_ERR_DATA;
  /* nothing more is read here: an entry is checked against its bucket
   * and a row against the table's bounds when used, so a damaged file
   * gives wrong scores, never a read out of the mapping */
  return NG_OK;
}

void ng_wtable_prefetch(const ng_wtable *t, const uint64_t *feats,
                        size_t nf) {
#if defined(__GNUC__)
  for (size_t f = 0; f < nf; f++)
    __builtin_prefetch(t->buckets + (size_t)ng_wtable_home(key_of(feats[f]),
                                                           t->nbuckets) *
                                        NG_WTABLE_BUCKET_UNITS);
#else
  (void)t;
  (void)feats;
  (void)nf;
#endif
}

#if defined(NG_HAVE_AVX2_PATH)
/* add_dense with AVX2 (sixteen classes an instruction), on the machines
 * that have it (asked once) */
__attribute__((target("avx2"))) static void
add_dense_avx2(int32_t *scores, const int16_t *row, uint32_t n) {
  uint32_t c = 0;
  for (; c + 8 <= n; c += 8) {
    __m256i w = _mm256_cvtepi16_epi32(
        _mm_loadu_si128((const __m128i *)(const void *)(row + c)));
    __m256i *s = (__m256i *)(void *)(scores + c);
    _mm256_storeu_si256(s, _mm256_add_epi32(_mm256_loadu_si256(s), w));
  }
  for (; c < n; c++)
    scores[c] += row[c];
}

/* the same with AVX-512 (thirty-two classes in two instructions) */
__attribute__((target("avx512f,avx512bw,avx512vl"))) static void
add_dense_avx512(int32_t *scores, const int16_t *row, uint32_t n) {
  uint32_t c = 0;
  for (; c + 16 <= n; c += 16) {
    __m512i w = _mm512_cvtepi16_epi32(
        _mm256_loadu_si256((const __m256i *)(const void *)(row + c)));
    void *s = scores + c;
    _mm512_storeu_si512(s, _mm512_add_epi32(_mm512_loadu_si512(s), w));
  }
  if (c < n) {
    /* the last classes under a mask: no read past the row */
    __mmask16 m = (__mmask16)((1u << (n - c)) - 1);
    __m512i w = _mm512_cvtepi16_epi32(
        _mm256_maskz_loadu_epi16(m, (const void *)(row + c)));
    __m512i v = _mm512_maskz_loadu_epi32(m, scores + c);
    _mm512_mask_storeu_epi32(scores + c, m, _mm512_add_epi32(v, w));
  }
}

static int have_avx2(void) {
  static int known; /* 0 unknown, 1 neither, 2 AVX2, 3 AVX-512BW+VL:
                       every thread finds the same answer */
  int k = __atomic_load_n(&known, __ATOMIC_RELAXED);
  if (!k) {
    k = __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl")
            ? 3
        : __builtin_cpu_supports("avx2") ? 2
                                         : 1;
    __atomic_store_n(&known, k, __ATOMIC_RELAXED);
  }
  return k;
}
#endif

/* SCORES[c] += ROW[c] for the N classes (SSE2, in every x86-64, eight
 * classes an instruction) */
static void add_dense(int32_t *scores, const int16_t *row, uint32_t n) {
#if defined(NG_HAVE_AVX2_PATH)
  int simd = have_avx2();
  if (simd == 3) {
    add_dense_avx512(scores, row, n);
    return;
  }
  if (simd == 2) {
    add_dense_avx2(scores, row, n);
    return;
  }
#endif
  uint32_t c = 0;
#if defined(__SSE2__)
  for (; c + 8 <= n; c += 8) {
    __m128i w = _mm_loadu_si128((const __m128i *)(const void *)(row + c));
    /* each int16 into the high half of an int32, shifted down: signed */
    __m128i lo = _mm_srai_epi32(_mm_unpacklo_epi16(w, w), 16);
    __m128i hi = _mm_srai_epi32(_mm_unpackhi_epi16(w, w), 16);
    __m128i *s0 = (__m128i *)(void *)(scores + c);
    __m128i *s1 = (__m128i *)(void *)(scores + c + 4);
    _mm_storeu_si128(s0, _mm_add_epi32(_mm_loadu_si128(s0), lo));
    _mm_storeu_si128(s1, _mm_add_epi32(_mm_loadu_si128(s1), hi));
  }
#endif
  for (; c < n; c++)
    scores[c] += row[c];
}

/* adds the weights of the entry at E (units left in its bucket: LEFT) */
static void add_entry(const ng_wtable *t, const uint16_t *e, uint32_t left,
                      int32_t *scores) {
  if (t->dense) {
    if (left < 2 + t->nclass)
      return;
    for (uint32_t c = 0; c < t->nclass; c++)
      scores[c] += (int16_t)e[2 + c];
    return;
  }
  if (left < 3)
    return;
  uint32_t h = e[2];
  if (h == NG_WTABLE_OUTLINE_DENSE) {
    if (left < 5)
      return;
    uint32_t off = (uint32_t)e[3] | (uint32_t)e[4] << 16;
    if (off > t->nrows_words || t->nrows_words - off < (t->nclass + 1) / 2)
      return; /* a damaged row: past the table */
    add_dense(scores, (const int16_t *)(const void *)(t->rows + off),
              t->nclass);
    return;
  }
  if (h == NG_WTABLE_OUTLINE) {
    if (left < 5)
      return;
    uint32_t off = (uint32_t)e[3] | (uint32_t)e[4] << 16;
    if (off >= t->nrows_words)
      return;
    const uint32_t *r = t->rows + off;
    if (r[0] > t->nrows_words - off - 1)
      return; /* a damaged row: past the table */
    for (uint32_t k = 1; k <= r[0]; k++)
      if ((r[k] >> 16) < t->nclass)
        scores[r[k] >> 16] += (int16_t)(uint16_t)(r[k] & 0xffffu);
    return;
  }
  if (left < 3 + 2 * h)
    return;
  for (uint32_t k = 0; k < h; k++)
    if (e[3 + 2 * k] < t->nclass)
      scores[e[3 + 2 * k]] += (int16_t)e[4 + 2 * k];
}

/* the entry of fingerprint FP in bucket BK, or NULL; *LEFT gets the
 * units from it to the bucket's end */
static inline const uint16_t *find_in_bucket(const ng_wtable *t, const uint16_t *bk,
                                      uint32_t fp, uint32_t *left) {
  uint32_t used = bk[0] & NG_WTABLE_USED;
  if (used > NG_WTABLE_BUCKET_UNITS)
    used = NG_WTABLE_BUCKET_UNITS;
  if (t->dense) {
    /* entries of one size: a fixed stride */
    uint32_t stride = 2 + t->nclass;
    for (uint32_t u = 1; u + stride <= used; u += stride) {
      if (((uint32_t)bk[u] | (uint32_t)bk[u + 1] << 16) == fp) {
        *left = used - u;
        return bk + u;
      }
    }
    return NULL;
  }
  for (uint32_t u = 1; u + 2 < used;) {
    const uint16_t *e = bk + u;
    if (((uint32_t)e[0] | (uint32_t)e[1] << 16) == fp) {
      *left = used - u;
      return e;
    }
    u += e[2] >= NG_WTABLE_OUTLINE_DENSE ? 5 : 3 + 2u * e[2];
  }
  return NULL;
}

/* the row an entry points to, for the memory to fetch early */
static void prefetch_row(const ng_wtable *t, const uint16_t *e,
                         uint32_t left) {
#if defined(__GNUC__)
  if (!t->dense && left >= 5 && e[2] >= NG_WTABLE_OUTLINE_DENSE) {
    uint32_t off = (uint32_t)e[3] | (uint32_t)e[4] << 16;
    if (off < t->nrows_words)
      __builtin_prefetch(t->rows + off);
  }
#else
  (void)t;
  (void)e;
  (void)left;
#endif
}

#if defined(__GNUC__)
/* the index (0..5) of the first of the six 3-class entries of bucket BK
 * whose fingerprint is FP, or -1: the six compared without a branch
 * each, as the transition table's look-ups are most of the parser's */
static inline int find3(const uint16_t *bk, uint32_t fp) {
  uint32_t used = bk[0] & NG_WTABLE_USED;
  uint32_t v[6];
  /* written out: a loop here is not unrolled at -O2 */
#define NG_FIND3_AT(j) memcpy(&v[j], bk + 1 + 5 * (j), sizeof v[j])
  NG_FIND3_AT(0);
  NG_FIND3_AT(1);
  NG_FIND3_AT(2);
  NG_FIND3_AT(3);
  NG_FIND3_AT(4);
  NG_FIND3_AT(5);
#undef NG_FIND3_AT
  /* entry j is in use when its five units end within USED */
  uint32_t mask = (uint32_t)(v[0] == fp) | (uint32_t)(v[1] == fp) << 1 |
                  (uint32_t)(v[2] == fp) << 2 | (uint32_t)(v[3] == fp) << 3 |
                  (uint32_t)(v[4] == fp) << 4 | (uint32_t)(v[5] == fp) << 5;
  uint32_t inuse = used >= 31 ? 63u : used >= 6 ? (1u << ((used - 1) / 5)) - 1 : 0;
  mask &= inuse;
  return mask ? __builtin_ctz(mask) : -1;
}

/* ng_wtable_score for a table of 3 classes (same sums, same order of
 * probing: the first entry of the fingerprint from the home bucket on) */
static void score3(const ng_wtable *t, const uint64_t *feats, size_t nf,
                   int32_t *scores) {
  enum { BATCH = 128 };
  uint32_t home[BATCH], fps[BATCH];
  int32_t s0 = scores[0], s1 = scores[1], s2 = scores[2];
  while (nf) {
    size_t m = nf < BATCH ? nf : BATCH;
    for (size_t f = 0; f < m; f++) {
      uint64_t h = key_of(feats[f]);
      fps[f] = fingerprint(h);
      home[f] = ng_wtable_home(h, t->nbuckets);
      __builtin_prefetch(t->buckets +
                         (size_t)home[f] * NG_WTABLE_BUCKET_UNITS);
    }
    for (size_t f = 0; f < m; f++) {
      const uint16_t *bk =
          t->buckets + (size_t)home[f] * NG_WTABLE_BUCKET_UNITS;
      int j = find3(bk, fps[f]);
      if (j < 0) {
        uint32_t more = bk[0] >> NG_WTABLE_DISP_SHIFT;
        if (more >= t->nbuckets)
          more = t->nbuckets - 1;
        uint32_t b = home[f];
        for (uint32_t d = 1; d <= more && j < 0; d++) {
          b = b + 1 == t->nbuckets ? 0 : b + 1;
          bk = t->buckets + (size_t)b * NG_WTABLE_BUCKET_UNITS;
          j = find3(bk, fps[f]);
        }
        if (j < 0)
          continue;
      }
      const uint16_t *e = bk + 1 + 5 * j;
      s0 += (int16_t)e[2];
      s1 += (int16_t)e[3];
      s2 += (int16_t)e[4];
    }
    feats += m;
    nf -= m;
  }
  scores[0] = s0;
  scores[1] = s1;
  scores[2] = s2;
}
#endif

void ng_wtable_score(const ng_wtable *t, const uint64_t *feats, size_t nf,
                     int32_t *scores) {
#if defined(__GNUC__)
  if (t->dense && t->nclass == 3) {
    score3(t, feats, nf, scores);
    return;
  }
#endif
  /* in three passes over a batch so that the cache misses overlap: the
   * home buckets (asked for together), then the buckets past them and
   * the long rows found (asked for together), then those */
  enum { BATCH = 128 };
  const uint16_t *found[BATCH];
  uint32_t left[BATCH], more[BATCH], home[BATCH], fps[BATCH];
  while (nf) {
    size_t m = nf < BATCH ? nf : BATCH;
    for (size_t f = 0; f < m; f++) {
      uint64_t h = key_of(feats[f]);
      fps[f] = fingerprint(h);
      home[f] = ng_wtable_home(h, t->nbuckets);
#if defined(__GNUC__)
      __builtin_prefetch(t->buckets +
                         (size_t)home[f] * NG_WTABLE_BUCKET_UNITS);
#endif
    }
    for (size_t f = 0; f < m; f++) {
      uint32_t fp = fps[f];
      uint32_t b = home[f];
      const uint16_t *bk = t->buckets + (size_t)b * NG_WTABLE_BUCKET_UNITS;
      found[f] = find_in_bucket(t, bk, fp, &left[f]);
      more[f] = 0;
      if (found[f]) {
        prefetch_row(t, found[f], left[f]);
      } else {
        more[f] = bk[0] >> NG_WTABLE_DISP_SHIFT;
        if (more[f] >= t->nbuckets)
          more[f] = t->nbuckets - 1;
#if defined(__GNUC__)
        for (uint32_t d = 1, nb = b; d <= more[f]; d++) {
          nb = nb + 1 == t->nbuckets ? 0 : nb + 1;
          __builtin_prefetch(t->buckets +
                             (size_t)nb * NG_WTABLE_BUCKET_UNITS);
        }
#endif
      }
    }
    for (size_t f = 0; f < m; f++) {
      if (!more[f])
        continue;
      uint32_t fp = fps[f];
      uint32_t b = home[f];
      for (uint32_t d = 1; d <= more[f] && !found[f]; d++) {
        b = b + 1 == t->nbuckets ? 0 : b + 1;
        found[f] = find_in_bucket(
            t, t->buckets + (size_t)b * NG_WTABLE_BUCKET_UNITS, fp, &left[f]);
      }
      if (found[f])
        prefetch_row(t, found[f], left[f]);
    }
    for (size_t f = 0; f < m; f++)
      if (found[f])
        add_entry(t, found[f], left[f], scores);
    feats += m;
    nf -= m;
  }
}
