/* window_roles.c - the roles the window coder finds around a trigger
 * when its pattern has no $ or + slot: the subject (walking left over
 * auxiliaries, adverbials, appositions and relative pronouns), the
 * direct object or the object of a particle preposition, the by-agent
 * of a passive and the owner of a passive noun, and the actors
 * conjoined to them ("X and Y").  Each search is bounded by
 * ROLE_WINDOW and the sentence. */
#include <stdlib.h>

#include "event/event_internal.h"

int ng_ev_is_prep_before(const ectx *c, size_t i) {
  if (i <= c->s_tb)
    return 0;
  size_t j = i - 1;
  if (ng_doc_key_is(c->d, c->sent, j, "the") && j > c->s_tb)
    j--;
  /* "Like the UAE, Bahrain recognized Israel", "unlike France": a
   * comparison, not a partner ("like" opening its clause, not the verb
   * of "would like") */
  if (ng_doc_key_is(c->d, c->sent, j, "unlike") ||
      (ng_doc_key_is(c->d, c->sent, j, "like") &&
       (j == c->s_tb || punct_is(c, j - 1, ","))))
    return 1;
  if (!is_word(c, j) || !(wc(c, j) & NG_WC_PREP) ||
      ng_doc_key_is(c->d, c->sent, j, "by"))
    return 0;
  /* "thousands of Iraqi Kurds", "a group of students": the "of" phrase
   * names who the quantity is */
  if (ng_doc_key_is(c->d, c->sent, j, "of") && j > c->s_tb &&
      is_word(c, j - 1) &&
      (wc(c, j - 1) & (NG_WC_NUMBER | NG_WC_QUANT | NG_WC_QUANTITY)))
    return 0;
  return 1;
}

/* Adds the mention at M and those joined to it by "and" / "," to ROLE. */
void ng_ev_add_role(const ectx *c, int32_t *role, uint8_t *n, int32_t mi) {
  const ng_mention *m = NG_MENTION(c->d, mi);
  for (uint8_t k = 0; k < *n; k++)
    if (role[k] == m->entity)
      return;
  if (*n < NG_EVENT_MAX_ROLE)
    role[(*n)++] = m->entity;
}

/* Conjoined actors after mention MI: "X and Y", "X, Y and Z".  A list
 * joined by commas counts only when "and" or "or" closes it: ", Y" alone
 * is an apposition ("the Commander, General Y"). */
void ng_ev_add_conjuncts_right(const ectx *c, int32_t *role, uint8_t *n,
                                int32_t mi) {
  size_t j = NG_MENTION(c->d, mi)->te;
  int32_t found[NG_EVENT_MAX_ROLE];
  size_t nf = 0;
  int closed = 0;
  for (int guard = 0; guard < 6 && j < c->s_te && !closed; guard++) {
    size_t k = j;
    if (punct_is(c, k, ","))
      k++;
    if (ng_doc_key_is(c->d, c->sent, k, "and") ||
        ng_doc_key_is(c->d, c->sent, k, "or")) {
      k++;
      closed = 1;
    }
    if (k == j)
      break;
    if (ng_doc_key_is(c->d, c->sent, k, "the") ||
        (is_word(c, k) && (wc(c, k) & NG_WC_POSSESSIVE) && !mention_at(c, k)))
      k++;
    const ng_mention *m = mention_at(c, k);
    if (!m || !role_ok(m) || m->tb != k || nf == NG_EVENT_MAX_ROLE)
      return;
    found[nf++] = c->mat[k];
    j = m->te;
  }
  if (!closed)
    return;
  /* "met with France, and Italy protested": a verb right after the last
   * one makes it the subject of a clause of its own */
  if (nf && j < c->s_te && is_word(c, j) && !mention_at(c, j) &&
      !(c->t[j].flags & NG_TF_CAP) &&
      ((wc(c, j) & (NG_WC_AUX | NG_WC_MODAL | NG_WC_SAY)) ||
       (ng_evdict_is_verb(c->ev, &c->t[j]) &&
        !(wc(c, j) & (NG_WC_PREP | NG_WC_DETERMINER | NG_WC_CONJ |
                      NG_WC_ADVERB | NG_WC_FUNCTION)))))
    nf--;
  for (size_t k = 0; k < nf; k++)
    ng_ev_add_role(c, role, n, found[k]);
}

