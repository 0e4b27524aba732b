#!/usr/bin/env python3
"""Convert PETRARCH's CAMEO 2.0 verb dictionary and the CAMEO/PLOVER code
tables into newsgraph's data formats (see data/events/README.md).

Reads (read-only):
  SHARED/petrarch2/CAMEO.2.0.txt         verb blocks, patterns, synsets (MIT)
  SHARED/cameo/cameo_event_codes.tsv      the 316 CAMEO codes with names
  SHARED/plover/CAMEO2PLOVER-2021.txt     CAMEO -> PLOVER 2021 (CC BY-SA 4.0)
  data/events/cameo-goldstein.tsv         Goldstein weights (GDELT lookup)
Writes:
  data/cameo.tsv, data/events/verb-forms.tsv, data/events/synsets.tsv,
  data/events/cameo-verbs.tsv

Standard library only.  Usage:
  python3 data/tools/convert_cameo_verbs.py [--shared DIR] [--report]
--report prints every decision the converter took (folded forms, dropped
patterns, irregular verbs, form collisions) to stdout.
"""

import argparse
import collections
import itertools
import os
import re

TOOLS_DIR = os.path.dirname(os.path.abspath(__file__))
DATA_DIR = os.path.dirname(TOOLS_DIR)
ROOT_DIR = os.path.dirname(DATA_DIR)

VERB_FILE = "CAMEO.2.0.txt"

# Dictionary entries listed as verbs that are nouns; PETRARCH only looked
# them up when the parser tagged them as verbs.  Without a parser they
# would fire on the noun, so they are dropped (reported).
NOUN_ENTRIES = {"concession", "collision", "confidence", "crackdown",
                "reassesment", "backlash"}

# Codes in CAMEO.2.0.txt that are not among the 316 CAMEO 1.1b3 codes.
CODE_FIXES = {
    "080!": "080",   # typo in the source (BACK block)
    "1213": "121",   # "reject judicial cooperation": PLOVER-era code that
                     # CAMEO 1.1b3 lacks; mapped to its parent
}

# Pattern lines repaired by hand (line number -> replacement pattern text
# between '-' and the code).  Everything else is normalised by rule.
PATTERN_REPAIRS = {
    # "- * VENTURE (WITH VISIT)   VISIT)[042:043]": stray duplicate token
    2374: "* VENTURE (WITH VISIT)",
    # "- *SCEPTICAL": missing blank after the verb marker
    1735: "* SCEPTICAL",
    # "- STRONGLY * ATTACK (ON ^)   ^)": stray duplicate tokens
    7606: "STRONGLY * ATTACK (ON ^)",
}


# Explicit {...} forms of the dictionary that are misspellings or belong
# to another verb; they are left out (reported with --report).
EXPLICIT_REJECTS = {
    "lay": {"lie", "lain"},          # forms of 'lie', not of 'lay'
    "choose": {"chosing"},
    "tread": {"trodding"},
    "override": {"overidding", "overrid"},
    "assail": {"assailling"},
    "pin": {"pent"},                 # 'pent' belongs to 'pen'
    "discomfit": {"discomfitted", "discomfitting"},
    "drag out": {"drug out"},        # dialectal past, collides with 'drug'
}

# Multi-word verbs whose LAST word inflects ("wire tapped").
LAST_WORD_INFLECTS = {"wire tap"}


