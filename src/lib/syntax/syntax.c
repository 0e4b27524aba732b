/* syntax.c - the syntax stage's public face: load the model into the
 * world, parse CoNLL-U or plain text into CoNLL-U. */
#include "newsgraph/syntax.h"

#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "internal.h"
#include "syntax/conllu.h"
#include "syntax/model.h"

/* how the pipeline's tokens split into UD words (data/syntax/words.tsv) */
typedef struct ng_word_rules {
  ng_arena arena;
  ng_vec clitics;  /* const char *: "n't", "'s"... */
  ng_map prefixes; /* lower-case first parts kept with their hyphen */
} ng_word_rules;

#define WORDS_FILE "syntax/words.tsv"

static void word_rules_free(ng_word_rules *r) {
  if (!r)
    return;
  ng_vec_free(&r->clitics);
  ng_map_free(&r->prefixes);
  ng_arena_free(&r->arena);
  free(r);
}

static ng_status word_rules_load(ng_world *w, ng_word_rules **out) {
  *out = NULL;
  char *text = NULL;
  size_t len = 0;
  ng_status st = ng_read_file(w, w->data_dir, WORDS_FILE, &text, &len);
  if (st)
    return st;
  ng_word_rules *r = calloc(1, sizeof *r);
  if (!r) {
    free(text);
    return NG_ERR_NOMEM;
  }
  ng_arena_init(&r->arena, 0);
  ng_map_init(&r->prefixes);
  long lineno = 0;
  int header = 0;
  for (char *p = text; *p && !st;) {
    char *nl = strchr(p, '\n');
    size_t n = nl ? (size_t)(nl - p) : strlen(p);
    lineno++;
    if (n && p[0] != '#') {
      char *tab = memchr(p, '\t', n);
      if (!tab || memchr(tab + 1, '\t', n - (size_t)(tab + 1 - p)) ||
          tab + 1 == p + n) {
        st = NG_ERR_DATA;
      } else if (!header) {
        header = 1;
        if (strncmp(p, "kind\ttext", n) || n != 9)
          st = NG_ERR_DATA;
      } else {
        size_t kl = (size_t)(tab - p), vl = n - kl - 1;
        char *v = ng_arena_strndup(&r->arena, tab + 1, vl);
        if (!v) {
          st = NG_ERR_NOMEM;
        } else if (kl == 6 && !memcmp(p, "clitic", 6)) {
          const char **c = ng_vec_push(&r->clitics, sizeof *c, 1000);
          if (!c)
            st = NG_ERR_NOMEM;
          else
            *c = v;
        } else if (kl == 6 && !memcmp(p, "prefix", 6)) {
          ng_map_entry *e = ng_map_slot(&r->prefixes, &r->arena, v, vl);
          if (!e)
            st = NG_ERR_NOMEM;
          else
            e->value = v;
        } else {
          st = NG_ERR_DATA;
        }
      }
    }
    p = nl ? nl + 1 : p + n;
  }
  free(text);
  if (st) {
    if (st == NG_ERR_DATA)
      ng_log(w, NG_LOG_ERROR, st, "syntax", lineno, 0,
             "%s: expected a header 'kind<TAB>text', then lines 'clitic' or "
             "'prefix', a tab and the text",
             WORDS_FILE);
    word_rules_free(r);
    return st;
  }
  *out = r;
  return NG_OK;
}

ng_status ng_world_load_syntax(ng_world *w) {
  if (!w || !w->opened)
    return NG_ERR_ARG;
  if (w->syntax)
    return NG_OK;
  char path[4096];
  int n = snprintf(path, sizeof path, "%s/%s", w->data_dir,
                   NG_SYNTAX_MODEL_FILE);
  if (n < 0 || (size_t)n >= sizeof path)
    return NG_ERR_ARG;
  ng_status st = ng_syntax_model_open(w, path, &w->syntax);
  if (!st)
    st = word_rules_load(w, &w->syntax_words);
  if (st) {
    ng_syntax_model_free(w->syntax);
    w->syntax = NULL;
  }
  return st;
}

void ng_world_free_syntax(ng_world *w) {
  ng_syntax_model_free(w->syntax);
  word_rules_free(w->syntax_words);
  w->syntax = NULL;
  w->syntax_words = NULL;
}

const char *ng_syntax_model_info(const ng_world *w) {
  return w && w->syntax ? w->syntax->info : NULL;
}

/* ---- one CoNLL-U sentence ---- */

static ng_status set_num(ng_conllu_sent *cs, size_t i, int f, long v) {
  char buf[24];
  ng_ltoa(v, buf);
  return ng_conllu_set(cs, i, f, buf);
}

/* Annotates words [FROM, FROM + N) of CS as one sentence; their root gets
 * ROOT_HEAD (0 for the first piece) and, when not 0, ROOT_LABEL. */
