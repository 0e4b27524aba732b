/* modality.c - how sure, and what the words around an event make of it.
 *
 * Event coders code what a sentence does, not only its verb: "offered to
 * hand over X" is an intent to yield (CAMEO 03), "threatened to attack"
 * a threat (13), "refused to deploy" a rejection (12), "X said Y must
 * return Z" a demand by X on Y (10); "aims to tighten sanctions" and the
 * if-clause of "would meet X if he gave them a veto" are not events at
 * all.  The words come from data/events/modality.tsv.
 *
 * Then each event gets its factuality (negated, conditional, intended,
 * reported, asserted), and an event told twice (headline and body)
 * becomes one event with two evidence sentences. */
#include <stdlib.h>

#include "evdict.h"
#include "lexicon.h"

typedef struct mdctx {
  ng_world *w;
  ng_doc *d;
  const ng_lexicon *lex;
  const ng_evdict *ev;
  int32_t *mat; /* token -> mention */
} mdctx;

static ng_wclass wc(const mdctx *c, size_t i) {
  return ng_lexicon_word(c->lex, NG_TOK(c->d, i));
}

static int is_punct(const mdctx *c, size_t i, char ch) {
  const ng_token *t = NG_TOK(c->d, i);
  return (t->flags & NG_TF_PUNCT) && t->e - t->b == 1 &&
         c->d->text[t->b] == ch;
}

static int adverb(const mdctx *c, size_t i) {
  const ng_token *t = NG_TOK(c->d, i);
  return (t->flags & NG_TF_WORD) && t->key_len > 3 &&
         !memcmp(t->key + t->key_len - 2, "ly", 2) && c->mat[i] < 0;
}

static int be_form(const mdctx *c, size_t i) {
  static const char *be[] = {"is", "are", "was", "were", "be", "been",
                             "am", "being"};
  for (size_t k = 0; k < NG_ARRAY_LEN(be); k++)
    if (ng_doc_key_is(c->d, NULL, i, be[k]))
      return 1;
  return 0;
}

static int cooperative(const char *code) {
  return ng_cameo_root_in(code, 3, 8);
}

/* Material conflict by force: coerce, assault, fight, mass violence. */
static int force(const char *code) {
  return ng_cameo_root_in(code, 17, 20);
}

/* What governs the event whose trigger starts at TB: a cue before "to"
 * ("offered to", "willing to"), a future auxiliary, a negation. */
typedef struct governor {
  ng_modality mode;
  int neg, future, infinitive, cue_at;
} governor;

/* "aims to tighten sanctions and impose a blockade": an infinitive
 * joined by "and" or "or" to an earlier one shares what governs it; the
 * token where that earlier infinitive starts, or 0. */
static size_t conjoined_infinitive(const mdctx *c, size_t tb, size_t sb) {
  if (tb < sb + 3 || !(ng_doc_key_is(c->d, NULL, tb - 1, "and") ||
                       ng_doc_key_is(c->d, NULL, tb - 1, "or")))
    return 0;
  /* the trigger in its base form: "and impose", not "and imposed" */
  size_t ve;
  const ng_trigger *t = ng_evdict_trigger(c->ev, c->d->tokens.items,
                                          c->d->tokens.n, tb, 0, &ve);
  const ng_token *tok = NG_TOK(c->d, tb);
  if (!t || strlen(t->lemma) < tok->key_len ||
      memcmp(t->lemma, tok->key, tok->key_len) ||
      (t->lemma[tok->key_len] && t->lemma[tok->key_len] != ' '))
    return 0;
  for (size_t k = tb - 1; k > sb && tb - k < 10; k--) {
    const ng_token *x = NG_TOK(c->d, k - 1);
    if (c->mat[k - 1] >= 0 || is_punct(c, k - 1, ',') ||
        (x->flags & (NG_TF_QUOTE | NG_TF_SENT_END)) ||
        (wc(c, k - 1) & (NG_WC_SAY | NG_WC_RELATIVE)))
      return 0;
    if (ng_doc_key_is(c->d, NULL, k - 1, "to") && k < tb - 1 &&
        ng_evdict_is_verb(c->ev, NG_TOK(c->d, k)))
      return k;
  }
  return 0;
}

