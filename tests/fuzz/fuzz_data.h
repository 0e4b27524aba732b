/* fuzz_data.h - a small copy of data/ for the dictionary fuzzers.
 *
 * Opening a world on the full dictionaries takes ~0.1 s, too slow to do
 * per input.  The dictionary targets instead open a fresh world per
 * input on a copy of data/ (every .tsv and .txt, one level of
 * subdirectories) in a temporary directory where the big actor files are
 * cut to their first 600 lines (their rows are independent, so a cut
 * file is still a valid one), then swap one file for the fuzzer's
 * bytes.
 *
 * Layout: BASE holds the cut copy; WORK holds a symbolic link to each
 * file of BASE, except that fzd_put() writes the input in place of one.
 * Both are removed at exit. */
#ifndef NG_FUZZ_DATA_H
#define NG_FUZZ_DATA_H

#include <errno.h>
#include <unistd.h>

#include "fuzz.h"

/* The files fuzz_dict may replace (relative to data/): byte 0 of its
 * input picks one, so new files go at the end. */
static const char *const fzd_files[] = {
    "lexicon/abbreviations.txt",
    "lexicon/words.tsv",
    "lexicon/titles.tsv",
    "lexicon/nouns.tsv",
    "lexicon/agents.tsv",
    "lexicon/roles.tsv",
    "countries.tsv",
    "cameo.tsv",
    "events/synsets.tsv",
    "events/verb-forms.tsv",
    "events/core-forms.tsv",
    "events/cameo-verbs.tsv",
    "events/core.tsv",
    "events/nouns.tsv",
    "events/modality.tsv",
};

/* Actor files and the agents list over this size are cut to their first
 * FZD_CUT_LINES lines: their rows stand alone.  Other files are copied
 * whole: the event dictionaries refer to each other (a stop list names
 * verbs of the verb forms). */
#define FZD_BIG 65536
#define FZD_CUT_LINES 600

static char fzd_base[256], fzd_work[256];

/* A/B into OUT (SIZE bytes); a path that does not fit stops the run. */
static inline void fzd_join(char *out, size_t size, const char *a,
                            const char *b) {
  int n = snprintf(out, size, "%s/%s", a, b);
  if (n < 0 || (size_t)n >= size) {
    fprintf(stderr, "fuzz: path too long: %s/%s\n", a, b);
    exit(2);
  }
}

/* Removes ROOT and everything under it (two levels: the data layout). */
static inline void fzd_rm(const char *root) {
  DIR *d = opendir(root);
  struct dirent *de;
  char path[600];
  while (d && (de = readdir(d))) {
    if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
      continue;
    fzd_join(path, sizeof path, root, de->d_name);
    struct stat sb;
    if (!lstat(path, &sb) && S_ISDIR(sb.st_mode))
      fzd_rm(path);
    else
      unlink(path);
  }
  if (d)
    closedir(d);
  rmdir(root);
}

static inline void fzd_cleanup(void) {
  if (fzd_work[0])
    fzd_rm(fzd_work);
  if (fzd_base[0])
    fzd_rm(fzd_base);
}

static inline void fzd_copy(const char *from, const char *to, int cuttable) {
  FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
  if (!in || !out) {
    fprintf(stderr, "fuzz: cannot copy %s to %s\n", from, to);
    exit(2);
  }
  struct stat sb;
  int cut = cuttable && !fstat(fileno(in), &sb) && sb.st_size > FZD_BIG;
  int c;
  unsigned lines = 0;
  while ((c = getc(in)) != EOF) {
    putc(c, out);
    if (c == '\n' && cut && ++lines >= FZD_CUT_LINES)
      break;
  }
  fclose(in);
  if (fclose(out))
    abort();
}

static inline int fzd_is_data(const char *name) {
  size_t n = strlen(name);
  return name[0] != '.' && n > 4 &&
         (!strcmp(name + n - 4, ".tsv") || !strcmp(name + n - 4, ".txt"));
}

/* Copies the dictionary files of FROM (and of its subdirectories, one
 * level) into BASE, each linked from WORK. */
