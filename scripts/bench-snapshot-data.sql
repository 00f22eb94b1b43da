-- A license snapshot for scripts/bench-sql.py, as Tests/TallyCoreTests/ReferenceProjects/features declares it: one row
-- per license per day over 2020 and 2021, 4,000 licenses that start and end at different days, seats changing week
-- by week, 4 versions (one broken, one dev build). The snapshot job skips 1 day in 10, and after the 28th of every
-- even month, so month ends often fall on earlier days. About 1.2 million rows.
CREATE TABLE license_days (
  day DATE NOT NULL,
  license TEXT NOT NULL,
  owner_id BIGINT,
  plan TEXT,
  status TEXT,
  seats BIGINT,
  version TEXT
);
INSERT INTO license_days (day, license, owner_id, plan, status, seats, version)
SELECT
  d,
  'lic-' || l,
  1 + l % 3000,
  (ARRAY['team', 'business', 'enterprise'])[1 + l % 3],
  CASE WHEN abs(hashint4(l * 7 + (d - DATE '2020-01-01'))) % 20 = 0 THEN 'past_due' ELSE 'active' END,
  1 + abs(hashint4(l * 31 + (d - DATE '2020-01-01') / 7)) % 50,
  (ARRAY['2.0.0', '2.1.3', '2.2.0', 'dev'])[1 + abs(hashint4(l + (d - DATE '2020-01-01') / 30)) % 4]
FROM generate_series(1, 4000) AS l
CROSS JOIN generate_series(DATE '2020-01-01', DATE '2021-12-31', INTERVAL '1 day') AS g(t)
CROSS JOIN LATERAL (SELECT CAST(g.t AS DATE) AS d) AS days
WHERE abs(hashint4(d - DATE '2020-01-01')) % 10 <> 0
  AND NOT (extract(month FROM d)::int % 2 = 0 AND extract(day FROM d) > 28)
  AND d - DATE '2020-01-01' BETWEEN abs(hashint4(l)) % 400 AND 330 + abs(hashint4(l + 1)) % 400;
