/* test_codec.c - ARM agent-pool JSON <-> struct ak_pool_spec: round trip of every field,
 * spot-only fields, type errors (InvalidRequestContent), pass-through properties. */
#include "unit_helpers.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/ak_pool.h"
#include "state/ak_codec.h"
#include "util/ak_err.h"
#include "util/ak_mem.h"
#include "util/ak_str.h"

static json_t *parse(const char *text)
{
    json_error_t e;
    json_t *v = json_loads(text, JSON_DECODE_ANY, &e);
    if (!v)
        fail_msg("bad test JSON: %s (%s)", e.text, text);
    return v;
}

static void fill_full_spec(struct ak_pool_spec *s, bool spot)
{
    ak_pool_spec_init(s);
    s->name = ak_xstrdup("pool1");
    s->has_count = true;
    s->count = 7;
    s->vm_size = ak_xstrdup("Standard_D4s_v3");
    s->os_disk_size_gb = 64;
    s->os_disk_type = ak_xstrdup("Ephemeral");
    s->kubelet_disk_type = ak_xstrdup("Temporary");
    s->max_pods = 42;
    s->os_type = ak_xstrdup("Linux");
    s->os_sku = ak_xstrdup("AzureLinux");
    s->enable_auto_scaling = true;
    s->has_min_count = s->has_max_count = true;
    s->min_count = 3;
    s->max_count = 9;
    s->scale_down_mode = ak_xstrdup("Deallocate");
    s->type = ak_xstrdup("VirtualMachineScaleSets");
    s->mode = ak_xstrdup("User");
    s->orchestrator_version = ak_xstrdup("1.31.10");
    s->power_state = ak_xstrdup("Stopped");
    s->priority = ak_xstrdup(spot ? "Spot" : "Regular");
    if (spot) {
        s->eviction_policy = ak_xstrdup("Deallocate");
        s->has_spot_max_price = true;
        s->spot_max_price = 0.12345;
    }
    s->has_tags = true;
    ak_kvs_set(&s->tags, "env", "prod");
    ak_kvs_set(&s->tags, "owner", "me");
    s->has_labels = true;
    ak_kvs_set(&s->labels, "team", "blue");
    s->has_taints = true;
    ak_strs_push(&s->taints, "app=x:NoSchedule");
    ak_strs_push(&s->taints, "dedicated:NoExecute");
    ak_strs_push(&s->zones, "1");
    ak_strs_push(&s->zones, "3");
    s->enable_node_public_ip = true;
    s->enable_encryption_at_host = true;
    s->enable_ultra_ssd = true;
    s->enable_fips = true;
    s->max_surge = ak_xstrdup("33%");
}

static void assert_specs_equal(const struct ak_pool_spec *a, const struct ak_pool_spec *b)
{
    assert_int_equal(a->count, b->count);
    assert_true(a->has_count && b->has_count);
    ASSERT_STR(b->vm_size, a->vm_size);
    assert_int_equal(a->os_disk_size_gb, b->os_disk_size_gb);
    ASSERT_STR(b->os_disk_type, a->os_disk_type);
    ASSERT_STR(b->kubelet_disk_type, a->kubelet_disk_type);
    assert_int_equal(a->max_pods, b->max_pods);
    ASSERT_STR(b->os_type, a->os_type);
    ASSERT_STR(b->os_sku, a->os_sku);
    assert_int_equal(a->enable_auto_scaling, b->enable_auto_scaling);
    assert_int_equal(a->min_count, b->min_count);
    assert_int_equal(a->max_count, b->max_count);
    assert_int_equal(a->has_min_count, b->has_min_count);
    ASSERT_STR(b->scale_down_mode, a->scale_down_mode);
    ASSERT_STR(b->type, a->type);
    ASSERT_STR(b->mode, a->mode);
    ASSERT_STR(b->orchestrator_version, a->orchestrator_version);
    ASSERT_STR(b->power_state, a->power_state);
    ASSERT_STR(b->priority, a->priority);
    if (a->eviction_policy)
        ASSERT_STR(b->eviction_policy, a->eviction_policy);
    else
        assert_null(b->eviction_policy);
    assert_int_equal(a->has_spot_max_price, b->has_spot_max_price);
    assert_true(a->spot_max_price == b->spot_max_price);
    assert_int_equal(a->has_tags, b->has_tags);
    assert_true(ak_kvs_equal(&a->tags, &b->tags));
    assert_true(ak_kvs_equal(&a->labels, &b->labels));
    assert_true(ak_strs_equal(&a->taints, &b->taints));
    assert_true(ak_strs_equal(&a->zones, &b->zones));
    assert_int_equal(a->enable_node_public_ip, b->enable_node_public_ip);
    assert_int_equal(a->enable_encryption_at_host, b->enable_encryption_at_host);
    assert_int_equal(a->enable_ultra_ssd, b->enable_ultra_ssd);
    assert_int_equal(a->enable_fips, b->enable_fips);
    ASSERT_STR(b->max_surge, a->max_surge);
}

