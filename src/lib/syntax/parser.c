/* parser.c - greedy arc-hybrid parser with a dynamic oracle. */
#include "syntax/parser.h"

#include <stdlib.h>
#include <string.h>

enum { SHIFT = 0, LEFT = 1, RIGHT = 2, NMOVES = 3 };

#define NONE_W 0x6e6f6e65ULL
#define NONE_T 0xffffu
#define ROOT_T 0xfffeu
#define NONE_L 0xffffu
#define MAXN (NG_SYNTAX_MAX_WORDS + 2)

typedef struct state {
  ng_syn_sent *s;
  int32_t stack[MAXN];
  uint32_t sp; /* words on the stack */
  uint32_t b;  /* the buffer's first word; n + 1 when empty */
  int32_t lmost[MAXN], lmost2[MAXN], rmost[MAXN], rmost2[MAXN];
  uint16_t nleft[MAXN], nright[MAXN];
  uint64_t lset[MAXN], rset[MAXN]; /* the relations of the left and
                                      right dependents, a bit each */
} state;

static void state_init(state *st, ng_syn_sent *s) {
  st->s = s;
  st->sp = 1;
  st->stack[0] = 0;
  st->b = 1;
  for (uint32_t i = 0; i <= s->n; i++) {
    st->lmost[i] = st->lmost2[i] = st->rmost[i] = st->rmost2[i] = -1;
    st->nleft[i] = st->nright[i] = 0;
    st->lset[i] = st->rset[i] = 0;
    s->head[i] = -1;
    s->label[i] = 0;
  }
}

static int done(const state *st) {
  return st->sp == 1 && st->b > st->s->n;
}

static int valid(const state *st, int move) {
  int buf = st->b <= st->s->n;
  switch (move) {
  case SHIFT:
    return buf;
  case LEFT:
    return st->sp >= 2 && buf;
  case RIGHT:
    return st->sp >= 2 && (st->stack[st->sp - 2] != 0 || !buf);
  default:
    return 0;
  }
}

/* ---- atoms ---- */

static uint64_t W(const state *st, int32_t p) {
  return p < 0 ? NONE_W : st->s->word[p];
}
static uint64_t T(const state *st, int32_t p) {
  return p < 0 ? NONE_T : p == 0 ? ROOT_T : st->s->tag[p];
}
static uint64_t L(const state *st, int32_t p) {
  return p < 0 || st->s->head[p] < 0 ? NONE_L : st->s->label[p];
}
static uint64_t WT(const state *st, int32_t p) {
  return W(st, p) * 31 + T(st, p);
}
static uint64_t bucket(int32_t d) {
  if (d < 0)
    d = -d;
  return d <= 4 ? (uint64_t)d : d <= 6 ? 5 : d <= 9 ? 6 : 7;
}
static int32_t at(const int32_t *a, int32_t p) { return p < 0 ? -1 : a[p]; }

/* The templates of trans_features that read one word alone (its word,
 * tag, and, for a child, its relation), by the place the word is in:
 * while a sentence is parsed, their summed weights are kept for each
 * word and place (struct tokcache), so they are looked up once, not at
 * every transition the word stays there.  Integer sums: the same scores
 * whatever the order. */
enum {
  K_S0, K_S1, K_S2, K_B0, K_B1, K_B2, K_S0L, K_S0R, K_B0L, K_S0L2, K_S0R2,
  K_B0L2, NKINDS
};

/* the features of word P (-1: none) in place KIND (a subset of what
 * trans_features gives with SKIP 0) */
