#!/usr/bin/env bash
# run.sh: end-to-end tests of the ostrec program: exit codes, stdout/stderr,
# hostile files, round trips, and the shipped catalog's promises.
# Usage: OSTREC=path/to/ostrec bash tests/cli/run.sh   (OSTREC may carry a
# wrapper such as valgrind in front). Ends with "N passed, N failed".
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
OSTREC=${OSTREC:-$root/build/ostrec}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0

ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*" >&2; }

# run NAME EXPECTED_EXIT ARGS...: runs ostrec with a fresh db unless --db given;
# leaves stdout in $work/out and stderr in $work/err.
run() {
    local name=$1 want=$2
    shift 2
    $OSTREC "$@" >"$work/out" 2>"$work/err" </dev/null
    local got=$?
    if [ "$got" -eq "$want" ]; then ok; else bad "$name: exit $got, expected $want; stderr: $(head -c 300 "$work/err")"; fi
}
# expect NAME FILE PATTERN: FILE contains the fixed string PATTERN.
expect() { if grep -qF -- "$3" "$2"; then ok; else bad "$1: '$3' not in $(basename "$2"): $(head -c 300 "$2")"; fi; }
empty() { if [ ! -s "$2" ]; then ok; else bad "$1: $(basename "$2") should be empty: $(head -c 200 "$2")"; fi; }
valid_json() { if python3 -m json.tool "$2" >/dev/null 2>&1; then ok; else bad "$1: not valid JSON"; fi; }

db="$work/t.db"
mini="$root/tests/fixtures/mini.csv"
# The header of a file of the older form, before title_romanized and credits:
# such files still import, each song credited to its artist text.
old_header=id,title,title_ko,artist,artist_ko,drama,drama_ko,year,ost_part,instrumental,genres,moods,vocal_style,artist_type,source
catalog="$root/data/catalog.csv"
# The shipped catalog's songs, counted from the file itself.
catalog_songs=$(python3 -c 'import csv, sys; print(sum(1 for _ in csv.DictReader(open(sys.argv[1], encoding="utf-8"))))' "$catalog")

# --- help, version, usage errors -------------------------------------------
run "help" 0 --help;            expect "help" "$work/out" "Usage: ostrec"; empty "help" "$work/err"
run "version" 0 --version;      expect "version" "$work/out" "ostrec 0."
for cmd in import export search show stats vocab similar vectors playlist scenes map like dislike unlike history \
    profile for-me why; do
    run "$cmd --help" 0 --db "$db" "$cmd" --help; expect "$cmd --help" "$work/out" "Usage: ostrec $cmd"
done
run "no command" 2;                         expect "no command" "$work/err" "Usage: ostrec"
run "unknown command" 2 --db "$db" dance;   expect "unknown command" "$work/err" "ostrec: error: unknown command 'dance'"
run "unknown option" 2 --db "$db" search --colour x; expect "unknown option" "$work/err" "unknown option '--colour'"
run "missing value" 2 --db "$db" search -n; expect "missing value" "$work/err" "needs a value"
run "global missing value" 2 --db; expect "global missing value" "$work/err" "option '--db' needs a value"
run "bad format" 2 --db "$db" stats --format xml; expect "bad format" "$work/err" "--format: expected table|json"
run "bad count" 2 --db "$db" search -n lots x; expect "bad count" "$work/err" "expected a whole number"

# --- import, search, show --------------------------------------------------
run "import mini" 0 --db "$db" import "$mini"; expect "import mini" "$work/out" "imported 6 songs"
run "import again" 0 --db "$db" import "$mini"; expect "import again" "$work/out" "(0 new, 6 replaced)"
run "search goblin" 0 --db "$db" search goblin; expect "search goblin" "$work/out" "Stay With Me"
run "search korean" 0 --db "$db" search 도깨비; expect "search korean" "$work/out" "Beautiful"
run "search json" 0 --db "$db" search --format json stay with; valid_json "search json" "$work/out"
expect "search json" "$work/out" '"count":	1'
run "search none" 0 --db "$db" search zzzzqq; empty "search none" "$work/out"; expect "search none" "$work/err" "no song matches"
run "show id" 0 --db "$db" show 3; expect "show id" "$work/out" "Give You My Heart"
run "show json" 0 --db "$db" show --format json "stay with me"; valid_json "show json" "$work/out"
expect "show json" "$work/out" '"moods":'
run "show missing" 1 --db "$db" show "Stay With Mee"; expect "show missing" "$work/err" "did you mean"
expect "show missing" "$work/err" "Stay With Me / Chanyeol, Punch"; empty "show missing" "$work/out"
cp "$mini" "$work/dup.csv"
printf '7,Beautiful,,Someone Else,,D,,2016,,no,ballad,sad,female-solo,vocalist,s,,\n' >>"$work/dup.csv"
run "import dup title" 0 --db "$db" import "$work/dup.csv"
run "show ambiguous" 2 --db "$db" show beautiful; expect "show ambiguous" "$work/err" "candidates"
run "show artist" 0 --db "$db" show "Beautiful / Crush"; expect "show artist" "$work/out" "Crush"
run "stats json" 0 --db "$db" stats --format json; valid_json "stats json" "$work/out"
run "vocab moods" 0 --db "$db" vocab moods; expect "vocab moods" "$work/out" "애틋한"
run "vocab json" 0 --db "$db" vocab --format json; valid_json "vocab json" "$work/out"
run "vocab unknown" 2 --db "$db" vocab colours; expect "vocab unknown" "$work/err" "unknown KIND"

# --- a bad import changes nothing ------------------------------------------
run "export before" 0 --db "$db" export -o "$work/before.csv"
{ echo "$old_header"
  printf '20,First,,A,,D,,2016,,no,ballad,sad,female-solo,vocalist,s\n'
  printf '21,Second,,A,,D,,2016,,no,ballad,joyful,female-solo,vocalist,s\n'; } >"$work/badmood.csv"
run "unknown mood" 1 --db "$db" import "$work/badmood.csv"
expect "unknown mood" "$work/err" "ostrec: error: $work/badmood.csv:3: moods: unknown mood 'joyful'"
empty "unknown mood" "$work/out"
run "export after" 0 --db "$db" export -o "$work/after.csv"
if cmp -s "$work/before.csv" "$work/after.csv"; then ok; else bad "bad import changed the catalog"; fi
: >"$work/empty.csv"
run "empty file" 1 --db "$db" import "$work/empty.csv"; expect "empty file" "$work/err" "empty.csv:1: header"
run "missing file" 1 --db "$db" import "$work/nope.csv"; expect "missing file" "$work/err" "cannot open file"
run "unknown extension" 2 --db "$db" import "$work/songs.txt"; expect "unknown extension" "$work/err" "expected .csv or .json"
printf '%s\n' "$old_header" '22,"Never closed,,A' >"$work/trunc.csv"
run "truncated" 1 --db "$db" import "$work/trunc.csv"; expect "truncated" "$work/err" "trunc.csv:2: expected a closing"
run "export to bad dir" 1 --db "$db" export -o "$work/no/such/dir/x.csv"; expect "export to bad dir" "$work/err" "cannot create"
if [ -w /dev/full ]; then
    $OSTREC --db "$db" vocab >/dev/full 2>"$work/err"; got=$?
    if [ "$got" -eq 1 ]; then ok; else bad "write to /dev/full: exit $got"; fi
    expect "write to /dev/full" "$work/err" "cannot write to standard output"
    for opt in --help --version "export --help"; do
        $OSTREC $opt >/dev/full 2>"$work/err"; got=$?
        if [ "$got" -eq 1 ]; then ok; else bad "$opt >/dev/full: exit $got"; fi
        expect "$opt >/dev/full" "$work/err" "cannot write to standard output"
    done
