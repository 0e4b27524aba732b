"""Shared helpers for the newsgraph data converters and checker.

Reads TABARI/PETRARCH actor dictionaries, turns UPPER_CASE dictionary
phrases into natural-case names, converts CAMEO date restrictions, and
writes the TSV files described in data/README.md.  Standard library only.
"""

import os
import re
import sys
import unicodedata

DATA_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

ACTOR_COLUMNS = ["key", "type", "label", "country", "qid", "cameo",
                 "aliases", "posts"]
COUNTRY_COLUMNS = ["iso3", "iso2", "qid", "cameo", "name", "demonyms",
                   "aliases", "capitals"]
AGENT_COLUMNS = ["term", "code", "kind"]

TYPES = ["Person", "Government", "Country", "IGO", "ArmedGroup",
         "MilitaryForce", "Media", "Organization"]


# ---------------------------------------------------------------- output

def clean_field(value):
    """A field never holds a tab, newline or leading/trailing space."""
    value = re.sub(r"[\t\r\n]+", " ", value)
    value = "".join(c for c in value if unicodedata.category(c) != "Cc")
    return re.sub(r"  +", " ", value).strip()


def write_tsv(path, columns, rows, header_comment):
    """Writes rows (lists of strings) sorted, UTF-8, LF line ends."""
    lines = []
    for line in header_comment.strip("\n").split("\n"):
        lines.append(("# " + line).rstrip() if line else "#")
    lines.append("\t".join(columns))
    body = []
    for row in rows:
        assert len(row) == len(columns), row
        body.append("\t".join(clean_field(v) for v in row))
    body.sort()
    text = "\n".join(lines + body) + "\n"
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    os.replace(tmp, path)
    return len(body)


def read_tsv(path):
    """Returns (columns, rows as dicts with '_line') of a data TSV file."""
    columns = None
    rows = []
    with open(path, encoding="utf-8", newline="") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            fields = line.split("\t")
            if columns is None:
                columns = fields
                continue
            row = dict(zip(columns, fields))
            row["_line"] = n
            rows.append(row)
    return columns, rows


# ---------------------------------------------------------------- text

