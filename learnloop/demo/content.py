"""What the demo organization contains: its people, its two learning sessions and how they rated.

Riverside Community Trust is fictional: a community nonprofit with a youth mentoring program,
a food pantry, adult literacy classes and housing advice, one large county contract, a recent
office move to Mill Street and a staff survey that asked about workload. The comments
participants wrote are in comments.yaml; this module says who answered and how they rated.

A rating profile gives, for each group, the weights of "don't know" and of levels 1 to 5. The
loader draws every rating from these weights with a fixed seed, so the demo is the same on
every machine.
"""

import math
from dataclasses import dataclass, field

ORGANIZATION_NAME = "Riverside Community Trust"
ORGANIZATION_SLUG = "riverside-demo"
STARTER_FRAMEWORK = "organizational-performance"
SEED = 2026

ADMIN_EMAIL = "admin@example.org"
ADMIN_NAME = "Demo administrator"
FACILITATOR_EMAIL = "facilitator@example.org"
FACILITATOR_NAME = "Demo facilitator"
# Documented in docs/demo.md. The demo is for trying Learnloop on your own machine only.
DEMO_PASSWORD = "learnloop-demo"  # noqa: S105 (published on purpose, docs/demo.md)

BOARD, EXECUTIVE, MANAGERS, STAFF = "Board", "Executive team", "Managers", "Staff"
GROUPS = (BOARD, EXECUTIVE, MANAGERS, STAFF)

PEOPLE: dict[str, tuple[str, ...]] = {
    BOARD: (
        "Margaret Okafor",
        "Daniel Lindqvist",
        "Priya Raman",
        "Thomas Beaulieu",
        "Gloria Mendes",
    ),
    EXECUTIVE: (
        "Helen Achterberg",
        "Samuel Osei",
        "Ines Carvalho",
        "Robert Nakamura",
    ),
    MANAGERS: (
        "Aisha Rahman",
        "Kevin O'Donnell",
        "Marta Kowalczyk",
        "Luis Ortega",
        "Fiona MacLeod",
        "Tariq Haddad",
    ),
    STAFF: (
        "Chloe Bennett",
        "Jamal Wright",
        "Sofia Rossi",
        "Lan Nguyen",
        "Ben Adeyemi",
        "Hannah Fischer",
        "Diego Salazar",
        "Rachel Kim",
        "Owen Pritchard",
    ),
}


def email_for(name: str) -> str:
    """ "Kevin O'Donnell" -> "kevin.odonnell@example.org"."""
    first, *rest = name.lower().replace("'", "").split()
    return f"{first}.{'.'.join(rest)}@example.org"


@dataclass(frozen=True)
class SessionPlan:
    title: str
    anonymity: str
    modules: tuple[str, ...]
    groups: tuple[str, ...]
    intro_process: str
    intro_why: str
    intro_who: str
    intro_next: str
    # Participants (by name) who answered everything but never pressed submit.
    not_submitted: tuple[str, ...] = ()
    # Open session only: who submitted, and who answered the first N proof points so far.
    submitted: tuple[str, ...] = ()
    in_progress: dict[str, int] = field(default_factory=dict)
    # The participant whose personal link the demo prints (they have not started).
    link_for: str = ""


CLOSED_SESSION = SessionPlan(
    title="Organizational health review 2026",
    anonymity="confidential",
    modules=("leadership", "financial-health", "culture"),
    groups=GROUPS,
    intro_process=(
        "You rate each proof point on the scale, or say you don't know, and write a line or two "
        "on why: what you have seen, what worries you, what you would change. It takes about "
        "forty minutes, and you can stop and come back with your personal link."
    ),
    intro_why=(
        "The board and the executive team want to know where the Trust is strong and where it "
        "needs work before we write the next strategic plan, and they want to hear it from "
        "everyone, not only from the people in the room at board meetings."
    ),
    intro_who=(
        "Everyone: the board, the executive team, managers and staff. Each person answers the "
        "same three modules: leadership, financial health and culture."
    ),
    intro_next=(
        "The results are compiled by group and discussed at the away day a few days after we "
        "close; the areas that need attention become the improvement plan we share with everyone."
    ),
    not_submitted=("Owen Pritchard", "Tariq Haddad"),
)

OPEN_SESSION = SessionPlan(
    title="Programs check-in",
    anonymity="named",
    modules=("programs",),
    groups=(MANAGERS, STAFF),
    intro_process=(
        "A short check-in on our programs. Rate each proof point and tell us why; your name is "
        "shown with your answers so that we can follow up on your suggestions with you."
    ),
    intro_why=(
        "The health review showed we know less about our programs' results than we thought. "
        "Before the planning day we want the view of the people who run them."
    ),
    intro_who="Managers and staff who deliver or support our programs.",
    intro_next="The program leads will bring the results to the planning day in January.",
    submitted=("Aisha Rahman", "Jamal Wright"),
    in_progress={"Luis Ortega": 9, "Sofia Rossi": 5, "Rachel Kim": 3},
    link_for="Chloe Bennett",
)

