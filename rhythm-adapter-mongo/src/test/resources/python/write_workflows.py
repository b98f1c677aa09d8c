"""Writes workflow_meta documents the way sca_rhythm does (insert_one of a dict; naive UTC datetimes).

argv[1]: JSON {"uri": "mongodb://host:port", "db": name, "current": workflow id, "legacy": workflow id,
"runs": [task id of step 1, task id of step 2], "legacy_run": task id}.
stdout: JSON {workflow id: the stored document, datetimes as ISO text with Z}.
"""
import json
import sys
from datetime import datetime, timedelta

import pymongo


def text(value):
    if isinstance(value, datetime):
        return value.isoformat(timespec="microseconds") + "Z"
    raise TypeError(type(value))


def main():
    spec = json.loads(sys.argv[1])
    client = pymongo.MongoClient(spec["uri"], serverSelectionTimeoutMS=5000)
    workflows = client[spec["db"]]["workflow_meta"]
    now = datetime.utcnow()
    first_run, second_run = spec["runs"]
    # sca_rhythm's Workflow.__init__ (REST-created: kwargs present and null), then on_step_start and update().
    workflows.insert_one({
        "_id": spec["current"],
        "created_at": now - timedelta(minutes=5),
        "steps": [
            {"name": "inspect", "task": "inspect_dataset", "queue": "app.example.q", "kwargs": None,
             "task_runs": [{"date_start": now - timedelta(minutes=4), "task_id": first_run}]},
            {"name": "archive", "task": "archive_dataset", "queue": "app.example.q", "kwargs": {"depth": 2},
             "priority": 5,
             "task_runs": [{"date_start": now - timedelta(minutes=3), "task_id": second_run}]},
            {"name": "stage", "task": "stage_dataset", "queue": "app.example.q", "kwargs": None},
        ],
        "name": "integrated",
        "app_id": "app.example",
        "description": None,
        "_status": "STARTED",
        "updated_at": now - timedelta(minutes=3),
        "resume_lock": None,
    })
    # A legacy document (2023-02): no name, app_id, description, _status, updated_at or resume_lock;
    # worker-created steps carry no kwargs.
    workflows.insert_one({
        "_id": spec["legacy"],
        "created_at": now - timedelta(days=600),
        "steps": [
            {"name": "validate", "task": "validate_dataset", "queue": "celery",
             "task_runs": [{"date_start": now - timedelta(days=600), "task_id": spec["legacy_run"]}]},
            {"name": "archive", "task": "archive_dataset", "queue": "celery", "task_runs": []},
        ],
    })
    out = {doc["_id"]: doc for doc in workflows.find({"_id": {"$in": [spec["current"], spec["legacy"]]}})}
    json.dump(out, sys.stdout, default=text)


if __name__ == "__main__":
    main()
