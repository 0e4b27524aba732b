/* corpus.c - a CoNLL-U treebank read for training. */
#include "syntax/corpus.h"

#include <stdlib.h>
#include <string.h>

#include "syntax/conllu.h"

void ng_syn_corpus_free(ng_syn_corpus *c) {
  if (!c)
    return;
  ng_arena_free(&c->arena);
  free(c->sent);
  free(c->gold);
  memset(c, 0, sizeof *c);
}

/* the number of NAME in NAMES (added when new), or -1 */
static int intern(ng_arena *a, char **names, uint32_t *n, uint32_t max,
                  const char *name) {
  for (uint32_t i = 0; i < *n; i++)
    if (!strcmp(names[i], name))
      return (int)i;
  if (*n >= max)
    return -1;
  names[*n] = ng_arena_strndup(a, name, strlen(name));
  if (!names[*n])
    return -1;
  return (int)(*n)++;
}

/* 1 when every word strictly between H and D descends from H */
static int arc_projective(const int32_t *head, int32_t h, int32_t d) {
  int32_t lo = h < d ? h : d, hi = h < d ? d : h;
  for (int32_t k = lo + 1; k < hi; k++) {
    int32_t a = k, steps = 0;
    while (a != h && a > 0 && steps++ < 100000)
      a = head[a];
    if (a != h)
      return 0;
  }
  return 1;
}

/* Lifts non-projective arcs (the shortest first) to the head's head until
 * the tree of N words is projective; returns the number of lifts. */
static size_t projectivise(uint32_t n, int32_t *head) {
  size_t lifts = 0;
  for (;;) {
    int32_t best = -1, best_span = 0;
    for (uint32_t d = 1; d <= n; d++) {
      int32_t h = head[d];
      if (h <= 0)
        continue;
      int32_t span = h < (int32_t)d ? (int32_t)d - h : h - (int32_t)d;
      if ((best < 0 || span < best_span) &&
          !arc_projective(head, h, (int32_t)d)) {
        best = (int32_t)d;
        best_span = span;
      }
    }
    if (best < 0 || lifts > 4u * n)
      return lifts;
    head[best] = head[head[best]];
    lifts++;
  }
}

static ng_status add_sentence(ng_syn_corpus *c, const ng_conllu_sent *cs) {
  uint32_t n = (uint32_t)cs->words.n;
  if (n > NG_SYNTAX_MAX_WORDS)
    return NG_OK;
  if (c->n == c->cap) {
    size_t cap = c->cap ? c->cap * 2 : 1024;
    ng_syn_sent *s = realloc(c->sent, cap * sizeof *s);
    if (!s)
      return NG_ERR_NOMEM;
    c->sent = s;
    ng_syn_gold *g = realloc(c->gold, cap * sizeof *g);
    if (!g)
      return NG_ERR_NOMEM;
    c->gold = g;
    c->cap = cap;
  }
  ng_arena *a = &c->arena;
  const char **forms = ng_arena_alloc(a, (n + 1) * sizeof *forms);
  uint32_t *lens = ng_arena_alloc(a, (n + 1) * sizeof *lens);
  ng_syn_gold *g = &c->gold[c->n];
  memset(g, 0, sizeof *g);
  g->tag = ng_arena_alloc(a, (n + 1) * sizeof *g->tag);
  g->head = ng_arena_alloc(a, (n + 1) * sizeof *g->head);
  g->phead = ng_arena_alloc(a, (n + 1) * sizeof *g->phead);
  g->label = ng_arena_alloc(a, (n + 1) * sizeof *g->label);
  g->lemma = ng_arena_alloc(a, (n + 1) * sizeof *g->lemma);
  if (!forms || !lens || !g->tag || !g->head || !g->phead || !g->label ||
      !g->lemma)
    return NG_ERR_NOMEM;
  g->head[0] = g->phead[0] = -1;
  g->tag[0] = g->label[0] = 0;
  g->lemma[0] = "";
  for (uint32_t i = 0; i < n; i++) {
    const ng_conllu_word *w = ng_conllu_word_at(cs, i);
    forms[i] = ng_arena_strndup(a, w->field[NG_CONLLU_FORM],
                                strlen(w->field[NG_CONLLU_FORM]));
    g->lemma[i + 1] = ng_arena_strndup(a, w->field[NG_CONLLU_LEMMA],
                                       strlen(w->field[NG_CONLLU_LEMMA]));
    if (!forms[i] || !g->lemma[i + 1])
      return NG_ERR_NOMEM;
    lens[i] = (uint32_t)strlen(forms[i]);
    char tag[256];
    snprintf(tag, sizeof tag, "%s\t%s", w->field[NG_CONLLU_UPOS],
             w->field[NG_CONLLU_XPOS]);
    int t = intern(a, c->tag_name, &c->ntags, NG_SYNTAX_MAX_TAGS, tag);
    int l = intern(a, c->label_name, &c->nlabels, NG_SYNTAX_MAX_LABELS,
                   w->field[NG_CONLLU_DEPREL]);
    long h = strtol(w->field[NG_CONLLU_HEAD], NULL, 10);
    if (t < 0 || l < 0 || h < 0 || h > (long)n)
      return NG_ERR_DATA;
    g->tag[i + 1] = (uint16_t)t;
    g->label[i + 1] = (uint16_t)l;
    g->head[i + 1] = g->phead[i + 1] = (int32_t)h;
  }
  ng_status st = ng_syn_sent_init(&c->sent[c->n], a, n, forms, lens);
  if (st)
    return st;
  c->lifted += projectivise(n, g->phead);
  c->n++;
  return NG_OK;
}

ng_status ng_syn_corpus_read(ng_world *w, FILE *fp, ng_syn_corpus *c) {
  memset(c, 0, sizeof *c);
  ng_arena_init(&c->arena, 0);
  ng_conllu_sent cs;
  ng_conllu_sent_init(&cs);
  size_t lineno = 0;
  ng_status st = NG_OK;
  for (;;) {
    int got = 0;
    st = ng_conllu_read(w, fp, &cs, &got, &lineno);
    if (st || !got)
      break;
    if ((st = add_sentence(c, &cs)))
      break;
  }
  ng_conllu_sent_free(&cs);
  if (st)
    ng_syn_corpus_free(c);
  return st;
}
