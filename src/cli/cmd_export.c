/* cmd_export.c - newsgraph export: events as a table in the column
 * layout of the Phoenix and POLECAT event datasets (one row per event),
 * or an edge list for Gephi and NetworkX, as CSV (RFC 4180) or TSV. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "input.h"
#include "network.h"

static const char export_help[] =
    "Usage: newsgraph export (--events|--edges) [csv|tsv] [OPTIONS] "
    "[FILE...|-]\n"
    "       newsgraph export (--events|--edges) [csv|tsv] --store SPEC "
    "[--article ID]\n"
    "Writes the events of articles (extracted as by 'newsgraph extract')\n"
    "or of a store as a table for pandas, R, spreadsheets, Gephi or\n"
    "NetworkX.\n"
    "\n"
    "  --events [FMT]    one row per event (csv, the default, or tsv):\n"
    "                    event_id, date, source_name, source_code,\n"
    "                    source_type, target_name, target_code,\n"
    "                    target_type, cameo, cameo_name, plover,\n"
    "                    quad_class, factuality, article_id, url,\n"
    "                    evidence, source_iri, target_iri\n"
    "  --edges [FMT]     one row per directed pair of actors:\n"
    "                    source, target, weight (the number of events),\n"
    "                    first_date, last_date, source_iri, target_iri\n"
    "  -o, --output FILE write to FILE instead of standard output\n"
    "  -s, --store SPEC  read the events from a store\n"
    "  -a, --article ID  only the article with this id (or IRI)\n"
    "\n"
    "An event with several sources or targets keeps one row: their names,\n"
    "codes, types and IRIs are joined with '; '.  An event without a\n"
    "target has empty target columns.  Dates are YYYY-MM-DD, YYYY-MM or\n"
    "YYYY as the text gives them, empty when it gives none.  CSV follows\n"
    "RFC 4180 (a header row, CRLF line ends, fields with a comma, quote or\n"
    "line break quoted, quotes doubled); TSV has a header row and no\n"
    "quoting, so tabs and line breaks inside a field become spaces.\n"
    "\n";

typedef enum table_kind { TABLE_EVENTS = 0, TABLE_EDGES } table_kind;

typedef struct table_out {
  FILE *fp;
  int tsv;
  size_t col; /* the next column of the current row */
} table_out;

static void field(table_out *t, const char *s) {
  if (t->col++)
    fputc(t->tsv ? '\t' : ',', t->fp);
  if (!s)
    return;
  if (t->tsv) {
    for (const char *p = s; *p; p++)
      fputc(*p == '\t' || *p == '\n' || *p == '\r' ? ' ' : *p, t->fp);
    return;
  }
  if (!strpbrk(s, ",\"\r\n")) {
    fputs(s, t->fp);
    return;
  }
  fputc('"', t->fp);
  for (const char *p = s; *p; p++) {
    if (*p == '"')
      fputc('"', t->fp);
    fputc(*p, t->fp);
  }
  fputc('"', t->fp);
}

static void end_row(table_out *t) {
  fputs(t->tsv ? "\n" : "\r\n", t->fp);
  t->col = 0;
}

static void header(table_out *t, const char *const *names, size_t n) {
  for (size_t i = 0; i < n; i++)
    field(t, names[i]);
  end_row(t);
}

/* The text of B (malloc, "" when empty), or NULL when B ran out of
 * memory (then freed). */
static char *take_string(ng_cli_buf *b) {
  if (!b->s && !b->failed)
    ng_cli_buf_add(b, "", 0);
  if (b->failed) {
    ng_cli_buf_free(b);
    return NULL;
  }
  return b->s;
}

/* The WHAT (0 name, 1 type, 2 IRI) of the N actors XS joined by "; ". */
static char *join_actors(const ng_net *net, const size_t *xs, size_t n,
                         int what) {
  ng_cli_buf b = {NULL, 0, 0, 0};
  for (size_t i = 0; i < n; i++) {
    const ng_net_actor *a = &net->actors[xs[i]];
    const char *v = what == 0 ? a->label : what == 1 ? a->type : a->iri;
    if (i)
      ng_cli_buf_adds(&b, "; ");
    ng_cli_buf_adds(&b, v ? v : "");
  }
  return take_string(&b);
}

