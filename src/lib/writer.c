/* writer.c - RDF out: Turtle (with prefixes) and RDF/XML through
 * raptor2's serializers; N-Triples and N-Quads (each article in its own
 * named graph) straight from the terms (ntriples.c), in the bytes
 * raptor's serializer would write, several times faster. */
#include <stdlib.h>

#include "ntriples.h"

/* The direct writer hands its buffer to stdio once it holds this much,
 * and at the end of every article (so a stream reader sees whole
 * articles as they come). */
#define NG_WRITER_FLUSH (256u * 1024u)

/* In the flattened formats (all but N-Quads) the descriptions of shared
 * nodes - actors, countries, posts, the run - would repeat in every
 * article that names them; a set of their triples' hashes writes each
 * once, so the file holds no duplicate triple (rdflib and rapper then
 * count the same).  The set grows with the distinct shared triples, not
 * with the input.  Article ids must be unique in one output. */
typedef struct hash_set {
  uint64_t *slots;
  size_t n, cap;
} hash_set;

/* 1 if H was added, 0 if it was there, -1 out of memory (0 is never
 * stored: it marks an empty slot, so a zero hash is bumped to 1). */
static int hset_add(hash_set *hs, uint64_t h) {
  if (!h)
    h = 1;
  if ((hs->n + 1) * 4 >= hs->cap * 3) {
    size_t ncap = hs->cap ? hs->cap * 2 : 1024;
    uint64_t *ns = calloc(ncap, sizeof *ns);
    if (!ns)
      return -1;
    for (size_t i = 0; i < hs->cap; i++) {
      uint64_t v = hs->slots[i];
      if (!v)
        continue;
      size_t j = (size_t)v & (ncap - 1);
      while (ns[j])
        j = (j + 1) & (ncap - 1);
      ns[j] = v;
    }
    free(hs->slots);
    hs->slots = ns;
    hs->cap = ncap;
  }
  size_t j = (size_t)h & (hs->cap - 1);
  while (hs->slots[j]) {
    if (hs->slots[j] == h)
      return 0;
    j = (j + 1) & (hs->cap - 1);
  }
  hs->slots[j] = h;
  hs->n++;
  return 1;
}

struct ng_writer {
  ng_world *w;
  ng_rdf_format format;
  raptor_serializer *ser; /* NULL for the direct writer */
  raptor_iostream *io;
  FILE *fp;
  ng_buf out;             /* the direct writer's pending bytes */
  uint64_t count;         /* statements written */
  int started;
  hash_set shared;   /* triples of shared nodes already written */
  hash_set articles; /* article IRIs already written */
  const char *doc_iri; /* the article being written */
  size_t doc_iri_len;
};

ng_status ng_rdf_format_parse(const char *name, ng_rdf_format *out) {
  static const struct {
    const char *name;
    ng_rdf_format f;
  } names[] = {{"turtle", NG_FORMAT_TURTLE},   {"ttl", NG_FORMAT_TURTLE},
               {"ntriples", NG_FORMAT_NTRIPLES}, {"nt", NG_FORMAT_NTRIPLES},
               {"nquads", NG_FORMAT_NQUADS},   {"nq", NG_FORMAT_NQUADS},
               {"rdfxml", NG_FORMAT_RDFXML},   {"xml", NG_FORMAT_RDFXML}};
  for (size_t i = 0; name && i < NG_ARRAY_LEN(names); i++)
    if (!strcmp(name, names[i].name)) {
      *out = names[i].f;
      return NG_OK;
    }
  return NG_ERR_ARG;
}

static const char *serializer_name(ng_rdf_format f) {
  switch (f) {
  case NG_FORMAT_TURTLE:
    return "turtle";
  case NG_FORMAT_NTRIPLES:
    return "ntriples";
  case NG_FORMAT_NQUADS:
    return "nquads";
  case NG_FORMAT_RDFXML:
    return "rdfxml-abbrev";
  default:
    return "ntriples";
  }
}