static size_t tok_features(const state *st, uint32_t featset, int kind,
                           int32_t p, uint64_t *f) {
  const ng_syn_sent *s = st->s;
  int full = featset >= NG_PARSER_FEATS_FULL;
  int rich = featset >= NG_PARSER_FEATS_RICH;
  uint64_t w = W(st, p), t = T(st, p), wt = WT(st, p);
  size_t k = 0;
  switch (kind) {
  case K_S0:
    f[k++] = ng_fx1(1, w);
    f[k++] = ng_fx1(2, t);
    f[k++] = ng_fx1(3, wt);
    if (full)
      f[k++] = ng_fx2(76, t, s->exact[p >= 0 ? p : 0]);
    if (rich)
      f[k++] = ng_fx2(95, t, s->suf[2][p >= 0 ? p : 0]);
    break;
  case K_S1:
    f[k++] = ng_fx1(4, w);
    f[k++] = ng_fx1(5, t);
    f[k++] = ng_fx1(6, wt);
    break;
  case K_S2:
    f[k++] = ng_fx1(15, t);
    break;
  case K_B0:
    f[k++] = ng_fx1(7, w);
    f[k++] = ng_fx1(8, t);
    f[k++] = ng_fx1(9, wt);
    if (full)
      f[k++] = ng_fx2(77, t, s->exact[p >= 0 ? p : 0]);
    if (rich)
      f[k++] = ng_fx2(94, t, s->suf[2][p >= 0 ? p : 0]);
    break;
  case K_B1:
    f[k++] = ng_fx1(10, w);
    f[k++] = ng_fx1(11, t);
    f[k++] = ng_fx1(12, wt);
    break;
  case K_B2:
    f[k++] = ng_fx1(13, w);
    f[k++] = ng_fx1(14, t);
    break;
  case K_S0L:
  case K_S0R:
  case K_B0L: {
    uint32_t base = kind == K_S0L ? 52 : kind == K_S0R ? 55 : 58;
    if (full) {
      f[k++] = ng_fx1(base, w);
      f[k++] = ng_fx1(base + 1, t);
      f[k++] = ng_fx1(base + 2, L(st, p));
    }
    break;
  }
  default: { /* K_S0L2, K_S0R2, K_B0L2 */
    uint32_t i = (uint32_t)(kind - K_S0L2);
    if (full) {
      f[k++] = ng_fx1(64 + 2 * i, t);
      f[k++] = ng_fx1(65 + 2 * i, L(st, p));
    }
    if (rich)
      f[k++] = ng_fx1(88 + i, w);
    break;
  }
  }
  return k;
}

/* the word in each place of state ST (-1: none) */
static void places(const state *st, int32_t *pl) {
  uint32_t n = st->s->n;
  int32_t s0 = st->sp >= 1 ? st->stack[st->sp - 1] : -1;
  int32_t b0 = st->b <= n ? (int32_t)st->b : -1;
  pl[K_S0] = s0;
  pl[K_S1] = st->sp >= 2 ? st->stack[st->sp - 2] : -1;
  pl[K_S2] = st->sp >= 3 ? st->stack[st->sp - 3] : -1;
  pl[K_B0] = b0;
  pl[K_B1] = st->b + 1 <= n ? (int32_t)st->b + 1 : -1;
  pl[K_B2] = st->b + 2 <= n ? (int32_t)st->b + 2 : -1;
  pl[K_S0L] = at(st->lmost, s0);
  pl[K_S0R] = at(st->rmost, s0);
  pl[K_B0L] = at(st->lmost, b0);
  pl[K_S0L2] = at(st->lmost2, s0);
  pl[K_S0R2] = at(st->rmost2, s0);
  pl[K_B0L2] = at(st->lmost2, b0);
}

