#!/usr/bin/env python3
"""Builds data/actors/10-phoenix-*.tsv from the Phoenix actor dictionaries.

Usage: python3 data/tools/convert_phoenix.py [SHARED_DATA_DIR] [--report FILE]

Reads petrarch2/Phoenix.{Countries,International,MilNonState}.actors.txt
(MIT, Open Event Data Alliance) and, from this repository,
data/countries.tsv, data/lexicon/agents.tsv (run convert_countries.py and
convert_agents.py first) and the hand-written actor files
data/actors/[!1]*.tsv: a Phoenix entry whose name is a name of a
hand-written entry is left out (the hand-written one replaces it), and a
Phoenix synonym that names a hand-written entry is dropped.

Writes
  10-phoenix-people*.tsv        people of Phoenix.Countries
  10-phoenix-institutions.tsv   state institutions of Phoenix.Countries
  10-phoenix-international.tsv  IGOs, NGOs, companies, media, their people
  10-phoenix-nonstate.tsv       armed groups, parties, movements, people
See data/README.md for the format and the rules applied here.
"""

import collections
import glob
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ngdata  # noqa: E402

MAX_FILE_BYTES = 1400 * 1024

# Region and other non-country prefixes of CAMEO codes: no ng:country.
# Historical codes mapped to the present country that continues them.
OLD_CAMEO = {"DDR": "DEU", "USR": "RUS", "SUN": "RUS", "YUG": "SRB",
             "SCG": "SRB", "FRY": "SRB", "CSK": "CZE", "KSV": "UNK",
             "TMP": "TLS", "ROM": "ROU", "FRN": "FRA", "SRP": "BIH"}
INTERNATIONAL = {"IGO", "NGO", "MNC", "IMG"}

# Words that make a name an organisation, not a person.
ORG_WORDS = set("""ARMY ARMIES FORCE FORCES BRIGADE BRIGADES BATTALION
BATTALIONS FRONT MOVEMENT ORGANIZATION ORGANISATION PARTY COUNCIL COMMITTEE
COMMISSION ASSEMBLY CONGRESS PARLIAMENT SENATE COURT MINISTRY DEPARTMENT
AGENCY SERVICE SERVICES OFFICE BUREAU ADMINISTRATION AUTHORITY GOVERNMENT
UNION ASSOCIATION FEDERATION LEAGUE ALLIANCE COALITION GROUP GROUPS NETWORK
CENTER CENTRE INSTITUTE INSTITUTION FOUNDATION FUND BANK UNIVERSITY COLLEGE
SCHOOL POLICE GUARD GUARDS MILITIA MILITIAS CORPS COMMAND UNIT UNITS
DIVISION REGIMENT RIFLES NAVY MILITARY INTELLIGENCE SECURITY DECLARATION
SOCIETY CHURCH COMPANY CORPORATION INC INC. LTD LTD. LLC PLC CO. S.A. AG
BOARD TRIBUNAL PALACE HOUSE STREET MISSION PROGRAM PROGRAMME PROJECT
INITIATIVE TEAM CELL CELLS NUCLEI NUCLEUS COMMANDO COMMANDOS FACTION
REPUBLIC STATE EMIRATE CALIPHATE JAISH JAYSH JABHAT JABHA HARAKAT HARAKAH
HIZB HEZB HIZBUL KATAIB KATA'IB KATAEB KATIBAT LIWA LIWAA SARAYA SARAYAT
ANSAR AHRAR JUND JAMAAT JAMA'AT JEMAAH JAMIAT TANZIM TANZEEM MAJLIS ASAIB
ASA'IB TEHRIK TEHREEK LASHKAR LASHKAR-E SIPAH NEWS TIMES POST TV RADIO PRESS
JOURNAL MAGAZINE NETWORK TELEVISION BROADCASTING GAZETTE HERALD TRIBUNE
DAILY WEEKLY AIRLINES AIRWAYS HOLDINGS INDUSTRIES INTERNATIONAL GLOBAL
TECHNOLOGIES SYSTEMS ENERGY PETROLEUM OIL GAS MOTORS BANCORP TRUST
PARTNERS CAPITAL FINANCIAL GROUP WATCH RIGHTS REVOLUTIONARY LIBERATION
RESISTANCE SOLIDARITY ACTION NATIONAL PEOPLE'S PEOPLES POPULAR ISLAMIC
MUJAHIDEEN MUJAHIDIN TALIBAN MILITANTS REBELS FIGHTERS GUERRILLAS CONGRESS
ORDER SECRETARIAT DIRECTORATE PRESIDENCY KNESSET DUMA MAJLES CABINET
CHAMBER ACADEMY HOSPITAL CLINIC TRUST FUND PROGRAMME REGIME TREATY
DUMA
COMMUNITY""".split())

