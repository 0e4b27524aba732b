/* store_virtuoso.c - a Virtuoso server as a store: loads go to its bulk
 * loader through isql-vt; queries to its own SPARQL engine
 * (store_virtuoso_sparql.c).
 *
 * librdf's "virtuoso" storage talks ODBC: it loaded ~2.7k triples/s and
 * sent a query's triple patterns to the server one by one (~8 s for a
 * one-pattern query on 1M triples).  Driving the server's own tools, 1M
 * quads load at ~40k quads/s here (2 CPUs) and that query answers in
 * ~0.1 s; so this file keeps nothing of librdf.
 *
 * The spec: "virtuoso:" then KEY=VALUE pairs separated by ';' (no value
 * holds a ';'), every pair optional:
 *   host=127.0.0.1   the server; loopback addresses only (127.x, ::1,
 *                    localhost): the HTTP endpoint has no TLS, and the
 *                    bulk loader reads files from the server's disk
 *   port=1111        its SQL port (isql-vt)
 *   http=8890        its HTTP port (the /sparql endpoint)
 *   user=dba         the SQL user that loads
 *   password_env=NG_VIRTUOSO_PASSWORD   the variable holding the password
 *   password_file=FILE                  or a file whose first line it is
 *   dir=DIR          where load files are written for the server to read:
 *                    a directory in DirsAllowed of virtuoso.ini
 *   graphs=IRI       the graphs newsgraph owns: only graphs whose name
 *                    starts with IRI are loaded, replaced and counted
 *                    (default: the world's base IRI, so that no file can
 *                    clear one of Virtuoso's own graphs)
 *   loaders=2        bulk loader processes run in parallel
 *   isql=isql-vt     the isql program (Debian names it isql-vt)
 *   timeout=600      seconds a query may wait for an answer
 *   set=1            match each triple of the default graph once, as the
 *                    embedded store does (store_virtuoso_sparql.c); set=0
 *                    sends queries as they are
 * Queries need neither password nor dir: only loads do.  The password is
 * never put on a command line: it goes to isql-vt on its standard input
 * (SET PWD), so only characters isql reads back unchanged are accepted.
 *
 * Loading (ng_store_load_file, and ng_store_add_doc at close).  The file
 * is parsed with raptor and written again as N-Quads into DIR, in chunks
 * of ~100k quads cut at graph boundaries (parallel loaders take one chunk
 * each; a file with blank nodes stays whole, as Virtuoso scopes blank node
 * labels to one file); duplicate quads are dropped, and every term is
 * checked (IRIs, UTF-8, language tags), so what the server parses is ours.
 * The graph names go to a list file.  Then, through isql-vt (a child
 * process with an argv, no shell; every value in the SQL is ours or a
 * checked path):
 *   1. DB.DBA.NEWSGRAPH_CLEAR_GRAPHS(list) removes the quads of every
 *      graph in the list file (replace-on-reload).  SPARQL CLEAR GRAPH takes
 *      ~1 ms for a graph that is not there and ~8 ms for one of ~100 quads
 *      in 1M: 86 s to replace 10k graphs.  The procedure looks the graphs
 *      up in the IRI dictionary, deletes graph by graph when they are few
 *      and in one scan of RDF_QUAD (a dictionary of graph ids) when many:
 *      8 s for those 10k graphs.  It skips names outside the prefix (the
 *      list's first line: no IRI is ever written into SQL text).
 *   2. ld_add() each chunk under a name no other load uses (ld_add
 *      ignores a name it has seen), then LOADERS isql-vt processes run
 *      rdf_loader_run() in parallel;
 *   3. NEWSGRAPH_LOAD_WAIT waits for chunks another loader took,
 *      checkpoint makes the load durable (the loader writes no
 *      transaction log), and each chunk's LOAD_LIST state is read back
 *      and its row removed.
 * A load is not atomic for readers: between 1 and 3 queries see the old
 * graphs gone and the new ones partly there.  Steps 1 and 2 write no
 * transaction log, so a server killed before the checkpoint comes back
 * with the old graphs (checked: kill -9 during the bulk load of 1M quads
 * replacing 1M, restart, every graph old) - unless Virtuoso made a
 * checkpoint of its own meanwhile (CheckpointInterval).  A newsgraph
 * killed mid-load is another matter: the server finishes what it was
 * given and a later checkpoint keeps it, so graphs can be missing or
 * partly loaded until the file is loaded again.  When the server reports
 * an error for a chunk, the file's graphs are cleared again, so a graph
 * is either complete or absent, and the error says to load the file
 * again.
 *
 * Writers through one load directory take turns (a flock on
 * DIR/newsgraph-virtuoso.lock, NG_ERR_LOCKED for the second), and the
 * first one in removes what killed loads left there.  Each load ends with
 * a checkpoint: many small files load more slowly than one large one.
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "store_internal.h"

extern char **environ;

#define V_DEFAULT_HOST "127.0.0.1"
#define V_DEFAULT_PORT 1111
#define V_DEFAULT_HTTP 8890
#define V_DEFAULT_USER "dba"
#define V_DEFAULT_PASSWORD_ENV "NG_VIRTUOSO_PASSWORD"
#define V_DEFAULT_ISQL "isql-vt"
#define V_DEFAULT_LOADERS 2
#define V_DEFAULT_TIMEOUT 600
#define V_CHUNK_QUADS 100000u    /* quads per load file */
#define V_PENDING_QUADS 1000000u /* add_doc quads loaded at once */
#define V_MAX_ISQL_OUTPUT ((size_t)1 << 20)
#define V_UNUSED_GRAPH "urn:newsgraph:no-graph" /* ld_add's default graph */


void ng_virtuoso_log(ng_store *s, ng_log_level level, ng_status code,
                     const char *fmt, ...) {
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  /* errors of the caller's query are the query stage's, as with rasqal */
  ng_log(s->world, level, code,
         code == NG_ERR_QUERY || code == NG_ERR_UNSUPPORTED ? "query" : "store",
         0, 0, "%s", msg);
}

/* ------------------------------------------------------------------ */
/* Checks on what goes to the server                                   */
/* ------------------------------------------------------------------ */

/* An absolute IRI N-Quads and SPARQL can hold as written: valid UTF-8, a
 * scheme, none of the characters IRIREF excludes. */
static int iri_ok(const char *v, size_t n) {
  size_t bad;
  if (!n || !ng_utf8_valid(v, n, &bad))
    return 0;
  size_t k = 0;
  while (k < n &&
         ((v[k] >= 'a' && v[k] <= 'z') || (v[k] >= 'A' && v[k] <= 'Z') ||
          (k && ((v[k] >= '0' && v[k] <= '9') || strchr("+-.", v[k])))))
    k++;
  if (!k || k >= n || v[k] != ':')
    return 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)v[i];
    if (c <= 0x20 || c == 0x7f || strchr("<>\"{}|^`\\", c))
      return 0;
  }
  return 1;
}

/* Is P made of ASCII letters, digits and the characters of EXTRA only? */
static int only_chars(const char *p, const char *extra) {
  for (; *p; p++)
    if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
          (*p >= '0' && *p <= '9') || strchr(extra, *p)))
      return 0;
  return 1;
}

/* A path that can go into an SQL string literal and an isql script as it
 * is: absolute, and only characters that mean nothing to either. */
static int path_ok(const char *p) {
  if (p[0] != '/' || strlen(p) > 1024 || strstr(p, "/../") || strstr(p, "//"))
    return 0;
  return only_chars(p, "/._+-");
}

/* Passwords isql-vt reads back unchanged from "SET PWD=...;" (checked
 * against Virtuoso 7.2.5: spaces, quotes, '$', '\', ',', '=', '?', '&'
 * and brackets are not). */
static int password_ok(const char *p) {
  size_t n = strlen(p);
  if (!n || n > 256)
    return 0;
  return only_chars(p, "-_.@%+~^*:/|");
}

static int name_ok(const char *p, size_t max) {
  size_t n = strlen(p);
  if (!n || n > max)
    return 0;
  return only_chars(p, "_");
}

