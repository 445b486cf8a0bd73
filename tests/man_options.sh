#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# leanvpn(8), as the build made it, lists every option of the option table
# (proto/config/opttab.c, read here with sed, not through the generator
# docs/manopts) exactly once, in the section of its verdict (supported,
# accepted with a warning, refused), with the reason for each warning and
# refusal; and groff formats the page without a warning.
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir/build}"
page=$top_builddir/docs/leanvpn.8
tmp=$(mktemp -d /tmp/lvpn-man.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "man_options: FAIL: $*"; exit 1; }

[ -f "$page" ] || fail "no $page (make builds it)"
# the table: one entry per line, S("name", ...) / W(...) / R(...)
# (WO(...) is a W: Windows-only, refused in a file, ignored when pushed)
sed -n 's/^ *\([SWR]\)O\{0,1\}("\([^"]*\)".*/\2 \1/p' "$top_srcdir/proto/config/opttab.c" |
	sed 's/ S$/ S Allowed/; s/ W$/ W Ignored:/; s/ R$/ R Refused:/' | sort >"$tmp/table"
n=$(wc -l <"$tmp/table")
[ "$n" -ge 300 ] || fail "only $n options read from proto/config/opttab.c"
# the page: each .TP entry \fB\-\-name\fR under its .SS, and the first
# word of the line after it
awk '
/^\.SS Supported options/ { s = "S" }
/^\.SS Options accepted with a warning/ { s = "W" }
/^\.SS Refused options/ { s = "R" }
/^\.SH / { s = "" }
want != "" { print want, $1; want = "" }
prev == ".TP" && s != "" && /^\\fB\\-\\-/ {
	name = $0
	sub(/^\\fB\\-\\-/, "", name)
	sub(/\\fR.*/, "", name)
	gsub(/\\-/, "-", name)
	want = name " " s
}
{ prev = $0 }' "$page" | sort >"$tmp/page"
diff -u "$tmp/table" "$tmp/page" >"$tmp/diff" || { cat "$tmp/diff"; fail "the page and the option table differ (- table, + page)"; }
if command -v groff >/dev/null; then
	groff -man -ww -z "$page" >"$tmp/groff" 2>&1
	[ -s "$tmp/groff" ] && { cat "$tmp/groff"; fail "groff warns about $page"; }
else
	echo "man_options: groff not installed: formatting not checked"
fi
echo "man_options: $n options in leanvpn(8), each in its verdict's section"
