#include "ak_codec.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "../util/ak_mem.h"
#include "../util/ak_str.h"
#include "../util/ak_banned.h"

/* Agent-pool properties defined by the API that we keep and echo without modelling. */
static const char *const pool_passthrough[] = {
    "kubeletConfig",        "linuxOSConfig",          "vnetSubnetID",
    "podSubnetID",          "nodePublicIPPrefixID",   "proximityPlacementGroupID",
    "workloadRuntime",      "gpuInstanceProfile",     "creationData",
    "hostGroupID",          "capacityReservationGroupID", "messageOfTheDay",
    "networkProfile",       "windowsProfile",         "securityProfile",
    "gpuProfile",           "enableCustomCATrust",    "podIPAllocationMode",
    "artifactStreamingProfile", "upgradeSettings",
};

const char *ak_json_str(const json_t *obj, const char *key)
{
    json_t *v = ak_json_get_ci(obj, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

json_t *ak_json_get_ci(const json_t *obj, const char *key)
{
    if (!json_is_object(obj))
        return NULL;
    json_t *v = json_object_get(obj, key);
    if (v)
        return v;
    const char *k;
    json_t *val;
    json_object_foreach((json_t *)obj, k, val)
    {
        if (strcasecmp(k, key) == 0)
            return val;
    }
    return NULL;
}

void ak_json_set_str(json_t *obj, const char *key, const char *val)
{
    json_object_set_new(obj, key, val ? json_string(val) : json_null());
}

char *ak_json_dump(const json_t *v)
{
    char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
    if (!s)
        ak_fatal("json_dumps failed");
    return s;
}

int ak_codec_kvs_decode(const json_t *obj, struct ak_kvs *out)
{
    ak_kvs_release(out);
    if (json_is_null(obj) || obj == NULL)
        return 0;
    if (!json_is_object(obj))
        return AK_EINVAL;
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)obj, k, v)
    {
        if (json_is_null(v)) {
            ak_kvs_set(out, k, "");
            continue;
        }
        if (!json_is_string(v))
            return AK_EINVAL;
        ak_kvs_set(out, k, json_string_value(v));
    }
    return 0;
}

json_t *ak_codec_kvs_encode(const struct ak_kvs *kvs)
{
    json_t *o = json_object();
    for (size_t i = 0; i < kvs->n; i++)
        json_object_set_new(o, kvs->v[i].key, json_string(kvs->v[i].val));
    return o;
}

int ak_codec_strs_decode(const json_t *arr, struct ak_strs *out)
{
    ak_strs_release(out);
    if (arr == NULL || json_is_null(arr))
        return 0;
    if (!json_is_array(arr))
        return AK_EINVAL;
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v)
    {
        if (!json_is_string(v))
            return AK_EINVAL;
        ak_strs_push(out, json_string_value(v));
    }
    return 0;
}

json_t *ak_codec_strs_encode(const struct ak_strs *strs)
{
    json_t *a = json_array();
    for (size_t i = 0; i < strs->n; i++)
        json_array_append_new(a, json_string(strs->v[i]));
    return a;
}

static int type_error(struct ak_err *err, const char *path, const char *what)
{
    return ak_err_set(err, 400, "InvalidRequestContent",
                      "The request content was invalid and could not be deserialized: '%s' "
                      "must be %s.",
                      path, what);
}

static int get_string(const json_t *props, const char *key, char **out, struct ak_err *err)
{
    json_t *v = ak_json_get_ci(props, key);
    if (v == NULL || json_is_null(v))
        return 0;
    if (!json_is_string(v)) {
        char path[96];
        snprintf(path, sizeof(path), "properties.%s", key);
        return type_error(err, path, "a string");
    }
    free(*out);
    *out = ak_xstrdup(json_string_value(v));
    return 0;
}

static int get_int(const json_t *props, const char *key, int min, int max, int *out, bool *has,
                   struct ak_err *err)
{
    json_t *v = ak_json_get_ci(props, key);
    if (v == NULL || json_is_null(v))
        return 0;
    char path[96];
    snprintf(path, sizeof(path), "properties.%s", key);
    json_int_t iv;
    if (json_is_integer(v)) {
        iv = json_integer_value(v);
    } else if (json_is_real(v) && floor(json_real_value(v)) == json_real_value(v) &&
               fabs(json_real_value(v)) < 1e15) {
        iv = (json_int_t)json_real_value(v);
    } else {
        return type_error(err, path, "an integer");
    }
    if (iv < min || iv > max)
        return type_error(err, path, "a 32-bit integer");
    *out = (int)iv;
    if (has)
        *has = true;
    return 0;
}

