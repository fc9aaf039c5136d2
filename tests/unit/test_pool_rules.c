/* test_pool_rules.c - every rule of ak_pool_validate / ak_pool_check_delete /
 * ak_pool_check_name: ARM code, HTTP status, target and a key phrase of the message.
 * docs/rules.md maps each rule to the test function that checks it. */
#include "unit_helpers.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/ak_catalog.h"
#include "core/ak_pool.h"
#include "util/ak_err.h"
#include "util/ak_mem.h"
#include "util/ak_str.h"

#define T_NAME "agentPoolProfile.name"

struct fx {
    struct ak_pool_spec req, old, out;
    struct ak_pool_ctx ctx;
    struct ak_err err;
};

static void S(char **field, const char *v)
{
    free(*field);
    *field = ak_xstrdup(v);
}

static void reset_req(struct fx *f, const char *name)
{
    ak_pool_spec_release(&f->req);
    ak_pool_spec_init(&f->req);
    f->req.name = ak_xstrdup(name);
}

static void reset_ctx(struct fx *f)
{
    memset(&f->ctx, 0, sizeof(f->ctx));
    f->ctx.cluster_version = "1.32.6";
    f->ctx.other_pools = 1;
    f->ctx.other_system_pools = 1;
    f->ctx.other_nodes = 0;
    f->ctx.default_max_pods = 110;
}

static int setup(void **state)
{
    struct fx *f = ak_xcalloc(1, sizeof(*f));
    ak_pool_spec_init(&f->req);
    ak_pool_spec_init(&f->old);
    ak_pool_spec_init(&f->out);
    reset_req(f, "pool1");
    reset_ctx(f);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    ak_pool_spec_release(&f->req);
    ak_pool_spec_release(&f->old);
    ak_pool_spec_release(&f->out);
    free(f);
    return 0;
}

static int create(struct fx *f)
{
    ak_err_clear(&f->err);
    return ak_pool_validate(&f->req, NULL, &f->ctx, &f->out, &f->err);
}

static int update(struct fx *f)
{
    ak_err_clear(&f->err);
    return ak_pool_validate(&f->req, &f->old, &f->ctx, &f->out, &f->err);
}

#define OK(expr)                                                                              \
    do {                                                                                      \
        int rc_ = (expr);                                                                     \
        if (rc_ != 0)                                                                         \
            fail_msg("%s:%d: expected success, got rc %d: %d %s [%s] %s", __FILE__, __LINE__,  \
                     rc_, f->err.status, f->err.code, f->err.target, f->err.message);         \
    } while (0)

/* Every node-pool rule answers HTTP 400, so the return code is AK_EINVAL. */
#define ERR(expr, st, cd, tgt, phrase)                                                        \
    do {                                                                                      \
        int rc_ = (expr);                                                                     \
        if (rc_ == 0)                                                                         \
            fail_msg("%s:%d: expected %s (%s), got success", __FILE__, __LINE__, (cd),       \
                     (phrase));                                                               \
        assert_int_equal(f->err.status, (st));                                                \
        assert_int_equal(rc_, (st) == 400 ? AK_EINVAL : AK_ECONFLICT);                        \
        assert_string_equal(f->err.code, (cd));                                               \
        assert_string_equal(f->err.target, (tgt));                                            \
        ASSERT_CONTAINS(f->err.message, (phrase));                                            \
    } while (0)

#define INVALID(expr, field, phrase)                                                          \
    ERR(expr, 400, "InvalidParameter", "agentPoolProfile." field, phrase)
#define NOT_ALLOWED(expr, phrase) ERR(expr, 400, "OperationNotAllowed", "", phrase)
#define CHANGE(expr, field)                                                                   \
    ERR(expr, 400, "PropertyChangeNotAllowed", "agentPoolProfile." field,                   \
        "Changing property 'agentPoolProfile." field "' is not allowed")

/* Creates the pool described by f->req, moves the result to f->old and leaves a fresh
 * request with only the name set (absent fields mean "keep"). */
static void make_old(struct fx *f)
{
    OK(create(f));
    ak_pool_spec_release(&f->old);
    f->old = f->out;
    ak_pool_spec_init(&f->out);
    char *name = ak_xstrdup(f->old.name);
    reset_req(f, name);
    free(name);
}

/* ------------------------------------------------------------------ names */

static void test_name_check_direct(void **state)
{
    (void)state;
    struct ak_err err;
    assert_int_equal(ak_pool_check_name("pool1", false, &err), 0);
    assert_int_equal(ak_pool_check_name("a", false, &err), 0);
    assert_int_equal(ak_pool_check_name("abcdefghijkl", false, &err), 0); /* 12 */
    assert_int_equal(ak_pool_check_name("win123", true, &err), 0);        /* 6 */

    const char *bad_linux[] = {"abcdefghijklm", "", "UPSANW", "Pool1", "1pool", "pool-1",
                               "pool_1", "po ol", "p\xc3\xb6ol"};
    for (size_t i = 0; i < AK_ARRAY_LEN(bad_linux); i++) {
        ak_err_clear(&err);
        assert_int_equal(ak_pool_check_name(bad_linux[i], false, &err), AK_EINVAL);
        assert_int_equal(err.status, 400);
        assert_string_equal(err.code, "InvalidParameter");
        assert_string_equal(err.target, T_NAME);
        ASSERT_CONTAINS(err.message, "The value of parameter agentPoolProfile.name is invalid. "
                                     "Please see https://aka.ms/aks-naming-rules");
        ASSERT_CONTAINS(err.message, "max length of 12");
    }
    ak_err_clear(&err);
    assert_int_equal(ak_pool_check_name(NULL, false, &err), AK_EINVAL);
    assert_string_equal(err.target, T_NAME);

    ak_err_clear(&err);
    assert_int_equal(ak_pool_check_name("win1234", true, &err), AK_EINVAL);
    ASSERT_CONTAINS(err.message, "Agent Pool name 'win1234'");
    ASSERT_CONTAINS(err.message, "max length of 6");
    /* 12 characters are fine for Linux but not for Windows */
    assert_int_equal(ak_pool_check_name("abcdefg", false, NULL), 0);
    assert_int_equal(ak_pool_check_name("abcdefg", true, NULL), AK_EINVAL);
}

static void test_name_rules_in_validate(void **state)
{
    struct fx *f = *state;
    reset_req(f, "Pool1");
    INVALID(create(f), "name", "aka.ms/aks-naming-rules");
    reset_req(f, "1pool");
    INVALID(create(f), "name", "must start with a lowercase letter");
    reset_req(f, "abcdefghijklm");
    INVALID(create(f), "name", "max length of 12");
    reset_req(f, "abcdefghijkl");
    OK(create(f));
    /* Windows: 6 characters at most; the limit comes from the effective osType */
    reset_req(f, "win1234");
    S(&f->req.os_type, "Windows");
    INVALID(create(f), "name", "max length of 6");
    reset_req(f, "win123");
    S(&f->req.os_type, "Windows");
    OK(create(f));
    ASSERT_STR(f->out.os_sku, "Windows2022");
}

/* ------------------------------------------------------------------ enums */

static void test_mode_values(void **state)
{
    struct fx *f = *state;
    const char *bad[] = {"system", "user", "USER", "Gateway", ""};
    for (size_t i = 0; i < AK_ARRAY_LEN(bad); i++) {
        reset_req(f, "pool1");
        S(&f->req.mode, bad[i]);
        INVALID(create(f), "mode", "is not a valid value; allowed values are 'System', 'User' "
                                   "(case-sensitive).");
    }
    reset_req(f, "pool1");
    S(&f->req.mode, "User");
    OK(create(f));
    ASSERT_STR(f->out.mode, "User");
    reset_req(f, "pool1");
    S(&f->req.mode, "System");
    OK(create(f));
    ASSERT_STR(f->out.mode, "System");
    assert_true(ak_pool_is_system(&f->out));
}

