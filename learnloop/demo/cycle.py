"""What Riverside Community Trust did after its health review: the rest of the learning cycle.

A discussion at the away day a few days after the review closed (votes, two chosen problems with
their five whys and fishbones, notes and decisions), the improvement plan that came out of it, a
second round of the review some months later in which the same people rated again, and a
discussion of the second round that reviews the actions still open.

Dates are days from the day the demo is loaded, so that the plan always has actions done, one
overdue and some still to come. Statuses, sections and categories are the values the discussions
and plan apps store; the tests check them against those apps' choices. No database here.
"""

from dataclasses import dataclass, field

from learnloop.demo.content import BOARD, CLOSED_SESSION, EXECUTIVE, MANAGERS, SEED, STAFF
from learnloop.demo.plan import Change

# (module key, proof point key)
PointRef = tuple[str, str]

DECISIONS_EXPLAINED: PointRef = ("leadership", "decisions-explained")
STAFF_CAN_EXPLAIN: PointRef = ("leadership", "staff-can-explain")
PLAN_CURRENT: PointRef = ("leadership", "strategic-plan-current")
SUCCESSION: PointRef = ("leadership", "succession-plan")
MONTHLY_REPORTS: PointRef = ("financial-health", "monthly-reports")
VARIANCES: PointRef = ("financial-health", "variances-explained")
PROGRAM_COSTS: PointRef = ("financial-health", "program-costs-known")
FULL_COST_BIDS: PointRef = ("financial-health", "full-cost-bids")
DIVERSE_INCOME: PointRef = ("financial-health", "diverse-income")
WORKLOAD: PointRef = ("culture", "workload-acted-on")
STAFF_SURVEY: PointRef = ("culture", "staff-survey")
PAY_GAPS: PointRef = ("culture", "pay-gaps")
BEHAVIOUR: PointRef = ("culture", "behaviour-addressed")


@dataclass(frozen=True)
class AgendaAddition:
    """An item the facilitator adds to the drafted agenda."""

    section: str
    point: PointRef
    title: str
    notes: str


@dataclass(frozen=True)
class ProblemPlan:
    chosen: PointRef  # the voted-on proof point the room chose
    title: str
    description: str
    proof_points: tuple[PointRef, ...]
    whys: tuple[str, ...]
    causes: tuple[tuple[str, str], ...]  # (fishbone category, cause)


@dataclass(frozen=True)
class DiscussionPlan:
    title: str
    held: int  # days from today
    room: tuple[str, ...]
    votes_per_person: int = 3
    added: tuple[AgendaAddition, ...] = ()
    # Each person's votes, in the order they placed them (several on one thing allowed).
    votes: dict[str, tuple[PointRef, ...]] = field(default_factory=dict)
    problems: tuple[ProblemPlan, ...] = ()
    notes: tuple[tuple[str, str], ...] = ()  # (note or decision, text)


@dataclass(frozen=True)
class ActionPlan:
    title: str
    description: str
    problem: int  # position of the problem it addresses in FIRST_DISCUSSION.problems
    proof_points: tuple[PointRef, ...]
    owner: str
    due: int  # days from today
    # Progress notes in order: (text, the status it moves the action to, or "" for none).
    progress: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ReviewPlan:
    action: str  # the action's title
    status: str
    note: str


@dataclass(frozen=True)
class RoundPlan:
    title: str
    changes: dict[PointRef, Change]
    left: frozenset[str]  # answered the first round, not this one
    not_submitted: tuple[str, ...]
    comment_rate: float
    seed: int  # of the draw that moves the ratings, apart from the first round's


