#!/usr/bin/env python3
"""Benchmark: one-edit builds of two tally binaries, interleaved, so that this machine's drift (10-40% within the
hour) falls on both alike.

    python3 scripts/bench-edit-ab.py [--definitions N] [--rounds R] [--edit events|definition] [--exports] OLD NEW

writes one project of N generated definitions (scripts/bench-scale.py's, default 10,000) and a copy of it per
binary, each with an output cache of its own (TALLY_CACHE_DIR), builds each once, waits out the settling time of
file stamps (3 s) and builds each once more after an edit, then runs R rounds (default 11):
in each, for each binary in turn (the order alternating from round to round), it edits the middle definition of
that binary's copy (bench-scale.py's OneEdit: its events by default, which changes its view in every dialect) and
times `tally build` as a whole process. Prints each binary's best and median and every time, sorted, and the
median CPU time (user and system, from the child's resource usage): on two cores the work itself, which this
machine's drift moves less than the elapsed time.
"""
import argparse
import importlib.util
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def load_bench_scale():
    spec = importlib.util.spec_from_file_location("bench_scale", os.path.join(HERE, "bench-scale.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def cpu_of_children():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def build(binary, root, cache):
    """The build's elapsed time and CPU time."""
    cpu_before = cpu_of_children()
    start = time.perf_counter()
    result = subprocess.run([binary, "build", "--project", root], env=dict(os.environ, TALLY_CACHE_DIR=cache),
                            capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"{binary} build failed ({result.returncode}):\n{result.stderr[-2000:]}")
    return elapsed, cpu_of_children() - cpu_before


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--definitions", type=int, default=10000)
    parser.add_argument("--rounds", type=int, default=11)
    parser.add_argument("--edit", choices=["events", "definition"], default="events")
    parser.add_argument("--exports", action="store_true",
                        help="export dbt and LookML too, as bench-scale.py's last builds do (some 50,000 files)")
    parser.add_argument("old")
    parser.add_argument("new")
    arguments = parser.parse_args()
    bench = load_bench_scale()
    binaries = [os.path.abspath(arguments.old), os.path.abspath(arguments.new)]
    with tempfile.TemporaryDirectory() as work:
        original = os.path.join(work, "project")
        bench.write_project(original, arguments.definitions)
        if arguments.exports:
            with open(os.path.join(original, "tally.yaml"), "a") as f:
                f.write(bench.EXPORTS)
        roots, caches, edits = [], [], []
        for side in range(2):
            root = os.path.join(work, f"project-{side}")
            shutil.copytree(original, root)
            roots.append(root)
            caches.append(os.path.join(work, f"cache-{side}"))
            edits.append(bench.OneEdit(root, arguments.definitions, key=arguments.edit))
            # The first build writes generated/ and the cache; the rounds then build after one edit each.
            build(binaries[side], root, caches[side])
        # As in a project whose files are older than tally's settling time (3 s: FileStamp.settling), which a
        # binary that proves files by their stamps takes them by: an untimed edit and build after it, which record
        # the stamps.
        time.sleep(3.5)
        for side in range(2):
            edits[side]()
            build(binaries[side], roots[side], caches[side])
        times = [[], []]
        cpu = [[], []]
        for round_number in range(arguments.rounds):
            for side in ((0, 1) if round_number % 2 == 0 else (1, 0)):
                edits[side]()
                elapsed, used = build(binaries[side], roots[side], caches[side])
                times[side].append(elapsed)
                cpu[side].append(used)
    for side in range(2):
        values = sorted(times[side])
        print(f"{binaries[side]}: best {values[0]:.3f} s, median {statistics.median(values):.3f} s, "
              f"all {', '.join(f'{v:.2f}' for v in values)}; median CPU {statistics.median(cpu[side]):.3f} s")


if __name__ == "__main__":
    main()