static governor govern(const mdctx *c, size_t tb, size_t sb) {
  size_t first = conjoined_infinitive(c, tb, sb);
  if (first)
    return govern(c, first, sb);
  governor g = {NG_MOD_NONE, 0, 0, 0, -1};
  size_t j = tb;
  /* adverbs and negation right before the trigger */
  while (j > sb && (adverb(c, j - 1) || (wc(c, j - 1) & NG_WC_NEGATION))) {
    if (wc(c, j - 1) & NG_WC_NEGATION)
      g.neg = 1;
    j--;
  }
  if (j > sb && ng_doc_key_is(c->d, NULL, j - 1, "to")) {
    g.infinitive = 1;
    j--;
    /* "in order to", "so as to" */
    if (j >= sb + 2 && ((ng_doc_key_is(c->d, NULL, j - 1, "order") &&
                         ng_doc_key_is(c->d, NULL, j - 2, "in")) ||
                        (ng_doc_key_is(c->d, NULL, j - 1, "as") &&
                         ng_doc_key_is(c->d, NULL, j - 2, "so")))) {
      g.mode = NG_MOD_PURPOSE;
      return g;
    }
    /* "threatened on Monday to", "agreed in principle to" */
    for (;;) {
      if (j > sb && (adverb(c, j - 1) || be_form(c, j - 1))) {
        j--;
        continue;
      }
      size_t b = ng_doc_skip_timex_back(c->d, j);
      if (b >= j || b <= sb)
        break;
      j = b;
    }
    if (j > sb) {
      ng_modality m = ng_evdict_cue(c->ev, c->d->tokens.items, c->d->tokens.n,
                                    j - 1);
      if (m) {
        g.mode = m;
        g.cue_at = (int)(j - 1);
        /* "did not agree to", "refused to" */
        for (size_t k = j - 1; k > sb && k + 4 > j; k--)
          if (wc(c, k - 1) & NG_WC_NEGATION)
            g.neg = !g.neg;
        if (g.neg && m == NG_MOD_INTENT) {
          g.mode = NG_MOD_REJECT;
          g.neg = 0;
        }
        return g;
      }
      /* "going to", "is to", "plans to" as futures */
      if (ng_doc_key_is(c->d, NULL, j - 1, "going") || be_form(c, j - 1)) {
        g.future = 1;
        return g;
      }
      g.mode = NG_MOD_PURPOSE; /* "sent troops to", "efforts to" */
    }
    return g;
  }
  /* "will", "would", "shall", "'ll" within a few words */
  for (size_t k = j; k > sb && j - k < 3; k--) {
    ng_wclass w = wc(c, k - 1);
    if (w & NG_WC_NEGATION) {
      g.neg = 1;
      continue;
    }
    if (w & NG_WC_FUTURE) {
      g.future = 1;
      break;
    }
    /* "said they would boycott": the future of reported speech */
    if (ng_doc_key_is(c->d, NULL, k - 1, "would")) {
      for (size_t q = k - 1; q > sb && k - 1 - q < 5; q--)
        if ((wc(c, q - 1) & NG_WC_SAY) && c->mat[q - 1] < 0) {
          /* but "announced it would prohibit aid" is a decision taken */
          const ng_token *st = NG_TOK(c->d, q - 1);
          g.future = !(st->key_len >= 8 && !memcmp(st->key, "announce", 8));
          break;
        }
      break;
    }
    if (w & (NG_WC_AUX | NG_WC_MODAL))
      break;
    if (!adverb(c, k - 1))
      break;
  }
  if (!g.neg)
    for (size_t k = j; k > sb && j - k < 3; k--) {
      ng_wclass w = wc(c, k - 1);
      if (w & NG_WC_NEGATION)
        g.neg = 1;
      if (!(w & (NG_WC_AUX | NG_WC_NEGATION | NG_WC_MODAL)) && !adverb(c, k - 1))
        break;
    }
  return g;
}

/* The extent of an if-clause in sentence S: [*b, *e), or 0 when none. */
static int if_clause(const mdctx *c, const ng_sentence *s, size_t *b,
                     size_t *e) {
  for (size_t i = s->tb; i < s->te; i++) {
    if (ng_doc_key_is(c->d, NULL, i, "if") ||
        ng_doc_key_is(c->d, NULL, i, "unless") ||
        ng_doc_key_is(c->d, NULL, i, "provided")) {
      *b = i;
      size_t j = i + 1;
      while (j < s->te && !is_punct(c, j, ',') && !is_punct(c, j, ';'))
        j++;
      *e = j;
      return 1;
    }
  }
  return 0;
}

