/* train_syntax.c - trains the tagger, lemmatiser and parser on a CoNLL-U
 * treebank and writes the model file the library maps (`make model`).
 *
 *   train_syntax [--tagger-epochs N] [--parser-epochs N] [--explore 0|1]
 *                [--features base|full|rich] [--folds K] [--two-pass 0|1]
 *                [--prune W] [--tagger-prune W] [--eval FILE]...
 *                [--eval-only 1] TRAIN.conllu MODEL
 *
 * The defaults are those of the committed model.  --eval scores the model
 * written on a treebank (UPOS, UAS, LAS, and UAS with the gold tags) and
 * times the annotation alone (tagger, lemmatiser, parser: words a CPU
 * second, best of three runs); --eval-only 1 scores MODEL without
 * training.
 * Deterministic: the same treebank and options give the same bytes.  The
 * parser is trained on tags predicted by taggers trained on the other
 * K-1 folds of the treebank (jackknifing), so it learns from tags as
 * good as it will see on new text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "syntax/corpus.h"
#include "syntax/lemma.h"
#include "syntax/model.h"
#include "syntax/parser.h"
#include "syntax/tagger.h"

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* CPU seconds of this process: steadier than the wall clock on a
 * shared machine */
static double cpu_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Scores the model at PATH on the treebank EVAL: tags, heads and
 * relations as predicted, and heads and relations from the gold tags. */
static void evaluate(const char *path, const char *eval) {
  ng_syntax_model *m = NULL;
  FILE *fp = fopen(eval, "rb");
  if (!fp || ng_syntax_model_open(NULL, path, &m)) {
    fprintf(stderr, "cannot evaluate on %s\n", eval);
    if (fp)
      fclose(fp);
    return;
  }
  ng_syn_corpus c;
  ng_status st = ng_syn_corpus_read(NULL, fp, &c);
  fclose(fp);
  if (st) {
    ng_syntax_model_free(m);
    return;
  }
  ng_arena scratch;
  ng_arena_init(&scratch, 0);
  size_t n = 0, upos = 0, uas = 0, las = 0, ulas = 0, guas = 0, glas = 0;
  /* the speed: annotation alone, best of three runs over the treebank */
  double best = 0;
  for (int run = 0; run < 3; run++) {
    double t0 = cpu_now();
    for (size_t k = 0; k < c.n; k++) {
      ng_arena_reset(&scratch);
      ng_syntax_annotate(m, &c.sent[k], &scratch);
    }
    t0 = cpu_now() - t0;
    if (!run || t0 < best)
      best = t0;
  }
  for (int pass = 0; pass < 2; pass++) {
    for (size_t k = 0; k < c.n; k++) {
      ng_syn_sent *s = &c.sent[k];
      const ng_syn_gold *g = &c.gold[k];
      ng_arena_reset(&scratch);
      if (pass == 0) {
        ng_syntax_annotate(m, s, &scratch);
      } else {
        /* the gold tags, by name in the model's numbering */
        for (uint32_t i = 1; i <= s->n; i++) {
          const char *name = c.tag_name[g->tag[i]];
          s->tag[i] = 0;
          for (uint32_t t = 0; t < m->ntags; t++) {
            size_t ul = strlen(m->upos[t]);
            if (!strncmp(name, m->upos[t], ul) && name[ul] == '\t' &&
                !strcmp(name + ul + 1, m->xpos[t]))
              s->tag[i] = (uint16_t)t;
          }
        }
        ng_parser_parse(&m->parser, s);
      }
      for (uint32_t i = 1; i <= s->n; i++) {
        int h = s->head[i] == g->head[i];
        const char *pl = m->label[s->label[i]];
        const char *gl = c.label_name[g->label[i]];
        int l = h && !strcmp(pl, gl);
        size_t pu = strcspn(pl, ":"), gu = strcspn(gl, ":");
        int ul = h && pu == gu && !strncmp(pl, gl, pu);
        if (pass == 0) {
          const char *name = c.tag_name[g->tag[i]];
          size_t tl = strlen(m->upos[s->tag[i]]);
          n++;
          upos += !strncmp(name, m->upos[s->tag[i]], tl) && name[tl] == '\t';
          uas += h;
          las += l;
          ulas += ul;
        } else {
          guas += h;
          glas += l;
        }
      }
    }
  }
  fprintf(stderr,
          "%s: %zu words, UPOS %.2f UAS %.2f LAS %.2f LAS-full %.2f (%.0f "
          "words/s, CPU); gold tags: UAS %.2f LAS-full %.2f\n",
          eval, n, 100.0 * upos / n, 100.0 * uas / n, 100.0 * ulas / n,
          100.0 * las / n,
          best > 0 ? n / best : 0.0, 100.0 * guas / n, 100.0 * glas / n);
  ng_arena_free(&scratch);
  ng_syn_corpus_free(&c);
  ng_syntax_model_free(m);
}

