#include "ak_rand.h"

#include <stdio.h>
#include <sys/random.h>
#include <time.h>

#include "ak_banned.h"

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

void ak_rand_seed(struct ak_rand *r, uint64_t seed)
{
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&seed);
}

void ak_rand_seed_os(struct ak_rand *r)
{
    uint64_t seed;
    if (getrandom(&seed, sizeof(seed), 0) != (ssize_t)sizeof(seed)) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        seed = (uint64_t)ts.tv_sec * 1000000007ull ^ (uint64_t)ts.tv_nsec;
    }
    ak_rand_seed(r, seed);
}

static inline uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

uint64_t ak_rand_u64(struct ak_rand *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

double ak_rand_double(struct ak_rand *r)
{
    return (double)(ak_rand_u64(r) >> 11) * (1.0 / 9007199254740992.0);
}

uint64_t ak_rand_below(struct ak_rand *r, uint64_t n)
{
    if (n == 0)
        return 0;
    uint64_t lim = UINT64_MAX - UINT64_MAX % n;
    uint64_t x;
    do
        x = ak_rand_u64(r);
    while (x >= lim);
    return x % n;
}

void ak_rand_uuid(struct ak_rand *r, char out[37])
{
    uint64_t a = ak_rand_u64(r), b = ak_rand_u64(r);
    a = (a & 0xffffffffffff0fffull) | 0x0000000000004000ull;
    b = (b & 0x3fffffffffffffffull) | 0x8000000000000000ull;
    snprintf(out, 37, "%08x-%04x-%04x-%04x-%012llx", (unsigned)(a >> 32),
             (unsigned)((a >> 16) & 0xffff), (unsigned)(a & 0xffff), (unsigned)(b >> 48),
             (unsigned long long)(b & 0xffffffffffffull));
}

void ak_rand_hex(struct ak_rand *r, char *out, int nhex)
{
    static const char hex[] = "0123456789abcdef";
    uint64_t x = 0;
    for (int i = 0; i < nhex; i++) {
        if (i % 16 == 0)
            x = ak_rand_u64(r);
        out[i] = hex[x & 15];
        x >>= 4;
    }
    out[nhex] = '\0';
}

uint64_t ak_hash64(const void *p, unsigned long n)
{
    const unsigned char *c = p;
    uint64_t h = 0xcbf29ce484222325ull;
    for (unsigned long i = 0; i < n; i++) {
        h ^= c[i];
        h *= 0x100000001b3ull;
    }
    return h;
}
