/* phrase.c - multi-word phrase tables (see phrase.h). */
#include <stdlib.h>

#include "phrase.h"

void ng_phrases_init(ng_phrases *p) {
  ng_map_init(&p->map);
  p->max_tokens = 0;
  p->n_phrases = 0;
  memset(&p->scratch, 0, sizeof p->scratch);
  ng_arena_init(&p->scratch_keys, 0);
  p->first = NULL;
}



void ng_phrases_free(ng_phrases *p) {
  if (!p)
    return;
  ng_map_free(&p->map);
  ng_vec_free(&p->scratch);
  ng_arena_free(&p->scratch_keys);
  free(p->first);
  p->first = NULL;
}

/* Appends the key of token T to BUF (with a separating space). */
static int join(char *buf, size_t *len, size_t cap, const ng_token *t) {
  size_t need = t->key_len + (*len ? 1 : 0);
  if (*len + need + 1 > cap)
    return -1;
  if (*len)
    buf[(*len)++] = ' ';
  memcpy(buf + *len, t->key, t->key_len);
  *len += t->key_len;
  buf[*len] = '\0';
  return 0;
}

/* Stores the key BUF (LEN bytes, hash H before its final step) of the
 * first NTOK tokens of a phrase: a prefix, and when LAST the phrase
 * itself with PAYLOAD. */
static ng_status add_key(ng_phrases *p, ng_arena *arena, const char *buf,
                         size_t len, uint32_t h, uint8_t ntok, int last,
                         void *payload) {
  if (!p->first) {
    p->first = calloc(NG_PHRASE_FILTER_BITS / 64, sizeof(uint64_t));
    if (!p->first)
      return NG_ERR_NOMEM;
  }
  if (ntok == 1) {
    uint32_t b = ng_phrases_filter_bit(ng_hash32_final(h));
    p->first[b / 64] |= (uint64_t)1 << (b % 64);
  }
  ng_map_entry *e =
      ng_map_slot_h(&p->map, arena, buf, len, ng_hash32_final(h));
  if (!e)
    return NG_ERR_NOMEM;
  ng_phrase_node *node = e->value;
  if (!node) {
    node = ng_arena_alloc(arena, sizeof *node);
    if (!node)
      return NG_ERR_NOMEM;
    node->vals = NULL;
    node->ntok = ntok;
    e->value = node;
  }
  if (!last)
    return NG_OK;
  /* skip a payload already there (the same alias listed twice) */
  ng_phrase_val **pp = &node->vals;
  for (; *pp; pp = &(*pp)->next)
    if ((*pp)->payload == payload)
      return NG_OK;
  ng_phrase_val *v = ng_arena_alloc(arena, sizeof *v);
  if (!v)
    return NG_ERR_NOMEM;
  v->payload = payload;
  v->next = NULL; /* keep insertion order: append */
  *pp = v;
  p->n_phrases++;
  if (ntok > p->max_tokens)
    p->max_tokens = ntok;
  return NG_OK;
}

ng_status ng_phrases_add(ng_phrases *p, ng_arena *arena, const ng_token *toks,
                         size_t n, void *payload) {
  char buf[512];
  size_t len = 0;
  uint8_t ntok = 0;
  size_t last = n;
  /* the last non-hyphen token */
  while (last > 0 && (toks[last - 1].flags & NG_TF_HYPHEN))
    last--;
  if (last == 0)
    return NG_ERR_ARG;
  uint32_t h = NG_HASH32_INIT;
  for (size_t i = 0; i < last; i++) {
    if (toks[i].flags & NG_TF_HYPHEN)
      continue;
    size_t before = len;
    if (ntok >= NG_PHRASE_MAX_TOKENS || join(buf, &len, sizeof buf, &toks[i]))
      return NG_ERR_LIMIT;
    ntok++;
    h = ng_hash32_more(h, buf + before, len - before);
    ng_status st =
        add_key(p, arena, buf, len, h, ntok, i + 1 == last, payload);
    if (st)
      return st;
  }
  return NG_OK;
}

/* The phrase of the N keys joined in BUF (ENDS: the end of each), as
 * ng_phrases_add stores the tokens they come from: the same prefixes in
 * the same order, the same limits. */
static ng_status add_keys(ng_phrases *p, ng_arena *arena, const char *buf,
                          const uint16_t *ends, size_t n, void *payload) {
  /* the hashes of every prefix first, their slots fetched meanwhile */
  uint32_t hs[NG_PHRASE_MAX_TOKENS];
  size_t m = NG_MIN(n, (size_t)NG_PHRASE_MAX_TOKENS);
  uint32_t h = NG_HASH32_INIT;
  for (size_t k = 0, before = 0; k < m; before = ends[k++]) {
    h = ng_hash32_more(h, buf + before, ends[k] - before);
    hs[k] = h;
    ng_map_prefetch(&p->map, ng_hash32_final(h));
  }
  for (size_t k = 0; k < n; k++) {
    if (k >= NG_PHRASE_MAX_TOKENS)
      return NG_ERR_LIMIT;
    ng_status st = add_key(p, arena, buf, ends[k], hs[k], (uint8_t)(k + 1),
                           k + 1 == n, payload);
    if (st)
      return st;
  }
  return NG_OK;
}