FIRST_DISCUSSION = DiscussionPlan(
    title="Away day: what the health review told us",
    held=-120,
    room=(
        "Margaret Okafor",
        "Helen Achterberg",
        "Robert Nakamura",
        "Aisha Rahman",
        "Fiona MacLeod",
        "Chloe Bennett",
        "Jamal Wright",
        "Lan Nguyen",
    ),
    added=(
        AgendaAddition(
            section="problems",
            point=WORKLOAD,
            title="Workload problems raised by staff are acted on",
            notes=(
                "Added by the facilitator: not in the drafted list, but the comments on it are "
                "the angriest in the whole review, and the board rates it far higher than staff."
            ),
        ),
        AgendaAddition(
            section="misalignments",
            point=STAFF_CAN_EXPLAIN,
            title="Staff can explain how their work fits the strategic plan",
            notes="The board thinks they can; most staff say they can't.",
        ),
    ),
    votes={
        "Margaret Okafor": (DECISIONS_EXPLAINED, SUCCESSION, MONTHLY_REPORTS),
        "Helen Achterberg": (DECISIONS_EXPLAINED, PROGRAM_COSTS, WORKLOAD),
        "Robert Nakamura": (PROGRAM_COSTS, MONTHLY_REPORTS, SUCCESSION),
        "Aisha Rahman": (MONTHLY_REPORTS, MONTHLY_REPORTS, DECISIONS_EXPLAINED),
        "Fiona MacLeod": (MONTHLY_REPORTS, PROGRAM_COSTS, PROGRAM_COSTS),
        "Chloe Bennett": (DECISIONS_EXPLAINED, DECISIONS_EXPLAINED, WORKLOAD),
        "Jamal Wright": (WORKLOAD, DECISIONS_EXPLAINED, PAY_GAPS),
        "Lan Nguyen": (DECISIONS_EXPLAINED, BEHAVIOUR, WORKLOAD),
    },
    problems=(
        ProblemPlan(
            chosen=DECISIONS_EXPLAINED,
            title="Staff hear what was decided, but not why",
            description=(
                "Decisions reach staff as done deals: the Mill Street move, the youth "
                "restructure, the end of the Saturday drop-in. Leaders believe the reasons are "
                "explained; most managers and staff say they are announced. Staff also can't "
                "say how their work fits Riverside 2027."
            ),
            proof_points=(DECISIONS_EXPLAINED, STAFF_CAN_EXPLAIN, PLAN_CURRENT),
            whys=(
                "Decisions are announced by email after the board meets, with the outcome but "
                "not the options that were considered or the reasons for the choice.",
                "The executive team writes the announcement in a hurry once a decision is "
                "final, mainly to get ahead of rumours.",
                "There is no agreed step for explaining a decision: each director does it their "
                "own way, or not at all.",
                "We assumed managers pass the reasons on, but nobody asked them to or gave them "
                "the reasons to pass on.",
            ),
            causes=(
                (
                    "people",
                    "Managers hear the outcome at the same time as their teams, so they can't "
                    "answer questions.",
                ),
                ("methods", "No step in how we make decisions says who tells staff why, and when."),
                (
                    "tools",
                    "The all-staff email is the only channel, and nobody can ask a question back.",
                ),
                (
                    "environment",
                    "Since the move, the Mill Street teams and the pantry rarely share a room.",
                ),
                (
                    "measurement",
                    "We never checked whether staff understood a decision until this review.",
                ),
                (
                    "materials",
                    "Board papers that set out the options are confidential by default, even "
                    "when nothing in them needs to be.",
                ),
            ),
        ),
        ProblemPlan(
            chosen=MONTHLY_REPORTS,
            title="Budget holders can't see where their budgets stand",
            description=(
                "Half the managers say they get a monthly report; the other half get one when "
                "they chase, or never, and keep their own spreadsheets. Overspends are found at "
                "the year end, and nobody knows what a program costs to run."
            ),
            proof_points=(MONTHLY_REPORTS, VARIANCES, PROGRAM_COSTS),
            whys=(
                "The monthly management accounts are forty pages, set out by nominal code "
                "rather than by program.",
                "They are written for the finance committee, and budget holders are sent a copy "
                "of the same pack.",
                "Finance is two people, and producing a second version by hand each month would "
                "take days.",
                "The finance system's reports were never set up by program when it was "
                "installed in 2019.",
                "Nobody asked budget holders what they needed from a report until now.",
            ),
            causes=(
                ("people", "Most budget holders have never been shown how to read the accounts."),
                (
                    "methods",
                    "Costs are coded to the organization, not to programs, so a program's spend "
                    "has to be pieced together by hand.",
                ),
                (
                    "tools",
                    "The finance system has no report by program, and licences for managers "
                    "cost extra.",
                ),
                ("materials", "The finance team was cut to two posts in 2024."),
                (
                    "measurement",
                    "Reports arrive six weeks after month end, too late to act on.",
                ),
                (
                    "environment",
                    "Shared costs such as the Mill Street rent are never split across programs.",
                ),
                (
                    "measurement",
                    "Variances are only looked at when the finance committee asks.",
                ),
            ),
        ),
    ),
    notes=(
        (
            "note",
            "Strengths first: the audit, the budget approval and the mission review came out met "
            "in every group. Margaret thanked the finance team for a clean audit three years "
            "running.",
        ),
        (
            "note",
            "The widest gaps between the board and staff are about how decisions travel, not "
            "about the decisions themselves. Chloe said most staff would accept a hard decision "
            "if they knew the reasons.",
        ),
        (
            "decision",
            "We work on two problems: decisions reaching staff without their reasons, and budget "
            "holders not seeing where their budgets stand.",
        ),
        (
            "decision",
            "Workload goes to the staff forum first, so the proposals come from the teams; we "
            "look at it again after the second round.",
        ),
        (
            "note",
            "The succession plan needs the board, not this room: Margaret will put it on the "
            "next board agenda.",
        ),
        (
            "decision",
            "Run the health review again in the spring with the same people and modules, to see "
            "whether the actions made a difference.",
        ),
    ),
)

