/* lexicon.c - loads data/lexicon/: abbreviations.txt, words.tsv,
 * titles.tsv, nouns.tsv and agents.tsv (see data/README.md). */
#include <stdint.h>
#include <stdlib.h>

#include "lexicon.h"

ng_status ng_tsv_each(ng_world *w, const char *path, char *buf, size_t len,
                      int has_header, size_t maxf, ng_tsv_row_fn fn,
                      void *ud) {
  char *f[32];
  if (maxf > NG_ARRAY_LEN(f))
    maxf = NG_ARRAY_LEN(f);
  long line = 0;
  int header_seen = !has_header;
  char *p = buf, *end = buf + len;
  /* valid as a whole (the usual case), every line is: checked once */
  int all_valid = ng_utf8_valid(buf, len, NULL);
  while (p < end) {
    char *nl = memchr(p, '\n', (size_t)(end - p));
    char *eol = nl ? nl : end;
    line++;
    if (eol > p && eol[-1] == '\r')
      eol[-1] = '\0';
    *eol = '\0';
    char *row = p;
    p = nl ? nl + 1 : end;
    if (row[0] == '#' || row[0] == '\0')
      continue;
    if (!header_seen) {
      header_seen = 1;
      continue;
    }
    /* the whole line is checked before its tabs become NULs (checked
     * after, only the first field was), and a NUL in it is refused
     * (fuzz_dict: regress/dict/tsv-utf8-after-tab) */
    size_t bad, row_len = (size_t)(eol - row);
    if (row_len && row[row_len - 1] == '\0')
      row_len--; /* the carriage return cut above */
    if (!all_valid && !ng_utf8_valid(row, row_len, &bad)) {
      ng_log(w, NG_LOG_ERROR, NG_ERR_DATA, "data", line, (long)bad + 1,
             "%s: not valid UTF-8 text", path);
      return NG_ERR_DATA;
    }
    size_t nf = 0;
    char *q = row;
    for (;;) {
      char *tab = strchr(q, '\t');
      if (nf < maxf)
        f[nf++] = q;
      if (!tab)
        break;
      *tab = '\0';
      q = tab + 1;
    }
    ng_status st = fn(w, ud, f, nf, line);
    if (st == NG_ERR_LIMIT) {
      /* a row over a limit of the loaders (a phrase of too many words)
       * is a malformed line of the file, never a silent failure
       * (fuzz_dict: regress/dict/pattern-word-too-long) */
      ng_log(w, NG_LOG_ERROR, NG_ERR_DATA, "data", line, 0,
             "%s: a field is over a limit (too many words?)", path);
      return NG_ERR_DATA;
    }
    if (st == NG_ERR_ARG) {
      /* a phrase field with no word in it (empty, spaces, control
       * characters): the loaders' "invalid argument" is a malformed line
       * of the file (fuzz_dict: regress/dict/title-without-words) */
      ng_log(w, NG_LOG_ERROR, NG_ERR_DATA, "data", line, 0,
             "%s: a field has no word in it", path);
      return NG_ERR_DATA;
    }
    if (st) {
      if (st == NG_ERR_DATA)
        ng_log(w, NG_LOG_ERROR, st, "data", line, 0, "%s: malformed line",
               path);
      return st;
    }
  }
  return NG_OK;
}

int ng_lexicon_is_abbrev(const ng_lexicon *lex, const char *s, size_t n) {
  return ng_map_get(&lex->abbrev, s, n) != NULL;
}

/* the classes are kept in the map's value pointer */
_Static_assert(sizeof(uintptr_t) >= sizeof(ng_wclass),
               "word classes need a 64-bit pointer");

ng_wclass ng_lexicon_word(const ng_lexicon *lex, const ng_token *t) {
  return (ng_wclass)(uintptr_t)ng_map_get_h(&lex->words, t->key, t->key_len,
                                           t->hash);
}

