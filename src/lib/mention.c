/* mention.c - actor mentions: names from the knowledge base, people from
 * titles and ranks, collective actors ("Iraqi armed factions"),
 * institutions ("the Iraqi government"), organisations discovered from
 * their head words ("Popular Mobilization Forces"), title-only mentions
 * ("the Prime Minister"), pronouns and surnames.
 *
 * Each rule is tried at each token that no earlier mention covers; the
 * longest candidate wins, the knowledge base on ties.  Everything is
 * linear in the tokens: rules look at most a bounded window ahead. */
#include <stdlib.h>

#include "doc.h"
#include "evdict.h"
#include "kb.h"

#define NAME_MAX_TOKENS 6
#define WINDOW 24

typedef struct mctx {
  ng_world *w;
  ng_doc *d;
  const ng_lexicon *lex;
  const ng_kb *kb;
  ng_token *t;
  size_t n;
  int32_t *cover;   /* mention index covering each token, or -1 */
  size_t s_tb, s_te;/* the current sentence */
  size_t sentence;  /* its index */
  int titlecase;    /* the sentence is a title-case headline */
  ng_status err;    /* sticky: the first failure of an allocation or a
                       limit, returned at the end of the stage */
} mctx;

static ng_wclass wc(const mctx *c, size_t i) {
  return ng_lexicon_word(c->lex, &c->t[i]);
}

static int is_word(const mctx *c, size_t i) {
  return i < c->s_te && (c->t[i].flags & NG_TF_WORD);
}

static int is_cap(const mctx *c, size_t i) {
  return is_word(c, i) && (c->t[i].flags & (NG_TF_CAP | NG_TF_UPPER));
}

static int is_punct_char(const mctx *c, size_t i, char ch) {
  return i < c->s_te && (c->t[i].flags & NG_TF_PUNCT) &&
         c->t[i].e - c->t[i].b == 1 && c->d->text[c->t[i].b] == ch;
}

static int key_is(const mctx *c, size_t i, const char *k) {
  /* keys are NUL-terminated: the first bytes decide most calls */
  return i < c->s_te && c->t[i].key[0] == k[0] &&
         c->t[i].key_len == strlen(k) &&
         !memcmp(c->t[i].key, k, c->t[i].key_len);
}

/* A capitalised token that can be part of a personal or organisation
 * name: not a function word, not a month or weekday, and in a title-case
 * headline not a known verb form either. */
static int name_token(const mctx *c, size_t i) {
  if (!is_cap(c, i) || (c->t[i].flags & NG_TF_ABBREV && c->t[i].key_len > 1 &&
                        !(c->t[i].flags & NG_TF_UPPER)))
    return 0;
  ng_wclass k = wc(c, i);
  /* "Jan Visser", "April Ryan": a month is a first name before a
   * capitalised word that is not a number or another month */
  if ((k & NG_WC_MONTH) && !(k & ~(uint32_t)(NG_WC_MONTH | NG_WC_MODAL)) &&
      i + 1 < c->s_te && is_cap(c, i + 1) &&
      !(wc(c, i + 1) & (NG_WC_MONTH | NG_WC_FUNCTION | NG_WC_WEEKDAY)))
    return 1;
  if (k & (NG_WC_FUNCTION | NG_WC_DETERMINER | NG_WC_PREP | NG_WC_CONJ |
           NG_WC_AUX | NG_WC_MONTH | NG_WC_WEEKDAY | NG_WC_CAPWORD |
           NG_WC_SAY | NG_WC_NUMBER | NG_WC_QUANT))
    return (c->t[i].flags & NG_TF_UPPER) && !(k & NG_WC_FUNCTION);
  if (c->titlecase && c->w->evdict && ng_evdict_is_verb(c->w->evdict, &c->t[i]))
    return 0;
  return 1;
}

/* The end of a personal name starting at I: capitalised tokens, name
 * particles before a hyphen or a capitalised token ("al-Sudani", "bin
 * Salman", "van der Leyen"), initials.  0 when no name starts at I. */
static size_t name_end(const mctx *c, size_t i) {
  size_t j = i, words = 0;
  while (j < c->s_te && words < NAME_MAX_TOKENS) {
    if (c->cover[j] >= 0)
      break;
    if (name_token(c, j)) {
      words++;
      j++;
      if (j < c->s_te && (c->t[j].flags & NG_TF_HYPHEN) && is_word(c, j + 1)) {
        j++; /* "Al-Sudani": the hyphen and the part after it */
        if (!is_cap(c, j) &&
            !(wc(c, j) & (NG_WC_PARTICLE | NG_WC_HPARTICLE)))
          break; /* "Al-Sudani-led": stop before the hyphen */
      }
      continue;
    }
    /* "bin Salman", "van der Leyen"; "al", "as", "at" only before a
     * hyphen ("al-Assad"), so "Steven Wolf at Saint Francis" stops */
    if (is_word(c, j) && (wc(c, j) & (NG_WC_PARTICLE | NG_WC_HPARTICLE)) &&
        !is_cap(c, j) &&
        (((wc(c, j) & NG_WC_PARTICLE) && name_token(c, j + 1)) ||
         (j + 1 < c->s_te && /* fuzz_extract: regress/name-end-particle */
          (c->t[j + 1].flags & NG_TF_HYPHEN) && name_token(c, j + 2)))) {
      j++; /* a lower-case particle inside a name */
      if (c->t[j].flags & NG_TF_HYPHEN)
        j++;
      continue;
    }
    break;
  }
  /* trailing hyphen not followed by a name part: give it back */
  while (j > i && (c->t[j - 1].flags & NG_TF_HYPHEN))
    j--;
  return words ? j : 0;
}

static ng_mention *add_mention(mctx *c, size_t tb, size_t te, uint8_t kind,
                               uint8_t type) {
  ng_mention *m =
      ng_vec_push(&c->d->mentions, sizeof(ng_mention), NG_MAX_MENTIONS);
  if (!m) {
    /* callers read NULL as "no mention here": the stage still fails */
    if (!c->err)
      c->err = c->d->mentions.n >= NG_MAX_MENTIONS ? NG_ERR_LIMIT
                                                   : NG_ERR_NOMEM;
    return NULL;
  }
  m->tb = (uint32_t)tb;
  m->te = (uint32_t)te;
  m->nb = (uint32_t)tb;
  m->ne = (uint32_t)te;
  m->kind = kind;
  m->type = type;
  m->entity = -1;
  m->post_org = -1;
  m->surname_of = -1;
  m->appos = -1;
  int32_t idx = (int32_t)(c->d->mentions.n - 1);
  for (size_t i = tb; i < te; i++)
    c->cover[i] = idx;
  return m;
}

/* ---- the knowledge base ---- */

/* Among the entries of one alias, the one that fits the article date
 * best: a person whose code range holds the date, then the latest
 * loaded (curated and user files come last). */
static const ng_kb_alias *pick_alias(const mctx *c, const ng_phrase_node *node,
                                     size_t b, size_t e) {
  const ng_kb_alias *best = NULL;
  int best_score = -1;
  for (const ng_phrase_val *v = node->vals; v; v = v->next) {
    const ng_kb_alias *a = v->payload;
    if (!ng_kb_case_ok(c->lex, c->t, b, e, (ng_case_mode)a->mode))
      continue;
    if (a->mode == NG_CASE_EXACT &&
        (c->t[e - 1].e - c->t[b].b != strlen(a->surface) ||
         memcmp(c->d->text + c->t[b].b, a->surface, strlen(a->surface))))
      continue; /* "Let" is not "LeT" */
    int score = 1;
    if (a->entry->cameo && c->d->year) {
      char code[16];
      ng_kb_cameo_at(a->entry, c->d->year, c->d->month, c->d->day, code);
      score += code[0] ? 4 : 0;
    }
    if (a->entry->user)
      score += 8;
    if (a->capital == NG_ALIAS_AMBIGUOUS)
      score += 16; /* whose place it is, the article decides */
    if (score > best_score ||
        (score == best_score && a->entry->order > best->entry->order)) {
      best = a;
      best_score = score;
    }
  }
  return best;
}

typedef struct kb_hit {
  size_t end;
  const ng_kb_alias *alias;
} kb_hit;

static kb_hit kb_match(const mctx *c, size_t i) {
  kb_hit h = {0, NULL};
  if (i >= c->s_te || /* fuzz_extract: regress/kb-match-at-end */
      (!is_word(c, i) && !(c->t[i].flags & NG_TF_NUM)))
    return h;
  ng_phrase_match ms[NG_PHRASE_MAX_TOKENS];
  size_t k = ng_phrases_match(&c->kb->names, c->t, c->s_te, i, ms,
                              NG_ARRAY_LEN(ms));
  for (size_t j = 0; j < k; j++) {
    size_t end = ms[j].end;
    int covered = 0;
    for (size_t x = i; x < end; x++)
      covered |= c->cover[x] >= 0;
    if (covered)
      continue;
    /* a match must not stop inside a hyphenated word ("US-led" is fine,
     * "Iraq-Syria" too; but "Al" of "Al-Sudani" is not a name) */
    if (end < c->s_te && (c->t[end].flags & NG_TF_HYPHEN) && end > i &&
        (c->t[end - 1].flags & NG_TF_WORD) &&
        (wc(c, end - 1) & (NG_WC_PARTICLE | NG_WC_HPARTICLE)))
      continue;
    const ng_kb_alias *a = pick_alias(c, ms[j].node, i, end);
    if (a) {
      h.end = end;
      h.alias = a;
      return h;
    }
  }
  return h;
}

static const ng_country *demonym_at(const mctx *c, size_t i, size_t *end) {
  if (!is_cap(c, i))
    return NULL;
  ng_phrase_match ms[2];
  size_t k = ng_phrases_match(&c->kb->demonyms, c->t, c->s_te, i, ms, 2);
  if (!k)
    return NULL;
  *end = ms[0].end;
  return ms[0].node->vals->payload;
}

/* A country named at I, as a demonym ("Iraqi") or a name used as a
 * modifier ("US forces"); END gets the token after it. */
static const ng_country *country_mod_at(const mctx *c, size_t i, size_t *end) {
  const ng_country *co = demonym_at(c, i, end);
  if (co)
    return co;
  kb_hit h = kb_match(c, i);
  if (h.alias && h.alias->entry->type == NG_AT_COUNTRY && !h.alias->capital) {
    *end = h.end;
    return ng_kb_country(c->kb, h.alias->entry->iso3);
  }
  return NULL;
}

/* Locative use: "in Iraq", "from Baghdad" name a place, not an actor;
 * "to Iraq" may be a recipient ("aid to Iraq"), so it is not one. */
static int locative_before(const mctx *c, size_t i) {
  size_t j = i;
  if (j > c->s_tb && key_is(c, j - 1, "the"))
    j--;
  if (j <= c->s_tb)
    return 0;
  static const char *preps[] = {"in",     "at",     "near",   "across",
                                "inside", "outside", "around", "throughout",
                                "into",   "from",   "within", "via",
                                "through",
                                "over",   "northern", "southern", "eastern",
                                "western", "central", "northeastern",
                                "northwestern", "southeastern",
                                "southwestern", "of"};
  for (size_t k = 0; k < NG_ARRAY_LEN(preps); k++)
    if (key_is(c, j - 1, preps[k]))
      return 1;
  return 0;
}

/* ---- titles ---- */

typedef struct title_hit {
  size_t end;
  const ng_lex_entry *e;
} title_hit;

