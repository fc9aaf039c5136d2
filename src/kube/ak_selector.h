/* ak_selector.h - Kubernetes label and field selectors (pure: no I/O, no global state).
 *
 * Label selectors come in two shapes and both compile to struct ak_lsel:
 *   - the string form of `?labelSelector=` (k8s.io/apimachinery pkg/labels/selector.go):
 *       a=b  a==b  a!=b  a in (x,y)  a notin (x)  a  !a  a>5  a<5   joined by ','
 *     Whitespace (' ', '\t', '\r', '\n') separates tokens and is otherwise ignored;
 *     "in"/"notin" are keywords only in operator position ("v in (in)" is fine);
 *     "a=" means a == "" and "a in ()" means a in ("").
 *   - the JSON form of metav1.LabelSelector
 *       {"matchLabels":{"k":"v"},"matchExpressions":[{"key":"k","operator":"In","values":[..]}]}
 *     converted as metav1.LabelSelectorAsSelector does: JSON null (or a missing selector)
 *     selects NOTHING, {} selects EVERYTHING.
 *
 * Error texts are kube-apiserver's (Kubernetes 1.30-1.34 wording, the versions the emulator
 * offers), e.g.
 *   "unable to parse requirement: <nil>: Invalid value: \"app:x\": name part must consist of ..."
 *   "found ')', expected: !, identifier, or 'end of string'"
 * They go into ak_err with status 400 / code "BadRequest": the API layer answers with a
 * Status whose message is err->message verbatim (that is what the apiserver does).
 *
 * Field selectors (`?fieldSelector=`, k8s.io/apimachinery pkg/fields/selector.go):
 *   k=v  k==v  k!=v  joined by ','; '\' escapes '\', ',' and '=' inside values; no other
 *   syntax, no whitespace trimming ("a = b" is field "a " with value " b").
 *   A missing field reads as "" (fields.Set.Get), so "spec.nodeName=" matches unbound pods.
 *
 * Ownership: constructors fill caller-owned structs (no allocation of the struct itself)
 * and copy every string they keep; *_release() frees the contents. Match functions borrow.
 */
#ifndef AK_SELECTOR_H
#define AK_SELECTOR_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "../util/ak_buf.h"
#include "../util/ak_err.h"
#include "../util/ak_str.h"

/* ---- label keys and values (k8s.io/apimachinery pkg/util/validation) ---------------------- */

/* Appends to *errs (if non-NULL) the messages IsQualifiedName / IsValidLabelValue return
 * ("name part must consist of ...", "prefix part must be non-empty", "must be no more than
 * 63 characters", ...) and returns how many it found; 0 = valid. */
size_t ak_lsel_key_errors(const char *key, struct ak_strs *errs);
size_t ak_lsel_value_errors(const char *value, struct ak_strs *errs);
bool ak_lsel_key_valid(const char *key);
bool ak_lsel_value_valid(const char *value);

/* ---- label selectors ------------------------------------------------------------------------ */

enum ak_lsel_op {
    AK_LSEL_IN,
    AK_LSEL_NOTIN,
    AK_LSEL_EQ,     /* "="  */
    AK_LSEL_DEQ,    /* "==" */
    AK_LSEL_NEQ,    /* "!=" */
    AK_LSEL_EXISTS, /* "a"  */
    AK_LSEL_DOES_NOT_EXIST, /* "!a" */
    AK_LSEL_GT,     /* "a>5" (string form only; integer compare) */
    AK_LSEL_LT,
};

struct ak_lsel_req {
    char *key;
    enum ak_lsel_op op;
    struct ak_strs values; /* sorted, duplicates removed (sets.String semantics) */
};

/* A conjunction of requirements, sorted by key. nothing=true selects no object at all
 * (labels.Nothing()); an empty requirement list selects everything. */
struct ak_lsel {
    struct ak_lsel_req *reqs;
    size_t n, cap;
    bool nothing;
};

void ak_lsel_init_everything(struct ak_lsel *s); /* no allocation */
void ak_lsel_init_nothing(struct ak_lsel *s);    /* no allocation */
void ak_lsel_release(struct ak_lsel *s);         /* s is "everything" afterwards */

/* Parses the string form. "" (or NULL) is everything. On error *out is "nothing" and the
 * message is in *err (400 BadRequest). Returns 0 or AK_EINVAL. */
int ak_lsel_parse(struct ak_lsel *out, const char *str, struct ak_err *err);