/* ------------------------------------------------------------------ */
/* The spec                                                            */
/* ------------------------------------------------------------------ */

static ng_status spec_error(ng_store *s, const char *what, const char *key,
                            const char *value) {
  ng_virtuoso_log(s, NG_LOG_ERROR, NG_ERR_ARG,
                  "store spec %s: %s %s%s%s (see 'newsgraph load --help')",
                  s->spec, what, key, value ? "=" : "", value ? value : "");
  return NG_ERR_ARG;
}

static int parse_int(const char *v, int lo, int hi, int *out) {
  char *end;
  errno = 0;
  long x = strtol(v, &end, 10);
  if (errno || end == v || *end || x < lo || x > hi)
    return -1;
  *out = (int)x;
  return 0;
}

/* HOST as a numeric loopback address in V->host. */
static int set_host(ng_virtuoso *v, const char *host) {
  if (!strcmp(host, "localhost"))
    host = V_DEFAULT_HOST;
  struct in_addr a4;
  struct in6_addr a6;
  if (inet_pton(AF_INET, host, &a4) == 1) {
    if ((ntohl(a4.s_addr) >> 24) != 127)
      return -1;
  } else if (inet_pton(AF_INET6, host, &a6) == 1) {
    if (!IN6_IS_ADDR_LOOPBACK(&a6))
      return -1;
  } else {
    return -1;
  }
  snprintf(v->host, sizeof v->host, "%s", host);
  return 0;
}

static ng_status read_password(ng_store *s, const char *env, const char *file) {
  ng_virtuoso *v = s->virt;
  char buf[300];
  if (file) {
    FILE *fp = fopen(file, "r");
    if (!fp) {
      ng_virtuoso_log(s, NG_LOG_ERROR, NG_ERR_STORE,
                      "cannot read the Virtuoso password file %s: %s", file,
                      strerror(errno));
      return NG_ERR_STORE;
    }
    int ok = fgets(buf, sizeof buf, fp) != NULL;
    fclose(fp);
    if (!ok)
      buf[0] = '\0';
    buf[strcspn(buf, "\r\n")] = '\0';
  } else {
    const char *p = getenv(env);
    if (!p) {
      ng_virtuoso_log(
          s, NG_LOG_ERROR, NG_ERR_STORE,
          "loading into Virtuoso needs the password of user %s: set %s "
          "(or give password_env=VARIABLE or password_file=FILE in the "
          "store spec)",
          v->user, env);
      return NG_ERR_STORE;
    }
    snprintf(buf, sizeof buf, "%s", p);
  }
  if (!password_ok(buf)) {
    ng_virtuoso_log(s, NG_LOG_ERROR, NG_ERR_STORE,
                    "the Virtuoso password from %s is empty, longer than 256 "
                    "characters or holds a character isql-vt cannot be given "
                    "(letters, digits and -_.@%%+~^*:/| only)",
                    file ? file : env);
    explicit_bzero(buf, sizeof buf);
    return NG_ERR_STORE;
  }
  v->password = ng_strdup(buf);
  explicit_bzero(buf, sizeof buf);
  return v->password ? NG_OK : NG_ERR_NOMEM;
}

static ng_status parse_options(ng_store *s, const char *options,
                               const char **password_env,
                               const char **password_file, char *copy) {
  ng_virtuoso *v = s->virt;
  strcpy(copy, options);
  for (char *p = copy; p && *p;) {
    char *end = strchr(p, ';');
    if (end)
      *end++ = '\0';
    if (!*p) {
      p = end;
      continue;
    }
    char *eq = strchr(p, '=');
    if (!eq)
      return spec_error(s, "expected KEY=VALUE, not", p, NULL);
    *eq = '\0';
    const char *key = p, *val = eq + 1;
    int bad = 0;
    char **dst = NULL;
    if (!strcmp(key, "host"))
      bad = set_host(v, val);
    else if (!strcmp(key, "port"))
      bad = parse_int(val, 1, 65535, &v->port);
    else if (!strcmp(key, "http"))
      bad = parse_int(val, 1, 65535, &v->http);
    else if (!strcmp(key, "loaders"))
      bad = parse_int(val, 1, 32, &v->loaders);
    else if (!strcmp(key, "timeout"))
      bad = parse_int(val, 1, 86400 * 7, &v->timeout);
    else if (!strcmp(key, "set"))
      bad = parse_int(val, 0, 1, &v->set_semantics);
    else if (!strcmp(key, "user")) {
      bad = !name_ok(val, 64);
      dst = &v->user;
    } else if (!strcmp(key, "password_env")) {
      bad = !name_ok(val, 128);
      *password_env = val;
    } else if (!strcmp(key, "password_file")) {
      bad = !*val;
      *password_file = val;
    } else if (!strcmp(key, "dir")) {
      bad = !path_ok(val);
      dst = &v->dir;
    } else if (!strcmp(key, "graphs")) {
      bad = !iri_ok(val, strlen(val));
      dst = &v->graphs;
    } else if (!strcmp(key, "isql")) {
      bad = !*val;
      dst = &v->isql;
    } else {
      return spec_error(s,
                        "unknown key (host, port, http, user, "
                        "password_env, password_file, dir, graphs, "
                        "loaders, isql, timeout, set):",
                        key, NULL);
    }
    if (bad) {
      const char *why = !strcmp(key, "host") ? "a loopback address is needed:"
                        : !strcmp(key, "dir")
                            ? "an absolute path of letters, digits and "
                              "/._+- is needed:"
                        : !strcmp(key, "graphs") ? "an absolute IRI is needed:"
                                                 : "bad value";
      return spec_error(s, why, key, val);
    }
    if (dst) {
      free(*dst);
      *dst = ng_strdup(val);
      if (!*dst)
        return NG_ERR_NOMEM;
    }
    p = end;
  }
  return NG_OK;
}

/* ------------------------------------------------------------------ */
/* isql-vt                                                             */
/* ------------------------------------------------------------------ */

/* The first error isql printed ("*** Error 28000: ... Bad login"), or
 * NULL.  Points into OUT. */
static const char *isql_error(ng_buf *out, size_t *len) {
  if (!out->s)
    return NULL;
  const char *e = strstr(out->s, "*** Error");
  if (!e)
    return NULL;
  e += 4;
  *len = strcspn(e, "\n");
  if (*len > 400)
    *len = 400;
  return e;
}

/* One isql-vt child. */
typedef struct isql_child {
  const char *script; /* after the connection lines */
  ng_buf in;          /* what goes to its standard input */
  size_t sent;
  int to, from; /* our ends of its stdin and stdout/stderr */
  pid_t pid;
  ng_buf *out; /* its output (capped) */
  int code;    /* exit status, -1 when it did not exit */
} isql_child;

static ng_status isql_spawn(ng_store *s, isql_child *c) {
  ng_virtuoso *v = s->virt;
  int to_child[2], from_child[2];
  ng_status st =
      ng_buf_printf(&c->in, "SET DSN=%s:%d;\nSET UID=%s;\nSET PWD=%s;\n",
                    v->host, v->port, v->user, v->password ? v->password : "");
  if (!st)
    st = ng_buf_adds(&c->in, c->script);
  if (st)
    return st;
  /* sockets, not pipes: send() with MSG_NOSIGNAL cannot raise SIGPIPE in
   * the caller's process when isql exits early */
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, to_child))
    goto fail_io;
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, from_child)) {
    close(to_child[0]);
    close(to_child[1]);
    goto fail_io;
  }
  posix_spawn_file_actions_t fa;
  int rc = posix_spawn_file_actions_init(&fa);
  if (!rc)
    rc = posix_spawn_file_actions_adddup2(&fa, to_child[1], 0);
  if (!rc)
    rc = posix_spawn_file_actions_adddup2(&fa, from_child[1], 1);
  if (!rc)
    rc = posix_spawn_file_actions_adddup2(&fa, from_child[1], 2);
  char *argv[] = {v->isql,
                  (char *)"VERBOSE=OFF",
                  (char *)"BANNER=OFF",
                  (char *)"PROMPT=OFF",
                  (char *)"ERRORS=STDOUT",
                  NULL};
  if (!rc)
    rc = posix_spawnp(&c->pid, v->isql, &fa, NULL, argv, environ);
  posix_spawn_file_actions_destroy(&fa);
  close(to_child[1]);
  close(from_child[1]);
  if (rc) {
    close(to_child[0]);
    close(from_child[0]);
    c->pid = -1;
    ng_virtuoso_log(
        s, NG_LOG_ERROR, NG_ERR_STORE,
        "cannot run %s: %s (Debian: apt-get install "
        "virtuoso-opensource; or give isql=PROGRAM in the store spec)",
        v->isql, strerror(rc));
    return NG_ERR_STORE;
  }
  c->to = to_child[0];
  c->from = from_child[0];
  return NG_OK;
