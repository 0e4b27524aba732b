#!/usr/bin/env python3
"""Builds data/places.tsv, a gazetteer of cities and regions, from the
country blocks of the Phoenix country dictionary.

Usage:
  python3 data/tools/convert_places.py [PHOENIX_FILE | SHARED_DATA_DIR]
                                       [-o OUT] [--review FILE]

PHOENIX_FILE is petrarch2/Phoenix.Countries.actors.txt (MIT, Open Event
Data Alliance); a directory is read as the shared data folder (default
../shared/data from the repository root).  The table goes to OUT (-o) or to
standard output; counts go to standard error; --review writes every name
with the rule that kept or dropped it.  Reads data/countries.tsv and
data/actors/*.tsv (run the other converters first).  Standard library
only; the output is deterministic and does not depend on the machine (the
English word list used to build STOPWORDS below is baked in).

A Phoenix country block is an entry whose codes are all territorial (a
country code, possibly with a territory segment such as USAPRI or PSEGZA,
and no role such as GOV or REB): "IRAQ_" with "+BAGHDAD_", "+MOSUL_"...
Every phrase of such a block is a candidate place of the block's country:
the country named by the block's first phrase when it names a row of
countries.tsv ("MAYOTTE_ [FRA]" is MYT), else the country of its CAMEO
code (PSEGZA is PSE, DDR is DEU).  Blocks of states that no longer exist
or never did (Soviet Union, RSFSR, Czechoslovakia, GDR, Serbia and
Montenegro, Kinakuta, Republic of Serbian Krajina) are skipped.

Names: Phoenix's underscores become blanks; each word is capitalised
(ngdata.cap_word) except name particles inside a name (de, la, al, ez,
upon, i in "Mazar-i-Sharif"...); a leading Arabic article is written
"al-Anbar", "az-Zarqa" (as our actor names write "al-Maliki"); "El"
stays capitalised ("El Alamein").

Rules: a name is dropped by the first that matches, in this order, and
standard error counts each (with its parts):
  country     (first) a name, alias or demonym of any row of
              countries.tsv ("Iraqi", "Irak");
  junk        transliteration debris: letters other than Latin, a
              replacement character, digits, '+' or '?', an apostrophe
              opening or closing a word ("AL_'IRAQ"), a word without a
              vowel ("RDTL"; St, Mt and Ft are words), a name that is
              another name of the same country with a vowel taken out from
              between consonants ("KNPUR" beside "KANPUR", "IRBL" beside
              "IRBIL"; not "MILAN" beside "MILANO"), and the names in JUNK;
  country     the names in COUNTRY_NAMES (foreign, historical, nick and
              demonym names: "ESTADOS_UNIDOS", "SUNSHINE_STATE", "GAZAN");
              a name of five letters or more close to one of the block
              country's names or demonyms (misspellings: similarity >= 0.8
              by difflib, except NOT_COUNTRY: "Mexicali", "Tainan"); a name
              holding the block country's name or demonym as whole words
              ("Soviet Occupied Afghanistan"; "Western Australia", which
              the country already matches), except KEEP_CONTAINS; a name
              listed before the capital in a block that has its capital
              (Phoenix lists the country's variants and foreign names
              first: "SHQIPERIA", "HAYASTAN"), except KEEP_BEFORE ("WEST_
              BANK", "PUNTLAND", "SCOTLAND");
  capital     a capital of the block's country (countries.tsv), a name with
              the same first letter close to one (similarity >= 0.8:
              "Prag"), or another name of one in CAPITAL_NAMES ("Dacca",
              "Moskva"): capitals are governments, kept out of places;
  ambiguous   listed under two or more countries; a capital of another
              country; a name in AMBIGUOUS: a well-known place of that
              name in another country ("Alexandria", "Birmingham",
              "Perth") or a place Phoenix puts under the wrong country
              ("SAVOY" under Switzerland);
  feature     rivers, lakes, mountains, deserts, seas, falls, dams and the
              like: a FEATURE_WORDS word (except FEATURE_OK: "Salt Lake
              City"), a bare name listed at most two names away from its
              featured form ("NILE" beside "NILE_RIVER"; "GENEVA" is far
              from "LAKE_GENEVA"), and FEATURES: they often cross borders
              and rarely locate an actor;
  word        not safe as a capitalised word at a sentence start: a single
              word of three letters or less (except SHORT_OK: "Goa",
              "Qom"), a single English word (STOPWORDS, MORE_WORDS:
              "Cork", "Phoenix", "Male"), a name of English words and
              region words only ("Eternal City", "Free State"), unless in
              KEEP_WORDS ("Shanghai", "West Bank", "Eastern Cape");
  person      a common given name (the first word of two or more Phoenix
              office holders: "Charlotte", "Vladimir"; except
              PLACES_NOT_PEOPLE: "Milan", "Aden", "Sydney") or a name in
              PERSON_NAMES ("Austin", "Lawrence", "Medina");
  org         an ORG_WORDS word (Palace, Council, Estate...) or a name in
              ORGANISATIONS ("Malacanang", "Persepolis");
  actor       the name (folded as the matcher folds it) of an actor or an
              alias in data/actors/*.tsv ("Fatah");
  duplicate   the same name twice for one country (the first is kept).
The hand-made tables below were written for newsgraph (CC0) by reading
every name of the source; they only choose among Phoenix's names.

kind is "region" when the name has a REGION_WORDS word (Province,
Governorate, Valley, Strip, Bank, Island, Peninsula, Heights, State...),
when the same block lists the name with such a word ("DIYALA" beside
"DIYALA_PROVINCE"), when it ends in -stan, when it is in REGIONS, or when
it comes after the first unit of a block that lists administrative units
(REGIONS_FROM: Nepal's districts from "BAGMATI" on), unless in CITIES
("New York" beside "New York State"); "city"
otherwise.  note is the line of Phoenix.Countries.actors.txt.
"""

import collections
import difflib
import glob
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ngdata  # noqa: E402
import convert_countries  # noqa: E402

PLACE_COLUMNS = ["name", "iso3", "kind", "note"]

HEADER = """\
newsgraph places: cities and regions, each with the country it is in.
Source: Phoenix.Countries.actors.txt (PETRARCH 2 dictionaries,
openeventdata/petrarch2): the city and region names of its country blocks.
Licence: MIT, Open Event Data Alliance; see data/LICENSES.md
Format and rules: data/README.md; note is the line of the name in the source.
Generated by data/tools/convert_places.py: edit the tool, not this file."""

