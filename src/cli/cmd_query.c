/* cmd_query.c - newsgraph query: SPARQL, a query file or a bundled query
 * on a store, with --param values put into the query safely. */
#include <ctype.h>
#include <dirent.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "actor_param.h"
#include "cli.h"

#define NG_CLI_DEFAULT_BASE "https://w3id.org/newsgraph/id/"

static void usage(FILE *fp) {
  fprintf(fp,
          "Usage: newsgraph query --store SPEC [--results FORMAT] "
          "[--param NAME=VALUE]...\n"
          "                       (SPARQL | -f FILE.rq | NAME)\n"
          "       newsgraph query --list\n"
          "Runs a SPARQL query, a query file or a bundled query (NAME, "
          "see --list) on a\nstore made by 'newsgraph load'.\n\n"
          "  -s, --store SPEC      the store (required): DIR, hashes:DIR, "
          "sqlite:FILE,\n"
          "                        virtuoso:KEY=VALUE;... (see 'newsgraph "
          "load --help')\n"
          "  -r, --results FORMAT  table (default), csv, tsv, json or xml "
          "(SPARQL 1.1\n"
          "                        results formats); CONSTRUCT writes "
          "N-Triples\n"
          "  -f, --file FILE       read the query from FILE (- = standard "
          "input)\n"
          "  -p, --param NAME=VALUE\n"
          "                        a value for $NAME in the query (see the "
          "'# param:'\n"
          "                        lines of a query file).  An absolute "
          "IRI (or id:...)\n"
          "                        becomes an IRI, anything else an "
          "escaped string\n"
          "                        literal: a value can never change the "
          "query\n"
          "  -l, --list            list the bundled queries and their "
          "parameters\n"
          "On the embedded store newsgraph's own SPARQL 1.1 parser and "
          "evaluator answer\nthe query (SELECT, ASK, CONSTRUCT; OPTIONAL, "
          "UNION, MINUS, GRAPH, FROM / FROM\nNAMED, BIND, VALUES, "
          "subqueries, EXISTS, property paths, GROUP BY, aggregates,\n"
          "functions); a query that is not SPARQL 1.1 is an error naming "
          "its line.  What\nit does not handle (DESCRIBE, UUID, STRUUID, "
          "SHA-2, functions named by IRI) goes\nto rasqal 0.9.33, which "
          "gets some SPARQL wrong: newsgraph rewrites what it can\n"
          "there and refuses the rest with a message naming the construct.  "
          "A virtuoso:\nstore runs the query on Virtuoso's own "
          "engine (only queries, no updates or pragmas).\nSERVICE is refused on "
          "every store: a query never makes newsgraph fetch a URI.\n\n%s"
          "\nExit codes: 0 done; 2 system error; 3 usage (unknown query "
          "name, missing\n--param); 5 store error; 7 bad query or a "
          "construct refused.\n",
          ng_cli_common_help);
}

/* ------------------------------------------------------------------ */
/* Parameters                                                          */
/* ------------------------------------------------------------------ */

static int iri_char(unsigned char c) {
  return c > 0x20 && !strchr("<>\"{}|^`\\", c);
}

static int var_char(unsigned char c) {
  return isalnum(c) || c == '_' || c >= 0x80;
}

/* 1 when the N bytes at S are valid UTF-8 without NUL. */
static int valid_utf8(const char *s, size_t n) {
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0;
  while (i < n) {
    unsigned char c = p[i];
    size_t len;
    unsigned min;
    if (c == 0)
      return 0;
    if (c < 0x80) {
      i++;
      continue;
    }
    if (c >= 0xc2 && c <= 0xdf) {
      len = 2;
      min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
      len = 3;
      min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
      len = 4;
      min = 0x10000;
    } else {
      return 0;
    }
    if (i + len > n)
      return 0;
    unsigned cp = c & (0x7fu >> len);
    for (size_t k = 1; k < len; k++) {
      if ((p[i + k] & 0xc0) != 0x80)
        return 0;
      cp = (cp << 6) | (p[i + k] & 0x3fu);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
      return 0;
    i += len;
  }
  return 1;
}

/* A growable string. */
typedef struct sbuf {
  char *s;
  size_t len, cap;
  int failed;
} sbuf;

static void sb_add(sbuf *b, const char *s, size_t n) {
  if (b->failed)
    return;
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + n + 1)
      cap *= 2;
    char *p = realloc(b->s, cap);
    if (!p) {
      b->failed = 1;
      return;
    }
    b->s = p;
    b->cap = cap;
  }
  memcpy(b->s + b->len, s, n);
  b->len += n;
  b->s[b->len] = '\0';
}

