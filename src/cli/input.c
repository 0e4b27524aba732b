/* input.c - reading articles (text or JSON Lines) for viz and export,
 * with extract's options, limits and messages. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "input.h"

const char ng_cli_input_help[] =
    "Input (standard input when no FILE or '-'), as for extract:\n"
    "  --input-format F  auto (the default), text (one article per\n"
    "                    file) or jsonl (one JSON object per line: id,\n"
    "                    text, date, url, title, source); auto reads the\n"
    "                    start of each input: JSON Lines when its first\n"
    "                    line is a JSON object, whatever the file's name\n"
    "                    (a note says so when the name says otherwise)\n"
    "  --id ID           article id for text input (default: file name)\n"
    "  --date YYYY-MM-DD article date: the reference for 'on Thursday'\n"
    "  --url URL, --title TEXT, --source NAME   metadata (text input)\n";


int ng_cli_input_opt(ng_cli_input *in, int c, const char *arg) {
  switch (c) {
  case NG_OPT_IN_FORMAT:
    if (!strcmp(arg, "jsonl"))
      in->jsonl = 1;
    else if (!strcmp(arg, "text"))
      in->jsonl = 0;
    else if (!strcmp(arg, "auto"))
      in->jsonl = -1;
    else {
      ng_cli_error("--input-format must be auto, text or jsonl");
      return -1;
    }
    return 1;
  case NG_OPT_IN_ID:
    in->id = arg;
    return 1;
  case NG_OPT_IN_DATE: {
    ng_article *probe = ng_article_new();
    ng_status st =
        probe ? ng_article_set(NULL, probe, NG_FIELD_DATE, arg, strlen(arg))
              : NG_ERR_NOMEM;
    ng_article_free(probe);
    if (st) {
      ng_cli_error("--date '%s' is not a calendar date YYYY-MM-DD", arg);
      return -1;
    }
    in->date = arg;
    return 1;
  }
  case NG_OPT_IN_URL:
    in->url = arg;
    return 1;
  case NG_OPT_IN_TITLE:
    in->title = arg;
    return 1;
  case NG_OPT_IN_SOURCE:
    in->source = arg;
    return 1;
  default:
    return 0;
  }
}

/* How much of an input the guess reads: a JSON Lines record that fits
 * is parsed whole. */
#define SNIFF_BYTES 65536

int ng_cli_input_is_jsonl(int jsonl, const char *path, FILE *fp) {
  if (jsonl >= 0)
    return jsonl;
  size_t pl = strlen(path);
  int by_name = pl > 6 && !strcmp(path + pl - 6, ".jsonl");
  int by_content;
  long at = ftell(fp);
  char *head = at >= 0 ? malloc(SNIFF_BYTES) : NULL;
  if (head) {
    size_t n = fread(head, 1, SNIFF_BYTES, fp);
    by_content = ng_jsonl_sniff(head, n);
    free(head);
    if (fseek(fp, at, SEEK_SET)) { /* cannot happen after ftell: keep */
      clearerr(fp);                /* the name's word */
      return by_name;
    }
    clearerr(fp);
  } else {
    /* a pipe: only one byte can be put back */
    int c = getc(fp);
    if (c != EOF)
      ungetc(c, fp);
    by_content = c == '{';
  }
  if (by_content != by_name && !ng_cli.quiet) {
    const char *name = strcmp(path, "-") ? path : "standard input";
    if (by_content)
      ng_cli_error("note: %s holds JSON Lines: one article per line "
                   "(--input-format text reads it as one text)",
                   name);
    else
      ng_cli_error("note: %s holds no JSON Lines: one text article "
                   "(--input-format jsonl reads it as JSON Lines)",
                   name);
  }
  return by_content;
}

typedef struct reading {
  ng_world *w;
  const ng_cli_input *in;
  ng_cli_article_fn fn;
  void *user;
  int rejected;
  ng_status fatal;
} reading;

static void deliver(reading *r, const ng_article *a, const char *where) {
  ng_status st = r->fn(r->user, a, where);
  if (st == NG_ERR_INPUT || st == NG_ERR_LIMIT) {
    ng_cli_error("%s: skipped: %s", where, ng_status_string(st));
    r->rejected++;
  } else if (st) {
    ng_cli_error("%s: %s", where, ng_status_string(st));
    r->fatal = st;
  }
}

static void read_text(reading *r, const char *path, FILE *fp) {
  const ng_cli_input *in = r->in;
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
  char idbuf[256];
  const char *id = in->id;
  if (!id) {
    const char *b = strcmp(path, "-") ? path : "stdin";
    const char *slash = strrchr(b, '/');
    snprintf(idbuf, sizeof idbuf, "%s", slash ? slash + 1 : b);
    char *dot = strrchr(idbuf, '.');
    if (dot && dot != idbuf)
      *dot = '\0';
    id = idbuf;
  }
  const struct {
    ng_field f;
    const char *v;
  } fields[] = {{NG_FIELD_ID, id},
                {NG_FIELD_DATE, in->date},
                {NG_FIELD_URL, in->url},
                {NG_FIELD_TITLE, in->title},
                {NG_FIELD_SOURCE, in->source}};
  st = ng_article_set(r->w, a, NG_FIELD_TEXT, buf, len);
  for (size_t i = 0; !st && i < sizeof fields / sizeof fields[0]; i++)
    if (fields[i].v)
      st = ng_article_set(r->w, a, fields[i].f, fields[i].v,
                          strlen(fields[i].v));
  free(buf);
  if (st == NG_ERR_INPUT || st == NG_ERR_LIMIT) {
    ng_cli_error("%s: skipped: %s", path, ng_status_string(st));
    r->rejected++;
  } else if (st) {
    r->fatal = st;
  } else {
    deliver(r, a, path);
  }
  ng_article_free(a);
}

static void read_jsonl(reading *r, const char *path, FILE *fp) {
  ng_jsonl_reader *jr;
  ng_status st = ng_jsonl_reader_new(r->w, fp, &jr);
  if (st) {
    r->fatal = st;
    return;
  }
  while (!r->fatal) {
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
    deliver(r, a, where);
    ng_article_free(a);
  }
  ng_jsonl_reader_free(jr);
}

int ng_cli_read_inputs(ng_world *w, const ng_cli_input *in, char **files,
                       int nfiles, ng_cli_article_fn fn, void *user) {
  reading r = {w, in, fn, user, 0, NG_OK};
  for (int i = 0; i < (nfiles ? nfiles : 1) && !r.fatal; i++) {
    const char *path = nfiles ? files[i] : "-";
    FILE *fp = ng_cli_fopen(path, "rb");
    if (!fp)
      return NG_EXIT_SYSTEM;
    if (ng_cli_input_is_jsonl(in->jsonl, path, fp))
      read_jsonl(&r, path, fp);
    else
      read_text(&r, path, fp);
    if (fp != stdin)
      fclose(fp);
  }
  if (r.fatal)
    return ng_cli_exit_code(r.fatal);
  return r.rejected ? NG_EXIT_INPUT : NG_EXIT_OK;
}
