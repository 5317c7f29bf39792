#!/usr/bin/env bash
# seeds.sh: writes the fuzz targets' seed inputs, made from the shipped files,
# into OUTDIR/<target>/: catalog.csv in small pieces, the same pieces exported
# as JSON by the ostrec program, artists.csv whole and in part, the model,
# vocabulary and scenes files, words and titles a user might type, and the
# history fixtures (tests/fixtures/history/).
# Usage: seeds.sh OUTDIR OSTREC_PROGRAM
set -euo pipefail
out=$1
ostrec=$2
rm -rf "$out"
mkdir -p "$out"/{import_csv,import_json,import_artists,model,vocab,scenes,text,history}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# CSV: the header and eight rows a piece; one piece in three also as JSON.
header=$(head -n 1 data/catalog.csv)
tail -n +2 data/catalog.csv | split -l 8 -d -a 3 - "$tmp/piece."
n=0
for piece in "$tmp"/piece.*; do
    name=$(basename "$piece" | tr -d .)
    { printf '%s\n' "$header"; cat "$piece"; } > "$out/import_csv/$name.csv"
    if (( n % 3 == 0 )); then
        "$ostrec" --db "$tmp/$name.db" import "$out/import_csv/$name.csv" > /dev/null
        "$ostrec" --db "$tmp/$name.db" export --format json > "$out/import_json/$name.json"
    fi
    n=$((n + 1))
done
cp tests/fixtures/mini.csv "$out/import_csv/mini.csv"
printf '[{"id": 7, "title": "T", "artist": "A", "drama": "D", "year": 2016, "ost_part": null, "instrumental": false, "genres": ["ballad"], "moods": ["sad"], "vocal_style": "male-solo", "artist_type": "soloist"}]\n' \
    > "$out/import_json/bare_array.json"

# Artists: the shipped file whole, and its first rows (groups named by a
# member but not in the piece make some of them refusals).
cp data/artists.csv "$out/import_artists/artists.csv"
head -n 40 data/artists.csv > "$out/import_artists/head.csv"
printf 'name,name_ko,aliases,artist_type,member_of\nBTS,방탄소년단,Bangtan Boys,idol,\nV,뷔,Taehyung,idol,BTS\n' \
    > "$out/import_artists/small.csv"

cp models/default.json "$out/model/"
cp models/vocab.json "$out/vocab/"
cp data/scenes.json "$out/scenes/"

# Text: mood ids and Korean names, the first titles and dramas, ids, a song
# with its artist, mood lists.
i=0
seed() { printf '%s' "$1" > "$out/text/$(printf '%03d' $i)"; i=$((i + 1)); }
while IFS= read -r w; do seed "$w"; done < <(grep -o '"\(id\|ko\)": *"[^"]*"' models/vocab.json | sed 's/.*: *"//; s/"$//')
while IFS= read -r w; do seed "$w"; done < <(tail -n +2 data/catalog.csv | head -n 30 | cut -d, -f2)
for w in 1 42 "Stay With Me" "Stay With Me / Chanyeol" "stay" "gob" "도깨비" "sad,calm" "sad,슬픈,tender" "beautiful / crush"; do seed "$w"; done

# Histories: each fixture behind the byte that makes fuzz_history.c name it
# by its extension ('0' .json, '1' .csv, '2' .m3u, '3' .xspf; the byte modulo 4).
for f in tests/fixtures/history/*; do
    case "$f" in
        *.json) b=0 ;; *.csv) b=1 ;; *.m3u | *.m3u8) b=2 ;; *.xspf) b=3 ;; *) continue ;;
    esac
    { printf '%s' "$b"; cat "$f"; } > "$out/history/$(basename "$f")"
done