# Title words stripped from the front of people's names ("Prime Minister
# Nouri al-Maliki", "Ex-Soviet President Mikhail Gorbachev").  Honorifics
# that are part of names (Sheikh Hasina) are not listed.
TITLE_WORDS = set("""ex ex- former late mr mr. mrs mrs. ms ms. miss dr dr.
prof prof. professor pm president presidential vice vice-president prime
minister premier chancellor secretary secretary-general general gen gen.
lt lt. lieutenant colonel col col. major-general maj maj. brigadier
brigadier-general admiral adm adm. marshal field commander chief deputy
under undersecretary assistant ambassador amb amb. envoy special
representative senator sen sen. congressman congresswoman rep rep.
governor gov gov. mayor speaker chairman chairwoman chair leader opposition
foreign defense defence interior finance justice attorney head director
spokesman spokeswoman king queen emperor emir ayatollah grand supreme
crown prince party general-secretary acting interim caretaker designate
elect president-elect of the and for to state affairs home trade economy
economic affairs security national international un u.n. united nations
world bank imf nato eu european union federal republic people's peoples
chief-of-staff staff sgt sgt. capt capt. captain hon hon. honorable
honourable his her excellency majesty moscow party-chief""".split())

# Head nouns of post titles: an entry so named is a post, not an actor.
POST_HEADS = set("""president vice-president minister secretary
secretary-general representative director director-general chief premier
chancellor ambassador envoy spokesman spokeswoman spokesperson chairman
chairwoman governor commissioner king queen emir monarch sultan
commander-in-chief attorney-general prosecutor ombudsman adviser advisor
undersecretary under-secretary""".split())

# One-word names that are English words but name a well-known actor.
KEEP_ONE_WORD = {"Google", "Chevron"}

# Entries changed by hand: None drops the entry, a string sets its type.
ENTRY_FIXES = {
    "INDIAN_OCEAN": None,               # coded INDGOVLEG by mistake
    "SIDDARAMAIAH": "Person",
    "HAMBALI": "Person", "ZARKASIH": "Person", "THORIQUDIN": "Person",
    "OSMAN_OLCAY\t_TURKEY_": None, "OSMAN_OLCAY_TURKEY_": None,
    "ANTHONY_CROSLAND, THEN DAVID OWEN_": None,
    "ANTHONY_CROSLAND,_THEN_DAVID_OWEN_": None,
    "LAMBERTO_DINI, THEN ROMANO PRODI_": None,
    "LAMBERTO_DINI,_THEN_ROMANO_PRODI_": None,
    "JACK_STRAW_DOUGLAS_ALEXANDER_": None,
    "DUBAI-BASED_BROADCASTER_AL-ARABIYA": None,
    "DC_JOURNALIST": None,
    "WASHINGTON-BASED_THINK_TANK": None,    # several think tanks lumped
}

# Acronyms kept in capitals inside names ("UN Security Council").
ACRONYMS = set("""UN EU US USA UK NATO UNESCO UNICEF UNHCR UNDP UNFPA
UNIFEM UNRWA UNEP UNCTAD UNIDO UNITAR UNMIN UNAMA UNAMI UNAMID UNIFIL
UNMISS UNMIK MONUC MONUSCO MINUSMA MINUSCA KFOR ISAF EULEX ASEAN OPEC IAEA
ICJ ICC WHO WFP FAO ILO IMF WTO OSCE OAS AU GCC OIC SCO BRICS ECOWAS SADC
IGAD ECCAS CEMAC COMESA EAC PKK YPG SDF HTS ISIS ISIL AQAP AQIM FARC ELN
ETA IRA PLO PFLP DFLP LTTE ULFA MILF MNLF NPA UNITA MPLA FRELIMO RENAMO
SWAPO ANC ZANU EZLN MEND TTP IMU ETIM BBC CNN AFP AP NPR PBS ABC CBS NBC
RT TASS IRNA ISNA SANA KCNA MENA WAFA NHK KBS CCTV DPA ANSA EFE UPI PTI
NGO NGOS CIA FBI NSA DHS DOD DOJ EPA NASA FEMA IDF IRGC PLA ANSF KRG PUK
KDP ISI FSB SVR GRU KGB MI5 MI6 GCHQ DGSE BND DEA USAID OSCE OECD APEC
OAPEC OAU OFID BEAC BIMSTEC DPKO ICCO UNESCAP UNSC SAFTA SEATO OHCHR EC
UNFPA UNAIDS UNOPS UNMIL UNOCI UNMIT UNTSO UNDOF UNFICYP UNMOGIP ECA ECLAC
ESCWA ESCAP OPCW CTBTO IRENA ASEM CICA CELAC UNASUR MERCOSUR ALBA SICA
CARICOM PIF OECS ACP LAS AMU ECO CSTO EAEU BRI
NAFTA SAARC CIS CSTO EBRD ADB AFDB IDB BIS IPU ICRC IFRC MSF HRW PCIJ
CERN ESA IEA IOM ITU UPU WIPO WMO IFAD IMO ICAO UNWTO IOC FIFA UEFA AI
""".split())

