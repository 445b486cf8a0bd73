#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Runs every libFuzzer target for a short while on its seed corpus
# (tests/fuzz/corpus/<target>/); new inputs go to a temporary directory, so
# the source tree is never written.  FUZZ_SECONDS sets the time per target.
set -u
secs=${FUZZ_SECONDS:-15}
status=0
[ -n "${FUZZ_TARGETS:-}" ] || { echo "no fuzz targets"; exit 77; }
for t in $FUZZ_TARGETS; do
	name=$(basename "$t")
	seeds="$top_srcdir/tests/fuzz/corpus/$name"
	[ -d "$seeds" ] || { echo "$name: no seed corpus at $seeds"; status=1; continue; }
	work=$(mktemp -d)
	echo "== $name: $secs s on $(ls "$seeds" | wc -l) seeds"
	if ! "$top_builddir/$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 "$work" "$seeds" >"$work.log" 2>&1; then
		tail -50 "$work.log"
		status=1
	else
		# one summary line per target: executions, seconds, coverage
		runs=$(sed -n 's/^Done \([0-9]*\) runs in .*/\1/p' "$work.log" | tail -1)
		took=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$work.log" | tail -1)
		cov=$(grep -o 'cov: [0-9]*' "$work.log" | tail -1 | cut -d' ' -f2)
		echo "$name: execs ${runs:-?} time ${took:-?} s cov ${cov:-?}"
	fi
	rm -rf "$work" "$work.log"
done
exit $status
