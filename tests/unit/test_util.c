/* test_util.c - ak_buf ceilings, ak_kvs / ak_strs, string helpers, number parsing, base64,
 * time formatting and parsing, the PRNG / UUIDs / hash, errors and allocation helpers. */
#include "unit_helpers.h"

#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "util/ak_base64.h"
#include "util/ak_buf.h"
#include "util/ak_err.h"
#include "util/ak_log.h"
#include "util/ak_mem.h"
#include "util/ak_rand.h"
#include "util/ak_str.h"
#include "util/ak_time.h"

/* ---------------------------------------------------------------- ak_buf */

static void test_buf_ceiling(void **state)
{
    (void)state;
    struct ak_buf b = AK_BUF_INIT(10);
    assert_string_equal(ak_buf_cstr(&b), ""); /* never NULL */
    assert_int_equal(ak_buf_append(&b, "0123456789", 10), 0);
    assert_int_equal(b.len, 10);
    assert_true(b.cap <= 11); /* capacity never exceeds max + 1 */
    /* one byte over the ceiling: refused, buffer unchanged */
    assert_int_equal(ak_buf_putc(&b, 'x'), AK_ETOOBIG);
    assert_int_equal(ak_buf_puts(&b, "yz"), AK_ETOOBIG);
    assert_int_equal(ak_buf_printf(&b, "%d", 7), AK_ETOOBIG);
    assert_int_equal(b.len, 10);
    assert_string_equal(b.data, "0123456789");
    assert_int_equal(ak_buf_append(&b, "", 0), 0); /* zero bytes always fit */
    ak_buf_release(&b);
    assert_null(b.data);

    /* a single append larger than the ceiling leaves an empty buffer empty */
    ak_buf_init(&b, 4);
    assert_int_equal(ak_buf_append(&b, "hello", 5), AK_ETOOBIG);
    assert_null(b.data);
    assert_int_equal(b.len, 0);
    assert_int_equal(ak_buf_puts(&b, "hell"), 0);
    assert_string_equal(ak_buf_cstr(&b), "hell");
    ak_buf_release(&b);

    /* max 0: only empty appends */
    ak_buf_init(&b, 0);
    assert_int_equal(ak_buf_putc(&b, 'a'), AK_ETOOBIG);
    assert_int_equal(ak_buf_append(&b, "", 0), 0);
    assert_string_equal(ak_buf_cstr(&b), "");
    ak_buf_release(&b);
}

static void test_buf_printf_and_growth(void **state)
{
    (void)state;
    struct ak_buf b = AK_BUF_INIT(AK_BUF_UNLIMITED);
    assert_int_equal(ak_buf_printf(&b, "%s-%d", "a", 42), 0);
    assert_string_equal(b.data, "a-42");
    /* longer than the 256-byte stack buffer of vprintf */
    char big[1001];
    memset(big, 'q', 1000);
    big[1000] = '\0';
    assert_int_equal(ak_buf_printf(&b, "[%s]", big), 0);
    assert_int_equal(b.len, 4 + 1002);
    assert_int_equal(b.data[b.len], '\0');
    assert_int_equal(b.data[4], '[');
    assert_int_equal(b.data[1005], ']');
    /* many small appends */
    ak_buf_reset(&b);
    assert_int_equal(b.len, 0);
    assert_string_equal(b.data, "");
    for (int i = 0; i < 10000; i++)
        assert_int_equal(ak_buf_putc(&b, (char)('a' + i % 26)), 0);
    assert_int_equal(b.len, 10000);
    assert_int_equal(strlen(b.data), 10000);
    size_t len;
    char *d = ak_buf_detach(&b, &len);
    assert_int_equal(len, 10000);
    assert_null(b.data);
    assert_int_equal(b.len, 0);
    free(d);
    /* detach of an empty buffer gives an allocated "" */
    d = ak_buf_detach(&b, NULL);
    assert_string_equal(d, "");
    free(d);
    ak_buf_release(&b);

    /* the big printf path respects the ceiling and leaves the buffer unchanged */
    ak_buf_init(&b, 300);
    assert_int_equal(ak_buf_puts(&b, "abc"), 0);
    assert_int_equal(ak_buf_printf(&b, "%s", big), AK_ETOOBIG);
    assert_string_equal(b.data, "abc");
    big[297] = '\0';
    assert_int_equal(ak_buf_printf(&b, "%s", big), 0); /* exactly 300 */
    assert_int_equal(b.len, 300);
    assert_int_equal(ak_buf_putc(&b, 'x'), AK_ETOOBIG);
    ak_buf_release(&b);
}

