/* roles.c - who did it and to whom, read from the dependency tree.
 *
 * Source: the subject of an active verb; the obl:agent ("by") of a
 * passive, whose subject is then the target; of a nominal event its
 * possessor ("Iran's strikes"), its "by" phrase ("attacks by X") or an
 * actor compounded with it ("US airstrikes"), else the subject of a
 * light verb governing it ("X launched attacks on Y").  A verb with no
 * subject of its own takes it from the tree: a conjoined verb from its
 * first conjunct ("X condemned Y and recalled its envoy"), an xcomp from
 * the governing verb's object or, without one, its subject ("urged Y to
 * withdraw" / "agreed to meet Z"), a relative clause from its head noun,
 * a participle clause from the clause it hangs on.  Target: what the
 * pattern bound, else the object or indirect object (the subject of a
 * passive).  Each argument distributes over its conjuncts, and a token
 * maps to the actor mention holding it or apposed to it. */
#include <stdio.h>

#include "event/coder.h"

static int role_ok(const ng_mention *m, int place_ok) {
  if (!m || m->entity < 0)
    return 0;
  if (!m->locative && m->kind != NG_MK_DEMONYM)
    return 1;
  /* "sanctions on Iraqi oil", "an invasion of Iraq": where the pattern
   * names the preposition, a place or demonym is its country */
  return place_ok && m->kind != NG_MK_PRONOUN;
}

int32_t ng_tree_mention_of(const ng_tree_coder *c, size_t tok, int place_ok) {
  const ng_doc *d = c->tree.d;
  int32_t mi = c->mat[tok];
  if (mi >= 0)
    return role_ok(NG_MENTION(d, mi), place_ok) ? mi : -1;
  /* "the president, X,", "Prime Minister X": a name apposed to or
   * compounded with the head word; then a noun that is not an actor
   * stands for its owner ("Iran's envoy", "the leader of Hamas",
   * "Syrian government forces" are theirs), unless it is an event
   * ("Turkish airstrikes" are no actor) */
  size_t ve;
  const ng_token *toks = NG_TOK(d, 0);
  int event_noun = ng_evdict_trigger(c->ev, toks, c->s_te, tok, 1, &ve) != NULL;
  for (int pass = 0; pass < 2 - event_noun; pass++)
    for (int32_t k = c->tree.kid[tok]; k >= 0; k = c->tree.sib[k]) {
      ng_deprel r = ng_tree_rel(&c->tree, (size_t)k);
      if (pass == 0 && r != NG_DEP_APPOS && r != NG_DEP_FLAT &&
          r != NG_DEP_COMPOUND)
        continue;
      if (pass == 1 && r != NG_DEP_NMOD_POSS && r != NG_DEP_AMOD &&
          !(r == NG_DEP_NMOD && ng_tree_case(&c->tree, (size_t)k) >= 0 &&
            ng_tree_key_is(&c->tree,
                           (size_t)ng_tree_case(&c->tree, (size_t)k),
                           "of")))
        continue;
      mi = c->mat[k];
      if (mi < 0)
        continue;
      const ng_mention *m = NG_MENTION(d, mi);
      /* ("Iraqi" before a noun is its country: a demonym counts here;
       * not "its fighters": a pronoun owner is too often the actor
       * itself, its own people no target) */
      if (pass == 1 && m->kind == NG_MK_PRONOUN)
        continue;
      if (role_ok(m, place_ok) ||
          (pass == 1 && m->entity >= 0 && m->kind == NG_MK_DEMONYM))
        return mi;
    }
  return -1;
}

/* Adds ENT to ROLE (N entries) once; 1 when added. */
static int add_entity(int32_t *role, uint8_t *n, int32_t ent) {
  for (uint8_t q = 0; q < *n; q++)
    if (role[q] == ent)
      return 0;
  if (*n >= NG_TREE_MAX_ARGS)
    return 0;
  role[(*n)++] = ent;
  return 1;
}

