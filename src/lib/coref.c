/* coref.c - mentions to entities: one entity per real-world actor of the
 * article, with every surface form, its country, posts and codes.
 *
 * Identity keys (hashed into IRIs by graph.c, so the same actor gets the
 * same IRI in every article):
 *   KB entries       their key ("gov/IRQ", "group/kataib-hezbollah")
 *   country + role   ROLEKEY/ISO3 from data/lexicon/roles.tsv ("armed/IRQ")
 *   discovered       TYPE/normalised name[/ISO3] ("person/lucas schreurs")
 *   anything else    scoped to the article (a country-less "militants")
 *
 * Rules, in text order: names and their surnames; a title in apposition
 * takes the name that follows; "the Prime Minister" goes to the person
 * of the article holding that post, else to the knowledge base's holder
 * of the post in the article's main country at its date, else to the one
 * person the article names with that title later ("Tunisian Prime
 * Minister signs decree", then "X, the Prime Minister of Tunisia"); "his
 * government" to the government of the last person's country; "the
 * agency", "the police" (no country) to the organisation named before
 * whose name holds those words; "the factions" and "armed groups" to the
 * last collective of the same role;
 * "our agency" to the publisher; pronouns to the last compatible actor
 * within two sentences.  Two people who share a title are never merged:
 * titles resolve only to a person holding that very post. */
#include <stdlib.h>

#include "kb.h"
#include "lexicon.h"

typedef struct cctx {
  ng_world *w;
  ng_doc *d;
  const ng_kb *kb;
  ng_map by_key;       /* identity key -> entity index + 1 */
  ng_map context;      /* ISO3 of the countries the article names by a
                          mention that needs no context itself */
  const char *main_iso3; /* the article's main country */
} cctx;

const char *ng_actor_type_name(ng_actor_type t) {
  static const char *names[] = {NULL,         "Person",        "Government",
                                "Country",    "IGO",           "ArmedGroup",
                                "MilitaryForce", "Media",      "Organization"};
  return (unsigned)t < NG_AT_COUNT_ ? names[t] : NULL;
}

static int32_t resolve_place(cctx *c, ng_mention *m);

const char *ng_link_rule_name(ng_link_rule r) {
  /* the values of ng:linkRule (ontology/README.md) */
  static const char *names[] = {NULL,       "name",          "variant",
                                "title+surname", "post-holder", "surname",
                                "demonym",  "capital",       "place-focus",
                                "country-role"};
  return (unsigned)r < NG_LINK_COUNT_ ? names[r] : NULL;
}

ng_actor_type ng_actor_type_parse(const char *s, size_t n) {
  for (int t = 1; t < NG_AT_COUNT_; t++) {
    const char *name = ng_actor_type_name((ng_actor_type)t);
    if (strlen(name) == n && !memcmp(name, s, n))
      return (ng_actor_type)t;
  }
  return NG_AT_NONE;
}

/* The text of tokens [B, E) as written, one space for any white space,
 * cut at 4 KiB (at a character boundary); NULL when empty. */
#define SPAN_TEXT_MAX 4096u
static const char *span_text(ng_doc *d, size_t b, size_t e) {
  if (b >= e)
    return NULL;
  ng_buf buf;
  ng_buf_init(&buf, SPAN_TEXT_MAX);
  ng_status st = NG_OK;
  for (size_t i = b; i < e && !st; i++) {
    ng_token *t = NG_TOK(d, i);
    if (i > b && (t->flags & NG_TF_SPACE))
      st = ng_buf_addc(&buf, ' ');
    if (st)
      break;
    const char *w = d->text + t->b;
    size_t n = t->e - t->b;
    st = ng_buf_add(&buf, w, n);
    if (st == NG_ERR_LIMIT) { /* what fits, to a character's start */
      size_t room = SPAN_TEXT_MAX - buf.len;
      while (room > 0 && room < n && ((unsigned char)w[room] & 0xC0) == 0x80)
        room--;
      if (room && room < n && ng_buf_add(&buf, w, room) == NG_ERR_NOMEM)
        st = NG_ERR_NOMEM;
    }
  }
  if (st == NG_ERR_NOMEM) {
    ng_doc_fail(d, st);
    ng_buf_free(&buf);
    return NULL;
  }
  const char *s = buf.len ? ng_arena_strndup(&d->arena, buf.s, buf.len)
                          : NULL;
  if (buf.len && !s)
    ng_doc_fail(d, NG_ERR_NOMEM);
  ng_buf_free(&buf);
  return s;
}

/* Normalised key of tokens [B, E): keys joined, hyphens dropped. */
static const char *span_key(ng_doc *d, size_t b, size_t e) {
  ng_buf buf;
  ng_buf_init(&buf, 1024);
  for (size_t i = b; i < e; i++) {
    ng_token *t = NG_TOK(d, i);
    if (t->flags & (NG_TF_HYPHEN | NG_TF_POSS))
      continue;
    if (!(t->flags & (NG_TF_WORD | NG_TF_NUM)))
      continue;
    ng_status st = buf.len ? ng_buf_addc(&buf, ' ') : NG_OK;
    if (!st)
      st = ng_buf_add(&buf, t->key, t->key_len);
    if (st) {
      if (st == NG_ERR_NOMEM) /* (a key over the cap is cut there) */
        ng_doc_fail(d, st);
      break;
    }
  }
  const char *s = buf.s ? ng_arena_strndup(&d->arena, buf.s, buf.len)
                        : ng_arena_strndup(&d->arena, "", 0);
  if (!s)
    ng_doc_fail(d, NG_ERR_NOMEM);
  ng_buf_free(&buf);
  return s;
}

static ng_status add_alias(ng_doc *d, ng_entity *e, const char *s) {
  if (!s || !*s)
    return NG_OK;
  for (size_t i = 0; i < e->aliases.n; i++)
    if (!strcmp(NG_VEC_AT(&e->aliases, const char *, i), s))
      return NG_OK;
  const char **slot = ng_vec_push(&e->aliases, sizeof(char *), 4096);
  if (!slot) {
    if (e->aliases.n < 4096)
      ng_doc_fail(d, NG_ERR_NOMEM);
    return NG_OK; /* past 4096 forms: the rest add nothing */
  }
  *slot = s;
  return NG_OK;
}