static size_t trans_features(const state *st, uint32_t featset, int skip,
                             uint64_t *f) {
  const ng_syn_sent *s = st->s;
  size_t k = 0;
  int32_t s0 = st->sp >= 1 ? st->stack[st->sp - 1] : -1;
  int32_t s1 = st->sp >= 2 ? st->stack[st->sp - 2] : -1;
  int32_t s2 = st->sp >= 3 ? st->stack[st->sp - 3] : -1;
  int32_t b0 = st->b <= s->n ? (int32_t)st->b : -1;
  int32_t b1 = st->b + 1 <= s->n ? (int32_t)st->b + 1 : -1;
  int32_t b2 = st->b + 2 <= s->n ? (int32_t)st->b + 2 : -1;
  int32_t s0L = at(st->lmost, s0), s0R = at(st->rmost, s0);
  int32_t s1L = at(st->lmost, s1), s1R = at(st->rmost, s1);
  int32_t b0L = at(st->lmost, b0);
  uint64_t s0t = T(st, s0), s1t = T(st, s1), b0t = T(st, b0);
  uint64_t b1t = T(st, b1), b2t = T(st, b2), s2t = T(st, s2);
  uint64_t s0w = W(st, s0), s1w = W(st, s1), b0w = W(st, b0);
  uint64_t s0wt = WT(st, s0), s1wt = WT(st, s1), b0wt = WT(st, b0);
  if (!skip)
    f[k++] = ng_fx1(1, s0w);
  if (!skip)
    f[k++] = ng_fx1(2, s0t);
  if (!skip)
    f[k++] = ng_fx1(3, s0wt);
  if (!skip)
    f[k++] = ng_fx1(4, s1w);
  if (!skip)
    f[k++] = ng_fx1(5, s1t);
  if (!skip)
    f[k++] = ng_fx1(6, s1wt);
  if (!skip)
    f[k++] = ng_fx1(7, b0w);
  if (!skip)
    f[k++] = ng_fx1(8, b0t);
  if (!skip)
    f[k++] = ng_fx1(9, b0wt);
  if (!skip)
    f[k++] = ng_fx1(10, W(st, b1));
  if (!skip)
    f[k++] = ng_fx1(11, b1t);
  if (!skip)
    f[k++] = ng_fx1(12, WT(st, b1));
  if (!skip)
    f[k++] = ng_fx1(13, W(st, b2));
  if (!skip)
    f[k++] = ng_fx1(14, b2t);
  if (!skip)
    f[k++] = ng_fx1(15, s2t);
  f[k++] = ng_fx2(16, s0wt, b0wt);
  f[k++] = ng_fx2(17, s0wt, b0w);
  f[k++] = ng_fx2(18, s0w, b0wt);
  f[k++] = ng_fx2(19, s0wt, b0t);
  f[k++] = ng_fx2(20, s0t, b0wt);
  f[k++] = ng_fx2(21, s0w, b0w);
  f[k++] = ng_fx2(22, s0t, b0t);
  f[k++] = ng_fx2(23, b0t, b1t);
  f[k++] = ng_fx2(24, s1t, s0t);
  f[k++] = ng_fx2(25, s1w, s0w);
  f[k++] = ng_fx2(26, s1wt, s0t);
  f[k++] = ng_fx2(27, s1t, s0wt);
  f[k++] = ng_fx3(28, b0t, b1t, b2t);
  f[k++] = ng_fx3(29, s0t, b0t, b1t);
  f[k++] = ng_fx3(30, s1t, s0t, b0t);
  f[k++] = ng_fx3(31, s0t, T(st, s0L), b0t);
  f[k++] = ng_fx3(32, s0t, T(st, s0R), b0t);
  f[k++] = ng_fx3(33, s0t, b0t, T(st, b0L));
  f[k++] = ng_fx3(34, s1t, T(st, s1R), s0t);
  f[k++] = ng_fx3(35, s1t, s0t, T(st, s0R));
  f[k++] = ng_fx3(36, s1t, T(st, s1L), s0t);
  f[k++] = ng_fx3(37, s2t, s1t, s0t);
  f[k++] = ng_fx3(38, s1t, s0t, T(st, s0L));
  if (featset < NG_PARSER_FEATS_FULL)
    return k;
  uint64_t d = s0 >= 0 && b0 >= 0 ? bucket(b0 - s0) : 15;
  uint64_t d1 = s0 >= 0 && s1 >= 0 ? bucket(s0 - s1) : 15;
  f[k++] = ng_fx2(39, s0w, d);
  f[k++] = ng_fx2(40, s0t, d);
  f[k++] = ng_fx2(41, b0w, d);
  f[k++] = ng_fx2(42, b0t, d);
  f[k++] = ng_fx3(43, s0t, b0t, d);
  f[k++] = ng_fx3(44, s1t, s0t, d1);
  uint64_t s0nr = s0 >= 0 ? st->nright[s0] : 99;
  uint64_t s0nl = s0 >= 0 ? st->nleft[s0] : 99;
  uint64_t b0nl = b0 >= 0 ? st->nleft[b0] : 99;
  f[k++] = ng_fx2(45, s0w, s0nr);
  f[k++] = ng_fx2(46, s0t, s0nr);
  f[k++] = ng_fx2(47, s0w, s0nl);
  f[k++] = ng_fx2(48, s0t, s0nl);
  f[k++] = ng_fx2(49, b0w, b0nl);
  f[k++] = ng_fx2(50, b0t, b0nl);
  f[k++] = ng_fx2(51, s1t, s1 >= 0 ? st->nright[s1] : 99);
  if (!skip)
    f[k++] = ng_fx1(52, W(st, s0L));
  if (!skip)
    f[k++] = ng_fx1(53, T(st, s0L));
  if (!skip)
    f[k++] = ng_fx1(54, L(st, s0L));
  if (!skip)
    f[k++] = ng_fx1(55, W(st, s0R));
  if (!skip)
    f[k++] = ng_fx1(56, T(st, s0R));
  if (!skip)
    f[k++] = ng_fx1(57, L(st, s0R));
  if (!skip)
    f[k++] = ng_fx1(58, W(st, b0L));
  if (!skip)
    f[k++] = ng_fx1(59, T(st, b0L));
  if (!skip)
    f[k++] = ng_fx1(60, L(st, b0L));
  f[k++] = ng_fx2(61, s1t, L(st, s1R));
  f[k++] = ng_fx2(62, s1t, L(st, s1L));
  f[k++] = ng_fx2(63, s0t, L(st, s0L));
  int32_t s0L2 = at(st->lmost2, s0), s0R2 = at(st->rmost2, s0);
  int32_t b0L2 = at(st->lmost2, b0);
  if (!skip)
    f[k++] = ng_fx1(64, T(st, s0L2));
  if (!skip)
    f[k++] = ng_fx1(65, L(st, s0L2));
  if (!skip)
    f[k++] = ng_fx1(66, T(st, s0R2));
  if (!skip)
    f[k++] = ng_fx1(67, L(st, s0R2));
  if (!skip)
    f[k++] = ng_fx1(68, T(st, b0L2));
  if (!skip)
    f[k++] = ng_fx1(69, L(st, b0L2));
  f[k++] = ng_fx3(70, s0t, T(st, s0L), T(st, s0L2));
  f[k++] = ng_fx3(71, s0t, T(st, s0R), T(st, s0R2));
  f[k++] = ng_fx3(72, b0t, T(st, b0L), T(st, b0L2));
  f[k++] = ng_fx3(73, s0w, s1w, b0t);
  f[k++] = ng_fx3(74, s0t, L(st, s0L), L(st, s0R));
  f[k++] = ng_fx3(75, s0w, b0w, W(st, b1));
  if (!skip)
    f[k++] = ng_fx2(76, s0t, s->exact[s0 >= 0 ? s0 : 0]);
  if (!skip)
    f[k++] = ng_fx2(77, b0t, s->exact[b0 >= 0 ? b0 : 0]);
  f[k++] = ng_fx2(78, s1t, b0t);
  f[k++] = ng_fx2(79, s1w, b0w);
  f[k++] = ng_fx2(80, b0w, W(st, b1));
  f[k++] = ng_fx3(81, s1t, s0t, ng_fx2(0, b0t, b1t));
  if (featset < NG_PARSER_FEATS_RICH)
    return k;
  /* Zhang and Nivre (2011): the label sets of s0 and b0, third-order
   * words, distance with word pairs; and the affixes and shapes of s0
   * and b0 for words seen rarely */
  uint64_t s0ls = s0 >= 0 ? st->lset[s0] : 1, s0rs = s0 >= 0 ? st->rset[s0] : 1;
  uint64_t b0ls = b0 >= 0 ? st->lset[b0] : 1;
  f[k++] = ng_fx2(82, s0w, s0rs);
  f[k++] = ng_fx2(83, s0t, s0rs);
  f[k++] = ng_fx2(84, s0w, s0ls);
  f[k++] = ng_fx2(85, s0t, s0ls);
  f[k++] = ng_fx2(86, b0w, b0ls);
  f[k++] = ng_fx2(87, b0t, b0ls);
  if (!skip)
    f[k++] = ng_fx1(88, W(st, s0L2));
  if (!skip)
    f[k++] = ng_fx1(89, W(st, s0R2));
  if (!skip)
    f[k++] = ng_fx1(90, W(st, b0L2));
  f[k++] = ng_fx3(91, s0w, b0w, d);
  f[k++] = ng_fx3(92, s0t, b0w, d);
  f[k++] = ng_fx3(93, s0w, b0t, d);
  if (!skip)
    f[k++] = ng_fx2(94, b0t, s->suf[2][b0 >= 0 ? b0 : 0]);
  if (!skip)
    f[k++] = ng_fx2(95, s0t, s->suf[2][s0 >= 0 ? s0 : 0]);
  f[k++] = ng_fx3(96, s0t, b0t, s->shape[b0 >= 0 ? b0 : 0]);
  f[k++] = ng_fx3(97, s1t, s0t, b1t);
  f[k++] = ng_fx3(98, s0t, L(st, s0L), L(st, s0L2));
  f[k++] = ng_fx3(99, s0t, L(st, s0R), L(st, s0R2));
  f[k++] = ng_fx3(100, b0t, L(st, b0L), L(st, b0L2));
  return k;
}

