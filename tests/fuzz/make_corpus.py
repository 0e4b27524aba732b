#!/usr/bin/python3
"""make_corpus.py - writes the seed corpora of the fuzz targets
(tests/fuzz/corpus/<target>/) from the test inputs in tests/data and the
dictionaries in data/, plus hostile inputs written here.

    tests/fuzz/make_corpus.py [SRCDIR]

Rewrites every seed; the fuzzers' own finds go to a separate directory
(tests/fuzz/run.sh keeps them under tests/fuzz/found/, not committed).
"""
import json
import os
import sys

src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..")
out = os.path.join(src, "tests", "fuzz", "corpus")


def put(target, name, data):
    d = os.path.join(out, target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def clear(target):
    d = os.path.join(out, target)
    if os.path.isdir(d):
        for n in os.listdir(d):
            os.unlink(os.path.join(d, n))


for t in ("extract", "rdf", "jsonl", "timex", "actors", "dict"):
    clear(t)

seed_txt = open(os.path.join(src, "tests/data/seed/shafaq-sudani-nato.txt"),
                encoding="utf-8").read()
seed_jsonl = open(os.path.join(src,
                               "tests/data/seed/shafaq-sudani-nato.jsonl"),
                  encoding="utf-8").read()
wikinews = [json.loads(l) for l in
            open(os.path.join(src, "tests/data/wikinews/wikinews.jsonl"),
                 encoding="utf-8")]

# Sentences written for these seeds (invented people, real places): the
# constructions the rules look for.
own = [
    "Iraqi Prime Minister Karim Haddad met Turkish Foreign Minister Ayse "
    "Demir in Baghdad on Monday.",
    "The Commander of the NATO Mission in Iraq, Lieutenant General Pieter "
    "van Dam, arrived. Lieutenant General van Dam thanked the Iraqi "
    "government.",
    "Armed Syrian factions attacked Turkish forces near the border. The "
    "factions later withdrew.",
    "A political source revealed that the government will not renew the "
    "mandate, according to Shafaq News.",
    "President Lena Holt did not condemn the strike, her spokesman said "
    "on Thursday.",
    "If talks fail, Hamas would reject the proposal, officials warned "
    "last week.",
    "The U.S. Embassy in Baghdad said Gen. Mark Doyle and Lt. Col. Sara "
    "Pike visited Erbil on 4 April 2021.",
    "\u201cWe welcome the agreement,\u201d said the EU's foreign policy chief "
    "Ines Roca, adding that Brussels would send aid early next year.",
    "Kata'ib Hezbollah fighters fired rockets at the Ain al-Asad base "
    "overnight; no casualties were reported.",
    "Shafaq News/ The Iraqi Ministry of Foreign Affairs summoned the "
    "Turkish charg\u00e9 d'affaires on Sunday.",
]
hostile_names = [
    "Prime Minister Jo\"hn <Smith> met President {Kim}|^` in Oslo.",
    "The \"Brigades of \\the Dawn\u202e\" attacked Iraqi forces.",
    "Minister Ali\u200fHassan met \u2066Omar\u2069 in Cairo.",
    "President A\u0001B\u0002C met\tthe\u000bgovernment\u000c.",
    "Sheikh \u062d\u0633\u0646 \u0646\u0635\u0631\u0627\u0644\u0644\u0647 "
    "met the Lebanese government.",
    "General " + "X" * 10000 + " attacked Iraqi forces.",
    "Caf\u00e9 \U0001F600 Emoji Brigade attacked \u00c9douard's forces.",
    "\ufeffPresident Zed met NATO.\r\nThe minister said.\r\n",
    "\"" * 300 + "(" * 300 + "Iraq" + ")" * 300 + "\"" * 300,
    " ".join(["Capital"] * 500) + ".",
    "x" * 5000,
    "-" * 400 + "Iraq" + "-" * 400,
    "Mr. Mr. Mr. Dr. Gen. Lt. U.S. U.N. " * 40,
    "on Monday on Tuesday on 31 December 1999 in 2024 last year " * 20,
]

# ---- extract: article texts ----
put("extract", "seed-article.txt", seed_txt)
for i, r in enumerate(wikinews[:: max(1, len(wikinews) // 12)][:12]):
    put("extract", "wikinews-%02d.txt" % i, r["text"][:4000])
for i, s in enumerate(own):
    put("extract", "own-%02d.txt" % i, s)
for i, s in enumerate(hostile_names):
    put("extract", "hostile-%02d.txt" % i, s)
put("extract", "empty.txt", b"")
put("extract", "invalid-utf8.txt", b"Valid start \xff\xfe then junk.")
put("extract", "overlong-nul.txt", b"Iraq \xc0\x80 NATO")
put("extract", "nul.txt", b"Iraq\x00NATO")
put("extract", "surrogate.txt", b"Iraq \xed\xa0\x80 NATO")

# ---- rdf: id, date, title, source, url lines, then the text ----
def rdf_seed(id_, date, title, source, url, text):
    return "\n".join([id_, date, title, source, url, text])


put("rdf", "seed.txt", rdf_seed("shafaq-sudani-nato", "2024-06-27",
                                "PM Al-Sudani calls for cooperation",
                                "Shafaq News", "https://shafaq.com/en/x",
                                seed_txt))
bad = '<>"{}|\\^`\u202e \t\x01 \u200f'
put("rdf", "hostile-fields.txt",
    rdf_seed("id " + bad, "2024-01-02", "T " + bad + '"', bad,
             "http://x/" + bad, own[0]))
put("rdf", "long-id.txt", rdf_seed("x" * 10000, "2024-01-02",
                                   "t" * 10000, "s", "u", own[1]))
put("rdf", "quote-end.txt", rdf_seed("q", "2023-03-01", 'a\nb"', '"""',
                                     "'''", 'He said "no."\n"Yes"'))
put("rdf", "no-date.txt", rdf_seed("n", "not-a-date", "", "", "", own[4]))
for i, s in enumerate(hostile_names[:8]):
    put("rdf", "hostile-%02d.txt" % i,
        rdf_seed("h%d" % i, "2024-06-27", s[:200], s[:50], "", s))
for i, r in enumerate(wikinews[5::40][:6]):
    put("rdf", "wikinews-%02d.txt" % i,
        rdf_seed(r["id"], r.get("date", ""), r.get("title", ""), "Wikinews",
                 r.get("url", ""), r["text"][:3000]))

# ---- jsonl ----
put("jsonl", "seed.jsonl", seed_jsonl)
put("jsonl", "wikinews-3.jsonl",
    "".join(json.dumps(r) + "\n" for r in wikinews[:3]))
put("jsonl", "mixed.jsonl", "\n".join([
    json.dumps({"id": 7, "text": own[0]}),
    "",
    "   \t",
    "{not json",
    json.dumps({"id": "a", "text": own[1], "date": "2024-02-30"}),
    json.dumps({"id": "", "text": "x"}),
    json.dumps({"id": "b"}),
    json.dumps({"id": "c", "text": 5}),
    json.dumps([1, 2, 3]),
    '{"id": "d", "id": "e", "text": "dup"}',
    '{"id": "f", "text": "nul \\u0000 here"}',
    '{"id": "g", "text": "lone \\ud800 surrogate"}',
    json.dumps({"id": "h", "text": own[2], "title": None, "url": 3}),
    json.dumps({"id": 1e300, "text": "float id"}),
    json.dumps({"id": "i", "text": own[3], "extra": {"deep": [[[[]]]]}}),
]) + "\n")
put("jsonl", "crlf.jsonl", json.dumps({"id": "r", "text": own[5]}) +
    "\r\n" + json.dumps({"id": "s", "text": own[6]}) + "\r\n")
put("jsonl", "no-newline.jsonl", json.dumps({"id": "t", "text": own[7]}))
put("jsonl", "nested.jsonl", "[" * 2000 + "]" * 2000 + "\n")
put("jsonl", "binary.jsonl", bytes(range(256)))
for i, s in enumerate(hostile_names):
    put("jsonl", "hostile-%02d.jsonl" % i,
        json.dumps({"id": s[:100], "title": s[:100], "text": s}) + "\n")

# ---- timex: reference date, newline, expression ----
rows = [l.rstrip("\n").split("\t") for l in
        open(os.path.join(src, "tests/data/timex/golden.tsv"),
             encoding="utf-8") if not l.startswith("#")][1:]
for i, r in enumerate(rows):
    if len(r) >= 2:
        put("timex", "golden-%03d.txt" % i, r[0] + "\n" + r[1])
for i, e in enumerate(["", "2024-02-30", "31 February 2024", "February 29",
                       "99999 years ago", "the 1990s", "Q5 2024",
                       "every " * 200, "12/31/99999", "next next next week",
                       "\u0661\u0662 March", "mid-" * 50 + "2024",
                       "10:61 a.m. Monday", "FY9999", "week 53 of 2020",
                       "the past 10000000000000000000000 days"]):
    put("timex", "own-%02d.txt" % i, "2024-06-27\n" + e)
put("timex", "bad-ref.txt", "2024-13-45\nyesterday")
put("timex", "leap-ref.txt", "2023-02-29\nlast Friday")

# ---- actors: user actor files ----
header = "key\ttype\tlabel\tcountry\tqid\tcameo\taliases\tposts\n"
for name in ("50-current-groups.tsv", "50-current-people.tsv",
             "50-current-media.tsv", "governments.tsv"):
    lines = open(os.path.join(src, "data/actors", name),
                 encoding="utf-8").read().split("\n")
    put("actors", name, "\n".join(lines[:40]) + "\n")
put("actors", "hostile.tsv", header + "".join([
    "group/a<b>\tArmedGroup\tThe \"Quoted\" <Brigade>\tIRQ\tQ1\tIRQREB\t"
    "Brigade {x}|Bad`Name\\\t\n",
    "person/rtl\tPerson\tAli\u200fHassan\u202e\tIRQ\t\t\tAli Hassan\t"
    "Minister@gov/IRQ@2020..\n",
    "org/long\tOrganization\t" + "Long " * 2000 + "\t\t\t\t\t\n",
    "org/ctl\tOrganization\tCtl\x01Name\t\t\t\tC\x02N\t\n",
    "bad key\tPerson\tx\t\t\t\t\t\n",
]))
put("actors", "bad-fields.tsv", header + "a\tNoSuchType\tx\t\t\t\t\t\n")
put("actors", "bad-cameo.tsv", header +
    "p/x\tPerson\tX Y\tIRQ\tQ12\tIRQGOV@2024-13-01..x;;\t\t\n")
put("actors", "short.tsv", header + "p/y\tPerson\n")
put("actors", "no-header.tsv", "p/z\tPerson\tZed Zulu\tIRQ\t\t\t\t\n")
put("actors", "crlf.tsv", header.replace("\n", "\r\n") +
    "p/w\tPerson\tWes Wong\tCHN\t\t\tWong\t\r\n")
put("actors", "invalid-utf8.tsv", header.encode() +
    b"p/v\tPerson\tV\xff\t\t\t\t\t\n")

# ---- dict: byte 0 picks the file (fuzz_data.h order), then its text ----
dict_files = ["lexicon/abbreviations.txt", "lexicon/words.tsv",
              "lexicon/titles.tsv", "lexicon/nouns.tsv", "lexicon/agents.tsv",
              "lexicon/roles.tsv", "countries.tsv", "cameo.tsv",
              "events/synsets.tsv", "events/verb-forms.tsv",
              "events/core-forms.tsv", "events/cameo-verbs.tsv",
              "events/core.tsv", "events/nouns.tsv"]
for i, name in enumerate(dict_files):
    text = open(os.path.join(src, "data", name), "rb").read()
    lines = text.split(b"\n")
    base = name.replace("/", "-")
    put("dict", "%02d-%s" % (i, base), bytes([i]) + b"\n".join(lines[:80]))
    put("dict", "%02d-%s-hostile" % (i, base), bytes([i]) +
        b"\n".join(lines[:12]) + b"\n" +
        "x\t<>\"{}|\\^`\u202e\t\x01\t\t&\t*\t$ + ^ { } ( )\n".encode() +
        b"\t\t\t\t\t\t\t\t\t\t\n\t\n" + b"a\tb\n" * 3)
print("wrote", sum(len(os.listdir(os.path.join(out, t))) for t in
                   os.listdir(out)), "seeds under", out)
