#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Server interop matrix row: leanvpn server, openvpn 2.6 clients, udp, tls-crypt.
ROW_PROTO=udp
ROW_WRAP=tls-crypt
. "$(dirname "$0")/server_matrix.sh"
