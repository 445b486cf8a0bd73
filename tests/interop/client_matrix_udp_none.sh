#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Client interop matrix row: leanvpn client, openvpn server, udp, none.
ROW_PROTO=udp
ROW_WRAP=none
ROW_FULL=AES-256-GCM
. "$(dirname "$0")/matrix.sh"
