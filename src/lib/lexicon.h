/* lexicon.h - word lists that drive the rules: abbreviations, titles and
 * ranks, group and institution nouns, organisation head words, word
 * classes (pronouns, name particles...).  All from data/lexicon/. */
#ifndef NG_LEXICON_H
#define NG_LEXICON_H

#include "phrase.h"

/* What a lexicon entry is. */
typedef enum ng_lex_kind {
  NG_LEX_POST = 0,  /* a post title: "Prime Minister", "Commander" */
  NG_LEX_RANK,      /* a military or police rank: "Lieutenant General" */
  NG_LEX_HONORIFIC, /* "Mr", "Sheikh", "Dr" */
  NG_LEX_PERSON,    /* a person noun: "official", "spokesman", "envoy" */
  NG_LEX_COLLECTIVE,/* a group noun: "factions", "militants", "troops" */
  NG_LEX_BODY,      /* an institution noun: "government", "army" */
  NG_LEX_ORGHEAD,   /* head word of an organisation name: "Ministry" */
  NG_LEX_THING,     /* head word of the name of a thing, never of a
                       person: "Mosque", "Airport", "Prize" */
  NG_LEX_DESCRIBER, /* a noun that says a name is a person's without
                       naming a post: "wife", "student", "journalist" */
  NG_LEX_KIND_COUNT_
} ng_lex_kind;

/* Word classes (bit flags) from data/lexicon/words.tsv. */
enum {
  NG_WC_PRONOUN_M = 1u << 0,  /* he him his himself */
  NG_WC_PRONOUN_F = 1u << 1,  /* she her hers herself */
  NG_WC_PRONOUN_PL = 1u << 2, /* they them their */
  NG_WC_PRONOUN_IT = 1u << 3, /* it its */
  NG_WC_POSSESSIVE = 1u << 4, /* his her their its */
  NG_WC_PARTICLE = 1u << 5,   /* name particles: al, bin, de, van */
  NG_WC_DETERMINER = 1u << 6, /* the a an this that these those */
  NG_WC_FUNCTION = 1u << 7,   /* words that never start a name */
  NG_WC_MONTH = 1u << 8,
  NG_WC_WEEKDAY = 1u << 9,
  NG_WC_PREP = 1u << 10,      /* prepositions */
  NG_WC_CONJ = 1u << 11,      /* and, or, but */
  NG_WC_AUX = 1u << 12,       /* is was has had will would ... */
  NG_WC_NEGATION = 1u << 13,  /* not never no */
  NG_WC_MODAL = 1u << 14,     /* may might could should would */
  NG_WC_QUANT = 1u << 15,     /* several various some many */
  NG_WC_SAY = 1u << 16,       /* said told revealed announced (speech) */
  NG_WC_RELATIVE = 1u << 17,  /* who which that whom whose */
  NG_WC_COND = 1u << 18,      /* if unless otherwise */
  NG_WC_FUTURE = 1u << 19,    /* will going */
  NG_WC_NUMBER = 1u << 20,    /* one two three ... */
  NG_WC_ANON = 1u << 21,      /* source nouns: source sources official */
  NG_WC_CAPWORD = 1u << 22,   /* common words often capitalised in
                                 headlines, never names alone */
  NG_WC_ADVERB = 1u << 23,    /* again, also, still, jointly... */
  NG_WC_HPARTICLE = 1u << 24, /* name particles only before a hyphen:
                                 al-, el-, as-, at- */
  NG_WC_SPORTS = 1u << 25,    /* match, final, league: sports news */
  NG_WC_TITLEMOD = 1u << 26,  /* before a post title: acting, deputy */
  NG_WC_FORMER = 1u << 27     /* a TITLEMOD for a past post: former */
};
/* Word classes past 32 bits: an ng_wclass holds them all. */
typedef uint64_t ng_wclass;
#define NG_WC_GIVEN ((ng_wclass)1 << 28)  /* a given name of the knowledge
                                             base's people
                                             (lexicon/given-names.txt) */
#define NG_WC_REPORT ((ng_wclass)1 << 29) /* what an outlet does: reported,
                                             according */