WHY_WE_DECIDED = "Give the reasons for every major decision in the CEO's monthly update"
ONE_PAGE_PLAN = "A one-page Riverside 2027 in every site, walked through in team meetings"
STAFF_AT_BOARD = "Staff representatives join two board meetings a year"
BUDGET_REPORT = "A one-page budget report for every budget holder each month"
READING_SESSIONS = "Short sessions for budget holders on reading their report"
PROGRAM_COSTING = "Work out what each program costs to run, overheads included"
FINANCE_ACCESS = "Read access to the finance system for budget holders"

ACTIONS = (
    ActionPlan(
        title=WHY_WE_DECIDED,
        description=(
            "A 'why we decided' section in each monthly update: the options considered, the "
            "reasons for the choice and who to ask. A question slot at every all-staff meeting."
        ),
        problem=0,
        proof_points=(DECISIONS_EXPLAINED,),
        owner="Helen Achterberg",
        due=-75,
        progress=(
            (
                "The first update with a 'why we decided' section went out, covering the Saturday "
                "drop-in and the new pantry rota.",
                "in_progress",
            ),
            (
                "Question slots held at the last two all-staff meetings; the questions and "
                "answers are on the intranet for those who weren't there.",
                "done",
            ),
        ),
    ),
    ActionPlan(
        title=ONE_PAGE_PLAN,
        description=(
            "One page with the four priorities and what each means for each program, on the "
            "wall at Mill Street, the pantry and the literacy rooms; ten minutes on it in every "
            "team meeting this quarter."
        ),
        problem=0,
        proof_points=(STAFF_CAN_EXPLAIN, PLAN_CURRENT),
        owner="Samuel Osei",
        due=-45,
        progress=(
            (
                "Drafted with four members of staff and printed for every site.",
                "in_progress",
            ),
            (
                "Every team has had its walk-through. Managers say 'where does my work fit?' "
                "started the best conversations.",
                "done",
            ),
        ),
    ),
    ActionPlan(
        title=STAFF_AT_BOARD,
        description=(
            "Two staff representatives, chosen by the staff forum, attend the open part of two "
            "board meetings a year and report back to their colleagues."
        ),
        problem=0,
        proof_points=(DECISIONS_EXPLAINED,),
        owner="Margaret Okafor",
        due=30,
        progress=(
            (
                "The board agreed in principle. The first meeting with staff representatives is "
                "the one after the AGM.",
                "",
            ),
        ),
    ),
    ActionPlan(
        title=BUDGET_REPORT,
        description=(
            "Budget, spend to date, forecast to the year end, and a line of explanation for "
            "anything more than 10 percent out, within ten working days of month end."
        ),
        problem=1,
        proof_points=(MONTHLY_REPORTS, VARIANCES),
        owner="Robert Nakamura",
        due=-60,
        progress=(
            (
                "Template agreed with three budget holders; first reports sent for the youth and "
                "pantry budgets.",
                "in_progress",
            ),
            (
                "Second month running, all 13 budget holders had their report within ten working "
                "days.",
                "done",
            ),
        ),
    ),
    ActionPlan(
        title=READING_SESSIONS,
        description=(
            "Three one-hour sessions on reading the new report and writing a variance note, "
            "with the slides kept on the shared drive."
        ),
        problem=1,
        proof_points=(MONTHLY_REPORTS, VARIANCES),
        owner="Fiona MacLeod",
        due=14,
        progress=(("First session run for the youth and pantry budget holders.", "in_progress"),),
    ),
    ActionPlan(
        title=PROGRAM_COSTING,
        description=(
            "Staff time from the timesheets plus a fair share of rent, finance and management "
            "for each program, so that bids are priced at full cost."
        ),
        problem=1,
        proof_points=(PROGRAM_COSTS, FULL_COST_BIDS),
        owner="Robert Nakamura",
        due=-12,
        progress=(
            ("Started with youth mentoring, the program with the most data.", "in_progress"),
            (
                "Youth mentoring and the pantry are costed. Literacy and housing advice wait for "
                "the Mill Street rent to be split across programs.",
                "",
            ),
        ),
    ),
    ActionPlan(
        title=FINANCE_ACCESS,
        description="Read-only licences so that budget holders can look up their own spending.",
        problem=1,
        proof_points=(MONTHLY_REPORTS,),
        owner="Fiona MacLeod",
        due=-30,
        progress=(
            (
                "The supplier's quote for read-only licences is more than the one-page report "
                "costs to produce, and budget holders say the report gives them what they need. "
                "Dropped.",
                "dropped",
            ),
        ),
    ),
)

