/* cmd_extract.c - newsgraph extract: articles in, RDF out (or straight
 * into a store). */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "input.h"
#include "pool.h"

/* -o FILE is written as FILE.tmp-XXXXXX in the same directory and
 * renamed over FILE at the end, so FILE is either absent, the old file
 * or the whole new one.  The temporary's name, for the signal handler
 * that removes it when extract is interrupted. */
static char tmp_path[4200];
static volatile sig_atomic_t have_tmp;

static void remove_tmp_and_die(int sig) {
  if (have_tmp)
    unlink(tmp_path);
  signal(sig, SIG_DFL);
  raise(sig);
}

/* Opens the temporary for OUTPUT; NULL after a message.  Sets *DIRECT
 * (and opens OUTPUT itself) when OUTPUT exists and is not a regular
 * file (a FIFO, /dev/null): that cannot be replaced. */
static FILE *open_output(const char *output, int *direct) {
  struct stat st;
  *direct = 0;
  if (!strcmp(output, "-") || (!stat(output, &st) && !S_ISREG(st.st_mode))) {
    *direct = 1;
    return ng_cli_fopen(output, "wb");
  }
  if (strlen(output) + 12 > sizeof tmp_path) {
    ng_cli_error("the output path is too long: %s", output);
    return NULL;
  }
  snprintf(tmp_path, sizeof tmp_path, "%s.tmp-XXXXXX", output);
  int fd = mkstemp(tmp_path);
  if (fd < 0) {
    ng_cli_error("cannot create a temporary file beside %s: %s", output,
                 strerror(errno));
    return NULL;
  }
  /* mkstemp makes it 0600: give it the mode a new file would have */
  mode_t um = umask(0);
  umask(um);
  fchmod(fd, 0666 & ~um);
  have_tmp = 1;
  signal(SIGINT, remove_tmp_and_die);
  signal(SIGTERM, remove_tmp_and_die);
  signal(SIGHUP, remove_tmp_and_die);
  FILE *fp = fdopen(fd, "wb");
  if (!fp) {
    ng_cli_error("cannot write %s: %s", tmp_path, strerror(errno));
    close(fd);
    unlink(tmp_path);
    have_tmp = 0;
  }
  return fp;
}

/* Closes the temporary FP and renames it to OUTPUT when OK, removes it
 * otherwise; 0, or -1 after a message. */
static int close_output(FILE *fp, const char *output, int ok) {
  int rc = 0;
  if (fflush(fp) || fsync(fileno(fp))) {
    if (ok)
      ng_cli_error("cannot write %s: %s", output, strerror(errno));
    rc = -1;
  }
  if (fclose(fp) && !rc) {
    if (ok)
      ng_cli_error("cannot write %s: %s", output, strerror(errno));
    rc = -1;
  }
  if (ok && !rc && rename(tmp_path, output)) {
    ng_cli_error("cannot rename %s to %s: %s", tmp_path, output,
                 strerror(errno));
    rc = -1;
  }
  if (!ok || rc)
    unlink(tmp_path);
  have_tmp = 0;
  signal(SIGINT, SIG_DFL);
  signal(SIGTERM, SIG_DFL);
  signal(SIGHUP, SIG_DFL);
  return rc;
}

