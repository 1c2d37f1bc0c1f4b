"""The demo city's partnerships: its partners' details and contacts, a framework agreement
(MoU) with each, under it a PKS a year with the training seats of that year's sessions (each
partner session runs under its year's PKS), internship places at the universities, and one
MoU that ends within the expiry watch's horizon; the internship program and a few young
employees placed at the universities (two completed, their JP credited; two under way; one
planned; one called off). The demo interns have no sign-in of their own, so their logbooks
are empty.

Dates follow the sessions the demo scheduled; ids come from the demo's id stream, except the
Universitas Andalas MoU the request examples name (``app.core.examples``). The signed documents
are not part of the demo (their ``document_id`` is empty).
"""

import math
import uuid
from collections import Counter
from datetime import UTC, date, datetime
from typing import Any, cast

from sqlalchemy import Connection, Table, func, insert, select, update
from sqlmodel import col

from app.core import examples
from app.core.text import search_key
from app.demo.ids import DemoIds
from app.demo.programs import BPSDM, LAN, PARTNERS, UIN, UNAND
from app.learning.records import credited
from app.models import (
    Agreement,
    AgreementQuota,
    Employee,
    Internship,
    LearningRecord,
    Partner,
    Program,
    StatusChange,
    TrainingSession,
    Unit,
)
from app.models.enums import AgreementStatus, SessionStatus

SIGNED = datetime(2025, 12, 15, 3, 0, tzinfo=UTC)
QUOTA_HEADROOM = 1.25  # seats granted over those the year's sessions take

DETAILS: dict[int, dict[str, Any]] = {
    BPSDM: {
        "accreditation": "Terakreditasi A (LAN)",
        "address": "Jl. Raya Padang - Bukittinggi Km. 12, Parit Malintang, Padang Pariaman",
        "website": "https://bpsdm.sumbarprov.go.id",
        "contacts": [{"name": "Drs. Syafrizal, M.Si.", "title": "Kepala Bidang Pengembangan"}],
        "numbers": ("BPSDM", "KB/BPSDM-SB"),
        "scopes": ["training"],
    },
    UNAND: {
        "accreditation": "Unggul (BAN-PT)",
        "address": "Limau Manis, Kecamatan Pauh, Kota Padang, Sumatera Barat 25163",
        "website": "https://www.unand.ac.id",
        "contacts": [
            {
                "name": "Dr. Rina Marlina",
                "title": "Kepala Kantor Kerja Sama",
                "email": "kerjasama@unand.ac.id",
            }
        ],
        "numbers": ("UNAND", "UN16/KS"),
        "scopes": ["training", "internship", "research", "degree"],
    },
    UIN: {
        "accreditation": "Baik Sekali (BAN-PT)",
        "address": "Jl. Prof. Mahmud Yunus Lapai, Kota Padang, Sumatera Barat 25153",
        "website": "https://uinib.ac.id",
        "contacts": [{"name": "Dr. Hendri Yazid", "title": "Kepala Pusat Kerja Sama"}],
        "numbers": ("UINIB", "Un.13/KS"),
        "scopes": ["training", "internship", "community_service"],
    },
    LAN: {
        "accreditation": None,
        "address": "Jl. Veteran No. 10, Jakarta Pusat 10110",
        "website": "https://lan.go.id",
        "contacts": [{"name": "Pusat Pembinaan Analis Kebijakan", "title": "Unit pembina"}],
        "numbers": ("LAN", "LAN/KS"),
        "scopes": ["training"],
    },
}
INTERNSHIP_PLACES = {UNAND: 12, UIN: 8}  # per year, at the universities
EXPIRING_IN_DAYS = 40  # LAN's MoU: it shows in the expiry watch


def _table(model: Any) -> Table:
    return cast(Table, model.__table__)


def responsible_unit(conn: Connection) -> uuid.UUID:
    """The personnel agency's unit (BKPSDM), else the first OPD."""
    row = (
        conn.execute(select(col(Unit.id)).where(col(Unit.code) == "BKPSDM")).first()
        or conn.execute(select(col(Unit.id)).where(col(Unit.is_opd)).limit(1)).first()
    )
    assert row is not None  # noqa: S101 - the demo's units are written first
    return uuid.UUID(str(row[0]))


