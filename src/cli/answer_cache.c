/* answer_cache.c - the answers serve keeps (see answer_cache.h): a list
 * in order of use, most recent first, under one mutex; a lookup walks
 * it (the budget holds a few hundred small answers). */
#include "answer_cache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct kept {
  struct kept *prev, *next; /* most recently used first */
  unsigned long version;
  ng_results_format format;
  char *text; /* the query */
  char *body;
  size_t len;
} kept;

struct ng_answer_cache {
  pthread_mutex_t mu;
  kept *first, *last;
  size_t bytes, cap;
};

ng_answer_cache *ng_answer_cache_new(size_t cap) {
  ng_answer_cache *c = calloc(1, sizeof *c);
  if (!c)
    return NULL;
  if (pthread_mutex_init(&c->mu, NULL)) {
    free(c);
    return NULL;
  }
  c->cap = cap;
  return c;
}

static size_t kept_size(const kept *k) {
  return sizeof *k + strlen(k->text) + 1 + k->len;
}

static void kept_free(kept *k) {
  if (!k)
    return;
  free(k->text);
  free(k->body);
  free(k);
}

static void unlink_kept(ng_answer_cache *c, kept *k) {
  if (k->prev)
    k->prev->next = k->next;
  else
    c->first = k->next;
  if (k->next)
    k->next->prev = k->prev;
  else
    c->last = k->prev;
  c->bytes -= kept_size(k);
  k->prev = k->next = NULL;
}

static void push_front(ng_answer_cache *c, kept *k) {
  k->next = c->first;
  if (c->first)
    c->first->prev = k;
  else
    c->last = k;
  c->first = k;
  c->bytes += kept_size(k);
}

static kept *find(ng_answer_cache *c, const char *text,
                  ng_results_format format) {
  for (kept *k = c->first; k; k = k->next)
    if (k->format == format && !strcmp(k->text, text))
      return k;
  return NULL;
}

void ng_answer_cache_free(ng_answer_cache *c) {
  if (!c)
    return;
  while (c->first) {
    kept *k = c->first;
    unlink_kept(c, k);
    kept_free(k);
  }
  pthread_mutex_destroy(&c->mu);
  free(c);
}

int ng_answer_cache_may_keep(const ng_answer_cache *c, const char *text) {
  static const char *const changing[] = {"NOW", "RAND", "UUID", "STRUUID",
                                         "BNODE"};
  if (!c || !c->cap || !text)
    return 0;
  ng_query_token *t = NULL;
  size_t n = 0;
  int ok = ng_query_tokens(text, &t, &n, NULL) == NG_OK;
  for (size_t i = 0; ok && i < n; i++) {
    if (t[i].kind != NG_QTOK_WORD)
      continue;
    for (size_t k = 0; k < sizeof changing / sizeof *changing; k++)
      if (t[i].e - t[i].b == strlen(changing[k]) &&
          !strncasecmp(text + t[i].b, changing[k], t[i].e - t[i].b))
        ok = 0;
  }
  free(t);
  return ok;
}

int ng_answer_cache_get(ng_answer_cache *c, const char *text,
                        ng_results_format format, unsigned long version,
                        ssize_t (*write)(void *cookie, const char *bytes,
                                         size_t len),
                        void *cookie) {
  if (!c || !text || !write)
    return 0;
  int found = 0;
  pthread_mutex_lock(&c->mu);
  kept *k = find(c, text, format);
  if (k) {
    unlink_kept(c, k);
    if (k->version != version) { /* stale: the data changed */
      kept_free(k);
    } else {
      push_front(c, k);
      found = write(cookie, k->body, k->len) == (ssize_t)k->len;
    }
  }
  pthread_mutex_unlock(&c->mu);
  return found;
}

void ng_answer_cache_put(ng_answer_cache *c, const char *text,
                         ng_results_format format, unsigned long version,
                         char *body, size_t len) {
  kept *k = c && text && body ? calloc(1, sizeof *k) : NULL;
  if (!k) {
    free(body);
    return;
  }
  k->version = version;
  k->format = format;
  k->body = body;
  k->len = len;
  size_t tlen = strlen(text);
  k->text = malloc(tlen + 1);
  if (k->text)
    memcpy(k->text, text, tlen + 1);
  if (!k->text) {
    kept_free(k);
    return;
  }
  pthread_mutex_lock(&c->mu);
  kept *old = find(c, text, format); /* another worker kept it meanwhile */
  if (old) {
    unlink_kept(c, old);
    kept_free(old);
  }
  push_front(c, k);
  while (c->bytes > c->cap && c->last) {
    old = c->last;
    unlink_kept(c, old);
    kept_free(old);
  }
  pthread_mutex_unlock(&c->mu);
}
