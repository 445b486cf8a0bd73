#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Hook for netcfg_netns.sh: records the environment it was given (by
# leanvpn's script.c, or by the real openvpn) and the namespace's state.
# $1: output directory.  The environment has no PATH (OpenVPN passes none).
PATH=/usr/sbin:/usr/bin:/sbin:/bin
out=$1
t=${script_type:-unknown}
env | sort >"$out/env.$t"
ip addr >"$out/addr.$t"
ip -4 route show table all >"$out/route4.$t"
ip -6 route show table all >"$out/route6.$t"
