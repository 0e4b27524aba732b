/* fuzz_rdf.c - extract, emit and serialize, then read the output back
 * with raptor: names, ids and text from the input must never give RDF
 * that a parser rejects, and every format must carry the same triples
 * (a literal silently changed by one serializer is a broken literal).
 *
 * Input: up to five metadata lines, then the article text:
 *   id \n date \n title \n source \n url \n text...
 * A field the article refuses (invalid UTF-8, a bad date) is left
 * unset; an empty id becomes "x".  So the fuzzer reaches ids and names
 * with <>"{}|\^` and backquotes, spaces, control characters,
 * right-to-left marks and great lengths.
 *
 * The output goes to N-Triples, Turtle and RDF/XML in memory
 * (open_memstream); raptor parses each, with no error allowed, and the
 * triples of each (as N-Triples strings, an order-free hash) must equal
 * those of N-Triples.  RDF/XML cannot hold every character of a text
 * (XML 1.0 has no U+0001); the writer must then refuse the article with
 * NG_ERR_INPUT, never write a changed literal. */
#include "fuzz.h"

typedef struct parsed {
  size_t n;
  uint64_t sum, xsum; /* order-free hash of the triples */
  int errors;
} parsed;

static raptor_world *rw;

static void parse_log(void *ud, raptor_log_message *m) {
  parsed *p = ud;
  if (m->level >= RAPTOR_LOG_LEVEL_ERROR) {
    p->errors++;
    if (getenv("NG_FUZZ_VERBOSE"))
      fprintf(stderr, "raptor: %s\n", m->text);
  }
}

static uint64_t term_hash(uint64_t h, raptor_term *t) {
  size_t n;
  unsigned char *s = raptor_term_to_counted_string(t, &n);
  if (!s)
    abort();
  h = ng_hash64_more(h, s, n);
  raptor_free_memory(s);
  return ng_hash64_more(h, " ", 1);
}

static void on_statement(void *ud, raptor_statement *st) {
  parsed *p = ud;
  uint64_t h = term_hash(NG_HASH64_INIT, st->subject);
  h = term_hash(h, st->predicate);
  h = term_hash(h, st->object);
  p->n++;
  p->sum += h;
  p->xsum ^= h * 0x9e3779b97f4a7c15ULL;
}

static void free_rw(void) {
  if (rw)
    raptor_free_world(rw);
  rw = NULL;
}

static parsed parse(const char *syntax, const char *buf, size_t len) {
  parsed p = {0, 0, 0, 0};
  if (!rw) {
    rw = raptor_new_world();
    if (!rw || raptor_world_open(rw))
      abort();
    atexit(free_rw);
  }
  raptor_world_set_log_handler(rw, &p, parse_log);
  raptor_parser *rp = raptor_new_parser(rw, syntax);
  raptor_uri *base =
      raptor_new_uri(rw, (const unsigned char *)"http://example.invalid/");
  if (!rp || !base)
    abort();
  raptor_parser_set_statement_handler(rp, &p, on_statement);
  raptor_parser_set_option(rp, RAPTOR_OPTION_NO_NET, NULL, 1);
  raptor_parser_set_option(rp, RAPTOR_OPTION_NO_FILE, NULL, 1);
  if (raptor_parser_parse_start(rp, base) ||
      raptor_parser_parse_chunk(rp, (const unsigned char *)buf, len, 1))
    p.errors++;
  raptor_free_parser(rp);
  raptor_free_uri(base);
  raptor_world_set_log_handler(rw, NULL, NULL);
  return p;
}

/* 1 when TEXT holds a character XML 1.0 cannot represent (or raptor
 * refuses: U+007F). */
static int xml_illegal(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
      return 1;
    if (c == 0xef && i + 2 < n && (unsigned char)s[i + 1] == 0xbf &&
        ((unsigned char)s[i + 2] == 0xbe || (unsigned char)s[i + 2] == 0xbf))
      return 1; /* U+FFFE, U+FFFF */
  }
  return 0;
}

