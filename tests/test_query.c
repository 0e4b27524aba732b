/* test_query.c - SPARQL on a store: each results format (exact text for
 * CSV, TSV, JSON and XML), ASK and CONSTRUCT, errors, the constructs
 * refused or rewritten, the bundled queries and --param values.
 * Built with src/cli/cmd_query.c and src/cli/cli.c for
 * ng_cli_bind_params().  Data in tests/data/store (see README). */
#include <unistd.h>

#include "storetest.h"

/* src/cli/cmd_query.c */
int ng_cli_bind_params(const char *text, const char *const *names,
                       const char *const *values, size_t n, char **out,
                       char *err, size_t errsz);

static ng_store *store;

static char *read_file(const char *path) {
  FILE *fp = fopen(path, "rb");
  if (!fp)
    return NULL;
  fseek(fp, 0, SEEK_END);
  long n = ftell(fp);
  rewind(fp);
  char *s = n >= 0 ? calloc(1, (size_t)n + 1) : NULL;
  if (s && fread(s, 1, (size_t)n, fp) != (size_t)n) {
    free(s);
    s = NULL;
  }
  fclose(fp);
  return s;
}

/* Runs QUERY; *OUT gets the output (malloc).  Returns the status. */
static ng_status run(const char *query, ng_results_format f, char **out) {
  FILE *fp = tmpfile();
  *out = NULL;
  if (!fp)
    return NG_ERR_IO;
  logbuf[0] = '\0';
  ng_status st = ng_store_query(store, query, f, fp);
  long n = ftell(fp);
  *out = calloc(1, n > 0 ? (size_t)n + 1 : 1);
  rewind(fp);
  if (*out && n > 0 && fread(*out, 1, (size_t)n, fp) != (size_t)n)
    (*out)[0] = '\0';
  fclose(fp);
  return st;
}

#define PFX                                                                 \
  "PREFIX ng: <https://w3id.org/newsgraph/ns#>\n"                           \
  "PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/"     \
  "nif-core#>\n"                                                            \
  "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"                  \
  "PREFIX id: <https://w3id.org/newsgraph/id/>\n"

static const char small_query[] =
    PFX "SELECT ?e ?c ?d ?text WHERE { ?e ng:cameo ?c ; ng:evidence ?m . "
        "?m nif:anchorOf ?text . OPTIONAL { ?e ng:date ?d } "
        "FILTER(?c = \"043\" || ?c = \"183\") } ORDER BY ?c";

static void expect(ng_results_format f, const char *want) {
  char *out = NULL;
  CU_ASSERT_EQUAL(run(small_query, f, &out), NG_OK);
  CU_ASSERT_PTR_NOT_NULL_FATAL(out);
  CU_ASSERT_STRING_EQUAL(out, want);
  if (strcmp(out, want))
    fprintf(stderr, "\n--- got:\n%s--- want:\n%s", out, want);
  free(out);
}

static void test_csv(void) {
  expect(NG_RESULTS_CSV,
         "e,c,d,text\r\n"
         "https://w3id.org/newsgraph/id/event-a1-1,043,2024-03-01,"
         "\"Haddad met the NATO envoy in Baghdad on Friday, \"\"to talk\"\".\""
         "\r\n"
         "https://w3id.org/newsgraph/id/event-a2-2,183,,A roadside bomb "
         "claimed by the group hit a government convoy.\r\n");
}

static void test_tsv(void) {
  expect(NG_RESULTS_TSV,
         "?e\t?c\t?d\t?text\n"
         "<https://w3id.org/newsgraph/id/event-a1-1>\t\"043\"\t\"2024-03-01\""
         "^^<http://www.w3.org/2001/XMLSchema#date>\t\"Haddad met the NATO "
         "envoy in Baghdad on Friday, \\\"to talk\\\".\"\n"
         "<https://w3id.org/newsgraph/id/event-a2-2>\t\"183\"\t\t\"A roadside "
         "bomb claimed by the group hit a government convoy.\"\n");
}

