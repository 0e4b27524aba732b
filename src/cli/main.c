/* main.c - the newsgraph command: git-style subcommands that wire the
 * library's stages together.  All the work is in libnewsgraph. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

typedef struct command {
  const char *name;
  int (*run)(int argc, char **argv);
  const char *summary;
} command;

static const command commands[] = {
    {"extract", ng_cmd_extract,
     "read articles, write their knowledge graph as RDF"},
    {"load", ng_cmd_load, "load RDF made by extract into a store"},
    {"query", ng_cmd_query, "run SPARQL (or a bundled query) on a store"},
    {"timex", ng_cmd_timex, "normalise time expressions to TIMEX3 values"},
    {"parse", ng_cmd_parse, "tag, lemmatise and parse sentences (CoNLL-U)"},
    {"actors", ng_cmd_actors, "look up names in the actor knowledge base"},
    {"serve", ng_cmd_serve, "serve a store as a SPARQL endpoint and a page"},
    {"viz", ng_cmd_viz, "draw the actor network (Graphviz DOT, SVG, PNG)"},
    {"export", ng_cmd_export, "write events or edges as CSV/TSV tables"},
};

static void usage(FILE *fp) {
  fprintf(fp,
          "Usage: newsgraph COMMAND [OPTIONS] [ARGS]\n"
          "Builds a knowledge graph of political actors and events from "
          "English news.\n\nCommands:\n");
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    fprintf(fp, "  %-9s %s\n", commands[i].name, commands[i].summary);
  fprintf(fp,
          "\n'newsgraph COMMAND --help' describes each command.\n"
          "\nExit codes:\n"
          "  0  success\n"
          "  1  some input was rejected (invalid UTF-8, bad JSON, over a "
          "limit)\n"
          "  2  system error (out of memory, I/O)\n"
          "  3  usage error\n"
          "  4  dictionaries missing or malformed\n"
          "  5  the store cannot be opened or written\n"
          "  6  the store is locked by another process\n"
          "  7  bad query, or a query construct refused\n"
          "  8  RDF could not be parsed or written\n"
          "\nnewsgraph %s\n",
          ng_version());
}

int main(int argc, char **argv) {
  if (argc < 2) {
    usage(stderr);
    return NG_EXIT_USAGE;
  }
  const char *name = argv[1];
  if (!strcmp(name, "--help") || !strcmp(name, "-h") ||
      !strcmp(name, "help")) {
    if (argc > 2 && strcmp(name, "help") == 0) {
      /* "newsgraph help extract" == "newsgraph extract --help" */
      char *av[] = {argv[2], "--help", NULL};
      for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(commands[i].name, argv[2]))
          return commands[i].run(2, av);
    }
    usage(stdout);
    return NG_EXIT_OK;
  }
  if (!strcmp(name, "--version") || !strcmp(name, "-V")) {
    printf("newsgraph %s\n", ng_version());
    return NG_EXIT_OK;
  }
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    if (!strcmp(commands[i].name, name))
      return commands[i].run(argc - 1, argv + 1);
  ng_cli_error("'%s' is not a command; see 'newsgraph --help'", name);
  return NG_EXIT_USAGE;
}
