/* test_golden.c - the golden end-to-end test: the reference article
 * through the whole pipeline into a librdf store, then the graph
 * contract's questions as SPARQL ASK queries (tests/data/golden/). */
#include <redland.h>
#include <stdio.h>

#include "ngtest.h"

#ifndef NG_TEST_SRCDIR
#define NG_TEST_SRCDIR "."
#endif

static librdf_world *rdf;
static librdf_storage *storage;
static librdf_model *model;

static librdf_node *to_node(const ng_term *t) {
  switch (t->kind) {
  case NG_TERM_IRI:
    return librdf_new_node_from_counted_uri_string(
        rdf, (const unsigned char *)t->value, t->len);
  case NG_TERM_BLANK:
    return librdf_new_node_from_counted_blank_identifier(
        rdf, (const unsigned char *)t->value, t->len);
  default: {
    librdf_uri *dt =
        t->datatype ? librdf_new_uri(rdf, (const unsigned char *)t->datatype)
                    : NULL;
    char *v = ng_strndup(t->value, t->len);
    librdf_node *n = v ? librdf_new_node_from_typed_literal(
                             rdf, (const unsigned char *)v, t->lang, dt)
                       : NULL;
    free(v);
    if (dt)
      librdf_free_uri(dt);
    return n;
  }
  }
}

static ng_status add(void *ud, const ng_term *s, const ng_term *p,
                     const ng_term *o, const ng_term *g) {
  (void)ud;
  librdf_node *ctx = to_node(g);
  librdf_statement *st = librdf_new_statement_from_nodes(
      rdf, to_node(s), to_node(p), to_node(o));
  int rc = !st || !ctx || librdf_model_context_add_statement(model, ctx, st);
  if (st)
    librdf_free_statement(st);
  if (ctx)
    librdf_free_node(ctx);
  return rc ? NG_ERR_STORE : NG_OK;
}

static char *read_all(const char *path) {
  FILE *fp = fopen(path, "rb");
  if (!fp)
    return NULL;
  fseek(fp, 0, SEEK_END);
  long n = ftell(fp);
  fseek(fp, 0, SEEK_SET);
  char *buf = n >= 0 ? malloc((size_t)n + 1) : NULL;
  if (buf) {
    size_t k = fread(buf, 1, (size_t)n, fp);
    buf[k] = '\0';
  }
  fclose(fp);
  return buf;
}

static int ask(const char *sparql) {
  librdf_query *q =
      librdf_new_query(rdf, "sparql", NULL, (const unsigned char *)sparql,
                       NULL);
  if (!q)
    return -1;
  librdf_query_results *r = librdf_query_execute(q, model);
  int v = r ? librdf_query_results_get_boolean(r) : -1;
  if (r)
    librdf_free_query_results(r);
  librdf_free_query(q);
  return v;
}

static void test_seed_contract(void) {
  char *json = read_all(NG_TEST_SRCDIR "/tests/data/seed/shafaq-sudani-nato.jsonl");
  CU_ASSERT_PTR_NOT_NULL_FATAL(json);
  ng_article *a = NULL;
  CU_ASSERT_EQUAL_FATAL(ng_article_from_json(ngt_world, json, strlen(json),
                                             &a),
                        NG_OK);
  free(json);
  ng_doc *d = NULL;
  CU_ASSERT_EQUAL_FATAL(ng_extract(ngt_world, a, &d), NG_OK);
  ng_article_free(a);
  CU_ASSERT_EQUAL_FATAL(ng_doc_emit(ngt_world, d, add, NULL), NG_OK);
  ng_doc_free(d);

  char *rq = read_all(NG_TEST_SRCDIR "/tests/data/golden/seed.rq");
  CU_ASSERT_PTR_NOT_NULL_FATAL(rq);
  char *first = strstr(rq, "\n#---");
  CU_ASSERT_PTR_NOT_NULL_FATAL(first);
  first++;
  size_t plen = (size_t)(first - rq);
  char *p = first;
  int n = 0;
  while (p && *p) {
    char *next = strstr(p + 4, "\n#---");
    if (next)
      next++;
    size_t blen = next ? (size_t)(next - p) : strlen(p);
    char *title_end = memchr(p, '\n', blen);
    int negate = p[4] == ' ' && p[5] == '!';
    char *q = malloc(plen + blen + 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(q);
    memcpy(q, rq, plen);
    memcpy(q + plen, p, blen);
    q[plen + blen] = '\0';
    int v = ask(q);
    if (v != !negate)
      fprintf(stderr, "\ngolden question failed (got %d): %.*s\n", v,
              (int)(title_end ? title_end - p : 60), p);
    CU_ASSERT_EQUAL(v, !negate);
    free(q);
    n++;
    p = next;
  }
  CU_ASSERT(n >= 8);
  free(rq);
}

/* librdf's own log printer reads past its buffer on rasqal warnings (a
 * known bug of the Debian 12 packages): keep the messages, print none. */
static int quiet_log(void *ud, librdf_log_message *m) {
  (void)ud;
  (void)m;
  return 1;
}

static int setup(void) {
  if (ngt_world_init())
    return -1;
  rdf = librdf_new_world();
  if (!rdf)
    return -1;
  librdf_world_set_logger(rdf, NULL, quiet_log);
  librdf_world_open(rdf);
  storage = librdf_new_storage(rdf, "memory", NULL, "contexts='yes'");
  model = storage ? librdf_new_model(rdf, storage, NULL) : NULL;
  return model ? 0 : -1;
}

static int teardown(void) {
  if (model)
    librdf_free_model(model);
  if (storage)
    librdf_free_storage(storage);
  if (rdf)
    librdf_free_world(rdf);
  return ngt_world_clean();
}

int main(void) {
  if (CU_initialize_registry() != CUE_SUCCESS)
    return 1;
  CU_pSuite s = CU_add_suite("golden", setup, teardown);
  if (!s)
    return 1;
  NGT_ADD(s, test_seed_contract);
  return ngt_run();
}
