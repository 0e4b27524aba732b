/* window.c - the window coder of the event stage, for a trigger: the
 * best pattern around it (match_post, match_pre, best_pattern: the
 * words of a pattern within GAP tokens of each other, its $ and + the
 * next or previous actor), whether a word is used as a verb here
 * (verb_use), and ng_ev_code_trigger, which puts the pattern and the
 * roles of window_roles.c together and hands them to
 * ng_ev_finish_trigger (stage.c).
 *
 * Every search is bounded by a window and by the sentence, so the coder
 * is linear in the tokens. */
#include <stdlib.h>

#include "event/event_internal.h"

/* ---- pattern matching ---- */

/* Finds the next mention start at or after I (within GAP, no clause
 * stop, no attribution: ", the UN agency reported"); its index or -1;
 * END gets the token after it. */
int32_t ng_ev_next_mention(const ectx *c, size_t i, size_t *end,
                            int place_ok) {
  for (size_t j = i; j < c->s_te && j < i + GAP; j++) {
    if (clause_stop(c, j) || ng_ev_attribution_after(c, j))
      return -1;
    const ng_mention *m = mention_at(c, j);
    /* "sanctions on Iraqi oil", "a blockade on Palestinian lorries": the
     * country of the thing named where the pattern wants an actor; and
     * where the pattern names the preposition itself ("the invasion of
     * +", "an appeal from +") a place is that country's */
    if (m && (role_ok(m) || (m->kind == NG_MK_DEMONYM && m->entity >= 0) ||
              (place_ok && m->locative && m->entity >= 0 &&
               m->kind != NG_MK_PRONOUN))) {
      *end = m->te;
      return c->mat[j];
    }
    if (m) {
      j = m->te - 1;
      continue;
    }
    if (clause_joint(c, j))
      return -1;
    if (punct_is(c, j, ",")) {
      /* ", on Thursday, X": an adverbial between commas */
      size_t k = j + 1;
      while (k < c->s_te && k < j + 6 && !punct_is(c, k, ",") &&
             !mention_at(c, k))
        k++;
      if (k < c->s_te && punct_is(c, k, ","))
        j = k;
      continue;
    }
    /* another preposition: the actor would be its object, not ours */
    if (is_word(c, j) && (wc(c, j) & NG_WC_PREP) && j > i)
      return -1;
  }
  return -1;
}

/* Does an actor or place mention start at I, over a determiner and up
 * to two modifiers ("to the capital city of X" does not count)? */
static int actor_follows(const ectx *c, size_t i) {
  for (size_t j = i; j < c->s_te && j < i + 3; j++) {
    const ng_mention *m = mention_at(c, j);
    if (m)
      return m->entity >= 0 && m->kind != NG_MK_PRONOUN;
    if (!is_word(c, j) || (wc(c, j) & (NG_WC_PREP | NG_WC_CONJ)))
      return 0;
  }
  return 0;
}

static int32_t prev_mention(const ectx *c, size_t i, size_t *start) {
  for (size_t j = i; j-- > c->s_tb && j + GAP > i;) {
    if (clause_stop(c, j))
      return -1;
    const ng_mention *m = mention_at(c, j);
    if (m && role_ok(m)) {
      *start = m->tb;
      return c->mat[j];
    }
  }
  return -1;
}

