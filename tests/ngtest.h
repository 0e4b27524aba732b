/* ngtest.h - what the CUnit suites share: a world on the source tree's
 * data, extraction of a test text, lookups in the result, and a main()
 * that exits non-zero on any failure. */
#ifndef NG_TEST_H
#define NG_TEST_H

#include <CUnit/Basic.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"

#ifndef NG_TEST_DATA_DIR
#define NG_TEST_DATA_DIR "data"
#endif

/* The world every test uses: opened once, on the repository's data/. */
static ng_world *ngt_world;

static inline int ngt_world_init(void) {
  ngt_world = ng_world_new();
  if (!ngt_world)
    return -1;
  const char *dir = getenv("NEWSGRAPH_DATA_DIR");
  if (ng_world_set_data_dir(ngt_world, dir && *dir ? dir : NG_TEST_DATA_DIR))
    return -1;
  return ng_world_open(ngt_world) ? -1 : 0;
}

static inline int ngt_world_clean(void) {
  ng_world_free(ngt_world);
  ngt_world = NULL;
  return 0;
}

/* Extracts TEXT as an article dated DATE (may be NULL). */
static inline ng_doc *ngt_extract(const char *text, const char *date) {
  ng_article *a = ng_article_new();
  ng_doc *d = NULL;
  if (!a)
    return NULL;
  if (!ng_article_set(ngt_world, a, NG_FIELD_ID, "t", 1) &&
      !ng_article_set(ngt_world, a, NG_FIELD_TEXT, text, strlen(text)) &&
      (!date ||
       !ng_article_set(ngt_world, a, NG_FIELD_DATE, date, strlen(date))))
    ng_extract(ngt_world, a, &d);
  ng_article_free(a);
  return d;
}

/* The entity one of whose surface forms is NAME, or NULL. */
static inline const ng_entity *ngt_entity(const ng_doc *d, const char *name) {
  for (size_t x = 0; x < d->entities.n; x++) {
    const ng_entity *e = NG_ENTITY(d, x);
    if (e->label && !strcmp(e->label, name))
      return e;
    for (size_t k = 0; k < e->aliases.n; k++)
      if (!strcmp(NG_VEC_AT(&e->aliases, const char *, k), name))
        return e;
  }
  return NULL;
}

/* NAME is a surface form of an entity of D whose type is T (a missing
 * entity ends the test). */
#define NGT_ASSERT_TYPE(d, name, t)                                          \
  do {                                                                       \
    const ng_entity *ngt_e_ = ngt_entity((d), (name));                       \
    CU_ASSERT_PTR_NOT_NULL_FATAL(ngt_e_);                                    \
    CU_ASSERT_EQUAL(ngt_e_->type, (t));                                      \
  } while (0)

static inline int ngt_entity_index(const ng_doc *d, const ng_entity *e) {
  return e ? (int)(e - (const ng_entity *)d->entities.items) : -1;
}

/* An event with CAMEO code prefix CODE whose sources include SRC and,
 * when TGT is not NULL, whose targets include TGT (surface forms). */
static inline const ng_event *ngt_event(const ng_doc *d, const char *code,
                                 const char *src, const char *tgt) {
  int s = ngt_entity_index(d, ngt_entity(d, src));
  int t = tgt ? ngt_entity_index(d, ngt_entity(d, tgt)) : -1;
  if (s < 0 || (tgt && t < 0))
    return NULL;
  for (size_t i = 0; i < d->events.n; i++) {
    const ng_event *e = NG_EVENT(d, i);
    if (strncmp(e->cameo, code, strlen(code)) || e->dup_of >= 0)
      continue;
    int has_s = 0, has_t = !tgt;
    for (uint8_t k = 0; k < e->n_src; k++)
      has_s |= e->src[k] == s;
    for (uint8_t k = 0; k < e->n_tgt; k++)
      has_t |= e->tgt[k] == t;
    if (has_s && has_t)
      return e;
  }
  return NULL;
}

/* Runs the registered suites; the exit status is the failure count
 * (read before the registry is cleaned up), capped at 1. */
static inline int ngt_run(void) {
  CU_basic_set_mode(CU_BRM_VERBOSE);
  CU_basic_run_tests();
  unsigned fails = CU_get_number_of_failures();
  unsigned errs = CU_get_number_of_suites_failed();
  CU_cleanup_registry();
  return fails || errs ? 1 : 0;
}

#define NGT_ADD(suite, fn)                                                 \
  do {                                                                     \
    if (!CU_add_test(suite, #fn, fn))                                      \
      return CU_get_error();                                               \
  } while (0)

#endif /* NG_TEST_H */