static int get_bool(const json_t *props, const char *key, bool *out, struct ak_err *err)
{
    json_t *v = ak_json_get_ci(props, key);
    if (v == NULL || json_is_null(v))
        return 0;
    if (!json_is_boolean(v)) {
        char path[96];
        snprintf(path, sizeof(path), "properties.%s", key);
        return type_error(err, path, "true or false");
    }
    *out = json_is_true(v);
    return 0;
}

int ak_codec_pool_spec_decode(const json_t *props, struct ak_pool_spec *s, json_t **extra,
                              struct ak_err *err)
{
    int rc;
    if (extra)
        *extra = NULL;
    if (props == NULL || json_is_null(props))
        return 0;
    if (!json_is_object(props))
        return type_error(err, "properties", "an object");
#define T(x)                                                                                  \
    do {                                                                                      \
        if ((rc = (x)) != 0)                                                                  \
            return rc;                                                                        \
    } while (0)
    T(get_int(props, "count", -2147483647, 2147483647, &s->count, &s->has_count, err));
    T(get_string(props, "vmSize", &s->vm_size, err));
    T(get_int(props, "osDiskSizeGB", -2147483647, 2147483647, &s->os_disk_size_gb, NULL, err));
    T(get_string(props, "osDiskType", &s->os_disk_type, err));
    T(get_string(props, "kubeletDiskType", &s->kubelet_disk_type, err));
    T(get_int(props, "maxPods", -2147483647, 2147483647, &s->max_pods, NULL, err));
    T(get_string(props, "osType", &s->os_type, err));
    T(get_string(props, "osSKU", &s->os_sku, err));
    T(get_bool(props, "enableAutoScaling", &s->enable_auto_scaling, err));
    T(get_int(props, "minCount", -2147483647, 2147483647, &s->min_count, &s->has_min_count, err));
    T(get_int(props, "maxCount", -2147483647, 2147483647, &s->max_count, &s->has_max_count, err));
    T(get_string(props, "scaleDownMode", &s->scale_down_mode, err));
    T(get_string(props, "type", &s->type, err));
    T(get_string(props, "mode", &s->mode, err));
    T(get_string(props, "orchestratorVersion", &s->orchestrator_version, err));
    T(get_string(props, "scaleSetPriority", &s->priority, err));
    T(get_string(props, "scaleSetEvictionPolicy", &s->eviction_policy, err));
    T(get_bool(props, "enableNodePublicIP", &s->enable_node_public_ip, err));
    T(get_bool(props, "enableEncryptionAtHost", &s->enable_encryption_at_host, err));
    T(get_bool(props, "enableUltraSSD", &s->enable_ultra_ssd, err));
    T(get_bool(props, "enableFIPS", &s->enable_fips, err));
    json_t *v = ak_json_get_ci(props, "spotMaxPrice");
    if (v && !json_is_null(v)) {
        if (!json_is_number(v))
            return type_error(err, "properties.spotMaxPrice", "a number");
        s->spot_max_price = json_number_value(v);
        s->has_spot_max_price = true;
    }
    v = ak_json_get_ci(props, "powerState");
    if (v && !json_is_null(v)) {
        if (!json_is_object(v))
            return type_error(err, "properties.powerState", "an object");
        json_t *code = ak_json_get_ci(v, "code");
        if (code && !json_is_null(code) && !json_is_string(code))
            return type_error(err, "properties.powerState.code", "a string");
        T(get_string(v, "code", &s->power_state, err));
    }
    v = ak_json_get_ci(props, "tags");
    if (v && !json_is_null(v)) {
        if (ak_codec_kvs_decode(v, &s->tags) != 0)
            return type_error(err, "properties.tags", "an object of strings");
        s->has_tags = true;
    }
    v = ak_json_get_ci(props, "nodeLabels");
    if (v && !json_is_null(v)) {
        if (ak_codec_kvs_decode(v, &s->labels) != 0)
            return type_error(err, "properties.nodeLabels", "an object of strings");
        s->has_labels = true;
    }
    v = ak_json_get_ci(props, "nodeTaints");
    if (v && !json_is_null(v)) {
        if (ak_codec_strs_decode(v, &s->taints) != 0)
            return type_error(err, "properties.nodeTaints", "an array of strings");
        s->has_taints = true;
    }
    v = ak_json_get_ci(props, "availabilityZones");
    if (v && !json_is_null(v) && ak_codec_strs_decode(v, &s->zones) != 0)
        return type_error(err, "properties.availabilityZones", "an array of strings");
    v = ak_json_get_ci(props, "upgradeSettings");
    if (v && !json_is_null(v)) {
        if (!json_is_object(v))
            return type_error(err, "properties.upgradeSettings", "an object");
        json_t *ms = ak_json_get_ci(v, "maxSurge");
        if (ms && !json_is_null(ms)) {
            if (!json_is_string(ms))
                return type_error(err, "properties.upgradeSettings.maxSurge", "a string");
            free(s->max_surge);
            s->max_surge = ak_xstrdup(json_string_value(ms));
        }
    }
#undef T
    if (extra) {
        json_t *x = json_object();
        for (size_t i = 0; i < AK_ARRAY_LEN(pool_passthrough); i++) {
            json_t *pv = ak_json_get_ci(props, pool_passthrough[i]);
            if (pv && !json_is_null(pv))
                json_object_set(x, pool_passthrough[i], pv);
        }
        *extra = x;
    }
    return 0;
}

