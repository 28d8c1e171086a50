"""Reports from counts and answers: the document (docs/report-json.md) and its renderers.

Django-free. Fill a :class:`ReportInput`, call :func:`build_report`, hand the document to a
renderer (``html``, ``pdf``, ``xlsx``, ``csv``) or dump it as JSON.
"""

from learnloop.lib.report.model import (
    ANONYMITY_MODES,
    AnswerRow,
    ProofPointInfo,
    ReportInput,
    Respondent,
    build_report,
)

__all__ = [
    "ANONYMITY_MODES",
    "AnswerRow",
    "ProofPointInfo",
    "ReportInput",
    "Respondent",
    "build_report",
]
