"""Python Celery tasks for Rhythm's interop tests, with sca_rhythm's workflow hooks.

The hooks do what sca_rhythm's WorkflowTask does (rhythm-api-contract.md 2.2): before the task runs, record the
run on its step (deduplicated by task id), set _status STARTED and clear the resume lock; on success, send the next
step with the first element of the result as its only argument, or set _status SUCCESS after the last step; on
failure, set _status FAILURE. They write single fields rather than the whole document, so that the tests show
Rhythm's behaviour and not sca_rhythm's lost updates.

Environment: RHYTHM_AMQP_URL, RHYTHM_MONGO_URI (mongodb://host:port/<database>), INTEROP_RELEASE_DIR (where a
file named after a value releases the `wait_for_release` task).
"""
import os
import time
from datetime import datetime

import pymongo
from celery import Celery, Task

app = Celery("interop")
app.conf.update(
    broker_url=os.environ["RHYTHM_AMQP_URL"],
    result_backend=os.environ["RHYTHM_MONGO_URI"],
    task_track_started=True,
    task_acks_late=True,
    worker_prefetch_multiplier=1,
    result_extended=True,
    broker_connection_retry_on_startup=True,
)

_client = None


def workflows():
    global _client
    if _client is None:
        _client = pymongo.MongoClient(os.environ["RHYTHM_MONGO_URI"], serverSelectionTimeoutMS=5000)
    return _client.get_default_database()["workflow_meta"]


def step_index(doc, name):
    for i, step in enumerate(doc["steps"]):
        if step["name"] == name:
            return i
    raise ValueError("workflow %s has no step %r" % (doc["_id"], name))


class WorkflowTask(Task):
    def before_start(self, task_id, args, kwargs):
        workflow_id = kwargs["workflow_id"]
        doc = workflows().find_one({"_id": workflow_id})
        if doc is None:
            raise LookupError("workflow %s not found" % workflow_id)
        i = step_index(doc, kwargs["step"])
        now = datetime.utcnow()
        workflows().update_one(
            {"_id": workflow_id, "steps.%d.task_runs.task_id" % i: {"$ne": task_id}},
            {"$push": {"steps.%d.task_runs" % i: {"date_start": now, "task_id": task_id}}})
        workflows().update_one(
            {"_id": workflow_id},
            {"$set": {"_status": "STARTED", "resume_lock": None, "updated_at": now}})

    def on_success(self, retval, task_id, args, kwargs):
        workflow_id = kwargs["workflow_id"]
        doc = workflows().find_one({"_id": workflow_id})
        i = step_index(doc, kwargs["step"])
        now = datetime.utcnow()
        if i + 1 == len(doc["steps"]):
            workflows().update_one({"_id": workflow_id}, {"$set": {"_status": "SUCCESS", "updated_at": now}})
            return
        nxt = doc["steps"][i + 1]
        next_kwargs = dict(nxt.get("kwargs") or {})
        next_kwargs.update(workflow_id=workflow_id, step=nxt["name"], app_id=doc.get("app_id"))
        priority = min(max(nxt.get("priority", i + 2), 0), 9)
        self.app.send_task(nxt["task"], args=(retval[0],), kwargs=next_kwargs,
                           queue=nxt.get("queue") or "celery", priority=priority)
        workflows().update_one({"_id": workflow_id}, {"$set": {"updated_at": now}})

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        workflows().update_one(
            {"_id": kwargs["workflow_id"]},
            {"$set": {"_status": "FAILURE", "updated_at": datetime.utcnow()}})


@app.task(base=WorkflowTask, bind=True, name="interop.py_append")
def py_append(self, value, **kwargs):
    """Appends '-py' to its argument: a step's result shows which side ran it."""
    return [value + "-py", {"step": kwargs["step"]}]


@app.task(base=WorkflowTask, bind=True, name="interop.py_wait_for_release")
def py_wait_for_release(self, value, **kwargs):
    """Reports progress every 0.2 s until a file named after its argument appears, then appends '-py'."""
    release = os.path.join(os.environ["INTEROP_RELEASE_DIR"], value)
    done = 0
    while not os.path.exists(release):
        done += 1
        self.update_state(state="STARTED", meta={
            "name": "waiting", "fraction_done": None, "done": float(done), "total": None, "units": "ticks",
            "time_remaining_sec": None, "wt_avg_rate": None, "avg_rate": None})
        time.sleep(0.2)
    return [value + "-py"]
