/* match.c - a trigger's dictionary patterns read against the tree.
 *
 * The patterns of the event dictionary are word sequences around the
 * verb (see data/events/README.md).  Here their words must stand in the
 * trigger's own clause: the trigger's subtree without its subject,
 * clausal complements, adverbial and relative clauses, conjuncts and
 * parataxis (so "said ... talks with" never joins two clauses), and for
 * the words before the trigger also its subject.  A + or $ right after a
 * preposition the pattern names is the nominal that preposition governs
 * ("clashed with the rebels": obl:with); a bare + is the object or the
 * indirect object.  Linear in the clause per pattern element. */
#include <stdlib.h>

#include "event/coder.h"

enum { IN_CLAUSE = 1, IN_SUBJECT = 2 };

ng_status ng_tree_coder_init(ng_tree_coder *c, const ng_doc *d,
                             const ng_evdict *ev, const ng_lexicon *lex,
                             const int32_t *mat) {
  memset(c, 0, sizeof *c);
  ng_status st = ng_tree_init(&c->tree, d, lex);
  if (st)
    return st;
  size_t cells = d->tokens.n ? d->tokens.n : 1;
  c->mark = calloc(cells, 1);
  c->marked = malloc(sizeof(int32_t) * cells);
  if (!c->mark || !c->marked) {
    ng_tree_coder_free(c);
    return NG_ERR_NOMEM;
  }
  c->ev = ev;
  c->mat = mat;
  return NG_OK;
}

void ng_tree_coder_free(ng_tree_coder *c) {
  if (!c)
    return;
  ng_tree_free(&c->tree);
  free(c->mark);
  free(c->marked);
  c->mark = NULL;
  c->marked = NULL;
}

size_t ng_tree_trigger_node(const ng_tree_coder *c, size_t tb, size_t te) {
  for (size_t i = tb; i < te; i++) {
    int32_t h = ng_tree_head(&c->tree, i);
    if (h < (int32_t)tb || h >= (int32_t)te)
      return i;
  }
  return tb;
}

/* Dependents that open a clause (or an actor) of their own. */
static int clause_edge(ng_deprel r, int noun) {
  switch (r) {
  case NG_DEP_NSUBJ: case NG_DEP_NSUBJ_PASS: case NG_DEP_CSUBJ:
  case NG_DEP_CSUBJ_PASS: case NG_DEP_CCOMP: case NG_DEP_XCOMP:
  case NG_DEP_ADVCL: case NG_DEP_ACL_RELCL: case NG_DEP_CONJ:
  case NG_DEP_PARATAXIS: case NG_DEP_PUNCT: case NG_DEP_LIST:
  case NG_DEP_DISLOCATED: case NG_DEP_VOCATIVE:
    return 1;
  case NG_DEP_ACL: case NG_DEP_APPOS:
    return noun;
  default:
    return 0;
  }
}

/* Marks the subtree of ROOT with VALUE, not crossing clause edges (the
 * root's own edges only when SUBJECT is 0).  The marked list is the
 * queue. */
static void mark_from(ng_tree_coder *c, size_t root, uint8_t value,
                      int noun, int whole) {
  if (c->mark[root])
    return;
  size_t q = c->n_marked;
  c->mark[root] = value;
  c->marked[c->n_marked++] = (int32_t)root;
  for (; q < c->n_marked; q++) {
    int32_t x = c->marked[q];
    for (int32_t k = c->tree.kid[x]; k >= 0; k = c->tree.sib[k]) {
      if (c->mark[k])
        continue;
      if (!whole && clause_edge(ng_tree_rel(&c->tree, (size_t)k), noun))
        continue;
      c->mark[k] = value;
      c->marked[c->n_marked++] = k;
    }
  }
}

static int cmp_i32(const void *a, const void *b) {
  int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
  return (x > y) - (x < y);
}

static void clear_marks(ng_tree_coder *c) {
  for (size_t k = 0; k < c->n_marked; k++)
    c->mark[c->marked[k]] = 0;
  c->n_marked = 0;
}

/* Climbs from token I over the relations inside a noun phrase to the
 * phrase's head. */
