#!/usr/bin/env python3
"""Validate newsgraph's CAMEO event data files (data/events/README.md):

  data/cameo.tsv               code name plover mode context quad goldstein
  data/events/verb-forms.tsv   lemma forms
  data/events/synsets.tsv      name members
  data/events/cameo-verbs.tsv  code lemma pattern source

Checks: exact headers and column counts; UTF-8, LF line ends; codes exist
in cameo.tsv; every lemma of cameo-verbs.tsv is in verb-forms.tsv; every
&set used is defined; balanced, non-nested brackets and exactly one '*'
per pattern; no duplicate rows (nor two codes for one lemma and pattern);
no form shared by two lemmas except the known true homographs.
Prints each problem as FILE:LINE: message and exits 1 if there is any.

Usage: python3 data/tools/check_events.py [DATA_DIR]
Standard library only.
"""

import os
import re
import sys

DATA_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

PLOVER_CATEGORIES = {
    "AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT",
    "ACCUSE", "REQUEST", "REJECT", "THREATEN", "PROTEST", "MOBILIZE",
    "SANCTION", "COERCE", "ASSAULT",
}

# Forms that truly belong to two dictionary lemmas.
TRUE_HOMOGRAPHS = {
    "found": {"find", "found"},     # found (establish) / past of find
    "bound": {"bind", "bound"},     # bound (leap) / past of bind
}

PATTERN_SPECIALS = {"*", "$", "+", "^", "%", "{", "}", "(", ")"}
WORD_RE = re.compile(r"[a-z0-9][a-z0-9.'\-]*$")
SET_RE = re.compile(r"&[a-z0-9_\-]+$")


