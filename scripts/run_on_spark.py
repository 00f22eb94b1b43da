#!/usr/bin/env python3
"""Runs Spark SQL on Apache Spark in local mode, in one long-lived session: starting one takes about 20 seconds.

Reads one JSON line per batch on stdin, a list of jobs {id, schemas, setup, query}, and answers each batch with one
JSON line, a list of {id, rows} or {id, error}. Ends, stopping Spark, when stdin closes (the test process exited).

Every job runs in a database of its own, dropped afterwards with the databases its dotted table names needed, so
jobs never see each other's tables or views. The session time zone is UTC, as tally's Spark event_logs are read.
Consecutive single-row INSERTs into one table are sent as one multi-row INSERT: each INSERT is a Spark job.
"""
import datetime
import decimal
import json
import os
import sys
import tempfile
import time

os.environ["TZ"] = "UTC"  # PySpark turns TIMESTAMP values into Python datetimes in the process's zone.
time.tzset()
os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # local mode needs no network address

from pyspark.sql import SparkSession  # noqa: E402  (after the zone is set)


def session(warehouse):
    spark = (
        SparkSession.builder.master("local[2]")
        .appName("tally-tests")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.ansi.enabled", "true")
        .config("spark.sql.catalogImplementation", "in-memory")
        .config("spark.sql.warehouse.dir", warehouse)
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.default.parallelism", "1")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.memory", "1g")
        .config("spark.sql.adaptive.enabled", "false")  # re-planning each stage costs more than it saves on a few rows
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def cell(value):
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, decimal.Decimal):
        return str(value)
    return str(value)


def quoted(name):
    return "`" + name.replace("`", "``") + "`"


def merged_inserts(statements):
    """`INSERT INTO t (c) VALUES (1)` and `INSERT INTO t (c) VALUES (2)` → `INSERT INTO t (c) VALUES (1), (2)`."""
    merged = []
    for statement in statements:
        head, separator, values = statement.partition(" VALUES (")
        if separator and head.startswith("INSERT INTO ") and merged and merged[-1][0] == head:
            merged[-1][1].append("(" + values)
        elif separator and head.startswith("INSERT INTO "):
            merged.append((head, ["(" + values]))
        else:
            merged.append((statement, None))
    return [head if values is None else head + " VALUES " + ", ".join(values) for head, values in merged]


def run(spark, job, number):
    database = f"tally_job_{number}"
    schemas = [name for name in job["schemas"] if name.lower() != "default"]
    spark.sql(f"CREATE DATABASE {database}")
    try:
        spark.sql(f"USE {database}")
        for schema in schemas:
            spark.sql(f"CREATE DATABASE IF NOT EXISTS {quoted(schema)}")
        for statement in merged_inserts([s.strip().rstrip(";") for s in job["setup"]]):
            spark.sql(statement)
        rows = spark.sql(job["query"].strip().rstrip(";")).collect()
        return [[cell(value) for value in row] for row in rows]
    finally:
        spark.sql("USE default")
        for name in [database] + schemas:
            spark.sql(f"DROP DATABASE IF EXISTS {quoted(name)} CASCADE")


def main():
    with tempfile.TemporaryDirectory(prefix="tally-spark-") as warehouse:
        spark = session(warehouse)
        number = 0
        try:
            for line in sys.stdin:
                results = []
                for job in json.loads(line):
                    number += 1
                    try:
                        results.append({"id": job["id"], "rows": run(spark, job, number)})
                    except Exception as error:  # a failing job is reported, the others still run
                        message = str(error).split("\nJVM stacktrace:")[0]
                        results.append({"id": job["id"], "error": f"{type(error).__name__}: {message}"})
                sys.stdout.write(json.dumps(results) + "\n")
                sys.stdout.flush()
        finally:
            spark.stop()


if __name__ == "__main__":
    main()
