#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Builds the Debian package from a clean copy of the tree (the files git
# tracks or would track, as they are in the work tree) with `dpkg-buildpackage -us -uc -b`,
# checks what it installs where, and runs lintian on it, which must report
# no error (its warnings are printed).  Slow (a whole build and the unit
# tests): not part of make check.  Needs dpkg-dev, debhelper, lintian and
# the Build-Depends of debian/control.
#
#   tests/package.sh [OUTDIR]     (the .deb is left in OUTDIR if given)
set -u
top_srcdir=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-}
fail() { echo "package: FAIL: $*"; exit 1; }
for tool in git dpkg-buildpackage dh lintian; do
	command -v "$tool" >/dev/null || { echo "package: SKIP: $tool not installed"; exit 77; }
done
tmp=$(mktemp -d /tmp/lvpn-package.XXXXXX)
trap '[ -n "${LV_KEEP:-}" ] && echo "package: kept $tmp" || rm -rf "$tmp"' EXIT
version=$(dpkg-parsechangelog -l "$top_srcdir/debian/changelog" -S Version) || fail "debian/changelog"
src=$tmp/leanvpn-$version
mkdir "$src"
(cd "$top_srcdir" && git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf -) | tar -xf - -C "$src" ||
	fail "cannot copy the tree"
echo "package: building leanvpn $version in $src"
(cd "$src" && dpkg-buildpackage -us -uc -b) >"$tmp/build.log" 2>&1 ||
	{ tail -40 "$tmp/build.log"; fail "dpkg-buildpackage"; }
deb=$(ls "$tmp"/leanvpn_"$version"_*.deb 2>/dev/null | head -1)
[ -f "$deb" ] || fail "no .deb made"
dpkg-deb -c "$deb" | awk '{ print $NF }' | sed 's|^\./|/|' >"$tmp/files"
for want in /usr/sbin/leanvpn /lib/systemd/system/leanvpn-client@.service \
	/lib/systemd/system/leanvpn-server@.service /usr/share/man/man8/leanvpn.8.gz \
	/etc/leanvpn/client/ /etc/leanvpn/server/ /usr/share/doc/leanvpn/copyright \
	/usr/share/doc/leanvpn/examples/server.conf; do
	grep -qxF "$want" "$tmp/files" || { cat "$tmp/files"; fail "$want is not in the package"; }
done
dpkg-deb -x "$deb" "$tmp/root"
grep -qx 'ExecStart=/usr/sbin/leanvpn --suppress-timestamps --nobind --config %i.conf' \
	"$tmp/root/lib/systemd/system/leanvpn-client@.service" || fail "the client unit's ExecStart"
grep -qx 'WorkingDirectory=/etc/leanvpn/server' "$tmp/root/lib/systemd/system/leanvpn-server@.service" ||
	fail "the server unit's WorkingDirectory"
# systemd reads both units without a complaint (an instance of each, the
# program and the man page taken from the package)
if command -v systemd-analyze >/dev/null; then
	mkdir "$tmp/units"
	for role in client server; do
		sed "s|/usr/sbin/leanvpn|$tmp/root/usr/sbin/leanvpn|" \
			"$tmp/root/lib/systemd/system/leanvpn-$role@.service" >"$tmp/units/leanvpn-$role@test.service"
	done
	MANPATH=$tmp/root/usr/share/man:/usr/share/man systemd-analyze verify \
		"$tmp/units/leanvpn-client@test.service" "$tmp/units/leanvpn-server@test.service" >"$tmp/verify.log" 2>&1
	[ -s "$tmp/verify.log" ] && { cat "$tmp/verify.log"; fail "systemd-analyze verify complains about the units"; }
	echo "package: systemd-analyze verify: both units clean"
fi
changes=$(ls "$tmp"/leanvpn_"$version"_*.changes | head -1)
lintian --info "$changes" >"$tmp/lintian.log" 2>&1
rc=$?
cat "$tmp/lintian.log"
[ "$rc" = 0 ] || fail "lintian reports errors (status $rc)"
grep -q '^E: ' "$tmp/lintian.log" && fail "lintian reports errors"
[ -n "$out" ] && cp "$deb" "$out/"
echo "package: PASS: $(basename "$deb"), $(wc -l <"$tmp/files") paths, lintian: $(grep -c '^W: ' "$tmp/lintian.log") warnings, no error"