# -------------------------------------------------------------- morphology
#
# Irregular verbs: "base past participle", alternatives joined by '/'.
# Every lemma of CAMEO.2.0.txt whose first word is irregular is listed
# (checked with --report, which prints the lemmas that used this table),
# plus common irregular verbs of news text so that new dictionary entries
# inflect correctly.  British and American variants are both listed.
IRREGULAR_TABLE = """
abide abided/abode abided/abode
arise arose arisen
awake awoke awoken
be was/were been
bear bore borne/born
beat beat beaten/beat
become became become
befall befell befallen
begin began begun
behold beheld beheld
bend bent bent
bestride bestrode bestridden
beset beset beset
bet bet/betted bet/betted
bid bid/bade bid/bidden
bide bided/bode bided
bind bound bound
bite bit bitten
bleed bled bled
blow blew blown
break broke broken
breed bred bred
bring brought brought
broadcast broadcast/broadcasted broadcast/broadcasted
build built built
burn burned/burnt burned/burnt
burst burst burst
bust busted/bust busted/bust
buy bought bought
cast cast cast
catch caught caught
chide chided/chid chided/chidden
choose chose chosen
cleave cleaved/cleft/clove cleaved/cleft/cloven
cling clung clung
come came come
cost cost cost
creep crept crept
cut cut cut
deal dealt dealt
dig dug dug
dive dived/dove dived
do did done
draw drew drawn
dream dreamed/dreamt dreamed/dreamt
drink drank drunk
drive drove driven
dwell dwelt/dwelled dwelt/dwelled
eat ate eaten
fall fell fallen
feed fed fed
feel felt felt
fight fought fought
find found found
flee fled fled
fling flung flung
fly flew flown
forbid forbade/forbad forbidden
forecast forecast/forecasted forecast/forecasted
foresee foresaw foreseen
foretell foretold foretold
forget forgot forgotten
forgive forgave forgiven
forsake forsook forsaken
forswear forswore forsworn
freeze froze frozen
get got got/gotten
gird girded/girt girded/girt
give gave given
go went gone
grind ground ground
grow grew grown
hang hung/hanged hung/hanged
have had had
hear heard heard
heave heaved/hove heaved/hove
hide hid hidden
hit hit hit
hold held held
hurt hurt hurt
keep kept kept
kneel knelt/kneeled knelt/kneeled
know knew known
lay laid laid
lead led led
lean leaned/leant leaned/leant
leap leaped/leapt leaped/leapt
learn learned/learnt learned/learnt
leave left left
lend lent lent
let let let
lie lay lain
light lit/lighted lit/lighted
lose lost lost
make made made
mean meant meant
meet met met
mislay mislaid mislaid
mislead misled misled
mistake mistook mistaken
misunderstand misunderstood misunderstood
outbid outbid outbid
outdo outdid outdone
outrun outran outrun
overcome overcame overcome
overdo overdid overdone
overfly overflew overflown
overhear overheard overheard
override overrode overridden
overrun overran overrun
oversee oversaw overseen
overtake overtook overtaken
overthrow overthrew overthrown
partake partook partaken
pay paid paid
plead pleaded/pled pleaded/pled
prove proved proved/proven
put put put
quit quit/quitted quit/quitted
read read read
rebuild rebuilt rebuilt
recast recast recast
redo redid redone
remake remade remade
repay repaid repaid
rerun reran rerun
reset reset reset
retake retook retaken
retell retold retold
rethink rethought rethought
rid rid rid
ride rode ridden
ring rang rung
rise rose risen
run ran run
say said said
see saw seen
seek sought sought
sell sold sold
send sent sent
set set set
shake shook shaken
shear sheared sheared/shorn
shed shed shed
shine shone/shined shone/shined
shoot shot shot
show showed shown/showed
shrink shrank/shrunk shrunk
shut shut shut
sing sang sung
sink sank sunk
sit sat sat
slay slew/slayed slain/slayed
sleep slept slept
slide slid slid
sling slung slung
slit slit slit
smell smelled/smelt smelled/smelt
sow sowed sown/sowed
speak spoke spoken
speed sped/speeded sped/speeded
spell spelled/spelt spelled/spelt
spend spent spent
spill spilled/spilt spilled/spilt
spin spun spun
spit spat/spit spat/spit
split split split
spoil spoiled/spoilt spoiled/spoilt
spotlight spotlighted/spotlit spotlighted/spotlit
spread spread spread
spring sprang/sprung sprung
stand stood stood
steal stole stolen
stick stuck stuck
sting stung stung
stride strode stridden
strike struck struck/stricken
string strung strung
strive strove/strived striven/strived
swear swore sworn
sweep swept swept
swell swelled swollen/swelled
swim swam swum
swing swung swung
take took taken
teach taught taught
tear tore torn
tell told told
think thought thought
throw threw thrown
thrust thrust thrust
tread trod trodden/trod
undergo underwent undergone
underlie underlay underlain
understand understood understood
undertake undertook undertaken
underwrite underwrote underwritten
undo undid undone
unwind unwound unwound
uphold upheld upheld
upset upset upset
wake woke/waked woken/waked
wear wore worn
weave wove woven
wed wed/wedded wed/wedded
weep wept wept
win won won
wind wound wound
withdraw withdrew withdrawn
withhold withheld withheld
withstand withstood withstood
wring wrung wrung
write wrote written
"""