static void test_json(void) {
  expect(
      NG_RESULTS_JSON,
      "{\n"
      "  \"head\": { \"vars\": [ \"e\", \"c\", \"d\", \"text\" ] },\n"
      "  \"results\": {\n"
      "    \"bindings\": [\n"
      "      {\n"
      "        \"e\": { \"type\": \"uri\", \"value\": "
      "\"https://w3id.org/newsgraph/id/event-a1-1\" },\n"
      "        \"c\": { \"type\": \"literal\", \"value\": \"043\" },\n"
      "        \"d\": { \"type\": \"literal\", \"value\": \"2024-03-01\", "
      "\"datatype\": \"http://www.w3.org/2001/XMLSchema#date\" },\n"
      "        \"text\": { \"type\": \"literal\", \"value\": \"Haddad met the "
      "NATO envoy in Baghdad on Friday, \\\"to talk\\\".\" }\n"
      "      },\n"
      "      {\n"
      "        \"e\": { \"type\": \"uri\", \"value\": "
      "\"https://w3id.org/newsgraph/id/event-a2-2\" },\n"
      "        \"c\": { \"type\": \"literal\", \"value\": \"183\" },\n"
      "        \"text\": { \"type\": \"literal\", \"value\": \"A roadside "
      "bomb claimed by the group hit a government convoy.\" }\n"
      "      }\n"
      "    ]\n"
      "  }\n"
      "}\n");
}

static void test_xml(void) {
  expect(NG_RESULTS_XML,
         "<?xml version=\"1.0\"?>\n"
         "<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">\n"
         "  <head>\n"
         "    <variable name=\"e\"/>\n"
         "    <variable name=\"c\"/>\n"
         "    <variable name=\"d\"/>\n"
         "    <variable name=\"text\"/>\n"
         "  </head>\n"
         "  <results>\n"
         "    <result>\n"
         "      <binding name=\"e\"><uri>https://w3id.org/newsgraph/id/"
         "event-a1-1</uri></binding>\n"
         "      <binding name=\"c\"><literal>043</literal></binding>\n"
         "      <binding name=\"d\"><literal datatype=\"http://www.w3.org/"
         "2001/XMLSchema#date\">2024-03-01</literal></binding>\n"
         "      <binding name=\"text\"><literal>Haddad met the NATO envoy in "
         "Baghdad on Friday, &quot;to talk&quot;.</literal></binding>\n"
         "    </result>\n"
         "    <result>\n"
         "      <binding name=\"e\"><uri>https://w3id.org/newsgraph/id/"
         "event-a2-2</uri></binding>\n"
         "      <binding name=\"c\"><literal>183</literal></binding>\n"
         "      <binding name=\"text\"><literal>A roadside bomb claimed by "
         "the group hit a government convoy.</literal></binding>\n"
         "    </result>\n"
         "  </results>\n"
         "</sparql>\n");
}

static void test_table(void) {
  expect(NG_RESULTS_TABLE,
         "e              c    d           text\n"
         "-------------  ---  ----------  ------------------------------------"
         "-------------------------\n"
         "id:event-a1-1  043  2024-03-01  Haddad met the NATO envoy in "
         "Baghdad on Friday, \"to talk\".\n"
         "id:event-a2-2  183              A roadside bomb claimed by the "
         "group hit a government convoy.\n"
         "(2 rows)\n");
}

static void test_ask_construct_empty(void) {
  char *out = NULL;
  CU_ASSERT_EQUAL(run(PFX "ASK { ?s ng:iso3 \"IRQ\" }", NG_RESULTS_TABLE,
                      &out),
                  NG_OK);
  CU_ASSERT_STRING_EQUAL(out, "true\n");
  free(out);
  CU_ASSERT_EQUAL(run(PFX "ASK { ?s ng:iso3 \"XXX\" }", NG_RESULTS_JSON,
                      &out),
                  NG_OK);
  CU_ASSERT_STRING_EQUAL(out, "{\n  \"head\": {},\n  \"boolean\": false\n}\n");
  free(out);
  CU_ASSERT_EQUAL(run(PFX "CONSTRUCT { ?s ng:code ?c } WHERE { ?s ng:iso3 ?c "
                          "FILTER(?c = \"FRA\") }",
                      NG_RESULTS_TABLE, &out),
                  NG_OK);
  CU_ASSERT_STRING_EQUAL(out, "<https://w3id.org/newsgraph/id/actor-fra> "
                              "<https://w3id.org/newsgraph/ns#code> \"FRA\" "
                              ".\n");
  free(out);
  /* no solution: the header is still there */
  CU_ASSERT_EQUAL(run(PFX "SELECT ?e ?x WHERE { ?e a ng:Nothing }",
                      NG_RESULTS_TSV, &out),
                  NG_OK);
  CU_ASSERT_STRING_EQUAL(out, "?e\t?x\n");
  free(out);
  CU_ASSERT_EQUAL(run(PFX "SELECT ?e WHERE { ?e a ng:Nothing }",
                      NG_RESULTS_JSON, &out),
                  NG_OK);
  CU_ASSERT_STRING_EQUAL(out, "{\n  \"head\": { \"vars\": [ \"e\" ] },\n"
                              "  \"results\": {\n    \"bindings\": []\n"
                              "  }\n}\n");
  free(out);
}

