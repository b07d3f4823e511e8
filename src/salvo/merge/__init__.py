"""Merging: which reports, within a run or across the database, are one real incident."""

from salvo.merge.cluster import Node, assign_incident_ids, cluster_nodes, incident_id_for
from salvo.merge.score import MERGE_THRESHOLD, UNDATED_THRESHOLD, Facts, facts_score, is_match, match_score

__all__ = [
    "MERGE_THRESHOLD",
    "UNDATED_THRESHOLD",
    "Facts",
    "Node",
    "assign_incident_ids",
    "cluster_nodes",
    "facts_score",
    "incident_id_for",
    "is_match",
    "match_score",
]
