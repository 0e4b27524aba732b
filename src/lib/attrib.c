/* attrib.c - when, says who, and how sure.
 *
 * Dates: an event takes the nearest date expression of its own clause
 * (never the article date by default); a date after a reporting verb
 * ("a source revealed on Wednesday") dates the report, not the event;
 * "since", "until" and durations never date an event.
 * Attribution: "according to X", "X said / told / revealed ...", and
 * quotations; X is an actor of the article or an anonymous source ("a
 * political source"), which stays scoped to the article.
 * (Factuality and repeats are in modality.c.) */
#include <stdlib.h>

#include "lexicon.h"

typedef struct actx {
  ng_world *w;
  ng_doc *d;
  const ng_lexicon *lex;
  int32_t *mat;
} actx;

static ng_wclass wc(const actx *c, size_t i) {
  return ng_lexicon_word(c->lex, NG_TOK(c->d, i));
}

static int is_comma(const actx *c, size_t i) {
  const ng_token *t = NG_TOK(c->d, i);
  return (t->flags & NG_TF_PUNCT) && t->e - t->b == 1 &&
         c->d->text[t->b] == ',';
}

static int hard_stop(const actx *c, size_t i) {
  const ng_token *t = NG_TOK(c->d, i);
  if (!(t->flags & NG_TF_PUNCT) || t->e - t->b != 1)
    return 0;
  char ch = c->d->text[t->b];
  return ch == ';' || ch == ':';
}

/* Where a clause ends for what dates or places an event: a hard stop or
 * a reporting verb (a word of a name, "the United States", is none). */
static int clause_end(const actx *c, size_t i) {
  return hard_stop(c, i) || (c->mat[i] < 0 && (wc(c, i) & NG_WC_SAY));
}

/* ---- dates ---- */

static int datable(const ng_timex *x) {
  if (strcmp(x->type, "DATE") && strcmp(x->type, "TIME"))
    return 0;
  return x->value[0] >= '0' && x->value[0] <= '9';
}

/* The date a sentence opens with, as TX maps tokens to datable timexes:
 * the sentence's first words, or after a preposition ("On Monday", "In
 * 2019"); -1 when it opens with none.  A bound ("Since 2003") is not in
 * TX. */
static int32_t opening_date(const actx *c, const int32_t *tx,
                            const ng_sentence *s) {
  if (s->tb >= s->te)
    return -1;
  if (tx[s->tb] >= 0)
    return tx[s->tb];
  if (s->tb + 1 < s->te && c->mat[s->tb] < 0 &&
      (wc(c, s->tb) & NG_WC_PREP))
    return tx[s->tb + 1];
  return -1;
}