# Blocks that are no present-day country's places.
SKIP_BLOCKS = {"SOVIET_UNION", "RUSSIAN_SFSR", "CZECHOSLOVAKIA",
               "GERMAN_DEMOCRATIC_REPUBLIC", "SERBIA_AND_MONTENEGRO",
               "KINAKUTA", "REPUBLIC_OF_SERBIAN_KRAJINA"}

# Historical CAMEO prefixes and Phoenix typing slips.
OLD_CAMEO = {"DDR": "DEU", "USR": "RUS", "SUN": "RUS", "YUG": "SRB",
             "SCG": "SRB", "FRY": "SRB", "CSK": "CZE", "KSV": "UNK",
             "TMP": "TLS", "ROM": "ROU", "FRN": "FRA", "SRP": "BIH"}

VOWELS = set("aeiouy")

# Name particles written in lower case inside a place name.
PARTICLES = {"de", "del", "della", "di", "da", "do", "dos", "das", "du",
             "des", "la", "las", "los", "le", "les", "el", "al", "ad", "an",
             "ar", "as", "ash", "at", "az", "ez", "es", "ed", "en", "er",
             "um", "of", "the", "and", "y", "e", "i", "et", "on", "upon",
             "na", "am", "der", "van", "den", "aan", "bin", "ibn", "ul",
             "au", "aux", "sur", "sous", "lez", "les", "im", "in", "bei"}
# Arabic article forms that take the next word's first letter.
SUN_ARTICLES = {"ad", "adh", "an", "ar", "as", "ash", "at", "ath", "az",
                "aj", "ad-", "ar-"}

REGION_WORDS = {"province", "provinces", "region", "regions", "state",
                "district", "districts", "governorate", "valley", "strip",
                "bank", "island", "islands", "isle", "isles", "peninsula",
                "territory", "territories", "heights", "coast", "oblast",
                "krai", "okrug", "republic", "prefecture", "county",
                "archipelago", "canal", "canton", "department",
                "departement", "area", "areas", "basin", "atoll", "pradesh",
                "emirate", "colony", "kurdistan", "riviera", "highlands",
                "plain", "plains", "pulau", "wilayah", "hills"}
FEATURE_WORDS = {"river", "rivers", "lake", "lakes", "mount", "mountains",
                 "mountain", "mt", "mt.", "desert", "sea", "gulf", "golfo",
                 "bay", "falls", "reef", "peak", "range", "volcan", "volcano",
                 "nevado", "pico", "fjord", "fiord", "bight", "strait",
                 "gorge", "plateau", "shield", "alps", "sierra", "dam",
                 "glacier", "jebel", "jabal", "tree", "wall", "way"}
# A feature word that is also the head of many towns' names.
FEATURE_OK = {"bay of plenty", "montego bay", "milne bay", "hawke's bay",
              "salt lake city", "negev", "virginia beach"}

# Organisation words: a place name never holds them.
ORG_WORDS = {"palace", "council", "party", "ministry", "committee",
             "assembly", "army", "forces", "front", "movement", "soviet",
             "government", "parliament", "court", "reggente", "reggenti",
             "inhabitants", "school", "university", "church", "company",
             "estate"}

# -------------------------------------------------------------------------
# Hand-made tables (written for newsgraph, CC0).  Names are folded as the
# matcher folds them: lower case, no diacritics, blanks for '_' and '-'.

def fold(text):
    return ngdata.fold(text.replace("_", " "))


def table(text):
    """A table of folded names separated by ';' (a name may run on to
    the next line)."""
    out = set()
    for item in " ".join(text.split("\n")).split(";"):
        item = item.strip()
        if item:
            out.add(fold(item))
    return out


# Places that Phoenix lists among the country's own names, before the
# capital.
KEEP_BEFORE = table("""
Chaparhar; Aunuu; Aunuu Island; Wallonia; Cikobia; Chikoba; Yacata;
Naitaubu; Bethlehem; West Bank; Puntland; Principe; Tobago; Eua Island;
Umm al Qaywan; England; Scotland; Wales""")

# Names of a country or territory in the blocks that the rules do not
# recognise as such: foreign, historical, nick and misspelt names, and
# demonyms of a place.
COUNTRY_NAMES = table("""
Estados Unidos; Yankee Land; Yankeeland; U. S.; U S A; Us of A; Miguk;
Hapjungguk; Meiguo; Eeuu; Ee. Uu.; Ee.uu.; Verenigde State; Verenigde
State van Amerika; Estatos Unitos; Estaos Unios; Etats Unis; Bandarikin;
Vereinigte Staaten; Stati Uniti D'America; Yhdysvallat;
Heart of Dixie; Hoosier State; Hawkeye State; Cornhusker State; Tar Heel
State; Old Dominion; Old Dominion State; Athens on the Kaw; Louisiana
Purchase; Camellia State; Grand Canyon State; Centennial State; Sunshine
State; Everglade State; Empire State of the South; Peach State; Aloha
State; Sunflower State; Bluegrass State; Wolverine State; Gopher State;
North Star State; Magnolia State; Silver State; Granite State; Garden
State; Empire State; Old North State; Peace Garden State; Buckeye State;
Lone-Star State; Beehive State; Evergreen State; Equality State;
Faeroe; Faeroer; Foroyar; Faeroerne; Faeroyene; Faroer; Faer Oer; Far Oer;
Faereyjar; Falklands; Malvinas; Faulkland; Sebald Island; Malvines;
Malvine Isles; Malvine Islands; Guyane Francaise; Region Guyane; Guyana
Francoise; Guiana Francesa; Guyane Departement; French Oceania;
Gibilterra; Cebelitarik; Kalaallit Nunaat; Guahan; Us Gu; Cuam; Channel
Island; Hksar; Heung Gong; Hsiang Kang; Sianggang; Xiang Gang; Xianggang;
Shang Gang; Hsangkang; Hsian Kang; Hsiankang; Hyanghang; Hidden Pirate
Island; Mannin; Monaoeda; Monapia; Mahore; Mawuti; Munegu; Naoero; Nuie;
Kanaky; Caledonien; Nouvelle Caledonie; Collectivite Sui Generis; Trust
Territory of the Pacific; Pelew; Estado Libre Asociado; Boriken;
Borinquen; Boriquen; Isla del Encanto; Island of Enchantment; Isle of
Enchantment; Puertorriqueno; Puertorriquenos; Puertorriquena; St Helena;
St. Helena; St.helena; Seychelle Islands; Cingkappur; Xinjiapo; S'Pore;
S'Porean; Hsin Chia P'O; Hsin Chia P'O Kung Ho Kuo; Sinjiapo; Tumasek;
Light of the South; Manchester of the East; Union Islands; Ellice Islands;
Ellice Island; Toovaloo; Lagoon Islands; Virgin Islander; Virgin Islands,
U.s.; Us Virgin Islands; U. S. Virgin Islands; American Virgin Islands;
U.s. Virgin Islands; U.s Virgin Islands; Us Virgin Island; Us. Virgin
Islands; U S Virgin Islands; Virgin Islands, British; Uk Virgin Islands;
Futunan; Futuna Islander; Wallis Archipelago; Iles Wallis; Uvea Mo Futuna;
Bermoothes; Somers Islands; Somers Isles; Summer's Isles; Virgineola; Isle
of Devils; Devil's Isles; Las Tortugas; Tiquicia; Territoire Francais des
Afars et des Issas; Dehevi Jumhuriyya; Pyi Daung Zu Myan Ma Naing Ngan
Daw; Birmanie; Letzebuerg; Republika Srbija; Cossovo; Nederlandse
Antillen; Antillen; Kingdom Islands; Maarianhamina; Aaland Islands;
Ahvenanmaa; Hindustan;
Gazan; Srpskan; Abkhaz; Adzhar; Chuvash; Buryat; Udmurt;
Mesopotamia; Chaldea; Chaldaea; Assyria; Assur; Asur; Ashur; Sodom;
Gomorrah; Gomorrha; Papal States; Lusitania; Feliz Lusitania; Livonia;
Tanganyika; Transvaal; Orange Free State; Cape Province; Cape Colony; Cape
of Good Hope Province; Natal; Spanish Sahara; Abila; Abyla; Hippo;
Halicarnassus; Pergamum; Sardis; Aegospotami; Aegospotamos; Lentia; Tibur;
Eelam; Tamil Eelam; Spice Islands; St. Mary of Bethlehem; U.s.v.i.""")

