"""Meetings: within the session's dates and JP, weekly series, moves raising the sequence,
cancellation and closure."""

from datetime import date, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Connection
from sqlmodel import Session as DbSession

from app.models import TrainingSession
from app.models.enums import Role
from tests.helpers import assert_problem
from tests.programs.factories import insert_meeting, insert_session
from tests.sessions.helpers import counts


def _meeting(session: TrainingSession, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "meeting_date": session.start_date.isoformat(),
        "start_time": "08:00",
        "end_time": "12:00",
        "topic": "Pembukaan dan orientasi",
        "jp": 4,
    }
    body.update(overrides)
    return body


def _url(session: TrainingSession, tail: str = "meetings") -> str:
    return f"/api/v1/sessions/{session.id}/{tail}"


def test_a_meeting_is_added_read_and_listed(client: TestClient, db: DbSession) -> None:
    session = insert_session(db, jp=10)
    created = client.post(_url(session), json=_meeting(session))
    assert created.status_code == 201, created.text
    meeting = created.json()
    assert created.headers["Location"] == f"/api/v1/meetings/{meeting['id']}"
    assert (meeting["sequence"], meeting["start_time"], meeting["jp"]) == (0, "08:00:00", 4)
    read = client.get(f"/api/v1/meetings/{meeting['id']}")
    assert read.status_code == 200
    assert read.headers["ETag"] == '"1"'
    later = session.start_date + timedelta(days=1)
    client.post(_url(session), json=_meeting(session, meeting_date=later.isoformat(), jp=2))
    listed = client.get(_url(session)).json()
    assert listed["total"] == 2
    assert listed["items"][0]["id"] == meeting["id"]


def test_bad_meetings_are_refused_and_nothing_is_written(
    client: TestClient, db: DbSession, connection: Connection
) -> None:
    session = insert_session(db, jp=6)
    other = insert_session(db)
    foreign = client.post(
        _url(other, "facilitators"), json={"role": "coach", "external_name": "Pelatih Lain"}
    ).json()
    insert_meeting(db, session, jp=4)
    before = counts(connection)
    cases: list[tuple[dict[str, Any], str]] = [
        ({"meeting_date": (session.start_date - timedelta(days=1)).isoformat()}, "meeting_date"),
        ({"meeting_date": (session.end_date + timedelta(days=1)).isoformat()}, "meeting_date"),
        ({"end_time": "08:00"}, "end_time"),
        ({"start_time": "8"}, "start_time"),
        ({"start_time": "08:00+07:00"}, "start_time"),
        ({"jp": 3}, "jp"),  # 4 + 3 > 6
        ({"jp": -1}, "jp"),
        ({"facilitator_id": foreign["id"]}, "facilitator_id"),
        ({"topic": ""}, "topic"),
    ]
    for overrides, field in cases:
        problem = assert_problem(
            client.post(_url(session), json=_meeting(session, **overrides)), 422
        )
        assert field in {str(p) for e in problem["errors"] for p in e["loc"]}, problem
    problem = assert_problem(client.post(_url(session), json=_meeting(session, jp=3)), 422)
    assert "7 JP, above the session's 6 JP" in problem["detail"]
    assert counts(connection) == before
    assert_problem(client.post(_url(other)[:-9] + "0/meetings", json=_meeting(session)), 404)


def test_a_weekly_series_in_one_call(
    client: TestClient, db: DbSession, connection: Connection
) -> None:
    monday = date(2027, 3, 1)
    session = insert_session(
        db,
        start_date=monday,
        end_date=monday + timedelta(days=41),
        registration_opens_on=date(2027, 1, 1),
        registration_closes_on=date(2027, 2, 20),
        jp=30,
    )
    series = {
        "weekdays": [1, 3],
        "first_date": monday.isoformat(),
        "weeks": 6,
        "start_time": "13:00",
        "end_time": "15:00",
        "topic": "Coaching",
        "jp": 2,
    }
    before = counts(connection)
    # 12 meetings of 3 JP: 36 > 30; a series past the session's end; no day at all: nothing.
    for overrides, status in (
        ({"jp": 3}, 422),
        ({"weeks": 7}, 422),
        ({"weekdays": [8]}, 422),
        ({"weeks": 0}, 422),
        ({"weekdays": [6], "weeks": 1, "first_date": "2027-04-11"}, 422),
    ):
        assert_problem(
            client.post(_url(session, "meeting-series"), json={**series, **overrides}), status
        )
    assert counts(connection) == before
    created = client.post(_url(session, "meeting-series"), json=series)
    assert created.status_code == 201, created.text
    meetings = created.json()["meetings"]
    assert len(meetings) == 12
    days = [date.fromisoformat(m["meeting_date"]) for m in meetings]
    assert days[:3] == [monday, monday + timedelta(days=2), monday + timedelta(days=7)]
    assert {d.isoweekday() for d in days} == {1, 3}
    assert counts(connection)["meeting"] == before["meeting"] + 12
    assert counts(connection)["audit_event"] == before["audit_event"] + 12
    assert client.get(_url(session)).json()["total"] == 12