static void test_mode_default(void **state)
{
    struct fx *f = *state;
    /* the first pool of a cluster create becomes System when mode is left out */
    f->ctx.in_cluster_create = true;
    f->ctx.other_pools = 0;
    f->ctx.other_system_pools = 0;
    OK(create(f));
    ASSERT_STR(f->out.mode, "System");
    f->ctx.other_pools = 1;
    OK(create(f));
    ASSERT_STR(f->out.mode, "User");
    reset_ctx(f);
    f->ctx.other_pools = 0;
    OK(create(f));
    ASSERT_STR(f->out.mode, "User");
}

static void test_os_type_and_sku(void **state)
{
    struct fx *f = *state;
    S(&f->req.os_type, "linux");
    INVALID(create(f), "osType", "'linux' is not a valid value");
    reset_req(f, "pool1");
    S(&f->req.os_sku, "ubuntu");
    INVALID(create(f), "osSKU", "'ubuntu' is not a valid value");
    reset_req(f, "pool1");
    S(&f->req.os_sku, "Windows2019");
    INVALID(create(f), "osSKU", "osSKU Windows2019 does not match osType Linux");
    reset_req(f, "win1");
    S(&f->req.os_type, "Windows");
    S(&f->req.os_sku, "Ubuntu");
    INVALID(create(f), "osSKU", "osSKU Ubuntu does not match osType Windows");
    const char *linux_skus[] = {"Ubuntu", "AzureLinux", "CBLMariner"};
    for (size_t i = 0; i < AK_ARRAY_LEN(linux_skus); i++) {
        reset_req(f, "pool1");
        S(&f->req.os_sku, linux_skus[i]);
        OK(create(f));
        ASSERT_STR(f->out.os_sku, linux_skus[i]);
    }
    reset_req(f, "win1");
    S(&f->req.os_type, "Windows");
    S(&f->req.os_sku, "Windows2019");
    OK(create(f));
    ASSERT_STR(f->out.os_type, "Windows");
}

static void test_other_enums(void **state)
{
    struct fx *f = *state;
    S(&f->req.os_disk_type, "ephemeral");
    INVALID(create(f), "osDiskType", "allowed values are 'Managed', 'Ephemeral'");
    reset_req(f, "pool1");
    S(&f->req.kubelet_disk_type, "Temp");
    INVALID(create(f), "kubeletDiskType", "'Temp' is not a valid value");
    reset_req(f, "pool1");
    S(&f->req.scale_down_mode, "delete");
    INVALID(create(f), "scaleDownMode", "'delete' is not a valid value");
    reset_req(f, "pool1");
    S(&f->req.type, "VMSS");
    INVALID(create(f), "type", "'VMSS' is not a valid value");
    reset_req(f, "pool1");
    S(&f->req.priority, "spot");
    INVALID(create(f), "scaleSetPriority", "'spot' is not a valid value");
    reset_req(f, "pool1");
    S(&f->req.eviction_policy, "delete");
    INVALID(create(f), "scaleSetEvictionPolicy", "'delete' is not a valid value");
    reset_req(f, "pool1");
    S(&f->req.power_state, "running");
    INVALID(create(f), "powerState.code", "'running' is not a valid value");
    reset_req(f, "pool1");
    S(&f->req.kubelet_disk_type, "Temporary");
    OK(create(f));
    ASSERT_STR(f->out.kubelet_disk_type, "Temporary");
}

static void test_availability_set_type(void **state)
{
    struct fx *f = *state;
    S(&f->req.type, "AvailabilitySet");
    INVALID(create(f), "type", "AvailabilitySet node pools cannot be added");
    reset_req(f, "pool1");
    S(&f->req.type, "VirtualMachineScaleSets");
    OK(create(f));
}

/* ------------------------------------------------------------------ VM size */

static void test_vm_size_unknown(void **state)
{
    struct fx *f = *state;
    S(&f->req.vm_size, "Standard_X99_v9");
    INVALID(create(f), "vmSize",
            "The value of parameter agentPoolProfile.vmSize is invalid. Error details: The "
            "requested VM size Standard_X99_v9 is not available in the current region.");
    ASSERT_CONTAINS(f->err.message, "Standard_DS2_v2");
    /* retired sizes are not offered in the list */
    ASSERT_NOT_CONTAINS(f->err.message, "Standard_NC6,");
}

static void test_vm_size_retired_nc6(void **state)
{
    struct fx *f = *state;
    S(&f->req.vm_size, "Standard_NC6");
    INVALID(create(f), "vmSize", "The VM size Standard_NC6 was retired on 2023-09-06");
    ASSERT_CONTAINS(f->err.message, "NVIDIA K80 GPU");
    ASSERT_CONTAINS(f->err.message, "Current GPU sizes: Standard_NC6s_v3, Standard_NC4as_T4_v3.");
    /* case-insensitive lookup reaches the same rule */
    reset_req(f, "pool1");
    S(&f->req.vm_size, "standard_nc6");
    INVALID(create(f), "vmSize", "retired");
}

static void test_vm_size_restricted(void **state)
{
    struct fx *f = *state;
    S(&f->req.vm_size, "Standard_B1s");
    ERR(create(f), 400, "BadRequest", "",
        "The VM SKU chosen for this cluster `Standard_B1s` does not have enough CPU/memory to "
        "run as an AKS node. Please see https://aka.ms/aks/restricted-skus");
}

static void test_vm_size_canonical_case(void **state)
{
    struct fx *f = *state;
    S(&f->req.vm_size, "standard_d4s_v3");
    OK(create(f));
    ASSERT_STR(f->out.vm_size, "Standard_D4s_v3");
}

static void test_system_pool_sku(void **state)
{
    struct fx *f = *state;
    S(&f->req.mode, "System");
    S(&f->req.vm_size, "Standard_DS1_v2");
    ERR(create(f), 400, "SystemPoolSkuTooLow", "",
        "System node pool must use VM sku with more than 2 cores and 4GB memory. Nodepool "
        "name: pool1.");
    /* 2 vCPU / 4 GiB is accepted (observed: B2s / DS2_v2 work as system pools) */
    const char *ok[] = {"Standard_B2s", "Standard_DS2_v2", "Standard_D2s_v5"};
    for (size_t i = 0; i < AK_ARRAY_LEN(ok); i++) {
        reset_req(f, "pool1");
        S(&f->req.mode, "System");
        S(&f->req.vm_size, ok[i]);
        OK(create(f));
    }
    /* the rule is only for System pools */
    reset_req(f, "pool1");
    S(&f->req.mode, "User");
    S(&f->req.vm_size, "Standard_DS1_v2");
    OK(create(f));
    /* changing a DS1_v2 User pool to System is caught too */
    make_old(f);
    S(&f->req.mode, "System");
    ERR(update(f), 400, "SystemPoolSkuTooLow", "", "Nodepool name: pool1.");
}

static void test_windows_system_pool(void **state)
{
    struct fx *f = *state;
    reset_req(f, "win1");
    S(&f->req.os_type, "Windows");
    S(&f->req.mode, "System");
    INVALID(create(f), "mode", "System node pools must run Linux");
    reset_req(f, "win1");
    S(&f->req.os_type, "Windows");
    S(&f->req.mode, "User");
    OK(create(f));
}

/* ------------------------------------------------------------------ spot */

static void test_spot_system_pool(void **state)
{
    struct fx *f = *state;
    S(&f->req.priority, "Spot");
    S(&f->req.mode, "System");
    INVALID(create(f), "mode", "a Spot node pool must be a User pool");
    /* the default mode of the first pool of a new cluster is System, so Spot fails there */
    reset_req(f, "pool1");
    S(&f->req.priority, "Spot");
    f->ctx.in_cluster_create = true;
    f->ctx.other_pools = 0;
    INVALID(create(f), "mode", "System pools cannot use Spot priority");
}