static size_t phrase_head(const ng_tree *t, size_t i) {
  for (int guard = 0; guard < 8; guard++) {
    ng_deprel r = ng_tree_rel(t, i);
    int32_t h = ng_tree_head(t, i);
    if (h < 0)
      break;
    if (r != NG_DEP_COMPOUND && r != NG_DEP_FLAT && r != NG_DEP_AMOD &&
        r != NG_DEP_APPOS && r != NG_DEP_CONJ && r != NG_DEP_NUMMOD &&
        r != NG_DEP_NMOD_POSS && r != NG_DEP_DET)
      break;
    i = (size_t)h;
  }
  return i;
}

/* Is token I (the phrase it heads) an object of the trigger? */
static int object_of_trigger(const ng_tree_coder *c, size_t i, size_t tb,
                             size_t te) {
  size_t a = phrase_head(&c->tree, i);
  ng_deprel r = ng_tree_rel(&c->tree, a);
  int32_t h = ng_tree_head(&c->tree, a);
  return (r == NG_DEP_OBJ || r == NG_DEP_IOBJ) && h >= (int32_t)tb &&
         h < (int32_t)te;
}

typedef struct cursor {
  const int32_t *toks; /* the clause, in text order */
  size_t n;
} cursor;

static int match_post(ng_tree_coder *c, const ng_pattern *p, size_t tb,
                      size_t te, const cursor *cl, ng_tree_match *m) {
  const ng_token *toks = NG_TOK(c->tree.d, 0);
  size_t pos = te;
  int contiguous = 0;
  int32_t prep = -1; /* the preposition the last word element matched */
  for (uint8_t k = 0; k < p->n_post; k++) {
    const ng_pe *e = &p->post[k];
    int32_t was_prep = prep;
    prep = -1;
    switch (e->kind) {
    case NG_PE_OPEN:
      contiguous = 1;
      prep = was_prep;
      continue;
    case NG_PE_CLOSE:
      contiguous = 0;
      prep = was_prep;
      continue;
    case NG_PE_SKIP: {
      /* an actor that is neither role */
      size_t j = 0;
      while (j < cl->n && ((size_t)cl->toks[j] < pos ||
                           c->mat[cl->toks[j]] < 0))
        j++;
      if (j == cl->n)
        return 0;
      const ng_mention *mm = NG_MENTION(c->tree.d, c->mat[cl->toks[j]]);
      pos = mm->te;
      continue;
    }
    case NG_PE_POSS:
      return 0; /* (a possessive after the trigger: none in the tree) */
    case NG_PE_SRC:
    case NG_PE_TGT: {
      int32_t tok = -1;
      if (was_prep >= 0) {
        /* the nominal the preposition governs */
        int32_t h = ng_tree_head(&c->tree, (size_t)was_prep);
        if (h >= 0 && (size_t)h > (size_t)was_prep &&
            ng_tree_mention_of(c, (size_t)h, 1) >= 0)
          tok = h;
      } else {
        for (size_t j = 0; j < cl->n && tok < 0; j++) {
          size_t i = (size_t)cl->toks[j];
          if (i >= pos && ng_tree_mention_of(c, i, 0) >= 0 &&
              object_of_trigger(c, i, tb, te))
            tok = (int32_t)i;
        }
      }
      if (tok < 0)
        return 0;
      if (e->kind == NG_PE_SRC)
        m->src_tok = tok;
      else {
        m->tgt_tok = tok;
        m->tgt_prep = was_prep;
      }
      size_t b, end;
      ng_tree_span(&c->tree, (size_t)tok, &b, &end);
      (void)b;
      int32_t mi = c->mat[tok];
      if (mi >= 0 && NG_MENTION(c->tree.d, mi)->te > (uint32_t)tok)
        end = NG_MENTION(c->tree.d, mi)->te;
      else
        end = (size_t)tok + 1;
      pos = end;
      if (end - 1 > m->last)
        m->last = end - 1;
      continue;
    }
    default: {
      size_t end = 0;
      int found = 0;
      for (size_t j = 0; j < cl->n; j++) {
        size_t i = (size_t)cl->toks[j];
        if (i < pos || (contiguous && i != pos))
          continue;
        if (contiguous && i > pos)
          break;
        if (ng_pe_match(e, toks, c->s_te, i, &end)) {
          found = 1;
          if ((ng_tree_wc(&c->tree, i) & NG_WC_PREP) && end == i + 1)
            prep = (int32_t)i;
          break;
        }
      }
      if (!found)
        return 0;
      pos = end;
      if (end - 1 > m->last)
        m->last = end - 1;
    }
    }
  }
  /* a pattern that ends in a bare preposition ("* ( for )", "* ( to )":
   * left for Y, flew to Y) names where or to whom: its nominal must be
   * an actor or a place ("the faction that controls X for its support
   * of Y" is no journey) */
  if (prep >= 0) {
    int32_t h = ng_tree_head(&c->tree, (size_t)prep);
    if (h < prep || ng_tree_mention_of(c, (size_t)h, 1) < 0)
      return 0;
  }
  return 1;
}