static void date_events(actx *c) {
  ng_doc *d = c->d;
  if (!d->timexes.n)
    return;
  /* timex starting at each token */
  int32_t *tx = malloc(sizeof(int32_t) * (d->tokens.n + 1));
  if (!tx) {
    ng_doc_fail(d, NG_ERR_NOMEM);
    return;
  }
  for (size_t i = 0; i <= d->tokens.n; i++)
    tx[i] = -1;
  for (size_t k = 0; k < d->timexes.n; k++) {
    ng_timex *x = NG_TIMEX(d, k);
    if (x->tb < d->tokens.n && datable(x)) {
      /* "since 2003", "until mid-July": a bound, not the event's date */
      if (x->tb > 0) {
        size_t p = x->tb - 1;
        if (ng_doc_key_is(c->d, NULL, p, "since") ||
            ng_doc_key_is(c->d, NULL, p, "until") ||
            ng_doc_key_is(c->d, NULL, p, "till") ||
            ng_doc_key_is(c->d, NULL, p, "through") ||
            ng_doc_key_is(c->d, NULL, p, "by") ||
            ng_doc_key_is(c->d, NULL, p, "from"))
          continue;
      }
      tx[x->tb] = (int32_t)k;
    }
  }
  for (size_t e = 0; e < d->events.n; e++) {
    ng_event *ev = NG_EVENT(d, e);
    ng_sentence *s = NG_SENT(d, ev->sent);
    int32_t best = -1;
    size_t best_dist = SIZE_MAX;
    /* inside the event's own words: "received, on Thursday, X" */
    for (size_t i = ev->tb; i < ev->te && best < 0; i++)
      if (tx[i] >= 0) {
        best = tx[i];
        best_dist = 0;
      }
    /* right: up to a reporting verb, a hard stop or a new clause */
    for (size_t i = ev->te; best < 0 && i < s->te; i++) {
      if (clause_end(c, i))
        break;
      if (is_comma(c, i) && i + 1 < s->te &&
          !(wc(c, i + 1) & (NG_WC_PREP | NG_WC_WEEKDAY | NG_WC_MONTH)) &&
          tx[i + 1] < 0)
        break;
      if (tx[i] >= 0) {
        best = tx[i];
        best_dist = i - ev->te;
        break;
      }
    }
    /* left: the clause before the trigger, up to a reporting verb */
    for (size_t i = ev->tb; best_dist && i-- > s->tb;) {
      if (clause_end(c, i))
        break;
      if (tx[i] >= 0) {
        if (ev->tb - i < best_dist)
          best = tx[i];
        break;
      }
    }
    /* a sentence that opens with a date ("On 28 April, ...", "Last
     * week ...") dates every event of it that has no date of its own */
    if (best < 0)
      best = opening_date(c, tx, s);
    ev->timex = best;
  }
  free(tx);
  /* A report goes on about the same occasion: an undated event in the
   * next sentences that shares an actor with a dated event takes its
   * date ("X received Y on Thursday ... X emphasised ... Y thanked"). */
  uint8_t *dated = calloc(d->sentences.n + 1, 1);
  if (!dated) {
    ng_doc_fail(d, NG_ERR_NOMEM);
    return;
  }
  for (size_t k = 0; k < d->timexes.n; k++) {
    ng_timex *x = NG_TIMEX(d, k);
    if (!strcmp(x->type, "DATE") && x->tb < d->tokens.n)
      dated[NG_TOK(d, x->tb)->sent] = 1;
  }
  for (size_t e = 0; e < d->events.n; e++) {
    ng_event *ev = NG_EVENT(d, e);
    /* a sentence with a date of its own has its own time frame */
    if (ev->timex >= 0 || dated[ev->sent])
      continue;
    for (size_t o = e; o-- > 0;) {
      const ng_event *prev = NG_EVENT(d, o);
      if (ev->sent - prev->sent > 5)
        break;
      if (prev->timex < 0 || prev->date_inherited || prev->sent == ev->sent ||
          strcmp(NG_TIMEX(d, prev->timex)->type, "DATE") ||
          strlen(NG_TIMEX(d, prev->timex)->value) != 10)
        continue;
      int shared = 0;
      for (uint8_t a = 0; a < ev->n_src + ev->n_tgt; a++) {
        int32_t x = a < ev->n_src ? ev->src[a] : ev->tgt[a - ev->n_src];
        for (uint8_t b = 0; b < prev->n_src + prev->n_tgt; b++)
          shared |= x == (b < prev->n_src ? prev->src[b]
                                          : prev->tgt[b - prev->n_src]);
      }
      if (shared) {
        ev->timex = prev->timex;
        ev->date_inherited = 1;
        break;
      }
    }
  }
  free(dated);
}

/* The calendar date a TIMEX3 value gives, into OUT (11 bytes): the value
 * itself when it is YYYY, YYYY-MM or YYYY-MM-DD, the day of a time
 * ("2024-06-27T10:35", "2024-06-27TMO"); 0 for anything else (a week, a
 * quarter, a season, a reference such as PAST_REF). */
static int calendar_date(const char *v, char *out) {
  size_t n = 0;
  while (n < 10 && v[n] &&
         ((v[n] >= '0' && v[n] <= '9') || ((n == 4 || n == 7) && v[n] == '-')))
    n++;
  if (!(n == 4 || n == 7 || n == 10) || (v[n] && !(n == 10 && v[n] == 'T')))
    return 0;
  memcpy(out, v, n);
  out[n] = '\0';
  return 1;
}

void ng_doc_settle_dates(ng_doc *d) {
  for (size_t e = 0; e < d->events.n; e++) {
    ng_event *ev = NG_EVENT(d, e);
    ev->date[0] = '\0';
    ev->date_basis = NG_DATE_NONE;
    if (ev->timex >= 0 &&
        calendar_date(NG_TIMEX(d, ev->timex)->value, ev->date)) {
      ev->date_basis = NG_DATE_TEXT;
    } else if (d->date[0]) {
      memcpy(ev->date, d->date, sizeof ev->date);
      ev->date_basis = NG_DATE_ARTICLE;
    }
  }
}

const char *ng_date_basis_name(ng_date_basis b) {
  switch (b) {
  case NG_DATE_TEXT:
    return "text";
  case NG_DATE_ARTICLE:
    return "article";
  case NG_DATE_NONE:
  default:
    return NULL;
  }
}

/* ---- places ---- */

/* The place of each event: the nearest place named in its clause ("in
 * Kirkuk", "from Iraq": a country or a city of the gazetteer named as a
 * place), after the trigger first, then before it; a reporting verb or
 * a hard stop ends the clause.  "Protesters in Basra demanded ..." and
 * "... attacked a base in Anbar on Monday" give Basra and Anbar. */
