/* policy.c - the engine of data/events/policy.tsv (see policy.h): rows
 * parsed at load time, applied in file order to each coded event. */
#include <stdlib.h>

#include "event/policy.h"

static const char *const cond_names[NG_PC_COUNT_] = {
    "-",    "core",         "halted_after", "sports",
    "tally", "bare",        "light_object", "after_comma",
    "several_sources", "object", "active_verb"};

static const char *const redirect_names[NG_PR_COUNT_] = {
    "moved_to", "arrival", "main_clause", "place", "own_government",
    "reciprocal"};

const char *ng_policy_cond_name(ng_policy_cond c) {
  return (unsigned)c < NG_PC_COUNT_ ? cond_names[c] : "?";
}

/* "Person|Government", "*", "none" -> a bit per actor type; "role:OPP"
 * items -> "OPP|..." in *ROLES (ARENA), else NULL.  0 for a malformed
 * column, -1 out of memory. */
static int parse_types(ng_arena *arena, const char *s, uint32_t *out,
                       const char **roles) {
  *roles = NULL;
  if (!strcmp(s, "*")) {
    *out = 0xffffffffu;
    return 1;
  }
  *out = 0;
  while (*s) {
    size_t n = strcspn(s, "|");
    if (n == 4 && !memcmp(s, "none", 4)) {
      *out |= 1u;
    } else if (n > 5 && !memcmp(s, "role:", 5)) {
      for (size_t k = 5; k < n; k++)
        if (s[k] < 'A' || s[k] > 'Z')
          return 0;
      const char *r = ng_arena_printf(arena, "%s%s%.*s", *roles ? *roles : "",
                                      *roles ? "|" : "", (int)(n - 5), s + 5);
      if (!r)
        return -1;
      *roles = r;
    } else {
      ng_actor_type t = ng_actor_type_parse(s, n);
      if (t == NG_AT_NONE)
        return 0;
      *out |= 1u << t;
    }
    s += n;
    if (*s == '|')
      s++;
  }
  return *out != 0 || *roles;
}

ng_status ng_policy_parse_row(ng_arena *arena, char **f, size_t nf,
                              const char *origin, ng_policy_rule *r) {
  memset(r, 0, sizeof *r);
  if (nf != 7)
    return NG_ERR_DATA;
  r->name = ng_arena_strndup(arena, f[0], strlen(f[0]));
  r->origin = ng_arena_strndup(arena, origin, strlen(origin));
  if (!r->name || !r->origin)
    return NG_ERR_NOMEM;
  /* codes: "*", "18-20" (roots), or a code prefix "144" */
  const char *dash = strchr(f[1], '-');
  if (!strcmp(f[1], "*")) {
    r->root_lo = 0;
    r->root_hi = 20;
  } else if (dash && dash - f[1] == 2 && strlen(dash + 1) == 2) {
    char lo[3] = {f[1][0], f[1][1], 0};
    if (!ng_cameo_code_valid(lo) || !ng_cameo_code_valid(dash + 1))
      return NG_ERR_DATA;
    r->root_lo = (uint8_t)atoi(lo);
    r->root_hi = (uint8_t)atoi(dash + 1);
    if (r->root_lo > r->root_hi || r->root_hi > 20)
      return NG_ERR_DATA;
  } else if (ng_cameo_code_valid(f[1])) {
    snprintf(r->prefix, sizeof r->prefix, "%s", f[1]);
  } else {
    return NG_ERR_DATA;
  }
  /* "*", "verb", "noun", or "verb:arrive" */
  char *colon = strchr(f[2], ':');
  if (colon) {
    if (!colon[1])
      return NG_ERR_DATA;
    r->lemma = ng_arena_strndup(arena, colon + 1, strlen(colon + 1));
    if (!r->lemma)
      return NG_ERR_NOMEM;
  }
  size_t kl = colon ? (size_t)(colon - f[2]) : strlen(f[2]);
  if (kl == 1 && f[2][0] == '*')
    r->trigger = 0;
  else if (kl == 4 && !memcmp(f[2], "verb", 4))
    r->trigger = 1;
  else if (kl == 4 && !memcmp(f[2], "noun", 4))
    r->trigger = 2;
  else
    return NG_ERR_DATA;
  int ok_src = parse_types(arena, f[3], &r->src_types, &r->src_roles);
  int ok_tgt = parse_types(arena, f[4], &r->tgt_types, &r->tgt_roles);
  if (ok_src < 0 || ok_tgt < 0)
    return NG_ERR_NOMEM;
  if (!ok_src || !ok_tgt)
    return NG_ERR_DATA;
  const char *cond = f[5];
  if (*cond == '!') {
    r->cond_neg = 1;
    cond++;
  }
  int found = 0;
  /* "object:statement|decision": a condition with its words */
  const char *ccolon = strchr(cond, ':');
  size_t cl = ccolon ? (size_t)(ccolon - cond) : strlen(cond);
  for (int c = 0; c < NG_PC_COUNT_; c++)
    if (strlen(cond_names[c]) == cl && !memcmp(cond, cond_names[c], cl)) {
      r->cond = (uint8_t)c;
      found = 1;
    }
  if (found && (r->cond == NG_PC_OBJECT) != (ccolon != NULL))
    return NG_ERR_DATA; /* words where none are taken, or none given */
  if (ccolon) {
    for (const char *q = ccolon + 1; *q; q++)
      if (!((*q >= 'a' && *q <= 'z') || *q == '|' || *q == '-'))
        return NG_ERR_DATA;
    if (!ccolon[1])
      return NG_ERR_DATA;
    r->cond_arg = ng_arena_strndup(arena, ccolon + 1, strlen(ccolon + 1));
    if (!r->cond_arg)
      return NG_ERR_NOMEM;
  }
  if (!found || (r->cond_neg && r->cond == NG_PC_NONE))
    return NG_ERR_DATA;
  if (!strcmp(f[6], "drop")) {
    r->action = NG_PA_DROP;
  } else if (!strncmp(f[6], "recode:", 7) && ng_cameo_code_valid(f[6] + 7)) {
    r->action = NG_PA_RECODE;
    snprintf(r->recode, sizeof r->recode, "%s", f[6] + 7);
  } else if (!strncmp(f[6], "redirect:", 9)) {
    r->action = NG_PA_REDIRECT;
    int k;
    for (k = 0; k < NG_PR_COUNT_; k++)
      if (!strcmp(f[6] + 9, redirect_names[k]))
        break;
    if (k == NG_PR_COUNT_)
      return NG_ERR_DATA;
    r->redirect = (uint8_t)k;
  } else {
    return NG_ERR_DATA;
  }
  return NG_OK;
}

