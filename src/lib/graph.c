/* graph.c - the article's graph, triple by triple (see ontology/).
 *
 * The order is fixed (article, run, actors, posts, spans, events) and
 * every IRI is minted from stable keys, so the same input always gives
 * the same triples.  No timestamps. */
#include <stdio.h>
#include <stdlib.h>

#include "config.h"
#include "evdict.h"
#include "iri.h"
#include "kb.h"

#define RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define RDFS "http://www.w3.org/2000/01/rdf-schema#"
#define XSD "http://www.w3.org/2001/XMLSchema#"
#define OWL "http://www.w3.org/2002/07/owl#"
#define SKOS "http://www.w3.org/2004/02/skos/core#"
#define DCT "http://purl.org/dc/terms/"
#define NIF "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
#define PROV "http://www.w3.org/ns/prov#"
#define SCHEMA "http://schema.org/"
#define WD "http://www.wikidata.org/entity/"

typedef struct gctx {
  ng_world *w;
  const ng_doc *d;
  ng_doc *dm;          /* the same doc, for arena allocations */
  ng_triple_handler fn;
  void *ud;
  ng_term graph;
  const char *run;
  ng_map done;         /* nodes already described in this graph */
  ng_arena scratch;
} gctx;

/* 1 the first time IRI_S is seen (its description is due), 0 after;
 * -1 when out of memory.  Keeps every triple unique in the graph. */
static int first_time(gctx *c, const char *iri_s) {
  ng_map_entry *e = ng_map_slot(&c->done, &c->scratch, iri_s, strlen(iri_s));
  if (!e)
    return -1;
  if (e->value)
    return 0;
  e->value = (void *)1;
  return 1;
}

static ng_term iri(const char *s) {
  ng_term t = {NG_TERM_IRI, s, strlen(s), NULL, NULL};
  return t;
}

static ng_term lit(const char *s, size_t n, const char *dt) {
  ng_term t = {NG_TERM_LITERAL, s, n, dt, NULL};
  return t;
}

static ng_status put(gctx *c, const char *s, const char *p, ng_term o) {
  ng_term ts = iri(s), tp = iri(p);
  return c->fn(c->ud, &ts, &tp, &o, &c->graph);
}

static ng_status put_iri(gctx *c, const char *s, const char *p,
                         const char *o) {
  return put(c, s, p, iri(o));
}

static ng_status put_str(gctx *c, const char *s, const char *p,
                         const char *o) {
  return put(c, s, p, lit(o, strlen(o), NULL));
}

static ng_status put_int(gctx *c, const char *s, const char *p, long v,
                         const char *dt) {
  char buf[32];
  size_t n = ng_ltoa(v, buf);
  return put(c, s, p, lit(buf, n, dt));
}

/* A date value as ng:date: xsd:date, gYearMonth or gYear by precision;
 * anything else (XXXX-07, 2024-W25, PAST_REF) is not a calendar date. */
static const char *date_type(const char *v) {
  size_t n = strlen(v);
  for (size_t i = 0; i < n; i++)
    if (!((v[i] >= '0' && v[i] <= '9') || ((i == 4 || i == 7) && v[i] == '-')))
      return NULL;
  if (n == 10)
    return XSD "date";
  if (n == 7)
    return XSD "gYearMonth";
  if (n == 4)
    return XSD "gYear";
  return NULL;
}

static const char *root_class(const char *cameo) {
  static const char *names[] = {
      NULL,
      NG_NS "MakePublicStatement",
      NG_NS "Appeal",
      NG_NS "ExpressIntentToCooperate",
      NG_NS "Consult",
      NG_NS "EngageInDiplomaticCooperation",
      NG_NS "EngageInMaterialCooperation",
      NG_NS "ProvideAid",
      NG_NS "Yield",
      NG_NS "Investigate",
      NG_NS "Demand",
      NG_NS "Disapprove",
      NG_NS "Reject",
      NG_NS "Threaten",
      NG_NS "Protest",
      NG_NS "ExhibitForcePosture",
      NG_NS "ReduceRelations",
      NG_NS "Coerce",
      NG_NS "Assault",
      NG_NS "Fight",
      NG_NS "UseUnconventionalMassViolence"};
  int r = ng_cameo_root(cameo);
  return r >= 1 && r <= 20 ? names[r] : NULL;
}

