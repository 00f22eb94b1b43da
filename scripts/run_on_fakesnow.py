#!/usr/bin/env python3
"""Runs Snowflake SQL on fakesnow, a Snowflake emulator (PyPI) that translates each statement with its own pinned
sqlglot and runs it on DuckDB. It needs a virtual environment of its own (scripts/test: .build/venv-snowflake).

Reads a JSON list of jobs {id, schemas, setup, query} on stdin; writes a JSON list of {id, rows} or {id, error}.
Every job gets a database of its own, so jobs never see each other's tables or views. fakesnow has no session
parameters (ALTER SESSION, WEEK_START, TIMEZONE): tally's Snowflake SQL depends on none of them.
"""
import datetime
import decimal
import json
import sys
import warnings

import fakesnow
import snowflake.connector

warnings.simplefilter("ignore")  # fakesnow warns about an extra copy of each result


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
    return '"' + name.replace('"', '""') + '"'


def run(job, number):
    connection = snowflake.connector.connect(database=f"tally_job_{number}", schema="public")
    try:
        cursor = connection.cursor()
        for schema in job["schemas"]:
            cursor.execute(f"CREATE SCHEMA IF NOT EXISTS {quoted(schema)}")
        cursor.execute("USE SCHEMA public")
        for statement in job["setup"]:
            cursor.execute(statement.strip().rstrip(";"))
        cursor.execute(job["query"].strip().rstrip(";"))
        return [[cell(value) for value in row] for row in cursor.fetchall()]
    finally:
        connection.close()


def main():
    jobs = json.load(sys.stdin)
    results = []
    with fakesnow.patch():
        for number, job in enumerate(jobs):
            try:
                results.append({"id": job["id"], "rows": run(job, number)})
            except Exception as error:  # a failing job is reported, the others still run
                results.append({"id": job["id"], "error": f"{type(error).__name__}: {error}"})
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
