/* ak_rand.h - seeded PRNG (xoshiro256**) and UUIDs. Deterministic for a given seed. */
#ifndef AK_RAND_H
#define AK_RAND_H

#include <stdint.h>

struct ak_rand {
    uint64_t s[4];
};

void ak_rand_seed(struct ak_rand *r, uint64_t seed);
void ak_rand_seed_os(struct ak_rand *r); /* from getrandom() */
uint64_t ak_rand_u64(struct ak_rand *r);
double ak_rand_double(struct ak_rand *r);             /* [0,1) */
uint64_t ak_rand_below(struct ak_rand *r, uint64_t n); /* [0,n) */
void ak_rand_uuid(struct ak_rand *r, char out[37]);    /* lower-case v4 */
void ak_rand_hex(struct ak_rand *r, char *out, int nhex); /* nhex chars + NUL */

uint64_t ak_hash64(const void *p, unsigned long n);   /* FNV-1a 64 */

#endif