static title_hit title_at(const mctx *c, size_t i, int want_kind) {
  title_hit h = {0, NULL};
  if (!is_word(c, i))
    return h;
  ng_phrase_match ms[4];
  size_t k = ng_phrases_match(&c->lex->titles, c->t, c->s_te, i, ms, 4);
  for (size_t j = 0; j < k; j++)
    for (const ng_phrase_val *v = ms[j].node->vals; v; v = v->next) {
      const ng_lex_entry *e = v->payload;
      if (want_kind >= 0 && e->kind != want_kind)
        continue;
      if (e->kind == NG_LEX_PERSON || e->kind == NG_LEX_DESCRIBER)
        continue; /* "official", "wife": not a title before a name */
      h.end = ms[j].end;
      h.e = e;
      return h;
    }
  return h;
}

/* Words that may stand between a country and a title or between two
 * parts of a title: "Iraqi acting Prime Minister", "regional Deputy
 * Governor", "former President". */
static int title_modifier(const mctx *c, size_t i, int *former) {
  /* "acting", "deputy", "former"... (words.tsv: titlemod, former) */
  ng_wclass k = wc(c, i);
  if (!(k & NG_WC_TITLEMOD))
    return 0;
  if (k & NG_WC_FORMER)
    *former = 1;
  return 1;
}

/* "of the NATO Mission in Iraq" after a title: the mention index of the
 * organisation, created on the way; END gets the token after it. */
static int32_t title_org(mctx *c, size_t i, size_t *end);

/* Registers a person mention with its title parts. */
static ng_mention *person(mctx *c, size_t tb, size_t te, size_t nb, size_t ne,
                          const ng_lex_entry *post, const ng_lex_entry *rank,
                          const ng_country *co, int32_t org, int former) {
  ng_mention *m = add_mention(c, tb, te, nb < ne ? NG_MK_NAME : NG_MK_TITLE,
                              NG_AT_PERSON);
  if (!m)
    return NULL;
  m->nb = (uint32_t)nb;
  m->ne = (uint32_t)ne;
  m->title = post ? post->term : NULL;
  m->rank = rank ? rank->term : NULL;
  m->role = post && post->role ? post->role : rank ? rank->role : NULL;
  m->iso3 = co ? co->iso3 : NULL;
  m->post_org = org;
  m->former = (uint8_t)former;
  if (nb < ne) {
    kb_hit h = {0, NULL};
    /* the name itself may be a known person */
    ng_phrase_match ms[NG_PHRASE_MAX_TOKENS];
    size_t k = ng_phrases_match(&c->kb->names, c->t, ne, nb, ms,
                                NG_ARRAY_LEN(ms));
    for (size_t j = 0; j < k && !h.alias; j++)
      if (ms[j].end == ne) {
        const ng_kb_alias *a = pick_alias(c, ms[j].node, nb, ne);
        if (a && a->entry->type == NG_AT_PERSON)
          h.alias = a;
      }
    /* "President Mugabe": the one person of that last name who holds
     * that post at the article's date */
    const ng_kb_entry *se = NULL;
    const char *common = NULL;
    if (!h.alias && ne - nb <= 3 && (post || rank))
      se = ng_kb_by_surname(c->kb, c->t, nb, ne, c->d->year, c->d->month,
                            c->d->day, post ? post->term : NULL,
                            co ? co->iso3 : NULL, &common);
    /* "President Alexander Lukashenko": the known person under another
     * transliteration (data/lexicon/variants.tsv) */
    const ng_kb_entry *ve = NULL;
    if (!h.alias && !se) {
      ve = ng_kb_variant(c->kb, c->lex, c->t, nb, ne);
      if (ve && ve->type != NG_AT_PERSON)
        ve = NULL;
    }
    if (h.alias || se || ve) {
      m->kb = h.alias ? h.alias->entry : se ? se : ve;
      m->link = h.alias ? NG_LINK_NAME
                : se    ? NG_LINK_TITLE_SURNAME
                        : NG_LINK_VARIANT;
      if (!m->iso3)
        m->iso3 = m->kb->iso3;
    } else if (!m->iso3 && common) {
      m->iso3 = common; /* "President Bush": which one is unsure, the
                           country is not */
    }
  }
  return m;
}

/* Title + name: "[Iraqi|NATO|Iraq's] [former] Prime Minister [Lt. Gen.]
 * Mohammed Shia al-Sudani", or a title alone after "the" or a possessive:
 * "the Prime Minister", "Iraq's President". */
static size_t try_title_person(mctx *c, size_t i) {
  size_t p = i, e;
  const ng_country *co = NULL;
  int32_t org = -1;
  int former = 0, det = 0;
  if (key_is(c, p, "the")) {
    det = 1;
    p++;
  }
  while (p < c->s_te && title_modifier(c, p, &former))
    p++;
  if ((co = country_mod_at(c, p, &e))) {
    p = e;
    if (p < c->s_te && (c->t[p].flags & NG_TF_POSS))
      p++, det = 1;
  } else {
    /* an organisation before the title: "NATO Secretary-General X" */
    kb_hit h = kb_match(c, p);
    if (h.alias && h.alias->entry->type != NG_AT_PERSON &&
        title_at(c, h.end + ((h.end < c->s_te &&
                              (c->t[h.end].flags & NG_TF_POSS)) ? 1 : 0),
                 -1).e) {
      ng_mention *om = add_mention(c, p, h.end, NG_MK_NAME, h.alias->entry->type);
      if (!om)
        return 0;
      om->kb = h.alias->entry;
      om->link = NG_LINK_NAME;
      om->iso3 = h.alias->entry->iso3;
      org = (int32_t)(c->d->mentions.n - 1);
      p = h.end;
      if (p < c->s_te && (c->t[p].flags & NG_TF_POSS))
        p++, det = 1;
    }
  }
  while (p < c->s_te && title_modifier(c, p, &former))
    p++;
  title_hit post = title_at(c, p, -1), rank = {0, NULL};
  if (!post.e)
    goto undo;
  size_t q = post.end;
  if (post.e->kind == NG_LEX_RANK) {
    rank = post;
    post.e = NULL;
  } else {
    /* a rank after the post: "Commander Lt. Gen. X" */
    title_hit r2 = title_at(c, q, NG_LEX_RANK);
    if (r2.e) {
      rank = r2;
      q = r2.end;
    }
  }
  /* a lower-case title needs a name right after it */
  int title_cap = is_cap(c, p);
  /* "of the NATO Mission in Iraq" */
  size_t oe = 0;
  if (org < 0 && post.e && key_is(c, q, "of")) {
    int32_t om = title_org(c, q, &oe);
    if (om >= 0) {
      org = om;
      q = oe;
      /* "of the EU naval mission, Rear Admiral X": a few lower-case
       * words that describe the organisation belong to the title */
      size_t x = q;
      while (x < c->s_te && x < q + 3 && is_word(c, x) && !is_cap(c, x) &&
             c->cover[x] < 0 &&
             !(wc(c, x) & (NG_WC_FUNCTION | NG_WC_PREP | NG_WC_CONJ |
                           NG_WC_AUX | NG_WC_RELATIVE | NG_WC_SAY)) &&
             !(c->w->evdict && ng_evdict_is_verb(c->w->evdict, &c->t[x])))
        x++;
      if (x > q && is_punct_char(c, x, ','))
        q = x;
    }
  }
  /* the name, possibly after a comma and a rank (apposition):
   * "the Commander of X, Lieutenant General Lucas Schreurs" */
  size_t nb = q, ne = name_end(c, q);
  if (!ne && is_punct_char(c, q, ',') && org >= 0) {
    title_hit r3 = title_at(c, q + 1, NG_LEX_RANK);
    size_t q2 = r3.e ? r3.end : q + 1;
    size_t ne2 = name_end(c, q2);
    if (ne2 && (r3.e || ne2 - q2 >= 2)) {
      /* the title part stands as its own mention of the same person */
      ng_mention *tm = person(c, i, q, q, q, post.e, NULL, co, org, former);
      if (!tm)
        return 0;
      tm->appos_next = 1;
      int32_t ti = (int32_t)(c->d->mentions.n - 1);
      nb = q2;
      ne = ne2;
      if (r3.e)
        rank = r3;
      ng_mention *pm = person(c, q + 1, ne, nb, ne, post.e, rank.e, co, org,
                              former);
      if (!pm)
        return 0;
      NG_MENTION(c->d, ti)->appos = (int32_t)(c->d->mentions.n - 1);
      return ne;
    }
  }
  if (ne) {
    if (!title_cap && !rank.e && post.e && post.e->kind == NG_LEX_POST) {
      /* "prime minister Al-Sudani" is fine; "leader Hamas" is not a name */
    }
    size_t tb = det ? i + 1 : i;
    if (co && det && i + 1 < c->s_te && tb == i + 1)
      tb = i + 1;
    ng_mention *m = person(c, tb, ne, nb, ne, post.e, rank.e, co, org, former);
    return m ? ne : 0;
  }
  /* a title alone: needs "the", a possessive or a country before it, and
   * must be a post (not an honorific or a rank) written as a title */
  if (post.e && post.e->kind == NG_LEX_POST && title_cap &&
      (det || co || org >= 0)) {
    ng_mention *m = person(c, i, q, q, q, post.e, NULL, co, org, former);
    return m ? q : 0;
  }
  /* "the president", "the Iraqi foreign minister": a lower-case post of
   * a state body (one with a role in titles.tsv: not "the head", "the
   * chair") alone after "the", singular, with no word about the holder
   * ("the incoming president", "the former president"), no complement
   * ("the president of the club") and not part of a longer word ("the
   * president-elect"); coref gives it the holder named before */
  int modified = 0;
  for (size_t x = i + 1; x < p; x++)
    modified |= (wc(c, x) & NG_WC_TITLEMOD) != 0;
  if (post.e && post.e->kind == NG_LEX_POST && post.e->role && !title_cap &&
      key_is(c, i, "the") && !modified && !former && org < 0 &&
      !is_cap(c, q - 1) && !key_is(c, q, "of") &&
      !(q < c->s_te && (c->t[q].flags & NG_TF_HYPHEN))) {
    ng_mention *m = person(c, i, q, q, q, post.e, NULL, co, org, former);
    if (m)
      m->bare = 1;
    return m ? q : 0;
  }
undo:
  if (org >= 0) {
    /* the organisation stays a mention of its own */
    return c->d->mentions.n ? NG_MENTION(c->d, org)->te : 0;
  }
  return 0;
}

/* Holders named in a list after the plural of their post (titles.tsv,
 * column plural): "Presidents X of Nigeria and Y of Benin", "former
 * presidents X, Y and Z", "Senators X and Y".  Each name of two or more,
 * joined by commas and a last "and" or "or", is a person holding the
 * post, of the country after "of" when one follows the name ("of
 * Florida", no country, is passed over).  A name that is a known
 * non-person ("Presidents Day") ends nothing: no list.  Returns the end
 * of the first name, so that the countries and names of the list are
 * scanned after it (the other names are covered already), or 0. */
