/* store_virtuoso_sparql.c - queries on a Virtuoso store: its SPARQL
 * endpoint over HTTP, the results read a binding at a time, and what
 * Virtuoso 7.2.5 needs done to a query first.
 *
 * A query goes to http://HOST:HTTP/sparql (POST, 127.0.0.1 or another
 * loopback address only: plain HTTP), checked only for its form (SELECT,
 * ASK, CONSTRUCT, DESCRIBE: no updates, no Virtuoso "define" pragmas).
 * Solutions come back as SPARQL results JSON, triples as N-Triples
 * (Virtuoso's JSON for triples writes numbers as JSON numbers), and both
 * are written by query.c's writers, so every results format reads as with
 * the embedded store.  Virtuoso answers the whole of SPARQL 1.1 without
 * the rewrites and refusals rasqal needs.  Its default graph is the union
 * of all its graphs, its own (virtrdf:...) included.
 *
 * A result Virtuoso cut (ResultSetMaxRows, MaxQueryExecutionTime: the
 * headers X-SPARQL-MaxRows, X-SQL-State) is an error, never a silent
 * truncation.  Answers are limited to 1 GiB.  Measured on 1M quads:
 * Virtuoso's JSON writer takes most of the time of large results (who-
 * did-what, 143k rows: 7.6 s to evaluate, ~14 s to write as JSON); its
 * TSV is faster but loses term types, so JSON it is.
 *
 * Known Virtuoso 7.2.5 faults, not worked around: MAX and MIN of string
 * literals from several loads give a wrong value (or none); the bundled
 * queries only take MAX over groups with one value, where it is right.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <jansson.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "sparql/sparql.h"
#include "store_internal.h"

#define V_MAX_RESPONSE ((size_t)1 << 30)

/* ------------------------------------------------------------------ */
/* HTTP: the SPARQL endpoint                                           */
/* ------------------------------------------------------------------ */

typedef struct http_answer {
  int status;
  ng_buf body;
  char content_type[128];
  char max_rows[32];  /* X-SPARQL-MaxRows: Virtuoso cut the results */
  char sql_state[32]; /* X-SQL-State: partial ("anytime") results */
  char sql_message[256];
} http_answer;

/* Waits until FD is ready for EVENTS; 0, or -1 with errno (ETIMEDOUT). */
static int wait_fd(int fd, short events, double deadline) {
  for (;;) {
    double left = deadline - ng_store_seconds();
    if (left <= 0) {
      errno = ETIMEDOUT;
      return -1;
    }
    struct pollfd pf = {fd, events, 0};
    int r = poll(&pf, 1, (int)(left * 1000) + 1);
    if (r > 0)
      return 0;
    if (r < 0 && errno != EINTR)
      return -1;
  }
}

static int http_connect(ng_virtuoso *v, double deadline) {
  struct sockaddr_storage sa;
  socklen_t len;
  memset(&sa, 0, sizeof sa);
  struct sockaddr_in *a4 = (struct sockaddr_in *)&sa;
  struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&sa;
  if (inet_pton(AF_INET, v->host, &a4->sin_addr) == 1) {
    a4->sin_family = AF_INET;
    a4->sin_port = htons((uint16_t)v->http);
    len = sizeof *a4;
  } else if (inet_pton(AF_INET6, v->host, &a6->sin6_addr) == 1) {
    a6->sin6_family = AF_INET6;
    a6->sin6_port = htons((uint16_t)v->http);
    len = sizeof *a6;
  } else {
    errno = EINVAL;
    return -1;
  }
  int fd = socket(sa.ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0)
    return -1;
  if (connect(fd, (struct sockaddr *)&sa, len) == 0)
    return fd;
  if (errno == EINPROGRESS && wait_fd(fd, POLLOUT, deadline) == 0) {
    int err = 0;
    socklen_t el = sizeof err;
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &el) == 0 && !err)
      return fd;
    errno = err ? err : EIO;
  }
  int e = errno;
  close(fd);
  errno = e;
  return -1;
}

/* application/x-www-form-urlencoded */
static ng_status add_form_value(ng_buf *b, const char *s) {
  ng_status st = NG_OK;
  for (; *s && !st; s++) {
    unsigned char c = (unsigned char)*s;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
        (c >= '0' && c <= '9') || strchr("-._~", c))
      st = ng_buf_addc(b, (char)c);
    else
      st = ng_buf_printf(b, "%%%02X", c);
  }
  return st;
}

/* Copies header NAME's value (case-insensitive name) from the header
 * block H into OUT. */
static void header_value(const char *h, const char *name, char *out,
                         size_t outsz) {
  size_t nl = strlen(name);
  out[0] = '\0';
  for (const char *p = h; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : p) {
    if (!strncasecmp(p, name, nl) && p[nl] == ':') {
      const char *v = p + nl + 1;
      while (*v == ' ' || *v == '\t')
        v++;
      size_t n = strcspn(v, "\r\n");
      if (n >= outsz)
        n = outsz - 1;
      memcpy(out, v, n);
      out[n] = '\0';
      return;
    }
  }
}

/* Decodes the chunked body in RAW[*POS..LEN) into BODY as far as it is
 * there.  1 when the last chunk was read, 0 when more is needed, -1 on a
 * malformed chunk (errno EPROTO) or no memory. */
static int dechunk(const char *raw, size_t len, size_t *pos, ng_buf *body) {
  for (;;) {
    const char *line = raw + *pos;
    const char *eol = memchr(line, '\n', len - *pos);
    if (!eol)
      return 0;
    char *end;
    errno = 0;
    unsigned long long size = strtoull(line, &end, 16);
    if (end == line || errno) {
      errno = EPROTO;
      return -1;
    }
    size_t data = (size_t)(eol + 1 - raw);
    if (size == 0)
      return 1; /* trailers are not read */
    if (size > V_MAX_RESPONSE || body->len + size > V_MAX_RESPONSE) {
      errno = EFBIG;
      return -1;
    }
    if (len - data < size + 2)
      return 0;
    if (ng_buf_add(body, raw + data, (size_t)size)) {
      errno = ENOMEM;
      return -1;
    }
    *pos = data + (size_t)size + 2;
  }
}

