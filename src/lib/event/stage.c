/* stage.c - who did what to whom: ng_stage_events.
 *
 * Triggers are verbs and nouns of the event dictionary.  Each sentence
 * goes through the window coder (window.c, window_roles.c) and, when the
 * doc carries a parse, then through the tree coder (match.c, roles.c)
 * for the triggers the windows left.  Both end in ng_ev_finish_trigger:
 * the rules of data/events/policy.tsv (predicates.c, policy.c) on the
 * roles and the code, then emit, which keeps one event per act of a
 * sentence.  An event needs a source actor; sources and targets are
 * entities (coreference already ran).
 *
 * Every search is bounded by a window and by the sentence, so the stage
 * is linear in the tokens. */
#include <stdlib.h>

#include "event/event_internal.h"

/* ---- emitting ---- */

static ng_status emit(ectx *c, const char *code, int32_t *src, uint8_t ns,
                      int32_t *tgt, uint8_t nt, size_t tb, size_t te,
                      const ng_pattern *p, uint32_t sent) {
  if (!ns)
    return NG_OK;
  const ng_cameo_code *cc = ng_evdict_code(c->ev, code);
  if (!cc)
    return NG_OK;
  /* "make a public statement" is what the reporting verbs say, not a
   * relation between actors (PLOVER drops it too) */
  if (code[0] == '0' && code[1] == '1')
    return NG_OK;
  /* an actor is never its own target */
  int32_t t2[NG_EVENT_MAX_ROLE];
  uint8_t n2 = 0;
  for (uint8_t k = 0; k < nt; k++) {
    int same = 0;
    for (uint8_t s = 0; s < ns; s++)
      same |= src[s] == tgt[k];
    if (!same)
      t2[n2++] = tgt[k];
  }
  /* acts done to someone need that someone: consult, cooperate, aid,
   * disapprove, reject, threaten, reduce relations, coerce, assault,
   * fight, mass violence */
  int root = ng_cameo_root(code);
  static const char needs_target[21] = {0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0,
                                        1, 1, 1, 0, 0, 1, 1, 1, 1, 1};
  /* ("X and Y met": the reciprocal rows of data/events/policy.tsv) */
  if (!n2 && root == 13) {
    /* a threat is aimed at whoever must meet its condition: "threatened
     * to ban voting if Hamas ran", "will boycott unless the president
     * steps down" */
    for (size_t j = te; j < c->s_te && j < te + 2 * ROLE_WINDOW; j++) {
      if (!ng_doc_key_is(c->d, c->sent, j, "unless") &&
          !ng_doc_key_is(c->d, c->sent, j, "if"))
        continue;
      for (size_t k = j + 1; k < c->s_te && k < j + 6; k++) {
        const ng_mention *m = mention_at(c, k);
        if (m && role_ok(m) && !ng_ev_is_prep_before(c, m->tb)) {
          int32_t x = m->entity; /* (c->mat holds mentions) */
          int same = 0;
          for (uint8_t q = 0; q < ns; q++)
            same |= src[q] == x;
          if (!same)
            t2[n2++] = x;
          break;
        }
        if (m)
          k = m->te - 1;
      }
      break;
    }
  }
  if (!n2 && ((root >= 0 && root <= 20 && needs_target[root]) ||
              c->need_target))
    return NG_OK;
  /* the same event from two triggers of one sentence: keep one */
  for (size_t x = c->first_event; x < c->d->events.n; x++) {
    ng_event *o = NG_EVENT(c->d, x);
    if (strncmp(o->cameo, code, 2) || o->n_src != ns || o->src[0] != src[0])
      continue;
    if ((o->n_tgt ? o->tgt[0] : -1) == (n2 ? t2[0] : -1) ||
        (!n2 && o->n_tgt) ) {
      return NG_OK;
    }
    if (!o->n_tgt && n2) {
      /* the later one knows the target: it replaces */
      memcpy(o->tgt, t2, sizeof(int32_t) * n2);
      o->n_tgt = n2;
      return NG_OK;
    }
  }
  ng_event *e = ng_vec_push(&c->d->events, sizeof *e, NG_MAX_EVENTS);
  if (!e)
    return c->d->events.n >= NG_MAX_EVENTS ? NG_ERR_LIMIT : NG_ERR_NOMEM;
  snprintf(e->cameo, sizeof e->cameo, "%s", code);
  e->plover = cc->plover;
  e->quad = cc->quad;
  e->n_src = ns;
  memcpy(e->src, src, sizeof(int32_t) * ns);
  e->n_tgt = n2;
  memcpy(e->tgt, t2, sizeof(int32_t) * n2);
  e->sent = sent;
  e->tb = (uint32_t)tb;
  e->te = (uint32_t)te;
  e->pattern = c->pattern_text ? c->pattern_text : p ? p->text : NULL;
  e->tree_neg = c->tree_neg;
  e->tree_if = c->tree_if;
  e->origin = p ? p->origin : NULL;
  e->timex = -1;
  e->attrib = -1;
  e->dup_of = -1;
  return NG_OK;
}
ng_status ng_ev_emit(ectx *c, const char *code, int32_t *src, uint8_t ns,
                     int32_t *tgt, uint8_t nt, size_t tb, size_t te,
                     uint32_t sent) {
  return emit(c, code, src, ns, tgt, nt, tb, te, NULL, sent);
}

