/* event.c - who did what to whom.
 *
 * Triggers are verbs and nouns of the event dictionary.  For each
 * trigger the most specific pattern that matches around it gives the
 * CAMEO code; the roles come from the pattern's $ and + slots when it
 * has them, else from the clause: the subject (walking left over
 * auxiliaries, adverbials, appositions and relative pronouns), the
 * direct object or the object of a particle preposition, the by-agent
 * of a passive, the owner of a nominal ("its cooperation with X"), the
 * subject of the verb that governs a nominal ("issued an ultimatum to
 * X"), and the source of the main clause for a participle
 * (", demanding ...").  An event needs a source actor; sources and
 * targets are entities (coreference already ran).
 *
 * Every search is bounded by a window and by the sentence, so the stage
 * is linear in the tokens. */
#include <stdlib.h>

#include "evdict.h"
#include "event/coder.h"
#include "event/policy.h"
#include "kb.h"
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
  size_t s_tb, s_te;
  size_t first_event; /* first event of the current sentence */
  /* the tree coder's, for the events it is making (else NULL, 0) */
  const char *pattern_text;
  uint8_t tree_neg, tree_if;
  uint8_t need_target; /* the tree pass: no event without a target */
} ectx;

static ng_wclass wc(const ectx *c, size_t i) {
  return ng_lexicon_word(c->lex, &c->t[i]);
}

static int key_is(const ectx *c, size_t i, const char *k) {
  /* keys are NUL-terminated: the first bytes decide most calls */
  return i >= c->s_tb && i < c->s_te && c->t[i].key[0] == k[0] &&
         c->t[i].key_len == strlen(k) &&
         !memcmp(c->t[i].key, k, c->t[i].key_len);
}

static int is_word(const ectx *c, size_t i) {
  return i >= c->s_tb && i < c->s_te && (c->t[i].flags & NG_TF_WORD);
}

static int punct_is(const ectx *c, size_t i, const char *chars) {
  if (i < c->s_tb || i >= c->s_te || !(c->t[i].flags & NG_TF_PUNCT) ||
      c->t[i].e - c->t[i].b != 1)
    return 0;
  return strchr(chars, c->d->text[c->t[i].b]) != NULL;
}

/* Tokens a pattern or role search never crosses. */
static int clause_stop(const ectx *c, size_t i) {
  return punct_is(c, i, ";:()[]") || (c->t[i].flags & NG_TF_QUOTE) ||
         (c->t[i].flags & NG_TF_SENT_END);
}

static const ng_mention *mention_at(const ectx *c, size_t i) {
  if (i < c->s_tb || i >= c->s_te || c->mat[i] < 0)
    return NULL;
  return NG_MENTION(c->d, c->mat[i]);
}

/* A comma and a conjunction at I: "vetoed the resolution, and Iran
 * ...", ", but", ", while".  Before an object they open a clause of
 * their own (a list of objects has its first one before them). */
static int clause_joint(const ectx *c, size_t i) {
  return punct_is(c, i, ",") && i + 1 < c->s_te &&
         (key_is(c, i + 1, "and") || key_is(c, i + 1, "but") ||
          key_is(c, i + 1, "while") || key_is(c, i + 1, "whereas"));
}

/* An actor usable in a role: not a country named as a place. */
static int role_ok(const ng_mention *m) {
  return m && m->entity >= 0 && !m->locative && m->kind != NG_MK_DEMONYM;
}

/* ---- pattern matching ---- */

typedef struct pmatch {
  const ng_pattern *p;
  int32_t src, tgt;   /* mention indexes from $ and +, or -1 */
  size_t last;        /* the last token the pattern used */
  int score;
} pmatch;

static int attribution_after(const ectx *c, size_t j);

/* Finds the next mention start at or after I (within GAP, no clause
 * stop, no attribution: ", the UN agency reported"); its index or -1;
 * END gets the token after it. */
