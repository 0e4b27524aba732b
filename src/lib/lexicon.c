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

uint32_t ng_lexicon_word(const ng_lexicon *lex, const ng_token *t) {
  return (uint32_t)(uintptr_t)ng_map_get_h(&lex->words, t->key, t->key_len,
                                           t->hash);
}

static const struct {
  const char *name;
  uint32_t flag;
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
    {"light", NG_WC_LIGHT},           {"direction", NG_WC_DIRECTION},
};

static ng_status row_words(ng_world *w, void *ud, char **f, size_t nf,
                           long line) {
  ng_lexicon *lex = ud;
  if (nf < 2)
    return NG_ERR_DATA;
  uint32_t flags = 0;
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
  e->value = (void *)(uintptr_t)((uint32_t)(uintptr_t)e->value | flags);
  return NG_OK;
}

static int parse_kind(const char *s, ng_lex_kind *out) {
  static const char *names[] = {"post",       "rank", "honorific", "person",
                                "collective", "body", "orghead"};
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
                           ng_actor_type type, const char *role, int plural) {
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
  return ng_phrases_add_text(ph, lex->arena, lex, term, strlen(term), e);
}

/* titles.tsv: term  kind  role  canonical */
static ng_status row_titles(ng_world *w, void *ud, char **f, size_t nf,
                            long line) {
  ng_lexicon *lex = ud;
  ng_lex_kind kind;
  if (nf < 3 || !parse_kind(f[1], &kind) || kind > NG_LEX_PERSON)
    return NG_ERR_DATA;
  return add_entry(lex, &lex->titles, f[0], nf > 3 ? f[3] : NULL, kind,
                   NG_AT_PERSON, f[2], 0);
}

/* nouns.tsv: term  kind  type  role  number */
static ng_status row_nouns(ng_world *w, void *ud, char **f, size_t nf,
                           long line) {
  ng_lexicon *lex = ud;
  ng_lex_kind kind;
  if (nf < 5 || !parse_kind(f[1], &kind) || kind < NG_LEX_COLLECTIVE)
    return NG_ERR_DATA;
  ng_actor_type type = ng_actor_type_parse(f[2], strlen(f[2]));
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
  return add_entry(lex, kind == NG_LEX_ORGHEAD ? &lex->orgheads : &lex->nouns,
                   f[0], NULL, kind, type, f[3], plural);
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
      add_entry(lex, &lex->agents, f[0], NULL, kind, NG_AT_NONE, f[1], 0);
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

static ng_status load_abbrev(ng_world *w, ng_lexicon *lex) {
  char *buf;
  size_t len;
  ng_status st =
      ng_read_file(w, w->data_dir, "lexicon/abbreviations.txt", &buf, &len);
  if (st)
    return st;
  lex->hash = ng_xxh64(buf, len, lex->hash);
  char *p = buf, *end = buf + len;
  while (!st && p < end) {
    char *nl = memchr(p, '\n', (size_t)(end - p));
    char *eol = nl ? nl : end;
    size_t n = (size_t)(eol - p);
    while (n && (p[n - 1] == '\r' || p[n - 1] == ' ' || p[n - 1] == '.'))
      n--;
    if (n && p[0] != '#') {
      ng_map_entry *e = ng_map_slot(&lex->abbrev, lex->arena, p, n);
      if (!e)
        st = NG_ERR_NOMEM;
      else
        e->value = (void *)1;
    }
    p = nl ? nl + 1 : end;
  }
  free(buf);
  return st;
}

ng_status ng_lexicon_load(ng_world *w, ng_lexicon **out) {
  *out = NULL;
  ng_lexicon *lex = calloc(1, sizeof *lex);
  if (!lex)
    return NG_ERR_NOMEM;
  lex->arena = &w->arena;
  lex->hash = NG_HASH64_INIT;
  ng_phrases_init(&lex->titles);
  ng_phrases_init(&lex->nouns);
  ng_phrases_init(&lex->orgheads);
  ng_phrases_init(&lex->agents);
  /* abbreviations first: the tokenizer uses them for everything after */
  ng_status st = load_abbrev(w, lex);
  if (!st)
    st = load_tsv(w, lex, "words.tsv", 2, row_words);
  if (!st)
    st = load_tsv(w, lex, "titles.tsv", 4, row_titles);
  /* roles before nouns: a group noun's role must be one of them */
  if (!st)
    st = load_tsv(w, lex, "roles.tsv", 4, row_roles);
  if (!st)
    st = load_tsv(w, lex, "nouns.tsv", 5, row_nouns);
  if (!st)
    st = load_tsv(w, lex, "agents.tsv", 3, row_agents);
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
  ng_phrases_free(&lex->nouns);
  ng_phrases_free(&lex->orgheads);
  ng_phrases_free(&lex->agents);
  ng_map_free(&lex->roles);
  free(lex);
}
