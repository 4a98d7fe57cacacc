-- What the relations analysis reads of a cluster, so that it counts events from the cluster
-- table alone: the actors' countries, the PLOVER mode, the coder's confidence and whether
-- any mention states the event as fact (rather than as someone's claim).
ALTER TABLE event_clusters ADD COLUMN source_country VARCHAR;
ALTER TABLE event_clusters ADD COLUMN target_country VARCHAR;
ALTER TABLE event_clusters ADD COLUMN plover_mode VARCHAR;
ALTER TABLE event_clusters ADD COLUMN confidence DOUBLE;
ALTER TABLE event_clusters ADD COLUMN stated BOOLEAN;

UPDATE event_clusters SET
    source_country = a.source_country,
    target_country = a.target_country,
    plover_mode = a.plover_mode,
    confidence = a.confidence
FROM events a
WHERE a.event_id = event_clusters.cluster_id;

UPDATE event_clusters SET stated = m.stated
FROM (
    SELECT cluster_id, bool_or(attribution_speaker IS NULL) AS stated
    FROM events WHERE cluster_id IS NOT NULL GROUP BY cluster_id
) m
WHERE m.cluster_id = event_clusters.cluster_id;
