/* test_reach_out.c - no query and no parse makes newsgraph fetch a URI.
 *
 * A listening socket on 127.0.0.1 stands for any service on the machine
 * (it accepts nothing on its own: a connection attempt is seen as a
 * pending connection), and a file with a secret line stands for any local
 * file.  Then:
 *   - SERVICE in every form (http:, https:, gopher:, ftp:, file:, data:,
 *     SILENT, a variable, lower case, inside OPTIONAL, a subquery, ASK,
 *     CONSTRUCT) is refused by ng_store_query with NG_ERR_UNSUPPORTED;
 *   - the check on rasqal's own parse refuses it too when the text check
 *     is bypassed (ng_store_run_query runs a text as it is);
 *   - the URI filter of the guard denies each scheme on a raptor_www;
 *   - a parser made by ng_rdf_new_parser does not read an external XML
 *     entity (file: or http:) in RDF/XML;
 * and after all of that the socket has no pending connection. */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "storetest.h"
#include "store_internal.h"

static ng_store *store;
static int listener = -1;
static int port;
static char secret_path[512];

#define SECRET "secret-line-4c1f"

/* 0 when the listener is set up, -1 otherwise. */
static int listen_loopback(void) {
  listener = socket(AF_INET, SOCK_STREAM, 0);
  if (listener < 0)
    return -1;
  struct sockaddr_in a;
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;
  socklen_t len = sizeof a;
  if (bind(listener, (struct sockaddr *)&a, sizeof a) ||
      listen(listener, 16) ||
      getsockname(listener, (struct sockaddr *)&a, &len) ||
      fcntl(listener, F_SETFL, O_NONBLOCK))
    return -1;
  port = ntohs(a.sin_port);
  return 0;
}

/* The number of connections that reached the listener since last asked. */
static int connections(void) {
  int n = 0;
  for (;;) {
    int c = accept(listener, NULL, NULL);
    if (c < 0)
      break;
    close(c);
    n++;
  }
  return n;
}

/* TMPL with its first "@" replaced by VALUE, into OUT (N bytes). */
static void subst(const char *tmpl, const char *value, char *out, size_t n) {
  const char *at = strchr(tmpl, '@');
  size_t head = at ? (size_t)(at - tmpl) : strlen(tmpl);
  snprintf(out, n, "%.*s%s%s", (int)head, tmpl, at ? value : "",
           at ? at + 1 : "");
}

/* "@" is the listener's port, or the secret file's path for file: */
static const char *const schemes[] = {
    "http://127.0.0.1:@/sparql", "https://127.0.0.1:@/sparql",
    "gopher://127.0.0.1:@/_PING%0D%0A", "ftp://127.0.0.1:@/x",
    "file://@", "data:text/plain,@"};

/* The URI of scheme I. */
static void scheme_uri(size_t i, char *out, size_t n) {
  char p[16];
  snprintf(p, sizeof p, "%d", port);
  subst(schemes[i], strncmp(schemes[i], "file:", 5) ? p : secret_path, out,
        n);
}

static void refused(const char *query) {
  FILE *fp = tmpfile();
  CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
  logbuf[0] = '\0';
  ng_status st = ng_store_query(store, query, NG_RESULTS_TSV, fp);
  CU_ASSERT_EQUAL(st, NG_ERR_UNSUPPORTED);
  CU_ASSERT_PTR_NOT_NULL(strstr(logbuf, "SERVICE is refused"));
  CU_ASSERT_EQUAL(ftell(fp), 0); /* no row written */
  if (st != NG_ERR_UNSUPPORTED)
    fprintf(stderr, "\nnot refused (%d): %s\n%s", (int)st, query, logbuf);
  fclose(fp);
}