static void test_errors(void) {
  char *out = NULL;
  CU_ASSERT_EQUAL(run("SELECT ?x WHERE {\n ?x ?p ?o ) .\n}", NG_RESULTS_TSV,
                      &out),
                  NG_ERR_QUERY);
  CU_ASSERT_PTR_NOT_NULL(strstr(logbuf, "syntax error"));
  CU_ASSERT_PTR_NOT_NULL(strstr(logbuf, "line 2]"));
  free(out);
  CU_ASSERT_EQUAL(run("SELEC ?x", NG_RESULTS_TSV, &out), NG_ERR_QUERY);
  free(out);
  CU_ASSERT_EQUAL(ng_store_query(store, NULL, NG_RESULTS_TSV, stdout),
                  NG_ERR_ARG);
  ng_results_format f;
  CU_ASSERT_EQUAL(ng_results_format_parse("json", &f), NG_OK);
  CU_ASSERT_EQUAL(f, NG_RESULTS_JSON);
  CU_ASSERT_EQUAL(ng_results_format_parse("table", &f), NG_OK);
  CU_ASSERT_EQUAL(f, NG_RESULTS_TABLE);
  CU_ASSERT_EQUAL(ng_results_format_parse("yaml", &f), NG_ERR_ARG);
}

static void refused(const char *query, const char *what) {
  char *out = NULL;
  CU_ASSERT_EQUAL(run(query, NG_RESULTS_TSV, &out), NG_ERR_UNSUPPORTED);
  CU_ASSERT_PTR_NOT_NULL(strstr(logbuf, what));
  if (!strstr(logbuf, what))
    fprintf(stderr, "\nno '%s' in: %s", what, logbuf);
  free(out);
}

static void test_refusals(void) {
  /* paths, EXISTS and NOT EXISTS are answered (test_sparql); DESCRIBE is
   * the construct left refused */
  refused(PFX "DESCRIBE id:actor-pm", "DESCRIBE");
}

static void accepted(const char *query, const char *want) {
  char *out = NULL;
  CU_ASSERT_EQUAL(run(query, NG_RESULTS_TSV, &out), NG_OK);
  if (want) {
    CU_ASSERT_STRING_EQUAL(out, want);
    if (strcmp(out, want))
      fprintf(stderr, "\n--- got:\n%s--- want:\n%s", out, want);
  }
  free(out);
}

static void test_not_refused(void) {
  /* keywords in strings, IRIs and comments are no constructs */
  accepted(PFX "# MINUS EXISTS a/b DESCRIBE\n"
               "SELECT ?c WHERE { ?e ng:cameo ?c FILTER(?c != \"MINUS / "
               "EXISTS\") FILTER(?e != <https://example.org/a/b?x=MINUS>) "
               "FILTER(?c = '''a/b''' || ?c = \"043\") }",
           "?c\n\"043\"\n");
  /* arithmetic and SELECT * are no paths; CONCAT of variables is fine */
  accepted(PFX "SELECT * WHERE { { SELECT * WHERE { ?e ng:cameo ?c } } "
               "FILTER(?c = \"036\" && 2 * 3 / 1 > 5 - 1) }",
           "?e\t?c\n<https://w3id.org/newsgraph/id/event-a1-2>\t\"036\"\n");
  accepted(PFX "SELECT (CONCAT(?c, \"-\", ?c) AS ?x) WHERE { ?e ng:cameo ?c "
               "FILTER(?c = \"036\") }",
           "?x\n\"036-036\"\n");
}

/* ng_store_query_each: the rows as terms, borrowed for the call */
typedef struct rows_seen {
  size_t heads, rows, cols;
  char first[128]; /* the first value of the first row */
  ng_term_kind kind;
  int stop_after; /* return NG_ERR_ARG from this row on (0: never) */
} rows_seen;

static ng_status seen_head(void *user, const char *const *names, size_t n) {
  rows_seen *r = user;
  r->heads++;
  r->cols = n;
  CU_ASSERT_STRING_EQUAL(names[0], "c");
  return NG_OK;
}