/* IRI of a span of the article: <article>/<kind>/<begin>-<end>. */
static const char *span_iri(gctx *c, const char *kind, uint32_t cb,
                            uint32_t ce) {
  char b[24], e[24];
  ng_ltoa((long)cb, b);
  ng_ltoa((long)ce, e);
  return ng_arena_cat(&c->dm->arena, c->d->iri, "/", kind, "/", b, "-", e,
                      (char *)NULL);
}

/* The text of a span as a literal (exact bytes of the article). */
static ng_term span_lit(const gctx *c, uint32_t b, uint32_t e) {
  return lit(c->d->text + b, e - b, NULL);
}

static ng_status emit_span(gctx *c, const char *s, const char *type,
                           uint32_t b, uint32_t e, uint32_t cb, uint32_t ce) {
  ng_status st = put_iri(c, s, RDF "type", type);
  if (!st)
    st = put_iri(c, s, NIF "referenceContext", c->d->iri);
  if (!st)
    st = put_int(c, s, NIF "beginIndex", cb, XSD "nonNegativeInteger");
  if (!st)
    st = put_int(c, s, NIF "endIndex", ce, XSD "nonNegativeInteger");
  if (!st)
    st = put(c, s, NIF "anchorOf", span_lit(c, b, e));
  return st;
}

static const char *sentence_iri(gctx *c, uint32_t si) {
  const ng_sentence *s = NG_SENT(c->d, si);
  return span_iri(c, "s", s->cb, s->ce);
}

static ng_status emit_sentence(gctx *c, uint32_t si, uint8_t *done) {
  if (done[si])
    return NG_OK;
  done[si] = 1;
  const ng_sentence *s = NG_SENT(c->d, si);
  const char *iri_s = sentence_iri(c, si);
  if (!iri_s)
    return NG_ERR_NOMEM;
  return emit_span(c, iri_s, NIF "Sentence", s->b, s->e, s->cb, s->ce);
}

/* A span node (trigger, time expression) described once. */
static ng_status emit_span_once(gctx *c, const char *s, const char *type,
                                uint32_t b, uint32_t e, uint32_t cb,
                                uint32_t ce, const char *sent) {
  int first = first_time(c, s);
  if (first < 0)
    return NG_ERR_NOMEM;
  if (!first)
    return NG_OK;
  ng_status st = emit_span(c, s, type, b, e, cb, ce);
  if (!st && sent)
    st = put_iri(c, s, NIF "sentence", sent);
  return st;
}

static ng_status emit_country_node(gctx *c, const char *iso3,
                                   const char *iri_c) {
  const ng_country *co = ng_kb_country(c->w->kb, iso3);
  ng_status st = put_iri(c, iri_c, RDF "type", NG_NS "Country");
  if (!st && co)
    st = put_str(c, iri_c, RDFS "label", co->name);
  if (!st)
    st = put_str(c, iri_c, NG_NS "iso3", iso3);
  if (!st && co && co->iso2)
    st = put_str(c, iri_c, NG_NS "iso2", co->iso2);
  if (!st && co && co->qid) {
    char *q = ng_arena_printf(&c->dm->arena, WD "%s", co->qid);
    st = q ? put_iri(c, iri_c, OWL "sameAs", q) : NG_ERR_NOMEM;
  }
  return st;
}

static const char *country_iri(gctx *c, const char *iso3) {
  return ng_arena_printf(&c->dm->arena, "%scountry/%s", c->w->base_iri, iso3);
}

static const char *post_iri(gctx *c, const ng_entity *x, const ng_post *p) {
  ng_buf b;
  ng_buf_init(&b, 0);
  const char *org = p->org >= 0 ? NG_ENTITY(c->d, p->org)->key : "";
  ng_buf k;
  ng_buf_init(&k, 0);
  ng_status st = ng_buf_printf(&k, "%s|%s|%s|%s", x->key,
                               x->discovered && x->iso3 ? x->iso3 : "",
                               p->label, org);
  if (!st)
    st = ng_buf_printf(&b, "%spost/", c->w->base_iri);
  if (!st)
    st = ng_iri_slug(&b, p->label, strlen(p->label), 40);
  if (!st)
    st = ng_buf_addc(&b, '-');
  if (!st)
    st = ng_iri_hash(&b, k.s, k.len);
  const char *out = st ? NULL : ng_arena_strndup(&c->dm->arena, b.s, b.len);
  ng_buf_free(&b);
  ng_buf_free(&k);
  return out;
}

