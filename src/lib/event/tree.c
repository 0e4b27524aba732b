/* tree.c - children lists and subtree spans over doc->deps, and the
 * small questions the event roles ask of the tree (see tree.h).  All
 * linear in the tokens, whatever the parse. */
#include <stdlib.h>

#include "event/tree.h"

/* The head of I when it is a usable one: in I's sentence, not I. */
static int32_t sane_head(const ng_doc *d, size_t i) {
  int32_t h = NG_DEP(d, i)->head;
  if (h < 0 || (size_t)h >= d->tokens.n || (size_t)h == i ||
      NG_TOK(d, h)->sent != NG_TOK(d, i)->sent)
    return -1;
  return h;
}

ng_status ng_tree_init(ng_tree *t, const ng_doc *d, const ng_lexicon *lex) {
  memset(t, 0, sizeof *t);
  size_t n = d->tokens.n;
  t->d = d;
  t->lex = lex;
  t->n = n;
  size_t cells = n ? n : 1;
  t->kid = malloc(sizeof(int32_t) * cells);
  t->sib = malloc(sizeof(int32_t) * cells);
  t->lo = malloc(sizeof(uint32_t) * cells);
  t->hi = malloc(sizeof(uint32_t) * cells);
  int32_t *stack = malloc(sizeof(int32_t) * cells);
  int32_t *next = malloc(sizeof(int32_t) * cells); /* child to walk */
  if (!t->kid || !t->sib || !t->lo || !t->hi || !stack || !next) {
    free(stack);
    free(next);
    ng_tree_free(t);
    return NG_ERR_NOMEM;
  }
  for (size_t i = 0; i < n; i++) {
    t->kid[i] = t->sib[i] = -1;
    t->lo[i] = t->hi[i] = (uint32_t)i;
  }
  /* right to left, so each list comes out in text order */
  for (size_t i = n; i-- > 0;) {
    int32_t h = sane_head(d, i);
    if (h < 0)
      continue;
    t->sib[i] = t->kid[h];
    t->kid[h] = (int32_t)i;
  }
  for (size_t i = 0; i < n; i++)
    next[i] = t->kid[i];
  /* spans: a depth-first walk from each root, each child folded into its
   * head when done; a node on a cycle is never reached and keeps itself
   * as its span */
  for (size_t r = 0; r < n; r++) {
    if (sane_head(d, r) >= 0)
      continue;
    size_t sp = 0;
    stack[sp++] = (int32_t)r;
    while (sp) {
      int32_t x = stack[sp - 1];
      int32_t c = next[x];
      if (c >= 0) {
        next[x] = t->sib[c];
        stack[sp++] = c;
        continue;
      }
      sp--;
      if (sp) {
        int32_t h = stack[sp - 1];
        if (t->lo[x] < t->lo[h])
          t->lo[h] = t->lo[x];
        if (t->hi[x] > t->hi[h])
          t->hi[h] = t->hi[x];
      }
    }
  }
  free(stack);
  free(next);
  return NG_OK;
}

void ng_tree_free(ng_tree *t) {
  if (!t)
    return;
  free(t->kid);
  free(t->sib);
  free(t->lo);
  free(t->hi);
  t->kid = t->sib = NULL;
  t->lo = t->hi = NULL;
}

int32_t ng_tree_child(const ng_tree *t, size_t h, ng_deprel r) {
  for (int32_t c = t->kid[h]; c >= 0; c = t->sib[c])
    if (ng_tree_rel(t, (size_t)c) == r)
      return c;
  return -1;
}

ng_wclass ng_tree_wc(const ng_tree *t, size_t i) {
  return ng_lexicon_word(t->lex, NG_TOK(t->d, i));
}

int ng_tree_key_is(const ng_tree *t, size_t i, const char *k) {
  return ng_doc_key_is(t->d, NULL, i, k);
}

int32_t ng_tree_case(const ng_tree *t, size_t n) {
  int32_t c = ng_tree_child(t, n, NG_DEP_CASE);
  if (c < 0)
    c = ng_tree_child(t, n, NG_DEP_MARK);
  return c;
}

int ng_tree_passive(const ng_tree *t, size_t v) {
  if (ng_tree_child(t, v, NG_DEP_AUX_PASS) >= 0 ||
      ng_tree_child(t, v, NG_DEP_NSUBJ_PASS) >= 0)
    return 1;
  /* "the convoy attacked by militants": a participle on a noun, with
   * its agent */
  return ng_tree_rel(t, v) == NG_DEP_ACL &&
         ng_tree_child(t, v, NG_DEP_OBL_AGENT) >= 0;
}

void ng_tree_span(const ng_tree *t, size_t n, size_t *b, size_t *e) {
  *b = t->lo[n];
  *e = (size_t)t->hi[n] + 1;
}

static void conj_walk(const ng_tree *t, size_t n, int32_t *out, size_t max,
                      size_t *k, int depth) {
  if (*k < max)
    out[(*k)++] = (int32_t)n;
  if (depth > 8)
    return;
  for (int32_t c = t->kid[n]; c >= 0; c = t->sib[c])
    if (ng_tree_rel(t, (size_t)c) == NG_DEP_CONJ)
      conj_walk(t, (size_t)c, out, max, k, depth + 1);
}

size_t ng_tree_conjuncts(const ng_tree *t, size_t n, int32_t *out,
                         size_t max) {
  size_t k = 0;
  conj_walk(t, n, out, max, &k, 0);
  /* text order (a handful: insertion sort) */
  for (size_t i = 1; i < k; i++)
    for (size_t j = i; j > 0 && out[j - 1] > out[j]; j--) {
      int32_t x = out[j];
      out[j] = out[j - 1];
      out[j - 1] = x;
    }
  return k;
}
