// app.js - aksemu's web view. Reads the public ARM API (clusters, pools, credentials, cost) with
// the daemon's token and each cluster's Kubernetes API (nodes, pods, events: list + watch) with
// the kubeconfig's token. No framework: state in Maps, views drawn on animation frames, long
// lists virtualised (vlist.js), so one change redraws at most the rows in view.
import { Arm, Kube, Informer, ApiError, quantity, milliCpu } from './api.js';
import { VList } from './vlist.js';

const $ = (id) => document.getElementById(id);
function h(tag, props, ...kids) {
  const e = document.createElement(tag);
  if (props) {
    for (const [k, v] of Object.entries(props)) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') e.className = v;
      else if (k === 'text') e.textContent = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? '' : v);
    }
  }
  for (const k of kids.flat()) if (k !== null && k !== undefined && k !== false) e.append(k);
  return e;
}
const SVG = 'http://www.w3.org/2000/svg';
function s(tag, attrs, ...kids) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) if (k === 'text') e.textContent = v; else e.setAttribute(k, v);
  for (const k of kids.flat()) if (k) e.append(k);
  return e;
}

// nodes in the first LIST page: a screen of rows (800 px / 40 px) and some, drawn at once
const FIRST_PAGE = 40;
const VIEWS = ['pools', 'nodes', 'map', 'pods', 'events', 'cost'];
const S = {
  arm: null, sub: '', token: '',
  clusters: [], pools: new Map(), armKey: '',
  cluster: null, kube: null, informers: [], synced: {},
  nodes: new Map(), pods: new Map(), events: new Map(),
  usage: new Map(), // node name -> { cpu, mem, pods: Set(uid) }
  view: 'pools', detail: null,
  cost: { byVmss: new Map(), tags: [], series: [], at: 0, error: '' },
  marks: {},
};

// ---------------------------------------------------------------- formatting
const fmtCpu = (m) => (m >= 1000 ? `${(m / 1000).toFixed(m % 1000 ? 2 : 0).replace(/\.?0+$/, '')}` : `${m}m`);
function fmtBytes(b) {
  const u = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (b >= 1024 && i < u.length - 1) { b /= 1024; i++; }
  return `${b >= 100 || i === 0 ? Math.round(b) : b.toFixed(1)} ${u[i]}`;
}
const pct = (a, b) => (b > 0 ? Math.min(999, Math.round((a / b) * 100)) : 0);
const usd = (v) => (v >= 100 ? v.toFixed(0) : v >= 1 ? v.toFixed(2) : v.toFixed(4));
function ago(t) {
  if (!t) return '';
  const d = Math.max(0, (Date.now() - Date.parse(t)) / 1000);
  if (d < 60) return `${Math.floor(d)}s`;
  if (d < 3600) return `${Math.floor(d / 60)}m`;
  if (d < 86400) return `${Math.floor(d / 3600)}h`;
  return `${Math.floor(d / 86400)}d`;
}
function hue(str) {
  let x = 2166136261;
  for (let i = 0; i < str.length; i++) { x ^= str.charCodeAt(i); x = Math.imul(x, 16777619); }
  return (x >>> 0) % 360;
}

// ---------------------------------------------------------------- toast, live status
let toastTimer = 0;
function toast(msg, bad = false) {
  const t = $('toast');
  t.textContent = msg;
  t.classList.toggle('bad', bad);
  t.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { t.hidden = true; }, bad ? 9000 : 5000);
}
function setLive() {
  const st = Object.values(S.synced);
  const live = $('live');
  let text;
  let cls = 'live';
  if (!S.cluster) text = S.clusters.length ? 'no cluster selected' : 'no clusters yet';
  else if (st.some((x) => x === 'retrying')) { text = 'reconnecting…'; cls += ' warn'; }
  else if (st.length && st.every((x) => x === 'watching')) { text = 'live'; cls += ' ok'; }
  else text = 'loading…';
  if (live.textContent !== text) live.textContent = text;
  live.className = cls;
}

// ---------------------------------------------------------------- records
function nodeRec(o, prev) {
  const md = o.metadata || {};
  const lab = md.labels || {};
  const st = o.status || {};
  const conds = st.conditions || [];
  const ready = conds.find((c) => c.type === 'Ready');
  const vme = conds.find((c) => c.type === 'VMEventScheduled' && c.status === 'True');
  let preemptAt = 0;
  if (vme) {
    const m = /Scheduled: (.+?)\. DurationInSeconds/.exec(vme.message || '');
    if (m) preemptAt = Date.parse(m[1]) || 0;
  }
  const pool = lab['kubernetes.azure.com/agentpool'] || lab.agentpool || '';
  const rec = {
    kind: 'node', name: md.name, v: prev ? prev.v + 1 : 1, o, pool,
    spot: lab['kubernetes.azure.com/scalesetpriority'] === 'spot',
    mode: lab['kubernetes.azure.com/mode'] || '',
    vmSize: lab['node.kubernetes.io/instance-type'] || '',
    zone: lab['topology.kubernetes.io/zone'] || '',
    ready: ready ? ready.status : 'Unknown',
    unsched: !!(o.spec && o.spec.unschedulable),
    cpuAlloc: milliCpu((st.allocatable || {}).cpu),
    memAlloc: quantity((st.allocatable || {}).memory),
    podsAlloc: quantity((st.allocatable || {}).pods),
    preemptAt,
  };
  const labs = Object.entries(lab).map(([k, v]) => `${k}=${v}`).join(' ');
  rec.search = `${rec.name} pool=${pool} ${pool} ${rec.vmSize} ${rec.spot ? 'spot' : ''} ${statusText(rec)} ${labs}`.toLowerCase();
  return rec;
}
function statusText(n) {
  let t = n.ready === 'True' ? 'Ready' : 'NotReady';
  if (n.unsched) t += ',SchedulingDisabled';
  return t;
}
function workloadOf(o) {
  const ref = ((o.metadata || {}).ownerReferences || [])[0];
  if (!ref) return `Pod ${o.metadata.name}`;
  if (ref.kind === 'ReplicaSet') {
    const m = /^(.*)-[a-z0-9]{5,10}$/.exec(ref.name);
    return `Deployment ${m ? m[1] : ref.name}`;
  }
  if (ref.kind === 'Job') {
    const m = /^(.*)-[0-9]{8,}$/.exec(ref.name);
    return m ? `CronJob ${m[1]}` : `Job ${ref.name}`;
  }
  return `${ref.kind} ${ref.name}`;
}
function podRec(o, prev) {
  const md = o.metadata || {};
  const spec = o.spec || {};
  const st = o.status || {};
  let cpu = 0;
  let mem = 0;
  for (const c of spec.containers || []) {
    const r = (c.resources && c.resources.requests) || {};
    cpu += milliCpu(r.cpu);
    mem += quantity(r.memory);
  }
  const phase = md.deletionTimestamp ? 'Terminating' : st.phase || 'Pending';
  const owner = workloadOf(o);
  const rec = {
    kind: 'pod', uid: md.uid, v: prev ? prev.v + 1 : 1, o, ns: md.namespace, name: md.name,
    node: spec.nodeName || '', phase, qos: st.qosClass || '', cpu, mem, owner,
    ds: owner.startsWith('DaemonSet '),
    active: st.phase !== 'Succeeded' && st.phase !== 'Failed',
  };
  rec.search = `${rec.ns}/${rec.name} ${rec.node} ${phase} ${rec.qos} ${owner}`.toLowerCase();
  return rec;
}
function eventRec(o, prev) {
  const md = o.metadata || {};
  const io = o.involvedObject || o.regarding || {};
  const time = o.lastTimestamp || o.eventTime || o.firstTimestamp || md.creationTimestamp || '';
  const rec = {
    kind: 'event', uid: md.uid || `${md.namespace}/${md.name}`, v: prev ? prev.v + 1 : 1,
    type: o.type || 'Normal', reason: o.reason || '', obj: `${io.kind || ''}/${io.name || ''}`,
    ns: md.namespace || '', msg: o.message || o.note || '', time, t: Date.parse(time) || 0, count: o.count || 1,
  };
  rec.search = `${rec.type} ${rec.reason} ${rec.obj} ${rec.msg}`.toLowerCase();
  return rec;
}

