/* model.c - the syntax model file: write, map, check. */
#include "syntax/model.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "syntax/tagger.h"

/* layout: a 32-byte header (magic, version, sections, feature set, root
 * relation), then a table of sections (16-byte name, 64-bit offset and
 * length), then the sections, each 64-byte aligned (a weight table's
 * buckets then start on cache lines). */
static const char MAGIC[8] = {'N', 'G', 'S', 'Y', 'N', 'T', 'X', '1'};
#define VERSION 2u
#define HEADER 32u
#define ENTRY 32u
#define MAX_SECTIONS 32u

ng_status ng_syntax_model_write(const char *path,
                                const ng_syntax_section *sec, size_t n,
                                uint32_t featset, uint32_t root_label) {
  if (n > MAX_SECTIONS)
    return NG_ERR_ARG;
  FILE *fp = fopen(path, "wb");
  if (!fp)
    return NG_ERR_IO;
  unsigned char head[HEADER] = {0};
  memcpy(head, MAGIC, 8);
  uint32_t v[4] = {VERSION, (uint32_t)n, featset, root_label};
  memcpy(head + 8, v, sizeof v);
  fwrite(head, 1, HEADER, fp);
  uint64_t table_end = HEADER + ENTRY * n;
  uint64_t off = (table_end + 63) & ~(uint64_t)63;
  for (size_t i = 0; i < n; i++) {
    unsigned char e[ENTRY] = {0};
    size_t nl = strlen(sec[i].name);
    memcpy(e, sec[i].name, nl < 15 ? nl : 15);
    uint64_t o = off, l = sec[i].len;
    memcpy(e + 16, &o, 8);
    memcpy(e + 24, &l, 8);
    fwrite(e, 1, ENTRY, fp);
    off += (l + 63) & ~(uint64_t)63;
  }
  static const char zeros[64] = {0};
  fwrite(zeros, 1, (size_t)(((table_end + 63) & ~(uint64_t)63) - table_end),
         fp);
  for (size_t i = 0; i < n; i++) {
    if (sec[i].len)
      fwrite(sec[i].data, 1, sec[i].len, fp);
    fwrite(zeros, 1, ((sec[i].len + 63) & ~(size_t)63) - sec[i].len, fp);
  }
  int bad = ferror(fp);
  if (fclose(fp) || bad)
    return NG_ERR_IO;
  return NG_OK;
}

void ng_syntax_model_free(ng_syntax_model *m) {
  if (!m)
    return;
  ng_lemma_free(&m->lemma);
  if (m->map)
    munmap(m->map, m->map_len);
  ng_arena_free(&m->arena);
  free(m);
}

static int section(const ng_syntax_model *m, const char *name,
                   const char **data, size_t *len) {
  const unsigned char *b = m->map;
  uint32_t n;
  memcpy(&n, b + 12, 4);
  for (uint32_t i = 0; i < n; i++) {
    const unsigned char *e = b + HEADER + ENTRY * i;
    if (strncmp((const char *)e, name, 16))
      continue;
    uint64_t o, l;
    memcpy(&o, e + 16, 8);
    memcpy(&l, e + 24, 8);
    if (o > m->map_len || l > m->map_len - o || (o & 7))
      return -1;
    *data = (const char *)b + o;
    *len = (size_t)l;
    return 0;
  }
  return -1;
}

/* the lines of a "names" section into an array of N strings (two
 * tab-separated columns into A and B when B is not NULL) */
static int names(ng_arena *a, const char *s, size_t len, uint32_t max,
                 const char ***col1, const char ***col2, uint32_t *count) {
  uint32_t n = 0;
  for (size_t i = 0; i < len; i++)
    n += s[i] == '\n';
  if (!n || n > max || s[len - 1] != '\n')
    return -1;
  *col1 = ng_arena_alloc(a, n * sizeof **col1);
  if (col2)
    *col2 = ng_arena_alloc(a, n * sizeof **col2);
  if (!*col1 || (col2 && !*col2))
    return -1;
  const char *p = s;
  for (uint32_t k = 0; k < n; k++) {
    const char *nl = memchr(p, '\n', (size_t)(s + len - p));
    const char *tab = col2 ? memchr(p, '\t', (size_t)(nl - p)) : NULL;
    if (col2 && !tab)
      return -1;
    const char *end1 = col2 ? tab : nl;
    (*col1)[k] = ng_arena_strndup(a, p, (size_t)(end1 - p));
    if (col2)
      (*col2)[k] = ng_arena_strndup(a, tab + 1, (size_t)(nl - tab - 1));
    if (!(*col1)[k] || (col2 && !(*col2)[k]))
      return -1;
    p = nl + 1;
  }
  *count = n;
  return 0;
}

