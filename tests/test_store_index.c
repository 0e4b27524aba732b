/* test_store_index.c - the in-memory index of a store's quads
 * (src/lib/store_index.c): the terms as librdf gives them, a look-up in
 * each order, the copies of a triple in two graphs, an empty store, one
 * index shared by the handles on one generation and a new one after a
 * load and ng_store_refresh(), the byte budget, and the same rows from
 * the evaluator over the index as over librdf. */
#include "storetest.h"

#include "store_index.h"

#define NG "https://example.org/"
#define XSD "http://www.w3.org/2001/XMLSchema#"

/* a triple in two graphs, "x" and "x"^^xsd:string, a boolean "1",
 * language tags (one in capitals), a blank node */
static const char *fixture_a =
    "<" NG "a> <" NG "p> <" NG "b> <" NG "g1> .\n"
    "<" NG "a> <" NG "p> <" NG "b> <" NG "g2> .\n"
    "<" NG "a> <" NG "q> \"x\" <" NG "g1> .\n"
    "<" NG "b> <" NG "q> \"x\"^^<" XSD "string> <" NG "g1> .\n"
    "<" NG "b> <" NG "flag> \"1\"^^<" XSD "boolean> <" NG "g2> .\n"
    "<" NG "c> <" NG "name> \"chat\"@fr <" NG "g2> .\n"
    "_:n1 <" NG "p> <" NG "a> <" NG "g2> .\n"
    "<" NG "c> <" NG "name> \"hi\"@EN-GB <" NG "g1> .\n";
static const char *fixture_b =
    "<" NG "d> <" NG "p> <" NG "a> <" NG "g3> .\n";

static char *write_file(const char *name, const char *text) {
  static char path[2][400];
  static int which;
  char *p = path[which++ % 2];
  snprintf(p, sizeof path[0], "%s/%s", tmpdir, name);
  FILE *fp = fopen(p, "w");
  if (!fp)
    return NULL;
  fputs(text, fp);
  fclose(fp);
  return p;
}

static ng_store *memory_with(const char *text) {
  ng_store *s = NULL;
  if (ng_store_open(world, "memory", NG_STORE_CREATE, &s))
    return NULL;
  if (text) {
    char *p = write_file("m.nq", text);
    if (!p || ng_store_load_file(s, p, NULL, NULL, NULL)) {
      ng_store_close(s);
      return NULL;
    }
  }
  return s;
}

static uint32_t iri(const ng_sindex *x, const char *local) {
  char b[200];
  snprintf(b, sizeof b, NG "%s", local);
  return ng_sindex_find(x, 1, b, strlen(b), NULL, NULL);
}

static size_t scan_count(const ng_sindex *x, uint32_t s, uint32_t p,
                         uint32_t o, uint32_t g) {
  uint32_t want[4] = {s, p, o, g};
  ng_sindex_scan sc;
  ng_sindex_scan_init(x, want, &sc);
  size_t n = 0;
  const uint32_t *q;
  while ((q = ng_sindex_next(&sc))) {
    CU_ASSERT(!s || q[0] == s);
    CU_ASSERT(!p || q[1] == p);
    CU_ASSERT(!o || q[2] == o);
    CU_ASSERT(!g || q[3] == g);
    n++;
  }
  return n;
}