static const ng_mention *place_mention(const actx *c, size_t i) {
  int32_t x = c->mat[i];
  if (x < 0)
    return NULL;
  const ng_mention *m = NG_MENTION(c->d, x);
  return m->locative && m->iso3 ? m : NULL;
}

static void place_events(actx *c) {
  ng_doc *d = c->d;
  for (size_t e = 0; e < d->events.n; e++) {
    ng_event *ev = NG_EVENT(d, e);
    const ng_sentence *s = NG_SENT(d, ev->sent);
    const ng_mention *best = NULL;
    for (size_t i = ev->te; !best && i < s->te; i++) {
      if (clause_end(c, i))
        break;
      best = place_mention(c, i);
    }
    for (size_t i = ev->tb; !best && i-- > s->tb;) {
      if (clause_end(c, i))
        break;
      best = place_mention(c, i);
    }
    if (!best)
      continue;
    const ng_token *tb = NG_TOK(d, best->tb), *te = NG_TOK(d, best->te - 1);
    ev->place = ng_arena_strndup(&d->arena, d->text + tb->b, te->e - tb->b);
    if (!ev->place) {
      ng_doc_fail(d, NG_ERR_NOMEM);
      return;
    }
    ev->place_iso3 = best->iso3;
  }
}

/* ---- attribution ---- */

/* An anonymous source phrase ending at the source noun at I: "a
 * (senior) (political) source", "informed sources"; returns its first
 * token, or SIZE_MAX. */
static size_t anon_phrase(const actx *c, size_t i, size_t sb) {
  if (!(wc(c, i) & NG_WC_ANON) || c->mat[i] >= 0)
    return SIZE_MAX;
  size_t b = i;
  while (b > sb && b + 4 > i) {
    const ng_token *t = NG_TOK(c->d, b - 1);
    if (!(t->flags & NG_TF_WORD) || c->mat[b - 1] >= 0)
      break;
    ng_wclass k = wc(c, b - 1);
    if (k & (NG_WC_PREP | NG_WC_CONJ | NG_WC_SAY | NG_WC_AUX))
      break;
    b--;
    if (k & (NG_WC_DETERMINER | NG_WC_QUANT))
      break;
  }
  return b;
}

static int32_t add_attrib(actx *c, size_t tb, size_t te, int32_t entity,
                          size_t cue) {
  ng_doc *d = c->d;
  /* "the source" again: the same anonymous source as before */
  if (entity < 0 && ng_doc_key_is(c->d, NULL, tb, "the")) {
    for (size_t k = d->attribs.n; k-- > 0;) {
      ng_attrib *a = &NG_VEC_AT(&d->attribs, ng_attrib, k);
      if (a->entity < 0)
        return (int32_t)k;
    }
  }
  ng_attrib *a = ng_vec_push(&d->attribs, sizeof *a, NG_MAX_EVENTS);
  if (!a) {
    ng_doc_fail(d, d->attribs.n >= NG_MAX_EVENTS ? NG_ERR_LIMIT
                                                 : NG_ERR_NOMEM);
    return -1;
  }
  a->tb = (uint32_t)tb;
  a->te = (uint32_t)te;
  a->entity = entity;
  ng_token *tk = NG_TOK(d, cue);
  a->verb = ng_arena_strndup(&d->arena, d->text + tk->b, tk->e - tk->b);
  ng_token *b = NG_TOK(d, tb), *e = NG_TOK(d, te - 1);
  a->label = ng_arena_strndup(&d->arena, d->text + b->b, e->e - b->b);
  if (!a->verb || !a->label)
    ng_doc_fail(d, NG_ERR_NOMEM);
  return (int32_t)(d->attribs.n - 1);
}

/* The source phrase before a reporting verb at V. */
static int32_t source_before(actx *c, size_t v, size_t sb) {
  for (size_t i = v; i-- > sb && v - i < 12;) {
    if (c->mat[i] >= 0) {
      ng_mention *m = NG_MENTION(c->d, c->mat[i]);
      /* "The Red Cross operating in Iraq said": the place is not the
       * speaker; go on to the subject */
      if (m->locative || (m->tb > sb && (wc(c, m->tb - 1) & NG_WC_PREP))) {
        i = m->tb;
        continue;
      }
      if (m->entity >= 0 && m->kind != NG_MK_DEMONYM)
        return add_attrib(c, m->tb, m->te, m->entity, v);
      return -1;
    }
    size_t b = anon_phrase(c, i, sb);
    if (b != SIZE_MAX)
      return add_attrib(c, b, i + 1, -1, v);
    ng_wclass k = wc(c, i);
    const ng_token *t = NG_TOK(c->d, i);
    /* auxiliaries, adverbs, and a participle phrase ("operating in") */
    if (!(k & (NG_WC_AUX | NG_WC_NEGATION | NG_WC_PREP)) &&
        !(t->key_len > 2 && !memcmp(t->key + t->key_len - 2, "ly", 2)) &&
        !(t->key_len > 4 && !memcmp(t->key + t->key_len - 3, "ing", 3)))
      return -1;
  }
  return -1;
}

