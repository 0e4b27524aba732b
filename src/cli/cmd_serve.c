/* cmd_serve.c - newsgraph serve: a read-only SPARQL 1.1 Protocol
 * endpoint on a store, and a small page (query box, results table, the
 * actor picture of an article), over libmicrohttpd.
 *
 * Queries run in-process on a pool of worker threads, each with its own
 * world and read-only store handle (librdf is not thread-safe within one
 * world), answered by newsgraph's own evaluator, which checks the
 * query's deadline and a cancel flag (set when the client hangs up) in
 * its loops (the job queue and the workers: serve_jobs.c).  What it
 * leaves to rasqal, which cannot be interrupted, and the pictures run
 * in a child process ("newsgraph query" or "newsgraph viz" on the same
 * store), stopped by killing it.  The HTTP side parses requests, picks
 * the results format from the Accept header and maps statuses to status
 * codes. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* POLLRDHUP */
#endif
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

static const char serve_help[] =
    "Usage: newsgraph serve --store SPEC [--port N] [--bind ADDR] "
    "[OPTIONS]\n"
    "Serves a store as a read-only SPARQL 1.1 Protocol endpoint, with a\n"
    "page for people: a query box with the bundled queries, the results\n"
    "as a table, and the actor network of an article.\n"
    "\n"
    "  -s, --store SPEC   the store (a directory, hashes:DIR or sqlite:FILE;\n"
    "                     opened read-only)\n"
    "  -p, --port N       TCP port (default 8080; 0 picks a free one)\n"
    "  -b, --bind ADDR    address to listen on (default 127.0.0.1, this\n"
    "                     machine only; ::1 for IPv6); another address\n"
    "                     needs --allow-remote\n"
    "  --allow-remote     allow --bind to serve the network (a warning is\n"
    "                     printed: no Host check, no authentication)\n"
    "  -t, --timeout S    stop a query after S seconds (default 30): 503\n"
    "  -j, --jobs N       queries run at once (default 4): threads, each\n"
    "                     with its own read-only handle on the store;\n"
    "                     more wait for their turn, first come first\n"
    "                     served, within their timeout (then 503)\n"
    "  --max-values N     values (rows times variables, about 8 bytes\n"
    "                     each) one query may hold at once (default\n"
    "                     16777216, ~128 MiB): past it 500, add a LIMIT\n"
    "  --cache MB         keep answers (up to 256 KiB each) for clients\n"
    "                     asking the same again, until the store changes\n"
    "                     (default 64; 0 keeps none)\n"
    "  --index MB         memory for an index of the store's quads the\n"
    "                     queries read instead of its files, several\n"
    "                     times faster (~90 bytes a quad; one for all\n"
    "                     jobs, built at the start and again when the\n"
    "                     store changes; default 1024; a store that\n"
    "                     needs more, or 0, is read from its files)\n"
    "  --max-connections N  connections open at once (default 256, more\n"
    "                     than --jobs); more wait to be accepted, those\n"
    "                     a little over get 503\n"
    "  --header-timeout S  a connection must send a request's headers\n"
    "                     within S seconds of opening or of its last\n"
    "                     answer, or it is closed (default 10)\n"
    "  --idle-timeout S   a connection with no traffic for S seconds (a\n"
    "                     stalled body, a client not reading) is closed\n"
    "                     (default 30)\n"
    "  --max-memory MB    address-space limit of each query process\n"
    "                     (pictures, and queries our evaluator leaves to\n"
    "                     rasqal; default: none)\n"
    "\n"
    "Once listening it prints the URL of the page on standard output and\n"
    "serves until SIGINT or SIGTERM.\n"
    "Queries run in the server's threads, on newsgraph's own evaluator,\n"
    "which stops a query at its timeout or when its client hangs up; an\n"
    "answer past 256 KiB is streamed (chunked) as it is written.  What\n"
    "that evaluator leaves to rasqal (DESCRIBE, a few functions), the\n"
    "pictures, and every query on a Virtuoso store or under\n"
    "NG_SPARQL_ENGINE=rasqal run in a child process, killed at the\n"
    "timeout, on a hang-up and with the server.\n"
    "\n"
    "Endpoints:\n"
    "  /            the page\n"
    "  /sparql      SPARQL 1.1 Protocol: GET ?query=..., POST with\n"
    "               application/sparql-query or form-encoded query=...\n"
    "               Results by the Accept header: application/sparql-\n"
    "               results+json (default), application/sparql-results+\n"
    "               xml, text/csv, text/tab-separated-values; CONSTRUCT\n"
    "               gives application/n-triples (or text/turtle).\n"
    "               ?format=json|xml|csv|tsv overrides Accept.\n"
    "  /query/NAME  a bundled query, ?NAME=VALUE for its parameters\n"
    "  /queries     the bundled queries (JSON)\n"
    "  /viz.svg?article=ID   the actor network of an article (also\n"
    "               /viz.png, /viz.dot)\n"
    "\n"
    "Status codes: 200; 400 bad query (the message says why), or a\n"
    "construct the engine would answer wrongly; 403 SPARQL Update (the\n"
    "endpoint is read-only), a Host header that is not this machine\n"
    "(when bound to loopback), or a request from a page of another site\n"
    "(an Origin or Referer header naming another host); 404; 405 other\n"
    "methods; 406 no acceptable results format; 413 a request over 1 MiB; 415 other POST bodies;\n"
    "500 store error, a query over --max-values, or (in a child) results\n"
    "over 256 MiB; 503 the query ran out of time, or the store is\n"
    "locked by a writer.\n"
    "\n";

#ifndef NG_HAVE_MHD

int ng_cmd_serve(int argc, char **argv) {
  for (int i = 1; i < argc; i++)
    if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
      fputs(serve_help, stdout);
      fputs(ng_cli_common_help, stdout);
      return NG_EXIT_OK;
    }
  ng_cli_error("serve: this newsgraph was built without libmicrohttpd "
               "(install libmicrohttpd-dev and run configure again)");
  return NG_EXIT_USAGE;
}

#else /* NG_HAVE_MHD */

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "answer_cache.h"
#include "child.h"
#define NG_OPTLIB_MHD
#include "optlib.h"
#include "results.h"
#include "serve_jobs.h"

/* libmicrohttpd, loaded by ng_cmd_serve before the daemon starts */
static const ng_mhd_api *mhd;

#if MHD_VERSION < 0x00097002
typedef int MHD_RESULT;
#else
typedef enum MHD_Result MHD_RESULT;
#endif

#define MAX_BODY (1u << 20)                /* a request body */
#define DEFAULT_MAX_VALUES (16L << 20)     /* --max-values */
#define MAX_RESULTS (256u * 1024u * 1024u) /* the results of one query */

/* The page (serve_page.c): lines of HTML, NULL-terminated. */
extern const char *const ng_serve_page[];
extern const char *const ng_serve_css[];
extern const char *const ng_serve_script[];

typedef struct bundled {
  char *name;
  char *text;
} bundled;

typedef struct server {
  const char *spec;
  char exe[4096]; /* this program, for the children */
  int have_exe;
  double timeout;
  long max_memory;
  int loopback; /* bound to loopback: check Host */
  int verbose;
  char *page; /* the page, joined */
  size_t page_len;
  char *css, *script; /* /page.css and /page.js, joined */
  size_t css_len, script_len;
  char self[300]; /* ADDR:PORT as bound ([ADDR]:PORT for IPv6) */
  char *queries_json;
  size_t queries_json_len;
  bundled *queries;
  size_t n_queries;
  int jobs; /* queries run at once (--jobs) */
  ng_serve_jobs *run; /* the job queue, workers and slots (serve_jobs.c) */
  pthread_mutex_t lock;
  /* open connections (under LOCK), watched for the header limit */
  struct conn *conns;
  int n_conns, max_conns;
  double header_timeout;
  int stopping;
  pthread_cond_t stop_cv;
  ng_answer_cache *cache; /* answers kept (--cache MB) */
  int use_children;  /* NG_SPARQL_ENGINE=rasqal: every query in a child */
} server;

/* A connection: its socket, and since when it has owed a request's
 * headers (0 while a request is being answered). */
