/* evdict.c - loads the event dictionary (see evdict.h and
 * data/events/README.md) and matches pattern elements against tokens. */
#include <stdlib.h>

#include "evdict.h"
#include "event/policy.h"
#include "lexicon.h"

typedef struct ectx {
  ng_world *w;
  ng_evdict *ev;
  const char *file;
  size_t file_len;
  int core, noun;
  ng_map words;   /* a pattern word as written -> its cword: the same
                     words recur in thousands of patterns */
  ng_vec toks;    /* scratch tokens of compile_word */
  ng_trigger *last; /* the trigger of the row before: rows come grouped
                       by lemma */
  char known[256][8]; /* CAMEO codes found in the table, by a hash */
  ng_map compiled; /* pattern text -> cpat: a few thousand texts recur
                      over tens of thousands of rows, and share their
                      element lists */
} ectx;

/* A compiled pattern text. */
typedef struct cpat {
  const char *text;    /* as written */
  ng_pe *pre, *post;
  uint8_t n_pre, n_post, specificity;
} cpat;

/* A row of the converted dictionary, not yet a pattern. */
typedef struct pending_row {
  const cpat *cp;
  char code[8], rev[8];
  uint32_t line;
} pending_row;

/* A compiled pattern word and whether it is a function word. */
typedef struct cword {
  ng_pe pe;
  int function;
} cword;

/* ---- code table ---- */

const ng_cameo_code *ng_evdict_code(const ng_evdict *ev, const char *code) {
  return ng_map_get(&ev->codes, code, strlen(code));
}

/* cameo.tsv: code name plover mode context quad goldstein */
static ng_status row_code(ng_world *w, void *ud, char **f, size_t nf,
                          long line) {
  ectx *c = ud;
  if (nf < 7 || !ng_cameo_code_valid(f[0]))
    return NG_ERR_DATA;
  ng_map_entry *e = ng_map_slot(&c->ev->codes, c->ev->arena, f[0],
                                strlen(f[0]));
  if (!e)
    return NG_ERR_NOMEM;
  ng_cameo_code *cc = ng_arena_alloc(c->ev->arena, sizeof *cc);
  if (!cc)
    return NG_ERR_NOMEM;
  memset(cc, 0, sizeof *cc);
  snprintf(cc->code, sizeof cc->code, "%s", f[0]);
  cc->name = ng_arena_strndup(c->ev->arena, f[1], strlen(f[1]));
  cc->plover = f[2][0] ? ng_arena_strndup(c->ev->arena, f[2], strlen(f[2]))
                       : NULL;
  if (!cc->name || (f[2][0] && !cc->plover))
    return NG_ERR_NOMEM;
  cc->quad = (uint8_t)atoi(f[5]);
  cc->goldstein = f[6][0] ? (float)strtod(f[6], NULL) : 0.0f;
  e->value = cc;
  return NG_OK;
}

/* ---- triggers ---- */

static ng_trigger *trigger_for(ectx *c, const char *lemma, int noun) {
  if (c->last && c->last->noun == noun && !strcmp(c->last->lemma, lemma))
    return c->last;
  char key[256];
  size_t ll = strlen(lemma);
  if (ll + 6 > sizeof key)
    return NULL;
  memcpy(key, noun ? "noun:" : "verb:", 5);
  memcpy(key + 5, lemma, ll + 1);
  size_t n = ll + 5;
  ng_map_entry *e = ng_map_slot(&c->ev->lemmas, c->ev->arena, key, n);
  if (!e)
    return NULL;
  if (!e->value) {
    ng_trigger *t = ng_arena_alloc(c->ev->arena, sizeof *t);
    if (!t)
      return NULL;
    memset(t, 0, sizeof *t);
    t->lemma = ng_arena_strndup(c->ev->arena, lemma, strlen(lemma));
    t->noun = (uint8_t)noun;
    atomic_init(&t->built, 0);
    if (!t->lemma)
      return NULL;
    e->value = t;
  }
  c->last = e->value;
  return e->value;
}

static ng_status add_forms(ectx *c, ng_trigger *t, const char *forms) {
  ng_phrases *ph = t->noun ? &c->ev->noun_forms : &c->ev->verb_forms;
  t->has_forms = 1;
  while (*forms) {
    const char *bar = strchr(forms, '|');
    size_t n = bar ? (size_t)(bar - forms) : strlen(forms);
    if (n) {
      ng_status st = ng_phrases_add_text(ph, c->ev->arena, c->w->lex, forms, n,
                                         t);
      if (st && st != NG_ERR_ARG && st != NG_ERR_LIMIT)
        return st;
    }
    forms += n + (bar ? 1 : 0);
  }
  return NG_OK;
}