def test_a_move_raises_the_sequence(client: TestClient, db: DbSession, as_role: Any) -> None:
    session = insert_session(db, jp=12)
    meeting = client.post(_url(session), json=_meeting(session)).json()
    url = f"/api/v1/meetings/{meeting['id']}"
    retitled = client.patch(url, json={"topic": "Orientasi"}, headers={"If-Match": '"1"'})
    assert retitled.status_code == 200, retitled.text
    assert (retitled.json()["sequence"], retitled.headers["ETag"]) == (0, '"2"')
    moved = client.patch(url, json={"start_time": "09:00"}, headers={"If-Match": '"2"'})
    assert moved.json()["sequence"] == 1
    later = (session.start_date + timedelta(days=1)).isoformat()
    moved = client.patch(url, json={"meeting_date": later, "jp": 8}, headers={"If-Match": '"3"'})
    assert (moved.json()["sequence"], moved.json()["jp"]) == (2, 8)
    for body in ({"jp": 13}, {"end_time": "08:00"}, {"topic": None}):
        assert_problem(client.patch(url, json=body, headers={"If-Match": "*"}), 422)
    assert_problem(client.patch(url, json={"topic": "X Y"}), 428)
    assert_problem(client.patch(url, json={"topic": "X Y"}, headers={"If-Match": '"1"'}), 412)
    assert client.get(url).json()["sequence"] == 2
    staff = as_role(Role.PARTNER, partners=(str(session.id),))
    assert_problem(client.get(url, headers=staff), 404)


def test_cancellation_frees_the_jp_and_closure_makes_attendance_final(
    client: TestClient, db: DbSession
) -> None:
    session = insert_session(db, jp=4)
    held = insert_meeting(db, session, meeting_date=date.today() - timedelta(days=1), jp=0)
    meeting = client.post(_url(session), json=_meeting(session)).json()
    url = f"/api/v1/meetings/{meeting['id']}"
    cancelled = client.post(f"{url}/cancellation")
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["cancelled_at"]
    assert cancelled.json()["sequence"] == 1
    assert_problem(client.post(f"{url}/cancellation"), 409)
    assert_problem(client.post(f"{url}/closure"), 409)
    assert_problem(client.patch(url, json={"topic": "Lagi"}, headers={"If-Match": "*"}), 409)
    # Its 4 JP are free again.
    assert client.post(_url(session), json=_meeting(session)).status_code == 201
    future = client.get(_url(session)).json()["items"][-1]
    assert_problem(client.post(f"/api/v1/meetings/{future['id']}/closure"), 409)
    closed = client.post(f"/api/v1/meetings/{held.id}/closure")
    assert closed.status_code == 200, closed.text
    assert closed.json()["closed_at"]
    assert_problem(client.post(f"/api/v1/meetings/{held.id}/closure"), 409)
    assert_problem(client.post(f"/api/v1/meetings/{held.id}/cancellation"), 409)
    moved = client.patch(
        f"/api/v1/meetings/{held.id}", json={"start_time": "07:00"}, headers={"If-Match": "*"}
    )
    assert_problem(moved, 409)


def test_a_facilitator_leading_a_meeting_stays(client: TestClient, db: DbSession) -> None:
    session = insert_session(db, jp=8)
    facilitator = client.post(
        _url(session, "facilitators"), json={"role": "coach", "external_name": "Pelatih"}
    ).json()
    led = client.post(_url(session), json=_meeting(session, facilitator_id=facilitator["id"]))
    assert led.status_code == 201, led.text
    gone = f"{_url(session, 'facilitators')}/{facilitator['id']}"
    assert_problem(client.delete(gone), 409)
    client.post(f"/api/v1/meetings/{led.json()['id']}/cancellation")
    assert client.delete(gone).status_code == 204


def test_session_jp_and_dates_hold_their_meetings(client: TestClient, db: DbSession) -> None:
    session = insert_session(db, jp=8)
    insert_meeting(db, session, jp=6, meeting_date=session.end_date)
    url = f"/api/v1/sessions/{session.id}"
    problem = assert_problem(client.patch(url, json={"jp": 5}, headers={"If-Match": "*"}), 422)
    assert "below the 6 JP of its meetings" in problem["detail"]
    earlier = (session.end_date - timedelta(days=1)).isoformat()
    assert_problem(client.patch(url, json={"end_date": earlier}, headers={"If-Match": "*"}), 409)
    assert client.patch(url, json={"jp": 6}, headers={"If-Match": "*"}).status_code == 200
