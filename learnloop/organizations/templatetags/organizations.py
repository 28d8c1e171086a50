from django import template

from learnloop.lib.people_import import Problem
from learnloop.organizations.importing import field_label, problem_message

register = template.Library()


@register.filter
def import_problem(problem: Problem) -> str:
    return problem_message(problem)


@register.filter
def import_field(field_name: str) -> str:
    return field_label(field_name)
