/* stage.c - the parse stage of the pipeline (ng_stage_syntax): each
 * sentence's tokens as the syntax model's UD words, tagged, lemmatised
 * and parsed, and the result read back onto the tokens in doc->deps
 * (doc.h: one ng_dep per token, heads within the sentence).
 *
 * A token is one UD word or several (ng_syntax_token_words: "don't" is
 * "do" + "n't", "Iran-backed" is "Iran" "-" "backed"); a token of
 * several words carries the analysis of its head word (the one whose
 * head lies outside the token), and a word's head is read as the token
 * holding it.  A sentence over NG_SYNTAX_MAX_WORDS words is parsed in
 * pieces of that many, each later piece's root attached to the first
 * piece's root as parataxis, as ng_parse_conllu() does.
 *
 * Only the sentences that need a tree are parsed, in two calls: before
 * coreference, those the mention stage marked (ng_sentence.wants_parse:
 * a post noun the tree may put in apposition to a name, actor_tree.c);
 * after it, those that can give the tree coder an event (it codes an
 * event only when the tree gives it both a source and a target actor,
 * so a sentence with fewer than two mentions of actors is left out).  A
 * sentence parsed by the first call is not parsed again.  The others are
 * left unparsed: their tokens keep head -1, relation dep, tag X and an
 * empty lemma, which no tree rule reads as an argument or a trigger.
 * The events are the same as when parsing every sentence; on Wikinews
 * most sentences are skipped.  Without a model
 * (the world did not load one) the stage does nothing: doc->deps stays
 * empty and the stages after it read the text alone.  Linear in the
 * words. */
#include <stdlib.h>

#include "doc.h"
#include "syntax/model.h"

typedef struct word_parse {
  int32_t head;    /* word index in the sentence, -1 the root */
  uint16_t label;  /* the model's relation number; UINT16_MAX: parataxis
                      (a later piece's root) */
  uint16_t tag;
  const char *lemma; /* in the doc's arena, lower case */
} word_parse;

static const char *lower_copy(ng_arena *a, const char *s) {
  size_t n = strlen(s);
  char *o = ng_arena_strndup(a, s, n);
  if (!o)
    return NULL;
  for (size_t i = 0; i < n; i++)
    if (o[i] >= 'A' && o[i] <= 'Z')
      o[i] = (char)(o[i] - 'A' + 'a');
  return o;
}

/* Parses words [FROM, FROM + N) of the sentence (SPANS) into WP; the
 * piece's root attaches to FIRST_ROOT (-1 for the first piece), and
 * *ROOT gets it. */
static ng_status parse_piece(const ng_syntax_model *m, ng_doc *d,
                             ng_arena *scratch, const ng_syn_span *spans,
                             size_t from, uint32_t n, int32_t first_root,
                             word_parse *wp, int32_t *root) {
  const char **forms = ng_arena_alloc(scratch, n * sizeof *forms);
  uint32_t *lens = ng_arena_alloc(scratch, n * sizeof *lens);
  if (!forms || !lens)
    return NG_ERR_NOMEM;
  for (uint32_t i = 0; i < n; i++) {
    forms[i] = spans[from + i].s;
    lens[i] = (uint32_t)spans[from + i].n;
  }
  ng_syn_sent s;
  ng_status st = ng_syn_sent_init(&s, scratch, n, forms, lens);
  if (st)
    return st;
  ng_syntax_annotate(m, &s, scratch);
  *root = -1;
  for (uint32_t i = 1; i <= n; i++) {
    word_parse *p = &wp[from + i - 1];
    int is_root = s.head[i] <= 0 || (uint32_t)s.head[i] > n;
    if (is_root && *root < 0)
      *root = (int32_t)(from + i - 1);
    p->head = is_root ? first_root : (int32_t)(from + (size_t)s.head[i] - 1);
    p->label = is_root && first_root >= 0 ? UINT16_MAX : s.label[i];
    p->tag = s.tag[i];
    p->lemma = lower_copy(&d->arena, s.lemma[i] ? s.lemma[i] : forms[i - 1]);
    if (!p->lemma)
      return NG_ERR_NOMEM;
  }
  return NG_OK;
}

