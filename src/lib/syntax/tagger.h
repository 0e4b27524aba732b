/* tagger.h - part-of-speech tagger: a greedy left-to-right averaged
 * perceptron over word, affix, shape and context features, predicting
 * UPOS and XPOS together (one joint tag: "PRON PRP"). */
#ifndef NG_SYNTAX_TAGGER_H
#define NG_SYNTAX_TAGGER_H

#include "syntax/corpus.h"
#include "syntax/sent.h"
#include "syntax/weights.h"

#define NG_TAGGER_MAX_FEATS 40

/* The features of word I of S, given the tags of the words before it
 * and, in the second pass, RIGHT: the first pass's tags of the words
 * after it (NULL in the first pass); returns their number (at most
 * NG_TAGGER_MAX_FEATS). */
size_t ng_tagger_features(const ng_syn_sent *s, uint32_t i,
                          const uint16_t *right, uint64_t *out);

/* One pass over S with weights W: RIGHT as in ng_tagger_features(). */
void ng_tagger_pass(const ng_wtable *w, ng_syn_sent *s,
                    const uint16_t *right);

/* Tags every word of S with the first pass's weights W1 and, when W2 is
 * not NULL, again with the second pass's (which sees the first pass's
 * tags to the right); SCRATCH holds n + 1 tags. */
void ng_tagger_tag(const ng_wtable *w1, const ng_wtable *w2, ng_syn_sent *s,
                   uint16_t *scratch);

/* Trains on corpus C for EPOCHS passes (sentences shuffled with a fixed
 * seed) and appends the frozen table to OUT.  RIGHT (NULL for the first
 * pass) gives for each sentence of C the first pass's tags, as predicted
 * by taggers that did not see it.  Deterministic. */
ng_status ng_tagger_train(const ng_syn_corpus *c, int epochs, float prune,
                          uint16_t *const *right, ng_buf *out, size_t *rows);

#endif /* NG_SYNTAX_TAGGER_H */
