/* cmd_viz.c - newsgraph viz: the actor network as Graphviz DOT, SVG or
 * PNG.  Actors are nodes shaped and coloured by type; events are edges
 * labelled with their CAMEO name, code and date, coloured by quad class.
 * Layout and rendering are Graphviz's (libgvc, loaded when viz runs, if
 * newsgraph was built with it and it loads; else the dot program); this
 * file only writes DOT. */
#include <errno.h>
#include <getopt.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "actor_param.h"
#include "cli.h"
#include "input.h"
#include "network.h"

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
#define NG_OPTLIB_GVC
#include "optlib.h"

extern char **environ;

/* cmd_query.c: puts --param values into a query, escaped. */
int ng_cli_bind_params(const char *text, const char *const *names,
                       const char *const *values, size_t n, char **out,
                       char *err, size_t errsz);

static const char viz_help[] =
    "Usage: newsgraph viz [OPTIONS] [FILE...|-]\n"
    "       newsgraph viz --store SPEC [--article ID|IRI] [OPTIONS]\n"
    "       newsgraph viz --store SPEC --query NAME|FILE.rq "
    "[--param NAME=VALUE]...\n"
    "Draws the actor network of articles: actors are nodes shaped and\n"
    "coloured by type, events are arrows from source to target labelled\n"
    "with their CAMEO name, code and date and coloured by quad class\n"
    "(blue: verbal cooperation, green: material cooperation, orange:\n"
    "verbal conflict, red: material conflict; dashed: verbal).\n"
    "\n"
    "The network comes from articles (extracted as by 'newsgraph extract'),\n"
    "from the events of a store (all, or one article's), or from the rows\n"
    "of a SELECT query on a store: each row is an event from ?source to\n"
    "?target (IRIs or labels), with optional ?cameo, ?date, ?quad,\n"
    "?sourceLabel, ?targetLabel, ?sourceType and ?targetType.\n"
    "\n"
    "Output:\n"
    "  -T, --format F    dot, svg or png (default: from the extension of\n"
    "                    the -o file, else dot)\n"
    "  -o, --output FILE write to FILE instead of standard output\n"
    "  --layout ENGINE   Graphviz layout: dot (default), neato, fdp, sfdp,\n"
    "                    circo\n"
    "  --all-actors      also draw actors on no arrow (in no event, or\n"
    "                    only in events without a target)\n"
    "  --max-lines N     event lines on one arrow before '+N more'\n"
    "                    (default 3)\n"
    "Store:\n"
    "  -s, --store SPEC  read the network from a store (see 'newsgraph\n"
    "                    load --help') instead of extracting articles\n"
    "  -a, --article ID  only the article with this id (or IRI)\n"
    "  -Q, --query Q     a bundled query NAME or a query FILE\n"
    "  -p, --param NAME=VALUE   a value for $NAME in the query\n"
    "\n"
    "Labels are escaped: any text an article holds is drawn as text.\n"
    "\n";

typedef enum out_format { OUT_DOT = 0, OUT_SVG, OUT_PNG } out_format;

typedef struct viz_opts {
  out_format format;
  int format_set;
  const char *output;
  const char *layout;
  const char *store;
  const char *article;
  const char *query;
  int all_actors;
  long max_lines;
  const char *pnames[16], *pvalues[16];
  char *pbuf[16];
  size_t np;
} viz_opts;

/* ------------------------------------------------------------------ */
/* Text in DOT                                                         */
/* ------------------------------------------------------------------ */

/* The byte length of the first MAX code points of S (and *CUT = 1 when
 * S is longer). */
static size_t utf8_prefix(const char *s, size_t max, int *cut) {
  size_t i = 0, cps = 0;
  *cut = 0;
  while (s[i]) {
    if (cps == max) {
      *cut = 1;
      return i;
    }
    i++;
    while ((s[i] & 0xc0) == 0x80)
      i++;
    cps++;
  }
  return i;
}

/* N bytes of S in a DOT quoted string: quotes and backslashes escaped
 * (a backslash would start a Graphviz escape such as \N or \l), '&' as
 * "&amp;" (Graphviz reads entities such as "&lt;" in every label), line
 * breaks and control characters turned into spaces. */
static void dot_text(ng_cli_buf *b, const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '&') {
      ng_cli_buf_adds(b, "&amp;");
    } else if (c == '"' || c == '\\') {
      ng_cli_buf_addc(b, '\\');
      ng_cli_buf_addc(b, (char)c);
    } else if (c < 0x20 || c == 0x7f) {
      ng_cli_buf_addc(b, ' ');
    } else {
      ng_cli_buf_addc(b, (char)c);
    }
  }
}