static inline void fzd_copy_dir(const char *from, const char *rel) {
  DIR *d = opendir(from);
  if (!d) {
    fprintf(stderr, "fuzz: cannot read %s\n", from);
    exit(2);
  }
  struct dirent *de;
  char src[600], dst[600], lnk[600], sub[600];
  while ((de = readdir(d))) {
    if (de->d_name[0] == '.')
      continue;
    fzd_join(src, sizeof src, from, de->d_name);
    snprintf(sub, sizeof sub, "%s%s%s", rel, *rel ? "/" : "", de->d_name);
    struct stat sb;
    if (stat(src, &sb))
      continue;
    if (S_ISDIR(sb.st_mode)) {
      if (*rel)
        continue; /* one level: lexicon/, events/, actors/ */
      fzd_join(dst, sizeof dst, fzd_base, sub);
      fzd_join(lnk, sizeof lnk, fzd_work, sub);
      if ((mkdir(dst, 0700) && errno != EEXIST) ||
          (mkdir(lnk, 0700) && errno != EEXIST))
        abort();
      fzd_copy_dir(src, sub);
    } else if (S_ISREG(sb.st_mode) && fzd_is_data(de->d_name)) {
      fzd_join(dst, sizeof dst, fzd_base, sub);
      fzd_join(lnk, sizeof lnk, fzd_work, sub);
      fzd_copy(src, dst,
               !strcmp(rel, "actors") || !strcmp(de->d_name, "agents.tsv"));
      if (symlink(dst, lnk))
        abort();
    }
  }
  closedir(d);
}

/* Makes BASE and WORK once. */
static inline void fzd_init(void) {
  if (fzd_base[0])
    return;
  const char *tmp = getenv("TMPDIR");
  snprintf(fzd_base, sizeof fzd_base, "%s/ngfuzz-base-XXXXXX",
           tmp && *tmp ? tmp : "/tmp");
  snprintf(fzd_work, sizeof fzd_work, "%s/ngfuzz-work-XXXXXX",
           tmp && *tmp ? tmp : "/tmp");
  if (!mkdtemp(fzd_base) || !mkdtemp(fzd_work))
    abort();
  atexit(fzd_cleanup);
  fzd_copy_dir(fz_data_dir(), "");
  /* the cut copy must open as it is, or every input would only test the
   * refusal of a broken data directory */
  ng_world *w = ng_world_new();
  if (w)
    ng_world_set_log_handler(w, fz_log, NULL);
  if (!w || ng_world_set_data_dir(w, fzd_work) || ng_world_open(w)) {
    fprintf(stderr,
            "fuzz: the copy of %s in %s does not open (run with "
            "NG_FUZZ_VERBOSE=1)\n",
            fz_data_dir(), fzd_work);
    exit(2);
  }
  ng_world_free(w);
}

/* Writes the N bytes at S to WORK/NAME (NAME may be a file of the copy,
 * which it then replaces, or "user.tsv"). */
static inline void fzd_put(const char *name, const uint8_t *s, size_t n) {
  char path[600];
  fzd_join(path, sizeof path, fzd_work, name);
  unlink(path);
  FILE *fp = fopen(path, "wb");
  if (!fp || (n && fwrite(s, 1, n, fp) != n) || fclose(fp))
    abort();
}

/* Puts the link from WORK/NAME to BASE/NAME back. */
static inline void fzd_restore(const char *name) {
  char from[600], to[600];
  fzd_join(from, sizeof from, fzd_work, name);
  fzd_join(to, sizeof to, fzd_base, name);
  unlink(from);
  if (symlink(to, from))
    abort();
}

/* An article that reaches titles, nouns, actors, events and time
 * expressions, extracted with the fuzzed dictionaries; then TEXT (the
 * input itself, when it is text) and its last line (text even when the
 * rest is not: a file's bad bytes must not hide its names). */
static inline void fzd_extract(ng_world *w, const uint8_t *text, size_t n) {
  static const char probe[] =
      "Iraqi Prime Minister Karim Haddad met NATO Secretary General Anna "
      "Berg in Baghdad on Thursday. The militants attacked Turkish forces "
      "near the border last week, a security source said. Haddad "
      "condemned the attack and called for talks with Ankara.";
  size_t last = n;
  while (last > 0 && (text[last - 1] == '\n' || text[last - 1] == '\r'))
    last--;
  size_t first = last;
  while (first > 0 && text[first - 1] != '\n')
    first--;
  const char *texts[3] = {probe, (const char *)text,
                          (const char *)text + first};
  size_t lens[3] = {sizeof probe - 1, n, last - first};
  for (int i = 0; i < 3; i++) {
    ng_article *a = ng_article_new();
    if (!a)
      return;
    if (!ng_article_set(w, a, NG_FIELD_ID, "dict", 4) &&
        !ng_article_set(w, a, NG_FIELD_DATE, "2024-06-27", 10) &&
        !ng_article_set(w, a, NG_FIELD_TEXT, texts[i], lens[i]))
      ng_doc_free(fz_extract_checked(w, a));
    ng_article_free(a);
  }
}

#endif /* NG_FUZZ_DATA_H */
