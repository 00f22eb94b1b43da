#!/usr/bin/env python3
"""Benchmark: tally's Spark SQL views over Parquet partitioned by day, filtered to one week, against hand-written
queries computing the same rows, on Apache Spark in local mode.

    swift build && .build/venv/bin/python scripts/bench-spark.py [ROWS]      (default 5,000,000 rows)

Writes ROWS event_logs rows over 26 weeks (182 days) as Parquet partitioned by event_date (the UTC day of the
timestamp) under .build/bench-spark/, reused by later runs of the same size. Builds scripts/bench-spark-project
(whose event_logs declares `partition_date: event_date`) with .build's tally into a temporary folder and creates its
views, and a second time without partition_date, to show what the declaration buys. For each view filtered to one
week: the plan's partition filters, the partitions the scan read, and the median time of 7 interleaved runs against
its hand-written twin. Prints a Markdown table. Targets: the view prunes to the week's 7 partitions, and runs
within 1.5x of its twin.
"""
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

os.environ["TZ"] = "UTC"
time.tzset()
os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")

from pyspark.sql import SparkSession  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TALLY = os.path.join(ROOT, ".build/debug/tally")
PROJECT = os.path.join(ROOT, "scripts/bench-spark-project")
FIRST_DAY = "2021-01-04"  # a Monday
WEEK = "2021-06-07"
NEXT = "2021-06-14"
DAYS = 182
RUNS = 7
VALID = r"'^v?([0-9]{1,3})(\\.([0-9]{1,3}))?(\\.([0-9]{1,3}))?$'"