/* The entity with identity KEY, created when new. */
static int32_t entity_for(cctx *c, const char *key, ng_actor_type type,
                          int *created) {
  *created = 0;
  ng_map_entry *me = ng_map_slot(&c->by_key, &c->d->arena, key, strlen(key));
  if (!me) {
    ng_doc_fail(c->d, NG_ERR_NOMEM);
    return -1;
  }
  if (me->value)
    return (int32_t)((uintptr_t)me->value - 1);
  ng_entity *e = ng_vec_push(&c->d->entities, sizeof *e, NG_MAX_MENTIONS);
  if (!e) {
    ng_doc_fail(c->d, c->d->entities.n >= NG_MAX_MENTIONS ? NG_ERR_LIMIT
                                                         : NG_ERR_NOMEM);
    return -1;
  }
  e->type = (uint8_t)type;
  e->key = me->key;
  e->first_mention = UINT32_MAX;
  int32_t idx = (int32_t)(c->d->entities.n - 1);
  me->value = (void *)(uintptr_t)(idx + 1);
  *created = 1;
  return idx;
}

static int32_t entity_for_kb(cctx *c, const ng_kb_entry *ke);

int32_t ng_coref_entity_for_kb(ng_world *w, ng_doc *d,
                               const ng_kb_entry *ke) {
  /* a later stage needs an actor no mention named (the government a
   * protest is aimed at): create it with the same identity rules */
  int created;
  cctx c = {0};
  c.w = w;
  c.d = d;
  c.kb = w->kb;
  for (size_t x = 0; x < d->entities.n; x++)
    if (!strcmp(NG_ENTITY(d, x)->key, ke->key))
      return (int32_t)x;
  ng_map_init(&c.by_key);
  int32_t x = entity_for(&c, ke->key, (ng_actor_type)ke->type, &created);
  ng_map_free(&c.by_key);
  if (x >= 0 && created) {
    ng_entity *e = NG_ENTITY(d, x);
    e->kb = ke;
    e->label = ke->label;
    e->iso3 = ke->iso3;
    e->qid = ke->qid;
    char code[16];
    ng_kb_cameo_at(ke, d->year, d->month, d->day, code);
    if (code[0])
      e->cameo = ng_arena_strndup(&d->arena, code, strlen(code));
  }
  return x;
}

static int32_t entity_for_kb(cctx *c, const ng_kb_entry *ke) {
  int created;
  int32_t x = entity_for(c, ke->key, (ng_actor_type)ke->type, &created);
  if (x >= 0 && created) {
    ng_entity *e = NG_ENTITY(c->d, x);
    e->kb = ke;
    e->label = ke->label;
    e->iso3 = ke->iso3;
    e->qid = ke->qid;
  }
  return x;
}


static int32_t entity_for_role(cctx *c, const char *role, const char *iso3,
                               ng_actor_type type) {
  const ng_country *co = ng_kb_country(c->kb, iso3);
  if (!co)
    return -1;
  if (!role || !strcmp(role, "GOV"))
    return type == NG_AT_GOVERNMENT || !role ? entity_for_kb(c, co->gov) : -1;
  const ng_role_def *rd = ng_lexicon_role(c->w->lex, role);
  if (!rd)
    return -1;
  char key[64];
  snprintf(key, sizeof key, "%s/%s", rd->key, co->iso3);
  int created;
  int32_t x = entity_for(c, key, (ng_actor_type)rd->type, &created);
  if (x >= 0 && created) {
    ng_entity *e = NG_ENTITY(c->d, x);
    e->iso3 = co->iso3;
    e->role = rd->role;
    /* the label from the pattern: {country} {demonym} */
    ng_buf b;
    ng_buf_init(&b, 512);
    for (const char *p = rd->label; *p; p++) {
      if (!strncmp(p, "{country}", 9)) {
        ng_buf_adds(&b, co->name);
        p += 8;
      } else if (!strncmp(p, "{demonym}", 9)) {
        ng_buf_adds(&b, co->demonym ? co->demonym : co->name);
        p += 8;
      } else {
        ng_buf_addc(&b, *p);
      }
    }
    e->label = b.s ? ng_arena_strndup(&c->d->arena, b.s, b.len) : NULL;
    ng_buf_free(&b);
  }
  return x;
}

/* A country's collective that is an actor of its own (nouns.tsv: actor):
 * "Iraqi protesters" is ACTOR/ISO3, labelled with the demonym and the
 * key, of the noun's type and role. */
static int32_t entity_for_collective(cctx *c, const ng_mention *m,
                                     const char *iso3) {
  const ng_country *co = ng_kb_country(c->kb, iso3);
  if (!co)
    return -1;
  char *key = ng_arena_printf(&c->d->arena, "%s/%s", m->actor, co->iso3);
  if (!key)
    return -1;
  int created;
  int32_t x = entity_for(c, key, (ng_actor_type)m->type, &created);
  if (x >= 0 && created) {
    ng_entity *e = NG_ENTITY(c->d, x);
    e->iso3 = co->iso3;
    e->role = m->role;
    e->group = m->actor;
    e->label = ng_arena_printf(&c->d->arena, "%s %s",
                               co->demonym ? co->demonym : co->name,
                               m->actor);
  }
  return x;
}

/* The last name ("al sudani", hyphen and particle included) and the
 * first name of a person mention's name tokens. */
static void name_parts(cctx *c, const ng_mention *m, const char **surname,
                       const char **given) {
  ng_doc *d = c->d;
  *surname = *given = NULL;
  if (m->nb >= m->ne)
    return;
  size_t lb = m->ne - 1;
  while (lb > m->nb + 1 && (NG_TOK(d, lb - 1)->flags & NG_TF_HYPHEN))
    lb -= 2;
  if (lb > m->nb &&
      (ng_lexicon_word(c->w->lex, NG_TOK(d, lb - 1)) & (NG_WC_PARTICLE | NG_WC_HPARTICLE)))
    lb--;
  *surname = span_key(d, lb, m->ne);
  if (lb > m->nb)
    *given = span_key(d, m->nb, m->nb + 1);
}

