"""Analysis endpoints: our counts against published tallies."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from sqlalchemy.orm import Session

router = APIRouter(prefix="/api", tags=["analysis"])


def session(request: Request) -> Iterator[Session]:
    with request.app.state.store.session() as s:
        yield s


@router.get("/reconcile", summary="Our counts against the published tallies that ship with Salvo")
def reconcile(
    s: Annotated[Session, Depends(session)],
    details: Annotated[bool, Query(description="Include the incidents behind each row.")] = False,
) -> list[dict[str, Any]]:
    """Each shipped tally with our count for its scope, what might belong, and the difference explained."""
    from salvo.analysis.reconcile import reconcile_all
    from salvo.analysis.tallies import read_tallies, shipped_tallies

    tallies, _errors = read_tallies(shipped_tallies())  # the shipped file is checked whole by the tests
    return [r.to_json() for r in reconcile_all(s, tallies, details)]


@router.get("/cycles", summary="Strikes with the attacks they answered and the attack rate around them")
def cycles(
    s: Annotated[Session, Depends(session)],
    window_days: Annotated[int, Query(ge=0, le=365)] = 7,
    reported_days: Annotated[int, Query(ge=0, le=3650)] = 60,
    rate_days: Annotated[int, Query(ge=1, le=365)] = 14,
) -> list[dict[str, Any]]:
    """Each dated strike, its links (``reporting`` or ``window``, with lag and evidence) and rates."""
    from salvo.analysis.cycles import attack_response_cycles

    return [c.to_json() for c in attack_response_cycles(s, None, window_days, reported_days, rate_days)]


@router.get("/changes", summary="What changed since a day, a date-time or a run")
def changes(
    s: Annotated[Session, Depends(session)],
    since: Annotated[str, Query(max_length=40, description="YYYY-MM-DD, an ISO date-time, or run:N")],
) -> dict[str, Any]:
    """New incidents, revised values (old, new, source), merges, splits and analyst actions."""
    from fastapi import HTTPException

    from salvo.analysis.changes import changes_since

    try:
        return changes_since(s, since)
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from None


@router.get("/claims", summary="Claims over time: first report, claim and accusation per attack; shares claimed")
def claims(s: Annotated[Session, Depends(session)]) -> dict[str, Any]:
    """Per attack the days from first report to claim and to official accusation; the share claimed."""
    from salvo.analysis.claims import claim_shares, incident_timelines

    return {"timelines": incident_timelines(s), "shares": claim_shares(s)}
