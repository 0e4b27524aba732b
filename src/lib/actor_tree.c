/* actor_tree.c - posts and people read off the parse
 * (ng_stage_actor_tree), after the mention and parse stages and before
 * coreference; it reads only the sentences the parse stage parsed.
 *
 * Rules:
 *  - Apposition: a name and a noun phrase headed by a post or person noun
 *    of titles.tsv, joined by the tree's appos relation, or, where the
 *    tree attached them otherwise, side by side between commas:
 *      "Dedi Prasetyo, a spokesperson for the Indonesian National Police,"
 *      "the prosecutor general of Tehran, Ali Alghasi Mehr, said"
 *    The phrase becomes a title mention apposed to the name (coreference
 *    gives it the name's entity and its post to the person).  A name no
 *    rule knew becomes a discovered person when it is two or more proper
 *    nouns (with particles such as al-, bin, de); the apposition is what
 *    says it is a person.
 *  - The post as written before a name: the nouns and adjectives the tree
 *    attaches to the title or the name ("Police director Vladimir Rebic",
 *    "Indonesia's security minister Wiranto").
 *  - A name no rule knew right after a post or describer noun the tree
 *    joins to it ("presidential candidate Sviatlana X"); a describer of
 *    titles.tsv ("wife", "student") in apposition or before a name makes
 *    the name a person's and gives no post.  No name is discovered in a
 *    title-case headline, where the tagger reads most words as names.
 *  - A name right after a post whose complement is a known name ("US
 *    Special Representative for Iran Brian X", "Ambassador to the
 *    United Nations Nikki X"): the complement's mention says where the
 *    post ends and the holder's name begins.
 *  - A given name with a lower-case part after a hyphen ("Yu Hoi-kwan",
 *    "Man-kei Tam") runs on past the hyphen when no noun follows that
 *    the compound could describe ("Obama-era rules"); a known name is
 *    whole.  The mention stage asks for the parse of such a sentence.
 * A post's label is its phrase as written, without the determiner, the
 * country or organisation before it (they give the post's country or
 * organisation) and "former" (a former post).  A prepositional phrase
 * after the head stays in the label ("Special Representative for Iran",
 * "Minister of Information") unless it names an organisation, which
 * becomes the post's organisation ("a spokesperson for the Indonesian
 * National Police"), or is "of" a country, which gives its country.
 * Linear in the tokens but for the subtree of an apposition (bounded by
 * the sentence and the tree's depth). */
#include <stdlib.h>

#include "doc.h"
#include "lexicon.h"

#define PHRASE_MAX 12 /* tokens of a post phrase */
#define NAME_MAX 6    /* tokens of a discovered name */
#define DEPTH_MAX 64  /* steps up the tree */

typedef struct tree_ctx {
  ng_world *w;
  ng_doc *d;
  const ng_lexicon *lex;
  int32_t *cover; /* the mention covering each token, or -1 */
  size_t sb, se;  /* the sentence */
  int added;      /* people were added: look for their surnames */
  int32_t absorb; /* a description read as a post ("a US peace envoy" in
                     apposition to a name): its tokens count as no
                     mention's; -1 none */
} tree_ctx;

/* what a post phrase says */
typedef struct post_phrase {
  const ng_lex_entry *entry; /* the post or person noun of titles.tsv */
  size_t lb, head;           /* label from LB; the head noun */
  size_t le;                 /* label end */
  const char *iso3;          /* the country before it or "of" after it */
  int32_t org;               /* the organisation's mention, or -1 */
  int former;
} post_phrase;

static const ng_token *tok(const tree_ctx *c, size_t i) {
  return NG_TOK(c->d, i);
}

static int upos(const tree_ctx *c, size_t i) { return NG_DEP(c->d, i)->upos; }

static ng_wclass wclass(const tree_ctx *c, size_t i) {
  return ng_lexicon_word(c->lex, tok(c, i));
}

static int is_punct(const tree_ctx *c, size_t i, char ch) {
  const ng_token *t = tok(c, i);
  return (t->flags & NG_TF_PUNCT) && t->e - t->b == 1 && c->d->text[t->b] == ch;
}

static int is_noun(const tree_ctx *c, size_t i) {
  return upos(c, i) == NG_UPOS_NOUN || upos(c, i) == NG_UPOS_PROPN;
}

static const ng_mention *cover_of(const tree_ctx *c, size_t i) {
  return c->cover[i] >= 0 && c->cover[i] != c->absorb
             ? NG_MENTION(c->d, c->cover[i])
             : NULL;
}

/* A word of a noun phrase before or after its head: adjectives, nouns,
 * numbers, hyphens, possessive 's, and the words of another mention. */
static int nominal(const tree_ctx *c, size_t i) {
  int u = upos(c, i);
  const ng_mention *m = cover_of(c, i);
  return u == NG_UPOS_ADJ || u == NG_UPOS_NOUN || u == NG_UPOS_PROPN ||
         u == NG_UPOS_NUM || (tok(c, i)->flags & (NG_TF_HYPHEN | NG_TF_POSS)) ||
         (m && m->kind != NG_MK_PRONOUN);
}