ng_status ng_syntax_model_open(ng_world *w, const char *path,
                               ng_syntax_model **out) {
  *out = NULL;
  ng_syntax_model *m = calloc(1, sizeof *m);
  if (!m)
    return NG_ERR_NOMEM;
  ng_arena_init(&m->arena, 0);
  const char *why = "not a newsgraph syntax model";
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  struct stat sb;
  if (fd < 0 || fstat(fd, &sb) || !S_ISREG(sb.st_mode)) {
    why = strerror(errno);
    goto bad;
  }
  if (sb.st_size < (off_t)HEADER || (uintmax_t)sb.st_size > SIZE_MAX / 2)
    goto bad;
  m->map_len = (size_t)sb.st_size;
  m->map = mmap(NULL, m->map_len, PROT_READ, MAP_PRIVATE, fd, 0);
  if (m->map == MAP_FAILED) {
    m->map = NULL;
    why = strerror(errno);
    goto bad;
  }
  close(fd);
  fd = -1;
  const unsigned char *b = m->map;
  uint32_t v[4];
  memcpy(v, b + 8, sizeof v);
  if (memcmp(b, MAGIC, 8) || v[0] != VERSION || v[1] > MAX_SECTIONS ||
      HEADER + (size_t)ENTRY * v[1] > m->map_len) {
    why = "not a syntax model of this version";
    goto bad;
  }
  const char *d;
  size_t len;
  const char *tl, *rl;
  size_t tlen, rlen;
  why = "a section is missing or malformed";
  if (section(m, "tags", &d, &len) ||
      names(&m->arena, d, len, NG_SYNTAX_MAX_TAGS, &m->upos, &m->xpos,
            &m->ntags))
    goto bad;
  if (section(m, "labels", &d, &len) ||
      names(&m->arena, d, len, NG_SYNTAX_MAX_LABELS, &m->label, NULL,
            &m->nlabels))
    goto bad;
  if (section(m, "tagger", &d, &len) || ng_wtable_view(&m->tagger, d, len) ||
      m->tagger.nclass != m->ntags)
    goto bad;
  if (!section(m, "tagger2", &d, &len)) {
    if (ng_wtable_view(&m->tagger2, d, len) || m->tagger2.nclass != m->ntags)
      goto bad;
    m->has_tagger2 = 1;
  }
  if (section(m, "transitions", &d, &len) ||
      ng_wtable_view(&m->parser.trans, d, len) ||
      m->parser.trans.nclass != 3)
    goto bad;
  if (section(m, "labeller", &d, &len) ||
      ng_wtable_view(&m->parser.label, d, len) ||
      m->parser.label.nclass != m->nlabels || v[3] >= m->nlabels ||
      m->nlabels < 2 || v[2] < NG_PARSER_FEATS_BASE ||
      v[2] > NG_PARSER_FEATS_RICH)
    goto bad;
  m->parser.featset = v[2];
  m->parser.root_label = (uint16_t)v[3];
  if (section(m, "info", &d, &len) ||
      !(m->info = ng_arena_strndup(&m->arena, d, len)))
    goto bad;
  if (section(m, "lemmas", &tl, &tlen) ||
      section(m, "lemma_rules", &rl, &rlen) ||
      ng_lemma_load(&m->lemma, tl, tlen, rl, rlen))
    goto bad;
  *out = m;
  return NG_OK;
bad:
  if (fd >= 0)
    close(fd);
  ng_log(w, NG_LOG_ERROR, NG_ERR_DATA, "syntax", 0, 0, "%s: %s", path, why);
  ng_syntax_model_free(m);
  return NG_ERR_DATA;
}

void ng_syntax_annotate(const ng_syntax_model *m, ng_syn_sent *s,
                        ng_arena *scratch) {
  uint16_t *right = ng_arena_alloc(scratch, (s->n + 1) * sizeof *right);
  ng_tagger_tag(&m->tagger, m->has_tagger2 && right ? &m->tagger2 : NULL, s,
                right);
  for (uint32_t i = 1; i <= s->n; i++)
    s->lemma[i] =
        ng_lemma_of(&m->lemma, s->tag[i], s->form[i], s->len[i], scratch);
  ng_parser_parse(&m->parser, s);
}