/* Two first names that may be the same person's: equal, one missing,
 * an initial, or one a prefix of the other ("Mohammed Shi" / "Shia"). */
static int given_ok(const char *a, const char *b) {
  if (!a || !b)
    return 1;
  size_t la = strlen(a), lb = strlen(b);
  size_t n = la < lb ? la : lb;
  return n > 0 && !strncmp(a, b, n);
}

/* A person of the article with the same last name (and no conflicting
 * first name), or -1. */
static int32_t same_person(cctx *c, const char *surname, const char *given) {
  if (!surname || !*surname)
    return -1;
  int32_t found = -1;
  for (size_t x = 0; x < c->d->entities.n; x++) {
    const ng_entity *e = NG_ENTITY(c->d, x);
    if (e->type != NG_AT_PERSON || !e->surname || strcmp(e->surname, surname))
      continue;
    if (!given_ok(e->given, given))
      continue;
    if (found >= 0)
      return -1; /* two people of that name: do not guess */
    found = (int32_t)x;
  }
  return found;
}

/* ---- antecedents ---- */

/* The latest entity (of mentions before mention MI, within SENTS
 * sentences) that PRED accepts. */
typedef int (*ent_pred)(const ng_entity *e, const ng_mention *m);

/* SENTS < 0: anywhere before; 0: the same sentence; N: N sentences back. */
static int is_plural_actor(const ng_entity *e, const ng_mention *m);

static int32_t antecedent(cctx *c, size_t mi, long sents, ent_pred pred) {
  const ng_mention *m = NG_MENTION(c->d, mi);
  uint32_t s = NG_TOK(c->d, m->tb)->sent;
  for (size_t k = mi; k-- > 0;) {
    const ng_mention *a = NG_MENTION(c->d, k);
    uint32_t as = NG_TOK(c->d, a->tb)->sent;
    if (sents >= 0 && (long)(s - as) > sents)
      break;
    if (a->entity < 0 || a->kind == NG_MK_PRONOUN)
      continue;
    const ng_entity *e = NG_ENTITY(c->d, a->entity);
    if (pred(e, m))
      return a->entity;
    /* "Palestinian leaders said they": named in the plural, the actor
     * is what "they" stands for */
    if (pred == is_plural_actor && a->plural && a->kind != NG_MK_PRONOUN)
      return a->entity;
  }
  return -1;
}

static int is_person(const ng_entity *e, const ng_mention *m) {
  (void)m;
  return e->type == NG_AT_PERSON;
}

static int is_plural_actor(const ng_entity *e, const ng_mention *m) {
  (void)m;
  return e->plural || e->type == NG_AT_ARMED_GROUP ||
         e->type == NG_AT_MILITARY;
}

static int same_role(const ng_entity *e, const ng_mention *m) {
  return e->role && m->role && !strcmp(e->role, m->role) &&
         e->type == m->type;
}

static int same_body(const ng_entity *e, const ng_mention *m) {
  /* "the protesters" after "Iraqi protesters", not after "the
   * opposition" */
  if (m->actor || e->group)
    return m->actor && e->group && !strcmp(m->actor, e->group) &&
           e->type == m->type;
  if (m->role && !strcmp(m->role, "GOV"))
    return e->type == NG_AT_GOVERNMENT;
  return same_role(e, m);
}

static int is_org(const ng_entity *e, const ng_mention *m) {
  (void)m;
  return e->type != NG_AT_PERSON && e->type != NG_AT_COUNTRY;
}

static int is_org_in_sentence(const ng_entity *e, const ng_mention *m) {
  (void)m;
  return e->type != NG_AT_PERSON;
}

static int is_media(const ng_entity *e, const ng_mention *m) {
  (void)m;
  return e->type == NG_AT_MEDIA;
}

/* ---- titles ---- */

static int has_post(const ng_entity *e, const char *title) {
  for (size_t i = 0; i < e->posts.n; i++)
    if (!strcmp(NG_VEC_AT(&e->posts, ng_post, i).label, title))
      return 1;
  return 0;
}

/* Adds a post to person X. */
static void add_post(cctx *c, ng_entity *x, const char *label, int32_t org,
                     int former) {
  for (size_t i = 0; i < x->posts.n; i++) {
    ng_post *p = &NG_VEC_AT(&x->posts, ng_post, i);
    /* "President" and "president" are one post */
    if (ng_ascii_caseless_eq(p->label, label) &&
        (p->org == org || org < 0)) {
      return;
    }
    if (ng_ascii_caseless_eq(p->label, label) && p->org < 0) {
      p->org = org;
      return;
    }
  }
  ng_post *p = ng_vec_push(&x->posts, sizeof *p, 64);
  if (!p) {
    if (x->posts.n < 64)
      ng_doc_fail(c->d, NG_ERR_NOMEM);
    return;
  }
  p->label = label;
  p->org = org;
  p->former = (uint8_t)former;
}

/* The knowledge base's holder of post TITLE in the government of ISO3 at
 * the article date. */
static const ng_kb_entry *kb_holder(cctx *c, const char *title,
                                    const char *iso3) {
  if (!iso3 || !c->d->year)
    return NULL;
  char org[16];
  snprintf(org, sizeof org, "gov/%s", iso3);
  size_t tl = strlen(title), ol = strlen(org);
  const ng_kb_entry *found = NULL;
  for (size_t i = 0; i < c->kb->post_holders.n; i++) {
    const ng_kb_entry *e = NG_VEC_AT(&c->kb->post_holders, ng_kb_entry *, i);
    if (e->type != NG_AT_PERSON || !e->posts || !e->iso3 ||
        strcmp(e->iso3, iso3))
      continue;
    const char *p = e->posts;
    while (*p) {
      const char *semi = strchr(p, ';');
      size_t n = semi ? (size_t)(semi - p) : strlen(p);
      if (n > tl + ol + 1 && !strncmp(p, title, tl) && p[tl] == '@' &&
          !strncmp(p + tl + 1, org, ol) &&
          (p[tl + 1 + ol] == '@' || tl + 1 + ol == n)) {
        const char *r = p + tl + 1 + ol;
        if (r - p == (long)n ||
            ng_range_holds(r + 1, n - (size_t)(r + 1 - p), c->d->year,
                           c->d->month, c->d->day)) {
          if (found && found != e)
            return NULL; /* two holders: do not guess */
          found = e;
        }
      }
      p += n + (semi ? 1 : 0);
    }
  }
  return found;
}

