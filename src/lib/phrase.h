/* phrase.h - tables of multi-word phrases matched against tokens.
 *
 * A phrase is stored under the keys of its tokens joined by spaces, with
 * joining hyphens left out ("al-Sudani" and "al Sudani" are one phrase).
 * Every proper prefix is stored too, so a scan stops as soon as no phrase
 * can continue: matching at a token costs one or two hash lookups. */
#ifndef NG_PHRASE_H
#define NG_PHRASE_H

#include "doc.h"

#define NG_PHRASE_MAX_TOKENS 12

typedef struct ng_phrase_val {
  struct ng_phrase_val *next;
  void *payload;
} ng_phrase_val;

typedef struct ng_phrase_node {
  ng_phrase_val *vals; /* NULL for a pure prefix */
  uint8_t ntok;        /* tokens in the phrase (hyphens not counted) */
} ng_phrase_node;

/* Bits of a filter over the hashes of the phrases' first tokens: most
 * tokens start no phrase, and a bit test answers that without touching
 * the (large, cache-cold) map. */
#define NG_PHRASE_FILTER_BITS 65536u

typedef struct ng_phrases {
  ng_map map;
  uint64_t *first; /* NG_PHRASE_FILTER_BITS bits, or NULL when empty */
  uint8_t max_tokens;
  size_t n_phrases;
  ng_vec scratch; /* tokens of the phrase being added (loading only) */
  ng_arena scratch_keys; /* their keys */
} ng_phrases;

typedef struct ng_phrase_match {
  const ng_phrase_node *node;
  uint32_t end; /* token index just past the match */
} ng_phrase_match;

void ng_phrases_init(ng_phrases *p);
void ng_phrases_free(ng_phrases *p);

/* Adds PAYLOAD under the phrase made of the N tokens at TOKS (hyphen
 * tokens skipped).  Phrases longer than NG_PHRASE_MAX_TOKENS are refused
 * with NG_ERR_LIMIT.  Nodes and keys live in ARENA. */
ng_status ng_phrases_add(ng_phrases *p, ng_arena *arena, const ng_token *toks,
                         size_t n, void *payload);

/* Adds PAYLOAD under the phrase TEXT, tokenized with LEX (NG_ERR_LIMIT
 * past NG_PHRASE_TEXT_MAX_TOKENS tokens, nothing added). */
#define NG_PHRASE_TEXT_MAX_TOKENS 64
ng_status ng_phrases_add_text(ng_phrases *p, ng_arena *arena,
                              const ng_lexicon *lex, const char *text,
                              size_t len, void *payload);

/* Asks the cache for the slots ng_phrases_add_text will fill for TEXT
 * (simple text only): called well before it, the loading of a large
 * table waits less on memory. */
void ng_phrases_prefetch_text(const ng_phrases *p, const char *text,
                              size_t len);

/* Every phrase that starts at token I (of N), longest first, into OUT
 * (at most MAX); returns how many.  Tokens of another sentence never
 * join.  Call ng_phrases_match (below), which tests the first-token
 * filter first; ng_phrases_match_at is the look-up behind it. */
size_t ng_phrases_match_at(const ng_phrases *p, const ng_token *toks,
                           size_t n, size_t i, ng_phrase_match *out,
                           size_t max);

/* The bit of the first-token filter for a token hash H (the map uses the
 * low bits; the filter mixes in the high ones). */
static inline uint32_t ng_phrases_filter_bit(uint32_t h) {
  return (h ^ (h >> 16)) & (NG_PHRASE_FILTER_BITS - 1);
}

/* Most calls end at the first-token filter, here without a call. */
static inline size_t ng_phrases_match(const ng_phrases *p,
                                      const ng_token *toks, size_t n,
                                      size_t i, ng_phrase_match *out,
                                      size_t max) {
  if (!p->map.n || i >= n)
    return 0;
  uint32_t bit = ng_phrases_filter_bit(toks[i].hash);
  if (!(p->first[bit / 64] & ((uint64_t)1 << (bit % 64))))
    return 0;
  return ng_phrases_match_at(p, toks, n, i, out, max);
}

/* The node of exactly the phrase KEY (joined keys), or NULL. */
const ng_phrase_node *ng_phrases_get(const ng_phrases *p, const char *key,
                                     size_t len);

/* Tokenizes TEXT with LEX into TOKS (a scratch vector the caller frees). */
ng_status ng_tokenize(const ng_lexicon *lex, const char *text, size_t len,
                      ng_arena *arena, ng_vec *toks, size_t max);

/* 1 when TEXT is at most NG_TOKENIZE_SIMPLE_MAX bytes of ASCII letters,
 * digits and spaces: ng_tokenize makes a token of each run of letters
 * and digits, its key the run in lower case (most dictionary entries). */
#define NG_TOKENIZE_SIMPLE_MAX 256
int ng_tokenize_is_simple(const char *text, size_t len);

/* The keys of the tokens of simple TEXT without the tokens: joined by
 * single spaces into BUF (NG_TOKENIZE_SIMPLE_MAX + 1 bytes), the end of
 * each in BUF into ENDS (NG_TOKENIZE_SIMPLE_MAX / 2 + 1 of them); the
 * number of tokens, or -1 when TEXT is not simple. */
int ng_tokenize_simple_keys(const char *text, size_t len, char *buf,
                            uint16_t *ends);

#endif /* NG_PHRASE_H */
