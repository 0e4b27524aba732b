/* network.h - the actor network of one or more articles: actors, events
 * between them and the articles they come from, built from extracted
 * documents or read from a store.  viz draws it; export tabulates it. */
#ifndef NG_CLI_NETWORK_H
#define NG_CLI_NETWORK_H

#include "results.h"

typedef struct ng_net_actor {
  char *iri;
  char *label;
  char *type;    /* "Person", "ArmedGroup"... or NULL */
  char *code;    /* CAMEO actor code, or NULL */
  char *iso3;    /* its country (ISO 3166 alpha-3; a country's own), or NULL */
  size_t events; /* events it is a source or target of */
} ng_net_actor;

typedef struct ng_net_article {
  char *iri, *id, *url, *title, *date; /* all but IRI may be NULL */
} ng_net_article;

typedef struct ng_net_event {
  char *iri;
  size_t article; /* index into the articles */
  char *cameo;
  char *plover;     /* or NULL */
  char *date;       /* "2024-06-27", "2024-06", "2024" or NULL */
  char *date_basis; /* "text" or "article" (ng:dateBasis), or NULL */
  char *place;      /* the place named in its clause, or NULL */
  char *place_iso3; /* the country of the place, or NULL */
  char *factuality; /* or NULL */
  char *evidence;   /* the first evidence sentence, or NULL */
  long evidence_at; /* its offset (code points), -1 when not known */
  int quad;         /* 1..4, 0 when not known */
  size_t n_src, n_tgt;
  size_t *src, *tgt;           /* actor indexes */
  char *src_codes, *tgt_codes; /* "IRQGOV" or "IRQGOV;USAMIL", or NULL */
} ng_net_event;

typedef struct ng_net {
  ng_net_actor *actors;
  size_t n_actors, cap_actors;
  ng_net_article *articles;
  size_t n_articles, cap_articles;
  ng_net_event *events;
  size_t n_events, cap_events;
  ng_cli_map actor_ix, article_ix, event_ix; /* IRI -> index */
} ng_net;

/* Zero-initialise a net before use; ng_net_free frees what it holds. */
void ng_net_free(ng_net *net);

/* Adds the article A (borrowed) and its extracted document D: every
 * actor and every event of the graph (events that only repeat another
 * are left out, as in the graph). */
ng_status ng_net_add_doc(ng_net *net, const ng_article *a, const ng_doc *d);

/* Reads the events of the article ARTICLE_IRI (or of every article when
 * NULL), their actors and articles from STORE. */
ng_status ng_net_load_store(ng_net *net, ng_store *store,
                            const char *article_iri);

/* The IRI of the article named by SPEC (its dcterms:identifier, or its
 * IRI) in STORE, into *IRI (malloc).  NG_ERR_ARG, with a message printed,
 * when there is no such article. */
ng_status ng_net_find_article(ng_store *store, const char *spec, char **iri);

/* The events of the article named by SPEC (as ng_net_find_article), or of
 * every article when SPEC is NULL, from STORE into NET. */
ng_status ng_net_load_article(ng_net *net, ng_store *store, const char *spec);

/* ng_cli_read_inputs' callback that extracts each article with W and adds
 * it to NET: USER is a ng_net_extract. */
typedef struct ng_net_extract {
  ng_world *w;
  ng_net *net;
} ng_net_extract;
ng_status ng_net_add_extracted(void *user, const ng_article *a,
                               const char *where);

/* One directed pair of actors and the events from one to the other. */
typedef struct ng_net_edge {
  size_t src, tgt;
  size_t weight;     /* number of events */
  const char *first; /* earliest and latest date, or NULL (borrowed) */
  const char *last;
  size_t *events; /* the events, in the net's order */
} ng_net_edge;

/* The edges of NET: one per directed (source, target) pair of some
 * event, in order of first appearance.  *OUT (malloc) is freed with
 * ng_net_edges_free. */
ng_status ng_net_edges(const ng_net *net, ng_net_edge **out, size_t *n);
void ng_net_edges_free(ng_net_edge *edges, size_t n);

/* CAMEO event names and Goldstein weights from the data directory
 * (data/cameo.tsv). */
typedef struct ng_cameo_names {
  ng_cli_map ix;
  char **names;
  char **goldstein; /* "-10.0".."10.0" as the table writes it, or NULL */
  size_t n;
} ng_cameo_names;

/* Loads DATA_DIR/cameo.tsv; a missing file leaves the table empty (names
 * are then not shown) and returns NG_ERR_DATA. */
ng_status ng_cameo_names_load(ng_cameo_names *c, const char *data_dir);
/* The name of CODE ("Host a visit"), or NULL. */
const char *ng_cameo_name(const ng_cameo_names *c, const char *code);
/* The Goldstein weight of CODE ("-10.0"), or NULL. */
const char *ng_cameo_goldstein(const ng_cameo_names *c, const char *code);
void ng_cameo_names_free(ng_cameo_names *c);

#endif /* NG_CLI_NETWORK_H */