json_t *ak_codec_pool_spec_encode(const struct ak_pool_spec *s, const json_t *extra)
{
    json_t *p = json_object();
    json_object_set_new(p, "count", json_integer(s->count));
    ak_json_set_str(p, "vmSize", s->vm_size);
    json_object_set_new(p, "osDiskSizeGB", json_integer(s->os_disk_size_gb));
    ak_json_set_str(p, "osDiskType", s->os_disk_type);
    ak_json_set_str(p, "kubeletDiskType", s->kubelet_disk_type);
    json_object_set_new(p, "maxPods", json_integer(s->max_pods));
    ak_json_set_str(p, "osType", s->os_type);
    ak_json_set_str(p, "osSKU", s->os_sku);
    if (s->enable_auto_scaling) {
        json_object_set_new(p, "maxCount", json_integer(s->max_count));
        json_object_set_new(p, "minCount", json_integer(s->min_count));
    }
    json_object_set_new(p, "enableAutoScaling", json_boolean(s->enable_auto_scaling));
    ak_json_set_str(p, "scaleDownMode", s->scale_down_mode);
    ak_json_set_str(p, "type", s->type);
    ak_json_set_str(p, "mode", s->mode);
    ak_json_set_str(p, "orchestratorVersion", s->orchestrator_version);
    json_t *us = extra ? json_object_get(extra, "upgradeSettings") : NULL;
    json_t *usc = us ? json_deep_copy(us) : json_object();
    if (s->max_surge)
        json_object_set_new(usc, "maxSurge", json_string(s->max_surge));
    json_object_set_new(p, "upgradeSettings", usc);
    json_t *ps = json_object();
    ak_json_set_str(ps, "code", s->power_state ? s->power_state : "Running");
    json_object_set_new(p, "powerState", ps);
    if (s->zones.n)
        json_object_set_new(p, "availabilityZones", ak_codec_strs_encode(&s->zones));
    json_object_set_new(p, "enableNodePublicIP", json_boolean(s->enable_node_public_ip));
    ak_json_set_str(p, "scaleSetPriority", s->priority);
    if (ak_pool_is_spot(s)) {
        ak_json_set_str(p, "scaleSetEvictionPolicy", s->eviction_policy);
        json_object_set_new(p, "spotMaxPrice", json_real(s->spot_max_price));
    }
    if (s->has_tags)
        json_object_set_new(p, "tags", ak_codec_kvs_encode(&s->tags));
    if (s->labels.n)
        json_object_set_new(p, "nodeLabels", ak_codec_kvs_encode(&s->labels));
    json_object_set_new(p, "nodeTaints", ak_codec_strs_encode(&s->taints));
    json_object_set_new(p, "enableEncryptionAtHost", json_boolean(s->enable_encryption_at_host));
    json_object_set_new(p, "enableUltraSSD", json_boolean(s->enable_ultra_ssd));
    json_object_set_new(p, "enableFIPS", json_boolean(s->enable_fips));
    if (extra) {
        const char *k;
        json_t *v;
        json_object_foreach((json_t *)extra, k, v)
        {
            if (strcmp(k, "upgradeSettings") != 0)
                json_object_set(p, k, v);
        }
    }
    return p;
}
