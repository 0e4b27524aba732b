/* cmd_extract.c - newsgraph extract: articles in, RDF out (or straight
 * into a store). */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char extract_help[] =
    "Usage: newsgraph extract [OPTIONS] [FILE...|-]\n"
    "Reads news articles and writes their knowledge graph as RDF: actors,\n"
    "posts, events (CAMEO and PLOVER coded, dated, attributed) and the\n"
    "text spans they come from.\n"
    "\n"
    "Input (standard input when no FILE or '-'):\n"
    "  --input-format F  text (one article per file) or jsonl (one JSON\n"
    "                    object per line: id, text, date, url, title,\n"
    "                    source); default: jsonl for *.jsonl, else text\n"
    "  --id ID           article id for text input (default: the file name)\n"
    "  --date YYYY-MM-DD article date: the reference for 'on Thursday'\n"
    "  --url URL, --title TEXT, --source NAME   article metadata (text input)\n"
    "\n"
    "Output:\n"
    "  -f, --format F    turtle (default), ntriples, nquads (a named graph\n"
    "                    per article) or rdfxml\n"
    "  -o, --output FILE write to FILE instead of standard output\n"
    "  --store SPEC      load into the store SPEC instead of writing RDF\n"
    "                    (see 'newsgraph load --help'); --create makes it\n"
    "\n"
    "Limits: an article's text is at most 16 MiB, a JSON Lines record at\n"
    "most 20 MiB; an article over a limit or with invalid UTF-8 is\n"
    "reported and skipped (exit 1), the others are processed.\n"
    "\n";

typedef struct xopts {
  int jsonl;  /* -1 guess, 0 text, 1 jsonl */
  const char *id, *date, *url, *title, *source;
  ng_rdf_format format;
  const char *output;
  const char *store;
  int create;
} xopts;

typedef struct xrun {
  ng_world *w;
  ng_writer *wr;
  ng_store *store;
  int rejected;      /* articles skipped for bad input */
  ng_status fatal;   /* a non-input error that stops the run */
  size_t articles;
} xrun;

/* Extracts one article and writes or loads its graph. */
static void process(xrun *r, ng_article *a, const char *where) {
  ng_doc *d = NULL;
  ng_status st = ng_extract(r->w, a, &d);
  if (!st)
    st = r->store ? ng_store_add_doc(r->store, d) : ng_writer_add(r->wr, d);
  ng_doc_free(d);
  if (st == NG_ERR_INPUT || st == NG_ERR_LIMIT) {
    ng_cli_error("%s: skipped: %s", where, ng_status_string(st));
    r->rejected++;
  } else if (st) {
    ng_cli_error("%s: %s", where, ng_status_string(st));
    r->fatal = st;
  } else {
    r->articles++;
  }
}

/* Reads all of FP into a buffer (at most MAX bytes; more is an error). */
static ng_status slurp(FILE *fp, size_t max, char **out, size_t *len) {
  size_t cap = 65536, n = 0;
  char *buf = malloc(cap);
  if (!buf)
    return NG_ERR_NOMEM;
  for (;;) {
    if (n == cap) {
      if (cap > max) {
        free(buf);
        return NG_ERR_LIMIT;
      }
      char *nb = realloc(buf, cap * 2);
      if (!nb) {
        free(buf);
        return NG_ERR_NOMEM;
      }
      buf = nb;
      cap *= 2;
    }
    size_t k = fread(buf + n, 1, cap - n, fp);
    n += k;
    if (k == 0)
      break;
  }
  if (ferror(fp)) {
    free(buf);
    return NG_ERR_IO;
  }
  if (n > max) {
    free(buf);
    return NG_ERR_LIMIT;
  }
  *out = buf;
  *len = n;
  return NG_OK;
}

static const char *base_name(const char *path) {
  const char *s = strrchr(path, '/');
  return s ? s + 1 : path;
}

