/* tagger.c - averaged-perceptron part-of-speech tagger. */
#include "syntax/tagger.h"

#include <stdlib.h>
#include <string.h>

/* feature templates (numbers are part of the model: append only) */
enum {
  TF_BIAS = 1, TF_WORD, TF_EXACT, TF_SUF1, TF_SUF2, TF_SUF3, TF_SUF4,
  TF_PRE1, TF_PRE2, TF_PRE3, TF_SHAPE, TF_PTAG, TF_PPTAG_PTAG,
  TF_PTAG_WORD, TF_PWORD, TF_PSUF3, TF_PPWORD, TF_NWORD, TF_NSUF3,
  TF_NNWORD, TF_NSHAPE, TF_PSHAPE, TF_WORD_NWORD, TF_PWORD_WORD,
  TF_FIRST_SHAPE, TF_PTAG_SUF3, TF_NSUF1, TF_PTAG_NWORD, TF_NEXACT,
  TF_PEXACT, TF_PTAG_PWORD, TF_WORD_NSUF3, TF_NSUF2, TF_PSUF2,
  TF_NTAG, TF_NNTAG, TF_PTAG_NTAG, TF_NTAG_WORD, TF_NTAG_NNTAG,
  TF_NTAG_SUF3
};

#define NO_WORD 0x6e6f6e65ULL /* past either end */
#define NO_TAG 0xffffu

size_t ng_tagger_features(const ng_syn_sent *s, uint32_t i,
                          const uint16_t *right, uint64_t *out) {
  size_t k = 0;
  uint32_t n = s->n;
  uint64_t w = s->word[i];
  uint64_t pw = i > 1 ? s->word[i - 1] : NO_WORD;
  uint64_t ppw = i > 2 ? s->word[i - 2] : NO_WORD;
  uint64_t nw = i < n ? s->word[i + 1] : NO_WORD;
  uint64_t nnw = i + 1 < n ? s->word[i + 2] : NO_WORD;
  uint64_t pt = i > 1 ? s->tag[i - 1] : NO_TAG;
  uint64_t ppt = i > 2 ? s->tag[i - 2] : NO_TAG;
  out[k++] = ng_fx1(TF_BIAS, 0);
  out[k++] = ng_fx1(TF_WORD, w);
  out[k++] = ng_fx1(TF_EXACT, s->exact[i]);
  out[k++] = ng_fx1(TF_SUF1, s->suf[0][i]);
  out[k++] = ng_fx1(TF_SUF2, s->suf[1][i]);
  out[k++] = ng_fx1(TF_SUF3, s->suf[2][i]);
  out[k++] = ng_fx1(TF_SUF4, s->suf[3][i]);
  out[k++] = ng_fx1(TF_PRE1, s->pre[0][i]);
  out[k++] = ng_fx1(TF_PRE2, s->pre[1][i]);
  out[k++] = ng_fx1(TF_PRE3, s->pre[2][i]);
  out[k++] = ng_fx1(TF_SHAPE, s->shape[i]);
  out[k++] = ng_fx1(TF_PTAG, pt);
  out[k++] = ng_fx2(TF_PPTAG_PTAG, ppt, pt);
  out[k++] = ng_fx2(TF_PTAG_WORD, pt, w);
  out[k++] = ng_fx1(TF_PWORD, pw);
  out[k++] = ng_fx1(TF_PSUF3, i > 1 ? s->suf[2][i - 1] : NO_WORD);
  out[k++] = ng_fx1(TF_PPWORD, ppw);
  out[k++] = ng_fx1(TF_NWORD, nw);
  out[k++] = ng_fx1(TF_NSUF3, i < n ? s->suf[2][i + 1] : NO_WORD);
  out[k++] = ng_fx1(TF_NNWORD, nnw);
  out[k++] = ng_fx1(TF_NSHAPE, i < n ? s->shape[i + 1] : NO_WORD);
  out[k++] = ng_fx1(TF_PSHAPE, i > 1 ? s->shape[i - 1] : NO_WORD);
  out[k++] = ng_fx2(TF_WORD_NWORD, w, nw);
  out[k++] = ng_fx2(TF_PWORD_WORD, pw, w);
  out[k++] = ng_fx2(TF_FIRST_SHAPE, i == 1, s->shape[i]);
  out[k++] = ng_fx2(TF_PTAG_SUF3, pt, s->suf[2][i]);
  out[k++] = ng_fx1(TF_NSUF1, i < n ? s->suf[0][i + 1] : NO_WORD);
  out[k++] = ng_fx2(TF_PTAG_NWORD, pt, nw);
  out[k++] = ng_fx1(TF_NEXACT, i < n ? s->exact[i + 1] : NO_WORD);
  out[k++] = ng_fx1(TF_PEXACT, i > 1 ? s->exact[i - 1] : NO_WORD);
  out[k++] = ng_fx2(TF_PTAG_PWORD, pt, pw);
  out[k++] = ng_fx2(TF_WORD_NSUF3, w, i < n ? s->suf[2][i + 1] : NO_WORD);
  out[k++] = ng_fx1(TF_NSUF2, i < n ? s->suf[1][i + 1] : NO_WORD);
  out[k++] = ng_fx1(TF_PSUF2, i > 1 ? s->suf[1][i - 1] : NO_WORD);
  if (!right)
    return k;
  uint64_t nt = i < n ? right[i + 1] : NO_TAG;
  uint64_t nnt = i + 1 < n ? right[i + 2] : NO_TAG;
  out[k++] = ng_fx1(TF_NTAG, nt);
  out[k++] = ng_fx1(TF_NNTAG, nnt);
  out[k++] = ng_fx2(TF_PTAG_NTAG, pt, nt);
  out[k++] = ng_fx2(TF_NTAG_WORD, nt, w);
  out[k++] = ng_fx2(TF_NTAG_NNTAG, nt, nnt);
  out[k++] = ng_fx2(TF_NTAG_SUF3, nt, s->suf[2][i]);
  return k;
}