/* Serializes D as FORMAT into a malloc'd buffer; the writer's status. */
static ng_status serialize(ng_world *w, const ng_doc *d, ng_rdf_format f,
                           char **buf, size_t *len) {
  *buf = NULL;
  *len = 0;
  FILE *fp = open_memstream(buf, len);
  if (!fp)
    abort();
  ng_writer *wr = NULL;
  ng_status st = ng_writer_new(w, f, fp, &wr);
  if (!st)
    st = ng_writer_add(wr, d);
  if (wr) {
    ng_status fs = ng_writer_finish(wr);
    if (!st)
      st = fs;
  }
  ng_writer_free(wr);
  fclose(fp);
  return st;
}

static const char *next_line(const char **p, const char *end, size_t *n) {
  const char *s = *p;
  const char *nl = memchr(s, '\n', (size_t)(end - s));
  *n = (size_t)((nl ? nl : end) - s);
  *p = nl ? nl + 1 : end;
  return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  ng_world *w = fz_world();
  const char *p = (const char *)data, *end = p + size;
  static const ng_field fields[] = {NG_FIELD_ID, NG_FIELD_DATE, NG_FIELD_TITLE,
                                    NG_FIELD_SOURCE, NG_FIELD_URL};
  ng_article *a = ng_article_new();
  if (!a)
    return 0;
  for (size_t i = 0; i < NG_ARRAY_LEN(fields) && p < end; i++) {
    size_t n;
    const char *v = next_line(&p, end, &n);
    if (n)
      ng_article_set(w, a, fields[i], v, n);
  }
  if (!ng_article_get(a, NG_FIELD_ID, NULL))
    ng_article_set(w, a, NG_FIELD_ID, "x", 1);
  ng_status st = ng_article_set(w, a, NG_FIELD_TEXT, p, (size_t)(end - p));
  ng_doc *d = st ? NULL : fz_extract_checked(w, a);
  ng_article_free(a);
  if (!d)
    return 0;

  char *buf;
  size_t len;
  if (serialize(w, d, NG_FORMAT_NTRIPLES, &buf, &len))
    fz_fail("the N-Triples writer failed", "", 0);
  /* read with the Turtle parser (N-Triples is Turtle): raptor 2.0.15's
   * N-Triples and N-Quads parsers leak one URI per datatype, which
   * LeakSanitizer would blame on this target.  tests/fuzz/check.sh reads
   * the N-Triples and N-Quads of the corpus with rapper -i ntriples and
   * -i nquads. */
  parsed ref = parse("turtle", buf, len);
  size_t lines = 0;
  for (size_t i = 0; i < len; i++)
    lines += buf[i] == '\n';
  if (ref.errors || ref.n != lines || ref.n < 5)
    fz_fail("N-Triples output that raptor rejects", buf, len);
  free(buf);

  static const struct {
    ng_rdf_format f;
    const char *syntax;
  } others[] = {{NG_FORMAT_TURTLE, "turtle"}, {NG_FORMAT_RDFXML, "rdfxml"}};
  for (size_t i = 0; i < NG_ARRAY_LEN(others); i++) {
    st = serialize(w, d, others[i].f, &buf, &len);
    if (st) {
      /* only RDF/XML may refuse, and only a text XML cannot hold */
      int ok = others[i].f == NG_FORMAT_RDFXML && st == NG_ERR_INPUT &&
               (xml_illegal(d->text, d->len) ||
                (d->title && xml_illegal(d->title, strlen(d->title))) ||
                (d->source && xml_illegal(d->source, strlen(d->source))) ||
                (d->url && xml_illegal(d->url, strlen(d->url))) ||
                xml_illegal(d->id, strlen(d->id)));
      if (!ok)
        fz_fail("a writer failed", others[i].syntax, strlen(others[i].syntax));
      free(buf);
      continue;
    }
    parsed got = parse(others[i].syntax, buf, len);
    if (got.errors || got.n != ref.n || got.sum != ref.sum ||
        got.xsum != ref.xsum) {
      fprintf(stderr, "%s: %zu triples, %d errors; N-Triples: %zu\n",
              others[i].syntax, got.n, got.errors, ref.n);
      fz_fail("a serialization that does not read back as the N-Triples", buf,
              len);
    }
    free(buf);
  }
  ng_doc_free(d);
  return 0;
}
