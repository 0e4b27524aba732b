/* udtags.c - the names of the Universal Dependencies part-of-speech tags
 * and relations (doc.h: ng_upos, ng_deprel), as CoNLL-U writes them. */
#include <string.h>

#include "doc.h"

static const char *const upos_names[NG_UPOS_COUNT_] = {
    "X",    "ADJ",   "ADP",  "ADV",   "AUX",   "CCONJ", "DET",  "INTJ", "NOUN",
    "NUM",  "PART",  "PRON", "PROPN", "PUNCT", "SCONJ", "SYM",  "VERB"};

static const char *const deprel_names[NG_DEP_COUNT_] = {
    "dep",        "root",       "acl",        "acl:relcl", "advcl",
    "advmod",     "amod",       "appos",      "aux",       "aux:pass",
    "case",       "cc",         "ccomp",      "clf",       "compound",
    "compound:prt", "conj",     "cop",        "csubj",     "csubj:pass",
    "det",        "det:predet", "discourse",  "dislocated", "expl",
    "fixed",      "flat",       "goeswith",   "iobj",      "list",
    "mark",       "nmod",       "nmod:poss",  "nmod:tmod", "nmod:npmod",
    "nsubj",      "nsubj:pass", "nummod",     "obj",       "obl",
    "obl:agent",  "obl:tmod",   "obl:npmod",  "orphan",    "parataxis",
    "punct",      "reparandum", "vocative",   "xcomp"};

static int named(const char *name, const char *s, size_t n) {
  return strlen(name) == n && !memcmp(name, s, n);
}

ng_upos ng_upos_parse(const char *s, size_t n) {
  for (int u = 0; u < NG_UPOS_COUNT_; u++)
    if (named(upos_names[u], s, n))
      return (ng_upos)u;
  return NG_UPOS_X;
}

const char *ng_upos_name(ng_upos u) {
  return (unsigned)u < NG_UPOS_COUNT_ ? upos_names[u] : "X";
}

ng_deprel ng_deprel_parse(const char *s, size_t n) {
  for (int r = 0; r < NG_DEP_COUNT_; r++)
    if (named(deprel_names[r], s, n))
      return (ng_deprel)r;
  /* a subtype we do not tell apart is its main type */
  const char *colon = memchr(s, ':', n);
  if (colon)
    return ng_deprel_parse(s, (size_t)(colon - s));
  return NG_DEP_DEP;
}

const char *ng_deprel_name(ng_deprel r) {
  return (unsigned)r < NG_DEP_COUNT_ ? deprel_names[r] : "dep";
}
