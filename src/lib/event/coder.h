/* coder.h - the tree coder of the event stage: which pattern of a trigger
 * the tree matches (match.c) and who its source and target are
 * (roles.c).  stage.c calls them when the doc carries a parse, after
 * the window coder (window.c, window_roles.c), which alone codes docs
 * without one.  Not installed. */
#ifndef NG_EVENT_CODER_H
#define NG_EVENT_CODER_H

#include "evdict.h"
#include "event/tree.h"

#define NG_TREE_MAX_ARGS NG_EVENT_MAX_ROLE

/* What the coder reads, for one doc.  MARK is scratch (one byte per
 * token, all zero between calls). */
typedef struct ng_tree_coder {
  ng_tree tree;
  const ng_evdict *ev;
  const int32_t *mat; /* token -> mention index or -1 (borrowed) */
  uint8_t *mark;
  int32_t *marked;    /* the tokens MARK holds, to clear them */
  size_t n_marked;
  size_t s_tb, s_te;  /* the current sentence */
} ng_tree_coder;

/* Sets up C over D (borrowed; D->deps filled) with the mention map MAT
 * (borrowed).  NG_ERR_NOMEM; on failure C needs no free. */
ng_status ng_tree_coder_init(ng_tree_coder *c, const ng_doc *d,
                             const ng_evdict *ev, const ng_lexicon *lex,
                             const int32_t *mat);
/* Frees C's arrays (NULL-safe). */
void ng_tree_coder_free(ng_tree_coder *c);

/* The tree node of the trigger words [TB, TE): the token whose head lies
 * outside them ("air strikes": strikes; "called on": called). */
size_t ng_tree_trigger_node(const ng_tree_coder *c, size_t tb, size_t te);

/* ---- match.c ---- */

typedef struct ng_tree_match {
  const ng_pattern *p;
  int32_t src_tok, tgt_tok; /* tokens the pattern's $ and + bound, or -1 */
  int32_t tgt_prep;         /* the preposition token before +, or -1 */
  size_t last;              /* the last token the pattern used */
  int score;
} ng_tree_match;

/* The best pattern of trigger T (words [TB, TE), tree node V) on the
 * clause of V: word elements match tokens of V's clause (V's subtree
 * without its subject, clausal dependents and conjuncts; words before
 * the trigger also in its subject), a + or $ after a preposition the
 * pattern names is the nominal that preposition governs, else the next
 * actor of the clause.  Scored as the window coder scores (specificity,
 * our curated patterns first).  1 found (into BEST), 0 none, -1 out of
 * memory. */
int ng_tree_best_pattern(ng_tree_coder *c, const ng_trigger *t, size_t v,
                         size_t tb, size_t te, ng_tree_match *best);

/* ---- roles.c ---- */

typedef struct ng_tree_roles {
  int32_t src[NG_TREE_MAX_ARGS], tgt[NG_TREE_MAX_ARGS]; /* entities */
  uint8_t ns, nt;
  /* "nsubj", "obl:with", "$", "light:" + a 23-byte rule... */
  char src_rule[32], tgt_rule[32];
  uint8_t passive;
} ng_tree_roles;

/* The source and target entities of the event of pattern match M at
 * tree node V (a noun trigger when NOUN), read from the tree (see
 * roles.c). */
void ng_tree_find_roles(const ng_tree_coder *c, size_t v, int noun,
                        const ng_tree_match *m, ng_tree_roles *out);

/* The mention standing for the actor at token TOK: the mention that
 * holds it, else one its head noun governs as apposition, compound or
 * flat name ("the president, X,"); a locative or demonym mention only
 * when PLACE_OK.  -1 when none. */
int32_t ng_tree_mention_of(const ng_tree_coder *c, size_t tok, int place_ok);

/* The token standing for the doer of verb (or predicate) V: its subject,
 * the "by" agent of a passive, the head of a relative clause, the
 * speaker for a first person; -1 when none.  RULE (RULE_LEN bytes) gets
 * the rule's name. */
int32_t ng_tree_doer(const ng_tree_coder *c, size_t v, char *rule,
                     size_t rule_len);

/* Adds the entities of the actor at TOK and of its conjuncts to ROLE (*N
 * of them, at most NG_TREE_MAX_ARGS), each once, not a place and not the
 * actor's own people ("its fighters"); 1 when one was added. */
int ng_tree_add_actors(const ng_tree_coder *c, size_t tok, int32_t *role,
                       uint8_t *n);

/* The factuality cues of the tree at V: *NEG for a "not"/"never"
 * dependent (or "no" on a nominal), *COND for a modal auxiliary or an
 * "if"/"unless" clause V heads or sits in. */
void ng_tree_factuality(const ng_tree_coder *c, size_t v, int *neg,
                        int *cond);

#endif /* NG_EVENT_CODER_H */
