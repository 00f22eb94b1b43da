#!/usr/bin/env python3
"""Runs SQL on DuckDB: DuckDB's own SQL as it is, or another dialect's (`--read bigquery`) with each statement
transpiled by sqlglot (write="duckdb").

Reads a JSON list of jobs {id, schemas, setup, query} on stdin; writes a JSON list of {id, rows} or {id, error}.
Every job gets a fresh in-memory database in UTC (BigQuery's DATE(timestamp) is UTC; tally's DuckDB event_logs
are read in a session whose TimeZone is UTC).
"""
import argparse
import datetime
import decimal
import json
import sys

import duckdb
import sqlglot


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


def statements(sql, read):
    """DuckDB runs a script of several statements in one execute; another dialect's goes one statement at a time."""
    return [sql] if read is None else sqlglot.transpile(sql, read=read, write="duckdb")


def run(job, read):
    connection = duckdb.connect(":memory:")
    connection.execute("SET TimeZone = 'UTC'")
    for schema in job["schemas"]:
        connection.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
    for statement in job["setup"]:
        for translated in statements(statement, read):
            connection.execute(translated)
    rows = []
    for translated in statements(job["query"], read):
        rows = connection.execute(translated).fetchall()
    return [[cell(value) for value in row] for row in rows]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--read", help="the dialect sqlglot transpiles from; DuckDB's own SQL when left out")
    read = parser.parse_args().read
    jobs = json.load(sys.stdin)
    results = []
    for job in jobs:
        try:
            results.append({"id": job["id"], "rows": run(job, read)})
        except Exception as error:  # a failing job is reported, the others still run
            results.append({"id": job["id"], "error": f"{type(error).__name__}: {error}"})
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