static void test_service_forms(void) {
  static const char *const forms[] = {
      "SELECT * WHERE { SERVICE <@> { ?s ?p ?o } }",
      "SELECT * WHERE { SERVICE SILENT <@> { ?s ?p ?o } }",
      "select * { service <@> { ?s ?p ?o } }",
      "ASK { SeRvIcE <@> { ?s ?p ?o } }",
      "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <@> { ?s ?p ?o } }",
      "SELECT * { ?a ?b ?c OPTIONAL { SERVICE <@> { ?a ?p ?o } } }",
      "SELECT * { { SELECT ?s { SERVICE <@> { ?s ?p ?o } } } }",
      "PREFIX x: <@> SELECT * { SERVICE x: { ?s ?p ?o } }",
      "SELECT * { BIND(<@> AS ?u) SERVICE ?u { ?s ?p ?o } }",
      "SELECT * {\n# a comment\n ?a ?b ?c .\n SERVICE\n<@> { ?s ?p ?o } }"};
  for (size_t i = 0; i < NG_ARRAY_LEN(schemes); i++)
    for (size_t f = 0; f < NG_ARRAY_LEN(forms); f++) {
      char uri[700], q[1200];
      scheme_uri(i, uri, sizeof uri);
      subst(forms[f], uri, q, sizeof q);
      refused(q);
    }
  CU_ASSERT_EQUAL(connections(), 0);
}

/* A variable, a prefixed name or a string called SERVICE is not the
 * keyword: those queries run. */
static void test_not_the_keyword(void) {
  FILE *fp = tmpfile();
  CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
  ng_status st = ng_store_query(
      store,
      "PREFIX SERVICE: <http://example.org/SERVICE#> SELECT ?SERVICE "
      "WHERE { ?SERVICE SERVICE:p \"SERVICE <http://127.0.0.1/>\" }",
      NG_RESULTS_TSV, fp);
  CU_ASSERT_EQUAL(st, NG_OK);
  fclose(fp);
}

/* Past the text check: rasqal's parse of the query is checked too. */
static void test_parsed_check(void) {
  char q[700], uri[600];
  scheme_uri(0, uri, sizeof uri);
  subst("SELECT * WHERE { SERVICE <@> { ?s ?p ?o } }", uri, q, sizeof q);
  FILE *fp = tmpfile();
  CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
  logbuf[0] = '\0';
  CU_ASSERT_EQUAL(ng_store_run_query(store, q, NG_RESULTS_TSV, fp),
                  NG_ERR_UNSUPPORTED);
  CU_ASSERT_PTR_NOT_NULL(strstr(logbuf, "SERVICE is refused"));
  fclose(fp);
  CU_ASSERT_EQUAL(connections(), 0);
}

typedef struct fetched {
  size_t bytes;
} fetched;

static void on_bytes(raptor_www *www, void *ud, const void *ptr, size_t size,
                     size_t nmemb) {
  (void)www;
  (void)ptr;
  ((fetched *)ud)->bytes += size * nmemb;
}

/* The filter denies every scheme before raptor opens anything. */
static void test_filter_schemes(void) {
  raptor_world *rw = raptor_new_world();
  CU_ASSERT_FATAL(rw && !raptor_world_open(rw));
  for (size_t i = 0; i < NG_ARRAY_LEN(schemes); i++) {
    char s[700];
    scheme_uri(i, s, sizeof s);
    raptor_www *www = raptor_new_www(rw);
    CU_ASSERT_PTR_NOT_NULL_FATAL(www);
    raptor_www_set_uri_filter(www, ng_rdf_deny_uri, NULL);
    fetched f = {0};
    raptor_www_set_write_bytes_handler(www, on_bytes, &f);
    raptor_uri *u = raptor_new_uri(rw, (const unsigned char *)s);
    CU_ASSERT_PTR_NOT_NULL_FATAL(u);
    CU_ASSERT_NOT_EQUAL(raptor_www_fetch(www, u), 0);
    CU_ASSERT_EQUAL(f.bytes, 0);
    raptor_free_uri(u);
    raptor_free_www(www);
  }
  /* without the filter the same file is read: the test can fail */
  char s[700];
  scheme_uri(4, s, sizeof s);
  raptor_www *www = raptor_new_www(rw);
  CU_ASSERT_PTR_NOT_NULL_FATAL(www);
  fetched f = {0};
  raptor_www_set_write_bytes_handler(www, on_bytes, &f);
  raptor_uri *u = raptor_new_uri(rw, (const unsigned char *)s);
  CU_ASSERT_EQUAL(raptor_www_fetch(www, u), 0);
  CU_ASSERT(f.bytes > 0);
  raptor_free_uri(u);
  raptor_free_www(www);
  raptor_free_world(rw);
  CU_ASSERT_EQUAL(connections(), 0);
}

typedef struct literals {
  int secret;
  int statements;
} literals;

