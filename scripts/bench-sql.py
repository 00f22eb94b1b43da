#!/usr/bin/env python3
"""Benchmark: tally's PostgreSQL views, filtered to one period, against hand-written queries computing the same.

Run under a throwaway server:  scripts/with-postgres python3 scripts/bench-sql.py
Loads 1,000,000 event_logs rows (Sourcegraph's DDL and indexes, plus the indexes.sql tally writes) and a license
snapshot of about 1.2 million rows (scripts/bench-snapshot-data.sql, with the features reference project's indexes
for it), creates the event views of the project's definitions and of scripts/bench-project (measures the project's
own definitions do not use: windows and percentiles; built here with .build's tally) and the features project's
seats_at_month_end, then times each view and its twin with EXPLAIN ANALYZE (median of 15 runs each, interleaved, server time only) and
prints a Markdown table. Target: no view slower than 1.2x its twin.
"""
import os
import re
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WEEK = "2021-06-07"
NEXT = "2021-06-14"
WINDOW = f"\"timestamp\" >= TIMESTAMPTZ '{WEEK} 00:00:00+00' AND \"timestamp\" < TIMESTAMPTZ '{NEXT} 00:00:00+00'"
VALID = r"version ~ '^v?[0-9]{1,3}(\.[0-9]{1,3}){0,2}$'"


def known_broken(ranges):
    """A hand-written known_broken: the version as an int[] against bounds without trailing zeros."""
    if not ranges:
        return f"CASE WHEN {VALID} THEN FALSE END"
    parts = "string_to_array(ltrim(version, 'v'), '.')::int[]"
    tests = " OR ".join(f"({parts} >= '{{{lo}}}' AND {parts} < '{{{hi}}}')" for lo, hi in ranges)
    return f"CASE WHEN {VALID} THEN ({tests}) END"


INSIGHTS_BROKEN = [("3,31", "3,35,1")]
PAGE_BROKEN = [("3,25", "3,27"), ("3,30", "3,31")]
DAU_EXCLUDED = None  # read from the definition below
# The benchmark's own project, for measures the project's definitions do not use; paths below are to its views.
BENCH_PROJECT = os.path.join(ROOT, "scripts/bench-project")
BENCH = "bench"
# Runs per query: the small ones take a few milliseconds, where one noisy run moves a median of 7.
RUNS = 15


def count_twin(names, group, ranges, grain="week"):
    cols = "".join(f", {g}" for g in group)
    ordinals = ", ".join(str(i) for i in range(1, len(group) + 3))
    return (f"SELECT date_trunc('{grain}', \"timestamp\" AT TIME ZONE 'UTC')::date AS period_start{cols}, "
            f"{known_broken(ranges)} AS known_broken, count(*) FROM event_logs "
            f"WHERE name IN ({', '.join(repr(n) for n in names)}) AND {WINDOW} GROUP BY {ordinals}")


def fold_people_twin(where, person, ranges, grain, window=WINDOW):
    """Distinct people per period, each counted once: known broken if any of their rows was."""
    key = f"date_trunc('{grain}', \"timestamp\" AT TIME ZONE 'UTC')::date"
    return (f"SELECT period_start, known_broken, count(*) FROM ("
            f"SELECT period_start, p, CASE WHEN bool_or(b) THEN TRUE WHEN bool_or(NOT b) THEN FALSE END AS known_broken "
            f"FROM (SELECT {key} AS period_start, {person} AS p, {known_broken(ranges)} AS b FROM event_logs "
            f"WHERE {where} AND anonymous_user_id <> 'backend' AND {window}) matching "
            f"GROUP BY period_start, p) people GROUP BY period_start, known_broken")


FEATURES = "Tests/TallyCoreTests/ReferenceProjects/features"
SEATS_BROKEN = [("2,1", "2,2")]


def month_end_twin(month, next_month, ranges):
    """Seats per plan on the month's last day with data: that day looked up once, then its rows read."""
    last = f"(SELECT max(day) FROM license_days WHERE day >= DATE '{month}' AND day < DATE '{next_month}')"
    return (f"SELECT DATE '{month}' AS period_start, plan, {known_broken(ranges)} AS known_broken, sum(seats) "
            f"FROM license_days WHERE day = {last} AND seats IS NOT NULL GROUP BY 1, 2, 3")


