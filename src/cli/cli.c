/* cli.c - shared pieces of the subcommands: options, world set-up, the
 * log handler and the mapping of statuses to exit codes. */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

#include <newsgraph/syntax.h>

ng_cli_opts ng_cli;
const char *ng_cli_prog = "newsgraph";

const char ng_cli_common_help[] =
    "Common options:\n"
    "  --data-dir DIR   dictionaries directory (default: $NEWSGRAPH_DATA_DIR,\n"
    "                   else the installed data)\n"
    "  --actors FILE    add a user actor file (repeatable; see data/README);\n"
    "                   files in $XDG_DATA_HOME/newsgraph/actors/ are read\n"
    "                   too, unless NEWSGRAPH_NO_USER_ACTORS=1\n"
    "  --base IRI       base IRI for minted actors, articles and events\n"
    "                   (default https://w3id.org/newsgraph/id/)\n"
    "  --no-parse       no syntax model: events are coded from word windows\n"
    "                   only, not also from dependency trees (faster)\n"
    "  -v, --verbose    also print informational messages\n"
    "  -q, --quiet      print errors only\n"
    "  -h, --help       this help\n";

int ng_cli_exit_code(ng_status st) {
  switch (st) {
  case NG_OK:
    return NG_EXIT_OK;
  case NG_ERR_INPUT:
  case NG_ERR_LIMIT:
    return NG_EXIT_INPUT;
  case NG_ERR_NOMEM:
  case NG_ERR_IO:
    return NG_EXIT_SYSTEM;
  case NG_ERR_ARG:
    return NG_EXIT_USAGE;
  case NG_ERR_DATA:
    return NG_EXIT_DATA;
  case NG_ERR_STORE:
    return NG_EXIT_STORE;
  case NG_ERR_LOCKED:
    return NG_EXIT_LOCKED;
  case NG_ERR_QUERY:
  case NG_ERR_UNSUPPORTED:
  case NG_ERR_CANCELLED:
    return NG_EXIT_QUERY;
  case NG_ERR_RDF:
    return NG_EXIT_RDF;
  default:
    return NG_EXIT_SYSTEM;
  }
}

void ng_cli_error(const char *fmt, ...) {
  va_list ap;
  fprintf(stderr, "%s: ", ng_cli_prog);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
}

void ng_cli_log(void *user_data, const ng_log_message *m) {
  (void)user_data;
  if (m->level == NG_LOG_DEBUG && ng_cli.verbose < 2)
    return;
  if (m->level == NG_LOG_INFO && !ng_cli.verbose)
    return;
  if (m->level == NG_LOG_WARN && ng_cli.quiet)
    return;
  const char *lv = m->level == NG_LOG_ERROR  ? "error"
                   : m->level == NG_LOG_WARN ? "warning"
                                             : "info";
  fprintf(stderr, "%s: %s: %s", ng_cli_prog, lv, m->stage ? m->stage : "");
  if (m->line > 0)
    fprintf(stderr, " line %ld", m->line);
  if (m->column > 0)
    fprintf(stderr, " column %ld", m->column);
  fprintf(stderr, ": %s\n", m->text ? m->text : "");
}

int ng_cli_common_opt(int c, const char *arg) {
  switch (c) {
  case NG_OPT_DATA_DIR:
    ng_cli.data_dir = arg;
    return 1;
  case NG_OPT_ACTORS: {
    const char **p = realloc(ng_cli.actor_files,
                             sizeof *p * (size_t)(ng_cli.n_actor_files + 1));
    if (!p) {
      ng_cli_error("out of memory");
      exit(NG_EXIT_SYSTEM);
    }
    p[ng_cli.n_actor_files++] = arg;
    ng_cli.actor_files = p;
    return 1;
  }
  case NG_OPT_BASE:
    ng_cli.base_iri = arg;
    return 1;
  case NG_OPT_NO_PARSE:
    ng_cli.no_parse = 1;
    return 1;
  case 'v':
    ng_cli.verbose++;
    return 1;
  case 'q':
    ng_cli.quiet = 1;
    return 1;
  default:
    return 0;
  }
}

static int is_dir(const char *p) {
  struct stat st;
  return p && stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The data directory: --data-dir, $NEWSGRAPH_DATA_DIR, the source tree's
 * data/ (an uninstalled build), then the installed one. */
static const char *pick_data_dir(void) {
  if (ng_cli.data_dir)
    return ng_cli.data_dir;
  const char *env = getenv("NEWSGRAPH_DATA_DIR");
  if (env && *env)
    return env;
#ifdef NG_SRCDATADIR
  if (is_dir(NG_SRCDATADIR))
    return NG_SRCDATADIR;
#endif
  return NG_PKGDATADIR;
}

static int cmp_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The user's actor files: $XDG_DATA_HOME/newsgraph/actors/ *.tsv (or
 * ~/.local/share/...), in name order.  NEWSGRAPH_NO_USER_ACTORS=1 turns
 * them off (tests, reproducible runs). */