SECOND_ROUND = RoundPlan(
    title=f"{CLOSED_SESSION.title}, round 2",
    changes={
        # The actions done: reasons explained, the one-page plan, the budget report.
        DECISIONS_EXPLAINED: Change(
            +1, {BOARD: 0.1, EXECUTIVE: 0.2, MANAGERS: 0.7, STAFF: 0.75}, further=0.35
        ),
        STAFF_CAN_EXPLAIN: Change(
            +1, {BOARD: 0.15, EXECUTIVE: 0.25, MANAGERS: 0.6, STAFF: 0.7}, further=0.3
        ),
        PLAN_CURRENT: Change(+1, {MANAGERS: 0.4, STAFF: 0.5}),
        MONTHLY_REPORTS: Change(
            +1, {BOARD: 0.5, EXECUTIVE: 0.6, MANAGERS: 0.9, STAFF: 0.7}, further=0.4, now_know=0.3
        ),
        VARIANCES: Change(+1, {BOARD: 0.5, EXECUTIVE: 0.6, MANAGERS: 0.85, STAFF: 0.6}),
        # Under way but not finished: a little better.
        PROGRAM_COSTS: Change(+1, {EXECUTIVE: 0.3, MANAGERS: 0.25}),
        # Not addressed, and the winter made it worse.
        WORKLOAD: Change(-1, {BOARD: 0.7, EXECUTIVE: 0.8, MANAGERS: 0.7, STAFF: 0.6}),
        # The Harbour Foundation grant ended, so the county is a bigger share again.
        DIVERSE_INCOME: Change(-1, {BOARD: 0.6, EXECUTIVE: 0.6, MANAGERS: 0.5, STAFF: 0.4}),
        # The staff survey runs every two years and this was the off year.
        STAFF_SURVEY: Change(-1, {BOARD: 0.3, EXECUTIVE: 0.3, MANAGERS: 0.4, STAFF: 0.4}),
    },
    left=frozenset({"Thomas Beaulieu", "Ben Adeyemi"}),
    not_submitted=("Diego Salazar",),
    comment_rate=0.6,
    seed=SEED + 1,
)

SECOND_DISCUSSION = DiscussionPlan(
    title="Round 2: what moved and what didn't",
    held=-3,
    room=(
        "Margaret Okafor",
        "Helen Achterberg",
        "Robert Nakamura",
        "Fiona MacLeod",
        "Aisha Rahman",
        "Jamal Wright",
        "Sofia Rossi",
    ),
    notes=(
        (
            "note",
            "Both problems we chose at the away day moved: decisions explained and the monthly "
            "budget reports are rated much higher, and most of the change came from managers and "
            "staff who rated them low before.",
        ),
        (
            "note",
            "Workload went the other way. Winter demand at the pantry and the literacy waiting "
            "list came up again and again in the comments.",
        ),
        (
            "decision",
            "Workload is the first problem for the next discussion, with the staff forum's "
            "proposals on the table.",
        ),
        (
            "decision",
            "The 'why we decided' section stays in the monthly update: it is how the executive "
            "team works now, not a one-off action.",
        ),
    ),
)

REVIEWS = (
    ReviewPlan(
        action=STAFF_AT_BOARD,
        status="planned",
        note="Jamal and Sofia have been chosen by the staff forum; their first board meeting is "
        "in June.",
    ),
    ReviewPlan(
        action=READING_SESSIONS,
        status="done",
        note="Three sessions run; 11 of the 13 budget holders came. Slides are on the shared "
        "drive.",
    ),
    ReviewPlan(
        action=PROGRAM_COSTING,
        status="in_progress",
        note="Overdue: the rent split is still missing. Robert will bring a new date to the "
        "finance committee.",
    ),
)