static const struct {
  const char *prefix, *uri;
} prefixes[] = {
    {"ng", NG_NS},
    {"rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"},
    {"rdfs", "http://www.w3.org/2000/01/rdf-schema#"},
    {"xsd", "http://www.w3.org/2001/XMLSchema#"},
    {"owl", "http://www.w3.org/2002/07/owl#"},
    {"skos", "http://www.w3.org/2004/02/skos/core#"},
    {"dcterms", "http://purl.org/dc/terms/"},
    {"nif", "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"},
    {"prov", "http://www.w3.org/ns/prov#"},
    {"schema", "http://schema.org/"},
    {"wd", "http://www.wikidata.org/entity/"},
};

static ng_status writer_new(ng_world *w, ng_rdf_format format, FILE *fp,
                            int use_raptor, ng_writer **out) {
  *out = NULL;
  if (!w || !fp)
    return NG_ERR_ARG;
  ng_writer *wr = calloc(1, sizeof *wr);
  if (!wr)
    return NG_ERR_NOMEM;
  wr->w = w;
  wr->format = format;
  wr->fp = fp;
  ng_buf_init(&wr->out, 0);
  if (!use_raptor &&
      (format == NG_FORMAT_NTRIPLES || format == NG_FORMAT_NQUADS)) {
    wr->started = 1;
    *out = wr;
    return NG_OK;
  }
  wr->ser = raptor_new_serializer(w->raptor, serializer_name(format));
  wr->io = raptor_new_iostream_to_file_handle(w->raptor, fp);
  if (!wr->ser || !wr->io) {
    ng_writer_free(wr);
    return NG_ERR_NOMEM;
  }
  if (format == NG_FORMAT_TURTLE || format == NG_FORMAT_RDFXML) {
    for (size_t i = 0; i < NG_ARRAY_LEN(prefixes); i++) {
      raptor_uri *u = raptor_new_uri(w->raptor,
                                     (const unsigned char *)prefixes[i].uri);
      if (!u) {
        ng_writer_free(wr);
        return NG_ERR_NOMEM;
      }
      raptor_serializer_set_namespace(wr->ser, u,
                                      (const unsigned char *)prefixes[i].prefix);
      raptor_free_uri(u);
    }
    raptor_uri *u = raptor_new_uri(w->raptor,
                                   (const unsigned char *)w->base_iri);
    if (u) {
      raptor_serializer_set_namespace(wr->ser, u, (const unsigned char *)"id");
      raptor_free_uri(u);
    }
  }
  if (raptor_serializer_start_to_iostream(wr->ser, NULL, wr->io)) {
    ng_writer_free(wr);
    return NG_ERR_RDF;
  }
  wr->started = 1;
  *out = wr;
  return NG_OK;
}

ng_status ng_writer_new(ng_world *w, ng_rdf_format format, FILE *fp,
                        ng_writer **out) {
  return writer_new(w, format, fp, 0, out);
}

ng_status ng_writer_new_raptor(ng_world *w, ng_rdf_format format, FILE *fp,
                               ng_writer **out) {
  return writer_new(w, format, fp, 1, out);
}

uint64_t ng_writer_count(const ng_writer *wr) { return wr ? wr->count : 0; }

/* Hands the direct writer's pending bytes to stdio. */
static ng_status flush_out(ng_writer *wr) {
  if (!wr->out.len)
    return NG_OK;
  size_t n = fwrite(wr->out.s, 1, wr->out.len, wr->fp);
  size_t want = wr->out.len;
  wr->out.len = 0;
  return n == want ? NG_OK : NG_ERR_IO;
}

