#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Client interop matrix row: leanvpn client, openvpn server, udp, tls-crypt.
ROW_PROTO=udp
ROW_WRAP=tls-crypt
ROW_FULL=CHACHA20-POLY1305
. "$(dirname "$0")/matrix.sh"