static void test_spot_burstable(void **state)
{
    struct fx *f = *state;
    const char *bseries[] = {"Standard_B2s", "Standard_B2ms", "Standard_B4ms"};
    for (size_t i = 0; i < AK_ARRAY_LEN(bseries); i++) {
        reset_req(f, "pool1");
        S(&f->req.priority, "Spot");
        S(&f->req.vm_size, bseries[i]);
        INVALID(create(f), "vmSize", "B-series burstable VM sizes such as");
        ASSERT_CONTAINS(f->err.message, bseries[i]);
    }
    reset_req(f, "pool1");
    S(&f->req.vm_size, "Standard_B2s"); /* Regular B-series is fine */
    OK(create(f));
}

static void test_spot_fields_on_regular_pool(void **state)
{
    struct fx *f = *state;
    S(&f->req.eviction_policy, "Deallocate");
    INVALID(create(f), "scaleSetEvictionPolicy",
            "scaleSetEvictionPolicy can only be set when scaleSetPriority is Spot.");
    reset_req(f, "pool1");
    f->req.has_spot_max_price = true;
    f->req.spot_max_price = 0.5;
    INVALID(create(f), "spotMaxPrice", "spotMaxPrice can only be set when scaleSetPriority is "
                                       "Spot.");
    /* az sends the API defaults for Regular pools too */
    reset_req(f, "pool1");
    S(&f->req.priority, "Regular");
    S(&f->req.eviction_policy, "Delete");
    f->req.has_spot_max_price = true;
    f->req.spot_max_price = -1;
    OK(create(f));
    assert_false(ak_pool_is_spot(&f->out));
    assert_null(f->out.eviction_policy);
    assert_false(f->out.has_spot_max_price);
}

static void test_spot_max_price(void **state)
{
    struct fx *f = *state;
    const double good[] = {-1.0, 0.5, 0.12345, 0.00001, 5.0, 100.12345, 3.06};
    for (size_t i = 0; i < AK_ARRAY_LEN(good); i++) {
        reset_req(f, "pool1");
        S(&f->req.priority, "Spot");
        f->req.has_spot_max_price = true;
        f->req.spot_max_price = good[i];
        OK(create(f));
        assert_true(f->out.spot_max_price == good[i]);
    }
    /* 12.345678 has six decimals: the check must not get looser as the price grows */
    const double bad[] = {0.123456, 0.0, -2.0, -0.5, 0.000001, 12.345678, 250.000001};
    for (size_t i = 0; i < AK_ARRAY_LEN(bad); i++) {
        reset_req(f, "pool1");
        S(&f->req.priority, "Spot");
        f->req.has_spot_max_price = true;
        f->req.spot_max_price = bad[i];
        INVALID(create(f), "spotMaxPrice",
                "it must be -1 (pay up to the pay-as-you-go price, never evicted for price) or "
                "a price in USD greater than 0 with at most 5 decimal places.");
    }
}

static void test_spot_defaults_label_taint(void **state)
{
    struct fx *f = *state;
    S(&f->req.priority, "Spot");
    OK(create(f));
    assert_true(ak_pool_is_spot(&f->out));
    ASSERT_STR(f->out.eviction_policy, "Delete");
    assert_true(f->out.has_spot_max_price);
    assert_true(f->out.spot_max_price == -1.0);
    ASSERT_STR(ak_kvs_get(&f->out.labels, AK_SPOT_LABEL_KEY), "spot");
    assert_int_equal(f->out.taints.n, 1);
    ASSERT_STR(f->out.taints.v[0], AK_SPOT_TAINT);

    /* a client that echoes AKS's own label and taint back is accepted, without duplicates */
    reset_req(f, "pool1");
    S(&f->req.priority, "Spot");
    S(&f->req.eviction_policy, "Deallocate");
    ak_kvs_set(&f->req.labels, AK_SPOT_LABEL_KEY, "spot");
    ak_strs_push(&f->req.taints, "app=x:NoSchedule");
    ak_strs_push(&f->req.taints, AK_SPOT_TAINT);
    OK(create(f));
    ASSERT_STR(f->out.eviction_policy, "Deallocate");
    assert_int_equal(f->out.taints.n, 2);
    assert_int_equal(f->out.labels.n, 1);

    /* the spot label with another value is a reserved label */
    reset_req(f, "pool1");
    S(&f->req.priority, "Spot");
    ak_kvs_set(&f->req.labels, AK_SPOT_LABEL_KEY, "regular");
    /* the validator overwrites it with "spot" before checking, so it is accepted as spot */
    OK(create(f));
    ASSERT_STR(ak_kvs_get(&f->out.labels, AK_SPOT_LABEL_KEY), "spot");
}

static void test_spot_label_taint_only_on_spot(void **state)
{
    struct fx *f = *state;
    ak_kvs_set(&f->req.labels, AK_SPOT_LABEL_KEY, "spot");
    INVALID(create(f), "nodeLabels", "uses a reserved prefix");
    reset_req(f, "pool1");
    ak_strs_push(&f->req.taints, AK_SPOT_TAINT);
    INVALID(create(f), "nodeTaints", "is reserved for Spot node pools; AKS adds it itself.");
    /* and a Regular pool gets neither automatically */
    reset_req(f, "pool1");
    OK(create(f));
    assert_null(ak_kvs_get(&f->out.labels, AK_SPOT_LABEL_KEY));
    assert_int_equal(f->out.taints.n, 0);
}

static void test_spot_max_surge(void **state)
{
    struct fx *f = *state;
    S(&f->req.priority, "Spot");
    S(&f->req.max_surge, "1");
    /* AKS observed: "agentPoolProfile.upgrade.maxSurge is invalid. Error details: Spot pools
     * can't set max surge." */
    INVALID(create(f), "upgrade.maxSurge",
            "The value of parameter agentPoolProfile.upgrade.maxSurge is invalid. Error details: "
            "Spot pools can't set max surge.");
    reset_req(f, "pool1");
    S(&f->req.priority, "Spot");
    S(&f->req.max_surge, ""); /* empty = not set */
    OK(create(f));
}

/* ------------------------------------------------------------------ counts, autoscaler */

static void test_count_ranges(void **state)
{
    struct fx *f = *state;
    const int user_ok[] = {0, 1, 1000};
    for (size_t i = 0; i < AK_ARRAY_LEN(user_ok); i++) {
        reset_req(f, "pool1");
        f->req.has_count = true;
        f->req.count = user_ok[i];
        OK(create(f));
        assert_int_equal(f->out.count, user_ok[i]);
    }
    const int user_bad[] = {-1, 1001};
    for (size_t i = 0; i < AK_ARRAY_LEN(user_bad); i++) {
        reset_req(f, "pool1");
        f->req.has_count = true;
        f->req.count = user_bad[i];
        INVALID(create(f), "count", "it must be between 0 and 1000 for User pools.");
    }
    reset_req(f, "pool1");
    S(&f->req.mode, "System");
    f->req.has_count = true;
    f->req.count = 0;
    INVALID(create(f), "count", "count 0 is out of range; it must be between 1 and 1000 for "
                                "System pools.");
    f->req.count = 1;
    OK(create(f));
    f->req.count = 1000;
    OK(create(f));
    f->req.count = 1001;
    INVALID(create(f), "count", "between 1 and 1000 for System pools");
}