# Weights of (don't know, level 1, level 2, level 3, level 4, level 5).
Weights = tuple[float, float, float, float, float, float]


def around(center: float, spread: float = 0.7, dont_know: float = 0.0) -> Weights:
    """A bell of ratings around `center` (1-5), with a share of "don't know" answers."""
    bell = [math.exp(-((level - center) ** 2) / (2 * spread**2)) for level in range(1, 6)]
    total = sum(bell)
    scaled = [w / total * (1 - dont_know) for w in bell]
    return (dont_know, scaled[0], scaled[1], scaled[2], scaled[3], scaled[4])


def split(low: float, high: float, dont_know: float = 0.0) -> Weights:
    """Two camps within a group: half around `low`, half around `high`."""
    a, b = around(low, 0.6, dont_know), around(high, 0.6, dont_know)
    return (dont_know, *((x + y) / 2 for x, y in zip(a[1:], b[1:], strict=True)))  # type: ignore[return-value]


def everyone(weights: Weights) -> dict[str, Weights]:
    return dict.fromkeys(GROUPS, weights)


def by_group(board: Weights, executive: Weights, managers: Weights, staff: Weights):
    return {BOARD: board, EXECUTIVE: executive, MANAGERS: managers, STAFF: staff}


def gap(board: float, staff: float, staff_dont_know: float = 0.0) -> dict[str, Weights]:
    """The board rates high, the staff low; the executive team and managers in between."""
    step = (board - staff) / 3
    return by_group(
        around(board, 0.55),
        around(board - step, 0.6),
        around(staff + step, 0.8),
        around(staff, 0.65, staff_dont_know),
    )


# The proof points where the board and the staff see things very differently. The tests check
# that the generated data show it.
GAP_PROOF_POINTS = (
    ("leadership", "strategic-plan-current"),
    ("leadership", "staff-can-explain"),
    ("leadership", "decisions-explained"),
    ("culture", "safe-to-disagree"),
    ("culture", "workload-acted-on"),
)

