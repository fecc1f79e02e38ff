/* SPDX-License-Identifier: MIT */
/*
 * zalloc.h - zeroed tables for the explorer's hash sets.
 */
#ifndef FC_ZALLOC_H
#define FC_ZALLOC_H

#include <stddef.h>

/*
 * A zeroed table that will be probed (read) before it is written: calloc()
 * would map the kernel's zero page on the first read and fault again on
 * the first write, and with threads each of those faults interrupts the
 * other cores to flush their TLBs.  Written at once, the pages are just
 * allocated.  NULL when n * size overflows or memory is short.
 */
void *zalloc(size_t n, size_t size);

#endif
