/* ntriples.h - a direct N-Triples / N-Quads formatter.
 *
 * raptor's serializer builds a raptor_term (and copies of its strings)
 * for every term of every triple and writes the result one byte at a
 * time; for N-Triples nothing needs more than a table look-up per byte.
 * The bytes written are exactly raptor 2.0.15's (its N-Triples serializer
 * escapes every non-ASCII character as \uXXXX or \UXXXXXXXX with upper
 * case hex), so a file is the same whichever writer made it; the test
 * suite compares the two. */
#ifndef NG_NTRIPLES_H
#define NG_NTRIPLES_H

#include "internal.h"

/* Appends TERM in N-Triples syntax to B.  NG_ERR_INPUT when a literal is
 * not valid UTF-8 (the library never makes one), NG_ERR_LIMIT or
 * NG_ERR_NOMEM when B cannot grow. */
ng_status ng_nt_term(ng_buf *b, const ng_term *term);

/* Appends one statement line "S P O .\n", or "S P O G .\n" when GRAPH is
 * not NULL (N-Quads). */
ng_status ng_nt_statement(ng_buf *b, const ng_term *s, const ng_term *p,
                          const ng_term *o, const ng_term *graph);

/* A writer that uses raptor's serializer for every format, N-Triples and
 * N-Quads included (ng_writer_new uses ng_nt_* for those): for tests
 * that compare the two. */
ng_status ng_writer_new_raptor(ng_world *world, ng_rdf_format format,
                               FILE *fp, ng_writer **out);

#endif /* NG_NTRIPLES_H */
