/* store_bulk.c - batched writes into a staged copy of a hashes store.
 *
 * librdf's hashes storage writes each quad into five Berkeley DB files
 * with one DB->put per file, through handles that have BDB's default
 * 256 KB cache: on a store of a few hundred MB nearly every put reads and
 * writes pages (perf, 196k quads: a quarter of the time in pread/pwrite,
 * another quarter in BDB's byte-by-byte key comparison).  Here quads wait
 * in a bounded batch, already encoded, and are written one file at a
 * time in that file's key order, through a handle of our own with a
 * large cache and a memcmp comparison: consecutive puts land on the same
 * pages.
 *
 * What is written is what librdf would write.  The node encodings come
 * from librdf_node_encode() and are joined the way
 * librdf_statement_encode_parts2() joins them (librdf 1.0.17,
 * rdf_statement.c): 'x', then 's' S, 'p' P, 'o' O for the fields asked,
 * then 'c' C when a context is given.  The files (rdf_storage_hashes.c,
 * librdf_storage_hashes_add_remove_statement and _context_add_statement):
 *
 *   sp2o      key x s S p P    value x o O c C
 *   po2s      key x p P o O    value x s S c C
 *   so2p      key x s S o O    value x p P c C
 *   p2so      key x p P        value x s S o O c C
 *   contexts  key C            value x s S p P o O
 *
 * Berkeley DB orders keys, and the values of a key in a file made with
 * sorted duplicates, by its default comparison: bytes as unsigned, then
 * the shorter first.  The memcmp comparison below is the same order, and
 * a comparison function is not recorded in the file, so librdf's own
 * handles read the result as if librdf had written it (tests/test_store.c
 * compares the files written both ways, pair by pair).  In a file with
 * unsorted duplicates (a store made before create_bdb_files() in
 * store.c) the values of a key keep the order they were added in, as
 * with librdf.
 */
#define _GNU_SOURCE /* qsort_r */

#include <db.h>
#include <stdlib.h>
#include <string.h>

#include "store_bulk.h"

/* librdf's statement fields (rdf_statement.h) */
#define F_S LIBRDF_STATEMENT_SUBJECT
#define F_P LIBRDF_STATEMENT_PREDICATE
#define F_O LIBRDF_STATEMENT_OBJECT
#define F_C 8 /* our mark for "the context follows" */

enum { PART_S, PART_P, PART_O, PART_C };

/* The five files in librdf's order: the fields of key and value, and the
 * parts in the order the file sorts them (contexts has a bare node as
 * key). */
static const struct {
  int key, value;
  int n_key;       /* parts of the key in ORDER */
  int order[4];
} layout[5] = {
    {F_S | F_P, F_O | F_C, 2, {PART_S, PART_P, PART_O, PART_C}},
    {F_P | F_O, F_S | F_C, 2, {PART_P, PART_O, PART_S, PART_C}},
    {F_S | F_O, F_P | F_C, 2, {PART_S, PART_O, PART_P, PART_C}},
    {F_P, F_S | F_O | F_C, 1, {PART_P, PART_S, PART_O, PART_C}},
    {0, F_S | F_P | F_O, 1, {PART_C, PART_S, PART_P, PART_O}}};

/* A distinct node of the batch: its encoding is in the batch's bytes.
 * librdf's node encodings carry their type and length first, so none is
 * a proper prefix of another: comparing the concatenations that make a
 * key or value is comparing their nodes one by one, and a node's rank in
 * byte order stands for it when sorting. */
typedef struct bulk_node {
  uint32_t off, len;
  uint32_t rank;
  uint32_t is_graph;
  uint64_t hash;
} bulk_node;

/* A quad: its nodes S, P, O, C (indexes into the nodes). */
typedef struct bulk_quad {
  uint32_t n[4];
} bulk_quad;

typedef struct seg {
  const unsigned char *p;
  size_t n;
} seg;

struct ng_bulk {
  unsigned char *bytes;  /* the distinct encodings */
  size_t n_bytes, cap_bytes, max_bytes;
  bulk_node *nodes;
  size_t n_nodes, cap_nodes;
  uint32_t *table;       /* node index + 1 by hash; 0 empty */
  size_t cap_table;
  bulk_quad *quads;
  size_t n_quads, cap_quads;
  size_t cache_bytes;
  unsigned char *scratch; /* one node being encoded */
  size_t cap_scratch;
  unsigned char *graph;  /* the current graph's encoding */
  size_t graph_len, graph_cap;
  int graph_queued;      /* and its node (graph_node) is in the batch */
  uint32_t graph_node;
  unsigned char *kbuf, *vbuf;
  size_t kcap, vcap;
};