static void run_text(xrun *r, const xopts *o, const char *path, FILE *fp) {
  char *buf = NULL;
  size_t len = 0;
  ng_status st = slurp(fp, 16u * 1024u * 1024u, &buf, &len);
  if (st) {
    if (st == NG_ERR_LIMIT) {
      ng_cli_error("%s: skipped: the text is over the 16 MiB limit", path);
      r->rejected++;
    } else {
      ng_cli_error("%s: cannot read: %s", path, ng_status_string(st));
      r->fatal = st;
    }
    return;
  }
  ng_article *a = ng_article_new();
  if (!a) {
    free(buf);
    r->fatal = NG_ERR_NOMEM;
    return;
  }
  /* the id: --id, else the file name without its extension */
  char idbuf[256];
  const char *id = o->id;
  if (!id) {
    const char *b = strcmp(path, "-") ? base_name(path) : "stdin";
    snprintf(idbuf, sizeof idbuf, "%s", b);
    char *dot = strrchr(idbuf, '.');
    if (dot && dot != idbuf)
      *dot = '\0';
    id = idbuf;
  }
  st = ng_article_set(r->w, a, NG_FIELD_ID, id, strlen(id));
  if (!st)
    st = ng_article_set(r->w, a, NG_FIELD_TEXT, buf, len);
  if (!st && o->date)
    st = ng_article_set(r->w, a, NG_FIELD_DATE, o->date, strlen(o->date));
  if (!st && o->url)
    st = ng_article_set(r->w, a, NG_FIELD_URL, o->url, strlen(o->url));
  if (!st && o->title)
    st = ng_article_set(r->w, a, NG_FIELD_TITLE, o->title, strlen(o->title));
  if (!st && o->source)
    st = ng_article_set(r->w, a, NG_FIELD_SOURCE, o->source,
                        strlen(o->source));
  free(buf);
  if (st == NG_ERR_INPUT || st == NG_ERR_LIMIT) {
    ng_cli_error("%s: skipped: %s", path, ng_status_string(st));
    r->rejected++;
  } else if (st) {
    r->fatal = st;
  } else {
    process(r, a, path);
  }
  ng_article_free(a);
}

static void run_jsonl(xrun *r, const char *path, FILE *fp) {
  ng_jsonl_reader *jr;
  ng_status st = ng_jsonl_reader_new(r->w, fp, &jr);
  if (st) {
    r->fatal = st;
    return;
  }
  for (;;) {
    ng_article *a = NULL;
    st = ng_jsonl_reader_next(jr, &a);
    if (st == NG_ERR_INPUT || st == NG_ERR_LIMIT) {
      ng_cli_error("%s line %ld: skipped", path, ng_jsonl_reader_line(jr));
      r->rejected++;
      continue;
    }
    if (st) {
      ng_cli_error("%s: cannot read: %s", path, ng_status_string(st));
      r->fatal = st;
      break;
    }
    if (!a)
      break;
    char where[512];
    snprintf(where, sizeof where, "%s line %ld", path,
             ng_jsonl_reader_line(jr));
    process(r, a, where);
    ng_article_free(a);
    if (r->fatal)
      break;
  }
  ng_jsonl_reader_free(jr);
}