/* The subject of the verb at V: walk left.  For a nominal (NOUN set)
 * the subject of a reporting verb that governs it counts ("X announced
 * a halt"); for a verb, a reporting verb before it ends the search ("X
 * said Y attacked": the subject is Y or nobody). */
/* The word governing an infinitive at V ("threatened on Monday to
 * break": "threatened"), over adverbs and a time expression between it
 * and "to"; (size_t)-1 when V is no infinitive. */
static size_t infinitive_head(const ectx *c, size_t v) {
  if (v <= c->s_tb || !ng_doc_key_is(c->d, c->sent, v - 1, "to"))
    return (size_t)-1;
  size_t j = v - 1;
  while (j > c->s_tb) {
    if (is_word(c, j - 1) && !mention_at(c, j - 1) &&
        (wc(c, j - 1) & NG_WC_ADVERB)) {
      j--;
      continue;
    }
    size_t b = ng_doc_skip_timex_back(c->d, j);
    if (b >= j || b <= c->s_tb)
      break;
    j = b;
  }
  return j > c->s_tb ? j - 1 : (size_t)-1;
}

int ng_ev_ends_with(const ng_token *t, const char *suf) {
  size_t n = strlen(suf);
  return t->key_len > n + 1 && !memcmp(t->key + t->key_len - n, suf, n);
}

/* "European Union flags", "a Biden rally": a name right before a plain
 * lower-case noun modifies that noun; it is no subject. */
static int noun_modifier(const ectx *c, const ng_mention *m, size_t v) {
  size_t j = m->te;
  if (j >= v || j >= c->s_te || !is_word(c, j) || mention_at(c, j) ||
      (c->t[j].flags & NG_TF_CAP) || (c->t[j].flags & NG_TF_POSS))
    return 0;
  ng_wclass k = wc(c, j);
  if (k & (NG_WC_PREP | NG_WC_CONJ | NG_WC_AUX | NG_WC_NEGATION |
           NG_WC_MODAL | NG_WC_RELATIVE | NG_WC_SAY | NG_WC_ADVERB |
           NG_WC_DETERMINER | NG_WC_FUNCTION | NG_WC_FUTURE | NG_WC_NUMBER))
    return 0;
  /* "Trump tried to", "Hungary licensed": a verb form, even one the
   * event dictionary lacks */
  if (ng_ev_ends_with(&c->t[j], "ly") || ng_ev_ends_with(&c->t[j], "ed") ||
      ng_evdict_is_verb(c->ev, &c->t[j]))
    return 0;
  /* "Israeli intelligence officials", "Hamas leaders": the name's own
   * people act for it */
  ng_phrase_match pm[2];
  if (ng_phrases_match(&c->lex->nouns, c->t, c->s_te, j, pm, 2))
    return 0;
  return 1;
}

/* Is the word at J in the place of a modifier of a noun: after an
 * article or a possessive ("its threatened invasion", "the planned
 * offensive"), or the second half of a compound ("long-threatened")? */
int ng_ev_modifier_position(const ectx *c, size_t j) {
  if (j <= c->s_tb)
    return 0;
  if (c->t[j - 1].flags & NG_TF_HYPHEN)
    return 1;
  const ng_mention *m = mention_at(c, j - 1);
  if (m)
    return m->kind == NG_MK_PRONOUN && m->possessive;
  return is_word(c, j - 1) &&
         (wc(c, j - 1) & (NG_WC_DETERMINER | NG_WC_POSSESSIVE));
}

/* Is the mention M the object of a verb right before it ("killed one
 * U.S. soldier", "struck the Kenyan base"), across a determiner, a
 * number or a quantifier? */
static int object_of_verb_before(const ectx *c, const ng_mention *m) {
  size_t j = m->tb;
  for (int guard = 0; guard < 3 && j > c->s_tb; guard++) {
    size_t k = j - 1;
    if (!is_word(c, k) && !(c->t[k].flags & NG_TF_NUM))
      return 0;
    ng_wclass w = is_word(c, k) ? wc(c, k) : 0;
    if ((c->t[k].flags & NG_TF_NUM) ||
        (w & (NG_WC_DETERMINER | NG_WC_QUANT | NG_WC_NUMBER))) {
      j = k;
      continue;
    }
    return !mention_at(c, k) && ng_evdict_is_verb(c->ev, &c->t[k]) &&
           !(w & (NG_WC_AUX | NG_WC_SAY | NG_WC_PREP | NG_WC_CONJ)) &&
           !ng_ev_modifier_position(c, k);
  }
  return 0;
}