typedef struct conn {
  int fd;
  double since;
  struct conn *prev, *next;
} conn;

/* One request in progress (its body). */
typedef struct request {
  ng_cli_buf body;
  int too_big;
} request;

/* ------------------------------------------------------------------ */
/* Responses                                                           */
/* ------------------------------------------------------------------ */

static void add_headers(struct MHD_Response *r, unsigned code,
                        const char *type, const char *allow);

static MHD_RESULT send_buf(struct MHD_Connection *c, unsigned code,
                           const char *type, ng_cli_buf *body,
                           const char *allow) {
  struct MHD_Response *r;
  if (body->s && !body->failed) {
    r = mhd->create_response_from_buffer(body->len, body->s,
                                        MHD_RESPMEM_MUST_FREE);
    if (r)
      body->s = NULL; /* owned by the response */
  } else {
    r = mhd->create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
  }
  ng_cli_buf_free(body);
  if (!r)
    return MHD_NO;
  add_headers(r, code, type, allow);
  MHD_RESULT ret = mhd->queue_response(c, code, r);
  mhd->destroy_response(r);
  return ret;
}

/* The headers of every answer: TYPE, no caching or sniffing, no
 * framing, a strict CSP; ALLOW (may be NULL) for a 405. */
static void add_headers(struct MHD_Response *r, unsigned code,
                        const char *type, const char *allow) {
  mhd->add_response_header(r, "Content-Type", type);
  mhd->add_response_header(r, "Cache-Control", "no-store");
  mhd->add_response_header(r, "X-Content-Type-Options", "nosniff");
  mhd->add_response_header(r, "Server", "newsgraph");
  if (allow)
    mhd->add_response_header(r, "Allow", allow);
  if (code == MHD_HTTP_SERVICE_UNAVAILABLE) {
    mhd->add_response_header(r, "Retry-After", "5");
    mhd->add_response_header(r, "Connection", "close");
  }
  mhd->add_response_header(r, "X-Frame-Options", "DENY");
  /* the page loads its script and style from this server only; any
   * other answer (an SVG opened on its own) may load nothing at all */
  mhd->add_response_header(
      r, "Content-Security-Policy",
      !strncmp(type, "text/html", 9)
          ? "default-src 'none'; script-src 'self'; style-src 'self'; "
            "img-src 'self'; connect-src 'self'; base-uri 'none'; "
            "form-action 'none'; frame-ancestors 'none'"
          : "default-src 'none'; base-uri 'none'; form-action 'none'; "
            "frame-ancestors 'none'");
}

/* A plain-text message (one line, a newline added). */
static MHD_RESULT send_text(struct MHD_Connection *c, unsigned code,
                            const char *allow, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static MHD_RESULT send_text(struct MHD_Connection *c, unsigned code,
                            const char *allow, const char *fmt, ...) {
  ng_cli_buf b = {NULL, 0, 0, 0};
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n >= 0) {
    char *s = malloc((size_t)n + 2);
    if (s) {
      va_start(ap, fmt);
      vsnprintf(s, (size_t)n + 1, fmt, ap);
      va_end(ap);
      s[n] = '\n';
      s[n + 1] = '\0';
      b.s = s;
      b.len = (size_t)n + 1;
      b.cap = b.len + 1;
    }
  }
  return send_buf(c, code, "text/plain; charset=utf-8", &b, allow);
}

/* ------------------------------------------------------------------ */
/* Content negotiation                                                 */
/* ------------------------------------------------------------------ */

/* How well the media range R (LEN bytes, "type/sub" or "type/ *" or
 * "* / *", no parameters) matches TYPE: 3 exactly, 2 type/ *, 1 * / *,
 * 0 not at all. */
static int range_match(const char *r, size_t len, const char *type) {
  size_t tl = strlen(type);
  if (len == tl && !strncasecmp(r, type, len))
    return 3;
  if (len == 3 && !strncmp(r, "*/*", 3))
    return 1;
  const char *slash = strchr(type, '/');
  if (len >= 2 && r[len - 1] == '*' && r[len - 2] == '/' && slash &&
      (size_t)(slash - type) == len - 2 && !strncasecmp(r, type, len - 2))
    return 2;
  return 0;
}

/* The quality ACCEPT gives TYPE (the most specific matching range
 * decides), 0..1000. */
static int quality(const char *accept, const char *type) {
  int best_spec = 0, q_of_best = 0;
  const char *p = accept;
  while (*p) {
    while (*p == ' ' || *p == ',')
      p++;
    const char *e = p;
    while (*e && *e != ',' && *e != ';' && *e != ' ')
      e++;
    size_t len = (size_t)(e - p);
    int q = 1000;
    const char *end = e;
    while (*end && *end != ',')
      end++;
    /* parameters: ;q=0.5 */
    for (const char *s = e; s < end; s++) {
      if (*s == ';') {
        const char *t = s + 1;
        while (*t == ' ')
          t++;
        if ((t[0] == 'q' || t[0] == 'Q') && t[1] == '=') {
          double v = strtod(t + 2, NULL);
          q = v < 0 ? 0 : v > 1 ? 1000 : (int)(v * 1000 + 0.5);
        }
      }
    }
    int spec = len ? range_match(p, len, type) : 0;
    if (spec > best_spec) {
      best_spec = spec;
      q_of_best = q;
    }
    p = *end ? end + 1 : end;
  }
  return best_spec ? q_of_best : 0;
}

/* The offered type ACCEPT prefers (ties go to the earlier one), or -1
 * when none is acceptable.  No Accept header means the first. */
static int negotiate(const char *accept, const char *const *offered, int n) {
  if (!accept || !*accept)
    return 0;
  int best = -1, best_q = 0;
  for (int i = 0; i < n; i++) {
    int q = quality(accept, offered[i]);
    if (q > best_q) {
      best = i;
      best_q = q;
    }
  }
  return best;
}

/* Results formats: media type, the name 'newsgraph query --results'
 * takes. */
static const char *const select_types[] = {"application/sparql-results+json",
                                           "application/json",
                                           "application/sparql-results+xml",
                                           "application/xml",
                                           "text/xml",
                                           "text/csv",
                                           "text/tab-separated-values"};
static const char *const select_formats[] = {"json", "json", "xml", "xml",
                                             "xml",  "csv",  "tsv"};
static const char *const graph_types[] = {"application/n-triples",
                                          "text/turtle", "text/plain"};

/* ------------------------------------------------------------------ */
/* Reading queries                                                     */
/* ------------------------------------------------------------------ */

static int hexval(int c) {
  return c >= '0' && c <= '9'   ? c - '0'
         : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                : -1;
}

/* The value of KEY in the form-encoded BODY (malloc, decoded), or NULL.
 * *FOUND is set when the key appears. */
static char *form_value(const char *body, size_t len, const char *key,
                        int *found) {
  size_t kl = strlen(key);
  const char *p = body, *end = body + len;
  *found = 0;
  while (p < end) {
    const char *amp = memchr(p, '&', (size_t)(end - p));
    const char *e = amp ? amp : end;
    const char *eq = memchr(p, '=', (size_t)(e - p));
    if (eq && (size_t)(eq - p) == kl && !memcmp(p, key, kl)) {
      *found = 1;
      ng_cli_buf b = {NULL, 0, 0, 0};
      for (const char *s = eq + 1; s < e; s++) {
        if (*s == '+') {
          ng_cli_buf_addc(&b, ' ');
        } else if (*s == '%' && e - s > 2 && hexval(s[1]) >= 0 &&
                   hexval(s[2]) >= 0) {
          ng_cli_buf_addc(&b, (char)(hexval(s[1]) * 16 + hexval(s[2])));
          s += 2;
        } else {
          ng_cli_buf_addc(&b, *s);
        }
      }
      if (!b.s)
        ng_cli_buf_add(&b, "", 0);
      if (b.failed) {
        ng_cli_buf_free(&b);
        return NULL;
      }
      return b.s;
    }
    p = e + 1;
  }
  return NULL;
}

/* 1 when the N bytes at S are UTF-8 without NUL (what the children are
 * given on their command line and standard input). */