/* KB posts of a person valid at the article date become posts. */
static void kb_posts(cctx *c, int32_t xi) {
  ng_entity *x = NG_ENTITY(c->d, xi);
  if (!x->kb || !x->kb->posts)
    return;
  const char *p = x->kb->posts;
  while (*p) {
    const char *semi = strchr(p, ';');
    size_t n = semi ? (size_t)(semi - p) : strlen(p);
    const char *at = memchr(p, '@', n);
    if (at) {
      const char *at2 = memchr(at + 1, '@', n - (size_t)(at + 1 - p));
      size_t kl = at2 ? (size_t)(at2 - at - 1) : n - (size_t)(at + 1 - p);
      int holds = 1;
      if (at2)
        holds = c->d->year ? ng_range_holds(at2 + 1,
                                            n - (size_t)(at2 + 1 - p),
                                            c->d->year, c->d->month,
                                            c->d->day)
                           : 0;
      char key[128];
      if (holds && kl < sizeof key) {
        memcpy(key, at + 1, kl);
        key[kl] = '\0';
        const ng_kb_entry *oe = ng_kb_get(c->kb, key);
        const char *label =
            ng_arena_strndup(&c->d->arena, p, (size_t)(at - p));
        if (oe && label) {
          int32_t oi = entity_for_kb(c, oe);
          x = NG_ENTITY(c->d, xi); /* the vector may have moved */
          if (oi >= 0)
            add_post(c, x, label, oi, 0);
        }
      }
    }
    p += n + (semi ? 1 : 0);
  }
}

/* A discovered organisation whose name is this one's without trailing
 * head words of the same type ("Shafaq News" for "Shafaq News Agency"). */
static int32_t same_org(cctx *c, const ng_mention *m) {
  ng_doc *d = c->d;
  if (!m->discovered)
    return -1;
  const ng_lexicon *lex = c->w->lex;
  const char *tn = ng_actor_type_name((ng_actor_type)m->type);
  for (size_t e = m->ne - 1; e >= m->nb + 2; e--) {
    /* does [nb, e) still end with a head word of the same type? */
    int ends = 0;
    for (size_t b = e > m->nb + 3 ? e - 3 : m->nb + 1; b < e && !ends; b++) {
      ng_phrase_match ms[2];
      size_t k = ng_phrases_match(&lex->orgheads, d->tokens.items, e, b, ms,
                                  2);
      for (size_t j = 0; j < k; j++)
        if (ms[j].end == e &&
            ((const ng_lex_entry *)ms[j].node->vals->payload)->type == m->type)
          ends = 1;
    }
    if (!ends)
      continue;
    const char *nk = span_key(d, m->nb, e);
    char *key = nk ? ng_arena_printf(&d->arena, "%s/%s", tn ? tn : "actor", nk)
                   : NULL;
    void *v = key ? ng_map_get(&c->by_key, key, strlen(key)) : NULL;
    if (v)
      return (int32_t)((uintptr_t)v - 1);
  }
  return -1;
}

/* "the NATO Mission" after "NATO Mission in Iraq": a discovered name
 * that starts a longer name of an actor of the same type. */
static int32_t prefix_of_known(cctx *c, const ng_mention *m,
                               const char *nk) {
  size_t n = strlen(nk);
  int32_t found = -1;
  for (size_t x = 0; x < c->d->entities.n; x++) {
    const ng_entity *e = NG_ENTITY(c->d, x);
    if (e->type != m->type)
      continue;
    for (size_t k = 0; k < e->name_keys.n; k++) {
      const char *o = NG_VEC_AT(&e->name_keys, const char *, k);
      if (!strncmp(o, nk, n) && o[n] == ' ') {
        if (found >= 0 && found != (int32_t)x)
          return -1; /* ambiguous */
        found = (int32_t)x;
      }
    }
  }
  return found;
}

/* The name mention of the one person the article names after the title
 * mention MI with the same title, as part of the name ("Queen Elizabeth
 * II") or in apposition ("X, the Prime Minister of Tunisia"), of no
 * other country than ISO3, not as a former holder, and with the same
 * post label when MI has one ("Governor of Colorado"); -1 when none, or
 * when two people do. */
static int32_t later_holder(cctx *c, size_t mi, const char *iso3) {
  const ng_doc *d = c->d;
  const ng_mention *m = NG_MENTION(d, mi);
  int32_t found = -1;
  /* "Governor of Colorado", "Sultan of Oman": a post with a complement
   * is a holder's own, not the one of the post the article names */
  for (size_t y = m->tb + 1; y <= m->te && y < d->tokens.n; y++)
    if (ng_lexicon_word(c->w->lex, NG_TOK(d, y)) & NG_WC_POSTIN)
      return -1;
  const char *found_key = NULL;
  for (size_t k = mi + 1; k < d->mentions.n; k++) {
    const ng_mention *a = NG_MENTION(d, k);
    if (a->type != NG_AT_PERSON || !a->title || a->dropped || a->former ||
        !ng_ascii_caseless_eq(a->title, m->title))
      continue;
    /* "Governor of Colorado" is not any governor */
    if (m->post_label &&
        !ng_ascii_caseless_eq(m->post_label,
                              a->post_label ? a->post_label : a->title))
      continue;
    int32_t name = a->kind == NG_MK_NAME && a->nb < a->ne ? (int32_t)k
                   : a->kind == NG_MK_TITLE              ? a->appos
                                                         : -1;
    if (name < 0)
      continue;
    const ng_mention *nm = NG_MENTION(d, name);
    const char *ciso = a->iso3 ? a->iso3 : nm->iso3;
    int former = 0; /* "Former prime minister John X" */
    for (size_t y = a->tb; y < a->nb && y < d->tokens.n; y++)
      former |= (ng_lexicon_word(c->w->lex, NG_TOK(d, y)) &
                 NG_WC_FORMER) != 0;
    if (former)
      continue;
    if (nm->type != NG_AT_PERSON || nm->kind != NG_MK_NAME ||
        (iso3 && ciso && strcmp(iso3, ciso)))
      continue;
    const char *key = span_key(c->d, nm->nb, nm->ne);
    if (!key)
      return -1;
    if (found_key && strcmp(found_key, key))
      return -1; /* two holders: do not guess */
    if (!found_key) {
      found = name;
      found_key = key;
    }
  }
  return found;
}

