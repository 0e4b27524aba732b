/* lemma.c - treebank lemma lookup plus learned suffix rules. */
#include "syntax/lemma.h"

#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SUFFIX 4u

typedef struct lemma_rule {
  int lower;
  uint32_t strip;
  const char *append;
} lemma_rule;

static int has_upper(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (s[i] >= 'A' && s[i] <= 'Z')
      return 1;
  return 0;
}

static void lower_into(char *dst, const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    dst[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] + 32) : s[i];
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* the length of the part of "k1\tk2\t...": the first FIELDS fields */
static size_t key_len(const char *s, int fields) {
  const char *p = s;
  for (int f = 0; f < fields; f++) {
    p = strchr(p, '\t');
    if (!p)
      return strlen(s);
    p++;
  }
  return (size_t)(p - s - 1);
}

/* Sorts ITEMS, and for each run of equal first KEYF fields writes the
 * most frequent whole item (the first in order on a tie) when seen at
 * least MIN times. */
static ng_status best_of_runs(char **items, size_t n, int keyf, size_t min,
                              ng_buf *out) {
  qsort(items, n, sizeof *items, cmp_str);
  ng_status st = NG_OK;
  size_t i = 0;
  while (i < n && !st) {
    size_t kl = key_len(items[i], keyf);
    size_t j = i, best = i, best_n = 0, total = 0;
    while (j < n && key_len(items[j], keyf) == kl &&
           !memcmp(items[j], items[i], kl)) {
      size_t r = j;
      while (r < n && !strcmp(items[r], items[j]))
        r++;
      if (r - j > best_n) {
        best_n = r - j;
        best = j;
      }
      total += r - j;
      j = r;
    }
    if (total >= min) {
      st = ng_buf_adds(out, items[best]);
      if (!st)
        st = ng_buf_addc(out, '\n');
    }
    i = j;
  }
  return st;
}

ng_status ng_lemma_train(const ng_syn_corpus *c, ng_buf *table,
                         ng_buf *rules) {
  size_t words = 0;
  for (size_t k = 0; k < c->n; k++)
    words += c->sent[k].n;
  ng_arena a;
  ng_arena_init(&a, 0);
  char **pairs = malloc((words ? words : 1) * sizeof *pairs);
  char **edits = malloc((words ? words : 1) * (MAX_SUFFIX + 1) *
                        sizeof *edits);
  ng_status st = pairs && edits ? NG_OK : NG_ERR_NOMEM;
  size_t np = 0, ne = 0;
  for (size_t k = 0; k < c->n && !st; k++) {
    const ng_syn_sent *s = &c->sent[k];
    for (uint32_t i = 1; i <= s->n && !st; i++) {
      pairs[np] = ng_arena_printf(&a, "%u\t%s\t%s", c->gold[k].tag[i],
                                  s->form[i], c->gold[k].lemma[i]);
      if (!pairs[np++])
        st = NG_ERR_NOMEM;
    }
  }
  if (!st)
    st = best_of_runs(pairs, np, 2, 1, table);
  /* the edits, once per distinct (tag, form, lemma) */
  for (size_t i = 0; i < np && !st; i++) {
    if (i && !strcmp(pairs[i], pairs[i - 1]))
      continue;
    char *tag_end = strchr(pairs[i], '\t');
    char *form = tag_end + 1;
    char *form_end = strchr(form, '\t');
    const char *lemma = form_end + 1;
    size_t fl = (size_t)(form_end - form), ll = strlen(lemma);
    char *base = ng_arena_alloc(&a, fl + 1);
    if (!base) {
      st = NG_ERR_NOMEM;
      break;
    }
    int lower = has_upper(form, fl) && !has_upper(lemma, ll);
    if (lower)
      lower_into(base, form, fl);
    else
      memcpy(base, form, fl);
    size_t p = 0;
    while (p < fl && p < ll && base[p] == lemma[p])
      p++;
    char low[MAX_SUFFIX];
    for (size_t sl = 0; sl <= MAX_SUFFIX && sl <= fl && !st; sl++) {
      lower_into(low, form + fl - sl, sl);
      edits[ne] = ng_arena_printf(&a, "%.*s\t%.*s\t%d\t%zu\t%s",
                                  (int)(tag_end - pairs[i]), pairs[i],
                                  (int)sl, low, lower, fl - p, lemma + p);
      if (!edits[ne++])
        st = NG_ERR_NOMEM;
    }
  }
  if (!st)
    st = best_of_runs(edits, ne, 2, 2, rules);
  free(pairs);
  free(edits);
  ng_arena_free(&a);
  return st;
}

