#!/bin/sh
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
		grep -E 'stat::number_of_executed_runs|Done' "$work.log" | tail -2
	fi
	rm -rf "$work" "$work.log"
done
exit $status