/* verb-forms.tsv: lemma forms */
static ng_status row_forms(ng_world *w, void *ud, char **f, size_t nf,
                           long line) {
  ectx *c = ud;
  if (nf < 2 || !f[0][0])
    return NG_ERR_DATA;
  ng_trigger *t = trigger_for(c, f[0], 0);
  if (!t)
    return NG_ERR_NOMEM;
  return add_forms(c, t, f[1]);
}

/* synsets.tsv: name members */
static ng_status row_synset(ng_world *w, void *ud, char **f, size_t nf,
                            long line) {
  ectx *c = ud;
  if (nf < 2 || f[0][0] != '&')
    return NG_ERR_DATA;
  ng_map_entry *e = ng_map_slot(&c->ev->synsets, c->ev->arena, f[0],
                                strlen(f[0]));
  if (!e)
    return NG_ERR_NOMEM;
  ng_phrases *ph = e->value;
  if (!ph) {
    ph = ng_arena_alloc(c->ev->arena, sizeof *ph);
    if (!ph)
      return NG_ERR_NOMEM;
    ng_phrases_init(ph);
    e->value = ph;
  }
  const char *m = f[1];
  while (*m) {
    const char *bar = strchr(m, '|');
    size_t n = bar ? (size_t)(bar - m) : strlen(m);
    int exact = n && m[n - 1] == '$';
    size_t wn = n - (size_t)exact;
    if (wn) {
      /* the payload says whether plural forms match */
      ng_status st = ng_phrases_add_text(ph, c->ev->arena, c->w->lex, m, wn,
                                         (void *)(uintptr_t)(exact ? 2 : 1));
      if (st && st != NG_ERR_ARG && st != NG_ERR_LIMIT)
        return st;
      if (!exact) {
        /* regular plurals of the last word, matched as phrases */
        char buf[256];
        if (wn + 3 < sizeof buf) {
          memcpy(buf, m, wn);
          size_t bl = wn;
          char last = m[wn - 1];
          if (last == 'y' && wn > 1 && !strchr("aeiou", m[wn - 2])) {
            memcpy(buf + bl - 1, "ies", 3);
            bl += 2;
          } else if (last == 's' || last == 'x' || last == 'z' ||
                     (wn > 1 && (m[wn - 2] == 'c' || m[wn - 2] == 's') &&
                      last == 'h')) {
            memcpy(buf + bl, "es", 2);
            bl += 2;
          } else {
            buf[bl++] = 's';
          }
          st = ng_phrases_add_text(ph, c->ev->arena, c->w->lex, buf, bl,
                                   (void *)(uintptr_t)1);
          if (st && st != NG_ERR_ARG && st != NG_ERR_LIMIT)
            return st;
        }
      }
    }
    m += n + (bar ? 1 : 0);
  }
  return NG_OK;
}

/* ---- patterns ---- */

static ng_status compile_word(ectx *c, const char *s, size_t n, ng_pe *pe,
                              int *function) {
  const cword *seen = ng_map_get(&c->words, s, n);
  if (seen) {
    *pe = seen->pe;
    *function = seen->function;
    return NG_OK;
  }
  const char *raw = s;
  size_t raw_n = n;
  int exact = n && s[n - 1] == '$';
  if (exact)
    n--;
  ng_vec toks = c->toks;
  toks.n = 0;
  ng_status st = ng_tokenize(c->w->lex, s, n, c->ev->arena, &toks, 16);
  c->toks = toks;
  if (st || toks.n == 0)
    return st ? st : NG_ERR_DATA;
  char buf[256];
  size_t len = 0;
  uint8_t nt = 0;
  for (size_t i = 0; i < toks.n; i++) {
    ng_token *t = &NG_VEC_AT(&toks, ng_token, i);
    if (t->flags & NG_TF_HYPHEN)
      continue;
    if (len + t->key_len + 2 >= sizeof buf)
      break;
    if (len)
      buf[len++] = ' ';
    memcpy(buf + len, t->key, t->key_len);
    len += t->key_len;
    nt++;
  }
  pe->kind = NG_PE_WORD;
  pe->exact = (uint8_t)exact;
  pe->ntok = nt;
  /* ng_pe_match_at's first-letter test, made before the call */
  pe->first = len >= 2 && buf[0] != ' ' && buf[1] != ' ' ? buf[0] : 0;
  pe->word = ng_arena_strndup(c->ev->arena, buf, len);
  if (!pe->word)
    return NG_ERR_NOMEM;
  /* a preposition alone ("* ( to )") says little about the act */
  uint32_t kl;
  const char *k = ng_token_key(c->ev->arena, raw, raw_n, &kl);
  if (!k)
    return NG_ERR_NOMEM;
  ng_wclass w = (ng_wclass)(uintptr_t)ng_map_get(&c->w->lex->words, k, kl);
  *function = (w & (NG_WC_PREP | NG_WC_DETERMINER | NG_WC_CONJ |
                    NG_WC_FUNCTION)) != 0;
  cword *keep = ng_arena_alloc(c->ev->arena, sizeof *keep);
  ng_map_entry *me =
      keep ? ng_map_slot(&c->words, c->ev->arena, raw, raw_n) : NULL;
  if (!me)
    return NG_ERR_NOMEM;
  keep->pe = *pe;
  keep->function = *function;
  me->value = keep;
  return NG_OK;
}

