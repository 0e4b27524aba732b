/* predicates.c - the named conditions and redirects the rules of
 * data/events/policy.tsv refer to (pred_*, redirect_*), the helpers
 * they read the sentence with, and ng_ev_run_policy, which hands them
 * to the policy engine (policy.c). */
#include <stdlib.h>

#include "event/event_internal.h"
#include "kb.h"

/* The entity of a knowledge-base actor in this article, created (as
 * mentioned nowhere) when needed; -1 when out of memory. */
static int32_t entity_of_kb(ectx *c, const ng_kb_entry *ke) {
  for (size_t x = 0; x < c->d->entities.n; x++)
    if (NG_ENTITY(c->d, x)->kb == ke)
      return (int32_t)x;
  return ng_coref_entity_for_kb(c->w, c->d, ke);
}

/* The entity of the first country named as a place in the clause of
 * the trigger at V (after it, else before it), or -1. */
static int32_t place_in_clause(const ectx *c, size_t v) {
  for (int dir = 0; dir < 2; dir++) {
    for (size_t k = 1; k < ROLE_WINDOW * 2; k++) {
      if (dir == 0 && v + k >= c->s_te)
        break;
      if (dir == 1 && (k > v || v - k < c->s_tb))
        break;
      size_t j = dir == 0 ? v + k : v - k;
      if (clause_stop(c, j))
        break;
      const ng_mention *m = mention_at(c, j);
      if (m && m->locative && m->entity >= 0)
        return m->entity;
    }
  }
  return -1;
}

/* A sentence about sport: a score ("2-1", "45 points to 24") or words
 * of the field (match, final, league). */
static int sports_sentence(const ectx *c) {
  for (size_t j = c->s_tb; j < c->s_te; j++) {
    if (is_word(c, j) && (wc(c, j) & NG_WC_SPORTS))
      return 1;
    if ((c->t[j].flags & NG_TF_NUM) && j + 2 < c->s_te &&
        (c->t[j + 1].flags & NG_TF_HYPHEN) && (c->t[j + 2].flags & NG_TF_NUM) &&
        c->t[j].e - c->t[j].b <= 3 && c->t[j + 2].e - c->t[j + 2].b <= 3)
      return 1;
  }
  return 0;
}

/* Light verbs: their object noun is the event ("conducted an airstrike",
 * "carried out attacks"); REALIZING: only those that carry it out
 * ("launched the planned offensive"; not "continued").  The word
 * classes "realizing" and "light-bare" of data/lexicon/words.tsv, read
 * on the trigger's lemma. */
int ng_ev_light_verb(const ectx *c, const char *lemma, int realizing) {
  ng_wclass w = (ng_wclass)(uintptr_t)ng_map_get(&c->lex->words, lemma,
                                               strlen(lemma));
  return (w & NG_WC_REALIZING) || (!realizing && (w & NG_WC_LIGHT_BARE));
}

/* A tally right after the mention ending at END: "led Trump 50.0
 * percent to 40.4 percent", "beat Ghana 2 to 1": a poll or a score, not
 * an act on the one named. */
static int tally_after(const ectx *c, size_t end) {
  size_t j = end;
  if (j >= c->s_te || !(c->t[j].flags & NG_TF_NUM))
    return 0;
  j++;
  if (j < c->s_te && ((is_word(c, j) && (wc(c, j) & NG_WC_TALLY_UNIT)) ||
                      punct_is(c, j, "%")))
    j++;
  return j + 1 < c->s_te && ng_doc_key_is(c->d, c->sent, j, "to") &&
         (c->t[j + 1].flags & NG_TF_NUM);
}

/* Attacks that stop are a de-escalation: "attacks by X on Y had
 * ceased", "X halted its attacks".  The verb after the nominal. */
static int halted_after(const ectx *c, size_t from) {
  for (size_t j = from; j < c->s_te && j < from + ROLE_WINDOW; j++) {
    if (clause_stop(c, j) || punct_is(c, j, ","))
      return 0;
    const ng_mention *m = mention_at(c, j);
    if (m) {
      j = m->te - 1;
      continue;
    }
    if (!is_word(c, j) || (wc(c, j) & (NG_WC_PREP | NG_WC_AUX | NG_WC_CONJ |
                                       NG_WC_DETERMINER)))
      continue;
    size_t ve;
    const ng_trigger *t = ng_evdict_trigger(c->ev, c->t, c->s_te, j, 0, &ve);
    if (!t)
      continue;
    /* (a verb of stopping: words.tsv class "halt", on the lemma) */
    ng_wclass w = (ng_wclass)(uintptr_t)ng_map_get(
        &c->lex->words, t->lemma, strlen(t->lemma));
    return (w & NG_WC_HALT) != 0;
  }
  return 0;
}
/* ---- the named conditions of data/events/policy.tsv ---- */

