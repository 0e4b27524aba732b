/* iri.h - minting IRIs that are always valid and always the same for
 * the same input. */
#ifndef NG_IRI_H
#define NG_IRI_H

#include "doc.h"

/* Appends S (N bytes) percent-encoded: every byte outside RFC 3986's
 * unreserved set (A-Z a-z 0-9 - . _) and outside KEEP (e.g. "/") is
 * written as %XX, '~' included, so the encoding is injective. */
ng_status ng_iri_encode(ng_buf *b, const char *s, size_t n, const char *keep);

/* Appends a readable slug of S (lower-case ASCII letters and digits,
 * '-' between words, at most MAX bytes; may be empty). */
ng_status ng_iri_slug(ng_buf *b, const char *s, size_t n, size_t max);

/* Appends 12 lower-case hex digits of a stable hash of S. */
ng_status ng_iri_hash(ng_buf *b, const char *s, size_t n);

/* The article IRI for ID (arena of the doc). */
const char *ng_iri_article(ng_world *w, ng_arena *a, const char *id);

/* The IRI of entity E of D. */
const char *ng_iri_entity(ng_world *w, ng_doc *d, const ng_entity *e);

#endif /* NG_IRI_H */