static ng_status add_user_actors(ng_world *w) {
  const char *off = getenv("NEWSGRAPH_NO_USER_ACTORS");
  if (off && *off && strcmp(off, "0"))
    return NG_OK;
  char dir[4096];
  const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
  if (xdg && *xdg)
    snprintf(dir, sizeof dir, "%s/newsgraph/actors", xdg);
  else if (home && *home)
    snprintf(dir, sizeof dir, "%s/.local/share/newsgraph/actors", home);
  else
    return NG_OK;
  DIR *dp = opendir(dir);
  if (!dp)
    return NG_OK; /* no user directory: nothing to add */
  char **names = NULL;
  size_t n = 0;
  ng_status st = NG_OK;
  struct dirent *de;
  while ((de = readdir(dp))) {
    size_t l = strlen(de->d_name);
    if (de->d_name[0] == '.' || l < 5 || strcmp(de->d_name + l - 4, ".tsv"))
      continue;
    char **nn = realloc(names, sizeof *nn * (n + 1));
    if (!nn) {
      st = NG_ERR_NOMEM;
      break;
    }
    names = nn;
    size_t pl = strlen(dir) + l + 2;
    if (!(names[n] = malloc(pl))) {
      st = NG_ERR_NOMEM;
      break;
    }
    snprintf(names[n++], pl, "%s/%s", dir, de->d_name);
  }
  closedir(dp);
  if (n)
    qsort(names, n, sizeof *names, cmp_names);
  for (size_t i = 0; i < n; i++) {
    if (!st)
      st = ng_world_add_actor_file(w, names[i]);
    free(names[i]);
  }
  free(names);
  return st;
}

ng_world *ng_cli_world(int open, int *exit_code) {
  ng_world *w = ng_world_new();
  if (!w) {
    ng_cli_error("out of memory");
    *exit_code = NG_EXIT_SYSTEM;
    return NULL;
  }
  ng_world_set_log_handler(w, ng_cli_log, NULL);
  ng_status st = ng_world_set_data_dir(w, pick_data_dir());
  if (!st)
    st = add_user_actors(w);
  for (int i = 0; !st && i < ng_cli.n_actor_files; i++)
    st = ng_world_add_actor_file(w, ng_cli.actor_files[i]);
  if (!st && ng_cli.base_iri)
    st = ng_world_set_base_iri(w, ng_cli.base_iri);
  if (!st && open)
    st = ng_world_open(w);
  /* the parse the event coder reads (data/syntax/), unless --no-parse */
  if (!st && open && !ng_cli.no_parse) {
    st = ng_world_load_syntax(w);
    if (st) {
      ng_cli_error("cannot load the syntax model from %s (--no-parse "
                   "works without it)",
                   ng_world_data_dir(w));
      *exit_code = ng_cli_exit_code(st);
      ng_world_free(w);
      return NULL;
    }
  }
  if (st) {
    if (st == NG_ERR_DATA)
      ng_cli_error("cannot load the dictionaries from %s (use --data-dir "
                   "or NEWSGRAPH_DATA_DIR)",
                   ng_world_data_dir(w));
    else
      ng_cli_error("cannot set up: %s", ng_status_string(st));
    *exit_code = ng_cli_exit_code(st);
    ng_world_free(w);
    return NULL;
  }
  *exit_code = NG_EXIT_OK;
  return w;
}

FILE *ng_cli_fopen(const char *path, const char *mode) {
  if (!strcmp(path, "-"))
    return mode[0] == 'r' ? stdin : stdout;
  FILE *fp = fopen(path, mode);
  if (!fp)
    ng_cli_error("cannot open %s: %s", path, strerror(errno));
  return fp;
}

ng_status ng_cli_slurp(FILE *fp, size_t max, char **out, size_t *len) {
  size_t cap = 65536, n = 0;
  char *buf = malloc(cap);
  if (!buf)
    return NG_ERR_NOMEM;
  for (;;) {
    if (n == cap) {
      if (cap > max) {
        free(buf);
        return NG_ERR_LIMIT;
      }
      char *nb = realloc(buf, cap * 2);
      if (!nb) {
        free(buf);
        return NG_ERR_NOMEM;
      }
      buf = nb;
      cap *= 2;
    }
    size_t k = fread(buf + n, 1, cap - n, fp);
    n += k;
    if (k == 0)
      break;
  }
  if (ferror(fp) || n > max) {
    free(buf);
    return ferror(fp) ? NG_ERR_IO : NG_ERR_LIMIT;
  }
  *out = buf;
  *len = n;
  return NG_OK;
}
