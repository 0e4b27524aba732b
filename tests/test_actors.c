/* test_actors.c - every rule that finds and identifies actors: the
 * knowledge base (aliases, acronyms, transliterations, dates), demonyms
 * and capitals, discovery of people and organisations, coreference,
 * posts, and identity across articles.  Sentences written for the test;
 * people are invented, organisations and countries are real. */
#include <stdio.h>

#include "iri.h"
#include "kb.h"
#include "ngtest.h"

static ng_doc *doc_with_id(const char *id, const char *text,
                           const char *date) {
  ng_article *a = ng_article_new();
  ng_doc *d = NULL;
  if (a && !ng_article_set(ngt_world, a, NG_FIELD_ID, id, strlen(id)) &&
      !ng_article_set(ngt_world, a, NG_FIELD_TEXT, text, strlen(text)) &&
      !ng_article_set(ngt_world, a, NG_FIELD_DATE, date, strlen(date)))
    ng_extract(ngt_world, a, &d);
  ng_article_free(a);
  return d;
}

/* ---- knowledge base ---- */

static void test_kb_transliterations(void) {
  ng_doc *d = ngt_extract("Kata'ib Hezbollah and Kataib Hezbollah and "
                          "Kata\xe2\x80\x99ib Hezbollah are one group.",
                          "2024-01-10");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  const ng_entity *a = ngt_entity(d, "Kata'ib Hezbollah");
  CU_ASSERT_PTR_NOT_NULL_FATAL(a);
  CU_ASSERT_EQUAL(a->type, NG_AT_ARMED_GROUP);
  CU_ASSERT_PTR_EQUAL(ngt_entity(d, "Kataib Hezbollah"), a);
  CU_ASSERT_PTR_NOT_NULL(a->kb);
  ng_doc_free(d);
}

static void test_kb_acronym_case(void) {
  /* "NATO" is an acronym; "us" is a pronoun, "US" the country */
  ng_doc *d = ngt_extract("NATO met us. The US met nato officials.",
                          "2024-01-10");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  const ng_entity *n = ngt_entity(d, "NATO");
  CU_ASSERT_PTR_NOT_NULL_FATAL(n);
  CU_ASSERT_EQUAL(n->type, NG_AT_IGO);
  CU_ASSERT_EQUAL(n->n_mentions, 1); /* not the lower-case "nato" */
  CU_ASSERT_PTR_NULL(ngt_entity(d, "us"));
  const ng_entity *us = ngt_entity(d, "US");
  CU_ASSERT_PTR_NOT_NULL_FATAL(us);
  CU_ASSERT_STRING_EQUAL(us->iso3, "USA");
  ng_doc_free(d);
}

static void test_demonyms_and_capitals(void) {
  ng_doc *d = ngt_extract("Washington rejected the Iraqi offer. Iraqis "
                          "protested in Washington.",
                          "2024-01-10");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  /* a capital as a subject stands for its government */
  const ng_entity *w = ngt_entity(d, "Washington");
  CU_ASSERT_PTR_NOT_NULL_FATAL(w);
  CU_ASSERT_EQUAL(w->type, NG_AT_GOVERNMENT);
  CU_ASSERT_STRING_EQUAL(w->iso3, "USA");
  /* "Iraqis" as a noun is an actor: the country's people */
  const ng_entity *i = ngt_entity(d, "Iraqis");
  CU_ASSERT_PTR_NOT_NULL_FATAL(i);
  CU_ASSERT_STRING_EQUAL(i->iso3, "IRQ");
  /* and "in Washington" is a place: never a role */
  for (size_t x = 0; x < d->events.n; x++) {
    const ng_event *e = NG_EVENT(d, x);
    for (uint8_t k = 0; k < e->n_tgt; k++)
      CU_ASSERT(NG_ENTITY(d, e->tgt[k])->type != NG_AT_GOVERNMENT ||
                e->tgt[k] != (int)(w - (const ng_entity *)d->entities.items));
  }
  ng_doc_free(d);
}

static void test_kb_dates(void) {
  /* the CAMEO code of a person follows the article's date */
  ng_doc *d = ngt_extract("Prime Minister Mohammed Shia al-Sudani spoke.",
                          "2024-06-27");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  const ng_entity *s = ngt_entity(d, "Mohammed Shia al-Sudani");
  CU_ASSERT_PTR_NOT_NULL_FATAL(s);
  CU_ASSERT_PTR_NOT_NULL(s->kb);
  CU_ASSERT_STRING_EQUAL(s->cameo, "IRQGOV");
  ng_doc_free(d);
  /* a dated code in force wins over the undated default ("USAELI;
   * USAELI@1964..2001;USAGOV@2001..2009"), which holds at other dates */
  d = ngt_extract("George W. Bush spoke.", "2005-03-01");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  s = ngt_entity(d, "George W. Bush");
  CU_ASSERT_PTR_NOT_NULL_FATAL(s);
  CU_ASSERT_STRING_EQUAL(s->cameo, "USAGOV");
  ng_doc_free(d);
  d = ngt_extract("George W. Bush spoke.", "2015-03-01");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  s = ngt_entity(d, "George W. Bush");
  CU_ASSERT_PTR_NOT_NULL_FATAL(s);
  CU_ASSERT_STRING_EQUAL(s->cameo, "USAELI");
  ng_doc_free(d);
  /* an open-ended range holds until the dictionary's last update, then
   * the undated default ("ZWEELI;...;ZWEGOV@1987-12-31..") */
  d = ngt_extract("Robert Mugabe spoke.", "2010-03-01");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  s = ngt_entity(d, "Robert Mugabe");
  CU_ASSERT_PTR_NOT_NULL_FATAL(s);
  CU_ASSERT_STRING_EQUAL(s->cameo, "ZWEGOV");
  ng_doc_free(d);
  d = ngt_extract("Robert Mugabe spoke.", "2019-03-01");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  s = ngt_entity(d, "Robert Mugabe");
  CU_ASSERT_PTR_NOT_NULL_FATAL(s);
  CU_ASSERT_STRING_EQUAL(s->cameo, "ZWEELI");
  ng_doc_free(d);
}