/* POSTs BODY (a form) to the endpoint and reads the answer into A. */
static ng_status http_post(ng_store *s, const ng_buf *form, const char *accept,
                           http_answer *a) {
  ng_virtuoso *v = s->virt;
  double deadline = ng_store_seconds() + v->timeout;
  ng_buf req, raw;
  ng_buf_init(&req, 0);
  ng_buf_init(&raw, 0);
  int fd = -1;
  const char *why = NULL;
  ng_status st = ng_buf_printf(
      &req,
      "POST /sparql HTTP/1.1\r\nHost: %s%s%s:%d\r\n"
      "User-Agent: newsgraph\r\n"
      "Accept: %s\r\n"
      "Content-Type: application/x-www-form-urlencoded\r\n"
      "Content-Length: %zu\r\nConnection: close\r\n\r\n",
      strchr(v->host, ':') ? "[" : "", v->host, strchr(v->host, ':') ? "]" : "",
      v->http, accept, form->len);
  if (!st)
    st = ng_buf_add(&req, form->s, form->len);
  if (st)
    goto done;
  fd = http_connect(v, deadline);
  if (fd < 0) {
    why = "connect";
    goto io;
  }
  for (size_t sent = 0; sent < req.len;) {
    ssize_t w = send(fd, req.s + sent, req.len - sent, MSG_NOSIGNAL);
    if (w > 0) {
      sent += (size_t)w;
    } else if (w < 0 && (errno == EAGAIN || errno == EINTR)) {
      if (wait_fd(fd, POLLOUT, deadline)) {
        why = "send";
        goto io;
      }
    } else {
      why = "send";
      goto io;
    }
  }

  /* the answer: headers, then a body by length, by chunks or to EOF */
  size_t head_end = 0, pos = 0;
  long long clen = -1;
  int chunked = 0, complete = 0;
  char buf[65536];
  while (!complete) {
    ssize_t r = recv(fd, buf, sizeof buf, 0);
    if (r < 0 && (errno == EAGAIN || errno == EINTR)) {
      if (wait_fd(fd, POLLIN, deadline)) {
        why = "read the answer";
        goto io;
      }
      continue;
    }
    if (r < 0) {
      why = "read the answer";
      goto io;
    }
    if (r == 0)
      break;
    if (raw.len + (size_t)r > V_MAX_RESPONSE + 65536) {
      errno = EFBIG;
      why = "read the answer";
      goto io;
    }
    if ((st = ng_buf_add(&raw, buf, (size_t)r)))
      goto done;
    if (!head_end) {
      char *e = raw.len >= 4 ? strstr(raw.s, "\r\n\r\n") : NULL;
      if (!e) {
        if (raw.len > 65536) {
          errno = EPROTO;
          why = "read the answer's headers";
          goto io;
        }
        continue;
      }
      head_end = (size_t)(e - raw.s) + 4;
      *e = '\0'; /* the header block becomes a string */
      if (sscanf(raw.s, "HTTP/%*d.%*d %d", &a->status) != 1) {
        errno = EPROTO;
        why = "read the answer's status";
        goto io;
      }
      char te[64], cl[32];
      header_value(raw.s, "Transfer-Encoding", te, sizeof te);
      header_value(raw.s, "Content-Length", cl, sizeof cl);
      header_value(raw.s, "Content-Type", a->content_type,
                   sizeof a->content_type);
      header_value(raw.s, "X-SPARQL-MaxRows", a->max_rows, sizeof a->max_rows);
      header_value(raw.s, "X-SQL-State", a->sql_state, sizeof a->sql_state);
      header_value(raw.s, "X-SQL-Message", a->sql_message,
                   sizeof a->sql_message);
      chunked = strstr(te, "chunked") != NULL;
      if (!chunked && cl[0])
        clen = strtoll(cl, NULL, 10);
      if (clen > (long long)V_MAX_RESPONSE) {
        errno = EFBIG;
        why = "read the answer";
        goto io;
      }
      pos = head_end;
    }
    if (chunked) {
      int d = dechunk(raw.s, raw.len, &pos, &a->body);
      if (d < 0) {
        why = "read the answer";
        goto io;
      }
      complete = d;
      /* drop what was decoded: the raw buffer holds one chunk at most */
      if (pos > head_end && pos > 65536) {
        memmove(raw.s + head_end, raw.s + pos, raw.len - pos);
        raw.len -= pos - head_end;
        raw.s[raw.len] = '\0';
        pos = head_end;
      }
    } else if (clen >= 0) {
      complete = raw.len - head_end >= (size_t)clen;
    }
  }
  if (!head_end || (chunked && !complete) ||
      (clen >= 0 && raw.len - head_end < (size_t)clen)) {
    errno = EPROTO;
    why = "read the whole answer";
    goto io;
  }
  if (!chunked) {
    size_t n = clen >= 0 ? (size_t)clen : raw.len - head_end;
    if (n > V_MAX_RESPONSE) {
      errno = EFBIG;
      why = "read the answer";
      goto io;
    }
    st = ng_buf_add(&a->body, raw.s + head_end, n);
  }
  if (!st && !a->body.s)
    st = ng_buf_adds(&a->body, "");
  goto done;
io:
  if (errno == EFBIG) {
    ng_virtuoso_log(
        s, NG_LOG_ERROR, NG_ERR_LIMIT,
        "Virtuoso's answer is over %zu MiB; narrow the query (LIMIT)",
        V_MAX_RESPONSE >> 20);
    st = NG_ERR_LIMIT;
  } else if (errno == ECONNREFUSED || errno == ENETUNREACH ||
             (errno == ETIMEDOUT && !strcmp(why, "connect"))) {
    ng_virtuoso_log(
        s, NG_LOG_ERROR, NG_ERR_STORE,
        "Virtuoso does not answer at http://%s%s%s:%d/sparql (%s): start "
        "it (Debian: service virtuoso-opensource-7 start; or virtuoso-t "
        "+configfile virtuoso.ini; tests/virtuoso-ci.sh runs a private "
        "one), or give its HTTP port with http=PORT in the store spec",
        strchr(v->host, ':') ? "[" : "", v->host,
        strchr(v->host, ':') ? "]" : "", v->http, strerror(errno));
    st = NG_ERR_STORE;
  } else {
    ng_virtuoso_log(
        s, NG_LOG_ERROR, NG_ERR_STORE, "cannot %s of Virtuoso at %s:%d: %s%s",
        why, v->host, v->http, strerror(errno),
        errno == ETIMEDOUT ? " (raise timeout= in the store spec)" : "");
    st = NG_ERR_STORE;
  }
done:
  if (fd >= 0)
    close(fd);
  ng_buf_free(&req);
  ng_buf_free(&raw);
  return st;
}

/* ------------------------------------------------------------------ */
/* SPARQL results JSON, a binding at a time                            */
/* ------------------------------------------------------------------ */

/* jansson reads each binding on its own: the whole document as one tree
 * would take ~10 times its size. */

static const char *skip_ws(const char *p, const char *end) {
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
    p++;
  return p;
}

/* The end of the JSON value at P, or NULL when the text ends first. */
static const char *skip_value(const char *p, const char *end) {
  p = skip_ws(p, end);
  if (p >= end)
    return NULL;
  if (*p != '"' && *p != '{' && *p != '[') {
    while (p < end && !strchr(",}] \t\r\n", *p))
      p++;
    return p;
  }
  size_t depth = 0;
  while (p < end) {
    char c = *p++;
    if (c == '"') {
      while (p < end && *p != '"')
        p += *p == '\\' ? 2 : 1;
      if (p >= end)
        return NULL;
      p++;
    } else if (c == '{' || c == '[') {
      depth++;
    } else if (c == '}' || c == ']') {
      if (!depth)
        return NULL;
      depth--;
    }
    if (!depth)
      return p;
  }
  return NULL;
}

typedef ng_status (*member_fn)(void *ud, const char *key, size_t key_len,
                               const char *v, const char *v_end);
typedef ng_status (*element_fn)(void *ud, const char *v, const char *v_end);

/* Calls FN for each member of the object at [P, END). */
static ng_status each_member(const char *p, const char *end, member_fn fn,
                             void *ud) {
  p = skip_ws(p, end);
  if (p >= end || *p != '{')
    return NG_ERR_STORE;
  p = skip_ws(p + 1, end);
  if (p < end && *p == '}')
    return NG_OK;
  while (p < end) {
    if (*p != '"')
      return NG_ERR_STORE;
    const char *k = p + 1, *ke = skip_value(p, end);
    if (!ke)
      return NG_ERR_STORE;
    p = skip_ws(ke, end);
    if (p >= end || *p != ':')
      return NG_ERR_STORE;
    const char *vb = skip_ws(p + 1, end), *ve = skip_value(vb, end);
    if (!ve)
      return NG_ERR_STORE;
    ng_status st = fn(ud, k, (size_t)(ke - 1 - k), vb, ve);
    if (st)
      return st;
    p = skip_ws(ve, end);
    if (p < end && *p == '}')
      return NG_OK;
    if (p >= end || *p != ',')
      return NG_ERR_STORE;
    p = skip_ws(p + 1, end);
  }
  return NG_ERR_STORE;
}

/* Calls FN for each element of the array at [P, END). */
static ng_status each_element(const char *p, const char *end, element_fn fn,
                              void *ud) {
  p = skip_ws(p, end);
  if (p >= end || *p != '[')
    return NG_ERR_STORE;
  p = skip_ws(p + 1, end);
  if (p < end && *p == ']')
    return NG_OK;
  while (p < end) {
    const char *ve = skip_value(p, end);
    if (!ve)
      return NG_ERR_STORE;
    ng_status st = fn(ud, p, ve);
    if (st)
      return st;
    p = skip_ws(ve, end);
    if (p < end && *p == ']')
      return NG_OK;
    if (p >= end || *p != ',')
      return NG_ERR_STORE;
    p = skip_ws(p + 1, end);
  }
  return NG_ERR_STORE;
}