# Other names of capitals, which countries.tsv does not list: capitals
# are governments ("Moskva said"), kept out of places.
CAPITAL_NAMES = {
    "ARM": ["Jerevan", "Erivan"], "BGD": ["Dacca"], "BEL": ["Bruxelles"],
    "BGR": ["Serdica"], "CUB": ["La Habana"], "CZE": ["Praha"],
    "DNK": ["Kobenhavn"], "DOM": ["Ciudad Trujillo"],
    "DZA": ["El Djazair"], "EGY": ["al-Qahira", "El Qahira", "al-Qhirah"],
    "FIN": ["Helsingfors"], "GEO": ["Tiflis"], "GIN": ["Konakri"],
    "GRC": ["Athinai"], "GUY": ["Stabroek"],
    "IND": ["Delhi", "National Capital Territory of Delhi"],
    "KGZ": ["Frunze"], "LBN": ["Bayrut"], "LBY": ["Tarabulus al-Gharb"],
    "LTU": ["Vilna", "Vilno", "Wilno"], "MDA": ["Kishinev"],
    "MKD": ["Uskub"], "MNG": ["Urga", "Kulun"],
    "NLD": ["Gravenhage", "Den Haag"], "NOR": ["Christiania"],
    "NRU": ["Yaren District"], "OMN": ["Masqat"], "QAT": ["Bida",
                                                        "El Beda"],
    "ROU": ["Bucuresti"], "RUS": ["Moskva"], "SOM": ["Muqdisho",
                                                     "Mogadiscio"],
    "SYR": ["Dimashq", "Dimash"], "TCD": ["Fort-Lamy"],
    "THA": ["Krung Thep"], "TJK": ["Stalinabad"], "TUV": ["Vaiaku"],
    "COD": ["Leopoldville"], "PLW": ["Melekeok"], "USA": [
        "District of Columbia"], "BDI": ["Usumbura"],
    "CHL": ["Gran Santiago"],
}

# Names of places in more than one country, or that Phoenix puts under a
# country they are not (only) in.
AMBIGUOUS = table("""
Alexandria; Birmingham; Perth; Richmond; Rochester; Cordoba; Valencia;
Toledo; Cartagena; Galicia; Hyderabad; Brest; Kimberley; Arcadia; Ithaca;
Thebes; Argos; Waterloo; Salisbury; Frankfort; Brunswick; Santa Cruz;
Santa Ana; Vitoria; Ragusa; Nogales; La Laguna; Tierra del Fuego;
Tarabulus; Timor; Papua; Riviera; Savoy; Tyrol; Tirol; Epirus; Vienne;
Equateur; Sava; Susa; Susah; Abydos; Cordillera; El Aaium; George Town;
Chungcheong; Gyeongsang; Jeolla; Honam; Hoseo; Yeongnam; Yeongdong;
Yeongseo; Gwandong""")

# Rivers, lakes, mountains, deserts, volcanoes and other features with no
# feature word in the name.
FEATURES = table("""
Eyre; Ancohuma; Illampu; Illamani; Sajama; Guallatiri; Lascar;
Tupungatito; Galeras; Purace; Cotacachi; Sangay; Fuego; Krakatau;
Krakatao; Krakatoa; Demavend; Annapurna; Anapurna; Dhaulagiri; Makalu;
Kamet; Nanda Devi; El Misti; Huainaputina; Coropuna; Huascaran; Yerupaja;
Nyamuragira; Nyiragongo; Apenines; Weisshorn; Olimbos; Liakoura; Athos;
Bo Hai; Po Hai; Gan Jiang; Huang He; Hwang Ho; Zhu Jiang; Chu Kiang;
Kunlan Shan; Nan Ling; Poyang; Kara Kum; Qara Qum; Kyzyl Kum; Kizil Kum;
Qizil Qum; Nefud; an-Nefud; Nafud; an-Nafud; Rub al-Khali; ar-Rimsal;
Dahna; Dasht-e-Lut; Dasht-e-Kavir; Ijsselmeer; Bodensee; Plattensee;
Araguaia; Araguaya; Parnaiba; Parnahiba; Sao Francisco; Chao Phraya;
Dardanelles; Hellespont; Canakkale Bogazi; Tirich Mir; Samanala;
Ahuehuete; Tasman; Naze; Lindesnes; Cape Horn; Cape York; Cape Froward;
Cape Trafalgar; East Cape; Grand Canal; Laurentian Highlands; Arctic
Archipelago; Eastern Highlands; Udu Point; Massif Central""")

