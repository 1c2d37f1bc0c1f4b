"""Seeded, deterministic demo data: Kota Solok's units, positions and employees.

Everything comes from one ``random.Random(seed)``: the same seed and size give the same rows,
ids included. Rows go in by bulk writes (``app.demo.bulk``: COPY on PostgreSQL), so a million
employees stay feasible.
"""

import math
import random
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import accumulate, islice
from typing import Any, NamedTuple, cast

from sqlalchemy import Connection, Table, select

from app.demo import names as cat
from app.demo.bulk import deferred_checks, write_rows
from app.demo.ids import DemoIds
from app.demo.names import Job, Mix, OpdSpec
from app.demo.people import People, Post
from app.models import Employee, Position, Unit

Row = dict[str, Any]

CREATED_AT = datetime(2025, 12, 1, 1, 0, tzinfo=UTC)
CHUNK = 5000
EDUCATION_SHARE, HEALTH_SHARE, LEADERSHIP_SHARE = 0.45, 0.25, 0.05
LEAF_SIZE = 35
KELURAHAN_LEAF_CAP = 12
HOSPITAL_SIZE = 450
MANAGER_SHARES = {"jpt_pratama": 0.3, "administrator": 0.3, "pengawas": 0.4}
CODE_PREFIXES = {
    "bidang": "B",
    "bagian": "BAG",
    "sub_bagian": "SB",
    "seksi": "S",
    "upt": "UPT",
    "kelurahan": "KEL",
    "puskesmas": "PKM",
    "rumah_sakit": "RS",
    "other": "INS",
}


class Head(NamedTuple):
    """A managerial position heading a unit."""

    name: str
    type_code: str
    kelas: int
    titles: tuple[str, ...]


@dataclass
class Node:
    """A unit row with what it needs for staffing: heads, staff mix, target headcount."""

    row: Row
    heads: tuple[Head, ...] = ()
    mix: Mix | None = None
    weight: float = 0.0

    @property
    def id(self) -> uuid.UUID:
        return cast(uuid.UUID, self.row["id"])


def generate(conn: Connection, *, employees: int = 300, seed: int = 1372) -> dict[str, int]:
    """Insert demo units, positions and employees; the caller owns (and commits) the transaction."""
    rng = random.Random(seed)
    ids = DemoIds(rng, CREATED_AT)
    nodes = build_tree(ids, employees)
    positions = PositionBook(ids)
    written = 0
    with deferred_checks(conn, [_table(Unit), _table(Position), _table(Employee)]):
        write_rows(conn, _table(Unit), [node.row for node in nodes])
        for node in nodes:
            for head in node.heads:
                positions.get(node.id, head.name, head.type_code, None, head.kelas)
        for batch in _batches(_employees(rng, ids, nodes, positions, employees)):
            write_rows(conn, _table(Position), positions.take())
            write_rows(conn, _table(Employee), batch)
            written += len(batch)
        write_rows(conn, _table(Position), positions.take())
    return {"units": len(nodes), "positions": positions.count, "employees": written}


def units_empty(conn: Connection) -> bool:
    """Whether the unit table has no rows yet."""
    return conn.execute(select(_table(Unit).c.id).limit(1)).first() is None


def _table(model: type[Any]) -> Table:
    return cast(Table, model.__table__)


def _batches(rows: Iterable[Row]) -> Iterator[list[Row]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, CHUNK)):
        yield batch


class Tree:
    """Collects unit rows parent first, with materialised paths and per-parent codes."""

    def __init__(self, ids: DemoIds) -> None:
        self.ids = ids
        self.nodes: list[Node] = []
        self._sequence: Counter[tuple[str, str]] = Counter()

    def add(
        self,
        parent: Node | None,
        name: str,
        kind: str,
        *,
        code: str = "",
        prefix: str = "",
        heads: tuple[Head, ...] = (),
        mix: Mix | None = None,
    ) -> Node:
        unit_id = self.ids()
        if parent is not None and not code:
            prefix = prefix or CODE_PREFIXES[kind]
            self._sequence[parent.row["code"], prefix] += 1
            code = f"{parent.row['code']}.{prefix}{self._sequence[parent.row['code'], prefix]:02d}"
        row: Row = {
            "id": unit_id,
            "parent_id": parent.id if parent else None,
            "code": code,
            "name": name,
            "kind": kind,
            "is_opd": parent is None,
            "national_unit_id": None,
            "path": f"{parent.row['path'] if parent else '/'}{unit_id.hex}/",
            "depth": parent.row["depth"] + 1 if parent else 0,
            "version": 1,
            "created_at": CREATED_AT,
            "updated_at": CREATED_AT,
        }
        node = Node(row, heads, mix)
        self.nodes.append(node)
        return node