static int valid_text(const char *s, size_t n) {
  const unsigned char *p = (const unsigned char *)s;
  for (size_t i = 0; i < n;) {
    unsigned c = p[i];
    size_t k = c < 0x80             ? 1
               : (c & 0xe0) == 0xc0 ? 2
               : (c & 0xf0) == 0xe0 ? 3
               : (c & 0xf8) == 0xf0 ? 4
                                    : 0;
    if (!k || c == 0 || (k > 1 && c < 0xc2) || i + k > n)
      return 0;
    for (size_t j = 1; j < k; j++)
      if ((p[i + j] & 0xc0) != 0x80)
        return 0;
    i += k;
  }
  return 1;
}

/* ------------------------------------------------------------------ */
/* Running a subcommand                                                */
/* ------------------------------------------------------------------ */

/* The first line of the child's messages, without "newsgraph: ". */
static void child_message(ng_cli_buf *out, const ng_child_result *r) {
  const char *m = r->err.s ? r->err.s : "";
  /* the last error line says most; earlier ones may be warnings */
  const char *best = NULL;
  for (const char *p = m; *p;) {
    const char *eol = strchr(p, '\n');
    size_t n = eol ? (size_t)(eol - p) : strlen(p);
    if (strstr(p, "error") && (!eol || strstr(p, "error") < eol))
      best = p;
    p = eol ? eol + 1 : p + n;
  }
  if (!best)
    best = m;
  size_t n = strcspn(best, "\n");
  if (n > 10 && !strncmp(best, "newsgraph: ", 11)) {
    best += 11;
    n -= 11;
  }
  ng_cli_buf_add(out, best, n);
  if (!n)
    ng_cli_buf_adds(out, "the query failed");
}

/* The socket of connection C, or -1. */
static int client_fd(struct MHD_Connection *c) {
  const union MHD_ConnectionInfo *ci =
      mhd->get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
  return ci ? (int)ci->connect_fd : -1;
}

/* Runs "newsgraph ARGS..." with INPUT on its standard input and answers
 * the request with its output as TYPE, or with the error it gives. */
static MHD_RESULT answer_child(server *sv, struct MHD_Connection *c,
                               char **args, const char *input,
                               const char *type) {
  char *argv[48];
  size_t n = 0;
  argv[n++] = "newsgraph";
  for (size_t i = 0; args[i] && n < 40; i++)
    argv[n++] = args[i];
  if (ng_cli.data_dir) {
    argv[n++] = "--data-dir";
    argv[n++] = (char *)ng_cli.data_dir;
  }
  if (ng_cli.base_iri) {
    argv[n++] = "--base";
    argv[n++] = (char *)ng_cli.base_iri;
  }
  argv[n] = NULL;
  double deadline = ng_serve_now() + sv->timeout;
  int fd = client_fd(c);
  ng_child_result r;
  int got = ng_serve_jobs_run_child(sv->run, sv->have_exe ? sv->exe : NULL,
                                    argv, input, deadline, MAX_RESULTS,
                                    sv->max_memory, fd, &r);
  if (got == -2)
    return MHD_NO; /* nobody to answer */
  if (got)
    return send_text(c, MHD_HTTP_SERVICE_UNAVAILABLE, NULL,
                     "the server is busy: %d queries are running and this "
                     "one waited %.0f s",
                     sv->jobs, sv->timeout);
  MHD_RESULT ret;
  ng_cli_buf msg = {NULL, 0, 0, 0};
  if (r.status == NG_CHILD_GONE) {
    ng_child_result_free(&r);
    return MHD_NO; /* the client hung up: nobody to answer */
  }
  if (r.status == 0) {
    ret = send_buf(c, MHD_HTTP_OK, type, &r.out, NULL);
  } else if (r.status == NG_CHILD_TIMEOUT) {
    ret = send_text(c, MHD_HTTP_SERVICE_UNAVAILABLE, NULL,
                    "the query ran longer than %.0f s and was stopped "
                    "(see --timeout)",
                    sv->timeout);
  } else if (r.status == NG_CHILD_TOOBIG) {
    ret = send_text(c, MHD_HTTP_INTERNAL_SERVER_ERROR, NULL,
                    "the results are larger than %u MiB; add a LIMIT",
                    MAX_RESULTS >> 20);
  } else {
    child_message(&msg, &r);
    unsigned code = r.status == NG_EXIT_QUERY || r.status == NG_EXIT_USAGE
                        ? MHD_HTTP_BAD_REQUEST
                    : r.status == NG_EXIT_LOCKED
                        ? MHD_HTTP_SERVICE_UNAVAILABLE
                        : MHD_HTTP_INTERNAL_SERVER_ERROR;
    ng_cli_buf_addc(&msg, '\n');
    ret = send_buf(c, code, "text/plain; charset=utf-8", &msg, NULL);
  }
  if (sv->verbose && r.err.len)
    fprintf(stderr, "%s", r.err.s);
  ng_cli_buf_free(&msg);
  ng_child_result_free(&r);
  return ret;
}

/* MHD reads a streamed answer here (in the connection's thread). */
static ssize_t job_read(void *cls, uint64_t pos, char *buf, size_t max) {
  (void)pos;
  ssize_t n = ng_serve_job_read(cls, buf, max);
  return n == NG_SERVE_READ_END     ? MHD_CONTENT_READER_END_OF_STREAM
         : n == NG_SERVE_READ_ERROR ? MHD_CONTENT_READER_END_WITH_ERROR
                                    : n;
}

static void job_read_done(void *cls) { ng_serve_job_release(cls); }

/* Answers the query TEXT (a SELECT in format F, or a CONSTRUCT) as TYPE
 * from a worker thread.  *TO_CHILD is set, and nothing sent, when our
 * evaluator leaves the query to rasqal. */
static MHD_RESULT answer_in_process(server *sv, struct MHD_Connection *c,
                                    const char *text, ng_results_format f,
                                    const char *type, int *to_child) {
  *to_child = 0;
  ng_serve_job *j = ng_serve_jobs_submit(
      sv->run, text, f, ng_serve_now() + sv->timeout, client_fd(c));
  if (!j)
    return send_text(c, MHD_HTTP_INTERNAL_SERVER_ERROR, NULL,
                     "out of memory");
  ng_status st = NG_OK;
  ng_cli_buf out = {NULL, 0, 0, 0};
  char msg[512];
  ng_serve_wait got = ng_serve_job_wait(j, &st, &out, msg, sizeof msg);
  if (got == NG_SERVE_GONE || got == NG_SERVE_LATE) {
    ng_serve_job_release(j);
    if (got == NG_SERVE_GONE)
      return MHD_NO; /* nobody to answer */
    return send_text(c, MHD_HTTP_SERVICE_UNAVAILABLE, NULL,
                     "the server is busy: %d queries are running and this "
                     "one waited %.0f s",
                     sv->jobs, sv->timeout);
  }
  if (got == NG_SERVE_STREAM) { /* long: streamed while the worker writes */
    struct MHD_Response *r = mhd->create_response_from_callback(
        MHD_SIZE_UNKNOWN, 65536, job_read, j, job_read_done);
    if (!r) {
      ng_serve_job_release(j);
      return MHD_NO;
    }
    /* J's reference is the response's now */
    add_headers(r, MHD_HTTP_OK, type, NULL);
    MHD_RESULT ret = mhd->queue_response(c, MHD_HTTP_OK, r);
    mhd->destroy_response(r);
    return ret;
  }
  ng_serve_job_release(j);
  if (!st)
    return send_buf(c, MHD_HTTP_OK, type, &out, NULL);
  if (st == NG_ERR_UNSUPPORTED && !*msg) {
    *to_child = 1;
    return MHD_NO;
  }
  if (st == NG_ERR_CANCELLED)
    return send_text(c, MHD_HTTP_SERVICE_UNAVAILABLE, NULL,
                     "the query ran longer than %.0f s and was stopped "
                     "(see --timeout)",
                     sv->timeout);
  unsigned code = st == NG_ERR_QUERY || st == NG_ERR_UNSUPPORTED ||
                          st == NG_ERR_ARG || st == NG_ERR_INPUT
                      ? MHD_HTTP_BAD_REQUEST
                  : st == NG_ERR_LOCKED ? MHD_HTTP_SERVICE_UNAVAILABLE
                                        : MHD_HTTP_INTERNAL_SERVER_ERROR;
  return send_text(c, code, NULL, "%s",
                   *msg ? msg : ng_status_string(st));
}