static size_t try_title_list(mctx *c, size_t i) {
  if (c->cover[i] >= 0)
    return 0;
  int former = 0;
  size_t p = i;
  while (p < c->s_te && title_modifier(c, p, &former))
    p++;
  ng_phrase_match ms[4];
  size_t k = ng_phrases_match(&c->lex->title_plurals, c->t, c->s_te, p, ms,
                              NG_ARRAY_LEN(ms));
  const ng_lex_entry *post = NULL;
  size_t q = 0;
  for (size_t j = 0; j < k; j++) /* the longest: "Prime Ministers" */
    if (ms[j].node->vals && ms[j].end > q) {
      post = ms[j].node->vals->payload;
      q = ms[j].end;
    }
  if (!post)
    return 0;
  enum { LIST_MAX = 8 };
  size_t nb[LIST_MAX], ne[LIST_MAX];
  const ng_country *co[LIST_MAX];
  size_t n = 0;
  int last = 0, and_seen = 0;
  while (n < LIST_MAX) {
    size_t e = name_end(c, q);
    if (!e)
      break;
    kb_hit h = kb_match(c, q);
    if (h.alias && h.alias->entry->type != NG_AT_PERSON && h.end >= e)
      return 0;
    nb[n] = q;
    ne[n] = e;
    co[n] = NULL;
    q = e;
    if (key_is(c, q, "of")) { /* "of Nigeria", "of the United States" */
      size_t x = q + 1 + (key_is(c, q + 1, "the") ? 1 : 0);
      kb_hit hc = kb_match(c, x);
      size_t pe = name_end(c, x);
      if (hc.alias && hc.alias->entry->type == NG_AT_COUNTRY) {
        co[n] = ng_kb_country(c->kb, hc.alias->entry->iso3);
        q = hc.end;
      } else if (pe) {
        q = pe;
      } else {
        break;
      }
    }
    n++;
    if (and_seen) {
      last = 1;
      break;
    }
    size_t sep = q;
    if (is_punct_char(c, q, ','))
      q++;
    if (key_is(c, q, "and") || key_is(c, q, "or")) {
      q++;
      and_seen = 1;
    } else if (q == sep) {
      break; /* neither a comma nor "and": the list ended */
    }
  }
  /* two names at least, the last after "and" */
  if (n < 2 || !last)
    return 0;
  for (size_t j = 0; j < n; j++)
    if (!person(c, nb[j], ne[j], nb[j], ne[j], post, NULL, co[j], -1, former))
      return 0;
  return ne[0];
}

/* ---- organisations ---- */

typedef struct org_hit {
  size_t end;
  const ng_lex_entry *head;
  const ng_country *co;
  const ng_kb_entry *kb_part; /* a known organisation inside the name */
  size_t kb_b, kb_e;
} org_hit;

/* A capitalised span whose last word (or the word before "of/in X") is an
 * organisation head: "Popular Mobilization Forces", "Ministry of
 * Defence", "NATO Mission in Iraq", "Shafaq News Agency". */
static org_hit org_at(const mctx *c, size_t i) {
  org_hit h = {0, NULL, NULL, NULL, 0, 0};
  size_t j = i, caps = 0, last_head_end = 0;
  const ng_lex_entry *head = NULL;
  const ng_country *co = NULL;
  if (!is_cap(c, i) || (wc(c, i) & (NG_WC_FUNCTION | NG_WC_DETERMINER)))
    return h;
  while (j < c->s_te && j - i < WINDOW && c->cover[j] < 0) {
    ng_phrase_match ms[2];
    size_t k = 0;
    if (is_cap(c, j))
      k = ng_phrases_match(&c->lex->orgheads, c->t, c->s_te, j, ms, 2);
    if (k) {
      head = ms[0].node->vals->payload;
      j = ms[0].end;
      last_head_end = j;
      caps++;
      continue;
    }
    size_t e;
    if (is_cap(c, j)) {
      const ng_country *x = demonym_at(c, j, &e);
      if (x && !co)
        co = x;
      if (!x) {
        kb_hit kh = kb_match(c, j);
        if (kh.alias && kh.alias->entry->type == NG_AT_COUNTRY) {
          if (!co)
            co = ng_kb_country(c->kb, kh.alias->entry->iso3);
          e = kh.end;
        } else if (kh.alias && kh.alias->entry->type != NG_AT_PERSON) {
          if (!h.kb_part) {
            h.kb_part = kh.alias->entry;
            h.kb_b = j;
            h.kb_e = kh.end;
          }
          e = kh.end;
        } else if (name_token(c, j) || (c->t[j].flags & NG_TF_UPPER)) {
          e = j + 1;
        } else {
          break;
        }
      }
      caps += e - j;
      j = e;
      continue;
    }
    /* "of", "for", "and", "the", "in" inside a name, when a capitalised
     * word follows ("Ministry of Foreign Affairs", "Islamic Resistance in
     * Iraq"); a hyphen between capitalised words */
    if ((key_is(c, j, "of") || key_is(c, j, "for") || key_is(c, j, "and") ||
         key_is(c, j, "in") || key_is(c, j, "on")) &&
        (is_cap(c, j + 1) || (key_is(c, j + 1, "the") && is_cap(c, j + 2)))) {
      /* a connector before any head word: "Chip Taylor of the University
       * of Kansas" is a person and then an organisation */
      if (!head)
        break;
      j += key_is(c, j + 1, "the") ? 2 : 1;
      continue;
    }
    if ((c->t[j].flags & NG_TF_HYPHEN) && is_cap(c, j + 1)) {
      j++;
      continue;
    }
    break;
  }
  if (!head || caps < 2)
    return h;
  /* the span ends at the last head word, or goes on with "of/in X" */
  size_t end = last_head_end;
  if (j > end) {
    /* keep "of the Interior", "for Refugees" after the head, and "in"
     * with a country ("Islamic Resistance in Iraq"), not with a city or
     * a poll ("in Orlando", "in the RealClearPolitics") */
    size_t x = end;
    if (key_is(c, x, "of") || key_is(c, x, "for") || key_is(c, x, "on"))
      end = j;
    else if (key_is(c, x, "in")) {
      size_t y = x + 1 + (key_is(c, x + 1, "the") ? 1 : 0);
      kb_hit kh = kb_match(c, y);
      if (kh.alias && kh.alias->entry->type == NG_AT_COUNTRY)
        end = kh.end;
    }
  }
  /* a trailing "and ..." never belongs */
  while (end > i && (key_is(c, end - 1, "and") || key_is(c, end - 1, "of") ||
                     key_is(c, end - 1, "the") || key_is(c, end - 1, "in") ||
                     key_is(c, end - 1, "on") || key_is(c, end - 1, "for")))
    end--;
  h.end = end;
  h.head = head;
  h.co = co;
  if (h.kb_part && h.kb_e > end)
    h.kb_part = NULL;
  return h;
}

static int32_t title_org(mctx *c, size_t i, size_t *end) {
  /* "of the NATO Mission in Iraq" / "of NATO" / "of Iraq" */
  size_t p = i + 1;
  if (key_is(c, p, "the"))
    p++;
  kb_hit kh = kb_match(c, p);
  org_hit oh = org_at(c, p);
  size_t e;
  if (oh.head && oh.end > (kh.alias ? kh.end : 0)) {
    ng_mention *m = add_mention(c, p, oh.end, NG_MK_NAME, oh.head->type);
    if (!m)
      return -1;
    m->discovered = 1;
    m->iso3 = oh.co ? oh.co->iso3 : NULL;
    m->role = oh.head->role;
    if (oh.kb_part) {
      m->type = oh.kb_part->type == NG_AT_IGO ? NG_AT_IGO : m->type;
      m->parent = oh.kb_part;
    }
    *end = oh.end;
    return (int32_t)(c->d->mentions.n - 1);
  }
  if (kh.alias && kh.alias->entry->type != NG_AT_PERSON) {
    const ng_kb_entry *ke = kh.alias->entry;
    if (ke->type == NG_AT_COUNTRY) {
      /* "President of Iraq": the post is in the government */
      const ng_country *co = ng_kb_country(c->kb, ke->iso3);
      ke = co && co->gov ? co->gov : ke;
    }
    ng_mention *m = add_mention(c, p, kh.end, NG_MK_NAME, ke->type);
    if (!m)
      return -1;
    m->kb = ke;
    m->link = ke == kh.alias->entry ? NG_LINK_NAME : NG_LINK_CAPITAL;
    m->iso3 = ke->iso3;
    *end = kh.end;
    return (int32_t)(c->d->mentions.n - 1);
  }
  (void)e;
  return -1;
}

static size_t try_org(mctx *c, size_t i, size_t kb_end) {
  org_hit oh = org_at(c, i);
  if (!oh.head || oh.end <= kb_end)
    return 0;
  /* "Shafaq News Agency": a known media name + a media head is the same
   * actor; "NATO Mission": a known organisation + another head is a new
   * one (a mission, a command) that belongs to it */
  if (oh.kb_part && oh.kb_b == i && oh.kb_part->type == NG_AT_MEDIA &&
      oh.head->type == NG_AT_MEDIA) {
    ng_mention *m = add_mention(c, i, oh.end, NG_MK_NAME, NG_AT_MEDIA);
    if (!m)
      return 0;
    m->kb = oh.kb_part;
    m->link = NG_LINK_NAME;
    m->iso3 = oh.kb_part->iso3;
    return oh.end;
  }
  ng_mention *m = add_mention(c, i, oh.end, NG_MK_NAME, oh.head->type);
  if (!m)
    return 0;
  m->discovered = 1;
  m->iso3 = oh.co ? oh.co->iso3 : NULL;
  m->role = oh.head->role;
  if (oh.kb_part) {
    if (oh.kb_part->type == NG_AT_IGO)
      m->type = NG_AT_IGO;
    m->parent = oh.kb_part;
    if (!m->iso3)
      m->iso3 = oh.kb_part->iso3;
  }
  return oh.end;
}

/* ---- groups and institutions ---- */

/* A group or institution noun at I, also with a demonym inside it
 * ("armed Iraqi factions"): END gets the end, CO any country seen. */
static const ng_lex_entry *noun_at(const mctx *c, size_t i, size_t *end,
                                   const ng_country **co) {
  ng_phrase_match ms[2];
  size_t k = ng_phrases_match(&c->lex->nouns, c->t, c->s_te, i, ms, 2);
  const ng_lex_entry *best = k ? ms[0].node->vals->payload : NULL;
  size_t best_end = k ? ms[0].end : 0;
  /* "Armed Iraqi factions": the noun phrase with a demonym inside */
  if (i + 2 < c->s_te && is_word(c, i)) {
    size_t de;
    const ng_country *x = demonym_at(c, i + 1, &de);
    if (x && de < c->s_te) {
      ng_token tmp[4];
      size_t nt = 0;
      tmp[nt++] = c->t[i];
      for (size_t j = de; j < c->s_te && nt < 4; j++)
        tmp[nt++] = c->t[j];
      for (size_t j = 0; j < nt; j++)
        tmp[j].sent = 0;
      size_t k2 = ng_phrases_match(&c->lex->nouns, tmp, nt, 0, ms, 2);
      if (k2 && ms[0].end >= 2) {
        size_t e2 = de + ms[0].end - 1;
        if (e2 > best_end) {
          *co = x;
          *end = e2;
          return ms[0].node->vals->payload;
        }
      }
    }
  }
  if (best)
    *end = best_end;
  return best;
}

/* Lower-case words that may stand between a country and a group noun:
 * "Russian civilian advisers", "Serbian military police"; not verbs,
 * prepositions or function words. */
static size_t skip_adjectives(const mctx *c, size_t p, size_t max) {
  size_t q = p;
  while (q < c->s_te && q - p < max && is_word(c, q) && !is_cap(c, q) &&
         c->cover[q] < 0 &&
         !(wc(c, q) & (NG_WC_FUNCTION | NG_WC_PREP | NG_WC_CONJ | NG_WC_AUX |
                       NG_WC_DETERMINER | NG_WC_SAY | NG_WC_NEGATION)) &&
         !(c->w->evdict && ng_evdict_is_verb(c->w->evdict, &c->t[q])))
    q++;
  return q;
}

