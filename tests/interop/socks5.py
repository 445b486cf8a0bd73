#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""A small SOCKS5 proxy for the interop tests (RFC 1928, RFC 1929).

socks5.py ADDR PORT [USER PASS]

CONNECT (IPv4, domain name, IPv6 destinations) and UDP ASSOCIATE (the
relay listens on ADDR, an ephemeral port), no authentication or, with
USER and PASS, username/password only.  Every decision is printed on
standard output so that the test can show the proxy carried the traffic.
Bounded: 64 clients at most, idle connections closed after 120 s.
"""
import proxypump
import select
import socket
import struct
import sys

ADDR, PORT = sys.argv[1], int(sys.argv[2])
CREDS = (sys.argv[3].encode(), sys.argv[4].encode()) if len(sys.argv) > 4 else None
IDLE = 120


def log(*a):
    print(*a, flush=True)


def recvn(s, n):
    b = b""
    while len(b) < n:
        c = s.recv(n - len(b))
        if not c:
            raise EOFError("closed")
        b += c
    return b


def read_addr(s, atyp):
    if atyp == 1:
        return socket.inet_ntop(socket.AF_INET, recvn(s, 4))
    if atyp == 4:
        return socket.inet_ntop(socket.AF_INET6, recvn(s, 16))
    if atyp == 3:
        return recvn(s, recvn(s, 1)[0]).decode()
    raise ValueError("address type %d" % atyp)


def reply(s, rep, host="0.0.0.0", port=0):
    s.sendall(b"\x05" + bytes([rep]) + b"\x00\x01" + socket.inet_aton(host) + struct.pack("!H", port))


def pump(a, b):
    proxypump.pump(a, b, IDLE)


def udp_relay(ctrl):
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.bind((ADDR, 0))
    host, port = u.getsockname()
    reply(ctrl, 0, host, port)
    log("UDP ASSOCIATE relay %s:%d" % (host, port))
    client = None
    n_up = n_down = 0
    try:
        while True:
            r, _, _ = select.select([u, ctrl], [], [], IDLE)
            if not r or ctrl in r and not ctrl.recv(1):
                return
            if u not in r:
                continue
            d, src = u.recvfrom(65536)
            if client is None or src == client:
                client = src
                if len(d) < 10 or d[:3] != b"\x00\x00\x00" or d[3] != 1:
                    log("UDP: dropped a datagram with a bad header")
                    continue
                dst = (socket.inet_ntoa(d[4:8]), struct.unpack("!H", d[8:10])[0])
                u.sendto(d[10:], dst)
                n_up += 1
                if n_up == 1:
                    log("UDP first datagram to %s:%d" % dst)
            else:
                hdr = b"\x00\x00\x00\x01" + socket.inet_aton(src[0]) + struct.pack("!H", src[1])
                u.sendto(hdr + d, client)
                n_down += 1
    finally:
        log("UDP association closed: %d up, %d down" % (n_up, n_down))
        u.close()


def serve(c):
    c.settimeout(IDLE)
    ver, n = recvn(c, 2)
    methods = recvn(c, n)
    want = 2 if CREDS else 0
    if ver != 5 or want not in methods:
        c.sendall(b"\x05\xff")
        log("refused: methods %s" % list(methods))
        return
    c.sendall(bytes([5, want]))
    if CREDS:
        v, ul = recvn(c, 2)
        user = recvn(c, ul)
        pw = recvn(c, recvn(c, 1)[0])
        if (user, pw) != CREDS:
            c.sendall(b"\x01\x01")
            log("auth failed for %r" % user.decode(errors="replace"))
            return
        c.sendall(b"\x01\x00")
        log("auth ok for %s" % user.decode())
    ver, cmd, _, atyp = recvn(c, 4)
    host = read_addr(c, atyp)
    port = struct.unpack("!H", recvn(c, 2))[0]
    if cmd == 1:
        try:
            t = socket.create_connection((host, port), timeout=10)
        except OSError as e:
            log("CONNECT %s:%d failed: %s" % (host, port, e))
            reply(c, 5)
            return
        log("CONNECT %s:%d" % (host, port))
        reply(c, 0)
        c.settimeout(None)
        pump(c, t)
        t.close()
    elif cmd == 3:
        udp_relay(c)
    else:
        reply(c, 7)


proxypump.serve(ADDR, PORT, "listening on %s:%d%s" % (ADDR, PORT, " (username/password)" if CREDS else ""),
                serve)
