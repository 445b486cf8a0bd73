#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Plots bench/e2e/run.sh's JSON lines (PNG, gnuplot): one column of panels
# per transport; top: Gbit/s median with min..max bars, middle: the ratio
# to the ceiling of the same run, bottom: VPN CPU seconds per GB (all the
# VPN processes of the cell); per test (streams x direction, then the
# four-client cells) one bar per pairing and one for the ceiling.  In the "4 clients" groups a pairing's bar is one server
# with four clients of that kind, and the ceiling's bar is its 4-stream
# figure.  Failed or absent cells are left empty.
# usage: bench/e2e/plot.sh [RESULTS.jsonl] [OUT.png]
#        (defaults: bench/e2e/results.jsonl, bench/e2e/e2e.png)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
in=${1:-$here/results.jsonl}
out=${2:-$here/e2e.png}
command -v gnuplot >/dev/null || { echo "plot.sh: gnuplot not found" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# $tmp/TRANSPORT.dat: label, then median/min/max/cpu/x ceiling per slot; $tmp/plots.gp:
# the panels (only transports and slots with at least one number)
python3 - "$in" "$tmp" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
tmp = sys.argv[2]
slots = ["ll", "tl", "lo", "to", "ol", "ot", "oo", "nt"]
names = {"ll": "leanvpn -> leanvpn", "lo": "leanvpn -> OpenVPN",
         "ol": "OpenVPN -> leanvpn", "oo": "OpenVPN -> OpenVPN",
         "tl": "leanvpn (data-threads 2) -> leanvpn",
         "to": "leanvpn (data-threads 2) -> OpenVPN",
         "ot": "OpenVPN -> leanvpn (data-threads 2)",
         "nt": "ceiling (minimal AES-256-GCM tunnel, offloads)"}
colors = {"ll": "#1b9e77", "lo": "#66a61e", "ol": "#7570b3", "oo": "#d95f02", "nt": "#999999",
          "tl": "#8dd3c7", "to": "#b3de69", "ot": "#bebada"}
ok = {(r["pairing"], r["transport"], r["streams"], r["direction"]): r
      for r in rows if r["status"] != "failed"}
trs = [t for t in ("udp", "tcp") if any(r["transport"] == t for r in rows)]
panels = []
for tr in trs:
    tests = sorted({(r["streams"], r["direction"]) for r in rows
                    if r["transport"] == tr and r.get("kind", "pair") != "server4"})
    groups = [("P%d %s" % (st, "-R" if d == "rev" else "fwd"),
               [(p, tr, st, d) for p in slots]) for st, d in tests]
    for d in ("fwd", "rev"):
        if any(r["transport"] == tr and r.get("kind") == "server4" and r["direction"] == d for r in rows):
            groups.append(("4 clients %s" % ("-R" if d == "rev" else "fwd"),
                           [("nt", tr, 4, d) if p == "nt" else (p + "4", tr, 4, d)
                            for p in slots]))
    used = set()
    have = {"gbps": False, "cpu": False, "ceil": False}
    with open("%s/%s.dat" % (tmp, tr), "w") as f:
        for lab, keys in groups:
            vals = []
            for i, k in enumerate(keys):
                c = ok.get(k)
                if c:
                    used.add(i)
                    vals += [c["median_gbps"], c["min"], c["max"], c.get("cpu_seconds_per_gb") or "NaN",
                             c.get("ratio_to_ceiling") or "NaN"]
                    have["gbps"] = True
                    have["cpu"] |= bool(c.get("cpu_seconds_per_gb"))
                    have["ceil"] |= bool(c.get("ratio_to_ceiling"))
                else:
                    vals += ["NaN"] * 5
            f.write('"%s" %s\n' % (lab, " ".join(str(v) for v in vals)))
    if used:
        panels.append((tr, sorted(used), have))
# rows: Gbit/s always, the others when some panel has a figure for them
rows_ = [w for w in ("gbps", "ceil", "cpu") if any(h[w] for _, _, h in panels)]
with open("%s/plots.gp" % tmp, "w") as g:
    g.write("set multiplot layout %d,%d title \"iperf3 through the tunnel, AES-256-GCM + tls-crypt, "
            "median with min..max (client -> server); '4 clients': one server with four clients "
            "of that kind, one stream each (ceiling: 4 streams)\"\n" % (len(rows_), max(len(panels), 1)))
    for row in rows_:
        for tr, used, have in panels:
            if not have[row]:
                g.write("set multiplot next\n")
                continue
            parts = []
            for n, i in enumerate(used):
                c = 2 + 5 * i
                src = '"%s/%s.dat"' % (tmp, tr) if n == 0 else '""'
                cols = {"gbps": "%d:%d:%d" % (c, c + 1, c + 2), "cpu": "%d" % (c + 3),
                        "ceil": "%d" % (c + 4)}[row]
                parts.append('%s using %s%s title "%s" lc rgb "%s"' % (
                    src, cols, ":xtic(1)" if n == 0 else "", names[slots[i]], colors[slots[i]]))
            if row == "gbps":
                g.write('set style histogram errorbars gap 2 lw 1\nset ylabel "Gbit/s"\n'
                        'set title "transport %s"\n' % tr.upper())
            elif row == "ceil":
                g.write('set style histogram clustered gap 2\nset ylabel "x ceiling"\n'
                        'set title "transport %s: ratio to the ceiling of the same run"\n' % tr.upper())
            else:
                g.write('set style histogram clustered gap 2\nset ylabel "VPN CPU s per GB"\n'
                        'set title "transport %s: CPU per GB (lower is better)"\n' % tr.upper())
            g.write("plot %s\n" % ", ".join(parts))
    g.write("unset multiplot\n")
with open("%s/nrows" % tmp, "w") as f:
    f.write("%d\n" % len(rows_))
PY

height=$(($(cat "$tmp/nrows") * 430 + 40))
cat >"$tmp/plot.gp" <<GP
set terminal pngcairo size 1400,$height noenhanced font ",10"
set output "$out"
set style data histogram
set style fill solid 0.8 border -1
set yrange [0:*]
set grid ytics
set key below
load "$tmp/plots.gp"
GP
gnuplot "$tmp/plot.gp"
echo "plot.sh: wrote $out"
