#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Plots leanvpn-bench --json output (PNG, gnuplot):
#   OUTDIR/throughput.png  payload Gbit/s by packet size and cipher: the
#                          engine (solid, min..max bars over rounds) and the
#                          raw OpenSSL ceiling (dashed)
#   OUTDIR/ratio.png       engine / ceiling by packet size and cipher, with
#                          issue 7's 0.85 target
# usage: bench/plot.sh RESULTS.json [OUTDIR]   (OUTDIR defaults to .)
set -eu
in=${1:?usage: plot.sh RESULTS.json [OUTDIR]}
out=${2:-.}
command -v gnuplot >/dev/null || { echo "plot.sh: gnuplot not found" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# One gnuplot data block per cipher: x, label, engine med/min/max, ceiling
# med/min/max, ratio med/min/max; and the cipher names for the keys.
python3 - "$in" "$tmp/data" "$tmp/meta" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
data = [r for r in rows if r.get("kind") == "data"]
if not data:
    sys.exit("plot.sh: no data rows in " + sys.argv[1])
ciphers, sizes = [], []
for r in data:
    if r["cipher"] not in ciphers:
        ciphers.append(r["cipher"])
    s = str(r["size"])
    if s not in sizes:
        sizes.append(s)
sizes.sort(key=lambda s: (s == "mix", int(s) if s != "mix" else 0))
with open(sys.argv[2], "w") as f:
    for c in ciphers:
        f.write("# %s\n" % c)
        for i, s in enumerate(sizes):
            for r in data:
                if r["cipher"] == c and str(r["size"]) == s:
                    lab = "mix (%.0f B avg)" % r["payload_avg"] if s == "mix" else s + " B"
                    f.write('%d "%s" %g %g %g %g %g %g %g %g %g\n' % (
                        i, lab, r["gbps"], r["gbps_min"], r["gbps_max"],
                        r["ceiling_gbps"], r["ceiling_gbps_min"], r["ceiling_gbps_max"],
                        r["ratio_to_ceiling"], r["ratio_min"], r["ratio_max"]))
        f.write("\n\n")
with open(sys.argv[3], "w") as f:
    f.write('n = %d\nnsizes = %d\nnames = "%s"\n' % (len(ciphers), len(sizes), " ".join(ciphers)))
PY

cat >"$tmp/plot.gp" <<GP
load "$tmp/meta"
set terminal pngcairo size 1000,600 noenhanced font ",11"
set grid ytics
set key top left
set xrange [-0.4:nsizes-0.6]
set xlabel "TUN packet size"
set linetype 1 lc rgb "#1f77b4" lw 2 pt 7
set linetype 2 lc rgb "#ff7f0e" lw 2 pt 5
set linetype 3 lc rgb "#2ca02c" lw 2 pt 9
set linetype 4 lc rgb "#d62728" lw 2 pt 11

set output "$out/throughput.png"
set title "leanvpn in-memory data channel, one core (seal + open per packet): engine vs raw OpenSSL ceiling"
set ylabel "payload Gbit/s"
set yrange [0:*]
plot for [i=0:n-1] "$tmp/data" index i using 1:3:4:5:xtic(2) with yerrorlines lt i+1 title word(names, i+1)." engine", \
     for [i=0:n-1] "$tmp/data" index i using 1:6 with lines lt i+1 dt 2 title word(names, i+1)." ceiling"

set output "$out/ratio.png"
set key bottom right
set title "engine / raw OpenSSL ceiling (median of per-round ratios, min..max bars)"
set ylabel "ratio to ceiling"
set yrange [0:1.5]
plot for [i=0:n-1] "$tmp/data" index i using 1:9:10:11:xtic(2) with yerrorlines lt i+1 title word(names, i+1), \
     0.85 with lines lc rgb "black" dt 3 title "issue 7 target 0.85"
GP
gnuplot "$tmp/plot.gp"
