/* doc.h - the analysed document that flows through the pipeline.
 *
 * Each stage reads the annotations already on the document and adds its
 * own; all of them refer to the text by token indexes, and tokens carry
 * byte and code-point offsets.  Strings hang off the doc's arena.
 *
 * Stages, in order (one file each):
 *   text.c      ng_stage_text      validate, keep the text
 *   token.c     ng_stage_tokens    tokens with offsets and match keys
 *   sentence.c  ng_stage_sentences sentence boundaries
 *   timex.c     ng_stage_timex     time expressions with TIMEX3 values
 *   mention.c   ng_stage_mentions  actor mentions (KB + discovery)
 *   syntax/stage.c ng_stage_syntax  UD tags, lemmas and dependencies
 *                                  (doc->deps; none without a model) of
 *                                  the sentences that need them
 *   actor_tree.c ng_stage_actor_tree posts and people read off the tree
 *   coref.c     ng_stage_coref     mentions -> entities (doc actors)
 *   event/stage.c ng_stage_events  who did what to whom
 *   attrib.c    ng_stage_attrib    event dates and places, sources ("says who")
 *   modality.c  ng_stage_modality  intents, threats, refusals, factuality,
 *                                  repeats merged
 *   graph.c     ng_doc_emit        the RDF graph
 */
#ifndef NG_DOC_H
#define NG_DOC_H

#include "internal.h"

/* ---- tokens ---- */

enum {
  NG_TF_WORD = 1u << 0,    /* contains a letter */
  NG_TF_NUM = 1u << 1,     /* starts with a digit */
  NG_TF_PUNCT = 1u << 2,   /* neither letter nor digit */
  NG_TF_CAP = 1u << 3,     /* first letter upper case */
  NG_TF_UPPER = 1u << 4,   /* two or more letters, all upper case */
  NG_TF_SPACE = 1u << 5,   /* white space before the token */
  NG_TF_NEWLINE = 1u << 6, /* a line break before the token */
  NG_TF_ABBREV = 1u << 7,  /* abbreviation with its period ("Lt.", "U.S.") */
  NG_TF_HYPHEN = 1u << 8,  /* a hyphen or dash joining two words */
  NG_TF_POSS = 1u << 9,    /* possessive 's or ' */
  NG_TF_QUOTE = 1u << 10,  /* a quotation mark */
  NG_TF_SENT_END = 1u << 11, /* . ! ? that ends a sentence */
  NG_TF_PARA = 1u << 12    /* a blank line (paragraph break) before */
};

typedef struct ng_token {
  uint32_t b, e;     /* byte offsets [b, e) in doc->text */
  uint32_t cb, ce;   /* code-point offsets [cb, ce) */
  const char *key;   /* match key: lower case, no diacritics, typographic
                        apostrophes as ', no abbreviation periods */
  uint32_t key_len;
  uint32_t hash;     /* ng_hash32(key) */
  uint32_t sent;     /* sentence index */
  uint16_t flags;
} ng_token;

typedef struct ng_sentence {
  uint32_t tb, te;   /* tokens [tb, te) */
  uint32_t b, e;     /* bytes, first token start to last token end */
  uint32_t cb, ce;   /* code points */
  uint8_t wants_parse; /* the mention stage asks the parse stage for its
                          tree: a post noun that may stand in apposition
                          to a name or before one (actor_tree.c) */
} ng_sentence;

/* ---- syntax (Universal Dependencies), one ng_dep per token ---- */

/* The 17 UD part-of-speech tags. */
typedef enum ng_upos {
  NG_UPOS_X = 0, NG_UPOS_ADJ, NG_UPOS_ADP, NG_UPOS_ADV, NG_UPOS_AUX,
  NG_UPOS_CCONJ, NG_UPOS_DET, NG_UPOS_INTJ, NG_UPOS_NOUN, NG_UPOS_NUM,
  NG_UPOS_PART, NG_UPOS_PRON, NG_UPOS_PROPN, NG_UPOS_PUNCT, NG_UPOS_SCONJ,
  NG_UPOS_SYM, NG_UPOS_VERB, NG_UPOS_COUNT_
} ng_upos;