int32_t ng_ev_subject_of(const ectx *c, size_t v, int noun) {
  size_t j = v;
  int commas = 0, verbs = 0, conj = 0;
  size_t head = noun ? (size_t)-1 : infinitive_head(c, v);
  while (j > c->s_tb && v - j < ROLE_WINDOW * 2) {
    j--;
    if (clause_stop(c, j))
      return -1;
    if (ng_doc_key_is(c->d, c->sent, j, "and") ||
        ng_doc_key_is(c->d, c->sent, j, "or"))
      conj = 1;
    const ng_mention *m = mention_at(c, j);
    /* "A bomb killed one U.S. soldier and wounded two others": after
     * "and", the object of the verb before is not our subject */
    if (m && conj && !noun && object_of_verb_before(c, m))
      return -1;
    if (m) {
      /* "its allies": a possessive modifies a noun, it is no subject */
      if (role_ok(m) && !ng_ev_is_prep_before(c, m->tb) &&
          m->kind != NG_MK_DEMONYM &&
          !(m->kind == NG_MK_PRONOUN && m->possessive) &&
          !noun_modifier(c, m, v))
        return c->mat[j];
      j = m->tb;
      continue;
    }
    if (punct_is(c, j, ",")) {
      commas++;
      /* "Pakistan, a key U.S. ally in the war, has refused": skip an
       * apposition that opens with an article after an earlier comma;
       * "Hezbollah, which is backed by Iran, attacked": and a relative
       * clause between commas (its actors are not the subject) */
      for (size_t k2 = j; k2-- > c->s_tb && j - k2 < 16;) {
        if (clause_stop(c, k2))
          break;
        if (punct_is(c, k2, ",")) {
          if (k2 + 1 < j && is_word(c, k2 + 1) && !mention_at(c, k2 + 1) &&
              (wc(c, k2 + 1) & (NG_WC_DETERMINER | NG_WC_RELATIVE)) &&
              !ng_doc_key_is(c->d, c->sent, k2 + 1, "that"))
            j = k2;
          break;
        }
      }
      continue;
    }
    ng_wclass k = is_word(c, j) ? wc(c, j) : 0;
    if (k & NG_WC_RELATIVE) {
      /* ", who recently ...": the subject is what the clause is about;
       * a nominal inside a "that" clause belongs to that clause */
      if (noun && ng_doc_key_is(c->d, c->sent, j, "that"))
        return -1;
      continue;
    }
    if ((k & NG_WC_SAY) && !noun)
      return -1;
    /* a nominal's source is the subject of the verb that governs it
     * ("X conducted attacks", "X announced a halt"), not of a verb
     * further away */
    if (noun && is_word(c, j) && !(k & (NG_WC_AUX | NG_WC_NEGATION)) &&
        ng_evdict_is_verb(c->ev, &c->t[j]) && !ng_ev_modifier_position(c, j) &&
        ++verbs > 1)
      return -1;
    /* "X along with its allies demanded", "X together with Y": the
     * phrase adds partners, the subject is before it */
    if (is_word(c, j)) {
      size_t q = j, stop = j > c->s_tb + 5 ? j - 5 : c->s_tb;
      while (q > stop && !ng_doc_key_is(c->d, c->sent, q, "with"))
        q--;
      if (ng_doc_key_is(c->d, c->sent, q, "with") && q > c->s_tb &&
          (ng_doc_key_is(c->d, c->sent, q - 1, "along") ||
           ng_doc_key_is(c->d, c->sent, q - 1, "together"))) {
        j = q - 1;
        continue;
      }
    }
    /* "the divided island": a participle after a determiner is an
     * adjective */
    int adjectival = j > c->s_tb && is_word(c, j - 1) &&
                     (wc(c, j - 1) & NG_WC_DETERMINER) &&
                     !mention_at(c, j - 1);
    if (!noun && ng_evdict_is_verb(c->ev, &c->t[j]) && !(k & NG_WC_AUX) &&
        !(k & NG_WC_NEGATION) && commas == 0 && v - j > 2 && j != head &&
        !adjectival)
      return -1; /* another verb's object, not our subject */
  }
  return -1;
}

/* ", the UN agency reported", ", X said": at J a comma that opens the
 * attribution of the sentence, which ends the clause before it. */
