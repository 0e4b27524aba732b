/* sent.c - the per-word atoms of the syntax stage's features. */
#include "syntax/sent.h"

#include <string.h>

static char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static char shape_class(char c) {
  if (c >= 'A' && c <= 'Z')
    return 'X';
  if (c >= 'a' && c <= 'z')
    return 'x';
  if (c >= '0' && c <= '9')
    return 'd';
  if ((unsigned char)c >= 0x80)
    return 'u';
  return c;
}

#define ALLOC(p, n)                                                     \
  do {                                                                  \
    (p) = ng_arena_alloc(arena, (size_t)(n) * sizeof *(p));             \
    if (!(p))                                                           \
      return NG_ERR_NOMEM;                                              \
    memset((p), 0, (size_t)(n) * sizeof *(p));                          \
  } while (0)

ng_status ng_syn_sent_init(ng_syn_sent *s, ng_arena *arena, uint32_t n,
                           const char *const *form, const uint32_t *len) {
  memset(s, 0, sizeof *s);
  if (n > NG_SYNTAX_MAX_WORDS)
    return NG_ERR_LIMIT;
  s->n = n;
  uint32_t m = n + 1;
  ALLOC(s->form, m);
  ALLOC(s->len, m);
  ALLOC(s->word, m);
  ALLOC(s->exact, m);
  ALLOC(s->shape, m);
  for (int k = 0; k < 3; k++)
    ALLOC(s->pre[k], m);
  for (int k = 0; k < 4; k++)
    ALLOC(s->suf[k], m);
  ALLOC(s->tag, m);
  ALLOC(s->head, m);
  ALLOC(s->label, m);
  ALLOC(s->lemma, m);
  s->form[0] = "";
  s->word[0] = 0x726f6f74ULL; /* the root */
  s->exact[0] = s->shape[0] = s->word[0];
  s->head[0] = -1;
  char low[64], shp[64];
  for (uint32_t i = 1; i <= n; i++) {
    const char *f = form[i - 1];
    uint32_t l = len[i - 1];
    s->form[i] = f;
    s->len[i] = l;
    s->head[i] = -1;
    s->exact[i] = ng_hash64(f, l);
    uint64_t h = NG_HASH64_INIT;
    size_t sn = 0;
    char prev = 0;
    int run = 0;
    for (uint32_t k = 0; k < l; k++) {
      char c = lower(f[k]);
      h = ng_hash64_more(h, &c, 1);
      if (k < sizeof low)
        low[k] = c;
      char sc = shape_class(f[k]);
      run = sc == prev ? run + 1 : 1;
      prev = sc;
      if (run <= 2 && sn < sizeof shp)
        shp[sn++] = sc;
    }
    s->word[i] = h;
    s->shape[i] = ng_hash64(shp, sn);
    uint32_t ln = l < sizeof low ? l : (uint32_t)sizeof low;
    for (uint32_t k = 0; k < 3; k++)
      s->pre[k][i] = ng_hash64(low, k + 1 < ln ? k + 1 : ln);
    for (uint32_t k = 0; k < 4; k++) {
      /* the last k+1 bytes of the lower-cased form (of its first 64) */
      uint32_t take = k + 1 < ln ? k + 1 : ln;
      s->suf[k][i] = ng_hash64(low + ln - take, take) + k;
    }
  }
  return NG_OK;
}
