/* weights.c - perceptron weight tables: exact while training, frozen
 * (quantised, sparse, memory-mapped) in the model. */
#include "syntax/weights.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct ng_wtrain {
  uint32_t nclass;
  size_t cap, n; /* slots (a power of two), rows used */
  uint64_t *keys; /* 0 = empty slot */
  uint32_t *row;  /* the row of each slot */
  size_t rows_cap;
  float *w; /* current weights, nclass a row */
  float *u; /* sum of clock * delta: average = w - u / clock */
};

#define WTB_MAGIC 0x32425457u /* "WTB2": sparse rows */
#define WTD_MAGIC 0x32445457u /* "WTD2": weights in the slots */
#define WTB_HEADER_WORDS 8u

static uint64_t key_of(uint64_t h) { return h ? h : 1; }

/* the first slot of key K among NSLOTS (any number): its low 32 bits
 * scaled to the table, so the high 32 bits are a fingerprint */
static inline size_t home_slot(uint64_t k, size_t nslots) {
  return (size_t)(((k & 0xffffffffu) * (uint64_t)nslots) >> 32);
}

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

static int kept_weight(const ng_wtrain *t, size_t at, double clock,
                       float step) {
  return lrintf(averaged(t, at, clock) / step) != 0;
}

/* 1 when some weight of the row at BASE reaches PRUNE */
static int kept_row(const ng_wtrain *t, size_t base, double clock,
                    float prune) {
  for (uint32_t c = 0; c < t->nclass; c++)
    if (fabsf(averaged(t, base + c, clock)) >= prune)
      return 1;
  return 0;
}

static ng_status put_word(ng_buf *out, uint32_t v) {
  return ng_buf_add(out, (const char *)&v, sizeof v);
}

static int16_t quantised(const ng_wtrain *t, size_t at, double clock,
                         float step) {
  long q = lrintf(averaged(t, at, clock) / step);
  return (int16_t)(q > 32767 ? 32767 : q < -32767 ? -32767 : q);
}