fail_io:
  ng_virtuoso_log(s, NG_LOG_ERROR, NG_ERR_IO, "cannot make a socket pair: %s",
                  strerror(errno));
  return NG_ERR_IO;
}

/* Feeds and reads the N children until each has closed its output, then
 * reaps them. */
static ng_status isql_pump(isql_child *c, size_t n) {
  ng_status st = NG_OK;
  struct pollfd *pf = calloc(2 * n, sizeof *pf);
  if (!pf)
    return NG_ERR_NOMEM;
  char buf[8192];
  for (;;) {
    nfds_t nf = 0;
    for (size_t i = 0; i < n; i++) {
      if (c[i].from >= 0)
        pf[nf++] = (struct pollfd){c[i].from, POLLIN, 0};
      if (c[i].to >= 0)
        pf[nf++] = (struct pollfd){c[i].to, POLLOUT, 0};
    }
    if (!nf)
      break;
    if (poll(pf, nf, -1) < 0) {
      if (errno == EINTR)
        continue;
      st = NG_ERR_IO;
      break;
    }
    for (nfds_t k = 0; k < nf; k++) {
      if (!pf[k].revents)
        continue;
      isql_child *ch = NULL;
      for (size_t i = 0; i < n && !ch; i++)
        if (c[i].from == pf[k].fd || c[i].to == pf[k].fd)
          ch = &c[i];
      if (!ch)
        continue;
      if (ch->to == pf[k].fd) {
        ssize_t w = send(ch->to, ch->in.s + ch->sent, ch->in.len - ch->sent,
                         MSG_NOSIGNAL | MSG_DONTWAIT);
        if (w > 0)
          ch->sent += (size_t)w;
        if ((w < 0 && errno != EAGAIN && errno != EINTR) ||
            ch->sent == ch->in.len) {
          close(ch->to); /* the end of the script */
          ch->to = -1;
        }
      } else {
        ssize_t r = read(ch->from, buf, sizeof buf);
        if (r < 0 && errno == EINTR)
          continue;
        if (r <= 0) {
          close(ch->from);
          ch->from = -1;
        } else if (ch->out->len + (size_t)r <= V_MAX_ISQL_OUTPUT &&
                   ng_buf_add(ch->out, buf, (size_t)r)) {
          st = NG_ERR_NOMEM;
        }
      }
    }
  }
  free(pf);
  return st;
}

static void isql_reap(isql_child *c) {
  if (c->to >= 0)
    close(c->to);
  if (c->from >= 0)
    close(c->from);
  c->to = c->from = -1;
  if (c->pid > 0) {
    int ws = 0;
    while (waitpid(c->pid, &ws, 0) < 0 && errno == EINTR)
      ;
    c->code = WIFEXITED(ws) ? WEXITSTATUS(ws) : -1;
    c->pid = -1;
  }
  if (c->in.s)
    explicit_bzero(c->in.s, c->in.len); /* it held the password */
  ng_buf_free(&c->in);
}

/* Runs the N SCRIPTS at once, each in its own isql-vt, which gets the
 * connection (password included) on its standard input, never in its
 * argv.  OUTS[i] gets the output of script i, CODES[i] its exit status
 * (-1 when it did not exit). */
static ng_status run_isql(ng_store *s, const char *const *scripts, size_t n,
                          ng_buf *outs, int *codes) {
  isql_child *c = calloc(n, sizeof *c);
  if (!c)
    return NG_ERR_NOMEM;
  ng_status st = NG_OK;
  for (size_t i = 0; i < n; i++) {
    c[i].script = scripts[i];
    c[i].to = c[i].from = c[i].pid = -1;
    c[i].code = -1;
    c[i].out = &outs[i];
    ng_buf_init(&c[i].in, 0);
  }
  for (size_t i = 0; i < n && !st; i++)
    st = isql_spawn(s, &c[i]);
  if (!st)
    st = isql_pump(c, n);
  for (size_t i = 0; i < n; i++) {
    isql_reap(&c[i]);
    codes[i] = c[i].code;
    if (!st && !outs[i].s)
      st = ng_buf_adds(&outs[i], "");
  }
  free(c);
  return st;
}

/* Logs what went wrong in a run of isql (WHAT, its output OUT, its exit
 * CODE); NG_OK when nothing did. */
static ng_status isql_check(ng_store *s, const char *what, ng_buf *out,
                            int code) {
  size_t n = 0;
  const char *e = isql_error(out, &n);
  if (code == 0 && !e)
    return NG_OK;
  ng_virtuoso *v = s->virt;
  if (code == 3 || (e && (strstr(e, "CL033") || strstr(e, "CL034"))))
    ng_virtuoso_log(
        s, NG_LOG_ERROR, NG_ERR_STORE,
        "%s: cannot log in to Virtuoso at %s:%d as %s%s%.*s (is the "
        "server running, is port=%d its SQL port, is the password "
        "right?  Debian starts it with 'service virtuoso-opensource-7 "
        "start')",
        what, v->host, v->port, v->user, e ? ": " : "", (int)n, e ? e : "",
        v->port);
  else
    ng_virtuoso_log(s, NG_LOG_ERROR, NG_ERR_STORE,
                    "%s: isql exited with %d%s%.*s", what, code, e ? ": " : "",
                    (int)n, e ? e : "");
  return NG_ERR_STORE;
}

/* Runs one SCRIPT; OUT gets its output.  NG_ERR_STORE (logged) when
 * isql reported an error. */
static ng_status isql_do(ng_store *s, const char *what, const char *script,
                         ng_buf *out) {
  int code;
  ng_status st = run_isql(s, &script, 1, out, &code);
  return st ? st : isql_check(s, what, out, code);
}

/* Stops the script at the first error: isql goes on otherwise. */
#define STOP_ON_ERROR "$IF $EQU $STATE OK NOP EXIT 9;\n"

/* The procedures loads use, (re)defined when a store opens for writing.
 * Variables are named apart from RDF_QUAD's columns: Virtuoso resolves a
 * name to the column first, and "G = g" would match every quad. */
