/* ak_arm_cost.c - Azure Cost Management's query API over the live cost meter (ak_meter.h):
 *
 *   POST /subscriptions/{sub}[/resourceGroups/{rg}]/providers/Microsoft.CostManagement/query
 *
 * The subset (docs/api-coverage.md): type ActualCost | AmortizedCost | Usage; timeframe
 * MonthToDate | BillingMonthToDate | WeekToDate | TheLastMonth | Custom (timePeriod from/to);
 * granularity None | Daily (a UsageDate column, YYYYMMDD); aggregation Sum of PreTaxCost, Cost,
 * CostUSD, PreTaxCostUSD (USD) or UsageQuantity (VM hours); grouping by the Dimensions
 * ResourceId, ResourceGroupName, ResourceGroup, ResourceType, ResourceLocation, MeterCategory,
 * ServiceName, SubscriptionId, PricingModel, ChargeType and by TagKey (columns TagKey, TagValue);
 * filter on dimensions and tags (operator In) combined with and / or. As in Azure, a scale set's
 * cost belongs to the node resource group, and ids and group names come back lower-cased. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ak_arm_int.h"
#include "../../ctrl/ak_meter.h"
#include "../../state/ak_codec.h"
#include "../../util/ak_mem.h"
#include "../../util/ak_rand.h"
#include "../../util/ak_str.h"
#include "../../util/ak_time.h"
#include "../../util/ak_banned.h"

#define MAX_COLS 8

static const char *const dimensions[] = {
    "ResourceId", "ResourceGroupName", "ResourceGroup", "ResourceType", "ResourceLocation",
    "MeterCategory", "ServiceName", "SubscriptionId", "PricingModel", "ChargeType",
};

/* One dimension's value for a pool's accumulator (new string). */
static char *dim_value(const struct ak_meter_pool *a, const char *sub, const char *dim)
{
    if (ak_strieq(dim, "ResourceId"))
        return ak_lower_dup(a->vmss_id);
    if (ak_strieq(dim, "ResourceGroupName") || ak_strieq(dim, "ResourceGroup"))
        return ak_lower_dup(a->node_rg);
    if (ak_strieq(dim, "ResourceType"))
        return ak_xstrdup("microsoft.compute/virtualmachinescalesets");
    if (ak_strieq(dim, "ResourceLocation"))
        return ak_lower_dup(a->location);
    if (ak_strieq(dim, "MeterCategory") || ak_strieq(dim, "ServiceName"))
        return ak_xstrdup("Virtual Machines");
    if (ak_strieq(dim, "SubscriptionId"))
        return ak_xstrdup(sub);
    if (ak_strieq(dim, "PricingModel"))
        return ak_xstrdup(ak_strieq(a->priority, "Spot") ? "Spot" : "OnDemand");
    if (ak_strieq(dim, "ChargeType"))
        return ak_xstrdup("Usage");
    return NULL;
}

static bool dim_known(const char *name)
{
    for (size_t i = 0; i < AK_ARRAY_LEN(dimensions); i++)
        if (ak_strieq(name, dimensions[i]))
            return true;
    return false;
}

static void invalid_grouping(struct arm_ctx *c, const char *what, const char *name)
{
    char valid[512];
    size_t n = 0;
    for (size_t i = 0; i < AK_ARRAY_LEN(dimensions); i++)
        n += (size_t)snprintf(valid + n, sizeof(valid) - n, "%s'%s'", i ? "," : "", dimensions[i]);
    arm_error(c, 400, "BadRequest", "Invalid query definition: Invalid dataset %s: '%s'; valid values: %s.",
              what, name, valid);
}

/* Checks a filter expression; answers 400 and returns false when it is not in the subset. */
static bool filter_ok(struct arm_ctx *c, const json_t *f, int depth)
{
    if (!json_is_object(f) || depth > 8) {
        arm_error(c, 400, "BadRequest", "Invalid query definition: the filter must be an object.");
        return false;
    }
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)f, k, v) {
        if (strcmp(k, "and") == 0 || strcmp(k, "or") == 0) {
            size_t i;
            json_t *e;
            if (!json_is_array(v) || json_array_size(v) < 2) {
                arm_error(c, 400, "BadRequest",
                          "Invalid query definition: '%s' needs at least 2 expressions.", k);
                return false;
            }
            json_array_foreach(v, i, e) if (!filter_ok(c, e, depth + 1)) return false;
        } else if (strcmp(k, "dimensions") == 0 || strcmp(k, "tags") == 0) {
            const char *name = json_string_value(json_object_get(v, "name"));
            const char *op = json_string_value(json_object_get(v, "operator"));
            if (!name || !json_is_array(json_object_get(v, "values"))) {
                arm_error(c, 400, "BadRequest",
                          "Invalid query definition: a %s filter needs a name and values.", k);
                return false;
            }
            if (op && !ak_strieq(op, "In")) {
                arm_error(c, 400, "BadRequest",
                          "Invalid query definition: filter operator '%s' is not emulated by aksemu "
                          "(In is).",
                          op);
                return false;
            }
            if (strcmp(k, "dimensions") == 0 && !dim_known(name)) {
                invalid_grouping(c, "filter dimension", name);
                return false;
            }
        } else {
            arm_error(c, 400, "BadRequest",
                      "Invalid query definition: filter '%s' is not emulated by aksemu (and, or, "
                      "dimensions, tags are).",
                      k);
            return false;
        }
    }
    return true;
}

