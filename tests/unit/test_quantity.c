/* test_quantity.c - resource quantities: parsing to milli/units, rounding, overflow,
 * canonical printing, byte/milli formatting, comparison. Many rows come from apimachinery's
 * pkg/api/resource/quantity_test.go (TestQuantityParse, TestQuantityString,
 * TestQuantityParseEmit, TestQuantityRoundUp, invalid inputs). */
#include "unit_helpers.h"

#include <stdbool.h>
#include <stdio.h>

#include "kube/ak_quantity.h"
#include "util/ak_err.h"
#include "util/ak_mem.h"

struct q_case {
    const char *in;
    int64_t want;
};

static void check_scaled(const struct q_case *t, size_t n, int scale)
{
    for (size_t i = 0; i < n; i++) {
        int64_t got = 12345;
        int rc = ak_quantity_scaled(t[i].in, scale, &got);
        if (rc != 0)
            fail_msg("scale %d: \"%s\": rc %d", scale, t[i].in, rc);
        if (got != t[i].want)
            fail_msg("scale %d: \"%s\": got %lld want %lld", scale, t[i].in, (long long)got,
                     (long long)t[i].want);
    }
}

static void test_milli(void **state)
{
    (void)state;
    static const struct q_case t[] = {
        /* the brief's examples */
        {"100m", 100},
        {"0.5", 500},
        {"2", 2000},
        {"1Gi", 1073741824000LL},
        {"128974848", 128974848000LL},
        {"129e6", 129000000000LL},
        {"123Mi", 128974848000LL},
        {"1k", 1000000},
        {"1M", 1000000000},
        {"1Ki", 1024000},
        {"1.5", 1500},
        {"-1", -1000},
        /* zeros (quantity_test.go) */
        {"0", 0},
        {"0n", 0},
        {"0u", 0},
        {"0m", 0},
        {"0Ki", 0},
        {"0k", 0},
        {"0Mi", 0},
        {"0M", 0},
        {"0Gi", 0},
        {"0G", 0},
        {"0Ti", 0},
        {"0T", 0},
        {"-0", 0},
        {"+0", 0},
        {"00", 0},
        {"0.000", 0},
        /* binary suffixes */
        {"8Ki", 8 * 1024 * 1000LL},
        {"7Mi", 7LL * 1024 * 1024 * 1000},
        {"6Gi", 6LL * 1024 * 1024 * 1024 * 1000},
        {"5Ti", 5LL * 1024 * 1024 * 1024 * 1024 * 1000},
        {"4Pi", 4LL * 1024 * 1024 * 1024 * 1024 * 1024 * 1000},
        /* decimal suffixes */
        {"5n", 1}, /* rounds away from zero */
        {"4u", 1},
        {"3m", 3},
        {"9", 9000},
        {"8k", 8000000},
        {"50k", 50000000},
        {"7M", 7000000000LL},
        {"6G", 6000000000000LL},
        {"5T", 5000000000000000LL},
        {"2P", 2000000000000000000LL},
        /* decimal exponents */
        {"1E-3", 1},
        {"1e3", 1000000},
        {"1E6", 1000000000},
        {"1e9", 1000000000000LL},
        {"1E12", 1000000000000000LL},
        {"1e15", 1000000000000000000LL},
        {"1e14", 100000000000000000LL},
        {"100.035k", 100035000},
        {"1.2e3", 1200000},
        {"1.3E+6", 1300000000},
        {"0.5e-1", 50},
        {"0.5e-2", 5},
        {"10.035M", 10035000000LL},
        /* floating-point lookalikes */
        {"0.001", 1},
        {"0.0005k", 500},
        {"0.005", 5},
        {"0.05", 50},
        {"0.00050k", 500},
        {"0.00500", 5},
        {"9.01", 9010},
        {"8.1k", 8100000},
        {"7.123456M", 7123456000LL},
        {"6.987654321G", 6987654321000LL},
        /* rounding of sub-milli remainders, away from zero */
        {"3.001n", 1},
        {"0.0000000001", 1},
        {"0.00000012345", 1},
        {"1.0001", 1001},
        {"-1.0001", -1001},
        {"-0.5m", -1},
        {"1e-300", 1},
        /* fractional binary */
        {"100.035Ki", 102435840},         /* 102435.84 */
        {"0.5Mi", 524288000},
        {"0.05Gi", 53687091200LL},        /* 53687091.2 */
        {"0.025Ti", 27487790694400LL},    /* 27487790694.4 */
        {".001Ki", 1024},
        {".000001Ki", 2},                 /* 0.001024 milli rounded up */
        {"0.000000000001Ki", 1},
        /* "trolls" */
        {".001", 1},
        {".0001k", 100},
        {"1.", 1000},
        {"1.G", 1000000000000LL},
        {"+1.5", 1500},
        /* limits */
        {"9223372036854775807m", INT64_MAX},
        {"-9223372036854775808m", INT64_MIN},
        {"9223372036854775.807", INT64_MAX},
        {"000000000000000000000000001", 1000},
        {"1.000000000000000000000000000000", 1000},
    };
    check_scaled(t, AK_ARRAY_LEN(t), -3);
    int64_t v;
    assert_int_equal(ak_quantity_milli("250m", &v), 0);
    assert_int_equal(v, 250);
}

