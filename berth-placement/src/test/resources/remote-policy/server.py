#!/usr/bin/env python3
"""A placement service for RemotePolicyTest, speaking Berth's placement protocol (docs/placement-protocol).

It binds 127.0.0.1 on a free port and prints that port as its first line, so the test needs no fixed port.
The path chooses how it behaves:
  /good              rank the candidates by cpuP95, lowest first (hosts without load last)
  /slow?ms=N         the same, after N ms (default 3000): longer than the test's timeout
  /error             HTTP 500
  /garbage           200 with a body that is not JSON
  /wrong-schema      200 with JSON that has no "ranking"
  /empty             an empty ranking
  /fixed?ids=3,1,2   exactly that ranking (hosts Berth never sent, or rejected ones)
  /drop?key=K&times=N  close the connection without an answer the first N times (default 1) a request with
                     key K comes, then rank as /good (a kept-alive connection the service closed meanwhile)
  GET /last          the last POST: its headers and body, for the test to check
"""
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

last = {"headers": {}, "body": None}
lock = threading.Lock()
drops = {}  # requests seen per key of /drop


def coolest_first(request):
    def key(c):
        load = c.get("load") or {}
        p95 = load.get("cpuP95")
        return (p95 is None, p95 if p95 is not None else 0.0, c["hostId"])

    ranking = []
    for c in sorted(request["candidates"], key=key):
        p95 = (c.get("load") or {}).get("cpuP95")
        ranking.append({
            "hostId": c["hostId"],
            "score": round(1.0 - p95, 4) if p95 is not None else 0.0,
            "reason": "cpuP95 %.2f" % p95 if p95 is not None else "no load figures",
        })
    return {"ranking": ranking, "note": "coolest first, by cpuP95"}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        if urlparse(self.path).path != "/last":
            return self.reply(404, b"not found", "text/plain")
        with lock:
            body = json.dumps(last).encode()
        self.reply(200, body)

    def do_POST(self):
        url = urlparse(self.path)
        query = parse_qs(url.query)
        raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        request = json.loads(raw)
        with lock:
            last["headers"] = {k.lower(): v for k, v in self.headers.items()}
            last["body"] = request
        path = url.path
        if path == "/slow":
            time.sleep(int(query.get("ms", ["3000"])[0]) / 1000.0)
            return self.answer(coolest_first(request))
        if path == "/good":
            return self.answer(coolest_first(request))
        if path == "/drop":
            key = query.get("key", [""])[0]
            with lock:
                seen = drops.get(key, 0)
                drops[key] = seen + 1
            if seen < int(query.get("times", ["1"])[0]):
                self.close_connection = True
                return  # no status line, no headers: the client reads nothing
            return self.answer(coolest_first(request))
        if path == "/error":
            return self.reply(500, b"placement service exploded", "text/plain")
        if path == "/garbage":
            return self.reply(200, b"<html>this is not JSON", "application/json")
        if path == "/wrong-schema":
            return self.answer({"hosts": [c["hostId"] for c in request["candidates"]]})
        if path == "/empty":
            return self.answer({"ranking": []})
        if path == "/fixed":
            ids = [int(x) for x in query.get("ids", [""])[0].split(",") if x]
            return self.answer({"ranking": [{"hostId": i, "score": 1.0, "reason": "fixed"} for i in ids]})
        self.reply(404, b"unknown behaviour", "text/plain")

    def answer(self, obj):
        self.reply(200, json.dumps(obj).encode())

    def reply(self, status, body, content_type="application/json"):
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            # This HTTP/1.0 server closes every connection after its answer; saying so keeps the JDK's client from
            # pooling it and sending the next request on a closed socket ("header parser received no bytes").
            # Berth's own client copes with a service that does not say so (RemoteCall retries once; see /drop).
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (the timeout test): nothing to answer

    def log_message(self, fmt, *args):
        sys.stderr.write("server.py: " + (fmt % args) + "\n")


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    server.serve_forever()