static ng_status seen_row(void *user, const ng_term *const *v) {
  rows_seen *r = user;
  if (!r->rows && v[0]) {
    snprintf(r->first, sizeof r->first, "%.*s", (int)v[0]->len,
             v[0]->value);
    r->kind = v[0]->kind;
  }
  r->rows++;
  return r->stop_after && (int)r->rows >= r->stop_after ? NG_ERR_ARG
                                                        : NG_OK;
}

static void test_query_each(void) {
  rows_seen r;
  memset(&r, 0, sizeof r);
  ng_row_handler h = {&r, seen_head, seen_row};
  CU_ASSERT_EQUAL(ng_store_query_each(store,
                                      PFX "SELECT ?c ?e WHERE { ?e ng:cameo "
                                          "?c } ORDER BY ?c ?e",
                                      &h),
                  NG_OK);
  CU_ASSERT_EQUAL(r.heads, 1);
  CU_ASSERT_EQUAL(r.cols, 2);
  CU_ASSERT(r.rows > 1);
  CU_ASSERT_EQUAL(r.kind, NG_TERM_LITERAL);
  CU_ASSERT_STRING_EQUAL(r.first, "036");
  /* a callback's status stops the query and is returned */
  memset(&r, 0, sizeof r);
  r.stop_after = 1;
  CU_ASSERT_EQUAL(ng_store_query_each(
                      store, PFX "SELECT ?c WHERE { ?e ng:cameo ?c }", &h),
                  NG_ERR_ARG);
  CU_ASSERT_EQUAL(r.rows, 1);
  /* no rows from an ASK, a bad query, or no handler */
  memset(&r, 0, sizeof r);
  CU_ASSERT_EQUAL(ng_store_query_each(store, "ASK {}", &h), NG_ERR_QUERY);
  CU_ASSERT_EQUAL(r.rows, 0);
  CU_ASSERT_EQUAL(ng_store_query_each(store, "SELECT ?c WHERE {", &h),
                  NG_ERR_QUERY);
  CU_ASSERT_EQUAL(ng_store_query_each(store, "SELECT * {}", NULL),
                  NG_ERR_ARG);
}

/* What rasqal refused or answered wrongly, now answered by newsgraph's
 * own evaluator (src/lib/sparql/). */
static void test_own_evaluator(void) {
  accepted(PFX "SELECT ?e WHERE { ?e a ng:Event MINUS { ?e ng:date ?d } }",
           "?e\n<https://w3id.org/newsgraph/id/event-a2-2>\n");
  accepted(PFX "SELECT (STRLEN(GROUP_CONCAT(?c; SEPARATOR=\"--\")) AS ?n) "
               "WHERE { ?e ng:cameo ?c FILTER(?c IN (\"043\", \"036\")) }",
           "?n\n\"8\"^^<http://www.w3.org/2001/XMLSchema#integer>\n");
  accepted(PFX "SELECT (CONCAT(STR(?e), UCASE(\"/x\"), ?c) AS ?x) WHERE "
               "{ ?e ng:cameo ?c FILTER(?c = \"036\") }",
           "?x\n\"https://w3id.org/newsgraph/id/event-a1-2/X036\"\n");
  accepted(PFX "SELECT (STRBEFORE(STR(?e), \"/\") AS ?x) "
               "(STRAFTER(STR(?e), \"id/\") AS ?y) WHERE "
               "{ ?e ng:cameo \"036\" }",
           "?x\t?y\n\"https:\"\t\"event-a1-2\"\n");
}

