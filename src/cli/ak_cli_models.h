/* ak_cli_models.h - the Azure SDK model schemas az 2.45 deserializes ARM responses with.
 * The CLI uses them to print what az prints (every attribute of the SDK object, null when
 * the server did not send it, snake_case names turned camelCase) and to build request
 * bodies the way the SDK serializes them (attribute order, nulls and read-only fields
 * left out). Model names carry a package prefix: "cs." ContainerService 2022-11-01,
 * "rs." Resources 2021-04-01, "cp." Compute 2022-08-01. */
#ifndef AK_CLI_MODELS_H
#define AK_CLI_MODELS_H

#include <stddef.h>

struct ak_model_attr {
    const char *out;  /* name az prints, e.g. "osDiskSizeGb" */
    const char *key;  /* wire key, dots flatten: "properties.osDiskSizeGB" ("" = never on the wire) */
    const char *type; /* "str" "int" "float" "bool" "iso-8601" "object" "[T]" "{T}" or a model name */
    int readonly;     /* 1: the SDK never serializes it */
};

struct ak_model {
    const char *name;
    const struct ak_model_attr *attrs;
    size_t nattrs;
};

/* The model called `name` (e.g. "cs.AgentPool"), or NULL. */
const struct ak_model *ak_model_find(const char *name);

#endif
