/* model.h - the syntax model file: tag and relation names, the tagger's,
 * transition classifier's and labeller's weights, and the lemma table
 * and rules, as sections of one file made by `make model`
 * (src/tools/train_syntax.c) and memory-mapped read-only by the library, so
 * every thread of a world shares one copy. */
#ifndef NG_SYNTAX_MODEL_H
#define NG_SYNTAX_MODEL_H

#include "newsgraph/newsgraph.h"
#include "syntax/lemma.h"
#include "syntax/parser.h"
#include "syntax/sent.h"
#include "syntax/weights.h"

/* The model's file name under the data directory. */
#define NG_SYNTAX_MODEL_FILE "syntax/en_ewt.model"

typedef struct ng_syntax_model {
  void *map; /* the mapped file */
  size_t map_len;
  ng_arena arena;
  uint32_t ntags, nlabels;
  const char **upos, **xpos; /* by tag number */
  const char **label;        /* by relation number */
  ng_wtable tagger;
  ng_wtable tagger2; /* the second pass, when has_tagger2 */
  int has_tagger2;
  ng_parser parser;
  ng_lemmatiser lemma;
  const char *info; /* how it was trained (NUL-terminated) */
} ng_syntax_model;

/* Maps PATH and checks it (every section and offset); W is for messages.
 * NG_ERR_DATA when missing or malformed.  Free with
 * ng_syntax_model_free(). */
ng_status ng_syntax_model_open(ng_world *w, const char *path,
                               ng_syntax_model **out);
void ng_syntax_model_free(ng_syntax_model *m);

/* Tags, lemmatises and parses S (at most NG_SYNTAX_MAX_WORDS words);
 * lemmas made for unseen words come from SCRATCH. */
void ng_syntax_annotate(const ng_syntax_model *m, ng_syn_sent *s,
                        ng_arena *scratch);

/* One UD word of a pipeline token: its bytes and whether a space follows
 * it in the text. */
typedef struct ng_syn_span {
  const char *s;
  size_t n;
  int space_after;
} ng_syn_span;

/* Appends to OUT (ng_syn_span) the UD words token S (N bytes) splits
 * into by the world's word rules (clitics, hyphenated words); SPACE says
 * whether a space follows the token.  W must have its syntax loaded.
 * NG_ERR_NOMEM. */
ng_status ng_syntax_token_words(const ng_world *w, const char *s, size_t n,
                                int space, ng_vec *out);

/* ---- writing (the training tool) ---- */

typedef struct ng_syntax_section {
  const char *name; /* at most 15 bytes */
  const void *data;
  size_t len;
} ng_syntax_section;

/* Writes the N sections to PATH, with FEATSET and ROOT_LABEL in the
 * header.  NG_ERR_IO. */
ng_status ng_syntax_model_write(const char *path,
                                const ng_syntax_section *sec, size_t n,
                                uint32_t featset, uint32_t root_label);

#endif /* NG_SYNTAX_MODEL_H */