int ng_cmd_extract(int argc, char **argv) {
  static const struct option longopts[] = {
      {"input-format", required_argument, NULL, 'i'},
      {"id", required_argument, NULL, 'I'},
      {"date", required_argument, NULL, 'D'},
      {"url", required_argument, NULL, 'U'},
      {"title", required_argument, NULL, 'T'},
      {"source", required_argument, NULL, 'S'},
      {"format", required_argument, NULL, 'f'},
      {"output", required_argument, NULL, 'o'},
      {"store", required_argument, NULL, 's'},
      {"create", no_argument, NULL, 'c'},
      {"help", no_argument, NULL, 'h'},
      NG_CLI_COMMON_LONGOPTS,
      {NULL, 0, NULL, 0}};
  xopts o = {-1, NULL, NULL, NULL, NULL, NULL, NG_FORMAT_TURTLE,
             NULL, NULL, 0};
  int c;
  optind = 1;
  while ((c = getopt_long(argc, argv, "f:o:vqh", longopts, NULL)) != -1) {
    switch (c) {
    case 'i':
      if (!strcmp(optarg, "jsonl"))
        o.jsonl = 1;
      else if (!strcmp(optarg, "text"))
        o.jsonl = 0;
      else {
        ng_cli_error("--input-format must be text or jsonl");
        return NG_EXIT_USAGE;
      }
      break;
    case 'I': o.id = optarg; break;
    case 'D': o.date = optarg; break;
    case 'U': o.url = optarg; break;
    case 'T': o.title = optarg; break;
    case 'S': o.source = optarg; break;
    case 'f':
      if (ng_rdf_format_parse(optarg, &o.format)) {
        ng_cli_error("--format must be turtle, ntriples, nquads or rdfxml");
        return NG_EXIT_USAGE;
      }
      break;
    case 'o': o.output = optarg; break;
    case 's': o.store = optarg; break;
    case 'c': o.create = 1; break;
    case 'h':
      fputs(extract_help, stdout);
      fputs(ng_cli_common_help, stdout);
      return NG_EXIT_OK;
    default:
      if (!ng_cli_common_opt(c, optarg)) {
        fputs("Try 'newsgraph extract --help'.\n", stderr);
        return NG_EXIT_USAGE;
      }
    }
  }
  if (o.store && o.output) {
    ng_cli_error("--store and --output do not go together");
    return NG_EXIT_USAGE;
  }
  if (o.date) {
    /* check the date before reading anything */
    ng_article *probe = ng_article_new();
    ng_status st = probe ? ng_article_set(NULL, probe, NG_FIELD_DATE, o.date,
                                          strlen(o.date))
                         : NG_ERR_NOMEM;
    ng_article_free(probe);
    if (st) {
      ng_cli_error("--date '%s' is not a calendar date YYYY-MM-DD", o.date);
      return NG_EXIT_USAGE;
    }
  }
  int rc;
  ng_world *w = ng_cli_world(1, &rc);
  if (!w)
    return rc;
  xrun r = {w, NULL, NULL, 0, NG_OK, 0};
  FILE *out = NULL;
  ng_status st = NG_OK;
  if (o.store) {
    st = ng_store_open(w, o.store, o.create ? NG_STORE_CREATE : 0, &r.store);
    if (st) {
      ng_cli_error("cannot open the store %s: %s", o.store,
                   ng_status_string(st));
      ng_world_free(w);
      return ng_cli_exit_code(st);
    }
  } else {
    out = o.output ? ng_cli_fopen(o.output, "wb") : stdout;
    if (!out) {
      ng_world_free(w);
      return NG_EXIT_SYSTEM;
    }
    st = ng_writer_new(w, o.format, out, &r.wr);
    if (st) {
      ng_cli_error("cannot start the RDF writer: %s", ng_status_string(st));
      if (out != stdout)
        fclose(out);
      ng_world_free(w);
      return ng_cli_exit_code(st);
    }
  }
  int nfiles = argc - optind;
  for (int i = 0; i < (nfiles ? nfiles : 1) && !r.fatal; i++) {
    const char *path = nfiles ? argv[optind + i] : "-";
    FILE *fp = ng_cli_fopen(path, "rb");
    if (!fp) {
      r.fatal = NG_ERR_IO;
      break;
    }
    size_t pl = strlen(path);
    int jsonl = o.jsonl >= 0 ? o.jsonl
                             : (pl > 6 && !strcmp(path + pl - 6, ".jsonl"));
    if (jsonl)
      run_jsonl(&r, path, fp);
    else
      run_text(&r, &o, path, fp);
    if (fp != stdin)
      fclose(fp);
  }
  if (r.wr) {
    ng_status fs = ng_writer_finish(r.wr);
    if (fs && !r.fatal)
      r.fatal = fs;
    ng_writer_free(r.wr);
  }
  if (r.store)
    ng_store_close(r.store);
  if (out && out != stdout) {
    if (fclose(out) && !r.fatal) {
      ng_cli_error("cannot write %s: %s", o.output, strerror(errno));
      r.fatal = NG_ERR_IO;
    }
  } else if (out && fflush(out) && !r.fatal) {
    ng_cli_error("cannot write the output: %s", strerror(errno));
    r.fatal = NG_ERR_IO;
  }
  if (ng_cli.verbose)
    fprintf(stderr, "newsgraph: %zu articles, %d skipped\n", r.articles,
            r.rejected);
  ng_world_free(w);
  if (r.fatal)
    return ng_cli_exit_code(r.fatal);
  return r.rejected ? NG_EXIT_INPUT : NG_EXIT_OK;
}