/* The main clause's event before V in this sentence, or NULL. */
const ng_event *ng_ev_clause_event(const ectx *c, size_t v) {
  if (c->d->events.n > c->first_event) {
    const ng_event *o = NG_EVENT(c->d, c->d->events.n - 1);
    if (o->tb < v)
      return o;
  }
  return NULL;
}

/* What every coder does once it has the roles of trigger T (tokens
 * [V, VE), pattern P, the last token the pattern used LAST; TGT_BOUND:
 * the pattern's + named the target): the domain rules on the roles and
 * the code, then the event and its reverse. */
ng_status ng_ev_finish_trigger(ectx *c, const ng_trigger *t,
                                const ng_pattern *p, size_t v, size_t ve,
                                size_t last, int32_t *src, uint8_t ns,
                                int32_t *tgt, uint8_t nt, int tgt_bound,
                                uint32_t sent) {
  pmatch pm = {p, -1, tgt_bound ? 0 : -1, last, 0};
  const char *code = p->code;
  /* the rules of data/events/policy.tsv: recodes and discards */
  char recoded[8];
  const char *base_text = c->pattern_text;
  /* an actor is never its own target ("they subjugate their users"):
   * the rules see the targets that remain */
  uint8_t kept = 0;
  for (uint8_t k = 0; k < nt; k++) {
    int same = 0;
    for (uint8_t s = 0; s < ns; s++)
      same |= src[s] == tgt[k];
    if (!same)
      tgt[kept++] = tgt[k];
  }
  nt = kept;

  if (c->ev->policy.n) {
    ng_policy_event pe;
    memset(&pe, 0, sizeof pe);
    policy_ctx pc = {c, t, p, v, pm.last, ve, src, &ns, tgt, &nt,
                     pm.tgt >= 0, &pe};
    snprintf(pe.code, sizeof pe.code, "%s", code);
    pe.noun = t->noun;
    pe.lemma = t->lemma;
    pe.src_type = ns ? NG_ENTITY(c->d, src[0])->type : NG_AT_NONE;
    pe.tgt_type = nt ? NG_ENTITY(c->d, tgt[0])->type : NG_AT_NONE;
    pe.src_role = ns ? NG_ENTITY(c->d, src[0])->role : NULL;
    pe.tgt_role = nt ? NG_ENTITY(c->d, tgt[0])->role : NULL;
    const char *trace = NULL;
    int r = ng_ev_run_policy(&pc, &trace);
    if (r < 0)
      return NG_ERR_NOMEM;
    if (r > 0)
      return NG_OK;
    if (trace) {
      c->pattern_text = ng_arena_printf(
          &c->d->arena, "%s%s", base_text ? base_text : p->text, trace);
      if (!c->pattern_text)
        return NG_ERR_NOMEM;
    }
    memcpy(recoded, pe.code, sizeof recoded);
    code = recoded;
  }

  ng_status st = NG_OK;
  if (code[0])
    st = emit(c, code, src, ns, tgt, nt, v, pm.last + 1, p, sent);
  if (!st && p->rev[0] && nt && ns)
    st = emit(c, p->rev, tgt, nt, src, ns, v, pm.last + 1, p, sent);
  c->pattern_text = base_text;
  return st;
}

/* Is token I inside the words of an event of this sentence? */
static int inside_event(const ectx *c, size_t i) {
  for (size_t x = c->first_event; x < c->d->events.n; x++) {
    const ng_event *e = NG_EVENT(c->d, x);
    if (i >= e->tb && i < e->te)
      return 1;
  }
  return 0;
}

