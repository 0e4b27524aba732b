/* actor_param.c - the "actor" parameter of a query by any of its names.
 *
 * "events-of --param actor=houthi" finds the Houthis: the value is
 * folded as the knowledge base folds names and compared with every
 * label and alias of the actors of the store's events; an alias of the
 * actor's knowledge-base entry ("Houthi", "Ansar Allah") counts too. */
#include <stdlib.h>
#include <string.h>

#include "actor_param.h"
#include "cli.h"
#include "results.h"

/* cmd_query.c: puts --param values into a query, escaped. */
int ng_cli_bind_params(const char *text, const char *const *names,
                       const char *const *values, size_t n, char **out,
                       char *err, size_t errsz);

/* How an actor matched: by an alias, or by its label (preferred). */
enum { BY_ALIAS = 1, BY_LABEL = 2 };

typedef struct match {
  char *iri;
  const char *label; /* borrowed from the label table, or NULL */
  int by;
  int exact; /* its label is the name as written, byte for byte */
} match;

typedef struct matches {
  match *v;
  size_t n, cap;
  int failed;
} matches;

static void add_match(matches *m, const char *iri, int by) {
  for (size_t i = 0; i < m->n; i++)
    if (!strcmp(m->v[i].iri, iri)) {
      if (by > m->v[i].by)
        m->v[i].by = by;
      return;
    }
  if (m->n == m->cap) {
    size_t nc = m->cap ? m->cap * 2 : 8;
    match *p = realloc(m->v, nc * sizeof *p);
    if (!p) {
      m->failed = 1;
      return;
    }
    m->v = p;
    m->cap = nc;
  }
  m->v[m->n].iri = ng_cli_strndup(iri, strlen(iri));
  m->v[m->n].label = NULL;
  m->v[m->n].exact = 0;
  m->v[m->n].by = by;
  if (!m->v[m->n].iri)
    m->failed = 1;
  else
    m->n++;
}

/* The knowledge-base entries NAME names as a whole ("Houthi" is an
 * alias of group/houthis), as a table of keys. */
typedef struct kb_keys {
  const char *name;
  ng_cli_map keys;
  int failed;
} kb_keys;

static void collect_key(void *ud, const ng_lookup_hit *h) {
  kb_keys *k = ud;
  if (h->begin != 0 || h->end != strlen(k->name))
    return;
  if (ng_cli_map_put(&k->keys, h->key, 1))
    k->failed = 1;
}

/* 1 when VALUE is already an IRI as the query's parameters take one. */
static int looks_like_iri(const char *v) {
  return v[0] == '<' || !strncmp(v, "id:", 3) || !strncmp(v, "urn:", 4) ||
         (ng_cli_is_plain_iri(v) && strstr(v, "://"));
}

/* The actors of the store's events with the values of PRED. */
static ng_status actor_values(ng_store *s, const char *pred, ng_cli_table *t) {
  ng_cli_buf q = {NULL, 0, 0, 0};
  ng_cli_buf_printf(
      &q,
      "PREFIX ng: <https://w3id.org/newsgraph/ns#>\n"
      "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
      "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
      "SELECT DISTINCT ?a ?v WHERE {\n"
      "  { ?e ng:source ?a . ?a %s ?v . }\n"
      "  UNION { ?e ng:target ?a . ?a %s ?v . }\n"
      "}\nORDER BY ?a ?v\n",
      pred, pred);
  if (q.failed) {
    ng_cli_buf_free(&q);
    return NG_ERR_NOMEM;
  }
  ng_status st = ng_cli_select(s, q.s, t);
  ng_cli_buf_free(&q);
  return st;
}

static int cmp_match(const void *a, const void *b) {
  const match *x = a, *y = b;
  if (x->by != y->by)
    return x->by > y->by ? -1 : 1;
  if (x->exact != y->exact)
    return x->exact ? -1 : 1;
  return strcmp(x->iri, y->iri);
}

