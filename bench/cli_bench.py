#!/usr/bin/env python3
"""cli_bench.py: end-to-end timings of the ostrec program on synthetic
catalogs, the figures issue "Catalogs of any size" asks for, printed as
Markdown tables: import (ids in order and shuffled), the first query (which
builds and keeps the index), `similar` and an arc playlist once the index is
kept, each side by side with `ostrec show` (the cost of any command: start,
open the catalog, read one song) run in turn with it. Every figure is the
median of its runs with the minimum and maximum; peak memory is the largest
resident set of one run (from wait4).

    python3 bench/cli_bench.py [--sizes 100000,1000000] [--runs 15] [--ostrec build/ostrec]

Catalogs come from bench/gen_catalog.py (random words from the vocabulary)
and are written under a temporary directory that is removed at the end.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def run_once(argv):
    """Wall seconds and peak resident MiB of one run; fails loudly on a non-zero exit."""
    start = time.monotonic()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - start
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit("cli_bench: %s failed (%d): %s" % (" ".join(argv), proc.returncode, err.strip()))
    return wall, usage.ru_maxrss / 1024.0


def summary(values, scale=1000.0, unit="ms"):
    v = sorted(x * scale for x in values)
    fmt = "%.0f" if v[-1] >= 100 else "%.1f"
    return (fmt + " %s [" + fmt + "–" + fmt + "]") % (statistics.median(v), unit, v[0], v[-1])


def paired(a, b, runs):
    """Run a and b in turn, `runs` times each: their walls, peaks and the ratios a/b pair by pair."""
    run_once(a)  # warm the page cache for both
    run_once(b)
    wa, wb, pa, ratios = [], [], [], []
    for _ in range(runs):
        x, peak = run_once(a)
        y, _ = run_once(b)
        wa.append(x)
        wb.append(y)
        pa.append(peak)
        ratios.append(x / y)
    return wa, wb, pa, ratios


def generate(size, shuffle, path):
    argv = [sys.executable, os.path.join(HERE, "gen_catalog.py"), str(size), "--seed", "1"]
    if shuffle:
        argv.append("--shuffle")
    with open(path, "w") as out:
        subprocess.run(argv, stdout=out, check=True)


def import_runs(ostrec, csv, work, runs):
    """Import `csv` into a fresh catalog `runs` times; the last catalog is kept."""
    walls, peaks = [], []
    for _ in range(runs):
        db = os.path.join(work, "cat.db")
        for suffix in ("", "-wal", "-shm", ".index"):
            if os.path.exists(db + suffix):
                os.remove(db + suffix)
        w, p = run_once([ostrec, "--db", db, "import", csv])
        walls.append(w)
        peaks.append(p)
    return db, walls, peaks


def bench_size(ostrec, size, runs, import_count, work):
    rows = []
    sorted_csv, shuffled_csv = os.path.join(work, "sorted.csv"), os.path.join(work, "shuffled.csv")
    if size == 0:
        db = os.path.join(work, "cat.db")
        for suffix in ("", "-wal", "-shm", ".index"):
            if os.path.exists(db + suffix):
                os.remove(db + suffix)
        run_once([ostrec, "--db", db, "import", os.path.join(HERE, "..", "data", "catalog.csv")])
        seed = "Stay With Me"
    else:
        generate(size, False, sorted_csv)
        generate(size, True, shuffled_csv)
        _, shuffled_walls, _ = import_runs(ostrec, shuffled_csv, work, import_count)
        db, sorted_walls, import_peaks = import_runs(ostrec, sorted_csv, work, import_count)
        rows.append(("import, ids in order", summary(sorted_walls, 1, "s"), "", "",
                     "%.0f MiB" % max(import_peaks)))
        rows.append(("import, ids shuffled", summary(shuffled_walls, 1, "s"), "", "%.2f× in order" %
                     (statistics.median(shuffled_walls) / statistics.median(sorted_walls)), ""))
        seed = "7"
    show = [ostrec, "--db", db, "show", "7"]
    similar = [ostrec, "--db", db, "similar", seed, "-n", "10"]
    first, first_peak = run_once(similar)  # builds the index and keeps it
    rows.append(("first `similar` (builds and keeps the index)", summary([first]), "", "", "%.0f MiB" % first_peak))
    wa, wb, pa, ratios = paired(similar, show, runs)
    rows.append(("`similar %s -n 10`, index kept" % ("\"Stay With Me\"" if size == 0 else "7"), summary(wa),
                 summary(wb), "%.2f" % statistics.median(ratios), "%.0f MiB" % max(pa)))
    arc = [ostrec, "--db", db, "playlist", "--arc", "calm,tense,triumphant", "-n", "200"]
    wa, wb, pa, ratios = paired(arc, show, runs)
    rows.append(("`playlist --arc calm,tense,triumphant -n 200`", summary(wa), summary(wb),
                 "%.2f" % statistics.median(ratios), "%.0f MiB" % max(pa)))
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="0,100000,1000000",
                        help="catalog sizes, comma-separated; 0 is the shipped catalog (default 0,100000,1000000)")
    parser.add_argument("--runs", type=int, default=15, help="runs of each query and of show beside it (default 15)")
    parser.add_argument("--imports", type=int, default=3, help="imports of each file (default 3)")
    parser.add_argument("--ostrec", default=os.path.join(HERE, "..", "build", "ostrec"), help="the program")
    args = parser.parse_args()
    ostrec = os.path.abspath(args.ostrec)
    work = tempfile.mkdtemp(prefix="ostrec-bench-")
    try:
        for size in [int(s) for s in args.sizes.split(",")]:
            name = "the shipped catalog" if size == 0 else "%d synthetic songs" % size
            print("\n### %s\n" % name)
            print("| measure | median [min–max] | `show 7` beside it | ratio | peak memory |")
            print("|---|---|---|---|---|")
            for row in bench_size(ostrec, size, args.runs, args.imports, work):
                print("| " + " | ".join(row) + " |")
            sys.stdout.flush()
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
