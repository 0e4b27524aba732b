#!/usr/bin/env python3
"""Builds data/countries.tsv.

Usage: python3 data/tools/convert_countries.py [SHARED_DATA_DIR]
       (default ../shared/data relative to the repository root)

Sources (see data/LICENSES.md):
  countries/countries_iso_qid_demonym.tsv   ISO codes, QIDs, names, demonyms
  countries/country_aliases_en.csv          English labels and aliases
  countries/owid_countries_regions_2022.csv extra English spellings
  petrarch2/Phoenix.Countries.actors.txt    CAMEO codes and name variants
plus the tables below, written for newsgraph (capitals, demonym forms,
hand-checked alias additions and removals).
"""

import csv
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ngdata  # noqa: E402

# The source maps NLD to Q29999 (Kingdom of the Netherlands); the country
# itself is Q55.
QID_FIXES = {"NLD": "Q55"}

# Phoenix country blocks whose first name does not match the table.
PHOENIX_NAME_TO_ISO = {
    "MADAGASKAR": "MDG", "REPUBLIC OF SOUTH AFRICA": "ZAF",
    "UNITED REPUBLIC OF TANZANIA": "TZA", "WALLIS AND FUTUNA ISLANDS": "WLF",
    "SWAZILAND": "SWZ", "TIMOR LESTE": "TLS", "FAEROE ISLANDS": "FRO",
    "BRUNEI DARUSSALAM": "BRN", "SAINT HELENA": "SHN", "PITCAIRN": "PCN",
    "KOSOVO": "UNK", "CZECH REPUBLIC": "CZE", "RUSSIAN FEDERATION": "RUS",
    "UNITED STATES OF AMERICA": "USA", "FEDERATION OF SAINT KITTS AND NEVIS":
    "KNA", "COTE D'IVOIRE": "CIV", "CAPE VERDE": "CPV", "TURKEY": "TUR",
    "UNITED STATES VIRGIN ISLANDS": "VIR", "BRITISH VIRGIN ISLANDS": "VGB",
    "DEMOCRATIC REPUBLIC OF THE CONGO": "COD", "CONGO": "COG",
    "MICRONESIA": "FSM", "SAINT BARTHELEMY": "BLM", "ISLE OF MAN": "IMN",
    "GUINEA BISSAU": "GNB", "MACEDONIA": "MKD",
}

# CAMEO codes as Phoenix writes them where they are typing slips.
CAMEO_FIXES = {"FRNWLF": "FRAWLF"}

# Territories (not sovereign states): they lose a demonym or alias that a
# sovereign state also has ("Indian", "Dutch", "French", "American").
TERRITORIES = set("""ABW AIA ALA ASM ATA ATF BES BLM BMU BVT CCK COK CUW CXR
CYM FLK FRO GGY GIB GLP GRL GUF GUM HKG HMD IMN IOT JEY MAC MAF MNP MSR MTQ
MYT NCL NFK NIU PCN PRI PYF REU SGS SHN SJM SPM SXM TCA TKL UMI VGB VIR WLF
ESH""".split())

