"""agreement.py: how far a second, independent annotation of a random 10% of
the catalog agrees with the catalog's own labels (data/README.md,
"Agreement"): mean Jaccard of the mood and genre sets, and on the first
mood, the first genre, the vocal style and the artist type the share of
agreement and Cohen's kappa (agreement beyond what the two annotators'
word frequencies give by chance). Prints a Markdown table: for all songs of
the second annotation, and for those whose second annotator read a
description of the song (basis not "no description read").

    python3 scripts/agreement.py data/catalog.csv data/agreement/second_annotator.csv
"""
import collections
import csv
import sys


def jaccard(a, b):
    x, y = set(a.split(";")), set(b.split(";"))
    return len(x & y) / len(x | y)


def kappa(pairs):
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    first, second = collections.Counter(a for a, _ in pairs), collections.Counter(b for _, b in pairs)
    chance = sum(first[w] * second[w] for w in set(first) | set(second)) / (n * n)
    return observed, (observed - chance) / (1 - chance)


def figures(catalog, second, ids):
    pairs = lambda f, first_word: [((catalog[i][f].split(";")[0], second[i][f].split(";")[0]) if first_word
                                    else (catalog[i][f], second[i][f])) for i in ids]
    out = {}
    for f in ("moods", "genres"):
        out[f + ": mean Jaccard of the sets"] = "%.2f" % (sum(jaccard(catalog[i][f], second[i][f]) for i in ids) / len(ids))
        out[f + ": first word, agreement / Cohen's kappa"] = "%.2f / %.2f" % kappa(pairs(f, True))
    for f in ("vocal_style", "artist_type"):
        out[f.replace("_", " ") + ": agreement / kappa"] = "%.2f / %.2f" % kappa(pairs(f, False))
    return out


def main():
    catalog = {r["id"]: r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))}
    second = {r["id"]: r for r in csv.DictReader(open(sys.argv[2], encoding="utf-8"))}
    everyone = [i for i in second if i in catalog]
    read = [i for i in everyone if not second[i]["basis"].lower().startswith("no description")]
    a, b = figures(catalog, second, everyone), figures(catalog, second, read)
    print("| field | all %d | the %d whose annotator read a description of the song |" % (len(everyone), len(read)))
    print("|---|---|---|")
    for k in a:
        print("| %s | %s | %s |" % (k, a[k], b[k]))


if __name__ == "__main__":
    main()