ARABIC_ORG_START = {"JAISH", "JAYSH", "JABHAT", "HARAKAT", "HIZB", "HEZB",
                    "KATAIB", "KATA'IB", "KATAEB", "KATIBAT", "LIWA", "LIWAA",
                    "SARAYA", "SARAYAT", "ANSAR", "AHRAR", "JUND", "JAMAAT",
                    "TANZIM", "TANZEEM", "ASAIB", "ASA'IB", "TEHRIK",
                    "LASHKAR", "SIPAH", "MAJLIS", "AL-", "ANSARU"}


class Actor:
    def __init__(self, typ, label, source):
        self.type = typ
        self.label = label
        self.source = source        # file tag
        self.country = ""
        self.codes = []
        self.aliases = []
        self.key = None
        self.origin = ""            # Phoenix name, for reports

    def names(self):
        return [self.label] + self.aliases


def words_of(name):
    return ngdata.phrase_words(name)


def clean_raw(name):
    """Drops Phoenix decoration from a phrase: quotes, 'A.K.A.', a leading
    THE, trailing underscores; returns (phrase, acronyms in brackets)."""
    acr = []
    name = name.replace("\t", "_")
    name = re.sub(r'"[^"]*"_?', "", name)           # nicknames
    name = re.sub(r"^A\.K\.A\._", "", name)

    def paren(m):
        inner = m.group(1).strip("_ ")
        if re.match(r"^[A-Z0-9/.\-]{2,10}$", inner):
            acr.append(inner)
        return " "
    name = re.sub(r"\(([^)]*)\)", paren, name)
    name = name.strip("_ ,;:+")
    name = re.sub(r"^THE_", "", name, flags=re.I)
    m = re.match(r"^(.*),_?THE$", name, flags=re.I)
    if m:
        name = m.group(1)
    name = re.sub(r"_+", "_", name).strip("_ ")
    return name, acr


def korean_case(name):
    """'Ban Ki-Moon' -> 'Ban Ki-moon': Korean given names keep the second
    syllable in lower case."""
    return re.sub(r"\b([A-Z][a-z]{0,4})-([A-Z])([a-z]{0,4})\b",
                  lambda m: m.group(1) + "-" + m.group(2).lower() +
                  m.group(3), name)


def initials_of(name):
    toks = [t for t in re.split(r"[_\s\-]+", name) if t]
    return "".join(t[0] for t in toks
                   if t.lower() not in ngdata.MINOR_WORDS and t[0].isalpha()
                   ).upper()