static const char extract_help[] =
    "Usage: newsgraph extract [OPTIONS] [FILE...|-]\n"
    "Reads news articles and writes their knowledge graph as RDF: actors,\n"
    "posts, events (CAMEO and PLOVER coded, dated, attributed) and the\n"
    "text spans they come from.\n"
    "\n"
    "Input (standard input when no FILE or '-'):\n"
    "  --input-format F  auto (the default), text (one article per\n"
    "                    file) or jsonl (one JSON object per line: id,\n"
    "                    text, date, url, title, source); auto reads the\n"
    "                    start of each input: JSON Lines when its first\n"
    "                    line is a JSON object, whatever the file's name\n"
    "                    (a note says so when the name says otherwise)\n"
    "  --id ID           article id for text input (default: the file name)\n"
    "  --date YYYY-MM-DD article date: the reference for 'on Thursday'\n"
    "  --url URL, --title TEXT, --source NAME   article metadata (text input)\n"
    "\n"
    "Output:\n"
    "  -f, --format F    turtle (default), ntriples, nquads (a named graph\n"
    "                    per article) or rdfxml\n"
    "  -o, --output FILE write to FILE instead of standard output (as\n"
    "                    FILE.tmp-XXXXXX, renamed to FILE at the end)\n"
    "  --store SPEC      load into the store SPEC instead of writing RDF\n"
    "                    (see 'newsgraph load --help'); --create makes it\n"
    "\n"
    "Every sentence is parsed with the syntax model of the data\n"
    "directory (syntax/en_ewt.model), and the event coder also reads the\n"
    "dependency trees; --no-parse codes from word windows only.\n"
    "\n"
    "Speed and progress:\n"
    "  -j, --jobs N      extract with N worker threads (default 1); the\n"
    "                    output is the same, in input order\n"
    "  --progress, --no-progress   a progress line on standard error\n"
    "                    (articles/s, and the time left when the input\n"
    "                    size is known); default: on when standard error\n"
    "                    is a terminal, unless -q\n"
    "  --stats           at the end, one line on standard error:\n"
    "                    'stats articles=N skipped=N words=N tokens=N\n"
    "                    sentences=N actors=N events=N triples=N load_s=S\n"
    "                    run_s=S total_s=S words_per_s=N vmhwm_kb=N'\n"
    "                    (words: runs between white space; load_s: the\n"
    "                    dictionaries; run_s: reading, extracting and\n"
    "                    writing; triples: as written, quads for nquads,\n"
    "                    the graphs' triples with --store)\n"
    "\n"
    "With ntriples and nquads the output is a stream: each article's\n"
    "triples are written once it is done, in bounded memory (a few\n"
    "articles in flight, and 8 bytes per article and per shared triple\n"
    "written, so that no triple repeats in N-Triples).  Turtle and\n"
    "RDF/XML are written by raptor, which holds the whole graph until\n"
    "the end.\n"
    "\n"
    "Limits: an article's text is at most 16 MiB, a JSON Lines record at\n"
    "most 20 MiB; an article over a limit or with invalid UTF-8 is\n"
    "reported and skipped (exit 1), the others are processed.\n"
    "\n";

typedef struct xopts {
  int jsonl;  /* -1 auto (by content), 0 text, 1 jsonl */
  const char *id, *date, *url, *title, *source;
  ng_rdf_format format;
  const char *output;
  const char *store;
  int create;
  int jobs;
  int progress; /* -1: when standard error is a terminal; 0 off; 1 on */
  int stats;
} xopts;

/* One article on its way: read, extracted (in a worker with -j), then
 * written in the main thread, in input order (raptor's serializers and
 * the stores are not thread-safe). */
typedef struct job {
  ng_article *a;
  ng_doc *d;
  ng_status st;
  ng_doc_counts counts;
  char where[512];
} job;

typedef struct xrun {
  ng_world *w;
  ng_writer *wr;
  ng_store *store;
  ng_pool *pool;     /* NULL with one job: all in this thread */
  int stats;
  int rejected;      /* articles skipped for bad input */
  ng_status fatal;   /* a non-input error that stops the run */
  size_t articles;
  uint64_t words, tokens, sentences, actors, events, triples;
  int progress;
  double t0, shown;  /* start, last progress line */
  FILE *cur;         /* the input being read */
  long long before;  /* bytes of the inputs already read */
  long long total;   /* bytes of all inputs, or -1 when unknown */
} xrun;

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Runs in a worker: the world is only read after ng_world_open, so the
 * workers share it. */
static void *extract_job(void *ctx, void *item) {
  xrun *r = ctx;
  job *j = item;
  j->st = ng_extract(r->w, j->a, &j->d);
  if (!j->st && r->stats)
    ng_doc_get_counts(j->d, &j->counts);
  return j;
}

static ng_status count_triple(void *ud, const ng_term *s, const ng_term *p,
                              const ng_term *o, const ng_term *g) {
  (void)s, (void)p, (void)o, (void)g;
  (*(uint64_t *)ud)++;
  return NG_OK;
}

