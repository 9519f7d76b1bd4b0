"""A VCL client as integrators write them: Python's standard xmlrpc.client, VCL's API version 2 headers.

Every script prints one JSON document on stdout for the JUnit test that runs it. The server's URL and the
accounts come from the environment (BERTH_URL is the server's base URL, e.g. http://127.0.0.1:8080).
"""
import json
import os
import ssl
import sys
import time
import xmlrpc.client


def base():
    return os.environ["BERTH_URL"].rstrip("/")


def proxy(user=None, password=None, version="2", path="/index.php?mode=xmlrpccall", url=None, insecure=False, extra=()):
    headers = list(extra)
    if user is not None:
        headers.append(("X-User", user))
    if password is not None:
        headers.append(("X-Pass", password))
    if version is not None:
        headers.append(("X-APIVERSION", version))
    context = ssl._create_unverified_context() if insecure else None
    return xmlrpc.client.ServerProxy(url or base() + path, headers=headers, context=context, allow_none=True)


def call(server, method, *args):
    """The result as {"result": ...}, or a fault as {"fault": code, "faultString": text}."""
    try:
        return {"result": getattr(server, method)(*args)}
    except xmlrpc.client.Fault as fault:
        return {"fault": fault.faultCode, "faultString": fault.faultString}


def poll_status(server, request_id, until, timeout=60.0):
    """Polls XMLRPCgetRequestStatus, as VCL clients do, until the status is in `until`; returns every status seen."""
    seen = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = server.XMLRPCgetRequestStatus(request_id)
        if not seen or seen[-1] != status:
            seen.append(status)
        if status["status"] in until:
            return seen
        time.sleep(0.2)
    raise SystemExit("status never reached %s: %s" % (until, seen))


def emit(document):
    json.dump(document, sys.stdout, sort_keys=True)
    sys.stdout.write("\n")
