/* kb.h - the actor knowledge base: countries, governments, people,
 * organisations and armed groups with their names, codes and posts,
 * loaded from data/countries.tsv, data/actors/ *.tsv and user files. */
#ifndef NG_KB_H
#define NG_KB_H

#include "lexicon.h"

/* How an alias must be written in the text to match. */
typedef enum ng_case_mode {
  NG_CASE_NAME = 0, /* capitalised like a name (particles may be lower) */
  NG_CASE_UPPER,    /* an acronym: upper case only ("NATO", "US") */
  NG_CASE_ANY,      /* any case */
  NG_CASE_EXACT     /* a short name with capitals inside ("LeT", "KfW"):
                       as written; ng_kb_case_ok treats it as NAME, the
                       matcher compares the text */
} ng_case_mode;

typedef struct ng_country ng_country;

struct ng_kb_entry {
  const char *key;    /* "group/kataib-hezbollah", "country/IRQ", "gov/IRQ" */
  const char *label;
  uint8_t type;       /* ng_actor_type */
  uint8_t user;       /* from a user file */
  uint8_t converted;  /* from a layer converted from old dictionaries
                         (files 10-* to 49-*: Phoenix, up to 2014) */
  const char *iso3;   /* or NULL */
  const char *qid;    /* "Q796" or NULL */
  const char *cameo;  /* raw: "IRQGOV@2022-10-27..;IRQ" or NULL */
  const char *posts;  /* raw: "Prime Minister@gov/IRQ@2022-10-27.." */
  const char *aliases;/* raw, as in the file (for `actors lookup`) */
  const char *file;   /* provenance */
  long line;
  uint32_t order;     /* load order: later files win ties */
};

enum { NG_ALIAS_NAME = 0, NG_ALIAS_CAPITAL = 1, NG_ALIAS_PLACE = 2,
       NG_ALIAS_AMBIGUOUS = 3 };

typedef struct ng_kb_alias {
  const ng_kb_entry *entry;
  const char *surface; /* the alias as written in the data */
  uint8_t mode;        /* ng_case_mode */
  uint8_t capital;     /* NG_ALIAS_CAPITAL: a capital city standing for
                          its government; NG_ALIAS_PLACE: a city or
                          region of the country (places.tsv), named only
                          as a place, never as an actor;
                          NG_ALIAS_AMBIGUOUS: a place name of several
                          countries (places-ambiguous.tsv) */
  const char *candidates; /* NG_ALIAS_AMBIGUOUS: "LBN;LBY", else NULL */
} ng_kb_alias;

struct ng_country {
  const char *iso3, *iso2, *qid, *cameo, *name;
  const char *demonym; /* the first demonym (adjective), for labels */
  const ng_kb_entry *country; /* country/ISO3 */
  const ng_kb_entry *gov;     /* gov/ISO3 */
};

struct ng_kb {
  ng_arena *arena;
  ng_phrases names;     /* alias -> ng_kb_alias */
  ng_phrases demonyms;  /* "Iraqi", "Iraqis" -> ng_country */
  ng_phrases surnames;  /* last names of people -> ng_kb_entry (persons) */
  ng_map by_key;        /* key -> ng_kb_entry */
  ng_map countries;     /* ISO3 -> ng_country */
  ng_map variants;      /* a person's name folded by the transliteration
                           rules of data/lexicon/variants.tsv -> the
                           ng_kb_entry (a marker when two people share
                           it) */
  ng_vec entries;       /* ng_kb_entry * in load order */
  ng_vec post_holders;  /* ng_kb_entry *: the persons with posts and a
                           country, in load order */
  uint64_t hash;        /* of every file read */
  size_t n_aliases;
};

const ng_kb_entry *ng_kb_get(const ng_kb *kb, const char *key);
const ng_country *ng_kb_country(const ng_kb *kb, const char *iso3);

/* The one person the name at tokens [B, E) can be at the date Y-M-D
 * (Y 0: any date) by its surname (the name's last words; a given name
 * before them must be the person's own): holding TITLE when given, of
 * country ISO3 when given.  NULL when none or more than one fit; when
 * several fit and all are of one country, *COMMON_ISO3 (when not NULL) is
 * set to it ("President Bush": two presidents, one country), else NULL. */
const ng_kb_entry *ng_kb_by_surname(const ng_kb *kb, const ng_token *toks,
                                    size_t b, size_t e, int y, int m, int d,
                                    const char *title, const char *iso3,
                                    const char **common_iso3);

/* The one person whose name, folded by the transliteration rules of
 * data/lexicon/variants.tsv, is that of tokens [B, E) folded the same
 * way ("Alexander Lukashenko" = "Alyaksandr Lukashenka"); NULL when none
 * or when two people share the folded name.  Reads KB and LEX only. */
const ng_kb_entry *ng_kb_variant(const ng_kb *kb, const ng_lexicon *lex,
                                 const ng_token *toks, size_t b, size_t e);

/* 1 when the tokens [B, E) of TOKS are written the way MODE asks. */
int ng_kb_case_ok(const ng_lexicon *lex, const ng_token *toks, size_t b,
                  size_t e, ng_case_mode mode);

/* The CAMEO actor code of E at the date Y-M-D (year 0: the open-ended or
 * latest code), written into OUT (16 bytes); "" when none. */
void ng_kb_cameo_at(const ng_kb_entry *e, int y, int m, int d, char *out);

/* 1 when a date range "FROM..TO" (either end may be empty) holds Y-M-D. */
int ng_range_holds(const char *range, size_t n, int y, int m, int d);

#endif /* NG_KB_H */