fi

# --- the shipped catalog ---------------------------------------------------
cat_db="$work/catalog.db"
run "import catalog" 0 --db "$cat_db" import "$catalog"
run "import artists" 0 --db "$cat_db" import --artists "$root/data/artists.csv"
expect "import artists" "$work/out" "imported $(($(wc -l <"$root/data/artists.csv") - 1)) artists"
# The shipped artists file is in the exported form, and round-trips as JSON.
run "export artists" 0 --db "$cat_db" export --artists -o "$work/artists.csv"
if cmp -s "$root/data/artists.csv" "$work/artists.csv"; then ok; else bad "data/artists.csv is not in canonical export form"; fi
run "export artists json" 0 --db "$cat_db" export --artists --format json -o "$work/artists.json"
valid_json "export artists json" "$work/artists.json"
run "reimport artists json" 0 --db "$cat_db" import --artists "$work/artists.json"
expect "reimport artists json" "$work/out" "(0 new,"
run "export artists again" 0 --db "$cat_db" export --artists -o "$work/artists2.csv"
if cmp -s "$root/data/artists.csv" "$work/artists2.csv"; then ok; else bad "artists JSON round trip differs"; fi
run "artists bad file" 1 --db "$cat_db" import --artists "$catalog"
expect "artists bad file" "$work/err" "catalog.csv:1: header: unknown column 'id'"
# Artists are people: a group finds its members' songs, a Korean name every
# spelling's, and a duet is found by either singer.
search_finds() { # NAME WORDS TITLE ARTIST
    $OSTREC --db "$cat_db" search --format json -n 0 $2 >"$work/out" 2>"$work/err"
    if python3 - "$work/out" "$3" "$4" <<'PY'
import json, sys
songs = json.load(open(sys.argv[1]))["songs"]
sys.exit(0 if any(s["title"] == sys.argv[2] and s["artist"] == sys.argv[3] for s in songs) else 1)
PY
    then ok; else bad "$1: search '$2' did not find $3 / $4"; fi
}
search_finds "group" BTS "Sweet Night" V
search_finds "group" BTS "Yours" Jin
search_finds "group" BTS "With You" "Jimin, Ha Sung-woon"
search_finds "korean name" 윤하 "Sunflower" Younha
search_finds "korean name" 윤하 "I Believe" Younha
search_finds "second singer" Punch "Stay With Me" "Chanyeol, Punch"
search_finds "romanized title" "Nunmul Anin" "Nunmul Anin Naldeul" "Kim Yoon-ah"
# Caps and exclusions count people: neither Chanyeol nor Punch (each with
# songs of their own and together) is near "Stay With Me" with --exclude-artist.
run "exclude people" 0 --db "$cat_db" similar "Stay With Me" -n 50 --exclude-artist --format json
if python3 - "$work/out" "$root/data/catalog.csv" <<'PY'
import csv, json, sys
credits = {int(r["id"]): r["credits"].split(";") for r in csv.DictReader(open(sys.argv[2], encoding="utf-8"))}
ids = [r["id"] for r in json.load(open(sys.argv[1]))["results"]]
people = {"Chanyeol", "Punch"}
bad = [i for i in ids if people & {n.replace("feat:", "") for n in credits[i]}]
have = [i for i, c in credits.items() if people & {n.replace("feat:", "") for n in c}]
sys.exit(1 if bad or len(ids) != 50 or len(have) < 10 else 0)
PY
then ok; else bad "similar --exclude-artist kept a song crediting Chanyeol or Punch"; fi
# Songs of one soundtrack belong together: at least 3 other Goblin songs in
# the top 10 of "Stay With Me", none with --exclude-drama.
run "soundtrack" 0 --db "$cat_db" similar "Stay With Me" -n 10 --format csv
goblin=$(grep -c "Guardian: The Lonely and Great God (Goblin)" "$work/out")
if [ "$goblin" -ge 3 ]; then ok; else bad "similar Stay With Me: $goblin Goblin songs in the top 10, expected 3 or more"; fi
run "soundtrack excluded" 0 --db "$cat_db" similar "Stay With Me" -n 10 --format csv --exclude-drama
if grep -q "Goblin" "$work/out"; then bad "--exclude-drama kept a Goblin song"; else ok; fi
run "not the seed" 2 --db "$cat_db" similar 7 --not 7; expect "not the seed" "$work/err" "song 7 is also a seed"
run "diversity 1" 2 --db "$cat_db" similar 7 --diversity 1; expect "diversity 1" "$work/err" "1 would ignore the score"
# why: Beautiful's rank for "Stay With Me" is where similar puts it, and its
# words name what the catalog says the two share (genres read here).
run "why" 0 --db "$cat_db" why Beautiful --for "Stay With Me"
why_out="$work/why.txt"; cp "$work/out" "$why_out"
run "why rank" 0 --db "$cat_db" similar "Stay With Me" -n 2000 --format json
if python3 - "$why_out" "$work/out" "$root/data/catalog.csv" <<'PY'
import csv, json, re, sys
text = open(sys.argv[1], encoding="utf-8").read()
ranked = json.load(open(sys.argv[2]))["results"]
rows = {r["title"]: r for r in csv.DictReader(open(sys.argv[3], encoding="utf-8"))}
rank = next(r["rank"] for r in ranked if r["title"] == "Beautiful")
m = re.search(r"ranks #(\d+) of (\d+)", text)
seed, song = rows["Stay With Me"], rows["Beautiful"]
shared = [g for g in song["genres"].split(";") if g in seed["genres"].split(";")]
ok = m and int(m.group(1)) == rank and int(m.group(2)) == len(ranked)
ok = ok and "same soundtrack (%s)" % song["drama"] in text and ("both " + ", ".join(shared)) in text
ok = ok and "held back by: mood" in text
sys.exit(0 if ok else 1)
PY
then ok; else bad "why Beautiful --for Stay With Me: rank, words or what holds it back"; fi
run "why seed" 2 --db "$cat_db" why "Stay With Me" --for "Stay With Me"; expect "why seed" "$work/err" "one of the seeds"
run "why no seeds" 2 --db "$cat_db" why Beautiful; expect "why no seeds" "$work/err" "expected --for SEED"
run "similar explain words" 0 --db "$cat_db" similar "Stay With Me" -n 3 --explain
expect "similar explain words" "$work/out" " 1. same soundtrack (Guardian: The Lonely and Great God (Goblin))"
expect "similar explain words" "$work/out" "100%"
run "cap people" 0 --db "$cat_db" similar "Stay With Me" -n 30 --max-per-artist 1 --format json
if python3 - "$work/out" "$root/data/catalog.csv" <<'PY'
import collections, csv, json, sys
credits = {int(r["id"]): r["credits"].split(";") for r in csv.DictReader(open(sys.argv[2], encoding="utf-8"))}
seen = collections.Counter(n.replace("feat:", "") for r in json.load(open(sys.argv[1]))["results"] for n in credits[r["id"]])
sys.exit(1 if any(v > 1 for v in seen.values()) else 0)
PY
then ok; else bad "similar --max-per-artist 1 let a person through twice"; fi
run "catalog stats" 0 --db "$cat_db" stats --format json; valid_json "catalog stats" "$work/out"
if python3 - "$work/out" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
eras = {e["id"]: e["songs"] for e in s["eras"]}
problems = []
if s["songs"] < 1500: problems.append("songs %d < 1500" % s["songs"])
if s["dramas"] < 330: problems.append("dramas %d < 330" % s["dramas"])
if s["instrumental"] < 120: problems.append("instrumental %d < 120" % s["instrumental"])
for era, n in eras.items():
    if n < 400: problems.append("era %s has %d < 400 songs" % (era, n))