/* S shortened to MAX code points (with an ellipsis) in a DOT string. */
static void dot_short(ng_cli_buf *b, const char *s, size_t max) {
  int cut;
  size_t n = utf8_prefix(s, max, &cut);
  dot_text(b, s, n);
  if (cut)
    ng_cli_buf_adds(b, "\xe2\x80\xa6");
}

/* S wrapped at spaces into lines of about WIDTH code points (at most
 * three lines; the rest is cut with an ellipsis). */
static void dot_wrapped(ng_cli_buf *b, const char *s, size_t width) {
  int cut;
  size_t n = utf8_prefix(s, width * 3, &cut);
  size_t line_start = 0, cps = 0, last_space = 0;
  int has_space = 0;
  for (size_t i = 0; i < n;) {
    size_t len = 1;
    while (i + len < n && ((unsigned char)s[i + len] & 0xc0) == 0x80)
      len++;
    if (s[i] == ' ') {
      last_space = i;
      has_space = 1;
    }
    cps++;
    i += len;
    if (cps > width && has_space) {
      dot_text(b, s + line_start, last_space - line_start);
      ng_cli_buf_adds(b, "\\n");
      line_start = last_space + 1;
      has_space = 0;
      cps = 0;
      for (size_t k = line_start; k < i; k++)
        cps += ((unsigned char)s[k] & 0xc0) != 0x80;
    }
  }
  dot_text(b, s + line_start, n - line_start);
  if (cut)
    ng_cli_buf_adds(b, "\xe2\x80\xa6");
}

/* Text in an HTML-like label: & < > " escaped. */
static void html_text(ng_cli_buf *b, const char *s, size_t max) {
  int cut;
  size_t n = utf8_prefix(s, max, &cut);
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    switch (c) {
    case '&':
      ng_cli_buf_adds(b, "&amp;");
      break;
    case '<':
      ng_cli_buf_adds(b, "&lt;");
      break;
    case '>':
      ng_cli_buf_adds(b, "&gt;");
      break;
    case '"':
      ng_cli_buf_adds(b, "&quot;");
      break;
    default:
      ng_cli_buf_addc(b, c < 0x20 || c == 0x7f ? ' ' : (char)c);
      break;
    }
  }
  if (cut)
    ng_cli_buf_adds(b, "\xe2\x80\xa6");
}

/* ------------------------------------------------------------------ */
/* Styles                                                              */
/* ------------------------------------------------------------------ */

typedef struct type_style {
  const char *type, *shape, *fill, *name;
} type_style;

static const type_style type_styles[] = {
    {"Person", "ellipse", "#fdd9b5", "person"},
    {"Government", "box", "#c6dbef", "government"},
    {"Country", "box3d", "#e0ecf4", "country"},
    {"IGO", "hexagon", "#c7e9c0", "intergovernmental org."},
    {"ArmedGroup", "octagon", "#fcaeae", "armed group"},
    {"MilitaryForce", "house", "#d9d9d9", "state force"},
    {"Media", "note", "#f2f0f7", "media"},
    {"Organization", "tab", "#fff7bc", "organisation"},
};

static const type_style unknown_style = {NULL, "box", "#ffffff", "other"};

static const type_style *style_of(const char *type) {
  for (size_t i = 0; type && i < sizeof type_styles / sizeof *type_styles; i++)
    if (!strcmp(type, type_styles[i].type))
      return &type_styles[i];
  return &unknown_style;
}

/* Quad classes: colour, line style, name. */
static const char *const quad_color[5] = {"#636363", "#2171b5", "#238b45",
                                          "#d94801", "#cb181d"};
static const char *const quad_style[5] = {"solid", "dashed", "solid", "dashed",
                                          "bold"};
static const char *const quad_name[5] = {
    "other", "verbal cooperation", "material cooperation", "verbal conflict",
    "material conflict"};

/* ------------------------------------------------------------------ */
/* DOT                                                                 */
/* ------------------------------------------------------------------ */