/* Where results go: HEAD once with the variables (not for ASK), ROW for
 * each solution (VALS[i] the value of NAMES[i], NULL when unbound), END
 * after the last one, while NAMES still live. */
typedef struct results_sink {
  ng_status (*head)(void *ud, char **names, size_t nv);
  ng_status (*row)(void *ud, ng_rterm *const *vals);
  ng_status (*end)(void *ud);
  void *ud;
} results_sink;

typedef struct results_reader {
  ng_store *s;
  char **names;
  size_t nv;
  int have_head, is_boolean, boolean;
  ng_rterm *terms;
  ng_rterm **vals;
  char (*num)[40]; /* numbers Virtuoso wrote as JSON numbers */
  const results_sink *sink;
  size_t rows;
} results_reader;

static ng_status read_head(results_reader *rr, const char *v, const char *ve) {
  json_error_t err;
  json_t *head = json_loadb(v, (size_t)(ve - v), 0, &err);
  json_t *vars = json_object_get(head, "vars");
  ng_status st = NG_OK;
  if (json_is_array(vars)) {
    size_t n = json_array_size(vars);
    rr->names = calloc(n ? n : 1, sizeof *rr->names);
    rr->terms = calloc(n ? n : 1, sizeof *rr->terms);
    rr->vals = calloc(n ? n : 1, sizeof *rr->vals);
    rr->num = calloc(n ? n : 1, sizeof *rr->num);
    if (!rr->names || !rr->terms || !rr->vals || !rr->num)
      st = NG_ERR_NOMEM;
    for (size_t i = 0; i < n && !st; i++) {
      const char *name = json_string_value(json_array_get(vars, i));
      if (!name)
        st = NG_ERR_STORE;
      else if (!(rr->names[i] = ng_strdup(name)))
        st = NG_ERR_NOMEM;
      else
        rr->nv++;
    }
  } else if (!head) {
    st = NG_ERR_STORE;
  }
  json_decref(head);
  rr->have_head = 1;
  return st;
}

/* One binding {"type": ..., "value": ...} into T (pointing into J, or
 * into NUM for a value Virtuoso wrote as a JSON number). */
static int read_term(json_t *j, ng_rterm *t, char num[40]) {
  const char *type = json_string_value(json_object_get(j, "type"));
  json_t *value = json_object_get(j, "value");
  memset(t, 0, sizeof *t);
  if (!type)
    return -1;
  if (json_is_string(value)) {
    t->v = json_string_value(value);
    t->len = json_string_length(value);
  } else if (json_is_integer(value)) {
    t->len = (size_t)snprintf(num, 40, "%" JSON_INTEGER_FORMAT,
                              json_integer_value(value));
    t->v = num;
  } else if (json_is_real(value)) {
    t->len = (size_t)snprintf(num, 40, "%.17g", json_real_value(value));
    t->v = num;
  } else {
    return -1;
  }
  if (!strcmp(type, "uri")) {
    t->type = LIBRDF_NODE_TYPE_RESOURCE;
  } else if (!strcmp(type, "bnode")) {
    t->type = LIBRDF_NODE_TYPE_BLANK;
    if (t->len > 2 && !strncmp(t->v, "_:", 2)) {
      t->v += 2;
      t->len -= 2;
    } else if (t->len > 9 && !strncmp(t->v, "nodeID://", 9)) {
      t->v += 9;
      t->len -= 9;
    }
  } else if (!strcmp(type, "literal") || !strcmp(type, "typed-literal")) {
    t->type = LIBRDF_NODE_TYPE_LITERAL;
    t->lang = json_string_value(json_object_get(j, "xml:lang"));
    t->dt = json_string_value(json_object_get(j, "datatype"));
    if (t->lang && !*t->lang)
      t->lang = NULL;
    if (t->lang)
      t->dt = NULL;
  } else {
    return -1;
  }
  return 0;
}

static ng_status read_binding(void *ud, const char *v, const char *ve) {
  results_reader *rr = ud;
  json_error_t err;
  json_t *row = json_loadb(v, (size_t)(ve - v), 0, &err);
  if (!json_is_object(row)) {
    json_decref(row);
    ng_virtuoso_log(rr->s, NG_LOG_ERROR, NG_ERR_STORE,
                    "Virtuoso sent a result row that is not JSON: %s",
                    err.text);
    return NG_ERR_STORE;
  }
  ng_status st = NG_OK;
  for (size_t i = 0; i < rr->nv && !st; i++) {
    json_t *b = json_object_get(row, rr->names[i]);
    rr->vals[i] = NULL;
    if (!b)
      continue;
    if (read_term(b, &rr->terms[i], rr->num[i])) {
      ng_virtuoso_log(rr->s, NG_LOG_ERROR, NG_ERR_STORE,
                      "Virtuoso sent a value of ?%s of an unknown form",
                      rr->names[i]);
      st = NG_ERR_STORE;
    } else {
      rr->vals[i] = &rr->terms[i];
    }
  }
  if (!st)
    st = rr->sink->row(rr->sink->ud, rr->vals);
  rr->rows++;
  json_decref(row);
  return st;
}

static ng_status read_results_member(void *ud, const char *k, size_t kl,
                                     const char *v, const char *ve) {
  if (kl == 8 && !memcmp(k, "bindings", 8))
    return each_element(v, ve, read_binding, ud);
  return NG_OK;
}

/* The first reading: the head and the boolean, wherever they are. */
static ng_status read_head_member(void *ud, const char *k, size_t kl,
                                  const char *v, const char *ve) {
  results_reader *rr = ud;
  if (kl == 4 && !memcmp(k, "head", 4) && !rr->have_head)
    return read_head(rr, v, ve);
  if (kl == 7 && !memcmp(k, "boolean", 7)) {
    rr->is_boolean = 1;
    rr->boolean = ve - v == 4 && !memcmp(v, "true", 4);
  }
  return NG_OK;
}

/* The second reading: the solutions. */
static ng_status read_results(void *ud, const char *k, size_t kl, const char *v,
                              const char *ve) {
  if (kl == 7 && !memcmp(k, "results", 7))
    return each_member(v, ve, read_results_member, ud);
  return NG_OK;
}

static void reader_free(results_reader *rr) {
  for (size_t i = 0; i < rr->nv; i++)
    free(rr->names[i]);
  free(rr->names);
  free(rr->terms);
  free(rr->vals);
  free(rr->num);
}

/* ------------------------------------------------------------------ */
/* Queries                                                             */
/* ------------------------------------------------------------------ */

/* ORDER BY.  Virtuoso 7.2.5 refuses an ORDER BY expression over a SELECT
 * alias of an aggregate ("ORDER BY COALESCE(?label, "")" after
 * "(MAX(?l) AS ?label)": SP031, "used in the result set outside
 * aggregate"), which SPARQL 1.1 allows and every bundled query does; and
 * it sorts strings longer than 20 bytes, and the values aggregates give,
 * by an internal id after their first bytes, not by value.  So a SELECT
 * with an ORDER BY is run as
 *   SELECT names [FROM ...] WHERE { { SELECT projection keys WHERE {...}
 *     GROUP BY ... HAVING ... } }
 *   ORDER BY kind(cond1) value(cond1) ... LIMIT ... OFFSET ...
 * where KEYS are the variables the ORDER BY names that the projection
 * lacks (GROUP BY keys such as ?k) and kind() and value() are the sort
 * keys of add_sort_keys().  Same solutions, same order as SPARQL (and the
 * embedded store) give.  A query whose ORDER BY holds an aggregate is
 * left alone. */

