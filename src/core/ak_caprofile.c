/* ak_caprofile.c - see ak_caprofile.h */
#include "ak_caprofile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/ak_str.h"
#include "../util/ak_banned.h"

const char *const ak_ca_profile_keys[][2] = {
    {"balance-similar-node-groups", "false"},
    {"daemonset-eviction-for-empty-nodes", "false"},
    {"daemonset-eviction-for-occupied-nodes", "true"},
    {"expander", "random"},
    {"ignore-daemonsets-utilization", "false"},
    {"max-empty-bulk-delete", "10"},
    {"max-graceful-termination-sec", "600"},
    {"max-node-provision-time", "15m"},
    {"max-total-unready-percentage", "45"},
    {"new-pod-scale-up-delay", "0s"},
    {"ok-total-unready-count", "3"},
    {"scale-down-delay-after-add", "10m"},
    {"scale-down-delay-after-delete", "10s"},
    {"scale-down-delay-after-failure", "3m"},
    {"scale-down-unneeded-time", "10m"},
    {"scale-down-unready-time", "20m"},
    {"scale-down-utilization-threshold", "0.5"},
    {"scan-interval", "10s"},
    {"skip-nodes-with-local-storage", "false"},
    {"skip-nodes-with-system-pods", "true"},
};
const int ak_ca_profile_nkeys = (int)(sizeof(ak_ca_profile_keys) / sizeof(ak_ca_profile_keys[0]));

void ak_ca_profile_init(struct ak_ca_profile *p)
{
    memset(p, 0, sizeof(*p));
    for (int i = 0; i < ak_ca_profile_nkeys; i++)
        (void)ak_ca_profile_set(p, ak_ca_profile_keys[i][0], ak_ca_profile_keys[i][1], NULL);
    p->has_delay_after_delete = false;
}

int64_t ak_ca_duration_ms(const char *s)
{
    if (!s || !*s)
        return -1;
    const char *q = s;
    double total = 0;
    bool bare = true;
    while (*q) {
        if (!(*q >= '0' && *q <= '9') && *q != '.')
            return -1;
        char *end;
        double v = strtod(q, &end);
        if (end == q || v < 0)
            return -1;
        q = end;
        double unit = 1000;
        if (*q == 'h') {
            unit = 3600000, q++, bare = false;
        } else if (*q == 'm' && q[1] == 's') {
            unit = 1, q += 2, bare = false;
        } else if (*q == 'm') {
            unit = 60000, q++, bare = false;
        } else if (*q == 's') {
            unit = 1000, q++, bare = false;
        } else if (*q == 0 && bare && q != s) {
            unit = 1000; /* a bare number: seconds */
        } else {
            return -1;
        }
        total += v * unit;
        if (total > 1e15)
            return -1;
    }
    return (int64_t)(total + 0.5);
}

static int bad(struct ak_err *err, const char *key, const char *value, const char *what)
{
    return ak_err_set(err, 400, "InvalidParameter",
                      "The value of parameter autoScalerProfile.%s is invalid: '%s'. It must be %s.",
                      key, value, what);
}

static int dur(struct ak_err *err, const char *key, const char *value, int64_t *out)
{
    int64_t v = ak_ca_duration_ms(value);
    if (v < 0)
        return bad(err, key, value, "a duration such as '10m' or '30s'");
    *out = v;
    return 0;
}

static int boolean(struct ak_err *err, const char *key, const char *value, bool *out)
{
    if (ak_strieq(value, "true"))
        *out = true;
    else if (ak_strieq(value, "false"))
        *out = false;
    else
        return bad(err, key, value, "'true' or 'false'");
    return 0;
}

static int integer(struct ak_err *err, const char *key, const char *value, long lo, long hi, long *out)
{
    char *end;
    long v = value && *value ? strtol(value, &end, 10) : 0;
    if (!value || !*value || *end || v < lo || v > hi) {
        char what[96];
        snprintf(what, sizeof(what), "an integer from %ld to %ld", lo, hi);
        return bad(err, key, value ? value : "", what);
    }
    *out = v;
    return 0;
}