/* "according to X": X up to the next comma. */
static int32_t according_to(actx *c, size_t i, size_t se) {
  size_t b = i + 2, e = b;
  while (e < se && !is_comma(c, e) && !hard_stop(c, e) && e - b < 12)
    e++;
  if (e == b)
    return -1;
  /* a phrase that is exactly one actor: that actor */
  if (c->mat[b] >= 0 || (ng_doc_key_is(c->d, NULL, b, "the") && b + 1 < e &&
                         c->mat[b + 1] >= 0)) {
    size_t mb = c->mat[b] >= 0 ? b : b + 1;
    ng_mention *m = NG_MENTION(c->d, c->mat[mb]);
    if (m->te == e && m->entity >= 0)
      return add_attrib(c, b, e, m->entity, i);
  }
  return add_attrib(c, b, e, -1, i);
}

static void attribute_events(actx *c) {
  ng_doc *d = c->d;
  size_t ev = 0;
  int32_t quote_attr = -1;
  for (size_t si = 0; si < d->sentences.n; si++) {
    ng_sentence *s = NG_SENT(d, si);
    int32_t attr = -1;
    size_t cue = SIZE_MAX;
    int quote_open = 0, quoted_start = 0;
    for (size_t i = s->tb; i < s->te; i++) {
      ng_token *t = NG_TOK(d, i);
      if (t->flags & NG_TF_QUOTE) {
        quote_open = !quote_open;
        if (i == s->tb)
          quoted_start = 1;
      }
      if (attr >= 0)
        continue;
      if (ng_doc_key_is(c->d, NULL, i, "according") && i + 1 < s->te &&
          ng_doc_key_is(c->d, NULL, i + 1, "to")) {
        attr = according_to(c, i, s->te);
        cue = i;
      } else if ((wc(c, i) & NG_WC_SAY) && c->mat[i] < 0 && !quote_open) {
        attr = source_before(c, i, s->tb);
        if (attr < 0 && i + 1 < s->te) {
          /* inverted: "..., said the spokesman" */
          size_t j = i + 1;
          if (c->mat[j] >= 0) {
            ng_mention *m = NG_MENTION(d, c->mat[j]);
            if (m->entity >= 0)
              attr = add_attrib(c, m->tb, m->te, m->entity, i);
          } else {
            for (size_t k = j; k < s->te && k < j + 4; k++) {
              size_t b = anon_phrase(c, k, j);
              if (b != SIZE_MAX) {
                attr = add_attrib(c, b, k + 1, -1, i);
                break;
              }
            }
          }
        }
        if (attr >= 0)
          cue = i;
      }
    }
    /* a sentence that opens a quotation takes the attribution found
     * later in the quotation's sentence */
    if (attr < 0 && quoted_start && quote_attr >= 0)
      attr = quote_attr;
    for (; ev < d->events.n && NG_EVENT(d, ev)->sent <= si; ev++) {
      ng_event *e = NG_EVENT(d, ev);
      if (e->sent != si || attr < 0)
        continue;
      /* the reporting verb's own clause is not attributed to itself */
      if (cue != SIZE_MAX && e->tb == cue)
        continue;
      ng_attrib *a = &NG_VEC_AT(&d->attribs, ng_attrib, attr);
      int is_source = 0;
      for (uint8_t k = 0; k < e->n_src; k++)
        is_source |= a->entity >= 0 && e->src[k] == a->entity;
      if (!is_source)
        e->attrib = attr;
    }
    quote_attr = quote_open ? attr : -1;
  }
}

ng_status ng_stage_attrib(ng_world *w, ng_doc *d) {
  actx c = {w, d, w->lex, NULL};
  c.mat = malloc(sizeof(int32_t) * (d->tokens.n + 1));
  if (!c.mat)
    return NG_ERR_NOMEM;
  for (size_t i = 0; i <= d->tokens.n; i++)
    c.mat[i] = -1;
  for (size_t x = 0; x < d->mentions.n; x++) {
    ng_mention *m = NG_MENTION(d, x);
    for (size_t i = m->tb; i < m->te; i++)
      c.mat[i] = (int32_t)x;
  }
  date_events(&c);
  place_events(&c);
  attribute_events(&c);
  free(c.mat);
  return NG_OK;
}