/* Compiles PATTERN ("* ( to &treaty )") into P's element lists. */
static ng_status compile(ectx *c, ng_pattern *p, const char *pattern,
                         long line) {
  ng_pe pre[32], post[32];
  size_t npre = 0, npost = 0;
  int after = 0, spec = 0;
  const char *s = pattern;
  while (*s) {
    while (*s == ' ')
      s++;
    if (!*s)
      break;
    const char *e = s;
    while (*e && *e != ' ')
      e++;
    size_t n = (size_t)(e - s);
    ng_pe pe = {0};
    int skip = 0;
    if (n == 1 && *s == '*') {
      if (after)
        return NG_ERR_DATA;
      after = 1;
      skip = 1;
    } else if (n == 1 && (*s == '(' || *s == ')' || *s == '%')) {
      skip = 1; /* grouping only; compounds are found by the role rules */
    } else if (n == 1 && *s == '{') {
      pe.kind = NG_PE_OPEN;
    } else if (n == 1 && *s == '}') {
      pe.kind = NG_PE_CLOSE;
    } else if (n == 1 && *s == '$') {
      pe.kind = NG_PE_SRC;
    } else if (n == 1 && *s == '+') {
      pe.kind = NG_PE_TGT;
    } else if (n == 1 && *s == '^') {
      pe.kind = NG_PE_SKIP;
    } else if ((n == 2 && !memcmp(s, "'s", 2)) ||
               (n == 4 && !memcmp(s, "poss", 4))) {
      pe.kind = NG_PE_POSS;
    } else if (*s == '&') {
      pe.kind = NG_PE_SET;
      pe.set = ng_map_get(&c->ev->synsets, s, n);
      if (!pe.set) {
        ng_log(c->w, NG_LOG_ERROR, NG_ERR_DATA, "evdict", line, 0,
               "%s: unknown synonym set %.*s", c->file, (int)n, s);
        return NG_ERR_DATA;
      }
      /* words after the trigger count double: they say what was done;
       * words before it mostly say who did it */
      spec += after ? 2 : 1;
    } else {
      int function;
      ng_status st = compile_word(c, s, n, &pe, &function);
      if (st)
        return st;
      spec += function ? (after ? 1 : 0) : (after ? 2 : 1);
    }
    if (!skip) {
      if ((after ? npost : npre) >= 32)
        return NG_ERR_DATA;
      if (after)
        post[npost++] = pe;
      else
        pre[npre++] = pe;
    }
    s = e;
  }
  if (!after)
    return NG_ERR_DATA;
  p->n_pre = (uint8_t)npre;
  p->n_post = (uint8_t)npost;
  p->specificity = (uint8_t)NG_MIN(spec, 255);
  if (npre) {
    p->pre = ng_arena_alloc(c->ev->arena, sizeof(ng_pe) * npre);
    if (!p->pre)
      return NG_ERR_NOMEM;
    /* nearest the trigger first: matching walks left */
    for (size_t i = 0; i < npre; i++) {
      p->pre[i] = pre[npre - 1 - i];
      if (p->pre[i].kind == NG_PE_OPEN)
        p->pre[i].kind = NG_PE_CLOSE;
      else if (p->pre[i].kind == NG_PE_CLOSE)
        p->pre[i].kind = NG_PE_OPEN;
    }
  }
  if (npost) {
    p->post = ng_arena_alloc(c->ev->arena, sizeof(ng_pe) * npost);
    if (!p->post)
      return NG_ERR_NOMEM;
    memcpy(p->post, post, sizeof(ng_pe) * npost);
  }
  return NG_OK;
}

/* Is CODE (at most 7 characters) in the code table?  Remembered: tens of
 * thousands of patterns use a few hundred codes. */
