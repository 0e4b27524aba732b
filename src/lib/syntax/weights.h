/* weights.h - the weights of the averaged perceptrons of the syntax stage
 * (tagger, transition classifier, labeller): a table from hashed feature
 * to one weight per class.
 *
 * Two forms.  While training, an ng_wtrain holds every feature seen with
 * exact 64-bit keys and dense float rows (the current weights and the sum
 * needed to average them).  Frozen for the model file, an ng_wtable is a
 * read-only view of bytes (memory-mapped): an open-addressed table of
 * 32-bit fingerprints pointing at sparse rows of int16 weights, the
 * averaged weights quantised with one step per table and the zeros
 * dropped.  Scores are then integer sums. */
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

/* Tables of at most NG_WTABLE_DENSE_MAX classes keep the weights in the
 * slot itself (one memory access a feature instead of two). */
#define NG_WTABLE_DENSE_MAX 4u

typedef struct ng_wtable {
  uint32_t nclass;
  uint32_t nslots;
  uint32_t stride;       /* dense: words a slot (fingerprint, weights) */
  const uint32_t *slots; /* sparse: 2 words a slot: fingerprint (0 =
                            empty), row; dense: stride words a slot:
                            fingerprint, then two int16 weights a word */
  const uint32_t *rows;  /* a row: count, then count x (class << 16 | w) */
  uint32_t nrows_words;
  float step;            /* a weight unit in the scores' scale */
} ng_wtable;

/* Reads the frozen table at DATA (LEN bytes, borrowed for the table's
 * life), checking every offset.  NG_ERR_DATA when malformed. */
ng_status ng_wtable_view(ng_wtable *t, const void *data, size_t len);
/* Adds the weights of the NF features to SCORES[nclass]. */
void ng_wtable_score(const ng_wtable *t, const uint64_t *feats, size_t nf,
                     int32_t *scores);

#endif /* NG_SYNTAX_WEIGHTS_H */
