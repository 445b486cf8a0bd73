/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the one way secrets are erased: keys, passwords, plaintext in
 * buffers about to be freed.  Every layer uses this, never memset (which
 * the compiler may drop) nor a library's own primitive. */
#ifndef LVPN_WIPE_H
#define LVPN_WIPE_H

#include <stddef.h>

/* Sets n bytes at p to zero in a way the compiler may not optimize away. */
void lvpn_wipe(void *p, size_t n);

#endif
