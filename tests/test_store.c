/* test_store.c - stores: open each kind, load, replace graphs, refuse
 * what cannot be loaded, locks.  Data in tests/data/store (see README). */
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include "storetest.h"

static const char *data(const char *name) {
  static char path[4][1024];
  static int k;
  k = (k + 1) % 4;
  snprintf(path[k], sizeof path[k], "%s/tests/data/store/%s", srcdir(),
           name);
  return path[k];
}

static const char *tmp(const char *name) {
  static char path[4][512];
  static int k;
  k = (k + 1) % 4;
  snprintf(path[k], sizeof path[k], "%s/%s", tmpdir, name);
  return path[k];
}

/* The output of QUERY (TSV) as a malloc'd string, or NULL. */
static char *run(ng_store *s, const char *query) {
  FILE *fp = tmpfile();
  if (!fp)
    return NULL;
  ng_status st = ng_store_query(s, query, NG_RESULTS_TSV, fp);
  long n = ftell(fp);
  char *out = NULL;
  if (st == NG_OK && n >= 0 && (out = calloc(1, (size_t)n + 1))) {
    rewind(fp);
    if (fread(out, 1, (size_t)n, fp) != (size_t)n) {
      free(out);
      out = NULL;
    }
  }
  fclose(fp);
  return out;
}

/* The number in the one-row, one-column TSV answer to QUERY, or -1. */
static long run_count(ng_store *s, const char *query) {
  char *out = run(s, query);
  long v = -1;
  const char *p = out ? strchr(out, '\n') : NULL;
  if (p && p[1] == '"')
    v = strtol(p + 2, NULL, 10);
  free(out);
  return v;
}

static long graph_count(ng_store *s, const char *iri) {
  char q[512];
  snprintf(q, sizeof q,
           "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <%s> { ?s ?p ?o } }", iri);
  return run_count(s, q);
}

static long count(ng_store *s) {
  long n = -1;
  CU_ASSERT_EQUAL(ng_store_count(s, &n), NG_OK);
  return n;
}

#define A1 "https://w3id.org/newsgraph/id/article-a1"
#define A2 "https://w3id.org/newsgraph/id/article-a2"

static void test_open_kinds(void) {
  ng_store *s = NULL;
  CU_ASSERT_EQUAL(ng_store_open(world, "memory", 0, &s), NG_OK);
  CU_ASSERT_EQUAL(count(s), 0);
  ng_store_close(s);

  char spec[600];
  snprintf(spec, sizeof spec, "hashes:%s", tmp("h1"));
  CU_ASSERT_EQUAL(ng_store_open(world, spec, NG_STORE_CREATE, &s), NG_OK);
  CU_ASSERT_EQUAL(count(s), 0);
  ng_store_close(s);
  /* again, without CREATE, plain DIR and read-only */
  CU_ASSERT_EQUAL(ng_store_open(world, tmp("h1"), 0, &s), NG_OK);
  ng_store_close(s);
  CU_ASSERT_EQUAL(ng_store_open(world, tmp("h1"), NG_STORE_READONLY, &s),
                  NG_OK);
  ng_store_close(s);

  snprintf(spec, sizeof spec, "sqlite:%s", tmp("s1.sqlite"));
  CU_ASSERT_EQUAL(ng_store_open(world, spec, NG_STORE_CREATE, &s), NG_OK);
  CU_ASSERT_EQUAL(count(s), 0);
  ng_store_close(s);
  CU_ASSERT_EQUAL(ng_store_open(world, spec, 0, &s), NG_OK);
  ng_store_close(s);
  ng_store_close(NULL);
}

static void test_missing(void) {
  ng_store *s = (ng_store *)1;
  logbuf[0] = '\0';
  CU_ASSERT_EQUAL(ng_store_open(world, tmp("none"), 0, &s), NG_ERR_STORE);
  CU_ASSERT_PTR_NULL(s);
  CU_ASSERT_PTR_NOT_NULL(strstr(logbuf, "use --create"));

  CU_ASSERT_EQUAL(mkdir(tmp("empty"), 0755), 0);
  logbuf[0] = '\0';
  CU_ASSERT_EQUAL(ng_store_open(world, tmp("empty"), 0, &s), NG_ERR_STORE);
  CU_ASSERT_PTR_NOT_NULL(strstr(logbuf, "no newsgraph store in"));

  char spec[600];
  snprintf(spec, sizeof spec, "sqlite:%s", tmp("none.sqlite"));
  CU_ASSERT_EQUAL(ng_store_open(world, spec, 0, &s), NG_ERR_STORE);
  CU_ASSERT_EQUAL(ng_store_open(world, "postgres:db", 0, &s), NG_ERR_ARG);
  CU_ASSERT_EQUAL(ng_store_open(world, "hashes:", 0, &s), NG_ERR_ARG);
  CU_ASSERT_EQUAL(
      ng_store_open(world, tmp("x"), NG_STORE_CREATE | NG_STORE_READONLY, &s),
      NG_ERR_ARG);
}