/* Codes are stored ';'-separated: written "; "-separated like names. */
static char *join_codes(const char *codes) {
  ng_cli_buf b = {NULL, 0, 0, 0};
  for (const char *p = codes; p && *p; p++) {
    if (*p == ';')
      ng_cli_buf_adds(&b, "; ");
    else
      ng_cli_buf_addc(&b, *p);
  }
  return take_string(&b);
}

static ng_status write_events(const ng_net *net, const ng_cameo_names *names,
                              table_out *t) {
  static const char *const cols[] = {
      "event_id",    "date",        "source_name", "source_code", "source_type",
      "target_name", "target_code", "target_type", "cameo",       "cameo_name",
      "plover",      "quad_class",  "factuality",  "article_id",  "url",
      "evidence",    "source_iri",  "target_iri"};
  header(t, cols, sizeof cols / sizeof *cols);
  for (size_t i = 0; i < net->n_events; i++) {
    const ng_net_event *e = &net->events[i];
    const ng_net_article *a = &net->articles[e->article];
    char *v[8] = {join_actors(net, e->src, e->n_src, 0),
                  join_codes(e->src_codes),
                  join_actors(net, e->src, e->n_src, 1),
                  join_actors(net, e->tgt, e->n_tgt, 0),
                  join_codes(e->tgt_codes),
                  join_actors(net, e->tgt, e->n_tgt, 1),
                  join_actors(net, e->src, e->n_src, 2),
                  join_actors(net, e->tgt, e->n_tgt, 2)};
    int ok = 1;
    for (size_t k = 0; k < 8; k++)
      ok &= v[k] != NULL;
    if (ok) {
      char quad[16] = "";
      if (e->quad)
        snprintf(quad, sizeof quad, "%d", e->quad);
      field(t, e->iri);
      field(t, e->date);
      field(t, v[0]);
      field(t, v[1]);
      field(t, v[2]);
      field(t, v[3]);
      field(t, v[4]);
      field(t, v[5]);
      field(t, e->cameo);
      field(t, ng_cameo_name(names, e->cameo));
      field(t, e->plover);
      field(t, quad);
      field(t, e->factuality);
      field(t, a->id);
      field(t, a->url);
      field(t, e->evidence);
      field(t, v[6]);
      field(t, v[7]);
      end_row(t);
    }
    for (size_t k = 0; k < 8; k++)
      free(v[k]);
    if (!ok)
      return NG_ERR_NOMEM;
  }
  return NG_OK;
}

static ng_status write_edges(const ng_net *net, table_out *t) {
  static const char *const cols[] = {"source",     "target",    "weight",
                                     "first_date", "last_date", "source_iri",
                                     "target_iri"};
  ng_net_edge *edges = NULL;
  size_t ne = 0;
  ng_status st = ng_net_edges(net, &edges, &ne);
  if (st)
    return st;
  header(t, cols, sizeof cols / sizeof *cols);
  for (size_t i = 0; i < ne; i++) {
    const ng_net_edge *g = &edges[i];
    char w[32];
    snprintf(w, sizeof w, "%zu", g->weight);
    field(t, net->actors[g->src].label);
    field(t, net->actors[g->tgt].label);
    field(t, w);
    field(t, g->first);
    field(t, g->last);
    field(t, net->actors[g->src].iri);
    field(t, net->actors[g->tgt].iri);
    end_row(t);
  }
  ng_net_edges_free(edges, ne);
  return NG_OK;
}

static int from_store(ng_world *w, const char *spec, const char *article,
                      ng_net *net) {
  ng_store *s = NULL;
  ng_status st = ng_store_open(w, spec, NG_STORE_READONLY, &s);
  if (st) {
    ng_cli_error("cannot open the store %s: %s", spec, ng_status_string(st));
    return ng_cli_exit_code(st);
  }
  st = ng_net_load_article(net, s, article);
  ng_store_close(s);
  if (st == NG_ERR_ARG)
    return NG_EXIT_USAGE;
  return st ? ng_cli_exit_code(st) : NG_EXIT_OK;
}

/* An optional argument given as the next word: "--events tsv". */
static int format_word(int argc, char **argv, int *tsv) {
  if (optind < argc &&
      (!strcmp(argv[optind], "csv") || !strcmp(argv[optind], "tsv"))) {
    *tsv = argv[optind][0] == 't';
    optind++;
    return 1;
  }
  return 0;
}