/* Adds the entity of the actor at TOK and of its conjuncts to ROLE. */
static int add_arg(const ng_tree_coder *c, size_t tok, int place_ok,
                   int own_ok, int32_t *role, uint8_t *n) {
  int32_t conj[NG_TREE_MAX_ARGS];
  size_t nc = ng_tree_conjuncts(&c->tree, tok, conj, NG_TREE_MAX_ARGS);
  int added = 0;
  for (size_t k = 0; k < nc; k++) {
    int32_t mi = ng_tree_mention_of(c, (size_t)conj[k], place_ok);
    if (mi < 0)
      continue;
    /* "instructing its fighters": a target that is the actor's own
     * people ("its", "their") is none */
    if (own_ok == 0 && NG_MENTION(c->tree.d, mi)->possessive &&
        NG_MENTION(c->tree.d, mi)->kind == NG_MK_NOMINAL)
      continue;
    added |= add_entity(role, n, NG_MENTION(c->tree.d, mi)->entity);
    /* "the navies of China, India and Oman": a noun standing for its
     * owner stands for the owner's conjuncts too */
    if (c->mat[conj[k]] >= 0)
      continue;
    for (int32_t o = c->tree.kid[conj[k]]; o >= 0; o = c->tree.sib[o]) {
      ng_deprel r = ng_tree_rel(&c->tree, (size_t)o);
      if (r != NG_DEP_NMOD && r != NG_DEP_NMOD_POSS)
        continue;
      int32_t oc[NG_TREE_MAX_ARGS];
      size_t no = ng_tree_conjuncts(&c->tree, (size_t)o, oc, NG_TREE_MAX_ARGS);
      for (size_t q = 0; q < no; q++) {
        int32_t om = c->mat[oc[q]];
        if (oc[q] != o && om >= 0 &&
            role_ok(NG_MENTION(c->tree.d, om), place_ok))
          added |= add_entity(role, n, NG_MENTION(c->tree.d, om)->entity);
      }
    }
  }
  return added;
}

static int relative_pronoun(const ng_tree_coder *c, size_t i) {
  return (ng_tree_wc(&c->tree, i) & NG_WC_RELATIVE) != 0;
}

/* The child of H that is a nominal with preposition PREP ("by"). */
static int32_t oblique_with(const ng_tree_coder *c, size_t h,
                            const char *prep) {
  for (int32_t k = c->tree.kid[h]; k >= 0; k = c->tree.sib[k]) {
    ng_deprel r = ng_tree_rel(&c->tree, (size_t)k);
    if (r != NG_DEP_OBL && r != NG_DEP_NMOD && r != NG_DEP_OBL_AGENT)
      continue;
    int32_t cs = ng_tree_case(&c->tree, (size_t)k);
    if (cs >= 0 && ng_tree_key_is(&c->tree, (size_t)cs, prep))
      return k;
  }
  return -1;
}

static int32_t doer_of(const ng_tree_coder *c, size_t v, char *rule,
                       size_t rule_len, int depth);

/* The doer of the verb of saying whose reported clause holds V (up
 * through clausal complements, parataxis and conjuncts: "X said, 'We
 * warn Y and we will strike'"), or -1. */
static int32_t speaker_of(const ng_tree_coder *c, size_t v, char *rule,
                          size_t rule_len, int depth) {
  const ng_tree *t = &c->tree;
  for (int guard = 0; guard < 4; guard++) {
    ng_deprel r = ng_tree_rel(t, v);
    int32_t h = ng_tree_head(t, v);
    if (h < 0 || (r != NG_DEP_CCOMP && r != NG_DEP_PARATAXIS &&
                  r != NG_DEP_CONJ))
      return -1;
    if (r != NG_DEP_CONJ && (ng_tree_wc(t, (size_t)h) & NG_WC_SAY))
      return doer_of(c, (size_t)h, rule, rule_len, depth + 1);
    v = (size_t)h;
  }
  return -1;
}

