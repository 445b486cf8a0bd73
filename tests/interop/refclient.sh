# SPDX-License-Identifier: BSD-2-Clause
# Sourced after lib.sh by the tests that run the same profile under the
# real openvpn (the reference) and under leanvpn.

# lv_start_client openvpn|leanvpn NAME PROFILE: starts that client in
# $LV_NS_C; sets LV_CLI and LV_CLI_LOG as lv_client does.
lv_start_client() {
	if [ "$1" = openvpn ]; then
		LV_CLI_LOG="$LV_TMP/$2.log"
		lv_bg "$LV_NS_C" "$LV_CLI_LOG" openvpn --config "$3"
		LV_CLI=$LV_LASTPID
	else
		lv_client "$2" "$3"
	fi
}