static ng_mention *group_mention(mctx *c, size_t b, size_t e,
                                 const ng_lex_entry *noun,
                                 const ng_country *co, int det, int poss) {
  ng_mention *m = add_mention(c, b, e, NG_MK_NOMINAL, noun->type);
  if (!m)
    return NULL;
  m->plural = noun->plural;
  m->iso3 = co ? co->iso3 : NULL;
  m->role = noun->role;
  m->possessive = (uint8_t)poss;
  m->head = noun->term;
  m->actor = noun->actor;
  m->has_det = (uint8_t)det;
  return m;
}

/* An affiliation before a group noun: a word of the class foreign
 * ("foreign forces"), a country or a name, a hyphen and
 * a word of the class affil ("Iran-backed", "US-led", "Hamas-allied"), or
 * a word of the class affilpre, a hyphen and a word or name
 * ("pro-government", "anti-Trump", "pro-Russian"; words.tsv).  The end
 * of it, or 0. */
static size_t affiliation_at(const mctx *c, size_t p) {
  if (!is_word(c, p) || c->cover[p] >= 0)
    return 0;
  if (wc(c, p) & NG_WC_FOREIGN)
    return p + 1; /* "foreign forces": a group of no one country */
  /* most tokens: no hyphen and affil word within a name's length */
  int near = (wc(c, p) & NG_WC_AFFILPRE) != 0;
  for (size_t x = p + 1; !near && x + 1 < c->s_te && x <= p + 4; x++)
    near = (c->t[x].flags & NG_TF_HYPHEN) && (wc(c, x + 1) & NG_WC_AFFIL);
  if (!near)
    return 0;
  size_t e = 0;
  if ((wc(c, p) & NG_WC_AFFILPRE) && p + 2 < c->s_te &&
      (c->t[p + 1].flags & NG_TF_HYPHEN) && is_word(c, p + 2)) {
    if (country_mod_at(c, p + 2, &e))
      return e;
    kb_hit h = kb_match(c, p + 2);
    if (h.alias)
      return h.end;
    e = is_cap(c, p + 2) ? name_end(c, p + 2) : 0;
    return e ? e : p + 3;
  }
  if (!country_mod_at(c, p, &e)) {
    kb_hit h = kb_match(c, p);
    e = h.alias ? h.end : is_cap(c, p) ? name_end(c, p) : 0;
  }
  if (!e || e + 1 >= c->s_te || !(c->t[e].flags & NG_TF_HYPHEN) ||
      !is_word(c, e + 1) || !(wc(c, e + 1) & NG_WC_AFFIL))
    return 0;
  return e + 2;
}

/* "Iran-backed militias", "the US-led coalition", "pro-government
 * forces": a collective named by whom it follows is an actor of its own,
 * of the noun's type and role, the same in every article; not the
 * country's own (the militias are not Iran's forces). */
static size_t try_affiliated(mctx *c, size_t i, size_t p) {
  size_t ae = affiliation_at(c, p);
  if (!ae)
    return 0;
  size_t ne = 0;
  const ng_country *co2 = NULL;
  const ng_lex_entry *noun = noun_at(c, ae, &ne, &co2);
  if (!noun && skip_adjectives(c, ae, 1) > ae)
    noun = noun_at(c, ae + 1, &ne, &co2);
  if (!noun || noun->kind != NG_LEX_COLLECTIVE)
    return 0;
  /* "foreign people", "foreign nationals": still no one in particular */
  if ((wc(c, p) & NG_WC_FOREIGN) && (wc(c, ne - 1) & NG_WC_ANYONE))
    return 0;
  for (size_t x = p; x < ne; x++)
    if (c->cover[x] >= 0)
      return 0;
  ng_mention *m = add_mention(c, i, ne, NG_MK_NAME, noun->type);
  if (!m)
    return 0;
  m->nb = (uint32_t)p;
  m->ne = (uint32_t)ne;
  m->discovered = 1;
  m->plural = noun->plural;
  m->role = noun->role;
  m->head = noun->term;
  return ne;
}

/* 1 when the phrase at I stands where an event's object stands: right
 * after a verb of the event dictionary (or its "on", "at") or after
 * "against" ("arrested 20 activists", "detained dozens of protesters",
 * "fired on demonstrators", "tear gas against protesters"). */
static int object_slot(const mctx *c, size_t i) {
  if (i <= c->s_tb || !is_word(c, i - 1))
    return 0;
  /* "used tear gas against protesters", not "plots against
   * dissidents": a verb of the dictionary shortly before */
  if (key_is(c, i - 1, "against")) {
    for (size_t v = i - 1; v > c->s_tb && v + 5 > i; v--)
      if (c->w->evdict && ng_evdict_is_verb(c->w->evdict, &c->t[v - 1]))
        return 1;
    return 0;
  }
  /* "fired on demonstrators" */
  if ((key_is(c, i - 1, "on") || key_is(c, i - 1, "at")) && i - 1 > c->s_tb)
    i--;
  return c->w->evdict && ng_evdict_is_verb(c->w->evdict, &c->t[i - 1]);
}

/* "[the|several|various] [Iraqi|US] [armed] factions", "the Iraqi
 * government", "Sudan's government", "his government", "US forces",
 * "our agency", "Hungarian and Romanian officials" (two groups),
 * "rebels in the Ivory Coast" (the country from the place). */
static size_t try_group(mctx *c, size_t i) {
  size_t p = i, e;
  int det = 0, poss = 0, counted = 0;
  const ng_country *co = NULL, *co_b = NULL;
  size_t co_b_at = 0, first_end = 0;
  ng_wclass k = wc(c, p);
  if (is_word(c, p) &&
      (k & (NG_WC_DETERMINER | NG_WC_QUANT | NG_WC_POSSESSIVE))) {
    det = 1;
    poss = (k & NG_WC_POSSESSIVE) != 0;
    p++;
  } else if (key_is(c, p, "our")) {
    det = poss = 1;
    p++;
  } else if (p + 2 < c->s_te && is_word(c, p) && (k & NG_WC_QUANTITY) &&
             key_is(c, p + 1, "of")) {
    /* "dozens of protesters", "hundreds of students" */
    det = counted = 1;
    p += 2;
  } else if (p + 1 < c->s_te && ((c->t[p].flags & NG_TF_NUM) ||
                                 (is_word(c, p) && (k & NG_WC_NUMBER)))) {
    /* "20 activists", "three soldiers": a number counts a group of
     * people (a collective noun only, below) */
    det = counted = 1;
    p++;
  }
  size_t aff = counted ? 0 : try_affiliated(c, i, p);
  if (aff)
    return aff;
  if ((co = country_mod_at(c, p, &e))) {
    p = e;
    first_end = e;
    if (p < c->s_te && (c->t[p].flags & NG_TF_POSS)) {
      p++; /* "Sudan's government" */
    } else if (key_is(c, p, "and")) {
      /* "Hungarian and Romanian officials" */
      size_t e2;
      const ng_country *x = country_mod_at(c, p + 1, &e2);
      if (x && x != co) {
        co_b = x;
        co_b_at = p + 1;
        p = e2;
      }
    }
  }
  const ng_country *co2 = NULL;
  size_t ne = 0;
  const ng_lex_entry *noun = noun_at(c, p, &ne, &co2);
  /* "Irish nationalist guerrillas": up to two adjectives between the
   * country and the noun */
  for (size_t q = p; !noun && co && q < p + 2; q++) {
    if (skip_adjectives(c, q, 1) == q)
      break;
    noun = noun_at(c, q + 1, &ne, &co2);
  }
  if (!noun) {
    /* "Iraqi Kata'ib Hezbollah": a demonym before a known group */
    if (co && !co_b && p > i && !counted) {
      kb_hit h = kb_match(c, p);
      if (h.alias && h.alias->entry->type != NG_AT_COUNTRY &&
          h.alias->entry->type != NG_AT_PERSON &&
          (!h.alias->entry->iso3 || !strcmp(h.alias->entry->iso3, co->iso3))) {
        size_t tb = det ? i + 1 : i;
        ng_mention *m = add_mention(c, tb, h.end, NG_MK_NAME,
                                    h.alias->entry->type);
        if (!m)
          return 0;
        m->kb = h.alias->entry;
        m->link = NG_LINK_NAME;
        m->iso3 = co->iso3;
        return h.end;
      }
    }
    return 0;
  }
  /* a counted or bare group of people of no country is an actor as an
   * event's object: "police arrested 20 activists"; counted groups
   * elsewhere ("two gunmen") and forces or armed groups ("two
   * factions", "launched ten drones", "weapons and fighters") were
   * mostly no actors of the gold (dev actors P 0.902 -> 0.894) */
  int slot = !co && !co2 && noun->kind == NG_LEX_COLLECTIVE &&
             noun->plural && noun->type == NG_AT_ORGANIZATION &&
             (counted || !det) && object_slot(c, i);
  if (counted && !slot)
    return 0;
  if (!co)
    co = co2;
  /* "the Iraqi Ministry of Water Resources" is a name: the organisation
   * rule takes it */
  if (noun->kind == NG_LEX_BODY && key_is(c, ne, "of") &&
      (is_cap(c, ne + 1) || (key_is(c, ne + 1, "the") && is_cap(c, ne + 2))) &&
      is_cap(c, ne - 1))
    return 0;
  /* a bare plural noun without determiner or country needs to be a
   * collective of actors: "armed groups" yes, "forces" alone no */
  size_t words = 0;
  for (size_t j = p; j < ne; j++)
    words += is_word(c, j);
  if (!co && !det && words < 2 && noun->kind != NG_LEX_COLLECTIVE)
    return 0;
  /* "other military intelligence", "the government spokesman": a body
   * noun before another noun is an adjective; and "other", "several" are
   * no determiners for a body of no country */
  if (!co && noun->kind == NG_LEX_BODY) {
    int real_det = det && (poss || key_is(c, i, "the") || key_is(c, i, "our"));
    int adj = ne < c->s_te && is_word(c, ne) && !is_cap(c, ne) &&
              !(wc(c, ne) & (NG_WC_FUNCTION | NG_WC_PREP | NG_WC_CONJ |
                             NG_WC_AUX | NG_WC_SAY | NG_WC_MODAL |
                             NG_WC_ADVERB | NG_WC_RELATIVE)) &&
              !(c->w->evdict && ng_evdict_is_verb(c->w->evdict, &c->t[ne]));
    if (!real_det || adj)
      return 0;
  }
  if (!co) {
    /* "rebels in the Ivory Coast", "protesters from Iraq": the place
     * gives the country */
    /* the first place named after it in the sentence: "rebels in the
     * Ivory Coast", "prisoners rioted at a jail in East Timor" */
    /* (not "its troops from Lebanon": the owner is whose they are) */
    for (size_t x = ne; !co && !poss && noun->kind == NG_LEX_COLLECTIVE &&
                        x < c->s_te && x < ne + 14;
         x++) {
      if (!(key_is(c, x, "in") || key_is(c, x, "throughout") ||
            key_is(c, x, "across") || key_is(c, x, "near") ||
            key_is(c, x, "inside") || (x == ne && key_is(c, x, "from"))))
        continue;
      size_t y = x + 1;
      if (key_is(c, y, "the"))
        y++;
      kb_hit h = kb_match(c, y);
      if (h.alias && (h.alias->entry->type == NG_AT_COUNTRY ||
                      h.alias->capital))
        co = ng_kb_country(c->kb, h.alias->entry->iso3);
    }
    if (!co && !det && !slot && words < 2)
      return 0; /* "forces" alone is no one in particular */
    /* "people", "our people", "many citizens": no one in particular
     * when nothing in the phrase says whose they are (words.tsv:
     * anyone); "Hong Kong people" has its country, "its citizens" its
     * owner (coreference finds it); a speaker's "our" is left unknown */
    if (!co && (wc(c, ne - 1) & NG_WC_ANYONE) &&
        (!poss || key_is(c, i, "our")))
      return 0;
  }
  if (co_b) {
    /* two groups: "Hungarian" (of the noun) and "Romanian officials" */
    ng_mention *m = group_mention(c, i, first_end, noun, co, det, poss);
    if (!m)
      return 0;
    m = group_mention(c, co_b_at, ne, noun, co_b, det, poss);
    return m ? ne : 0;
  }
  ng_mention *m = group_mention(c, i, ne, noun, co, det, poss);
  if (!m)
    return 0;
  if (key_is(c, i, "our"))
    m->ours = 1;
  return ne;
}

