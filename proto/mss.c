/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - MSS clamping (see proto/mss.h). */
#include "proto/mss.h"

#include "base/buf.h"

#define IPPROTO_TCP_ 6
#define TCP_SYN      0x02
#define OPT_EOL      0
#define OPT_NOP      1
#define OPT_MSS      2
#define ETH_HLEN_    14
#define ETH_IPV4     0x0800
#define ETH_IPV6     0x86DD
#define ETH_8021Q    0x8100

int lvpn_mss_ceiling(const struct lvpn_mss_frame *f, uint16_t *mss)
{
	uint32_t overhead, target, payload;

	if (f->mssfix == 0)
		return LVPN_ERR_CONFIG;
	if (f->fixed) {
		if (f->mssfix <= 40 || f->mssfix - 40 > UINT16_MAX)
			return LVPN_ERR_CONFIG;
		*mss = (uint16_t)(f->mssfix - 40);
		return 0;
	}
	overhead = f->proto_header + (f->mtu ? f->encap : 0);
	if (f->mssfix <= overhead)
		return LVPN_ERR_CONFIG;
	target = f->mssfix - overhead;
	if (f->cbc_block) {
		/* room for at least one padding byte in whole blocks */
		target -= target % f->cbc_block;
		if (target == 0)
			return LVPN_ERR_CONFIG;
		target -= 1;
	}
	payload = f->payload_overhead + 20 + 20; /* inner IPv4 + TCP headers */
	if (target <= payload || target - payload > UINT16_MAX)
		return LVPN_ERR_CONFIG;
	*mss = (uint16_t)(target - payload);
	return 0;
}

/* RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m') for one 16-bit word m -> m'. */
static void csum_replace(uint8_t *csum, uint16_t old, uint16_t new)
{
	uint32_t sum = (uint16_t)~lvpn_get_be16(csum);

	sum += (uint16_t)~old;
	sum += new;
	sum = (sum & 0xFFFF) + (sum >> 16);
	sum = (sum & 0xFFFF) + (sum >> 16);
	lvpn_put_be16(csum, (uint16_t)~sum);
}

/* tcp points at a TCP header with len bytes of segment behind it. */
static int clamp_tcp(uint8_t *tcp, size_t len, uint16_t max_mss)
{
	size_t doff, olen, optlen;
	uint8_t *opt;
	int changed = 0;

	if (len < 20 || !(tcp[13] & TCP_SYN))
		return 0;
	doff = (size_t)(tcp[12] >> 4) * 4;
	if (doff <= 20 || doff > len)
		return 0;
	for (olen = doff - 20, opt = tcp + 20; olen > 1; olen -= optlen, opt += optlen) {
		if (opt[0] == OPT_EOL)
			break;
		if (opt[0] == OPT_NOP) {
			optlen = 1;
			continue;
		}
		optlen = opt[1];
		if (optlen == 0 || optlen > olen)
			break;
		if (opt[0] == OPT_MSS && optlen == 4) {
			uint16_t mss = lvpn_get_be16(opt + 2);

			if (mss > max_mss) {
				lvpn_put_be16(opt + 2, max_mss);
				csum_replace(tcp + 16, mss, max_mss);
				changed = 1;
			}
		}
	}
	return changed;
}

static int clamp_v4(uint8_t *ip, size_t len, uint16_t max_mss)
{
	size_t hlen;

	if (len < 20)
		return 0;
	hlen = (size_t)(ip[0] & 0x0F) * 4;
	if (hlen < 20 || ip[9] != IPPROTO_TCP_ || lvpn_get_be16(ip + 2) != len ||
	    (lvpn_get_be16(ip + 6) & 0x1FFF) != 0 || hlen > len || len - hlen < 20)
		return 0;
	return clamp_tcp(ip + hlen, len - hlen, max_mss);
}

static int clamp_v6(uint8_t *ip, size_t len, uint16_t max_mss)
{
	if (len < 40 || (size_t)lvpn_get_be16(ip + 4) + 40 != len || ip[6] != IPPROTO_TCP_)
		return 0;
	if (max_mss <= 20)
		return 0;
	return clamp_tcp(ip + 40, len - 40, (uint16_t)(max_mss - 20));
}

int lvpn_mss_clamp(uint8_t *pkt, size_t len, uint16_t max_mss)
{
	if (len < 1)
		return 0;
	switch (pkt[0] >> 4) {
	case 4:
		return clamp_v4(pkt, len, max_mss);
	case 6:
		return clamp_v6(pkt, len, max_mss);
	default:
		return 0;
	}
}

int lvpn_mss_clamp_eth(uint8_t *frame, size_t len, uint16_t max_mss)
{
	size_t off = ETH_HLEN_;
	uint16_t type;

	/* room for the tag and the version byte; clamp_v4/v6 check the rest */
	if (len < ETH_HLEN_ + 20)
		return 0;
	type = lvpn_get_be16(frame + 12);
	if (type == ETH_8021Q) {
		off += 4;
		type = lvpn_get_be16(frame + 16);
	}
	if (type == ETH_IPV4 && frame[off] >> 4 == 4)
		return clamp_v4(frame + off, len - off, max_mss);
	if (type == ETH_IPV6 && frame[off] >> 4 == 6)
		return clamp_v6(frame + off, len - off, max_mss);
	return 0;
}
