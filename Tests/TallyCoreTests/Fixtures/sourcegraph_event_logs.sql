-- event_logs as Sourcegraph's PostgreSQL schema defines it (internal/database/schema.md), with its indexes.
CREATE TABLE event_logs (
    id bigserial PRIMARY KEY,
    name text NOT NULL,
    url text NOT NULL,
    user_id integer NOT NULL,
    anonymous_user_id text NOT NULL,
    source text NOT NULL,
    argument jsonb NOT NULL,
    version text NOT NULL,
    "timestamp" timestamp with time zone NOT NULL,
    feature_flags jsonb,
    cohort_id date,
    public_argument jsonb DEFAULT '{}'::jsonb NOT NULL,
    first_source_url text,
    last_source_url text,
    referrer text,
    device_id text,
    insert_id text,
    billing_product_category text,
    billing_event_id text,
    client text,
    CONSTRAINT event_logs_check_has_user CHECK (user_id <> 0 OR anonymous_user_id <> ''),
    CONSTRAINT event_logs_check_name_not_empty CHECK (name <> ''),
    CONSTRAINT event_logs_check_source_not_empty CHECK (source <> ''),
    CONSTRAINT event_logs_check_version_not_empty CHECK (version <> '')
);
CREATE INDEX event_logs_anonymous_user_id ON event_logs USING btree (anonymous_user_id);
CREATE INDEX event_logs_name_timestamp ON event_logs USING btree (name, "timestamp" DESC);
CREATE INDEX event_logs_source ON event_logs USING btree (source);
CREATE INDEX event_logs_timestamp ON event_logs USING btree ("timestamp");
CREATE INDEX event_logs_timestamp_at_utc ON event_logs USING btree (date(timezone('UTC'::text, "timestamp")));
CREATE INDEX event_logs_user_id ON event_logs USING btree (user_id);
CREATE INDEX event_logs_user_id_name ON event_logs USING btree (user_id, name);
CREATE INDEX event_logs_user_id_timestamp ON event_logs USING btree (user_id, "timestamp");
