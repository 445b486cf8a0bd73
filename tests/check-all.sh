#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The whole test suite, as the README's second command and CI run it:
#   1. build/        the default build: unit tests, config corpus, interop
#   2. build/asan    everything again under AddressSanitizer + UBSan
#   3. build/fuzz    clang + libFuzzer: every fuzz target for a short run
#                    (only the fuzz smoke run: the rest ran in 1 and 2)
# Each build is configured on first use.  Needs root for the interop tests
# (TUN devices, network namespaces); without root those report SKIP.
# Ends with one line "N passed, N failed, N skipped" and a non-zero exit
# status if anything failed.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
jobs=${LVPN_JOBS:-2}

if [ -f "$top/config.status" ]; then
	echo "check-all: the source tree is configured in place; run 'make distclean' there first" >&2
	exit 1
fi
[ -x "$top/configure" ] || ./autogen.sh || exit 1
[ "$(id -u)" = 0 ] || echo "check-all: not root: tests that need TUN devices and namespaces will SKIP" >&2

pass=0 fail=0 skip=0 bad=""
variant() {
	name=$1 dir=$2 tests=$3
	shift 3
	echo "=== $name build ($dir)"
	mkdir -p "$dir"
	if [ ! -f "$dir/Makefile" ]; then
		(cd "$dir" && "$top/configure" -q "$@") || { fail=$((fail + 1)); bad="$bad $name:configure"; return; }
	fi
	make -C "$dir" -j"$jobs" >"$dir/build.out" 2>&1 || {
		tail -40 "$dir/build.out"; fail=$((fail + 1)); bad="$bad $name:build"; return; }
	if [ -n "$tests" ]; then
		make -C "$dir" -j"$jobs" check TESTS="$tests" >"$dir/check.out" 2>&1
	else
		make -C "$dir" -j"$jobs" check >"$dir/check.out" 2>&1
	fi
	rc=$?
	grep -E '^(PASS|FAIL|SKIP|XFAIL|XPASS|ERROR):' "$dir/check.out"
	p=$(sed -n 's/^# PASS: *//p' "$dir/check.out" | head -1)
	f=$(sed -n 's/^# FAIL: *//p' "$dir/check.out" | head -1)
	e=$(sed -n 's/^# ERROR: *//p' "$dir/check.out" | head -1)
	x=$(sed -n 's/^# XPASS: *//p' "$dir/check.out" | head -1)
	s=$(sed -n 's/^# SKIP: *//p' "$dir/check.out" | head -1)
	pass=$((pass + ${p:-0}))
	skip=$((skip + ${s:-0}))
	nf=$((${f:-0} + ${e:-0} + ${x:-0}))
	if [ $rc -ne 0 ] && [ $nf -eq 0 ]; then
		tail -40 "$dir/check.out"
		nf=1
	fi
	if [ $nf -ne 0 ]; then
		fail=$((fail + nf))
		bad="$bad $name"
		for log in $(grep -lE '^(FAIL|ERROR|XPASS)' $(find "$dir" -name '*.trs') 2>/dev/null); do
			echo "--- ${log%.trs}.log"
			tail -60 "${log%.trs}.log"
		done
	fi
}

variant default build ""
variant asan build/asan "" --enable-sanitizers
# the fuzz build runs the fuzz targets only: everything else ran twice above
if command -v clang >/dev/null 2>&1; then
	variant fuzz build/fuzz tests/fuzz/smoke.sh --enable-fuzzing CC=clang CXX=clang++
else
	echo "check-all: clang not installed: fuzz build not run" >&2
	fail=$((fail + 1)); bad="$bad fuzz:no-clang"
fi

[ -n "$bad" ] && echo "failed in:$bad"
echo "$pass passed, $fail failed, $skip skipped"
[ $fail -eq 0 ]