IRREGULAR = {}
for _line in IRREGULAR_TABLE.strip().split("\n"):
    _base, _past, _part = _line.split()
    IRREGULAR[_base] = (_past.split("/"), _part.split("/"))

# Special present forms.
PRESENT = {"be": ["is", "am", "are"], "have": ["has"]}

# Words of more than one syllable whose last syllable is stressed: the
# final consonant doubles (admitted, transferring).  Chosen by hand from
# the dictionary's lemmas; monosyllables double by rule.
STRESSED_FINAL = set("""
abet abhor acquit admit allot annul aver beget begin beset combat commit
compel concur confer control defer demur deter dispel eavesdrop embed
emit enthral enrol entrap equip excel expel extol forbid forget format
imbed impel incur infer inter kidnap occur omit outbid outfit outrun
outstrip overlap overrun patrol permit prefer propel re-admit readmit
rebel recur refer regret remit repel resubmit sidestep submit transfer
transmit unpin unwrap upset worship
""".split())

# Both spellings are current (combated/combatted, benefited/benefitted,
# kidnapped/kidnaped, worshipped/worshiped).
BOTH_SPELLINGS = {"combat", "benefit", "kidnap", "worship", "focus", "bias"}

VOWELS = "aeiou"


def syllables(word):
    w = word.replace("qu", "qw")
    return len(re.findall(r"[aeiouy]+", w[0] + w[1:])) if w else 0


def ends_cvc(word):
    """consonant-vowel-consonant ending, final consonant not w/x/y."""
    w = word.replace("qu", "qw")
    return (len(w) >= 3 and w[-1] not in VOWELS + "wxy"
            and w[-2] in VOWELS and w[-3] not in VOWELS)


def third_person(w):
    if w in PRESENT:
        return PRESENT[w]
    if re.search(r"(s|x|z|ch|sh)$", w):
        return [w + "es"]
    if re.search(r"[^aeiou]y$", w):
        return [w[:-1] + "ies"]
    if re.search(r"[^aeiou]o$", w):
        return [w + "es"]
    return [w + "s"]


def suffixed(w, suffix):
    """w + 'ed' or 'ing' with English spelling rules; alternatives list."""
    if w == "be":
        return ["being"] if suffix == "ing" else []
    if w.endswith("e"):
        if suffix == "ing":
            if w.endswith("ie"):
                return [w[:-2] + "ying"]
            if re.search(r"(ee|ye|oe)$", w) or w == "singe":
                return [w + "ing"]
            return [w[:-1] + "ing"]
        return [w + "d"]
    if suffix == "ed" and re.search(r"[^aeiou]y$", w):
        return [w[:-1] + "ied"]
    if re.search(r"[^aeiou]ic$", w):      # mimic -> mimicked
        return [w + "k" + suffix]
    if re.search(r"[^q]uel$", w):         # fuelled / fueled
        return [w + "l" + suffix, w + suffix]
    if ends_cvc(w):
        doubled = w + w[-1] + suffix
        plain = w + suffix
        if w in BOTH_SPELLINGS:
            return [doubled, plain]
        if syllables(w) == 1 or w in STRESSED_FINAL:
            return [doubled]
        if w.endswith("l"):
            # travelled (British) / traveled (American)
            return [doubled, plain]
        return [plain]
    return [w + suffix]


def inflect(w):
    """All inflected forms of one word, the word itself first."""
    forms = [w] + third_person(w) + suffixed(w, "ing")
    if w in IRREGULAR:
        past, part = IRREGULAR[w]
        forms += past + part
    else:
        forms += suffixed(w, "ed")
    out = []
    for f in forms:
        if f not in out:
            out.append(f)
    return out


def verb_forms(words, explicit):
    """Forms of a (possibly multi-word) verb: the first word inflects.
    explicit: the dictionary's {...} forms (None when absent; [] for an
    empty {} which means 'this exact form only')."""
    lemma = " ".join(words)
    if explicit is not None and not explicit:
        return [lemma]
    if explicit:
        bad = EXPLICIT_REJECTS.get(lemma, set())
        explicit = [f for f in explicit if f not in bad]
    if lemma in LAST_WORD_INFLECTS:
        generated = [" ".join(words[:-1] + [f]) for f in inflect(words[-1])]
    else:
        first, rest = words[0], words[1:]
        if first in ("is", "are", "was"):
            first = "be"
        generated = [" ".join([f] + rest) for f in inflect(first)]
    out = []
    for f in [lemma] + (explicit or []) + generated:
        if f not in out:
            out.append(f)
    return out


