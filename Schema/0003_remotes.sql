-- Git remotes this store syncs with. Local to this machine: never synced, never holds
-- credentials (those come from the environment at sync time).
CREATE TABLE remote (
    name TEXT PRIMARY KEY,
    url TEXT NOT NULL
);
