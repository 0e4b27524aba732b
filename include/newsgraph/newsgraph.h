/* newsgraph.h - public API of libnewsgraph.
 *
 * newsgraph reads English news articles and builds a knowledge graph of the
 * political actors in them and what they did to each other, as RDF.
 *
 * Conventions (every function below follows them):
 * - Functions that can fail return an ng_status (NG_OK = 0) and give the
 *   details to the world's log handler.  The library never prints and never
 *   exits.
 * - Ownership is stated in each doc comment.  "Borrowed" means the caller
 *   keeps ownership and must keep the object alive for the call (or for the
 *   lifetime named); "copied" means the library keeps its own copy;
 *   "owned by X" means X frees it.
 * - Destructors (ng_*_free, ng_*_close) accept NULL.
 * - All text is UTF-8.  Offsets into article text are given both in bytes
 *   and in Unicode code points; the RDF uses code points (NIF).
 */
#ifndef NEWSGRAPH_H
#define NEWSGRAPH_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The library version, "0.1.0" (static storage). */
const char *ng_version(void);

/* ------------------------------------------------------------------ */
/* Status and logging                                                  */
/* ------------------------------------------------------------------ */

typedef enum ng_status {
  NG_OK = 0,
  NG_ERR_NOMEM,       /* an allocation failed */
  NG_ERR_IO,          /* reading or writing a file failed */
  NG_ERR_INPUT,       /* the input is not acceptable (bad UTF-8, binary,
                         malformed JSON, missing field) */
  NG_ERR_LIMIT,       /* a documented hard limit was exceeded */
  NG_ERR_DATA,        /* a dictionary or data file is missing or malformed */
  NG_ERR_RDF,         /* raptor or librdf failed to parse or serialize */
  NG_ERR_STORE,       /* the triple store could not be opened or written */
  NG_ERR_LOCKED,      /* the store is being written by another process */
  NG_ERR_QUERY,       /* the SPARQL query is invalid or failed */
  NG_ERR_UNSUPPORTED, /* a construct the query engine would answer wrongly */
  NG_ERR_ARG,         /* an invalid argument from the caller */
  NG_ERR_CANCELLED    /* a query stopped: its time limit passed or its
                         caller cancelled it (ng_query_limits) */
} ng_status;

/* A short English description of STATUS.  Static storage. */
const char *ng_status_string(ng_status status);

typedef enum ng_log_level {
  NG_LOG_DEBUG = 0,
  NG_LOG_INFO,
  NG_LOG_WARN,
  NG_LOG_ERROR
} ng_log_level;

/* One message to the log handler.  All pointers are borrowed for the
 * duration of the callback only. */
typedef struct ng_log_message {
  ng_status code;     /* the status the failing call returns, or NG_OK */
  const char *stage;  /* "text", "jsonl", "kb", "store", "query"... */
  ng_log_level level;
  long line;          /* 1-based line in the input or data file, or 0 */
  long column;        /* 1-based column (bytes), or 0 */
  const char *text;   /* the message, no trailing newline */
} ng_log_message;

typedef void (*ng_log_handler)(void *user_data, const ng_log_message *msg);

/* ------------------------------------------------------------------ */
/* Hard limits (documented in the README; exceeding one gives          */
/* NG_ERR_LIMIT, never a crash or a silent truncation)                 */
/* ------------------------------------------------------------------ */

#define NG_MAX_ARTICLE_BYTES   (16u * 1024u * 1024u) /* text of one article */
#define NG_MAX_FIELD_BYTES     (64u * 1024u)  /* id, url, title, source */
#define NG_MAX_JSONL_LINE      (20u * 1024u * 1024u) /* one JSON Lines record */
#define NG_MAX_SENTENCE_TOKENS 400u  /* longer runs are split (not lost) */
#define NG_MAX_MENTIONS        200000u /* actor mentions in one article */
#define NG_MAX_EVENTS          50000u  /* events in one article */

/* ------------------------------------------------------------------ */
/* World: options, log handler, dictionaries                          */
/* ------------------------------------------------------------------ */

typedef struct ng_world ng_world;

/* A new world with default options; NULL when out of memory.
 * Owned by the caller: free with ng_world_free(). */
ng_world *ng_world_new(void);

/* Frees the world and everything it owns (dictionaries, raptor world).
 * Every doc, writer and store made from it must be freed first. */
void ng_world_free(ng_world *world);

/* Sets the log handler; FN may be NULL (messages are dropped).
 * USER_DATA is borrowed for the world's lifetime. */
void ng_world_set_log_handler(ng_world *world, ng_log_handler fn,
                              void *user_data);

/* Sets the directory holding the dictionaries (data/).  DIR is copied.
 * Must be called before ng_world_open(). */