static const struct {
  const char *name;
  ng_wclass flag;
} word_classes[] = {
    {"pronoun-m", NG_WC_PRONOUN_M},   {"pronoun-f", NG_WC_PRONOUN_F},
    {"pronoun-pl", NG_WC_PRONOUN_PL}, {"pronoun-it", NG_WC_PRONOUN_IT},
    {"possessive", NG_WC_POSSESSIVE}, {"particle", NG_WC_PARTICLE},
    {"determiner", NG_WC_DETERMINER}, {"function", NG_WC_FUNCTION},
    {"month", NG_WC_MONTH},           {"weekday", NG_WC_WEEKDAY},
    {"prep", NG_WC_PREP},             {"conj", NG_WC_CONJ},
    {"aux", NG_WC_AUX},               {"negation", NG_WC_NEGATION},
    {"modal", NG_WC_MODAL},           {"quant", NG_WC_QUANT},
    {"say", NG_WC_SAY},               {"relative", NG_WC_RELATIVE},
    {"cond", NG_WC_COND},             {"future", NG_WC_FUTURE},
    {"number", NG_WC_NUMBER},         {"anon", NG_WC_ANON},
    {"capword", NG_WC_CAPWORD},       {"adverb", NG_WC_ADVERB},
    {"hparticle", NG_WC_HPARTICLE},   {"sports", NG_WC_SPORTS},
    {"titlemod", NG_WC_TITLEMOD},     {"former", NG_WC_FORMER},
    {"report", NG_WC_REPORT},         {"affil", NG_WC_AFFIL},
    {"affilpre", NG_WC_AFFILPRE},     {"outlet", NG_WC_OUTLET},
    {"personal", NG_WC_PERSONAL},     {"anyone", NG_WC_ANYONE},
    {"placenoun", NG_WC_PLACENOUN},   {"foreign", NG_WC_FOREIGN},
    {"company", NG_WC_COMPANY},       {"tell", NG_WC_TELL},
    {"tellby", NG_WC_TELLBY},
    {"light", NG_WC_LIGHT},           {"direction", NG_WC_DIRECTION},
    {"document", NG_WC_DOCUMENT},     {"hypothetical", NG_WC_HYPOTHETICAL},
    {"planned", NG_WC_PLANNED},       {"vparticle", NG_WC_VPARTICLE},
    {"halt", NG_WC_HALT},             {"realizing", NG_WC_REALIZING},
    {"light-bare", NG_WC_LIGHT_BARE}, {"nonfactual", NG_WC_NONFACTUAL},
    {"quantity", NG_WC_QUANTITY},     {"part", NG_WC_PART},
    {"tally-unit", NG_WC_TALLY_UNIT},
    {"postin", NG_WC_POSTIN},         {"notpost", NG_WC_NOTPOST},
    {"pronoun-1", NG_WC_PRONOUN_1},   {"be", NG_WC_BE},
    {"dayword", NG_WC_DAYWORD},       {"preverb", NG_WC_PREVERB},
};

static ng_status row_words(ng_world *w, void *ud, char **f, size_t nf,
                           long line) {
  ng_lexicon *lex = ud;
  if (nf < 2)
    return NG_ERR_DATA;
  ng_wclass flags = 0;
  char *cls = f[1];
  while (*cls) {
    char *comma = strchr(cls, ',');
    size_t n = comma ? (size_t)(comma - cls) : strlen(cls);
    size_t i;
    for (i = 0; i < NG_ARRAY_LEN(word_classes); i++)
      if (strlen(word_classes[i].name) == n &&
          !memcmp(word_classes[i].name, cls, n))
        break;
    if (i == NG_ARRAY_LEN(word_classes)) {
      ng_log(w, NG_LOG_ERROR, NG_ERR_DATA, "data", line, 0,
             "words.tsv: unknown word class '%.*s'", (int)n, cls);
      return NG_ERR_DATA;
    }
    flags |= word_classes[i].flag;
    cls += n + (comma ? 1 : 0);
  }
  uint32_t klen;
  const char *key = ng_token_key(lex->arena, f[0], strlen(f[0]), &klen);
  if (!key)
    return NG_ERR_NOMEM;
  ng_map_entry *e = ng_map_slot(&lex->words, lex->arena, key, klen);
  if (!e)
    return NG_ERR_NOMEM;
  e->value = (void *)(uintptr_t)((ng_wclass)(uintptr_t)e->value | flags);
  return NG_OK;
}

