/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - socket addresses as OpenVPN prints them in its log:
 * "[AF_INET]198.18.0.1:1194", "[AF_INET6]2001:db8::1:1194". */
#ifndef LVPN_ADDRSTR_H
#define LVPN_ADDRSTR_H

#include <stddef.h>
#include <sys/socket.h>

/* Writes sa (AF_INET or AF_INET6) into out[cap] in that form, or
 * "[AF_UNSPEC]" for anything else.  Returns out. */
const char *lvpn_addrstr(const struct sockaddr_storage *sa, char *out, size_t cap);

#endif