def describe_partners(conn: Connection, partners: list[tuple[uuid.UUID, str]]) -> None:
    """Give each demo partner its accreditation, address, website and contacts."""
    table = _table(Partner)
    for index, (partner_id, _name) in enumerate(partners):
        details = DETAILS[index]
        conn.execute(
            update(table)
            .where(table.c.id == partner_id)
            .values(
                accreditation=details["accreditation"],
                address=details["address"],
                website=details["website"],
                contacts=details["contacts"],
            )
        )


def frameworks(
    conn: Connection,
    ids: DemoIds,
    partners: list[tuple[uuid.UUID, str]],
    first_year: int,
    last_year: int,
    today: date,
) -> dict[int, dict[str, Any]]:
    """An MoU with each partner, in force from ``first_year`` to two years past ``last_year``
    (LAN's ends within the expiry watch's horizon); by partner index."""
    unit_id = responsible_unit(conn)
    mous: dict[int, dict[str, Any]] = {}
    for index, (partner_id, name) in enumerate(partners):
        city, theirs = DETAILS[index]["numbers"]
        ends = date(last_year + 2, 12, 31)
        if index == LAN:
            ends = date.fromordinal(today.toordinal() + EXPIRING_IN_DAYS)
        mou_id = uuid.UUID(examples.AGREEMENT_UNAND_MOU) if index == UNAND else ids()
        mous[index] = _agreement(
            mou_id,
            partner_id,
            "mou",
            None,
            f"Kesepakatan Bersama Pemerintah Kota Solok dan {name} tentang Pengembangan "
            "Kompetensi Aparatur Sipil Negara",
            f"000.5.1/{index + 1}/KB/{city}/{first_year}",
            f"{index + 11}/{theirs}/{first_year}",
            date(first_year, 1, 2),
            ends,
            DETAILS[index]["scopes"],
            unit_id,
        )
    _write(conn, list(mous.values()))
    return mous


def _agreement(
    agreement_id: uuid.UUID,
    partner_id: uuid.UUID,
    kind: str,
    parent_id: uuid.UUID | None,
    title: str,
    city_number: str,
    partner_number: str,
    starts: date,
    ends: date,
    scopes: list[str],
    unit_id: uuid.UUID,
) -> dict[str, Any]:
    return {
        "id": agreement_id,
        "partner_id": partner_id,
        "kind": kind,
        "parent_id": parent_id,
        "title": title,
        "city_number": city_number,
        "partner_number": partner_number,
        "signed_on": starts,
        "starts_on": starts,
        "ends_on": ends,
        "scopes": scopes,
        "city_signatory": "Wali Kota Solok" if kind == "mou" else "Kepala BKPSDM Kota Solok",
        "partner_signatory": None,
        "unit_id": unit_id,
        "document_id": None,
        "status": AgreementStatus.ACTIVE.value,
        "termination_reason": None,
        "version": 1,
        "created_at": SIGNED,
        "updated_at": SIGNED,
    }


def _write(conn: Connection, agreements: list[dict[str, Any]]) -> None:
    conn.execute(insert(_table(Agreement)), agreements)
    conn.execute(
        insert(_table(StatusChange)),
        [
            {
                "id": uuid.uuid5(row["id"], "signed"),
                "entity_type": "agreement",
                "entity_id": row["id"],
                "from_status": AgreementStatus.DRAFT.value,
                "to_status": AgreementStatus.ACTIVE.value,
                "reason": None,
                "actor_type": "system",
                "actor_id": None,
                "actor_label": "BKPSDM",
                "occurred_at": SIGNED,
                "details": None,
            }
            for row in agreements
        ],
    )


