#!/usr/bin/env python3
"""gen_catalog.py: a synthetic catalog of N songs as an ostrec import file
(CSV, the columns of data/catalog.csv), for measuring at sizes the shipped
catalog does not reach. Not real songs: never import it into a catalog
people use.

    python3 bench/gen_catalog.py N [--seed S] [--shuffle] [--vocab models/vocab.json] > cat.csv

Songs have ids 1..N and are drawn as bench/bench.c draws its catalogs: 1 to 3
distinct genres and 1 to 3 distinct moods from the vocabulary, a year from
2009 to 2025, one song in ten instrumental (vocal style "instrumental"), a
sung song's vocal style and every song's artist type at random, artists
from N / 5 names and dramas from N / 10. --shuffle writes the same songs in
a random order of ids (the same seed gives the same songs either way).
"""
import argparse
import csv
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
COLUMNS = ["id", "title", "title_ko", "artist", "artist_ko", "drama", "drama_ko", "year", "ost_part",
           "instrumental", "genres", "moods", "vocal_style", "artist_type", "source"]


def words(vocab, kind):
    return [term["id"] for term in vocab[kind]]


def song(rng, i, n, genres, moods, voices, types):
    artists, dramas = max(n // 5, 1), max(n // 10, 1)
    instrumental = rng.randrange(10) == 0
    return [i, "Song %d" % i, "", "Artist %d" % rng.randrange(artists), "",
            "Drama %d" % rng.randrange(dramas), "", 2009 + rng.randrange(17), 1 + rng.randrange(20),
            "yes" if instrumental else "no",
            ";".join(rng.sample(genres, 1 + rng.randrange(min(3, len(genres))))),
            ";".join(rng.sample(moods, 1 + rng.randrange(min(3, len(moods))))),
            "instrumental" if instrumental else rng.choice(voices), rng.choice(types), "synthetic"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="how many songs")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--shuffle", action="store_true", help="write the songs in a random order of ids")
    parser.add_argument("--vocab", default=os.path.join(HERE, "..", "models", "vocab.json"))
    args = parser.parse_args()
    if args.n < 1:
        parser.error("n: expected at least 1 song")
    with open(args.vocab, encoding="utf-8") as f:
        vocab = json.load(f)
    genres, moods, types = words(vocab, "genres"), words(vocab, "moods"), words(vocab, "artist_types")
    voices = [v for v in words(vocab, "vocal_styles") if v != "instrumental"]
    rng = random.Random(args.seed)
    songs = [song(rng, i, args.n, genres, moods, voices, types) for i in range(1, args.n + 1)]
    if args.shuffle:
        random.Random(args.seed + 1).shuffle(songs)
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(COLUMNS)
    out.writerows(songs)


if __name__ == "__main__":
    main()
