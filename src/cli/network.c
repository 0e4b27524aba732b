/* network.c - the actor network, from documents or from a store.
 *
 * From a store it is read with a few plain SELECT queries (events, their
 * actors, codes, evidence, articles) joined here by IRI, rather than one
 * query with nested OPTIONALs: rasqal 0.9.33 answers those unreliably and
 * does not reorder patterns, so each query starts with the article's
 * ng:hasEvent, the most selective pattern. */
#include <ctype.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "network.h"

#define NS "https://w3id.org/newsgraph/ns#"

static const char prologue[] =
    "PREFIX ng: <" NS ">\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "PREFIX dcterms: <http://purl.org/dc/terms/>\n"
    "PREFIX schema: <http://schema.org/>\n"
    "PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/"
    "nif-core#>\n";

static const char *const actor_types[] = {
    "Person",     "Government",    "Country", "IGO",
    "ArmedGroup", "MilitaryForce", "Media",   "Organization"};

/* ------------------------------------------------------------------ */
/* Building                                                            */
/* ------------------------------------------------------------------ */

static char *dup_or_null(const char *s) {
  return s ? ng_cli_strndup(s, strlen(s)) : NULL;
}

/* Grows the array *P of *CAP elements of SIZE bytes to hold N + 1. */
static int grow(void **p, size_t *cap, size_t n, size_t size) {
  if (n < *cap)
    return 0;
  size_t nc = *cap ? *cap * 2 : 16;
  void *q = realloc(*p, nc * size);
  if (!q)
    return -1;
  *p = q;
  *cap = nc;
  return 0;
}

/* The index of the actor IRI, added with LABEL when new.  -1 on NOMEM. */
static long add_actor(ng_net *net, const char *iri, const char *label,
                      const char *type, const char *code, const char *iso3) {
  size_t i;
  if (ng_cli_map_get(&net->actor_ix, iri, &i))
    return (long)i;
  if (grow((void **)&net->actors, &net->cap_actors, net->n_actors,
           sizeof *net->actors))
    return -1;
  ng_net_actor *a = &net->actors[net->n_actors];
  memset(a, 0, sizeof *a);
  a->iri = dup_or_null(iri);
  a->label = dup_or_null(label ? label : iri);
  a->type = dup_or_null(type);
  a->code = dup_or_null(code);
  a->iso3 = dup_or_null(iso3);
  if (!a->iri || !a->label || (type && !a->type) || (code && !a->code) ||
      (iso3 && !a->iso3) ||
      ng_cli_map_put(&net->actor_ix, iri, net->n_actors)) {
    free(a->iri);
    free(a->label);
    free(a->type);
    free(a->code);
    free(a->iso3);
    return -1;
  }
  return (long)net->n_actors++;
}

static long add_article(ng_net *net, const char *iri) {
  size_t i;
  if (ng_cli_map_get(&net->article_ix, iri, &i))
    return (long)i;
  if (grow((void **)&net->articles, &net->cap_articles, net->n_articles,
           sizeof *net->articles))
    return -1;
  ng_net_article *a = &net->articles[net->n_articles];
  memset(a, 0, sizeof *a);
  if (!(a->iri = dup_or_null(iri)) ||
      ng_cli_map_put(&net->article_ix, iri, net->n_articles)) {
    free(a->iri);
    return -1;
  }
  return (long)net->n_articles++;
}

static long add_event(ng_net *net, const char *iri, size_t article) {
  size_t i;
  if (ng_cli_map_get(&net->event_ix, iri, &i))
    return (long)i;
  if (grow((void **)&net->events, &net->cap_events, net->n_events,
           sizeof *net->events))
    return -1;
  ng_net_event *e = &net->events[net->n_events];
  memset(e, 0, sizeof *e);
  e->article = article;
  e->evidence_at = -1;
  if (!(e->iri = dup_or_null(iri)) ||
      ng_cli_map_put(&net->event_ix, iri, net->n_events)) {
    free(e->iri);
    return -1;
  }
  return (long)net->n_events++;
}