static void test_value_ceil(void **state)
{
    (void)state;
    static const struct q_case t[] = {
        {"1Ki", 1024},
        {"1.5", 2},
        {"100m", 1},
        {"1m", 1},
        {"-1.5", -2},
        {"-100m", -1},
        {"0", 0},
        {"1Gi", 1073741824},
        {"7116264Ki", 7287054336LL},
        {"7Ei", 8070450532247928832LL},
        {"-8Ei", INT64_MIN},
        {"1E", 1000000000000000000LL},
        {"9E", 9000000000000000000LL},
        {"9.01", 10},
        {"-9.01", -10},
        {"0.1n", 1},
        {"9223372036854775807", INT64_MAX},
        {"1.5Ki", 1536},
        {"0.3Ki", 308}, /* 307.2 */
    };
    check_scaled(t, AK_ARRAY_LEN(t), 0);
    int64_t v;
    assert_int_equal(ak_quantity_value_ceil("2Mi", &v), 0);
    assert_int_equal(v, 2097152);

    /* TestQuantityRoundUp: 9.01 at scales -3..2 */
    static const struct {
        const char *in;
        int scale;
        int64_t want;
    } r[] = {
        {"9.01", -3, 9010}, {"9.01", -2, 901}, {"9.01", -1, 91},  {"9.01", 0, 10},
        {"9.01", 1, 1},     {"9.01", 2, 1},    {"-9.01", -1, -91}, {"-9.01", 2, -1},
        {"1", -9, 1000000000}, {"1n", -9, 1}, {"1u", -9, 1000}, {"1234k", 3, 1234},
        {"1234567", 3, 1235}, {"1", 18, 1}, {"1E", 18, 1}, {"2E", 18, 2}, {"1", -18, 1000000000000000000LL},
    };
    for (size_t i = 0; i < AK_ARRAY_LEN(r); i++) {
        int64_t got;
        assert_int_equal(ak_quantity_scaled(r[i].in, r[i].scale, &got), 0);
        if (got != r[i].want)
            fail_msg("\"%s\" at 10^%d: got %lld want %lld", r[i].in, r[i].scale, (long long)got,
                     (long long)r[i].want);
    }
    assert_int_equal(ak_quantity_scaled("1", -19, &v), AK_EINVAL);
    assert_int_equal(ak_quantity_scaled("1", 19, &v), AK_EINVAL);
}