/* ---- names without titles ---- */

/* The words of [B, E), hyphens not counted. */
static size_t words_in(const mctx *c, size_t b, size_t e) {
  size_t n = 0;
  for (size_t x = b; x < e; x++)
    n += is_word(c, x) && !(c->t[x].flags & NG_TF_HYPHEN);
  return n;
}

/* 1 when an earlier mention of the article named the person KE with a
 * name of two words or more. */
static int named_in_full_before(const mctx *c, const ng_kb_entry *ke) {
  for (size_t x = 0; x < c->d->mentions.n; x++) {
    const ng_mention *m = NG_MENTION(c->d, x);
    if (m->kb == ke && words_in(c, m->nb, m->ne) >= 2)
      return 1;
  }
  return 0;
}

/* 1 when a word of [B, E) is a group, institution or organisation noun
 * or the head word of a thing's name (nouns.tsv: thing): "Trump
 * Administration", "Johnson Government", "Noor Street" are no one's
 * names. */
static int noun_after_name(const mctx *c, size_t b, size_t e) {
  for (size_t x = b; x < e; x++) {
    size_t ne;
    const ng_country *co = NULL;
    ng_phrase_match ms[2];
    if (noun_at(c, x, &ne, &co) ||
        ng_phrases_match(&c->lex->orgheads, c->t, c->s_te, x, ms, 2) ||
        ng_phrases_match(&c->lex->things, c->t, c->s_te, x, ms, 2))
      return 1;
  }
  return 0;
}

/* A lone first name never links to a famous bearer: a known person's
 * one-word name that opens a longer name ("Sharif" of "Sharif Xyz") is
 * another person's first name, and the first word of a person's name
 * alone ("Getachew" of "Getachew Reda") links only to a person the
 * article named in full before.  A surname alias ("Assad") is no first
 * name.  1 when the knowledge-base match KH at I must be set aside. */
static int lone_first_name(const mctx *c, size_t i, const kb_hit *kh) {
  if (!kh->alias || kh->alias->entry->type != NG_AT_PERSON ||
      words_in(c, i, kh->end) != 1)
    return 0;
  size_t ne = name_end(c, i);
  if (ne > kh->end && words_in(c, i, ne) > 1 &&
      !noun_after_name(c, kh->end, ne))
    return 1;
  const char *label = kh->alias->entry->label;
  size_t n = strlen(kh->alias->surface);
  int first_word = label && strchr(label, ' ') &&
                   !strncmp(label, kh->alias->surface, n) && label[n] == ' ';
  if (first_word && !named_in_full_before(c, kh->alias->entry))
    return 1;
  /* "Sharif Xyz, a teacher, ... Sharif said": the first name of a
   * person of the article (scan_surnames links it) */
  for (size_t x = 0; x < c->d->mentions.n; x++) {
    const ng_mention *m = NG_MENTION(c->d, x);
    if (m->type == NG_AT_PERSON && m->kb != kh->alias->entry &&
        words_in(c, m->nb, m->ne) >= 2 &&
        c->t[m->nb].key_len == c->t[i].key_len &&
        !memcmp(c->t[m->nb].key, c->t[i].key, c->t[i].key_len))
      return 1;
  }
  return 0;
}

/* After a name ending at NE, what only a person's name takes: a comma
 * and a personal word ("X, who ...", "X, wife of Y") or an age between
 * commas ("X, 45, said"); words.tsv: personal. */
static int person_context(const mctx *c, size_t ne) {
  if (!is_punct_char(c, ne, ','))
    return 0;
  size_t k = ne + 1;
  if (is_word(c, k) && !is_cap(c, k) && (wc(c, k) & NG_WC_PERSONAL))
    return 1;
  return k < c->s_te && (c->t[k].flags & NG_TF_NUM) &&
         c->t[k].e - c->t[k].b <= 3 && is_punct_char(c, k + 1, ',') &&
         is_word(c, k + 2) && !is_cap(c, k + 2);
}

/* 1 when no word of the name I..NE is an acronym, a word of a class, a
 * title or describer ("Chief Executive", "Republican") or a group or
 * institution noun ("Senators"): a name a person's context alone may
 * make a person's. */
static int plain_name(const mctx *c, size_t i, size_t ne) {
  for (size_t x = i; x < ne; x++) {
    if (!is_word(c, x))
      continue;
    if ((c->t[x].flags & NG_TF_UPPER) ||
        (wc(c, x) & ~(ng_wclass)(NG_WC_PARTICLE | NG_WC_HPARTICLE)))
      return 0;
    ng_phrase_match ms[1];
    size_t ke;
    const ng_country *co = NULL;
    if (ng_phrases_match(&c->lex->titles, c->t, c->s_te, x, ms, 1) ||
        noun_at(c, x, &ke, &co))
      return 0;
  }
  return 1;
}

/* A person named without a title: a name that is a known person's under
 * the transliteration rules (data/lexicon/variants.tsv: "Alexander
 * Lukashenko"), or a capitalised name of two to four words whose first
 * word is a given name of the knowledge base's people, as written or
 * under the same rules ("Karlo Venn said", "Siarhei" for "Sergei") or
 * that a person's context follows ("Karlo Venn, who", "Karlo Venn, 45,"),
 * not followed by an organisation's head word. */
static size_t try_name_person(mctx *c, size_t i, const kb_hit *kh) {
  if (c->cover[i] >= 0 || !name_token(c, i))
    return 0;
  size_t ne = name_end(c, i);
  if (!ne || (kh->alias && kh->end >= ne))
    return 0;
  size_t words = words_in(c, i, ne);
  if (words < 2)
    return 0; /* one word: a surname of a name given before (below) */
  int given = words <= (c->titlecase ? 2u : 4u) &&
              (ng_lexicon_is_given(c->lex, &c->t[i]) ||
               (person_context(c, ne) && plain_name(c, i, ne)));
  const ng_kb_entry *ve = ng_kb_variant(c->kb, c->lex, c->t, i, ne);
  if (ve && ve->type != NG_AT_PERSON)
    ve = NULL;
  if (!ve && !given)
    return 0;
  /* "the Brian Smith Foundation" is an organisation, "the Smith
   * Administration" none */
  org_hit oh = org_at(c, i);
  if ((oh.head && oh.end >= ne) || noun_after_name(c, i + 1, ne))
    return 0;
  if (ve) {
    ng_mention *m = add_mention(c, i, ne, NG_MK_NAME, NG_AT_PERSON);
    if (!m)
      return 0;
    m->kb = ve;
    m->link = NG_LINK_VARIANT;
    m->iso3 = ve->iso3;
    return ne;
  }
  /* in a title-case headline name_end already stops at verbs: two words
   * only there ("Brian Hook Meets Envoy") */
  /* "Hong Kong", "Ali Iraqi": a country or a demonym inside is no
   * surname */
  for (size_t x = i + 1; x < ne; x++) {
    size_t de;
    if (demonym_at(c, x, &de))
      return 0;
    kb_hit h = kb_match(c, x);
    if (h.alias && (h.alias->entry->type == NG_AT_COUNTRY ||
                    h.alias->capital))
      return 0;
  }
  ng_mention *m = person(c, i, ne, i, ne, NULL, NULL, NULL, -1, 0);
  return m ? ne : 0;
}

/* A name found by the words around it (no list knows it) as a mention
 * of TYPE over tokens [TB, TE); NULL when it cannot be added. */
static ng_mention *context_mention(mctx *c, size_t tb, size_t te,
                                   uint8_t type) {
  ng_mention *m = add_mention(c, tb, te, NG_MK_NAME, type);
  if (m) {
    m->discovered = 1;
    m->by_context = 1;
  }
  return m;
}

/* An outlet named by what it does or by what it is: an acronym no other
 * rule knows before a reporting word ("NPR reported") or after
 * "according" and a preposition ("according to ISNA"); a capitalised
 * name of up to four words no other rule knows, whose first word is no
 * given name, before a reporting word ("Daily Planet reported") or after
 * a noun of an outlet ("broadcaster PBS", "the news network Channel
 * Nine"); words.tsv: report, outlet. */
static size_t try_media(mctx *c, size_t i) {
  if (!is_word(c, i) || c->cover[i] >= 0 || !name_token(c, i) ||
      (wc(c, i) & (NG_WC_FUNCTION | NG_WC_REPORT)))
    return 0;
  size_t ne = name_end(c, i);
  if (!ne)
    return 0;
  int acronym = ne == i + 1 && (c->t[i].flags & NG_TF_UPPER) &&
                c->t[i].key_len >= 2 && c->t[i].key_len <= 6;
  size_t words = words_in(c, i, ne);
  if (!acronym && (words > 4 || (words > 1 && ng_lexicon_is_given(c->lex, &c->t[i]))))
    return 0;
  if (!acronym && words == 1 && (i == c->s_tb || is_cap(c, i - 1) ||
                                 !(wc(c, i - 1) & NG_WC_OUTLET)))
    return 0; /* one capitalised word: only after an outlet's noun */
  /* a reporting word followed by a preposition is "according to": what
   * stands before it is no outlet ("the mosque according to police") */
  int after = is_word(c, ne) && (wc(c, ne) & NG_WC_REPORT) &&
              !(wc(c, ne) & NG_WC_PREP) && !is_cap(c, ne) &&
              !(is_word(c, ne + 1) && (wc(c, ne + 1) & NG_WC_PREP));
  /* the end of a longer name ("United States Geological Survey",
   * "Disaster and Emergency Management Presidency") is no outlet's */
  if (!acronym && after && i > c->s_tb &&
      (name_token(c, i - 1) ||
       (i > c->s_tb + 1 && (wc(c, i - 1) & NG_WC_CONJ) &&
        name_token(c, i - 2))))
    after = 0;
  int before = acronym && i >= c->s_tb + 2 && (wc(c, i - 1) & NG_WC_PREP) &&
               (wc(c, i - 2) & NG_WC_REPORT);
  int appos = i > c->s_tb && is_word(c, i - 1) && !is_cap(c, i - 1) &&
              (wc(c, i - 1) & NG_WC_OUTLET);
  if (!after && !before && !appos)
    return 0;
  ng_mention *m = context_mention(c, i, ne, NG_AT_MEDIA);
  if (!m)
    return 0;
  m->role = NULL;
  return ne;
}

/* A company named by what it is: a capitalised name of up to four
 * words no other rule knows, whose first word is no given name, right
 * after a lower-case noun of a company ("the airline X", "software
 * company X", "the law firm X"; words.tsv: company), as an outlet after
 * "broadcaster".  An organisation. */