static int code_known(ectx *c, const char *code) {
  unsigned h = 0;
  size_t n = 0;
  for (; code[n]; n++)
    h = h * 31u + (unsigned char)code[n];
  char *slot = c->known[h % 256u];
  if (!strcmp(slot, code))
    return 1;
  if (n >= sizeof c->known[0] || !ng_evdict_code(c->ev, code))
    return 0;
  memcpy(slot, code, n + 1);
  return 1;
}

/* Pattern P of trigger T from its codes, its compiled text CP and where it
 * is (FILE, FILE_LEN, LINE), in ARENA. */
static ng_pattern *make_pattern(ng_arena *arena, const ng_trigger *t,
                                const char *code, const char *rev,
                                const cpat *cp, int core, const char *file,
                                size_t file_len, long line) {
  ng_pattern *p = ng_arena_alloc(arena, sizeof *p);
  if (!p)
    return NULL;
  memset(p, 0, sizeof *p);
  memcpy(p->code, code, sizeof p->code);
  memcpy(p->rev, rev, sizeof p->rev);
  p->lemma = t->lemma;
  p->core = (uint8_t)core;
  p->noun = t->noun;
  /* "lemma: pattern" and "file:line", in one piece of the arena */
  char num[24];
  size_t nl = ng_ltoa(line, num), ll = strlen(t->lemma),
         pl = strlen(cp->text);
  char *o = ng_arena_alloc(arena, ll + pl + file_len + nl + 5);
  if (!o)
    return NULL;
  p->text = o;
  memcpy(o, t->lemma, ll);
  memcpy(o + ll, ": ", 2);
  memcpy(o + ll + 2, cp->text, pl + 1);
  o += ll + pl + 3;
  p->origin = o;
  memcpy(o, file, file_len);
  o[file_len] = ':';
  memcpy(o + file_len + 1, num, nl + 1);
  p->pre = cp->pre;
  p->post = cp->post;
  p->n_pre = cp->n_pre;
  p->n_post = cp->n_post;
  p->specificity = cp->specificity;
  return p;
}

static ng_status add_pattern(ectx *c, const char *code, const char *lemma,
                             const char *pattern, long line) {
  char main_code[8] = "", rev[8] = "";
  const char *colon = strchr(code, ':');
  size_t cn = colon ? (size_t)(colon - code) : strlen(code);
  if (cn >= sizeof main_code)
    return NG_ERR_DATA;
  memcpy(main_code, code, cn);
  main_code[cn] = '\0';
  if (colon && strlen(colon + 1) < sizeof rev)
    strcpy(rev, colon + 1);
  /* ":0874" codes only the reverse event (target on source) */
  if ((main_code[0] && !code_known(c, main_code)) ||
      (!main_code[0] && !rev[0]) || (rev[0] && !code_known(c, rev))) {
    ng_log(c->w, NG_LOG_ERROR, NG_ERR_DATA, "evdict", line, 0,
           "%s: unknown CAMEO code %s", c->file, code);
    return NG_ERR_DATA;
  }
  ng_trigger *t = trigger_for(c, lemma, c->noun);
  if (!t)
    return NG_ERR_NOMEM;
  /* a verb with no forms never matches: its patterns would be dead */
  if (!c->noun && !t->has_forms) {
    ng_log(c->w, NG_LOG_ERROR, NG_ERR_DATA, "evdict", line, 0,
           "%s: verb '%s' has no forms in events/verb-forms.tsv or "
           "events/core-forms.tsv",
           c->file, lemma);
    return NG_ERR_DATA;
  }
  size_t pn = strlen(pattern);
  const cpat *cp = ng_map_get(&c->compiled, pattern, pn);
  if (!cp) {
    ng_pattern tmp;
    memset(&tmp, 0, sizeof tmp);
    ng_status st = compile(c, &tmp, pattern, line);
    if (st) {
      if (st == NG_ERR_DATA)
        ng_log(c->w, NG_LOG_ERROR, st, "evdict", line, 0,
               "%s: bad pattern '%s'", c->file, pattern);
      return st;
    }
    cpat *np = ng_arena_alloc(c->ev->arena, sizeof *np);
    ng_map_entry *me =
        np ? ng_map_slot(&c->compiled, c->ev->arena, pattern, pn) : NULL;
    if (!me)
      return NG_ERR_NOMEM;
    np->text = me->key;
    np->pre = tmp.pre;
    np->post = tmp.post;
    np->n_pre = tmp.n_pre;
    np->n_post = tmp.n_post;
    np->specificity = tmp.specificity;
    me->value = np;
    cp = np;
  }
  c->ev->n_patterns++;
  if (!c->core) {
    /* the converted dictionary: checked now, made on first use */
    pending_row *r =
        ng_vec_push(&t->pending, sizeof(pending_row), 100000);
    if (!r)
      return NG_ERR_NOMEM;
    r->cp = cp;
    memcpy(r->code, main_code, sizeof r->code);
    memcpy(r->rev, rev, sizeof r->rev);
    r->line = (uint32_t)line;
    c->ev->lazy_file = c->file;
    c->ev->lazy_file_len = c->file_len;
    return NG_OK;
  }
  ng_pattern *p = make_pattern(c->ev->arena, t, main_code, rev, cp, c->core,
                               c->file, c->file_len, line);
  if (!p)
    return NG_ERR_NOMEM;
  ng_pattern **slot = ng_vec_push(&t->patterns, sizeof(ng_pattern *), 100000);
  if (!slot)
    return NG_ERR_NOMEM;
  *slot = p;
  return NG_OK;
}

