"""Every user-facing string is marked for translation, and the English catalogue compiles."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2]
REMOVED = [
    r"{%\s*block main_class\s*%}.*?{%\s*endblock\s*%}",  # CSS class names
    r"{%\s*(blocktranslate|blocktrans)\b.*?{%\s*end(blocktranslate|blocktrans)\s*%}",
    r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}",
    r"<(script|style|code|pre|kbd)\b.*?</\1>",  # code, file formats and names a user types
    r"{#.*?#}",
    r"{%.*?%}",
    r"{{.*?}}",
    r"<[^>]*>",
]
# Product names and format names read the same in every language.
UNTRANSLATED = {"Learnloop", "PDF", "XLSX", "CSV", "JSON", "YAML", "API", "OpenAPI"}


def untranslated_text(template: Path) -> list[str]:
    text = template.read_text()
    for pattern in REMOVED:
        text = re.sub(pattern, " ", text, flags=re.S)
    words = re.findall(r"[A-Za-z][A-Za-z ,.'!?-]*[A-Za-z]", text)
    return [w for w in words if w.strip() not in UNTRANSLATED]


TEMPLATES = [
    path
    for path in sorted(PACKAGE.rglob("templates/**/*.html"))
    if "vendor" not in path.parts and path.name != "500.html"  # 500 must not use the database
]


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_template_text_is_marked_for_translation(template):
    assert untranslated_text(template) == []


def test_the_check_finds_unmarked_text(tmp_path):
    template = tmp_path / "page.html"
    template.write_text("<h1>{% translate 'Fine' %}</h1><p>Not marked</p>")
    assert untranslated_text(template) == ["Not marked"]


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="msgfmt (gettext) is not installed")
def test_english_catalogue_compiles():
    catalogue = PACKAGE / "locale" / "en" / "LC_MESSAGES" / "django.po"
    result = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(catalogue)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
