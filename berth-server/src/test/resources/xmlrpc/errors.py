"""The error cases a VCL client meets: application errors (status "error") and transport faults."""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
import vcl  # noqa: E402

user, password, image_name = os.environ["VCL_USER"], os.environ["VCL_PASS"], os.environ["IMAGE_NAME"]
qualified = user + "@Local"
server = vcl.proxy(qualified, password)
image_id = [i["id"] for i in server.XMLRPCgetImages() if i["name"] == image_name][0]
now = int(time.time())
out = {
    "unknownImage": vcl.call(server, "XMLRPCaddRequest", 999999, "now", 60),
    "badStart": vcl.call(server, "XMLRPCaddRequest", image_id, "tomorrow", 60),
    "startInThePast": vcl.call(server, "XMLRPCaddRequest", image_id, str(now - 3600), 60),
    "lengthOverMaximum": vcl.call(server, "XMLRPCaddRequest", image_id, "now", 100000),
    "endBeforeStart": vcl.call(server, "XMLRPCaddRequestWithEnding", image_id, now + 7200, now + 3600),
    "badEnd": vcl.call(server, "XMLRPCaddRequestWithEnding", image_id, "now", "soon"),
    "unknownRequestStatus": vcl.call(server, "XMLRPCgetRequestStatus", 999999),
    "unknownRequestConnect": vcl.call(server, "XMLRPCgetRequestConnectData", 999999, "192.0.2.1"),
    "badClientAddress": vcl.call(server, "XMLRPCgetRequestConnectData", 1, "999.1.1.1"),
    "unknownRequestExtend": vcl.call(server, "XMLRPCextendRequest", 999999, 30),
    "unknownRequestEnd": vcl.call(server, "XMLRPCendRequest", "999999"),
    "notAnAdmin": vcl.call(server, "XMLRPCaddUserGroup", "lab-x", "Local", qualified, "students@Local", 60, 120, 30),
    "blocksNotAllowed": vcl.call(server, "XMLRPCprocessBlockTime", 1),
    "wrongPassword": vcl.call(vcl.proxy(qualified, "not-the-password"), "XMLRPCtest", "x"),
    "unknownUser": vcl.call(vcl.proxy("nobody@Local", password), "XMLRPCtest", "x"),
    "noUserHeader": vcl.call(vcl.proxy(None, password), "XMLRPCtest", "x"),
    "noPasswordHeader": vcl.call(vcl.proxy(qualified, None), "XMLRPCtest", "x"),
    "noVersionHeader": vcl.call(vcl.proxy(qualified, password, version=None), "XMLRPCtest", "x"),
    "apiVersion1": vcl.call(vcl.proxy(qualified, password, version="1"), "XMLRPCtest", "x"),
    "apiVersion3": vcl.call(vcl.proxy(qualified, password, version="3"), "XMLRPCtest", "x"),
    "otherAffiliation": vcl.call(vcl.proxy(user + "@NCSU", password), "XMLRPCtest", "x"),
    "unknownFunction": vcl.call(server, "XMLRPCnoSuchThing"),
    "wrongParameterCount": vcl.call(server, "XMLRPCgetRequestStatus"),
    "wrongParameterType": vcl.call(server, "XMLRPCgetRequestStatus", {"id": 1}),
    "affiliationsModeRefusesOthers": vcl.call(vcl.proxy(path="/index.php?mode=xmlrpcaffiliations"), "XMLRPCgetImages"),
    "shortPathWorks": vcl.call(vcl.proxy(qualified, password, path="/xmlrpc"), "XMLRPCtest", "short"),
    "bareLoginIsLocal": vcl.call(vcl.proxy(user, password), "XMLRPCtest", "bare"),
}
vcl.emit(out)
