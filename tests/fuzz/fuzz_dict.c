/* fuzz_dict.c - the dictionary loaders over arbitrary bytes: the first
 * byte picks a file of data/ (the lexicon's word lists and phrase
 * tables, countries, the CAMEO code table, the event patterns, verb
 * forms and synonym sets), the rest replaces it.  ng_world_open must
 * load it or refuse it with NG_ERR_DATA, naming the file; a world that
 * opens must extract articles without a crash and with a valid graph.
 *
 * Seeds: tests/fuzz/corpus/dict/ (byte 0 indexes fzd_files, fuzz_data.h). */
#include "fuzz_data.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!size)
    return 0;
  fzd_init();
  const char *name = fzd_files[data[0] % NG_ARRAY_LEN(fzd_files)];
  char base[600];
  struct stat sb;
  fzd_join(base, sizeof base, fzd_base, name);
  if (stat(base, &sb))
    return 0; /* not a file of this data directory */
  fzd_put(name, data + 1, size - 1);
  ng_world *w = ng_world_new();
  if (!w) {
    fzd_restore(name);
    return 0;
  }
  ng_world_set_log_handler(w, fz_log, NULL);
  ng_status st = ng_world_set_data_dir(w, fzd_work);
  if (!st)
    st = ng_world_open(w);
  if (st && st != NG_ERR_DATA)
    fz_fail("ng_world_open: unexpected status", ng_status_string(st),
            strlen(ng_status_string(st)));
  if (!st)
    fzd_extract(w, data + 1, size - 1);
  ng_world_free(w);
  fzd_restore(name);
  return 0;
}
