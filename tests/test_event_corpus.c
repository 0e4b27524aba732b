/* test_event_corpus.c - the event coder against tests/data/events/: the
 * invented sentences with hand-written parses and the events they must
 * (expect) and must not (absent) give.  Exits 1 on any failure.
 *
 * A case, rows separated by tabs, cases by a blank line:
 *   text    <the text>
 *   date    YYYY-MM-DD
 *   <form>  <head> <rel> <upos> <lemma>      one row per token (parsetest.h)
 *   expect  <code> <source> > <target> [<factuality>]
 *   absent  <code> <source> > <target>
 *   coders  both        (optional: the window coder runs first, as in
 *                        extract, and an expected event may come from it)
 * The code is a prefix ("19" matches "190"); source and target are
 * surface forms of actors; an empty target means no target.  An expected
 * event must come from the tree coder (its ng:pattern "tree: ..."). */
#include <dirent.h>
#include <stdio.h>

#include "event/policy.h"
#include "parsetest.h"

#ifndef NG_TEST_SRCDIR
#define NG_TEST_SRCDIR "."
#endif

static int failures, checks;

static void fail(const char *file, long line, const char *what,
                 const char *detail) {
  fprintf(stderr, "%s:%ld: FAIL %s: %s\n", file, line, what, detail);
  failures++;
}

static char *trim(char *s) {
  while (*s == ' ' || *s == '\t')
    s++;
  size_t n = strlen(s);
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
    s[--n] = '\0';
  return s;
}

/* "190 Kenyan troops > Somali militants [negated]" */
typedef struct expectation {
  char code[8];
  char src[128], tgt[128], fact[24];
} expectation;

static int parse_expectation(char *s, expectation *x) {
  memset(x, 0, sizeof *x);
  s = trim(s);
  size_t n = strcspn(s, " ");
  if (!n || n >= sizeof x->code)
    return 0;
  memcpy(x->code, s, n);
  s = trim(s + n);
  char *gt = strchr(s, '>');
  if (!gt)
    return 0;
  *gt = '\0';
  snprintf(x->src, sizeof x->src, "%s", trim(s));
  char *t = trim(gt + 1);
  char *br = strchr(t, '[');
  if (br) {
    char *close = strchr(br, ']');
    if (!close)
      return 0;
    *close = '\0';
    snprintf(x->fact, sizeof x->fact, "%s", br + 1);
    *br = '\0';
  }
  snprintf(x->tgt, sizeof x->tgt, "%s", trim(t));
  return x->src[0] != '\0';
}

static const ng_event *find_event(const ng_doc *d, const expectation *x) {
  int s = ngt_entity_index(d, ngt_entity(d, x->src));
  int t = x->tgt[0] ? ngt_entity_index(d, ngt_entity(d, x->tgt)) : -1;
  if (s < 0 || (x->tgt[0] && t < 0))
    return NULL;
  for (size_t i = 0; i < d->events.n; i++) {
    const ng_event *e = NG_EVENT(d, i);
    if (strncmp(e->cameo, x->code, strlen(x->code)) || e->dup_of >= 0)
      continue;
    int has_s = 0, has_t = !x->tgt[0] && !e->n_tgt;
    for (uint8_t k = 0; k < e->n_src; k++)
      has_s |= e->src[k] == s;
    for (uint8_t k = 0; k < e->n_tgt; k++)
      has_t |= e->tgt[k] == t;
    if (has_s && has_t)
      return e;
  }
  return NULL;
}

