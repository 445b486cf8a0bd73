#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Client interop matrix row: leanvpn client, openvpn server, udp, tls-crypt-v2.
ROW_PROTO=udp
ROW_WRAP=tls-crypt-v2
ROW_FULL=AES-256-CBC
. "$(dirname "$0")/matrix.sh"