static int cond_word(const mdctx *c, const ng_sentence *s) {
  for (size_t i = s->tb; i < s->te; i++)
    if (ng_doc_key_is(c->d, NULL, i, "if") ||
        ng_doc_key_is(c->d, NULL, i, "unless") ||
        ng_doc_key_is(c->d, NULL, i, "otherwise"))
      return 1;
  return 0;
}

static int unless_word(const mdctx *c, const ng_sentence *s) {
  for (size_t i = s->tb; i < s->te; i++)
    if (ng_doc_key_is(c->d, NULL, i, "unless") ||
        ng_doc_key_is(c->d, NULL, i, "otherwise"))
      return 1;
  return 0;
}

static void set_code(mdctx *c, ng_event *e, const char *code,
                     const char *why) {
  const ng_cameo_code *cc = ng_evdict_code(c->ev, code);
  if (!cc)
    return;
  snprintf(e->cameo, sizeof e->cameo, "%s", code);
  e->plover = cc->plover;
  e->quad = cc->quad;
  if (e->pattern) {
    const char *p = ng_arena_printf(&c->d->arena, "%s; %s", e->pattern, why);
    if (p)
      e->pattern = p;
  }
}

/* "X said Y must return Z": a demand by the speaker on Y. */
static int must_before(const mdctx *c, size_t tb, size_t sb) {
  for (size_t k = tb; k > sb && tb - k < 4; k--) {
    if (ng_doc_key_is(c->d, NULL, k - 1, "must") ||
        ng_doc_key_is(c->d, NULL, k - 1, "should"))
      return 1;
    if ((ng_doc_key_is(c->d, NULL, k - 1, "to") && k - 1 > sb &&
         (ng_doc_key_is(c->d, NULL, k - 2, "has") ||
          ng_doc_key_is(c->d, NULL, k - 2, "have") ||
          ng_doc_key_is(c->d, NULL, k - 2, "need") ||
          ng_doc_key_is(c->d, NULL, k - 2, "needs"))))
      return 1;
  }
  return 0;
}

/* "X demanded that Y abandon Z", "X called on Y to end Z": what Y is
 * asked to do is the content of the request, not an event of Y's. */
static int requested_content(const mdctx *c, size_t x) {
  const ng_doc *d = c->d;
  const ng_event *e = NG_EVENT(d, x);
  /* events are in sentence order: only this sentence's (linear time) */
  size_t lo = x, hi = x + 1;
  while (lo > 0 && NG_EVENT(d, lo - 1)->sent == e->sent)
    lo--;
  while (hi < d->events.n && NG_EVENT(d, hi)->sent == e->sent)
    hi++;
  for (size_t o = lo; o < hi; o++) {
    const ng_event *r = NG_EVENT(d, o);
    if (o == x || r->sent != e->sent || !r->n_tgt || r->tb >= e->tb ||
        !((r->cameo[0] == '0' && r->cameo[1] == '2') ||
          (r->cameo[0] == '1' && r->cameo[1] == '0')))
      continue;
    for (uint8_t k = 0; k < e->n_src; k++)
      for (uint8_t j = 0; j < r->n_tgt; j++)
        if (e->src[k] == r->tgt[j] && e->tb - r->te < 12)
          return 1;
  }
  return 0;
}

/* A threat with no one named is aimed at whoever must meet its
 * condition: the first actor of the sentence's if/unless clause ("will
 * stop negotiations if the United States goes ahead"). */
static void condition_target(const mdctx *c, const ng_sentence *s,
                             ng_event *e) {
  size_t ib, ie;
  if (!if_clause(c, s, &ib, &ie) || ib < e->tb)
    return;
  for (size_t k = ib + 1; k < ie && k < ib + 6; k++) {
    int32_t mi = c->mat[k];
    if (mi < 0)
      continue;
    const ng_mention *m = NG_MENTION(c->d, mi);
    if (m->entity < 0 || m->possessive)
      return;
    for (uint8_t q = 0; q < e->n_src; q++)
      if (e->src[q] == m->entity)
        return;
    e->tgt[0] = m->entity;
    e->n_tgt = 1;
    return;
  }
}

