#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Server interop matrix row: leanvpn server, openvpn 2.6 clients, udp, none.
ROW_PROTO=udp
ROW_WRAP=none
. "$(dirname "$0")/server_matrix.sh"
