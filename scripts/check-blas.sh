#!/bin/sh
# check-blas.sh: checks that each program or shared library given has GSL's
# cblas_sgemv bound to OpenBLAS, not to the reference CBLAS (libgslcblas or
# libblas), as the dynamic loader would bind it when the file runs or loads.
#
# Usage: sh scripts/check-blas.sh FILE...   e.g. build/ostrec build/libostrec.so
# Exit 0 when every FILE binds to OpenBLAS, 1 (with what to do) otherwise.
#
# How: `ldd -r` asks the loader to load FILE and its libraries in the order a
# process would, and to resolve every symbol now (as LD_BIND_NOW would), without
# running any of its code; LD_DEBUG=bindings makes the loader say where each
# symbol went. So it works the same for a program and a shared library, and for
# sanitizer builds.

if [ $# -eq 0 ]; then
    echo "usage: sh scripts/check-blas.sh FILE..." >&2
    exit 2
fi
status=0
for file in "$@"; do
    if [ ! -f "$file" ]; then
        echo "check-blas: $file: no such file" >&2
        status=1
        continue
    fi
    # "binding file A [0] to B [0]: normal symbol `cblas_sgemv'": keep B.
    to=$(LD_DEBUG=bindings ldd -r "$file" 2>&1 |
        sed -n "s/.* to \([^ ]*\) \[[0-9]*\]: normal symbol \`cblas_sgemv'.*/\1/p" | head -n 1)
    case "$to" in
        *libopenblas*) echo "check-blas: $file: cblas_sgemv binds to OpenBLAS ($to)" ;;
        *)
            echo "check-blas: error: $file: cblas_sgemv binds to ${to:-nothing the loader reports}, not OpenBLAS." >&2
            echo "check-blas: install libopenblas-dev (make deps, or: apt-get install libopenblas-dev), then rebuild: make clean all" >&2
            status=1
            ;;
    esac
done
exit $status
