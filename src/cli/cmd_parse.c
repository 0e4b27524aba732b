/* cmd_parse.c - newsgraph parse: sentences in, CoNLL-U with tags, lemmas
 * and a dependency tree out (the syntax model of the data directory). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <newsgraph/syntax.h>

#include "cli.h"

/* Largest plain-text input read at once. */
#define PARSE_MAX_TEXT (64u * 1024u * 1024u)

static const char parse_help[] =
    "Usage: newsgraph parse [OPTIONS] [FILE...|-]\n"
    "Reads English text (standard input when no FILE or '-') and writes\n"
    "CoNLL-U: one word a line with its universal and Penn Treebank\n"
    "part-of-speech tags (UPOS, XPOS), lemma, head and Universal\n"
    "Dependencies relation (HEAD, DEPREL); FEATS and DEPS are '_'.\n"
    "The model (data/syntax/en_ewt.model) is an averaged-perceptron tagger\n"
    "and a greedy arc-hybrid parser trained on the UD English Web Treebank\n"
    "by 'make model'.\n"
    "\n"
    "Options:\n"
    "  --input-format F  text (default): split the text into sentences and\n"
    "                    UD words ('don't' is 'do' + 'n't', 'long-term' is\n"
    "                    'long' '-' 'term'); conllu: keep the words,\n"
    "                    sentences, comments and multiword tokens given,\n"
    "                    overwrite the predicted columns\n"
    "  --stats           write sentences, words, the model's load time and\n"
    "                    words per second to standard error\n"
    "  --model-info      print how the model was trained and exit\n"
    "Sentences over 512 words are parsed in pieces of 512 words, the root\n"
    "of each later piece attached to the first one's as 'parataxis'.\n"
    "Plain-text input is read whole: at most 64 MiB a file.\n"
    "\n";

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static ng_status parse_file(ng_world *w, const char *path, int conllu,
                            ng_parse_stats *total) {
  FILE *fp = ng_cli_fopen(path, "rb");
  if (!fp)
    return NG_ERR_IO;
  ng_parse_stats s;
  ng_status st;
  if (conllu) {
    st = ng_parse_conllu(w, fp, stdout, &s);
  } else {
    char *text = NULL;
    size_t len = 0;
    st = ng_cli_slurp(fp, PARSE_MAX_TEXT, &text, &len);
    if (st == NG_ERR_LIMIT)
      ng_cli_error("%s: over %u bytes", path, PARSE_MAX_TEXT);
    if (!st)
      st = ng_parse_text(w, text, len, stdout, &s);
    free(text);
  }
  if (fp != stdin)
    fclose(fp);
  if (!st) {
    total->sentences += s.sentences;
    total->words += s.words;
    total->pieces += s.pieces;
  }
  return st;
}

int ng_cmd_parse(int argc, char **argv) {
  static const struct option longopts[] = {
      {"input-format", required_argument, NULL, 'f'},
      {"stats", no_argument, NULL, 's'},
      {"model-info", no_argument, NULL, 'i'},
      {"help", no_argument, NULL, 'h'},
      NG_CLI_COMMON_LONGOPTS,
      {NULL, 0, NULL, 0}};
  int conllu = 0, stats = 0, info = 0, c;
  optind = 1;
  while ((c = getopt_long(argc, argv, "vqh", longopts, NULL)) != -1) {
    switch (c) {
    case 'f':
      if (!strcmp(optarg, "conllu")) {
        conllu = 1;
      } else if (!strcmp(optarg, "text")) {
        conllu = 0;
      } else {
        ng_cli_error("--input-format must be text or conllu");
        return NG_EXIT_USAGE;
      }
      break;
    case 's':
      stats = 1;
      break;
    case 'i':
      info = 1;
      break;
    case 'h':
      fputs(parse_help, stdout);
      fputs(ng_cli_common_help, stdout);
      return NG_EXIT_OK;
    default:
      if (!ng_cli_common_opt(c, optarg)) {
        fputs("Try 'newsgraph parse --help'.\n", stderr);
        return NG_EXIT_USAGE;
      }
    }
  }
  int rc;
  ng_world *w = ng_cli_world(1, &rc);
  if (!w)
    return rc;
  double t0 = now();
  ng_status st = ng_world_load_syntax(w);
  double t1 = now();
  if (st) {
    ng_world_free(w);
    return ng_cli_exit_code(st);
  }
  if (info) {
    printf("%s\n", ng_syntax_model_info(w));
    ng_world_free(w);
    return NG_EXIT_OK;
  }
  ng_parse_stats total = {0, 0, 0};
  int status = NG_EXIT_OK;
  if (optind >= argc) {
    st = parse_file(w, "-", conllu, &total);
    if (st)
      status = ng_cli_exit_code(st);
  }
  for (int i = optind; i < argc; i++) {
    st = parse_file(w, argv[i], conllu, &total);
    if (st) {
      status = ng_cli_exit_code(st);
      if (st != NG_ERR_INPUT && st != NG_ERR_LIMIT)
        break;
    }
  }
  double t2 = now();
  if (fflush(stdout) || ferror(stdout)) {
    ng_cli_error("cannot write the output");
    status = NG_EXIT_SYSTEM;
  }
  if (stats)
    fprintf(stderr,
            "parse: %zu sentences, %zu words (%zu sentences in pieces); "
            "model loaded in %.1f ms; %.2f s, %.0f words/s\n",
            total.sentences, total.words, total.pieces, (t1 - t0) * 1e3,
            t2 - t1, t2 > t1 ? total.words / (t2 - t1) : 0.0);
  ng_world_free(w);
  return status;
}