static const char clear_procedure[] =
    "create procedure DB.DBA.NEWSGRAPH_CLEAR_GRAPHS (in list_file varchar)"
    "\n"
    "{\n"
    "  declare names, ids, prefix any;\n"
    "  declare i, n_ids, n_quads int;\n"
    "  names := split_and_decode (file_to_string (list_file), 0, "
    "'\\0\\0\\n');\n"
    "  prefix := names[0];\n"
    "  ids := dict_new (length (names) + 1);\n"
    "  n_ids := 0;\n"
    "  for (i := 1; i < length (names); i := i + 1)\n"
    "    {\n"
    "      declare gid any;\n"
    "      if (length (names[i]) > length (prefix)\n"
    "          and subseq (names[i], 0, length (prefix)) = prefix)\n"
    "        {\n"
    "          gid := iri_to_id (names[i], 0);\n"
    "          if (gid is not null)\n"
    "            {\n"
    "              dict_put (ids, gid, 1);\n"
    "              n_ids := n_ids + 1;\n"
    "            }\n"
    "        }\n"
    "    }\n"
    "  n_quads := 0;\n"
    "  log_enable (2, 1);\n"
    "  if (n_ids > 0 and n_ids <= 200)\n"
    "    {\n"
    "      declare gids any;\n"
    "      gids := dict_list_keys (ids, 0);\n"
    "      for (i := 0; i < length (gids); i := i + 1)\n"
    "        {\n"
    "          declare one_gid any;\n"
    "          one_gid := gids[i];\n"
    "          delete from DB.DBA.RDF_QUAD where G = one_gid;\n"
    "          n_quads := n_quads + row_count ();\n"
    "        }\n"
    "    }\n"
    "  else if (n_ids > 200)\n"
    "    {\n"
    "      delete from DB.DBA.RDF_QUAD where dict_get (ids, G, 0) = 1;\n"
    "      n_quads := row_count ();\n"
    "    }\n"
    "  commit work;\n"
    "  log_enable (1, 1);\n"
    "  return n_quads;\n"
    "}\n"
    ";\n" STOP_ON_ERROR
    "create procedure DB.DBA.NEWSGRAPH_LOAD_WAIT (in pattern varchar)\n"
    "{\n"
    "  declare waited int;\n"
    "  waited := 0;\n"
    "  while (waited < 36000 and exists (select 1 from DB.DBA.LOAD_LIST\n"
    "         where LL_FILE like pattern and LL_STATE = 1))\n"
    "    {\n"
    "      delay (0.1);\n"
    "      waited := waited + 1;\n"
    "    }\n"
    "}\n"
    ";\n" STOP_ON_ERROR;

/* ------------------------------------------------------------------ */
/* Load files: N-Quads written for the bulk loader                     */
/* ------------------------------------------------------------------ */

/* A term from raptor or from ng_doc_emit(). */
typedef struct v_term {
  ng_term_kind kind;
  const char *v;
  size_t len;
  const char *lang; /* or NULL */
  size_t lang_len;
  const char *dt; /* or NULL */
  size_t dt_len;
} v_term;

struct v_load {
  ng_store *s;
  char base[1200];    /* DIR/ng-PID-TIME-SEQ: this load's file names */
  ng_vec chunks;      /* char * (malloc): the chunk files written */
  FILE *out;          /* the chunk being written, or NULL */
  size_t chunk_quads; /* quads in it */
  FILE *list;         /* the graph list: the prefix, then one a line */
  char *list_path;
  ng_fp_set seen; /* the quads written */
  ng_map graphs;  /* graph IRI -> non-NULL */
  ng_arena arena; /* keys of GRAPHS */
  char *graph;    /* the current graph (malloc), or NULL */
  size_t graph_len;
  int bnodes; /* a blank node was written: no more chunks */
  size_t n_graphs, n_quads;
  ng_buf line;
  ng_status st; /* the first error */
  raptor_parser *parser;
  int rdf_errors; /* raptor errors seen */
  double t0;
};

static long load_line(v_load *ld) {
  if (!ld->parser)
    return 0;
  raptor_locator *loc = raptor_parser_get_locator(ld->parser);
  return loc && loc->line > 0 ? loc->line : 0;
}

/* Records the first error; stops the parser. */
static void load_fail(v_load *ld, ng_status st) {
  if (!ld->st)
    ld->st = st;
  if (ld->parser)
    raptor_parser_parse_abort(ld->parser);
}

static void load_free(v_load *ld, int remove_files) {
  if (!ld)
    return;
  if (ld->out)
    fclose(ld->out);
  if (ld->list)
    fclose(ld->list);
  for (size_t i = 0; i < ld->chunks.n; i++) {
    char *p = NG_VEC_AT(&ld->chunks, char *, i);
    if (remove_files)
      unlink(p);
    free(p);
  }
  if (ld->list_path && remove_files)
    unlink(ld->list_path);
  free(ld->list_path);
  ng_vec_free(&ld->chunks);
  ng_fp_set_free(&ld->seen);
  ng_map_free(&ld->graphs);
  ng_arena_free(&ld->arena);
  free(ld->graph);
  ng_buf_free(&ld->line);
  free(ld);
}

/* Opens a file of this load for writing; the server reads it (0644). */
static FILE *load_create(ng_store *s, const char *path) {
  int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  FILE *fp = fd >= 0 ? fdopen(fd, "w") : NULL;
  if (!fp) {
    ng_virtuoso_log(
        s, NG_LOG_ERROR, NG_ERR_IO,
        "cannot create %s: %s (dir= must be a directory newsgraph can "
        "write and Virtuoso can read, listed in DirsAllowed)",
        path, strerror(errno));
    if (fd >= 0)
      close(fd);
  }
  return fp;
}

static ng_status load_new(ng_store *s, v_load **out) {
  ng_virtuoso *v = s->virt;
  *out = NULL;
  if (!v->dir) {
    ng_virtuoso_log(
        s, NG_LOG_ERROR, NG_ERR_ARG,
        "loading into Virtuoso needs dir=DIR in the store spec: a "
        "directory listed in DirsAllowed of virtuoso.ini, where the bulk "
        "loader reads the files newsgraph writes");
    return NG_ERR_ARG;
  }
  v_load *ld = calloc(1, sizeof *ld);
  if (!ld)
    return NG_ERR_NOMEM;
  ld->s = s;
  ld->t0 = ng_store_seconds();
  ng_map_init(&ld->graphs);
  ng_arena_init(&ld->arena, 0);
  ng_buf_init(&ld->line, 0);
  /* a name no earlier load used: ld_add() skips a file name it knows */
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  snprintf(ld->base, sizeof ld->base, "%s/ng-%ld-%llx-%lu", v->dir,
           (long)getpid(),
           (unsigned long long)ts.tv_sec * 1000000000ULL +
               (unsigned long long)ts.tv_nsec,
           ++v->seq);
  size_t n = strlen(ld->base);
  ld->list_path = malloc(n + 8);
  if (!ld->list_path) {
    load_free(ld, 1);
    return NG_ERR_NOMEM;
  }
  memcpy(ld->list_path, ld->base, n);
  memcpy(ld->list_path + n, ".graphs", 8);
  ld->list = load_create(s, ld->list_path);
  if (!ld->list) {
    free(ld->list_path);
    ld->list_path = NULL;
    load_free(ld, 1);
    return NG_ERR_IO;
  }
  fprintf(ld->list, "%s\n", v->graphs);
  *out = ld;
  return NG_OK;
}

static ng_status load_open_chunk(v_load *ld) {
  char *p = malloc(strlen(ld->base) + 32);
  if (!p)
    return NG_ERR_NOMEM;
  sprintf(p, "%s-%zu.nq", ld->base, ld->chunks.n);
  char **slot = ng_vec_push(&ld->chunks, sizeof *slot, (size_t)1 << 24);
  if (!slot) {
    free(p);
    return NG_ERR_NOMEM;
  }
  *slot = p;
  ld->out = load_create(ld->s, p);
  ld->chunk_quads = 0;
  return ld->out ? NG_OK : NG_ERR_IO;
}

static ng_status load_close_chunk(v_load *ld) {
  if (!ld->out)
    return NG_OK;
  int bad = ferror(ld->out) | fclose(ld->out);
  ld->out = NULL;
  if (bad) {
    ng_virtuoso_log(ld->s, NG_LOG_ERROR, NG_ERR_IO,
                    "cannot write %s-%zu.nq: %s", ld->base, ld->chunks.n - 1,
                    strerror(errno));
    return NG_ERR_IO;
  }
  return NG_OK;
}