/* A lower-case word glued to the hyphen before it, itself glued to the
 * word before: "kwan" of "Hoi-kwan", "backed" of "Iran-backed" (not a
 * word of an actor's tie, words.tsv affil). */
static int after_glued_hyphen(const tree_ctx *c, size_t i) {
  const ng_token *t = tok(c, i);
  if (i < 2 || !(t->flags & NG_TF_WORD) ||
      (t->flags & (NG_TF_SPACE | NG_TF_NEWLINE | NG_TF_CAP | NG_TF_UPPER)) ||
      (wclass(c, i) & NG_WC_AFFIL))
    return 0;
  const ng_token *h = tok(c, i - 1);
  return (h->flags & NG_TF_HYPHEN) && t->b == h->e &&
         h->b == tok(c, i - 2)->e;
}

/* A lower-case part of a hyphenated given name the tagger reads as a
 * proper noun, after a family name: "kwan" of "Yu Hoi-kwan" (not
 * "critic" of "did Trump-critic"). */
static int hyphen_name_part(const tree_ctx *c, size_t i) {
  return i >= 3 && upos(c, i) == NG_UPOS_PROPN && after_glued_hyphen(c, i) &&
         (tok(c, i - 2)->flags & NG_TF_CAP) &&
         upos(c, i - 3) == NG_UPOS_PROPN && (tok(c, i - 3)->flags & NG_TF_CAP);
}

/* A word of a person's name: a proper noun, a hyphen inside it, a name
 * particle ("al", "bin", "de", "van"). */
static int name_word(const tree_ctx *c, size_t i) {
  const ng_token *t = tok(c, i);
  if (upos(c, i) == NG_UPOS_PROPN &&
      ((t->flags & (NG_TF_CAP | NG_TF_UPPER)) || hyphen_name_part(c, i)))
    return 1;
  if (t->flags & NG_TF_HYPHEN)
    return 1;
  return (t->flags & NG_TF_WORD) &&
         (wclass(c, i) & (NG_WC_PARTICLE | NG_WC_HPARTICLE));
}

/* The post or person noun of titles.tsv that starts at or after B and
 * ends with the word H; *START gets where it starts. */
static const ng_lex_entry *post_ending_at(const tree_ctx *c, size_t b, size_t h,
                                          size_t *start) {
  /* a plural ("officials", "spokesmen") names several people */
  const ng_token *ht = tok(c, h);
  const char *lemma = NG_DEP(c->d, h)->lemma;
  if (lemma && *lemma && ht->key_len > strlen(lemma) &&
      ht->key[ht->key_len - 1] == 's')
    return NULL;
  for (size_t x = b; x <= h; x++) {
    ng_phrase_match ms[4];
    size_t k =
        ng_phrases_match(&c->lex->titles, c->d->tokens.items, h + 1, x, ms, 4);
    for (size_t j = 0; j < k; j++) {
      if (ms[j].end != h + 1)
        continue;
      for (const ng_phrase_val *v = ms[j].node->vals; v; v = v->next) {
        const ng_lex_entry *e = v->payload;
        if (e->kind == NG_LEX_POST || e->kind == NG_LEX_PERSON) {
          *start = x;
          return e;
        }
      }
    }
  }
  return NULL;
}

/* 1 when the word H, singular, is a describer of titles.tsv ("wife",
 * "student"): a noun that says a name is a person's. */
static int describer_at(const tree_ctx *c, size_t h) {
  const ng_token *ht = tok(c, h);
  const char *lemma = NG_DEP(c->d, h)->lemma;
  if (lemma && *lemma && ht->key_len > strlen(lemma))
    return 0;
  ng_phrase_match ms[4];
  size_t k =
      ng_phrases_match(&c->lex->titles, c->d->tokens.items, h + 1, h, ms, 4);
  for (size_t j = 0; j < k; j++)
    for (const ng_phrase_val *v = ms[j].node->vals; v; v = v->next)
      if (ms[j].end == h + 1 &&
          ((const ng_lex_entry *)v->payload)->kind == NG_LEX_DESCRIBER)
        return 1;
  return 0;
}

/* A word that can be part of a post's name before its title: a noun,
 * a proper noun, a lower-case adjective ("national security adviser"),
 * not in a mention, not "former" nor a word about the holder or the time
 * ("the current president", words.tsv: notpost). */
static int label_word(const tree_ctx *c, size_t x) {
  const ng_mention *m = cover_of(c, x);
  if ((m && m->kind != NG_MK_TITLE) ||
      (wclass(c, x) & (NG_WC_FORMER | NG_WC_NOTPOST)))
    return 0;
  int u = upos(c, x);
  if (u == NG_UPOS_NOUN || u == NG_UPOS_PROPN)
    return 1;
  return u == NG_UPOS_ADJ && !(tok(c, x)->flags & (NG_TF_CAP | NG_TF_UPPER));
}