static void test_invalid(void **state)
{
    (void)state;
    char longq[AK_QUANTITY_MAXLEN + 2];
    memset(longq, '1', sizeof(longq) - 1);
    longq[sizeof(longq) - 1] = '\0';
    const char *bad[] = {
        /* quantity_test.go */
        "1.1.M", "1+1.0M", "0.1mi", "0.1am", "aoeu", ".5i", "1i", "-3.01i", "-3.01e-", " 1",
        "1 ",
        /* more */
        "", ".", "+", "-", "Ki", "m", "e3", "1e", "1E+", "1K", "1ki", "1KI", "1mi", "1Kib",
        "1 Gi", "1Gi ", "0x10", "1e1.5", "1..", "--1", "+-1", "1-", "1e99999999999",
        "1,5", "1_000", "١", "1\n", "NaN", "Inf", "1GiB", "1Eii", longq,
    };
    for (size_t i = 0; i < AK_ARRAY_LEN(bad); i++) {
        int64_t v = 777;
        if (ak_quantity_valid(bad[i]))
            fail_msg("\"%s\" should be invalid", bad[i]);
        if (ak_quantity_milli(bad[i], &v) != AK_EINVAL || v != 777)
            fail_msg("\"%s\": milli should fail and leave the output alone", bad[i]);
        char buf[AK_QUANTITY_BUFLEN];
        if (ak_quantity_canonical(bad[i], buf, sizeof(buf)) != AK_EINVAL)
            fail_msg("\"%s\": canonical should fail", bad[i]);
    }
    assert_false(ak_quantity_valid(NULL));
    int64_t v;
    assert_int_equal(ak_quantity_milli(NULL, &v), AK_EINVAL);

    /* valid syntax, out of int64 range */
    const char *big_milli[] = {"9223372036854775808m", "-9223372036854775809m", "1E", "8Ei",
                               "9223372036854776", "1e19", "12E", "9Ei",
                               "9223372036854775807Ki", "100000000000000000000"};
    for (size_t i = 0; i < AK_ARRAY_LEN(big_milli); i++) {
        assert_true(ak_quantity_valid(big_milli[i]));
        if (ak_quantity_milli(big_milli[i], &v) != AK_EINVAL)
            fail_msg("\"%s\" should overflow milli", big_milli[i]);
    }
    const char *big_units[] = {"8Ei", "9223372036854775808", "10E", "1e19", "-9223372036854775809"};
    for (size_t i = 0; i < AK_ARRAY_LEN(big_units); i++)
        if (ak_quantity_value_ceil(big_units[i], &v) != AK_EINVAL)
            fail_msg("\"%s\" should overflow units", big_units[i]);
    assert_true(ak_quantity_valid("1Ei"));
    assert_true(ak_quantity_valid("1e300"));
    assert_true(ak_quantity_valid("1E-3"));
    assert_true(ak_quantity_valid("-.5"));
}

/* The round trip parse -> canonical -> parse: the value is the input's rounded up to nano,
 * at every scale, and the canonical form is a fixed point - from the second step for
 * binary-SI values printed as bare integers, as in Kubernetes ("62.5Ki" -> "64000" ->
 * "64k"; found by fuzz_quantity, fuzz/regressions/fuzz_quantity/). */
static void test_canonical_round_trip(void **state)
{
    (void)state;
    static const struct {
        const char *in, *first, *second;
    } t[] = {
        {"62.5Ki", "64000", "64k"},
        {"1.5Ki", "1536", "1536"},
        {"1025Ki", "1025Ki", "1025Ki"},
        {"2.5Mi", "2560Ki", "2560Ki"},
        {"1000.5Ki", "1024512", "1024512"},
        {"1.5Gi", "1536Mi", "1536Mi"},
        {"0.0078125Mi", "8Ki", "8Ki"},
        {"7.8125Ki", "8000", "8k"},
        {"100.035Ki", "102435840m", "102435840m"},
        {"1.3E+6", "1300e3", "1300e3"},
        {"0.5", "500m", "500m"},
        {"3.001n", "4n", "4n"},
    };
    for (size_t i = 0; i < AK_ARRAY_LEN(t); i++) {
        char a[AK_QUANTITY_BUFLEN], b[AK_QUANTITY_BUFLEN], c[AK_QUANTITY_BUFLEN];
        assert_int_equal(ak_quantity_canonical(t[i].in, a, sizeof(a)), 0);
        assert_string_equal(a, t[i].first);
        assert_int_equal(ak_quantity_canonical(a, b, sizeof(b)), 0);
        assert_string_equal(b, t[i].second);
        assert_int_equal(ak_quantity_canonical(b, c, sizeof(c)), 0);
        assert_string_equal(c, b);
        for (int sc = -9; sc <= 18; sc += 3) {
            int64_t x = 0, y = 0, z = 0;
            int rx = ak_quantity_scaled(t[i].in, sc, &x);
            assert_int_equal(ak_quantity_scaled(a, sc, &y), rx);
            assert_int_equal(ak_quantity_scaled(b, sc, &z), rx);
            if (rx == 0 && (x != y || y != z))
                fail_msg("\"%s\" at 10^%d: %lld, canonical %lld, again %lld", t[i].in, sc,
                         (long long)x, (long long)y, (long long)z);
        }
    }
}