/* Makes IRI the graph of the quads that follow. */
static ng_status load_graph(v_load *ld, const char *iri, size_t len) {
  if (ld->graph && ld->graph_len == len && !memcmp(ld->graph, iri, len))
    return NG_OK;
  ng_virtuoso *v = ld->s->virt;
  size_t pl = strlen(v->graphs);
  if (!iri_ok(iri, len)) {
    ng_log(ld->s->world, NG_LOG_ERROR, NG_ERR_INPUT, "store", load_line(ld), 0,
           "the graph name <%.*s> is not an IRI N-Quads can hold",
           (int)NG_MIN(len, 300), iri);
    return NG_ERR_INPUT;
  }
  if (len <= pl || memcmp(iri, v->graphs, pl)) {
    ng_log(ld->s->world, NG_LOG_ERROR, NG_ERR_INPUT, "store", load_line(ld), 0,
           "the graph <%.*s> is outside the graphs newsgraph owns in this "
           "Virtuoso store (graphs=%s); it is not loaded, so that no file "
           "replaces a graph of another application",
           (int)NG_MIN(len, 300), iri, v->graphs);
    return NG_ERR_INPUT;
  }
  /* cut chunks between graphs: a chunk loads whole graphs */
  if (ld->out && ld->chunk_quads >= V_CHUNK_QUADS && !ld->bnodes) {
    ng_status st = load_close_chunk(ld);
    if (st)
      return st;
  }
  free(ld->graph);
  ld->graph = ng_strndup(iri, len);
  ld->graph_len = len;
  if (!ld->graph)
    return NG_ERR_NOMEM;
  ng_map_entry *e = ng_map_slot(&ld->graphs, &ld->arena, iri, len);
  if (!e)
    return NG_ERR_NOMEM;
  if (!e->value) {
    e->value = ld;
    ld->n_graphs++;
    fwrite(iri, 1, len, ld->list);
    fputc('\n', ld->list);
  }
  return NG_OK;
}

static ng_status add_escaped(ng_buf *b, const char *s, size_t n) {
  ng_status st = NG_OK;
  size_t from = 0;
  for (size_t i = 0; i < n && !st; i++) {
    unsigned char c = (unsigned char)s[i];
    const char *esc = NULL;
    char u[8];
    if (c == '"')
      esc = "\\\"";
    else if (c == '\\')
      esc = "\\\\";
    else if (c == '\n')
      esc = "\\n";
    else if (c == '\r')
      esc = "\\r";
    else if (c == '\t')
      esc = "\\t";
    else if (c < 0x20 || c == 0x7f) {
      snprintf(u, sizeof u, "\\u%04X", c);
      esc = u;
    }
    if (esc) {
      st = ng_buf_add(b, s + from, i - from);
      if (!st)
        st = ng_buf_adds(b, esc);
      from = i + 1;
    }
  }
  return st ? st : ng_buf_add(b, s + from, n - from);
}

static int lang_ok(const char *l, size_t n) {
  if (!n || n > 64)
    return 0;
  for (size_t i = 0; i < n; i++)
    if (!((l[i] >= 'a' && l[i] <= 'z') || (l[i] >= 'A' && l[i] <= 'Z') ||
          (l[i] >= '0' && l[i] <= '9') || (l[i] == '-' && i > 0)))
      return 0;
  return 1;
}

/* Appends T in N-Quads syntax; NG_ERR_INPUT (logged) for a term N-Quads
 * cannot hold. */
static ng_status add_term(v_load *ld, const v_term *t) {
  ng_buf *b = &ld->line;
  ng_status st;
  size_t bad;
  switch (t->kind) {
  case NG_TERM_IRI:
    if (!iri_ok(t->v, t->len))
      goto refuse;
    st = ng_buf_addc(b, '<');
    if (!st)
      st = ng_buf_add(b, t->v, t->len);
    return st ? st : ng_buf_addc(b, '>');
  case NG_TERM_BLANK:
    /* hex: any label becomes a valid one, and distinct ones stay so */
    ld->bnodes = 1;
    st = ng_buf_adds(b, "_:b");
    for (size_t i = 0; i < t->len && !st; i++)
      st = ng_buf_printf(b, "%02x", (unsigned char)t->v[i]);
    return st;
  case NG_TERM_LITERAL:
    if (!ng_utf8_valid(t->v, t->len, &bad) ||
        (t->lang && !lang_ok(t->lang, t->lang_len)) ||
        (!t->lang && t->dt && !iri_ok(t->dt, t->dt_len)))
      goto refuse;
    st = ng_buf_addc(b, '"');
    if (!st)
      st = add_escaped(b, t->v, t->len);
    if (!st)
      st = ng_buf_addc(b, '"');
    if (!st && t->lang) {
      st = ng_buf_addc(b, '@');
      if (!st)
        st = ng_buf_add(b, t->lang, t->lang_len);
    } else if (!st && t->dt) {
      st = ng_buf_adds(b, "^^<");
      if (!st)
        st = ng_buf_add(b, t->dt, t->dt_len);
      if (!st)
        st = ng_buf_addc(b, '>');
    }
    return st;
  default:
    break;
  }
refuse:
  ng_log(ld->s->world, NG_LOG_ERROR, NG_ERR_INPUT, "store", load_line(ld), 0,
         "a term N-Quads cannot hold (an IRI with spaces, quotes or angle "
         "brackets, invalid UTF-8 or a bad language tag): %.*s",
         (int)NG_MIN(t->len, 200), t->v);
  return NG_ERR_INPUT;
}

/* Writes the quad (S P O current-graph) unless it was written already. */
static ng_status load_quad(v_load *ld, const v_term *sub, const v_term *pred,
                           const v_term *obj) {
  ng_buf *b = &ld->line;
  ng_buf_reset(b);
  ng_status st = add_term(ld, sub);
  if (!st)
    st = ng_buf_addc(b, ' ');
  if (!st)
    st = add_term(ld, pred);
  if (!st)
    st = ng_buf_addc(b, ' ');
  if (!st)
    st = add_term(ld, obj);
  if (!st)
    st = ng_buf_adds(b, " <");
  if (!st)
    st = ng_buf_add(b, ld->graph, ld->graph_len);
  if (!st)
    st = ng_buf_adds(b, "> .\n");
  if (st)
    return st;
  /* the line is the quad in one canonical form: its fingerprint */
  uint64_t h0 = ng_hash64_more(NG_HASH64_INIT, b->s, b->len);
  uint64_t h1 = ng_hash64_more(0x84222325cbf29ce4ULL, b->s, b->len);
  int dup = ng_fp_set_add(&ld->seen, h0, h1);
  if (dup < 0)
    return NG_ERR_NOMEM;
  if (dup)
    return NG_OK;
  if (!ld->out && (st = load_open_chunk(ld)))
    return st;
  if (fwrite(b->s, 1, b->len, ld->out) != b->len) {
    ng_virtuoso_log(ld->s, NG_LOG_ERROR, NG_ERR_IO,
                    "cannot write %s-%zu.nq: %s", ld->base, ld->chunks.n - 1,
                    strerror(errno));
    return NG_ERR_IO;
  }
  ld->chunk_quads++;
  ld->n_quads++;
  return NG_OK;
}

/* Closes the files; the load is ready for the server. */
static ng_status load_finish(v_load *ld) {
  ng_status st = load_close_chunk(ld);
  if (ld->list) {
    int bad = ferror(ld->list) | fclose(ld->list);
    ld->list = NULL;
    if (bad && !st) {
      ng_virtuoso_log(ld->s, NG_LOG_ERROR, NG_ERR_IO, "cannot write %s: %s",
                      ld->list_path, strerror(errno));
      st = NG_ERR_IO;
    }
  }
  return st;
}

/* ------------------------------------------------------------------ */
/* Loading on the server                                               */
/* ------------------------------------------------------------------ */

/* The number after LABEL in isql's output ("ng-cleared   123"). */
static long output_number(const ng_buf *out, const char *label) {
  const char *p = out->s ? strstr(out->s, label) : NULL;
  return p ? strtol(p + strlen(label), NULL, 10) : -1;
}

/* Clears the load's graphs again and checkpoints, after a failure: a
 * graph is then complete (old or new) or absent, never half loaded. */
static void unload(ng_store *s, v_load *ld) {
  ng_buf script, out;
  ng_buf_init(&script, 0);
  ng_buf_init(&out, 0);
  if (!ng_buf_printf(&script,
                     "DB.DBA.NEWSGRAPH_CLEAR_GRAPHS ('%s');\n" STOP_ON_ERROR
                     "checkpoint;\n" STOP_ON_ERROR,
                     ld->list_path))
    isql_do(s, "removing the graphs of the failed load", script.s, &out);
  ng_buf_free(&script);
  ng_buf_free(&out);
}