int ng_ev_attribution_after(const ectx *c, size_t j) {
  if (!punct_is(c, j, ","))
    return 0;
  size_t k = j + 1;
  while (k < c->s_te && k < j + 4 && is_word(c, k) && !mention_at(c, k) &&
         (wc(c, k) & NG_WC_DETERMINER))
    k++;
  const ng_mention *m = mention_at(c, k);
  if (!m)
    return 0;
  for (size_t q = m->te; q < c->s_te && q < m->te + 4; q++) {
    if (!is_word(c, q))
      return 0;
    if (wc(c, q) & NG_WC_SAY)
      return 1;
  }
  return 0;
}

/* The object after the trigger (tokens from E): the first actor before
 * a clause stop, over determiners, adjectives, adverbials between commas
 * and particle prepositions; never one inside an "of"/"in" phrase. */
int32_t ng_ev_object_of(const ectx *c, size_t e, int allow_preps) {
  int in_pp = 0;
  for (size_t j = e; j < c->s_te && j < e + ROLE_WINDOW; j++) {
    if (clause_stop(c, j) || ng_ev_attribution_after(c, j))
      return -1;
    if (clause_joint(c, j))
      return -1;
    const ng_mention *m = mention_at(c, j);
    if (m) {
      if (role_ok(m) && !in_pp && m->kind != NG_MK_PRONOUN)
        return c->mat[j];
      /* "rejected an Indian proposal": the country of the object */
      if (m->kind == NG_MK_DEMONYM && m->entity >= 0 && !in_pp)
        return c->mat[j];
      if (m->locative || in_pp) {
        j = m->te - 1;
        continue;
      }
      if (m->kind == NG_MK_PRONOUN && role_ok(m) && !m->possessive)
        return c->mat[j];
      /* "facilities for its operations", "condemned its strikes": the
       * owner of the object noun */
      if (m->kind == NG_MK_PRONOUN && m->possessive && m->entity >= 0 &&
          j + 1 < c->s_te && is_word(c, j + 1) && !mention_at(c, j + 1))
        return c->mat[j];
      j = m->te - 1;
      continue;
    }
    if (!is_word(c, j))
      continue;
    ng_wclass k = wc(c, j);
    if (k & NG_WC_PREP) {
      int ok = (k & NG_WC_VPARTICLE) != 0;
      /* "scores of refugees", "dozens of soldiers": a quantity, not a
       * phrase of its own; "shelled positions of X", "demolished the
       * homes of X": the owner of what was acted on */
      if (ng_doc_key_is(c->d, c->sent, j, "of") && j > e && is_word(c, j - 1) &&
          ((wc(c, j - 1) & (NG_WC_NUMBER | NG_WC_QUANT | NG_WC_PART)) ||
           (!in_pp && j <= e + 3)))
        ok = 1;
      /* "the role of the coalition in the fight against ISIS": once
       * inside a phrase of its own, a later particle stays in it */
      if (!(in_pp == 2 && ok))
        in_pp = ok && allow_preps ? 0 : (ok ? 1 : 2);
      continue;
    }
    if (k & (NG_WC_RELATIVE | NG_WC_SAY))
      return -1;
    /* another verb ends the object; a verb-like word after a
     * determiner, a quantifier or an adjective is a noun ("all official
     * contact with X", "a day-old blockade on X") */
    if (ng_evdict_is_verb(c->ev, &c->t[j]) && !(k & NG_WC_AUX) &&
        (c->t[j].flags & NG_TF_WORD) && j > e + 1 &&
        /* "to war-torn X", "the US-led coalition": a compound adjective */
        !(c->t[j - 1].flags & NG_TF_HYPHEN) &&
        !(is_word(c, j - 1) &&
          ((wc(c, j - 1) & (NG_WC_DETERMINER | NG_WC_QUANT |
                            NG_WC_POSSESSIVE | NG_WC_NUMBER)) ||
           (!mention_at(c, j - 1) && !ng_evdict_is_verb(c->ev, &c->t[j - 1]) &&
            !(wc(c, j - 1) & (NG_WC_FUNCTION | NG_WC_PREP | NG_WC_CONJ |
                              NG_WC_AUX | NG_WC_MODAL | NG_WC_RELATIVE |
                              NG_WC_ADVERB | NG_WC_NEGATION)) &&
            !(c->t[j - 1].flags & NG_TF_CAP)))))
      return -1;
  }
  return -1;
}