static void test_autoscaler_create(void **state)
{
    struct fx *f = *state;
    f->req.enable_auto_scaling = true;
    f->req.has_min_count = f->req.has_max_count = f->req.has_count = true;
    f->req.min_count = 1;
    f->req.max_count = 3;
    f->req.count = 2;
    OK(create(f));
    assert_true(f->out.enable_auto_scaling);
    assert_int_equal(f->out.min_count, 1);
    assert_int_equal(f->out.max_count, 3);
    /* boundaries are inclusive */
    f->req.count = 1;
    OK(create(f));
    f->req.count = 3;
    OK(create(f));
    f->req.count = 4;
    INVALID(create(f), "count", "count 4 must be within the autoscaler range [minCount 1, "
                                "maxCount 3].");
    f->req.count = 0;
    INVALID(create(f), "count", "within the autoscaler range");
    /* min > max */
    f->req.count = 3;
    f->req.min_count = 4;
    INVALID(create(f), "minCount", "minCount (4) must be less than or equal to maxCount (3).");
    /* both needed */
    f->req.min_count = 1;
    f->req.has_max_count = false;
    INVALID(create(f), "minCount", "minCount and maxCount must both be set");
    f->req.has_max_count = true;
    f->req.has_min_count = false;
    INVALID(create(f), "minCount", "must both be set");
    f->req.has_min_count = true;
    /* ranges */
    f->req.min_count = -1;
    INVALID(create(f), "minCount", "minCount -1 is out of range; it must be between 0 and 1000");
    f->req.min_count = 0;
    f->req.max_count = 1001;
    INVALID(create(f), "maxCount", "maxCount 1001 is out of range");
    /* System pools: min >= 1 */
    f->req.max_count = 3;
    f->req.count = 1;
    S(&f->req.mode, "System");
    INVALID(create(f), "minCount", "minCount 0 is out of range; it must be between 1 and 1000 "
                                   "for System pools.");
    /* min/max are ignored (not kept) when the autoscaler is off */
    reset_req(f, "pool1");
    f->req.has_min_count = f->req.has_max_count = true;
    f->req.min_count = 5;
    f->req.max_count = 1;
    OK(create(f));
    assert_false(f->out.enable_auto_scaling);
    assert_false(f->out.has_min_count);
}

static void test_autoscaler_enable_and_scale_same_update(void **state)
{
    struct fx *f = *state;
    f->req.has_count = true;
    f->req.count = 2;
    make_old(f);
    f->req.enable_auto_scaling = true;
    f->req.has_min_count = f->req.has_max_count = f->req.has_count = true;
    f->req.min_count = 1;
    f->req.max_count = 5;
    f->req.count = 3;
    NOT_ALLOWED(update(f), "Cannot manually scale and enable cluster autoscaler in the same "
                           "update operation on VMSS Agentpool 'pool1'");
    f->req.count = 2; /* unchanged count: fine */
    OK(update(f));
    f->req.has_count = false; /* absent count: fine */
    OK(update(f));
    assert_int_equal(f->out.count, 2);
    /* enabling with a current count outside the new range */
    f->req.min_count = 3;
    INVALID(update(f), "count", "count 2 must be within the autoscaler range [minCount 3");
}

static void test_autoscaler_scale_while_enabled(void **state)
{
    struct fx *f = *state;
    f->req.enable_auto_scaling = true;
    f->req.has_min_count = f->req.has_max_count = f->req.has_count = true;
    f->req.min_count = 1;
    f->req.max_count = 5;
    f->req.count = 2;
    make_old(f);
    f->req.enable_auto_scaling = true;
    f->req.has_count = true;
    f->req.count = 4;
    NOT_ALLOWED(update(f), "Cannot scale cluster autoscaler enabled node pool 'pool1'");
    ASSERT_CONTAINS(f->err.message, "(now 2)");
    /* min/max can change, and are kept from the old pool when absent */
    f->req.has_count = false;
    OK(update(f));
    assert_int_equal(f->out.min_count, 1);
    assert_int_equal(f->out.max_count, 5);
    f->req.has_max_count = true;
    f->req.max_count = 10;
    OK(update(f));
    assert_int_equal(f->out.max_count, 10);
    assert_int_equal(f->out.count, 2);
    /* disabling the autoscaler and scaling in one update is allowed */
    reset_req(f, "pool1");
    f->req.has_count = true;
    f->req.count = 4;
    OK(update(f));
    assert_false(f->out.enable_auto_scaling);
    assert_int_equal(f->out.count, 4);
}

/* ------------------------------------------------------------------ max pods */

static void test_max_pods(void **state)
{
    struct fx *f = *state;
    const int bad[] = {9, 251, -5};
    for (size_t i = 0; i < AK_ARRAY_LEN(bad); i++) {
        reset_req(f, "pool1");
        f->req.max_pods = bad[i];
        f->req.has_count = true;
        f->req.count = 5;
        INVALID(create(f), "maxPods", "is out of range; it must be between 10 and 250.");
    }
    struct {
        int max_pods, count;
        bool ok;
    } cases[] = {
        {10, 3, true},  {10, 2, false}, {29, 1, false}, {29, 2, true}, {30, 1, true},
        {250, 1, true}, {10, 0, true}, /* an empty pool holds nothing but is allowed */
        {15, 2, true},  {14, 2, false},
    };
    for (size_t i = 0; i < AK_ARRAY_LEN(cases); i++) {
        reset_req(f, "pool1");
        f->req.max_pods = cases[i].max_pods;
        f->req.has_count = true;
        f->req.count = cases[i].count;
        if (cases[i].ok) {
            OK(create(f));
            assert_int_equal(f->out.max_pods, cases[i].max_pods);
        } else {
            INVALID(create(f), "maxPods", "a node pool must be able to hold at least 30 pods");
        }
    }
    reset_req(f, "pool1");
    f->req.max_pods = 10;
    INVALID(create(f), "maxPods", "count 1 x maxPods 10 = 10");
}

static void test_max_pods_default_from_ctx(void **state)
{
    struct fx *f = *state;
    const int ctxv[] = {110, 250, 30};
    for (size_t i = 0; i < AK_ARRAY_LEN(ctxv); i++) {
        f->ctx.default_max_pods = ctxv[i];
        OK(create(f));
        assert_int_equal(f->out.max_pods, ctxv[i]);
    }
    f->ctx.default_max_pods = 0; /* unknown network: kubenet's 110 */
    OK(create(f));
    assert_int_equal(f->out.max_pods, 110);
}

/* ------------------------------------------------------------------ OS disk */

static void test_os_disk_size_range(void **state)
{
    struct fx *f = *state;
    const int bad[] = {-1, 1, 29, 2049, 4096};
    for (size_t i = 0; i < AK_ARRAY_LEN(bad); i++) {
        reset_req(f, "pool1");
        f->req.os_disk_size_gb = bad[i];
        INVALID(create(f), "osDiskSizeGB", "it must be 0 (the size's default) or between 30 "
                                           "and 2048.");
    }
    const int good[] = {30, 100, 2048};
    for (size_t i = 0; i < AK_ARRAY_LEN(good); i++) {
        reset_req(f, "pool1");
        f->req.os_disk_size_gb = good[i];
        OK(create(f));
        assert_int_equal(f->out.os_disk_size_gb, good[i]);
    }
}

static void test_os_disk_default_size_by_vcpu(void **state)
{
    struct fx *f = *state;
    struct {
        const char *size;
        int gb;
    } cases[] = {
        {"Standard_DS2_v2", 128}, /* 2 vCPU */
        {"Standard_D4s_v5", 128}, /* 4 vCPU */
        {"Standard_D8s_v5", 256}, /* 8 vCPU */
        {"Standard_E8s_v3", 256},
    };
    for (size_t i = 0; i < AK_ARRAY_LEN(cases); i++) {
        reset_req(f, "pool1");
        S(&f->req.vm_size, cases[i].size);
        OK(create(f));
        assert_int_equal(f->out.os_disk_size_gb, cases[i].gb);
    }
    /* 16 and 64 vCPU sizes are not in the catalog: the table itself */
    struct ak_vm_size z;
    memset(&z, 0, sizeof(z));
    const int vcpu[] = {1, 7, 8, 15, 16, 63, 64, 128};
    const int gb[] = {128, 128, 256, 256, 512, 512, 1024, 1024};
    for (size_t i = 0; i < AK_ARRAY_LEN(vcpu); i++) {
        z.vcpu = vcpu[i];
        assert_int_equal(ak_vm_size_default_os_disk_gb(&z), gb[i]);
    }
}

