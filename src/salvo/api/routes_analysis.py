"""Analysis endpoints: counts against published tallies, attack–response cycles, changes, claims.

Each takes the filter of ``/api/incidents`` (the one ``filter_params``, so a bad value is refused
with the same 422) and runs its analysis on the incidents that filter selects, through the list's
own query narrowing (``query.filtered``): a view's figures are those of the filtered list.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from salvo.api.params import FilterParams, filter_params
from salvo.api.query import filtered

if TYPE_CHECKING:
    from salvo.analysis.scope import Where

router = APIRouter(prefix="/api", tags=["analysis"])
# The answers are plain JSON already: returned as a JSONResponse they are sent as they are, not
# walked by FastAPI's encoder (which takes seconds over the tens of thousands of links a busy
# month's cycles hold).

FilterDep = Annotated[FilterParams, Depends(filter_params)]


def session(request: Request) -> Iterator[Session]:
    with request.app.state.store.session() as s:
        yield s


def narrowing(flt: FilterParams) -> Where:
    """The filter as the list applies it, for the analysis modules' queries."""
    return lambda query: filtered(query, flt)


@router.get("/reconcile", summary="Our counts against the published tallies that ship with Salvo")
def reconcile(
    s: Annotated[Session, Depends(session)],
    flt: FilterDep,
    details: Annotated[bool, Query(description="Include the incidents behind each row.")] = False,
) -> JSONResponse:
    """Each shipped tally with our count for its scope, what might belong, and the difference
    explained; with a filter, only the incidents it selects count (ours and the possible ones)."""
    from salvo.analysis.reconcile import reconcile_all
    from salvo.analysis.tallies import read_tallies, shipped_tallies

    tallies, _errors = read_tallies(shipped_tallies())  # the shipped file is checked whole by the tests
    return JSONResponse([r.to_json() for r in reconcile_all(s, tallies, details, narrowing(flt))])


@router.get("/cycles", summary="Strikes with the attacks they answered and the attack rate around them")
def cycles(
    s: Annotated[Session, Depends(session)],
    flt: FilterDep,
    window_days: Annotated[int, Query(ge=0, le=365)] = 7,
    reported_days: Annotated[int, Query(ge=0, le=3650)] = 60,
    rate_days: Annotated[int, Query(ge=1, le=365)] = 14,
    offset: Annotated[int, Query(ge=0, le=10**9)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000, description="strikes per page, oldest first")] = 100,
) -> JSONResponse:
    """Each dated strike the filter selects (every field of the filter; the category is always
    strikes), its links (``reporting`` or ``window``, with lag and evidence) and the attack rates
    before and after it, a page at a time. The attacks are every attack around each strike, wherever
    it happened: a strike in Syria may answer an attack in Jordan."""
    from salvo.analysis.cycles import attack_response_cycles

    strikes = narrowing(replace(flt, category="strike"))
    attacks = narrowing(FilterParams(category="attack", include_rejected=flt.include_rejected))
    found = attack_response_cycles(s, strikes, window_days, reported_days, rate_days, offset, limit, attacks)
    return JSONResponse([c.to_json() for c in found])


@router.get("/changes", summary="What changed since a day, a date-time or a run")
def changes(
    s: Annotated[Session, Depends(session)],
    flt: FilterDep,
    since: Annotated[str, Query(max_length=40, description="YYYY-MM-DD, an ISO date-time, or run:N")],
    limit: Annotated[int, Query(ge=1, le=10_000, description="entries per section; totals count them all")] = 1000,
) -> JSONResponse:
    """New incidents, revised values (old, new, source), merges, splits and analyst actions; with a
    filter, those of the incidents it selects, rejected ones included (a rejection is a change)."""
    from fastapi import HTTPException

    from salvo.analysis.changes import changes_since

    chosen = replace(flt, include_rejected=True)
    where = None if replace(chosen, include_rejected=False) == FilterParams() else narrowing(chosen)
    try:
        return JSONResponse(changes_since(s, since, limit, where))
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from None


@router.get("/claims", summary="Claims over time: first report, claim and accusation per attack; shares claimed")
def claims(s: Annotated[Session, Depends(session)], flt: FilterDep) -> JSONResponse:
    """Per attack the days from first report to claim and to official accusation; the share claimed
    by month and by group. Every field of the filter applies; the category is always attacks."""
    from salvo.analysis.claims import claim_shares, incident_timelines

    chosen = narrowing(replace(flt, category="attack"))
    return JSONResponse({"timelines": incident_timelines(s, chosen), "shares": claim_shares(s, chosen)})