/* Left of the title that starts at START, the words of the post's name
 * the tree attaches into [START, E) ("Police director", "trade and
 * industry commissioner"), or, with E SIZE_MAX (a phrase whose bounds
 * are known), all of them; not past LO, nor past another post noun ("AU
 * chairperson President X" names two posts). */
static size_t label_start(const tree_ctx *c, size_t lo, size_t start,
                          size_t e) {
  size_t lb = start;
  while (lb > lo && start - lb < PHRASE_MAX) {
    size_t x = lb - 1;
    int32_t h = NG_DEP(c->d, x)->head;
    if (e != SIZE_MAX && (h <= (int32_t)x || h >= (int32_t)e))
      break;
    if (upos(c, x) == NG_UPOS_CCONJ && x > lo && label_word(c, x - 1) &&
        lb < start) {
      lb = x;
      continue;
    }
    size_t s0;
    if (!label_word(c, x) || post_ending_at(c, x > lo + 3 ? x - 3 : lo, x, &s0))
      break;
    lb = x;
  }
  while (lb < start && upos(c, lb) == NG_UPOS_CCONJ)
    lb++;
  return lb;
}

/* Reads the post phrase [PB, PE) whose head noun is H into *P; 0 when it
 * names no post.  Mentions before the head give the country or the
 * organisation and stay out of the label. */
static int read_phrase_in(tree_ctx *c, size_t pb, size_t pe, size_t h,
                          post_phrase *p) {
  memset(p, 0, sizeof *p);
  p->org = -1;
  /* a description that ends with the head ("a US peace envoy", read as
   * the government's) is the post of the name it is apposed to */
  const ng_mention *dm =
      c->cover[h] >= 0 ? NG_MENTION(c->d, c->cover[h]) : NULL;
  c->absorb = -1;
  if (dm && dm->kind == NG_MK_NOMINAL && dm->te == h + 1 && dm->tb >= pb &&
      !dm->plural) {
    c->absorb = c->cover[h];
    if (dm->iso3)
      p->iso3 = dm->iso3;
  }
  size_t x = pb;
  while (x < h) {
    const ng_mention *m = cover_of(c, x);
    if (m && m->kind != NG_MK_TITLE) {
      if (m->te > h)
        return 0; /* the head inside another mention */
      if (m->type == NG_AT_COUNTRY || m->kind == NG_MK_DEMONYM)
        p->iso3 = m->iso3;
      else if (m->type != NG_AT_PERSON)
        p->org = c->cover[x];
      x = m->te;
      if (x < h && (tok(c, x)->flags & NG_TF_POSS))
        x++;
      continue;
    }
    if (wclass(c, x) & NG_WC_FORMER) {
      p->former = 1;
      x++;
      continue;
    }
    /* "according to the ...", "and the ...": up to the first noun or
     * adjective */
    int u = upos(c, x);
    if (u != NG_UPOS_ADJ && u != NG_UPOS_NOUN && u != NG_UPOS_PROPN &&
        u != NG_UPOS_NUM) {
      x++;
      continue;
    }
    break;
  }
  /* "the city's home minister": the label after the possessive */
  for (size_t y = x; y < h; y++)
    if (tok(c, y)->flags & NG_TF_POSS)
      x = y + 1;
  for (size_t y = x; y < h; y++)
    if ((tok(c, y)->flags & NG_TF_PUNCT) && !(tok(c, y)->flags & NG_TF_HYPHEN))
      return 0; /* brackets, quotes, a list: no one phrase */
  const ng_mention *hm = cover_of(c, h);
  if (hm && hm->kind != NG_MK_TITLE)
    return 0;
  size_t start;
  p->entry = post_ending_at(c, x, h, &start);
  if (!p->entry)
    return 0;
  p->lb = label_start(c, x, start, SIZE_MAX);
  p->head = h;
  p->le = h + 1;
  /* "of/for/to ..." after the head */
  if (h + 1 < pe && upos(c, h + 1) == NG_UPOS_ADP) {
    const ng_token *prep = tok(c, h + 1);
    size_t y = h + 2;
    while (y < pe && y < p->lb + PHRASE_MAX &&
           (nominal(c, y) || upos(c, y) == NG_UPOS_DET ||
            upos(c, y) == NG_UPOS_ADP || upos(c, y) == NG_UPOS_CCONJ)) {
      const ng_mention *m = cover_of(c, y);
      if (m && m->type == NG_AT_PERSON)
        break; /* "Speaker of the House Nancy Pelosi": a name ends it */
      if (m && m->kind != NG_MK_TITLE && m->kind != NG_MK_PRONOUN &&
          y == (size_t)m->tb) {
        if (m->type == NG_AT_COUNTRY || m->kind == NG_MK_DEMONYM) {
          if (ng_lexicon_word(c->lex, prep) & NG_WC_POSTIN) {
            if (!p->iso3)
              p->iso3 = m->iso3;
            return 1; /* "chief executive of Hong Kong" */
          }
        } else if (!m->locative) {
          if (p->org < 0)
            p->org = c->cover[y];
          return 1; /* "spokesperson for the Indonesian National Police" */
        }
      }
      y++;
    }
    while (y > h + 2 &&
           (upos(c, y - 1) == NG_UPOS_ADP || upos(c, y - 1) == NG_UPOS_DET ||
            upos(c, y - 1) == NG_UPOS_CCONJ))
      y--;
    if (y > h + 2)
      p->le = y;
  }
  return 1;
}

