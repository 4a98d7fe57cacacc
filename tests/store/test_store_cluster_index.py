"""Clustering compares a mention only with the clusters whose anchor date can be close to
its own; the result must be that of comparing it with every cluster opened before it."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from realpolitik.store.clusters import Mention, _Cluster, _fits, cluster_mentions


def every_cluster(mentions: list[Mention]) -> dict[str, str]:
    """The plain pass: each mention joins the first fitting cluster of all those opened."""
    ordered = sorted(mentions, key=lambda m: (m.date is None, m.date or dt.date.min, m.event_id))
    clusters: list[_Cluster] = []
    assigned: dict[str, str] = {}
    for mention in ordered:
        chosen = next((c for c in clusters if _fits(c, mention)), None)
        if chosen is None:
            chosen = _Cluster(anchor=mention)
            clusters.append(chosen)
        if mention.location_name:
            chosen.places.add(mention.location_name)
        if mention.location_country:
            chosen.countries.add(mention.location_country)
        if mention.doc_id:
            chosen.docs.add(mention.doc_id)
        chosen.words.update(mention.words)
        assigned[mention.event_id] = chosen.anchor.event_id
    return assigned


START = dt.date(2022, 12, 20)
mention_fields = st.tuples(
    st.one_of(st.none(), st.integers(0, 420)),  # days after START (across two new years)
    st.sampled_from(["day", "day", "day", "month", "season", "year", None]),
    st.sampled_from(["190", "193", "19", "111", "112", "040"]),
    st.sampled_from([None, "Stepanakert", "Baku"]),
    st.integers(0, 5),  # document
    st.sets(st.sampled_from(["shelled", "border", "village", "troops", "ceasefire"]), max_size=3),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(mention_fields, min_size=1, max_size=60))
def test_cluster_index_gives_the_clusters_of_the_plain_pass(rows) -> None:
    mentions = [
        Mention(
            event_id=f"e{n:03d}",
            doc_id=f"d{doc}",
            date=None if days is None else START + dt.timedelta(days=days),
            date_precision=precision,
            code=code,
            location_name=place,
            location_country="AZE" if place == "Baku" else None,
            words=frozenset(words),
        )
        for n, (days, precision, code, place, doc, words) in enumerate(rows)
    ]
    assert cluster_mentions(mentions) == every_cluster(mentions)


def test_cluster_index_dense_dates_join_across_a_new_year() -> None:
    day = dt.date(2023, 12, 31)
    a = Mention("a", "d1", day, "day", "190", None, None, frozenset({"shelled"}))
    b = Mention("b", "d2", day + dt.timedelta(days=2), "day", "190", None, None,
                frozenset({"shelled"}))  # fmt: skip
    c = Mention("c", "d3", dt.date(2024, 1, 1), "year", "190", None, None, frozenset())
    assert cluster_mentions([c, b, a]) == {"a": "a", "b": "a", "c": "c"}