class Checker:
    def __init__(self, data_dir):
        self.data_dir = data_dir
        self.problems = 0

    def fail(self, path, line, msg):
        self.problems += 1
        rel = os.path.relpath(path, os.path.dirname(self.data_dir))
        print("%s:%s: %s" % (rel, line, msg))

    def read(self, rel, columns):
        """Returns [(line number, fields)] after checking the framing."""
        path = os.path.join(self.data_dir, rel)
        rows = []
        try:
            with open(path, "rb") as f:
                raw = f.read()
        except OSError as e:
            self.fail(path, 0, "cannot read: %s" % e)
            return path, rows
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            self.fail(path, 0, "not UTF-8: %s" % e)
            return path, rows
        if "\r" in text:
            self.fail(path, 0, "CR characters (line ends must be LF)")
        if not text.endswith("\n"):
            self.fail(path, 0, "no final newline")
        header = None
        for n, line in enumerate(text.split("\n")[:-1], 1):
            if line.startswith("#"):
                continue
            if not line:
                self.fail(path, n, "empty line")
                continue
            fields = line.split("\t")
            if header is None:
                header = fields
                if fields != columns:
                    self.fail(path, n, "header %r, expected %r"
                              % (fields, columns))
                continue
            if len(fields) != len(columns):
                self.fail(path, n, "%d fields, expected %d"
                          % (len(fields), len(columns)))
                continue
            for fld in fields:
                if fld != fld.strip() or "  " in fld:
                    self.fail(path, n, "stray blanks in %r" % fld)
            rows.append((n, fields))
        if header is None:
            self.fail(path, 0, "no header")
        return path, rows

    # -------------------------------------------------------------- cameo
    def check_cameo(self):
        path, rows = self.read("cameo.tsv", ["code", "name", "plover", "mode",
                                             "context", "quad", "goldstein"])
        codes = {}
        for n, (code, name, plover, mode, context, quad, gold) in rows:
            if not re.fullmatch(r"\d{2,4}", code):
                self.fail(path, n, "bad code %r" % code)
                continue
            if code in codes:
                self.fail(path, n, "duplicate code %s (line %d)"
                          % (code, codes[code]))
            codes[code] = n
            if not name:
                self.fail(path, n, "empty name")
            if plover and plover not in PLOVER_CATEGORIES:
                self.fail(path, n, "unknown PLOVER category %r" % plover)
            for v in (mode, context):
                if v and not re.fullmatch(r"[a-z_\-]+(\|[a-z_\-]+)*", v):
                    self.fail(path, n, "bad mode/context %r" % v)
            root = int(code[:2])
            want = "1" if root <= 5 else "2" if root <= 8 else \
                "3" if root <= 13 else "4"
            if not 1 <= root <= 20:
                self.fail(path, n, "root %02d outside 01-20" % root)
            if quad != want:
                self.fail(path, n, "quad %r, expected %s" % (quad, want))
            if gold:
                try:
                    g = float(gold)
                    if not -10.0 <= g <= 10.0:
                        raise ValueError
                except ValueError:
                    self.fail(path, n, "bad Goldstein value %r" % gold)
        for code, n in codes.items():
            if len(code) > 2 and code[:len(code) - 1] not in codes:
                self.fail(path, n, "parent %s of %s missing"
                          % (code[:len(code) - 1], code))
        if len(codes) != 316:
            self.fail(path, 0, "%d codes, expected the 316 CAMEO codes"
                      % len(codes))
        return codes

    # --------------------------------------------------------- verb forms
    def check_forms(self):
        path, rows = self.read("events/verb-forms.tsv", ["lemma", "forms"])
        lemmas = {}
        owners = {}
        for n, (lemma, forms) in rows:
            if not re.fullmatch(r"[a-z][a-z'\-]*( [a-z][a-z'\-]*)*", lemma):
                self.fail(path, n, "bad lemma %r" % lemma)
            if lemma in lemmas:
                self.fail(path, n, "duplicate lemma %r (line %d)"
                          % (lemma, lemmas[lemma]))
            lemmas[lemma] = n
            flist = forms.split("|")
            if len(set(flist)) != len(flist):
                self.fail(path, n, "repeated form in %r" % forms)
            if lemma not in flist:
                self.fail(path, n, "forms of %r do not include it" % lemma)
            for f in flist:
                if not re.fullmatch(r"[a-z][a-z'\-]*( [a-z][a-z'\-]*)*", f):
                    self.fail(path, n, "bad form %r" % f)
                owners.setdefault(f, set()).add(lemma)
        for f, ls in sorted(owners.items()):
            if len(ls) > 1 and TRUE_HOMOGRAPHS.get(f) != ls:
                self.fail(path, 0, "form %r belongs to %s"
                          % (f, ", ".join(sorted(ls))))
        return lemmas

    # ------------------------------------------------------------ synsets
    def check_synsets(self):
        path, rows = self.read("events/synsets.tsv", ["name", "members"])
        names = {}
        for n, (name, members) in rows:
            if not SET_RE.match(name):
                self.fail(path, n, "bad synset name %r" % name)
            if name in names:
                self.fail(path, n, "duplicate synset %s (line %d)"
                          % (name, names[name]))
            names[name] = n
            mlist = members.split("|")
            if len(set(mlist)) != len(mlist):
                self.fail(path, n, "repeated member in %s" % name)
            for m in mlist:
                words = m[:-1] if m.endswith("$") else m
                if not words or not all(WORD_RE.match(w) or
                                        re.fullmatch(r"[a-z0-9.'/\-]+", w)
                                        for w in words.split(" ")):
                    self.fail(path, n, "bad member %r in %s" % (m, name))
        return names

    # ----------------------------------------------------------- patterns
    def check_pattern(self, path, n, pattern, synsets):
        toks = pattern.split(" ")
        if "" in toks:
            self.fail(path, n, "double blank in pattern %r" % pattern)
            return
        if toks.count("*") != 1:
            self.fail(path, n, "pattern %r has %d '*'"
                      % (pattern, toks.count("*")))
        brace = paren = False
        brace_len = 0
        for t in toks:
            if t == "{":
                if brace:
                    self.fail(path, n, "nested { in %r" % pattern)
                brace, brace_len = True, 0
            elif t == "}":
                if not brace:
                    self.fail(path, n, "unbalanced } in %r" % pattern)
                elif brace_len < 2:
                    self.fail(path, n, "phrase of %d word in %r"
                              % (brace_len, pattern))
                brace = False
            elif t == "(":
                if paren or brace:
                    self.fail(path, n, "nested ( in %r" % pattern)
                paren = True
            elif t == ")":
                if not paren or brace:
                    self.fail(path, n, "unbalanced ) in %r" % pattern)
                paren = False
            elif t in PATTERN_SPECIALS:
                if brace and t != "*":
                    self.fail(path, n, "%r inside a phrase in %r"
                              % (t, pattern))
                if brace and t == "*":
                    self.fail(path, n, "verb inside a phrase in %r"
                              % pattern)
            elif t.startswith("&"):
                brace_len += 1
                if not SET_RE.match(t):
                    self.fail(path, n, "bad synset token %r" % t)
                elif t not in synsets:
                    self.fail(path, n, "undefined synset %s" % t)
            else:
                brace_len += 1
                if not WORD_RE.match(t):
                    self.fail(path, n, "bad word %r in %r" % (t, pattern))
        if brace or paren:
            self.fail(path, n, "unclosed bracket in %r" % pattern)

    def check_verbs(self, codes, lemmas, synsets):
        path, rows = self.read("events/cameo-verbs.tsv",
                               ["code", "lemma", "pattern", "source"])
        seen = {}
        defaults = 0
        for n, (code, lemma, pattern, source) in rows:
            m = re.fullmatch(r"(\d{2,4})?(?::(\d{2,4}))?", code)
            if not code or not m or (":" in code and not m.group(2)):
                self.fail(path, n, "bad code %r" % code)
            else:
                for part in code.split(":"):
                    if part and part not in codes:
                        self.fail(path, n, "code %s not in cameo.tsv" % part)
            if lemma not in lemmas:
                self.fail(path, n, "lemma %r not in verb-forms.tsv" % lemma)
            self.check_pattern(path, n, pattern, synsets)
            if pattern == "*":
                defaults += 1
            if not re.fullmatch(r"CAMEO\.2\.0\.txt:\d+", source):
                self.fail(path, n, "bad source %r" % source)
            key = (lemma, pattern)
            if key in seen:
                self.fail(path, n, "%s / %s already on line %d"
                          % (lemma, pattern, seen[key]))
            seen[key] = n
        return len(rows), defaults


def main():
    data_dir = sys.argv[1] if len(sys.argv) > 1 else DATA_DIR
    c = Checker(os.path.abspath(data_dir))
    codes = c.check_cameo()
    lemmas = c.check_forms()
    synsets = c.check_synsets()
    nrows, ndef = c.check_verbs(codes, lemmas, synsets)
    print("codes %d, lemmas %d, synsets %d, cameo-verbs rows %d "
          "(%d verb defaults)" % (len(codes), len(lemmas), len(synsets),
                                  nrows, ndef))
    if c.problems:
        print("%d problem(s)" % c.problems)
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
