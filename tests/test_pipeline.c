/* test_pipeline.c - actors, coreference, events, attribution and the
 * graph, on sentences written for the test (invented people, real
 * countries and organisations). */
#include <stdio.h>

#include "ngtest.h"

/* ---- actors ---- */

static void test_title_person(void) {
  ng_doc *d = ngt_extract("Iraqi Prime Minister Karim Haddad met Turkish "
                          "Foreign Minister Ayse Demir in Baghdad on "
                          "Monday.",
                          "2024-03-12");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  const ng_entity *k = ngt_entity(d, "Karim Haddad");
  CU_ASSERT_PTR_NOT_NULL_FATAL(k);
  CU_ASSERT_EQUAL(k->type, NG_AT_PERSON);
  CU_ASSERT_STRING_EQUAL(k->iso3, "IRQ");
  CU_ASSERT_EQUAL_FATAL(k->posts.n, 1);
  const ng_post *p = &NG_VEC_AT(&k->posts, ng_post, 0);
  CU_ASSERT_STRING_EQUAL(p->label, "Prime Minister");
  CU_ASSERT(p->org >= 0 && NG_ENTITY(d, p->org)->type == NG_AT_GOVERNMENT);
  const ng_entity *a = ngt_entity(d, "Ayse Demir");
  CU_ASSERT_PTR_NOT_NULL_FATAL(a);
  CU_ASSERT_STRING_EQUAL(a->iso3, "TUR");
  /* Baghdad is where they met, not an actor */
  CU_ASSERT_PTR_NULL(ngt_entity(d, "Baghdad"));
  CU_ASSERT_PTR_NOT_NULL(ngt_event(d, "04", "Karim Haddad", "Ayse Demir"));
  ng_doc_free(d);
}

static void test_apposition_and_surname(void) {
  ng_doc *d = ngt_extract("The Commander of the NATO Mission in Iraq, "
                          "Lieutenant General Pieter van Dam, arrived. "
                          "Lieutenant General van Dam thanked the Iraqi "
                          "government.",
                          "2024-03-12");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  const ng_entity *p = ngt_entity(d, "Pieter van Dam");
  CU_ASSERT_PTR_NOT_NULL_FATAL(p);
  /* the title, the full name and the surname are one person */
  CU_ASSERT_PTR_EQUAL(ngt_entity(d, "The Commander of the NATO Mission in "
                                    "Iraq"),
                      p);
  CU_ASSERT_PTR_EQUAL(ngt_entity(d, "Lieutenant General van Dam"), p);
  CU_ASSERT_STRING_EQUAL(p->rank, "Lieutenant General");
  int commander = 0;
  for (size_t i = 0; i < p->posts.n; i++) {
    const ng_post *x = &NG_VEC_AT(&p->posts, ng_post, i);
    if (!strcmp(x->label, "Commander") && x->org >= 0)
      commander = NG_ENTITY(d, x->org)->type == NG_AT_IGO;
  }
  CU_ASSERT(commander);
  CU_ASSERT_PTR_NOT_NULL(ngt_event(d, "05", "Pieter van Dam",
                                   "the Iraqi government"));
  ng_doc_free(d);
}

static void test_two_people_one_title(void) {
  /* two foreign ministers: "the Foreign Minister" must not merge them */
  ng_doc *d = ngt_extract("Egyptian Foreign Minister Omar Nabil and "
                          "Jordanian Foreign Minister Lina Saleh met in "
                          "Cairo.",
                          "2024-03-12");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  const ng_entity *o = ngt_entity(d, "Omar Nabil");
  const ng_entity *l = ngt_entity(d, "Lina Saleh");
  CU_ASSERT_PTR_NOT_NULL(o);
  CU_ASSERT_PTR_NOT_NULL(l);
  CU_ASSERT_PTR_NOT_EQUAL(o, l);
  ng_doc_free(d);
}

