#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Prints the TCP MSS option of one SYN seen on a network device.

synmss.py IFACE PORT syn|synack READYFILE SECONDS

Listens on IFACE (an AF_PACKET socket, so it sees Ethernet frames of a tap
device), creates READYFILE once listening, and prints the MSS option of
the first IPv4/IPv6 TCP segment with SYN set (syn: to PORT, without ACK;
synack: from PORT, with ACK).  Exits 1 with a message when none was seen
within SECONDS.
"""
import os
import socket
import struct
import sys
import time

IFACE, PORT, KIND, READY, SECS = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], float(sys.argv[5])


def mss_of(frame):
    """The MSS of a matching SYN in an Ethernet frame, else None."""
    if len(frame) < 14:
        return None
    etype = struct.unpack("!H", frame[12:14])[0]
    ip = frame[14:]
    if etype == 0x0800 and len(ip) >= 20 and ip[9] == 6:
        tcp = ip[(ip[0] & 15) * 4:]
    elif etype == 0x86DD and len(ip) >= 40 and ip[6] == 6:
        tcp = ip[40:]
    else:
        return None
    if len(tcp) < 20:
        return None
    sport, dport = struct.unpack("!HH", tcp[0:4])
    flags = tcp[13]
    want = (dport == PORT and flags & 0x12 == 0x02) if KIND == "syn" else (sport == PORT and flags & 0x12 == 0x12)
    if not want:
        return None
    opts = tcp[20:(tcp[12] >> 4) * 4]
    i = 0
    while i < len(opts):
        kind = opts[i]
        if kind == 0:
            break
        if kind == 1:
            i += 1
            continue
        if i + 1 >= len(opts) or opts[i + 1] < 2:
            break
        if kind == 2 and opts[i + 1] == 4 and i + 4 <= len(opts):
            return struct.unpack("!H", opts[i + 2:i + 4])[0]
        i += opts[i + 1]
    return 0


s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(3))
s.bind((IFACE, 0))
open(READY, "w").close()
deadline = time.monotonic() + SECS
while True:
    left = deadline - time.monotonic()
    if left <= 0:
        print("no %s for port %d on %s in %g s" % (KIND, PORT, IFACE, SECS))
        sys.exit(1)
    s.settimeout(left)
    try:
        m = mss_of(s.recv(65536))
    except socket.timeout:
        continue
    if m is not None:
        print(m)
        sys.exit(0)
