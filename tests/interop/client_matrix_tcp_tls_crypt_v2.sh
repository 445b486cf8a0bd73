#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Client interop matrix row: leanvpn client, openvpn server, tcp, tls-crypt-v2.
ROW_PROTO=tcp
ROW_WRAP=tls-crypt-v2
ROW_FULL=AES-128-GCM
. "$(dirname "$0")/matrix.sh"
