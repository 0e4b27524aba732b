/* extract.c - the pipeline: a doc from an article, then each stage in
 * turn; and the read-only views of the result. */
#include <stdlib.h>

#include "iri.h"
#include "kb.h"
#include "lexicon.h"

static const char *field_dup(ng_doc *d, const ng_article *a, ng_field f) {
  size_t n;
  const char *v = ng_article_get(a, f, &n);
  return v ? ng_arena_strndup(&d->arena, v, n) : NULL;
}

ng_status ng_doc_new(ng_world *w, const ng_article *a, ng_doc **out) {
  *out = NULL;
  size_t n;
  const char *text = ng_article_get(a, NG_FIELD_TEXT, &n);
  const char *id = ng_article_get(a, NG_FIELD_ID, NULL);
  if (!text || !id || !*id) {
    ng_log(w, NG_LOG_ERROR, NG_ERR_INPUT, "extract", 0, 0,
           "an article needs an id and a text");
    return NG_ERR_INPUT;
  }
  ng_doc *d = calloc(1, sizeof *d);
  if (!d)
    return NG_ERR_NOMEM;
  d->world = w;
  d->publisher = -1;
  ng_arena_init(&d->arena, 0);
  d->id = field_dup(d, a, NG_FIELD_ID);
  d->text = field_dup(d, a, NG_FIELD_TEXT);
  d->len = n;
  d->url = field_dup(d, a, NG_FIELD_URL);
  d->title = field_dup(d, a, NG_FIELD_TITLE);
  d->source = field_dup(d, a, NG_FIELD_SOURCE);
  size_t dl;
  const char *date = ng_article_get(a, NG_FIELD_DATE, &dl);
  if (date && ng_date_parse_ymd(date, dl, &d->year, &d->month, &d->day))
    memcpy(d->date, date, 10);
  d->iri = d->id ? ng_iri_article(w, &d->arena, d->id) : NULL;
  if (!d->id || !d->text || !d->iri ||
      (ng_article_get(a, NG_FIELD_URL, NULL) && !d->url) ||
      (ng_article_get(a, NG_FIELD_TITLE, NULL) && !d->title) ||
      (ng_article_get(a, NG_FIELD_SOURCE, NULL) && !d->source)) {
    ng_doc_free(d);
    return NG_ERR_NOMEM;
  }
  d->n_cp = ng_utf8_count(d->text, d->len);
  *out = d;
  return NG_OK;
}

void ng_doc_free(ng_doc *d) {
  if (!d)
    return;
  for (size_t i = 0; i < d->entities.n; i++) {
    ng_entity *e = NG_ENTITY(d, i);
    ng_vec_free(&e->aliases);
    ng_vec_free(&e->name_keys);
    ng_vec_free(&e->posts);
  }
  for (size_t i = 0; i < d->events.n; i++)
    ng_vec_free(&NG_EVENT(d, i)->extra_evidence);
  ng_vec_free(&d->tokens);
  ng_vec_free(&d->deps);
  ng_vec_free(&d->sentences);
  ng_vec_free(&d->timexes);
  ng_vec_free(&d->mentions);
  ng_vec_free(&d->entities);
  ng_vec_free(&d->events);
  ng_vec_free(&d->attribs);
  ng_arena_free(&d->arena);
  free(d);
}

/* The publisher: the article's "source" field when it names a known
 * media actor of the article, else the media actor of the dateline (a
 * media name in the first sentences, "Shafaq News/ ..."). */
static void find_publisher(ng_doc *d) {
  for (size_t x = 0; x < d->entities.n; x++) {
    ng_entity *e = NG_ENTITY(d, x);
    if (e->type != NG_AT_MEDIA)
      continue;
    if (d->source) {
      for (size_t k = 0; k < e->aliases.n; k++)
        if (!strcmp(NG_VEC_AT(&e->aliases, const char *, k), d->source)) {
          d->publisher = (int32_t)x;
          return;
        }
      if (e->label && !strcmp(e->label, d->source)) {
        d->publisher = (int32_t)x;
        return;
      }
    }
  }
  /* a dateline: a media mention in the first two sentences, right at a
   * line start or after the first token */
  for (size_t mi = 0; mi < d->mentions.n; mi++) {
    ng_mention *m = NG_MENTION(d, mi);
    if (NG_TOK(d, m->tb)->sent > 1)
      break;
    if (m->entity < 0 || NG_ENTITY(d, m->entity)->type != NG_AT_MEDIA)
      continue;
    ng_token *t = NG_TOK(d, m->tb);
    if (m->tb == 0 || (t->flags & NG_TF_NEWLINE)) {
      d->publisher = m->entity;
      return;
    }
  }
}

ng_status ng_extract(ng_world *w, const ng_article *a, ng_doc **out) {
  return ng_extract_with(w, a, NULL, NULL, out);
}