/* ------------------------------------------------------------------ */
/* Handlers                                                            */
/* ------------------------------------------------------------------ */

int ng_cli_bind_params(const char *text, const char *const *names,
                       const char *const *values, size_t n, char **out,
                       char *err, size_t errsz);

/* 1 when PARAMS (NAME=VALUE, NULL-terminated, may be NULL) give the
 * parameter "actor" of TEXT a name rather than an IRI: that takes the
 * dictionaries (actor_param.c), so it is answered by a child. */
static int names_actor(const char *text, char **params) {
  for (size_t i = 0; params && params[i]; i++)
    if (!strncmp(params[i], "actor=", 6) && params[i][6] != '<' &&
        strncmp(params[i] + 6, "http", 4) && strstr(text, "# param: actor"))
      return 1;
  return 0;
}

/* A query (text, or a bundled NAME with URL parameters): negotiate the
 * format and run it, in-process (answer_in_process) or, for what that
 * leaves, in a child (answer_child). */
static MHD_RESULT answer_query(server *sv, struct MHD_Connection *c,
                               const char *text, const char *name,
                               char **params) {
  ng_query_form v = ng_query_form_of(text); /* the library's reading */
  if (v == NG_QUERY_UPDATE)
    return send_text(c, MHD_HTTP_BAD_REQUEST, NULL,
                     "this is SPARQL Update, not a query: the endpoint is "
                     "read-only");
  const char *accept =
      mhd->lookup_connection_value(c, MHD_HEADER_KIND, "Accept");
  const char *forced =
      mhd->lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "format");
  const char *format = NULL, *type = NULL;
  if (v == NG_QUERY_CONSTRUCT) {
    int i = negotiate(accept, graph_types, 3);
    if (i < 0)
      return send_text(c, MHD_HTTP_NOT_ACCEPTABLE, NULL,
                       "a CONSTRUCT query gives N-Triples: accept "
                       "application/n-triples, text/turtle or text/plain");
    format = "table"; /* ignored: N-Triples */
    type = i == 2 ? "text/plain; charset=utf-8" : graph_types[i];
  } else if (forced && *forced) {
    static const char *const names[] = {"json", "xml", "csv", "tsv"};
    static const int idx[] = {0, 2, 5, 6};
    for (int i = 0; i < 4; i++)
      if (!strcmp(forced, names[i])) {
        format = names[i];
        type = select_types[idx[i]];
      }
    if (!format)
      return send_text(c, MHD_HTTP_BAD_REQUEST, NULL,
                       "format must be json, xml, csv or tsv");
  } else {
    int i = negotiate(accept, select_types, 7);
    if (i < 0)
      return send_text(c, MHD_HTTP_NOT_ACCEPTABLE, NULL,
                       "no acceptable results format: accept "
                       "application/sparql-results+json, "
                       "application/sparql-results+xml, text/csv or "
                       "text/tab-separated-values");
    format = select_formats[i];
    type = select_types[i];
  }
  char typebuf[128];
  if (!strncmp(type, "text/", 5) && !strstr(type, "charset")) {
    snprintf(typebuf, sizeof typebuf, "%s; charset=utf-8", type);
    type = typebuf;
  }
  if (!sv->use_children && !names_actor(text, params)) {
    /* in-process, with the parameters put in as `query` does */
    const char *pn[17], *pv[17];
    char pbuf[17][64];
    size_t np = 0;
    for (size_t i = 0; params && params[i] && np < 16; i++, np++) {
      size_t kl = strcspn(params[i], "=");
      snprintf(pbuf[np], sizeof pbuf[np], "%.*s", (int)kl, params[i]);
      pn[np] = pbuf[np];
      pv[np] = params[i] + kl + (params[i][kl] ? 1 : 0);
    }
    char *bound = NULL, err[512];
    if (ng_cli_bind_params(text, pn, pv, np, &bound, err, sizeof err))
      return send_text(c, MHD_HTTP_BAD_REQUEST, NULL, "%s", err);
    ng_results_format f = NG_RESULTS_TABLE; /* CONSTRUCT: N-Triples */
    if (v != NG_QUERY_CONSTRUCT)
      ng_results_format_parse(format, &f);
    int to_child = 0;
    MHD_RESULT ret = answer_in_process(sv, c, bound, f, type, &to_child);
    free(bound);
    if (!to_child)
      return ret;
  }
  char *args[40];
  size_t n = 0;
  args[n++] = "query";
  args[n++] = "--store";
  args[n++] = (char *)sv->spec;
  args[n++] = "--results";
  args[n++] = (char *)format;
  if (name) {
    args[n++] = (char *)name;
    for (size_t i = 0; params && params[i] && n < 36; i++) {
      args[n++] = "--param";
      args[n++] = params[i];
    }
  } else {
    args[n++] = "-f";
    args[n++] = "-";
  }
  args[n] = NULL;
  return answer_child(sv, c, args, name ? NULL : text, type);
}

static MHD_RESULT sparql_endpoint(server *sv, struct MHD_Connection *c,
                                  const char *method, request *rq) {
  const char *dg[] = {"default-graph-uri", "named-graph-uri"};
  for (int i = 0; i < 2; i++) {
    const char *v =
        mhd->lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, dg[i]);
    if (v && *v)
      return send_text(c, MHD_HTTP_BAD_REQUEST, NULL,
                       "%s is not supported: the default graph is the "
                       "union of the article graphs; use GRAPH in the "
                       "query",
                       dg[i]);
  }
  if (!strcmp(method, "POST")) {
    const char *ct =
        mhd->lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
    size_t tl = ct ? strcspn(ct, "; ") : 0;
    if (rq->too_big)
      return send_text(c, 413 /* content too large */, NULL,
                       "the request is larger than %u KiB", MAX_BODY >> 10);
    if (ct && tl == 24 && !strncasecmp(ct, "application/sparql-query", 24)) {
      if (!rq->body.s)
        ng_cli_buf_add(&rq->body, "", 0);
      if (rq->body.failed)
        return MHD_NO;
      if (!valid_text(rq->body.s, rq->body.len))
        return send_text(c, MHD_HTTP_BAD_REQUEST, NULL,
                         "the query is not valid UTF-8");
      return answer_query(sv, c, rq->body.s, NULL, NULL);
    } else if (ct && tl == 25 &&
               !strncasecmp(ct, "application/sparql-update", 25)) {
      return send_text(c, MHD_HTTP_FORBIDDEN, NULL,
                       "this endpoint is read-only: SPARQL Update is "
                       "refused");
    } else if (ct && tl == 33 &&
               !strncasecmp(ct, "application/x-www-form-urlencoded", 33)) {
      int found = 0, found_update = 0;
      const char *body = rq->body.s ? rq->body.s : "";
      char *upd = form_value(body, rq->body.len, "update", &found_update);
      free(upd);
      if (found_update)
        return send_text(c, MHD_HTTP_FORBIDDEN, NULL,
                         "this endpoint is read-only: SPARQL Update is "
                         "refused");
      char *q = form_value(body, rq->body.len, "query", &found);
      if (!found)
        return send_text(c, MHD_HTTP_BAD_REQUEST, NULL,
                         "the form has no query field");
      if (!q)
        return MHD_NO;
      MHD_RESULT ret = valid_text(q, strlen(q))
                           ? answer_query(sv, c, q, NULL, NULL)
                           : send_text(c, MHD_HTTP_BAD_REQUEST, NULL,
                                       "the query is not valid UTF-8");
      free(q);
      return ret;
    }
    return send_text(c, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE, NULL,
                     "POST a query as application/sparql-query or as "
                     "application/x-www-form-urlencoded (query=...)");
  }
  const char *q =
      mhd->lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "query");
  if (!q) {
    if (mhd->lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "update"))
      return send_text(c, MHD_HTTP_FORBIDDEN, NULL,
                       "this endpoint is read-only: SPARQL Update is "
                       "refused");
    return send_text(c, MHD_HTTP_BAD_REQUEST, NULL,
                     "give the query as ?query=... (GET) or POST it; the "
                     "page is at /");
  }
  if (!valid_text(q, strlen(q)))
    return send_text(c, MHD_HTTP_BAD_REQUEST, NULL,
                     "the query is not valid UTF-8");
  return answer_query(sv, c, q, NULL, NULL);
}

