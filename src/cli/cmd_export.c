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
    "Usage: newsgraph export (--events|--edges) [csv|tsv|jsonl] [OPTIONS] "
    "[FILE...|-]\n"
    "       newsgraph export (--events|--edges) [csv|tsv|jsonl] --store SPEC "
    "[--article ID]\n"
    "Writes the events of articles (extracted as by 'newsgraph extract')\n"
    "or of a store as a table for pandas, R, spreadsheets, Gephi or\n"
    "NetworkX.\n"
    "\n"
    "  --events [FMT]    one row per event (csv, the default, tsv or\n"
    "                    jsonl): event_id, date, date_basis,\n"
    "                    article_date, source_name, source_code,\n"
    "                    source_type, source_country, target_name,\n"
    "                    target_code, target_type, target_country,\n"
    "                    cameo, cameo_root, cameo_name, plover,\n"
    "                    quad_class, goldstein, place_name,\n"
    "                    place_country, factuality, article_id, url,\n"
    "                    evidence, source_iri, target_iri\n"
    "  --edges [FMT]     one row per directed pair of actors:\n"
    "                    source, target, weight (the number of events),\n"
    "                    first_date, last_date, source_iri, target_iri\n"
    "  -o, --output FILE write to FILE instead of standard output\n"
    "  -s, --store SPEC  read the events from a store\n"
    "  -a, --article ID  only the article with this id (or IRI)\n"
    "\n"
    "An event with several sources or targets keeps one row: their names,\n"
    "codes, types, countries and IRIs are joined with '; '.  An event\n"
    "without a target has empty target columns.  date is the event's\n"
    "(YYYY-MM-DD, YYYY-MM or YYYY); date_basis says where it comes from:\n"
    "'text' or 'article' (the article's date, for want of one in the\n"
    "text).  Countries are ISO 3166 alpha-3.  CSV follows RFC 4180 (a\n"
    "header row, CRLF line ends, fields with a comma, quote or line break\n"
    "quoted, quotes doubled) and always quotes the code columns\n"
    "(source_code, target_code, cameo, cameo_root) so that a spreadsheet\n"
    "that keeps quoted fields as text keeps '062' (see the man page); read\n"
    "them as text: pandas dtype=str, R colClasses=\"character\".  TSV has a\n"
    "header row and no quoting, so tabs and line breaks inside a field\n"
    "become spaces.  JSON Lines has one object per row with the column\n"
    "names as keys, null for an empty field, codes as strings.\n"
    "\n";

typedef enum table_kind { TABLE_EVENTS = 0, TABLE_EDGES } table_kind;
typedef enum table_format { FMT_CSV = 0, FMT_TSV, FMT_JSONL } table_format;

/* How a column is written: plain text, a code kept as text (CSV quotes
 * it always, so that a spreadsheet told to keep quoted fields as text
 * keeps "062" and "030"), or a number (JSON Lines writes it bare). */
typedef enum col_kind { COL_TEXT = 0, COL_CODE, COL_NUMBER } col_kind;

typedef struct table_out {
  FILE *fp;
  table_format fmt;
  size_t col; /* the next column of the current row */
  const char *const *names; /* the column names (JSON Lines keys) */
} table_out;

static void json_string(FILE *fp, const char *s) {
  fputc('"', fp);
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p == '"' || *p == '\\')
      fprintf(fp, "\\%c", *p);
    else if (*p == '\n')
      fputs("\\n", fp);
    else if (*p == '\r')
      fputs("\\r", fp);
    else if (*p == '\t')
      fputs("\\t", fp);
    else if (*p < 0x20 || *p == 0x7f)
      fprintf(fp, "\\u%04x", *p);
    else
      fputc(*p, fp);
  }
  fputc('"', fp);
}

