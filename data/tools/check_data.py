#!/usr/bin/env python3
"""Validates the newsgraph data files; exits 1 on any problem.

Usage: python3 data/tools/check_data.py [--data DIR] [--quiet]
                                        [--actors FILE...]

Checks data/countries.tsv, data/actors/*.tsv, data/lexicon/agents.tsv and
data/places.tsv (when present) against the formats in data/README.md:
valid UTF-8, LF line ends, the header, the number of fields on every line
(a tab inside a field shows up here), known types, ISO3 codes that exist
in countries.tsv, QIDs, CAMEO codes and date ranges, posts whose
organisation key resolves, keys unique across the shipped files, and
place names given once, non-empty, of kind city or region.  Files given
with --actors are checked as user files read after the shipped ones: their
keys may replace shipped keys (they are listed as overrides) but must be
unique among themselves.  Shared aliases and place names that are also
country names or capitals are reported as warnings only.  Standard
library only.
"""

import collections
import datetime
import glob
import os
import re
import sys
import unicodedata

TYPES = {"Person", "Government", "Country", "IGO", "ArmedGroup",
         "MilitaryForce", "Media", "Organization"}
ACTOR_COLUMNS = ["key", "type", "label", "country", "qid", "cameo",
                 "aliases", "posts"]
COUNTRY_COLUMNS = ["iso3", "iso2", "qid", "cameo", "name", "demonyms",
                   "aliases", "capitals"]
AGENT_COLUMNS = ["term", "code", "kind"]
PLACE_COLUMNS = ["name", "iso3", "kind", "note"]
PLACE_KINDS = {"city", "region"}
KEY_RE = re.compile(r"^(person|igo|group|org|media|mil)/"
                    r"[a-z0-9]+(-[a-z0-9]+)*$|^gov/[A-Z]{3}$")
CODE_RE = re.compile(r"^(?:[A-Z0-9]{3})+$")
DATE_RE = r"\d{4}-\d{2}-\d{2}"
CAMEO_ITEM_RE = re.compile(r"^([A-Z0-9]+)(?:@(%s)?\.\.(%s)?)?$" % (DATE_RE,
                                                                  DATE_RE))
POST_RE = re.compile(r"^([^@]+)@([^@]+)(?:@(%s)?\.\.(%s)?)?$" % (DATE_RE,
                                                                DATE_RE))
QID_RE = re.compile(r"^Q[1-9][0-9]*$")
TYPE_PREFIX = {"Person": "person/", "IGO": "igo/", "ArmedGroup": "group/",
               "MilitaryForce": "mil/", "Media": "media/"}


class Checker:
    def __init__(self, quiet):
        self.errors = 0
        self.warnings = 0
        self.quiet = quiet

    def error(self, where, msg):
        self.errors += 1
        print("%s: error: %s" % (where, msg))

    def warn(self, where, msg):
        self.warnings += 1
        if not self.quiet:
            print("%s: warning: %s" % (where, msg))

    def read(self, path, columns):
        """Returns rows as (lineno, dict); checks encoding and layout."""
        rows = []
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError as e:
            self.error(path, str(e))
            return rows
        try:
            text = data.decode("utf-8", errors="strict")
        except UnicodeDecodeError as e:
            self.error(path, "not valid UTF-8 (%s)" % e)
            return rows
        if "\r" in text:
            self.error(path, "CR characters: lines must end with LF only")
        if text.startswith("\ufeff"):
            self.error(path, "byte order mark at the start")
        if text and not text.endswith("\n"):
            self.error(path, "no newline at the end of the file")
        header = None
        for n, line in enumerate(text.split("\n"), 1):
            if not line or line.startswith("#"):
                continue
            where = "%s:%d" % (path, n)
            fields = line.split("\t")
            if header is None:
                header = fields
                if header != columns:
                    self.error(where, "header must be %r" % "\t".join(columns))
                    return rows
                continue
            if len(fields) != len(columns):
                self.error(where, "%d fields, %d expected" % (len(fields),
                                                              len(columns)))
                continue
            for name, value in zip(columns, fields):
                if value != value.strip():
                    self.error(where, "%s has leading or trailing blanks"
                               % name)
                if any(unicodedata.category(c) == "Cc" for c in value):
                    self.error(where, "%s holds a control character" % name)
            rows.append((where, dict(zip(columns, fields))))
        if header is None:
            self.error(path, "no header line")
        return rows

    def check_list(self, where, name, value, sep="|"):
        if not value:
            return []
        items = value.split(sep)
        seen = set()
        for item in items:
            if not item or item != item.strip():
                self.error(where, "%s: empty item or blanks around %r"
                           % (name, item))
                continue
            if sep == "|" and item.lower().startswith("the ") and \
                    name != "capitals":
                self.error(where, "%s: %r starts with 'the'" % (name, item))
            f = fold(item)
            if f in seen and name != "cameo":
                self.warn(where, "%s: %r repeated" % (name, item))
            seen.add(f)
        return items

    def check_date(self, where, what, s):
        try:
            datetime.date.fromisoformat(s)
        except ValueError:
            self.error(where, "%s: %r is not a valid date" % (what, s))

    def check_range(self, where, what, start, end):
        if start:
            self.check_date(where, what, start)
        if end:
            self.check_date(where, what, end)
        if start and end and end < start:
            self.error(where, "%s: range ends before it starts" % what)