/* The URL parameters of a bundled query as NAME=VALUE strings. */
typedef struct params {
  char *items[17];
  size_t n;
  int bad;
} params;

static MHD_RESULT collect_param(void *cls, enum MHD_ValueKind kind,
                                const char *key, const char *value) {
  params *p = cls;
  (void)kind;
  if (!strcmp(key, "format"))
    return MHD_YES;
  int ok =
      *key && strlen(key) < 64 && value && valid_text(value, strlen(value));
  for (const char *k = key; ok && *k; k++)
    ok = isalnum((unsigned char)*k) || *k == '_';
  if (!ok || p->n == 16) {
    p->bad = 1;
    return MHD_NO;
  }
  size_t len = strlen(key) + strlen(value) + 2;
  if (!(p->items[p->n] = malloc(len))) {
    p->bad = 1;
    return MHD_NO;
  }
  snprintf(p->items[p->n++], len, "%s=%s", key, value);
  return MHD_YES;
}

static MHD_RESULT bundled_query(server *sv, struct MHD_Connection *c,
                                const char *name) {
  const bundled *b = NULL;
  for (size_t i = 0; i < sv->n_queries; i++)
    if (!strcmp(sv->queries[i].name, name))
      b = &sv->queries[i];
  if (!b)
    return send_text(c, MHD_HTTP_NOT_FOUND, NULL,
                     "there is no bundled query '%s'; /queries lists them",
                     name);
  params p;
  memset(&p, 0, sizeof p);
  mhd->get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect_param, &p);
  MHD_RESULT ret =
      p.bad ? send_text(c, MHD_HTTP_BAD_REQUEST, NULL,
                        "parameters are NAME=VALUE with NAME made of "
                        "letters, digits and '_' (16 at most)")
            : answer_query(sv, c, b->text, b->name, p.items);
  for (size_t i = 0; i < p.n; i++)
    free(p.items[i]);
  return ret;
}

static MHD_RESULT picture(server *sv, struct MHD_Connection *c,
                          const char *fmt) {
  const char *article =
      mhd->lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "article");
  if (article && !valid_text(article, strlen(article)))
    return send_text(c, MHD_HTTP_BAD_REQUEST, NULL,
                     "the article is not valid UTF-8");
  const char *type = !strcmp(fmt, "svg")   ? "image/svg+xml"
                     : !strcmp(fmt, "png") ? "image/png"
                                           : "text/vnd.graphviz; "
                                             "charset=utf-8";
  char *args[12];
  size_t n = 0;
  args[n++] = "viz";
  args[n++] = "--store";
  args[n++] = (char *)sv->spec;
  args[n++] = "-T";
  args[n++] = (char *)fmt;
  if (article && *article) {
    args[n++] = "--article";
    args[n++] = (char *)article;
  }
  args[n] = NULL;
  return answer_child(sv, c, args, NULL, type);
}

/* Host names that are this machine: a page elsewhere cannot reach a
 * loopback server by DNS rebinding. */
static int local_host(const char *host) {
  if (!host)
    return 1; /* HTTP/1.0 */
  size_t n = strlen(host);
  if (host[0] == '[') {
    const char *e = strchr(host, ']');
    return e && (size_t)(e - host) == 4 && !strncmp(host, "[::1]", 5);
  }
  const char *colon = strchr(host, ':');
  if (colon)
    n = (size_t)(colon - host);
  if (n == 9 && !strncasecmp(host, "localhost", 9))
    return 1;
  if (n >= 4 && !strncmp(host, "127.", 4)) {
    for (size_t i = 0; i < n; i++)
      if (!isdigit((unsigned char)host[i]) && host[i] != '.')
        return 0;
    return 1;
  }
  return 0;
}

/* The connection record of C (set when it opened), or NULL. */
static conn *conn_of(struct MHD_Connection *c) {
  const union MHD_ConnectionInfo *ci =
      mhd->get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
  return ci ? ci->socket_context : NULL;
}

/* Connections opening and closing: kept in a list for the watchdog. */
static void notify_conn(void *cls, struct MHD_Connection *c, void **ctx,
                        enum MHD_ConnectionNotificationCode code) {
  server *sv = cls;
  if (code == MHD_CONNECTION_NOTIFY_STARTED) {
    conn *k = calloc(1, sizeof *k);
    if (!k)
      return; /* not watched: the idle limit still applies */
    k->fd = client_fd(c);
    k->since = ng_serve_now();
    pthread_mutex_lock(&sv->lock);
    k->next = sv->conns;
    if (sv->conns)
      sv->conns->prev = k;
    sv->conns = k;
    sv->n_conns++;
    pthread_mutex_unlock(&sv->lock);
    *ctx = k;
  } else if (code == MHD_CONNECTION_NOTIFY_CLOSED && *ctx) {
    conn *k = *ctx;
    pthread_mutex_lock(&sv->lock);
    if (k->prev)
      k->prev->next = k->next;
    else
      sv->conns = k->next;
    if (k->next)
      k->next->prev = k->prev;
    sv->n_conns--;
    pthread_mutex_unlock(&sv->lock);
    free(k);
    *ctx = NULL;
  }
}

/* Marks the connection of C as owing headers since now (SINCE 1) or as
 * answering a request (SINCE 0). */
static void conn_mark(server *sv, struct MHD_Connection *c, int owing) {
  conn *k = conn_of(c);
  if (!k)
    return;
  pthread_mutex_lock(&sv->lock);
  k->since = owing ? ng_serve_now() : 0;
  pthread_mutex_unlock(&sv->lock);
}

/* The watchdog: a connection that has not sent a request's headers
 * within the header limit (of opening, or of its last answer) is shut
 * down, which its thread sees as the client hanging up.  The socket is
 * still open while it is in the list (removed before MHD closes it). */
static void *watchdog(void *arg) {
  server *sv = arg;
  pthread_mutex_lock(&sv->lock);
  while (!sv->stopping) {
    double t = ng_serve_now();
    for (conn *k = sv->conns; k; k = k->next)
      if (k->since > 0 && t - k->since > sv->header_timeout && k->fd >= 0) {
        shutdown(k->fd, SHUT_RDWR);
        k->since = 0;
      }
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    long ns = ts.tv_nsec + 200000000L;
    ts.tv_sec += ns / 1000000000L;
    ts.tv_nsec = ns % 1000000000L;
    pthread_cond_timedwait(&sv->stop_cv, &sv->lock, &ts);
  }
  pthread_mutex_unlock(&sv->lock);
  return NULL;
}

/* 1 when the Origin (or, with PATH, Referer) header V names this server:
 * "http://" and then the Host of the request (or, without one, the
 * address and port it is bound to), then nothing (Origin) or a path
 * (Referer).  A foreign site, "null" (a sandboxed page or a file) and
 * https (this server speaks plain HTTP) are not. */
static int same_origin(const server *sv, struct MHD_Connection *c,
                       const char *v, int path) {
  if (strncasecmp(v, "http://", 7))
    return 0;
  v += 7;
  size_t n = path ? strcspn(v, "/?#") : strlen(v);
  if (!path && n && v[n - 1] == '/')
    n--; /* not sent by browsers, but harmless */
  const char *host = mhd->lookup_connection_value(c, MHD_HEADER_KIND, "Host");
  if (host && *host)
    return strlen(host) == n && !strncasecmp(v, host, n);
  return strlen(sv->self) == n && !strncasecmp(v, sv->self, n);
}