// usage: the requests of the active pods bound to each node
function usageOf(node) {
  let u = S.usage.get(node);
  if (!u) { u = { cpu: 0, mem: 0, pods: new Set() }; S.usage.set(node, u); }
  return u;
}
function usageApply(old, rec) {
  if (old && old.active && old.node) {
    const u = usageOf(old.node);
    if (u.pods.delete(old.uid)) { u.cpu -= old.cpu; u.mem -= old.mem; }
    bumpNode(old.node);
  }
  if (rec && rec.active && rec.node) {
    const u = usageOf(rec.node);
    if (!u.pods.has(rec.uid)) { u.pods.add(rec.uid); u.cpu += rec.cpu; u.mem += rec.mem; }
    bumpNode(rec.node);
  }
}
function bumpNode(name) {
  const n = S.nodes.get(name);
  if (n) { n.v++; dirty.nodesRows = true; if (S.detail && S.detail.kind === 'node' && S.detail.name === name) dirty.detail = true; }
}

// ---------------------------------------------------------------- scheduling redraws
const dirty = { nodesSet: false, nodesRows: false, mapSet: false, podsSet: false, podsRows: false, eventsSet: false, pools: false, detail: false, counts: false };
let frame = 0;
function redraw() {
  if (frame) return;
  frame = requestAnimationFrame(() => { frame = 0; draw(); });
}
let lastEventsBuild = 0;
function draw() {
  // the node list is always kept (its count is in the tab bar); the node map and the pod list
  // (25,000+ pods to filter and sort) are built when in view
  if (dirty.nodesSet) { dirty.nodesSet = false; buildNodes(); dirty.mapSet = true; }
  if (dirty.mapSet && S.view === 'map') { dirty.mapSet = false; buildMap(); }
  if (dirty.nodesRows) { dirty.nodesRows = false; lists.nodes.refresh(); lists.map.refresh(); }
  if (dirty.podsSet && S.view === 'pods') { dirty.podsSet = false; buildPods(); dirty.podsRows = false; }
  if (dirty.podsRows) { dirty.podsRows = false; lists.pods.refresh(); }
  if (dirty.eventsSet) {
    const now = performance.now();
    if (now - lastEventsBuild > 400 || S.view === 'events') { dirty.eventsSet = false; lastEventsBuild = now; buildEvents(); } else setTimeout(redraw, 450);
  }
  if (dirty.counts) {
    dirty.counts = false;
    $('count-nodes').textContent = S.nodes.size ? String(S.nodes.size) : '';
    $('count-pods').textContent = S.pods.size ? String(S.pods.size) : '';
  }
  if (dirty.detail) { dirty.detail = false; updateDetail(); }
  if (dirty.pools) { dirty.pools = false; if (S.view === 'pools') renderPools(); }
}