static int pred_core(void *x) { return ((policy_ctx *)x)->p->core; }

/* a bare verb of the converted dictionary ("die", "study", "seek"), its
 * target not named by the pattern */
static int pred_bare(void *x) {
  const policy_ctx *pc = x;
  return !pc->p->core && !pc->p->noun && pc->p->specificity == 0 &&
         !pc->tgt_bound;
}

/* "conducted an airstrike against X", "carried out attacks": a bare
 * light verb whose object is an event noun (the noun is the event); or
 * a light verb whose pattern reached past that noun for its words
 * ("increased cooperation ... with the navies of X" is no "increase
 * &military") */
static int pred_light_object(void *x) {
  const policy_ctx *pc = x;
  const ectx *c = pc->c;
  if (pc->p->core || pc->p->noun || pc->t->noun)
    return 0;
  /* (the bare verbs of the list above; past the noun, any verb of the
   * lexicon's class "light": "increased", "deepened") */
  const char *lm = pc->t->lemma;
  ng_wclass w = (ng_wclass)(uintptr_t)ng_map_get(&c->lex->words, lm,
                                               strcspn(lm, " "));
  int bare = pc->p->specificity == 0 && !pc->tgt_bound;
  if (bare ? !ng_ev_light_verb(c, lm, 0) : !(w & NG_WC_LIGHT))
    return 0;
  for (size_t j = pc->ve; j < c->s_te && j < pc->ve + 4; j++) {
    size_t nve;
    if (mention_at(c, j) || clause_stop(c, j))
      break;
    if (is_word(c, j) && ng_evdict_trigger(c->ev, c->t, c->s_te, j, 1, &nve))
      return bare || pc->last >= nve;
  }
  return 0;
}

static int pred_halted(void *x) {
  const policy_ctx *pc = x;
  return halted_after(pc->c, pc->last + 1);
}

static int pred_sports(void *x) {
  return sports_sentence(((policy_ctx *)x)->c);
}

/* "Biden led Trump 50 percent to 40": a tally after the first actor
 * after the trigger */
static int pred_tally(void *x) {
  const policy_ctx *pc = x;
  const ectx *c = pc->c;
  if (!pc->tgt_bound && !*pc->nt)
    return 0;
  for (size_t j = pc->ve; j < c->s_te && j < pc->ve + 4; j++) {
    const ng_mention *om = mention_at(c, j);
    if (om)
      return tally_after(c, om->te);
  }
  return 0;
}

/* "issued an ultimatum to Y, demanding ...": a participle after a
 * comma */
static int pred_after_comma(void *x) {
  const policy_ctx *pc = x;
  return pc->v > pc->c->s_tb && punct_is(pc->c, pc->v - 1, ",");
}

/* "X and Y met", "X and Y clashed": two sources or more, no target */
static int pred_several_sources(void *x) {
  const policy_ctx *pc = x;
  return *pc->ns >= 2 && !*pc->nt;
}

/* "attacked the decision", "fought the proposal": the noun the trigger
 * takes as its object (over determiners, possessives and modifiers, no
 * actor between) is one of the row's words, or their plural in -s */
static int pred_object(void *x) {
  const policy_ctx *pc = x;
  const ectx *c = pc->c;
  const char *set = pc->pe->cond_arg;
  if (!set)
    return 0;
  for (size_t j = pc->ve; j < c->s_te && j < pc->ve + 5; j++) {
    if (!is_word(c, j) || clause_stop(c, j))
      return 0;
    const ng_mention *m = mention_at(c, j);
    if (m && !(wc(c, j) & NG_WC_POSSESSIVE)) {
      /* "Y's decision": the owner, then the noun */
      if (!(c->t[m->te - 1].flags & NG_TF_POSS) &&
          !(m->te < c->s_te && (c->t[m->te].flags & NG_TF_POSS)))
        return 0;
      j = m->te - 1;
      continue;
    }
    const ng_token *t = &c->t[j];
    for (const char *s = set; *s;) {
      size_t n = strcspn(s, "|");
      if (t->key_len >= n && !memcmp(t->key, s, n) &&
          (t->key_len == n || (t->key_len == n + 1 && t->key[n] == 's')))
        return 1;
      s += n;
      if (*s == '|')
        s++;
    }
    if (wc(c, j) & (NG_WC_PREP | NG_WC_CONJ | NG_WC_SAY))
      return 0;
  }
  return 0;
}

