/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn --genkey: writes the key files OpenVPN 2.6 reads (and reads
 * OpenVPN's): `--genkey [secret|tls-auth|tls-crypt|tls-crypt-v2-server|
 * tls-crypt-v2-client|auth-token] [FILE] [METADATA]`; a client key needs
 * the server key as `--tls-crypt-v2 FILE`.  No FILE: the key goes to
 * stdout.  2.6's old spelling `--genkey --secret FILE` works, with its
 * deprecation warning; an existing FILE is overwritten, as 2.6 does. */
#ifndef LVPN_GENKEY_H
#define LVPN_GENKEY_H

/* 1 if argv asks for --genkey. */
int lvpn_genkey_wanted(int argc, char **argv);

/* Does it; returns the exit status (0, or 1 with a message on stderr). */
int lvpn_genkey_main(int argc, char **argv);

#endif