/* "\r...": one line that rewrites itself; the log handler below clears
 * it before a message. */
static void show_progress(xrun *r, int final) {
  double t = now();
  if (!final && t - r->shown < 0.25)
    return;
  r->shown = t;
  double el = t - r->t0;
  flockfile(stderr);
  fprintf(stderr, "\r%s: %zu articles, %.0f articles/s", ng_cli_prog,
          r->articles, el > 0 ? (double)r->articles / el : 0.0);
  long long pos = r->cur ? (long long)ftello(r->cur) : 0;
  if (r->total > 0 && pos >= 0) {
    double f = (double)(r->before + pos) / (double)r->total;
    f = f > 1 ? 1 : f;
    fprintf(stderr, ", %.0f%%", 100 * f);
    if (!final && f > 0.001) {
      long left = (long)(el * (1 - f) / f + 0.5);
      fprintf(stderr, ", %ld:%02ld left", left / 60, left % 60);
    }
  }
  fputs(final ? "\033[K\n" : "\033[K", stderr);
  funlockfile(stderr);
}

static xrun *log_run; /* for the log handler while progress is shown */

/* The CLI's handler, one whole message at a time (workers log too), on
 * a line of its own when a progress line is showing. */
static void locked_log(void *ud, const ng_log_message *m) {
  flockfile(stderr);
  if (log_run && log_run->progress)
    fputs("\r\033[K", stderr);
  ng_cli_log(ud, m);
  funlockfile(stderr);
}

/* Writes or loads one extracted article, in input order, and frees it. */
static void finish_job(xrun *r, job *j) {
  ng_status st = j->st;
  if (r->fatal) {
    st = NG_OK; /* read ahead before the run stopped: dropped */
  } else {
    if (!st && r->store) {
      st = ng_store_add_doc(r->store, j->d);
      if (!st && r->stats)
        st = ng_doc_emit(r->w, j->d, count_triple, &r->triples);
    } else if (!st) {
      st = ng_writer_add(r->wr, j->d);
    }
    if (st == NG_ERR_INPUT || st == NG_ERR_LIMIT) {
      ng_cli_error("%s: skipped: %s", j->where, ng_status_string(st));
      r->rejected++;
    } else if (st) {
      ng_cli_error("%s: %s", j->where, ng_status_string(st));
      r->fatal = st;
    } else {
      r->articles++;
      r->words += j->counts.words;
      r->tokens += j->counts.tokens;
      r->sentences += j->counts.sentences;
      r->actors += j->counts.actors;
      r->events += j->counts.events;
    }
  }
  ng_doc_free(j->d);
  ng_article_free(j->a);
  free(j);
  if (r->progress)
    show_progress(r, 0);
}

/* Extracts article A (taken over) and writes it: now, or with workers
 * once every article before it is written. */
static void submit(xrun *r, ng_article *a, const char *where) {
  job *j = calloc(1, sizeof *j);
  if (!j) {
    ng_article_free(a);
    r->fatal = NG_ERR_NOMEM;
    return;
  }
  j->a = a;
  snprintf(j->where, sizeof j->where, "%s", where);
  if (!r->pool) {
    finish_job(r, extract_job(r, j));
    return;
  }
  if (ng_pool_full(r->pool))
    finish_job(r, ng_pool_next(r->pool));
  ng_pool_submit(r->pool, j);
}

/* Writes the articles still with the workers. */
static void drain(xrun *r) {
  while (r->pool && ng_pool_pending(r->pool))
    finish_job(r, ng_pool_next(r->pool));
}

/* The size of the input PATH, or -1 when it is not a regular file. */
static long long input_size(const char *path) {
  struct stat sb;
  int rc = strcmp(path, "-") ? stat(path, &sb) : fstat(0, &sb);
  return rc == 0 && S_ISREG(sb.st_mode) ? (long long)sb.st_size : -1;
}

/* The peak resident memory of this process in KiB (Linux), or 0. */
static long vm_hwm_kb(void) {
  FILE *fp = fopen("/proc/self/status", "r");
  char line[256];
  long kb = 0;
  while (fp && fgets(line, sizeof line, fp))
    if (!strncmp(line, "VmHWM:", 6))
      kb = strtol(line + 6, NULL, 10);
  if (fp)
    fclose(fp);
  return kb;
}

