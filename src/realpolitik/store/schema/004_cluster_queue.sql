-- Blocks (dataset, directed dyad, CAMEO root, modality) whose clusters are to be recomputed.
-- A long ingest writes each batch's events with their blocks queued here in the same
-- transaction and clusters the queued blocks at checkpoints and at its end, so that a block
-- is clustered once per checkpoint rather than once per batch. An interrupted run leaves its
-- blocks queued; the next run, or `realpolitik db cluster`, clusters them.
CREATE TABLE cluster_queue (
    dataset VARCHAR NOT NULL,
    source VARCHAR,
    target VARCHAR,
    root VARCHAR,
    modality VARCHAR,
    queued_at TIMESTAMP NOT NULL
);