static raptor_term *to_raptor(raptor_world *rw, const ng_term *t) {
  switch (t->kind) {
  case NG_TERM_IRI:
    return raptor_new_term_from_counted_uri_string(
        rw, (const unsigned char *)t->value, t->len);
  case NG_TERM_BLANK:
    return raptor_new_term_from_counted_blank(
        rw, (const unsigned char *)t->value, t->len);
  case NG_TERM_LITERAL: {
    raptor_uri *dt = NULL;
    if (t->datatype) {
      dt = raptor_new_uri(rw, (const unsigned char *)t->datatype);
      if (!dt)
        return NULL;
    }
    raptor_term *r = raptor_new_term_from_counted_literal(
        rw, (const unsigned char *)t->value, t->len, dt,
        (const unsigned char *)t->lang, t->lang ? (unsigned char)strlen(t->lang)
                                                : 0);
    if (dt)
      raptor_free_uri(dt);
    return r;
  }
  default:
    return NULL;
  }
}

typedef struct emit_ud {
  ng_writer *wr;
} emit_ud;

static uint64_t term_hash(uint64_t h, const ng_term *t) {
  unsigned char k = (unsigned char)t->kind;
  h = ng_hash64_more(h, &k, 1);
  h = ng_hash64_more(h, t->value, t->len);
  if (t->datatype)
    h = ng_hash64_more(h, t->datatype, strlen(t->datatype));
  if (t->lang)
    h = ng_hash64_more(h, t->lang, strlen(t->lang));
  return ng_hash64_more(h, "|", 1);
}

/* raptor 2.0.15's Turtle writer quotes a literal as "..." unless it
 * holds a line feed, and writes a carriage return in it raw, which
 * Turtle forbids inside "...".  Such a triple is written as an N-Triples
 * line instead (N-Triples is Turtle; raptor's Turtle writer buffers its
 * own output until the end, so the line never splits a statement).
 * (fuzz_rdf, tests/data/regress/rdf/turtle-lone-cr.) */
static int turtle_lone_cr(const ng_writer *wr, const ng_term *o) {
  return wr->format == NG_FORMAT_TURTLE && o->kind == NG_TERM_LITERAL &&
         memchr(o->value, '\r', o->len) && !memchr(o->value, '\n', o->len);
}

static ng_status on_triple(void *ud, const ng_term *s, const ng_term *p,
                           const ng_term *o, const ng_term *g) {
  ng_writer *wr = ((emit_ud *)ud)->wr;
  raptor_world *rw = wr->w->raptor;
  if (wr->format != NG_FORMAT_NQUADS &&
      !(s->len >= wr->doc_iri_len &&
        !memcmp(s->value, wr->doc_iri, wr->doc_iri_len))) {
    /* a shared node: its triple goes out once per file */
    uint64_t h = term_hash(term_hash(term_hash(NG_HASH64_INIT, s), p), o);
    int added = hset_add(&wr->shared, h);
    if (added < 0)
      return NG_ERR_NOMEM;
    if (!added)
      return NG_OK;
  }
  if (!wr->ser) {
    ng_status rc = ng_nt_statement(&wr->out, s, p, o,
                                   wr->format == NG_FORMAT_NQUADS ? g : NULL);
    if (!rc)
      wr->count++;
    if (!rc && wr->out.len >= NG_WRITER_FLUSH)
      rc = flush_out(wr);
    return rc;
  }
  raptor_statement st;
  raptor_statement_init(&st, rw);
  st.subject = to_raptor(rw, s);
  st.predicate = to_raptor(rw, p);
  st.object = to_raptor(rw, o);
  if (wr->format == NG_FORMAT_NQUADS && g)
    st.graph = to_raptor(rw, g);
  ng_status rc = NG_OK;
  if (!st.subject || !st.predicate || !st.object ||
      (wr->format == NG_FORMAT_NQUADS && g && !st.graph))
    rc = NG_ERR_NOMEM;
  else if (turtle_lone_cr(wr, o)
               ? raptor_statement_ntriples_write(&st, wr->io, 0)
               : raptor_serializer_serialize_statement(wr->ser, &st))
    rc = NG_ERR_RDF;
  else
    wr->count++;
  raptor_statement_clear(&st);
  return rc;
}