/* The token standing for the doer of verb V, or -1; RULE gets its name.
 * DEPTH bounds the climb through conjoined and controlled verbs. */
static int32_t doer_of(const ng_tree_coder *c, size_t v, char *rule,
                       size_t rule_len, int depth) {
  const ng_tree *t = &c->tree;
  if (depth > 6)
    return -1;
  if (ng_tree_passive(t, v)) {
    int32_t a = ng_tree_child(t, v, NG_DEP_OBL_AGENT);
    if (a < 0)
      a = oblique_with(c, v, "by");
    if (a >= 0)
      snprintf(rule, rule_len, "obl:agent");
    return a;
  }
  int32_t s = ng_tree_child(t, v, NG_DEP_NSUBJ);
  ng_deprel r = ng_tree_rel(t, v);
  int32_t h = ng_tree_head(t, v);
  if (s >= 0 && relative_pronoun(c, (size_t)s) && r == NG_DEP_ACL_RELCL &&
      h >= 0) {
    snprintf(rule, rule_len, "relcl");
    return h; /* "the militia, which attacked X" */
  }
  if (s >= 0 && (ng_tree_wc(t, (size_t)s) & NG_WC_PRONOUN_1) &&
      c->mat[s] < 0) {
    /* "X said, 'We warn Y'", "X said we would respond": the first
     * person of what a speaker says is the speaker */
    int32_t x = speaker_of(c, v, rule, rule_len, depth);
    if (x >= 0)
      snprintf(rule, rule_len, "I=speaker");
    return x;
  }
  if (s >= 0) {
    snprintf(rule, rule_len, "nsubj");
    return s;
  }
  if (h < 0)
    return -1;
  switch (r) {
  case NG_DEP_CONJ: /* "X condemned Y and recalled its envoy" */
    if (ng_tree_upos(t, (size_t)h) != NG_UPOS_VERB)
      return -1;
    {
      int32_t x = doer_of(c, (size_t)h, rule, rule_len, depth + 1);
      if (x >= 0)
        snprintf(rule, rule_len, "conj");
      return x;
    }
  case NG_DEP_XCOMP: {
    /* "urged Y to withdraw": Y; "agreed to meet Z": the agreer */
    int32_t o = ng_tree_child(t, (size_t)h, NG_DEP_OBJ);
    if (o >= 0) {
      snprintf(rule, rule_len, "xcomp<obj");
      return o;
    }
    int32_t x = doer_of(c, (size_t)h, rule, rule_len, depth + 1);
    if (x >= 0)
      snprintf(rule, rule_len, "xcomp<nsubj");
    return x;
  }
  case NG_DEP_ACL_RELCL: /* "forces that shelled X" (no pronoun) */
  case NG_DEP_ACL: {     /* "militants attacking the base" */
    /* "posted a message blaming Y", "issued a statement condemning Y":
     * a noun that is no actor speaks for whoever made it */
    int32_t hh = ng_tree_head(t, (size_t)h);
    if (r == NG_DEP_ACL && ng_tree_mention_of(c, (size_t)h, 0) < 0 &&
        ng_tree_rel(t, (size_t)h) == NG_DEP_OBJ && hh >= 0 &&
        ng_tree_upos(t, (size_t)hh) == NG_UPOS_VERB) {
      int32_t x = doer_of(c, (size_t)hh, rule, rule_len, depth + 1);
      if (x >= 0)
        snprintf(rule, rule_len, "acl<obj<nsubj");
      return x;
    }
    snprintf(rule, rule_len, r == NG_DEP_ACL ? "acl" : "relcl");
    return h;
  }
  case NG_DEP_ADVCL: {
    /* ", accusing Y of ...", "was forceful in blaming Y", "came to
     * Iraq to fight Y": a clause without a subject of its own (a
     * finite one has its nsubj, found above) is done by the subject of
     * the clause it hangs on */
    ng_upos hu = ng_tree_upos(t, (size_t)h);
    int32_t mk = ng_tree_case(t, v);
    if (hu != NG_UPOS_VERB && hu != NG_UPOS_ADJ)
      return -1;
    /* ("before allowing aid", "without consulting X": the act did not
     * happen; words.tsv class "nonfactual") */
    if (mk >= 0 && (ng_tree_wc(t, (size_t)mk) & NG_WC_NONFACTUAL))
      return -1;
    /* with a marker ("in blaming", "to fight"), only from a head with a
     * subject of its own: no climb through participles and conjuncts */
    if (mk >= 0 && ng_tree_child(t, (size_t)h, NG_DEP_NSUBJ) < 0)
      return -1;
    int32_t x = doer_of(c, (size_t)h, rule, rule_len, depth + 1);
    if (x >= 0)
      snprintf(rule, rule_len, "advcl");
    return x;
  }
  default:
    return -1;
  }
}