static void test_build_memory(void) {
  ng_store *s = memory_with(fixture_a);
  CU_ASSERT_PTR_NOT_NULL_FATAL(s);
  ng_status st = NG_ERR_ARG;
  ng_sindex *x = ng_sindex_build(s->rdf, s->model, s->kind, 0, &st);
  CU_ASSERT_PTR_NOT_NULL_FATAL(x);
  CU_ASSERT_EQUAL(st, NG_OK);
  CU_ASSERT_EQUAL(ng_sindex_quads(x), 8);
  CU_ASSERT(ng_sindex_bytes(x) >= 8 * NG_SINDEX_BYTES_PER_QUAD);
  uint32_t a = iri(x, "a"), b = iri(x, "b"), c = iri(x, "c");
  uint32_t p = iri(x, "p"), q = iri(x, "q"), g1 = iri(x, "g1"),
           g2 = iri(x, "g2");
  CU_ASSERT(a && b && c && p && q && g1 && g2);
  CU_ASSERT_EQUAL(iri(x, "nothing"), 0);
  /* two terms for "x"; the memory store keeps the boolean as added */
  uint32_t plain = ng_sindex_find(x, 3, "x", 1, NULL, NULL);
  uint32_t typed = ng_sindex_find(x, 3, "x", 1, NULL, XSD "string");
  CU_ASSERT(plain && typed && plain != typed);
  CU_ASSERT(ng_sindex_find(x, 3, "1", 1, NULL, XSD "boolean") != 0);
  uint32_t chat = ng_sindex_find(x, 3, "chat", 4, "fr", NULL);
  CU_ASSERT(chat != 0);
  CU_ASSERT_EQUAL(ng_sindex_find(x, 3, "chat", 4, "en", NULL), 0);
  const ng_sindex_term *t = ng_sindex_term_at(x, chat);
  CU_ASSERT_PTR_NOT_NULL_FATAL(t);
  CU_ASSERT_STRING_EQUAL(t->lex, "chat");
  CU_ASSERT_STRING_EQUAL(t->lang, "fr");
  CU_ASSERT_PTR_NULL(t->dt);
  t = ng_sindex_term_at(x, typed);
  CU_ASSERT_STRING_EQUAL(t->dt, XSD "string");
  CU_ASSERT_PTR_NULL(ng_sindex_term_at(x, 0));
  CU_ASSERT_PTR_NULL(ng_sindex_term_at(x, (uint32_t)ng_sindex_terms(x) + 1));
  /* each order: s, sp, spo (SPOG); p, po (POSG); o, so (OSPG); g (GSPO) */
  CU_ASSERT_EQUAL(scan_count(x, a, 0, 0, 0), 3);
  CU_ASSERT_EQUAL(scan_count(x, a, p, 0, 0), 2);
  CU_ASSERT_EQUAL(scan_count(x, a, p, b, 0), 2);
  CU_ASSERT_EQUAL(scan_count(x, a, p, b, g2), 1);
  CU_ASSERT_EQUAL(scan_count(x, 0, p, 0, 0), 3);
  CU_ASSERT_EQUAL(scan_count(x, 0, q, plain, 0), 1);
  CU_ASSERT_EQUAL(scan_count(x, 0, q, typed, 0), 1);
  CU_ASSERT_EQUAL(scan_count(x, 0, 0, a, 0), 1);
  CU_ASSERT_EQUAL(scan_count(x, b, 0, a, 0), 0);
  CU_ASSERT_EQUAL(scan_count(x, a, 0, b, 0), 2);
  CU_ASSERT_EQUAL(scan_count(x, 0, 0, 0, g1), 4);
  CU_ASSERT_EQUAL(scan_count(x, 0, 0, 0, g2), 4);
  CU_ASSERT_EQUAL(scan_count(x, 0, 0, 0, 0), 8);
  CU_ASSERT_EQUAL(scan_count(x, c, p, 0, 0), 0);
  /* counts look at the triple, not the graph */
  uint32_t w1[4] = {a, p, 0, g1};
  CU_ASSERT_EQUAL(ng_sindex_count(x, w1), 2);
  uint32_t w2[4] = {0, 0, 0, 0};
  CU_ASSERT_EQUAL(ng_sindex_count(x, w2), 8);
  /* the copies of a triple in two graphs come one after the other */
  uint32_t w3[4] = {0, p, 0, 0};
  ng_sindex_scan sc;
  ng_sindex_scan_init(x, w3, &sc);
  const uint32_t *r, *prev = NULL;
  int adjacent = 0;
  while ((r = ng_sindex_next(&sc))) {
    if (prev && !memcmp(prev, r, 3 * sizeof *r))
      adjacent++;
    prev = r;
  }
  CU_ASSERT_EQUAL(adjacent, 1);
  size_t ng;
  const uint32_t *gs = ng_sindex_graphs(x, &ng);
  CU_ASSERT_EQUAL(ng, 2);
  CU_ASSERT(ng == 2 && ((gs[0] == g1 && gs[1] == g2) ||
                        (gs[0] == g2 && gs[1] == g1)));
  ng_sindex_release(x);
  ng_store_close(s);
}

