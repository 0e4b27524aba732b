/* evdict.h - the event dictionary: verb forms, verb and noun patterns
 * with CAMEO codes, synonym sets, and the CAMEO code table with PLOVER
 * categories.  Loaded from data/cameo.tsv and data/events/. */
#ifndef NG_EVDICT_H
#define NG_EVDICT_H

#include <pthread.h>
#include <stdatomic.h>

#include "doc.h"
#include "phrase.h"

/* One element of a compiled pattern. */
typedef enum ng_pe_kind {
  NG_PE_WORD = 0, /* a word (plural forms match unless exact) */
  NG_PE_SET,      /* a synonym set, &name */
  NG_PE_SRC,      /* $: the source actor */
  NG_PE_TGT,      /* +: the target actor */
  NG_PE_SKIP,     /* ^: any one token */
  NG_PE_OPEN,     /* { : the next elements up to } are contiguous */
  NG_PE_CLOSE,    /* } */
  NG_PE_POSS      /* 's or a possessive pronoun: the owner is the source */
} ng_pe_kind;

typedef struct ng_pe {
  uint8_t kind;
  uint8_t exact;  /* a word that must match exactly */
  uint8_t ntok;   /* tokens of a multi-word word element */
  char first;     /* WORD: the first byte of every key it matches, or 0
                     (a one-letter first word) */
  const char *word; /* joined keys for WORD; NULL otherwise */
  const ng_phrases *set;
} ng_pe;

typedef struct ng_pattern {
  char code[8];        /* CAMEO code of the event ("" when the pattern
                          codes only the reverse event) */
  char rev[8];         /* "042:043": the code of the reverse event, or "" */
  const char *lemma;
  const char *text;    /* the pattern as written, for ng:pattern */
  const char *origin;  /* "core.tsv:12", "CAMEO.2.0.txt:718" */
  ng_pe *pre, *post;   /* elements before (nearest first) and after '*' */
  uint8_t n_pre, n_post;
  uint8_t specificity; /* words and sets: 2 after the trigger, 1 before */
  uint8_t core;        /* from our curated table: wins ties */
  uint8_t noun;        /* a noun trigger pattern */
} ng_pattern;

typedef struct ng_trigger {
  const char *lemma;
  ng_vec patterns;     /* ng_pattern *: read them through
                          ng_evdict_patterns(), which builds them */
  uint8_t noun;
  uint8_t stop;        /* in the stoplist: no bare converted pattern */
  uint8_t has_forms;   /* a forms file gave it its inflected forms */
  atomic_int built;    /* PENDING made patterns (or none to make) */
  ng_vec pending;      /* rows of the converted CAMEO dictionary, made
                          patterns on the trigger's first use: most of
                          its 46,000 rows are verbs a run never meets */
} ng_trigger;

typedef struct ng_cameo_code {
  char code[8];
  const char *name;
  const char *plover;  /* or NULL */
  uint8_t quad;
  float goldstein;
} ng_cameo_code;

/* Modes of data/events/modality.tsv. */
typedef enum ng_modality {
  NG_MOD_NONE = 0,
  NG_MOD_INTENT,  /* offered, promised, will: an intent (CAMEO 03) */
  NG_MOD_THREAT,  /* threatened, warned: a threat (CAMEO 13) */
  NG_MOD_REJECT,  /* refused, declined, did not: a rejection (CAMEO 12) */
  NG_MOD_PURPOSE, /* aims to, in order to: a goal, not an event */
  NG_MOD_ATTEMPT, /* tried to, attempted to: an act of force stands (an
                     attempted assassination is CAMEO 185); else a goal */
  NG_MOD_COUNT_
} ng_modality;

/* A verb of saying or believing of data/events/reported.tsv: its clausal
 * complement may accuse its doer. */
typedef struct ng_reported_verb {
  uint8_t any;         /* 1: any clause with a doer; 0: one that imputes */
  char code[8];        /* the code of the accusation */
  const char *origin;  /* "reported.tsv:LINE" */
} ng_reported_verb;

