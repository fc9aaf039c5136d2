/* ak_catalog.h - VM sizes (data/vm-sizes.tsv, compiled in), regions and Kubernetes versions. */
#ifndef AK_CATALOG_H
#define AK_CATALOG_H

#include <stdbool.h>
#include <stddef.h>

struct ak_vm_size {
    char name[48];
    int vcpu;
    double memory_gib;
    int temp_disk_gib;
    int max_data_disks;
    int gpus;
    bool ephemeral_ok;
    double price;      /* USD/h Linux PAYG; < 0 = unknown */
    double spot_price; /* USD/h; < 0 = unknown */
    int cache_gib;
    bool premium;
    bool retired;
    char retired_on[16];
    char gpu_model[16];
    bool burstable; /* B-series */
};

/* Loads the compiled-in catalog unless ak_catalog_load_file() was called first. */
const struct ak_vm_size *ak_catalog_find(const char *name); /* case-insensitive */
size_t ak_catalog_count(void);
const struct ak_vm_size *ak_catalog_at(size_t i);
/* Replaces the catalog with a TSV file of the same columns; 0 or AK_EINVAL (message in errbuf). */
int ak_catalog_load_file(const char *path, char *errbuf, size_t errlen);
int ak_catalog_parse(const char *text, char *errbuf, size_t errlen);
/* Capacity available to an ephemeral OS disk (cache disk, else temp disk), GiB. */
int ak_vm_size_ephemeral_capacity(const struct ak_vm_size *s);
/* Default managed OS disk size for the vCPU count (AKS, pools created 2022-07 or later). */
int ak_vm_size_default_os_disk_gb(const struct ak_vm_size *s);
/* "Standard_B2s, Standard_B2ms, ..." of sizes that can be deployed. */
void ak_catalog_names(char *out, size_t outlen, bool gpu_only);

/* Azure regions the emulator accepts (lower-case, no spaces). */
bool ak_region_valid(const char *location);
/* Canonical form: lower-case with spaces removed ("East US" -> "eastus"); writes into out. */
void ak_region_normalize(const char *in, char *out, size_t outlen);

/* Kubernetes versions offered, newest last. */
struct ak_k8s_version {
    const char *version; /* "1.32.6" */
    bool is_default;
    bool is_preview;
};
size_t ak_k8s_version_count(void);
const struct ak_k8s_version *ak_k8s_version_at(size_t i);
const char *ak_k8s_default_version(void);
/* Resolves "" -> default, "1.32" -> newest 1.32 patch, "1.32.6" -> itself; NULL when unsupported. */
const char *ak_k8s_resolve(const char *requested);
/* Parses "x.y[.z]"; returns 0 or AK_EINVAL. */
int ak_k8s_parse(const char *v, int *major, int *minor, int *patch);
const char *ak_node_image_version(void); /* "AKSUbuntu-2204gen2containerd-202608.20.0" */

#endif
