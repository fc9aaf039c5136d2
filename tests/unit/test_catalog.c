/* test_catalog.c - the compiled-in VM size catalog (checked against data/vm-sizes.tsv read
 * independently), ak_catalog_parse errors, regions and Kubernetes versions. */
#include "unit_helpers.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/ak_catalog.h"
#include "util/ak_err.h"
#include "util/ak_mem.h"
#include "util/ak_str.h"

extern const char ak_vm_sizes_tsv[]; /* generated from data/vm-sizes.tsv */

/* Puts the compiled-in catalog back after a test replaced it. */
static void restore_catalog(void)
{
    char err[256];
    assert_int_equal(ak_catalog_parse(ak_vm_sizes_tsv, err, sizeof(err)), 0);
}

static char *read_source_tsv(void)
{
    /* __FILE__ is tests/unit/test_catalog.c inside the source tree */
    char path[4096];
    const char *file = __FILE__;
    const char *cut = strstr(file, "tests/unit/test_catalog.c");
    assert_non_null(cut);
    snprintf(path, sizeof(path), "%.*sdata/vm-sizes.tsv", (int)(cut - file), file);
    FILE *fp = fopen(path, "r");
    if (!fp)
        fail_msg("cannot open %s", path);
    char *buf = ak_xmalloc(1 << 20);
    size_t n = fread(buf, 1, (1 << 20) - 1, fp);
    buf[n] = '\0';
    fclose(fp);
    return buf;
}

/* Every data row of data/vm-sizes.tsv, split here without the catalog's parser, must be in
 * the compiled catalog with the same numbers. */
static void test_compiled_catalog_matches_tsv(void **state)
{
    (void)state;
    char *text = read_source_tsv();
    /* the embedded copy is the file itself */
    assert_string_equal(ak_vm_sizes_tsv, text);
    size_t rows = 0;
    bool header = false;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (line[0] == '#' || line[0] == '\0')
            continue;
        if (!header) {
            header = true;
            assert_true(ak_starts_with(line, "size\tvcpu\tmemory_gib\t"));
            continue;
        }
        char *col[16];
        int nc = 0;
        char *s2 = NULL;
        for (char *c = strtok_r(line, "\t", &s2); c && nc < 16; c = strtok_r(NULL, "\t", &s2))
            col[nc++] = c;
        assert_true(nc >= 13);
        const struct ak_vm_size *z = ak_catalog_find(col[0]);
        if (!z)
            fail_msg("size %s from the TSV is not in the catalog", col[0]);
        assert_string_equal(z->name, col[0]);
        assert_int_equal(z->vcpu, strtol(col[1], NULL, 10));
        assert_true(z->memory_gib == strtod(col[2], NULL));
        assert_int_equal(z->temp_disk_gib, strtol(col[3], NULL, 10));
        assert_int_equal(z->max_data_disks, strtol(col[4], NULL, 10));
        assert_int_equal(z->gpus, strtol(col[5], NULL, 10));
        assert_int_equal(z->ephemeral_ok, strcmp(col[6], "yes") == 0);
        if (strcmp(col[7], "NA") == 0)
            assert_true(z->price < 0);
        else
            assert_true(z->price == strtod(col[7], NULL));
        if (strcmp(col[8], "NA") == 0)
            assert_true(z->spot_price < 0);
        else
            assert_true(z->spot_price == strtod(col[8], NULL));
        assert_int_equal(z->cache_gib, strtol(col[9], NULL, 10));
        assert_int_equal(z->premium, strcmp(col[10], "no") != 0);
        assert_int_equal(z->retired, ak_starts_with(col[11], "retired"));
        assert_string_equal(z->gpu_model, strcmp(col[12], "-") == 0 ? "" : col[12]);
        assert_int_equal(z->burstable, ak_starts_with(col[0], "Standard_B"));
        rows++;
    }
    assert_true(header);
    assert_int_equal(ak_catalog_count(), rows);
    assert_true(rows >= 20);
    free(text);
}