static ng_status annotate_piece(const ng_syntax_model *m, ng_conllu_sent *cs,
                                size_t from, uint32_t n, long root_head,
                                const char *root_label, ng_arena *scratch,
                                long *root_at) {
  const char **forms = ng_arena_alloc(scratch, n * sizeof *forms);
  uint32_t *lens = ng_arena_alloc(scratch, n * sizeof *lens);
  if (!forms || !lens)
    return NG_ERR_NOMEM;
  for (uint32_t i = 0; i < n; i++) {
    forms[i] = ng_conllu_word_at(cs, from + i)->field[NG_CONLLU_FORM];
    lens[i] = (uint32_t)strlen(forms[i]);
  }
  ng_syn_sent s;
  ng_status st = ng_syn_sent_init(&s, scratch, n, forms, lens);
  if (st)
    return st;
  ng_syntax_annotate(m, &s, scratch);
  for (uint32_t i = 1; i <= n && !st; i++) {
    size_t at = from + i - 1;
    int root = s.head[i] == 0;
    if (root)
      *root_at = (long)at + 1;
    st = ng_conllu_set(cs, at, NG_CONLLU_UPOS, m->upos[s.tag[i]]);
    if (!st)
      st = ng_conllu_set(cs, at, NG_CONLLU_XPOS, m->xpos[s.tag[i]]);
    if (!st)
      st = ng_conllu_set(cs, at, NG_CONLLU_LEMMA, s.lemma[i]);
    if (!st)
      st = ng_conllu_set(cs, at, NG_CONLLU_FEATS, "_");
    if (!st)
      st = ng_conllu_set(cs, at, NG_CONLLU_DEPS, "_");
    if (!st)
      st = set_num(cs, at, NG_CONLLU_HEAD,
                   root ? root_head : (long)(s.head[i] + (int32_t)from));
    if (!st)
      st = ng_conllu_set(cs, at, NG_CONLLU_DEPREL,
                         root && root_head ? root_label
                                           : m->label[s.label[i]]);
  }
  return st;
}

static ng_status annotate(ng_world *w, ng_conllu_sent *cs, ng_arena *scratch,
                          ng_parse_stats *stats) {
  size_t n = cs->words.n;
  long first_root = 0;
  ng_status st = NG_OK;
  for (size_t from = 0; from < n && !st; from += NG_SYNTAX_MAX_WORDS) {
    uint32_t k = (uint32_t)NG_MIN(n - from, (size_t)NG_SYNTAX_MAX_WORDS);
    long root_at = 0;
    ng_arena_reset(scratch);
    st = annotate_piece(w->syntax, cs, from, k, first_root, "parataxis",
                        scratch, &root_at);
    if (!from)
      first_root = root_at;
  }
  stats->sentences++;
  stats->words += n;
  stats->pieces += n > NG_SYNTAX_MAX_WORDS;
  return st;
}

ng_status ng_parse_conllu(ng_world *w, FILE *in, FILE *out,
                          ng_parse_stats *stats) {
  ng_parse_stats local;
  if (!stats)
    stats = &local;
  memset(stats, 0, sizeof *stats);
  if (!w || !w->syntax || !in || !out)
    return NG_ERR_ARG;
  ng_conllu_sent cs;
  ng_conllu_sent_init(&cs);
  ng_arena scratch;
  ng_arena_init(&scratch, 0);
  size_t lineno = 0;
  ng_status st = NG_OK;
  for (;;) {
    int got = 0;
    st = ng_conllu_read(w, in, &cs, &got, &lineno);
    if (st || !got)
      break;
    st = annotate(w, &cs, &scratch, stats);
    if (!st)
      st = ng_conllu_write(out, &cs);
    if (st)
      break;
  }
  ng_conllu_sent_free(&cs);
  ng_arena_free(&scratch);
  return st;
}

/* ---- plain text ---- */

static int is_apostrophe_at(const char *s, size_t n, size_t i, size_t *k) {
  if (i < n && s[i] == '\'') {
    *k = 1;
    return 1;
  }
  if (i + 2 < n && (unsigned char)s[i] == 0xe2 &&
      (unsigned char)s[i + 1] == 0x80 && (unsigned char)s[i + 2] == 0x99) {
    *k = 3;
    return 1;
  }
  return 0;
}

/* the length of the clitic ending the token S (N bytes), or 0; a typographic
 * apostrophe counts as ' */
static size_t clitic_len(const ng_word_rules *r, const char *s, size_t n) {
  for (size_t c = 0; c < r->clitics.n; c++) {
    const char *cl = NG_VEC_AT(&r->clitics, const char *, c);
    size_t cn = strlen(cl);
    /* match CL against the end of S, byte by byte, ' against ' or ’ */
    size_t i = n, j = cn;
    while (j > 0 && i > 0) {
      size_t k;
      if (cl[j - 1] == '\'') {
        if (i >= 3 && is_apostrophe_at(s, n, i - 3, &k) && k == 3)
          i -= 3;
        else if (s[i - 1] == '\'')
          i--;
        else
          break;
      } else if ((s[i - 1] | 0x20) == cl[j - 1]) {
        i--;
      } else {
        break;
      }
      j--;
    }
    if (!j && i > 0)
      return n - i;
  }
  return 0;
}