static void describe(const ng_doc *d, char *buf, size_t n) {
  size_t used = (size_t)snprintf(buf, n, "events:");
  for (size_t i = 0; i < d->events.n && used < n; i++) {
    const ng_event *e = NG_EVENT(d, i);
    const ng_entity *s = e->n_src ? NG_ENTITY(d, e->src[0]) : NULL;
    const ng_entity *t = e->n_tgt ? NG_ENTITY(d, e->tgt[0]) : NULL;
    used += (size_t)snprintf(buf + used, n - used, " [%s %s > %s%s %s (%s)]",
                             e->cameo, s && s->label ? s->label : "?",
                             t && t->label ? t->label : "-",
                             e->n_tgt > 1 ? " and more" : "",
                             ng_factuality_name(
                                 (ng_factuality)e->factuality),
                             e->pattern ? e->pattern : "");
  }
}

typedef struct kase {
  char text[2048], date[16];
  char parse[16384];
  size_t parse_len;
  char checks[16][300];
  long check_line[16];
  size_t n_checks;
  long line;
  int both_coders;
} kase;

static void run_case(const char *file, kase *k) {
  if (!k->text[0])
    return;
  ngt_parse p = {k->parse, "", k->both_coders};
  ng_doc *d = ngt_extract_parsed(k->text, k->date[0] ? k->date : NULL, &p);
  if (!d) {
    fail(file, k->line, "extract", p.error[0] ? p.error : "no doc");
    return;
  }
  char buf[4096];
  for (size_t c = 0; c < k->n_checks; c++) {
    char *row = k->checks[c];
    int absent = !strncmp(row, "absent", 6);
    expectation x;
    checks++;
    if (!parse_expectation(row + 6, &x)) {
      fail(file, k->check_line[c], "bad row", row);
      continue;
    }
    const ng_event *e = find_event(d, &x);
    describe(d, buf, sizeof buf);
    if (absent && e) {
      fail(file, k->check_line[c], row, buf);
    } else if (!absent && !e) {
      fail(file, k->check_line[c], row, buf);
    } else if (!absent && !k->both_coders &&
               (!e->pattern || strncmp(e->pattern, "tree:", 5))) {
      fail(file, k->check_line[c], "not from the tree coder", buf);
    } else if (!absent && x.fact[0] &&
               strcmp(ng_factuality_name((ng_factuality)e->factuality),
                      x.fact)) {
      fail(file, k->check_line[c], row, buf);
    }
  }
  ng_doc_free(d);
}

static void run_file(const char *path, const char *name) {
  FILE *fp = fopen(path, "r");
  if (!fp) {
    fail(name, 0, "open", path);
    return;
  }
  static kase k;
  memset(&k, 0, sizeof k);
  char line[4096];
  long ln = 0;
  while (fgets(line, sizeof line, fp)) {
    ln++;
    line[strcspn(line, "\n")] = '\0';
    char *s = trim(line);
    if (*s == '#')
      continue;
    if (!*s) {
      run_case(name, &k);
      memset(&k, 0, sizeof k);
      continue;
    }
    if (!strncmp(s, "text\t", 5)) {
      if (k.text[0]) {
        run_case(name, &k);
        memset(&k, 0, sizeof k);
      }
      snprintf(k.text, sizeof k.text, "%s", s + 5);
      k.line = ln;
    } else if (!strncmp(s, "date\t", 5)) {
      snprintf(k.date, sizeof k.date, "%s", trim(s + 5));
    } else if (!strncmp(s, "coders\t", 7)) {
      if (strcmp(trim(s + 7), "both"))
        fail(name, ln, "coders: only \"both\"", s);
      k.both_coders = 1;
    } else if (!strncmp(s, "expect\t", 7) || !strncmp(s, "absent\t", 7)) {
      if (k.n_checks == 16) {
        fail(name, ln, "too many checks", s);
        continue;
      }
      snprintf(k.checks[k.n_checks], sizeof k.checks[0], "%s", s);
      k.check_line[k.n_checks++] = ln;
    } else {
      size_t n = strlen(s);
      if (k.parse_len + n + 2 > sizeof k.parse) {
        fail(name, ln, "parse too long", s);
        continue;
      }
      memcpy(k.parse + k.parse_len, s, n);
      k.parse_len += n;
      k.parse[k.parse_len++] = '\n';
      k.parse[k.parse_len] = '\0';
    }
  }
  run_case(name, &k);
  fclose(fp);
}

