/* lemma.h - lemmatiser: the treebank's own lemma of a word with its tag
 * when the training data had the pair (a lookup table, kept in the model
 * file as text), otherwise the edit most often seen for words of that
 * tag ending the same way (learned suffix rules: lower-case or not,
 * strip some bytes, append some). */
#ifndef NG_SYNTAX_LEMMA_H
#define NG_SYNTAX_LEMMA_H

#include "syntax/corpus.h"
#include "util.h"

typedef struct ng_lemmatiser {
  ng_arena arena;
  ng_map table; /* "tag\tform" -> lemma */
  ng_map rules; /* "tag\tsuffix" -> rule */
} ng_lemmatiser;

/* Appends the lookup table and the rules learned from C, as text, to
 * TABLE and RULES.  Deterministic. */
ng_status ng_lemma_train(const ng_syn_corpus *c, ng_buf *table,
                         ng_buf *rules);

/* Builds L from the texts written by ng_lemma_train (borrowed for the
 * call).  NG_ERR_DATA when malformed.  Free with ng_lemma_free(). */
ng_status ng_lemma_load(ng_lemmatiser *l, const char *table, size_t tlen,
                        const char *rules, size_t rlen);
void ng_lemma_free(ng_lemmatiser *l);

/* The lemma of FORM (LEN bytes) tagged TAG: static, in L, or made in
 * SCRATCH; never NULL ("_" when out of memory). */
const char *ng_lemma_of(const ng_lemmatiser *l, uint32_t tag,
                        const char *form, size_t len, ng_arena *scratch);

#endif /* NG_SYNTAX_LEMMA_H */
