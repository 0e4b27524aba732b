/* store_bulk.h - batched writes into a staged copy of a hashes store
 * (store_bulk.c).  Not installed. */
#ifndef NG_STORE_BULK_H
#define NG_STORE_BULK_H

#include <redland.h>

#include "internal.h"

/* A batch of quads in librdf's own encoding, written into the five
 * Berkeley DB files of a staged generation in key order by
 * ng_bulk_write().  The files must not be open in librdf meanwhile. */
typedef struct ng_bulk ng_bulk;

/* A batch that reports full past MAX_BYTES of encoded quads and writes
 * through a Berkeley DB cache of CACHE_BYTES (one file open at a time).
 * NULL when out of memory. */
ng_bulk *ng_bulk_new(size_t max_bytes, size_t cache_bytes);
void ng_bulk_free(ng_bulk *b); /* NULL-safe */

/* The graph of the next ng_bulk_add() calls (encoded, so GRAPH stays the
 * caller's).  NG_ERR_NOMEM or NG_ERR_STORE (an unencodable node). */
ng_status ng_bulk_set_graph(ng_bulk *b, librdf_node *graph);
/* Queues ST (copied) in the current graph. */
ng_status ng_bulk_add(ng_bulk *b, librdf_statement *st);
/* 1 when quads of GRAPH wait in the batch, 0 when none do, -1 when GRAPH
 * cannot be encoded. */
int ng_bulk_has_graph(ng_bulk *b, librdf_node *graph);
/* Quads waiting, and whether the batch has reached its size. */
size_t ng_bulk_count(const ng_bulk *b);
int ng_bulk_full(const ng_bulk *b);
/* Drops the waiting quads. */
void ng_bulk_clear(ng_bulk *b);

/* Writes the waiting quads into DIR/newsgraph-*.db (NAMES, the five file
 * names in librdf's order sp2o, po2s, so2p, p2so, contexts) and empties
 * the batch.  A quad already in the files is left as it is.  On failure
 * the files may hold part of the batch (the caller drops the staged
 * copy); the Berkeley DB message goes to ERR. */
ng_status ng_bulk_write(ng_bulk *b, const char *dir,
                        const char *const names[5], char *err,
                        size_t err_len);

#endif /* NG_STORE_BULK_H */
