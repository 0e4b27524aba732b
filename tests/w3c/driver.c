/* driver.c - runs one W3C SPARQL test query for tests/w3c/run.py.
 *
 *   w3c_driver [--engine ours|rasqal] --query FILE [--data FILE]...
 *              [--graph IRI=FILE]...
 *   w3c_driver --syntax 1 --query FILE
 *
 * With --syntax the query is only read (a syntax test): exit 0 when it
 * is SPARQL 1.1, 3 when it is not, 7 when our reader refuses it.
 *
 * The data files go into an in-memory store: --data files into the
 * default graph (a graph of its own), --graph files into the named graph
 * IRI.  The query (its base the file: IRI of FILE) runs as
 * `newsgraph query` runs it (engine ours: newsgraph's evaluator, rasqal
 * for what it leaves; engine rasqal: rasqal only, where the store is one
 * default graph), on that dataset.  SELECT and ASK answers are written as
 * SPARQL JSON results, CONSTRUCT answers as N-Triples, on stdout.
 * Exit: 0 answered, 7 refused (the construct on stderr), 2 any error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sparql/sparql.h"

#define DEFAULT_GRAPH "urn:x-newsgraph-test:default-graph"
#define MAX_FILES 64

static char *read_all(const char *path) {
  FILE *fp = fopen(path, "rb");
  if (!fp)
    return NULL;
  ng_buf b;
  ng_buf_init(&b, 0);
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
    if (ng_buf_add(&b, chunk, n)) {
      fclose(fp);
      ng_buf_free(&b);
      return NULL;
    }
  fclose(fp);
  if (!b.s && ng_buf_adds(&b, ""))
    return NULL;
  return b.s;
}

static char *file_iri(const char *path) {
  char *abs = realpath(path, NULL);
  if (!abs)
    return NULL;
  size_t n = strlen(abs) + 8;
  char *iri = malloc(n);
  if (iri)
    snprintf(iri, n, "file://%s", abs);
  free(abs);
  return iri;
}

typedef struct loader {
  ng_store *s;
  librdf_node *graph;
  int file; /* the file's number: its blank nodes are its own */
  int failed;
} loader;

static raptor_term *own_term(loader *l, raptor_term *t) {
  if (t->type != RAPTOR_TERM_TYPE_BLANK)
    return raptor_term_copy(t);
  char label[512];
  snprintf(label, sizeof label, "f%d_%s", l->file,
           (const char *)t->value.blank.string);
  return raptor_new_term_from_blank(t->world, (const unsigned char *)label);
}

static void add_statement(void *user, raptor_statement *x) {
  loader *l = user;
  raptor_term *parts[3] = {own_term(l, x->subject), own_term(l, x->predicate),
                           own_term(l, x->object)};
  raptor_statement *st =
      parts[0] && parts[1] && parts[2]
          ? raptor_new_statement_from_nodes(x->world, parts[0], parts[1],
                                            parts[2], NULL)
          : NULL;
  if (!st) {
    for (int k = 0; k < 3; k++)
      if (parts[k])
        raptor_free_term(parts[k]);
    l->failed = 1;
    return;
  }
  if (librdf_model_context_add_statement(l->s->model, l->graph, st))
    l->failed = 1;
  raptor_free_statement(st);
}

/* Loads PATH into graph GRAPH of S's model (through raptor: librdf's own
 * parser turned "0"^^xsd:boolean into "false"). */
static int load(ng_store *s, const char *path, const char *graph, int file) {
  const char *ext = strrchr(path, '.');
  const char *syntax = ext && !strcmp(ext, ".rdf") ? "rdfxml" : "turtle";
  raptor_world *rw = librdf_world_get_raptor(s->rdf);
  char *iri = file_iri(path);
  raptor_uri *base = iri ? raptor_new_uri(rw, (const unsigned char *)iri)
                         : NULL;
  raptor_parser *p = raptor_new_parser(rw, syntax);
  loader l = {s, NULL, file, 0};
  l.graph =
      librdf_new_node_from_uri_string(s->rdf, (const unsigned char *)graph);
  int rc = 1;
  if (base && p && l.graph) {
    raptor_parser_set_statement_handler(p, &l, add_statement);
    rc = raptor_parser_parse_file(p, base, base) || l.failed;
  }
  if (l.graph)
    librdf_free_node(l.graph);
  if (p)
    raptor_free_parser(p);
  if (base)
    raptor_free_uri(base);
  free(iri);
  return rc;
}

typedef struct out {
  ng_store *s;
  ng_results_out *r;
  char **names;
  size_t nv;
} out;

static ng_status head(void *user, char **names, size_t n) {
  out *o = user;
  o->names = calloc(n ? n : 1, sizeof *o->names);
  if (!o->names)
    return NG_ERR_NOMEM;
  for (size_t i = 0; i < n; i++) {
    if (!(o->names[i] = strdup(names[i])))
      return NG_ERR_NOMEM;
    o->nv++;
  }
  return ng_results_out_new(o->s, NG_RESULTS_JSON, stdout, NULL, o->names,
                            n, &o->r);
}

