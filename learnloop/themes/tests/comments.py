"""A handmade set of comments on three obviously different topics."""

BUDGET = [
    "The budget is only shared with staff after the board has approved it.",
    "Nobody outside finance can read the budget report; the figures need explaining.",
    "We overspent the budget last quarter and no one explained why.",
    "Budget decisions are made late, so teams plan their spending blind.",
    "The annual budget has no line for evaluation, so spending on it is cut first.",
    "Finance sends the budget figures too late for managers to question the spending.",
]
TRAINING = [
    "Training for new staff stopped when the trainer left.",
    "There is no training on the new case system; we learn it from colleagues.",
    "Training is offered to senior staff but frontline staff wait months for training.",
    "The induction training is good but too short for new starters.",
    "I asked for training in safeguarding twice and never heard back.",
    "Mentoring and training depend on whether your manager allows the time.",
]
COMMUNICATION = [
    "Communication from leadership arrives after decisions are already made.",
    "Emails and newsletters are so long that people stop reading the communication.",
    "Communication between departments is poor; we hear news from partners first.",
    "The weekly briefing email rarely explains why a change happened.",
    "Internal communication reaches managers but not the people on the front desk.",
    "Important announcements get lost in email; communication needs one clear channel.",
]
TOPICS = {"budget": BUDGET, "training": TRAINING, "communication": COMMUNICATION}
ALL = BUDGET + TRAINING + COMMUNICATION