static void test_kb_title_surname(void) {
  /* "President Putin": the one person of that name in that post then */
  ng_doc *d = ngt_extract("President Putin spoke.", "2023-03-01");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  const ng_entity *p = ngt_entity(d, "President Putin");
  CU_ASSERT_PTR_NOT_NULL_FATAL(p);
  CU_ASSERT_PTR_NOT_NULL(p->kb);
  CU_ASSERT_STRING_EQUAL(p->iso3, "RUS");
  ng_doc_free(d);
  /* the surname of a full name spelt another way: the given name must
   * be the person's own */
  d = ngt_extract("President Omar El Bashir spoke.", "2005-03-01");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  p = ngt_entity(d, "President Omar El Bashir");
  CU_ASSERT_PTR_NOT_NULL_FATAL(p);
  CU_ASSERT_PTR_NOT_NULL(p->kb);
  CU_ASSERT_STRING_EQUAL(p->iso3, "SDN");
  ng_doc_free(d);
  d = ngt_extract("President Hassan El Bashir spoke.", "2005-03-01");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  p = ngt_entity(d, "President Hassan El Bashir");
  CU_ASSERT_PTR_NOT_NULL_FATAL(p);
  CU_ASSERT_PTR_NULL(p->kb);
  ng_doc_free(d);
}

static void test_cameo_code_of_igo_post(void) {
  /* a person known only by a post in an IGO gets its code and role */
  ng_doc *d = ngt_extract("The Commander of the NATO Mission in Iraq, "
                          "Lt Gen Pieter Vos, met Iraqi officials.",
                          "2024-06-27");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  const ng_entity *p = ngt_entity(d, "Pieter Vos");
  CU_ASSERT_PTR_NOT_NULL_FATAL(p);
  CU_ASSERT_PTR_NOT_NULL_FATAL(p->cameo);
  CU_ASSERT_NSTRING_EQUAL(p->cameo, "IGOWSTNAT", 9);
  ng_doc_free(d);
}

/* ---- discovery ---- */

static void test_discover_organisations(void) {
  ng_doc *d = ngt_extract("The Northern Liberation Brigades attacked the "
                          "Iraqi Ministry of Water Resources. A spokesman "
                          "for Chip Taylor of the Zubair Shipping Company "
                          "said nothing.",
                          "2024-01-10");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  const ng_entity *b = ngt_entity(d, "Northern Liberation Brigades");
  CU_ASSERT_PTR_NOT_NULL_FATAL(b);
  CU_ASSERT_EQUAL(b->type, NG_AT_ARMED_GROUP);
  CU_ASSERT(b->discovered);
  const ng_entity *m = ngt_entity(d, "Iraqi Ministry of Water Resources");
  CU_ASSERT_PTR_NOT_NULL_FATAL(m);
  CU_ASSERT_EQUAL(m->type, NG_AT_GOVERNMENT);
  CU_ASSERT_STRING_EQUAL(m->iso3, "IRQ");
  /* a person's name is not the start of the company's */
  CU_ASSERT_PTR_NOT_NULL(ngt_entity(d, "Zubair Shipping Company"));
  CU_ASSERT_PTR_NULL(ngt_entity(d, "Chip Taylor of the Zubair Shipping "
                                   "Company"));
  ng_doc_free(d);
}

static void test_discover_people(void) {
  ng_doc *d = ngt_extract("Army spokesman Colonel Ahmed Jaber said the "
                          "former President Salim Rauf had left. Mr. Kamal "
                          "Osman, a diplomat, agreed.",
                          "2024-01-10");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  const ng_entity *j = ngt_entity(d, "Ahmed Jaber");
  CU_ASSERT_PTR_NOT_NULL_FATAL(j);
  CU_ASSERT_EQUAL(j->type, NG_AT_PERSON);
  CU_ASSERT_STRING_EQUAL(j->rank, "Colonel");
  const ng_entity *r = ngt_entity(d, "Salim Rauf");
  CU_ASSERT_PTR_NOT_NULL_FATAL(r);
  CU_ASSERT_EQUAL_FATAL(r->posts.n, 1);
  CU_ASSERT(NG_VEC_AT(&r->posts, ng_post, 0).former);
  CU_ASSERT_PTR_NOT_NULL(ngt_entity(d, "Kamal Osman"));
  ng_doc_free(d);
}

static void test_known_name_over_group(void) {
  /* "the People" is a group phrase, but the known name that starts in it
   * runs further: the name wins */
  ng_doc *d = ngt_extract("Protesters faced threats of the People's "
                          "Liberation Army on Sunday.",
                          "2019-08-26");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  const ng_entity *e = ngt_entity(d, "People's Liberation Army");
  CU_ASSERT_PTR_NOT_NULL_FATAL(e);
  CU_ASSERT_EQUAL(e->type, NG_AT_MILITARY);
  CU_ASSERT_PTR_NOT_NULL(e->kb);
  CU_ASSERT_PTR_NULL(ngt_entity(d, "the People"));
  ng_doc_free(d);
}

static void test_collective_country_from_place(void) {
  ng_doc *d = ngt_extract("Protesters gathered in Bolivia. Rebels in the "
                          "Ivory Coast attacked a convoy.",
                          "2024-01-10");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  const ng_entity *p = ngt_entity(d, "Protesters");
  CU_ASSERT_PTR_NOT_NULL_FATAL(p);
  CU_ASSERT_STRING_EQUAL(p->iso3, "BOL");
  const ng_entity *r = ngt_entity(d, "Rebels");
  CU_ASSERT_PTR_NOT_NULL_FATAL(r);
  CU_ASSERT_STRING_EQUAL(r->iso3, "CIV");
  CU_ASSERT_EQUAL(r->type, NG_AT_ARMED_GROUP);
  ng_doc_free(d);
  /* a city of the gazetteer is a place of its country, not a name of it */
  d = ngt_extract("Thousands of protesters gathered in Kirkuk.",
                  "2024-01-10");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  p = ngt_entity(d, "protesters");
  CU_ASSERT_PTR_NOT_NULL_FATAL(p);
  CU_ASSERT_STRING_EQUAL(p->iso3, "IRQ");
  const ng_mention *km = NULL;
  for (size_t i = 0; i < d->mentions.n; i++) {
    const ng_mention *m = NG_MENTION(d, i);
    const ng_token *t = NG_TOK(d, m->tb);
    if (t->e - t->b == 6 && !memcmp(d->text + t->b, "Kirkuk", 6))
      km = m;
  }
  CU_ASSERT_PTR_NOT_NULL_FATAL(km);
  CU_ASSERT(km->place_only && km->locative);
  CU_ASSERT_FATAL(km->entity >= 0);
  const ng_entity *k = NG_ENTITY(d, km->entity);
  CU_ASSERT_EQUAL(k->type, NG_AT_COUNTRY);
  CU_ASSERT_STRING_EQUAL(k->iso3, "IRQ");
  for (size_t i = 0; i < k->aliases.n; i++)
    CU_ASSERT_STRING_NOT_EQUAL(NG_VEC_AT(&k->aliases, const char *, i),
                               "Kirkuk");
  ng_doc_free(d);
}

