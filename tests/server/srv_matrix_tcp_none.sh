#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Server interop matrix row: leanvpn server, openvpn 2.6 clients, tcp, none.
ROW_PROTO=tcp
ROW_WRAP=none
. "$(dirname "$0")/server_matrix.sh"
