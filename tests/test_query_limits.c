/* test_query_limits.c - the limits of a query (store.h): the values it
 * may hold, its time, a cancel flag set from another thread, OURS_ONLY;
 * read-only handles answering in several threads at once; and
 * ng_store_refresh() taking a handle kept open to what a writer
 * committed since. */
#include "storetest.h"

#include <pthread.h>
#include <time.h>

#define CROSS4                                                               \
  "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
#define COUNT_ALL "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"

static ng_store *store; /* the sample, read-only */

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* QUERY on S as TSV into *OUT (malloc); the status. */
static ng_status run_on(ng_store *s, const char *query, char **out) {
  return stt_query_tsv(s, query, out);
}

/* ROWS: the lines of OUT after the head. */
static size_t rows_of(const char *out) {
  size_t n = 0;
  for (const char *p = out ? strchr(out, '\n') : NULL; p && p[1];
       p = strchr(p + 1, '\n'))
    n++;
  return n;
}

static void test_max_values(void) {
  char *out = NULL;
  /* N statements; a cap room for what the first pattern holds (its N
   * rows and the default graph's set of them) but not for the N * N
   * rows of the product */
  CU_ASSERT_EQUAL(run_on(store, "SELECT * { ?a ?b ?c }", &out), NG_OK);
  size_t n = rows_of(out);
  free(out);
  CU_ASSERT(n >= 40);
  size_t cap = 16 * n;
  ng_query_limits lim = {0, cap, NULL, 0};
  CU_ASSERT_EQUAL(ng_store_set_query_limits(store, &lim), NG_OK);
  /* ORDER BY holds every row: past the cap it stops */
  CU_ASSERT_EQUAL(run_on(store,
                         "SELECT * { ?a ?b ?c . ?d ?e ?f } ORDER BY ?a",
                         &out),
                  NG_ERR_LIMIT);
  char want[64];
  snprintf(want, sizeof want, "more than %zu values", cap);
  CU_ASSERT_PTR_NOT_NULL(strstr(logbuf, want));
  free(out);
  /* so does DISTINCT, which keeps a key for every row it has given */
  CU_ASSERT_EQUAL(
      run_on(store, "SELECT DISTINCT * { ?a ?b ?c . ?d ?e ?f }", &out),
      NG_ERR_LIMIT);
  free(out);
  /* a plain SELECT streams the product's rows and holds none of them:
   * answered whole under the same cap */
  CU_ASSERT_EQUAL(run_on(store, "SELECT * { ?a ?b ?c . ?d ?e ?f }", &out),
                  NG_OK);
  CU_ASSERT_EQUAL(rows_of(out), n * n);
  free(out);
  /* the defaults again: all are answered */
  CU_ASSERT_EQUAL(ng_store_set_query_limits(store, NULL), NG_OK);
  CU_ASSERT_EQUAL(
      run_on(store, "SELECT DISTINCT * { ?a ?b ?c . ?d ?e ?f }", &out),
      NG_OK);
  CU_ASSERT_EQUAL(rows_of(out), n * n);
  free(out);
}

static void test_deadline(void) {
  char *out = NULL;
  ng_query_limits lim = {0.3, 0, NULL, 0};
  CU_ASSERT_EQUAL(ng_store_set_query_limits(store, &lim), NG_OK);
  double t0 = now();
  CU_ASSERT_EQUAL(run_on(store, CROSS4, &out), NG_ERR_CANCELLED);
  double took = now() - t0;
  CU_ASSERT(took >= 0.3 && took < 3);
  CU_ASSERT_PTR_NOT_NULL(strstr(logbuf, "past its time limit"));
  free(out);
  /* a quick query under the same limit is answered */
  CU_ASSERT_EQUAL(run_on(store, COUNT_ALL, &out), NG_OK);
  free(out);
  ng_query_limits bad = {-1, 0, NULL, 0};
  CU_ASSERT_EQUAL(ng_store_set_query_limits(store, &bad), NG_ERR_ARG);
  ng_store_set_query_limits(store, NULL);
}