static void test_business_people(void) {
  /* "a Saudi businessman": a business actor of the country (CAMEO's
   * SAUBUS), as "Kenyan farmers" are Kenya's */
  ng_doc *d = ngt_extract("A Ghanaian businessman sued the government of "
                          "Togo.",
                          "2024-01-10");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  const ng_entity *b = ngt_entity(d, "A Ghanaian businessman");
  CU_ASSERT_PTR_NOT_NULL_FATAL(b);
  CU_ASSERT_STRING_EQUAL(b->iso3, "GHA");
  CU_ASSERT_EQUAL(b->type, NG_AT_ORGANIZATION);
  ng_doc_free(d);
}

/* ---- coreference ---- */

static void test_coref_title_from_kb(void) {
  /* "the Prime Minister" in an Iraqi story of 2024: the KB's holder */
  ng_doc *d = ngt_extract("Iraqi officials met in Baghdad. The Prime "
                          "Minister welcomed the plan.",
                          "2024-06-27");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  const ng_entity *p = ngt_entity(d, "The Prime Minister");
  CU_ASSERT_PTR_NOT_NULL_FATAL(p);
  CU_ASSERT_PTR_NOT_NULL(p->kb);
  CU_ASSERT_STRING_EQUAL(p->label, "Mohammed Shia al-Sudani");
  ng_doc_free(d);
}

static void test_coref_groups_and_pronouns(void) {
  ng_doc *d = ngt_extract("Libyan militias seized the port. The militias "
                          "said they would stay. Chadian President Idriss "
                          "Mahamat said he and his government disagreed.",
                          "2024-01-10");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  const ng_entity *m = ngt_entity(d, "Libyan militias");
  CU_ASSERT_PTR_NOT_NULL_FATAL(m);
  CU_ASSERT_PTR_EQUAL(ngt_entity(d, "The militias"), m);
  const ng_entity *g = ngt_entity(d, "his government");
  CU_ASSERT_PTR_NOT_NULL_FATAL(g);
  CU_ASSERT_EQUAL(g->type, NG_AT_GOVERNMENT);
  CU_ASSERT_STRING_EQUAL(g->iso3, "TCD");
  /* pronouns resolve to the person */
  const ng_entity *p = ngt_entity(d, "Idriss Mahamat");
  CU_ASSERT_PTR_NOT_NULL_FATAL(p);
  int he = 0;
  for (size_t x = 0; x < d->mentions.n; x++) {
    const ng_mention *mm = NG_MENTION(d, x);
    if (mm->kind == NG_MK_PRONOUN && mm->entity >= 0 &&
        NG_ENTITY(d, mm->entity) == p)
      he = 1;
  }
  CU_ASSERT(he);
  ng_doc_free(d);
}

static void test_coref_publisher(void) {
  ng_doc *d = ngt_extract("Rudaw/ A source told our agency that talks "
                          "had stalled.",
                          "2024-01-10");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  const ng_entity *r = ngt_entity(d, "Rudaw");
  CU_ASSERT_PTR_NOT_NULL_FATAL(r);
  CU_ASSERT_EQUAL(r->type, NG_AT_MEDIA);
  CU_ASSERT_PTR_EQUAL(ngt_entity(d, "our agency"), r);
  CU_ASSERT(d->publisher >= 0 && NG_ENTITY(d, d->publisher) == r);
  ng_doc_free(d);
}

/* ---- posts ---- */

static void test_posts_recent(void) {
  ng_doc *d = ngt_extract("General Jan Visser, who recently assumed command "
                          "of the EU naval mission, met Egyptian Foreign "
                          "Minister Omar Nabil.",
                          "2024-01-10");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  const ng_entity *o = ngt_entity(d, "Omar Nabil");
  CU_ASSERT_PTR_NOT_NULL_FATAL(o);
  CU_ASSERT_EQUAL_FATAL(o->posts.n, 1);
  const ng_post *p = &NG_VEC_AT(&o->posts, ng_post, 0);
  CU_ASSERT_STRING_EQUAL(p->label, "Foreign Minister");
  CU_ASSERT(p->org >= 0 && NG_ENTITY(d, p->org)->type == NG_AT_GOVERNMENT);
  CU_ASSERT_STRING_EQUAL(NG_ENTITY(d, p->org)->iso3, "EGY");
  const ng_entity *v = ngt_entity(d, "Jan Visser");
  CU_ASSERT_PTR_NOT_NULL_FATAL(v);
  CU_ASSERT_STRING_EQUAL(v->rank, "General");
  ng_doc_free(d);
  d = ngt_extract("The Commander of the EU naval mission, Rear Admiral "
                  "Paolo Conti, who recently assumed command, arrived.",
                  "2024-01-10");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  const ng_entity *c = ngt_entity(d, "Paolo Conti");
  CU_ASSERT_PTR_NOT_NULL_FATAL(c);
  CU_ASSERT_STRING_EQUAL(c->rank, "Rear Admiral");
  CU_ASSERT_EQUAL_FATAL(c->posts.n, 1);
  CU_ASSERT_STRING_EQUAL(NG_VEC_AT(&c->posts, ng_post, 0).label, "Commander");
  CU_ASSERT(NG_VEC_AT(&c->posts, ng_post, 0).recent);
  ng_doc_free(d);
}

/* ---- identity ---- */