static void round_trip(bool spot)
{
    struct ak_pool_spec a, b;
    fill_full_spec(&a, spot);
    json_t *j = ak_codec_pool_spec_encode(&a, NULL);
    /* through text too, as it goes over the wire and into the store */
    char *text = ak_json_dump(j);
    json_t *back = parse(text);
    ak_pool_spec_init(&b);
    struct ak_err err;
    json_t *extra = NULL;
    assert_int_equal(ak_codec_pool_spec_decode(back, &b, &extra, &err), 0);
    assert_specs_equal(&a, &b);
    assert_non_null(extra);
    /* upgradeSettings is a pass-through object, so it comes back in extra */
    assert_int_equal(json_object_size(extra), 1);
    ASSERT_STR(json_string_value(json_object_get(json_object_get(extra, "upgradeSettings"),
                                                 "maxSurge")),
               "33%");
    json_decref(extra);
    json_decref(back);
    free(text);
    json_decref(j);
    ak_pool_spec_release(&a);
    ak_pool_spec_release(&b);
}

static void test_round_trip_regular(void **state)
{
    (void)state;
    round_trip(false);
}

static void test_round_trip_spot(void **state)
{
    (void)state;
    round_trip(true);
}

static void test_encode_shape(void **state)
{
    (void)state;
    struct ak_pool_spec s;
    fill_full_spec(&s, false);
    json_t *p = ak_codec_pool_spec_encode(&s, NULL);
    assert_int_equal(json_integer_value(json_object_get(p, "count")), 7);
    ASSERT_STR(ak_json_str(p, "vmSize"), "Standard_D4s_v3");
    assert_int_equal(json_integer_value(json_object_get(p, "osDiskSizeGB")), 64);
    assert_int_equal(json_integer_value(json_object_get(p, "maxPods")), 42);
    assert_true(json_is_true(json_object_get(p, "enableAutoScaling")));
    assert_int_equal(json_integer_value(json_object_get(p, "minCount")), 3);
    assert_int_equal(json_integer_value(json_object_get(p, "maxCount")), 9);
    ASSERT_STR(ak_json_str(json_object_get(p, "powerState"), "code"), "Stopped");
    ASSERT_STR(ak_json_str(json_object_get(p, "upgradeSettings"), "maxSurge"), "33%");
    assert_int_equal(json_array_size(json_object_get(p, "availabilityZones")), 2);
    assert_int_equal(json_array_size(json_object_get(p, "nodeTaints")), 2);
    ASSERT_STR(ak_json_str(json_object_get(p, "nodeLabels"), "team"), "blue");
    ASSERT_STR(ak_json_str(json_object_get(p, "tags"), "owner"), "me");
    ASSERT_STR(ak_json_str(p, "scaleSetPriority"), "Regular");
    /* spot-only fields only on spot pools */
    assert_null(json_object_get(p, "scaleSetEvictionPolicy"));
    assert_null(json_object_get(p, "spotMaxPrice"));
    assert_null(json_object_get(p, "name")); /* the name lives outside properties */
    json_decref(p);

    /* autoscaler off: no min/max; no zones/labels/tags: left out; power default Running */
    struct ak_pool_spec m;
    ak_pool_spec_init(&m);
    m.vm_size = ak_xstrdup("Standard_DS2_v2");
    p = ak_codec_pool_spec_encode(&m, NULL);
    assert_null(json_object_get(p, "minCount"));
    assert_null(json_object_get(p, "maxCount"));
    assert_true(json_is_false(json_object_get(p, "enableAutoScaling")));
    assert_null(json_object_get(p, "availabilityZones"));
    assert_null(json_object_get(p, "nodeLabels"));
    assert_null(json_object_get(p, "tags"));
    assert_true(json_is_array(json_object_get(p, "nodeTaints")));
    assert_true(json_is_null(json_object_get(p, "osSKU")));
    ASSERT_STR(ak_json_str(json_object_get(p, "powerState"), "code"), "Running");
    assert_int_equal(json_object_size(json_object_get(p, "upgradeSettings")), 0);
    json_decref(p);

    /* spot: eviction policy and price present */
    ak_pool_spec_release(&s);
    fill_full_spec(&s, true);
    p = ak_codec_pool_spec_encode(&s, NULL);
    ASSERT_STR(ak_json_str(p, "scaleSetEvictionPolicy"), "Deallocate");
    assert_true(json_real_value(json_object_get(p, "spotMaxPrice")) == 0.12345);
    json_decref(p);
    ak_pool_spec_release(&s);
    ak_pool_spec_release(&m);
}