def report_irregular(lemma_forms):
    print("== lemmas inflected with the irregular-verb table")
    for lemma, forms in sorted(lemma_forms.items()):
        if lemma.split()[0] in IRREGULAR or lemma.startswith("be "):
            print("  %s: %s" % (lemma, "|".join(forms)))


# ------------------------------------------------------------------ output

def write_tsv(path, header_lines, columns, rows):
    """UTF-8, LF, '#' comment header, then the column header, then rows."""
    out = ["# " + h if h else "#" for h in header_lines]
    out.append("\t".join(columns))
    for row in rows:
        assert len(row) == len(columns), (path, row)
        for field in row:
            assert "\t" not in field and "\n" not in field, (path, row)
        out.append("\t".join(row))
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(out) + "\n")
    os.replace(tmp, path)


def read_tsv(path):
    rows = []
    columns = None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            fields = line.split("\t")
            if columns is None:
                columns = fields
                continue
            rows.append(dict(zip(columns, fields)))
    return rows


# ------------------------------------------------------------ code tables

def quad_class(code):
    root = int(code[:2])
    if root <= 5:
        return "1"
    if root <= 8:
        return "2"
    if root <= 13:
        return "3"
    return "4"


def read_plover(path):
    """code -> (category, mode, context); first line wins for duplicates."""
    table = {}
    dups = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"^(\d{2,4}):\s*(.*)$", line.rstrip("\n"))
            if not m:
                continue
            code, rest = m.group(1), m.group(2).split("#")[0]
            parts = [p.strip() for p in rest.split(",")]
            parts += [""] * (3 - len(parts))
            cat, mode, ctx = parts[0], parts[1], ",".join(parts[2:]).strip()
            ctx = "|".join(c.strip() for c in ctx.split(";") if c.strip())
            if code in table:
                dups.append((code, table[code], (cat, mode, ctx)))
                continue
            table[code] = (cat, mode, ctx)
    return table, dups


def build_cameo_table(shared, report):
    codes = read_tsv(os.path.join(shared, "cameo", "cameo_event_codes.tsv"))
    plover, dups = read_plover(
        os.path.join(shared, "plover", "CAMEO2PLOVER-2021.txt"))
    gold = {r["code"]: r["goldstein"] for r in read_tsv(
        os.path.join(DATA_DIR, "events", "cameo-goldstein.tsv"))}
    rows = []
    inherited = []
    for r in codes:
        code = r["code"]
        cat = mode = ctx = ""
        if code in plover:
            cat, mode, ctx = plover[code]
        else:
            # nearest listed ancestor: 0231 -> 023 -> 02; only the
            # category is inherited, mode and context describe the code
            for n in range(len(code) - 1, 1, -1):
                if code[:n] in plover:
                    cat = plover[code[:n]][0]
                    inherited.append((code, code[:n], cat))
                    break
        rows.append([code, r["name"], cat, mode, ctx, quad_class(code),
                     gold.get(code, "")])
    if report:
        print("== cameo.tsv")
        for d in dups:
            print("  duplicate PLOVER line for %s: kept %s, ignored %s"
                  % d)
        for c, a, cat in inherited:
            print("  %s: PLOVER category %s inherited from %s" % (c, cat, a))
        print("  no PLOVER category: %s" % " ".join(
            r[0] for r in rows if not r[2]))
        print("  no Goldstein value: %s" % " ".join(
            r[0] for r in rows if not r[6]))
        extra = sorted(set(plover) - {r[0] for r in rows})
        print("  PLOVER codes not in cameo_event_codes.tsv: %s"
              % " ".join(extra))
    return rows


# ------------------------------------------------------- dictionary input

class Block:
    def __init__(self, name, code, line):
        self.name = name
        self.code = code
        self.line = line
        self.verbs = []      # [Verb]
        self.patterns = []   # [(line, raw pattern text, code)]