static MHD_RESULT handle(void *cls, struct MHD_Connection *c, const char *url,
                         const char *method, const char *version,
                         const char *upload, size_t *upload_size,
                         void **state) {
  server *sv = cls;
  request *rq = *state;
  (void)version;
  if (!rq) {
    if (!(rq = calloc(1, sizeof *rq)))
      return MHD_NO;
    *state = rq;
    conn_mark(sv, c, 0); /* the headers are in */
    return MHD_YES;
  }
  if (*upload_size) {
    if (rq->body.len + *upload_size > MAX_BODY)
      rq->too_big = 1;
    else
      ng_cli_buf_add(&rq->body, upload, *upload_size);
    *upload_size = 0;
    return MHD_YES;
  }
  int get = !strcmp(method, "GET") || !strcmp(method, "HEAD");
  int post = !strcmp(method, "POST");
  int is_sparql = !strcmp(url, "/sparql");
  pthread_mutex_lock(&sv->lock);
  int crowded = sv->n_conns > sv->max_conns;
  pthread_mutex_unlock(&sv->lock);
  if (crowded)
    return send_text(c, MHD_HTTP_SERVICE_UNAVAILABLE, NULL,
                     "the server has more than %d connections open; try "
                     "again later",
                     sv->max_conns);
  if (sv->loopback &&
      !local_host(mhd->lookup_connection_value(c, MHD_HEADER_KIND, "Host")))
    return send_text(c, MHD_HTTP_FORBIDDEN, NULL,
                     "this server answers requests to localhost only");
  const char *origin =
      mhd->lookup_connection_value(c, MHD_HEADER_KIND, "Origin");
  const char *referer =
      origin ? NULL
             : mhd->lookup_connection_value(c, MHD_HEADER_KIND, "Referer");
  if ((origin && !same_origin(sv, c, origin, 0)) ||
      (referer && !same_origin(sv, c, referer, 1)))
    return send_text(c, MHD_HTTP_FORBIDDEN, NULL,
                     "a request from a page of another site (%s header) "
                     "is refused",
                     origin ? "Origin" : "Referer");
  if (!get && !(post && is_sparql))
    return send_text(c, MHD_HTTP_METHOD_NOT_ALLOWED,
                     is_sparql ? "GET, HEAD, POST" : "GET, HEAD",
                     "%s is not allowed here", method);
  if (is_sparql)
    return sparql_endpoint(sv, c, method, rq);
  if (!strcmp(url, "/") || !strcmp(url, "/index.html")) {
    ng_cli_buf b = {NULL, 0, 0, 0};
    ng_cli_buf_add(&b, sv->page, sv->page_len);
    return send_buf(c, MHD_HTTP_OK, "text/html; charset=utf-8", &b, NULL);
  }
  if (!strcmp(url, "/page.css") || !strcmp(url, "/page.js")) {
    int css = url[6] == 'c';
    ng_cli_buf b = {NULL, 0, 0, 0};
    ng_cli_buf_add(&b, css ? sv->css : sv->script,
                   css ? sv->css_len : sv->script_len);
    return send_buf(c, MHD_HTTP_OK,
                    css ? "text/css; charset=utf-8"
                        : "text/javascript; charset=utf-8",
                    &b, NULL);
  }
  if (!strcmp(url, "/queries")) {
    ng_cli_buf b = {NULL, 0, 0, 0};
    ng_cli_buf_add(&b, sv->queries_json, sv->queries_json_len);
    return send_buf(c, MHD_HTTP_OK, "application/json", &b, NULL);
  }
  if (!strncmp(url, "/query/", 7))
    return bundled_query(sv, c, url + 7);
  if (!strcmp(url, "/viz.svg") || !strcmp(url, "/viz.png") ||
      !strcmp(url, "/viz.dot"))
    return picture(sv, c, url + 5);
  if (!strcmp(url, "/favicon.ico"))
    return send_text(c, MHD_HTTP_NOT_FOUND, NULL, "no icon");
  return send_text(c, MHD_HTTP_NOT_FOUND, NULL,
                   "not found: the page is at /, the SPARQL endpoint at "
                   "/sparql");
}

static void request_done(void *cls, struct MHD_Connection *c, void **state,
                         enum MHD_RequestTerminationCode why) {
  server *sv = cls;
  request *rq = *state;
  (void)why;
  if (sv->verbose) {
    const union MHD_ConnectionInfo *ci =
        mhd->get_connection_info(c, MHD_CONNECTION_INFO_HTTP_STATUS);
    fprintf(stderr, "newsgraph: served a request (status %u)\n",
            ci ? ci->http_status : 0);
  }
  if (rq) {
    ng_cli_buf_free(&rq->body);
    free(rq);
  }
  *state = NULL;
  conn_mark(sv, c, 1); /* the next request's headers are owed from now */
}

/* ------------------------------------------------------------------ */
/* Start-up                                                            */
/* ------------------------------------------------------------------ */

static void json_string(ng_cli_buf *b, const char *s, size_t n) {
  ng_cli_buf_addc(b, '"');
  for (size_t i = 0; i < n; i++) {
    unsigned char ch = (unsigned char)s[i];
    if (ch == '"' || ch == '\\')
      ng_cli_buf_printf(b, "\\%c", ch);
    else if (ch == '\n')
      ng_cli_buf_adds(b, "\\n");
    else if (ch < 0x20 || ch == 0x7f)
      ng_cli_buf_printf(b, "\\u%04x", ch);
    else if (ch == '<')
      ng_cli_buf_adds(b, "\\u003c"); /* safe inside any HTML */
    else
      ng_cli_buf_addc(b, (char)ch);
  }
  ng_cli_buf_addc(b, '"');
}

static int cmp_bundled(const void *a, const void *b) {
  return strcmp(((const bundled *)a)->name, ((const bundled *)b)->name);
}

/* The text after "# KEY:" on its line, into *OUT and *LEN; 0 when
 * absent. */
static int comment_field(const char *line, size_t n, const char *key,
                         const char **out, size_t *len) {
  size_t kl = strlen(key);
  const char *p = line;
  while (p < line + n && (*p == ' ' || *p == '\t'))
    p++;
  if (p >= line + n || *p != '#')
    return 0;
  p++;
  while (p < line + n && *p == ' ')
    p++;
  if ((size_t)(line + n - p) <= kl || strncmp(p, key, kl))
    return 0;
  p += kl;
  while (p < line + n && *p == ' ')
    p++;
  *out = p;
  *len = (size_t)(line + n - p);
  return 1;
}

/* The bundled queries (data/queries/ *.rq) and their JSON description:
 * [{"name", "description", "params": [{"name", "default",
 * "description"}], "form", "text"}]. */
