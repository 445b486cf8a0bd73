#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Client interop matrix row: leanvpn client, openvpn server, tcp, tls-auth.
ROW_PROTO=tcp
ROW_WRAP=tls-auth
ROW_FULL=AES-256-CBC
. "$(dirname "$0")/matrix.sh"
