/* test_events.c - every construction the event coder handles: voice,
 * compound actors, appositions and relative clauses, prepositional
 * targets, infinitival chains, reported speech, several events in one
 * sentence, discards, polarity and modality, explainability.  Sentences
 * written for the test (invented people, real countries). */
#include <stdio.h>

#include "ngtest.h"

static size_t count_root(const ng_doc *d, const char *root) {
  size_t n = 0;
  for (size_t i = 0; i < d->events.n; i++)
    if (!strncmp(NG_EVENT(d, i)->cameo, root, strlen(root)) &&
        NG_EVENT(d, i)->dup_of < 0)
      n++;
  return n;
}

static void test_active_voice(void) {
  ng_doc *d = ngt_extract("Kenyan troops attacked Somali militants.",
                          "2024-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  const ng_event *e = ngt_event(d, "19", "Kenyan troops", "Somali militants");
  CU_ASSERT_PTR_NOT_NULL_FATAL(e);
  CU_ASSERT_STRING_EQUAL(e->plover, "ASSAULT");
  CU_ASSERT_PTR_NOT_NULL(e->pattern); /* explainability */
  ng_doc_free(d);
}

static void test_passive_voice(void) {
  ng_doc *d = ngt_extract("Somali militants were attacked by Kenyan troops.",
                          "2024-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_PTR_NOT_NULL(ngt_event(d, "19", "Kenyan troops",
                                   "Somali militants"));
  CU_ASSERT_PTR_NULL(ngt_event(d, "19", "Somali militants", "Kenyan troops"));
  ng_doc_free(d);
}

