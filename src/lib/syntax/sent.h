/* sent.h - one sentence as the tagger, lemmatiser and parser see it:
 * words 1..n (index 0 is the root), the atoms their features are made
 * of, and the annotations each stage adds. */
#ifndef NG_SYNTAX_SENT_H
#define NG_SYNTAX_SENT_H

#include <stdint.h>

#include "newsgraph/newsgraph.h"
#include "util.h"

/* Words a sentence may have in the tagger and parser; a longer one is
 * parsed in pieces of this many words (ng_syntax_parse_words). */
#define NG_SYNTAX_MAX_WORDS 512u

typedef struct ng_syn_sent {
  uint32_t n;
  const char **form; /* borrowed */
  uint32_t *len;
  uint64_t *word;    /* hash of the form in lower case */
  uint64_t *exact;   /* hash of the form as written */
  uint64_t *shape;   /* hash of the shape ("Xxx", "dd.dd") */
  uint64_t *pre[3];  /* hashes of the first 1..3 bytes, lower case */
  uint64_t *suf[4];  /* hashes of the last 1..4 bytes, lower case */
  uint16_t *tag;     /* joint UPOS+XPOS tag number */
  int32_t *head;     /* 0 = the root; -1 none yet */
  uint16_t *label;   /* dependency relation number */
  const char **lemma;
} ng_syn_sent;

/* Fills S for the N words FORM[0..n-1] (lengths LEN), everything from
 * ARENA (a scratch arena the caller resets); forms are borrowed.
 * NG_ERR_NOMEM; NG_ERR_LIMIT past NG_SYNTAX_MAX_WORDS. */
ng_status ng_syn_sent_init(ng_syn_sent *s, ng_arena *arena, uint32_t n,
                           const char *const *form, const uint32_t *len);

/* Deterministic pseudo-random numbers for training (splitmix64). */
static inline uint64_t ng_syn_rand(uint64_t *state) {
  uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

#endif /* NG_SYNTAX_SENT_H */
