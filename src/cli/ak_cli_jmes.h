/* ak_cli_jmes.h - JMESPath (jmespath.org) for --query, following the reference
 * implementation jmespath.py that az uses: the full grammar (fields, sub-expressions,
 * indexes, slices, list/object projections, flatten, filters with comparators and
 * &&/||/!, multi-select lists and hashes, pipes, literals, functions with expression
 * references) and its built-in functions. Parse errors and runtime errors carry the same
 * wording as jmespath.py where the user can see them. */
#ifndef AK_CLI_JMES_H
#define AK_CLI_JMES_H

#include <jansson.h>
#include <stddef.h>

struct ak_jmes;

/* Objects created by multi-select hashes keep their key order in az's table and tsv
 * output (they are OrderedDicts there); the evaluator records them here (it holds a
 * reference to each until ak_jmes_ordered_release). */
struct ak_jmes_ordered {
    json_t **v;
    size_t n, cap;
};
void ak_jmes_ordered_release(struct ak_jmes_ordered *o);
int ak_jmes_is_ordered(const struct ak_jmes_ordered *o, const json_t *obj);

/* Compiles `expr`; NULL with a message in err on a syntax error. */
struct ak_jmes *ak_jmes_compile(const char *expr, char *err, size_t errlen);
void ak_jmes_free(struct ak_jmes *q);
/* Evaluates against data (borrowed). Returns a new reference (json null for no result),
 * or NULL with a message in err on a runtime error (bad function argument types...).
 * ord may be NULL. */
json_t *ak_jmes_search(const struct ak_jmes *q, json_t *data, struct ak_jmes_ordered *ord,
                       char *err, size_t errlen);

#endif