/* UD basic relations, with the English subtypes the event and actor
 * stages read; any other subtype is its main type ("obl:unmarked" is
 * NG_DEP_OBL), an unknown relation NG_DEP_DEP. */
typedef enum ng_deprel {
  NG_DEP_DEP = 0, NG_DEP_ROOT, NG_DEP_ACL, NG_DEP_ACL_RELCL, NG_DEP_ADVCL,
  NG_DEP_ADVMOD, NG_DEP_AMOD, NG_DEP_APPOS, NG_DEP_AUX, NG_DEP_AUX_PASS,
  NG_DEP_CASE, NG_DEP_CC, NG_DEP_CCOMP, NG_DEP_CLF, NG_DEP_COMPOUND,
  NG_DEP_COMPOUND_PRT, NG_DEP_CONJ, NG_DEP_COP, NG_DEP_CSUBJ,
  NG_DEP_CSUBJ_PASS, NG_DEP_DET, NG_DEP_DET_PREDET, NG_DEP_DISCOURSE,
  NG_DEP_DISLOCATED, NG_DEP_EXPL, NG_DEP_FIXED, NG_DEP_FLAT, NG_DEP_GOESWITH,
  NG_DEP_IOBJ, NG_DEP_LIST, NG_DEP_MARK, NG_DEP_NMOD, NG_DEP_NMOD_POSS,
  NG_DEP_NMOD_TMOD, NG_DEP_NMOD_NPMOD, NG_DEP_NSUBJ, NG_DEP_NSUBJ_PASS,
  NG_DEP_NUMMOD, NG_DEP_OBJ, NG_DEP_OBL, NG_DEP_OBL_AGENT, NG_DEP_OBL_TMOD,
  NG_DEP_OBL_NPMOD, NG_DEP_ORPHAN, NG_DEP_PARATAXIS, NG_DEP_PUNCT,
  NG_DEP_REPARANDUM, NG_DEP_VOCATIVE, NG_DEP_XCOMP, NG_DEP_COUNT_
} ng_deprel;

/* The parse of one token: the syntax stage fills doc->deps with one per
 * token (heads within the token's sentence), or leaves it empty when the
 * world has no syntax model; a token split into several UD words ("Iraq's"
 * never is: the tokeniser splits clitics) carries its head word's
 * analysis.  LEMMA is lower case, in the doc's arena or the model's. */
typedef struct ng_dep {
  int32_t head;       /* token index of the head; -1: the sentence root */
  uint8_t rel;        /* ng_deprel */
  uint8_t upos;       /* ng_upos */
  const char *lemma;  /* never NULL once parsed */
} ng_dep;

/* "NOUN" -> NG_UPOS_NOUN (NG_UPOS_X when unknown); and back. */
ng_upos ng_upos_parse(const char *s, size_t n);
const char *ng_upos_name(ng_upos u);
/* "nsubj:pass" -> NG_DEP_NSUBJ_PASS (see ng_deprel); and back. */
ng_deprel ng_deprel_parse(const char *s, size_t n);
const char *ng_deprel_name(ng_deprel r);

/* ---- time expressions ---- */

typedef struct ng_timex {
  uint32_t tb, te;   /* tokens [tb, te) */
  char type[10];     /* DATE, TIME, DURATION, SET */
  char value[32];    /* TIMEX3 value */
  char mod[16];      /* START, MID, END, APPROX, EQUAL_OR_MORE... or "" */
  uint8_t anchored;  /* 1 when the value comes from the article date */
} ng_timex;

/* ---- actors ---- */

typedef enum ng_actor_type {
  NG_AT_NONE = 0,
  NG_AT_PERSON,
  NG_AT_GOVERNMENT,
  NG_AT_COUNTRY,
  NG_AT_IGO,
  NG_AT_ARMED_GROUP,
  NG_AT_MILITARY,
  NG_AT_MEDIA,
  NG_AT_ORGANIZATION,
  NG_AT_COUNT_
} ng_actor_type;

/* "Person", "Government"... (the ng: class local name) or NULL. */
const char *ng_actor_type_name(ng_actor_type t);
ng_actor_type ng_actor_type_parse(const char *s, size_t n);