/* Makes T's pending rows patterns, before the patterns it has. */
static ng_status build_pending(ng_evdict *ev, ng_trigger *t) {
  ng_vec v = {0};
  ng_status st = NG_OK;
  for (size_t i = 0; !st && i < t->pending.n; i++) {
    const pending_row *r = &NG_VEC_AT(&t->pending, pending_row, i);
    /* the stoplist drops the bare verb of the converted dictionary */
    if (t->stop && r->cp->n_pre == 0 && r->cp->n_post == 0)
      continue;
    ng_pattern *p =
        make_pattern(ev->arena, t, r->code, r->rev, r->cp, 0, ev->lazy_file,
                     ev->lazy_file_len, (long)r->line);
    ng_pattern **slot = p ? ng_vec_push(&v, sizeof(ng_pattern *), 200000)
                          : NULL;
    if (!slot)
      st = NG_ERR_NOMEM;
    else
      *slot = p;
  }
  for (size_t i = 0; !st && i < t->patterns.n; i++) {
    ng_pattern **slot = ng_vec_push(&v, sizeof(ng_pattern *), 200000);
    if (!slot)
      st = NG_ERR_NOMEM;
    else
      *slot = NG_VEC_AT(&t->patterns, ng_pattern *, i);
  }
  if (st) {
    ng_vec_free(&v);
    return st;
  }
  ng_vec_free(&t->patterns);
  t->patterns = v;
  ng_vec_free(&t->pending);
  return NG_OK;
}

const ng_vec *ng_evdict_patterns(const ng_evdict *cev,
                                 const ng_trigger *ct) {
  /* the trigger and the dictionary are shared by the extracting threads;
   * only this builds, under the lock, and BUILT publishes the result */
  ng_trigger *t = (ng_trigger *)ct;
  if (atomic_load_explicit(&t->built, memory_order_acquire))
    return &t->patterns;
  ng_evdict *ev = (ng_evdict *)cev;
  ng_status st = NG_OK;
  pthread_mutex_lock(&ev->lazy_lock);
  if (!atomic_load_explicit(&t->built, memory_order_relaxed)) {
    st = build_pending(ev, t);
    if (!st)
      atomic_store_explicit(&t->built, 1, memory_order_release);
  }
  pthread_mutex_unlock(&ev->lazy_lock);
  return st ? NULL : &t->patterns;
}

/* cameo-verbs.tsv and core.tsv: code lemma pattern source|note */
static ng_status row_pattern(ng_world *w, void *ud, char **f, size_t nf,
                             long line) {
  ectx *c = ud;
  if (nf < 3)
    return NG_ERR_DATA;
  return add_pattern(c, f[0], f[1], f[2], line);
}

/* nouns.tsv: code lemma forms pattern note */
static ng_status row_noun(ng_world *w, void *ud, char **f, size_t nf,
                          long line) {
  ectx *c = ud;
  if (nf < 4)
    return NG_ERR_DATA;
  ng_trigger *t = trigger_for(c, f[1], 1);
  if (!t)
    return NG_ERR_NOMEM;
  ng_status st = add_forms(c, t, f[2]);
  if (!st)
    st = add_pattern(c, f[0], f[1], f[3], line);
  return st;
}

