/* ak_arm.c - ARM routing, the common response helpers, subscriptions, cloud metadata and the
 * fake ADFS authority. */
#include "ak_arm.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ak_arm_int.h"
#include "../ak_auth.h"
#include "../../state/ak_codec.h"
#include "../../util/ak_base64.h"
#include "../../util/ak_log.h"
#include "../../util/ak_mem.h"
#include "../../util/ak_str.h"
#include "../../util/ak_time.h"
#include "../../util/ak_banned.h"

struct ak_arm *ak_arm_new(struct ak_state *st, struct ak_ctrl *ctrl, const struct ak_arm_config *cfg)
{
    struct ak_arm *a = ak_xcalloc(1, sizeof(*a));
    a->st = st;
    a->ctrl = ctrl;
    a->ca_pem = ak_xstrdup(cfg->ca_pem ? cfg->ca_pem : "");
    a->provision_ms = cfg->provision_ms;
    a->port = cfg->port;
    a->speed = cfg->speed >= 1 ? cfg->speed : 1;
    a->runcmd = cfg->runcmd;
    a->token = cfg->token ? ak_xstrdup(cfg->token) : NULL;
    a->meter = cfg->meter;
    return a;
}

void ak_arm_free(struct ak_arm *a)
{
    if (!a)
        return;
    free(a->ca_pem);
    free(a->token);
    free(a);
}

/* ------------------------------------------------------------------ responses */

void arm_json(struct arm_ctx *c, int status, json_t *body)
{
    c->resp->status = status;
    c->resp->content_type = "application/json; charset=utf-8";
    ak_buf_reset(&c->resp->body);
    if (body) {
        char *s = ak_json_dump(body);
        ak_buf_puts(&c->resp->body, s);
        free(s);
        json_decref(body);
    }
}

void arm_empty(struct arm_ctx *c, int status)
{
    c->resp->status = status;
    c->resp->content_type = NULL;
    ak_buf_reset(&c->resp->body);
}