static int parse_kind(const char *s, ng_lex_kind *out) {
  static const char *names[] = {"post",       "rank",    "honorific",
                                "person",     "collective", "body",
                                "orghead",    "thing",   "describer"};
  for (int i = 0; i < NG_LEX_KIND_COUNT_; i++)
    if (!strcmp(s, names[i])) {
      *out = (ng_lex_kind)i;
      return 1;
    }
  return 0;
}

/* Adds TERM to PH; the entry's label is CANON when given (a variant
 * spelling such as "PM" stands for "Prime Minister"). */
static ng_status add_entry(ng_lexicon *lex, ng_phrases *ph, const char *term,
                           const char *canon, ng_lex_kind kind,
                           ng_actor_type type, const char *role, int plural,
                           const char *actor) {
  ng_lex_entry *e = ng_arena_alloc(lex->arena, sizeof *e);
  if (!e)
    return NG_ERR_NOMEM;
  const char *label = canon && *canon ? canon : term;
  e->term = ng_arena_strndup(lex->arena, label, strlen(label));
  e->role = role && *role && strcmp(role, "-")
                ? ng_arena_strndup(lex->arena, role, strlen(role))
                : NULL;
  if (!e->term || (role && *role && strcmp(role, "-") && !e->role))
    return NG_ERR_NOMEM;
  e->kind = (uint8_t)kind;
  e->type = (uint8_t)type;
  e->plural = (uint8_t)plural;
  e->actor = actor;
  return ng_phrases_add_text(ph, lex->arena, lex, term, strlen(term), e);
}

/* titles.tsv: term  kind  role  canonical */
static ng_status row_titles(ng_world *w, void *ud, char **f, size_t nf,
                            long line) {
  ng_lexicon *lex = ud;
  ng_lex_kind kind;
  if (nf < 3 || !parse_kind(f[1], &kind) ||
      (kind > NG_LEX_PERSON && kind != NG_LEX_DESCRIBER))
    return NG_ERR_DATA;
  ng_status st = add_entry(lex, &lex->titles, f[0], nf > 3 ? f[3] : NULL,
                           kind, NG_AT_PERSON, f[2], 0, NULL);
  /* the plural form of a post: "Presidents X of A and Y of B" */
  if (!st && nf > 4 && f[4][0]) {
    if (kind != NG_LEX_POST)
      return NG_ERR_DATA;
    const char *canon = nf > 3 && f[3][0] ? f[3] : f[0];
    st = add_entry(lex, &lex->title_plurals, f[4], canon, kind, NG_AT_PERSON,
                   f[2], 1, NULL);
  }
  return st;
}

