-- 1,000,000 realistic event_logs rows for scripts/bench-sql.py: 20 event names, 4 insight types, 11 versions
-- (broken, healthy and dev builds), 1 in 5 rows anonymous, 1 in 50 from the backend, spread over 2021; each
-- argument also holds a durationMs from 0 to 4999.
INSERT INTO event_logs (name, url, user_id, anonymous_user_id, source, argument, version, "timestamp")
SELECT
  (ARRAY['InsightAddition','InsightEdit','InsightRemoval','InsightHover','InsightUICustomization','InsightDataPointClick',
         'ViewInsights','ViewCodeInsightsCreationPage','ViewInsightsGetStartedPage','InsightsGetStartedTabClick',
         'SearchSubmitted','SearchResultsQueried','ViewRepository','ViewBlob','goToDefinition','findReferences',
         'CodyVSCodeExtension:chat-question:submitted','CodyVSCodeExtension:completion:accepted','InstallCodyButtonClicked',
         'ViewSignIn'])[1 + (abs(hashint4(i)) % 20)],
  'https://sourcegraph.example.com/page/' || (i % 1000),
  CASE WHEN abs(hashint4(i + 1)) % 5 = 0 THEN 0 ELSE 1 + abs(hashint4(i + 2)) % 5000 END,
  CASE WHEN abs(hashint4(i + 3)) % 50 = 0 THEN 'backend' ELSE 'anon-' || (abs(hashint4(i + 4)) % 20000) END,
  CASE WHEN abs(hashint4(i + 3)) % 50 = 0 THEN 'BACKEND' ELSE 'WEB' END,
  jsonb_build_object('insightType', (ARRAY['SearchBased','LangStats','CaptureGroup','ComputeBased'])[1 + abs(hashint4(i + 5)) % 4],
                     'durationMs', abs(hashint4(i + 8)) % 5000),
  (ARRAY['3.25.0','3.26.7','3.30.4','3.31.0','3.33.1','v3.35.0','3.35.1','3.40.2','4.5.1','5.2.3','0.0.0+dev'])[1 + abs(hashint4(i + 6)) % 11],
  TIMESTAMPTZ '2021-01-04 00:00:00+00' + (abs(hashint4(i + 7)) % (364 * 86400)) * INTERVAL '1 second'
FROM generate_series(1, 1000000) AS i;
