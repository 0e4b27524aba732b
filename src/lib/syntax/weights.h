/* weights.h - the weights of the averaged perceptrons of the syntax stage
 * (tagger, transition classifier, labeller): a table from hashed feature
 * to one weight per class.
 *
 * Two forms.  While training, an ng_wtrain holds every feature seen with
 * exact 64-bit keys and dense float rows (the current weights and the sum
 * needed to average them).  Frozen for the model file, an ng_wtable is a
 * read-only view of bytes (memory-mapped): an open-addressed table of
 * cache-line buckets holding each feature's 32-bit fingerprint and its
 * int16 weights together, the averaged weights quantised with one step
 * per table.  Scores are then integer sums. */
#ifndef NG_SYNTAX_WEIGHTS_H
#define NG_SYNTAX_WEIGHTS_H

#include <stddef.h>
#include <stdint.h>

#include "newsgraph/newsgraph.h"
#include "util.h"

/* A feature is a template number mixed with up to a few atoms (word
 * hashes, tag numbers, distances).  The same on every machine. */
static inline uint64_t ng_fx_mix(uint64_t h, uint64_t v) {
  h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  h *= 0xff51afd7ed558ccdULL;
  return h ^ (h >> 29);
}
static inline uint64_t ng_fx1(uint32_t tmpl, uint64_t a) {
  return ng_fx_mix(ng_fx_mix(0x243f6a8885a308d3ULL, tmpl), a);
}
static inline uint64_t ng_fx2(uint32_t tmpl, uint64_t a, uint64_t b) {
  return ng_fx_mix(ng_fx1(tmpl, a), b);
}
static inline uint64_t ng_fx3(uint32_t tmpl, uint64_t a, uint64_t b,
                              uint64_t c) {
  return ng_fx_mix(ng_fx2(tmpl, a, b), c);
}

/* ---- training form ---- */

typedef struct ng_wtrain ng_wtrain;

/* A table for NCLASS classes; NULL when out of memory.  Owned by the
 * caller: ng_wtrain_free(). */
ng_wtrain *ng_wtrain_new(uint32_t nclass);
void ng_wtrain_free(ng_wtrain *t);
/* Adds the current weights of the NF features to SCORES[nclass]. */
void ng_wtrain_score(const ng_wtrain *t, const uint64_t *feats, size_t nf,
                     float *scores);
/* Adds DELTA to class CLS of each feature (creating rows); CLOCK is the
 * number of examples seen so far (for the average).  NG_ERR_NOMEM. */
ng_status ng_wtrain_update(ng_wtrain *t, const uint64_t *feats, size_t nf,
                           uint32_t cls, float delta, double clock);
/* Serialises the averaged weights at CLOCK as a frozen table into OUT
 * (appended, 8-byte aligned).  Features none of whose weights reaches
 * PRUNE in absolute value (in perceptron updates) are dropped, and so are
 * weights whose quantised value is 0.
 * *KEPT gets the number of rows written. */
ng_status ng_wtrain_write(const ng_wtrain *t, double clock, float prune,
                          ng_buf *out, size_t *kept);

/* ---- frozen form ---- */

/* The frozen table is a header of NG_WTABLE_HEADER_WORDS words, then
 * buckets of 64 bytes (one cache line when the table starts on one, as
 * in the model file), then the rows too long for a bucket.  A bucket is
 * 32 16-bit units: the first holds the units used (itself included) and,
 * from bit NG_WTABLE_DISP_SHIFT, how many buckets past this one the
 * entries whose home it is may lie (linear probing, at most
 * NG_WTABLE_DISP_MAX); then the entries, each a 32-bit fingerprint of its
 * feature (the bits the home bucket is not made of: two units, low
 * first) and its weights: in a table
 * of at most NG_WTABLE_DENSE_MAX classes one weight a class; else a count
 * and that many (class, weight) pairs; when more than
 * NG_WTABLE_INLINE_MAX, NG_WTABLE_OUTLINE and the 32-bit word offset of a
 * row (count, then count x (class << 16 | weight)), or, when at least one
 * class in NG_WTABLE_DENSE_SHARE has a weight, NG_WTABLE_OUTLINE_DENSE and
 * the offset of a row of nclass int16 weights (summed as vectors: those
 * rows, of the frequent features, were most of the tagger's time).  So a
 * feature costs one cache line, seldom more.  Weights are int16: the averaged weights in
 * steps of one table-wide step; the zeros of a sparse table dropped. */
#define NG_WTABLE_HEADER_WORDS 16u
#define NG_WTABLE_BUCKET_UNITS 32u
#define NG_WTABLE_USED 0x3fu
#define NG_WTABLE_DISP_SHIFT 6
#define NG_WTABLE_DISP_MAX 1023u
#define NG_WTABLE_DENSE_MAX 4u
#define NG_WTABLE_INLINE_MAX 8u
#define NG_WTABLE_OUTLINE 0xffffu
#define NG_WTABLE_OUTLINE_DENSE 0xfffeu
#define NG_WTABLE_DENSE_SHARE 4u

typedef struct ng_wtable {
  uint32_t nclass;
  uint32_t nbuckets;
  int dense;                /* nclass <= NG_WTABLE_DENSE_MAX */
  const uint16_t *buckets;  /* nbuckets x NG_WTABLE_BUCKET_UNITS */
  const uint32_t *rows;     /* the long rows */
  uint32_t nrows_words;
  float step;               /* a weight unit in the scores' scale */
} ng_wtable;

/* The home bucket of feature key K among NB: its low 32 bits scaled to
 * the table, so the high 32 bits are a fingerprint. */
static inline uint32_t ng_wtable_home(uint64_t k, uint32_t nb) {
  return (uint32_t)(((k & 0xffffffffu) * (uint64_t)nb) >> 32);
}

/* Reads the frozen table at DATA (LEN bytes, borrowed for the table's
 * life), checking its size.  NG_ERR_DATA when malformed. */
ng_status ng_wtable_view(ng_wtable *t, const void *data, size_t len);
/* Asks the memory for the buckets of the NF features (no effect on the
 * scores): call it as early as the features are known. */
void ng_wtable_prefetch(const ng_wtable *t, const uint64_t *feats,
                        size_t nf);
/* Adds the weights of the NF features to SCORES[nclass]. */
void ng_wtable_score(const ng_wtable *t, const uint64_t *feats, size_t nf,
                     int32_t *scores);

#endif /* NG_SYNTAX_WEIGHTS_H */
