"""All of a person's data in one ZIP: ``gegevens.json`` (the account and what every provider of
``core.personal_data`` exports) plus their files, read through the storage API.

``collect`` asks the providers once; ``write_zip`` streams the files into the archive one by
one, so a large account never sits in memory."""

import datetime
import json
import posixpath
import zipfile
from dataclasses import dataclass, field

from django.utils import timezone

from allauth.account.models import EmailAddress

from core import personal_data

from .storage import storage_for

JSON_NAME = "gegevens.json"
FILES_FOLDER = "bestanden"


@dataclass
class Collected:
    document: dict
    files: list[tuple[str, str, str]] = field(default_factory=list)  # storage, name, path

    def size_estimate(self):
        """Bytes before compression: the JSON plus every file that storage can measure."""
        total = len(_json_bytes(self.document))
        for storage_name, name, _path in self.files:
            try:
                total += storage_for(storage_name).size(name)
            except (OSError, ValueError):
                continue
        return total


def account_data(user):
    addresses = EmailAddress.objects.filter(user=user).order_by("-primary", "email")
    return {
        "e-mailadres": user.email,
        "voornaam": user.first_name,
        "achternaam": user.last_name,
        "gebruikersnaam": user.get_username(),
        "aangemeld_op": _iso(user.date_joined),
        "laatst_ingelogd": _iso(user.last_login),
        "e-mailadressen": [
            {"e-mailadres": a.email, "bevestigd": a.verified, "hoofdadres": a.primary}
            for a in addresses
        ],
    }


def collect(user):
    document = {
        "gemaakt_op": _iso(timezone.now()),
        "account": account_data(user),
        "gegevens": {},
        "bestanden": [],
    }
    files = []
    taken = set()
    for provider in personal_data.providers():
        export = provider.export(user)
        document["gegevens"][provider.key] = export.data
        for storage_name, name, path in export.files:
            path = _unique(_safe_path(path or name), taken)
            files.append((storage_name, name, path))
            document["bestanden"].append({"bron": provider.key, "pad": path})
    return Collected(document, files)


def write_zip(collected, stream):
    """Write the archive to ``stream`` (a binary file object); returns the number of files."""
    missing = []
    written = 0
    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for storage_name, name, path in collected.files:
            try:
                with storage_for(storage_name).open(name, "rb") as source:
                    with archive.open(path, "w", force_zip64=True) as target:
                        while chunk := source.read(1024 * 1024):
                            target.write(chunk)
                written += 1
            except (FileNotFoundError, OSError):
                # A file that is gone from storage is named, never a reason to give nothing.
                missing.append(path)
        document = dict(collected.document)
        if missing:
            document["ontbrekende_bestanden"] = missing
        archive.writestr(JSON_NAME, _json_bytes(document))
    return written


def _json_bytes(document):
    return json.dumps(document, ensure_ascii=False, indent=2, default=_default).encode("utf-8")


def _default(value):
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    return str(value)


def _iso(moment):
    return moment.isoformat() if moment else None


def _safe_path(path):
    """Inside ``bestanden/``, never outside the archive's root (no "..", no leading "/")."""
    parts = [p for p in str(path).replace("\\", "/").split("/") if p not in ("", ".", "..")]
    if parts and parts[0] == FILES_FOLDER:
        parts = parts[1:]
    return posixpath.join(FILES_FOLDER, *parts) if parts else f"{FILES_FOLDER}/bestand"


def _unique(path, taken):
    candidate, number = path, 1
    stem, ext = posixpath.splitext(path)
    while candidate in taken:
        number += 1
        candidate = f"{stem} ({number}){ext}"
    taken.add(candidate)
    return candidate