/* nouns.tsv: term  kind  type  role  number */
static ng_status row_nouns(ng_world *w, void *ud, char **f, size_t nf,
                           long line) {
  ng_lexicon *lex = ud;
  ng_lex_kind kind;
  if (nf < 5 || !parse_kind(f[1], &kind) || kind < NG_LEX_COLLECTIVE)
    return NG_ERR_DATA;
  ng_actor_type type = ng_actor_type_parse(f[2], strlen(f[2]));
  if (kind == NG_LEX_THING)
    return add_entry(lex, &lex->things, f[0], NULL, kind, NG_AT_NONE, NULL, 0,
                     NULL); /* no actor: type and role are "-" */
  if (type == NG_AT_NONE)
    return NG_ERR_DATA;
  int plural = !strcmp(f[4], "pl");
  /* "farmers ... AGR" with no AGR in roles.tsv named no one, silently */
  if (kind == NG_LEX_COLLECTIVE && strcmp(f[3], "-") &&
      !ng_lexicon_role(lex, f[3])) {
    ng_log(w, NG_LOG_ERROR, NG_ERR_DATA, "data", line, 0,
           "nouns.tsv: role %s is not in roles.tsv", f[3]);
    return NG_ERR_DATA;
  }
  const char *actor = NULL;
  if (nf > 5 && f[5][0]) {
    if (kind != NG_LEX_COLLECTIVE) {
      ng_log(w, NG_LOG_ERROR, NG_ERR_DATA, "data", line, 0,
             "nouns.tsv: only a collective names an actor of its own");
      return NG_ERR_DATA;
    }
    actor = ng_arena_strndup(lex->arena, f[5], strlen(f[5]));
    if (!actor)
      return NG_ERR_NOMEM;
  }
  return add_entry(lex, kind == NG_LEX_ORGHEAD ? &lex->orgheads : &lex->nouns,
                   f[0], NULL, kind, type, f[3], plural, actor);
}

/* agents.tsv: term  code  kind */
static ng_status row_agents(ng_world *w, void *ud, char **f, size_t nf,
                            long line) {
  ng_lexicon *lex = ud;
  if (nf < 3)
    return NG_ERR_DATA;
  ng_lex_kind kind = NG_LEX_PERSON;
  if (!strcmp(f[2], "group"))
    kind = NG_LEX_COLLECTIVE;
  else if (!strcmp(f[2], "title"))
    kind = NG_LEX_POST;
  ng_status st =
      add_entry(lex, &lex->agents, f[0], NULL, kind, NG_AT_NONE, f[1], 0,
                NULL);
  return st == NG_ERR_LIMIT || st == NG_ERR_ARG ? NG_OK : st;
}

/* roles.tsv: role  type  key  label */
static ng_status row_roles(ng_world *w, void *ud, char **f, size_t nf,
                           long line) {
  ng_lexicon *lex = ud;
  if (nf < 4 || !f[0][0] || !f[2][0] || !f[3][0])
    return NG_ERR_DATA;
  ng_actor_type type = ng_actor_type_parse(f[1], strlen(f[1]));
  if (type == NG_AT_NONE)
    return NG_ERR_DATA;
  ng_role_def *r = ng_arena_alloc(lex->arena, sizeof *r);
  if (!r)
    return NG_ERR_NOMEM;
  r->role = ng_arena_strndup(lex->arena, f[0], strlen(f[0]));
  r->key = ng_arena_strndup(lex->arena, f[2], strlen(f[2]));
  r->label = ng_arena_strndup(lex->arena, f[3], strlen(f[3]));
  r->type = (uint8_t)type;
  if (!r->role || !r->key || !r->label)
    return NG_ERR_NOMEM;
  ng_map_entry *e = ng_map_slot(&lex->roles, lex->arena, f[0], strlen(f[0]));
  if (!e)
    return NG_ERR_NOMEM;
  e->value = r;
  return NG_OK;
}

const ng_role_def *ng_lexicon_role(const ng_lexicon *lex, const char *role) {
  return role ? ng_map_get(&lex->roles, role, strlen(role)) : NULL;
}

/* ---- transliteration variants (variants.tsv) ---- */

/* Steps 1 and 2 of the fold: apostrophes and hyphens out, letter
 * sequences folded.  Returns the length written, 0 when it does not fit. */
