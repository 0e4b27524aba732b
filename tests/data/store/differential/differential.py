#!/usr/bin/env python3
"""differential.py DATA.nq OURS_DIR EXPECTED Q1.rq [Q2.rq ...] - runs each
query with rdflib on DATA.nq (an N-Quads dataset; the default graph is the
union of its graphs) and compares the answer with newsgraph's, read from
OURS_DIR/NAME.tsv (`newsgraph query --results tsv`).  Rows are compared as
a multiset, in order only when the query ends with ORDER BY; numeric
literals by value (1, "1"^^xsd:integer and 1.0 are equal); blank nodes up
to renaming (their labels are dropped, so two answers that differ only in
the labels compare equal).  EXPECTED lists 'NAME reason' for the queries
where rdflib is known to answer wrongly (or the answer is
the form of the query): those must still differ from rdflib's answer
(so the list cannot go stale), and newsgraph's answer must equal rdflib's
answer to OTHER.rq, the same question asked in a form rdflib answers
rightly (the line reads 'NAME =OTHER reason').  No answer is frozen in a
file: the references are computed on the data of the run.  Prints one line per query; exits 1 on any
unexpected difference, 77 when rdflib is missing.  Written for
newsgraph's tests; public domain."""
import os
import re
import sys
from decimal import Decimal, InvalidOperation

try:
    import rdflib
    import rdflib.plugins.sparql
    from rdflib.term import BNode, Literal, URIRef
except ImportError:
    sys.exit(77)

# FROM / FROM NAMED must never make rdflib fetch a URI
rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False

XSD = "http://www.w3.org/2001/XMLSchema#"
NUMERIC = {XSD + t for t in (
    "integer", "decimal", "float", "double", "int", "long", "short", "byte",
    "nonNegativeInteger", "positiveInteger", "negativeInteger",
    "nonPositiveInteger", "unsignedInt", "unsignedLong", "unsignedShort",
    "unsignedByte")}
UNESC = {"t": "\t", "n": "\n", "r": "\r", '"': '"', "\\": "\\", "'": "'",
         "b": "\b", "f": "\f"}


def number(lexical):
    try:
        return ("num", Decimal(lexical.strip()))
    except InvalidOperation:
        return None


def norm(kind, value, lang=None, dt=None):
    """One term as a comparable tuple."""
    if kind == "lit":
        if dt in NUMERIC:
            n = number(value)
            if n is not None:
                return n
        if dt == XSD + "string":
            dt = None
        return ("lit", value, (lang or "").lower(), dt or "")
    if kind == "bnode":
        return ("bnode",)
    return (kind, value)


def unescape(s):
    out = []
    i = 0
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s):
            n = s[i + 1]
            if n in UNESC:
                out.append(UNESC[n])
                i += 2
                continue
            if n == "u":
                out.append(chr(int(s[i + 2:i + 6], 16)))
                i += 6
                continue
            if n == "U":
                out.append(chr(int(s[i + 2:i + 10], 16)))
                i += 10
                continue
        out.append(c)
        i += 1
    return "".join(out)


LIT = re.compile(r'^"(.*)"(?:@([A-Za-z0-9-]+)|\^\^<([^>]*)>)?$', re.S)


def parse_cell(cell):
    """A TSV cell (SPARQL 1.1 TSV results) as a comparable tuple."""
    if cell == "":
        return ("unbound",)
    if cell.startswith("<") and cell.endswith(">"):
        return norm("iri", cell[1:-1])
    if cell.startswith("_:"):
        return norm("bnode", cell[2:])
    m = LIT.match(cell)
    if m:
        return norm("lit", unescape(m.group(1)), m.group(2), m.group(3))
    if cell in ("true", "false"):
        return norm("lit", cell, dt=XSD + "boolean")
    n = number(cell)
    if n is not None:
        return n
    return ("unparsed", cell)


def rdflib_term(t):
    if t is None:
        return ("unbound",)
    if isinstance(t, URIRef):
        return norm("iri", str(t))
    if isinstance(t, BNode):
        return norm("bnode", str(t))
    if isinstance(t, Literal):
        return norm("lit", str(t), t.language,
                    str(t.datatype) if t.datatype is not None else None)
    return ("unparsed", str(t))


def ours(path):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    head = [v.lstrip("?$") for v in lines[0].split("\t")] if lines else []
    rows = [tuple(parse_cell(c) for c in line.split("\t"))
            for line in lines[1:]]
    return head, rows


