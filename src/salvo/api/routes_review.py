"""Review actions (confirm, edit, merge, split, reject, restore): bearer token required.

With no token configured the server is read-only and these answer 403.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from salvo.api.routes_read import SessionDep
from salvo.api.schemas import EditBody, MergeBody, ReviewBody, ReviewResult, SplitBody

router = APIRouter(prefix="/api", tags=["review"])
bearer = HTTPBearer(auto_error=False, description="the operator's SALVO_API_TOKEN")


def token_refusal(expected: str | None, authorization: str | None) -> tuple[int, str] | None:
    """Why a request with this ``Authorization`` header may not write (status, detail), or None."""
    if not expected:
        return 403, "this server is read-only: start it with SALVO_API_TOKEN to enable review"
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), expected.encode()):
        return 401, "missing or wrong bearer token"
    return None


def require_token(request: Request, creds: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> str:
    given = f"Bearer {creds.credentials}" if creds is not None else None
    refusal = token_refusal(request.app.state.api_token, given)
    if refusal is not None:
        status, detail = refusal
        raise HTTPException(status, detail, headers={"WWW-Authenticate": "Bearer"} if status == 401 else None)
    return request.app


Auth = Annotated[Any, Depends(require_token)]


def _changed(app: Any) -> None:
    index = getattr(app.state, "index", None)
    if index is not None:
        index.invalidate()


def review_function(name: str) -> Callable[..., Any]:
    """The store's review action ``name`` (in ``salvo.store.review``, else ``salvo.store.queries``)."""
    import importlib

    for module in ("salvo.store.review", "salvo.store.queries"):
        try:
            fn = getattr(importlib.import_module(module), name, None)
        except ImportError:
            continue
        if callable(fn):
            return fn
    raise HTTPException(501, f"review action {name!r} is not available in this build")


def _run(app: Any, s: Session, action: str, incident_id: str, *args: Any, body: ReviewBody | None) -> ReviewResult:
    from salvo.store import queries

    body = body or ReviewBody(reason=None, author=None)
    if queries.get_incident(s, incident_id) is None:
        raise HTTPException(404, f"no incident {incident_id!r}")
    try:
        result = review_function(action)(s, incident_id, *args, author=body.author or "api", reason=body.reason or "")
    except (ValueError, KeyError, LookupError) as exc:
        raise HTTPException(422, str(exc)) from None
    s.commit()  # before the index reloads, so the next answer shows the change
    _changed(app)
    return ReviewResult(incident_id=incident_id, result=result)


@router.post("/incidents/{incident_id}/confirm", response_model=ReviewResult, summary="Confirm an incident")
def confirm(incident_id: str, s: SessionDep, app: Auth, body: ReviewBody | None = None) -> ReviewResult:
    return _run(app, s, "confirm", incident_id, body=body)


@router.patch("/incidents/{incident_id}", response_model=ReviewResult, summary="Edit one field")
def edit_field(incident_id: str, body: EditBody, s: SessionDep, app: Auth) -> ReviewResult:
    """Sets one field's value; the analyst's edit wins over the reports and is kept in the history."""
    return _run(app, s, "edit_field", incident_id, body.field, body.value, body=body)


@router.post("/incidents/{incident_id}/merge", response_model=ReviewResult, summary="Merge another incident in")
def merge(incident_id: str, body: MergeBody, s: SessionDep, app: Auth) -> ReviewResult:
    return _run(app, s, "merge", incident_id, body.other_id, body=body)


@router.post("/incidents/{incident_id}/split", response_model=ReviewResult, summary="Split reports off")
def split(incident_id: str, body: SplitBody, s: SessionDep, app: Auth) -> ReviewResult:
    """Moves each listed report (mention) of this incident into a new incident of its own."""
    from salvo.store import queries

    data = queries.get_incident(s, incident_id)
    if data is None:
        raise HTTPException(404, f"no incident {incident_id!r}")
    own = {m["mention_id"] for m in data["mentions"] if not m.get("superseded")}
    foreign = [m for m in body.mention_ids if m not in own]
    if foreign or not body.mention_ids:
        raise HTTPException(422, f"mentions {foreign or body.mention_ids} are not reports of {incident_id}")
    fn = review_function("split")
    results = []
    try:
        for mention_id in body.mention_ids:
            results.append(fn(s, mention_id, author=body.author or "api", reason=body.reason or ""))
    except (ValueError, KeyError, LookupError) as exc:
        raise HTTPException(422, str(exc)) from None
    s.commit()
    _changed(app)
    return ReviewResult(incident_id=incident_id, result=results)


@router.post("/incidents/{incident_id}/reject", response_model=ReviewResult, summary="Reject an incident")
def reject(incident_id: str, s: SessionDep, app: Auth, body: ReviewBody | None = None) -> ReviewResult:
    return _run(app, s, "reject", incident_id, body=body)


@router.post("/incidents/{incident_id}/restore", response_model=ReviewResult, summary="Restore a rejected one")
def restore(incident_id: str, s: SessionDep, app: Auth, body: ReviewBody | None = None) -> ReviewResult:
    return _run(app, s, "restore", incident_id, body=body)