static ng_status load_queries(server *sv, ng_world *w) {
  const char *dir = ng_world_data_dir(w);
  ng_cli_buf path = {NULL, 0, 0, 0};
  ng_cli_buf_printf(&path, "%s/queries", dir ? dir : ".");
  if (path.failed)
    return NG_ERR_NOMEM;
  DIR *d = opendir(path.s);
  ng_cli_buf_free(&path);
  ng_status st = NG_OK;
  size_t cap = 0;
  struct dirent *e;
  while (d && !st && (e = readdir(d))) {
    size_t l = strlen(e->d_name);
    int ok = l > 3 && l < 68 && !strcmp(e->d_name + l - 3, ".rq");
    for (size_t i = 0; ok && i < l - 3; i++)
      ok = islower((unsigned char)e->d_name[i]) ||
           isdigit((unsigned char)e->d_name[i]) || e->d_name[i] == '-';
    if (!ok)
      continue;
    if (sv->n_queries == cap) {
      cap = cap ? cap * 2 : 16;
      bundled *q = realloc(sv->queries, cap * sizeof *q);
      if (!q) {
        st = NG_ERR_NOMEM;
        break;
      }
      sv->queries = q;
    }
    bundled *b = &sv->queries[sv->n_queries];
    if (!(b->name = ng_cli_strndup(e->d_name, l - 3))) {
      st = NG_ERR_NOMEM;
      break;
    }
    if (ng_bundled_query(w, b->name, &b->text)) {
      free(b->name);
      continue;
    }
    sv->n_queries++;
  }
  if (d)
    closedir(d);
  if (st)
    return st;
  if (sv->n_queries)
    qsort(sv->queries, sv->n_queries, sizeof *sv->queries, cmp_bundled);
  ng_cli_buf j = {NULL, 0, 0, 0};
  ng_cli_buf_adds(&j, "[");
  for (size_t i = 0; i < sv->n_queries; i++) {
    const bundled *b = &sv->queries[i];
    const char *desc = "";
    size_t dl = 0;
    ng_cli_buf ps = {NULL, 0, 0, 0};
    for (const char *p = b->text; *p;) {
      const char *eol = strchr(p, '\n');
      size_t n = eol ? (size_t)(eol - p) : strlen(p);
      const char *v;
      size_t vl;
      if (!dl && comment_field(p, n, "description:", &v, &vl)) {
        desc = v;
        dl = vl;
      } else if (comment_field(p, n, "param:", &v, &vl)) {
        size_t nl = 0, dfl = 0;
        while (nl < vl && (isalnum((unsigned char)v[nl]) || v[nl] == '_'))
          nl++;
        const char *def = v + nl;
        if (nl < vl && v[nl] == '=') {
          def++;
          while (def + dfl < v + vl && def[dfl] != ' ' && def[dfl] != '\t')
            dfl++;
        }
        const char *pd = def + dfl;
        while (pd < v + vl && (*pd == ' ' || *pd == '\t'))
          pd++;
        ng_cli_buf_adds(&ps, ps.len ? ", {\"name\": " : "{\"name\": ");
        json_string(&ps, v, nl);
        if (nl < vl && v[nl] == '=') {
          ng_cli_buf_adds(&ps, ", \"default\": ");
          json_string(&ps, def, dfl);
        }
        ng_cli_buf_adds(&ps, ", \"description\": ");
        json_string(&ps, pd, (size_t)(v + vl - pd));
        ng_cli_buf_adds(&ps, "}");
      }
      p = eol ? eol + 1 : p + n;
    }
    static const char *const forms[] = {"unknown",   "select",   "ask",
                                        "construct", "describe", "update"};
    ng_cli_buf_adds(&j, i ? ",\n {\"name\": " : "\n {\"name\": ");
    json_string(&j, b->name, strlen(b->name));
    ng_cli_buf_adds(&j, ", \"description\": ");
    json_string(&j, desc, dl);
    ng_cli_buf_printf(&j,
                      ", \"form\": \"%s\", \"params\": [%s], "
                      "\"text\": ",
                      forms[ng_query_form_of(b->text)], ps.s ? ps.s : "");
    json_string(&j, b->text, strlen(b->text));
    ng_cli_buf_adds(&j, "}");
    if (ps.failed)
      j.failed = 1;
    ng_cli_buf_free(&ps);
  }
  ng_cli_buf_adds(&j, "\n]\n");
  if (j.failed) {
    ng_cli_buf_free(&j);
    return NG_ERR_NOMEM;
  }
  sv->queries_json = j.s;
  sv->queries_json_len = j.len;
  return NG_OK;
}

static ng_status join_lines(const char *const *lines, char **out,
                            size_t *len) {
  ng_cli_buf b = {NULL, 0, 0, 0};
  for (size_t i = 0; lines[i]; i++)
    ng_cli_buf_adds(&b, lines[i]);
  if (b.failed) {
    ng_cli_buf_free(&b);
    return NG_ERR_NOMEM;
  }
  *out = b.s;
  *len = b.len;
  return NG_OK;
}

static ng_status join_page(server *sv) {
  ng_status st = join_lines(ng_serve_page, &sv->page, &sv->page_len);
  if (!st)
    st = join_lines(ng_serve_css, &sv->css, &sv->css_len);
  if (!st)
    st = join_lines(ng_serve_script, &sv->script, &sv->script_len);
  return st;
}

static void server_free(server *sv) {
  for (size_t i = 0; i < sv->n_queries; i++) {
    free(sv->queries[i].name);
    free(sv->queries[i].text);
  }
  free(sv->queries);
  free(sv->queries_json);
  free(sv->page);
  free(sv->css);
  free(sv->script);
  ng_answer_cache_free(sv->cache);
}

/* Parses ADDR and PORT into SA; 0, or -1 after an error message. */
static int parse_bind(const char *addr, long port, struct sockaddr_storage *sa,
                      socklen_t *len, int *v6, int *loopback) {
  memset(sa, 0, sizeof *sa);
  struct sockaddr_in *a4 = (struct sockaddr_in *)sa;
  struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)sa;
  if (inet_pton(AF_INET, addr, &a4->sin_addr) == 1) {
    a4->sin_family = AF_INET;
    a4->sin_port = htons((uint16_t)port);
    *len = sizeof *a4;
    *v6 = 0;
    *loopback = (ntohl(a4->sin_addr.s_addr) >> 24) == 127;
    return 0;
  }
  if (inet_pton(AF_INET6, addr, &a6->sin6_addr) == 1) {
    a6->sin6_family = AF_INET6;
    a6->sin6_port = htons((uint16_t)port);
    *len = sizeof *a6;
    *v6 = 1;
    *loopback = IN6_IS_ADDR_LOOPBACK(&a6->sin6_addr);
    return 0;
  }
  ng_cli_error("--bind needs a numeric IPv4 or IPv6 address, not '%s'", addr);
  return -1;
}

static int parse_long(const char *s, long lo, long hi, long *out) {
  char *end;
  errno = 0;
  long v = strtol(s, &end, 10);
  if (errno || !*s || *end || v < lo || v > hi)
    return -1;
  *out = v;
  return 0;
}