/* read_phrase_in, leaving no description absorbed when it fails */
static int read_phrase(tree_ctx *c, size_t pb, size_t pe, size_t h,
                       post_phrase *p) {
  if (read_phrase_in(c, pb, pe, h, p))
    return 1;
  c->absorb = -1;
  return 0;
}

static const char *span_text(ng_doc *d, size_t b, size_t e) {
  if (b >= e)
    return NULL;
  const ng_token *tb = NG_TOK(d, b), *te = NG_TOK(d, e - 1);
  return ng_arena_strndup(&d->arena, d->text + tb->b, te->e - tb->b);
}

static ng_mention *add_mention(tree_ctx *c, size_t tb, size_t te, int kind) {
  if (c->d->mentions.n >= NG_MAX_MENTIONS)
    return NULL;
  ng_mention *m =
      ng_vec_push(&c->d->mentions, sizeof(ng_mention), NG_MAX_MENTIONS);
  if (!m)
    return NULL;
  memset(m, 0, sizeof *m);
  m->tb = m->nb = (uint32_t)tb;
  m->te = m->ne = (uint32_t)te;
  m->kind = (uint8_t)kind;
  m->type = NG_AT_PERSON;
  m->entity = -1;
  m->post_org = -1;
  m->surname_of = -1;
  m->appos = -1;
  for (size_t i = tb; i < te; i++)
    c->cover[i] = (int32_t)(c->d->mentions.n - 1);
  return m;
}

/* The person mention of the name at [NB, NE): the mention there, or a
 * new one for two or more proper nouns no rule took.  -1 when the name
 * is no person's. */
static int32_t person_at(tree_ctx *c, size_t nb, size_t ne) {
  const ng_mention *m = cover_of(c, nb);
  if (m) {
    if (m->type != NG_AT_PERSON || m->kind != NG_MK_NAME ||
        c->cover[ne - 1] != c->cover[nb])
      return -1;
    return c->cover[nb];
  }
  size_t words = 0;
  for (size_t i = nb; i < ne; i++) {
    if (c->cover[i] >= 0 || !name_word(c, i))
      return -1;
    words += upos(c, i) == NG_UPOS_PROPN;
  }
  if (words < 2 || !name_word(c, nb) || upos(c, nb) != NG_UPOS_PROPN ||
      upos(c, ne - 1) != NG_UPOS_PROPN)
    return -1;
  /* "the Brian Smith Foundation": an organisation's head word ends it */
  for (size_t x = nb; x < ne; x++) {
    ng_phrase_match ms[2];
    if (ng_phrases_match(&c->lex->orgheads, c->d->tokens.items, ne, x, ms, 2))
      return -1;
  }
  ng_mention *pm = add_mention(c, nb, ne, NG_MK_NAME);
  if (!pm)
    return -2;
  pm->discovered = 1;
  c->added = 1;
  return (int32_t)(c->d->mentions.n - 1);
}

/* A proper-noun name around token I: [*NB, *NE); 0 when I is no name
 * word. */
static int name_around(const tree_ctx *c, size_t i, size_t *nb, size_t *ne) {
  const ng_mention *m = cover_of(c, i);
  if (m) {
    *nb = m->tb;
    *ne = m->te;
    return m->type == NG_AT_PERSON && m->kind == NG_MK_NAME;
  }
  if (!name_word(c, i))
    return 0;
  size_t b = i, e = i + 1;
  while (b > c->sb && i - b < NAME_MAX && c->cover[b - 1] < 0 &&
         name_word(c, b - 1))
    b--;
  while (e < c->se && e - b < NAME_MAX && c->cover[e] < 0 && name_word(c, e))
    e++;
  *nb = b;
  *ne = e;
  return 1;
}

/* The post phrase P is apposed to the name [NB, NE): a title mention for
 * it, apposed to the person. */