ng_status ng_world_set_data_dir(ng_world *world, const char *dir);

/* The data directory in use (borrowed from the world). */
const char *ng_world_data_dir(const ng_world *world);

/* Adds a user actor file (same format as data/actors/ *.tsv) to load at
 * ng_world_open(), after the bundled ones.  PATH is copied. */
ng_status ng_world_add_actor_file(ng_world *world, const char *path);

/* Sets the base IRI under which actors, articles and events are minted
 * (default "https://w3id.org/newsgraph/id/").  Copied.  Before open. */
ng_status ng_world_set_base_iri(ng_world *world, const char *base_iri);

/* Loads every dictionary.  Call once, after the setters above. */
ng_status ng_world_open(ng_world *world);

/* Sends one message to the world's log handler (printf-style).  Used by
 * the library's stages; available to callers that want one log stream. */
void ng_log(ng_world *world, ng_log_level level, ng_status code,
            const char *stage, long line, long column, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 7, 8)))
#endif
    ;

/* ------------------------------------------------------------------ */
/* The actor knowledge base                                            */
/* ------------------------------------------------------------------ */

/* One knowledge-base entry that a name matches, and why.  Pointers are
 * borrowed for the duration of the callback. */
typedef struct ng_lookup_hit {
  const char *key;      /* "group/kataib-hezbollah" */
  const char *type;     /* "ArmedGroup" */
  const char *label;
  const char *iso3;     /* or NULL */
  const char *wikidata; /* or NULL */
  const char *cameo;    /* CAMEO actor code at the date asked, or NULL */
  const char *posts;    /* raw posts field, or NULL */
  const char *via;      /* "alias", "capital" (stands for the government)
                           or "demonym" (names the country) */
  const char *alias;    /* the alias as written in the data */
  const char *rule;     /* how the alias must be written to match */
  int case_ok;          /* 1 when the name as given satisfies RULE */
  const char *file;     /* data file and line of the entry */
  long line;
  size_t begin, end;    /* the part of the name matched (bytes) */
} ng_lookup_hit;

typedef void (*ng_lookup_handler)(void *user_data, const ng_lookup_hit *hit);

/* Calls FN for every entry that some part of NAME matches, longest match
 * first at each word.  DATE ("YYYY-MM-DD" or NULL) picks the CAMEO code.
 * The world must be open. */
ng_status ng_actors_lookup(ng_world *world, const char *name,
                           const char *date, ng_lookup_handler fn,
                           void *user_data);

/* The match key of NAME (LEN bytes of UTF-8), as the knowledge base
 * compares names: each word with case, diacritics and apostrophes folded,
 * punctuation dropped, the words joined by one space ("Kata’ib
 * Hezbollah" and "kataib hezbollah" give "kataib hezbollah", "al-Sudani"
 * and "Al Sudani" give "al sudani").  *OUT is malloc'd; the caller frees
 * it with free().  NG_ERR_INPUT for invalid UTF-8, NG_ERR_ARG when the
 * world is not open.  An empty key ("" for "--") is no error. */
ng_status ng_name_key(ng_world *world, const char *name, size_t len,
                      char **out);

/* ------------------------------------------------------------------ */
/* Articles: the input                                                 */
/* ------------------------------------------------------------------ */

typedef struct ng_article ng_article;

typedef enum ng_field {
  NG_FIELD_ID = 0,  /* required; any string (it is hashed into the IRI) */
  NG_FIELD_DATE,    /* YYYY-MM-DD; the reference date for time expressions */
  NG_FIELD_URL,
  NG_FIELD_TITLE,
  NG_FIELD_SOURCE,  /* the publisher, e.g. "Shafaq News" */
  NG_FIELD_TEXT,    /* the article text (the title is not prepended) */
  NG_FIELD_COUNT_
} ng_field;

/* A new, empty article; NULL when out of memory.  Owned by the caller. */
ng_article *ng_article_new(void);
void ng_article_free(ng_article *article);

/* Sets FIELD to the LEN bytes at VALUE (copied).  Checks: valid UTF-8 with
 * no NUL (NG_ERR_INPUT), size limits (NG_ERR_LIMIT), and for NG_FIELD_DATE
 * a real calendar date YYYY-MM-DD (NG_ERR_INPUT).  A UTF-8 byte order mark
 * at the start of the text is dropped.  WORLD may be NULL (no log). */
ng_status ng_article_set(ng_world *world, ng_article *article, ng_field field,
                         const char *value, size_t len);

/* The value of FIELD, or NULL when unset; LEN (may be NULL) gets its
 * length.  Borrowed from the article. */
const char *ng_article_get(const ng_article *article, ng_field field,
                           size_t *len);