typedef enum vtok_kind {
  VT_WORD,
  VT_VAR,
  VT_IRI,
  VT_STRING,
  VT_OPEN,
  VT_CLOSE,
  VT_OTHER
} vtok_kind;

typedef struct vtok {
  vtok_kind kind;
  size_t b, e;
} vtok;

/* The tokens of Q the rewrites look at, from our lexer's reading of it
 * (sparql/lex.c, the one reading of a query for every path): a number,
 * a blank node label and a prefixed name are words; "@en" is '@' and a
 * word, "^^" two '^', "( )" and "[ ]" a bracket pair.  NG_ERR_QUERY
 * (logged) when Q does not split into SPARQL tokens. */
static ng_status vlex(ng_store *s, const char *q, ng_vec *toks) {
  ng_sparql_outline o;
  long line = 0;
  char why[160];
  ng_status st = ng_sparql_read_outline(q, &o, &line, why, sizeof why);
  if (st == NG_ERR_QUERY)
    ng_log(s->world, NG_LOG_ERROR, st, "query", line, 0,
           "syntax error in the query (SPARQL 1.1): %s", why);
  for (size_t i = 0; !st && i < o.n; i++) {
    const ng_sparql_token *t = &o.toks[i];
    size_t cut = t->e; /* where the first of two tokens ends */
    vtok_kind k1 = VT_OTHER, k2 = VT_OTHER;
    switch (t->kind) {
    case NG_QTOK_VAR:
      k1 = VT_VAR;
      break;
    case NG_QTOK_IRI:
      k1 = VT_IRI;
      break;
    case NG_QTOK_STRING:
      k1 = VT_STRING;
      break;
    case NG_QTOK_LANG:
      cut = t->b + 1;
      k2 = VT_WORD;
      break;
    case NG_QTOK_NIL:
    case NG_QTOK_ANON:
      cut = t->b + 1;
      k1 = VT_OPEN;
      k2 = VT_CLOSE;
      break;
    case NG_QTOK_PUNCT:
      if (t->e - t->b == 2 && q[t->b] == '^')
        cut = t->b + 1; /* ^^ */
      else if (strchr("{([", q[t->b]))
        k1 = VT_OPEN;
      else if (strchr("})]", q[t->b]))
        k1 = VT_CLOSE;
      break;
    case NG_QTOK_WORD:
    case NG_QTOK_PNAME:
    case NG_QTOK_BNODE:
    case NG_QTOK_NUMBER:
    default:
      k1 = VT_WORD;
      break;
    }
    for (int k = 0; k < (cut < t->e ? 2 : 1) && !st; k++) {
      vtok *v = ng_vec_push(toks, sizeof *v, 2 * (size_t)o.n);
      if (!v) {
        st = NG_ERR_NOMEM;
        break;
      }
      /* the second of a pair: the closing bracket, or what follows '@'
       * or the first '^' */
      int pair = t->kind == NG_QTOK_NIL || t->kind == NG_QTOK_ANON;
      v->kind = k ? k2 : k1;
      v->b = !k ? t->b : pair ? t->e - 1 : cut;
      v->e = k ? t->e : cut;
    }
  }
  ng_sparql_outline_free(&o);
  return st;
}

static int vtok_is(const char *q, const vtok *t, const char *word) {
  size_t n = strlen(word);
  return t->kind == VT_WORD && t->e - t->b == n &&
         !strncasecmp(q + t->b, word, n);
}

static int is_aggregate(const char *q, const vtok *t) {
  static const char *const aggs[] = {"COUNT", "SUM",    "MIN",         "MAX",
                                     "AVG",   "SAMPLE", "GROUP_CONCAT"};
  for (size_t i = 0; i < NG_ARRAY_LEN(aggs); i++)
    if (vtok_is(q, t, aggs[i]))
      return 1;
  return 0;
}

static int same_var(const char *q, const vtok *a, const vtok *b) {
  return a->e - a->b == b->e - b->b &&
         !memcmp(q + a->b + 1, q + b->b + 1, a->e - a->b - 1);
}

/* The token closing the bracket T[I] opens (or END - 1). */
static size_t vmatch(const char *q, const vtok *t, size_t end, size_t i) {
  size_t depth = 0;
  for (; i < end; i++) {
    if (t[i].kind == VT_OPEN)
      depth++;
    else if (t[i].kind == VT_CLOSE && !--depth)
      return i;
  }
  (void)q;
  return end - 1;
}

/* The default graph as a set.  Virtuoso's default graph is every quad of
 * every graph: a triple that several articles repeat (an actor's label,
 * type and country are in each article that mentions the actor) matches
 * once per article, where the embedded store (and SPARQL's RDF merge)
 * match it once.  Counts differ, and joins of repeated triples grow with
 * the cube of the repetitions: the bundled "actors" query over three
 * copies of the wikinews corpus took 73 s in Virtuoso, 3 s embedded.  So
 * every triple pattern matched against the default graph becomes
 *   { SELECT DISTINCT vars WHERE { s p o } }
 * (FILTER EXISTS { s p o } when it has no variable): each pattern then
 * matches each distinct triple once, and their join is the join over the
 * merged graph (the same query: 0.55 s).  Patterns inside GRAPH keep
 * their quads; SERVICE, FILTER, BIND and VALUES are left alone, and so is
 * a block of triples with blank nodes, property paths, collections or
 * [ ] (its patterns share nodes or paths a split would lose: it keeps
 * Virtuoso's counting). */

typedef struct set_rw {
  const char *q;
  const vtok *t;
  size_t n;
  ng_buf out;
  size_t copied; /* bytes of Q already in OUT */
  int changed;
  ng_status st;
} set_rw;

static int is_group_keyword(const char *q, const vtok *t) {
  static const char *const kw[] = {"OPTIONAL", "MINUS", "UNION",
                                   "GRAPH",    "SERVICE", "FILTER",
                                   "BIND",     "VALUES"};
  for (size_t i = 0; i < NG_ARRAY_LEN(kw); i++)
    if (vtok_is(q, t, kw[i]))
      return 1;
  return 0;
}

static int is_other(const char *q, const vtok *t, char c) {
  return t->kind == VT_OTHER && q[t->b] == c;
}

/* The end of the RDF term at P (an index), or 0 when the tokens there are
 * no simple term (a blank node, [ ], a collection, a path). */
static size_t simple_term(const set_rw *w, size_t p, size_t end) {
  const vtok *t = w->t;
  const char *q = w->q;
  if (p >= end)
    return 0;
  switch (t[p].kind) {
  case VT_VAR:
  case VT_IRI:
    return p + 1;
  case VT_WORD:
    if (!strncmp(q + t[p].b, "_:", 2) || is_group_keyword(q, &t[p]))
      return 0;
    return p + 1;
  case VT_STRING:
    if (p + 2 < end && is_other(q, &t[p + 1], '@') &&
        t[p + 2].kind == VT_WORD)
      return p + 3;
    if (p + 3 < end && is_other(q, &t[p + 1], '^') &&
        is_other(q, &t[p + 2], '^') &&
        (t[p + 3].kind == VT_IRI || t[p + 3].kind == VT_WORD))
      return p + 4;
    return p + 1;
  default:
    return 0;
  }
}

static ng_status add_tokens(set_rw *w, size_t b, size_t e) {
  return ng_buf_add(&w->out, w->q + w->t[b].b, w->t[e - 1].e - w->t[b].b);
}

/* Writes the triple of the term token ranges S, P, O as a pattern over
 * distinct triples. */