/* stoplist.tsv: lemma why -- drop the verb's bare default pattern */
static ng_status row_stop(ng_world *w, void *ud, char **f, size_t nf,
                          long line) {
  ectx *c = ud;
  if (nf < 1 || !f[0][0])
    return NG_ERR_DATA;
  char key[256];
  int n = snprintf(key, sizeof key, "verb:%s", f[0]);
  if (n < 0 || (size_t)n >= sizeof key)
    return NG_ERR_DATA;
  ng_trigger *t = ng_map_get(&c->ev->lemmas, key, (size_t)n);
  if (!t) {
    ng_log(w, NG_LOG_ERROR, NG_ERR_DATA, "evdict", line, 0,
           "events/stoplist.tsv: no verb '%s' in the dictionary", f[0]);
    return NG_ERR_DATA;
  }
  /* remove the patterns that are the bare verb, from the converted
   * dictionary only (those not made yet, when they are) */
  t->stop = 1;
  size_t out = 0;
  for (size_t i = 0; i < t->patterns.n; i++) {
    ng_pattern *p = NG_VEC_AT(&t->patterns, ng_pattern *, i);
    if (!p->core && p->n_pre == 0 && p->n_post == 0)
      continue;
    NG_VEC_AT(&t->patterns, ng_pattern *, out++) = p;
  }
  t->patterns.n = out;
  return NG_OK;
}

/* modality.tsv: kind key value to */
static ng_status row_modality(ng_world *w, void *ud, char **f, size_t nf,
                              long line) {
  ectx *c = ud;
  static const char *modes[] = {"",        "intent",  "threat",
                                "reject",  "purpose", "attempt"};
  if (nf < 3)
    return NG_ERR_DATA;
  int mode = 0;
  for (int i = 1; i < NG_MOD_COUNT_; i++)
    if (!strcmp(!strcmp(f[0], "cue") ? f[2] : f[1], modes[i]))
      mode = i;
  if (!mode)
    return NG_ERR_DATA;
  if (!strcmp(f[0], "cue")) {
    uint32_t kl;
    const char *key = ng_token_key(c->ev->arena, f[1], strlen(f[1]), &kl);
    ng_map_entry *e = key ? ng_map_slot(&c->ev->cues, c->ev->arena, key, kl)
                          : NULL;
    if (!e)
      return NG_ERR_NOMEM;
    e->value = (void *)(uintptr_t)mode;
    return NG_OK;
  }
  if (strcmp(f[0], "map") || nf < 4 || !ng_evdict_code(c->ev, f[3]))
    return NG_ERR_DATA;
  ng_map_entry *e = ng_map_slot(&c->ev->modal_map[mode], c->ev->arena, f[2],
                                strlen(f[2]));
  if (!e)
    return NG_ERR_NOMEM;
  e->value = (void *)ng_evdict_code(c->ev, f[3])->code;
  return NG_OK;
}

ng_modality ng_evdict_cue(const ng_evdict *ev, const ng_token *toks,
                          size_t n, size_t i) {
  if (i >= n)
    return NG_MOD_NONE;
  const ng_token *t = &toks[i];
  void *v = ng_map_get(&ev->cues, t->key, t->key_len);
  if (v)
    return (ng_modality)(uintptr_t)v;
  size_t end;
  const ng_trigger *tr = ng_evdict_trigger(ev, toks, n, i, 0, &end);
  if (tr && end == i + 1) {
    v = ng_map_get(&ev->cues, tr->lemma, strlen(tr->lemma));
    if (v)
      return (ng_modality)(uintptr_t)v;
  }
  return NG_MOD_NONE;
}

const char *ng_evdict_recode(const ng_evdict *ev, ng_modality mode,
                             const char *code) {
  if (mode <= NG_MOD_NONE || mode >= NG_MOD_COUNT_)
    return NULL;
  for (size_t n = strlen(code); n >= 2; n--) {
    const char *to = ng_map_get(&ev->modal_map[mode], code, n);
    if (to)
      return to;
  }
  return NULL;
}

/* reported.tsv: kind key when code */
static ng_status row_reported(ng_world *w, void *ud, char **f, size_t nf,
                              long line) {
  ectx *c = ud;
  if (nf < 2)
    return NG_ERR_DATA;
  size_t kl = strlen(f[1]);
  if (!strcmp(f[0], "imputed")) {
    ng_map_entry *e = ng_map_slot(&c->ev->imputed, c->ev->arena, f[1], kl);
    if (!e)
      return NG_ERR_NOMEM;
    e->value = (void *)c->ev;
    return NG_OK;
  }
  if (strcmp(f[0], "verb") || nf < 4 ||
      (strcmp(f[2], "any") && strcmp(f[2], "imputed")) ||
      strlen(f[3]) >= sizeof ((ng_reported_verb *)0)->code ||
      !ng_evdict_code(c->ev, f[3])) {
    ng_log(w, NG_LOG_ERROR, NG_ERR_DATA, "evdict", line, 0,
           "events/reported.tsv: bad row '%s'", f[0]);
    return NG_ERR_DATA;
  }
  ng_reported_verb *r = ng_arena_alloc(c->ev->arena, sizeof *r);
  ng_map_entry *e =
      r ? ng_map_slot(&c->ev->reported, c->ev->arena, f[1], kl) : NULL;
  if (!e)
    return NG_ERR_NOMEM;
  memset(r, 0, sizeof *r);
  r->any = !strcmp(f[2], "any");
  snprintf(r->code, sizeof r->code, "%s", f[3]);
  r->origin = ng_arena_printf(c->ev->arena, "reported.tsv:%ld", line);
  if (!r->origin)
    return NG_ERR_NOMEM;
  e->value = r;
  return NG_OK;
}