def fold(text):
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("\u2019", "'").replace("\u2018", "'").casefold()
    text = re.sub(r"[-\s]+", " ", text).strip()
    return text[4:] if text.startswith("the ") else text


def check_countries(ck, path):
    rows = ck.read(path, COUNTRY_COLUMNS)
    iso = {}
    for where, r in rows:
        if not re.match(r"^[A-Z]{3}$", r["iso3"]):
            ck.error(where, "iso3 %r" % r["iso3"])
        if r["iso3"] in iso:
            ck.error(where, "iso3 %s repeated" % r["iso3"])
        iso[r["iso3"]] = r
        if not re.match(r"^[A-Z]{2}$", r["iso2"]):
            ck.error(where, "iso2 %r" % r["iso2"])
        if r["qid"] and not QID_RE.match(r["qid"]):
            ck.error(where, "qid %r" % r["qid"])
        if not CODE_RE.match(r["cameo"]):
            ck.error(where, "cameo %r" % r["cameo"])
        if not r["name"]:
            ck.error(where, "empty name")
        for col in ("demonyms", "aliases", "capitals"):
            ck.check_list(where, col, r[col])
    for col in ("aliases", "demonyms"):
        owners = collections.defaultdict(set)
        for where, r in rows:
            names = r[col].split("|") if r[col] else []
            if col == "aliases":
                names.append(r["name"])
            for a in names:
                owners[fold(a)].add(r["iso3"])
        for a, isos in sorted(owners.items()):
            if len(isos) > 1:
                ck.warn(path, "%s %r shared by %s (ambiguous)" % (
                    col, a, ",".join(sorted(isos))))
    return iso, len(rows)


def check_agents(ck, path):
    rows = ck.read(path, AGENT_COLUMNS)
    seen = set()
    for where, r in rows:
        t = r["term"]
        if t != t.lower() or "  " in t or not t:
            ck.error(where, "term %r must be lower case, single spaces" % t)
        if t in seen:
            ck.error(where, "term %r repeated" % t)
        seen.add(t)
        if not CODE_RE.match(r["code"]):
            ck.error(where, "code %r" % r["code"])
        if r["kind"] not in ("title", "group", "role"):
            ck.error(where, "kind %r" % r["kind"])
    return len(rows)


def check_places(ck, path, iso):
    """places.tsv: a name is given once, for a country of countries.tsv;
    a country's own name or a capital is reported as a warning."""
    rows = ck.read(path, PLACE_COLUMNS)
    country_names = {}
    for code, r in iso.items():
        for col in ("name", "aliases", "demonyms", "capitals"):
            for n in r[col].split("|"):
                if n:
                    country_names.setdefault(fold(n), (code, col))
    seen = {}
    for where, r in rows:
        name = r["name"]
        if not name:
            ck.error(where, "empty name")
            continue
        if name.lower().startswith("the "):
            ck.error(where, "name %r starts with 'the'" % name)
        if r["iso3"] not in iso:
            ck.error(where, "iso3 %r not in countries.tsv" % r["iso3"])
        if r["kind"] not in PLACE_KINDS:
            ck.error(where, "kind %r: one of %s" % (
                r["kind"], ", ".join(sorted(PLACE_KINDS))))
        f = fold(name)
        if f in seen:
            ck.error(where, "name %r already at %s" % (name, seen[f]))
        seen.setdefault(f, where)
        if f in country_names:
            code, col = country_names[f]
            ck.warn(where, "%r is also in countries.tsv (%s of %s)"
                    % (name, col, code))
    return len(rows)


