#!/usr/bin/env bash
# exports_test.sh: fails when the shared library exports a name that does not
# start with ostrec_ (the library is built with -fvisibility=hidden and marks
# each public function OSTREC_API; anything else it exports is a leak).
# Usage: bash tests/exports_test.sh path/to/libostrec.so
set -u
lib=${1:?usage: bash tests/exports_test.sh path/to/libostrec.so}
names=$(nm -D --defined-only "$lib") || { echo "FAIL: exports: nm -D could not read $lib" >&2; exit 1; }
count=$(printf '%s\n' "$names" | grep -c ' ostrec_')
leaks=$(printf '%s\n' "$names" | awk 'NF { print $NF }' | grep -v '^ostrec_')
if [ -n "$leaks" ]; then
    echo "FAIL: exports: $lib exports $(printf '%s\n' "$leaks" | wc -l) name(s) not starting with ostrec_:" >&2
    printf '%s\n' "$leaks" | head -n 20 | sed 's/^/  /' >&2
    exit 1
fi
if [ "$count" -eq 0 ]; then echo "FAIL: exports: $lib exports no ostrec_ name" >&2; exit 1; fi
echo "exports: ok ($count names, all ostrec_)"
