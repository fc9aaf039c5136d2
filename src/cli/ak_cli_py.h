/* ak_cli_py.h - how az (a Python program) turns values into text: repr() of floats,
 * str() of scalars, and json.dumps() in the two shapes az uses (pretty: indent 2, sorted
 * keys, non-ASCII kept; compact: "," and ":" separators, insertion order, as jmespath's
 * to_string() does). All output goes into a bounded ak_buf owned by the caller. */
#ifndef AK_CLI_PY_H
#define AK_CLI_PY_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "../util/ak_buf.h"

/* Python's repr(float): shortest round-trip digits, "1.0", "1e-05", "1e+16", "inf". */
void ak_py_float_repr(double d, char *out, size_t n);
/* Python's str(v) for a JSON scalar (None, True, False, ints, floats, strings as they are).
 * Objects and arrays are written as compact JSON (never reached by az's formatters). */
void ak_py_str(const json_t *v, struct ak_buf *b);
/* json.dumps(v, indent=2, sort_keys=True, ensure_ascii=False) followed by "\n".
 * color: ANSI colours for keys, strings and literals (az's jsonc on a terminal). */
void ak_py_json_pretty(const json_t *v, bool color, struct ak_buf *b);
/* json.dumps(v, separators=(",", ":")) in insertion order (jmespath to_string). */
void ak_py_json_compact(const json_t *v, struct ak_buf *b);
/* json.dumps(v, indent=4) in insertion order (azure-core's "Inner error:" text). */
void ak_py_json_indent4(const json_t *v, struct ak_buf *b);
/* Python json string escaping with ensure_ascii=False (quotes included). */
void ak_py_json_string(const char *s, size_t len, struct ak_buf *b);

#endif