static bool filter_match(const json_t *f, const struct ak_meter_pool *a, const char *sub)
{
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)f, k, v) {
        size_t i;
        json_t *e;
        if (strcmp(k, "and") == 0) {
            json_array_foreach(v, i, e) if (!filter_match(e, a, sub)) return false;
        } else if (strcmp(k, "or") == 0) {
            bool any = false;
            json_array_foreach(v, i, e) if (filter_match(e, a, sub)) any = true;
            if (!any)
                return false;
        } else {
            const char *name = json_string_value(json_object_get(v, "name"));
            char *val;
            if (strcmp(k, "tags") == 0) {
                const char *tv = json_string_value(json_object_get(a->tags, name));
                val = tv ? ak_xstrdup(tv) : NULL;
            } else {
                val = dim_value(a, sub, name);
            }
            bool hit = false;
            json_array_foreach(json_object_get(v, "values"), i, e) {
                const char *s = json_string_value(e);
                if (val && s && ak_strieq(s, val))
                    hit = true;
            }
            free(val);
            if (!hit)
                return false;
        }
    }
    return true;
}

static int64_t day_ms(int32_t date)
{
    char s[40];
    snprintf(s, sizeof(s), "%04d-%02d-%02dT00:00:00Z", date / 10000, date / 100 % 100, date % 100);
    int64_t ms = 0;
    ak_parse_time(s, &ms);
    return ms;
}

/* The query's [from, to] days (YYYYMMDD); answers 400 and returns false when invalid. */
static bool time_range(struct arm_ctx *c, const json_t *q, int32_t *from, int32_t *to)
{
    const char *tf = json_string_value(json_object_get(q, "timeframe"));
    int64_t now = ak_state_now(c->st);
    int32_t today = ak_meter_date(now);
    if (!tf) {
        arm_error(c, 400, "BadRequest", "Invalid query definition: timeframe is required.");
        return false;
    }
    if (ak_strieq(tf, "MonthToDate") || ak_strieq(tf, "BillingMonthToDate")) {
        *from = today / 100 * 100 + 1;
        *to = today;
    } else if (ak_strieq(tf, "WeekToDate")) {
        /* weeks start on Sunday, as the portal's */
        time_t t = (time_t)(now / 1000);
        struct tm tm;
        gmtime_r(&t, &tm);
        *from = ak_meter_date(now - (int64_t)tm.tm_wday * 86400000);
        *to = today;
    } else if (ak_strieq(tf, "TheLastMonth")) {
        int y = today / 10000, mo = today / 100 % 100;
        if (--mo == 0) {
            mo = 12;
            y--;
        }
        *from = y * 10000 + mo * 100 + 1;
        *to = ak_meter_date(day_ms(today / 100 * 100 + 1) - 86400000);
    } else if (ak_strieq(tf, "Custom")) {
        const json_t *tp = json_object_get(q, "timePeriod");
        const char *f = json_string_value(json_object_get(tp, "from"));
        const char *t = json_string_value(json_object_get(tp, "to"));
        int64_t fm, tm;
        if (!f || !t || ak_parse_time(f, &fm) != 0 || ak_parse_time(t, &tm) != 0) {
            arm_error(c, 400, "BadRequest",
                      "Invalid query definition: timePeriod with from and to (ISO 8601 date-times) "
                      "is required for the Custom timeframe.");
            return false;
        }
        *from = ak_meter_date(fm);
        *to = ak_meter_date(tm);
        if (*from > *to) {
            arm_error(c, 400, "BadRequest",
                      "Invalid query definition: timePeriod from must not be after to.");
            return false;
        }
    } else {
        arm_error(c, 400, "BadRequest",
                  "Invalid query definition: timeframe '%s' is not emulated by aksemu (MonthToDate, "
                  "BillingMonthToDate, WeekToDate, TheLastMonth, Custom are).",
                  tf);
        return false;
    }
    return true;
}