/* The country of title mention M: its own, else that of the
 * organisation its post names ("President X of Chile"); NULL. */
static const char *title_country(const ng_doc *d, const ng_mention *m) {
  if (m->iso3)
    return m->iso3;
  return m->post_org >= 0 ? NG_MENTION(d, m->post_org)->iso3 : NULL;
}

/* The entity of the one person the article named before the bare title
 * MI ("the president") as holder of the same post (titles.tsv canonical
 * form), of the title's country ISO3 when both are known; not a former
 * holder.  -1 when none, or when two different people hold it before MI:
 * which one is meant is not guessed. */
static int32_t earlier_holder(cctx *c, size_t mi, const char *iso3) {
  const ng_doc *d = c->d;
  const ng_mention *m = NG_MENTION(d, mi);
  int32_t found = -1;
  for (size_t k = mi; k-- > 0;) {
    const ng_mention *a = NG_MENTION(d, k);
    if (a->type != NG_AT_PERSON || !a->title || a->dropped || a->former ||
        !ng_ascii_caseless_eq(a->title, m->title))
      continue;
    /* a title apposed to a name resolved before MI is that name's */
    int32_t x = a->entity;
    if (x < 0 && a->kind == NG_MK_TITLE && a->appos >= 0 &&
        (size_t)a->appos < mi)
      x = NG_MENTION(d, a->appos)->entity;
    if (x < 0)
      continue;
    const ng_entity *e = NG_ENTITY(d, x);
    if (e->type != NG_AT_PERSON || (e->scoped && !e->kb))
      continue; /* an office whose holder is not named */
    const char *ciso = a->iso3 ? a->iso3 : e->iso3;
    if (!ciso)
      ciso = title_country(d, a);
    if (iso3 && (!ciso || strcmp(iso3, ciso)))
      continue; /* "the Iraqi president" after the president of Iran,
                   or of no country the article gives */
    if (found >= 0 && found != x)
      return -1; /* two holders: do not guess */
    found = x;
  }
  return found;
}

/* 1 when the words [B, E) stand together among the words of the name
 * [NB, NE), matched on their keys. */
static int words_in_name(const ng_doc *d, size_t b, size_t e, size_t nb,
                         size_t ne) {
  size_t n = e - b;
  for (size_t y = nb; n && y + n <= ne; y++) {
    if (y > nb && (NG_TOK(d, y - 1)->flags & NG_TF_HYPHEN))
      continue; /* "government" of "Non-Government Organisation" */
    size_t k = 0;
    while (k < n && NG_TOK(d, y + k)->key_len == NG_TOK(d, b + k)->key_len &&
           !memcmp(NG_TOK(d, y + k)->key, NG_TOK(d, b + k)->key,
                   NG_TOK(d, b + k)->key_len))
      k++;
    if (k == n)
      return 1;
  }
  return 0;
}

/* The entity of the last organisation named before the common noun
 * mention MI (no country in it) whose name holds the noun's words: "the
 * agency" -> "the Saudi Press Agency", "the coalition" -> "the Global
 * Coalition to Defeat ISIS", "police" -> "Police" of a headline; not
 * "government forces" -> "Syrian Democratic Forces", "the Supreme
 * Court" -> "the District Court"; -1 when none. */
static int32_t named_org_with_head(cctx *c, size_t mi) {
  const ng_doc *d = c->d;
  const ng_mention *m = NG_MENTION(d, mi);
  if (m->te <= m->tb || m->te > d->tokens.n)
    return -1;
  size_t b = m->tb; /* the noun's words: after "the", "that", "some" */
  while (b + 1 < m->te &&
         (ng_lexicon_word(c->w->lex, NG_TOK(d, b)) &
          (NG_WC_DETERMINER | NG_WC_QUANT | NG_WC_FUNCTION)))
    b++;
  for (size_t k = mi; k-- > 0;) {
    const ng_mention *a = NG_MENTION(d, k);
    if (a->entity < 0 || a->kind != NG_MK_NAME || a->type == NG_AT_PERSON ||
        a->type == NG_AT_COUNTRY || a->nb >= a->ne)
      continue;
    if (words_in_name(d, b, m->te, a->nb, a->ne))
      return a->entity;
  }
  return -1;
}

/* ---- resolution ---- */

