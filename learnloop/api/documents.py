"""The dictionaries the API returns, built from the same queries the pages use."""

from learnloop.frameworks.models import Framework, RatingScale
from learnloop.frameworks.queries import modules_with_content
from learnloop.learning_sessions import queries
from learnloop.learning_sessions.access import may_see_who_has_not_finished
from learnloop.learning_sessions.models import LearningSession, Participant
from learnloop.organizations.models import Membership


def framework_summary(row: dict) -> dict:
    latest = row["latest"]
    return {
        "key": latest.key,
        "title": latest.title,
        "latest_version": latest.version,
        "version_count": row["version_count"],
        "session_count": row["session_count"],
        "module_count": latest.module_count,
        "proof_point_count": latest.proof_point_count,
    }


def _choice(choice) -> dict:
    return {"code": choice.code, "label": choice.label, "description": choice.description}


def scale(rating_scale: RatingScale | None) -> dict | None:
    if rating_scale is None:
        return None
    choices = list(rating_scale.choices.order_by("code"))
    return {
        "name": rating_scale.name,
        "levels": [_choice(c) for c in choices if c.code > 0],
        "non_ordinal": [_choice(c) for c in reversed(choices) if c.code <= 0],
    }


def framework(version: Framework) -> dict:
    """A framework version in full: four queries for the content, one for the scale."""
    previous = version.previous_version
    return {
        "key": version.key,
        "version": version.version,
        "title": version.title,
        "description": version.description,
        "created_at": version.created_at,
        "previous_version": previous.version if previous else None,
        "scale": scale(version.default_scale),
        "modules": [
            {
                "key": module.key,
                "title": module.title,
                "description": module.description,
                "principles": [
                    {
                        "key": principle.key,
                        "title": principle.title,
                        "description": principle.description,
                        "proof_points": [
                            {"key": pp.key, "text": pp.text, "guidance": pp.guidance}
                            for pp in principle.proof_points.all()
                        ],
                    }
                    for principle in module.principles.all()
                ],
            }
            for module in modules_with_content(version)
        ],
    }


def session(learning_session: LearningSession) -> dict:
    s = learning_session
    return {
        "id": s.pk,
        "title": s.title,
        "purpose": s.purpose,
        "state": s.state,
        "anonymity": s.anonymity,
        "framework": {
            "key": s.framework.key,
            "version": s.framework.version,
            "title": s.framework.title,
        },
        "opens_at": s.opens_at,
        "closes_at": s.closes_at,
        "closed_at": s.closed_at,
        "created_at": s.created_at,
        "min_group_size": s.min_group_size,
        "accepts_answers": s.accepts_answers,
        "privacy_statement": s.privacy_statement,
        "scale": scale(s.scale),
        "modules": [{"key": m.key, "title": m.title} for m in s.modules.order_by("position", "pk")],
        "previous_round": s.previous_round_id,
        "introduction": {
            "process": s.intro_process,
            "why": s.intro_why,
            "who": s.intro_who,
            "next": s.intro_next,
            "privacy": s.intro_privacy,
        },
    }


def _rate(progress: queries.Progress) -> dict:
    return {
        "participants": progress.total,
        "started": progress.started,
        "submitted": progress.submitted,
        "started_percent": progress.started_percent,
        "submitted_percent": progress.submitted_percent,
    }


def participant_status(participant: Participant) -> str:
    """The dashboard's words as codes: started, not_started, link_revoked, not_invited.

    Reads the link counts queries.not_finished annotates.
    """
    if participant.started_at:
        return "started"
    if participant.working_links:
        return "not_started"
    if participant.links_issued:
        return "link_revoked"
    return "not_invited"


def _not_finished(participant: Participant) -> dict:
    return {
        "name": participant.person.name,
        "email": participant.person.email,
        "group": participant.group.name if participant.group else None,
        "status": participant_status(participant),
        "invited_at": participant.invited_at,
        "reminded_at": participant.reminded_at,
    }


def progress(learning_session: LearningSession, membership: Membership) -> dict:
    """The dashboard's figures; small groups left out; names only where the page shows them."""
    sees_names = may_see_who_has_not_finished(learning_session, membership)
    return {
        "anonymity": learning_session.anonymity,
        "min_group_size": learning_session.min_group_size,
        "overall": _rate(queries.session_progress(learning_session)),
        "modules": [
            {
                "key": row.module.key,
                "title": row.module.title,
                "participants": row.participants,
                "proof_points": row.proof_points,
                "answered": row.answered,
                "expected": row.expected,
                "answered_percent": row.answered_percent,
            }
            for row in queries.module_progress(learning_session)
        ],
        "groups": [
            {"name": row.name or None, **_rate(row.progress)}
            for row in queries.group_progress(learning_session)
            if not row.hidden
        ],
        "not_finished": (
            [_not_finished(p) for p in queries.not_finished(learning_session)]
            if sees_names
            else None
        ),
    }
