/* iri.c - IRIs from keys: percent-encoding, slugs and stable hashes. */
#include <stdio.h>

#include "iri.h"

ng_status ng_iri_encode(ng_buf *b, const char *s, size_t n, const char *keep) {
  static const char hex[] = "0123456789ABCDEF";
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    int ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
             (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
             (keep && c && strchr(keep, c));
    ng_status st;
    if (ok) {
      st = ng_buf_addc(b, (char)c);
    } else {
      char esc[3] = {'%', hex[c >> 4], hex[c & 15]};
      st = ng_buf_add(b, esc, 3);
    }
    if (st)
      return st;
  }
  return NG_OK;
}

ng_status ng_iri_slug(ng_buf *b, const char *s, size_t n, size_t max) {
  size_t start = b->len, w = 0;
  int dash = 0;
  for (size_t i = 0; i < n && w < max; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 'A' && c <= 'Z')
      c = (unsigned char)(c + 32);
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      if (dash && w) {
        ng_status st = ng_buf_addc(b, '-');
        if (st)
          return st;
        w++;
      }
      dash = 0;
      ng_status st = ng_buf_addc(b, (char)c);
      if (st)
        return st;
      w++;
    } else if (c != '\'') {
      dash = 1;
    }
  }
  (void)start;
  return NG_OK;
}

ng_status ng_iri_hash(ng_buf *b, const char *s, size_t n) {
  uint64_t h = ng_hash64(s, n);
  return ng_buf_printf(b, "%012llx",
                       (unsigned long long)(h & 0xffffffffffffULL));
}

const char *ng_iri_article(ng_world *w, ng_arena *a, const char *id) {
  ng_buf b;
  ng_buf_init(&b, 0);
  size_t n = strlen(id);
  ng_status st = ng_buf_adds(&b, w->base_iri);
  if (!st)
    st = ng_buf_adds(&b, "article/");
  if (!st) {
    if (n <= 120) {
      st = ng_iri_encode(&b, id, n, NULL);
    } else {
      /* a long id: a slug of its start and a hash of all of it; '~'
       * never appears raw in an encoded id, so no collision with one */
      st = ng_buf_addc(&b, '~');
      if (!st)
        st = ng_iri_slug(&b, id, n, 40);
      if (!st)
        st = ng_buf_addc(&b, '~');
      if (!st)
        st = ng_iri_hash(&b, id, n);
    }
  }
  const char *out = st ? NULL : ng_arena_strndup(a, b.s, b.len);
  ng_buf_free(&b);
  return out;
}

const char *ng_iri_entity(ng_world *w, ng_doc *d, const ng_entity *e) {
  ng_buf b;
  ng_buf_init(&b, 0);
  ng_status st;
  const char *key = e->key;
  if (e->scoped) {
    /* an actor known only inside this article */
    st = ng_buf_printf(&b, "%s/a/", d->iri);
    if (!st)
      st = ng_iri_slug(&b, e->label ? e->label : key,
                       strlen(e->label ? e->label : key), 40);
    if (!st)
      st = ng_buf_addc(&b, '-');
    if (!st)
      st = ng_iri_hash(&b, key, strlen(key));
  } else if (e->discovered) {
    /* TYPE/normalised name, plus the country: a slug and a hash */
    ng_buf k;
    ng_buf_init(&k, 0);
    st = ng_buf_printf(&k, "%s|%s", key, e->iso3 ? e->iso3 : "");
    const char *tn = ng_actor_type_name((ng_actor_type)e->type);
    if (!st)
      st = ng_buf_printf(&b, "%sactor/", w->base_iri);
    if (!st)
      st = ng_iri_slug(&b, tn ? tn : "actor", strlen(tn ? tn : "actor"), 20);
    if (!st)
      st = ng_buf_addc(&b, '/');
    const char *slash = strchr(key, '/');
    const char *name = slash ? slash + 1 : key;
    if (!st)
      st = ng_iri_slug(&b, name, strlen(name), 48);
    if (!st)
      st = ng_buf_addc(&b, '-');
    if (!st)
      st = ng_iri_hash(&b, k.s, k.len);
    ng_buf_free(&k);
  } else if (!strncmp(key, "country/", 8)) {
    st = ng_buf_printf(&b, "%scountry/", w->base_iri);
    if (!st)
      st = ng_iri_encode(&b, key + 8, strlen(key + 8), NULL);
  } else {
    st = ng_buf_printf(&b, "%sactor/", w->base_iri);
    if (!st)
      st = ng_iri_encode(&b, key, strlen(key), "/");
  }
  const char *out = st ? NULL : ng_arena_strndup(&d->arena, b.s, b.len);
  ng_buf_free(&b);
  return out;
}