ng_bulk *ng_bulk_new(size_t max_bytes, size_t cache_bytes) {
  ng_bulk *b = calloc(1, sizeof *b);
  if (!b)
    return NULL;
  b->max_bytes = max_bytes;
  b->cache_bytes = cache_bytes;
  return b;
}

void ng_bulk_free(ng_bulk *b) {
  if (!b)
    return;
  free(b->bytes);
  free(b->nodes);
  free(b->table);
  free(b->quads);
  free(b->scratch);
  free(b->graph);
  free(b->kbuf);
  free(b->vbuf);
  free(b);
}

size_t ng_bulk_count(const ng_bulk *b) { return b->n_quads; }

/* What the batch uses, with its node table and the two sort arrays of
 * 20 bytes a quad that ng_bulk_write() adds.  (The arrays grow by
 * doubling, so what is allocated can reach twice this.) */
int ng_bulk_full(const ng_bulk *b) {
  size_t used = b->n_bytes + b->n_nodes * (sizeof(bulk_node) + 8) +
                b->n_quads * (sizeof(bulk_quad) + 40);
  return used >= b->max_bytes;
}

void ng_bulk_clear(ng_bulk *b) {
  b->n_bytes = b->n_quads = b->n_nodes = 0;
  b->graph_queued = 0;
  if (b->table)
    memset(b->table, 0, b->cap_table * sizeof *b->table);
}

/* Grows *P (of *CAP elements of SIZE) to hold N; 0 when out of memory. */
static int grow(void **p, size_t *cap, size_t n, size_t size,
                size_t first) {
  if (n <= *cap)
    return 1;
  size_t c = *cap ? *cap : first;
  while (c < n)
    c *= 2;
  if (c > SIZE_MAX / size)
    return 0;
  void *q = realloc(*p, c * size);
  if (!q)
    return 0;
  *p = q;
  *cap = c;
  return 1;
}

/* librdf's encoding of NODE into *BUF (grown); its length, or 0. */
static size_t encode_node(librdf_node *node, unsigned char **buf,
                          size_t *cap, ng_status *st) {
  size_t n = node ? librdf_node_encode(node, NULL, 0) : 0;
  *st = NG_ERR_STORE;
  if (!n)
    return 0;
  if (!grow((void **)buf, cap, n, 1, 256)) {
    *st = NG_ERR_NOMEM;
    return 0;
  }
  if (librdf_node_encode(node, *buf, n) != n)
    return 0;
  *st = NG_OK;
  return n;
}

/* ---- the distinct nodes: a hash table of indexes ---- */

static uint64_t node_hash(const unsigned char *p, size_t n) {
  return ng_xxh64(p, n, 0x9e3779b97f4a7c15ULL);
}

/* The slot of the encoding P (N bytes, hash H): the node's, or the empty
 * one where it would go. */
static uint32_t *table_slot(const ng_bulk *b, const unsigned char *p,
                            size_t n, uint64_t h) {
  size_t mask = b->cap_table - 1;
  for (size_t j = (size_t)h & mask;; j = (j + 1) & mask) {
    uint32_t *e = &b->table[j];
    if (!*e)
      return e;
    const bulk_node *nd = &b->nodes[*e - 1];
    if (nd->hash == h && nd->len == n && !memcmp(b->bytes + nd->off, p, n))
      return e;
  }
}

static int table_grow(ng_bulk *b) {
  size_t cap = b->cap_table ? b->cap_table * 2 : 4096;
  uint32_t *t = calloc(cap, sizeof *t);
  if (!t)
    return 0;
  free(b->table);
  b->table = t;
  b->cap_table = cap;
  for (size_t i = 0; i < b->n_nodes; i++) {
    size_t j = (size_t)b->nodes[i].hash & (cap - 1);
    while (t[j])
      j = (j + 1) & (cap - 1);
    t[j] = (uint32_t)i + 1;
  }
  return 1;
}