/* the features of the arc HEAD -> DEP about to be made */
static size_t label_features(const state *st, int32_t h, int32_t d,
                             uint64_t *f) {
  const ng_syn_sent *s = st->s;
  size_t k = 0;
  uint64_t dw = W(st, d), dt = T(st, d), hw = W(st, h), ht = T(st, h);
  uint64_t dir = d < h ? 1 : 2, dist = bucket(d - h);
  int32_t dL = st->lmost[d], dR = st->rmost[d];
  int32_t hL = st->lmost[h], hR = st->rmost[h];
  uint64_t pt = d > 1 ? T(st, d - 1) : NONE_T;
  uint64_t nt = (uint32_t)d < s->n ? T(st, d + 1) : NONE_T;
  f[k++] = ng_fx1(1, 0);
  f[k++] = ng_fx1(2, dw);
  f[k++] = ng_fx1(3, dt);
  f[k++] = ng_fx2(4, dw, dt);
  f[k++] = ng_fx1(5, hw);
  f[k++] = ng_fx1(6, ht);
  f[k++] = ng_fx2(7, hw, ht);
  f[k++] = ng_fx2(8, ht, dt);
  f[k++] = ng_fx2(9, hw, dt);
  f[k++] = ng_fx2(10, ht, dw);
  f[k++] = ng_fx2(11, hw, dw);
  f[k++] = ng_fx3(12, dir * 16 + dist, ht, dt);
  f[k++] = ng_fx2(13, dir, dt);
  f[k++] = ng_fx3(14, dir, ht, dt);
  f[k++] = ng_fx2(15, dt, L(st, dL));
  f[k++] = ng_fx2(16, dt, W(st, dL));
  f[k++] = ng_fx2(17, dt, L(st, dR));
  f[k++] = ng_fx2(18, dt, W(st, dR));
  f[k++] = ng_fx3(19, dt, L(st, dL), L(st, dR));
  f[k++] = ng_fx2(20, dt, L(st, st->lmost2[d]));
  f[k++] = ng_fx2(21, dt, L(st, st->rmost2[d]));
  f[k++] = ng_fx3(22, ht, dir, L(st, hL));
  f[k++] = ng_fx3(23, ht, dir, L(st, hR));
  f[k++] = ng_fx3(24, ht, dt, L(st, hL));
  f[k++] = ng_fx3(25, ht, dir, L(st, st->lmost2[h]));
  f[k++] = ng_fx2(26, dt, pt);
  f[k++] = ng_fx2(27, dt, nt);
  f[k++] = ng_fx3(28, dt, pt, ht);
  f[k++] = ng_fx3(29, dt, nt, ht);
  f[k++] = ng_fx2(30, ht, h > 1 ? T(st, h - 1) : NONE_T);
  f[k++] = ng_fx2(31, ht, (uint32_t)h < s->n ? T(st, h + 1) : NONE_T);
  f[k++] = ng_fx3(32, W(st, dL), ht, dt);
  f[k++] = ng_fx2(33, s->suf[2][d], dt);
  f[k++] = ng_fx2(34, s->exact[d], ht);
  f[k++] = ng_fx3(35, dt, st->nleft[d], st->nright[d]);
  f[k++] = ng_fx3(36, T(st, dL), ht, dt);
  f[k++] = ng_fx2(37, hw, W(st, dL));
  f[k++] = ng_fx3(38, s->shape[d], ht, dt);
  f[k++] = ng_fx3(39, ht, dt, s->head[h] < 0 ? 0 : 1);
  return k;
}