/* ---------------------------------------------------------------- kvs / strs */

static void test_kvs(void **state)
{
    (void)state;
    struct ak_kvs m = {0};
    assert_null(ak_kvs_get(&m, "a"));
    ak_kvs_set(&m, "a", "1");
    ak_kvs_set(&m, "b", "2");
    ak_kvs_set(&m, "c", "3");
    ak_kvs_set(&m, "a", "one"); /* replace keeps the position */
    assert_int_equal(m.n, 3);
    assert_string_equal(m.v[0].key, "a");
    assert_string_equal(m.v[0].val, "one");
    assert_string_equal(ak_kvs_get(&m, "b"), "2");
    assert_null(ak_kvs_get(&m, "B")); /* exact keys */
    assert_string_equal(ak_kvs_iget(&m, "B"), "2");
    assert_true(ak_kvs_del(&m, "b"));
    assert_false(ak_kvs_del(&m, "b"));
    assert_int_equal(m.n, 2);
    assert_string_equal(m.v[1].key, "c"); /* order kept */

    struct ak_kvs c = {0};
    ak_kvs_set(&c, "stale", "x");
    ak_kvs_copy(&c, &m); /* replaces */
    assert_int_equal(c.n, 2);
    assert_null(ak_kvs_get(&c, "stale"));
    assert_true(ak_kvs_equal(&m, &c));
    assert_true(c.v[0].key != m.v[0].key); /* deep copy */
    /* equality ignores order, not values */
    struct ak_kvs r = {0};
    ak_kvs_set(&r, "c", "3");
    ak_kvs_set(&r, "a", "one");
    assert_true(ak_kvs_equal(&m, &r));
    ak_kvs_set(&r, "a", "two");
    assert_false(ak_kvs_equal(&m, &r));
    ak_kvs_set(&r, "d", "4");
    assert_false(ak_kvs_equal(&m, &r));
    ak_kvs_set(&m, "empty", "");
    assert_string_equal(ak_kvs_get(&m, "empty"), "");
    ak_kvs_release(&m);
    assert_int_equal(m.n, 0);
    assert_null(m.v);
    ak_kvs_release(&m); /* twice is fine */
    ak_kvs_release(&c);
    ak_kvs_release(&r);
}

static void test_strs(void **state)
{
    (void)state;
    struct ak_strs a = {0}, b = {0};
    char word[8] = "hello";
    ak_strs_push(&a, word);
    word[0] = 'j'; /* push copies */
    ak_strs_push(&a, "world");
    assert_int_equal(a.n, 2);
    assert_string_equal(a.v[0], "hello");
    assert_true(ak_strs_contains(&a, "world"));
    assert_false(ak_strs_contains(&a, "World"));
    ak_strs_push(&b, "old");
    ak_strs_copy(&b, &a);
    assert_true(ak_strs_equal(&a, &b));
    assert_false(ak_strs_contains(&b, "old"));
    /* equality is ordered */
    struct ak_strs c = {0};
    ak_strs_push(&c, "world");
    ak_strs_push(&c, "hello");
    assert_false(ak_strs_equal(&a, &c));
    for (int i = 0; i < 1000; i++)
        ak_strs_push(&c, "x");
    assert_int_equal(c.n, 1002);
    ak_strs_release(&a);
    ak_strs_release(&b);
    ak_strs_release(&c);
    assert_null(c.v);
    assert_int_equal(c.n, 0);
}