static ng_status emit_entity(gctx *c, size_t xi) {
  const ng_entity *x = NG_ENTITY(c->d, xi);
  const char *s = x->iri;
  const char *tn = ng_actor_type_name((ng_actor_type)x->type);
  char type[96];
  snprintf(type, sizeof type, NG_NS "%s", tn ? tn : "Organization");
  ng_status st = put_iri(c, s, RDF "type", type);
  if (!st)
    st = put_str(c, s, RDFS "label", x->label);
  for (size_t i = 0; !st && i < x->aliases.n; i++) {
    const char *a = NG_VEC_AT(&x->aliases, const char *, i);
    if (strcmp(a, x->label))
      st = put_str(c, s, SKOS "altLabel", a);
  }
  if (!st && x->iso3) {
    if (x->type == NG_AT_COUNTRY) {
      st = put_str(c, s, NG_NS "iso3", x->iso3);
      const ng_country *co = ng_kb_country(c->w->kb, x->iso3);
      if (!st && co && co->iso2)
        st = put_str(c, s, NG_NS "iso2", co->iso2);
    } else {
      const char *ci = country_iri(c, x->iso3);
      if (!ci)
        return NG_ERR_NOMEM;
      st = put_iri(c, s, NG_NS "country", ci);
      /* the country's own description, once per article */
      int first = st ? 0 : first_time(c, ci);
      if (first < 0)
        return NG_ERR_NOMEM;
      if (first)
        st = emit_country_node(c, x->iso3, ci);
    }
  }
  if (!st && x->cameo)
    st = put_str(c, s, NG_NS "cameoCode", x->cameo);
  if (!st && x->qid) {
    char *q = ng_arena_printf(&c->dm->arena, WD "%s", x->qid);
    st = q ? put_iri(c, s, OWL "sameAs", q) : NG_ERR_NOMEM;
  }
  if (!st && x->kb)
    st = put_str(c, s, NG_NS "kbKey", x->kb->key);
  if (!st && x->kb && ng_link_rule_name((ng_link_rule)x->link))
    st = put_str(c, s, NG_NS "linkRule",
                 ng_link_rule_name((ng_link_rule)x->link));
  if (!st && x->discovered)
    st = put(c, s, NG_NS "discovered", lit("true", 4, XSD "boolean"));
  if (!st && x->rank)
    st = put_str(c, s, NG_NS "rank", x->rank);
  for (size_t i = 0; !st && i < x->posts.n; i++) {
    const ng_post *p = &NG_VEC_AT(&x->posts, ng_post, i);
    const char *pi = post_iri(c, x, p);
    if (!pi)
      return NG_ERR_NOMEM;
    st = put_iri(c, s, p->former ? NG_NS "formerlyHeld" : NG_NS "holds", pi);
    if (!st)
      st = put_iri(c, pi, RDF "type", NG_NS "Post");
    if (!st)
      st = put_str(c, pi, RDFS "label", p->label);
    if (!st && p->org >= 0)
      st = put_iri(c, pi, NG_NS "postIn", NG_ENTITY(c->d, p->org)->iri);
    if (!st && c->d->year && !p->former)
      st = put(c, pi, NG_NS "heldAsOf",
               lit(c->d->date, strlen(c->d->date), XSD "date"));
    if (!st && c->d->year && p->recent)
      st = put(c, pi, NG_NS "assumedAround",
               lit(c->d->date, strlen(c->d->date), XSD "date"));
  }
  return st;
}