/* "boycotted the talks with Y", "rejected an offensive against Y": a
 * nominal that a refusal, a boycott or a cut of ties takes as its object
 * did not happen. */
static int refused_object(const ectx *c, size_t i) {
  if (c->d->events.n <= c->first_event)
    return 0;
  const ng_event *e = NG_EVENT(c->d, c->d->events.n - 1);
  int root = ng_cameo_root(e->cameo);
  if (root != 12 && root != 16)
    return 0;
  size_t j = i;
  while (j > c->s_tb && i - j < 4 && j > e->te) {
    const ng_token *t = &c->t[j - 1];
    if (!(t->flags & NG_TF_WORD) || mention_at(c, j - 1) ||
        (wc(c, j - 1) & (NG_WC_PREP | NG_WC_CONJ | NG_WC_SAY)))
      return 0;
    j--;
  }
  return j <= e->te && j >= e->tb;
}

/* Does a verb that carries out what it governs ("launched", "mounted",
 * "carried out") end just before token I, with only a determiner, a
 * possessive or modifiers between? */
static int realized_by_light_verb(const ectx *c, size_t i) {
  for (size_t j = i; j > c->s_tb && i - j < 5;) {
    j--;
    const ng_mention *m = mention_at(c, j);
    if (m && m->kind != NG_MK_PRONOUN)
      return 0;
    if (m || !is_word(c, j))
      continue; /* "its long-threatened invasion" */
    size_t ve;
    const ng_trigger *t = ng_evdict_trigger(c->ev, c->t, c->s_te, j, 0, &ve);
    if (t && ve <= i && ng_ev_light_verb(c, t->lemma, 1))
      return 1;
    if (wc(c, j) & (NG_WC_PREP | NG_WC_CONJ | NG_WC_SAY))
      return 0;
  }
  return 0;
}

/* "warned against any attack on Lebanon", "a possible strike on Iran":
 * a nominal that has not happened. */
static int hypothetical_nominal(const ectx *c, size_t i) {
  for (size_t j = i; j > c->s_tb && i - j < 3;) {
    j--;
    if (!is_word(c, j) || mention_at(c, j))
      return 0;
    /* words.tsv classes "hypothetical" and "planned" */
    ng_wclass w = wc(c, j);
    if (w & NG_WC_HYPOTHETICAL)
      return 1;
    if (w & NG_WC_PLANNED)
      /* but "mounted its long-threatened invasion", "launched the
       * planned offensive": carried out now */
      return !realized_by_light_verb(c, j);
    if (wc(c, j) & (NG_WC_PREP | NG_WC_CONJ | NG_WC_DETERMINER))
      return 0;
  }
  return 0;
}

/* ---- the tree coder (event/): when the doc carries a parse ---- */

/* Codes trigger T at words [TB, TE) from the tree: the pattern its clause
 * matches, the roles its dependents give, then the rules every coder
 * shares.  ng:pattern says "tree: <pattern> <source rule>><target rule>". */
static ng_status code_tree_trigger(ectx *c, ng_tree_coder *tc,
                                   const ng_trigger *t, size_t tb, size_t te,
                                   uint32_t sent) {
  size_t v = ng_tree_trigger_node(tc, tb, te);
  ng_tree_match m;
  int found = ng_tree_best_pattern(tc, t, v, tb, te, &m);
  if (found <= 0)
    return found < 0 ? NG_ERR_NOMEM : NG_OK;
  ng_tree_roles r;
  ng_tree_find_roles(tc, v, t->noun, &m, &r);
  if (!r.ns)
    return NG_OK;
  /* after the window coder, the tree adds only events whose both roles
   * it read: a source alone, or a target the policy would guess, was
   * mostly wrong on PLOVER dev (16 added, 2 right) */
  /* (two sources or more may still find each other: "X and Y met",
   * the reciprocal rows of policy.tsv) */
  if (!c->d->events_tree_only && !r.nt && r.ns < 2)
    return NG_OK;
  /* nor from a bare verb of the converted dictionary ("found", "want",
   * "invest" coded 060, 030, 061 on any object): Wikinews 290 -> 277
   * events, the 13 gone wrong; dev relation F1 0.120 -> 0.121 */
  if (!c->d->events_tree_only && !m.p->core && m.p->specificity == 0 &&
      m.tgt_tok < 0)
    return NG_OK;
  c->pattern_text = ng_arena_printf(&c->d->arena, "tree: %s %s>%s",
                                    m.p->text, r.src_rule,
                                    r.nt ? r.tgt_rule : "-");
  if (!c->pattern_text)
    return NG_ERR_NOMEM;
  tree_factuality(c, tc, v);
  c->need_target = !c->d->events_tree_only;
  ng_status st = ng_ev_finish_trigger(c, t, m.p, tb, te, m.last, r.src, r.ns,
                                r.tgt, r.nt, m.tgt_tok >= 0, sent);
  c->pattern_text = NULL;
  c->tree_neg = c->tree_if = c->need_target = 0;
  return st;
}