static int32_t resolve(cctx *c, size_t mi) {
  ng_mention *m = NG_MENTION(c->d, mi);
  ng_doc *d = c->d;
  int created;
  if (m->dropped)
    return -1;
  if (m->candidates && !m->kb)
    return resolve_place(c, m);
  if (m->surname_of >= 0 && (size_t)m->surname_of < mi)
    return NG_MENTION(d, m->surname_of)->entity;
  if (m->kb && m->kind != NG_MK_TITLE)
    return entity_for_kb(c, m->kb);
  switch (m->kind) {
  case NG_MK_NAME: {
    const char *nk = span_key(d, m->nb, m->ne);
    if (!nk || !*nk)
      return -1;
    if (m->type == NG_AT_PERSON) {
      /* "Lieutenant General Schreurs" after "Lucas Schreurs" */
      const char *sn, *gn;
      name_parts(c, m, &sn, &gn);
      int32_t p = same_person(c, sn, gn);
      if (p >= 0)
        return p;
    } else {
      /* "Shafaq News Agency" after "Shafaq News": the same name with
       * more head words of the same kind */
      int32_t o = same_org(c, m);
      if (o < 0 && m->discovered)
        o = prefix_of_known(c, m, nk);
      if (o >= 0)
        return o;
    }
    const char *tn = ng_actor_type_name((ng_actor_type)m->type);
    char *key = ng_arena_printf(&d->arena, "%s/%s", tn ? tn : "actor", nk);
    if (!key)
      return -1;
    int32_t x = entity_for(c, key, (ng_actor_type)m->type, &created);
    if (x >= 0 && created) {
      ng_entity *e = NG_ENTITY(d, x);
      e->discovered = 1;
      e->label = span_text(d, m->nb, m->ne);
      e->iso3 = m->iso3; /* later mentions ("his government") need it */
    }
    return x;
  }
  case NG_MK_TITLE: {
    /* "the Commander of X, Lieutenant General Y": Y's entity */
    if (m->appos >= 0)
      return -2; /* filled in once the name is resolved */
    const char *iso3 = title_country(d, m);
    /* "the president" in lower case: the holder named before, else no
     * one (the word alone is no actor); "the Iraqi president" named
     * nowhere else: the knowledge base's holder at the date, else the
     * country, as the demonym alone would be */
    if (m->bare) {
      int32_t h = earlier_holder(c, mi, iso3);
      if (h >= 0 || !iso3)
        return h;
      const ng_kb_entry *kh = kb_holder(c, m->title, iso3);
      if (kh)
        return entity_for_kb(c, kh);
      const ng_country *co = ng_kb_country(c->kb, iso3);
      return co && co->country ? entity_for_kb(c, co->country) : -1;
    }
    for (size_t k = mi; k-- > 0;) {
      const ng_mention *a = NG_MENTION(d, k);
      if (a->entity < 0 || a->type != NG_AT_PERSON)
        continue;
      const ng_entity *e = NG_ENTITY(d, a->entity);
      if (has_post(e, m->title) && (!iso3 || !e->iso3 ||
                                    !strcmp(iso3, e->iso3)))
        return a->entity;
    }
    const ng_kb_entry *h =
        kb_holder(c, m->title, iso3 ? iso3 : c->main_iso3);
    if (h)
      return entity_for_kb(c, h);
    /* "Tunisian Prime Minister signs decree" in a headline, then "X,
     * the Prime Minister of Tunisia": the holder named later */
    int32_t later = later_holder(c, mi, iso3);
    if (later >= 0) {
      m->appos = later;
      return -2; /* filled in once the name is resolved */
    }
    /* an office whose holder the article does not name */
    char *key = ng_arena_printf(&d->arena, "post/%s/%s", m->title,
                                iso3 ? iso3 : "-");
    if (!key)
      return -1;
    int32_t x = entity_for(c, key, NG_AT_PERSON, &created);
    if (x >= 0 && created) {
      ng_entity *e = NG_ENTITY(d, x);
      e->scoped = 1;
      e->iso3 = iso3;
      e->label = ng_arena_printf(&d->arena, "the %s", m->title);
    }
    return x;
  }
  case NG_MK_NOMINAL: {
    /* "the agency" after "the Saudi Press Agency", "police" after "the
     * Indonesian National Police": the organisation named before */
    if (!m->iso3 && !m->possessive && !m->ours) {
      int32_t o = named_org_with_head(c, mi);
      if (o >= 0)
        return o;
    }
    if (m->ours) {
      int32_t x = antecedent(c, mi, -1, is_media);
      if (x >= 0)
        return x;
    }
    const char *iso3 = m->iso3;
    if (!iso3 && m->possessive && mi > 0) {
      /* "his government": the country of the last person; "their
       * forces": of the last group */
      const ng_token *pt = NG_TOK(d, m->tb);
      int plural = pt->key_len == 5 && !memcmp(pt->key, "their", 5);
      int its = pt->key_len == 3 && !memcmp(pt->key, "its", 3);
      int32_t p = plural ? antecedent(c, mi, 1, is_plural_actor)
                  : its  ? antecedent(c, mi, 1, is_org)
                         : antecedent(c, mi, 3, is_person);
      /* "Syria says it is willing to withdraw its troops": with no body
       * before it, a country of the same sentence owns the noun */
      if (p < 0 && its)
        p = antecedent(c, mi, 0, is_org_in_sentence);
      /* "Hezbollah ... its fighters": a group's own members are the
       * group */
      if (p >= 0 && (plural || its) && m->plural &&
          NG_ENTITY(d, p)->type == m->type)
        return p;
      if (p >= 0)
        iso3 = NG_ENTITY(d, p)->iso3;
    }
    if (iso3 && m->actor)
      return entity_for_collective(c, m, iso3);
    if (iso3)
      return entity_for_role(c, m->role, iso3, (ng_actor_type)m->type);
    /* "the factions", "armed groups": the last collective like it */
    int32_t x = antecedent(c, mi, -1, same_body);
    if (x >= 0)
      return x;
    if (m->role && !strcmp(m->role, "GOV") && c->main_iso3)
      return entity_for_role(c, "GOV", c->main_iso3, NG_AT_GOVERNMENT);
    /* a collective of no known country: this article's own */
    const char *nk = span_key(d, m->tb, m->te);
    char *key = ng_arena_printf(&d->arena, "group/%s/%s",
                                m->role ? m->role : "-", m->head ? m->head : nk);
    if (!key)
      return -1;
    int32_t y = entity_for(c, key, (ng_actor_type)m->type, &created);
    if (y >= 0 && created) {
      ng_entity *e = NG_ENTITY(d, y);
      e->scoped = 1;
      e->role = m->role;
      e->group = m->actor;
      e->label = m->head;
    }
    return y;
  }
  case NG_MK_DEMONYM:
    return m->kb ? entity_for_kb(c, m->kb) : -1;
  case NG_MK_PRONOUN:
    if (m->type == NG_AT_PERSON)
      return antecedent(c, mi, 2, is_person);
    if (m->neuter == 2)
      return antecedent(c, mi, 0, is_org_in_sentence);
    if (m->neuter)
      return antecedent(c, mi, 1, is_org);
    return antecedent(c, mi, 2, is_plural_actor);
  default:
    return -1;
  }
}