static size_t fold_letters(const ng_lexicon *lex, const char *key, size_t n,
                           char *out, size_t cap) {
  size_t k = 0, p = 0;
  const ng_fold_rule *rules = lex->variant_letters.items;
  while (p < n) {
    if (key[p] == '\'' || key[p] == '-') {
      p++;
      continue;
    }
    const ng_fold_rule *hit = NULL;
    unsigned c1 = (unsigned char)key[p];
    unsigned pair = p + 1 < n ? c1 << 8 | (unsigned char)key[p + 1] : 0;
    int maybe = (pair && (lex->letter_pairs[pair / 64] >> (pair % 64) & 1)) ||
                (lex->letter_single[c1 / 64] >> (c1 % 64) & 1);
    for (size_t r = 0; maybe && r < lex->variant_letters.n && !hit; r++)
      if (rules[r].from[0] == key[p] && rules[r].from_len <= n - p &&
          !memcmp(key + p, rules[r].from, rules[r].from_len))
        hit = &rules[r];
    const char *add = hit ? hit->to : key + p;
    size_t add_len = hit ? hit->to_len : 1;
    if (k + add_len + 1 > cap)
      return 0;
    memcpy(out + k, add, add_len);
    k += add_len;
    p += hit ? hit->from_len : 1;
  }
  out[k] = '\0';
  return k;
}

size_t ng_lexicon_fold_word(const ng_lexicon *lex, const char *key, size_t n,
                            char *out, size_t cap) {
  if (!cap)
    return 0;
  size_t k = fold_letters(lex, key, n, out, cap);
  if (!k)
    return 0;
  const char *canon = ng_map_get(&lex->variant_words, out, k);
  if (canon) {
    size_t cl = strlen(canon);
    if (cl + 1 > cap)
      return 0;
    memcpy(out, canon, cl + 1);
    return cl;
  }
  const ng_fold_rule *rules = lex->variant_endings.items;
  for (size_t r = 0; r < lex->variant_endings.n; r++) {
    const ng_fold_rule *e = &rules[r];
    if (k < (size_t)e->from_len + 3 ||
        memcmp(out + k - e->from_len, e->from, e->from_len))
      continue;
    size_t stem = k - e->from_len;
    if (stem + e->to_len + 1 > cap)
      return 0;
    memcpy(out + stem, e->to, e->to_len);
    k = stem + e->to_len;
    out[k] = '\0';
    break;
  }
  return k;
}

/* Inserts RULE into V keeping the longest FROM first. */
static ng_status add_fold_rule(ng_vec *v, ng_fold_rule rule) {
  ng_fold_rule *slot = ng_vec_push(v, sizeof rule, 4096);
  if (!slot)
    return NG_ERR_NOMEM;
  ng_fold_rule *rs = v->items;
  size_t i = v->n - 1;
  while (i > 0 && rs[i - 1].from_len < rule.from_len) {
    rs[i] = rs[i - 1];
    i--;
  }
  rs[i] = rule;
  return NG_OK;
}

/* variants.tsv: kind  forms ("letters", "word" or "ending"; the first of
 * the '|'-separated forms is the one the others fold to).  Letters rows
 * come first: word and ending forms are stored folded by them. */
