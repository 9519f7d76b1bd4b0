"""User groups and block allocations, as an admin tool drives them."""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
import vcl  # noqa: E402

admin = vcl.proxy(os.environ["ADMIN_USER"] + "@Local", os.environ["ADMIN_PASS"])
image_id = [i["id"] for i in admin.XMLRPCgetImages() if i["name"] == os.environ["IMAGE_NAME"]][0]
out = {}
out["add"] = admin.XMLRPCaddUserGroup("lab-101", "Local", "admin@Local", "students@Local", 120, 240, 30)
out["addAgain"] = admin.XMLRPCaddUserGroup("lab-101", "Local", "admin@Local", "students@Local", 120, 240, 30)
out["addBadName"] = admin.XMLRPCaddUserGroup("x", "Local", "admin@Local", "students@Local", 120, 240, 30)
out["addBadTime"] = admin.XMLRPCaddUserGroup("lab-102", "Local", "admin@Local", "students@Local", 0, 240, 30)
out["addBadOwner"] = admin.XMLRPCaddUserGroup("lab-102", "Local", "ghost@Local", "students@Local", 120, 240, 30)
out["addBadManager"] = admin.XMLRPCaddUserGroup("lab-102", "Local", "admin@Local", "nobody-group@Local", 120, 240, 30)
out["attributes"] = admin.XMLRPCgetUserGroupAttributes("lab-101", "Local")
out["unknownGroup"] = admin.XMLRPCgetUserGroupAttributes("no-such-group", "Local")
out["unknownAffiliation"] = admin.XMLRPCgetUserGroupAttributes("lab-101", "NCSU")
out["edit"] = admin.XMLRPCeditUserGroup("lab-101", "Local", "lab-101b", "", "", "", "90", "", "")
out["editNothing"] = admin.XMLRPCeditUserGroup("lab-101b", "Local", "", "")
out["attributesAfterEdit"] = admin.XMLRPCgetUserGroupAttributes("lab-101b", "Local")
out["addUsers"] = admin.XMLRPCaddUsersToGroup("lab-101b", "Local", ["alice@Local", "bob", "ghost@Local"])
out["members"] = admin.XMLRPCgetUserGroupMembers("lab-101b", "Local")
out["removeUsers"] = admin.XMLRPCremoveUsersFromGroup("lab-101b", "Local", ["bob@Local", "ghost@Local"])
out["membersAfterRemove"] = admin.XMLRPCgetUserGroupMembers("lab-101b", "Local")
out["groups"] = admin.XMLRPCgetUserGroups()
out["courseRolls"] = admin.XMLRPCgetUserGroups(2)

# Alice's limit to start with is her most generous group's: lab-101b says 90 minutes, students (now) 100.
out["limitStudents"] = admin.XMLRPCeditUserGroup("students", "Local", "", "", "", "", "100", "", "")
alice = vcl.proxy(os.environ["VCL_USER"] + "@Local", os.environ["VCL_PASS"])
out["aliceOverInitialLimit"] = alice.XMLRPCaddRequest(image_id, "now", 120)

group_id = [g["id"] for g in out["groups"]["groups"] if g["name"] == "lab-101b"][0]
start = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(time.time() + 3 * 3600))
end = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(time.time() + 5 * 3600))
out["block"] = admin.XMLRPCblockAllocation(image_id, start, end, 3, group_id, 0)
out["processAgain"] = admin.XMLRPCprocessBlockTime(out["block"]["blockTimesid"], 0)
out["tooMany"] = admin.XMLRPCblockAllocation(image_id, start, end, 20, group_id, 1)
out["badStartFormat"] = admin.XMLRPCblockAllocation(image_id, "tomorrow", end, 3, group_id, 0)
out["badGroup"] = admin.XMLRPCblockAllocation(image_id, start, end, 3, "999999", 0)
out["badSeats"] = admin.XMLRPCblockAllocation(image_id, start, end, 0, group_id, 0)
out["unknownBlock"] = admin.XMLRPCprocessBlockTime(999999)
out["aliceRequests"] = alice.XMLRPCgetRequestIds()
out["removeInUse"] = admin.XMLRPCremoveUserGroup("lab-101b", "Local")
out["addSpare"] = admin.XMLRPCaddUserGroup("spare", "Local", "admin@Local", "", 60, 60, 15, 0)
out["removeSpare"] = admin.XMLRPCdeleteUserGroup("spare", "Local")
out["removeGone"] = admin.XMLRPCremoveUserGroup("spare", "Local")
vcl.emit(out)
