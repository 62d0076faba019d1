"""Input that has broken web forms elsewhere: every public form gets it (tests/test_bad_input.py).

Each value either earns a clear Dutch message next to its field or is stored and shown escaped;
never a server error."""

import io
import zipfile

SCRIPT = "<script>alert(1)</script>"

# Free text: (name, value). The name shows in the test id.
TEXTS = [
    ("script", SCRIPT),
    ("html", '<img src=x onerror="alert(1)"><b>vet</b> & <i>schuin</i>'),
    ("sql", "' OR 1=1 -- ; DROP TABLE grants_application;"),
    ("template", "{{ 7*7 }} {% debug %} ${7*7} {{ request.user.password }}"),
    ("nul", "voor\x00na"),
    ("escape", "kleur\x1b[31mrood\x07"),
    ("zero_width", "onzicht\u200bbaar\ufeff"),
    ("rtl", "\u202egnissap fdp.exe"),
    ("emoji", "Moestuin 🌱🥕👩‍🌾 ✨"),
    ("long", "a" * 10_000),
]
TEXT_IDS = [name for name, _value in TEXTS]
TEXT_VALUES = [value for _name, value in TEXTS]

# Amounts: none of these is an amount a person meant; each gets a message.
BAD_AMOUNTS = ["0.001", "1e9", "-5", "€€", "1.2.3", "NaN", "Infinity", "9" * 40, "12\x00"]

# IBANs: wrong ones get a message; a right one typed lowercase with spaces is accepted.
BAD_IBANS = ["NL00ABNA0000000000", "NL91ABNA04171643001", "GB00" + "1" * 40, "NL91\x00ABNA"]
GOOD_IBAN_TYPED = "nl91 abna 0417 1643 00"

DATES = ["31-02-2026", "0000-00-00", "2026-13-01", "99999-01-01", "<script>"]

BAD_EMAILS = ["a@b", "a" * 300 + "@example.nl", "anna@example.nl\x00", "an na@x.nl", "<a>@x.nl"]
# Odd but valid (RFC 5322): accepted, and shown escaped wherever it appears.
ODD_EMAILS = ['"x"@y.nl', "o'brien+dorp@example.nl"]
EMAIL_IDS = ["no-dot", "very-long", "nul", "space", "html"]


def _zip_bytes(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64

# Files whose extension lies about what they are: (name, content).
LYING_FILES = [
    ("offerte.pdf", EXE),  # a program named .pdf
    ("foto.jpg", b"Dit is gewoon tekst, geen foto.\n"),  # a text file named .jpg
    ("plan.docx", _zip_bytes({"leesmij.txt": "geen document"})),  # a zip named .docx
    ("begroting.xlsx", _zip_bytes({"virus.exe": EXE})),  # a zip named .xlsx
    ("plan.odt", _zip_bytes({"mimetype": "application/zip"})),  # a zip named .odt
]
LYING_FILE_IDS = [name for name, _content in LYING_FILES]
