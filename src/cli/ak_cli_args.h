/* ak_cli_args.h - command-line parsing with az's (argparse's) rules and messages: long
 * options and their unique prefixes, --opt=value, -cVALUE, store-true flags, nargs='*'
 * and '+' lists, int/float/enum conversion, required options, "unrecognized arguments",
 * per-command --help, and the global arguments every command takes. */
#ifndef AK_CLI_ARGS_H
#define AK_CLI_ARGS_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/ak_str.h"

enum ak_argk {
    AK_A_VAL,   /* one value */
    AK_A_FLAG,  /* store_true */
    AK_A_LIST,  /* nargs='*' */
    AK_A_LIST1, /* nargs='+' */
};

enum ak_argt { AK_AT_STR, AK_AT_INT, AK_AT_FLOAT, AK_AT_ENUM };

struct ak_argspec {
    const char *dest;    /* lookup key, e.g. "node_count" */
    const char *opts;    /* option strings in az's order, space-separated; a leading '~'
                            marks an alias kept out of help and messages ("~--taints") */
    enum ak_argk kind;
    enum ak_argt type;
    const char *choices; /* AK_AT_ENUM: canonical values, space-separated, az's order */
    bool required;
    const char *def;     /* default shown in help (NULL: none) */
    const char *help;
};

struct ak_argval {
    bool set;
    char *val;            /* AK_A_VAL (converted: enums canonical) */
    struct ak_strs list;  /* AK_A_LIST* */
};

struct ak_args {
    const char *prog;              /* "az aks nodepool add" as az names it */
    const struct ak_argspec *spec; /* command spec followed by the globals */
    size_t n;
    struct ak_argval *v;
    char *typed; /* the options as typed, space-separated (az's ParameterSetName header) */
};

/* Parses argv[0..argc) (the words after the command name). Returns 0 when the command
 * should run, -1 when help was printed (exit 0), or 2 after printing an argparse-style
 * error. summary: one line shown at the top of --help. Release with ak_args_release. */
int ak_args_parse(struct ak_args *a, const char *prog, const char *summary,
                  const struct ak_argspec *spec, size_t nspec, int argc, char **argv);
void ak_args_release(struct ak_args *a);

bool ak_arg_set(const struct ak_args *a, const char *dest);
const char *ak_arg_str(const struct ak_args *a, const char *dest);  /* NULL: not given */
bool ak_arg_flag(const struct ak_args *a, const char *dest);
const struct ak_strs *ak_arg_list(const struct ak_args *a, const char *dest); /* NULL: not given */
/* The converted value, or def when not given. */
long long ak_arg_int(const struct ak_args *a, const char *dest, long long def);
double ak_arg_float(const struct ak_args *a, const char *dest, double def);
/* "--node-count/-c" as argparse names the option in messages */
void ak_arg_display(const struct ak_args *a, const char *dest, char *out, size_t n);

/* Python's int() / float() on a command-line string. */
bool ak_py_parse_int(const char *s, long long *out);
bool ak_py_parse_float(const char *s, double *out);

#endif
