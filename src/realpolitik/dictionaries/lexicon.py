"""Load and validate everything the coder knows: taxonomy, actors, agents, verbs, cues.

The packaged files under ``realpolitik/data`` are read first; a user's own files or
directories (JSON Lines in the same schemas, or PETRARCH/TABARI dictionaries) are then laid
over them: a row whose id already exists replaces it, a new id adds a row. Every bad row
of every file is reported at once, with file and line.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from realpolitik.dictionaries.schema import DATA_DIR as DATA_DIR  # re-exported
from realpolitik.dictionaries.schema import (
    AcledActorRow,
    AcledEventRow,
    ActorRow,
    AgentRow,
    CameoPloverRow,
    CameoRow,
    CodeRoleRow,
    ComplementRow,
    CountryCodesRow,
    CueRow,
    DiscardRow,
    IcewsSectorRow,
    Known,
    PloverContextRow,
    PloverEventRow,
    PloverModeRow,
    PloverTypeRow,
    PrepositionRow,
    Problems,
    VerbPattern,
    check_references,
    hint,
    read_rows,
    validate_rows,
)
from realpolitik.errors import DictionaryError, Errors

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class CodeInfo:
    """What the taxonomy says about one CAMEO code."""

    code: str
    name: str
    root: str
    quad_class: int
    goldstein: float | None
    plover_type: str | None
    plover_mode: str | None


@dataclass
class Lexicon:
    """All dictionaries, validated and indexed for the coder."""

    version: str
    cameo: dict[str, CameoRow]
    plover: dict[str, CameoPloverRow]
    plover_types: dict[str, PloverTypeRow]
    plover_modes: dict[tuple[str, str], PloverModeRow]
    actors: list[ActorRow]
    agents: list[AgentRow]
    verbs: list[VerbPattern]
    discards: list[DiscardRow]
    cues: list[CueRow]
    complements: list[ComplementRow]
    code_roles: list[CodeRoleRow] = field(default_factory=list)
    prepositions: list[PrepositionRow] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    countries: list[CountryCodesRow] = field(default_factory=list)
    known: Known = field(default_factory=lambda: Known(frozenset(), frozenset()))

    def __post_init__(self) -> None:
        self.patterns_by_trigger: dict[tuple[str, str], list[VerbPattern]] = {}
        for pattern in self.verbs:
            key = (pattern.lemma.lower(), pattern.pos)
            self.patterns_by_trigger.setdefault(key, []).append(pattern)
        # the most specific pattern is tried first; among equally specific ones the row listed
        # first (a user's before the packaged ones, then file order) wins. Packaged rows whose
        # constraints are the same and whose objects overlap cannot be told apart so, and are
        # reported when loaded (see _check_ties).
        for patterns in self.patterns_by_trigger.values():
            patterns.sort(key=lambda p: -p.specificity)
        self.cue_lemmas: dict[str, dict[str, str]] = {}
        for cue in self.cues:
            self.cue_lemmas.setdefault(cue.type, {})[cue.lemma.lower()] = cue.id
        self._code_info: dict[str, CodeInfo] = {}
        self._roles: dict[str, frozenset[str]] = {}
        self._role_ids: dict[tuple[str, str], str] = {}
        for role in self.code_roles:
            self._roles[role.role] = self._roles.get(role.role, frozenset()) | {role.code}
            self._role_ids.setdefault((role.role, role.code), role.id)
        preps: dict[str, list[str]] = {}
        for prep in self.prepositions:
            preps.setdefault(prep.use, []).append(prep.word.lower())
        self._preps = {use: tuple(words) for use, words in preps.items()}

    def has_role(self, role: str, code: str) -> bool:
        """Whether ``code`` (or a prefix of it) has ``role`` in ``code_roles.jsonl``.

        Example:
            >>> load_lexicon().has_role("reciprocal", "040")
            True
        """
        return self.role_row(role, code) is not None

    def role_row(self, role: str, code: str) -> str | None:
        """The id of the ``code_roles.jsonl`` row that gives ``code`` (or a prefix of it)
        ``role``, or None."""
        codes = self._roles.get(role, frozenset())
        for n in range(len(code), 1, -1):
            if code[:n] in codes:
                return self._role_ids[(role, code[:n])]
        return None

    def preps(self, use: str) -> tuple[str, ...]:
        """The prepositions for one use in ``prepositions.jsonl``."""
        return self._preps.get(use, ())

    def code_info(self, code: str) -> CodeInfo:
        """Name, root, QuadClass, Goldstein and PLOVER type of a CAMEO code.

        Example:
            >>> load_lexicon().code_info("042").plover_type
            'CONSULT'
        """
        cached = self._code_info.get(code)
        if cached is not None:
            return cached
        row = self.cameo.get(code)
        if row is None:
            # a code from an imported dictionary that CAMEO does not define
            root_row = self.cameo.get(code[:2])
            row = CameoRow(
                id=f"unknown-{code}",
                code=code,
                name=f"{root_row.name.capitalize()} (code {code} not in CAMEO)"
                if root_row
                else f"Code {code} (not in CAMEO)",
                root=code[:2],
                level=len(code) - 2,
                quad_class=root_row.quad_class if root_row else 1,
                goldstein=root_row.goldstein if root_row else 0.0,
            )
        plover = None
        for prefix in (code[:n] for n in range(len(code), 1, -1)):
            plover = self.plover.get(prefix)
            if plover is not None:
                break
        info = CodeInfo(
            code=code,
            name=row.name,
            root=row.root,
            quad_class=row.quad_class,
            goldstein=row.goldstein if code in self.cameo else None,
            plover_type=plover.event if plover else None,
            plover_mode=plover.mode if plover else None,
        )
        self._code_info[code] = info
        return info

    def complement_code(self, governor: str, code: str, outer: str | None = None) -> str:
        """The intent (03), threat (13), appeal (02), demand (10), refusal or protest (14) code
        for the act ``code`` it is about; ``code`` itself when no row applies (refusals of plain
        acts). ``outer`` is the governing act's own code, which rows with an ``outer`` prefix
        need ('protested demanding the resignation': 141 and 1041 give 1411); the longest
        matching act prefix wins, then the longest matching ``outer``."""
        best: tuple[int, int, str] | None = None
        for row in self.complements:
            if row.governor != governor:
                continue
            prefix = row.root or ""
            if not code.startswith(prefix):
                continue
            if row.outer is not None and (outer is None or not outer.startswith(row.outer)):
                continue
            rank = (len(prefix), len(row.outer or ""), row.code)
            if best is None or rank[:2] > best[:2]:
                best = rank
        return best[2] if best else code


# the shared reading path of every data file (kept under the old names for callers)
_Problems = Problems
_read_jsonl = read_rows
_validate = validate_rows


_KIND_BY_KEY: tuple[tuple[str, str], ...] = (
    ("terms", "agents"),
    ("role", "code_roles"),
    ("use", "prepositions"),
    ("governor", "complements"),
    ("type", "cues"),
    ("lemma", "verbs"),
    ("phrase", "discards"),
    ("regex", "discards"),
    ("sector", "icews_sectors"),
    ("inter", "acled_actors"),
    ("event_type", "acled_events"),
    ("cameo", "countries"),
    ("names", "actors"),
    ("event", "plover_events"),
)
# what the key names in the message about a row of no known kind
_KIND_KEYS = ", ".join(sorted({f"'{key}'" for key, _ in _KIND_BY_KEY}))

#: The crosswalk files, the kind of row each holds and its model.
CROSSWALK_FILES: dict[str, tuple[str, type[BaseModel]]] = {
    "countries": ("countries.jsonl", CountryCodesRow),
    "icews_sectors": ("icews_sectors.jsonl", IcewsSectorRow),
    "acled_actors": ("acled_actors.jsonl", AcledActorRow),
    "acled_events": ("acled_events.jsonl", AcledEventRow),
    "plover_events": ("plover_events.jsonl", PloverEventRow),
}


def _row_kind(raw: dict[str, Any]) -> str | None:
    for key, kind in _KIND_BY_KEY:
        if key in raw:
            return kind
    return None


def _collect(
    paths: Iterable[Path], problems: _Problems
) -> dict[str, list[tuple[Path, int, dict[str, Any]]]]:
    """Sort the rows of dictionary files by what they describe."""
    found: dict[str, list[tuple[Path, int, dict[str, Any]]]] = {}
    for path in paths:
        for line, raw in _read_jsonl(path, problems):
            kind = _row_kind(raw)
            if kind is None:
                problems.add(path, line, Errors.E123.format(fields=_KIND_KEYS))
                continue
            found.setdefault(kind, []).append((path, line, raw))
    return found


def _overlay(
    rows: list[tuple[Path, int, dict[str, Any]]], problems: _Problems
) -> list[tuple[Path, int, dict[str, Any]]]:
    """Keep one row per id: an id twice in the package or in one file is an error (both
    lines are named); a user's row overrides a packaged one, a later user file an earlier."""
    by_id: dict[str, tuple[Path, int, dict[str, Any]]] = {}
    for path, line, raw in rows:
        row_id = raw.get("id")
        if not isinstance(row_id, str) or not row_id:
            problems.add(path, line, "id: a non-empty string id is required")
            continue
        first = by_id.get(row_id)
        if first is not None and (
            first[0] == path
            or (first[0].is_relative_to(DATA_DIR) and path.is_relative_to(DATA_DIR))
        ):
            problems.add(path, line, Errors.E117.format(id=row_id, first=f"{first[0]}:{first[1]}"))
            continue
        by_id[row_id] = (path, line, raw)
    return list(by_id.values())


