#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The product code (base/ crypto/ proto/ src/) matches the committed
# .clang-format: clang-format --dry-run --Werror on every file.  Skips
# (exit 77) when clang-format is not installed.
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
command -v clang-format >/dev/null 2>&1 || { echo "format: clang-format not installed"; exit 77; }
cd "$top_srcdir" || exit 1
n=0 bad=0
for f in base/*.[ch] crypto/*.[ch] proto/*.[ch] proto/*/*.[ch] src/*.[ch]; do
	[ -f "$f" ] || continue
	n=$((n + 1))
	if ! clang-format --dry-run --Werror "$f" >/dev/null 2>&1; then
		echo "format: $f differs from .clang-format (run: clang-format -i $f)"
		bad=$((bad + 1))
	fi
done
echo "format: $n files checked, $bad differ ($(clang-format --version))"
[ "$bad" -eq 0 ]
