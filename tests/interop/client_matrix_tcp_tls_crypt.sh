#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Client interop matrix row: leanvpn client, openvpn server, tcp, tls-crypt.
ROW_PROTO=tcp
ROW_WRAP=tls-crypt
ROW_FULL=AES-256-GCM
. "$(dirname "$0")/matrix.sh"
