#!/bin/sh
# deps.sh: installs the Debian packages that building and testing ostrec need
# (make demo, make check), deciding what is missing from dpkg's own record of
# installed packages, never from files on disk: a file such as cblas.h can come
# from another package (libblas-dev ships one too) than the one the build links.
#
# Usage: sh scripts/deps.sh [--dry-run]
#   --dry-run  print what would be installed and install nothing
# As root it runs apt-get update and apt-get install; otherwise through sudo
# when sudo needs no password; otherwise it prints the apt-get line and exits 1.
# Without dpkg-query (not Debian) it warns, lists the packages and exits 0.

# What the build, the tests and the install check call: the compilers (g++ for
# the C++ header test; clang-14 with its fuzzer runtime and llvm-14's
# symbolizer for make check's fuzzing), make, the C library's headers, nm and ar (binutils),
# pkg-config, valgrind, python3 (the end-to-end tests), and the libraries (libxml2
# for XSPF playlists).
# Essential packages (bash, coreutils, sed, grep, diffutils, mawk, libc-bin
# with ldd and ldconfig) are on every Debian system and not listed.
PACKAGES="gcc g++ make libc6-dev binutils pkg-config valgrind python3
libsqlite3-dev libgsl-dev libcjson-dev libcmocka-dev libcsv-dev libxml2-dev libopenblas-dev
clang-14 libclang-rt-14-dev llvm-14"

dry_run=0
for arg in "$@"; do
    case "$arg" in
        --dry-run | -n) dry_run=1 ;;
        -h | --help) sed -n '2,11s/^# \{0,1\}//p' "$0"; exit 0 ;;
        *) echo "deps: unknown option '$arg' (try --help)" >&2; exit 2 ;;
    esac
done

list=$(echo $PACKAGES)
if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "deps: warning: no dpkg-query, so this is not Debian and nothing is installed;" >&2
    echo "deps: the build needs the equivalents of: $list" >&2
    exit 0
fi

# installed PKG: dpkg records PKG as installed ("install ok installed", or
# "hold ok installed"). Anything else is missing: "deinstall ok config-files"
# (removed, its configuration kept), "unknown ok not-installed", or an error
# for a package dpkg has never seen. A multi-arch package prints one status per
# architecture; any installed one counts.
installed() {
    status=$(dpkg-query -W -f='${Status}\n' "$1" 2>/dev/null) || return 1
    case "
$status
" in
        *"
install ok installed
"* | *"
hold ok installed
"*) return 0 ;;
    esac
    return 1
}

missing=""
for p in $PACKAGES; do
    installed "$p" || missing="$missing $p"
done
if [ -z "$missing" ]; then
    echo "deps: all present ($list)"
    exit 0
fi

line="apt-get install -y --no-install-recommends$missing"
if [ "$dry_run" = 1 ]; then
    echo "deps: missing:$missing"
    echo "deps: would run: apt-get update && $line"
    exit 0
fi
echo "deps: installing:$missing"
if [ "$(id -u)" = 0 ]; then
    apt-get update -q && DEBIAN_FRONTEND=noninteractive $line
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo apt-get update -q && sudo DEBIAN_FRONTEND=noninteractive $line
else
    echo "deps: missing:$missing; run as root:" >&2
    echo "  apt-get update && $line" >&2
    exit 1
fi
