"""What the API returns, as OpenAPI schemas. Field names are the users' words."""

from datetime import datetime

from ninja import Schema


class Error(Schema):
    detail: str


# The answers every endpoint may give besides its own: no valid token, or nothing for this
# token's user at this address.
ERRORS = {401: Error, 404: Error}
# A learning session's address under /organizations.
SESSION = "/{slug}/sessions/{session_id}"


class OrganizationOut(Schema):
    slug: str
    name: str
    role: str

    @staticmethod
    def resolve_slug(membership) -> str:
        return membership.organization.slug

    @staticmethod
    def resolve_name(membership) -> str:
        return membership.organization.name


class FrameworkSummaryOut(Schema):
    key: str
    title: str
    latest_version: int
    version_count: int
    session_count: int
    module_count: int
    proof_point_count: int


class ScaleChoiceOut(Schema):
    code: int
    label: str
    description: str


class ScaleOut(Schema):
    name: str
    levels: list[ScaleChoiceOut]
    non_ordinal: list[ScaleChoiceOut]


class ProofPointOut(Schema):
    key: str
    text: str
    guidance: str


class PrincipleOut(Schema):
    key: str
    title: str
    description: str
    proof_points: list[ProofPointOut]


class ModuleOut(Schema):
    key: str
    title: str
    description: str
    principles: list[PrincipleOut]


class FrameworkOut(Schema):
    key: str
    version: int
    title: str
    description: str
    created_at: datetime
    previous_version: int | None
    scale: ScaleOut | None
    modules: list[ModuleOut]


class FrameworkRef(Schema):
    key: str
    version: int
    title: str


class SessionSummaryOut(Schema):
    id: int
    title: str
    purpose: str
    state: str
    anonymity: str
    framework: FrameworkRef
    opens_at: datetime | None
    closes_at: datetime | None
    closed_at: datetime | None
    created_at: datetime


class ModuleRef(Schema):
    key: str
    title: str


class IntroductionOut(Schema):
    process: str
    why: str
    who: str
    next: str
    privacy: str


class SessionOut(SessionSummaryOut):
    min_group_size: int
    accepts_answers: bool
    privacy_statement: str
    scale: ScaleOut
    modules: list[ModuleRef]
    previous_round: int | None
    introduction: IntroductionOut


class ResponseRateOut(Schema):
    participants: int
    started: int
    submitted: int
    started_percent: int
    submitted_percent: int


class ModuleProgressOut(Schema):
    key: str
    title: str
    participants: int
    proof_points: int
    answered: int
    expected: int
    answered_percent: int


class GroupProgressOut(Schema):
    name: str | None
    participants: int
    started: int
    submitted: int
    started_percent: int
    submitted_percent: int


class NotFinishedOut(Schema):
    name: str
    email: str
    group: str | None
    status: str
    invited_at: datetime | None
    reminded_at: datetime | None


class ProgressOut(Schema):
    anonymity: str
    min_group_size: int
    overall: ResponseRateOut
    modules: list[ModuleProgressOut]
    groups: list[GroupProgressOut]
    not_finished: list[NotFinishedOut] | None