static void test_load_reload(void) {
  ng_store *s = NULL;
  size_t na = 0, nt = 0;
  CU_ASSERT_FATAL(ng_store_open(world, tmp("h2"), NG_STORE_CREATE, &s) ==
                  NG_OK);
  CU_ASSERT_EQUAL(ng_store_load_file(s, data("sample.nq"), NULL, &na, &nt),
                  NG_OK);
  CU_ASSERT_EQUAL(na, 2);
  CU_ASSERT_EQUAL(nt, 131);
  CU_ASSERT_EQUAL(count(s), 131);
  CU_ASSERT_EQUAL(graph_count(s, A1), 56);
  CU_ASSERT_EQUAL(graph_count(s, A2), 75);

  /* the same file again: replaced, not duplicated */
  CU_ASSERT_EQUAL(ng_store_load_file(s, data("sample.nq"), "nquads", &na,
                                     &nt),
                  NG_OK);
  CU_ASSERT_EQUAL(count(s), 131);

  /* a newer article-a2 replaces its graph; article-a1 stays */
  CU_ASSERT_EQUAL(ng_store_load_file(s, data("a2-v2.nq"), NULL, &na, &nt),
                  NG_OK);
  CU_ASSERT_EQUAL(na, 1);
  CU_ASSERT_EQUAL(nt, 64);
  CU_ASSERT_EQUAL(count(s), 120);
  CU_ASSERT_EQUAL(graph_count(s, A1), 56);
  CU_ASSERT_EQUAL(graph_count(s, A2), 64);
  ng_store_close(s);

  /* it was committed: a new open sees it */
  CU_ASSERT_FATAL(ng_store_open(world, tmp("h2"), NG_STORE_READONLY, &s) ==
                  NG_OK);
  CU_ASSERT_EQUAL(count(s), 120);
  ng_store_close(s);
}

static void test_turtle(void) {
  ng_store *s = NULL;
  size_t na = 0, nt = 0;
  CU_ASSERT_FATAL(ng_store_open(world, tmp("h3"), NG_STORE_CREATE, &s) ==
                  NG_OK);
  CU_ASSERT_EQUAL(ng_store_load_file(s, data("a1.ttl"), NULL, &na, &nt),
                  NG_OK);
  CU_ASSERT_EQUAL(na, 1);
  CU_ASSERT_EQUAL(nt, 54);
  CU_ASSERT_EQUAL(graph_count(s, A1), 54);

  /* several articles in a file without graph names: refused, unchanged */
  logbuf[0] = '\0';
  CU_ASSERT_EQUAL(ng_store_load_file(s, data("two.ttl"), NULL, &na, &nt),
                  NG_ERR_INPUT);
  CU_ASSERT_PTR_NOT_NULL(strstr(logbuf, "--format nquads"));
  CU_ASSERT_EQUAL(count(s), 54);
  ng_store_close(s);
}

static void test_bad_input(void) {
  ng_store *s = NULL;
  size_t na = 9, nt = 9;
  CU_ASSERT_FATAL(ng_store_open(world, tmp("h4"), NG_STORE_CREATE, &s) ==
                  NG_OK);
  CU_ASSERT_EQUAL(ng_store_load_file(s, data("sample.nq"), NULL, NULL, NULL),
                  NG_OK);
  logbuf[0] = '\0';
  CU_ASSERT_EQUAL(ng_store_load_file(s, data("bad.nq"), NULL, &na, &nt),
                  NG_ERR_RDF);
  CU_ASSERT_PTR_NOT_NULL(strstr(logbuf, "line 2]"));
  CU_ASSERT_EQUAL(na, 0);
  CU_ASSERT_EQUAL(count(s), 131); /* the good quad on line 1 is not in */
  CU_ASSERT_EQUAL(graph_count(s, "https://w3id.org/newsgraph/id/article-x"),
                  0);
  CU_ASSERT_EQUAL(ng_store_load_file(s, tmp("missing.nq"), NULL, NULL, NULL),
                  NG_ERR_IO);
  CU_ASSERT_EQUAL(ng_store_load_file(s, data("README"), NULL, NULL, NULL),
                  NG_ERR_ARG); /* no syntax from the name */
  CU_ASSERT_EQUAL(ng_store_load_file(s, data("sample.nq"), "json", NULL,
                                     NULL),
                  NG_ERR_ARG);
  ng_store_close(s);
}

