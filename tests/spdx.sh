#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Every source file of the project says its licence in its first lines
# (SPDX-License-Identifier: BSD-2-Clause, the LICENSE file): C and C++
# sources and headers, shell and Python scripts, build files, units and
# the man page template.  Data (test keys, configs, fuzz corpora) is not
# source and is not checked.
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
cd "$top_srcdir" || exit 1
missing=0 n=0
# a release tarball has no .git: list the files from the tree instead
if [ -d .git ] || [ -f .git ]; then
	files=$(git ls-files)
else
	files=$(find . -type f | sed 's|^\./||')
fi
for f in $files; do
	case $f in
	tests/fuzz/corpus/* | tests/configs/* | tests/data/* | debian/*) continue ;;
	# what autotools generate in a release tarball
	Makefile.in | */Makefile.in | config.h.in | build-aux/* | m4/* | autom4te.cache/*) continue ;;
	# and what a build inside the tree makes (make distcheck's _build)
	_build/* | _inst/* | config.h | build/* | build-*/*) continue ;;
	*.c | *.h | *.cc | *.sh | *.am | *.ac | *.py | *.in | .ci/run) ;;
	*) continue ;;
	esac
	[ -f "$f" ] || continue
	n=$((n + 1))
	if ! head -n 3 "$f" | grep -q 'SPDX-License-Identifier: BSD-2-Clause'; then
		echo "no SPDX-License-Identifier line in the first 3 lines: $f"
		missing=$((missing + 1))
	fi
done
[ "$n" -gt 0 ] || { echo "spdx: no source file found"; exit 1; }
echo "spdx: $n files, $missing without the licence line"
[ "$missing" -eq 0 ]
