#!/usr/bin/env python3
"""Builds data/lexicon/agents.tsv from the Phoenix agents dictionary.

Usage: python3 data/tools/convert_agents.py [SHARED_DATA_DIR]

Each Phoenix line "PHRASE {PLURAL} [~CODE]" gives lower-case terms with the
code without '~'.  Substitution sets (!PERSON!, !MINIST!) are expanded, a
trailing stem MINIST is read as !MINIST!, and regular plurals are added as
PETRARCH adds them (an explicit {PLURAL} replaces the regular plural, {}
means none), with English spelling rules for the head noun instead of
PETRARCH's blind "+S" on the last word.  kind is 'title' for a post held by
one person, 'group' for collective nouns and plurals, 'role' otherwise.
"""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ngdata  # noqa: E402

PREPOSITIONS = {"of", "for", "to", "in", "on", "at", "with", "from",
                "against", "and", "without", "under", "over"}

# Head words of titles: a post held by one person.
TITLE_HEADS = set("""minister president vice-president premier chancellor
king queen prince princess emir amir sultan monarch emperor empress shah
governor governor-general mayor senator congressman congresswoman deputy
ambassador envoy consul attache spokesman spokeswoman spokesperson
commander commander-in-chief general colonel lieutenant captain major
admiral marshal brigadier sergeant corporal chief secretary
secretary-general director director-general judge justice magistrate
prosecutor attorney-general speaker chairman chairwoman chairperson chair
head leader ceo representative commissioner ombudsman adviser advisor
counsellor counselor inspector superintendent sheriff cardinal pope bishop
archbishop ayatollah mufti patriarch rector viceroy regent
crown-prince undersecretary under-secretary vice-chairman
vice-chancellor premier pm mp commandant dictator""".split())
TITLE_PHRASES = {"charge d'affaires", "attorney general", "prime minister",
                 "crown prince", "head of state", "head of government",
                 "chief of staff", "chief justice"}

# Collective nouns: institutions, forces and crowds.
COLLECTIVE_HEADS = set("""police military army navy force forces troops
militia militias government administration cabinet parliament congress
senate assembly council committee commission ministry ministries
department agency bureau court party opposition junta regime authority
authorities people public population crowd mob rabble clergy gang cartel
mafia union insurgency media press legislature judiciary bureaucracy
chancellery consulate embassy office board company corporation business
industry establishment guard gendarmerie gendarmery constabulary
coalition alliance movement front organization organisation syndicate
network cell brigade battalion regiment division corps command unit
squad platoon fleet staff secretariat directorate service services
community diaspora tribe clan family youth leadership intelligence
security personnel infantry artillery navy airforce garrison contingent
delegation mission team group association federation league society
institute foundation bank prison jail police-force""".split())

IRREGULAR_PLURALS = {
    "man": "men", "woman": "women", "person": "people", "child": "children",
    "chief": "chiefs", "staff": "staff", "police": None, "personnel": None,
    "clergy": None, "militia": "militias", "thief": "thieves",
    "wife": "wives", "life": "lives", "leaf": "leaves", "half": "halves",
    "self": "selves", "sheep": None, "series": None, "species": None,
    "people": None, "media": None, "press": None, "public": None,
    "news": None, "crisis": "crises", "analysis": "analyses",
    "attorney": "attorneys", "army": "armies", "embassy": "embassies",
    "navy": "navies", "authority": "authorities",
}


def pluralize_word(word):
    low = word.lower()
    if low in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[low]
    for suffix in ("man", "woman", "person"):
        if low.endswith(suffix) and len(low) > len(suffix) + 1:
            return low[:-len(suffix)] + {"man": "men", "woman": "women",
                                          "person": "persons"}[suffix]
    if re.search(r"[^aeiou]y$", low):
        return low[:-1] + "ies"
    if re.search(r"(s|x|z|ch|sh)$", low):
        return low + "es"
    if low.endswith("ss"):
        return low + "es"
    return low + "s"


def head_index(words):
    for i, w in enumerate(words):
        if i > 0 and w in PREPOSITIONS:
            return i - 1
    return len(words) - 1


def pluralize(term):
    words = term.split(" ")
    i = head_index(words)
    p = pluralize_word(words[i])
    if not p or p == words[i]:
        return None
    return " ".join(words[:i] + [p] + words[i + 1:])


# Stems left in the Phoenix file (PETRARCH matched them as prefixes),
# expanded to the words they stand for: singular first, then plural.
STEMS = {"minist": ["minister", "ministers", "ministry", "ministries"],
         "compan": ["company", "companies"],
         "industr": ["industry", "industries"],
         "authorit": ["authority", "authorities"],
         "milita": ["militia", "militias"],
         "org": ["organization", "organisation"]}
PLURAL_ENDINGS = ("men", "women", "ministers", "ministries", "persons",
                  "people", "companies", "industries", "authorities",
                  "militias")