# Transliteration debris the rules miss.
JUNK = table("""
Bhopl; Ludhina; Viskhapatnam; Nshik; Vrnasi; Vijayawda; Shambajinagar;
Solpur; Guwhti; Tiruchchirppalli; Efahn; al-Mawil; al-Barah; Basia;
Ar-Bulus; Nam Inh; Qubec; Granz; Kostromas""")

# Given names and other names of people ("Austin", "Lawrence").
PERSON_NAMES = table("""
Lorraine; Constantine; Tara; Columbus; Molotov; Gorky; Gorki; Gorkiy;
Kirov; Soledad; Sukhbaatar; Surin; Farah; Sian; Juarez; Ariana; Medina""")
# Given names that are better known as places here.
PLACES_NOT_PEOPLE = table("Milan; Aden; Sydney")

# Organisations and government seats named like places.
ORGANISATIONS = table("""
Malacanang; Persepolis; Lubavitch""")

# Names close to the country's name that are places all the same.
NOT_COUNTRY = table("Mexicali; Tainan; Buganda; Gera")
# Names holding the country's name that are places all the same.
KEEP_CONTAINS = table("""
Santiago de Cuba; Port Sudan; Ile-de-France; Western Australia; South
Australia; Iraqi Kurdistan; Hook of Holland; Hoek van Holland; Benin City""")

# English words and names made of English words that are places all the
# same (checked by hand: as a capitalised word they are the place).
KEEP_WORDS = table("""
Shanghai; Cologne; Madras; Mecca; Astrakhan; Tangier; Liege; Wales;
New South Wales; Northwest Territories; Keeling Islands; Cox's Bazaar;
Xi'an; Tall Afar; Tell Afar; Tel Afar; Chin State; Canary Islands; New
Jersey; Grand Rapids; Hung Yen; Federally Administered Tribal Area;
Society Islands; Bay of Plenty; West Bank; Maritime Provinces; Eastern
Cape; Northern Cape; Western Cape; Perm Krai; Salt Lake City""")

# English words that the word list lacks.
MORE_WORDS = table("Chablis")

# Short names that are safe.
SHORT_OK = table("Goa; Qom; Qum")

# Cities that the rules would take for regions ("New York" beside "New
# York State").
CITIES = table("New York; Idlib; Davao; Omsk")

# Regions with no region word in the name.
REGIONS = table("""
Kurdistan; Darfur; Kordofan; Helmand; Kunar; Badakhshan; Badghis;
Baghlan; Bamyan; Daykuni; Ghor; Jowzjan; Kapisa; Laghman; Nangarhar;
Nimruz; Nuristan; Patika; Panjshir; Parwan; Samangan; Takhar; Urozgan;
Zabul; Anbar; al-Anbar; Diyala; Muthanna; al-Muthanna; Ghouta; Qalamoun;
Rif Dimashq; Sinai; Galilee; Negev; Crimea; Donbass; Donbas; Chechnya;
Chechenia; Dagestan; Ingushetia; Tatarstan; Bashkortostan; Bashkorostan;
Kabardino-Balkar; Karachay-Cherkess; Karelia; Kalmykia; Mordovia;
Adygea; Khakassia; Chuvashia; Sakha; Yakutia; North Ossetia-Alania;
Chukotka; Yamalo-Nenets; Khanty-Mansi; Zabaykalsky; Primorsky; Siberia;
Kamchatka; Sakhalin; Urals; Altai; Transnistria; Trans-Dniester;
Transdniestria; Abkhazia; Adzharia; Xinjiang; Tibet; Manchuria; Inner
Mongolia; Ningxia Hui; Guangxi Zhuang; Heilongjiang; Liaoning; Qinghai;
Gansu; Shaanxi; Shanxi; Hebei; Hopei; Hopeh; Szechwan; Szechuan;
Sichuan; Hubei; Henan; Shandong; Anhui; Jiangsu; Yunnan; Guizhou; Hunan;
Jiangxi; Zhejiang; Guangdong; Fujian; Telangana; Rajastan; Rajasthan;
Maharashtra; Bihar; Karnataka; Gujarat; Gujerat; Orissa; Kerala;
Jharkhand; Assam; Haryana; Chhattisgarh; Uttarakhand; Tripura; Meghalaya;
Manipur; Nagaland; Mizoram; Sikkim; Lakshadweep; Kanara; Canara; Aceh;
Papua; Riau; Maluku; Bali; Sumatra; Sulawesi; Kalimantan; Celebes;
Moluccas; Bangka-Belitung; Banten; Bengkulu; Gorontalo; Jambi; Lampung;
Yogyakarta; Nusa Tenggara; Mindanao; Luzon; Visayas; Calabarzon;
Mimaropa; Soccsksarge; Caraga; Leyte; Catalonia; Andalusia; Andalucia;
Aragon; Castile; Castilla; Majorca; Canaries; Bavaria; Lower Saxony;
Thuringia; Rhineland; Rheinland; Palatinate; Pfalz; Ruhr; Alsace;
Alsatia; Elsass; Anjou; Aquitaine; Aquitania; Artois; Auvergne;
Bourgogne; Burgundy; Bretagne; Breiz; Champagne-Ardenne; Corse; Corsica;
Franche-Comte; Gasconge; Gascony; Languedoc-Roussillon; Limousin;
Lothringen; Midi-Pyrenees; Nord-Pas-de-Calais; Pays de la Loire;
Picardie; Picardy; Poitou-Charentes; Poitou; Abruzzi; Abruzzi e Molise;
Basilicata; Lucania; Calabria; Campania; Emilia-Romanga; Friuli-Venezia
Giulia; Latium; Lazio; Liguria; Lombardy; Lombardia; Marche; Molise;
Piedmont; Piemonte; Puglia; Apulia; Sardinia; Sardegna; Sicily; Sicilia;
Tuscany; Tuscana; Trentino-Alto Adige; Umbria; Valle D'Aosta; Veneto;
Venezia-Euganea; Venetia; Thessaly; Thessalia; Attica; Boeotia;
Peloponnese; Peloponnesus; Cyclades; Kikladhes; Dodecanese;
Dhodhekanisos; Crete; Kriti; Laconia; Achaea; Moravia; Wallonia;
England; Scotland; Wales; Friesland; Queensland; Tasmania; Alberta;
Manitoba; Nunavut; Ontario; Saskatchewan; Yukon; Maritimes; Outaouais;
Pernambuco; Anatolia; Gauteng; Kwazulu Natal; Mpumalanga; Limpopo;
Hokkaido; Honshu; Hondo; Kyushu; Shikoku; Ryukyu; Okinawa; Tohoku; Kanto;
Chubu; Hokuriku; Koshin'etsu; Tokai; Kansai; Chugoku; Yezo; Puntland;
Republica Srpska; Republika Srpska; Republic of Srpska; Srpska; Kasai;
Kasai Oriental; Ituri; Katanga; Equateur; Nord-Kivu; Sud-Kivu; Maniema;
Tshopo; Tshuapa; Kwango; Kwilu; Lomami; Lualaba; Sankuru; Mongala;
Mai-Ndombe; Bas-Uele; Haut-Uele; Haut-Katanga; Haut-Lomami; Kongo
Central; Jonglei; Nejd; Najd; Hejaz; Hedjaz; Hijaz; Hadhramaut; Gaza;
Waziristan; North Waziristan; Balochistan; Sind; Khyber; Bajour; Bajaur;
Johor; Kedah; Kelantan; Negeri Sembilan; Pahang; Perak; Perlis;
Selangor; Terengganu; Sarawak; Wilayah Persekutuan; Tabasco; Yucatan;
Colima; Baja California; Coahuila; Quintana Roo; Oaxaca; Veracruz;
Zanzibar; Serengeti; Ticino; Tessin; Moravia; Gyeonggi; Gyeongbuk;
Gyeongnam; Chungnam; Jeonnam; Chungbuk; Jeonbuk; Gangwon; Hamgyong;
Hwanghae; Kwanbuk; Kwannam; Kwanso; Haeso; Buganda; Tobago; Principe;
Anjouan; Mwali; Ngazidja; Nzwani; Bioko; Svalbard; Lofoten; Novaya
Zemlya; Nova Zembla; Azores; Acores; Madeiras; Galapagos; Sabaragamuwa;
Eelam; Alabama; Alaska; Arizona; Arkansas; California; Colorado;
Connecticut; Delaware; Florida; Hawaii; Hawai'i; Idaho; Illinois; Indiana;
Iowa; Kansas; Kentucky; Louisiana; Maine; Maryland; Massachusetts;
Michigan; Minnesota; Mississippi; Missouri; Montana; Nebraska; Nevada;
New Hampshire; New Jersey; New Mexico; North Carolina; North Dakota;
Ohio; Oklahoma; Oregon; Pennsylvania; Rhode Island; South Carolina;
South Dakota; Tennessee; Texas; Utah; Vermont; West Virginia; Wyoming;
Dakota; British Columbia; New Brunswick; Nova Scotia; Newfoundland and
Labrador; New South Wales; South Australia; Western Australia;
Ile-de-France; West Bengal; Tamil Nadu; Jammu and Kashmir; Pondicherry;
Dadra and Nagar Haveli; Daman and Diu; Central Java; East Java; West
Java; West Papua; North Maluku; East New Britain; West New Britain; East
Sepik; New Ireland; Madang; Manus; Morobe; Simbu; Chimbu; Sandaun;
Bougainville; Milne Bay; Lulua; Nord Ubangi; Sud Ubangi; Cotopaxi;
Chimborazo; Taranaki; Waikato; Otago; Hawke's Bay; Manawatu-Wanganui;
Bay of Plenty; Eastern Cape; Northern Cape; Western Cape; Shabwah;
Ayeyarwady; Magway; Sagaing; Tanintharyi; Pamplemousses; Plaines Wilhems;
Riviere du Rempart; Savanne; Flacq; Cikobia; Chikoba; Yacata; Naitaubu;
Aunuu; Redonda; Culebra; Vieques; Nukunono; Lesbos; Lesvos; Chios;
Khios; Rhodes; Rodhos; Lemnos; Limnos; Aegina; Aigina; Ithaki""")

