/* leanvpn - client credentials helpers (see client_auth.h). */
#include "src/client_auth.h"

#include <stdint.h>
#include <string.h>

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* base64 of n bytes at p into out (room checked by the caller). */
static size_t enc(const uint8_t *p, size_t n, char *out)
{
	size_t o = 0;

	for (size_t i = 0; i < n; i += 3) {
		uint32_t v = (uint32_t)p[i] << 16;

		if (i + 1 < n)
			v |= (uint32_t)p[i + 1] << 8;
		if (i + 2 < n)
			v |= p[i + 2];
		out[o++] = b64[v >> 18 & 63];
		out[o++] = b64[v >> 12 & 63];
		out[o++] = i + 1 < n ? b64[v >> 6 & 63] : '=';
		out[o++] = i + 2 < n ? b64[v & 63] : '=';
	}
	return o;
}

static size_t enc_len(size_t n)
{
	return (n + 2) / 3 * 4;
}

int lvpn_client_scrv1(const char *password, const char *response, char *out, size_t cap)
{
	size_t np, nr, need, o;

	if (!password || !response || !out)
		return LVPN_ERR_INVAL;
	np = strlen(password);
	nr = strlen(response);
	if (np > cap || nr > cap) /* keeps the sums below from overflowing */
		goto small;
	need = 6 + enc_len(np) + 1 + enc_len(nr) + 1;
	if (need > cap)
		goto small;
	memcpy(out, "SCRV1:", 6);
	o = 6 + enc((const uint8_t *)password, np, out + 6);
	out[o++] = ':';
	o += enc((const uint8_t *)response, nr, out + o);
	out[o] = '\0';
	return 0;
small:
	if (cap)
		out[0] = '\0';
	return LVPN_ERR_BUFSIZE;
}
