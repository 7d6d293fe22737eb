-- Per-credential rate-limit buckets shared by every instance (SharedRateLimiter, Bucket4j's
-- PostgreSQL proxy manager). id: the client's principal (key:<id>, jwt:<sub>, or a SHA-256 when
-- long) and the settings, never a credential; state: Bucket4j's serialized bucket; expires_at: epoch
-- milliseconds after which the bucket would be full again anyway, when idle rows may be deleted.
-- PostgreSQL only: on H2 each instance keeps its buckets in memory.
--
-- UNLOGGED: every rate-limited request updates a row here, and a bucket need not survive a crash.
-- Without WAL its updates cost less and their commits wait for no flush to disk. After a crash (or
-- on a promoted standby, which never had the rows) the table is empty: every client starts again
-- from a full bucket, once. No index on expires_at: the purge reads this small table once a minute,
-- and with no indexed column changing, updates stay HOT (in place, no index entry); fillfactor
-- leaves room on each page for them.
CREATE UNLOGGED TABLE rate_limit_bucket (
    id         TEXT PRIMARY KEY,
    state      BYTEA,
    expires_at BIGINT
) WITH (fillfactor = 50);