static int32_t next_mention(const ectx *c, size_t i, size_t *end,
                            int place_ok) {
  for (size_t j = i; j < c->s_te && j < i + GAP; j++) {
    if (clause_stop(c, j) || attribution_after(c, j))
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
      int32_t mi = next_mention(c, pos, &end,
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
      for (size_t j = pos; j < c->s_te && j < lim; j++) {
        if (clause_stop(c, j))
          break;
        if (ng_pe_match(e, c->t, c->s_te, j, &end)) {
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

static int is_prep_before(const ectx *c, size_t i) {
  if (i <= c->s_tb)
    return 0;
  size_t j = i - 1;
  if (key_is(c, j, "the") && j > c->s_tb)
    j--;
  /* "Like the UAE, Bahrain recognized Israel", "unlike France": a
   * comparison, not a partner ("like" opening its clause, not the verb
   * of "would like") */
  if (key_is(c, j, "unlike") ||
      (key_is(c, j, "like") && (j == c->s_tb || punct_is(c, j - 1, ","))))
    return 1;
  if (!is_word(c, j) || !(wc(c, j) & NG_WC_PREP) || key_is(c, j, "by"))
    return 0;
  /* "thousands of Iraqi Kurds", "a group of students": the "of" phrase
   * names who the quantity is */
  if (key_is(c, j, "of") && j > c->s_tb && is_word(c, j - 1) &&
      (wc(c, j - 1) & (NG_WC_NUMBER | NG_WC_QUANT | NG_WC_QUANTITY)))
    return 0;
  return 1;
}

/* Adds the mention at M and those joined to it by "and" / "," to ROLE. */
static void add_role(const ectx *c, int32_t *role, uint8_t *n, int32_t mi) {
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
static void add_conjuncts_right(const ectx *c, int32_t *role, uint8_t *n,
                                int32_t mi) {
  size_t j = NG_MENTION(c->d, mi)->te;
  int32_t found[NG_EVENT_MAX_ROLE];
  size_t nf = 0;
  int closed = 0;
  for (int guard = 0; guard < 6 && j < c->s_te && !closed; guard++) {
    size_t k = j;
    if (punct_is(c, k, ","))
      k++;
    if (key_is(c, k, "and") || key_is(c, k, "or")) {
      k++;
      closed = 1;
    }
    if (k == j)
      break;
    if (key_is(c, k, "the") || (is_word(c, k) && (wc(c, k) & NG_WC_POSSESSIVE) &&
                                !mention_at(c, k)))
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
    add_role(c, role, n, found[k]);
}

/* The subject of the verb at V: walk left.  For a nominal (NOUN set)
 * the subject of a reporting verb that governs it counts ("X announced
 * a halt"); for a verb, a reporting verb before it ends the search ("X
 * said Y attacked": the subject is Y or nobody). */
/* The word governing an infinitive at V ("threatened on Monday to
 * break": "threatened"), over adverbs and a time expression between it
 * and "to"; (size_t)-1 when V is no infinitive. */
static size_t infinitive_head(const ectx *c, size_t v) {
  if (v <= c->s_tb || !key_is(c, v - 1, "to"))
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

static int ends_with(const ng_token *t, const char *suf) {
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
  if (ends_with(&c->t[j], "ly") || ends_with(&c->t[j], "ed") ||
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
static int modifier_position(const ectx *c, size_t j) {
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
           !modifier_position(c, k);
  }
  return 0;
}

static int32_t subject_of(const ectx *c, size_t v, int noun) {
  size_t j = v;
  int commas = 0, verbs = 0, conj = 0;
  size_t head = noun ? (size_t)-1 : infinitive_head(c, v);
  while (j > c->s_tb && v - j < ROLE_WINDOW * 2) {
    j--;
    if (clause_stop(c, j))
      return -1;
    if (key_is(c, j, "and") || key_is(c, j, "or"))
      conj = 1;
    const ng_mention *m = mention_at(c, j);
    /* "A bomb killed one U.S. soldier and wounded two others": after
     * "and", the object of the verb before is not our subject */
    if (m && conj && !noun && object_of_verb_before(c, m))
      return -1;
    if (m) {
      /* "its allies": a possessive modifies a noun, it is no subject */
      if (role_ok(m) && !is_prep_before(c, m->tb) &&
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
       * apposition that opens with an article after an earlier comma */
      for (size_t k2 = j; k2-- > c->s_tb && j - k2 < 16;) {
        if (clause_stop(c, k2))
          break;
        if (punct_is(c, k2, ",")) {
          if (k2 + 1 < j && is_word(c, k2 + 1) &&
              (wc(c, k2 + 1) & NG_WC_DETERMINER))
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
      if (noun && key_is(c, j, "that"))
        return -1;
      continue;
    }
    if ((k & NG_WC_SAY) && !noun)
      return -1;
    /* a nominal's source is the subject of the verb that governs it
     * ("X conducted attacks", "X announced a halt"), not of a verb
     * further away */
    if (noun && is_word(c, j) && !(k & (NG_WC_AUX | NG_WC_NEGATION)) &&
        ng_evdict_is_verb(c->ev, &c->t[j]) && !modifier_position(c, j) &&
        ++verbs > 1)
      return -1;
    /* "X along with its allies demanded", "X together with Y": the
     * phrase adds partners, the subject is before it */
    if (is_word(c, j)) {
      size_t q = j, stop = j > c->s_tb + 5 ? j - 5 : c->s_tb;
      while (q > stop && !key_is(c, q, "with"))
        q--;
      if (key_is(c, q, "with") && q > c->s_tb &&
          (key_is(c, q - 1, "along") || key_is(c, q - 1, "together"))) {
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

/* The object after the trigger (tokens from E): the first actor before
 * a clause stop, over determiners, adjectives, adverbials between commas
 * and particle prepositions; never one inside an "of"/"in" phrase. */
/* ", the UN agency reported", ", X said": at J a comma that opens the
 * attribution of the sentence, which ends the clause before it. */
static int attribution_after(const ectx *c, size_t j) {
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

static int32_t object_of(const ectx *c, size_t e, int allow_preps) {
  int in_pp = 0;
  for (size_t j = e; j < c->s_te && j < e + ROLE_WINDOW; j++) {
    if (clause_stop(c, j) || attribution_after(c, j))
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
      if (key_is(c, j, "of") && j > e && is_word(c, j - 1) &&
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
static int32_t passive_owner(const ectx *c, size_t v) {
  for (size_t j = v; j-- > c->s_tb && v - j < ROLE_WINDOW;) {
    if (clause_stop(c, j) || punct_is(c, j, ","))
      return -1;
    const ng_mention *m = mention_at(c, j);
    if (m && role_ok(m) && m->tb > c->s_tb &&
        (key_is(c, m->tb - 1, "for") || key_is(c, m->tb - 1, "of")))
      return c->mat[j];
    if (m)
      j = m->tb;
  }
  return -1;
}

/* Passive: a form of "be" before a past participle, and "by X" after. */
static int passive_agent(const ectx *c, size_t v, size_t ve, int32_t *agent) {
  size_t j = v;
  int be = 0;
  while (j > c->s_tb && v - j < 4) {
    j--;
    if (key_is(c, j, "was") || key_is(c, j, "were") || key_is(c, j, "been") ||
        key_is(c, j, "being") || key_is(c, j, "is") || key_is(c, j, "are") ||
        key_is(c, j, "be")) {
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
    if (key_is(c, x, "by")) {
      size_t end;
      by = 1;
      *agent = next_mention(c, x + 1, &end, 0);
      break;
    }
  }
  /* ", conveyed by X" is a reduced passive only with its "by": after an
   * apposition (", the ally, condemned India") the verb is active */
  return be || by;
}

/* "a statement condemning", "a resolution calling for": a document
 * whose participle says what its author did. */
static int statement_noun(const ectx *c, size_t i) {
  return i >= c->s_tb && is_word(c, i) && (wc(c, i) & NG_WC_DOCUMENT);
}

/* A headline in title case ("Iraq Demands US Withdrawal"): its
 * capitalised words may still be verbs. */
static int titlecase_sentence(const ectx *c) {
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
static int verb_use(const ectx *c, size_t v, const char *lemma) {
  if (mention_at(c, v))
    return 0;
  const ng_token *t = &c->t[v];
  /* a past form ("killed", "struck") right after a plural noun is the
   * verb of that noun: "guerrillas killed", "students demonstrated" */
  int past = !ends_with(t, "ing") && t->key_len > 2 &&
             t->key[t->key_len - 1] != 's' &&
             (strlen(lemma) != t->key_len ||
              memcmp(lemma, t->key, t->key_len)) && !strchr(lemma, ' ');
  if (past && v > c->s_tb && is_word(c, v - 1) && !mention_at(c, v - 1) &&
      ends_with(&c->t[v - 1], "s") &&
      !(wc(c, v - 1) & (NG_WC_FUNCTION | NG_WC_PREP | NG_WC_AUX)) &&
      (!ng_evdict_is_verb(c->ev, &c->t[v - 1]) ||
       /* "its allies condemned": after a possessive or an article the
        * word is a noun even when it could be a verb */
       (v - 1 > c->s_tb && is_word(c, v - 2) &&
        (wc(c, v - 2) & (NG_WC_POSSESSIVE | NG_WC_DETERMINER)))))
    return 1;
  int ing = ends_with(t, "ing");
  if (v == c->s_tb)
    return !ing;
  size_t p = v - 1;
  /* look through adverbs and days: "again rejected", "on Monday hosted" */
  while (p > c->s_tb && is_word(c, p) && !mention_at(c, p) &&
         ((wc(c, p) & (NG_WC_ADVERB | NG_WC_WEEKDAY)) ||
          (ends_with(&c->t[p], "ly") && !(wc(c, p) & NG_WC_FUNCTION)) ||
          key_is(c, p, "today") || key_is(c, p, "yesterday")))
    p--;
  if (p < v - 1 && key_is(c, p, "on") && p > c->s_tb)
    p--; /* "X on Saturday hosted" */
  const ng_token *pt = &c->t[p];
  if (pt->flags & (NG_TF_POSS | NG_TF_HYPHEN))
    return 0; /* "Iraq's attack", "US-led" */
  if (ing) {
    if (key_is(c, p, "is") || key_is(c, p, "are") || key_is(c, p, "was") ||
        key_is(c, p, "were") || key_is(c, p, "been") || key_is(c, p, "be"))
      return 1;
    if (p + 1 == v && statement_noun(c, p))
      return 1;
    /* "thanked X for providing Y": a gerund after "for" */
    if (key_is(c, p, "for"))
      return 1;
    if (punct_is(c, p, ",")) {
      size_t n = v + 1;
      return !(n < c->s_te && (punct_is(c, n, ",") || key_is(c, n, "and") ||
                               key_is(c, n, "or")));
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
  if (key_is(c, p, "to") || key_is(c, p, "also") || key_is(c, p, "then") ||
      key_is(c, p, "jointly") || key_is(c, p, "reportedly"))
    return 1;
  if (k & (NG_WC_DETERMINER | NG_WC_POSSESSIVE | NG_WC_QUANT | NG_WC_NUMBER |
           NG_WC_PREP))
    return 0;
  if (ends_with(pt, "ly"))
    return 1; /* an adverb: "strongly condemned" */
  /* any other word before it ("Tulsa rally", "mounting pressure"): an
   * adjective or the first noun of a compound; subjects are actors the
   * mention stage found */
  return 0;
}

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
      if (!key_is(c, j, "unless") && !key_is(c, j, "if"))
        continue;
      for (size_t k = j + 1; k < c->s_te && k < j + 6; k++) {
        const ng_mention *m = mention_at(c, k);
        if (m && role_ok(m) && !is_prep_before(c, m->tb)) {
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

/* The main clause's event before V in this sentence, or NULL. */
static const ng_event *clause_event(const ectx *c, size_t v) {
  if (c->d->events.n > c->first_event) {
    const ng_event *o = NG_EVENT(c->d, c->d->events.n - 1);
    if (o->tb < v)
      return o;
  }
  return NULL;
}

/* The same, but of a pair ("X met Y": X on Y, then Y on X) the first,
 * whose source is the clause's subject. */
static const ng_event *clause_event_forward(const ectx *c, size_t v) {
  const ng_event *o = clause_event(c, v);
  if (o && o > NG_EVENT(c->d, c->first_event)) {
    const ng_event *f = o - 1;
    if (f->tb == o->tb && f->te == o->te && f->n_src && f->n_tgt &&
        o->n_src && o->n_tgt && f->src[0] == o->tgt[0] &&
        f->tgt[0] == o->src[0])
      return f;
  }
  return o;
}

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
static int light_verb(const ectx *c, const char *lemma, int realizing) {
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
  return j + 1 < c->s_te && key_is(c, j, "to") &&
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

/* Adds the subject mention S to ROLE with the conjuncts to its left:
 * "X and Y agreed", in text order. */
static void add_subject(const ectx *c, int32_t *role, uint8_t *n, int32_t s) {
  int32_t left[NG_EVENT_MAX_ROLE];
  size_t nl = 0;
  const ng_mention *m = NG_MENTION(c->d, s);
  size_t j = m->tb;
  for (int guard = 0; guard < 6 && j > c->s_tb; guard++) {
    size_t k = j - 1;
    if (key_is(c, k, "the") && k > c->s_tb)
      k--; /* "X and the Kurdistan Regional Government" */
    if (!(key_is(c, k, "and") || punct_is(c, k, ",")))
      break;
    if (k > c->s_tb && key_is(c, k - 1, "the"))
      k--;
    if (k == c->s_tb)
      break;
    const ng_mention *pm2 = mention_at(c, k - 1);
    if (!pm2 || !role_ok(pm2) || is_prep_before(c, pm2->tb) ||
        nl + 1 == NG_EVENT_MAX_ROLE)
      break;
    left[nl++] = c->mat[k - 1];
    j = pm2->tb;
  }
  while (nl > 0)
    add_role(c, role, n, left[--nl]);
  add_role(c, role, n, s);
}

static ng_status finish_trigger(ectx *c, const ng_trigger *t,
                                const ng_pattern *p, size_t v, size_t ve,
                                size_t last, int32_t *src, uint8_t ns,
                                int32_t *tgt, uint8_t nt, int tgt_bound,
                                uint32_t sent);

static ng_status code_trigger(ectx *c, const ng_trigger *t, size_t v,
                              size_t ve, uint32_t sent) {
  pmatch pm = {NULL, -1, -1, 0, 0};
  int found = best_pattern(c, t, v, ve, &pm);
  if (found <= 0)
    return found < 0 ? NG_ERR_NOMEM : NG_OK;
  const ng_pattern *p = pm.p;
  int32_t src[NG_EVENT_MAX_ROLE], tgt[NG_EVENT_MAX_ROLE];
  uint8_t ns = 0, nt = 0;
  int32_t agent = -1;
  int passive = !t->noun && passive_agent(c, v, ve, &agent);
  /* source */
  if (pm.src >= 0) {
    add_role(c, src, &ns, pm.src);
  } else if (passive) {
    if (agent >= 0)
      add_role(c, src, &ns, agent);
  } else if (t->noun) {
    /* "its cooperation", "Iraq's attack": the owner */
    if (v > c->s_tb) {
      size_t p0 = v - 1;
      while (p0 > c->s_tb && is_word(c, p0) && !mention_at(c, p0) &&
             !(wc(c, p0) & (NG_WC_DETERMINER | NG_WC_PREP | NG_WC_CONJ)) &&
             v - p0 < 4 && !(c->t[p0].flags & NG_TF_POSS) &&
             /* "X began joint exercises": X is the verb's subject */
             !(ng_evdict_is_verb(c->ev, &c->t[p0]) &&
               !modifier_position(c, p0) && mention_at(c, p0 - 1) &&
               !is_prep_before(c, mention_at(c, p0 - 1)->tb)))
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
        add_role(c, src, &ns, c->mat[m->tb]);
    }
    /* "attacks by X" */
    for (size_t x = ve; !ns && x < c->s_te && x < ve + GAP; x++) {
      if (clause_stop(c, x))
        break;
      if (key_is(c, x, "by")) {
        size_t end;
        int32_t mi = next_mention(c, x + 1, &end, 0);
        if (mi >= 0)
          add_role(c, src, &ns, mi);
        break;
      }
    }
    if (!ns) {
      /* the subject of the verb that governs the noun: "X issued an
       * ultimatum", "X conducted attacks" */
      /* "X and Y began joint exercises": both */
      int32_t s = subject_of(c, v, 1);
      if (s >= 0)
        add_subject(c, src, &ns, s);
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
    else if (ends_with(&c->t[v], "ing") && statement_noun(c, v - 1))
      s = subject_of(c, v - 1, 1); /* "X issued a statement condemning" */
    else if (ends_with(&c->t[v], "ing") && key_is(c, v - 1, "for") &&
             praised_for(c) >= 0)
      s = -4; /* marker: the one thanked or praised for it */
    else
      s = subject_of(c, v, 0);
    if (s == -3) {
      for (uint8_t k = 0; k < prev->n_src && ns < NG_EVENT_MAX_ROLE; k++)
        src[ns++] = prev->src[k];
    } else if (s == -4) {
      src[ns++] = praised_for(c);
    } else if (s >= 0) {
      add_subject(c, src, &ns, s);
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
    add_role(c, tgt, &nt, pm.tgt);
    add_conjuncts_right(c, tgt, &nt, pm.tgt);
  } else if (passive && !t->noun) {
    int32_t s = subject_of(c, v, 0);
    if (s < 0)
      s = passive_owner(c, v);
    if (s >= 0)
      add_role(c, tgt, &nt, s);
  } else if (!t->noun) {
    /* else after the words the pattern used: "lifted a blockade on X" */
    int32_t o = object_of(c, ve, 1);
    if (o < 0 && pm.last + 1 > ve)
      o = object_of(c, pm.last + 1, 1);
    if (o >= 0) {
      add_role(c, tgt, &nt, o);
      add_conjuncts_right(c, tgt, &nt, o);
    }
  }
  return finish_trigger(c, t, p, v, ve, pm.last, src, ns, tgt, nt,
                        pm.tgt >= 0, sent);
}

/* ---- the named conditions of data/events/policy.tsv ---- */

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
  if (bare ? !light_verb(c, lm, 0) : !(w & NG_WC_LIGHT))
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
    if (!(key_is(c, j, "in") || key_is(c, j, "to") || key_is(c, j, "at")))
      continue;
    size_t k = key_is(c, j + 1, "the") ? j + 2 : j + 1;
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
  const ng_event *o = clause_event(pc->c, pc->v);
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
    [NG_PC_HALTED_AFTER] = pred_halted,
    [NG_PC_SPORTS] = pred_sports,
    [NG_PC_TALLY] = pred_tally};

/* What every coder does once it has the roles of trigger T (tokens
 * [V, VE), pattern P, the last token the pattern used LAST; TGT_BOUND:
 * the pattern's + named the target): the domain rules on the roles and
 * the code, then the event and its reverse. */
static ng_status finish_trigger(ectx *c, const ng_trigger *t,
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
    int r = ng_policy_apply(c->ev->policy.items, c->ev->policy.n,
                            policy_preds, policy_redirects,
                            policy_target_type, &pc, &pe, &c->d->arena,
                            &trace);
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
    if (t && ve <= i && light_verb(c, t->lemma, 1))
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
  int neg, cond;
  ng_tree_factuality(tc, v, &neg, &cond);
  c->tree_neg = (uint8_t)neg;
  c->tree_if = (uint8_t)cond;
  c->need_target = !c->d->events_tree_only;
  ng_status st = finish_trigger(c, t, m.p, tb, te, m.last, r.src, r.ns,
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
  int titlecase = titlecase_sentence(c);
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
        verb_use(c, i, t->lemma)) {
      /* "called on Y to expel", "instructed Y to provide": the
       * infinitive is what was asked, not an event of its own */
      const ng_event *o =
          i > c->s_tb && key_is(c, i - 1, "to") ? clause_event(c, i) : NULL;
      /* but after "offered to", "threatened to", "refused to" the
       * embedded act says what was offered, threatened or refused: it
       * takes the place of the cue's own event (modality.c codes it) */
      int cue = o &&
                ng_evdict_cue(c->ev, c->t, c->s_te, o->tb) != NG_MOD_NONE &&
                ng_evdict_cue(c->ev, c->t, c->s_te, o->tb) != NG_MOD_PURPOSE;
      if (o && i - o->tb <= 10 && !cue)
        continue;
      size_t cue_event = o ? (size_t)(o - NG_EVENT(d, 0)) : 0;
      st = code_trigger(c, t, i, ve, (uint32_t)si);
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
      st = code_trigger(c, t, i, ve, (uint32_t)si);
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