if s["years"]["min"] < 2009 or s["years"]["max"] > 2025: problems.append("years outside 2009-2025")
if sum(eras.values()) != s["songs"]: problems.append("songs outside the named eras")
print("; ".join(problems))
sys.exit(1 if problems else 0)
PY
then ok; else bad "catalog thresholds"; fi

# Every song the source articles name is found by search (words, title / artist).
while IFS='|' read -r words title artist; do
    case "$words" in ""|"#"*) continue ;; esac
    $OSTREC --db "$cat_db" search --format json -n 0 $words >"$work/out" 2>"$work/err"
    if python3 - "$work/out" "$title" "$artist" <<'PY'
import json, sys
songs = json.load(open(sys.argv[1]))["songs"]
sys.exit(0 if any(s["title"] == sys.argv[2] and sys.argv[3] in s["artist"] for s in songs) else 1)
PY
    then ok; else bad "search '$words' did not find $title / $artist"; fi
done <"$here/required_songs.txt"

# --- more like this ----------------------------------------------------------
# The issue's must-show: valid JSON, 10 results in descending score, without
# the seed, each explain adding up to its score.
run "similar json" 0 --db "$cat_db" similar "Stay With Me" -n 10 --format json
valid_json "similar json" "$work/out"
if python3 - "$work/out" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
res, seeds = doc["results"], [s["id"] for s in doc["query"]["seeds"]]
problems = []
if len(res) != 10: problems.append("%d results" % len(res))
if any(a["score"] < b["score"] for a, b in zip(res, res[1:])): problems.append("not in descending score")
if any(r["id"] in seeds for r in res): problems.append("the seed is in its own results")
for r in res:
    parts = r["explain"]
    if sorted(parts) != sorted(["genre", "mood", "era", "vocal_style", "artist_type", "soundtrack", "artist"]): problems.append("explain keys")
    if abs(sum(parts.values()) - r["score"]) > 1e-6: problems.append("explain of %s does not add up" % r["title"])
if [r["rank"] for r in res] != list(range(1, 11)): problems.append("ranks")
if sorted(doc["model"]["weights"]) != sorted(["genre", "mood", "era", "vocal_style", "artist_type", "soundtrack", "artist"]): problems.append("weights")
print("; ".join(problems))
sys.exit(1 if problems else 0)
PY
then ok; else bad "similar json shape"; fi
run "similar table" 0 --db "$cat_db" similar "Stay With Me" --explain; expect "similar table" "$work/out" "ARTIST TYPE"
run "similar two seeds" 0 --db "$cat_db" similar "Stay With Me" "Beautiful / Crush" --not "Way Back Then" --exclude-drama -n 5
expect "similar two seeds" "$work/out" "SCORE"
if grep -q "Guardian" "$work/out"; then bad "--exclude-drama kept a Goblin song"; else ok; fi
# The index is kept beside the catalog, and a change made outside ostrec
# (plain SQL, here through python3's sqlite3) is seen by the next query.
idx_db="$work/idx.db"
run "index import" 0 --db "$idx_db" import "$mini"
run "index first" 0 --db "$idx_db" similar "Stay With Me" -n 2 --format json
if [ -s "$idx_db.index" ]; then ok; else bad "index: no $idx_db.index after a query"; fi
expect "index first" "$work/out" '"year":	2016'
python3 -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute("UPDATE songs SET year = 1999 WHERE id = 2"); c.commit()' "$idx_db"
run "index after sql" 0 --db "$idx_db" similar "Stay With Me" -n 5 --format json --era 1999-1999
expect "index after sql" "$work/out" '"title":	"Beautiful"'
expect "index after sql" "$work/out" '"year":	1999'
printf '%s\n%s\n' "$old_header" "2,Beautiful,,Crush,,Goblin,,2003,,no,rock,sad,male-solo,idol,test" > "$work/one.csv"
run "index reimport" 0 --db "$idx_db" import "$work/one.csv"
run "index after import" 0 --db "$idx_db" similar "Stay With Me" -n 5 --format json --era 2003-2003
expect "index after import" "$work/out" '"year":	2003'
rm -f "$idx_db.index"; mkdir "$idx_db.index"
run "index unkeepable" 0 --db "$idx_db" similar "Stay With Me" -n 5 --era 2003-2003; expect "index unkeepable" "$work/out" "Beautiful"
rmdir "$idx_db.index"

# years_within FILE FROM TO: every result row of a CSV has FROM <= year <= TO.
years_within() {
    python3 -c 'import csv, sys; r = list(csv.DictReader(open(sys.argv[1]))); sys.exit(not r or any(not int(sys.argv[2]) <= int(x["year"]) <= int(sys.argv[3]) for x in r))' "$@"
}
run "similar era" 0 --db "$cat_db" similar "Stay With Me" --era global --format csv -n 20
if years_within "$work/out" 2020 2025; then ok; else bad "--era global let other years through"; fi
run "similar years" 0 --db "$cat_db" similar 7 --era 2010-2012 --instrumental no --format csv
if years_within "$work/out" 2010 2012; then ok; else bad "--era 2010-2012"; fi
run "similar xspf" 0 --db "$cat_db" similar "Stay With Me" --shift-era 2024 --one-per-drama --max-per-artist 1 --diversity 0.3 --format xspf
if python3 -c 'import sys, xml.dom.minidom as m; d = m.parse(sys.argv[1]); sys.exit(len(d.getElementsByTagName("track")) != 10)' "$work/out"; then ok; else bad "xspf is not XML with 10 tracks"; fi
run "similar unknown song" 1 --db "$cat_db" similar "Stay With Mee"; expect "similar unknown song" "$work/err" "did you mean"
run "similar no song" 2 --db "$cat_db" similar; expect "similar no song" "$work/err" "expected at least one SONG"
run "similar bad diversity" 2 --db "$cat_db" similar 7 --diversity 2; expect "similar bad diversity" "$work/err" "--diversity: expected a number from 0 to 1"
run "similar bad era" 2 --db "$cat_db" similar 7 --era 1990s; expect "similar bad era" "$work/err" "the eras are: rise (2009-2014)"
run "similar bad instrumental" 2 --db "$cat_db" similar 7 --instrumental maybe; expect "similar bad instrumental" "$work/err" "expected yes, no or any"
run "similar bad format" 2 --db "$cat_db" similar 7 --format m3u; expect "similar bad format" "$work/err" "table|json|csv|xspf"
printf '{"name": "bad", "groups": {"genre": {"vocabulary": "genres", "weight": -1}}}' >"$work/bad-model.json"
run "bad model" 1 --db "$cat_db" --model "$work/bad-model.json" similar 7
expect "bad model" "$work/err" "groups.genre.weight: must not be negative"
run "show json model view" 0 --db "$cat_db" show --format json "Stay With Me"
expect "show json model view" "$work/out" '"era":	"blend"'
# Its valence and arousal are the means of its moods' coordinates in the vocabulary.
if python3 - "$work/out" "$root/models/vocab.json" <<'PY'
import json, sys
song, vocab = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
coords = {m["id"]: (m["valence"], m["arousal"]) for m in vocab["moods"]}
v = sum(coords[m][0] for m in song["moods"]) / len(song["moods"])
a = sum(coords[m][1] for m in song["moods"]) / len(song["moods"])
sys.exit(0 if abs(song["valence"] - v) < 1e-9 and abs(song["arousal"] - a) < 1e-9 else 1)
PY
then ok; else bad "show json: valence/arousal are not the mean of the moods"; fi

