/* ak_quantity.h - Kubernetes resource quantities (k8s.io/apimachinery resource.Quantity).
 *
 * Grammar (apimachinery's documented one):
 *   <quantity>     ::= <signedNumber><suffix>
 *   <signedNumber> ::= [+-] ( <digits> | <digits>. | <digits>.<digits> | .<digits> )
 *   <suffix>       ::= "" | n u m k M G T P E           (decimal SI, 10^-9 .. 10^18)
 *                    | Ki Mi Gi Ti Pi Ei                  (binary SI, 2^10 .. 2^60)
 *                    | (e|E)[+-]<digits>                  (decimal exponent, e.g. "129e6")
 * No whitespace. The number needs at least one digit (Go's parser also takes "", "+", "."
 * and a bare suffix such as "Ki" as zero; we reject those).
 *
 * Values are converted exactly; a remainder below the requested unit is rounded away from
 * zero, as Quantity.MilliValue()/Value() do ("if you want some resources, you should get
 * some resources"). A result outside int64, or input longer than AK_QUANTITY_MAXLEN, is
 * AK_EINVAL (Go would cap binary-SI values at 2^63-1 instead).
 *
 * All functions are pure: no allocation, no global state. */
#ifndef AK_QUANTITY_H
#define AK_QUANTITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define AK_QUANTITY_MAXLEN 256 /* longest accepted input string */
#define AK_QUANTITY_BUFLEN 48  /* enough for any string the formatters produce */

/* true if s follows the grammar above and has a known suffix (no range check:
 * "1Ei" and "1e300" are valid). NULL is invalid. */
bool ak_quantity_valid(const char *s);

/* s in units of 10^scale (scale -9 nano, -3 milli, 0 units, 3 kilo; -18..18), rounded
 * away from zero. 0, or AK_EINVAL on bad syntax / overflow (*out untouched). */
int ak_quantity_scaled(const char *s, int scale, int64_t *out);
/* s in milli-units: "100m" -> 100, "1" -> 1000, "1Gi" -> 1073741824000. CPU millicores. */
int ak_quantity_milli(const char *s, int64_t *out);
/* s in whole units rounded away from zero: "1Ki" -> 1024, "1.5" -> 2, "100m" -> 1. Bytes. */
int ak_quantity_value_ceil(const char *s, int64_t *out);

/* Canonical form, as the API server prints a parsed quantity: "0.5" -> "500m",
 * "1024Mi" -> "1Gi", "1000M" -> "1G", "129e6" -> "129e6", ".001Ki" -> "1024m", "-0" -> "0".
 * The value is first rounded up to nano precision. Binary SI takes the largest binary suffix
 * that divides the value; an integer of at least 1024 without a factor of 1024 is printed
 * bare ("62.5Ki" -> "64000"), as resource.Quantity.String() does, and that string parses back
 * as decimal SI ("64000" -> "64k"): the one case where canonical(canonical(s)) differs from
 * canonical(s), in Kubernetes too (the value is the same). 0, AK_EINVAL (bad input, or a value
 * whose canonical mantissa does not fit 64 bits), AK_ETOOBIG (out too small; out is "" then). */
int ak_quantity_canonical(const char *s, char *out, size_t n);
/* Decimal-SI form of a milli value: 1900 -> "1900m", 2000 -> "2", 1500000 -> "1500",
 * 2000000 -> "2k", 0 -> "0". 0 or AK_ETOOBIG (n too small). */
int ak_quantity_format_milli(int64_t milli, char *out, size_t n);
/* Binary-SI form of a byte count, as kubelet reports memory: 7287054336 -> "7116264Ki",
 * 1073741824 -> "1Gi", 1536 -> "1536"; below 1024 it is decimal SI (1000 -> "1k"). */
int ak_quantity_format_bytes(int64_t bytes, char *out, size_t n);

/* Compares two quantities exactly (no rounding, any magnitude): *result < 0, 0 or > 0.
 * 0 or AK_EINVAL on bad syntax. */
int ak_quantity_cmp(const char *a, const char *b, int *result);
/* *acc += add, AK_EINVAL (acc untouched) on int64 overflow. For summing milli/byte values. */
int ak_quantity_add(int64_t *acc, int64_t add);

#endif