/* Replaces the load's graphs in the server by its files. */
static ng_status run_load(ng_store *s, v_load *ld) {
  ng_virtuoso *v = s->virt;
  ng_buf script, out;
  ng_buf_init(&script, 0);
  ng_buf_init(&out, 0);
  double t1 = ng_store_seconds(), t_parse = t1 - ld->t0, t2 = t1, t3 = t1;
  long replaced = 0;
  size_t nchunks = ld->chunks.n, nloaders = 0;
  ng_buf *outs = NULL;
  int *codes = NULL;
  const char **scripts = NULL;

  /* 1: clear the graphs, queue the chunks */
  ng_status st = ng_buf_printf(
      &script,
      "select 'ng-cleared', DB.DBA.NEWSGRAPH_CLEAR_GRAPHS "
      "('%s');\n" STOP_ON_ERROR "delete from DB.DBA.LOAD_LIST where LL_FILE "
                                "like '%s-%%';\n" STOP_ON_ERROR,
      ld->list_path, ld->base);
  for (size_t i = 0; i < nchunks && !st; i++)
    st = ng_buf_printf(&script,
                       "ld_add ('%s', '" V_UNUSED_GRAPH "');\n" STOP_ON_ERROR,
                       NG_VEC_AT(&ld->chunks, char *, i));
  if (!st)
    st = isql_do(s, "replacing the graphs in Virtuoso", script.s, &out);
  if (st)
    goto done;
  replaced = output_number(&out, "ng-cleared");
  t2 = ng_store_seconds();

  /* 2: the bulk loaders, in parallel */
  nloaders = NG_MIN((size_t)v->loaders, nchunks);
  if (nloaders) {
    outs = calloc(nloaders, sizeof *outs);
    codes = calloc(nloaders, sizeof *codes);
    scripts = calloc(nloaders, sizeof *scripts);
    if (!outs || !codes || !scripts) {
      st = NG_ERR_NOMEM;
      goto done;
    }
    for (size_t i = 0; i < nloaders; i++) {
      ng_buf_init(&outs[i], 0);
      scripts[i] = "rdf_loader_run ();\n" STOP_ON_ERROR;
    }
    st = run_isql(s, scripts, nloaders, outs, codes);
    for (size_t i = 0; i < nloaders && !st; i++)
      st = isql_check(s, "running Virtuoso's bulk loader", &outs[i], codes[i]);
    if (st) {
      unload(s, ld);
      goto done;
    }
  }
  t3 = ng_store_seconds();

  /* 3: wait for chunks other loaders took, checkpoint, read the states */
  ng_buf_reset(&script);
  ng_buf_reset(&out);
  st = ng_buf_printf(
      &script,
      "DB.DBA.NEWSGRAPH_LOAD_WAIT ('%s-%%');\n" STOP_ON_ERROR
      "checkpoint;\n" STOP_ON_ERROR
      "select 'ng-state', LL_STATE, replace (coalesce (LL_ERROR, '-'), "
      "'\\n', ' ') from DB.DBA.LOAD_LIST where LL_FILE like "
      "'%s-%%';\n" STOP_ON_ERROR "delete from DB.DBA.LOAD_LIST where LL_FILE "
                                 "like '%s-%%';\n" STOP_ON_ERROR,
      ld->base, ld->base, ld->base);
  if (!st)
    st = isql_do(s, "finishing the load in Virtuoso", script.s, &out);
  if (st)
    goto done;
  size_t done_ok = 0;
  for (const char *p = out.s; (p = strstr(p, "ng-state")); p++) {
    char *end;
    long state = strtol(p + 8, &end, 10);
    while (*end == ' ' || *end == '\t')
      end++;
    if (state == 2 && *end == '-' &&
        (end[1] == '\n' || !end[1] || end[1] == ' ' || end[1] == '\r')) {
      done_ok++;
      continue;
    }
    if (!st) {
      size_t n = strcspn(end, "\n");
      ng_virtuoso_log(
          s, NG_LOG_ERROR, NG_ERR_STORE,
          "Virtuoso's bulk loader did not load a chunk of this load "
          "(state %ld): %.*s",
          state, (int)NG_MIN(n, 400), end);
      st = NG_ERR_STORE;
    }
  }
  if (!st && done_ok != nchunks) {
    ng_virtuoso_log(s, NG_LOG_ERROR, NG_ERR_STORE,
                    "Virtuoso's bulk loader reports %zu of %zu chunks loaded",
                    done_ok, nchunks);
    st = NG_ERR_STORE;
  }
  if (st) {
    unload(s, ld);
    goto done;
  }
  double t4 = ng_store_seconds(), total = t4 - ld->t0;
  ng_virtuoso_log(
      s, NG_LOG_INFO, NG_OK,
      "loaded %zu quads in %zu graphs into Virtuoso in %.2f s (%.0f "
      "quads/s): writing %.2f s, removing %ld old quads %.2f s, bulk "
      "load (%zu chunk%s, %zu loader%s) %.2f s, checkpoint %.2f s",
      ld->n_quads, ld->n_graphs, total,
      total > 0 ? (double)ld->n_quads / total : 0.0, t_parse, replaced, t2 - t1,
      nchunks, nchunks == 1 ? "" : "s", nloaders, nloaders == 1 ? "" : "s",
      t3 - t2, t4 - t3);
done:
  if (st)
    ng_virtuoso_log(
        s, NG_LOG_ERROR, st,
        "the articles of this load may be missing from Virtuoso now "
        "(their old graphs were removed): load the file again");
  for (size_t i = 0; outs && i < nloaders; i++)
    ng_buf_free(&outs[i]);
  free(outs);
  free(codes);
  free(scripts);
  ng_buf_free(&script);
  ng_buf_free(&out);
  return st;
}

/* Finishes LD's files and loads them (when there is anything), then
 * removes the files and frees LD. */
static ng_status load_run_and_free(ng_store *s, v_load *ld) {
  ng_status st = load_finish(ld);
  if (!st && ld->n_graphs)
    st = run_load(s, ld);
  load_free(ld, 1);
  return st;
}

/* ------------------------------------------------------------------ */
/* ng_store_load_file                                                  */
/* ------------------------------------------------------------------ */

static void rdf_log(void *user_data, raptor_log_message *m) {
  v_load *ld = user_data;
  raptor_locator *loc = m->locator;
  ng_log_level level = m->level >= RAPTOR_LOG_LEVEL_ERROR  ? NG_LOG_ERROR
                       : m->level == RAPTOR_LOG_LEVEL_WARN ? NG_LOG_WARN
                                                           : NG_LOG_DEBUG;
  if (level == NG_LOG_ERROR)
    ld->rdf_errors++;
  ng_log(ld->s->world, level, level == NG_LOG_ERROR ? NG_ERR_RDF : NG_OK, "rdf",
         loc && loc->line > 0 ? loc->line : 0,
         loc && loc->column > 0 ? loc->column : 0, "%s",
         m->text ? m->text : "(no message)");
}

static void raptor_to_v(const raptor_term *t, v_term *out) {
  memset(out, 0, sizeof *out);
  switch (t->type) {
  case RAPTOR_TERM_TYPE_URI:
    out->kind = NG_TERM_IRI;
    out->v =
        (const char *)raptor_uri_as_counted_string(t->value.uri, &out->len);
    break;
  case RAPTOR_TERM_TYPE_BLANK:
    out->kind = NG_TERM_BLANK;
    out->v = (const char *)t->value.blank.string;
    out->len = t->value.blank.string_len;
    break;
  case RAPTOR_TERM_TYPE_LITERAL:
    out->kind = NG_TERM_LITERAL;
    out->v = (const char *)t->value.literal.string;
    out->len = t->value.literal.string_len;
    if (t->value.literal.language && t->value.literal.language_len) {
      out->lang = (const char *)t->value.literal.language;
      out->lang_len = t->value.literal.language_len;
    } else if (t->value.literal.datatype) {
      out->dt = (const char *)raptor_uri_as_counted_string(
          t->value.literal.datatype, &out->dt_len);
    }
    break;
  case RAPTOR_TERM_TYPE_UNKNOWN:
  default:
    out->kind = NG_TERM_LITERAL;
    out->v = NULL; /* refused by add_term */
    break;
  }
  if (!out->v) {
    out->v = "";
    out->len = 0;
    if (t->type != RAPTOR_TERM_TYPE_LITERAL)
      out->kind = NG_TERM_IRI; /* empty: refused */
  }
}

