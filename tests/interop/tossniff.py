#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
# tossniff.py IFACE PORT SECONDS TOS: counts the IPv4 UDP datagrams to PORT
# seen on IFACE within SECONDS (at most 1000) and prints "tos=N other=M":
# how many carried the TOS byte TOS (decimal or 0x..) and how many not.
import socket
import struct
import sys
import time

iface, port, secs, want = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4], 0)
s = socket.socket(socket.AF_PACKET, socket.SOCK_DGRAM, socket.htons(0x0800))
s.bind((iface, 0))
s.settimeout(0.2)
hit = other = 0
end = time.monotonic() + secs
while time.monotonic() < end and hit + other < 1000:
    try:
        pkt = s.recv(2048)
    except socket.timeout:
        continue
    if len(pkt) < 28 or pkt[0] >> 4 != 4 or pkt[9] != 17:
        continue
    ihl = (pkt[0] & 15) * 4
    if len(pkt) < ihl + 4 or struct.unpack("!H", pkt[ihl + 2:ihl + 4])[0] != port:
        continue
    if pkt[1] == want:
        hit += 1
    else:
        other += 1
print("tos=%d other=%d" % (hit, other))