/* The index of the node encoded as P (N bytes), added when new. */
static ng_status intern(ng_bulk *b, const unsigned char *p, size_t n,
                        uint32_t *out) {
  if ((b->n_nodes + 1) * 4 >= b->cap_table * 3 && !table_grow(b))
    return NG_ERR_NOMEM;
  uint64_t h = node_hash(p, n);
  uint32_t *e = table_slot(b, p, n, h);
  if (*e) {
    *out = *e - 1;
    return NG_OK;
  }
  if (n > UINT32_MAX - b->n_bytes || b->n_nodes >= UINT32_MAX - 1 ||
      !grow((void **)&b->bytes, &b->cap_bytes, b->n_bytes + n, 1,
            (size_t)1 << 16) ||
      !grow((void **)&b->nodes, &b->cap_nodes, b->n_nodes + 1,
            sizeof *b->nodes, 1024))
    return NG_ERR_NOMEM;
  memcpy(b->bytes + b->n_bytes, p, n);
  bulk_node *nd = &b->nodes[b->n_nodes];
  nd->off = (uint32_t)b->n_bytes;
  nd->len = (uint32_t)n;
  nd->hash = h;
  nd->rank = 0;
  nd->is_graph = 0;
  b->n_bytes += n;
  *out = (uint32_t)b->n_nodes;
  *e = (uint32_t)b->n_nodes + 1;
  b->n_nodes++;
  return NG_OK;
}

ng_status ng_bulk_set_graph(ng_bulk *b, librdf_node *graph) {
  ng_status st;
  b->graph_len = encode_node(graph, &b->graph, &b->graph_cap, &st);
  b->graph_queued = 0;
  return st;
}

int ng_bulk_has_graph(ng_bulk *b, librdf_node *graph) {
  if (!b->n_quads)
    return 0;
  ng_status st;
  size_t n = encode_node(graph, &b->scratch, &b->cap_scratch, &st);
  if (!n)
    return -1;
  uint32_t *e = table_slot(b, b->scratch, n, node_hash(b->scratch, n));
  return *e && b->nodes[*e - 1].is_graph;
}

static ng_status add_node(ng_bulk *b, librdf_node *node, uint32_t *out) {
  ng_status st;
  size_t n = encode_node(node, &b->scratch, &b->cap_scratch, &st);
  return n ? intern(b, b->scratch, n, out) : st;
}

ng_status ng_bulk_add(ng_bulk *b, librdf_statement *st) {
  if (!b->graph_len)
    return NG_ERR_STORE; /* no graph set */
  if (!grow((void **)&b->quads, &b->cap_quads, b->n_quads + 1,
            sizeof *b->quads, 1024))
    return NG_ERR_NOMEM;
  if (!b->graph_queued) {
    ng_status rc = intern(b, b->graph, b->graph_len, &b->graph_node);
    if (rc)
      return rc;
    b->nodes[b->graph_node].is_graph = 1;
    b->graph_queued = 1;
  }
  bulk_quad *q = &b->quads[b->n_quads];
  ng_status rc = add_node(b, librdf_statement_get_subject(st), &q->n[0]);
  if (!rc)
    rc = add_node(b, librdf_statement_get_predicate(st), &q->n[1]);
  if (!rc)
    rc = add_node(b, librdf_statement_get_object(st), &q->n[2]);
  if (rc)
    return rc; /* nodes interned meanwhile are harmless */
  q->n[3] = b->graph_node;
  b->n_quads++;
  return NG_OK;
}

/* ---- keys and values ---- */

static const unsigned char marks[] = "xspoc";

static seg node_seg(const ng_bulk *b, uint32_t i) {
  return (seg){b->bytes + b->nodes[i].off, b->nodes[i].len};
}

/* The segments of librdf's encoding of FIELDS of Q (see the top). */
static size_t encode_segs(const ng_bulk *b, const bulk_quad *q, int fields,
                          seg out[8]) {
  size_t n = 0;
  out[n++] = (seg){marks, 1};
  for (int part = PART_S; part <= PART_C; part++) {
    int bit = part == PART_C ? F_C : 1 << part;
    if (!(fields & bit))
      continue;
    out[n++] = (seg){marks + 1 + part, 1};
    out[n++] = node_seg(b, q->n[part]);
  }
  return n;
}

static size_t key_segs(const ng_bulk *b, const bulk_quad *q, int file,
                       seg out[8]) {
  if (!layout[file].key) { /* contexts: the bare node */
    out[0] = node_seg(b, q->n[PART_C]);
    return 1;
  }
  return encode_segs(b, q, layout[file].key, out);
}

/* Joins SEGS into *BUF (grown); the length, or 0 when out of memory. */
static size_t join(const seg *s, size_t n, unsigned char **buf,
                   size_t *cap) {
  size_t len = 0;
  for (size_t i = 0; i < n; i++)
    len += s[i].n;
  if (!grow((void **)buf, cap, len, 1, 256))
    return 0;
  unsigned char *w = *buf;
  for (size_t i = 0; i < n; i++) {
    memcpy(w, s[i].p, s[i].n);
    w += s[i].n;
  }
  return len;
}