/* Reads JSON Lines: one article per line, an object with "id" (string or
 * number), "text" and optional "date", "url", "title", "source".  Blank
 * lines are skipped.  FP is borrowed; the reader is owned by the caller.
 * Memory stays bounded by the longest line (NG_MAX_JSONL_LINE). */
typedef struct ng_jsonl_reader ng_jsonl_reader;
ng_status ng_jsonl_reader_new(ng_world *world, FILE *fp,
                              ng_jsonl_reader **out);
/* *OUT gets the next article (owned by the caller) or NULL at the end.
 * A malformed line gives NG_ERR_INPUT with its line number logged; the
 * reader can go on with the next line. */
ng_status ng_jsonl_reader_next(ng_jsonl_reader *reader, ng_article **out);
/* The 1-based number of the line last read. */
long ng_jsonl_reader_line(const ng_jsonl_reader *reader);
void ng_jsonl_reader_free(ng_jsonl_reader *reader);

/* Whether the first LEN bytes of an input (HEAD, borrowed) are JSON Lines
 * rather than the plain text of one article: 1 when, after a UTF-8 byte
 * order mark and blank lines, the first line is a JSON object (parsed
 * whole when HEAD holds all of it; when it runs past HEAD, when it opens
 * with '{' and a quoted key), else 0.  A text that starts with a brace
 * and a quote is the price of not reading the whole line. */
int ng_jsonl_sniff(const char *head, size_t len);

/* Parses one JSON Lines record (LEN bytes, no newline needed). */
ng_status ng_article_from_json(ng_world *world, const char *json, size_t len,
                               ng_article **out);

/* ------------------------------------------------------------------ */
/* Extraction                                                          */
/* ------------------------------------------------------------------ */

typedef struct ng_doc ng_doc;

/* Runs the whole pipeline on ARTICLE (borrowed; copied into the doc as
 * needed).  *OUT gets the analysed document, owned by the caller. */
ng_status ng_extract(ng_world *world, const ng_article *article,
                     ng_doc **out);
void ng_doc_free(ng_doc *doc);

/* A read-only view of one actor of a document.  Pointers are borrowed
 * from the doc (valid until ng_doc_free). */
typedef struct ng_actor_view {
  const char *iri;
  const char *type;     /* "Person", "Government", "Country", "IGO",
                           "ArmedGroup", "MilitaryForce", "Media",
                           "Organization" */
  const char *label;
  const char *iso3;     /* country, or NULL */
  const char *cameo;    /* CAMEO actor code at the article date, or NULL */
  const char *wikidata; /* "Q..." or NULL */
  size_t mentions;      /* mentions of the actor in the article */
} ng_actor_view;

#define NG_EVENT_MAX_ACTORS 6

/* A read-only view of one event.  Pointers are borrowed from the doc. */
typedef struct ng_event_view {
  const char *iri;
  const char *cameo;        /* "043" */
  const char *plover;       /* "CONSULT", or NULL */
  int quad_class;           /* 1..4 (verbal/material cooperation/conflict) */
  long repeat_of;           /* -1, or the event this one repeats (it is
                               then not in the graph: only its evidence) */
  size_t n_sources, n_targets;
  size_t sources[NG_EVENT_MAX_ACTORS]; /* indexes into the doc's actors */
  size_t targets[NG_EVENT_MAX_ACTORS];
  const char *date;         /* "2024-06-27", "2024-06", "2024" or NULL */
  const char *factuality;   /* "asserted", "negated", ... */
  const char *pattern;      /* the dictionary pattern or rule used */
  const char *evidence;     /* the sentence (not NUL-terminated: see len) */
  size_t evidence_len;
  size_t begin, end;        /* sentence offsets in code points */
  const char *date_basis;   /* where DATE comes from: "text" (a date of
                               the text), "article" (the article's date,
                               for want of one), or NULL with no date */
  const char *place;        /* the place named in its clause ("Kirkuk"),
                               or NULL */
  const char *place_iso3;   /* the country of PLACE (ISO 3166 alpha-3) */
} ng_event_view;

size_t ng_doc_actor_count(const ng_doc *doc);
ng_status ng_doc_actor(const ng_doc *doc, size_t i, ng_actor_view *out);
size_t ng_doc_event_count(const ng_doc *doc);
ng_status ng_doc_event(const ng_doc *doc, size_t i, ng_event_view *out);
/* The article IRI (borrowed from the doc). */
const char *ng_doc_iri(const ng_doc *doc);

/* Sizes of an analysed document (for statistics and benchmarks). */
typedef struct ng_doc_counts {
  size_t words;     /* runs of characters between white space (as wc -w
                       and TABARI count words) */
  size_t tokens;
  size_t sentences;
  size_t actors;
  size_t events;    /* repeats included */
} ng_doc_counts;
ng_status ng_doc_get_counts(const ng_doc *doc, ng_doc_counts *out);