def ordered(query):
    """True when the outermost query ends with ORDER BY (after the last
    closing brace, so a subquery's ORDER BY does not count)."""
    text = re.sub(r"#[^\n]*", "", query)
    return re.search(r"ORDER\s+BY", text[text.rfind("}") + 1:], re.I) \
        is not None


def show(row):
    return " | ".join(repr(x[1:]) if len(x) > 1 else x[0] for x in row)


def compare(head1, rows1, head2, rows2, in_order, other="rdflib"):
    """A list of lines describing the differences (empty: equal)."""
    if head1 != head2:
        return ["columns: newsgraph %s, %s %s" % (head1, other, head2)]
    if in_order:
        if rows1 == rows2:
            return []
        for i, (a, b) in enumerate(zip(rows1, rows2)):
            if a != b:
                return ["row %d: newsgraph %s" % (i + 1, show(a)),
                        "row %d: %-9s %s" % (i + 1, other, show(b))] + \
                    compare(head1, rows1, head2, rows2, False, other)
        return ["rows: newsgraph %d, %s %d" % (len(rows1), other, len(rows2))]
    from collections import Counter
    c1, c2 = Counter(rows1), Counter(rows2)
    out = []
    for r in sorted(c1 - c2, key=repr)[:8]:
        out.append("only newsgraph: %s" % show(r))
    for r in sorted(c2 - c1, key=repr)[:8]:
        out.append("only %-10s %s" % (other + ":", show(r)))
    if out:
        out.insert(0, "rows: newsgraph %d, %s %d" %
                   (len(rows1), other, len(rows2)))
    return out


def main():
    data, oursdir, expected = sys.argv[1:4]
    xfail = {}
    if os.path.exists(expected):
        with open(expected, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if line and not line.startswith("#"):
                    name, _, why = line.partition(" ")
                    xfail[name] = why.strip()
    ds = rdflib.ConjunctiveGraph()
    ds.parse(data, format="nquads")
    fail = 0
    for qpath in sys.argv[4:]:
        name = os.path.basename(qpath)[:-3]
        with open(qpath, encoding="utf-8") as f:
            q = f.read()
        try:
            res = ds.query(q)
            head2 = [str(v) for v in res.vars]
            rows2 = [tuple(rdflib_term(x) for x in row) for row in res]
        except Exception as e:  # rdflib cannot answer: a difference
            head2, rows2 = ["rdflib error: %s" % e], []
        head1, rows1 = ours(os.path.join(oursdir, name + ".tsv"))
        diff = compare(head1, rows1, head2, rows2, ordered(q))
        if not diff and name in xfail:
            print("FAIL %s: listed as an expected difference, but equal"
                  % name)
            fail = 1
        elif not diff:
            print("ok   %s (%d rows%s, as rdflib)" %
                  (name, len(rows1), ", ordered" if ordered(q) else ""))
        elif name in xfail:
            # rdflib is no reference for this form: newsgraph's answer
            # must be rdflib's answer to the same question in another form
            m = re.match(r"=(\S+)\s+(.*)", xfail[name])
            other = m and os.path.join(os.path.dirname(qpath),
                                       m.group(1) + ".rq")
            if not other or not os.path.exists(other):
                print("FAIL %s: an expected difference needs '=OTHER' "
                      "naming a query of the same answer" % name)
                fail = 1
                continue
            with open(other, encoding="utf-8") as f:
                q3 = f.read()
            res3 = ds.query(q3)
            head3 = [str(v) for v in res3.vars]
            rows3 = [tuple(rdflib_term(x) for x in row) for row in res3]
            diff3 = compare(head1, rows1, head3, rows3, ordered(q),
                            "rdflib on " + m.group(1))
            if diff3:
                print("FAIL %s: differs from rdflib's answer to %s:"
                      % (name, m.group(1)))
                for d in diff3:
                    print("       " + d)
                fail = 1
                continue
            print("ok   %s (%d rows, as rdflib's answer to %s; rdflib "
                  "differs on this form: %s)" %
                  (name, len(rows1), m.group(1), m.group(2)))
            for d in diff:
                print("       " + d)
        else:
            print("FAIL %s: differs from rdflib:" % name)
            for d in diff:
                print("       " + d)
            fail = 1
    sys.exit(fail)


main()