class Converter:
    def __init__(self, shared):
        self.shared = shared
        self.countries = ngdata.load_countries()
        self.words = ngdata.english_words()
        self.cameo_to_iso = {}
        for iso, c in self.countries.items():
            self.cameo_to_iso[iso] = iso
            self.cameo_to_iso[c["cameo"][:3]] = \
                self.cameo_to_iso.get(c["cameo"][:3], iso)
        for k, v in OLD_CAMEO.items():
            self.cameo_to_iso.setdefault(k, v)
        self.demonyms = set()
        self.country_names = set()
        for c in self.countries.values():
            for d in c["demonyms"].split("|"):
                if d:
                    self.demonyms.add(ngdata.fold(d))
            self.country_names.add(ngdata.fold(c["name"]))
            for a in c["aliases"].split("|"):
                if a:
                    self.country_names.add(ngdata.fold(a))
        self.title_words = set(TITLE_WORDS)
        _, agents = ngdata.read_tsv(os.path.join(
            ngdata.DATA_DIR, "lexicon", "agents.tsv"))
        self.agent_terms = {}
        for r in agents:
            self.agent_terms[r["term"]] = r["kind"]
            if r["kind"] == "title" and " " not in r["term"]:
                self.title_words.add(r["term"])
        self.given_names = collections.Counter()
        self.stats = collections.Counter()
        self.report = []

    # ------------------------------------------------------------ codes

    def code_country(self, code):
        segs = ngdata.code_segments(code)
        if segs[0] in INTERNATIONAL:
            if segs[0] in ("NGO", "MNC") and len(segs) > 1:
                return self.cameo_to_iso.get(segs[1], "")
            return ""
        return self.cameo_to_iso.get(segs[0], "")

    def code_roles(self, code):
        """Role segments of a code: 'IRQGOV' -> ['GOV']; territory and
        status segments ('USAASM', 'IRQOCC', 'KSVUNO') are not roles."""
        segs = ngdata.code_segments(code)
        if segs[0] in INTERNATIONAL:
            return segs
        if segs[0] in self.cameo_to_iso or len(segs) > 1:
            roles = [s for s in segs[1:] if s in ngdata.ROLE_CODES]
            if roles == ["UNO"]:
                return []
            return roles
        return [s for s in segs if s in ngdata.ROLE_CODES]

    def current_code(self, codes):
        """The code in force last: an open end, else the latest end."""
        best = None
        for c, s, t in codes:
            rank = ("9999" if not t else t, s or "")
            if best is None or rank >= best[0]:
                best = (rank, c)
        return best[1] if best else ""

    def type_from_code(self, code):
        roles = self.code_roles(code)
        if not roles:
            return None
        if roles[0] == "IGO":
            return "IGO"
        if roles[0] == "IMG":
            return "ArmedGroup"
        if roles[0] in ("NGO", "MNC"):
            return "Organization"
        first = roles[0]
        if first in ("GOV", "LEG", "JUD"):
            return "Government"
        if first in ("MIL", "COP", "SPY"):
            return "MilitaryForce"
        if first in ("REB", "INS", "SEP", "UAF"):
            return "ArmedGroup"
        if first == "MED":
            return "Media"
        if first in ("UNO", "PKO"):
            return "IGO"
        return "Organization"

    # ------------------------------------------------------------ names

    def is_org_name(self, words):
        up = [w.upper().strip(",.") for w in words]
        if any(w in ORG_WORDS or w.endswith("S") and w[:-1] in ORG_WORDS
               and w[:-1] != "DUMA" for w in up):
            return True
        if up and (up[0] in ARABIC_ORG_START or up[0].startswith("AL-") and
                   len(up) == 1):
            return True
        return False

    def looks_like_person(self, words):
        if not words or len(words) > 6 or self.is_org_name(words):
            return False
        if any(w.upper() in ("AND", "OF", "FOR", "THE", "&", "IN", "ON")
               for w in words[1:]):
            return False
        first = words[0].upper()
        if len(words) >= 2 and re.match(r"^([A-Z]\.)+$", first):
            return True                 # "R.K. Pachauri"
        return self.given_names[first] >= 2 or first in (
            "ABU", "ABD", "ABDUL", "ABDEL", "ABDULLAH", "SHEIKH", "MULLAH")

    def has_title_prefix(self, words):
        """True if the name starts with a post title ("President X")."""
        for w in words[:-1]:
            w = w.lower().strip(",")
            if w in self.title_words and w not in (
                    "of", "the", "and", "for", "to", "state", "affairs",
                    "united", "nations", "national", "international",
                    "federal", "republic", "people's", "peoples", "world",
                    "european", "union", "party", "security", "economic",
                    "trade", "home", "foreign", "opposition", "grand",
                    "supreme", "special", "staff"):
                return True
            if ngdata.fold(w) in self.demonyms or \
                    ngdata.fold(w) in self.country_names:
                continue
            if w in self.title_words:
                continue
            return False
        return False

    def strip_titles(self, words):
        """Drops leading title words; keeps at least the last word."""
        i = 0
        while i < len(words) - 1:
            w = words[i].lower().strip(",")
            f = ngdata.fold(w)
            if w in self.title_words or f in self.demonyms or \
                    f in self.country_names or re.match(r"^ex-", w):
                i += 1
                continue
            # "Ex-Soviet", "U.N.-backed"
            if re.match(r"^ex-", w):
                i += 1
                continue
            break
        rest = words[i:]
        # "President of the Russian Federated Republic, Boris N. Yeltsin"
        for j, w in enumerate(rest):
            if w.endswith(",") and j + 1 < len(rest):
                rest = rest[j + 1:]
                break
        return rest

    def case(self, words, person, acronyms):
        phrase = "_".join(w.strip(",") for w in words)
        return ngdata.natural_case(phrase, acronyms, person)

    def make_name(self, raw, person, acronyms, label_words=None):
        """Natural-case name for a Phoenix phrase, or None."""
        phrase, acr = clean_raw(raw)
        if not phrase or re.search(r",_?THEN_", phrase, re.I):
            return None, acr
        words = words_of(phrase)
        if person:
            stripped = self.strip_titles(words)
            if not stripped:
                return None, acr
            if len(stripped) == 1 and len(words) > 1 and label_words:
                stripped = words        # "Prince Johnson" stays whole
            words = stripped
        text = self.case(words, person, acronyms | set(acr))
        return text, acr

    # ------------------------------------------------------------ entries

    def learn_given_names(self, entries):
        for e in entries:
            if "CountryInfo" in e.comment and e.codes:
                w = words_of(clean_raw(e.name)[0])
                if len(w) >= 2:
                    self.given_names[w[0].upper()] += 1

    def build(self, e, source, block):
        """Turns one Phoenix entry into an Actor (or None)."""
        if e.name in ENTRY_FIXES and ENTRY_FIXES[e.name] is None:
            self.stats["dropped: listed by hand"] += 1
            return None
        codes = []
        for c in e.codes:
            if c not in codes:
                codes.append(c)
        codes.sort(key=lambda x: (x[1] or "", x[2] or "", x[0]))
        if not codes:
            return None
        phrase, _ = clean_raw(e.name)
        words = words_of(phrase)
        current = self.current_code(codes)
        ctype = self.type_from_code(current)
        if source == "countries" and ctype is None:
            return None             # a country, region or city
        fix = ENTRY_FIXES.get(e.name)
        if fix:
            typ = fix
        elif self.code_roles(current)[:1] == ["MNC"]:
            typ = "Organization"        # companies
        elif "CountryInfo" in e.comment:
            typ = "Person"
        elif self.looks_like_person(self.strip_titles(words)) or (
                len(words) >= 2 and len(words) <= 4 and
                not self.is_org_name(words) and
                any(s or t for _, s, t in codes) and
                any(c.endswith("ELI") or "GOV" in c for c, _, _ in codes)
                and source == "countries"):
            typ = "Person"
        elif not self.is_org_name(words) and (
                (self.has_title_prefix(words) and
                 len(self.strip_titles(words)) >= 2) or
                (2 <= len(words) <= 5 and
                 any(s or t for _, s, t in codes) and
                 all(w.upper() not in ("OF", "FOR", "AND", "THE")
                     for w in words)) or
                (source == "international" and 2 <= len(words) <= 4 and
                 ctype != "Organization" and
                 self.given_names[words[0].upper()] >= 1 and
                 all(w.upper() not in ("OF", "FOR", "AND", "THE")
                     for w in words))):
            typ = "Person"
        elif source == "countries" and 2 <= len(words) <= 4 and \
                not self.is_org_name(words) and \
                all(w.lower() not in self.words for w in words) and \
                set(self.code_roles(current)[:1]) <= {"ELI", "OPP"}:
            typ = "Person"              # "Deng Xiaoping" [CHNELI]
        elif source == "countries" and len(words) == 1 and any(
                s or t for _, s, t in codes) and \
                words[0].lower() not in self.words and \
                "GOV" in current:
            typ = "Person"              # "Josipovic"
        elif source == "international" and len(words) == 1 and any(
                s or t for _, s, t in codes) and \
                words[0].lower() not in self.words:
            typ = "Person"              # "Subroto", OPEC 1988-1994
        elif source == "nonstate" and len(words) == 1 and re.search(
                r"\b(leader|member|founder|commander|head|spiritual)\b",
                e.comment, re.I):
            typ = "Person"
        else:
            typ = ctype or "Organization"
            if typ == "Government" and any(
                    w.upper() == "PARTY" for w in words):
                typ = "Organization"
        person = typ == "Person"

        # names
        acronyms = set(ACRONYMS)
        raws = [e.name] + e.aliases
        for r in raws:
            p, acr = clean_raw(r)
            acronyms |= set(acr)
        inits = {initials_of(clean_raw(r)[0]) for r in raws}
        if len(words) >= 2:
            for r in e.aliases:
                p, _ = clean_raw(r)
                if re.match(r"^[A-Z]{2,5}$", p) and \
                        p.lower() not in self.words:
                    acronyms.add(p)     # "DCRI", "OFDA"
        for r in raws:
            p, _ = clean_raw(r)
            if re.match(r"^[A-Z]{2,7}$", p) and p in inits:
                acronyms.add(p)
        if not person and len(words) == 1 and len(words[0]) <= 7 and \
                words[0].isalpha() and words[0].isupper() and \
                self.code_roles(current)[:1] in (["IGO"], ["NGO"]) and \
                words[0].lower() not in self.words:
            acronyms.add(words[0])      # "OAPEC", "DPKO", "UNSC"
        label, _ = self.make_name(e.name, person, acronyms, label_words=True)
        if not label:
            self.stats["dropped: no usable name"] += 1
            return None
        a = Actor(typ, label, source)
        a.origin = e.name
        a.codes = codes
        for r in raws:
            name, acr = self.make_name(r, person, acronyms)
            for x in [name] + acr:
                if x and x not in a.aliases and x != label:
                    a.aliases.append(x)
        # country
        if person:
            votes = collections.Counter(
                self.code_country(c) for c, _, _ in codes)
            votes.pop("", None)
            if votes:
                top = max(votes.values())
                cands = [k for k, v in votes.items() if v == top]
                cur = self.code_country(current)
                a.country = cur if cur in cands else (
                    block if block in cands else sorted(cands)[0])
            else:
                a.country = block if source == "countries" else ""
        else:
            a.country = self.code_country(current) or (
                block if source == "countries" and typ != "IGO" else "")
        if a.country and a.country not in self.countries:
            a.country = ""
        if person and a.country in ("KOR", "PRK") or "KOR" in current:
            a.label = korean_case(a.label)
            a.aliases = [korean_case(x) for x in a.aliases]
        return a

    # ------------------------------------------------------------ cleaning

    def clean_aliases(self, a):
        """Drops aliases that are too generic or belong to someone else."""
        label_f = ngdata.fold(a.label)
        label_toks = label_f.split(" ")
        out = []
        seen = {label_f}
        for x in a.aliases:
            f = ngdata.fold(x)
            if not f or f in seen:
                continue
            toks = f.split(" ")
            if f in self.agent_terms:
                self.stats["alias dropped: a role noun"] += 1
                continue
            if f in self.demonyms or f in self.country_names:
                self.stats["alias dropped: a country name"] += 1
                continue
            if a.type == "Person":
                if self.is_org_name([w.upper() for w in x.split(" ")]) or \
                        "'s " in x or "s' " in x:
                    self.stats["alias dropped: names an organisation"] += 1
                    continue
                if f.endswith(" " + label_f):
                    continue            # "Reformer Deng Xiaoping"
                if len(toks) == 1:
                    surname = toks[0] in (label_toks[-1],
                                          label_toks[-1].replace("al ", ""))
                    if toks[0] in self.words or (
                            self.given_names[toks[0].upper()] >= 2
                            and not surname) or len(toks[0]) < 3:
                        self.stats["alias dropped: one common word"] += 1
                        continue
            else:
                if len(toks) == 1 and toks[0] in self.words and \
                        not x.isupper():
                    self.stats["alias dropped: one common word"] += 1
                    continue
                if len(toks) == 1 and len(re.sub(r"[^a-z0-9]", "",
                                                 toks[0])) <= 2:
                    self.stats["alias dropped: two letters or less"] += 1
                    continue
                # a person's name among an organisation's synonyms
                ws = x.split(" ")
                if self.looks_like_person([w.upper() for w in ws]) and \
                        len(ws) >= 2:
                    self.stats["alias dropped: a person's name"] += 1
                    continue
                if set(toks) & ({"spokesman", "spokeswoman",
                                 "spokesperson", "official", "officials",
                                 "spokesmen"} | POST_HEADS):
                    self.stats["alias dropped: names a post"] += 1
                    continue
                # "White House spokesman": a post, not the institution
                if " " in f and f.split(" ")[-1] in self.agent_terms and \
                        self.agent_terms[f.split(" ")[-1]] in ("title",
                                                               "role"):
                    self.stats["alias dropped: names a post"] += 1
                    continue
            seen.add(f)
            out.append(x)
        a.aliases = out

    def too_generic(self, a):
        """Every name is one common English word ("Tigers", "Kremlin"),
        or, for a person, one common given name ("Abdullah")."""
        if a.label in KEEP_ONE_WORD:
            return False
        for n in a.names():
            toks = ngdata.fold(n).split(" ")
            if len(toks) > 1 or n.isupper() and len(n) > 1:
                return False
            t = toks[0]
            if t in self.words or (t.endswith("s") and t[:-1] in self.words):
                continue
            if a.type == "Person" and self.given_names[t.upper()] >= 2:
                continue
            return False
        return True

    def is_post(self, a):
        """'President of the United States', 'US Secretary of State'."""
        toks = ngdata.fold(a.label).split(" ")
        for i, t in enumerate(toks):
            if i > 0 and t in ("of", "for", "to"):
                toks = toks[:i]
                break
        if a.source == "international" and a.type == "Organization":
            return False                # "Burger King"
        return toks[-1] in POST_HEADS or \
            self.agent_terms.get(ngdata.fold(a.label)) == "title"