/* The verb whose object the nominal N is, when it is a light verb
 * ("launched attacks", "carried out strikes"): data/lexicon/words.tsv
 * class "light", read on the verb's lemma. */
static int32_t light_verb_of(const ng_tree_coder *c, size_t n) {
  const ng_tree *t = &c->tree;
  ng_deprel r = ng_tree_rel(t, n);
  int32_t h = ng_tree_head(t, n);
  if (h < 0 || (r != NG_DEP_OBJ && r != NG_DEP_NSUBJ_PASS))
    return -1;
  const char *lemma = NG_DEP(t->d, h)->lemma;
  if (!lemma)
    return -1;
  ng_wclass w = (ng_wclass)(uintptr_t)ng_map_get(&t->lex->words, lemma,
                                               strlen(lemma));
  return (w & NG_WC_LIGHT) ? h : -1;
}

/* DST: a rule field of ng_tree_roles (src_rule or tgt_rule) */
static void copy_rule(char dst[static 32], const char *src) {
  snprintf(dst, 32, "%s", src);
}

void ng_tree_find_roles(const ng_tree_coder *c, size_t v, int noun,
                        const ng_tree_match *m, ng_tree_roles *out) {
  const ng_tree *t = &c->tree;
  memset(out, 0, sizeof *out);
  char rule[24] = "";
  /* source */
  if (m->src_tok >= 0 &&
      add_arg(c, (size_t)m->src_tok, 0, 1, out->src, &out->ns))
    copy_rule(out->src_rule, "$");
  if (!out->ns && noun) {
    int32_t k;
    for (k = t->kid[v]; k >= 0 && !out->ns; k = t->sib[k]) {
      ng_deprel r = ng_tree_rel(t, (size_t)k);
      /* "Iran's strikes", "US airstrikes", "Israeli raids"; the subject
       * of a nominal predicate ("X is a critic of Y") */
      if ((r == NG_DEP_NMOD_POSS || r == NG_DEP_COMPOUND ||
           r == NG_DEP_AMOD || r == NG_DEP_NSUBJ) &&
          add_arg(c, (size_t)k, r == NG_DEP_COMPOUND || r == NG_DEP_AMOD, 1,
                  out->src, &out->ns))
        copy_rule(out->src_rule, ng_deprel_name(r));
    }
    int32_t by = out->ns ? -1 : oblique_with(c, v, "by");
    if (by >= 0 && add_arg(c, (size_t)by, 0, 1, out->src, &out->ns))
      copy_rule(out->src_rule, "nmod:by");
    int32_t lv = out->ns ? -1 : light_verb_of(c, v);
    if (lv >= 0) {
      int32_t s = doer_of(c, (size_t)lv, rule, sizeof rule, 0);
      if (s >= 0 && add_arg(c, (size_t)s, 0, 1, out->src, &out->ns))
        snprintf(out->src_rule, sizeof out->src_rule, "light:%s", rule);
    }
  } else if (!out->ns) {
    int32_t s = doer_of(c, v, rule, sizeof rule, 0);
    if (s >= 0 && add_arg(c, (size_t)s, 0, 1, out->src, &out->ns))
      copy_rule(out->src_rule, rule);
  }
  /* target */
  out->passive = !noun && ng_tree_passive(t, v);
  if (m->tgt_tok >= 0) {
    if (add_arg(c, (size_t)m->tgt_tok, m->tgt_prep >= 0, 0, out->tgt,
                &out->nt)) {
      if (m->tgt_prep >= 0)
        snprintf(out->tgt_rule, sizeof out->tgt_rule, "%s:%.*s",
                 noun ? "nmod" : "obl",
                 (int)NG_TOK(t->d, m->tgt_prep)->key_len,
                 NG_TOK(t->d, m->tgt_prep)->key);
      else
        copy_rule(out->tgt_rule,
                  ng_deprel_name(ng_tree_rel(t, (size_t)m->tgt_tok)));
    }
  } else if (out->passive) {
    int32_t s = ng_tree_child(t, v, NG_DEP_NSUBJ_PASS);
    ng_deprel r = NG_DEP_NSUBJ_PASS;
    if (s < 0 && ng_tree_rel(t, v) == NG_DEP_ACL) {
      s = ng_tree_head(t, v); /* "the convoy attacked by X" */
      r = NG_DEP_ACL;
    }
    if (s >= 0 && add_arg(c, (size_t)s, 0, 0, out->tgt, &out->nt))
      copy_rule(out->tgt_rule, ng_deprel_name(r));
  } else if (!noun) {
    static const ng_deprel objects[] = {NG_DEP_OBJ, NG_DEP_IOBJ};
    for (size_t k = 0; k < 2 && !out->nt; k++) {
      int32_t o = ng_tree_child(t, v, objects[k]);
      if (o >= 0 && add_arg(c, (size_t)o, 0, 0, out->tgt, &out->nt))
        copy_rule(out->tgt_rule, ng_deprel_name(objects[k]));
    }
  }
}

