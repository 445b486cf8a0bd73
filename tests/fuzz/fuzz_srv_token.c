/* SPDX-License-Identifier: BSD-2-Clause */
/* libFuzzer: arbitrary bytes as the password a client sends in key method
 * 2, through the server's auth-gen-token check (src/srv_token.c) with a
 * fixed key.  The first byte splits the input into username and password.
 * Accepted tokens must be ones this key made. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "src/server_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct lvpn_options o;
	static struct sclient cl[1];
	static struct server sv;
	char user[130], pass[300];
	const char *reason = NULL;
	size_t ul;

	if (size < 1)
		return 0;
	ul = data[0] % 8;
	if (ul > size - 1)
		ul = size - 1;
	if (size - 1 - ul >= sizeof(pass))
		return 0;
	memcpy(user, data + 1, ul);
	user[ul] = '\0';
	memcpy(pass, data + 1 + ul, size - 1 - ul);
	pass[size - 1 - ul] = '\0';
	memset(&sv, 0, sizeof(sv));
	memset(cl, 0, sizeof(cl));
	o.auth_gen_token = 1;
	o.reneg_sec = 3600;
	o.auth_gen_token_lifetime = (int)(data[0] >> 3);
	sv.o = &o;
	sv.cl = cl;
	sv.max = 1;
	memset(sv.token_key, 0x5a, sizeof(sv.token_key));
	if (srv_token_verify(&sv, 0, user, pass, &reason) == 0 && !srv_token_is(pass))
		abort(); /* accepted something that is not even shaped like a token */
	return 0;
}
