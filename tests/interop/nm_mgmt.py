#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""A management client that speaks as NetworkManager-openvpn's service does
(src/nm-openvpn-service.c): it connects to the unix socket, retrying every
200 ms up to 30 times; answers ">PASSWORD:Need 'Auth' ..." with
'username "Auth" "U"' and 'password "Auth" "P"' in one write, escaping
blank, backslash and double quote with a backslash; answers "Need 'Private
Key'" with 'password "Private Key" "P"'; after ">PASSWORD:Verification
Failed: 'Auth'" it drops the password and uses the next one given (NM's
interactive mode asks the user again).  It sends nothing else.

With --drive it also does what a GUI does (over TCP with a password, or
unix): `state on`, `hold release` on >HOLD, waits for CONNECTED, then
`bytecount 1`, `status`, `state all`, `log all`, `pid`, `auth-retry`,
`signal SIGUSR1`
(and waits for a second CONNECTED), `signal SIGTERM`.

With --state-on it only asks for real-time state and echo (`state on`,
`echo on`) first and releases holds.

Every line received is written to --out; it exits when the daemon closes
the connection, or after --timeout seconds."""
import argparse
import os
import socket
import sys
import time


def quote(s):
    """NetworkManager's ovpn_quote_string()"""
    return "".join("\\" + ch if ch in ' \\"' else ch for ch in s)


def dial(args):
    for _ in range(30):
        try:
            if args.unix:
                s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                s.connect(args.unix)
            else:
                s = socket.create_connection((args.tcp[0], int(args.tcp[1])))
            return s
        except OSError:
            s.close()
            time.sleep(0.2)
    sys.exit("nm_mgmt: could not open the management socket")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--unix")
    ap.add_argument("--tcp", nargs=2)
    ap.add_argument("--login")
    ap.add_argument("--user", default="")
    ap.add_argument("--password", action="append", default=[])
    ap.add_argument("--key-password")
    ap.add_argument("--drive", action="store_true")
    ap.add_argument("--state-on", action="store_true")
    ap.add_argument("--out", required=True)
    ap.add_argument("--timeout", type=float, default=60)
    args = ap.parse_args()

    s = dial(args)
    out = open(args.out, "w", buffering=1)
    pws = list(args.password)
    buf = b""
    end = time.time() + args.timeout
    connected = 0
    step = 0

    def send(text):
        out.write("<< " + text.replace("\n", "\\n") + "\n")
        s.sendall(text.encode())

    if args.login is not None:
        while b"ENTER PASSWORD:" not in buf and time.time() < end:
            buf += s.recv(4096)
        buf = buf.replace(b"ENTER PASSWORD:", b"", 1)
        out.write("ENTER PASSWORD:\n")
        send(args.login + "\n")
    if args.drive:
        send("state on\n")
    elif args.state_on:
        send("state on\necho on\n")
    s.settimeout(0.5)
    while time.time() < end:
        while b"\n" not in buf:
            try:
                chunk = s.recv(4096)
            except socket.timeout:
                chunk = None
                break
            if not chunk:
                out.write("-- closed\n")
                return 0
            buf += chunk
        if b"\n" not in buf:
            continue
        line, buf = buf.split(b"\n", 1)
        line = line.rstrip(b"\r").decode(errors="replace")
        out.write(line + "\n")
        if line.startswith(">PASSWORD:Need 'Auth'"):
            if not pws:
                out.write("-- no password left\n")
                continue
            send('username "Auth" "%s"\npassword "Auth" "%s"\n' % (quote(args.user), quote(pws[0])))
        elif line.startswith(">PASSWORD:Need 'Private Key'"):
            send('password "Private Key" "%s"\n' % quote(args.key_password or ""))
        elif line.startswith(">PASSWORD:Verification Failed: 'Auth'"):
            if pws:
                pws.pop(0)
        elif (args.drive or args.state_on) and line.startswith(">HOLD:"):
            send("hold release\n")
        elif args.drive and ",CONNECTED,SUCCESS," in line and line.startswith(">STATE:"):
            connected += 1
            if connected == 1:
                send("bytecount 1\n")
            else:
                send("signal SIGTERM\n")
        elif args.drive and line.startswith(">BYTECOUNT:") and step == 0:
            step = 1
            send("bytecount 0\nstatus\nstate all\nlog all\npid\nauth-retry\nsignal SIGUSR1\n")
    out.write("-- timeout\n")
    return 1


if __name__ == "__main__":
    sys.exit(main())