/* Matches the elements after the trigger, from token I. */
static int match_post(const ectx *c, const ng_pattern *p, size_t i,
                      pmatch *pm) {
  int contiguous = 0, prev_word = 0;
  size_t pos = i;
  for (uint8_t k = 0; k < p->n_post; k++) {
    const ng_pe *e = &p->post[k];
    size_t end = 0;
    int was_word = prev_word;
    prev_word = 0;
    switch (e->kind) {
    case NG_PE_OPEN:
      contiguous = 1;
      prev_word = was_word;
      continue;
    case NG_PE_CLOSE:
      contiguous = 0;
      prev_word = was_word;
      continue;
    case NG_PE_SKIP:
      if (pos >= c->s_te || clause_stop(c, pos))
        return 0;
      pos++;
      continue;
    case NG_PE_SRC:
    case NG_PE_TGT: {
      /* right after a preposition the pattern names */
      int32_t mi = ng_ev_next_mention(c, pos, &end,
                                was_word && pos > c->s_tb &&
                                    is_word(c, pos - 1) &&
                                    (wc(c, pos - 1) & NG_WC_PREP));
      if (mi < 0)
        return 0;
      if (e->kind == NG_PE_SRC)
        pm->src = mi;
      else
        pm->tgt = mi;
      pos = end;
      pm->last = end - 1;
      continue;
    }
    case NG_PE_POSS:
      if (pos < c->s_te && ((c->t[pos].flags & NG_TF_POSS) ||
                            (wc(c, pos) & NG_WC_POSSESSIVE))) {
        pos++;
        continue;
      }
      return 0;
    default: {
      int found = 0;
      size_t lim = contiguous ? pos + 1 : pos + GAP;
      int last_word = 1; /* no word or actor element follows */
      for (uint8_t q = k + 1; q < p->n_post; q++)
        if (p->post[q].kind != NG_PE_OPEN && p->post[q].kind != NG_PE_CLOSE)
          last_word = 0;
      int only_word = 1; /* nor precedes ("* ( to )", not "* hearing
                            ( into )", whose noun names the act) */
      for (uint8_t q = 0; q < k; q++)
        if (p->post[q].kind != NG_PE_OPEN && p->post[q].kind != NG_PE_CLOSE)
          only_word = 0;
      for (size_t j = pos; j < c->s_te && j < lim; j++) {
        if (clause_stop(c, j))
          break;
        if (ng_pe_match(e, c->t, c->s_te, j, &end)) {
          /* a pattern ending in a bare "to" ("* ( to )": went to Y)
           * names a destination, not the marker of an infinitive
           * ("came to Syria to fight Y"), as the parse tells */
          if (last_word && end == j + 1 && ng_doc_parsed(c->d) &&
              NG_DEP(c->d, j)->upos == NG_UPOS_PART)
            continue;
          /* and a verb's bare preposition names where or to whom: an
           * actor or a place must follow ("leading to encephalitis",
           * "connect gas fields with the mainland") */
          if (last_word && only_word && end == j + 1 &&
              ng_doc_parsed(c->d) && NG_DEP(c->d, j)->upos == NG_UPOS_ADP &&
              NG_DEP(c->d, j)->rel == NG_DEP_CASE && !actor_follows(c, end))
            continue;
          found = 1;
          break;
        }
      }
      if (!found)
        return 0;
      pos = end;
      pm->last = end - 1;
      prev_word = 1;
    }
    }
  }
  return 1;
}

/* Matches the elements before the trigger, walking left from token I. */
static int match_pre(const ectx *c, const ng_pattern *p, size_t i,
                     pmatch *pm) {
  int contiguous = 0;
  size_t pos = i; /* elements must end at or before pos */
  for (uint8_t k = 0; k < p->n_pre; k++) {
    const ng_pe *e = &p->pre[k];
    switch (e->kind) {
    case NG_PE_OPEN: /* reversed: now the far end of a group */
      contiguous = 0;
      continue;
    case NG_PE_CLOSE:
      contiguous = 1;
      continue;
    case NG_PE_SKIP:
      if (pos <= c->s_tb)
        return 0;
      pos--;
      continue;
    case NG_PE_SRC:
    case NG_PE_TGT: {
      size_t start;
      int32_t mi = prev_mention(c, pos, &start);
      if (mi < 0)
        return 0;
      if (e->kind == NG_PE_SRC)
        pm->src = mi;
      else
        pm->tgt = mi;
      pos = start;
      continue;
    }
    case NG_PE_POSS:
      if (pos > c->s_tb && ((c->t[pos - 1].flags & NG_TF_POSS) ||
                            (wc(c, pos - 1) & NG_WC_POSSESSIVE))) {
        pos--;
        continue;
      }
      return 0;
    default: {
      int found = 0;
      size_t lo = contiguous ? (pos > c->s_tb ? pos - 1 : pos)
                             : (pos > c->s_tb + GAP ? pos - GAP : c->s_tb);
      for (size_t j = pos; j-- > lo;) {
        if (clause_stop(c, j))
          break;
        size_t end;
        if (ng_pe_match(e, c->t, c->s_te, j, &end) && end <= pos) {
          found = 1;
          pos = j;
          break;
        }
      }
      if (!found)
        return 0;
    }
    }
  }
  return 1;
}