# Blocks that list administrative units from a name on: that name and
# the ones after it are regions (Nepal's zones and districts, Laos's
# provinces...).
REGIONS_FROM = {"NPL": "Bagmati", "MNG": "Arkhangai", "LAO": "Attapu",
                "MDG": "Sava", "BTN": "Bumthang", "VNM": "Bac Ninh",
                "KHM": "Banteay Meanchey", "FJI": "Cakaudrove",
                "SLB": "Choiseul", "KNA": "Saint Anne Sandy Point"}

# English words among the names: the lower-case words of
# /usr/share/dict/words (Debian package wamerican) that occur in the
# Phoenix names, baked in so that the tool needs no word list.  Rebuild
# with --make-stopwords after a change of source.
STOPWORDS = set("""a ad administered administrative afar afghan aloha alto
an and angel angora archipelago arctic area arenas as ash astrakhan atoll
autonomous b bale bang bank barrier basin bay bazaar beach beehive beloved
big bight black bluegrass bridges buckeye buffalo bum camellia canal
canaries canary canton canyon cap cape capital celestial centennial central
chad champagne channel check chi chile chin china church city coast cockpit
college cologne colony communism communist cook coral cork cote country
county crown d dam democratic den desert devils dictatorship din district
diva dividing divisions do dominion don dos dynasty e east eastern emirates
empire empires enchantment equality equatorial es estate eternal everglade
evergreen falls far fat federal federally federated federation fez fin fiord
fjord flower former fort free french friendly gang garden gent gong good
gopher gorge grand granite graveyard great green guinea gulf gush ha he
heard heart heel heights hidden high highlands hills hind hippo ho hog honk
hook hope horn hue hung i independent inhabitants inner ire island islander
islands isle isles ivory japan jersey jewel john keeling khan kingdom kiwi
la lagoon lake lakes lam land last liege lieu light limerick little lone
long lop low lower lowland ma madras magnolia male man mania mar marches
maria maritime marquises marshal mecca men meshed middle mo moon morocco
moron mount mountain mountains muscat n natal national nature new north
northern northwest nova nu o occidental occupied of old on orange orient
oriental pacific palace pampas papa papal park pas pays peace peach peak
pearl peninsula peoples perm peter phoenix ping pirate plain plateau plenty
point pol pole polish pore port porter prey prince proper providence
province provinces purchase ram range rapids reach reap red reef region rep
republic republican rising river rocky rub s saga saint salaam salt sandy
sates sea sham shanghai shield sierra silver sing sir smiling society son
south soviet spice square star state states stats strait strip stung sun
sunflower sunshine tall tamale tangier tar tel tell territories territory
the tho thong to tome town trans tree tribal trust turkey twin u union
united unites untied upon us valley van venerable vi villa virgin wadi wales
wall wan way wellington welsh west western windward wolverine y ye yellow
yen z""".split())

