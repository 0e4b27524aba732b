/* parsetest.h - hand-written parses for tests: fills doc->deps of an
 * invented text from compact per-token lines, so the tree coder can be
 * tested without the tagger and parser.
 *
 * One line per token of the pipeline (the tokeniser's tokens, in text
 * order): "form head rel upos lemma", separated by blanks or tabs; HEAD
 * is 1-based within the token's sentence, 0 for the root.  The form must
 * be the token's text, so a test cannot drift from the tokeniser. */
#ifndef NG_PARSETEST_H
#define NG_PARSETEST_H

#include <stdio.h>

#include "ngtest.h"

typedef struct ngt_parse {
  const char *lines; /* the token lines, '\n'-separated */
  char error[200];   /* why the parse did not fit, or "" */
  int both_coders;   /* 1: the window coder runs first, as in extract */
} ngt_parse;

/* ng_syntax_fn: fills D->deps from CTX (an ngt_parse). */
static ng_status ngt_fill_deps(ng_world *w, ng_doc *d, void *ctx) {
  (void)w;
  ngt_parse *p = ctx;
  const char *s = p->lines;
  /* the tree coder alone is under test, unless the case asks for both */
  d->events_tree_only = !p->both_coders;
  p->error[0] = '\0';
  for (size_t i = 0; i < d->tokens.n; i++) {
    while (*s == '\n' || *s == ' ' || *s == '\t')
      s++;
    char form[128], rel[32], upos[16], lemma[128];
    int head, used = 0;
    if (sscanf(s, "%127s %d %31s %15s %127s%n", form, &head, rel, upos,
               lemma, &used) != 5) {
      snprintf(p->error, sizeof p->error, "no parse line for token %zu",
               i);
      return NG_ERR_INPUT;
    }
    s += used;
    const ng_token *t = NG_TOK(d, i);
    if (strlen(form) != t->e - t->b ||
        memcmp(form, d->text + t->b, t->e - t->b)) {
      snprintf(p->error, sizeof p->error, "token %zu is '%.*s', not '%s'",
               i, (int)(t->e - t->b), d->text + t->b, form);
      return NG_ERR_INPUT;
    }
    const ng_sentence *sn = NG_SENT(d, t->sent);
    if (head < 0 || (head && (size_t)head > sn->te - sn->tb)) {
      snprintf(p->error, sizeof p->error, "token %zu: head %d", i, head);
      return NG_ERR_INPUT;
    }
    ng_dep *dep = ng_vec_push(&d->deps, sizeof *dep, d->tokens.n);
    if (!dep)
      return NG_ERR_NOMEM;
    dep->head = head ? (int32_t)(sn->tb + (size_t)head - 1) : -1;
    dep->rel = (uint8_t)ng_deprel_parse(rel, strlen(rel));
    dep->upos = (uint8_t)ng_upos_parse(upos, strlen(upos));
    dep->lemma = ng_arena_strndup(&d->arena, lemma, strlen(lemma));
    if (!dep->lemma)
      return NG_ERR_NOMEM;
  }
  while (*s == '\n' || *s == ' ' || *s == '\t')
    s++;
  if (*s) {
    snprintf(p->error, sizeof p->error, "more parse lines than tokens");
    return NG_ERR_INPUT;
  }
  return NG_OK;
}

/* Extracts TEXT dated DATE with the parse P; NULL (P->error says why
 * when the parse did not fit). */
static inline ng_doc *ngt_extract_parsed(const char *text, const char *date,
                                         ngt_parse *p) {
  ng_article *a = ng_article_new();
  ng_doc *d = NULL;
  if (!a)
    return NULL;
  if (!ng_article_set(ngt_world, a, NG_FIELD_ID, "t", 1) &&
      !ng_article_set(ngt_world, a, NG_FIELD_TEXT, text, strlen(text)) &&
      (!date ||
       !ng_article_set(ngt_world, a, NG_FIELD_DATE, date, strlen(date))))
    ng_extract_with(ngt_world, a, ngt_fill_deps, p, &d);
  ng_article_free(a);
  return d;
}

#endif /* NG_PARSETEST_H */