/* "X shelled targets in Y": the parse reads the trigger as a verb in the
 * active voice: not a noun ("the Raqqa battle", "police force"), not a
 * passive ("were found guilty", "was killed by X in Y") nor a participle
 * on a noun ("hundreds of fighters killed").  Without a parse, 1. */
static int pred_active_verb(void *x) {
  const policy_ctx *pc = x;
  const ectx *c = pc->c;
  const ng_doc *d = c->d;
  if (d->deps.n != d->tokens.n || pc->v >= d->deps.n)
    return 1;
  const ng_dep *dv = NG_DEP(d, pc->v);
  if (dv->upos != NG_UPOS_VERB || dv->rel == NG_DEP_ACL ||
      dv->rel == NG_DEP_AMOD)
    return 0;
  for (size_t j = c->s_tb; j < c->s_te; j++) {
    const ng_dep *dj = NG_DEP(d, j);
    if (dj->head == (int32_t)pc->v &&
        (dj->rel == NG_DEP_AUX_PASS || dj->rel == NG_DEP_NSUBJ_PASS))
      return 0;
  }
  return 1;
}

/* ---- the named redirects of data/events/policy.tsv: each may set the
 * targets; 1 when it did ---- */

/* "X and Y met": each is the other's partner; the first source's
 * targets are the others (the scorer and the reader take such codes
 * both ways) */
static int redirect_reciprocal(void *x) {
  policy_ctx *pc = x;
  if (*pc->nt || *pc->ns < 2)
    return 0;
  for (uint8_t k = 1; k < *pc->ns; k++)
    pc->tgt[(*pc->nt)++] = pc->src[k];
  *pc->ns = 1;
  return 1;
}

static int set_target(policy_ctx *pc, int32_t ent) {
  pc->tgt[0] = ent;
  *pc->nt = 1;
  return 1;
}

/* "withdrew its troops from Lebanon", "sent its forces into Syria": the
 * source's own forces are what it moves; where to or from is the
 * target */
static int redirect_moved_to(void *x) {
  policy_ctx *pc = x;
  ectx *c = pc->c;
  if (*pc->nt != 1 || !*pc->ns)
    return 0;
  const ng_entity *oe = NG_ENTITY(c->d, pc->tgt[0]);
  const ng_entity *se = NG_ENTITY(c->d, pc->src[0]);
  int own = (oe->type == NG_AT_MILITARY || oe->type == NG_AT_IGO) &&
            oe->iso3 && se->iso3 && !strcmp(oe->iso3, se->iso3);
  /* "withdraw their peacekeeping force": a possessive says whose */
  for (size_t j = pc->ve; !own && j < c->s_te && j < pc->ve + 3; j++) {
    const ng_mention *om = mention_at(c, j);
    if (om && om->entity == pc->tgt[0] && is_word(c, om->tb) &&
        (wc(c, om->tb) & NG_WC_POSSESSIVE) &&
        (oe->type == NG_AT_MILITARY || oe->type == NG_AT_IGO))
      own = 1;
  }
  if (!own || se->type == NG_AT_MILITARY)
    return 0;
  for (size_t j = pc->ve; j < c->s_te && j < pc->ve + ROLE_WINDOW; j++) {
    if (clause_stop(c, j))
      break;
    if (!(wc(c, j) & NG_WC_DIRECTION))
      continue;
    /* a place too: "from (neighbouring) Lebanon" */
    for (size_t k = j + 1; k < c->s_te && k < j + 4; k++) {
      const ng_mention *pm2 = mention_at(c, k);
      if (pm2)
        return pm2->entity >= 0 && pm2->kind != NG_MK_PRONOUN &&
               set_target(pc, pm2->entity);
      if (!is_word(c, k) || (wc(c, k) & (NG_WC_PREP | NG_WC_CONJ)))
        break;
    }
    break;
  }
  return 0;
}

/* "French peacekeepers arrived in Mali": where forces, aid or envoys
 * arrive is whom the arrival concerns */
static int redirect_arrival(void *x) {
  policy_ctx *pc = x;
  ectx *c = pc->c;
  if (*pc->nt || !*pc->ns)
    return 0;
  for (size_t j = pc->ve; j < c->s_te && j < pc->ve + ROLE_WINDOW; j++) {
    if (clause_stop(c, j) || punct_is(c, j, ","))
      break;
    if (!(ng_doc_key_is(c->d, c->sent, j, "in") ||
          ng_doc_key_is(c->d, c->sent, j, "to") ||
          ng_doc_key_is(c->d, c->sent, j, "at")))
      continue;
    size_t k = ng_doc_key_is(c->d, c->sent, j + 1, "the") ? j + 2 : j + 1;
    const ng_mention *pm2 = mention_at(c, k);
    if (pm2 && pm2->entity >= 0 && pm2->kind != NG_MK_PRONOUN &&
        pm2->entity != pc->src[0])
      return set_target(pc, pm2->entity);
    break;
  }
  return 0;
}