static size_t try_company(mctx *c, size_t i, const kb_hit *kh) {
  if (kh->alias || i == c->s_tb || !is_word(c, i - 1) || is_cap(c, i - 1) ||
      !(wc(c, i - 1) & NG_WC_COMPANY) || c->cover[i] >= 0 ||
      !name_token(c, i) || (wc(c, i) & NG_WC_FUNCTION))
    return 0;
  size_t ne = name_end(c, i);
  if (!ne)
    return 0;
  size_t words = words_in(c, i, ne);
  if (words > 4 || (words > 1 && ng_lexicon_is_given(c->lex, &c->t[i])))
    return 0;
  for (size_t x = i; x < ne; x++) {
    kb_hit h = kb_match(c, x);
    if (h.alias)
      return 0; /* "the company's Iraq office": a known name inside */
  }
  ng_mention *m = context_mention(c, i, ne, NG_AT_ORGANIZATION);
  if (!m)
    return 0;
  return ne;
}

/* "X told the Military Times", "as quoted by Greek Reporter": the name
 * told or quoting (words.tsv: tell, tellby) is an outlet's when it is
 * none of a known actor, a person (no given name first), a title, a
 * group or an organisation by its head word; of two words or more, or an
 * acronym ("told NPR Hamza bin Laden": NPR alone).  Tried before the
 * group and demonym rules, as the verb says what the name is ("the
 * Military Times", "Greek Reporter"). */
static size_t try_told(mctx *c, size_t i, const kb_hit *kh) {
  if (i == c->s_tb || c->cover[i] >= 0)
    return 0;
  size_t v = i - 1;
  if (key_is(c, i, "the")) { /* "told the X": X, before "the X" is a group */
    v = i - 1;
    i++;
    kh = NULL;
  } else if (key_is(c, v, "the") && v > c->s_tb) {
    v--;
  }
  if (i >= c->s_te || !is_word(c, i) || c->cover[i] >= 0 ||
      (kh && kh->alias) || !name_token(c, i) ||
      (wc(c, i) & (NG_WC_FUNCTION | NG_WC_REPORT)))
    return 0;
  int told = is_word(c, v) && !is_cap(c, v) &&
             ((wc(c, v) & NG_WC_TELL) ||
              (key_is(c, v, "by") && v > c->s_tb &&
               (wc(c, v - 1) & NG_WC_TELLBY)));
  if (!told)
    return 0;
  size_t ne = name_end(c, i);
  if (!ne || ng_lexicon_is_given(c->lex, &c->t[i]))
    return 0;
  /* a known name with its article: "The Washington Post" */
  if (key_is(c, i - 1, "the")) {
    kb_hit ht = kb_match(c, i - 1);
    if (ht.alias && ht.end >= ne)
      return 0;
  }
  int acronym = (c->t[i].flags & NG_TF_UPPER) && c->t[i].key_len >= 2 &&
                c->t[i].key_len <= 6;
  if (acronym && ne > i + 1 && !(c->t[i + 1].flags & NG_TF_UPPER))
    ne = i + 1;
  size_t words = words_in(c, i, ne);
  if (words > 4 || (words == 1 && !acronym))
    return 0;
  for (size_t x = i; x < ne; x++) {
    size_t ke = 0;
    const ng_country *co = NULL;
    ng_phrase_match ms[4];
    size_t k = ng_phrases_match(&c->lex->orgheads, c->t, c->s_te, x, ms, 4);
    for (size_t j = 0; j < k; j++) {
      const ng_lex_entry *oh =
          ms[j].node->vals ? ms[j].node->vals->payload : NULL;
      if (ms[j].end == ne && (!oh || oh->type != NG_AT_MEDIA))
        return 0; /* "the Atlantic Council"; not "the Military Times" */
    }
    title_hit th = title_at(c, x, -1);
    if ((th.e && th.end == ne) || (noun_at(c, x, &ke, &co) && ke == ne) ||
        (demonym_at(c, x, &ke) && ke >= ne))
      return 0;
    kb_hit h = kb_match(c, x);
    if (h.alias && h.end >= ne)
      return 0;
  }
  ng_mention *m = context_mention(c, i, ne, NG_AT_MEDIA);
  if (!m)
    return 0;
  return ne;
}

/* ---- pronouns and surnames ---- */

/* he, she, they, and the possessive "its" (an organisation's); "it"
 * alone is too often empty ("it is reported") to stand for an actor. */
static size_t try_pronoun(mctx *c, size_t i) {
  ng_wclass k = wc(c, i);
  int its = (k & NG_WC_PRONOUN_IT) && (k & NG_WC_POSSESSIVE);
  /* "Hungary has said it will support ...": "it" after a reporting verb
   * (and "that") is the speaker */
  if ((k & NG_WC_PRONOUN_IT) && !its && i > c->s_tb) {
    size_t p = i - 1;
    if (key_is(c, p, "that") && p > c->s_tb)
      p--;
    /* "said today it", "said on Monday that it" */
    for (int guard = 0; guard < 3 && p > c->s_tb && is_word(c, p) &&
                        !(wc(c, p) & NG_WC_SAY);
         guard++) {
      if (!(wc(c, p) & (NG_WC_WEEKDAY | NG_WC_MONTH)) &&
          !key_is(c, p, "today") && !key_is(c, p, "yesterday") &&
          !key_is(c, p, "on") && !key_is(c, p, "last"))
        break;
      p--;
    }
    if (is_word(c, p) && (wc(c, p) & NG_WC_SAY))
      its = 2;
  }
  if (!(k & (NG_WC_PRONOUN_M | NG_WC_PRONOUN_F | NG_WC_PRONOUN_PL)) && !its)
    return 0;
  /* "his government" is a group mention, tried before */
  ng_mention *m = add_mention(c, i, i + 1, NG_MK_PRONOUN,
                              k & (NG_WC_PRONOUN_M | NG_WC_PRONOUN_F)
                                  ? NG_AT_PERSON
                                  : NG_AT_NONE);
  if (!m)
    return 0;
  m->plural = (k & NG_WC_PRONOUN_PL) != 0;
  m->possessive = (k & NG_WC_POSSESSIVE) != 0;
  m->neuter = (uint8_t)its; /* 1 "its", 2 "it" after a reporting verb */
  return i + 1;
}

/* ---- driver ---- */

static int sentence_titlecase(const mctx *c) {
  size_t words = 0, caps = 0;
  for (size_t i = c->s_tb; i < c->s_te; i++)
    if (is_word(c, i) && !(wc(c, i) & (NG_WC_PREP | NG_WC_DETERMINER |
                                        NG_WC_CONJ))) {
      words++;
      caps += is_cap(c, i);
    }
  return words >= 4 && caps * 10 >= words * 8;
}

/* "Ali Nasser, the Yemeni Foreign Minister, said": a name and, in
 * apposition, the title that says who it is. */
static size_t try_name_apposition(mctx *c, size_t i) {
  size_t ne = name_end(c, i);
  if (!ne || ne - i < 2 || !is_punct_char(c, ne, ',') ||
      !(key_is(c, ne + 1, "the") || key_is(c, ne + 1, "a")))
    return 0;
  kb_hit kh = kb_match(c, i);
  if (kh.alias && kh.alias->entry->type != NG_AT_PERSON)
    return 0;
  size_t before = c->d->mentions.n;
  ng_mention *pm = person(c, i, ne, i, ne, NULL, NULL, NULL, -1, 0);
  if (!pm)
    return 0;
  int32_t pi = (int32_t)(c->d->mentions.n - 1);
  size_t tend = try_title_person(c, ne + 1);
  /* the title mention is the last one added that starts at ne + 1 */
  int32_t ti = -1;
  for (size_t x = before; x < c->d->mentions.n; x++)
    if (NG_MENTION(c->d, x)->tb == ne + 1 &&
        NG_MENTION(c->d, x)->kind == NG_MK_TITLE)
      ti = (int32_t)x;
  if (!tend || ti < 0) {
    /* no title after all: undo */
    for (size_t x = before; x < c->d->mentions.n; x++) {
      ng_mention *m = NG_MENTION(c->d, x);
      for (size_t y = m->tb; y < m->te; y++)
        c->cover[y] = -1;
    }
    c->d->mentions.n = before;
    return 0;
  }
  ng_mention *tm = NG_MENTION(c->d, ti);
  tm->appos = pi;
  pm = NG_MENTION(c->d, pi);
  if (!pm->iso3)
    pm->iso3 = tm->iso3;
  return tend;
}

/* Takes back the mentions added since there were BEFORE, and their
 * cover. */
static void drop_mentions_from(mctx *c, size_t before) {
  for (size_t x = before; x < c->d->mentions.n; x++) {
    const ng_mention *m = NG_MENTION(c->d, x);
    for (size_t y = m->tb; y < m->te; y++)
      c->cover[y] = -1;
  }
  c->d->mentions.n = before;
}

/* 1 when the capital city named at [I, END) is a place, not its
 * government speaking: before a thing's head word ("Victoria Park",
 * "Baghdad International Airport") or a lower-case noun it describes
 * ("a Baghdad airport", "the Cairo summit"; not "Baghdad said", "the
 * Tehran government", "the pro-Beijing camp"), or between commas after
 * a place noun ("the capital, Riyadh,"; words.tsv placenoun). */
static int capital_as_place(const mctx *c, size_t i, size_t end) {
  if (i > c->s_tb + 1 && (c->t[i - 1].flags & NG_TF_HYPHEN) &&
      (wc(c, i - 2) & NG_WC_AFFILPRE))
    return 0; /* "the pro-Beijing camp": the government */
  ng_phrase_match ms[2];
  for (size_t x = end; x < c->s_te && x < end + 3 && is_cap(c, x); x++)
    if (ng_phrases_match(&c->lex->things, c->t, c->s_te, x, ms, 2))
      return 1;
  if (end < c->s_te && is_word(c, end) && !is_cap(c, end) &&
      !(wc(c, end) & (NG_WC_FUNCTION | NG_WC_PREP | NG_WC_CONJ | NG_WC_AUX |
                      NG_WC_SAY | NG_WC_MODAL | NG_WC_ADVERB |
                      NG_WC_RELATIVE | NG_WC_NEGATION | NG_WC_REPORT)) &&
      !(c->w->evdict && ng_evdict_is_verb(c->w->evdict, &c->t[end]))) {
    size_t ne;
    const ng_country *co = NULL;
    if (!noun_at(c, end, &ne, &co))
      return 1;
  }
  return i > c->s_tb + 1 && is_punct_char(c, i - 1, ',') &&
         (wc(c, i - 2) & NG_WC_PLACENOUN);
}

/* 1 when the parse can tell who the sentence's people are beyond what
 * the rules above read (actor_tree.c): a post, person or describer noun
 * of titles.tsv ("spokesperson", "candidate", "wife") a few words
 * before two capitalised words ("candidate Sviatlana X"), or near a comma
 * with a capitalised word near it ("X, a spokesperson for Y,", "Mahan's
 * director, X"), where a name may stand in apposition to it. */
