/* event_internal.h - what the files of the event stage share: the
 * context of one doc (ectx), the token tests every coder reads the
 * sentence with, and the functions one file calls in another:
 *   window.c        the window coder: a trigger's best pattern, verb use
 *   window_roles.c  the window coder's subject, object and agent finders
 *   predicates.c    the conditions and redirects of data/events/policy.tsv
 *   stage.c         ng_stage_events: the sentence passes, the rules, emit
 * (the tree coder: coder.h).  Not installed. */
#ifndef NG_EVENT_INTERNAL_H
#define NG_EVENT_INTERNAL_H

#include <stdint.h>
#include <string.h>

#include "evdict.h"
#include "event/coder.h"
#include "event/policy.h"
#include "lexicon.h"

#define GAP 8        /* tokens that may stand between pattern words */
#define ROLE_WINDOW 14 /* how far a role search looks */

typedef struct ectx {
  ng_world *w;
  ng_doc *d;
  const ng_evdict *ev;
  const ng_lexicon *lex;
  ng_token *t;
  int32_t *mat;      /* token -> mention index, or -1 */
  const ng_sentence *sent; /* the current sentence */
  size_t s_tb, s_te;       /* its tokens */
  size_t first_event; /* first event of the current sentence */
  /* the tree coder's, for the events it is making (else NULL, 0) */
  const char *pattern_text;
  uint8_t tree_neg, tree_if;
  uint8_t need_target; /* the tree pass: no event without a target */
} ectx;

/* The tree's factuality cues at V (ng_tree_factuality) for the events
 * the tree coders make next. */
static inline void tree_factuality(ectx *c, const ng_tree_coder *tc,
                                   size_t v) {
  int neg, cond;
  ng_tree_factuality(tc, v, &neg, &cond);
  c->tree_neg = (uint8_t)neg;
  c->tree_if = (uint8_t)cond;
}

static inline ng_wclass wc(const ectx *c, size_t i) {
  return ng_lexicon_word(c->lex, &c->t[i]);
}

static inline int is_word(const ectx *c, size_t i) {
  return i >= c->s_tb && i < c->s_te && (c->t[i].flags & NG_TF_WORD);
}

static inline int punct_is(const ectx *c, size_t i, const char *chars) {
  if (i < c->s_tb || i >= c->s_te || !(c->t[i].flags & NG_TF_PUNCT) ||
      c->t[i].e - c->t[i].b != 1)
    return 0;
  return strchr(chars, c->d->text[c->t[i].b]) != NULL;
}

/* Tokens a pattern or role search never crosses. */
static inline int clause_stop(const ectx *c, size_t i) {
  return punct_is(c, i, ";:()[]") || (c->t[i].flags & NG_TF_QUOTE) ||
         (c->t[i].flags & NG_TF_SENT_END);
}

static inline const ng_mention *mention_at(const ectx *c, size_t i) {
  if (i < c->s_tb || i >= c->s_te || c->mat[i] < 0)
    return NULL;
  return NG_MENTION(c->d, c->mat[i]);
}

/* A comma and a conjunction at I: "vetoed the resolution, and Iran
 * ...", ", but", ", while".  Before an object they open a clause of
 * their own (a list of objects has its first one before them). */
static inline int clause_joint(const ectx *c, size_t i) {
  return punct_is(c, i, ",") && i + 1 < c->s_te &&
         (ng_doc_key_is(c->d, c->sent, i + 1, "and") ||
          ng_doc_key_is(c->d, c->sent, i + 1, "but") ||
          ng_doc_key_is(c->d, c->sent, i + 1, "while") ||
          ng_doc_key_is(c->d, c->sent, i + 1, "whereas"));
}

/* An actor usable in a role: not a country named as a place. */
static inline int role_ok(const ng_mention *m) {
  return m && m->entity >= 0 && !m->locative && m->kind != NG_MK_DEMONYM;
}


/* ---- window.c ---- */

typedef struct pmatch {
  const ng_pattern *p;
  int32_t src, tgt;   /* mention indexes from $ and +, or -1 */
  size_t last;        /* the last token the pattern used */
  int score;
} pmatch;

/* The next actor mention at or after I, within GAP tokens and the
 * clause (a place too when PLACE_OK); its index or -1, END the token
 * after it. */
int32_t ng_ev_next_mention(const ectx *c, size_t i, size_t *end,
                           int place_ok);
