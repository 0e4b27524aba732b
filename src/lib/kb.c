/* kb.c - loads the actor knowledge base (see kb.h and data/README.md).
 *
 * Order: data/countries.tsv (a Country and a Government entry per
 * country, demonyms, capitals), then data/actors/ *.tsv in name order,
 * then the user's files.  A later record with the same key updates the
 * earlier one (its fields win, aliases add up). */
#include <dirent.h>
#include <stdlib.h>
#include <strings.h>

#include "kb.h"

const ng_kb_entry *ng_kb_get(const ng_kb *kb, const char *key) {
  return ng_map_get(&kb->by_key, key, strlen(key));
}

const ng_country *ng_kb_country(const ng_kb *kb, const char *iso3) {
  if (!iso3)
    return NULL;
  return ng_map_get(&kb->countries, iso3, strlen(iso3));
}

/* ---- dates ---- */

/* Parses YYYY[-MM[-DD]] at S (N bytes) into a comparable number;
 * START picks the first or the last day of a partial date. */
static int parse_bound(const char *s, size_t n, int start, long *out) {
  int y = 0, m = start ? 1 : 12, d = start ? 1 : 31;
  if (n < 4)
    return 0;
  for (int i = 0; i < 4; i++) {
    if (s[i] < '0' || s[i] > '9')
      return 0;
    y = y * 10 + (s[i] - '0');
  }
  if (n >= 7) {
    if (s[4] != '-' || s[5] < '0' || s[5] > '9' || s[6] < '0' || s[6] > '9')
      return 0;
    m = (s[5] - '0') * 10 + (s[6] - '0');
  }
  if (n >= 10) {
    if (s[7] != '-' || s[8] < '0' || s[8] > '9' || s[9] < '0' || s[9] > '9')
      return 0;
    d = (s[8] - '0') * 10 + (s[9] - '0');
  }
  if (n != 4 && n != 7 && n != 10)
    return 0;
  *out = (long)y * 10000 + m * 100 + d;
  return 1;
}

int ng_range_holds(const char *r, size_t n, int y, int m, int d) {
  const char *dots = NULL;
  for (size_t i = 0; i + 1 < n; i++)
    if (r[i] == '.' && r[i + 1] == '.') {
      dots = r + i;
      break;
    }
  long day = (long)y * 10000 + m * 100 + d, lo, hi;
  if (!dots) { /* a single date or year: holds on it */
    if (!parse_bound(r, n, 1, &lo) || !parse_bound(r, n, 0, &hi))
      return 0;
    return day >= lo && day <= hi;
  }
  size_t ln = (size_t)(dots - r), hn = n - ln - 2;
  if (ln && (!parse_bound(r, ln, 1, &lo) || day < lo))
    return 0;
  if (hn && (!parse_bound(dots + 2, hn, 0, &hi) || day > hi))
    return 0;
  return 1;
}

static int valid_range(const char *r, size_t n) {
  const char *dots = NULL;
  for (size_t i = 0; i + 1 < n; i++)
    if (r[i] == '.' && r[i + 1] == '.')
      dots = r + i;
  long x;
  if (!dots)
    return parse_bound(r, n, 1, &x);
  size_t ln = (size_t)(dots - r), hn = n - ln - 2;
  return (!ln || parse_bound(r, ln, 1, &x)) &&
         (!hn || parse_bound(dots + 2, hn, 0, &x));
}

/* The last date in any range of the Phoenix dictionaries (2015-02-17),
 * to the end of that year: only Phoenix entries give an undated default
 * beside dated codes (the curated 50-* files date every code). */
#define PHOENIX_LAST_UPDATE 20151231L

/* Is the range R (N bytes) open at its end ("2013-06-05..")? */
static int open_end(const char *r, size_t n) {
  return n >= 2 && r[n - 1] == '.' && r[n - 2] == '.';
}

void ng_kb_cameo_at(const ng_kb_entry *e, int y, int m, int d, char *out) {
  out[0] = '\0';
  if (!e->cameo)
    return;
  /* an undated default among the codes? */
  int undated_too = 0;
  for (const char *q = e->cameo; *q && !undated_too;) {
    const char *semi = strchr(q, ';');
    size_t n = semi ? (size_t)(semi - q) : strlen(q);
    undated_too = n > 0 && !memchr(q, '@', n);
    q += n + (semi ? 1 : 0);
  }
  const char *p = e->cameo;
  char fallback[16] = "", undated[16] = "";
  while (*p) {
    const char *semi = strchr(p, ';');
    size_t n = semi ? (size_t)(semi - p) : strlen(p);
    const char *at = memchr(p, '@', n);
    size_t cn = at ? (size_t)(at - p) : n;
    if (cn > 0 && cn < 16) {
      /* a range that holds at the date wins over the undated code,
       * which is Phoenix's default for the other dates ("ELI;
       * IGOUNO@1997-01-01..2006-12-31": the UN's in 2000); but an open
       * end ("ZWEGOV@1987-12-31..") is only what the dictionary knew
       * when it was last updated: after that the default stands */
      if (at && y != 0 && ng_range_holds(at + 1, n - cn - 1, y, m, d) &&
          !(undated_too && open_end(at + 1, n - cn - 1) &&
            (long)y * 10000 + m * 100 + d > PHOENIX_LAST_UPDATE)) {
        memcpy(out, p, cn);
        out[cn] = '\0';
        return;
      }
      if (!at && !undated[0]) {
        memcpy(undated, p, cn);
        undated[cn] = '\0';
      }
      if (!fallback[0]) {
        memcpy(fallback, p, cn);
        fallback[cn] = '\0';
      }
    }
    p += n + (semi ? 1 : 0);
  }
  /* no range holds: the undated code; else, with no date, the first one
   * listed */
  if (undated[0])
    memcpy(out, undated, sizeof undated);
  else if (y == 0)
    memcpy(out, fallback, sizeof fallback);
}