static void write_legend(ng_cli_buf *b, const ng_net *net,
                         const unsigned char *drawn, const int *quads) {
  int used[sizeof type_styles / sizeof *type_styles + 1];
  memset(used, 0, sizeof used);
  for (size_t i = 0; i < net->n_actors; i++) {
    if (!drawn[i])
      continue;
    const type_style *s = style_of(net->actors[i].type);
    size_t k = s == &unknown_style ? sizeof type_styles / sizeof *type_styles
                                   : (size_t)(s - type_styles);
    used[k] = 1;
  }
  ng_cli_buf_adds(b, "  label=<<TABLE BORDER=\"0\" CELLSPACING=\"4\" "
                     "CELLPADDING=\"3\">");
  /* the title: the article, or the number of articles */
  ng_cli_buf_adds(b, "<TR><TD COLSPAN=\"20\"><B>");
  if (net->n_articles == 1) {
    const ng_net_article *a = &net->articles[0];
    html_text(b, a->title ? a->title : a->id ? a->id : a->iri, 120);
    if (a->date) {
      ng_cli_buf_adds(b, " (");
      html_text(b, a->date, 32);
      ng_cli_buf_adds(b, ")");
    }
  } else {
    ng_cli_buf_printf(b, "%zu articles", net->n_articles);
  }
  ng_cli_buf_adds(b, "</B></TD></TR><TR>");
  for (size_t k = 0; k <= sizeof type_styles / sizeof *type_styles; k++) {
    if (!used[k])
      continue;
    const type_style *s = k < sizeof type_styles / sizeof *type_styles
                              ? &type_styles[k]
                              : &unknown_style;
    ng_cli_buf_printf(b, "<TD BGCOLOR=\"%s\" BORDER=\"1\">%s</TD>", s->fill,
                      s->name);
  }
  ng_cli_buf_adds(b, "</TR><TR>");
  for (int q = 1; q <= 4; q++)
    if (quads[q])
      ng_cli_buf_printf(b, "<TD><FONT COLOR=\"%s\">%s %s</FONT></TD>",
                        quad_color[q],
                        q % 2 ? "- - \xe2\x86\x92" : "\xe2\x80\x94\xe2\x86\x92",
                        quad_name[q]);
  ng_cli_buf_adds(b, "</TR></TABLE>>;\n");
}

/* One arrow: the events of EDGE whose quad class is Q. */
static void write_arrow(ng_cli_buf *b, const ng_net *net,
                        const ng_cameo_names *names, const ng_net_edge *g,
                        int q, long max_lines) {
  size_t nlines = 0, more = 0;
  ng_cli_buf label = {NULL, 0, 0, 0}, tip = {NULL, 0, 0, 0};
  for (size_t k = 0; k < g->weight; k++) {
    const ng_net_event *e = &net->events[g->events[k]];
    if ((e->quad >= 1 && e->quad <= 4 ? e->quad : 0) != q)
      continue;
    /* one line per distinct code and date */
    int dup = 0;
    for (size_t j = 0; j < k && !dup; j++) {
      const ng_net_event *o = &net->events[g->events[j]];
      dup = (o->quad >= 1 && o->quad <= 4 ? o->quad : 0) == q &&
            !strcmp(o->cameo ? o->cameo : "", e->cameo ? e->cameo : "") &&
            !strcmp(o->date ? o->date : "", e->date ? e->date : "");
    }
    if (!dup && (long)nlines < max_lines) {
      const char *name = ng_cameo_name(names, e->cameo);
      if (nlines)
        ng_cli_buf_adds(&label, "\\n");
      if (name) {
        dot_short(&label, name, 36);
        ng_cli_buf_adds(&label, " ");
      }
      ng_cli_buf_adds(&label, "(");
      dot_short(&label, e->cameo ? e->cameo : "?", 8);
      ng_cli_buf_adds(&label, ")");
      if (e->date) {
        ng_cli_buf_adds(&label, " ");
        dot_short(&label, e->date, 16);
      }
      nlines++;
    } else if (!dup) {
      more++;
    }
    /* the evidence sentences, each once */
    int seen = 0;
    for (size_t j = 0; j < k && e->evidence && !seen; j++) {
      const ng_net_event *o = &net->events[g->events[j]];
      seen = (o->quad >= 1 && o->quad <= 4 ? o->quad : 0) == q && o->evidence &&
             !strcmp(o->evidence, e->evidence);
    }
    if (e->evidence && !seen && tip.len < 900) {
      if (tip.len)
        ng_cli_buf_adds(&tip, " | ");
      dot_short(&tip, e->evidence, 300);
    }
  }
  if (!nlines) {
    ng_cli_buf_free(&label);
    ng_cli_buf_free(&tip);
    return;
  }
  if (more)
    ng_cli_buf_printf(&label, "\\n+%zu more", more);
  ng_cli_buf_printf(b,
                    "  a%zu -> a%zu [label=\"%s\", color=\"%s\", "
                    "fontcolor=\"%s\", style=\"%s\", tooltip=\"%s\"];\n",
                    g->src, g->tgt, label.s ? label.s : "", quad_color[q],
                    quad_color[q], quad_style[q], tip.s ? tip.s : "");
  if (label.failed || tip.failed)
    b->failed = 1;
  ng_cli_buf_free(&label);
  ng_cli_buf_free(&tip);
}

