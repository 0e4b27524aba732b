/* actor_param.h - the "actor" parameter of a query, found by any of the
 * actor's names: its label, an alias the article used (skos:altLabel),
 * or an alias of its knowledge-base entry (ng:kbKey), compared as the
 * knowledge base compares names (case, diacritics, apostrophes and
 * punctuation folded: ng_name_key). */
#ifndef NG_CLI_ACTOR_PARAM_H
#define NG_CLI_ACTOR_PARAM_H

#include "newsgraph/newsgraph.h"

/* The value to bind for the actor NAME in STORE, into *VALUE (malloc,
 * the caller frees): the label of the actor NAME names, so that every
 * actor bearing that label matches (one per article for actors known
 * only within it, such as "police"); NULL when NAME is already an IRI or
 * names no actor of the store (then said on stderr).  When NAME names
 * actors of several labels, says so on stderr, listing them, and takes
 * the first: a label match before an alias match, then the smallest
 * IRI.  W must be open (for the knowledge base).  Returns 0, or NG_ERR_*
 * from the store. */
ng_status ng_cli_resolve_actor(ng_world *w, ng_store *store, const char *name,
                               char **value);

/* When the query TEXT declares the parameter "actor" ("# param: actor")
 * and NAMES/VALUES (N of them) give it a name, not an IRI: binds the
 * parameters again (ng_cli_bind_params) with the label found by
 * ng_cli_resolve_actor in place of the name, replacing *BOUND (malloc).
 * Opens W's dictionaries for that (without them the name stays as it
 * is).  Returns an exit code. */
int ng_cli_bind_actor(ng_world *w, ng_store *store, const char *text,
                      const char *const *names, const char *const *values,
                      size_t n, char **bound);

#endif /* NG_CLI_ACTOR_PARAM_H */