static void sb_adds(sbuf *b, const char *s) { sb_add(b, s, strlen(s)); }

/* VALUE as a SPARQL term: an IRI when it is an absolute IRI ("<...>"
 * allowed around it, "id:" standing for the data's base IRI), otherwise a
 * string literal with every character SPARQL could read as syntax
 * escaped.  Returns 0, or -1 with a message in ERR. */
static int param_term(const char *value, sbuf *out, char *err,
                      size_t errsz) {
  size_t n = strlen(value);
  if (!valid_utf8(value, n)) {
    snprintf(err, errsz, "the value is not valid UTF-8");
    return -1;
  }
  const char *v = value;
  size_t vn = n;
  if (vn > 2 && v[0] == '<' && v[vn - 1] == '>') {
    v++;
    vn -= 2;
  }
  /* scheme ":" then IRI characters only */
  size_t k = 0;
  while (k < vn && (isalnum((unsigned char)v[k]) || strchr("+-.", v[k])))
    k++;
  int iri = k > 0 && k < vn && v[k] == ':' && isalpha((unsigned char)v[0]);
  for (size_t j = 0; iri && j < vn; j++)
    iri = iri_char((unsigned char)v[j]);
  if (iri) {
    int is_id = k == 2 && !strncmp(v, "id", 2);
    int hier = vn > k + 2 && v[k + 1] == '/' && v[k + 2] == '/';
    int urn = k == 3 && !strncmp(v, "urn", 3);
    if (is_id) {
      sb_adds(out, "<");
      sb_adds(out, ng_cli.base_iri ? ng_cli.base_iri : NG_CLI_DEFAULT_BASE);
      sb_add(out, v + 3, vn - 3);
      sb_adds(out, ">");
      return 0;
    }
    if (hier || urn) {
      sb_adds(out, "<");
      sb_add(out, v, vn);
      sb_adds(out, ">");
      return 0;
    }
  }
  /* a literal: the original value, "<...>" included */
  sb_adds(out, "\"");
  for (size_t j = 0; j < n; j++) {
    unsigned char c = (unsigned char)value[j];
    char esc[8];
    switch (c) {
    case '"':
      sb_adds(out, "\\\"");
      break;
    case '\\':
      sb_adds(out, "\\\\");
      break;
    case '\n':
      sb_adds(out, "\\n");
      break;
    case '\r':
      sb_adds(out, "\\r");
      break;
    case '\t':
      sb_adds(out, "\\t");
      break;
    default:
      if (c < 0x20 || c == 0x7f) {
        snprintf(esc, sizeof esc, "\\u%04X", c);
        sb_adds(out, esc);
      } else {
        sb_add(out, (const char *)&c, 1);
      }
      break;
    }
  }
  sb_adds(out, "\"");
  return 0;
}

/* A parameter declared by "# param: NAME[=DEFAULT]  description". */
typedef struct param_decl {
  char name[64];
  const char *def;  /* into the query text, or NULL: required */
  size_t def_len;
  const char *desc;
  size_t desc_len;
} param_decl;

#define MAX_PARAMS 32

/* Reads the "# param:" lines of TEXT into D (at most MAX_PARAMS). */
static size_t read_param_decls(const char *text, param_decl *d) {
  size_t n = 0;
  for (const char *p = text; p && *p && n < MAX_PARAMS;) {
    const char *eol = strchr(p, '\n');
    size_t len = eol ? (size_t)(eol - p) : strlen(p);
    const char *s = p;
    while (s < p + len && (*s == ' ' || *s == '\t'))
      s++;
    if (s < p + len && *s == '#') {
      s++;
      while (s < p + len && *s == ' ')
        s++;
      if ((size_t)(p + len - s) > 6 && !strncmp(s, "param:", 6)) {
        s += 6;
        while (s < p + len && *s == ' ')
          s++;
        const char *nb = s;
        while (s < p + len && var_char((unsigned char)*s))
          s++;
        size_t nl = (size_t)(s - nb);
        if (nl > 0 && nl < sizeof d[n].name) {
          memcpy(d[n].name, nb, nl);
          d[n].name[nl] = '\0';
          d[n].def = NULL;
          if (s < p + len && *s == '=') {
            d[n].def = ++s;
            while (s < p + len && *s != ' ' && *s != '\t')
              s++;
            d[n].def_len = (size_t)(s - d[n].def);
          }
          while (s < p + len && (*s == ' ' || *s == '\t'))
            s++;
          d[n].desc = s;
          d[n].desc_len = (size_t)(p + len - s);
          n++;
        }
      }
    }
    p = eol ? eol + 1 : NULL;
  }
  return n;
}

