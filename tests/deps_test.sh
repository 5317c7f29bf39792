#!/usr/bin/env bash
# deps_test.sh: tests scripts/deps.sh against stand-ins for dpkg-query,
# apt-get, sudo and id, alone on PATH, so no real package is ever installed:
# what it decides is missing comes from dpkg's record, not from files on disk.
# Usage: bash tests/deps_test.sh. Ends with "N passed, N failed".
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
script="$root/scripts/deps.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: deps: $*" >&2; }
sh=$(command -v sh)

# The stand-ins use shell built-ins only, since PATH holds nothing else.
# dpkg-query: every package installed, except FAKE_STATUS_<name with - and +
# as _> set to a status, or to "error" for a package dpkg does not know. It
# logs each package asked about.
mkdir -p "$work/bin" "$work/nodpkg"
cat >"$work/bin/dpkg-query" <<'EOF'
#!/bin/sh
for pkg; do :; done
echo "$pkg" >>"$FAKE_LOG.dpkg"
var=FAKE_STATUS_$(echo "$pkg" | { IFS= read -r p; while :; do case "$p" in *[-+.]*) p=${p%%[-+.]*}_${p#*[-+.]};; *) break;; esac; done; echo "$p"; })
eval "status=\${$var:-install ok installed}"
if [ "$status" = error ]; then echo "dpkg-query: no packages found matching $pkg" >&2; exit 1; fi
printf '%s\n' "$status"
EOF
cat >"$work/bin/apt-get" <<'EOF'
#!/bin/sh
echo "apt-get $* [DEBIAN_FRONTEND=${DEBIAN_FRONTEND:-}]" >>"$FAKE_LOG.apt"
EOF
cat >"$work/bin/sudo" <<'EOF'
#!/bin/sh
[ "$FAKE_SUDO" = yes ] || exit 1
echo "sudo $*" >>"$FAKE_LOG.sudo"
[ "$1" = -n ] && shift
while :; do case "$1" in *=*) export "$1"; shift;; *) break;; esac; done
"$@"
EOF
cat >"$work/bin/id" <<'EOF'
#!/bin/sh
echo "$FAKE_UID"
EOF
chmod +x "$work/bin/"*
for f in apt-get sudo id; do ln -s "$work/bin/$f" "$work/nodpkg/$f"; done

# deps NAME PATH_DIR ARGS...: runs the script with only the stand-ins on PATH,
# with FAKE_* from the caller; leaves its output in $work/out (stdout and
# stderr), its exit status in $rc, the logs in $work/NAME.{dpkg,apt,sudo}.
deps() {
    local name=$1 dir=$2
    shift 2
    export FAKE_LOG="$work/$name"
    PATH="$dir" "$sh" "$script" "$@" >"$work/out" 2>&1
    rc=$?
}
has() { if grep -qF -- "$3" "$2" 2>/dev/null; then ok; else bad "$1: '$3' not in $(basename "$2"): $(cat "$2" 2>/dev/null)"; fi; }
hasnt() { if [ ! -s "$2" ]; then ok; else bad "$1: $(basename "$2") should be empty: $(cat "$2")"; fi; }
exit_is() { if [ "$rc" -eq "$2" ]; then ok; else bad "$1: exit $rc, expected $2: $(cat "$work/out")"; fi; }

# The bug: libblas-dev ships a cblas.h too, so a header on disk said nothing
# about libopenblas-dev. Here dpkg says it is not installed; whether that file
# exists on this machine or not, it must be named for installation.
cblas=/usr/include/$(gcc -print-multiarch 2>/dev/null)/cblas.h
[ -e "$cblas" ] && echo "deps test: $cblas exists here (as with libblas-dev), and must not count"
export FAKE_UID=0 FAKE_SUDO=no FAKE_STATUS_libopenblas_dev=error
deps root "$work/bin"
exit_is "root, openblas unknown to dpkg" 0
has "root installs openblas" "$work/root.apt" "apt-get update -q"
has "root installs openblas" "$work/root.apt" \
    "apt-get install -y --no-install-recommends libopenblas-dev [DEBIAN_FRONTEND=noninteractive]"
n=$(grep -c install "$work/root.apt" 2>/dev/null)
if [ "${n:-0}" -eq 1 ]; then ok; else bad "root: one install, of libopenblas-dev only"; fi
hasnt "root, no sudo" "$work/root.sudo"
# Every package of the quick start is asked about.
for p in gcc g++ make libc6-dev binutils pkg-config valgrind python3 libsqlite3-dev libgsl-dev \
         libcjson-dev libcmocka-dev libcsv-dev libxml2-dev libopenblas-dev; do
    if grep -qxF -- "$p" "$work/root.dpkg"; then ok; else bad "dpkg-query was not asked about $p"; fi
done
# The decision is dpkg's: the script tests no header or library file.
if grep -v '^[[:space:]]*#' "$script" | grep -nE 'cblas\.h|/usr/(include|lib)|(\[|test) -[efrs] '; then
    bad "the script tests files on disk"
else ok; fi

# Removed with its configuration kept, or never installed: missing. On hold: present.
export FAKE_STATUS_libopenblas_dev="deinstall ok config-files" FAKE_STATUS_libgsl_dev="hold ok installed"
export FAKE_STATUS_g__="unknown ok not-installed"
deps config "$work/bin"
exit_is "config-files" 0
has "config-files" "$work/config.apt" "apt-get install -y --no-install-recommends g++ libopenblas-dev "
unset FAKE_STATUS_libgsl_dev FAKE_STATUS_g__

# All installed: nothing to install.
unset FAKE_STATUS_libopenblas_dev
deps all "$work/bin"
exit_is "all installed" 0
has "all installed" "$work/out" "deps: all present"
hasnt "all installed, no apt-get" "$work/all.apt"

# --dry-run says what it would install and installs nothing.
export FAKE_STATUS_libopenblas_dev=error
deps dry "$work/bin" --dry-run
exit_is "dry run" 0
has "dry run" "$work/out" "apt-get install -y --no-install-recommends libopenblas-dev"
hasnt "dry run, no apt-get" "$work/dry.apt"

# Not root, passwordless sudo: through sudo.
export FAKE_UID=1000 FAKE_SUDO=yes
deps sudo "$work/bin"
exit_is "sudo" 0
has "sudo" "$work/sudo.sudo" "sudo DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libopenblas-dev"
has "sudo" "$work/sudo.apt" "apt-get install -y --no-install-recommends libopenblas-dev [DEBIAN_FRONTEND=noninteractive]"

# Not root, no sudo: the exact line to run, and exit 1.
export FAKE_SUDO=no
deps user "$work/bin"
exit_is "no sudo" 1
has "no sudo" "$work/out" "apt-get update && apt-get install -y --no-install-recommends libopenblas-dev"
hasnt "no sudo, no apt-get" "$work/user.apt"

# No dpkg-query (not Debian): a warning naming the packages, and no failure.
deps nodpkg "$work/nodpkg"
exit_is "no dpkg-query" 0
has "no dpkg-query" "$work/out" "warning: no dpkg-query"
has "no dpkg-query" "$work/out" "libopenblas-dev"
hasnt "no dpkg-query, no apt-get" "$work/nodpkg.apt"

echo "deps: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
