/* reported.c - reported accusations, read from the dependency tree.
 *
 * "X claimed Y sent the gunmen", "X said Y was involved in the attack",
 * "X said Y are the perpetrators": a speaker who says that someone did
 * wrong accuses them (the verbs and the words that impute a deed are the
 * rows of data/events/reported.tsv).  The speaker is the doer of the
 * verb of saying, the accused the doer of its clausal complement (each
 * conjunct of each); the clause must impute when the verb's row says
 * so: its predicate is an "imputed" word ("said Y was behind it"), not
 * any deed ("the police said Y arrested 71 people" reports, it does not
 * accuse).  What the accused did is coded by the coders on its own.  A
 * pronoun as the accused is left out ("X claimed he was ..." is most
 * often about X).
 *
 * Linear in the sentence's tokens (each token's children are walked a
 * bounded number of times). */
#include <stdio.h>

#include "event/event_internal.h"

/* Is the word at I (its parser lemma or its key) an "imputed" word? */
static int imputed_word(const ectx *c, size_t i) {
  const char *l = NG_DEP(c->d, i)->lemma;
  if (l && ng_evdict_imputed(c->ev, l, strlen(l)))
    return 1;
  const ng_token *t = &c->t[i];
  return ng_evdict_imputed(c->ev, t->key, t->key_len);
}

/* Does predicate H impute a deed to its subject: an imputed word, or
 * one it governs as its preposition ("behind the attack")? */
static int imputing_predicate(const ectx *c, const ng_tree_coder *tc,
                              size_t h) {
  if (imputed_word(c, h))
    return 1;
  int32_t cs = ng_tree_child(&tc->tree, h, NG_DEP_CASE);
  return cs >= 0 && ng_tree_head(&tc->tree, h) >= 0 &&
         imputed_word(c, (size_t)cs);
}

static int state_actor(const ng_entity *e) {
  if (e->type == NG_AT_GOVERNMENT || e->type == NG_AT_COUNTRY ||
      e->type == NG_AT_MILITARY)
    return 1;
  return e->type == NG_AT_PERSON && e->role &&
         (!strcmp(e->role, "GOV") || !strcmp(e->role, "MIL"));
}

/* Is the accused T one of the speaker S's own ("the ministry said its
 * forces were involved")?  The same actor, or two state actors of one
 * country. */
static int same_side(const ng_doc *d, int32_t s, int32_t t) {
  if (s == t)
    return 1;
  const ng_entity *a = NG_ENTITY(d, s), *b = NG_ENTITY(d, t);
  return state_actor(a) && state_actor(b) && a->iso3 && b->iso3 &&
         !strcmp(a->iso3, b->iso3);
}

/* The accusations of speaker SRC (NS) in clause H of verb row RV; when
 * SUBJ >= 0, the token the parse took for the verb's object but that is
 * the subject of H. */
static ng_status clause(ectx *c, ng_tree_coder *tc,
                        const ng_reported_verb *rv, size_t v, size_t h,
                        int32_t subj, const char *src_rule, int32_t *src,
                        uint8_t ns, uint32_t si) {
  const ng_tree *t = &tc->tree;
  int imputes = imputing_predicate(c, tc, h);
  char rule[24] = "nsubj";
  int32_t doer = -1;
  int32_t agent = ng_tree_child(t, h, NG_DEP_OBL_AGENT);
  if (ng_tree_passive(t, h) || subj >= 0) {
    /* "were involved in the protests": a passive imputed word with no
     * agent imputes the deed to its subject */
    if (agent >= 0 && ng_tree_passive(t, h)) {
      doer = agent;
      snprintf(rule, sizeof rule, "obl:agent");
    } else if (subj >= 0 && (imputes || !ng_tree_passive(t, h))) {
      doer = subj;
      snprintf(rule, sizeof rule, "obj=nsubj");
    } else if (imputes) {
      doer = ng_tree_child(t, h, NG_DEP_NSUBJ_PASS);
      snprintf(rule, sizeof rule, "nsubj:pass");
    }
  } else {
    doer = ng_tree_doer(tc, h, rule, sizeof rule);
  }
  /* "X claimed he was ...": a pronoun there is most often the speaker,
   * whatever coreference made of it */
  if (doer < 0 || (c->mat[doer] >= 0 &&
                   NG_MENTION(c->d, c->mat[doer])->kind == NG_MK_PRONOUN))
    return NG_OK;
  int32_t tgt[NG_TREE_MAX_ARGS];
  uint8_t nt = 0, kept = 0;
  ng_tree_add_actors(tc, (size_t)doer, tgt, &nt);
  for (uint8_t k = 0; k < nt; k++) {
    int own = 0;
    for (uint8_t s = 0; s < ns; s++)
      own |= same_side(c->d, src[s], tgt[k]);
    if (!own)
      tgt[kept++] = tgt[k];
  }
  nt = kept;
  if (!nt)
    return NG_OK;
  const char *why = rv->any ? "any" : imputes ? "imputed" : NULL;
  if (!why)
    return NG_OK;
  c->pattern_text = ng_arena_printf(
      &c->d->arena, "tree: reported: %s ccomp:%s %s>%s (%s)",
      NG_DEP(c->d, v)->lemma, why, src_rule, rule, rv->origin);
  if (!c->pattern_text)
    return NG_ERR_NOMEM;
  tree_factuality(c, tc, v);
  size_t b, e;
  ng_tree_span(t, h, &b, &e);
  ng_status st = ng_ev_emit(c, rv->code, src, ns, tgt, nt, v, e, si);
  c->pattern_text = NULL;
  c->tree_neg = c->tree_if = 0;
  return st;
}

