/* ak_proto.c - table-driven decoder for Kubernetes protobuf bodies (see ak_proto.h).
 *
 * Wire format (protobuf): a message is a sequence of (tag, value); tag = field << 3 | wire
 * type; wire types 0 varint, 1 fixed64, 2 length-delimited, 3/4 group start/end (skipped),
 * 5 fixed32. Every read is bounds-checked against the enclosing payload, recursion is
 * bounded by AK_PROTO_MAX_DEPTH and the output by AK_PROTO_MAX_VALUES.
 *
 * The descriptor tables at the end were transcribed from k8s.io/api v0.36.3
 * ({core,apps,batch,policy,coordination,autoscaling,scheduling}/v1/generated.proto: field
 * numbers and names; types.go: JSON names, Go pointers, `json:",inline"` members) and
 * k8s.io/apimachinery v0.36.3 (meta/v1, runtime, util/intstr, api/resource). Field numbers
 * never change between releases, so older clients' bodies decode with the same tables. */
#include "ak_proto.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kube/ak_quantity.h"
#include "util/ak_base64.h"
#include "util/ak_err.h"
#include "util/ak_mem.h"
#include "../util/ak_banned.h"

/* ---- descriptors ---- */

enum pb_kind {
    PB_STRING,    /* string */
    PB_BYTES,     /* bytes -> base64 */
    PB_BOOL,      /* varint */
    PB_INT32,     /* varint, low 32 bits, signed */
    PB_INT64,     /* varint */
    PB_MSG,       /* nested message, see msg */
    PB_TIME,      /* meta/v1 Time {1 seconds, 2 nanos}, JSON RFC 3339 seconds */
    PB_MICROTIME, /* meta/v1 MicroTime, JSON RFC 3339 microseconds */
    PB_DURATION,  /* meta/v1 Duration {1 duration ns}, JSON Go duration string */
    PB_QUANTITY,  /* resource.Quantity {1 string} */
    PB_INTSTR,    /* intstr.IntOrString {1 type, 2 intVal, 3 strVal} */
    PB_RAWJSON,   /* meta/v1 FieldsV1 / runtime.RawExtension {1 raw}: embedded JSON */
};

enum pb_flags {
    PB_F_REP = 1 << 0,    /* repeated: JSON array */
    PB_F_MAP = 1 << 1,    /* map<string, kind>: JSON object */
    PB_F_PTR = 1 << 2,    /* a pointer in Go: presence matters, zero values are kept */
    PB_F_INLINE = 1 << 3, /* `json:",inline"`: the message's fields go into the parent */
};

struct pb_msg;
struct pb_field {
    uint32_t num;
    const char *json; /* NULL for inline members */
    uint8_t kind;     /* enum pb_kind */
    uint8_t flags;    /* enum pb_flags */
    const struct pb_msg *msg;
};
struct pb_msg {
    const char *name;
    const struct pb_field *fields; /* sorted by num */
    size_t n;
};
struct pb_root {
    const char *api_version, *kind;
    const struct pb_msg *msg;
};

static const struct pb_msg *pb_find_root(const char *api_version, const char *kind);

/* ---- reading ---- */

enum { PB_WT_VARINT = 0, PB_WT_I64 = 1, PB_WT_LEN = 2, PB_WT_SGROUP = 3, PB_WT_EGROUP = 4,
       PB_WT_I32 = 5 };
#define PB_MAX_FIELD 536870911u /* 2^29 - 1 */

struct pb_ctx {
    struct ak_err *err;
    const uint8_t *base; /* start of the body, for byte offsets in messages */
    size_t values;       /* JSON values created so far */
};

struct pb_rd {
    const uint8_t *p, *end;
};

__attribute__((format(printf, 5, 6))) static int pb_fail(struct pb_ctx *c, int status,
                                                         const char *reason, const uint8_t *at,
                                                         const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (at != NULL && c->base != NULL)
        return ak_err_set(c->err, status, reason, "protobuf body: %s (at byte %zu)", msg,
                          (size_t)(at - c->base));
    return ak_err_set(c->err, status, reason, "protobuf body: %s", msg);
}

#define PB_BAD(c, at, ...) pb_fail((c), 400, "BadRequest", (at), __VA_ARGS__)

static int pb_spend(struct pb_ctx *c, const uint8_t *at, size_t k)
{
    if (k > AK_PROTO_MAX_VALUES - c->values)
        return pb_fail(c, 413, "RequestEntityTooLarge", at,
                       "decodes to more than %u JSON values", AK_PROTO_MAX_VALUES);
    c->values += k;
    return 0;
}

static json_t *pb_check(json_t *v)
{
    if (v == NULL)
        ak_fatal("jansson: out of memory");
    return v;
}

static int rd_varint(struct pb_ctx *c, struct pb_rd *r, uint64_t *out)
{
    const uint8_t *start = r->p;
    uint64_t v = 0;
    for (int i = 0; i < 10; i++) {
        if (r->p >= r->end)
            return PB_BAD(c, start, "truncated varint");
        uint8_t b = *r->p++;
        if (i == 9 && b > 1)
            return PB_BAD(c, start, "varint longer than 64 bits");
        v |= (uint64_t)(b & 0x7f) << (7 * i);
        if (!(b & 0x80)) {
            *out = v;
            return 0;
        }
    }
    return PB_BAD(c, start, "varint longer than 10 bytes"); /* not reached */
}

static int rd_tag(struct pb_ctx *c, struct pb_rd *r, uint32_t *num, int *wt)
{
    const uint8_t *at = r->p;
    uint64_t tag;
    int rc = rd_varint(c, r, &tag);
    if (rc < 0)
        return rc;
    if ((tag >> 3) == 0 || (tag >> 3) > PB_MAX_FIELD)
        return PB_BAD(c, at, "invalid field number %llu", (unsigned long long)(tag >> 3));
    *num = (uint32_t)(tag >> 3);
    *wt = (int)(tag & 7);
    return 0;
}

/* A length-delimited payload: *p, *n inside the reader's bounds. */
static int rd_len(struct pb_ctx *c, struct pb_rd *r, const uint8_t **p, size_t *n)
{
    const uint8_t *at = r->p;
    uint64_t len;
    int rc = rd_varint(c, r, &len);
    if (rc < 0)
        return rc;
    if (len > (uint64_t)(r->end - r->p))
        return PB_BAD(c, at, "length %llu runs past the end of the message (%zu bytes left)",
                      (unsigned long long)len, (size_t)(r->end - r->p));
    *p = r->p;
    *n = (size_t)len;
    r->p += len;
    return 0;
}

static int skip_field(struct pb_ctx *c, struct pb_rd *r, uint32_t num, int wt, int depth)
{
    const uint8_t *at = r->p, *p;
    uint64_t v;
    size_t n;
    switch (wt) {
    case PB_WT_VARINT:
        return rd_varint(c, r, &v);
    case PB_WT_I64:
    case PB_WT_I32:
        n = wt == PB_WT_I64 ? 8 : 4;
        if ((size_t)(r->end - r->p) < n)
            return PB_BAD(c, at, "truncated %zu-byte value of field %u", n, num);
        r->p += n;
        return 0;
    case PB_WT_LEN:
        return rd_len(c, r, &p, &n);
    case PB_WT_SGROUP:
        if (depth + 1 > AK_PROTO_MAX_DEPTH)
            return PB_BAD(c, at, "nesting deeper than %d levels", AK_PROTO_MAX_DEPTH);
        for (;;) {
            uint32_t inum;
            int iwt, rc;
            if (r->p >= r->end)
                return PB_BAD(c, at, "unterminated group (field %u)", num);
            if ((rc = rd_tag(c, r, &inum, &iwt)) < 0)
                return rc;
            if (iwt == PB_WT_EGROUP) {
                if (inum != num)
                    return PB_BAD(c, at, "group %u closed as %u", num, inum);
                return 0;
            }
            if ((rc = skip_field(c, r, inum, iwt, depth + 1)) < 0)
                return rc;
        }
    case PB_WT_EGROUP:
        return PB_BAD(c, at, "unexpected end-group (field %u)", num);
    default:
        return PB_BAD(c, at, "invalid wire type %d (field %u)", wt, num);
    }
}

/* Small fixed messages (map entries, Time, IntOrString, the envelope...): collects the
 * last value of each wanted field, skips the others. */
struct pb_slot {
    uint32_t num;
    int wt; /* PB_WT_VARINT or PB_WT_LEN */
    bool seen;
    uint64_t v;
    const uint8_t *p;
    size_t n;
};