/* "A camp for Congolese refugees was attacked": in a passive clause
 * whose subject names no actor, the actor the subject belongs to. */
int32_t ng_ev_passive_owner(const ectx *c, size_t v) {
  for (size_t j = v; j-- > c->s_tb && v - j < ROLE_WINDOW;) {
    if (clause_stop(c, j) || punct_is(c, j, ","))
      return -1;
    const ng_mention *m = mention_at(c, j);
    if (m && role_ok(m) && m->tb > c->s_tb &&
        (ng_doc_key_is(c->d, c->sent, m->tb - 1, "for") ||
         ng_doc_key_is(c->d, c->sent, m->tb - 1, "of")))
      return c->mat[j];
    if (m)
      j = m->tb;
  }
  return -1;
}

/* Passive: a form of "be" before a past participle, and "by X" after. */
int ng_ev_passive_agent(const ectx *c, size_t v, size_t ve, int32_t *agent) {
  size_t j = v;
  int be = 0;
  while (j > c->s_tb && v - j < 4) {
    j--;
    if (is_word(c, j) && (wc(c, j) & NG_WC_BE)) {
      be = 1;
      break;
    }
    if (!(is_word(c, j) && (wc(c, j) & (NG_WC_NEGATION | NG_WC_AUX))) &&
        !(is_word(c, j) && c->t[j].key_len > 2 &&
          !memcmp(c->t[j].key + c->t[j].key_len - 2, "ly", 2)))
      break;
  }
  /* a participle after a comma ("The ultimatum, conveyed by X") is a
   * reduced passive too */
  if (!be && !(v > c->s_tb && punct_is(c, v - 1, ",")))
    return 0;
  const char *k = c->t[v].key;
  size_t kl = c->t[v].key_len;
  int ed = kl > 2 && (!memcmp(k + kl - 2, "ed", 2) || !memcmp(k + kl - 2, "en", 2) ||
                      !memcmp(k + kl - 1, "t", 1) || !strcmp(k, "met") ||
                      !strcmp(k, "held") || !strcmp(k, "struck") ||
                      !strcmp(k, "hit") || !strcmp(k, "shot") ||
                      !strcmp(k, "fought") || !strcmp(k, "brought") ||
                      !strcmp(k, "sent") || !strcmp(k, "led"));
  if (!ed)
    return 0;
  *agent = -1;
  int by = 0;
  for (size_t x = ve; x < c->s_te && x < ve + GAP; x++) {
    if (clause_stop(c, x))
      break;
    if (ng_doc_key_is(c->d, c->sent, x, "by")) {
      size_t end;
      by = 1;
      *agent = ng_ev_next_mention(c, x + 1, &end, 0);
      break;
    }
  }
  /* ", conveyed by X" is a reduced passive only with its "by": after an
   * apposition (", the ally, condemned India") the verb is active */
  return be || by;
}

/* Adds the subject mention S to ROLE with the conjuncts to its left:
 * "X and Y agreed", in text order. */
void ng_ev_add_subject(const ectx *c, int32_t *role, uint8_t *n, int32_t s) {
  int32_t left[NG_EVENT_MAX_ROLE];
  size_t nl = 0;
  const ng_mention *m = NG_MENTION(c->d, s);
  size_t j = m->tb;
  for (int guard = 0; guard < 6 && j > c->s_tb; guard++) {
    size_t k = j - 1;
    if (ng_doc_key_is(c->d, c->sent, k, "the") && k > c->s_tb)
      k--; /* "X and the Kurdistan Regional Government" */
    if (!(ng_doc_key_is(c->d, c->sent, k, "and") || punct_is(c, k, ",")))
      break;
    if (k > c->s_tb && ng_doc_key_is(c->d, c->sent, k - 1, "the"))
      k--;
    if (k == c->s_tb)
      break;
    const ng_mention *pm2 = mention_at(c, k - 1);
    if (!pm2 || !role_ok(pm2) || ng_ev_is_prep_before(c, pm2->tb) ||
        nl + 1 == NG_EVENT_MAX_ROLE)
      break;
    left[nl++] = c->mat[k - 1];
    j = pm2->tb;
  }
  while (nl > 0)
    ng_ev_add_role(c, role, n, left[--nl]);
  ng_ev_add_role(c, role, n, s);
}