#define NG_WC_AFFIL ((ng_wclass)1 << 30)  /* after "X-": backed, led */
#define NG_WC_AFFILPRE ((ng_wclass)1 << 31) /* before "-X": pro, anti */
#define NG_WC_LIGHT ((ng_wclass)1 << 32)  /* verb lemmas whose object noun
                                             is the event: launch, conduct,
                                             carry (out) */
#define NG_WC_DIRECTION ((ng_wclass)1 << 33) /* where forces move: from,
                                                to, into */
/* Word sets of the event stage (data/lexicon/words.tsv, its last
 * section): */
#define NG_WC_DOCUMENT ((ng_wclass)1 << 34) /* a document whose participle
                                               says what its author did:
                                               "a statement condemning" */
#define NG_WC_HYPOTHETICAL ((ng_wclass)1 << 35) /* before a nominal that has
                                                   not happened: any,
                                                   possible */
#define NG_WC_PLANNED ((ng_wclass)1 << 36) /* the same, unless a light verb
                                              carries it out: planned,
                                              threatened */
#define NG_WC_VPARTICLE ((ng_wclass)1 << 37) /* prepositions a verb takes
                                                for its object: with, on,
                                                against */
#define NG_WC_HALT ((ng_wclass)1 << 38) /* verb lemmas of stopping: cease,
                                           halt, suspend */
#define NG_WC_REALIZING ((ng_wclass)1 << 39) /* light verb lemmas that carry
                                                out their event noun:
                                                launch, carry out */
#define NG_WC_LIGHT_BARE ((ng_wclass)1 << 40) /* light verb lemmas that do
                                                 not: continue, make */
#define NG_WC_NONFACTUAL ((ng_wclass)1 << 41) /* subordinators of a clause
                                                 not asserted: before,
                                                 until, unless */
#define NG_WC_QUANTITY ((ng_wclass)1 << 42) /* nouns of a quantity whose
                                               "of" names who: thousands,
                                               a group of */
#define NG_WC_PART ((ng_wclass)1 << 43) /* nouns whose "of" phrase is the
                                           object itself: members of,
                                           scores of */
#define NG_WC_TALLY_UNIT ((ng_wclass)1 << 44) /* units of a tally: percent,
                                                 points, votes */
#define NG_WC_POSTIN ((ng_wclass)1 << 45) /* after a post, the preposition
                                             that names where the post is:
                                             "President of Egypt" */
#define NG_WC_NOTPOST ((ng_wclass)1 << 46) /* before a post, a word about
                                              its holder or its time, not
                                              the post: current, new */
#define NG_WC_PERSONAL ((ng_wclass)1 << 48) /* after a name and a comma,
                                               a word only a person takes:
                                               "X, who", "X, wife of Y" */
#define NG_WC_OUTLET ((ng_wclass)1 << 47) /* nouns of a news outlet before
                                             its name: "broadcaster PBS" */
