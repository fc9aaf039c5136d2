/* fuzz_selector.c - label selectors (string form of ?labelSelector= and the JSON
 * metav1.LabelSelector form) and field selectors (?fieldSelector=), src/kube/ak_selector.c.
 * Input: the selector text; after a NUL byte, a label set "k=v,k=v" to match against.
 * Checks: a parsed selector's canonical string parses again to the same canonical string;
 * the JSON form is decoded, validated and matched too when the input is JSON. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fz_env.h"
#include "kube/ak_selector.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *get_field(void *ud, const char *field)
{
    const struct ak_kvs *kv = ud;
    return ak_kvs_get(kv, field);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 8192)
        return 0;
    const uint8_t *a, *b;
    size_t alen, blen;
    fz_split(data, size, 0, &a, &alen, &b, &blen);
    char *sel = fz_strndup(a, alen);
    char *set = fz_strndup(b, blen);
    struct ak_kvs labels = {0};
    for (char *save = NULL, *tok = strtok_r(set, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(tok, '=');
        if (eq)
            *eq++ = '\0';
        ak_kvs_set(&labels, tok, eq ? eq : "");
    }

    struct ak_err err;
    struct ak_lsel ls;
    if (ak_lsel_parse(&ls, sel, &err) == 0) {
        (void)ak_lsel_match(&ls, &labels);
        struct ak_buf f1 = AK_BUF_INIT(1u << 20);
        ak_lsel_format(&ls, &f1);
        struct ak_lsel ls2;
        if (ak_lsel_parse(&ls2, ak_buf_cstr(&f1), &err) != 0)
            abort(); /* the canonical string of a selector does not parse */
        struct ak_buf f2 = AK_BUF_INIT(1u << 20);
        ak_lsel_format(&ls2, &f2);
        if (strcmp(ak_buf_cstr(&f1), ak_buf_cstr(&f2)) != 0)
            abort(); /* format(parse(format(s))) != format(s) */
        if (ak_lsel_match(&ls, &labels) != ak_lsel_match(&ls2, &labels))
            abort();
        ak_buf_release(&f1);
        ak_buf_release(&f2);
        ak_lsel_release(&ls2);
    }
    ak_lsel_release(&ls);

    struct ak_fsel fs;
    if (ak_fsel_parse(&fs, sel, &err) == 0) {
        (void)ak_fsel_match(&fs, get_field, &labels);
        (void)ak_fsel_empty(&fs);
        static const char *const kinds[] = {"Pod", "Node", "Event", "Secret", "ConfigMap"};
        (void)ak_fsel_validate(&fs, NULL, kinds[alen % 5], &err);
        (void)ak_fsel_match(&fs, get_field, &labels);
    }
    ak_fsel_release(&fs);

    json_t *j = json_loadb((const char *)a, alen, JSON_DECODE_ANY, NULL);
    if (j) {
        struct ak_strs errs = {0};
        (void)ak_lsel_validate_json(j, "spec.selector", &errs);
        ak_strs_release(&errs);
        if (ak_lsel_from_json(&ls, j, &err) == 0) {
            (void)ak_lsel_match(&ls, &labels);
            struct ak_buf f = AK_BUF_INIT(1u << 20);
            ak_lsel_format(&ls, &f);
            ak_buf_release(&f);
        }
        ak_lsel_release(&ls);
        json_decref(j);
    }
    ak_lsel_from_set(&ls, &labels);
    if (!ak_lsel_match(&ls, &labels))
        abort(); /* SelectorFromSet(labels) must select labels */
    ak_lsel_release(&ls);
    ak_kvs_release(&labels);
    free(sel);
    free(set);
    return 0;
}