static void *cancel_later(void *arg) {
  struct timespec ts = {0, 300 * 1000 * 1000};
  nanosleep(&ts, NULL);
  ng_cancel_set(arg);
  return NULL;
}

static void test_cancel(void) {
  char *out = NULL;
  ng_cancel *c = ng_cancel_new();
  CU_ASSERT_PTR_NOT_NULL_FATAL(c);
  CU_ASSERT_FALSE(ng_cancel_is_set(c));
  ng_query_limits lim = {0, 0, c, 0};
  ng_store_set_query_limits(store, &lim);
  /* set before: the query stops at once */
  ng_cancel_set(c);
  CU_ASSERT(ng_cancel_is_set(c));
  CU_ASSERT_EQUAL(run_on(store, CROSS4, &out), NG_ERR_CANCELLED);
  CU_ASSERT_PTR_NOT_NULL(strstr(logbuf, "cancelled"));
  free(out);
  /* set by another thread while the query runs */
  ng_cancel_clear(c);
  pthread_t t;
  double t0 = now();
  CU_ASSERT_EQUAL_FATAL(pthread_create(&t, NULL, cancel_later, c), 0);
  CU_ASSERT_EQUAL(run_on(store, CROSS4, &out), NG_ERR_CANCELLED);
  double took = now() - t0;
  pthread_join(t, NULL);
  CU_ASSERT(took >= 0.25 && took < 3);
  free(out);
  ng_cancel_clear(c);
  CU_ASSERT_EQUAL(run_on(store, COUNT_ALL, &out), NG_OK);
  free(out);
  ng_store_set_query_limits(store, NULL);
  ng_cancel_free(c);
  ng_cancel_free(NULL);
}

static void test_ours_only(void) {
  char *out = NULL;
  ng_query_limits lim = {0, 0, NULL, 1};
  ng_store_set_query_limits(store, &lim);
  /* DESCRIBE is left to rasqal: refused, nothing written or logged */
  CU_ASSERT_EQUAL(run_on(store, "DESCRIBE <http://example.org/x>", &out),
                  NG_ERR_UNSUPPORTED);
  CU_ASSERT_STRING_EQUAL(out ? out : "", "");
  CU_ASSERT_STRING_EQUAL(logbuf, "");
  free(out);
  CU_ASSERT_EQUAL(run_on(store, COUNT_ALL, &out), NG_OK);
  free(out);
  ng_store_set_query_limits(store, NULL);
}

/* Several threads, each with its own world and read-only handle (made
 * and freed by this thread, as store.h asks), answer the same queries at
 * once: the same answers as one thread alone. */
typedef struct job {
  ng_store *s;
  const char *const *queries;
  char **want;
  int rounds, wrong, failed;
} job;

static void *answer_many(void *arg) {
  job *j = arg;
  ng_store *s = j->s;
  for (int r = 0; r < j->rounds; r++) {
    for (int q = 0; j->queries[q]; q++) {
      char *out = NULL;
      size_t len = 0;
      FILE *fp = open_memstream(&out, &len);
      if (!fp || ng_store_query(s, j->queries[q], NG_RESULTS_TSV, fp))
        j->failed = 1;
      if (fp)
        fclose(fp);
      if (!out || strcmp(out, j->want[q]))
        j->wrong++;
      free(out);
    }
  }
  return NULL;
}