# --- mood playlists ------------------------------------------------------------
run "playlist scene json" 0 --db "$cat_db" playlist --scene farewell -n 15 --format json
valid_json "playlist scene json" "$work/out"
if python3 - "$work/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
items = d["playlist"]
ok = d["query"]["mode"] == "target" and d["query"]["targets"][0]["label"] == "farewell"
ok = ok and len(items) == 15 == d["count"] and [i["rank"] for i in items] == list(range(1, 16))
ok = ok and len({i["id"] for i in items}) == 15
for i in items:  # each with its place, its aim, its score and why
    ok = ok and all(k in i for k in ("valence", "arousal", "target", "score", "explain"))
    ok = ok and abs(sum(i["explain"].values()) - i["score"]) < 1e-6
sys.exit(0 if ok else 1)
PY
then ok; else bad "playlist json shape"; fi
run "playlist arc" 0 --db "$cat_db" playlist --arc calm,tense,triumphant -n 12
expect "playlist arc" "$work/out" "AIM"
if [ "$(grep -c '^[0-9]' "$work/out")" -eq 12 ]; then ok; else bad "playlist arc: not 12 rows"; fi
run "playlist path" 0 --db "$cat_db" playlist --from "Stay With Me" --to "Sweet Night" -n 8 --format csv
if python3 - "$work/out" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
sys.exit(0 if len(rows) == 8 and rows[0]["title"] == "Stay With Me" and rows[-1]["title"] == "Sweet Night" else 1)
PY
then ok; else bad "playlist path: 8 songs from Stay With Me to Sweet Night"; fi
run "playlist korean" 0 --db "$cat_db" playlist --mood 슬픈,그리운 -n 5 --explain; expect "playlist korean" "$work/out" "ARTIST TYPE"
run "playlist va xspf" 0 --db "$cat_db" playlist --va 0.6,0.4 -n 5 --seed-rng 3 --format xspf
expect "playlist va xspf" "$work/out" "<trackNum>5</trackNum>"
run "playlist caps" 0 --db "$cat_db" playlist --scene chase --era 2015-2022 --instrumental no --max-per-artist 1 --one-per-drama -n 10 --format json
valid_json "playlist caps" "$work/out"
run "playlist short" 0 --db "$cat_db" playlist --mood calm --era 2009 --instrumental yes -n 30
expect "playlist short" "$work/err" "only"
run "playlist unknown mood" 1 --db "$cat_db" playlist --mood sadd
expect "playlist unknown mood" "$work/err" "'sadd' is not a mood word; nearest: sad (슬픈)"
run "playlist unknown scene" 1 --db "$cat_db" playlist --scene goodbye
expect "playlist unknown scene" "$work/err" "the scenes are: first-meeting"
run "playlist bad arc" 1 --db "$cat_db" playlist --arc calm,tensse; expect "playlist bad arc" "$work/err" "nearest: tense"
run "playlist one waypoint" 2 --db "$cat_db" playlist --arc calm; expect "playlist one waypoint" "$work/err" "at least two waypoints"
run "playlist bad va" 2 --db "$cat_db" playlist --va 2,0; expect "playlist bad va" "$work/err" "--va: expected VALENCE,AROUSAL"
run "playlist two aims" 2 --db "$cat_db" playlist --mood sad --scene grief; expect "playlist two aims" "$work/err" "give one of"
run "playlist no aim" 2 --db "$cat_db" playlist; expect "playlist no aim" "$work/err" "say what to aim at"
run "playlist from alone" 2 --db "$cat_db" playlist --from 7; expect "playlist from alone" "$work/err" "--from and --to go together"
run "playlist same ends" 2 --db "$cat_db" playlist --from 7 --to 7; expect "playlist same ends" "$work/err" "the same song"
run "playlist path too short" 2 --db "$cat_db" playlist --from 7 --to 8 -n 1; expect "playlist path too short" "$work/err" "at least 2"
run "scenes" 0 --db "$cat_db" scenes; expect "scenes" "$work/out" "운명적 사랑"
run "scenes json" 0 --db "$cat_db" scenes --format json; valid_json "scenes json" "$work/out"
printf '{"scenes": [{"id": "x", "name": "X", "ko": "엑스", "moods": {"sad": 0.5}}]}' >"$work/bad-scenes.json"
run "bad scenes" 1 --db "$cat_db" --scenes "$work/bad-scenes.json" scenes; expect "bad scenes" "$work/err" "the weights sum to 0.5, not 1"

# The map: XML, one dot per song, the playlist as numbered steps.
run "map" 0 --db "$cat_db" map -o "$work/map.svg" --arc calm,tense,triumphant -n 12; empty "map" "$work/out"
if python3 - "$work/map.svg" "$catalog_songs" <<'PY'
import sys, xml.etree.ElementTree as ET
svg = "{http://www.w3.org/2000/svg}"
root = ET.parse(sys.argv[1]).getroot()
dots = [c for c in root.iter(svg + "circle") if c.get("class") == "song"]
steps = [c for c in root.iter(svg + "circle") if c.get("class") == "step"]
titled = all(c.find(svg + "title") is not None for c in dots)
sys.exit(0 if root.tag == svg + "svg" and len(dots) == int(sys.argv[2]) and len(steps) == 12 and titled else 1)
PY
then ok; else bad "map: an SVG with $catalog_songs song dots, each titled, and 12 steps"; fi
run "map stdout" 0 --db "$cat_db" map; expect "map stdout" "$work/out" "</svg>"
run "map bad dir" 1 --db "$cat_db" map -o "$work/no/such/dir/map.svg"; expect "map bad dir" "$work/err" "cannot write"
run "map format" 2 --db "$cat_db" map --format json; expect "map format" "$work/err" "unknown option '--format'"

# That GSL's CBLAS calls bind to OpenBLAS is checked by scripts/check-blas.sh,
# which make test runs on the program and the shared library.

