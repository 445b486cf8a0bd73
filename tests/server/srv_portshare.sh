#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# --port-share HOST PORT DIR on a leanvpn TCP server, as OpenVPN 2.6: a
# connection whose first bytes are not an OpenVPN client's goes to the web
# server at HOST:PORT (a python http.server in the server namespace), both
# ways (a 1 MiB download and a 1 MiB upload arrive intact); while it lasts
# DIR holds a file named after the relay's address toward HOST:PORT that
# names the real client, removed when it ends; stock openvpn clients
# (tls-crypt: a HARD_RESET_CLIENT_V2 first packet; tls-crypt-v2: V3) on the
# same port still get their tunnel.  A flood of idle foreign connections
# fills the relay table (LVPN_PS_MAX): the rest are refused, a VPN client
# still connects, and the table is free again once they are gone.
. "$(dirname "$0")/../interop/lib.sh"
. "$(dirname "$0")/srvlib.sh"
sm_require
command -v curl >/dev/null || { lv_log "SKIP: no curl"; exit 77; }
command -v python3 >/dev/null || { lv_log "SKIP: no python3"; exit 77; }
sm_topo 1
sm_pki 1
lv_keys
NS=$(sm_ns 1)
W="$LV_TMP/www"
J="$LV_TMP/journal"
mkdir -p "$W" "$J"
echo "port-share page $$" >"$W/index.html"
head -c 1048576 /dev/urandom >"$W/big.bin"
head -c 1048576 /dev/urandom >"$LV_TMP/up.bin"

# the web server: files from $W, and PUT answers the body's sha256
cat >"$LV_TMP/web.py" <<'EOT'
import hashlib, http.server, sys
class H(http.server.SimpleHTTPRequestHandler):
    def do_PUT(self):
        n = int(self.headers.get("Content-Length", "0"))
        h = hashlib.sha256()
        while n > 0:
            b = self.rfile.read(min(n, 65536))
            if not b:
                break
            h.update(b)
            n -= len(b)
        body = h.hexdigest().encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
d = sys.argv[1]
http.server.ThreadingHTTPServer(("127.0.0.1", 8080),
                                lambda *a: H(*a, directory=d)).serve_forever()
EOT
# a client that holds its request open until $2 exists: its own address
# goes to $1 first; the reply to stdout
cat >"$LV_TMP/hold.py" <<'EOT'
import os, socket, sys, time
s = socket.create_connection(("198.18.1.1", 1194), timeout=20)
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write("%s:%d" % s.getsockname()[:2])
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
s.sendall(b"GET /index.html HTTP/1.0\r\n")
for _ in range(100):
    if os.path.exists(sys.argv[2]):
        break
    time.sleep(0.2)
s.sendall(b"\r\n")
while True:
    b = s.recv(65536)
    if not b:
        break
    sys.stdout.buffer.write(b)
EOT
# N idle foreign connections, held until $1 exists (at most 30 s)
cat >"$LV_TMP/flood.py" <<'EOT'
import os, socket, sys, time
conns = []
for _ in range(int(sys.argv[2])):
    s = socket.create_connection(("198.18.1.1", 1194), timeout=10)
    s.sendall(b"GET / HTTP/1.1\r\n")
    conns.append(s)
    time.sleep(0.02)
print("open", len(conns), flush=True)
for _ in range(150):
    if os.path.exists(sys.argv[1]):
        break
    time.sleep(0.2)
EOT
lv_bg "$LV_NS_S" "$LV_TMP/web.log" python3 "$LV_TMP/web.py" "$W"
lv_wait_for 10 ip netns exec "$LV_NS_S" curl -sf http://127.0.0.1:8080/index.html ||
	{ cat "$LV_TMP/web.log"; lv_fail "the web server did not start"; }

URL=http://198.18.1.1:1194
web() { ip netns exec "$NS" curl -sS --max-time 20 "$@"; }
sha() { sha256sum "$1" | cut -d' ' -f1; }

