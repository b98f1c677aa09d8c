"""Reads celery_taskmeta documents the way Python does: Celery's AsyncResult and sca_rhythm's raw reader.

argv[1]: JSON {"backend": "mongodb://host:port/db", "ids": [task ids]}.
stdout: JSON {task id: {"celery": {...}, "sca_rhythm": {...}}}.
"""
import json
import sys
from datetime import datetime

import pymongo
from celery import Celery


def exception(value):
    if isinstance(value, BaseException):
        return {"type": type(value).__name__, "module": type(value).__module__, "args": list(value.args)}
    return value


def main():
    spec = json.loads(sys.argv[1])
    app = Celery("interop")
    app.conf.update(broker_url="memory://", result_backend=spec["backend"], result_extended=True)
    collection = app.backend.collection
    out = {}
    for task_id in spec["ids"]:
        res = app.AsyncResult(task_id)
        date_done = res.date_done
        celery_view = {
            "state": res.state,
            "result": exception(res.result),
            "info": exception(res.info),
            "traceback": res.traceback,
            "date_done": date_done.isoformat(timespec="microseconds") if date_done else None,
            "ready": res.ready(),
        }
        # sca_rhythm's get_task_instance: the raw document, result parsed, date_done parsed with strptime.
        doc = collection.find_one({"_id": task_id})
        result = json.loads(doc["result"])
        done = None
        if doc["status"] in ("SUCCESS", "FAILURE", "REVOKED"):
            done = datetime.strptime(doc["date_done"], "%Y-%m-%dT%H:%M:%S.%f").isoformat(timespec="microseconds")
        progress = result.get("progress") if isinstance(result, dict) else None
        raw_view = {
            "keys": list(doc.keys()),
            "status": doc["status"],
            "result": result,
            "traceback": doc["traceback"],
            "children": doc["children"],
            "date_done_raw": doc["date_done"],
            "date_done": done,
            "eta_is_sentinel": progress is not None and progress.get("time_remaining_sec") == 1e100,
            "parent_id": doc.get("parent_id"),
            "name": doc["name"],
            "args": doc["args"],
            "kwargs": doc["kwargs"],
            "worker": doc["worker"],
            "retries": doc["retries"],
            "queue": doc["queue"],
        }
        out[task_id] = {"celery": celery_view, "sca_rhythm": raw_view}
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
