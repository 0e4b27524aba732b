/* fuzz.h - what the fuzz targets share: a world on the source tree's
 * data, checks that every emitted term is a valid IRI or literal, and a
 * main() for builds without libFuzzer that runs the target once on each
 * file (or each file of each directory) named on the command line, as
 * raptor2's tests/fuzz/fuzz_parser.c does.
 *
 * Built with --enable-fuzzing (clang, -fsanitize=fuzzer), NG_FUZZING is
 * defined and libFuzzer supplies main().  A target reports a bug by
 * crashing: a sanitizer report, or abort() from fz_fail() when an
 * invariant (valid IRIs and literals, output that raptor parses) breaks.
 */
#ifndef NG_FUZZ_H
#define NG_FUZZ_H

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "doc.h"

#ifndef NG_TEST_DATA_DIR
#define NG_TEST_DATA_DIR "data"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Stops the run with a message: libFuzzer saves the input as a crash. */
static inline void fz_fail(const char *what, const char *detail, size_t n) {
  fprintf(stderr, "fuzz invariant broken: %s: '%.*s'\n", what,
          (int)(n > 300 ? 300 : n), detail ? detail : "");
  abort();
}

static inline const char *fz_data_dir(void) {
  const char *dir = getenv("NEWSGRAPH_DATA_DIR");
  return dir && *dir ? dir : NG_TEST_DATA_DIR;
}

/* Log messages are dropped: libFuzzer runs millions of inputs.  Set
 * NG_FUZZ_VERBOSE=1 to see them when replaying one input. */
static inline void fz_log(void *ud, const ng_log_message *m) {
  (void)ud;
  if (getenv("NG_FUZZ_VERBOSE"))
    fprintf(stderr, "log: %s: %s\n", m->stage ? m->stage : "", m->text);
}

static ng_world *fz_shared_world;

static inline void fz_free_world(void) {
  ng_world_free(fz_shared_world);
  fz_shared_world = NULL;
}

/* The world on the real dictionaries, opened on first use and kept for
 * the whole run (freed at exit, so leak checkers see nothing). */
static inline ng_world *fz_world(void) {
  if (fz_shared_world)
    return fz_shared_world;
  ng_world *w = ng_world_new();
  if (!w)
    abort();
  ng_world_set_log_handler(w, fz_log, NULL);
  if (ng_world_set_data_dir(w, fz_data_dir()) || ng_world_open(w)) {
    fprintf(stderr, "fuzz: cannot open the dictionaries in %s\n",
            fz_data_dir());
    exit(2);
  }
  fz_shared_world = w;
  atexit(fz_free_world);
  return w;
}

/* ---- invariants of the graph (ng_doc_emit's contract) ---- */

static inline int fz_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') ||
         (c >= 'a' && c <= 'f');
}

/* An absolute IRI that N-Triples, Turtle and RDF/XML all accept: a
 * scheme, valid UTF-8, none of the characters IRIREF forbids, '%' only
 * before two hex digits, and no bidirectional formatting characters
 * (RFC 3987 section 4.1). */