static ng_status add_set_triple(set_rw *w, const size_t tr[6]) {
  const vtok *t = w->t;
  ng_status st = ng_buf_adds(&w->out, "{ SELECT DISTINCT");
  int vars = 0;
  for (int k = 0; k < 6 && !st; k += 2) {
    for (size_t i = tr[k]; i < tr[k + 1] && !st; i++) {
      if (t[i].kind != VT_VAR)
        continue;
      int seen = 0; /* ?x ?p ?x: once */
      for (int m = 0; m < k && !seen; m += 2)
        seen = t[tr[m]].kind == VT_VAR && same_var(w->q, &t[tr[m]], &t[i]);
      if (!seen) {
        st = ng_buf_printf(&w->out, " %.*s", (int)(t[i].e - t[i].b),
                           w->q + t[i].b);
        vars++;
      }
    }
  }
  (void)vars; /* callers give a triple with a variable */
  if (!st)
    st = ng_buf_adds(&w->out, " WHERE { ");
  for (int k = 0; k < 6 && !st; k += 2) {
    st = add_tokens(w, tr[k], tr[k + 1]);
    if (!st)
      st = ng_buf_addc(&w->out, ' ');
  }
  return st ? st : ng_buf_adds(&w->out, "} }\n");
}

/* The triples block [B, E) of a group over the default graph: rewritten
 * when it is simple, else left as it is. */
static void set_block(set_rw *w, size_t b, size_t e) {
  const vtok *t = w->t;
  const char *q = w->q;
  ng_vec triples = {0}; /* size_t[6] */
  size_t p = b;
  int ok = 1;
  while (ok && p < e) {
    size_t sb = p, se = simple_term(w, p, e);
    if (!se) {
      ok = 0;
      break;
    }
    p = se;
    for (;;) { /* predicate-object lists */
      size_t vb = p, ve = simple_term(w, p, e);
      if (!ve || t[vb].kind == VT_STRING) {
        ok = 0;
        break;
      }
      p = ve;
      for (;;) { /* objects */
        size_t ob = p, oe = simple_term(w, p, e);
        if (!oe) {
          ok = 0;
          break;
        }
        size_t *tr = ng_vec_push(&triples, 6 * sizeof(size_t), 100000);
        if (!tr) {
          w->st = NG_ERR_NOMEM;
          ok = 0;
          break;
        }
        tr[0] = sb, tr[1] = se, tr[2] = vb, tr[3] = ve, tr[4] = ob,
        tr[5] = oe;
        p = oe;
        if (p < e && is_other(q, &t[p], ',')) {
          p++;
          continue;
        }
        break;
      }
      if (!ok)
        break;
      while (p < e && is_other(q, &t[p], ';'))
        p++;
      if (p >= e || is_other(q, &t[p], '.'))
        break;
      if (p > ve && is_other(q, &t[p - 1], ';'))
        continue; /* the next predicate */
      ok = 0;
    }
    while (ok && p < e && is_other(q, &t[p], '.'))
      p++;
  }
  if (ok && triples.n && !w->st) {
    ng_status st = ng_buf_add(&w->out, q + w->copied, t[b].b - w->copied);
    for (size_t i = 0; i < triples.n && !st; i++) {
      const size_t *tr = (const size_t *)triples.items + 6 * i;
      int has_var = 0;
      for (int k = 0; k < 6; k += 2)
        for (size_t j = tr[k]; j < tr[k + 1]; j++)
          has_var |= t[j].kind == VT_VAR;
      if (has_var) {
        st = add_set_triple(w, tr);
      } else {
        st = ng_buf_adds(&w->out, "FILTER EXISTS { ");
        for (int k = 0; k < 6 && !st; k += 2) {
          st = add_tokens(w, tr[k], tr[k + 1]);
          if (!st)
            st = ng_buf_addc(&w->out, ' ');
        }
        if (!st)
          st = ng_buf_adds(&w->out, "}\n");
      }
    }
    w->copied = t[e - 1].e;
    w->changed = 1;
    if (st)
      w->st = st;
  }
  ng_vec_free(&triples);
}

static size_t set_group(set_rw *w, size_t i, int in_graph);

/* A subquery or the query at I (SELECT, ASK, DESCRIBE, CONSTRUCT): its
 * WHERE group, up to END.  Returns the index after its group. */
static size_t set_query(set_rw *w, size_t i, size_t end, int in_graph) {
  const vtok *t = w->t;
  const char *q = w->q;
  if (vtok_is(q, &t[i], "CONSTRUCT") && i + 1 < end &&
      t[i + 1].kind == VT_OPEN && q[t[i + 1].b] == '{')
    i = vmatch(q, t, end, i + 1) + 1; /* the template */
  for (; i < end; i++) {
    if (t[i].kind == VT_OPEN && q[t[i].b] == '(')
      i = vmatch(q, t, end, i);
    else if (t[i].kind == VT_OPEN && q[t[i].b] == '{')
      return set_group(w, i, in_graph);
  }
  return end;
}

/* The group whose '{' is at I; returns the index after its '}'. */
static size_t set_group(set_rw *w, size_t i, int in_graph) {
  const vtok *t = w->t;
  const char *q = w->q;
  size_t close = vmatch(q, t, w->n, i);
  size_t j = i + 1;
  if (j < close && vtok_is(q, &t[j], "SELECT")) {
    set_query(w, j, close, in_graph);
    return close + 1;
  }
  while (j < close && !w->st) {
    const vtok *x = &t[j];
    if (x->kind == VT_OPEN && q[x->b] == '{') {
      j = set_group(w, j, in_graph);
    } else if (vtok_is(q, x, "OPTIONAL") || vtok_is(q, x, "MINUS") ||
               vtok_is(q, x, "UNION")) {
      j++;
    } else if (vtok_is(q, x, "GRAPH")) {
      size_t k = j + 1;
      while (k < close && !(t[k].kind == VT_OPEN && q[t[k].b] == '{'))
        k++;
      j = k < close ? set_group(w, k, 1) : close;
    } else if (vtok_is(q, x, "SERVICE") || vtok_is(q, x, "VALUES")) {
      size_t k = j + 1;
      while (k < close && !(t[k].kind == VT_OPEN && q[t[k].b] == '{'))
        k++;
      j = k < close ? vmatch(q, t, close, k) + 1 : close;
    } else if (vtok_is(q, x, "FILTER") || vtok_is(q, x, "BIND")) {
      size_t k = j + 1;
      while (k < close && t[k].kind != VT_OPEN)
        k++; /* FILTER regex(...), FILTER NOT EXISTS { } */
      j = k < close ? vmatch(q, t, close, k) + 1 : close;
    } else if (x->kind == VT_CLOSE || is_other(q, x, '.')) {
      j++;
    } else {
      size_t k = j;
      while (k < close && !(t[k].kind == VT_OPEN && q[t[k].b] == '{') &&
             !is_group_keyword(q, &t[k]))
        k++;
      if (!in_graph)
        set_block(w, j, k);
      j = k;
    }
  }
  return close + 1;
}

/* Q with every default-graph triple pattern over distinct triples
 * (malloc) into *OUT, or NULL when nothing changed. */
static ng_status rewrite_set(ng_store *s, const char *q, char **out) {
  ng_vec tv = {0};
  set_rw w;
  memset(&w, 0, sizeof w);
  *out = NULL;
  ng_status lst = vlex(s, q, &tv);
  if (lst) {
    ng_vec_free(&tv);
    return lst;
  }
  w.q = q;
  w.t = tv.items;
  w.n = tv.n;
  ng_buf_init(&w.out, 0);
  size_t i = 0;
  while (i < w.n &&
         (vtok_is(q, &w.t[i], "PREFIX") || vtok_is(q, &w.t[i], "BASE")))
    i += vtok_is(q, &w.t[i], "PREFIX") ? 3 : 2;
  int construct_where = i + 1 < w.n && vtok_is(q, &w.t[i], "CONSTRUCT") &&
                        vtok_is(q, &w.t[i + 1], "WHERE");
  if (i < w.n && !construct_where)
    set_query(&w, i, w.n, 0);
  ng_status st = w.st;
  if (!st && w.changed) {
    st = ng_buf_adds(&w.out, q + w.copied);
    if (!st) {
      *out = w.out.s;
      w.out.s = NULL;
    }
  }
  ng_buf_free(&w.out);
  ng_vec_free(&tv);
  return st;
}