void ng_tagger_pass(const ng_wtable *w, ng_syn_sent *s,
                    const uint16_t *right) {
  uint64_t feats[NG_TAGGER_MAX_FEATS];
  int32_t scores[NG_SYNTAX_MAX_TAGS];
  for (uint32_t i = 1; i <= s->n; i++) {
    size_t nf = ng_tagger_features(s, i, right, feats);
    memset(scores, 0, w->nclass * sizeof *scores);
    ng_wtable_score(w, feats, nf, scores);
    /* the first best class, without a branch a class */
    uint32_t best = 0;
    int32_t top = scores[0];
    for (uint32_t c = 1; c < w->nclass; c++) {
      int gt = scores[c] > top;
      top = gt ? scores[c] : top;
      best = gt ? c : best;
    }
    s->tag[i] = (uint16_t)best;
  }
}

void ng_tagger_tag(const ng_wtable *w1, const ng_wtable *w2, ng_syn_sent *s,
                   uint16_t *scratch) {
  ng_tagger_pass(w1, s, NULL);
  if (!w2)
    return;
  memcpy(scratch, s->tag, (s->n + 1) * sizeof *scratch);
  ng_tagger_pass(w2, s, scratch);
}

ng_status ng_tagger_train(const ng_syn_corpus *c, int epochs, float prune,
                          uint16_t *const *right, ng_buf *out, size_t *rows) {
  ng_wtrain *t = ng_wtrain_new(c->ntags);
  size_t *order = malloc((c->n ? c->n : 1) * sizeof *order);
  float *scores = malloc(c->ntags * sizeof *scores);
  ng_status st = t && order && scores ? NG_OK : NG_ERR_NOMEM;
  for (size_t i = 0; i < c->n; i++)
    order[i] = i;
  uint64_t seed = 0x7461676765720001ULL;
  double clock = 1;
  uint64_t feats[NG_TAGGER_MAX_FEATS];
  for (int e = 0; e < epochs && !st; e++) {
    for (size_t i = c->n; i > 1; i--) {
      size_t j = (size_t)(ng_syn_rand(&seed) % i);
      size_t x = order[i - 1];
      order[i - 1] = order[j];
      order[j] = x;
    }
    for (size_t k = 0; k < c->n && !st; k++) {
      ng_syn_sent *s = &c->sent[order[k]];
      const uint16_t *gold = c->gold[order[k]].tag;
      for (uint32_t i = 1; i <= s->n && !st; i++) {
        size_t nf = ng_tagger_features(s, i, right ? right[order[k]] : NULL,
                                       feats);
        memset(scores, 0, c->ntags * sizeof *scores);
        ng_wtrain_score(t, feats, nf, scores);
        uint32_t best = 0;
        for (uint32_t y = 1; y < c->ntags; y++)
          if (scores[y] > scores[best])
            best = y;
        if (best != gold[i]) {
          st = ng_wtrain_update(t, feats, nf, gold[i], 1, clock);
          if (!st)
            st = ng_wtrain_update(t, feats, nf, best, -1, clock);
        }
        s->tag[i] = (uint16_t)best;
        clock++;
      }
    }
  }
  if (!st)
    st = ng_wtrain_write(t, clock, prune, out, rows);
  ng_wtrain_free(t);
  free(order);
  free(scores);
  return st;
}