static void test_string_helpers(void **state)
{
    (void)state;
    assert_true(ak_streq(NULL, NULL));
    assert_false(ak_streq("a", NULL));
    assert_false(ak_streq(NULL, "a"));
    assert_true(ak_streq("a", "a"));
    assert_false(ak_streq("a", "A"));
    assert_true(ak_strieq("Standard_DS2_v2", "standard_ds2_V2"));
    assert_false(ak_strieq("a", NULL));
    assert_true(ak_strieq(NULL, NULL));
    assert_true(ak_strnieq("ABCdef", "abcXYZ", 3));
    assert_false(ak_strnieq("ABCdef", "abcXYZ", 4));
    assert_true(ak_starts_with("kubernetes.io/os", "kubernetes.io/"));
    assert_false(ak_starts_with("kube", "kubernetes"));
    assert_true(ak_starts_with("x", ""));
    assert_true(ak_istarts_with("standard_b2s", "Standard_B"));
    assert_true(ak_ends_with("node.kubernetes.io", ".kubernetes.io"));
    assert_false(ak_ends_with("io", ".kubernetes.io"));
    assert_true(ak_ends_with_n("a.kubernetes.io/name", 15, ".kubernetes.io"));
    assert_false(ak_ends_with_n("a.kubernetes.io/name", 14, ".kubernetes.io"));
    char *d = ak_lower_dup("MC_Rg_Cluster_EastUS");
    assert_string_equal(d, "mc_rg_cluster_eastus");
    free(d);
    char *p = ak_xstrdup("x");
    ak_free_ptr(&p);
    assert_null(p);
    ak_free_ptr(&p); /* NULL is fine */
}

/* ---------------------------------------------------------------- numbers */

static void test_parse_i64(void **state)
{
    (void)state;
    int64_t v = -1;
    assert_int_equal(ak_parse_i64("0", 0, 10, &v), 0);
    assert_int_equal(v, 0);
    assert_int_equal(ak_parse_i64("-5", -10, 10, &v), 0);
    assert_int_equal(v, -5);
    assert_int_equal(ak_parse_i64("10", 0, 10, &v), 0); /* bounds inclusive */
    assert_int_equal(ak_parse_i64("11", 0, 10, &v), AK_EINVAL);
    assert_int_equal(ak_parse_i64("-1", 0, 10, &v), AK_EINVAL);
    assert_int_equal(ak_parse_i64("9223372036854775807", INT64_MIN, INT64_MAX, &v), 0);
    assert_true(v == INT64_MAX);
    assert_int_equal(ak_parse_i64("-9223372036854775808", INT64_MIN, INT64_MAX, &v), 0);
    assert_true(v == INT64_MIN);
    v = 123;
    const char *bad[] = {"", " 1", "1 ", "12a", "a12", "0x10", "1.0", "1e3",
                         "9223372036854775808", "-9223372036854775809", "--1", "+"};
    for (size_t i = 0; i < AK_ARRAY_LEN(bad); i++)
        if (ak_parse_i64(bad[i], INT64_MIN, INT64_MAX, &v) != AK_EINVAL)
            fail_msg("'%s' should not parse", bad[i]);
    assert_int_equal(v, 123); /* untouched on failure */
    assert_int_equal(ak_parse_i64(NULL, 0, 1, &v), AK_EINVAL);
}

static void test_parse_double(void **state)
{
    (void)state;
    double d = 0;
    assert_int_equal(ak_parse_double("1.5", &d), 0);
    assert_true(d == 1.5);
    assert_int_equal(ak_parse_double("-0.0416", &d), 0);
    assert_true(d == -0.0416);
    assert_int_equal(ak_parse_double("3", &d), 0);
    assert_true(d == 3.0);
    const char *bad[] = {"", " 1", "1.5x", "nan", "inf", "-inf", "1e400", "NA", "abc"};
    for (size_t i = 0; i < AK_ARRAY_LEN(bad); i++)
        if (ak_parse_double(bad[i], &d) != AK_EINVAL)
            fail_msg("'%s' should not parse", bad[i]);
    assert_int_equal(ak_parse_double(NULL, &d), AK_EINVAL);
}