/* ------------------------------------------------------------------ */
/* RDF terms and triples                                               */
/* ------------------------------------------------------------------ */

typedef enum ng_term_kind {
  NG_TERM_IRI = 0,
  NG_TERM_BLANK,
  NG_TERM_LITERAL
} ng_term_kind;

/* One RDF term.  VALUE is LEN bytes of UTF-8 (not necessarily
 * NUL-terminated).  For literals, DATATYPE (an IRI) or LANG may be set;
 * both NULL means a plain xsd:string literal.  Borrowed for the call. */
typedef struct ng_term {
  ng_term_kind kind;
  const char *value;
  size_t len;
  const char *datatype;
  const char *lang;
} ng_term;

/* Receives one triple (or quad: GRAPH is the article IRI) at a time.
 * Return NG_OK to go on; any other status stops the emission and is
 * returned by ng_doc_emit(). */
typedef ng_status (*ng_triple_handler)(void *user_data, const ng_term *s,
                                       const ng_term *p, const ng_term *o,
                                       const ng_term *graph);

/* Emits the article's graph, triple by triple, in a deterministic order.
 * Every IRI is valid (RFC 3987, no characters N-Triples forbids) and
 * every literal is valid UTF-8.  DOC is borrowed. */
ng_status ng_doc_emit(ng_world *world, const ng_doc *doc,
                      ng_triple_handler fn, void *user_data);

/* ------------------------------------------------------------------ */
/* Serialization                                                       */
/* ------------------------------------------------------------------ */

typedef enum ng_rdf_format {
  NG_FORMAT_TURTLE = 0,
  NG_FORMAT_NTRIPLES,
  NG_FORMAT_NQUADS,  /* each article in a named graph named by its IRI */
  NG_FORMAT_RDFXML
} ng_rdf_format;

/* "turtle", "ntriples", "nquads", "rdfxml" (and "ttl", "nt", "nq",
 * "xml") to a format; NG_ERR_ARG otherwise. */
ng_status ng_rdf_format_parse(const char *name, ng_rdf_format *out);

typedef struct ng_writer ng_writer;

/* A writer of FORMAT to FP (borrowed; not closed).  Owned by the caller. */
ng_status ng_writer_new(ng_world *world, ng_rdf_format format, FILE *fp,
                        ng_writer **out);
/* Writes DOC's graph (DOC borrowed for the call). */
ng_status ng_writer_add(ng_writer *writer, const ng_doc *doc);
/* Flushes and ends the document (Turtle and RDF/XML need it). */
ng_status ng_writer_finish(ng_writer *writer);
void ng_writer_free(ng_writer *writer);
/* Triples (quads for N-Quads) the writer has written so far. */
uint64_t ng_writer_count(const ng_writer *writer);

/* ------------------------------------------------------------------ */
/* Time expressions                                                    */
/* ------------------------------------------------------------------ */

/* Normalises one time expression (LEN bytes at EXPR) against the
 * reference date REF ("YYYY-MM-DD") into a TIMEX3 value ("2024-06-27",
 * "2023-10", "P40D", "PRESENT_REF", "XXXX-07"...), written with its NUL
 * into VALUE (VALUE_SIZE bytes; 32 is always enough).  TYPE (may be NULL,
 * 16 bytes) gets "DATE", "TIME", "DURATION" or "SET".  An expression that
 * is not a time expression gives NG_ERR_INPUT and an empty VALUE. */
ng_status ng_timex_normalize(const char *expr, size_t len, const char *ref,
                             char *value, size_t value_size, char *type);

/* As ng_timex_normalize(), for the expressions of one text taken in
 * order: PREV (may be NULL) is the value of the last date before EXPR in
 * the text ("1998-10-23", "1998-10", "1998", or a time of a day such as
 * "1998-10-23T10:35"; any other value counts as none).  Expressions
 * that point back take it as their anchor: "that day", "that same day",
 * "later that year", "the next morning", "the following week", "the day
 * before", "two days later", "a year earlier", "day" alone (the head of
 * "the same day"), a clock time without a day ("10:35 a.m." after "Friday" is
 * on that Friday; after a month or a year, on REF), a day number alone
 * after a month-day ("25" after "April 24": April 25).  Without
 * PREV they take REF, as ng_timex_normalize() does; expressions that
 * count from the reference date ("Friday", "last week") ignore PREV. */
ng_status ng_timex_normalize_after(const char *expr, size_t len,
                                   const char *ref, const char *prev,
                                   char *value, size_t value_size,
                                   char *type);

#ifdef __cplusplus
}
#endif

#include "newsgraph/store.h"

#endif /* NEWSGRAPH_H */