const ng_reported_verb *ng_evdict_reported(const ng_evdict *ev,
                                           const char *lemma, size_t len) {
  return ev && lemma && len ? ng_map_get(&ev->reported, lemma, len) : NULL;
}

int ng_evdict_imputed(const ng_evdict *ev, const char *word, size_t len) {
  return ev && word && len && ng_map_get(&ev->imputed, word, len) != NULL;
}

/* policy.tsv: name codes trigger source target condition action */
static ng_status row_policy(ng_world *w, void *ud, char **f, size_t nf,
                            long line) {
  ectx *c = ud;
  char origin[40];
  snprintf(origin, sizeof origin, "policy.tsv:%ld", line);
  ng_policy_rule r;
  ng_status st = ng_policy_parse_row(c->ev->arena, f, nf, origin, &r);
  if (!st && r.action == NG_PA_RECODE && !ng_evdict_code(c->ev, r.recode))
    st = NG_ERR_DATA;
  if (st == NG_ERR_DATA)
    ng_log(w, NG_LOG_ERROR, st, "evdict", line, 0,
           "events/policy.tsv: bad rule '%s'", nf ? f[0] : "");
  if (st)
    return st;
  ng_policy_rule *slot =
      ng_vec_push(&c->ev->policy, sizeof *slot, 10000);
  if (!slot)
    return NG_ERR_NOMEM;
  *slot = r;
  return NG_OK;
}

static ng_status load(ectx *c, const char *name, size_t maxf,
                      ng_tsv_row_fn fn) {
  char *buf;
  size_t len;
  ng_status st = ng_read_file(c->w, c->w->data_dir, name, &buf, &len);
  if (st)
    return st;
  c->ev->hash = ng_xxh64(buf, len, c->ev->hash);
  c->file = name;
  c->file_len = strlen(name);
  st = ng_tsv_each(c->w, name, buf, len, 1, maxf, fn, c);
  free(buf);
  return st;
}

static void free_triggers(ng_evdict *ev) {
  for (size_t i = 0; i < ev->lemmas.cap; i++) {
    ng_trigger *t = ev->lemmas.slots[i].value;
    if (ev->lemmas.slots[i].key && t) {
      ng_vec_free(&t->patterns);
      ng_vec_free(&t->pending);
    }
  }
  for (size_t i = 0; i < ev->synsets.cap; i++) {
    ng_phrases *ph = ev->synsets.slots[i].value;
    if (ev->synsets.slots[i].key && ph)
      ng_phrases_free(ph);
  }
}

ng_status ng_evdict_load(ng_world *w, ng_evdict **out) {
  *out = NULL;
  ng_evdict *ev = calloc(1, sizeof *ev);
  if (!ev)
    return NG_ERR_NOMEM;
  ev->arena = &w->arena;
  ev->hash = NG_HASH64_INIT;
  ng_phrases_init(&ev->verb_forms);
  ng_phrases_init(&ev->noun_forms);
  if (pthread_mutex_init(&ev->lazy_lock, NULL)) {
    free(ev);
    return NG_ERR_NOMEM;
  }
  ectx c = {.w = w, .ev = ev};
  ng_status st = load(&c, "cameo.tsv", 7, row_code);
  if (!st)
    st = load(&c, "events/synsets.tsv", 2, row_synset);
  if (!st)
    st = load(&c, "events/verb-forms.tsv", 2, row_forms);
  if (!st)
    st = load(&c, "events/core-forms.tsv", 2, row_forms);
  if (!st)
    st = load(&c, "events/cameo-verbs.tsv", 4, row_pattern);
  c.core = 1;
  if (!st)
    st = load(&c, "events/core.tsv", 4, row_pattern);
  c.noun = 1;
  if (!st)
    st = load(&c, "events/nouns.tsv", 5, row_noun);
  if (!st)
    st = load(&c, "events/modality.tsv", 4, row_modality);
  if (!st)
    st = load(&c, "events/stoplist.tsv", 2, row_stop);
  if (!st)
    st = load(&c, "events/policy.tsv", 7, row_policy);
  if (!st)
    st = load(&c, "events/reported.tsv", 4, row_reported);
  ng_map_free(&c.words);
  ng_map_free(&c.compiled);
  ng_vec_free(&c.toks);
  /* triggers with nothing pending are built already */
  for (size_t i = 0; !st && i < ev->lemmas.cap; i++) {
    ng_trigger *t = ev->lemmas.slots[i].value;
    if (ev->lemmas.slots[i].key && t && !t->pending.n)
      atomic_store_explicit(&t->built, 1, memory_order_relaxed);
  }
  if (st) {
    ng_evdict_free(ev);
    return st;
  }
  *out = ev;
  return NG_OK;
}