static void test_known_sizes(void **state)
{
    (void)state;
    const struct ak_vm_size *z = ak_catalog_find("Standard_DS2_v2");
    assert_non_null(z);
    assert_int_equal(z->vcpu, 2);
    assert_true(z->memory_gib == 7.0);
    assert_int_equal(z->cache_gib, 86);
    assert_true(z->ephemeral_ok && z->premium && !z->retired && !z->burstable);
    assert_true(z->price == 0.146);

    z = ak_catalog_find("Standard_NC6");
    assert_non_null(z);
    assert_true(z->retired);
    assert_string_equal(z->retired_on, "2023-09-06");
    assert_string_equal(z->gpu_model, "K80");
    assert_int_equal(z->gpus, 1);
    assert_false(z->premium);
    assert_true(z->price < 0);

    z = ak_catalog_find("Standard_NC6s_v3");
    assert_non_null(z);
    assert_string_equal(z->gpu_model, "V100");
    assert_true(z->memory_gib == 112.0);

    z = ak_catalog_find("Standard_D2s_v3");
    assert_true(z->spot_price == 0.019);

    z = ak_catalog_find("Standard_B2s");
    assert_true(z->burstable);
    z = ak_catalog_find("Standard_DS1_v2");
    assert_true(z->memory_gib == 3.5);
    assert_int_equal(z->vcpu, 1);
    z = ak_catalog_find("Standard_B1s");
    assert_true(z->memory_gib == 1.0);

    /* catalog order is file order, and at() is bounds-checked */
    assert_string_equal(ak_catalog_at(0)->name, "Standard_B2s");
    assert_null(ak_catalog_at(ak_catalog_count()));
}

static void test_find_case_insensitive(void **state)
{
    (void)state;
    const struct ak_vm_size *a = ak_catalog_find("Standard_D4s_v3");
    assert_non_null(a);
    assert_ptr_equal(ak_catalog_find("standard_d4s_v3"), a);
    assert_ptr_equal(ak_catalog_find("STANDARD_D4S_V3"), a);
    assert_null(ak_catalog_find("Standard_D4s_v3 "));
    assert_null(ak_catalog_find("Standard_D4s"));
    assert_null(ak_catalog_find(""));
    assert_null(ak_catalog_find(NULL));
}

static void test_ephemeral_capacity(void **state)
{
    (void)state;
    struct {
        const char *name;
        int cap;
    } cases[] = {
        {"Standard_DS2_v2", 86},      /* cache disk */
        {"Standard_DS3_v2", 172},     {"Standard_D2s_v3", 50},  {"Standard_D8s_v3", 200},
        {"Standard_D2s_v5", 0},       /* no temp disk, not supported */
        {"Standard_B2s", 8},          /* no cache: temp disk */
        {"Standard_NC4as_T4_v3", 176}, {"Standard_NC6", 0}, /* not premium, not ephemeral */
    };
    for (size_t i = 0; i < AK_ARRAY_LEN(cases); i++) {
        const struct ak_vm_size *z = ak_catalog_find(cases[i].name);
        assert_non_null(z);
        assert_int_equal(ak_vm_size_ephemeral_capacity(z), cases[i].cap);
    }
    struct ak_vm_size z;
    memset(&z, 0, sizeof(z));
    z.ephemeral_ok = true;
    z.premium = false;
    z.cache_gib = 100;
    assert_int_equal(ak_vm_size_ephemeral_capacity(&z), 0); /* needs premium storage */
    z.premium = true;
    assert_int_equal(ak_vm_size_ephemeral_capacity(&z), 100);
}

static void test_catalog_names(void **state)
{
    (void)state;
    char buf[2048];
    ak_catalog_names(buf, sizeof(buf), true);
    assert_string_equal(buf, "Standard_NC6s_v3, Standard_NC4as_T4_v3");
    ak_catalog_names(buf, sizeof(buf), false);
    ASSERT_CONTAINS(buf, "Standard_B2s, Standard_B2ms, ");
    ASSERT_CONTAINS(buf, "Standard_DS2_v2");
    ASSERT_NOT_CONTAINS(buf, "Standard_NC6,");
    /* a short buffer holds whole names only */
    char small[40];
    ak_catalog_names(small, sizeof(small), false);
    assert_string_equal(small, "Standard_B2s, Standard_B2ms");
    char tiny[5];
    ak_catalog_names(tiny, sizeof(tiny), false);
    assert_string_equal(tiny, "");
}

/* ---- ak_catalog_parse ---- */

#define HDR                                                                                   \
    "size\tvcpu\tmemory_gib\ttemp_disk_gib\tmax_data_disks\tgpus\tephemeral_os_ok\tprice\t"  \
    "spot\tcache_gib\tpremium\tstatus\tgpu_model\tsource\n"

static void expect_parse_error(const char *text, const char *phrase)
{
    char err[256] = "";
    size_t before = ak_catalog_count();
    const struct ak_vm_size *first = ak_catalog_at(0);
    assert_int_equal(ak_catalog_parse(text, err, sizeof(err)), AK_EINVAL);
    ASSERT_CONTAINS(err, phrase);
    /* a failed parse leaves the catalog alone */
    assert_int_equal(ak_catalog_count(), before);
    assert_ptr_equal(ak_catalog_at(0), first);
}