static ng_status write_dense(const ng_wtrain *t, double clock, float prune,
                             float step, ng_buf *out, size_t *kept) {
  uint32_t stride = 1 + (t->nclass + 1) / 2;
  size_t nkept = 0;
  for (size_t s = 0; s < t->cap; s++)
    if (t->keys[s] && kept_row(t, (size_t)t->row[s] * t->nclass, clock, prune))
      nkept++;
  size_t nslots = nkept + nkept / 3 + 16;
  uint32_t *slots = calloc(nslots * stride, sizeof *slots);
  if (!slots)
    return NG_ERR_NOMEM;
  for (size_t s = 0; s < t->cap; s++) {
    size_t base = (size_t)t->row[s] * t->nclass;
    if (!t->keys[s] || !kept_row(t, base, clock, prune))
      continue;
    uint64_t k = t->keys[s];
    size_t j = home_slot(k, nslots);
    while (slots[j * stride])
      j = j + 1 == nslots ? 0 : j + 1;
    uint32_t *slot = slots + j * stride;
    slot[0] = (uint32_t)(k >> 32) | 1u;
    for (uint32_t c = 0; c < t->nclass; c++) {
      uint16_t q = (uint16_t)quantised(t, base + c, clock, step);
      slot[1 + c / 2] |= (uint32_t)q << (16 * (c % 2));
    }
  }
  uint32_t head[WTB_HEADER_WORDS] = {WTD_MAGIC, t->nclass, (uint32_t)nslots,
                                     0, 0, 0, 0, 0};
  memcpy(&head[4], &step, sizeof step);
  ng_status st = ng_buf_add(out, (const char *)head, sizeof head);
  if (!st)
    st = ng_buf_add(out, (const char *)slots, nslots * stride * 4);
  while (!st && out->len % 8)
    st = ng_buf_addc(out, 0);
  free(slots);
  if (kept)
    *kept = nkept;
  return st;
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
  if (t->nclass <= NG_WTABLE_DENSE_MAX)
    return write_dense(t, clock, prune, step, out, kept);
  /* the rows, in slot order (deterministic), with their keys */
  ng_buf rows, keys;
  ng_buf_init(&rows, (size_t)1 << 34);
  ng_buf_init(&keys, (size_t)1 << 34);
  ng_status st = NG_OK;
  size_t nkept = 0;
  for (size_t s = 0; s < t->cap && !st; s++) {
    if (!t->keys[s])
      continue;
    size_t base = (size_t)t->row[s] * t->nclass;
    uint32_t cnt = 0;
    if (!kept_row(t, base, clock, prune))
      continue;
    for (uint32_t c = 0; c < t->nclass; c++)
      if (kept_weight(t, base + c, clock, step))
        cnt++;
    if (!cnt)
      continue;
    uint32_t off = (uint32_t)(rows.len / 4);
    st = put_word(&rows, cnt);
    for (uint32_t c = 0; c < t->nclass && !st; c++) {
      if (!kept_weight(t, base + c, clock, step))
        continue;
      long q = lrintf(averaged(t, base + c, clock) / step);
      if (q > 32767)
        q = 32767;
      if (q < -32767)
        q = -32767;
      st = put_word(&rows, (c << 16) | (uint16_t)(int16_t)q);
    }
    if (!st)
      st = ng_buf_add(&keys, (const char *)&t->keys[s], sizeof t->keys[s]);
    if (!st)
      st = put_word(&keys, off);
    nkept++;
  }
  /* three quarters full at most */
  size_t nslots = nkept + nkept / 3 + 16;
  uint32_t *slots = st ? NULL : calloc(nslots * 2, sizeof *slots);
  if (!st && !slots)
    st = NG_ERR_NOMEM;
  for (size_t i = 0; i < nkept && !st; i++) {
    uint64_t k;
    uint32_t off;
    memcpy(&k, keys.s + i * 12, 8);
    memcpy(&off, keys.s + i * 12 + 8, 4);
    uint32_t fp = (uint32_t)(k >> 32) | 1u;
    size_t j = home_slot(k, nslots);
    while (slots[2 * j])
      j = j + 1 == nslots ? 0 : j + 1;
    slots[2 * j] = fp;
    slots[2 * j + 1] = off;
  }
  if (!st) {
    uint32_t head[WTB_HEADER_WORDS] = {WTB_MAGIC, t->nclass, (uint32_t)nslots,
                                       (uint32_t)(rows.len / 4), 0, 0, 0, 0};
    memcpy(&head[4], &step, sizeof step);
    st = ng_buf_add(out, (const char *)head, sizeof head);
    if (!st)
      st = ng_buf_add(out, (const char *)slots, nslots * 2 * sizeof *slots);
    if (!st && rows.len)
      st = ng_buf_add(out, rows.s, rows.len);
    while (!st && out->len % 8)
      st = ng_buf_addc(out, 0);
  }
  free(slots);
  ng_buf_free(&rows);
  ng_buf_free(&keys);
  if (kept)
    *kept = nkept;
  return st;
}

static ng_status view_dense(ng_wtable *t, const uint32_t *w, size_t len) {
  t->nclass = w[1];
  t->nslots = w[2];
  t->stride = 1 + (t->nclass + 1) / 2;
  if (!t->nslots || !t->nclass || t->nclass > NG_WTABLE_DENSE_MAX ||
      ((uint64_t)WTB_HEADER_WORDS + (uint64_t)t->nslots * t->stride) * 4 >
          len)
    return NG_ERR_DATA;
  t->slots = w + WTB_HEADER_WORDS;
  memcpy(&t->step, &w[4], sizeof t->step);
  if (!(t->step > 0))
    return NG_ERR_DATA;
  return NG_OK;
}