/* ---- case ---- */

int ng_kb_case_ok(const ng_lexicon *lex, const ng_token *toks, size_t b,
                  size_t e, ng_case_mode mode) {
  if (mode == NG_CASE_ANY)
    return 1;
  if (mode == NG_CASE_EXACT)
    mode = NG_CASE_NAME;
  int content = 0;
  for (size_t i = b; i < e; i++) {
    const ng_token *t = &toks[i];
    if (!(t->flags & NG_TF_WORD))
      continue;
    if (mode == NG_CASE_UPPER) {
      if (!(t->flags & NG_TF_UPPER) &&
          !((t->flags & NG_TF_CAP) && t->key_len == 1))
        return 0;
      continue;
    }
    if (t->flags & (NG_TF_CAP | NG_TF_UPPER)) {
      content = 1;
      continue;
    }
    ng_wclass wc = ng_lexicon_word(lex, t);
    if (!(wc & (NG_WC_PARTICLE | NG_WC_HPARTICLE | NG_WC_PREP | NG_WC_DETERMINER | NG_WC_CONJ)))
      return 0;
  }
  return mode == NG_CASE_UPPER || content;
}

/* ---- loading ---- */

typedef struct load_ctx {
  ng_kb *kb;
  ng_lexicon *lex;
  const char *file;
  int user;
  const char *candidates; /* the countries of the ambiguous place being
                             added, or NULL */
} load_ctx;

static int all_upper(const char *s) {
  int letters = 0;
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c >= 'a' && c <= 'z')
      return 0;
    if (c >= 'A' && c <= 'Z')
      letters++;
  }
  return letters >= 2;
}

/* all_upper for the N bytes at S. */
static int all_upper_n(const char *s, size_t n) {
  int letters = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 'a' && c <= 'z')
      return 0;
    if (c >= 'A' && c <= 'Z')
      letters++;
  }
  return letters >= 2;
}

/* One short word with a capital after its first letter and a lower-case
 * letter: an acronym written in mixed case ("LeT"), which "Let" at the
 * head of a sentence is not. */
static int mixed_caps(const char *s) {
  size_t n = strlen(s);
  int inner_upper = 0, lower = 0;
  if (n < 2 || n > 6)
    return 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char ch = (unsigned char)s[i];
    if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')))
      return 0;
    lower |= ch >= 'a' && ch <= 'z';
    inner_upper |= i > 0 && ch >= 'A' && ch <= 'Z';
  }
  return inner_upper && lower;
}

static ng_status add_alias(load_ctx *c, const ng_kb_entry *e, const char *s,
                           size_t n, int capital) {
  while (n && (*s == ' '))
    s++, n--;
  while (n && s[n - 1] == ' ')
    n--;
  if (!n)
    return NG_OK;
  ng_kb_alias *a = ng_arena_alloc(c->kb->arena, sizeof *a);
  if (!a)
    return NG_ERR_NOMEM;
  a->entry = e;
  /* the label is the first alias of most entries: shared, not copied */
  if (e->label && !strncmp(e->label, s, n) && !e->label[n])
    a->surface = e->label;
  else
    a->surface = ng_arena_strndup(c->kb->arena, s, n);
  if (!a->surface)
    return NG_ERR_NOMEM;
  a->mode = all_upper(a->surface)    ? NG_CASE_UPPER
            : mixed_caps(a->surface) ? NG_CASE_EXACT
                                     : NG_CASE_NAME;
  a->capital = (uint8_t)capital;
  a->candidates = capital == NG_ALIAS_AMBIGUOUS ? c->candidates : NULL;
  ng_status st =
      ng_phrases_add_text(&c->kb->names, c->kb->arena, c->lex, s, n, a);
  if (st == NG_ERR_LIMIT || st == NG_ERR_ARG)
    return NG_OK; /* a name too long or empty to ever match: skip it */
  if (!st)
    c->kb->n_aliases++;
  return st;
}

/* Adds each '|'-separated alias of LIST. */
static ng_status add_aliases(load_ctx *c, const ng_kb_entry *e,
                             const char *list, int capital) {
  ng_status st = NG_OK;
  while (!st && list && *list) {
    const char *bar = strchr(list, '|');
    size_t n = bar ? (size_t)(bar - list) : strlen(list);
    st = add_alias(c, e, list, n, capital);
    list += n + (bar ? 1 : 0);
  }
  return st;
}

static const char *dup_or_null(ng_arena *a, const char *s) {
  if (!s || !*s)
    return NULL;
  return ng_arena_strndup(a, s, strlen(s));
}

/* The entry for KEY (N bytes, ng_hash32 HASH), created (fields empty)
 * when new. */
static ng_kb_entry *entry_for_h(load_ctx *c, const char *key, size_t n,
                                uint32_t hash, int *created) {
  ng_map_entry *me = ng_map_slot_h(&c->kb->by_key, c->kb->arena, key, n,
                                   hash);
  if (!me)
    return NULL;
  *created = 0;
  if (!me->value) {
    ng_kb_entry *e = ng_arena_alloc(c->kb->arena, sizeof *e);
    if (!e)
      return NULL;
    memset(e, 0, sizeof *e);
    e->key = me->key;
    ng_kb_entry **slot =
        ng_vec_push(&c->kb->entries, sizeof(ng_kb_entry *), 10000000);
    if (!slot)
      return NULL;
    *slot = e;
    me->value = e;
    *created = 1;
  }
  return me->value;
}

