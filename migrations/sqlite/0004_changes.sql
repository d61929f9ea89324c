-- The feed of changes to what is published, in commit order: each node of
-- a cluster follows it to keep its own candidate index (see store.rs). On
-- one node nothing follows it; it is pruned like the cluster's.
CREATE TABLE changes (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    public_id TEXT NOT NULL,
    at        INTEGER NOT NULL
);