static void test_compound_actors(void) {
  /* "Hungarian and Romanian officials": two sources */
  ng_doc *d = ngt_extract("Senior Hungarian and Romanian officials "
                          "condemned Serbia.",
                          "2024-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  const ng_event *e = ngt_event(d, "11", "Hungarian", "Serbia");
  CU_ASSERT_PTR_NOT_NULL_FATAL(e);
  CU_ASSERT_EQUAL(e->n_src, 2);
  ng_doc_free(d);
  /* and two targets */
  d = ngt_extract("Turkey condemned Greece and Cyprus.", "2024-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  e = ngt_event(d, "11", "Turkey", "Greece");
  CU_ASSERT_PTR_NOT_NULL_FATAL(e);
  CU_ASSERT_EQUAL(e->n_tgt, 2);
  ng_doc_free(d);
  /* a participle after a determiner is an adjective, not a verb between
   * the subject and its verb ("the divided island") */
  d = ngt_extract("The Serbian and Croatian sides of the divided city of "
                  "Mostar have agreed to share information.",
                  "2024-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_EQUAL(count_root(d, "03"), 1);
  ng_doc_free(d);
  /* a name before a plain noun modifies it ("a Trump supporter", "the
   * Boeing airframe company"): no subject; a group noun after it is the
   * name's own people ("Israeli intelligence officials") */
  d = ngt_extract("Unrest continued in Portland, Oregon, where a Trump "
                  "supporter was shot and killed. Israeli intelligence "
                  "officials have shared evidence with the United States.",
                  "2024-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_EQUAL(count_root(d, "19"), 0);
  CU_ASSERT_EQUAL(count_root(d, "06"), 2); /* shared: both ways */
  ng_doc_free(d);
}

static void test_apposition_and_relative_clause(void) {
  /* the subject is the name before the apposition, not the actor in it */
  ng_doc *d = ngt_extract("Pakistan, a key ally of the United States, "
                          "condemned India.",
                          "2024-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_PTR_NOT_NULL(ngt_event(d, "11", "Pakistan", "India"));
  CU_ASSERT_PTR_NULL(ngt_event(d, "11", "United States", "India"));
  ng_doc_free(d);
  /* a relative clause: "who recently ..." does not change the subject */
  d = ngt_extract("President Dina Haddad of Lebanon, who took office in "
                  "May, praised Jordan.",
                  "2024-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_PTR_NOT_NULL(ngt_event(d, "05", "Dina Haddad", "Jordan"));
  ng_doc_free(d);
}

static void test_prepositional_targets(void) {
  ng_doc *d = ngt_extract("Iraq wants closer cooperation with NATO. Iran "
                          "launched attacks against Israeli forces.",
                          "2024-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_PTR_NOT_NULL(ngt_event(d, "0", "Iraq", "NATO"));
  CU_ASSERT_PTR_NOT_NULL(ngt_event(d, "19", "Iran", "Israeli forces"));
  ng_doc_free(d);
  /* where the pattern names the preposition, a place after it is its
   * country: "an explanation from Russia", "the invasion of Lebanon";
   * without such a pattern it stays a place */
  d = ngt_extract("Germany demanded an explanation from Russia. The "
                  "Israeli invasion of Lebanon began in June. Kenya "
                  "withdrew its troops from Somalia.",
                  "2024-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_PTR_NOT_NULL(ngt_event(d, "10", "Germany", "Russia"));
  CU_ASSERT_PTR_NOT_NULL(ngt_event(d, "190", "Israel", "Lebanon"));
  CU_ASSERT_PTR_NOT_NULL(ngt_event(d, "087", "Kenya", "Somalia"));
  ng_doc_free(d);
}

static void test_infinitival_chain(void) {
  /* "called on Iraq to expel": the appeal targets Iraq; expelling is
   * what was asked, not an event */
  ng_doc *d = ngt_extract("Iran called on Iraq to expel American troops.",
                          "2024-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_PTR_NOT_NULL(ngt_event(d, "02", "Iran", "Iraq"));
  CU_ASSERT_EQUAL(count_root(d, "17"), 0);
  ng_doc_free(d);
}

static void test_threat_conditions(void) {
  /* a time expression between the cue and "to" keeps the chain */
  ng_doc *d = ngt_extract("Azerbaijan threatened on Monday to break "
                          "relations with Russia.",
                          "2024-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  const ng_event *e = ngt_event(d, "13", "Azerbaijan", "Russia");
  CU_ASSERT_PTR_NOT_NULL(e);
  ng_doc_free(d);
  /* a threat with no one named is aimed at whoever must meet its
   * condition */
  d = ngt_extract("Serbia threatened to close the border if Hungary "
                  "refused the plan.",
                  "2024-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_PTR_NOT_NULL(ngt_event(d, "13", "Serbia", "Hungary"));
  ng_doc_free(d);
  /* "they" stands for actors named in the plural */
  d = ngt_extract("Kenyan officials said they would condemn Uganda.",
                  "2024-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_PTR_NOT_NULL(ngt_event(d, "1", "Kenyan officials", "Uganda"));
  ng_doc_free(d);
}

static void test_subjects_and_objects(void) {
  /* "along with" adds partners; the subject is before it */
  ng_doc *d = ngt_extract("Egypt along with its allies condemned Israel.",
                          "2024-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_PTR_NOT_NULL(ngt_event(d, "11", "Egypt", "Israel"));
  ng_doc_free(d);
  /* a document's participle is its author's act */
  d = ngt_extract("Egypt issued a statement condemning Israel.",
                  "2024-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_PTR_NOT_NULL(ngt_event(d, "11", "Egypt", "Israel"));
  ng_doc_free(d);
  /* "rejected an Australian ultimatum": the country of the object */
  d = ngt_extract("Serbia flatly rejected an Australian ultimatum.",
                  "2024-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_PTR_NOT_NULL(ngt_event(d, "12", "Serbia", "Australian"));
  ng_doc_free(d);
}

static void test_yielding_and_refusing(void) {
  ng_doc *d = ngt_extract("Ugandan rebels surrendered. The Israeli army "
                          "lifted a blockade on Palestinian lorries.",
                          "2024-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_PTR_NOT_NULL(ngt_event(d, "0874", "Ugandan rebels", NULL));
  CU_ASSERT_PTR_NOT_NULL(ngt_event(d, "0872", "The Israeli army",
                                   "Palestinian"));
  ng_doc_free(d);
  /* what the source moves is its own; where to or from is the target */
  d = ngt_extract("Syria withdrew its troops from Lebanon.", "2024-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_PTR_NOT_NULL(ngt_event(d, "087", "Syria", "Lebanon"));
  CU_ASSERT_PTR_NULL(ngt_event(d, "087", "Syria", "its troops"));
  ng_doc_free(d);
  /* the future of reported speech makes a threat; the talks boycotted
   * did not take place */
  d = ngt_extract("Palestinians said they would boycott the talks with "
                  "Israel.",
                  "2024-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_PTR_NOT_NULL(ngt_event(d, "13", "Palestinians", "Israel"));
  CU_ASSERT_EQUAL(count_root(d, "04"), 0);
  ng_doc_free(d);
}

static void test_objects_and_hypotheticals(void) {
  /* a warning against an attack is no attack */
  ng_doc *d = ngt_extract("Iran warned Israel against any attack on "
                          "Lebanon.",
                          "2024-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_PTR_NOT_NULL(ngt_event(d, "13", "Iran", "Israel"));
  CU_ASSERT_EQUAL(count_root(d, "19"), 0);
  ng_doc_free(d);
  /* "struck Hezbollah targets": the name modifies the object */
  d = ngt_extract("The Israeli army struck Hezbollah targets in Lebanon.",
                  "2024-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_PTR_NOT_NULL(ngt_event(d, "19", "The Israeli army", "Hezbollah"));
  CU_ASSERT_PTR_NULL(ngt_event(d, "19", "Hezbollah", NULL));
  ng_doc_free(d);
  /* "thanked X for providing Y": the one thanked did it */
  d = ngt_extract("Jordan thanked the Egyptian government for providing "
                  "aid to the African Union.",
                  "2024-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_PTR_NOT_NULL(ngt_event(d, "0", "the Egyptian government",
                                   "African Union"));
  ng_doc_free(d);
  /* summoning an envoy is a protest; a threat's condition names its
   * target */
  d = ngt_extract("Iraq summoned the Turkish ambassador. Iran threatened to "
                  "launch an offensive unless Iraq accepted its terms.",
                  "2024-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_PTR_NOT_NULL(
      ngt_event(d, "11", "Iraq", "the Turkish ambassador")); /* Turkey */
  CU_ASSERT_PTR_NOT_NULL(ngt_event(d, "13", "Iran", "Iraq"));
  for (size_t i = 0; i < d->events.n; i++)
    for (uint8_t k = 0; k < NG_EVENT(d, i)->n_tgt; k++)
      CU_ASSERT(NG_EVENT(d, i)->tgt[k] >= 0 &&
                (size_t)NG_EVENT(d, i)->tgt[k] < d->entities.n);
  ng_doc_free(d);
}

static void test_reported_speech(void) {
  /* "X said Y attacked Z": Y's attack on Z, on X's word */
  ng_doc *d = ngt_extract("Kenya said Somali militants attacked Kenyan "
                          "troops.",
                          "2024-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  const ng_event *e = ngt_event(d, "19", "Somali militants", "Kenyan troops");
  CU_ASSERT_PTR_NOT_NULL_FATAL(e);
  CU_ASSERT_EQUAL(e->factuality, NG_FACT_REPORTED);
  CU_ASSERT_FATAL(e->attrib >= 0);
  const ng_attrib *a = &NG_VEC_AT(&d->attribs, ng_attrib, e->attrib);
  CU_ASSERT(a->entity >= 0);
  CU_ASSERT_PTR_NULL(ngt_event(d, "19", "Kenya", "Kenyan troops"));
  ng_doc_free(d);
  /* the attribution after a comma is no object: ", killing dozens, the
   * UN refugee agency reported" */
  d = ngt_extract("Burundian militiamen attacked a camp of Congolese "
                  "refugees, killing dozens, the UN refugee agency "
                  "reported.",
                  "2024-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  for (size_t i = 0; i < d->events.n; i++) {
    const ng_event *x = NG_EVENT(d, i);
    for (uint8_t k = 0; k < x->n_tgt; k++)
      CU_ASSERT_NOT_EQUAL(NG_ENTITY(d, x->tgt[k])->type, NG_AT_IGO);
  }
  ng_doc_free(d);
}

static void test_several_events(void) {
  ng_doc *d = ngt_extract("Egypt condemned Israel and praised Jordan.",
                          "2024-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_PTR_NOT_NULL(ngt_event(d, "11", "Egypt", "Israel"));
  CU_ASSERT_PTR_NOT_NULL(ngt_event(d, "05", "Egypt", "Jordan"));
  ng_doc_free(d);
}

static void test_discards(void) {
  /* a person attacking a person in words is criticism, not force; a
   * death is no attack; sports results are no events */
  ng_doc *d = ngt_extract("Senator Anna Keller attacked Senator Paul Brandt "
                          "over taxes. Former President Omar Diallo died in "
                          "Dakar. Brazil beat Argentina 2-1 in the final.",
                          "2024-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_EQUAL(count_root(d, "18"), 0);
  CU_ASSERT_EQUAL(count_root(d, "19"), 0);
  CU_ASSERT_EQUAL(count_root(d, "20"), 0);
  ng_doc_free(d);
}

static void test_polarity_and_modality(void) {
  /* negation */
  ng_doc *d = ngt_extract("Sudan did not expel Chadian diplomats.",
                          "2024-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  const ng_event *e = ngt_event(d, "16", "Sudan", "Chadian diplomats");
  CU_ASSERT_PTR_NOT_NULL_FATAL(e);
  CU_ASSERT_EQUAL(e->factuality, NG_FACT_NEGATED);
  ng_doc_free(d);
  /* an offer is an intent to cooperate (CAMEO 03) */
  d = ngt_extract("Norway offered to provide aid to Sudan.", "2024-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  e = ngt_event(d, "03", "Norway", "Sudan");
  CU_ASSERT_PTR_NOT_NULL_FATAL(e);
  CU_ASSERT_STRING_EQUAL(e->plover, "AGREE");
  ng_doc_free(d);
  /* a threat: force announced for later, or on a condition */
  d = ngt_extract("Iran threatened to attack Israeli forces. The militants "
                  "would attack Iraqi forces if the talks failed.",
                  "2024-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_PTR_NOT_NULL(ngt_event(d, "13", "Iran", "Israeli forces"));
  CU_ASSERT_EQUAL(count_root(d, "19"), 0);
  ng_doc_free(d);
  /* a refusal (CAMEO 12) */
  d = ngt_extract("Serbia refused to cooperate with Kosovo.", "2024-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  e = ngt_event(d, "12", "Serbia", "Kosovo");
  CU_ASSERT_PTR_NOT_NULL_FATAL(e);
  CU_ASSERT_STRING_EQUAL(e->plover, "REJECT");
  ng_doc_free(d);
  /* a demand put in someone's mouth: "X said Y must ..." */
  d = ngt_extract("Russia said Sudan must return the helicopter.",
                  "2024-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_PTR_NOT_NULL(ngt_event(d, "10", "Russia", "Sudan"));
  ng_doc_free(d);
  /* an attempt at force is force (an attempted assassination is 185);
   * an attempt at anything else is only a goal */
  d = ngt_extract("The rebels attempted to assassinate Prime Minister Ali "
                  "Bakr. Hamas tried to attack Israeli forces. Egypt "
                  "tried to mediate between Israel and Jordan.",
                  "2024-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  e = ngt_event(d, "185", "rebels", "Ali Bakr");
  CU_ASSERT_PTR_NOT_NULL(e);
  if (e)
    CU_ASSERT_EQUAL(e->factuality, NG_FACT_ASSERTED);
  CU_ASSERT_PTR_NOT_NULL(ngt_event(d, "19", "Hamas", "Israeli forces"));
  CU_ASSERT_EQUAL(count_root(d, "04"), 0);
  ng_doc_free(d);
}

static void test_deescalation(void) {
  /* halting operations against someone is a de-escalation, not force */
  ng_doc *d = ngt_extract("Houthi rebels halted their operations against "
                          "Saudi forces.",
                          "2024-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  const ng_event *e = ngt_event(d, "087", "Houthi rebels", "Saudi forces");
  if (!e) {
    /* the KB may know the Houthis: their label then differs */
    for (size_t i = 0; i < d->events.n && !e; i++)
      if (!strcmp(NG_EVENT(d, i)->cameo, "087"))
        e = NG_EVENT(d, i);
  }
  CU_ASSERT_PTR_NOT_NULL(e);
  CU_ASSERT_EQUAL(count_root(d, "19"), 0);
  ng_doc_free(d);
}

static void test_protest_targets(void) {
  /* a protest in the protesters' own country is aimed at its
   * government, not at the country itself (which would be no target) */
  ng_doc *d = ngt_extract("Thousands of Kenyans demonstrated in Kenya on "
                          "Friday.",
                          "2024-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_PTR_NOT_NULL(ngt_event(d, "14", "Kenya", "Government of Kenya"));
  ng_doc_free(d);
}

static void test_expulsions_and_blockades(void) {
  /* CAMEO tells expelling inspectors, observers or peacekeepers (166x,
   * a reduction of relations) from deporting individuals (174) */
  ng_doc *d = ngt_extract("Sudan expelled monitors of the African Union "
                          "from Darfur.",
                          "2024-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  const ng_event *e = ngt_event(d, "1662", "Sudan", "African Union");
  CU_ASSERT_PTR_NOT_NULL(e);
  if (e)
    CU_ASSERT_STRING_EQUAL(e->plover, "SANCTION");
  ng_doc_free(d);
  d = ngt_extract("Mali expelled the United Nations peacekeepers.",
                  "2024-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_PTR_NOT_NULL(ngt_event(d, "1661", "Mali", "United Nations"));
  ng_doc_free(d);
  /* blocking a bridge or a highway is obstructing passage: a protest
   * (144) when people do it ... */
  d = ngt_extract("Angry Spanish farmers blocked the bridge for two hours.",
                  "2024-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  e = ngt_event(d, "144", "Spanish farmers", NULL);
  CU_ASSERT_PTR_NOT_NULL(e);
  if (e)
    CU_ASSERT_STRING_EQUAL(e->plover, "PROTEST");
  ng_doc_free(d);
  /* ... a restriction of movement (191) when a state's forces do */
  d = ngt_extract("Turkish troops blocked the road to Afrin, Syria.",
                  "2024-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_EQUAL(count_root(d, "14"), 0);
  CU_ASSERT_PTR_NOT_NULL(ngt_event(d, "191", "Turkish troops", "Syria"));
  ng_doc_free(d);
}

static void test_arrivals(void) {
  /* peacekeepers arriving in a country: their state provides
   * peacekeeping (074) to where they arrive, which receives it (0861) */
  ng_doc *d = ngt_extract("Kenyan peacekeeping troops arrived in Haiti on "
                          "Tuesday.",
                          "2024-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_PTR_NOT_NULL(ngt_event(d, "074", "Kenyan peacekeeping troops",
                                   "Haiti"));
  CU_ASSERT_PTR_NOT_NULL(ngt_event(d, "0861", "Haiti",
                                   "Kenyan peacekeeping troops"));
  ng_doc_free(d);
  /* a bare arrival is travel, no event */
  d = ngt_extract("President Ruto arrived in Uganda on Monday.",
                  "2024-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_EQUAL(count_root(d, "04"), 0);
  ng_doc_free(d);
}

static void test_realized_nominals(void) {
  /* "threatened", "planned" before a nominal say it has not happened,
   * unless a verb that carries it out governs it: "mounted its
   * long-threatened invasion" is an invasion */
  ng_doc *d = ngt_extract("Armenia on Friday mounted its long-threatened "
                          "invasion of Azerbaijan.",
                          "2024-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_PTR_NOT_NULL(ngt_event(d, "190", "Armenia", "Azerbaijan"));
  ng_doc_free(d);
  d = ngt_extract("Armenia warned of a threatened invasion of Azerbaijan.",
                  "2024-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_EQUAL(count_root(d, "19"), 0);
  ng_doc_free(d);
}

static void test_joint_exercises(void) {
  /* joint military exercises are military cooperation (CAMEO 062)
   * between the parties that hold them; the subject of the light verb
   * is the source, with its conjuncts */
  ng_doc *d = ngt_extract("India and Japan began military exercises on "
                          "Monday.",
                          "2024-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  const ng_event *e = ngt_event(d, "062", "India", "Japan");
  CU_ASSERT_PTR_NOT_NULL(e);
  if (e)
    CU_ASSERT_STRING_EQUAL(e->plover, "COOPERATE");
  ng_doc_free(d);
  /* one party alone cooperates with no one */
  d = ngt_extract("China held military drills near Taiwan on Monday.",
                  "2024-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_EQUAL(count_root(d, "06"), 0);
  ng_doc_free(d);
}

static void test_conjoined_infinitives(void) {
  /* "aims to X and Y": the second infinitive is a goal as much as the
   * first, no event of its own */
  ng_doc *d = ngt_extract("Kenya backed a resolution that aims to tighten "
                          "sanctions and impose a naval blockade on "
                          "Eritrea.",
                          "2024-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_EQUAL(count_root(d, "17"), 0);
  ng_doc_free(d);
}

static void test_shared_subject_after_pair(void) {
  /* a verb after "and" shares the subject of the verb before it, also
   * when that verb made a pair of events (talks: X with Y and Y with X):
   * the subject is the first event's source */
  ng_doc *d = ngt_extract("Kenya agreed to resume talks with Somalia and "
                          "condemned Eritrea.",
                          "2024-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_PTR_NOT_NULL(ngt_event(d, "11", "Kenya", "Eritrea"));
  CU_ASSERT_PTR_NULL(ngt_event(d, "11", "Somalia", "Eritrea"));
  ng_doc_free(d);
}

static void test_words_used_by_a_pattern(void) {
  /* "rejected a European Union appeal": the appeal is the object of the
   * rejection, not a verb of its own after the name */
  ng_doc *d = ngt_extract("Serbia rejected a European Union appeal for "
                          "talks with Kosovo.",
                          "2024-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_PTR_NOT_NULL(ngt_event(d, "12", "Serbia", "European Union"));
  CU_ASSERT_EQUAL(count_root(d, "02"), 0);
  ng_doc_free(d);
}

static void test_hearings(void) {
  /* a hearing into something is an inquiry (CAMEO 09, PLOVER's
   * investigate mode of ACCUSE); a hearing alone is a court date */
  ng_doc *d = ngt_extract("The Kenyan parliament held hearings into the "
                          "collapse of the bank.",
                          "2024-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_PTR_NOT_NULL(ngt_event(d, "09", "Kenyan legislature", NULL));
  ng_doc_free(d);
  d = ngt_extract("The Kenyan court held a hearing on Monday.", "2024-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_EQUAL(count_root(d, "09"), 0);
  ng_doc_free(d);
}

static void test_compound_adjectives(void) {
  /* "to war-torn X": a participle after a hyphen is half of an
   * adjective, not a verb that ends the object */
  ng_doc *d = ngt_extract("Norway promised military aid to war-torn Yemen.",
                          "2024-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_PTR_NOT_NULL(ngt_event(d, "03", "Norway", "Yemen"));
  ng_doc_free(d);
}

static void test_object_before_and(void) {
  /* "killed a Kenyan soldier and wounded two others": the soldier is the
   * object of the first verb, not the subject of the second */
  ng_doc *d = ngt_extract("A car bomb killed a Kenyan soldier and wounded "
                          "two others in Mogadishu.",
                          "2024-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_EQUAL(count_root(d, "18"), 0);
  ng_doc_free(d);
  /* conjoined subjects stay subjects */
  d = ngt_extract("Kenya and Uganda attacked Somali militants.",
                  "2024-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_PTR_NOT_NULL(ngt_event(d, "19", "Kenya", "Somali militants"));
  ng_doc_free(d);
}

static void test_halted_mediation(void) {
  /* ending one's mediation is CAMEO's "halt mediation" (165), not a
   * mediation (045) */
  ng_doc *d = ngt_extract("Qatar suspended its mediation between Israel "
                          "and Hamas on Friday.",
                          "2024-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_PTR_NOT_NULL(ngt_event(d, "165", "Qatar", "Israel"));
  CU_ASSERT_EQUAL(count_root(d, "04"), 0);
  ng_doc_free(d);
}

static void test_tallies(void) {
  /* a tally right after the one named ("2 to 1", "52 percent to 44
   * percent") is a score or a poll, not an act on them */
  ng_doc *d = ngt_extract("Kenya beat Ghana 2 to 1 on Sunday.", "2024-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_EQUAL(count_root(d, "19"), 0);
  ng_doc_free(d);
  d = ngt_extract("Kenya criticized Ghana on Sunday.", "2024-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_PTR_NOT_NULL(ngt_event(d, "11", "Kenya", "Ghana"));
  ng_doc_free(d);
}

static void test_comparisons(void) {
  /* "Like X, Y did": X is compared, not a partner in the act */
  ng_doc *d = ngt_extract("Like Egypt, Jordan recognized Israel in 1994.",
                          "2024-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_PTR_NOT_NULL(ngt_event(d, "05", "Jordan", "Israel"));
  CU_ASSERT_PTR_NULL(ngt_event(d, "05", "Egypt", "Israel"));
  ng_doc_free(d);
  d = ngt_extract("Unlike France, Germany condemned Russia on Monday.",
                  "2024-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_PTR_NOT_NULL(ngt_event(d, "11", "Germany", "Russia"));
  CU_ASSERT_PTR_NULL(ngt_event(d, "11", "France", "Russia"));
  ng_doc_free(d);
}

static void test_clause_joints(void) {
  /* ", and" before any object opens a clause of its own */
  ng_doc *d = ngt_extract("Germany criticized the plan, and Iran welcomed it.",
                          "2024-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_PTR_NULL(ngt_event(d, "11", "Germany", "Iran"));
  ng_doc_free(d);
  /* a conjunct followed by a verb is that verb's subject */
  d = ngt_extract("Germany met with France, and Italy protested.",
                  "2024-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_PTR_NOT_NULL(ngt_event(d, "04", "Germany", "France"));
  CU_ASSERT_PTR_NULL(ngt_event(d, "04", "Germany", "Italy"));
  ng_doc_free(d);
  /* a list of objects keeps every member */
  d = ngt_extract("Germany condemned France, Italy, and Spain.", "2024-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_PTR_NOT_NULL(ngt_event(d, "11", "Germany", "Spain"));
  ng_doc_free(d);
}

static void test_sanctioned(void) {
  /* every verb of the core patterns has its forms */
  ng_doc *d = ngt_extract("The European Union sanctioned Belarus on Monday.",
                          "2024-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_PTR_NOT_NULL(ngt_event(d, "163", "European Union", "Belarus"));
  ng_doc_free(d);
  d = ngt_extract("Serbia turned down Kosovo's proposal on Friday.",
                  "2024-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_PTR_NOT_NULL(ngt_event(d, "12", "Serbia", "Kosovo"));
  ng_doc_free(d);
}

static void test_state_protests(void) {
  /* a state protesting by its name or "it" is no crowd against its own
   * government; its people are */
  ng_doc *d = ngt_extract("Norway protested on Friday.", "2024-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_EQUAL(count_root(d, "14"), 0);
  ng_doc_free(d);
  d = ngt_extract("Chile said it would protest.", "2024-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_EQUAL(count_root(d, "13"), 0);
  CU_ASSERT_EQUAL(count_root(d, "14"), 0);
  ng_doc_free(d);
  d = ngt_extract("Chileans protested on Friday.", "2024-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_EQUAL(count_root(d, "14"), 1);
  ng_doc_free(d);
}

/* Issue 17: every event dated, and the date says where it comes from. */
static void test_date_basis(void) {
  /* a date of the event's clause: the text */
  ng_doc *d = ngt_extract("Kenyan troops attacked Somali militants on "
                          "28 Apr 2020.",
                          "2020-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  const ng_event *e = ngt_event(d, "19", "Kenyan troops", "Somali militants");
  CU_ASSERT_PTR_NOT_NULL_FATAL(e);
  CU_ASSERT_STRING_EQUAL(e->date, "2020-04-28");
  CU_ASSERT_EQUAL(e->date_basis, NG_DATE_TEXT);
  ng_doc_free(d);
  /* a sentence that opens with a date dates its events, even past a
   * reporting verb */
  d = ngt_extract("On 28 April, the minister said Kenyan troops attacked "
                  "Somali militants.",
                  "2020-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  e = ngt_event(d, "19", "Kenyan troops", "Somali militants");
  CU_ASSERT_PTR_NOT_NULL_FATAL(e);
  CU_ASSERT_STRING_EQUAL(e->date, "2020-04-28");
  CU_ASSERT_EQUAL(e->date_basis, NG_DATE_TEXT);
  ng_doc_free(d);
  /* a bound is no date: "Since 2003" leaves the article's date */
  d = ngt_extract("Since 2003, Kenyan troops have attacked Somali "
                  "militants.",
                  "2020-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  e = ngt_event(d, "19", "Kenyan troops", "Somali militants");
  CU_ASSERT_PTR_NOT_NULL_FATAL(e);
  CU_ASSERT_STRING_EQUAL(e->date, "2020-05-02");
  CU_ASSERT_EQUAL(e->date_basis, NG_DATE_ARTICLE);
  ng_doc_free(d);
  /* no date in the text: the article's, marked as such */
  d = ngt_extract("Kenyan troops attacked Somali militants.", "2020-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  e = ngt_event(d, "19", "Kenyan troops", "Somali militants");
  CU_ASSERT_PTR_NOT_NULL_FATAL(e);
  CU_ASSERT_STRING_EQUAL(e->date, "2020-05-02");
  CU_ASSERT_EQUAL(e->date_basis, NG_DATE_ARTICLE);
  ng_doc_free(d);
  /* a clock time gives its day */
  d = ngt_extract("Kenyan troops attacked Somali militants at 10 p.m. on "
                  "Friday.",
                  "2020-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  e = ngt_event(d, "19", "Kenyan troops", "Somali militants");
  CU_ASSERT_PTR_NOT_NULL_FATAL(e);
  CU_ASSERT_EQUAL(e->date_basis, NG_DATE_TEXT);
  CU_ASSERT_STRING_EQUAL(e->date, "2020-05-01");
  ng_doc_free(d);
  /* neither: no date, no basis */
  d = ngt_extract("Kenyan troops attacked Somali militants.", NULL);
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  e = ngt_event(d, "19", "Kenyan troops", "Somali militants");
  CU_ASSERT_PTR_NOT_NULL_FATAL(e);
  CU_ASSERT_STRING_EQUAL(e->date, "");
  CU_ASSERT_EQUAL(e->date_basis, NG_DATE_NONE);
  ng_doc_free(d);
}

int main(void) {
  if (CU_initialize_registry() != CUE_SUCCESS)
    return 1;
  CU_pSuite s = CU_add_suite("events", ngt_world_init, ngt_world_clean);
  if (!s)
    return 1;
  NGT_ADD(s, test_active_voice);
  NGT_ADD(s, test_passive_voice);
  NGT_ADD(s, test_compound_actors);
  NGT_ADD(s, test_apposition_and_relative_clause);
  NGT_ADD(s, test_prepositional_targets);
  NGT_ADD(s, test_infinitival_chain);
  NGT_ADD(s, test_threat_conditions);
  NGT_ADD(s, test_subjects_and_objects);
  NGT_ADD(s, test_yielding_and_refusing);
  NGT_ADD(s, test_objects_and_hypotheticals);
  NGT_ADD(s, test_reported_speech);
  NGT_ADD(s, test_several_events);
  NGT_ADD(s, test_discards);
  NGT_ADD(s, test_polarity_and_modality);
  NGT_ADD(s, test_deescalation);
  NGT_ADD(s, test_protest_targets);
  NGT_ADD(s, test_expulsions_and_blockades);
  NGT_ADD(s, test_arrivals);
  NGT_ADD(s, test_realized_nominals);
  NGT_ADD(s, test_joint_exercises);
  NGT_ADD(s, test_conjoined_infinitives);
  NGT_ADD(s, test_shared_subject_after_pair);
  NGT_ADD(s, test_words_used_by_a_pattern);
  NGT_ADD(s, test_hearings);
  NGT_ADD(s, test_compound_adjectives);
  NGT_ADD(s, test_object_before_and);
  NGT_ADD(s, test_halted_mediation);
  NGT_ADD(s, test_tallies);
  NGT_ADD(s, test_comparisons);
  NGT_ADD(s, test_clause_joints);
  NGT_ADD(s, test_sanctioned);
  NGT_ADD(s, test_state_protests);
  NGT_ADD(s, test_date_basis);
  return ngt_run();
}
