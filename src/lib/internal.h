/* internal.h - the world and what the stages share.  Not installed. */
#ifndef NG_INTERNAL_H
#define NG_INTERNAL_H

#include <raptor2.h>

#include "newsgraph/newsgraph.h"
#include "util.h"

typedef struct ng_kb ng_kb;         /* kb.c: actors knowledge base */
typedef struct ng_lexicon ng_lexicon; /* lexicon.c: titles, ranks, words */
typedef struct ng_evdict ng_evdict; /* evdict.c: event patterns */

#define NG_NS "https://w3id.org/newsgraph/ns#"
#define NG_DEFAULT_BASE "https://w3id.org/newsgraph/id/"

struct ng_world {
  ng_log_handler log_fn;
  void *log_user;
  char *data_dir;
  char *base_iri;
  ng_vec actor_files;  /* char * (malloc) */
  int opened;
  ng_arena arena;      /* dictionary strings, lives with the world */
  ng_kb *kb;
  ng_lexicon *lex;
  ng_evdict *evdict;
  raptor_world *raptor;
  char dict_version[40]; /* hash of the dictionaries loaded */
  /* the syntax model and word rules: ng_world_load_syntax() */
  struct ng_syntax_model *syntax;
  struct ng_word_rules *syntax_words;
};

/* Unmaps the syntax model (src/lib/syntax/syntax.c). */
void ng_world_free_syntax(ng_world *w);

/* Reads the whole file DIR/NAME (or NAME when DIR is NULL) into a
 * NUL-terminated malloc'd buffer.  NG_ERR_DATA (logged) when missing. */
ng_status ng_read_file(ng_world *w, const char *dir, const char *name,
                       char **out, size_t *len);

/* Dictionary loaders, called by ng_world_open(). */
ng_status ng_kb_load(ng_world *w, ng_kb **out);
void ng_kb_free(ng_kb *kb);
ng_status ng_lexicon_load(ng_world *w, ng_lexicon **out);
void ng_lexicon_free(ng_lexicon *lex);
ng_status ng_evdict_load(ng_world *w, ng_evdict **out);
void ng_evdict_free(ng_evdict *ev);

/* UTF-8: the number of bytes of a valid sequence at S (at most N bytes),
 * or 0 when it is not valid UTF-8 (overlong, surrogate, > U+10FFFF). */
size_t ng_utf8_seq(const unsigned char *s, size_t n, uint32_t *cp);
/* 1 when the N bytes at S are valid UTF-8 with no NUL; *BAD_AT gets the
 * offset of the first bad byte otherwise. */
int ng_utf8_valid(const char *s, size_t n, size_t *bad_at);
/* 1 when the N bytes at S are a calendar date YYYY-MM-DD (into Y M D). */
int ng_date_parse_ymd(const char *s, size_t n, int *y, int *m, int *d);

/* Number of code points in valid UTF-8. */
size_t ng_utf8_count(const char *s, size_t n);

#endif /* NG_INTERNAL_H */