# --- opening: a first run, an empty catalog, readers during an import --------
# The first reading command with no database at the default place makes it
# from the shipped catalog and says so once; the next run says nothing.
xdg="$work/xdg"
run_default() { local name=$1 want=$2; shift 2; env -u OSTREC_DB XDG_DATA_HOME="$xdg" HOME="$work" bash -c '"$@"' _ $OSTREC "$@" >"$work/out" 2>"$work/err" </dev/null
    local got=$?; if [ "$got" -eq "$want" ]; then ok; else bad "$name: exit $got, expected $want; stderr: $(head -c 300 "$work/err")"; fi; }
run_default "first run" 0 similar "Stay With Me" -n 3
expect "first run" "$work/err" "first run: made the catalog $xdg/ostrec/ostrec.db from "
expect "first run" "$work/err" "($catalog_songs songs)"
expect "first run" "$work/out" "SCORE"
if [ -f "$xdg/ostrec/ostrec.db" ]; then ok; else bad "first run: no database at the default place"; fi
run_default "second run" 0 search goblin; empty "second run" "$work/err"; expect "second run" "$work/out" "Stay With Me"
# vocab and scenes need no database: they make none.
rm -rf "$xdg"
run_default "vocab makes no db" 0 vocab moods
if [ ! -e "$xdg/ostrec/ostrec.db" ]; then ok; else bad "vocab made a database"; fi
# A database given by --db that is not there is not made by a reading command.
run "read missing db" 1 --db "$work/none.db" search goblin
expect "read missing db" "$work/err" "no catalog database here"; expect "read missing db" "$work/err" "import FILE"
if [ ! -e "$work/none.db" ]; then ok; else bad "a reading command made $work/none.db"; fi

# A catalog with no songs: every reading command says so and how to fill it.
empty_db="$work/empty.db"
printf 'id,title,title_ko,artist,artist_ko,drama,drama_ko,year,ost_part,instrumental,genres,moods,vocal_style,artist_type,source\n' >"$work/header-only.csv"
run "import nothing" 0 --db "$empty_db" import "$work/header-only.csv"
for cmd in "search goblin" "show 1" "stats" "similar 1" "playlist --mood sad" "map" "vectors" "export"; do
    read -r -a words <<<"$cmd"
    run "empty: $cmd" 1 --db "$empty_db" "${words[@]}"
    expect "empty: $cmd" "$work/err" "ostrec: error: the catalog $empty_db is empty; fill it with 'ostrec import FILE'"
    empty "empty: $cmd" "$work/out"
done

# While another program holds the write lock in the middle of an import,
# readers answer at once from what is committed, and a second import waits
# for the lock and then lands; nothing is lost.
lock_db="$work/lock.db"
run "lock: import" 0 --db "$lock_db" import "$mini"
hold_lock() { # hold_lock DB SECONDS: a write transaction open for SECONDS, then committed
    python3 - "$1" "$2" "$work/held" <<'PY' &
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
db.execute("UPDATE songs SET title = 'Held Title' WHERE id = 3")
open(sys.argv[3], "w").close()
time.sleep(float(sys.argv[2]))
db.execute("COMMIT")
PY
    for _ in $(seq 100); do [ -e "$work/held" ] && break; sleep 0.05; done; rm -f "$work/held"; }
hold_lock "$lock_db" 20; holder=$!
run "lock: search" 0 --db "$lock_db" search goblin; expect "lock: search" "$work/out" "Stay With Me"
run "lock: show" 0 --db "$lock_db" show 3; expect "lock: show" "$work/out" "Give You My Heart"
run "lock: similar" 0 --db "$lock_db" similar "Stay With Me" -n 2 --format csv
if [ "$(wc -l <"$work/out")" -eq 3 ]; then ok; else bad "lock: similar: not a header and 2 songs"; fi
run "lock: playlist" 0 --db "$lock_db" playlist --mood sad -n 3 --format csv
if [ "$(wc -l <"$work/out")" -eq 4 ]; then ok; else bad "lock: playlist: not a header and 3 songs"; fi
kill "$holder" 2>/dev/null; wait "$holder" 2>/dev/null
hold_lock "$lock_db" 1; holder=$!
printf 'id,title,title_ko,artist,artist_ko,drama,drama_ko,year,ost_part,instrumental,genres,moods,vocal_style,artist_type,source\n9,Second Import,,Someone,,Other Drama,,2021,,no,ballad,sad,female-solo,vocalist,test\n' >"$work/second.csv"
run "lock: second import waits" 0 --db "$lock_db" import "$work/second.csv"; expect "lock: second import waits" "$work/out" "imported 1 songs"
wait "$holder"
run "lock: both landed" 0 --db "$lock_db" export; expect "lock: both landed" "$work/out" "Held Title"; expect "lock: both landed" "$work/out" "Second Import"

# Some checks need the program itself, not a wrapper (valgrind) around it.
read -r -a ostrec_words <<<"$OSTREC"
ostrec_bin=${ostrec_words[0]} # the program, when there is no wrapper

# Readers in a loop while a larger import runs: every one answers, and
# each sees the catalog before the import (6 songs) or after it (6 + ten
# copies of the shipped catalog),
# never a part of it.
python3 - "$catalog" "$work/big.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
with open(sys.argv[2], "w", encoding="utf-8", newline="") as out:
    w = csv.writer(out, lineterminator="\n")
    w.writerow(rows[0])
    for copy in range(10):
        for r in rows[1:]:
            w.writerow([str(100000 + copy * 100000 + int(r[0]))] + r[1:])
PY
load_db="$work/load.db"
run "load: import mini" 0 --db "$load_db" import "$mini"
( while [ ! -e "$work/load-done" ]; do
      $OSTREC --db "$load_db" stats --format json >"$work/load-out" 2>"$work/load-err" </dev/null || echo "exit $?: $(head -c 200 "$work/load-err")"
      python3 -c 'import json, sys; n = json.load(open(sys.argv[1]))["songs"]; print("before" if n == 6 else "after" if n == 6 + 10 * int(sys.argv[2]) else "partial %d" % n)' "$work/load-out" "$catalog_songs" 2>&1
  done >"$work/load-log" ) &
reader=$!
run "load: import big" 0 --db "$load_db" import "$work/big.csv"
touch "$work/load-done"; wait "$reader"
if ! grep -qv '^before$\|^after$' "$work/load-log" && [ -s "$work/load-log" ]; then ok
else bad "readers during an import: $(grep -v '^before$\|^after$' "$work/load-log" | head -3)"; fi

