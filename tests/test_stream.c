/* test_stream.c - the fast paths must say exactly what the slow ones say:
 * the direct N-Triples / N-Quads writer against raptor's serializer (term
 * by term on hostile strings, and whole Wikinews articles byte for byte),
 * the fast JSON Lines reader against jansson, the phrase filter against
 * plain look-ups; and the document counts. */
#include <stdio.h>

#include "ngtest.h"
#include "ntriples.h"
#include "phrase.h"

#ifndef NG_TEST_SRCDIR
#define NG_TEST_SRCDIR "."
#endif

/* ---- term escaping, against raptor_statement_ntriples_write ---- */

static raptor_term *rterm(raptor_world *rw, const ng_term *t) {
  switch (t->kind) {
  case NG_TERM_IRI:
    return raptor_new_term_from_counted_uri_string(
        rw, (const unsigned char *)t->value, t->len);
  case NG_TERM_BLANK:
    return raptor_new_term_from_counted_blank(
        rw, (const unsigned char *)t->value, t->len);
  default: {
    const unsigned char *dts = (const unsigned char *)t->datatype;
    raptor_uri *dt = dts ? raptor_new_uri(rw, dts) : NULL;
    raptor_term *r = raptor_new_term_from_counted_literal(
        rw, (const unsigned char *)t->value, t->len, dt,
        (const unsigned char *)t->lang,
        t->lang ? (unsigned char)strlen(t->lang) : 0);
    if (dt)
      raptor_free_uri(dt);
    return r;
  }
  }
}

/* raptor's bytes for the statement S P O [G]. */
static char *raptor_line(const ng_term *s, const ng_term *p, const ng_term *o,
                         const ng_term *g) {
  raptor_world *rw = ngt_world->raptor;
  void *str = NULL;
  size_t len = 0;
  raptor_iostream *io =
      raptor_new_iostream_to_string(rw, &str, &len, malloc);
  raptor_statement st;
  raptor_statement_init(&st, rw);
  st.subject = rterm(rw, s);
  st.predicate = rterm(rw, p);
  st.object = rterm(rw, o);
  st.graph = g ? rterm(rw, g) : NULL;
  raptor_statement_ntriples_write(&st, io, g != NULL);
  raptor_statement_clear(&st);
  raptor_free_iostream(io);
  return str;
}

static void check_line(const ng_term *s, const ng_term *p, const ng_term *o,
                       const ng_term *g) {
  ng_buf b;
  ng_buf_init(&b, 0);
  CU_ASSERT_EQUAL_FATAL(ng_nt_statement(&b, s, p, o, g), NG_OK);
  char *want = raptor_line(s, p, o, g);
  CU_ASSERT_PTR_NOT_NULL_FATAL(want);
  size_t wl = strlen(want);
  CU_ASSERT(b.len == wl && !memcmp(b.s, want, wl));
  if (b.len != wl || memcmp(b.s, want, wl))
    fprintf(stderr, "\n  ours:   %.*s  raptor: %s\n", (int)b.len, b.s, want);
  free(want);
  ng_buf_free(&b);
}

static ng_term t_iri(const char *s) {
  ng_term t = {NG_TERM_IRI, s, strlen(s), NULL, NULL};
  return t;
}

static ng_term t_lit(const char *s, size_t n, const char *dt,
                     const char *lang) {
  ng_term t = {NG_TERM_LITERAL, s, n, dt, lang};
  return t;
}