def generate_partnerships(
    conn: Connection, ids: DemoIds, partners: list[tuple[uuid.UUID, str]], today: date
) -> dict[str, int]:
    """Partners' details, their MoUs, a PKS per partner and year of sessions (with its
    training seats) and the universities' internship places; the partner sessions put under
    their year's PKS. Counts per table."""
    describe_partners(conn, partners)
    sessions = _table(TrainingSession)
    years = conn.execute(
        select(
            sessions.c.partner_id,
            sessions.c.year,
            func.coalesce(
                func.sum(sessions.c.capacity).filter(
                    sessions.c.status != SessionStatus.CANCELLED.value
                ),
                0,
            ),
        )
        .where(sessions.c.partner_id.is_not(None))
        .group_by(sessions.c.partner_id, sessions.c.year)
    ).all()
    first = min([int(row[1]) for row in years], default=today.year)
    last = max([int(row[1]) for row in years], default=today.year)
    mous = frameworks(conn, ids, partners, first, max(last, today.year), today)
    index_of = {partner_id: index for index, (partner_id, _) in enumerate(partners)}
    unit_id = responsible_unit(conn)
    pks_rows, quota_rows = [], []
    runs: list[tuple[Any, Any, uuid.UUID]] = []
    for partner_id, year, seats in sorted(years, key=lambda row: (str(row[0]), row[1])):
        index = index_of.get(uuid.UUID(str(partner_id)))
        if index is None:
            continue  # a partner of an earlier load
        mou = mous[index]
        city, theirs = DETAILS[index]["numbers"]
        pks_id = ids()
        pks_rows.append(
            _agreement(
                pks_id,
                mou["partner_id"],
                "pks",
                mou["id"],
                f"Perjanjian Kerja Sama Penyelenggaraan Pelatihan Tahun {year}",
                f"000.5.1/{index + 1}/PKS/{city}/{year}",
                f"{index + 21}/{theirs}/PKS/{year}",
                max(date(year, 1, 2), mou["starts_on"]),
                min(date(year, 12, 31), mou["ends_on"]),
                ["training"],
                unit_id,
            )
        )
        granted = math.ceil(int(seats) * QUOTA_HEADROOM / 10) * 10
        quota_rows.append(_quota(ids(), pks_id, int(year), "training_seats", granted, int(seats)))
        runs.append((partner_id, year, pks_id))
    if pks_rows:
        _write(conn, pks_rows)
    for index, places in INTERNSHIP_PLACES.items():
        mou = mous[index]
        for year in range(mou["starts_on"].year, mou["ends_on"].year + 1):
            quota_rows.append(_quota(ids(), mou["id"], year, "internship_places", places, 0))
    if quota_rows:
        conn.execute(insert(_table(AgreementQuota)), quota_rows)
    for partner_id, year, pks_id in runs:
        conn.execute(
            update(sessions)
            .where(sessions.c.partner_id == partner_id, sessions.c.year == year)
            .values(agreement_id=pks_id)
        )
    interns = _internships(conn, ids, mous, today)
    return {
        "agreements": len(mous) + len(pks_rows),
        "agreement_quotas": len(quota_rows),
        "internships": interns,
    }


def _quota(
    quota_id: uuid.UUID, agreement_id: uuid.UUID, year: int, kind: str, granted: int, used: int
) -> dict[str, Any]:
    return {
        "id": quota_id,
        "agreement_id": agreement_id,
        "year": year,
        "kind": kind,
        "granted": granted,
        "used": used,
        "created_at": SIGNED,
        "updated_at": SIGNED,
    }


__all__ = ["PARTNERS", "generate_partnerships"]


MAGANG_PROGRAM = {
    "id": uuid.UUID(examples.PROGRAM_MAGANG),
    "code": "MAGANG-ASN",
    "title": "Magang ASN Muda di Perguruan Tinggi Mitra",
    "description": "Magang bagi ASN muda (paling tinggi 35 tahun) di perguruan tinggi mitra: "
    "tujuan, mentor dari mitra, logbook, laporan akhir dan evaluasi.",
    "development_type_id": 10,
    "leadership_subtype_id": None,
    "standard_jp": 80,
    "eligible_statuses": ["pns", "pppk"],
    "eligible_position_types": None,
    "min_golongan_code": None,
    "max_golongan_code": None,
    "max_age": 35,
    "periodicity": "yearly",
    "default_partner_id": None,
    "requires_supervisor_approval": True,
    "requires_agency_verification": True,
    "min_attendance_pct": 0,
    "min_score": None,
    "excused_attendance": "exempt",
    "status": "active",
    "version": 1,
    "created_at": SIGNED,
    "updated_at": SIGNED,
}
# Interns by status: days from today to their start, their length in days, at which partner.
INTERNS = (
    ("completed", -150, 28, UNAND),
    ("completed", -120, 21, UIN),
    ("active", -10, 28, UNAND),
    ("active", -5, 21, UIN),
    ("planned", 30, 28, UNAND),
    ("cancelled", 40, 21, UIN),
)


