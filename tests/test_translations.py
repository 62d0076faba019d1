"""The English interface: every Dutch string has an English translation, and a visitor who picks
English with the language switch gets English pages, not a mix."""

import ast
import gettext
import re
from pathlib import Path

from django.conf import settings
from django.utils import translation

import pytest

PO_FILE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%%|%\([^)]+\)[sd]|%[sd]|\{[a-z_]*\}|<[^>]+>")


def read_po(path):
    """The entries of a .po file as dicts: msgctxt, msgid, msgid_plural, msgstr (by plural index),
    flags and where (the first source reference).

    makemessages writes one entry per blank-line separated block, which is all this parser needs;
    obsolete (#~) lines and the header (the entry with an empty msgid) are left out."""
    entries = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
        entry = {
            "flags": set(),
            "where": "",
            "msgctxt": None,
            "msgid": "",
            "msgid_plural": None,
            "msgstr": {},
        }
        key = None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#:") and not entry["where"]:
                entry["where"] = line[2:].split()[0]
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                value = ast.literal_eval(line)
                if isinstance(key, int):
                    entry["msgstr"][key] += value
                else:
                    entry[key] += value
            else:
                keyword, _, rest = line.partition(" ")
                match = re.fullmatch(r"msgstr(?:\[(\d+)\])?", keyword)
                key = int(match.group(1) or 0) if match else keyword
                if isinstance(key, int):
                    entry["msgstr"][key] = ast.literal_eval(rest)
                else:
                    entry[key] = ast.literal_eval(rest)
        if entry["msgid"]:
            entries.append(entry)
    return entries


def test_the_po_file_parses_to_the_strings_makemessages_found():
    entries = read_po(PO_FILE)
    assert len(entries) > 500
    assert any(e["msgid"] == "Mijn aanvragen" for e in entries)
    assert any(e["msgid_plural"] for e in entries)


def test_every_dutch_string_has_a_checked_english_translation():
    problems = []
    for entry in read_po(PO_FILE):
        where = f"{entry['where']}: {entry['msgid'][:60]!r}"
        if "fuzzy" in entry["flags"]:
            problems.append(f"fuzzy (check it, then remove the flag) {where}")
        expected = 2 if entry["msgid_plural"] else 1
        translations = [entry["msgstr"].get(i, "") for i in range(expected)]
        if not all(text.strip() for text in translations):
            problems.append(f"untranslated {where}")
            continue
        sources = [entry["msgid"], entry["msgid_plural"]][:expected]
        for source, text in zip(sources, translations, strict=True):
            if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(text)):
                problems.append(f"placeholders or HTML differ {where}")
    assert not problems, "\n".join(problems)


def test_the_compiled_file_matches_the_po_file():
    """The .mo file is committed (a server without gettext still has English); it must hold
    exactly the translations of the .po file, so nobody forgets compilemessages."""
    compiled = PO_FILE.with_suffix(".mo")
    assert compiled.exists(), "run: python manage.py compilemessages --ignore=.venv"
    with compiled.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)
    stale = []
    for entry in read_po(PO_FILE):
        msgid, plural, context = entry["msgid"], entry["msgid_plural"], entry["msgctxt"]
        if plural and context is not None:
            found = [catalog.npgettext(context, msgid, plural, n) for n in (1, 2)]
        elif plural:
            found = [catalog.ngettext(msgid, plural, n) for n in (1, 2)]
        elif context is not None:
            found = [catalog.pgettext(context, msgid)]
        else:
            found = [catalog.gettext(msgid)]
        if found != [entry["msgstr"].get(i) for i in range(len(found))]:
            stale.append(msgid[:60])
    assert not stale, "compile the .po file again (compilemessages): " + ", ".join(stale[:5])


def test_plural_forms_work_in_english():
    with translation.override("en"):
        one = translation.ngettext(
            "%(counter)s aanvraag gevonden", "%(counter)s aanvragen gevonden", 1
        )
        many = translation.ngettext(
            "%(counter)s aanvraag gevonden", "%(counter)s aanvragen gevonden", 3
        )
    assert one % {"counter": 1} == "1 application found"
    assert many % {"counter": 3} == "3 applications found"


def english(client, url):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_the_search_page_in_english(client):
    html = english(client, "/zoeken/")
    assert '<html lang="en">' in html
    assert "<h1>Search</h1>" in html
    assert "What are you looking for?" in html
    assert "Search tips" in html
    assert "Skip to content" in html
    for dutch in ("Zoektips", "Waar zoekt u naar?", "Naar de inhoud", "Inloggen", "Hoofdmenu"):
        assert dutch not in html


@pytest.mark.django_db
def test_a_search_without_results_says_so_in_english(client):
    html = english(client, "/zoeken/?q=xyzzyquux")
    assert "No results for “xyzzyquux”." in html
    assert "Check the spelling, or try a different or more general word." in html
    assert "Geen resultaten" not in html


@pytest.mark.django_db
def test_the_login_page_in_english(client):
    html = english(client, "/account/login/")
    assert "<h1>Log in</h1>" in html
    assert "Forgotten your password?" in html
    assert "Create an account</a>" in html
    for dutch in ("Inloggen", "Wachtwoord vergeten?", "Maak een account aan"):
        assert dutch not in html


@pytest.mark.django_db
def test_the_login_page_stays_dutch_without_the_cookie(client):
    html = client.get("/account/login/").content.decode()
    assert "<h1>Inloggen</h1>" in html
    assert "Forgotten your password?" not in html