static ng_status write_dot(const ng_net *net, const ng_cameo_names *names,
                           const viz_opts *o, ng_cli_buf *b) {
  ng_net_edge *edges = NULL;
  size_t ne = 0;
  ng_status st = ng_net_edges(net, &edges, &ne);
  if (st)
    return st;
  unsigned char *drawn = calloc(net->n_actors ? net->n_actors : 1, 1);
  if (!drawn) {
    ng_net_edges_free(edges, ne);
    return NG_ERR_NOMEM;
  }
  int quads[5] = {0, 0, 0, 0, 0};
  /* actors on no arrow (events without a target) only on request: a
   * row of loose boxes hides the network */
  for (size_t i = 0; i < net->n_actors; i++)
    drawn[i] = (unsigned char)o->all_actors;
  for (size_t i = 0; i < ne; i++) {
    drawn[edges[i].src] = drawn[edges[i].tgt] = 1;
    for (size_t k = 0; k < edges[i].weight; k++) {
      int q = net->events[edges[i].events[k]].quad;
      quads[q >= 1 && q <= 4 ? q : 0] = 1;
    }
  }

  ng_cli_buf_adds(b, "digraph newsgraph {\n"
                     "  graph [charset=\"UTF-8\", rankdir=TB, "
                     "fontname=\"Helvetica\", fontsize=11, nodesep=0.3, "
                     "ranksep=0.6, pad=0.3, labelloc=b, overlap=false, "
                     "splines=true, outputorder=edgesfirst];\n"
                     "  node [fontname=\"Helvetica\", fontsize=11, "
                     "style=\"filled\", penwidth=1.2, margin=\"0.12,0.05\"];"
                     "\n"
                     "  edge [fontname=\"Helvetica\", fontsize=9, "
                     "arrowsize=0.7, penwidth=1.3];\n");
  write_legend(b, net, drawn, quads);
  for (size_t i = 0; i < net->n_actors; i++) {
    const ng_net_actor *a = &net->actors[i];
    if (!drawn[i])
      continue;
    const type_style *s = style_of(a->type);
    ng_cli_buf_printf(b, "  a%zu [label=\"", i);
    dot_wrapped(b, a->label ? a->label : a->iri, 24);
    if (a->code) {
      ng_cli_buf_adds(b, "\\n");
      dot_short(b, a->code, 16);
    }
    ng_cli_buf_printf(b, "\", shape=%s, fillcolor=\"%s\", tooltip=\"", s->shape,
                      s->fill);
    dot_short(b, a->type ? a->type : "actor", 20);
    ng_cli_buf_adds(b, ": ");
    /* actors of a query's rows are keyed "label:NAME": no IRI to show */
    dot_short(b, strncmp(a->iri, "label:", 6) ? a->iri : a->iri + 6, 200);
    ng_cli_buf_adds(b, "\"");
    if (s == &unknown_style)
      ng_cli_buf_adds(b, ", style=\"dashed\"");
    ng_cli_buf_adds(b, "];\n");
  }
  for (size_t i = 0; i < ne; i++)
    for (int q = 0; q <= 4; q++)
      write_arrow(b, net, names, &edges[i], q, o->max_lines);
  ng_cli_buf_adds(b, "}\n");
  free(drawn);
  ng_net_edges_free(edges, ne);
  return b->failed ? NG_ERR_NOMEM : NG_OK;
}

/* ------------------------------------------------------------------ */
/* Rendering                                                           */
/* ------------------------------------------------------------------ */

static const char *const format_names[] = {"dot", "svg", "png"};

