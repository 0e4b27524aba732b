/* test_actor_tree.c - posts and people read off the parse (actor_tree.c):
 * one sentence per construction, written for the test; the people are
 * invented, the countries and organisations real.  Runs on the committed
 * syntax model. */
#include <stdio.h>

#include "newsgraph/syntax.h"
#include "ngtest.h"

/* The post of entity E whose label is LABEL, or NULL. */
static const ng_post *post_labelled(const ng_entity *e, const char *label) {
  for (size_t i = 0; e && i < e->posts.n; i++) {
    const ng_post *p = &NG_VEC_AT(&e->posts, ng_post, i);
    if (p->label && !strcmp(p->label, label))
      return p;
  }
  return NULL;
}

static void test_apposition_after_name(void) {
  /* a name no rule knows, a post noun in apposition: a person */
  ng_doc *d = ngt_extract("On Thursday, Talvo Merenhuis, an opposition "
                          "candidate, held a rally in the capital.",
                          "2024-01-10");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  const ng_entity *e = ngt_entity(d, "Talvo Merenhuis");
  CU_ASSERT_PTR_NOT_NULL_FATAL(e);
  CU_ASSERT_EQUAL(e->type, NG_AT_PERSON);
  CU_ASSERT_PTR_NOT_NULL(post_labelled(e, "opposition candidate"));
  ng_doc_free(d);
}

static void test_apposition_before_name(void) {
  /* the phrase first, its "of" phrase kept in the label */
  ng_doc *d = ngt_extract("The head of the inquiry, Olwen Brataska, said "
                          "the hearings would resume.",
                          "2024-01-10");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  const ng_entity *e = ngt_entity(d, "Olwen Brataska");
  CU_ASSERT_PTR_NOT_NULL_FATAL(e);
  CU_ASSERT_EQUAL(e->type, NG_AT_PERSON);
  CU_ASSERT_PTR_NOT_NULL(post_labelled(e, "head of the inquiry"));
  ng_doc_free(d);
}

static void test_apposition_country_of(void) {
  /* "of" and a country: the post is in that country's government, and
   * the country stays out of the label */
  ng_doc *d = ngt_extract("Dorin Vasquel, the foreign minister of Moldova, "
                          "arrived in Kyiv on Monday.",
                          "2024-01-10");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  const ng_entity *e = ngt_entity(d, "Dorin Vasquel");
  CU_ASSERT_PTR_NOT_NULL_FATAL(e);
  const ng_post *p = post_labelled(e, "Foreign Minister");
  CU_ASSERT_PTR_NOT_NULL_FATAL(p);
  CU_ASSERT_TRUE_FATAL(p->org >= 0);
  const ng_entity *o = NG_ENTITY(d, p->org);
  CU_ASSERT_PTR_NOT_NULL_FATAL(o->iso3);
  CU_ASSERT_STRING_EQUAL(o->iso3, "MDA");
  ng_doc_free(d);
}

static void test_apposition_org_in_phrase(void) {
  /* a prepositional phrase naming an organisation is the post's
   * organisation, not its label */
  ng_doc *d = ngt_extract("Dedrik Velanko, a spokesperson for the United "
                          "Nations, said the convoy had arrived.",
                          "2024-01-10");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  const ng_entity *e = ngt_entity(d, "Dedrik Velanko");
  CU_ASSERT_PTR_NOT_NULL_FATAL(e);
  CU_ASSERT_EQUAL(e->type, NG_AT_PERSON);
  const ng_post *p = NULL;
  for (size_t i = 0; i < e->posts.n && !p; i++)
    if (ng_ascii_caseless_eq(NG_VEC_AT(&e->posts, ng_post, i).label,
                             "spokesperson"))
      p = &NG_VEC_AT(&e->posts, ng_post, i);
  CU_ASSERT_PTR_NOT_NULL_FATAL(p);
  CU_ASSERT_TRUE_FATAL(p->org >= 0);
  CU_ASSERT_EQUAL(NG_ENTITY(d, p->org)->type, NG_AT_IGO);
  ng_doc_free(d);
}

static void test_describer(void) {
  /* "wife of": a person, and no post */
  ng_doc *d = ngt_extract("Ilvara Tsempelova, wife of a jailed blogger, "
                          "spoke at the rally.",
                          "2024-01-10");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  const ng_entity *e = ngt_entity(d, "Ilvara Tsempelova");
  CU_ASSERT_PTR_NOT_NULL_FATAL(e);
  CU_ASSERT_EQUAL(e->type, NG_AT_PERSON);
  CU_ASSERT_EQUAL(e->posts.n, 0);
  ng_doc_free(d);
}

static void test_name_after_post_noun(void) {
  /* a name no rule knew after a post noun the tree joins to it */
  ng_doc *d = ngt_extract("On Sunday, presidential candidate Marenka "
                          "Tovaldi held a rally.",
                          "2024-01-10");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  const ng_entity *e = ngt_entity(d, "Marenka Tovaldi");
  CU_ASSERT_PTR_NOT_NULL_FATAL(e);
  CU_ASSERT_EQUAL(e->type, NG_AT_PERSON);
  CU_ASSERT_PTR_NOT_NULL(post_labelled(e, "presidential candidate"));
  ng_doc_free(d);
}