static ng_kb_entry *entry_for(load_ctx *c, const char *key, int *created) {
  size_t n = strlen(key);
  return entry_for_h(c, key, n, ng_hash32(key, n), created);
}

static int valid_cameo(const char *s) {
  while (*s) {
    const char *semi = strchr(s, ';');
    size_t n = semi ? (size_t)(semi - s) : strlen(s);
    const char *at = memchr(s, '@', n);
    size_t cn = at ? (size_t)(at - s) : n;
    if (cn == 0 || cn > 15)
      return 0;
    for (size_t i = 0; i < cn; i++)
      if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9')))
        return 0;
    if (at && !valid_range(at + 1, n - cn - 1))
      return 0;
    s += n + (semi ? 1 : 0);
  }
  return 1;
}

/* countries.tsv: iso3 iso2 qid cameo name demonyms aliases capitals */
static ng_status row_country(ng_world *w, void *ud, char **f, size_t nf,
                             long line) {
  load_ctx *c = ud;
  ng_kb *kb = c->kb;
  if (nf < 8 || strlen(f[0]) != 3 || !f[4][0])
    return NG_ERR_DATA;
  ng_map_entry *me = ng_map_slot(&kb->countries, kb->arena, f[0], 3);
  if (!me)
    return NG_ERR_NOMEM;
  ng_country *co = me->value;
  if (!co) {
    co = ng_arena_alloc(kb->arena, sizeof *co);
    if (!co)
      return NG_ERR_NOMEM;
    memset(co, 0, sizeof *co);
    me->value = co;
  }
  co->iso3 = me->key;
  co->iso2 = dup_or_null(kb->arena, f[1]);
  co->qid = dup_or_null(kb->arena, f[2]);
  co->cameo = dup_or_null(kb->arena, f[3][0] ? f[3] : f[0]);
  co->name = dup_or_null(kb->arena, f[4]);
  if ((f[1][0] && !co->iso2) || (f[2][0] && !co->qid) ||
      ((f[3][0] || f[0][0]) && !co->cameo) ||
      (f[4][0] && !co->name))
    return NG_ERR_NOMEM;
  char key[16];
  int created;
  snprintf(key, sizeof key, "country/%s", f[0]);
  ng_kb_entry *ce = entry_for(c, key, &created);
  snprintf(key, sizeof key, "gov/%s", f[0]);
  ng_kb_entry *ge = ce ? entry_for(c, key, &created) : NULL;
  if (!ce || !ge)
    return NG_ERR_NOMEM;
  ce->type = NG_AT_COUNTRY;
  ce->label = co->name;
  ce->iso3 = co->iso3;
  ce->qid = co->qid;
  ce->cameo = co->cameo;
  ce->aliases = dup_or_null(kb->arena, f[6]);
  ce->file = c->file;
  ce->line = line;
  ge->type = NG_AT_GOVERNMENT;
  ge->label = ng_arena_printf(kb->arena, "Government of %s", co->name);
  ge->iso3 = co->iso3;
  ge->cameo = ng_arena_printf(kb->arena, "%sGOV", co->cameo);
  ge->aliases = dup_or_null(kb->arena, f[7]);
  if ((f[6][0] && !ce->aliases) || (f[7][0] && !ge->aliases))
    return NG_ERR_NOMEM;
  ge->file = c->file;
  ge->line = line;
  co->country = ce;
  co->gov = ge;
  if (!ge->label || !ge->cameo)
    return NG_ERR_NOMEM;
  /* demonyms */
  const char *dm = f[5];
  while (*dm) {
    const char *bar = strchr(dm, '|');
    size_t n = bar ? (size_t)(bar - dm) : strlen(dm);
    if (n) {
      if (!co->demonym)
        co->demonym = ng_arena_strndup(kb->arena, dm, n);
      ng_status st = ng_phrases_add_text(&kb->demonyms, kb->arena, c->lex, dm,
                                         n, co);
      if (st && st != NG_ERR_LIMIT && st != NG_ERR_ARG)
        return st;
    }
    dm += n + (bar ? 1 : 0);
  }
  ng_status st = add_alias(c, ce, f[4], strlen(f[4]), 0);
  if (!st)
    st = add_aliases(c, ce, f[6], 0);
  if (!st)
    st = add_aliases(c, ge, f[7], NG_ALIAS_CAPITAL);
  return st;
}

/* actors/ *.tsv: key type label country qid cameo aliases posts */
/* The layer of an actor file: the number its base name starts with
 * ("10-phoenix-people-1.tsv" is 10), or 50 when it has none
 * (data/README.md: layers below 50 are converted from old dictionaries). */
static int file_layer(const char *path) {
  const char *base = path ? strrchr(path, '/') : NULL;
  base = base ? base + 1 : path;
  int n = 0, digits = 0;
  while (base && base[digits] >= '0' && base[digits] <= '9' && digits < 4)
    n = n * 10 + (base[digits++] - '0');
  return digits && base[digits] == '-' ? n : 50;
}