static void test_escape_literals(void) {
  static const char *lits[] = {
      "plain words",
      "quote \" backslash \\ tab \t newline \n return \r end",
      "\x01\x02\x07\x08\x0b\x0c\x0e\x1f and DEL \x7f",
      "caf\xc3\xa9 na\xc3\xafve \xe2\x80\x94 dash \xe2\x80\x99 apostrophe",
      "\xe0\xa4\xb9\xe0\xa4\xbf\xe0\xa4\x82\xe0\xa4\xa6\xe0\xa5\x80",
      "astral \xf0\x9f\x98\x80 and \xf0\x90\x80\x80",
      "\xc2\x80\xc2\xa0\xef\xbf\xbd\xef\xbb\xbf",
      "",
      "a long run of plain ASCII that crosses the eight-byte steps twice "
      "over\" then more",
  };
  ng_term s = t_iri("https://w3id.org/newsgraph/id/article/x");
  ng_term p = t_iri("http://www.w3.org/2000/01/rdf-schema#label");
  ng_term g = t_iri("https://w3id.org/newsgraph/id/article/g");
  for (size_t i = 0; i < NG_ARRAY_LEN(lits); i++) {
    ng_term o = t_lit(lits[i], strlen(lits[i]), NULL, NULL);
    check_line(&s, &p, &o, NULL);
    check_line(&s, &p, &o, &g);
    o = t_lit(lits[i], strlen(lits[i]),
              "http://www.w3.org/2001/XMLSchema#string", NULL);
    check_line(&s, &p, &o, NULL);
    o = t_lit(lits[i], strlen(lits[i]), NULL, "en");
    check_line(&s, &p, &o, NULL);
  }
  /* a long value goes out in chunks; the seams must not show */
  size_t n = 100000;
  char *big = malloc(n + 1);
  CU_ASSERT_PTR_NOT_NULL_FATAL(big);
  for (size_t i = 0; i < n;) {
    static const char piece[] = "ab\"\xc3\xa9\n\xe2\x80\x94z";
    size_t k = sizeof piece - 1;
    if (i + k > n)
      k = 1, big[i] = 'x';
    else
      memcpy(big + i, piece, k);
    i += k;
  }
  big[n] = '\0';
  ng_term o = t_lit(big, n, NULL, NULL);
  check_line(&s, &p, &o, NULL);
  free(big);
}

static void test_escape_iris(void) {
  static const char *iris[] = {
      "https://w3id.org/newsgraph/id/actor/person/al-sudani",
      "http://example.org/a b",
      "http://example.org/<angle>\"quote\"{brace}|pipe^caret`tick",
      "http://example.org/back\\slash",
      "http://example.org/caf\xc3\xa9/\xf0\x9f\x98\x80",
      "http://example.org/ctl\x01\x7f",
  };
  ng_term p = t_iri("http://www.w3.org/2002/07/owl#sameAs");
  for (size_t i = 0; i < NG_ARRAY_LEN(iris); i++) {
    ng_term s = t_iri(iris[i]);
    ng_term o = t_iri(iris[i]);
    check_line(&s, &p, &o, NULL);
    check_line(&s, &p, &o, &s);
  }
  ng_term b = {NG_TERM_BLANK, "b0", 2, NULL, NULL};
  ng_term o = t_lit("x", 1, NULL, NULL);
  check_line(&b, &p, &o, NULL);
}

static void test_escape_bad_utf8(void) {
  ng_buf b;
  ng_buf_init(&b, 0);
  ng_term s = t_iri("http://example.org/s");
  ng_term o = t_lit("bad \xc3(", 6, NULL, NULL);
  CU_ASSERT_EQUAL(ng_nt_statement(&b, &s, &s, &o, NULL), NG_ERR_INPUT);
  CU_ASSERT_EQUAL(b.len, 0); /* no half line */
  ng_buf_free(&b);
}

/* ---- whole articles: the direct writer against raptor's ---- */

/* The first N records of the Wikinews corpus (tests/data/wikinews). */
static ng_doc **wikinews_docs(size_t n, size_t *got) {
  ng_doc **docs = calloc(n, sizeof *docs);
  FILE *fp = fopen(NG_TEST_SRCDIR "/tests/data/wikinews/wikinews.jsonl", "rb");
  *got = 0;
  if (!docs || !fp) {
    if (fp)
      fclose(fp);
    return docs;
  }
  ng_jsonl_reader *r;
  if (ng_jsonl_reader_new(ngt_world, fp, &r) == NG_OK) {
    ng_article *a;
    while (*got < n && ng_jsonl_reader_next(r, &a) == NG_OK && a) {
      if (ng_extract(ngt_world, a, &docs[*got]) == NG_OK)
        (*got)++;
      ng_article_free(a);
    }
    ng_jsonl_reader_free(r);
  }
  fclose(fp);
  return docs;
}