static void test_os_disk_ephemeral_vs_managed(void **state)
{
    struct fx *f = *state;
    /* DS2_v2: 86 GiB cache. The 128 GB default does not fit: Managed */
    OK(create(f));
    ASSERT_STR(f->out.vm_size, "Standard_DS2_v2");
    ASSERT_STR(f->out.os_disk_type, "Managed");
    assert_int_equal(f->out.os_disk_size_gb, 128);
    /* 60 GB fits the cache: Ephemeral by default */
    f->req.os_disk_size_gb = 60;
    OK(create(f));
    ASSERT_STR(f->out.os_disk_type, "Ephemeral");
    assert_int_equal(f->out.os_disk_size_gb, 60);
    /* exactly the cache size still fits */
    f->req.os_disk_size_gb = 86;
    OK(create(f));
    ASSERT_STR(f->out.os_disk_type, "Ephemeral");
    f->req.os_disk_size_gb = 87;
    OK(create(f));
    ASSERT_STR(f->out.os_disk_type, "Managed");
    /* explicit Managed stays Managed even when ephemeral would fit */
    reset_req(f, "pool1");
    f->req.os_disk_size_gb = 60;
    S(&f->req.os_disk_type, "Managed");
    OK(create(f));
    ASSERT_STR(f->out.os_disk_type, "Managed");
    assert_int_equal(f->out.os_disk_size_gb, 60);
    /* explicit Ephemeral that is too big */
    reset_req(f, "pool1");
    f->req.os_disk_size_gb = 128;
    S(&f->req.os_disk_type, "Ephemeral");
    INVALID(create(f), "osDiskType", "an ephemeral OS disk of 128 GB does not fit VM size "
                                     "Standard_DS2_v2, whose cache/temp disk holds 86 GB");
    /* explicit Ephemeral without a size takes what fits */
    reset_req(f, "pool1");
    S(&f->req.os_disk_type, "Ephemeral");
    OK(create(f));
    ASSERT_STR(f->out.os_disk_type, "Ephemeral");
    assert_int_equal(f->out.os_disk_size_gb, 86);
    /* D2s_v5 has no temp disk: no ephemeral at all */
    reset_req(f, "pool1");
    S(&f->req.vm_size, "Standard_D2s_v5");
    S(&f->req.os_disk_type, "Ephemeral");
    INVALID(create(f), "osDiskType", "VM size Standard_D2s_v5 does not support ephemeral OS "
                                     "disks");
    reset_req(f, "pool1");
    S(&f->req.vm_size, "Standard_D2s_v5");
    f->req.os_disk_size_gb = 30;
    OK(create(f));
    ASSERT_STR(f->out.os_disk_type, "Managed");
    /* DS3_v2 (172 GiB cache) takes the 128 GB default as Ephemeral */
    reset_req(f, "pool1");
    S(&f->req.vm_size, "Standard_DS3_v2");
    OK(create(f));
    ASSERT_STR(f->out.os_disk_type, "Ephemeral");
    assert_int_equal(f->out.os_disk_size_gb, 128);
    /* NC6s_v3 (320 GiB cache) with an explicit 300 GB */
    reset_req(f, "pool1");
    S(&f->req.vm_size, "Standard_NC6s_v3");
    f->req.os_disk_size_gb = 300;
    OK(create(f));
    ASSERT_STR(f->out.os_disk_type, "Ephemeral");
}

static void test_deallocate_ephemeral(void **state)
{
    struct fx *f = *state;
    f->req.os_disk_size_gb = 60; /* DS2_v2 -> Ephemeral by default */
    S(&f->req.scale_down_mode, "Deallocate");
    INVALID(create(f), "scaleDownMode", "scaleDownMode Deallocate needs managed OS disks");
    reset_req(f, "pool1");
    S(&f->req.scale_down_mode, "Deallocate");
    OK(create(f)); /* 128 GB -> Managed */
    ASSERT_STR(f->out.scale_down_mode, "Deallocate");
    reset_req(f, "pool1");
    f->req.os_disk_size_gb = 60;
    S(&f->req.os_disk_type, "Managed");
    S(&f->req.scale_down_mode, "Deallocate");
    OK(create(f));
}

/* ------------------------------------------------------------------ immutable fields */

static void test_immutable_fields(void **state)
{
    struct fx *f = *state;
    ak_strs_push(&f->req.zones, "1");
    ak_strs_push(&f->req.zones, "2");
    make_old(f);

    S(&f->req.vm_size, "Standard_D4s_v3");
    CHANGE(update(f), "vmSize");
    ASSERT_CONTAINS(f->err.message, "The node pool has 'Standard_DS2_v2'; the request asks for "
                                    "'Standard_D4s_v3'");
    reset_req(f, "pool1");
    S(&f->req.vm_size, "standard_ds2_v2"); /* same size, other case: no change */
    OK(update(f));

    reset_req(f, "pool1");
    f->req.os_disk_size_gb = 256;
    CHANGE(update(f), "osDiskSizeGB");
    reset_req(f, "pool1");
    f->req.os_disk_size_gb = 128; /* the same value is fine */
    OK(update(f));

    reset_req(f, "pool1");
    S(&f->req.os_disk_type, "Ephemeral");
    CHANGE(update(f), "osDiskType");

    reset_req(f, "pool1");
    f->req.max_pods = 50;
    CHANGE(update(f), "maxPods");
    reset_req(f, "pool1");
    f->req.max_pods = 110;
    OK(update(f));

    reset_req(f, "pool1");
    S(&f->req.priority, "Spot");
    CHANGE(update(f), "scaleSetPriority");

    reset_req(f, "pool1");
    S(&f->req.os_type, "Windows");
    CHANGE(update(f), "osType");

    reset_req(f, "pool1");
    S(&f->req.os_sku, "AzureLinux");
    CHANGE(update(f), "osSKU");

    reset_req(f, "pool1");
    S(&f->req.kubelet_disk_type, "Temporary");
    CHANGE(update(f), "kubeletDiskType");

    reset_req(f, "pool1");
    ak_strs_push(&f->req.zones, "1");
    ERR(update(f), 400, "PropertyChangeNotAllowed", "agentPoolProfile.availabilityZones",
        "Changing property 'agentPoolProfile.availabilityZones' is not allowed");
    reset_req(f, "pool1");
    ak_strs_push(&f->req.zones, "1");
    ak_strs_push(&f->req.zones, "2");
    OK(update(f));
    reset_req(f, "pool1"); /* absent zones keep the old ones */
    OK(update(f));
    assert_int_equal(f->out.zones.n, 2);
}

static void test_immutable_spot_fields(void **state)
{
    struct fx *f = *state;
    S(&f->req.priority, "Spot");
    f->req.has_spot_max_price = true;
    f->req.spot_max_price = 0.5;
    make_old(f);

    S(&f->req.eviction_policy, "Deallocate");
    CHANGE(update(f), "scaleSetEvictionPolicy");
    reset_req(f, "pool1");
    f->req.has_spot_max_price = true;
    f->req.spot_max_price = 0.6;
    CHANGE(update(f), "spotMaxPrice");
    ASSERT_CONTAINS(f->err.message, "has '0.5'; the request asks for '0.6'");
    reset_req(f, "pool1");
    S(&f->req.priority, "Regular");
    CHANGE(update(f), "scaleSetPriority");
    /* unchanged values and absent ones are fine */
    reset_req(f, "pool1");
    S(&f->req.priority, "Spot");
    S(&f->req.eviction_policy, "Delete");
    f->req.has_spot_max_price = true;
    f->req.spot_max_price = 0.5;
    OK(update(f));
    reset_req(f, "pool1");
    OK(update(f));
    assert_true(f->out.spot_max_price == 0.5);
    ASSERT_STR(f->out.eviction_policy, "Delete");
}

