"""Every CAMEO code below the roots can be reached by the packaged lexicon."""

from __future__ import annotations

from realpolitik.dictionaries.lexicon import load_lexicon


def test_coverage_every_code_below_the_roots_is_reachable() -> None:
    """A code is reached by a verb or noun row (its code or reverse code), or as the code an
    intent, threat, appeal, demand, refusal or protest takes from the act it is about."""
    lexicon = load_lexicon()
    reached = {row.code for row in lexicon.verbs}
    reached |= {row.reverse_code for row in lexicon.verbs if row.reverse_code}
    reached |= {row.code for row in lexicon.complements}
    below_roots = {code for code, row in lexicon.cameo.items() if row.level > 0}
    unreachable = sorted(below_roots - reached)
    assert not unreachable, f"{len(unreachable)} CAMEO code(s) reached by no row: {unreachable}"


def test_coverage_complements_name_cameo_codes() -> None:
    lexicon = load_lexicon()
    for row in lexicon.complements:
        assert row.code in lexicon.cameo, row.id
        for prefix in (row.root, row.outer):
            assert prefix is None or any(code.startswith(prefix) for code in lexicon.cameo), row.id


def test_coverage_protest_takes_its_code_from_the_demand_and_the_kind_of_protest() -> None:
    lexicon = load_lexicon()
    assert lexicon.complement_code("protest", "1041", outer="141") == "1411"
    assert lexicon.complement_code("protest", "1041", outer="140") == "1411"
    assert lexicon.complement_code("protest", "0243", outer="142") == "1423"
    assert lexicon.complement_code("protest", "1044", outer="145") == "1454"
    # without the protest's own code, or for a demand that is no political change, no row
    assert lexicon.complement_code("protest", "1041") == "1041"
    assert lexicon.complement_code("protest", "1053", outer="141") == "1053"


def test_coverage_threats_follow_the_manual() -> None:
    lexicon = load_lexicon()
    assert lexicon.complement_code("threat", "164") == "134"
    assert lexicon.complement_code("threat", "165") == "135"
    assert lexicon.complement_code("threat", "1662") == "136"
    assert lexicon.complement_code("threat", "1623") == "1311"
    assert lexicon.complement_code("threat", "1723") == "1323"