static ng_status row_actor(ng_world *w, void *ud, char **f, size_t nf,
                           long line) {
  load_ctx *c = ud;
  ng_kb *kb = c->kb;
  /* the key's slot is fetched while the row is checked */
  size_t kn = nf ? strlen(f[0]) : 0;
  uint32_t kh = ng_hash32(nf ? f[0] : "", kn);
  ng_map_prefetch(&kb->by_key, kh);
  if (nf >= 3)
    ng_phrases_prefetch_text(&kb->names, f[2], strlen(f[2]));
  if (nf < 8) {
    ng_log(w, NG_LOG_ERROR, NG_ERR_DATA, "kb", line, 0,
           "%s: %zu fields, 8 expected (key type label country qid cameo "
           "aliases posts)", c->file, nf);
    return NG_ERR_DATA;
  }
  ng_actor_type type = ng_actor_type_parse(f[1], strlen(f[1]));
  const ng_country *co = NULL;
  const char *why = NULL;
  if (!f[0][0] || strchr(f[0], ' '))
    why = "the key must be non-empty and without spaces";
  else if (type == NG_AT_NONE)
    why = "unknown type";
  else if (!f[2][0])
    why = "the label is empty";
  else if (f[3][0] && !(co = ng_kb_country(kb, f[3])))
    why = "unknown country code";
  else if (f[4][0] && (f[4][0] != 'Q' || strspn(f[4] + 1, "0123456789") !=
                                             strlen(f[4] + 1)))
    why = "a Wikidata id looks like Q123";
  else if (f[5][0] && !valid_cameo(f[5]))
    why = "bad CAMEO code list (CODE or CODE@YYYY-MM-DD..YYYY-MM-DD, ';')";
  if (why) {
    ng_log(w, NG_LOG_ERROR, NG_ERR_DATA, "kb", line, 0, "%s: %s", c->file,
           why);
    return NG_ERR_DATA;
  }
  int created;
  ng_kb_entry *e = entry_for_h(c, f[0], kn, kh, &created);
  if (!e)
    return NG_ERR_NOMEM;
  e->type = (uint8_t)type;
  e->label = dup_or_null(kb->arena, f[2]);
  if (co)
    e->iso3 = co->iso3;
  if (f[4][0])
    e->qid = dup_or_null(kb->arena, f[4]);
  if (f[5][0])
    e->cameo = dup_or_null(kb->arena, f[5]);
  if (f[7][0])
    e->posts = dup_or_null(kb->arena, f[7]);
  e->aliases = dup_or_null(kb->arena, f[6]);
  /* a copy that failed is an allocation failure, not an empty field */
  if ((f[2][0] && !e->label) || (f[4][0] && !e->qid) ||
      (f[5][0] && !e->cameo) || (f[7][0] && !e->posts) ||
      (f[6][0] && !e->aliases))
    return NG_ERR_NOMEM;
  e->file = c->file;
  e->line = line;
  e->user = (uint8_t)c->user;
  e->converted = (uint8_t)(!c->user && file_layer(c->file) < 50);
  e->order = (uint32_t)kb->entries.n;
  ng_status st = add_alias(c, e, f[2], strlen(f[2]), 0);
  if (!st)
    st = add_aliases(c, e, f[6], 0);
  return st;
}

/* Counts in BUF (LEN bytes) the rows, '|' and ' ' that size the maps:
 * an entry per row, an alias per row and per '|', and a phrase prefix
 * per word of an alias. */
static size_t count_byte(const char *buf, size_t len, char ch) {
  size_t n = 0;
  for (const char *q = buf; (q = memchr(q, ch, len - (size_t)(q - buf)));
       q++)
    n++;
  return n;
}

static void count_keys(const char *buf, size_t len, size_t *rows,
                       size_t *words) {
  size_t n = count_byte(buf, len, '\n');
  *rows += n;
  *words += n + count_byte(buf, len, '|') + count_byte(buf, len, ' ');
}

/* Room at once for ROWS more entries and WORDS more phrase prefixes: the
 * maps do not double their way there, each copy a new block of pages. */
static ng_status reserve_keys(ng_kb *kb, size_t rows, size_t words) {
  return ng_map_reserve(&kb->by_key, kb->by_key.n + rows) ||
                 ng_map_reserve(&kb->names.map, kb->names.map.n + words)
             ? NG_ERR_NOMEM
             : NG_OK;
}

/* The rows of file NAME, read into BUF (LEN bytes, changed in place). */
static ng_status parse_file(ng_world *w, load_ctx *c, const char *name,
                            char *buf, size_t len, ng_tsv_row_fn fn) {
  c->kb->hash = ng_xxh64(buf, len, c->kb->hash);
  c->file = ng_arena_strndup(c->kb->arena, name, strlen(name));
  if (!c->file)
    return NG_ERR_NOMEM;
  return ng_tsv_each(w, name, buf, len, 1, 8, fn, c);
}