static void test_empty(void) {
  ng_store *s = memory_with(NULL);
  CU_ASSERT_PTR_NOT_NULL_FATAL(s);
  ng_status st;
  ng_sindex *x = ng_sindex_build(s->rdf, s->model, s->kind, 0, &st);
  CU_ASSERT_PTR_NOT_NULL_FATAL(x);
  CU_ASSERT_EQUAL(ng_sindex_quads(x), 0);
  CU_ASSERT_EQUAL(ng_sindex_terms(x), 0);
  CU_ASSERT_EQUAL(scan_count(x, 0, 0, 0, 0), 0);
  uint32_t w[4] = {1, 0, 0, 0};
  CU_ASSERT_EQUAL(scan_count(x, 1, 0, 0, 0), 0);
  CU_ASSERT_EQUAL(ng_sindex_count(x, w), 0);
  CU_ASSERT_EQUAL(ng_sindex_find(x, 1, "a", 1, NULL, NULL), 0);
  ng_sindex_release(x);
  ng_sindex_release(NULL); /* NULL-safe */
  /* a query on it through the index */
  setenv("NG_SPARQL_INDEX", "1", 1);
  char *out = NULL;
  CU_ASSERT_EQUAL(stt_query_tsv(s, "SELECT * { ?s ?p ?o }", &out), NG_OK);
  CU_ASSERT_PTR_NOT_NULL(out);
  if (out)
    CU_ASSERT_STRING_EQUAL(out, "?s\t?p\t?o\n");
  free(out);
  unsetenv("NG_SPARQL_INDEX");
  ng_store_close(s);
}

/* A budget too small for the store: no index, the answers from librdf. */
static void test_budget(void) {
  ng_store *s = memory_with(fixture_a);
  CU_ASSERT_PTR_NOT_NULL_FATAL(s);
  ng_status st = NG_OK;
  ng_sindex *x = ng_sindex_build(s->rdf, s->model, s->kind, 64, &st);
  CU_ASSERT_PTR_NULL(x);
  CU_ASSERT_EQUAL(st, NG_ERR_LIMIT);
  ng_store_close(s);
}

static const char *queries[] = {
    "SELECT * { ?s ?p ?o } ORDER BY ?s ?p ?o",
    "SELECT * { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g ?s ?p ?o",
    "SELECT ?s { ?s ?p \"x\" } ORDER BY ?s",
    "SELECT ?s { ?s ?p \"x\"^^<" XSD "string> } ORDER BY ?s",
    "SELECT ?o { <" NG "a> <" NG "q> ?o }",
    "ASK { <" NG "a> <" NG "q> \"x\" }",
    "ASK { <" NG "b> <" NG "q> \"x\" }",
    "SELECT ?s { ?s <" NG "flag> true }",
    "SELECT ?s { ?s <" NG "flag> \"1\"^^<" XSD "boolean> }",
    "SELECT ?o { ?s <" NG "flag> ?o }",
    "SELECT ?s { ?s <" NG "name> \"chat\"@fr }",
    "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }",
    "SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g "
    "ORDER BY ?g",
    "SELECT * FROM <" NG "g1> FROM <" NG "g2> { ?s <" NG "p> ?o } "
    "ORDER BY ?s ?o",
    "SELECT * FROM <" NG "g2> { ?s ?p ?o } ORDER BY ?s ?p ?o",
    "SELECT * FROM NAMED <" NG "g1> { GRAPH ?g { ?s ?p ?o } } "
    "ORDER BY ?s ?p ?o",
    "SELECT * { GRAPH <" NG "g1> { ?s ?p ?o } } ORDER BY ?s ?p ?o",
    "SELECT * { GRAPH <" NG "nograph> { ?s ?p ?o } }",
    "SELECT ?x ?y { ?x <" NG "p>+ ?y } ORDER BY ?x ?y",
    "SELECT ?b { ?b <" NG "p> ?a . ?a <" NG "p> ?c } ORDER BY ?b",
    "SELECT * { ?s <" NG "p> ?o OPTIONAL { ?o <" NG "q> ?v } } "
    "ORDER BY ?s ?o",
    "SELECT * { <" NG "nothing> ?p ?o }",
    "SELECT * { ?s ?p ?o FILTER(isBlank(?s)) }",
    "SELECT ?s { ?s ?p \"hi\"@EN-GB }",
    "SELECT ?s { ?s ?p \"hi\"@en-gb }",
    "SELECT ?o { ?s <" NG "name> ?o } ORDER BY ?o",
};