static void test_identity_across_articles(void) {
  ng_doc *a = doc_with_id("one", "Yemeni Foreign Minister Ali Nasser met "
                                 "NATO officials.",
                          "2024-01-10");
  ng_doc *b = doc_with_id("two", "Ali Nasser, the Yemeni Foreign Minister, "
                                 "later spoke. Yemeni Foreign Minister Ali "
                                 "Nasser left NATO.",
                          "2024-02-10");
  CU_ASSERT_PTR_NOT_NULL_FATAL(a);
  CU_ASSERT_PTR_NOT_NULL_FATAL(b);
  const ng_entity *na = ngt_entity(a, "NATO"), *nb = ngt_entity(b, "NATO");
  CU_ASSERT_PTR_NOT_NULL_FATAL(na);
  CU_ASSERT_PTR_NOT_NULL_FATAL(nb);
  CU_ASSERT_STRING_EQUAL(na->iri, nb->iri);
  const ng_entity *pa = ngt_entity(a, "Ali Nasser");
  const ng_entity *pb = ngt_entity(b, "Ali Nasser");
  CU_ASSERT_PTR_NOT_NULL_FATAL(pa);
  CU_ASSERT_PTR_NOT_NULL_FATAL(pb);
  /* a discovered person: normalised name + type + country */
  CU_ASSERT_STRING_EQUAL(pa->iri, pb->iri);
  CU_ASSERT_STRING_NOT_EQUAL(ng_doc_iri(a), ng_doc_iri(b));
  ng_doc_free(a);
  ng_doc_free(b);
}

static void test_identity_scoped_collectives(void) {
  /* militants of no known country are this article's, not everyone's */
  ng_doc *a = doc_with_id("one", "The militants fled.", "2024-01-10");
  ng_doc *b = doc_with_id("two", "The militants fled.", "2024-01-10");
  CU_ASSERT_PTR_NOT_NULL_FATAL(a);
  CU_ASSERT_PTR_NOT_NULL_FATAL(b);
  const ng_entity *ma = ngt_entity(a, "The militants");
  const ng_entity *mb = ngt_entity(b, "The militants");
  CU_ASSERT_PTR_NOT_NULL_FATAL(ma);
  CU_ASSERT_PTR_NOT_NULL_FATAL(mb);
  CU_ASSERT_STRING_NOT_EQUAL(ma->iri, mb->iri);
  ng_doc_free(a);
  ng_doc_free(b);
}

/* Issue 17: the key a name is compared by (ng_name_key), the one the
 * bundled queries fold an actor parameter with. */
static void check_key(const char *name, const char *want) {
  char *k = NULL;
  CU_ASSERT_EQUAL_FATAL(ng_name_key(ngt_world, name, strlen(name), &k), NG_OK);
  CU_ASSERT_PTR_NOT_NULL_FATAL(k);
  if (strcmp(k, want))
    fprintf(stderr, "\n  '%s' gives key '%s', not '%s'", name, k, want);
  CU_ASSERT_STRING_EQUAL(k, want);
  free(k);
}

static void test_name_key(void) {
  check_key("Houthis", "houthis");
  check_key("HOUTHIS", "houthis");
  check_key("H\xc3\xb3uthis", "houthis");         /* an accent */
  check_key("Kata\xe2\x80\x99ib Hezbollah", "kataib hezbollah");
  check_key("Kata'ib  Hezbollah", "kataib hezbollah");
  check_key("al-Sudani", "al sudani");
  check_key("Al Sudani", "al sudani");
  check_key("--", "");
  char *k = (char *)"x";
  CU_ASSERT_EQUAL(ng_name_key(ngt_world, "\xff", 1, &k), NG_ERR_INPUT);
  CU_ASSERT_PTR_NULL(k);
  CU_ASSERT_EQUAL(ng_name_key(NULL, "a", 1, &k), NG_ERR_ARG);
}

/* ---- discovery and linking without titles (issue 15) ---- */

