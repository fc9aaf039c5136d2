#!/usr/bin/env python3
"""abuse.py - misbehaving clients for tests/api/t_limits.sh. Each command prints one JSON line.

  abuse.py slowloris --data DIR --conns N --seconds S
      N TLS connections send a request line and then one header byte every 0.5 s, never ending
      the headers. Reports how many the daemon closed and when, and whether a well-behaved
      request on a fresh connection was answered meanwhile.
  abuse.py slowbody --data DIR --seconds S
      one request with Content-Length 1000000 whose body trickles in; reports when it was closed.
  abuse.py flood --data DIR --conns N
      opens N TLS connections at once and keeps them; reports how many were served (a
      keep-alive GET /healthz answered) and how many were refused (closed), then whether a
      new connection is served after they are all closed.
  abuse.py stalled-watch --data DIR --server URL --token T --watchers K --objects M --pid P
      K watches of ConfigMaps that read nothing after the response headers while M ConfigMaps
      of --kib KiB of random data are created and deleted through another connection; reports
      the daemon's RSS before, at its peak and after, whether /healthz answered meanwhile, and
      what each stalled watcher finally reads: "expired" (a 410 Status), "closed" or
      "events:N" (N events, then nothing for 5 s).
  abuse.py pools --data DIR --cluster ARM_ID --count N --pid P
      N agent pool PUTs into one cluster (keep-alive), then one cluster PUT with N pools;
      reports the statuses, error codes, the first refusal and the daemon's RSS.
"""
import argparse
import base64
import http.client
import json
import os
import socket
import ssl
import sys
import time
import urllib.parse


def base(data):
    with open(os.path.join(data, "url")) as f:
        u = urllib.parse.urlparse(f.read().strip())
    ctx = ssl.create_default_context(cafile=os.path.join(data, "tls", "ca.pem"))
    tokf = os.path.join(data, "token")
    tok = open(tokf).read().strip() if os.path.exists(tokf) else "none"
    return u.hostname, u.port, ctx, tok


def tls_conn(host, port, ctx, timeout=10):
    s = socket.create_connection((host, port), timeout=timeout)
    return ctx.wrap_socket(s, server_hostname=host)


def closed(s):
    """True when the peer has closed (EOF or reset); False when still open (no data)."""
    s.setblocking(False)
    try:
        d = s.recv(4096)
        return d == b""
    except (ssl.SSLWantReadError, BlockingIOError):
        return False
    except (ConnectionError, ssl.SSLError, OSError):
        return True
    finally:
        s.setblocking(True)


def healthz(host, port, ctx):
    try:
        c = http.client.HTTPSConnection(host, port, context=ctx, timeout=10)
        c.request("GET", "/healthz")
        r = c.getresponse()
        ok = r.status == 200 and r.read() == b"ok\n"
        c.close()
        return ok
    except OSError:
        return False


def slowloris(a):
    host, port, ctx, _ = base(a.data)
    socks, refused = [], 0
    for _ in range(a.conns):
        try:
            s = tls_conn(host, port, ctx)
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            socks.append(s)
        except (OSError, ssl.SSLError):
            refused += 1
    t0 = time.monotonic()
    closed_at = [None] * len(socks)
    served_meanwhile = None
    while time.monotonic() - t0 < a.seconds and None in closed_at:
        for i, s in enumerate(socks):
            if closed_at[i] is not None:
                continue
            try:
                s.sendall(b"a")
            except OSError:
                closed_at[i] = time.monotonic() - t0
                continue
            if closed(s):
                closed_at[i] = time.monotonic() - t0
        if served_meanwhile is None and time.monotonic() - t0 > 1:
            served_meanwhile = healthz(host, port, ctx)
        time.sleep(0.5)
    for s in socks:
        s.close()
    done = [c for c in closed_at if c is not None]
    print(json.dumps({"conns": len(socks), "refused": refused, "closed": len(done),
                      "first_closed_s": round(min(done), 2) if done else None,
                      "last_closed_s": round(max(done), 2) if done else None,
                      "served_meanwhile": served_meanwhile,
                      "served_after": healthz(host, port, ctx)}))