static inline void fz_check_iri(const char *s, size_t n) {
  size_t i = 0;
  if (!n || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
    fz_fail("IRI without a scheme", s, n);
  while (i < n && s[i] != ':') {
    char c = s[i];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
          (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'))
      fz_fail("IRI scheme", s, n);
    i++;
  }
  if (i == n)
    fz_fail("IRI without a scheme", s, n);
  if (!ng_utf8_valid(s, n, NULL))
    fz_fail("IRI not valid UTF-8", s, n);
  for (i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c <= 0x20 || c == 0x7f || strchr("<>\"{}|\\^`", c))
      fz_fail("IRI with a forbidden character", s, n);
    if (c == '%' && (i + 2 >= n || !fz_hex(s[i + 1]) || !fz_hex(s[i + 2])))
      fz_fail("IRI with a bad percent escape", s, n);
    if (c >= 0x80) {
      uint32_t cp;
      size_t k = ng_utf8_seq((const unsigned char *)s + i, n - i, &cp);
      if ((cp >= 0x80 && cp <= 0x9f) || cp == 0x200e || cp == 0x200f ||
          (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069))
        fz_fail("IRI with a control or bidi character", s, n);
      i += k - 1;
    }
  }
}

static inline int fz_digits(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (s[i] < '0' || s[i] > '9')
      return 0;
  return n > 0;
}

#define FZ_XSD "http://www.w3.org/2001/XMLSchema#"

/* The lexical forms of the datatypes the graph uses. */
static inline void fz_check_typed(const char *v, size_t n, const char *dt) {
  int y, m, d;
  if (!strcmp(dt, FZ_XSD "date")) {
    if (!ng_date_parse_ymd(v, n, &y, &m, &d))
      fz_fail("xsd:date that is not a calendar date", v, n);
  } else if (!strcmp(dt, FZ_XSD "gYearMonth")) {
    if (n != 7 || !fz_digits(v, 4) || v[4] != '-' || !fz_digits(v + 5, 2) ||
        (v[5] - '0') * 10 + (v[6] - '0') < 1 ||
        (v[5] - '0') * 10 + (v[6] - '0') > 12 || !memcmp(v, "0000", 4))
      fz_fail("bad xsd:gYearMonth", v, n);
  } else if (!strcmp(dt, FZ_XSD "gYear")) {
    if (n != 4 || !fz_digits(v, 4) || !memcmp(v, "0000", 4))
      fz_fail("bad xsd:gYear", v, n);
  } else if (!strcmp(dt, FZ_XSD "integer")) {
    if (!fz_digits(v + (n && v[0] == '-'), n - (n && v[0] == '-')))
      fz_fail("bad xsd:integer", v, n);
  } else if (!strcmp(dt, FZ_XSD "nonNegativeInteger")) {
    if (!fz_digits(v, n))
      fz_fail("bad xsd:nonNegativeInteger", v, n);
  } else if (!strcmp(dt, FZ_XSD "boolean")) {
    if (!(n == 4 && !memcmp(v, "true", 4)) &&
        !(n == 5 && !memcmp(v, "false", 5)))
      fz_fail("bad xsd:boolean", v, n);
  }
}

static inline void fz_check_term(const ng_term *t, int literal_ok) {
  if (!t || (!t->value && t->len))
    fz_fail("a NULL term", "", 0);
  switch (t->kind) {
  case NG_TERM_IRI:
    fz_check_iri(t->value, t->len);
    break;
  case NG_TERM_BLANK:
    if (!t->len)
      fz_fail("an empty blank node", "", 0);
    for (size_t i = 0; i < t->len; i++) {
      char c = t->value[i];
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
            (c >= '0' && c <= '9') || c == '_' || c == '-'))
        fz_fail("a blank node label", t->value, t->len);
    }
    break;
  case NG_TERM_LITERAL:
    if (!literal_ok)
      fz_fail("a literal as subject or predicate", t->value, t->len);
    if (!ng_utf8_valid(t->value, t->len, NULL))
      fz_fail("a literal that is not valid UTF-8 (or holds NUL)", t->value,
              t->len);
    if (t->datatype && t->lang)
      fz_fail("a literal with a datatype and a language", t->value, t->len);
    if (t->datatype) {
      fz_check_iri(t->datatype, strlen(t->datatype));
      fz_check_typed(t->value, t->len, t->datatype);
    }
    if (t->lang) {
      size_t n = strlen(t->lang);
      for (size_t i = 0; i < n; i++) {
        char c = t->lang[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (i && ((c >= '0' && c <= '9') || c == '-'))))
          fz_fail("a language tag", t->lang, n);
      }
    }
    break;
  default:
    fz_fail("a term of no kind", "", 0);
  }
}

/* Counts triples; checks each term. */
static inline ng_status fz_check_triple(void *ud, const ng_term *s,
                                        const ng_term *p, const ng_term *o,
                                        const ng_term *g) {
  fz_check_term(s, 0);
  fz_check_term(p, 0);
  if (p->kind != NG_TERM_IRI)
    fz_fail("a predicate that is not an IRI", p->value, p->len);
  fz_check_term(o, 1);
  if (g) {
    fz_check_term(g, 0);
    if (g->kind != NG_TERM_IRI)
      fz_fail("a graph name that is not an IRI", g->value, g->len);
  }
  if (ud)
    (*(size_t *)ud)++;
  return NG_OK;
}

/* Extracts ARTICLE and checks the graph; returns the doc (or NULL when
 * extraction refused the article, which is allowed). */
