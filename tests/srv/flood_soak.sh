#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# A soak of the UDP server: connect/disconnect cycles and renegotiations.
# tests/srv/loadgen connects a batch of real client engines (tls-crypt),
# which renegotiate every 2 s (reneg-sec) while held 3 s, then each sends
# its explicit-exit-notify; the batches follow one another.  Between
# batches the server must be back to 0 clients (management load-stats;
# within 25 s: a client whose exit notification is lost times out, and
# how many did is reported).
# After the first batch (the warm-up: buffers and caches) the server's
# count of open file descriptors (/proc/PID/fd) must not change, and its
# VmRSS must grow by less than 1 MB over the second half of the batches
# (allocator caches fill in the first half; a leak grows all along); at the end
# SIGTERM must stop it with status 0 (in the sanitizer build,
# --enable-sanitizers, LeakSanitizer then reports any leak and fails it).
#   default: 10 batches of 30 (300 cycles); LVPN_LONG=1: 100 batches of
#   100 (10^4 cycles); SOAK_BATCHES / SOAK_CLIENTS override.
. "$(dirname "$0")/../interop/lib.sh"
. "$(dirname "$0")/../server/srvlib.sh"
sm_require
loadgen="$top_builddir/tests/srv/loadgen"
[ -x "$loadgen" ] || lv_fail "tests/srv/loadgen not built"
B=10 C=30
[ -n "${LVPN_LONG:-}" ] && B=100 C=100
B=${SOAK_BATCHES:-$B} C=${SOAK_CLIENTS:-$C}
lv_netns_pair
lv_pki rsa
lv_keys
rss() { sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$1/status"; }
fds() { ls "/proc/$1/fd" | wc -l; }
nclients() { sm_chat "load-stats" | sed -n 's/^SUCCESS: nclients=\([0-9]*\),.*/\1/p'; }
no_clients() { [ "$(nclients)" = 0 ]; }
{
	sm_server_conf udp tls-crypt
	# (the later keepalive wins)
	printf '%s\n' "keepalive 2 10" duplicate-cn "max-clients $((C + 16))" \
		"connect-freq-initial 100000 10" "management $LV_TMP/m.sock unix" "verb 3"
} >"$LV_TMP/s.conf"
# a small quarantine, so that VmRSS under AddressSanitizer means something
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=1
export ASAN_OPTIONS
sm_server s "$LV_TMP/s.conf"
srv=$SM_SRV
lv_wait_for 5 test -S "$LV_TMP/m.sock" || lv_fail "no management socket"
t0=$(date +%s)
reneg=0 b=1 series=
while [ "$b" -le "$B" ]; do
	# (loadgen, a test tool, keeps its TLS context to the end)
	ASAN_OPTIONS=detect_leaks=0 LOADGEN_RENEG=2 LOADGEN_EXIT=1 ip netns exec "$LV_NS_C" timeout 120 "$loadgen" "$LV_LINK_S" 1194 "$C" 3 \
		"$LV_PKI/ca.crt" "$LV_PKI/client.crt" "$LV_PKI/client.key" "$LV_TMP/tc.key" \
		>"$LV_TMP/lg.out" 2>&1 || { cat "$LV_TMP/lg.out"; tail -20 "$LV_TMP/s.log"; lv_fail "batch $b: loadgen failed"; }
	r=$(sed -n 's/^renegotiated //p' "$LV_TMP/lg.out")
	reneg=$((reneg + ${r:-0}))
	# (an exit notification lost: the client times out within 20 s)
	lv_wait_for 25 no_clients || lv_fail "batch $b: $(nclients) clients left 25 s after their exit notifications"
	lv_exited "$srv" && { tail -20 "$LV_TMP/s.log"; lv_fail "batch $b: the server died"; }
	if [ "$b" = 1 ]; then
		fd1=$(fds "$srv") rss1=$(rss "$srv")
	fi
	[ "$b" = $((B / 2 + 1)) ] && rssh=$(rss "$srv")
	series="$series $(rss "$srv")"
	b=$((b + 1))
done
fdn=$(fds "$srv") rssn=$(rss "$srv")
t1=$(date +%s)
[ "$reneg" -ge $((B * C)) ] || lv_fail "only $reneg renegotiations in $((B * C)) sessions"
[ "$fdn" = "$fd1" ] || { ls -l "/proc/$srv/fd"; lv_fail "open descriptors: $fd1 after the first batch, $fdn at the end"; }
lv_log "VmRSS after each batch (kB):$series"
exits=$(grep -c ": Exit message received by peer" "$LV_TMP/s.log")
lv_log "$exits of $((B * C)) clients left by their exit notification, the others by timeout"
kill -TERM "$srv"
lv_exit_status "$srv" 30
grep -q "LeakSanitizer\|AddressSanitizer" "$LV_TMP/s.log" && { grep -A20 "Sanitizer" "$LV_TMP/s.log" | head -40; lv_fail "sanitizer report"; }
[ "$LV_STATUS" = 0 ] || { tail -20 "$LV_TMP/s.log"; lv_fail "server exit status $LV_STATUS"; }
# a leak grows with every batch: the second half must not add 1 MB
[ $((rssn - rssh)) -lt 1024 ] || lv_fail "VmRSS grew from $rssh to $rssn kB over the second half"
lv_log "$((B * C)) connect/disconnect cycles in $B batches of $C ($((t1 - t0)) s), $reneg renegotiations: descriptors $fd1 -> $fdn, VmRSS $rss1 -> $rssh -> $rssn kB, clean exit"
lv_log "PASS"