/* The best pattern of trigger T at tokens [V, VE). */
static int best_pattern(const ectx *c, const ng_trigger *t, size_t v,
                        size_t ve, pmatch *best) {
  int found = 0;
  const ng_vec *pats = ng_evdict_patterns(c->ev, t);
  if (!pats)
    return -1; /* out of memory */
  for (size_t k = 0; k < pats->n; k++) {
    const ng_pattern *p = NG_VEC_AT(pats, ng_pattern *, k);
    pmatch pm;
    pm.p = p;
    pm.src = pm.tgt = -1;
    pm.last = ve - 1;
    pm.score = 0;
    if (!match_post(c, p, ve, &pm) || !match_pre(c, p, v, &pm))
      continue;
    pm.score = p->specificity * 2 + (p->core ? 3 : 0) +
               (pm.tgt >= 0 ? 1 : 0);
    if (!found || pm.score > best->score) {
      memcpy(best, &pm, sizeof pm);
      found = 1;
    }
  }
  return found;
}

/* ---- roles from the clause ---- */

/* "a statement condemning", "a resolution calling for": a document
 * whose participle says what its author did. */
static int statement_noun(const ectx *c, size_t i) {
  return i >= c->s_tb && is_word(c, i) && (wc(c, i) & NG_WC_DOCUMENT);
}

/* A headline in title case ("Iraq Demands US Withdrawal"): its
 * capitalised words may still be verbs. */
int ng_ev_titlecase_sentence(const ectx *c) {
  size_t words = 0, caps = 0;
  for (size_t i = c->s_tb; i < c->s_te; i++)
    if (is_word(c, i) &&
        !(wc(c, i) & (NG_WC_PREP | NG_WC_DETERMINER | NG_WC_CONJ))) {
      words++;
      caps += (c->t[i].flags & NG_TF_CAP) != 0;
    }
  return words >= 3 && caps * 10 >= words * 7;
}

/* Is the token at V used as a verb here?  News English gives a verb a
 * subject, an auxiliary, an adverb, "to", a comma or a conjunction right
 * before it; after an article, a possessive, an adjective or another
 * verb the same word is a noun or an adjective ("the attack", "its
 * operations", "mounting pressure", "assumed command", "enhanced
 * cooperation").  An -ing form is a verb after a form of "be", or as a
 * participle clause after a comma (", demanding ..."), not in a list
 * (", training, and"). */
