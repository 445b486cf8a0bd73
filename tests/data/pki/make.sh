#!/bin/sh
# Regenerates the test PKI in this directory with the openssl CLI.
#   ca-*        the test CA (RSA 2048), and a second unrelated CA (other-ca-*)
#   ed-ca-*     an Ed25519 CA
#   server-rsa  / client-rsa     RSA leaf certs signed by ca
#   server-ed   / client-ed      Ed25519 leaf certs signed by ed-ca
#   server-ec                    ECDSA P-256 server cert signed by ca
#   other-server                 server cert signed by other-ca
#   multi-ou-client              Ed25519 client cert with two OUs
#   noeku-server / noku-server   Ed25519 server certs without EKU / without KU
#   expired-server               server cert signed by ca, expired in the past
#   revoked-client, crl.pem      a client cert of ca, revoked in ca's CRL
#   client-rsa-key-enc.pem       client-rsa's key encrypted (pass phrase "test")
#   client.p12                   client-rsa + key in PKCS#12 (password "test")
# Server certs carry keyUsage digitalSignature,keyEncipherment (keyAgreement
# for EC) and extendedKeyUsage serverAuth; client certs carry clientAuth, as
# easy-rsa makes them (OpenVPN's remote-cert-tls checks these).
# Usage: sh make.sh  (run in this directory; rewrites every file it makes)
set -eu
cd "$(dirname "$0")"
days=36500
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ext() { # name eku ku
	{
		echo "basicConstraints=critical,CA:FALSE"
		[ "$3" = - ] || echo "keyUsage=critical,$3"
		[ "$2" = - ] || echo "extendedKeyUsage=$2"
		echo "subjectKeyIdentifier=hash"
		echo "authorityKeyIdentifier=keyid"
	} >"$tmp/$1.ext"
}

mkca() { # name keyargs subject
	openssl genpkey $2 -out "$1-key.pem" 2>/dev/null
	openssl req -x509 -new -key "$1-key.pem" -subj "$3" -days $days \
		-addext "basicConstraints=critical,CA:TRUE" \
		-addext "keyUsage=critical,keyCertSign,cRLSign" \
		-out "$1.pem"
}

mkleaf() { # name keyargs subject ca eku ku [days|startdate enddate]
	openssl genpkey $2 -out "$1-key.pem" 2>/dev/null
	openssl req -new -key "$1-key.pem" -subj "$3" -out "$tmp/$1.csr"
	ext "$1" "$5" "$6"
	if [ $# -ge 8 ]; then
		# an expired certificate: sign with explicit past dates
		openssl ca -batch -config "$tmp/ca.cnf" -name "ca_$4" \
			-startdate "$7" -enddate "$8" -in "$tmp/$1.csr" \
			-extfile "$tmp/$1.ext" -out "$1.pem" -notext 2>/dev/null
	else
		openssl x509 -req -in "$tmp/$1.csr" -CA "$4.pem" -CAkey "$4-key.pem" \
			-set_serial "0x$(openssl rand -hex 8)" -days $days \
			-extfile "$tmp/$1.ext" -out "$1.pem" 2>/dev/null
	fi
}

RSA="-algorithm RSA -pkeyopt rsa_keygen_bits:2048"
ED="-algorithm ED25519"
EC="-algorithm EC -pkeyopt ec_paramgen_curve:P-256"
SRV="digitalSignature,keyEncipherment"
CLI="digitalSignature"

mkca ca "$RSA" "/CN=leanvpn test CA/O=leanvpn"
mkca ed-ca "$ED" "/CN=leanvpn Ed25519 CA/O=leanvpn"
mkca other-ca "$RSA" "/CN=unrelated CA/O=elsewhere"

mkleaf server-rsa "$RSA" "/C=NL/O=leanvpn/OU=servers/CN=server.example" ca serverAuth "$SRV"
mkleaf client-rsa "$RSA" "/C=NL/O=leanvpn/OU=clients/CN=client1" ca clientAuth "$CLI"
mkleaf server-ed "$ED" "/O=leanvpn/OU=servers/CN=ed-server" ed-ca serverAuth "digitalSignature"
mkleaf client-ed "$ED" "/O=leanvpn/OU=clients/CN=ed-client" ed-ca clientAuth "digitalSignature"
mkleaf server-ec "$EC" "/O=leanvpn/CN=ec-server" ca serverAuth "digitalSignature,keyAgreement"
# two OUs: scripts see X509_0_OU and X509_0_OU_1, as with OpenVPN
mkleaf multi-ou-client "$ED" "/O=leanvpn/OU=staff/OU=admins/CN=multi" ed-ca clientAuth "$CLI"
# for remote-cert-tls: no extendedKeyUsage at all / no keyUsage at all
mkleaf noeku-server "$ED" "/O=leanvpn/CN=noeku-server" ed-ca - "digitalSignature"
mkleaf noku-server "$ED" "/O=leanvpn/CN=noku-server" ed-ca serverAuth -
mkleaf other-server "$RSA" "/O=elsewhere/CN=server.example" other-ca serverAuth "$SRV"

# expired: openssl ca with explicit past validity
mkdir -p "$tmp/db"
: >"$tmp/db/index.txt"
cat >"$tmp/ca.cnf" <<EOT
[ ca_ca ]
dir = $tmp/db
database = $tmp/db/index.txt
new_certs_dir = $tmp/db
certificate = $PWD/ca.pem
private_key = $PWD/ca-key.pem
default_md = sha256
default_crl_days = 36500
policy = pol
rand_serial = yes
[ pol ]
commonName = supplied
EOT
mkleaf expired-server "$RSA" "/CN=expired-server" ca serverAuth "$SRV" \
	20200101000000Z 20200201000000Z

# revoked-client: issued by ca, then revoked; crl.pem is ca's CRL listing it
openssl genpkey $RSA -out revoked-client-key.pem 2>/dev/null
openssl req -new -key revoked-client-key.pem -subj "/O=leanvpn/CN=revoked-client" \
	-out "$tmp/revoked.csr"
ext revoked-client clientAuth "$CLI"
openssl ca -batch -config "$tmp/ca.cnf" -name ca_ca -days $days -in "$tmp/revoked.csr" \
	-extfile "$tmp/revoked-client.ext" -out revoked-client.pem -notext 2>/dev/null
openssl ca -config "$tmp/ca.cnf" -name ca_ca -revoke revoked-client.pem 2>/dev/null
openssl ca -config "$tmp/ca.cnf" -name ca_ca -gencrl -out crl.pem 2>/dev/null

# client-rsa's key under a pass phrase ("test"): must be refused, never prompted for
openssl pkey -in client-rsa-key.pem -aes256 -passout pass:test -out client-rsa-key-enc.pem

openssl pkcs12 -export -in client-rsa.pem -inkey client-rsa-key.pem \
	-certfile ca.pem -passout pass:test -out client.p12