#define APPOS_NEAR 4
static int wants_parse(const mctx *c) {
  for (size_t i = c->s_tb; i < c->s_te; i++) {
    if (!is_word(c, i))
      continue;
    ng_phrase_match ms[4];
    size_t k = ng_phrases_match(&c->lex->titles, c->t, c->s_te, i, ms, 4);
    size_t end = 0;
    for (size_t j = 0; j < k; j++)
      for (const ng_phrase_val *v = ms[j].node->vals; v; v = v->next) {
        const ng_lex_entry *e = v->payload;
        if ((e->kind == NG_LEX_POST || e->kind == NG_LEX_PERSON ||
             e->kind == NG_LEX_DESCRIBER) &&
            ms[j].end > end)
          end = ms[j].end;
      }
    if (!end)
      continue;
    size_t lo = i > c->s_tb + APPOS_NEAR ? i - APPOS_NEAR : c->s_tb;
    size_t hi = NG_MIN(end + 2 * APPOS_NEAR, c->s_te);
    int comma = 0, cap = 0;
    for (size_t x = lo; x < hi; x++) {
      comma |= is_punct_char(c, x, ',');
      cap |= x > c->s_tb && (x < i || x >= end) && is_cap(c, x);
    }
    /* "chair of the House Committee Adam X": a name a few words on */
    for (size_t x = end; x < NG_MIN(end + APPOS_NEAR + 2, c->s_te); x++)
      if (is_cap(c, x) && x + 1 < c->s_te && is_cap(c, x + 1))
        return 1;
    if (comma && cap)
      return 1;
  }
  /* "Yolanda Yu Hoi-kwan": a person's name the rules ended before a
   * hyphen and a lower-case word glued to it; the tagger says whether
   * that word is a part of the name */
  for (size_t i = c->s_tb; i + 2 < c->s_te; i++) {
    int32_t mi = c->cover[i];
    if (mi < 0 || NG_MENTION(c->d, mi)->te != i + 1 ||
        NG_MENTION(c->d, mi)->type != NG_AT_PERSON ||
        NG_MENTION(c->d, mi)->kb ||
        !(c->t[i + 1].flags & NG_TF_HYPHEN) || c->t[i + 1].b != c->t[i].e ||
        c->t[i + 2].b != c->t[i + 1].e || !is_word(c, i + 2) ||
        is_cap(c, i + 2))
      continue;
    return 1;
  }
  return 0;
}

static ng_status scan_sentence(mctx *c) {
  for (size_t i = c->s_tb; i < c->s_te; i++) {
    if (c->cover[i] >= 0)
      continue;
    size_t before = c->d->mentions.n;
    kb_hit kh = kb_match(c, i);
    size_t end = try_name_apposition(c, i);
    if (end) {
      i = end - 1;
      continue;
    }
    end = try_told(c, i, &kh);
    if (!end)
      end = try_title_list(c, i);
    if (end) {
      i = end - 1;
      continue;
    }
    end = try_title_person(c, i);
    if (end && kh.alias && kh.end > end &&
        kh.alias->entry->type != NG_AT_PERSON) {
      /* a longer known name wins ("General Assembly" is no general):
       * drop what the title rule added */
      drop_mentions_from(c, before);
      end = 0;
    }
    if (!end) {
      end = try_group(c, i);
      /* "the People's Liberation Army": a known name that starts inside
       * the group phrase and runs past it wins, as over a title */
      int longer = 0;
      if (end > i && end - i <= WINDOW) {
        int32_t saved[WINDOW]; /* the group's cover, set aside to look */
        for (size_t j = i; j < end; j++) {
          saved[j - i] = c->cover[j];
          c->cover[j] = -1;
        }
        for (size_t j = i; j < end && !longer; j++) {
          kb_hit kj = kb_match(c, j);
          longer = kj.alias && kj.end > end &&
                   kj.alias->entry->type != NG_AT_PERSON;
        }
        for (size_t j = i; j < end; j++)
          c->cover[j] = saved[j - i];
      }
      if (longer) {
        drop_mentions_from(c, before);
        end = 0;
      }
    }
    if (!end)
      end = try_company(c, i, &kh);
    if (!end)
      end = try_name_person(c, i, &kh);
    if (!end && kh.alias && c->cover[i] < 0 && lone_first_name(c, i, &kh))
      kh.alias = NULL;
    if (!end && kh.alias && c->cover[i] < 0) {
      size_t oend = try_org(c, i, kh.end);
      if (oend) {
        end = oend;
      } else {
        const ng_kb_entry *ke = kh.alias->entry;
        int loc = locative_before(c, i);
        if (kh.alias->capital == NG_ALIAS_AMBIGUOUS) {
          /* a place name of several countries: coref gives it the one
           * in focus of the article, or none */
          ng_mention *m = add_mention(c, i, kh.end, NG_MK_NAME,
                                      NG_AT_COUNTRY);
          if (m) {
            m->candidates = kh.alias->candidates;
            m->locative = 1;
            m->place_only = 1;
          }
          end = kh.end;
        } else if ((kh.alias->capital == NG_ALIAS_CAPITAL &&
                    (loc || capital_as_place(c, i, kh.end))) ||
                   kh.alias->capital == NG_ALIAS_PLACE) {
          /* a capital city as a place, or a city or region of a country
           * ("in Kirkuk", "Kirkuk residents"): its country, named as a
           * place */
          const ng_country *co = ng_kb_country(c->kb, ke->iso3);
          ng_mention *m = co ? add_mention(c, i, kh.end, NG_MK_NAME,
                                           NG_AT_COUNTRY)
                             : NULL;
          if (m) {
            m->kb = co->country;
            m->link = kh.alias->capital == NG_ALIAS_CAPITAL ? NG_LINK_CAPITAL
                                                            : NG_LINK_NAME;
            m->iso3 = co->iso3;
            m->locative = 1;
            m->place_only = 1; /* "Baghdad" is no name of Iraq */
          }
          end = kh.end;
        } else {
          /* "Hezbollah guerrillas", "Hamas fighters": the group's own
           * members are the group */
          size_t me = kh.end, ne2 = 0;
          const ng_country *nco = NULL;
          const ng_lex_entry *nn =
              ke->type != NG_AT_PERSON && ke->type != NG_AT_COUNTRY
                  ? noun_at(c, kh.end, &ne2, &nco)
                  : NULL;
          if (nn && nn->kind == NG_LEX_COLLECTIVE && !nco)
            me = ne2;
          ng_mention *m = add_mention(c, i, me, NG_MK_NAME, ke->type);
          if (!m)
            return NG_ERR_NOMEM;
          m->kb = ke;
          m->link = kh.alias->capital == NG_ALIAS_CAPITAL ? NG_LINK_CAPITAL
                                                          : NG_LINK_NAME;
          m->iso3 = ke->iso3;
          m->nb = (uint32_t)i;
          m->ne = (uint32_t)kh.end;
          m->locative = (uint8_t)(loc && ke->type == NG_AT_COUNTRY);
          if (kh.end < c->s_te && (c->t[kh.end].flags & NG_TF_POSS))
            m->locative = 0;
          end = me;
        }
        if (!end)
          end = kh.end;
      }
    }
    if (!end && c->cover[i] < 0)
      end = try_org(c, i, 0);
    if (!end && c->cover[i] < 0) {
      size_t de;
      const ng_country *co = demonym_at(c, i, &de);
      /* "Bosnian Serbs", "Kosovo Albanians": a people named by where they
       * live; "ethnic Albanians ... in Serbia": by the place named */
      size_t de2;
      const ng_country *co2 = co ? demonym_at(c, de, &de2) : NULL;
      if (co2) {
        de = de2;
      } else if (co && i > c->s_tb && key_is(c, i - 1, "ethnic")) {
        for (size_t x = de; x + 1 < c->s_te && x < de + 14; x++)
          if (key_is(c, x, "in")) {
            kb_hit h = kb_match(c, x + 1);
            if (h.alias && h.alias->entry->type == NG_AT_COUNTRY) {
              co = ng_kb_country(c->kb, h.alias->entry->iso3);
              break;
            }
          }
      }
      if (co) {
        /* "Palestinians blamed Israel": a demonym used as a noun names
         * the country's people, an actor; before a noun ("Iraqi
         * targets", "Iraqi and Syrian targets") it is an adjective */
        int noun = 1;
        if (de < c->s_te && is_word(c, de)) {
          ng_wclass nk = wc(c, de);
          /* a plural subject takes "blamed", "reject", never "targets" */
          const ng_token *nt = &c->t[de];
          int verb = c->w->evdict && ng_evdict_is_verb(c->w->evdict, nt) &&
                     !(nt->key_len > 2 && nt->key[nt->key_len - 1] == 's' &&
                       nt->key[nt->key_len - 2] != 's');
          if (key_is(c, de, "and") || key_is(c, de, "or")) {
            size_t e2;
            noun = !country_mod_at(c, de + 1, &e2);
          } else if (!(nk & (NG_WC_AUX | NG_WC_PREP | NG_WC_CONJ |
                             NG_WC_MODAL | NG_WC_NEGATION | NG_WC_SAY |
                             NG_WC_RELATIVE)) &&
                     !verb) {
            noun = 0;
          }
        }
        ng_mention *m = add_mention(c, i, de,
                                    noun ? NG_MK_NAME : NG_MK_DEMONYM,
                                    NG_AT_COUNTRY);
        if (!m)
          return NG_ERR_NOMEM;
        m->kb = co->country;
        m->link = NG_LINK_DEMONYM;
        m->iso3 = co->iso3;
        /* "Palestinians", "Bosnian Serbs": a people, "they" */
        const ng_token *lt = &c->t[de - 1];
        m->plural = (uint8_t)(noun && lt->key_len > 1 &&
                              lt->key[lt->key_len - 1] == 's');
        end = de;
      }
    }
    if (!end && c->cover[i] < 0)
      end = try_media(c, i);
    if (!end && c->cover[i] < 0)
      end = try_pronoun(c, i);
    if (c->d->mentions.n >= NG_MAX_MENTIONS)
      return NG_ERR_LIMIT;
    if (end > i + 1)
      i = end - 1;
  }
  NG_SENT(c->d, c->sentence)->wants_parse = (uint8_t)wants_parse(c);
  return NG_OK;
}

/* Surnames and bare names of people already named in the article:
 * "Schreurs" after "Lucas Schreurs", "Al-Sudani" after "Mohammed Shi
 * Al-Sudani"; a first name alone when one person of the article has it
 * ("Sharif" after "Sharif Xyz"). */
/* Marks a first name two people of the article share. */
static char first_shared[1];