static ng_status appose(tree_ctx *c, size_t nb, size_t ne,
                        const post_phrase *p) {
  int32_t absorbed = c->absorb;
  c->absorb = -1;
  /* the phrase must not overlap the name; at the mention cap nothing
   * more is added */
  if (!(p->le <= nb || p->lb >= ne) || c->d->mentions.n + 2 > NG_MAX_MENTIONS)
    return NG_OK;
  for (size_t x = p->lb; x <= p->head; x++) {
    const ng_mention *m = cover_of(c, x);
    if (m && c->cover[x] != absorbed &&
        (m->kind != NG_MK_TITLE || m->type != NG_AT_PERSON))
      return NG_OK;
  }
  int32_t ti = c->cover[p->head];
  if (ti >= 0 && NG_MENTION(c->d, ti)->appos >= 0 &&
      !(NG_MENTION(c->d, ti)->appos == c->cover[nb] && c->cover[nb] >= 0))
    return NG_OK; /* the title is another name's */
  int32_t pi = person_at(c, nb, ne);
  if (pi == -2)
    return NG_ERR_NOMEM;
  if (pi < 0)
    return NG_OK;
  const char *label = span_text(c->d, p->lb, p->le);
  if (!label)
    return NG_ERR_NOMEM;
  if (ng_ascii_caseless_eq(label, p->entry->term))
    label = NULL; /* "the president": the title as the lexicon writes it */
  if (ti >= 0 && ti == absorbed) {
    ng_mention *dm = NG_MENTION(c->d, ti);
    dm->kind = NG_MK_TITLE;
    dm->type = NG_AT_PERSON;
    dm->kb = NULL;
    dm->link = NG_LINK_NONE;
    dm->head = NULL;
    dm->actor = NULL;
    dm->nb = dm->ne = dm->te;
    dm->title = p->entry->term;
    dm->post_label = label;
    dm->role = p->entry->role;
    if (p->iso3)
      dm->iso3 = p->iso3;
    dm->post_org = p->org;
    dm->former = (uint8_t)p->former;
    dm->appos = pi;
    return NG_OK;
  }
  if (ti >= 0) {
    /* a title the rules found ("Ali Nasser, the Yemeni Foreign
     * Minister"): the label as written */
    ng_mention *tm = NG_MENTION(c->d, ti);
    if (tm->appos < 0)
      tm->appos = pi;
    if (tm->appos == pi && label)
      tm->post_label = label;
    return NG_OK;
  }
  ng_mention *tm = add_mention(c, p->lb, p->head + 1, NG_MK_TITLE);
  if (!tm)
    return NG_ERR_NOMEM;
  tm->nb = tm->ne = (uint32_t)(p->head + 1);
  tm->title = p->entry->term;
  tm->post_label = label;
  tm->role = p->entry->role;
  tm->iso3 = p->iso3;
  tm->post_org = p->org;
  tm->former = (uint8_t)p->former;
  tm->appos = pi;
  return NG_OK;
}

/* Is the tree's token R an ancestor of I (not passing through X)? */
static int under(const tree_ctx *c, size_t i, size_t r, size_t x) {
  size_t cur = i;
  for (int steps = 0; steps < DEPTH_MAX; steps++) {
    if (cur == x)
      return 0;
    if (cur == r)
      return 1;
    int32_t h = NG_DEP(c->d, cur)->head;
    if (h < 0)
      return 0;
    cur = (size_t)h;
  }
  return 0;
}

/* The tree's appositions: a post noun R and a name X, either one the
 * head of the other; the phrase is R's subtree without X's, on R's side
 * of the name, up to a clause or a punctuation mark. */
static ng_status tree_appositions(tree_ctx *c) {
  for (size_t t = c->sb; t < c->se; t++) {
    const ng_dep *dep = NG_DEP(c->d, t);
    if (dep->rel != NG_DEP_APPOS || dep->head < 0)
      continue;
    size_t h = (size_t)dep->head;
    size_t ends[2][2] = {{h, t}, {t, h}}; /* {post, name} */
    for (int k = 0; k < 2; k++) {
      size_t r = ends[k][0], x = ends[k][1], nb, ne;
      if (!is_noun(c, r) || !name_around(c, x, &nb, &ne) || (r >= nb && r < ne))
        continue;
      size_t pb = r, pe = r + 1;
      size_t lo = r < nb ? c->sb : ne, hi = r < nb ? nb : c->se;
      while (pb > lo && r - pb < PHRASE_MAX && under(c, pb - 1, r, x))
        pb--;
      while (pe < hi && pe - pb < PHRASE_MAX && under(c, pe, r, x))
        pe++;
      /* up to a clause or a comma after the head */
      for (size_t y = r + 1; y < pe; y++)
        if (upos(c, y) == NG_UPOS_VERB || upos(c, y) == NG_UPOS_AUX ||
            upos(c, y) == NG_UPOS_PRON || upos(c, y) == NG_UPOS_PUNCT) {
          pe = y;
          break;
        }
      post_phrase p;
      ng_status st = NG_OK;
      if (read_phrase(c, pb, pe, r, &p))
        st = appose(c, nb, ne, &p);
      else if (describer_at(c, r) && person_at(c, nb, ne) == -2)
        st = NG_ERR_NOMEM; /* "Hatice Cengiz, fiancee of X": a person */
      else
        continue;
      if (st)
        return st;
      break;
    }
  }
  return NG_OK;
}

/* The head noun of a phrase [PB, PE): the last noun before its first
 * preposition. */
