#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Every header of base/, proto/, crypto/ and src/ compiles, alone and all together
# in one translation unit: catches missing includes and names two modules
# both claim (parallel work made that happen more than once).
set -u
cc=${CC:-cc}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
all="$tmp/all.c"
: >"$all"
for h in "$top_srcdir"/base/*.h "$top_srcdir"/proto/*.h "$top_srcdir"/proto/*/*.h "$top_srcdir"/crypto/*.h "$top_srcdir"/src/*.h; do
	rel=${h#"$top_srcdir"/}
	printf '#include "%s"\nint main(void) { return 0; }\n' "$rel" >"$tmp/one.c"
	if ! $cc -std=c11 -D_GNU_SOURCE -I"$top_srcdir" -I"$top_builddir" -Wall -Werror \
		-c "$tmp/one.c" -o "$tmp/one.o" 2>"$tmp/err"; then
		echo "FAIL: $rel does not compile on its own:"
		head -5 "$tmp/err"
		status=1
	fi
	printf '#include "%s"\n' "$rel" >>"$all"
done
echo 'int main(void) { return 0; }' >>"$all"
if ! $cc -std=c11 -D_GNU_SOURCE -I"$top_srcdir" -I"$top_builddir" -Wall -Werror \
	-c "$all" -o "$tmp/all.o" 2>"$tmp/err"; then
	echo "FAIL: the headers do not compile together:"
	head -10 "$tmp/err"
	status=1
fi
[ $status = 0 ] && echo "$(grep -c include "$all") headers compile alone and together"
exit $status
