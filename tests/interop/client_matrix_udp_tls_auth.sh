#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Client interop matrix row: leanvpn client, openvpn server, udp, tls-auth.
ROW_PROTO=udp
ROW_WRAP=tls-auth
ROW_FULL=AES-128-GCM
. "$(dirname "$0")/matrix.sh"
