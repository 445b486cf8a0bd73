#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Nothing accepted and ignored: every option the table (proto/config/opttab.c)
# marks supported, S(...), must be read by code that applies it.
#
# The evidence, found in the source with sed/awk:
#  - the option has a handler in proto/config/optset_*.c ({"name", h_fn} in the
#    handler lists);
#  - the handler stores into fields of struct lvpn_options or of its
#    connection entry (a->o->f = ..., &a->o->f, FLAG(h, f), BLOB(h, f); a
#    handler shared by several options through !strcmp(n, "name") ? &o->f
#    chains is split per option);
#  - at least one of those fields is read somewhere in src/, proto/ or
#    crypto/ outside the option modules (proto/config/opt*.c, proto/config/options.c,
#    proto/config/config.c), which only parse, check and print options;
#  - or code outside the option modules compares a line with the name
#    (strcmp(x, "name"), strncmp(x, "name ", n), strcasecmp): it takes the option
#    itself (client-config-dir files, pushed options).
# An option without that evidence must be listed, with the reason, in
# tests/opt_applied.allow (options the parser consumes itself, or that a
# handler applies directly).  An allowlisted option that gained evidence,
# or that is no longer supported, is reported too, so the list stays true.
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
src=$top_srcdir
tmp=$(mktemp -d /tmp/lvpn-optapplied.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "opt_applied: FAIL: $*"; exit 1; }

sed -n 's/^ *S("\([^"]*\)".*/\1/p' "$src/proto/config/opttab.c" | sort -u >"$tmp/supported"
n=$(wc -l <"$tmp/supported")
[ "$n" -ge 150 ] || fail "only $n supported options read from proto/config/opttab.c"

