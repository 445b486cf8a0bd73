/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - client credentials helpers (see client_auth.h). */
#include "src/client_auth.h"

#include <stdint.h>
#include <string.h>

#include "base/b64.h"

int lvpn_client_scrv1(const char *password, const char *response, char *out, size_t cap)
{
	size_t np, nr, need, o;

	if (!password || !response || !out)
		return LVPN_ERR_INVAL;
	np = strlen(password);
	nr = strlen(response);
	if (np > cap || nr > cap) /* keeps the sums below from overflowing */
		goto small;
	need = 6 + lvpn_b64_len(np) + 1 + lvpn_b64_len(nr) + 1;
	if (need > cap)
		goto small;
	memcpy(out, "SCRV1:", 6);
	o = 6 + lvpn_b64_encode((const uint8_t *)password, np, out + 6);
	out[o++] = ':';
	o += lvpn_b64_encode((const uint8_t *)response, nr, out + o);
	out[o] = '\0';
	return 0;
small:
	if (cap)
		out[0] = '\0';
	return LVPN_ERR_BUFSIZE;
}
