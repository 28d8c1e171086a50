"""The report's own sentences, marked for translation without importing Django.

``gettext_noop`` only marks a message, so that ``make messages`` (Django's makemessages, which
looks for that name) puts it in the catalogue; the document translates it when it is used,
with ``ReportInput.translate`` (Django's gettext in the web pages, English in the report
command).
"""


def gettext_noop(message: str) -> str:
    return message


BETWEEN = gettext_noop("between %(lower)s and %(upper)s")
RESPONDENT = gettext_noop("Respondent %(number)s")
LOWEST_RATED = gettext_noop("Typical answer %(median)s; %(share)s at the low end")
LEAST_AGREED = gettext_noop("%(consensus)s consensus (Leik %(leik)s)")
MOST_DIVIDED = gettext_noop("%(group_a)s and %(group_b)s differ (Cliff's delta %(delta)s)")
CONSENSUS = {
    "high": gettext_noop("High"),
    "moderate": gettext_noop("Moderate"),
    "low": gettext_noop("Low"),
}