static int match_pre(ng_tree_coder *c, const ng_pattern *p, size_t tb,
                     const cursor *cl, ng_tree_match *m) {
  const ng_token *toks = NG_TOK(c->tree.d, 0);
  size_t pos = tb; /* elements must end at or before POS */
  int contiguous = 0;
  for (uint8_t k = 0; k < p->n_pre; k++) {
    const ng_pe *e = &p->pre[k];
    switch (e->kind) {
    case NG_PE_OPEN:
      contiguous = 1;
      continue;
    case NG_PE_CLOSE:
      contiguous = 0;
      continue;
    case NG_PE_POSS:
      return 0;
    case NG_PE_SKIP:
    case NG_PE_SRC:
    case NG_PE_TGT: {
      int32_t tok = -1;
      for (size_t j = cl->n; j-- > 0 && tok < 0;) {
        size_t i = (size_t)cl->toks[j];
        if (i < pos && ng_tree_mention_of(c, i, 0) >= 0)
          tok = (int32_t)i;
      }
      if (tok < 0)
        return 0;
      if (e->kind == NG_PE_SRC)
        m->src_tok = tok;
      else if (e->kind == NG_PE_TGT)
        m->tgt_tok = tok;
      int32_t mi = c->mat[tok];
      pos = mi >= 0 ? NG_MENTION(c->tree.d, mi)->tb : (size_t)tok;
      continue;
    }
    default: {
      size_t end = 0;
      int found = 0;
      for (size_t j = cl->n; j-- > 0;) {
        size_t i = (size_t)cl->toks[j];
        if (i >= pos)
          continue;
        if (ng_pe_match(e, toks, c->s_te, i, &end) && end <= pos &&
            (!contiguous || end == pos)) {
          found = 1;
          pos = i;
          break;
        }
        if (contiguous)
          break;
      }
      if (!found)
        return 0;
    }
    }
  }
  return 1;
}

int ng_tree_best_pattern(ng_tree_coder *c, const ng_trigger *t, size_t v,
                         size_t tb, size_t te, ng_tree_match *best) {
  const ng_vec *pats = ng_evdict_patterns(c->ev, t);
  if (!pats)
    return -1;
  /* the clause of V, then its subject for the words before it */
  clear_marks(c);
  mark_from(c, v, IN_CLAUSE, t->noun, 0);
  for (int32_t k = c->tree.kid[v]; k >= 0; k = c->tree.sib[k]) {
    ng_deprel r = ng_tree_rel(&c->tree, (size_t)k);
    if (r == NG_DEP_NSUBJ || r == NG_DEP_NSUBJ_PASS)
      mark_from(c, (size_t)k, IN_SUBJECT, 1, 1);
  }
  qsort(c->marked, c->n_marked, sizeof(int32_t), cmp_i32);
  cursor cl = {c->marked, c->n_marked};
  int found = 0;
  for (size_t k = 0; k < pats->n; k++) {
    const ng_pattern *p = NG_VEC_AT(pats, ng_pattern *, k);
    ng_tree_match m = {p, -1, -1, -1, te - 1, 0};
    if (!match_post(c, p, tb, te, &cl, &m) || !match_pre(c, p, tb, &cl, &m))
      continue;
    m.score = p->specificity * 2 + (p->core ? 3 : 0) + (m.tgt_tok >= 0);
    if (!found || m.score > best->score) {
      *best = m;
      found = 1;
    }
  }
  clear_marks(c);
  return found;
}