static int by_name(const struct dirent **a, const struct dirent **b) {
  return strcmp((*a)->d_name, (*b)->d_name);
}

static int tsv(const struct dirent *e) {
  size_t n = strlen(e->d_name);
  return n > 4 && !strcmp(e->d_name + n - 4, ".tsv");
}

/* Rows of data/events/policy.tsv the engine must refuse, and one it
 * must read. */
static void check_policy_rows(void) {
  static const char *bad[][7] = {
      {"r", "18-21", "*", "*", "*", "-", "drop"},   /* no root 21 */
      {"r", "19-18", "*", "*", "*", "-", "drop"},   /* empty range */
      {"r", "1x", "*", "*", "*", "-", "drop"},      /* not a code */
      {"r", "19", "adj", "*", "*", "-", "drop"},    /* trigger kind */
      {"r", "19", "*", "Pope", "*", "-", "drop"},   /* actor type */
      {"r", "19", "*", "*", "*", "rainy", "drop"},  /* condition */
      {"r", "19", "*", "*", "*", "!-", "drop"},     /* negated nothing */
      {"r", "19", "*", "*", "*", "-", "recode:9"},  /* recode target */
      {"r", "19", "*", "*", "*", "-", "explode"},   /* action */
      {"r", "19", "verb:", "*", "*", "-", "drop"},  /* empty lemma */
      {"r", "19", "*", "*", "*", "-", "redirect:moon"}}; /* redirect */
  ng_arena a;
  ng_arena_init(&a, 0);
  for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
    char *f[7];
    for (int i = 0; i < 7; i++)
      f[i] = (char *)bad[k][i];
    ng_policy_rule r;
    checks++;
    if (ng_policy_parse_row(&a, f, 7, "test:1", &r) != NG_ERR_DATA)
      fail("policy", (long)k, "accepted a bad row", bad[k][1]);
  }
  char *good[7] = {"r", "18-19", "noun", "Person|none", "*", "!core",
                   "recode:111"};
  ng_policy_rule r;
  checks++;
  if (ng_policy_parse_row(&a, good, 7, "test:2", &r) || r.root_lo != 18 ||
      r.root_hi != 19 || r.trigger != 2 || !r.cond_neg ||
      r.cond != NG_PC_CORE || strcmp(r.recode, "111") ||
      !(r.src_types & 1u) || !(r.src_types & (1u << NG_AT_PERSON)))
    fail("policy", 0, "misread a good row", "18-19 noun Person|none");
  /* applied: a figurative force between persons drops, and leaves its
   * trace in the pattern when it recodes */
  ng_policy_event e = {.code = "190", .noun = 1, .src_type = NG_AT_PERSON,
                       .tgt_type = NG_AT_PERSON};
  const char *trace = NULL;
  checks++;
  if (ng_policy_apply(&r, 1, (ng_policy_pred[NG_PC_COUNT_]){0}, NULL, NULL,
                      NULL, &e, &a, &trace) != 0 ||
      strcmp(e.code, "111") || !trace ||
      strcmp(trace, "; r (test:2)"))
    fail("policy", 0, "apply", trace ? trace : "(no trace)");
  /* a set of lemmas: "verb:meet|talk" holds for talk, not for walk or
   * for a noun */
  char *set[7] = {"s", "04", "verb:meet|talk", "*", "*", "-", "drop"};
  checks++;
  if (ng_policy_parse_row(&a, set, 7, "test:3", &r))
    fail("policy", 0, "misread a lemma set", "verb:meet|talk");
  static const struct {
    const char *lemma;
    int noun, dropped;
  } uses[] = {{"talk", 0, 1}, {"meet", 0, 1}, {"walk", 0, 0},
              {"talk", 1, 0}, {"tal", 0, 0},  {"talks", 0, 0}};
  for (size_t k = 0; k < sizeof uses / sizeof uses[0]; k++) {
    ng_policy_event u = {.code = "040", .noun = uses[k].noun,
                         .lemma = uses[k].lemma};
    trace = NULL;
    checks++;
    if (ng_policy_apply(&r, 1, (ng_policy_pred[NG_PC_COUNT_]){0}, NULL,
                        NULL, NULL, &u, &a, &trace) != uses[k].dropped)
      fail("policy", (long)k, "lemma set", uses[k].lemma);
  }
  /* CAMEO roles in a type column: "role:OPP" holds for protesters,
   * not for an actor of another role or none */
  char *roles[7] = {"p", "18-20", "*", "role:OPP|Government", "*", "-",
                   "recode:145"};
  checks++;
  if (ng_policy_parse_row(&a, roles, 7, "test:4", &r) || !r.src_roles ||
      strcmp(r.src_roles, "OPP"))
    fail("policy", 0, "misread roles", "role:OPP|Government");
  static const struct {
    const char *role;
    int type;
    const char *code;
  } who[] = {{"OPP", NG_AT_ORGANIZATION, "145"},
             {"CVL", NG_AT_ORGANIZATION, "190"},
             {NULL, NG_AT_ORGANIZATION, "190"},
             {NULL, NG_AT_GOVERNMENT, "145"}};
  for (size_t k = 0; k < sizeof who / sizeof who[0]; k++) {
    ng_policy_event u = {.code = "190", .src_type = who[k].type,
                         .src_role = who[k].role};
    trace = NULL;
    checks++;
    if (ng_policy_apply(&r, 1, (ng_policy_pred[NG_PC_COUNT_]){0}, NULL,
                        NULL, NULL, &u, &a, &trace) != 0 ||
        strcmp(u.code, who[k].code))
      fail("policy", (long)k, "roles", u.code);
  }
  /* a condition with words takes them, one without refuses them */
  char *obj[7] = {"o", "19", "*", "*", "*", "object:decision|plan", "drop"};
  checks++;
  if (ng_policy_parse_row(&a, obj, 7, "test:6", &r) ||
      r.cond != NG_PC_OBJECT || !r.cond_arg ||
      strcmp(r.cond_arg, "decision|plan"))
    fail("policy", 0, "misread object:", "decision|plan");
  static const char *badobj[] = {"object", "object:", "object:Plan",
                                 "core:plan"};
  for (size_t k = 0; k < sizeof badobj / sizeof badobj[0]; k++) {
    obj[5] = (char *)badobj[k];
    checks++;
    if (ng_policy_parse_row(&a, obj, 7, "test:7", &r) != NG_ERR_DATA)
      fail("policy", (long)k, "accepted a bad condition", badobj[k]);
  }
  char *badrole[7] = {"p", "19", "*", "role:opp", "*", "-", "drop"};
  checks++;
  if (ng_policy_parse_row(&a, badrole, 7, "test:5", &r) != NG_ERR_DATA)
    fail("policy", 0, "accepted a bad role", "role:opp");
  ng_arena_free(&a);
}

int main(void) {
  if (ngt_world_init()) {
    fprintf(stderr, "cannot open the world\n");
    return 1;
  }
  check_policy_rows();
  const char *dir = NG_TEST_SRCDIR "/tests/data/events";
  struct dirent **list;
  int n = scandir(dir, &list, tsv, by_name);
  if (n <= 0) {
    fprintf(stderr, "no corpus in %s\n", dir);
    ngt_world_clean();
    return 1;
  }
  for (int i = 0; i < n; i++) {
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, list[i]->d_name);
    run_file(path, list[i]->d_name);
    free(list[i]);
  }
  free(list);
  ngt_world_clean();
  printf("event corpus: %d checks, %d failures\n", checks, failures);
  return failures || !checks ? 1 : 0;
}