for wrap in tls-crypt tls-crypt-v2; do
	{
		sm_server_conf tcp-server "$wrap"
		echo "port-share 127.0.0.1 8080 $J"
	} >"$LV_TMP/s-$wrap.conf"
	sm_server "s-$wrap" "$LV_TMP/s-$wrap.conf"

	got=$(web "$URL/index.html") || { tail -20 "$SM_SRV_LOG"; lv_fail "$wrap: curl through the VPN port failed"; }
	[ "$got" = "port-share page $$" ] || lv_fail "$wrap: got '$got' instead of the page"
	web -o "$LV_TMP/big.got" "$URL/big.bin" || lv_fail "$wrap: download failed"
	[ "$(sha "$LV_TMP/big.got")" = "$(sha "$W/big.bin")" ] || lv_fail "$wrap: 1 MiB download differs"
	got=$(web -T "$LV_TMP/up.bin" "$URL/up") || lv_fail "$wrap: upload failed"
	[ "$got" = "$(sha "$LV_TMP/up.bin")" ] || lv_fail "$wrap: 1 MiB upload arrived as $got"
	grep -q "Non-OpenVPN client protocol detected" "$SM_SRV_LOG" || lv_fail "$wrap: not logged"
	lv_log "$wrap: the page, 1 MiB down and 1 MiB up through the VPN port, intact"

	sm_ovpn "c-$wrap" 1 tcp "$wrap"
	sm_wait_up "c-$wrap"
	SM_DEV_1=$(sm_dev "c-$wrap")
	sm_xfer 256 198.19.0.1 1
	lv_log "$wrap: a stock openvpn client on the same port has its tunnel"
	lv_stop "$SM_PID_1"
	lv_stop "$SM_SRV"
done

# DIR: a file per relayed connection naming the client, while it lasts
sm_server s-dir "$LV_TMP/s-tls-crypt.conf"
lv_bg "$NS" "$LV_TMP/hold.out" python3 "$LV_TMP/hold.py" "$LV_TMP/hold.addr" "$LV_TMP/hold.go"
HOLD=$LV_LASTPID
lv_wait_for 10 test -f "$LV_TMP/hold.addr" || { cat "$LV_TMP/hold.out"; lv_fail "the holding client did not connect"; }
one_file() { [ "$(ls "$J" | wc -l)" = 1 ]; }
lv_wait_for 10 one_file || { ls -l "$J"; tail -20 "$SM_SRV_LOG"; lv_fail "no file in DIR for the relayed connection"; }
name=$(ls "$J")
case $name in
127.0.0.1:[0-9]*) ;;
*) lv_fail "DIR file named '$name', not the relay's address toward 127.0.0.1" ;;
esac
ip netns exec "$LV_NS_S" ss -tn | grep -q "$name *127.0.0.1:8080" ||
	{ ip netns exec "$LV_NS_S" ss -tn; lv_fail "no connection from $name to the web server"; }
[ "$(cat "$J/$name")" = "$(cat "$LV_TMP/hold.addr")" ] ||
	lv_fail "DIR file says '$(cat "$J/$name")', the client is $(cat "$LV_TMP/hold.addr")"
touch "$LV_TMP/hold.go"
lv_exit_status "$HOLD" 20
grep -q "port-share page $$" "$LV_TMP/hold.out" || lv_fail "the held request got no page"
empty() { [ -z "$(ls "$J")" ]; }
lv_wait_for 10 empty || lv_fail "DIR file left after the connection ended: $(ls "$J")"
lv_log "DIR: $name held $(cat "$LV_TMP/hold.addr") while the connection lasted, then removed"

# the relay table is bounded; a full one refuses more, not VPN clients
lv_bg "$NS" "$LV_TMP/flood.out" python3 "$LV_TMP/flood.py" "$LV_TMP/flood.go" 40
FLOOD=$LV_LASTPID
lv_wait_for 20 grep -q "^open 40" "$LV_TMP/flood.out" || { cat "$LV_TMP/flood.out"; lv_fail "flood did not open"; }
lv_wait_for 10 grep -q "connections relayed already: refused" "$SM_SRV_LOG" ||
	{ tail -20 "$SM_SRV_LOG"; lv_fail "40 idle connections were all relayed"; }
relayed=$(ip netns exec "$LV_NS_S" ss -tn state established '( dport = :8080 )' | grep -c 127.0.0.1)
[ "$relayed" -le 32 ] || lv_fail "$relayed connections relayed at once"
sm_ovpn c-flood 1 tcp tls-crypt
sm_wait_up c-flood
lv_stop "$SM_PID_1"
touch "$LV_TMP/flood.go"
lv_exit_status "$FLOOD" 40
relayed_now() { [ "$(ip netns exec "$LV_NS_S" ss -tn state established '( dport = :8080 )' | grep -c 127.0.0.1)" = 0 ]; }
lv_wait_for 10 relayed_now || lv_fail "relays left open after the flood's connections closed"
got=$(web "$URL/index.html") || lv_fail "no relay after the flood"
[ "$got" = "port-share page $$" ] || lv_fail "after the flood: '$got'"
lv_log "flood: $relayed relayed at once, the rest refused; a VPN client connected; all closed after"
lv_stop "$SM_SRV"
lv_log "PASS"
