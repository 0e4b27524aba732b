/* store_index.h - a read-only, integer-coded copy of a store's quads in
 * memory, for the SPARQL evaluator (sparql/eval.c) to match triple
 * patterns without librdf.  Not installed.
 *
 * Terms.  Every term of the store (subjects, predicates, objects, graph
 * names) gets a number from 1; the dictionary keeps each term as librdf
 * gave it when the index was read (a hashes store decodes its literals,
 * xsd:boolean ones rewritten by librdf_node_normalize; a memory store's
 * statement list keeps them as added: the same terms the evaluator
 * read from librdf before, see eval.c).  "x" and "x"^^xsd:string are two
 * terms, as they are two in librdf.
 *
 * Quads.  (s, p, o, g) of term numbers, g = 0 for a statement in no
 * graph (the memory store's), sorted in four orders: SPOG (the quads themselves), POSG, OSPG
 * and GSPO (arrays of quad numbers).  Each triple pattern, with or
 * without its graph, is one binary search of a range in one of them
 * (SPOG: s, sp, spo; POSG: p, po; OSPG: o, so; GSPO: g alone), and the
 * copies of one triple in several graphs are next to each other in the
 * first three (the graph is their last key).  A hashes store is read
 * graph by graph: a statement in no graph, which newsgraph never writes
 * there (store.c: every statement goes into a context), would be left
 * out.
 *
 * Memory: 28 bytes a quad (16 for the quad, 4 for each of the three
 * other orders) plus, per distinct term, its text (a key of kind, text,
 * language and datatype), 32 bytes of dictionary entry and 24 to 64 of
 * hash slots (a map at most 5/8 full) and 16 of where its quads start
 * in each order: 88 bytes a quad on the Wikinews store (180k quads, 55k
 * terms: 15.1 MiB).  A build past its byte budget stops and gives no
 * index (the evaluator then reads librdf).
 *
 * Sharing.  An index is immutable once built: any number of threads may
 * read it at once.  ng_sindex_shared() keeps one index per committed
 * generation of a hashes store (its directory names it) for every
 * handle of the process: the first handle to ask builds it (the others
 * wait), the last to let go frees it.  Every function is thread-safe. */
#ifndef NG_STORE_INDEX_H
#define NG_STORE_INDEX_H

#include <stddef.h>
#include <stdint.h>

#include "store_internal.h"

typedef struct ng_sindex ng_sindex;

/* One term of the dictionary (borrowed from the index). */
typedef struct ng_sindex_term {
  const char *lex;  /* IRI, blank node label or lexical form (NUL-ended) */
  const char *lang; /* NULL or the language tag */
  const char *dt;   /* NULL or the datatype IRI (NULL when LANG is set) */
  uint32_t len;     /* bytes of LEX */
  uint8_t kind;     /* 1 IRI, 2 blank node, 3 literal (sq.h's SQ_*) */
  /* the dictionary's key: kind ('0' + KIND), LEX, NUL, LANG, NUL, DT
   * (none when LANG), KEY_LEN bytes, and its ng_hash32() */
  const char *key;
  uint32_t key_len, hash;
} ng_sindex_term;

/* The per-quad cost (the terms come on top): see above. */
#define NG_SINDEX_BYTES_PER_QUAD 28u

/* Reads every statement of MODEL (of the kind KIND: the memory store is
 * read from its statement list, a hashes store graph by graph) into a
 * new index, of at most MAX_BYTES (0: no limit); owned by the caller,
 * freed by ng_sindex_release().  NULL with *ST: NG_ERR_NOMEM, or
 * NG_ERR_LIMIT past MAX_BYTES, NG_ERR_STORE when librdf fails. */
ng_sindex *ng_sindex_build(librdf_world *rdf, librdf_model *model,
                           ng_store_kind kind, size_t max_bytes,
                           ng_status *st);

/* The index of the committed generation S reads (a read-only hashes
 * store), shared by the handles of the process on that generation:
 * built from S's model when no handle has it yet.  A new reference
 * (ng_sindex_release()), or NULL with *ST as ng_sindex_build(). */
ng_sindex *ng_sindex_shared(ng_store *s, size_t max_bytes, ng_status *st);

/* One more reference to X (NULL-safe): returns X. */
ng_sindex *ng_sindex_ref(ng_sindex *x);
/* Drops a reference to X (NULL-safe); the last one frees it. */
void ng_sindex_release(ng_sindex *x);

/* How many quads and terms X holds, and the bytes it takes. */
size_t ng_sindex_quads(const ng_sindex *x);
size_t ng_sindex_terms(const ng_sindex *x);
size_t ng_sindex_bytes(const ng_sindex *x);

/* Writes into K (reset first) the key of a term: KIND as one digit,
 * LEX (LEN bytes), NUL, LANG, NUL, DT (left out with a language).  One
 * form for the index and the evaluator's sq_intern(), so that the
 * evaluator can take an index term's key and hash as they are
 * (sq_intern_keyed()).  NG_OK or NG_ERR_NOMEM. */
ng_status ng_sindex_term_key(ng_buf *k, int kind, const char *lex,
                             size_t len, const char *lang, const char *dt);

/* The number of the term (KIND as ng_sindex_term; LEX of LEN bytes;
 * LANG, DT may be NULL), or 0 when the store has no such term. */
uint32_t ng_sindex_find(const ng_sindex *x, int kind, const char *lex,
                        size_t len, const char *lang, const char *dt);
/* Term ID (1 .. ng_sindex_terms()). */
const ng_sindex_term *ng_sindex_term_at(const ng_sindex *x, uint32_t id);

/* The graph names, in the order librdf listed them (borrowed). */
const uint32_t *ng_sindex_graphs(const ng_sindex *x, size_t *n);

/* The quads matching WANT (s, p, o, g; 0 = any), in one order: the
 * triples that are the same except for the graph come one after the
 * other (unless only the graph is given). */
typedef struct ng_sindex_scan {
  const ng_sindex *x;
  int order;
  size_t i, end;
  uint32_t want[4];
} ng_sindex_scan;
void ng_sindex_scan_init(const ng_sindex *x, const uint32_t want[4],
                         ng_sindex_scan *sc);
/* The next quad (s, p, o, g; borrowed from the index) or NULL at the end. */
const uint32_t *ng_sindex_next(ng_sindex_scan *sc);
/* The quads of every graph matching the subject, predicate and object
 * of WANT (0 = any; WANT[3] is not looked at): how many. */
size_t ng_sindex_count(const ng_sindex *x, const uint32_t want[4]);

#endif /* NG_STORE_INDEX_H */
