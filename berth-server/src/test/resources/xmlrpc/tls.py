"""The VCL API over HTTPS, with the server's own (self-signed) certificate, which this client does not verify."""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
import vcl  # noqa: E402

user = os.environ["VCL_USER"] + "@Local"
password = os.environ["VCL_PASS"]
server = vcl.proxy(user, password, insecure=True)
vcl.emit({
    "test": vcl.call(server, "XMLRPCtest", "over tls"),
    "affiliations": vcl.call(vcl.proxy(path="/index.php?mode=xmlrpcaffiliations", insecure=True), "XMLRPCaffiliations"),
})