# -------------------------------------------------------------------------


def key(text):
    """fold() without blanks and apostrophes, for similarity."""
    return re.sub(r"[^a-z0-9]", "", fold(text))


def similar(a, b):
    return difflib.SequenceMatcher(None, a, b).ratio()


def place_case(phrase):
    """'AL_ANBAR' -> 'al-Anbar', 'SADR_CITY' -> 'Sadr City',
    'MAZAR-I-SHARIF' -> 'Mazar-i-Sharif', 'RIO_DE_JANEIRO' ->
    'Rio de Janeiro'."""
    words = [w for w in re.split(r"[_ ]+", phrase) if w]
    out = []
    for i, w in enumerate(words):
        parts = w.split("-")
        cased = []
        for j, p in enumerate(parts):
            low = p.lower()
            last = i == len(words) - 1 and j == len(parts) - 1
            if not p:
                cased.append(p)
            elif (i or j) and not last and low in PARTICLES:
                cased.append(low)
            else:
                cased.append(ngdata.cap_word(p))
        out.append("-".join(cased))
    # a leading Arabic article: "al-Anbar", "az-Zarqa"
    if len(out) >= 2 and out[0].lower() in ({"al"} | SUN_ARTICLES) and \
            "-" not in out[0] and (out[0].lower() == "al" or
                                   out[1][:1].lower() ==
                                   out[0][-1:].lower()):
        out = [out[0].lower() + "-" + out[1]] + out[2:]
    elif out and re.match(r"^(Al|A[dnrstz]|Ash)-.", out[0]):
        head, rest = out[0].split("-", 1)
        if head.lower() == "al" or rest[:1].lower() == head[-1:].lower():
            out[0] = head.lower() + "-" + rest[:1].upper() + rest[1:]
    return " ".join(out)


def clean_phrase(raw):
    """A Phoenix phrase without decoration, or None."""
    phrase = raw.replace("\t", "_").strip()
    phrase = re.sub(r"\?+$", "", phrase)
    phrase = re.sub(r"\([^)]*\)", " ", phrase)      # "SANDAUN_(WEST_SEPIK)"
    phrase = phrase.strip("_ ,;:-")
    phrase = re.sub(r"^THE_", "", phrase, flags=re.I)
    phrase = re.sub(r"[_ ]+", "_", phrase).strip("_")
    return phrase or None


# ---------------------------------------------------------------- blocks

class Name:
    def __init__(self, raw, lineno, block, index):
        self.raw = raw
        self.lineno = lineno
        self.block = block              # Block
        self.index = index              # position in the block
        self.phrase = clean_phrase(raw) or ""
        self.label = place_case(self.phrase) if self.phrase else ""
        self.fold = fold(self.label)
        self.kind = "city"
        self.rule = None                # why dropped, or None


class Block:
    def __init__(self, head, iso, code, lineno):
        self.head = head
        self.iso = iso
        self.code = code
        self.lineno = lineno
        self.names = []


def alias_lines(lines, start):
    """Line numbers of the '+' synonyms and indented phrases that follow
    the primary phrase on line `start` (1-based), in order."""
    out = []
    for n in range(start, len(lines)):      # lines[n] is line n + 1
        raw = lines[n].rstrip("\n").rstrip("\r")
        if not raw.strip() or raw.startswith("#"):
            continue
        body = raw.split("#", 1)[0]
        if not body.strip():
            continue
        if body[0] == "+":
            text = ngdata.BRACKET_RE.sub(" ", body)[1:].split(";", 1)[0]
            if text.strip():
                out.append(n + 1)
        elif body[0] in " \t":
            text = ngdata.BRACKET_RE.sub(" ", body).strip()
            if text:
                out.append(n + 1)
        else:
            break
    return out


def territorial(code):
    """True if a CAMEO code names a place only (no role segment)."""
    segs = ngdata.code_segments(code)
    if segs[0] in ("IGO", "NGO", "MNC", "IMG"):
        return False
    return not any(s in ngdata.ROLE_CODES and s != "UNO" for s in segs[1:])


def read_blocks(path, countries):
    cameo_iso = {}
    for iso, c in countries.items():
        cameo_iso.setdefault(c["cameo"], iso)
    for iso in countries:
        cameo_iso.setdefault(iso, iso)
    name_iso = {}
    for iso, c in countries.items():
        for n in [c["name"]] + [a for a in c["aliases"].split("|") if a]:
            name_iso.setdefault(fold(n), iso)
    for k, v in convert_countries.PHOENIX_NAME_TO_ISO.items():
        name_iso[fold(k)] = v

    def code_iso(code):
        code = convert_countries.CAMEO_FIXES.get(code, code)
        if code[:3] in OLD_CAMEO and code[:3] not in countries:
            code = OLD_CAMEO[code[:3]] + code[3:]
        return cameo_iso.get(code) or cameo_iso.get(code[:3], "")

    with open(path, encoding="utf-8", errors="replace") as f:
        lines = f.readlines()
    blocks = []
    for e in ngdata.parse_tabari(path):
        if not e.codes or not all(territorial(c) for c, _, _ in e.codes):
            continue
        head = clean_phrase(e.name) or ""
        if head.upper() in SKIP_BLOCKS:
            continue
        cur = sorted(e.codes, key=lambda c: (c[2] or "9999", c[1] or ""))
        code = cur[-1][0]
        iso = name_iso.get(fold(head)) or code_iso(code)
        if iso not in countries:
            continue
        b = Block(head, iso, code, e.lineno)
        nums = alias_lines(lines, e.lineno)
        if len(nums) != len(e.aliases):
            nums = [e.lineno] * len(e.aliases)
        for i, (raw, n) in enumerate([(e.name, e.lineno)] +
                                     list(zip(e.aliases, nums))):
            b.names.append(Name(raw, n, b, i))
        blocks.append(b)
    return blocks


# ---------------------------------------------------------------- rules