def already_plural(term, words):
    """'rebel armies', 'troops': the head noun is a regular plural."""
    toks = term.split(" ")
    head = toks[head_index(toks)]
    if head.endswith(PLURAL_ENDINGS):
        return True
    if head.endswith("ss") or head.endswith("us") or head.endswith("is"):
        return False
    for sing in (head[:-3] + "y" if head.endswith("ies") else None,
                 head[:-2] if head.endswith("es") else None,
                 head[:-1] if head.endswith("s") else None):
        if sing and sing in words and sing != head:
            return True
    return False


def kind_of(term, plural):
    if plural:
        return "group"
    words = term.split(" ")
    head = words[head_index(words)]
    if term in TITLE_PHRASES or any(term.endswith(" " + p) or
                                    term.startswith(p + " ")
                                    for p in TITLE_PHRASES):
        return "title"
    if head in TITLE_HEADS:
        return "title"
    if head in COLLECTIVE_HEADS:
        return "group"
    return "role"


def natural(phrase):
    text = phrase.replace("_", " ").strip().lower()
    text = re.sub(r"\s+", " ", text)
    return text.strip(" ,")


def main():
    shared = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(ngdata.DATA_DIR), "..", "shared", "data")
    path = os.path.join(shared, "petrarch2", "Phoenix.agents.txt")
    subst = {}
    terms = {}          # term -> (code, kind)
    order = []
    plural_of = set()

    words = ngdata.english_words()
    dropped = []

    def add(term, code, plural):
        term = natural(term)
        if not term or not re.search(r"[a-z]", term):
            return
        if not term.isascii():
            dropped.append(term)    # mojibake in the source
            return
        kind = kind_of(term, plural)
        if term in terms:
            return
        terms[term] = (code, kind)
        order.append(term)

    with open(path, encoding="utf-8", errors="replace") as f:
        for raw in f:
            line = raw.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            line = line.split("#", 1)[0]
            if "!" in line and "=" in line:
                m = re.match(r"\s*!(\w+)!\s*=\s*(.*)$", line)
                if m:
                    subst[m.group(1)] = [x.strip() for x in
                                         m.group(2).split(",") if x.strip()]
                continue
            m = re.match(r"^(.*?)\[([^\]]*)\]", line)
            if not m:
                continue
            phrase, code = m.group(1), m.group(2).strip().replace("~", "")
            if not ngdata.CODE_RE.match(code):
                continue
            plural_spec = None
            pm = re.search(r"\{([^}]*)\}", phrase)
            if pm:
                plural_spec = pm.group(1).strip()
                phrase = phrase[:pm.start()] + phrase[pm.end():]
            phrase = phrase.strip()
            # "AD!MINIST!RATIVE": a marker inside a word is literal text
            phrase = re.sub(r"(?<=[A-Z])!(\w+)!(?=[A-Z])",
                            lambda mm: mm.group(1), phrase)
            # trailing stems (MINIST, COMPAN...) = a substitution set
            sm = re.search(r"(?<![A-Z!])([A-Z]+)$", phrase)
            if sm and sm.group(1).lower() in STEMS:
                phrase = phrase[:sm.start()] + "!%s!" % sm.group(1)
                subst.setdefault(sm.group(1), [
                    w.upper() for w in STEMS[sm.group(1).lower()]])
            variants = [phrase]
            mm = re.search(r"!(\w+)!", phrase)
            if mm and mm.group(1) in subst:
                variants = [phrase[:mm.start()] + s + phrase[mm.end():]
                            for s in subst[mm.group(1)]]
                # the set already holds the plural forms
                for v in variants:
                    add(v, code, already_plural(natural(v), words))
                continue
            for v in variants:
                if already_plural(natural(v), words):
                    add(v, code, True)
                    continue
                add(v, code, False)
                if plural_spec is None:
                    p = pluralize(natural(v))
                    if p:
                        add(p, code, True)
                elif plural_spec:
                    add(plural_spec, code, True)

    rows = [[t, terms[t][0], terms[t][1]] for t in order]
    out = os.path.join(ngdata.DATA_DIR, "lexicon", "agents.tsv")
    n = ngdata.write_tsv(out, ngdata.AGENT_COLUMNS, rows, """\
newsgraph agent lexicon: common nouns naming roles, titles and groups.
Columns: term (lower case, words separated by one space), code (CAMEO
agent code, Phoenix's without '~'), kind (title | group | role).
Generated by data/tools/convert_agents.py from Phoenix.agents.txt
(MIT, Open Event Data Alliance): see data/LICENSES.md.""")
    kinds = {}
    for t in terms.values():
        kinds[t[1]] = kinds.get(t[1], 0) + 1
    print("agents.tsv: %d terms %s; %d dropped (not ASCII: %s)" % (
        n, kinds, len(dropped), "; ".join(dropped)), file=sys.stderr)


if __name__ == "__main__":
    main()
