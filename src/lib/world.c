/* world.c - the world: options, log handler, dictionaries, raptor. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "config.h"
#include "evdict.h"
#include "internal.h"
#include "kb.h"
#include "lexicon.h"

const char *ng_version(void) { return PACKAGE_VERSION; }

const char *ng_status_string(ng_status st) {
  switch (st) {
  case NG_OK:
    return "success";
  case NG_ERR_NOMEM:
    return "out of memory";
  case NG_ERR_IO:
    return "input/output error";
  case NG_ERR_INPUT:
    return "invalid input";
  case NG_ERR_LIMIT:
    return "input over a hard limit";
  case NG_ERR_DATA:
    return "dictionary data missing or malformed";
  case NG_ERR_RDF:
    return "RDF parse or serialization error";
  case NG_ERR_STORE:
    return "store error";
  case NG_ERR_LOCKED:
    return "store locked by another process";
  case NG_ERR_QUERY:
    return "query error";
  case NG_ERR_UNSUPPORTED:
    return "query construct not supported";
  case NG_ERR_ARG:
    return "invalid argument";
  case NG_ERR_CANCELLED:
    return "query stopped (time limit or cancelled)";
  default:
    return "unknown status";
  }
}

/* raptor's messages go to our log handler, never to stderr */
static void raptor_log(void *ud, raptor_log_message *m) {
  ng_world *w = ud;
  ng_log_level lv = m->level >= RAPTOR_LOG_LEVEL_ERROR ? NG_LOG_ERROR
                    : m->level == RAPTOR_LOG_LEVEL_WARN ? NG_LOG_WARN
                                                        : NG_LOG_DEBUG;
  long line = m->locator ? m->locator->line : 0;
  long col = m->locator ? m->locator->column : 0;
  ng_log(w, lv, lv == NG_LOG_ERROR ? NG_ERR_RDF : NG_OK, "raptor", line, col,
         "%s", m->text ? m->text : "");
}

ng_world *ng_world_new(void) {
  ng_world *w = calloc(1, sizeof *w);
  if (!w)
    return NULL;
  ng_arena_init(&w->arena, 0);
  w->raptor = raptor_new_world();
  w->base_iri = ng_strdup(NG_DEFAULT_BASE);
  if (!w->raptor || !w->base_iri || raptor_world_open(w->raptor)) {
    ng_world_free(w);
    return NULL;
  }
  raptor_world_set_log_handler(w->raptor, w, raptor_log);
  return w;
}

void ng_world_free(ng_world *w) {
  if (!w)
    return;
  ng_kb_free(w->kb);
  ng_lexicon_free(w->lex);
  ng_evdict_free(w->evdict);
  ng_world_free_syntax(w);
  if (w->raptor)
    raptor_free_world(w->raptor);
  for (size_t i = 0; i < w->actor_files.n; i++)
    free(NG_VEC_AT(&w->actor_files, char *, i));
  ng_vec_free(&w->actor_files);
  free(w->data_dir);
  free(w->base_iri);
  ng_arena_free(&w->arena);
  free(w);
}

void ng_world_set_log_handler(ng_world *w, ng_log_handler fn, void *ud) {
  w->log_fn = fn;
  w->log_user = ud;
}

ng_status ng_world_set_data_dir(ng_world *w, const char *dir) {
  if (!w || !dir || w->opened)
    return NG_ERR_ARG;
  char *p = ng_strdup(dir);
  if (!p)
    return NG_ERR_NOMEM;
  free(w->data_dir);
  w->data_dir = p;
  return NG_OK;
}

const char *ng_world_data_dir(const ng_world *w) {
  return w->data_dir ? w->data_dir : "";
}

ng_status ng_world_add_actor_file(ng_world *w, const char *path) {
  if (!w || !path || w->opened)
    return NG_ERR_ARG;
  char *p = ng_strdup(path);
  if (!p)
    return NG_ERR_NOMEM;
  char **slot = ng_vec_push(&w->actor_files, sizeof(char *), 1024);
  if (!slot) {
    free(p);
    return NG_ERR_NOMEM;
  }
  *slot = p;
  return NG_OK;
}

/* A base IRI is accepted only when it is absolute and holds no character
 * that would make minted IRIs invalid. */