static void recode(mdctx *c) {
  ng_doc *d = c->d;
  size_t out = 0;
  /* first mark the contents of requests: the recoding below moves events */
  for (size_t x = 0; x < d->events.n; x++)
    NG_EVENT(d, x)->content = (uint8_t)requested_content(c, x);
  for (size_t x = 0; x < d->events.n; x++) {
    ng_event *e = NG_EVENT(d, x);
    const ng_sentence *s = NG_SENT(d, e->sent);
    int drop = e->content;
    size_t ib, ie;
    int in_if = if_clause(c, s, &ib, &ie) && e->tb > ib && e->tb < ie;
    governor g = govern(c, e->tb, s->tb);
    /* what the parse says (event/roles.c) adds to the words around */
    if (e->tree_neg)
      g.neg = 1;
    if (e->tree_if)
      in_if = 1;
    ng_modality mode = g.mode;
    /* "tried to kill X": an attempted act of force is itself an act of
     * force (CAMEO codes attacks whether they succeed; 186 assassinate
     * becomes 185 attempt to assassinate); an attempt at anything else
     * is a goal */
    if (mode == NG_MOD_ATTEMPT && !force(e->cameo))
      mode = NG_MOD_PURPOSE;
    if (drop || in_if || mode == NG_MOD_PURPOSE) {
      drop = 1; /* a condition or a goal, not an event */
    } else if (must_before(c, e->tb, s->tb) && e->attrib >= 0 &&
               NG_VEC_AT(&d->attribs, ng_attrib, e->attrib).entity >= 0 &&
               NG_VEC_AT(&d->attribs, ng_attrib, e->attrib).entity !=
                   e->src[0]) {
      /* the speaker demands of the subject */
      int32_t speaker = NG_VEC_AT(&d->attribs, ng_attrib, e->attrib).entity;
      memcpy(e->tgt, e->src, sizeof(int32_t) * e->n_src);
      e->n_tgt = e->n_src;
      e->src[0] = speaker;
      e->n_src = 1;
      e->attrib = -1;
      set_code(c, e, "10", "demand (said ... must)");
    } else {
      /* "X will do Y unless Z" is a threat; "would meet X if ..." an
       * offer */
      if (mode == NG_MOD_NONE && !g.neg && unless_word(c, s))
        mode = NG_MOD_THREAT;
      if (mode == NG_MOD_NONE && (g.future || cond_word(c, s)) && !g.neg)
        mode = NG_MOD_INTENT;
      if (mode == NG_MOD_NONE && g.neg && cooperative(e->cameo))
        mode = NG_MOD_REJECT;
      if (mode == NG_MOD_INTENT && g.neg)
        mode = cooperative(e->cameo) ? NG_MOD_REJECT : NG_MOD_NONE;
      const char *to = mode ? ng_evdict_recode(c->ev, mode, e->cameo) : NULL;
      if (to && (strncmp(to, e->cameo, 2) ||
                 (mode == NG_MOD_ATTEMPT && strcmp(to, e->cameo)))) {
        static const char *names[] = {"",        "intent",  "threat",
                                      "refusal", "purpose", "attempt"};
        set_code(c, e, to, names[mode]);
        e->recoded = 1;
        if (mode == NG_MOD_THREAT && !e->n_tgt)
          condition_target(c, s, e);
      }
      e->neg = (uint8_t)(g.neg && !e->recoded);
      e->future = (uint8_t)(g.future || mode == NG_MOD_INTENT);
    }
    if (drop) {
      ng_vec_free(&e->extra_evidence);
      continue;
    }
    if (out != x)
      *NG_EVENT(d, out) = *e;
    out++;
  }
  d->events.n = out;
}

/* ---- factuality ---- */

static void factuality(mdctx *c) {
  ng_doc *d = c->d;
  for (size_t x = 0; x < d->events.n; x++) {
    ng_event *e = NG_EVENT(d, x);
    const ng_sentence *s = NG_SENT(d, e->sent);
    if (e->neg)
      e->factuality = NG_FACT_NEGATED;
    else if (!e->recoded && cond_word(c, s))
      e->factuality = NG_FACT_CONDITIONAL;
    else if (!e->recoded && e->future)
      e->factuality = NG_FACT_INTENDED;
    else if (e->attrib >= 0)
      e->factuality = NG_FACT_REPORTED;
    else
      e->factuality = NG_FACT_ASSERTED;
  }
}