static void attach(state *st, int32_t h, int32_t d, uint16_t label) {
  ng_syn_sent *s = st->s;
  s->head[d] = h;
  s->label[d] = label;
  if (d < h) {
    st->lmost2[h] = st->lmost[h];
    st->lmost[h] = d;
    st->nleft[h]++;
    st->lset[h] |= 1ULL << (label & 63);
  } else {
    st->rset[h] |= 1ULL << (label & 63);
    st->rmost2[h] = st->rmost[h];
    st->rmost[h] = d;
    st->nright[h]++;
  }
}

/* applies MOVE; the head and dependent of the arc made go to *H, *D */
static void apply(state *st, int move, int32_t *h, int32_t *d) {
  *h = *d = -1;
  switch (move) {
  case SHIFT:
    st->stack[st->sp++] = (int32_t)st->b++;
    break;
  case LEFT:
    *d = st->stack[--st->sp];
    *h = (int32_t)st->b;
    break;
  case RIGHT:
    *d = st->stack[--st->sp];
    *h = st->stack[st->sp - 1];
    break;
  default:
    break;
  }
}

static uint16_t best_label(const ng_parser *p, const int32_t *scores) {
  /* the first best relation but the root's, without a branch a class */
  uint32_t best = p->root_label == 0 ? 1 : 0;
  int32_t top = scores[best];
  for (uint32_t c = 0; c < p->label.nclass; c++) {
    int gt = c != p->root_label && scores[c] > top;
    top = gt ? scores[c] : top;
    best = gt ? c : best;
  }
  return (uint16_t)best;
}

