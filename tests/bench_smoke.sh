#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Smoke test of bench/leanvpn-bench (never a speed assertion: a test does
# not fail because the machine is slow).  For each cipher, a tiny run with
# --json: the program exits 0, every line is a JSON object, the data rows
# say the decrypt check passed and that the data phase made no heap
# allocation, and the handshake row is there.
# Then the plumbing of the end-to-end benchmark (bench/e2e), without
# running it: its report on small synthetic raw files (ratios to OpenVPN
# and to the ceiling, "not measured" without a ceiling, a failed cell shown
# as failed and never as a figure), its plot when gnuplot is there, and
# run.sh refusing an unknown cell.
set -u
bin="${top_builddir:-.}/bench/leanvpn-bench"
pki="${top_srcdir:-.}/tests/data/pki"
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT

fail=0
for cipher in AES-256-GCM AES-128-GCM CHACHA20-POLY1305 AES-256-CBC; do
	out="$tmp/$cipher.json"
	if ! "$bin" --pki "$pki" --cipher "$cipher" --packets 800 --rounds 3 \
		--handshakes 2 --json >"$out" 2>"$tmp/err"; then
		echo "FAIL: $cipher: leanvpn-bench exited non-zero"; cat "$tmp/err"; fail=1
		continue
	fi
	if ! command -v python3 >/dev/null 2>&1; then
		# no python3: the same checks, less strictly, with grep
		n=$(grep -c '^{"kind":"data","cipher":"'"$cipher"'",.*"heap_allocs":0,.*"decrypt_check":"ok",' "$out")
		h=$(grep -c '^{"kind":"handshake",.*"handshakes":2,' "$out")
		if [ "$n" != 4 ] || [ "$h" != 1 ]; then
			echo "FAIL: $cipher: want 4 clean data rows and 1 handshake row:"; cat "$out"; fail=1
		else
			echo "ok: $cipher (grep check)"
		fi
		continue
	fi
	if ! python3 - "$cipher" "$out" <<'PY'
import json, sys
cipher, path = sys.argv[1], sys.argv[2]
rows = [json.loads(l) for l in open(path) if l.strip()]
data = [r for r in rows if r.get("kind") == "data"]
hs = [r for r in rows if r.get("kind") == "handshake"]
ok = True
def bad(msg):
    global ok
    print("FAIL: %s: %s" % (cipher, msg)); ok = False
if len(data) != 4:
    bad("want 4 data rows (64, 512, 1400, mix), got %d" % len(data))
for r in data:
    if r["cipher"] != cipher:
        bad("negotiated %s" % r["cipher"])
    if r["decrypt_check"] != "ok" or r["packets_compared"] <= 0:
        bad("decrypt check: %s" % r)
    if r["heap_allocs"] != 0:
        bad("size %s: %d heap allocations in the data phase" % (r["size"], r["heap_allocs"]))
    for k in ("gbps", "pps", "ns_per_packet", "ceiling_gbps", "ratio_to_ceiling"):
        if not (r[k] > 0):
            bad("size %s: %s = %r" % (r["size"], k, r[k]))
    if r["packets"] < 800:
        bad("ran only %d packets" % r["packets"])
if len(hs) != 1 or hs[0]["handshakes"] != 2 or not hs[0]["per_sec"] > 0:
    bad("handshake row: %r" % hs)
if ok:
    print("ok: %s: %s" % (cipher, ", ".join("%s%s %.2f Gbit/s (ratio %.2f)" %
          (r["size"], "" if r["size"] == "mix" else " B", r["gbps"], r["ratio_to_ceiling"])
          for r in data)))
sys.exit(0 if ok else 1)
PY
	then
		fail=1
	fi
done

# A wrong PKI directory is a clear error, not a crash.
if "$bin" --pki "$tmp/nothing" --packets 10 >/dev/null 2>"$tmp/err"; then
	echo "FAIL: a missing PKI was accepted"; fail=1
fi
grep -q "no test PKI" "$tmp/err" || { echo "FAIL: no message for a missing PKI"; fail=1; }
# bench/e2e: report.py on synthetic raw measurements (columns: cell
# transport streams dir rep status gbps cpu_s tun_bytes iperf_bytes wall_s
# retransmits-or-reason drops server_cpu_s)
e2e="${top_srcdir:-.}/bench/e2e"
if command -v python3 >/dev/null 2>&1; then
	t=$(printf '\t')
	{
		echo "ll${t}udp${t}1${t}fwd${t}1${t}ok${t}1.0000${t}2.000${t}1000000000${t}900000000${t}4.000${t}10${t}0,0,0,0,0,5${t}0.500"
		echo "ll${t}udp${t}1${t}fwd${t}2${t}ok${t}1.2000${t}2.000${t}1000000000${t}900000000${t}4.000${t}12${t}0,0,0,0,0,7${t}0.500"
		echo "lo${t}udp${t}1${t}fwd${t}1${t}fail${t}0${t}0${t}0${t}0${t}0${t}server did not start: boom"
		echo "oo${t}udp${t}1${t}fwd${t}1${t}ok${t}0.5000${t}4.000${t}1000000000${t}900000000${t}4.000${t}3${t}0,0,0,0,0,1${t}2.000"
		echo "ll4${t}udp${t}4${t}fwd${t}1${t}ok${t}2.0000${t}3.000${t}2000000000${t}1900000000${t}4.000${t}20${t}0,0,0,0,0,9${t}1.000"
		echo "oo4${t}udp${t}4${t}fwd${t}1${t}ok${t}1.0000${t}6.000${t}2000000000${t}1900000000${t}4.000${t}5${t}0,0,0,0,0,2${t}4.000"
	} >"$tmp/noceil.tsv"
	cp "$tmp/noceil.tsv" "$tmp/ceil.tsv"
	echo "nt${t}udp${t}1${t}fwd${t}1${t}ok${t}4.0000${t}1.000${t}1000000000${t}900000000${t}4.000${t}0${t}0,0,0,0,0,0${t}0.400" >>"$tmp/ceil.tsv"
	echo "nt${t}udp${t}4${t}fwd${t}1${t}ok${t}5.0000${t}1.000${t}1000000000${t}900000000${t}4.000${t}0${t}0,0,0,0,0,0${t}0.400" >>"$tmp/ceil.tsv"
	for c in ceil noceil; do
		python3 "$e2e/report.py" "$tmp/$c.tsv" "$tmp/$c.jsonl" 4 1 >"$tmp/$c.md" 2>&1
		echo $? >"$tmp/$c.rc"
	done
	if ! python3 - "$tmp" <<'PY'
