#!/usr/bin/env bash
# installcheck.sh: installs ostrec into a temporary prefix and uses it the way
# a user would: the README's C example compiled from the installed header and
# .pc files alone, shared and static, run on a catalog the installed program
# imports; then the installed program from PATH with no ostrec settings.
# Usage: bash tests/installcheck.sh BUILD_DIR   (make installcheck). Needs
# BUILD_DIR/tests/readme_example.c (cut out of README.md by the Makefile).
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build}
case "$build" in /*) ;; *) build="$root/$build" ;; esac
prefix=$(mktemp -d)
work=$(mktemp -d)
trap 'rm -rf "$prefix" "$work"' EXIT
passed=0 failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: installcheck: $*" >&2; }
CC=${CC:-cc}

if ! make -C "$root" --no-print-directory BUILD="$build" PREFIX="$prefix" NO_LDCONFIG=1 install >"$work/install.log" 2>&1; then
    cat "$work/install.log" >&2
    echo "installcheck: make install failed" >&2
    exit 1
fi

# Only what was installed: the example is compiled away from the source tree,
# with the header and libraries the installed .pc files name.
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
cp "$build/tests/readme_example.c" "$work/example.c"
cd "$work" || exit 1
for mode in shared static; do
    flags=$(pkg-config --cflags --libs $([ $mode = static ] && echo --static) ostrec) || { bad "pkg-config ostrec ($mode)"; continue; }
    case "$flags" in *"$root"*) bad "$mode: pkg-config points into the source tree: $flags" ;; *) ok ;; esac
    # shellcheck disable=SC2086 # flags are words
    if $CC -std=c11 -Wall -Wextra -Werror -o "example-$mode" example.c $flags; then ok; else bad "compile ($mode): $flags"; fi
done
# The static example needs no libostrec.so; the shared one loads it from the prefix.
if [ -x example-static ]; then
    if ldd example-static | grep libostrec; then bad "the --static example needs libostrec.so"; else ok; fi
fi
if [ -x example-shared ]; then
    if LD_LIBRARY_PATH="$prefix/lib" ldd example-shared | grep -qF "$prefix/lib/libostrec.so.0"; then ok
    else bad "the shared example does not load $prefix/lib/libostrec.so.0"; fi
fi

# A catalog made by the installed program from the installed catalog.
db="$work/catalog.db"
if "$prefix/bin/ostrec" --db "$db" import "$prefix/share/ostrec/catalog.csv" >"$work/out" 2>&1; then ok
else bad "installed ostrec import: $(cat "$work/out")"; fi

# Each example prints what tests/readme_example.sh expects, and both print
# the README's own "On the shipped catalog it prints:" lines.
awk '/^On the shipped catalog it prints:/ { on = 1; next } on && /^```/ { if (++fences == 2) exit; next } fences == 1' \
    "$root/README.md" >"$work/readme-says"
for mode in shared static; do
    [ -x "example-$mode" ] || continue
    run="$work/example-$mode"
    [ $mode = shared ] && run="env LD_LIBRARY_PATH=$prefix/lib $run"
    if OSTREC="$prefix/bin/ostrec" EXAMPLE="$run" EXAMPLE_DB="$db" bash "$root/tests/readme_example.sh" >/dev/null; then ok
    else bad "the $mode example's output"; fi
    $run "$db" >"$work/out-$mode" 2>&1
    if [ -s "$work/readme-says" ] && cmp -s "$work/readme-says" "$work/out-$mode"; then ok
    else bad "the $mode example does not print what README.md says:"; diff "$work/readme-says" "$work/out-$mode" >&2; fi
done

# The installed program from PATH, with no environment but PATH and HOME.
if env -i PATH="$prefix/bin:/usr/bin:/bin" HOME="$work" ostrec --db "$db" similar "Stay With Me" -n 5 >"$work/out" 2>&1 &&
    [ "$(grep -c '^[1-5] ' "$work/out")" -eq 5 ] && grep -q '^1  .*I Miss You' "$work/out"; then ok
else bad "installed ostrec similar: $(cat "$work/out")"; fi

# A fan's first command after make install, with no --db and a new HOME:
# the installed program makes its database from the installed catalog and
# says so once on stderr, then answers.
home="$work/fan"
mkdir -p "$home"
songs=$(python3 -c 'import csv, sys; print(sum(1 for _ in csv.DictReader(open(sys.argv[1], encoding="utf-8"))))' "$prefix/share/ostrec/catalog.csv")
if env -i PATH="$prefix/bin:/usr/bin:/bin" HOME="$home" ostrec similar "Stay With Me" -n 3 >"$work/out" 2>"$work/err" &&
    grep -q '^1  ' "$work/out" && grep -q '^3  ' "$work/out" &&
    grep -qF "first run: made the catalog $home/.local/share/ostrec/ostrec.db from $prefix/share/ostrec/catalog.csv ($songs songs)" "$work/err"
then ok; else bad "first run of the installed ostrec: $(cat "$work/out" "$work/err")"; fi
if env -i PATH="$prefix/bin:/usr/bin:/bin" HOME="$home" ostrec search goblin >"$work/out" 2>"$work/err" &&
    [ ! -s "$work/err" ] && grep -q "Stay With Me" "$work/out"; then ok
else bad "second run of the installed ostrec: $(cat "$work/out" "$work/err")"; fi

echo "installcheck: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
