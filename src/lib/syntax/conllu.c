/* conllu.c - CoNLL-U reader and writer. */
#include "syntax/conllu.h"

#include "internal.h"

#include <stdlib.h>
#include <string.h>

void ng_conllu_sent_init(ng_conllu_sent *s) {
  memset(s, 0, sizeof *s);
  ng_arena_init(&s->arena, 0);
}

void ng_conllu_sent_free(ng_conllu_sent *s) {
  if (!s)
    return;
  ng_arena_free(&s->arena);
  ng_vec_free(&s->lines);
  ng_vec_free(&s->words);
}

void ng_conllu_sent_reset(ng_conllu_sent *s) {
  ng_arena_reset(&s->arena);
  s->lines.n = 0;
  s->words.n = 0;
}

static ng_status keep_line(ng_conllu_sent *s, const char *text, size_t n) {
  char *t = ng_arena_strndup(&s->arena, text, n);
  ng_conllu_line *l = t ? ng_vec_push(&s->lines, sizeof *l, SIZE_MAX) : NULL;
  if (!l)
    return NG_ERR_NOMEM;
  l->text = t;
  return NG_OK;
}

/* 1 when S (N bytes) is a decimal number without sign, into *V */
static int is_number(const char *s, size_t n, unsigned long *v) {
  if (!n || n > 9)
    return 0;
  unsigned long x = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9')
      return 0;
    x = x * 10 + (unsigned long)(s[i] - '0');
  }
  *v = x;
  return 1;
}

static ng_status add_word_line(ng_conllu_sent *s, char *text) {
  if (s->words.n >= NG_CONLLU_MAX_WORDS)
    return NG_ERR_LIMIT;
  ng_conllu_word *w = ng_vec_push(&s->words, sizeof *w, SIZE_MAX);
  ng_conllu_line *l = w ? ng_vec_push(&s->lines, sizeof *l, SIZE_MAX) : NULL;
  if (!l)
    return NG_ERR_NOMEM;
  l->text = NULL;
  l->word = s->words.n - 1;
  char *p = text;
  for (int f = 0; f < NG_CONLLU_NFIELDS; f++) {
    w->field[f] = p;
    char *tab = strchr(p, '\t');
    if (f < NG_CONLLU_NFIELDS - 1) {
      if (!tab)
        return NG_ERR_INPUT;
      *tab = 0;
      p = tab + 1;
    } else if (tab) {
      return NG_ERR_INPUT;
    }
  }
  return NG_OK;
}

static ng_status parse_line(ng_conllu_sent *s, const char *line, size_t n) {
  if (!ng_utf8_valid(line, n, NULL))
    return NG_ERR_INPUT;
  if (line[0] == '#')
    return keep_line(s, line, n);
  const char *tab = memchr(line, '\t', n);
  if (!tab)
    return NG_ERR_INPUT;
  size_t idn = (size_t)(tab - line);
  unsigned long id;
  if (!is_number(line, idn, &id)) {
    /* a multiword range or an empty node: kept, not a word */
    if (memchr(line, '-', idn) || memchr(line, '.', idn))
      return keep_line(s, line, n);
    return NG_ERR_INPUT;
  }
  if (id != s->words.n + 1)
    return NG_ERR_INPUT;
  char *copy = ng_arena_strndup(&s->arena, line, n);
  if (!copy)
    return NG_ERR_NOMEM;
  ng_status st = add_word_line(s, copy);
  if (st)
    return st;
  ng_conllu_word *w = ng_conllu_word_at(s, s->words.n - 1);
  const char *h = w->field[NG_CONLLU_HEAD];
  unsigned long hv;
  if (strcmp(h, "_") && !is_number(h, strlen(h), &hv))
    return NG_ERR_INPUT;
  if (!*w->field[NG_CONLLU_FORM])
    return NG_ERR_INPUT;
  return NG_OK;
}