def slowbody(a):
    host, port, ctx, tok = base(a.data)
    s = tls_conn(host, port, ctx)
    s.sendall(("PUT /subscriptions/00000000-0000-0000-0000-000000000001/resourcegroups/slowRG"
               "?api-version=2022-09-01 HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\n"
               "Content-Type: application/json\r\nContent-Length: 1000000\r\n\r\n{\"location\":\"" % tok).encode())
    t0 = time.monotonic()
    closed_at = None
    while time.monotonic() - t0 < a.seconds:
        try:
            s.sendall(b"e")
        except OSError:
            closed_at = time.monotonic() - t0
            break
        if closed(s):
            closed_at = time.monotonic() - t0
            break
        time.sleep(0.5)
    s.close()
    print(json.dumps({"closed_s": round(closed_at, 2) if closed_at is not None else None}))


def flood(a):
    host, port, ctx, _ = base(a.data)
    socks, refused = [], 0
    for _ in range(a.conns):
        try:
            socks.append(tls_conn(host, port, ctx, timeout=5))
        except (OSError, ssl.SSLError):
            refused += 1
    served = 0
    for s in socks:
        try:
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            s.settimeout(5)
            d = s.recv(4096)
            if d.startswith(b"HTTP/1.1 200"):
                served += 1
            else:
                refused += 1
        except (OSError, ssl.SSLError):
            refused += 1
    for s in socks:
        s.close()
    time.sleep(0.5)
    print(json.dumps({"conns": a.conns, "served": served, "refused": refused,
                      "served_after": healthz(host, port, ctx)}))


def rss_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return -1


def stalled_watch(a):
    host, port, ctx, _ = base(a.data)
    kpath = urllib.parse.urlparse(a.server).path.rstrip("/")
    hdr = "Authorization: Bearer %s\r\nHost: 127.0.0.1\r\n" % a.token
    watchers = []
    for _ in range(a.watchers):
        s = tls_conn(host, port, ctx)
        s.sendall(("GET %s/api/v1/namespaces/default/configmaps?watch=1 HTTP/1.1\r\n%s\r\n"
                   % (kpath, hdr)).encode())
        s.settimeout(10)
        head = b""
        while b"\r\n\r\n" not in head:
            head += s.recv(1)
        watchers.append(s)
    c = http.client.HTTPSConnection(host, port, context=ctx, timeout=30)
    h = {"Authorization": "Bearer " + a.token, "Content-Type": "application/json"}
    rss0 = rss_kb(a.pid)
    peak = rss0
    for i in range(a.objects):
        # incompressible: the daemon keeps watch events compressed, this must not flatter it
        data = base64.b64encode(os.urandom(a.kib * 768)).decode()
        body = json.dumps({"apiVersion": "v1", "kind": "ConfigMap",
                           "metadata": {"name": "cm-%d" % i}, "data": {"d": data}})
        c.request("POST", kpath + "/api/v1/namespaces/default/configmaps", body=body, headers=h)
        r = c.getresponse()
        r.read()
        if r.status != 201:
            print(json.dumps({"error": "create returned %d" % r.status}))
            sys.exit(1)
        c.request("DELETE", kpath + "/api/v1/namespaces/default/configmaps/cm-%d" % i, headers=h)
        r = c.getresponse()
        r.read()
        if i % 100 == 0:
            peak = max(peak, rss_kb(a.pid))
    peak = max(peak, rss_kb(a.pid))
    ok_during = healthz(host, port, ctx)
    # now read what the stalled watchers get: all the events, a 410 Expired, or a closed stream
    outcomes = []
    for s in watchers:
        s.settimeout(5)
        events, tail, expired, closed = 0, b"", False, False
        try:
            while True:
                d = s.recv(1 << 20)
                if not d:
                    closed = True
                    break
                chunk = tail + d
                events += chunk.count(b'"type":"') - tail.count(b'"type":"')
                if b'"code":410' in chunk:
                    expired = True
                    break
                tail = chunk[-32:]
        except (socket.timeout, OSError):
            pass
        outcomes.append("expired" if expired else "closed" if closed else "events:%d" % events)
        s.close()
    ok = healthz(host, port, ctx)
    print(json.dumps({"rss_before_kb": rss0, "rss_peak_kb": peak, "rss_after_kb": rss_kb(a.pid),
                      "outcomes": outcomes, "served_during": ok_during, "served_after": ok,
                      "events_written": 2 * a.objects}))


