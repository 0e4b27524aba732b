#!/usr/bin/env python3
"""Scores a CoNLL-U file of predictions against the gold one with the same
words (newsgraph parse --input-format conllu): UPOS, XPOS, lemma, UAS and
LAS over all words, punctuation included.  LAS compares the universal part
of the relation ("nsubj:pass" -> "nsubj") as the CoNLL 2018 shared task
does; LAS-full compares the whole relation.

  syntax_score.py GOLD.conllu PRED.conllu [--json]
"""
import json
import sys


def words(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) != 10 or not cols[0].isdigit():
                continue
            out.append(cols)
    return out


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(args) != 2:
        sys.exit(__doc__)
    gold, pred = words(args[0]), words(args[1])
    if len(gold) != len(pred):
        sys.exit("different numbers of words: %d gold, %d predicted"
                 % (len(gold), len(pred)))
    n = len(gold)
    tot = {"UPOS": 0, "XPOS": 0, "LEMMA": 0, "UAS": 0, "LAS": 0,
           "LAS-full": 0}
    for g, p in zip(gold, pred):
        if g[1] != p[1]:
            sys.exit("word %r against %r: not the same words" % (g[1], p[1]))
        tot["UPOS"] += g[3] == p[3]
        tot["XPOS"] += g[4] == p[4]
        tot["LEMMA"] += g[2] == p[2]
        head = g[6] == p[6]
        tot["UAS"] += head
        tot["LAS"] += head and g[7].split(":")[0] == p[7].split(":")[0]
        tot["LAS-full"] += head and g[7] == p[7]
    res = {k: round(100.0 * v / n, 2) if n else 0.0 for k, v in tot.items()}
    res["words"] = n
    if "--json" in sys.argv:
        print(json.dumps(res))
    else:
        print("  ".join("%s %s" % (k, v) for k, v in res.items()))


if __name__ == "__main__":
    main()
