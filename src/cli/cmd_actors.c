/* cmd_actors.c - newsgraph actors lookup: what the knowledge base knows
 * about a name, and why it matches. */
#include <getopt.h>
#include <string.h>

#include "cli.h"

static const char actors_help[] =
    "Usage: newsgraph actors lookup [--date YYYY-MM-DD] NAME...\n"
    "Shows every knowledge-base entry that NAME (or a part of it) matches:\n"
    "key, type, label, country, Wikidata id, CAMEO code at the date, posts,\n"
    "the alias that matched and the rule the text must follow for it to\n"
    "match (acronyms only in upper case, names capitalised), and the data\n"
    "file and line it comes from.  --actors FILE adds a user file first.\n"
    "\n";

/* The name looked up and the number of entries it matched. */
typedef struct lookup_ctx {
  const char *name;
  int n;
} lookup_ctx;

static void print_hit(void *ud, const ng_lookup_hit *h) {
  lookup_ctx *c = ud;
  c->n++;
  printf("%s  [%s] %s\n", h->key, h->type ? h->type : "?", h->label);
  /* the part of the name the alias matched: "Houthi" of "Houthi rebels" */
  printf("    matched: \"%.*s\" via %s \"%s\"%s\n", (int)(h->end - h->begin),
         c->name + h->begin, h->via, h->alias,
         h->case_ok ? "" : "  (NOT as written here: see rule)");
  printf("    rule:    %s\n", h->rule);
  if (h->iso3)
    printf("    country: %s\n", h->iso3);
  if (h->wikidata)
    printf("    wikidata: %s\n", h->wikidata);
  if (h->cameo)
    printf("    cameo:   %s\n", h->cameo);
  if (h->posts)
    printf("    posts:   %s\n", h->posts);
  printf("    source:  %s:%ld\n", h->file ? h->file : "?", h->line);
}

int ng_cmd_actors(int argc, char **argv) {
  static const struct option longopts[] = {
      {"date", required_argument, NULL, 'D'},
      {"help", no_argument, NULL, 'h'},
      NG_CLI_COMMON_LONGOPTS,
      {NULL, 0, NULL, 0}};
  const char *date = NULL;
  int c;
  optind = 1;
  while ((c = getopt_long(argc, argv, "vqh", longopts, NULL)) != -1) {
    switch (c) {
    case 'D':
      date = optarg;
      break;
    case 'h':
      fputs(actors_help, stdout);
      fputs(ng_cli_common_help, stdout);
      return NG_EXIT_OK;
    default:
      if (!ng_cli_common_opt(c, optarg)) {
        fputs("Try 'newsgraph actors --help'.\n", stderr);
        return NG_EXIT_USAGE;
      }
    }
  }
  if (optind >= argc || strcmp(argv[optind], "lookup") || optind + 1 >= argc) {
    ng_cli_error("usage: newsgraph actors lookup NAME...");
    return NG_EXIT_USAGE;
  }
  int rc;
  ng_cli.no_parse = 1; /* a lookup extracts nothing: no syntax model */
  ng_world *w = ng_cli_world(1, &rc);
  if (!w)
    return rc;
  int status = NG_EXIT_OK;
  for (int i = optind + 1; i < argc; i++) {
    lookup_ctx lc = {argv[i], 0};
    printf("%s:\n", argv[i]);
    ng_status st = ng_actors_lookup(w, argv[i], date, print_hit, &lc);
    if (st == NG_ERR_ARG) {
      ng_cli_error("--date must be YYYY-MM-DD");
      status = NG_EXIT_USAGE;
      break;
    }
    if (st) {
      ng_cli_error("%s: %s", argv[i], ng_status_string(st));
      status = ng_cli_exit_code(st);
      continue;
    }
    if (!lc.n)
      printf("  no entry matches\n");
  }
  ng_world_free(w);
  return status;
}
