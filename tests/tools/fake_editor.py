"""A scripted stand-in for a student's editor, for fast tests of editor flows.

Usage: EDITOR="python fake_editor.py" with FAKE_EDITOR_PLAN naming a JSON file that
holds a list of actions, one per launch (the first is used and removed):
  {"append": "text"}   add text to the file (as a student typing and saving)
  {"write": "text"}    replace the file's content
  {"sleep": 1.5}       take this long (seconds) before returning
  {"then_append": "t"} after the sleep, add more text (edits made after a deadline)
  {"exit": 1}          exit with this status (after any edits)
  {"delete": true}     delete the file
  {"mkdir": "name"}    make a folder of that name beside the file (to block a write)
  {"then_rmdir": "n"}  after the sleep, remove that folder again
Each launch's arguments are appended to FAKE_EDITOR_LOG, one JSON list per line.
"""

import json
import os
import sys
import time
from pathlib import Path


def main() -> int:
    path = Path(sys.argv[-1])
    log = os.environ.get("FAKE_EDITOR_LOG")
    if log:
        with open(log, "a", encoding="utf-8") as f:
            f.write(json.dumps(sys.argv[1:]) + "\n")
    plan_file = Path(os.environ["FAKE_EDITOR_PLAN"])
    plan = json.loads(plan_file.read_text(encoding="utf-8"))
    action = plan.pop(0) if plan else {}
    plan_file.write_text(json.dumps(plan), encoding="utf-8")
    if "write" in action:
        path.write_text(action["write"], encoding="utf-8")
    if "append" in action:
        with open(path, "a", encoding="utf-8") as f:
            f.write(action["append"])
    if action.get("delete"):
        path.unlink()
    if "mkdir" in action:
        (path.parent / action["mkdir"]).mkdir()
    time.sleep(action.get("sleep", 0))
    if "then_rmdir" in action:
        (path.parent / action["then_rmdir"]).rmdir()
    if "then_append" in action:
        with open(path, "a", encoding="utf-8") as f:
            f.write(action["then_append"])
    return int(action.get("exit", 0))


if __name__ == "__main__":
    sys.exit(main())