# A catalog its reader cannot write (file and directory read-only, so no
# -shm file can be made) is still read. Root may write anything, so as root
# the reader is the unprivileged user 'nobody'.
if [ "${#ostrec_words[@]}" -eq 1 ]; then
    ro="$work/ro"; mkdir -p "$ro/dir"; chmod 755 "$work" "$ro"
    cp "$ostrec_bin" "$ro/ostrec"; cp "$cat_db" "$ro/dir/catalog.db"
    chmod 444 "$ro/dir/catalog.db"; chmod 555 "$ro/dir"
    as_reader=""; [ "$(id -u)" -eq 0 ] && as_reader="runuser -u nobody --"
    if [ -z "$as_reader" ] || command -v runuser >/dev/null; then
        $as_reader "$ro/ostrec" --db "$ro/dir/catalog.db" search goblin >"$work/out" 2>"$work/err" </dev/null
        if [ $? -eq 0 ] && grep -q "Stay With Me" "$work/out"; then ok; else bad "read-only catalog: $(head -c 200 "$work/err")"; fi
        $as_reader "$ro/ostrec" --db "$ro/dir/catalog.db" similar 7 -n 2 >"$work/out" 2>"$work/err" </dev/null
        if [ $? -eq 0 ] && grep -q "I Miss You" "$work/out"; then ok; else bad "read-only catalog similar: $(head -c 200 "$work/err")"; fi
        if [ "$(ls "$ro/dir")" = "catalog.db" ]; then ok; else bad "read-only catalog: files appeared beside it"; fi
    fi
    chmod 755 "$ro/dir"; chmod 700 "$work"
fi

# --- under a memory limit: an error or an answer, never a hang ----------------
# OpenBLAS retries forever when it cannot map its work buffer, and its exit
# handler waits for a worker stuck that way. Under every limit from 100 to
# 400 MB, each command ends within 20 s, with its answer or with "out of
# memory". A wrapper (valgrind) or a sanitizer runtime cannot run under
# 'ulimit -v' at all, so only a plain program is tried.
if [ "${#ostrec_words[@]}" -eq 1 ] && ! ldd "$ostrec_bin" 2>/dev/null | grep -q 'libasan\|libtsan'; then
    for limit in 100000 150000 200000 250000 300000 400000; do
        for cmd in "--help" "stats" "similar 7 -n 3" "playlist --mood sad -n 3"; do
            read -r -a words <<<"$cmd"
            (ulimit -v "$limit"; timeout 20 "$ostrec_bin" --db "$cat_db" "${words[@]}" >"$work/out" 2>"$work/err" </dev/null)
            got=$?
            if [ "$got" -eq 0 ] || { [ "$got" -eq 1 ] && grep -q "out of memory" "$work/err"; }; then ok
            else bad "ulimit -v $limit: $cmd: exit $got: $(head -c 200 "$work/err")"; fi
        done
    done
fi

# --- vectors -------------------------------------------------------------------
run "vectors csv" 0 --db "$cat_db" vectors
# Each row holds the content groups: its length is the square root of their
# share of the model's weights (the soundtrack and artist groups have no columns).
if python3 - "$work/out" "$catalog_songs" "$root/models/default.json" <<'PY'
import csv, json, math, sys
rows = list(csv.reader(open(sys.argv[1])))
head, body = rows[0], rows[1:]
w = {g: v["weight"] for g, v in json.load(open(sys.argv[3]))["groups"].items()}
length = math.sqrt(sum(v for g, v in w.items() if g not in ("soundtrack", "artist")) / sum(w.values()))
ok = head[0] == "id" and len(body) == int(sys.argv[2]) and all(len(r) == len(head) for r in body)
ok = ok and all(abs(math.sqrt(sum(float(x) ** 2 for x in r[1:])) - length) < 1e-5 for r in body)
sys.exit(0 if ok else 1)
PY
then ok; else bad "vectors csv: $catalog_songs rows of the content groups' length with a header"; fi
run "vectors json" 0 --db "$cat_db" vectors --format json; valid_json "vectors json" "$work/out"
expect "vectors json" "$work/out" '"columns":["genre:ballad"'

# Export -> import into an empty catalog -> export: byte-identical.
for fmt in csv json; do
    run "export $fmt" 0 --db "$cat_db" export --format "$fmt" -o "$work/one.$fmt"
    run "reimport $fmt" 0 --db "$work/fresh-$fmt.db" import "$work/one.$fmt"
    run "export again $fmt" 0 --db "$work/fresh-$fmt.db" export --format "$fmt" -o "$work/two.$fmt"
    if cmp -s "$work/one.$fmt" "$work/two.$fmt"; then ok; else bad "$fmt export round trip differs"; fi
done
# The shipped CSV is itself in the exported form.
if cmp -s "$catalog" "$work/one.csv"; then ok; else bad "data/catalog.csv is not in canonical export form"; fi

# --- output files: -o never replaces what is not a regular file ---------------
# A regular file (or a missing one) is replaced whole by a temporary created
# afresh beside it, so there is no predictable name where a planted link could
# send the output; a FIFO or a device is written in place and stays what it
# was; a symbolic link is written through to the file it names.
od="$work/outputs"; mkdir "$od"
$OSTREC --db "$db" export >"$work/export.csv" 2>/dev/null
printf 'precious\n' >"$work/victim"
for planted in x.csv.tmp .x.csv.tmp x.csv~ x.csv.new x.csv.part; do
    ln -sf "$work/victim" "$od/$planted"
done
run "export beside planted links" 0 --db "$db" export -o "$od/x.csv"
if [ "$(cat "$work/victim")" = precious ]; then ok; else bad "export -o followed a link planted beside the output"; fi
if [ -f "$od/x.csv" ] && [ ! -L "$od/x.csv" ] && cmp -s "$od/x.csv" "$work/export.csv"; then ok; else bad "export -o: x.csv is not the export"; fi
if [ -z "$(find "$od" -newer "$work/victim" -name 'x.csv.*' ! -type l)" ]; then ok; else bad "export -o left a temporary: $(ls -A "$od")"; fi
run "map beside planted links" 0 --db "$db" map -o "$od/x.csv"
if [ "$(cat "$work/victim")" = precious ]; then ok; else bad "map -o followed a link planted beside the output"; fi
# A symbolic link output: the file it names gets the export; the link stays.
printf 'old\n' >"$od/real.csv"; ln -s real.csv "$od/link.csv"
run "export through a link" 0 --db "$db" export -o "$od/link.csv"
if [ -L "$od/link.csv" ] && cmp -s "$od/real.csv" "$work/export.csv"; then ok; else bad "export -o replaced a symbolic link instead of writing through it"; fi
ln -s nowhere.csv "$od/dangling.csv"
run "export to a dangling link" 1 --db "$db" export -o "$od/dangling.csv"; expect "export to a dangling link" "$work/err" "symbolic link"
if [ -L "$od/dangling.csv" ] && [ ! -e "$od/nowhere.csv" ]; then ok; else bad "export -o to a dangling link changed it"; fi
# A FIFO stays a FIFO, and its reader gets the export.
mkfifo "$od/fifo"
timeout 60 cat "$od/fifo" >"$work/from-fifo" & reader=$!
timeout 60 $OSTREC --db "$db" export -o "$od/fifo" >"$work/out" 2>"$work/err"; got=$?
if [ -p "$od/fifo" ]; then ok; wait "$reader"; else bad "export -o turned a FIFO into a $(stat -c %F "$od/fifo")"; kill "$reader" 2>/dev/null; wait "$reader" 2>/dev/null; fi
if [ "$got" -eq 0 ] && cmp -s "$work/from-fifo" "$work/export.csv"; then ok; else bad "export -o FIFO: exit $got, the reader did not get the export"; fi
# A device is written in place: a private copy of /dev/null takes the output
# and /dev/full's refuses it (ENOSPC: exit 1); both stay character devices.
# The real /dev/full is tried only once its private copy has survived.
if mknod "$od/null" c 1 3 2>/dev/null && mknod "$od/full" c 1 7 2>/dev/null; then
    run "export to a null device" 0 --db "$db" export -o "$od/null"
    if [ -c "$od/null" ]; then ok; else bad "export -o replaced a device node with a $(stat -c %F "$od/null")"; fi
    for cmd in export map; do
        run "$cmd to a full device" 1 --db "$db" $cmd -o "$od/full"; expect "$cmd to a full device" "$work/err" "cannot write"
        if [ -c "$od/full" ]; then ok; else bad "$cmd -o replaced a device node with a $(stat -c %F "$od/full")"; fi
    done
    full_ok=$([ -c "$od/full" ] && echo 1)