# Demonym forms used in news, written for newsgraph.  The adjective comes
# first; plural nouns and other forms follow.  Replaces the source forms.
DEMONYMS = {
    "AFG": "Afghan|Afghans", "ARE": "Emirati|Emiratis",
    "ARG": "Argentine|Argentines|Argentinian|Argentinians",
    "AZE": "Azerbaijani|Azerbaijanis|Azeri|Azeris",
    "BFA": "Burkinabe", "BGD": "Bangladeshi|Bangladeshis",
    "BIH": "Bosnian|Bosnians|Herzegovinian|Herzegovinians",
    "BWA": "Botswanan|Motswana|Batswana", "CHE": "Swiss",
    "CPV": "Cape Verdean|Cape Verdeans", "CZE": "Czech|Czechs",
    "COM": "Comorian|Comorians|Comoran", "DJI": "Djiboutian|Djiboutians",
    "DNK": "Danish|Dane|Danes", "ECU": "Ecuadorian|Ecuadorians|Ecuadorean",
    "ESP": "Spanish|Spaniard|Spaniards", "FIN": "Finnish|Finn|Finns",
    "GBR": "British|Briton|Britons", "GIB": "Gibraltarian|Gibraltarians",
    "GNB": "Bissau-Guinean|Bissau-Guineans", "GRL":
    "Greenlandic|Greenlander|Greenlanders", "ISL": "Icelandic|Icelander|"
    "Icelanders", "KAZ": "Kazakh|Kazakhs|Kazakhstani|Kazakhstanis",
    "KGZ": "Kyrgyz|Kyrgyzstani|Kyrgyzstanis", "LAO": "Laotian|Laotians",
    "LSO": "Basotho|Mosotho", "MCO": "Monegasque|Monegasques",
    "MDV": "Maldivian|Maldivians", "MKD":
    "North Macedonian|North Macedonians|Macedonian|Macedonians",
    "MMR": "Burmese|Myanmar", "NLD": "Dutch", "NPL": "Nepalese|Nepali|Nepalis",
    "NZL": "New Zealander|New Zealanders", "PHL": "Filipino|Filipinos|"
    "Philippine", "POL": "Polish|Pole|Poles", "SAU":
    "Saudi|Saudis|Saudi Arabian|Saudi Arabians", "SLV":
    "Salvadoran|Salvadorans|Salvadorean", "SUR": "Surinamese|Surinamer",
    "SVK": "Slovak|Slovaks|Slovakian", "SVN":
    "Slovenian|Slovenians|Slovene|Slovenes", "SWE": "Swedish|Swede|Swedes",
    "TJK": "Tajik|Tajiks|Tajikistani", "TKM": "Turkmen|Turkmens",
    "TLS": "Timorese|East Timorese", "TUR": "Turkish|Turk|Turks",
    "UNK": "Kosovar|Kosovars|Kosovan|Kosovans", "UZB":
    "Uzbek|Uzbeks|Uzbekistani", "ATG": "Antiguan|Barbudan", "KNA":
    "Kittitian|Nevisian", "STP": "Santomean|Sao Tomean", "IRL": "Irish",
    "FRA": "French", "THA": "Thai|Thais", "YEM": "Yemeni|Yemenis",
    "ESH": "Sahrawi|Sahrawis", "KOR": "South Korean|South Koreans",
    "PRK": "North Korean|North Koreans", "COD": "Congolese",
    "COG": "Congolese", "TCD": "Chadian|Chadians", "CIV": "Ivorian|Ivorians",
    "GNQ": "Equatorial Guinean|Equatorial Guineans|Equatoguinean",
    "VAT": "Vatican", "DMA": "Dominican", "BLR": "Belarusian|Belarusians",
    "ISR": "Israeli|Israelis", "PSE": "Palestinian|Palestinians",
    "USA": "American|Americans", "HKG": "Hong Konger|Hong Kongers",
    "SRB": "Serbian|Serbians|Serb|Serbs",
    "HRV": "Croatian|Croatians|Croat|Croats",
}
# Demonyms that name nobody in particular, or clash with a sovereign state.
NO_DEMONYM = set("ATA ATF BES BVT HMD IOT MNP SGS SJM UMI VGB VIR GGY JEY "
                 "DMA".split())