static int lemma_in(const char *set, const char *lemma);

/* An actor of TYPE (and CAMEO role ROLE, or NULL) in a column's SET
 * of types and ROLES. */
static int type_in(uint32_t set, const char *roles, int type,
                   const char *role) {
  if ((set >> (type == NG_AT_NONE ? 0 : type)) & 1u)
    return 1;
  return roles && role && lemma_in(roles, role);
}

/* Is LEMMA one of SET ("meet|talk|speak")? */
static int lemma_in(const char *set, const char *lemma) {
  if (!lemma)
    return 0;
  size_t n = strlen(lemma);
  while (*set) {
    size_t k = strcspn(set, "|");
    if (k == n && !memcmp(set, lemma, n))
      return 1;
    set += k;
    if (*set == '|')
      set++;
  }
  return 0;
}

static int applies(const ng_policy_rule *r, const ng_policy_event *e) {
  if (r->prefix[0]) {
    if (strncmp(e->code, r->prefix, strlen(r->prefix)))
      return 0;
  } else {
    /* (a pattern that codes only its reverse has root 0 here) */
    int root = e->code[0] ? ng_cameo_root(e->code) : 0;
    if (root < r->root_lo || root > r->root_hi)
      return 0;
  }
  if ((r->trigger == 1 && e->noun) || (r->trigger == 2 && !e->noun))
    return 0;
  if (r->lemma && !lemma_in(r->lemma, e->lemma))
    return 0;
  return type_in(r->src_types, r->src_roles, e->src_type, e->src_role) &&
         type_in(r->tgt_types, r->tgt_roles, e->tgt_type, e->tgt_role);
}

int ng_policy_apply(const ng_policy_rule *rules, size_t n,
                    const ng_policy_pred *preds,
                    const ng_policy_redirect *redirects,
                    ng_policy_target_type target_type, void *ctx,
                    ng_policy_event *e, ng_arena *arena,
                    const char **trace) {
  for (size_t k = 0; k < n; k++) {
    const ng_policy_rule *r = &rules[k];
    if (!applies(r, e))
      continue;
    if (r->cond != NG_PC_NONE) {
      e->cond_arg = r->cond_arg;
      int holds = preds[r->cond] ? preds[r->cond](ctx) : 0;
      e->cond_arg = NULL;
      if (holds == r->cond_neg)
        continue;
    }
    if (r->action == NG_PA_REDIRECT) {
      if (!redirects || !redirects[r->redirect] ||
          !redirects[r->redirect](ctx))
        continue; /* nothing changed, no trace */
      e->tgt_type = target_type ? target_type(ctx) : e->tgt_type;
    }
    const char *t = ng_arena_printf(arena, "%s; %s (%s)",
                                    *trace ? *trace : "", r->name, r->origin);
    if (!t)
      return -1;
    *trace = t;
    if (r->action == NG_PA_DROP)
      return 1;
    if (r->action == NG_PA_RECODE)
      snprintf(e->code, sizeof e->code, "%s", r->recode);
  }
  return 0;
}
