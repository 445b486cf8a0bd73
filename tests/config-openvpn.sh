#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The real OpenVPN 2.6 is the judge of the profiles leanvpn accepts: every
# profile in tests/configs/good and configs/ must also pass OpenVPN's own
# option checks (no "Options error").  OpenVPN runs for a moment inside a
# fresh network namespace (no network at all), on copies of the profiles
# in a temporary directory, so nothing leaves the machine or lands in the
# source tree.  Needs root, unshare and openvpn; otherwise SKIP (77).
set -u
command -v openvpn >/dev/null 2>&1 || { echo "openvpn not installed"; exit 77; }
command -v unshare >/dev/null 2>&1 || { echo "unshare not installed"; exit 77; }
[ "${LVPN_ROOT_TESTS:-yes}" != no ] || { echo "configured with --disable-root-tests"; exit 77; }
[ "$(id -u)" = 0 ] || { echo "not root: cannot make a network namespace"; exit 77; }
unshare -n true 2>/dev/null || { echo "unshare -n not permitted"; exit 77; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/tests"
cp -R "$top_srcdir/tests/configs" "$tmp/tests/configs"
cp -R "$top_srcdir/configs" "$tmp/configs"
chmod -R go-rwx "$tmp"
pass=0 fail=0
# all at once: each run is a few idle seconds
for dir in "$tmp/tests/configs/good" "$tmp/configs"; do
	for f in "$dir"/*.conf "$dir"/*.ovpn; do
		[ -f "$f" ] || continue
		name=$(basename "$f")
		(cd "$dir" && unshare -n timeout 3 openvpn --config "$name" --verb 1 \
			</dev/null >"$tmp/$name.out" 2>&1) &
	done
done
wait
for dir in "$tmp/tests/configs/good" "$tmp/configs"; do
	for f in "$dir"/*.conf "$dir"/*.ovpn; do
		[ -f "$f" ] || continue
		name=$(basename "$f")
		# a profile may send OpenVPN's log to a file in its directory
		log=$(sed -n 's/^log\(-append\)\{0,1\} *\([^ ]*\).*/\2/p' "$f" | tr -d '\r')
		if cat "$tmp/$name.out" ${log:+"$dir/$log"} 2>/dev/null | grep -q 'Options error'; then
			echo "FAIL: openvpn refuses $name:"
			cat "$tmp/$name.out" ${log:+"$dir/$log"} 2>/dev/null | grep 'Options error'
			fail=$((fail + 1))
		else
			pass=$((pass + 1))
		fi
	done
done
echo "config-openvpn: $pass profiles accepted by openvpn, $fail refused"
[ $fail -eq 0 ]