# Aliases written for newsgraph: common English forms the tables miss.
EXTRA_ALIASES = {
    "USA": ["United States of America", "United States", "USA", "U.S.",
            "US", "U.S.A.", "America"],
    "GBR": ["United Kingdom", "UK", "U.K.", "Britain", "Great Britain"],
    "ARE": ["UAE", "U.A.E.", "Emirates"],
    "COD": ["DRC", "DR Congo", "Democratic Republic of Congo",
            "Democratic Republic of the Congo", "Congo-Kinshasa"],
    "COG": ["Republic of the Congo", "Republic of Congo",
            "Congo-Brazzaville", "Congo Brazzaville"],
    "PRK": ["DPRK"], "KOR": ["ROK", "Republic of Korea"],
    "CHN": ["PRC", "People's Republic of China", "mainland China"],
    "SAU": ["KSA", "Kingdom of Saudi Arabia"],
    "TUR": ["Turkey", "Turkiye"], "CZE": ["Czech Republic"],
    "SWZ": ["Swaziland"], "CPV": ["Cabo Verde"], "MKD": ["Macedonia",
                                                          "FYROM"],
    "MMR": ["Burma"], "NLD": ["Holland"], "CIV": ["Cote d'Ivoire"],
    "TLS": ["East Timor"], "VAT": ["Vatican"],
    "PSE": ["Palestinian territories", "occupied Palestinian territories",
            "State of Palestine"],
    "RUS": ["Russian Federation"], "SYR": ["Syrian Arab Republic"],
    "IRN": ["Islamic Republic of Iran", "Islamic Republic"],
    "NZL": ["NZ"], "BIH": ["Bosnia", "Bosnia-Herzegovina", "BiH"],
    "UNK": ["Republic of Kosovo"], "LAO": ["Lao PDR"],
    "VNM": ["Viet Nam"], "BRN": ["Brunei Darussalam"],
    "GMB": ["The Gambia"], "BHS": ["The Bahamas"],
    "FSM": ["Federated States of Micronesia"],
    "TTO": ["Trinidad"], "STP": ["Sao Tome and Principe", "Sao Tome"],
    "GNB": ["Guinea Bissau"], "KNA": ["St Kitts and Nevis",
                                      "St. Kitts and Nevis"],
    "VCT": ["St Vincent and the Grenadines",
            "St. Vincent and the Grenadines"],
    "LCA": ["St Lucia", "St. Lucia"], "VGB": ["BVI"], "VIR": ["USVI"],
    "CAF": ["Central African Republic"], "SSD": ["Republic of South Sudan"],
}
# Aliases the filters let through that are wrong or too ambiguous.
DROP_ALIASES = {
    "GBR": ["UKGBNI", "U.K.G.B.N.I.", "GBR", "Gret Bryton", "Ukania",
            "Ukogbani", "Tukogbani", "Great Britain and Ulster",
            "Gt. Brit"],
    "USA": ["States", "US of A"], "TLS": ["Timor"], "GUF": ["Guiana"],
    "LAO": ["Lao"], "CAF": ["CAR"], "PNG": ["PNG"], "ZAF": ["RSA"],
    "COD": ["Congo"], "IRN": ["Persia"],
    "VAT": ["Holy See", "Holy See (Vatican City State)"],
    "COL": ["United States of Colombia"], "SHN": ["Saint Helena"],
    "MKD": ["The former Yugoslav Republic of Macedonia"],
    "CHN": ["China mainland"], "BES": ["BES"], "TWN": ["Tainan"],
    "NZL": ["Zealand"], "TTO": ["Tobago"], "STP": ["Principe"],
    "MEX": ["United States of Mexico", "United States of Mexicans"],
    "VEN": ["United States of Venezuela"], "VGB": ["Virgin Islands"],
    "MNG": ["Mongolids"], "AUS": ["South Australia"],
    "SMR": ["Saint Marin"], "NLD": ["Hollander", "Netherlander"],
}
KEEP_COMMON_WORDS = {"turkey", "holland", "guinea", "jersey", "chad",
                     "jordan", "georgia", "niger", "china", "japan", "india",
                     "cuba", "malta", "mali", "oman", "peru", "togo",
                     "panama", "america", "britain", "burma", "bosnia",
                     "macedonia", "gambia"}
# Two-letter acronyms kept (others, such as the ISO codes, are dropped).
SHORT_ACRONYMS = {"US", "UK", "NZ"}

