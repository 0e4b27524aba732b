#!/bin/sh
# ontology_check.sh - checks ontology/newsgraph.ttl and its README example.
#
# - rapper (raptor2) and rdflib both parse the ontology and find the same
#   number of triples (rapper counts every statement it reads, rdflib keeps
#   a set, so equal counts also mean no triple is written twice);
# - the ontology has its header and every ng: term it declares has an
#   English label and comment and rdfs:isDefinedBy; every ng: term it uses
#   is declared, and so is every term of the graph contract;
# - the 20 CAMEO root classes carry matching ng:cameoRoot and skos:notation;
# - the Turtle example in ontology/README.md parses with both tools, uses
#   only declared ng: terms, and its NIF offsets match the article text.
#
# Exit status: 0 ok, 1 failure, 77 skipped (rapper or rdflib missing), as
# automake's test driver expects.  Reads only files of the source tree.

set -u

here=$(cd "$(dirname "$0")" && pwd)
top=${NG_TOP_SRCDIR:-$(dirname "$here")}
ontology="$top/ontology/newsgraph.ttl"
readme="$top/ontology/README.md"
python=${NG_PYTHON:-/usr/bin/python3}

if ! command -v rapper >/dev/null 2>&1; then
  echo "SKIP: rapper (raptor2-utils) not found"
  exit 77
fi
if ! "$python" -c 'import rdflib' >/dev/null 2>&1; then
  echo "SKIP: $python cannot import rdflib (python3-rdflib)"
  exit 77
fi
for f in "$ontology" "$readme"; do
  if [ ! -r "$f" ]; then
    echo "FAIL: cannot read $f"
    exit 1
  fi
done

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT HUP INT TERM

# Prints the number of triples rapper reads from $1; fails on any error or
# warning, since a warning means the file is not what we meant.
rapper_count() {
  if ! rapper -c -i turtle "$1" >"$tmp/rapper.out" 2>"$tmp/rapper.err"; then
    cat "$tmp/rapper.err" >&2
    return 1
  fi
  if grep -E '^rapper: (Error|Warning)' "$tmp/rapper.err" >&2; then
    return 1
  fi
  sed -n 's/^rapper: Parsing returned \([0-9][0-9]*\) triples*$/\1/p' \
    "$tmp/rapper.err"
}

n_onto=$(rapper_count "$ontology") || {
  echo "FAIL: rapper: $ontology"
  exit 1
}
if [ -z "$n_onto" ]; then
  echo "FAIL: no triple count from rapper for $ontology"
  exit 1
fi

