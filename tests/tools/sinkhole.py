#!/usr/bin/env python3
"""A proxy that refuses everything and records who tried: tests point HTTP(S)_PROXY at it so
that any outbound attempt of az (telemetry, update checks, online help) is caught."""
import socket, sys, threading, time

port_file, log_file = sys.argv[1], sys.argv[2]
srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", 0))
srv.listen(64)
with open(port_file + ".tmp", "w") as f:
    f.write(str(srv.getsockname()[1]))
import os
os.rename(port_file + ".tmp", port_file)

def serve(conn):
    try:
        conn.settimeout(5)
        data = conn.recv(4096)
        first = data.split(b"\r\n", 1)[0].decode("latin-1", "replace")
        with open(log_file, "a") as f:
            f.write("%s %s\n" % (time.strftime("%H:%M:%S"), first))
        conn.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
    except Exception:
        pass
    finally:
        conn.close()

while True:
    c, _ = srv.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
