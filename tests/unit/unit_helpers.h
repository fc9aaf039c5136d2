/* unit_helpers.h - small assertion helpers shared by the cmocka unit tests. */
#ifndef AK_UNIT_HELPERS_H
#define AK_UNIT_HELPERS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

/* Fails (with both strings) unless needle occurs in hay. */
#define ASSERT_CONTAINS(hay, needle)                                                          \
    do {                                                                                      \
        const char *h_ = (hay), *n_ = (needle);                                               \
        if (h_ == NULL || strstr(h_, n_) == NULL)                                             \
            fail_msg("%s:%d: \"%s\" does not contain \"%s\"", __FILE__, __LINE__,            \
                     h_ ? h_ : "(null)", n_);                                                 \
    } while (0)

#define ASSERT_NOT_CONTAINS(hay, needle)                                                      \
    do {                                                                                      \
        const char *h_ = (hay), *n_ = (needle);                                               \
        if (h_ != NULL && strstr(h_, n_) != NULL)                                             \
            fail_msg("%s:%d: \"%s\" unexpectedly contains \"%s\"", __FILE__, __LINE__, h_,   \
                     n_);                                                                     \
    } while (0)

/* cmocka's assert_string_equal with NULL-safety on the actual value. */
#define ASSERT_STR(actual, expected)                                                          \
    do {                                                                                      \
        const char *a_ = (actual);                                                            \
        if (a_ == NULL)                                                                       \
            fail_msg("%s:%d: expected \"%s\", got NULL", __FILE__, __LINE__, (expected));    \
        assert_string_equal(a_, (expected));                                                  \
    } while (0)

#endif