static void test_duplicates_and_bnodes(void) {
  ng_store *s = NULL;
  size_t na = 0, nt = 0;
  CU_ASSERT_FATAL(ng_store_open(world, "memory", 0, &s) == NG_OK);
  /* a repeated quad is stored once, also when its graph comes back */
  CU_ASSERT_EQUAL(ng_store_load_file(s, data("dup.nq"), NULL, &na, &nt),
                  NG_OK);
  CU_ASSERT_EQUAL(na, 2);
  CU_ASSERT_EQUAL(nt, 3);
  CU_ASSERT_EQUAL(count(s), 3);
  ng_store_close(s);

  /* _:b1 in two files are two nodes */
  CU_ASSERT_FATAL(ng_store_open(world, tmp("h5"), NG_STORE_CREATE, &s) ==
                  NG_OK);
  CU_ASSERT_EQUAL(ng_store_load_file(s, data("bnodes1.nq"), NULL, NULL,
                                     NULL),
                  NG_OK);
  CU_ASSERT_EQUAL(ng_store_load_file(s, data("bnodes2.nq"), NULL, NULL,
                                     NULL),
                  NG_OK);
  CU_ASSERT_EQUAL(
      run_count(s, "SELECT (COUNT(DISTINCT ?b) AS ?n) WHERE { ?a "
                   "<http://example.org/note> ?b }"),
      2);
  CU_ASSERT_EQUAL(
      run_count(s, "SELECT (COUNT(*) AS ?n) WHERE { ?a "
                   "<http://example.org/note> ?b . ?b "
                   "<http://www.w3.org/2000/01/rdf-schema#label> ?l }"),
      2);
  ng_store_close(s);
}

static void test_locks(void) {
  ng_store *a = NULL, *b = NULL, *r = NULL;
  CU_ASSERT_FATAL(ng_store_open(world, tmp("h6"), NG_STORE_CREATE, &a) ==
                  NG_OK);
  logbuf[0] = '\0';
  CU_ASSERT_EQUAL(ng_store_open(world, tmp("h6"), 0, &b), NG_ERR_LOCKED);
  CU_ASSERT_PTR_NOT_NULL(strstr(logbuf, "being written by another"));
  /* readers do not wait for the writer */
  CU_ASSERT_EQUAL(ng_store_open(world, tmp("h6"), NG_STORE_READONLY, &r),
                  NG_OK);
  CU_ASSERT_EQUAL(ng_store_load_file(a, data("sample.nq"), NULL, NULL, NULL),
                  NG_OK);
  /* the reader still reads the generation it opened */
  CU_ASSERT_EQUAL(count(r), 0);
  ng_store_close(r);
  ng_store_close(a);
  CU_ASSERT_EQUAL(ng_store_open(world, tmp("h6"), 0, &b), NG_OK);
  CU_ASSERT_EQUAL(count(b), 131);
  /* a read-only store refuses writes */
  ng_store_close(b);
  CU_ASSERT_EQUAL(ng_store_open(world, tmp("h6"), NG_STORE_READONLY, &r),
                  NG_OK);
  CU_ASSERT_EQUAL(ng_store_load_file(r, data("sample.nq"), NULL, NULL, NULL),
                  NG_ERR_ARG);
  ng_store_close(r);
}

static void test_other_storages(void) {
  ng_store *s = NULL;
  char spec[600];
  snprintf(spec, sizeof spec, "sqlite:%s", tmp("s2.sqlite"));
  CU_ASSERT_FATAL(ng_store_open(world, spec, NG_STORE_CREATE, &s) == NG_OK);
  CU_ASSERT_EQUAL(ng_store_load_file(s, data("sample.nq"), NULL, NULL, NULL),
                  NG_OK);
  CU_ASSERT_EQUAL(ng_store_load_file(s, data("sample.nq"), NULL, NULL, NULL),
                  NG_OK);
  CU_ASSERT_EQUAL(ng_store_load_file(s, data("a2-v2.nq"), NULL, NULL, NULL),
                  NG_OK);
  CU_ASSERT_EQUAL(count(s), 120);
  CU_ASSERT_EQUAL(graph_count(s, A2), 64);
  ng_store_close(s);

  CU_ASSERT_FATAL(ng_store_open(world, "memory", 0, &s) == NG_OK);
  CU_ASSERT_EQUAL(ng_store_load_file(s, data("sample.nq"), NULL, NULL, NULL),
                  NG_OK);
  CU_ASSERT_EQUAL(ng_store_load_file(s, data("a2-v2.nq"), NULL, NULL, NULL),
                  NG_OK);
  CU_ASSERT_EQUAL(count(s), 120);
  ng_store_close(s);
}

int main(void) {
  if (stt_begin("ng-store"))
    return 99;
  CU_pSuite suite = CU_add_suite("store", NULL, NULL);
  CU_add_test(suite, "open each kind", test_open_kinds);
  CU_add_test(suite, "missing stores", test_missing);
  CU_add_test(suite, "load, reload, replace", test_load_reload);
  CU_add_test(suite, "Turtle: one article, several", test_turtle);
  CU_add_test(suite, "bad input leaves the store", test_bad_input);
  CU_add_test(suite, "duplicates, blank nodes", test_duplicates_and_bnodes);
  CU_add_test(suite, "locks", test_locks);
  CU_add_test(suite, "sqlite and memory", test_other_storages);
  return stt_finish();
}