def build_tree(ids: DemoIds, employees: int) -> list[Node]:
    """About 25 OPDs; schools, puskesmas, hospitals and UPTs grow with the headcount."""
    tree = Tree(ids)
    admin = employees * (1 - EDUCATION_SHARE - HEALTH_SHARE)
    total_size = sum(spec.size for spec in cat.OPDS)
    for spec in cat.OPDS:
        opd, leaves = _add_opd(tree, spec)
        _spread(tree, opd, spec, leaves, admin * spec.size / total_size)
        if spec.code == "DIKBUD":
            _add_schools(tree, opd, employees * EDUCATION_SHARE)
        elif spec.code == "DINKES":
            _add_health(tree, opd, employees * HEALTH_SHARE)
    return tree.nodes


def _staff(spec: OpdSpec) -> Mix:
    return Mix((*spec.jobs, *cat.PELAKSANA), cat.OFFICE.status)


def _add_opd(tree: Tree, spec: OpdSpec) -> tuple[Node, list[Node]]:
    kecamatan = spec.kind == "kecamatan"
    head = Head(
        spec.head or f"Kepala {spec.name}",
        "administrator" if kecamatan else "jpt_pratama",
        12 if kecamatan else 14,
        spec.titles,
    )
    opd = tree.add(None, spec.name, spec.kind, code=spec.code, heads=(head,))
    leaves = [_add_child(tree, opd, child, _staff(spec), spec.titles) for child in spec.children]
    if spec.sekretariat:
        secretary = Head(
            f"Sekretaris {spec.name}", "administrator", 11 if kecamatan else 12, spec.titles
        )
        office = tree.add(
            opd,
            f"Sekretariat {spec.name}",
            "sekretariat",
            code=f"{spec.code}.SEKR",
            heads=(secretary,),
        )
        leaves += [_add_child(tree, office, sub, cat.OFFICE, spec.titles) for sub in cat.SUBBAGIAN]
    if kecamatan:
        leaves += [
            _add_kelurahan(tree, opd, name)
            for name in cat.KELURAHAN[spec.name.removeprefix("Kecamatan ")]
        ]
    return opd, leaves


def _add_child(tree: Tree, parent: Node, name: str, mix: Mix, titles: tuple[str, ...]) -> Node:
    kind, head_prefix, type_code, kelas = cat.CHILD_KINDS[name.split(maxsplit=1)[0]]
    heads = (Head(f"{head_prefix}{name}", type_code, kelas, titles),) if type_code else ()
    return tree.add(parent, name, kind, heads=heads, mix=mix)


def _add_kelurahan(tree: Tree, kecamatan: Node, name: str) -> Node:
    heads = (
        Head(f"Lurah {name}", "pengawas", 9, ("stp", "s1")),
        Head(f"Sekretaris Kelurahan {name}", "pengawas", 8, ("s1", "stp")),
    )
    return tree.add(
        kecamatan, f"Kelurahan {name}", "kelurahan", heads=heads, mix=cat.KELURAHAN_STAFF
    )


def _spread(tree: Tree, opd: Node, spec: OpdSpec, leaves: list[Node], budget: float) -> None:
    """Share an OPD's headcount over its leaves, adding UPTs when they would get too big."""
    if spec.kind == "kecamatan":
        weight = min(budget / len(leaves), KELURAHAN_LEAF_CAP)
    else:
        for number in range(1, math.ceil(budget / LEAF_SIZE) - len(leaves) + 1):
            name = f"UPT {spec.name} Wilayah {number}"
            leaves.append(_add_child(tree, opd, name, _staff(spec), spec.titles))
        weight = budget / len(leaves)
    for leaf in leaves:
        leaf.weight = weight


def _place(index: int, places: tuple[str, ...]) -> str:
    name = places[index % len(places)]
    return name if index < len(places) else f"{name} {index // len(places) + 1}"


def _add_schools(tree: Tree, dinas: Node, budget: float) -> None:
    for prefix, share, size in (("SD", 0.62, 20), ("SMP", 0.38, 32)):
        count = max(1, round(budget * share / size))
        for number in range(1, count + 1):
            name = (
                f"SD Negeri {number:02d} {cat.PLACES[(number - 1) % len(cat.PLACES)]}"
                if prefix == "SD"
                else f"SMP Negeri {number} Kota Solok"
            )
            school = tree.add(dinas, name, "sekolah", prefix=prefix, mix=cat.SCHOOL)
            school.weight = budget * share / count


def _add_health(tree: Tree, dinas: Node, budget: float) -> None:
    count = max(1, round(budget * 0.42 / 38))
    for index in range(count):
        place = _place(index, cat.PUSKESMAS_PLACES)
        head = Head(f"Kepala Puskesmas {place}", "pengawas", 9, ("kesmas_s2", "dokter"))
        puskesmas = tree.add(
            dinas, f"Puskesmas {place}", "puskesmas", heads=(head,), mix=cat.PUSKESMAS
        )
        puskesmas.weight = budget * 0.42 / count
    hospitals = max(1, math.ceil(budget * 0.58 / HOSPITAL_SIZE))
    for index in range(hospitals):
        name = "RSUD Kota Solok" if index == 0 else f"RSUD Pratama {_place(index - 1, cat.PLACES)}"
        _add_hospital(tree, dinas, name, budget * 0.58 / hospitals)


