/* ak_labels.h - Kubernetes label and taint syntax (pure). */
#ifndef AK_LABELS_H
#define AK_LABELS_H

#include <stdbool.h>
#include <stddef.h>

/* Qualified name: [prefix/]name, prefix a DNS-1123 subdomain (<=253), name <=63
 * matching ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]. */
bool ak_label_key_valid(const char *key);
/* <=63, empty allowed, same charset as names. */
bool ak_label_value_valid(const char *val);
bool ak_dns1123_subdomain_valid(const char *s);
bool ak_dns1123_label_valid(const char *s);

struct ak_taint {
    char key[320];
    char value[64];
    char effect[24]; /* NoSchedule | PreferNoSchedule | NoExecute */
};
/* Parses "key=value:Effect" or "key:Effect" with AKS's taint grammar
 * (^[a-zA-Z\d][\w\-\.\/]{0,252}=[a-zA-Z\d][\w\-\.]{0,62}:(NoSchedule|PreferNoSchedule|NoExecute)$,
 * value optional as Kubernetes allows). Returns 0 or AK_EINVAL. */
int ak_taint_parse(const char *spec, struct ak_taint *out);
bool ak_taint_effect_valid(const char *effect);

#endif
