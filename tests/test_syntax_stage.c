/* test_syntax_stage.c - the parse stage of the pipeline (syntax/stage.c):
 * doc->deps filled for every token (sentences naming fewer than two actors
 * left unparsed), tokens of several UD words, sentences parsed in pieces,
 * no model no parse; and the tree coder on what the
 * committed model parses (invented sentences). */
#include <stdio.h>

#include "newsgraph/syntax.h"
#include "ngtest.h"

/* 1 when sentence S was parsed: some token has a head or a lemma (the
 * stage parses only sentences naming two actors). */
static int parsed(const ng_doc *d, size_t s) {
  const ng_sentence *sn = NG_SENT(d, s);
  for (size_t i = sn->tb; i < sn->te; i++)
    if (NG_DEP(d, i)->head >= 0 || NG_DEP(d, i)->lemma[0])
      return 1;
  return 0;
}

/* Every token has a dep; heads lie in the token's sentence; each parsed
 * sentence has exactly one root; an unparsed one is all roots with no
 * relation, tag or lemma.  Returns the parsed sentences. */
static size_t check_deps(const ng_doc *d) {
  CU_ASSERT_EQUAL_FATAL(d->deps.n, d->tokens.n);
  size_t n_parsed = 0;
  for (size_t s = 0; s < d->sentences.n; s++) {
    const ng_sentence *sn = NG_SENT(d, s);
    size_t roots = 0;
    int p = parsed(d, s);
    n_parsed += (size_t)p;
    for (size_t i = sn->tb; i < sn->te; i++) {
      const ng_dep *dep = NG_DEP(d, i);
      CU_ASSERT_PTR_NOT_NULL_FATAL(dep->lemma);
      if (!p) {
        CU_ASSERT(dep->head == -1 && dep->rel == NG_DEP_DEP &&
                  dep->upos == NG_UPOS_X && !dep->lemma[0]);
        continue;
      }
      if (dep->head < 0) {
        roots++;
        continue;
      }
      CU_ASSERT((size_t)dep->head >= sn->tb && (size_t)dep->head < sn->te);
      CU_ASSERT((size_t)dep->head != i);
    }
    if (p)
      CU_ASSERT_EQUAL(roots, 1);
  }
  return n_parsed;
}

static void test_parsed(void) {
  ng_doc *d = ngt_extract("Kenya didn't attack Somalia. Iran-backed "
                          "militias shelled the Saudi embassy. The "
                          "weather was mild.",
                          "2024-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_EQUAL(check_deps(d), 2);
  CU_ASSERT(parsed(d, 0) && parsed(d, 1));
  CU_ASSERT(!parsed(d, 2)); /* no actor: nothing for the tree coder */
  /* the verbs are verbs, lemmatised */
  int attack = 0, shell = 0;
  for (size_t i = 0; i < d->tokens.n; i++) {
    const ng_dep *dep = NG_DEP(d, i);
    attack |= !strcmp(dep->lemma, "attack") && dep->upos == NG_UPOS_VERB;
    shell |= !strcmp(dep->lemma, "shell") && dep->upos == NG_UPOS_VERB;
  }
  CU_ASSERT(attack);
  CU_ASSERT(shell);
  ng_doc_free(d);
}

/* 400 tokens of two UD words each: 800 words, parsed in two pieces whose
 * roots join as one tree */
static void test_pieces(void) {
  size_t n = 400;
  char *text = malloc(n * 7 + 24);
  CU_ASSERT_PTR_NOT_NULL_FATAL(text);
  size_t len = 0;
  memcpy(text, "Kenya told Somalia ", 19);
  len += 19;
  for (size_t i = 0; i < n; i++) {
    memcpy(text + len, "can't ", 6);
    len += 6;
  }
  text[len++] = '.';
  text[len] = '\0';
  ng_doc *d = ngt_extract(text, NULL);
  free(text);
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_EQUAL(check_deps(d), 1);
  ng_doc_free(d);
}

/* the tree coder on the model's own parses */
static void test_coded_from_tree(void) {
  ng_doc *d = ngt_extract("Somali militants were attacked by Kenyan troops.",
                          "2024-05-02");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_PTR_NOT_NULL(ngt_event(d, "19", "Kenyan troops",
                                   "Somali militants"));
  CU_ASSERT_PTR_NULL(ngt_event(d, "19", "Somali militants",
                               "Kenyan troops"));
  ng_doc_free(d);
}

static int init_world(void) {
  if (ngt_world_init())
    return -1;
  return ng_world_load_syntax(ngt_world) ? -1 : 0;
}

/* without a model: no parse, the doc as before */
static void test_no_model(void) {
  ng_world *w = ng_world_new();
  CU_ASSERT_PTR_NOT_NULL_FATAL(w);
  const char *dir = getenv("NEWSGRAPH_DATA_DIR");
  CU_ASSERT_EQUAL(ng_world_set_data_dir(w, dir && *dir ? dir
                                                       : NG_TEST_DATA_DIR),
                  NG_OK);
  CU_ASSERT_EQUAL_FATAL(ng_world_open(w), NG_OK);
  ng_article *a = ng_article_new();
  CU_ASSERT_PTR_NOT_NULL_FATAL(a);
  const char *text = "Kenyan troops attacked Somali militants.";
  CU_ASSERT_EQUAL(ng_article_set(w, a, NG_FIELD_ID, "t", 1), NG_OK);
  CU_ASSERT_EQUAL(ng_article_set(w, a, NG_FIELD_TEXT, text, strlen(text)),
                  NG_OK);
  ng_doc *d = NULL;
  CU_ASSERT_EQUAL(ng_extract(w, a, &d), NG_OK);
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_EQUAL(d->deps.n, 0);
  CU_ASSERT(d->events.n > 0); /* the window coder */
  ng_doc_free(d);
  ng_article_free(a);
  ng_world_free(w);
}

int main(void) {
  if (CU_initialize_registry() != CUE_SUCCESS)
    return CU_get_error();
  CU_pSuite s = CU_add_suite("syntax_stage", init_world, ngt_world_clean);
  if (!s)
    return CU_get_error();
  NGT_ADD(s, test_parsed);
  NGT_ADD(s, test_pieces);
  NGT_ADD(s, test_coded_from_tree);
  NGT_ADD(s, test_no_model);
  return ngt_run();
}