static ng_status scan_surnames(mctx *c) {
  ng_map last = {0}, first = {0};
  ng_status st = NG_OK;
  size_t n_first = c->d->mentions.n;
  /* the last name part of every named person, in text order */
  for (size_t x = 0; x < n_first && !st; x++) {
    ng_mention *m = NG_MENTION(c->d, x);
    if (m->type != NG_AT_PERSON || m->nb >= m->ne || m->ne - m->nb < 2)
      continue;
    size_t lb = m->ne - 1;
    while (lb > m->nb && (c->t[lb - 1].flags & NG_TF_HYPHEN))
      lb -= 2; /* "Al-Sudani": the whole hyphenated part */
    if (lb > m->nb &&
        (wc(c, lb - 1) & (NG_WC_PARTICLE | NG_WC_HPARTICLE)))
      lb--;
    char key[256];
    size_t kl = 0;
    for (size_t y = lb; y < m->ne && kl + 64 < sizeof key; y++) {
      if (c->t[y].flags & NG_TF_HYPHEN)
        continue;
      if (kl)
        key[kl++] = ' ';
      size_t tl = NG_MIN(c->t[y].key_len, 60);
      memcpy(key + kl, c->t[y].key, tl);
      kl += tl;
    }
    ng_map_entry *e = ng_map_slot(&last, &c->d->arena, key, kl);
    if (!e) {
      st = NG_ERR_NOMEM;
      break;
    }
    if (!e->value)
      e->value = (void *)(uintptr_t)(x + 1);
    /* the first name, when one person of the article has it */
    const ng_token *ft = &c->t[m->nb];
    ng_map_entry *fe = ng_map_slot(&first, &c->d->arena, ft->key, ft->key_len);
    if (!fe) {
      st = NG_ERR_NOMEM;
      break;
    }
    if (!fe->value) {
      fe->value = (void *)(uintptr_t)(x + 1);
    } else if (fe->value != first_shared) {
      const ng_mention *o = NG_MENTION(c->d, (uintptr_t)fe->value - 1);
      if (o->kb != m->kb || !o->kb) {
        /* another person of that first name, unless the same name */
        size_t ol = o->ne - o->nb, ml = m->ne - m->nb;
        int same = ol == ml;
        for (size_t y = 0; same && y < ml; y++)
          same = c->t[o->nb + y].key_len == c->t[m->nb + y].key_len &&
                 !memcmp(c->t[o->nb + y].key, c->t[m->nb + y].key,
                         c->t[m->nb + y].key_len);
        if (!same)
          fe->value = first_shared;
      }
    }
  }
  for (size_t si = 0; si < c->d->sentences.n && !st && last.n; si++) {
    ng_sentence *s = NG_SENT(c->d, si);
    c->s_tb = s->tb;
    c->s_te = s->te;
    for (size_t i = s->tb; i < s->te; i++) {
      if (c->cover[i] >= 0 || !name_token(c, i))
        continue;
      size_t e = name_end(c, i);
      if (!e || e - i > 3)
        continue;
      char key[256];
      size_t kl = 0;
      for (size_t y = i; y < e && kl + 64 < sizeof key; y++) {
        if (c->t[y].flags & NG_TF_HYPHEN)
          continue;
        if (kl)
          key[kl++] = ' ';
        size_t tl = NG_MIN(c->t[y].key_len, 60);
        memcpy(key + kl, c->t[y].key, tl);
        kl += tl;
      }
      void *v = ng_map_get(&last, key, kl);
      if (!v && e == i + 1) {
        /* "Sharif said" after "Sharif Xyz": a first name alone, of the
         * one person of the article who has it */
        v = ng_map_get(&first, key, kl);
        if (v == first_shared)
          v = NULL;
      }
      if (!v)
        continue;
      /* copy what we need: adding a mention may move the vector */
      const ng_kb_entry *ref_kb = NG_MENTION(c->d, (uintptr_t)v - 1)->kb;
      ng_mention *m = add_mention(c, i, e, NG_MK_NAME, NG_AT_PERSON);
      if (!m) {
        st = NG_ERR_NOMEM;
        break;
      }
      m->surname_of = (int32_t)((uintptr_t)v - 1);
      m->kb = ref_kb;
      m->link = ref_kb ? NG_LINK_SURNAME : NG_LINK_NONE;
      i = e - 1;
    }
  }
  ng_map_free(&last);
  ng_map_free(&first);
  return st;
}

static int cmp_mention(const void *a, const void *b) {
  const ng_mention *x = a, *y = b;
  if (x->tb != y->tb)
    return x->tb < y->tb ? -1 : 1;
  return x->te < y->te ? -1 : x->te > y->te;
}

/* The mentions in text order, with the indexes that point between
 * mentions remapped, and places named next to places. */
/* At most this many distinct names found by context share a first word
 * (the rest are not looked for again): keeps the pass linear. */
#define CONTEXT_NAMES_PER_WORD 16

static int same_name_tokens(const mctx *c, size_t a, size_t b, size_t len) {
  for (size_t y = 0; y < len; y++)
    if (c->t[a + y].key_len != c->t[b + y].key_len ||
        memcmp(c->t[a + y].key, c->t[b + y].key, c->t[a + y].key_len) ||
        (c->t[a + y].flags & (NG_TF_CAP | NG_TF_UPPER)) !=
            (c->t[b + y].flags & (NG_TF_CAP | NG_TF_UPPER)))
      return 0;
  return 1;
}

/* A name found by the words around it ("the airline X", "X reported")
 * names the same actor wherever the article writes it again, whole and
 * capitalised, not inside a longer name ("Mahan Air" after "the airline
 * Mahan Air"), as the surnames of people found are looked for again. */
static ng_status scan_context_names(mctx *c) {
  ng_doc *d = c->d;
  size_t n_first = d->mentions.n;
  /* the distinct names, chained by their first word */
  ng_map heads = {0};
  int32_t *next = NULL;
  ng_status st = NG_OK;
  for (size_t x = 0; x < n_first && !st; x++) {
    const ng_mention *m = NG_MENTION(d, x);
    if (!m->by_context || m->nb >= m->ne)
      continue;
    if (!next && !(next = malloc(sizeof *next * n_first))) {
      st = NG_ERR_NOMEM;
      break;
    }
    next[x] = -1;
    const ng_token *ft = &c->t[m->nb];
    ng_map_entry *me = ng_map_slot(&heads, &d->arena, ft->key, ft->key_len);
    if (!me) {
      st = NG_ERR_NOMEM;
      break;
    }
    int32_t *link = NULL;
    int dup = 0, k = 0;
    for (int32_t y = me->value ? (int32_t)((uintptr_t)me->value - 1) : -1;
         y >= 0; y = next[y], k++) {
      const ng_mention *o = NG_MENTION(d, y);
      dup |= o->ne - o->nb == m->ne - m->nb &&
             same_name_tokens(c, o->nb, m->nb, m->ne - m->nb);
      link = &next[y];
    }
    if (dup || k >= CONTEXT_NAMES_PER_WORD)
      continue;
    if (link)
      *link = (int32_t)x;
    else
      me->value = (void *)(uintptr_t)(x + 1);
  }
  for (size_t si = 0; si < d->sentences.n && !st && heads.n; si++) {
    const ng_sentence *s = NG_SENT(d, si);
    c->s_tb = s->tb;
    c->s_te = s->te;
    c->sentence = si;
    for (size_t i = s->tb; i < s->te; i++) {
      if (c->cover[i] >= 0 || !is_cap(c, i) ||
          (i > s->tb && name_token(c, i - 1)))
        continue;
      const void *v = ng_map_get(&heads, c->t[i].key, c->t[i].key_len);
      for (int32_t y = v ? (int32_t)((uintptr_t)v - 1) : -1; y >= 0;
           y = next[y]) {
        const ng_mention *m = NG_MENTION(d, y);
        size_t len = m->ne - m->nb, e = i + len;
        if (e > s->te || !same_name_tokens(c, i, m->nb, len))
          continue;
        int free_span = 1;
        for (size_t z = i; z < e; z++)
          free_span &= c->cover[z] < 0;
        /* not inside a longer name: "PG" of "PG&E", "Star Trek" */
        if (!free_span ||
            (e < s->te && (name_token(c, e) ||
                           (c->t[e].b == c->t[e - 1].e &&
                            !(c->t[e].flags & NG_TF_POSS) &&
                            !is_punct_char(c, e, ',') &&
                            !is_punct_char(c, e, '.') &&
                            !is_punct_char(c, e, ';') &&
                            !is_punct_char(c, e, ':') &&
                            !(c->t[e].flags & NG_TF_QUOTE)))))
          continue;
        uint8_t type = m->type;
        ng_mention *r = add_mention(c, i, e, NG_MK_NAME, type);
        if (!r) {
          st = c->err ? c->err : NG_ERR_NOMEM;
          break;
        }
        r->discovered = 1;
        i = e - 1;
        break;
      }
    }
  }
  free(next);
  ng_map_free(&heads);
  return st;
}

static ng_status finish_mentions(ng_doc *d) {
  /* text order, with the indexes that point between mentions remapped */
  size_t n = d->mentions.n;
  if (n > 1) {
    ng_mention *ms = d->mentions.items;
    for (size_t x = 0; x < n; x++)
      ms[x].orig = (int32_t)x;
    qsort(ms, n, sizeof *ms, cmp_mention);
    int32_t *pos = malloc(sizeof(int32_t) * n);
    if (!pos)
      return NG_ERR_NOMEM;
    for (size_t x = 0; x < n; x++)
      pos[ms[x].orig] = (int32_t)x;
    for (size_t x = 0; x < n; x++) {
      if (ms[x].post_org >= 0)
        ms[x].post_org = pos[ms[x].post_org];
      if (ms[x].surname_of >= 0)
        ms[x].surname_of = pos[ms[x].surname_of];
      if (ms[x].appos >= 0)
        ms[x].appos = pos[ms[x].appos];
    }
    free(pos);
  }
  /* "in Iraq and Syria": a place named next to a place is a place too */
  for (size_t x = 1; x < d->mentions.n; x++) {
    ng_mention *m = NG_MENTION(d, x), *p = NG_MENTION(d, x - 1);
    if (m->type != NG_AT_COUNTRY || m->locative || !p->locative ||
        m->tb < 1 || p->te + 1 != m->tb)
      continue;
    const ng_token *t = NG_TOK(d, m->tb - 1);
    if ((t->key_len == 3 && !memcmp(t->key, "and", 3)) ||
        (t->key_len == 2 && !memcmp(t->key, "or", 2)) ||
        (t->key_len == 1 && t->key[0] == ','))
      m->locative = 1;
  }
  return NG_OK;
}

/* Sets C up over D with no token covered; NG_ERR_NOMEM.  The caller
 * frees C->cover. */
static ng_status mctx_open(mctx *c, ng_world *w, ng_doc *d) {
  memset(c, 0, sizeof *c);
  c->w = w;
  c->d = d;
  c->lex = w->lex;
  c->kb = w->kb;
  c->t = d->tokens.items;
  c->n = d->tokens.n;
  c->cover = malloc(sizeof(int32_t) * (c->n + 1));
  if (!c->cover)
    return NG_ERR_NOMEM;
  for (size_t i = 0; i <= c->n; i++)
    c->cover[i] = -1;
  return NG_OK;
}

ng_status ng_stage_mentions(ng_world *w, ng_doc *d) {
  mctx c;
  if (mctx_open(&c, w, d))
    return NG_ERR_NOMEM;
  ng_status st = NG_OK;
  for (size_t si = 0; si < d->sentences.n && !st; si++) {
    ng_sentence *s = NG_SENT(d, si);
    c.s_tb = s->tb;
    c.s_te = s->te;
    c.sentence = si;
    c.titlecase = sentence_titlecase(&c);
    st = scan_sentence(&c);
  }
  if (!st)
    st = scan_surnames(&c);
  if (!st)
    st = scan_context_names(&c);
  free(c.cover);
  if (!st)
    st = c.err;
  if (st) {
    if (st == NG_ERR_LIMIT)
      ng_log(w, NG_LOG_ERROR, st, "mention", 0, 0,
             "%s (more than %u actor mentions in one article)",
             ng_status_string(st), (unsigned)NG_MAX_MENTIONS);
    else
      ng_log(w, NG_LOG_ERROR, st, "mention", 0, 0, "%s",
             ng_status_string(st));
    return st;
  }
  return finish_mentions(d);
}

ng_status ng_mentions_rescan(ng_world *w, ng_doc *d) {
  mctx c;
  if (mctx_open(&c, w, d))
    return NG_ERR_NOMEM;
  for (size_t x = 0; x < d->mentions.n; x++) {
    const ng_mention *m = NG_MENTION(d, x);
    for (size_t i = m->tb; i < m->te && i < c.n; i++)
      c.cover[i] = (int32_t)x;
  }
  ng_status st = scan_surnames(&c);
  free(c.cover);
  if (!st)
    st = c.err;
  return st ? st : finish_mentions(d);
}