static ng_status row(void *user, ng_rterm *const *vals) {
  out *o = user;
  return ng_results_out_row(o->r, vals);
}

static ng_status boolean(void *user, int v) {
  (void)user;
  return ng_results_write_boolean(v, NG_RESULTS_JSON, stdout);
}

static ng_status triple(void *user, const ng_rterm *s, const ng_rterm *p,
                        const ng_rterm *o) {
  (void)user;
  return ng_results_write_triple(stdout, s, p, o);
}

static void log_to_stderr(void *ud, const ng_log_message *m) {
  (void)ud;
  if (m->level >= NG_LOG_WARN)
    fprintf(stderr, "%s\n", m->text ? m->text : "");
}

int main(int argc, char **argv) {
  const char *engine = "ours", *query = NULL;
  int syntax = 0;
  const char *data[MAX_FILES], *graphs[MAX_FILES], *gfiles[MAX_FILES];
  size_t nd = 0, ng = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!strcmp(argv[i], "--engine")) {
      engine = argv[i + 1];
    } else if (!strcmp(argv[i], "--syntax")) {
      syntax = 1;
    } else if (!strcmp(argv[i], "--query")) {
      query = argv[i + 1];
    } else if (!strcmp(argv[i], "--data") && nd < MAX_FILES) {
      data[nd++] = argv[i + 1];
    } else if (!strcmp(argv[i], "--graph") && ng < MAX_FILES) {
      char *eq = strchr(argv[i + 1], '=');
      if (!eq)
        return 2;
      *eq = '\0';
      graphs[ng] = argv[i + 1];
      gfiles[ng++] = eq + 1;
    } else {
      fprintf(stderr, "w3c_driver: bad argument %s\n", argv[i]);
      return 2;
    }
  }
  if (!query)
    return 2;
  ng_world *w = ng_world_new();
  ng_store *s = NULL;
  if (!w)
    return 2;
  ng_world_set_log_handler(w, log_to_stderr, NULL);
  if (ng_store_open(w, "memory", NG_STORE_CREATE, &s)) {
    ng_world_free(w);
    return 2;
  }
  int rc = 0;
  for (size_t i = 0; i < nd && !rc; i++)
    rc = load(s, data[i], DEFAULT_GRAPH, (int)i);
  for (size_t i = 0; i < ng && !rc; i++)
    rc = load(s, gfiles[i], graphs[i], (int)(nd + i));
  char *text = rc ? NULL : read_all(query);
  char *base = text ? file_iri(query) : NULL;
  if (!text || !base) {
    fprintf(stderr, "w3c_driver: cannot read the data or the query\n");
    rc = 2;
  }
  ng_status st = NG_OK;
  if (!rc && syntax) {
    char why[256] = "";
    st = ng_sparql_parse(s, text, base, why, sizeof why);
    if (st)
      fprintf(stderr, "%s\n", why);
    rc = st == NG_OK ? 0 : st == NG_ERR_QUERY ? 3
                     : st == NG_ERR_UNSUPPORTED ? 7 : 2;
    st = NG_OK;
  } else if (!rc && !strcmp(engine, "ours")) {
    const char *def[] = {DEFAULT_GRAPH};
    ng_sparql_dataset ds = {def, nd ? 1 : 0, graphs, ng};
    out o = {s, NULL, NULL, 0};
    ng_sparql_sink sink = {&o, head, row, boolean, triple};
    char why[256] = "";
    st = ng_sparql_run(s, text, base, &ds, &sink, why, sizeof why);
    if (!st && o.r)
      st = ng_results_out_finish(o.r);
    ng_results_out_free(o.r);
    for (size_t i = 0; i < o.nv; i++)
      free(o.names[i]);
    free(o.names);
    if (st == NG_ERR_UNSUPPORTED) {
      fprintf(stderr, "left to rasqal: %s\n", why);
      st = ng_store_query_rasqal(s, text, NG_RESULTS_JSON, stdout, NULL);
    }
  } else if (!rc) {
    /* the old path takes no base: give it one in the query */
    size_t n = strlen(text) + strlen(base) + 16;
    char *based = malloc(n);
    if (!based) {
      rc = 2;
    } else {
      snprintf(based, n, "BASE <%s>\n%s", base, text);
      st = ng_store_query_rasqal(s, based, NG_RESULTS_JSON, stdout,
                                 NULL);
      free(based);
    }
  }
  if (!rc && st)
    rc = st == NG_ERR_UNSUPPORTED ? 7 : 2;
  free(text);
  free(base);
  ng_store_close(s);
  ng_world_free(w);
  fflush(stdout);
  return rc;
}
