"""Who may do what: permissions, the roles that grant them, and over which people.

Routes declare the permission they need (as an OAuth2 scope in the OpenAPI spec); the scope of
people a grant covers is applied by the services as SQL conditions (see ``app/auth/scope.py``).
"""

from enum import StrEnum

from app.models.enums import Role


class Permission(StrEnum):
    """A permission: a scope of a user's access token, or one an API key is given."""

    ORG_READ = "org:read"
    ORG_WRITE = "org:write"
    EMPLOYEES_READ = "employees:read"
    EMPLOYEES_WRITE = "employees:write"
    USERS_MANAGE = "users:manage"
    AUDIT_READ = "audit:read"
    COMPETENCIES_READ = "competencies:read"
    COMPETENCIES_WRITE = "competencies:write"
    ASSESSMENTS_READ = "assessments:read"
    ASSESSMENTS_WRITE = "assessments:write"
    PARTNERS_READ = "partners:read"
    PARTNERS_WRITE = "partners:write"
    PROGRAMS_READ = "programs:read"
    PROGRAMS_WRITE = "programs:write"
    ENROLLMENTS_READ = "enrollments:read"
    ENROLLMENTS_WRITE = "enrollments:write"
    ATTENDANCE_WRITE = "attendance:write"
    LEARNING_READ = "learning:read"
    LEARNING_PROPOSE = "learning:propose"
    LEARNING_VERIFY = "learning:verify"
    LEARNING_WRITE = "learning:write"
    LEARNING_RULES = "learning:rules"
    INTERNSHIPS_READ = "internships:read"
    INTERNSHIPS_WRITE = "internships:write"
    INTERNSHIP_LOGBOOK = "internships:logbook"
    CERTIFICATES_MANAGE = "certificates:manage"
    DOCUMENTS_READ = "documents:read"
    DOCUMENTS_WRITE = "documents:write"
    EVALUATIONS_READ = "evaluations:read"
    EVALUATIONS_ANSWER = "evaluations:answer"


PERMISSION_DESCRIPTIONS = {
    Permission.ORG_READ: "Read units, positions and reference data.",
    Permission.ORG_WRITE: "Change units and positions.",
    Permission.EMPLOYEES_READ: "Read employees within the caller's scope.",
    Permission.EMPLOYEES_WRITE: "Change employees within the caller's scope.",
    Permission.USERS_MANAGE: "Manage users, roles and API keys.",
    Permission.AUDIT_READ: "Read the audit log.",
    Permission.COMPETENCIES_READ: "Read the competency dictionary and position standards.",
    Permission.COMPETENCIES_WRITE: "Change the competency dictionary and position standards.",
    Permission.ASSESSMENTS_READ: "Read assessments, gaps and talent mapping within scope.",
    Permission.ASSESSMENTS_WRITE: "Record assessments and talent placements within scope.",
    Permission.PARTNERS_READ: "Read partner institutions within the caller's scope.",
    Permission.PARTNERS_WRITE: "Register and change partner institutions.",
    Permission.PROGRAMS_READ: "Read programs, sessions and meetings within the caller's scope.",
    Permission.PROGRAMS_WRITE: "Manage programs, sessions, meetings and facilitators.",
    Permission.ENROLLMENTS_READ: "Read enrollments within the caller's scope.",
    Permission.ENROLLMENTS_WRITE: "Enroll, nominate, approve, verify and withdraw within scope.",
    Permission.ATTENDANCE_WRITE: "Record attendance and scores within the caller's scope.",
    Permission.LEARNING_READ: "Read learning records and the 20 JP reports within the "
    "caller's scope.",
    Permission.LEARNING_PROPOSE: "Propose one's own external training for verification "
    "(an operator: for the people of their OPD).",
    Permission.LEARNING_VERIFY: "Verify or reject proposed learning records within the "
    "caller's scope, never one's own.",
    Permission.LEARNING_WRITE: "Record learning from an import or the national system (SIASN) "
    "within the caller's scope.",
    Permission.LEARNING_RULES: "Change the JP conversion rules of non-classroom development.",
    Permission.INTERNSHIPS_READ: "Read internships and their logbooks within the caller's scope.",
    Permission.INTERNSHIPS_WRITE: "Place employees in internships and complete or cancel them.",
    Permission.INTERNSHIP_LOGBOOK: "Keep an internship's logbook (the intern) or acknowledge and "
    "evaluate it (the partner's mentor).",
    Permission.CERTIFICATES_MANAGE: "Revoke certificates and reissue them after a correction.",
    Permission.DOCUMENTS_READ: "Read stored documents (signed PDFs): every one (admins, "
    "auditors), else those the caller uploaded, and a partner's staff those of their partner.",
    Permission.DOCUMENTS_WRITE: "Upload documents (signed PDFs): admins, operators, "
    "supervisors, employees and a partner's staff (a partner's upload is their partner's).",
    Permission.EVALUATIONS_READ: "Read evaluation results (level-1 only for groups large "
    "enough) and level-3 requests within the caller's scope.",
    Permission.EVALUATIONS_ANSWER: "Answer the level-1 questionnaire of a session one "
    "attended, and (a supervisor) the level-3 evaluations of one's own reports.",
}
# The same descriptions, published as the enum's value list (see app.models.enums).
Permission.__doc__ = f"{Permission.__doc__}\n\n" + "\n".join(
    f"- `{permission}`: {text}" for permission, text in PERMISSION_DESCRIPTIONS.items()
)


