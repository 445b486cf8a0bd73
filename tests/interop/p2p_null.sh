#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# OpenVPN's null device (`dev null`), as its loopback samples use it: a
# peer-to-peer TLS link with no TUN device, where what the tunnel carries
# is dropped.  leanvpn as tls-client against openvpn's tls-server and the
# other way round, over the veth pair, with ping 1 / ping-restart 4 on
# both sides: both log "Initialization Sequence Completed", stay up for 8
# seconds (so keepalives are sealed, sent, opened and taken both ways: a
# dropped or undecryptable keepalive would fire ping-restart), no TUN device
# appears in leanvpn's namespace, and leanvpn exits 0 on SIGTERM.  Then the
# refusals: dev null with pull, with ifconfig, in a server.
. "$(dirname "$0")/lib.sh"
lv_require_client
lv_netns_pair
lv_pki rsa

# conf FILE tls-server|tls-client PEER
conf() {
	if [ "$2" = tls-server ]; then who=server; else who=client; fi
	cat >"$1" <<EOC
dev null
proto udp
remote $3 $LV_PORT
lport $LV_PORT
$2
ca $LV_PKI/ca.crt
cert $LV_PKI/$who.crt
key $LV_PKI/$who.key
ping 1
ping-restart 4
verb 4
EOC
	[ "$2" = tls-server ] && echo "dh none" >>"$1"
	[ "$2" = tls-client ] && echo "remote-cert-tls server" >>"$1"
	return 0
}

# run NAME SERVER_IMPL CLIENT_IMPL: the tls-server in $LV_NS_S, the
# tls-client in $LV_NS_C; the leanvpn side's PID in $lpid
run() {
	conf "$LV_TMP/$1-s.conf" tls-server 198.18.0.2
	conf "$LV_TMP/$1-c.conf" tls-client 198.18.0.1
	for side in s c; do
		ns=$LV_NS_S impl=$2
		[ $side = c ] && ns=$LV_NS_C impl=$3
		bin=openvpn
		[ "$impl" = leanvpn ] && bin=$LV_LEANVPN
		lv_bg "$ns" "$LV_TMP/$1-$side.log" "$bin" --config "$LV_TMP/$1-$side.conf"
		eval "pid_$side=\$LV_LASTPID"
	done
	for side in s c; do
		lv_wait_for 30 grep -q "Initialization Sequence Completed" "$LV_TMP/$1-$side.log" ||
			{ tail -n 30 "$LV_TMP/$1-s.log" "$LV_TMP/$1-c.log"; lv_fail "$1: the $side side did not complete"; }
	done
	sleep 8
	for side in s c; do
		log=$LV_TMP/$1-$side.log
		eval "pid=\$pid_$side"
		lv_exited "$pid" && { tail -n 30 "$log"; lv_fail "$1: the $side side exited"; }
		grep -q "Inactivity timeout\|process restarting\|SIGUSR1" "$log" &&
			{ tail -n 30 "$log"; lv_fail "$1: the $side side restarted: keepalives did not cross"; }
	done
	lpid=$pid_s lns=$LV_NS_S
	[ "$3" = leanvpn ] && lpid=$pid_c lns=$LV_NS_C
	ip -n "$lns" -o link show type tun | grep -q . && lv_fail "$1: a TUN device was opened for dev null"
	grep -q "null device: no TUN/TAP device opened" "$LV_TMP/$1-$([ "$3" = leanvpn ] && echo c || echo s).log" ||
		lv_fail "$1: leanvpn did not say it opened no device"
	kill -TERM "$lpid"
	lv_exit_status "$lpid"
	[ "$LV_STATUS" = 0 ] || lv_fail "$1: leanvpn exit status $LV_STATUS after SIGTERM"
	lv_stop "$pid_s"
	lv_stop "$pid_c"
	lv_log "PASS $1: dev null, up 8 s with keepalives both ways, no device"
}

run lv-client openvpn leanvpn
run lv-server leanvpn openvpn

# the refusals, with what 2.6 would fail on at start
refuse() {
	name=$1 want=$2
	shift 2
	conf "$LV_TMP/r.conf" tls-client 198.18.0.1
	printf '%s\n' "$@" >>"$LV_TMP/r.conf"
	"$LV_LEANVPN" --config "$LV_TMP/r.conf" --check-config >/dev/null 2>"$LV_TMP/r.err" &&
		lv_fail "$name: accepted"
	grep -q "$want" "$LV_TMP/r.err" || { cat "$LV_TMP/r.err"; lv_fail "$name: not the expected refusal"; }
}
refuse pull "has no device for the addresses a server pushes" pull
refuse ifconfig "option 'ifconfig': 'dev null' has no device" "ifconfig 10.1.0.1 10.1.0.2"
lv_log "PASS refusals: dev null with pull, with ifconfig"
lv_log "PASS"