typedef enum ng_mention_kind {
  NG_MK_NAME = 0,   /* a name: "Kata'ib Hezbollah", "Lucas Schreurs" */
  NG_MK_TITLE,      /* a title standing for a person: "the Prime Minister" */
  NG_MK_NOMINAL,    /* a description: "the factions", "his government" */
  NG_MK_PRONOUN,    /* he, she, they... */
  NG_MK_DEMONYM     /* "Iraqi" as a modifier standing for its country */
} ng_mention_kind;

typedef struct ng_kb_entry ng_kb_entry; /* kb.h */

/* The rule that linked a mention to its knowledge-base entry, written
 * out as ng:linkRule (ontology/README.md lists them). */
typedef enum ng_link_rule {
  NG_LINK_NONE = 0,
  NG_LINK_NAME,          /* a name or alias of the entry, as written */
  NG_LINK_VARIANT,       /* the same name under the transliteration rules
                            of data/lexicon/variants.tsv */
  NG_LINK_TITLE_SURNAME, /* a title and a surname: the one holder */
  NG_LINK_POST_HOLDER,   /* a title alone: the post's holder at the date */
  NG_LINK_SURNAME,       /* a surname repeating a name linked before */
  NG_LINK_DEMONYM,       /* a demonym: the country */
  NG_LINK_CAPITAL,       /* a capital city standing for the government */
  NG_LINK_PLACE_FOCUS,   /* a place name of several countries: the one
                            the article is about */
  NG_LINK_ROLE,          /* a country's institution named by a noun
                            ("the Iraqi government", "his government") */
  NG_LINK_COUNT_
} ng_link_rule;

/* "name", "variant"... or NULL. */
const char *ng_link_rule_name(ng_link_rule r);

typedef struct ng_mention {
  uint32_t tb, te;      /* tokens [tb, te) of the whole mention */
  uint32_t nb, ne;      /* tokens of the name proper, without title */
  uint8_t kind;         /* ng_mention_kind */
  uint8_t type;         /* ng_actor_type */
  uint8_t plural;       /* a collective ("factions", "troops") */
  uint8_t discovered;   /* not from the knowledge base */
  uint8_t former;       /* "former President X" */
  uint8_t appos_next;   /* a title whose name follows in apposition */
  uint8_t possessive;   /* "his", "their", "his government" */
  uint8_t has_det;      /* a determiner or quantifier before it */
  uint8_t ours;         /* "our agency": the publisher */
  uint8_t locative;     /* a country named as a place ("in Iraq") */
  uint8_t neuter;       /* "its" */
  uint8_t place_only;   /* a city standing for its country as a place */
  uint8_t link;         /* ng_link_rule that set kb */
  const char *candidates; /* a place name of several countries:
                           "LBN;LBY", resolved by coref, else NULL */
  uint8_t dropped;      /* a link the article's context contradicts, on a
                           name too short to stand alone: no actor */
  uint8_t by_context;   /* a name no list knows, found by the words around
                           it ("the airline X", "X reported"): its later
                           occurrences are the same actor */
  uint8_t bare;         /* a lower-case post alone after "the" ("the
                           president", "the Iraqi president"): stands
                           for the one holder of that post the article
                           named before it; with a country and no such
                           holder, for the KB's holder or the country;
                           else for no one */
  const ng_kb_entry *kb;/* the KB entry, or NULL */
  const ng_kb_entry *parent; /* a known organisation it belongs to */
  const char *iso3;     /* the actor's country, or NULL */
  const char *role;     /* CAMEO role code: GOV, MIL, REB, MED... */
  const char *title;    /* post title ("Prime Minister"), or NULL */
  const char *post_label; /* the post as written, when the parse gives
                           more than the title ("caretaker Prime
                           Minister", "spokesperson for the provincial
                           governor"), or NULL: the title */
  const char *rank;     /* military rank ("Lieutenant General"), or NULL */
  const char *head;     /* group or institution noun ("factions") */
  const char *actor;    /* collectives: the noun's own actor key
                           ("protesters"), or NULL (lexicon.h) */
  int32_t post_org;     /* mention index of the org of the post, or -1 */
  int32_t surname_of;   /* mention this surname repeats, or -1 */
  int32_t appos;        /* the name mention this title is apposed to */
  int32_t entity;       /* entity index after coref, -1 before */
  int32_t orig;         /* scratch: index before sorting */
} ng_mention;