#define NG_WC_PRONOUN_1 ((ng_wclass)1 << 50) /* first person subjects: "I",
                                                "we" (the speaker's side) */
#define NG_WC_BE ((ng_wclass)1 << 51) /* forms of "be": was, were, been */
#define NG_WC_DAYWORD ((ng_wclass)1 << 52) /* days named by deixis that may
                                              stand before a verb:
                                              "yesterday rejected" */
#define NG_WC_PREVERB ((ng_wclass)1 << 53) /* words between a subject and
                                              its verb that mark the verb:
                                              "also condemned", "to meet" */
#define NG_WC_PLACENOUN ((ng_wclass)1 << 54) /* nouns of a place a city's
                                                name stands in apposition
                                                to: "the capital, X" */
#define NG_WC_FOREIGN ((ng_wclass)1 << 55) /* before a group noun, says
                                              it is of no one country:
                                              "foreign forces" */
#define NG_WC_COMPANY ((ng_wclass)1 << 58) /* nouns of a company that
                                              stand before its name:
                                              "the airline X" */
#define NG_WC_TELL ((ng_wclass)1 << 56) /* verbs whose object may be an
                                           outlet: "told the X" */
#define NG_WC_TELLBY ((ng_wclass)1 << 57) /* verbs whose agent after "by"
                                             may be an outlet: "quoted by
                                             X" */
#define NG_WC_ANYONE ((ng_wclass)1 << 49) /* group nouns that name no one
                                             in particular unless a country
                                             or place says whose: people */

typedef struct ng_lex_entry {
  const char *term;   /* canonical spelling, e.g. "Prime Minister" */
  uint8_t kind;       /* ng_lex_kind */
  uint8_t type;       /* ng_actor_type implied, or NG_AT_NONE */
  uint8_t plural;
  const char *role;   /* CAMEO role code, e.g. "GOV", or NULL */
  const char *actor;  /* collectives: the key of the country's actor the
                         noun names ("protesters"), or NULL: the role's */
} ng_lex_entry;

/* One rule of data/lexicon/variants.tsv: FROM folds to TO. */
typedef struct ng_fold_rule {
  const char *from, *to;
  uint8_t from_len, to_len;
} ng_fold_rule;

/* An actor named by a country and a role (data/lexicon/roles.tsv). */
typedef struct ng_role_def {
  const char *role;   /* "REB" */
  const char *key;    /* "armed": actor key armed/ISO3 */
  const char *label;  /* "{demonym} armed groups" */
  uint8_t type;       /* ng_actor_type */
} ng_role_def;

struct ng_lexicon {
  ng_arena *arena;       /* the world's */
  ng_map abbrev;         /* key -> (void *)1 */
  ng_map words;          /* key -> (uintptr_t) class flags */
  ng_phrases titles;     /* NG_LEX_POST, RANK, HONORIFIC, PERSON,
                            DESCRIBER */
  ng_phrases title_plurals; /* plural forms of posts (titles.tsv column
                            5: "Presidents"), entries of the singular */
  ng_phrases nouns;      /* NG_LEX_COLLECTIVE, BODY */
  ng_phrases orgheads;   /* NG_LEX_ORGHEAD */
  ng_phrases things;     /* NG_LEX_THING */
  ng_phrases agents;     /* Phoenix agents: term -> ng_lex_entry (role) */
  ng_map roles;          /* role code -> ng_role_def */
  ng_map variant_words;  /* folded word -> its set's first form (char *) */
  ng_vec variant_letters;/* ng_fold_rule: letter sequences, longest first */
  uint64_t letter_pairs[1024]; /* bit (c1 << 8 | c2): a letters rule may
                                  start with the bytes c1 c2 */
  uint64_t letter_single[4];   /* bit c: a one-byte letters rule is c */
  ng_vec variant_endings;/* ng_fold_rule: word endings, longest first */
  ng_map given_folded;   /* given names folded by the variant rules */
  uint64_t hash;         /* of the files read, for the dictionary version */
};

/* 1 when the N lower-case bytes at S (no period) are an abbreviation
 * that keeps its period ("lt", "gen", "jan"). */
int ng_lexicon_is_abbrev(const ng_lexicon *lex, const char *s, size_t n);

/* The definition of ROLE ("MIL"), or NULL. */
const ng_role_def *ng_lexicon_role(const ng_lexicon *lex, const char *role);

/* Folds the match key KEY (N bytes) of one word of a personal name under
 * the transliteration rules of data/lexicon/variants.tsv ("alyaksandr"
 * and "alexander" both give "aleksandr", "qassem" gives "qasem") into
 * OUT (CAP bytes, NUL-terminated).  Returns the length, 0 when the word
 * is empty or does not fit.  Pure: reads LEX only. */
size_t ng_lexicon_fold_word(const ng_lexicon *lex, const char *key, size_t n,
                            char *out, size_t cap);

/* 1 when token T is a given name of given-names.txt, as written or under
 * the transliteration rules ("Siarhei" for "Sergei"). */
int ng_lexicon_is_given(const ng_lexicon *lex, const ng_token *t);

/* The word-class flags of token T (0 when none). */
ng_wclass ng_lexicon_word(const ng_lexicon *lex, const ng_token *t);

/* Generic TSV reading for the dictionary loaders: calls FN for every
 * non-comment line after the header with its fields (at most MAXF),
 * NUL-terminated in place.  Errors name the file and line. */
typedef ng_status (*ng_tsv_row_fn)(ng_world *w, void *ud, char **f, size_t nf,
                                   long line);
ng_status ng_tsv_each(ng_world *w, const char *path, char *buf, size_t len,
                      int has_header, size_t maxf, ng_tsv_row_fn fn,
                      void *ud);

#endif /* NG_LEXICON_H */
