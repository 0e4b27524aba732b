/* syntax.h - part-of-speech tags, lemmas and dependency trees (Universal
 * Dependencies) for English, from the model trained on the UD English Web
 * Treebank by `make model` (data/syntax/en_ewt.model).
 *
 * Conventions as in newsgraph.h (status codes, log handler, ownership in
 * every comment). */
#ifndef NEWSGRAPH_SYNTAX_H
#define NEWSGRAPH_SYNTAX_H

#include <stdio.h>

#include "newsgraph/newsgraph.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Maps the syntax model of WORLD's data directory (read-only, shared by
 * every thread using WORLD; unmapped by ng_world_free()).  Call after
 * ng_world_open() and before any thread parses; a second call does
 * nothing.  NG_ERR_DATA (logged) when the file is missing or malformed. */
ng_status ng_world_load_syntax(ng_world *world);

/* A one-line description of how the loaded model was trained (owned by
 * WORLD), or NULL before ng_world_load_syntax(). */
const char *ng_syntax_model_info(const ng_world *world);

typedef struct ng_parse_stats {
  size_t sentences;
  size_t words;
  size_t pieces; /* sentences over the length limit, parsed in pieces */
} ng_parse_stats;

/* Reads CoNLL-U from IN (borrowed) keeping its words, sentences, comments
 * and multiword tokens, and writes it to OUT with UPOS, XPOS, LEMMA, HEAD
 * and DEPREL predicted (FEATS and DEPS become "_", MISC is kept).
 * Sentences over 512 words are parsed in pieces of 512, each piece's
 * root attached to the first piece's root as "parataxis".  STATS may be
 * NULL.  NG_ERR_INPUT (logged, with the line) for malformed CoNLL-U,
 * NG_ERR_IO, NG_ERR_ARG before ng_world_load_syntax(). */
ng_status ng_parse_conllu(ng_world *world, FILE *in, FILE *out,
                          ng_parse_stats *stats);

/* Splits the UTF-8 TEXT (LEN bytes, borrowed) into sentences and UD words
 * (the pipeline's tokens, with clitics such as "n't" and "'s" and the
 * parts of hyphenated words as their own words) and writes them to OUT
 * as CoNLL-U, with "# sent_id" and "# text" comments and the predicted
 * columns as ng_parse_conllu() does.  NG_ERR_INPUT for invalid UTF-8. */
ng_status ng_parse_text(ng_world *world, const char *text, size_t len,
                        FILE *out, ng_parse_stats *stats);

#ifdef __cplusplus
}
#endif

#endif /* NEWSGRAPH_SYNTAX_H */