// ---------------------------------------------------------------- lists
const lists = {};
const filters = { nodes: [], map: [], pods: [], events: [] };
function terms(id) { return $(id).value.toLowerCase().split(/\s+/).filter(Boolean); }
const matches = (rec, t) => t.every((x) => rec.search.includes(x));
const byName = (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

function buildNodes() {
  const t = filters.nodes;
  const items = [];
  for (const n of S.nodes.values()) if (!t.length || matches(n, t)) items.push(n);
  items.sort(byName);
  lists.nodes.setItems(items);
  $('shown-nodes').textContent = t.length ? `${items.length} of ${S.nodes.size} nodes` : `${S.nodes.size} nodes`;
}
function workloadsOn(n) {
  const u = S.usage.get(n.name);
  const set = new Set();
  if (u) for (const uid of u.pods) { const p = S.pods.get(uid); if (p && !p.ds) set.add(p.owner); }
  return set;
}
function buildMap() {
  const t = filters.map;
  const shared = $('map-shared').checked;
  const items = [];
  for (const n of S.nodes.values()) {
    if (t.length && !matches(n, t)) {
      // a workload name matches too
      const u = S.usage.get(n.name);
      let hit = false;
      if (u) for (const uid of u.pods) { const p = S.pods.get(uid); if (p && matches(p, t)) { hit = true; break; } }
      if (!hit) continue;
    }
    if (shared && workloadsOn(n).size < 2) continue;
    items.push(n);
  }
  items.sort(byName);
  lists.map.setItems(items);
  $('shown-map').textContent = `${items.length} nodes`;
}
function buildPods() {
  const t = filters.pods;
  const items = [];
  for (const p of S.pods.values()) if (!t.length || matches(p, t)) items.push(p);
  items.sort((a, b) => (a.ns < b.ns ? -1 : a.ns > b.ns ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  lists.pods.setItems(items);
  $('shown-pods').textContent = t.length ? `${items.length} of ${S.pods.size} pods` : `${S.pods.size} pods`;
}
function buildEvents() {
  const t = filters.events;
  const warn = $('events-warn').checked;
  const items = [];
  for (const e of S.events.values()) if ((!warn || e.type === 'Warning') && (!t.length || matches(e, t))) items.push(e);
  items.sort((a, b) => b.t - a.t);
  lists.events.setItems(items);
  $('shown-events').textContent = `${items.length} events`;
}

function bar(cls) {
  const b = h('span', { class: `bar ${cls || ''}` }, h('span', { class: 'fill' }));
  const l = h('span', { class: 'barlabel' });
  return [h('span', { class: 'barcell' }, b, l), b.firstChild, l];
}
function setBar(fill, label, used, total, text) {
  const p = pct(used, total);
  fill.style.width = `${Math.min(100, p)}%`;
  fill.className = `fill${p >= 90 ? ' hot' : p >= 70 ? ' warm' : ''}`;
  label.textContent = text;
}
function countdown(n) {
  const left = Math.max(0, Math.ceil((n.preemptAt - Date.now()) / 1000));
  return `Preempt in ${left} s`;
}

function renderNodeRow(el, n, first) {
  if (first) {
    el.replaceChildren();
    el.classList.add('nodes-cols');
    el.c = {};
    el.c.name = h('span', { class: 'name' });
    el.c.pool = h('span', { class: 'muted' });
    el.c.status = h('span', { class: 'status' });
    const [cc, cf, cl] = bar();
    const [mc, mf, ml] = bar();
    el.c.cf = cf; el.c.cl = cl; el.c.mf = mf; el.c.ml = ml;
    el.c.pods = h('span', { class: 'num' });
    el.append(el.c.name, el.c.pool, el.c.status, cc, mc, el.c.pods);
  }
  const u = S.usage.get(n.name) || { cpu: 0, mem: 0, pods: new Set() };
  el.c.name.textContent = n.name;
  el.c.name.classList.toggle('spot', n.spot);
  el.c.pool.textContent = n.pool + (n.spot ? ' · spot' : '');
  const st = n.preemptAt ? `${statusText(n)} · ${countdown(n)}` : statusText(n);
  el.c.status.textContent = st;
  el.c.status.className = `status ${n.ready === 'True' ? 'ok' : 'bad'}${n.preemptAt ? ' preempt' : ''}`;
  setBar(el.c.cf, el.c.cl, u.cpu, n.cpuAlloc, `${fmtCpu(u.cpu)} / ${fmtCpu(n.cpuAlloc)} (${pct(u.cpu, n.cpuAlloc)}%)`);
  setBar(el.c.mf, el.c.ml, u.mem, n.memAlloc, `${fmtBytes(u.mem)} / ${fmtBytes(n.memAlloc)} (${pct(u.mem, n.memAlloc)}%)`);
  el.c.pods.textContent = String(u.pods.size);
  el.setAttribute('aria-label', `${n.name}, pool ${n.pool}${n.spot ? ' (spot)' : ''}, ${st}, CPU requested ${pct(u.cpu, n.cpuAlloc)}%, memory requested ${pct(u.mem, n.memAlloc)}%, ${u.pods.size} pods`);
}

function renderMapRow(el, n, first) {
  if (first) {
    el.replaceChildren();
    el.classList.add('maprow');
    el.c = { name: h('span', { class: 'name' }), track: h('span', { class: 'track' }), info: h('span', { class: 'muted info' }) };
    el.append(el.c.name, el.c.track, el.c.info);
  }
  const u = S.usage.get(n.name);
  el.c.name.textContent = n.name;
  el.c.name.classList.toggle('bad', n.ready !== 'True');
  const chips = [];
  const owners = new Set();
  const pods = [];
  if (u) for (const uid of u.pods) { const p = S.pods.get(uid); if (p) pods.push(p); }
  pods.sort((a, b) => (a.ds === b.ds ? b.cpu - a.cpu : a.ds ? 1 : -1));
  for (const p of pods) {
    const w = Math.max(1.2, n.cpuAlloc ? (p.cpu / n.cpuAlloc) * 100 : 2);
    const chip = h('span', { class: `chip${p.ds ? ' ds' : ''}`, title: `${p.ns}/${p.name} · ${p.owner} · ${fmtCpu(p.cpu)} CPU, ${fmtBytes(p.mem)} · ${p.phase}` });
    chip.style.width = `${w}%`;
    chip.style.backgroundColor = p.ds ? '' : `hsl(${hue(p.owner)} 65% 50%)`;
    chips.push(chip);
    if (!p.ds) owners.add(p.owner);
  }
  el.c.track.replaceChildren(...chips);
  el.c.info.textContent = `${pods.length} pods · ${owners.size} workload${owners.size === 1 ? '' : 's'}`;
  el.setAttribute('aria-label', `${n.name}: ${pods.length} pods of ${owners.size} workloads: ${[...owners].slice(0, 8).join(', ')}`);
}

function renderPodRow(el, p, first) {
  if (first) {
    el.replaceChildren();
    el.classList.add('pods-cols');
    el.c = { name: h('span', { class: 'name' }), node: h('span', { class: 'muted' }), phase: h('span', { class: 'status' }), qos: h('span'), req: h('span', { class: 'muted' }) };
    el.append(el.c.name, el.c.node, el.c.phase, el.c.qos, el.c.req);
  }
  el.c.name.textContent = `${p.ns}/${p.name}`;
  el.c.node.textContent = p.node || '(not scheduled)';
  el.c.phase.textContent = p.phase;
  el.c.phase.className = `status ${p.phase === 'Running' || p.phase === 'Succeeded' ? 'ok' : p.phase === 'Pending' ? 'warn' : 'bad'}`;
  el.c.qos.textContent = p.qos;
  el.c.req.textContent = `${fmtCpu(p.cpu)} CPU · ${fmtBytes(p.mem)}`;
  el.setAttribute('aria-label', `${p.ns}/${p.name} on ${p.node || 'no node'}, ${p.phase}, QoS ${p.qos}`);
}

function renderEventRow(el, e, first) {
  if (first) {
    el.replaceChildren();
    el.classList.add('event-cols');
    el.c = { time: h('span', { class: 'muted' }), type: h('span', { class: 'status' }), reason: h('span', { class: 'name' }), obj: h('span', { class: 'muted' }), msg: h('span', { class: 'msg' }) };
    el.append(el.c.time, el.c.type, el.c.reason, el.c.obj, el.c.msg);
  }
  el.c.time.textContent = e.time ? new Date(e.t).toLocaleTimeString() : '';
  el.c.type.textContent = e.type;
  el.c.type.className = `status ${e.type === 'Warning' ? 'bad' : 'ok'}`;
  el.c.reason.textContent = e.count > 1 ? `${e.reason} ×${e.count}` : e.reason;
  el.c.obj.textContent = e.obj;
  el.c.msg.textContent = e.msg;
  el.title = e.msg;
  el.setAttribute('aria-label', `${e.type} ${e.reason} ${e.obj}: ${e.msg}`);
}

// ---------------------------------------------------------------- ARM: clusters and pools
async function pollArm() {
  if (!S.arm) return;
  try {
    const clusters = await S.arm.clusters(S.sub);
    if (!S.cluster && !S.clusters.length && clusters.length) {
      // first poll: the cluster's credentials and first node page need not wait for the pools
      S.clusters = clusters;
      selectCluster(pickCluster(S.want));
    }
    const pools = await Promise.all(clusters.map((c) => S.arm.pools(c.id).catch(() => [])));
    const key = JSON.stringify([clusters, pools]);
    if (key !== S.armKey) {
      S.armKey = key;
      S.clusters = clusters;
      S.pools = new Map(clusters.map((c, i) => [c.id.toLowerCase(), pools[i]]));
      renderClusterPick();
      dirty.pools = true;
      redraw();
      if (S.cluster && !clusters.some((c) => c.id.toLowerCase() === S.cluster.id.toLowerCase())) selectCluster(null);
      else if (!S.cluster && clusters.length) selectCluster(pickCluster(S.want));
    }
  } catch (e) {
    handleArmError(e);
  }
  setLive();
}
function pickCluster(name) {
  return (name && S.clusters.find((c) => c.name === name)) || S.clusters[0] || null;
}
function renderClusterPick() {
  const sel = $('cluster');
  const cur = S.cluster ? S.cluster.id.toLowerCase() : '';
  sel.replaceChildren(...S.clusters.map((c) => h('option', { value: c.id.toLowerCase(), selected: c.id.toLowerCase() === cur, text: `${c.name} (${c.id.split('/')[4]})` })));
  sel.disabled = !S.clusters.length;
}
function handleArmError(e) {
  if (e instanceof ApiError && (e.status === 401 || e.status === 403)) {
    askToken(`The daemon refused the token (${e.status} ${e.code}): ${e.message}`);
  } else {
    $('live').textContent = `ARM unreachable: ${e.message}`;
  }
}

// ---------------------------------------------------------------- Kubernetes: informers
function stopInformers() {
  for (const i of S.informers) i.stop();
  S.informers = [];
  S.synced = {};
  S.nodes.clear(); S.pods.clear(); S.events.clear(); S.usage.clear();
  Object.assign(dirty, { nodesSet: true, podsSet: true, eventsSet: true, counts: true, pools: true });
  redraw();
}
async function selectCluster(c) {
  stopInformers();
  closeDetail();
  S.cluster = c;
  renderClusterPick();
  setLive();
  if (!c) return;
  let access;
  try {
    access = await S.arm.kubeAccess(c.id);
  } catch (e) {
    toast(`Cannot get the credentials of ${c.name}: ${e.message}`, true);
    return;
  }
  if (S.cluster !== c) return;
  const kube = new Kube(access.server, access.token);
  S.kube = kube;
  const track = (what) => (st) => { S.synced[what] = st; setLive(); };
  // nodes first: the first screen of the node list needs them only
  const seen = { nodes: null, pods: null, events: null };
  // An object that changes keeps its record (updated in place, v + 1): the lists hold the
  // records, so a change redraws its row (if in view) without rebuilding and re-sorting the
  // list; only added and deleted objects - or a filter, or the events' time order - do.
  const put = (map, k, o, mk, onChange) => {
    const old = map.get(k);
    const rec = mk(o, old);
    onChange(old, rec);
    if (old) { Object.assign(old, rec); return false; }
    map.set(k, rec);
    return true;
  };
  const informer = (what, path, map, mk, keyOf, onChange, after) => new Informer(kube, path, {
    state: track(what),
    reset(items, { first, more }) {
      if (first) seen[what] = new Set();
      for (const o of items) {
        const k = keyOf(o);
        seen[what].add(k);
        put(map, k, o, mk, onChange);
      }
      if (!more) {
        for (const [k, old] of map) if (!seen[what].has(k)) { map.delete(k); onChange(old, null); }
        seen[what] = null;
        if (!S.marks[what]) { S.marks[what] = true; performance.mark(`aksemu:${what}-listed`); }
        if (after) { const f = after; after = null; f(); }
      }
      markSet(what, true);
    },
    events(batch) {
      let set = false;
      for (const ev of batch) {
        const k = keyOf(ev.object);
        if (ev.type === 'DELETED') {
          const old = map.get(k);
          if (old) { map.delete(k); onChange(old, null); set = true; }
        } else if (put(map, k, ev.object, mk, onChange)) set = true;
      }
      markSet(what, set);
    },
  }, { pageSize: 1000, firstPage: what === 'nodes' ? FIRST_PAGE : 1000 });
  const markSet = (what, set) => {
    if (what === 'nodes') {
      if (set || filters.nodes.length) dirty.nodesSet = true;
      else dirty.nodesRows = true;
      if (filters.map.length || $('map-shared').checked) dirty.mapSet = true;
    } else if (what === 'pods') {
      if (set || filters.pods.length) dirty.podsSet = true;
      else dirty.podsRows = true;
      dirty.nodesRows = true;
      if (filters.map.length || $('map-shared').checked) dirty.mapSet = true; // workloads per node
    } else dirty.eventsSet = true;
    if (set) dirty.counts = true;
    if (what !== 'events') dirty.pools = true;
    redraw();
  };
  const nodeChange = (old, rec) => {
    const name = (rec || old).name;
    if (S.detail && S.detail.kind === 'node' && S.detail.name === name) dirty.detail = true;
  };
  const podChange = (old, rec) => {
    usageApply(old, rec);
    if (S.detail && S.detail.kind === 'pod' && S.detail.uid === (rec || old).uid) dirty.detail = true;
  };
  const events = informer('events', '/api/v1/events', S.events, eventRec, (o) => o.metadata.uid || `${o.metadata.namespace}/${o.metadata.name}`, () => {});
  const pods = informer('pods', '/api/v1/pods', S.pods, podRec, (o) => o.metadata.uid, podChange, () => S.informers.push(events.start()));
  const nodes = informer('nodes', '/api/v1/nodes', S.nodes, nodeRec, (o) => o.metadata.name, nodeChange, () => S.informers.push(pods.start()));
  S.informers.push(nodes.start());
  S.synced = { nodes: 'listing' };
}

// ---------------------------------------------------------------- pools view
function poolNodes(pool) {
  let total = 0;
  let ready = 0;
  for (const n of S.nodes.values()) if (n.pool === pool) { total++; if (n.ready === 'True') ready++; }
  return { total, ready };
}
function renderPools() {
  const host = $('clusters');
  const focusKey = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.key : null;
  if (!S.clusters.length) {
    host.replaceChildren(h('p', { class: 'vempty', text: 'No managed clusters in this subscription yet. Create one with az aks create or aksemu aks create.' }));
    return;
  }
  const out = [];
  for (const c of S.clusters) {
    const p = c.properties || {};
    const pools = S.pools.get(c.id.toLowerCase()) || [];
    const isSel = S.cluster && S.cluster.id.toLowerCase() === c.id.toLowerCase();
    const rows = pools.map((ap) => {
      const q = ap.properties || {};
      const auto = q.enableAutoScaling;
      const count = auto ? `${q.count} (${q.minCount}–${q.maxCount})` : String(q.count);
      const nn = isSel ? poolNodes(ap.name) : null;
      const tags = Object.entries(q.tags || {}).map(([k, v]) => h('span', { class: 'tag', text: `${k}=${v}` }));
      const cost = S.cost.byVmss.get(`${(p.nodeResourceGroup || '').toLowerCase()}|${ap.name.toLowerCase()}`);
      const prio = q.scaleSetPriority === 'Spot' ? `Spot (${q.scaleSetEvictionPolicy || 'Delete'}, max ${q.spotMaxPrice === -1 || q.spotMaxPrice === undefined ? 'on-demand price' : `$${q.spotMaxPrice}`})` : 'Regular';
      const name = isSel
        ? h('button', { type: 'button', class: 'link', 'data-key': `pool:${c.id}:${ap.name}`, onclick: () => { $('filter-nodes').value = `pool=${ap.name}`; filters.nodes = terms('filter-nodes'); dirty.nodesSet = true; showView('nodes'); }, text: ap.name, 'aria-label': `${ap.name}: show its nodes` })
        : h('span', { text: ap.name });
      return h('tr', { 'data-pool': ap.name },
        h('th', { scope: 'row' }, name),
        h('td', { text: q.mode || '' }),
        h('td', { text: q.vmSize || '' }),
        h('td', { text: prio }),
        h('td', { class: 'num', text: count }),
        h('td', { class: 'num', text: nn ? `${nn.ready} / ${nn.total}` : '–' }),
        h('td', { class: `state ${q.provisioningState === 'Succeeded' ? 'ok' : q.provisioningState === 'Failed' ? 'bad' : 'warn'}`, text: q.provisioningState || '' }),
        h('td', { class: 'tags' }, tags.length ? tags : h('span', { class: 'muted', text: '–' })),
        h('td', { class: 'num', text: cost ? usd(cost.cost) : '–' }));
    });
    out.push(h('section', { class: 'cluster', 'aria-label': `cluster ${c.name}` },
      h('h2', {}, c.name, ' ', isSel ? h('span', { class: 'pill', text: 'selected' }) : h('button', { type: 'button', class: 'ghost small', 'data-key': `sel:${c.id}`, onclick: () => { S.want = c.name; selectCluster(c); }, text: 'select' })),
      h('p', { class: 'muted', text: `${c.id.split('/')[4]} · ${c.location} · Kubernetes ${p.currentKubernetesVersion || p.kubernetesVersion || ''} · ${p.provisioningState || ''} · nodes in ${p.nodeResourceGroup || ''}` }),
      h('div', { class: 'scroll' }, h('table', { class: 'data pools' },
        h('caption', { text: `Node pools of ${c.name}` }),
        h('thead', {}, h('tr', {}, ...['Pool', 'Mode', 'VM size', 'Priority', 'Count (min–max)', 'Nodes ready', 'Provisioning', 'Tags', 'USD so far'].map((t, i) => h('th', { scope: 'col', class: [4, 5, 8].includes(i) ? 'num' : '', text: t })))),
        h('tbody', {}, rows)))));
  }
  host.replaceChildren(...out);
  if (focusKey) { const f = host.querySelector(`[data-key="${CSS.escape(focusKey)}"]`); if (f) f.focus(); }
}

// ---------------------------------------------------------------- detail panel
function openDetail(item) {
  S.detail = item.kind === 'node' ? { kind: 'node', name: item.name } : { kind: 'pod', uid: item.uid };
  S.detail.from = document.activeElement;
  const body = $('detail-body');
  body.replaceChildren();
  S.detail.parts = item.kind === 'node' ? buildNodeDetail(body, item) : buildPodDetail(body, item);
  $('detail').hidden = false;
  document.body.classList.add('with-detail');
  updateDetail();
  $('detail-title').focus();
}
function closeDetail() {
  if (!S.detail) return;
  const from = S.detail.from;
  clearInterval(S.detail.timer);
  S.detail = null;
  $('detail').hidden = true;
  document.body.classList.remove('with-detail');
  if (from && document.contains(from)) from.focus();
}
function section(title, ...kids) { return h('section', { class: 'dsec' }, h('h3', { text: title }), ...kids); }
function kv(pairs) { return h('dl', { class: 'kv' }, pairs.flatMap(([k, v]) => [h('dt', { text: k }), h('dd', {}, v)])); }

function buildNodeDetail(body, n) {
  const p = {};
  p.status = h('p', { class: 'dstatus', role: 'status', 'aria-live': 'polite' });
  const evict = h('button', { type: 'button', class: 'danger', id: 'act-evict', onclick: () => actEvict(n.name) , text: 'Evict this spot node' });
  const unhealthy = h('button', { type: 'button', id: 'act-unhealthy', onclick: () => actUnhealthy(n.name), text: 'Make unhealthy…' });
  const healthy = h('button', { type: 'button', id: 'act-healthy', onclick: () => actHealthy(n.name), text: 'Make healthy' });
  const fill = h('button', { type: 'button', id: 'act-fill', onclick: () => actFill(n.name), text: 'Fill disk…' });
  p.evict = evict;
  p.summary = h('div');
  p.res = h('div');
  p.disk = h('p', { class: 'muted', text: 'OS disk: …' });
  p.conds = h('div');
  p.taints = h('div');
  p.labels = h('div');
  p.pods = h('div');
  body.append(p.status,
    section('Fault injection', h('div', { class: 'actions' }, n.spot ? evict : null, unhealthy, healthy, fill)),
    section('Node', p.summary), section('Resources', p.res, p.disk), section('Conditions', p.conds),
    section('Taints', p.taints), section('Labels', p.labels), section('Pods on this node', p.pods));
  p.timer = setInterval(() => { if (S.detail && S.detail.kind === 'node') { const x = S.nodes.get(S.detail.name); if (x && x.preemptAt) dirty.detail = true; redraw(); } }, 1000);
  S.detail.timer = p.timer;
  p.diskAt = 0;
  return p;
}
async function loadDisk(n, p) {
  if (!S.kube || n.ready !== 'True' || Date.now() - p.diskAt < 5000) return;
  p.diskAt = Date.now();
  try {
    const j = await S.kube.get(`/api/v1/nodes/${encodeURIComponent(n.name)}/proxy/stats/summary`);
    const fs = (j && j.node && j.node.fs) || {};
    if (fs.capacityBytes) p.disk.textContent = `OS disk: ${fmtBytes(fs.usedBytes || 0)} used of ${fmtBytes(fs.capacityBytes)} (${pct(fs.usedBytes || 0, fs.capacityBytes)}%), ${fmtBytes(fs.availableBytes || 0)} free`;
  } catch (e) {
    p.disk.textContent = `OS disk: unknown (${e.message})`;
  }
}
function table(head, rows) {
  return h('div', { class: 'scroll' }, h('table', { class: 'data small' }, h('thead', {}, h('tr', {}, head.map((t) => h('th', { scope: 'col', text: t })))), h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c) => h('td', { text: c })))))));
}
function updateDetail() {
  const d = S.detail;
  if (!d) return;
  const p = d.parts;
  if (d.kind === 'node') {
    const n = S.nodes.get(d.name);
    $('detail-title').textContent = d.name;
    if (!n) {
      p.status.textContent = 'This node is gone (deleted from the cluster).';
      p.status.className = 'dstatus bad';
      for (const b of $('detail-body').querySelectorAll('.actions button')) b.disabled = true;
      return;
    }
    const u = S.usage.get(n.name) || { cpu: 0, mem: 0, pods: new Set() };
    p.status.textContent = n.preemptAt ? `${statusText(n)} · spot eviction notice: ${countdown(n)}` : statusText(n);
    p.status.className = `dstatus ${n.ready === 'True' ? 'ok' : 'bad'}`;
    const o = n.o;
    p.summary.replaceChildren(kv([
      ['Pool', `${n.pool}${n.mode ? ` (${n.mode})` : ''}`], ['VM size', n.vmSize], ['Priority', n.spot ? 'Spot' : 'Regular'],
      ['Zone', n.zone || '–'], ['Created', `${o.metadata.creationTimestamp || ''} (${ago(o.metadata.creationTimestamp)} ago)`],
      ['Kubelet', ((o.status || {}).nodeInfo || {}).kubeletVersion || ''], ['Provider ID', (o.spec || {}).providerID || ''],
    ]));
    const [cc, cf, cl] = bar();
    const [mc, mf, ml] = bar();
    const [pc, pf, pl] = bar();
    setBar(cf, cl, u.cpu, n.cpuAlloc, `${fmtCpu(u.cpu)} of ${fmtCpu(n.cpuAlloc)} (${pct(u.cpu, n.cpuAlloc)}%)`);
    setBar(mf, ml, u.mem, n.memAlloc, `${fmtBytes(u.mem)} of ${fmtBytes(n.memAlloc)} (${pct(u.mem, n.memAlloc)}%)`);
    setBar(pf, pl, u.pods.size, n.podsAlloc, `${u.pods.size} of ${n.podsAlloc}`);
    p.res.replaceChildren(kv([['CPU requested / allocatable', cc], ['Memory requested / allocatable', mc], ['Pods', pc]]));
    loadDisk(n, p);
    p.conds.replaceChildren(table(['Type', 'Status', 'Reason', 'Message'], ((o.status || {}).conditions || []).map((c) => [c.type, c.status, c.reason || '', c.message || ''])));
    const taints = (o.spec || {}).taints || [];
    p.taints.replaceChildren(taints.length ? h('ul', { class: 'chips' }, taints.map((t) => h('li', { class: 'tag', text: `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}` }))) : h('p', { class: 'muted', text: 'none' }));
    p.labels.replaceChildren(h('ul', { class: 'chips' }, Object.entries(o.metadata.labels || {}).map(([k, v]) => h('li', { class: 'tag', text: `${k}=${v}` }))));
    const pods = [...u.pods].map((uid) => S.pods.get(uid)).filter(Boolean).sort((a, b) => (a.ns + a.name < b.ns + b.name ? -1 : 1));
    p.pods.replaceChildren(pods.length ? table(['Pod', 'Workload', 'Phase', 'QoS', 'CPU', 'Memory'], pods.map((x) => [`${x.ns}/${x.name}`, x.owner, x.phase, x.qos, fmtCpu(x.cpu), fmtBytes(x.mem)])) : h('p', { class: 'muted', text: 'none' }));
  } else {
    const x = S.pods.get(d.uid);
    if (!x) { p.status.textContent = 'This pod is gone.'; return; }
    $('detail-title').textContent = `${x.ns}/${x.name}`;
    const o = x.o;
    p.status.textContent = x.phase;
    p.body.replaceChildren(kv([
      ['Node', x.node || '(not scheduled)'], ['Phase', x.phase], ['QoS class', x.qos], ['Workload', x.owner],
      ['Requests', `${fmtCpu(x.cpu)} CPU, ${fmtBytes(x.mem)}`], ['Pod IP', (o.status || {}).podIP || '–'],
      ['Created', o.metadata.creationTimestamp || ''],
    ]), h('h3', { text: 'Conditions' }), table(['Type', 'Status', 'Reason', 'Message'], ((o.status || {}).conditions || []).map((c) => [c.type, c.status, c.reason || '', c.message || ''])),
    h('h3', { text: 'Containers' }), table(['Name', 'Image', 'Requests', 'Limits'], ((o.spec || {}).containers || []).map((c) => [c.name, c.image || '', JSON.stringify((c.resources || {}).requests || {}), JSON.stringify((c.resources || {}).limits || {})])));
  }
}
function buildPodDetail(body) {
  const p = { status: h('p', { class: 'dstatus', role: 'status' }), body: h('div') };
  body.append(p.status, p.body);
  return p;
}