/* Puts the values of NAMES[i] = VALUES[i] (N of them) and the defaults
 * of the query's "# param:" lines in place of the $NAME variables of
 * TEXT.  Strings, IRIs and comments are skipped: only variables are
 * replaced.  *OUT (malloc) gets the query; returns 0, or -1 with a
 * message in ERR. */
int ng_cli_bind_params(const char *text, const char *const *names,
                       const char *const *values, size_t n, char **out,
                       char *err, size_t errsz);
int ng_cli_bind_params(const char *text, const char *const *names,
                       const char *const *values, size_t n, char **out,
                       char *err, size_t errsz) {
  param_decl decl[MAX_PARAMS];
  size_t nd = read_param_decls(text, decl);
  sbuf terms[MAX_PARAMS + 16];
  const char *tnames[MAX_PARAMS + 16];
  size_t nt = 0;
  int *used = NULL;
  sbuf o = {NULL, 0, 0, 0};
  int rc = -1;

  *out = NULL;
  memset(terms, 0, sizeof terms);
  if (n > 16) {
    snprintf(err, errsz, "too many --param values (16 at most)");
    return -1;
  }
  /* the terms: given values first, then defaults */
  for (size_t i = 0; i < n; i++) {
    for (size_t j = 0; j < i; j++)
      if (!strcmp(names[i], names[j])) {
        snprintf(err, errsz, "--param %s is given twice", names[i]);
        goto done;
      }
    if (param_term(values[i], &terms[nt], err, errsz))
      goto done;
    tnames[nt++] = names[i];
  }
  for (size_t i = 0; i < nd; i++) {
    size_t j;
    for (j = 0; j < n && strcmp(names[j], decl[i].name); j++)
      ;
    if (j < n)
      continue;
    if (!decl[i].def) {
      snprintf(err, errsz, "the query needs --param %s=... (%.*s)",
               decl[i].name, (int)decl[i].desc_len, decl[i].desc);
      goto done;
    }
    char def[256];
    snprintf(def, sizeof def, "%.*s", (int)decl[i].def_len, decl[i].def);
    if (param_term(def, &terms[nt], err, errsz))
      goto done;
    tnames[nt++] = decl[i].name;
  }
  used = calloc(nt ? nt : 1, sizeof *used);
  if (!used) {
    snprintf(err, errsz, "out of memory");
    goto done;
  }

  /* copy TEXT, replacing its $NAME variables: the library's tokens,
   * so strings, IRIs and comments are read as every query path reads
   * them.  A text that does not split into tokens is bound as far as it
   * does, and its syntax error is reported when the query runs. */
  ng_query_token *toks = NULL;
  size_t ntok = 0, len = strlen(text), from = 0;
  ng_status lst = ng_query_tokens(text, &toks, &ntok, NULL);
  if (lst && lst != NG_ERR_QUERY) {
    free(toks);
    snprintf(err, errsz, "%s", lst == NG_ERR_LIMIT
                                   ? "the query has too many tokens"
                                   : "out of memory");
    goto done;
  }
  for (size_t i = 0; i < ntok; i++) {
    const ng_query_token *t = &toks[i];
    if (t->kind != NG_QTOK_VAR || text[t->b] != '$')
      continue;
    for (size_t k = 0; k < nt; k++) {
      if (strlen(tnames[k]) == t->e - t->b - 1 &&
          !strncmp(tnames[k], text + t->b + 1, t->e - t->b - 1)) {
        sb_add(&o, text + from, t->b - from);
        sb_add(&o, terms[k].s ? terms[k].s : "", terms[k].len);
        from = t->e;
        used[k] = 1;
        break;
      }
    }
  }
  free(toks);
  sb_add(&o, text + from, len - from);
  for (size_t k = 0; k < n && lst == NG_OK; k++) {
    if (!used[k]) {
      snprintf(err, errsz, "the query has no parameter $%s", names[k]);
      goto done;
    }
  }
  if (o.failed || !o.s) {
    snprintf(err, errsz, "out of memory");
    goto done;
  }
  for (size_t k = 0; k < nt; k++)
    if (terms[k].failed) {
      snprintf(err, errsz, "out of memory");
      goto done;
    }
  *out = o.s;
  o.s = NULL;
  rc = 0;
done:
  for (size_t k = 0; k < sizeof terms / sizeof terms[0]; k++)
    free(terms[k].s);
  free(used);
  free(o.s);
  return rc;
}

