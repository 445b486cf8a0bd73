#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# --check-config names the reason a file cannot be read, as OpenVPN does
# ("--ca fails with '...': Permission denied"): a ca that is a directory, a
# missing one, and, for a user who is not root (setpriv to nobody), a file
# only root may read and a file in a directory only root may enter.
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir/build}"
lvpn=$top_builddir/src/leanvpn
tmp=$(mktemp -d /tmp/lvpn-fileerr.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "file_errors: FAIL: $*"; fail=$((fail + 1)); }
[ -x "$lvpn" ] || { echo "file_errors: no $lvpn"; exit 1; }

chmod 755 "$tmp"
mkdir "$tmp/dir" "$tmp/locked"
cp "$top_srcdir/tests/data/pki/ca.pem" "$tmp/ca.pem"
cp "$tmp/ca.pem" "$tmp/locked/ca.pem"
chmod 644 "$tmp/ca.pem"
# expect CA REASON [RUN-AS]: --check-config with --ca CA fails and says why
expect() {
	ca=$1 why=$2
	shift 2
	if "$@" "$lvpn" --client --dev tun --remote 198.18.0.1 --auth-user-pass --ca "$ca" \
		--check-config >/dev/null 2>"$tmp/err"; then
		bad "--ca $ca accepted"
	elif grep -q "option '--ca': cannot read file '$ca': $why\$" "$tmp/err"; then
		ok
	else
		bad "--ca $ca: expected the reason '$why', got: $(cat "$tmp/err")"
	fi
}
# the control: a readable ca passes (so a failure below is the file's)
"$lvpn" --client --dev tun --remote 198.18.0.1 --auth-user-pass --ca "$tmp/ca.pem" \
	--check-config >/dev/null 2>"$tmp/err" && ok || bad "a readable ca refused: $(cat "$tmp/err")"
expect "$tmp/dir" "Is a directory"
expect "$tmp/missing.pem" "No such file or directory"
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	nobody="setpriv --reuid=65534 --regid=65534 --clear-groups"
	# shellcheck disable=SC2086
	$nobody "$lvpn" --client --dev tun --remote 198.18.0.1 --auth-user-pass --ca "$tmp/ca.pem" \
		--check-config >/dev/null 2>"$tmp/err" && ok || bad "nobody cannot use a readable ca: $(cat "$tmp/err")"
	chmod 600 "$tmp/ca.pem"
	chmod 700 "$tmp/locked"
	# shellcheck disable=SC2086
	expect "$tmp/ca.pem" "Permission denied" $nobody
	# shellcheck disable=SC2086
	expect "$tmp/locked/ca.pem" "Permission denied" $nobody
else
	echo "file_errors: not root or no setpriv: unreadable files not tried"
fi
echo "file_errors: $pass passed, $fail failed"
[ $fail = 0 ]