void ng_tree_factuality(const ng_tree_coder *c, size_t v, int *neg,
                        int *cond) {
  const ng_tree *t = &c->tree;
  *neg = *cond = 0;
  /* the verb itself, and the auxiliaries and negation of the verb a
   * controlled or conjoined one hangs on do not carry over */
  for (int32_t k = t->kid[v]; k >= 0; k = t->sib[k]) {
    ng_deprel r = ng_tree_rel(t, (size_t)k);
    ng_wclass w = ng_tree_wc(t, (size_t)k);
    if ((r == NG_DEP_ADVMOD || r == NG_DEP_DET) && (w & NG_WC_NEGATION))
      *neg = 1;
    if (r == NG_DEP_AUX && (w & NG_WC_MODAL))
      *cond = 1;
    if (r == NG_DEP_MARK && (w & NG_WC_COND))
      *cond = 1;
  }
  /* "if X attacks Y" inside the clause of V: a conditional verb heading
   * V's clause */
  int32_t h = ng_tree_head(t, v);
  if (h >= 0 && ng_tree_rel(t, v) == NG_DEP_XCOMP) {
    for (int32_t k = t->kid[h]; k >= 0; k = t->sib[k]) {
      ng_deprel r = ng_tree_rel(t, (size_t)k);
      ng_wclass w = ng_tree_wc(t, (size_t)k);
      if (r == NG_DEP_ADVMOD && (w & NG_WC_NEGATION))
        *neg = 1;
    }
  }
}

int32_t ng_tree_doer(const ng_tree_coder *c, size_t v, char *rule,
                     size_t rule_len) {
  return doer_of(c, v, rule, rule_len, 0);
}

int ng_tree_add_actors(const ng_tree_coder *c, size_t tok, int32_t *role,
                       uint8_t *n) {
  return add_arg(c, tok, 0, 0, role, n);
}