static void test_rewrites(void) {
  /* single-variable VALUES */
  accepted(PFX "SELECT ?e WHERE { VALUES ?c { \"036\" \"112\" } "
               "?e ng:cameo ?c } ORDER BY ?e",
           "?e\n<https://w3id.org/newsgraph/id/event-a1-2>\n"
           "<https://w3id.org/newsgraph/id/event-a2-4>\n");
  /* YEAR, MONTH and DAY on xsd:date */
  accepted(PFX "SELECT (YEAR(?d) AS ?y) (MONTH(?d) AS ?m) (DAY(?d) AS ?dd) "
               "WHERE { id:event-a1-1 ng:date ?d }",
           "?y\t?m\t?dd\n"
           "\"2024\"^^<http://www.w3.org/2001/XMLSchema#integer>\t"
           "\"3\"^^<http://www.w3.org/2001/XMLSchema#integer>\t"
           "\"1\"^^<http://www.w3.org/2001/XMLSchema#integer>\n");
  /* GRAPH <absent>: no row */
  accepted(PFX "SELECT ?s WHERE { GRAPH id:nothing { ?s ?p ?o } }",
           "?s\n");
  accepted(PFX "SELECT ?s WHERE { GRAPH id:article-a1 { ?s ng:iso3 \"FRA\" "
               "} }",
           "?s\n<https://w3id.org/newsgraph/id/actor-fra>\n");
  /* aggregates over no solution, two calls of MAX */
  accepted(PFX "SELECT (COUNT(*) AS ?n) WHERE { ?e a ng:Nothing }",
           "?n\n\"0\"^^<http://www.w3.org/2001/XMLSchema#integer>\n");
  accepted(PFX "SELECT (MAX(?c) AS ?a) (MAX(?p) AS ?b) WHERE { "
               "id:event-a1-1 ng:cameo ?c ; ng:plover ?p }",
           "?a\t?b\n\"043\"\t\"CONSULT\"\n");
  /* the default graph is a set: the label of actor-pm is in two graphs */
  accepted(PFX "SELECT (COUNT(*) AS ?n) WHERE { id:actor-pm rdfs:label ?l }",
           "?n\n\"1\"^^<http://www.w3.org/2001/XMLSchema#integer>\n");
}

static void test_bundled(void) {
  static const char *const names[] = {
      "who-did-what", "actors",    "posts",      "most-active",
      "who-met-whom", "events-of", "timeline",   "attacks-by",
      "between-countries"};
  static const char *const params[][2] = {
      {NULL, NULL},       {NULL, NULL},
      {NULL, NULL},       {NULL, NULL},
      {NULL, NULL},       {"actor", "id:actor-grp"},
      {"actor", "Samir Haddad"}, {"actor", "Northern Brigades"},
      {NULL, NULL}};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    char *text = NULL, *bound = NULL, *out = NULL, err[256];
    CU_ASSERT_EQUAL_FATAL(ng_bundled_query(world, names[i], &text), NG_OK);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "# description:"));
    const char *pn[2] = {params[i][0], "b"};
    const char *pv[2] = {params[i][1], "USA"};
    size_t np = params[i][0] ? 1 : 0;
    if (!strcmp(names[i], "between-countries")) {
      pn[0] = "a";
      pv[0] = "IRQ";
      np = 2;
    }
    CU_ASSERT_EQUAL(ng_cli_bind_params(text, pn, pv, np, &bound, err,
                                       sizeof err),
                    0);
    CU_ASSERT_EQUAL(run(bound, NG_RESULTS_TSV, &out), NG_OK);
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/data/store/expected/%s.tsv",
             srcdir(), names[i]);
    char *want = read_file(path);
    CU_ASSERT_PTR_NOT_NULL(want);
    if (want && out) {
      CU_ASSERT_STRING_EQUAL(out, want);
      if (strcmp(out, want))
        fprintf(stderr, "\n%s: got\n%s", names[i], out);
    }
    free(want);
    free(out);
    free(bound);
    free(text);
  }
  char *text = (char *)1;
  CU_ASSERT_EQUAL(ng_bundled_query(world, "../etc/passwd", &text),
                  NG_ERR_ARG);
  CU_ASSERT_PTR_NULL(text);
  CU_ASSERT_EQUAL(ng_bundled_query(world, "Actors", &text), NG_ERR_ARG);
  CU_ASSERT_EQUAL(ng_bundled_query(world, "", &text), NG_ERR_ARG);
  CU_ASSERT_EQUAL(ng_bundled_query(world, "no-such-query", &text),
                  NG_ERR_ARG);
}

/* A --param value comes back from BIND($v AS ?x) exactly as given. */
static void roundtrip(const char *value, const char *want_tsv) {
  const char *n[1] = {"v"}, *v[1] = {value};
  char *bound = NULL, *out = NULL, err[256];
  CU_ASSERT_EQUAL_FATAL(
      ng_cli_bind_params("SELECT ?x WHERE { BIND($v AS ?x) }", n, v, 1,
                         &bound, err, sizeof err),
      0);
  CU_ASSERT_EQUAL(run(bound, NG_RESULTS_TSV, &out), NG_OK);
  CU_ASSERT_STRING_EQUAL(out, want_tsv);
  if (strcmp(out, want_tsv))
    fprintf(stderr, "\nvalue %s: query %s gave\n%s", value, bound, out);
  free(out);
  free(bound);
}

