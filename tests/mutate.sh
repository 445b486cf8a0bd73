#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Mutation testing (slow, not part of `make check`): applies each mutation
# of tests/mutations.txt to the source, one at a time, rebuilds the unit
# tests it names, runs them, and reports the mutations no test noticed
# (SURVIVED).  The source file is restored after every mutation, also when
# the script is interrupted.
#
# usage: tests/mutate.sh [BUILD-DIR] [MUTATIONS-FILE]
#   BUILD-DIR       a configured build of this tree (default: build)
#   MUTATIONS-FILE  lines "FILE<TAB>SED-EXPRESSION<TAB>TESTS", TESTS being
#                   unit test names (test_x, space separated; empty: all);
#                   '#' starts a comment (default: tests/mutations.txt)
# Exit status: 0 if every mutation was killed, 1 if some survived or did
# not apply, 2 on a usage error.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
list=${2:-$top/tests/mutations.txt}
[ -f "$build/Makefile" ] || { echo "mutate: no configured build in $build" >&2; exit 2; }
[ -f "$list" ] || { echo "mutate: no mutation list $list" >&2; exit 2; }
all_tests=$(cd "$top/tests/unit" && ls test_*.c | sed 's/\.c$//' | tr '\n' ' ')
backup=$(mktemp /tmp/lvpn-mutate.XXXXXX)
current=""
restore() {
	if [ -n "$current" ]; then
		cp "$backup" "$top/$current"
		touch "$top/$current"
		current=""
	fi
}
trap 'restore; rm -f "$backup"' EXIT
trap 'exit 130' INT TERM

n=0 killed=0 survived=0 broken=0
tab=$(printf '\t')
while IFS="$tab" read -r file expr tests; do
	case $file in '' | '#'*) continue ;; esac
	n=$((n + 1))
	[ -n "${tests:-}" ] || tests=$all_tests
	if [ ! -f "$top/$file" ]; then
		echo "NOT-APPLIED $file: no such file"
		broken=$((broken + 1))
		continue
	fi
	cp "$top/$file" "$backup"
	current=$file
	sed -i "$expr" "$top/$file"
	if cmp -s "$top/$file" "$backup"; then
		echo "NOT-APPLIED $file: $expr"
		broken=$((broken + 1))
		restore
		continue
	fi
	targets=""
	for t in $tests; do
		[ -f "$top/tests/unit/$t.c" ] || echo "mutate: no unit test $t (line $n)" >&2
		targets="$targets tests/unit/$t"
	done
	if ! make -C "$build" -j2 $targets >/dev/null 2>&1; then
		echo "NO-BUILD    $file: $expr"
		broken=$((broken + 1))
		restore
		continue
	fi
	verdict=SURVIVED
	for t in $tests; do
		if ! (cd "$build" && top_srcdir="$top" timeout 600 "./tests/unit/$t" >/dev/null 2>&1); then
			verdict="KILLED by $t"
			break
		fi
	done
	case $verdict in
	SURVIVED) survived=$((survived + 1)); echo "SURVIVED    $file: $expr" ;;
	*) killed=$((killed + 1)); echo "killed      $file: $expr ($verdict)" ;;
	esac
	restore
done <"$list"
# the last restore leaves the sources as they were; rebuild the tests so no
# mutated binary is left behind
make -C "$build" -j2 $(for t in $all_tests; do printf 'tests/unit/%s ' "$t"; done) >/dev/null 2>&1
echo "mutate: $n mutations, $killed killed, $survived survived, $broken not applied or not built"
[ "$survived" -eq 0 ] && [ "$broken" -eq 0 ]