static void test_decode_fields_and_case(void **state)
{
    (void)state;
    json_t *j = parse("{\"COUNT\": 3, \"vmsize\": \"Standard_B2s\", \"maxPods\": 30.0,"
                      " \"enableAutoScaling\": true, \"minCount\": 1, \"maxCount\": 5,"
                      " \"spotMaxPrice\": -1, \"powerState\": {\"code\": \"Running\"},"
                      " \"tags\": {\"a\": \"b\", \"n\": null}, \"nodeLabels\": {},"
                      " \"nodeTaints\": [], \"availabilityZones\": [\"2\"],"
                      " \"osDiskType\": null, \"upgradeSettings\": {\"maxSurge\": \"1\"}}");
    struct ak_pool_spec s;
    ak_pool_spec_init(&s);
    struct ak_err err;
    assert_int_equal(ak_codec_pool_spec_decode(j, &s, NULL, &err), 0);
    assert_true(s.has_count);
    assert_int_equal(s.count, 3);
    ASSERT_STR(s.vm_size, "Standard_B2s");
    assert_int_equal(s.max_pods, 30); /* an integral real is accepted */
    assert_true(s.enable_auto_scaling && s.has_min_count && s.has_max_count);
    assert_true(s.has_spot_max_price);
    assert_true(s.spot_max_price == -1.0);
    ASSERT_STR(s.power_state, "Running");
    assert_true(s.has_tags);
    ASSERT_STR(ak_kvs_get(&s.tags, "n"), ""); /* null value -> "" */
    assert_true(s.has_labels);
    assert_int_equal(s.labels.n, 0);
    assert_true(s.has_taints);
    assert_int_equal(s.zones.n, 1);
    assert_null(s.os_disk_type);
    ASSERT_STR(s.max_surge, "1");
    ak_pool_spec_release(&s);
    json_decref(j);

    /* absent fields leave has_* false; NULL / null properties decode to nothing */
    ak_pool_spec_init(&s);
    j = parse("{}");
    assert_int_equal(ak_codec_pool_spec_decode(j, &s, NULL, &err), 0);
    assert_false(s.has_count || s.has_tags || s.has_labels || s.has_taints ||
                 s.has_spot_max_price || s.has_min_count);
    json_decref(j);
    assert_int_equal(ak_codec_pool_spec_decode(NULL, &s, NULL, &err), 0);
    json_t *extra = (json_t *)&s; /* must be reset to NULL */
    j = json_null();
    assert_int_equal(ak_codec_pool_spec_decode(j, &s, &extra, &err), 0);
    assert_null(extra);
    json_decref(j);
    ak_pool_spec_release(&s);
}

