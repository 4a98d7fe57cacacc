"""Dyad series over a real store file, against counts worked out by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from analysis_store import event

from realpolitik.analysis import Scope, dyad_series, parse_day, parse_periods
from realpolitik.errors import AnalysisError


def test_counts_quads_roots_and_goldstein_per_month(store):
    con = store(
        [
            event("2023-01-05", "RUSGOV", "ARMGOV", 3.0, code="042"),
            event("2023-01-20", "RUS", "ARM", -2.0, code="111"),
            event("2023-01-21", "RUSMIL", "ARM", -10.0, code="190"),
            event("2023-03-02", "RUS", "ARM", 7.0, code="073"),  # aid: material
            event("2023-03-02", "ARM", "RUS", -5.0, code="130"),  # the other direction
            event("2023-02-10", "USA", "CHN", 1.0, code="042"),
        ]
    )
    frame = dyad_series(con, "RUS", "ARM")
    assert [str(p) for p in frame["period"]] == ["2023-01-01", "2023-02-01", "2023-03-01"]
    jan, feb, mar = (frame.iloc[i] for i in range(3))
    assert jan["events"] == 3 and feb["events"] == 0 and mar["events"] == 1
    quads = ("verbal_cooperation", "verbal_conflict", "material_conflict")
    assert [jan[q] for q in quads] == [1, 1, 1]
    assert jan["root_04"] == 1 and jan["root_11"] == 1 and jan["root_19"] == 1
    assert jan["goldstein_sum"] == pytest.approx(-9.0)
    assert jan["goldstein_mean"] == pytest.approx(-3.0)
    assert jan["net_cooperation"] == pytest.approx((1 - 2) / 3)
    assert mar["material_cooperation"] == 1 and mar["cooperation"] == 1
    # every event of the store in the month counts towards the volume
    assert jan["volume"] == 3 and feb["volume"] == 1 and mar["volume"] == 2
    assert mar["per_thousand"] == pytest.approx(500.0)


def test_undirected_takes_both_directions(store):
    con = store([event("2023-03-02", "RUS", "ARM", 7.0), event("2023-03-09", "ARM", "RUS", -5.0)])
    frame = dyad_series(con, "RUS", "ARM", directed=False, freq="quarter")
    assert list(frame["events"]) == [2]
    assert frame.iloc[0]["goldstein_mean"] == pytest.approx(1.0)


def test_clusters_count_once_mentions_on_request(store):
    first = event("2023-05-01", "AZE", "ARM", -10.0)
    copies = [event("2023-05-02", "AZE", "ARM", -10.0, cluster=first["event_id"]) for _ in range(3)]
    con = store([first, *copies, event("2023-05-03", "AZE", "ARM", 4.0, code="043")])
    clusters = dyad_series(con, "AZE", "ARM").iloc[0]
    assert (clusters["events"], clusters["mentions"]) == (2, 5)
    assert clusters["goldstein_mean"] == pytest.approx(-3.0)
    mentions = dyad_series(con, "AZE", "ARM", Scope(mentions=True)).iloc[0]
    assert (mentions["events"], mentions["mentions"]) == (5, 5)
    assert mentions["goldstein_mean"] == pytest.approx((-40 + 4) / 5)


def test_asserted_only_by_default_and_modalities_on_request(store):
    con = store(
        [
            event("2023-05-01", "AZE", "ARM", -10.0),
            event("2023-05-02", "AZE", "ARM", -10.0, modality="hypothetical"),
            event("2023-05-03", "AZE", "ARM", -10.0, modality="negated"),
        ]
    )
    assert dyad_series(con, "AZE", "ARM").iloc[0]["events"] == 1
    wider = Scope(modalities=("asserted", "hypothetical"))
    assert dyad_series(con, "AZE", "ARM", wider).iloc[0]["events"] == 2


def test_claims_only_events_left_out_unless_asked(store):
    claim = event("2023-05-01", "AZE", "ARM", -10.0, attribution_speaker="Armenian officials")
    # the same event, stated as fact by another article: the cluster counts
    stated = event("2023-05-01", "AZE", "ARM", -10.0, cluster=claim["event_id"])
    lone_claim = event("2023-05-09", "AZE", "ARM", -4.0, attribution_speaker="a soldier")
    con = store([claim, stated, lone_claim])
    assert dyad_series(con, "AZE", "ARM").iloc[0]["events"] == 1
    assert dyad_series(con, "AZE", "ARM", Scope(attributed=True)).iloc[0]["events"] == 2


def test_weights_by_confidence(store):
    con = store(
        [
            event("2023-05-01", "AZE", "ARM", -10.0, confidence=0.5),
            event("2023-05-02", "AZE", "ARM", 2.0, confidence=1.0),
        ]
    )
    row = dyad_series(con, "AZE", "ARM", Scope(weighted=True)).iloc[0]
    assert row["events"] == pytest.approx(1.5)
    assert row["goldstein_sum"] == pytest.approx(-3.0)
    assert row["goldstein_mean"] == pytest.approx(-2.0)


def test_codes_roll_up_and_full_codes_narrow(store):
    con = store(
        [
            event("2023-05-01", "RUSGOV", "ARM", 3.0),
            event("2023-05-02", "RUSMIL", "ARM", -10.0),
            event("2023-05-03", "IGOEUREEC", "RUS", -4.0),
        ]
    )
    assert dyad_series(con, "RUS", "ARM").iloc[0]["events"] == 2
    assert dyad_series(con, "RUSGOV", "ARM").iloc[0]["events"] == 1
    assert dyad_series(con, "IGOEUR", "RUS").iloc[0]["events"] == 1


def test_undirected_datasets_count_either_way_for_a_directed_dyad(store):
    con = store(
        [
            event("2023-05-01", "ARM", "AZE", -10.0, dataset="acled"),
            event("2023-05-02", "ARM", "AZE", -10.0, dataset="icews"),
        ]
    )
    assert dyad_series(con, "AZE", "ARM").iloc[0]["events"] == 1
    assert dyad_series(con, "AZE", "ARM", Scope(datasets=("icews",))).empty


def test_scope_dates_fill_empty_periods_and_plover_scores(store):
    con = store(
        [
            event(
                "2023-03-15",
                "RUS",
                "ARM",
                -2.0,
                code="112",
                plover_type="ACCUSE",
                plover_mode="disapprove",
            ),
            event("2023-03-16", "RUS", "ARM", 3.0, code="036", plover_type="CONSULT"),
        ]
    )
    scope = Scope(since=dt.date(2023, 1, 1), until=dt.date(2023, 4, 30))
    frame = dyad_series(con, "RUS", "ARM", scope)
    assert list(frame["events"]) == [0, 0, 2, 0]
    # CONSULT's base score is 2.5; ACCUSE's disapprove mode has its own
    assert frame.iloc[2]["plover_sum"] == pytest.approx(2.5 - 2.0)


def test_bad_arguments_name_the_problem(store):
    con = store([event("2023-03-15", "RUS", "ARM", -2.0)])
    with pytest.raises(AnalysisError, match="Unknown dataset 'icwes'"):
        dyad_series(con, "RUS", "ARM", Scope(datasets=("icwes",)))
    with pytest.raises(AnalysisError, match="Unknown period length 'fortnight'"):
        dyad_series(con, "RUS", "ARM", freq="fortnight")
    with pytest.raises(AnalysisError, match="Invalid actor 'R-S'"):
        dyad_series(con, "R-S", "ARM")
    with pytest.raises(AnalysisError, match="2023-13"):
        parse_day("2023-13", "--since")
    with pytest.raises(AnalysisError, match="END not before START"):
        parse_periods("2024:2023")


def test_a_dyad_without_events_gives_an_empty_frame(store):
    con = store([event("2023-03-15", "RUS", "ARM", -2.0)])
    assert dyad_series(con, "FRA", "DEU").empty


def test_dates_parse_to_first_and_last_days():
    assert parse_day("2021", "--since") == dt.date(2021, 1, 1)
    assert parse_day("2024-02", "--until", end=True) == dt.date(2024, 2, 29)
    assert parse_periods("2021-01:2022-12,2023") == [
        (dt.date(2021, 1, 1), dt.date(2022, 12, 31)),
        (dt.date(2023, 1, 1), dt.date(2023, 12, 31)),
    ]