class Reach(StrEnum):
    """Over which people a grant applies."""

    ALL = "all"  # city-wide
    OPD = "opd"  # the subtree of the operator's unit(s)
    SUBORDINATES = "subordinates"  # the supervisor's direct reports, and themself
    SELF = "self"  # the employee's own record
    PARTNER = "partner"  # the records of the partner institution the caller works for
    FACILITATED = "facilitated"  # the sessions the caller facilitates, and their participants
    OWN = "own"  # what the caller made themself (the documents they uploaded)


_READ_ALL = {
    Permission.ORG_READ: Reach.ALL,
    Permission.EMPLOYEES_READ: Reach.ALL,
    Permission.AUDIT_READ: Reach.ALL,
    Permission.COMPETENCIES_READ: Reach.ALL,
    Permission.ASSESSMENTS_READ: Reach.ALL,
    Permission.PARTNERS_READ: Reach.ALL,
    Permission.PROGRAMS_READ: Reach.ALL,
    Permission.ENROLLMENTS_READ: Reach.ALL,
    Permission.LEARNING_READ: Reach.ALL,
    Permission.INTERNSHIPS_READ: Reach.ALL,
    Permission.DOCUMENTS_READ: Reach.ALL,
    Permission.EVALUATIONS_READ: Reach.ALL,
}