static void expect_type_error(const char *props, const char *path)
{
    json_t *j = parse(props);
    struct ak_pool_spec s;
    ak_pool_spec_init(&s);
    struct ak_err err;
    ak_err_clear(&err);
    json_t *extra = NULL;
    int rc = ak_codec_pool_spec_decode(j, &s, &extra, &err);
    if (rc == 0)
        fail_msg("%s: expected a type error", props);
    assert_int_equal(rc, AK_EINVAL);
    assert_int_equal(err.status, 400);
    assert_string_equal(err.code, "InvalidRequestContent");
    ASSERT_CONTAINS(err.message, "The request content was invalid and could not be "
                                 "deserialized: '");
    char quoted[128];
    snprintf(quoted, sizeof(quoted), "'%s' must be", path);
    ASSERT_CONTAINS(err.message, quoted);
    assert_null(extra);
    ak_pool_spec_release(&s);
    json_decref(j);
}

static void test_type_errors(void **state)
{
    (void)state;
    expect_type_error("{\"count\": \"3\"}", "properties.count");
    expect_type_error("{\"count\": 3.5}", "properties.count");
    expect_type_error("{\"count\": true}", "properties.count");
    expect_type_error("{\"count\": 4294967296}", "properties.count");
    expect_type_error("{\"maxPods\": [1]}", "properties.maxPods");
    expect_type_error("{\"osDiskSizeGB\": \"128\"}", "properties.osDiskSizeGB");
    expect_type_error("{\"minCount\": {}}", "properties.minCount");
    expect_type_error("{\"maxCount\": 1e20}", "properties.maxCount");
    expect_type_error("{\"vmSize\": 5}", "properties.vmSize");
    expect_type_error("{\"mode\": [\"System\"]}", "properties.mode");
    expect_type_error("{\"orchestratorVersion\": 1.31}", "properties.orchestratorVersion");
    expect_type_error("{\"enableAutoScaling\": \"true\"}", "properties.enableAutoScaling");
    expect_type_error("{\"enableFIPS\": 1}", "properties.enableFIPS");
    expect_type_error("{\"spotMaxPrice\": \"0.5\"}", "properties.spotMaxPrice");
    expect_type_error("{\"powerState\": \"Stopped\"}", "properties.powerState");
    expect_type_error("{\"powerState\": {\"code\": 5}}", "properties.powerState.code");
    expect_type_error("{\"tags\": {\"a\": 1}}", "properties.tags");
    expect_type_error("{\"tags\": [\"a\"]}", "properties.tags");
    expect_type_error("{\"nodeLabels\": {\"a\": true}}", "properties.nodeLabels");
    expect_type_error("{\"nodeTaints\": [\"a=b:NoSchedule\", 1]}", "properties.nodeTaints");
    expect_type_error("{\"nodeTaints\": \"a=b:NoSchedule\"}", "properties.nodeTaints");
    expect_type_error("{\"availabilityZones\": \"1\"}", "properties.availabilityZones");
    expect_type_error("{\"availabilityZones\": [1]}", "properties.availabilityZones");
    expect_type_error("{\"upgradeSettings\": \"x\"}", "properties.upgradeSettings");
    expect_type_error("{\"upgradeSettings\": {\"maxSurge\": 1}}",
                      "properties.upgradeSettings.maxSurge");
    expect_type_error("[1, 2]", "properties");
    expect_type_error("\"props\"", "properties");
}