#ifdef NG_HAVE_GVC
/* Lays out and renders DOT with libgvc (GV, loaded by ng_cli_load_gvc). */
static ng_status render_gvc(const ng_gvc_api *gv, const char *dot,
                            const char *layout, out_format f, FILE *fp) {
  ng_status st = NG_OK;
  gv->seterr(AGERR); /* warnings (fonts...) are not errors */
  GVC_t *gvc = gv->Context();
  if (!gvc)
    return NG_ERR_NOMEM;
  Agraph_t *g = gv->memread(dot);
  if (!g) {
    ng_cli_error("Graphviz cannot read the graph");
    st = NG_ERR_INPUT;
  } else if (gv->Layout(gvc, g, layout)) {
    ng_cli_error("Graphviz has no layout engine '%s'", layout);
    st = NG_ERR_ARG;
  } else {
    if (gv->Render(gvc, g, format_names[f], fp)) {
      ng_cli_error("Graphviz cannot write %s", format_names[f]);
      st = NG_ERR_IO;
    }
    gv->FreeLayout(gvc, g);
  }
  if (g)
    gv->close(g);
  gv->FreeContext(gvc);
  return st;
}
#endif

/* Lays out and renders DOT with the dot program, writing to FP. */
static ng_status render_dot(const char *dot, const char *layout,
                            out_format f, FILE *fp) {
  int in[2];
  char fmt[16], eng[64];
  snprintf(fmt, sizeof fmt, "-T%s", format_names[f]);
  snprintf(eng, sizeof eng, "-K%s", layout);
  char *argv[] = {"dot", fmt, eng, NULL};
  if (fflush(fp) || pipe(in))
    return NG_ERR_IO;
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, in[0], 0);
  posix_spawn_file_actions_adddup2(&fa, fileno(fp), 1);
  posix_spawn_file_actions_addclose(&fa, in[1]);
  pid_t pid;
  int rc = posix_spawnp(&pid, "dot", &fa, NULL, argv, environ);
  posix_spawn_file_actions_destroy(&fa);
  close(in[0]);
  if (rc) {
    close(in[1]);
    ng_cli_error("cannot run Graphviz's dot program: %s (install graphviz, "
                 "or write -T dot)",
                 strerror(rc));
    return NG_ERR_IO;
  }
  size_t n = strlen(dot), off = 0;
  while (off < n) {
    ssize_t k = write(in[1], dot + off, n - off);
    if (k < 0 && errno == EINTR)
      continue;
    if (k <= 0)
      break;
    off += (size_t)k;
  }
  close(in[1]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
    ;
  if (off < n || !WIFEXITED(status) || WEXITSTATUS(status)) {
    ng_cli_error("Graphviz's dot program failed");
    return NG_ERR_IO;
  }
  return NG_OK;
}

/* Lays out and renders DOT: with Graphviz's library when it loads, else
 * with its dot program. */
static ng_status render(const char *dot, const char *layout, out_format f,
                        FILE *fp) {
#ifdef NG_HAVE_GVC
  const ng_gvc_api *gv = ng_cli_load_gvc(1);
  if (gv)
    return render_gvc(gv, dot, layout, f, fp);
#endif
  return render_dot(dot, layout, f, fp);
}

/* ------------------------------------------------------------------ */
/* Sources of the network                                              */
/* ------------------------------------------------------------------ */

/* The local name of an IRI: after its last '#' or '/'. */
static const char *local_name(const char *iri) {
  const char *h = strrchr(iri, '#'), *s = strrchr(iri, '/');
  const char *p = h > s ? h : s;
  return p && p[1] ? p + 1 : iri;
}

