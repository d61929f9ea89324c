-- Failed-login (and wrong resume code) windows every node counts in:
-- per client address and per account, so a guesser spread over the nodes
-- by a load balancer meets the same limits as on one node. (One node keeps
-- these in memory: migrations/sqlite has no such table.)
CREATE TABLE throttle (
    key      TEXT PRIMARY KEY,
    failures BIGINT NOT NULL,
    since    BIGINT NOT NULL
);
