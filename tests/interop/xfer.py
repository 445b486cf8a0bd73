#!/usr/bin/env python3
"""Interop transfer helper: one TCP connection, a file each way, sha256.

serve ADDR PORT FILE READYFILE: listens, accepts one connection, sends FILE
  while reading what the peer sends until EOF; prints the received sha256.
fetch ADDR PORT FILE: connects, sends FILE then half-closes, reads until EOF;
  prints the received sha256.
Both directions run at once (a thread sends), bounded by a 60 s timeout.
"""
import hashlib
import socket
import sys
import threading


def pump(sock, path, shut):
    with open(path, "rb") as f:
        while True:
            chunk = f.read(65536)
            if not chunk:
                break
            sock.sendall(chunk)
    if shut:
        sock.shutdown(socket.SHUT_WR)


def drain(sock):
    h = hashlib.sha256()
    n = 0
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            break
        h.update(chunk)
        n += len(chunk)
    return h.hexdigest(), n


def main():
    mode, addr, port, path = sys.argv[1:5]
    fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
    if mode == "serve":
        ls = socket.socket(fam, socket.SOCK_STREAM)
        ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        ls.bind((addr, int(port)))
        ls.listen(1)
        ls.settimeout(60)
        open(sys.argv[5], "w").close()
        sock, _ = ls.accept()
    else:
        sock = socket.create_connection((addr, int(port)), timeout=60)
    sock.settimeout(60)
    t = threading.Thread(target=pump, args=(sock, path, True))
    t.start()
    digest, n = drain(sock)
    t.join()
    sock.close()
    print("received %d bytes" % n)
    print("received sha256 " + digest)


main()
