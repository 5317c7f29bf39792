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
catalog="$root/data/catalog.csv"

# --- help, version, usage errors -------------------------------------------
run "help" 0 --help;            expect "help" "$work/out" "Usage: ostrec"; empty "help" "$work/err"
run "version" 0 --version;      expect "version" "$work/out" "ostrec 0."
for cmd in import export search show stats vocab similar vectors; do
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
printf '7,Beautiful,,Someone Else,,D,,2016,,no,ballad,sad,female-solo,vocalist,s\n' >>"$work/dup.csv"
run "import dup title" 0 --db "$db" import "$work/dup.csv"
run "show ambiguous" 2 --db "$db" show beautiful; expect "show ambiguous" "$work/err" "candidates"
run "show artist" 0 --db "$db" show "Beautiful / Crush"; expect "show artist" "$work/out" "Crush"
run "stats json" 0 --db "$db" stats --format json; valid_json "stats json" "$work/out"
run "vocab moods" 0 --db "$db" vocab moods; expect "vocab moods" "$work/out" "애틋한"
run "vocab json" 0 --db "$db" vocab --format json; valid_json "vocab json" "$work/out"
run "vocab unknown" 2 --db "$db" vocab colours; expect "vocab unknown" "$work/err" "unknown KIND"

# --- a bad import changes nothing ------------------------------------------
run "export before" 0 --db "$db" export -o "$work/before.csv"
{ head -n 1 "$mini"
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
printf '%s\n' "$(head -n 1 "$mini")" '22,"Never closed,,A' >"$work/trunc.csv"
run "truncated" 1 --db "$db" import "$work/trunc.csv"; expect "truncated" "$work/err" "trunc.csv:2: expected a closing"
run "export to bad dir" 1 --db "$db" export -o "$work/no/such/dir/x.csv"; expect "export to bad dir" "$work/err" "cannot create"
if [ -w /dev/full ]; then
    $OSTREC --db "$db" vocab >/dev/full 2>"$work/err"; got=$?
    if [ "$got" -eq 1 ]; then ok; else bad "write to /dev/full: exit $got"; fi
    expect "write to /dev/full" "$work/err" "cannot write to standard output"
fi

# --- the shipped catalog ---------------------------------------------------
cat_db="$work/catalog.db"
run "import catalog" 0 --db "$cat_db" import "$catalog"
run "catalog stats" 0 --db "$cat_db" stats --format json; valid_json "catalog stats" "$work/out"
if python3 - "$work/out" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
eras = {e["id"]: e["songs"] for e in s["eras"]}
problems = []
if s["songs"] < 400: problems.append("songs %d < 400" % s["songs"])
if s["dramas"] < 120: problems.append("dramas %d < 120" % s["dramas"])
if s["instrumental"] < 25: problems.append("instrumental %d < 25" % s["instrumental"])
for era, n in eras.items():
    if n < 80: problems.append("era %s has %d < 80 songs" % (era, n))
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
    if sorted(parts) != sorted(["genre", "mood", "era", "vocal_style", "artist_type"]): problems.append("explain keys")
    if abs(sum(parts.values()) - r["score"]) > 1e-6: problems.append("explain of %s does not add up" % r["title"])
if [r["rank"] for r in res] != list(range(1, 11)): problems.append("ranks")
if sorted(doc["model"]["weights"]) != sorted(["genre", "mood", "era", "vocal_style", "artist_type"]): problems.append("weights")
print("; ".join(problems))
sys.exit(1 if problems else 0)
PY
then ok; else bad "similar json shape"; fi
run "similar table" 0 --db "$cat_db" similar "Stay With Me" --explain; expect "similar table" "$work/out" "ARTIST TYPE"
run "similar two seeds" 0 --db "$cat_db" similar "Stay With Me" "Beautiful / Crush" --not "Way Back Then" --exclude-drama -n 5
expect "similar two seeds" "$work/out" "SCORE"
if grep -q "Guardian" "$work/out"; then bad "--exclude-drama kept a Goblin song"; else ok; fi
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

# GSL's CBLAS calls bind to OpenBLAS (Debian's libgsl also pulls in the
# reference libgslcblas; linking -lopenblas directly puts it first).
read -r -a ostrec_words <<<"$OSTREC"
if [ "${#ostrec_words[@]}" -eq 1 ]; then # under a wrapper such as valgrind the loader's trace is the wrapper's
    if LD_DEBUG=bindings $OSTREC --db "$cat_db" similar 7 -n 1 2>&1 >/dev/null |
        grep "symbol \`cblas_sgemv'" | grep -q libopenblas; then ok; else bad "cblas_sgemv does not bind to OpenBLAS"; fi
fi

# --- vectors -------------------------------------------------------------------
run "vectors csv" 0 --db "$cat_db" vectors
if python3 - "$work/out" <<'PY'
import csv, math, sys
rows = list(csv.reader(open(sys.argv[1])))
head, body = rows[0], rows[1:]
ok = head[0] == "id" and len(body) == 475 and all(len(r) == len(head) for r in body)
ok = ok and all(abs(math.sqrt(sum(float(x) ** 2 for x in r[1:])) - 1) < 1e-5 for r in body)
sys.exit(0 if ok else 1)
PY
then ok; else bad "vectors csv: 475 unit rows with a header"; fi
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

echo "cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