/* A link the article's other names must bear out: an armed group or a
 * force of the converted layers (Phoenix, up to 2014), which name many
 * local groups of few words ("May 15").  People are not: a bare surname
 * is listed for well-known people only ("Obama" in an article that names
 * no other American), and a first name alone is handled where it is
 * found (mention.c); nor are companies and other organisations, named
 * the world over ("Netflix") without their country. */
static int weak_link(const ng_doc *d, const ng_mention *m) {
  if (!m->kb || !m->kb->converted || !m->kb->iso3 ||
      m->link != NG_LINK_NAME || m->kind != NG_MK_NAME || m->surname_of >= 0)
    return 0;
  switch (m->kb->type) {
  case NG_AT_ARMED_GROUP:
  case NG_AT_MILITARY:
    return 1;
  default:
    return 0;
  }
}

/* A knowledge-base link whose country contradicts the article's context
 * is dropped, not guessed: when the article names countries (countries,
 * demonyms, places, capitals, actors of a country) and none is the
 * country of a weak link's entry, the link goes.  A name of one word
 * ("Let" at the head of a sentence, an acronym) then names no actor; a
 * longer one stays as a discovered actor of its type. */
static ng_status drop_contradicted_links(cctx *c) {
  ng_doc *d = c->d;
  ng_map *context = &c->context;
  ng_status st = NG_OK;
  for (size_t i = 0; i < d->mentions.n && !st; i++) {
    const ng_mention *m = NG_MENTION(d, i);
    if (!m->iso3 || weak_link(d, m))
      continue;
    ng_map_entry *e = ng_map_slot(context, &d->arena, m->iso3, 3);
    if (!e)
      st = NG_ERR_NOMEM;
    else
      e->value = (void *)1;
  }
  for (size_t i = 0; i < d->mentions.n && !st && context->n; i++) {
    ng_mention *m = NG_MENTION(d, i);
    if (!weak_link(d, m) || ng_map_get(context, m->kb->iso3, 3))
      continue;
    size_t words = 0;
    for (size_t t = m->nb; t < m->ne; t++)
      words += (NG_TOK(d, t)->flags & NG_TF_WORD) &&
               !(NG_TOK(d, t)->flags & NG_TF_HYPHEN);
    m->dropped = (uint8_t)(words <= 1 || m->type == NG_AT_PERSON);
    m->kb = NULL;
    m->link = NG_LINK_NONE;
    m->iso3 = NULL;
    m->discovered = 1;
  }
  return st;
}

/* A place name of several countries (places-ambiguous.tsv) takes the
 * country in focus of the article: the main country when it is one of
 * the candidates, else the first candidate the article otherwise names
 * (its other places, its actors); else it stays unresolved (-1). */
static int32_t resolve_place(cctx *c, ng_mention *m) {
  const char *pick = NULL;
  for (int pass = 0; pass < 2 && !pick; pass++)
    for (const char *p = m->candidates; *p && !pick;) {
      const char *semi = strchr(p, ';');
      size_t n = semi ? (size_t)(semi - p) : strlen(p);
      if (n == 3 && (pass == 0 ? c->main_iso3 && !memcmp(p, c->main_iso3, 3)
                               : ng_map_get(&c->context, p, 3) != NULL))
        pick = p;
      p += n + (semi ? 1 : 0);
    }
  if (!pick)
    return -1;
  char iso[4] = {pick[0], pick[1], pick[2], '\0'};
  const ng_country *co = ng_kb_country(c->kb, iso);
  if (!co || !co->country)
    return -1;
  m->kb = co->country;
  m->iso3 = co->iso3;
  m->link = NG_LINK_PLACE_FOCUS;
  return entity_for_kb(c, co->country);
}

/* The country mentioned most: names, demonyms, governments. */
static const char *main_country(cctx *c) {
  ng_map counts = {0};
  const char *best = NULL;
  uintptr_t best_n = 0;
  for (size_t i = 0; i < c->d->mentions.n; i++) {
    const ng_mention *m = NG_MENTION(c->d, i);
    if (!m->iso3)
      continue;
    ng_map_entry *e = ng_map_slot(&counts, &c->d->arena, m->iso3, 3);
    if (!e)
      break;
    uintptr_t n = (uintptr_t)e->value + 1;
    e->value = (void *)n;
    if (n > best_n) {
      best_n = n;
      best = m->iso3;
    }
  }
  ng_map_free(&counts);
  return best;
}