static void test_canonical(void **state)
{
    (void)state;
    static const struct {
        const char *in, *want;
    } t[] = {
        /* TestQuantityParseEmit */
        {"1Ki", "1Ki"},
        {"1Mi", "1Mi"},
        {"1Gi", "1Gi"},
        {"1024Mi", "1Gi"},
        {"1000M", "1G"},
        {".001Ki", "1024m"},
        {".000001Ki", "1024u"},
        {".000000001Ki", "1024n"},
        {".000000000001Ki", "2n"},
        {"-1Ki", "-1Ki"},
        {"-1024Mi", "-1Gi"},
        {"-1000M", "-1G"},
        {"-.001Ki", "-1024m"},
        {"-.000000000001Ki", "-2n"},
        /* TestQuantityString: canonical strings stay, alternates map to them */
        {"1Gi", "1Gi"},
        {"300Mi", "300Mi"},
        {"307200Ki", "300Mi"},
        {"6Ki", "6Ki"},
        {"1001Gi", "1001Gi"},
        {"1025024Mi", "1001Gi"},
        {"1Ti", "1Ti"},
        {"1024Gi", "1Ti"},
        {"5", "5"},
        {"5000m", "5"},
        {"500m", "500m"},
        {"0.5", "500m"},
        {"1G", "1G"},
        {"0.001T", "1G"},
        {"1m", "1m"},
        {"1000u", "1m"},
        {"80m", "80m"},
        {"1080m", "1080m"},
        {"1.08", "1080m"},
        {"1080000000n", "1080m"},
        {"300M", "300M"},
        {"1T", "1T"},
        {"1234567M", "1234567M"},
        {"1234567m", "1234567m"},
        {"3k", "3k"},
        {"1025", "1025"},
        {"0", "0"},
        {"00", "0"},
        {"1e9", "1e9"},
        {".001e12", "1e9"},
        {"1e-3", "1e-3"},
        {"0.001e0", "1e-3"},
        {"1e-9", "1e-9"},
        {"1000e-12", "1e-9"},
        {"80e-3", "80e-3"},
        {"300e6", "300e6"},
        {"1e12", "1e12"},
        {"1e3", "1e3"},
        {"3e3", "3e3"},
        {"1n", "1n"},
        {"80n", "80n"},
        {"1080n", "1080n"},
        {"1u", "1u"},
        {"80u", "80u"},
        {"1080u", "1080u"},
        /* rounding to nano (TestQuantityParse "things that saturate/round") */
        {"3.001n", "4n"},
        {"1.1E-9", "2e-9"},
        {"0.0000000001", "1n"},
        {"0.0000000005", "1n"},
        {"0.5e-9", "1e-9"},
        {"0.9n", "1n"},
        {"0.00000012345", "124n"},
        {"0.00000012354", "124n"},
        /* other */
        {"129e6", "129e6"},
        {"128974848", "128974848"},
        {"123Mi", "123Mi"},
        {"-0", "0"},
        {"0Mi", "0"},
        {"-0.0e5", "0"},
        {"1.5Gi", "1536Mi"},
        {"100.035Ki", "102435840m"},
        {"0.5Ki", "512"},
        {"1000Ki", "1000Ki"},
        {"1000", "1k"},
        {"1500000m", "1500"},
        {"12E", "12E"},
        {"1000E", "1000E"},
        {"1e30", "1e30"},
        {"0.5e0", "500e-3"},
        {"1.3E+6", "1300e3"},
        {"+2", "2"},
        {"8Ki", "8Ki"},
        {"1023Ki", "1023Ki"},
        {"1.00000000000000000001", "1000000001n"},
        /* binary SI: the largest binary suffix that divides the value; an integer of 1024 or
         * more without a factor of 1024 is printed bare, as resource.Quantity.String() does
         * (CanonicalizeBytes: AsCanonicalBase1024Bytes with exponent 0 has no suffix) */
        {"1025Ki", "1025Ki"},
        {"-1025Ki", "-1025Ki"},
        {"2.5Mi", "2560Ki"},
        {"1.5Ki", "1536"},
        {"62.5Ki", "64000"},
        {"-62.5Ki", "-64000"},
        {"1025.5Ki", "1050112"},
        {"1.0009765625Ki", "1025"},
        {"0.9765625Ki", "1k"}, /* 1000: below 1024, decimal SI */
        /* ... and that bare integer is a decimal quantity when it is parsed again */
        {"64000", "64k"},
        {"1050112", "1050112"},
    };
    for (size_t i = 0; i < AK_ARRAY_LEN(t); i++) {
        char buf[AK_QUANTITY_BUFLEN];
        int rc = ak_quantity_canonical(t[i].in, buf, sizeof(buf));
        if (rc != 0)
            fail_msg("canonical \"%s\": rc %d", t[i].in, rc);
        if (strcmp(buf, t[i].want) != 0)
            fail_msg("canonical \"%s\": got \"%s\" want \"%s\"", t[i].in, buf, t[i].want);
    }
    char small[3];
    assert_int_equal(ak_quantity_canonical("1234", small, sizeof(small)), AK_ETOOBIG);
    assert_string_equal(small, "");
    char buf[AK_QUANTITY_BUFLEN];
    /* beyond a 64-bit mantissa */
    assert_int_equal(ak_quantity_canonical("1.1Ei", buf, sizeof(buf)), AK_EINVAL);
    assert_int_equal(ak_quantity_canonical("123456789012345678901", buf, sizeof(buf)), AK_EINVAL);
}