static ng_status emit_event(gctx *c, size_t ei, uint8_t *sent_done) {
  const ng_event *e = NG_EVENT(c->d, ei);
  const ng_doc *d = c->d;
  const char *s = e->iri;
  ng_status st = put_iri(c, d->iri, NG_NS "hasEvent", s);
  if (!st)
    st = put_iri(c, s, RDF "type", NG_NS "Event");
  const char *rc = root_class(e->cameo);
  if (!st && rc)
    st = put_iri(c, s, RDF "type", rc);
  if (!st)
    st = put_str(c, s, NG_NS "cameo", e->cameo);
  char root[3] = {e->cameo[0], e->cameo[1], 0};
  if (!st)
    st = put_str(c, s, NG_NS "cameoRoot", root);
  if (!st && e->plover)
    st = put_str(c, s, NG_NS "plover", e->plover);
  if (!st && e->quad)
    st = put_int(c, s, NG_NS "quadClass", e->quad, XSD "integer");
  /* a readable label: "Al-Sudani -043-> Schreurs" */
  ng_buf lb;
  ng_buf_init(&lb, 4096);
  for (uint8_t k = 0; k < e->n_src; k++)
    ng_buf_printf(&lb, "%s%s", k ? " and " : "",
                  NG_ENTITY(d, e->src[k])->label);
  const ng_cameo_code *cc = ng_evdict_code(c->w->evdict, e->cameo);
  const char *name = cc ? cc->name : e->cameo;
  const char *nsb = strstr(name, ", not specified below");
  ng_buf_printf(&lb, ": %.*s", nsb ? (int)(nsb - name) : (int)strlen(name),
                name);
  for (uint8_t k = 0; k < e->n_tgt; k++)
    ng_buf_printf(&lb, "%s%s", k ? " and " : " -> ",
                  NG_ENTITY(d, e->tgt[k])->label);
  if (!st && lb.s)
    st = put(c, s, RDFS "label", lit(lb.s, lb.len, NULL));
  ng_buf_free(&lb);
  for (int role = 0; role < 2; role++) {
    uint8_t n = role ? e->n_tgt : e->n_src;
    const int32_t *ids = role ? e->tgt : e->src;
    for (uint8_t k = 0; !st && k < n; k++) {
      const ng_entity *x = NG_ENTITY(d, ids[k]);
      st = put_iri(c, s, role ? NG_NS "target" : NG_NS "source", x->iri);
      /* codes once each: two actors may share one */
      int seen = 0;
      for (uint8_t j = 0; j < k && x->cameo; j++) {
        const char *o = NG_ENTITY(d, ids[j])->cameo;
        seen |= o && !strcmp(o, x->cameo);
      }
      if (!st && x->cameo && !seen)
        st = put_str(c, s, role ? NG_NS "targetCode" : NG_NS "sourceCode",
                     x->cameo);
    }
  }
  /* every event with a date says where it comes from: the text, or the
   * article's date for want of one (ng_doc_settle_dates) */
  const char *dt = e->date[0] ? date_type(e->date) : NULL;
  if (!st && dt) {
    const char *basis = ng_date_basis_name((ng_date_basis)e->date_basis);
    st = put(c, s, NG_NS "date", lit(e->date, strlen(e->date), dt));
    if (!st && basis)
      st = put_str(c, s, NG_NS "dateBasis", basis);
  }
  /* where: the place named in the event's clause and its country */
  if (!st && e->place) {
    const char *ci = country_iri(c, e->place_iso3);
    if (!ci)
      return NG_ERR_NOMEM;
    st = put_str(c, s, NG_NS "placeName", e->place);
    if (!st)
      st = put_iri(c, s, NG_NS "placeCountry", ci);
    int first = st ? 0 : first_time(c, ci);
    if (first < 0)
      return NG_ERR_NOMEM;
    if (first)
      st = emit_country_node(c, e->place_iso3, ci);
  }
  if (!st && e->timex >= 0) {
    const ng_timex *t = NG_TIMEX(d, e->timex);
    const ng_token *tb = NG_TOK(d, t->tb), *te = NG_TOK(d, t->te - 1);
    const char *ti = span_iri(c, "t", tb->cb, te->ce);
    if (!ti)
      return NG_ERR_NOMEM;
    if (!st)
      st = put_iri(c, s, NG_NS "timex", ti);
  }
  /* evidence: the sentence, and the sentences that repeat it */
  const char *si = sentence_iri(c, e->sent);
  if (!si)
    return NG_ERR_NOMEM;
  if (!st)
    st = emit_sentence(c, e->sent, sent_done);
  if (!st)
    st = put_iri(c, s, NG_NS "evidence", si);
  for (size_t k = 0; !st && k < e->extra_evidence.n; k++) {
    uint32_t xs = NG_VEC_AT(&e->extra_evidence, uint32_t, k);
    const char *xi = sentence_iri(c, xs);
    if (!xi)
      return NG_ERR_NOMEM;
    st = emit_sentence(c, xs, sent_done);
    if (!st)
      st = put_iri(c, s, NG_NS "evidence", xi);
  }
  /* the trigger words */
  if (!st && e->te > e->tb) {
    const ng_token *tb = NG_TOK(d, e->tb), *te = NG_TOK(d, e->te - 1);
    const char *tr = span_iri(c, "tr", tb->cb, te->ce);
    if (!tr)
      return NG_ERR_NOMEM;
    st = put_iri(c, s, NG_NS "trigger", tr);
    if (!st)
      st = emit_span_once(c, tr, NG_NS "Trigger", tb->b, te->e, tb->cb,
                          te->ce, si);
  }
  if (!st && e->pattern)
    st = put_str(c, s, NG_NS "pattern", e->pattern);
  if (!st)
    st = put_str(c, s, NG_NS "factuality",
                 ng_factuality_name((ng_factuality)e->factuality));
  if (!st && e->attrib >= 0) {
    const ng_attrib *a = &NG_VEC_AT(&d->attribs, ng_attrib, e->attrib);
    const char *ai =
        a->entity >= 0
            ? NG_ENTITY(d, a->entity)->iri
            : ng_arena_printf(&c->dm->arena, "%s/src/%d", d->iri, e->attrib);
    if (!ai)
      return NG_ERR_NOMEM;
    st = put_iri(c, s, NG_NS "attributedTo", ai);
    if (!st && a->verb)
      st = put_str(c, s, NG_NS "attributionCue", a->verb);
  }
  if (!st)
    st = put_iri(c, s, PROV "wasGeneratedBy", c->run);
  return st;
}

