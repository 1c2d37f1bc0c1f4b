"""Property-based contract testing (schemathesis) of every operation in the committed spec.

No 5xx; every response, errors included, conforms to the documented schema, status codes and
content types; operations refuse unauthenticated calls. Runs authenticated as an admin, on
both databases, each operation inside the test's rolled-back transaction.
"""

from typing import Any

import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from app.openapi import SPEC_PATH

schema = schemathesis.openapi.from_path(SPEC_PATH)
# Document uploads: bytes framed as a PDF (stored) and bytes that are not one (refused, 422).
schemathesis.openapi.media_type(
    "application/pdf",
    st.one_of(
        st.binary(max_size=512).map(lambda body: b"%PDF-1.7\n" + body + b"\n%%EOF\n"),
        st.binary(max_size=512),
    ),
)


# 10 generated cases per operation and database (340 tests): 20 took 6.3 minutes of the
# suite's wall time on 2 cores without coverage, the largest share of the whole run.
@schema.parametrize()
@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_every_operation_honours_the_contract(case: Any, app: FastAPI, client: TestClient) -> None:
    # In-process, through the test's transaction (the client fixture routes the app's db there).
    case.call_and_validate(app=app, headers={"Authorization": client.headers["Authorization"]})