static void test_params(void) {
  roundtrip("\"} . ?x ?y ?z {", "?x\n\"\\\"} . ?x ?y ?z {\"\n");
  roundtrip("a\nb\r\tc\\d", "?x\n\"a\\nb\\r\\tc\\\\d\"\n");
  roundtrip("<angle>", "?x\n\"<angle>\"\n");
  roundtrip("<https://example.org/x> } ?s ?p ?o {",
            "?x\n\"<https://example.org/x> } ?s ?p ?o {\"\n");
  roundtrip("''' \") # comment", "?x\n\"''' \\\") # comment\"\n");
  roundtrip("https://example.org/a", "?x\n<https://example.org/a>\n");
  roundtrip("<https://example.org/a>", "?x\n<https://example.org/a>\n");
  roundtrip("id:actor-pm", "?x\n<https://w3id.org/newsgraph/id/actor-pm>\n");
  roundtrip("re:Actor", "?x\n\"re:Actor\"\n");
  roundtrip("Kata'ib Hezbollah", "?x\n\"Kata'ib Hezbollah\"\n");

  /* the placeholder only as a variable: not in strings, IRIs, comments */
  const char *n[1] = {"v"}, *v[1] = {"X"};
  char *bound = NULL, err[256];
  CU_ASSERT_EQUAL(
      ng_cli_bind_params("# $v\nSELECT ?v WHERE { ?s ?p \"$v\" . "
                         "?s <http://e/$v> $v }",
                         n, v, 1, &bound, err, sizeof err),
      0);
  CU_ASSERT_STRING_EQUAL(bound, "# $v\nSELECT ?v WHERE { ?s ?p \"$v\" . "
                                "?s <http://e/$v> \"X\" }");
  free(bound);
  /* unknown, missing and invalid values */
  CU_ASSERT_EQUAL(ng_cli_bind_params("SELECT * WHERE { ?s ?p $w }", n, v, 1,
                                     &bound, err, sizeof err),
                  -1);
  CU_ASSERT_PTR_NOT_NULL(strstr(err, "no parameter"));
  CU_ASSERT_EQUAL(ng_cli_bind_params("# param: w  the w\nSELECT * WHERE "
                                     "{ ?s ?p $w }",
                                     NULL, NULL, 0, &bound, err, sizeof err),
                  -1);
  CU_ASSERT_PTR_NOT_NULL(strstr(err, "--param w="));
  const char *bad[1] = {"\xff\xfe"};
  CU_ASSERT_EQUAL(ng_cli_bind_params("SELECT * WHERE { ?s ?p $v }", n, bad,
                                     1, &bound, err, sizeof err),
                  -1);
  /* a default from the header */
  CU_ASSERT_EQUAL(ng_cli_bind_params("# param: w=2024  year\nSELECT * WHERE "
                                     "{ ?s ?p $w }",
                                     NULL, NULL, 0, &bound, err, sizeof err),
                  0);
  CU_ASSERT_PTR_NOT_NULL(strstr(bound, "?p \"2024\" }"));
  free(bound);
}

static int setup(void) { return stt_open_sample(&store); }

static int teardown(void) {
  ng_store_close(store);
  return 0;
}

int main(void) {
  if (stt_begin("ng-query"))
    return 99;
  char data[1024];
  snprintf(data, sizeof data, "%s/data", srcdir());
  if (ng_world_set_data_dir(world, data))
    return 99;
  CU_pSuite s = CU_add_suite("query", setup, teardown);
  CU_add_test(s, "CSV", test_csv);
  CU_add_test(s, "TSV", test_tsv);
  CU_add_test(s, "JSON", test_json);
  CU_add_test(s, "XML", test_xml);
  CU_add_test(s, "table", test_table);
  CU_add_test(s, "ASK, CONSTRUCT, no solution", test_ask_construct_empty);
  CU_add_test(s, "errors", test_errors);
  CU_add_test(s, "refused constructs", test_refusals);
  CU_add_test(s, "not refused", test_not_refused);
  CU_add_test(s, "rows to a callback", test_query_each);
  CU_add_test(s, "answered by our own evaluator", test_own_evaluator);
  CU_add_test(s, "rewritten constructs", test_rewrites);
  CU_add_test(s, "bundled queries", test_bundled);
  CU_add_test(s, "--param values", test_params);
  return stt_finish();
}