static void test_parse_errors(void **state)
{
    (void)state;
    expect_parse_error("name\tvcpu\nStandard_X\t2\n",
                       "line 1: expected the header line starting with 'size'");
    expect_parse_error("# comment\n\nsizes\tvcpu\n", "line 3: expected the header line");
    expect_parse_error(HDR "Standard_X\ttwo\t8\t16\t4\t0\tyes\t0.1\tNA\n",
                       "line 2: bad numeric column for size 'Standard_X'");
    expect_parse_error(HDR "Standard_X\t0\t8\t16\t4\t0\tyes\t0.1\tNA\n", "bad numeric column");
    expect_parse_error(HDR "Standard_X\t2\t-8\t16\t4\t0\tyes\t0.1\tNA\n", "bad numeric column");
    expect_parse_error(HDR "Standard_X\t2\t8\tbig\t4\t0\tyes\t0.1\tNA\n", "bad numeric column");
    expect_parse_error(HDR "Standard_X\t2\t8\t16\t4\t99\tyes\t0.1\tNA\n", "bad numeric column");
    expect_parse_error(HDR "Standard_X\t2\t8\t16\t4\t0\tyes\t0.1\n",
                       "line 2: expected at least 9 tab-separated columns, got 8");
    expect_parse_error(HDR "# c\nStandard_X\t2\n", "line 3: expected at least 9 tab-separated "
                                                   "columns, got 2");
    expect_parse_error(HDR, "no VM sizes found");
    expect_parse_error("", "no VM sizes found");
}

static void test_parse_ok(void **state)
{
    (void)state;
    char err[256];
    const char *text = "# test catalog\r\n" HDR
                       "Standard_Q2\t2\t8\t16\t4\t0\tyes\t0.25\tNA\t40\tyes\tavailable\t-\tsrc\r\n"
                       "\n"
                       "Standard_G1\t4\t28\t176\t8\t1\tno\tNA\t0.1\t0\tno\tretired-2020-01-02\tT4\n"
                       "Standard_M9\t1\t2.5\t0\t2\t0\tyes\tx\ty\n";
    assert_int_equal(ak_catalog_parse(text, err, sizeof(err)), 0);
    assert_int_equal(ak_catalog_count(), 3);
    const struct ak_vm_size *z = ak_catalog_find("standard_q2");
    assert_non_null(z);
    assert_string_equal(z->name, "Standard_Q2"); /* CRLF stripped */
    assert_true(z->price == 0.25 && z->spot_price < 0);
    assert_int_equal(z->cache_gib, 40);
    assert_false(z->retired);
    z = ak_catalog_find("Standard_G1");
    assert_true(z->retired);
    assert_string_equal(z->retired_on, "2020-01-02");
    assert_string_equal(z->gpu_model, "T4");
    assert_false(z->premium);
    assert_true(z->price < 0 && z->spot_price == 0.1);
    z = ak_catalog_find("Standard_M9"); /* only the 9 required columns */
    assert_true(z->memory_gib == 2.5);
    assert_true(z->premium); /* default */
    assert_int_equal(z->cache_gib, 0);
    assert_true(z->price < 0); /* unparsable price = unknown */
    assert_null(ak_catalog_find("Standard_DS2_v2"));
    restore_catalog();
    assert_non_null(ak_catalog_find("Standard_DS2_v2"));
}

static void test_load_file(void **state)
{
    (void)state;
    char err[512];
    assert_int_equal(ak_catalog_load_file("/nonexistent/aksemu/vm.tsv", err, sizeof(err)),
                     AK_EINVAL);
    ASSERT_CONTAINS(err, "cannot open /nonexistent/aksemu/vm.tsv");
    char path[] = "/tmp/aksemu-catalog-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *fp = fdopen(fd, "w");
    fputs("size\tx\nStandard_A\t1\n", fp);
    fclose(fp);
    assert_int_equal(ak_catalog_load_file(path, err, sizeof(err)), AK_EINVAL);
    ASSERT_CONTAINS(err, path);
    ASSERT_CONTAINS(err, "expected at least 9 tab-separated columns");
    fp = fopen(path, "w");
    fputs(HDR "Standard_Z1\t2\t8\t16\t4\t0\tyes\t0.1\tNA\n", fp);
    fclose(fp);
    assert_int_equal(ak_catalog_load_file(path, err, sizeof(err)), 0);
    assert_int_equal(ak_catalog_count(), 1);
    assert_non_null(ak_catalog_find("Standard_Z1"));
    unlink(path);
    restore_catalog();
}

/* ---- regions ---- */