static int usage(void) {
  fprintf(stderr, "usage: train_syntax [--tagger-epochs N] "
                  "[--parser-epochs N] [--explore 0|1] [--features "
                  "base|full|rich] [--folds K] [--two-pass 0|1] [--prune W] "
                  "[--tagger-prune W] [--eval FILE]... [--eval-only 1] "
                  "TRAIN.conllu MODEL\n");
  return 3;
}

/* the sentences of C whose number modulo K is (IN ? == F : != F) */
static ng_status subset(const ng_syn_corpus *c, size_t k, size_t f, int in,
                        ng_syn_corpus *out, uint16_t **right_all,
                        uint16_t ***right) {
  *out = *c;
  memset(&out->arena, 0, sizeof out->arena);
  out->sent = malloc(c->n * sizeof *out->sent);
  out->gold = malloc(c->n * sizeof *out->gold);
  *right = malloc(c->n * sizeof **right);
  if (!out->sent || !out->gold || !*right)
    return NG_ERR_NOMEM;
  out->n = 0;
  for (size_t i = 0; i < c->n; i++)
    if ((i % k == f) == (in != 0)) {
      (*right)[out->n] = right_all ? right_all[i] : NULL;
      out->sent[out->n] = c->sent[i];
      out->gold[out->n++] = c->gold[i];
    }
  return NG_OK;
}

static void subset_free(ng_syn_corpus *s, uint16_t **right) {
  free(s->sent);
  free(s->gold);
  free(right);
}

/* Tags every sentence of C with taggers that did not see it: pass 1 when
 * P1 is NULL (into OUT), else pass 2 with P1's tags to the right. */
static ng_status jackknife(ng_syn_corpus *c, int folds, int epochs,
                           uint16_t **p1, uint16_t **out, double t0) {
  ng_status st = NG_OK;
  for (int f = 0; f < folds && !st; f++) {
    ng_syn_corpus rest;
    uint16_t **right = NULL;
    ng_buf tb;
    ng_buf_init(&tb, (size_t)1 << 32);
    st = subset(c, (size_t)folds, (size_t)f, 0, &rest, p1, &right);
    if (!st)
      st = ng_tagger_train(&rest, epochs, 0, p1 ? right : NULL, &tb, NULL);
    ng_wtable w;
    if (!st)
      st = ng_wtable_view(&w, tb.s, tb.len);
    size_t ok = 0, all = 0;
    for (size_t k = 0; k < c->n && !st; k++) {
      if (k % (size_t)folds != (size_t)f)
        continue;
      ng_tagger_pass(&w, &c->sent[k], p1 ? p1[k] : NULL);
      for (uint32_t j = 1; j <= c->sent[k].n; j++) {
        out[k][j] = c->sent[k].tag[j];
        ok += out[k][j] == c->gold[k].tag[j];
        all++;
      }
    }
    fprintf(stderr, "pass %d, fold %d: tags %.2f%% right (%.1f s)\n",
            p1 ? 2 : 1, f, all ? 100.0 * ok / all : 0.0, now() - t0);
    ng_buf_free(&tb);
    subset_free(&rest, right);
  }
  return st;
}

