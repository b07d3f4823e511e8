"""Review actions need the operator's bearer token; without one the server is read-only."""

from __future__ import annotations

import httpx

from salvo.api.live import LiveServer

TOKEN = "test-token-123"  # the token tests/api/conftest.py starts the server with


def incident_id(srv: LiveServer, place: str) -> str:
    r = httpx.get(srv.url + "/api/incidents", params={"place": place, "include_rejected": True})
    return str(r.json()["items"][0]["id"])


def auth(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_read_only_without_configured_token(readonly_server: LiveServer) -> None:
    iid = incident_id(readonly_server, "Harir")
    r = httpx.post(f"{readonly_server.url}/api/incidents/{iid}/confirm", json={}, headers=auth())
    assert r.status_code == 403 and "read-only" in r.json()["detail"]


def test_wrong_or_missing_token_is_401(server: LiveServer) -> None:
    iid = incident_id(server, "Harir")
    assert httpx.post(f"{server.url}/api/incidents/{iid}/confirm", json={}).status_code == 401
    r = httpx.post(f"{server.url}/api/incidents/{iid}/confirm", json={}, headers=auth("wrong"))
    assert r.status_code == 401


def test_edit_field_wins_and_is_recorded(server: LiveServer) -> None:
    iid = incident_id(server, "Green Village")
    r = httpx.patch(
        f"{server.url}/api/incidents/{iid}",
        json={"field": "killed", "value": 0, "reason": "later report: no casualties"},
        headers=auth(),
    )
    assert r.status_code == 200, r.text
    d = httpx.get(f"{server.url}/api/incidents/{iid}").json()
    killed = next(f for f in d["fields"] if f["name"] == "killed")
    assert killed["value"] == 0 and killed["overridden"] is True
    assert any(rev["field"] == "killed" for rev in d["revisions"])


def test_reject_then_restore(server: LiveServer) -> None:
    iid = incident_id(server, "Harir")
    r = httpx.post(f"{server.url}/api/incidents/{iid}/reject", json={"reason": "duplicate"}, headers=auth())
    assert r.status_code == 200, r.text
    assert iid not in {i["id"] for i in httpx.get(server.url + "/api/incidents").json()["items"]}
    r = httpx.post(f"{server.url}/api/incidents/{iid}/restore", json={"reason": "oops"}, headers=auth())
    assert r.status_code == 200, r.text
    assert iid in {i["id"] for i in httpx.get(server.url + "/api/incidents").json()["items"]}


def test_review_of_unknown_incident_is_404(server: LiveServer) -> None:
    r = httpx.post(f"{server.url}/api/incidents/nope/confirm", json={}, headers=auth())
    assert r.status_code == 404


def test_split_a_report_off_then_merge_back(server: LiveServer) -> None:
    iid = incident_id(server, "Tower 22")
    d = httpx.get(f"{server.url}/api/incidents/{iid}").json()
    later = d["mentions"][-1]["id"]
    r = httpx.post(f"{server.url}/api/incidents/{iid}/split", json={"mention_ids": [later]}, headers=auth())
    assert r.status_code == 200, r.text
    new_id = r.json()["result"][0]["new_incident_id"]
    towers = httpx.get(server.url + "/api/incidents", params={"place": "Tower 22"}).json()
    assert towers["total"] == 2
    r = httpx.post(f"{server.url}/api/incidents/{iid}/merge", json={"other_id": new_id}, headers=auth())
    assert r.status_code == 200, r.text
    assert httpx.get(server.url + "/api/incidents", params={"place": "Tower 22"}).json()["total"] == 1
    assert len(httpx.get(f"{server.url}/api/incidents/{iid}").json()["mentions"]) == 2


def test_split_rejects_foreign_reports(server: LiveServer) -> None:
    iid = incident_id(server, "Al-Qaim")
    r = httpx.post(f"{server.url}/api/incidents/{iid}/split", json={"mention_ids": [999]}, headers=auth())
    assert r.status_code == 422


def test_bad_edit_value_is_a_clear_422(server: LiveServer) -> None:
    iid = incident_id(server, "Al-Qaim")
    r = httpx.patch(f"{server.url}/api/incidents/{iid}", json={"field": "weapons", "value": ["laser"]}, headers=auth())
    assert r.status_code == 422 and "laser" in r.json()["detail"]
