#include "ak_catalog.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/ak_err.h"
#include "../util/ak_mem.h"
#include "../util/ak_str.h"
#include "../util/ak_banned.h"

extern const char ak_vm_sizes_tsv[]; /* generated from data/vm-sizes.tsv */

static struct ak_vm_size *sizes;
static size_t nsizes;
static bool loaded;

static double parse_price(const char *s)
{
    double v;
    if (ak_parse_double(s, &v) != 0)
        return -1.0;
    return v;
}

int ak_catalog_parse(const char *text, char *errbuf, size_t errlen)
{
    struct ak_vm_size *out = NULL;
    size_t n = 0, cap = 0;
    int lineno = 0;
    bool header_seen = false;
    const char *p = text;
    while (*p) {
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p) : strlen(p);
        char line[2048];
        lineno++;
        if (len >= sizeof(line))
            len = sizeof(line) - 1;
        memcpy(line, p, len);
        line[len] = '\0';
        p = eol ? eol + 1 : p + len;
        if (len && line[len - 1] == '\r')
            line[--len] = '\0';
        if (line[0] == '#' || line[0] == '\0')
            continue;
        if (!header_seen) {
            header_seen = true;
            if (!ak_starts_with(line, "size\t")) {
                snprintf(errbuf, errlen, "line %d: expected the header line starting with 'size'",
                         lineno);
                free(out);
                return AK_EINVAL;
            }
            continue;
        }
        char *fields[16];
        int nf = 0;
        char *s = line;
        while (nf < 16) {
            fields[nf++] = s;
            char *tab = strchr(s, '\t');
            if (!tab)
                break;
            *tab = '\0';
            s = tab + 1;
        }
        if (nf < 9) {
            snprintf(errbuf, errlen, "line %d: expected at least 9 tab-separated columns, got %d",
                     lineno, nf);
            free(out);
            return AK_EINVAL;
        }
        AK_GROW(out, n + 1, cap);
        struct ak_vm_size *z = &out[n];
        memset(z, 0, sizeof(*z));
        int64_t v;
        snprintf(z->name, sizeof(z->name), "%s", fields[0]);
        if (ak_parse_i64(fields[1], 1, 1024, &v) != 0)
            goto bad;
        z->vcpu = (int)v;
        if (ak_parse_double(fields[2], &z->memory_gib) != 0 || z->memory_gib <= 0)
            goto bad;
        if (ak_parse_i64(fields[3], 0, 1 << 20, &v) != 0)
            goto bad;
        z->temp_disk_gib = (int)v;
        if (ak_parse_i64(fields[4], 0, 1024, &v) != 0)
            goto bad;
        z->max_data_disks = (int)v;
        if (ak_parse_i64(fields[5], 0, 64, &v) != 0)
            goto bad;
        z->gpus = (int)v;
        z->ephemeral_ok = strcmp(fields[6], "yes") == 0;
        z->price = parse_price(fields[7]);
        z->spot_price = parse_price(fields[8]);
        z->premium = true;
        if (nf >= 10 && ak_parse_i64(fields[9], 0, 1 << 20, &v) == 0)
            z->cache_gib = (int)v;
        if (nf >= 11)
            z->premium = strcmp(fields[10], "no") != 0;
        if (nf >= 12 && ak_starts_with(fields[11], "retired")) {
            z->retired = true;
            const char *d = strchr(fields[11], '-');
            snprintf(z->retired_on, sizeof(z->retired_on), "%s", d ? d + 1 : "");
        }
        if (nf >= 13 && strcmp(fields[12], "-") != 0)
            snprintf(z->gpu_model, sizeof(z->gpu_model), "%s", fields[12]);
        z->burstable = ak_istarts_with(z->name, "Standard_B");
        n++;
        continue;
    bad:
        snprintf(errbuf, errlen, "line %d: bad numeric column for size '%s'", lineno, fields[0]);
        free(out);
        return AK_EINVAL;
    }
    if (n == 0) {
        snprintf(errbuf, errlen, "no VM sizes found");
        free(out);
        return AK_EINVAL;
    }
    free(sizes);
    sizes = out;
    nsizes = n;
    loaded = true;
    return 0;
}

int ak_catalog_load_file(const char *path, char *errbuf, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(errbuf, errlen, "cannot open %s", path);
        return AK_EINVAL;
    }
    char *buf = NULL;
    size_t len = 0, cap = 0;
    char chunk[4096];
    size_t r;
    while ((r = fread(chunk, 1, sizeof(chunk), f)) > 0) {
        AK_GROW(buf, len + r + 1, cap);
        memcpy(buf + len, chunk, r);
        len += r;
    }
    fclose(f);
    AK_GROW(buf, len + 1, cap);
    buf[len] = '\0';
    char inner[256];
    int rc = ak_catalog_parse(buf, inner, sizeof(inner));
    if (rc)
        snprintf(errbuf, errlen, "%s: %s", path, inner);
    free(buf);
    return rc;
}

static void ensure_loaded(void)
{
    if (loaded)
        return;
    char err[256];
    if (ak_catalog_parse(ak_vm_sizes_tsv, err, sizeof(err)) != 0)
        ak_fatal("built-in VM size catalog: %s", err);
}

