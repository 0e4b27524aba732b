/* storetest.h - what the store and query suites share: a world whose log
 * goes to LOGBUF, a temporary directory for their stores, the source
 * directory, and the end of main() (run, clean up, exit code). */
#ifndef NG_STORETEST_H
#define NG_STORETEST_H

#include <CUnit/Basic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <newsgraph/newsgraph.h>

static ng_world *world;
static char tmpdir[256];
static char logbuf[16384];

static void capture(void *ud, const ng_log_message *m) {
  (void)ud;
  size_t n = strlen(logbuf);
  snprintf(logbuf + n, sizeof logbuf - n, "[%d line %ld] %s\n", (int)m->code,
           m->line, m->text ? m->text : "");
}

static const char *srcdir(void) {
  const char *s = getenv("NG_SRCDIR"); /* set by Makefile.am */
  if (!s)
    s = getenv("srcdir");
  return s ? s : ".";
}

/* Makes TMPDIR ($TMPDIR/NAME-XXXXXX), the world (its log into LOGBUF)
 * and CUnit's registry; 0, or 99 (the test could not start). */
static int stt_begin(const char *name) {
  snprintf(tmpdir, sizeof tmpdir, "%s/%s-XXXXXX",
           getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", name);
  if (!mkdtemp(tmpdir))
    return 99;
  world = ng_world_new();
  if (!world)
    return 99;
  ng_world_set_log_handler(world, capture, NULL);
  return CU_initialize_registry() == CUE_SUCCESS ? 0 : 99;
}

/* Runs the registered suites, frees the world, removes TMPDIR when all
 * passed (it stays to look at otherwise); the exit code: 1 on any
 * failure. */
static int stt_finish(void) {
  CU_basic_set_mode(CU_BRM_VERBOSE);
  CU_basic_run_tests();
  unsigned failures = CU_get_number_of_failures();
  CU_cleanup_registry();
  ng_world_free(world);
  if (!failures) {
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
      fprintf(stderr, "could not remove %s\n", tmpdir);
  }
  return failures ? 1 : 0;
}

/* Makes a new store TMPDIR/store holding tests/data/store/sample.nq
 * into *OUT; 0, or 1 when it cannot (a CUnit suite set-up's answer). */
static inline int stt_open_sample(ng_store **out) {
  char dir[300];
  snprintf(dir, sizeof dir, "%s/store", tmpdir);
  if (ng_store_open(world, dir, NG_STORE_CREATE, out))
    return 1;
  char path[1024];
  snprintf(path, sizeof path, "%s/tests/data/store/sample.nq", srcdir());
  return ng_store_load_file(*out, path, NULL, NULL, NULL) != NG_OK;
}

/* QUERY on S as TSV into *OUT (malloc'd, the caller frees it; NULL
 * when no stream could be made), with the log buffer emptied first;
 * the query's status. */
static inline ng_status stt_query_tsv(ng_store *s, const char *query,
                                      char **out) {
  size_t len = 0;
  *out = NULL;
  FILE *fp = open_memstream(out, &len);
  if (!fp)
    return NG_ERR_NOMEM;
  logbuf[0] = '\0';
  ng_status st = ng_store_query(s, query, NG_RESULTS_TSV, fp);
  fclose(fp);
  return st;
}

#endif /* NG_STORETEST_H */