void ng_evdict_free(ng_evdict *ev) {
  if (!ev)
    return;
  free_triggers(ev);
  ng_phrases_free(&ev->verb_forms);
  ng_phrases_free(&ev->noun_forms);
  ng_map_free(&ev->lemmas);
  ng_vec_free(&ev->policy);
  ng_map_free(&ev->reported);
  ng_map_free(&ev->imputed);
  ng_map_free(&ev->synsets);
  ng_map_free(&ev->codes);
  ng_map_free(&ev->cues);
  for (int i = 0; i < NG_MOD_COUNT_; i++)
    ng_map_free(&ev->modal_map[i]);
  pthread_mutex_destroy(&ev->lazy_lock);
  free(ev);
}

/* ---- matching ---- */

int ng_evdict_is_verb(const ng_evdict *ev, const ng_token *t) {
  ng_phrase_match m[1];
  return ng_phrases_match(&ev->verb_forms, t, 1, 0, m, 1) > 0;
}

const ng_trigger *ng_evdict_trigger(const ng_evdict *ev, const ng_token *toks,
                                    size_t n, size_t i, int noun,
                                    size_t *end) {
  ng_phrase_match m[4];
  size_t k = ng_phrases_match(noun ? &ev->noun_forms : &ev->verb_forms, toks,
                              n, i, m, 4);
  if (!k)
    return NULL;
  *end = m[0].end;
  return m[0].node->vals->payload;
}

/* Does the key of T equal WORD, or a regular plural of it? */
static int word_eq(const ng_token *t, const char *w, size_t wl, int exact) {
  if (t->key_len == wl && !memcmp(t->key, w, wl))
    return 1;
  if (exact || !wl)
    return 0;
  const char *k = t->key;
  size_t kl = t->key_len;
  if (kl == wl + 1 && k[wl] == 's' && !memcmp(k, w, wl))
    return 1;
  if (kl == wl + 2 && !memcmp(k + wl, "es", 2) && !memcmp(k, w, wl))
    return 1;
  if (w[wl - 1] == 'y' && kl == wl + 2 && !memcmp(k, w, wl - 1) &&
      !memcmp(k + wl - 1, "ies", 3))
    return 1;
  return 0;
}

int ng_pe_match_at(const ng_pe *e, const ng_token *toks, size_t n, size_t i,
                   size_t *end) {
  if (i >= n)
    return 0;
  if (e->kind == NG_PE_SET) {
    ng_phrase_match m[4];
    size_t k = ng_phrases_match(e->set, toks, n, i, m, 4);
    for (size_t j = 0; j < k; j++) {
      *end = m[j].end;
      return 1;
    }
    return 0;
  }
  if (e->kind != NG_PE_WORD)
    return 0;
  /* a word element of one or more tokens (hyphens skipped) */
  const char *w = e->word;
  size_t j = i;
  for (uint8_t t = 0; t < e->ntok; t++) {
    while (j < n && (toks[j].flags & NG_TF_HYPHEN))
      j++;
    if (j >= n)
      return 0;
    /* a word of two or more letters matches only keys that begin with
     * its first letter (plurals included): most calls end here */
    if (w[0] && w[0] != ' ' && w[1] && w[1] != ' ' && toks[j].key[0] != w[0])
      return 0;
    const char *sp = strchr(w, ' ');
    size_t wl = sp ? (size_t)(sp - w) : strlen(w);
    if (!word_eq(&toks[j], w, wl, e->exact || t + 1 < e->ntok))
      return 0;
    w += wl + (sp ? 1 : 0);
    j++;
  }
  *end = j;
  return 1;
}