# option -> fields its handler stores into ("-" when it has no handler)
awk '
function field_of(s,   m) {
	# the field after o-> / ce-> / o->ce. (the last identifier)
	if (match(s, /(o|ce)(->|\.)(ce\.)?[a-z_][a-z0-9_]*/)) {
		m = substr(s, RSTART, RLENGTH)
		sub(/.*(->|\.)/, "", m)
		return m
	}
	return ""
}
/^(FLAG|BLOB)\(h_[a-z0-9_]+, *[a-z0-9_]+\)/ {
	h = $0; sub(/^[A-Z]+\(/, "", h); f = h; sub(/,.*/, "", h)
	sub(/^[^,]*, */, "", f); sub(/\).*/, "", f)
	all[h] = " " f
	next
}
/^static int h_[a-z0-9_]+\(struct optarg \*a\)/ {
	cur = $0; sub(/^static int /, "", cur); sub(/\(.*/, "", cur)
	all[cur] = ""
	next
}
/^}/ { cur = ""; next }
cur != "" {
	line = $0
	# name-dispatched: !strcmp(n, "name") ? &o->field
	if (match(line, /"[a-z0-9-]+"\) *\? *&(a->)?(o|ce)(->|\.)[a-z_0-9.>-]+/)) {
		s = substr(line, RSTART, RLENGTH)
		nm = s; sub(/^"/, "", nm); sub(/".*/, "", nm)
		named[cur, nm] = field_of(substr(s, index(s, "&")))
		hasmap[cur] = 1
	} else if (match(line, /^[ \t]*: *&(a->)?(o|ce)(->|\.)[a-z_0-9.>-]+;/)) {
		dflt[cur] = field_of(substr(line, index(line, "&")))
	}
	# stores: x->f = / |= / ++ and &x->f handed to a setter
	while (match(line, /&?(a->)?(o|ce)(->|\.)(ce\.)?[a-z_][a-z0-9_]*( *(\+\+|[|+-]?=[^=]))?/)) {
		s = substr(line, RSTART, RLENGTH)
		line = substr(line, RSTART + RLENGTH)
		if (s !~ /^&/ && s !~ /(\+\+|=)/)
			continue
		sub(/ *(\+\+|[|+-]?=.*)$/, "", s)
		f = field_of(s)
		if (f != "" && f !~ /^(ops|log|ce|cur|err|depth|loc)$/)
			all[cur] = all[cur] " " f
	}
	next
}
/\{"[a-z0-9-]+", h_[a-z0-9_]+\}/ {
	nm = $0; sub(/^[^"]*"/, "", nm); sub(/".*/, "", nm)
	h = $0; sub(/.*, /, "", h); sub(/\}.*/, "", h)
	handler[nm] = h
}
END {
	for (nm in handler) {
		h = handler[nm]
		if ((h, nm) in named)
			f = " " named[h, nm]
		else if (h in hasmap && h in dflt)
			f = " " dflt[h]
		else
			f = all[h]
		print nm, h, (f == "" ? "-" : f)
	}
}' "$src"/proto/config/optset_*.c | sort >"$tmp/fields"

# the readers: every C file outside the option modules
find "$src/src" "$src/proto" "$src/crypto" "$src/base" -name '*.[ch]' | grep -Ev '/proto/config/(opt[a-z_]*|options|config)\.[ch]$' |
	sort >"$tmp/readers"
[ "$(wc -l <"$tmp/readers")" -ge 20 ] || fail "too few source files found under $src"

sed -n 's/^\([a-z0-9-]*\)[ \t].*/\1/p' "$src/tests/opt_applied.allow" | sort >"$tmp/allow"
bad=0 applied=0
while read -r opt; do
	line=$(grep "^$opt " "$tmp/fields")
	fields=$(echo "$line" | cut -d' ' -f3-)
	by=""
	for f in $fields; do
		[ "$f" = - ] && continue
		by=$(xargs grep -lE "(->|\.)$f([^a-z0-9_]|$)" <"$tmp/readers" | head -1)
		[ -n "$by" ] && break
	done
	# or code outside the option modules that takes the line by its name
	# (client-config-dir files, pushed options): strcmp(x, "name")
	[ -n "$by" ] || by=$(xargs grep -lE "strn?(case)?cmp\\([^,]*, *\"$opt( |\")" <"$tmp/readers" | head -1)
	if grep -qx "$opt" "$tmp/allow"; then
		if [ -n "$by" ]; then
			echo "opt_applied: $opt is allowlisted but its field $f is read in ${by#"$src"/}: drop it from tests/opt_applied.allow"
			bad=$((bad + 1))
		fi
		continue
	fi
	if [ -z "$line" ]; then
		echo "opt_applied: $opt: supported, but no handler stores it (kept in o->other and never applied)"
		bad=$((bad + 1))
	elif [ -z "$by" ]; then
		echo "opt_applied: $opt: supported, but nothing outside the option modules reads what its handler stores ($fields)"
		bad=$((bad + 1))
	else
		applied=$((applied + 1))
	fi
done <"$tmp/supported"
while read -r opt; do
	grep -qx "$opt" "$tmp/supported" || {
		echo "opt_applied: $opt is in tests/opt_applied.allow but not supported (S) in proto/config/opttab.c"
		bad=$((bad + 1))
	}
done <"$tmp/allow"
# what the table says is what a run says: a warned option is named with
# WARNING: and its reason, at start and by --check-config alike; a refused
# one stops the run with its reason
lvpn=${top_builddir:-$src/build}/src/leanvpn
if [ -x "$lvpn" ]; then
	printf 'client\ndev tun\nremote 198.18.0.1\nauth-user-pass\nca %s\n' "$src/tests/data/pki/ca.pem" >"$tmp/c.conf"
	w=$(sed -n 's/^ *W("\([^"]*\)", *0,.*/\1/p' "$src/proto/config/opttab.c" | head -1)
	"$lvpn" --config "$tmp/c.conf" --"$w" --check-config >/dev/null 2>"$tmp/err" ||
		{ cat "$tmp/err"; fail "--check-config refused a configuration with --$w"; }
	grep -q "^WARNING: .*'--$w': ignored: ." "$tmp/err" ||
		{ cat "$tmp/err"; fail "--check-config: no 'WARNING:' with the reason for --$w"; }
	r=$(sed -n 's/^ *R("\([^"]*\)", *0,.*/\1/p' "$src/proto/config/opttab.c" | head -1)
	"$lvpn" --config "$tmp/c.conf" --"$r" --check-config >/dev/null 2>"$tmp/err" &&
		fail "--check-config accepted --$r, which the table refuses"
	grep -q "'--$r': not supported by leanvpn: ." "$tmp/err" ||
		{ cat "$tmp/err"; fail "--check-config: no reason given for refusing --$r"; }
else
	echo "opt_applied: no $lvpn: warnings and refusals not run"
fi
[ "$bad" = 0 ] || fail "$bad option(s) accepted and ignored (mark them W or R in proto/config/opttab.c, or apply them)"
echo "opt_applied: $n supported options: $applied read through their fields, $(wc -l <"$tmp/allow") allowlisted with a reason"