# Capital cities as named in news, written for newsgraph.  Left out: a
# capital that is the country's own name (Singapore, Monaco) and
# ambiguous territory capitals (Stanley, Hamilton, Jamestown, Kingston of
# Norfolk Island, George Town, The Valley, Douglas, Plymouth, Saint-Denis);
# Malé is left out because it folds to the English word "male".
CAPITALS = {
    "ABW": "Oranjestad", "AFG": "Kabul", "AGO": "Luanda", "ALA": "Mariehamn",
    "ALB": "Tirana", "AND": "Andorra la Vella", "ARE": "Abu Dhabi",
    "ARG": "Buenos Aires", "ARM": "Yerevan", "ASM": "Pago Pago",
    "ATF": "Port-aux-Français", "ATG": "St. John's|Saint John's",
    "AUS": "Canberra", "AUT": "Vienna", "AZE": "Baku",
    "BDI": "Gitega|Bujumbura", "BEL": "Brussels", "BEN": "Porto-Novo|Cotonou",
    "BFA": "Ouagadougou", "BGD": "Dhaka", "BGR": "Sofia", "BHR": "Manama",
    "BHS": "Nassau", "BIH": "Sarajevo", "BLM": "Gustavia", "BLR": "Minsk",
    "BLZ": "Belmopan", "BOL": "La Paz|Sucre", "BES": "Kralendijk",
    "BRA": "Brasília", "BRB": "Bridgetown", "BRN": "Bandar Seri Begawan",
    "BTN": "Thimphu", "BWA": "Gaborone", "CAF": "Bangui", "CAN": "Ottawa",
    "CCK": "West Island", "CHE": "Bern|Berne", "CHL": "Santiago",
    "CHN": "Beijing", "CIV": "Yamoussoukro|Abidjan", "CMR": "Yaoundé",
    "COD": "Kinshasa", "COG": "Brazzaville", "COK": "Avarua",
    "COL": "Bogotá", "COM": "Moroni", "CPV": "Praia", "CRI": "San José",
    "CUB": "Havana", "CUW": "Willemstad", "CXR": "Flying Fish Cove",
    "CYP": "Nicosia", "CZE": "Prague", "DEU": "Berlin",
    "DJI": "Djibouti City", "DMA": "Roseau", "DNK": "Copenhagen",
    "DOM": "Santo Domingo", "DZA": "Algiers", "ECU": "Quito",
    "EGY": "Cairo", "ERI": "Asmara", "ESH": "Laayoune", "ESP": "Madrid",
    "EST": "Tallinn", "ETH": "Addis Ababa", "FIN": "Helsinki", "FJI": "Suva",
    "FRA": "Paris", "FRO": "Tórshavn", "FSM": "Palikir", "GAB": "Libreville",
    "GBR": "London", "GEO": "Tbilisi",
    "GGY": "St. Peter Port|Saint Peter Port",
    "GHA": "Accra", "GIN": "Conakry", "GLP": "Basse-Terre", "GMB": "Banjul",
    "GNB": "Bissau", "GNQ": "Malabo", "GRC": "Athens",
    "GRD": "St. George's|Saint George's", "GRL": "Nuuk",
    "GTM": "Guatemala City", "GUF": "Cayenne", "GUM": "Hagåtña",
    "GUY": "Georgetown", "HND": "Tegucigalpa", "HRV": "Zagreb",
    "HTI": "Port-au-Prince", "HUN": "Budapest", "IDN": "Jakarta",
    "IND": "New Delhi", "IRL": "Dublin", "IRN": "Tehran|Teheran",
    "IRQ": "Baghdad", "ISL": "Reykjavík", "ISR": "Jerusalem", "ITA": "Rome",
    "JAM": "Kingston", "JEY": "St. Helier|Saint Helier", "JOR": "Amman",
    "JPN": "Tokyo", "KAZ": "Astana|Nur-Sultan", "KEN": "Nairobi",
    "KGZ": "Bishkek", "KHM": "Phnom Penh", "KIR": "South Tarawa|Tarawa",
    "KNA": "Basseterre", "KOR": "Seoul", "UNK": "Pristina|Prishtina",
    "KWT": "Kuwait City", "LAO": "Vientiane", "LBN": "Beirut",
    "LBR": "Monrovia", "LBY": "Tripoli", "LCA": "Castries", "LIE": "Vaduz",
    "LKA": "Colombo|Sri Jayawardenepura Kotte", "LSO": "Maseru",
    "LTU": "Vilnius", "LUX": "Luxembourg City", "LVA": "Riga",
    "MAF": "Marigot", "MAR": "Rabat", "MDA": "Chisinau",
    "MDG": "Antananarivo", "MEX": "Mexico City", "MHL": "Majuro",
    "MKD": "Skopje", "MLI": "Bamako", "MLT": "Valletta",
    "MMR": "Naypyidaw|Nay Pyi Taw|Naypyitaw", "MNE": "Podgorica",
    "MNG": "Ulaanbaatar|Ulan Bator", "MNP": "Saipan", "MOZ": "Maputo",
    "MRT": "Nouakchott", "MSR": "Brades", "MTQ": "Fort-de-France",
    "MUS": "Port Louis", "MWI": "Lilongwe", "MYS": "Kuala Lumpur|Putrajaya",
    "MYT": "Mamoudzou", "NAM": "Windhoek", "NCL": "Nouméa", "NER": "Niamey",
    "NGA": "Abuja", "NIC": "Managua", "NIU": "Alofi",
    "NLD": "Amsterdam|The Hague", "NOR": "Oslo", "NPL": "Kathmandu",
    "NRU": "Yaren", "NZL": "Wellington", "OMN": "Muscat",
    "PAK": "Islamabad", "PAN": "Panama City", "PCN": "Adamstown",
    "PER": "Lima", "PHL": "Manila", "PLW": "Ngerulmud",
    "PNG": "Port Moresby", "POL": "Warsaw", "PRI": "San Juan",
    "PRK": "Pyongyang", "PRT": "Lisbon", "PRY": "Asunción",
    "PSE": "Ramallah", "PYF": "Papeete", "QAT": "Doha", "ROU": "Bucharest",
    "RUS": "Moscow", "RWA": "Kigali", "SAU": "Riyadh", "SDN": "Khartoum",
    "SEN": "Dakar", "SGS": "King Edward Point", "SJM": "Longyearbyen",
    "SLB": "Honiara", "SLE": "Freetown", "SLV": "San Salvador",
    "SMR": "City of San Marino", "SOM": "Mogadishu", "SPM": "Saint-Pierre",
    "SRB": "Belgrade", "SSD": "Juba", "STP": "São Tomé",
    "SUR": "Paramaribo", "SVK": "Bratislava", "SVN": "Ljubljana",
    "SWE": "Stockholm", "SWZ": "Mbabane|Lobamba", "SXM": "Philipsburg",
    "SYC": "Victoria", "SYR": "Damascus", "TCA": "Cockburn Town",
    "TCD": "N'Djamena|Ndjamena", "TGO": "Lomé", "THA": "Bangkok",
    "TJK": "Dushanbe", "TKM": "Ashgabat", "TLS": "Dili",
    "TON": "Nuku'alofa", "TTO": "Port of Spain", "TUN": "Tunis",
    "TUR": "Ankara", "TUV": "Funafuti", "TWN": "Taipei",
    "TZA": "Dodoma|Dar es Salaam", "UGA": "Kampala", "UKR": "Kyiv|Kiev",
    "URY": "Montevideo", "USA": "Washington|Washington, D.C.",
    "UZB": "Tashkent", "VCT": "Kingstown", "VEN": "Caracas",
    "VGB": "Road Town", "VIR": "Charlotte Amalie", "VNM": "Hanoi",
    "VUT": "Port Vila", "WLF": "Mata-Utu", "WSM": "Apia",
    "YEM": "Sanaa|Sana'a", "ZAF": "Pretoria|Cape Town", "ZMB": "Lusaka",
    "ZWE": "Harare",
}