def check_actors(ck, files, user_files, iso):
    allrows = []
    keys = {}
    for path in files + user_files:
        user = path in user_files
        for where, r in ck.read(path, ACTOR_COLUMNS):
            k = r["key"]
            if k in keys:
                prev_where, prev_user = keys[k]
                same_file = prev_where.rsplit(":", 1)[0] == path
                if user and not prev_user:
                    ck.warn(where, "key %s replaces %s" % (k, prev_where))
                elif same_file or not user:
                    ck.error(where, "key %s already used at %s" % (
                        k, prev_where))
            keys[k] = (where, user)
            allrows.append((where, r))
    stats = {"aliases": 0, "people_with_posts": 0, "current_posts": 0}
    today = datetime.date.today().isoformat()
    for where, r in allrows:
        k, t = r["key"], r["type"]
        if not KEY_RE.match(k):
            ck.error(where, "key %r: lower-case slug with a prefix "
                     "person/ igo/ group/ org/ media/ mil/ (or gov/ISO3)" % k)
        if t not in TYPES:
            ck.error(where, "type %r" % t)
        if k.startswith("gov/"):
            if t != "Government":
                ck.error(where, "gov/ keys are of type Government")
            if k[4:] not in iso:
                ck.error(where, "gov/%s: no such ISO3 in countries.tsv"
                         % k[4:])
        elif t in TYPE_PREFIX and not k.startswith(TYPE_PREFIX[t]):
            ck.error(where, "a %s key starts with %s" % (t, TYPE_PREFIX[t]))
        if not r["label"]:
            ck.error(where, "empty label")
        if r["country"] and r["country"] not in iso:
            ck.error(where, "country %r not in countries.tsv" % r["country"])
        if r["qid"] and not QID_RE.match(r["qid"]):
            ck.error(where, "qid %r" % r["qid"])
        for item in ck.check_list(where, "cameo", r["cameo"], ";"):
            m = CAMEO_ITEM_RE.match(item)
            if not m or not CODE_RE.match(m.group(1)):
                ck.error(where, "cameo item %r: CODE or CODE@FROM..TO"
                         % item)
                continue
            ck.check_range(where, "cameo " + item, m.group(2), m.group(3))
        aliases = ck.check_list(where, "aliases", r["aliases"])
        stats["aliases"] += len(aliases)
        if fold(r["label"]) in {fold(a) for a in aliases}:
            ck.warn(where, "an alias repeats the label")
        posts = ck.check_list(where, "posts", r["posts"], ";")
        if posts and t != "Person":
            ck.error(where, "posts are for people only")
        current = False
        for p in posts:
            m = POST_RE.match(p)
            if not m:
                ck.error(where, "post %r: Title@ORGKEY[@FROM..TO]" % p)
                continue
            title, org, start, end = m.groups()
            ck.check_range(where, "post " + p, start, end)
            if org.startswith("gov/"):
                if org[4:] not in iso:
                    ck.error(where, "post %r: no country %s" % (p, org[4:]))
            elif org not in keys:
                ck.error(where, "post %r: no actor %s" % (p, org))
            if title != title.strip() or not title[:1].isupper():
                ck.error(where, "post title %r: title case" % title)
            if (not end or end > today) and (not start or start <= today):
                current = True
        if posts:
            stats["people_with_posts"] += 1
            stats["current_posts"] += current
    # the same surface form naming two actors: ambiguous for the matcher
    owners = collections.defaultdict(set)
    for where, r in allrows:
        for n in [r["label"]] + (r["aliases"].split("|")
                                 if r["aliases"] else []):
            owners[fold(n)].add(r["key"])
    shared = [(n, ks) for n, ks in owners.items() if len(ks) > 1]
    for n, ks in sorted(shared)[:200]:
        ck.warn("actors", "%r names %s" % (n, ", ".join(sorted(ks))))
    stats["shared_names"] = len(shared)
    return allrows, stats


def main():
    args = sys.argv[1:]
    data = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    user_files = []
    quiet = False
    i = 0
    while i < len(args):
        if args[i] == "--data":
            data = args[i + 1]
            i += 2
        elif args[i] == "--actors":
            i += 1
            while i < len(args) and not args[i].startswith("--"):
                user_files.append(args[i])
                i += 1
        elif args[i] == "--quiet":
            quiet = True
            i += 1
        else:
            sys.exit(__doc__)
    ck = Checker(quiet)
    iso, ncountries = check_countries(ck, os.path.join(data, "countries.tsv"))
    nagents = check_agents(ck, os.path.join(data, "lexicon", "agents.tsv"))
    files = sorted(glob.glob(os.path.join(data, "actors", "*.tsv")))
    if not files:
        ck.error(os.path.join(data, "actors"), "no actor files")
    rows, stats = check_actors(ck, files, user_files, iso)
    places_path = os.path.join(data, "places.tsv")
    nplaces = check_places(ck, places_path, iso) \
        if os.path.exists(places_path) else None
    per_file = collections.Counter(w.rsplit(":", 1)[0] for w, _ in rows)
    print("countries.tsv: %d countries" % ncountries)
    print("lexicon/agents.tsv: %d terms" % nagents)
    if nplaces is not None:
        print("places.tsv: %d places" % nplaces)
    for path in files + user_files:
        print("%s: %d actors" % (os.path.relpath(path, data),
                                 per_file[path]))
    print("actors: %d, aliases: %d, people with posts: %d (current: %d), "
          "names shared by two actors: %d" % (
              len(rows), stats["aliases"], stats["people_with_posts"],
              stats["current_posts"], stats["shared_names"]))
    print("%d errors, %d warnings" % (ck.errors, ck.warnings))
    return 1 if ck.errors else 0


if __name__ == "__main__":
    sys.exit(main())
