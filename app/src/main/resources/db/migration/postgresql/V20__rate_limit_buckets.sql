-- Per-credential rate-limit buckets shared by every instance (SharedRateLimiter, Bucket4j's
-- PostgreSQL proxy manager). id: the client's principal (key:<id>, jwt:<sub>, or a SHA-256 when
-- long) and the settings, never a credential; state: Bucket4j's serialized bucket; expires_at: epoch
-- milliseconds after which the bucket would be full again anyway, when idle rows may be deleted.
-- PostgreSQL only: on H2 each instance keeps its buckets in memory.
CREATE TABLE rate_limit_bucket (
    id         TEXT PRIMARY KEY,
    state      BYTEA,
    expires_at BIGINT
);

CREATE INDEX rate_limit_bucket_expires_at ON rate_limit_bucket (expires_at);