ng_status ng_stage_syntax(ng_world *w, ng_doc *d) {
  const ng_syntax_model *m = w->syntax;
  if (!m || !d->tokens.n)
    return NG_OK;
  /* one ng_dep per token, all at once (the cap: the tokens), unparsed;
   * the second call keeps what the first parsed */
  if (d->deps.n != d->tokens.n) {
    d->deps.n = 0;
    for (size_t i = 0; i < d->tokens.n; i++) {
      ng_dep *dep = ng_vec_push(&d->deps, sizeof *dep, d->tokens.n);
      if (!dep)
        return NG_ERR_NOMEM;
      dep->head = -1;
      dep->rel = NG_DEP_DEP;
      dep->upos = NG_UPOS_X;
      dep->lemma = "";
    }
  }
  /* the actor mentions of each sentence, counted up to two */
  uint8_t *actors = calloc(d->sentences.n ? d->sentences.n : 1, 1);
  if (!actors)
    return NG_ERR_NOMEM;
  for (size_t mi = 0; mi < d->mentions.n; mi++) {
    const ng_mention *mn = NG_MENTION(d, mi);
    if (mn->entity < 0 || mn->tb >= d->tokens.n)
      continue;
    uint32_t s = NG_TOK(d, mn->tb)->sent;
    if (s < d->sentences.n && actors[s] < 2)
      actors[s]++;
  }
  ng_vec spans = {0};
  ng_arena scratch;
  ng_arena_init(&scratch, 0);
  ng_status st = NG_OK;
  for (size_t si = 0; si < d->sentences.n && !st; si++) {
    const ng_sentence *sen = NG_SENT(d, si);
    size_t nt = sen->te - sen->tb;
    if (!nt || (actors[si] < 2 && !sen->wants_parse) ||
        NG_DEP(d, sen->tb)->rel != NG_DEP_DEP ||
        NG_DEP(d, sen->tb)->head >= 0)
      continue; /* not needed, or parsed by the first call */
    ng_arena_reset(&scratch);
    spans.n = 0;
    /* the words of each token: [wb[k], wb[k + 1]) */
    uint32_t *wb = ng_arena_alloc(&scratch, (nt + 1) * sizeof *wb);
    if (!wb) {
      st = NG_ERR_NOMEM;
      break;
    }
    for (size_t k = 0; k < nt && !st; k++) {
      const ng_token *t = NG_TOK(d, sen->tb + k);
      int space = k + 1 >= nt || NG_TOK(d, sen->tb + k + 1)->b > t->e;
      wb[k] = (uint32_t)spans.n;
      st = ng_syntax_token_words(w, d->text + t->b, t->e - t->b, space,
                                 &spans);
    }
    if (st)
      break;
    size_t nw = spans.n;
    wb[nt] = (uint32_t)nw;
    word_parse *wp = ng_arena_alloc(&scratch, nw * sizeof *wp);
    uint32_t *tok_of = ng_arena_alloc(&scratch, nw * sizeof *tok_of);
    if (!wp || !tok_of) {
      st = NG_ERR_NOMEM;
      break;
    }
    for (size_t k = 0; k < nt; k++)
      for (uint32_t x = wb[k]; x < wb[k + 1]; x++)
        tok_of[x] = (uint32_t)(sen->tb + k);
    int32_t first_root = -1;
    for (size_t from = 0; from < nw && !st; from += NG_SYNTAX_MAX_WORDS) {
      uint32_t n = (uint32_t)NG_MIN(nw - from, (size_t)NG_SYNTAX_MAX_WORDS);
      int32_t root;
      st = parse_piece(m, d, &scratch, spans.items, from, n, first_root, wp,
                       &root);
      if (first_root < 0)
        first_root = root;
    }
    /* back onto the tokens: each token takes its head word's analysis */
    for (size_t k = 0; k < nt && !st; k++) {
      uint32_t hw = wb[k];
      for (uint32_t x = wb[k]; x < wb[k + 1]; x++) {
        int32_t h = wp[x].head;
        if (h < 0 || (uint32_t)h < wb[k] || (uint32_t)h >= wb[k + 1]) {
          hw = x;
          break;
        }
      }
      ng_dep *dep = NG_DEP(d, sen->tb + k);
      const word_parse *p = &wp[hw];
      dep->head = p->head < 0 ? -1 : (int32_t)tok_of[p->head];
      if (dep->head == (int32_t)(sen->tb + k))
        dep->head = -1; /* (a word of the token itself: no head) */
      if (p->head < 0) {
        dep->rel = NG_DEP_ROOT;
      } else if (p->label == UINT16_MAX) {
        dep->rel = NG_DEP_PARATAXIS;
      } else {
        const char *l = p->label < m->nlabels ? m->label[p->label] : "dep";
        dep->rel = (uint8_t)ng_deprel_parse(l, strlen(l));
      }
      const char *u = p->tag < m->ntags ? m->upos[p->tag] : "X";
      dep->upos = (uint8_t)ng_upos_parse(u, strlen(u));
      dep->lemma = p->lemma;
    }
  }
  ng_vec_free(&spans);
  ng_arena_free(&scratch);
  free(actors);
  if (st)
    d->deps.n = 0;
  return st;
}
