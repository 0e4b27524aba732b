# gen-nquads.awk - writes a synthetic newsgraph dataset as N-Quads: ARTICLES
# article graphs shaped like the graph contract (article, actors, events,
# evidence), for load-rate and crash tests.  Version V changes the size of
# every graph, so a test can tell old graphs from new ones:
#   awk -v articles=1000 -v version=1 -f gen-nquads.awk > data.nq
# Graph i has exactly count(i, V) quads; with -v counts=1 the script prints
# "IRI COUNT" lines instead of quads.  Written for newsgraph's tests (public
# domain); the sentences are made up.
function count(i, v) { return 14 + 8 * n_events(i, v) }
function n_events(i, v) { return 3 + (i * 7 + v * 5) % 23 }
BEGIN {
  if (!articles) articles = 100
  if (!version) version = 1
  ng = "<https://w3id.org/newsgraph/ns#"
  id = "https://w3id.org/newsgraph/id/"
  rdf = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
  label = "<http://www.w3.org/2000/01/rdf-schema#label>"
  dct = "<http://purl.org/dc/terms/"
  nif = "<http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
  xsd = "^^<http://www.w3.org/2001/XMLSchema#"
  split("Person Government Country IGO ArmedGroup MilitaryForce Media", types, " ")
  for (i = 1; i <= articles; i++) {
    g = "<" id "article/a" i ">"
    if (counts) { print id "article/a" i, count(i, version); continue }
    a = "<" id "article/a" i ">"
    print a, rdf, ng "Article>", g, "."
    print a, dct "identifier>", "\"art-" i "\"", g, "."
    print a, dct "date>", "\"2024-" sprintf("%02d", 1 + i % 12) "-" sprintf("%02d", 1 + i % 28) "\"" xsd "date>", g, "."
    print a, dct "title>", "\"Article " i " version " version "\"", g, "."
    # four actors, drawn from a shared pool
    for (k = 0; k < 4; k++) {
      n = (i * 31 + k * 17) % 2000
      act = "<" id "actor/x" n ">"
      print a, ng "mentions>", act, g, "."
      if (k < 2) {
        print act, rdf, ng types[1 + n % 7] ">", g, "."
        print act, label, "\"Actor " n "\"", g, "."
      }
    }
    print a, ng "source>", "\"Source " (i % 50) "\"", g, "."
    print a, ng "words>", "\"" (100 + i % 900) "\"" xsd "integer>", g, "."
    e_n = n_events(i, version)
    for (e = 1; e <= e_n; e++) {
      ev = "<" id "event/a" i "e" e ">"
      m = "<" id "mention/a" i "e" e ">"
      print ev, rdf, ng "Event>", g, "."
      code = "0" (10 + (i + e) % 90)
      print ev, ng "cameo>", "\"" code "\"", g, "."
      print ev, ng "cameoRoot>", "\"" substr(code, 1, 2) "\"", g, "."
      print ev, ng "source>", "<" id "actor/x" ((i * 31) % 2000) ">", g, "."
      print ev, ng "target>", "<" id "actor/x" ((i * 31 + 17 + e) % 2000) ">", g, "."
      print ev, ng "evidence>", m, g, "."
      print m, nif "referenceContext>", a, g, "."
      print m, nif "anchorOf>", "\"Actor " i " met actor " e " on \\\"day\\\" " version ".\"", g, "."
    }
  }
}