/* Every query of QUERIES gives the same TSV over the index as over
 * librdf on S. */
static void same_rows(ng_store *s) {
  for (size_t i = 0; i < sizeof queries / sizeof *queries; i++) {
    char *lib = NULL, *ix = NULL;
    setenv("NG_SPARQL_INDEX", "0", 1);
    ng_status a = stt_query_tsv(s, queries[i], &lib);
    setenv("NG_SPARQL_INDEX", "1", 1);
    ng_status b = stt_query_tsv(s, queries[i], &ix);
    unsetenv("NG_SPARQL_INDEX");
    CU_ASSERT_EQUAL(a, NG_OK);
    CU_ASSERT_EQUAL(b, NG_OK);
    CU_ASSERT(lib && ix && !strcmp(lib, ix));
    if (!lib || !ix || strcmp(lib, ix))
      fprintf(stderr, "\n%s\nlibrdf:\n%sindex:\n%s", queries[i],
              lib ? lib : "(none)", ix ? ix : "(none)");
    free(lib);
    free(ix);
  }
}

static void test_same_rows_memory(void) {
  ng_store *s = memory_with(fixture_a);
  CU_ASSERT_PTR_NOT_NULL_FATAL(s);
  same_rows(s);
  ng_store_close(s);
}

static void test_same_rows_hashes(void) {
  char dir[400];
  snprintf(dir, sizeof dir, "%s/same", tmpdir);
  ng_store *w = NULL, *s = NULL;
  CU_ASSERT_EQUAL_FATAL(ng_store_open(world, dir, NG_STORE_CREATE, &w),
                        NG_OK);
  char *p = write_file("a.nq", fixture_a);
  CU_ASSERT_EQUAL(ng_store_load_file(w, p, NULL, NULL, NULL), NG_OK);
  ng_store_close(w);
  CU_ASSERT_EQUAL_FATAL(ng_store_open(world, dir, NG_STORE_READONLY, &s),
                        NG_OK);
  same_rows(s);
  /* the hashes store rewrites the boolean "1" as librdf decodes it */
  ng_status st;
  ng_sindex *x = ng_sindex_build(s->rdf, s->model, s->kind, 0, &st);
  CU_ASSERT_PTR_NOT_NULL_FATAL(x);
  CU_ASSERT_EQUAL(ng_sindex_quads(x), 8);
  CU_ASSERT(ng_sindex_find(x, 3, "true", 4, NULL, XSD "boolean") != 0);
  ng_sindex_release(x);
  ng_store_close(s);
}

static size_t count_rows(ng_store *s) {
  char *out = NULL;
  ng_status st = stt_query_tsv(s, "SELECT * { ?s ?p ?o }", &out);
  CU_ASSERT_EQUAL(st, NG_OK);
  size_t n = 0;
  for (const char *c = out; c && *c; c++)
    n += *c == '\n';
  free(out);
  return n ? n - 1 : 0;
}

/* Two read-only handles share one index; a load and a refresh give the
 * handle refreshed a new index with the new data, the other keeps
 * reading the old one until it refreshes too. */