class Filter:
    def __init__(self, countries, blocks):
        self.countries = countries
        self.blocks = blocks
        self.stats = collections.Counter()
        # names of every country
        self.country_fold = {}
        self.capital_fold = {}
        self.own_names = collections.defaultdict(set)
        self.own_words = collections.defaultdict(set)
        for iso, c in countries.items():
            names = [c["name"]] + [a for a in c["aliases"].split("|") if a]
            dems = [d for d in c["demonyms"].split("|") if d]
            for n in names + dems:
                f = fold(n)
                self.country_fold.setdefault(f, iso)
                self.own_names[iso].add(key(n))
                if len(f) >= 4:
                    self.own_words[iso].add(f)
            for cap in c["capitals"].split("|"):
                if cap:
                    self.capital_fold.setdefault(fold(cap), iso)
        for iso, caps in CAPITAL_NAMES.items():
            for cap in caps:
                self.capital_fold.setdefault(fold(cap), iso)
        # actors
        self.actor_names = {}
        for path in sorted(glob.glob(os.path.join(ngdata.DATA_DIR, "actors",
                                                  "*.tsv"))):
            _, rows = ngdata.read_tsv(path)
            for r in rows:
                for n in [r["label"]] + [a for a in r["aliases"].split("|")
                                         if a]:
                    self.actor_names.setdefault(ngdata.fold(n), r["key"])
        # given names of Phoenix office holders
        self.given = collections.Counter()
        for e in ngdata.parse_tabari(self.phoenix_path):
            if "CountryInfo" in e.comment:
                w = ngdata.phrase_words(e.name)
                if len(w) >= 2:
                    self.given[fold(w[0])] += 1

    phoenix_path = None

    def drop(self, n, rule):
        n.rule = rule

    def run(self):
        names = [n for b in self.blocks for n in b.names]
        by_country = collections.defaultdict(list)
        for n in names:
            by_country[n.block.iso].append(n)
        keys_by_country = {iso: {key(n.label) for n in ns}
                           for iso, ns in by_country.items()}
        # countries naming each folded name
        owners = collections.defaultdict(set)
        for n in names:
            if n.fold:
                owners[n.fold].add(n.block.iso)

        for n in names:
            self.check(n, keys_by_country, owners)
        # duplicates
        seen = set()
        for n in sorted(names, key=lambda x: x.lineno):
            if n.rule:
                continue
            k = (n.fold, n.block.iso)
            if k in seen:
                n.rule = "duplicate"
            seen.add(k)
        # kinds
        for b in self.blocks:
            first = REGIONS_FROM.get(b.iso)
            start = min([n.index for n in b.names
                         if first and n.fold == fold(first)] or [None]) \
                if first else None
            marked = set()
            for n in b.names:
                toks = n.fold.split()
                for i, t in enumerate(toks):
                    if t in REGION_WORDS:
                        marked.add(" ".join(toks[:i] + toks[i + 1:]))
            for n in b.names:
                toks = n.fold.split()
                if n.fold in CITIES:
                    continue
                if start is not None and n.index >= start or \
                        set(toks) & REGION_WORDS or n.fold in marked or \
                        n.fold in REGIONS or re.search(r"stan$", n.fold):
                    n.kind = "region"
        return names

    def check(self, n, keys_by_country, owners):
        iso = n.block.iso
        b = n.block
        f = n.fold
        toks = f.split()
        raw = n.raw
        if not n.phrase or not f:
            return self.drop(n, "junk")
        if f in self.country_fold:
            return self.drop(n, "country:countries.tsv")
        # junk
        if not ngdata.is_latin_text(raw) or "\ufffd" in raw or \
                re.search(r"[0-9+?]", n.phrase) or \
                re.search(r"(^|[_ \-])'|'($|[_ \-])", n.phrase) or \
                f in JUNK:
            return self.drop(n, "junk")
        for t in toks:
            letters = re.sub(r"[^a-z]", "", t)
            if len(letters) >= 2 and not set(letters) & VOWELS and \
                    letters not in ("st", "mt", "ft"):
                return self.drop(n, "junk")
        k = key(n.label)
        for other in keys_by_country[iso]:
            if len(other) > len(k) and vowel_dropped(k, other):
                return self.drop(n, "junk")
        # country names
        if f in COUNTRY_NAMES:
            return self.drop(n, "country:list")
        for own in self.own_names[iso]:
            if len(own) >= 4 and len(k) >= 5 and f not in NOT_COUNTRY and \
                    similar(k, own) >= 0.8:
                return self.drop(n, "country:similar")
        padded = " " + f + " "
        for w in self.own_words[iso]:
            if " " + w + " " in padded and f not in KEEP_CONTAINS:
                return self.drop(n, "country:contains")
        if f not in KEEP_BEFORE and self.before_capital(n):
            return self.drop(n, "country:before")
        # capitals
        if self.capital_fold.get(f) == iso:
            return self.drop(n, "capital")
        for cap, ciso in self.capital_fold.items():
            kc = key(cap)
            if ciso == iso and kc[:1] == k[:1] and similar(k, kc) >= 0.8:
                return self.drop(n, "capital")
        # ambiguous
        if len(owners[f]) > 1:
            return self.drop(n, "ambiguous:two countries")
        if f in self.capital_fold and self.capital_fold[f] != iso:
            return self.drop(n, "ambiguous:another capital")
        if f in AMBIGUOUS:
            return self.drop(n, "ambiguous:list")
        # features
        if f not in FEATURE_OK and (set(toks) & FEATURE_WORDS or
                                    f in FEATURES or
                                    self.featured(n)):
            return self.drop(n, "feature")
        # words
        letters = re.sub(r"[^a-z]", "", f)
        if f not in KEEP_WORDS:
            if len(toks) == 1 and len(letters) <= 3 and f not in SHORT_OK:
                return self.drop(n, "word")
            if len(toks) == 1 and (f in STOPWORDS or f in MORE_WORDS):
                return self.drop(n, "word")
            content = [t for t in words_of(f) if t not in PARTICLES]
            if len(toks) > 1 and content and all(
                    t in STOPWORDS or t in REGION_WORDS for t in content):
                return self.drop(n, "word")
        # people and organisations
        if f in PERSON_NAMES or (len(toks) == 1 and self.given[f] >= 2
                                 and f not in PLACES_NOT_PEOPLE):
            return self.drop(n, "person")
        if set(toks) & ORG_WORDS or f in ORGANISATIONS:
            return self.drop(n, "org")
        if ngdata.fold(n.label) in self.actor_names:
            return self.drop(n, "actor")
        return None

    def before_capital(self, n):
        """True if the block has its country's capital and lists this
        name before it."""
        caps = {c for c, iso in self.capital_fold.items()
                if iso == n.block.iso}
        for m in n.block.names:
            if m.fold in caps:
                return n.index < m.index
        return False

    def featured(self, n):
        """'NILE' beside 'NILE_RIVER', 'VESUVIUS' beside 'MOUNT_VESUVIUS'
        (at most two names apart: 'GENEVA' is far from 'LAKE_GENEVA')."""
        for m in n.block.names:
            if abs(m.index - n.index) > 2:
                continue
            toks = m.fold.split()
            if len(toks) > len(n.fold.split()) and \
                    set(toks) & FEATURE_WORDS:
                rest = [t for t in toks if t not in FEATURE_WORDS and
                        t != "of"]
                if " ".join(rest) == n.fold:
                    return True
        return False