int ng_ev_verb_use(const ectx *c, size_t v, const char *lemma) {
  if (mention_at(c, v))
    return 0;
  const ng_token *t = &c->t[v];
  /* a past form ("killed", "struck") right after a plural noun is the
   * verb of that noun: "guerrillas killed", "students demonstrated" */
  int past = !ng_ev_ends_with(t, "ing") && t->key_len > 2 &&
             t->key[t->key_len - 1] != 's' &&
             (strlen(lemma) != t->key_len ||
              memcmp(lemma, t->key, t->key_len)) && !strchr(lemma, ' ');
  if (past && v > c->s_tb && is_word(c, v - 1) && !mention_at(c, v - 1) &&
      ng_ev_ends_with(&c->t[v - 1], "s") &&
      !(wc(c, v - 1) & (NG_WC_FUNCTION | NG_WC_PREP | NG_WC_AUX)) &&
      (!ng_evdict_is_verb(c->ev, &c->t[v - 1]) ||
       /* "its allies condemned": after a possessive or an article the
        * word is a noun even when it could be a verb */
       (v - 1 > c->s_tb && is_word(c, v - 2) &&
        (wc(c, v - 2) & (NG_WC_POSSESSIVE | NG_WC_DETERMINER)))))
    return 1;
  int ing = ng_ev_ends_with(t, "ing");
  if (v == c->s_tb)
    return !ing;
  size_t p = v - 1;
  /* look through adverbs and days: "again rejected", "on Monday hosted" */
  while (p > c->s_tb && is_word(c, p) && !mention_at(c, p) &&
         ((wc(c, p) & (NG_WC_ADVERB | NG_WC_WEEKDAY)) ||
          (ng_ev_ends_with(&c->t[p], "ly") && !(wc(c, p) & NG_WC_FUNCTION)) ||
          (wc(c, p) & NG_WC_DAYWORD)))
    p--;
  if (p < v - 1 && ng_doc_key_is(c->d, c->sent, p, "on") && p > c->s_tb)
    p--; /* "X on Saturday hosted" */
  const ng_token *pt = &c->t[p];
  if (pt->flags & (NG_TF_POSS | NG_TF_HYPHEN))
    return 0; /* "Iraq's attack", "US-led" */
  if (ing) {
    if (is_word(c, p) && (wc(c, p) & NG_WC_BE))
      return 1;
    if (p + 1 == v && statement_noun(c, p))
      return 1;
    /* "thanked X for providing Y": a gerund after "for" */
    if (ng_doc_key_is(c->d, c->sent, p, "for"))
      return 1;
    if (punct_is(c, p, ",")) {
      size_t n = v + 1;
      return !(n < c->s_te &&
               (punct_is(c, n, ",") || ng_doc_key_is(c->d, c->sent, n, "and") ||
                ng_doc_key_is(c->d, c->sent, n, "or")));
    }
    return 0;
  }
  if (mention_at(c, p)) {
    /* "its support", "Syrian targets": a noun after a possessive or a
     * demonym */
    const ng_mention *pm = mention_at(c, p);
    if (pm->possessive || pm->kind == NG_MK_DEMONYM)
      return 0;
    /* "struck Hezbollah targets": a name right after a verb is its
     * object, modifying a noun ("the United States demanded" is a
     * subject with its article) */
    size_t b = pm->tb;
    if (b > c->s_tb && is_word(c, b - 1) && !mention_at(c, b - 1)) {
      ng_wclass bk = wc(c, b - 1);
      if (!(bk & (NG_WC_SAY | NG_WC_AUX | NG_WC_CONJ | NG_WC_RELATIVE |
                  NG_WC_PREP | NG_WC_FUNCTION)) &&
          ng_evdict_is_verb(c->ev, &c->t[b - 1]) &&
          !(c->t[b - 1].flags & NG_TF_CAP))
        return 0;
    }
    return 1;
  }
  if (pt->flags & NG_TF_PUNCT)
    return punct_is(c, p, ",") || (pt->flags & NG_TF_QUOTE);
  if (pt->flags & NG_TF_NUM)
    return 0;
  ng_wclass k = wc(c, p);
  if (k & (NG_WC_AUX | NG_WC_MODAL | NG_WC_NEGATION | NG_WC_RELATIVE |
           NG_WC_CONJ | NG_WC_FUTURE))
    return 1;
  if (k & NG_WC_PREVERB)
    return 1;
  if (k & (NG_WC_DETERMINER | NG_WC_POSSESSIVE | NG_WC_QUANT | NG_WC_NUMBER |
           NG_WC_PREP))
    return 0;
  if (ng_ev_ends_with(pt, "ly"))
    return 1; /* an adverb: "strongly condemned" */
  /* any other word before it ("Tulsa rally", "mounting pressure"): an
   * adjective or the first noun of a compound; subjects are actors the
   * mention stage found */
  return 0;
}