static void field_kind(table_out *t, const char *s, col_kind kind) {
  size_t col = t->col++;
  if (t->fmt == FMT_JSONL) {
    fputs(col ? "," : "{", t->fp);
    json_string(t->fp, t->names[col]);
    fputc(':', t->fp);
    if (!s || !*s)
      fputs("null", t->fp);
    else if (kind == COL_NUMBER)
      fputs(s, t->fp);
    else
      json_string(t->fp, s);
    return;
  }
  if (col)
    fputc(t->fmt == FMT_TSV ? '\t' : ',', t->fp);
  if (!s)
    return;
  if (t->fmt == FMT_TSV) {
    for (const char *p = s; *p; p++)
      fputc(*p == '\t' || *p == '\n' || *p == '\r' ? ' ' : *p, t->fp);
    return;
  }
  if (!strpbrk(s, ",\"\r\n") && !(kind == COL_CODE && *s)) {
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

static void field(table_out *t, const char *s) { field_kind(t, s, COL_TEXT); }

static void end_row(table_out *t) {
  if (t->fmt == FMT_JSONL)
    fputs(t->col ? "}\n" : "{}\n", t->fp);
  else
    fputs(t->fmt == FMT_TSV ? "\n" : "\r\n", t->fp);
  t->col = 0;
}

static void header(table_out *t, const char *const *names, size_t n) {
  t->names = names;
  if (t->fmt == FMT_JSONL)
    return; /* every line names its keys */
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

/* What of an actor join_actors writes. */
typedef enum actor_field {
  AF_NAME = 0,
  AF_TYPE,
  AF_IRI,
  AF_COUNTRY
} actor_field;

/* The WHAT of the N actors XS joined by "; ". */
static char *join_actors(const ng_net *net, const size_t *xs, size_t n,
                         actor_field what) {
  ng_cli_buf b = {NULL, 0, 0, 0};
  int any = 0;
  for (size_t i = 0; i < n; i++) {
    const ng_net_actor *a = &net->actors[xs[i]];
    const char *v = what == AF_NAME   ? a->label
                    : what == AF_TYPE ? a->type
                    : what == AF_IRI  ? a->iri
                                      : a->iso3;
    if (i)
      ng_cli_buf_adds(&b, "; ");
    ng_cli_buf_adds(&b, v ? v : "");
    any |= v && *v;
  }
  if (!any) /* "; " alone says nothing */
    ng_cli_buf_free(&b);
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

/* The event table's columns, in order (see newsgraph-export(1)). */
enum {
  C_EVENT_ID = 0, C_DATE, C_DATE_BASIS, C_ARTICLE_DATE, C_SOURCE_NAME,
  C_SOURCE_CODE, C_SOURCE_TYPE, C_SOURCE_COUNTRY, C_TARGET_NAME,
  C_TARGET_CODE, C_TARGET_TYPE, C_TARGET_COUNTRY, C_CAMEO, C_CAMEO_ROOT,
  C_CAMEO_NAME, C_PLOVER, C_QUAD_CLASS, C_GOLDSTEIN, C_PLACE_NAME,
  C_PLACE_COUNTRY, C_FACTUALITY, C_ARTICLE_ID, C_URL, C_EVIDENCE,
  C_SOURCE_IRI, C_TARGET_IRI, C_COUNT_
};

static const char *const event_cols[C_COUNT_] = {
    "event_id",       "date",          "date_basis",    "article_date",
    "source_name",    "source_code",   "source_type",   "source_country",
    "target_name",    "target_code",   "target_type",   "target_country",
    "cameo",          "cameo_root",    "cameo_name",    "plover",
    "quad_class",     "goldstein",     "place_name",    "place_country",
    "factuality",     "article_id",    "url",           "evidence",
    "source_iri",     "target_iri"};

static col_kind event_col_kind(size_t c) {
  switch (c) {
  case C_SOURCE_CODE:
  case C_TARGET_CODE:
  case C_CAMEO:
  case C_CAMEO_ROOT:
    return COL_CODE;
  case C_QUAD_CLASS:
  case C_GOLDSTEIN:
    return COL_NUMBER;
  default:
    return COL_TEXT;
  }
}

static ng_status write_events(const ng_net *net, const ng_cameo_names *names,
                              table_out *t) {
  header(t, event_cols, C_COUNT_);
  for (size_t i = 0; i < net->n_events; i++) {
    const ng_net_event *e = &net->events[i];
    const ng_net_article *a = &net->articles[e->article];
    enum { J_SN, J_SC, J_ST, J_SK, J_TN, J_TC, J_TT, J_TK, J_SI, J_TI, J_N };
    char *v[J_N] = {join_actors(net, e->src, e->n_src, AF_NAME),
                    join_codes(e->src_codes),
                    join_actors(net, e->src, e->n_src, AF_TYPE),
                    join_actors(net, e->src, e->n_src, AF_COUNTRY),
                    join_actors(net, e->tgt, e->n_tgt, AF_NAME),
                    join_codes(e->tgt_codes),
                    join_actors(net, e->tgt, e->n_tgt, AF_TYPE),
                    join_actors(net, e->tgt, e->n_tgt, AF_COUNTRY),
                    join_actors(net, e->src, e->n_src, AF_IRI),
                    join_actors(net, e->tgt, e->n_tgt, AF_IRI)};
    int ok = 1;
    for (size_t k = 0; k < J_N; k++)
      ok &= v[k] != NULL;
    if (ok) {
      char quad[16] = "", root[3] = "";
      if (e->quad)
        snprintf(quad, sizeof quad, "%d", e->quad);
      if (e->cameo && strlen(e->cameo) >= 2)
        memcpy(root, e->cameo, 2);
      const char *row[C_COUNT_] = {
          [C_EVENT_ID] = e->iri,
          [C_DATE] = e->date,
          [C_DATE_BASIS] = e->date_basis,
          [C_ARTICLE_DATE] = a->date,
          [C_SOURCE_NAME] = v[J_SN],
          [C_SOURCE_CODE] = v[J_SC],
          [C_SOURCE_TYPE] = v[J_ST],
          [C_SOURCE_COUNTRY] = v[J_SK],
          [C_TARGET_NAME] = v[J_TN],
          [C_TARGET_CODE] = v[J_TC],
          [C_TARGET_TYPE] = v[J_TT],
          [C_TARGET_COUNTRY] = v[J_TK],
          [C_CAMEO] = e->cameo,
          [C_CAMEO_ROOT] = root,
          [C_CAMEO_NAME] = ng_cameo_name(names, e->cameo),
          [C_PLOVER] = e->plover,
          [C_QUAD_CLASS] = quad,
          [C_GOLDSTEIN] = ng_cameo_goldstein(names, e->cameo),
          [C_PLACE_NAME] = e->place,
          [C_PLACE_COUNTRY] = e->place_iso3,
          [C_FACTUALITY] = e->factuality,
          [C_ARTICLE_ID] = a->id,
          [C_URL] = a->url,
          [C_EVIDENCE] = e->evidence,
          [C_SOURCE_IRI] = v[J_SI],
          [C_TARGET_IRI] = v[J_TI]};
      for (size_t c = 0; c < C_COUNT_; c++)
        field_kind(t, row[c], event_col_kind(c));
      end_row(t);
    }
    for (size_t k = 0; k < J_N; k++)
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
    field_kind(t, w, COL_NUMBER);
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

/* The table format named S (csv, tsv, jsonl), or -1. */
static int format_of(const char *s) {
  return !strcmp(s, "csv")     ? FMT_CSV
         : !strcmp(s, "tsv")   ? FMT_TSV
         : !strcmp(s, "jsonl") ? FMT_JSONL
                               : -1;
}

/* An optional argument given as the next word: "--events tsv". */
static int format_word(int argc, char **argv, int *fmt) {
  if (optind < argc && format_of(argv[optind]) >= 0) {
    *fmt = format_of(argv[optind]);
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
  int kind = -1, fmt = FMT_CSV, c, r;
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
        if ((fmt = format_of(optarg)) < 0) {
          ng_cli_error("the table format must be csv, tsv or jsonl, not '%s'",
                       optarg);
          return NG_EXIT_USAGE;
        }
      } else {
        format_word(argc, argv, &fmt);
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
      table_out t = {fp, (table_format)fmt, 0, NULL};
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