struct ng_evdict {
  ng_arena *arena;
  ng_phrases verb_forms;  /* form -> ng_trigger (verbs) */
  ng_phrases noun_forms;  /* form -> ng_trigger (nouns) */
  ng_map lemmas;          /* "verb:lemma" / "noun:lemma" -> ng_trigger */
  ng_map synsets;         /* "&name" -> ng_phrases */
  ng_map codes;           /* "043" -> ng_cameo_code */
  ng_map cues;            /* lemma or adjective -> ng_modality */
  ng_map modal_map[NG_MOD_COUNT_]; /* code prefix -> recoded code */
  ng_vec policy;          /* ng_policy_rule (event/policy.h), in order */
  ng_map reported;        /* verb lemma -> ng_reported_verb */
  ng_map imputed;         /* predicate word -> non-NULL */
  size_t n_patterns;
  uint64_t hash;
  pthread_mutex_t lazy_lock; /* makes pending rows patterns, one thread
                                at a time (in the world's arena) */
  const char *lazy_file;     /* the file of the pending rows */
  size_t lazy_file_len;
};

/* The patterns of trigger T in dictionary order (converted CAMEO rows,
 * then our curated ones), made on first use; safe from several threads.
 * NULL when out of memory. */
const ng_vec *ng_evdict_patterns(const ng_evdict *ev, const ng_trigger *t);

/* The mode a word governs ("offered" -> intent) by its key or, for a
 * verb form, its lemma; NG_MOD_NONE when none. */
ng_modality ng_evdict_cue(const ng_evdict *ev, const ng_token *toks,
                          size_t n, size_t i);

/* CODE in MODE: the code the longest matching prefix maps to, or NULL. */
const char *ng_evdict_recode(const ng_evdict *ev, ng_modality mode,
                             const char *code);

/* 1 when token T is a form of a verb in the dictionary. */
int ng_evdict_is_verb(const ng_evdict *ev, const ng_token *t);

/* The trigger (verb when NOUN is 0, noun otherwise) starting at token I;
 * END gets the token after the trigger words ("called on").  NULL when
 * none. */
const ng_trigger *ng_evdict_trigger(const ng_evdict *ev, const ng_token *toks,
                                    size_t n, size_t i, int noun,
                                    size_t *end);

/* The reported.tsv row of verb lemma LEMMA (LEN bytes), or NULL. */
const ng_reported_verb *ng_evdict_reported(const ng_evdict *ev,
                                           const char *lemma, size_t len);

/* 1 when WORD (LEN bytes, lower case) is an "imputed" word of
 * reported.tsv. */
int ng_evdict_imputed(const ng_evdict *ev, const char *word, size_t len);

/* The code table entry for CODE, or NULL. */
const ng_cameo_code *ng_evdict_code(const ng_evdict *ev, const char *code);

/* 1 when the word element E matches at token I of TOKS (N tokens);
 * END gets the token after the match.  Call ng_pe_match (below), which
 * answers most calls without a call. */
int ng_pe_match_at(const ng_pe *e, const ng_token *toks, size_t n, size_t i,
                   size_t *end);

/* Most calls try a word on a token that cannot begin it, or a synonym
 * set on a token that begins none of its phrases. */
static inline int ng_pe_match(const ng_pe *e, const ng_token *toks, size_t n,
                              size_t i, size_t *end) {
  if (i >= n)
    return 0;
  if (e->first) {
    if (toks[i].key[0] != e->first && !(toks[i].flags & NG_TF_HYPHEN))
      return 0;
  } else if (e->kind == NG_PE_SET) {
    if (!e->set->map.n)
      return 0;
    uint32_t bit = ng_phrases_filter_bit(toks[i].hash);
    if (!(e->set->first[bit / 64] & ((uint64_t)1 << (bit % 64))))
      return 0;
  }
  return ng_pe_match_at(e, toks, n, i, end);
}

#endif /* NG_EVDICT_H */