/* a participle clause addresses the main clause's target: "issued an
 * ultimatum to Y, demanding ..." */
static int redirect_main_clause(void *x) {
  policy_ctx *pc = x;
  if (*pc->nt)
    return 0;
  const ng_event *o = ng_ev_clause_event(pc->c, pc->v);
  if (!o || !o->n_tgt)
    return 0;
  for (uint8_t k = 0; k < o->n_tgt && *pc->nt < NG_EVENT_MAX_ROLE; k++)
    pc->tgt[(*pc->nt)++] = o->tgt[k];
  return 1;
}

/* a protest, a curfew, an attack with no one named as its target is
 * aimed at where it happens: the country of the place named in the
 * clause ("imposed a curfew in Cizre, Turkey"), not the source's own
 * ("Kenyans demonstrated in Kenya": at their government, below) */
static int redirect_place(void *x) {
  policy_ctx *pc = x;
  if (*pc->nt || !*pc->ns)
    return 0;
  int32_t place = place_in_clause(pc->c, pc->v);
  return place >= 0 && place != pc->src[0] && set_target(pc, place);
}

/* a protest with no one named is aimed at the protesters' own
 * government, as CAMEO codes it; not a state by its name ("Iran
 * protested": a diplomatic protest at someone unnamed) */
static int redirect_own_government(void *x) {
  policy_ctx *pc = x;
  ectx *c = pc->c;
  if (*pc->nt || !*pc->ns)
    return 0;
  const ng_entity *se = NG_ENTITY(c->d, pc->src[0]);
  const ng_country *co = se->iso3 ? ng_kb_country(c->w->kb, se->iso3) : NULL;
  int state = 0;
  if (se->type == NG_AT_COUNTRY)
    for (size_t j = pc->v; j-- > c->s_tb;) {
      const ng_mention *sm = mention_at(c, j);
      if (sm && sm->entity == pc->src[0]) {
        state = (sm->kind == NG_MK_NAME || sm->kind == NG_MK_PRONOUN) &&
                !sm->plural;
        break;
      }
    }
  if (!co || !co->gov || se->type == NG_AT_GOVERNMENT || state)
    return 0;
  int32_t g = entity_of_kb(c, co->gov);
  return g >= 0 && set_target(pc, g);
}

/* (a redirect's new target: its type, and its role for the rows) */
static int policy_target_type(void *x) {
  const policy_ctx *pc = x;
  const ng_entity *te = *pc->nt ? NG_ENTITY(pc->c->d, pc->tgt[0]) : NULL;
  pc->pe->tgt_role = te ? te->role : NULL;
  return te ? te->type : NG_AT_NONE;
}

static const ng_policy_redirect policy_redirects[NG_PR_COUNT_] = {
    [NG_PR_MOVED_TO] = redirect_moved_to,
    [NG_PR_ARRIVAL] = redirect_arrival,
    [NG_PR_MAIN_CLAUSE] = redirect_main_clause,
    [NG_PR_PLACE] = redirect_place,
    [NG_PR_OWN_GOVERNMENT] = redirect_own_government,
    [NG_PR_RECIPROCAL] = redirect_reciprocal};

static const ng_policy_pred policy_preds[NG_PC_COUNT_] = {
    [NG_PC_CORE] = pred_core,
    [NG_PC_BARE] = pred_bare,
    [NG_PC_LIGHT_OBJECT] = pred_light_object,
    [NG_PC_AFTER_COMMA] = pred_after_comma,
    [NG_PC_SEVERAL_SOURCES] = pred_several_sources,
    [NG_PC_OBJECT] = pred_object,
    [NG_PC_ACTIVE_VERB] = pred_active_verb,
    [NG_PC_HALTED_AFTER] = pred_halted,
    [NG_PC_SPORTS] = pred_sports,
    [NG_PC_TALLY] = pred_tally};

int ng_ev_run_policy(policy_ctx *pc, const char **trace) {
  const ectx *c = pc->c;
  return ng_policy_apply(c->ev->policy.items, c->ev->policy.n, policy_preds,
                         policy_redirects, policy_target_type, pc, pc->pe,
                         &c->d->arena, trace);
}