/* Converts a metav1.LabelSelector JSON value (LabelSelectorAsSelector). NULL or JSON null
 * -> nothing; {} -> everything. Unknown operators fail with
 * "\"Foo\" is not a valid label selector operator"; invalid keys / values / value counts
 * fail with NewRequirement's field errors ("key: Invalid value: ...",
 * "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be
 * empty"). Wrong JSON types fail with a decoding message. 0 or AK_EINVAL (400 BadRequest). */
int ak_lsel_from_json(struct ak_lsel *out, const json_t *sel, struct ak_err *err);

/* The same from already-decoded parts (matchLabels as kvs, expressions with operator names
 * "In", "NotIn", "Exists", "DoesNotExist"). match_labels may be NULL. */
struct ak_lsel_expr {
    const char *key;
    const char *op;
    const char *const *values;
    size_t n_values;
};
int ak_lsel_from_parts(struct ak_lsel *out, const struct ak_kvs *match_labels,
                       const struct ak_lsel_expr *exprs, size_t n_exprs, struct ak_err *err);

/* Selector from a plain map (labels.SelectorFromSet): k=v for every pair, no validation.
 * NULL or empty map -> everything. */
void ak_lsel_from_set(struct ak_lsel *out, const struct ak_kvs *set);

/* API validation of a LabelSelector inside an object (ValidateLabelSelector with default
 * options), e.g. path "spec.selector" gives
 *   "spec.selector.matchExpressions[0].values: Required value: must be specified when
 *    `operator` is 'In' or 'NotIn'".
 * Appends one string per field error to *errs and returns their number (0 = valid).
 * NULL / JSON null are valid (nothing to validate). */
size_t ak_lsel_validate_json(const json_t *sel, const char *path, struct ak_strs *errs);

bool ak_lsel_match(const struct ak_lsel *s, const struct ak_kvs *labels);
bool ak_lsel_empty(const struct ak_lsel *s); /* true for "everything" */
/* Canonical string (Selector.String()): "a in (x,y),b!=c,!d". "" for everything and for
 * nothing. */
void ak_lsel_format(const struct ak_lsel *s, struct ak_buf *out);

/* ---- field selectors ------------------------------------------------------------------------ */

struct ak_fsel_req {
    char *field;
    char *value; /* unescaped */
    bool neq;    /* "!=" ; "=" and "==" are the same */
};

struct ak_fsel {
    struct ak_fsel_req *reqs; /* sorted by the raw term text, as the apiserver sorts them */
    size_t n, cap;
};

/* Returns the value of `field` for the object behind ud, or NULL when the object has no
 * such field (read as ""). */
typedef const char *(*ak_fsel_get_fn)(void *ud, const char *field);

void ak_fsel_init(struct ak_fsel *f); /* matches everything */
void ak_fsel_release(struct ak_fsel *f);
/* "" / NULL = everything. Errors (400 BadRequest):
 *   "invalid selector: 'a'; can't understand 'a'"
 *   "invalid field selector: invalid escape sequence: \\x"
 *   "invalid field selector: unescaped character in value: 61"   (Go prints the rune code) */
int ak_fsel_parse(struct ak_fsel *out, const char *str, struct ak_err *err);
bool ak_fsel_match(const struct ak_fsel *f, ak_fsel_get_fn get, void *ud);
bool ak_fsel_empty(const struct ak_fsel *f);

/* Checks every field name (after parsing) the way the apiserver's field-label conversion
 * does, stopping at the first unknown one (400 BadRequest, AK_EINVAL):
 *   - allowed != NULL (NULL-terminated list): "field label not supported: X";
 *   - allowed == NULL: the list of ak_fsel_fields_for_kind(kind); for the core kinds that
 *     have their own list the message is "field label not supported: X", for any other
 *     kind it is the generic one: "\"X\" is not a known field selector: only
 *     \"metadata.name\", \"metadata.namespace\"".
 * For kind "Pod" the legacy name "spec.host" is accepted and rewritten to "spec.nodeName". */
int ak_fsel_validate(struct ak_fsel *f, const char *const *allowed, const char *kind,
                     struct ak_err *err);
/* Field names kube-apiserver accepts (pkg/apis/core/v1/conversion.go): Pod, Node, Event,
 * Namespace, Secret, Service, ReplicationController have their own lists; every other kind
 * (and NULL) gets {metadata.name, metadata.namespace}. NULL-terminated, static. */
const char *const *ak_fsel_fields_for_kind(const char *kind);

#endif