def fold(text):
    """Matching key: the folds the matcher applies (case, diacritics,
    typographic apostrophes, hyphen vs space, a leading 'the')."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = (text.replace("\u2019", "'").replace("\u2018", "'")
            .replace("\u02bc", "'").replace("`", "'").replace("\u00b4", "'"))
    text = text.replace("\u2010", "-").replace("\u2011", "-")
    text = text.replace("\u2013", "-").replace("\u2014", "-")
    text = text.casefold()
    text = re.sub(r"[-\s]+", " ", text).strip()
    if text.startswith("the "):
        text = text[4:]
    return text


def ascii_fold(text):
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.encode("ascii", "ignore").decode("ascii")


def slugify(text):
    s = ascii_fold(text).lower().replace("'", "")
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s or "x"


def is_latin_text(text):
    """True if every letter is Latin (with or without diacritics)."""
    for c in text:
        if c.isalpha():
            try:
                name = unicodedata.name(c)
            except ValueError:
                return False
            if "LATIN" not in name:
                return False
    return True


VOWELS = set("AEIOUY")

# Lower-cased inside person names (not as the first word).
NAME_PARTICLES = {"al", "el", "bin", "ibn", "bint", "de", "van", "von",
                  "der", "da", "di", "del", "dos", "das", "du", "den",
                  "ter", "ten", "la"}
# Joined to the next word with a hyphen: "AL_MALIKI" -> "al-Maliki".
HYPHEN_PARTICLES = {"al", "el"}
# Lower-cased inside organisation names (not as the first word).
MINOR_WORDS = {"a", "an", "and", "as", "at", "by", "for", "from", "in",
               "into", "of", "on", "or", "the", "to", "with", "de", "del",
               "des", "du", "la", "le", "les", "y", "e", "et", "da", "do",
               "dos", "das", "di", "della", "van", "von", "der", "al", "el",
               "bin", "ibn", "fur", "und", "per"}
ROMAN = re.compile(r"^(?=[MDCLXVI]+$)M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})"
                   r"(IX|IV|V?I{0,3})$")


def case_word(word, acronyms, person, first, single=False):
    """Natural case for one UPPER-case dictionary word."""
    if not word:
        return word
    if "-" in word and not word.startswith("-") and not word.endswith("-"):
        parts = word.split("-")
        out = [case_word(parts[0], acronyms, person, first)]
        out += [case_word(p, acronyms, person, False) for p in parts[1:]]
        return "-".join(out)
    if "/" in word:
        parts = word.split("/")
        return "/".join(case_word(p, acronyms, person, first and i == 0)
                        for i, p in enumerate(parts))
    low = word.lower()
    bare = re.sub(r"[^A-Za-z0-9]", "", word)
    if re.match(r"^\d+(st|nd|rd|th|s)?\.?$", low):
        return low                      # "2nd", "1920s"
    if person:
        if not first and low in NAME_PARTICLES:
            return low
        if len(bare) > 1 and ROMAN.match(bare.upper()) and bare.upper() in {
                "II", "III", "IV", "VI", "VII", "VIII", "IX", "XI", "XII"}:
            return word.upper()
        if low in ("jr.", "jr", "sr.", "sr"):
            return low.capitalize()
    else:
        if word.upper() in acronyms or bare.upper() in acronyms:
            return word.upper()
        if not first and low in MINOR_WORDS:
            return low
        if "." in word and re.match(r"^([A-Z]\.)+[A-Z]?$", word.upper()):
            return word.upper()
        if bare and not (set(bare.upper()) & VOWELS) and len(bare) <= 5 \
                and bare.isalpha():
            return word.upper()
        if single and word.isupper() and len(bare) == 5 and bare.isalpha() \
                and re.search(r"[^AEIOUY]{3}", bare.upper()) and \
                not re.search(r"(SCH|STR|GHT|NCH|NTH|NST|RST|CHT|TCH)",
                              bare.upper()):
            return word.upper()         # "PSCAU", "AUPSC"
        if re.match(r"^\d", bare):
            return word.upper()
    if re.match(r"^[A-Z]\.$", word.upper()):
        return word.upper()
    if re.match(r"^([A-Z]\.){2,}$", word.upper()):
        return word.upper()
    return cap_word(word)


def cap_word(word):
    low = word.lower()
    i = next((k for k, c in enumerate(low) if c.isalpha()), None)
    if i is None:
        return low
    out = low[:i] + low[i].upper() + low[i + 1:]
    # O'Neill, D'Escoto: capitalise after a one-letter prefix and apostrophe
    m = re.match(r"^([A-Za-z])'([a-z])(.*)$", out)
    if m:
        out = m.group(1).upper() + "'" + m.group(2).upper() + m.group(3)
    # McCloy, MacArthur is ambiguous (Mack, Macedo): only Mc
    m = re.match(r"^Mc([a-z])(.*)$", out)
    if m and len(out) > 3:
        out = "Mc" + m.group(1).upper() + m.group(2)
    return out


def phrase_words(phrase):
    """Splits a TABARI phrase on underscores and blanks."""
    phrase = phrase.replace("\t", " ")
    words = [w for w in re.split(r"[_ ]+", phrase) if w]
    return words


def natural_case(phrase, acronyms=frozenset(), person=False):
    """'NOURI_AL-MALIKI' -> 'Nouri al-Maliki';
    'UN_SECURITY_COUNCIL' -> 'UN Security Council'."""
    words = phrase_words(phrase)
    if person and len(words) == 2 and words[0].lower() in HYPHEN_PARTICLES:
        # a surname alone: "AL_ASSAD" -> "al-Assad"
        return words[0].lower() + "-" + case_word(words[1], acronyms,
                                                  person, False)
    if person and len(words) == 1 and re.match(r"^(AL|EL)-.", words[0],
                                               re.I):
        return words[0][:2].lower() + "-" + case_word(words[0][3:],
                                                      acronyms, person,
                                                      False)
    out = []
    i = 0
    while i < len(words):
        w = words[i]
        first = not out
        cw = case_word(w, acronyms, person, first, len(words) == 1)
        if (person and not first and w.lower() in HYPHEN_PARTICLES
                and i + 1 < len(words)):
            nxt = case_word(words[i + 1], acronyms, person, False)
            out.append(cw + "-" + nxt)
            i += 2
            continue
        out.append(cw)
        i += 1
    text = " ".join(out)
    text = text.replace(" ,", ",")
    return text


# ---------------------------------------------------------------- dates

# Typing slips in the Phoenix dictionaries, with the reading used here.
DATE_FIXES = {
    "9008223": "1990-08-23",      # ARMUNR, follows [USRARM <900823]
    "201005011": "2010-05-11",    # David Cameron became PM on 11 May 2010
    "1920030320": "2003-03-20",   # IRQOCC from the 2003 invasion
    "1920050709": "2005-07-09",   # SDNSSDAUT, Sudan CPA autonomy
    "2004017": "2004-01-17",      # Ban Ki-moon, foreign minister from Jan 2004
}


# Kamal Ganzouri's second term as prime minister: Dec 2011 - Aug 2012.
RANGE_FIXES = {
    ("EGYGOV", "20121207-20120802"): ("2011-12-07", "2012-08-02"),
}


class DateError(ValueError):
    pass


def tabari_date(s):
    """YYYYMMDD or YYMMDD (00-30 -> 20YY, else 19YY, as PETRARCH reads
    them) -> 'YYYY-MM-DD'."""
    s = s.strip()
    if s in DATE_FIXES:
        return DATE_FIXES[s]
    if not s.isdigit():
        raise DateError(s)
    if len(s) == 8:
        y, m, d = int(s[:4]), int(s[4:6]), int(s[6:8])
    elif len(s) == 6:
        y = int(s[:2])
        y += 2000 if y <= 30 else 1900
        m, d = int(s[2:4]), int(s[4:6])
    else:
        raise DateError(s)
    if not (1 <= m <= 12):
        raise DateError(s)
    mdays = [31, 29 if (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0))
             else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    if not (1 <= d <= mdays[m - 1]):
        raise DateError(s)
    return "%04d-%02d-%02d" % (y, m, d)


CODE_RE = re.compile(r"^[A-Z0-9]{3}(?:[A-Z0-9]{3})*$")
CODE_FIXES = {"NGOEEURENV": "NGOEURENV"}


# CAMEO role and sector segments (not country or region codes).  A code is
# a country or region code followed by these, or starts with one of the
# international types (IGO, NGO, MNC, IMG).
ROLE_CODES = set("""COP GOV INS JUD MIL OPP PTY REB SEP SPY UAF AGR BUS CRM
CVL DEV EDU ELI ENV HLH HRI LAB LEG MED REF MOD RAD IGO NGO MNC IMG AMN IRC
GRP UNO PKO SET CHR CTH PRO JEW MUS SHI BUD HIN SIK JAN TAO ITP""".split())


def code_segments(code):
    return [code[i:i + 3] for i in range(0, len(code), 3)]


def cameo_item(code, start=None, end=None):
    if not start and not end:
        return code
    return "%s@%s..%s" % (code, start or "", end or "")


# ---------------------------------------------------------------- TABARI

class Entry:
    """One primary phrase of a TABARI actor dictionary with its synonyms
    and (possibly date-restricted) codes."""

    def __init__(self, name, lineno, comment, context):
        self.name = name
        self.lineno = lineno
        self.comment = comment
        self.context = context      # last '# ...' comment line seen
        self.aliases = []
        self.codes = []             # (code, start, end)
        self.block = None           # set by callers (country block)
        self.group = 0              # entries of one group share codes

    def __repr__(self):
        return "Entry(%r, %r, %r)" % (self.name, self.aliases, self.codes)


BRACKET_RE = re.compile(r"\[([^\]]*)\]")


def parse_code(text, warn):
    """'IRQGOV 20060520-20140908' -> (code, start, end) or None."""
    text = text.strip()
    if not text:
        return None
    parts = text.split(None, 1)
    code = parts[0].strip()
    rest = parts[1].strip() if len(parts) > 1 else ""
    code = code.replace("~", "")
    code = CODE_FIXES.get(code, code)
    if code == "---" or not code:
        return None
    if not CODE_RE.match(code):
        warn("bad code %r" % text)
        return None
    rest = rest.replace(" ", "")
    try:
        if not rest:
            return (code, None, None)
        if rest.startswith("<"):
            return (code, None, tabari_date(rest[1:]))
        if rest.startswith(">"):
            return (code, tabari_date(rest[1:]), None)
        if "-" in rest:
            a, b = rest.split("-", 1)
            sa, sb = tabari_date(a), tabari_date(b)
            if (code, rest) in RANGE_FIXES:
                sa, sb = RANGE_FIXES[(code, rest)]
            if sb < sa:
                warn("end before start %r" % text)
                return None
            return (code, sa, sb)
        # a bare date: the start of the role (e.g. "[MNEGOV 20121204]",
        # Dukanovic's return as prime minister on 4 Dec 2012)
        return (code, tabari_date(rest), None)
    except DateError:
        warn("bad date %r" % text)
        return None


def parse_tabari(path, warn=None):
    """Parses a TABARI .actors file into a list of Entry.

    Semantics follow PETRARCH's reader: '#' starts a comment, '+' lines
    are synonyms, indented lines hold codes, and primary phrases without
    a code share the codes of the entry that follows them (PETRARCH keeps
    one code index for such a run of phrases)."""
    entries = []
    group = []          # entries waiting for codes
    group_has_codes = False
    group_no = 0
    context = ""
    if warn is None:
        def warn(msg):
            pass
    with open(path, encoding="utf-8", errors="replace") as f:
        for lineno, raw in enumerate(f, 1):
            raw = raw.rstrip("\n").rstrip("\r")
            if not raw.strip():
                continue
            if raw.startswith("#"):
                context = raw.lstrip("#").strip()
                continue
            if "#" in raw:
                body, comment = raw.split("#", 1)
            else:
                body, comment = raw, ""
            if "<!--" in body:
                body = re.sub(r"<!--.*?-->", "", body)
            if not body.strip():
                continue

            def w(msg, lineno=lineno):
                warn("%s:%d: %s" % (os.path.basename(path), lineno, msg))

            codes = []
            for m in BRACKET_RE.finditer(body):
                c = parse_code(m.group(1), w)
                if c:
                    codes.append(c)
            text = BRACKET_RE.sub(" ", body)
            if "[" in text or "]" in text:
                w("unbalanced bracket")
                text = text.replace("[", " ").replace("]", " ")
            if body[0] == "+":
                alias = text[1:].split(";", 1)[0].strip()
                if not group:
                    w("synonym before any entry")
                    continue
                if alias:
                    group[-1].aliases.append(alias)
                if codes:
                    for e in group:
                        e.codes.extend(codes)
                    group_has_codes = True
            elif body[0] in " \t":
                alias = text.strip()
                if not group:
                    w("codes before any entry")
                    continue
                if alias:
                    group[-1].aliases.append(alias)
                for e in group:
                    e.codes.extend(codes)
                if codes:
                    group_has_codes = True
            else:
                # the phrase is what precedes the first code; text after
                # the codes is an untagged comment ("$137,000,000")
                head = body.split("[", 1)[0] if "[" in body else body
                name = head.split(";", 1)[0].strip()
                if not name:
                    continue
                e = Entry(name, lineno, comment.strip(), context)
                if group_has_codes or not group:
                    group = []
                    group_has_codes = False
                    group_no += 1
                e.group = group_no
                group.append(e)
                entries.append(e)
                if codes:
                    for g in group:
                        g.codes.extend(codes)
                    group_has_codes = True
    return entries


# ---------------------------------------------------------------- tables

def load_countries(path=None):
    """data/countries.tsv as a dict iso3 -> row."""
    path = path or os.path.join(DATA_DIR, "countries.tsv")
    _, rows = read_tsv(path)
    return {r["iso3"]: r for r in rows}


def english_words(path="/usr/share/dict/words"):
    """Lower-case common English words (Debian package wamerican)."""
    if not os.path.exists(path):
        sys.exit("%s is missing: apt-get install wamerican" % path)
    words = set()
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            w = line.strip()
            if w and w == w.lower() and "'" not in w:
                words.add(w)
    return words
