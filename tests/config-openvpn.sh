#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The real OpenVPN 2.6 is the judge of the profiles leanvpn accepts: every
# profile in tests/configs/good and configs/ must also pass OpenVPN's own
# option checks (no "Options error").  OpenVPN runs for a moment inside a
# fresh network namespace (no network at all), on copies of the profiles
# in a temporary directory, so nothing leaves the machine or lands in the
# source tree.  Then the real-world corpus: openvpn must give each file
# the verdict leanvpn gives it (tests/configs/real-world.expect, which
# config-corpus.sh holds leanvpn to).  Needs root, unshare and openvpn;
# otherwise SKIP (77).
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

# The real-world corpus (used in place by config-corpus.sh, copied here so
# that openvpn's strict file permissions hold): openvpn's verdict on each
# file is the one tests/configs/real-world.expect gives leanvpn's.  A run
# still going after 3 s has passed every check a start makes (it waits for
# its peer); one that exits has refused the configuration.
rw="$top_srcdir/../shared/reference/real-world-configs"
if [ -d "$rw" ]; then
	cp -R "$rw" "$tmp/rw"
	chmod -R go-rwx "$tmp/rw"
	tab=$(printf '\t')
	n=0
	grep -v '^#' "$top_srcdir/tests/configs/real-world.expect" >"$tmp/rw.expect"
	while IFS="$tab" read -r want file cwd msg; do
		n=$((n + 1))
		if [ "$cwd" = - ]; then
			dir="$tmp/rw/$(dirname "$file")" arg=$(basename "$file")
		else
			dir="$tmp/rw/$cwd" arg=$(realpath --relative-to="$tmp/rw/$cwd" "$tmp/rw/$file")
		fi
		(cd "$dir" && unshare -n timeout 3 openvpn --config "$arg" --verb 1 </dev/null \
			>"$tmp/rw.$n.out" 2>&1; echo $? >"$tmp/rw.$n.rc") &
	done <"$tmp/rw.expect"
	wait
	n=0
	while IFS="$tab" read -r want file cwd msg; do
		n=$((n + 1))
		got=refuse
		[ "$(cat "$tmp/rw.$n.rc")" = 124 ] && got=accept
		if [ "$got" = "$want" ]; then
			pass=$((pass + 1))
		else
			echo "FAIL: $file: openvpn's verdict is $got, leanvpn's (real-world.expect) $want"
			tail -3 "$tmp/rw.$n.out"
			fail=$((fail + 1))
		fi
	done <"$tmp/rw.expect"
	echo "config-openvpn: $n real-world configs: openvpn's verdicts checked against leanvpn's"
fi
[ $fail -eq 0 ]
