"""Suggested themes on 5,000 comments, beside TF-IDF vectorization alone of the same comments.

The comments are synthesized deterministically from templates and topic vocabularies (nothing is
downloaded): ten topics an organization's people write about, each comment mixing a topic's
words with the phrases every comment uses, some short generic replies and some comments that
touch two topics. Each measurement is the median of 3 runs (taking turns) after one warm-up. Target:
``suggest_themes`` on 5,000 comments in at most 5 s on this 2-core machine. The adjusted Rand
index against the topic each comment was written from says how well the themes recover them.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.metrics import adjusted_rand_score  # noqa: E402

from benchmarks.common import interleaved, load_note, spread, table, verdict  # noqa: E402
from learnloop.lib.themes import suggest_themes  # noqa: E402

COMMENTS = 5000
TARGET_SECONDS = 5.0
RUNS = 3

TOPICS: dict[str, dict[str, list[str]]] = {
    "budget": {
        "nouns": [
            "the budget",
            "our reserves",
            "the annual budget",
            "restricted funds",
            "cash flow",
            "the finance report",
            "spending",
            "the audit",
        ],
        "issues": [
            "is not shared with staff until it is approved",
            "is presented too late for the board to question it",
            "has no line for programme evaluation",
            "was overspent last quarter without explanation",
            "is hard to read for anyone outside finance",
        ],
    },
    "training": {
        "nouns": [
            "training",
            "onboarding",
            "professional development",
            "mentoring",
            "the induction programme",
            "coaching",
            "skills workshops",
            "learning time",
        ],
        "issues": [
            "is offered only to senior staff",
            "stopped when the trainer left",
            "does not cover the new case management system",
            "depends on whether your manager allows the time",
            "is excellent but new starters wait months for it",
        ],
    },
    "communication": {
        "nouns": [
            "communication",
            "internal newsletters",
            "team meetings",
            "email updates",
            "the intranet",
            "announcements",
            "information from leadership",
            "the weekly briefing",
        ],
        "issues": [
            "arrives after decisions are already made",
            "is inconsistent between departments",
            "rarely explains why a change happened",
            "reaches managers but not frontline staff",
            "is too long and people stop reading it",
        ],
    },
    "governance": {
        "nouns": [
            "the board",
            "trustees",
            "board committees",
            "governance",
            "board papers",
            "the chair",
            "board minutes",
            "trustee recruitment",
        ],
        "issues": [
            "focuses on operational detail rather than strategy",
            "has no clear term limits",
            "rarely hears directly from service users",
            "papers arrive too late to read properly",
            "lacks skills in digital and safeguarding",
        ],
    },
    "fundraising": {
        "nouns": [
            "fundraising",
            "grant applications",
            "donors",
            "our funders",
            "the fundraising strategy",
            "individual giving",
            "grant reporting",
            "major gifts",
        ],
        "issues": [
            "relies on two large grants ending next year",
            "is disconnected from the programme teams",
            "has no plan for unrestricted income",
            "reporting to funders takes weeks of staff time",
            "grew well after the new appeal",
        ],
    },
    "volunteers": {
        "nouns": [
            "volunteers",
            "volunteer coordination",
            "volunteer recruitment",
            "volunteer recognition",
            "volunteer rotas",
            "volunteer training",
            "the volunteer handbook",
            "volunteer expenses",
        ],
        "issues": [
            "depends on a handful of long-serving people",
            "nobody thanks volunteers for their hours",
            "expenses are reimbursed months late",
            "rotas are changed at the last minute",
            "new volunteers do not know who to ask",
        ],
    },
    "technology": {
        "nouns": [
            "the database",
            "our IT systems",
            "laptops",
            "the CRM",
            "software licences",
            "cyber security",
            "data backups",
            "the website",
        ],
        "issues": [
            "crashes during busy weeks",
            "is out of date and unsupported",
            "has passwords shared on paper",
            "cannot produce the reports funders ask for",
            "was upgraded without asking the people who use it",
        ],
    },
    "strategy": {
        "nouns": [
            "the strategic plan",
            "our mission",
            "long term priorities",
            "the theory of change",
            "strategy",
            "the five year plan",
            "annual objectives",
            "the vision",
        ],
        "issues": [
            "is not connected to what teams do each week",
            "was written without consulting staff",
            "has too many priorities to guide decisions",
            "is reviewed once and then forgotten",
            "is clear and people can explain it",
        ],
    },
    "wellbeing": {
        "nouns": [
            "workload",
            "staff wellbeing",
            "burnout",
            "sickness absence",
            "overtime",
            "flexible working",
            "staff turnover",
            "morale",
        ],
        "issues": [
            "has grown every year with no extra posts",
            "is discussed but nothing changes",
            "is worst in the frontline teams",
            "is pushing experienced colleagues to leave",
            "improved after the four day week pilot",
        ],
    },
    "evaluation": {
        "nouns": [
            "outcome measurement",
            "evaluation",
            "impact data",
            "monitoring",
            "the outcomes framework",
            "participant feedback",
            "data collection",
            "impact reports",
        ],
        "issues": [
            "counts activities rather than outcomes",
            "is collected but never analysed",
            "is designed for funders rather than for us",
            "takes time away from delivery",
            "helped us stop a programme that was not working",
        ],
    },
}

OPENINGS = [
    "",
    "",
    "I think ",
    "In my view ",
    "Honestly, ",
    "From where I sit, ",
    "As a new member of staff, ",
    "Speaking for my team, ",
    "To be fair, ",
]
CLOSINGS = [
    "",
    "",
    " We need to fix this.",
    " This should be a priority.",
    " Not sure who owns this.",
    " It has been like this for years.",
    " Others may see it differently.",
    " Happy to discuss.",
]
GENERIC = [
    "Agreed.",
    "No comment.",
    "Don't know enough to say.",
    "See my earlier answer.",
    "Not applicable to my role.",
    "Same as above.",
]


def synthesize(count: int = COMMENTS, seed: int = 2024) -> tuple[list[str], list[str]]:
    """``count`` comments and the topic each was written from ("generic" for short replies)."""
    rng = random.Random(seed)
    names = sorted(TOPICS)
    comments, topics = [], []
    for _ in range(count):
        roll = rng.random()
        if roll < 0.04:
            comments.append(rng.choice(GENERIC))
            topics.append("generic")
            continue
        topic = rng.choice(names)
        words = TOPICS[topic]
        text = f"{rng.choice(words['nouns'])} {rng.choice(words['issues'])}."
        if roll > 0.9:  # a second sentence on another topic
            other = TOPICS[rng.choice(names)]
            text += f" Also {rng.choice(other['nouns'])} {rng.choice(other['issues'])}."
        else:  # a second sentence on the same topic
            text += f" And {rng.choice(words['nouns'])} {rng.choice(words['issues'])}."
        text = rng.choice(OPENINGS) + text + rng.choice(CLOSINGS)
        comments.append(text[0].upper() + text[1:])
        topics.append(topic)
    return comments, topics


def run(repeat: int = RUNS) -> dict:
    """TF-IDF alone and suggest_themes, one warm-up each, then ``repeat`` runs taking turns."""
    comments, topics = synthesize()

    def baseline() -> object:
        vectorizer = TfidfVectorizer(
            stop_words="english", ngram_range=(1, 2), sublinear_tf=True, min_df=2
        )
        return vectorizer.fit_transform(comments)

    functions = {"baseline": baseline, "themes": lambda: suggest_themes(comments)}
    for function in functions.values():
        function()  # warm-up
    times = interleaved(functions, repeat)
    base, engine = spread(times["baseline"]), spread(times["themes"])
    result = suggest_themes(comments)
    labels = [-1] * len(comments)
    for number, theme in enumerate(result.themes):
        for index in theme.member_indices:
            labels[index] = number
    agreement = adjusted_rand_score(topics, labels)
    seconds = engine["median"] / 1000
    passed = seconds <= TARGET_SECONDS and len(result.themes) >= 2
    sizes = ", ".join(str(theme.size) for theme in result.themes)
    rows = [
        ["TF-IDF vectorization alone (baseline: scikit-learn, bigrams)", base],
        ["suggest_themes (terms, TF-IDF, LSA, k by silhouette, k-means)", engine],
    ]
    markdown = "\n".join(
        [
            f"### Suggested themes on {len(comments):,} synthesized comments "
            f"(median of {repeat} runs after a warm-up; {load_note()})",
            "",
            table(
                ["step", "median s", "min s", "max s"],
                [
                    [
                        name,
                        f"{t['median'] / 1000:.2f}",
                        f"{t['min'] / 1000:.2f}",
                        f"{t['max'] / 1000:.2f}",
                    ]
                    for name, t in rows
                ],
            ),
            "",
            f"{len(result.themes)} themes (sizes {sizes}); {len(result.unthemed_indices)} "
            f"comments without a theme; adjusted Rand index against the topics the comments "
            f"were written from {agreement:.2f}. suggest_themes takes {seconds:.2f} s, "
            f"target at most {TARGET_SECONDS:.0f} s: {verdict(passed)}",
        ]
    )
    return {
        "comments": len(comments),
        "baseline_ms": base,
        "suggest_ms": engine,
        "themes": len(result.themes),
        "theme_sizes": [theme.size for theme in result.themes],
        "unthemed": len(result.unthemed_indices),
        "adjusted_rand_index": round(agreement, 3),
        "key_terms": [theme.key_terms for theme in result.themes],
        "passed": passed,
        "markdown": markdown,
    }


if __name__ == "__main__":
    outcome = run()
    print(outcome["markdown"])
    for terms in outcome["key_terms"]:
        print("-", ", ".join(terms))
    sys.exit(0 if outcome["passed"] else 1)
