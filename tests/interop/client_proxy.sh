#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# http-proxy and socks-proxy against openvpn 2.6, through real proxies in
# the server's namespace: Debian's tinyproxy (HTTP CONNECT, without and
# with BasicAuth), tests/interop/digestproxy.py (HTTP CONNECT with
# Digest, which tinyproxy lacks) and tests/interop/socks5.py (SOCKS5
# CONNECT and UDP ASSOCIATE, without and with username/password, from a
# file or typed).  The openvpn server listens on 127.0.0.1 only, so the
# client reaches it through the proxy or not at all.  Each case runs leanvpn, then stock openvpn 2.6 as the
# reference client with the same profile; each must carry bytes through
# the tunnel exactly, and the proxy's log must show the connection.
# A wrong proxy password: no tunnel, and the log says so as 2.6's does.
# PROXY_CASES (an extended regex) runs only the cases whose names match.
. "$(dirname "$0")/lib.sh"
lv_require_client
command -v tinyproxy >/dev/null || lv_fail "tinyproxy not installed (README: dependencies)"
command -v python3 >/dev/null || lv_fail "python3 not installed"
lv_netns_pair
lv_pki rsa
P=$LV_LINK_S
sel=${PROXY_CASES:-.}
want() { echo "$1" | grep -Eq "$sel"; }

