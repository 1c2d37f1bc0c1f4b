"""Shapes of the partnership endpoints: the partner report and the expiry watch.

Computed as the application computes them (``app.partners.report``, ``app.agreements.watch``):
the reports from the rows of their six grouped statements, per partner in the order asked
(counts to ints, the pass rate and the average score as two-decimal strings, quotas by kind);
the watch's days remaining and each agreement's status as shown (an active one past its end
is expired) from the agency's date, which the baseline takes from the clock in the agency's
time zone (the recorded ``timezone`` setting), as the application does per request.
"""

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from bench.shapes import Fetched, Row, json_value

SETTINGS = ("timezone", "agreement_expiry_warning_days")
CENT = Decimal("0.01")


def _uuid(raw: Any) -> uuid.UUID:
    """A UUID the driver returns typed (PostgreSQL, a declared SQLite column) or as hex."""
    return raw if isinstance(raw, uuid.UUID) else uuid.UUID(hex=str(raw))


def _date(raw: Any) -> date:
    """A date the driver returns typed, or as ISO text (a SQLite expression with no type)."""
    return raw if isinstance(raw, date) else date.fromisoformat(str(raw))


def _today(fetched: Fetched) -> date:
    """The agency's date now (``app.core.clock.today``)."""
    zone = ZoneInfo(fetched.settings["timezone"])
    return datetime.now(zone).date()


def _rate(part: int, whole: int) -> str | None:
    if not whole:
        return None
    return str((Decimal(100 * part) / Decimal(whole)).quantize(CENT))


def _two(value: Any) -> float | None:
    return None if value is None else round(float(value), 2)


def _evaluations(results: list[list[Row]]) -> dict[uuid.UUID, list[Any]]:
    """Per partner, from the last three statements' rows (level 1, 2, 3): respondents and
    average scale, average gain, answered and overdue."""
    reaction, gains, behaviour = ([list(row.values()) for row in rows] for rows in results[-3:])
    found: dict[uuid.UUID, list[Any]] = {}
    for row in reaction:
        found.setdefault(_uuid(row[0]), [0, None, None, 0, 0])[:2] = [int(row[1]), _two(row[2])]
    for row in gains:
        found.setdefault(_uuid(row[0]), [0, None, None, 0, 0])[2] = _two(row[1])
    for row in behaviour:
        found.setdefault(_uuid(row[0]), [0, None, None, 0, 0])[3:] = [int(row[1]), int(row[2])]
    return found


def _reports(
    partner_ids: list[uuid.UUID], year: int, results: list[list[Row]], minimum: int = 5
) -> list[Any]:
    """The reports from the last six statements' rows: sessions, quotas, internships, then
    the evaluations' three (``minimum``: respondents for a level-1 average)."""
    session_rows, quota_rows, intern_rows = (
        [list(row.values()) for row in rows] for rows in results[-6:-3]
    )
    evaluations = _evaluations(results)
    sessions = {_uuid(row[0]): [int(value) for value in row[1:]] for row in session_rows}
    quotas: dict[uuid.UUID, dict[str, tuple[int, int]]] = {}
    for partner_id, kind, granted, used in quota_rows:
        quotas.setdefault(_uuid(partner_id), {})[str(kind)] = (int(granted), int(used))
    interns = {
        _uuid(row[0]): (int(row[1]), int(row[2]), None if row[3] is None else float(row[3]))
        for row in intern_rows
    }
    reports = []
    for partner_id in partner_ids:
        delivered, cancelled, other, participants, passed = sessions.get(partner_id, [0] * 5)
        hosted, completed, score = interns.get(partner_id, (0, 0, None))
        respondents, reaction, gain, answered, overdue = evaluations.get(
            partner_id, [0, None, None, 0, 0]
        )
        reports.append(
            {
                "partner_id": str(partner_id),
                "year": year,
                "sessions_delivered": delivered,
                "sessions_cancelled": cancelled,
                "sessions_scheduled": other,
                "participants": participants,
                "passed": passed,
                "pass_rate": _rate(passed, participants),
                "quotas": [
                    {"kind": kind, "granted": granted, "used": used}
                    for kind, (granted, used) in sorted(quotas.get(partner_id, {}).items())
                ],
                "internships_hosted": hosted,
                "internships_completed": completed,
                "internship_average_score": None
                if score is None
                else str(Decimal(score).quantize(CENT)),
                "reaction_respondents": respondents,
                "reaction_average": reaction if respondents >= minimum else None,
                "learning_average_gain": gain,
                "behaviour_answered": answered,
                "behaviour_overdue": overdue,
            }
        )
    return reports


