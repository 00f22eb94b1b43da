#!/usr/bin/env python3
"""Benchmark: `tally run` on a large CSV against SQLite's own floor on the same file.

    python3 scripts/bench-run.py [--rows 2000000] [--tally .build/release/tally] [--definition weekly_searches]

Writes a CSV of app_events rows for the features reference project (several plans in a JSON column, releases some of
which are known broken, four months of timestamps), then times, in the same run:
  - tally run DEFINITION --data app_events=FILE --format csv (load, type checks per value, view, output), and
  - the floor: the sqlite3 shell's `.import` of the same file into the same table, then the same view's query
    (generated/sql/sqlite), which checks nothing; Python's sqlite3 module with csv when the shell is missing.
Prints each one's wall and CPU time (best of --repeat, interleaved) and peak memory (resident set, from the kernel's
child accounting), and tally's times as ratios to the floor's. Not a test: times depend on the machine; the ratio is what to compare across changes.
"""
import argparse
import csv
import os
import random
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROJECT = os.path.join(ROOT, "Tests/TallyCoreTests/ReferenceProjects/features")
COLUMNS = ["id", "event", "account_id", "device_id", "properties", "app_version", "occurred_at"]
TABLE = """CREATE TABLE "app_events" ("id" INTEGER, "event" TEXT, "account_id" INTEGER, "device_id" TEXT,
    "email" TEXT, "properties" TEXT, "app_version" TEXT, "occurred_at" TEXT)"""


def write_events(path, rows):
    generator = random.Random(15)
    events = ["Search", "SearchAgain", "Open", "Signup", "Checkout"]
    plans = ["free", "pro", "team", "enterprise"]
    versions = ["2.0.0", "2.1.0", "2.1.3", "2.1.4", "2.2.0", "2.3.1", "dev"]
    start = 1704067200  # 2024-01-01T00:00:00Z
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        for index in range(rows):
            seconds = start + generator.randrange(120 * 86400)
            stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))
            properties = '{"plan":"%s","surface":"web","duration_ms":%d}' % (
                generator.choice(plans), generator.randrange(5000))
            writer.writerow([index + 1, generator.choice(events), generator.randrange(20000),
                             "device-%d" % generator.randrange(50000), properties, generator.choice(versions), stamp])


def timed(command):
    """Wall seconds, CPU seconds and the peak resident set (MB) of one child process, its output in a file (no pipe
    to drain)."""
    with tempfile.TemporaryFile() as output, tempfile.TemporaryFile() as errors:
        started = time.monotonic()
        child = subprocess.Popen(command, stdout=output, stderr=errors)
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.monotonic() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            errors.seek(0)
            sys.exit("failed: %s\n%s" % (" ".join(command), errors.read().decode()))
        output.seek(0)
        # ru_maxrss is in kilobytes on Linux.
        return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def view_sql(definition):
    for folder, _, files in os.walk(os.path.join(PROJECT, "generated/sql/sqlite")):
        if definition + ".sql" in files:
            with open(os.path.join(folder, definition + ".sql")) as handle:
                return handle.read()
    sys.exit("no generated SQLite view for " + definition)


def floor_with_shell(sqlite3_shell, path, definition, folder):
    script = os.path.join(folder, "floor.sql")
    with open(script, "w") as handle:
        handle.write(TABLE + ";\n")
        # .import fills columns by position: a table with the file's columns in its order, copied over.
        handle.write('CREATE TABLE "incoming" (%s);\n' % ", ".join('"%s"' % c for c in COLUMNS))
        handle.write(".mode csv\n.import --skip 1 %s incoming\n" % path)
        handle.write('INSERT INTO "app_events" (%s) SELECT * FROM "incoming";\n' % ", ".join('"%s"' % c for c in COLUMNS))
        handle.write(view_sql(definition) + "\n")
        handle.write('.headers on\nSELECT * FROM "%s" ORDER BY 1, 2, 3;\n' % definition)
    return timed([sqlite3_shell, ":memory:", ".read " + script])


def floor_with_python(path, definition):
    code = """
import csv, sqlite3, sys
db = sqlite3.connect(":memory:")
db.execute('''%s''')
with open(sys.argv[1], newline="") as handle:
    rows = csv.reader(handle)
    next(rows)
    db.executemany('INSERT INTO app_events (%s) VALUES (%s)', rows)
db.executescript(sys.argv[2])
for row in db.execute('SELECT * FROM "%s" ORDER BY 1, 2, 3'):
    print(",".join("" if v is None else str(v) for v in row))
""" % (TABLE, ", ".join(COLUMNS), ", ".join("?" * len(COLUMNS)), definition)
    return timed([sys.executable, "-c", code, path, view_sql(definition)])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--tally", default=None, help="default: .build/release/tally, else .build/debug/tally")
    parser.add_argument("--definition", default="weekly_searches")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", help="keep the generated CSV at this path (and reuse it when it exists)")
    arguments = parser.parse_args()
    tally = arguments.tally or next(
        (p for p in (os.path.join(ROOT, ".build/release/tally"), os.path.join(ROOT, ".build/debug/tally"))
         if os.path.exists(p)), None)
    if tally is None:
        sys.exit("build tally first: swift build -c release --static-swift-stdlib --product tally")
    with tempfile.TemporaryDirectory() as folder:
        path = arguments.keep or os.path.join(folder, "events.csv")
        if not os.path.exists(path):
            started = time.monotonic()
            write_events(path, arguments.rows)
            print("wrote %s rows (%.0f MB) in %.1f s" % (f"{arguments.rows:,}", os.path.getsize(path) / 1e6,
                                                           time.monotonic() - started))
        size = os.path.getsize(path) / 1e6
        shell = shutil.which("sqlite3")
        if shell:
            floor_name = "sqlite3 shell .import + view query (sqlite %s)" % subprocess.run(
                [shell, "--version"], stdout=subprocess.PIPE, text=True).stdout.split()[0]
            floor = lambda: floor_with_shell(shell, path, arguments.definition, folder)
        else:
            floor_name = "python3 sqlite3 + csv executemany + view query (sqlite %s)" % sqlite3.sqlite_version
            floor = lambda: floor_with_python(path, arguments.definition)
        run = lambda: timed([tally, "run", arguments.definition, "--data", "app_events=" + path, "--format", "csv",
                             "--project", PROJECT])
        # Interleaved, best of --repeat: other work on the machine slows one run, not the best.
        runs, floors = [], []
        for _ in range(arguments.repeat):
            runs.append(run())
            floors.append(floor())
        best_run, best_floor = min(runs), min(floors)
        print("input: %.0f MB CSV, %s rows; definition %s; tally %s; best of %d" % (
            size, f"{arguments.rows:,}", arguments.definition, tally, arguments.repeat))
        print("| run | wall s | CPU s | rows/s (wall) | peak RSS MB |")
        print("| --- | ---: | ---: | ---: | ---: |")
        for name, (wall, cpu, peak) in (("tally run", best_run), (floor_name, best_floor)):
            print("| %s | %.2f | %.2f | %s | %.0f |" % (name, wall, cpu, f"{arguments.rows / wall:,.0f}", peak))
        print("ratio tally / floor: %.2f wall, %.2f CPU" % (best_run[0] / best_floor[0], best_run[1] / best_floor[1]))

if __name__ == "__main__":
    main()