static const char *base_name(const char *path) {
  const char *s = strrchr(path, '/');
  return s ? s + 1 : path;
}

static void run_text(xrun *r, const xopts *o, const char *path, FILE *fp) {
  char *buf = NULL;
  size_t len = 0;
  ng_status st = ng_cli_slurp(fp, NG_MAX_ARTICLE_BYTES, &buf, &len);
  if (st) {
    if (st == NG_ERR_LIMIT) {
      ng_cli_error("%s: skipped: the text is over the 16 MiB limit", path);
      r->rejected++;
    } else {
      ng_cli_error("%s: cannot read: %s", path, ng_status_string(st));
      r->fatal = st;
    }
    return;
  }
  ng_article *a = ng_article_new();
  if (!a) {
    free(buf);
    r->fatal = NG_ERR_NOMEM;
    return;
  }
  /* the id: --id, else the file name without its extension */
  char idbuf[256];
  const char *id = o->id;
  if (!id) {
    const char *b = strcmp(path, "-") ? base_name(path) : "stdin";
    snprintf(idbuf, sizeof idbuf, "%s", b);
    char *dot = strrchr(idbuf, '.');
    if (dot && dot != idbuf)
      *dot = '\0';
    id = idbuf;
  }
  st = ng_article_set(r->w, a, NG_FIELD_ID, id, strlen(id));
  if (!st)
    st = ng_article_set(r->w, a, NG_FIELD_TEXT, buf, len);
  if (!st && o->date)
    st = ng_article_set(r->w, a, NG_FIELD_DATE, o->date, strlen(o->date));
  if (!st && o->url)
    st = ng_article_set(r->w, a, NG_FIELD_URL, o->url, strlen(o->url));
  if (!st && o->title)
    st = ng_article_set(r->w, a, NG_FIELD_TITLE, o->title, strlen(o->title));
  if (!st && o->source)
    st = ng_article_set(r->w, a, NG_FIELD_SOURCE, o->source,
                        strlen(o->source));
  free(buf);
  if (st == NG_ERR_INPUT || st == NG_ERR_LIMIT) {
    ng_cli_error("%s: skipped: %s", path, ng_status_string(st));
    r->rejected++;
  } else if (st) {
    r->fatal = st;
  } else {
    submit(r, a, path);
    return;
  }
  ng_article_free(a);
}

static void run_jsonl(xrun *r, const char *path, FILE *fp) {
  ng_jsonl_reader *jr;
  ng_status st = ng_jsonl_reader_new(r->w, fp, &jr);
  if (st) {
    r->fatal = st;
    return;
  }
  for (;;) {
    ng_article *a = NULL;
    st = ng_jsonl_reader_next(jr, &a);
    if (st == NG_ERR_INPUT || st == NG_ERR_LIMIT) {
      ng_cli_error("%s line %ld: skipped", path, ng_jsonl_reader_line(jr));
      r->rejected++;
      continue;
    }
    if (st) {
      ng_cli_error("%s: cannot read: %s", path, ng_status_string(st));
      r->fatal = st;
      break;
    }
    if (!a)
      break;
    char where[512];
    snprintf(where, sizeof where, "%s line %ld", path,
             ng_jsonl_reader_line(jr));
    submit(r, a, where);
    if (r->fatal)
      break;
  }
  ng_jsonl_reader_free(jr);
}

