"""Actor networks of a period: who acted towards whom, cooperatively or not.

A directed edge source -> target carries the events between them, split into cooperation
(QuadClass 1-2) and conflict (3-4), their Goldstein sum and mean and a net cooperation index.
Nodes carry their volume, partners and centralities (degree, weighted degree,
PageRank on event counts, betweenness with distances 1/events) and a community found by
Louvain modularity on the cooperation edges (seeded, so runs repeat).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from realpolitik.analysis.scope import Scope, check_actor, prepare, units_sql
from realpolitik.analysis.series import check_datasets

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

    from realpolitik.store.db import Connection

EDGE_COLUMNS = (
    "source", "target", "events", "mentions", "cooperation", "conflict", "goldstein_sum",
    "goldstein_mean", "net_cooperation", "tone",
)  # fmt: skip
NODE_COLUMNS = (
    "actor", "events", "sent", "received", "partners", "cooperation", "conflict", "strength",
    "degree_centrality", "pagerank", "betweenness", "community",
)  # fmt: skip


@dataclass(frozen=True)
class Network:
    """An actor network with its node and edge tables (``graph`` is a networkx DiGraph)."""

    graph: nx.DiGraph
    nodes: pd.DataFrame
    edges: pd.DataFrame


def _tone(net: float | None) -> str:
    if net is None:
        return "none"
    return "cooperation" if net > 0.2 else "conflict" if net < -0.2 else "mixed"


def actor_network(
    con: Connection,
    scope: Scope | None = None,
    *,
    actor: str | None = None,
    min_events: int = 1,
) -> Network:
    """The network of the scope's events; with ``actor``, its ego network (the actor, its
    partners and the edges among them).

    Example:
        >>> net = actor_network(con, Scope(since=dt.date(2023, 1, 1)), actor="RUS")
        >>> net.nodes.sort_values("pagerank", ascending=False).head(3)
    """
    import networkx as nx
    import pandas as pd

    scope = scope or Scope()
    check_datasets(con, scope)
    prepare(con)
    units, params = units_sql(con, scope)
    sql = f"""
        WITH u AS ({units})
        SELECT source, target, sum(weight) AS events, sum(mentions) AS mentions,
            coalesce(sum(weight) FILTER (WHERE quad_class IN (1, 2)), 0) AS cooperation,
            coalesce(sum(weight) FILTER (WHERE quad_class IN (3, 4)), 0) AS conflict,
            coalesce(sum(weight * goldstein), 0) AS goldstein_sum,
            sum(weight * goldstein) / nullif(sum(weight) FILTER (WHERE goldstein IS NOT NULL), 0)
                AS goldstein_mean
        FROM u WHERE source IS NOT NULL AND target IS NOT NULL AND source <> target
        GROUP BY ALL HAVING sum(weight) >= ?
        ORDER BY source, target
    """
    edges = con.execute(sql, [*params, min_events]).df()
    if not scope.weighted:
        counts = ["events", "mentions", "cooperation", "conflict"]
        edges[counts] = edges[counts].astype("int64")
    total = edges["cooperation"] + edges["conflict"]
    edges["net_cooperation"] = ((edges["cooperation"] - edges["conflict"]) / total).where(total > 0)
    edges["tone"] = [_tone(None if pd.isna(v) else float(v)) for v in edges["net_cooperation"]]
    graph = nx.DiGraph()
    for row in edges.to_dict("records"):
        graph.add_edge(row["source"], row["target"], **{k: row[k] for k in EDGE_COLUMNS[2:]})
    if actor:
        code = check_actor(actor, "--actor")
        centre = [n for n in graph.nodes if n == code or n.startswith(code)]
        keep: set[str] = set(centre)
        for node in centre:
            keep |= set(graph.successors(node)) | set(graph.predecessors(node))
        graph = graph.subgraph(keep).copy()
        edges = edges[edges["source"].isin(keep) & edges["target"].isin(keep)].reset_index(
            drop=True
        )
    return Network(graph=graph, nodes=_nodes(graph), edges=edges[list(EDGE_COLUMNS)])


def _nodes(graph: nx.DiGraph) -> pd.DataFrame:
    import networkx as nx
    import pandas as pd

    if graph.number_of_nodes() == 0:
        return pd.DataFrame(columns=list(NODE_COLUMNS))
    undirected = nx.Graph()
    undirected.add_nodes_from(graph.nodes)
    for a, b, data in graph.edges(data=True):
        previous = undirected.get_edge_data(a, b, default={"events": 0.0, "cooperation": 0.0})
        undirected.add_edge(
            a,
            b,
            events=previous["events"] + data["events"],
            cooperation=previous["cooperation"] + data["cooperation"],
        )
    for _, _, data in undirected.edges(data=True):
        data["distance"] = 1.0 / data["events"] if data["events"] else float("inf")
    degree = nx.degree_centrality(undirected) if undirected.number_of_nodes() > 1 else {}
    pagerank = nx.pagerank(graph, weight="events") if graph.number_of_edges() else {}
    betweenness = nx.betweenness_centrality(undirected, weight="distance")
    cooperative = nx.Graph()
    cooperative.add_nodes_from(undirected.nodes)
    cooperative.add_edges_from(
        (a, b, {"weight": d["cooperation"]})
        for a, b, d in undirected.edges(data=True)
        if d["cooperation"] > 0
    )
    community: dict[str, int] = {}
    groups = nx.community.louvain_communities(cooperative, weight="weight", seed=0)
    for number, group in enumerate(sorted(groups, key=lambda g: (-len(g), sorted(g)))):
        for node in group:
            community[node] = number
    rows: list[dict[str, Any]] = []
    for node in sorted(graph.nodes):
        out_edges = graph.out_edges(node, data=True)
        in_edges = graph.in_edges(node, data=True)
        sent = sum(d["events"] for _, _, d in out_edges)
        received = sum(d["events"] for _, _, d in in_edges)
        rows.append(
            {
                "actor": node,
                "events": sent + received,
                "sent": sent,
                "received": received,
                "partners": undirected.degree(node),
                "cooperation": sum(d["cooperation"] for _, _, d in out_edges)
                + sum(d["cooperation"] for _, _, d in in_edges),
                "conflict": sum(d["conflict"] for _, _, d in out_edges)
                + sum(d["conflict"] for _, _, d in in_edges),
                "strength": undirected.degree(node, weight="events"),
                "degree_centrality": degree.get(node, 0.0),
                "pagerank": pagerank.get(node, 0.0),
                "betweenness": betweenness.get(node, 0.0),
                "community": community.get(node, -1),
            }
        )
    return pd.DataFrame(rows, columns=list(NODE_COLUMNS))


def busiest(network: Network, size: int) -> Network:
    """The ``size`` actors with the most events (ties by code) and the edges among them;
    their centralities stay those of the whole network.

    Example:
        >>> busiest(actor_network(con), 30).nodes["actor"].tolist()[:3]
        ['RUS', 'UKR', 'USA']
    """
    nodes = network.nodes.sort_values(["strength", "actor"], ascending=[False, True]).head(size)
    keep = set(nodes["actor"])
    edges = network.edges[
        network.edges["source"].isin(keep) & network.edges["target"].isin(keep)
    ].reset_index(drop=True)
    return Network(
        graph=network.graph.subgraph(keep).copy(), nodes=nodes.reset_index(drop=True), edges=edges
    )