GENERIC_NAME_WORDS = set("""republic of the kingdom state states islamic
democratic people's peoples federal federation federative united arab
socialist commonwealth principality grand duchy union islands island
territory and plurinational cooperative co-operative oriental bolivarian
independent sovereign sultanate emirate collectivity department special
administrative region country confederation nation great serene most
hashemite bailiwick""".split())

BAD_ALIAS_RE = re.compile(r"[,()&\[\]]|\b(Rep|Dem|Isl|Is|Eq|Br|Arab Rep)\.")


def edit_distance(a, b):
    if abs(len(a) - len(b)) > 3:
        return 99
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1,
                           prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def tokens(text):
    return [t for t in re.split(r"[\s\-]+", ngdata.fold(text)) if t]


def initials(text):
    return "".join(t[0] for t in tokens(text)
                   if t not in ngdata.MINOR_WORDS).upper()


def phoenix_case(alias, name):
    """'AFGANISTAN' -> 'Afganistan', 'U.S.A.' stays, 'UNITED_STATES_OF_AMERCA'
    -> 'United States of Amerca'."""
    if re.match(r"^([A-Z]\.\s?)+$", alias):
        return alias.replace(" ", "")
    return ngdata.natural_case(alias.replace(" ", "_"))


def plural_forms(adj):
    """'Iraqi' -> ['Iraqis']; 'Lebanese' -> []."""
    low = adj.lower()
    if (low.endswith(("ese", "ss", "sh", "ch", "ic", "s", "x", "z"))
            or " " in adj and low.endswith("ese")):
        return []
    if low.endswith("y"):
        return []
    return [adj + "s"]


def split_demonym(text):
    parts = re.split(r",|\bor\b", text)
    return [p.strip() for p in parts if p.strip()]