class Verb:
    def __init__(self, lemma, words, explicit, code, line):
        self.lemma = lemma          # lower case, words joined by spaces
        self.words = words          # list of words (lower case)
        self.explicit = explicit    # None or list of forms (lower case)
        self.code = code            # own code or None
        self.line = line
        self.folded = []            # inflected forms listed as own verbs


def strip_comment(line):
    # '#' starts a comment; ';' is the legacy KEDS/TABARI comment mark
    return re.split(r"[#;]", line, 1)[0]


def parse_synsets(lines, start, end):
    """Returns {name: [(member, exact)]} in file order, plus raw lines."""
    synsets = collections.OrderedDict()
    current = None
    noplural = False
    for n in range(start, end):
        line = lines[n]
        text = strip_comment(line).strip()
        if not text:
            continue
        if text.startswith("&"):
            name = text.split()[0]
            noplural = name.endswith("_")
            current = name[1:].rstrip("_").lower()
            synsets[current] = []
        elif text.startswith("+") and current is not None:
            member = text[1:].strip()
            exact = noplural or member.endswith("_")
            member = member.strip("_").replace("_", " ").lower()
            member = re.sub(r"\s+", " ", member).strip()
            synsets[current].append((member, exact))
    return synsets


def parse_verb_line(text):
    """'HURRY {HURRIES HURRIED} [020]' -> (words, explicit, code)."""
    code = None
    m = re.search(r"\[([^\]]*)\]", text)
    if m:
        code = m.group(1).strip()
        text = text[:m.start()] + " " + text[m.end():]
    explicit = None
    m = re.search(r"\{([^}]*)\}", text)
    if m:
        explicit = [f.lstrip("+").replace("_", " ").lower()
                    for f in m.group(1).replace(",", " ").split()]
        text = text[:m.start()] + " " + text[m.end():]
    head = text.split()[0]
    words = head.lstrip("+").lower().split("_")
    return words, explicit, code


def parse_verbs(lines, start, end):
    blocks = []
    block = None
    for n in range(start, end):
        line = lines[n]
        lineno = n + 1
        if line.startswith("---"):
            m = re.match(r"^---\s+(\S+)\s+\[([^\]]*)\]", line)
            if not m:
                raise SystemExit("%s:%d: bad block header" % (VERB_FILE,
                                                              lineno))
            block = Block(m.group(1), m.group(2).strip(), lineno)
            blocks.append(block)
            continue
        text = strip_comment(line)
        if not text.strip() or line.startswith("#"):
            continue
        if block is None:
            raise SystemExit("%s:%d: line outside a block" % (VERB_FILE,
                                                              lineno))
        if line.startswith("-"):
            body = line[1:].split("#")[0]
            m = re.search(r"\[([^\]]*)\]", body)
            code = m.group(1).strip() if m else None
            pat = body[:m.start()] if m else body
            block.patterns.append((lineno, pat, code))
            continue
        words, explicit, code = parse_verb_line(text)
        lemma = " ".join(words)
        block.verbs.append(Verb(lemma, words, explicit, code, lineno))
    return blocks


# --------------------------------------------------------------- patterns

class PatternError(Exception):
    pass


def split_pattern_tokens(text):
    """Raw pattern text -> token list (brackets separated, lower case)."""
    text = text.replace("{", " { ").replace("}", " } ")
    text = text.replace("(", " ( ").replace(")", " ) ")
    out = []
    for tok in text.split():
        if tok in "{}()":
            out.append(tok)
            continue
        if tok.startswith("&"):
            out.append(tok.lower())
            continue
        if "*" in tok and tok != "*":
            # '*SCEPTICAL', 'SPY_*_DEAL': the verb marker glued to words
            parts = [p for p in re.split(r"(\*)", tok.strip("_")) if p]
            for p in parts:
                p = p.strip("_")
                if p:
                    out.append(p.lower())
            continue
        out.append(tok.lower())
    return out


def expand_alternatives(tokens):
    """'to/for' -> one token list per alternative (cartesian product)."""
    choices = []
    for tok in tokens:
        if "/" in tok and not tok.startswith("&") and len(tok) > 1:
            choices.append([t for t in tok.split("/") if t])
        else:
            choices.append([tok])
    return [list(p) for p in itertools.product(*choices)]


