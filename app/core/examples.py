"""Records the request examples name: rows of the demo data (``python -m app.demo`` with its
default seed and size, whose ids are reproducible) and of the seeded dictionary, so that an
example sent to a demo deployment refers to records that exist there.

``tests/platform/test_examples.py`` checks that each still exists and that the examples are
accepted.
"""

from typing import Any

# Units (unit kerja)
DIKBUD = "019ad76c-7280-7045-b3fa-1dc4dd6f9197"  # Dinas Pendidikan dan Kebudayaan (an OPD)
DINKES = "019ad76c-7280-7053-b754-3fddafbe96dc"  # Dinas Kesehatan (an OPD)
SDN_01_VI_SUKU = "019ad76c-7280-704d-9b70-0e1da3d9818a"  # SD Negeri 01 VI Suku, in DIKBUD

# Positions (jabatan)
GURU_AHLI_MUDA_SDN_01 = "019ad76c-7280-723a-9b2c-cb8c475807c5"  # Guru Ahli Muda, SD Negeri 01

# Employees (pegawai)
KEPALA_DIKBUD = "019ad76c-7280-7224-8133-5908b2302eac"  # Jasman, Kepala Dinas (DIKBUD)
GURU_NURMALA = "019ad76c-7280-723b-9baa-1c40132612be"  # Nurmala, Guru Ahli Muda at SD Negeri 01

# An enrollment: demo enrollments are dated from the day the demo is loaded, so no id of theirs is
# stable; the attendance example's reader puts the id of one of the meeting's participants here
AN_ENROLLMENT = "0b9d0f3e-2f1c-4a57-9a43-6c1f5d9e7a10"

# Managerial competencies, seeded with the dictionary
INTEGRITAS = "ae005912-9498-5b37-928d-b44263539d0a"  # M.1
KERJA_SAMA = "d44dc202-ae95-50b6-a100-a8bebd70c62b"  # M.2
KOMUNIKASI = "275a5775-b710-5767-af1c-a5d86d0d912d"  # M.3
ORIENTASI_PADA_HASIL = "bd5830b5-238f-5a35-a0cf-966940b57ce5"  # M.4
PELAYANAN_PUBLIK = "2a6a91eb-32b6-5ee6-8913-e04d82515522"  # M.5

# A competency the agency adds (technical family), as created and as imported
NEW_COMPETENCY: dict[str, Any] = {
    "code": "T.KEU.01",
    "name": "Pengelolaan Keuangan Daerah",
    "definition": "Kemampuan merencanakan, melaksanakan, menatausahakan, melaporkan dan "
    "mempertanggungjawabkan keuangan daerah sesuai peraturan perundang-undangan.",
    "family_code": "teknis",
    "levels": [
        {
            "level": 1,
            "description": "Memahami dasar-dasar pengelolaan keuangan daerah.",
            "indicators": ["Menjelaskan siklus APBD", "Mengenali jenis belanja daerah"],
        },
        {
            "level": 2,
            "description": "Menyusun dokumen anggaran unit kerja dengan bimbingan.",
            "indicators": ["Menyusun RKA unit kerja", "Mencatat realisasi anggaran"],
        },
        {
            "level": 3,
            "description": "Mengelola anggaran unit kerja secara mandiri.",
            "indicators": ["Mengendalikan realisasi belanja", "Menyusun laporan keuangan unit"],
        },
        {
            "level": 4,
            "description": "Mengevaluasi pengelolaan keuangan perangkat daerah.",
            "indicators": ["Menganalisis kinerja anggaran", "Merekomendasikan perbaikan"],
        },
        {
            "level": 5,
            "description": "Merumuskan kebijakan pengelolaan keuangan daerah.",
            "indicators": ["Merumuskan kebijakan anggaran", "Membina pengelola keuangan"],
        },
    ],
}

# CASE identifiers: the dictionary's document and the technical family, as the export names
# them, and the new competency's own
CASE_DOCUMENT_ID = "4b70040b-121d-510a-865f-a928e109c8f7"
TEKNIS_CASE_ID = "f90f6b22-eb3a-50ed-a930-248d8813cfc1"
NEW_COMPETENCY_CASE_ID = "019b1f3a-6c2e-7d41-9a85-3e0c4b7f2d16"


def case_package() -> dict[str, Any]:
    """The same competency as a CASE package: its family, the child-of association, the levels
    as a rubric (indicators one per line)."""
    family, competency, new = TEKNIS_CASE_ID, NEW_COMPETENCY_CASE_ID, NEW_COMPETENCY
    return {
        "CFDocument": {"identifier": CASE_DOCUMENT_ID, "title": "Kamus Kompetensi Kota Solok"},
        "CFItems": [
            {
                "identifier": family,
                "fullStatement": "Kompetensi Teknis",
                "humanCodingScheme": "teknis",
                "CFItemType": "Competency Family",
            },
            {
                "identifier": competency,
                "fullStatement": new["definition"],
                "abbreviatedStatement": new["name"],
                "humanCodingScheme": new["code"],
                "CFItemType": "Competency",
            },
        ],
        "CFAssociations": [
            {
                "associationType": "isChildOf",
                "originNodeURI": {"identifier": competency},
                "destinationNodeURI": {"identifier": family},
            }
        ],
        "CFRubrics": [
            {
                "CFRubricCriteria": [
                    {
                        "CFItemURI": {"identifier": competency},
                        "CFRubricCriterionLevels": [
                            {
                                "score": level["level"],
                                "description": level["description"],
                                "feedback": "\n".join(level["indicators"]),
                            }
                            for level in new["levels"]
                        ],
                    }
                ]
            }
        ],
    }


# Programs (the catalogue)
PROGRAM_PELAYANAN_PUBLIK = "019ad76c-7281-7a10-8c41-5e2b7d90a001"  # Pelatihan Pelayanan Publik

# Partners and agreements (kerja sama): the demo's Universitas Andalas and its framework
# agreement (MoU), in force; the unit responsible for agreements
PARTNER_UNAND = "019c167f-cc00-7001-b364-c3afb97d8bd7"
AGREEMENT_UNAND_MOU = "019c167f-cc00-7a01-8c41-5e2b7d90a101"
BKPSDM = "019ad76c-7280-701e-8a92-dead36766bec"  # Badan Kepegawaian dan Pengembangan SDM (an OPD)

# The internship program (magang, development type 10) of the demo catalogue
PROGRAM_MAGANG = "019c167f-cc00-7a02-8c41-5e2b7d90a102"

# The default level-1 questionnaire (migration 0015): its questions' UUIDv5 ids
DEFAULT_INSTRUMENT = "d278fd96-07a3-5cf6-8f6d-39b2db87e357"
QUESTION_MATERI = "312ebf0e-5015-5602-8483-21b38d4e0608"
QUESTION_FASILITATOR = "cb690bab-275f-543e-b338-165d88637b66"
QUESTION_PENYELENGGARAAN = "fc1659ca-0574-500a-acfe-7dde2d65c0ed"
QUESTION_MANFAAT = "587844a3-c2c3-5cb9-87de-214593d3cec7"
QUESTION_SARAN = "6b8a1443-d66c-5c67-9b95-e854a5b53bb2"