static void test_post_words_before_name(void) {
  /* the words the tree puts before the title belong to the post */
  ng_doc *d = ngt_extract("Police director Fenwick Oyelaran said at least "
                          "forty people were arrested.",
                          "2024-01-10");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  const ng_entity *e = ngt_entity(d, "Fenwick Oyelaran");
  CU_ASSERT_PTR_NOT_NULL_FATAL(e);
  CU_ASSERT_PTR_NOT_NULL(post_labelled(e, "Police director"));
  ng_doc_free(d);
}

static void test_description_as_post(void) {
  /* "a US peace envoy" alone stands for the government; apposed to a
   * name it is that person's post */
  ng_doc *d = ngt_extract("The rebels met on Monday with Zander "
                          "Quillfeather, a US peace envoy, in Doha.",
                          "2024-01-10");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  const ng_entity *e = ngt_entity(d, "Zander Quillfeather");
  CU_ASSERT_PTR_NOT_NULL_FATAL(e);
  int envoy = 0;
  for (size_t i = 0; i < e->posts.n; i++)
    envoy |=
        strstr(NG_VEC_AT(&e->posts, ng_post, i).label, "peace envoy") != NULL;
  CU_ASSERT(envoy);
  ng_doc_free(d);
}

static void test_no_post_no_person(void) {
  /* a proper-noun name apposed to a noun that is no post stays unknown */
  ng_doc *d = ngt_extract("Ostrava Kelmin, a town in the east, was shelled "
                          "on Monday.",
                          "2024-01-10");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  const ng_entity *e = ngt_entity(d, "Ostrava Kelmin");
  CU_ASSERT(!e || e->type != NG_AT_PERSON);
  ng_doc_free(d);
}

static void test_name_after_post_complement(void) {
  /* a post whose complement is a known name, then the holder's name:
   * one person, no title left over as a person of its own */
  ng_doc *d = ngt_extract("Former Chilean Ambassador to the United Nations "
                          "Talvo Merenhuis wrote that the vote was "
                          "unfair.",
                          "2024-01-10");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  const ng_entity *e = ngt_entity(d, "Talvo Merenhuis");
  CU_ASSERT_PTR_NOT_NULL_FATAL(e);
  CU_ASSERT_EQUAL(e->type, NG_AT_PERSON);
  CU_ASSERT_PTR_EQUAL(ngt_entity(d, "Former Chilean Ambassador"), e);
  CU_ASSERT_PTR_NOT_NULL(ngt_entity(d, "United Nations"));
  ng_doc_free(d);
}

static void test_hyphenated_given_name(void) {
  /* a given name with a lower-case part after a hyphen runs on; a
   * compound before a noun does not */
  ng_doc *d = ngt_extract("Police spokesman Lau Siu-ming said the march "
                          "was illegal. Student leader Ho Chun-yin was "
                          "arrested. Obama-era rules stay.",
                          "2024-01-10");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  NGT_ASSERT_TYPE(d, "Lau Siu-ming", NG_AT_PERSON);
  NGT_ASSERT_TYPE(d, "Ho Chun-yin", NG_AT_PERSON);
  CU_ASSERT_PTR_NULL(ngt_entity(d, "Lau Siu"));
  CU_ASSERT_PTR_NULL(ngt_entity(d, "Obama-era"));
  ng_doc_free(d);
}

static void test_surname_of_discovered_person(void) {
  /* a person found by apposition: the surname later is the same one */
  ng_doc *d = ngt_extract("Talvo Merenhuis, an opposition candidate, held a "
                          "rally. Police detained Merenhuis on Friday.",
                          "2024-01-10");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  const ng_entity *e = ngt_entity(d, "Talvo Merenhuis");
  CU_ASSERT_PTR_NOT_NULL_FATAL(e);
  CU_ASSERT_EQUAL(e->n_mentions >= 2, 1);
  ng_doc_free(d);
}

static int init_world(void) {
  if (ngt_world_init())
    return -1;
  return ng_world_load_syntax(ngt_world) ? -1 : 0;
}

int main(void) {
  if (CU_initialize_registry() != CUE_SUCCESS)
    return CU_get_error();
  CU_pSuite s = CU_add_suite("actor_tree", init_world, ngt_world_clean);
  if (!s)
    return CU_get_error();
  NGT_ADD(s, test_apposition_after_name);
  NGT_ADD(s, test_apposition_before_name);
  NGT_ADD(s, test_apposition_country_of);
  NGT_ADD(s, test_apposition_org_in_phrase);
  NGT_ADD(s, test_describer);
  NGT_ADD(s, test_name_after_post_noun);
  NGT_ADD(s, test_post_words_before_name);
  NGT_ADD(s, test_description_as_post);
  NGT_ADD(s, test_no_post_no_person);
  NGT_ADD(s, test_surname_of_discovered_person);
  NGT_ADD(s, test_name_after_post_complement);
  NGT_ADD(s, test_hyphenated_given_name);
  return ngt_run();
}
