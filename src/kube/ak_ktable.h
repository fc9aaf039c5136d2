/* ak_ktable.h - server-side printing: the meta.k8s.io/v1 Table columns and cells
 * kube-apiserver produces for each kind (reference/kubectl-table-columns.md), always with the
 * wide (priority 1) cells. Pure functions of an object's JSON and the current time. */
#ifndef AK_KTABLE_H
#define AK_KTABLE_H

#include <jansson.h>
#include <stdint.h>

#include "ak_kinds.h"
#include "ak_kstore.h"
#include "../util/ak_buf.h"

/* [{"name","type","format","description","priority"}, ...] (new reference) */
json_t *ak_ktable_columns(enum ak_kkind kind);
/* The row cells of one object (new reference). */
json_t *ak_ktable_cells(enum ak_kkind kind, const json_t *obj, int64_t now_ms);
/* Row "conditions" (finished pods), or NULL. */
json_t *ak_ktable_row_conditions(enum ak_kkind kind, const json_t *obj);
/* The row of a pod or a node from its typed state, without JSON: appends `"cells":[...]` (and
 * `,"conditions":[...]`) exactly as ak_ktable_cells / ak_ktable_row_conditions of its
 * rendering would give; false for other kinds. */
bool ak_ktable_row_typed(const struct ak_kobj *o, int64_t now_ms, struct ak_buf *b);
/* apimachinery HumanDuration of a duration in ms. */
void ak_human_duration(int64_t ms, char *out, size_t n);
/* HumanDuration since an RFC 3339 time; "<unknown>" when absent. */
void ak_age(const char *rfc3339, int64_t now_ms, char *out, size_t n);

#endif
