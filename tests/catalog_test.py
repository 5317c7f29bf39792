#!/usr/bin/env python3
"""catalog_test.py: the shipped catalog keeps its promises (data/README.md):
no song twice, one spelling per artist and per drama, a source for every
row made of whole addresses, Korean fields in Korean script, and the sizes
the catalog has reached, each era and the instrumentals included; and of the
artists file beside it: every credited name a person or group there, one
spelling per person (aliases included), Korean names in Korean script, each
group a member belongs to there too, one artist type per person.

    python3 tests/catalog_test.py data/catalog.csv [data/artists.csv]

Prints one line per broken promise and exits 1 when there is any."""
import collections
import csv
import re
import sys

# Sizes reached (data/README.md, "Counts"): a test fails when a change
# shrinks the catalog below them.
MIN_SONGS = 1500
MIN_DRAMAS = 330
MIN_SONGS_PER_ERA = 400
MIN_INSTRUMENTAL = 120
MIN_TITLES_KO = 1031
ERAS = {"rise": (2009, 2014), "blend": (2015, 2019), "global": (2020, 2025)}

KOREAN = re.compile(r"[\uac00-\ud7a3\u3131-\u318e\u4e00-\u9fff]")  # Hangul; Han for stage names such as 美
# A URL or owner/repository:path, with a note in parentheses after it.
ADDRESS = re.compile(r"^(https?://\S+|[\w.-]+/[\w.-]+:\S+)( \([^()]*\))?$")
# Different people who share a stage name, told apart by their group:
# their names may differ by a parenthesised group alone.
HOMONYMS = {
    "dk": {"DK", "DK (December)"},                               # SEVENTEEN's DK (도겸); December's DK
    "sunghoon": {"Sung Hoon", "Sung-hoon (Brown Eyed Soul)"},    # the actor; Brown Eyed Soul's singer
    "youngjae": {"Youngjae", "Young-jae (4Men)"},                # GOT7's Youngjae; 4Men's Young-jae
    "kimminseok": {"Kim Min-seok", "Kim Min-seok (MeloMance)"},  # the actor; MeloMance's singer
    "jimin": {"Jimin", "Jimin (AOA)"},                           # BTS's Jimin; AOA's Jimin
    "kimhyunjoo": {"Kim Hyun-joo", "Kim Hyun-joo (composer)"},   # the actor; My Mister's score composer
}


def squeeze(text):
    """A text without case, spaces, hyphens, dots and apostrophes: two names
    equal here are one name spelled two ways."""
    return re.sub(r"[\s\-.'’]", "", text.lower())


def people(credit):
    """The names in an artist credit: comma-joined, 'feat.' and '&' too."""
    names = re.split(r",\s*|\s+feat\.\s+|\s+&\s+", credit)
    return [n.strip() for n in names if n.strip()]


def person_key(name):
    """A name without a parenthesised group or alias ("Chen (EXO)" is Chen)."""
    return squeeze(re.sub(r"\s*\([^)]*\)\s*$", "", name))