/* One row of a user query as an event.  ROLE names: source, target. */
static ng_status query_row(ng_net *net, const ng_cli_table *t, size_t r,
                           size_t article) {
  static const char *const roles[2] = {"source", "target"};
  size_t x[2];
  for (int k = 0; k < 2; k++) {
    char lab[32], typ[32];
    snprintf(lab, sizeof lab, "%sLabel", roles[k]);
    snprintf(typ, sizeof typ, "%sType", roles[k]);
    const char *v = ng_cli_table_str(t, r, ng_cli_table_col(t, roles[k]));
    if (!v)
      return NG_OK; /* no such actor in this row: nothing to draw */
    long cv = ng_cli_table_col(t, roles[k]);
    int is_iri = t->cells[r * t->ncols + (size_t)cv].kind == NG_CELL_IRI;
    const char *label = ng_cli_table_str(t, r, ng_cli_table_col(t, lab));
    const char *type = ng_cli_table_str(t, r, ng_cli_table_col(t, typ));
    if (!label)
      label = is_iri ? local_name(v) : v;
    if (type)
      type = local_name(type);
    /* literals and IRIs apart: "Iraq" the label is not <Iraq> */
    ng_cli_buf key = {NULL, 0, 0, 0};
    ng_cli_buf_printf(&key, "%s%s", is_iri ? "" : "label:", v);
    size_t i;
    if (key.failed) {
      ng_cli_buf_free(&key);
      return NG_ERR_NOMEM;
    }
    if (!ng_cli_map_get(&net->actor_ix, key.s, &i)) {
      ng_net_actor *na = realloc(net->actors, (net->n_actors + 1) * sizeof *na);
      if (!na) {
        ng_cli_buf_free(&key);
        return NG_ERR_NOMEM;
      }
      net->actors = na;
      ng_net_actor *a = &net->actors[net->n_actors];
      memset(a, 0, sizeof *a);
      a->iri = key.s;
      key.s = NULL;
      a->label = ng_cli_strndup(label, strlen(label));
      a->type = type ? ng_cli_strndup(type, strlen(type)) : NULL;
      i = net->n_actors++;
      if (!a->label || (type && !a->type) ||
          ng_cli_map_put(&net->actor_ix, a->iri, i)) {
        ng_cli_buf_free(&key);
        return NG_ERR_NOMEM;
      }
    }
    ng_cli_buf_free(&key);
    x[k] = i;
  }
  ng_net_event *ne = realloc(net->events, (net->n_events + 1) * sizeof *ne);
  if (!ne)
    return NG_ERR_NOMEM;
  net->events = ne;
  ng_net_event *e = &net->events[net->n_events++];
  memset(e, 0, sizeof *e);
  e->article = article;
  e->evidence_at = -1;
  const char *cameo = ng_cli_table_str(t, r, ng_cli_table_col(t, "cameo"));
  const char *date = ng_cli_table_str(t, r, ng_cli_table_col(t, "date"));
  const char *quad = ng_cli_table_str(t, r, ng_cli_table_col(t, "quad"));
  const char *evid = ng_cli_table_str(t, r, ng_cli_table_col(t, "evidence"));
  char iri[32];
  snprintf(iri, sizeof iri, "row/%zu", r + 1);
  e->iri = ng_cli_strndup(iri, strlen(iri));
  e->cameo = cameo ? ng_cli_strndup(cameo, strlen(cameo)) : NULL;
  e->date = date ? ng_cli_strndup(date, strlen(date)) : NULL;
  e->evidence = evid ? ng_cli_strndup(evid, strlen(evid)) : NULL;
  e->src = malloc(sizeof *e->src);
  e->tgt = malloc(sizeof *e->tgt);
  if (!e->iri || (cameo && !e->cameo) || (date && !e->date) ||
      (evid && !e->evidence) || !e->src || !e->tgt)
    return NG_ERR_NOMEM;
  if (quad) {
    e->quad = atoi(quad);
  } else if (cameo && strlen(cameo) >= 2) {
    /* the quad class of the CAMEO root */
    int root = (cameo[0] - '0') * 10 + (cameo[1] - '0');
    e->quad = root >= 1 && root <= 5     ? 1
              : root >= 6 && root <= 8   ? 2
              : root >= 9 && root <= 13  ? 3
              : root >= 14 && root <= 20 ? 4
                                         : 0;
  }
  e->src[0] = x[0];
  e->tgt[0] = x[1];
  e->n_src = e->n_tgt = 1;
  net->actors[x[0]].events++;
  net->actors[x[1]].events++;
  return NG_OK;
}

static int is_query_name(const char *s) {
  if (!*s || strlen(s) > 64)
    return 0;
  for (; *s; s++)
    if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
      return 0;
  return 1;
}

/* Reads the user query Q (a bundled name or a file), binds the
 * parameters and fills NET with one event per row. */
