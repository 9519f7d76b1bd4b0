"""A whole reservation through the VCL API: reserve, wait until ready, connect, extend, set the end, end."""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
import vcl  # noqa: E402

user, password, image_name = os.environ["VCL_USER"], os.environ["VCL_PASS"], os.environ["IMAGE_NAME"]
out = {}

out["affiliations"] = vcl.call(vcl.proxy(path="/index.php?mode=xmlrpcaffiliations"), "XMLRPCaffiliations")
server = vcl.proxy(user + "@" + out["affiliations"]["result"][0]["name"], password)
out["test"] = server.XMLRPCtest("hello from python")
images = server.XMLRPCgetImages()
out["images"] = images
image_id = [i["id"] for i in images if i["name"] == image_name][0]

added = server.XMLRPCaddRequest(image_id, "now", 60)
out["add"] = added
request_id = added["requestid"]
out["statuses"] = vcl.poll_status(server, request_id, until={"ready", "failed"})
out["connect"] = server.XMLRPCgetRequestConnectData(request_id, "192.0.2.10")
out["idsWhileInUse"] = server.XMLRPCgetRequestIds()
before = [r for r in out["idsWhileInUse"]["requests"] if int(r["requestid"]) == request_id][0]
out["extend"] = server.XMLRPCextendRequest(request_id, 30)
after_extend = [r for r in server.XMLRPCgetRequestIds()["requests"] if int(r["requestid"]) == request_id][0]
out["endMovedBy"] = after_extend["end"] - before["end"]
out["setEnding"] = server.XMLRPCsetRequestEnding(request_id, after_extend["end"] + 900)
after_set = [r for r in server.XMLRPCgetRequestIds()["requests"] if int(r["requestid"]) == request_id][0]
out["endMovedBySet"] = after_set["end"] - after_extend["end"]
out["endSlotAligned"] = after_set["end"] % 900 == 0
out["end"] = server.XMLRPCendRequest(request_id)
out["statusAfterEnd"] = server.XMLRPCgetRequestStatus(request_id)
out["idsAfterEnd"] = [r["requestid"] for r in server.XMLRPCgetRequestIds()["requests"]]
out["requestid"] = request_id

# An advance reservation: "future" until its window comes; ending it closes it at once.
later = server.XMLRPCaddRequestWithEnding(image_id, str(int(os.environ["NOW"]) + 7200), int(os.environ["NOW"]) + 9000)
out["future"] = later
out["futureStatus"] = server.XMLRPCgetRequestStatus(later["requestid"])
out["futureExtend"] = server.XMLRPCextendRequest(later["requestid"], 15)
out["futureEnd"] = server.XMLRPCendRequest(later["requestid"])
vcl.emit(out)