ng_status ng_wtable_view(ng_wtable *t, const void *data, size_t len) {
  memset(t, 0, sizeof *t);
  const uint32_t *w = data;
  if (len >= WTB_HEADER_WORDS * 4 && !((uintptr_t)data & 3) &&
      w[0] == WTD_MAGIC)
    return view_dense(t, w, len);
  if (len < WTB_HEADER_WORDS * 4 || ((uintptr_t)data & 3) ||
      w[0] != WTB_MAGIC || !w[1] || w[1] > 65535 || !w[2])
    return NG_ERR_DATA;
  uint64_t need =
      (uint64_t)WTB_HEADER_WORDS + 2ull * w[2] + (uint64_t)w[3];
  if (need * 4 > len)
    return NG_ERR_DATA;
  t->nclass = w[1];
  t->nslots = w[2];
  t->slots = w + WTB_HEADER_WORDS;
  t->rows = t->slots + 2ull * w[2];
  t->nrows_words = w[3];
  memcpy(&t->step, &w[4], sizeof t->step);
  if (!(t->step > 0))
    return NG_ERR_DATA;
  /* nothing more is read here: a probe stops after nslots slots, and a
   * row is checked against the table's bounds when it is used, so a
   * damaged file gives wrong scores, never a read out of the mapping */
  return NG_OK;
}

static void score_dense(const ng_wtable *t, const uint64_t *feats,
                        size_t nf, int32_t *scores) {
  size_t stride = t->stride;
#if defined(__GNUC__)
  for (size_t f = 0; f < nf; f++)
    __builtin_prefetch(
        &t->slots[home_slot(key_of(feats[f]), t->nslots) * stride]);
#endif
  for (size_t f = 0; f < nf; f++) {
    uint64_t h = key_of(feats[f]);
    uint32_t fp = (uint32_t)(h >> 32) | 1u;
    size_t i = home_slot(h, t->nslots);
    for (size_t probes = 0; probes < t->nslots;
         probes++, i = i + 1 == t->nslots ? 0 : i + 1) {
      const uint32_t *slot = t->slots + i * stride;
      if (!slot[0])
        break;
      if (slot[0] == fp) {
        for (uint32_t c = 0; c < t->nclass; c++)
          scores[c] += (int16_t)(uint16_t)(slot[1 + c / 2] >> (16 * (c % 2)));
        break;
      }
    }
  }
}

void ng_wtable_score(const ng_wtable *t, const uint64_t *feats, size_t nf,
                     int32_t *scores) {
  if (t->stride) {
    score_dense(t, feats, nf, scores);
    return;
  }
  /* three passes so the cache misses overlap: the slots asked for, then
   * the rows found, then the sums */
  enum { BATCH = 128 };
  uint32_t row[BATCH];
  while (nf) {
    size_t m = nf < BATCH ? nf : BATCH;
#if defined(__GNUC__)
    for (size_t f = 0; f < m; f++)
      __builtin_prefetch(&t->slots[2 * home_slot(key_of(feats[f]),
                                                  t->nslots)]);
#endif
    for (size_t f = 0; f < m; f++) {
      uint64_t h = key_of(feats[f]);
      uint32_t fp = (uint32_t)(h >> 32) | 1u;
      row[f] = UINT32_MAX;
      size_t i = home_slot(h, t->nslots);
      for (size_t probes = 0; probes < t->nslots;
           probes++, i = i + 1 == t->nslots ? 0 : i + 1) {
        uint32_t s = t->slots[2 * i];
        if (!s)
          break;
        if (s == fp) {
          uint32_t off = t->slots[2 * i + 1];
          if (off >= t->nrows_words)
            break;
          row[f] = off;
#if defined(__GNUC__)
          __builtin_prefetch(&t->rows[row[f]]);
#endif
          break;
        }
      }
    }
    for (size_t f = 0; f < m; f++) {
      if (row[f] == UINT32_MAX)
        continue;
      const uint32_t *r = t->rows + row[f];
      if (r[0] > t->nrows_words - row[f] - 1)
        continue; /* a damaged row: past the table */
      for (uint32_t k = 1; k <= r[0]; k++)
        if ((r[k] >> 16) < t->nclass)
          scores[r[k] >> 16] += (int16_t)(uint16_t)(r[k] & 0xffffu);
    }
    feats += m;
    nf -= m;
  }
}