int ng_cmd_export(int argc, char **argv) {
  static const struct option longopts[] = {
      {"events", optional_argument, NULL, 'E'},
      {"edges", optional_argument, NULL, 'G'},
      {"output", required_argument, NULL, 'o'},
      {"store", required_argument, NULL, 's'},
      {"article", required_argument, NULL, 'a'},
      {"help", no_argument, NULL, 'h'},
      NG_CLI_INPUT_LONGOPTS,
      NG_CLI_COMMON_LONGOPTS,
      {NULL, 0, NULL, 0}};
  ng_cli_input in = {-1, NULL, NULL, NULL, NULL, NULL};
  const char *output = NULL, *store = NULL, *article = NULL;
  int kind = -1, tsv = 0, c, r;
  optind = 1;
  while ((c = getopt_long(argc, argv, "o:s:a:vqh", longopts, NULL)) != -1) {
    switch (c) {
    case 'E':
    case 'G':
      if (kind >= 0) {
        ng_cli_error("give one of --events and --edges");
        return NG_EXIT_USAGE;
      }
      kind = c == 'E' ? TABLE_EVENTS : TABLE_EDGES;
      if (optarg) {
        if (strcmp(optarg, "csv") && strcmp(optarg, "tsv")) {
          ng_cli_error("the table format must be csv or tsv, not '%s'", optarg);
          return NG_EXIT_USAGE;
        }
        tsv = optarg[0] == 't';
      } else {
        format_word(argc, argv, &tsv);
      }
      break;
    case 'o':
      output = optarg;
      break;
    case 's':
      store = optarg;
      break;
    case 'a':
      article = optarg;
      break;
    case 'h':
      fputs(export_help, stdout);
      fputs(ng_cli_input_help, stdout);
      fputs("\n", stdout);
      fputs(ng_cli_common_help, stdout);
      return NG_EXIT_OK;
    default:
      r = ng_cli_input_opt(&in, c, optarg);
      if (r < 0)
        return NG_EXIT_USAGE;
      if (r == 0 && !ng_cli_common_opt(c, optarg)) {
        fputs("Try 'newsgraph export --help'.\n", stderr);
        return NG_EXIT_USAGE;
      }
    }
  }
  if (kind < 0) {
    ng_cli_error("export needs --events or --edges; see 'newsgraph export "
                 "--help'");
    return NG_EXIT_USAGE;
  }
  if (article && !store) {
    ng_cli_error("--article needs --store");
    return NG_EXIT_USAGE;
  }
  if (store && optind < argc) {
    ng_cli_error("with --store give no input files");
    return NG_EXIT_USAGE;
  }
  int rc;
  ng_world *w = ng_cli_world(store ? 0 : 1, &rc);
  if (!w)
    return rc;
  ng_net net;
  memset(&net, 0, sizeof net);
  ng_cameo_names names;
  ng_cameo_names_load(&names, ng_world_data_dir(w)); /* names optional */
  if (store) {
    rc = from_store(w, store, article, &net);
  } else {
    ng_net_extract x = {w, &net};
    rc = ng_cli_read_inputs(w, &in, argv + optind, argc - optind,
                            ng_net_add_extracted, &x);
  }
  if (rc == NG_EXIT_OK || rc == NG_EXIT_INPUT) {
    FILE *fp = output ? ng_cli_fopen(output, "wb") : stdout;
    if (!fp) {
      rc = NG_EXIT_SYSTEM;
    } else {
      table_out t = {fp, tsv, 0};
      ng_status st = kind == TABLE_EVENTS ? write_events(&net, &names, &t)
                                          : write_edges(&net, &t);
      int werr = ferror(fp);
      if ((fp != stdout ? fclose(fp) : fflush(fp)) || werr) {
        ng_cli_error("cannot write %s: %s", output ? output : "the output",
                     strerror(errno));
        if (!st)
          st = NG_ERR_IO;
      }
      if (st)
        rc = ng_cli_exit_code(st);
    }
  }
  ng_cameo_names_free(&names);
  ng_net_free(&net);
  ng_world_free(w);
  return rc;
}