typedef ng_syn_span span;

static ng_status push_span(ng_vec *v, const char *s, size_t n, int space) {
  span *sp = ng_vec_push(v, sizeof *sp, SIZE_MAX);
  if (!sp)
    return NG_ERR_NOMEM;
  sp->s = s;
  sp->n = n;
  sp->space_after = space;
  return NG_OK;
}

/* the UD words of one token */
static ng_status token_words(const ng_word_rules *r, const char *s, size_t n,
                             int space, ng_vec *out) {
  size_t cl = clitic_len(r, s, n);
  if (cl) {
    ng_status st = token_words(r, s, n - cl, 0, out);
    return st ? st : push_span(out, s + n - cl, cl, space);
  }
  const char *h = n > 2 ? memchr(s + 1, '-', n - 2) : NULL;
  if (h) {
    char low[64];
    size_t pl = (size_t)(h - s);
    int letters = 1;
    for (size_t i = 0; i < n; i++)
      if (!((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z') && s[i] != '-')
        letters = 0;
    if (letters && pl < sizeof low) {
      for (size_t i = 0; i < pl; i++)
        low[i] = (char)(s[i] | 0x20);
      if (!ng_map_get(&r->prefixes, low, pl)) {
        ng_status st = push_span(out, s, pl, 0);
        if (!st)
          st = push_span(out, h, 1, 0);
        return st ? st : token_words(r, h + 1, n - pl - 1, space, out);
      }
    }
  }
  return push_span(out, s, n, space);
}

ng_status ng_syntax_token_words(const ng_world *w, const char *s, size_t n,
                                int space, ng_vec *out) {
  return token_words(w->syntax_words, s, n, space, out);
}

ng_status ng_parse_text(ng_world *w, const char *text, size_t len, FILE *out,
                        ng_parse_stats *stats) {
  ng_parse_stats local;
  if (!stats)
    stats = &local;
  memset(stats, 0, sizeof *stats);
  if (!w || !w->syntax || !out || (!text && len))
    return NG_ERR_ARG;
  ng_article *a = ng_article_new();
  if (!a)
    return NG_ERR_NOMEM;
  ng_status st = ng_article_set(w, a, NG_FIELD_ID, "parse", 5);
  if (!st)
    st = ng_article_set(w, a, NG_FIELD_TEXT, text ? text : "", len);
  ng_doc *d = NULL;
  if (!st)
    st = ng_doc_new(w, a, &d);
  if (!st)
    st = ng_stage_tokens(w, d);
  if (!st)
    st = ng_stage_sentences(w, d);
  ng_conllu_sent cs;
  ng_conllu_sent_init(&cs);
  ng_arena scratch;
  ng_arena_init(&scratch, 0);
  ng_vec words = {0};
  ng_buf line;
  ng_buf_init(&line, (size_t)1 << 30);
  for (size_t si = 0; d && !st && si < d->sentences.n; si++) {
    const ng_sentence *sen = NG_SENT(d, si);
    ng_conllu_sent_reset(&cs);
    words.n = 0;
    for (uint32_t ti = sen->tb; ti < sen->te && !st; ti++) {
      const ng_token *t = NG_TOK(d, ti);
      int space = ti + 1 >= sen->te || NG_TOK(d, ti + 1)->b > t->e;
      st = token_words(w->syntax_words, d->text + t->b, t->e - t->b, space,
                       &words);
    }
    ng_buf_reset(&line);
    if (!st)
      st = ng_buf_printf(&line, "# sent_id = %zu", si + 1);
    if (!st)
      st = ng_conllu_add_comment(&cs, line.s);
    ng_buf_reset(&line);
    if (!st)
      st = ng_buf_adds(&line, "# text = ");
    for (uint32_t k = sen->b; k < sen->e && !st; k++) {
      char c = d->text[k];
      st = ng_buf_addc(&line, c == '\n' || c == '\r' || c == '\t' ? ' ' : c);
    }
    if (!st)
      st = ng_conllu_add_comment(&cs, line.s);
    for (size_t k = 0; k < words.n && !st; k++) {
      const span *sp = &NG_VEC_AT(&words, span, k);
      st = ng_conllu_add_word(&cs, sp->s, sp->n);
      if (!st && !sp->space_after && k + 1 < words.n)
        st = ng_conllu_set(&cs, k, NG_CONLLU_MISC, "SpaceAfter=No");
    }
    if (!st && cs.words.n)
      st = annotate(w, &cs, &scratch, stats);
    if (!st && cs.words.n)
      st = ng_conllu_write(out, &cs);
  }
  ng_buf_free(&line);
  ng_vec_free(&words);
  ng_arena_free(&scratch);
  ng_conllu_sent_free(&cs);
  ng_doc_free(d);
  ng_article_free(a);
  return st;
}
