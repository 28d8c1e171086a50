"""Under `learnloop serve`, SQLite's write-ahead log is checkpointed by a thread of each worker,
never by a request (learnloop/core/checkpoints.py). Run in a process of its own: the thread and
the connection setting belong to the process."""

import json
import os
import subprocess
import sys

SCRIPT = """
import json, sqlite3, time
import django
django.setup()
from django.db import connection
from learnloop.core.checkpoints import start_checkpoints

with connection.cursor() as cursor:
    cursor.execute("PRAGMA wal_autocheckpoint")
    before = cursor.fetchone()[0]
stop = start_checkpoints()
again = start_checkpoints()
with connection.cursor() as cursor:
    cursor.execute("PRAGMA wal_autocheckpoint")
    after = cursor.fetchone()[0]
    cursor.execute("CREATE TABLE t (v TEXT)")
    for i in range(300):
        cursor.execute("INSERT INTO t VALUES (%s)", ["x" * 2000])
path = connection.settings_dict["NAME"]


def rows_in_the_database_file():
    # immutable=1: read the database file alone, as if the log did not exist.
    raw = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    try:
        return raw.execute("SELECT COUNT(*) FROM t").fetchone()[0]
    except sqlite3.OperationalError:  # the table is still only in the log
        return 0
    finally:
        raw.close()


written = rows_in_the_database_file()
time.sleep(2.5)
copied = rows_in_the_database_file()
stop.set()
print(json.dumps({"before": before, "after": after, "second_start": again is None,
                  "written": written, "copied": copied}))
"""


def test_a_serving_process_checkpoints_from_its_own_thread(tmp_path):
    env = {**os.environ, "LEARNLOOP_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    env["DJANGO_SETTINGS_MODULE"] = "learnloop.settings"
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["before"] == 1000  # SQLite's automatic checkpoints elsewhere
    assert figures["after"] == 0  # a serving connection never checkpoints
    assert figures["second_start"]  # one thread per process
    assert figures["written"] == 0  # the request's connection left its writes in the log
    assert figures["copied"] == 300  # the thread copied them into the database file
