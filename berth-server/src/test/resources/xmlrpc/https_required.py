"""Plain HTTP is refused with VCL's fault 4, unless a trusted TLS-terminating proxy says the client used HTTPS."""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
import vcl  # noqa: E402

user = os.environ["VCL_USER"] + "@Local"
password = os.environ["VCL_PASS"]
vcl.emit({
    "plain": vcl.call(vcl.proxy(user, password), "XMLRPCtest", "x"),
    "affiliationsPlain": vcl.call(vcl.proxy(path="/index.php?mode=xmlrpcaffiliations"), "XMLRPCaffiliations"),
    "viaProxy": vcl.call(vcl.proxy(user, password, extra=[("X-Forwarded-Proto", "https")]), "XMLRPCtest", "proxied"),
})