static ng_status row_variants(ng_world *w, void *ud, char **f, size_t nf,
                              long line) {
  ng_lexicon *lex = ud;
  int letters = nf >= 2 && !strcmp(f[0], "letters");
  int word = nf >= 2 && !strcmp(f[0], "word");
  int ending = nf >= 2 && !strcmp(f[0], "ending");
  if (!letters && !word && !ending) {
    ng_log(w, NG_LOG_ERROR, NG_ERR_DATA, "data", line, 0,
           "variants.tsv: kind must be letters, word or ending");
    return NG_ERR_DATA;
  }
  if (letters && (lex->variant_words.n || lex->variant_endings.n)) {
    ng_log(w, NG_LOG_ERROR, NG_ERR_DATA, "data", line, 0,
           "variants.tsv: letters rows must come before word and ending "
           "rows");
    return NG_ERR_DATA;
  }
  const char *canon = NULL;
  size_t canon_len = 0;
  for (char *p = f[1]; *p;) {
    char *bar = strchr(p, '|');
    size_t n = bar ? (size_t)(bar - p) : strlen(p);
    char buf[64];
    size_t k = 0;
    if (n == 0 || n >= sizeof buf) {
      ng_log(w, NG_LOG_ERROR, NG_ERR_DATA, "data", line, 0,
             "variants.tsv: a form is empty or longer than %u bytes",
             (unsigned)sizeof buf - 1);
      return NG_ERR_DATA;
    }
    if (letters) {
      memcpy(buf, p, n);
      k = n;
    } else {
      k = fold_letters(lex, p, n, buf, sizeof buf);
    }
    if (!k || k > 255)
      return NG_ERR_DATA;
    char *form = ng_arena_strndup(lex->arena, buf, k);
    if (!form)
      return NG_ERR_NOMEM;
    if (!canon) {
      canon = form;
      canon_len = k;
    } else if (word) {
      ng_map_entry *e = ng_map_slot(&lex->variant_words, lex->arena, form, k);
      if (!e)
        return NG_ERR_NOMEM;
      if (!e->value)
        e->value = (void *)canon;
    } else if (k != canon_len || memcmp(form, canon, k)) {
      ng_fold_rule r = {form, canon, (uint8_t)k, (uint8_t)canon_len};
      if (letters && k == 1) {
        unsigned c1 = (unsigned char)form[0];
        lex->letter_single[c1 / 64] |= (uint64_t)1 << (c1 % 64);
      } else if (letters) {
        unsigned pr = (unsigned char)form[0] << 8 | (unsigned char)form[1];
        lex->letter_pairs[pr / 64] |= (uint64_t)1 << (pr % 64);
      }
      ng_status st = add_fold_rule(
          letters ? &lex->variant_letters : &lex->variant_endings, r);
      if (st)
        return st;
    }
    p += n + (bar ? 1 : 0);
  }
  if (word && canon) { /* the first form stands for itself */
    ng_map_entry *e =
        ng_map_slot(&lex->variant_words, lex->arena, canon, canon_len);
    if (!e)
      return NG_ERR_NOMEM;
    if (!e->value)
      e->value = (void *)canon;
  }
  return NG_OK;
}

int ng_lexicon_is_given(const ng_lexicon *lex, const ng_token *t) {
  if (ng_lexicon_word(lex, t) & NG_WC_GIVEN)
    return 1;
  char folded[128];
  size_t fl = ng_lexicon_fold_word(lex, t->key, t->key_len, folded,
                                   sizeof folded);
  return fl && ng_map_get(&lex->given_folded, folded, fl) != NULL;
}

/* A word list of data/lexicon/: one item a line, '#' starts a comment
 * line; trailing blanks, CRs and the characters of TRIM are dropped.  FN
 * takes each item (N bytes at P); its first error stops the reading. */
typedef ng_status (*list_item_fn)(ng_lexicon *lex, const char *p, size_t n);

static ng_status load_list(ng_world *w, ng_lexicon *lex, const char *path,
                           const char *trim, list_item_fn fn) {
  char *buf;
  size_t len;
  ng_status st = ng_read_file(w, w->data_dir, path, &buf, &len);
  if (st)
    return st;
  lex->hash = ng_xxh64(buf, len, lex->hash);
  char *p = buf, *end = buf + len;
  while (!st && p < end) {
    char *nl = memchr(p, '\n', (size_t)(end - p));
    char *eol = nl ? nl : end;
    size_t n = (size_t)(eol - p);
    while (n && (p[n - 1] == '\r' || p[n - 1] == ' ' ||
                 (trim && strchr(trim, p[n - 1]))))
      n--;
    if (n && p[0] != '#')
      st = fn(lex, p, n);
    p = nl ? nl + 1 : end;
  }
  free(buf);
  return st;
}

/* given-names.txt: one given name a line, made by
 * data/tools/make_given_names.py from the people of data/actors/. */
static ng_status given_item(ng_lexicon *lex, const char *p, size_t n) {
  uint32_t klen;
  const char *key = ng_token_key(lex->arena, p, n, &klen);
  ng_map_entry *e =
      key ? ng_map_slot(&lex->words, lex->arena, key, klen) : NULL;
  if (!e)
    return NG_ERR_NOMEM;
  e->value =
      (void *)(uintptr_t)((ng_wclass)(uintptr_t)e->value | NG_WC_GIVEN);
  char folded[128];
  size_t fl = ng_lexicon_fold_word(lex, key, klen, folded, sizeof folded);
  ng_map_entry *fe =
      fl ? ng_map_slot(&lex->given_folded, lex->arena, folded, fl) : NULL;
  if (fl && !fe)
    return NG_ERR_NOMEM;
  if (fe)
    fe->value = (void *)1;
  return NG_OK;
}