def partner_report(fetched: Fetched) -> Any:
    """``/partners/{id}/report``: the partner's lookup, then its report's six statements."""
    partner_id = _uuid(fetched.results[-7][0]["id"])
    minimum = int(fetched.settings.get("evaluation_min_respondents", 5))
    return _reports([partner_id], int(fetched.query["year"]), fetched.results, minimum)[0]


def partner_reports(fetched: Fetched) -> Any:
    """``/partners/reports``: the directory's count and page, then the page's reports."""
    (total,) = fetched.results[-8][0].values()
    partner_ids = [_uuid(row["id"]) for row in fetched.results[-7]]
    minimum = int(fetched.settings.get("evaluation_min_respondents", 5))
    return {
        "items": _reports(partner_ids, int(fetched.query["year"]), fetched.results, minimum),
        "total": total,
        "limit": int(fetched.query.get("limit", 50)),
        "offset": int(fetched.query.get("offset", 0)),
    }


def _overrun(row: Row, on: date) -> dict[str, Any]:
    ends_on = _date(row["agreement_ends_on"])
    status = str(row["agreement_status"])
    return {
        "kind": str(row["kind"]),
        "id": str(_uuid(row["id"])),
        "name": row["name"],
        "partner_id": str(_uuid(row["partner_id"])),
        "agreement_id": str(_uuid(row["agreement_id"])),
        "agreement_ends_on": ends_on.isoformat(),
        "agreement_status": "expired" if status == "active" and ends_on < on else status,
        "ends_on": _date(row["ends_on"]).isoformat(),
    }


def watch_summary(fetched: Fetched) -> Any:
    """``/partnerships/summary``: the counts, the first expiring agreements, the overruns by
    kind and the first overruns."""
    on = _today(fetched)
    counts, expiring, by_kind, overruns = fetched.results[-4:]
    active, expiring_count, expired = counts[0].values()
    kinds = {str(row["kind"]): int(next(iter(list(row.values())[1:]))) for row in by_kind}
    days = fetched.query.get("within_days", fetched.settings["agreement_expiry_warning_days"])
    return {
        "today": on.isoformat(),
        "within_days": int(days),
        "active_agreements": int(active),
        "expiring_count": int(expiring_count),
        "expiring": [
            {
                "id": json_value(row["id"]),
                "partner_id": json_value(row["partner_id"]),
                "kind": row["kind"],
                "title": row["title"],
                "city_number": row["city_number"],
                "ends_on": json_value(row["ends_on"]),
                "days_remaining": (_date(row["ends_on"]) - on).days + 1,
            }
            for row in expiring
        ],
        "expired_last_30_days": int(expired),
        "overrunning_sessions": kinds.get("session", 0),
        "overrunning_internships": kinds.get("internship", 0),
        "overruns": [_overrun(row, on) for row in overruns],
    }


def overruns(fetched: Fetched) -> Any:
    """``/partnerships/overruns``: the count, then a page of the overruns."""
    on = _today(fetched)
    (total,) = fetched.results[-2][0].values()
    return {
        "items": [_overrun(row, on) for row in fetched.results[-1]],
        "total": total,
        "limit": int(fetched.query.get("limit", 50)),
        "offset": int(fetched.query.get("offset", 0)),
    }