def _user_files(extra: Sequence[Path], problems: _Problems) -> tuple[list[Path], list[Path]]:
    """Split user paths into JSON Lines files and PETRARCH dictionary directories/files."""
    jsonl: list[Path] = []
    petrarch: list[Path] = []
    for path in extra:
        if not path.exists():
            raise DictionaryError(Errors.E105.format(path=path))
        if path.is_dir():
            jsonl.extend(sorted(path.rglob("*.jsonl")))
            petrarch.extend(sorted(p for p in path.rglob("*.txt")))
        elif path.suffix == ".jsonl":
            jsonl.append(path)
        else:
            petrarch.append(path)
    return jsonl, petrarch


def _petrarch_rows(paths: list[Path]) -> dict[str, list[tuple[Path, int, dict[str, Any]]]]:
    if not paths:
        return {}
    from realpolitik.dictionaries import petrarch

    found: dict[str, list[tuple[Path, int, dict[str, Any]]]] = {}
    for path in paths:
        kind = petrarch.dictionary_kind(path)
        if kind is None:
            continue
        for number, row in enumerate(petrarch.read(path, kind), start=1):
            found.setdefault(kind, []).append((path, number, row))
    return found


def _constraints(pattern: VerbPattern) -> tuple[object, ...]:
    """What besides its object list decides whether a pattern matches."""

    def words(values: list[str] | None) -> frozenset[str] | None:
        return None if values is None else frozenset(v.lower() for v in values)

    return (
        pattern.lemma.lower(),
        pattern.pos,
        (pattern.particle or "").lower(),
        words(pattern.prep),
        words(pattern.modifier),
        pattern.object is None,
    )