def power_users_twin(least, ranges, month):
    """Registered users active on at least `least` distinct UTC days of the month, each once, folded over
    known_broken: one row per user and day first, then per user, as power_users.yaml is written by hand."""
    return (f"SELECT period_start, known_broken, count(*) FROM ("
            f"SELECT period_start, user_id, CASE WHEN bool_or(b) THEN TRUE WHEN bool_or(NOT b) THEN FALSE END AS known_broken "
            f"FROM (SELECT date_trunc('month', \"timestamp\" AT TIME ZONE 'UTC')::date AS period_start, user_id, "
            f"(\"timestamp\" AT TIME ZONE 'UTC')::date AS day, bool_or({known_broken(ranges)}) AS b "
            f"FROM event_logs WHERE user_id <> 0 AND anonymous_user_id <> 'backend' AND {month} GROUP BY 1, 2, 3) days "
            f"GROUP BY period_start, user_id HAVING count(*) >= {least}) people GROUP BY period_start, known_broken")


def days_before(date, days):
    return f"DATE '{date}' - {days}"


def trailing_users_twin(day, days, ranges):
    """Registered users with a row in the `days` days ending on `day`, each once, folded over known_broken."""
    window = (f"\"timestamp\" >= ({days_before(day, days - 1)})::timestamp AT TIME ZONE 'UTC' "
              f"AND \"timestamp\" < (DATE '{day}' + 1)::timestamp AT TIME ZONE 'UTC'")
    return (f"SELECT DATE '{day}' AS period_start, known_broken, count(*) FROM ("
            f"SELECT user_id, CASE WHEN bool_or(b) THEN TRUE WHEN bool_or(NOT b) THEN FALSE END AS known_broken "
            f"FROM (SELECT user_id, {known_broken(ranges)} AS b FROM event_logs "
            f"WHERE user_id <> 0 AND anonymous_user_id <> 'backend' AND {window}) matching "
            f"GROUP BY user_id) people GROUP BY known_broken")


def trailing_count_twin(week, days, name):
    """Rows of one event in the `days` days ending on the week's Sunday."""
    window = (f"\"timestamp\" >= ({days_before(week, days - 7)})::timestamp AT TIME ZONE 'UTC' "
              f"AND \"timestamp\" < (DATE '{week}' + 7)::timestamp AT TIME ZONE 'UTC'")
    return (f"SELECT DATE '{week}' AS period_start, {known_broken([])} AS known_broken, count(*) FROM event_logs "
            f"WHERE name = '{name}' AND {window} GROUP BY 2")


def percentile_twin(name, fraction, ranges):
    """The continuous percentile of a JSON number per day of the benchmark week."""
    return (f"SELECT date_trunc('day', \"timestamp\" AT TIME ZONE 'UTC')::date AS period_start, "
            f"CASE WHEN bool_or(b) THEN TRUE WHEN bool_or(NOT b) THEN FALSE END AS known_broken, "
            f"percentile_cont({fraction}) WITHIN GROUP (ORDER BY d) FROM ("
            f"SELECT \"timestamp\", {known_broken(ranges)} AS b, (argument ->> 'durationMs')::float8 AS d "
            f"FROM event_logs WHERE name = '{name}' AND {WINDOW}) matching GROUP BY 1")


USER = "user_id"
ANYONE = "CASE WHEN user_id <> 0 THEN 'u' || user_id ELSE 'a' || anonymous_user_id END"


def cases(excluded):
    month = "\"timestamp\" >= TIMESTAMPTZ '2021-06-01 00:00:00+00' AND \"timestamp\" < TIMESTAMPTZ '2021-07-01 00:00:00+00'"
    not_excluded = f"name NOT IN ({', '.join(repr(n) for n in excluded)})"
    week_filter = f"period_start = DATE '{WEEK}'"
    days_filter = f"period_start >= DATE '{WEEK}' AND period_start < DATE '{NEXT}'"
    return [
        ("code_insights/additions_edits_removals_count", week_filter,
         count_twin(["InsightAddition", "InsightEdit", "InsightRemoval"], ["name", "argument ->> 'insightType'"], INSIGHTS_BROKEN)),
        ("code_insights/hovers_count", week_filter, count_twin(["InsightHover"], ["argument ->> 'insightType'"], [])),
        ("code_insights/ui_customizations_count", week_filter,
         count_twin(["InsightUICustomization"], ["argument ->> 'insightType'"], [])),
        ("code_insights/data_point_clicks_count", week_filter,
         count_twin(["InsightDataPointClick"], ["argument ->> 'insightType'"], [])),
        ("code_insights/page_views_count", week_filter, count_twin(["ViewInsights"], [], PAGE_BROKEN)),
        ("code_insights/unique_page_views_count", week_filter,
         fold_people_twin("name = 'ViewInsights' AND user_id <> 0", USER, PAGE_BROKEN, "week")),
        ("cody/cody_daus", days_filter, fold_people_twin("name LIKE 'Cody%'", ANYONE, [], "day")),
        ("company/dau", days_filter, fold_people_twin(f"{not_excluded} AND user_id <> 0", USER, [], "day")),
        ("company/mau", "period_start = DATE '2021-06-01'",
         fold_people_twin(f"{not_excluded} AND user_id <> 0", USER, [], "month", window=month)),
        (f"{BENCH}/trailing_28_day_users", week_filter, trailing_users_twin(WEEK, 28, INSIGHTS_BROKEN)),
        (f"{BENCH}/weekly_searches_trailing_90_days", week_filter, trailing_count_twin(WEEK, 90, "SearchSubmitted")),
        (f"{BENCH}/blob_view_p95", days_filter, percentile_twin("ViewBlob", 0.95, INSIGHTS_BROKEN)),
        # June 2021 has no snapshot after the 28th: its month end reads an earlier day than the 30th.
        (f"{FEATURES}/generated/sql/postgres/snapshots/seats_at_month_end.sql", "period_start = DATE '2021-06-01'",
         month_end_twin("2021-06-01", "2021-07-01", SEATS_BROKEN)),
        (f"{BENCH}/power_users_10_days", "period_start = DATE '2021-06-01'",
         power_users_twin(10, INSIGHTS_BROKEN, month)),
    ]