static void test_collectives(void) {
  ng_doc *d = ngt_extract("Armed Syrian factions attacked Turkish forces "
                          "near the border. The factions later withdrew.",
                          "2024-03-12");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  const ng_entity *f = ngt_entity(d, "Armed Syrian factions");
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  CU_ASSERT_EQUAL(f->type, NG_AT_ARMED_GROUP);
  CU_ASSERT_STRING_EQUAL(f->iso3, "SYR");
  CU_ASSERT_PTR_EQUAL(ngt_entity(d, "The factions"), f);
  const ng_entity *t = ngt_entity(d, "Turkish forces");
  CU_ASSERT_PTR_NOT_NULL_FATAL(t);
  CU_ASSERT_EQUAL(t->type, NG_AT_MILITARY);
  CU_ASSERT_STRING_EQUAL(t->cameo, "TURMIL");
  CU_ASSERT_PTR_NOT_NULL(ngt_event(d, "19", "Armed Syrian factions",
                                   "Turkish forces"));
  ng_doc_free(d);
}

static void test_government_nominals(void) {
  ng_doc *d = ngt_extract("President Lucia Ferrante of Italy called on "
                          "Libya to act. Her government sent aid.",
                          "2024-03-12");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  const ng_entity *g = ngt_entity(d, "Her government");
  CU_ASSERT_PTR_NOT_NULL_FATAL(g);
  CU_ASSERT_EQUAL(g->type, NG_AT_GOVERNMENT);
  CU_ASSERT_STRING_EQUAL(g->iso3, "ITA");
  CU_ASSERT_PTR_NOT_NULL(ngt_event(d, "02", "Lucia Ferrante", "Libya"));
  ng_doc_free(d);
}

/* ---- events ---- */

static void test_passive(void) {
  ng_doc *d = ngt_extract("Ukrainian President Taras Bondar was received "
                          "by Polish President Adam Wolski in Warsaw.",
                          "2024-03-12");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_PTR_NOT_NULL(ngt_event(d, "043", "Adam Wolski", "Taras Bondar"));
  ng_doc_free(d);
}

static void test_compound_and_symmetric(void) {
  ng_doc *d = ngt_extract("Hungary and Romania signed an agreement on "
                          "Tuesday.",
                          "2024-03-12");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_PTR_NOT_NULL(ngt_event(d, "05", "Hungary", "Romania"));
  ng_doc_free(d);
}

static void test_nominal_and_halt(void) {
  ng_doc *d = ngt_extract("Attacks by Somali militants on Kenyan troops "
                          "stopped last week. The Somali militants "
                          "announced a halt to their operations against "
                          "Kenyan troops.",
                          "2024-03-12");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  /* attacks that stopped, and a halt announced: de-escalation, not an
   * assault */
  CU_ASSERT_PTR_NOT_NULL(ngt_event(d, "087", "Somali militants",
                                   "Kenyan troops"));
  CU_ASSERT_PTR_NULL(ngt_event(d, "19", "Somali militants", "Kenyan troops"));
  ng_doc_free(d);
}

static void test_ultimatum_participle(void) {
  ng_doc *d = ngt_extract("Libyan armed groups issued a 10-day ultimatum to "
                          "Prime Minister Youssef Amari, demanding a plan "
                          "for new elections.",
                          "2024-03-12");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_PTR_NOT_NULL(ngt_event(d, "139", "Libyan armed groups",
                                   "Youssef Amari"));
  /* the participle demands of the ultimatum's addressee */
  CU_ASSERT_PTR_NOT_NULL(ngt_event(d, "10", "Libyan armed groups",
                                   "Youssef Amari"));
  ng_doc_free(d);
}

static void test_factuality(void) {
  ng_doc *d = ngt_extract("Somali militants did not attack Kenyan troops.",
                          "2024-03-12");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  const ng_event *e = ngt_event(d, "19", "Somali militants", "Kenyan troops");
  CU_ASSERT_PTR_NOT_NULL_FATAL(e);
  CU_ASSERT_EQUAL(e->factuality, NG_FACT_NEGATED);
  ng_doc_free(d);
  d = ngt_extract("A senior security source said Somali militants "
                  "attacked Kenyan troops.",
                  "2024-03-12");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  e = ngt_event(d, "19", "Somali militants", "Kenyan troops");
  CU_ASSERT_PTR_NOT_NULL_FATAL(e);
  CU_ASSERT_EQUAL(e->factuality, NG_FACT_REPORTED);
  CU_ASSERT_FATAL(e->attrib >= 0);
  const ng_attrib *a = &NG_VEC_AT(&d->attribs, ng_attrib, e->attrib);
  CU_ASSERT_EQUAL(a->entity, -1); /* an anonymous source */
  CU_ASSERT_STRING_EQUAL(a->label, "A senior security source");
  ng_doc_free(d);
}