static int net_from_query(ng_world *w, ng_store *s, const viz_opts *o,
                          ng_net *net) {
  char *text = NULL, *bound = NULL;
  int rc = NG_EXIT_OK;
  FILE *fp = is_query_name(o->query) ? NULL : fopen(o->query, "rb");
  if (fp) {
    ng_cli_buf b = {NULL, 0, 0, 0};
    char chunk[4096];
    size_t k;
    while ((k = fread(chunk, 1, sizeof chunk, fp)) > 0)
      ng_cli_buf_add(&b, chunk, k);
    if (ferror(fp) || b.failed) {
      ng_cli_error("cannot read %s", o->query);
      rc = NG_EXIT_SYSTEM;
    }
    fclose(fp);
    text = b.s;
    if (!text && !rc)
      text = ng_cli_strndup("", 0);
  } else if (is_query_name(o->query)) {
    ng_status st = ng_bundled_query(w, o->query, &text);
    if (st)
      rc = st == NG_ERR_ARG ? NG_EXIT_USAGE : ng_cli_exit_code(st);
  } else {
    ng_cli_error("cannot open %s: %s", o->query, strerror(errno));
    rc = NG_EXIT_SYSTEM;
  }
  char err[512];
  if (!rc && ng_cli_bind_params(text, o->pnames, o->pvalues, o->np, &bound, err,
                                sizeof err)) {
    ng_cli_error("%s", err);
    rc = NG_EXIT_USAGE;
  }
  /* an actor by any of its names, as for query */
  if (!rc)
    rc = ng_cli_bind_actor(w, s, text, o->pnames, o->pvalues, o->np, &bound);
  ng_cli_table t;
  memset(&t, 0, sizeof t);
  if (!rc) {
    ng_status st = ng_cli_select(s, bound, &t);
    if (st)
      rc = ng_cli_exit_code(st);
  }
  if (!rc && (ng_cli_table_col(&t, "source") < 0 ||
              ng_cli_table_col(&t, "target") < 0)) {
    ng_cli_error("the query must select ?source and ?target");
    rc = NG_EXIT_USAGE;
  }
  if (!rc) {
    net->articles = calloc(1, sizeof *net->articles);
    if (!net->articles ||
        !(net->articles[0].iri = ng_cli_strndup(o->query, strlen(o->query))))
      rc = NG_EXIT_SYSTEM;
    else
      net->n_articles = net->cap_articles = 1;
  }
  for (size_t r = 0; !rc && r < t.nrows; r++)
    if (query_row(net, &t, r, 0))
      rc = NG_EXIT_SYSTEM;
  ng_cli_table_free(&t);
  free(text);
  free(bound);
  return rc;
}

static int net_from_store(ng_world *w, const viz_opts *o, ng_net *net) {
  ng_store *s = NULL;
  ng_status st = ng_store_open(w, o->store, NG_STORE_READONLY, &s);
  if (st) {
    ng_cli_error("cannot open the store %s: %s", o->store,
                 ng_status_string(st));
    return ng_cli_exit_code(st);
  }
  int rc = NG_EXIT_OK;
  if (o->query) {
    rc = net_from_query(w, s, o, net);
  } else {
    st = ng_net_load_article(net, s, o->article);
    if (st)
      rc = st == NG_ERR_ARG ? NG_EXIT_USAGE : ng_cli_exit_code(st);
  }
  ng_store_close(s);
  return rc;
}

/* ------------------------------------------------------------------ */
/* The command                                                         */
/* ------------------------------------------------------------------ */

static int parse_format(const char *s, out_format *f) {
  for (int i = 0; i < 3; i++)
    if (!strcmp(s, format_names[i]) || (i == 0 && !strcmp(s, "gv"))) {
      *f = (out_format)i;
      return 0;
    }
  return -1;
}