/* A headline in title case, whose capitalised words may be verbs. */
int ng_ev_titlecase_sentence(const ectx *c);
/* Is the word at V (a trigger of lemma LEMMA) used as a verb here? */
int ng_ev_verb_use(const ectx *c, size_t v, const char *lemma);
/* Codes trigger T at tokens [V, VE) of sentence SENT by windows. */
ng_status ng_ev_code_trigger(ectx *c, const ng_trigger *t, size_t v,
                             size_t ve, uint32_t sent);

/* ---- window_roles.c ---- */

/* Is the mention starting at I a preposition's object (over "the"; also
 * after "like", "unlike"), not a partner of the verb? */
int ng_ev_is_prep_before(const ectx *c, size_t i);
/* Adds the entity of mention MI to ROLE (N of them), once. */
void ng_ev_add_role(const ectx *c, int32_t *role, uint8_t *n, int32_t mi);
/* Adds the actors conjoined after mention MI ("X and Y"). */
void ng_ev_add_conjuncts_right(const ectx *c, int32_t *role, uint8_t *n,
                               int32_t mi);
/* Adds subject mention S with the conjuncts to its left. */
void ng_ev_add_subject(const ectx *c, int32_t *role, uint8_t *n, int32_t s);
/* Does token T's key end with SUF? */
int ng_ev_ends_with(const ng_token *t, const char *suf);
/* Is the word at J in the place of a noun's modifier ("its threatened
 * invasion", "long-threatened")? */
int ng_ev_modifier_position(const ectx *c, size_t j);
/* The subject mention of the verb (or, NOUN, the nominal) at V, or a
 * negative value. */
int32_t ng_ev_subject_of(const ectx *c, size_t v, int noun);
/* An attribution starting at J (", the UN agency reported"). */
int ng_ev_attribution_after(const ectx *c, size_t j);
/* The object mention after token E (over particle prepositions when
 * ALLOW_PREPS), or -1. */
int32_t ng_ev_object_of(const ectx *c, size_t e, int allow_preps);
/* In a passive clause at V whose subject names no actor, the actor the
 * subject belongs to ("a camp for Congolese refugees was attacked"), or
 * -1. */
int32_t ng_ev_passive_owner(const ectx *c, size_t v);
/* Is the verb at [V, VE) passive?  *AGENT gets its by-agent or -1. */
int ng_ev_passive_agent(const ectx *c, size_t v, size_t ve, int32_t *agent);

/* ---- predicates.c ---- */

/* A light verb of lemma LEMMA (REALIZING: one that carries its object
 * out). */
int ng_ev_light_verb(const ectx *c, const char *lemma, int realizing);

/* What the predicates and redirects see of one event. */
typedef struct policy_ctx {
  ectx *c;
  const ng_trigger *t;
  const ng_pattern *p;
  size_t v, last, ve;
  int32_t *src;  /* the sources, which a redirect may change */
  uint8_t *ns;
  int32_t *tgt;  /* the targets, which a redirect may change */
  uint8_t *nt;
  int tgt_bound; /* the pattern's + named the target */
  ng_policy_event *pe; /* the event as the rules see it */
} policy_ctx;

/* Applies the rows of data/events/policy.tsv to the event PC describes
 * (see ng_policy_apply: 1 dropped, 0 kept, -1 out of memory; *TRACE the
 * rules that fired). */
int ng_ev_run_policy(policy_ctx *pc, const char **trace);

/* ---- stage.c ---- */

/* The main clause's event before V in this sentence, or NULL. */
const ng_event *ng_ev_clause_event(const ectx *c, size_t v);
/* The rules and the event (and its reverse) for trigger T with the
 * roles SRC and TGT (see stage.c). */
ng_status ng_ev_finish_trigger(ectx *c, const ng_trigger *t,
                               const ng_pattern *p, size_t v, size_t ve,
                               size_t last, int32_t *src, uint8_t ns,
                               int32_t *tgt, uint8_t nt, int tgt_bound,
                               uint32_t sent);

/* The event of CODE with sources SRC (NS) and targets TGT (NT), read
 * from tokens [TB, TE) of sentence SENT, with c->pattern_text as its
 * pattern: an actor is never its own target, an act done to someone
 * needs a target, one event per act of a sentence. */
ng_status ng_ev_emit(ectx *c, const char *code, int32_t *src, uint8_t ns,
                     int32_t *tgt, uint8_t nt, size_t tb, size_t te,
                     uint32_t sent);

/* ---- reported.c ---- */

/* The accusations the verbs of saying of sentence SENT report
 * (data/events/reported.tsv), after the coders ran on it. */
ng_status ng_ev_reported_sentence(ectx *c, ng_tree_coder *tc, uint32_t sent);

#endif /* NG_EVENT_INTERNAL_H */