/* ---- sorting ---- */

/* Berkeley DB's default order (__bam_defcmp): bytes as unsigned, then
 * the shorter first. */
static int bytes_cmp(const void *a, size_t an, const void *b, size_t bn) {
  size_t n = an < bn ? an : bn;
  int c = n ? memcmp(a, b, n) : 0;
  if (c)
    return c;
  return (an > bn) - (an < bn);
}

static int cmp_nodes(const void *pa, const void *pb, void *arg) {
  const ng_bulk *b = arg;
  const bulk_node *x = &b->nodes[*(const uint32_t *)pa];
  const bulk_node *y = &b->nodes[*(const uint32_t *)pb];
  return bytes_cmp(b->bytes + x->off, x->len, b->bytes + y->off, y->len);
}

/* Gives each node its rank in byte order.  ORDER: room for the nodes. */
static void rank_nodes(ng_bulk *b, uint32_t *order) {
  for (size_t i = 0; i < b->n_nodes; i++)
    order[i] = (uint32_t)i;
  qsort_r(order, b->n_nodes, sizeof *order, cmp_nodes, b);
  for (size_t i = 0; i < b->n_nodes; i++)
    b->nodes[order[i]].rank = (uint32_t)i;
}

/* One put of a file: the ranks of its parts in the file's order (the
 * value's left out for unsorted duplicates), and the quad. */
typedef struct entry {
  uint32_t r[4];
  uint32_t q;
} entry;

#define RADIX (1u << 16)

/* Sorts the N entries of E (TMP: room for as many) by their first N_R
 * ranks, ties in input order: a stable radix sort, 16 bits a pass from
 * the last rank to the first (MAX_RANK bounds the ranks).  glibc's qsort
 * copies 20-byte entries with memcpy calls and was a tenth of a load.
 * COUNTS: room for RADIX.  The result is in E. */
static void radix_sort(entry *e, entry *tmp, size_t *counts, size_t n,
                       int n_r, uint32_t max_rank) {
  int passes_per_rank = max_rank >= RADIX ? 2 : 1;
  entry *src = e, *dst = tmp;
  for (int k = n_r - 1; k >= 0; k--) {
    for (int d = 0; d < passes_per_rank; d++) {
      int shift = 16 * d;
      memset(counts, 0, RADIX * sizeof *counts);
      for (size_t i = 0; i < n; i++)
        counts[(src[i].r[k] >> shift) & 0xffff]++;
      size_t sum = 0;
      for (size_t i = 0; i < RADIX; i++) {
        size_t c = counts[i];
        counts[i] = sum;
        sum += c;
      }
      for (size_t i = 0; i < n; i++)
        dst[counts[(src[i].r[k] >> shift) & 0xffff]++] = src[i];
      entry *t = src;
      src = dst;
      dst = t;
    }
  }
  if (src != e)
    memcpy(e, src, n * sizeof *e);
}

static void sort_entries(const ng_bulk *b, int file, int by_value,
                         entry *e, entry *tmp, size_t *counts) {
  int n = by_value ? 4 : layout[file].n_key;
  for (size_t i = 0; i < b->n_quads; i++) {
    const bulk_quad *q = &b->quads[i];
    for (int k = 0; k < 4; k++)
      e[i].r[k] = k < n ? b->nodes[q->n[layout[file].order[k]]].rank : 0;
    e[i].q = (uint32_t)i;
  }
  radix_sort(e, tmp, counts, b->n_quads, n, (uint32_t)b->n_nodes);
}

/* ---- writing ---- */

/* Berkeley DB's default order, with memcmp (its own compares a byte at
 * a time). */
static int bdb_cmp(DB *db, const DBT *a, const DBT *b) {
  (void)db;
  return bytes_cmp(a->data, a->size, b->data, b->size);
}

/* The duplicate flags of the file PATH (read from its metadata). */
static int file_flags(const char *path, u_int32_t *flags, char *err,
                      size_t err_len) {
  DB *db = NULL;
  int ret = db_create(&db, NULL, 0);
  if (!ret)
    ret = db->open(db, NULL, path, NULL, DB_BTREE, DB_RDONLY, 0);
  if (!ret)
    ret = db->get_flags(db, flags);
  if (db)
    db->close(db, 0);
  if (ret)
    snprintf(err, err_len, "%s: %s", path, db_strerror(ret));
  return ret;
}