static void test_format(void **state)
{
    (void)state;
    static const struct {
        int64_t v;
        const char *want;
    } b[] = {
        {7287054336LL, "7116264Ki"},
        {1073741824, "1Gi"},
        {1536, "1536"},
        {1000, "1k"},
        {0, "0"},
        {1, "1"},
        {100, "100"},
        {512, "512"},
        {1023, "1023"},
        {1024, "1Ki"},
        {1025, "1025"},
        {-1024, "-1Ki"},
        {-1000, "-1k"},
        {314572800, "300Mi"},
        {3LL << 60, "3Ei"},
        {1LL << 62, "4Ei"},
        {INT64_MAX, "9223372036854775807"},
        {INT64_MIN, "-8Ei"},
        {33554432000LL, "32000Mi"},
        {17179869184LL, "16Gi"},
    }, m[] = {
        {1900, "1900m"},
        {2000, "2"},
        {1500000, "1500"},
        {2000000, "2k"},
        {0, "0"},
        {100, "100m"},
        {1, "1m"},
        {10, "10m"},
        {1000, "1"},
        {-500, "-500m"},
        {-2000, "-2"},
        {3860000, "3860"},
        {1000000000, "1M"},
        {1000000000000000000LL, "1P"},
        {INT64_MAX, "9223372036854775807m"},
        {INT64_MIN, "-9223372036854775808m"},
    };
    char buf[AK_QUANTITY_BUFLEN];
    for (size_t i = 0; i < AK_ARRAY_LEN(b); i++) {
        assert_int_equal(ak_quantity_format_bytes(b[i].v, buf, sizeof(buf)), 0);
        if (strcmp(buf, b[i].want) != 0)
            fail_msg("bytes %lld: got \"%s\" want \"%s\"", (long long)b[i].v, buf, b[i].want);
        /* the printed form reads back as the same value */
        int64_t back;
        assert_int_equal(ak_quantity_value_ceil(buf, &back), 0);
        assert_true(back == b[i].v);
    }
    for (size_t i = 0; i < AK_ARRAY_LEN(m); i++) {
        assert_int_equal(ak_quantity_format_milli(m[i].v, buf, sizeof(buf)), 0);
        if (strcmp(buf, m[i].want) != 0)
            fail_msg("milli %lld: got \"%s\" want \"%s\"", (long long)m[i].v, buf, m[i].want);
        int64_t back;
        assert_int_equal(ak_quantity_milli(buf, &back), 0);
        assert_true(back == m[i].v);
    }
    char small[4];
    assert_int_equal(ak_quantity_format_bytes(7287054336LL, small, sizeof(small)), AK_ETOOBIG);
    assert_string_equal(small, "");
    assert_int_equal(ak_quantity_format_milli(1900, small, sizeof(small)), AK_ETOOBIG);
    assert_int_equal(ak_quantity_format_milli(190, small, 0), AK_ETOOBIG);
}

