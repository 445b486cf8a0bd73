#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Server interop matrix row: leanvpn server, openvpn 2.6 clients, tcp, tls-crypt-v2.
ROW_PROTO=tcp
ROW_WRAP=tls-crypt-v2
. "$(dirname "$0")/server_matrix.sh"