static ng_status load_given(ng_world *w, ng_lexicon *lex) {
  return load_list(w, lex, "lexicon/given-names.txt", NULL, given_item);
}

static ng_status load_tsv(ng_world *w, ng_lexicon *lex, const char *name,
                          size_t maxf, ng_tsv_row_fn fn) {
  char path[64];
  snprintf(path, sizeof path, "lexicon/%s", name);
  char *buf;
  size_t len;
  ng_status st = ng_read_file(w, w->data_dir, path, &buf, &len);
  if (st)
    return st;
  lex->hash = ng_xxh64(buf, len, lex->hash);
  st = ng_tsv_each(w, path, buf, len, 1, maxf, fn, lex);
  free(buf);
  return st;
}

/* abbreviations.txt: one abbreviation a line, its final period dropped. */
static ng_status abbrev_item(ng_lexicon *lex, const char *p, size_t n) {
  ng_map_entry *e = ng_map_slot(&lex->abbrev, lex->arena, p, n);
  if (!e)
    return NG_ERR_NOMEM;
  e->value = (void *)1;
  return NG_OK;
}

static ng_status load_abbrev(ng_world *w, ng_lexicon *lex) {
  return load_list(w, lex, "lexicon/abbreviations.txt", ".", abbrev_item);
}

ng_status ng_lexicon_load(ng_world *w, ng_lexicon **out) {
  *out = NULL;
  ng_lexicon *lex = calloc(1, sizeof *lex);
  if (!lex)
    return NG_ERR_NOMEM;
  lex->arena = &w->arena;
  lex->hash = NG_HASH64_INIT;
  ng_phrases_init(&lex->titles);
  ng_phrases_init(&lex->title_plurals);
  ng_phrases_init(&lex->nouns);
  ng_phrases_init(&lex->orgheads);
  ng_phrases_init(&lex->things);
  ng_phrases_init(&lex->agents);
  /* abbreviations first: the tokenizer uses them for everything after */
  ng_status st = load_abbrev(w, lex);
  if (!st)
    st = load_tsv(w, lex, "words.tsv", 2, row_words);
  if (!st)
    st = load_tsv(w, lex, "titles.tsv", 5, row_titles);
  /* roles before nouns: a group noun's role must be one of them */
  if (!st)
    st = load_tsv(w, lex, "roles.tsv", 4, row_roles);
  if (!st)
    st = load_tsv(w, lex, "nouns.tsv", 6, row_nouns);
  if (!st)
    st = load_tsv(w, lex, "agents.tsv", 3, row_agents);
  if (!st)
    st = load_tsv(w, lex, "variants.tsv", 2, row_variants);
  if (!st)
    st = load_given(w, lex);
  if (st) {
    ng_lexicon_free(lex);
    return st;
  }
  *out = lex;
  return NG_OK;
}

void ng_lexicon_free(ng_lexicon *lex) {
  if (!lex)
    return;
  ng_map_free(&lex->abbrev);
  ng_map_free(&lex->words);
  ng_phrases_free(&lex->titles);
  ng_phrases_free(&lex->title_plurals);
  ng_phrases_free(&lex->nouns);
  ng_phrases_free(&lex->orgheads);
  ng_phrases_free(&lex->things);
  ng_phrases_free(&lex->agents);
  ng_map_free(&lex->roles);
  ng_map_free(&lex->variant_words);
  ng_map_free(&lex->given_folded);
  ng_vec_free(&lex->variant_letters);
  ng_vec_free(&lex->variant_endings);
  free(lex);
}