def _check_ties(patterns: list[tuple[VerbPattern, Path, int]], problems: _Problems) -> None:
    """Report packaged patterns that tie: same trigger, particle, prepositions and modifiers,
    overlapping objects (or none on both), so equal specificity, but different codes.

    Between such rows only file order would decide, so they are errors. Patterns of equal
    specificity whose constraints differ (an object list against a preposition) may both
    match a sentence; there the row listed first in the file wins, and a user's rows come
    before the packaged ones.
    """
    groups: dict[tuple[object, ...], list[tuple[VerbPattern, Path, int]]] = {}
    for item in patterns:
        groups.setdefault(_constraints(item[0]), []).append(item)
    for group in groups.values():
        for n, (first, _, _) in enumerate(group):
            for second, path, line in group[n + 1 :]:
                if first.code == second.code:
                    continue
                shared: frozenset[str] = frozenset()
                if first.object is not None and second.object is not None:
                    shared = frozenset(o.lower() for o in first.object) & frozenset(
                        o.lower() for o in second.object
                    )
                    if not shared:
                        continue
                problems.add(
                    path,
                    line,
                    Errors.E106.format(
                        first=first.id,
                        first_code=first.code,
                        second=second.id,
                        second_code=second.code,
                        lemma=first.lemma,
                        pos=first.pos,
                        objects=sorted(shared) or "(none)",
                    ),
                )


def load_lexicon(extra: Sequence[Path | str] = (), *, builtin: bool = True) -> Lexicon:
    """Load the packaged dictionaries and lay the user's files over them.

    Args:
        extra: user dictionary files or directories (JSON Lines in the packaged schemas,
            or PETRARCH/TABARI ``.txt`` dictionaries).
        builtin: with False, the packaged actors, agents, verbs and discards are left out and
            only ``extra`` supplies them (the taxonomy, the epistemic cues and the grammar of
            codes and prepositions stay).

    Returns:
        The validated, indexed ``Lexicon``.

    Raises:
        DictionaryError: listing every bad row with file and line.

    Example:
        >>> lexicon = load_lexicon(["my_actors.jsonl"])
    """
    key = tuple(str(Path(p).resolve()) for p in extra)
    return _load_cached(key, builtin)


