#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Writes the seed corpus of fuzz_offload: TUN reads with a virtio_net_hdr
(little-endian host order) in front of TCP/UDP super-packets and plain
packets, built the way the kernel hands them over (the transport checksum
field of a NEEDS_CSUM packet holds the pseudo-header sum).
Usage: gen_offload_seeds.py DIR"""
import os
import struct
import sys

NEEDS_CSUM = 1
NONE, TCPV4, TCPV6, UDP_L4, ECN = 0, 1, 4, 5, 0x80


def fold(s):
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return s


def csum(b, s=0):
    if len(b) % 2:
        b += b"\0"
    for i in range(0, len(b), 2):
        s += b[i] << 8 | b[i + 1]
    return s


def ip(v6, proto, l4len, ident=7):
    if v6:
        return (struct.pack("!IHBB", 0x60012345, l4len, proto, 64)
                + bytes.fromhex("fd00" + "00" * 13 + "02")
                + bytes.fromhex("fd00" + "00" * 13 + "01"))
    h = bytearray(struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + l4len, ident, 0x4000, 64,
                              proto, 0, bytes([10, 8, 0, 2]), bytes([10, 8, 0, 1])))
    struct.pack_into("!H", h, 10, ~fold(csum(bytes(h))) & 0xFFFF)
    return bytes(h)


def pseudo(iph, proto, l4len):
    addrs = iph[8:40] if iph[0] >> 4 == 6 else iph[12:20]
    return csum(addrs) + proto + l4len


def seed(v6, proto, pay, mss, flags=0x10, opts=False, gso=True, partial=True):
    data = bytes((i * 7 + 3) & 0xFF for i in range(pay))
    if proto == 6:
        o = bytes([1, 1, 8, 10, 0, 0, 0x12, 0x34, 0xAB, 0xCD, 0, 7]) if opts else b""
        thl = 20 + len(o)
        l4 = bytearray(struct.pack("!HHIIBBHHH", 40000, 5201, 0xFFFFF000, 0x01020304,
                                   thl // 4 << 4, flags, 502, 0, 0) + o + data)
        at = 16
    else:
        thl = 8
        l4 = bytearray(struct.pack("!HHHH", 4500, 4501, 8 + pay, 0) + data)
        at = 6
    iph = ip(v6, proto, len(l4))
    ps = pseudo(iph, proto, len(l4))
    if partial:
        struct.pack_into("!H", l4, at, fold(ps))
    else:
        struct.pack_into("!H", l4, at, ~fold(csum(bytes(l4), ps)) & 0xFFFF)
    off = len(iph)
    if not gso:
        t = NONE
    elif proto == 17:
        t = UDP_L4
    else:
        t = (TCPV6 if v6 else TCPV4) | (ECN if flags & 0x80 else 0)
    hdr = struct.pack("<BBHHHH", NEEDS_CSUM if partial else 0, t,
                      off + thl if gso else 0, mss if gso else 0,
                      off if partial else 0, at if partial else 0)
    return hdr + iph + bytes(l4)


SEEDS = {
    "tcp4_short_last": seed(0, 6, 5000, 1448),
    "tcp4_ts_psh": seed(0, 6, 4344, 1448, 0x18, True),
    "tcp6_fin_psh": seed(1, 6, 5000, 1428, 0x19),
    "tcp6_ts_cwr": seed(1, 6, 3000, 1000, 0x90, True),
    "tcp4_cwr": seed(0, 6, 3000, 1000, 0x90),
    "tcp4_one_segment": seed(0, 6, 500, 1448, 0x18, True),
    "tcp4_mss1": seed(0, 6, 40, 1),
    "uso4": seed(0, 17, 3000, 1200),
    "uso6": seed(1, 17, 2400, 1200),
    "none4_csum": seed(0, 6, 300, 0, 0x18, True, gso=False),
    "none6_udp_plain": seed(1, 17, 301, 0, gso=False, partial=False),
}

if __name__ == "__main__":
    os.makedirs(sys.argv[1], exist_ok=True)
    for name, blob in SEEDS.items():
        with open(os.path.join(sys.argv[1], name), "wb") as f:
            f.write(blob)