/* the summed transition weights of each word in each place, while a
 * sentence is parsed (index: the word + 1, so 0 is "none") */
typedef struct tokcache {
  int32_t v[NKINDS][MAXN + 1][NMOVES];
  uint8_t ok[NKINDS][MAXN + 1];
} tokcache;

typedef struct parse_work {
  state st;
  tokcache tc;
} parse_work;

void ng_parser_parse(const ng_parser *p, ng_syn_sent *s) {
  parse_work *pw = malloc(sizeof *pw);
  if (!pw) {
    /* no memory for the state: a flat, documented fallback */
    for (uint32_t i = 1; i <= s->n; i++) {
      s->head[i] = i == 1 ? 0 : 1;
      s->label[i] = p->root_label;
    }
    return;
  }
  state *st = &pw->st;
  tokcache *tc = &pw->tc;
  state_init(st, s);
  for (int kind = 0; kind < NKINDS; kind++)
    memset(tc->ok[kind], 0, s->n + 2);
  uint64_t feats[NG_PARSER_MAX_FEATS];
  uint64_t tf[NKINDS][8];
  size_t tn[NKINDS];
  int32_t pl[NKINDS];
  int32_t scores[NG_SYNTAX_MAX_LABELS];
  while (!done(st)) {
    /* the places' words not seen there before: their features asked
     * for first, scored after the rest */
    places(st, pl);
    for (int kind = 0; kind < NKINDS; kind++) {
      tn[kind] = 0;
      if (!tc->ok[kind][pl[kind] + 1]) {
        tn[kind] = tok_features(st, p->featset, kind, pl[kind], tf[kind]);
        ng_wtable_prefetch(&p->trans, tf[kind], tn[kind]);
      }
    }
    size_t nf = trans_features(st, p->featset, 1, feats);
    int32_t ms[NMOVES] = {0, 0, 0};
    ng_wtable_score(&p->trans, feats, nf, ms);
    for (int kind = 0; kind < NKINDS; kind++) {
      int32_t *v = tc->v[kind][pl[kind] + 1];
      if (!tc->ok[kind][pl[kind] + 1]) {
        v[0] = v[1] = v[2] = 0;
        ng_wtable_score(&p->trans, tf[kind], tn[kind], v);
        tc->ok[kind][pl[kind] + 1] = 1;
      }
      for (int m = 0; m < NMOVES; m++)
        ms[m] += v[m];
    }
    int move = -1;
    for (int m = 0; m < NMOVES; m++)
      if (valid(st, m) && (move < 0 || ms[m] > ms[move]))
        move = m;
    int32_t h, d;
    apply(st, move, &h, &d);
    if (d < 0)
      continue;
    uint16_t lab = p->root_label;
    if (h != 0) {
      nf = label_features(st, h, d, feats);
      memset(scores, 0, p->label.nclass * sizeof *scores);
      ng_wtable_score(&p->label, feats, nf, scores);
      lab = best_label(p, scores);
    }
    attach(st, h, d, lab);
  }
  free(pw);
}