def _add_hospital(tree: Tree, dinas: Node, name: str, budget: float) -> None:
    director = Head(f"Direktur {name}", "administrator", 12, ("dokter_s2",))
    hospital = tree.add(dinas, name, "rumah_sakit", heads=(director,))
    managers = ("dokter_s2", "kesmas_s2", "kep_s1")
    leaves = [
        _add_child(
            tree,
            hospital,
            child,
            cat.OFFICE if child.startswith("Bagian") else cat.HOSPITAL,
            managers,
        )
        for child in cat.HOSPITAL_CHILDREN
    ]
    wards = min(len(cat.INSTALASI), max(1, round(budget / LEAF_SIZE) - len(leaves)))
    leaves += [_add_child(tree, hospital, ward, cat.HOSPITAL, ()) for ward in cat.INSTALASI[:wards]]
    for leaf in leaves:
        leaf.weight = budget / len(leaves)


class PositionBook:
    """Positions created on first use (heads up front), queued until inserted."""

    def __init__(self, ids: DemoIds) -> None:
        self.ids = ids
        self.count = 0
        self._ids: dict[tuple[uuid.UUID, str], uuid.UUID] = {}
        self._pending: list[Row] = []

    def get(
        self, unit_id: uuid.UUID, name: str, type_code: str, level: str | None, kelas: int
    ) -> uuid.UUID:
        found = self._ids.get((unit_id, name))
        if found is None:
            found = self._ids[unit_id, name] = self.ids()
            self.count += 1
            self._pending.append(
                {
                    "id": found,
                    "name": name,
                    "position_type_code": type_code,
                    "functional_level": level,
                    "unit_id": unit_id,
                    "kelas_jabatan": kelas,
                    "national_position_id": None,
                    "version": 1,
                    "created_at": CREATED_AT,
                    "updated_at": CREATED_AT,
                }
            )
        return found

    def take(self) -> list[Row]:
        rows, self._pending = self._pending, []
        return rows


def _employees(
    rng: random.Random, ids: DemoIds, nodes: list[Node], positions: PositionBook, total: int
) -> Iterator[Row]:
    people = People(rng, ids, CREATED_AT)
    leaders = _pick_leaders(rng, nodes, min(round(total * LEADERSHIP_SHARE), total))
    counts = allocate(total - len(leaders), [node.weight if node.mix else 0.0 for node in nodes])
    # Everyone reports to the nearest head in post above them: their unit's, else an ancestor's.
    chiefs: dict[uuid.UUID, uuid.UUID | None] = {}
    for index, (node, count) in enumerate(zip(nodes, counts, strict=True)):
        above = chiefs.get(node.row["parent_id"]) if node.row["parent_id"] else None
        chief = None
        for number, head in enumerate(node.heads):
            if (index, number) in leaders:
                position_id = positions.get(node.id, head.name, head.type_code, None, head.kelas)
                post = Post(node.id, position_id, head.type_code, head.titles, (1, 0, 0, 0), 30)
                row = people.make(post) | {"supervisor_id": chief or above}
                chief = chief or row["id"]
                yield row
        chiefs[node.id] = chief or above
        if count and node.mix is not None:
            cumulative = list(accumulate(job.weight for job in node.mix.jobs))
            for job in rng.choices(node.mix.jobs, cum_weights=cumulative, k=count):
                post = _job_post(node, node.mix, job, positions)
                yield people.make(post) | {"supervisor_id": chiefs[node.id]}


def _pick_leaders(rng: random.Random, nodes: list[Node], budget: int) -> set[tuple[int, int]]:
    """Give each managerial tier its share of the budget; what a tier lacks goes to the next."""
    tiers: dict[str, list[tuple[int, int]]] = {code: [] for code in MANAGER_SHARES}
    for index, node in enumerate(nodes):
        for number, head in enumerate(node.heads):
            tiers[head.type_code].append((index, number))
    chosen: list[tuple[int, int]] = []
    for code, share_so_far in zip(MANAGER_SHARES, accumulate(MANAGER_SHARES.values()), strict=True):
        wanted = round(budget * share_so_far) - len(chosen)
        chosen += rng.sample(tiers[code], min(wanted, len(tiers[code])))
    return set(chosen)


def allocate(total: int, weights: list[float]) -> list[int]:
    """Split ``total`` in proportion to ``weights`` (largest remainder): the sum is exact."""
    weight_sum = sum(weights)
    if total <= 0 or weight_sum <= 0:
        return [0] * len(weights)
    quotas = [weight * total / weight_sum for weight in weights]
    counts = [int(quota) for quota in quotas]
    by_remainder = sorted(range(len(quotas)), key=lambda i: counts[i] - quotas[i])
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _job_post(node: Node, mix: Mix, job: Job, positions: PositionBook) -> Post:
    if job.level:
        level, label, kelas = cat.LEVELS[job.level]
        position_id = positions.get(node.id, f"{job.stem} {label}", "fungsional", level, kelas)
        return Post(node.id, position_id, level, (job.titles,), mix.status, job.female)
    position_id = positions.get(node.id, job.stem, "pelaksana", None, job.kelas)
    return Post(node.id, position_id, "pelaksana", (job.titles,), cat.PELAKSANA_STATUS, job.female)
