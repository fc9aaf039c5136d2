// api.js - the page's only way out: the public ARM API and each cluster's Kubernetes API,
// both with a bearer token (ARM: the daemon's API token; Kubernetes: the kubeconfig's).

export const API_AKS = '2022-11-01';
export const API_COMPUTE = '2022-11-01';
export const API_SUBS = '2019-11-01';
export const API_COST = '2023-03-01';

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message || `HTTP ${status}`);
    this.status = status;
    this.code = code || '';
  }
}

async function call(url, token, method = 'GET', body, signal) {
  const headers = { Authorization: `Bearer ${token}`, Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const r = await fetch(url, {
    method, headers, signal, cache: 'no-store', credentials: 'omit',
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await r.text();
  let j = null;
  if (text) { try { j = JSON.parse(text); } catch { j = null; } }
  if (!r.ok) {
    const e = j && (j.error || j);
    throw new ApiError(r.status, e && (e.code || e.reason), (e && e.message) || text || r.statusText);
  }
  return j;
}

export class Arm {
  constructor(token) { this.token = token; }
  get(path) { return call(path, this.token); }
  post(path, body) { return call(path, this.token, 'POST', body === undefined ? {} : body); }

  async subscription() {
    const j = await this.get(`/subscriptions?api-version=${API_SUBS}`);
    const s = j && j.value && j.value[0];
    if (!s) throw new ApiError(404, 'SubscriptionNotFound', 'the daemon has no subscription');
    return s.subscriptionId;
  }
  async clusters(sub) {
    const j = await this.get(`/subscriptions/${sub}/providers/Microsoft.ContainerService/managedClusters?api-version=${API_AKS}`);
    return (j && j.value) || [];
  }
  async pools(clusterId) {
    const j = await this.get(`${clusterId}/agentPools?api-version=${API_AKS}`);
    return (j && j.value) || [];
  }
  // The cluster's kubeconfig, as az aks get-credentials --admin gets it: server URL and token.
  async kubeAccess(clusterId) {
    const j = await this.post(`${clusterId}/listClusterAdminCredential?api-version=${API_AKS}`);
    const kc = j && j.kubeconfigs && j.kubeconfigs[0];
    if (!kc) throw new ApiError(500, 'NoKubeconfig', 'listClusterAdminCredential returned no kubeconfig');
    const text = new TextDecoder().decode(Uint8Array.from(atob(kc.value), (c) => c.charCodeAt(0)));
    const server = /^\s*server:\s*(\S+)\s*$/m.exec(text);
    const token = /^\s*token:\s*(\S+)\s*$/m.exec(text);
    if (!server || !token) throw new ApiError(500, 'BadKubeconfig', 'the kubeconfig has no server or token');
    let url = new URL(server[1].replace(/^["']|["']$/g, ''));
    // the page may only talk to its own origin (CSP connect-src 'self'): same host and port
    if (url.origin !== location.origin) url = new URL(url.pathname, location.origin);
    return { server: url.href.replace(/\/$/, ''), token: token[1].replace(/^["']|["']$/g, '') };
  }
  simulateEviction(vmId) { return this.post(`${vmId}/simulateEviction?api-version=${API_COMPUTE}`); }
  fault(body) { return this.post('/aksemu/v1/faults', body); }
  costQuery(sub, body) {
    return this.post(`/subscriptions/${sub}/providers/Microsoft.CostManagement/query?api-version=${API_COST}`, body);
  }
}

export class Kube {
  constructor(server, token) { this.server = server; this.token = token; }
  get(path, signal) { return call(this.server + path, this.token, 'GET', undefined, signal); }
}

// List + watch of one resource, as client-go's reflector: pages of `limit` objects, then a watch
// from the list's resourceVersion; a watch that ends is resumed from the last version seen; a
// 410 Gone (the version is too old) lists again. Handlers:
//   reset(items)   the complete set after a (re)list (called once per page with more=true)
//   event(type, o) ADDED | MODIFIED | DELETED
//   state(s)       'listing' | 'watching' | 'retrying'
export class Informer {
  constructor(kube, path, handlers, { pageSize = 500, firstPage = 0 } = {}) {
    this.kube = kube;
    this.path = path;
    this.h = handlers;
    this.pageSize = pageSize;
    this.firstPage = firstPage || pageSize; // a small first page: the first screen sooner
    this.ctl = null;
    this.stopped = false;
    this.rv = '';
  }
  start() { this.loop(); return this; }
  stop() { this.stopped = true; if (this.ctl) this.ctl.abort(); }

  async list(signal) {
    this.h.state && this.h.state('listing');
    let cont = '';
    let first = true;
    for (;;) {
      const q = `?limit=${first ? this.firstPage : this.pageSize}${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`;
      const j = await this.kube.get(this.path + q, signal);
      cont = (j.metadata && j.metadata.continue) || '';
      this.rv = (j.metadata && j.metadata.resourceVersion) || this.rv;
      this.h.reset(j.items || [], { first, more: !!cont });
      first = false;
      if (!cont) return;
    }
  }

  async watch(signal) {
    const sep = this.path.includes('?') ? '&' : '?';
    const url = `${this.kube.server}${this.path}${sep}watch=1&allowWatchBookmarks=true&timeoutSeconds=290&resourceVersion=${encodeURIComponent(this.rv)}`;
    const r = await fetch(url, {
      headers: { Authorization: `Bearer ${this.kube.token}`, Accept: 'application/json' },
      signal, cache: 'no-store', credentials: 'omit',
    });
    if (r.status === 410) return 'gone';
    if (!r.ok) throw new ApiError(r.status, '', `watch ${this.path}: HTTP ${r.status}`);
    this.h.state && this.h.state('watching');
    const reader = r.body.pipeThrough(new TextDecoderStream()).getReader();
    let buf = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return 'ended';
      buf += value;
      let i;
      const batch = [];
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i).trim();
        buf = buf.slice(i + 1);
        if (!line) continue;
        const ev = JSON.parse(line);
        if (ev.type === 'ERROR') {
          if (ev.object && ev.object.code === 410) { reader.cancel().catch(() => {}); return 'gone'; }
          throw new ApiError(ev.object && ev.object.code, ev.object && ev.object.reason, ev.object && ev.object.message);
        }
        const o = ev.object;
        if (o && o.metadata && o.metadata.resourceVersion) this.rv = o.metadata.resourceVersion;
        if (ev.type !== 'BOOKMARK') batch.push(ev);
      }
      if (batch.length) this.h.events(batch);
    }
  }

  async loop() {
    let needList = true;
    let backoff = 500;
    while (!this.stopped) {
      this.ctl = new AbortController();
      try {
        if (needList) { await this.list(this.ctl.signal); needList = false; }
        const how = await this.watch(this.ctl.signal);
        if (how === 'gone') needList = true;
        backoff = 500;
      } catch (e) {
        if (this.stopped || (e && e.name === 'AbortError')) return;
        this.h.state && this.h.state('retrying', e);
        await new Promise((res) => setTimeout(res, backoff));
        backoff = Math.min(backoff * 2, 8000);
        if (e instanceof ApiError && e.status === 410) needList = true;
      }
    }
  }
}

// Kubernetes quantities: cpu in millicores, memory and storage in bytes.
const SUFFIX = { Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4, Pi: 1024 ** 5, Ei: 1024 ** 6,
  n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, K: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };
export function quantity(q) {
  if (q === undefined || q === null) return 0;
  if (typeof q === 'number') return q;
  const m = /^([+-]?[0-9.]+(?:[eE][+-]?[0-9]+)?)([a-zA-Z]*)$/.exec(String(q).trim());
  if (!m) return 0;
  const f = SUFFIX[m[2]];
  return f === undefined ? 0 : parseFloat(m[1]) * f;
}
export const milliCpu = (q) => Math.round(quantity(q) * 1000);