def main():
    shared = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(ngdata.DATA_DIR), "..", "shared", "data")
    cdir = os.path.join(shared, "countries")
    words = ngdata.english_words()

    rows = []
    with open(os.path.join(cdir, "countries_iso_qid_demonym.tsv"),
              encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            rows.append(r)
    by_iso = {r["iso3"]: r for r in rows}
    iso2_to_iso3 = {r["iso2"]: r["iso3"] for r in rows}

    cand = {iso: [] for iso in by_iso}          # (alias, source)
    for r in rows:
        cand[r["iso3"]].append((r["official"], "official"))
        for a in r["altSpellings"].split("|"):
            cand[r["iso3"]].append((a, "alt"))
    with open(os.path.join(cdir, "country_aliases_en.csv"),
              encoding="utf-8") as f:
        for r in csv.DictReader(f):
            iso = r["iso3c"] if r["iso3c"] in by_iso else \
                iso2_to_iso3.get(r["iso2c"])
            if iso:
                cand[iso].append((r["label"], "aliases_en"))
    with open(os.path.join(cdir, "owid_countries_regions_2022.csv"),
              encoding="utf-8") as f:
        for r in csv.DictReader(f):
            iso = r["iso_alpha3"]
            if iso in by_iso and r["aliases"]:
                for a in json.loads(r["aliases"]):
                    cand[iso].append((a, "owid"))

    # Phoenix country blocks: name variants and the CAMEO code
    name_lookup = {}
    for r in rows:
        for t in (r["name"], r["official"]):
            name_lookup.setdefault(ngdata.fold(t), r["iso3"])
    phoenix = ngdata.parse_tabari(os.path.join(
        shared, "petrarch2", "Phoenix.Countries.actors.txt"))
    cameo = {}
    phoenix_aliases = {iso: [] for iso in by_iso}
    for e in phoenix:
        plain = " ".join(ngdata.phrase_words(e.name))
        roles = any(seg in ngdata.ROLE_CODES and seg != "UNO"
                    for c, _, _ in e.codes
                    for seg in ngdata.code_segments(c))
        if roles:
            continue
        iso = PHOENIX_NAME_TO_ISO.get(plain) or name_lookup.get(
            ngdata.fold(plain))
        if not iso:
            continue
        current = [c for c, s, t in e.codes if not t]
        dated = [c for c, s, t in e.codes if s and not t]
        code = (dated or current or [e.codes[0][0]])[-1]
        code = CAMEO_FIXES.get(code, code)
        cameo.setdefault(iso, code)
        phoenix_aliases[iso].append(plain)
        phoenix_aliases[iso].extend(" ".join(ngdata.phrase_words(a))
                                    for a in e.aliases)

    out = {}
    for r in rows:
        iso = r["iso3"]
        name = r["name"]
        qid = QID_FIXES.get(iso, r["qid"])
        # demonyms
        if iso in NO_DEMONYM and iso not in DEMONYMS:
            dem = []
        elif iso in DEMONYMS:
            dem = DEMONYMS[iso].split("|")
        else:
            dem = []
            for field in ("demonym_m", "demonym_f"):
                for d in split_demonym(r[field]):
                    if d not in dem:
                        dem.append(d)
            for d in list(dem):
                for p in plural_forms(d):
                    if p not in dem:
                        dem.append(p)
        if iso in NO_DEMONYM:
            dem = []
        dem_fold = {ngdata.fold(d) for d in dem}

        accepted = []
        seen = {ngdata.fold(name)}
        allowed_tokens = set(tokens(name)) | GENERIC_NAME_WORDS
        for d in dem:
            allowed_tokens |= set(tokens(d))
        drops = {ngdata.fold(a) for a in DROP_ALIASES.get(iso, [])}
        capitals_fold = {ngdata.fold(c) for c in
                         CAPITALS.get(iso, "").split("|") if c}
        source_dems = {ngdata.fold(d) for field in ("demonym_m", "demonym_f")
                       for d in split_demonym(r[field])} | dem_fold
        source_dems |= {d + "s" for d in source_dems}

        def accept(alias, src):
            a = alias.strip()
            if src == "phoenix":
                a = phoenix_case(a, name)
            if a.lower().startswith("the "):
                a = a[4:].strip()
            if not a:
                return
            fa = ngdata.fold(a)
            if fa in seen or fa in drops or fa in dem_fold:
                return
            if not ngdata.is_latin_text(a) or BAD_ALIAS_RE.search(a) \
                    or "\ufffd" in a:
                return
            if fa in capitals_fold or re.search(r"\bislanders?$", fa):
                return
            if "." in re.sub(r"\bSt\.", "", a) and \
                    not re.match(r"^([A-Z]\.)+$", a):
                return
            letters = re.sub(r"[^A-Za-z]", "", a)
            if src != "extra":
                if letters.isupper() or (a == a.lower() and len(a) <= 3):
                    return      # codes and acronyms: only the listed ones
                toks = tokens(a)
                if len(toks) == 1 and toks[0] in words and \
                        toks[0] not in KEEP_COMMON_WORDS:
                    return
                if src == "phoenix":
                    near = any(
                        fa[:1] == ngdata.fold(x)[:1] and
                        edit_distance(fa, ngdata.fold(x)) <=
                        (1 if len(fa) <= 5 else 2 if len(fa) <= 10 else 3)
                        for x in [name] + [y for y in accepted
                                           if not y.isupper()]
                        if len(fa) >= 4)
                    if not near and not (set(toks) <= allowed_tokens and
                                         set(toks) & set(tokens(name))):
                        return
                    # closer to a demonym than to a name: "Iraqui"
                    d_name = min(edit_distance(fa, ngdata.fold(x))
                                 for x in [name] + accepted)
                    if any(edit_distance(fa, d) <= d_name
                           for d in source_dems):
                        return
                    if any(len(t) <= 2 and t not in ngdata.MINOR_WORDS
                           for t in toks):
                        return      # "Us Vi", "N Zealand"
                elif not set(toks) <= allowed_tokens:
                    return
            seen.add(fa)
            accepted.append(a)

        for a in EXTRA_ALIASES.get(iso, []):
            accept(a, "extra")
        for a, src in cand[iso]:
            accept(a, src)
        for a in phoenix_aliases[iso]:
            accept(a, "phoenix")
        out[iso] = {
            "iso3": iso, "iso2": r["iso2"], "qid": qid,
            "cameo": cameo.get(iso, iso), "name": name,
            "demonyms": dem, "aliases": accepted,
            "capitals": CAPITALS.get(iso, "").split("|")
            if CAPITALS.get(iso) else [],
        }

    # An alias or demonym shared by two rows: a territory loses it to a
    # sovereign state; between two sovereign states it stays ambiguous
    # only where listed, otherwise both lose it.
    ambiguous_ok = {"congolese"}
    for field in ("aliases", "demonyms", "capitals"):
        owners = {}
        for iso, c in out.items():
            for a in c[field]:
                owners.setdefault(ngdata.fold(a), []).append(iso)
            if field == "aliases":
                owners.setdefault(ngdata.fold(c["name"]), []).append(iso)
        for fa, isos in owners.items():
            if len(set(isos)) < 2 or fa in ambiguous_ok:
                continue
            named = [i for i in isos if ngdata.fold(out[i]["name"]) == fa]
            sovereign = [i for i in isos if i not in TERRITORIES]
            keep = named[:1] if named else (
                sovereign if len(sovereign) == 1 else [])
            for i in set(isos) - set(keep):
                out[i][field] = [a for a in out[i][field]
                                 if ngdata.fold(a) != fa]
            print("shared %s %r: %s -> kept in %s" % (
                field, fa, ",".join(sorted(set(isos))),
                ",".join(keep) or "none"), file=sys.stderr)

    table = []
    for iso in sorted(out):
        c = out[iso]
        table.append([c["iso3"], c["iso2"], c["qid"], c["cameo"], c["name"],
                      "|".join(c["demonyms"]), "|".join(c["aliases"]),
                      "|".join(c["capitals"])])
    path = os.path.join(ngdata.DATA_DIR, "countries.tsv")
    n = ngdata.write_tsv(path, ngdata.COUNTRY_COLUMNS, table, """\
newsgraph country table: one row per country or territory (ISO 3166).
Format: data/README.md.  Sources and licences: data/LICENSES.md.
Generated by data/tools/convert_countries.py: edit the converter, not
this file.  NLD uses Q55 (the country), not Q29999 (the Kingdom).""")
    print("countries.tsv: %d rows, %d aliases, %d with capitals" % (
        n, sum(len(c["aliases"]) for c in out.values()),
        sum(1 for c in out.values() if c["capitals"])), file=sys.stderr)


if __name__ == "__main__":
    main()
