/* sentence.c - sentence boundaries over tokens.
 *
 * A sentence ends at . ! ? (with any closing quotes or brackets after
 * them) when the next token can start a sentence, and at line breaks
 * (headlines and datelines have no full stop), unless the next line
 * goes on in lower case (hard-wrapped text).  An abbreviation's period
 * ("Lt.", "U.S.") ends a sentence only before a line break or a
 * capitalised function word ("... in the U.S. The next day").  Runs
 * longer than NG_MAX_SENTENCE_TOKENS are cut at the last comma or
 * semicolon, else hard, so no later stage sees an unbounded sentence.
 */
#include "doc.h"
#include "lexicon.h"

static int is_closer(const ng_doc *d, const ng_token *t) {
  if (t->flags & NG_TF_QUOTE)
    return 1;
  const char *s = d->text + t->b;
  return t->e - t->b == 1 && (s[0] == ')' || s[0] == ']');
}

static int is_end_punct(const ng_doc *d, const ng_token *t) {
  if (!(t->flags & NG_TF_PUNCT))
    return 0;
  unsigned char c = (unsigned char)d->text[t->b];
  return c == '.' || c == '!' || c == '?' ||
         (t->e - t->b == 3 && c == 0xE2); /* … */
}

/* Can token T start a sentence? */
static int can_start(const ng_token *t) {
  if (t->flags & (NG_TF_CAP | NG_TF_NUM | NG_TF_QUOTE | NG_TF_NEWLINE))
    return 1;
  if (t->flags & NG_TF_WORD)
    return 0; /* a lower-case word goes on */
  return 1;   /* other punctuation: brackets, dashes */
}

static int abbrev_ends(ng_world *w, const ng_doc *d, const ng_token *t,
                       const ng_token *next) {
  if (next->flags & NG_TF_NEWLINE)
    return 1;
  /* "Lt." "Gen." "Mr." never end a sentence before a name */
  if (w->lex) {
    ng_phrase_match m[2];
    if (ng_phrases_match(&w->lex->titles, t, 1, 0, m, 2))
      return 0;
  }
  if (!(next->flags & NG_TF_CAP))
    return 0;
  ng_wclass wc = w->lex ? ng_lexicon_word(w->lex, next) : 0;
  return (wc & (NG_WC_FUNCTION | NG_WC_DETERMINER | NG_WC_PRONOUN_M |
                NG_WC_PRONOUN_F | NG_WC_PRONOUN_PL | NG_WC_PRONOUN_IT)) != 0;
}

static ng_status add_sentence(ng_doc *d, size_t tb, size_t te) {
  if (te <= tb)
    return NG_OK;
  ng_sentence *s = ng_vec_push(&d->sentences, sizeof *s, d->tokens.n + 1);
  if (!s)
    return NG_ERR_NOMEM;
  uint32_t idx = (uint32_t)(d->sentences.n - 1);
  s->tb = (uint32_t)tb;
  s->te = (uint32_t)te;
  s->b = NG_TOK(d, tb)->b;
  s->e = NG_TOK(d, te - 1)->e;
  s->cb = NG_TOK(d, tb)->cb;
  s->ce = NG_TOK(d, te - 1)->ce;
  for (size_t i = tb; i < te; i++)
    NG_TOK(d, i)->sent = idx;
  return NG_OK;
}

ng_status ng_stage_sentences(ng_world *w, ng_doc *d) {
  size_t n = d->tokens.n;
  size_t start = 0, last_comma = 0;
  ng_status st = NG_OK;
  for (size_t i = 0; i < n && !st; i++) {
    ng_token *t = NG_TOK(d, i);
    size_t end = 0; /* one past the last token of the sentence, or 0 */
    if (i > start && (t->flags & NG_TF_NEWLINE)) {
      ng_token *prev = NG_TOK(d, i - 1);
      int lower_goes_on = (t->flags & NG_TF_WORD) && !(t->flags & NG_TF_CAP) &&
                          !(t->flags & NG_TF_PARA) && !is_end_punct(d, prev);
      if (!lower_goes_on) {
        st = add_sentence(d, start, i);
        start = i;
        last_comma = 0;
      }
    }
    if (st)
      break;
    if (is_end_punct(d, t)) {
      size_t j = i + 1;
      while (j < n && is_closer(d, NG_TOK(d, j)) &&
             !(NG_TOK(d, j)->flags & NG_TF_SPACE))
        j++;
      if (j >= n || can_start(NG_TOK(d, j)))
        end = j;
    } else if ((t->flags & NG_TF_ABBREV) && i + 1 < n &&
               abbrev_ends(w, d, t, NG_TOK(d, i + 1))) {
      end = i + 1;
    }
    if (!end && (t->flags & NG_TF_PUNCT)) {
      char c = d->text[t->b];
      if (c == ',' || c == ';')
        last_comma = i + 1;
    }
    if (!end && i + 1 - start >= NG_MAX_SENTENCE_TOKENS)
      end = last_comma > start + NG_MAX_SENTENCE_TOKENS / 2 ? last_comma
                                                            : i + 1;
    if (end) {
      st = add_sentence(d, start, end);
      i = end - 1;
      start = end;
      last_comma = 0;
    }
  }
  if (!st && start < n)
    st = add_sentence(d, start, n);
  if (st)
    ng_log(w, NG_LOG_ERROR, st, "sentence", 0, 0, "%s",
           ng_status_string(st));
  return st;
}
