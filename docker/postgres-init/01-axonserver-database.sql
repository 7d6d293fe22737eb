-- The Axon Server variant (compose profile `axonserver`) keeps its tokens, sagas and read models in a
-- database of its own: its events live in Axon Server, so it must never share read tables with the
-- variant whose events are in PostgreSQL.
CREATE DATABASE bankcore_axonserver OWNER bankcore;