/* ---------------------------------------------------------------- base64 */

static void test_base64_vectors(void **state)
{
    (void)state;
    /* RFC 4648 section 10 */
    const char *in[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
    const char *out[] = {"", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};
    for (size_t i = 0; i < AK_ARRAY_LEN(in); i++) {
        char *e = ak_base64_encode(in[i], strlen(in[i]));
        assert_string_equal(e, out[i]);
        size_t n = 99;
        char *d = ak_base64_decode(e, strlen(e), &n);
        assert_non_null(d);
        assert_int_equal(n, strlen(in[i]));
        assert_string_equal(d, in[i]);
        free(d);
        free(e);
    }
    /* standard alphabet: 0xfb 0xff -> "+/8=" */
    const unsigned char hi[] = {0xfb, 0xff};
    char *e = ak_base64_encode(hi, 2);
    assert_string_equal(e, "+/8=");
    free(e);
}

static void test_base64_decode_variants(void **state)
{
    (void)state;
    size_t n;
    char *d = ak_base64_decode("Zm9vYg", 6, &n); /* no padding */
    assert_string_equal(d, "foob");
    free(d);
    d = ak_base64_decode("-_8", 3, &n); /* URL-safe alphabet */
    assert_non_null(d);
    assert_int_equal(n, 2);
    assert_int_equal((unsigned char)d[0], 0xfb);
    assert_int_equal((unsigned char)d[1], 0xff);
    free(d);
    d = ak_base64_decode("Zm9v\nYmFy\r\n", 11, &n); /* line breaks are skipped */
    assert_string_equal(d, "foobar");
    free(d);
    /* only the first slen bytes are read */
    d = ak_base64_decode("Zm9vYmFy", 4, &n);
    assert_string_equal(d, "foo");
    free(d);
    const char *bad[] = {"Zm9v!", "Zm 9v", "Zg==Zg==", "Zm9v\x80"};
    for (size_t i = 0; i < AK_ARRAY_LEN(bad); i++)
        if ((d = ak_base64_decode(bad[i], strlen(bad[i]), &n)) != NULL) {
            free(d);
            fail_msg("'%s' should not decode", bad[i]);
        }
}

static void test_base64_round_trip_binary(void **state)
{
    (void)state;
    struct ak_rand r;
    ak_rand_seed(&r, 99);
    unsigned char buf[300];
    for (size_t len = 0; len <= sizeof(buf); len++) {
        for (size_t i = 0; i < len; i++)
            buf[i] = (unsigned char)ak_rand_below(&r, 256);
        char *e = ak_base64_encode(buf, len);
        assert_int_equal(strlen(e), 4 * ((len + 2) / 3));
        size_t n;
        char *d = ak_base64_decode(e, strlen(e), &n);
        assert_non_null(d);
        assert_int_equal(n, len);
        if (len)
            assert_memory_equal(d, buf, len);
        free(d);
        free(e);
    }
}

/* ---------------------------------------------------------------- time */

static void test_fmt_time(void **state)
{
    (void)state;
    char out[40];
    ak_fmt_time(0, 0, out);
    assert_string_equal(out, "1970-01-01T00:00:00Z");
    ak_fmt_time(1795863507000LL, 0, out);
    assert_string_equal(out, "2026-11-28T10:58:27Z");
    ak_fmt_time(1795863507123LL, 1, out); /* 7 fractional digits like ARM */
    assert_string_equal(out, "2026-11-28T10:58:27.1230000Z");
    ak_fmt_time(1795863507123LL, 0, out); /* no fraction: milliseconds dropped */
    assert_string_equal(out, "2026-11-28T10:58:27Z");
    ak_fmt_time(951868799005LL, 1, out); /* leap day */
    assert_string_equal(out, "2000-02-29T23:59:59.0050000Z");
    ak_fmt_time(2147483648000LL, 0, out); /* past 2038 */
    assert_string_equal(out, "2038-01-19T03:14:08Z");
}

static void test_parse_time(void **state)
{
    (void)state;
    int64_t ms = -1;
    assert_int_equal(ak_parse_time("2026-11-28T10:58:27Z", &ms), 0);
    assert_true(ms == 1795863507000LL);
    assert_int_equal(ak_parse_time("2026-11-28T10:58:27.123Z", &ms), 0);
    assert_true(ms == 1795863507123LL);
    assert_int_equal(ak_parse_time("2026-11-28T10:58:27.1234567Z", &ms), 0);
    assert_true(ms == 1795863507123LL); /* beyond ms is dropped */
    assert_int_equal(ak_parse_time("2026-11-28T10:58:27.5Z", &ms), 0);
    assert_true(ms == 1795863507500LL);
    assert_int_equal(ak_parse_time("2026-11-28T10:58:27.05Z", &ms), 0);
    assert_true(ms == 1795863507050LL);
    assert_int_equal(ak_parse_time("1970-01-01T00:00:00Z", &ms), 0);
    assert_true(ms == 0);
    /* RFC 3339 offsets are applied */
    assert_int_equal(ak_parse_time("2026-11-28T11:58:27+01:00", &ms), 0);
    assert_true(ms == 1795863507000LL);
    assert_int_equal(ak_parse_time("2026-11-28T05:28:27.250-05:30", &ms), 0);
    assert_true(ms == 1795863507250LL);
    assert_int_equal(ak_parse_time("2026-11-28T10:58:27+00:00", &ms), 0);
    assert_true(ms == 1795863507000LL);
    ms = 42;
    const char *bad[] = {"", "garbage", "2026-11-28", "2026-11-28T10:58",
                         "2026-11-28T10:58:27Zjunk", "2026-11-28T10:58:27+0100x",
                         "2026-13-01T00:00:00Z", "2026-11-32T00:00:00Z", "2026-11-28T24:00:00Z",
                         "2026-11-28T10:60:00Z", "2026-11-28T10:58:27 +01:00"};
    for (size_t i = 0; i < AK_ARRAY_LEN(bad); i++)
        if (ak_parse_time(bad[i], &ms) != AK_EINVAL)
            fail_msg("'%s' should not parse", bad[i]);
    assert_true(ms == 42);
}

static void test_time_round_trip(void **state)
{
    (void)state;
    struct ak_rand r;
    ak_rand_seed(&r, 5);
    for (int i = 0; i < 2000; i++) {
        int64_t ms = (int64_t)ak_rand_below(&r, 4102444800000ULL); /* < 2100 */
        char out[40];
        ak_fmt_time(ms, 1, out);
        int64_t back;
        assert_int_equal(ak_parse_time(out, &back), 0);
        assert_true(back == ms);
        ak_fmt_time(ms, 0, out);
        assert_int_equal(ak_parse_time(out, &back), 0);
        assert_true(back == ms - ms % 1000);
    }
    /* clocks */
    int64_t w = ak_wall_ms();
    assert_true(w > 1700000000000LL);
    int64_t m1 = ak_mono_ns(), m2 = ak_mono_ns();
    assert_true(m2 >= m1);
}

/* ---------------------------------------------------------------- rand, uuid, hash */

static void test_uuid_format(void **state)
{
    (void)state;
    struct ak_rand r;
    ak_rand_seed(&r, 1);
    char seen[64][37];
    for (int i = 0; i < 64; i++) {
        char u[37];
        ak_rand_uuid(&r, u);
        assert_int_equal(strlen(u), 36);
        for (int k = 0; k < 36; k++) {
            if (k == 8 || k == 13 || k == 18 || k == 23)
                assert_int_equal(u[k], '-');
            else
                assert_true(isdigit((unsigned char)u[k]) || (u[k] >= 'a' && u[k] <= 'f'));
        }
        assert_int_equal(u[14], '4');                   /* version 4 */
        assert_non_null(strchr("89ab", u[19]));         /* RFC 4122 variant */
        for (int j = 0; j < i; j++)
            assert_string_not_equal(u, seen[j]);
        memcpy(seen[i], u, 37);
    }
    /* deterministic for a seed */
    struct ak_rand a, b;
    ak_rand_seed(&a, 1234);
    ak_rand_seed(&b, 1234);
    char ua[37], ub[37];
    ak_rand_uuid(&a, ua);
    ak_rand_uuid(&b, ub);
    assert_string_equal(ua, ub);
    ak_rand_seed(&b, 1235);
    ak_rand_uuid(&b, ub);
    assert_string_not_equal(ua, ub);
}

static void test_rand(void **state)
{
    (void)state;
    struct ak_rand r;
    ak_rand_seed(&r, 77);
    int hist[10] = {0};
    for (int i = 0; i < 100000; i++) {
        uint64_t x = ak_rand_below(&r, 10);
        assert_true(x < 10);
        hist[x]++;
        double d = ak_rand_double(&r);
        assert_true(d >= 0.0 && d < 1.0);
    }
    for (int i = 0; i < 10; i++)
        assert_true(hist[i] > 9000 && hist[i] < 11000);
    assert_int_equal(ak_rand_below(&r, 0), 0);
    assert_int_equal(ak_rand_below(&r, 1), 0);
    char hex[41];
    ak_rand_hex(&r, hex, 40);
    assert_int_equal(strlen(hex), 40);
    for (int i = 0; i < 40; i++)
        assert_non_null(strchr("0123456789abcdef", hex[i]));
    ak_rand_hex(&r, hex, 0);
    assert_string_equal(hex, "");
    struct ak_rand o1, o2;
    ak_rand_seed_os(&o1);
    ak_rand_seed_os(&o2);
    assert_true(ak_rand_u64(&o1) != ak_rand_u64(&o2));
}

static void test_hash64(void **state)
{
    (void)state;
    /* FNV-1a 64 reference values */
    assert_true(ak_hash64("", 0) == 0xcbf29ce484222325ULL);
    assert_true(ak_hash64("a", 1) == 0xaf63dc4c8601ec8cULL);
    assert_true(ak_hash64("foobar", 6) == 0x85944171f73967e8ULL);
}

/* ---------------------------------------------------------------- errors, memory, log */

static void test_err(void **state)
{
    (void)state;
    struct ak_err e;
    ak_err_clear(&e);
    ak_err_target(&e, "old.target");
    assert_int_equal(ak_err_set(&e, 400, "InvalidParameter", "bad %s %d", "x", 1), AK_EINVAL);
    assert_int_equal(e.status, 400);
    assert_string_equal(e.code, "InvalidParameter");
    assert_string_equal(e.message, "bad x 1");
    assert_string_equal(e.target, ""); /* set clears the target */
    ak_err_target(&e, "agentPoolProfile.count");
    assert_string_equal(e.target, "agentPoolProfile.count");
    assert_int_equal(ak_err_set(&e, 404, "NotFound", "x"), AK_ENOENT);
    assert_int_equal(ak_err_set(&e, 409, "Conflict", "x"), AK_ECONFLICT);
    assert_int_equal(ak_err_set(&e, 413, "TooBig", "x"), AK_ETOOBIG);
    assert_int_equal(ak_err_set(&e, 500, "Internal", "x"), AK_EIO);
    assert_int_equal(ak_err_set(&e, 503, "Unavailable", "x"), AK_EIO);
    assert_int_equal(ak_err_set(&e, 429, "Throttled", "x"), AK_EINVAL);
    assert_int_equal(ak_err_set(NULL, 404, "NotFound", "x"), AK_ENOENT); /* NULL ok */
    ak_err_target(NULL, "x");
    ak_err_clear(NULL);
    /* long messages are truncated, never overflow */
    char big[4000];
    memset(big, 'm', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    ak_err_set(&e, 400, "C", "%s", big);
    assert_int_equal(strlen(e.message), sizeof(e.message) - 1);
    ak_err_clear(&e);
    assert_int_equal(e.status, 0);
    assert_string_equal(e.code, "");
    assert_string_equal(ak_strerror(0), "success");
    assert_string_equal(ak_strerror(AK_ETOOBIG), "too big");
    assert_string_equal(ak_strerror(AK_EIO), "I/O error");
    assert_string_equal(ak_strerror(-1000), "unknown error");
}

static void test_mem_helpers(void **state)
{
    (void)state;
    assert_null(ak_xstrdup(NULL));
    char *s = ak_xstrndup("abcdef", 3);
    assert_string_equal(s, "abc");
    free(s);
    s = ak_xasprintf("%s-%03d", "node", 7);
    assert_string_equal(s, "node-007");
    free(s);
    int *arr = NULL;
    size_t cap = 0;
    for (size_t i = 0; i < 1000; i++) {
        AK_GROW(arr, i + 1, cap);
        arr[i] = (int)i;
    }
    assert_true(cap >= 1000);
    assert_int_equal(arr[999], 999);
    free(arr);
    void *z = ak_xcalloc(4, 8);
    assert_memory_equal(z, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 32);
    free(z);
    z = ak_xreallocarray(NULL, 10, 10);
    free(z);
}

static void test_log_levels(void **state)
{
    (void)state;
    enum ak_log_level lv;
    assert_int_equal(ak_log_parse_level("debug", &lv), 0);
    assert_int_equal(lv, AK_LOG_DEBUG);
    assert_int_equal(ak_log_parse_level("error", &lv), 0);
    assert_int_equal(lv, AK_LOG_ERROR);
    assert_int_equal(ak_log_parse_level("off", &lv), 0);
    assert_int_equal(lv, AK_LOG_OFF);
    assert_true(ak_log_parse_level("verbose", &lv) != 0);
    assert_true(ak_log_parse_level("INFO", &lv) != 0);
}

/* JSON string encoding: escapes, UTF-8 kept, invalid bytes as U+FFFD (Go's encoding/json) */
static void test_buf_json_str(void **state)
{
    (void)state;
    struct {
        const char *in, *out;
    } cases[] = {
        {"plain", "\"plain\""},
        {"q\"b\\n\nr\rt\t", "\"q\\\"b\\\\n\\nr\\rt\\t\""},
        {"\x01\x1f", "\"\\u0001\\u001f\""},
        {"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\""},
        {"cut \xe2\x82", "\"cut \\ufffd\\ufffd\""},          /* a sequence cut short */
        {"\xff\xc0\xaf", "\"\\ufffd\\ufffd\\ufffd\""},          /* never valid; overlong */
        {"\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\""},          /* a UTF-16 surrogate */
        {"\xf4\x90\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\""}, /* above U+10FFFF */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct ak_buf b = AK_BUF_INIT(AK_BUF_UNLIMITED);
        assert_int_equal(ak_buf_json_str(&b, cases[i].in), 0);
        assert_string_equal(ak_buf_cstr(&b), cases[i].out);
        ak_buf_release(&b);
    }
    struct ak_buf b = AK_BUF_INIT(AK_BUF_UNLIMITED);
    ak_buf_json_str(&b, NULL);
    assert_string_equal(ak_buf_cstr(&b), "null");
    ak_buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_buf_json_str),
        cmocka_unit_test(test_buf_ceiling),
        cmocka_unit_test(test_buf_printf_and_growth),
        cmocka_unit_test(test_kvs),
        cmocka_unit_test(test_strs),
        cmocka_unit_test(test_string_helpers),
        cmocka_unit_test(test_parse_i64),
        cmocka_unit_test(test_parse_double),
        cmocka_unit_test(test_base64_vectors),
        cmocka_unit_test(test_base64_decode_variants),
        cmocka_unit_test(test_base64_round_trip_binary),
        cmocka_unit_test(test_fmt_time),
        cmocka_unit_test(test_parse_time),
        cmocka_unit_test(test_time_round_trip),
        cmocka_unit_test(test_uuid_format),
        cmocka_unit_test(test_rand),
        cmocka_unit_test(test_hash64),
        cmocka_unit_test(test_err),
        cmocka_unit_test(test_mem_helpers),
        cmocka_unit_test(test_log_levels),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