ng_status ng_stage_coref(ng_world *w, ng_doc *d) {
  cctx c = {0};
  c.w = w;
  c.d = d;
  c.kb = w->kb;
  ng_status st = drop_contradicted_links(&c);
  if (st) {
    ng_map_free(&c.context);
    ng_doc_fail(d, st);
    return st;
  }
  c.main_iso3 = main_country(&c);
  size_t n = d->mentions.n;
  for (size_t mi = 0; mi < n; mi++) {
    ng_mention *m = NG_MENTION(d, mi);
    int32_t x = resolve(&c, mi);
    m = NG_MENTION(d, mi);
    m->entity = x >= 0 ? x : -1;
    if (x < 0)
      continue;
    ng_entity *e = NG_ENTITY(d, x);
    if (e->kb && !e->link) /* how this mention found the entry */
      e->link = (uint8_t)(m->kb == e->kb && m->link ? m->link
                          : m->kind == NG_MK_TITLE  ? NG_LINK_POST_HOLDER
                          : m->kind == NG_MK_NOMINAL ? NG_LINK_ROLE
                          : m->kind == NG_MK_DEMONYM ? NG_LINK_DEMONYM
                                                     : NG_LINK_NAME);
    if (m->kind == NG_MK_NAME && m->type != NG_AT_PERSON) {
      const char *nk = span_key(d, m->nb, m->ne);
      const char **slot =
          nk ? ng_vec_push(&NG_ENTITY(d, x)->name_keys, sizeof(char *), 256)
             : NULL;
      if (slot)
        *slot = nk;
      e = NG_ENTITY(d, x);
    }
    if (e->type == NG_AT_PERSON && !e->surname && m->nb < m->ne) {
      const char *sn, *gn;
      name_parts(&c, m, &sn, &gn);
      e = NG_ENTITY(d, x);
      e->surname = sn;
      e->given = gn;
    }
  }
  /* apposed titles take the entity of their name */
  for (size_t mi = 0; mi < n; mi++) {
    ng_mention *m = NG_MENTION(d, mi);
    if (m->kind == NG_MK_TITLE && m->appos >= 0)
      m->entity = NG_MENTION(d, m->appos)->entity;
  }
  /* entity details from their mentions, in text order */
  for (size_t mi = 0; mi < n && !st; mi++) {
    ng_mention *m = NG_MENTION(d, mi);
    if (m->entity < 0) {
      m->entity = -1;
      continue;
    }
    ng_entity *e = NG_ENTITY(d, m->entity);
    e->n_mentions++;
    if (e->first_mention == UINT32_MAX)
      e->first_mention = (uint32_t)mi;
    if (m->kind != NG_MK_PRONOUN && !m->place_only) {
      add_alias(d, e, span_text(d, m->tb, m->te));
      if (m->nb > m->tb && m->nb < m->ne)
        add_alias(d, e, span_text(d, m->nb, m->ne));
    }
    if (m->plural)
      e->plural = 1;
    /* a known actor keeps the knowledge base's country: "Iraq's
     * al-Qaeda" says where, not whose */
    if (!e->iso3 && m->iso3 && !e->kb)
      e->iso3 = m->iso3;
    if (!e->role && m->role)
      e->role = m->role;
    if (m->rank && !e->rank)
      e->rank = m->rank;
    if ((m->title || m->post_label) && e->type == NG_AT_PERSON) {
      int32_t org = -1;
      if (m->post_org >= 0)
        org = NG_MENTION(d, m->post_org)->entity;
      else if (m->iso3 && m->role && !strcmp(m->role, "GOV")) {
        org = entity_for_role(&c, "GOV", m->iso3, NG_AT_GOVERNMENT);
        e = NG_ENTITY(d, m->entity);
      }
      add_post(&c, e, m->post_label ? m->post_label : m->title, org,
               m->former);
    }
  }
  /* "who recently assumed command", "newly appointed": the posts named
   * with that person were taken up around the article's date */
  for (size_t mi = 0; mi < n; mi++) {
    ng_mention *m = NG_MENTION(d, mi);
    if (m->entity < 0 || m->type != NG_AT_PERSON)
      continue;
    uint32_t se = NG_SENT(d, NG_TOK(d, m->tb)->sent)->te;
    int recent = 0;
    for (size_t k = m->tb > 2 ? m->tb - 2 : 0; k < se && k < m->te + 10; k++) {
      const ng_token *t = NG_TOK(d, k);
      static const char *took[] = {"assumed", "took", "appointed", "sworn",
                                   "named", "installed", "elected"};
      static const char *when[] = {"recently", "newly", "just"};
      for (size_t a = 0; a < NG_ARRAY_LEN(took); a++)
        if (t->key_len == strlen(took[a]) &&
            !memcmp(t->key, took[a], t->key_len) && k > 0) {
          const ng_token *p = NG_TOK(d, k - 1);
          for (size_t b = 0; b < NG_ARRAY_LEN(when); b++)
            if (p->key_len == strlen(when[b]) &&
                !memcmp(p->key, when[b], p->key_len))
              recent = 1;
        }
    }
    if (!recent)
      continue;
    ng_entity *e = NG_ENTITY(d, m->entity);
    for (size_t i = 0; i < e->posts.n; i++) {
      ng_post *p = &NG_VEC_AT(&e->posts, ng_post, i);
      if (!m->title || !strcmp(p->label, m->title))
        p->recent = 1;
    }
  }
  /* knowledge-base posts at the article date */
  size_t ne = d->entities.n;
  for (size_t x = 0; x < ne; x++)
    if (NG_ENTITY(d, x)->type == NG_AT_PERSON)
      kb_posts(&c, (int32_t)x);
  /* codes at the article date; labels of discovered actors */
  for (size_t x = 0; x < d->entities.n; x++) {
    ng_entity *e = NG_ENTITY(d, x);
    char code[16] = "";
    if (e->kb)
      ng_kb_cameo_at(e->kb, d->year, d->month, d->day, code);
    if (!code[0] && e->iso3) {
      const ng_country *co = ng_kb_country(c.kb, e->iso3);
      const char *cc = co && co->cameo ? co->cameo : e->iso3;
      const char *role = e->role;
      if (!role && e->type == NG_AT_GOVERNMENT)
        role = "GOV";
      if (!role && e->type == NG_AT_MILITARY)
        role = "MIL";
      if (!role && e->type == NG_AT_PERSON) {
        for (size_t i = 0; i < e->posts.n && !role; i++) {
          const ng_post *p = &NG_VEC_AT(&e->posts, ng_post, i);
          if (p->org >= 0 && NG_ENTITY(d, p->org)->type == NG_AT_GOVERNMENT)
            role = "GOV";
        }
      }
      snprintf(code, sizeof code, "%s%s", cc,
               e->type == NG_AT_COUNTRY ? "" : role ? role : "");
    }
    if (!code[0] && e->type == NG_AT_PERSON) {
      /* "the Commander of the NATO Mission": the code of the body the
       * post is in, with the post's role ("IGOWSTNATMIL") */
      for (size_t i = 0; i < e->posts.n && !code[0]; i++) {
        const ng_post *p = &NG_VEC_AT(&e->posts, ng_post, i);
        const ng_entity *o = p->org >= 0 ? NG_ENTITY(d, p->org) : NULL;
        char oc[16] = "";
        if (o && o->kb && o->type == NG_AT_IGO)
          ng_kb_cameo_at(o->kb, d->year, d->month, d->day, oc);
        if (oc[0])
          snprintf(code, sizeof code, "%s%s", oc,
                   e->role && strlen(oc) + strlen(e->role) < sizeof code
                       ? e->role
                       : "");
      }
    }
    if (code[0])
      e->cameo = ng_arena_strndup(&d->arena, code, strlen(code));
    if (!e->label && e->aliases.n)
      e->label = NG_VEC_AT(&e->aliases, const char *, 0);
    if (!e->label)
      e->label = e->key;
  }
  ng_map_free(&c.by_key);
  ng_map_free(&c.context);
  return st;
}