/* Opens PATH for our writes: large cache, memcmp comparisons. */
static int open_file(ng_bulk *b, const char *path, int dupsort, DB **out,
                     char *err, size_t err_len) {
  DB *db = NULL;
  int ret = db_create(&db, NULL, 0);
  if (!ret)
    ret = db->set_cachesize(db, 0, (u_int32_t)b->cache_bytes, 1);
  if (!ret)
    ret = db->set_bt_compare(db, bdb_cmp);
  if (!ret && dupsort)
    ret = db->set_dup_compare(db, bdb_cmp);
  if (!ret)
    ret = db->open(db, NULL, path, NULL, DB_BTREE, 0, 0);
  if (ret) {
    snprintf(err, err_len, "%s: %s", path, db_strerror(ret));
    if (db)
      db->close(db, 0);
    return ret;
  }
  *out = db;
  return 0;
}

/* Puts the batch into one file, in the file's order.  E: room for an
 * entry per quad. */
static ng_status write_file(ng_bulk *b, int file, const char *path,
                            entry *e, entry *tmp, size_t *counts,
                            char *err, size_t err_len) {
  u_int32_t flags = 0;
  if (file_flags(path, &flags, err, err_len))
    return NG_ERR_STORE;
  int dupsort = (flags & DB_DUPSORT) != 0;
  sort_entries(b, file, dupsort, e, tmp, counts);

  DB *db = NULL; /* set by open_file on success */
  if (open_file(b, path, dupsort, &db, err, err_len))
    return NG_ERR_STORE;
  ng_status st = NG_OK;
  DBT k, v;
  memset(&k, 0, sizeof k);
  memset(&v, 0, sizeof v);
  for (size_t i = 0; i < b->n_quads && !st; i++) {
    const bulk_quad *q = &b->quads[e[i].q];
    seg s[8];
    int same_key = i > 0 && !memcmp(e[i].r, e[i - 1].r,
                                    sizeof(uint32_t) * layout[file].n_key);
    if (!same_key) {
      k.size = (u_int32_t)join(s, key_segs(b, q, file, s), &b->kbuf,
                               &b->kcap);
      k.data = b->kbuf;
    }
    v.size = (u_int32_t)join(s, encode_segs(b, q, layout[file].value, s),
                             &b->vbuf, &b->vcap);
    v.data = b->vbuf;
    if (!k.size || !v.size) {
      st = NG_ERR_NOMEM;
      break;
    }
    /* an exact pair already there (sorted duplicates refuse it) is the
     * quad already stored */
    int ret = db->put(db, NULL, &k, &v, 0);
    if (ret && ret != DB_KEYEXIST) {
      snprintf(err, err_len, "%s: %s", path, db_strerror(ret));
      st = NG_ERR_STORE;
    }
  }
  int ret = db->close(db, 0); /* writes the cache back */
  if (ret && !st) {
    snprintf(err, err_len, "%s: %s", path, db_strerror(ret));
    st = NG_ERR_STORE;
  }
  return st;
}

ng_status ng_bulk_write(ng_bulk *b, const char *dir,
                        const char *const names[5], char *err,
                        size_t err_len) {
  err[0] = '\0';
  if (!b->n_quads)
    return NG_OK;
  size_t n = b->n_quads > b->n_nodes ? b->n_quads : b->n_nodes;
  entry *e = malloc(n * sizeof *e);
  entry *tmp = malloc(b->n_quads * sizeof *tmp);
  size_t *counts = malloc(RADIX * sizeof *counts);
  if (!e || !tmp || !counts) {
    free(e);
    free(tmp);
    free(counts);
    return NG_ERR_NOMEM;
  }
  /* the nodes' order first: the entries' room serves */
  rank_nodes(b, (uint32_t *)(void *)e);
  ng_status st = NG_OK;
  size_t dl = strlen(dir);
  for (int file = 0; file < 5 && !st; file++) {
    size_t nl = strlen(names[file]);
    char *path = malloc(dl + nl + 2);
    if (!path) {
      st = NG_ERR_NOMEM;
      break;
    }
    memcpy(path, dir, dl);
    path[dl] = '/';
    memcpy(path + dl + 1, names[file], nl + 1);
    st = write_file(b, file, path, e, tmp, counts, err, err_len);
    free(path);
  }
  free(e);
  free(tmp);
  free(counts);
  ng_bulk_clear(b);
  return st;
}