const char *ng_factuality_name(ng_factuality f) {
  static const char *names[] = {"asserted", "negated", "conditional",
                                "intended", "reported"};
  return (unsigned)f < NG_FACT_COUNT_ ? names[f] : "asserted";
}

/* ---- repeats ---- */

static const char *event_date(const ng_doc *d, const ng_event *e) {
  return e->timex >= 0 ? NG_TIMEX(d, e->timex)->value : "";
}

/* Repeats: the same code, roles and factuality in another sentence,
 * on no other date.  First occurrences are found through a map keyed by
 * code, factuality and roles (linear in the events; a chain links the
 * first occurrences of one key that differ in date).  Returns
 * NG_ERR_NOMEM when the map cannot be built. */
static ng_status merge_repeats(mdctx *c) {
  ng_doc *d = c->d;
  if (d->events.n < 2)
    return NG_OK;
  ng_arena tmp;
  ng_arena_init(&tmp, 0);
  ng_map heads;
  ng_map_init(&heads);
  int32_t *next = malloc(sizeof(int32_t) * d->events.n);
  ng_status st = next ? NG_OK : NG_ERR_NOMEM;
  ng_buf key;
  ng_buf_init(&key, 64);
  for (size_t x = 0; !st && x < d->events.n; x++) {
    ng_event *ev = NG_EVENT(d, x);
    next[x] = -1;
    ng_buf_reset(&key);
    ng_status bs = ng_buf_printf(&key, "%s/%d", ev->cameo, (int)ev->factuality);
    for (uint8_t k = 0; !bs && k < ev->n_src; k++)
      bs = ng_buf_printf(&key, "/s%d", (int)ev->src[k]);
    for (uint8_t k = 0; !bs && k < ev->n_tgt; k++)
      bs = ng_buf_printf(&key, "/t%d", (int)ev->tgt[k]);
    if (bs || !key.s) {
      st = NG_ERR_NOMEM;
      break;
    }
    ng_map_entry *me = ng_map_slot(&heads, &tmp, key.s, key.len);
    if (!me) {
      st = NG_ERR_NOMEM;
      break;
    }
    int32_t last = -1;
    for (int32_t o = me->value ? (int32_t)((uintptr_t)me->value - 1) : -1;
         o >= 0; o = next[o]) {
      last = o;
      ng_event *first = NG_EVENT(d, o);
      if (first->sent == ev->sent)
        continue;
      /* two dates that differ are two events */
      const char *d1 = event_date(d, first), *d2 = event_date(d, ev);
      if (*d1 && *d2 && strcmp(d1, d2))
        continue;
      ev->dup_of = o;
      if (first->timex < 0)
        first->timex = ev->timex;
      uint32_t *slot =
          ng_vec_push(&first->extra_evidence, sizeof(uint32_t), 1024);
      if (slot)
        *slot = ev->sent;
      break;
    }
    if (ev->dup_of >= 0)
      continue;
    /* a first occurrence: at the end of its key's chain */
    if (last < 0)
      me->value = (void *)(uintptr_t)(x + 1);
    else
      next[last] = (int32_t)x;
  }
  ng_buf_free(&key);
  free(next);
  ng_map_free(&heads);
  ng_arena_free(&tmp);
  return st;
}

ng_status ng_stage_modality(ng_world *w, ng_doc *d) {
  mdctx c = {w, d, w->lex, w->evdict, NULL};
  c.mat = malloc(sizeof(int32_t) * (d->tokens.n + 1));
  if (!c.mat)
    return NG_ERR_NOMEM;
  for (size_t i = 0; i <= d->tokens.n; i++)
    c.mat[i] = -1;
  for (size_t x = 0; x < d->mentions.n; x++) {
    ng_mention *m = NG_MENTION(d, x);
    for (size_t i = m->tb; i < m->te; i++)
      c.mat[i] = (int32_t)x;
  }
  recode(&c);
  factuality(&c);
  ng_status st = merge_repeats(&c);
  free(c.mat);
  if (st)
    ng_log(w, NG_LOG_ERROR, st, "modality", 0, 0, "%s", ng_status_string(st));
  return st;
}