static void test_regions(void **state)
{
    (void)state;
    char out[64];
    ak_region_normalize("East US", out, sizeof(out));
    assert_string_equal(out, "eastus");
    ak_region_normalize("West Europe", out, sizeof(out));
    assert_string_equal(out, "westeurope");
    ak_region_normalize("East US 2", out, sizeof(out));
    assert_string_equal(out, "eastus2");
    ak_region_normalize("eastus", out, sizeof(out));
    assert_string_equal(out, "eastus");
    char small[4];
    ak_region_normalize("East US", small, sizeof(small));
    assert_string_equal(small, "eas");

    const char *valid[] = {"eastus", "East US", "EASTUS", "westeurope", "centralus",
                           "Sweden Central", "newzealandnorth"};
    for (size_t i = 0; i < AK_ARRAY_LEN(valid); i++)
        if (!ak_region_valid(valid[i]))
            fail_msg("region '%s' should be valid", valid[i]);
    const char *invalid[] = {"", "mars", "east-us", "eastus3", "eastus2euap"};
    for (size_t i = 0; i < AK_ARRAY_LEN(invalid); i++)
        if (ak_region_valid(invalid[i]))
            fail_msg("region '%s' should be invalid", invalid[i]);
}

/* ---- Kubernetes versions ---- */

static void test_k8s_versions(void **state)
{
    (void)state;
    size_t n = ak_k8s_version_count();
    assert_true(n >= 2);
    int defaults = 0;
    for (size_t i = 0; i < n; i++) {
        const struct ak_k8s_version *v = ak_k8s_version_at(i);
        assert_non_null(v);
        int a, b, c;
        assert_int_equal(ak_k8s_parse(v->version, &a, &b, &c), 0);
        assert_true(c >= 0);
        if (v->is_default)
            defaults++;
        if (i > 0) { /* newest last */
            int pa, pb, pc;
            ak_k8s_parse(ak_k8s_version_at(i - 1)->version, &pa, &pb, &pc);
            assert_true(a > pa || (a == pa && (b > pb || (b == pb && c > pc))));
        }
    }
    assert_int_equal(defaults, 1);
    assert_null(ak_k8s_version_at(n));
    assert_string_equal(ak_k8s_default_version(), "1.32.6");
    ASSERT_CONTAINS(ak_node_image_version(), "AKSUbuntu-2204gen2containerd-");
}

static void test_k8s_resolve(void **state)
{
    (void)state;
    ASSERT_STR(ak_k8s_resolve(""), "1.32.6");
    ASSERT_STR(ak_k8s_resolve(NULL), "1.32.6");
    ASSERT_STR(ak_k8s_resolve("1.31"), "1.31.10");
    ASSERT_STR(ak_k8s_resolve("1.30"), "1.30.14");
    ASSERT_STR(ak_k8s_resolve("1.33"), "1.33.2");
    ASSERT_STR(ak_k8s_resolve("1.32.6"), "1.32.6");
    const char *unsupported[] = {"1.32.5", "1.29", "1.34", "2.0", "1", "1.x", "v1.32",
                                 "1.32.6.1", "1.32.", "abc"};
    for (size_t i = 0; i < AK_ARRAY_LEN(unsupported); i++)
        if (ak_k8s_resolve(unsupported[i]) != NULL)
            fail_msg("'%s' should not resolve", unsupported[i]);
}

static void test_k8s_parse(void **state)
{
    (void)state;
    int a = -9, b = -9, c = -9;
    assert_int_equal(ak_k8s_parse("1.32.6", &a, &b, &c), 0);
    assert_true(a == 1 && b == 32 && c == 6);
    assert_int_equal(ak_k8s_parse("1.31", &a, &b, &c), 0);
    assert_true(a == 1 && b == 31 && c == -1);
    assert_int_equal(ak_k8s_parse("10.0.100", &a, &b, &c), 0);
    assert_true(a == 10 && b == 0 && c == 100);
    const char *bad[] = {"", "1", "1.", "1.x", "1.2.x", "1.2.3.4", "1.2 ", "a.b", "1.-2", "-1.2",
                         "1.2.3-rc1"};
    for (size_t i = 0; i < AK_ARRAY_LEN(bad); i++)
        if (ak_k8s_parse(bad[i], &a, &b, &c) != AK_EINVAL)
            fail_msg("'%s' should not parse", bad[i]);
    assert_int_equal(ak_k8s_parse(NULL, &a, &b, &c), AK_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_compiled_catalog_matches_tsv),
        cmocka_unit_test(test_known_sizes),
        cmocka_unit_test(test_find_case_insensitive),
        cmocka_unit_test(test_ephemeral_capacity),
        cmocka_unit_test(test_catalog_names),
        cmocka_unit_test(test_parse_errors),
        cmocka_unit_test(test_parse_ok),
        cmocka_unit_test(test_load_file),
        cmocka_unit_test(test_regions),
        cmocka_unit_test(test_k8s_versions),
        cmocka_unit_test(test_k8s_resolve),
        cmocka_unit_test(test_k8s_parse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