static void load_statement(v_load *ld, raptor_statement *st) {
  v_term t[3];
  raptor_to_v(st->subject, &t[0]);
  raptor_to_v(st->predicate, &t[1]);
  raptor_to_v(st->object, &t[2]);
  ng_status rc = load_quad(ld, &t[0], &t[1], &t[2]);
  if (rc)
    load_fail(ld, rc);
}

static void on_quad(void *user_data, raptor_statement *st) {
  v_load *ld = user_data;
  if (ld->st)
    return;
  if (!st->graph || st->graph->type != RAPTOR_TERM_TYPE_URI) {
    ng_log(ld->s->world, NG_LOG_ERROR, NG_ERR_INPUT, "store", load_line(ld), 0,
           "%s outside any named graph: every triple of a newsgraph store "
           "belongs to its article's graph",
           st->graph ? "a statement in a blank-node graph is" : "a triple is");
    load_fail(ld, NG_ERR_INPUT);
    return;
  }
  size_t len;
  const char *g =
      (const char *)raptor_uri_as_counted_string(st->graph->value.uri, &len);
  ng_status rc = load_graph(ld, g, len);
  if (rc)
    load_fail(ld, rc);
  else
    load_statement(ld, st);
}

static void on_triple(void *user_data, raptor_statement *st) {
  v_load *ld = user_data;
  if (!ld->st)
    load_statement(ld, st);
}

/* Parses FP (from the start) with HANDLER. */
static ng_status parse_pass(v_load *ld, raptor_world *rw, const char *name,
                            FILE *fp, const char *path,
                            raptor_statement_handler fn, void *ud) {
  raptor_parser *p = ng_rdf_new_parser(rw, name);
  if (!p)
    return NG_ERR_NOMEM;
  raptor_uri *base = ng_rdf_file_base(rw, path);
  if (!base) {
    raptor_free_parser(p);
    return NG_ERR_NOMEM;
  }
  ld->parser = p;
  ld->rdf_errors = 0;
  raptor_parser_set_statement_handler(p, ud, fn);
  int rc = raptor_parser_parse_file_stream(p, fp, path, base);
  ld->parser = NULL;
  raptor_free_uri(base);
  raptor_free_parser(p);
  if (ld->st)
    return ld->st;
  return rc || ld->rdf_errors ? NG_ERR_RDF : NG_OK;
}

/* Parses PATH into LD's files. */
static ng_status load_parse(v_load *ld, const char *path, const char *name,
                            FILE *fp) {
  ng_store *s = ld->s;
  raptor_world *rw = raptor_new_world();
  if (!rw || raptor_world_open(rw)) {
    raptor_free_world(rw);
    return NG_ERR_NOMEM;
  }
  raptor_world_set_log_handler(rw, ld, rdf_log);
  ng_status st;
  ng_article_scan sc = {NULL, 0, 0, 0};
  if (!strcmp(name, "nquads")) {
    st = parse_pass(ld, rw, name, fp, path, on_quad, ld);
  } else {
    /* no graph names: the file holds one article, whose graph it is */
    st = parse_pass(ld, rw, name, fp, path, ng_article_scan_statement, &sc);
    if (!st && sc.nomem)
      st = NG_ERR_NOMEM;
    if (!st && (sc.n != 1 || sc.blank)) {
      ng_virtuoso_log(
          s, NG_LOG_ERROR, NG_ERR_INPUT,
          sc.n > 1 ? "%s holds several articles and has no graph names; "
                     "extract with --format nquads to load them"
                   : "%s has no article (no IRI typed ng:Article), so its "
                     "graph is unknown; extract with --format nquads to "
                     "load it",
          path);
      st = NG_ERR_INPUT;
    }
    if (!st && fseek(fp, 0, SEEK_SET)) {
      ng_virtuoso_log(s, NG_LOG_ERROR, NG_ERR_IO,
                      "%s cannot be read twice (%s); a triples file must be a "
                      "regular file",
                      path, strerror(errno));
      st = NG_ERR_IO;
    }
    if (!st)
      st = load_graph(ld, sc.first, strlen(sc.first));
    if (!st)
      st = parse_pass(ld, rw, name, fp, path, on_triple, ld);
  }
  if (!st && ferror(fp)) {
    ng_virtuoso_log(s, NG_LOG_ERROR, NG_ERR_IO, "error reading %s", path);
    st = NG_ERR_IO;
  }
  free(sc.first);
  raptor_free_world(rw);
  return st;
}

ng_status ng_virtuoso_load_file(ng_store *s, const char *path,
                                const char *syntax, size_t *n_articles,
                                size_t *n_triples) {
  if (s->flags & NG_STORE_READONLY) {
    ng_virtuoso_log(s, NG_LOG_ERROR, NG_ERR_ARG,
                    "store %s was opened read-only", s->spec);
    return NG_ERR_ARG;
  }
  const char *name = NULL;
  FILE *fp = NULL;
  ng_status pst = ng_rdf_open(s, path, syntax, &name, &fp);
  if (pst)
    return pst;
  v_load *ld;
  ng_status st = load_new(s, &ld);
  if (!st) {
    st = load_parse(ld, path, name, fp);
    if (st)
      ng_virtuoso_log(s, NG_LOG_ERROR, st,
                      "%s was not loaded; the Virtuoso store is unchanged",
                      path);
  }
  fclose(fp);
  if (st) {
    load_free(ld, 1);
    return st;
  }
  size_t na = ld->n_graphs, nt = ld->n_quads;
  st = load_run_and_free(s, ld);
  if (!st && n_articles)
    *n_articles = na;
  if (!st && n_triples)
    *n_triples = nt;
  return st;
}

/* ------------------------------------------------------------------ */
/* ng_store_add_doc: articles gathered, loaded together                */
/* ------------------------------------------------------------------ */

static void ng_to_v(const ng_term *t, v_term *out) {
  memset(out, 0, sizeof *out);
  out->kind = t->kind;
  out->v = t->value ? t->value : "";
  out->len = t->value ? t->len : 0;
  if (t->kind == NG_TERM_LITERAL) {
    if (t->lang && *t->lang) {
      out->lang = t->lang;
      out->lang_len = strlen(t->lang);
    } else if (t->datatype) {
      out->dt = t->datatype;
      out->dt_len = strlen(t->datatype);
    }
  }
}

static ng_status on_doc_triple(void *user_data, const ng_term *sub,
                               const ng_term *pred, const ng_term *obj,
                               const ng_term *graph) {
  v_load *ld = user_data;
  v_term t[3];
  (void)graph; /* the doc's graph, set by the caller */
  ng_to_v(sub, &t[0]);
  ng_to_v(pred, &t[1]);
  ng_to_v(obj, &t[2]);
  return load_quad(ld, &t[0], &t[1], &t[2]);
}

/* Loads the articles ng_virtuoso_add_doc() gathered. */
static ng_status flush_pending(ng_store *s) {
  v_load *ld = s->virt->pending;
  s->virt->pending = NULL;
  return ld ? load_run_and_free(s, ld) : NG_OK;
}