typedef struct ng_post {
  const char *label;    /* "Prime Minister" */
  int32_t org;          /* entity index of the organisation, or -1 */
  const char *iso3;     /* country of the post, when no org */
  uint8_t former;       /* "former" */
  uint8_t recent;       /* "recently assumed" */
} ng_post;

typedef struct ng_entity {
  uint8_t type;          /* ng_actor_type */
  uint8_t discovered;
  uint8_t plural;
  uint8_t link;          /* ng_link_rule of the first linked mention */
  const ng_kb_entry *kb;
  const char *key;       /* identity key: KB key, or minted (see coref.c) */
  uint8_t scoped;        /* identity only within this article */
  const char *iri;
  const char *label;     /* canonical name */
  const char *iso3;
  const char *cameo;     /* CAMEO actor code at the article date */
  const char *qid;
  const char *rank;
  const char *role;      /* CAMEO role code (GOV, MIL, REB...) */
  const char *group;     /* collectives: the noun's actor key, or NULL */
  const char *surname;   /* persons: key of the last name ("al sudani") */
  const char *given;     /* persons: key of the first name, or NULL */
  ng_vec aliases;        /* const char * (arena), distinct surface forms */
  ng_vec name_keys;      /* const char *: match keys of its names */
  ng_vec posts;          /* ng_post */
  uint32_t n_mentions;
  uint32_t first_mention;
} ng_entity;

/* ---- events ---- */

typedef enum ng_factuality {
  NG_FACT_ASSERTED = 0,
  NG_FACT_NEGATED,
  NG_FACT_CONDITIONAL,
  NG_FACT_INTENDED,   /* future or intended */
  NG_FACT_REPORTED,   /* attributed to a source, not asserted by the paper */
  NG_FACT_COUNT_
} ng_factuality;

const char *ng_factuality_name(ng_factuality f);

/* Where an event's date comes from (ng:dateBasis). */
typedef enum ng_date_basis {
  NG_DATE_NONE = 0, /* no date: neither the text nor the article gives one */
  NG_DATE_TEXT,     /* a date expression of the text */
  NG_DATE_ARTICLE   /* the article's date, for want of one in the text */
} ng_date_basis;

/* "text", "article", or NULL for NG_DATE_NONE. */
const char *ng_date_basis_name(ng_date_basis b);

/* The CAMEO root of CODE ("190" -> 19), or -1 when CODE does not start
 * with two digits. */
static inline int ng_cameo_root(const char *code) {
  if (!code || code[0] < '0' || code[0] > '9' || code[1] < '0' ||
      code[1] > '9')
    return -1;
  return (code[0] - '0') * 10 + (code[1] - '0');
}

/* 1 when CODE's root is in [LO, HI]: the one definition of a family of
 * codes ("use of force" is ng_cameo_root_in(code, 18, 20)). */
static inline int ng_cameo_root_in(const char *code, int lo, int hi) {
  int r = ng_cameo_root(code);
  return r >= lo && r <= hi;
}

/* 1 when S is written as a CAMEO event code: two to four digits. */
static inline int ng_cameo_code_valid(const char *s) {
  size_t n = strlen(s);
  if (n < 2 || n > 4)
    return 0;
  for (size_t i = 0; i < n; i++)
    if (s[i] < '0' || s[i] > '9')
      return 0;
  return 1;
}

#define NG_EVENT_MAX_ROLE NG_EVENT_MAX_ACTORS