void ng_lemma_free(ng_lemmatiser *l) {
  if (!l)
    return;
  ng_map_free(&l->table);
  ng_map_free(&l->rules);
  ng_arena_free(&l->arena);
  memset(l, 0, sizeof *l);
}

/* splits the line at P (up to END) into N tab-separated fields */
static int split(const char *p, const char *end, const char **f, size_t *fl,
                 int n) {
  for (int i = 0; i < n; i++) {
    const char *t = i + 1 < n ? memchr(p, '\t', (size_t)(end - p)) : end;
    if (!t)
      return -1;
    f[i] = p;
    fl[i] = (size_t)(t - p);
    p = t + 1;
  }
  return 0;
}

static ng_status load_lines(ng_lemmatiser *l, const char *text, size_t len,
                            int rules) {
  const char *p = text, *end = text + len;
  while (p < end) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    if (!nl)
      return NG_ERR_DATA;
    const char *f[5];
    size_t fl[5];
    int nf = rules ? 5 : 3;
    if (split(p, nl, f, fl, nf))
      return NG_ERR_DATA;
    size_t kl = fl[0] + 1 + fl[1];
    ng_map_entry *e = ng_map_slot(rules ? &l->rules : &l->table, &l->arena,
                                  p, kl);
    if (!e)
      return NG_ERR_NOMEM;
    if (rules) {
      lemma_rule *r = ng_arena_alloc(&l->arena, sizeof *r);
      char *app = ng_arena_strndup(&l->arena, f[4], fl[4]);
      if (!r || !app)
        return NG_ERR_NOMEM;
      r->lower = f[2][0] == '1';
      r->strip = (uint32_t)strtoul(f[3], NULL, 10);
      r->append = app;
      e->value = r;
    } else {
      char *lemma = ng_arena_strndup(&l->arena, f[2], fl[2]);
      if (!lemma)
        return NG_ERR_NOMEM;
      e->value = lemma;
    }
    p = nl + 1;
  }
  return NG_OK;
}

ng_status ng_lemma_load(ng_lemmatiser *l, const char *table, size_t tlen,
                        const char *rules, size_t rlen) {
  memset(l, 0, sizeof *l);
  ng_arena_init(&l->arena, 0);
  ng_map_init(&l->table);
  ng_map_init(&l->rules);
  ng_status st = load_lines(l, table, tlen, 0);
  if (!st)
    st = load_lines(l, rules, rlen, 1);
  if (st)
    ng_lemma_free(l);
  return st;
}

const char *ng_lemma_of(const ng_lemmatiser *l, uint32_t tag,
                        const char *form, size_t len, ng_arena *scratch) {
  char key[160];
  char low[128];
  /* "TAG\t" in decimal, as the table's keys are written (once a word:
   * snprintf was a visible share of the lemmatiser) */
  char digits[10];
  int nd = 0, tl = 0;
  do {
    digits[nd++] = (char)('0' + tag % 10);
    tag /= 10;
  } while (tag);
  while (nd)
    key[tl++] = digits[--nd];
  key[tl++] = '\t';
  if (len + (size_t)tl > sizeof key || len > sizeof low)
    return "_";
  memcpy(key + tl, form, len);
  const char *lemma = ng_map_get(&l->table, key, (size_t)tl + len);
  if (lemma)
    return lemma;
  lower_into(low, form, len);
  if (has_upper(form, len)) {
    memcpy(key + tl, low, len);
    lemma = ng_map_get(&l->table, key, (size_t)tl + len);
    if (lemma)
      return lemma;
  }
  for (size_t sl = len < MAX_SUFFIX ? len : MAX_SUFFIX;; sl--) {
    memcpy(key + tl, low + len - sl, sl);
    const lemma_rule *r = ng_map_get(&l->rules, key, (size_t)tl + sl);
    if (r && r->strip <= len) {
      size_t keep = len - r->strip, al = strlen(r->append);
      char *out = ng_arena_alloc(scratch, keep + al + 1);
      if (!out)
        return "_";
      if (r->lower)
        lower_into(out, form, keep);
      else
        memcpy(out, form, keep);
      memcpy(out + keep, r->append, al + 1);
      /* a rule cuts bytes: one learned on other letters may cut a
       * character in two; then the form stands */
      if (!*out || !ng_utf8_valid(out, keep + al, NULL))
        break;
      return out;
    }
    if (!sl)
      break;
  }
  char *out = ng_arena_strndup(scratch, form, len);
  return out ? out : "_";
}
