#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# A stand-in for systemd's resolvectl (tests/interop/client_dns.sh copies
# it as "resolvectl" into a directory first on PATH): it changes nothing
# and appends one line per call to $FAKE_RESOLVECTL_LOG, each argument in
# brackets, so the test sees the exact argv leanvpn built.
line=""
for a in "$@"; do
	line="$line[$a]"
done
printf '%s\n' "$line" >>"${FAKE_RESOLVECTL_LOG:?}"
