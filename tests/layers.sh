#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The layering check: dependencies point one way,
#     src/ -> proto/ -> crypto/ -> base/      (and proto/ -> base/)
# and each layer keeps to what it is for:
#   base/    includes only the C library's pure headers, nothing of ours
#            but base/;
#   crypto/  includes nothing from proto/ or src/;
#   proto/   includes nothing from src/, no system header beyond the pure
#            C library ones, and calls no system call, clock, file or
#            environment function (the engine is sans-IO);
#   OpenSSL and lz4 headers appear only in crypto/ (bench/ and tests/ may
#   use any layer).
# Usage: tests/layers.sh [TREE]   (default: the source tree)
#        tests/layers.sh --self-test   plants one violation of each rule in
#        a copy of the tree and fails unless every one is caught.
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
: "${top_srcdir:=$here}"

pure='stddef.h|stdint.h|stdbool.h|stdarg.h|string.h|strings.h|stdlib.h|stdio.h|limits.h|ctype.h|inttypes.h|errno.h'
# calls the sans-IO engine must not make (comments stripped first)
calls='fopen|freopen|fread|fwrite|fclose|fgets|open|openat|read|write|close|socket|bind|connect|listen|accept|send|recv|sendto|recvfrom|sendmsg|recvmsg|sendmmsg|recvmmsg|ioctl|fcntl|clock_gettime|gettimeofday|time|getaddrinfo|epoll_[a-z_]+|poll|select|sleep|usleep|nanosleep|getpid|fork|execv[pe]*|system|popen|getenv|setenv|rand|srand|random|getrandom|signal|sigaction|kill|exit|abort'

bad=0
complain() {
	echo "layers: $*"
	bad=$((bad + 1))
}

# includes FILE: the #include targets of FILE, one per line ("x" or <x>)
includes() {
	sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*\([<"][^>"]*[>"]\).*/\1/p' "$1"
}

check_tree() {
	t=$1
	for f in "$t"/base/*.[ch] "$t"/crypto/*.[ch] "$t"/proto/*.[ch] "$t"/proto/*/*.[ch]; do
		[ -f "$f" ] || continue
		rel=${f#"$t"/}
		layer=${rel%%/*}
		for inc in $(includes "$f"); do
			name=$(echo "$inc" | tr -d '<>"')
			case $layer:$inc in
			base:\"base/*) ;;
			base:\"*) complain "$rel includes $inc: base/ depends on nothing of ours" ;;
			crypto:\"proto/* | crypto:\"src/*) complain "$rel includes $inc: crypto/ must not depend on proto/ or src/" ;;
			proto:\"src/*) complain "$rel includes $inc: proto/ must not depend on src/" ;;
			esac
			case $layer:$inc in
			crypto:*) ;;
			*:\<openssl/* | *:\<lz4.h\>) complain "$rel includes $inc: OpenSSL and lz4 only in crypto/" ;;
			esac
			case $layer:$inc in
			base:\<* | proto:\<*)
				echo "$name" | grep -Eqx "$pure" ||
					complain "$rel includes $inc: $layer/ uses only the C library's pure headers" ;;
			esac
		done
		case $layer in
		base | proto)
			# comments and strings out, then look for calls
			hits=$(gcc -fpreprocessed -dD -E -P "$f" 2>/dev/null |
				sed 's/"\([^"\\]\|\\.\)*"/""/g' |
				grep -En "(^|[^A-Za-z0-9_.>])($calls)[[:space:]]*\(" | head -3)
			[ -z "$hits" ] || complain "$rel calls what the sans-IO core must not: $hits" ;;
		esac
	done
	for f in "$t"/src/*.[ch]; do
		[ -f "$f" ] || continue
		includes "$f" | grep -Eq '^<(openssl/|lz4\.h)' &&
			complain "src/$(basename "$f") includes OpenSSL or lz4: only crypto/ may"
	done
}

if [ "${1:-}" = --self-test ]; then
	work=$(mktemp -d) || exit 1
	trap 'rm -rf "$work"' EXIT
	n=0 caught=0
	plant() { # plant FILE LINE: one violation in a fresh copy
		n=$((n + 1))
		rm -rf "$work/t"
		mkdir -p "$work/t"
		cp -r "$top_srcdir/base" "$top_srcdir/crypto" "$top_srcdir/proto" "$top_srcdir/src" "$work/t/"
		printf '%s\n' "$2" >>"$work/t/$1"
		out=$(bad=0; check_tree "$work/t"; echo "bad=$bad")
		case $out in
		*bad=0) echo "self-test: NOT caught: '$2' in $1" ;;
		*) caught=$((caught + 1)) ;;
		esac
	}
	plant crypto/dc.c '#include "proto/session.h"'
	plant crypto/dc.h '#include "src/client.h"'
	plant proto/pkt.c '#include "src/fileio.h"'
	plant proto/config/optlex.c '#include "src/fileio.h"'
	plant proto/server/peertab.c '#include <sys/socket.h>'
	plant base/buf.c '#include "proto/pkt.h"'
	plant proto/pkt.c '#include <openssl/evp.h>'
	plant src/fileio.c '#include <openssl/rand.h>'
	plant proto/pkt.c '#include <sys/socket.h>'
	plant proto/ping.c 'static long f(void) { return (long)time(NULL); }'
	plant proto/ping.c 'static int g(int fd) { return close(fd); }'
	plant base/log.c 'static void h(void) { abort(); }'
	echo "self-test: $caught of $n planted violations caught"
	[ "$caught" -eq "$n" ] || exit 1
	# and the real tree is clean
	exec "$0" "$top_srcdir"
fi

check_tree "${1:-$top_srcdir}"
if [ $bad -ne 0 ]; then
	echo "layers: $bad violations"
	exit 1
fi
echo "layers: base/ crypto/ proto/ src/ keep to their layers"
