/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - secret erasure (see wipe.h). */
#include "base/wipe.h"

#include <string.h>

void lvpn_wipe(void *p, size_t n)
{
	explicit_bzero(p, n);
}