/* The ORDER BY keys of the condition E (N bytes), in direction DIR
 * ("", "ASC", "DESC"): the kind of term (unbound, blank node, IRI,
 * literal, as SPARQL orders them), then the value: numbers through
 * bif:__ro2sq(), which makes them plain SQL numbers (isNumeric() looks
 * at bif:__ro2lo(): it fails on the "incomplete" boxes aggregates give
 * long strings), everything else by
 * STR(), which Virtuoso compares in full (it sorts long strings by their
 * first 20 bytes and then by an internal id, and the values aggregates
 * give by an internal id).  Dates and times of one form sort by STR()
 * as by value. */
static ng_status add_sort_keys(ng_buf *b, const char *dir, const char *e,
                               size_t n) {
  int w = (int)n;
  return ng_buf_printf(
      b,
      "\n  %s(COALESCE(IF(isBlank(%.*s), 1, IF(isIRI(%.*s), 2, "
      "IF(isLiteral(%.*s), 3, 0))), 0))"
      "\n  %s(IF(isNumeric(bif:__ro2lo(%.*s)), bif:__ro2sq(%.*s), "
      "STR(%.*s)))",
      dir, w, e, w, e, w, e, dir, w, e, w, e, w, e);
}

/* The rewritten query (malloc) into *OUT, or NULL when Q needs none. */
static ng_status rewrite_order(ng_store *s, const char *q, char **out) {
  ng_vec tv = {0};
  ng_vec names = {0}; /* vtok: the projected variables */
  ng_vec keys = {0};  /* vtok: ORDER BY variables not projected */
  ng_buf b;
  ng_buf_init(&b, 0);
  ng_status st = NG_OK;
  *out = NULL;
  st = vlex(s, q, &tv);
  if (st)
    goto done;
  vtok *t = tv.items;
  size_t n = tv.n, i = 0;
  /* the prologue, then SELECT */
  while (i < n && (vtok_is(q, &t[i], "PREFIX") || vtok_is(q, &t[i], "BASE")))
    i += vtok_is(q, &t[i], "PREFIX") ? 3 : 2;
  if (i >= n || !vtok_is(q, &t[i], "SELECT"))
    goto done;
  size_t select = i++, modifier = 0, star = 0;
  if (i < n && (vtok_is(q, &t[i], "DISTINCT") || vtok_is(q, &t[i], "REDUCED")))
    modifier = i++;
  size_t proj = i, depth = 0;
  /* the projection: ?v, (expr AS ?v) and * */
  for (; i < n; i++) {
    if (!depth && (t[i].kind == VT_OPEN && q[t[i].b] == '{'))
      break;
    if (!depth && (vtok_is(q, &t[i], "WHERE") || vtok_is(q, &t[i], "FROM")))
      break;
    if (t[i].kind == VT_OPEN)
      depth++;
    else if (t[i].kind == VT_CLOSE && depth)
      depth--;
    else if (!depth && t[i].kind == VT_OTHER && q[t[i].b] == '*')
      star = 1;
    if (t[i].kind == VT_VAR && (!depth || (i && vtok_is(q, &t[i - 1], "AS")))) {
      vtok *v = ng_vec_push(&names, sizeof *v, 10000);
      if (!v) {
        st = NG_ERR_NOMEM;
        goto done;
      }
      *v = t[i];
    }
  }
  size_t proj_end = i, dataset = i;
  while (i < n && !(t[i].kind == VT_OPEN && q[t[i].b] == '{'))
    i++; /* FROM ... WHERE */
  size_t where = i;
  if (i < n && i > dataset && vtok_is(q, &t[i - 1], "WHERE"))
    where = i - 1;
  /* the group pattern */
  for (depth = 0; i < n; i++) {
    if (t[i].kind == VT_OPEN)
      depth++;
    else if (t[i].kind == VT_CLOSE && depth && !--depth)
      break;
  }
  if (i >= n)
    goto done;
  /* ORDER BY at the top level, up to LIMIT, OFFSET or VALUES */
  size_t order = 0, order_end = n;
  for (i++, depth = 0; i < n; i++) {
    if (t[i].kind == VT_OPEN)
      depth++;
    else if (t[i].kind == VT_CLOSE && depth)
      depth--;
    else if (!depth && vtok_is(q, &t[i], "ORDER") && i + 1 < n &&
             vtok_is(q, &t[i + 1], "BY"))
      order = i;
    else if (!depth && order &&
             (vtok_is(q, &t[i], "LIMIT") || vtok_is(q, &t[i], "OFFSET") ||
              vtok_is(q, &t[i], "VALUES")) &&
             order_end == n)
      order_end = i;
  }
  if (!order)
    goto done;
  for (i = order + 2; i < order_end; i++) {
    if (is_aggregate(q, &t[i]))
      goto done; /* the outer query would group */
    if (t[i].kind == VT_VAR && !star) {
      int known = 0;
      for (size_t k = 0; k < names.n && !known; k++)
        known = same_var(q, &NG_VEC_AT(&names, vtok, k), &t[i]);
      for (size_t k = 0; k < keys.n && !known; k++)
        known = same_var(q, &NG_VEC_AT(&keys, vtok, k), &t[i]);
      vtok *v = known ? NULL : ng_vec_push(&keys, sizeof *v, 10000);
      if (!known && !v) {
        st = NG_ERR_NOMEM;
        goto done;
      }
      if (v)
        *v = t[i];
    }
  }
  if (!star && !names.n)
    goto done;
  /* prologue SELECT [DISTINCT] names [FROM ...] WHERE { { SELECT
   * projection keys WHERE {...} GROUP BY ... } } ORDER BY ... */
  st = ng_buf_add(&b, q, t[select].b);
  if (!st)
    st = ng_buf_adds(&b, "SELECT ");
  if (!st && modifier)
    st = ng_buf_printf(&b, "%.*s ", (int)(t[modifier].e - t[modifier].b),
                       q + t[modifier].b);
  for (size_t k = 0; k < names.n && !st; k++) {
    vtok *v = &NG_VEC_AT(&names, vtok, k);
    st = ng_buf_printf(&b, "%.*s ", (int)(v->e - v->b), q + v->b);
  }
  if (!st && star)
    st = ng_buf_adds(&b, "* ");
  if (!st && where > dataset)
    st = ng_buf_printf(&b, "%.*s ", (int)(t[where].b - t[dataset].b),
                       q + t[dataset].b);
  if (!st)
    st = ng_buf_adds(&b, "WHERE {\n{ SELECT ");
  if (!st && proj_end > proj)
    st = ng_buf_add(&b, q + t[proj].b, t[proj_end - 1].e - t[proj].b);
  for (size_t k = 0; k < keys.n && !st; k++) {
    vtok *v = &NG_VEC_AT(&keys, vtok, k);
    st = ng_buf_printf(&b, " %.*s", (int)(v->e - v->b), q + v->b);
  }
  size_t w = where > dataset ? where : proj_end;
  if (!st)
    st = ng_buf_adds(&b, "\n");
  if (!st && !vtok_is(q, &t[w], "WHERE"))
    st = ng_buf_adds(&b, "WHERE ");
  if (!st)
    st = ng_buf_add(&b, q + t[w].b, t[order].b - t[w].b);
  if (!st)
    st = ng_buf_adds(&b, "\n} }\nORDER BY");
  /* each condition as two keys: the kind of term, then its value */
  for (i = order + 2; i < order_end && !st;) {
    const char *dir = "";
    size_t eb = i, ee; /* the expression's tokens [eb, ee] */
    if ((vtok_is(q, &t[i], "ASC") || vtok_is(q, &t[i], "DESC")) &&
        i + 1 < order_end && t[i + 1].kind == VT_OPEN) {
      dir = vtok_is(q, &t[i], "DESC") ? "DESC" : "ASC";
      ee = vmatch(q, t, order_end, i + 1);
      eb = i + 1;
    } else if ((t[i].kind == VT_WORD || t[i].kind == VT_IRI) &&
               i + 1 < order_end && t[i + 1].kind == VT_OPEN) {
      ee = vmatch(q, t, order_end, i + 1); /* a function call */
    } else if (t[i].kind == VT_OPEN) {
      ee = vmatch(q, t, order_end, i);
    } else {
      ee = i;
    }
    st = add_sort_keys(&b, dir, q + t[eb].b, t[ee].e - t[eb].b);
    i = ee + 1;
  }
  if (!st && order_end < n)
    st = ng_buf_printf(&b, "\n%s", q + t[order_end].b);
  if (!st) {
    *out = b.s;
    b.s = NULL;
  }
done:
  ng_vec_free(&tv);
  ng_vec_free(&names);
  ng_vec_free(&keys);
  ng_buf_free(&b);
  return st;
}