import json, sys
tmp = sys.argv[1]
ok = True
def bad(msg):
    global ok
    print("FAIL: e2e report: %s" % msg); ok = False
def rows(name):
    try:
        return {(r["pairing"], r["streams"]): r for r in map(json.loads, open("%s/%s.jsonl" % (tmp, name)))}
    except Exception as e:
        bad("%s: no JSON lines: %s: %s" % (name, e, open("%s/%s.md" % (tmp, name)).read()[-400:]))
        return {}
def want(r, k, v):
    if r.get(k) != v:
        bad("%s/%s %s = %r, want %r" % (r.get("pairing"), r.get("streams"), k, r.get(k), v))
c, n = rows("ceil"), rows("noceil")
for name in ("ceil", "noceil"):
    if open("%s/%s.rc" % (tmp, name)).read().strip() != "1":
        bad("%s: a failed cell must make the exit status 1" % name)
if c:
    ll, ll4, lo = c[("ll", 1)], c[("ll4", 4)], c[("lo", 1)]
    want(ll, "median_gbps", 1.1)
    want(ll, "ratio_to_openvpn", 2.2)
    want(ll, "ratio_to_ceiling", 0.275)
    want(ll, "cpu_seconds_per_gb", 2.0)
    want(ll, "server_cpu_seconds_per_gb", 0.5)
    want(ll, "cpu_ratio_to_openvpn", 0.5)
    want(ll4, "kind", "server4")
    want(ll4, "ratio_to_openvpn", 2.0)
    want(ll4, "ratio_to_ceiling", 0.4)
    want(ll4, "server_cpu_ratio_to_openvpn", 0.25)
    want(c[("nt", 1)], "ratio_to_ceiling", 1.0)
    want(lo, "status", "failed")
    for k in ("median_gbps", "ratio_to_openvpn", "ratio_to_ceiling"):
        if lo.get(k) is not None:
            bad("the failed cell has %s = %r" % (k, lo[k]))
    md = open("%s/ceil.md" % tmp).read()
    line = [l for l in md.splitlines() if l.startswith("| leanvpn -> OpenVPN |")]
    if len(line) != 1 or "FAILED: server did not start: boom" not in line[0] or "0.000" in line[0]:
        bad("the failed cell's table row: %r" % line)
    if "not measured" in md.split("server CPU")[0] or "| 0.28 |" not in md:
        bad("the ceiling's ratio is not in the table:\n" + md)
if n:
    want(n[("ll", 1)], "ratio_to_ceiling", None)
    want(n[("ll", 1)], "ratio_to_openvpn", 2.2)
    md = open("%s/noceil.md" % tmp).read()
    ll = [l for l in md.splitlines() if l.startswith("| leanvpn -> leanvpn |")]
    if len(ll) != 1 or ll[0].split("|")[8].strip() != "not measured":
        bad("without a ceiling the x ceiling column must say 'not measured': %r" % ll)
if ok:
    print("ok: e2e report: ratios to OpenVPN and to the ceiling, 'not measured', a failed cell")
sys.exit(0 if ok else 1)
PY
	then
		fail=1
	fi
	if command -v gnuplot >/dev/null 2>&1 && [ -s "$tmp/ceil.jsonl" ]; then
		if sh "$e2e/plot.sh" "$tmp/ceil.jsonl" "$tmp/e2e.png" >"$tmp/plot.out" 2>&1 &&
			[ "$(head -c 4 "$tmp/e2e.png" | od -An -c | tr -d ' ')" = "211PNG" ]; then
			echo "ok: e2e plot"
		else
			echo "FAIL: e2e plot:"; cat "$tmp/plot.out"; fail=1
		fi
	else
		echo "e2e plot not checked (no gnuplot)"
	fi
else
	echo "e2e report not checked (no python3)"
fi
# run.sh refuses an unknown cell before it needs root or starts anything
"$e2e/run.sh" --cells "ll zz" >"$tmp/run.out" 2>&1
rc=$?
if [ "$rc" != 2 ] || ! grep -q "unknown cell 'zz'" "$tmp/run.out"; then
	echo "FAIL: e2e run.sh --cells 'll zz': exit $rc:"; cat "$tmp/run.out"; fail=1
else
	echo "ok: e2e run.sh refuses an unknown cell"
fi
exit $fail
