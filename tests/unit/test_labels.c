/* test_labels.c - Kubernetes label keys/values, DNS-1123 names, taint parsing. */
#include "unit_helpers.h"

#include <stdbool.h>
#include <stdio.h>

#include "core/ak_labels.h"
#include "util/ak_err.h"
#include "util/ak_mem.h"

static char *rep(char *buf, char c, size_t n)
{
    memset(buf, c, n);
    buf[n] = '\0';
    return buf;
}

static void test_label_keys(void **state)
{
    (void)state;
    char name63[64], name64[65], key[400];
    rep(name63, 'a', 63);
    rep(name64, 'a', 64);
    const char *good[] = {"app", "a", "A", "9", "app.kubernetes.io/name", "example.com/a_b.c-d",
                          "my-label", "UPPER_case.Mixed-1", "a1/b", "x.y.z/Q"};
    for (size_t i = 0; i < AK_ARRAY_LEN(good); i++)
        if (!ak_label_key_valid(good[i]))
            fail_msg("label key '%s' should be valid", good[i]);
    assert_true(ak_label_key_valid(name63));
    assert_false(ak_label_key_valid(name64));
    snprintf(key, sizeof(key), "example.com/%s", name63);
    assert_true(ak_label_key_valid(key));
    snprintf(key, sizeof(key), "example.com/%s", name64);
    assert_false(ak_label_key_valid(key));

    const char *bad[] = {"",           "-app",      "app-",         ".app",    "app.",
                         "a b",        "a:b",       "a=b",          "/app",    "example.com/",
                         "a/b/c",      "Example.com/app", "ex_ample.com/a", "-ex.com/a",
                         "ex.com-/a",  "app!",      "ünicode"};
    for (size_t i = 0; i < AK_ARRAY_LEN(bad); i++)
        if (ak_label_key_valid(bad[i]))
            fail_msg("label key '%s' should be invalid", bad[i]);

    /* prefix: a DNS-1123 subdomain of at most 253 characters */
    char prefix[300];
    rep(prefix, 'p', 253);
    snprintf(key, sizeof(key), "%s/n", prefix);
    assert_true(ak_label_key_valid(key));
    rep(prefix, 'p', 254);
    snprintf(key, sizeof(key), "%s/n", prefix);
    assert_false(ak_label_key_valid(key));
}

static void test_label_values(void **state)
{
    (void)state;
    char v63[64], v64[65];
    rep(v63, 'v', 63);
    rep(v64, 'v', 64);
    const char *good[] = {"", "v1", "a.b_c-d", "A", "0", "Prod"};
    for (size_t i = 0; i < AK_ARRAY_LEN(good); i++)
        if (!ak_label_value_valid(good[i]))
            fail_msg("label value '%s' should be valid", good[i]);
    assert_true(ak_label_value_valid(v63));
    assert_false(ak_label_value_valid(v64));
    const char *bad[] = {"-x", "x-", "_x", "x.", "a b", "a/b", "a:b", "a=b", "é"};
    for (size_t i = 0; i < AK_ARRAY_LEN(bad); i++)
        if (ak_label_value_valid(bad[i]))
            fail_msg("label value '%s' should be invalid", bad[i]);
}

static void test_dns1123(void **state)
{
    (void)state;
    char s63[64], s64[65], s253[254], s254[255];
    rep(s63, 'a', 63);
    rep(s64, 'a', 64);
    assert_true(ak_dns1123_label_valid("abc-123"));
    assert_true(ak_dns1123_label_valid("a"));
    assert_true(ak_dns1123_label_valid("1abc"));
    assert_true(ak_dns1123_label_valid(s63));
    assert_false(ak_dns1123_label_valid(s64));
    const char *bad_labels[] = {"", "-a", "a-", "A", "a.b", "a_b", "a b"};
    for (size_t i = 0; i < AK_ARRAY_LEN(bad_labels); i++)
        if (ak_dns1123_label_valid(bad_labels[i]))
            fail_msg("DNS label '%s' should be invalid", bad_labels[i]);

    rep(s253, 'a', 253);
    rep(s254, 'a', 254);
    assert_true(ak_dns1123_subdomain_valid("a.b.c"));
    assert_true(ak_dns1123_subdomain_valid("kubernetes.azure.com"));
    assert_true(ak_dns1123_subdomain_valid("my-app.example-1.com"));
    assert_true(ak_dns1123_subdomain_valid(s253));
    assert_false(ak_dns1123_subdomain_valid(s254));
    /* every dot-separated part must start and end with an alphanumeric */
    const char *bad_sub[] = {"", ".a", "a.", "-a", "a-", "A.b", "a_b.c", "a..b", "a.-b",
                             "a-.b", "a b"};
    for (size_t i = 0; i < AK_ARRAY_LEN(bad_sub); i++)
        if (ak_dns1123_subdomain_valid(bad_sub[i]))
            fail_msg("DNS subdomain '%s' should be invalid", bad_sub[i]);
    /* and the rule reaches label key prefixes */
    assert_false(ak_label_key_valid("a..b/key"));
    assert_false(ak_label_key_valid("a.-b/key"));
}