PROFILES: dict[str, dict[str, dict[str, Weights]]] = {
    "leadership": {
        "mission-reviewed": everyone(around(4.4, 0.6, 0.05)),
        "strategic-plan-current": gap(4.6, 2.2),
        "staff-can-explain": gap(4.3, 1.7),
        "board-reviews-progress": by_group(
            around(4.5, 0.5),
            around(4.3, 0.6),
            around(3.5, 0.8, 0.2),
            around(3.0, 0.9, 0.55),
        ),
        "roles-documented": by_group(
            around(4.2, 0.6),
            around(3.9, 0.6),
            around(3.6, 0.8, 0.3),
            around(3.5, 0.8, 0.6),
        ),
        "skills-matrix": by_group(
            split(2.0, 4.0),
            around(2.6, 0.7),
            around(3.0, 0.9, 0.6),
            around(3.0, 0.9, 0.8),
        ),
        "executive-appraisal": by_group(
            around(4.1, 0.6),
            around(2.6, 0.7),
            around(3.0, 0.9, 0.65),
            around(3.0, 0.9, 0.8),
        ),
        "conflicts-declared": by_group(
            around(4.8, 0.45),
            around(4.7, 0.5),
            around(4.2, 0.6, 0.5),
            around(4.0, 0.7, 0.7),
        ),
        "decisions-explained": gap(4.4, 1.6),
        "code-of-conduct": everyone(around(3.8, 0.7, 0.1)),
        "leaders-seek-feedback": everyone(split(1.8, 4.0)),
        "succession-plan": by_group(
            around(1.6, 0.6),
            around(1.5, 0.6),
            around(1.7, 0.7, 0.35),
            around(2.0, 0.8, 0.6),
        ),
        "leaders-grow-others": by_group(
            around(3.9, 0.6),
            around(4.1, 0.6),
            around(3.2, 0.8),
            split(1.6, 4.0),
        ),
        "board-renewal": by_group(
            around(4.3, 0.5),
            around(4.2, 0.6),
            around(4.0, 0.7, 0.45),
            around(4.0, 0.8, 0.65),
        ),
    },
    "financial-health": {
        "budget-approved": by_group(
            around(4.8, 0.4),
            around(4.8, 0.4),
            around(4.4, 0.6, 0.2),
            around(4.2, 0.7, 0.5),
        ),
        "monthly-reports": by_group(
            around(4.0, 0.6),
            around(4.2, 0.6),
            split(1.8, 4.2),
            around(2.5, 0.9, 0.65),
        ),
        "variances-explained": by_group(
            around(3.8, 0.6),
            around(3.5, 0.6),
            around(2.4, 0.8, 0.2),
            around(2.5, 0.9, 0.7),
        ),
        "reserves-policy": by_group(
            around(4.2, 0.6),
            around(4.1, 0.6),
            around(3.2, 0.8, 0.5),
            around(3.0, 0.9, 0.75),
        ),
        "diverse-income": everyone(around(2.1, 0.8, 0.1)),
        "full-cost-bids": by_group(
            around(3.7, 0.7),
            around(3.0, 0.7),
            split(1.6, 3.6),
            around(2.2, 0.8, 0.55),
        ),
        "cash-flow-forecast": by_group(
            around(4.0, 0.6),
            around(4.3, 0.6),
            around(3.3, 0.8, 0.5),
            around(3.0, 0.9, 0.75),
        ),
        "separation-of-duties": by_group(
            around(4.6, 0.5),
            around(4.7, 0.5),
            around(4.4, 0.6, 0.15),
            around(4.2, 0.7, 0.35),
        ),
        "annual-audit": by_group(
            around(4.9, 0.4),
            around(4.9, 0.4),
            around(4.6, 0.5, 0.25),
            around(4.5, 0.6, 0.45),
        ),
        "audit-findings-tracked": by_group(
            split(2.2, 4.2),
            around(3.1, 0.7),
            around(3.0, 0.9, 0.6),
            around(3.0, 0.9, 0.8),
        ),
        "board-understands-reports": by_group(
            split(2.0, 4.3),
            around(3.0, 0.7),
            around(3.0, 0.9, 0.5),
            around(3.0, 0.9, 0.75),
        ),
        "program-costs-known": by_group(
            around(3.9, 0.6),
            around(3.2, 0.7),
            around(2.0, 0.7),
            around(1.8, 0.7, 0.35),
        ),
        "restricted-funds": by_group(
            around(4.4, 0.5),
            around(4.5, 0.5),
            around(4.0, 0.7, 0.2),
            around(3.8, 0.8, 0.45),
        ),
    },
    "culture": {
        "values-written": everyone(around(4.1, 0.6, 0.05)),
        "values-used": by_group(
            around(4.0, 0.6),
            around(3.8, 0.6),
            around(3.0, 0.8),
            around(2.5, 0.9, 0.1),
        ),
        "behaviour-addressed": everyone(split(1.8, 4.2, 0.05)),
        "safe-to-disagree": gap(4.5, 1.8),
        "whistleblowing": by_group(
            around(4.4, 0.5),
            around(4.2, 0.6),
            around(3.0, 0.8, 0.1),
            around(2.0, 0.8, 0.3),
        ),
        "mistakes-discussed": by_group(
            around(3.6, 0.7),
            around(3.7, 0.7),
            split(2.0, 4.0),
            split(1.8, 3.8),
        ),
        "diversity-reviewed": everyone(around(2.0, 0.6, 0.2)),
        "pay-gaps": by_group(
            around(1.6, 0.6, 0.2),
            around(1.8, 0.6),
            around(1.5, 0.6, 0.3),
            around(1.5, 0.6, 0.45),
        ),
        "everyone-can-take-part": by_group(
            around(4.0, 0.6),
            around(4.1, 0.6),
            around(3.6, 0.8),
            split(1.7, 4.0),
        ),
        "staff-survey": by_group(
            around(4.5, 0.5),
            around(4.2, 0.6),
            around(3.5, 0.7),
            around(2.8, 0.9, 0.05),
        ),
        "turnover-tracked": by_group(
            around(3.8, 0.6, 0.2),
            around(4.5, 0.5),
            around(3.0, 0.8, 0.3),
            around(3.0, 0.9, 0.6),
        ),
        "workload-acted-on": gap(4.0, 1.5),
    },
}

# The open session: managers and staff on programs. Same weights for both groups.
OPEN_PROFILES: dict[str, dict[str, dict[str, Weights]]] = {
    "programs": {
        "needs-assessment": everyone(around(3.2, 0.8, 0.2)),
        "people-served-involved": everyone(split(1.8, 3.8)),
        "access-published": everyone(around(4.0, 0.6)),
        "logic-model": everyone(around(2.5, 0.8, 0.15)),
        "evidence-recorded": everyone(around(2.0, 0.7, 0.3)),
        "assumptions-revisited": everyone(around(2.3, 0.8, 0.2)),
        "standards-written": everyone(split(2.0, 4.2)),
        "delivery-checked": everyone(around(3.0, 0.8)),
        "complaints-answered": everyone(around(3.6, 0.7)),
        "accessible": everyone(around(2.6, 0.9)),
        "outcome-indicators": everyone(around(2.2, 0.8, 0.1)),
        "outcomes-reviewed": everyone(around(2.0, 0.7)),
        "reach-known": everyone(around(4.0, 0.7)),
    },
}

# Share of answers for which the participant tried to write a comment. An answer gets one only
# while comments.yaml has an unused comment for that proof point and kind of rating, so that no
# comment is written twice.
COMMENT_RATE = 0.62
