"""The benchmarked endpoints: adding one is one line in ``ENDPOINTS``.

Each endpoint has a name, a URL pool builder (``bench.pools``) and a shape (``bench.shapes``)
with which the baseline rebuilds the endpoint's JSON body from the rows of its SQL.
"""

from dataclasses import dataclass

from bench import gaps
from bench import learning_shapes as learning
from bench import partnerships_shapes as partnerships
from bench.pools import (
    PoolBuilder,
    employee_enrollment_urls,
    employee_gap_urls,
    employee_search_urls,
    employee_urls,
    gap_matrix_city_urls,
    gap_matrix_opd_urls,
    large_session_urls,
    learning_below_urls,
    learning_breakdown_urls,
    learning_employee_urls,
    learning_summary_urls,
    overrun_urls,
    partner_report_urls,
    partner_reports_urls,
    program_search_urls,
    unit_tree_urls,
    unit_urls,
    watch_summary_urls,
)
from bench.shapes import (
    Fields,
    Row,
    Shape,
    column,
    decimal_column,
    page,
    single,
    tree,
    when_present,
)


@dataclass(frozen=True)
class Endpoint:
    """A benchmarked GET endpoint.

    ``settings``: application settings its shape reads (recorded with the SQL).
    ``requests``: at most this many measured requests per run, for slow endpoints (one
    connection, one warm-up request, a long timeout: see ``bench.run.load_for``).
    """

    name: str
    url_pool: PoolBuilder
    shape: Shape
    settings: tuple[str, ...] = ()
    requests: int | None = None


def full_name(row: Row) -> str:
    """Name with front and back titles, as the API composes it."""
    name = f"{row['front_title']} {row['name']}" if row["front_title"] else row["name"]
    return f"{name}, {row['back_title']}" if row["back_title"] else name


UNIT_SUMMARY = Fields(id=column("unit_id"), code=column("unit_code"), name=column("unit_name"))
POSITION_SUMMARY = when_present(
    "position_id",
    Fields(
        "position_type_code",
        "functional_level",
        id=column("position_id"),
        name=column("position_name"),
    ),
)
EMPLOYEE_ITEM = Fields(
    "id",
    "nip",
    "name",
    "sex",
    "birth_date",
    "status",
    "golongan_code",
    "is_active",
    full_name=full_name,
    unit=UNIT_SUMMARY,
    position=POSITION_SUMMARY,
)
EMPLOYEE_PUBLIC = EMPLOYEE_ITEM.extend(
    "nip_lama",
    "nik",
    "supervisor_id",
    "front_title",
    "back_title",
    "email",
    "phone",
    "national_person_id",
    "created_at",
    "updated_at",
)
UNIT_NODE = Fields(
    "id", "code", "name", "kind", "is_opd", has_children=lambda row: bool(row["has_children"])
)
UNIT_PUBLIC = Fields(
    "id",
    "parent_id",
    "code",
    "name",
    "kind",
    "is_opd",
    "national_unit_id",
    "depth",
    "created_at",
    "updated_at",
)

PROGRAM_ITEM = Fields(
    "id",
    "code",
    "title",
    "development_type_id",
    "path",
    "leadership_subtype_id",
    "standard_jp",
    "periodicity",
    "default_partner_id",
    "status",
    "created_at",
    "updated_at",
)


def waitlist_position(row: Row) -> int | None:
    """The place the view's subquery computed, shown for a waitlisted enrollment only."""
    return int(row["position"]) if row["status"] == "waitlisted" else None


ENROLLMENT_PUBLIC = Fields(
    "id",
    "session_id",
    "session_name",
    "start_date",
    "end_date",
    "employee_id",
    "employee_nip",
    "employee_name",
    "unit_id",
    "status",
    "seat_held",
    "requested_at",
    "nominated_by",
    "supervisor_approved_by",
    "verified_by",
    "created_at",
    "updated_at",
    waitlist_position=waitlist_position,
    final_score=decimal_column("final_score"),
    attendance_pct=decimal_column("attendance_pct"),
)

ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint(
        "list_employees",
        url_pool=employee_search_urls,
        shape=page(EMPLOYEE_ITEM, bounded=True),
        settings=("search_count_limit",),
    ),
    Endpoint("get_employee", url_pool=employee_urls, shape=single(EMPLOYEE_PUBLIC)),
    Endpoint("unit_tree", url_pool=unit_tree_urls, shape=tree(UNIT_NODE)),
    Endpoint("get_unit", url_pool=unit_urls, shape=single(UNIT_PUBLIC)),
    Endpoint("employee_gaps", employee_gap_urls, gaps.employee_gaps, settings=gaps.SETTINGS),
    Endpoint("gap_matrix_city", gap_matrix_city_urls, gaps.gap_matrix, requests=6),
    Endpoint("gap_matrix_opd", gap_matrix_opd_urls, gaps.gap_matrix, requests=20),
    Endpoint("list_programs", url_pool=program_search_urls, shape=page(PROGRAM_ITEM)),
    Endpoint("session_enrollments", url_pool=large_session_urls, shape=page(ENROLLMENT_PUBLIC)),
    Endpoint(
        "employee_enrollments", url_pool=employee_enrollment_urls, shape=page(ENROLLMENT_PUBLIC)
    ),
    Endpoint("partner_report", partner_report_urls, partnerships.partner_report),
    Endpoint("partner_reports", partner_reports_urls, partnerships.partner_reports),
    Endpoint(
        "watch_summary",
        watch_summary_urls,
        partnerships.watch_summary,
        settings=partnerships.SETTINGS,
    ),
    Endpoint("list_overruns", overrun_urls, partnerships.overruns, settings=partnerships.SETTINGS),
    Endpoint(
        "learning_employee",
        learning_employee_urls,
        learning.employee_year,
        settings=learning.SETTINGS,
    ),
    Endpoint("learning_summary", learning_summary_urls, learning.summary),
    Endpoint("learning_breakdown", learning_breakdown_urls, learning.breakdown, requests=30),
    Endpoint("learning_below", learning_below_urls, learning.below_target, requests=30),
)


def by_name(names: list[str] | None = None) -> list[Endpoint]:
    """The registered endpoints, all or the named ones (in registry order)."""
    if not names:
        return list(ENDPOINTS)
    unknown = set(names) - {endpoint.name for endpoint in ENDPOINTS}
    if unknown:
        raise ValueError(f"unknown endpoints: {', '.join(sorted(unknown))}")
    return [endpoint for endpoint in ENDPOINTS if endpoint.name in names]
