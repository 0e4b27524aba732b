/* fuzz_actors.c - a user actor file (ng_world_add_actor_file, the format
 * of data/actors/ *.tsv) over arbitrary bytes.  ng_world_open must load
 * it or refuse it with NG_ERR_DATA; a world that opens must then look up
 * names and extract articles whose actors come from the file (their
 * keys and labels reach IRIs and literals) without a crash and with a
 * valid graph.  Each input gets a fresh world on a cut copy of data/
 * (fuzz_data.h).
 *
 * Seeds: tests/fuzz/corpus/actors/. */
#include "fuzz_data.h"

static void on_hit(void *ud, const ng_lookup_hit *h) {
  (void)ud;
  if (!h->key || !h->type || !h->label || h->begin > h->end)
    fz_fail("a lookup hit without a key, type or label", "", 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fzd_init();
  fzd_put("user.tsv", data, size);
  char path[600];
  fzd_join(path, sizeof path, fzd_work, "user.tsv");
  ng_world *w = ng_world_new();
  if (!w)
    return 0;
  ng_world_set_log_handler(w, fz_log, NULL);
  ng_status st = ng_world_set_data_dir(w, fzd_work);
  if (!st)
    st = ng_world_add_actor_file(w, path);
  if (!st)
    st = ng_world_open(w);
  if (st && st != NG_ERR_DATA)
    fz_fail("ng_world_open: unexpected status", ng_status_string(st),
            strlen(ng_status_string(st)));
  if (!st) {
    /* look up the input's first line, as `newsgraph actors lookup` */
    const char *s = (const char *)data;
    const char *nl = memchr(s, '\n', size);
    size_t n = nl ? (size_t)(nl - s) : size;
    char *name = ng_strndup(s, n);
    if (name && ng_utf8_valid(name, n, NULL)) {
      if (ng_actors_lookup(w, name, "2024-06-27", on_hit, NULL) ||
          ng_actors_lookup(w, name, NULL, on_hit, NULL))
        fz_fail("ng_actors_lookup failed on valid text", name, n);
    }
    free(name);
    fzd_extract(w, data, size);
  }
  ng_world_free(w);
  return 0;
}