/* Adds actor X to the sources (ROLE 0) or targets of E, once. */
static int add_role(ng_net *net, ng_net_event *e, int role, size_t x) {
  size_t *n = role ? &e->n_tgt : &e->n_src;
  size_t **v = role ? &e->tgt : &e->src;
  for (size_t i = 0; i < *n; i++)
    if ((*v)[i] == x)
      return 0;
  size_t *p = realloc(*v, (*n + 1) * sizeof *p);
  if (!p)
    return -1;
  /* in IRI order, so documents and stores give the same rows */
  size_t at = *n;
  while (at > 0 && strcmp(net->actors[p[at - 1]].iri, net->actors[x].iri) > 0)
    at--;
  memmove(p + at + 1, p + at, (*n - at) * sizeof *p);
  p[at] = x;
  (*n)++;
  *v = p;
  net->actors[x].events++;
  return 0;
}

static int cmp_cstr(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Adds CODE to the sorted, ';'-separated set *CODES. */
static int add_code(char **codes, const char *code) {
  if (!code || !*code)
    return 0;
  size_t n = 1;
  for (const char *p = *codes; p && *p; p++)
    n += *p == ';';
  const char **parts = calloc(n + 1, sizeof *parts);
  char *copy = *codes ? dup_or_null(*codes) : NULL;
  if (!parts || (*codes && !copy)) {
    free(parts);
    free(copy);
    return -1;
  }
  size_t k = 0;
  for (char *p = copy, *save = NULL, *t; copy && (t = strtok_r(p, ";", &save));
       p = NULL)
    if (strcmp(t, code))
      parts[k++] = t;
  parts[k++] = code;
  qsort(parts, k, sizeof *parts, cmp_cstr);
  ng_cli_buf b = {NULL, 0, 0, 0};
  for (size_t i = 0; i < k; i++) {
    if (i)
      ng_cli_buf_addc(&b, ';');
    ng_cli_buf_adds(&b, parts[i]);
  }
  free(parts);
  free(copy);
  if (b.failed) {
    ng_cli_buf_free(&b);
    return -1;
  }
  free(*codes);
  *codes = b.s;
  return 0;
}

/* 1 when V is a date the graph writes as ng:date (YYYY, YYYY-MM,
 * YYYY-MM-DD); TIMEX values such as "P40D" are not dates. */
static int is_date(const char *v) {
  size_t n = v ? strlen(v) : 0;
  if (n != 4 && n != 7 && n != 10)
    return 0;
  for (size_t i = 0; i < n; i++)
    if (!(isdigit((unsigned char)v[i]) || ((i == 4 || i == 7) && v[i] == '-')))
      return 0;
  return 1;
}

static int set_str(char **field, const char *v) {
  if (*field || !v)
    return 0;
  *field = dup_or_null(v);
  return *field ? 0 : -1;
}

ng_status ng_net_add_doc(ng_net *net, const ng_article *a, const ng_doc *d) {
  long ai = add_article(net, ng_doc_iri(d));
  if (ai < 0)
    return NG_ERR_NOMEM;
  ng_net_article *art = &net->articles[ai];
  if (set_str(&art->id, ng_article_get(a, NG_FIELD_ID, NULL)) ||
      set_str(&art->url, ng_article_get(a, NG_FIELD_URL, NULL)) ||
      set_str(&art->title, ng_article_get(a, NG_FIELD_TITLE, NULL)) ||
      set_str(&art->date, ng_article_get(a, NG_FIELD_DATE, NULL)))
    return NG_ERR_NOMEM;
  size_t na = ng_doc_actor_count(d);
  long *ix = calloc(na ? na : 1, sizeof *ix);
  /* an actor's CAMEO code depends on the article's date: the events of
   * this article take this article's code, whatever the net holds */
  const char **codes = calloc(na ? na : 1, sizeof *codes);
  if (!ix || !codes) {
    free(ix);
    free(codes);
    return NG_ERR_NOMEM;
  }
  ng_status st = NG_OK;
  for (size_t i = 0; i < na && !st; i++) {
    ng_actor_view v;
    st = ng_doc_actor(d, i, &v);
    if (!st && (ix[i] = add_actor(net, v.iri, v.label, v.type, v.cameo, v.iso3)) < 0)
      st = NG_ERR_NOMEM;
    if (!st)
      codes[i] = v.cameo;
  }
  size_t ne = ng_doc_event_count(d);
  for (size_t i = 0; i < ne && !st; i++) {
    ng_event_view v;
    st = ng_doc_event(d, i, &v);
    if (st || v.repeat_of >= 0)
      continue;
    long ei = add_event(net, v.iri, (size_t)ai);
    if (ei < 0) {
      st = NG_ERR_NOMEM;
      break;
    }
    ng_net_event *e = &net->events[ei];
    e->quad = v.quad_class;
    e->evidence_at = (long)v.begin;
    if (set_str(&e->cameo, v.cameo) || set_str(&e->plover, v.plover) ||
        set_str(&e->date, is_date(v.date) ? v.date : NULL) ||
        set_str(&e->date_basis, is_date(v.date) ? v.date_basis : NULL) ||
        set_str(&e->place, v.place) ||
        set_str(&e->place_iso3, v.place ? v.place_iso3 : NULL) ||
        set_str(&e->factuality, v.factuality) ||
        !(e->evidence =
              ng_cli_strndup(v.evidence ? v.evidence : "", v.evidence_len)))
      st = NG_ERR_NOMEM;
    for (int role = 0; role < 2 && !st; role++) {
      size_t n = role ? v.n_targets : v.n_sources;
      const size_t *xs = role ? v.targets : v.sources;
      for (size_t k = 0; k < n && !st; k++) {
        if (xs[k] >= na)
          continue;
        size_t x = (size_t)ix[xs[k]];
        if (add_role(net, e, role, x) ||
            add_code(role ? &e->tgt_codes : &e->src_codes, codes[xs[k]]))
          st = NG_ERR_NOMEM;
      }
    }
  }
  free(ix);
  free(codes);
  return st;
}

/* ------------------------------------------------------------------ */
/* From a store                                                        */
/* ------------------------------------------------------------------ */

/* Runs BODY (with every "%A" standing for the article: ?article, or
 * <IRI>) after the prologue; "%S" stands for "?article " when there is
 * no IRI (the column is then selected) and for nothing otherwise. */
static ng_status run(ng_store *s, const char *iri, const char *body,
                     ng_cli_table *t) {
  ng_cli_buf q = {NULL, 0, 0, 0};
  memset(t, 0, sizeof *t);
  ng_cli_buf_adds(&q, prologue);
  for (const char *p = body; *p; p++) {
    if (p[0] == '%' && p[1] == 'A') {
      if (iri)
        ng_cli_buf_printf(&q, "<%s>", iri);
      else
        ng_cli_buf_adds(&q, "?article");
      p++;
    } else if (p[0] == '%' && p[1] == 'S') {
      if (!iri)
        ng_cli_buf_adds(&q, "?article ");
      p++;
    } else {
      ng_cli_buf_addc(&q, *p);
    }
  }
  ng_status st = q.failed ? NG_ERR_NOMEM : ng_cli_select(s, q.s, t);
  ng_cli_buf_free(&q);
  return st;
}

/* The article index of row R (column ?article, or the one article). */
static long row_article(ng_net *net, const ng_cli_table *t, size_t r,
                        const char *iri) {
  const char *a =
      iri ? iri : ng_cli_table_str(t, r, ng_cli_table_col(t, "article"));
  return a ? add_article(net, a) : -2;
}

/* Where a property is read from. */
typedef enum prop_of { OF_ARTICLE = 0, OF_EVENT, OF_ACTOR } prop_of;

/* The values ?v of PRED on every article, event or actor (?k) of the
 * article IRI (or of all articles): one plain basic graph pattern that
 * starts from the article. */
static ng_status load_prop(ng_store *s, const char *iri, prop_of of,
                           const char *pred, ng_cli_table *t) {
  char body[512];
  switch (of) {
  case OF_ARTICLE:
    snprintf(body, sizeof body,
             "SELECT DISTINCT %%S?v WHERE {\n  %%A a ng:Article .\n"
             "  %%A %s ?v .\n}\n",
             pred);
    break;
  case OF_EVENT:
    snprintf(body, sizeof body,
             "SELECT DISTINCT ?k ?v WHERE {\n  %%A ng:hasEvent ?k .\n"
             "  ?k %s ?v .\n}\nORDER BY ?k ?v\n",
             pred);
    break;
  case OF_ACTOR:
  default:
    snprintf(body, sizeof body,
             "SELECT DISTINCT ?k ?v WHERE {\n  %%A ng:mentions ?k .\n"
             "  ?k %s ?v .\n}\nORDER BY ?k ?v\n",
             pred);
    break;
  }
  return run(s, iri, body, t);
}

static ng_status load_articles(ng_net *net, ng_store *s, const char *iri) {
  static const struct {
    const char *pred;
    size_t off;
  } props[] = {{"dcterms:identifier", offsetof(ng_net_article, id)},
               {"schema:url", offsetof(ng_net_article, url)},
               {"dcterms:title", offsetof(ng_net_article, title)},
               {"dcterms:date", offsetof(ng_net_article, date)}};
  ng_status st = NG_OK;
  if (iri) {
    if (add_article(net, iri) < 0)
      return NG_ERR_NOMEM;
  } else {
    ng_cli_table t;
    st = run(s, NULL,
             "SELECT DISTINCT ?article WHERE { ?article a "
             "ng:Article }\nORDER BY ?article\n",
             &t);
    for (size_t r = 0; !st && r < t.nrows; r++)
      if (row_article(net, &t, r, NULL) == -1)
        st = NG_ERR_NOMEM;
    ng_cli_table_free(&t);
  }
  for (size_t k = 0; !st && k < sizeof props / sizeof *props; k++) {
    ng_cli_table t;
    st = load_prop(s, iri, OF_ARTICLE, props[k].pred, &t);
    long cv = ng_cli_table_col(&t, "v");
    for (size_t r = 0; !st && r < t.nrows; r++) {
      long ai = row_article(net, &t, r, iri);
      if (ai == -2)
        continue;
      if (ai < 0 ||
          set_str((char **)((char *)&net->articles[ai] + props[k].off),
                  ng_cli_table_str(&t, r, cv)))
        st = NG_ERR_NOMEM;
    }
    ng_cli_table_free(&t);
  }
  return st;
}

static ng_status load_actors(ng_net *net, ng_store *s, const char *iri) {
  /* a country's ISO3 is its own ng:iso3, another actor's that of its
   * ng:country (a plain pattern: rasqal has no property paths) */
  static const char *const preds[] = {"rdfs:label", "a", "ng:cameoCode",
                                      "ng:iso3", "ng:country ?c .\n  ?c ng:iso3"};
  ng_status st = NG_OK;
  for (size_t k = 0; !st && k < sizeof preds / sizeof *preds; k++) {
    ng_cli_table t;
    st = load_prop(s, iri, OF_ACTOR, preds[k], &t);
    long ck = ng_cli_table_col(&t, "k"), cv = ng_cli_table_col(&t, "v");
    for (size_t r = 0; !st && r < t.nrows; r++) {
      const char *x = ng_cli_table_str(&t, r, ck);
      const char *v = ng_cli_table_str(&t, r, cv);
      size_t i;
      if (!x || !v)
        continue;
      if (k == 0) {
        if (add_actor(net, x, v, NULL, NULL, NULL) < 0)
          st = NG_ERR_NOMEM;
        continue;
      }
      if (!ng_cli_map_get(&net->actor_ix, x, &i))
        continue; /* an actor without a label: not an actor of ours */
      if (k >= 2) {
        if (set_str(k == 2 ? &net->actors[i].code : &net->actors[i].iso3, v))
          st = NG_ERR_NOMEM;
        continue;
      }
      for (size_t j = 0; j < sizeof actor_types / sizeof *actor_types; j++)
        if (!strncmp(v, NS, strlen(NS)) &&
            !strcmp(v + strlen(NS), actor_types[j]) &&
            set_str(&net->actors[i].type, actor_types[j]))
          st = NG_ERR_NOMEM;
    }
    ng_cli_table_free(&t);
  }
  return st;
}

static ng_status load_events(ng_net *net, ng_store *s, const char *iri) {
  static const char *const preds[] = {
      "ng:plover",    "ng:quadClass",   "ng:date",
      "ng:factuality", "ng:dateBasis",  "ng:placeName",
      "ng:placeCountry ?c .\n  ?c ng:iso3"};
  char **fields[sizeof preds / sizeof *preds];
  ng_cli_table t;
  ng_status st = run(s, iri,
                     "SELECT DISTINCT %S?event ?cameo WHERE {\n"
                     "  %A ng:hasEvent ?event .\n"
                     "  ?event ng:cameo ?cameo .\n"
                     "}\n",
                     &t);
  if (st)
    return st;
  long cev = ng_cli_table_col(&t, "event"),
       ccam = ng_cli_table_col(&t, "cameo");
  for (size_t r = 0; r < t.nrows && !st; r++) {
    const char *ev = ng_cli_table_str(&t, r, cev);
    long ai = row_article(net, &t, r, iri);
    if (!ev || ai == -2)
      continue;
    long ei = ai >= 0 ? add_event(net, ev, (size_t)ai) : -1;
    if (ei < 0 ||
        set_str(&net->events[ei].cameo, ng_cli_table_str(&t, r, ccam)))
      st = NG_ERR_NOMEM;
  }
  ng_cli_table_free(&t);
  for (size_t k = 0; !st && k < sizeof preds / sizeof *preds; k++) {
    st = load_prop(s, iri, OF_EVENT, preds[k], &t);
    long ck = ng_cli_table_col(&t, "k"), cv = ng_cli_table_col(&t, "v");
    for (size_t r = 0; !st && r < t.nrows; r++) {
      const char *ev = ng_cli_table_str(&t, r, ck);
      const char *v = ng_cli_table_str(&t, r, cv);
      size_t ei;
      if (!ev || !v || !ng_cli_map_get(&net->event_ix, ev, &ei))
        continue;
      ng_net_event *e = &net->events[ei];
      fields[0] = &e->plover;
      fields[1] = NULL;
      fields[2] = &e->date;
      fields[3] = &e->factuality;
      fields[4] = &e->date_basis;
      fields[5] = &e->place;
      fields[6] = &e->place_iso3;
      if (k == 1) {
        if (!e->quad)
          e->quad = atoi(v);
      } else if (set_str(fields[k], v)) {
        st = NG_ERR_NOMEM;
      }
    }
    ng_cli_table_free(&t);
  }
  return st;
}

/* Sources and targets (KIND 0), or their CAMEO codes (KIND 1). */
static ng_status load_roles(ng_net *net, ng_store *s, const char *iri,
                            int kind) {
  static const char *const preds[2][2] = {{"ng:source", "ng:target"},
                                          {"ng:sourceCode", "ng:targetCode"}};
  ng_status st = NG_OK;
  for (int role = 0; role < 2 && !st; role++) {
    ng_cli_table t;
    st = load_prop(s, iri, OF_EVENT, preds[kind][role], &t);
    long ck = ng_cli_table_col(&t, "k"), cv = ng_cli_table_col(&t, "v");
    for (size_t r = 0; !st && r < t.nrows; r++) {
      const char *ev = ng_cli_table_str(&t, r, ck);
      const char *v = ng_cli_table_str(&t, r, cv);
      size_t ei, xi;
      if (!ev || !v || !ng_cli_map_get(&net->event_ix, ev, &ei))
        continue;
      ng_net_event *e = &net->events[ei];
      if (kind == 1) {
        if (add_code(role ? &e->tgt_codes : &e->src_codes, v))
          st = NG_ERR_NOMEM;
        continue;
      }
      if (!ng_cli_map_get(&net->actor_ix, v, &xi)) {
        long x = add_actor(net, v, NULL, NULL, NULL, NULL); /* no label */
        if (x < 0) {
          st = NG_ERR_NOMEM;
          break;
        }
        xi = (size_t)x;
        e = &net->events[ei];
      }
      if (add_role(net, e, role, xi))
        st = NG_ERR_NOMEM;
    }
    ng_cli_table_free(&t);
  }
  return st;
}

static ng_status load_evidence(ng_net *net, ng_store *s, const char *iri) {
  ng_cli_table t;
  ng_status st = run(s, iri,
                     "SELECT DISTINCT ?event ?at ?text WHERE {\n"
                     "  %A ng:hasEvent ?event .\n"
                     "  ?event ng:evidence ?m .\n"
                     "  ?m nif:beginIndex ?at .\n"
                     "  ?m nif:anchorOf ?text .\n}\n",
                     &t);
  if (st)
    return st;
  long cev = ng_cli_table_col(&t, "event"), cat = ng_cli_table_col(&t, "at"),
       ctext = ng_cli_table_col(&t, "text");
  for (size_t r = 0; r < t.nrows && !st; r++) {
    const char *ev = ng_cli_table_str(&t, r, cev);
    const char *at = ng_cli_table_str(&t, r, cat);
    const char *text = ng_cli_table_str(&t, r, ctext);
    size_t ei;
    if (!ev || !text || !at || !ng_cli_map_get(&net->event_ix, ev, &ei))
      continue;
    ng_net_event *e = &net->events[ei];
    long pos = atol(at);
    /* the first sentence of the text (the others repeat the event) */
    if (e->evidence && pos >= e->evidence_at)
      continue;
    char *copy = dup_or_null(text);
    if (!copy) {
      st = NG_ERR_NOMEM;
      break;
    }
    free(e->evidence);
    e->evidence = copy;
    e->evidence_at = pos;
  }
  ng_cli_table_free(&t);
  return st;
}

/* The number after the last "/e/" of an event IRI (its order in the
 * article), or -1. */
static long event_number(const char *iri) {
  const char *p = NULL;
  for (const char *q = iri; (q = strstr(q, "/e/")); q += 3)
    p = q + 3;
  if (!p || !isdigit((unsigned char)*p))
    return -1;
  return strtol(p, NULL, 10);
}

static const ng_net *sort_net;

static int cmp_events(const void *a, const void *b) {
  const ng_net_event *x = a, *y = b;
  const ng_net_article *ax = &sort_net->articles[x->article];
  const ng_net_article *ay = &sort_net->articles[y->article];
  int c = strcmp(ax->date ? ax->date : "", ay->date ? ay->date : "");
  if (!c)
    c = strcmp(ax->iri, ay->iri);
  if (c)
    return c;
  long nx = event_number(x->iri), ny = event_number(y->iri);
  if (nx != ny)
    return nx < ny ? -1 : 1;
  return strcmp(x->iri, y->iri);
}

/* Events in article order (date, IRI), then in text order. */
static ng_status sort_events(ng_net *net) {
  sort_net = net;
  qsort(net->events, net->n_events, sizeof *net->events, cmp_events);
  sort_net = NULL;
  for (size_t i = 0; i < net->n_events; i++)
    if (ng_cli_map_put(&net->event_ix, net->events[i].iri, i))
      return NG_ERR_NOMEM;
  return NG_OK;
}

ng_status ng_net_load_store(ng_net *net, ng_store *s, const char *article_iri) {
  if (article_iri && !ng_cli_is_plain_iri(article_iri))
    return NG_ERR_ARG;
  ng_status st = load_articles(net, s, article_iri);
  if (!st)
    st = load_actors(net, s, article_iri);
  if (!st)
    st = load_events(net, s, article_iri);
  if (!st)
    st = sort_events(net);
  if (!st)
    st = load_roles(net, s, article_iri, 0);
  if (!st)
    st = load_roles(net, s, article_iri, 1);
  if (!st)
    st = load_evidence(net, s, article_iri);
  return st;
}

ng_status ng_net_find_article(ng_store *s, const char *spec, char **iri) {
  *iri = NULL;
  ng_cli_buf q = {NULL, 0, 0, 0};
  ng_cli_buf_adds(&q, prologue);
  ng_cli_buf_adds(&q, "SELECT DISTINCT ?a WHERE {\n  { ?a dcterms:identifier ");
  ng_cli_sparql_string(&q, spec);
  ng_cli_buf_adds(&q, " }\n");
  if (ng_cli_is_plain_iri(spec) && strstr(spec, "://"))
    ng_cli_buf_printf(&q, "  UNION { BIND(<%s> AS ?a) }\n", spec);
  ng_cli_buf_adds(&q, "  ?a a ng:Article .\n}\nORDER BY ?a\n");
  if (q.failed) {
    ng_cli_buf_free(&q);
    return NG_ERR_NOMEM;
  }
  ng_cli_table t;
  ng_status st = ng_cli_select(s, q.s, &t);
  ng_cli_buf_free(&q);
  if (st)
    return st;
  const char *a = ng_cli_table_str(&t, 0, 0);
  if (!a) {
    ng_cli_error("the store has no article with the id or IRI '%s'", spec);
    st = NG_ERR_ARG;
  } else {
    if (t.nrows > 1)
      ng_cli_error("warning: %zu articles have the id '%s'; using %s", t.nrows,
                   spec, a);
    if (!(*iri = dup_or_null(a)))
      st = NG_ERR_NOMEM;
  }
  ng_cli_table_free(&t);
  return st;
}

void ng_net_free(ng_net *net) {
  if (!net)
    return;
  for (size_t i = 0; i < net->n_actors; i++) {
    ng_net_actor *a = &net->actors[i];
    free(a->iri);
    free(a->label);
    free(a->type);
    free(a->code);
    free(a->iso3);
  }
  for (size_t i = 0; i < net->n_articles; i++) {
    ng_net_article *a = &net->articles[i];
    free(a->iri);
    free(a->id);
    free(a->url);
    free(a->title);
    free(a->date);
  }
  for (size_t i = 0; i < net->n_events; i++) {
    ng_net_event *e = &net->events[i];
    free(e->iri);
    free(e->cameo);
    free(e->plover);
    free(e->date);
    free(e->date_basis);
    free(e->place);
    free(e->place_iso3);
    free(e->factuality);
    free(e->evidence);
    free(e->src);
    free(e->tgt);
    free(e->src_codes);
    free(e->tgt_codes);
  }
  free(net->actors);
  free(net->articles);
  free(net->events);
  ng_cli_map_free(&net->actor_ix);
  ng_cli_map_free(&net->article_ix);
  ng_cli_map_free(&net->event_ix);
  memset(net, 0, sizeof *net);
}

/* ------------------------------------------------------------------ */
/* Edges                                                               */
/* ------------------------------------------------------------------ */

void ng_net_edges_free(ng_net_edge *edges, size_t n) {
  for (size_t i = 0; edges && i < n; i++)
    free(edges[i].events);
  free(edges);
}

ng_status ng_net_edges(const ng_net *net, ng_net_edge **out, size_t *n) {
  ng_net_edge *edges = NULL;
  size_t ne = 0, cap = 0;
  ng_cli_map ix = {NULL, NULL, 0, 0};
  ng_status st = NG_OK;
  *out = NULL;
  *n = 0;
  for (size_t i = 0; i < net->n_events && !st; i++) {
    const ng_net_event *e = &net->events[i];
    for (size_t a = 0; a < e->n_src && !st; a++) {
      for (size_t b = 0; b < e->n_tgt && !st; b++) {
        char key[64];
        size_t k;
        snprintf(key, sizeof key, "%zu>%zu", e->src[a], e->tgt[b]);
        if (!ng_cli_map_get(&ix, key, &k)) {
          if (grow((void **)&edges, &cap, ne, sizeof *edges) ||
              ng_cli_map_put(&ix, key, ne)) {
            st = NG_ERR_NOMEM;
            break;
          }
          memset(&edges[ne], 0, sizeof *edges);
          edges[ne].src = e->src[a];
          edges[ne].tgt = e->tgt[b];
          k = ne++;
        }
        ng_net_edge *g = &edges[k];
        size_t *ev = realloc(g->events, (g->weight + 1) * sizeof *ev);
        if (!ev) {
          st = NG_ERR_NOMEM;
          break;
        }
        ev[g->weight++] = i;
        g->events = ev;
        if (e->date && (!g->first || strcmp(e->date, g->first) < 0))
          g->first = e->date;
        if (e->date && (!g->last || strcmp(e->date, g->last) > 0))
          g->last = e->date;
      }
    }
  }
  ng_cli_map_free(&ix);
  if (st) {
    ng_net_edges_free(edges, ne);
    return st;
  }
  *out = edges;
  *n = ne;
  return NG_OK;
}

/* ------------------------------------------------------------------ */
/* CAMEO names                                                         */
/* ------------------------------------------------------------------ */

/* "Consult, not specified below" -> "Consult"; "CONSULT" -> "Consult". */
static char *tidy_name(const char *name, size_t n) {
  static const char tail[] = ", not specified below";
  size_t tl = sizeof tail - 1;
  if (n > tl && !memcmp(name + n - tl, tail, tl))
    n -= tl;
  char *s = ng_cli_strndup(name, n);
  if (!s)
    return NULL;
  int upper = 1;
  for (size_t i = 0; i < n; i++)
    if (islower((unsigned char)s[i]))
      upper = 0;
  for (size_t i = 1; upper && i < n; i++)
    s[i] = (char)tolower((unsigned char)s[i]);
  return s;
}

ng_status ng_cameo_names_load(ng_cameo_names *c, const char *data_dir) {
  memset(c, 0, sizeof *c);
  size_t pl = strlen(data_dir ? data_dir : ".") + 16;
  char *path = malloc(pl);
  if (!path)
    return NG_ERR_NOMEM;
  snprintf(path, pl, "%s/cameo.tsv", data_dir ? data_dir : ".");
  FILE *fp = fopen(path, "r");
  free(path);
  if (!fp)
    return NG_ERR_DATA;
  char line[1024];
  size_t cap = 0, gcap = 0;
  long gcol = -1; /* the goldstein column, from the header row */
  ng_status st = NG_OK;
  while (!st && fgets(line, sizeof line, fp)) {
    char *tab = strchr(line, '\t');
    if (!strncmp(line, "code\t", 5)) {
      long col = 0;
      for (const char *p = line; p; p = strchr(p, '\t'), col++) {
        p += *p == '\t';
        if (!strncmp(p, "goldstein", 9) && strchr("\t\r\n", p[9]))
          gcol = col;
      }
      continue;
    }
    if (line[0] == '#' || !tab || !isdigit((unsigned char)line[0]))
      continue;
    *tab = '\0';
    char *name = tab + 1;
    size_t nl = strcspn(name, "\t\r\n");
    const char *g = name;
    for (long col = 1; g && col < gcol; col++)
      if ((g = strchr(g, '\t')))
        g++;
    size_t gl = g && gcol > 0 ? strcspn(g, "\t\r\n") : 0;
    if (grow((void **)&c->names, &cap, c->n, sizeof *c->names) ||
        grow((void **)&c->goldstein, &gcap, c->n, sizeof *c->goldstein) ||
        !(c->names[c->n] = tidy_name(name, nl))) {
      st = NG_ERR_NOMEM;
      break;
    }
    c->goldstein[c->n] = gl ? ng_cli_strndup(g, gl) : NULL;
    if ((gl && !c->goldstein[c->n]) || ng_cli_map_put(&c->ix, line, c->n)) {
      free(c->names[c->n]);
      free(c->goldstein[c->n]);
      st = NG_ERR_NOMEM;
      break;
    }
    c->n++;
  }
  fclose(fp);
  return st;
}

const char *ng_cameo_name(const ng_cameo_names *c, const char *code) {
  size_t i;
  if (!code || !ng_cli_map_get(&c->ix, code, &i))
    return NULL;
  return c->names[i];
}

const char *ng_cameo_goldstein(const ng_cameo_names *c, const char *code) {
  size_t i;
  if (!code || !c->goldstein || !ng_cli_map_get(&c->ix, code, &i))
    return NULL;
  return c->goldstein[i];
}

void ng_cameo_names_free(ng_cameo_names *c) {
  if (!c)
    return;
  for (size_t i = 0; i < c->n; i++) {
    free(c->names[i]);
    free(c->goldstein ? c->goldstein[i] : NULL);
  }
  free(c->names);
  free(c->goldstein);
  ng_cli_map_free(&c->ix);
  memset(c, 0, sizeof *c);
}

ng_status ng_net_load_article(ng_net *net, ng_store *store,
                              const char *spec) {
  char *iri = NULL;
  ng_status st = spec ? ng_net_find_article(store, spec, &iri) : NG_OK;
  if (!st)
    st = ng_net_load_store(net, store, iri);
  free(iri);
  return st;
}

ng_status ng_net_add_extracted(void *user, const ng_article *a,
                               const char *where) {
  ng_net_extract *x = user;
  ng_doc *d = NULL;
  ng_status st = ng_extract(x->w, a, &d);
  if (!st)
    st = ng_net_add_doc(x->net, a, d);
  ng_doc_free(d);
  (void)where;
  return st;
}