def pools(a):
    """PUTs --count agent pools of one node into the cluster --cluster (an ARM id), one request
    each on a keep-alive connection, then one cluster PUT that asks for --count pools at once."""
    host, port, ctx, tok = base(a.data)
    c = http.client.HTTPSConnection(host, port, context=ctx, timeout=60)
    h = {"Authorization": "Bearer " + tok, "Content-Type": "application/json"}
    rss0 = rss_kb(a.pid)
    statuses, codes, first_error = {}, {}, None
    for i in range(a.count):
        body = json.dumps({"properties": {"count": 1, "vmSize": "Standard_B2s", "mode": "User"}})
        c.request("PUT", "%s/agentPools/p%d?api-version=2023-08-01" % (a.cluster, i), body=body, headers=h)
        r = c.getresponse()
        d = r.read()
        statuses[r.status] = statuses.get(r.status, 0) + 1
        if r.status >= 400:
            e = json.loads(d)["error"]
            codes[e["code"]] = codes.get(e["code"], 0) + 1
            if first_error is None:
                first_error = {"pool": i, "status": r.status, "code": e["code"], "message": e["message"]}
    profiles = [{"name": "q%d" % i, "count": 1, "vmSize": "Standard_B2s", "mode": "System"}
                for i in range(a.count)]
    body = json.dumps({"location": "eastus", "properties": {"dnsPrefix": "big", "agentPoolProfiles": profiles}})
    big = a.cluster.rsplit("/", 1)[0] + "/bigcluster?api-version=2023-08-01"
    c.request("PUT", big, body=body, headers=h)
    r = c.getresponse()
    d = r.read()
    try:
        e = json.loads(d)["error"]
        whole = {"status": r.status, "code": e["code"], "message": e["message"], "bytes": len(body)}
    except (ValueError, KeyError):
        whole = {"status": r.status, "bytes": len(body)}
    print(json.dumps({"statuses": {str(k): v for k, v in sorted(statuses.items())}, "codes": codes,
                      "first_error": first_error, "cluster_put": whole,
                      "rss_before_kb": rss0, "rss_after_kb": rss_kb(a.pid)}))


def main():
    ap = argparse.ArgumentParser()
    sp = ap.add_subparsers(dest="cmd", required=True)
    p = sp.add_parser("slowloris"); p.add_argument("--data", required=True)
    p.add_argument("--conns", type=int, default=8); p.add_argument("--seconds", type=float, default=10)
    p = sp.add_parser("slowbody"); p.add_argument("--data", required=True)
    p.add_argument("--seconds", type=float, default=10)
    p = sp.add_parser("flood"); p.add_argument("--data", required=True)
    p.add_argument("--conns", type=int, default=64)
    p = sp.add_parser("stalled-watch"); p.add_argument("--data", required=True)
    p.add_argument("--server", required=True); p.add_argument("--token", required=True)
    p.add_argument("--watchers", type=int, default=8); p.add_argument("--objects", type=int, default=2000)
    p.add_argument("--kib", type=int, default=8); p.add_argument("--pid", type=int, required=True)
    p = sp.add_parser("pools"); p.add_argument("--data", required=True)
    p.add_argument("--cluster", required=True); p.add_argument("--count", type=int, default=10000)
    p.add_argument("--pid", type=int, required=True)
    a = ap.parse_args()
    {"slowloris": slowloris, "slowbody": slowbody, "flood": flood,
     "stalled-watch": stalled_watch, "pools": pools}[a.cmd](a)


if __name__ == "__main__":
    main()