def _internships(
    conn: Connection, ids: DemoIds, mous: dict[int, dict[str, Any]], today: date
) -> int:
    """The internship program and a few young employees placed at the universities: two
    completed (their JP credited), two under way, one planned, one called off."""
    program = {**MAGANG_PROGRAM, "search_key": search_key(str(MAGANG_PROGRAM["title"]))}
    conn.execute(insert(_table(Program)), [program])
    employees = _table(Employee)
    young = conn.execute(
        select(employees.c.id, employees.c.supervisor_id)
        .where(
            employees.c.is_active,
            employees.c.status.in_(("pns", "pppk")),
            employees.c.birth_date > date(today.year - 34, 12, 31),
        )
        .order_by(employees.c.id)
        .limit(len(INTERNS))
    ).all()
    rows, history, credits, used = [], [], [], Counter[tuple[uuid.UUID, int]]()
    for (employee_id, supervisor_id), (status, offset, days, index) in zip(
        young, INTERNS, strict=False
    ):
        starts = date.fromordinal(today.toordinal() + offset)
        ends = date.fromordinal(starts.toordinal() + days - 1)
        mou = mous[index]
        internship_id = ids()
        rows.append(
            {
                "id": internship_id,
                "employee_id": employee_id,
                "program_id": program["id"],
                "partner_id": mou["partner_id"],
                "agreement_id": mou["id"],
                "title": "Magang Pengelolaan Data dan Sistem Informasi",
                "placement": "Pusat Teknologi Informasi",
                "goals": "Mampu mengelola data dan sistem informasi kepegawaian.",
                "starts_on": starts,
                "ends_on": ends,
                "year": starts.year,
                "jp": program["standard_jp"],
                "mentor_user_id": None,
                "mentor_name": DETAILS[index]["contacts"][0]["name"],
                "supervisor_id": supervisor_id,
                "report_document_id": None,
                "evaluation_score": 85 if status == "completed" else None,
                "evaluation_notes": None,
                "evaluated_at": SIGNED if status == "completed" else None,
                "status": status,
                "cancel_reason": "Pegawai mutasi." if status == "cancelled" else None,
                "version": 1,
                "created_at": SIGNED,
                "updated_at": SIGNED,
            }
        )
        if status != "cancelled":
            used[mou["id"], starts.year] += 1
        moves = {"planned": [], "active": ["active"], "completed": ["active", "completed"]}
        before = "planned"
        for after in moves.get(status, ["cancelled"]):
            history.append(_history("internship", internship_id, before, after, ids()))
            before = after
        if status == "completed":
            credits.append(
                {
                    "id": ids(),
                    "employee_id": employee_id,
                    "development_type_id": 10,
                    "path": "nonklasikal",
                    "leadership_subtype_id": None,
                    "title": "Magang Pengelolaan Data dan Sistem Informasi",
                    "organiser": str(partner_name(conn, mou["partner_id"])),
                    "start_date": starts,
                    "end_date": ends,
                    "jp": program["standard_jp"],
                    "source": "internship",
                    "source_id": str(internship_id),
                    **credited("Magang Pengelolaan Data dan Sistem Informasi", SIGNED),
                }
            )
    if not rows:
        return 0
    conn.execute(insert(_table(Internship)), rows)
    conn.execute(insert(_table(StatusChange)), history)
    if credits:
        conn.execute(insert(_table(LearningRecord)), credits)
    quotas = _table(AgreementQuota)
    for (agreement_id, year), taken in used.items():
        conn.execute(
            update(quotas)
            .where(
                quotas.c.agreement_id == agreement_id,
                quotas.c.year == year,
                quotas.c.kind == "internship_places",
            )
            .values(used=taken)
        )
    return len(rows)


def partner_name(conn: Connection, partner_id: uuid.UUID) -> str:
    """The partner's name."""
    return str(
        conn.execute(select(col(Partner.name)).where(col(Partner.id) == partner_id)).scalar_one()
    )


def _history(
    entity: str, entity_id: uuid.UUID, before: str, after: str, change_id: uuid.UUID
) -> dict[str, Any]:
    return {
        "id": change_id,
        "entity_type": entity,
        "entity_id": entity_id,
        "from_status": before,
        "to_status": after,
        "reason": "Pegawai mutasi." if after == "cancelled" else None,
        "actor_type": "system",
        "actor_id": None,
        "actor_label": "BKPSDM",
        "occurred_at": SIGNED,
        "details": None,
    }
