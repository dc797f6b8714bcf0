"""A storage group's life on coprsim's Unisphere surface, driven by Dell's PyU4V, unmodified.

Run by test/clients/pyu4v.clients.test.ts with PyU4V on PYTHONPATH and, in the environment,
the surface's address, its certificate, a user and the array's Symmetrix id. Prints one JSON
object: what each step saw. Any refusal of the surface ends the walk with a traceback.
"""
import json
import os
import sys
import time

import PyU4V
from PyU4V.utils import constants

ARRAY = os.environ["UNISPHERE_ARRAY"]
SOURCE, COPY, NOCOPY = "pyu4v_src", "pyu4v_copy", "pyu4v_nocopy"
SNAP, SNAP2 = "pyu4v_snap", "pyu4v_snap2"

conn = PyU4V.U4VConn(
    server_ip="127.0.0.1",
    port=int(os.environ["UNISPHERE_PORT"]),
    verify=os.environ["UNISPHERE_CA_FILE"],
    username=os.environ["UNISPHERE_USER"],
    password=os.environ["UNISPHERE_PASSWORD"],
    array_id=ARRAY,
    interval=0.2,
    retries=50,
)
provisioning, replication = conn.provisioning, conn.replication
report = {"pyu4v_version": constants.PYU4V_VERSION, "api_version": constants.UNISPHERE_VERSION}
report["unisphere_version"] = conn.common.get_uni_version()[0]
report["arrays"] = conn.common.get_array_list()
report["snapvx_licensed"] = replication.is_snapvx_licensed()


def snapshot(name, snap_id):
    return replication.get_snapshot_snap_id_details(SOURCE, name, snap_id)


def linked(details, group):
    return [entry for entry in details.get("linked_storage_group", []) if entry["name"] == group]


def wait(what, done, timeout=60):
    deadline = time.time() + timeout
    while True:
        value = done()
        if value:
            return value
        if time.time() > deadline:
            raise RuntimeError("timed out waiting for " + what)
        time.sleep(0.2)


# Two 512 MB volumes in a storage group, and a copy target group like it.
provisioning.create_non_empty_storage_group(
    "SRP_1", SOURCE, "Diamond", None, num_vols=2, vol_size="512", cap_unit="MB", vol_name="pyu4v_src")
provisioning.create_non_empty_storage_group(
    "SRP_1", COPY, "Diamond", None, num_vols=2, vol_size="512", cap_unit="MB", vol_name="pyu4v_copy")
report["source_volumes"] = provisioning.get_volumes_from_storage_group(SOURCE)
report["source_group"] = provisioning.get_storage_group(SOURCE)
report["source_volume"] = provisioning.get_volume(report["source_volumes"][0])

# A snapshot of the group.
replication.create_storage_group_snapshot(SOURCE, SNAP)
report["snapshots"] = replication.get_storage_group_snapshot_list(SOURCE)
snap_id = replication.get_storage_group_snapshot_snap_id_list(SOURCE, SNAP)[0]

# Linked in copy mode (PyU4V links nocopy only: its generic PUT sends the copy flag), until copied.
conn.common.modify_resource(
    category="replication", resource_level="symmetrix", resource_level_id=ARRAY,
    resource_type="storagegroup", resource_type_id=SOURCE, resource="snapshot", resource_id=SNAP,
    object_type="snapid", object_type_id=snap_id,
    payload={"action": "Link", "link": {"storage_group_name": COPY, "copy": True}})
progress = []


def copied():
    entries = linked(snapshot(SNAP, snap_id), COPY)
    progress.append([entry["percentageCopied"] for entry in entries])
    return len(entries) == 2 and all(entry["percentageCopied"] == 100 for entry in entries)


wait("the copy", copied)
report["copy_progress"] = progress
report["copied"] = snapshot(SNAP, snap_id)

# Linked in nocopy mode to a group the link makes, then relinked to a second snapshot.
replication.link_snapshot_by_snap_id(SOURCE, NOCOPY, SNAP, snap_id)
report["nocopy_group"] = provisioning.get_storage_group(NOCOPY)
wait("the nocopy link's define", lambda: all(entry["defined"] for entry in linked(snapshot(SNAP, snap_id), NOCOPY)))
replication.create_storage_group_snapshot(SOURCE, SNAP2)
snap2_id = replication.get_storage_group_snapshot_snap_id_list(SOURCE, SNAP2)[0]
replication.modify_storage_group_snapshot_by_snap_id(SOURCE, NOCOPY, SNAP2, snap2_id, relink=True)
report["relinked"] = {"from": snapshot(SNAP, snap_id), "to": snapshot(SNAP2, snap2_id)}

# Unlinked, both.
wait("the relinked define", lambda: all(entry["defined"] for entry in linked(snapshot(SNAP2, snap2_id), NOCOPY)))
replication.unlink_snapshot_by_snap_id(SOURCE, NOCOPY, SNAP2, snap2_id)
replication.unlink_snapshot_by_snap_id(SOURCE, COPY, SNAP, snap_id)
report["unlinked"] = snapshot(SNAP, snap_id)

# Restored, until the restore is done.
replication.restore_snapshot_by_snap_id(SOURCE, SNAP, snap_id)
report["restored"] = wait("the restore", lambda: (lambda d: d if "Restored" in d["state"] else None)(snapshot(SNAP, snap_id)))

# Terminated: the first termination ends the restore session, the second the snapshot.
replication.delete_storage_group_snapshot_by_snap_id(SOURCE, SNAP, snap_id)
report["restore_ended"] = snapshot(SNAP, snap_id)
replication.delete_storage_group_snapshot_by_snap_id(SOURCE, SNAP, snap_id)
replication.delete_storage_group_snapshot_by_snap_id(SOURCE, SNAP2, snap2_id)
report["snapshots_left"] = replication.get_storage_group_snapshot_list(SOURCE)

# Deleted: each group's volumes out of it, the group, the volumes.
for group in (SOURCE, COPY, NOCOPY):
    volumes = provisioning.get_volumes_from_storage_group(group)
    for volume in volumes:
        provisioning.remove_volume_from_storage_group(group, volume)
    provisioning.delete_storage_group(group)
    for volume in volumes:
        provisioning.delete_volume(volume)
report["groups_left"] = provisioning.get_storage_group_list()
report["volumes_left"] = provisioning.get_volume_list()

json.dump(report, sys.stdout)
