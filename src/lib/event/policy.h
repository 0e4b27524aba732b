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
  NG_PC_COUNT_
} ng_policy_cond;

typedef enum ng_policy_action {
  NG_PA_DROP = 0,
  NG_PA_RECODE
} ng_policy_action;

typedef struct ng_policy_rule {
  const char *name;
  const char *origin;   /* "policy.tsv:12" */
  uint8_t root_lo, root_hi; /* CAMEO roots the rule applies to, or */
  char prefix[8];       /* a code prefix ("144"); "" when roots given */
  uint8_t trigger;      /* 0 any, 1 verb, 2 noun */
  uint32_t src_types, tgt_types; /* bit per ng_actor_type; bit 0: none;
                                    all ones: any */
  uint8_t cond;         /* ng_policy_cond */
  uint8_t cond_neg;     /* "!core" */
  uint8_t action;       /* ng_policy_action */
  char recode[8];
} ng_policy_rule;

/* The event as the rules see it. */
typedef struct ng_policy_event {
  char code[8];
  int noun;
  int src_type, tgt_type; /* ng_actor_type of the first source and
                             target; NG_AT_NONE when there is none */
} ng_policy_event;

typedef int (*ng_policy_pred)(void *ctx);

/* Parses one row of policy.tsv (fields F[0..NF)) into R, strings in
 * ARENA; ORIGIN names the row.  CODE_KNOWN(ud, code) checks a recode
 * target.  NG_ERR_DATA for a malformed row. */
ng_status ng_policy_parse_row(ng_arena *arena, char **f, size_t nf,
                              const char *origin, ng_policy_rule *r);

/* Applies the N rules in order to E: a rule whose codes, trigger kind,
 * types and condition (PREDS[cond](CTX)) hold recodes E (and the rules
 * after it see the new code) or drops it.  Each firing rule appends
 * "; name (origin)" to *TRACE (a string in ARENA, replaced; may start
 * NULL).  1 when E is dropped, 0 when kept, -1 out of memory. */
int ng_policy_apply(const ng_policy_rule *rules, size_t n,
                    const ng_policy_pred *preds, void *ctx,
                    ng_policy_event *e, ng_arena *arena,
                    const char **trace);

/* The name of condition C ("core"...). */
const char *ng_policy_cond_name(ng_policy_cond c);

#endif /* NG_EVENT_POLICY_H */
