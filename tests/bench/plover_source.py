#!/usr/bin/env python3
"""plover_source.py - how often the source country of a PLOVER gold
sentence's first event (events in their order in the article) is right.
A measurement, not a test; it uses the team's scorer for running
newsgraph and reading its graph.

    python3 tests/bench/plover_source.py SCORER_DIR GOLD.json [NEWSGRAPH]

SCORER_DIR holds ngscore.py (../shared/eval); GOLD is
plover_gsr_dev.json; NEWSGRAPH defaults to src/newsgraph.
"""
import sys


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    sys.path.insert(0, sys.argv[1])
    import ngscore as S
    gold = S.plover_records(sys.argv[2])
    binary = sys.argv[3] if len(sys.argv) > 3 else "src/newsgraph"
    records = [dict(id=r["id"], date=r.get("date", "2000-01-01"),
                    text=r["text"]) for r in gold]
    view = S.View(S.run_newsgraph(binary, records))
    n = right = 0
    for r in gold:
        doc = view.doc_of_id.get(r["id"])
        events = view.events(doc) if doc is not None else []
        want = S.codes(r.get("source"))
        if not events or not want:
            continue
        events.sort(key=lambda e: int(str(e["node"]).rsplit("/", 1)[1]))
        first = events[0]
        if not first["sources"]:
            continue
        n += 1
        got = {(view.iso3(x) or "") for x in first["sources"]}
        right += bool(want & got)
    print("source country of the first event: %d of %d = %.1f%%"
          % (right, n, 100.0 * right / n if n else 0.0))


if __name__ == "__main__":
    main()
