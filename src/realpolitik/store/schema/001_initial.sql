-- The event store: documents, coding runs, events with their provenance, and the clusters that
-- group the mentions of one real-world event. Applied once, inside one transaction.

-- Where rows come from: documents coded here, or an imported event dataset.
CREATE TABLE datasets (
    name VARCHAR PRIMARY KEY,
    description VARCHAR NOT NULL,
    directed BOOLEAN NOT NULL  -- whether source -> target has a direction (ACLED has none)
);

INSERT INTO datasets VALUES
    ('coded', 'events coded by realpolitik from stored documents', TRUE),
    ('gdelt', 'GDELT 1.0/2.0 event files', TRUE),
    ('icews', 'ICEWS coded event data', TRUE),
    ('acled', 'ACLED events (actor1/actor2 carry no direction)', FALSE),
    ('polecat', 'POLECAT weekly PLOVER-coded event files', TRUE),
    ('plover', 'PLOVER JSON event records', TRUE);

-- One row per command that wrote to the store (ingest, recode, import).
CREATE SEQUENCE run_ids START 1;

CREATE TABLE coding_runs (
    run_id INTEGER PRIMARY KEY,
    kind VARCHAR NOT NULL,                 -- 'ingest', 'recode', 'import', 'cluster'
    dataset VARCHAR NOT NULL,
    status VARCHAR NOT NULL,               -- 'running', 'finished', 'interrupted'
    started_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    realpolitik_version VARCHAR NOT NULL,
    coder_version VARCHAR,                 -- NULL when nothing was coded (--no-code, import)
    dictionary_version VARCHAR,
    settings JSON,                         -- options of the command: workers, batch size, paths
    documents INTEGER NOT NULL DEFAULT 0,  -- documents stored or coded by the run
    events INTEGER NOT NULL DEFAULT 0
);

-- Documents are identified by their content: the sha256 of the normalised text, so the same
-- text read twice is stored once.
CREATE TABLE documents (
    doc_id VARCHAR PRIMARY KEY,
    dataset VARCHAR NOT NULL,
    original_id VARCHAR,                   -- the id the input gave (JSON Lines 'id', file name)
    url VARCHAR,
    title VARCHAR,
    publisher VARCHAR,                     -- the outlet or feed that published it
    published DATE,
    language VARCHAR,
    text VARCHAR NOT NULL,
    chars INTEGER NOT NULL,
    origin VARCHAR,                        -- the file or feed address it was read from
    ingested_at TIMESTAMP NOT NULL,
    ingest_run INTEGER NOT NULL,
    coded_run INTEGER,                     -- NULL until coded; near-duplicates are never coded
    coder_version VARCHAR,
    dictionary_version VARCHAR,
    sentences INTEGER,
    events INTEGER
);

-- A near-duplicate (the same wire story on another site) points to the document it copies.
CREATE TABLE document_links (
    doc_id VARCHAR NOT NULL,
    original_doc_id VARCHAR NOT NULL,
    relation VARCHAR NOT NULL,             -- 'near_duplicate'
    similarity DOUBLE NOT NULL,            -- estimated Jaccard similarity of word shingles
    PRIMARY KEY (doc_id, original_doc_id)
);

-- MinHash signatures of original documents and their LSH band keys, to find near-duplicates.
CREATE TABLE document_minhash (
    doc_id VARCHAR PRIMARY KEY,
    signature UINTEGER[] NOT NULL
);

CREATE TABLE document_bands (
    band_key BIGINT NOT NULL,
    doc_id VARCHAR NOT NULL
);

-- One row per event mention: the columns of the flat event row of `realpolitik code`, plus
-- where the row came from. event_id is unique (kept so by the store, without an index, so that
-- bulk loads of millions of rows stay fast).
CREATE TABLE events (
    event_id VARCHAR NOT NULL,
    doc_id VARCHAR,
    date DATE,
    date_precision VARCHAR,
    date_source VARCHAR,
    source VARCHAR,
    source_name VARCHAR,
    source_country VARCHAR,
    target VARCHAR,
    target_name VARCHAR,
    target_country VARCHAR,
    code VARCHAR,
    root VARCHAR,
    event_name VARCHAR,
    quad_class INTEGER,
    goldstein DOUBLE,
    plover_type VARCHAR,
    plover_mode VARCHAR,
    modality VARCHAR,
    attribution_speaker VARCHAR,
    attribution_code VARCHAR,
    attribution_cue VARCHAR,
    location_name VARCHAR,
    location_country VARCHAR,
    location_latitude DOUBLE,
    location_longitude DOUBLE,
    location_precision VARCHAR,
    quantity_value DOUBLE,
    quantity_counted VARCHAR,
    quantity_approximate BOOLEAN,
    sentence VARCHAR,
    sentence_index INTEGER,
    char_start INTEGER,
    char_end INTEGER,
    trigger VARCHAR,
    source_start INTEGER,
    source_end INTEGER,
    target_start INTEGER,
    target_end INTEGER,
    rules VARCHAR,                         -- rule and dictionary row ids, ';'-joined
    dictionary_version VARCHAR,
    coder_version VARCHAR,
    confidence DOUBLE,
    dataset VARCHAR NOT NULL,
    original_id VARCHAR,                   -- id in the source dataset; unique per dataset
    url VARCHAR,
    run_id INTEGER,
    cluster_id VARCHAR,
    extra JSON                             -- fields of the source format with no column
);

-- One real-world event reported by one or more mentions. cluster_id is the event_id of its
-- first mention; 'mentions' counts every article carrying it, near-duplicate copies included.
CREATE TABLE event_clusters (
    cluster_id VARCHAR PRIMARY KEY,
    dataset VARCHAR NOT NULL,
    date DATE,
    last_date DATE,
    source VARCHAR,
    target VARCHAR,
    code VARCHAR,
    root VARCHAR,
    quad_class INTEGER,
    goldstein DOUBLE,
    plover_type VARCHAR,
    modality VARCHAR,
    location_name VARCHAR,
    location_country VARCHAR,
    mentions INTEGER NOT NULL,
    articles INTEGER NOT NULL,
    sources INTEGER NOT NULL
);