def normalise_tokens(tokens):
    """Underscore-joined words become contiguous phrases; single-word
    phrases lose their braces.  Raises PatternError on bad structure."""
    out = []
    in_brace = False
    for tok in tokens:
        if tok == "{":
            if in_brace:
                raise PatternError("nested {")
            in_brace = True
            out.append(tok)
        elif tok == "}":
            if not in_brace:
                raise PatternError("unbalanced }")
            in_brace = False
            out.append(tok)
        elif "_" in tok and not tok.startswith("&"):
            words = [w for w in tok.split("_") if w]
            if len(words) == 1:
                out.append(words[0])
            elif in_brace:
                out.extend(words)
            else:
                out.extend(["{"] + words + ["}"])
        else:
            out.append(tok)
    if in_brace:
        raise PatternError("unbalanced {")
    # parentheses: balanced, not nested, no '(' inside a brace phrase
    depth = 0
    brace = False
    for tok in out:
        if tok == "{":
            brace = True
        elif tok == "}":
            brace = False
        elif tok == "(":
            if depth or brace:
                raise PatternError("nested (")
            depth = 1
        elif tok == ")":
            if not depth or brace:
                raise PatternError("unbalanced )")
            depth = 0
    if depth:
        raise PatternError("unbalanced (")
    # '{ x }' -> 'x'
    res = []
    i = 0
    while i < len(out):
        if (out[i] == "{" and i + 2 < len(out) and out[i + 2] == "}"):
            res.append(out[i + 1])
            i += 3
            continue
        if out[i] == "{" and i + 1 < len(out) and out[i + 1] == "}":
            i += 2
            continue
        res.append(out[i])
        i += 1
    if res.count("*") != 1:
        raise PatternError("%d verb markers" % res.count("*"))
    for tok in res:
        if tok in "{}()*$+^%":
            continue
        if tok.startswith("&"):
            if not re.fullmatch(r"&[a-z0-9_\-]+", tok):
                raise PatternError("bad synset token %r" % tok)
            continue
        if not re.fullmatch(r"[a-z0-9][a-z0-9.'\-]*", tok):
            raise PatternError("bad word %r" % tok)
    return res


def convert_pattern(lineno, raw):
    raw = PATTERN_REPAIRS.get(lineno, raw)
    tokens = split_pattern_tokens(raw)
    return [" ".join(normalise_tokens(t)) for t in expand_alternatives(tokens)]