@lru_cache(maxsize=8)
def _load_cached(extra: tuple[str, ...], builtin: bool) -> Lexicon:
    problems = Problems()
    lexicon = _load(extra, builtin, problems, {})
    problems.raise_if_any()
    if extra:
        lexicon.version = f"{lexicon.version}+user"
    return lexicon


Located = tuple[Path, int, dict[str, Any]]


def _imported(path: Path, raw: dict[str, Any]) -> bool:
    """Whether a row comes from a PETRARCH/TABARI dictionary: read from one directly, or
    converted by ``import-petrarch`` (whose ids all start 'petr-')."""
    row_id = raw.get("id")
    return path.suffix != ".jsonl" or (isinstance(row_id, str) and row_id.startswith("petr-"))


def _checked(model: type[M], rows: Iterable[Located], problems: Problems, known: Known) -> list[M]:
    """Validate rows against ``model``, then the codes they name against ``known``."""
    out: list[M] = []
    for path, line, raw in rows:
        validated = validate_rows(model, [(path, line, raw)], problems)
        if not validated:
            continue
        for reason in check_references(validated[0], known, imported=_imported(path, raw)):
            problems.add(path, line, reason)
        out.append(validated[0])
    return out


@dataclass
class _Taxonomy:
    """The validated taxonomy and country list, and what other rows' codes may name."""

    known: Known
    cameo: list[CameoRow]
    plover: list[CameoPloverRow]
    plover_types: list[PloverTypeRow]
    plover_modes: list[PloverModeRow]
    countries: list[CountryCodesRow]


def _table(path: Path, model: type[M], problems: Problems) -> list[tuple[Path, int, M]]:
    """One file's valid rows with where they are; repeated ids are reported."""
    located = _overlay([(path, n, raw) for n, raw in read_rows(path, problems)], problems)
    out: list[tuple[Path, int, M]] = []
    for where, line, raw in located:
        out.extend(
            (where, line, row) for row in validate_rows(model, [(where, line, raw)], problems)
        )
    return out


def _taxonomy(problems: Problems, counts: dict[str, int]) -> _Taxonomy:
    taxonomy = DATA_DIR / "taxonomy"

    def table(name: str, model: type[M]) -> list[tuple[Path, int, M]]:
        rows = _table(taxonomy / name, model, problems)
        counts[name.removesuffix(".jsonl")] = len(rows)
        return rows

    cameo = table("cameo.jsonl", CameoRow)
    plover = table("cameo_to_plover.jsonl", CameoPloverRow)
    # the context list is validated with the rest; the 2021 mapping also names contexts
    # ('humanitarian', 'democracy') that the current manual's list lacks, so no cross-check
    table("plover_contexts.jsonl", PloverContextRow)
    plover_types = table("plover_types.jsonl", PloverTypeRow)
    plover_modes = table("plover_modes.jsonl", PloverModeRow)
    countries = _table(DATA_DIR / "crosswalk" / "countries.jsonl", CountryCodesRow, problems)
    counts["countries"] = len(countries)
    modes: dict[str, set[str]] = {row.event: set() for _, _, row in plover_types}
    for _, _, mode in plover_modes:
        modes.setdefault(mode.event, set()).add(mode.mode)
    known = Known(
        cameo=frozenset(row.code for _, _, row in cameo),
        countries=frozenset(
            code for _, _, row in countries for code in (row.cameo, *row.cameo_alt)
        ),
        plover_modes={event: frozenset(found) for event, found in modes.items()},
    )
    checked: list[tuple[Path, int, BaseModel]] = [*plover, *plover_modes, *countries]
    for path, line, row in checked:
        for reason in check_references(row, known):
            problems.add(path, line, reason)
    return _Taxonomy(
        known=known,
        cameo=[row for _, _, row in cameo],
        plover=[row for _, _, row in plover],
        plover_types=[row for _, _, row in plover_types],
        plover_modes=[row for _, _, row in plover_modes],
        countries=[row for _, _, row in countries],
    )