/* XML 1.0 cannot hold U+0001-U+0008, U+000B, U+000C, U+000E-U+001F,
 * U+FFFE or U+FFFF, not even as character references, and raptor also
 * refuses U+007F; its RDF/XML writer drops them, logs an error and goes
 * on, which would change the literal.  An article with one is refused
 * for RDF/XML before anything of it is written.  (fuzz_rdf,
 * tests/data/regress/rdf/xml-control and xml-del.) */
typedef struct xml_scan {
  uint32_t bad; /* the first code point XML cannot hold, or 0 */
} xml_scan;

static ng_status xml_scan_triple(void *ud, const ng_term *s,
                                 const ng_term *p, const ng_term *o,
                                 const ng_term *g) {
  xml_scan *x = ud;
  const unsigned char *v = (const unsigned char *)o->value;
  for (size_t i = 0; o->kind == NG_TERM_LITERAL && i < o->len; i++) {
    if ((v[i] < 0x20 && v[i] != '\t' && v[i] != '\n' && v[i] != '\r') ||
        v[i] == 0x7f)
      x->bad = v[i];
    else if (v[i] == 0xef && i + 2 < o->len && v[i + 1] == 0xbf &&
             v[i + 2] >= 0xbe)
      x->bad = v[i + 2] == 0xbe ? 0xfffe : 0xffff;
    if (x->bad)
      return NG_ERR_INPUT;
  }
  return NG_OK;
}

ng_status ng_writer_add(ng_writer *wr, const ng_doc *d) {
  if (!wr || !d)
    return NG_ERR_ARG;
  if (wr->format == NG_FORMAT_RDFXML) {
    xml_scan x = {0};
    ng_status xs = ng_doc_emit(wr->w, d, xml_scan_triple, &x);
    if (xs == NG_ERR_INPUT && x.bad) {
      ng_log(wr->w, NG_LOG_ERROR, NG_ERR_INPUT, "writer", 0, 0,
             "article %s holds U+%04X, which RDF/XML (XML 1.0) cannot "
             "represent; it is skipped: write Turtle, N-Triples or N-Quads "
             "to keep it",
             ng_doc_iri(d), (unsigned)x.bad);
      return NG_ERR_INPUT;
    }
    if (xs)
      return xs;
  }
  const char *iri = ng_doc_iri(d);
  int first = hset_add(&wr->articles, ng_hash64(iri, strlen(iri)));
  if (first < 0)
    return NG_ERR_NOMEM;
  if (!first) {
    ng_log(wr->w, NG_LOG_ERROR, NG_ERR_INPUT, "writer", 0, 0,
           "article %s was already written: article ids must be unique in "
           "one output; this one is skipped",
           iri);
    return NG_ERR_INPUT;
  }
  wr->doc_iri = iri;
  wr->doc_iri_len = strlen(iri);
  emit_ud ud = {wr};
  ng_status st = ng_doc_emit(wr->w, d, on_triple, &ud);
  if (!wr->ser) {
    ng_status fs = flush_out(wr);
    if (!st)
      st = fs;
  }
  if (st)
    ng_log(wr->w, NG_LOG_ERROR, st, "writer", 0, 0, "cannot write RDF: %s",
           ng_status_string(st));
  return st;
}

ng_status ng_writer_finish(ng_writer *wr) {
  if (!wr || !wr->started)
    return NG_ERR_ARG;
  wr->started = 0;
  if (!wr->ser)
    return flush_out(wr);
  if (raptor_serializer_serialize_end(wr->ser))
    return NG_ERR_RDF;
  raptor_iostream_write_end(wr->io);
  return NG_OK;
}

void ng_writer_free(ng_writer *wr) {
  if (!wr)
    return;
  if (wr->ser)
    raptor_free_serializer(wr->ser);
  if (wr->io)
    raptor_free_iostream(wr->io);
  free(wr->shared.slots);
  free(wr->articles.slots);
  ng_buf_free(&wr->out);
  free(wr);
}