static void test_mutable_fields(void **state)
{
    struct fx *f = *state;
    S(&f->req.mode, "System");
    ak_kvs_set(&f->req.labels, "team", "a");
    ak_strs_push(&f->req.taints, "app=x:NoSchedule");
    ak_kvs_set(&f->req.tags, "env", "dev");
    f->req.has_tags = true;
    S(&f->req.max_surge, "33%");
    S(&f->req.orchestrator_version, "1.31");
    make_old(f);
    ASSERT_STR(f->old.orchestrator_version, "1.31.10");

    f->req.has_count = true;
    f->req.count = 5;
    S(&f->req.mode, "User"); /* another System pool exists (ctx) */
    ak_kvs_set(&f->req.labels, "team", "b");
    ak_kvs_set(&f->req.tags, "env", "prod");
    f->req.has_tags = true;
    S(&f->req.scale_down_mode, "Deallocate");
    S(&f->req.orchestrator_version, "1.32.6");
    OK(update(f));
    assert_int_equal(f->out.count, 5);
    ASSERT_STR(f->out.mode, "User");
    ASSERT_STR(ak_kvs_get(&f->out.labels, "team"), "b");
    assert_int_equal(f->out.taints.n, 0); /* full replace: the request had none */
    ASSERT_STR(ak_kvs_get(&f->out.tags, "env"), "prod");
    ASSERT_STR(f->out.scale_down_mode, "Deallocate");
    ASSERT_STR(f->out.orchestrator_version, "1.32.6");
    ASSERT_STR(f->out.max_surge, "33%"); /* absent maxSurge keeps the old one */
    /* kept from the old pool when absent */
    ASSERT_STR(f->out.vm_size, "Standard_DS2_v2");
    ASSERT_STR(f->out.os_disk_type, "Managed");
    assert_int_equal(f->out.os_disk_size_gb, 128);
    assert_int_equal(f->out.max_pods, 110);
}

/* ------------------------------------------------------------------ taints */

static void test_taint_syntax(void **state)
{
    struct fx *f = *state;
    const char *bad[] = {"bad taint", "key=value", "key=value:Sometimes", "=v:NoSchedule",
                         "key=va lue:NoSchedule", "key=value:noschedule"};
    for (size_t i = 0; i < AK_ARRAY_LEN(bad); i++) {
        reset_req(f, "pool1");
        ak_strs_push(&f->req.taints, bad[i]);
        INVALID(create(f), "nodeTaints", "invalid taint spec '");
        ASSERT_CONTAINS(f->err.message, bad[i]);
        ASSERT_CONTAINS(f->err.message, "https://aka.ms/node-taints");
    }
    reset_req(f, "pool1");
    ak_strs_push(&f->req.taints, "key=value:NoSchedule");
    ak_strs_push(&f->req.taints, "example.com/k=v:PreferNoSchedule");
    ak_strs_push(&f->req.taints, "dedicated:NoExecute");
    OK(create(f));
    assert_int_equal(f->out.taints.n, 3);
}

static void test_taint_duplicate_key_effect(void **state)
{
    struct fx *f = *state;
    ak_strs_push(&f->req.taints, "app=a:NoSchedule");
    ak_strs_push(&f->req.taints, "app=b:NoSchedule");
    INVALID(create(f), "nodeTaints", "duplicate taint key 'app' with effect NoSchedule "
                                     "('app=a:NoSchedule' and 'app=b:NoSchedule')");
    reset_req(f, "pool1");
    ak_strs_push(&f->req.taints, "app=a:NoSchedule");
    ak_strs_push(&f->req.taints, "app=a:NoExecute"); /* same key, other effect */
    OK(create(f));
}

static void test_taint_reserved_prefix(void **state)
{
    struct fx *f = *state;
    ak_strs_push(&f->req.taints, "kubernetes.azure.com/foo=bar:NoSchedule");
    INVALID(create(f), "nodeTaints", "taint key 'kubernetes.azure.com/foo' uses the reserved "
                                     "prefix kubernetes.azure.com/");
    /* a variant of the spot taint is not the spot taint */
    reset_req(f, "pool1");
    S(&f->req.priority, "Spot");
    ak_strs_push(&f->req.taints, "kubernetes.azure.com/scalesetpriority=spot:NoExecute");
    INVALID(create(f), "nodeTaints", "uses the reserved prefix");
    /* CriticalAddonsOnly on a system pool is the usual opt-in */
    reset_req(f, "pool1");
    S(&f->req.mode, "System");
    ak_strs_push(&f->req.taints, "CriticalAddonsOnly=true:NoSchedule");
    OK(create(f));
}

/* ------------------------------------------------------------------ labels, tags */

static void test_label_reserved_prefixes(void **state)
{
    struct fx *f = *state;
    const char *reserved[] = {"kubernetes.io/foo", "kubernetes.azure.com/foo",
                              "node.kubernetes.io/foo", "sub.kubernetes.azure.com/x",
                              "kubernetes.azure.com/mode", "node-role.kubernetes.io/agent"};
    for (size_t i = 0; i < AK_ARRAY_LEN(reserved); i++) {
        reset_req(f, "pool1");
        ak_kvs_set(&f->req.labels, reserved[i], "x");
        INVALID(create(f), "nodeLabels", "uses a reserved prefix: labels under "
                                         "kubernetes.azure.com/ and kubernetes.io/ are set by AKS");
        ASSERT_CONTAINS(f->err.message, reserved[i]);
    }
    const char *fine[] = {"app", "example.com/foo", "mykubernetes.io/x", "kubernetes.iox/y",
                          "azure.com/z"};
    for (size_t i = 0; i < AK_ARRAY_LEN(fine); i++) {
        reset_req(f, "pool1");
        ak_kvs_set(&f->req.labels, fine[i], "x");
        OK(create(f));
        ASSERT_STR(ak_kvs_get(&f->out.labels, fine[i]), "x");
    }
}

static void test_label_invalid(void **state)
{
    struct fx *f = *state;
    const char *bad_keys[] = {"-bad", "bad-", "a b", "Example.com/x", "a/b/c", ""};
    for (size_t i = 0; i < AK_ARRAY_LEN(bad_keys); i++) {
        reset_req(f, "pool1");
        ak_kvs_set(&f->req.labels, bad_keys[i], "v");
        INVALID(create(f), "nodeLabels", "is not a valid Kubernetes label key");
    }
    char long_val[70];
    memset(long_val, 'a', 64);
    long_val[64] = '\0';
    const char *bad_vals[] = {"bad value", "-x", "x-", long_val};
    for (size_t i = 0; i < AK_ARRAY_LEN(bad_vals); i++) {
        reset_req(f, "pool1");
        ak_kvs_set(&f->req.labels, "app", bad_vals[i]);
        INVALID(create(f), "nodeLabels", "for key 'app' is not a valid Kubernetes label value");
    }
    reset_req(f, "pool1");
    ak_kvs_set(&f->req.labels, "empty", "");
    long_val[63] = '\0';
    ak_kvs_set(&f->req.labels, "long", long_val);
    OK(create(f));
    assert_int_equal(f->out.labels.n, 2);
}

static void test_tags(void **state)
{
    struct fx *f = *state;
    char k512[600], v256[300];
    memset(k512, 'k', 513);
    k512[513] = '\0';
    f->req.has_tags = true;
    ak_kvs_set(&f->req.tags, k512, "v");
    INVALID(create(f), "tags", "is too long: names are at most 512 characters and values at "
                               "most 256.");
    reset_req(f, "pool1");
    memset(v256, 'v', 257);
    v256[257] = '\0';
    f->req.has_tags = true;
    ak_kvs_set(&f->req.tags, "k", v256);
    INVALID(create(f), "tags", "is too long");
    /* the exact limits are fine */
    reset_req(f, "pool1");
    k512[512] = '\0';
    v256[256] = '\0';
    f->req.has_tags = true;
    ak_kvs_set(&f->req.tags, k512, v256);
    OK(create(f));
    assert_true(f->out.has_tags);

    const char *bad_names[] = {"a<b", "a>b", "a%b", "a&b", "a\\b", "a?b", "a/b"};
    for (size_t i = 0; i < AK_ARRAY_LEN(bad_names); i++) {
        reset_req(f, "pool1");
        f->req.has_tags = true;
        ak_kvs_set(&f->req.tags, bad_names[i], "v");
        INVALID(create(f), "tags", "contains a character Azure does not allow in tag names");
    }
    /* values may hold those characters */
    reset_req(f, "pool1");
    f->req.has_tags = true;
    ak_kvs_set(&f->req.tags, "url", "https://x/?a=<b>&c=%d");
    OK(create(f));

    reset_req(f, "pool1");
    f->req.has_tags = true;
    for (int i = 0; i < 50; i++) {
        char k[16];
        snprintf(k, sizeof(k), "t%d", i);
        ak_kvs_set(&f->req.tags, k, "v");
    }
    OK(create(f));
    assert_int_equal(f->out.tags.n, 50);
    ak_kvs_set(&f->req.tags, "t50", "v");
    INVALID(create(f), "tags", "a resource can have at most 50 tags; the request has 51.");
}