static size_t phrase_head(const tree_ctx *c, size_t pb, size_t pe) {
  size_t h = SIZE_MAX;
  for (size_t y = pb; y < pe; y++) {
    if (upos(c, y) == NG_UPOS_ADP)
      break;
    if (is_noun(c, y))
      h = y;
  }
  return h;
}

/* Appositions between commas the tree attached otherwise: "NAME, [the]
 * POST [of X]," and "[the] POST [of X], NAME said". */
static ng_status comma_appositions(tree_ctx *c) {
  for (size_t k = c->sb + 1; k + 1 < c->se; k++) {
    if (!is_punct(c, k, ','))
      continue;
    size_t nb, ne;
    /* NAME , PHRASE (, | . | who) */
    if (name_around(c, k - 1, &nb, &ne) && ne == k) {
      size_t pe = k + 1;
      while (pe < c->se && pe < k + 1 + PHRASE_MAX &&
             (nominal(c, pe) || upos(c, pe) == NG_UPOS_DET ||
              upos(c, pe) == NG_UPOS_ADP || upos(c, pe) == NG_UPOS_CCONJ))
        pe++;
      int closed = pe >= c->se || is_punct(c, pe, ',') ||
                   (tok(c, pe)->flags & NG_TF_SENT_END) ||
                   (wclass(c, pe) & NG_WC_RELATIVE);
      size_t h = phrase_head(c, k + 1, pe);
      post_phrase p;
      if (closed && h != SIZE_MAX && read_phrase(c, k + 1, pe, h, &p)) {
        ng_status st = appose(c, nb, ne, &p);
        if (st)
          return st;
        continue;
      }
      if (closed && h != SIZE_MAX && describer_at(c, h)) {
        if (person_at(c, nb, ne) == -2)
          return NG_ERR_NOMEM;
        continue;
      }
    }
    /* PHRASE , NAME (, | verb | .) */
    if (name_around(c, k + 1, &nb, &ne) && nb == k + 1) {
      int closed = ne >= c->se || is_punct(c, ne, ',') ||
                   (tok(c, ne)->flags & NG_TF_SENT_END) ||
                   upos(c, ne) == NG_UPOS_VERB || upos(c, ne) == NG_UPOS_AUX;
      size_t pb = k;
      while (pb > c->sb && k - pb < PHRASE_MAX &&
             (nominal(c, pb - 1) || upos(c, pb - 1) == NG_UPOS_DET ||
              upos(c, pb - 1) == NG_UPOS_ADP))
        pb--;
      while (pb < k && upos(c, pb) == NG_UPOS_ADP)
        pb++;
      size_t h = phrase_head(c, pb, k);
      post_phrase p;
      if (closed && h != SIZE_MAX && read_phrase(c, pb, k, h, &p)) {
        ng_status st = appose(c, nb, ne, &p);
        if (st)
          return st;
      } else if (closed && h != SIZE_MAX && describer_at(c, h) &&
                 person_at(c, nb, ne) == -2) {
        return NG_ERR_NOMEM;
      }
    }
  }
  return NG_OK;
}

/* The post title at the start of the person mention M, after title
 * modifiers only ("acting"): its tokens [*PS, *PE); 0 when none. */
static int title_in_mention(const tree_ctx *c, const ng_mention *m, size_t *ps,
                            size_t *pe) {
  for (size_t x = m->tb; x < m->nb; x++) {
    ng_phrase_match ms[4];
    size_t k =
        ng_phrases_match(&c->lex->titles, c->d->tokens.items, m->nb, x, ms, 4);
    size_t best = 0;
    for (size_t j = 0; j < k; j++)
      for (const ng_phrase_val *v = ms[j].node->vals; v; v = v->next)
        if (((const ng_lex_entry *)v->payload)->kind == NG_LEX_POST &&
            ms[j].end > best)
          best = ms[j].end;
    if (best) {
      *ps = x;
      *pe = best;
      return 1;
    }
    if ((wclass(c, x) & (NG_WC_TITLEMOD | NG_WC_FORMER)) != NG_WC_TITLEMOD)
      return 0;
  }
  return 0;
}


/* The post phrase that ends with the noun H right before the name
 * [NB, NE), from the country or organisation before it ("Indonesia's
 * foreign minister X", "US envoy X"), made the name's post.  *FOUND
 * says whether a post ends at H.  NG_ERR_NOMEM. */
static ng_status post_before_name(tree_ctx *c, size_t h, size_t pe,
                                  size_t nb, size_t ne, int *found) {
  size_t s0;
  *found = post_ending_at(c, h > c->sb + 3 ? h - 3 : c->sb, h, &s0) != NULL;
  if (!*found)
    return NG_OK;
  size_t lb = label_start(c, c->sb, s0, ne), pb = lb;
  if (pb > c->sb && (tok(c, pb - 1)->flags & NG_TF_POSS))
    pb--;
  const ng_mention *om = pb > c->sb ? cover_of(c, pb - 1) : NULL;
  pb = om && om->type != NG_AT_PERSON && om->kind != NG_MK_PRONOUN ? om->tb
                                                                   : lb;
  post_phrase p;
  if (!read_phrase(c, pb, pe, h, &p))
    return NG_OK;
  return appose(c, nb, ne, &p);
}