/* ------------------------------------------------------------------ */
/* Reading queries                                                     */
/* ------------------------------------------------------------------ */

static char *read_all(FILE *fp) {
  sbuf b = {NULL, 0, 0, 0};
  char chunk[4096];
  size_t k;
  while ((k = fread(chunk, 1, sizeof chunk, fp)) > 0)
    sb_add(&b, chunk, k);
  if (ferror(fp) || b.failed) {
    free(b.s);
    return NULL;
  }
  if (!b.s)
    sb_add(&b, "", 0);
  return b.s;
}

static int is_query_name(const char *s) {
  if (!*s || strlen(s) > 64)
    return 0;
  for (; *s; s++)
    if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) &&
        *s != '-')
      return 0;
  return 1;
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* --list: each bundled query with its description and parameters. */
static int list_queries(ng_world *w) {
  const char *dir = ng_world_data_dir(w);
  size_t dl = dir ? strlen(dir) : 0;
  char *qdir = malloc(dl + 16);
  if (!qdir)
    return NG_EXIT_SYSTEM;
  snprintf(qdir, dl + 16, "%s/queries", dir ? dir : ".");
  DIR *d = opendir(qdir);
  if (!d) {
    ng_cli_error("no bundled queries in %s (use --data-dir)", qdir);
    free(qdir);
    return NG_EXIT_DATA;
  }
  char **names = NULL;
  size_t n = 0;
  struct dirent *e;
  while ((e = readdir(d))) {
    size_t l = strlen(e->d_name);
    if (l < 4 || strcmp(e->d_name + l - 3, ".rq"))
      continue;
    char **p = realloc(names, (n + 1) * sizeof *names);
    if (!p)
      break;
    names = p;
    names[n] = malloc(l - 2);
    if (!names[n])
      break;
    memcpy(names[n], e->d_name, l - 3);
    names[n++][l - 3] = '\0';
  }
  closedir(d);
  free(qdir);
  qsort(names, n, sizeof *names, cmp_str);
  for (size_t i = 0; i < n; i++) {
    char *text = NULL;
    if (!is_query_name(names[i]) ||
        ng_bundled_query(w, names[i], &text) != NG_OK) {
      free(names[i]);
      continue;
    }
    const char *desc = strstr(text, "# description:");
    int dlen = 0;
    if (desc) {
      desc += 14;
      while (*desc == ' ')
        desc++;
      dlen = (int)strcspn(desc, "\n");
    }
    printf("%-18s %.*s\n", names[i], dlen, desc ? desc : "");
    param_decl decl[MAX_PARAMS];
    size_t np = read_param_decls(text, decl);
    for (size_t k = 0; k < np; k++) {
      if (decl[k].def)
        printf("%-18s   --param %s=%.*s: %.*s (optional)\n", "",
               decl[k].name, (int)decl[k].def_len, decl[k].def,
               (int)decl[k].desc_len, decl[k].desc);
      else
        printf("%-18s   --param %s=...: %.*s\n", "", decl[k].name,
               (int)decl[k].desc_len, decl[k].desc);
    }
    free(text);
    free(names[i]);
  }
  free(names);
  return NG_EXIT_OK;
}

/* ------------------------------------------------------------------ */
/* The command                                                         */
/* ------------------------------------------------------------------ */

