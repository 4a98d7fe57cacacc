-- Trade statistics beside the events: one row per reported flow of goods. A flow is keyed by
-- who published it (the dataset), its period, the reporting and partner countries (CAMEO
-- codes; WLD the world, EUU the European Union as a whole), its direction and its product.
-- Re-importing a file replaces its rows; another classification vintage of the same data
-- goes into a dataset of its own.
CREATE TABLE trade_flows (
    dataset VARCHAR NOT NULL,       -- comtrade, baci, csv, or the name an import gives
    freq VARCHAR NOT NULL,          -- year | month
    period DATE NOT NULL,           -- first day of the year or month
    reporter VARCHAR NOT NULL,      -- whose declarations: the exporter for BACI
    partner VARCHAR NOT NULL,
    flow VARCHAR NOT NULL,          -- X exports, M imports, RX re-exports, RM re-imports,
                                    -- T turnover (exports and imports, where only that is published)
    hs VARCHAR NOT NULL,            -- TOTAL, or the HS code's digits (2 to 6)
    hs_vintage VARCHAR,             -- H0 (HS 1992) .. H6 (HS 2022); null when not given
    value_usd DOUBLE,
    kg DOUBLE,                      -- net weight
    qty DOUBLE,
    qty_unit VARCHAR,
    reporter_raw VARCHAR,           -- the codes as the file gave them
    partner_raw VARCHAR,
    source VARCHAR,                 -- who published the figure: agency, table, year
    source_url VARCHAR,
    note VARCHAR,
    file VARCHAR,                   -- where it was read: file and line
    line BIGINT,
    imported_at TIMESTAMP,
    PRIMARY KEY (dataset, freq, period, reporter, partner, flow, hs)
);
