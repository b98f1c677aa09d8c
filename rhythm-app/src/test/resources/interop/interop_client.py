"""What Python code next to Rhythm does, one command per run; prints one JSON object on stdout.

  create <spec-json>   creates and starts a workflow as sca_rhythm's Workflow(...).start(arg) does;
                       spec: {"name", "app_id", "steps": [{"name", "task", "queue"}], "arg"}; prints {"workflow_id"}
  info <task-id>       Celery's view of a task: {"state", "info"} from AsyncResult (an exception as
                       {"exception": its class name, "args": its arguments})
Environment: as interop_tasks.
"""
import json
import sys
import uuid
from datetime import datetime

from interop_tasks import app, workflows


def create(spec):
    workflow_id = str(uuid.uuid4())
    now = datetime.utcnow()
    steps = [{"name": s["name"], "task": s["task"], "queue": s["queue"]} for s in spec["steps"]]
    workflows().insert_one({"_id": workflow_id, "created_at": now, "steps": steps, "name": spec["name"],
                            "app_id": spec["app_id"], "description": None, "_status": "PENDING",
                            "updated_at": now})
    first = steps[0]
    app.send_task(first["task"], args=(spec["arg"],),
                  kwargs={"workflow_id": workflow_id, "step": first["name"], "app_id": spec["app_id"]},
                  queue=first["queue"], priority=1)
    return {"workflow_id": workflow_id}


def info(task_id):
    """A failed or revoked task's info is the exception Celery rebuilt from the record."""
    result = app.AsyncResult(task_id)
    info = result.info
    if isinstance(info, BaseException):
        info = {"exception": type(info).__name__, "args": list(info.args)}
    return {"state": result.state, "info": info}


def main():
    command, argument = sys.argv[1], sys.argv[2]
    out = create(json.loads(argument)) if command == "create" else info(argument)
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