static void test_link_transliteration_variants(void) {
  /* data/lexicon/variants.tsv: Muhammad = Mohamed, Siarhei = Sergei */
  ng_doc *d = ngt_extract("Muhammad Bazoum met Siarhei Shoigu on Monday.",
                          "2022-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  const ng_entity *b = ngt_entity(d, "Muhammad Bazoum");
  CU_ASSERT_PTR_NOT_NULL_FATAL(b);
  CU_ASSERT_PTR_NOT_NULL_FATAL(b->kb);
  CU_ASSERT_STRING_EQUAL(b->kb->key, "person/mohamed-bazoum");
  CU_ASSERT_EQUAL(b->link, NG_LINK_VARIANT);
  CU_ASSERT_STRING_EQUAL(ng_link_rule_name((ng_link_rule)b->link),
                         "variant");
  const ng_entity *s = ngt_entity(d, "Siarhei Shoigu");
  CU_ASSERT_PTR_NOT_NULL_FATAL(s);
  CU_ASSERT_PTR_NOT_NULL_FATAL(s->kb);
  CU_ASSERT_STRING_EQUAL(s->kb->key, "person/sergei-shoigu");
  ng_doc_free(d);
  /* the fold itself: letters, word sets, endings */
  char out[64];
  const ng_lexicon *lex = ngt_world->lex;
  CU_ASSERT(ng_lexicon_fold_word(lex, "qassem", 6, out, sizeof out) > 0);
  char q[64];
  ng_lexicon_fold_word(lex, "qasem", 5, q, sizeof q);
  CU_ASSERT_STRING_EQUAL(out, q);
  ng_lexicon_fold_word(lex, "tereshchenka", 12, out, sizeof out);
  ng_lexicon_fold_word(lex, "tereshchenko", 12, q, sizeof q);
  CU_ASSERT_STRING_EQUAL(out, q);
  /* a word too long for the buffer folds to nothing, safely */
  CU_ASSERT_EQUAL(ng_lexicon_fold_word(lex, "abcdefgh", 8, out, 4), 0);
}

static void test_given_name_person_and_surname(void) {
  /* "Karin" is a given name of the knowledge base's people */
  ng_doc *d = ngt_extract("On Friday, Karin Oduya spoke to reporters in "
                          "Nairobi. Later Oduya left the city.",
                          "2024-01-10");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  const ng_entity *k = ngt_entity(d, "Karin Oduya");
  CU_ASSERT_PTR_NOT_NULL_FATAL(k);
  CU_ASSERT_EQUAL(k->type, NG_AT_PERSON);
  CU_ASSERT(k->discovered);
  CU_ASSERT_PTR_EQUAL(ngt_entity(d, "Oduya"), k);
  CU_ASSERT_EQUAL(k->n_mentions, 2);
  ng_doc_free(d);
  /* no given name first: not a person by this rule */
  d = ngt_extract("On Friday, Qorvath Elmundi opened.", "2024-01-10");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_PTR_NULL(ngt_entity(d, "Qorvath Elmundi"));
  ng_doc_free(d);
  /* a group noun after the name: "the Karin Oduya Foundation" */
  d = ngt_extract("The Karin Oduya Foundation gave money.", "2024-01-10");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  const ng_entity *f = ngt_entity(d, "Karin Oduya Foundation");
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  CU_ASSERT_NOT_EQUAL(f->type, NG_AT_PERSON);
  ng_doc_free(d);
  /* the head word of a thing's name (nouns.tsv: thing) */
  d = ngt_extract("Karin Oduya Airport was closed.", "2024-01-10");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  const ng_entity *a = ngt_entity(d, "Karin Oduya Airport");
  CU_ASSERT(!a || a->type != NG_AT_PERSON);
  CU_ASSERT_PTR_NULL(ngt_entity(d, "Karin Oduya"));
  ng_doc_free(d);
}

static void test_lone_first_name(void) {
  /* "Sharif" is a bare name of a famous bearer; here it opens another
   * person's name, and alone later it is that person's first name */
  ng_doc *d = ngt_extract("Sharif Tovren, a teacher, spoke on Monday. "
                          "Sharif said the school was closed.",
                          "2024-01-10");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  const ng_entity *t = ngt_entity(d, "Sharif Tovren");
  CU_ASSERT_PTR_NOT_NULL_FATAL(t);
  CU_ASSERT_PTR_NULL(t->kb);
  CU_ASSERT_PTR_EQUAL(ngt_entity(d, "Sharif"), t);
  for (size_t x = 0; x < d->entities.n; x++) {
    const ng_entity *e = NG_ENTITY(d, x);
    CU_ASSERT(!e->kb || e->type != NG_AT_PERSON);
  }
  ng_doc_free(d);
}

static void test_media_that_report(void) {
  ng_doc *d = ngt_extract("ZBQN reported that the talks failed. According "
                          "to KVTA, the talks went on.",
                          "2024-01-10");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  NGT_ASSERT_TYPE(d, "ZBQN", NG_AT_MEDIA);
  NGT_ASSERT_TYPE(d, "KVTA", NG_AT_MEDIA);
  ng_doc_free(d);
  /* an acronym that does not report is no outlet */
  d = ngt_extract("ZBQN signed the deal.", "2024-01-10");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  const ng_entity *n = ngt_entity(d, "ZBQN");
  CU_ASSERT(!n || n->type != NG_AT_MEDIA);
  ng_doc_free(d);
}

/* media from context: an unknown name before a reporting word or after
 * an outlet noun (words.tsv outlet); not before "according to" */
static void test_media_from_context(void) {
  ng_doc *d = ngt_extract("The Valdoran Courier reported that the talks "
                          "failed. The broadcaster Zentavi said the vote "
                          "was delayed.",
                          "2024-01-10");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  NGT_ASSERT_TYPE(d, "Valdoran Courier", NG_AT_MEDIA);
  NGT_ASSERT_TYPE(d, "Zentavi", NG_AT_MEDIA);
  ng_doc_free(d);
  d = ngt_extract("Shots were fired at Korlan Hall according to police.",
                  "2024-01-10");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  const ng_entity *k = ngt_entity(d, "Korlan Hall");
  CU_ASSERT(!k || k->type != NG_AT_MEDIA);
  ng_doc_free(d);
}

/* a person from what only a person's name takes: "X, who", "X, wife of
 * Y", "X, 45," (words.tsv personal); not a name with a title or a group
 * noun in it, and not an organisation's name */
static void test_person_from_context(void) {
  ng_doc *d = ngt_extract("Zorvek Aldimar, who led the talks, left. "
                          "Qeltra Vossin, wife of a minister, spoke. "
                          "Ulbrecht Danvo, 45, said the vote was rigged.",
                          "2024-01-10");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  const char *names[] = {"Zorvek Aldimar", "Qeltra Vossin", "Ulbrecht Danvo"};
  for (size_t k = 0; k < 3; k++) {
    const ng_entity *e = ngt_entity(d, names[k]);
    CU_ASSERT_PTR_NOT_NULL(e);
    if (e)
      CU_ASSERT_EQUAL(e->type, NG_AT_PERSON);
  }
  ng_doc_free(d);
  d = ngt_extract("The Northern Varga Tribe, who own the land, agreed.",
                  "2024-01-10");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  const ng_entity *t = ngt_entity(d, "Northern Varga Tribe");
  CU_ASSERT_PTR_NOT_NULL(t);
  if (t)
    CU_ASSERT_EQUAL(t->type, NG_AT_ORGANIZATION);
  ng_doc_free(d);
}

static void test_collective_of_its_own(void) {
  /* nouns.tsv actor column: protesters are not the opposition */
  ng_doc *d = ngt_extract("Chilean protesters blocked roads while the "
                          "Chilean opposition met. The protesters left.",
                          "2024-01-10");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  const ng_entity *p = ngt_entity(d, "Chilean protesters");
  const ng_entity *o = ngt_entity(d, "the Chilean opposition");
  CU_ASSERT_PTR_NOT_NULL_FATAL(p);
  CU_ASSERT_PTR_NOT_NULL_FATAL(o);
  CU_ASSERT_PTR_NOT_EQUAL(p, o);
  CU_ASSERT_STRING_EQUAL(p->key, "protesters/CHL");
  CU_ASSERT_STRING_EQUAL(p->iso3, "CHL");
  CU_ASSERT_EQUAL(p->type, NG_AT_ORGANIZATION);
  CU_ASSERT_PTR_EQUAL(ngt_entity(d, "The protesters"), p);
  ng_doc_free(d);
}

static void test_affiliated_collectives(void) {
  ng_doc *d = ngt_extract("Rwanda-backed rebels attacked a village. A "
                          "Saudi-led coalition struck a port. "
                          "Pro-government militias fired back.",
                          "2024-01-10");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  const ng_entity *r = ngt_entity(d, "Rwanda-backed rebels");
  CU_ASSERT_PTR_NOT_NULL_FATAL(r);
  CU_ASSERT_EQUAL(r->type, NG_AT_ARMED_GROUP);
  CU_ASSERT_PTR_NULL(r->iso3); /* backed by Rwanda, not Rwanda's */
  NGT_ASSERT_TYPE(d, "Saudi-led coalition", NG_AT_IGO);
  NGT_ASSERT_TYPE(d, "Pro-government militias", NG_AT_ARMED_GROUP);
  ng_doc_free(d);
}

static void test_ambiguous_place_focus(void) {
  /* places-ambiguous.tsv: Valencia (ESP in Phoenix, also a city of
   * Venezuela): the country the article is about, or none */
  ng_doc *d = ngt_extract("Clashes broke out in Valencia. Spanish police "
                          "arrested ten men.",
                          "2024-01-10");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  int found = 0;
  for (size_t x = 0; x < d->mentions.n; x++) {
    const ng_mention *m = NG_MENTION(d, x);
    if (m->candidates && m->entity >= 0) {
      const ng_entity *e = NG_ENTITY(d, m->entity);
      CU_ASSERT_STRING_EQUAL(e->iso3, "ESP");
      CU_ASSERT_EQUAL(m->link, NG_LINK_PLACE_FOCUS);
      found = 1;
    }
  }
  CU_ASSERT(found);
  ng_doc_free(d);
  d = ngt_extract("Clashes broke out in Valencia. Chilean police "
                  "arrested ten men.",
                  "2024-01-10");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  for (size_t x = 0; x < d->mentions.n; x++) {
    const ng_mention *m = NG_MENTION(d, x);
    if (m->candidates)
      CU_ASSERT_EQUAL(m->entity, -1); /* unresolved, not guessed */
  }
  for (size_t x = 0; x < d->entities.n; x++)
    CU_ASSERT(!NG_ENTITY(d, x)->iso3 ||
              strcmp(NG_ENTITY(d, x)->iso3, "ESP"));
  ng_doc_free(d);
}

static void test_link_contradicted_by_context(void) {
  /* Shining Path (Peru, from the Phoenix layer) in an article about
   * Colombia only: not linked, a group of that name */
  ng_doc *d = ngt_extract("The Shining Path attacked a convoy near Bogota. "
                          "Colombian troops responded.",
                          "2024-01-10");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  const ng_entity *g = ngt_entity(d, "Shining Path");
  CU_ASSERT_PTR_NOT_NULL_FATAL(g);
  CU_ASSERT_PTR_NULL(g->kb);
  CU_ASSERT_EQUAL(g->type, NG_AT_ARMED_GROUP);
  ng_doc_free(d);
  d = ngt_extract("The Shining Path attacked a convoy in Peru.",
                  "2024-01-10");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  g = ngt_entity(d, "Shining Path");
  CU_ASSERT_PTR_NOT_NULL_FATAL(g);
  CU_ASSERT_PTR_NOT_NULL(g->kb);
  CU_ASSERT_EQUAL(g->link, NG_LINK_NAME);
  ng_doc_free(d);
}

static void test_mixed_case_acronym(void) {
  /* "LeT" matches as written; "Let" opening a sentence is a verb */
  ng_doc *d = ngt_extract("Let the talks begin, the minister said. LeT "
                          "denied any role.",
                          "2024-01-10");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_PTR_NULL(ngt_entity(d, "Let"));
  NGT_ASSERT_TYPE(d, "LeT", NG_AT_ARMED_GROUP);
  ng_doc_free(d);
}

static void test_people_of_no_one(void) {
  /* words.tsv anyone: "people" and "citizens" are no actor unless the
   * phrase says whose they are */
  ng_doc *d = ngt_extract("Many people stayed home, and some citizens "
                          "left. \"We protect our people,\" the minister "
                          "said. Chilean people marched in Santiago. "
                          "Peru urged its citizens to leave.",
                          "2024-01-10");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_PTR_NULL(ngt_entity(d, "Many people"));
  CU_ASSERT_PTR_NULL(ngt_entity(d, "some citizens"));
  CU_ASSERT_PTR_NULL(ngt_entity(d, "our people"));
  const ng_entity *c = ngt_entity(d, "Chilean people");
  CU_ASSERT_PTR_NOT_NULL_FATAL(c);
  CU_ASSERT_STRING_EQUAL(c->iso3, "CHL");
  CU_ASSERT_PTR_NOT_NULL(ngt_entity(d, "its citizens"));
  ng_doc_free(d);
}

static void test_capital_as_place(void) {
  /* a capital city is its government when it acts, a place when it
   * describes a thing or stands in apposition to a place noun */
  ng_doc *d = ngt_extract("A car bomb hit a Lima market. Crowds filled the "
                          "Lima streets near the capital, Lima, on "
                          "Sunday.",
                          "2024-01-10");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  NGT_ASSERT_TYPE(d, "Peru", NG_AT_COUNTRY);
  for (size_t x = 0; x < d->entities.n; x++)
    CU_ASSERT_NOT_EQUAL(NG_ENTITY(d, x)->type, NG_AT_GOVERNMENT);
  const ng_entity *e = NULL;
  ng_doc_free(d);
  d = ngt_extract("Lima said the vote was fair. The pro-Lima camp "
                  "agreed.",
                  "2024-01-10");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  e = ngt_entity(d, "Lima");
  CU_ASSERT_PTR_NOT_NULL_FATAL(e);
  CU_ASSERT_EQUAL(e->type, NG_AT_GOVERNMENT);
  ng_doc_free(d);
}

static void test_title_named_later(void) {
  /* a headline's title, then the holder named with it: one person; a
   * post with its own complement stays apart */
  ng_doc *d = ngt_extract("Chilean Prime Minister resigns. On Friday, "
                          "Talvo Merenhuis, the Prime Minister of Chile, "
                          "resigned. The Governor of Texas spoke. Governor "
                          "Olwen Brataska agreed.",
                          "2024-01-10");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  const ng_entity *e = ngt_entity(d, "Talvo Merenhuis");
  CU_ASSERT_PTR_NOT_NULL_FATAL(e);
  CU_ASSERT_PTR_EQUAL(ngt_entity(d, "Chilean Prime Minister"), e);
  const ng_entity *g = ngt_entity(d, "Olwen Brataska");
  CU_ASSERT_PTR_NOT_NULL_FATAL(g);
  CU_ASSERT_PTR_NOT_EQUAL(ngt_entity(d, "The Governor of Texas"), g);
  ng_doc_free(d);
}

static void test_bare_title_earlier_holder(void) {
  /* "the president" in lower case: the one holder of that post named
   * before, who then acts in the events it takes part in */
  ng_doc *d = ngt_extract("President Talvo Merenhuis of Chile met Olwen "
                          "Brataska in Santiago on Monday. Later the "
                          "president criticised Bolivia.",
                          "2024-01-10");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  const ng_entity *e = ngt_entity(d, "Talvo Merenhuis");
  CU_ASSERT_PTR_NOT_NULL_FATAL(e);
  CU_ASSERT_PTR_EQUAL(ngt_entity(d, "the president"), e);
  CU_ASSERT_PTR_NOT_NULL(ngt_event(d, "11", "Talvo Merenhuis", "Bolivia"));
  ng_doc_free(d);
}

static void test_bare_title_other_country(void) {
  /* "the Peruvian president" after Chile's president: not that person,
   * but Peru's (the knowledge base's holder, else the country) */
  ng_doc *d = ngt_extract("President Talvo Merenhuis of Chile visited "
                          "Lima on Monday. The Peruvian president praised "
                          "the visit.",
                          "2024-01-10");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  const ng_entity *e = ngt_entity(d, "Talvo Merenhuis");
  CU_ASSERT_PTR_NOT_NULL_FATAL(e);
  const ng_entity *p = ngt_entity(d, "The Peruvian president");
  CU_ASSERT_PTR_NOT_NULL_FATAL(p);
  CU_ASSERT_PTR_NOT_EQUAL(p, e);
  CU_ASSERT_STRING_EQUAL(p->iso3 ? p->iso3 : "", "PER"); /* Peru's */
  for (size_t k = 0; k < e->aliases.n; k++)
    CU_ASSERT_PTR_NULL(strstr(NG_VEC_AT(&e->aliases, const char *, k),
                              "Peruvian"));
  ng_doc_free(d);
}

static void test_bare_title_ambiguous(void) {
  /* two presidents named before "the president": which one is not
   * guessed, and the title alone is no actor */
  ng_doc *d = ngt_extract("President Talvo Merenhuis of Chile met President "
                          "Ilsa Varnov of Ecuador in Quito. The president "
                          "criticised Bolivia.",
                          "2024-01-10");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_PTR_NOT_NULL(ngt_entity(d, "Talvo Merenhuis"));
  CU_ASSERT_PTR_NOT_NULL(ngt_entity(d, "Ilsa Varnov"));
  CU_ASSERT_PTR_NULL(ngt_entity(d, "The president"));
  int title = 0; /* the title is read, and left to no one */
  for (size_t x = 0; x < d->mentions.n; x++) {
    const ng_mention *m = NG_MENTION(d, x);
    if (m->kind == NG_MK_TITLE && m->title && m->nb == m->ne &&
        !strcmp(m->title, "President")) {
      const ng_token *t = NG_TOK(d, m->tb);
      if (t->key_len == 3 && !memcmp(t->key, "the", 3)) {
        title = 1;
        CU_ASSERT_EQUAL(m->entity, -1);
      }
    }
  }
  CU_ASSERT(title);
  CU_ASSERT_PTR_NULL(ngt_event(d, "11", "Talvo Merenhuis", NULL));
  CU_ASSERT_PTR_NULL(ngt_event(d, "11", "Ilsa Varnov", NULL));
  ng_doc_free(d);
}

static void test_noun_of_named_org(void) {
  /* "the agency" after "the Andean Relief Agency" is that agency;
   * "government forces" are not the "Northern Liberation Forces" */
  ng_doc *d = ngt_extract("The Andean Relief Agency opened a camp in "
                          "Peru. The agency said 300 families arrived. The "
                          "Northern Liberation Forces fled. Government "
                          "forces advanced.",
                          "2024-01-10");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  const ng_entity *a = ngt_entity(d, "Andean Relief Agency");
  CU_ASSERT_PTR_NOT_NULL_FATAL(a);
  CU_ASSERT_PTR_EQUAL(ngt_entity(d, "The agency"), a);
  const ng_entity *f = ngt_entity(d, "Northern Liberation Forces");
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  CU_ASSERT_PTR_NOT_EQUAL(ngt_entity(d, "Government forces"), f);
  ng_doc_free(d);
}

static void test_foreign_collectives(void) {
  /* words.tsv foreign: a group of no one country, labelled as written;
   * "foreign nationals" are still no one in particular */
  ng_doc *d = ngt_extract("Chilean forces met the rebels. The rebels want "
                          "foreign forces to leave. Foreign nationals "
                          "were evacuated.",
                          "2024-01-10");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  const ng_entity *f = ngt_entity(d, "foreign forces");
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  CU_ASSERT_EQUAL(f->type, NG_AT_MILITARY);
  CU_ASSERT_PTR_NULL(f->iso3);
  CU_ASSERT_PTR_NOT_EQUAL(ngt_entity(d, "Chilean forces"), f);
  CU_ASSERT_PTR_NULL(ngt_entity(d, "Foreign nationals"));
  ng_doc_free(d);
}

static void test_post_list(void) {
  /* titles.tsv plural: each name of a list after the plural of a post
   * holds the post, of the country after "of"; a list needs its "and" */
  ng_doc *d = ngt_extract("Presidents Tarvel Omboko of Ghana and Lisande "
                          "Durvay of Togo met in Lome. Ministers Kelvo "
                          "Tarran, who spoke first, left.",
                          "2024-01-10");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  const char *names[] = {"Tarvel Omboko", "Lisande Durvay"};
  const char *iso3[] = {"GHA", "TGO"};
  for (size_t i = 0; i < 2; i++) {
    const ng_entity *p = ngt_entity(d, names[i]);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    CU_ASSERT_EQUAL(p->type, NG_AT_PERSON);
    CU_ASSERT_EQUAL_FATAL(p->posts.n, 1);
    const ng_post *po = &NG_VEC_AT(&p->posts, ng_post, 0);
    CU_ASSERT_STRING_EQUAL(po->label, "President");
    CU_ASSERT_PTR_NOT_NULL_FATAL(p->iso3);
    CU_ASSERT_STRING_EQUAL(p->iso3, iso3[i]);
  }
  /* the countries of the list stay actors of their own */
  CU_ASSERT_PTR_NOT_NULL(ngt_entity(d, "Ghana"));
  CU_ASSERT_PTR_NOT_NULL(ngt_entity(d, "Togo"));
  /* one name and no "and": no list, no post */
  const ng_entity *k = ngt_entity(d, "Kelvo Tarran");
  CU_ASSERT(!k || k->posts.n == 0);
  ng_doc_free(d);
}

static void test_company_nouns(void) {
  /* words.tsv company: a name right after a lower-case noun of a company
   * is an organisation; not a name that starts with a given name */
  ng_doc *d = ngt_extract("The airline Velmora Air cancelled its flights. "
                          "The law firm Quist Hadley sued the city. The "
                          "company John Smith founded closed.",
                          "2024-01-10");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  const char *names[] = {"Velmora Air", "Quist Hadley"};
  for (size_t i = 0; i < 2; i++) {
    const ng_entity *o = ngt_entity(d, names[i]);
    CU_ASSERT_PTR_NOT_NULL_FATAL(o);
    CU_ASSERT_EQUAL(o->type, NG_AT_ORGANIZATION);
  }
  const ng_entity *p = ngt_entity(d, "John Smith");
  CU_ASSERT(!p || p->type == NG_AT_PERSON);
  ng_doc_free(d);
}

static void test_context_name_repeated(void) {
  /* a name found by the words around it is the same actor where the
   * article writes it again, whole: not inside a longer name */
  ng_doc *d = ngt_extract("The airline Velmora Air cancelled its flights. "
                          "On Monday, Velmora Air apologised. Velmora Air "
                          "Cargo was not affected.",
                          "2024-01-10");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  const ng_entity *o = ngt_entity(d, "Velmora Air");
  CU_ASSERT_PTR_NOT_NULL_FATAL(o);
  CU_ASSERT_EQUAL(o->type, NG_AT_ORGANIZATION);
  size_t named = 0;
  for (size_t x = 0; x < d->mentions.n; x++) {
    const ng_mention *m = NG_MENTION(d, x);
    if (m->entity >= 0 && NG_ENTITY(d, m->entity) == o &&
        m->kind == NG_MK_NAME)
      named++;
  }
  CU_ASSERT_EQUAL(named, 2);
  ng_doc_free(d);
}

static void test_outlet_told(void) {
  /* words.tsv tell, tellby: the name told or quoting is an outlet, not a
   * person, a title or an organisation by its head word */
  ng_doc *d = ngt_extract("The mayor told the Harlow Ledger that the vote "
                          "was delayed, as quoted by Vantor Daily. He also "
                          "told the Harlow Council and Bruce Kemp.",
                          "2024-01-10");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  const char *names[] = {"Harlow Ledger", "Vantor Daily"};
  for (size_t i = 0; i < 2; i++) {
    const ng_entity *o = ngt_entity(d, names[i]);
    CU_ASSERT_PTR_NOT_NULL_FATAL(o);
    CU_ASSERT_EQUAL(o->type, NG_AT_MEDIA);
  }
  const ng_entity *h = ngt_entity(d, "Harlow Council");
  CU_ASSERT(!h || h->type != NG_AT_MEDIA);
  const ng_entity *p = ngt_entity(d, "Bruce Kemp");
  CU_ASSERT(!p || p->type == NG_AT_PERSON);
  ng_doc_free(d);
}

int main(void) {
  if (CU_initialize_registry() != CUE_SUCCESS)
    return 1;
  CU_pSuite s = CU_add_suite("actors", ngt_world_init, ngt_world_clean);
  if (!s)
    return 1;
  NGT_ADD(s, test_kb_transliterations);
  NGT_ADD(s, test_kb_acronym_case);
  NGT_ADD(s, test_demonyms_and_capitals);
  NGT_ADD(s, test_kb_dates);
  NGT_ADD(s, test_kb_title_surname);
  NGT_ADD(s, test_cameo_code_of_igo_post);
  NGT_ADD(s, test_discover_organisations);
  NGT_ADD(s, test_discover_people);
  NGT_ADD(s, test_known_name_over_group);
  NGT_ADD(s, test_collective_country_from_place);
  NGT_ADD(s, test_business_people);
  NGT_ADD(s, test_coref_title_from_kb);
  NGT_ADD(s, test_coref_groups_and_pronouns);
  NGT_ADD(s, test_coref_publisher);
  NGT_ADD(s, test_posts_recent);
  NGT_ADD(s, test_identity_across_articles);
  NGT_ADD(s, test_identity_scoped_collectives);
  NGT_ADD(s, test_name_key);
  NGT_ADD(s, test_link_transliteration_variants);
  NGT_ADD(s, test_given_name_person_and_surname);
  NGT_ADD(s, test_lone_first_name);
  NGT_ADD(s, test_media_that_report);
  NGT_ADD(s, test_media_from_context);
  NGT_ADD(s, test_person_from_context);
  NGT_ADD(s, test_collective_of_its_own);
  NGT_ADD(s, test_affiliated_collectives);
  NGT_ADD(s, test_ambiguous_place_focus);
  NGT_ADD(s, test_link_contradicted_by_context);
  NGT_ADD(s, test_mixed_case_acronym);
  NGT_ADD(s, test_people_of_no_one);
  NGT_ADD(s, test_capital_as_place);
  NGT_ADD(s, test_title_named_later);
  NGT_ADD(s, test_bare_title_earlier_holder);
  NGT_ADD(s, test_bare_title_other_country);
  NGT_ADD(s, test_bare_title_ambiguous);
  NGT_ADD(s, test_noun_of_named_org);
  NGT_ADD(s, test_foreign_collectives);
  NGT_ADD(s, test_post_list);
  NGT_ADD(s, test_company_nouns);
  NGT_ADD(s, test_context_name_repeated);
  NGT_ADD(s, test_outlet_told);
  return ngt_run();
}
