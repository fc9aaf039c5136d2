/* ak_caprofile.h - the cluster autoscaler profile of a managed cluster
 * (properties.autoScalerProfile): its keys, AKS's defaults and the parsing of the string
 * values (reference/aks-facts.md 5.1, lifecycle-facts.md 5.7). Pure: no I/O, no JSON. */
#ifndef AK_CAPROFILE_H
#define AK_CAPROFILE_H

#include <stdbool.h>
#include <stdint.h>

#include "../util/ak_err.h"

enum ak_ca_expander { AK_CA_RANDOM, AK_CA_LEAST_WASTE, AK_CA_MOST_PODS, AK_CA_PRIORITY };

struct ak_ca_profile {
    int64_t scan_interval_ms;
    int64_t delay_after_add_ms, delay_after_delete_ms, delay_after_failure_ms;
    bool has_delay_after_delete; /* default: the scan interval */
    int64_t unneeded_ms, unready_ms;
    int64_t max_node_provision_ms;
    int64_t new_pod_delay_ms;
    double utilization_threshold;
    int64_t max_graceful_termination_s;
    int max_empty_bulk_delete;
    int max_total_unready_pct, ok_total_unready_count;
    bool balance_similar, skip_local_storage, skip_system_pods;
    bool ignore_ds_utilization, ds_evict_empty, ds_evict_occupied;
    enum ak_ca_expander expander;
};

/* AKS's defaults */
void ak_ca_profile_init(struct ak_ca_profile *p);
/* Sets one key from its string value; 0, or a 400 InvalidParameter error naming the key and
 * what it takes (unknown keys too). */
int ak_ca_profile_set(struct ak_ca_profile *p, const char *key, const char *value, struct ak_err *err);
/* The scale-down delay after a delete (defaults to the scan interval). */
int64_t ak_ca_delay_after_delete(const struct ak_ca_profile *p);
/* The profile's keys in the order AKS renders them, with their default values. */
extern const char *const ak_ca_profile_keys[][2];
extern const int ak_ca_profile_nkeys;
/* "10m" / "600s" / "1h" / "1m30s" / "10" (seconds) -> milliseconds; -1 if not a duration */
int64_t ak_ca_duration_ms(const char *s);

#endif
