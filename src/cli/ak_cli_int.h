/* ak_cli_int.h - shared by the CLI's files (not a public header). */
#ifndef AK_CLI_INT_H
#define AK_CLI_INT_H

#include <jansson.h>
#include <stdbool.h>

#include "ak_cli_rt.h"
#include "../util/ak_str.h"

int ak_cmd_az_env(int argc, char **argv);
int ak_cmd_ui(int argc, char **argv); /* ak_cli_ui.c */

/* One az-style command: prog is az's name for it ("az aks nodepool add"), argv the words
 * after the command path. Returns the process exit code. */
typedef int (*ak_cmd_fn)(const char *prog, const char *summary, int argc, char **argv);

int ak_cmd_group_create(const char *prog, const char *summary, int argc, char **argv);
int ak_cmd_group_show(const char *prog, const char *summary, int argc, char **argv);
int ak_cmd_group_list(const char *prog, const char *summary, int argc, char **argv);
int ak_cmd_group_delete(const char *prog, const char *summary, int argc, char **argv);
int ak_cmd_group_exists(const char *prog, const char *summary, int argc, char **argv);

int ak_cmd_aks_create(const char *prog, const char *summary, int argc, char **argv);
int ak_cmd_aks_show(const char *prog, const char *summary, int argc, char **argv);
int ak_cmd_aks_list(const char *prog, const char *summary, int argc, char **argv);
int ak_cmd_aks_delete(const char *prog, const char *summary, int argc, char **argv);
int ak_cmd_aks_get_credentials(const char *prog, const char *summary, int argc, char **argv);

int ak_cmd_np_add(const char *prog, const char *summary, int argc, char **argv);
int ak_cmd_np_list(const char *prog, const char *summary, int argc, char **argv);
int ak_cmd_np_show(const char *prog, const char *summary, int argc, char **argv);
int ak_cmd_np_scale(const char *prog, const char *summary, int argc, char **argv);
int ak_cmd_np_update(const char *prog, const char *summary, int argc, char **argv);
int ak_cmd_np_delete(const char *prog, const char *summary, int argc, char **argv);
int ak_cmd_np_get_upgrades(const char *prog, const char *summary, int argc, char **argv);
int ak_cmd_np_run(const char *prog, const char *summary, int argc, char **argv);
int ak_cmd_np_wait(const char *prog, const char *summary, int argc, char **argv);

int ak_cmd_vmss_list(const char *prog, const char *summary, int argc, char **argv);
int ak_cmd_vmss_list_instances(const char *prog, const char *summary, int argc, char **argv);
int ak_cmd_vmss_simulate_eviction(const char *prog, const char *summary, int argc, char **argv);

int ak_cmd_fault_node(const char *prog, const char *summary, int argc, char **argv);
int ak_cmd_fault_pool(const char *prog, const char *summary, int argc, char **argv);
int ak_cmd_fault_list(const char *prog, const char *summary, int argc, char **argv);

/* ---- helpers shared by the commands (ak_cli_util.c) */

#define AK_CLI_HELP 1000 /* ak_cli_begin: help was printed, exit 0 */
/* Parses the arguments and prepares rt (output format, --query). Returns 0 to go on, or
 * AK_CLI_HELP / an exit code; either way call ak_cli_end. */
int ak_cli_begin(struct ak_args *a, struct ak_rt *rt, const char *prog, const char *summary,
                 const struct ak_argspec *spec, size_t nspec, int argc, char **argv);
/* Releases both and maps AK_CLI_HELP to 0. */
int ak_cli_end(struct ak_args *a, struct ak_rt *rt, int rc);

/* az's validate_tags: "k=v" -> {k: v}, "k" -> {k: ""}. NULL list -> NULL. New reference. */
json_t *ak_cli_tags(const struct ak_strs *list);
/* GET a list, following nextLink; *out gets a new array of the wire items. Returns 0 or an
 * exit code after printing the error. */
int ak_cli_list_all(struct ak_rt *rt, const char *path, json_t **out);
/* GET one resource; *out gets the wire JSON. 0 or an exit code after printing the error. */
int ak_cli_get(struct ak_rt *rt, const char *path, json_t **out);
/* knack's confirmation for commands with confirmation=True (unless --yes): the y/n prompt on
 * a terminal, the "no tty" refusal otherwise. Returns 0 to proceed or the exit code. */
int ak_cli_confirm(const struct ak_rt *rt, bool yes);
/* az's validate_k8s_version: "v1.24" -> "1.24" into out; false if the value is malformed. */
bool ak_cli_k8s_version(const char *in, char *out, size_t n);
/* az's validate_taints: NULL, or the offending taint. */
const char *ak_cli_bad_taint(const char *taints, char *buf, size_t n);
/* az's validate_label for one "key=value": NULL when valid, else the error message. */
const char *ak_cli_label_error(const char *label, char *buf, size_t n);
/* az's _validate_nodepool_name: NULL when valid, else the message. */
const char *ak_cli_nodepool_name_error(const char *name);
/* az's validate_nodes_count: NULL or the message. */
const char *ak_cli_nodes_count_error(const struct ak_args *a);
/* az's validate_max_surge: NULL or the message. */
const char *ak_cli_max_surge_error(const char *v);
/* Adds --aks-custom-headers "k=v,k2=v2" to the client's headers. */
void ak_cli_custom_headers(struct ak_rt *rt, const char *spec);

#endif