/* Does H carry a word of a finite clause (an auxiliary or a copula, not
 * the "to" of an infinitive) and no subject of its own? */
static int subjectless_finite(const ng_tree *t, size_t h) {
  if (ng_tree_child(t, h, NG_DEP_NSUBJ) >= 0 ||
      ng_tree_child(t, h, NG_DEP_NSUBJ_PASS) >= 0 ||
      ng_tree_child(t, h, NG_DEP_MARK) >= 0)
    return 0;
  return ng_tree_child(t, h, NG_DEP_AUX) >= 0 ||
         ng_tree_child(t, h, NG_DEP_AUX_PASS) >= 0 ||
         ng_tree_child(t, h, NG_DEP_COP) >= 0;
}

/* The clauses verb V reports, each with the accusations in it.  Besides
 * its ccomp, two misreadings of "V NP VP" the parser makes: a verb as
 * the object ("claims [Y flies arms]" read as obj), and the subject of
 * the clause as the object with the clause's verb hung beside it
 * ("alleged [the government] [are hiding]"). */
static ng_status reported_clauses(ectx *c, ng_tree_coder *tc,
                                  const ng_reported_verb *rv, size_t v,
                                  const char *src_rule, int32_t *src,
                                  uint8_t ns, uint32_t si) {
  const ng_tree *t = &tc->tree;
  ng_status st = NG_OK;
  int32_t obj = -1;
  for (int32_t k = t->kid[v]; k >= 0 && !st; k = t->sib[k]) {
    ng_deprel r = ng_tree_rel(t, (size_t)k);
    ng_upos u = ng_tree_upos(t, (size_t)k);
    int32_t subj = -1;
    if (r == NG_DEP_OBJ && u != NG_UPOS_VERB) {
      obj = k;
      continue;
    }
    if (r == NG_DEP_CCOMP || (r == NG_DEP_OBJ && u == NG_UPOS_VERB)) {
      /* the clause */
    } else if (obj >= 0 && k > obj &&
               (r == NG_DEP_ADVCL || r == NG_DEP_CONJ || r == NG_DEP_XCOMP ||
                r == NG_DEP_PARATAXIS || r == NG_DEP_DEP) &&
               (u == NG_UPOS_VERB || u == NG_UPOS_ADJ || u == NG_UPOS_NOUN) &&
               subjectless_finite(t, (size_t)k) &&
               t->lo[k] > t->hi[obj]) {
      subj = obj;
    } else {
      continue;
    }
    int32_t cj[NG_TREE_MAX_ARGS];
    size_t nc = ng_tree_conjuncts(t, (size_t)k, cj, NG_TREE_MAX_ARGS);
    for (size_t q = 0; q < nc && !st; q++)
      st = clause(c, tc, rv, v, (size_t)cj[q], q ? -1 : subj, src_rule, src,
                  ns, si);
  }
  return st;
}

ng_status ng_ev_reported_sentence(ectx *c, ng_tree_coder *tc, uint32_t si) {
  const ng_tree *t = &tc->tree;
  ng_status st = NG_OK;
  for (size_t v = c->s_tb; v < c->s_te && !st; v++) {
    if (ng_tree_upos(t, v) != NG_UPOS_VERB)
      continue;
    const char *l = NG_DEP(c->d, v)->lemma;
    const ng_reported_verb *rv =
        l ? ng_evdict_reported(c->ev, l, strlen(l)) : NULL;
    if (!rv)
      continue;
    char src_rule[24] = "nsubj";
    int32_t sp = ng_tree_doer(tc, v, src_rule, sizeof src_rule);
    if (sp < 0)
      continue;
    int32_t src[NG_TREE_MAX_ARGS];
    uint8_t ns = 0;
    ng_tree_add_actors(tc, (size_t)sp, src, &ns);
    if (ns)
      st = reported_clauses(c, tc, rv, v, src_rule, src, ns, si);
  }
  return st;
}
