#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
# dfsniff.py IFACE PORT SECONDS: counts the IPv4 UDP datagrams to PORT seen
# on IFACE within SECONDS (at most 1000), and prints "df=N nodf=M": how
# many carried the Don't Fragment bit and how many did not.
# dfsniff.py IFACE PORT SECONDS TOS: the same count, printed "tos=N
# other=M": how many carried the TOS byte TOS (decimal or 0x..) and how
# many did not (client_passtos.sh).
import socket
import struct
import sys
import time

iface, port, secs = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
tos = int(sys.argv[4], 0) if len(sys.argv) > 4 else None
s = socket.socket(socket.AF_PACKET, socket.SOCK_DGRAM, socket.htons(0x0800))
s.bind((iface, 0))
s.settimeout(0.2)
df = nodf = 0
end = time.monotonic() + secs
while time.monotonic() < end and df + nodf < 1000:
    try:
        pkt = s.recv(2048)
    except socket.timeout:
        continue
    if len(pkt) < 28 or pkt[0] >> 4 != 4 or pkt[9] != 17:
        continue
    ihl = (pkt[0] & 15) * 4
    if len(pkt) < ihl + 4 or struct.unpack("!H", pkt[ihl + 2:ihl + 4])[0] != port:
        continue
    if pkt[1] == tos if tos is not None else struct.unpack("!H", pkt[6:8])[0] & 0x4000:
        df += 1
    else:
        nodf += 1
print(("tos=%d other=%d" if tos is not None else "df=%d nodf=%d") % (df, nodf))
