"""Writes celery_taskmeta documents with Celery's own MongoDB backend code, as a worker would.

argv[1]: JSON {"backend": "mongodb://host:port/db", "parent": id} plus, for each document to write, its
task id under "success", "failure", "revoked", "started" or "success_on_the_second" (a SUCCESS done at
a whole second, whose date_done Python's isoformat() writes without microseconds).
stdout: JSON {task id: the stored document, dates as text}.
"""
import json
import sys
import traceback

import celery.backends.base
from celery import Celery
from celery.app.task import Context


def request(task_id, name, args, kwargs, parent_id=None):
    return Context(
        id=task_id,
        task=name,
        args=args,
        kwargs=kwargs,
        hostname="w1@py-host",
        retries=1,
        delivery_info={"routing_key": "py.q"},
        parent_id=parent_id,
        ignore_result=False,
    )


def main():
    spec = json.loads(sys.argv[1])
    app = Celery("interop")
    app.conf.update(broker_url="memory://", result_backend=spec["backend"], result_extended=True)
    backend = app.backend
    kwargs = {"workflow_id": "wf", "step": "archive", "app_id": "app.example"}

    if "success" in spec:
        backend.mark_as_done(
            spec["success"], (42, []), request=request(spec["success"], "archive_dataset", [42], kwargs))
    if "failure" in spec:
        try:
            raise ValueError("boom", 7)
        except ValueError as exc:
            backend.mark_as_failure(
                spec["failure"], exc, traceback=traceback.format_exc(),
                request=request(spec["failure"], "validate_dataset", [42], kwargs, parent_id=spec["parent"]))
    if "revoked" in spec:
        backend.mark_as_revoked(
            spec["revoked"], "terminated", request=request(spec["revoked"], "stage_dataset", [42], kwargs))
    if "started" in spec:
        progress = {"name": "tar", "fraction_done": None, "done": 123456.0, "total": None, "units": "bytes",
                    "time_remaining_sec": 1e100, "wt_avg_rate": None, "avg_rate": None}
        backend.store_result(
            spec["started"], {"progress": progress}, "STARTED",
            request=request(spec["started"], "inspect_dataset", [42], kwargs))

    if "success_on_the_second" in spec:
        real = celery.backends.base.datetime

        class OnTheSecond(real):
            @classmethod
            def utcnow(cls):
                return real.utcnow().replace(microsecond=0)

        celery.backends.base.datetime = OnTheSecond
        try:
            backend.mark_as_done(
                spec["success_on_the_second"], (42, []),
                request=request(spec["success_on_the_second"], "archive_dataset", [42], kwargs))
        finally:
            celery.backends.base.datetime = real

    kinds = ("success", "failure", "revoked", "started", "success_on_the_second")
    ids = [spec[k] for k in kinds if k in spec]
    out = {doc["_id"]: doc for doc in backend.collection.find({"_id": {"$in": ids}})}
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
