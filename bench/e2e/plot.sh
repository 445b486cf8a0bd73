#!/bin/sh
# Plots bench/e2e/run.sh's JSON lines (PNG, gnuplot): one panel per
# transport, Gbit/s median with min..max bars per test (streams x direction),
# one bar per pairing; failed cells are left empty.
# usage: bench/e2e/plot.sh [RESULTS.jsonl] [OUT.png]
#        (defaults: bench/e2e/results.jsonl, bench/e2e/e2e.png)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
in=${1:-$here/results.jsonl}
out=${2:-$here/e2e.png}
command -v gnuplot >/dev/null || { echo "plot.sh: gnuplot not found" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# $tmp/udp.dat, $tmp/tcp.dat: label then median/min/max for ll lo ol oo
python3 - "$in" "$tmp" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
pairs = ["ll", "lo", "ol", "oo"]
for tr in ("udp", "tcp"):
    with open("%s/%s.dat" % (sys.argv[2], tr), "w") as f:
        tests = []
        for r in rows:
            t = (r["streams"], r["direction"])
            if r["transport"] == tr and t not in tests:
                tests.append(t)
        tests.sort()
        for st, d in tests:
            lab = "P%d %s" % (st, "-R" if d == "rev" else "fwd")
            vals = []
            for p in pairs:
                c = [r for r in rows if r["transport"] == tr and r["streams"] == st
                     and r["direction"] == d and r["pairing"] == p]
                if c and c[0]["status"] != "failed":
                    vals += [c[0]["median_gbps"], c[0]["min"], c[0]["max"]]
                else:
                    vals += ["NaN"] * 3
            f.write('"%s" %s\n' % (lab, " ".join(str(v) for v in vals)))
# the plot commands: only pairings and transports with at least one number
names = {"ll": "leanvpn -> leanvpn", "lo": "leanvpn -> OpenVPN",
         "ol": "OpenVPN -> leanvpn", "oo": "OpenVPN -> OpenVPN"}
colors = {"ll": "#1b9e77", "lo": "#66a61e", "ol": "#7570b3", "oo": "#d95f02"}
with open("%s/plots.gp" % sys.argv[2], "w") as g:
    for tr in ("udp", "tcp"):
        have = [i for i, p in enumerate(pairs)
                if any(r["transport"] == tr and r["pairing"] == p and r["status"] != "failed" for r in rows)]
        if not have:
            continue
        parts = []
        for n, i in enumerate(have):
            c = 2 + 3 * i
            src = '"%s/%s.dat"' % (sys.argv[2], tr) if n == 0 else '""'
            parts.append('%s using %d:%d:%d%s title "%s" lc rgb "%s"' % (
                src, c, c + 1, c + 2, ":xtic(1)" if n == 0 else "", names[pairs[i]], colors[pairs[i]]))
        g.write('set title "transport %s"\nplot %s\n' % (tr.upper(), ", ".join(parts)))
PY

cat >"$tmp/plot.gp" <<GP
set terminal pngcairo size 1200,500 noenhanced font ",10"
set output "$out"
set multiplot layout 1,2 title "iperf3 through the tunnel, AES-256-GCM + tls-crypt, median with min..max (client -> server)"
set style data histogram
set style histogram errorbars gap 2 lw 1
set style fill solid 0.8 border -1
set ylabel "Gbit/s"
set yrange [0:*]
set grid ytics
set key below
load "$tmp/plots.gp"
unset multiplot
GP
gnuplot "$tmp/plot.gp"
echo "plot.sh: wrote $out"