/* The event of this sentence whose trigger words hold token H, or
 * NULL. */
static const ng_event *event_at(const ectx *c, size_t h) {
  for (size_t x = c->first_event; x < c->d->events.n; x++) {
    const ng_event *o = NG_EVENT(c->d, x);
    if (o->tb <= h && h < o->te)
      return o;
  }
  return NULL;
}

/* Removes event X of D (the cue whose embedded act took its place). */
static void drop_event(ng_doc *d, size_t x) {
  ng_event *e = NG_EVENT(d, x);
  ng_vec_free(&e->extra_evidence);
  memmove(e, e + 1, sizeof *e * (d->events.n - x - 1));
  d->events.n--;
}

/* One sentence through the tree coder: each word the dictionary knows,
 * a verb where the parse says VERB, a noun where it says NOUN. */
static ng_status tree_sentence(ectx *c, ng_tree_coder *tc, uint32_t si) {
  ng_doc *d = c->d;
  ng_status st = NG_OK;
  for (size_t i = c->s_tb; i < c->s_te && !st; i++) {
    if (!is_word(c, i) || c->mat[i] >= 0)
      continue;
    size_t ve;
    const ng_trigger *t = ng_evdict_trigger(c->ev, c->t, c->s_te, i, 0, &ve);
    size_t before = d->events.n;
    if (t && !(wc(c, i) & NG_WC_SAY) && !inside_event(c, i)) {
      size_t v = ng_tree_trigger_node(tc, i, ve);
      if (ng_tree_upos(&tc->tree, v) == NG_UPOS_VERB) {
        /* "urged Y to withdraw": what was asked is not an event of its
         * own; but what was offered, threatened or refused ("threatened
         * to attack Y") takes the place of the cue's event, which
         * modality.c recodes */
        const ng_event *o = NULL;
        int32_t h = ng_tree_head(&tc->tree, v);
        ng_deprel rel = ng_tree_rel(&tc->tree, v);
        if (h >= 0 && (rel == NG_DEP_XCOMP || rel == NG_DEP_CCOMP))
          o = event_at(c, (size_t)h);
        int cue = o && ng_evdict_cue(c->ev, c->t, c->s_te, o->tb) !=
                           NG_MOD_NONE &&
                  ng_evdict_cue(c->ev, c->t, c->s_te, o->tb) !=
                      NG_MOD_PURPOSE;
        if (o && !cue)
          continue;
        size_t cue_event = o ? (size_t)(o - NG_EVENT(d, 0)) : 0;
        st = code_tree_trigger(c, tc, t, i, ve, si);
        if (!st && cue && d->events.n > before)
          drop_event(d, cue_event);
        if (st || d->events.n > before - (cue ? 1 : 0))
          continue;
      }
    }
    /* (a noun another pattern used still codes its own event when the
     * tree gives it its own source: "condemned attacks by X on Y") */
    if (refused_object(c, i) || hypothetical_nominal(c, i))
      continue;
    t = ng_evdict_trigger(c->ev, c->t, c->s_te, i, 1, &ve);
    if (!t)
      continue;
    size_t v = ng_tree_trigger_node(tc, i, ve);
    ng_upos u = ng_tree_upos(&tc->tree, v);
    if (u == NG_UPOS_NOUN || u == NG_UPOS_PROPN)
      st = code_tree_trigger(c, tc, t, i, ve, si);
  }
  return st;
}