static int pb_scan(struct pb_ctx *c, const char *what, const uint8_t *p, size_t n,
                   struct pb_slot *slots, size_t nslots, int depth)
{
    if (depth > AK_PROTO_MAX_DEPTH)
        return PB_BAD(c, p, "nesting deeper than %d levels", AK_PROTO_MAX_DEPTH);
    struct pb_rd r = {p, p + n};
    while (r.p < r.end) {
        const uint8_t *at = r.p;
        uint32_t num;
        int wt, rc;
        if ((rc = rd_tag(c, &r, &num, &wt)) < 0)
            return rc;
        struct pb_slot *s = NULL;
        for (size_t i = 0; i < nslots; i++)
            if (slots[i].num == num)
                s = &slots[i];
        if (s == NULL) {
            if ((rc = skip_field(c, &r, num, wt, depth)) < 0)
                return rc;
            continue;
        }
        if (wt != s->wt)
            return PB_BAD(c, at, "%s field %u has wire type %d, want %d", what, num, wt, s->wt);
        s->seen = true;
        rc = wt == PB_WT_VARINT ? rd_varint(c, &r, &s->v) : rd_len(c, &r, &s->p, &s->n);
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* ---- values ---- */

static bool utf8_valid(const uint8_t *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        uint8_t b = s[i];
        if (b < 0x80) {
            i++;
            continue;
        }
        size_t len;
        uint32_t cp, min;
        if ((b & 0xe0) == 0xc0) {
            len = 2, cp = b & 0x1f, min = 0x80;
        } else if ((b & 0xf0) == 0xe0) {
            len = 3, cp = b & 0x0f, min = 0x800;
        } else if ((b & 0xf8) == 0xf0) {
            len = 4, cp = b & 0x07, min = 0x10000;
        } else {
            return false;
        }
        if (n - i < len)
            return false;
        for (size_t k = 1; k < len; k++) {
            if ((s[i + k] & 0xc0) != 0x80)
                return false;
            cp = cp << 6 | (s[i + k] & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            return false;
        i += len;
    }
    return true;
}

/* A JSON string from protobuf bytes: valid UTF-8 without NUL (C consumers of the JSON
 * would otherwise see a different string than the one validated). */
static int pb_string(struct pb_ctx *c, const char *what, const uint8_t *p, size_t n,
                     json_t **out)
{
    if (!utf8_valid(p, n))
        return PB_BAD(c, p, "%s is not valid UTF-8", what);
    if (memchr(p, 0, n) != NULL)
        return PB_BAD(c, p, "%s contains a NUL byte", what);
    *out = pb_check(json_stringn_nocheck((const char *)p, n));
    return 0;
}

/* days since 1970-01-01 -> proleptic Gregorian y-m-d */
static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;                                      /* [0, 146096] */
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* [0, 399] */
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);               /* [0, 365] */
    int64_t mp = (5 * doy + 2) / 153;                                    /* [0, 11] */
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

#define PB_MIN_UNIX (-62135596800LL) /* 0001-01-01T00:00:00Z, Go's zero time */
#define PB_MAX_UNIX 253402300799LL   /* 9999-12-31T23:59:59Z */

/* Time / MicroTime: empty message = zero time = JSON null (absent). */
static int pb_time(struct pb_ctx *c, const char *what, const uint8_t *p, size_t n, bool micro,
                   int depth, json_t **out, bool *zero)
{
    struct pb_slot s[] = {{1, PB_WT_VARINT, false, 0, NULL, 0}, {2, PB_WT_VARINT, false, 0, NULL, 0}};
    int rc = pb_scan(c, what, p, n, s, 2, depth);
    if (rc < 0)
        return rc;
    int64_t sec = (int64_t)s[0].v;
    int64_t ns = micro ? (int64_t)(int32_t)(uint32_t)s[1].v : 0; /* Time drops nanos */
    ns -= ns % 1000;                                             /* MicroTime: truncate to µs */
    if (n > 0 && (sec < PB_MIN_UNIX - 3 || sec > PB_MAX_UNIX + 3))
        return PB_BAD(c, p, "%s: timestamp %lld outside years 1-9999", what, (long long)sec);
    if (ns < 0 || ns >= 1000000000) { /* as Go's time.Unix: |ns| < 2^31, so |q| <= 2 */
        int64_t q = ns / 1000000000;
        sec += q;
        ns -= q * 1000000000;
        if (ns < 0) {
            ns += 1000000000;
            sec--;
        }
    }
    if (n == 0 || (sec == PB_MIN_UNIX && ns == 0)) {
        *out = pb_check(json_null());
        *zero = true;
        return 0;
    }
    if (sec < PB_MIN_UNIX || sec > PB_MAX_UNIX)
        return PB_BAD(c, p, "%s: timestamp %lld outside years 1-9999", what, (long long)sec);
    int64_t days = sec >= 0 ? sec / 86400 : -((-sec + 86399) / 86400);
    int64_t rem = sec - days * 86400;
    int64_t y;
    int mo, d;
    civil_from_days(days, &y, &mo, &d);
    char buf[96];
    int hh = (int)(rem / 3600), mm = (int)(rem / 60 % 60), ss = (int)(rem % 60);
    if (micro)
        snprintf(buf, sizeof(buf), "%04lld-%02d-%02dT%02d:%02d:%02d.%06dZ", (long long)y, mo, d,
                 hh, mm, ss, (int)(ns / 1000));
    else
        snprintf(buf, sizeof(buf), "%04lld-%02d-%02dT%02d:%02d:%02dZ", (long long)y, mo, d, hh,
                 mm, ss);
    *out = pb_check(json_string(buf));
    *zero = false;
    return 0;
}

/* Go's time.Duration.String(): "0s", "1.5µs", "100ms", "1m30s", "1h0m0s", "-2s". */
static void go_duration(int64_t dur, char *out, size_t n)
{
    if (dur == 0) {
        snprintf(out, n, "0s");
        return;
    }
    const char *sign = dur < 0 ? "-" : "";
    uint64_t u = dur < 0 ? (uint64_t)0 - (uint64_t)dur : (uint64_t)dur;
    char frac[16] = "";
    if (u < 1000000000u) {
        uint64_t div = u < 1000u ? 1 : u < 1000000u ? 1000u : 1000000u;
        const char *unit = div == 1 ? "ns" : div == 1000u ? "\xc2\xb5s" : "ms";
        uint64_t f = u % div;
        if (f) {
            int w = div == 1000u ? 3 : 6;
            snprintf(frac, sizeof(frac), ".%0*llu", w, (unsigned long long)f);
            for (size_t k = strlen(frac); k > 1 && frac[k - 1] == '0'; k--)
                frac[k - 1] = '\0';
        }
        snprintf(out, n, "%s%llu%s%s", sign, (unsigned long long)(u / div), frac, unit);
        return;
    }
    uint64_t secs = u / 1000000000u, f = u % 1000000000u;
    if (f) {
        snprintf(frac, sizeof(frac), ".%09llu", (unsigned long long)f);
        for (size_t k = strlen(frac); k > 1 && frac[k - 1] == '0'; k--)
            frac[k - 1] = '\0';
    }
    if (secs >= 3600)
        snprintf(out, n, "%s%lluh%llum%llu%ss", sign, (unsigned long long)(secs / 3600),
                 (unsigned long long)(secs / 60 % 60), (unsigned long long)(secs % 60), frac);
    else if (secs >= 60)
        snprintf(out, n, "%s%llum%llu%ss", sign, (unsigned long long)(secs / 60),
                 (unsigned long long)(secs % 60), frac);
    else
        snprintf(out, n, "%s%llu%ss", sign, (unsigned long long)secs, frac);
}

/* Decodes the payload of a length-delimited, non-message field into *out (new ref);
 * *zero tells whether it is the Go zero value (left out unless the field is a pointer). */
static int pb_len_value(struct pb_ctx *c, const char *what, int kind, const uint8_t *p,
                        size_t n, int depth, json_t **out, bool *zero)
{
    int rc;
    *zero = false;
    switch (kind) {
    case PB_STRING:
        if ((rc = pb_string(c, what, p, n, out)) < 0)
            return rc;
        *zero = n == 0;
        return 0;
    case PB_BYTES: {
        char *b64 = ak_base64_encode(p, n);
        *out = pb_check(json_string(b64));
        free(b64);
        *zero = n == 0;
        return 0;
    }
    case PB_TIME:
    case PB_MICROTIME:
        return pb_time(c, what, p, n, kind == PB_MICROTIME, depth, out, zero);
    case PB_DURATION: {
        struct pb_slot s[] = {{1, PB_WT_VARINT, false, 0, NULL, 0}};
        if ((rc = pb_scan(c, what, p, n, s, 1, depth)) < 0)
            return rc;
        char buf[64];
        go_duration((int64_t)s[0].v, buf, sizeof(buf));
        *out = pb_check(json_string(buf));
        *zero = s[0].v == 0;
        return 0;
    }
    case PB_QUANTITY: {
        struct pb_slot s[] = {{1, PB_WT_LEN, false, 0, NULL, 0}};
        if ((rc = pb_scan(c, what, p, n, s, 1, depth)) < 0)
            return rc;
        if (!s[0].seen) { /* Go's zero Quantity */
            *out = pb_check(json_string("0"));
            *zero = true;
            return 0;
        }
        if ((rc = pb_string(c, what, s[0].p, s[0].n, out)) < 0)
            return rc;
        if (!ak_quantity_valid(json_string_value(*out))) {
            json_decref(*out);
            *out = NULL;
            return PB_BAD(c, s[0].p,
                          "%s: quantities must match the regular expression "
                          "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
                          what);
        }
        *zero = strcmp(json_string_value(*out), "0") == 0;
        return 0;
    }
    case PB_INTSTR: {
        struct pb_slot s[] = {{1, PB_WT_VARINT, false, 0, NULL, 0},
                              {2, PB_WT_VARINT, false, 0, NULL, 0},
                              {3, PB_WT_LEN, false, 0, NULL, 0}};
        if ((rc = pb_scan(c, what, p, n, s, 3, depth)) < 0)
            return rc;
        if (s[0].v == 0) {
            int32_t iv = (int32_t)(uint32_t)s[1].v;
            *out = pb_check(json_integer(iv));
            *zero = iv == 0;
            return 0;
        }
        if (s[0].v != 1)
            return PB_BAD(c, p, "%s: impossible IntOrString type %llu", what,
                          (unsigned long long)s[0].v);
        if ((rc = pb_string(c, what, s[2].p ? s[2].p : p, s[2].n, out)) < 0)
            return rc;
        *zero = s[2].n == 0;
        return 0;
    }
    case PB_RAWJSON: {
        struct pb_slot s[] = {{1, PB_WT_LEN, false, 0, NULL, 0}};
        if ((rc = pb_scan(c, what, p, n, s, 1, depth)) < 0)
            return rc;
        if (s[0].n == 0) {
            *out = pb_check(json_null());
            *zero = true;
            return 0;
        }
        if ((rc = pb_spend(c, s[0].p, s[0].n / 4)) < 0)
            return rc;
        json_error_t jerr;
        *out = json_loadb((const char *)s[0].p, s[0].n, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES,
                          &jerr);
        if (*out == NULL)
            return PB_BAD(c, s[0].p, "%s: embedded JSON: %s", what, jerr.text);
        return 0;
    }
    default:
        return PB_BAD(c, p, "%s: internal error: kind %d is not length-delimited", what, kind);
    }
}

/* ---- messages ---- */

static int decode_msg(struct pb_ctx *c, const struct pb_msg *m, const uint8_t *p, size_t n,
                      json_t *obj, int depth);

static const struct pb_field *find_field(const struct pb_msg *m, uint32_t num)
{
    size_t lo = 0, hi = m->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->fields[mid].num == num)
            return &m->fields[mid];
        if (m->fields[mid].num < num)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* The array or object stored under key, created on first use. */
static json_t *child(json_t *obj, const char *key, bool array)
{
    json_t *v = json_object_get(obj, key);
    if (array ? json_is_array(v) : json_is_object(v))
        return v;
    v = pb_check(array ? json_array() : json_object());
    json_object_set_new_nocheck(obj, key, v);
    return v;
}

/* Stores a decoded value: appended for repeated fields, else set (or removed when it is a
 * zero value of a non-pointer field, or null). Takes v. */
static void place(json_t *obj, const struct pb_field *f, json_t *v, bool zero)
{
    if (f->flags & PB_F_REP) {
        json_array_append_new(child(obj, f->json, true), v);
    } else if ((zero && !(f->flags & PB_F_PTR)) || json_is_null(v)) {
        json_object_del(obj, f->json);
        json_decref(v);
    } else {
        json_object_set_new_nocheck(obj, f->json, v);
    }
}

static int decode_varint_field(struct pb_ctx *c, const struct pb_field *f, uint64_t v,
                               const uint8_t *at, json_t *obj)
{
    int rc = pb_spend(c, at, 1);
    if (rc < 0)
        return rc;
    json_t *j;
    bool zero;
    switch (f->kind) {
    case PB_BOOL:
        j = json_boolean(v != 0);
        zero = v == 0;
        break;
    case PB_INT32: {
        int32_t i = (int32_t)(uint32_t)v;
        j = json_integer(i);
        zero = i == 0;
        break;
    }
    default: /* PB_INT64 */
        j = json_integer((json_int_t)(int64_t)v);
        zero = v == 0;
        break;
    }
    place(obj, f, pb_check(j), zero);
    return 0;
}

static bool kind_is_varint(int kind)
{
    return kind == PB_BOOL || kind == PB_INT32 || kind == PB_INT64;
}

static int decode_map_entry(struct pb_ctx *c, const struct pb_msg *m, const struct pb_field *f,
                            const uint8_t *p, size_t n, json_t *obj, int depth)
{
    char what[160];
    snprintf(what, sizeof(what), "%s.%s", m->name, f->json);
    struct pb_slot s[] = {{1, PB_WT_LEN, false, 0, NULL, 0}, {2, PB_WT_LEN, false, 0, NULL, 0}};
    int rc = pb_scan(c, what, p, n, s, 2, depth + 1);
    if (rc < 0)
        return rc;
    if ((rc = pb_spend(c, p, 2)) < 0)
        return rc;
    json_t *key;
    if ((rc = pb_string(c, what, s[0].p ? s[0].p : p, s[0].n, &key)) < 0)
        return rc;
    json_t *val;
    bool zero;
    if (s[1].seen) {
        rc = pb_len_value(c, what, f->kind, s[1].p, s[1].n, depth + 1, &val, &zero);
    } else if (f->kind == PB_MSG) {
        rc = PB_BAD(c, p, "%s: internal error: message-valued map", what);
    } else {
        /* entry without a value: the value type's zero */
        rc = pb_len_value(c, what, f->kind, p, 0, depth + 1, &val, &zero);
    }
    if (rc < 0) {
        json_decref(key);
        return rc;
    }
    json_object_set_new_nocheck(child(obj, f->json, false), json_string_value(key), val);
    json_decref(key);
    return 0;
}

static int decode_len_field(struct pb_ctx *c, const struct pb_msg *m, const struct pb_field *f,
                            const uint8_t *p, size_t n, json_t *obj, int depth)
{
    int rc;
    if (f->flags & PB_F_MAP)
        return decode_map_entry(c, m, f, p, n, obj, depth);
    if (f->kind == PB_MSG) {
        if (f->flags & PB_F_INLINE)
            return decode_msg(c, f->msg, p, n, obj, depth + 1);
        if (f->flags & PB_F_REP) {
            if ((rc = pb_spend(c, p, 1)) < 0)
                return rc;
            json_t *sub = pb_check(json_object());
            json_array_append_new(child(obj, f->json, true), sub);
            return decode_msg(c, f->msg, p, n, sub, depth + 1);
        }
        json_t *sub = json_object_get(obj, f->json);
        if (json_is_object(sub)) /* a repeated occurrence merges, as in protobuf */
            return decode_msg(c, f->msg, p, n, sub, depth + 1);
        if ((rc = pb_spend(c, p, 1)) < 0)
            return rc;
        sub = pb_check(json_object());
        rc = decode_msg(c, f->msg, p, n, sub, depth + 1);
        if (rc == 0 && (json_object_size(sub) > 0 || (f->flags & PB_F_PTR)))
            json_object_set_new_nocheck(obj, f->json, sub);
        else
            json_decref(sub);
        return rc;
    }
    char what[160];
    snprintf(what, sizeof(what), "%s.%s", m->name, f->json);
    json_t *v;
    bool zero;
    if ((rc = pb_spend(c, p, 1)) < 0)
        return rc;
    if ((rc = pb_len_value(c, what, f->kind, p, n, depth + 1, &v, &zero)) < 0)
        return rc;
    place(obj, f, v, zero);
    return 0;
}

/* Decodes message m from p[0..n) into the JSON object obj (fields are added/merged). */
static int decode_msg(struct pb_ctx *c, const struct pb_msg *m, const uint8_t *p, size_t n,
                      json_t *obj, int depth)
{
    if (depth > AK_PROTO_MAX_DEPTH)
        return PB_BAD(c, p, "nesting deeper than %d levels", AK_PROTO_MAX_DEPTH);
    struct pb_rd r = {p, p + n};
    while (r.p < r.end) {
        const uint8_t *at = r.p;
        uint32_t num;
        int wt, rc;
        if ((rc = rd_tag(c, &r, &num, &wt)) < 0)
            return rc;
        const struct pb_field *f = find_field(m, num);
        if (f == NULL) {
            if ((rc = skip_field(c, &r, num, wt, depth)) < 0)
                return rc;
            continue;
        }
        if (kind_is_varint(f->kind) && !(f->flags & PB_F_MAP)) {
            if (wt == PB_WT_VARINT) {
                uint64_t v;
                if ((rc = rd_varint(c, &r, &v)) < 0 || (rc = decode_varint_field(c, f, v, at, obj)) < 0)
                    return rc;
                continue;
            }
            if (wt == PB_WT_LEN && (f->flags & PB_F_REP)) { /* packed */
                const uint8_t *pp;
                size_t pn;
                if ((rc = rd_len(c, &r, &pp, &pn)) < 0)
                    return rc;
                struct pb_rd pr = {pp, pp + pn};
                while (pr.p < pr.end) {
                    const uint8_t *eat = pr.p;
                    uint64_t v;
                    if ((rc = rd_varint(c, &pr, &v)) < 0 ||
                        (rc = decode_varint_field(c, f, v, eat, obj)) < 0)
                        return rc;
                }
                continue;
            }
        } else if (wt == PB_WT_LEN) {
            const uint8_t *pp;
            size_t pn;
            if ((rc = rd_len(c, &r, &pp, &pn)) < 0 ||
                (rc = decode_len_field(c, m, f, pp, pn, obj, depth)) < 0)
                return rc;
            continue;
        }
        return PB_BAD(c, at, "%s.%s (field %u) has wire type %d, want %d", m->name,
                      f->json ? f->json : "(inline)", num, wt,
                      kind_is_varint(f->kind) && !(f->flags & PB_F_MAP) ? PB_WT_VARINT : PB_WT_LEN);
    }
    return 0;
}

/* ---- entry points ---- */

static json_t *decode_root(struct pb_ctx *c, const char *api_version, const char *kind,
                           const uint8_t *raw, size_t len, int depth)
{
    const struct pb_msg *m = pb_find_root(api_version, kind);
    if (m == NULL) {
        pb_fail(c, 415, "UnsupportedMediaType", NULL,
                "no protobuf decoder for %s %s; send application/json", api_version, kind);
        return NULL;
    }
    json_t *obj = pb_check(json_object());
    json_object_set_new_nocheck(obj, "apiVersion", pb_check(json_string(api_version)));
    json_object_set_new_nocheck(obj, "kind", pb_check(json_string(kind)));
    c->values += 3;
    if (decode_msg(c, m, raw, len, obj, depth) < 0) {
        json_decref(obj);
        return NULL;
    }
    return obj;
}

bool ak_proto_has_magic(const void *buf, size_t len)
{
    return buf != NULL && len >= 4 && memcmp(buf, "k8s\0", 4) == 0;
}

json_t *ak_proto_decode(const void *buf, size_t len, struct ak_err *err)
{
    struct pb_ctx c = {err, buf, 0};
    if (len > AK_PROTO_MAX_BODY) {
        pb_fail(&c, 413, "RequestEntityTooLarge", NULL,
                "%zu bytes exceed the limit of %u", len, AK_PROTO_MAX_BODY);
        return NULL;
    }
    if (!ak_proto_has_magic(buf, len)) {
        PB_BAD(&c, NULL, "does not start with the \"k8s\\x00\" magic");
        return NULL;
    }
    const uint8_t *p = (const uint8_t *)buf + 4;
    size_t n = len - 4;
    /* runtime.Unknown {1 typeMeta, 2 raw, 3 contentEncoding, 4 contentType} */
    struct pb_slot u[] = {{1, PB_WT_LEN, false, 0, NULL, 0},
                          {2, PB_WT_LEN, false, 0, NULL, 0},
                          {3, PB_WT_LEN, false, 0, NULL, 0},
                          {4, PB_WT_LEN, false, 0, NULL, 0}};
    if (pb_scan(&c, "Unknown", p, n, u, 4, 1) < 0)
        return NULL;
    struct pb_slot tm[] = {{1, PB_WT_LEN, false, 0, NULL, 0}, {2, PB_WT_LEN, false, 0, NULL, 0}};
    if (u[0].seen && pb_scan(&c, "TypeMeta", u[0].p, u[0].n, tm, 2, 2) < 0)
        return NULL;
    json_t *av = NULL, *kind = NULL, *res = NULL;
    if (pb_string(&c, "TypeMeta.apiVersion", tm[0].p ? tm[0].p : p, tm[0].n, &av) < 0 ||
        pb_string(&c, "TypeMeta.kind", tm[1].p ? tm[1].p : p, tm[1].n, &kind) < 0)
        goto out;
    if (u[2].n != 0) {
        pb_fail(&c, 415, "UnsupportedMediaType", u[2].p, "contentEncoding \"%.*s\" is not supported",
                (int)(u[2].n > 64 ? 64 : u[2].n), (const char *)u[2].p);
        goto out;
    }
    if (json_string_length(kind) == 0) {
        PB_BAD(&c, NULL, "Object 'Kind' is missing");
        goto out;
    }
    if (json_string_length(av) == 0) {
        PB_BAD(&c, NULL, "Object 'apiVersion' is missing");
        goto out;
    }
    res = decode_root(&c, json_string_value(av), json_string_value(kind), u[1].p ? u[1].p : p,
                      u[1].n, 2);
out:
    json_decref(av);
    json_decref(kind);
    return res;
}

json_t *ak_proto_decode_object(const char *api_version, const char *kind, const void *raw,
                               size_t len, struct ak_err *err)
{
    struct pb_ctx c = {err, raw, 0};
    if (len > AK_PROTO_MAX_BODY) {
        pb_fail(&c, 413, "RequestEntityTooLarge", NULL,
                "%zu bytes exceed the limit of %u", len, AK_PROTO_MAX_BODY);
        return NULL;
    }
    if (api_version == NULL || kind == NULL) {
        PB_BAD(&c, NULL, "apiVersion and kind are required");
        return NULL;
    }
    static const uint8_t empty[1];
    return decode_root(&c, api_version, kind, raw ? raw : empty, raw ? len : 0, 1);
}

bool ak_proto_kind_known(const char *api_version, const char *kind)
{
    return api_version != NULL && kind != NULL && pb_find_root(api_version, kind) != NULL;
}

/* --- descriptor tables: 234 messages --- */
static const struct pb_msg m_meta_OwnerReference;
static const struct pb_msg m_meta_ManagedFieldsEntry;
static const struct pb_msg m_meta_ObjectMeta;
static const struct pb_msg m_core_NamespaceSpec;
static const struct pb_msg m_core_NamespaceCondition;
static const struct pb_msg m_core_NamespaceStatus;
static const struct pb_msg m_core_Namespace;
static const struct pb_msg m_core_HostPathVolumeSource;
static const struct pb_msg m_core_EmptyDirVolumeSource;
static const struct pb_msg m_core_GCEPersistentDiskVolumeSource;
static const struct pb_msg m_core_AWSElasticBlockStoreVolumeSource;
static const struct pb_msg m_core_GitRepoVolumeSource;
static const struct pb_msg m_core_KeyToPath;
static const struct pb_msg m_core_SecretVolumeSource;
static const struct pb_msg m_core_NFSVolumeSource;
static const struct pb_msg m_core_LocalObjectReference;
static const struct pb_msg m_core_ISCSIVolumeSource;
static const struct pb_msg m_core_GlusterfsVolumeSource;
static const struct pb_msg m_core_PersistentVolumeClaimVolumeSource;
static const struct pb_msg m_core_RBDVolumeSource;
static const struct pb_msg m_core_FlexVolumeSource;
static const struct pb_msg m_core_CinderVolumeSource;
static const struct pb_msg m_core_CephFSVolumeSource;
static const struct pb_msg m_core_FlockerVolumeSource;
static const struct pb_msg m_core_ObjectFieldSelector;
static const struct pb_msg m_core_ResourceFieldSelector;
static const struct pb_msg m_core_DownwardAPIVolumeFile;
static const struct pb_msg m_core_DownwardAPIVolumeSource;
static const struct pb_msg m_core_FCVolumeSource;
static const struct pb_msg m_core_AzureFileVolumeSource;
static const struct pb_msg m_core_ConfigMapVolumeSource;
static const struct pb_msg m_core_VsphereVirtualDiskVolumeSource;
static const struct pb_msg m_core_QuobyteVolumeSource;
static const struct pb_msg m_core_AzureDiskVolumeSource;
static const struct pb_msg m_core_PhotonPersistentDiskVolumeSource;
static const struct pb_msg m_core_SecretProjection;
static const struct pb_msg m_core_DownwardAPIProjection;
static const struct pb_msg m_core_ConfigMapProjection;
static const struct pb_msg m_core_ServiceAccountTokenProjection;
static const struct pb_msg m_meta_LabelSelectorRequirement;
static const struct pb_msg m_meta_LabelSelector;
static const struct pb_msg m_core_ClusterTrustBundleProjection;
static const struct pb_msg m_core_PodCertificateProjection;
static const struct pb_msg m_core_VolumeProjection;
static const struct pb_msg m_core_ProjectedVolumeSource;
static const struct pb_msg m_core_PortworxVolumeSource;
static const struct pb_msg m_core_ScaleIOVolumeSource;
static const struct pb_msg m_core_StorageOSVolumeSource;
static const struct pb_msg m_core_CSIVolumeSource;
static const struct pb_msg m_core_VolumeResourceRequirements;
static const struct pb_msg m_core_TypedLocalObjectReference;
static const struct pb_msg m_core_TypedObjectReference;
static const struct pb_msg m_core_PersistentVolumeClaimSpec;
static const struct pb_msg m_core_PersistentVolumeClaimTemplate;
static const struct pb_msg m_core_EphemeralVolumeSource;
static const struct pb_msg m_core_ImageVolumeSource;
static const struct pb_msg m_core_VolumeSource;
static const struct pb_msg m_core_Volume;
static const struct pb_msg m_core_ContainerPort;
static const struct pb_msg m_core_ConfigMapEnvSource;
static const struct pb_msg m_core_SecretEnvSource;
static const struct pb_msg m_core_EnvFromSource;
static const struct pb_msg m_core_ConfigMapKeySelector;
static const struct pb_msg m_core_SecretKeySelector;
static const struct pb_msg m_core_FileKeySelector;
static const struct pb_msg m_core_EnvVarSource;
static const struct pb_msg m_core_EnvVar;
static const struct pb_msg m_core_ResourceClaim;
static const struct pb_msg m_core_ResourceRequirements;
static const struct pb_msg m_core_ContainerResizePolicy;
static const struct pb_msg m_core_ContainerRestartRuleOnExitCodes;
static const struct pb_msg m_core_ContainerRestartRule;
static const struct pb_msg m_core_VolumeMount;
static const struct pb_msg m_core_VolumeDevice;
static const struct pb_msg m_core_ExecAction;
static const struct pb_msg m_core_HTTPHeader;
static const struct pb_msg m_core_HTTPGetAction;
static const struct pb_msg m_core_TCPSocketAction;
static const struct pb_msg m_core_GRPCAction;
static const struct pb_msg m_core_ProbeHandler;
static const struct pb_msg m_core_Probe;
static const struct pb_msg m_core_SleepAction;
static const struct pb_msg m_core_LifecycleHandler;
static const struct pb_msg m_core_Lifecycle;
static const struct pb_msg m_core_Capabilities;
static const struct pb_msg m_core_SELinuxOptions;
static const struct pb_msg m_core_WindowsSecurityContextOptions;
static const struct pb_msg m_core_SeccompProfile;
static const struct pb_msg m_core_AppArmorProfile;
static const struct pb_msg m_core_SecurityContext;
static const struct pb_msg m_core_Container;
static const struct pb_msg m_core_EphemeralContainerCommon;
static const struct pb_msg m_core_EphemeralContainer;
static const struct pb_msg m_core_Sysctl;
static const struct pb_msg m_core_PodSecurityContext;
static const struct pb_msg m_core_NodeSelectorRequirement;
static const struct pb_msg m_core_NodeSelectorTerm;
static const struct pb_msg m_core_NodeSelector;
static const struct pb_msg m_core_PreferredSchedulingTerm;
static const struct pb_msg m_core_NodeAffinity;
static const struct pb_msg m_core_PodAffinityTerm;
static const struct pb_msg m_core_WeightedPodAffinityTerm;
static const struct pb_msg m_core_PodAffinity;
static const struct pb_msg m_core_PodAntiAffinity;
static const struct pb_msg m_core_Affinity;
static const struct pb_msg m_core_Toleration;
static const struct pb_msg m_core_HostAlias;
static const struct pb_msg m_core_PodDNSConfigOption;
static const struct pb_msg m_core_PodDNSConfig;
static const struct pb_msg m_core_PodReadinessGate;
static const struct pb_msg m_core_TopologySpreadConstraint;
static const struct pb_msg m_core_PodOS;
static const struct pb_msg m_core_PodSchedulingGate;
static const struct pb_msg m_core_PodResourceClaim;
static const struct pb_msg m_core_PodSchedulingGroup;
static const struct pb_msg m_core_PodSpec;
static const struct pb_msg m_core_PodCondition;
static const struct pb_msg m_core_HostIP;
static const struct pb_msg m_core_PodIP;
static const struct pb_msg m_core_ContainerStateWaiting;
static const struct pb_msg m_core_ContainerStateRunning;
static const struct pb_msg m_core_ContainerStateTerminated;
static const struct pb_msg m_core_ContainerState;
static const struct pb_msg m_core_ImageVolumeStatus;
static const struct pb_msg m_core_VolumeStatus;
static const struct pb_msg m_core_VolumeMountStatus;
static const struct pb_msg m_core_LinuxContainerUser;
static const struct pb_msg m_core_ContainerUser;
static const struct pb_msg m_core_ResourceHealth;
static const struct pb_msg m_core_ResourceStatus;
static const struct pb_msg m_core_ContainerStatus;
static const struct pb_msg m_core_PodResourceClaimStatus;
static const struct pb_msg m_core_ContainerExtendedResourceRequest;
static const struct pb_msg m_core_PodExtendedResourceClaimStatus;
static const struct pb_msg m_core_NodeAllocatableResourceClaimStatus;
static const struct pb_msg m_core_PodStatus;
static const struct pb_msg m_core_Pod;
static const struct pb_msg m_core_Taint;
static const struct pb_msg m_core_ConfigMapNodeConfigSource;
static const struct pb_msg m_core_NodeConfigSource;
static const struct pb_msg m_core_NodeSpec;
static const struct pb_msg m_core_NodeCondition;
static const struct pb_msg m_core_NodeAddress;
static const struct pb_msg m_core_DaemonEndpoint;
static const struct pb_msg m_core_NodeDaemonEndpoints;
static const struct pb_msg m_core_NodeSwapStatus;
static const struct pb_msg m_core_NodeSystemInfo;
static const struct pb_msg m_core_ContainerImage;
static const struct pb_msg m_core_AttachedVolume;
static const struct pb_msg m_core_NodeConfigStatus;
static const struct pb_msg m_core_NodeRuntimeHandlerFeatures;
static const struct pb_msg m_core_NodeRuntimeHandler;
static const struct pb_msg m_core_NodeFeatures;
static const struct pb_msg m_core_NodeStatus;
static const struct pb_msg m_core_Node;
static const struct pb_msg m_core_ObjectReference;
static const struct pb_msg m_core_EventSource;
static const struct pb_msg m_core_EventSeries;
static const struct pb_msg m_core_Event;
static const struct pb_msg m_core_ServicePort;
static const struct pb_msg m_core_ClientIPConfig;
static const struct pb_msg m_core_SessionAffinityConfig;
static const struct pb_msg m_core_ServiceSpec;
static const struct pb_msg m_core_PortStatus;
static const struct pb_msg m_core_LoadBalancerIngress;
static const struct pb_msg m_core_LoadBalancerStatus;
static const struct pb_msg m_meta_Condition;
static const struct pb_msg m_core_ServiceStatus;
static const struct pb_msg m_core_Service;
static const struct pb_msg m_core_ConfigMap;
static const struct pb_msg m_core_Secret;
static const struct pb_msg m_core_ServiceAccount;
static const struct pb_msg m_core_Binding;
static const struct pb_msg m_core_PodTemplateSpec;
static const struct pb_msg m_core_PodTemplate;
static const struct pb_msg m_core_ReplicationControllerSpec;
static const struct pb_msg m_core_ReplicationControllerCondition;
static const struct pb_msg m_core_ReplicationControllerStatus;
static const struct pb_msg m_core_ReplicationController;
static const struct pb_msg m_core_PersistentVolumeClaimCondition;
static const struct pb_msg m_core_ModifyVolumeStatus;
static const struct pb_msg m_core_PersistentVolumeClaimStatus;
static const struct pb_msg m_core_PersistentVolumeClaim;
static const struct pb_msg m_meta_Preconditions;
static const struct pb_msg m_meta_DeleteOptions;
static const struct pb_msg m_apps_RollingUpdateDeployment;
static const struct pb_msg m_apps_DeploymentStrategy;
static const struct pb_msg m_apps_DeploymentSpec;
static const struct pb_msg m_apps_DeploymentCondition;
static const struct pb_msg m_apps_DeploymentStatus;
static const struct pb_msg m_apps_Deployment;
static const struct pb_msg m_apps_ReplicaSetSpec;
static const struct pb_msg m_apps_ReplicaSetCondition;
static const struct pb_msg m_apps_ReplicaSetStatus;
static const struct pb_msg m_apps_ReplicaSet;
static const struct pb_msg m_apps_RollingUpdateDaemonSet;
static const struct pb_msg m_apps_DaemonSetUpdateStrategy;
static const struct pb_msg m_apps_DaemonSetSpec;
static const struct pb_msg m_apps_DaemonSetCondition;
static const struct pb_msg m_apps_DaemonSetStatus;
static const struct pb_msg m_apps_DaemonSet;
static const struct pb_msg m_apps_RollingUpdateStatefulSetStrategy;
static const struct pb_msg m_apps_StatefulSetUpdateStrategy;
static const struct pb_msg m_apps_StatefulSetPersistentVolumeClaimRetentionPolicy;
static const struct pb_msg m_apps_StatefulSetOrdinals;
static const struct pb_msg m_apps_StatefulSetSpec;
static const struct pb_msg m_apps_StatefulSetCondition;
static const struct pb_msg m_apps_StatefulSetStatus;
static const struct pb_msg m_apps_StatefulSet;
static const struct pb_msg m_batch_PodFailurePolicyOnExitCodesRequirement;
static const struct pb_msg m_batch_PodFailurePolicyOnPodConditionsPattern;
static const struct pb_msg m_batch_PodFailurePolicyRule;
static const struct pb_msg m_batch_PodFailurePolicy;
static const struct pb_msg m_batch_SuccessPolicyRule;
static const struct pb_msg m_batch_SuccessPolicy;
static const struct pb_msg m_batch_JobSpec;
static const struct pb_msg m_batch_JobCondition;
static const struct pb_msg m_batch_UncountedTerminatedPods;
static const struct pb_msg m_batch_JobStatus;
static const struct pb_msg m_batch_Job;
static const struct pb_msg m_batch_JobTemplateSpec;
static const struct pb_msg m_batch_CronJobSpec;
static const struct pb_msg m_batch_CronJobStatus;
static const struct pb_msg m_batch_CronJob;
static const struct pb_msg m_policy_PodDisruptionBudgetSpec;
static const struct pb_msg m_policy_PodDisruptionBudgetStatus;
static const struct pb_msg m_policy_PodDisruptionBudget;
static const struct pb_msg m_policy_Eviction;
static const struct pb_msg m_coord_LeaseSpec;
static const struct pb_msg m_coord_Lease;
static const struct pb_msg m_autoscaling_ScaleSpec;
static const struct pb_msg m_autoscaling_ScaleStatus;
static const struct pb_msg m_autoscaling_Scale;
static const struct pb_msg m_sched_PriorityClass;

static const struct pb_field f_meta_OwnerReference[] = {
    {1, "kind", PB_STRING, 0, NULL},
    {3, "name", PB_STRING, 0, NULL},
    {4, "uid", PB_STRING, 0, NULL},
    {5, "apiVersion", PB_STRING, 0, NULL},
    {6, "controller", PB_BOOL, PB_F_PTR, NULL},
    {7, "blockOwnerDeletion", PB_BOOL, PB_F_PTR, NULL},
};
static const struct pb_msg m_meta_OwnerReference = {"OwnerReference", f_meta_OwnerReference, AK_ARRAY_LEN(f_meta_OwnerReference)};

static const struct pb_field f_meta_ManagedFieldsEntry[] = {
    {1, "manager", PB_STRING, 0, NULL},
    {2, "operation", PB_STRING, 0, NULL},
    {3, "apiVersion", PB_STRING, 0, NULL},
    {4, "time", PB_TIME, PB_F_PTR, NULL},
    {6, "fieldsType", PB_STRING, 0, NULL},
    {7, "fieldsV1", PB_RAWJSON, PB_F_PTR, NULL},
    {8, "subresource", PB_STRING, 0, NULL},
};
static const struct pb_msg m_meta_ManagedFieldsEntry = {"ManagedFieldsEntry", f_meta_ManagedFieldsEntry, AK_ARRAY_LEN(f_meta_ManagedFieldsEntry)};

static const struct pb_field f_meta_ObjectMeta[] = {
    {1, "name", PB_STRING, 0, NULL},
    {2, "generateName", PB_STRING, 0, NULL},
    {3, "namespace", PB_STRING, 0, NULL},
    {4, "selfLink", PB_STRING, 0, NULL},
    {5, "uid", PB_STRING, 0, NULL},
    {6, "resourceVersion", PB_STRING, 0, NULL},
    {7, "generation", PB_INT64, 0, NULL},
    {8, "creationTimestamp", PB_TIME, 0, NULL},
    {9, "deletionTimestamp", PB_TIME, PB_F_PTR, NULL},
    {10, "deletionGracePeriodSeconds", PB_INT64, PB_F_PTR, NULL},
    {11, "labels", PB_STRING, PB_F_MAP, NULL},
    {12, "annotations", PB_STRING, PB_F_MAP, NULL},
    {13, "ownerReferences", PB_MSG, PB_F_REP, &m_meta_OwnerReference},
    {14, "finalizers", PB_STRING, PB_F_REP, NULL},
    {17, "managedFields", PB_MSG, PB_F_REP, &m_meta_ManagedFieldsEntry},
};
static const struct pb_msg m_meta_ObjectMeta = {"ObjectMeta", f_meta_ObjectMeta, AK_ARRAY_LEN(f_meta_ObjectMeta)};

static const struct pb_field f_core_NamespaceSpec[] = {
    {1, "finalizers", PB_STRING, PB_F_REP, NULL},
};
static const struct pb_msg m_core_NamespaceSpec = {"NamespaceSpec", f_core_NamespaceSpec, AK_ARRAY_LEN(f_core_NamespaceSpec)};

static const struct pb_field f_core_NamespaceCondition[] = {
    {1, "type", PB_STRING, 0, NULL},
    {2, "status", PB_STRING, 0, NULL},
    {4, "lastTransitionTime", PB_TIME, 0, NULL},
    {5, "reason", PB_STRING, 0, NULL},
    {6, "message", PB_STRING, 0, NULL},
};
static const struct pb_msg m_core_NamespaceCondition = {"NamespaceCondition", f_core_NamespaceCondition, AK_ARRAY_LEN(f_core_NamespaceCondition)};

static const struct pb_field f_core_NamespaceStatus[] = {
    {1, "phase", PB_STRING, 0, NULL},
    {2, "conditions", PB_MSG, PB_F_REP, &m_core_NamespaceCondition},
};
static const struct pb_msg m_core_NamespaceStatus = {"NamespaceStatus", f_core_NamespaceStatus, AK_ARRAY_LEN(f_core_NamespaceStatus)};

static const struct pb_field f_core_Namespace[] = {
    {1, "metadata", PB_MSG, 0, &m_meta_ObjectMeta},
    {2, "spec", PB_MSG, 0, &m_core_NamespaceSpec},
    {3, "status", PB_MSG, 0, &m_core_NamespaceStatus},
};
static const struct pb_msg m_core_Namespace = {"Namespace", f_core_Namespace, AK_ARRAY_LEN(f_core_Namespace)};

static const struct pb_field f_core_HostPathVolumeSource[] = {
    {1, "path", PB_STRING, 0, NULL},
    {2, "type", PB_STRING, PB_F_PTR, NULL},
};
static const struct pb_msg m_core_HostPathVolumeSource = {"HostPathVolumeSource", f_core_HostPathVolumeSource, AK_ARRAY_LEN(f_core_HostPathVolumeSource)};

static const struct pb_field f_core_EmptyDirVolumeSource[] = {
    {1, "medium", PB_STRING, 0, NULL},
    {2, "sizeLimit", PB_QUANTITY, PB_F_PTR, NULL},
};
static const struct pb_msg m_core_EmptyDirVolumeSource = {"EmptyDirVolumeSource", f_core_EmptyDirVolumeSource, AK_ARRAY_LEN(f_core_EmptyDirVolumeSource)};

static const struct pb_field f_core_GCEPersistentDiskVolumeSource[] = {
    {1, "pdName", PB_STRING, 0, NULL},
    {2, "fsType", PB_STRING, 0, NULL},
    {3, "partition", PB_INT32, 0, NULL},
    {4, "readOnly", PB_BOOL, 0, NULL},
};
static const struct pb_msg m_core_GCEPersistentDiskVolumeSource = {"GCEPersistentDiskVolumeSource", f_core_GCEPersistentDiskVolumeSource, AK_ARRAY_LEN(f_core_GCEPersistentDiskVolumeSource)};

static const struct pb_field f_core_AWSElasticBlockStoreVolumeSource[] = {
    {1, "volumeID", PB_STRING, 0, NULL},
    {2, "fsType", PB_STRING, 0, NULL},
    {3, "partition", PB_INT32, 0, NULL},
    {4, "readOnly", PB_BOOL, 0, NULL},
};
static const struct pb_msg m_core_AWSElasticBlockStoreVolumeSource = {"AWSElasticBlockStoreVolumeSource", f_core_AWSElasticBlockStoreVolumeSource, AK_ARRAY_LEN(f_core_AWSElasticBlockStoreVolumeSource)};

static const struct pb_field f_core_GitRepoVolumeSource[] = {
    {1, "repository", PB_STRING, 0, NULL},
    {2, "revision", PB_STRING, 0, NULL},
    {3, "directory", PB_STRING, 0, NULL},
};
static const struct pb_msg m_core_GitRepoVolumeSource = {"GitRepoVolumeSource", f_core_GitRepoVolumeSource, AK_ARRAY_LEN(f_core_GitRepoVolumeSource)};

static const struct pb_field f_core_KeyToPath[] = {
    {1, "key", PB_STRING, 0, NULL},
    {2, "path", PB_STRING, 0, NULL},
    {3, "mode", PB_INT32, PB_F_PTR, NULL},
};
static const struct pb_msg m_core_KeyToPath = {"KeyToPath", f_core_KeyToPath, AK_ARRAY_LEN(f_core_KeyToPath)};

static const struct pb_field f_core_SecretVolumeSource[] = {
    {1, "secretName", PB_STRING, 0, NULL},
    {2, "items", PB_MSG, PB_F_REP, &m_core_KeyToPath},
    {3, "defaultMode", PB_INT32, PB_F_PTR, NULL},
    {4, "optional", PB_BOOL, PB_F_PTR, NULL},
};
static const struct pb_msg m_core_SecretVolumeSource = {"SecretVolumeSource", f_core_SecretVolumeSource, AK_ARRAY_LEN(f_core_SecretVolumeSource)};

static const struct pb_field f_core_NFSVolumeSource[] = {
    {1, "server", PB_STRING, 0, NULL},
    {2, "path", PB_STRING, 0, NULL},
    {3, "readOnly", PB_BOOL, 0, NULL},
};
static const struct pb_msg m_core_NFSVolumeSource = {"NFSVolumeSource", f_core_NFSVolumeSource, AK_ARRAY_LEN(f_core_NFSVolumeSource)};

static const struct pb_field f_core_LocalObjectReference[] = {
    {1, "name", PB_STRING, 0, NULL},
};
static const struct pb_msg m_core_LocalObjectReference = {"LocalObjectReference", f_core_LocalObjectReference, AK_ARRAY_LEN(f_core_LocalObjectReference)};

static const struct pb_field f_core_ISCSIVolumeSource[] = {
    {1, "targetPortal", PB_STRING, 0, NULL},
    {2, "iqn", PB_STRING, 0, NULL},
    {3, "lun", PB_INT32, 0, NULL},
    {4, "iscsiInterface", PB_STRING, 0, NULL},
    {5, "fsType", PB_STRING, 0, NULL},
    {6, "readOnly", PB_BOOL, 0, NULL},
    {7, "portals", PB_STRING, PB_F_REP, NULL},
    {8, "chapAuthDiscovery", PB_BOOL, 0, NULL},
    {10, "secretRef", PB_MSG, PB_F_PTR, &m_core_LocalObjectReference},
    {11, "chapAuthSession", PB_BOOL, 0, NULL},
    {12, "initiatorName", PB_STRING, PB_F_PTR, NULL},
};
static const struct pb_msg m_core_ISCSIVolumeSource = {"ISCSIVolumeSource", f_core_ISCSIVolumeSource, AK_ARRAY_LEN(f_core_ISCSIVolumeSource)};

static const struct pb_field f_core_GlusterfsVolumeSource[] = {
    {1, "endpoints", PB_STRING, 0, NULL},
    {2, "path", PB_STRING, 0, NULL},
    {3, "readOnly", PB_BOOL, 0, NULL},
};
static const struct pb_msg m_core_GlusterfsVolumeSource = {"GlusterfsVolumeSource", f_core_GlusterfsVolumeSource, AK_ARRAY_LEN(f_core_GlusterfsVolumeSource)};

static const struct pb_field f_core_PersistentVolumeClaimVolumeSource[] = {
    {1, "claimName", PB_STRING, 0, NULL},
    {2, "readOnly", PB_BOOL, 0, NULL},
};
static const struct pb_msg m_core_PersistentVolumeClaimVolumeSource = {"PersistentVolumeClaimVolumeSource", f_core_PersistentVolumeClaimVolumeSource, AK_ARRAY_LEN(f_core_PersistentVolumeClaimVolumeSource)};

static const struct pb_field f_core_RBDVolumeSource[] = {
    {1, "monitors", PB_STRING, PB_F_REP, NULL},
    {2, "image", PB_STRING, 0, NULL},
    {3, "fsType", PB_STRING, 0, NULL},
    {4, "pool", PB_STRING, 0, NULL},
    {5, "user", PB_STRING, 0, NULL},
    {6, "keyring", PB_STRING, 0, NULL},
    {7, "secretRef", PB_MSG, PB_F_PTR, &m_core_LocalObjectReference},
    {8, "readOnly", PB_BOOL, 0, NULL},
};
static const struct pb_msg m_core_RBDVolumeSource = {"RBDVolumeSource", f_core_RBDVolumeSource, AK_ARRAY_LEN(f_core_RBDVolumeSource)};

static const struct pb_field f_core_FlexVolumeSource[] = {
    {1, "driver", PB_STRING, 0, NULL},
    {2, "fsType", PB_STRING, 0, NULL},
    {3, "secretRef", PB_MSG, PB_F_PTR, &m_core_LocalObjectReference},
    {4, "readOnly", PB_BOOL, 0, NULL},
    {5, "options", PB_STRING, PB_F_MAP, NULL},
};
static const struct pb_msg m_core_FlexVolumeSource = {"FlexVolumeSource", f_core_FlexVolumeSource, AK_ARRAY_LEN(f_core_FlexVolumeSource)};

static const struct pb_field f_core_CinderVolumeSource[] = {
    {1, "volumeID", PB_STRING, 0, NULL},
    {2, "fsType", PB_STRING, 0, NULL},
    {3, "readOnly", PB_BOOL, 0, NULL},
    {4, "secretRef", PB_MSG, PB_F_PTR, &m_core_LocalObjectReference},
};
static const struct pb_msg m_core_CinderVolumeSource = {"CinderVolumeSource", f_core_CinderVolumeSource, AK_ARRAY_LEN(f_core_CinderVolumeSource)};

static const struct pb_field f_core_CephFSVolumeSource[] = {
    {1, "monitors", PB_STRING, PB_F_REP, NULL},
    {2, "path", PB_STRING, 0, NULL},
    {3, "user", PB_STRING, 0, NULL},
    {4, "secretFile", PB_STRING, 0, NULL},
    {5, "secretRef", PB_MSG, PB_F_PTR, &m_core_LocalObjectReference},
    {6, "readOnly", PB_BOOL, 0, NULL},
};
static const struct pb_msg m_core_CephFSVolumeSource = {"CephFSVolumeSource", f_core_CephFSVolumeSource, AK_ARRAY_LEN(f_core_CephFSVolumeSource)};

static const struct pb_field f_core_FlockerVolumeSource[] = {
    {1, "datasetName", PB_STRING, 0, NULL},
    {2, "datasetUUID", PB_STRING, 0, NULL},
};
static const struct pb_msg m_core_FlockerVolumeSource = {"FlockerVolumeSource", f_core_FlockerVolumeSource, AK_ARRAY_LEN(f_core_FlockerVolumeSource)};

static const struct pb_field f_core_ObjectFieldSelector[] = {
    {1, "apiVersion", PB_STRING, 0, NULL},
    {2, "fieldPath", PB_STRING, 0, NULL},
};
static const struct pb_msg m_core_ObjectFieldSelector = {"ObjectFieldSelector", f_core_ObjectFieldSelector, AK_ARRAY_LEN(f_core_ObjectFieldSelector)};

static const struct pb_field f_core_ResourceFieldSelector[] = {
    {1, "containerName", PB_STRING, 0, NULL},
    {2, "resource", PB_STRING, 0, NULL},
    {3, "divisor", PB_QUANTITY, 0, NULL},
};
static const struct pb_msg m_core_ResourceFieldSelector = {"ResourceFieldSelector", f_core_ResourceFieldSelector, AK_ARRAY_LEN(f_core_ResourceFieldSelector)};

static const struct pb_field f_core_DownwardAPIVolumeFile[] = {
    {1, "path", PB_STRING, 0, NULL},
    {2, "fieldRef", PB_MSG, PB_F_PTR, &m_core_ObjectFieldSelector},
    {3, "resourceFieldRef", PB_MSG, PB_F_PTR, &m_core_ResourceFieldSelector},
    {4, "mode", PB_INT32, PB_F_PTR, NULL},
};
static const struct pb_msg m_core_DownwardAPIVolumeFile = {"DownwardAPIVolumeFile", f_core_DownwardAPIVolumeFile, AK_ARRAY_LEN(f_core_DownwardAPIVolumeFile)};

static const struct pb_field f_core_DownwardAPIVolumeSource[] = {
    {1, "items", PB_MSG, PB_F_REP, &m_core_DownwardAPIVolumeFile},
    {2, "defaultMode", PB_INT32, PB_F_PTR, NULL},
};
static const struct pb_msg m_core_DownwardAPIVolumeSource = {"DownwardAPIVolumeSource", f_core_DownwardAPIVolumeSource, AK_ARRAY_LEN(f_core_DownwardAPIVolumeSource)};

static const struct pb_field f_core_FCVolumeSource[] = {
    {1, "targetWWNs", PB_STRING, PB_F_REP, NULL},
    {2, "lun", PB_INT32, PB_F_PTR, NULL},
    {3, "fsType", PB_STRING, 0, NULL},
    {4, "readOnly", PB_BOOL, 0, NULL},
    {5, "wwids", PB_STRING, PB_F_REP, NULL},
};
static const struct pb_msg m_core_FCVolumeSource = {"FCVolumeSource", f_core_FCVolumeSource, AK_ARRAY_LEN(f_core_FCVolumeSource)};

static const struct pb_field f_core_AzureFileVolumeSource[] = {
    {1, "secretName", PB_STRING, 0, NULL},
    {2, "shareName", PB_STRING, 0, NULL},
    {3, "readOnly", PB_BOOL, 0, NULL},
};
static const struct pb_msg m_core_AzureFileVolumeSource = {"AzureFileVolumeSource", f_core_AzureFileVolumeSource, AK_ARRAY_LEN(f_core_AzureFileVolumeSource)};

static const struct pb_field f_core_ConfigMapVolumeSource[] = {
    {1, NULL, PB_MSG, PB_F_INLINE, &m_core_LocalObjectReference},
    {2, "items", PB_MSG, PB_F_REP, &m_core_KeyToPath},
    {3, "defaultMode", PB_INT32, PB_F_PTR, NULL},
    {4, "optional", PB_BOOL, PB_F_PTR, NULL},
};
static const struct pb_msg m_core_ConfigMapVolumeSource = {"ConfigMapVolumeSource", f_core_ConfigMapVolumeSource, AK_ARRAY_LEN(f_core_ConfigMapVolumeSource)};

static const struct pb_field f_core_VsphereVirtualDiskVolumeSource[] = {
    {1, "volumePath", PB_STRING, 0, NULL},
    {2, "fsType", PB_STRING, 0, NULL},
    {3, "storagePolicyName", PB_STRING, 0, NULL},
    {4, "storagePolicyID", PB_STRING, 0, NULL},
};
static const struct pb_msg m_core_VsphereVirtualDiskVolumeSource = {"VsphereVirtualDiskVolumeSource", f_core_VsphereVirtualDiskVolumeSource, AK_ARRAY_LEN(f_core_VsphereVirtualDiskVolumeSource)};

static const struct pb_field f_core_QuobyteVolumeSource[] = {
    {1, "registry", PB_STRING, 0, NULL},
    {2, "volume", PB_STRING, 0, NULL},
    {3, "readOnly", PB_BOOL, 0, NULL},
    {4, "user", PB_STRING, 0, NULL},
    {5, "group", PB_STRING, 0, NULL},
    {6, "tenant", PB_STRING, 0, NULL},
};
static const struct pb_msg m_core_QuobyteVolumeSource = {"QuobyteVolumeSource", f_core_QuobyteVolumeSource, AK_ARRAY_LEN(f_core_QuobyteVolumeSource)};

static const struct pb_field f_core_AzureDiskVolumeSource[] = {
    {1, "diskName", PB_STRING, 0, NULL},
    {2, "diskURI", PB_STRING, 0, NULL},
    {3, "cachingMode", PB_STRING, PB_F_PTR, NULL},
    {4, "fsType", PB_STRING, PB_F_PTR, NULL},
    {5, "readOnly", PB_BOOL, PB_F_PTR, NULL},
    {6, "kind", PB_STRING, PB_F_PTR, NULL},
};
static const struct pb_msg m_core_AzureDiskVolumeSource = {"AzureDiskVolumeSource", f_core_AzureDiskVolumeSource, AK_ARRAY_LEN(f_core_AzureDiskVolumeSource)};

static const struct pb_field f_core_PhotonPersistentDiskVolumeSource[] = {
    {1, "pdID", PB_STRING, 0, NULL},
    {2, "fsType", PB_STRING, 0, NULL},
};
static const struct pb_msg m_core_PhotonPersistentDiskVolumeSource = {"PhotonPersistentDiskVolumeSource", f_core_PhotonPersistentDiskVolumeSource, AK_ARRAY_LEN(f_core_PhotonPersistentDiskVolumeSource)};

static const struct pb_field f_core_SecretProjection[] = {
    {1, NULL, PB_MSG, PB_F_INLINE, &m_core_LocalObjectReference},
    {2, "items", PB_MSG, PB_F_REP, &m_core_KeyToPath},
    {4, "optional", PB_BOOL, PB_F_PTR, NULL},
};
static const struct pb_msg m_core_SecretProjection = {"SecretProjection", f_core_SecretProjection, AK_ARRAY_LEN(f_core_SecretProjection)};

static const struct pb_field f_core_DownwardAPIProjection[] = {
    {1, "items", PB_MSG, PB_F_REP, &m_core_DownwardAPIVolumeFile},
};
static const struct pb_msg m_core_DownwardAPIProjection = {"DownwardAPIProjection", f_core_DownwardAPIProjection, AK_ARRAY_LEN(f_core_DownwardAPIProjection)};

static const struct pb_field f_core_ConfigMapProjection[] = {
    {1, NULL, PB_MSG, PB_F_INLINE, &m_core_LocalObjectReference},
    {2, "items", PB_MSG, PB_F_REP, &m_core_KeyToPath},
    {4, "optional", PB_BOOL, PB_F_PTR, NULL},
};
static const struct pb_msg m_core_ConfigMapProjection = {"ConfigMapProjection", f_core_ConfigMapProjection, AK_ARRAY_LEN(f_core_ConfigMapProjection)};

static const struct pb_field f_core_ServiceAccountTokenProjection[] = {
    {1, "audience", PB_STRING, 0, NULL},
    {2, "expirationSeconds", PB_INT64, PB_F_PTR, NULL},
    {3, "path", PB_STRING, 0, NULL},
};
static const struct pb_msg m_core_ServiceAccountTokenProjection = {"ServiceAccountTokenProjection", f_core_ServiceAccountTokenProjection, AK_ARRAY_LEN(f_core_ServiceAccountTokenProjection)};

static const struct pb_field f_meta_LabelSelectorRequirement[] = {
    {1, "key", PB_STRING, 0, NULL},
    {2, "operator", PB_STRING, 0, NULL},
    {3, "values", PB_STRING, PB_F_REP, NULL},
};
static const struct pb_msg m_meta_LabelSelectorRequirement = {"LabelSelectorRequirement", f_meta_LabelSelectorRequirement, AK_ARRAY_LEN(f_meta_LabelSelectorRequirement)};

static const struct pb_field f_meta_LabelSelector[] = {
    {1, "matchLabels", PB_STRING, PB_F_MAP, NULL},
    {2, "matchExpressions", PB_MSG, PB_F_REP, &m_meta_LabelSelectorRequirement},
};
static const struct pb_msg m_meta_LabelSelector = {"LabelSelector", f_meta_LabelSelector, AK_ARRAY_LEN(f_meta_LabelSelector)};

static const struct pb_field f_core_ClusterTrustBundleProjection[] = {
    {1, "name", PB_STRING, PB_F_PTR, NULL},
    {2, "signerName", PB_STRING, PB_F_PTR, NULL},
    {3, "labelSelector", PB_MSG, PB_F_PTR, &m_meta_LabelSelector},
    {4, "path", PB_STRING, 0, NULL},
    {5, "optional", PB_BOOL, PB_F_PTR, NULL},
};
static const struct pb_msg m_core_ClusterTrustBundleProjection = {"ClusterTrustBundleProjection", f_core_ClusterTrustBundleProjection, AK_ARRAY_LEN(f_core_ClusterTrustBundleProjection)};

static const struct pb_field f_core_PodCertificateProjection[] = {
    {1, "signerName", PB_STRING, 0, NULL},
    {2, "keyType", PB_STRING, 0, NULL},
    {3, "maxExpirationSeconds", PB_INT32, PB_F_PTR, NULL},
    {4, "credentialBundlePath", PB_STRING, 0, NULL},
    {5, "keyPath", PB_STRING, 0, NULL},
    {6, "certificateChainPath", PB_STRING, 0, NULL},
    {7, "userAnnotations", PB_STRING, PB_F_MAP, NULL},
};
static const struct pb_msg m_core_PodCertificateProjection = {"PodCertificateProjection", f_core_PodCertificateProjection, AK_ARRAY_LEN(f_core_PodCertificateProjection)};

static const struct pb_field f_core_VolumeProjection[] = {
    {1, "secret", PB_MSG, PB_F_PTR, &m_core_SecretProjection},
    {2, "downwardAPI", PB_MSG, PB_F_PTR, &m_core_DownwardAPIProjection},
    {3, "configMap", PB_MSG, PB_F_PTR, &m_core_ConfigMapProjection},
    {4, "serviceAccountToken", PB_MSG, PB_F_PTR, &m_core_ServiceAccountTokenProjection},
    {5, "clusterTrustBundle", PB_MSG, PB_F_PTR, &m_core_ClusterTrustBundleProjection},
    {6, "podCertificate", PB_MSG, PB_F_PTR, &m_core_PodCertificateProjection},
};
static const struct pb_msg m_core_VolumeProjection = {"VolumeProjection", f_core_VolumeProjection, AK_ARRAY_LEN(f_core_VolumeProjection)};

static const struct pb_field f_core_ProjectedVolumeSource[] = {
    {1, "sources", PB_MSG, PB_F_REP, &m_core_VolumeProjection},
    {2, "defaultMode", PB_INT32, PB_F_PTR, NULL},
};
static const struct pb_msg m_core_ProjectedVolumeSource = {"ProjectedVolumeSource", f_core_ProjectedVolumeSource, AK_ARRAY_LEN(f_core_ProjectedVolumeSource)};

static const struct pb_field f_core_PortworxVolumeSource[] = {
    {1, "volumeID", PB_STRING, 0, NULL},
    {2, "fsType", PB_STRING, 0, NULL},
    {3, "readOnly", PB_BOOL, 0, NULL},
};
static const struct pb_msg m_core_PortworxVolumeSource = {"PortworxVolumeSource", f_core_PortworxVolumeSource, AK_ARRAY_LEN(f_core_PortworxVolumeSource)};

static const struct pb_field f_core_ScaleIOVolumeSource[] = {
    {1, "gateway", PB_STRING, 0, NULL},
    {2, "system", PB_STRING, 0, NULL},
    {3, "secretRef", PB_MSG, PB_F_PTR, &m_core_LocalObjectReference},
    {4, "sslEnabled", PB_BOOL, 0, NULL},
    {5, "protectionDomain", PB_STRING, 0, NULL},
    {6, "storagePool", PB_STRING, 0, NULL},
    {7, "storageMode", PB_STRING, 0, NULL},
    {8, "volumeName", PB_STRING, 0, NULL},
    {9, "fsType", PB_STRING, 0, NULL},
    {10, "readOnly", PB_BOOL, 0, NULL},
};
static const struct pb_msg m_core_ScaleIOVolumeSource = {"ScaleIOVolumeSource", f_core_ScaleIOVolumeSource, AK_ARRAY_LEN(f_core_ScaleIOVolumeSource)};

static const struct pb_field f_core_StorageOSVolumeSource[] = {
    {1, "volumeName", PB_STRING, 0, NULL},
    {2, "volumeNamespace", PB_STRING, 0, NULL},
    {3, "fsType", PB_STRING, 0, NULL},
    {4, "readOnly", PB_BOOL, 0, NULL},
    {5, "secretRef", PB_MSG, PB_F_PTR, &m_core_LocalObjectReference},
};
static const struct pb_msg m_core_StorageOSVolumeSource = {"StorageOSVolumeSource", f_core_StorageOSVolumeSource, AK_ARRAY_LEN(f_core_StorageOSVolumeSource)};

static const struct pb_field f_core_CSIVolumeSource[] = {
    {1, "driver", PB_STRING, 0, NULL},
    {2, "readOnly", PB_BOOL, PB_F_PTR, NULL},
    {3, "fsType", PB_STRING, PB_F_PTR, NULL},
    {4, "volumeAttributes", PB_STRING, PB_F_MAP, NULL},
    {5, "nodePublishSecretRef", PB_MSG, PB_F_PTR, &m_core_LocalObjectReference},
};
static const struct pb_msg m_core_CSIVolumeSource = {"CSIVolumeSource", f_core_CSIVolumeSource, AK_ARRAY_LEN(f_core_CSIVolumeSource)};

static const struct pb_field f_core_VolumeResourceRequirements[] = {
    {1, "limits", PB_QUANTITY, PB_F_MAP, NULL},
    {2, "requests", PB_QUANTITY, PB_F_MAP, NULL},
};
static const struct pb_msg m_core_VolumeResourceRequirements = {"VolumeResourceRequirements", f_core_VolumeResourceRequirements, AK_ARRAY_LEN(f_core_VolumeResourceRequirements)};

static const struct pb_field f_core_TypedLocalObjectReference[] = {
    {1, "apiGroup", PB_STRING, PB_F_PTR, NULL},
    {2, "kind", PB_STRING, 0, NULL},
    {3, "name", PB_STRING, 0, NULL},
};
static const struct pb_msg m_core_TypedLocalObjectReference = {"TypedLocalObjectReference", f_core_TypedLocalObjectReference, AK_ARRAY_LEN(f_core_TypedLocalObjectReference)};

static const struct pb_field f_core_TypedObjectReference[] = {
    {1, "apiGroup", PB_STRING, PB_F_PTR, NULL},
    {2, "kind", PB_STRING, 0, NULL},
    {3, "name", PB_STRING, 0, NULL},
    {4, "namespace", PB_STRING, PB_F_PTR, NULL},
};
static const struct pb_msg m_core_TypedObjectReference = {"TypedObjectReference", f_core_TypedObjectReference, AK_ARRAY_LEN(f_core_TypedObjectReference)};

static const struct pb_field f_core_PersistentVolumeClaimSpec[] = {
    {1, "accessModes", PB_STRING, PB_F_REP, NULL},
    {2, "resources", PB_MSG, 0, &m_core_VolumeResourceRequirements},
    {3, "volumeName", PB_STRING, 0, NULL},
    {4, "selector", PB_MSG, PB_F_PTR, &m_meta_LabelSelector},
    {5, "storageClassName", PB_STRING, PB_F_PTR, NULL},
    {6, "volumeMode", PB_STRING, PB_F_PTR, NULL},
    {7, "dataSource", PB_MSG, PB_F_PTR, &m_core_TypedLocalObjectReference},
    {8, "dataSourceRef", PB_MSG, PB_F_PTR, &m_core_TypedObjectReference},
    {9, "volumeAttributesClassName", PB_STRING, PB_F_PTR, NULL},
};
static const struct pb_msg m_core_PersistentVolumeClaimSpec = {"PersistentVolumeClaimSpec", f_core_PersistentVolumeClaimSpec, AK_ARRAY_LEN(f_core_PersistentVolumeClaimSpec)};

static const struct pb_field f_core_PersistentVolumeClaimTemplate[] = {
    {1, "metadata", PB_MSG, 0, &m_meta_ObjectMeta},
    {2, "spec", PB_MSG, 0, &m_core_PersistentVolumeClaimSpec},
};
static const struct pb_msg m_core_PersistentVolumeClaimTemplate = {"PersistentVolumeClaimTemplate", f_core_PersistentVolumeClaimTemplate, AK_ARRAY_LEN(f_core_PersistentVolumeClaimTemplate)};

static const struct pb_field f_core_EphemeralVolumeSource[] = {
    {1, "volumeClaimTemplate", PB_MSG, PB_F_PTR, &m_core_PersistentVolumeClaimTemplate},
};
static const struct pb_msg m_core_EphemeralVolumeSource = {"EphemeralVolumeSource", f_core_EphemeralVolumeSource, AK_ARRAY_LEN(f_core_EphemeralVolumeSource)};

static const struct pb_field f_core_ImageVolumeSource[] = {
    {1, "reference", PB_STRING, 0, NULL},
    {2, "pullPolicy", PB_STRING, 0, NULL},
};
static const struct pb_msg m_core_ImageVolumeSource = {"ImageVolumeSource", f_core_ImageVolumeSource, AK_ARRAY_LEN(f_core_ImageVolumeSource)};

static const struct pb_field f_core_VolumeSource[] = {
    {1, "hostPath", PB_MSG, PB_F_PTR, &m_core_HostPathVolumeSource},
    {2, "emptyDir", PB_MSG, PB_F_PTR, &m_core_EmptyDirVolumeSource},
    {3, "gcePersistentDisk", PB_MSG, PB_F_PTR, &m_core_GCEPersistentDiskVolumeSource},
    {4, "awsElasticBlockStore", PB_MSG, PB_F_PTR, &m_core_AWSElasticBlockStoreVolumeSource},
    {5, "gitRepo", PB_MSG, PB_F_PTR, &m_core_GitRepoVolumeSource},
    {6, "secret", PB_MSG, PB_F_PTR, &m_core_SecretVolumeSource},
    {7, "nfs", PB_MSG, PB_F_PTR, &m_core_NFSVolumeSource},
    {8, "iscsi", PB_MSG, PB_F_PTR, &m_core_ISCSIVolumeSource},
    {9, "glusterfs", PB_MSG, PB_F_PTR, &m_core_GlusterfsVolumeSource},
    {10, "persistentVolumeClaim", PB_MSG, PB_F_PTR, &m_core_PersistentVolumeClaimVolumeSource},
    {11, "rbd", PB_MSG, PB_F_PTR, &m_core_RBDVolumeSource},
    {12, "flexVolume", PB_MSG, PB_F_PTR, &m_core_FlexVolumeSource},
    {13, "cinder", PB_MSG, PB_F_PTR, &m_core_CinderVolumeSource},
    {14, "cephfs", PB_MSG, PB_F_PTR, &m_core_CephFSVolumeSource},
    {15, "flocker", PB_MSG, PB_F_PTR, &m_core_FlockerVolumeSource},
    {16, "downwardAPI", PB_MSG, PB_F_PTR, &m_core_DownwardAPIVolumeSource},
    {17, "fc", PB_MSG, PB_F_PTR, &m_core_FCVolumeSource},
    {18, "azureFile", PB_MSG, PB_F_PTR, &m_core_AzureFileVolumeSource},
    {19, "configMap", PB_MSG, PB_F_PTR, &m_core_ConfigMapVolumeSource},
    {20, "vsphereVolume", PB_MSG, PB_F_PTR, &m_core_VsphereVirtualDiskVolumeSource},
    {21, "quobyte", PB_MSG, PB_F_PTR, &m_core_QuobyteVolumeSource},
    {22, "azureDisk", PB_MSG, PB_F_PTR, &m_core_AzureDiskVolumeSource},
    {23, "photonPersistentDisk", PB_MSG, PB_F_PTR, &m_core_PhotonPersistentDiskVolumeSource},
    {24, "portworxVolume", PB_MSG, PB_F_PTR, &m_core_PortworxVolumeSource},
    {25, "scaleIO", PB_MSG, PB_F_PTR, &m_core_ScaleIOVolumeSource},
    {26, "projected", PB_MSG, PB_F_PTR, &m_core_ProjectedVolumeSource},
    {27, "storageos", PB_MSG, PB_F_PTR, &m_core_StorageOSVolumeSource},
    {28, "csi", PB_MSG, PB_F_PTR, &m_core_CSIVolumeSource},
    {29, "ephemeral", PB_MSG, PB_F_PTR, &m_core_EphemeralVolumeSource},
    {30, "image", PB_MSG, PB_F_PTR, &m_core_ImageVolumeSource},
};
static const struct pb_msg m_core_VolumeSource = {"VolumeSource", f_core_VolumeSource, AK_ARRAY_LEN(f_core_VolumeSource)};

static const struct pb_field f_core_Volume[] = {
    {1, "name", PB_STRING, 0, NULL},
    {2, NULL, PB_MSG, PB_F_INLINE, &m_core_VolumeSource},
};
static const struct pb_msg m_core_Volume = {"Volume", f_core_Volume, AK_ARRAY_LEN(f_core_Volume)};

static const struct pb_field f_core_ContainerPort[] = {
    {1, "name", PB_STRING, 0, NULL},
    {2, "hostPort", PB_INT32, 0, NULL},
    {3, "containerPort", PB_INT32, 0, NULL},
    {4, "protocol", PB_STRING, 0, NULL},
    {5, "hostIP", PB_STRING, 0, NULL},
};
static const struct pb_msg m_core_ContainerPort = {"ContainerPort", f_core_ContainerPort, AK_ARRAY_LEN(f_core_ContainerPort)};

static const struct pb_field f_core_ConfigMapEnvSource[] = {
    {1, NULL, PB_MSG, PB_F_INLINE, &m_core_LocalObjectReference},
    {2, "optional", PB_BOOL, PB_F_PTR, NULL},
};
static const struct pb_msg m_core_ConfigMapEnvSource = {"ConfigMapEnvSource", f_core_ConfigMapEnvSource, AK_ARRAY_LEN(f_core_ConfigMapEnvSource)};

static const struct pb_field f_core_SecretEnvSource[] = {
    {1, NULL, PB_MSG, PB_F_INLINE, &m_core_LocalObjectReference},
    {2, "optional", PB_BOOL, PB_F_PTR, NULL},
};
static const struct pb_msg m_core_SecretEnvSource = {"SecretEnvSource", f_core_SecretEnvSource, AK_ARRAY_LEN(f_core_SecretEnvSource)};

static const struct pb_field f_core_EnvFromSource[] = {
    {1, "prefix", PB_STRING, 0, NULL},
    {2, "configMapRef", PB_MSG, PB_F_PTR, &m_core_ConfigMapEnvSource},
    {3, "secretRef", PB_MSG, PB_F_PTR, &m_core_SecretEnvSource},
};
static const struct pb_msg m_core_EnvFromSource = {"EnvFromSource", f_core_EnvFromSource, AK_ARRAY_LEN(f_core_EnvFromSource)};

static const struct pb_field f_core_ConfigMapKeySelector[] = {
    {1, NULL, PB_MSG, PB_F_INLINE, &m_core_LocalObjectReference},
    {2, "key", PB_STRING, 0, NULL},
    {3, "optional", PB_BOOL, PB_F_PTR, NULL},
};
static const struct pb_msg m_core_ConfigMapKeySelector = {"ConfigMapKeySelector", f_core_ConfigMapKeySelector, AK_ARRAY_LEN(f_core_ConfigMapKeySelector)};

static const struct pb_field f_core_SecretKeySelector[] = {
    {1, NULL, PB_MSG, PB_F_INLINE, &m_core_LocalObjectReference},
    {2, "key", PB_STRING, 0, NULL},
    {3, "optional", PB_BOOL, PB_F_PTR, NULL},
};
static const struct pb_msg m_core_SecretKeySelector = {"SecretKeySelector", f_core_SecretKeySelector, AK_ARRAY_LEN(f_core_SecretKeySelector)};

static const struct pb_field f_core_FileKeySelector[] = {
    {1, "volumeName", PB_STRING, 0, NULL},
    {2, "path", PB_STRING, 0, NULL},
    {3, "key", PB_STRING, 0, NULL},
    {4, "optional", PB_BOOL, PB_F_PTR, NULL},
};
static const struct pb_msg m_core_FileKeySelector = {"FileKeySelector", f_core_FileKeySelector, AK_ARRAY_LEN(f_core_FileKeySelector)};

static const struct pb_field f_core_EnvVarSource[] = {
    {1, "fieldRef", PB_MSG, PB_F_PTR, &m_core_ObjectFieldSelector},
    {2, "resourceFieldRef", PB_MSG, PB_F_PTR, &m_core_ResourceFieldSelector},
    {3, "configMapKeyRef", PB_MSG, PB_F_PTR, &m_core_ConfigMapKeySelector},
    {4, "secretKeyRef", PB_MSG, PB_F_PTR, &m_core_SecretKeySelector},
    {5, "fileKeyRef", PB_MSG, PB_F_PTR, &m_core_FileKeySelector},
};
static const struct pb_msg m_core_EnvVarSource = {"EnvVarSource", f_core_EnvVarSource, AK_ARRAY_LEN(f_core_EnvVarSource)};

static const struct pb_field f_core_EnvVar[] = {
    {1, "name", PB_STRING, 0, NULL},
    {2, "value", PB_STRING, 0, NULL},
    {3, "valueFrom", PB_MSG, PB_F_PTR, &m_core_EnvVarSource},
};
static const struct pb_msg m_core_EnvVar = {"EnvVar", f_core_EnvVar, AK_ARRAY_LEN(f_core_EnvVar)};

static const struct pb_field f_core_ResourceClaim[] = {
    {1, "name", PB_STRING, 0, NULL},
    {2, "request", PB_STRING, 0, NULL},
};
static const struct pb_msg m_core_ResourceClaim = {"ResourceClaim", f_core_ResourceClaim, AK_ARRAY_LEN(f_core_ResourceClaim)};

static const struct pb_field f_core_ResourceRequirements[] = {
    {1, "limits", PB_QUANTITY, PB_F_MAP, NULL},
    {2, "requests", PB_QUANTITY, PB_F_MAP, NULL},
    {3, "claims", PB_MSG, PB_F_REP, &m_core_ResourceClaim},
};
static const struct pb_msg m_core_ResourceRequirements = {"ResourceRequirements", f_core_ResourceRequirements, AK_ARRAY_LEN(f_core_ResourceRequirements)};

static const struct pb_field f_core_ContainerResizePolicy[] = {
    {1, "resourceName", PB_STRING, 0, NULL},
    {2, "restartPolicy", PB_STRING, 0, NULL},
};
static const struct pb_msg m_core_ContainerResizePolicy = {"ContainerResizePolicy", f_core_ContainerResizePolicy, AK_ARRAY_LEN(f_core_ContainerResizePolicy)};

static const struct pb_field f_core_ContainerRestartRuleOnExitCodes[] = {
    {1, "operator", PB_STRING, 0, NULL},
    {2, "values", PB_INT32, PB_F_REP, NULL},
};
static const struct pb_msg m_core_ContainerRestartRuleOnExitCodes = {"ContainerRestartRuleOnExitCodes", f_core_ContainerRestartRuleOnExitCodes, AK_ARRAY_LEN(f_core_ContainerRestartRuleOnExitCodes)};

static const struct pb_field f_core_ContainerRestartRule[] = {
    {1, "action", PB_STRING, 0, NULL},
    {2, "exitCodes", PB_MSG, PB_F_PTR, &m_core_ContainerRestartRuleOnExitCodes},
};
static const struct pb_msg m_core_ContainerRestartRule = {"ContainerRestartRule", f_core_ContainerRestartRule, AK_ARRAY_LEN(f_core_ContainerRestartRule)};

static const struct pb_field f_core_VolumeMount[] = {
    {1, "name", PB_STRING, 0, NULL},
    {2, "readOnly", PB_BOOL, 0, NULL},
    {3, "mountPath", PB_STRING, 0, NULL},
    {4, "subPath", PB_STRING, 0, NULL},
    {5, "mountPropagation", PB_STRING, PB_F_PTR, NULL},
    {6, "subPathExpr", PB_STRING, 0, NULL},
    {7, "recursiveReadOnly", PB_STRING, PB_F_PTR, NULL},
};
static const struct pb_msg m_core_VolumeMount = {"VolumeMount", f_core_VolumeMount, AK_ARRAY_LEN(f_core_VolumeMount)};

static const struct pb_field f_core_VolumeDevice[] = {
    {1, "name", PB_STRING, 0, NULL},
    {2, "devicePath", PB_STRING, 0, NULL},
};
static const struct pb_msg m_core_VolumeDevice = {"VolumeDevice", f_core_VolumeDevice, AK_ARRAY_LEN(f_core_VolumeDevice)};

static const struct pb_field f_core_ExecAction[] = {
    {1, "command", PB_STRING, PB_F_REP, NULL},
};
static const struct pb_msg m_core_ExecAction = {"ExecAction", f_core_ExecAction, AK_ARRAY_LEN(f_core_ExecAction)};

static const struct pb_field f_core_HTTPHeader[] = {
    {1, "name", PB_STRING, 0, NULL},
    {2, "value", PB_STRING, 0, NULL},
};
static const struct pb_msg m_core_HTTPHeader = {"HTTPHeader", f_core_HTTPHeader, AK_ARRAY_LEN(f_core_HTTPHeader)};

static const struct pb_field f_core_HTTPGetAction[] = {
    {1, "path", PB_STRING, 0, NULL},
    {2, "port", PB_INTSTR, 0, NULL},
    {3, "host", PB_STRING, 0, NULL},
    {4, "scheme", PB_STRING, 0, NULL},
    {5, "httpHeaders", PB_MSG, PB_F_REP, &m_core_HTTPHeader},
};
static const struct pb_msg m_core_HTTPGetAction = {"HTTPGetAction", f_core_HTTPGetAction, AK_ARRAY_LEN(f_core_HTTPGetAction)};

static const struct pb_field f_core_TCPSocketAction[] = {
    {1, "port", PB_INTSTR, 0, NULL},
    {2, "host", PB_STRING, 0, NULL},
};
static const struct pb_msg m_core_TCPSocketAction = {"TCPSocketAction", f_core_TCPSocketAction, AK_ARRAY_LEN(f_core_TCPSocketAction)};

static const struct pb_field f_core_GRPCAction[] = {
    {1, "port", PB_INT32, 0, NULL},
    {2, "service", PB_STRING, PB_F_PTR, NULL},
};
static const struct pb_msg m_core_GRPCAction = {"GRPCAction", f_core_GRPCAction, AK_ARRAY_LEN(f_core_GRPCAction)};

static const struct pb_field f_core_ProbeHandler[] = {
    {1, "exec", PB_MSG, PB_F_PTR, &m_core_ExecAction},
    {2, "httpGet", PB_MSG, PB_F_PTR, &m_core_HTTPGetAction},
    {3, "tcpSocket", PB_MSG, PB_F_PTR, &m_core_TCPSocketAction},
    {4, "grpc", PB_MSG, PB_F_PTR, &m_core_GRPCAction},
};
static const struct pb_msg m_core_ProbeHandler = {"ProbeHandler", f_core_ProbeHandler, AK_ARRAY_LEN(f_core_ProbeHandler)};

static const struct pb_field f_core_Probe[] = {
    {1, NULL, PB_MSG, PB_F_INLINE, &m_core_ProbeHandler},
    {2, "initialDelaySeconds", PB_INT32, 0, NULL},
    {3, "timeoutSeconds", PB_INT32, 0, NULL},
    {4, "periodSeconds", PB_INT32, 0, NULL},
    {5, "successThreshold", PB_INT32, 0, NULL},
    {6, "failureThreshold", PB_INT32, 0, NULL},
    {7, "terminationGracePeriodSeconds", PB_INT64, PB_F_PTR, NULL},
};
static const struct pb_msg m_core_Probe = {"Probe", f_core_Probe, AK_ARRAY_LEN(f_core_Probe)};

static const struct pb_field f_core_SleepAction[] = {
    {1, "seconds", PB_INT64, 0, NULL},
};
static const struct pb_msg m_core_SleepAction = {"SleepAction", f_core_SleepAction, AK_ARRAY_LEN(f_core_SleepAction)};

static const struct pb_field f_core_LifecycleHandler[] = {
    {1, "exec", PB_MSG, PB_F_PTR, &m_core_ExecAction},
    {2, "httpGet", PB_MSG, PB_F_PTR, &m_core_HTTPGetAction},
    {3, "tcpSocket", PB_MSG, PB_F_PTR, &m_core_TCPSocketAction},
    {4, "sleep", PB_MSG, PB_F_PTR, &m_core_SleepAction},
};
static const struct pb_msg m_core_LifecycleHandler = {"LifecycleHandler", f_core_LifecycleHandler, AK_ARRAY_LEN(f_core_LifecycleHandler)};

static const struct pb_field f_core_Lifecycle[] = {
    {1, "postStart", PB_MSG, PB_F_PTR, &m_core_LifecycleHandler},
    {2, "preStop", PB_MSG, PB_F_PTR, &m_core_LifecycleHandler},
    {3, "stopSignal", PB_STRING, PB_F_PTR, NULL},
};
static const struct pb_msg m_core_Lifecycle = {"Lifecycle", f_core_Lifecycle, AK_ARRAY_LEN(f_core_Lifecycle)};

static const struct pb_field f_core_Capabilities[] = {
    {1, "add", PB_STRING, PB_F_REP, NULL},
    {2, "drop", PB_STRING, PB_F_REP, NULL},
};
static const struct pb_msg m_core_Capabilities = {"Capabilities", f_core_Capabilities, AK_ARRAY_LEN(f_core_Capabilities)};

static const struct pb_field f_core_SELinuxOptions[] = {
    {1, "user", PB_STRING, 0, NULL},
    {2, "role", PB_STRING, 0, NULL},
    {3, "type", PB_STRING, 0, NULL},
    {4, "level", PB_STRING, 0, NULL},
};
static const struct pb_msg m_core_SELinuxOptions = {"SELinuxOptions", f_core_SELinuxOptions, AK_ARRAY_LEN(f_core_SELinuxOptions)};

static const struct pb_field f_core_WindowsSecurityContextOptions[] = {
    {1, "gmsaCredentialSpecName", PB_STRING, PB_F_PTR, NULL},
    {2, "gmsaCredentialSpec", PB_STRING, PB_F_PTR, NULL},
    {3, "runAsUserName", PB_STRING, PB_F_PTR, NULL},
    {4, "hostProcess", PB_BOOL, PB_F_PTR, NULL},
};
static const struct pb_msg m_core_WindowsSecurityContextOptions = {"WindowsSecurityContextOptions", f_core_WindowsSecurityContextOptions, AK_ARRAY_LEN(f_core_WindowsSecurityContextOptions)};

static const struct pb_field f_core_SeccompProfile[] = {
    {1, "type", PB_STRING, 0, NULL},
    {2, "localhostProfile", PB_STRING, PB_F_PTR, NULL},
};
static const struct pb_msg m_core_SeccompProfile = {"SeccompProfile", f_core_SeccompProfile, AK_ARRAY_LEN(f_core_SeccompProfile)};

static const struct pb_field f_core_AppArmorProfile[] = {
    {1, "type", PB_STRING, 0, NULL},
    {2, "localhostProfile", PB_STRING, PB_F_PTR, NULL},
};
static const struct pb_msg m_core_AppArmorProfile = {"AppArmorProfile", f_core_AppArmorProfile, AK_ARRAY_LEN(f_core_AppArmorProfile)};

static const struct pb_field f_core_SecurityContext[] = {
    {1, "capabilities", PB_MSG, PB_F_PTR, &m_core_Capabilities},
    {2, "privileged", PB_BOOL, PB_F_PTR, NULL},
    {3, "seLinuxOptions", PB_MSG, PB_F_PTR, &m_core_SELinuxOptions},
    {4, "runAsUser", PB_INT64, PB_F_PTR, NULL},
    {5, "runAsNonRoot", PB_BOOL, PB_F_PTR, NULL},
    {6, "readOnlyRootFilesystem", PB_BOOL, PB_F_PTR, NULL},
    {7, "allowPrivilegeEscalation", PB_BOOL, PB_F_PTR, NULL},
    {8, "runAsGroup", PB_INT64, PB_F_PTR, NULL},
    {9, "procMount", PB_STRING, PB_F_PTR, NULL},
    {10, "windowsOptions", PB_MSG, PB_F_PTR, &m_core_WindowsSecurityContextOptions},
    {11, "seccompProfile", PB_MSG, PB_F_PTR, &m_core_SeccompProfile},
    {12, "appArmorProfile", PB_MSG, PB_F_PTR, &m_core_AppArmorProfile},
};
static const struct pb_msg m_core_SecurityContext = {"SecurityContext", f_core_SecurityContext, AK_ARRAY_LEN(f_core_SecurityContext)};

static const struct pb_field f_core_Container[] = {
    {1, "name", PB_STRING, 0, NULL},
    {2, "image", PB_STRING, 0, NULL},
    {3, "command", PB_STRING, PB_F_REP, NULL},
    {4, "args", PB_STRING, PB_F_REP, NULL},
    {5, "workingDir", PB_STRING, 0, NULL},
    {6, "ports", PB_MSG, PB_F_REP, &m_core_ContainerPort},
    {7, "env", PB_MSG, PB_F_REP, &m_core_EnvVar},
    {8, "resources", PB_MSG, 0, &m_core_ResourceRequirements},
    {9, "volumeMounts", PB_MSG, PB_F_REP, &m_core_VolumeMount},
    {10, "livenessProbe", PB_MSG, PB_F_PTR, &m_core_Probe},
    {11, "readinessProbe", PB_MSG, PB_F_PTR, &m_core_Probe},
    {12, "lifecycle", PB_MSG, PB_F_PTR, &m_core_Lifecycle},
    {13, "terminationMessagePath", PB_STRING, 0, NULL},
    {14, "imagePullPolicy", PB_STRING, 0, NULL},
    {15, "securityContext", PB_MSG, PB_F_PTR, &m_core_SecurityContext},
    {16, "stdin", PB_BOOL, 0, NULL},
    {17, "stdinOnce", PB_BOOL, 0, NULL},
    {18, "tty", PB_BOOL, 0, NULL},
    {19, "envFrom", PB_MSG, PB_F_REP, &m_core_EnvFromSource},
    {20, "terminationMessagePolicy", PB_STRING, 0, NULL},
    {21, "volumeDevices", PB_MSG, PB_F_REP, &m_core_VolumeDevice},
    {22, "startupProbe", PB_MSG, PB_F_PTR, &m_core_Probe},
    {23, "resizePolicy", PB_MSG, PB_F_REP, &m_core_ContainerResizePolicy},
    {24, "restartPolicy", PB_STRING, PB_F_PTR, NULL},
    {25, "restartPolicyRules", PB_MSG, PB_F_REP, &m_core_ContainerRestartRule},
};
static const struct pb_msg m_core_Container = {"Container", f_core_Container, AK_ARRAY_LEN(f_core_Container)};

static const struct pb_field f_core_EphemeralContainerCommon[] = {
    {1, "name", PB_STRING, 0, NULL},
    {2, "image", PB_STRING, 0, NULL},
    {3, "command", PB_STRING, PB_F_REP, NULL},
    {4, "args", PB_STRING, PB_F_REP, NULL},
    {5, "workingDir", PB_STRING, 0, NULL},
    {6, "ports", PB_MSG, PB_F_REP, &m_core_ContainerPort},
    {7, "env", PB_MSG, PB_F_REP, &m_core_EnvVar},
    {8, "resources", PB_MSG, 0, &m_core_ResourceRequirements},
    {9, "volumeMounts", PB_MSG, PB_F_REP, &m_core_VolumeMount},
    {10, "livenessProbe", PB_MSG, PB_F_PTR, &m_core_Probe},
    {11, "readinessProbe", PB_MSG, PB_F_PTR, &m_core_Probe},
    {12, "lifecycle", PB_MSG, PB_F_PTR, &m_core_Lifecycle},
    {13, "terminationMessagePath", PB_STRING, 0, NULL},
    {14, "imagePullPolicy", PB_STRING, 0, NULL},
    {15, "securityContext", PB_MSG, PB_F_PTR, &m_core_SecurityContext},
    {16, "stdin", PB_BOOL, 0, NULL},
    {17, "stdinOnce", PB_BOOL, 0, NULL},
    {18, "tty", PB_BOOL, 0, NULL},
    {19, "envFrom", PB_MSG, PB_F_REP, &m_core_EnvFromSource},
    {20, "terminationMessagePolicy", PB_STRING, 0, NULL},
    {21, "volumeDevices", PB_MSG, PB_F_REP, &m_core_VolumeDevice},
    {22, "startupProbe", PB_MSG, PB_F_PTR, &m_core_Probe},
    {23, "resizePolicy", PB_MSG, PB_F_REP, &m_core_ContainerResizePolicy},
    {24, "restartPolicy", PB_STRING, PB_F_PTR, NULL},
    {25, "restartPolicyRules", PB_MSG, PB_F_REP, &m_core_ContainerRestartRule},
};
static const struct pb_msg m_core_EphemeralContainerCommon = {"EphemeralContainerCommon", f_core_EphemeralContainerCommon, AK_ARRAY_LEN(f_core_EphemeralContainerCommon)};

static const struct pb_field f_core_EphemeralContainer[] = {
    {1, NULL, PB_MSG, PB_F_INLINE, &m_core_EphemeralContainerCommon},
    {2, "targetContainerName", PB_STRING, 0, NULL},
};
static const struct pb_msg m_core_EphemeralContainer = {"EphemeralContainer", f_core_EphemeralContainer, AK_ARRAY_LEN(f_core_EphemeralContainer)};

static const struct pb_field f_core_Sysctl[] = {
    {1, "name", PB_STRING, 0, NULL},
    {2, "value", PB_STRING, 0, NULL},
};
static const struct pb_msg m_core_Sysctl = {"Sysctl", f_core_Sysctl, AK_ARRAY_LEN(f_core_Sysctl)};

static const struct pb_field f_core_PodSecurityContext[] = {
    {1, "seLinuxOptions", PB_MSG, PB_F_PTR, &m_core_SELinuxOptions},
    {2, "runAsUser", PB_INT64, PB_F_PTR, NULL},
    {3, "runAsNonRoot", PB_BOOL, PB_F_PTR, NULL},
    {4, "supplementalGroups", PB_INT64, PB_F_REP, NULL},
    {5, "fsGroup", PB_INT64, PB_F_PTR, NULL},
    {6, "runAsGroup", PB_INT64, PB_F_PTR, NULL},
    {7, "sysctls", PB_MSG, PB_F_REP, &m_core_Sysctl},
    {8, "windowsOptions", PB_MSG, PB_F_PTR, &m_core_WindowsSecurityContextOptions},
    {9, "fsGroupChangePolicy", PB_STRING, PB_F_PTR, NULL},
    {10, "seccompProfile", PB_MSG, PB_F_PTR, &m_core_SeccompProfile},
    {11, "appArmorProfile", PB_MSG, PB_F_PTR, &m_core_AppArmorProfile},
    {12, "supplementalGroupsPolicy", PB_STRING, PB_F_PTR, NULL},
    {13, "seLinuxChangePolicy", PB_STRING, PB_F_PTR, NULL},
};
static const struct pb_msg m_core_PodSecurityContext = {"PodSecurityContext", f_core_PodSecurityContext, AK_ARRAY_LEN(f_core_PodSecurityContext)};

static const struct pb_field f_core_NodeSelectorRequirement[] = {
    {1, "key", PB_STRING, 0, NULL},
    {2, "operator", PB_STRING, 0, NULL},
    {3, "values", PB_STRING, PB_F_REP, NULL},
};
static const struct pb_msg m_core_NodeSelectorRequirement = {"NodeSelectorRequirement", f_core_NodeSelectorRequirement, AK_ARRAY_LEN(f_core_NodeSelectorRequirement)};

static const struct pb_field f_core_NodeSelectorTerm[] = {
    {1, "matchExpressions", PB_MSG, PB_F_REP, &m_core_NodeSelectorRequirement},
    {2, "matchFields", PB_MSG, PB_F_REP, &m_core_NodeSelectorRequirement},
};
static const struct pb_msg m_core_NodeSelectorTerm = {"NodeSelectorTerm", f_core_NodeSelectorTerm, AK_ARRAY_LEN(f_core_NodeSelectorTerm)};

static const struct pb_field f_core_NodeSelector[] = {
    {1, "nodeSelectorTerms", PB_MSG, PB_F_REP, &m_core_NodeSelectorTerm},
};
static const struct pb_msg m_core_NodeSelector = {"NodeSelector", f_core_NodeSelector, AK_ARRAY_LEN(f_core_NodeSelector)};

static const struct pb_field f_core_PreferredSchedulingTerm[] = {
    {1, "weight", PB_INT32, 0, NULL},
    {2, "preference", PB_MSG, 0, &m_core_NodeSelectorTerm},
};
static const struct pb_msg m_core_PreferredSchedulingTerm = {"PreferredSchedulingTerm", f_core_PreferredSchedulingTerm, AK_ARRAY_LEN(f_core_PreferredSchedulingTerm)};

static const struct pb_field f_core_NodeAffinity[] = {
    {1, "requiredDuringSchedulingIgnoredDuringExecution", PB_MSG, PB_F_PTR, &m_core_NodeSelector},
    {2, "preferredDuringSchedulingIgnoredDuringExecution", PB_MSG, PB_F_REP, &m_core_PreferredSchedulingTerm},
};
static const struct pb_msg m_core_NodeAffinity = {"NodeAffinity", f_core_NodeAffinity, AK_ARRAY_LEN(f_core_NodeAffinity)};

static const struct pb_field f_core_PodAffinityTerm[] = {
    {1, "labelSelector", PB_MSG, PB_F_PTR, &m_meta_LabelSelector},
    {2, "namespaces", PB_STRING, PB_F_REP, NULL},
    {3, "topologyKey", PB_STRING, 0, NULL},
    {4, "namespaceSelector", PB_MSG, PB_F_PTR, &m_meta_LabelSelector},
    {5, "matchLabelKeys", PB_STRING, PB_F_REP, NULL},
    {6, "mismatchLabelKeys", PB_STRING, PB_F_REP, NULL},
};
static const struct pb_msg m_core_PodAffinityTerm = {"PodAffinityTerm", f_core_PodAffinityTerm, AK_ARRAY_LEN(f_core_PodAffinityTerm)};

static const struct pb_field f_core_WeightedPodAffinityTerm[] = {
    {1, "weight", PB_INT32, 0, NULL},
    {2, "podAffinityTerm", PB_MSG, 0, &m_core_PodAffinityTerm},
};
static const struct pb_msg m_core_WeightedPodAffinityTerm = {"WeightedPodAffinityTerm", f_core_WeightedPodAffinityTerm, AK_ARRAY_LEN(f_core_WeightedPodAffinityTerm)};

static const struct pb_field f_core_PodAffinity[] = {
    {1, "requiredDuringSchedulingIgnoredDuringExecution", PB_MSG, PB_F_REP, &m_core_PodAffinityTerm},
    {2, "preferredDuringSchedulingIgnoredDuringExecution", PB_MSG, PB_F_REP, &m_core_WeightedPodAffinityTerm},
};
static const struct pb_msg m_core_PodAffinity = {"PodAffinity", f_core_PodAffinity, AK_ARRAY_LEN(f_core_PodAffinity)};

static const struct pb_field f_core_PodAntiAffinity[] = {
    {1, "requiredDuringSchedulingIgnoredDuringExecution", PB_MSG, PB_F_REP, &m_core_PodAffinityTerm},
    {2, "preferredDuringSchedulingIgnoredDuringExecution", PB_MSG, PB_F_REP, &m_core_WeightedPodAffinityTerm},
};
static const struct pb_msg m_core_PodAntiAffinity = {"PodAntiAffinity", f_core_PodAntiAffinity, AK_ARRAY_LEN(f_core_PodAntiAffinity)};

static const struct pb_field f_core_Affinity[] = {
    {1, "nodeAffinity", PB_MSG, PB_F_PTR, &m_core_NodeAffinity},
    {2, "podAffinity", PB_MSG, PB_F_PTR, &m_core_PodAffinity},
    {3, "podAntiAffinity", PB_MSG, PB_F_PTR, &m_core_PodAntiAffinity},
};
static const struct pb_msg m_core_Affinity = {"Affinity", f_core_Affinity, AK_ARRAY_LEN(f_core_Affinity)};

static const struct pb_field f_core_Toleration[] = {
    {1, "key", PB_STRING, 0, NULL},
    {2, "operator", PB_STRING, 0, NULL},
    {3, "value", PB_STRING, 0, NULL},
    {4, "effect", PB_STRING, 0, NULL},
    {5, "tolerationSeconds", PB_INT64, PB_F_PTR, NULL},
};
static const struct pb_msg m_core_Toleration = {"Toleration", f_core_Toleration, AK_ARRAY_LEN(f_core_Toleration)};

static const struct pb_field f_core_HostAlias[] = {
    {1, "ip", PB_STRING, 0, NULL},
    {2, "hostnames", PB_STRING, PB_F_REP, NULL},
};
static const struct pb_msg m_core_HostAlias = {"HostAlias", f_core_HostAlias, AK_ARRAY_LEN(f_core_HostAlias)};

static const struct pb_field f_core_PodDNSConfigOption[] = {
    {1, "name", PB_STRING, 0, NULL},
    {2, "value", PB_STRING, PB_F_PTR, NULL},
};
static const struct pb_msg m_core_PodDNSConfigOption = {"PodDNSConfigOption", f_core_PodDNSConfigOption, AK_ARRAY_LEN(f_core_PodDNSConfigOption)};

static const struct pb_field f_core_PodDNSConfig[] = {
    {1, "nameservers", PB_STRING, PB_F_REP, NULL},
    {2, "searches", PB_STRING, PB_F_REP, NULL},
    {3, "options", PB_MSG, PB_F_REP, &m_core_PodDNSConfigOption},
};
static const struct pb_msg m_core_PodDNSConfig = {"PodDNSConfig", f_core_PodDNSConfig, AK_ARRAY_LEN(f_core_PodDNSConfig)};

static const struct pb_field f_core_PodReadinessGate[] = {
    {1, "conditionType", PB_STRING, 0, NULL},
};
static const struct pb_msg m_core_PodReadinessGate = {"PodReadinessGate", f_core_PodReadinessGate, AK_ARRAY_LEN(f_core_PodReadinessGate)};

static const struct pb_field f_core_TopologySpreadConstraint[] = {
    {1, "maxSkew", PB_INT32, 0, NULL},
    {2, "topologyKey", PB_STRING, 0, NULL},
    {3, "whenUnsatisfiable", PB_STRING, 0, NULL},
    {4, "labelSelector", PB_MSG, PB_F_PTR, &m_meta_LabelSelector},
    {5, "minDomains", PB_INT32, PB_F_PTR, NULL},
    {6, "nodeAffinityPolicy", PB_STRING, PB_F_PTR, NULL},
    {7, "nodeTaintsPolicy", PB_STRING, PB_F_PTR, NULL},
    {8, "matchLabelKeys", PB_STRING, PB_F_REP, NULL},
};
static const struct pb_msg m_core_TopologySpreadConstraint = {"TopologySpreadConstraint", f_core_TopologySpreadConstraint, AK_ARRAY_LEN(f_core_TopologySpreadConstraint)};

static const struct pb_field f_core_PodOS[] = {
    {1, "name", PB_STRING, 0, NULL},
};
static const struct pb_msg m_core_PodOS = {"PodOS", f_core_PodOS, AK_ARRAY_LEN(f_core_PodOS)};

static const struct pb_field f_core_PodSchedulingGate[] = {
    {1, "name", PB_STRING, 0, NULL},
};
static const struct pb_msg m_core_PodSchedulingGate = {"PodSchedulingGate", f_core_PodSchedulingGate, AK_ARRAY_LEN(f_core_PodSchedulingGate)};

static const struct pb_field f_core_PodResourceClaim[] = {
    {1, "name", PB_STRING, 0, NULL},
    {3, "resourceClaimName", PB_STRING, PB_F_PTR, NULL},
    {4, "resourceClaimTemplateName", PB_STRING, PB_F_PTR, NULL},
};
static const struct pb_msg m_core_PodResourceClaim = {"PodResourceClaim", f_core_PodResourceClaim, AK_ARRAY_LEN(f_core_PodResourceClaim)};

static const struct pb_field f_core_PodSchedulingGroup[] = {
    {1, "podGroupName", PB_STRING, PB_F_PTR, NULL},
};
static const struct pb_msg m_core_PodSchedulingGroup = {"PodSchedulingGroup", f_core_PodSchedulingGroup, AK_ARRAY_LEN(f_core_PodSchedulingGroup)};

static const struct pb_field f_core_PodSpec[] = {
    {1, "volumes", PB_MSG, PB_F_REP, &m_core_Volume},
    {2, "containers", PB_MSG, PB_F_REP, &m_core_Container},
    {3, "restartPolicy", PB_STRING, 0, NULL},
    {4, "terminationGracePeriodSeconds", PB_INT64, PB_F_PTR, NULL},
    {5, "activeDeadlineSeconds", PB_INT64, PB_F_PTR, NULL},
    {6, "dnsPolicy", PB_STRING, 0, NULL},
    {7, "nodeSelector", PB_STRING, PB_F_MAP, NULL},
    {8, "serviceAccountName", PB_STRING, 0, NULL},
    {9, "serviceAccount", PB_STRING, 0, NULL},
    {10, "nodeName", PB_STRING, 0, NULL},
    {11, "hostNetwork", PB_BOOL, 0, NULL},
    {12, "hostPID", PB_BOOL, 0, NULL},
    {13, "hostIPC", PB_BOOL, 0, NULL},
    {14, "securityContext", PB_MSG, PB_F_PTR, &m_core_PodSecurityContext},
    {15, "imagePullSecrets", PB_MSG, PB_F_REP, &m_core_LocalObjectReference},
    {16, "hostname", PB_STRING, 0, NULL},
    {17, "subdomain", PB_STRING, 0, NULL},
    {18, "affinity", PB_MSG, PB_F_PTR, &m_core_Affinity},
    {19, "schedulerName", PB_STRING, 0, NULL},
    {20, "initContainers", PB_MSG, PB_F_REP, &m_core_Container},
    {21, "automountServiceAccountToken", PB_BOOL, PB_F_PTR, NULL},
    {22, "tolerations", PB_MSG, PB_F_REP, &m_core_Toleration},
    {23, "hostAliases", PB_MSG, PB_F_REP, &m_core_HostAlias},
    {24, "priorityClassName", PB_STRING, 0, NULL},
    {25, "priority", PB_INT32, PB_F_PTR, NULL},
    {26, "dnsConfig", PB_MSG, PB_F_PTR, &m_core_PodDNSConfig},
    {27, "shareProcessNamespace", PB_BOOL, PB_F_PTR, NULL},
    {28, "readinessGates", PB_MSG, PB_F_REP, &m_core_PodReadinessGate},
    {29, "runtimeClassName", PB_STRING, PB_F_PTR, NULL},
    {30, "enableServiceLinks", PB_BOOL, PB_F_PTR, NULL},
    {31, "preemptionPolicy", PB_STRING, PB_F_PTR, NULL},
    {32, "overhead", PB_QUANTITY, PB_F_MAP, NULL},
    {33, "topologySpreadConstraints", PB_MSG, PB_F_REP, &m_core_TopologySpreadConstraint},
    {34, "ephemeralContainers", PB_MSG, PB_F_REP, &m_core_EphemeralContainer},
    {35, "setHostnameAsFQDN", PB_BOOL, PB_F_PTR, NULL},
    {36, "os", PB_MSG, PB_F_PTR, &m_core_PodOS},
    {37, "hostUsers", PB_BOOL, PB_F_PTR, NULL},
    {38, "schedulingGates", PB_MSG, PB_F_REP, &m_core_PodSchedulingGate},
    {39, "resourceClaims", PB_MSG, PB_F_REP, &m_core_PodResourceClaim},
    {40, "resources", PB_MSG, PB_F_PTR, &m_core_ResourceRequirements},
    {41, "hostnameOverride", PB_STRING, PB_F_PTR, NULL},
    {43, "schedulingGroup", PB_MSG, PB_F_PTR, &m_core_PodSchedulingGroup},
};
static const struct pb_msg m_core_PodSpec = {"PodSpec", f_core_PodSpec, AK_ARRAY_LEN(f_core_PodSpec)};

static const struct pb_field f_core_PodCondition[] = {
    {1, "type", PB_STRING, 0, NULL},
    {2, "status", PB_STRING, 0, NULL},
    {3, "lastProbeTime", PB_TIME, 0, NULL},
    {4, "lastTransitionTime", PB_TIME, 0, NULL},
    {5, "reason", PB_STRING, 0, NULL},
    {6, "message", PB_STRING, 0, NULL},
    {7, "observedGeneration", PB_INT64, 0, NULL},
};
static const struct pb_msg m_core_PodCondition = {"PodCondition", f_core_PodCondition, AK_ARRAY_LEN(f_core_PodCondition)};

static const struct pb_field f_core_HostIP[] = {
    {1, "ip", PB_STRING, 0, NULL},
};
static const struct pb_msg m_core_HostIP = {"HostIP", f_core_HostIP, AK_ARRAY_LEN(f_core_HostIP)};

static const struct pb_field f_core_PodIP[] = {
    {1, "ip", PB_STRING, 0, NULL},
};
static const struct pb_msg m_core_PodIP = {"PodIP", f_core_PodIP, AK_ARRAY_LEN(f_core_PodIP)};

static const struct pb_field f_core_ContainerStateWaiting[] = {
    {1, "reason", PB_STRING, 0, NULL},
    {2, "message", PB_STRING, 0, NULL},
};
static const struct pb_msg m_core_ContainerStateWaiting = {"ContainerStateWaiting", f_core_ContainerStateWaiting, AK_ARRAY_LEN(f_core_ContainerStateWaiting)};

static const struct pb_field f_core_ContainerStateRunning[] = {
    {1, "startedAt", PB_TIME, 0, NULL},
};
static const struct pb_msg m_core_ContainerStateRunning = {"ContainerStateRunning", f_core_ContainerStateRunning, AK_ARRAY_LEN(f_core_ContainerStateRunning)};

static const struct pb_field f_core_ContainerStateTerminated[] = {
    {1, "exitCode", PB_INT32, 0, NULL},
    {2, "signal", PB_INT32, 0, NULL},
    {3, "reason", PB_STRING, 0, NULL},
    {4, "message", PB_STRING, 0, NULL},
    {5, "startedAt", PB_TIME, 0, NULL},
    {6, "finishedAt", PB_TIME, 0, NULL},
    {7, "containerID", PB_STRING, 0, NULL},
};
static const struct pb_msg m_core_ContainerStateTerminated = {"ContainerStateTerminated", f_core_ContainerStateTerminated, AK_ARRAY_LEN(f_core_ContainerStateTerminated)};

static const struct pb_field f_core_ContainerState[] = {
    {1, "waiting", PB_MSG, PB_F_PTR, &m_core_ContainerStateWaiting},
    {2, "running", PB_MSG, PB_F_PTR, &m_core_ContainerStateRunning},
    {3, "terminated", PB_MSG, PB_F_PTR, &m_core_ContainerStateTerminated},
};
static const struct pb_msg m_core_ContainerState = {"ContainerState", f_core_ContainerState, AK_ARRAY_LEN(f_core_ContainerState)};

static const struct pb_field f_core_ImageVolumeStatus[] = {
    {1, "imageRef", PB_STRING, 0, NULL},
};
static const struct pb_msg m_core_ImageVolumeStatus = {"ImageVolumeStatus", f_core_ImageVolumeStatus, AK_ARRAY_LEN(f_core_ImageVolumeStatus)};

static const struct pb_field f_core_VolumeStatus[] = {
    {1, "image", PB_MSG, PB_F_PTR, &m_core_ImageVolumeStatus},
};
static const struct pb_msg m_core_VolumeStatus = {"VolumeStatus", f_core_VolumeStatus, AK_ARRAY_LEN(f_core_VolumeStatus)};

static const struct pb_field f_core_VolumeMountStatus[] = {
    {1, "name", PB_STRING, 0, NULL},
    {2, "mountPath", PB_STRING, 0, NULL},
    {3, "readOnly", PB_BOOL, 0, NULL},
    {4, "recursiveReadOnly", PB_STRING, PB_F_PTR, NULL},
    {5, "volumeStatus", PB_MSG, PB_F_PTR, &m_core_VolumeStatus},
};
static const struct pb_msg m_core_VolumeMountStatus = {"VolumeMountStatus", f_core_VolumeMountStatus, AK_ARRAY_LEN(f_core_VolumeMountStatus)};

static const struct pb_field f_core_LinuxContainerUser[] = {
    {1, "uid", PB_INT64, 0, NULL},
    {2, "gid", PB_INT64, 0, NULL},
    {3, "supplementalGroups", PB_INT64, PB_F_REP, NULL},
};
static const struct pb_msg m_core_LinuxContainerUser = {"LinuxContainerUser", f_core_LinuxContainerUser, AK_ARRAY_LEN(f_core_LinuxContainerUser)};

static const struct pb_field f_core_ContainerUser[] = {
    {1, "linux", PB_MSG, PB_F_PTR, &m_core_LinuxContainerUser},
};
static const struct pb_msg m_core_ContainerUser = {"ContainerUser", f_core_ContainerUser, AK_ARRAY_LEN(f_core_ContainerUser)};

static const struct pb_field f_core_ResourceHealth[] = {
    {1, "resourceID", PB_STRING, 0, NULL},
    {2, "health", PB_STRING, 0, NULL},
    {6, "message", PB_STRING, PB_F_PTR, NULL},
};
static const struct pb_msg m_core_ResourceHealth = {"ResourceHealth", f_core_ResourceHealth, AK_ARRAY_LEN(f_core_ResourceHealth)};

static const struct pb_field f_core_ResourceStatus[] = {
    {1, "name", PB_STRING, 0, NULL},
    {2, "resources", PB_MSG, PB_F_REP, &m_core_ResourceHealth},
};
static const struct pb_msg m_core_ResourceStatus = {"ResourceStatus", f_core_ResourceStatus, AK_ARRAY_LEN(f_core_ResourceStatus)};

static const struct pb_field f_core_ContainerStatus[] = {
    {1, "name", PB_STRING, 0, NULL},
    {2, "state", PB_MSG, 0, &m_core_ContainerState},
    {3, "lastState", PB_MSG, 0, &m_core_ContainerState},
    {4, "ready", PB_BOOL, 0, NULL},
    {5, "restartCount", PB_INT32, 0, NULL},
    {6, "image", PB_STRING, 0, NULL},
    {7, "imageID", PB_STRING, 0, NULL},
    {8, "containerID", PB_STRING, 0, NULL},
    {9, "started", PB_BOOL, PB_F_PTR, NULL},
    {10, "allocatedResources", PB_QUANTITY, PB_F_MAP, NULL},
    {11, "resources", PB_MSG, PB_F_PTR, &m_core_ResourceRequirements},
    {12, "volumeMounts", PB_MSG, PB_F_REP, &m_core_VolumeMountStatus},
    {13, "user", PB_MSG, PB_F_PTR, &m_core_ContainerUser},
    {14, "allocatedResourcesStatus", PB_MSG, PB_F_REP, &m_core_ResourceStatus},
    {15, "stopSignal", PB_STRING, PB_F_PTR, NULL},
};
static const struct pb_msg m_core_ContainerStatus = {"ContainerStatus", f_core_ContainerStatus, AK_ARRAY_LEN(f_core_ContainerStatus)};

static const struct pb_field f_core_PodResourceClaimStatus[] = {
    {1, "name", PB_STRING, 0, NULL},
    {2, "resourceClaimName", PB_STRING, PB_F_PTR, NULL},
};
static const struct pb_msg m_core_PodResourceClaimStatus = {"PodResourceClaimStatus", f_core_PodResourceClaimStatus, AK_ARRAY_LEN(f_core_PodResourceClaimStatus)};

static const struct pb_field f_core_ContainerExtendedResourceRequest[] = {
    {1, "containerName", PB_STRING, 0, NULL},
    {2, "resourceName", PB_STRING, 0, NULL},
    {3, "requestName", PB_STRING, 0, NULL},
};
static const struct pb_msg m_core_ContainerExtendedResourceRequest = {"ContainerExtendedResourceRequest", f_core_ContainerExtendedResourceRequest, AK_ARRAY_LEN(f_core_ContainerExtendedResourceRequest)};

static const struct pb_field f_core_PodExtendedResourceClaimStatus[] = {
    {1, "requestMappings", PB_MSG, PB_F_REP, &m_core_ContainerExtendedResourceRequest},
    {2, "resourceClaimName", PB_STRING, 0, NULL},
};
static const struct pb_msg m_core_PodExtendedResourceClaimStatus = {"PodExtendedResourceClaimStatus", f_core_PodExtendedResourceClaimStatus, AK_ARRAY_LEN(f_core_PodExtendedResourceClaimStatus)};

static const struct pb_field f_core_NodeAllocatableResourceClaimStatus[] = {
    {1, "resourceClaimName", PB_STRING, 0, NULL},
    {2, "containers", PB_STRING, PB_F_REP, NULL},
    {3, "resources", PB_QUANTITY, PB_F_MAP, NULL},
};
static const struct pb_msg m_core_NodeAllocatableResourceClaimStatus = {"NodeAllocatableResourceClaimStatus", f_core_NodeAllocatableResourceClaimStatus, AK_ARRAY_LEN(f_core_NodeAllocatableResourceClaimStatus)};

static const struct pb_field f_core_PodStatus[] = {
    {1, "phase", PB_STRING, 0, NULL},
    {2, "conditions", PB_MSG, PB_F_REP, &m_core_PodCondition},
    {3, "message", PB_STRING, 0, NULL},
    {4, "reason", PB_STRING, 0, NULL},
    {5, "hostIP", PB_STRING, 0, NULL},
    {6, "podIP", PB_STRING, 0, NULL},
    {7, "startTime", PB_TIME, PB_F_PTR, NULL},
    {8, "containerStatuses", PB_MSG, PB_F_REP, &m_core_ContainerStatus},
    {9, "qosClass", PB_STRING, 0, NULL},
    {10, "initContainerStatuses", PB_MSG, PB_F_REP, &m_core_ContainerStatus},
    {11, "nominatedNodeName", PB_STRING, 0, NULL},
    {12, "podIPs", PB_MSG, PB_F_REP, &m_core_PodIP},
    {13, "ephemeralContainerStatuses", PB_MSG, PB_F_REP, &m_core_ContainerStatus},
    {14, "resize", PB_STRING, 0, NULL},
    {15, "resourceClaimStatuses", PB_MSG, PB_F_REP, &m_core_PodResourceClaimStatus},
    {16, "hostIPs", PB_MSG, PB_F_REP, &m_core_HostIP},
    {17, "observedGeneration", PB_INT64, 0, NULL},
    {18, "extendedResourceClaimStatus", PB_MSG, PB_F_PTR, &m_core_PodExtendedResourceClaimStatus},
    {19, "allocatedResources", PB_QUANTITY, PB_F_MAP, NULL},
    {20, "resources", PB_MSG, PB_F_PTR, &m_core_ResourceRequirements},
    {21, "nodeAllocatableResourceClaimStatuses", PB_MSG, PB_F_REP, &m_core_NodeAllocatableResourceClaimStatus},
};
static const struct pb_msg m_core_PodStatus = {"PodStatus", f_core_PodStatus, AK_ARRAY_LEN(f_core_PodStatus)};

static const struct pb_field f_core_Pod[] = {
    {1, "metadata", PB_MSG, 0, &m_meta_ObjectMeta},
    {2, "spec", PB_MSG, 0, &m_core_PodSpec},
    {3, "status", PB_MSG, 0, &m_core_PodStatus},
};
static const struct pb_msg m_core_Pod = {"Pod", f_core_Pod, AK_ARRAY_LEN(f_core_Pod)};

static const struct pb_field f_core_Taint[] = {
    {1, "key", PB_STRING, 0, NULL},
    {2, "value", PB_STRING, 0, NULL},
    {3, "effect", PB_STRING, 0, NULL},
    {4, "timeAdded", PB_TIME, PB_F_PTR, NULL},
};
static const struct pb_msg m_core_Taint = {"Taint", f_core_Taint, AK_ARRAY_LEN(f_core_Taint)};

static const struct pb_field f_core_ConfigMapNodeConfigSource[] = {
    {1, "namespace", PB_STRING, 0, NULL},
    {2, "name", PB_STRING, 0, NULL},
    {3, "uid", PB_STRING, 0, NULL},
    {4, "resourceVersion", PB_STRING, 0, NULL},
    {5, "kubeletConfigKey", PB_STRING, 0, NULL},
};
static const struct pb_msg m_core_ConfigMapNodeConfigSource = {"ConfigMapNodeConfigSource", f_core_ConfigMapNodeConfigSource, AK_ARRAY_LEN(f_core_ConfigMapNodeConfigSource)};

static const struct pb_field f_core_NodeConfigSource[] = {
    {2, "configMap", PB_MSG, PB_F_PTR, &m_core_ConfigMapNodeConfigSource},
};
static const struct pb_msg m_core_NodeConfigSource = {"NodeConfigSource", f_core_NodeConfigSource, AK_ARRAY_LEN(f_core_NodeConfigSource)};

static const struct pb_field f_core_NodeSpec[] = {
    {1, "podCIDR", PB_STRING, 0, NULL},
    {2, "externalID", PB_STRING, 0, NULL},
    {3, "providerID", PB_STRING, 0, NULL},
    {4, "unschedulable", PB_BOOL, 0, NULL},
    {5, "taints", PB_MSG, PB_F_REP, &m_core_Taint},
    {6, "configSource", PB_MSG, PB_F_PTR, &m_core_NodeConfigSource},
    {7, "podCIDRs", PB_STRING, PB_F_REP, NULL},
};
static const struct pb_msg m_core_NodeSpec = {"NodeSpec", f_core_NodeSpec, AK_ARRAY_LEN(f_core_NodeSpec)};

static const struct pb_field f_core_NodeCondition[] = {
    {1, "type", PB_STRING, 0, NULL},
    {2, "status", PB_STRING, 0, NULL},
    {3, "lastHeartbeatTime", PB_TIME, 0, NULL},
    {4, "lastTransitionTime", PB_TIME, 0, NULL},
    {5, "reason", PB_STRING, 0, NULL},
    {6, "message", PB_STRING, 0, NULL},
};
static const struct pb_msg m_core_NodeCondition = {"NodeCondition", f_core_NodeCondition, AK_ARRAY_LEN(f_core_NodeCondition)};

static const struct pb_field f_core_NodeAddress[] = {
    {1, "type", PB_STRING, 0, NULL},
    {2, "address", PB_STRING, 0, NULL},
};
static const struct pb_msg m_core_NodeAddress = {"NodeAddress", f_core_NodeAddress, AK_ARRAY_LEN(f_core_NodeAddress)};

static const struct pb_field f_core_DaemonEndpoint[] = {
    {1, "Port", PB_INT32, 0, NULL},
};
static const struct pb_msg m_core_DaemonEndpoint = {"DaemonEndpoint", f_core_DaemonEndpoint, AK_ARRAY_LEN(f_core_DaemonEndpoint)};

static const struct pb_field f_core_NodeDaemonEndpoints[] = {
    {1, "kubeletEndpoint", PB_MSG, 0, &m_core_DaemonEndpoint},
};
static const struct pb_msg m_core_NodeDaemonEndpoints = {"NodeDaemonEndpoints", f_core_NodeDaemonEndpoints, AK_ARRAY_LEN(f_core_NodeDaemonEndpoints)};

static const struct pb_field f_core_NodeSwapStatus[] = {
    {1, "capacity", PB_INT64, PB_F_PTR, NULL},
};
static const struct pb_msg m_core_NodeSwapStatus = {"NodeSwapStatus", f_core_NodeSwapStatus, AK_ARRAY_LEN(f_core_NodeSwapStatus)};

static const struct pb_field f_core_NodeSystemInfo[] = {
    {1, "machineID", PB_STRING, 0, NULL},
    {2, "systemUUID", PB_STRING, 0, NULL},
    {3, "bootID", PB_STRING, 0, NULL},
    {4, "kernelVersion", PB_STRING, 0, NULL},
    {5, "osImage", PB_STRING, 0, NULL},
    {6, "containerRuntimeVersion", PB_STRING, 0, NULL},
    {7, "kubeletVersion", PB_STRING, 0, NULL},
    {8, "kubeProxyVersion", PB_STRING, 0, NULL},
    {9, "operatingSystem", PB_STRING, 0, NULL},
    {10, "architecture", PB_STRING, 0, NULL},
    {11, "swap", PB_MSG, PB_F_PTR, &m_core_NodeSwapStatus},
};
static const struct pb_msg m_core_NodeSystemInfo = {"NodeSystemInfo", f_core_NodeSystemInfo, AK_ARRAY_LEN(f_core_NodeSystemInfo)};

static const struct pb_field f_core_ContainerImage[] = {
    {1, "names", PB_STRING, PB_F_REP, NULL},
    {2, "sizeBytes", PB_INT64, 0, NULL},
};
static const struct pb_msg m_core_ContainerImage = {"ContainerImage", f_core_ContainerImage, AK_ARRAY_LEN(f_core_ContainerImage)};

static const struct pb_field f_core_AttachedVolume[] = {
    {1, "name", PB_STRING, 0, NULL},
    {2, "devicePath", PB_STRING, 0, NULL},
};
static const struct pb_msg m_core_AttachedVolume = {"AttachedVolume", f_core_AttachedVolume, AK_ARRAY_LEN(f_core_AttachedVolume)};

static const struct pb_field f_core_NodeConfigStatus[] = {
    {1, "assigned", PB_MSG, PB_F_PTR, &m_core_NodeConfigSource},
    {2, "active", PB_MSG, PB_F_PTR, &m_core_NodeConfigSource},
    {3, "lastKnownGood", PB_MSG, PB_F_PTR, &m_core_NodeConfigSource},
    {4, "error", PB_STRING, 0, NULL},
};
static const struct pb_msg m_core_NodeConfigStatus = {"NodeConfigStatus", f_core_NodeConfigStatus, AK_ARRAY_LEN(f_core_NodeConfigStatus)};

static const struct pb_field f_core_NodeRuntimeHandlerFeatures[] = {
    {1, "recursiveReadOnlyMounts", PB_BOOL, PB_F_PTR, NULL},
    {2, "userNamespaces", PB_BOOL, PB_F_PTR, NULL},
};
static const struct pb_msg m_core_NodeRuntimeHandlerFeatures = {"NodeRuntimeHandlerFeatures", f_core_NodeRuntimeHandlerFeatures, AK_ARRAY_LEN(f_core_NodeRuntimeHandlerFeatures)};

static const struct pb_field f_core_NodeRuntimeHandler[] = {
    {1, "name", PB_STRING, 0, NULL},
    {2, "features", PB_MSG, PB_F_PTR, &m_core_NodeRuntimeHandlerFeatures},
};
static const struct pb_msg m_core_NodeRuntimeHandler = {"NodeRuntimeHandler", f_core_NodeRuntimeHandler, AK_ARRAY_LEN(f_core_NodeRuntimeHandler)};

static const struct pb_field f_core_NodeFeatures[] = {
    {1, "supplementalGroupsPolicy", PB_BOOL, PB_F_PTR, NULL},
};
static const struct pb_msg m_core_NodeFeatures = {"NodeFeatures", f_core_NodeFeatures, AK_ARRAY_LEN(f_core_NodeFeatures)};

static const struct pb_field f_core_NodeStatus[] = {
    {1, "capacity", PB_QUANTITY, PB_F_MAP, NULL},
    {2, "allocatable", PB_QUANTITY, PB_F_MAP, NULL},
    {3, "phase", PB_STRING, 0, NULL},
    {4, "conditions", PB_MSG, PB_F_REP, &m_core_NodeCondition},
    {5, "addresses", PB_MSG, PB_F_REP, &m_core_NodeAddress},
    {6, "daemonEndpoints", PB_MSG, 0, &m_core_NodeDaemonEndpoints},
    {7, "nodeInfo", PB_MSG, 0, &m_core_NodeSystemInfo},
    {8, "images", PB_MSG, PB_F_REP, &m_core_ContainerImage},
    {9, "volumesInUse", PB_STRING, PB_F_REP, NULL},
    {10, "volumesAttached", PB_MSG, PB_F_REP, &m_core_AttachedVolume},
    {11, "config", PB_MSG, PB_F_PTR, &m_core_NodeConfigStatus},
    {12, "runtimeHandlers", PB_MSG, PB_F_REP, &m_core_NodeRuntimeHandler},
    {13, "features", PB_MSG, PB_F_PTR, &m_core_NodeFeatures},
    {14, "declaredFeatures", PB_STRING, PB_F_REP, NULL},
};
static const struct pb_msg m_core_NodeStatus = {"NodeStatus", f_core_NodeStatus, AK_ARRAY_LEN(f_core_NodeStatus)};

static const struct pb_field f_core_Node[] = {
    {1, "metadata", PB_MSG, 0, &m_meta_ObjectMeta},
    {2, "spec", PB_MSG, 0, &m_core_NodeSpec},
    {3, "status", PB_MSG, 0, &m_core_NodeStatus},
};
static const struct pb_msg m_core_Node = {"Node", f_core_Node, AK_ARRAY_LEN(f_core_Node)};

static const struct pb_field f_core_ObjectReference[] = {
    {1, "kind", PB_STRING, 0, NULL},
    {2, "namespace", PB_STRING, 0, NULL},
    {3, "name", PB_STRING, 0, NULL},
    {4, "uid", PB_STRING, 0, NULL},
    {5, "apiVersion", PB_STRING, 0, NULL},
    {6, "resourceVersion", PB_STRING, 0, NULL},
    {7, "fieldPath", PB_STRING, 0, NULL},
};
static const struct pb_msg m_core_ObjectReference = {"ObjectReference", f_core_ObjectReference, AK_ARRAY_LEN(f_core_ObjectReference)};

static const struct pb_field f_core_EventSource[] = {
    {1, "component", PB_STRING, 0, NULL},
    {2, "host", PB_STRING, 0, NULL},
};
static const struct pb_msg m_core_EventSource = {"EventSource", f_core_EventSource, AK_ARRAY_LEN(f_core_EventSource)};

static const struct pb_field f_core_EventSeries[] = {
    {1, "count", PB_INT32, 0, NULL},
    {2, "lastObservedTime", PB_MICROTIME, 0, NULL},
};
static const struct pb_msg m_core_EventSeries = {"EventSeries", f_core_EventSeries, AK_ARRAY_LEN(f_core_EventSeries)};

static const struct pb_field f_core_Event[] = {
    {1, "metadata", PB_MSG, 0, &m_meta_ObjectMeta},
    {2, "involvedObject", PB_MSG, 0, &m_core_ObjectReference},
    {3, "reason", PB_STRING, 0, NULL},
    {4, "message", PB_STRING, 0, NULL},
    {5, "source", PB_MSG, 0, &m_core_EventSource},
    {6, "firstTimestamp", PB_TIME, 0, NULL},
    {7, "lastTimestamp", PB_TIME, 0, NULL},
    {8, "count", PB_INT32, 0, NULL},
    {9, "type", PB_STRING, 0, NULL},
    {10, "eventTime", PB_MICROTIME, 0, NULL},
    {11, "series", PB_MSG, PB_F_PTR, &m_core_EventSeries},
    {12, "action", PB_STRING, 0, NULL},
    {13, "related", PB_MSG, PB_F_PTR, &m_core_ObjectReference},
    {14, "reportingComponent", PB_STRING, 0, NULL},
    {15, "reportingInstance", PB_STRING, 0, NULL},
};
static const struct pb_msg m_core_Event = {"Event", f_core_Event, AK_ARRAY_LEN(f_core_Event)};

static const struct pb_field f_core_ServicePort[] = {
    {1, "name", PB_STRING, 0, NULL},
    {2, "protocol", PB_STRING, 0, NULL},
    {3, "port", PB_INT32, 0, NULL},
    {4, "targetPort", PB_INTSTR, 0, NULL},
    {5, "nodePort", PB_INT32, 0, NULL},
    {6, "appProtocol", PB_STRING, PB_F_PTR, NULL},
};
static const struct pb_msg m_core_ServicePort = {"ServicePort", f_core_ServicePort, AK_ARRAY_LEN(f_core_ServicePort)};

static const struct pb_field f_core_ClientIPConfig[] = {
    {1, "timeoutSeconds", PB_INT32, PB_F_PTR, NULL},
};
static const struct pb_msg m_core_ClientIPConfig = {"ClientIPConfig", f_core_ClientIPConfig, AK_ARRAY_LEN(f_core_ClientIPConfig)};

static const struct pb_field f_core_SessionAffinityConfig[] = {
    {1, "clientIP", PB_MSG, PB_F_PTR, &m_core_ClientIPConfig},
};
static const struct pb_msg m_core_SessionAffinityConfig = {"SessionAffinityConfig", f_core_SessionAffinityConfig, AK_ARRAY_LEN(f_core_SessionAffinityConfig)};

static const struct pb_field f_core_ServiceSpec[] = {
    {1, "ports", PB_MSG, PB_F_REP, &m_core_ServicePort},
    {2, "selector", PB_STRING, PB_F_MAP, NULL},
    {3, "clusterIP", PB_STRING, 0, NULL},
    {4, "type", PB_STRING, 0, NULL},
    {5, "externalIPs", PB_STRING, PB_F_REP, NULL},
    {7, "sessionAffinity", PB_STRING, 0, NULL},
    {8, "loadBalancerIP", PB_STRING, 0, NULL},
    {9, "loadBalancerSourceRanges", PB_STRING, PB_F_REP, NULL},
    {10, "externalName", PB_STRING, 0, NULL},
    {11, "externalTrafficPolicy", PB_STRING, 0, NULL},
    {12, "healthCheckNodePort", PB_INT32, 0, NULL},
    {13, "publishNotReadyAddresses", PB_BOOL, 0, NULL},
    {14, "sessionAffinityConfig", PB_MSG, PB_F_PTR, &m_core_SessionAffinityConfig},
    {17, "ipFamilyPolicy", PB_STRING, PB_F_PTR, NULL},
    {18, "clusterIPs", PB_STRING, PB_F_REP, NULL},
    {19, "ipFamilies", PB_STRING, PB_F_REP, NULL},
    {20, "allocateLoadBalancerNodePorts", PB_BOOL, PB_F_PTR, NULL},
    {21, "loadBalancerClass", PB_STRING, PB_F_PTR, NULL},
    {22, "internalTrafficPolicy", PB_STRING, PB_F_PTR, NULL},
    {23, "trafficDistribution", PB_STRING, PB_F_PTR, NULL},
};
static const struct pb_msg m_core_ServiceSpec = {"ServiceSpec", f_core_ServiceSpec, AK_ARRAY_LEN(f_core_ServiceSpec)};

static const struct pb_field f_core_PortStatus[] = {
    {1, "port", PB_INT32, 0, NULL},
    {2, "protocol", PB_STRING, 0, NULL},
    {3, "error", PB_STRING, PB_F_PTR, NULL},
};
static const struct pb_msg m_core_PortStatus = {"PortStatus", f_core_PortStatus, AK_ARRAY_LEN(f_core_PortStatus)};

static const struct pb_field f_core_LoadBalancerIngress[] = {
    {1, "ip", PB_STRING, 0, NULL},
    {2, "hostname", PB_STRING, 0, NULL},
    {3, "ipMode", PB_STRING, PB_F_PTR, NULL},
    {4, "ports", PB_MSG, PB_F_REP, &m_core_PortStatus},
};
static const struct pb_msg m_core_LoadBalancerIngress = {"LoadBalancerIngress", f_core_LoadBalancerIngress, AK_ARRAY_LEN(f_core_LoadBalancerIngress)};

static const struct pb_field f_core_LoadBalancerStatus[] = {
    {1, "ingress", PB_MSG, PB_F_REP, &m_core_LoadBalancerIngress},
};
static const struct pb_msg m_core_LoadBalancerStatus = {"LoadBalancerStatus", f_core_LoadBalancerStatus, AK_ARRAY_LEN(f_core_LoadBalancerStatus)};

static const struct pb_field f_meta_Condition[] = {
    {1, "type", PB_STRING, 0, NULL},
    {2, "status", PB_STRING, 0, NULL},
    {3, "observedGeneration", PB_INT64, 0, NULL},
    {4, "lastTransitionTime", PB_TIME, 0, NULL},
    {5, "reason", PB_STRING, 0, NULL},
    {6, "message", PB_STRING, 0, NULL},
};
static const struct pb_msg m_meta_Condition = {"Condition", f_meta_Condition, AK_ARRAY_LEN(f_meta_Condition)};

static const struct pb_field f_core_ServiceStatus[] = {
    {1, "loadBalancer", PB_MSG, 0, &m_core_LoadBalancerStatus},
    {2, "conditions", PB_MSG, PB_F_REP, &m_meta_Condition},
};
static const struct pb_msg m_core_ServiceStatus = {"ServiceStatus", f_core_ServiceStatus, AK_ARRAY_LEN(f_core_ServiceStatus)};

static const struct pb_field f_core_Service[] = {
    {1, "metadata", PB_MSG, 0, &m_meta_ObjectMeta},
    {2, "spec", PB_MSG, 0, &m_core_ServiceSpec},
    {3, "status", PB_MSG, 0, &m_core_ServiceStatus},
};
static const struct pb_msg m_core_Service = {"Service", f_core_Service, AK_ARRAY_LEN(f_core_Service)};

static const struct pb_field f_core_ConfigMap[] = {
    {1, "metadata", PB_MSG, 0, &m_meta_ObjectMeta},
    {2, "data", PB_STRING, PB_F_MAP, NULL},
    {3, "binaryData", PB_BYTES, PB_F_MAP, NULL},
    {4, "immutable", PB_BOOL, PB_F_PTR, NULL},
};
static const struct pb_msg m_core_ConfigMap = {"ConfigMap", f_core_ConfigMap, AK_ARRAY_LEN(f_core_ConfigMap)};

static const struct pb_field f_core_Secret[] = {
    {1, "metadata", PB_MSG, 0, &m_meta_ObjectMeta},
    {2, "data", PB_BYTES, PB_F_MAP, NULL},
    {3, "type", PB_STRING, 0, NULL},
    {4, "stringData", PB_STRING, PB_F_MAP, NULL},
    {5, "immutable", PB_BOOL, PB_F_PTR, NULL},
};
static const struct pb_msg m_core_Secret = {"Secret", f_core_Secret, AK_ARRAY_LEN(f_core_Secret)};

static const struct pb_field f_core_ServiceAccount[] = {
    {1, "metadata", PB_MSG, 0, &m_meta_ObjectMeta},
    {2, "secrets", PB_MSG, PB_F_REP, &m_core_ObjectReference},
    {3, "imagePullSecrets", PB_MSG, PB_F_REP, &m_core_LocalObjectReference},
    {4, "automountServiceAccountToken", PB_BOOL, PB_F_PTR, NULL},
};
static const struct pb_msg m_core_ServiceAccount = {"ServiceAccount", f_core_ServiceAccount, AK_ARRAY_LEN(f_core_ServiceAccount)};

static const struct pb_field f_core_Binding[] = {
    {1, "metadata", PB_MSG, 0, &m_meta_ObjectMeta},
    {2, "target", PB_MSG, 0, &m_core_ObjectReference},
};
static const struct pb_msg m_core_Binding = {"Binding", f_core_Binding, AK_ARRAY_LEN(f_core_Binding)};

static const struct pb_field f_core_PodTemplateSpec[] = {
    {1, "metadata", PB_MSG, 0, &m_meta_ObjectMeta},
    {2, "spec", PB_MSG, 0, &m_core_PodSpec},
};
static const struct pb_msg m_core_PodTemplateSpec = {"PodTemplateSpec", f_core_PodTemplateSpec, AK_ARRAY_LEN(f_core_PodTemplateSpec)};

static const struct pb_field f_core_PodTemplate[] = {
    {1, "metadata", PB_MSG, 0, &m_meta_ObjectMeta},
    {2, "template", PB_MSG, 0, &m_core_PodTemplateSpec},
};
static const struct pb_msg m_core_PodTemplate = {"PodTemplate", f_core_PodTemplate, AK_ARRAY_LEN(f_core_PodTemplate)};

static const struct pb_field f_core_ReplicationControllerSpec[] = {
    {1, "replicas", PB_INT32, PB_F_PTR, NULL},
    {2, "selector", PB_STRING, PB_F_MAP, NULL},
    {3, "template", PB_MSG, PB_F_PTR, &m_core_PodTemplateSpec},
    {4, "minReadySeconds", PB_INT32, 0, NULL},
};
static const struct pb_msg m_core_ReplicationControllerSpec = {"ReplicationControllerSpec", f_core_ReplicationControllerSpec, AK_ARRAY_LEN(f_core_ReplicationControllerSpec)};

static const struct pb_field f_core_ReplicationControllerCondition[] = {
    {1, "type", PB_STRING, 0, NULL},
    {2, "status", PB_STRING, 0, NULL},
    {3, "lastTransitionTime", PB_TIME, 0, NULL},
    {4, "reason", PB_STRING, 0, NULL},
    {5, "message", PB_STRING, 0, NULL},
};
static const struct pb_msg m_core_ReplicationControllerCondition = {"ReplicationControllerCondition", f_core_ReplicationControllerCondition, AK_ARRAY_LEN(f_core_ReplicationControllerCondition)};

static const struct pb_field f_core_ReplicationControllerStatus[] = {
    {1, "replicas", PB_INT32, 0, NULL},
    {2, "fullyLabeledReplicas", PB_INT32, 0, NULL},
    {3, "observedGeneration", PB_INT64, 0, NULL},
    {4, "readyReplicas", PB_INT32, 0, NULL},
    {5, "availableReplicas", PB_INT32, 0, NULL},
    {6, "conditions", PB_MSG, PB_F_REP, &m_core_ReplicationControllerCondition},
};
static const struct pb_msg m_core_ReplicationControllerStatus = {"ReplicationControllerStatus", f_core_ReplicationControllerStatus, AK_ARRAY_LEN(f_core_ReplicationControllerStatus)};

static const struct pb_field f_core_ReplicationController[] = {
    {1, "metadata", PB_MSG, 0, &m_meta_ObjectMeta},
    {2, "spec", PB_MSG, 0, &m_core_ReplicationControllerSpec},
    {3, "status", PB_MSG, 0, &m_core_ReplicationControllerStatus},
};
static const struct pb_msg m_core_ReplicationController = {"ReplicationController", f_core_ReplicationController, AK_ARRAY_LEN(f_core_ReplicationController)};

static const struct pb_field f_core_PersistentVolumeClaimCondition[] = {
    {1, "type", PB_STRING, 0, NULL},
    {2, "status", PB_STRING, 0, NULL},
    {3, "lastProbeTime", PB_TIME, 0, NULL},
    {4, "lastTransitionTime", PB_TIME, 0, NULL},
    {5, "reason", PB_STRING, 0, NULL},
    {6, "message", PB_STRING, 0, NULL},
};
static const struct pb_msg m_core_PersistentVolumeClaimCondition = {"PersistentVolumeClaimCondition", f_core_PersistentVolumeClaimCondition, AK_ARRAY_LEN(f_core_PersistentVolumeClaimCondition)};

static const struct pb_field f_core_ModifyVolumeStatus[] = {
    {1, "targetVolumeAttributesClassName", PB_STRING, 0, NULL},
    {2, "status", PB_STRING, 0, NULL},
};
static const struct pb_msg m_core_ModifyVolumeStatus = {"ModifyVolumeStatus", f_core_ModifyVolumeStatus, AK_ARRAY_LEN(f_core_ModifyVolumeStatus)};

static const struct pb_field f_core_PersistentVolumeClaimStatus[] = {
    {1, "phase", PB_STRING, 0, NULL},
    {2, "accessModes", PB_STRING, PB_F_REP, NULL},
    {3, "capacity", PB_QUANTITY, PB_F_MAP, NULL},
    {4, "conditions", PB_MSG, PB_F_REP, &m_core_PersistentVolumeClaimCondition},
    {5, "allocatedResources", PB_QUANTITY, PB_F_MAP, NULL},
    {7, "allocatedResourceStatuses", PB_STRING, PB_F_MAP, NULL},
    {8, "currentVolumeAttributesClassName", PB_STRING, PB_F_PTR, NULL},
    {9, "modifyVolumeStatus", PB_MSG, PB_F_PTR, &m_core_ModifyVolumeStatus},
};
static const struct pb_msg m_core_PersistentVolumeClaimStatus = {"PersistentVolumeClaimStatus", f_core_PersistentVolumeClaimStatus, AK_ARRAY_LEN(f_core_PersistentVolumeClaimStatus)};

static const struct pb_field f_core_PersistentVolumeClaim[] = {
    {1, "metadata", PB_MSG, 0, &m_meta_ObjectMeta},
    {2, "spec", PB_MSG, 0, &m_core_PersistentVolumeClaimSpec},
    {3, "status", PB_MSG, 0, &m_core_PersistentVolumeClaimStatus},
};
static const struct pb_msg m_core_PersistentVolumeClaim = {"PersistentVolumeClaim", f_core_PersistentVolumeClaim, AK_ARRAY_LEN(f_core_PersistentVolumeClaim)};

static const struct pb_field f_meta_Preconditions[] = {
    {1, "uid", PB_STRING, PB_F_PTR, NULL},
    {2, "resourceVersion", PB_STRING, PB_F_PTR, NULL},
};
static const struct pb_msg m_meta_Preconditions = {"Preconditions", f_meta_Preconditions, AK_ARRAY_LEN(f_meta_Preconditions)};

static const struct pb_field f_meta_DeleteOptions[] = {
    {1, "gracePeriodSeconds", PB_INT64, PB_F_PTR, NULL},
    {2, "preconditions", PB_MSG, PB_F_PTR, &m_meta_Preconditions},
    {3, "orphanDependents", PB_BOOL, PB_F_PTR, NULL},
    {4, "propagationPolicy", PB_STRING, PB_F_PTR, NULL},
    {5, "dryRun", PB_STRING, PB_F_REP, NULL},
    {6, "ignoreStoreReadErrorWithClusterBreakingPotential", PB_BOOL, PB_F_PTR, NULL},
};
static const struct pb_msg m_meta_DeleteOptions = {"DeleteOptions", f_meta_DeleteOptions, AK_ARRAY_LEN(f_meta_DeleteOptions)};

static const struct pb_field f_apps_RollingUpdateDeployment[] = {
    {1, "maxUnavailable", PB_INTSTR, PB_F_PTR, NULL},
    {2, "maxSurge", PB_INTSTR, PB_F_PTR, NULL},
};
static const struct pb_msg m_apps_RollingUpdateDeployment = {"RollingUpdateDeployment", f_apps_RollingUpdateDeployment, AK_ARRAY_LEN(f_apps_RollingUpdateDeployment)};

static const struct pb_field f_apps_DeploymentStrategy[] = {
    {1, "type", PB_STRING, 0, NULL},
    {2, "rollingUpdate", PB_MSG, PB_F_PTR, &m_apps_RollingUpdateDeployment},
};
static const struct pb_msg m_apps_DeploymentStrategy = {"DeploymentStrategy", f_apps_DeploymentStrategy, AK_ARRAY_LEN(f_apps_DeploymentStrategy)};

static const struct pb_field f_apps_DeploymentSpec[] = {
    {1, "replicas", PB_INT32, PB_F_PTR, NULL},
    {2, "selector", PB_MSG, PB_F_PTR, &m_meta_LabelSelector},
    {3, "template", PB_MSG, 0, &m_core_PodTemplateSpec},
    {4, "strategy", PB_MSG, 0, &m_apps_DeploymentStrategy},
    {5, "minReadySeconds", PB_INT32, 0, NULL},
    {6, "revisionHistoryLimit", PB_INT32, PB_F_PTR, NULL},
    {7, "paused", PB_BOOL, 0, NULL},
    {9, "progressDeadlineSeconds", PB_INT32, PB_F_PTR, NULL},
};
static const struct pb_msg m_apps_DeploymentSpec = {"DeploymentSpec", f_apps_DeploymentSpec, AK_ARRAY_LEN(f_apps_DeploymentSpec)};

static const struct pb_field f_apps_DeploymentCondition[] = {
    {1, "type", PB_STRING, 0, NULL},
    {2, "status", PB_STRING, 0, NULL},
    {4, "reason", PB_STRING, 0, NULL},
    {5, "message", PB_STRING, 0, NULL},
    {6, "lastUpdateTime", PB_TIME, 0, NULL},
    {7, "lastTransitionTime", PB_TIME, 0, NULL},
};
static const struct pb_msg m_apps_DeploymentCondition = {"DeploymentCondition", f_apps_DeploymentCondition, AK_ARRAY_LEN(f_apps_DeploymentCondition)};

static const struct pb_field f_apps_DeploymentStatus[] = {
    {1, "observedGeneration", PB_INT64, 0, NULL},
    {2, "replicas", PB_INT32, 0, NULL},
    {3, "updatedReplicas", PB_INT32, 0, NULL},
    {4, "availableReplicas", PB_INT32, 0, NULL},
    {5, "unavailableReplicas", PB_INT32, 0, NULL},
    {6, "conditions", PB_MSG, PB_F_REP, &m_apps_DeploymentCondition},
    {7, "readyReplicas", PB_INT32, 0, NULL},
    {8, "collisionCount", PB_INT32, PB_F_PTR, NULL},
    {9, "terminatingReplicas", PB_INT32, PB_F_PTR, NULL},
};
static const struct pb_msg m_apps_DeploymentStatus = {"DeploymentStatus", f_apps_DeploymentStatus, AK_ARRAY_LEN(f_apps_DeploymentStatus)};

static const struct pb_field f_apps_Deployment[] = {
    {1, "metadata", PB_MSG, 0, &m_meta_ObjectMeta},
    {2, "spec", PB_MSG, 0, &m_apps_DeploymentSpec},
    {3, "status", PB_MSG, 0, &m_apps_DeploymentStatus},
};
static const struct pb_msg m_apps_Deployment = {"Deployment", f_apps_Deployment, AK_ARRAY_LEN(f_apps_Deployment)};

static const struct pb_field f_apps_ReplicaSetSpec[] = {
    {1, "replicas", PB_INT32, PB_F_PTR, NULL},
    {2, "selector", PB_MSG, PB_F_PTR, &m_meta_LabelSelector},
    {3, "template", PB_MSG, 0, &m_core_PodTemplateSpec},
    {4, "minReadySeconds", PB_INT32, 0, NULL},
};
static const struct pb_msg m_apps_ReplicaSetSpec = {"ReplicaSetSpec", f_apps_ReplicaSetSpec, AK_ARRAY_LEN(f_apps_ReplicaSetSpec)};

static const struct pb_field f_apps_ReplicaSetCondition[] = {
    {1, "type", PB_STRING, 0, NULL},
    {2, "status", PB_STRING, 0, NULL},
    {3, "lastTransitionTime", PB_TIME, 0, NULL},
    {4, "reason", PB_STRING, 0, NULL},
    {5, "message", PB_STRING, 0, NULL},
};
static const struct pb_msg m_apps_ReplicaSetCondition = {"ReplicaSetCondition", f_apps_ReplicaSetCondition, AK_ARRAY_LEN(f_apps_ReplicaSetCondition)};

static const struct pb_field f_apps_ReplicaSetStatus[] = {
    {1, "replicas", PB_INT32, 0, NULL},
    {2, "fullyLabeledReplicas", PB_INT32, 0, NULL},
    {3, "observedGeneration", PB_INT64, 0, NULL},
    {4, "readyReplicas", PB_INT32, 0, NULL},
    {5, "availableReplicas", PB_INT32, 0, NULL},
    {6, "conditions", PB_MSG, PB_F_REP, &m_apps_ReplicaSetCondition},
    {7, "terminatingReplicas", PB_INT32, PB_F_PTR, NULL},
};
static const struct pb_msg m_apps_ReplicaSetStatus = {"ReplicaSetStatus", f_apps_ReplicaSetStatus, AK_ARRAY_LEN(f_apps_ReplicaSetStatus)};

static const struct pb_field f_apps_ReplicaSet[] = {
    {1, "metadata", PB_MSG, 0, &m_meta_ObjectMeta},
    {2, "spec", PB_MSG, 0, &m_apps_ReplicaSetSpec},
    {3, "status", PB_MSG, 0, &m_apps_ReplicaSetStatus},
};
static const struct pb_msg m_apps_ReplicaSet = {"ReplicaSet", f_apps_ReplicaSet, AK_ARRAY_LEN(f_apps_ReplicaSet)};

static const struct pb_field f_apps_RollingUpdateDaemonSet[] = {
    {1, "maxUnavailable", PB_INTSTR, PB_F_PTR, NULL},
    {2, "maxSurge", PB_INTSTR, PB_F_PTR, NULL},
};
static const struct pb_msg m_apps_RollingUpdateDaemonSet = {"RollingUpdateDaemonSet", f_apps_RollingUpdateDaemonSet, AK_ARRAY_LEN(f_apps_RollingUpdateDaemonSet)};

static const struct pb_field f_apps_DaemonSetUpdateStrategy[] = {
    {1, "type", PB_STRING, 0, NULL},
    {2, "rollingUpdate", PB_MSG, PB_F_PTR, &m_apps_RollingUpdateDaemonSet},
};
static const struct pb_msg m_apps_DaemonSetUpdateStrategy = {"DaemonSetUpdateStrategy", f_apps_DaemonSetUpdateStrategy, AK_ARRAY_LEN(f_apps_DaemonSetUpdateStrategy)};

static const struct pb_field f_apps_DaemonSetSpec[] = {
    {1, "selector", PB_MSG, PB_F_PTR, &m_meta_LabelSelector},
    {2, "template", PB_MSG, 0, &m_core_PodTemplateSpec},
    {3, "updateStrategy", PB_MSG, 0, &m_apps_DaemonSetUpdateStrategy},
    {4, "minReadySeconds", PB_INT32, 0, NULL},
    {6, "revisionHistoryLimit", PB_INT32, PB_F_PTR, NULL},
};
static const struct pb_msg m_apps_DaemonSetSpec = {"DaemonSetSpec", f_apps_DaemonSetSpec, AK_ARRAY_LEN(f_apps_DaemonSetSpec)};

static const struct pb_field f_apps_DaemonSetCondition[] = {
    {1, "type", PB_STRING, 0, NULL},
    {2, "status", PB_STRING, 0, NULL},
    {3, "lastTransitionTime", PB_TIME, 0, NULL},
    {4, "reason", PB_STRING, 0, NULL},
    {5, "message", PB_STRING, 0, NULL},
};
static const struct pb_msg m_apps_DaemonSetCondition = {"DaemonSetCondition", f_apps_DaemonSetCondition, AK_ARRAY_LEN(f_apps_DaemonSetCondition)};

static const struct pb_field f_apps_DaemonSetStatus[] = {
    {1, "currentNumberScheduled", PB_INT32, 0, NULL},
    {2, "numberMisscheduled", PB_INT32, 0, NULL},
    {3, "desiredNumberScheduled", PB_INT32, 0, NULL},
    {4, "numberReady", PB_INT32, 0, NULL},
    {5, "observedGeneration", PB_INT64, 0, NULL},
    {6, "updatedNumberScheduled", PB_INT32, 0, NULL},
    {7, "numberAvailable", PB_INT32, 0, NULL},
    {8, "numberUnavailable", PB_INT32, 0, NULL},
    {9, "collisionCount", PB_INT32, PB_F_PTR, NULL},
    {10, "conditions", PB_MSG, PB_F_REP, &m_apps_DaemonSetCondition},
};
static const struct pb_msg m_apps_DaemonSetStatus = {"DaemonSetStatus", f_apps_DaemonSetStatus, AK_ARRAY_LEN(f_apps_DaemonSetStatus)};

static const struct pb_field f_apps_DaemonSet[] = {
    {1, "metadata", PB_MSG, 0, &m_meta_ObjectMeta},
    {2, "spec", PB_MSG, 0, &m_apps_DaemonSetSpec},
    {3, "status", PB_MSG, 0, &m_apps_DaemonSetStatus},
};
static const struct pb_msg m_apps_DaemonSet = {"DaemonSet", f_apps_DaemonSet, AK_ARRAY_LEN(f_apps_DaemonSet)};

static const struct pb_field f_apps_RollingUpdateStatefulSetStrategy[] = {
    {1, "partition", PB_INT32, PB_F_PTR, NULL},
    {2, "maxUnavailable", PB_INTSTR, PB_F_PTR, NULL},
};
static const struct pb_msg m_apps_RollingUpdateStatefulSetStrategy = {"RollingUpdateStatefulSetStrategy", f_apps_RollingUpdateStatefulSetStrategy, AK_ARRAY_LEN(f_apps_RollingUpdateStatefulSetStrategy)};

static const struct pb_field f_apps_StatefulSetUpdateStrategy[] = {
    {1, "type", PB_STRING, 0, NULL},
    {2, "rollingUpdate", PB_MSG, PB_F_PTR, &m_apps_RollingUpdateStatefulSetStrategy},
};
static const struct pb_msg m_apps_StatefulSetUpdateStrategy = {"StatefulSetUpdateStrategy", f_apps_StatefulSetUpdateStrategy, AK_ARRAY_LEN(f_apps_StatefulSetUpdateStrategy)};

static const struct pb_field f_apps_StatefulSetPersistentVolumeClaimRetentionPolicy[] = {
    {1, "whenDeleted", PB_STRING, 0, NULL},
    {2, "whenScaled", PB_STRING, 0, NULL},
};
static const struct pb_msg m_apps_StatefulSetPersistentVolumeClaimRetentionPolicy = {"StatefulSetPersistentVolumeClaimRetentionPolicy", f_apps_StatefulSetPersistentVolumeClaimRetentionPolicy, AK_ARRAY_LEN(f_apps_StatefulSetPersistentVolumeClaimRetentionPolicy)};

static const struct pb_field f_apps_StatefulSetOrdinals[] = {
    {1, "start", PB_INT32, 0, NULL},
};
static const struct pb_msg m_apps_StatefulSetOrdinals = {"StatefulSetOrdinals", f_apps_StatefulSetOrdinals, AK_ARRAY_LEN(f_apps_StatefulSetOrdinals)};

static const struct pb_field f_apps_StatefulSetSpec[] = {
    {1, "replicas", PB_INT32, PB_F_PTR, NULL},
    {2, "selector", PB_MSG, PB_F_PTR, &m_meta_LabelSelector},
    {3, "template", PB_MSG, 0, &m_core_PodTemplateSpec},
    {4, "volumeClaimTemplates", PB_MSG, PB_F_REP, &m_core_PersistentVolumeClaim},
    {5, "serviceName", PB_STRING, 0, NULL},
    {6, "podManagementPolicy", PB_STRING, 0, NULL},
    {7, "updateStrategy", PB_MSG, 0, &m_apps_StatefulSetUpdateStrategy},
    {8, "revisionHistoryLimit", PB_INT32, PB_F_PTR, NULL},
    {9, "minReadySeconds", PB_INT32, 0, NULL},
    {10, "persistentVolumeClaimRetentionPolicy", PB_MSG, PB_F_PTR, &m_apps_StatefulSetPersistentVolumeClaimRetentionPolicy},
    {11, "ordinals", PB_MSG, PB_F_PTR, &m_apps_StatefulSetOrdinals},
};
static const struct pb_msg m_apps_StatefulSetSpec = {"StatefulSetSpec", f_apps_StatefulSetSpec, AK_ARRAY_LEN(f_apps_StatefulSetSpec)};

static const struct pb_field f_apps_StatefulSetCondition[] = {
    {1, "type", PB_STRING, 0, NULL},
    {2, "status", PB_STRING, 0, NULL},
    {3, "lastTransitionTime", PB_TIME, 0, NULL},
    {4, "reason", PB_STRING, 0, NULL},
    {5, "message", PB_STRING, 0, NULL},
};
static const struct pb_msg m_apps_StatefulSetCondition = {"StatefulSetCondition", f_apps_StatefulSetCondition, AK_ARRAY_LEN(f_apps_StatefulSetCondition)};

static const struct pb_field f_apps_StatefulSetStatus[] = {
    {1, "observedGeneration", PB_INT64, 0, NULL},
    {2, "replicas", PB_INT32, 0, NULL},
    {3, "readyReplicas", PB_INT32, 0, NULL},
    {4, "currentReplicas", PB_INT32, 0, NULL},
    {5, "updatedReplicas", PB_INT32, 0, NULL},
    {6, "currentRevision", PB_STRING, 0, NULL},
    {7, "updateRevision", PB_STRING, 0, NULL},
    {9, "collisionCount", PB_INT32, PB_F_PTR, NULL},
    {10, "conditions", PB_MSG, PB_F_REP, &m_apps_StatefulSetCondition},
    {11, "availableReplicas", PB_INT32, 0, NULL},
};
static const struct pb_msg m_apps_StatefulSetStatus = {"StatefulSetStatus", f_apps_StatefulSetStatus, AK_ARRAY_LEN(f_apps_StatefulSetStatus)};

static const struct pb_field f_apps_StatefulSet[] = {
    {1, "metadata", PB_MSG, 0, &m_meta_ObjectMeta},
    {2, "spec", PB_MSG, 0, &m_apps_StatefulSetSpec},
    {3, "status", PB_MSG, 0, &m_apps_StatefulSetStatus},
};
static const struct pb_msg m_apps_StatefulSet = {"StatefulSet", f_apps_StatefulSet, AK_ARRAY_LEN(f_apps_StatefulSet)};

static const struct pb_field f_batch_PodFailurePolicyOnExitCodesRequirement[] = {
    {1, "containerName", PB_STRING, PB_F_PTR, NULL},
    {2, "operator", PB_STRING, 0, NULL},
    {3, "values", PB_INT32, PB_F_REP, NULL},
};
static const struct pb_msg m_batch_PodFailurePolicyOnExitCodesRequirement = {"PodFailurePolicyOnExitCodesRequirement", f_batch_PodFailurePolicyOnExitCodesRequirement, AK_ARRAY_LEN(f_batch_PodFailurePolicyOnExitCodesRequirement)};

static const struct pb_field f_batch_PodFailurePolicyOnPodConditionsPattern[] = {
    {1, "type", PB_STRING, 0, NULL},
    {2, "status", PB_STRING, 0, NULL},
};
static const struct pb_msg m_batch_PodFailurePolicyOnPodConditionsPattern = {"PodFailurePolicyOnPodConditionsPattern", f_batch_PodFailurePolicyOnPodConditionsPattern, AK_ARRAY_LEN(f_batch_PodFailurePolicyOnPodConditionsPattern)};

static const struct pb_field f_batch_PodFailurePolicyRule[] = {
    {1, "action", PB_STRING, 0, NULL},
    {2, "onExitCodes", PB_MSG, PB_F_PTR, &m_batch_PodFailurePolicyOnExitCodesRequirement},
    {3, "onPodConditions", PB_MSG, PB_F_REP, &m_batch_PodFailurePolicyOnPodConditionsPattern},
};
static const struct pb_msg m_batch_PodFailurePolicyRule = {"PodFailurePolicyRule", f_batch_PodFailurePolicyRule, AK_ARRAY_LEN(f_batch_PodFailurePolicyRule)};

static const struct pb_field f_batch_PodFailurePolicy[] = {
    {1, "rules", PB_MSG, PB_F_REP, &m_batch_PodFailurePolicyRule},
};
static const struct pb_msg m_batch_PodFailurePolicy = {"PodFailurePolicy", f_batch_PodFailurePolicy, AK_ARRAY_LEN(f_batch_PodFailurePolicy)};

static const struct pb_field f_batch_SuccessPolicyRule[] = {
    {1, "succeededIndexes", PB_STRING, PB_F_PTR, NULL},
    {2, "succeededCount", PB_INT32, PB_F_PTR, NULL},
};
static const struct pb_msg m_batch_SuccessPolicyRule = {"SuccessPolicyRule", f_batch_SuccessPolicyRule, AK_ARRAY_LEN(f_batch_SuccessPolicyRule)};

static const struct pb_field f_batch_SuccessPolicy[] = {
    {1, "rules", PB_MSG, PB_F_REP, &m_batch_SuccessPolicyRule},
};
static const struct pb_msg m_batch_SuccessPolicy = {"SuccessPolicy", f_batch_SuccessPolicy, AK_ARRAY_LEN(f_batch_SuccessPolicy)};

static const struct pb_field f_batch_JobSpec[] = {
    {1, "parallelism", PB_INT32, PB_F_PTR, NULL},
    {2, "completions", PB_INT32, PB_F_PTR, NULL},
    {3, "activeDeadlineSeconds", PB_INT64, PB_F_PTR, NULL},
    {4, "selector", PB_MSG, PB_F_PTR, &m_meta_LabelSelector},
    {5, "manualSelector", PB_BOOL, PB_F_PTR, NULL},
    {6, "template", PB_MSG, 0, &m_core_PodTemplateSpec},
    {7, "backoffLimit", PB_INT32, PB_F_PTR, NULL},
    {8, "ttlSecondsAfterFinished", PB_INT32, PB_F_PTR, NULL},
    {9, "completionMode", PB_STRING, PB_F_PTR, NULL},
    {10, "suspend", PB_BOOL, PB_F_PTR, NULL},
    {11, "podFailurePolicy", PB_MSG, PB_F_PTR, &m_batch_PodFailurePolicy},
    {12, "backoffLimitPerIndex", PB_INT32, PB_F_PTR, NULL},
    {13, "maxFailedIndexes", PB_INT32, PB_F_PTR, NULL},
    {14, "podReplacementPolicy", PB_STRING, PB_F_PTR, NULL},
    {15, "managedBy", PB_STRING, PB_F_PTR, NULL},
    {16, "successPolicy", PB_MSG, PB_F_PTR, &m_batch_SuccessPolicy},
};
static const struct pb_msg m_batch_JobSpec = {"JobSpec", f_batch_JobSpec, AK_ARRAY_LEN(f_batch_JobSpec)};

static const struct pb_field f_batch_JobCondition[] = {
    {1, "type", PB_STRING, 0, NULL},
    {2, "status", PB_STRING, 0, NULL},
    {3, "lastProbeTime", PB_TIME, 0, NULL},
    {4, "lastTransitionTime", PB_TIME, 0, NULL},
    {5, "reason", PB_STRING, 0, NULL},
    {6, "message", PB_STRING, 0, NULL},
};
static const struct pb_msg m_batch_JobCondition = {"JobCondition", f_batch_JobCondition, AK_ARRAY_LEN(f_batch_JobCondition)};

static const struct pb_field f_batch_UncountedTerminatedPods[] = {
    {1, "succeeded", PB_STRING, PB_F_REP, NULL},
    {2, "failed", PB_STRING, PB_F_REP, NULL},
};
static const struct pb_msg m_batch_UncountedTerminatedPods = {"UncountedTerminatedPods", f_batch_UncountedTerminatedPods, AK_ARRAY_LEN(f_batch_UncountedTerminatedPods)};

static const struct pb_field f_batch_JobStatus[] = {
    {1, "conditions", PB_MSG, PB_F_REP, &m_batch_JobCondition},
    {2, "startTime", PB_TIME, PB_F_PTR, NULL},
    {3, "completionTime", PB_TIME, PB_F_PTR, NULL},
    {4, "active", PB_INT32, 0, NULL},
    {5, "succeeded", PB_INT32, 0, NULL},
    {6, "failed", PB_INT32, 0, NULL},
    {7, "completedIndexes", PB_STRING, 0, NULL},
    {8, "uncountedTerminatedPods", PB_MSG, PB_F_PTR, &m_batch_UncountedTerminatedPods},
    {9, "ready", PB_INT32, PB_F_PTR, NULL},
    {10, "failedIndexes", PB_STRING, PB_F_PTR, NULL},
    {11, "terminating", PB_INT32, PB_F_PTR, NULL},
};
static const struct pb_msg m_batch_JobStatus = {"JobStatus", f_batch_JobStatus, AK_ARRAY_LEN(f_batch_JobStatus)};

static const struct pb_field f_batch_Job[] = {
    {1, "metadata", PB_MSG, 0, &m_meta_ObjectMeta},
    {2, "spec", PB_MSG, 0, &m_batch_JobSpec},
    {3, "status", PB_MSG, 0, &m_batch_JobStatus},
};
static const struct pb_msg m_batch_Job = {"Job", f_batch_Job, AK_ARRAY_LEN(f_batch_Job)};

static const struct pb_field f_batch_JobTemplateSpec[] = {
    {1, "metadata", PB_MSG, 0, &m_meta_ObjectMeta},
    {2, "spec", PB_MSG, 0, &m_batch_JobSpec},
};
static const struct pb_msg m_batch_JobTemplateSpec = {"JobTemplateSpec", f_batch_JobTemplateSpec, AK_ARRAY_LEN(f_batch_JobTemplateSpec)};

static const struct pb_field f_batch_CronJobSpec[] = {
    {1, "schedule", PB_STRING, 0, NULL},
    {2, "startingDeadlineSeconds", PB_INT64, PB_F_PTR, NULL},
    {3, "concurrencyPolicy", PB_STRING, 0, NULL},
    {4, "suspend", PB_BOOL, PB_F_PTR, NULL},
    {5, "jobTemplate", PB_MSG, 0, &m_batch_JobTemplateSpec},
    {6, "successfulJobsHistoryLimit", PB_INT32, PB_F_PTR, NULL},
    {7, "failedJobsHistoryLimit", PB_INT32, PB_F_PTR, NULL},
    {8, "timeZone", PB_STRING, PB_F_PTR, NULL},
};
static const struct pb_msg m_batch_CronJobSpec = {"CronJobSpec", f_batch_CronJobSpec, AK_ARRAY_LEN(f_batch_CronJobSpec)};

static const struct pb_field f_batch_CronJobStatus[] = {
    {1, "active", PB_MSG, PB_F_REP, &m_core_ObjectReference},
    {4, "lastScheduleTime", PB_TIME, PB_F_PTR, NULL},
    {5, "lastSuccessfulTime", PB_TIME, PB_F_PTR, NULL},
};
static const struct pb_msg m_batch_CronJobStatus = {"CronJobStatus", f_batch_CronJobStatus, AK_ARRAY_LEN(f_batch_CronJobStatus)};

static const struct pb_field f_batch_CronJob[] = {
    {1, "metadata", PB_MSG, 0, &m_meta_ObjectMeta},
    {2, "spec", PB_MSG, 0, &m_batch_CronJobSpec},
    {3, "status", PB_MSG, 0, &m_batch_CronJobStatus},
};
static const struct pb_msg m_batch_CronJob = {"CronJob", f_batch_CronJob, AK_ARRAY_LEN(f_batch_CronJob)};

static const struct pb_field f_policy_PodDisruptionBudgetSpec[] = {
    {1, "minAvailable", PB_INTSTR, PB_F_PTR, NULL},
    {2, "selector", PB_MSG, PB_F_PTR, &m_meta_LabelSelector},
    {3, "maxUnavailable", PB_INTSTR, PB_F_PTR, NULL},
    {4, "unhealthyPodEvictionPolicy", PB_STRING, PB_F_PTR, NULL},
};
static const struct pb_msg m_policy_PodDisruptionBudgetSpec = {"PodDisruptionBudgetSpec", f_policy_PodDisruptionBudgetSpec, AK_ARRAY_LEN(f_policy_PodDisruptionBudgetSpec)};

static const struct pb_field f_policy_PodDisruptionBudgetStatus[] = {
    {1, "observedGeneration", PB_INT64, 0, NULL},
    {2, "disruptedPods", PB_TIME, PB_F_MAP, NULL},
    {3, "disruptionsAllowed", PB_INT32, 0, NULL},
    {4, "currentHealthy", PB_INT32, 0, NULL},
    {5, "desiredHealthy", PB_INT32, 0, NULL},
    {6, "expectedPods", PB_INT32, 0, NULL},
    {7, "conditions", PB_MSG, PB_F_REP, &m_meta_Condition},
};
static const struct pb_msg m_policy_PodDisruptionBudgetStatus = {"PodDisruptionBudgetStatus", f_policy_PodDisruptionBudgetStatus, AK_ARRAY_LEN(f_policy_PodDisruptionBudgetStatus)};

static const struct pb_field f_policy_PodDisruptionBudget[] = {
    {1, "metadata", PB_MSG, 0, &m_meta_ObjectMeta},
    {2, "spec", PB_MSG, 0, &m_policy_PodDisruptionBudgetSpec},
    {3, "status", PB_MSG, 0, &m_policy_PodDisruptionBudgetStatus},
};
static const struct pb_msg m_policy_PodDisruptionBudget = {"PodDisruptionBudget", f_policy_PodDisruptionBudget, AK_ARRAY_LEN(f_policy_PodDisruptionBudget)};

static const struct pb_field f_policy_Eviction[] = {
    {1, "metadata", PB_MSG, 0, &m_meta_ObjectMeta},
    {2, "deleteOptions", PB_MSG, PB_F_PTR, &m_meta_DeleteOptions},
};
static const struct pb_msg m_policy_Eviction = {"Eviction", f_policy_Eviction, AK_ARRAY_LEN(f_policy_Eviction)};

static const struct pb_field f_coord_LeaseSpec[] = {
    {1, "holderIdentity", PB_STRING, PB_F_PTR, NULL},
    {2, "leaseDurationSeconds", PB_INT32, PB_F_PTR, NULL},
    {3, "acquireTime", PB_MICROTIME, PB_F_PTR, NULL},
    {4, "renewTime", PB_MICROTIME, PB_F_PTR, NULL},
    {5, "leaseTransitions", PB_INT32, PB_F_PTR, NULL},
    {6, "strategy", PB_STRING, PB_F_PTR, NULL},
    {7, "preferredHolder", PB_STRING, PB_F_PTR, NULL},
};
static const struct pb_msg m_coord_LeaseSpec = {"LeaseSpec", f_coord_LeaseSpec, AK_ARRAY_LEN(f_coord_LeaseSpec)};

static const struct pb_field f_coord_Lease[] = {
    {1, "metadata", PB_MSG, 0, &m_meta_ObjectMeta},
    {2, "spec", PB_MSG, 0, &m_coord_LeaseSpec},
};
static const struct pb_msg m_coord_Lease = {"Lease", f_coord_Lease, AK_ARRAY_LEN(f_coord_Lease)};

static const struct pb_field f_autoscaling_ScaleSpec[] = {
    {1, "replicas", PB_INT32, 0, NULL},
};
static const struct pb_msg m_autoscaling_ScaleSpec = {"ScaleSpec", f_autoscaling_ScaleSpec, AK_ARRAY_LEN(f_autoscaling_ScaleSpec)};

static const struct pb_field f_autoscaling_ScaleStatus[] = {
    {1, "replicas", PB_INT32, 0, NULL},
    {2, "selector", PB_STRING, 0, NULL},
};
static const struct pb_msg m_autoscaling_ScaleStatus = {"ScaleStatus", f_autoscaling_ScaleStatus, AK_ARRAY_LEN(f_autoscaling_ScaleStatus)};

static const struct pb_field f_autoscaling_Scale[] = {
    {1, "metadata", PB_MSG, 0, &m_meta_ObjectMeta},
    {2, "spec", PB_MSG, 0, &m_autoscaling_ScaleSpec},
    {3, "status", PB_MSG, 0, &m_autoscaling_ScaleStatus},
};
static const struct pb_msg m_autoscaling_Scale = {"Scale", f_autoscaling_Scale, AK_ARRAY_LEN(f_autoscaling_Scale)};

static const struct pb_field f_sched_PriorityClass[] = {
    {1, "metadata", PB_MSG, 0, &m_meta_ObjectMeta},
    {2, "value", PB_INT32, 0, NULL},
    {3, "globalDefault", PB_BOOL, 0, NULL},
    {4, "description", PB_STRING, 0, NULL},
    {5, "preemptionPolicy", PB_STRING, PB_F_PTR, NULL},
};
static const struct pb_msg m_sched_PriorityClass = {"PriorityClass", f_sched_PriorityClass, AK_ARRAY_LEN(f_sched_PriorityClass)};

static const struct pb_root pb_roots[] = {
    {"v1", "Namespace", &m_core_Namespace},
    {"v1", "Pod", &m_core_Pod},
    {"v1", "Node", &m_core_Node},
    {"v1", "Event", &m_core_Event},
    {"v1", "Service", &m_core_Service},
    {"v1", "ConfigMap", &m_core_ConfigMap},
    {"v1", "Secret", &m_core_Secret},
    {"v1", "ServiceAccount", &m_core_ServiceAccount},
    {"v1", "Binding", &m_core_Binding},
    {"v1", "PodTemplate", &m_core_PodTemplate},
    {"v1", "ReplicationController", &m_core_ReplicationController},
    {"v1", "PersistentVolumeClaim", &m_core_PersistentVolumeClaim},
    {"v1", "DeleteOptions", &m_meta_DeleteOptions},
    {"meta.k8s.io/v1", "DeleteOptions", &m_meta_DeleteOptions},
    {"apps/v1", "Deployment", &m_apps_Deployment},
    {"apps/v1", "ReplicaSet", &m_apps_ReplicaSet},
    {"apps/v1", "DaemonSet", &m_apps_DaemonSet},
    {"apps/v1", "StatefulSet", &m_apps_StatefulSet},
    {"apps/v1", "DeleteOptions", &m_meta_DeleteOptions},
    {"batch/v1", "Job", &m_batch_Job},
    {"batch/v1", "CronJob", &m_batch_CronJob},
    {"policy/v1", "PodDisruptionBudget", &m_policy_PodDisruptionBudget},
    {"policy/v1", "Eviction", &m_policy_Eviction},
    {"policy/v1", "DeleteOptions", &m_meta_DeleteOptions},
    {"coordination.k8s.io/v1", "Lease", &m_coord_Lease},
    {"autoscaling/v1", "Scale", &m_autoscaling_Scale},
    {"scheduling.k8s.io/v1", "PriorityClass", &m_sched_PriorityClass},
};

static const struct pb_msg *pb_find_root(const char *api_version, const char *kind)
{
    for (size_t i = 0; i < AK_ARRAY_LEN(pb_roots); i++)
        if (strcmp(pb_roots[i].api_version, api_version) == 0 &&
            strcmp(pb_roots[i].kind, kind) == 0)
            return pb_roots[i].msg;
    return NULL;
}