int ng_cmd_extract(int argc, char **argv) {
  enum { OPT_PROGRESS = 2000, OPT_NO_PROGRESS, OPT_STATS };
  static const struct option longopts[] = {
      {"input-format", required_argument, NULL, 'i'},
      {"id", required_argument, NULL, 'I'},
      {"date", required_argument, NULL, 'D'},
      {"url", required_argument, NULL, 'U'},
      {"title", required_argument, NULL, 'T'},
      {"source", required_argument, NULL, 'S'},
      {"format", required_argument, NULL, 'f'},
      {"output", required_argument, NULL, 'o'},
      {"store", required_argument, NULL, 's'},
      {"create", no_argument, NULL, 'c'},
      {"jobs", required_argument, NULL, 'j'},
      {"progress", no_argument, NULL, OPT_PROGRESS},
      {"no-progress", no_argument, NULL, OPT_NO_PROGRESS},
      {"stats", no_argument, NULL, OPT_STATS},
      {"help", no_argument, NULL, 'h'},
      NG_CLI_COMMON_LONGOPTS,
      {NULL, 0, NULL, 0}};
  xopts o = {-1, NULL, NULL, NULL, NULL, NULL, NG_FORMAT_TURTLE,
             NULL, NULL, 0, 1, -1, 0};
  int c;
  optind = 1;
  while ((c = getopt_long(argc, argv, "f:o:j:vqh", longopts, NULL)) != -1) {
    switch (c) {
    case 'i':
      if (!strcmp(optarg, "jsonl"))
        o.jsonl = 1;
      else if (!strcmp(optarg, "text"))
        o.jsonl = 0;
      else if (!strcmp(optarg, "auto"))
        o.jsonl = -1;
      else {
        ng_cli_error("--input-format must be auto, text or jsonl");
        return NG_EXIT_USAGE;
      }
      break;
    case 'I': o.id = optarg; break;
    case 'D': o.date = optarg; break;
    case 'U': o.url = optarg; break;
    case 'T': o.title = optarg; break;
    case 'S': o.source = optarg; break;
    case 'f':
      if (ng_rdf_format_parse(optarg, &o.format)) {
        ng_cli_error("--format must be turtle, ntriples, nquads or rdfxml");
        return NG_EXIT_USAGE;
      }
      break;
    case 'o': o.output = optarg; break;
    case 's': o.store = optarg; break;
    case 'c': o.create = 1; break;
    case 'j': {
      char *end;
      long n = strtol(optarg, &end, 10);
      if (*optarg == '\0' || *end || n < 1 || n > 256) {
        ng_cli_error("--jobs must be a number from 1 to 256");
        return NG_EXIT_USAGE;
      }
      o.jobs = (int)n;
      break;
    }
    case OPT_PROGRESS: o.progress = 1; break;
    case OPT_NO_PROGRESS: o.progress = 0; break;
    case OPT_STATS: o.stats = 1; break;
    case 'h':
      fputs(extract_help, stdout);
      fputs(ng_cli_common_help, stdout);
      return NG_EXIT_OK;
    default:
      if (!ng_cli_common_opt(c, optarg)) {
        fputs("Try 'newsgraph extract --help'.\n", stderr);
        return NG_EXIT_USAGE;
      }
    }
  }
  if (o.store && o.output) {
    ng_cli_error("--store and --output do not go together");
    return NG_EXIT_USAGE;
  }
  if (o.date) {
    /* check the date before reading anything */
    ng_article *probe = ng_article_new();
    ng_status st = probe ? ng_article_set(NULL, probe, NG_FIELD_DATE, o.date,
                                          strlen(o.date))
                         : NG_ERR_NOMEM;
    ng_article_free(probe);
    if (st) {
      ng_cli_error("--date '%s' is not a calendar date YYYY-MM-DD", o.date);
      return NG_EXIT_USAGE;
    }
  }
  double t_start = now();
  int rc;
  ng_world *w = ng_cli_world(1, &rc);
  if (!w)
    return rc;
  double t_loaded = now();
  xrun r;
  memset(&r, 0, sizeof r);
  r.w = w;
  r.stats = o.stats;
  r.progress = o.progress >= 0 ? o.progress
                               : (isatty(2) && !ng_cli.quiet);
  int nfiles = argc - optind;
  r.total = 0;
  for (int i = 0; i < (nfiles ? nfiles : 1) && r.total >= 0; i++) {
    long long sz = input_size(nfiles ? argv[optind + i] : "-");
    r.total = sz < 0 ? -1 : r.total + sz;
  }
  log_run = &r;
  ng_world_set_log_handler(w, locked_log, NULL);
  FILE *out = NULL;
  int direct = 1; /* writing OUT itself, not a temporary */
  ng_status st = NG_OK;
  if (o.store) {
    st = ng_store_open(w, o.store, o.create ? NG_STORE_CREATE : 0, &r.store);
    if (st) {
      ng_cli_error("cannot open the store %s: %s", o.store,
                   ng_status_string(st));
      ng_world_free(w);
      return ng_cli_exit_code(st);
    }
  } else {
    out = o.output ? open_output(o.output, &direct) : stdout;
    if (!out) {
      ng_world_free(w);
      return NG_EXIT_SYSTEM;
    }
    st = ng_writer_new(w, o.format, out, &r.wr);
    if (st) {
      ng_cli_error("cannot start the RDF writer: %s", ng_status_string(st));
      if (!direct)
        close_output(out, o.output, 0);
      else if (out != stdout)
        fclose(out);
      ng_world_free(w);
      return ng_cli_exit_code(st);
    }
  }
  if (o.jobs > 1) {
    /* a few articles per worker in flight keeps them busy while the
     * main thread reads and writes, and bounds the memory */
    r.pool = ng_pool_new(o.jobs, (size_t)o.jobs * 4, extract_job, &r);
    if (!r.pool) {
      ng_cli_error("cannot start %d worker threads", o.jobs);
      r.fatal = NG_ERR_NOMEM;
    }
  }
  r.t0 = now();
  for (int i = 0; i < (nfiles ? nfiles : 1) && !r.fatal; i++) {
    const char *path = nfiles ? argv[optind + i] : "-";
    FILE *fp = ng_cli_fopen(path, "rb");
    if (!fp) {
      r.fatal = NG_ERR_IO;
      break;
    }
    int jsonl = ng_cli_input_is_jsonl(o.jsonl, path, fp);
    r.cur = fp;
    if (jsonl)
      run_jsonl(&r, path, fp);
    else
      run_text(&r, &o, path, fp);
    r.cur = NULL;
    long long sz = input_size(path);
    r.before += sz > 0 ? sz : 0;
    if (fp != stdin)
      fclose(fp);
  }
  drain(&r);
  ng_pool_free(r.pool);
  if (r.wr) {
    ng_status fs = ng_writer_finish(r.wr);
    if (fs && !r.fatal)
      r.fatal = fs;
    if (!o.store)
      r.triples = ng_writer_count(r.wr);
    ng_writer_free(r.wr);
  }
  if (r.store)
    ng_store_close(r.store);
  if (out && !direct) {
    if (close_output(out, o.output, !r.fatal) && !r.fatal)
      r.fatal = NG_ERR_IO;
  } else if (out && out != stdout) {
    if (fclose(out) && !r.fatal) {
      ng_cli_error("cannot write %s: %s", o.output, strerror(errno));
      r.fatal = NG_ERR_IO;
    }
  } else if (out && fflush(out) && !r.fatal) {
    ng_cli_error("cannot write the output: %s", strerror(errno));
    r.fatal = NG_ERR_IO;
  }
  double t_end = now();
  if (r.progress)
    show_progress(&r, 1);
  log_run = NULL;
  if (ng_cli.verbose)
    fprintf(stderr, "newsgraph: %zu articles, %d skipped\n", r.articles,
            r.rejected);
  if (o.stats) {
    double run_s = t_end - t_loaded;
    fprintf(stderr,
            "stats articles=%zu skipped=%d words=%llu tokens=%llu "
            "sentences=%llu actors=%llu events=%llu triples=%llu "
            "load_s=%.4f run_s=%.4f total_s=%.4f words_per_s=%.0f "
            "vmhwm_kb=%ld\n",
            r.articles, r.rejected, (unsigned long long)r.words,
            (unsigned long long)r.tokens, (unsigned long long)r.sentences,
            (unsigned long long)r.actors, (unsigned long long)r.events,
            (unsigned long long)r.triples, t_loaded - t_start, run_s,
            t_end - t_start, run_s > 0 ? (double)r.words / run_s : 0.0,
            vm_hwm_kb());
  }
  ng_world_free(w);
  if (r.fatal)
    return ng_cli_exit_code(r.fatal);
  return r.rejected ? NG_EXIT_INPUT : NG_EXIT_OK;
}