/* One sentence through the window coder. */
static ng_status window_sentence(ectx *c, uint32_t si) {
  ng_doc *d = c->d;
  ng_status st = NG_OK;
  int titlecase = ng_ev_titlecase_sentence(c);
  for (size_t i = c->s_tb; i < c->s_te && !st; i++) {
    if (!is_word(c, i) || c->mat[i] >= 0)
      continue;
    /* "Press Secretary", "the Defense Cooperation Agreement": inside
     * a sentence a capitalised word is part of a name, not a verb */
    if (!titlecase && i > c->s_tb && (c->t[i].flags & NG_TF_CAP) &&
        !(c->t[i - 1].flags & (NG_TF_QUOTE | NG_TF_PUNCT)))
      continue;
    size_t ve;
    const ng_trigger *t = ng_evdict_trigger(c->ev, c->t, c->s_te, i, 0, &ve);
    size_t before = d->events.n;
    /* (not a word an earlier pattern used: "rejected a UN appeal") */
    if (t && !(wc(c, i) & NG_WC_SAY) && !inside_event(c, i) &&
        ng_ev_verb_use(c, i, t->lemma)) {
      /* "called on Y to expel", "instructed Y to provide": the
       * infinitive is what was asked, not an event of its own */
      const ng_event *o =
          i > c->s_tb && ng_doc_key_is(c->d, c->sent, i - 1, "to")
              ? ng_ev_clause_event(c, i)
              : NULL;
      /* but after "offered to", "threatened to", "refused to" the
       * embedded act says what was offered, threatened or refused: it
       * takes the place of the cue's own event (modality.c codes it) */
      int cue = o &&
                ng_evdict_cue(c->ev, c->t, c->s_te, o->tb) != NG_MOD_NONE &&
                ng_evdict_cue(c->ev, c->t, c->s_te, o->tb) != NG_MOD_PURPOSE;
      if (o && i - o->tb <= 10 && !cue)
        continue;
      size_t cue_event = o ? (size_t)(o - NG_EVENT(d, 0)) : 0;
      st = ng_ev_code_trigger(c, t, i, ve, (uint32_t)si);
      if (!st && cue && d->events.n > before)
        drop_event(d, cue_event); /* the embedded event replaces the cue's */
      if (st || d->events.n > before - (cue ? 1 : 0))
        continue;
    }
    /* a noun the pattern of an event already used ("calls for
     * cooperation with X") adds nothing */
    if (inside_event(c, i) || refused_object(c, i) ||
        hypothetical_nominal(c, i))
      continue;
    t = ng_evdict_trigger(c->ev, c->t, c->s_te, i, 1, &ve);
    if (t)
      st = ng_ev_code_trigger(c, t, i, ve, (uint32_t)si);
  }
  return st;
}

ng_status ng_stage_events(ng_world *w, ng_doc *d) {
  ectx c = {0};
  c.w = w;
  c.d = d;
  c.ev = w->evdict;
  c.lex = w->lex;
  c.t = d->tokens.items;
  size_t n = d->tokens.n;
  c.mat = malloc(sizeof(int32_t) * (n + 1));
  if (!c.mat)
    return NG_ERR_NOMEM;
  for (size_t i = 0; i <= n; i++)
    c.mat[i] = -1;
  for (size_t x = 0; x < d->mentions.n; x++) {
    ng_mention *m = NG_MENTION(d, x);
    for (size_t i = m->tb; i < m->te; i++)
      c.mat[i] = (int32_t)x;
  }
  ng_status st = NG_OK;
  /* with a parse the tree gives the roles; without one, the windows */
  ng_tree_coder tc;
  int parsed = ng_doc_parsed(d);
  if (parsed && ng_tree_coder_init(&tc, d, c.ev, c.lex, c.mat)) {
    free(c.mat);
    return NG_ERR_NOMEM;
  }
  for (size_t si = 0; si < d->sentences.n && !st; si++) {
    ng_sentence *s = NG_SENT(d, si);
    c.sent = s;
    c.s_tb = s->tb;
    c.s_te = s->te;
    c.first_event = d->events.n;
    /* the window coder first, then the tree coder for the triggers it
     * left (with the parser of data/syntax, LAS ~80, the tree alone
     * found less than the windows: README, "Event coding") */
    if (!st && !d->events_tree_only)
      st = window_sentence(&c, (uint32_t)si);
    if (!st && parsed) {
      tc.s_tb = s->tb;
      tc.s_te = s->te;
      st = tree_sentence(&c, &tc, (uint32_t)si);
      if (!st)
        st = ng_ev_reported_sentence(&c, &tc, (uint32_t)si);
    }
  }
  free(c.mat);
  if (parsed)
    ng_tree_coder_free(&tc);
  if (st == NG_ERR_LIMIT)
    ng_log(w, NG_LOG_ERROR, st, "event", 0, 0,
           "%s (more than %u events in one article)", ng_status_string(st),
           (unsigned)NG_MAX_EVENTS);
  else if (st)
    ng_log(w, NG_LOG_ERROR, st, "event", 0, 0, "%s", ng_status_string(st));
  return st;
}