static char *write_all(ng_doc **docs, size_t n, ng_rdf_format f, int raptor,
                       size_t *len, uint64_t *count) {
  char *buf = NULL;
  FILE *fp = open_memstream(&buf, len);
  ng_writer *wr = NULL;
  ng_status st = raptor ? ng_writer_new_raptor(ngt_world, f, fp, &wr)
                        : ng_writer_new(ngt_world, f, fp, &wr);
  CU_ASSERT_EQUAL(st, NG_OK);
  for (size_t i = 0; !st && i < n; i++)
    CU_ASSERT_EQUAL(ng_writer_add(wr, docs[i]), NG_OK);
  if (!st)
    CU_ASSERT_EQUAL(ng_writer_finish(wr), NG_OK);
  *count = ng_writer_count(wr);
  ng_writer_free(wr);
  fclose(fp);
  return buf;
}

static int cmp_lines(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The lines of BUF, sorted (BUF is cut up). */
static char **sorted_lines(char *buf, size_t *n) {
  size_t cap = 1024;
  char **v = malloc(cap * sizeof *v);
  *n = 0;
  for (char *p = buf, *nl; v && p && *p; p = nl ? nl + 1 : NULL) {
    nl = strchr(p, '\n');
    if (nl)
      *nl = '\0';
    if (*n == cap) {
      char **nv = realloc(v, (cap *= 2) * sizeof *v);
      if (!nv)
        break;
      v = nv;
    }
    v[(*n)++] = p;
  }
  if (v)
    qsort(v, *n, sizeof *v, cmp_lines);
  return v;
}

static void test_writer_matches_raptor(void) {
  size_t n;
  ng_doc **docs = wikinews_docs(6, &n);
  CU_ASSERT_EQUAL_FATAL(n, 6);
  ng_rdf_format fmts[] = {NG_FORMAT_NTRIPLES, NG_FORMAT_NQUADS};
  for (size_t k = 0; k < 2; k++) {
    size_t la, lb;
    uint64_t ca, cb;
    char *a = write_all(docs, n, fmts[k], 0, &la, &ca);
    char *b = write_all(docs, n, fmts[k], 1, &lb, &cb);
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    CU_ASSERT(la > 10000);
    CU_ASSERT_EQUAL(ca, cb);
    /* the same bytes, so the same graph; compared sorted as well, which
     * is what matters to a reader */
    CU_ASSERT(la == lb && !memcmp(a, b, la));
    size_t na, nb;
    char **sa = sorted_lines(a, &na), **sb = sorted_lines(b, &nb);
    CU_ASSERT_EQUAL(na, nb);
    CU_ASSERT_EQUAL(na, ca);
    for (size_t i = 0; sa && sb && i < na && i < nb; i++)
      if (strcmp(sa[i], sb[i])) {
        CU_FAIL("a line differs");
        break;
      }
    free(sa);
    free(sb);
    free(a);
    free(b);
  }
  for (size_t i = 0; i < n; i++)
    ng_doc_free(docs[i]);
  free(docs);
}

/* ---- JSON Lines: the fast reader against jansson ---- */

static const char *json_cases[] = {
    "{\"id\": \"a\", \"text\": \"Plain text.\"}",
    "{\"id\":1,\"text\":\"t\",\"date\":\"2024-06-27\",\"url\":null}",
    "{\"id\": -0, \"text\": \"t\"}",
    "{\"id\": 123456789012345678, \"text\": \"t\"}",
    "{\"id\": 1234567890123456789, \"text\": \"t\"}",
    "{\"id\": 1.5, \"text\": \"t\"}",
    "{\"id\": 1e3, \"text\": \"t\"}",
    "{\"id\": 01, \"text\": \"t\"}",
    "{\"id\": \"a\", \"text\": \"esc \\\" \\\\ \\/ \\b \\f \\n \\r \\t "
    "\\u00e9\"}",
    "{\"id\": \"a\", \"text\": \"pair \\ud83d\\ude00 end\"}",
    "{\"id\": \"a\", \"text\": \"lone \\ud83d end\"}",
    "{\"id\": \"a\", \"text\": \"low \\ude00 end\"}",
    "{\"id\": \"a\", \"text\": \"nul \\u0000 end\"}",
    "{\"id\": \"a\", \"text\": \"bad \\x escape\"}",
    "{\"id\": \"a\", \"text\": \"raw \xc3\xa9 utf8\"}",
    "{\"id\": \"a\", \"text\": \"bad \xc3( utf8\"}",
    "{\"id\": \"a\", \"text\": \"overlong \xc0\xaf\"}",
    "{\"id\": \"a\", \"text\": \"tab\tinside\"}",
    "{\"id\": \"a\", \"text\": \"t\", \"id\": \"b\"}",
    "{\"id\": \"a\", \"text\": \"t\", \"x\": 1, \"x\": 2}",
    "{\"id\": \"a\", \"text\": \"t\", \"tags\": [\"x\", {\"y\": null}]}",
    "{\"id\": \"a\", \"text\": \"t\", \"n\": true, \"m\": false}",
    "{\"id\": \"a\", \"t\\u0065xt\": \"escaped key\"}",
    "{\"id\": \"a\"}",
    "{\"text\": \"no id\"}",
    "{\"id\": null, \"text\": \"t\"}",
    "{\"id\": \"\", \"text\": \"t\"}",
    "{\"id\": \"a\", \"text\": null}",
    "{\"id\": \"a\", \"text\": 5}",
    "{\"id\": \"a\", \"text\": \"t\", \"date\": \"2024-02-30\"}",
    "{\"id\": \"a\", \"text\": \"t\", \"title\": 7}",
    "{\"id\": \"a\", \"text\": \"t\"} trailing",
    "  {\"id\": \"a\", \"text\": \"t\"}  \r",
    "[1, 2]",
    "\"just a string\"",
    "{\"id\": \"a\", \"text\": \"t\",}",
    "{\"id\": \"a\" \"text\": \"t\"}",
    "{\"id\": \"a\", \"text\": \"unterminated}",
    "{}",
    "{\"id\": \"a\", \"text\": \"\\ufeffbom\"}",
};

static void test_jsonl_fast_matches_jansson(void) {
  for (size_t i = 0; i < NG_ARRAY_LEN(json_cases); i++) {
    const char *js = json_cases[i];
    ng_article *slow = NULL, *fast = NULL;
    ng_status s1 = ng_article_from_json(NULL, js, strlen(js), &slow);
    FILE *fp = tmpfile();
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    fprintf(fp, "%s\n", js);
    rewind(fp);
    ng_jsonl_reader *r;
    CU_ASSERT_EQUAL_FATAL(ng_jsonl_reader_new(NULL, fp, &r), NG_OK);
    ng_status s2 = ng_jsonl_reader_next(r, &fast);
    ng_jsonl_reader_free(r);
    fclose(fp);
    CU_ASSERT_EQUAL(s1, s2);
    if (s1 != s2)
      fprintf(stderr, "\n  case %zu: jansson %d, fast %d: %s\n", i, s1, s2,
              js);
    CU_ASSERT_EQUAL(slow != NULL, fast != NULL);
    for (int f = 0; slow && fast && f < NG_FIELD_COUNT_; f++) {
      size_t l1 = 0, l2 = 0;
      const char *v1 = ng_article_get(slow, (ng_field)f, &l1);
      const char *v2 = ng_article_get(fast, (ng_field)f, &l2);
      CU_ASSERT_EQUAL(v1 != NULL, v2 != NULL);
      CU_ASSERT(!v1 || !v2 || (l1 == l2 && !memcmp(v1, v2, l1)));
    }
    ng_article_free(slow);
    ng_article_free(fast);
  }
}

/* Records after a rejected one are still read, with their line numbers. */
static void test_jsonl_goes_on(void) {
  FILE *fp = tmpfile();
  CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
  fputs("{\"id\": \"a\", \"text\": \"one\"}\n\n{broken\n"
        "{\"id\": \"c\", \"text\": \"three\"}\n",
        fp);
  rewind(fp);
  ng_jsonl_reader *r;
  CU_ASSERT_EQUAL_FATAL(ng_jsonl_reader_new(NULL, fp, &r), NG_OK);
  ng_article *a = NULL;
  CU_ASSERT_EQUAL(ng_jsonl_reader_next(r, &a), NG_OK);
  CU_ASSERT_PTR_NOT_NULL(a);
  ng_article_free(a);
  CU_ASSERT_EQUAL(ng_jsonl_reader_next(r, &a), NG_ERR_INPUT);
  CU_ASSERT_EQUAL(ng_jsonl_reader_line(r), 3);
  CU_ASSERT_EQUAL(ng_jsonl_reader_next(r, &a), NG_OK);
  CU_ASSERT_PTR_NOT_NULL_FATAL(a);
  CU_ASSERT_STRING_EQUAL(ng_article_get(a, NG_FIELD_ID, NULL), "c");
  CU_ASSERT_EQUAL(ng_jsonl_reader_line(r), 4);
  ng_article_free(a);
  CU_ASSERT_EQUAL(ng_jsonl_reader_next(r, &a), NG_OK);
  CU_ASSERT_PTR_NULL(a);
  ng_jsonl_reader_free(r);
  fclose(fp);
}

/* ---- phrases: the first-token filter never hides a match ---- */

static void test_phrase_filter(void) {
  ng_arena arena;
  ng_arena_init(&arena, 0);
  ng_phrases p;
  ng_phrases_init(&p);
  static const char *phrases[] = {"Kata'ib Hezbollah", "Prime Minister",
                                  "al-Sudani", "NATO", "United Nations"};
  for (size_t i = 0; i < NG_ARRAY_LEN(phrases); i++)
    CU_ASSERT_EQUAL(ng_phrases_add_text(&p, &arena, ngt_world->lex,
                                        phrases[i], strlen(phrases[i]),
                                        (void *)phrases[i]),
                    NG_OK);
  ng_vec toks = {0};
  const char *text = "The Prime Minister met al Sudani, Kataib Hezbollah "
                     "and the United-Nations envoy; NATO said nothing.";
  CU_ASSERT_EQUAL_FATAL(ng_tokenize(ngt_world->lex, text, strlen(text),
                                    &arena, &toks, 1000),
                        NG_OK);
  size_t hits = 0;
  const ng_token *t = toks.items;
  for (size_t i = 0; i < toks.n; i++) {
    ng_phrase_match m[4];
    size_t k = ng_phrases_match(&p, t, toks.n, i, m, 4);
    /* the filter may pass a token that starts nothing, never the other
     * way round */
    CU_ASSERT_EQUAL(k, ng_phrases_match_at(&p, t, toks.n, i, m, 4));
    hits += k;
  }
  CU_ASSERT_EQUAL(hits, 5);
  ng_vec_free(&toks);
  ng_phrases_free(&p);
  ng_arena_free(&arena);
}

/* ---- the tokenizer's short cut for simple dictionary text ---- */

static void test_tokenize_simple(void) {
  static const char *texts[] = {
      "Mohammed Shia al Sudani", "40th Infantry Division", "US 1990s",
      "ABC News", "  two  spaces ", "3M", "X", "", "a1b2 C3PO", "UN",
      "NATO Secretary General", "2024", "iPhone eBay McDonald"};
  ng_arena arena;
  ng_arena_init(&arena, 0);
  for (size_t i = 0; i < NG_ARRAY_LEN(texts); i++) {
    /* the same text past the short cut's length: the full scanner */
    char longer[600];
    size_t n = strlen(texts[i]);
    memcpy(longer, texts[i], n);
    memset(longer + n, ' ', 300);
    ng_vec a = {0}, b = {0};
    CU_ASSERT_EQUAL(ng_tokenize(ngt_world->lex, texts[i], n, &arena, &a, 64),
                    NG_OK);
    CU_ASSERT_EQUAL(
        ng_tokenize(ngt_world->lex, longer, n + 300, &arena, &b, 64), NG_OK);
    CU_ASSERT_EQUAL(a.n, b.n);
    for (size_t k = 0; k < a.n && k < b.n; k++) {
      const ng_token *x = &NG_VEC_AT(&a, ng_token, k);
      const ng_token *y = &NG_VEC_AT(&b, ng_token, k);
      CU_ASSERT(x->b == y->b && x->e == y->e && x->cb == y->cb &&
                x->ce == y->ce && x->flags == y->flags &&
                x->key_len == y->key_len && x->hash == y->hash &&
                !memcmp(x->key, y->key, x->key_len));
    }
    ng_vec_free(&a);
    ng_vec_free(&b);
  }
  ng_arena_free(&arena);
}

/* ---- dictionary loading: the short cuts give what the long way does ---- */

/* Phrases added from simple text (their keys made without tokens) and
 * through the tokenizer: the same keys, nodes, payloads, filter bits. */
static void test_phrases_simple_text(void) {
  static const char *texts[] = {
      "Mohammed Shia al Sudani", "40th Infantry Division", "US",
      "  two  spaces ", "3M", "", "   ", "a1b2 C3PO", "Mohammed Shia",
      "NATO Secretary General", "one two three four five six seven eight "
      "nine ten eleven twelve thirteen", "UN"};
  ng_arena arena;
  ng_arena_init(&arena, 0);
  ng_phrases a, b;
  ng_phrases_init(&a);
  ng_phrases_init(&b);
  char many[400] = "";
  for (int k = 0; k < 70; k++) /* 70 words: over the tokenizer's 64 */
    strcat(many, k ? " w" : "w");
  for (size_t i = 0; i <= NG_ARRAY_LEN(texts); i++) {
    const char *t = i < NG_ARRAY_LEN(texts) ? texts[i] : many;
    size_t n = strlen(t);
    void *payload = (void *)(uintptr_t)(i + 1);
    CU_ASSERT(ng_tokenize_is_simple(t, n));
    ng_status sa = ng_phrases_add_text(&a, &arena, ngt_world->lex, t, n,
                                       payload);
    /* the long way: tokens, then ng_phrases_add */
    ng_vec toks = {0};
    ng_status sb = ng_tokenize(ngt_world->lex, t, n, &arena, &toks,
                               NG_PHRASE_TEXT_MAX_TOKENS);
    if (!sb && toks.n == 0)
      sb = NG_ERR_ARG;
    if (!sb)
      sb = ng_phrases_add(&b, &arena, toks.items, toks.n, payload);
    CU_ASSERT_EQUAL(sa, sb);
    ng_vec_free(&toks);
  }
  CU_ASSERT_EQUAL(a.map.n, b.map.n);
  CU_ASSERT_EQUAL(a.n_phrases, b.n_phrases);
  CU_ASSERT_EQUAL(a.max_tokens, b.max_tokens);
  CU_ASSERT(!memcmp(a.first, b.first, NG_PHRASE_FILTER_BITS / 8));
  for (size_t k = 0; k < a.map.cap; k++) {
    const ng_map_entry *e = &a.map.slots[k];
    if (!e->key)
      continue;
    const ng_phrase_node *x = e->value;
    const ng_phrase_node *y = ng_map_get(&b.map, e->key, e->key_len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(y);
    CU_ASSERT_EQUAL(x->ntok, y->ntok);
    const ng_phrase_val *u = x->vals, *v = y->vals;
    for (; u && v; u = u->next, v = v->next)
      CU_ASSERT_PTR_EQUAL(u->payload, v->payload);
    CU_ASSERT(!u && !v);
  }
  ng_phrases_free(&a);
  ng_phrases_free(&b);
  ng_arena_free(&arena);
}

/* The dictionary version's hash: XXH64's published values. */
static void test_xxh64(void) {
  CU_ASSERT_EQUAL(ng_xxh64("", 0, 0), 0xef46db3751d8e999ULL);
  CU_ASSERT_EQUAL(ng_xxh64("abc", 3, 0), 0x44bc2cf5ad770999ULL);
  const char *s = "Nobody inspects the spammish repetition";
  CU_ASSERT_EQUAL(ng_xxh64(s, strlen(s), 0), 0xfbcea83c8a378bf1ULL);
  char x[100];
  memset(x, 'x', sizeof x);
  CU_ASSERT_EQUAL(ng_xxh64(x, sizeof x, 0x9e3779b97f4a7c15ULL),
                  0x484ebde963fcb45bULL);
}

/* A map sized beforehand takes its keys without growing, and finds them;
 * the arena's inline path and its big one-off blocks. */
static void test_map_reserve_and_arena(void) {
  ng_arena arena;
  ng_arena_init(&arena, 0);
  ng_map m;
  ng_map_init(&m);
  CU_ASSERT_EQUAL(ng_map_reserve(&m, 1000), 0);
  size_t cap = m.cap;
  CU_ASSERT(cap > 2000);
  char key[32];
  for (int i = 0; i < 1000; i++) {
    int n = snprintf(key, sizeof key, "key %d", i);
    ng_map_entry *e = ng_map_slot(&m, &arena, key, (size_t)n);
    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    e->value = (void *)(uintptr_t)(i + 1);
  }
  CU_ASSERT_EQUAL(m.cap, cap);
  CU_ASSERT_EQUAL(ng_map_reserve(&m, 10), 0); /* never shrinks */
  CU_ASSERT_EQUAL(m.cap, cap);
  for (int i = 0; i < 1000; i++) {
    int n = snprintf(key, sizeof key, "key %d", i);
    CU_ASSERT_EQUAL((uintptr_t)ng_map_get(&m, key, (size_t)n),
                    (uintptr_t)(i + 1));
  }
  ng_map_free(&m);
  char *small = ng_arena_alloc(&arena, 3);
  char *big = ng_arena_alloc(&arena, 100000); /* a block of its own */
  char *next = ng_arena_alloc(&arena, 5);
  CU_ASSERT(small && big && next);
  CU_ASSERT_EQUAL((uintptr_t)small % 8, 0);
  CU_ASSERT_EQUAL((uintptr_t)next % 8, 0);
  CU_ASSERT_PTR_EQUAL(next, small + 8); /* the block before goes on */
  memset(big, 1, 100000);
  CU_ASSERT_PTR_NULL(ng_arena_alloc(&arena, SIZE_MAX));
  CU_ASSERT_PTR_NULL(ng_arena_alloc(&arena, SIZE_MAX - 3));
  ng_arena_reset(&arena);
  CU_ASSERT_EQUAL(arena.used_total, 0);
  CU_ASSERT_PTR_NOT_NULL(ng_arena_alloc(&arena, 0));
  ng_arena_free(&arena);
}

/* Words before a post title (words.tsv: titlemod, former). */
static void test_title_modifiers(void) {
  ng_doc *d = ngt_extract("The ousted Prime Minister Hamid Saleh met acting "
                          "Governor Nabil Qasim and the late President Omar "
                          "Daoud's deputy.",
                          "2024-01-10");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  static const struct {
    const char *name, *post;
    int former;
  } want[] = {{"Hamid Saleh", "Prime Minister", 1},
              {"Nabil Qasim", "Governor", 0},
              {"Omar Daoud", "President", 1}};
  for (size_t i = 0; i < NG_ARRAY_LEN(want); i++) {
    const ng_entity *e = ngt_entity(d, want[i].name);
    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    CU_ASSERT_EQUAL_FATAL(e->posts.n, 1);
    const ng_post *p = &NG_VEC_AT(&e->posts, ng_post, 0);
    CU_ASSERT_STRING_EQUAL(p->label, want[i].post);
    CU_ASSERT_EQUAL(p->former, want[i].former);
  }
  ng_doc_free(d);
}

/* ---- counts ---- */

static void test_counts(void) {
  ng_doc *d = ngt_extract("Iraq's Prime Minister met NATO officials on "
                          "Thursday.  They talked\nabout the mission.",
                          "2024-06-27");
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  ng_doc_counts c;
  CU_ASSERT_EQUAL(ng_doc_get_counts(d, &c), NG_OK);
  CU_ASSERT_EQUAL(c.words, 13); /* "Iraq's" and "Thursday." are one each */
  CU_ASSERT_EQUAL(c.sentences, 2);
  CU_ASSERT(c.tokens >= c.words);
  CU_ASSERT_EQUAL(c.actors, ng_doc_actor_count(d));
  CU_ASSERT_EQUAL(ng_doc_get_counts(NULL, &c), NG_ERR_ARG);
  ng_doc_free(d);
}

int main(void) {
  if (CU_initialize_registry() != CUE_SUCCESS)
    return 2;
  CU_pSuite s = CU_add_suite("stream", ngt_world_init, ngt_world_clean);
  CU_add_test(s, "N-Triples literals as raptor escapes them",
              test_escape_literals);
  CU_add_test(s, "N-Triples IRIs as raptor escapes them", test_escape_iris);
  CU_add_test(s, "bad UTF-8 is refused whole", test_escape_bad_utf8);
  CU_add_test(s, "direct writer == raptor on Wikinews articles",
              test_writer_matches_raptor);
  CU_add_test(s, "fast JSON Lines == jansson",
              test_jsonl_fast_matches_jansson);
  CU_add_test(s, "JSON Lines go on after a bad record", test_jsonl_goes_on);
  CU_add_test(s, "phrase filter hides no match", test_phrase_filter);
  CU_add_test(s, "simple text tokenized as the scanner does",
              test_tokenize_simple);
  CU_add_test(s, "phrases of simple text, without tokens",
              test_phrases_simple_text);
  CU_add_test(s, "XXH64 test values", test_xxh64);
  CU_add_test(s, "title modifiers from words.tsv", test_title_modifiers);
  CU_add_test(s, "map reservation, arena", test_map_reserve_and_arena);
  CU_add_test(s, "document counts", test_counts);
  return ngt_run(); /* failures read before the registry is cleaned */
}
