"""The demo data's evaluations: completed sessions show level-1 results, tests, and level-3
requests of which some are overdue."""

from fastapi.testclient import TestClient
from sqlalchemy import Connection, text

from app.core.config import Settings
from app.demo.development import generate_development
from app.demo.generator import generate


def test_completed_demo_sessions_have_their_evaluations(
    client: TestClient, connection: Connection
) -> None:
    generate(connection)
    counts = generate_development(connection, seed=1372, settings=Settings(environment="test"))
    assert counts["evaluation_response"] > 0
    assert counts["learning_test"] > 0
    assert counts["behaviour_evaluation"] > 0
    shown = connection.execute(
        text(
            "SELECT session_id FROM evaluation_response GROUP BY session_id"
            " HAVING count(*) >= 5 ORDER BY session_id"
        )
    ).scalars()
    session_id = next(iter(shown))
    results = client.get(f"/api/v1/evaluation-results/sessions/{session_id}")
    assert results.status_code == 200, results.text
    assert results.json()["reaction"]["shown"] is True
    assert results.json()["learning"]["participants"] > 0
    overdue = client.get("/api/v1/behaviour-evaluations", params={"status": "overdue"})
    answered = client.get("/api/v1/behaviour-evaluations", params={"status": "answered"})
    assert overdue.json()["total"] > 0
    assert answered.json()["total"] > 0