static void test_adjective_not_verb(void) {
  /* "enhanced" and "mounting" are adjectives, "issue" a noun */
  ng_doc *d = ngt_extract("Jordan wants enhanced trade and mounting "
                          "pressure on the contentious issue.",
                          "2024-03-12");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  /* "wants ... trade" may be an intent; no event comes from the
   * adjectives or the noun */
  for (size_t i = 0; i < d->events.n; i++) {
    const ng_event *e = NG_EVENT(d, i);
    const ng_token *t = NG_TOK(d, e->tb);
    CU_ASSERT(strcmp(t->key, "enhanced") && strcmp(t->key, "mounting") &&
              strcmp(t->key, "pressure") && strcmp(t->key, "issue"));
  }
  ng_doc_free(d);
}

static void test_repeat_merged(void) {
  ng_doc *d = ngt_extract("Kenya Hosts Ugandan President\nKenyan President "
                          "Daniel Kiptoo hosted Ugandan President Grace "
                          "Okello. Daniel Kiptoo hosted Grace Okello at the "
                          "state house.",
                          "2024-03-12");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  const ng_event *e = ngt_event(d, "043", "Daniel Kiptoo", "Grace Okello");
  CU_ASSERT_PTR_NOT_NULL_FATAL(e);
  CU_ASSERT_EQUAL(e->extra_evidence.n, 1); /* one event, two sentences */
  ng_doc_free(d);
}

/* ---- graph ---- */

static ng_status count_triple(void *ud, const ng_term *s, const ng_term *p,
                              const ng_term *o, const ng_term *g) {
  (void)s;
  (void)p;
  (void)g;
  size_t *n = ud;
  (*n)++;
  /* every literal is valid UTF-8; every IRI free of forbidden bytes */
  if (o->kind == NG_TERM_LITERAL)
    CU_ASSERT(ng_utf8_valid(o->value, o->len, NULL));
  for (const ng_term *t = s; t; t = t == s ? o : NULL)
    if (t->kind == NG_TERM_IRI)
      for (size_t i = 0; i < t->len; i++)
        CU_ASSERT(!strchr("<>\"{}|\\^` \n", t->value[i]));
  return NG_OK;
}

static void test_emit_deterministic(void) {
  const char *text = "Chadian soldiers clashed with \"Boko <Haram>\" "
                     "fighters.\nThe army said {nothing} | else.";
  ng_doc *d1 = ngt_extract(text, "2024-03-12");
  ng_doc *d2 = ngt_extract(text, "2024-03-12");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d1);
  CU_ASSERT_PTR_NOT_NULL_FATAL(d2);
  size_t n1 = 0, n2 = 0;
  CU_ASSERT_EQUAL(ng_doc_emit(ngt_world, d1, count_triple, &n1), NG_OK);
  CU_ASSERT_EQUAL(ng_doc_emit(ngt_world, d2, count_triple, &n2), NG_OK);
  CU_ASSERT(n1 > 10);
  CU_ASSERT_EQUAL(n1, n2);
  ng_doc_free(d1);
  ng_doc_free(d2);
}

int main(void) {
  if (CU_initialize_registry() != CUE_SUCCESS)
    return 1;
  CU_pSuite s = CU_add_suite("pipeline", ngt_world_init, ngt_world_clean);
  if (!s)
    return 1;
  NGT_ADD(s, test_title_person);
  NGT_ADD(s, test_apposition_and_surname);
  NGT_ADD(s, test_two_people_one_title);
  NGT_ADD(s, test_collectives);
  NGT_ADD(s, test_government_nominals);
  NGT_ADD(s, test_passive);
  NGT_ADD(s, test_compound_and_symmetric);
  NGT_ADD(s, test_nominal_and_halt);
  NGT_ADD(s, test_ultimatum_participle);
  NGT_ADD(s, test_factuality);
  NGT_ADD(s, test_adjective_not_verb);
  NGT_ADD(s, test_repeat_merged);
  NGT_ADD(s, test_emit_deterministic);
  return ngt_run();
}