static void test_cmp_add(void **state)
{
    (void)state;
    static const struct {
        const char *a, *b;
        int want;
    } t[] = {
        {"1Gi", "1024Mi", 0},
        {"1G", "1Gi", -1},
        {"100m", "0.2", -1},
        {"0.1", "100m", 0},
        {"-1", "0", -1},
        {"0", "-0", 0},
        {"0m", "0Ki", 0},
        {"1E", "999P", 1},
        {"1e-30", "0", 1},
        {"1e-30", "1e-29", -1},
        {"-1e-30", "-1e-29", 1},
        {"1Ei", "1152921504606846976", 0},
        {"1Ei", "1152921504606846977", -1},
        {"0.5Ki", "512", 0},
        {"1e100", "8Ei", 1},
        {"8Ei", "1e100", -1},
        {"1.5Gi", "1536Mi", 0},
        {"0.000000000001Ki", "1.024e-9", 0},
        {"1.024e-9", "1.0240000001e-9", -1},
        {"2", "1999m", 1},
        {"-2", "-1999m", -1},
        {"1Pi", "1125899906842624", 0},
        {"1Pi", "1.125899906842624e15", 0},
        {"1Pi", "1.125899906842623e15", 1},
    };
    for (size_t i = 0; i < AK_ARRAY_LEN(t); i++) {
        int r = 99;
        assert_int_equal(ak_quantity_cmp(t[i].a, t[i].b, &r), 0);
        if ((r > 0) - (r < 0) != t[i].want)
            fail_msg("cmp(\"%s\", \"%s\") = %d, want %d", t[i].a, t[i].b, r, t[i].want);
    }
    int r;
    assert_int_equal(ak_quantity_cmp("1x", "1", &r), AK_EINVAL);
    assert_int_equal(ak_quantity_cmp("1", "", &r), AK_EINVAL);

    int64_t acc = 100;
    assert_int_equal(ak_quantity_add(&acc, 900), 0);
    assert_int_equal(acc, 1000);
    acc = INT64_MAX - 1;
    assert_int_equal(ak_quantity_add(&acc, 2), AK_EINVAL);
    assert_true(acc == INT64_MAX - 1);
    acc = INT64_MIN;
    assert_int_equal(ak_quantity_add(&acc, -1), AK_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_milli),     cmocka_unit_test(test_value_ceil),
        cmocka_unit_test(test_invalid),   cmocka_unit_test(test_canonical),
        cmocka_unit_test(test_canonical_round_trip),
        cmocka_unit_test(test_format),    cmocka_unit_test(test_cmp_add),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
