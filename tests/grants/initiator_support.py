"""Helpers for the initiator's tests: what a browser posts for the application form, and small
files of each kind."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile

from PIL import Image

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


def pdf(name="offerte.pdf", size=None):
    content = PDF_BYTES if size is None else PDF_BYTES + b"0" * (size - len(PDF_BYTES))
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def exe_as_pdf(name="offerte.pdf"):
    return SimpleUploadedFile(name, EXE_BYTES, content_type="application/pdf")


def image_bytes(fmt="JPEG", size=(32, 24)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (40, 120, 60)).save(buffer, format=fmt)
    return buffer.getvalue()


def photo(name="tuin.jpg", fmt="JPEG"):
    return SimpleUploadedFile(name, image_bytes(fmt), content_type="image/jpeg")


def management(prefix, total, initial=0, max_num=1000):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": str(max_num),
    }


def budget_rows(rows, initial=0, extra=1, start=0):
    """``rows``: list of (kind, description, amount[, id]) for the budget formset."""
    data = management("budget", len(rows) + extra, initial=initial)
    for index, row in enumerate(rows, start=start):
        kind, description, amount, *rest = row
        data[f"budget-{index}-kind"] = kind
        data[f"budget-{index}-description"] = description
        data[f"budget-{index}-amount"] = amount
        if rest:
            data[f"budget-{index}-id"] = str(rest[0])
    for index in range(len(rows), len(rows) + extra):
        data[f"budget-{index}-kind"] = "cost"
        data[f"budget-{index}-description"] = ""
        data[f"budget-{index}-amount"] = ""
    return data


def application_data(scheme, village, category, /, *, budget=None, action="save", **overrides):
    """A complete application as the form posts it; ``overrides`` replace single fields."""
    data = {
        "scheme": str(scheme.pk),
        "village": str(village.pk),
        "category": str(category.pk),
        "title": "Speeltuin De Linde",
        "summary": "Een speelplek voor de kinderen in het dorp.",
        "plan_what": "We plaatsen een klimrek en twee bankjes.",
        "plan_for_whom": "Kinderen tot twaalf jaar en hun ouders.",
        "plan_when": "In het voorjaar.",
        "plan_with_whom": "De buurtvereniging.",
        "principles": ["collaboration", "rewarding"],
        "volunteer_hours": "40",
        "organisation_type": "informal",
        "organisation_name": "Buurtgroep De Linde",
        "kvk_number": "",
        "contact_name": "Anna de Vries",
        "contact_email": "anna@example.nl",
        "contact_phone": "06 12345678",
        "iban": "nl91 abna 0417 1643 00",
        "iban_holder": "Buurtgroep De Linde",
        "privacy_consent": "on",
        "public_consent": "on",
        "action": action,
    }
    data.update(
        budget_rows(
            budget
            if budget is not None
            else [
                ("cost", "Klimrek", "2.500,00"),
                ("own_contribution", "Sponsorloop", "500"),
            ]
        )
    )
    data.update(management("attachments", 2))
    data["attachments-0-kind"] = "quote"
    data["attachments-1-kind"] = "quote"
    for key, value in overrides.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


# --- the stepped form (grants.application_steps) -----------------------------------------------

STEP_SLUGS = ("uw-initiatief", "wie-bent-u", "geld", "bijlagen", "controleren")


def step_url(reference, slug):
    from django.urls import reverse

    return reverse("grants:application_step", args=[reference, slug])


def apply_in_steps(client, data, *, until="controleren", reference=None):
    """Post ``data`` (``application_data``) step by step, as a person clicks "Opslaan en
    verder": the first step on the new form (or on ``reference``'s step 1), then each step up to
    ``until``. Every step reads only its own fields. Returns the last response and the draft's
    reference (None when the first step was refused); stops at the first refused step."""
    from django.urls import reverse

    from grants.models import Application

    # Files go with the attachments step only (an upload is read once).
    without_files = {k: v for k, v in data.items() if not hasattr(v, "read")}
    url = step_url(reference, STEP_SLUGS[0]) if reference else reverse("grants:application_create")
    response = client.post(url, without_files)
    if response.status_code != 302 or until == STEP_SLUGS[0]:
        return response, reference or _reference_from(response, Application)
    reference = reference or _reference_from(response, Application)
    for slug in STEP_SLUGS[1:]:
        response = client.post(
            step_url(reference, slug), data if slug == "bijlagen" else without_files
        )
        if response.status_code != 302 or slug == until:
            break
    return response, reference


def _reference_from(response, Application):
    if response.status_code != 302:
        return None
    location = response["Location"]
    return next(
        (ref for ref in Application.objects.values_list("reference", flat=True) if ref in location),
        None,
    )