int ng_cmd_query(int argc, char **argv) {
  static const struct option longopts[] = {
      {"store", required_argument, NULL, 's'},
      {"results", required_argument, NULL, 'r'},
      {"file", required_argument, NULL, 'f'},
      {"param", required_argument, NULL, 'p'},
      {"list", no_argument, NULL, 'l'},
      {"help", no_argument, NULL, 'h'},
      NG_CLI_COMMON_LONGOPTS,
      {NULL, 0, NULL, 0}};
  const char *spec = NULL, *file = NULL;
  const char *pnames[16], *pvalues[16];
  char *pbuf[16];
  size_t np = 0;
  int list = 0, c, rc = NG_EXIT_OK;
  ng_results_format format = NG_RESULTS_TABLE;

  optind = 1;
  while ((c = getopt_long(argc, argv, "s:r:f:p:lhvq", longopts, NULL)) !=
         -1) {
    switch (c) {
    case 's':
      spec = optarg;
      break;
    case 'r':
      if (ng_results_format_parse(optarg, &format)) {
        ng_cli_error("unknown results format '%s' (table, csv, tsv, json, "
                     "xml)",
                     optarg);
        rc = NG_EXIT_USAGE;
        goto done;
      }
      break;
    case 'f':
      file = optarg;
      break;
    case 'p': {
      const char *eq = strchr(optarg, '=');
      if (!eq || eq == optarg || np == 16) {
        ng_cli_error(np == 16 ? "too many --param options (16 at most)"
                              : "--param needs NAME=VALUE, not '%s'",
                     optarg);
        rc = NG_EXIT_USAGE;
        goto done;
      }
      pbuf[np] = malloc((size_t)(eq - optarg) + 1);
      if (!pbuf[np]) {
        rc = NG_EXIT_SYSTEM;
        goto done;
      }
      memcpy(pbuf[np], optarg, (size_t)(eq - optarg));
      pbuf[np][eq - optarg] = '\0';
      pnames[np] = pbuf[np];
      pvalues[np++] = eq + 1;
      break;
    }
    case 'l':
      list = 1;
      break;
    case 'h':
      usage(stdout);
      goto done;
    default:
      if (ng_cli_common_opt(c, optarg))
        break;
      usage(stderr);
      rc = NG_EXIT_USAGE;
      goto done;
    }
  }

  ng_world *w = NULL;
  ng_store *store = NULL;
  char *text = NULL, *bound = NULL;
  if (list) {
    w = ng_cli_world(0, &rc);
    if (w)
      rc = list_queries(w);
    goto out;
  }
  if (!spec) {
    ng_cli_error("query needs --store SPEC (the store made by 'newsgraph "
                 "load'); see 'newsgraph query --help'");
    rc = NG_EXIT_USAGE;
    goto out;
  }
  if ((file != NULL) == (optind < argc) || argc - optind > 1) {
    ng_cli_error("give one query: SPARQL text, -f FILE or a bundled query "
                 "NAME (see --list)");
    rc = NG_EXIT_USAGE;
    goto out;
  }
  w = ng_cli_world(0, &rc);
  if (!w)
    goto out;

  if (file) {
    FILE *fp = ng_cli_fopen(file, "r");
    if (!fp) {
      rc = NG_EXIT_SYSTEM;
      goto out;
    }
    text = read_all(fp);
    if (fp != stdin)
      fclose(fp);
    if (!text) {
      ng_cli_error("cannot read %s", file);
      rc = NG_EXIT_SYSTEM;
      goto out;
    }
  } else if (is_query_name(argv[optind])) {
    ng_status st = ng_bundled_query(w, argv[optind], &text);
    if (st) {
      rc = st == NG_ERR_ARG ? NG_EXIT_USAGE : ng_cli_exit_code(st);
      goto out;
    }
  } else {
    text = malloc(strlen(argv[optind]) + 1);
    if (!text) {
      rc = NG_EXIT_SYSTEM;
      goto out;
    }
    strcpy(text, argv[optind]);
  }

  char err[512];
  if (ng_cli_bind_params(text, pnames, pvalues, np, &bound, err,
                         sizeof err)) {
    ng_cli_error("%s", err);
    rc = NG_EXIT_USAGE;
    goto out;
  }
  ng_status st = ng_store_open(w, spec, NG_STORE_READONLY, &store);
  if (st) {
    ng_cli_error("cannot open the store %s: %s", spec, ng_status_string(st));
    rc = ng_cli_exit_code(st);
    goto out;
  }
  /* an actor by any of its names: "actor=houthi" is the Houthis */
  rc = ng_cli_bind_actor(w, store, text, pnames, pvalues, np, &bound);
  if (rc)
    goto out;
  st = ng_store_query(store, bound, format, stdout);
  if (!st && fflush(stdout))
    st = NG_ERR_IO;
  if (st)
    rc = ng_cli_exit_code(st);

out:
  ng_store_close(store);
  ng_world_free(w);
  free(text);
  free(bound);
done:
  for (size_t i = 0; i < np; i++)
    free(pbuf[i]);
  return rc;
}