def key_prefix(typ):
    return {"Person": "person/", "IGO": "igo/", "ArmedGroup": "group/",
            "MilitaryForce": "mil/", "Media": "media/"}.get(typ, "org/")


def cameo_field(codes):
    items = []
    for c, s, t in codes:
        item = ngdata.cameo_item(c, s, t)
        if item not in items:
            items.append(item)
    return ";".join(items)


def load_curated():
    """Names of the hand-written actor files: fold(name) -> (key, type,
    country); and their keys."""
    names = {}
    keys = set()
    for path in sorted(glob.glob(os.path.join(ngdata.DATA_DIR, "actors",
                                              "*.tsv"))):
        if os.path.basename(path).startswith("10-phoenix-"):
            continue
        _, rows = ngdata.read_tsv(path)
        for r in rows:
            keys.add(r["key"])
            for n in [r["label"]] + r["aliases"].split("|"):
                if n:
                    names.setdefault(ngdata.fold(n),
                                     (r["key"], r["type"], r["country"]))
    return names, keys


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    report_path = None
    if "--report" in sys.argv:
        report_path = sys.argv[sys.argv.index("--report") + 1]
        args = [a for a in args if a != report_path]
    shared = args[0] if args else os.path.join(
        os.path.dirname(ngdata.DATA_DIR), "..", "shared", "data")
    conv = Converter(shared)
    pdir = os.path.join(shared, "petrarch2")
    warnings = []
    files = {
        "countries": ngdata.parse_tabari(os.path.join(
            pdir, "Phoenix.Countries.actors.txt"), warnings.append),
        "international": ngdata.parse_tabari(os.path.join(
            pdir, "Phoenix.International.actors.txt"), warnings.append),
        "nonstate": ngdata.parse_tabari(os.path.join(
            pdir, "Phoenix.MilNonState.actors.txt"), warnings.append),
    }
    conv.learn_given_names(files["countries"])

    # country blocks of Phoenix.Countries, by the names in countries.tsv
    name_to_iso = {}
    for iso, c in conv.countries.items():
        for n in [c["name"]] + c["aliases"].split("|"):
            if n:
                name_to_iso.setdefault(ngdata.fold(n), iso)

    # PETRARCH gives one set of codes to a run of code-less phrases: when
    # they name the same person ("BORIS_YELTSIN_", "PRESIDENT_YELTSIN"),
    # they become synonyms of the first one
    for source, entries in files.items():
        kept = []
        first_of = {}
        for e in entries:
            f = first_of.get(e.group)
            if f is None:
                first_of[e.group] = e
                kept.append(e)
                continue
            fw = words_of(clean_raw(f.name)[0])
            ew = words_of(clean_raw(e.name)[0])
            if fw and ew and len(fw) >= 2 and fw[-1].upper() in [
                    w.upper() for w in ew] and not conv.is_org_name(fw):
                f.aliases.append(e.name)
                f.aliases.extend(e.aliases)
                conv.stats["merged: phrases sharing codes"] += 1
            else:
                kept.append(e)
        files[source] = kept

    actors = []
    for source, entries in files.items():
        block = ""
        for e in entries:
            conv.stats["phoenix entries: " + source] += 1
            plain = " ".join(words_of(clean_raw(e.name)[0]))
            if source == "countries":
                iso = name_to_iso.get(ngdata.fold(plain))
                cur = conv.current_code(e.codes)
                if iso and conv.type_from_code(cur) is None:
                    block = iso
            a = conv.build(e, source, block)
            if a:
                actors.append(a)
            elif source == "countries" and e.codes and conv.type_from_code(
                    conv.current_code(e.codes)) is None:
                conv.stats["skipped: country, region or place"] += 1

    # persons named among an organisation's synonyms become people
    extra = []
    for a in actors:
        if a.type == "Person":
            continue
        keep = []
        for x in a.aliases:
            ws = x.split(" ")
            if len(ws) >= 2 and conv.looks_like_person(
                    [w.upper() for w in ws]):
                p = Actor("Person", x, a.source)
                p.country = a.country
                p.codes = list(a.codes)
                p.origin = a.origin + " (synonym)"
                extra.append(p)
                conv.stats["people taken from organisation synonyms"] += 1
            else:
                keep.append(x)
        a.aliases = keep
    actors += extra

    # posts are not actors ("President of the United States")
    kept = []
    for a in actors:
        if a.type != "Person" and conv.is_post(a):
            conv.stats["dropped: a post title, not an actor"] += 1
            conv.report.append("post %s %r" % (a.type, a.label))
            continue
        kept.append(a)
    actors = kept

    for a in actors:
        conv.clean_aliases(a)

    # merge entries with the same key
    merged = collections.OrderedDict()
    for a in actors:
        a.key = key_prefix(a.type) + ngdata.slugify(a.label)
        if a.key in merged:
            b = merged[a.key]
            for x in a.aliases:
                if x not in b.aliases and x != b.label:
                    b.aliases.append(x)
            for c in a.codes:
                if c not in b.codes:
                    b.codes.append(c)
            b.codes.sort(key=lambda x: (x[1] or "", x[2] or "", x[0]))
            if not b.country:
                b.country = a.country
            conv.stats["merged: same name"] += 1
        else:
            merged[a.key] = a
    actors = list(merged.values())

    # one organisation under two types ("Sudan People's Liberation Army"
    # is a rebel group in MilNonState and an army in Countries): the
    # Countries entry wins and takes the other's names
    rank = {"countries": 0, "nonstate": 1, "international": 2}
    by_label = collections.defaultdict(list)
    for a in actors:
        if a.type != "Person":
            by_label[ngdata.fold(a.label)].append(a)
    dropped = set()
    for same in by_label.values():
        if len(same) < 2:
            continue
        same.sort(key=lambda x: rank[x.source])
        for b in same[1:]:
            for x in b.aliases:
                if x not in same[0].aliases:
                    same[0].aliases.append(x)
            dropped.add(id(b))
            conv.stats["merged: same name, other type"] += 1
    actors = [a for a in actors if id(a) not in dropped]

    # hand-written entries replace Phoenix ones
    curated, curated_keys = load_curated()
    kept = []
    for a in actors:
        f = ngdata.fold(a.label)
        other = curated.get(f)
        if other and a.type == "Person" and other[1] == "Person" and \
                a.country and other[2] and a.country != other[2] and \
                other[2] not in {conv.code_country(c) for c, _, _ in
                                 a.codes} and \
                {a.country, other[2]} != {"SDN", "SSD"}:
            other = None            # a namesake in another country
        if other:
            conv.stats["left out: a hand-written entry has the name"] += 1
            conv.report.append("absorbed %s %r (%s) by %s; aliases: %s; "
                               "cameo: %s" % (a.key, a.origin, a.type,
                                              other[0], "|".join(a.aliases),
                                              cameo_field(a.codes)))
            continue
        if a.key in curated_keys:
            a.key += "-" + (a.country.lower() or "phoenix")
        before = len(a.aliases)
        a.aliases = [x for x in a.aliases if ngdata.fold(x) not in curated]
        conv.stats["alias dropped: names a hand-written entry"] += \
            before - len(a.aliases)
        kept.append(a)
    actors = kept

    # too generic to match safely
    kept = []
    for a in actors:
        if conv.too_generic(a):
            conv.stats["dropped: only generic English words"] += 1
            conv.report.append("generic %s %r" % (a.key, a.label))
            continue
        kept.append(a)
    actors = kept

    # an alias of two actors: it stays with the one whose label it is,
    # otherwise it names neither
    owners = collections.defaultdict(set)
    labels = collections.defaultdict(set)
    for a in actors:
        labels[ngdata.fold(a.label)].add(a.key)
        for x in a.aliases:
            owners[ngdata.fold(x)].add(a.key)
    for a in actors:
        keep = []
        for x in a.aliases:
            f = ngdata.fold(x)
            others = (owners[f] | labels[f]) - {a.key}
            if not others:
                keep.append(x)
            elif labels[f] and a.key not in labels[f]:
                conv.stats["alias dropped: another actor's name"] += 1
            elif len(owners[f] | labels[f]) > 1 and not labels[f]:
                conv.stats["alias dropped: shared by two actors"] += 1
            else:
                keep.append(x)
        a.aliases = keep

    # write
    groups = collections.defaultdict(list)
    for a in actors:
        if a.type == "Person" and a.source == "countries":
            out = "people"
        elif a.source == "countries" and a.type == "ArmedGroup":
            out = "nonstate"
        elif a.source == "countries" and a.type == "IGO":
            out = "international"
        elif a.source == "countries":
            out = "institutions"
        else:
            out = a.source
        groups[out].append(a)

    header = """\
newsgraph actors converted from the Phoenix dictionaries (%s).
Copyright (c) 2014 Open Event Data Alliance, MIT licence: data/LICENSES.md.
Format: data/README.md.  Generated by data/tools/convert_phoenix.py: edit
the converter or add a later file, not this one.  Names are Phoenix's,
put in natural case; cameo holds Phoenix's codes and date ranges."""
    srcname = {"people": "Phoenix.Countries.actors.txt",
               "institutions": "Phoenix.Countries.actors.txt",
               "international": "Phoenix.International.actors.txt",
               "nonstate": "Phoenix.MilNonState.actors.txt and the armed "
                           "groups of Phoenix.Countries.actors.txt"}
    adir = os.path.join(ngdata.DATA_DIR, "actors")
    for old in glob.glob(os.path.join(adir, "10-phoenix-*.tsv")):
        os.remove(old)
    summary = []
    for name in ("people", "institutions", "international", "nonstate"):
        rows = []
        for a in groups[name]:
            rows.append([a.key, a.type, a.label, a.country, "",
                         cameo_field(a.codes), "|".join(a.aliases), ""])
        rows.sort()
        size = sum(len("\t".join(r)) + 1 for r in rows)
        parts = [rows]
        if size > MAX_FILE_BYTES:
            n = size // MAX_FILE_BYTES + 1
            per = len(rows) // n + 1
            parts = [rows[i:i + per] for i in range(0, len(rows), per)]
        for i, part in enumerate(parts):
            suffix = "" if len(parts) == 1 else "-%d" % (i + 1)
            path = os.path.join(adir, "10-phoenix-%s%s.tsv" % (name, suffix))
            cnt = ngdata.write_tsv(path, ngdata.ACTOR_COLUMNS, part,
                                   header % srcname[name])
            types = collections.Counter(r[1] for r in part)
            summary.append("%s: %d entries, %d aliases %s" % (
                os.path.basename(path), cnt,
                sum(len(r[6].split("|")) for r in part if r[6]),
                dict(types)))
    for line in summary:
        print(line, file=sys.stderr)
    for k in sorted(conv.stats):
        print("  %s: %d" % (k, conv.stats[k]), file=sys.stderr)
    if warnings:
        print("  source warnings: %d" % len(warnings), file=sys.stderr)
    if report_path:
        with open(report_path, "w", encoding="utf-8") as f:
            f.write("\n".join(sorted(conv.report) + warnings) + "\n")


if __name__ == "__main__":
    main()