static ng_status load_file(ng_world *w, load_ctx *c, const char *dir,
                           const char *name, ng_tsv_row_fn fn) {
  char *buf;
  size_t len, rows = 0, words = 0;
  ng_status st = ng_read_file(w, dir, name, &buf, &len);
  if (st)
    return st;
  count_keys(buf, len, &rows, &words);
  st = reserve_keys(c->kb, rows, words);
  if (!st)
    st = parse_file(w, c, name, buf, len, fn);
  free(buf);
  return st;
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every *.tsv of DIR/actors in name order. */
static ng_status load_actor_dir(ng_world *w, load_ctx *c) {
  char path[4096];
  snprintf(path, sizeof path, "%s/actors", w->data_dir);
  DIR *dir = opendir(path);
  if (!dir) {
    ng_log(w, NG_LOG_ERROR, NG_ERR_DATA, "kb", 0, 0, "cannot open %s", path);
    return NG_ERR_DATA;
  }
  ng_vec names = {0};
  ng_status st = NG_OK;
  struct dirent *de;
  while (!st && (de = readdir(dir))) {
    size_t n = strlen(de->d_name);
    if (n < 5 || strcmp(de->d_name + n - 4, ".tsv") || de->d_name[0] == '.')
      continue;
    char **slot = ng_vec_push(&names, sizeof(char *), 100000);
    if (!slot || !(*slot = ng_arena_printf(c->kb->arena, "actors/%s",
                                           de->d_name)))
      st = NG_ERR_NOMEM;
  }
  closedir(dir);
  if (!st && names.n)
    qsort(names.items, names.n, sizeof(char *), cmp_str);
  /* every file read first, so that the maps are sized once for all; a
   * file that cannot be read fails after the ones before it are loaded */
  char **bufs = names.n ? calloc(names.n, sizeof *bufs) : NULL;
  size_t *lens = names.n ? calloc(names.n, sizeof *lens) : NULL;
  if (names.n && (!bufs || !lens))
    st = NG_ERR_NOMEM;
  size_t nread = 0, rows = 0, words = 0;
  ng_status read_st = NG_OK;
  for (; !st && !read_st && nread < names.n; nread++) {
    read_st = ng_read_file(w, w->data_dir, NG_VEC_AT(&names, char *, nread),
                           &bufs[nread], &lens[nread]);
    if (read_st)
      break;
  }
  for (size_t i = 0; i < nread; i++)
    count_keys(bufs[i], lens[i], &rows, &words);
  if (!st)
    st = reserve_keys(c->kb, rows, words);
  for (size_t i = 0; !st && i < nread; i++) {
    st = parse_file(w, c, NG_VEC_AT(&names, char *, i), bufs[i], lens[i],
                    row_actor);
    free(bufs[i]);
    bufs[i] = NULL;
  }
  if (!st)
    st = read_st;
  for (size_t i = 0; bufs && i < names.n; i++)
    free(bufs[i]);
  free(bufs);
  free(lens);
  ng_vec_free(&names);
  return st;
}

/* The last names of every person: "al-Maliki" and "Maliki" for "Nouri
 * al-Maliki", so that "Prime Minister al-Maliki" finds him. */
static ng_status index_surnames(ng_world *w, ng_kb *kb) {
  ng_arena tmp;
  ng_arena_init(&tmp, 0);
  ng_vec toks = {0};
  ng_status st = NG_OK;
  char keys[NG_TOKENIZE_SIMPLE_MAX + 1];
  uint16_t ends[NG_TOKENIZE_SIMPLE_MAX / 2 + 1];
  for (size_t i = 0; !st && i < kb->entries.n; i++) {
    ng_kb_entry *e = NG_VEC_AT(&kb->entries, ng_kb_entry *, i);
    if (e->type != NG_AT_PERSON || !e->label)
      continue;
    /* most labels are simple text: the last token with a letter, from
     * the keys alone (no hyphens, so no particle to drop) */
    int nk = ng_tokenize_simple_keys(e->label, strlen(e->label), keys, ends);
    if (nk >= 0 && nk <= NG_PHRASE_TEXT_MAX_TOKENS) {
      int last = nk;
      for (; last > 0; last--) {
        size_t kb0 = last > 1 ? ends[last - 2] + 1u : 0, ke = ends[last - 1];
        if (strcspn(keys + kb0, "abcdefghijklmnopqrstuvwxyz") < ke - kb0)
          break;
      }
      if (nk < 2 || last < 2)
        continue;
      size_t sb = ends[last - 2] + 1u;
      st = ng_phrases_add_text(&kb->surnames, kb->arena, w->lex, keys + sb,
                               ends[last - 1] - sb, e);
      if (st == NG_ERR_LIMIT || st == NG_ERR_ARG)
        st = NG_OK;
      continue;
    }
    toks.n = 0;
    st = ng_tokenize(w->lex, e->label, strlen(e->label), &tmp, &toks, 64);
    if (st == NG_ERR_LIMIT)
      st = NG_OK; /* no surname in a label of 64 tokens and more: it
                     stopped the world opening, silently (fuzz_actors:
                     regress/actors/long-person-label) */
    if (st || toks.n < 2)
      continue;
    const ng_token *t = toks.items;
    size_t last = toks.n;
    while (last > 0 && !(t[last - 1].flags & NG_TF_WORD))
      last--;
    if (last < 2)
      continue;
    size_t b = last - 1;
    while (b >= 2 && (t[b - 1].flags & NG_TF_HYPHEN))
      b -= 2; /* "al-Maliki", "Ould-Abdallah" */
    st = ng_phrases_add(&kb->surnames, kb->arena, t + b, last - b, e);
    if (!st && b > 0 && b + 1 < last) /* without the particle too */
      st = ng_phrases_add(&kb->surnames, kb->arena, t + last - 1, 1, e);
    if (st == NG_ERR_LIMIT || st == NG_ERR_ARG)
      st = NG_OK;
  }
  ng_vec_free(&toks);
  ng_arena_free(&tmp);
  return st;
}

/* The persons who hold posts, for the look-ups by post: a few hundred
 * of the tens of thousands of entries. */
static ng_status index_post_holders(ng_kb *kb) {
  for (size_t i = 0; i < kb->entries.n; i++) {
    ng_kb_entry *e = NG_VEC_AT(&kb->entries, ng_kb_entry *, i);
    if (e->type != NG_AT_PERSON || !e->posts || !e->iso3)
      continue;
    const ng_kb_entry **slot =
        ng_vec_push(&kb->post_holders, sizeof(ng_kb_entry *), 10000000);
    if (!slot)
      return NG_ERR_NOMEM;
    *slot = e;
  }
  return NG_OK;
}

static int has_title(const ng_kb_entry *e, const char *title) {
  if (!e->posts || !title)
    return 0;
  size_t n = strlen(title);
  for (const char *p = e->posts; *p;) {
    if (!strncmp(p, title, n) && p[n] == '@')
      return 1;
    const char *semi = strchr(p, ';');
    if (!semi)
      break;
    p = semi + 1;
  }
  return 0;
}

/* Does the label of X start with the word TOK ("Omar al-Bashir" for
 * "Omar El Bashir")? */
static int given_name_fits(const ng_kb_entry *x, const ng_token *tok) {
  if (!x->label || strlen(x->label) < tok->key_len)
    return 0;
  if (strncasecmp(x->label, tok->key, tok->key_len))
    return 0;
  char next = x->label[tok->key_len];
  return next == ' ' || next == '-' || next == '\0';
}

const ng_kb_entry *ng_kb_by_surname(const ng_kb *kb, const ng_token *toks,
                                    size_t b, size_t e, int y, int m, int d,
                                    const char *title, const char *iso3,
                                    const char **common_iso3) {
  if (common_iso3)
    *common_iso3 = NULL;
  /* the surname is the name's last words: try the longest first */
  for (size_t s = b; s < e; s++) {
    ng_phrase_match ms[4];
    size_t k = ng_phrases_match(&kb->surnames, toks, e, s, ms, 4);
    for (size_t j = 0; j < k; j++) {
      if (ms[j].end != e)
        continue;
      const ng_kb_entry *best = NULL;
      int best_score = -1, tie = 0;
      const char *country = NULL;
      int one_country = 1;
      for (const ng_phrase_val *v = ms[j].node->vals; v; v = v->next) {
        const ng_kb_entry *x = v->payload;
        if (iso3 && x->iso3 && strcmp(iso3, x->iso3))
          continue;
        if (s > b && !given_name_fits(x, &toks[b]))
          continue;
        char code[16] = "";
        if (y)
          ng_kb_cameo_at(x, y, m, d, code);
        if (y && x->cameo && !code[0])
          continue; /* not in office, or not alive, at that date */
        int score = (code[0] ? 2 : 0) + (has_title(x, title) ? 4 : 0) +
                    (x->iso3 && iso3 ? 1 : 0);
        if (score > best_score) {
          best = x;
          best_score = score;
          tie = 0;
          country = x->iso3;
          one_country = 1;
        } else if (score == best_score) {
          tie = 1;
          if (!country || !x->iso3 || strcmp(country, x->iso3))
            one_country = 0;
        }
      }
      if (best && !tie)
        return best;
      if (best && one_country && common_iso3)
        *common_iso3 = country;
      return NULL;
    }
  }
  return NULL;
}

/* places.tsv: name iso3 kind note -- a city or region of a country */
static ng_status row_place(ng_world *w, void *ud, char **f, size_t nf,
                           long line) {
  load_ctx *c = ud;
  (void)w;
  (void)line;
  if (nf < 2 || !f[0][0] || strlen(f[1]) != 3)
    return NG_ERR_DATA;
  const ng_country *co = ng_kb_country(c->kb, f[1]);
  if (!co)
    return NG_ERR_DATA; /* a place of no country in countries.tsv */
  return add_alias(c, co->country, f[0], strlen(f[0]), NG_ALIAS_PLACE);
}

/* places-ambiguous.tsv: name  countries (';'-separated ISO3)  rule */
static ng_status row_ambiguous(ng_world *w, void *ud, char **f, size_t nf,
                               long line) {
  load_ctx *c = ud;
  (void)w;
  (void)line;
  if (nf < 2 || !f[0][0] || strlen(f[1]) < 3)
    return NG_ERR_DATA;
  for (const char *p = f[1]; *p;) {
    const char *semi = strchr(p, ';');
    size_t n = semi ? (size_t)(semi - p) : strlen(p);
    char iso[4];
    if (n != 3)
      return NG_ERR_DATA;
    memcpy(iso, p, 3);
    iso[3] = '\0';
    if (!ng_kb_country(c->kb, iso))
      return NG_ERR_DATA; /* a country not in countries.tsv */
    p += n + (semi ? 1 : 0);
  }
  char first[4] = {f[1][0], f[1][1], f[1][2], '\0'};
  const ng_country *co = ng_kb_country(c->kb, first);
  c->candidates = ng_arena_strndup(c->kb->arena, f[1], strlen(f[1]));
  if (!c->candidates)
    return NG_ERR_NOMEM;
  ng_status st =
      add_alias(c, co->country, f[0], strlen(f[0]), NG_ALIAS_AMBIGUOUS);
  c->candidates = NULL;
  return st;
}

/* ---- transliteration variants ---- */

/* Marks a folded name two people share: it links to neither. */
static const char variant_ambiguous[] = "";

/* The folded form of the words [B, E) of NAME (split at blanks and
 * hyphens) into OUT (CAP bytes): each word's match key folded by
 * ng_lexicon_fold_word, joined by one space.  0 when it does not fit. */
static size_t fold_name_text(const ng_lexicon *lex, ng_arena *scratch,
                             const char *name, size_t n, char *out,
                             size_t cap) {
  size_t k = 0, p = 0;
  while (p < n) {
    while (p < n && (name[p] == ' ' || name[p] == '-'))
      p++;
    size_t b = p;
    while (p < n && name[p] != ' ' && name[p] != '-')
      p++;
    if (p == b)
      break;
    /* the match key: ASCII words here, the tokenizer's function for
     * the others (diacritics) */
    char ascii[128];
    const char *key = ascii;
    uint32_t kl = 0;
    for (size_t x = b; x < p && key == ascii; x++) {
      char ch = name[x];
      if ((unsigned char)ch >= 0x80 || kl + 1 >= sizeof ascii)
        key = NULL;
      else if (ch != '\'' && ch != '.')
        ascii[kl++] = (ch >= 'A' && ch <= 'Z') ? (char)(ch + 32) : ch;
    }
    if (!key || !kl)
      key = ng_token_key(scratch, name + b, p - b, &kl);
    if (!key)
      return 0;
    char word[128];
    size_t wl = ng_lexicon_fold_word(lex, key, kl, word, sizeof word);
    if (!wl || k + wl + 2 > cap)
      return 0;
    if (k)
      out[k++] = ' ';
    memcpy(out + k, word, wl);
    k += wl;
  }
  out[k] = '\0';
  return k;
}

static ng_status add_variant(ng_kb *kb, const ng_lexicon *lex,
                             ng_arena *scratch, const ng_kb_entry *e,
                             const char *name, size_t n) {
  char buf[512];
  size_t k = fold_name_text(lex, scratch, name, n, buf, sizeof buf);
  /* a bare surname only when it is long enough to say who */
  if (!k)
    return NG_OK;
  ng_map_entry *me = ng_map_slot(&kb->variants, kb->arena, buf, k);
  if (!me)
    return NG_ERR_NOMEM;
  if (!me->value)
    me->value = (void *)e;
  else if (me->value != (const void *)e)
    me->value = (void *)variant_ambiguous;
  return NG_OK;
}

/* Every name of every person, folded (data/lexicon/variants.tsv). */
static ng_status index_variants(ng_world *w, ng_kb *kb) {
  ng_arena scratch;
  ng_arena_init(&scratch, 0);
  size_t people = 0;
  for (size_t i = 0; i < kb->entries.n; i++)
    people += NG_VEC_AT(&kb->entries, ng_kb_entry *, i)->type == NG_AT_PERSON;
  ng_status st = ng_map_reserve(&kb->variants, people + people / 4)
                     ? NG_ERR_NOMEM
                     : NG_OK;
  for (size_t i = 0; i < kb->entries.n && !st; i++) {
    const ng_kb_entry *e = NG_VEC_AT(&kb->entries, ng_kb_entry *, i);
    if (e->type != NG_AT_PERSON || !e->label)
      continue;
    ng_arena_reset(&scratch);
    st = add_variant(kb, w->lex, &scratch, e, e->label, strlen(e->label));
    for (const char *p = e->aliases; !st && p && *p;) {
      const char *bar = strchr(p, '|');
      size_t n = bar ? (size_t)(bar - p) : strlen(p);
      if (!all_upper_n(p, n))
        st = add_variant(kb, w->lex, &scratch, e, p, n);
      p += n + (bar ? 1 : 0);
    }
  }
  ng_arena_free(&scratch);
  return st;
}

const ng_kb_entry *ng_kb_variant(const ng_kb *kb, const ng_lexicon *lex,
                                 const ng_token *toks, size_t b, size_t e) {
  if (!kb->variants.n || b >= e)
    return NULL;
  char buf[512];
  size_t k = 0;
  for (size_t i = b; i < e; i++) {
    if (!(toks[i].flags & NG_TF_WORD))
      continue; /* hyphens, periods of initials */
    char word[128];
    size_t wl = ng_lexicon_fold_word(lex, toks[i].key, toks[i].key_len, word,
                                     sizeof word);
    if (!wl || k + wl + 2 > sizeof buf)
      return NULL;
    if (k)
      buf[k++] = ' ';
    memcpy(buf + k, word, wl);
    k += wl;
  }
  const void *v = k ? ng_map_get(&kb->variants, buf, k) : NULL;
  return v && v != (const void *)variant_ambiguous ? v : NULL;
}

ng_status ng_kb_load(ng_world *w, ng_kb **out) {
  *out = NULL;
  ng_kb *kb = calloc(1, sizeof *kb);
  if (!kb)
    return NG_ERR_NOMEM;
  kb->arena = &w->arena;
  kb->hash = NG_HASH64_INIT;
  ng_phrases_init(&kb->names);
  ng_phrases_init(&kb->demonyms);
  ng_phrases_init(&kb->surnames);
  load_ctx c = {kb, w->lex, NULL, 0, NULL};
  ng_status st = load_file(w, &c, w->data_dir, "countries.tsv", row_country);
  if (!st)
    st = load_file(w, &c, w->data_dir, "places.tsv", row_place);
  if (!st)
    st = load_file(w, &c, w->data_dir, "places-ambiguous.tsv",
                   row_ambiguous);
  if (!st)
    st = load_actor_dir(w, &c);
  c.user = 1;
  for (size_t i = 0; !st && i < w->actor_files.n; i++)
    st = load_file(w, &c, NULL, NG_VEC_AT(&w->actor_files, char *, i),
                   row_actor);
  if (!st)
    st = index_surnames(w, kb);
  if (!st)
    st = index_post_holders(kb);
  if (!st)
    st = index_variants(w, kb);
  if (st) {
    ng_kb_free(kb);
    return st;
  }
  *out = kb;
  return NG_OK;
}

void ng_kb_free(ng_kb *kb) {
  if (!kb)
    return;
  ng_phrases_free(&kb->names);
  ng_phrases_free(&kb->demonyms);
  ng_phrases_free(&kb->surnames);
  ng_map_free(&kb->by_key);
  ng_map_free(&kb->countries);
  ng_map_free(&kb->variants);
  ng_vec_free(&kb->entries);
  ng_vec_free(&kb->post_holders);
  free(kb);
}

/* ---- lookup, for `newsgraph actors lookup` ---- */

ng_status ng_actors_lookup(ng_world *w, const char *name, const char *date,
                           ng_lookup_handler fn, void *ud) {
  if (!w || !name || !fn || !w->opened)
    return NG_ERR_ARG;
  size_t n = strlen(name);
  if (!ng_utf8_valid(name, n, NULL))
    return NG_ERR_INPUT;
  int y = 0, m = 0, d = 0;
  if (date && !ng_date_parse_ymd(date, strlen(date), &y, &m, &d))
    return NG_ERR_ARG;
  ng_arena arena;
  ng_arena_init(&arena, 0);
  ng_vec toks = {0};
  ng_status st = ng_tokenize(w->lex, name, n, &arena, &toks, 4096);
  const ng_token *t = toks.items;
  for (size_t i = 0; !st && i < toks.n; i++) {
    ng_phrase_match ms[NG_PHRASE_MAX_TOKENS];
    size_t k = ng_phrases_match(&w->kb->names, t, toks.n, i, ms,
                                NG_ARRAY_LEN(ms));
    for (size_t j = 0; j < k; j++)
      for (const ng_phrase_val *v = ms[j].node->vals; v; v = v->next) {
        const ng_kb_alias *a = v->payload;
        const ng_kb_entry *e = a->entry;
        char code[16];
        ng_kb_cameo_at(e, y, m, d, code);
        ng_lookup_hit h = {0};
        h.key = e->key;
        h.type = ng_actor_type_name((ng_actor_type)e->type);
        h.label = e->label;
        h.iso3 = e->iso3;
        h.wikidata = e->qid;
        h.cameo = code[0] ? code : NULL;
        h.posts = e->posts;
        h.via = a->capital == NG_ALIAS_PLACE ? "place"
                : a->capital ? "capital"
                             : "alias";
        h.alias = a->surface;
        h.rule = a->mode == NG_CASE_UPPER
                     ? "an acronym: matches upper-case text only"
                     : "a name: matches where the words are capitalised "
                       "(particles such as al-, bin, de may be lower case)";
        h.case_ok = ng_kb_case_ok(w->lex, t, i, ms[j].end,
                                  (ng_case_mode)a->mode);
        h.file = e->file;
        h.line = e->line;
        h.begin = t[i].b;
        h.end = t[ms[j].end - 1].e;
        fn(ud, &h);
      }
    k = ng_phrases_match(&w->kb->demonyms, t, toks.n, i, ms, 2);
    for (size_t j = 0; j < k && j < 1; j++) {
      const ng_country *co = ms[j].node->vals->payload;
      const ng_kb_entry *e = co->country;
      ng_lookup_hit h = {0};
      h.key = e->key;
      h.type = "Country";
      h.label = e->label;
      h.iso3 = co->iso3;
      h.wikidata = co->qid;
      h.cameo = co->cameo;
      h.via = "demonym";
      h.alias = co->demonym;
      h.rule = "a demonym: names the country, and with a role word its "
               "actors (\"Iraqi forces\")";
      h.case_ok = ng_kb_case_ok(w->lex, t, i, ms[j].end, NG_CASE_NAME);
      h.file = e->file;
      h.line = e->line;
      h.begin = t[i].b;
      h.end = t[ms[j].end - 1].e;
      fn(ud, &h);
    }
  }
  ng_vec_free(&toks);
  ng_arena_free(&arena);
  return st;
}

ng_status ng_name_key(ng_world *w, const char *name, size_t len, char **out) {
  if (!out)
    return NG_ERR_ARG;
  *out = NULL;
  if (!w || !name || !w->opened)
    return NG_ERR_ARG;
  if (!ng_utf8_valid(name, len, NULL))
    return NG_ERR_INPUT;
  ng_arena arena;
  ng_arena_init(&arena, 0);
  ng_vec toks = {0};
  ng_status st = ng_tokenize(w->lex, name, len, &arena, &toks, 4096);
  ng_buf b;
  ng_buf_init(&b, 64);
  const ng_token *t = toks.items;
  for (size_t i = 0; !st && i < toks.n; i++) {
    if ((t[i].flags & NG_TF_PUNCT) || !t[i].key_len)
      continue;
    if (b.len)
      st = ng_buf_addc(&b, ' ');
    if (!st)
      st = ng_buf_add(&b, t[i].key, t[i].key_len);
  }
  if (!st) {
    *out = malloc(b.len + 1);
    if (*out) {
      memcpy(*out, b.s ? b.s : "", b.len);
      (*out)[b.len] = '\0';
    } else {
      st = NG_ERR_NOMEM;
    }
  }
  ng_buf_free(&b);
  ng_vec_free(&toks);
  ng_arena_free(&arena);
  return st;
}