def session():
    spark = (
        SparkSession.builder.master("local[2]")
        .appName("tally-bench")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.ansi.enabled", "true")
        .config("spark.sql.catalogImplementation", "in-memory")
        .config("spark.sql.warehouse.dir", tempfile.mkdtemp(prefix="tally-bench-warehouse-"))
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.memory", "2g")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def write_data(spark, rows, path):
    """Events spread evenly over the days, names, users and versions from a hash of the row id."""
    if os.path.exists(os.path.join(path, "_SUCCESS")):
        return
    shutil.rmtree(path, ignore_errors=True)
    seconds = DAYS * 86400
    spark.range(rows).selectExpr(
        "id",
        "element_at(array('SearchSubmitted', 'ViewBlob', 'InsightHover', 'CodyChat', 'SearchResultsQueried', "
        "'ViewSearchResults', 'InsightAddition', 'ViewHome'), CAST(pmod(hash(id, 1), 8) AS INT) + 1) AS name",
        "CAST(pmod(hash(id, 2), 50000) AS BIGINT) AS user_id",
        "concat('anon-', CAST(pmod(hash(id, 3), 80000) AS STRING)) AS anonymous_user_id",
        "CASE pmod(hash(id, 4), 3) WHEN 0 THEN '{\"insightType\": \"search\"}' WHEN 1 THEN "
        "'{\"insightType\": \"lang-stats\"}' ELSE '{}' END AS argument",
        "element_at(array('3.30.2', '3.31.0', '3.35.1', '5.2.0', 'dev', ''), CAST(pmod(hash(id, 5), 6) AS INT) + 1) "
        "AS version",
        f"timestamp_seconds(unix_timestamp(TIMESTAMP '{FIRST_DAY} 00:00:00') + CAST(id * {seconds} / {rows} AS BIGINT))"
        " AS timestamp",
    ).selectExpr("*", "to_date(timestamp) AS event_date").repartition("event_date").write.partitionBy(
        "event_date").parquet(path)


def statements(script):
    """views.sql's statements, comments left out; every statement ends a line with `;`."""
    current, found = [], []
    for line in script.splitlines():
        if line.startswith("--"):
            continue
        current.append(line)
        if line.endswith(";"):
            found.append("\n".join(current).rstrip(";"))
            current = []
    return [s for s in found if s.strip()]


def build_views(with_partition_date):
    """views.sql of the benchmark project, built by .build's tally, with or without partition_date."""
    folder = tempfile.mkdtemp(prefix="tally-bench-spark-")
    shutil.copytree(PROJECT, folder, dirs_exist_ok=True)
    if not with_partition_date:
        source = os.path.join(folder, "definitions/sources/event_logs.yaml")
        text = open(source).read().replace("partition_date: event_date\n", "")
        open(source, "w").write(text)
    subprocess.run([TALLY, "build", "--project", folder], check=True, capture_output=True)
    return open(os.path.join(folder, "generated/sql/spark/views.sql")).read()


def known_broken():
    """3.31 through 3.35.0, by the version's numbers; NULL for versions that are not releases."""
    key = ("(CAST(regexp_extract(version, '^v?([0-9]+)', 1) AS INT) * 1000000 + "
           "COALESCE(try_cast(regexp_extract(version, '^v?[0-9]+\\\\.([0-9]+)', 1) AS INT), 0) * 1000 + "
           "COALESCE(try_cast(regexp_extract(version, '^v?[0-9]+\\\\.[0-9]+\\\\.([0-9]+)', 1) AS INT), 0))")
    return f"CASE WHEN version RLIKE {VALID} THEN {key} BETWEEN 3031000 AND 3035000 END"


TWINS = {
    "weekly_searches": (
        "SELECT DATE '{week}' AS period_start, get_json_object(argument, '$.insightType') AS insight_type, "
        f"{known_broken()} AS known_broken, COUNT(*) AS value FROM event_logs "
        "WHERE name = 'SearchSubmitted' AND event_date >= DATE '{week}' AND event_date < DATE '{next}' "
        "GROUP BY 2, 3"),
    "weekly_searchers": (
        "SELECT DATE '{week}' AS period_start, known_broken, COUNT(*) AS value FROM ("
        f"SELECT user_id, CASE WHEN MAX(CASE WHEN version RLIKE {VALID} THEN 1 ELSE 0 END) = 1 THEN FALSE END "
        "AS known_broken FROM event_logs WHERE name = 'SearchSubmitted' AND user_id <> 0 "
        "AND anonymous_user_id <> 'backend' AND event_date >= DATE '{week}' AND event_date < DATE '{next}' "
        "GROUP BY user_id) AS people GROUP BY known_broken"),
}


def timed(spark, query):
    started = time.perf_counter()
    rows = spark.sql(query).collect()
    return time.perf_counter() - started, rows


def partitions_read(spark, query):
    """The scan's numPartitions metric after a run: the partitions Spark listed and read."""
    frame = spark.sql(query)
    frame.collect()
    plan = frame._jdf.queryExecution().executedPlan()
    if plan.getClass().getSimpleName() == "AdaptiveSparkPlanExec":
        plan = plan.finalPhysicalPlan()
    counts = []
    leaves = plan.collectLeaves()
    for index in range(leaves.size()):
        leaf = leaves.apply(index)
        node = leaf
        # A query stage wraps its plan; the file scan is the stage's leaf.
        while node.getClass().getSimpleName().endswith("QueryStageExec"):
            node = node.plan().collectLeaves().apply(0)
        if node.getClass().getSimpleName() == "FileSourceScanExec":
            metric = node.metrics().get("numPartitions")
            if metric.isDefined():
                counts.append(int(metric.get().value()))
    return counts


def partition_filters(spark, query):
    text = spark.sql(query)._jdf.queryExecution().executedPlan().toString()
    return re.findall(r"PartitionFilters: \[([^\]]*)\]", text)


def main():
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 5_000_000
    path = os.path.join(ROOT, f".build/bench-spark/event_logs_{rows}")
    spark = session()
    started = time.perf_counter()
    write_data(spark, rows, path)
    print(f"data: {rows:,} rows, {DAYS} daily partitions at {path} ({time.perf_counter() - started:.0f} s)\n")

    results = []
    for label, with_partition_date in [("partition_date: event_date", True), ("no partition_date", False)]:
        database = "bench_partitioned" if with_partition_date else "bench_plain"
        spark.sql(f"CREATE DATABASE {database}")
        spark.sql(f"USE {database}")
        spark.sql(f"CREATE TABLE event_logs USING parquet LOCATION '{path}'")
        spark.sql("ALTER TABLE event_logs RECOVER PARTITIONS")
        for statement in statements(build_views(with_partition_date)):
            spark.sql(statement)
        for view, twin in TWINS.items():
            query = f"SELECT * FROM {view} WHERE period_start = DATE '{WEEK}'"
            hand = twin.replace("{week}", WEEK).replace("{next}", NEXT)
            filters = partition_filters(spark, query)
            read = partitions_read(spark, query)
            twin_read = partitions_read(spark, hand)
            # Same rows, as multisets of text.
            view_rows = sorted(map(str, spark.sql(query).collect()))
            twin_rows = sorted(map(str, spark.sql(hand).collect()))
            view_times, twin_times = [], []
            for _ in range(RUNS):
                view_times.append(timed(spark, query)[0])
                twin_times.append(timed(spark, hand)[0])
            view_median, twin_median = statistics.median(view_times), statistics.median(twin_times)
            results.append((label, view, filters, read, twin_read, view_rows == twin_rows, view_median, twin_median))
    spark.stop()

    print("| source | view (one week) | partition filters in the plan | partitions read (twin) | same rows | view | "
          "hand-written | ratio |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for label, view, filters, read, twin_read, same, view_median, twin_median in results:
        shown = "; ".join(f"`{f}`" for f in filters if f) or "none"
        shown = re.sub(r"#\d+", "", shown)
        print(f"| {label} | {view} | {shown} | {read} ({twin_read}) | {'yes' if same else 'NO'} | "
              f"{view_median * 1000:.0f} ms | {twin_median * 1000:.0f} ms | {view_median / twin_median:.2f}x |")


if __name__ == "__main__":
    main()