void arm_error(struct arm_ctx *c, int status, const char *code, const char *fmt, ...)
{
    char msg[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    json_t *e = json_object();
    ak_json_set_str(e, "code", code);
    ak_json_set_str(e, "message", msg);
    json_t *o = json_object();
    json_object_set_new(o, "error", e);
    arm_json(c, status, o);
}

void arm_error_err(struct arm_ctx *c, const struct ak_err *err)
{
    json_t *e = json_object();
    ak_json_set_str(e, "code", err->code);
    ak_json_set_str(e, "message", err->message);
    if (err->target[0])
        ak_json_set_str(e, "target", err->target);
    json_t *o = json_object();
    json_object_set_new(o, "error", e);
    arm_json(c, err->status ? err->status : 400, o);
}

void arm_lro_headers(struct arm_ctx *c, const struct ak_op *op, bool with_location)
{
    const char *sub = ak_state_config(c->st)->subscription_id;
    char url[512];
    snprintf(url, sizeof(url),
             "%s/subscriptions/%s/providers/Microsoft.ContainerService/locations/%s/operations/%s"
             "?api-version=2016-03-30",
             c->base, sub, op->location, op->id);
    ak_http_resp_header(c->resp, "Azure-AsyncOperation", url);
    if (with_location) {
        snprintf(url, sizeof(url),
                 "%s/subscriptions/%s/providers/Microsoft.ContainerService/locations/%s/"
                 "operationresults/%s?api-version=2016-03-30",
                 c->base, sub, op->location, op->id);
        ak_http_resp_header(c->resp, "Location", url);
    }
    ak_http_resp_header(c->resp, "Retry-After", "1");
}

json_t *arm_body_object(struct arm_ctx *c, bool allow_empty)
{
    size_t len;
    const char *body = ak_http_body(c->req, &len);
    size_t i = 0;
    while (i < len && isspace((unsigned char)body[i]))
        i++;
    if (i == len) {
        if (allow_empty)
            return json_object();
        arm_error(c, 400, "InvalidRequestContent",
                  "The request content was invalid and could not be deserialized: the body is "
                  "empty; a JSON object is required.");
        return NULL;
    }
    json_error_t jerr;
    json_t *o = json_loadb(body, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!o) {
        arm_error(c, 400, "InvalidRequestContent",
                  "The request content was invalid and could not be deserialized: '%s' at line "
                  "%d, column %d.",
                  jerr.text, jerr.line, jerr.column);
        return NULL;
    }
    if (!json_is_object(o)) {
        json_decref(o);
        arm_error(c, 400, "InvalidRequestContent",
                  "The request content was invalid and could not be deserialized: a JSON object "
                  "is required.");
        return NULL;
    }
    return o;
}

bool arm_seg_is(const struct arm_ctx *c, int i, const char *lower)
{
    return i < c->nseg && strcmp(c->lseg[i], lower) == 0;
}

bool arm_commit(struct arm_ctx *c)
{
    struct ak_err err;
    if (ak_state_commit(c->st, &err) != 0) {
        arm_error_err(c, &err);
        return false;
    }
    ak_ctrl_kick(c->arm->ctrl);
    return true;
}

/* ------------------------------------------------------------------ identity and metadata */

static void adfs_openid(struct arm_ctx *c)
{
    json_t *o = json_object();
    char url[256];
    snprintf(url, sizeof(url), "%s/adfs", c->base);
    ak_json_set_str(o, "issuer", url);
    snprintf(url, sizeof(url), "%s/adfs/oauth2/token", c->base);
    ak_json_set_str(o, "token_endpoint", url);
    snprintf(url, sizeof(url), "%s/adfs/oauth2/authorize", c->base);
    ak_json_set_str(o, "authorization_endpoint", url);
    snprintf(url, sizeof(url), "%s/adfs/oauth2/devicecode", c->base);
    ak_json_set_str(o, "device_authorization_endpoint", url);
    snprintf(url, sizeof(url), "%s/adfs/discovery/keys", c->base);
    ak_json_set_str(o, "jwks_uri", url);
    json_t *a = json_array();
    json_array_append_new(a, json_string("client_secret_post"));
    json_array_append_new(a, json_string("client_secret_basic"));
    json_object_set_new(o, "token_endpoint_auth_methods_supported", a);
    a = json_array();
    json_array_append_new(a, json_string("code"));
    json_array_append_new(a, json_string("id_token"));
    json_object_set_new(o, "response_types_supported", a);
    a = json_array();
    json_array_append_new(a, json_string("openid"));
    json_object_set_new(o, "scopes_supported", a);
    ak_json_set_str(o, "cloud_instance_name", "aksemu.local");
    arm_json(c, 200, o);
}

/* the value of form field name in an application/x-www-form-urlencoded body (caller frees) */
static char *form_value(const char *body, size_t len, const char *name)
{
    size_t nl = strlen(name);
    const char *p = body, *end = body + len;
    while (p < end) {
        const char *amp = memchr(p, '&', (size_t)(end - p));
        const char *e = amp ? amp : end;
        if ((size_t)(e - p) > nl && strncmp(p, name, nl) == 0 && p[nl] == '=') {
            struct ak_buf v = AK_BUF_INIT(AK_BUF_UNLIMITED);
            for (const char *q = p + nl + 1; q < e; q++) {
                if (*q == '+') {
                    ak_buf_putc(&v, ' ');
                } else if (*q == '%' && e - q > 2 && isxdigit((unsigned char)q[1]) &&
                           isxdigit((unsigned char)q[2])) {
                    char hex[3] = {q[1], q[2], 0};
                    ak_buf_putc(&v, (char)strtol(hex, NULL, 16));
                    q += 2;
                } else {
                    ak_buf_putc(&v, *q);
                }
            }
            char *r = ak_xstrdup(ak_buf_cstr(&v));
            ak_buf_release(&v);
            return r;
        }
        p = e + 1;
    }
    return NULL;
}

static void oauth_error(struct arm_ctx *c, int status, const char *error, const char *desc)
{
    arm_json(c, status, json_pack("{s:s,s:s,s:[i]}", "error", error, "error_description", desc,
                                  "error_codes", error[0] == 'u' ? 900144 : 7000215));
}

static void adfs_token(struct arm_ctx *c)
{
    /* With authentication on, the client secret must be the daemon's token (aksemu az-env
     * writes it into az's service principal profile); the access token is a JWT signed with
     * it. With --auth none any credentials are accepted and the JWT is unsigned. The claims
     * say who asked, so that logs read well. */
    size_t blen = 0;
    const char *body = ak_http_body(c->req, &blen);
    char *grant = form_value(body ? body : "", body ? blen : 0, "grant_type");
    char *secret = form_value(body ? body : "", body ? blen : 0, "client_secret");
    char *client = form_value(body ? body : "", body ? blen : 0, "client_id");
    if (c->arm->token) {
        if (!grant || !client) {
            oauth_error(c, 400, "invalid_request",
                        "AADSTS900144: The request body must contain the following parameter: "
                        "'grant_type' and 'client_id'.");
            goto out;
        }
        if (strcmp(grant, "client_credentials") != 0) {
            oauth_error(c, 400, "unsupported_grant_type",
                        "AADSTS70003: The app requested an unsupported grant type. aksemu's ADFS "
                        "issues tokens for the client_credentials grant (a service principal "
                        "with the secret in DATA/token).");
            goto out;
        }
        int64_t dummy;
        char hdr[600];
        snprintf(hdr, sizeof(hdr), "Bearer %.500s", secret ? secret : "");
        if (!secret || ak_auth_check(c->arm->token, hdr, 0, &dummy) != AK_AUTH_OK ||
            strchr(secret, '.')) {
            oauth_error(c, 401, "invalid_client",
                        "AADSTS7000215: Invalid client secret provided. Ensure the secret being "
                        "sent in the request is the client secret value: the daemon's token "
                        "(the file 'token' in its data directory).");
            goto out;
        }
    }
    int64_t now = ak_state_now(c->st) / 1000;
    const struct ak_state_config *cfg = ak_state_config(c->st);
    char payload[768];
    snprintf(payload, sizeof(payload),
             "{\"aud\":\"https://management.core.windows.net/\",\"iss\":\"%s/adfs\",\"iat\":%lld,"
             "\"nbf\":%lld,\"exp\":%lld,\"tid\":\"%s\",\"appid\":\"%.64s\",\"idtyp\":\"app\","
             "\"ver\":\"1.0\"}",
             c->base, (long long)now, (long long)now, (long long)now + 86400, cfg->tenant_id,
             client && !strpbrk(client, "\"\\") ? client : "");
    char *tok;
    if (c->arm->token) {
        tok = ak_auth_jwt_sign(c->arm->token, payload);
    } else {
        static const char none[] = "{\"typ\":\"JWT\",\"alg\":\"none\"}";
        char *h = ak_auth_b64url(none, sizeof(none) - 1);
        char *p = ak_auth_b64url(payload, strlen(payload));
        tok = ak_xasprintf("%s.%s.", h, p);
        free(h);
        free(p);
    }
    json_t *o = json_object();
    ak_json_set_str(o, "token_type", "Bearer");
    json_object_set_new(o, "expires_in", json_integer(86399));
    json_object_set_new(o, "ext_expires_in", json_integer(86399));
    ak_json_set_str(o, "access_token", tok ? tok : "");
    free(tok);
    arm_json(c, 200, o);
out:
    free(grant);
    free(secret);
    free(client);
}

/* ARM's 401s: no header, a token that is not ours, an expired one. */
static bool arm_authorized(struct arm_ctx *c)
{
    if (!c->arm->token)
        return true;
    int64_t exp = 0;
    enum ak_auth_result r = ak_auth_check(c->arm->token, ak_http_header(c->req, "Authorization"),
                                          ak_state_now(c->st) / 1000, &exp);
    if (r == AK_AUTH_OK)
        return true;
    char www[512];
    snprintf(www, sizeof(www),
             "Bearer authorization_uri=\"%s/adfs\", error=\"invalid_token\", "
             "error_description=\"%s\"",
             c->base, r == AK_AUTH_MISSING ? "The authentication failed because of missing 'Authorization' header." :
             r == AK_AUTH_EXPIRED ? "The access token has expired." : "The access token is invalid.");
    ak_http_resp_header(c->resp, "WWW-Authenticate", www);
    if (r == AK_AUTH_MISSING) {
        arm_error(c, 401, "AuthenticationFailed",
                  "Authentication failed. The 'Authorization' header is missing. Send "
                  "'Authorization: Bearer <token>' with the token in the daemon's data directory "
                  "(DATA/token), or a token from its ADFS (aksemu az-env sets az up).");
    } else if (r == AK_AUTH_EXPIRED) {
        char a[40], b[40];
        ak_fmt_time(exp * 1000, 0, a);
        ak_fmt_time(ak_state_now(c->st), 0, b);
        arm_error(c, 401, "ExpiredAuthenticationToken",
                  "The access token expiry UTC time '%s' is earlier than current UTC time '%s'.",
                  a, b);
    } else {
        arm_error(c, 401, "InvalidAuthenticationToken",
                  "The access token is invalid. It is neither the daemon's token (DATA/token) nor "
                  "a token its ADFS signed with it.");
    }
    return false;
}

static void metadata_endpoints(struct arm_ctx *c)
{
    json_t *o = json_object();
    char url[256];
    snprintf(url, sizeof(url), "%s/", c->base);
    ak_json_set_str(o, "galleryEndpoint", url);
    ak_json_set_str(o, "graphEndpoint", "https://graph.aksemu.local/");
    ak_json_set_str(o, "portalEndpoint", url);
    json_t *auth = json_object();
    snprintf(url, sizeof(url), "%s/adfs", c->base);
    ak_json_set_str(auth, "loginEndpoint", url);
    json_t *aud = json_array();
    json_array_append_new(aud, json_string("https://management.core.windows.net/"));
    json_object_set_new(auth, "audiences", aud);
    json_object_set_new(o, "authentication", auth);
    arm_json(c, 200, o);
}

static json_t *render_sub(const struct ak_state_config *cfg)
{
    json_t *o = json_object();
    char *id = ak_xasprintf("/subscriptions/%s", cfg->subscription_id);
    ak_json_set_str(o, "id", id);
    free(id);
    ak_json_set_str(o, "subscriptionId", cfg->subscription_id);
    ak_json_set_str(o, "tenantId", cfg->tenant_id);
    ak_json_set_str(o, "displayName", cfg->subscription_name);
    ak_json_set_str(o, "state", "Enabled");
    json_t *pol = json_object();
    ak_json_set_str(pol, "locationPlacementId", "Public_2014-09-01");
    ak_json_set_str(pol, "quotaId", "PayAsYouGo_2014-09-01");
    ak_json_set_str(pol, "spendingLimit", "Off");
    json_object_set_new(o, "subscriptionPolicies", pol);
    ak_json_set_str(o, "authorizationSource", "RoleBased");
    json_object_set_new(o, "managedByTenants", json_array());
    return o;
}

static void subscriptions(struct arm_ctx *c)
{
    const struct ak_state_config *cfg = ak_state_config(c->st);
    if (c->nseg == 1) {
        json_t *v = json_array();
        json_array_append_new(v, render_sub(cfg));
        json_t *o = json_object();
        json_object_set_new(o, "value", v);
        arm_json(c, 200, o);
        return;
    }
    arm_json(c, 200, render_sub(cfg));
}

static void tenants(struct arm_ctx *c)
{
    const struct ak_state_config *cfg = ak_state_config(c->st);
    json_t *t = json_object();
    char *id = ak_xasprintf("/tenants/%s", cfg->tenant_id);
    ak_json_set_str(t, "id", id);
    free(id);
    ak_json_set_str(t, "tenantId", cfg->tenant_id);
    ak_json_set_str(t, "displayName", "aksemu");
    json_t *v = json_array();
    json_array_append_new(v, t);
    json_t *o = json_object();
    json_object_set_new(o, "value", v);
    arm_json(c, 200, o);
}

static void providers_list(struct arm_ctx *c)
{
    static const char *const ns[] = {"Microsoft.ContainerService", "Microsoft.Compute",
                                     "Microsoft.Resources"};
    json_t *v = json_array();
    for (size_t i = 0; i < AK_ARRAY_LEN(ns); i++) {
        json_t *p = json_object();
        char *id = ak_xasprintf("/subscriptions/%s/providers/%s",
                                ak_state_config(c->st)->subscription_id, ns[i]);
        ak_json_set_str(p, "id", id);
        free(id);
        ak_json_set_str(p, "namespace", ns[i]);
        ak_json_set_str(p, "registrationState", "Registered");
        ak_json_set_str(p, "registrationPolicy", "RegistrationRequired");
        json_array_append_new(v, p);
    }
    json_t *o = json_object();
    json_object_set_new(o, "value", v);
    arm_json(c, 200, o);
}

/* ------------------------------------------------------------------ routing */

static bool host_ok(const char *h)
{
    if (!h || !*h || strlen(h) > 100)
        return false;
    for (const char *p = h; *p; p++)
        if (!(isalnum((unsigned char)*p) || *p == '.' || *p == ':' || *p == '-' || *p == '[' ||
              *p == ']'))
            return false;
    return true;
}

static bool api_version_ok(const char *v)
{
    /* YYYY-MM-DD with an optional -preview / -beta suffix */
    if (!v || strlen(v) < 10)
        return false;
    for (int i = 0; i < 10; i++) {
        if (i == 4 || i == 7) {
            if (v[i] != '-')
                return false;
        } else if (!isdigit((unsigned char)v[i])) {
            return false;
        }
    }
    return v[10] == '\0' || v[10] == '-';
}

static void not_found_path(struct arm_ctx *c)
{
    arm_error(c, 404, "NotFound",
              "aksemu does not emulate %s %s. The emulated Azure Resource Manager paths are "
              "listed in docs/api-coverage.md.",
              c->method, ak_http_path(c->req));
}

void ak_arm_handle(struct ak_arm *arm, struct ak_http_req *req, struct ak_http_resp *resp)
{
    struct arm_ctx c;
    memset(&c, 0, sizeof(c));
    c.arm = arm;
    c.st = arm->st;
    c.req = req;
    c.resp = resp;
    c.method = ak_http_method(req);
    const char *host = ak_http_header(req, "Host");
    if (host_ok(host))
        snprintf(c.base, sizeof(c.base), "https://%s", host);
    else
        snprintf(c.base, sizeof(c.base), "https://127.0.0.1:%u", (unsigned)arm->port);

    /* common headers */
    char rid[37];
    ak_rand_uuid(ak_state_rand(arm->st), rid);
    ak_http_resp_header(resp, "x-ms-request-id", rid);
    ak_http_resp_header(resp, "x-ms-correlation-request-id", rid);
    const char *crid = ak_http_header(req, "x-ms-client-request-id");
    if (crid && strlen(crid) < 128)
        ak_http_resp_header(resp, "x-ms-client-request-id", crid);
    ak_http_resp_header(resp, "Cache-Control", "no-cache");

    /* split the path */
    const char *path = ak_http_path(req);
    char *copy = ak_xstrdup(path);
    char *save = NULL;
    for (char *tok = strtok_r(copy, "/", &save); tok; tok = strtok_r(NULL, "/", &save)) {
        if (c.nseg == ARM_MAX_SEGS) {
            arm_error(&c, 404, "NotFound", "The path has too many segments.");
            goto out;
        }
        c.seg[c.nseg] = ak_xstrdup(tok);
        c.lseg[c.nseg] = ak_lower_dup(tok);
        c.nseg++;
    }

    if (c.nseg == 1 && arm_seg_is(&c, 0, "healthz")) {
        ak_http_resp_text(resp, 200, "text/plain; charset=utf-8", "ok\n");
        goto out;
    }
    if (c.nseg >= 1 && arm_seg_is(&c, 0, "adfs")) {
        if (c.nseg == 3 && arm_seg_is(&c, 1, ".well-known") &&
            arm_seg_is(&c, 2, "openid-configuration") && strcmp(c.method, "GET") == 0)
            adfs_openid(&c);
        else if (c.nseg == 3 && arm_seg_is(&c, 1, "oauth2") && arm_seg_is(&c, 2, "token") &&
                 strcmp(c.method, "POST") == 0)
            adfs_token(&c);
        else if (c.nseg == 3 && arm_seg_is(&c, 1, "discovery") && arm_seg_is(&c, 2, "keys"))
            arm_json(&c, 200, json_pack("{s:[]}", "keys"));
        else
            not_found_path(&c);
        goto out;
    }

    if (c.nseg == 2 && arm_seg_is(&c, 0, "metadata") && arm_seg_is(&c, 1, "endpoints") &&
        ak_http_query(req, "api-version")) {
        c.api_version = ak_http_query(req, "api-version");
        if (api_version_ok(c.api_version)) {
            metadata_endpoints(&c); /* unauthenticated, as Azure's */
            goto out;
        }
    }
    if (!arm_authorized(&c))
        goto out;
    if (c.nseg >= 1 && arm_seg_is(&c, 0, "aksemu")) {
        arm_faults(&c);
        goto out;
    }
    c.api_version = ak_http_query(req, "api-version");
    if (c.nseg == 0) {
        not_found_path(&c);
        goto out;
    }
    if (!c.api_version) {
        arm_error(&c, 400, "MissingApiVersionParameter",
                  "The api-version query parameter (?api-version=) is required for all "
                  "requests.");
        goto out;
    }
    if (!api_version_ok(c.api_version)) {
        arm_error(&c, 400, "InvalidApiVersionParameter",
                  "The api-version '%s' is invalid. The supported versions look like "
                  "'2022-11-01' or '2023-01-02-preview'.",
                  c.api_version);
        goto out;
    }
    if (c.nseg == 2 && arm_seg_is(&c, 0, "metadata") && arm_seg_is(&c, 1, "endpoints")) {
        metadata_endpoints(&c);
        goto out;
    }
    if (c.nseg == 1 && arm_seg_is(&c, 0, "tenants")) {
        tenants(&c);
        goto out;
    }
    if (!arm_seg_is(&c, 0, "subscriptions")) {
        not_found_path(&c);
        goto out;
    }
    if (c.nseg <= 2) {
        if (strcmp(c.method, "GET") != 0) {
            arm_error(&c, 405, "MethodNotAllowed",
                      "The requested resource does not support http method '%s'.", c.method);
        } else if (c.nseg == 2 && !ak_state_sub_known(c.st, c.seg[1])) {
            arm_error(&c, 404, "SubscriptionNotFound", "The subscription '%s' could not be found.",
                      c.seg[1]);
        } else {
            subscriptions(&c);
        }
        goto out;
    }
    if (!ak_state_sub_known(c.st, c.seg[1])) {
        arm_error(&c, 404, "SubscriptionNotFound", "The subscription '%s' could not be found.",
                  c.seg[1]);
        goto out;
    }
    if (arm_seg_is(&c, 2, "resourcegroups")) {
        if (c.nseg <= 4) {
            arm_resource_groups(&c);
        } else if (c.nseg == 5 && arm_seg_is(&c, 4, "resources")) {
            arm_rg_resources(&c);
        } else if (c.nseg >= 6 && arm_seg_is(&c, 4, "providers")) {
            if (arm_seg_is(&c, 5, "microsoft.containerservice"))
                arm_container_service(&c, 3, 5);
            else if (arm_seg_is(&c, 5, "microsoft.compute"))
                arm_compute(&c, 3, 5);
            else if (arm_seg_is(&c, 5, "microsoft.costmanagement") && c.nseg == 7 &&
                     arm_seg_is(&c, 6, "query"))
                arm_cost_query(&c, 3);
            else
                arm_error(&c, 400, "InvalidResourceNamespace",
                          "The resource namespace '%s' is invalid or not emulated by aksemu "
                          "(Microsoft.ContainerService and Microsoft.Compute are).",
                          c.seg[5]);
        } else {
            not_found_path(&c);
        }
        goto out;
    }
    if (c.nseg == 3 && arm_seg_is(&c, 2, "resources")) {
        arm_rg_resources(&c);
        goto out;
    }
    if (c.nseg == 4 && arm_seg_is(&c, 2, "operationresults")) {
        arm_sub_operation_result(&c);
        goto out;
    }
    if (c.nseg == 3 && arm_seg_is(&c, 2, "providers")) {
        providers_list(&c);
        goto out;
    }
    if (c.nseg >= 4 && arm_seg_is(&c, 2, "providers")) {
        if (arm_seg_is(&c, 3, "microsoft.containerservice"))
            arm_container_service(&c, -1, 3);
        else if (arm_seg_is(&c, 3, "microsoft.compute"))
            arm_compute(&c, -1, 3);
        else if (arm_seg_is(&c, 3, "microsoft.costmanagement") && c.nseg == 5 &&
                 arm_seg_is(&c, 4, "query"))
            arm_cost_query(&c, -1);
        else
            arm_error(&c, 400, "InvalidResourceNamespace",
                      "The resource namespace '%s' is invalid or not emulated by aksemu.",
                      c.seg[3]);
        goto out;
    }
    not_found_path(&c);
out:
    for (int i = 0; i < c.nseg; i++) {
        free(c.seg[i]);
        free(c.lseg[i]);
    }
    free(copy);
}