int ng_cmd_serve(int argc, char **argv) {
  static const struct option longopts[] = {
      {"store", required_argument, NULL, 's'},
      {"port", required_argument, NULL, 'p'},
      {"bind", required_argument, NULL, 'b'},
      {"timeout", required_argument, NULL, 't'},
      {"jobs", required_argument, NULL, 'j'},
      {"max-memory", required_argument, NULL, 'M'},
      {"max-values", required_argument, NULL, 'V'},
      {"cache", required_argument, NULL, 'K'},
      {"index", required_argument, NULL, 'X'},
      {"header-timeout", required_argument, NULL, 'H'},
      {"idle-timeout", required_argument, NULL, 'I'},
      {"max-connections", required_argument, NULL, 'C'},
      {"allow-remote", no_argument, NULL, 'R'},
      {"help", no_argument, NULL, 'h'},
      NG_CLI_COMMON_LONGOPTS,
      {NULL, 0, NULL, 0}};
  const char *spec = NULL, *bind_addr = "127.0.0.1";
  long port = 8080, timeout = 30, jobs = 4, max_memory = 0;
  long header_timeout = 10, idle_timeout = 30, max_conns = 256;
  long max_values = DEFAULT_MAX_VALUES, cache_mb = 64, index_mb = 1024;
  int allow_remote = 0;
  int c;
  optind = 1;
  while ((c = getopt_long(argc, argv, "s:p:b:t:j:vqh", longopts, NULL)) != -1) {
    switch (c) {
    case 's':
      spec = optarg;
      break;
    case 'b':
      bind_addr = optarg;
      break;
    case 'p':
      if (parse_long(optarg, 0, 65535, &port)) {
        ng_cli_error("--port must be a number from 0 to 65535");
        return NG_EXIT_USAGE;
      }
      break;
    case 't':
      if (parse_long(optarg, 1, 86400, &timeout)) {
        ng_cli_error("--timeout must be a number of seconds (1 to 86400)");
        return NG_EXIT_USAGE;
      }
      break;
    case 'j':
      if (parse_long(optarg, 1, 256, &jobs)) {
        ng_cli_error("--jobs must be a number from 1 to 256");
        return NG_EXIT_USAGE;
      }
      break;
    case 'M':
      if (parse_long(optarg, 64, 1L << 20, &max_memory)) {
        ng_cli_error("--max-memory must be a number of MiB (at least 64)");
        return NG_EXIT_USAGE;
      }
      break;
    case 'V':
      if (parse_long(optarg, 1000, 1L << 40, &max_values)) {
        ng_cli_error("--max-values must be a number (at least 1000)");
        return NG_EXIT_USAGE;
      }
      break;
    case 'K':
      if (parse_long(optarg, 0, 1L << 20, &cache_mb)) {
        ng_cli_error("--cache must be a number of MiB (0 keeps nothing)");
        return NG_EXIT_USAGE;
      }
      break;
    case 'X':
      if (parse_long(optarg, 0, 1L << 24, &index_mb)) {
        ng_cli_error("--index must be a number of MiB (0: no index)");
        return NG_EXIT_USAGE;
      }
      break;
    case 'H':
      if (parse_long(optarg, 1, 3600, &header_timeout)) {
        ng_cli_error("--header-timeout must be a number of seconds (1 to "
                     "3600)");
        return NG_EXIT_USAGE;
      }
      break;
    case 'I':
      if (parse_long(optarg, 1, 3600, &idle_timeout)) {
        ng_cli_error("--idle-timeout must be a number of seconds (1 to "
                     "3600)");
        return NG_EXIT_USAGE;
      }
      break;
    case 'C':
      if (parse_long(optarg, 2, 4096, &max_conns)) {
        ng_cli_error("--max-connections must be a number from 2 to 4096");
        return NG_EXIT_USAGE;
      }
      break;
    case 'R':
      allow_remote = 1;
      break;
    case 'h':
      fputs(serve_help, stdout);
      fputs(ng_cli_common_help, stdout);
      return NG_EXIT_OK;
    default:
      if (!ng_cli_common_opt(c, optarg)) {
        fputs("Try 'newsgraph serve --help'.\n", stderr);
        return NG_EXIT_USAGE;
      }
    }
  }
  if (!spec || optind < argc) {
    ng_cli_error("serve needs --store SPEC and no other arguments; see "
                 "'newsgraph serve --help'");
    return NG_EXIT_USAGE;
  }
  if (!strcmp(spec, "memory")) {
    ng_cli_error("a memory store is empty in every query process: load it "
                 "into a store on disk and serve that");
    return NG_EXIT_USAGE;
  }
  struct sockaddr_storage sa;
  socklen_t salen;
  int v6, loopback;
  if (parse_bind(bind_addr, port, &sa, &salen, &v6, &loopback))
    return NG_EXIT_USAGE;
  if (max_conns <= jobs) {
    ng_cli_error("--max-connections (%ld) must be above --jobs (%ld), so "
                 "that a waiting client still gets an answer",
                 max_conns, jobs);
    return NG_EXIT_USAGE;
  }
  if (!loopback && !allow_remote) {
    ng_cli_error("--bind %s serves the network, not this machine only: "
                 "add --allow-remote if that is meant",
                 bind_addr);
    return NG_EXIT_USAGE;
  }
  if (!loopback)
    fprintf(stderr,
            "newsgraph: warning: serving %s to the network: anyone who "
            "can reach this address can query the store (no Host check, "
            "no authentication, plain HTTP)\n",
            bind_addr);

  static server sv; /* the MHD threads use it until the daemon stops */
  memset(&sv, 0, sizeof sv);
  sv.spec = spec;
  sv.timeout = (double)timeout;
  sv.jobs = (int)jobs;
  sv.max_memory = max_memory;
  sv.loopback = loopback;
  sv.max_conns = (int)max_conns;
  sv.header_timeout = (double)header_timeout;
  /* rasqal cannot be interrupted, nor can a Virtuoso server's answer
   * be waited for in a thread that must stop: both in children */
  sv.use_children = (getenv("NG_SPARQL_ENGINE") &&
                     !strcmp(getenv("NG_SPARQL_ENGINE"), "rasqal")) ||
                    !strncmp(spec, "virtuoso:", 9);
  sv.verbose = ng_cli.verbose;
  ssize_t el = readlink("/proc/self/exe", sv.exe, sizeof sv.exe - 1);
  if (el > 0 && (size_t)el < sizeof sv.exe - 1) {
    sv.exe[el] = '\0';
    sv.have_exe = 1;
  }

  mhd = ng_cli_load_mhd();
  if (!mhd)
    return NG_EXIT_SYSTEM;

  /* check the store and read the bundled queries before listening */
  int rc;
  ng_world *w = ng_cli_world(0, &rc);
  if (!w)
    return rc;
  ng_store *store = NULL;
  ng_status st = ng_store_open(w, spec, NG_STORE_READONLY, &store);
  if (st) {
    ng_cli_error("cannot open the store %s: %s", spec, ng_status_string(st));
    ng_world_free(w);
    return ng_cli_exit_code(st);
  }
  ng_store_close(store);
  st = load_queries(&sv, w);
  if (!st)
    st = join_page(&sv);
  ng_world_free(w);
  if (!st && !(sv.cache = ng_answer_cache_new((size_t)cache_mb << 20)))
    st = NG_ERR_NOMEM;
  if (st) {
    ng_cli_error("cannot set up: %s", ng_status_string(st));
    server_free(&sv);
    return ng_cli_exit_code(st);
  }
  pthread_mutex_init(&sv.lock, NULL);
  pthread_cond_init(&sv.stop_cv, NULL);

  /* the stop signals are taken by sigwait below, in this thread only */
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  sigaddset(&stop, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &stop, NULL);
  signal(SIGPIPE, SIG_IGN);

  ng_serve_jobs_config run = {spec,
                              (int)jobs,
                              !sv.use_children,
                              (size_t)index_mb << 20,
                              (size_t)max_values,
                              sv.cache,
                              sv.verbose};
  if (!(sv.run = ng_serve_jobs_new(&run))) {
    server_free(&sv);
    return NG_EXIT_STORE;
  }

  /* MHD's own messages (a client that hung up, one cut off by a limit)
   * only with -v: a client must not be able to fill the log */
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD |
                   MHD_USE_THREAD_PER_CONNECTION |
                   (ng_cli.verbose ? MHD_USE_ERROR_LOG : 0);
  if (v6)
    flags |= MHD_USE_IPv6;
  struct MHD_Daemon *d = mhd->start_daemon(
      flags, (uint16_t)port, NULL, NULL, handle, &sv, MHD_OPTION_SOCK_ADDR,
      (struct sockaddr *)&sa, MHD_OPTION_NOTIFY_COMPLETED, request_done, &sv,
      MHD_OPTION_NOTIFY_CONNECTION, notify_conn, &sv,
      /* over the budget, new clients wait in the listen queue until a
       * connection ends (the header and idle limits see to that); the
       * slack above it is answered 503 */
      MHD_OPTION_CONNECTION_LIMIT, (unsigned)(max_conns + 8),
      MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)1024,
      MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)idle_timeout, MHD_OPTION_END);
  (void)salen;
  pthread_t dog;
  int have_dog = d && !pthread_create(&dog, NULL, watchdog, &sv);
  if (d && !have_dog) {
    ng_cli_error("cannot start a thread: %s", strerror(errno));
    mhd->stop_daemon(d);
    d = NULL;
  }
  if (!d) {
    ng_cli_error("cannot listen on %s port %ld: %s", bind_addr, port,
                 strerror(errno));
    ng_serve_jobs_free(sv.run);
    server_free(&sv);
    return NG_EXIT_SYSTEM;
  }
  const union MHD_DaemonInfo *info =
      mhd->get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
  unsigned real_port = info ? info->port : (unsigned)port;
  snprintf(sv.self, sizeof sv.self, "%s%s%s:%u", v6 ? "[" : "", bind_addr,
           v6 ? "]" : "", real_port);
  printf("newsgraph: serving %s at http://%s%s%s:%u/ (SPARQL endpoint "
         "/sparql)\n",
         spec, v6 ? "[" : "", bind_addr, v6 ? "]" : "", real_port);
  fflush(stdout);
  int sig = 0;
  sigwait(&stop, &sig);
  if (!ng_cli.quiet)
    fprintf(stderr, "newsgraph: stopping (signal %d)\n", sig);
  pthread_mutex_lock(&sv.lock);
  sv.stopping = 1;
  pthread_cond_signal(&sv.stop_cv);
  pthread_mutex_unlock(&sv.lock);
  pthread_join(dog, NULL);
  mhd->stop_daemon(d);
  ng_serve_jobs_free(sv.run);
  pthread_cond_destroy(&sv.stop_cv);
  pthread_mutex_destroy(&sv.lock);
  server_free(&sv);
  return NG_EXIT_OK;
}

#endif /* NG_HAVE_MHD */