const struct ak_vm_size *ak_catalog_find(const char *name)
{
    ensure_loaded();
    if (!name)
        return NULL;
    for (size_t i = 0; i < nsizes; i++)
        if (ak_strieq(sizes[i].name, name))
            return &sizes[i];
    return NULL;
}

size_t ak_catalog_count(void)
{
    ensure_loaded();
    return nsizes;
}

const struct ak_vm_size *ak_catalog_at(size_t i)
{
    ensure_loaded();
    return i < nsizes ? &sizes[i] : NULL;
}

int ak_vm_size_ephemeral_capacity(const struct ak_vm_size *s)
{
    if (!s->ephemeral_ok || !s->premium)
        return 0;
    return s->cache_gib > 0 ? s->cache_gib : s->temp_disk_gib;
}

int ak_vm_size_default_os_disk_gb(const struct ak_vm_size *s)
{
    if (s->vcpu >= 64)
        return 1024;
    if (s->vcpu >= 16)
        return 512;
    if (s->vcpu >= 8)
        return 256;
    return 128;
}

void ak_catalog_names(char *out, size_t outlen, bool gpu_only)
{
    ensure_loaded();
    size_t pos = 0;
    out[0] = '\0';
    for (size_t i = 0; i < nsizes; i++) {
        if (sizes[i].retired || (gpu_only && sizes[i].gpus == 0))
            continue;
        int w = snprintf(out + pos, outlen - pos, "%s%s", pos ? ", " : "", sizes[i].name);
        if (w < 0 || (size_t)w >= outlen - pos) {
            out[pos] = '\0'; /* whole names only */
            break;
        }
        pos += (size_t)w;
    }
}

/* ---- regions ---- */

static const char *const regions[] = {
    "eastus", "eastus2", "westus", "westus2", "westus3", "centralus", "northcentralus",
    "southcentralus", "westcentralus", "canadacentral", "canadaeast", "brazilsouth",
    "northeurope", "westeurope", "uksouth", "ukwest", "francecentral", "germanywestcentral",
    "switzerlandnorth", "norwayeast", "swedencentral", "polandcentral", "italynorth",
    "spaincentral", "eastasia", "southeastasia", "japaneast", "japanwest", "koreacentral",
    "australiaeast", "australiasoutheast", "centralindia", "southindia", "uaenorth",
    "southafricanorth", "qatarcentral", "israelcentral", "mexicocentral", "newzealandnorth",
};

void ak_region_normalize(const char *in, char *out, size_t outlen)
{
    size_t j = 0;
    for (size_t i = 0; in[i] && j + 1 < outlen; i++) {
        if (in[i] == ' ')
            continue;
        out[j++] = (char)tolower((unsigned char)in[i]);
    }
    out[j] = '\0';
}

bool ak_region_valid(const char *location)
{
    char norm[64];
    ak_region_normalize(location, norm, sizeof(norm));
    for (size_t i = 0; i < AK_ARRAY_LEN(regions); i++)
        if (strcmp(regions[i], norm) == 0)
            return true;
    return false;
}

/* ---- Kubernetes versions ---- */

static const struct ak_k8s_version versions[] = {
    {"1.30.14", false, false},
    {"1.31.10", false, false},
    {"1.32.6", true, false},
    {"1.33.2", false, false},
};

size_t ak_k8s_version_count(void)
{
    return AK_ARRAY_LEN(versions);
}

const struct ak_k8s_version *ak_k8s_version_at(size_t i)
{
    return i < AK_ARRAY_LEN(versions) ? &versions[i] : NULL;
}

const char *ak_k8s_default_version(void)
{
    for (size_t i = 0; i < AK_ARRAY_LEN(versions); i++)
        if (versions[i].is_default)
            return versions[i].version;
    return versions[0].version;
}

int ak_k8s_parse(const char *v, int *major, int *minor, int *patch)
{
    int a, b, c = -1, n = 0;
    if (!v || !*v)
        return AK_EINVAL;
    if (sscanf(v, "%d.%d.%d%n", &a, &b, &c, &n) == 3 && v[n] == '\0') {
        /* full */
    } else if (sscanf(v, "%d.%d%n", &a, &b, &n) == 2 && v[n] == '\0') {
        c = -1;
    } else {
        return AK_EINVAL;
    }
    if (a < 0 || b < 0)
        return AK_EINVAL;
    *major = a;
    *minor = b;
    *patch = c;
    return 0;
}

const char *ak_k8s_resolve(const char *requested)
{
    if (!requested || !*requested)
        return ak_k8s_default_version();
    int ma, mi, pa;
    if (ak_k8s_parse(requested, &ma, &mi, &pa) != 0)
        return NULL;
    const char *best = NULL;
    for (size_t i = 0; i < AK_ARRAY_LEN(versions); i++) {
        int a, b, c;
        ak_k8s_parse(versions[i].version, &a, &b, &c);
        if (a == ma && b == mi && (pa < 0 || c == pa))
            best = versions[i].version; /* newest last */
    }
    return best;
}

const char *ak_node_image_version(void)
{
    return "AKSUbuntu-2204gen2containerd-202608.20.0";
}