static void test_threads(void) {
  static const char *const queries[] = {
      COUNT_ALL,
      "SELECT ?s ?l { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l }"
      " ORDER BY ?s ?l",
      "SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g "
      "ORDER BY ?g",
      NULL};
  char *want[3];
  for (int q = 0; q < 3; q++)
    CU_ASSERT_EQUAL_FATAL(run_on(store, queries[q], &want[q]), NG_OK);
  char dir[300];
  snprintf(dir, sizeof dir, "%s/store", tmpdir);
  enum { N = 4 };
  ng_world *w[N];
  job jobs[N];
  pthread_t t[N];
  for (int i = 0; i < N; i++) {
    jobs[i] = (job){NULL, queries, want, 20, 0, 0};
    w[i] = ng_world_new();
    CU_ASSERT_PTR_NOT_NULL_FATAL(w[i]);
    CU_ASSERT_EQUAL_FATAL(
        ng_store_open(w[i], dir, NG_STORE_READONLY, &jobs[i].s), NG_OK);
  }
  for (int i = 0; i < N; i++)
    CU_ASSERT_EQUAL_FATAL(pthread_create(&t[i], NULL, answer_many, &jobs[i]),
                          0);
  for (int i = 0; i < N; i++) {
    pthread_join(t[i], NULL);
    CU_ASSERT_EQUAL(jobs[i].failed, 0);
    CU_ASSERT_EQUAL(jobs[i].wrong, 0);
    ng_store_close(jobs[i].s);
    ng_world_free(w[i]);
  }
  for (int q = 0; q < 3; q++)
    free(want[q]);
}

/* A handle kept open reads the generation it opened until refreshed. */
static void test_refresh(void) {
  char *before = NULL, *stale = NULL, *after = NULL;
  CU_ASSERT_EQUAL(run_on(store, COUNT_ALL, &before), NG_OK);
  char dir[300], path[1024];
  snprintf(dir, sizeof dir, "%s/store", tmpdir);
  snprintf(path, sizeof path, "%s/tests/data/store/a2-v2.nq", srcdir());
  ng_store *wr = NULL;
  CU_ASSERT_EQUAL_FATAL(ng_store_open(world, dir, 0, &wr), NG_OK);
  CU_ASSERT_EQUAL(ng_store_load_file(wr, path, NULL, NULL, NULL), NG_OK);
  ng_store_close(wr);
  CU_ASSERT_EQUAL(run_on(store, COUNT_ALL, &stale), NG_OK);
  CU_ASSERT_EQUAL(ng_store_refresh(store), NG_OK);
  CU_ASSERT_EQUAL(run_on(store, COUNT_ALL, &after), NG_OK);
  CU_ASSERT_PTR_NOT_NULL_FATAL(before);
  CU_ASSERT_PTR_NOT_NULL_FATAL(after);
  CU_ASSERT_STRING_EQUAL(stale ? stale : "", before);
  CU_ASSERT_STRING_NOT_EQUAL(after, before);
  /* nothing new: refreshing again changes nothing */
  CU_ASSERT_EQUAL(ng_store_refresh(store), NG_OK);
  free(stale);
  CU_ASSERT_EQUAL(run_on(store, COUNT_ALL, &stale), NG_OK);
  CU_ASSERT_STRING_EQUAL(stale ? stale : "", after);
  free(before);
  free(stale);
  free(after);
  CU_ASSERT_EQUAL(ng_store_refresh(NULL), NG_ERR_ARG);
}

static int setup(void) {
  ng_store *wr = NULL;
  if (stt_open_sample(&wr))
    return 1;
  ng_store_close(wr);
  char dir[300];
  snprintf(dir, sizeof dir, "%s/store", tmpdir);
  return ng_store_open(world, dir, NG_STORE_READONLY, &store) != NG_OK;
}

static int teardown(void) {
  ng_store_close(store);
  return 0;
}

int main(void) {
  if (stt_begin("ng-query-limits"))
    return 99;
  CU_pSuite s = CU_add_suite("query limits", setup, teardown);
  CU_add_test(s, "values held", test_max_values);
  CU_add_test(s, "time limit", test_deadline);
  CU_add_test(s, "cancel flag", test_cancel);
  CU_add_test(s, "ours only", test_ours_only);
  CU_add_test(s, "read-only handles in threads", test_threads);
  CU_add_test(s, "refresh", test_refresh);
  return stt_finish();
}