ng_status ng_virtuoso_add_doc(ng_store *s, const ng_doc *doc) {
  ng_virtuoso *v = s->virt;
  const char *iri = ng_doc_iri(doc);
  if (!iri || !*iri)
    return NG_ERR_ARG;
  if (s->flags & NG_STORE_READONLY) {
    ng_virtuoso_log(s, NG_LOG_ERROR, NG_ERR_ARG,
                    "store %s was opened read-only", s->spec);
    return NG_ERR_ARG;
  }
  ng_status st = NG_OK;
  size_t n = strlen(iri);
  /* the same article twice: its first version must be loaded (and so
   * replaced) before the second one is written */
  if (v->pending && ng_map_get(&v->pending->graphs, iri, n))
    st = flush_pending(s);
  if (!st && !v->pending)
    st = load_new(s, &v->pending);
  if (st)
    return st;
  v_load *ld = v->pending;
  size_t quads = ld->n_quads;
  st = load_graph(ld, iri, n);
  if (!st)
    st = ng_doc_emit(s->world, doc, on_doc_triple, ld);
  if (st) {
    /* half an article may be in the files: drop what was gathered */
    ng_virtuoso_log(
        s, NG_LOG_ERROR, st,
        "the article <%s> could not be stored; %zu quads of the articles "
        "gathered before it were dropped too",
        iri, quads);
    v->pending = NULL;
    load_free(ld, 1);
    return st;
  }
  if (ld->n_quads >= V_PENDING_QUADS)
    st = flush_pending(s);
  return st;
}

/* ------------------------------------------------------------------ */
/* Open and close                                                      */
/* ------------------------------------------------------------------ */

/* Writers to one load directory take turns: two loads replacing the same
 * article at once would leave both versions in its graph.  The kernel
 * drops the lock when its holder dies. */
static ng_status lock_dir(ng_store *s) {
  ng_virtuoso *v = s->virt;
  char path[1200];
  snprintf(path, sizeof path, "%s/newsgraph-virtuoso.lock", v->dir);
  int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    ng_virtuoso_log(s, NG_LOG_ERROR, NG_ERR_STORE, "cannot open %s: %s", path,
                    strerror(errno));
    return NG_ERR_STORE;
  }
  if (flock(fd, LOCK_EX | LOCK_NB)) {
    int e = errno;
    close(fd);
    if (e == EWOULDBLOCK) {
      ng_virtuoso_log(s, NG_LOG_ERROR, NG_ERR_LOCKED,
                      "another process is loading into Virtuoso through "
                      "%s; try again when it has finished",
                      v->dir);
      return NG_ERR_LOCKED;
    }
    ng_virtuoso_log(s, NG_LOG_ERROR, NG_ERR_STORE, "cannot lock %s: %s", path,
                    strerror(e));
    return NG_ERR_STORE;
  }
  v->lock_fd = fd;
  return NG_OK;
}

/* 1 when NAME is one of the names load_new() makes:
 * ng-PID-HEX-SEQ.graphs or ng-PID-HEX-SEQ-K.nq. */
static int is_load_file(const char *name) {
  const char *p = name;
  if (strncmp(p, "ng-", 3))
    return 0;
  p += 3;
  for (int part = 0; part < 3; part++) {
    size_t n = strspn(p, part == 1 ? "0123456789abcdef" : "0123456789");
    if (!n)
      return 0;
    p += n;
    if (part < 2 && *p++ != '-')
      return 0;
  }
  if (!strcmp(p, ".graphs"))
    return 1;
  if (*p++ != '-' || !strspn(p, "0123456789"))
    return 0;
  p += strspn(p, "0123456789");
  return !strcmp(p, ".nq");
}

/* Removes what killed loads left in the load directory (the lock is
 * held, so no load of ours is running there): their files, and their rows
 * in the bulk loader's list (SQL below). */
static void remove_leftovers(ng_store *s) {
  DIR *d = opendir(s->virt->dir);
  if (!d)
    return;
  struct dirent *e;
  while ((e = readdir(d))) {
    if (!is_load_file(e->d_name))
      continue;
    char path[1400];
    snprintf(path, sizeof path, "%s/%s", s->virt->dir, e->d_name);
    if (!unlink(path))
      ng_virtuoso_log(s, NG_LOG_INFO, NG_OK,
                      "removed %s, left by a load that was killed", path);
  }
  closedir(d);
}

/* Writable opens: the password, the load directory and its lock, the
 * login, and the procedures loads call. */
static ng_status open_for_writing(ng_store *s, const char *password_env,
                                  const char *password_file) {
  ng_virtuoso *v = s->virt;
  ng_status st = read_password(s, password_env, password_file);
  if (st)
    return st;
  ng_buf script, out;
  ng_buf_init(&script, 0);
  ng_buf_init(&out, 0);
  st = ng_buf_adds(&script, clear_procedure);
  if (v->dir) {
    struct stat sb;
    errno = 0;
    if (stat(v->dir, &sb) || !S_ISDIR(sb.st_mode) ||
        access(v->dir, W_OK | X_OK)) {
      if (!errno)
        errno = ENOTDIR;
      ng_virtuoso_log(s, NG_LOG_ERROR, NG_ERR_STORE,
                      "the load directory dir=%s is not a directory "
                      "newsgraph can write: %s",
                      v->dir, strerror(errno));
      st = NG_ERR_STORE;
    }
    if (!st)
      st = lock_dir(s);
    if (!st) {
      remove_leftovers(s);
      /* rows of files that are gone: killed loads' */
      st = ng_buf_printf(
          &script,
          "delete from DB.DBA.LOAD_LIST where LL_FILE like "
          "'%s/ng-%%' and file_stat (LL_FILE, 1) = 0;\n" STOP_ON_ERROR,
          v->dir);
    }
  }
  if (!st)
    st = isql_do(s, "preparing Virtuoso for loads", script.s, &out);
  ng_buf_free(&script);
  ng_buf_free(&out);
  return st;
}

ng_status ng_virtuoso_open(ng_store *s, const char *options) {
  ng_virtuoso *v = calloc(1, sizeof *v);
  if (!v)
    return NG_ERR_NOMEM;
  s->virt = v;
  snprintf(v->host, sizeof v->host, "%s", V_DEFAULT_HOST);
  v->port = V_DEFAULT_PORT;
  v->http = V_DEFAULT_HTTP;
  v->loaders = V_DEFAULT_LOADERS;
  v->timeout = V_DEFAULT_TIMEOUT;
  v->lock_fd = -1;
  v->set_semantics = 1;
  const char *password_env = V_DEFAULT_PASSWORD_ENV, *password_file = NULL;
  char *copy = malloc(strlen(options) + 1);
  if (!copy)
    return NG_ERR_NOMEM;
  ng_status st = parse_options(s, options, &password_env, &password_file, copy);
  if (!st && !v->user && !(v->user = ng_strdup(V_DEFAULT_USER)))
    st = NG_ERR_NOMEM;
  if (!st && !v->isql && !(v->isql = ng_strdup(V_DEFAULT_ISQL)))
    st = NG_ERR_NOMEM;
  if (!st && !v->graphs) {
    const char *base =
        s->world->base_iri ? s->world->base_iri : NG_DEFAULT_BASE;
    if (!(v->graphs = ng_strdup(base)))
      st = NG_ERR_NOMEM;
  }
  if (!st)
    st = ng_virtuoso_ping(s); /* the server answers */
  if (!st && !(s->flags & NG_STORE_READONLY))
    st = open_for_writing(s, password_env, password_file);
  if (copy)
    explicit_bzero(copy, strlen(options));
  free(copy);
  return st;
}

void ng_virtuoso_close(ng_store *s) {
  ng_virtuoso *v = s->virt;
  if (!v)
    return;
  if (v->pending && flush_pending(s))
    ng_virtuoso_log(s, NG_LOG_ERROR, NG_ERR_STORE,
                    "the last articles added to %s were not loaded", s->spec);
  if (v->password) {
    explicit_bzero(v->password, strlen(v->password));
    free(v->password);
  }
  free(v->user);
  free(v->dir);
  free(v->graphs);
  free(v->isql);
  if (v->lock_fd >= 0)
    close(v->lock_fd); /* releases the lock */
  free(v);
  s->virt = NULL;
}