# ------------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=os.path.join(
        os.path.dirname(ROOT_DIR), "shared", "data"),
        help="folder holding petrarch2/, cameo/, plover/")
    ap.add_argument("--report", action="store_true")
    args = ap.parse_args()
    rep = args.report

    cameo_rows = build_cameo_table(args.shared, rep)
    cameo_codes = {r[0] for r in cameo_rows}

    path = os.path.join(args.shared, "petrarch2", VERB_FILE)
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    syn_start = next(i for i, l in enumerate(lines)
                     if l.startswith("####### SYNONYM SETS"))
    verb_start = next(i for i, l in enumerate(lines)
                      if l.startswith("####### VERB PATTERNS"))
    verb_end = next(i for i, l in enumerate(lines)
                    if l.startswith("######## TRANSFORMATIONS"))
    synsets = parse_synsets(lines, syn_start + 1, verb_start)
    blocks = parse_verbs(lines, verb_start + 1, verb_end)

    stats = collections.Counter()
    log = collections.defaultdict(list)

    # ---- verbs and their forms
    lemma_forms = collections.OrderedDict()   # lemma -> [forms]
    for b in blocks:
        kept = []
        for v in b.verbs:
            if v.lemma in NOUN_ENTRIES:
                log["noun entry dropped"].append(
                    "%s:%d %s" % (VERB_FILE, v.line, v.lemma))
                continue
            kept.append(v)
        b.verbs = kept
        # an inflected form listed as a verb of its own (BURNT beside BURN,
        # SAW beside SEE) folds into the lemma it inflects
        forms_here = {}
        for v in b.verbs:
            for f in verb_forms(v.words, v.explicit):
                if f != v.lemma:
                    forms_here.setdefault(f, v)
        kept = []
        for v in b.verbs:
            owner = forms_here.get(v.lemma)
            if owner is not None and owner is not v and v.explicit is None:
                log["form folded into its lemma"].append(
                    "%s:%d %s -> %s" % (VERB_FILE, v.line, v.lemma,
                                        owner.lemma))
                owner.folded.append(v.lemma)
                if v.code and v.code != (owner.code or b.code):
                    log["folded form had its own code"].append(
                        "%s:%d %s [%s]" % (VERB_FILE, v.line, v.lemma,
                                           v.code))
                continue
            kept.append(v)
        b.verbs = kept
        for v in b.verbs:
            forms = verb_forms(v.words, v.explicit)
            forms += v.folded
            if v.lemma == "is determined":
                v.lemma = "be determined"
            lst = lemma_forms.setdefault(v.lemma, [])
            for f in [v.lemma] + forms:
                if f not in lst:
                    lst.append(f)

    # ---- cameo-verbs rows
    #
    # PETRARCH semantics reproduced here (PETRreader.read_verb_dictionary):
    # the patterns of a block are stored under the block and apply to every
    # verb of the block, whether or not the verb has a code of its own; a
    # verb's own [code] only replaces the block code as its default.  An
    # identical pattern repeated in a block replaces the earlier one (the
    # pattern tree stores the last code).  A verb listed in several blocks
    # keeps the entry of the first block (PETRARCH uses setdefault), so its
    # default code comes from there; we also give it the patterns of the
    # later blocks, unless they repeat a pattern it already has.
    rows = []
    have = {}           # (lemma, pattern) -> code

    def fix_code(code):
        return ":".join(CODE_FIXES.get(c, c) for c in code.split(":"))

    def add_row(code, lemma, pattern, lineno):
        key = (lemma, pattern)
        if key in have:
            if have[key] != code:
                log["row already given earlier (same lemma and pattern)"]\
                    .append(
                    "%s:%d %s: %s [%s] kept [%s]" % (
                        VERB_FILE, lineno, lemma, pattern, code, have[key]))
            else:
                stats["duplicate rows merged"] += 1
            return
        have[key] = code
        rows.append([code, lemma, pattern, "%s:%d" % (VERB_FILE, lineno)])

    first_block = {}
    for b in blocks:
        for v in b.verbs:
            first_block.setdefault(v.lemma, b)
    for b in blocks:
        for v in b.verbs:
            code = v.code if v.code else b.code
            if first_block[v.lemma] is not b:
                first = first_block[v.lemma]
                first_code = next(x.code or first.code for x in first.verbs
                                  if x.lemma == v.lemma)
                if code and code != "---" and code != first_code:
                    log["default code of a later block ignored"].append(
                        "%s:%d %s [%s] (first block %s [%s])" % (
                            VERB_FILE, v.line, v.lemma, code, first.name,
                            first_code))
                continue
            if code and code != "---":
                add_row(fix_code(code), v.lemma, "*", v.line)
            else:
                stats["verbs without a default code"] += 1
        block_pats = collections.OrderedDict()   # pattern -> (code, line)
        for lineno, raw, code in b.patterns:
            stats["pattern lines"] += 1
            if code is None:
                log["pattern without code dropped"].append(
                    "%s:%d %s" % (VERB_FILE, lineno, raw.strip()))
                continue
            try:
                pats = convert_pattern(lineno, raw)
            except PatternError as e:
                log["malformed pattern dropped"].append(
                    "%s:%d %s (%s)" % (VERB_FILE, lineno, raw.strip(), e))
                continue
            if lineno in PATTERN_REPAIRS:
                log["pattern repaired"].append(
                    "%s:%d %s" % (VERB_FILE, lineno, pats[0]))
            ok = []
            for p in pats:
                undefined = [t for t in p.split()
                             if t.startswith("&") and t[1:] not in synsets]
                if undefined:
                    log["pattern with undefined synset dropped"].append(
                        "%s:%d %s (%s)" % (VERB_FILE, lineno, p,
                                           " ".join(undefined)))
                    continue
                ok.append(p)
            if len(pats) > 1:
                log["slash alternatives expanded"].append(
                    "%s:%d -> %d patterns" % (VERB_FILE, lineno, len(ok)))
            code = fix_code(code) if code not in ("---", "") else "---"
            for p in ok:
                if p in block_pats:
                    old = block_pats.pop(p)
                    if old[0] != code:
                        log["pattern replaced by a later identical one"]\
                            .append("%s:%d %s [%s] -> [%s] (line %d)" % (
                                VERB_FILE, old[1], p, old[0], code, lineno))
                    else:
                        stats["repeated identical pattern lines"] += 1
                block_pats[p] = (code, lineno)
        for p, (code, lineno) in block_pats.items():
            if code == "---":
                stats["null-code patterns skipped"] += 1
                continue
            stats["patterns"] += 1
            if p == "*":
                stats["patterns equal to the bare verb"] += 1
            for v in b.verbs:
                add_row(code, v.lemma, p, lineno)
    for c in {r[0] for r in rows}:
        for part in c.split(":"):
            if part and part not in cameo_codes:
                raise SystemExit("unknown code %s" % c)
    rows.sort(key=lambda r: (r[1], r[2] != "*", r[2], r[0]))

    # ---- write
    src_note = [
        "Generated by data/tools/convert_cameo_verbs.py from PETRARCH's",
        "CAMEO.2.0.txt (MIT, Open Event Data Alliance); see",
        "data/events/README.md for the format and the licence notice.",
        "",
    ]
    write_tsv(os.path.join(DATA_DIR, "cameo.tsv"), [
        "CAMEO event codes (CAMEO manual 1.1b3, 316 codes) with their",
        "PLOVER 2021 category, mode and context (CAMEO2PLOVER-2021.txt,",
        "openeventdata/PLOVER, CC BY-SA 4.0, Open Event Data Alliance),",
        "quad class (1 verbal coop 01-05, 2 material coop 06-08,",
        "3 verbal conflict 09-13, 4 material conflict 14-20) and Goldstein",
        "weight (GDELT lookup table, data/events/cameo-goldstein.tsv).",
        "Generated by data/tools/convert_cameo_verbs.py; see",
        "data/events/README.md.",
        "",
    ], ["code", "name", "plover", "mode", "context", "quad", "goldstein"],
        cameo_rows)

    vf_rows = [[lemma, "|".join(forms)] for lemma, forms in
               sorted(lemma_forms.items())]
    write_tsv(os.path.join(DATA_DIR, "events", "verb-forms.tsv"),
              ["Every verb of the CAMEO verb dictionary with its inflected "
               "forms."] + src_note, ["lemma", "forms"], vf_rows)

    syn_rows = []
    for name, members in synsets.items():
        seen_m = []
        for member, exact in members:
            m = member + ("$" if exact else "")
            if m not in seen_m:
                seen_m.append(m)
        syn_rows.append(["&" + name, "|".join(seen_m)])
    write_tsv(os.path.join(DATA_DIR, "events", "synsets.tsv"),
              ["Synonym sets used by the verb patterns."] + src_note,
              ["name", "members"], syn_rows)

    write_tsv(os.path.join(DATA_DIR, "events", "cameo-verbs.tsv"),
              ["CAMEO verb patterns: one row per pattern and verb, plus "
               "one row per verb default (pattern '*')."] + src_note,
              ["code", "lemma", "pattern", "source"], rows)

    # ---- collisions
    owner = collections.defaultdict(list)
    for lemma, forms in lemma_forms.items():
        for f in forms:
            owner[f].append(lemma)
    collisions = {f: ls for f, ls in owner.items() if len(ls) > 1}

    stats["blocks"] = len(blocks)
    stats["lemmas"] = len(lemma_forms)
    stats["forms"] = sum(len(f) for f in lemma_forms.values())
    stats["synsets"] = len(synsets)
    stats["synset members"] = sum(len(r[1].split("|")) for r in syn_rows)
    stats["cameo-verbs rows"] = len(rows)
    stats["verb default rows"] = sum(1 for r in rows if r[2] == "*")
    stats["cameo codes"] = len(cameo_rows)
    for k in sorted(stats):
        print("%-36s %d" % (k, stats[k]))
    print("%-36s %d" % ("form collisions", len(collisions)))
    if rep:
        for k in sorted(log):
            print("== %s (%d)" % (k, len(log[k])))
            for item in log[k]:
                print("  " + item)
        print("== form collisions (%d)" % len(collisions))
        for f in sorted(collisions):
            print("  %s: %s" % (f, ", ".join(collisions[f])))
        report_irregular(lemma_forms)


if __name__ == "__main__":
    main()