static void test_shared_and_refresh(void) {
  char dir[400];
  snprintf(dir, sizeof dir, "%s/shared", tmpdir);
  ng_store *w = NULL, *r1 = NULL, *r2 = NULL;
  CU_ASSERT_EQUAL_FATAL(ng_store_open(world, dir, NG_STORE_CREATE, &w),
                        NG_OK);
  char *p = write_file("a.nq", fixture_a);
  CU_ASSERT_EQUAL(ng_store_load_file(w, p, NULL, NULL, NULL), NG_OK);
  ng_store_close(w);
  CU_ASSERT_EQUAL_FATAL(ng_store_open(world, dir, NG_STORE_READONLY, &r1),
                        NG_OK);
  CU_ASSERT_EQUAL_FATAL(ng_store_open(world, dir, NG_STORE_READONLY, &r2),
                        NG_OK);
  CU_ASSERT_EQUAL(ng_store_use_index(r1, 64u << 20), NG_OK);
  CU_ASSERT_EQUAL(ng_store_use_index(r2, 64u << 20), NG_OK);
  CU_ASSERT_EQUAL(ng_store_use_index(NULL, 1), NG_ERR_ARG);
  CU_ASSERT_EQUAL(count_rows(r1), 7); /* the default graph is a set */
  CU_ASSERT_EQUAL(count_rows(r2), 7);
  CU_ASSERT_PTR_NOT_NULL(r1->index);
  CU_ASSERT_PTR_EQUAL(r1->index, r2->index);
  ng_sindex *old = r1->index;

  CU_ASSERT_EQUAL_FATAL(ng_store_open(world, dir, 0, &w), NG_OK);
  p = write_file("b.nq", fixture_b);
  CU_ASSERT_EQUAL(ng_store_load_file(w, p, NULL, NULL, NULL), NG_OK);
  ng_store_close(w);

  CU_ASSERT_EQUAL(ng_store_refresh(r1), NG_OK);
  CU_ASSERT_EQUAL(count_rows(r1), 8);
  CU_ASSERT_PTR_NOT_NULL(r1->index);
  CU_ASSERT(r1->index != old);
  CU_ASSERT_EQUAL(ng_sindex_quads(r1->index), 9);
  /* r2 has not refreshed: one version, the old one */
  CU_ASSERT_EQUAL(count_rows(r2), 7);
  CU_ASSERT_PTR_EQUAL(r2->index, old);
  CU_ASSERT_EQUAL(ng_store_refresh(r2), NG_OK);
  CU_ASSERT_EQUAL(count_rows(r2), 8);
  CU_ASSERT_PTR_EQUAL(r2->index, r1->index);

  /* turned off: the handle lets its index go and reads librdf */
  CU_ASSERT_EQUAL(ng_store_use_index(r2, 0), NG_OK);
  CU_ASSERT_PTR_NULL(r2->index);
  CU_ASSERT_EQUAL(count_rows(r2), 8);
  /* a budget below the store's needs: librdf answers, with a warning */
  ng_store_close(r2);
  CU_ASSERT_EQUAL_FATAL(ng_store_open(world, dir, NG_STORE_READONLY, &r2),
                        NG_OK);
  CU_ASSERT_PTR_NOT_NULL(r1->index); /* r1 keeps the shared one */
  ng_store_close(r1);
  logbuf[0] = '\0';
  CU_ASSERT_EQUAL(ng_store_use_index(r2, 16), NG_OK);
  CU_ASSERT_PTR_NULL(r2->index);
  CU_ASSERT_PTR_NOT_NULL(strstr(logbuf, "index would take more"));
  CU_ASSERT_EQUAL(count_rows(r2), 8);
  CU_ASSERT_PTR_NULL(r2->index);
  ng_store_close(r2);
}

int main(void) {
  if (stt_begin("test_store_index"))
    return 99;
  CU_pSuite s = CU_add_suite("store_index", NULL, NULL);
  if (!s || !CU_add_test(s, "build from a memory store", test_build_memory) ||
      !CU_add_test(s, "empty store", test_empty) ||
      !CU_add_test(s, "byte budget", test_budget) ||
      !CU_add_test(s, "same rows (memory)", test_same_rows_memory) ||
      !CU_add_test(s, "same rows (hashes)", test_same_rows_hashes) ||
      !CU_add_test(s, "shared, refreshed", test_shared_and_refresh))
    return 99;
  return stt_finish();
}