# tinyproxy NAME PORT [USER PASS]: in the server namespace, foreground,
# its own config file, stopped by PID at the end.
tinyproxy_start() {
	{
		echo "Port $2"
		echo "Listen $P"
		echo "Timeout 120"
		echo "MaxClients 16"
		echo "LogLevel Connect"
		echo "Allow 198.18.0.0/30"
		echo "ConnectPort $LV_PORT"
		[ $# -gt 2 ] && echo "BasicAuth $3 $4"
	} >"$LV_TMP/$1.conf"
	lv_bg "$LV_NS_S" "$LV_TMP/$1.log" tinyproxy -d -c "$LV_TMP/$1.conf"
	lv_wait_for 10 sh -c "ip netns exec $LV_NS_S ss -ltn | grep -q '$P:$2 '" ||
		{ cat "$LV_TMP/$1.log"; lv_fail "tinyproxy $1 did not listen"; }
}

# pyproxy_start NAME SCRIPT ARGS...: one of the test's own proxies
# (tests/interop/SCRIPT) in the server namespace on $P.
pyproxy_start() {
	name=$1 script=$2
	shift 2
	lv_bg "$LV_NS_S" "$LV_TMP/$name.log" python3 -B "$top_srcdir/tests/interop/$script" "$P" "$@"
	lv_wait_for 10 grep -q listening "$LV_TMP/$name.log" ||
		{ cat "$LV_TMP/$name.log"; lv_fail "proxy $name did not listen"; }
}
socks_start() {
	name=$1
	shift
	pyproxy_start "$name" socks5.py "$@"
}

# run WHO CASE PROTO PROXYLOG PROXYRE [PROFILE LINES...]: WHO (leanvpn or
# openvpn) connects with the profile; tunnel proven, 2 MB each way,
# PROXYLOG grows a line matching PROXYRE, the server saw the proxy.
run() {
	who=$1 case=$2 proto=$3 plog=$4 pre=$5
	shift 5
	want "$case" || return 0
	pf="$LV_TMP/$case-$who.ovpn"
	lv_profile "$pf" "$proto" "connect-retry 1" "$@"
	sed -i "s|^remote .*|remote 127.0.0.1 $LV_PORT|" "$pf"
	before=$(grep -cE "$pre" "$plog")
	if [ -n "${RUN_STDIN:-}" ]; then
		# typed answers on stdin, no controlling terminal (setsid): the
		# prompts go to the log, as without a tty
		bin=openvpn
		[ "$who" = leanvpn ] && bin=$LV_LEANVPN
		LV_CLI_LOG="$LV_TMP/$case-$who.log"
		lv_bg "$LV_NS_C" "$LV_CLI_LOG" sh -c 'exec setsid "$@" <"$0"' "$RUN_STDIN" \
			"$bin" --config "$pf"
		LV_CLI=$LV_LASTPID
	elif [ "$who" = leanvpn ]; then
		lv_client "$case-$who" "$pf"
	else
		LV_CLI_LOG="$LV_TMP/$case-$who.log"
		lv_bg "$LV_NS_C" "$LV_CLI_LOG" openvpn --config "$pf"
		LV_CLI=$LV_LASTPID
	fi
	if [ -n "${MGMT_SOCK:-}" ]; then
		timeout 40 python3 "$LV_TMP/answer.py" "$MGMT_SOCK" "$MGMT_KIND" "$MGMT_UP" \
			"$MGMT_PW" >"$LV_TMP/$case-$who.mgmt" 2>&1 ||
			{ cat "$LV_TMP/$case-$who.mgmt"; lv_dump; lv_fail "$case ($who): management dialogue"; }
	fi
	lv_wait_up 30
	[ "$(grep -cE "$pre" "$plog")" -gt "$before" ] ||
		{ cat "$plog"; lv_dump; lv_fail "$case ($who): the proxy log has no new '$pre'"; }
	lv_prove_tunnel "$LV_NS_C" "$LV_DEV" 198.19.0.1 50000
	lv_xfer 198.19.0.1 2
	lv_stop_client
	lv_log "PASS $case with $who"
}

printf 'proxyuser\nproxy-secret\n' >"$LV_TMP/http-up.txt"
printf 'proxyuser\nwrong-secret\n' >"$LV_TMP/http-bad.txt"
printf 'sockuser\nsock-secret\n' >"$LV_TMP/socks-up.txt"

# ---- TCP: the server on 127.0.0.1 only
lv_server srv-tcp tcp-server "local 127.0.0.1"
tinyproxy_start tp-open 8888
tinyproxy_start tp-auth 8889 proxyuser proxy-secret
socks_start socks-open 1080
socks_start socks-auth 1081 sockuser sock-secret

for who in leanvpn openvpn; do
	run "$who" http-noauth tcp "$LV_TMP/tp-open.log" "127.0.0.1:$LV_PORT" \
		"http-proxy $P 8888" "http-proxy-option AGENT leanvpn-test" "http-proxy-option VERSION 1.1"
	run "$who" http-basic tcp "$LV_TMP/tp-auth.log" "127.0.0.1:$LV_PORT" \
		"http-proxy $P 8889 $LV_TMP/http-up.txt basic"
	run "$who" socks-tcp tcp "$LV_TMP/socks-open.log" "CONNECT 127.0.0.1:$LV_PORT" \
		"socks-proxy $P 1080"
	run "$who" socks-auth-tcp tcp "$LV_TMP/socks-auth.log" "auth ok for sockuser" \
		"socks-proxy $P 1081 $LV_TMP/socks-up.txt"
done
# socks-proxy ... stdin: the username and password typed on the console
# (here stdin without a terminal), 2.6's prompts; leanvpn only: openvpn
# 2.6 will not ask when neither stdin nor stderr is a tty (the management
# case below has it as the reference)
RUN_STDIN="$LV_TMP/socks-up.txt"
run leanvpn socks-stdin tcp "$LV_TMP/socks-auth.log" "auth ok for sockuser" \
	"socks-proxy $P 1081 stdin"
! want socks-stdin || grep -q "Enter SOCKS Proxy Password:" "$LV_TMP/socks-stdin-leanvpn.log" ||
	lv_fail "socks-stdin: no password prompt"
RUN_STDIN=
# Digest (RFC 2617) with auto and auto-nct, as 2.6 answers it: through
# tests/interop/digestproxy.py (tinyproxy has no Digest), MD5 and
# MD5-sess; the first CONNECT gets the 407, the second (a new
# connection) carries the answer the proxy recomputes
pyproxy_start dg-md5 digestproxy.py 8890 proxyuser proxy-secret MD5
pyproxy_start dg-sess digestproxy.py 8891 proxyuser proxy-secret MD5-sess
for who in leanvpn openvpn; do
	run "$who" http-digest tcp "$LV_TMP/dg-md5.log" "digest ok for proxyuser" \
		"http-proxy $P 8890 auto" "http-proxy-user-pass $LV_TMP/http-up.txt"
	run "$who" http-digest-sess tcp "$LV_TMP/dg-sess.log" "digest ok for proxyuser" \
		"http-proxy $P 8891 auto-nct" "http-proxy-user-pass $LV_TMP/http-up.txt"
done
# http-proxy-override: every TCP connection through that proxy (auto)
for who in leanvpn openvpn; do
	run "$who" http-override tcp "$LV_TMP/tp-open.log" "127.0.0.1:$LV_PORT" \
		"http-proxy-override $P 8888"
done
# the credentials as an inline block, with auto: Basic after the 407
pf="$LV_TMP/http-inline.ovpn"
run leanvpn http-inline tcp "$LV_TMP/tp-auth.log" "127.0.0.1:$LV_PORT" \
	"http-proxy $P 8889 auto" "<http-proxy-user-pass>" "proxyuser" "proxy-secret" \
	"</http-proxy-user-pass>"
! want http-inline || grep -q "Proxy requires authentication" "$LV_TMP/http-inline-leanvpn.log" ||
	lv_fail "http auto: the 407 before Basic was not seen"

# no credentials but --management-query-passwords: the client asks
# ">PASSWORD:Need 'HTTP Proxy' username/password" and uses the answer
cat >"$LV_TMP/answer.py" <<'EOP'
import socket, sys, time
end = time.time() + 30
while True:
    try:
        s = socket.socket(socket.AF_UNIX)
        s.connect(sys.argv[1])
        break
    except OSError:
        if time.time() > end:
            sys.exit("no management socket")
        time.sleep(0.2)
s.settimeout(30)
buf = b""
kind, user, pw = sys.argv[2], sys.argv[3], sys.argv[4]
need = (">PASSWORD:Need '%s' username/password" % kind).encode()
while need not in buf:
    d = s.recv(4096)
    if not d:
        sys.exit("management closed: %r" % buf)
    buf += d
print(need.decode())
s.sendall(('username "%s" %s\npassword "%s" %s\n' % (kind, user, kind, pw)).encode())
while buf.count(b"SUCCESS:") < 2:
    d = s.recv(4096)
    if not d:
        sys.exit("management closed: %r" % buf)
    buf += d
print("answered")
EOP
# mgmt_case CASE PROXYLOG PROXYRE PROXYLINE: both clients, asked on the
# management interface for $MGMT_KIND's username/password
mgmt_case() {
	for who in leanvpn openvpn; do
		MGMT_SOCK="$LV_TMP/mgmt-$who.sock"
		run "$who" "$1" tcp "$2" "$3" "$4" "management $MGMT_SOCK unix" \
			"management-query-passwords"
		! want "$1" || grep -q "Need '$MGMT_KIND'" "$LV_TMP/$1-$who.mgmt" ||
			lv_fail "$1 ($who): not asked on the management interface"
	done
	MGMT_SOCK=
}
MGMT_KIND="HTTP Proxy" MGMT_UP=proxyuser MGMT_PW=proxy-secret
mgmt_case http-mgmt "$LV_TMP/tp-auth.log" "127.0.0.1:$LV_PORT" "http-proxy $P 8889 stdin basic"
# the same for socks-proxy ... stdin: ">PASSWORD:Need 'SOCKS Proxy' ..."
MGMT_KIND="SOCKS Proxy" MGMT_UP=sockuser MGMT_PW=sock-secret
mgmt_case socks-mgmt "$LV_TMP/socks-auth.log" "auth ok for sockuser" "socks-proxy $P 1081 stdin"

# wrong password: each client tries, gets 407 and gives up after
# connect-retry-max 1, without a tunnel; both log the refusal
for who in leanvpn openvpn; do
	want http-bad || break
	pf="$LV_TMP/http-bad-$who.ovpn"
	lv_profile "$pf" tcp "connect-retry 1" "connect-retry-max 1" "verb 4" \
		"http-proxy $P 8889 $LV_TMP/http-bad.txt basic"
	sed -i "s|^remote .*|remote 127.0.0.1 $LV_PORT|" "$pf"
	LV_CLI_LOG="$LV_TMP/http-bad-$who.log"
	if [ "$who" = leanvpn ]; then
		lv_client "http-bad-$who" "$pf"
	else
		lv_bg "$LV_NS_C" "$LV_CLI_LOG" openvpn --config "$pf"
		LV_CLI=$LV_LASTPID
	fi
	lv_exit_status "$LV_CLI" 40
	[ "$LV_STATUS" != timeout ] || { lv_dump; lv_fail "wrong proxy password ($who): still running"; }
	grep -q "Initialization Sequence Completed" "$LV_CLI_LOG" &&
		{ lv_dump; lv_fail "wrong proxy password ($who): connected"; }
	# tinyproxy answers a wrong password with 401 (no password: 407)
	grep -Eq "HTTP proxy returned bad status|Proxy requires authentication" "$LV_CLI_LOG" ||
		{ lv_dump; lv_fail "wrong proxy password ($who): the refusal is not logged"; }
	lv_log "PASS wrong proxy password with $who: exit $LV_STATUS, '$(grep -E 'HTTP proxy returned|authentication failed' "$LV_CLI_LOG" | tail -1 | sed 's/.*\(HTTP proxy\)/\1/' | cut -c1-140)'"
done
! want http-bad || grep -q "HTTP proxy: authentication failed" "$LV_TMP/http-bad-leanvpn.log" ||
	lv_fail "wrong proxy password: leanvpn did not say the proxy refused the credentials"
lv_stop "$LV_SRV"

# ---- UDP through SOCKS5 UDP ASSOCIATE: the server on 127.0.0.1 only
lv_server srv-udp udp "local 127.0.0.1"
for who in leanvpn openvpn; do
	run "$who" socks-udp udp "$LV_TMP/socks-open.log" "UDP first datagram to 127.0.0.1:$LV_PORT" \
		"socks-proxy $P 1080"
	run "$who" socks-auth-udp udp "$LV_TMP/socks-auth.log" "UDP first datagram to 127.0.0.1:$LV_PORT" \
		"socks-proxy $P 1081 $LV_TMP/socks-up.txt"
done
lv_log "PASS"