def psql(sql, database="bench"):
    command = ["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", os.environ["TALLY_PG_HOST"],
               "-p", os.environ["TALLY_PG_PORT"], "-U", "postgres", "-d", database]
    return subprocess.run(command, input=sql, text=True, capture_output=True, check=True).stdout


def execution_ms(query):
    plan = psql(f"EXPLAIN (ANALYZE, TIMING OFF) {query};")
    return float(re.search(r"Execution Time: ([0-9.]+) ms", plan).group(1)), plan


def main():
    psql("DROP DATABASE IF EXISTS bench; CREATE DATABASE bench;", database="postgres")
    with open(os.path.join(ROOT, "Tests/TallyCoreTests/Fixtures/sourcegraph_event_logs.sql")) as ddl:
        psql(ddl.read())
    with open(os.path.join(ROOT, "scripts/bench-data.sql")) as load:
        psql(load.read())
    tally = next(path for path in (os.path.join(ROOT, ".build", kind, "tally") for kind in ("release", "debug"))
                 if os.path.exists(path))
    subprocess.run([tally, "build", "--project", BENCH_PROJECT], check=True, capture_output=True)
    for tree in (ROOT, BENCH_PROJECT):
        indexes = open(os.path.join(tree, "generated/sql/postgres/indexes.sql")).read()
        for statement in indexes.split(";"):
            if '"event_logs"' in statement:
                psql(statement + ";")
    with open(os.path.join(ROOT, "scripts/bench-snapshot-data.sql")) as load:
        psql(load.read())
    for statement in open(os.path.join(ROOT, f"{FEATURES}/generated/sql/postgres/indexes.sql")).read().split(";"):
        if '"license_days"' in statement:
            psql(statement + ";")
    psql("VACUUM ANALYZE event_logs; VACUUM ANALYZE license_days;")
    excluded = re.findall(r"^  - (\S+)$", open(os.path.join(ROOT, "definitions/company/dau.yaml")).read(), re.M)
    print("| view | filter | view ms | hand-written ms | ratio | tally index |")
    print("| --- | --- | ---: | ---: | ---: | --- |")
    worst = 0.0
    for path, where, twin in cases(excluded):
        if path.endswith(".sql"):
            file = os.path.join(ROOT, path)
        else:
            tree = BENCH_PROJECT if path.startswith(BENCH + "/") else ROOT
            file = os.path.join(tree, f"generated/sql/postgres/{path}.sql")
        name = os.path.basename(file)[:-4]
        psql(open(file).read())
        view = f"SELECT * FROM {name} WHERE {where}"
        # Both return the same rows: the benchmark would be meaningless otherwise.
        left = sorted(psql(view + " ORDER BY 1").splitlines())
        right = sorted(psql(twin).splitlines())
        if left != right:
            sys.exit(f"{path}: the view and its twin disagree\nview: {left[:5]}\ntwin: {right[:5]}")
        view_runs, twin_runs = [], []
        plan = ""
        for _ in range(RUNS):
            ms, plan = execution_ms(view)
            view_runs.append(ms)
            twin_runs.append(execution_ms(twin)[0])
        v, t = statistics.median(view_runs), statistics.median(twin_runs)
        worst = max(worst, v / t)
        uses = "yes" if "tally_" in plan else "no"
        print(f"| {name} | {where} | {v:.1f} | {t:.1f} | {v / t:.2f} | {uses} |")
    print(f"\nworst ratio: {worst:.2f} (target 1.20)")


if __name__ == "__main__":
    main()