def vowel_dropped(short, long):
    """True if `short` is `long` with a vowel taken out from between two
    consonants, leaving three consonants or more in a row ("knpur" from
    "kanpur", "irbl" from "irbil"; not "milan" from "milano", "tegu" from
    "taegu" nor "nurnberg" from "nuernberg")."""
    i = 0
    gaps = []
    for c in long:
        if i < len(short) and short[i] == c:
            i += 1
        elif c in VOWELS:
            gaps.append(i)
        else:
            return False
    if i != len(short) or not gaps:
        return False
    for g in gaps:
        if g == 0 or g >= len(short) or short[g - 1] in VOWELS or \
                short[g] in VOWELS:
            continue                    # the vowel joined no consonants
        run = 0
        j = g - 1
        while j >= 0 and short[j] not in VOWELS:
            run += 1
            j -= 1
        j = g
        while j < len(short) and short[j] not in VOWELS:
            run += 1
            j += 1
        if run >= 3:
            return True
    return False


# ---------------------------------------------------------------- main

def words_of(f):
    return [t for t in f.split(" ") if t]


def stopword_table(blocks):
    """The STOPWORDS table for this source (needs /usr/share/dict/words)."""
    english = ngdata.english_words()
    found = set()
    for b in blocks:
        for n in b.names:
            for t in words_of(n.fold):
                if t in english:
                    found.add(t)
    lines = []
    line = "STOPWORDS = set(\"\"\""
    for w in sorted(found):
        if len(line) + len(w) + 1 > 76:
            lines.append(line)
            line = w
        else:
            line = (line + " " + w) if not line.endswith('"') else line + w
    lines.append(line + "\"\"\".split())")
    return "\n".join(lines)


def render(rows):
    lines = []
    for line in HEADER.split("\n"):
        lines.append(("# " + line).rstrip())
    lines.append("\t".join(PLACE_COLUMNS))
    body = sorted("\t".join(ngdata.clean_field(v) for v in r) for r in rows)
    return "\n".join(lines + body) + "\n", len(body)


AMBIGUOUS_HEADER = """# Place names of more than one country, or that Phoenix puts under a
# country they are not (only) in: the names convert_places.py drops as
# "ambiguous" from places.tsv.  newsgraph gives such a name the country in
# focus of the article (one of the candidates the article otherwise names)
# or leaves it unresolved (data/README.md).
# Licence: MIT, Open Event Data Alliance; see data/LICENSES.md.
# Generated by data/tools/convert_places.py: edit the tool, not this file.
name\tcountries\trule
"""


def write_ambiguous(path, names, flt):
    """The names dropped as ambiguous with every country they may be in:
    the blocks listing them and the country whose capital they are."""
    by_fold = {}
    for n in sorted(names, key=lambda x: x.lineno):
        if not n.rule or not n.rule.startswith("ambiguous") or not n.fold:
            continue
        label, isos, rule = by_fold.get(n.fold, (n.label, set(), n.rule))
        isos.add(n.block.iso)
        cap = flt.capital_fold.get(n.fold)
        if cap:
            isos.add(cap)
        by_fold[n.fold] = (label, isos, rule)
    rows = sorted("%s\t%s\t%s" % (label, ";".join(sorted(isos)),
                                    rule.split(":", 1)[1])
                  for label, isos, rule in by_fold.values())
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write(AMBIGUOUS_HEADER)
        for r in rows:
            f.write(r + "\n")
    os.replace(tmp, path)
    return len(rows)


def main(argv):
    out_path = None
    review_path = None
    make_stopwords = False
    args = []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a in ("-o", "--output"):
            out_path = argv[i + 1]
            i += 2
        elif a == "--make-stopwords":
            make_stopwords = True
            i += 1
        elif a == "--review":
            review_path = argv[i + 1]
            i += 2
        elif a in ("-h", "--help"):
            print(__doc__)
            return 0
        else:
            args.append(a)
            i += 1
    src = args[0] if args else os.path.join(
        os.path.dirname(ngdata.DATA_DIR), "..", "shared", "data")
    if os.path.isdir(src):
        src = os.path.join(src, "petrarch2", "Phoenix.Countries.actors.txt")
    countries = ngdata.load_countries()
    blocks = read_blocks(src, countries)
    if make_stopwords:
        print(stopword_table(blocks))
        return 0
    Filter.phoenix_path = src
    flt = Filter(countries, blocks)
    names = flt.run()
    rows = []
    stats = collections.Counter()
    for n in names:
        stats[(n.rule or "kept").split(":")[0]] += 1
        if not n.rule:
            rows.append([n.label, n.block.iso, n.kind, str(n.lineno)])
    text, count = render(rows)
    if out_path:
        amb_path = os.path.join(os.path.dirname(os.path.abspath(out_path)),
                                "places-ambiguous.tsv")
        n_amb = write_ambiguous(amb_path, names, flt)
        print("ambiguous places: %d names written to %s" % (n_amb, amb_path),
              file=sys.stderr)
    if out_path:
        tmp = out_path + ".tmp"
        with open(tmp, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.replace(tmp, out_path)
    else:
        sys.stdout.write(text)
    print("places: %d blocks, %d names read, %d rows written"
          % (len(blocks), len(names), count), file=sys.stderr)
    detail = collections.Counter(n.rule for n in names if n.rule)
    for rule in ("junk", "country", "capital", "ambiguous", "feature",
                 "word", "person", "org", "actor", "duplicate"):
        print("  dropped (%s): %d" % (rule, stats[rule]), file=sys.stderr)
        for sub in sorted(detail):
            if sub.startswith(rule + ":"):
                print("      %s: %d" % (sub.split(":", 1)[1], detail[sub]),
                      file=sys.stderr)
    kinds = collections.Counter(r[2] for r in rows)
    print("  kept: %d (city %d, region %d)" % (
        len(rows), kinds["city"], kinds["region"]), file=sys.stderr)
    if review_path:
        with open(review_path, "w", encoding="utf-8") as f:
            for n in names:
                f.write("%s\t%s\t%s\t%s\t%s\t%s\n" % (
                    n.rule or "KEEP", n.block.iso, n.label, n.kind,
                    n.lineno, n.raw))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