ROLE_GRANTS: dict[Role, dict[Permission, Reach]] = {
    Role.ADMIN: dict.fromkeys(Permission, Reach.ALL),
    Role.AUDITOR: _READ_ALL,
    Role.OPERATOR: {
        Permission.ORG_READ: Reach.ALL,
        Permission.EMPLOYEES_READ: Reach.OPD,
        Permission.EMPLOYEES_WRITE: Reach.OPD,
        Permission.COMPETENCIES_READ: Reach.ALL,
        Permission.ASSESSMENTS_READ: Reach.OPD,
        Permission.PARTNERS_READ: Reach.ALL,
        Permission.PROGRAMS_READ: Reach.ALL,
        Permission.ENROLLMENTS_READ: Reach.OPD,
        Permission.ENROLLMENTS_WRITE: Reach.OPD,
        Permission.ATTENDANCE_WRITE: Reach.OPD,
        Permission.LEARNING_READ: Reach.OPD,
        Permission.LEARNING_PROPOSE: Reach.OPD,
        Permission.LEARNING_VERIFY: Reach.OPD,
        Permission.LEARNING_WRITE: Reach.OPD,
        Permission.INTERNSHIPS_READ: Reach.OPD,
        Permission.INTERNSHIPS_WRITE: Reach.OPD,
        Permission.DOCUMENTS_READ: Reach.OWN,
        Permission.DOCUMENTS_WRITE: Reach.OWN,
        Permission.EVALUATIONS_READ: Reach.OPD,
    },
    Role.SUPERVISOR: {
        Permission.ORG_READ: Reach.ALL,
        Permission.EMPLOYEES_READ: Reach.SUBORDINATES,
        Permission.COMPETENCIES_READ: Reach.ALL,
        Permission.ASSESSMENTS_READ: Reach.SUBORDINATES,
        # Supervisor ratings of their own reports only (enforced by the assessment service).
        Permission.ASSESSMENTS_WRITE: Reach.SUBORDINATES,
        Permission.PROGRAMS_READ: Reach.ALL,
        # Their reports' enrollments (approval) and their own; and, as a facilitator, the
        # participants of the sessions they facilitate (see the employee role).
        Permission.ENROLLMENTS_READ: Reach.SUBORDINATES,
        Permission.ENROLLMENTS_WRITE: Reach.SUBORDINATES,
        Permission.ATTENDANCE_WRITE: Reach.FACILITATED,
        Permission.LEARNING_READ: Reach.SUBORDINATES,
        Permission.LEARNING_PROPOSE: Reach.SELF,
        Permission.INTERNSHIPS_READ: Reach.SUBORDINATES,
        Permission.INTERNSHIP_LOGBOOK: Reach.SELF,
        Permission.DOCUMENTS_READ: Reach.OWN,
        Permission.DOCUMENTS_WRITE: Reach.OWN,
        # Their reports' level-3 requests; their own level-1 answers as a participant.
        Permission.EVALUATIONS_READ: Reach.SUBORDINATES,
        Permission.EVALUATIONS_ANSWER: Reach.SUBORDINATES,
    },
    Role.EMPLOYEE: {
        Permission.ORG_READ: Reach.ALL,
        Permission.EMPLOYEES_READ: Reach.SELF,
        Permission.EMPLOYEES_WRITE: Reach.SELF,
        Permission.COMPETENCIES_READ: Reach.ALL,
        Permission.ASSESSMENTS_READ: Reach.SELF,
        Permission.PROGRAMS_READ: Reach.ALL,
        Permission.ENROLLMENTS_READ: Reach.SELF,
        Permission.ENROLLMENTS_WRITE: Reach.SELF,
        # A widyaiswara, coach or mentor records the attendance of the sessions they facilitate.
        Permission.ATTENDANCE_WRITE: Reach.FACILITATED,
        Permission.LEARNING_READ: Reach.SELF,
        Permission.LEARNING_PROPOSE: Reach.SELF,
        Permission.INTERNSHIPS_READ: Reach.SELF,
        Permission.INTERNSHIP_LOGBOOK: Reach.SELF,
        Permission.DOCUMENTS_READ: Reach.OWN,
        Permission.DOCUMENTS_WRITE: Reach.OWN,
        Permission.EVALUATIONS_ANSWER: Reach.SELF,
    },
    # A partner's staff: their own partner's records (sessions and participants, agreements
    # and interns, as those domains arrive), and the reference data they need to read them.
    Role.PARTNER: {
        Permission.ORG_READ: Reach.ALL,
        Permission.COMPETENCIES_READ: Reach.ALL,
        Permission.PARTNERS_READ: Reach.PARTNER,
        Permission.PROGRAMS_READ: Reach.PARTNER,
        Permission.ENROLLMENTS_READ: Reach.PARTNER,
        Permission.ATTENDANCE_WRITE: Reach.PARTNER,
        # Their interns, and as a mentor their logbooks and evaluations.
        Permission.INTERNSHIPS_READ: Reach.PARTNER,
        Permission.INTERNSHIP_LOGBOOK: Reach.PARTNER,
        # Their own uploads and those of their partner's other staff (and its key).
        Permission.DOCUMENTS_READ: Reach.PARTNER,
        Permission.DOCUMENTS_WRITE: Reach.PARTNER,
        # The evaluation results of their partner's sessions.
        Permission.EVALUATIONS_READ: Reach.PARTNER,
    },
}

# What an API key may be given: everything but managing users and keys.
API_KEY_SCOPES = frozenset(Permission) - {Permission.USERS_MANAGE}

# A key limited to an OPD or to a partner reaches what a user of this role does there, no more:
# its scopes are refused beyond the role's grants, and each applies with the role's reach.
API_KEY_BOUND_ROLE = {"unit": Role.OPERATOR, "partner": Role.PARTNER}

# Fields an employee may change on their own record (self-service).
SELF_EDITABLE_EMPLOYEE_FIELDS = frozenset({"email", "phone", "front_title", "back_title"})