typedef struct ng_event {
  char cameo[8];        /* "043" */
  const char *iri;
  const char *plover;   /* "CONSULT" or NULL */
  uint8_t quad;         /* quad class 1..4 */
  uint8_t factuality;   /* ng_factuality */
  uint8_t n_src, n_tgt;
  int32_t src[NG_EVENT_MAX_ROLE]; /* entity indexes */
  int32_t tgt[NG_EVENT_MAX_ROLE];
  uint32_t sent;        /* sentence index */
  uint32_t tb, te;      /* trigger tokens */
  const char *pattern;  /* the rule or dictionary pattern */
  const char *origin;   /* where the pattern is: "core.tsv:12" */
  int32_t timex;        /* timex index dating the event, or -1 */
  uint8_t date_inherited; /* the date comes from an earlier sentence */
  uint8_t date_basis;   /* ng_date_basis, set by ng_doc_settle_dates */
  char date[11];        /* the event's calendar date, or "" */
  const char *place;    /* where it happened: the place named in its
                           clause ("in Kirkuk"), or NULL (attrib.c) */
  const char *place_iso3; /* the country of PLACE */
  uint8_t neg, future;  /* negated; future or intended (modality.c) */
  uint8_t recoded;      /* the code was changed by its modality */
  uint8_t content;      /* what another event requests (dropped) */
  uint8_t tree_neg;     /* the parse negates it ("not", "never") */
  uint8_t tree_if;      /* the parse puts it in an if/unless clause */
  int32_t attrib;       /* attribution index, or -1 */
  int32_t dup_of;       /* -1, or the event this one repeats */
  ng_vec extra_evidence;/* uint32_t sentence indexes of repeats */
} ng_event;

/* An attribution: who says so ("a political source", "the media office"). */
typedef struct ng_attrib {
  uint32_t tb, te;      /* tokens of the source phrase */
  int32_t entity;       /* a named actor, or -1 for an anonymous source */
  const char *label;    /* "a political source" */
  const char *verb;     /* "revealed", "according to" */
} ng_attrib;

/* ---- the document ---- */

struct ng_doc {
  ng_world *world;
  ng_arena arena;
  /* metadata, copied */
  const char *id, *url, *title, *source;
  int year, month, day;  /* the article date; year 0 when unknown */
  char date[11];
  const char *iri;       /* the article IRI */
  int32_t publisher;     /* entity of the publisher (Media), or -1 */
  uint8_t events_tree_only; /* code events from the parse alone, without
                               the window coder (tests of the tree
                               coder set it) */
  ng_status err;         /* sticky: the first allocation failure (or limit)
                            where a helper could not return it; each stage
                            fails with it (see ng_doc_fail) */
  /* text */
  const char *text;      /* NUL-terminated, length len */
  size_t len;
  size_t n_cp;           /* length in code points */
  ng_vec tokens;         /* ng_token */
  ng_vec deps;           /* ng_dep, one per token; empty: not parsed */
  ng_vec sentences;      /* ng_sentence */
  ng_vec timexes;        /* ng_timex */
  ng_vec mentions;       /* ng_mention */
  ng_vec entities;       /* ng_entity */
  ng_vec events;         /* ng_event */
  ng_vec attribs;        /* ng_attrib */
};

#define NG_TOK(d, i) (&NG_VEC_AT(&(d)->tokens, ng_token, (i)))
#define NG_DEP(d, i) (&NG_VEC_AT(&(d)->deps, ng_dep, (i)))
#define NG_SENT(d, i) (&NG_VEC_AT(&(d)->sentences, ng_sentence, (i)))
#define NG_MENTION(d, i) (&NG_VEC_AT(&(d)->mentions, ng_mention, (i)))
#define NG_ENTITY(d, i) (&NG_VEC_AT(&(d)->entities, ng_entity, (i)))
#define NG_EVENT(d, i) (&NG_VEC_AT(&(d)->events, ng_event, (i)))
#define NG_TIMEX(d, i) (&NG_VEC_AT(&(d)->timexes, ng_timex, (i)))

/* Is token I of D inside sentence SENT (its tokens [SENT->tb, SENT->te);
 * all the doc's tokens when SENT is NULL) and its match key KEY (a
 * NUL-terminated string)?  0 for an I outside those bounds, so callers
 * may ask about I - 1 or I + 1 at a sentence's edge.  D and SENT are
 * borrowed. */