/* A name right after a post whose complement names a country or an
 * organisation: "US Special Representative for Iran Brian X", "Former
 * Ambassador to the United Nations Nikki X", "director of Amnesty
 * International Man-kei X".  The tree often reads the complement and
 * the name as one proper noun; the known mention of the complement says
 * where it ends.  A name no rule knew (two proper nouns or more) becomes
 * the post's holder. */
static ng_status names_after_post_complements(tree_ctx *c) {
  for (size_t h = c->sb; h + 3 < c->se; h++) {
    if (upos(c, h + 1) != NG_UPOS_ADP || !is_noun(c, h))
      continue;
    size_t y = h + 2;
    if (upos(c, y) == NG_UPOS_DET)
      y++;
    const ng_mention *m = y < c->se ? cover_of(c, y) : NULL;
    if (!m || m->tb != y || m->type == NG_AT_PERSON ||
        m->kind == NG_MK_PRONOUN || m->kind == NG_MK_TITLE || m->te >= c->se)
      continue;
    size_t nb, ne;
    y = m->te;
    if ((c->cover[y] < 0 && upos(c, y) != NG_UPOS_PROPN) ||
        !name_around(c, y, &nb, &ne) || nb != y)
      continue;
    int found;
    ng_status st = post_before_name(c, h, y, nb, ne, &found);
    if (st)
      return st;
    if (found)
      h = ne - 1;
  }
  return NG_OK;
}

/* The post before a name: "Police director Vladimir Rebic" (the words
 * the tree puts before the title), "Indonesia's security minister
 * Wiranto" (a post noun no rule read, before a known name).  *MI walks
 * the mentions of the stage before (in text order) through the
 * sentence. */
static ng_status posts_before_names(tree_ctx *c, size_t *mi, size_t m_end) {
  for (; *mi < m_end && NG_MENTION(c->d, *mi)->tb < c->se; (*mi)++) {
    ng_mention *m = NG_MENTION(c->d, *mi);
    if (m->type != NG_AT_PERSON || m->kind != NG_MK_NAME || m->tb <= c->sb ||
        m->nb >= m->ne)
      continue;
    if (m->title && m->tb < m->nb) {
      size_t ps, pe;
      if (!title_in_mention(c, m, &ps, &pe))
        continue;
      /* title modifiers inside the mention ("Regional Governor"), but
       * not those about the holder ("new", "former") */
      size_t mb = m->tb;
      for (size_t x = m->tb; x < ps; x++)
        if (wclass(c, x) & (NG_WC_FORMER | NG_WC_NOTPOST))
          mb = x + 1;
      size_t lb = mb == m->tb ? label_start(c, c->sb, m->tb, m->ne) : mb;
      if (lb < ps) {
        m->post_label = span_text(c->d, lb, pe);
        if (!m->post_label)
          return NG_ERR_NOMEM;
      }
      continue;
    }
    if (m->title || m->nb != m->tb)
      continue;
    size_t h = m->tb - 1;
    if (c->cover[h] >= 0 || !is_noun(c, h))
      continue;
    int found;
    ng_status st = post_before_name(c, h, h + 1, m->nb, m->ne, &found);
    if (st)
      return st;
  }
  return NG_OK;
}

/* A name no rule knew right after a post or describer noun that the
 * tree joins to it: "presidential candidate Sviatlana X", "student
 * protester Joshua X" (two proper nouns or more). */
static ng_status names_after_nouns(tree_ctx *c) {
  for (size_t h = c->sb; h + 2 < c->se; h++) {
    size_t nb, ne;
    if (c->cover[h] >= 0 || c->cover[h + 1] >= 0 || !is_noun(c, h) ||
        upos(c, h + 1) != NG_UPOS_PROPN || !name_around(c, h + 1, &nb, &ne) ||
        nb != h + 1)
      continue;
    /* the tree: the noun attaches into the name, or the name to it */
    int32_t hh = NG_DEP(c->d, h)->head;
    int joined = hh >= (int32_t)nb && hh < (int32_t)ne;
    for (size_t x = nb; x < ne && !joined; x++)
      joined = NG_DEP(c->d, x)->head == (int32_t)h;
    if (!joined)
      continue;
    int found;
    ng_status st = post_before_name(c, h, h + 1, nb, ne, &found);
    if (st)
      return st;
    if (!found && describer_at(c, h) && person_at(c, nb, ne) == -2)
      return NG_ERR_NOMEM;
    h = ne - 1;
  }
  return NG_OK;
}

/* A person's name the mention stage ended before a hyphen and a
 * lower-case word glued to it runs on when what follows is no noun the
 * compound could describe: "Yolanda Yu Hoi-kwan said", "Man-kei Tam
 * said" (the names after it too), not "Obama-era policies"; a known
 * name, or a name the article used before, is whole ("Trump-loving").
 * Extends the mentions of [*MI, M_END) in the sentence. */