void ng_phrases_prefetch_text(const ng_phrases *p, const char *text,
                              size_t len) {
  char buf[NG_TOKENIZE_SIMPLE_MAX + 1];
  uint16_t ends[NG_TOKENIZE_SIMPLE_MAX / 2 + 1];
  int nk = ng_tokenize_simple_keys(text, len, buf, ends);
  uint32_t h = NG_HASH32_INIT;
  for (int k = 0, before = 0; k < nk && k < NG_PHRASE_MAX_TOKENS;
       before = ends[k++]) {
    h = ng_hash32_more(h, buf + before, (size_t)(ends[k] - before));
    ng_map_prefetch(&p->map, ng_hash32_final(h));
  }
}

ng_status ng_phrases_add_text(ng_phrases *p, ng_arena *arena,
                              const ng_lexicon *lex, const char *text,
                              size_t len, void *payload) {
  /* most dictionary entries: their keys without the tokens */
  char buf[NG_TOKENIZE_SIMPLE_MAX + 1];
  uint16_t ends[NG_TOKENIZE_SIMPLE_MAX / 2 + 1];
  int nk = ng_tokenize_simple_keys(text, len, buf, ends);
  if (nk == 0)
    return NG_ERR_ARG;
  if (nk > NG_PHRASE_TEXT_MAX_TOKENS)
    return NG_ERR_LIMIT; /* as ng_tokenize's limit: nothing added */
  if (nk > 0)
    return add_keys(p, arena, buf, ends, (size_t)nk, payload);
  /* one token vector and key arena for every phrase of the table (the
   * map keeps its own copy of the joined keys) */
  p->scratch.n = 0;
  ng_arena_reset(&p->scratch_keys);
  ng_status st = ng_tokenize(lex, text, len, &p->scratch_keys, &p->scratch,
                             NG_PHRASE_TEXT_MAX_TOKENS);
  if (!st && p->scratch.n == 0)
    st = NG_ERR_ARG;
  if (!st)
    st = ng_phrases_add(p, arena, p->scratch.items, p->scratch.n, payload);
  return st;
}

/* Most tokens start no phrase (ng_phrases_match tests the filter first);
 * the first look-up uses the token's own key and hash, so no key is
 * joined or hashed for a first token alone.  Longer keys are
 * hashed piece by piece as they grow (FNV-1a runs on). */
size_t ng_phrases_match_at(const ng_phrases *p, const ng_token *toks,
                           size_t n, size_t i, ng_phrase_match *out,
                           size_t max) {
  if (!p->map.n || i >= n || (toks[i].flags & NG_TF_HYPHEN))
    return 0;
  const ng_token *t0 = &toks[i];
  const ng_phrase_node *node =
      ng_map_get_h(&p->map, t0->key, t0->key_len, t0->hash);
  if (!node)
    return 0;
  char buf[512];
  size_t len = 0, found = 0;
  ng_phrase_match tmp[NG_PHRASE_MAX_TOKENS];
  if (join(buf, &len, sizeof buf, t0))
    return 0;
  uint32_t h = ng_hash32_more(NG_HASH32_INIT, t0->key, t0->key_len);
  if (node->vals) {
    tmp[found].node = node;
    tmp[found].end = (uint32_t)(i + 1);
    found++;
  }
  uint32_t sent = t0->sent;
  uint8_t ntok = 1;
  for (size_t j = i + 1; j < n && ntok < p->max_tokens; j++) {
    if (toks[j].sent != sent)
      break;
    if (toks[j].flags & NG_TF_HYPHEN) {
      /* a hyphen joins only when a word follows directly */
      continue;
    }
    size_t before = len;
    if (join(buf, &len, sizeof buf, &toks[j]))
      break;
    ntok++;
    h = ng_hash32_more(h, buf + before, len - before);
    node = ng_map_get_h(&p->map, buf, len, ng_hash32_final(h));
    if (!node)
      break;
    if (node->vals && found < NG_PHRASE_MAX_TOKENS) {
      tmp[found].node = node;
      tmp[found].end = (uint32_t)(j + 1);
      found++;
    }
  }
  size_t k = 0;
  while (found > 0 && k < max)
    out[k++] = tmp[--found];
  return k;
}

const ng_phrase_node *ng_phrases_get(const ng_phrases *p, const char *key,
                                     size_t len) {
  const ng_phrase_node *node = ng_map_get(&p->map, key, len);
  return node && node->vals ? node : NULL;
}
