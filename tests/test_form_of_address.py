"""One form of address: the portal says "u" to residents, never "je", "jij", "jouw" or "jullie"
(issue 14). Checked over every translatable Dutch string (the msgids of the compiled English
catalogue, which ``makemessages`` collects from all code and templates) and over every text in
the demo content, which is what a new municipality starts from."""

import ast
import gettext
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
INFORMAL = re.compile(r"\b(je|jij|jou|jouw|jullie)\b", re.IGNORECASE)


def informal(texts):
    return sorted({text for text in texts if INFORMAL.search(text)})


def catalogue_msgids():
    with open(REPO / "locale/en/LC_MESSAGES/django.mo", "rb") as mo:
        catalogue = gettext.GNUTranslations(mo)._catalog
    for key in catalogue:
        msgid = key[0] if isinstance(key, tuple) else key
        if msgid:  # the header
            yield msgid.split("\x04")[-1]  # without a context


def demo_texts():
    for path in sorted((REPO / "demo").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                yield node.value


def test_the_catalogue_holds_the_interface():
    msgids = list(catalogue_msgids())
    assert len(msgids) > 1000
    assert "Mijn aanvragen" in msgids


@pytest.mark.parametrize("texts", [catalogue_msgids, demo_texts], ids=["interface", "demo"])
def test_no_informal_address(texts):
    assert informal(texts()) == []


def test_the_check_finds_the_informal_words():
    found = informal(["Deel je idee.", "Jouw dorp", "Wat hebben jullie geleerd?", "bijeenkomst"])
    assert found == ["Deel je idee.", "Jouw dorp", "Wat hebben jullie geleerd?"]
