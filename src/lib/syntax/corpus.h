/* corpus.h - a treebank held for training: its sentences with the gold
 * tags, heads and relations, and the names of the tags and relations
 * (numbered in order of first appearance, so training is deterministic). */
#ifndef NG_SYNTAX_CORPUS_H
#define NG_SYNTAX_CORPUS_H

#include <stdio.h>

#include "syntax/sent.h"

#define NG_SYNTAX_MAX_TAGS 1024u
#define NG_SYNTAX_MAX_LABELS 256u

typedef struct ng_syn_gold {
  uint16_t *tag;   /* 1..n */
  int32_t *head;   /* 1..n, as in the treebank */
  int32_t *phead;  /* the same made projective (lifted) */
  uint16_t *label;
  const char **lemma;
} ng_syn_gold;

typedef struct ng_syn_corpus {
  ng_arena arena;
  size_t n;
  ng_syn_sent *sent;
  ng_syn_gold *gold;
  size_t cap;
  /* joint tags "UPOS\tXPOS" and relations, by number */
  char *tag_name[NG_SYNTAX_MAX_TAGS];
  uint32_t ntags;
  char *label_name[NG_SYNTAX_MAX_LABELS];
  uint32_t nlabels;
  size_t lifted; /* arcs moved to make the trees projective */
} ng_syn_corpus;

/* Reads the CoNLL-U treebank FP into C (initialised here).  Sentences
 * over NG_SYNTAX_MAX_WORDS are skipped.  Owned by the caller:
 * ng_syn_corpus_free(). */
ng_status ng_syn_corpus_read(ng_world *w, FILE *fp, ng_syn_corpus *c);
void ng_syn_corpus_free(ng_syn_corpus *c);

#endif /* NG_SYNTAX_CORPUS_H */
