/* conllu.h - CoNLL-U sentences: read, change a field, write back.
 *
 * A sentence keeps every line it was read with: comments, multiword-token
 * ranges ("3-4") and empty nodes ("5.1") are written back unchanged, word
 * lines field by field, so reading and writing gives the same bytes when
 * nothing was changed.  Format: universaldependencies.org/format.html. */
#ifndef NG_SYNTAX_CONLLU_H
#define NG_SYNTAX_CONLLU_H

#include <stdio.h>

#include "newsgraph/newsgraph.h"
#include "util.h"

/* Limits: a longer line, or a sentence with more words, is refused with
 * NG_ERR_LIMIT. */
#define NG_CONLLU_MAX_LINE (1u << 20)
#define NG_CONLLU_MAX_WORDS 10000u

enum {
  NG_CONLLU_ID, NG_CONLLU_FORM, NG_CONLLU_LEMMA, NG_CONLLU_UPOS,
  NG_CONLLU_XPOS, NG_CONLLU_FEATS, NG_CONLLU_HEAD, NG_CONLLU_DEPREL,
  NG_CONLLU_DEPS, NG_CONLLU_MISC, NG_CONLLU_NFIELDS
};

typedef struct ng_conllu_word {
  char *field[NG_CONLLU_NFIELDS]; /* NUL-terminated, in the sentence */
} ng_conllu_word;

typedef struct ng_conllu_line {
  const char *text; /* a line kept as it was, or NULL for word WORD */
  size_t word;
} ng_conllu_line;

typedef struct ng_conllu_sent {
  ng_arena arena; /* the strings */
  ng_vec lines;   /* ng_conllu_line, in order */
  ng_vec words;   /* ng_conllu_word; word i has ID i + 1 */
} ng_conllu_sent;

void ng_conllu_sent_init(ng_conllu_sent *s);
void ng_conllu_sent_free(ng_conllu_sent *s);
/* Forgets the sentence, keeping memory for the next one. */
void ng_conllu_sent_reset(ng_conllu_sent *s);

/* Reads the next sentence from FP into S (reset first).  *GOT is 1 when
 * a sentence was read, 0 at the end of input.  *LINENO counts the lines
 * read (for messages).  NG_ERR_INPUT (logged to W, which may be NULL)
 * for a malformed line: not 10 fields, IDs out of order, a bad HEAD. */
ng_status ng_conllu_read(ng_world *w, FILE *fp, ng_conllu_sent *s, int *got,
                         size_t *lineno);
/* Replaces field F of word I (0-based) with a copy of VALUE. */
ng_status ng_conllu_set(ng_conllu_sent *s, size_t i, int f, const char *value);
/* Adds a word line with FORM (ID next, other fields "_"). */
ng_status ng_conllu_add_word(ng_conllu_sent *s, const char *form, size_t len);
/* Adds a comment line ("# text = ..."), copied. */
ng_status ng_conllu_add_comment(ng_conllu_sent *s, const char *line);
/* Writes S and its blank line to FP; NG_ERR_IO. */
ng_status ng_conllu_write(FILE *fp, const ng_conllu_sent *s);

static inline ng_conllu_word *ng_conllu_word_at(const ng_conllu_sent *s,
                                                size_t i) {
  return &NG_VEC_AT(&s->words, ng_conllu_word, i);
}

#endif /* NG_SYNTAX_CONLLU_H */