/* ------------------------------------------------------------------ cluster-wide */

static void test_cluster_pool_limit(void **state)
{
    struct fx *f = *state;
    f->ctx.other_pools = AK_MAX_POOLS_PER_CLUSTER - 1;
    OK(create(f));
    f->ctx.other_pools = AK_MAX_POOLS_PER_CLUSTER;
    NOT_ALLOWED(create(f), "The cluster already has 100 node pools, the maximum AKS allows per "
                           "cluster is 100.");
    /* updating an existing pool of a full cluster is fine */
    f->ctx.other_pools = 1;
    make_old(f);
    f->ctx.other_pools = AK_MAX_POOLS_PER_CLUSTER - 1;
    OK(update(f));
}

static void test_cluster_node_limit(void **state)
{
    struct fx *f = *state;
    f->ctx.other_nodes = 4999;
    OK(create(f));
    f->req.has_count = true;
    f->req.count = 2;
    NOT_ALLOWED(create(f), "This operation would bring the cluster to 5001 nodes; AKS supports "
                           "at most 5000 nodes per cluster");
    /* an existing pool of an over-full cluster may keep or lower its count, not raise it */
    f->ctx.other_nodes = 0;
    f->req.count = 5;
    make_old(f);
    f->ctx.other_nodes = 4999;
    OK(update(f));
    f->req.has_count = true;
    f->req.count = 4;
    OK(update(f));
    f->req.count = 6;
    NOT_ALLOWED(update(f), "at most 5000 nodes per cluster");
}

static void test_mode_change_last_system_pool(void **state)
{
    struct fx *f = *state;
    S(&f->req.mode, "System");
    make_old(f);
    f->ctx.other_system_pools = 0;
    S(&f->req.mode, "User");
    NOT_ALLOWED(update(f), "There has to be at least one system agent pool. Agent pool 'pool1' "
                           "is the cluster's only System pool");
    f->ctx.other_system_pools = 1;
    OK(update(f));
    ASSERT_STR(f->out.mode, "User");
    /* User -> System is always allowed */
    f->ctx.other_system_pools = 0;
    reset_req(f, "pool1");
    S(&f->req.mode, "System");
    OK(update(f));
}

static void test_check_delete(void **state)
{
    struct fx *f = *state;
    S(&f->req.mode, "System");
    make_old(f);
    f->ctx.other_pools = 0;
    f->ctx.other_system_pools = 0;
    ak_err_clear(&f->err);
    NOT_ALLOWED(ak_pool_check_delete(&f->old, &f->ctx, &f->err),
                "There has to be at least one agent pool. Agent pool 'pool1' is the cluster's "
                "last node pool");
    f->ctx.other_pools = 2;
    ak_err_clear(&f->err);
    NOT_ALLOWED(ak_pool_check_delete(&f->old, &f->ctx, &f->err),
                "There has to be at least one system agent pool. Agent pool 'pool1' is the "
                "cluster's only System pool");
    f->ctx.other_system_pools = 1;
    assert_int_equal(ak_pool_check_delete(&f->old, &f->ctx, &f->err), 0);
    /* a User pool may go while other pools remain, whatever their mode */
    S(&f->old.mode, "User");
    f->ctx.other_system_pools = 0;
    assert_int_equal(ak_pool_check_delete(&f->old, &f->ctx, &f->err), 0);
    /* ... but not the very last pool of the cluster */
    f->ctx.other_pools = 0;
    ak_err_clear(&f->err);
    NOT_ALLOWED(ak_pool_check_delete(&f->old, &f->ctx, &f->err), "There has to be at least one "
                                                                  "agent pool.");
    /* err may be NULL */
    assert_int_equal(ak_pool_check_delete(&f->old, &f->ctx, NULL), AK_EINVAL);
}

/* ------------------------------------------------------------------ version, power, surge */

static void test_orchestrator_version(void **state)
{
    struct fx *f = *state;
    OK(create(f));
    ASSERT_STR(f->out.orchestrator_version, "1.32.6");
    S(&f->req.orchestrator_version, "");
    OK(create(f));
    ASSERT_STR(f->out.orchestrator_version, "1.32.6");
    S(&f->req.orchestrator_version, "1.31");
    OK(create(f));
    ASSERT_STR(f->out.orchestrator_version, "1.31.10");
    S(&f->req.orchestrator_version, "1.30");
    OK(create(f)); /* two minors older */
    ASSERT_STR(f->out.orchestrator_version, "1.30.14");
    S(&f->req.orchestrator_version, "1.32.6");
    OK(create(f));

    const char *unsupported[] = {"1.29.0", "1.29", "1.32.5", "abc", "2"};
    for (size_t i = 0; i < AK_ARRAY_LEN(unsupported); i++) {
        S(&f->req.orchestrator_version, unsupported[i]);
        ERR(create(f), 400, "AgentPoolK8sVersionNotSupported",
            "agentPoolProfile.orchestratorVersion", "is not supported in this region");
        ASSERT_CONTAINS(f->err.message, unsupported[i]);
        ASSERT_CONTAINS(f->err.message, "Supported versions: 1.30.14, 1.31.10, 1.32.6, 1.33.2.");
    }
    /* newer than the control plane */
    S(&f->req.orchestrator_version, "1.33");
    ERR(create(f), 400, "NodePoolMcVersionIncompatible", "",
        "Node pool version 1.33.2 and control plane version 1.32.6 are incompatible");
    /* more than two minors older */
    f->ctx.cluster_version = "1.33.2";
    S(&f->req.orchestrator_version, "1.30.14");
    ERR(create(f), 400, "NodePoolMcVersionIncompatible", "", "at most two minor versions older");
    S(&f->req.orchestrator_version, "1.31");
    OK(create(f));
    /* no control-plane version given: the catalog default */
    f->ctx.cluster_version = NULL;
    reset_req(f, "pool1");
    OK(create(f));
    ASSERT_STR(f->out.orchestrator_version, ak_k8s_default_version());
    /* update: absent version keeps the pool's */
    f->ctx.cluster_version = "1.32.6";
    S(&f->req.orchestrator_version, "1.31");
    make_old(f);
    OK(update(f));
    ASSERT_STR(f->out.orchestrator_version, "1.31.10");
}

static void test_power_state(void **state)
{
    struct fx *f = *state;
    OK(create(f));
    ASSERT_STR(f->out.power_state, "Running");
    S(&f->req.power_state, "Stopped");
    INVALID(create(f), "powerState", "a node pool cannot be created in the Stopped state.");
    S(&f->req.power_state, "Running");
    make_old(f);
    S(&f->req.power_state, "Stopped");
    OK(update(f));
    ASSERT_STR(f->out.power_state, "Stopped");
}