static uint16_t **tag_arrays(const ng_syn_corpus *c) {
  uint16_t **a = calloc(c->n ? c->n : 1, sizeof *a);
  for (size_t k = 0; k < c->n && a; k++) {
    a[k] = calloc(c->sent[k].n + 2, sizeof **a);
    if (!a[k]) {
      for (size_t j = 0; j < k; j++)
        free(a[j]);
      free(a);
      return NULL;
    }
  }
  return a;
}

static void tag_arrays_free(const ng_syn_corpus *c, uint16_t **a) {
  for (size_t k = 0; a && k < c->n; k++)
    free(a[k]);
  free(a);
}

int main(int argc, char **argv) {
  int tagger_epochs = 8, folds = 4, eval_only = 0, two_pass = 1;
  float tagger_prune = -1; /* as --prune */
  const char *evals[4];
  int nevals = 0;
  ng_parser_config cfg = {.epochs = 12, .explore = 1,
                          .featset = NG_PARSER_FEATS_FULL, .prune = 1.0f};
  int i = 1;
  for (; i + 1 < argc && !strncmp(argv[i], "--", 2); i += 2) {
    if (!strcmp(argv[i], "--tagger-epochs"))
      tagger_epochs = atoi(argv[i + 1]);
    else if (!strcmp(argv[i], "--parser-epochs"))
      cfg.epochs = atoi(argv[i + 1]);
    else if (!strcmp(argv[i], "--explore"))
      cfg.explore = atoi(argv[i + 1]);
    else if (!strcmp(argv[i], "--folds"))
      folds = atoi(argv[i + 1]);
    else if (!strcmp(argv[i], "--eval") && nevals < 4)
      evals[nevals++] = argv[i + 1];
    else if (!strcmp(argv[i], "--two-pass"))
      two_pass = atoi(argv[i + 1]);
    else if (!strcmp(argv[i], "--tagger-prune"))
      tagger_prune = (float)atof(argv[i + 1]);
    else if (!strcmp(argv[i], "--prune"))
      cfg.prune = (float)atof(argv[i + 1]);
    else if (!strcmp(argv[i], "--eval-only"))
      eval_only = atoi(argv[i + 1]);
    else if (!strcmp(argv[i], "--features"))
      cfg.featset = !strcmp(argv[i + 1], "base")   ? NG_PARSER_FEATS_BASE
                    : !strcmp(argv[i + 1], "rich") ? NG_PARSER_FEATS_RICH
                                                   : NG_PARSER_FEATS_FULL;
    else
      return usage();
  }
  if (argc - i != 2 || tagger_epochs < 1 || cfg.epochs < 1 || folds < 2)
    return usage();
  if (tagger_prune < 0)
    tagger_prune = cfg.prune;
  const char *train = argv[i], *out = argv[i + 1];
  if (eval_only) {
    for (int e = 0; e < nevals; e++)
      evaluate(out, evals[e]);
    return 0;
  }
  FILE *fp = fopen(train, "rb");
  if (!fp) {
    perror(train);
    return 2;
  }
  double t0 = now();
  ng_syn_corpus c;
  ng_status st = ng_syn_corpus_read(NULL, fp, &c);
  fclose(fp);
  if (st) {
    fprintf(stderr, "%s: cannot read (%s)\n", train, ng_status_string(st));
    return 1;
  }
  size_t words = 0;
  for (size_t k = 0; k < c.n; k++)
    words += c.sent[k].n;
  fprintf(stderr, "%zu sentences, %zu words, %u tags, %u relations, %zu "
                  "arcs lifted (%.1f s)\n",
          c.n, words, c.ntags, c.nlabels, c.lifted, now() - t0);
  ng_buf tagger, tagger2, trans, label, lemmas, rules, tags, labels, info;
  ng_buf *bufs[] = {&tagger, &tagger2, &trans, &label, &lemmas,
                    &rules,  &tags,    &labels, &info};
  for (size_t k = 0; k < sizeof bufs / sizeof bufs[0]; k++)
    ng_buf_init(bufs[k], (size_t)1 << 32);
  /* jackknifed tags for the parser (and the second pass) */
  uint16_t **p1 = tag_arrays(&c), **p2 = two_pass ? tag_arrays(&c) : NULL;
  if (!p1 || (two_pass && !p2))
    st = NG_ERR_NOMEM;
  if (!st)
    st = jackknife(&c, folds, tagger_epochs, NULL, p1, t0);
  if (!st && two_pass)
    st = jackknife(&c, folds, tagger_epochs, p1, p2, t0);
  uint16_t **pred = two_pass ? p2 : p1;
  size_t rows = 0, rows2 = 0;
  if (!st)
    st = ng_tagger_train(&c, tagger_epochs, tagger_prune, NULL, &tagger, &rows);
  if (!st && two_pass)
    st = ng_tagger_train(&c, tagger_epochs, tagger_prune, p1, &tagger2,
                         &rows2);
  fprintf(stderr, "tagger: %zu + %zu features kept, %zu + %zu bytes (%.1f s)\n",
          rows, rows2, tagger.len, tagger2.len, now() - t0);
  for (size_t k = 0; k < c.n && !st; k++)
    memcpy(c.sent[k].tag, pred[k], (c.sent[k].n + 1) * sizeof **pred);
  if (!st)
    st = ng_parser_train(&c, &cfg, &trans, &label);
  fprintf(stderr, "parser: %zu + %zu bytes (%.1f s)\n", trans.len, label.len,
          now() - t0);
  if (!st)
    st = ng_lemma_train(&c, &lemmas, &rules);
  for (uint32_t k = 0; k < c.ntags && !st; k++)
    if (!(st = ng_buf_adds(&tags, c.tag_name[k])))
      st = ng_buf_addc(&tags, '\n');
  for (uint32_t k = 0; k < c.nlabels && !st; k++)
    if (!(st = ng_buf_adds(&labels, c.label_name[k])))
      st = ng_buf_addc(&labels, '\n');
  uint32_t root = 0;
  for (uint32_t k = 0; k < c.nlabels; k++)
    if (!strcmp(c.label_name[k], "root"))
      root = k;
  const char *slash = strrchr(train, '/');
  char tagger_note[64] = "";
  if (tagger_prune != cfg.prune)
    snprintf(tagger_note, sizeof tagger_note, " (tagger: under %g)",
             tagger_prune);
  if (!st)
    st = ng_buf_printf(
        &info,
        "trained on %s (%zu sentences, %zu words) by src/tools/train_syntax: "
        "tagger %d epochs%s; parser arc-hybrid, %s features, %d epochs, "
        "dynamic oracle%s; tags for the parser jackknifed in %d folds; "
        "weights under %g dropped%s",
        slash ? slash + 1 : train, c.n, words, tagger_epochs,
        two_pass ? " in two passes (the second sees the first's tags to "
                   "the right)"
                 : "",
        cfg.featset == NG_PARSER_FEATS_BASE   ? "base"
        : cfg.featset == NG_PARSER_FEATS_RICH ? "rich"
                                              : "full",
        cfg.epochs,
        cfg.explore ? " with exploration" : "", folds, cfg.prune,
        tagger_note);
  if (!st) {
    ng_syntax_section sec[] = {
        {"info", info.s, info.len},       {"tags", tags.s, tags.len},
        {"labels", labels.s, labels.len}, {"tagger", tagger.s, tagger.len},
        {"transitions", trans.s, trans.len},
        {"labeller", label.s, label.len},
        {two_pass ? "tagger2" : "unused", tagger2.s, tagger2.len},
        {"lemmas", lemmas.s, lemmas.len},
        {"lemma_rules", rules.s, rules.len},
    };
    st = ng_syntax_model_write(out, sec, sizeof sec / sizeof sec[0],
                               cfg.featset, root);
  }
  for (size_t k = 0; k < sizeof bufs / sizeof bufs[0]; k++)
    ng_buf_free(bufs[k]);
  tag_arrays_free(&c, p1);
  tag_arrays_free(&c, p2);
  ng_syn_corpus_free(&c);
  if (st) {
    fprintf(stderr, "train_syntax: %s\n", ng_status_string(st));
    return st == NG_ERR_IO ? 2 : 1;
  }
  fprintf(stderr, "wrote %s (%.1f s)\n", out, now() - t0);
  for (int e = 0; e < nevals; e++)
    evaluate(out, evals[e]);
  return 0;
}