/* "thanked X for providing Y", "praised X for its support and for
 * providing Y": the entity a praise or thanks of this sentence is aimed
 * at, or -1. */
static int32_t praised_for(const ectx *c) {
  for (size_t x = c->first_event; x < c->d->events.n; x++) {
    const ng_event *e = NG_EVENT(c->d, x);
    if (e->cameo[0] == '0' && e->cameo[1] == '5' && e->n_tgt)
      return e->tgt[0];
  }
  return -1;
}

/* The source of the main clause, for participles and nominals. */
static int32_t clause_source(const ectx *c, size_t v) {
  if (c->d->events.n > c->first_event) {
    ng_event *o = NG_EVENT(c->d, c->d->events.n - 1);
    if (o->tb < v)
      return o->src[0];
  }
  return -2;
}

/* The same, but of a pair ("X met Y": X on Y, then Y on X) the first,
 * whose source is the clause's subject. */
static const ng_event *clause_event_forward(const ectx *c, size_t v) {
  const ng_event *o = ng_ev_clause_event(c, v);
  if (o && o > NG_EVENT(c->d, c->first_event)) {
    const ng_event *f = o - 1;
    if (f->tb == o->tb && f->te == o->te && f->n_src && f->n_tgt &&
        o->n_src && o->n_tgt && f->src[0] == o->tgt[0] &&
        f->tgt[0] == o->src[0])
      return f;
  }
  return o;
}
ng_status ng_ev_code_trigger(ectx *c, const ng_trigger *t, size_t v,
                              size_t ve, uint32_t sent) {
  pmatch pm = {NULL, -1, -1, 0, 0};
  int found = best_pattern(c, t, v, ve, &pm);
  if (found <= 0)
    return found < 0 ? NG_ERR_NOMEM : NG_OK;
  const ng_pattern *p = pm.p;
  int32_t src[NG_EVENT_MAX_ROLE], tgt[NG_EVENT_MAX_ROLE];
  uint8_t ns = 0, nt = 0;
  int32_t agent = -1;
  int passive = !t->noun && ng_ev_passive_agent(c, v, ve, &agent);
  /* source */
  if (pm.src >= 0) {
    ng_ev_add_role(c, src, &ns, pm.src);
  } else if (passive) {
    if (agent >= 0)
      ng_ev_add_role(c, src, &ns, agent);
  } else if (t->noun) {
    /* "its cooperation", "Iraq's attack": the owner */
    if (v > c->s_tb) {
      size_t p0 = v - 1;
      while (p0 > c->s_tb && is_word(c, p0) && !mention_at(c, p0) &&
             !(wc(c, p0) & (NG_WC_DETERMINER | NG_WC_PREP | NG_WC_CONJ)) &&
             v - p0 < 4 && !(c->t[p0].flags & NG_TF_POSS) &&
             /* "X began joint exercises": X is the verb's subject */
             !(ng_evdict_is_verb(c->ev, &c->t[p0]) &&
               !ng_ev_modifier_position(c, p0) && mention_at(c, p0 - 1) &&
               !ng_ev_is_prep_before(c, mention_at(c, p0 - 1)->tb)))
        p0--; /* adjectives: "bilateral cooperation" */
      const ng_mention *m = NULL;
      if (c->t[p0].flags & NG_TF_POSS)
        m = mention_at(c, p0 - 1);
      else if (is_word(c, p0) && (wc(c, p0) & NG_WC_POSSESSIVE))
        m = mention_at(c, p0);
      else if ((m = mention_at(c, p0)) && m->te == p0 + 1 &&
               m->kind != NG_MK_PRONOUN)
        ; /* "US airstrikes", "Palestinian riots" */
      else
        m = NULL;
      if (m && (role_ok(m) || (m->kind == NG_MK_DEMONYM && m->entity >= 0)))
        ng_ev_add_role(c, src, &ns, c->mat[m->tb]);
    }
    /* "attacks by X" */
    for (size_t x = ve; !ns && x < c->s_te && x < ve + GAP; x++) {
      if (clause_stop(c, x))
        break;
      if (ng_doc_key_is(c->d, c->sent, x, "by")) {
        size_t end;
        int32_t mi = ng_ev_next_mention(c, x + 1, &end, 0);
        if (mi >= 0)
          ng_ev_add_role(c, src, &ns, mi);
        break;
      }
    }
    if (!ns) {
      /* the subject of the verb that governs the noun: "X issued an
       * ultimatum", "X conducted attacks" */
      /* "X and Y began joint exercises": both */
      int32_t s = ng_ev_subject_of(c, v, 1);
      if (s >= 0)
        ng_ev_add_subject(c, src, &ns, s);
    }
  } else {
    /* "Egypt condemned Israel and praised Jordan": a verb after "and"
     * shares the subject of the verb before it */
    size_t pv = v;
    while (pv > c->s_tb && is_word(c, pv - 1) &&
           (wc(c, pv - 1) & NG_WC_ADVERB))
      pv--;
    const ng_event *prev = clause_event_forward(c, v);
    int32_t s = -1;
    if (pv > c->s_tb && is_word(c, pv - 1) && (wc(c, pv - 1) & NG_WC_CONJ) &&
        prev && prev->n_src && prev->te <= pv - 1)
      s = -3; /* marker: take the previous event's sources */
    else if (ng_ev_ends_with(&c->t[v], "ing") && statement_noun(c, v - 1))
      /* "X issued a statement condemning" */
      s = ng_ev_subject_of(c, v - 1, 1);
    else if (ng_ev_ends_with(&c->t[v], "ing") &&
             ng_doc_key_is(c->d, c->sent, v - 1, "for") && praised_for(c) >= 0)
      s = -4; /* marker: the one thanked or praised for it */
    else
      s = ng_ev_subject_of(c, v, 0);
    if (s == -3) {
      for (uint8_t k = 0; k < prev->n_src && ns < NG_EVENT_MAX_ROLE; k++)
        src[ns++] = prev->src[k];
    } else if (s == -4) {
      src[ns++] = praised_for(c);
    } else if (s >= 0) {
      ng_ev_add_subject(c, src, &ns, s);
    } else if (v > c->s_tb && punct_is(c, v - 1, ",")) {
      int32_t cs = clause_source(c, v);
      if (cs >= 0 && cs < (int32_t)c->d->entities.n) {
        src[ns++] = cs;
      }
    }
  }
  /* target: in the passive the by-agent is the source, the subject the
   * target */
  if (passive && pm.tgt >= 0 && pm.tgt == agent)
    pm.tgt = -1;
  if (passive && pm.tgt >= 0 && ns && NG_MENTION(c->d, pm.tgt)->entity == src[0])
    pm.tgt = -1;
  if (pm.tgt >= 0) {
    ng_ev_add_role(c, tgt, &nt, pm.tgt);
    ng_ev_add_conjuncts_right(c, tgt, &nt, pm.tgt);
  } else if (passive && !t->noun) {
    int32_t s = ng_ev_subject_of(c, v, 0);
    if (s < 0)
      s = ng_ev_passive_owner(c, v);
    if (s >= 0)
      ng_ev_add_role(c, tgt, &nt, s);
  } else if (!t->noun) {
    /* else after the words the pattern used: "lifted a blockade on X" */
    int32_t o = ng_ev_object_of(c, ve, 1);
    if (o < 0 && pm.last + 1 > ve)
      o = ng_ev_object_of(c, pm.last + 1, 1);
    if (o >= 0) {
      ng_ev_add_role(c, tgt, &nt, o);
      ng_ev_add_conjuncts_right(c, tgt, &nt, o);
    }
  }
  return ng_ev_finish_trigger(c, t, p, v, ve, pm.last, src, ns, tgt, nt,
                        pm.tgt >= 0, sent);
}