ng_status ng_cli_resolve_actor(ng_world *w, ng_store *store, const char *name,
                               char **value) {
  *value = NULL;
  if (looks_like_iri(name))
    return NG_OK;
  char *key = NULL;
  ng_status st = ng_name_key(w, name, strlen(name), &key);
  if (st == NG_ERR_INPUT)
    return NG_OK; /* the query then says nothing matched */
  if (st)
    return st;
  kb_keys kb = {name, {NULL, NULL, 0, 0}, 0};
  st = ng_actors_lookup(w, name, NULL, collect_key, &kb);
  if (!st && kb.failed)
    st = NG_ERR_NOMEM;
  static const char *const preds[] = {"rdfs:label", "skos:altLabel",
                                      "ng:kbKey"};
  ng_cli_table labels = {0, 0, NULL, NULL};
  matches m = {NULL, 0, 0, 0};
  for (size_t p = 0; !st && p < 3; p++) {
    ng_cli_table t = {0, 0, NULL, NULL};
    st = actor_values(store, preds[p], &t);
    long ca = ng_cli_table_col(&t, "a"), cv = ng_cli_table_col(&t, "v");
    for (size_t r = 0; !st && r < t.nrows; r++) {
      const char *a = ng_cli_table_str(&t, r, ca);
      const char *v = ng_cli_table_str(&t, r, cv);
      if (!a || !v)
        continue;
      size_t one;
      int hit = 0;
      if (p == 2) {
        hit = ng_cli_map_get(&kb.keys, v, &one);
      } else {
        char *vk = NULL;
        ng_status ks = ng_name_key(w, v, strlen(v), &vk);
        if (ks == NG_ERR_NOMEM)
          st = ks;
        hit = vk && *key && !strcmp(vk, key);
        free(vk);
      }
      if (hit)
        add_match(&m, a, p == 0 ? BY_LABEL : BY_ALIAS);
      if (m.failed)
        st = NG_ERR_NOMEM;
    }
    if (p == 0)
      labels = t; /* kept for the names of the matches */
    else
      ng_cli_table_free(&t);
  }
  if (!st && m.n) {
    long ca = ng_cli_table_col(&labels, "a"),
         cv = ng_cli_table_col(&labels, "v");
    for (size_t r = 0; r < labels.nrows; r++) {
      const char *a = ng_cli_table_str(&labels, r, ca);
      for (size_t i = 0; a && i < m.n; i++)
        if (!m.v[i].label && !strcmp(m.v[i].iri, a))
          m.v[i].label = ng_cli_table_str(&labels, r, cv);
    }
    /* of the labels that match, the one written as given goes first
     * ("police" before "Police") */
    for (size_t i = 0; i < m.n; i++)
      m.v[i].exact = m.v[i].label && !strcmp(m.v[i].label, name);
    qsort(m.v, m.n, sizeof *m.v, cmp_match);
    /* the label of the best match is bound, so that every actor that
     * bears it matches, as a label given as written always did */
    const char *label = m.v[0].label;
    size_t others = 0;
    for (size_t i = 1; i < m.n; i++)
      others += !label || !m.v[i].label || strcmp(m.v[i].label, label);
    if (others) {
      ng_cli_error("note: '%s' names %zu actors of the store; using those "
                   "labelled '%s' (give their label or IRI with --param "
                   "actor=... to choose):",
                   name, m.n, label ? label : m.v[0].iri);
      for (size_t i = 0; i < m.n; i++)
        fprintf(stderr, "  %s  %s (by %s)\n", m.v[i].iri,
                m.v[i].label ? m.v[i].label : "",
                m.v[i].by == BY_LABEL ? "label" : "alias");
    } else if (m.n > 1 && !ng_cli.quiet) {
      ng_cli_error("note: '%s' names %zu actors of the store, all labelled "
                   "'%s' (one per article): the query takes them all",
                   name, m.n, label);
    }
    if (label) {
      if (!(*value = ng_cli_strndup(label, strlen(label))))
        st = NG_ERR_NOMEM;
    } else {
      *value = m.v[0].iri;
      m.v[0].iri = NULL;
    }
  } else if (!st && !ng_cli.quiet) {
    ng_cli_error("note: no actor of the store is named '%s'", name);
  }
  for (size_t i = 0; i < m.n; i++)
    free(m.v[i].iri);
  free(m.v);
  ng_cli_table_free(&labels);
  ng_cli_map_free(&kb.keys);
  free(key);
  return st;
}

/* 1 when TEXT has the line "# param: actor" (then a space, '=' or the
 * end of the line). */
static int declares_actor(const char *text) {
  static const char decl[] = "# param: actor";
  for (const char *p = text; p && *p;) {
    if (!strncmp(p, decl, sizeof decl - 1) &&
        strchr(" \t=\r\n", p[sizeof decl - 1]))
      return 1;
    p = strchr(p, '\n');
    if (p)
      p++;
  }
  return 0;
}

int ng_cli_bind_actor(ng_world *w, ng_store *store, const char *text,
                      const char *const *names, const char *const *values,
                      size_t n, char **bound) {
  size_t at = n;
  for (size_t i = 0; i < n && i < 16; i++)
    if (!strcmp(names[i], "actor"))
      at = i;
  if (at == n || !declares_actor(text))
    return NG_EXIT_OK;
  /* NG_ERR_ARG: the world (not NULL here) is open already */
  ng_status st = ng_world_open(w);
  if (st == NG_ERR_DATA)
    return NG_EXIT_OK; /* no dictionaries: the name as it is given */
  if (st == NG_ERR_ARG)
    st = NG_OK;
  char *value = NULL;
  if (!st)
    st = ng_cli_resolve_actor(w, store, values[at], &value);
  if (st)
    return ng_cli_exit_code(st);
  if (!value)
    return NG_EXIT_OK;
  const char *vals[16];
  for (size_t i = 0; i < n; i++)
    vals[i] = i == at ? value : values[i];
  char *rebound = NULL, err[512];
  int r = ng_cli_bind_params(text, names, vals, n, &rebound, err, sizeof err);
  free(value);
  if (r) {
    ng_cli_error("%s", err);
    return NG_EXIT_USAGE;
  }
  free(*bound);
  *bound = rebound;
  return NG_EXIT_OK;
}
