/* parser.h - greedy arc-hybrid dependency parser.
 *
 * Transitions SHIFT, LEFT (the stack's top takes the buffer's first word
 * as its head) and RIGHT (it takes the word below it), the root at the
 * bottom of the stack and attached last, so each sentence gets one root.
 * An averaged perceptron over hashed features of the stack, the buffer
 * and the arcs built so far picks the transition; a second one, the
 * labeller, names each arc when it is made (the dependent's subtree is
 * complete then).  Trained with Goldberg and Nivre's dynamic oracle for
 * arc-hybrid on trees made projective by lifting (corpus.c), optionally
 * exploring the model's own wrong transitions.  Linear in the words. */
#ifndef NG_SYNTAX_PARSER_H
#define NG_SYNTAX_PARSER_H

#include "syntax/corpus.h"
#include "syntax/sent.h"
#include "syntax/weights.h"

#define NG_PARSER_MAX_FEATS 128

/* feature sets */
#define NG_PARSER_FEATS_BASE 1u /* words and tags of s0-s2, b0-b2 */
#define NG_PARSER_FEATS_FULL 2u /* plus distance, valency, children */
#define NG_PARSER_FEATS_RICH 3u /* plus label sets, third-order words,
                                   affixes (Zhang and Nivre 2011) */

typedef struct ng_parser {
  ng_wtable trans;  /* 3 classes */
  ng_wtable label;  /* one class a relation */
  uint32_t featset; /* NG_PARSER_FEATS_* */
  uint16_t root_label;
} ng_parser;

typedef struct ng_parser_config {
  int epochs;
  int explore;      /* follow the model's wrong moves from epoch 2 */
  uint32_t featset;
  float prune;      /* weights under this dropped from the model */
} ng_parser_config;

/* Parses S (tags set): fills s->head and s->label. */
void ng_parser_parse(const ng_parser *p, ng_syn_sent *s);

/* Trains on C, its sentences tagged (s->tag) as the parser will see
 * them; appends the frozen transition and label tables to TRANS and
 * LABEL.  Deterministic. */
ng_status ng_parser_train(const ng_syn_corpus *c, const ng_parser_config *cfg,
                          ng_buf *trans, ng_buf *label);

#endif /* NG_SYNTAX_PARSER_H */