int ak_ca_profile_set(struct ak_ca_profile *p, const char *key, const char *value, struct ak_err *err)
{
    long n;
    if (!value)
        return bad(err, key, "", "a string");
    if (strcmp(key, "scan-interval") == 0) {
        int64_t v = 0;
        if (dur(err, key, value, &v))
            return -1;
        if (v < 1000)
            return bad(err, key, value, "at least 1 second");
        p->scan_interval_ms = v;
    } else if (strcmp(key, "scale-down-delay-after-add") == 0) {
        return dur(err, key, value, &p->delay_after_add_ms);
    } else if (strcmp(key, "scale-down-delay-after-delete") == 0) {
        if (dur(err, key, value, &p->delay_after_delete_ms))
            return -1;
        p->has_delay_after_delete = true;
    } else if (strcmp(key, "scale-down-delay-after-failure") == 0) {
        return dur(err, key, value, &p->delay_after_failure_ms);
    } else if (strcmp(key, "scale-down-unneeded-time") == 0) {
        return dur(err, key, value, &p->unneeded_ms);
    } else if (strcmp(key, "scale-down-unready-time") == 0) {
        return dur(err, key, value, &p->unready_ms);
    } else if (strcmp(key, "max-node-provision-time") == 0) {
        return dur(err, key, value, &p->max_node_provision_ms);
    } else if (strcmp(key, "new-pod-scale-up-delay") == 0) {
        return dur(err, key, value, &p->new_pod_delay_ms);
    } else if (strcmp(key, "scale-down-utilization-threshold") == 0) {
        char *end;
        double v = *value ? strtod(value, &end) : -1;
        if (!*value || *end || !(v >= 0 && v <= 1))
            return bad(err, key, value, "a decimal number from 0 to 1");
        p->utilization_threshold = v;
    } else if (strcmp(key, "max-graceful-termination-sec") == 0) {
        if (integer(err, key, value, 0, 86400 * 7, &n))
            return -1;
        p->max_graceful_termination_s = n;
    } else if (strcmp(key, "max-empty-bulk-delete") == 0) {
        if (integer(err, key, value, 1, 1000, &n))
            return -1;
        p->max_empty_bulk_delete = (int)n;
    } else if (strcmp(key, "max-total-unready-percentage") == 0) {
        if (integer(err, key, value, 0, 100, &n))
            return -1;
        p->max_total_unready_pct = (int)n;
    } else if (strcmp(key, "ok-total-unready-count") == 0) {
        if (integer(err, key, value, 0, 100000, &n))
            return -1;
        p->ok_total_unready_count = (int)n;
    } else if (strcmp(key, "balance-similar-node-groups") == 0) {
        return boolean(err, key, value, &p->balance_similar);
    } else if (strcmp(key, "skip-nodes-with-local-storage") == 0) {
        return boolean(err, key, value, &p->skip_local_storage);
    } else if (strcmp(key, "skip-nodes-with-system-pods") == 0) {
        return boolean(err, key, value, &p->skip_system_pods);
    } else if (strcmp(key, "ignore-daemonsets-utilization") == 0) {
        return boolean(err, key, value, &p->ignore_ds_utilization);
    } else if (strcmp(key, "daemonset-eviction-for-empty-nodes") == 0) {
        return boolean(err, key, value, &p->ds_evict_empty);
    } else if (strcmp(key, "daemonset-eviction-for-occupied-nodes") == 0) {
        return boolean(err, key, value, &p->ds_evict_occupied);
    } else if (strcmp(key, "expander") == 0) {
        if (strcmp(value, "random") == 0)
            p->expander = AK_CA_RANDOM;
        else if (strcmp(value, "least-waste") == 0)
            p->expander = AK_CA_LEAST_WASTE;
        else if (strcmp(value, "most-pods") == 0)
            p->expander = AK_CA_MOST_PODS;
        else if (strcmp(value, "priority") == 0)
            p->expander = AK_CA_PRIORITY;
        else
            return bad(err, key, value, "one of least-waste, most-pods, priority, random");
    } else {
        return ak_err_set(err, 400, "InvalidParameter",
                          "The value of parameter autoScalerProfile is invalid: unknown setting '%s'.", key);
    }
    return 0;
}

int64_t ak_ca_delay_after_delete(const struct ak_ca_profile *p)
{
    return p->has_delay_after_delete ? p->delay_after_delete_ms : p->scan_interval_ms;
}
