"""Actor networks and leverage, against figures worked out by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from analysis_store import event

from realpolitik.analysis import Scope, actor_network, leverage


def cooperative(day, a, b, n):
    return [event(day, a, b, 4.0, code="042") for _ in range(n)]


def hostile(day, a, b, n):
    return [event(day, a, b, -10.0, code="190") for _ in range(n)]


def test_edges_tone_centrality_and_communities(store):
    rows = (
        cooperative("2023-01-02", "RUS", "BLR", 5)
        + cooperative("2023-01-03", "BLR", "RUS", 3)
        + cooperative("2023-01-04", "USA", "UKR", 4)
        + cooperative("2023-01-05", "UKR", "POL", 4)
        + hostile("2023-01-06", "RUS", "UKR", 6)
        + [event("2023-01-07", "UKR", "RUS", -2.0, code="111")]
    )
    net = actor_network(store(rows))
    edges = net.edges.set_index(["source", "target"])
    assert edges.loc[("RUS", "UKR"), "conflict"] == 6
    assert edges.loc[("RUS", "UKR"), "tone"] == "conflict"
    assert edges.loc[("RUS", "BLR"), "tone"] == "cooperation"
    assert edges.loc[("RUS", "UKR"), "goldstein_mean"] == pytest.approx(-10.0)
    nodes = net.nodes.set_index("actor")
    assert nodes.loc["RUS", "sent"] == 11 and nodes.loc["RUS", "received"] == 4
    assert nodes.loc["UKR", "partners"] == 3
    # two blocs, cooperating inside and fighting across
    assert nodes.loc["RUS", "community"] == nodes.loc["BLR", "community"]
    assert (
        nodes.loc["USA", "community"]
        == nodes.loc["UKR", "community"]
        == nodes.loc["POL", "community"]
    )
    assert nodes.loc["RUS", "community"] != nodes.loc["UKR", "community"]
    assert nodes["betweenness"].idxmax() in ("UKR", "RUS")


def test_ego_network_and_period(store):
    rows = (
        cooperative("2022-06-01", "RUS", "ARM", 2)
        + cooperative("2023-06-01", "RUS", "AZE", 2)
        + cooperative("2023-06-01", "ARM", "FRA", 2)
        + cooperative("2023-06-01", "USA", "CHN", 2)
    )
    con = store(rows)
    net = actor_network(con, Scope(since=dt.date(2023, 1, 1)), actor="RUS")
    assert sorted(net.graph.nodes) == ["AZE", "RUS"]
    everything = actor_network(con, actor="ARM")
    assert sorted(everything.graph.nodes) == ["ARM", "FRA", "RUS"]


def test_agents_of_unknown_country_are_no_country(store):
    # 'governments warned Moscow': an agent the coder could not place in a country
    rows = [
        *cooperative("2023-06-01", "RUS", "ARM", 2),
        event("2023-06-02", "---GOV", "RUSGOV", -4.0, code="112", source_country=None),
        event("2023-06-03", "IGOEUR", "RUS", -4.0, code="112"),
    ]
    con = store(rows)
    assert sorted(actor_network(con).graph.nodes) == ["ARM", "IGOEUR", "RUS"]
    by_code = actor_network(con, Scope(level="actor"))
    assert "---GOV" in by_code.graph.nodes


def test_dependence_asymmetry_by_hand(store):
    # 2021: RUS cooperates 10 times with ARM and 30 times with others; ARM cooperates
    # 10 times with RUS and 5 times with others. 2023: RUS-ARM 2, RUS-others 38, ARM-others 18
    rows = (
        cooperative("2021-03-01", "RUS", "ARM", 6)
        + cooperative("2021-03-02", "ARM", "RUS", 4)
        + cooperative("2021-03-03", "RUS", "CHN", 30)
        + cooperative("2021-03-04", "ARM", "FRA", 5)
        + hostile("2021-03-05", "RUS", "ARM", 5)
        + cooperative("2023-03-01", "RUS", "ARM", 2)
        + cooperative("2023-03-03", "CHN", "RUS", 38)
        + cooperative("2023-03-04", "FRA", "ARM", 18)
    )
    frame = leverage(
        store(rows),
        "RUS",
        ["ARM"],
        [
            (dt.date(2021, 1, 1), dt.date(2021, 12, 31)),
            (dt.date(2023, 1, 1), dt.date(2023, 12, 31)),
        ],
    )
    first, second = frame.iloc[0], frame.iloc[1]
    assert first["cooperation"] == 10 and first["conflict"] == 5
    assert first["actor_dependence"] == pytest.approx(10 / 40)
    assert first["partner_dependence"] == pytest.approx(10 / 15)
    assert first["leverage"] == pytest.approx(10 / 15 - 10 / 40)
    assert first["conflict_share"] == pytest.approx(5 / 15)
    assert second["leverage"] == pytest.approx(2 / 20 - 2 / 40)
    assert second["leverage_change"] == pytest.approx((2 / 20 - 2 / 40) - (10 / 15 - 10 / 40))
    assert second["partner_dependence_change"] == pytest.approx(2 / 20 - 10 / 15)


def test_material_cooperation_only(store):
    rows = (
        cooperative("2021-03-01", "RUS", "ARM", 3)
        + [event("2021-03-02", "RUS", "ARM", 7.0, code="073") for _ in range(2)]
        + [event("2021-03-02", "RUS", "CHN", 7.0, code="073") for _ in range(2)]
    )
    frame = leverage(
        store(rows), "RUS", ["ARM"], [(dt.date(2021, 1, 1), dt.date(2021, 12, 31))], material=True
    )
    assert frame.iloc[0]["cooperation"] == 2
    assert frame.iloc[0]["actor_dependence"] == pytest.approx(0.5)
    assert frame.iloc[0]["partner_dependence"] == pytest.approx(1.0)