/* ---- training ---- */

/* the gold arcs MOVE would make unreachable (Goldberg and Nivre 2013) */
static int cost(const state *st, const int32_t *gh, int move) {
  uint32_t n = st->s->n;
  int32_t s0 = st->stack[st->sp - 1];
  int c = 0;
  switch (move) {
  case SHIFT: {
    int32_t b = (int32_t)st->b;
    for (uint32_t k = 0; k < st->sp; k++) {
      int32_t x = st->stack[k];
      if (gh[x] == b)
        c++;
      if (k + 1 < st->sp && gh[b] == x)
        c++;
    }
    return c;
  }
  case LEFT:
  case RIGHT: {
    int32_t s1 = st->stack[st->sp - 2];
    if (move == LEFT)
      c += gh[s0] == s1 || gh[s0] > (int32_t)st->b;
    else
      c += gh[s0] >= (int32_t)st->b;
    for (uint32_t k = st->b; k <= n; k++)
      if (gh[k] == s0)
        c++;
    return c;
  }
  default:
    return 1000;
  }
}

ng_status ng_parser_train(const ng_syn_corpus *c, const ng_parser_config *cfg,
                          ng_buf *trans_out, ng_buf *label_out) {
  ng_parser model = {.featset = cfg->featset};
  int root = -1;
  for (uint32_t l = 0; l < c->nlabels; l++)
    if (!strcmp(c->label_name[l], "root"))
      root = (int)l;
  if (root < 0 || c->nlabels < 2)
    return NG_ERR_DATA;
  model.root_label = (uint16_t)root;
  ng_wtrain *tt = ng_wtrain_new(NMOVES);
  ng_wtrain *lt = ng_wtrain_new(c->nlabels);
  size_t *order = malloc((c->n ? c->n : 1) * sizeof *order);
  float *scores = malloc(c->nlabels * sizeof *scores);
  state *st = malloc(sizeof *st);
  ng_status rc = tt && lt && order && scores && st ? NG_OK : NG_ERR_NOMEM;
  for (size_t i = 0; i < c->n && !rc; i++)
    order[i] = i;
  uint64_t seed = 0x7061727365720001ULL;
  double tclock = 1, lclock = 1;
  uint64_t feats[NG_PARSER_MAX_FEATS];
  for (int e = 0; e < cfg->epochs && !rc; e++) {
    for (size_t i = c->n; i > 1; i--) {
      size_t j = (size_t)(ng_syn_rand(&seed) % i);
      size_t x = order[i - 1];
      order[i - 1] = order[j];
      order[j] = x;
    }
    for (size_t k = 0; k < c->n && !rc; k++) {
      ng_syn_sent *s = &c->sent[order[k]];
      const ng_syn_gold *g = &c->gold[order[k]];
      state_init(st, s);
      while (!done(st) && !rc) {
        size_t nf = trans_features(st, cfg->featset, 0, feats);
        float ms[NMOVES] = {0, 0, 0};
        ng_wtrain_score(tt, feats, nf, ms);
        int costs[NMOVES], mincost = 1 << 30;
        for (int m = 0; m < NMOVES; m++) {
          costs[m] = valid(st, m) ? cost(st, g->phead, m) : 1 << 30;
          if (costs[m] < mincost)
            mincost = costs[m];
        }
        int pred = -1, best = -1;
        for (int m = 0; m < NMOVES; m++) {
          if (costs[m] >= 1 << 30)
            continue;
          if (pred < 0 || ms[m] > ms[pred])
            pred = m;
          if (costs[m] == mincost && (best < 0 || ms[m] > ms[best]))
            best = m;
        }
        if (costs[pred] > mincost) {
          rc = ng_wtrain_update(tt, feats, nf, (uint32_t)best, 1, tclock);
          if (!rc)
            rc = ng_wtrain_update(tt, feats, nf, (uint32_t)pred, -1, tclock);
        }
        tclock++;
        int move = best;
        if (cfg->explore && e >= 1 && costs[pred] > mincost &&
            ng_syn_rand(&seed) % 10 < 9)
          move = pred;
        int32_t h, d;
        apply(st, move, &h, &d);
        if (d < 0)
          continue;
        uint16_t lab = model.root_label;
        if (h != 0) {
          nf = label_features(st, h, d, feats);
          memset(scores, 0, c->nlabels * sizeof *scores);
          ng_wtrain_score(lt, feats, nf, scores);
          uint32_t lp = model.root_label == 0 ? 1 : 0;
          for (uint32_t l = 0; l < c->nlabels; l++)
            if (l != model.root_label && scores[l] > scores[lp])
              lp = l;
          lab = (uint16_t)lp;
          if (g->phead[d] == h) {
            uint16_t gl = g->label[d];
            if (gl != lp && gl != model.root_label) {
              rc = ng_wtrain_update(lt, feats, nf, gl, 1, lclock);
              if (!rc)
                rc = ng_wtrain_update(lt, feats, nf, lp, -1, lclock);
            }
            lab = gl;
            lclock++;
          }
        }
        attach(st, h, d, lab);
      }
    }
  }
  if (!rc)
    rc = ng_wtrain_write(tt, tclock, cfg->prune, trans_out, NULL);
  if (!rc)
    rc = ng_wtrain_write(lt, lclock, cfg->prune, label_out, NULL);
  ng_wtrain_free(tt);
  ng_wtrain_free(lt);
  free(order);
  free(scores);
  free(st);
  return rc;
}