ng_status ng_conllu_read(ng_world *w, FILE *fp, ng_conllu_sent *s, int *got,
                         size_t *lineno) {
  ng_conllu_sent_reset(s);
  *got = 0;
  ng_buf line;
  ng_buf_init(&line, NG_CONLLU_MAX_LINE);
  ng_status st = NG_OK;
  int any = 0, c = 0;
  while (!st) {
    ng_buf_reset(&line);
    int eof = 1;
    while ((c = getc(fp)) != EOF) {
      eof = 0;
      if (c == '\n')
        break;
      if ((st = ng_buf_addc(&line, (char)c)))
        break;
    }
    if (st || eof)
      break;
    (*lineno)++;
    size_t n = line.len;
    if (n && line.s[n - 1] == '\r')
      n--;
    if (!n) {
      if (any)
        break;
      continue;
    }
    any = 1;
    line.s[n] = 0;
    st = parse_line(s, line.s, n);
  }
  if (!st && any && !s->words.n)
    st = NG_ERR_INPUT;
  if (st == NG_ERR_LIMIT)
    ng_log(w, NG_LOG_ERROR, st, "conllu", (long)*lineno, 0,
           "line or sentence over the CoNLL-U limits (%u bytes, %u words)",
           NG_CONLLU_MAX_LINE, NG_CONLLU_MAX_WORDS);
  else if (st == NG_ERR_INPUT)
    ng_log(w, NG_LOG_ERROR, st, "conllu", (long)*lineno, 0,
           "malformed CoNLL-U line (UTF-8, 10 tab-separated fields, word IDs "
           "1, 2, 3... in each sentence, HEAD a number or _)");
  else if (!st && !any && ferror(fp))
    st = NG_ERR_IO;
  ng_buf_free(&line);
  if (!st)
    *got = any;
  return st;
}

ng_status ng_conllu_set(ng_conllu_sent *s, size_t i, int f,
                        const char *value) {
  if (i >= s->words.n || f < 0 || f >= NG_CONLLU_NFIELDS)
    return NG_ERR_ARG;
  char *v = ng_arena_strndup(&s->arena, value, strlen(value));
  if (!v)
    return NG_ERR_NOMEM;
  ng_conllu_word_at(s, i)->field[f] = v;
  return NG_OK;
}

ng_status ng_conllu_add_word(ng_conllu_sent *s, const char *form,
                             size_t len) {
  char id[24];
  size_t idn = ng_ltoa((long)s->words.n + 1, id);
  char *text = ng_arena_alloc(&s->arena, idn + len + 20);
  if (!text)
    return NG_ERR_NOMEM;
  memcpy(text, id, idn);
  text[idn] = '\t';
  memcpy(text + idn + 1, form, len);
  /* no tab or newline may sit in a field */
  for (size_t k = 0; k < len; k++)
    if (text[idn + 1 + k] == '\t' || text[idn + 1 + k] == '\n' ||
        text[idn + 1 + k] == '\r')
      text[idn + 1 + k] = ' ';
  memcpy(text + idn + 1 + len, "\t_\t_\t_\t_\t_\t_\t_\t_", 17);
  return add_word_line(s, text);
}

ng_status ng_conllu_add_comment(ng_conllu_sent *s, const char *line) {
  return keep_line(s, line, strlen(line));
}

ng_status ng_conllu_write(FILE *fp, const ng_conllu_sent *s) {
  for (size_t i = 0; i < s->lines.n; i++) {
    const ng_conllu_line *l = &NG_VEC_AT(&s->lines, ng_conllu_line, i);
    if (l->text) {
      fputs(l->text, fp);
    } else {
      const ng_conllu_word *w = ng_conllu_word_at(s, l->word);
      for (int f = 0; f < NG_CONLLU_NFIELDS; f++) {
        if (f)
          putc('\t', fp);
        fputs(w->field[f], fp);
      }
    }
    putc('\n', fp);
  }
  putc('\n', fp);
  return ferror(fp) ? NG_ERR_IO : NG_OK;
}