static void test_max_surge(void **state)
{
    struct fx *f = *state;
    const char *good[] = {"1", "1000", "33%", "1%", "100%"};
    for (size_t i = 0; i < AK_ARRAY_LEN(good); i++) {
        reset_req(f, "pool1");
        S(&f->req.max_surge, good[i]);
        OK(create(f));
        ASSERT_STR(f->out.max_surge, good[i]);
    }
    const char *bad[] = {"0", "0%", "101%", "1001", "abc", "%", "10.5", "-1", " 1", "1 ", "5%%"};
    for (size_t i = 0; i < AK_ARRAY_LEN(bad); i++) {
        reset_req(f, "pool1");
        S(&f->req.max_surge, bad[i]);
        INVALID(create(f), "upgradeSettings.maxSurge",
                "must be a node count (\"1\"-\"1000\") or a percentage (\"1%\"-\"100%\").");
    }
    /* update: absent keeps, empty clears */
    reset_req(f, "pool1");
    S(&f->req.max_surge, "2");
    make_old(f);
    OK(update(f));
    ASSERT_STR(f->out.max_surge, "2");
    S(&f->req.max_surge, "");
    OK(update(f));
    assert_null(f->out.max_surge);
}

static void test_zones(void **state)
{
    struct fx *f = *state;
    ak_strs_push(&f->req.zones, "1");
    ak_strs_push(&f->req.zones, "2");
    ak_strs_push(&f->req.zones, "3");
    OK(create(f));
    assert_int_equal(f->out.zones.n, 3);
    const char *bad[] = {"4", "0", "eastus-1", ""};
    for (size_t i = 0; i < AK_ARRAY_LEN(bad); i++) {
        reset_req(f, "pool1");
        ak_strs_push(&f->req.zones, bad[i]);
        INVALID(create(f), "availabilityZones", "is not an availability zone; zones are \"1\", "
                                                "\"2\" and \"3\".");
    }
}

/* ------------------------------------------------------------------ defaults */

static void test_effective_defaults(void **state)
{
    struct fx *f = *state;
    f->ctx.default_max_pods = 250;
    OK(create(f));
    struct ak_pool_spec *o = &f->out;
    ASSERT_STR(o->name, "pool1");
    assert_true(o->has_count);
    assert_int_equal(o->count, 1);
    ASSERT_STR(o->vm_size, "Standard_DS2_v2");
    ASSERT_STR(o->os_type, "Linux");
    ASSERT_STR(o->os_sku, "Ubuntu");
    ASSERT_STR(o->mode, "User");
    ASSERT_STR(o->type, "VirtualMachineScaleSets");
    ASSERT_STR(o->priority, "Regular");
    assert_int_equal(o->max_pods, 250);
    ASSERT_STR(o->scale_down_mode, "Delete");
    ASSERT_STR(o->kubelet_disk_type, "OS");
    ASSERT_STR(o->os_disk_type, "Managed");
    assert_int_equal(o->os_disk_size_gb, 128);
    ASSERT_STR(o->orchestrator_version, "1.32.6");
    ASSERT_STR(o->power_state, "Running");
    assert_false(o->enable_auto_scaling);
    assert_false(o->has_min_count);
    assert_false(o->has_max_count);
    assert_null(o->eviction_policy);
    assert_false(o->has_spot_max_price);
    assert_null(o->max_surge);
    assert_int_equal(o->zones.n, 0);
    assert_int_equal(o->labels.n, 0);
    assert_int_equal(o->taints.n, 0);
    assert_true(o->has_labels);
    assert_true(o->has_taints);
    assert_false(o->has_tags);
    assert_false(o->enable_fips);
    assert_false(ak_pool_is_spot(o));
    assert_false(ak_pool_is_system(o));
    /* flags are copied from the request */
    f->req.enable_fips = f->req.enable_node_public_ip = true;
    f->req.enable_encryption_at_host = f->req.enable_ultra_ssd = true;
    OK(create(f));
    assert_true(f->out.enable_fips && f->out.enable_node_public_ip);
    assert_true(f->out.enable_encryption_at_host && f->out.enable_ultra_ssd);
    /* Windows defaults */
    reset_req(f, "win1");
    S(&f->req.os_type, "Windows");
    OK(create(f));
    ASSERT_STR(f->out.os_sku, "Windows2022");
}

static void test_validate_reuses_out(void **state)
{
    struct fx *f = *state;
    /* *out is released first, so a previous result (and a failure half-way) does not leak or
     * leave stale values */
    ak_kvs_set(&f->req.labels, "a", "b");
    OK(create(f));
    assert_int_equal(f->out.labels.n, 1);
    reset_req(f, "pool1");
    S(&f->req.mode, "bogus");
    INVALID(create(f), "mode", "bogus");
    reset_req(f, "pool1");
    OK(create(f));
    assert_int_equal(f->out.labels.n, 0);
}

static void test_spec_copy(void **state)
{
    struct fx *f = *state;
    S(&f->req.priority, "Spot");
    ak_kvs_set(&f->req.labels, "a", "b");
    ak_kvs_set(&f->req.tags, "t", "v");
    f->req.has_tags = true;
    ak_strs_push(&f->req.zones, "1");
    S(&f->req.max_surge, "");
    OK(create(f));
    struct ak_pool_spec c;
    ak_pool_spec_init(&c);
    ak_pool_spec_copy(&c, &f->out);
    ASSERT_STR(c.name, "pool1");
    ASSERT_STR(c.priority, "Spot");
    ASSERT_STR(c.eviction_policy, "Delete");
    assert_true(c.name != f->out.name); /* deep */
    assert_true(c.labels.v != f->out.labels.v);
    assert_true(ak_kvs_equal(&c.labels, &f->out.labels));
    assert_true(ak_kvs_equal(&c.tags, &f->out.tags));
    assert_true(ak_strs_equal(&c.taints, &f->out.taints));
    assert_true(ak_strs_equal(&c.zones, &f->out.zones));
    assert_int_equal(c.count, f->out.count);
    assert_true(c.spot_max_price == f->out.spot_max_price);
    ak_kvs_set(&c.labels, "a", "changed");
    ASSERT_STR(ak_kvs_get(&f->out.labels, "a"), "b");
    /* copying over a filled spec releases what it held */
    ak_pool_spec_copy(&c, &f->out);
    ASSERT_STR(ak_kvs_get(&c.labels, "a"), "b");
    ak_pool_spec_release(&c);
    assert_null(c.name);
    ak_pool_spec_release(&c); /* idempotent */
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_name_check_direct),
        T(test_name_rules_in_validate),
        T(test_mode_values),
        T(test_mode_default),
        T(test_os_type_and_sku),
        T(test_other_enums),
        T(test_availability_set_type),
        T(test_vm_size_unknown),
        T(test_vm_size_retired_nc6),
        T(test_vm_size_restricted),
        T(test_vm_size_canonical_case),
        T(test_system_pool_sku),
        T(test_windows_system_pool),
        T(test_spot_system_pool),
        T(test_spot_burstable),
        T(test_spot_fields_on_regular_pool),
        T(test_spot_max_price),
        T(test_spot_defaults_label_taint),
        T(test_spot_label_taint_only_on_spot),
        T(test_spot_max_surge),
        T(test_count_ranges),
        T(test_autoscaler_create),
        T(test_autoscaler_enable_and_scale_same_update),
        T(test_autoscaler_scale_while_enabled),
        T(test_max_pods),
        T(test_max_pods_default_from_ctx),
        T(test_os_disk_size_range),
        T(test_os_disk_default_size_by_vcpu),
        T(test_os_disk_ephemeral_vs_managed),
        T(test_deallocate_ephemeral),
        T(test_immutable_fields),
        T(test_immutable_spot_fields),
        T(test_mutable_fields),
        T(test_taint_syntax),
        T(test_taint_duplicate_key_effect),
        T(test_taint_reserved_prefix),
        T(test_label_reserved_prefixes),
        T(test_label_invalid),
        T(test_tags),
        T(test_cluster_pool_limit),
        T(test_cluster_node_limit),
        T(test_mode_change_last_system_pool),
        T(test_check_delete),
        T(test_orchestrator_version),
        T(test_power_state),
        T(test_max_surge),
        T(test_zones),
        T(test_effective_defaults),
        T(test_validate_reuses_out),
        T(test_spec_copy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