int ng_cmd_viz(int argc, char **argv) {
  static const struct option longopts[] = {
      {"format", required_argument, NULL, 'T'},
      {"output", required_argument, NULL, 'o'},
      {"layout", required_argument, NULL, 'L'},
      {"all-actors", no_argument, NULL, 'A'},
      {"max-lines", required_argument, NULL, 'M'},
      {"store", required_argument, NULL, 's'},
      {"article", required_argument, NULL, 'a'},
      {"query", required_argument, NULL, 'Q'},
      {"param", required_argument, NULL, 'p'},
      {"help", no_argument, NULL, 'h'},
      NG_CLI_INPUT_LONGOPTS,
      NG_CLI_COMMON_LONGOPTS,
      {NULL, 0, NULL, 0}};
  viz_opts o;
  ng_cli_input in = {-1, NULL, NULL, NULL, NULL, NULL};
  memset(&o, 0, sizeof o);
  o.layout = "dot";
  o.max_lines = 3;
  int c, rc = NG_EXIT_OK;
  optind = 1;
  while ((c = getopt_long(argc, argv, "T:o:s:a:Q:p:vqh", longopts, NULL)) !=
         -1) {
    int r;
    switch (c) {
    case 'T':
      if (parse_format(optarg, &o.format)) {
        ng_cli_error("--format must be dot, svg or png");
        rc = NG_EXIT_USAGE;
        goto done;
      }
      o.format_set = 1;
      break;
    case 'o':
      o.output = optarg;
      break;
    case 'L':
      if (!is_query_name(optarg)) {
        ng_cli_error("--layout must name a Graphviz engine (dot, neato...)");
        rc = NG_EXIT_USAGE;
        goto done;
      }
      o.layout = optarg;
      break;
    case 'A':
      o.all_actors = 1;
      break;
    case 'M': {
      char *end;
      o.max_lines = strtol(optarg, &end, 10);
      if (*end || o.max_lines < 1 || o.max_lines > 100) {
        ng_cli_error("--max-lines must be a number from 1 to 100");
        rc = NG_EXIT_USAGE;
        goto done;
      }
      break;
    }
    case 's':
      o.store = optarg;
      break;
    case 'a':
      o.article = optarg;
      break;
    case 'Q':
      o.query = optarg;
      break;
    case 'p': {
      const char *eq = strchr(optarg, '=');
      if (!eq || eq == optarg || o.np == 16) {
        ng_cli_error("--param needs NAME=VALUE (16 at most)");
        rc = NG_EXIT_USAGE;
        goto done;
      }
      if (!(o.pbuf[o.np] = ng_cli_strndup(optarg, (size_t)(eq - optarg)))) {
        rc = NG_EXIT_SYSTEM;
        goto done;
      }
      o.pnames[o.np] = o.pbuf[o.np];
      o.pvalues[o.np++] = eq + 1;
      break;
    }
    case 'h':
      fputs(viz_help, stdout);
      fputs(ng_cli_input_help, stdout);
      fputs("\n", stdout);
      fputs(ng_cli_common_help, stdout);
      goto done;
    default:
      r = ng_cli_input_opt(&in, c, optarg);
      if (r < 0) {
        rc = NG_EXIT_USAGE;
        goto done;
      }
      if (r == 0 && !ng_cli_common_opt(c, optarg)) {
        fputs("Try 'newsgraph viz --help'.\n", stderr);
        rc = NG_EXIT_USAGE;
        goto done;
      }
    }
  }
  if (!o.store && (o.article || o.query || o.np)) {
    ng_cli_error("--article, --query and --param need --store");
    rc = NG_EXIT_USAGE;
    goto done;
  }
  if (o.store && (optind < argc || (o.article && o.query))) {
    ng_cli_error("with --store give --article or --query (not both), and "
                 "no input files");
    rc = NG_EXIT_USAGE;
    goto done;
  }
  if (!o.format_set && o.output) {
    const char *dot = strrchr(o.output, '.');
    if (dot && parse_format(dot + 1, &o.format) == 0)
      o.format_set = 1;
  }

  ng_world *w = ng_cli_world(o.store ? 0 : 1, &rc);
  if (!w)
    goto done;
  ng_net net;
  memset(&net, 0, sizeof net);
  ng_cameo_names names;
  ng_cameo_names_load(&names, ng_world_data_dir(w)); /* names optional */
  if (o.store) {
    rc = net_from_store(w, &o, &net);
  } else {
    ng_net_extract x = {w, &net};
    rc = ng_cli_read_inputs(w, &in, argv + optind, argc - optind,
                            ng_net_add_extracted, &x);
  }
  ng_cli_buf dot = {NULL, 0, 0, 0};
  if (rc == NG_EXIT_OK || rc == NG_EXIT_INPUT) {
    ng_status st = write_dot(&net, &names, &o, &dot);
    FILE *fp = NULL;
    if (st) {
      rc = ng_cli_exit_code(st);
    } else if (!(fp = o.output ? ng_cli_fopen(o.output, "wb") : stdout)) {
      rc = NG_EXIT_SYSTEM;
    } else {
      if (o.format == OUT_DOT)
        st = fwrite(dot.s, 1, dot.len, fp) == dot.len ? NG_OK : NG_ERR_IO;
      else
        st = render(dot.s, o.layout, o.format, fp);
      if ((fp != stdout ? fclose(fp) : fflush(fp)) && !st) {
        ng_cli_error("cannot write %s: %s", o.output ? o.output : "output",
                     strerror(errno));
        st = NG_ERR_IO;
      }
      if (st)
        rc = st == NG_ERR_ARG ? NG_EXIT_USAGE : ng_cli_exit_code(st);
    }
  }
  ng_cli_buf_free(&dot);
  ng_cameo_names_free(&names);
  ng_net_free(&net);
  ng_world_free(w);
done:
  for (size_t i = 0; i < o.np; i++)
    free(o.pbuf[i]);
  return rc;
}
