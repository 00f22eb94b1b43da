#!/usr/bin/env python3
"""Benchmark: tally check as a whole process on the hostile files of HostileInputTests, release build.

    swift build -c release --static-swift-stdlib --product tally && python3 scripts/bench-hostile.py

The tests bound the work these files cause by counts (tree nodes, diagnostics, report size); this times it. Each
file is added to a copy of the corpus base project (Tests/TallyCoreTests/Corpus/base) as
definitions/corpus/hostile.yaml, and `tally check --no-cache` is timed, best of 5, beside the same check of the base
project alone. Prints a Markdown table.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TALLY = os.path.join(ROOT, ".build/release/tally")
BASE = os.path.join(ROOT, "Tests/TallyCoreTests/Corpus/base")

CASES = [
    ("base project alone", None),
    ("60,000 distinct keys", "\n".join(f"k{i}: v" for i in range(60_000))),
    ("60,000 duplicate keys", "title: x\n" * 60_000),
    ("one line of a megabyte", "title: " + "x" * 1_000_000),
]


def best(project, runs=5):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([TALLY, "check", "--no-cache", "--project", project], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return min(times)


def main():
    if not os.path.exists(TALLY):
        sys.exit("build it first: swift build -c release --static-swift-stdlib --product tally")
    print("| input | file size | tally check --no-cache |")
    print("| --- | ---: | ---: |")
    with tempfile.TemporaryDirectory() as folder:
        for name, text in CASES:
            project = os.path.join(folder, "p")
            shutil.rmtree(project, ignore_errors=True)
            shutil.copytree(BASE, project)
            size = ""
            if text is not None:
                with open(os.path.join(project, "definitions/corpus/hostile.yaml"), "w") as file:
                    file.write(text)
                size = f"{len(text.encode()) / 1024:,.0f} KiB"
            print(f"| {name} | {size} | {best(project):.3f} s |")


if __name__ == "__main__":
    main()
