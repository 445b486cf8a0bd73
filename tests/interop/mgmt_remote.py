#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""A management client for --management-query-remote and
--management-query-proxy: connects to the unix socket (retrying every
200 ms, 30 times), answers each ">REMOTE:host,port,proto" line with the
answer given for that host (--answer HOST=ACCEPT, HOST=SKIP, "HOST=MOD
newhost newport"; ACCEPT when none) and each ">PROXY:..." line with
"proxy " + --proxy (NONE when not given), writes every line received and
sent to --out, and exits when the daemon closes the connection or after
--timeout seconds."""
import argparse
import socket
import sys
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--unix", required=True)
    ap.add_argument("--answer", action="append", default=[])
    ap.add_argument("--proxy", default="NONE")
    ap.add_argument("--out", required=True)
    ap.add_argument("--timeout", type=float, default=60)
    args = ap.parse_args()
    answers = dict(a.split("=", 1) for a in args.answer)
    for _ in range(30):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            s.connect(args.unix)
            break
        except OSError:
            s.close()
            time.sleep(0.2)
    else:
        sys.exit("mgmt_remote: could not open the management socket")
    out = open(args.out, "w", buffering=1)
    end = time.time() + args.timeout
    s.settimeout(0.5)
    buf = b""
    while time.time() < end:
        try:
            chunk = s.recv(4096)
        except socket.timeout:
            continue
        if not chunk:
            out.write("-- closed\n")
            return 0
        buf += chunk
        while b"\n" in buf:
            line, buf = buf.split(b"\n", 1)
            line = line.rstrip(b"\r").decode(errors="replace")
            out.write(line + "\n")
            if line.startswith(">REMOTE:"):
                host = line[len(">REMOTE:"):].split(",")[0]
                reply = "remote %s\n" % answers.get(host, "ACCEPT")
            elif line.startswith(">PROXY:"):
                reply = "proxy %s\n" % args.proxy
            else:
                continue
            out.write("<< " + reply)
            s.sendall(reply.encode())
    out.write("-- timeout\n")
    return 1


if __name__ == "__main__":
    sys.exit(main())
