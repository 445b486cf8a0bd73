#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""A small HTTP CONNECT proxy with Digest authentication (RFC 2617) for
the interop tests: Debian's tinyproxy has no Digest.

digestproxy.py ADDR PORT USER PASS [ALGORITHM]

A CONNECT without a valid "Proxy-Authorization: Digest ..." gets a 407
offering only Digest (a fresh nonce, qop "auth", the given algorithm,
MD5 by default, and an opaque value) and the connection is closed, as
OpenVPN 2.6 expects; one with a valid answer (a nonce this proxy issued,
the uri equal to the CONNECT target, the response recomputed here, the
opaque echoed) is connected and relayed.  MD5-sess is checked as OpenVPN
2.6 computes it (over HA1's raw bytes).  Every decision is printed on
standard output.  Bounded: 64 clients at most, idle ones closed after
120 s.
"""
import hashlib
import os
import proxypump
import re
import socket
import sys

ADDR, PORT = sys.argv[1], int(sys.argv[2])
USER, PASS = sys.argv[3], sys.argv[4]
ALGO = sys.argv[5] if len(sys.argv) > 5 else "MD5"
REALM = "leanvpn test"
OPAQUE = os.urandom(8).hex()
IDLE = 120
nonces = set()


def log(*a):
    print(*a, flush=True)


def md5(b):
    return hashlib.md5(b)


def expected(p, method):
    ha1 = md5(("%s:%s:%s" % (USER, REALM, PASS)).encode())
    if ALGO.lower() == "md5-sess":
        ha1 = md5(ha1.digest() + (":%s:%s" % (p["nonce"], p["cnonce"])).encode())
    ha2 = md5(("%s:%s" % (method, p["uri"])).encode()).hexdigest()
    return md5(("%s:%s:%s:%s:%s:%s" % (ha1.hexdigest(), p["nonce"], p["nc"], p["cnonce"],
                                      p["qop"], ha2)).encode()).hexdigest()


def check(value, target):
    """'' when the Digest answer is right, else why not."""
    if not value.startswith("Digest "):
        return "not Digest"
    p = dict((m.group(1).lower(), m.group(2) if m.group(2) is not None else m.group(3))
             for m in re.finditer(r'(\w+)=(?:"([^"]*)"|([^,\s]+))', value[7:]))
    for k in ("username", "realm", "nonce", "uri", "qop", "nc", "cnonce", "response"):
        if k not in p:
            return "no " + k
    if p["username"] != USER or p["realm"] != REALM:
        return "wrong user or realm"
    if p["nonce"] not in nonces:
        return "a nonce we did not issue"
    if p["uri"] != target:
        return "uri %r is not the target %r" % (p["uri"], target)
    if p.get("opaque") != OPAQUE:
        return "opaque not echoed"
    if p["response"] != expected(p, "CONNECT"):
        return "wrong response"
    return ""


def client(c):
    c.settimeout(IDLE)
    head = b""
    while b"\r\n\r\n" not in head:
        d = c.recv(4096)
        if not d or len(head) > 16384:
            return
        head += d
    lines = head.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    method, target = lines[0].split(" ")[:2]
    auth = ""
    for ln in lines[1:]:
        k, _, v = ln.partition(":")
        if k.strip().lower() == "proxy-authorization":
            auth = v.strip()
    if method != "CONNECT":
        c.sendall(b"HTTP/1.0 405 Method Not Allowed\r\n\r\n")
        return
    why = check(auth, target) if auth else "no Proxy-Authorization"
    if why:
        nonce = os.urandom(16).hex()
        nonces.add(nonce)
        log("digest 407 for %s: %s" % (target, why))
        c.sendall(("HTTP/1.0 407 Proxy Authentication Required\r\n"
                   "Proxy-Authenticate: Digest realm=\"%s\", qop=\"auth\", "
                   "nonce=\"%s\", opaque=\"%s\", algorithm=%s\r\n"
                   "Content-Length: 0\r\n\r\n" % (REALM, nonce, OPAQUE, ALGO)).encode())
        return
    host, port = target.rsplit(":", 1)
    up = socket.create_connection((host, int(port)), timeout=10)
    log("digest ok for %s, CONNECT %s" % (USER, target))
    c.sendall(b"HTTP/1.0 200 Connection established\r\n\r\n")
    up.settimeout(None)
    c.settimeout(None)
    proxypump.pump(c, up, IDLE)
    up.close()


proxypump.serve(ADDR, PORT, "listening on %s:%d (Digest, %s)" % (ADDR, PORT, ALGO), client)
