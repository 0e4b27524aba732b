/* counts.c - sizes of an analysed document, for statistics (extract
 * --stats, the benchmark). */
#include "doc.h"

ng_status ng_doc_get_counts(const ng_doc *d, ng_doc_counts *out) {
  if (!d || !out)
    return NG_ERR_ARG;
  memset(out, 0, sizeof *out);
  /* a word is a run of characters between white space: the first token
   * and every token with white space before it start one */
  for (size_t i = 0; i < d->tokens.n; i++)
    if (i == 0 || (NG_TOK(d, i)->flags & NG_TF_SPACE))
      out->words++;
  out->tokens = d->tokens.n;
  out->sentences = d->sentences.n;
  out->actors = d->entities.n;
  out->events = d->events.n;
  return NG_OK;
}
