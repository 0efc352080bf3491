"""The store's schema, as numbered migrations applied in order (see docs/schema.md)."""

from __future__ import annotations

from chandelle.store.rollup import MIGRATION_3_SQL as ROLLUP_MONTHS_SQL
from chandelle.store.rollup import MIGRATION_SQL as ROLLUP_SQL

MIGRATIONS: list[tuple[int, str, str]] = [
    (1, "initial schema", """
CREATE SEQUENCE institution_ids START 1;
CREATE TABLE institutions (
    institution_id INTEGER PRIMARY KEY DEFAULT nextval('institution_ids'),
    slug VARCHAR NOT NULL UNIQUE,
    name VARCHAR NOT NULL
);
CREATE SEQUENCE account_ids START 1;
CREATE TABLE accounts (
    account_id INTEGER PRIMARY KEY DEFAULT nextval('account_ids'),
    institution_id INTEGER,
    platform VARCHAR NOT NULL,
    handle VARCHAR NOT NULL,
    display_name VARCHAR,
    url VARCHAR,
    platform_account_id VARCHAR,
    UNIQUE (platform, handle)
);
CREATE TABLE items (
    platform VARCHAR NOT NULL,
    item_id VARCHAR NOT NULL,
    account_id INTEGER NOT NULL,
    published_at TIMESTAMP NOT NULL,
    format VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    text VARCHAR,
    url VARCHAR,
    duration_s DOUBLE,
    media_count INTEGER,
    reply_to_id VARCHAR,
    thread_id VARCHAR,
    part_index INTEGER NOT NULL DEFAULT 1,
    parts INTEGER NOT NULL DEFAULT 1,
    features VARCHAR[],
    first_run_id INTEGER,
    last_run_id INTEGER,
    PRIMARY KEY (platform, item_id)
);
CREATE TABLE metric_snapshots (
    platform VARCHAR NOT NULL,
    item_id VARCHAR NOT NULL,
    metric VARCHAR NOT NULL,
    exported_at TIMESTAMP NOT NULL,
    value DOUBLE NOT NULL,
    run_id INTEGER,
    PRIMARY KEY (platform, item_id, metric, exported_at)
);
CREATE TABLE follower_snapshots (
    account_id INTEGER NOT NULL,
    day DATE NOT NULL,
    followers BIGINT NOT NULL,
    run_id INTEGER,
    PRIMARY KEY (account_id, day)
);
CREATE TABLE account_daily_metrics (
    account_id INTEGER NOT NULL,
    day DATE NOT NULL,
    metric VARCHAR NOT NULL,
    value DOUBLE NOT NULL,
    run_id INTEGER,
    PRIMARY KEY (account_id, day, metric)
);
CREATE SEQUENCE run_ids START 1;
CREATE TABLE import_runs (
    run_id INTEGER PRIMARY KEY DEFAULT nextval('run_ids'),
    file_name VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    importer VARCHAR NOT NULL,
    platform VARCHAR NOT NULL,
    exported_at TIMESTAMP NOT NULL,
    imported_at TIMESTAMP NOT NULL,
    items_added INTEGER NOT NULL,
    items_updated INTEGER NOT NULL,
    items_unchanged INTEGER NOT NULL,
    skipped INTEGER NOT NULL,
    skips_by_reason JSON,
    warnings JSON
);
CREATE VIEW item_metrics_current AS
    SELECT platform, item_id, metric, arg_max(value, exported_at) AS value,
           max(exported_at) AS exported_at
    FROM metric_snapshots GROUP BY platform, item_id, metric;
CREATE VIEW content_items AS
    SELECT i.*, a.handle
    FROM items i JOIN accounts a USING (account_id)
    WHERE i.kind = 'original' AND i.part_index = 1;
"""),
    (2, "items per account, day and format (store/rollup.py)", ROLLUP_SQL),
    (3, "items per account, month and format; feature tags per account and day (store/rollup.py)",
     ROLLUP_MONTHS_SQL),
]

SCHEMA_VERSION = MIGRATIONS[-1][0]