static void on_statement(void *ud, raptor_statement *t) {
  literals *l = ud;
  l->statements++;
  if (t->object->type == RAPTOR_TERM_TYPE_LITERAL &&
      strstr((const char *)t->object->value.literal.string, SECRET))
    l->secret = 1;
}

/* Parses the RDF/XML DOC with P; what it saw into *L. */
static void parse_doc(raptor_world *rw, raptor_parser *p, const char *doc,
                      literals *l) {
  raptor_parser_set_statement_handler(p, l, on_statement);
  raptor_uri *base =
      raptor_new_uri(rw, (const unsigned char *)"http://example.org/");
  CU_ASSERT_PTR_NOT_NULL_FATAL(base);
  raptor_parser_parse_start(p, base);
  raptor_parser_parse_chunk(p, (const unsigned char *)doc, strlen(doc), 1);
  raptor_free_uri(base);
}

/* RDF/XML whose external entity names the secret file (and, with
 * EXTRA, one on the listener's port). */
static void entity_doc(char *doc, size_t n, int extra) {
  char h[128] = "";
  if (extra)
    snprintf(h, sizeof h, "  <!ENTITY h SYSTEM \"http://127.0.0.1:%d/e\">\n",
             port);
  snprintf(doc, n,
           "<?xml version=\"1.0\"?>\n"
           "<!DOCTYPE rdf:RDF [\n"
           "  <!ENTITY f SYSTEM \"file://%s\">\n%s"
           "]>\n"
           "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-"
           "ns#\" xmlns:x=\"http://example.org/\">\n"
           "  <rdf:Description rdf:about=\"http://example.org/a\">\n"
           "    <x:p>[&f;]</x:p>%s\n"
           "  </rdf:Description>\n"
           "</rdf:RDF>\n",
           secret_path, h, extra ? "<x:q>[&h;]</x:q>" : "");
}

static void test_parser_entities(void) {
  char doc[2048];
  raptor_world *rw = raptor_new_world();
  CU_ASSERT_FATAL(rw && !raptor_world_open(rw));
  raptor_world_set_log_handler(rw, NULL, NULL);

  /* a parser told to load external entities reads the file: the
   * document does reach out when nothing stops it */
  entity_doc(doc, sizeof doc, 0);
  raptor_parser *open = raptor_new_parser(rw, "rdfxml");
  CU_ASSERT_PTR_NOT_NULL_FATAL(open);
  raptor_parser_set_option(open, RAPTOR_OPTION_LOAD_EXTERNAL_ENTITIES, NULL,
                           1);
  literals l = {0, 0};
  parse_doc(rw, open, doc, &l);
  CU_ASSERT_EQUAL(l.secret, 1);
  raptor_free_parser(open);

  /* ours reads neither the file nor the port */
  entity_doc(doc, sizeof doc, 1);
  raptor_parser *p = ng_rdf_new_parser(rw, "rdfxml");
  CU_ASSERT_PTR_NOT_NULL_FATAL(p);
  literals g = {0, 0};
  parse_doc(rw, p, doc, &g);
  CU_ASSERT_EQUAL(g.secret, 0);
  raptor_free_parser(p);
  raptor_free_world(rw);
  CU_ASSERT_EQUAL(connections(), 0);
}

static int setup(void) { return stt_open_sample(&store); }

static int teardown(void) {
  ng_store_close(store);
  return 0;
}

int main(void) {
  alarm(300); /* a query that reached the listener would wait for it */
  if (stt_begin("test_reach_out") || listen_loopback())
    return 99;
  snprintf(secret_path, sizeof secret_path, "%s/secret.txt", tmpdir);
  FILE *sf = fopen(secret_path, "w");
  if (!sf)
    return 99;
  fputs(SECRET "\n", sf);
  fclose(sf);
  CU_pSuite s = CU_add_suite("reach-out", setup, teardown);
  CU_add_test(s, "SERVICE in every form", test_service_forms);
  CU_add_test(s, "not the keyword", test_not_the_keyword);
  CU_add_test(s, "rasqal's parse checked", test_parsed_check);
  CU_add_test(s, "URI filter, every scheme", test_filter_schemes);
  CU_add_test(s, "parser: external entities", test_parser_entities);
  int rc = stt_finish();
  close(listener);
  return rc;
}