/* CONSTRUCT and DESCRIBE results: N-Triples, parsed by raptor, handed
 * to the sink as rows (s, p, o). */
typedef struct nt_reader {
  ng_store *s;
  const results_sink *sink;
  ng_status st;
  int errors;
  raptor_parser *parser;
} nt_reader;

static void nt_log(void *user_data, raptor_log_message *m) {
  nt_reader *r = user_data;
  if (m->level < RAPTOR_LOG_LEVEL_ERROR)
    return;
  r->errors++;
  ng_virtuoso_log(r->s, NG_LOG_ERROR, NG_ERR_STORE,
                  "Virtuoso's N-Triples do not parse: %s",
                  m->text ? m->text : "(no message)");
}

static void raptor_rterm(const raptor_term *t, ng_rterm *out) {
  memset(out, 0, sizeof *out);
  switch (t->type) {
  case RAPTOR_TERM_TYPE_URI:
    out->type = LIBRDF_NODE_TYPE_RESOURCE;
    out->v =
        (const char *)raptor_uri_as_counted_string(t->value.uri, &out->len);
    break;
  case RAPTOR_TERM_TYPE_BLANK:
    out->type = LIBRDF_NODE_TYPE_BLANK;
    out->v = (const char *)t->value.blank.string;
    out->len = t->value.blank.string_len;
    break;
  case RAPTOR_TERM_TYPE_LITERAL:
    out->type = LIBRDF_NODE_TYPE_LITERAL;
    out->v = (const char *)t->value.literal.string;
    out->len = t->value.literal.string_len;
    if (t->value.literal.language && t->value.literal.language_len)
      out->lang = (const char *)t->value.literal.language;
    else if (t->value.literal.datatype)
      out->dt = (const char *)raptor_uri_as_string(t->value.literal.datatype);
    break;
  case RAPTOR_TERM_TYPE_UNKNOWN:
  default:
    out->type = LIBRDF_NODE_TYPE_LITERAL;
    break;
  }
  if (!out->v) {
    out->v = "";
    out->len = 0;
  }
}

static void on_nt(void *user_data, raptor_statement *st) {
  nt_reader *r = user_data;
  if (r->st)
    return;
  ng_rterm t[3];
  ng_rterm *vals[3] = {&t[0], &t[1], &t[2]};
  raptor_rterm(st->subject, &t[0]);
  raptor_rterm(st->predicate, &t[1]);
  raptor_rterm(st->object, &t[2]);
  r->st = r->sink->row(r->sink->ud, vals);
  if (r->st)
    raptor_parser_parse_abort(r->parser);
}

static ng_status read_ntriples(ng_store *s, const ng_buf *body,
                               const results_sink *sink) {
  static char spo[3][2] = {"s", "p", "o"};
  char *names[3] = {spo[0], spo[1], spo[2]};
  nt_reader r = {s, sink, NG_OK, 0, NULL};
  ng_status st = sink->head(sink->ud, names, 3);
  if (st)
    return st;
  raptor_world *rw = raptor_new_world();
  if (!rw || raptor_world_open(rw)) {
    raptor_free_world(rw);
    return NG_ERR_NOMEM;
  }
  raptor_world_set_log_handler(rw, &r, nt_log);
  raptor_uri *base = raptor_new_uri(rw, (const unsigned char *)"urn:x");
  r.parser = ng_rdf_new_parser(rw, "ntriples");
  if (!base || !r.parser) {
    st = NG_ERR_NOMEM;
  } else {
    raptor_parser_set_statement_handler(r.parser, &r, on_nt);
    if (raptor_parser_parse_start(r.parser, base) ||
        raptor_parser_parse_chunk(r.parser, (const unsigned char *)body->s,
                                  body->len, 1))
      r.errors++;
    st = r.st ? r.st : r.errors ? NG_ERR_STORE : NG_OK;
  }
  if (r.parser)
    raptor_free_parser(r.parser);
  if (base)
    raptor_free_uri(base);
  raptor_free_world(rw);
  return st ? st : sink->end(sink->ud);
}

/* Runs SPARQL on the endpoint; SINK gets the results.  FORM is the
 * query's form (ng_sparql_outline); *BOOLEAN gets an ASK answer, or -1. */
static ng_status run_sparql(ng_store *s, const char *sparql, const char *form,
                            const results_sink *sink, int *boolean) {
  *boolean = -1;
  if (strcmp(form, "SELECT") && strcmp(form, "ASK") &&
      strcmp(form, "CONSTRUCT") && strcmp(form, "DESCRIBE")) {
    if (!strcmp(form, "DEFINE"))
      ng_virtuoso_log(
          s, NG_LOG_ERROR, NG_ERR_QUERY,
          "Virtuoso pragmas (define ...) are not sent to the server");
    else
      ng_virtuoso_log(
          s, NG_LOG_ERROR, NG_ERR_QUERY,
          "only SELECT, ASK, CONSTRUCT and DESCRIBE queries run on a "
          "Virtuoso store (found '%s'); change it by loading files",
          form);
    return NG_ERR_QUERY;
  }
  /* triples as N-Triples: Virtuoso's JSON for them writes numbers as
   * JSON numbers, which lose the lexical form */
  int graph = form[0] == 'C' || form[0] == 'D';
  ng_buf form_body;
  ng_buf_init(&form_body, 0);
  http_answer a;
  memset(&a, 0, sizeof a);
  ng_buf_init(&a.body, 0);
  char *as_set = NULL, *ordered = NULL;
  ng_status st =
      s->virt->set_semantics ? rewrite_set(s, sparql, &as_set) : NG_OK;
  const char *text = as_set ? as_set : sparql;
  if (!st)
    st = rewrite_order(s, text, &ordered);
  if (ordered)
    text = ordered;
  if (!st && text != sparql)
    ng_log(s->world, NG_LOG_DEBUG, NG_OK, "query", 0, 0,
           "the query as sent to Virtuoso:\n%s", text);
  if (!st)
    st = ng_buf_adds(&form_body, "query=");
  if (!st)
    st = add_form_value(&form_body, text);
  free(as_set);
  free(ordered);
  if (!st)
    st = http_post(s, &form_body,
                   graph ? "application/n-triples"
                         : "application/sparql-results+json",
                   &a);
  ng_buf_free(&form_body);
  if (st)
    goto done;
  if (a.status != 200) {
    /* Virtuoso's message: "Virtuoso 37000 Error SP030: ..." */
    const char *m = a.body.s;
    while (*m == '\n' || *m == '\r' || *m == ' ')
      m++;
    size_t n = strcspn(m, "\n");
    int server = a.status == 401 || a.status == 403 || a.status >= 502;
    ng_virtuoso_log(s, NG_LOG_ERROR, server ? NG_ERR_STORE : NG_ERR_QUERY,
                    "Virtuoso refused the query (HTTP %d): %.*s", a.status,
                    (int)NG_MIN(n, 500), m);
    st = server ? NG_ERR_STORE : NG_ERR_QUERY;
    goto done;
  }
  if (a.max_rows[0]) {
    ng_virtuoso_log(
        s, NG_LOG_ERROR, NG_ERR_QUERY,
        "Virtuoso cut the results at %s rows (ResultSetMaxRows in the "
        "[SPARQL] section of virtuoso.ini): raise it, or page the query "
        "with ORDER BY, LIMIT and OFFSET",
        a.max_rows);
    st = NG_ERR_QUERY;
    goto done;
  }
  if (a.sql_state[0]) {
    ng_virtuoso_log(
        s, NG_LOG_ERROR, NG_ERR_QUERY,
        "Virtuoso gave partial results (%s: %s); raise "
        "MaxQueryExecutionTime in the [SPARQL] section of virtuoso.ini",
        a.sql_state, a.sql_message);
    st = NG_ERR_QUERY;
    goto done;
  }
  if (graph) {
    st = read_ntriples(s, &a.body, sink);
    goto done;
  }
  if (!strstr(a.content_type, "json")) {
    ng_virtuoso_log(s, NG_LOG_ERROR, NG_ERR_STORE,
                    "Virtuoso answered with %s, not SPARQL results JSON",
                    a.content_type[0] ? a.content_type : "no content type");
    st = NG_ERR_STORE;
    goto done;
  }
  results_reader rr;
  memset(&rr, 0, sizeof rr);
  rr.s = s;
  rr.sink = sink;
  const char *b = a.body.s, *e = a.body.s + a.body.len;
  st = each_member(b, e, read_head_member, &rr);
  if (!st && !rr.have_head && !rr.is_boolean)
    st = NG_ERR_STORE;
  if (!st && rr.is_boolean)
    *boolean = rr.boolean;
  else if (!st)
    st = sink->head(sink->ud, rr.names, rr.nv);
  if (!st && !rr.is_boolean)
    st = each_member(b, e, read_results, &rr);
  if (!st && !rr.is_boolean)
    st = sink->end(sink->ud);
  if (st == NG_ERR_STORE)
    ng_virtuoso_log(s, NG_LOG_ERROR, NG_ERR_STORE,
                    "Virtuoso's answer is not SPARQL results JSON");
  reader_free(&rr);
done:
  ng_buf_free(&a.body);
  return st;
}

