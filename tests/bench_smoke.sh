#!/bin/sh
# Smoke test of bench/leanvpn-bench (never a speed assertion: a test does
# not fail because the machine is slow).  For each cipher, a tiny run with
# --json: the program exits 0, every line is a JSON object, the data rows
# say the decrypt check passed and that the data phase made no heap
# allocation, and the handshake row is there.
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
exit $fail