/* 1 when a person's mention before the mention MI has a word whose key
 * is that of token X: a name the article used before. */
static int word_named_before(const tree_ctx *c, size_t mi, size_t x) {
  const ng_token *t = tok(c, x);
  for (size_t k = 0; k < mi; k++) {
    const ng_mention *m = NG_MENTION(c->d, k);
    if (m->type != NG_AT_PERSON || m->kind != NG_MK_NAME)
      continue;
    for (size_t y = m->nb; y < m->ne; y++)
      if (tok(c, y)->key_len == t->key_len &&
          !memcmp(tok(c, y)->key, t->key, t->key_len))
        return 1;
  }
  return 0;
}

static void hyphenated_names(tree_ctx *c, size_t *mi, size_t m_end) {
  for (; *mi < m_end && NG_MENTION(c->d, *mi)->tb < c->se; (*mi)++) {
    ng_mention *m = NG_MENTION(c->d, *mi);
    size_t x = m->te;
    if (m->tb < c->sb || m->type != NG_AT_PERSON || m->kind != NG_MK_NAME ||
        m->kb || m->surname_of >= 0 || m->ne != m->te || x + 1 >= c->se ||
        c->cover[x] >= 0 ||
        c->cover[x + 1] >= 0 || !(tok(c, x)->flags & NG_TF_HYPHEN) ||
        !after_glued_hyphen(c, x + 1) || word_named_before(c, *mi, x - 1))
      continue;
    x += 2;
    while (x < c->se && x - m->nb < NAME_MAX && c->cover[x] < 0 &&
           upos(c, x) == NG_UPOS_PROPN && name_word(c, x))
      x++;
    if (x < c->se && (tok(c, x)->flags & NG_TF_WORD) &&
        (upos(c, x) == NG_UPOS_NOUN || upos(c, x) == NG_UPOS_ADJ ||
         upos(c, x) == NG_UPOS_PROPN || upos(c, x) == NG_UPOS_NUM))
      continue; /* "Obama-era policies" */
    for (size_t y = m->te; y < x; y++)
      c->cover[y] = (int32_t)*mi;
    m->te = m->ne = (uint32_t)x;
  }
}

/* A title-case headline: the tagger reads most of its words as proper
 * nouns, so no name is discovered there. */
static int headline(const tree_ctx *c) {
  size_t words = 0, caps = 0;
  for (size_t i = c->sb; i < c->se; i++)
    if (tok(c, i)->flags & NG_TF_WORD) {
      words++;
      caps += (tok(c, i)->flags & (NG_TF_CAP | NG_TF_UPPER)) != 0;
    }
  return words >= 4 && caps * 10 >= words * 8;
}

static int sentence_parsed(const ng_doc *d, const ng_sentence *s) {
  for (size_t i = s->tb; i < s->te; i++)
    if (NG_DEP(d, i)->head >= 0 || NG_DEP(d, i)->rel == NG_DEP_ROOT)
      return 1;
  return 0;
}

ng_status ng_stage_actor_tree(ng_world *w, ng_doc *d) {
  if (!d->deps.n || d->deps.n != d->tokens.n || !w->lex)
    return NG_OK;
  tree_ctx c = {0};
  c.absorb = -1;
  c.w = w;
  c.d = d;
  c.lex = w->lex;
  c.cover = malloc(sizeof(int32_t) * (d->tokens.n + 1));
  if (!c.cover)
    return NG_ERR_NOMEM;
  for (size_t i = 0; i <= d->tokens.n; i++)
    c.cover[i] = -1;
  for (size_t x = 0; x < d->mentions.n; x++) {
    const ng_mention *m = NG_MENTION(d, x);
    for (size_t i = m->tb; i < m->te && i < d->tokens.n; i++)
      c.cover[i] = (int32_t)x;
  }
  ng_status st = NG_OK;
  size_t n_first = d->mentions.n, mi = 0, hi = 0;
  for (size_t si = 0; si < d->sentences.n && !st; si++) {
    const ng_sentence *s = NG_SENT(d, si);
    if (s->te <= s->tb || !sentence_parsed(d, s))
      continue;
    c.sb = s->tb;
    c.se = s->te;
    hyphenated_names(&c, &hi, n_first);
    st = tree_appositions(&c);
    if (!st)
      st = comma_appositions(&c);
    if (!st)
      st = posts_before_names(&c, &mi, n_first);
    if (!st && !headline(&c))
      st = names_after_nouns(&c);
    if (!st && !headline(&c))
      st = names_after_post_complements(&c);
  }
  free(c.cover);
  if (st) {
    ng_log(w, NG_LOG_ERROR, st, "actor_tree", 0, 0, "%s", ng_status_string(st));
    return st;
  }
  /* the new mentions in text order, and the surnames of new people */
  return d->mentions.n > n_first ? ng_mentions_rescan(w, d) : NG_OK;
}