def _load(
    extra: Sequence[str], builtin: bool, problems: Problems, counts: dict[str, int]
) -> Lexicon:
    """Read and validate everything; every problem goes to ``problems``, and the number of
    valid rows of each kind to ``counts``."""
    taxonomy = _taxonomy(problems, counts)
    known = taxonomy.known
    lexicon_dir = DATA_DIR / "lexicon"
    if builtin:
        packaged = sorted((DATA_DIR / "actors").rglob("*.jsonl")) + sorted(
            lexicon_dir.glob("*.jsonl")
        )
    else:
        packaged = [
            lexicon_dir / name
            for name in (
                "cues.jsonl",
                "complements.jsonl",
                "code_roles.jsonl",
                "prepositions.jsonl",
            )
        ]
    rows = _collect(packaged, problems)
    jsonl, petrarch_paths = _user_files([Path(p) for p in extra], problems)
    for kind, user_rows in _collect(jsonl, problems).items():
        rows.setdefault(kind, []).extend(user_rows)
    for kind, user_rows in _petrarch_rows(petrarch_paths).items():
        rows.setdefault(kind, []).extend(user_rows)

    def rows_of(kind: str, model: type[M]) -> list[M]:
        found = _checked(model, _overlay(rows.get(kind, []), problems), problems, known)
        counts[kind] = len(found)
        return found

    # a user's patterns come first, so that they win over packaged ones of equal specificity
    verb_rows = sorted(
        _overlay(rows.get("verbs", []), problems), key=lambda row: row[0].is_relative_to(DATA_DIR)
    )
    verbs: list[VerbPattern] = []
    packaged_verbs: list[tuple[VerbPattern, Path, int]] = []
    for path, line, raw in verb_rows:
        validated = _checked(VerbPattern, [(path, line, raw)], problems, known)
        if not validated:
            continue
        verbs.append(validated[0])
        if path.is_relative_to(DATA_DIR):
            packaged_verbs.append((validated[0], path, line))
    counts["verbs"] = len(verbs)
    _check_ties(packaged_verbs, problems)
    # crosswalk rows in a user's files are validated like the packaged ones, not used
    for kind, (_, model) in CROSSWALK_FILES.items():
        if kind in rows:
            rows_of(kind, model)
    return Lexicon(
        version=(DATA_DIR / "VERSION").read_text(encoding="utf-8").strip(),
        cameo={row.code: row for row in taxonomy.cameo},
        plover={row.cameo: row for row in taxonomy.plover},
        plover_types={row.event: row for row in taxonomy.plover_types},
        plover_modes={(r.event, r.mode): r for r in taxonomy.plover_modes},
        actors=rows_of("actors", ActorRow),
        agents=rows_of("agents", AgentRow),
        verbs=verbs,
        discards=rows_of("discards", DiscardRow),
        cues=rows_of("cues", CueRow),
        complements=rows_of("complements", ComplementRow),
        code_roles=rows_of("code_roles", CodeRoleRow),
        prepositions=rows_of("prepositions", PrepositionRow),
        sources=[str(p) for p in extra],
        countries=taxonomy.countries,
        known=known,
    )


@dataclass(frozen=True)
class DataCheck:
    """What ``check_data`` found: valid rows per kind of file, and every problem."""

    counts: dict[str, int]
    problems: list[str]

    @property
    def ok(self) -> bool:
        """Whether no file has a problem."""
        return not self.problems


def check_data(extra: Sequence[Path | str] = ()) -> DataCheck:
    """Validate every packaged data file (actors, lexicon, taxonomy, crosswalk, places) and
    the user's files, collecting every problem rather than stopping at the first file.

    Args:
        extra: user dictionary files or directories, as for :func:`load_lexicon`.

    Returns:
        A ``DataCheck`` with the valid rows per kind and each problem as ``path:line: what``.

    Raises:
        DictionaryError: a path in ``extra`` does not exist.

    Example:
        >>> check_data().ok
        True
    """
    # the gazetteer's row model belongs to the coder, which loads it; imported here only
    from realpolitik.coding.places import PlaceRow

    problems = Problems()
    counts: dict[str, int] = {}
    lexicon = _load(tuple(str(p) for p in extra), True, problems, counts)
    crosswalk = DATA_DIR / "crosswalk"
    for kind, (name, model) in CROSSWALK_FILES.items():
        if kind == "countries":  # validated with the taxonomy
            continue
        packaged = _table(crosswalk / name, model, problems)
        for path, line, row in packaged:
            for reason in check_references(row, lexicon.known):
                problems.add(path, line, reason)
        counts[kind] = counts.get(kind, 0) + len(packaged)
    iso2 = frozenset(row.iso2 for row in lexicon.countries if row.iso2)
    places = _table(DATA_DIR / "places" / "regions.jsonl", PlaceRow, problems)
    for path, line, place in places:
        code = place.country_iso2
        if code is not None and code not in iso2:
            reason = Errors.E118.format(code=code, field="country_iso2", hint=hint(code, iso2))
            problems.add(path, line, reason)
    counts["places"] = len(places)
    return DataCheck(counts=counts, problems=problems.in_order())
