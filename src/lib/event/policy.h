/* policy.h - the event policy: rules that recode or drop a coded event,
 * read from data/events/policy.tsv (one row per rule: name, codes,
 * trigger kind, source and target types, condition, action) and applied
 * by one small engine over named predicates the coder supplies.  Each
 * rule that fires leaves "; name (policy.tsv:N)" in the event's
 * ng:pattern.  Not installed. */
#ifndef NG_EVENT_POLICY_H
#define NG_EVENT_POLICY_H

#include "doc.h"

/* The conditions a row may name; the coder gives one function each. */
typedef enum ng_policy_cond {
  NG_PC_NONE = 0,     /* "-": always */
  NG_PC_CORE,         /* the pattern is one of our curated ones */
  NG_PC_HALTED_AFTER, /* a verb of stopping follows ("attacks ceased") */
  NG_PC_SPORTS,       /* the sentence is about sport (score, league) */
  NG_PC_TALLY,        /* a tally follows the target ("led X 50 to 40") */
  NG_PC_BARE,         /* a bare converted verb, no target in its pattern */
  NG_PC_LIGHT_OBJECT, /* a bare light verb before an event noun */
  NG_PC_AFTER_COMMA,  /* the trigger follows a comma (a participle) */
  NG_PC_SEVERAL_SOURCES, /* two sources or more and no target */
  NG_PC_OBJECT,       /* "object:W1|W2": the trigger's object noun is
                         one of the words */
  NG_PC_ACTIVE_VERB,  /* the parse reads the trigger as a verb in the
                         active voice (no parse: always) */
  NG_PC_COUNT_
} ng_policy_cond;

/* The redirects a row may name: each sets the targets its way. */
typedef enum ng_policy_redirect_id {
  NG_PR_MOVED_TO = 0,   /* own forces moved: where to or from */
  NG_PR_ARRIVAL,        /* where they arrive */
  NG_PR_MAIN_CLAUSE,    /* the main clause's targets */
  NG_PR_PLACE,          /* the country of the place in the clause */
  NG_PR_OWN_GOVERNMENT, /* the source's own government */
  NG_PR_RECIPROCAL,     /* "X and Y met": the first source's target is
                           the others */
  NG_PR_COUNT_
} ng_policy_redirect_id;

typedef enum ng_policy_action {
  NG_PA_DROP = 0,
  NG_PA_RECODE,
  NG_PA_REDIRECT
} ng_policy_action;

typedef struct ng_policy_rule {
  const char *name;
  const char *origin;   /* "policy.tsv:12" */
  uint8_t root_lo, root_hi; /* CAMEO roots the rule applies to, or */
  char prefix[8];       /* a code prefix ("144"); "" when roots given */
  uint8_t trigger;      /* 0 any, 1 verb, 2 noun */
  const char *lemma;    /* "verb:arrive", "verb:meet|talk": only these
                           triggers ("|"-separated), or NULL */
  uint32_t src_types, tgt_types; /* bit per ng_actor_type; bit 0: none;
                                    all ones: any */
  const char *src_roles, *tgt_roles; /* "OPP|CVL": CAMEO role codes that
                                        match too ("role:OPP"), or NULL */
  uint8_t cond;         /* ng_policy_cond */
  const char *cond_arg; /* "statement|decision" of "object:...", or NULL */
  uint8_t cond_neg;     /* "!core" */
  uint8_t action;       /* ng_policy_action */
  uint8_t redirect;     /* ng_policy_redirect_id */
  char recode[8];
} ng_policy_rule;

/* The event as the rules see it. */
typedef struct ng_policy_event {
  char code[8];         /* "" for a pattern that codes only its reverse */
  int noun;
  const char *lemma;    /* the trigger's */
  int src_type, tgt_type; /* ng_actor_type of the first source and
                             target; NG_AT_NONE when there is none */
  const char *src_role, *tgt_role; /* their CAMEO role codes, or NULL */
  const char *cond_arg; /* set by the engine: the words of the condition
                           it asks about ("object:..."), or NULL */
} ng_policy_event;

typedef int (*ng_policy_pred)(void *ctx);
/* A redirect: may change the targets (1 when it did); the engine then
 * asks TGT_TYPE again of the coder through the event it is given. */
typedef int (*ng_policy_redirect)(void *ctx);
/* The type of the first target after a redirect. */
typedef int (*ng_policy_target_type)(void *ctx);

/* Parses one row of policy.tsv (fields F[0..NF)) into R, strings in
 * ARENA; ORIGIN names the row.  CODE_KNOWN(ud, code) checks a recode
 * target.  NG_ERR_DATA for a malformed row. */
ng_status ng_policy_parse_row(ng_arena *arena, char **f, size_t nf,
                              const char *origin, ng_policy_rule *r);

/* Applies the N rules in order to E: a rule whose codes, trigger kind,
 * types and condition (PREDS[cond](CTX)) hold recodes E (the rules after
 * it see the new code), redirects its targets (REDIRECTS[id](CTX); then
 * TARGET_TYPE(CTX) gives E its new target type) or drops it.  Each rule
 * that changes something appends "; name (origin)" to *TRACE (a string
 * in ARENA, replaced; may start NULL).  1 when E is dropped, 0 when
 * kept, -1 out of memory. */
int ng_policy_apply(const ng_policy_rule *rules, size_t n,
                    const ng_policy_pred *preds,
                    const ng_policy_redirect *redirects,
                    ng_policy_target_type target_type, void *ctx,
                    ng_policy_event *e, ng_arena *arena,
                    const char **trace);

/* The name of condition C ("core"...). */
const char *ng_policy_cond_name(ng_policy_cond c);

#endif /* NG_EVENT_POLICY_H */