def check_artists(path, rows, artists_path):
    """The artists file's promises, and the songs' credits against it."""
    problems = []
    with open(artists_path, encoding="utf-8", newline="") as f:
        artists = {a["name"]: a for a in csv.DictReader(f)}
    def split(text):
        return [x for x in text.split(";") if x]
    owner = {}
    for name, a in sorted(artists.items()):
        for spelling in [name] + split(a["aliases"]):
            key = person_key(spelling)
            other = owner.get(key)
            if other is not None and other != name and {other, name} != HOMONYMS.get(key):
                problems.append("%s: '%s' and '%s' are one name spelled two ways" % (artists_path, other, name))
            owner.setdefault(key, name)
        if a["name_ko"] and not KOREAN.search(a["name_ko"]):
            problems.append("%s: %s: name_ko '%s' has no Korean letter" % (artists_path, name, a["name_ko"]))
        for group in split(a["member_of"]):
            if group not in artists:
                problems.append("%s: %s: member_of '%s' is not an artist of the file" % (artists_path, name, group))
    for r in rows:
        names = [n[5:] if n.startswith("feat:") else n for n in split(r.get("credits", ""))]
        if not names:
            problems.append("%s: id %s (%s): no credits" % (path, r["id"], r["title"]))
        for n in names:
            if n not in artists:
                problems.append("%s: id %s (%s): credits '%s', not an artist of %s" % (path, r["id"], r["title"], n, artists_path))
        if names and names[0] in artists and artists[names[0]]["artist_type"] not in ("", r["artist_type"]):
            problems.append("%s: id %s (%s): artist_type %s, but %s is %s in %s" % (
                path, r["id"], r["title"], r["artist_type"], names[0], artists[names[0]]["artist_type"], artists_path))
    return problems


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "data/catalog.csv"
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    problems = []

    def bad(row, what):
        problems.append("%s: id %s (%s): %s" % (path, row["id"], row["title"], what))

    songs, songs_ko = {}, {}
    for r in rows:
        key = (squeeze(r["title"]), squeeze(r["artist"]), squeeze(r["drama"]))
        if key in songs:
            bad(r, "the same song as id %s" % songs[key])
        songs.setdefault(key, r["id"])
        if r["title_ko"]:
            key_ko = (r["title_ko"].replace(" ", ""), squeeze(r["artist"]), squeeze(r["drama"]))
            if key_ko in songs_ko:
                bad(r, "the same Korean title, artist and drama as id %s" % songs_ko[key_ko])
            songs_ko.setdefault(key_ko, r["id"])
        sources = [s.strip() for s in r["source"].split(";")]
        if not r["source"].strip():
            bad(r, "no source")
        for s in sources:
            if not ADDRESS.match(s):
                bad(r, "source: '%s' is not a whole address (a URL or owner/repo:path, a note in parentheses after it)" % s)
        for field in ("title_ko", "artist_ko", "drama_ko"):
            if r[field] and not KOREAN.search(r[field]):
                bad(r, "%s: '%s' has no Korean letter" % (field, r[field]))

    spellings = collections.defaultdict(set)
    for r in rows:
        for name in people(r["artist"]):
            spellings[person_key(name)].add(name)
    for key, names in sorted(spellings.items()):
        if len(names) > 1 and names != HOMONYMS.get(key):
            problems.append("%s: one person spelled %d ways: %s" % (path, len(names), " / ".join(sorted(names))))

    # One Korean credit, one English spelling (a credit of one name each).
    english_of = collections.defaultdict(set)
    for r in rows:
        if r["artist_ko"] and len(people(r["artist"])) == 1 and len(people(r["artist_ko"])) == 1:
            english_of[r["artist_ko"].strip()].add(r["artist"].strip())
    for korean, names in sorted(english_of.items()):
        if len(names) > 1:
            problems.append("%s: one Korean credit '%s' spelled %d ways in English: %s"
                            % (path, korean, len(names), " / ".join(sorted(names))))

    dramas = collections.defaultdict(lambda: (set(), set()))
    by_squeezed = collections.defaultdict(set)
    for r in rows:
        dramas[r["drama"]][0].add(r["drama_ko"])
        dramas[r["drama"]][1].add(r["year"])
        by_squeezed[squeeze(r["drama"])].add(r["drama"])
    for drama, (kos, years) in sorted(dramas.items()):
        if len(kos) > 1:
            problems.append("%s: drama '%s' has %d Korean titles: %s" % (path, drama, len(kos), " / ".join(sorted(kos))))
        if len(years) > 1:
            problems.append("%s: drama '%s' has %d years: %s" % (path, drama, len(years), " / ".join(sorted(years))))
    for names in by_squeezed.values():
        if len(names) > 1:
            problems.append("%s: one drama spelled %d ways: %s" % (path, len(names), " / ".join(sorted(names))))

    problems += check_artists(path, rows, sys.argv[2] if len(sys.argv) > 2 else re.sub(r"[^/]*$", "artists.csv", path))

    instrumental = sum(1 for r in rows if r["instrumental"] == "yes")
    if instrumental < MIN_INSTRUMENTAL:
        problems.append("%s: %d instrumental or score tracks, fewer than %d" % (path, instrumental, MIN_INSTRUMENTAL))
    titles_ko = sum(1 for r in rows if r["title_ko"])
    if titles_ko < MIN_TITLES_KO:
        problems.append("%s: %d songs with a Korean title, fewer than %d" % (path, titles_ko, MIN_TITLES_KO))
    if len(rows) < MIN_SONGS:
        problems.append("%s: %d songs, fewer than %d" % (path, len(rows), MIN_SONGS))
    if len(dramas) < MIN_DRAMAS:
        problems.append("%s: %d dramas, fewer than %d" % (path, len(dramas), MIN_DRAMAS))
    for era, (first, last) in ERAS.items():
        n = sum(1 for r in rows if first <= int(r["year"]) <= last)
        if n < MIN_SONGS_PER_ERA:
            problems.append("%s: era %s (%d-%d): %d songs, fewer than %d" % (path, era, first, last, n, MIN_SONGS_PER_ERA))

    for p in problems:
        print(p)
    print("catalog: %d songs, %d dramas: %s" % (len(rows), len(dramas), "%d problems" % len(problems) if problems else "ok"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