static void test_passthrough(void **state)
{
    (void)state;
    json_t *j = parse("{\"kubeletConfig\": {\"cpuManagerPolicy\": \"static\"},"
                      " \"linuxOSConfig\": {\"swapFileSizeMB\": 1500},"
                      " \"VNETSUBNETID\": \"/subscriptions/x/subnets/s\","
                      " \"gpuInstanceProfile\": \"MIG1g\", \"workloadRuntime\": null,"
                      " \"upgradeSettings\": {\"maxSurge\": \"2\", \"drainTimeoutInMinutes\": 45},"
                      " \"notAnApiField\": 1, \"count\": 2}");
    struct ak_pool_spec s;
    ak_pool_spec_init(&s);
    struct ak_err err;
    json_t *extra = NULL;
    assert_int_equal(ak_codec_pool_spec_decode(j, &s, &extra, &err), 0);
    assert_non_null(extra);
    assert_non_null(json_object_get(extra, "kubeletConfig"));
    assert_non_null(json_object_get(extra, "linuxOSConfig"));
    /* found case-insensitively, stored under the API's spelling */
    ASSERT_STR(ak_json_str(extra, "vnetSubnetID"), "/subscriptions/x/subnets/s");
    assert_null(json_object_get(extra, "VNETSUBNETID"));
    ASSERT_STR(ak_json_str(extra, "gpuInstanceProfile"), "MIG1g");
    assert_null(json_object_get(extra, "workloadRuntime")); /* null is not kept */
    assert_null(json_object_get(extra, "notAnApiField"));   /* unknown fields are dropped */
    assert_null(json_object_get(extra, "count"));           /* modelled fields are not extra */

    /* encode puts them back, and merges upgradeSettings with the modelled maxSurge */
    free(s.max_surge);
    s.max_surge = ak_xstrdup("5");
    json_t *out = ak_codec_pool_spec_encode(&s, extra);
    ASSERT_STR(ak_json_str(json_object_get(out, "kubeletConfig"), "cpuManagerPolicy"), "static");
    ASSERT_STR(ak_json_str(out, "vnetSubnetID"), "/subscriptions/x/subnets/s");
    json_t *us = json_object_get(out, "upgradeSettings");
    ASSERT_STR(ak_json_str(us, "maxSurge"), "5");
    assert_int_equal(json_integer_value(json_object_get(us, "drainTimeoutInMinutes")), 45);
    /* encode copies: extra itself is unchanged */
    ASSERT_STR(ak_json_str(json_object_get(extra, "upgradeSettings"), "maxSurge"), "2");
    assert_int_equal(json_integer_value(json_object_get(out, "count")), 2);
    json_decref(out);
    json_decref(extra);
    json_decref(j);
    ak_pool_spec_release(&s);
}

static void test_helpers(void **state)
{
    (void)state;
    json_t *o = parse("{\"Name\": \"x\", \"n\": 1, \"name2\": null}");
    ASSERT_STR(ak_json_str(o, "Name"), "x");
    ASSERT_STR(ak_json_str(o, "NAME"), "x"); /* case-insensitive */
    assert_null(ak_json_str(o, "n"));        /* not a string */
    assert_null(ak_json_str(o, "missing"));
    assert_null(ak_json_str(NULL, "x"));
    json_t *arr = json_array();
    assert_null(ak_json_get_ci(arr, "x")); /* not an object */
    json_decref(arr);
    assert_non_null(ak_json_get_ci(o, "N"));
    ak_json_set_str(o, "s", "v");
    ak_json_set_str(o, "z", NULL);
    assert_true(json_is_null(json_object_get(o, "z")));
    char *d = ak_json_dump(json_object_get(o, "s"));
    assert_string_equal(d, "\"v\"");
    free(d);
    json_decref(o);

    struct ak_kvs kv = {0};
    json_t *m = parse("{\"a\": \"1\", \"b\": \"2\"}");
    assert_int_equal(ak_codec_kvs_decode(m, &kv), 0);
    assert_int_equal(kv.n, 2);
    json_t *m2 = ak_codec_kvs_encode(&kv);
    assert_true(json_equal(m, m2));
    json_decref(m2);
    json_decref(m);
    m = parse("{\"a\": 1}");
    assert_int_equal(ak_codec_kvs_decode(m, &kv), AK_EINVAL);
    json_decref(m);
    assert_int_equal(ak_codec_kvs_decode(NULL, &kv), 0);
    assert_int_equal(kv.n, 0); /* decode replaces */
    ak_kvs_release(&kv);

    struct ak_strs sl = {0};
    json_t *a = parse("[\"x\", \"y\"]");
    assert_int_equal(ak_codec_strs_decode(a, &sl), 0);
    assert_int_equal(sl.n, 2);
    json_t *a2 = ak_codec_strs_encode(&sl);
    assert_true(json_equal(a, a2));
    json_decref(a2);
    json_decref(a);
    a = parse("{}");
    assert_int_equal(ak_codec_strs_decode(a, &sl), AK_EINVAL);
    json_decref(a);
    ak_strs_release(&sl);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip_regular),
        cmocka_unit_test(test_round_trip_spot),
        cmocka_unit_test(test_encode_shape),
        cmocka_unit_test(test_decode_fields_and_case),
        cmocka_unit_test(test_type_errors),
        cmocka_unit_test(test_passthrough),
        cmocka_unit_test(test_helpers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
