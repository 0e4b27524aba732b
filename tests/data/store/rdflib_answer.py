#!/usr/bin/env python3
"""rdflib_answer.py DATA.nq QUERY.rq - rdflib's answer to a SELECT or ASK
query on an N-Quads dataset (default graph = union of the graphs, as a
set), printed like `newsgraph query --results tsv`: a header of ?names,
then one line per solution with N-Triples terms, lines sorted.  Exits 77
when rdflib is missing (the test is then skipped).  Written for
newsgraph's tests; public domain."""
import sys

try:
    import rdflib
    from rdflib.term import Literal, URIRef
except ImportError:
    sys.exit(77)

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def esc(s):
    out = []
    for c in s:
        if c == '"':
            out.append('\\"')
        elif c == "\\":
            out.append("\\\\")
        elif c == "\n":
            out.append("\\n")
        elif c == "\r":
            out.append("\\r")
        elif c == "\t":
            out.append("\\t")
        elif ord(c) < 0x20 or ord(c) == 0x7f:
            out.append("\\u%04X" % ord(c))
        else:
            out.append(c)
    return "".join(out)


def term(t):
    """The term as newsgraph's TSV writes it (N-Triples escapes)."""
    if t is None:
        return ""
    if isinstance(t, URIRef):
        return "<%s>" % t
    if isinstance(t, Literal):
        s = '"%s"' % esc(str(t))
        if t.language:
            return s + "@" + t.language
        if t.datatype is not None and str(t.datatype) != XSD_STRING:
            return s + "^^<%s>" % t.datatype
        return s
    return "_:" + str(t)


def main():
    ds = rdflib.ConjunctiveGraph()
    ds.parse(sys.argv[1], format="nquads")
    with open(sys.argv[2], encoding="utf-8") as f:
        q = f.read()
    r = ds.query(q)
    if r.type == "ASK":
        print("true" if r.askAnswer else "false")
        return
    print("\t".join("?" + str(v) for v in r.vars))
    rows = ["\t".join(term(x) for x in row) for row in r]
    for line in sorted(rows):
        print(line)


main()