static inline ng_doc *fz_extract_checked(ng_world *w, const ng_article *a) {
  ng_doc *d = NULL;
  ng_status st = ng_extract(w, a, &d);
  if (st) {
    if (d)
      fz_fail("ng_extract failed but gave a doc", "", 0);
    if (st != NG_ERR_INPUT && st != NG_ERR_LIMIT)
      fz_fail("ng_extract failed with an unexpected status",
              ng_status_string(st), strlen(ng_status_string(st)));
    return NULL;
  }
  size_t n = 0;
  if (ng_doc_emit(w, d, fz_check_triple, &n))
    fz_fail("ng_doc_emit failed", "", 0);
  if (n < 5)
    fz_fail("a graph without the article's triples", "", 0);
  /* the views agree with the graph's indexes */
  for (size_t i = 0; i < ng_doc_event_count(d); i++) {
    ng_event_view ev;
    if (ng_doc_event(d, i, &ev))
      fz_fail("ng_doc_event", "", 0);
    for (size_t k = 0; k < ev.n_sources; k++)
      if (ev.sources[k] >= ng_doc_actor_count(d))
        fz_fail("an event source out of range", ev.iri, strlen(ev.iri));
    for (size_t k = 0; k < ev.n_targets; k++)
      if (ev.targets[k] >= ng_doc_actor_count(d))
        fz_fail("an event target out of range", ev.iri, strlen(ev.iri));
  }
  return d;
}

/* ---- main() for builds without libFuzzer ---- */

#ifndef NG_FUZZING

static size_t fz_runs;

static inline int fz_run_file(const char *path) {
  FILE *fp = fopen(path, "rb");
  if (!fp) {
    perror(path);
    return -1;
  }
  size_t cap = 4096, n = 0;
  uint8_t *buf = malloc(cap);
  size_t k;
  while (buf && (k = fread(buf + n, 1, cap - n, fp)) > 0) {
    n += k;
    if (n == cap) {
      uint8_t *nb = realloc(buf, cap * 2);
      if (!nb) {
        free(buf);
        buf = NULL;
        break;
      }
      buf = nb;
      cap *= 2;
    }
  }
  fclose(fp);
  if (!buf) {
    fprintf(stderr, "%s: out of memory\n", path);
    return -1;
  }
  if (getenv("NG_FUZZ_VERBOSE"))
    fprintf(stderr, "running %s (%zu bytes)\n", path, n);
  /* a copy of exactly N bytes, so ASan sees reads past the input */
  uint8_t *exact = malloc(n ? n : 1);
  if (!exact) {
    free(buf);
    return -1;
  }
  memcpy(exact, buf, n);
  free(buf);
  LLVMFuzzerTestOneInput(exact, n);
  free(exact);
  fz_runs++;
  return 0;
}

static inline int fz_cmp(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static inline int fz_run_path(const char *path) {
  struct stat sb;
  if (stat(path, &sb)) {
    perror(path);
    return -1;
  }
  if (!S_ISDIR(sb.st_mode))
    return fz_run_file(path);
  DIR *dir = opendir(path);
  if (!dir) {
    perror(path);
    return -1;
  }
  char **names = NULL;
  size_t n = 0, cap = 0;
  struct dirent *de;
  int rc = 0;
  while (!rc && (de = readdir(dir))) {
    if (de->d_name[0] == '.')
      continue;
    if (n == cap) {
      cap = cap ? cap * 2 : 64;
      char **nn = realloc(names, cap * sizeof *nn);
      if (!nn) {
        rc = -1;
        break;
      }
      names = nn;
    }
    size_t len = strlen(path) + strlen(de->d_name) + 2;
    if (!(names[n] = malloc(len))) {
      rc = -1;
      break;
    }
    snprintf(names[n++], len, "%s/%s", path, de->d_name);
  }
  closedir(dir);
  if (n)
    qsort(names, n, sizeof *names, fz_cmp);
  for (size_t i = 0; i < n; i++) {
    if (!rc)
      rc = fz_run_path(names[i]);
    free(names[i]);
  }
  free(names);
  return rc;
}

/* Runs the target on every file named (directories: every file in
 * them); arguments starting with '-' are libFuzzer options, ignored. */
int main(int argc, char **argv) {
  int rc = 0;
  for (int i = 1; i < argc && !rc; i++)
    if (argv[i][0] != '-')
      rc = fz_run_path(argv[i]);
  fprintf(stderr, "%s: %zu inputs run%s\n", argv[0], fz_runs,
          rc ? ", stopped by an error" : ", no invariant broken");
  return rc ? 1 : 0;
}

#endif /* NG_FUZZING */

#endif /* NG_FUZZ_H */