ng_status ng_doc_emit(ng_world *w, const ng_doc *d, ng_triple_handler fn,
                      void *ud) {
  if (!w || !d || !fn)
    return NG_ERR_ARG;
  gctx c = {0};
  c.w = w;
  c.d = d;
  c.dm = (ng_doc *)d; /* only its arena grows */
  c.fn = fn;
  c.ud = ud;
  c.graph = iri(d->iri);
  ng_status st = NG_OK;
  ng_arena_init(&c.scratch, 0);
  uint8_t *sent_done = calloc(d->sentences.n + 1, 1);
  if (!sent_done)
    return NG_ERR_NOMEM;
  /* countries that are actors of the article are described as such */
  for (size_t x = 0; x < d->entities.n; x++)
    if (NG_ENTITY(d, x)->type == NG_AT_COUNTRY &&
        first_time(&c, NG_ENTITY(d, x)->iri) < 0)
      st = NG_ERR_NOMEM;
  const char *a = d->iri;
  /* the run: the same for the same software and dictionaries */
  c.run = ng_arena_printf(&c.dm->arena, "%srun/%s-%s", w->base_iri,
                          PACKAGE_VERSION, w->dict_version);
  const char *sw = ng_arena_printf(&c.dm->arena, "%ssoftware/newsgraph",
                                   w->base_iri);
  if (!c.run || !sw)
    st = NG_ERR_NOMEM;
  if (!st)
    st = put_iri(&c, a, RDF "type", NG_NS "Article");
  if (!st)
    st = put_iri(&c, a, RDF "type", NIF "Context");
  if (!st)
    st = put_str(&c, a, DCT "identifier", d->id);
  if (!st && d->year)
    st = put(&c, a, DCT "date", lit(d->date, strlen(d->date), XSD "date"));
  if (!st && d->title)
    st = put_str(&c, a, DCT "title", d->title);
  if (!st && d->url)
    st = put(&c, a, SCHEMA "url", lit(d->url, strlen(d->url), XSD "anyURI"));
  if (!st && d->publisher >= 0)
    st = put_iri(&c, a, DCT "publisher", NG_ENTITY(d, d->publisher)->iri);
  if (!st)
    st = put(&c, a, NIF "isString", lit(d->text, d->len, NULL));
  if (!st)
    st = put_iri(&c, a, PROV "wasGeneratedBy", c.run);
  if (!st)
    st = put_iri(&c, c.run, RDF "type", NG_NS "ExtractionRun");
  if (!st)
    st = put_str(&c, c.run, NG_NS "softwareVersion", PACKAGE_VERSION);
  if (!st)
    st = put_str(&c, c.run, NG_NS "dictionaryVersion", w->dict_version);
  if (!st)
    st = put_iri(&c, c.run, PROV "wasAssociatedWith", sw);
  if (!st)
    st = put_iri(&c, sw, RDF "type", NG_NS "Software");
  if (!st)
    st = put_str(&c, sw, RDFS "label", "newsgraph " PACKAGE_VERSION);
  /* actors */
  for (size_t x = 0; !st && x < d->entities.n; x++) {
    const ng_entity *e = NG_ENTITY(d, x);
    if (e->n_mentions)
      st = put_iri(&c, a, NG_NS "mentions", e->iri);
    if (!st)
      st = emit_entity(&c, x);
  }
  /* actor mentions */
  for (size_t mi = 0; !st && mi < d->mentions.n; mi++) {
    const ng_mention *m = NG_MENTION(d, mi);
    if (m->entity < 0)
      continue;
    const ng_token *tb = NG_TOK(d, m->tb), *te = NG_TOK(d, m->te - 1);
    const char *mi_iri = span_iri(&c, "m", tb->cb, te->ce);
    if (!mi_iri) {
      st = NG_ERR_NOMEM;
      break;
    }
    st = emit_span(&c, mi_iri, NG_NS "Mention", tb->b, te->e, tb->cb, te->ce);
    if (!st)
      st = put_iri(&c, mi_iri, NG_NS "refersTo",
                   NG_ENTITY(d, m->entity)->iri);
    if (!st) {
      const char *si = sentence_iri(&c, tb->sent);
      st = si ? emit_sentence(&c, tb->sent, sent_done) : NG_ERR_NOMEM;
      if (!st)
        st = put_iri(&c, mi_iri, NIF "sentence", si);
    }
  }
  /* time expressions */
  for (size_t ti = 0; !st && ti < d->timexes.n; ti++) {
    const ng_timex *t = NG_TIMEX(d, ti);
    const ng_token *tb = NG_TOK(d, t->tb), *te = NG_TOK(d, t->te - 1);
    const char *ti_iri = span_iri(&c, "t", tb->cb, te->ce);
    if (!ti_iri) {
      st = NG_ERR_NOMEM;
      break;
    }
    int first = first_time(&c, ti_iri);
    if (first < 0) {
      st = NG_ERR_NOMEM;
      break;
    }
    if (!first)
      continue;
    st = emit_span(&c, ti_iri, NG_NS "TimeExpression", tb->b, te->e, tb->cb,
                   te->ce);
    if (!st && t->value[0])
      st = put_str(&c, ti_iri, NG_NS "timexValue", t->value);
    if (!st && t->type[0])
      st = put_str(&c, ti_iri, NG_NS "timexType", t->type);
    if (!st && t->mod[0])
      st = put_str(&c, ti_iri, NG_NS "timexMod", t->mod);
    if (!st) {
      const char *si = sentence_iri(&c, tb->sent);
      st = si ? emit_sentence(&c, tb->sent, sent_done) : NG_ERR_NOMEM;
      if (!st)
        st = put_iri(&c, ti_iri, NIF "sentence", si);
    }
  }
  /* anonymous sources */
  for (size_t k = 0; !st && k < d->attribs.n; k++) {
    const ng_attrib *at = &NG_VEC_AT(&d->attribs, ng_attrib, k);
    if (at->entity >= 0)
      continue;
    const char *ai = ng_arena_printf(&c.dm->arena, "%s/src/%zu", d->iri, k);
    if (!ai) {
      st = NG_ERR_NOMEM;
      break;
    }
    st = put_iri(&c, ai, RDF "type", NG_NS "AnonymousSource");
    if (!st)
      st = put_str(&c, ai, RDFS "label", at->label);
  }
  /* events */
  for (size_t ei = 0; !st && ei < d->events.n; ei++)
    if (NG_EVENT(d, ei)->dup_of < 0)
      st = emit_event(&c, ei, sent_done);
  free(sent_done);
  ng_map_free(&c.done);
  ng_arena_free(&c.scratch);
  return st;
}
