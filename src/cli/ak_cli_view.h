/* ak_cli_view.h - what az does to a response before printing it, and to a request body
 * before sending it: deserialize the ARM JSON into the SDK model (every attribute, null
 * when absent, flattened "properties.x" pulled up, names camelCased, unknown top-level
 * keys kept as they came), add "resourceGroup" parsed from ids, and serialize a model
 * back (attribute order, nulls and read-only attributes left out). */
#ifndef AK_CLI_VIEW_H
#define AK_CLI_VIEW_H

#include <jansson.h>

/* type: a model name ("cs.AgentPool"), "[T]", "{T}" or a basic SDK type. Borrows wire
 * (may be NULL); returns a new reference. */
json_t *ak_view(const char *type, const json_t *wire);
/* The body the SDK would send for `view` (an object keyed like ak_view's output). Borrows
 * view; returns a new reference. */
json_t *ak_view_body(const char *type, const json_t *view);
/* az's global transform: every object with an "id" of the form
 * /subscriptions/S/resourceGroups/RG/providers/NS/TYPE/NAME... and no resourceGroup key
 * gets "resourceGroup": RG (recursively). */
void ak_view_add_resource_group(json_t *v);
/* az aks show/list's _remove_nulls: drops null "tags", null "osDiskSizeGb" and
 * "vnetSubnetId" of every agent pool profile, and null servicePrincipalProfile.secret. */
void ak_view_aks_remove_nulls(json_t *cluster);
/* datetime.isoformat() of an ISO 8601 timestamp as msrest parses it (microseconds,
 * "+00:00" for Z); the input itself when it does not parse. Returns a new string ref. */
json_t *ak_view_iso8601(const char *s);

#endif