else
    full_ok=1 # no mknod here: the real /dev/full is the only device to try
fi
if [ -n "$full_ok" ] && [ -c /dev/full ] && [ -w /dev/full ]; then
    run "export to /dev/full" 1 --db "$db" export -o /dev/full; expect "export to /dev/full" "$work/err" "cannot write"
    if [ -c /dev/full ]; then ok; else bad "export -o /dev/full: it is no longer a character device"; fi
fi
run "export to a directory" 1 --db "$db" export -o "$od"; expect "export to a directory" "$work/err" "is a directory"
run "export to stdout by -" 0 --db "$db" export -o -
if cmp -s "$work/out" "$work/export.csv"; then ok; else bad "export -o - did not write standard output"; fi

# --- hostile text: control characters, formulas, NULs, many words -----------
# The importer takes every character but NUL, so titles may carry ESC (here a
# screen-clearing sequence and a window-title one ended by BEL), other C0
# controls, the C1 control U+009B (CSI) and U+FFFE (valid UTF-8, not XML).
hostile_db="$work/hostile.db"
{ echo "$old_header"
  printf '41,Esc\033[2J\033]0;pwned\007Title,,Art\033[31mist,,Dra\001ma,,2016,,no,ballad,sad,female-solo,vocalist,s\n'
  printf '42,Esc\033[2J\033]0;pwned\007Title,,Other,,Drama Two,,2017,,no,ballad,sad,female-solo,vocalist,s\n'
  printf '43,Bell\007\010Back\302\233Csi\357\277\276End,,A,,D,,2016,,no,ballad;rnb-soul,longing,mixed-duet,idol,s\n'
  printf '44,"=HYPERLINK(""http://x"",""y"")",,@SUM(A1),,+1 drama,,2016,,no,ballad,sad,female-solo,vocalist,-2+3\n'
  printf '45,-10 Minutes,,=cmd,,-,,2016,,no,ballad,sad,female-solo,vocalist,s\n'; } >"$work/hostile.csv"
run "hostile import" 0 --db "$hostile_db" import "$mini"
run "hostile import" 0 --db "$hostile_db" import "$work/hostile.csv"
# no_controls NAME FILE: no C0 control but newline, no DEL, no C1 control.
no_controls() {
    if python3 -c 'import re, sys; t = open(sys.argv[1], encoding="utf-8", errors="replace").read(); sys.exit(bool(re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f]", t)))' "$2"
    then ok; else bad "$1: a raw control character reaches the terminal: $(head -c 300 "$2" | od -c | head -5)"; fi
}
# The XML writers: every document parses, whatever the titles hold.
is_xml() { if python3 -c 'import sys, xml.dom.minidom as m; m.parse(sys.argv[1])' "$2" 2>/dev/null; then ok; else bad "$1: not well-formed XML"; fi; }
run "hostile xspf" 0 --db "$hostile_db" similar 41 43 -n 6 --format xspf; is_xml "hostile xspf" "$work/out"
expect "hostile xspf" "$work/out" "Esc"$'\xef\xbf\xbd'"[2J"
run "hostile playlist xspf" 0 --db "$hostile_db" playlist --from 43 --to 41 -n 4 --format xspf; is_xml "hostile playlist xspf" "$work/out"
run "hostile map" 0 --db "$hostile_db" map -o "$work/hostile.svg" --from 41 --to 43 -n 3; is_xml "hostile map" "$work/hostile.svg"
# The terminal: tables, a song's fields, "did you mean" and "candidates"
# show control characters escaped (\x1b, \u009b), never raw.
run "hostile search" 0 --db "$hostile_db" search esc; no_controls "hostile search" "$work/out"
expect "hostile search" "$work/out" 'Esc\x1b[2J\x1b]0;pwned\x07Title'
run "hostile search bell" 0 --db "$hostile_db" search bell; no_controls "hostile search bell" "$work/out"
expect "hostile search bell" "$work/out" 'Bell\x07\x08Back\u009bCsi'
run "hostile show" 0 --db "$hostile_db" show 41; no_controls "hostile show" "$work/out"; expect "hostile show" "$work/out" 'Art\x1b[31mist'
run "hostile similar" 0 --db "$hostile_db" similar 43 --explain; no_controls "hostile similar" "$work/out"
run "hostile playlist" 0 --db "$hostile_db" playlist --from 43 --to 41 -n 4; no_controls "hostile playlist" "$work/out"
run "hostile did you mean" 1 --db "$hostile_db" show "Esc[2J]0;pwnedTitle"; no_controls "hostile did you mean" "$work/err"
expect "hostile did you mean" "$work/err" 'did you mean'; expect "hostile did you mean" "$work/err" 'Esc\x1b[2J'
run "hostile candidates" 2 --db "$hostile_db" show "$(printf 'Esc\033[2J\033]0;pwned\007Title')"; no_controls "hostile candidates" "$work/err"
expect "hostile candidates" "$work/err" 'candidates'; expect "hostile candidates" "$work/err" 'Dra\x01ma'
run "hostile no match" 0 --db "$hostile_db" search "$(printf 'zz\033[2Jzz')"; no_controls "hostile no match" "$work/err"
# The canonical export keeps every character and round-trips byte for byte.
run "hostile export" 0 --db "$hostile_db" export -o "$work/hostile-one.csv"
run "hostile reimport" 0 --db "$work/hostile-two.db" import "$work/hostile-one.csv"
run "hostile export again" 0 --db "$work/hostile-two.db" export -o "$work/hostile-two.csv"
if cmp -s "$work/hostile-one.csv" "$work/hostile-two.csv"; then ok; else bad "hostile export round trip differs"; fi
expect "hostile export" "$work/hostile-one.csv" '44,"=HYPERLINK(""http://x"",""y"")",,@SUM(A1),,+1 drama,,2016,,no,ballad,sad,female-solo,vocalist,-2+3'
# --csv-safe: a text cell that a spreadsheet would run as a formula (it starts
# with =, +, -, @, a tab or a carriage return) gets a leading single quote.
run "export csv-safe" 0 --db "$hostile_db" export --csv-safe
expect "export csv-safe" "$work/out" "44,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",,'@SUM(A1),,'+1 drama,,2016,,no,ballad,sad,female-solo,vocalist,'-2+3"
expect "export csv-safe" "$work/out" "45,'-10 Minutes,,'=cmd,,'-,,2016,"
expect "export csv-safe" "$work/out" "1,Stay With Me,,\"Chanyeol, Punch\""
run "export csv-safe help" 0 export --help; expect "export csv-safe help" "$work/out" "--csv-safe"
run "export csv-safe json" 2 --db "$hostile_db" export --csv-safe --format json; expect "export csv-safe json" "$work/err" "--csv-safe: only for --format csv"
# JSON's \u0000 is refused like CSV's NUL byte, naming the file, line and field.
printf '{"songs": [\n{"id": 51, "title": "Before\\u0000After", "artist": "A", "drama": "D", "year": 2016,\n "instrumental": false, "genres": ["ballad"], "moods": ["sad"], "vocal_style": "female-solo",\n "artist_type": "vocalist", "source": "s"}]}\n' >"$work/nul.json"
run "json nul" 1 --db "$work/nul.db" import "$work/nul.json"
expect "json nul" "$work/err" "nul.json:2: title: expected text, found a NUL character (\\u0000)"
# A 100,000-character SONG is answered: not found, nothing near it.
run "long song" 1 --db "$db" show "$(head -c 100000 /dev/zero | tr '\0' x)"; expect "long song" "$work/err" "no song is called 'xxxx"
if grep -q "did you mean" "$work/err"; then bad "long song: suggestions for 100,000 x's"; else ok; fi
# Search uses every word: the ninth word still has to match.
run "search nine words" 0 --db "$db" search stay stay stay stay stay stay stay stay zzzzqq
empty "search nine words" "$work/out"; expect "search nine words" "$work/err" "no song matches"
run "search nine words match" 0 --db "$db" search stay with me stay with me stay with me; expect "search nine words match" "$work/out" "Stay With Me"
run "search too many words" 2 --db "$db" search $(seq 1 65); expect "search too many words" "$work/err" "at most 64 words, found 65"