struct col {
    const char *name;   /* column name */
    bool hours;         /* aggregation: VM hours instead of cost */
    bool tag;           /* grouping: TagKey (two columns) */
};

void arm_cost_query(struct arm_ctx *c, int rg_seg)
{
    if (strcmp(c->method, "POST") != 0) {
        arm_error(c, 405, "MethodNotAllowed",
                  "The requested resource does not support http method '%s'.", c->method);
        return;
    }
    if (!c->arm->meter) {
        arm_error(c, 404, "NotFound", "The cost meter is not running.");
        return;
    }
    json_t *q = arm_body_object(c, false);
    if (!q)
        return;
    const char *sub = c->seg[1];
    const char *scope_rg = rg_seg >= 0 ? c->seg[rg_seg] : NULL;
    json_t *ds = json_object_get(q, "dataset");
    const char *type = json_string_value(json_object_get(q, "type"));
    const char *gran = json_string_value(json_object_get(ds, "granularity"));
    struct col agg[MAX_COLS], grp[MAX_COLS];
    size_t nagg = 0, ngrp = 0;
    int32_t from, to;
    json_t *filter = json_object_get(ds, "filter");
    if (!type || !(ak_strieq(type, "ActualCost") || ak_strieq(type, "AmortizedCost") ||
                   ak_strieq(type, "Usage"))) {
        arm_error(c, 400, "BadRequest",
                  "Invalid query definition: type '%s' is not valid (ActualCost, AmortizedCost, "
                  "Usage).",
                  type ? type : "");
        goto out;
    }
    if (!time_range(c, q, &from, &to))
        goto out;
    bool daily = false;
    if (gran && ak_strieq(gran, "Daily"))
        daily = true;
    else if (gran && !ak_strieq(gran, "None")) {
        arm_error(c, 400, "BadRequest",
                  "Invalid query definition: granularity '%s' is not emulated by aksemu (None, Daily "
                  "are).",
                  gran);
        goto out;
    }
    const char *ak;
    json_t *av;
    json_object_foreach(json_object_get(ds, "aggregation"), ak, av) {
        const char *name = json_string_value(json_object_get(av, "name"));
        const char *fn = json_string_value(json_object_get(av, "function"));
        if (!name || !fn || !ak_strieq(fn, "Sum")) {
            arm_error(c, 400, "BadRequest",
                      "Invalid query definition: aggregation '%s' needs a name and the function "
                      "Sum.",
                      ak);
            goto out;
        }
        bool hours = ak_strieq(name, "UsageQuantity");
        if (!hours && !ak_strieq(name, "PreTaxCost") && !ak_strieq(name, "Cost") &&
            !ak_strieq(name, "CostUSD") && !ak_strieq(name, "PreTaxCostUSD")) {
            arm_error(c, 400, "BadRequest",
                      "Invalid query definition: Invalid aggregation column '%s'; aksemu emulates "
                      "'PreTaxCost','Cost','CostUSD','PreTaxCostUSD','UsageQuantity'.",
                      name);
            goto out;
        }
        if (nagg == MAX_COLS) {
            arm_error(c, 400, "BadRequest", "Invalid query definition: too many aggregations.");
            goto out;
        }
        agg[nagg++] = (struct col){name, hours, false};
    }
    size_t gi;
    json_t *gv;
    json_array_foreach(json_object_get(ds, "grouping"), gi, gv) {
        const char *gt = json_string_value(json_object_get(gv, "type"));
        const char *name = json_string_value(json_object_get(gv, "name"));
        if (!gt || !name) {
            arm_error(c, 400, "BadRequest",
                      "Invalid query definition: a grouping needs a type and a name.");
            goto out;
        }
        bool tag = ak_strieq(gt, "TagKey");
        if (!tag && !ak_strieq(gt, "Dimension")) {
            arm_error(c, 400, "BadRequest",
                      "Invalid query definition: grouping type '%s' is not valid (Dimension, "
                      "TagKey).",
                      gt);
            goto out;
        }
        if (!tag && !dim_known(name)) {
            invalid_grouping(c, "grouping", name);
            goto out;
        }
        if (ngrp == 2) {
            arm_error(c, 400, "BadRequest",
                      "Invalid query definition: at most 2 groupings are allowed.");
            goto out;
        }
        grp[ngrp++] = (struct col){name, false, tag};
    }
    if (filter && !filter_ok(c, filter, 0))
        goto out;
    if (nagg == 0) /* Azure answers the cost when no aggregation is asked for */
        agg[nagg++] = (struct col){"PreTaxCost", false, false};

    json_t *columns = json_array();
    for (size_t i = 0; i < nagg; i++)
        json_array_append_new(columns, json_pack("{s:s,s:s}", "name", agg[i].name, "type", "Number"));
    if (daily)
        json_array_append_new(columns, json_pack("{s:s,s:s}", "name", "UsageDate", "type", "Number"));
    for (size_t i = 0; i < ngrp; i++) {
        if (grp[i].tag) {
            json_array_append_new(columns, json_pack("{s:s,s:s}", "name", "TagKey", "type", "String"));
            json_array_append_new(columns, json_pack("{s:s,s:s}", "name", "TagValue", "type", "String"));
        } else {
            json_array_append_new(columns, json_pack("{s:s,s:s}", "name", grp[i].name, "type", "String"));
        }
    }
    json_array_append_new(columns, json_pack("{s:s,s:s}", "name", "Currency", "type", "String"));

    /* rows keyed by their date and group values */
    ak_meter_update(c->arm->meter);
    json_t *rows = json_array();
    json_t *index = json_object(); /* key -> row position */
    for (size_t pi = 0; pi < ak_meter_count(c->arm->meter); pi++) {
        const struct ak_meter_pool *a = ak_meter_at(c->arm->meter, pi);
        if (!a->pool_id || !ak_istarts_with(a->pool_id, "/subscriptions/") ||
            !ak_istarts_with(a->pool_id + 15, sub) || a->pool_id[15 + strlen(sub)] != '/')
            continue;
        if (scope_rg && !ak_strieq(scope_rg, a->node_rg))
            continue;
        if (filter && !filter_match(filter, a, sub))
            continue;
        json_t *gvals = json_array();
        for (size_t i = 0; i < ngrp; i++) {
            if (grp[i].tag) {
                const char *tv = json_string_value(json_object_get(a->tags, grp[i].name));
                json_array_append_new(gvals, json_string(tv ? grp[i].name : ""));
                json_array_append_new(gvals, json_string(tv ? tv : ""));
            } else {
                char *v = dim_value(a, sub, grp[i].name);
                json_array_append_new(gvals, json_string(v ? v : ""));
                free(v);
            }
        }
        char *gkey = ak_json_dump(gvals);
        for (size_t di = 0; di < a->ndays; di++) {
            const struct ak_meter_day *d = &a->days[di];
            if (d->date < from || d->date > to)
                continue;
            char *key = ak_xasprintf("%d|%s", daily ? d->date : 0, gkey);
            json_t *pos = json_object_get(index, key);
            json_t *row;
            if (!pos) {
                row = json_array();
                for (size_t i = 0; i < nagg; i++)
                    json_array_append_new(row, json_real(0));
                if (daily)
                    json_array_append_new(row, json_integer(d->date));
                json_array_extend(row, gvals);
                json_array_append_new(row, json_string("USD"));
                json_object_set_new(index, key, json_integer((json_int_t)json_array_size(rows)));
                json_array_append_new(rows, row);
            } else {
                row = json_array_get(rows, (size_t)json_integer_value(pos));
            }
            for (size_t i = 0; i < nagg; i++) {
                double cur = json_real_value(json_array_get(row, i));
                json_array_set_new(row, i, json_real(cur + (agg[i].hours ? d->hours : d->cost)));
            }
            free(key);
        }
        free(gkey);
        json_decref(gvals);
    }
    json_decref(index);

    char uuid[37];
    ak_rand_uuid(ak_state_rand(c->st), uuid);
    char *id = scope_rg ? ak_xasprintf("subscriptions/%s/resourcegroups/%s/providers/Microsoft.CostManagement/query/%s",
                                       sub, scope_rg, uuid)
                        : ak_xasprintf("subscriptions/%s/providers/Microsoft.CostManagement/query/%s", sub, uuid);
    json_t *props = json_pack("{s:n,s:o,s:o}", "nextLink", "columns", columns, "rows", rows);
    json_t *o = json_pack("{s:s,s:s,s:s,s:n,s:n,s:n,s:o}", "id", id, "name", uuid, "type",
                          "Microsoft.CostManagement/query", "location", "sku", "eTag", "properties", props);
    free(id);
    arm_json(c, 200, o);
out:
    json_decref(q);
}