# The first ```turtle block of the README is the example.
awk '/^```turtle$/ { on = 1; next }
     on && /^```$/ { exit }
     on { print }' "$readme" >"$tmp/example.ttl"
if [ ! -s "$tmp/example.ttl" ]; then
  echo "FAIL: no \`\`\`turtle block in $readme"
  exit 1
fi
n_ex=$(rapper_count "$tmp/example.ttl") || {
  echo "FAIL: rapper: the example in $readme"
  exit 1
}

"$python" - "$ontology" "$n_onto" "$tmp/example.ttl" "$n_ex" <<'EOF'
import sys

import rdflib
from rdflib import Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

NG = "https://w3id.org/newsgraph/ns#"
ONTO = URIRef("https://w3id.org/newsgraph/ns")
NIF = rdflib.Namespace(
    "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
DCT = rdflib.Namespace("http://purl.org/dc/terms/")
KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty,
         OWL.AnnotationProperty)

# The terms the extractor emits (the graph contract and the issue text):
# removing one from the ontology is a failure.
REQUIRED = """
Actor Person Organization Government IGO ArmedGroup MilitaryForce Media
Country AnonymousSource Post Article Mention TimeExpression Trigger Event
ExtractionRun Software
MakePublicStatement Appeal ExpressIntentToCooperate Consult
EngageInDiplomaticCooperation EngageInMaterialCooperation ProvideAid Yield
Investigate Demand Disapprove Reject Threaten Protest ExhibitForcePosture
ReduceRelations Coerce Assault Fight UseUnconventionalMassViolence
mentions hasEvent refersTo source target cameo cameoRoot plover quadClass
sourceCode targetCode date timex evidence trigger pattern factuality
attributedTo attributionCue holds formerlyHeld postIn heldAsOf assumedAround
rank country iso3 iso2 cameoCode kbKey linkRule discovered timexValue timexType
timexMod softwareVersion dictionaryVersion
""".split()

ROOTS = ["MakePublicStatement", "Appeal", "ExpressIntentToCooperate",
         "Consult", "EngageInDiplomaticCooperation",
         "EngageInMaterialCooperation", "ProvideAid", "Yield", "Investigate",
         "Demand", "Disapprove", "Reject", "Threaten", "Protest",
         "ExhibitForcePosture", "ReduceRelations", "Coerce", "Assault",
         "Fight", "UseUnconventionalMassViolence"]

failures = []


def fail(msg):
    failures.append(msg)


def ng_terms(graph):
    """Every ng: IRI in GRAPH, in any position (datatypes included)."""
    found = set()
    for triple in graph:
        for term in triple:
            if isinstance(term, URIRef) and str(term).startswith(NG):
                found.add(term)
            elif isinstance(term, Literal) and term.datatype is not None \
                    and str(term.datatype).startswith(NG):
                found.add(term.datatype)
    return found


def english(graph, subject, predicate):
    return [o for o in graph.objects(subject, predicate)
            if isinstance(o, Literal) and o.language == "en"]


onto_path, n_onto, example_path, n_ex = sys.argv[1:5]

g = rdflib.Graph()
g.parse(onto_path, format="turtle")
if len(g) != int(n_onto):
    fail("triple counts differ: rapper %s, rdflib %d" % (n_onto, len(g)))

# Header.
if (ONTO, RDF.type, OWL.Ontology) not in g:
    fail("no owl:Ontology <%s>" % ONTO)
for p in (OWL.versionInfo, OWL.versionIRI, DCT.title, DCT.description,
          DCT.license):
    if g.value(ONTO, p) is None:
        fail("ontology header lacks %s" % g.qname(p))
if g.value(ONTO, DCT.license) != \
        URIRef("https://creativecommons.org/licenses/by/4.0/"):
    fail("dcterms:license is not CC BY 4.0")

# Declared terms: documented and defined by this ontology.
declared = {s for k in KINDS for s in g.subjects(RDF.type, k)
            if str(s).startswith(NG)}
for term in sorted(declared):
    name = term[len(NG):]
    if len(english(g, term, RDFS.label)) != 1:
        fail("ng:%s needs exactly one rdfs:label @en" % name)
    if len(english(g, term, RDFS.comment)) != 1:
        fail("ng:%s needs exactly one rdfs:comment @en" % name)
    if (term, RDFS.isDefinedBy, ONTO) not in g:
        fail("ng:%s lacks rdfs:isDefinedBy <%s>" % (name, ONTO))
for term in sorted(ng_terms(g) - declared):
    fail("ng:%s is used in the ontology but not declared" % term[len(NG):])
for name in REQUIRED:
    if URIRef(NG + name) not in declared:
        fail("ng:%s (graph contract) is not declared" % name)

# CAMEO root classes: 01..20, each an ng:Event with matching codes.
for i, name in enumerate(ROOTS, start=1):
    cls = URIRef(NG + name)
    code = "%02d" % i
    if (cls, RDFS.subClassOf, URIRef(NG + "Event")) not in g:
        fail("ng:%s is not a subclass of ng:Event" % name)
    if [str(o) for o in g.objects(cls, URIRef(NG + "cameoRoot"))] != [code]:
        fail("ng:%s needs ng:cameoRoot \"%s\"" % (name, code))
    if [str(o) for o in g.objects(cls, SKOS.notation)] != [code]:
        fail("ng:%s needs skos:notation \"%s\"" % (name, code))

# The README example.
ex = rdflib.Graph()
ex.parse(example_path, format="turtle")
if len(ex) != int(n_ex):
    fail("example: triple counts differ: rapper %s, rdflib %d"
         % (n_ex, len(ex)))
for term in sorted(ng_terms(ex) - declared):
    fail("example uses ng:%s, not declared in the ontology"
         % term[len(NG):])
spans = 0
for span, ctx in ex.subject_objects(NIF.referenceContext):
    text = ex.value(ctx, NIF.isString)
    begin = ex.value(span, NIF.beginIndex)
    end = ex.value(span, NIF.endIndex)
    anchor = ex.value(span, NIF.anchorOf)
    if None in (text, begin, end, anchor):
        fail("example: span <%s> lacks text, offsets or anchor" % span)
        continue
    # Python strings index code points, as NIF offsets do.
    if str(text)[int(begin):int(end)] != str(anchor):
        fail("example: <%s> [%s, %s) is %r, not %r"
             % (span, begin, end, str(text)[int(begin):int(end)],
                str(anchor)))
    spans += 1
if spans == 0:
    fail("example: no NIF span to check")

# The example must not contradict the ontology: the types its nodes get
# from rdf:type and from the domains and ranges of ng: properties must not
# fall into two disjoint classes, literals must fit the ranges, and
# functional properties must have one value.
def superclasses(cls):
    seen, todo = set(), [cls]
    while todo:
        c = todo.pop()
        if c in seen:
            continue
        seen.add(c)
        todo.extend(o for o in g.objects(c, RDFS.subClassOf)
                    if isinstance(o, URIRef))
    return seen


types = {}
for s, p, o in ex:
    if p == RDF.type:
        types.setdefault(s, set()).add(o)
    elif p in declared:
        for d in g.objects(p, RDFS.domain):
            types.setdefault(s, set()).add(d)
        if not isinstance(o, Literal):
            for r in g.objects(p, RDFS.range):
                types.setdefault(o, set()).add(r)
disjoint_sets = [list(Collection(g, m))
                 for adc in g.subjects(RDF.type, OWL.AllDisjointClasses)
                 for m in g.objects(adc, OWL.members)]
for node, direct in types.items():
    closed = set()
    for c in direct:
        closed |= superclasses(c)
    for members in disjoint_sets:
        hit = [m for m in members if m in closed]
        if len(hit) > 1:
            fail("example: <%s> is at once %s" % (node, ", ".join(
                g.qname(h) for h in hit)))


def literal_fits(lit, rng):
    """Whether LIT fits the datatype RNG as this ontology writes them."""
    if isinstance(rng, URIRef):
        dt = lit.datatype or (None if lit.language else XSD.string)
        return dt == rng
    union = g.value(rng, OWL.unionOf)
    if union is not None:
        return any(literal_fits(lit, d)
                   for d in Collection(g, union))
    one_of = g.value(rng, OWL.oneOf)
    if one_of is not None:
        # "x" and "x"^^xsd:string are one literal in RDF 1.1.
        return literal_fits(lit, XSD.string) and \
            str(lit) in [str(v) for v in Collection(g, one_of)]
    base = g.value(rng, OWL.onDatatype)
    if base is not None:
        if not literal_fits(lit, base):
            return False
        facets = g.value(rng, OWL.withRestrictions)
        for facet in Collection(g, facets):
            lo = g.value(facet, XSD.minInclusive)
            hi = g.value(facet, XSD.maxInclusive)
            if lo is not None and lit.toPython() < lo.toPython():
                return False
            if hi is not None and lit.toPython() > hi.toPython():
                return False
        return True
    return False


for s, p, o in ex:
    if p not in declared or (p, RDF.type, OWL.DatatypeProperty) not in g:
        continue
    if not isinstance(o, Literal):
        fail("example: ng:%s of <%s> is not a literal" % (p[len(NG):], s))
        continue
    for rng in g.objects(p, RDFS.range):
        if not literal_fits(o, rng):
            fail("example: ng:%s %r of <%s> does not fit its range"
                 % (p[len(NG):], str(o), s))
for p in g.subjects(RDF.type, OWL.FunctionalProperty):
    for s in set(ex.subjects(p, None)):
        if len(set(ex.objects(s, p))) > 1:
            fail("example: functional ng:%s has several values on <%s>"
                 % (p[len(NG):], s))

for msg in failures:
    print("FAIL: " + msg)
if failures:
    sys.exit(1)
print("ok: ontology %d triples (rapper and rdflib agree), %d ng: terms "
      "declared; example %d triples, %d ng: terms, %d spans checked"
      % (len(g), len(declared), len(ex), len(ng_terms(ex)), spans))
EOF
status=$?
if [ "$status" -ne 0 ]; then
  exit 1
fi
exit 0
