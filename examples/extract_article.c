/* extract_article.c - the smallest program that uses libnewsgraph:
 * reads one article (plain text), extracts its actors and events, and
 * prints who did what to whom, then the graph as Turtle.
 *
 *   cc -o extract_article extract_article.c \
 *      $(pkg-config --cflags --libs newsgraph)
 *   NEWSGRAPH_DATA_DIR=$(pkg-config --variable=pkgdatadir newsgraph) \
 *      ./extract_article article.txt 2024-06-27
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <newsgraph/newsgraph.h>

static void on_log(void *user, const ng_log_message *m) {
  (void)user;
  if (m->level >= NG_LOG_WARN)
    fprintf(stderr, "%s: %s\n", m->stage, m->text);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s ARTICLE.txt [YYYY-MM-DD]\n", argv[0]);
    return 2;
  }
  /* the article's text */
  FILE *fp = fopen(argv[1], "rb");
  static char text[1 << 20];
  size_t len = fp ? fread(text, 1, sizeof text, fp) : 0;
  if (!fp || ferror(fp)) {
    perror(argv[1]);
    return 1;
  }
  fclose(fp);

  /* the world: dictionaries from the installed data directory */
  const char *data = getenv("NEWSGRAPH_DATA_DIR");
  ng_world *w = ng_world_new();
  if (!w)
    return 1;
  ng_world_set_log_handler(w, on_log, NULL);
  ng_status st = ng_world_set_data_dir(w, data ? data : "data");
  if (!st)
    st = ng_world_open(w);

  ng_article *a = ng_article_new();
  ng_doc *doc = NULL;
  if (!st)
    st = a ? ng_article_set(w, a, NG_FIELD_ID, "example", 7) : NG_ERR_NOMEM;
  if (!st)
    st = ng_article_set(w, a, NG_FIELD_TEXT, text, len);
  if (!st && argc > 2)
    st = ng_article_set(w, a, NG_FIELD_DATE, argv[2], strlen(argv[2]));
  if (!st)
    st = ng_extract(w, a, &doc);

  /* who did what to whom */
  for (size_t i = 0; !st && i < ng_doc_event_count(doc); i++) {
    ng_event_view e;
    ng_actor_view src, tgt;
    if (ng_doc_event(doc, i, &e) || e.repeat_of >= 0 || !e.n_sources)
      continue;
    ng_doc_actor(doc, e.sources[0], &src);
    printf("%s  %s -[%s %s]-> %s\n", e.date ? e.date : "----------", src.label,
           e.cameo, e.plover ? e.plover : "",
           e.n_targets && !ng_doc_actor(doc, e.targets[0], &tgt)
               ? tgt.label
               : "(no target)");
  }

  /* the graph */
  ng_writer *wr = NULL;
  if (!st)
    st = ng_writer_new(w, NG_FORMAT_TURTLE, stdout, &wr);
  if (!st)
    st = ng_writer_add(wr, doc);
  if (!st)
    st = ng_writer_finish(wr);
  if (st)
    fprintf(stderr, "newsgraph: %s\n", ng_status_string(st));
  ng_writer_free(wr);
  ng_doc_free(doc);
  ng_article_free(a);
  ng_world_free(w);
  return st ? 1 : 0;
}
