/* test_store.c - stores: open each kind, load, replace graphs, refuse
 * what cannot be loaded, locks.  Data in tests/data/store (see README). */
#include <db.h>
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

/* The output of QUERY (TSV) as a malloc'd string, or NULL when the
 * query failed (the log buffer is emptied first: stt_query_tsv). */
static char *run(ng_store *s, const char *query) {
  char *out;
  if (stt_query_tsv(s, query, &out) != NG_OK) {
    free(out);
    return NULL;
  }
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

/* "0"^^xsd:boolean: librdf 1.0.17 rewrites it to "false" each time the
 * hashes store decodes it (load warns); the memory store keeps it. */
static void test_boolean_lexical(void) {
  const char *nq = tmp("bool.nq");
  FILE *fp = fopen(nq, "w");
  CU_ASSERT_FATAL(fp != NULL);
  fputs("<http://e/a> <http://e/p> "
        "\"0\"^^<http://www.w3.org/2001/XMLSchema#boolean> <" A1 "> .\n",
        fp);
  fclose(fp);
  const char *q = "SELECT ?o { GRAPH ?g { ?s ?p ?o } }";
  ng_store *s = NULL;
  CU_ASSERT_FATAL(ng_store_open(world, "memory", 0, &s) == NG_OK);
  logbuf[0] = '\0';
  CU_ASSERT_EQUAL(ng_store_load_file(s, nq, NULL, NULL, NULL), NG_OK);
  CU_ASSERT_PTR_NULL(strstr(logbuf, "will read back"));
  char *out = run(s, q);
  CU_ASSERT_PTR_NOT_NULL(out);
  CU_ASSERT_PTR_NOT_NULL(out ? strstr(out, "\"0\"^^") : NULL);
  free(out);
  ng_store_close(s);

  CU_ASSERT_FATAL(ng_store_open(world, tmp("hb"), NG_STORE_CREATE, &s) ==
                  NG_OK);
  logbuf[0] = '\0';
  CU_ASSERT_EQUAL(ng_store_load_file(s, nq, NULL, NULL, NULL), NG_OK);
  CU_ASSERT_PTR_NOT_NULL(strstr(logbuf, "will read back from this store "
                                        "as \"false\""));
  ng_store_close(s);
}

/* ---- the batched writes (store_bulk.c) against librdf's own ---- */

static const char *const bdb_files[] = {
    "newsgraph-sp2o.db", "newsgraph-po2s.db", "newsgraph-so2p.db",
    "newsgraph-p2so.db", "newsgraph-contexts.db"};

/* Every key/value pair of FILE in the committed generation of the store
 * DIR, in Berkeley DB's order, as "hex key hex value" lines (malloc'd),
 * or NULL.  *N gets the number of pairs. */
static char *dump_bdb(const char *dir, const char *file, long *n) {
  char p[1024], gen[64] = "";
  snprintf(p, sizeof p, "%s/newsgraph-current", dir);
  FILE *fp = fopen(p, "r");
  if (!fp)
    return NULL;
  if (!fgets(gen, sizeof gen, fp))
    gen[0] = '\0';
  fclose(fp);
  gen[strcspn(gen, "\n")] = '\0';
  snprintf(p, sizeof p, "%s/%s/%s", dir, gen, file);
  DB *db = NULL;
  DBC *c = NULL;
  char *out = NULL;
  size_t len = 0;
  FILE *mem = open_memstream(&out, &len);
  if (!mem)
    return NULL;
  *n = 0;
  int ret = db_create(&db, NULL, 0);
  if (!ret)
    ret = db->open(db, NULL, p, NULL, DB_BTREE, DB_RDONLY, 0);
  if (!ret)
    ret = db->cursor(db, NULL, &c, 0);
  DBT k, v;
  memset(&k, 0, sizeof k);
  memset(&v, 0, sizeof v);
  while (!ret && !(ret = c->get(c, &k, &v, DB_NEXT))) {
    for (u_int32_t i = 0; i < k.size; i++)
      fprintf(mem, "%02x", ((unsigned char *)k.data)[i]);
    fputc(' ', mem);
    for (u_int32_t i = 0; i < v.size; i++)
      fprintf(mem, "%02x", ((unsigned char *)v.data)[i]);
    fputc('\n', mem);
    ++*n;
  }
  if (c)
    c->close(c);
  if (db)
    db->close(db, 0);
  fclose(mem);
  if (ret != DB_NOTFOUND) {
    free(out);
    return NULL;
  }
  return out;
}

/* An article with a short text, analysed. */
static ng_doc *doc_of(const char *id, const char *text) {
  ng_article *a = ng_article_new();
  ng_doc *d = NULL;
  if (a && !ng_article_set(world, a, NG_FIELD_ID, id, strlen(id)) &&
      !ng_article_set(world, a, NG_FIELD_DATE, "2024-03-01", 10) &&
      !ng_article_set(world, a, NG_FIELD_TEXT, text, strlen(text)))
    ng_extract(world, a, &d);
  ng_article_free(a);
  return d;
}

/* The same writes on the store DIR: loads (duplicates, a graph that
 * comes back, a committed graph replaced) and a session of analysed
 * articles where one is stored twice and a count reads the session's
 * writes half-way. */
static void same_writes(const char *dir, ng_doc *d1, ng_doc *d2,
                        long *mid_count) {
  ng_store *s = NULL;
  CU_ASSERT_FATAL(ng_store_open(world, dir, NG_STORE_CREATE, &s) == NG_OK);
  CU_ASSERT_EQUAL(ng_store_load_file(s, data("sample.nq"), NULL, NULL, NULL),
                  NG_OK);
  size_t nt = 0;
  CU_ASSERT_EQUAL(ng_store_load_file(s, data("dup.nq"), NULL, NULL, &nt),
                  NG_OK);
  CU_ASSERT_EQUAL(nt, 3); /* each quad counted once */
  CU_ASSERT_EQUAL(ng_store_load_file(s, data("a2-v2.nq"), NULL, NULL, NULL),
                  NG_OK);
  CU_ASSERT_EQUAL(ng_store_load_file(s, data("a1.ttl"), NULL, NULL, NULL),
                  NG_OK);
  CU_ASSERT_EQUAL(ng_store_add_doc(s, d1), NG_OK);
  CU_ASSERT_EQUAL(ng_store_add_doc(s, d2), NG_OK);
  CU_ASSERT_EQUAL(ng_store_count(s, mid_count), NG_OK);
  CU_ASSERT_EQUAL(ng_store_add_doc(s, d1), NG_OK); /* replaces itself */
  ng_store_close(s);
}

static void test_bulk_same_as_librdf(void) {
  const char *dd = getenv("NEWSGRAPH_DATA_DIR");
  CU_ASSERT_FATAL(ng_world_set_data_dir(
                      world, dd && *dd ? dd : NG_TEST_DATA_DIR) == NG_OK);
  CU_ASSERT_FATAL(ng_world_open(world) == NG_OK);
  ng_doc *d1 = doc_of("bulk-1",
                      "Russian President Vladimir Putin met German Chancellor "
                      "Angela Merkel in Moscow on Tuesday. Putin criticized "
                      "NATO. The talks were \"difficult\", Merkel said.");
  ng_doc *d2 = doc_of("bulk-2", "Police arrested 20 protesters in Paris on "
                                "Sunday, the French interior ministry said.");
  CU_ASSERT_FATAL(d1 && d2);
  long mid_bulk = -1, mid_librdf = -2;
  same_writes(tmp("bulk"), d1, d2, &mid_bulk);
  CU_ASSERT_EQUAL(setenv("NG_STORE_WRITE_PATH", "librdf", 1), 0);
  same_writes(tmp("librdf"), d1, d2, &mid_librdf);
  unsetenv("NG_STORE_WRITE_PATH");
  CU_ASSERT(mid_bulk > 115);
  CU_ASSERT_EQUAL(mid_bulk, mid_librdf);

  /* the same pairs in the same order in every file */
  for (size_t i = 0; i < sizeof bdb_files / sizeof *bdb_files; i++) {
    long na = -1, nb = -2;
    char *a = dump_bdb(tmp("bulk"), bdb_files[i], &na);
    char *b = dump_bdb(tmp("librdf"), bdb_files[i], &nb);
    CU_ASSERT_PTR_NOT_NULL(a);
    CU_ASSERT_PTR_NOT_NULL(b);
    CU_ASSERT(na > 115);
    CU_ASSERT_EQUAL(na, nb);
    CU_ASSERT(a && b && !strcmp(a, b));
    if (a && b && strcmp(a, b))
      fprintf(stderr, "%s differs\n", bdb_files[i]);
    free(a);
    free(b);
  }

  /* and the same answers */
  static const char *const queries[] = {
      "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } "
      "ORDER BY ?g ?s ?p ?o",
      "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } "
      "GROUP BY ?g ORDER BY ?g",
      "SELECT ?s ?o WHERE { ?s a ?o } ORDER BY ?s ?o"};
  ng_store *a = NULL, *b = NULL;
  CU_ASSERT_FATAL(ng_store_open(world, tmp("bulk"), NG_STORE_READONLY,
                                &a) == NG_OK);
  CU_ASSERT_FATAL(ng_store_open(world, tmp("librdf"), NG_STORE_READONLY,
                                &b) == NG_OK);
  for (size_t i = 0; i < sizeof queries / sizeof *queries; i++) {
    char *x = run(a, queries[i]), *y = run(b, queries[i]);
    CU_ASSERT(x && y && strlen(x) > 100 && !strcmp(x, y));
    free(x);
    free(y);
  }
  long n = -1;
  CU_ASSERT_EQUAL(ng_store_count(a, &n), NG_OK);
  CU_ASSERT_EQUAL(n, count(b));
  ng_store_close(a);
  ng_store_close(b);
  ng_doc_free(d1);
  ng_doc_free(d2);
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
  CU_add_test(suite, "batched writes = librdf's", test_bulk_same_as_librdf);
  CU_add_test(suite, "xsd:boolean as written", test_boolean_lexical);
  return stt_finish();
}