# --- profiles: histories, likes, for-me (tests/fixtures/profile/README.md) --
fx="$root/tests/fixtures/profile"
pdb="$work/profile.db"
run "profile catalog" 0 --db "$pdb" import "$fx/catalog.csv"
run "profile artists" 0 --db "$pdb" import --artists "$fx/artists.csv"
run "history spotify" 0 --db "$pdb" history import "$fx/StreamingHistory_music_0.json"
expect "history spotify" "$work/out" "11 entries: 9 matched, 0 ambiguous, 2 unmatched; 8 plays added to profile 'me'"
run "history spotify again" 0 --db "$pdb" history import "$fx/StreamingHistory_music_0.json"
expect "history spotify again" "$work/out" "9 matched, 0 ambiguous, 2 unmatched; 0 plays added"
run "history lastfm" 0 --db "$pdb" history import "$fx/scrobbles.csv" --unmatched
expect "history lastfm" "$work/out" "7 entries: 5 matched, 0 ambiguous, 2 unmatched; 5 plays added"
expect "history lastfm unmatched" "$work/err" 'scrobbles.csv:6: no song fits: "Blueming" by "IU"'
expect "history lastfm unmatched" "$work/err" 'scrobbles.csv:7: no song fits: "Airbag" by "Radiohead"'
run "profile export" 0 --db "$pdb" profile export -o "$work/me.json"
run "history broken" 1 --db "$pdb" history import "$fx/StreamingHistory_broken.json"
expect "history broken" "$work/err" "StreamingHistory_broken.json: [3].msPlayed"
run "profile export after broken" 0 --db "$pdb" profile export -o "$work/me-after.json"
if cmp -s "$work/me.json" "$work/me-after.json"; then ok; else bad "a broken history changed the profile"; fi
run "history no file" 1 --db "$pdb" history import "$work/none.json"
run "history bad format" 2 --db "$pdb" history import "$fx/scrobbles.csv" --format wav
run "history no import" 2 --db "$pdb" history "$fx/scrobbles.csv"
run "like" 0 --db "$pdb" like "Beautiful / Crush"
run "like unknown" 1 --db "$pdb" like "No Such Song Here"
# Dislike what for-me ranks first among new songs: it must leave every list.
run "for-me new json" 0 --db "$pdb" for-me --new-only -n 30 --format json; valid_json "for-me new json" "$work/out"
first_new=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["id"])' "$work/out")
run "dislike" 0 --db "$pdb" dislike "$first_new"
run "for-me all json" 0 --db "$pdb" for-me -n 30 --format json; valid_json "for-me all json" "$work/out"
python3 - "$work/out" "$first_new" "$work/me.json" <<'PY' && ok || bad "for-me: a disliked song, or a heard one with --new-only"
import json, sys
res = [r["id"] for r in json.load(open(sys.argv[1]))["results"]]
assert int(sys.argv[2]) not in res, "disliked song returned"
heard = {p["id"] for p in json.load(open(sys.argv[3]))["plays"]}
assert heard & set(res), "without --new-only no heard song came back"
PY
run "for-me new again" 0 --db "$pdb" for-me --new-only -n 30 --format json
python3 - "$work/out" "$first_new" "$work/me.json" <<'PY' && ok || bad "for-me --new-only returned a heard or disliked song"
import json, sys
res = {r["id"] for r in json.load(open(sys.argv[1]))["results"]}
heard = {p["id"] for p in json.load(open(sys.argv[3]))["plays"]} | {45, int(sys.argv[2])}
assert not (res & heard), res & heard
assert res, "no results"
PY
run "for-me explain" 0 --db "$pdb" for-me -n 3 --explain; expect "for-me explain" "$work/out" "BECAUSE YOU LIKED"
run "for-me feeling" 0 --db "$pdb" for-me --feeling sad --want hopeful -n 4 --format json; valid_json "for-me feeling" "$work/out"
run "for-me feeling alone" 2 --db "$pdb" for-me --feeling sad
run "for-me unknown profile" 1 --db "$pdb" for-me --profile nobody; expect "for-me unknown profile" "$work/err" "profile 'nobody': no such profile"
run "playlist profile" 0 --db "$pdb" playlist --mood longing -n 3 --profile me --format json; valid_json "playlist profile" "$work/out"
run "map profile" 0 --db "$pdb" map --profile me -o "$work/heat.svg"; expect "map profile" "$work/heat.svg" 'class="heat"'
run "profile show" 0 --db "$pdb" profile show --format json; valid_json "profile show" "$work/out"
expect "profile show" "$work/out" '"likes":	1'
run "profile show table" 0 --db "$pdb" profile show --utc-offset 9; expect "profile show table" "$work/out" "Mood you return to"
run "profile import" 0 --db "$work/profile2.db" import "$fx/catalog.csv"
run "profile import file" 0 --db "$work/profile2.db" profile import "$work/me.json"
run "profile export copy" 0 --db "$work/profile2.db" profile export -o "$work/me-copy.json"
if cmp -s "$work/me.json" "$work/me-copy.json"; then ok; else bad "profile export, import, export differs"; fi
run "forget needs yes" 2 --db "$pdb" profile forget; expect "forget needs yes" "$work/err" "add --yes"
run "forget" 0 --db "$pdb" profile forget --yes
run "forget again" 1 --db "$pdb" profile forget --yes
run "for-me forgotten" 1 --db "$pdb" for-me
run "catalog kept" 0 --db "$pdb" show 7; expect "catalog kept" "$work/out" "Stay With Me"

echo "cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
