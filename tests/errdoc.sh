#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The error convention, checked: every LVPN_MUST_CHECK declaration in a
# header of base/, crypto/ or proto/ has a comment right above it (the
# group's comment, for declarations stacked under one comment with no blank
# line between) that lists the codes it returns after "Errors:".
#
# tests/errdoc.allow names functions that may lack the list for now, one a
# line ('#' starts a comment).  An entry that is not needed (the function
# has its list, or no longer exists) is an error too, so the file only
# shrinks.
# Usage: tests/errdoc.sh [TREE]   (default: the source tree)
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
tree=${1:-${top_srcdir:-$here}}
allow=$tree/tests/errdoc.allow

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# one line per LVPN_MUST_CHECK declaration: "ok|missing file:line name"
for h in "$tree"/base/*.h "$tree"/crypto/*.h "$tree"/proto/*.h "$tree"/proto/*/*.h; do
	[ -f "$h" ] || continue
	rel=${h#"$tree"/}
	awk -v f="$rel" '
	# the comment above a declaration stays attached across the other
	# declarations of its group; a blank line, "}" or "#" ends it
	function flush_decl(   name, s) {
		s = decl
		sub(/\(.*/, "", s)
		n = split(s, w, /[^A-Za-z0-9_]+/)
		name = w[n]
		print (last ~ /Errors:/ ? "ok" : "missing") " " f ":" dline " " name
		indecl = 0
	}
	{
		line = $0
		if (indecl) {
			decl = decl " " line
			if (decl ~ /\(/)
				flush_decl()
			next
		}
		if (incmt) {
			cur = cur " " line
			if (line ~ /\*\//) {
				incmt = 0
				last = cur
			}
			next
		}
		if (line ~ /^[ \t]*\/\*/) {
			cur = line
			if (line ~ /\*\//)
				last = cur
			else
				incmt = 1
			next
		}
		if (line ~ /^[ \t]*$/ || line ~ /^[ \t]*[}#]/) {
			last = ""
			next
		}
		if (line ~ /^LVPN_MUST_CHECK[ \t]/) {
			decl = line
			dline = NR
			indecl = 1
			if (decl ~ /\(/)
				flush_decl()
		}
	}' "$h"
done >"$tmp/decls"

: >"$tmp/allow"
if [ -f "$allow" ]; then
	sed -e 's/#.*//' -e 's/[[:space:]]//g' -e '/^$/d' "$allow" | sort -u >"$tmp/allow"
fi

bad=0
total=$(wc -l <"$tmp/decls")
while read -r state where name; do
	[ "$state" = missing ] || continue
	if grep -qx "$name" "$tmp/allow"; then
		echo "$name" >>"$tmp/used"
		continue
	fi
	echo "errdoc: $where $name: LVPN_MUST_CHECK without \"Errors:\" in its comment"
	bad=$((bad + 1))
done <"$tmp/decls"
touch "$tmp/used"
for name in $(sort -u "$tmp/used" | comm -23 "$tmp/allow" -); do
	echo "errdoc: tests/errdoc.allow lists $name, which needs no exception (remove it)"
	bad=$((bad + 1))
done

allowed=$(sort -u "$tmp/used" | wc -l)
if [ "$total" -eq 0 ]; then
	echo "errdoc: no LVPN_MUST_CHECK declaration found under $tree"
	exit 1
fi
if [ $bad -ne 0 ]; then
	echo "errdoc: $bad problem(s) in $total declarations"
	exit 1
fi
echo "errdoc: $total LVPN_MUST_CHECK declarations list their errors ($allowed allowed by tests/errdoc.allow)"