typedef struct query_out {
  ng_store *s;
  ng_results_format f;
  FILE *fp;
  const ng_row_handler *each; /* a SELECT's rows, or NULL */
  int graph;                  /* CONSTRUCT, DESCRIBE: rows are triples */
  int spo[3];                 /* the columns of s, p, o (graph) */
  ng_results_out *w;          /* the writer (SELECT) */
} query_out;

static ng_status out_head(void *ud, char **names, size_t nv) {
  query_out *q = ud;
  if (!q->graph)
    return ng_results_out_new(q->s, q->f, q->fp, q->each, names, nv, &q->w);
  q->spo[0] = q->spo[1] = q->spo[2] = -1;
  for (size_t i = 0; i < nv; i++) {
    int k = !strcmp(names[i], "s")   ? 0
            : !strcmp(names[i], "p") ? 1
            : !strcmp(names[i], "o") ? 2
                                     : -1;
    if (k >= 0)
      q->spo[k] = (int)i;
  }
  if (q->spo[0] < 0 || q->spo[1] < 0 || q->spo[2] < 0) {
    ng_virtuoso_log(q->s, NG_LOG_ERROR, NG_ERR_STORE,
                    "Virtuoso's triples came without columns s, p and o");
    return NG_ERR_STORE;
  }
  return NG_OK;
}

static ng_status out_row(void *ud, ng_rterm *const *vals) {
  query_out *q = ud;
  if (!q->graph)
    return ng_results_out_row(q->w, vals);
  const ng_rterm *sub = vals[q->spo[0]], *pred = vals[q->spo[1]],
                 *obj = vals[q->spo[2]];
  if (!sub || !pred || !obj)
    return NG_OK;
  return ng_results_write_triple(q->fp, sub, pred, obj);
}

static ng_status out_end(void *ud) {
  query_out *q = ud;
  return q->w ? ng_results_out_finish(q->w) : NG_OK;
}

ng_status ng_virtuoso_query(ng_store *s, const char *sparql,
                            ng_results_format format, FILE *fp,
                            const ng_row_handler *each) {
  int boolean;
  query_out q;
  memset(&q, 0, sizeof q);
  q.s = s;
  q.f = format;
  q.fp = fp;
  q.each = each;
  ng_sparql_outline o;
  long line = 0;
  char why[160], form[sizeof o.form];
  ng_status st = ng_sparql_read_outline(sparql, &o, &line, why, sizeof why);
  memcpy(form, o.form, sizeof form);
  ng_sparql_outline_free(&o);
  if (st == NG_ERR_QUERY)
    ng_log(s->world, NG_LOG_ERROR, st, "query", line, 0,
           "syntax error in the query (SPARQL 1.1): %s", why);
  if (st)
    return st;
  q.graph = !strcmp(form, "CONSTRUCT") || !strcmp(form, "DESCRIBE");
  if (q.graph && format != NG_RESULTS_TABLE)
    ng_virtuoso_log(s, NG_LOG_WARN, NG_OK,
                    "a %s query gives triples, not a results table: writing "
                    "N-Triples (the results format does not apply)",
                    form[0] == 'C' ? "CONSTRUCT" : "DESCRIBE");
  results_sink sink = {out_head, out_row, out_end, &q};
  st = run_sparql(s, sparql, form, &sink, &boolean);
  if (!st && boolean >= 0)
    st = ng_results_write_boolean(boolean, format, fp);
  ng_results_out_free(q.w);
  if (st == NG_ERR_IO || (!st && ferror(fp))) {
    ng_virtuoso_log(s, NG_LOG_ERROR, NG_ERR_IO, "cannot write the results: %s",
                    strerror(errno));
    st = NG_ERR_IO;
  } else if (st == NG_ERR_NOMEM) {
    ng_virtuoso_log(s, NG_LOG_ERROR, NG_ERR_NOMEM,
                    "out of memory reading or writing the results");
  }
  return st;
}

/* ------------------------------------------------------------------ */
/* Counting                                                            */
/* ------------------------------------------------------------------ */

typedef struct count_sink {
  long n;
} count_sink;

static ng_status count_head(void *ud, char **names, size_t nv) {
  return nv == 1 ? NG_OK : NG_ERR_STORE;
}

static ng_status count_row(void *ud, ng_rterm *const *vals) {
  count_sink *c = ud;
  if (vals[0] && vals[0]->type == LIBRDF_NODE_TYPE_LITERAL)
    c->n = strtol(vals[0]->v, NULL, 10);
  return NG_OK;
}

static ng_status count_end(void *ud) { return NG_OK; }

ng_status ng_virtuoso_count(ng_store *s, long *n) {
  ng_buf q;
  ng_buf_init(&q, 0);
  /* the prefix is an IRI (no '"' or '\'): safe in a string literal */
  ng_status st =
      ng_buf_printf(&q,
                    "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
                    "FILTER(STRSTARTS(STR(?g), \"%s\")) }",
                    s->virt->graphs);
  count_sink c = {-1};
  results_sink sink = {count_head, count_row, count_end, &c};
  int boolean;
  if (!st)
    st = run_sparql(s, q.s, "SELECT", &sink, &boolean);
  ng_buf_free(&q);
  if (!st && c.n < 0) {
    ng_virtuoso_log(s, NG_LOG_ERROR, NG_ERR_STORE, "Virtuoso gave no count");
    st = NG_ERR_STORE;
  }
  *n = st ? 0 : c.n;
  return st;
}

static ng_status ping_head(void *ud, char **names, size_t nv) { return NG_OK; }

static ng_status ping_row(void *ud, ng_rterm *const *vals) { return NG_OK; }

ng_status ng_virtuoso_ping(ng_store *s) {
  results_sink sink = {ping_head, ping_row, count_end, NULL};
  int boolean;
  ng_status st = run_sparql(s, "ASK { }", "ASK", &sink, &boolean);
  return st == NG_ERR_QUERY ? NG_ERR_STORE : st; /* not the caller's */
}
