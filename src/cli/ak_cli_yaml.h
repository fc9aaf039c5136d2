/* ak_cli_yaml.h - the YAML az reads and writes: a block-style YAML 1.1 reader good for
 * kubeconfig files (mappings, sequences, plain/quoted/block scalars, simple flow
 * collections, comments) into jansson values, and an emitter that writes what PyYAML's
 * safe_dump(default_flow_style=False) writes (sorted keys, indentless sequences under
 * keys, quoting by the same rules, long plain lines folded at 80 columns). */
#ifndef AK_CLI_YAML_H
#define AK_CLI_YAML_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "../util/ak_buf.h"

/* Parses one YAML document. Returns a new reference (json null for an empty document), or
 * NULL with "line N: what" in err. */
json_t *ak_cli_yaml_parse(const char *text, size_t len, char *err, size_t errlen);
/* yaml.safe_dump(v, default_flow_style=False, allow_unicode=...) */
void ak_cli_yaml_dump(const json_t *v, bool allow_unicode, struct ak_buf *out);

#endif
