#!/usr/bin/env bash
# readme_example.sh: runs the C example of README.md ("The library"), built by
# `make test` from the README's own text, on the six-song fixture, and checks
# what it prints: three songs from other dramas than Goblin, in descending
# score, each score the sum of its five printed terms.
# Usage: OSTREC=path/to/ostrec EXAMPLE="[wrapper] path/to/example" bash tests/readme_example.sh
# With EXAMPLE_DB=path/to/catalog.db it runs the example on that database instead.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db=${EXAMPLE_DB:-}
if [ -z "$db" ]; then
    db="$work/mini.db"
    $OSTREC --db "$db" import "$root/tests/fixtures/mini.csv" >/dev/null || exit 1
fi
$EXAMPLE "$db" >"$work/out" || { echo "readme example: failed" >&2; exit 1; }
if python3 - "$work/out" <<'PY'
import re, sys
lines = open(sys.argv[1]).read().splitlines()
pat = re.compile(r"^(\d)\. (.+) / (.+)  ([\d.]+) = genre ([\d.]+) \+ mood ([\d.]+) \+ era ([\d.]+) \+ voice ([\d.]+) \+ type ([\d.]+)$")
rows = [pat.match(l) for l in lines]
ok = len(rows) == 3 and all(rows)
if ok:
    scores = [float(r.group(4)) for r in rows]
    ok = [int(r.group(1)) for r in rows] == [1, 2, 3] and scores == sorted(scores, reverse=True)
    ok = ok and all(abs(sum(float(r.group(i)) for i in range(5, 10)) - float(r.group(4))) <= 0.003 for r in rows)
    ok = ok and not any(r.group(2) in ("Stay With Me", "Beautiful") for r in rows)  # the seed, its drama
sys.exit(0 if ok else 1)
PY
then echo "readme example: ok"; else echo "readme example: unexpected output:" >&2; cat "$work/out" >&2; exit 1; fi
