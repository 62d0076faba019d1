"""Small spreadsheets for the import and export tests, built in memory."""

import csv
import io
import re
import zipfile

import openpyxl

HEADERS = [
    "Kenmerk",
    "Naam initiatief",
    "Regeling",
    "Kern",
    "Categorie",
    "Status",
    "Organisatie",
    "Gevraagd bedrag",
    "Toegekend bedrag",
    "Ingediend op",
    "Besloten op",
]


def make_row(scheme, village, category, **values):
    """One row for ``HEADERS``; keyword arguments override by header (spaces as _)."""
    row = {
        "Kenmerk": "OUD-2024-001",
        "Naam initiatief": "Jeu-de-boulesbaan bij het dorpshuis",
        "Regeling": scheme.name,
        "Kern": village.name,
        "Categorie": category.name,
        "Status": "Toegekend",
        "Organisatie": "Boulesclub De Kuil",
        "Gevraagd bedrag": 2500,
        "Toegekend bedrag": 2000,
        "Ingediend op": "04-03-2024",
        "Besloten op": "15-04-2024",
    }
    for key, value in values.items():
        row[key.replace("_", " ")] = value
    return row


def xlsx_bytes(rows, headers=None):
    headers = headers or (list(rows[0]) if rows and isinstance(rows[0], dict) else HEADERS)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(h) for h in headers] if isinstance(row, dict) else row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def csv_bytes(rows, headers=None, delimiter=";", encoding="utf-8-sig"):
    headers = headers or list(rows[0])
    output = io.StringIO()
    writer = csv.writer(output, delimiter=delimiter)
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if row.get(h) is None else row.get(h) for h in headers])
    return output.getvalue().encode(encoding)


def with_cached_formula(data, cell, formula, cached):
    """The workbook ``data`` with ``cell`` turned into ``=formula`` whose cached value (what
    Excel stores next to it, and what a reader with ``data_only=True`` sees) is ``cached``."""
    source = zipfile.ZipFile(io.BytesIO(data))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                xml = content.decode()
                xml, count = re.subn(
                    rf'<c r="{cell}"[^>]*?(/>|>.*?</c>)',
                    f'<c r="{cell}"><f>{formula}</f><v>{cached}</v></c>',
                    xml,
                )
                assert count == 1, xml
                content = xml.encode()
            target.writestr(item, content)
    return output.getvalue()


def read_xlsx(data):
    """All rows of the first sheet as lists of values (formulas as text)."""
    workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=False)
    return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]


def read_xlsx_cells(data):
    workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=False)
    return [list(row) for row in workbook.worksheets[0].iter_rows()]


def read_csv(data):
    text = data.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))
