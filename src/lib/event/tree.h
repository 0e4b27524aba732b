/* tree.h - the dependency tree of a parsed document as the event coder
 * reads it (doc->deps, one ng_dep per token): children lists, and the
 * questions the role rules ask of a node (its subject, its voice, the
 * preposition of an oblique, its conjuncts).  Not installed. */
#ifndef NG_EVENT_TREE_H
#define NG_EVENT_TREE_H

#include "doc.h"
#include "lexicon.h"

/* Children of every token of a doc, in text order.  KID[i] is the first
 * child of token i, SIB[i] the next child of i's head; -1 for none.  The
 * arrays are malloc'd by ng_tree_init (owned by the tree).  A head outside
 * the token's sentence, or a cycle, is read as no head (a root). */
typedef struct ng_tree {
  const ng_doc *d;
  const ng_lexicon *lex;
  int32_t *kid, *sib;
  uint32_t *lo, *hi; /* subtree of token i: tokens [lo[i], hi[i]] */
  size_t n;
} ng_tree;

/* Builds T over D's parse (borrowed, must outlive T); D->deps must hold
 * one ng_dep per token.  NG_ERR_NOMEM; on failure T needs no free. */
ng_status ng_tree_init(ng_tree *t, const ng_doc *d, const ng_lexicon *lex);
/* Frees T's arrays (NULL-safe, T may be zeroed). */
void ng_tree_free(ng_tree *t);

/* 1 when D carries a parse (one ng_dep per token). */
static inline int ng_doc_parsed(const ng_doc *d) {
  return d->deps.n && d->deps.n == d->tokens.n;
}

static inline ng_deprel ng_tree_rel(const ng_tree *t, size_t i) {
  return (ng_deprel)NG_DEP(t->d, i)->rel;
}
static inline ng_upos ng_tree_upos(const ng_tree *t, size_t i) {
  return (ng_upos)NG_DEP(t->d, i)->upos;
}
static inline int32_t ng_tree_head(const ng_tree *t, size_t i) {
  return NG_DEP(t->d, i)->head;
}

/* The first child of H with relation R, or -1. */
int32_t ng_tree_child(const ng_tree *t, size_t h, ng_deprel r);

/* The word class bits (lexicon.h NG_WC_*) of token I. */
ng_wclass ng_tree_wc(const ng_tree *t, size_t i);

/* 1 when token I's match key is K. */
int ng_tree_key_is(const ng_tree *t, size_t i, const char *k);

/* The preposition of a nominal N: its case child (token index), or -1. */
int32_t ng_tree_case(const ng_tree *t, size_t n);

/* 1 when the verb V is passive: an aux:pass or nsubj:pass child, or a
 * participle modifying a noun ("the village shelled by X": acl). */
int ng_tree_passive(const ng_tree *t, size_t v);

/* Tokens [*B, *E) of the subtree of N (heads within a sentence; a
 * subtree of a projective parse is contiguous, else the span). */
void ng_tree_span(const ng_tree *t, size_t n, size_t *b, size_t *e);

/* Up to MAX tokens: N and its conjuncts ("X, Y and Z"), in text order;
 * the number written to OUT. */
size_t ng_tree_conjuncts(const ng_tree *t, size_t n, int32_t *out,
                         size_t max);

#endif /* NG_EVENT_TREE_H */
