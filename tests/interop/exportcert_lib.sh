# SPDX-License-Identifier: BSD-2-Clause
# Helpers for the --tls-export-cert tests (tests/interop/client_exportcert.sh,
# tests/server/srv_exportcert.sh), sourced after lib.sh.

# ec_scripts DIR: DIR/verify.sh (a tls-verify script logging "depth
# $peer_cert" to DIR/verify.log and copying the file to DIR/certN.pem) and
# DIR/after.sh (a later script writing whether it saw peer_cert to
# DIR/after.log).
ec_scripts() {
	mkdir -p "$1"
	cat >"$1/verify.sh" <<'EOS'
#!/bin/sh
d="$(dirname "$0")"
echo "$1 $peer_cert" >>"$d/verify.log"
[ -f "$peer_cert" ] && cp "$peer_cert" "$d/cert$1.pem"
exit 0
EOS
	cat >"$1/after.sh" <<'EOS'
#!/bin/sh
echo "peer_cert=${peer_cert-unset}" >"$(dirname "$0")/after.log"
exit 0
EOS
	chmod +x "$1/verify.sh" "$1/after.sh"
}

# ec_fp FILE: the certificate's SHA-256 fingerprint.
ec_fp() { openssl x509 -in "$1" -noout -fingerprint -sha256; }

# ec_check SCRIPTS EXPORTDIR CERT0: the script at depth 0 got a file in
# EXPORTDIR holding CERT0; nothing is left there; the later script did
# not see peer_cert.
ec_check() {
	grep -q "^0 $2/leanvpn_pef_.*\.tmp$" "$1/verify.log" ||
		{ cat "$1/verify.log"; lv_fail "no peer_cert in $2 at depth 0"; }
	[ "$(ec_fp "$1/cert0.pem")" = "$(ec_fp "$3")" ] ||
		lv_fail "the exported depth-0 certificate is not $3"
	[ -z "$(ls -A "$2")" ] || { ls -l "$2"; lv_fail "exported files left in $2"; }
	grep -q "^peer_cert=unset$" "$1/after.log" || { cat "$1/after.log"; lv_fail "a later script saw peer_cert"; }
}
