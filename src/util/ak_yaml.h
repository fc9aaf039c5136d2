/* ak_yaml.h - YAML to JSON (libfyaml tree, our own typing: YAML 1.2 core schema for plain
 * scalars, quoted scalars stay strings, anchors/aliases/merge keys resolved by libfyaml). */
#ifndef AK_YAML_H
#define AK_YAML_H

#include <jansson.h>
#include <stddef.h>

/* One document -> new JSON reference, or NULL with "file:line:col: message" in err. */
json_t *ak_yaml_parse(const char *text, size_t len, const char *name, char *err, size_t errlen);
/* Every document of a stream -> JSON array (new reference), or NULL with err. */
json_t *ak_yaml_parse_all(const char *text, size_t len, const char *name, char *err, size_t errlen);

#endif