ng_status ng_world_set_base_iri(ng_world *w, const char *base) {
  if (!w || !base || w->opened)
    return NG_ERR_ARG;
  size_t n = strlen(base);
  int scheme = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)base[i];
    if (c <= 0x20 || c == '<' || c == '>' || c == '"' || c == '{' ||
        c == '}' || c == '|' || c == '\\' || c == '^' || c == '`' ||
        c >= 0x7f) {
      ng_log(w, NG_LOG_ERROR, NG_ERR_ARG, "world", 0, 0,
             "the base IRI has a character IRIs cannot hold at byte %zu", i);
      return NG_ERR_ARG;
    }
    if (c == ':' && i > 0)
      scheme = 1;
  }
  if (!scheme || n == 0 || (base[n - 1] != '/' && base[n - 1] != '#')) {
    ng_log(w, NG_LOG_ERROR, NG_ERR_ARG, "world", 0, 0,
           "the base IRI must be absolute and end in '/' or '#'");
    return NG_ERR_ARG;
  }
  char *p = ng_strdup(base);
  if (!p)
    return NG_ERR_NOMEM;
  free(w->base_iri);
  w->base_iri = p;
  return NG_OK;
}

void ng_log(ng_world *w, ng_log_level level, ng_status code, const char *stage,
            long line, long column, const char *fmt, ...) {
  if (!w || !w->log_fn)
    return;
  char text[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(text, sizeof text, fmt, ap);
  va_end(ap);
  ng_log_message m = {code, stage, level, line, column, text};
  w->log_fn(w->log_user, &m);
}

ng_status ng_read_file(ng_world *w, const char *dir, const char *name,
                       char **out, size_t *len) {
  *out = NULL;
  char path[4096];
  int n = dir ? snprintf(path, sizeof path, "%s/%s", dir, name)
              : snprintf(path, sizeof path, "%s", name);
  if (n < 0 || (size_t)n >= sizeof path)
    return NG_ERR_ARG;
  FILE *fp = fopen(path, "rb");
  if (!fp) {
    ng_log(w, NG_LOG_ERROR, NG_ERR_DATA, "data", 0, 0, "cannot open %s: %s",
           path, strerror(errno));
    return NG_ERR_DATA;
  }
  ng_buf b;
  ng_buf_init(&b, 512u * 1024u * 1024u);
  /* read straight into the buffer, sized by the file's size when known
   * (one read, no copy) */
  struct stat sb;
  size_t want = 65536;
  if (fstat(fileno(fp), &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0 &&
      (uintmax_t)sb.st_size < b.max)
    want = (size_t)sb.st_size + 1; /* + 1: the end of file seen at once */
  ng_status st = NG_OK;
  for (;;) {
    char *o = ng_buf_reserve(&b, want);
    if (!o) {
      st = want > b.max - b.len ? NG_ERR_LIMIT : NG_ERR_NOMEM;
      break;
    }
    size_t k = fread(o, 1, want, fp);
    b.len += k;
    if (k < want)
      break;
    want = 65536;
  }
  if (!st && ferror(fp))
    st = NG_ERR_IO;
  if (!st)
    st = ng_buf_add(&b, "", 0); /* NUL-terminated, never NULL */
  fclose(fp);
  if (st) {
    ng_log(w, NG_LOG_ERROR, st, "data", 0, 0, "cannot read %s: %s", path,
           ng_status_string(st));
    ng_buf_free(&b);
    return st;
  }
  *out = b.s;
  if (len)
    *len = b.len;
  return NG_OK;
}

ng_status ng_world_open(ng_world *w) {
  if (!w || w->opened)
    return NG_ERR_ARG;
  if (!w->data_dir) {
    ng_log(w, NG_LOG_ERROR, NG_ERR_DATA, "world", 0, 0,
           "no data directory set");
    return NG_ERR_DATA;
  }
  ng_status st = ng_lexicon_load(w, &w->lex);
  if (!st)
    st = ng_kb_load(w, &w->kb);
  if (!st)
    st = ng_evdict_load(w, &w->evdict);
  if (st)
    return st;
  /* the dictionary version: a hash of every file read, so a graph says
   * which dictionaries made it */
  uint64_t h = ng_hash64_more(w->lex->hash, &w->kb->hash, sizeof w->kb->hash);
  h = ng_hash64_more(h, &w->evdict->hash, sizeof w->evdict->hash);
  snprintf(w->dict_version, sizeof w->dict_version, "%016llx",
           (unsigned long long)h);
  w->opened = 1;
  return NG_OK;
}
