#!/usr/bin/env python3
"""Runs BigQuery SQL on DuckDB: each statement is transpiled by sqlglot (read="bigquery", write="duckdb").

Reads a JSON list of jobs {id, schemas, setup, query} on stdin; writes a JSON list of {id, rows} or {id, error}.
Every job gets a fresh in-memory database in UTC, as BigQuery's DATE(timestamp) is UTC.
"""
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


def transpile(statement):
    return sqlglot.transpile(statement, read="bigquery", write="duckdb")


def run(job):
    connection = duckdb.connect(":memory:")
    connection.execute("SET TimeZone = 'UTC'")
    for schema in job["schemas"]:
        connection.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
    for statement in job["setup"]:
        for translated in transpile(statement):
            connection.execute(translated)
    rows = []
    for translated in transpile(job["query"]):
        rows = connection.execute(translated).fetchall()
    return [[cell(value) for value in row] for row in rows]


def main():
    jobs = json.load(sys.stdin)
    results = []
    for job in jobs:
        try:
            results.append({"id": job["id"], "rows": run(job)})
        except Exception as error:  # a failing job is reported, the others still run
            results.append({"id": job["id"], "error": f"{type(error).__name__}: {error}"})
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
