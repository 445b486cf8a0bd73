/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - socket addresses in OpenVPN's log form (src/addrstr.h). */
#include "src/addrstr.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>

const char *lvpn_addrstr(const struct sockaddr_storage *sa, char *out, size_t cap)
{
	char ip[INET6_ADDRSTRLEN];

	if (sa->ss_family == AF_INET) {
		const struct sockaddr_in *a = (const struct sockaddr_in *)sa;

		inet_ntop(AF_INET, &a->sin_addr, ip, sizeof(ip));
		snprintf(out, cap, "[AF_INET]%s:%u", ip, ntohs(a->sin_port));
	} else if (sa->ss_family == AF_INET6) {
		const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)sa;

		inet_ntop(AF_INET6, &a->sin6_addr, ip, sizeof(ip));
		snprintf(out, cap, "[AF_INET6]%s:%u", ip, ntohs(a->sin6_port));
	} else {
		snprintf(out, cap, "[AF_UNSPEC]");
	}
	return out;
}