static void test_taint_parse_valid(void **state)
{
    (void)state;
    struct ak_taint t;
    assert_int_equal(ak_taint_parse("key=value:NoSchedule", &t), 0);
    assert_string_equal(t.key, "key");
    assert_string_equal(t.value, "value");
    assert_string_equal(t.effect, "NoSchedule");

    assert_int_equal(ak_taint_parse("dedicated:NoExecute", &t), 0);
    assert_string_equal(t.key, "dedicated");
    assert_string_equal(t.value, "");
    assert_string_equal(t.effect, "NoExecute");

    assert_int_equal(ak_taint_parse("key=:PreferNoSchedule", &t), 0);
    assert_string_equal(t.value, "");
    assert_string_equal(t.effect, "PreferNoSchedule");

    assert_int_equal(ak_taint_parse("kubernetes.azure.com/scalesetpriority=spot:NoSchedule", &t),
                     0);
    assert_string_equal(t.key, "kubernetes.azure.com/scalesetpriority");
    assert_string_equal(t.value, "spot");

    assert_int_equal(ak_taint_parse("CriticalAddonsOnly=true:NoSchedule", &t), 0);
    assert_int_equal(ak_taint_parse("a_b.c-d=v_1.2-3:NoSchedule", &t), 0);
    assert_string_equal(t.key, "a_b.c-d");
    assert_string_equal(t.value, "v_1.2-3");

    char spec[512], v63[64];
    rep(v63, 'v', 63);
    snprintf(spec, sizeof(spec), "k=%s:NoSchedule", v63);
    assert_int_equal(ak_taint_parse(spec, &t), 0);
    assert_string_equal(t.value, v63);
}

static void test_taint_parse_invalid(void **state)
{
    (void)state;
    struct ak_taint t;
    char v64[65], spec[512];
    rep(v64, 'v', 64);
    const char *bad[] = {
        "",
        "key=value",                /* no effect */
        "key",                      /* nothing */
        "key=value:",               /* empty effect */
        "key=value:NoScheduled",    /* unknown effect */
        "key=value:noschedule",     /* effects are case-sensitive */
        "=value:NoSchedule",        /* empty key */
        ":NoSchedule",              /* empty key */
        "-key=value:NoSchedule",    /* key must start alphanumeric */
        "key-=value:NoSchedule",    /* key must end alphanumeric */
        "key=-value:NoSchedule",    /* value must start alphanumeric */
        "key=value-:NoSchedule",    /* value must end alphanumeric */
        "ke y=value:NoSchedule",    /* space */
        "key=va lue:NoSchedule",
        "key=a=b:NoSchedule",       /* '=' in the value */
        "key=va:lue:NoSchedule",    /* ':' in the value */
        "a/b/c=v:NoSchedule",       /* two slashes */
        "Example.com/k=v:NoSchedule", /* prefix must be lower-case */
        "/k=v:NoSchedule",
        "k=v:NoSchedule ",
    };
    for (size_t i = 0; i < AK_ARRAY_LEN(bad); i++)
        if (ak_taint_parse(bad[i], &t) != AK_EINVAL)
            fail_msg("taint '%s' should be invalid", bad[i]);
    snprintf(spec, sizeof(spec), "k=%s:NoSchedule", v64);
    assert_int_equal(ak_taint_parse(spec, &t), AK_EINVAL);
    /* key longer than 253 characters */
    char key[300];
    rep(key, 'k', 254);
    snprintf(spec, sizeof(spec), "%s=v:NoSchedule", key);
    assert_int_equal(ak_taint_parse(spec, &t), AK_EINVAL);
    /* the name part of the key is capped at 63 like a label name */
    rep(key, 'k', 64);
    snprintf(spec, sizeof(spec), "%s=v:NoSchedule", key);
    assert_int_equal(ak_taint_parse(spec, &t), AK_EINVAL);
}

static void test_taint_effects(void **state)
{
    (void)state;
    assert_true(ak_taint_effect_valid("NoSchedule"));
    assert_true(ak_taint_effect_valid("PreferNoSchedule"));
    assert_true(ak_taint_effect_valid("NoExecute"));
    assert_false(ak_taint_effect_valid("noexecute"));
    assert_false(ak_taint_effect_valid(""));
    assert_false(ak_taint_effect_valid("NoSchedule "));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_label_keys),       cmocka_unit_test(test_label_values),
        cmocka_unit_test(test_dns1123),          cmocka_unit_test(test_taint_parse_valid),
        cmocka_unit_test(test_taint_parse_invalid), cmocka_unit_test(test_taint_effects),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
