/* cmd_load.c - newsgraph load: RDF files made by extract into a store. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* The article graphs of one file, to print sorted. */
typedef struct graphs {
  char **iri;
  size_t n, cap;
  int nomem;
} graphs;

static void add_graph(void *ctx, const char *iri) {
  graphs *g = ctx;
  if (g->n == g->cap) {
    size_t cap = g->cap ? g->cap * 2 : 64;
    char **a = realloc(g->iri, cap * sizeof *a);
    if (!a) {
      g->nomem = 1;
      return;
    }
    g->iri = a;
    g->cap = cap;
  }
  size_t len = strlen(iri) + 1;
  char *copy = malloc(len);
  if (!copy) {
    g->nomem = 1;
    return;
  }
  memcpy(copy, iri, len);
  g->iri[g->n++] = copy;
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static void usage(FILE *fp) {
  fprintf(fp,
          "Usage: newsgraph load --store SPEC [--create] [--format F] "
          "FILE...\n"
          "Loads RDF made by 'newsgraph extract' into a store.  Each "
          "article goes into\nits own named graph; loading an article "
          "again replaces its graph.\n\n"
          "  -s, --store SPEC   the store (required): DIR or hashes:DIR "
          "(Berkeley DB\n"
          "                     files in DIR), sqlite:FILE, memory, or\n"
          "                     virtuoso:KEY=VALUE;... (a Virtuoso server:"
          " dir=DIR, a\n"
          "                     directory in its DirsAllowed, and the "
          "password in\n"
          "                     $NG_VIRTUOSO_PASSWORD; see "
          "include/newsgraph/store.h)\n"
          "  -c, --create       create the store if it does not exist\n"
          "  -f, --format F     nquads, ntriples, turtle or rdfxml "
          "(default: from the\n"
          "                     file name: .nq .nt .ttl .rdf); FILE - is "
          "standard input\n"
          "                     (N-Quads or N-Triples only)\n"
          "N-Quads keeps each article in its graph and loads in bounded "
          "memory; a\nTurtle, N-Triples or RDF/XML file must hold exactly "
          "one article.  Each FILE\nis loaded whole or not at all, even if "
          "the load is killed (virtuoso: a\nfailed or killed load can leave "
          "the file's articles missing or partly loaded:\nload it again)."
          "\n\nOn standard output: FILE<TAB>GRAPH for each article graph "
          "a file loaded\n(not for virtuoso stores).  A file cut at a "
          "line boundary (a copy or an\nextract that stopped) cannot be "
          "told from a complete one: its last article\nloads partly; "
          "check that list.\n\n%s"
          "\nExit codes: 0 loaded; 1 a file was rejected (the others were "
          "loaded);\n2 system error; 3 usage; 5 store error; 6 the store "
          "is being written by\nanother process; 8 RDF syntax error.\n",
          ng_cli_common_help);
}

int ng_cmd_load(int argc, char **argv) {
  static const struct option longopts[] = {
      {"store", required_argument, NULL, 's'},
      {"create", no_argument, NULL, 'c'},
      {"format", required_argument, NULL, 'f'},
      {"help", no_argument, NULL, 'h'},
      NG_CLI_COMMON_LONGOPTS,
      {NULL, 0, NULL, 0}};
  const char *spec = NULL, *format = NULL;
  int create = 0, c;

  optind = 1;
  while ((c = getopt_long(argc, argv, "s:cf:hvq", longopts, NULL)) != -1) {
    switch (c) {
    case 's':
      spec = optarg;
      break;
    case 'c':
      create = 1;
      break;
    case 'f':
      format = optarg;
      break;
    case 'h':
      usage(stdout);
      return NG_EXIT_OK;
    default:
      if (ng_cli_common_opt(c, optarg))
        break;
      usage(stderr);
      return NG_EXIT_USAGE;
    }
  }
  if (!spec) {
    ng_cli_error("load needs --store SPEC (a directory, sqlite:FILE, "
                 "memory or virtuoso:...); see 'newsgraph load --help'");
    return NG_EXIT_USAGE;
  }
  if (optind >= argc) {
    ng_cli_error("load needs at least one FILE; see 'newsgraph load "
                 "--help'");
    return NG_EXIT_USAGE;
  }
  for (int i = optind; i < argc; i++) {
    if (!strcmp(argv[i], "-") && !format) {
      ng_cli_error("reading standard input needs --format (nquads or "
                   "ntriples)");
      return NG_EXIT_USAGE;
    }
  }

  int rc;
  ng_world *w = ng_cli_world(0, &rc);
  if (!w)
    return rc;
  ng_store *store = NULL;
  ng_status st =
      ng_store_open(w, spec, create ? NG_STORE_CREATE : 0u, &store);
  if (st) {
    ng_cli_error("cannot open the store %s: %s", spec, ng_status_string(st));
    ng_world_free(w);
    return ng_cli_exit_code(st);
  }

  size_t total_articles = 0, total_triples = 0;
  int files = 0;
  rc = NG_EXIT_OK;
  for (int i = optind; i < argc; i++) {
    const char *path = strcmp(argv[i], "-") ? argv[i] : "/dev/stdin";
    size_t na = 0, nt = 0;
    graphs g = {NULL, 0, 0, 0};
    st = ng_store_load_file_graphs(store, path, format, add_graph, &g, &na,
                                   &nt);
    /* the article graphs loaded, one IRI a line, sorted: what the file
     * held (a file cut at a line boundary shows no other sign) */
    if (!st && g.n) {
      qsort(g.iri, g.n, sizeof *g.iri, cmp_str);
      for (size_t k = 0; k < g.n; k++)
        printf("%s\t%s\n", argv[i], g.iri[k]);
    }
    if (!st && g.nomem)
      ng_cli_error("%s: out of memory listing its article graphs", argv[i]);
    for (size_t k = 0; k < g.n; k++)
      free(g.iri[k]);
    free(g.iri);
    if (st) {
      ng_cli_error("%s was not loaded: %s", argv[i], ng_status_string(st));
      int code = ng_cli_exit_code(st);
      /* a bad file is an input error; the store failing is worse */
      if (code == NG_EXIT_STORE || code == NG_EXIT_SYSTEM ||
          code == NG_EXIT_LOCKED) {
        rc = code;
        break;
      }
      if (rc == NG_EXIT_OK || code == NG_EXIT_RDF)
        rc = code == NG_EXIT_RDF ? NG_EXIT_RDF : NG_EXIT_INPUT;
      continue;
    }
    files++;
    total_articles += na;
    total_triples += nt;
    if (ng_cli.verbose)
      fprintf(stderr, "%s: %s: %zu triples in %zu articles\n", ng_cli_prog,
              argv[i], nt, na);
  }
  ng_store_close(store);
  if (!ng_cli.quiet)
    fprintf(stderr, "%s: loaded %zu triples in %zu articles from %d file%s "
            "into %s\n",
            ng_cli_prog, total_triples, total_articles, files,
            files == 1 ? "" : "s", spec);
  ng_world_free(w);
  return rc;
}