ng_status ng_extract_with(ng_world *w, const ng_article *a,
                          ng_syntax_fn syntax, void *syntax_ctx,
                          ng_doc **out) {
  if (!w || !a || !out)
    return NG_ERR_ARG;
  *out = NULL;
  if (!w->opened) {
    ng_log(w, NG_LOG_ERROR, NG_ERR_ARG, "extract", 0, 0,
           "the world is not open (call ng_world_open first)");
    return NG_ERR_ARG;
  }
  ng_doc *d;
  ng_status st = ng_doc_new(w, a, &d);
  if (st)
    return st;
  if (!st)
    st = ng_stage_tokens(w, d);
  if (!st)
    st = ng_stage_sentences(w, d);
  if (!st)
    st = ng_stage_timex(w, d);
  if (!st)
    st = ng_stage_mentions(w, d);
  /* the parse in two calls: after the mentions, the sentences with a
   * post noun beside a name (actor_tree.c reads them); after
   * coreference, those naming two actors (only they can give the tree
   * coder an event).  A caller's parse fills every sentence at once. */
  if (!st)
    st = syntax ? syntax(w, d, syntax_ctx) : ng_stage_syntax(w, d);
  if (!st)
    st = ng_stage_actor_tree(w, d);
  if (!st)
    st = ng_stage_coref(w, d);
  if (!st && !syntax)
    st = ng_stage_syntax(w, d);
  if (!st)
    st = ng_stage_events(w, d);
  if (!st)
    st = ng_stage_attrib(w, d);
  if (!st)
    st = ng_stage_modality(w, d);
  /* a helper of some stage failed where it could not say so */
  if (!st && d->err) {
    st = d->err;
    ng_log(w, NG_LOG_ERROR, st, "extract", 0, 0, "%s", ng_status_string(st));
  }
  if (!st) {
    ng_doc_settle_dates(d);
    find_publisher(d);
    for (size_t x = 0; x < d->entities.n && !st; x++) {
      ng_entity *e = NG_ENTITY(d, x);
      e->iri = ng_iri_entity(w, d, e);
      if (!e->iri)
        st = NG_ERR_NOMEM;
    }
    for (size_t x = 0; x < d->events.n && !st; x++) {
      ng_event *e = NG_EVENT(d, x);
      e->iri = ng_arena_printf(&d->arena, "%s/e/%zu", d->iri, x);
      if (!e->iri)
        st = NG_ERR_NOMEM;
    }
  }
  if (st) {
    ng_doc_free(d);
    return st;
  }
  *out = d;
  return NG_OK;
}

const char *ng_doc_iri(const ng_doc *d) { return d ? d->iri : NULL; }

size_t ng_doc_actor_count(const ng_doc *d) { return d ? d->entities.n : 0; }

ng_status ng_doc_actor(const ng_doc *d, size_t i, ng_actor_view *out) {
  if (!d || !out || i >= d->entities.n)
    return NG_ERR_ARG;
  const ng_entity *e = NG_ENTITY(d, i);
  out->iri = e->iri;
  out->type = ng_actor_type_name((ng_actor_type)e->type);
  out->label = e->label;
  out->iso3 = e->iso3;
  out->cameo = e->cameo;
  out->wikidata = e->qid;
  out->mentions = e->n_mentions;
  return NG_OK;
}

size_t ng_doc_event_count(const ng_doc *d) { return d ? d->events.n : 0; }

ng_status ng_doc_event(const ng_doc *d, size_t i, ng_event_view *out) {
  if (!d || !out || i >= d->events.n)
    return NG_ERR_ARG;
  const ng_event *e = NG_EVENT(d, i);
  out->iri = e->iri;
  out->repeat_of = e->dup_of;
  out->cameo = e->cameo;
  out->plover = e->plover;
  out->quad_class = e->quad;
  out->n_sources = e->n_src;
  out->n_targets = e->n_tgt;
  for (uint8_t k = 0; k < e->n_src; k++)
    out->sources[k] = (size_t)e->src[k];
  for (uint8_t k = 0; k < e->n_tgt; k++)
    out->targets[k] = (size_t)e->tgt[k];
  out->date = e->date[0] ? e->date : NULL;
  out->date_basis = ng_date_basis_name((ng_date_basis)e->date_basis);
  out->place = e->place;
  out->place_iso3 = e->place ? e->place_iso3 : NULL;
  out->factuality = ng_factuality_name((ng_factuality)e->factuality);
  out->pattern = e->pattern;
  const ng_sentence *s = NG_SENT(d, e->sent);
  out->evidence = d->text + s->b;
  out->evidence_len = s->e - s->b;
  out->begin = s->cb;
  out->end = s->ce;
  return NG_OK;
}
