#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Runs `leanvpn --config F --check-config` over the profile corpus:
#   tests/configs/good/*, configs/*       must be accepted (exit 0)
#   tests/configs/bad/NAME.conf           must exit 1 with exactly NAME.expect
#   ../shared/reference/real-world-configs  (in place) as real-world.expect says
# and checks that every option `openvpn --help` lists is known to leanvpn.
set -u
lvpn="$top_builddir/src/leanvpn"
cfg="$top_srcdir/tests/configs"
rw="$top_srcdir/../shared/reference/real-world-configs"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# run DIR FILE: check-config FILE with DIR as working directory
run() {
	(cd "$1" && "$lvpn" --config "$2" --check-config) >"$tmp/out" 2>"$tmp/err"
}

for dir in "$cfg/good" "$top_srcdir/configs"; do
	for f in "$dir"/*.conf "$dir"/*.ovpn; do
		[ -f "$f" ] || continue
		if run "$dir" "$(basename "$f")"; then ok; else bad "$f refused: $(cat "$tmp/err")"; fi
		[ -s "$tmp/out" ] || bad "$f: no options printed"
		# the printed options are a config meaning the same (without
		# inline blobs): reading them back prints them unchanged
		grep -q '\[inline\]\|\[redacted\]' "$tmp/out" && continue
		mv "$tmp/out" "$tmp/printed.conf"
		if run "$dir" "$tmp/printed.conf" && cmp -s "$tmp/printed.conf" "$tmp/out"; then
			ok
		else
			bad "$f: its printed options do not read back the same"
			diff "$tmp/printed.conf" "$tmp/out"
		fi
	done
done

for f in "$cfg"/bad/*.conf; do
	exp="${f%.conf}.expect"
	[ -f "$exp" ] || { bad "$f has no .expect"; continue; }
	run "$cfg/bad" "$(basename "$f")"
	rc=$?
	if [ $rc -ne 1 ]; then
		bad "$f: exit status $rc, expected 1"
	elif ! cmp -s "$exp" "$tmp/err"; then
		bad "$f: got '$(cat "$tmp/err")', expected '$(cat "$exp")'"
	else
		ok
	fi
done

if [ -d "$rw" ]; then
	listed="$tmp/listed"
	grep -v '^#' "$cfg/real-world.expect" | cut -f2 | sort >"$listed"
	(cd "$rw" && find . -type f \( -name '*.conf' -o -name 'loopback-*' \) | sed 's|^\./||' | sort) >"$tmp/found"
	if ! cmp -s "$listed" "$tmp/found"; then
		bad "real-world.expect does not list exactly the corpus's configs:"
		diff "$listed" "$tmp/found"
	fi
	tab=$(printf '\t')
	grep -v '^#' "$cfg/real-world.expect" | while IFS="$tab" read -r want file cwd msg; do
		if [ "$cwd" = - ]; then
			dir="$rw/$(dirname "$file")" arg=$(basename "$file")
		else
			dir="$rw/$cwd" arg=$(realpath --relative-to="$rw/$cwd" "$rw/$file")
		fi
		run "$dir" "$arg"
		rc=$?
		case "$want" in
		accept) [ $rc -eq 0 ] || echo "FAIL: $file refused: $(cat "$tmp/err")" ;;
		refuse)
			if [ $rc -ne 1 ]; then
				echo "FAIL: $file: exit status $rc, expected 1"
			elif ! grep -qFx -- "$msg" "$tmp/err"; then
				echo "FAIL: $file: got '$(cat "$tmp/err")', expected '$msg'"
			fi ;;
		*) echo "FAIL: bad expectation line for $file" ;;
		esac
	done >"$tmp/rw.log"
	n=$(grep -c '^FAIL' "$tmp/rw.log")
	cat "$tmp/rw.log"
	fail=$((fail + n))
	pass=$((pass + $(grep -vc '^#' "$cfg/real-world.expect") - n))
else
	echo "note: $rw not found: real-world corpus not checked"
fi

# Every option the real OpenVPN documents in --help is known to leanvpn.
if command -v openvpn >/dev/null 2>&1; then
	openvpn --help 2>/dev/null | grep -o -- '^--[a-z0-9-]*' | sort -u | while read -r opt; do
		case "$opt" in --help|--version) continue ;; esac
		"$lvpn" "$opt" 2>&1 | grep -q "option '$opt': unknown option" && echo "FAIL: $opt unknown"
	done >"$tmp/help.log"
	n=$(grep -c '^FAIL' "$tmp/help.log")
	cat "$tmp/help.log"
	[ "$n" -eq 0 ] && ok || fail=$((fail + n))
fi

# The CLI basics.
"$lvpn" --version | grep -q '^leanvpn ' && ok || bad "--version"
"$lvpn" --help | grep -q -- '--check-config' && ok || bad "--help"
"$lvpn" >/dev/null 2>&1 && bad "no arguments: exit 0" || ok
# (never run a profile here without --check-config: it would connect, or
# serve, for real)

echo "config-corpus: $pass passed, $fail failed"
[ $fail -eq 0 ]