static inline int ng_doc_key_is(const ng_doc *d, const ng_sentence *sent,
                                size_t i, const char *key) {
  size_t tb = sent ? sent->tb : 0, te = sent ? sent->te : d->tokens.n;
  if (i < tb || i >= te)
    return 0;
  const ng_token *t = NG_TOK(d, i);
  /* keys are NUL-terminated: the first bytes decide most calls */
  return t->key[0] == key[0] && t->key_len == strlen(key) &&
         !memcmp(t->key, key, t->key_len);
}

/* Where a time expression ending right before token J starts ("threatened
 * on Monday to"): the first token of that timex (and of an "on", "in",
 * "at" or "by" introducing it), else J.  Timexes are sorted by position. */
static inline size_t ng_doc_skip_timex_back(const ng_doc *d, size_t j) {
  size_t lo = 0, hi = d->timexes.n;
  while (lo < hi) { /* the first timex ending at or after J */
    size_t mid = lo + (hi - lo) / 2;
    if (NG_TIMEX(d, mid)->te < j)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo == d->timexes.n || NG_TIMEX(d, lo)->te != j)
    return j;
  size_t b = NG_TIMEX(d, lo)->tb;
  if (b > 0) {
    const ng_token *t = NG_TOK(d, b - 1);
    if ((t->key_len == 2 && (!memcmp(t->key, "on", 2) ||
                             !memcmp(t->key, "in", 2) ||
                             !memcmp(t->key, "at", 2) ||
                             !memcmp(t->key, "by", 2))))
      b--;
  }
  return b;
}

/* Records the first failure ST of a helper that cannot return a status
 * ("no alias", "no key" would otherwise read as a smaller graph). */
static inline void ng_doc_fail(ng_doc *d, ng_status st) {
  if (d && !d->err)
    d->err = st;
}

/* The stages.  Each returns NG_OK or an error already logged. */
ng_status ng_stage_tokens(ng_world *w, ng_doc *d);
ng_status ng_stage_sentences(ng_world *w, ng_doc *d);
ng_status ng_stage_syntax(ng_world *w, ng_doc *d); /* syntax/stage.c */
ng_status ng_stage_timex(ng_world *w, ng_doc *d);
ng_status ng_stage_mentions(ng_world *w, ng_doc *d);
ng_status ng_stage_actor_tree(ng_world *w, ng_doc *d); /* actor_tree.c */
/* The surnames of people added after ng_stage_mentions, and the mentions
 * back in text order (mention.c). */
ng_status ng_mentions_rescan(ng_world *w, ng_doc *d);
ng_status ng_stage_coref(ng_world *w, ng_doc *d);
ng_status ng_stage_events(ng_world *w, ng_doc *d);
ng_status ng_stage_attrib(ng_world *w, ng_doc *d);
ng_status ng_stage_modality(ng_world *w, ng_doc *d);
/* Gives every event its calendar date and its basis (attrib.c), after
 * the stages: the date of its time expression when that is a calendar
 * date (a time gives its day), else the article's date, else none. */
void ng_doc_settle_dates(ng_doc *d);

/* What fills D->deps after the sentence stage (CTX is the caller's). */
typedef ng_status (*ng_syntax_fn)(ng_world *w, ng_doc *d, void *ctx);

/* ng_extract() with SYNTAX (may be NULL: no parse) as the parse stage:
 * tests give hand-written parses this way. */
ng_status ng_extract_with(ng_world *w, const ng_article *a,
                          ng_syntax_fn syntax, void *syntax_ctx,
                          ng_doc **out);

/* The entity of the KB entry KE in D, created when no mention named it
 * (coref.c); -1 when out of memory. */
int32_t ng_coref_entity_for_kb(ng_world *w, ng_doc *d,
                               const ng_kb_entry *ke);

/* Makes an empty doc for ARTICLE (text and metadata copied, IRI minted). */
ng_status ng_doc_new(ng_world *w, const ng_article *a, ng_doc **out);

/* Match key of LEN bytes at S (one token's text) into OUT (arena);
 * the same function builds dictionary keys, so both sides agree. */
const char *ng_token_key(ng_arena *arena, const char *s, size_t len,
                         uint32_t *key_len);

#endif /* NG_DOC_H */