// ---------------------------------------------------------------- fault actions (each confirmed)
function confirmDialog({ title, text, ok, extra }) {
  const dlg = $('confirm');
  $('confirm-title').textContent = title;
  $('confirm-text').textContent = text;
  $('confirm-ok').textContent = ok;
  $('confirm-extra').replaceChildren(...(extra || []));
  dlg.returnValue = '';
  return new Promise((resolve) => {
    dlg.addEventListener('close', () => resolve(dlg.returnValue === 'ok'), { once: true });
    dlg.showModal();
    $('confirm-cancel').focus();
  });
}
function nodeVmId(name) {
  const n = S.nodes.get(name);
  const pid = n && n.o.spec && n.o.spec.providerID;
  return pid ? pid.replace(/^azure:\/\//, '') : '';
}
async function act(what, fn) {
  try {
    await fn();
    toast(what);
  } catch (e) {
    toast(`Failed: ${e.code ? `${e.code}: ` : ''}${e.message}`, true);
  }
}
async function actEvict(name) {
  const n = S.nodes.get(name);
  if (!n) return;
  const ok = await confirmDialog({
    title: 'Evict this spot node?',
    text: `Azure evicts ${name} as it does a spot VM (az vmss simulate-eviction): a Preempt scheduled event with 30 s notice, the node is drained, then the VM ${n.o.metadata.labels['kubernetes.azure.com/eviction-policy'] === 'Deallocate' ? 'is deallocated' : 'and its disk are deleted'}.`,
    ok: 'Evict',
  });
  if (!ok) return;
  const vm = nodeVmId(name);
  await act(`Eviction of ${name} requested.`, () => S.arm.simulateEviction(vm));
}
async function actUnhealthy(name) {
  const sel = h('select', { id: 'fixed-by' }, ['reboot', 'reimage', 'redeploy', 'none'].map((v) => h('option', { value: v, text: v })));
  const ok = await confirmDialog({
    title: 'Make this node unhealthy?',
    text: `The kubelet of ${name} stops posting its status: the node goes NotReady and AKS auto-repair acts after 5 minutes (reboot, reimage, redeploy).`,
    ok: 'Make unhealthy',
    extra: [h('label', {}, 'Fixed by ', sel)],
  });
  if (!ok) return;
  await act(`${name} is now unhealthy (fixed by ${sel.value}).`, () => S.arm.fault({ type: 'node-unhealthy', node: name, fixedBy: sel.value }));
}
async function actHealthy(name) {
  const ok = await confirmDialog({ title: 'Make this node healthy?', text: `The kubelet of ${name} posts again (an injected fault is lifted).`, ok: 'Make healthy' });
  if (!ok) return;
  await act(`${name}: the fault is lifted.`, () => S.arm.fault({ type: 'node-healthy', node: name }));
}
async function actFill(name) {
  const inp = h('input', { type: 'number', id: 'fill-gb', min: '0', max: '4096', step: '1', value: '20', required: true });
  const ok = await confirmDialog({
    title: 'Fill this node\'s OS disk?',
    text: `Puts data on the OS disk of ${name} outside its pods: DiskPressure and the kubelet's evictions follow; a full disk stops the node until it is re-imaged. 0 removes what was put there.`,
    ok: 'Fill disk',
    extra: [h('label', {}, 'Size (GB) ', inp)],
  });
  if (!ok) return;
  const gb = Math.max(0, Math.min(4096, Number(inp.value) || 0));
  await act(`${gb} GB put on the disk of ${name}.`, () => S.arm.fault({ type: 'disk-fill', node: name, sizeGB: gb }));
}

// ---------------------------------------------------------------- cost
async function pollCost() {
  if (!S.arm || !S.sub) return;
  const base = { type: 'ActualCost', timeframe: 'MonthToDate' };
  try {
    const j = await S.arm.costQuery(S.sub, { ...base, dataset: { granularity: 'None', aggregation: { totalCost: { name: 'PreTaxCost', function: 'Sum' }, totalHours: { name: 'UsageQuantity', function: 'Sum' } }, grouping: [{ type: 'Dimension', name: 'ResourceId' }] } });
    const cols = j.properties.columns.map((c) => c.name);
    const ic = cols.indexOf('PreTaxCost');
    const ih = cols.indexOf('UsageQuantity');
    const ir = cols.indexOf('ResourceId');
    const by = new Map();
    for (const r of j.properties.rows) {
      const m = /\/resourcegroups\/([^/]+)\/providers\/microsoft\.compute\/virtualmachinescalesets\/aks-(.+)-[0-9]+-vmss$/.exec(r[ir]);
      if (!m) continue;
      by.set(`${m[1]}|${m[2]}`, { cost: r[ic], hours: r[ih], rg: m[1], pool: m[2] });
    }
    S.cost.byVmss = by;
    const keys = new Set();
    for (const ps of S.pools.values()) for (const ap of ps) for (const k of Object.keys((ap.properties || {}).tags || {})) keys.add(k);
    const tags = [];
    for (const k of [...keys].sort().slice(0, 6)) {
      const t = await S.arm.costQuery(S.sub, { ...base, dataset: { granularity: 'None', aggregation: { totalCost: { name: 'PreTaxCost', function: 'Sum' } }, grouping: [{ type: 'TagKey', name: k }] } });
      const tc = t.properties.columns.map((c) => c.name);
      for (const r of t.properties.rows) tags.push({ label: r[tc.indexOf('TagKey')] ? `${r[tc.indexOf('TagKey')]}=${r[tc.indexOf('TagValue')]}` : `${k}: (untagged)`, cost: r[tc.indexOf('PreTaxCost')] });
    }
    S.cost.tags = tags;
    let total = 0;
    for (const v of by.values()) total += v.cost;
    S.cost.series.push({ t: Date.now(), total, pools: new Map([...by].map(([k, v]) => [k, v.cost])) });
    if (S.cost.series.length > 720) S.cost.series.shift();
    S.cost.error = '';
  } catch (e) {
    S.cost.error = e.message;
  }
  dirty.pools = true;
  redraw();
  if (S.view === 'cost') renderCost();
}
function poolOfKey(k) {
  for (const c of S.clusters) {
    const nrg = ((c.properties || {}).nodeResourceGroup || '').toLowerCase();
    for (const ap of S.pools.get(c.id.toLowerCase()) || []) if (`${nrg}|${ap.name.toLowerCase()}` === k) return { c, ap };
  }
  return null;
}
function barChart(host, rows, label) {
  const max = Math.max(1e-9, ...rows.map((r) => r.value));
  const rowH = 26;
  const W = 520;
  const L = 170;
  const svg = s('svg', { viewBox: `0 0 ${W} ${Math.max(1, rows.length) * rowH + 8}`, role: 'img', 'aria-label': `${label}: ${rows.map((r) => `${r.label} ${usd(r.value)} USD`).join(', ') || 'no data yet'}`, class: 'svgchart' });
  rows.forEach((r, i) => {
    const y = i * rowH + 4;
    const w = Math.max(1, ((W - L - 80) * r.value) / max);
    svg.append(
      s('text', { x: L - 8, y: y + 16, 'text-anchor': 'end', class: 'lbl', text: r.label }),
      s('rect', { x: L, y: y + 3, width: w, height: rowH - 8, rx: 3, fill: `hsl(${hue(r.label)} 60% 48%)` }),
      s('text', { x: L + w + 6, y: y + 16, class: 'val', text: `$${usd(r.value)}` }));
  });
  if (!rows.length) svg.append(s('text', { x: 8, y: 20, class: 'lbl', text: 'no cost yet' }));
  host.replaceChildren(svg);
}
function lineChart(host, series) {
  const W = 900;
  const H = 220;
  const P = 40;
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', class: 'svgchart', 'aria-label': series.length ? `running total ${usd(series[series.length - 1].total)} USD` : 'no samples yet' });
  if (series.length >= 2) {
    const t0 = series[0].t;
    const t1 = series[series.length - 1].t;
    const max = Math.max(1e-9, ...series.map((x) => x.total));
    const X = (t) => P + ((W - 2 * P) * (t - t0)) / Math.max(1, t1 - t0);
    const Y = (v) => H - P + 10 - ((H - P - 10) * v) / max;
    svg.append(s('line', { x1: P, y1: Y(0), x2: W - P, y2: Y(0), class: 'axis' }), s('line', { x1: P, y1: Y(0), x2: P, y2: Y(max), class: 'axis' }),
      s('text', { x: P - 4, y: Y(max) + 4, 'text-anchor': 'end', class: 'lbl', text: `$${usd(max)}` }),
      s('text', { x: W - P, y: H - 8, 'text-anchor': 'end', class: 'lbl', text: new Date(t1).toLocaleTimeString() }),
      s('text', { x: P, y: H - 8, class: 'lbl', text: new Date(t0).toLocaleTimeString() }));
    const keys = [...series[series.length - 1].pools.keys()].slice(0, 8);
    for (const k of keys) {
      const pts = series.map((x) => `${X(x.t).toFixed(1)},${Y(x.pools.get(k) || 0).toFixed(1)}`).join(' ');
      svg.append(s('polyline', { points: pts, fill: 'none', stroke: `hsl(${hue(k.split('|')[1])} 60% 48%)`, 'stroke-width': 1.5 }));
    }
    svg.append(s('polyline', { points: series.map((x) => `${X(x.t).toFixed(1)},${Y(x.total).toFixed(1)}`).join(' '), fill: 'none', class: 'total', 'stroke-width': 2.5 }));
  } else {
    svg.append(s('text', { x: P, y: 30, class: 'lbl', text: 'collecting samples (every 5 s)…' }));
  }
  host.replaceChildren(svg);
}
function renderCost() {
  const rows = [];
  for (const [k, v] of S.cost.byVmss) {
    const pc = poolOfKey(k);
    rows.push({ label: v.pool, value: v.cost, k, v, pc });
  }
  rows.sort((a, b) => b.value - a.value);
  barChart($('chart-pools'), rows, 'Cost per pool');
  barChart($('chart-tags'), S.cost.tags.map((t) => ({ label: t.label, value: t.cost })), 'Cost per tag');
  lineChart($('chart-time'), S.cost.series);
  $('cost-note').textContent = S.cost.error ? `Cost query failed: ${S.cost.error}` : 'Month to date, from the daemon\'s Cost Management query API: each VM\'s running time (emulated: --speed applies) × its VM size\'s price. Deleted pools keep what they cost.';
  $('cost-table').tBodies[0].replaceChildren(...rows.map((r) => {
    const q = r.pc ? r.pc.ap.properties : null;
    const price = r.v.hours > 0 ? r.v.cost / r.v.hours : 0;
    const nodes = q ? q.count : 0;
    return h('tr', {}, h('th', { scope: 'row', text: r.v.pool }), h('td', { text: r.pc ? r.pc.c.name : '(deleted)' }), h('td', { text: q ? q.scaleSetPriority || 'Regular' : '' }),
      h('td', { class: 'num', text: q ? String(nodes) : '0' }), h('td', { class: 'num', text: price ? usd(price * nodes) : '–' }), h('td', { class: 'num', text: usd(r.value) }));
  }));
}

// ---------------------------------------------------------------- views, keyboard
function showView(v, focus = true) {
  if (!VIEWS.includes(v)) v = 'pools';
  S.view = v;
  for (const name of VIEWS) {
    const tab = $(`tab-${name}`);
    const on = name === v;
    tab.setAttribute('aria-selected', on ? 'true' : 'false');
    tab.tabIndex = on ? 0 : -1;
    $(`view-${name}`).hidden = !on;
  }
  history.replaceState(null, '', `${location.pathname}${location.search}#view=${v}`);
  if (v === 'pools') renderPools();
  if (v === 'cost') { renderCost(); pollCost(); }
  if ((v === 'events' && dirty.eventsSet) || (v === 'map' && dirty.mapSet) || (v === 'pods' && dirty.podsSet)) redraw();
  if (lists[v]) lists[v].render();
  if (focus) $(`tab-${v}`).focus();
}
function filterInput(view) { return $(`filter-${view}`); }

function bindUi() {
  lists.nodes = new VList($('list-nodes'), { rowHeight: 40, key: (n) => n.name, render: renderNodeRow, open: openDetail, label: 'Nodes',
    rendered: (n) => { if (!S.marks.firstScreen && n > 0 && S.view === 'nodes') { S.marks.firstScreen = true; performance.mark('aksemu:nodes-first-screen'); } } });
  lists.map = new VList($('list-map'), { rowHeight: 34, key: (n) => n.name, render: renderMapRow, open: openDetail, label: 'Node map' });
  lists.pods = new VList($('list-pods'), { rowHeight: 36, key: (p) => p.uid, render: renderPodRow, open: openDetail, label: 'Pods' });
  lists.events = new VList($('list-events'), { rowHeight: 36, key: (e) => e.uid, render: renderEventRow, label: 'Events, newest first' });
  lists.nodes.setEmptyText('No nodes (yet).');
  lists.map.setEmptyText('No nodes to show.');
  lists.pods.setEmptyText('No pods (yet).');
  lists.events.setEmptyText('No events (yet).');
  for (const v of ['nodes', 'map', 'pods', 'events']) {
    filterInput(v).addEventListener('input', () => {
      filters[v] = terms(`filter-${v}`);
      if (v === 'nodes') dirty.nodesSet = true;
      if (v === 'map') dirty.mapSet = true;
      if (v === 'pods') dirty.podsSet = true;
      if (v === 'events') dirty.eventsSet = true;
      redraw();
    });
    filterInput(v).addEventListener('keydown', (e) => {
      if (e.key === 'ArrowDown' || e.key === 'Enter') { e.preventDefault(); $(`list-${v}`).focus(); lists[v].setActive(Math.max(0, lists[v].active)); }
    });
  }
  $('map-shared').addEventListener('change', () => { dirty.mapSet = true; redraw(); });
  $('events-warn').addEventListener('change', () => { dirty.eventsSet = true; redraw(); });
  const tabs = VIEWS.map((v) => $(`tab-${v}`));
  for (const t of tabs) {
    t.addEventListener('click', () => showView(t.dataset.view));
    t.addEventListener('keydown', (e) => {
      const i = VIEWS.indexOf(t.dataset.view);
      let j = -1;
      if (e.key === 'ArrowRight') j = (i + 1) % VIEWS.length;
      else if (e.key === 'ArrowLeft') j = (i + VIEWS.length - 1) % VIEWS.length;
      else if (e.key === 'Home') j = 0;
      else if (e.key === 'End') j = VIEWS.length - 1;
      if (j >= 0) { e.preventDefault(); showView(VIEWS[j]); }
    });
  }
  $('cluster').addEventListener('change', (e) => {
    const c = S.clusters.find((x) => x.id.toLowerCase() === e.target.value);
    if (c) { S.want = c.name; selectCluster(c); }
  });
  $('detail-close').addEventListener('click', closeDetail);
  $('help-btn').addEventListener('click', () => $('help').showModal());
  $('token-btn').addEventListener('click', () => askToken('Paste the token printed by aksemu ui (the daemon\'s DATA/token).'));
  $('token-form').addEventListener('submit', () => {
    const t = $('token-input').value.trim();
    if (!t) return;
    sessionStorage.setItem('aksemu.token', t);
    connect(t);
  });
  document.addEventListener('keydown', (e) => {
    if (document.querySelector('dialog[open]')) return;
    const tag = (e.target.tagName || '').toLowerCase();
    const typing = tag === 'input' || tag === 'select' || tag === 'textarea';
    if (e.key === 'Escape') {
      if (typing && e.target.type === 'search' && e.target.value) return;
      if (S.detail) { e.preventDefault(); closeDetail(); }
      return;
    }
    if (typing || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key >= '1' && e.key <= '6') { e.preventDefault(); showView(VIEWS[+e.key - 1]); }
    else if (e.key === '/') { const f = filterInput(S.view); if (f) { e.preventDefault(); f.focus(); f.select(); } }
    else if (e.key === '?') { e.preventDefault(); $('help').showModal(); }
  });
  // countdowns in the node rows
  setInterval(() => {
    let any = false;
    for (const n of S.nodes.values()) if (n.preemptAt) { n.v++; any = true; }
    if (any) { dirty.nodesRows = true; redraw(); }
  }, 1000);
}

function askToken(why) {
  $('token-why').textContent = why;
  const d = $('token-dialog');
  if (!d.open) d.showModal();
  $('token-input').focus();
}

async function connect(token) {
  S.token = token;
  S.arm = new Arm(token);
  try {
    S.sub = await S.arm.subscription();
  } catch (e) {
    handleArmError(e);
    if (!(e instanceof ApiError && (e.status === 401 || e.status === 403))) setTimeout(() => connect(token), 2000);
    return;
  }
  await pollArm();
  if (!S.armTimer) S.armTimer = setInterval(pollArm, 2000);
  if (!S.costTimer) { S.costTimer = setInterval(pollCost, 5000); pollCost(); }
}

function boot() {
  const hp = new URLSearchParams(location.hash.slice(1).replace(/#/g, '&'));
  const t = hp.get('token');
  if (t !== null) {
    sessionStorage.setItem('aksemu.token', t);
    hp.delete('token');
  }
  S.want = hp.get('cluster') || '';
  bindUi();
  showView(hp.get('view') || 'pools', false); // also drops the token from the address bar
  const token = sessionStorage.getItem('aksemu.token');
  if (!token) { askToken('Paste the token printed by aksemu ui (the daemon\'s DATA/token).'); return; }
  connect(token);
}
window.addEventListener('unhandledrejection', (e) => { if (e.reason && e.reason.name === 'AbortError') e.preventDefault(); });
boot();
