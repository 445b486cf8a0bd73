#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Client interop matrix row: leanvpn client, openvpn server, tcp, none.
ROW_PROTO=tcp
ROW_WRAP=none
ROW_FULL=CHACHA20-POLY1305
. "$(dirname "$0")/matrix.sh"
