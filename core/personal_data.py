"""The one registry of personal data: every app that stores something about a person registers a
provider here (in its AppConfig.ready), and the ``privacy`` app asks all of them. So "Mijn
gegevens", the download, deleting an account and the retention terms never need to know which
apps exist, and an app cannot add personal data without saying how it is shown, exported, erased
and kept.

A provider is any object with these methods (see ``PersonalDataProvider``):

- ``describe(user) -> list[Holding]``: what is stored about this person, in words for them.
- ``export(user) -> Export``: all of it as JSON-able data plus the files (storage name, name in
  the archive), for the download.
- ``erase(user) -> Erasure``: called when the account is deleted. Removes what may go at once
  (drafts, registrations) and anonymises what a legal term keeps (submitted applications), so that
  afterwards nothing personal of this user is left in its tables, files or the search index.
- ``due_for_retention(until) -> Iterable[RetentionItem]``: records whose term ends on or before
  the date ``until`` (today for ``apply_retention``; today + N days for the officials' coming
  list), not yet anonymised or destroyed.
- ``apply_retention(item) -> None``: anonymise or destroy one such record (idempotent).

Optional:

- ``apply_retention_many(items) -> None``: the same for many items at once (bulk updates);
  ``privacy.retention`` uses it when a provider has it.
- ``warn(item) -> int``: send the warning mail for an item with ``warning_days``; the item is
  applied only once the warning went out at least ``warning_days`` before (privacy records it).
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal, Protocol

ANONYMISE = "anonymise"
DESTROY = "destroy"
Action = Literal["anonymise", "destroy"]


@dataclass(frozen=True)
class Holding:
    """One kind of record a person has, as the "Mijn gegevens" page shows it."""

    label: str  # "Aanvragen", "Inschrijvingen voor bijeenkomsten", ...
    count: int
    # What happens to it when the account is deleted, and why/until when, in plain Dutch.
    on_delete: str
    kept_until: datetime.date | None = None
    # True: it stays after the account is deleted, anonymised, under a legal term (applications);
    # False: it is deleted with the account.
    kept: bool = False
    # What happens while the account stays ("Houdt u uw account, dan ..."), for Mijn gegevens;
    # kept apart from ``on_delete`` so the delete pages never mix the two.
    if_kept: str = ""


@dataclass
class Export:
    data: dict = field(default_factory=dict)  # JSON-able, one key per provider
    # (storage alias or callable name, name in storage, path inside the archive)
    files: list[tuple[str, str, str]] = field(default_factory=list)


@dataclass
class Erasure:
    deleted: int = 0
    anonymised: int = 0
    files_removed: int = 0


@dataclass(frozen=True)
class RetentionItem:
    """A record whose retention term has passed: the key lets officials put it on hold."""

    kind: str  # stable key, e.g. "grants.application", "home.formsubmission"
    label: str  # the record as an official recognises it ("DI-2024-0012 Moestuin Oosterend")
    object_id: str
    action: Action
    due: datetime.date  # the day the term ends
    reason: str  # "2 jaar na het besluit (afgewezen)", ...
    # Days ahead of ``due`` the person is warned (``provider.warn``); 0: no warning.
    warning_days: int = 0


class PersonalDataProvider(Protocol):
    key: str

    def describe(self, user) -> list[Holding]: ...

    def export(self, user) -> Export: ...

    def erase(self, user) -> Erasure: ...

    def due_for_retention(self, until: datetime.date) -> Iterable[RetentionItem]: ...

    def apply_retention(self, item: RetentionItem) -> None: ...


def add_months(day, months):
    """``day`` plus ``months`` (negative: back), on the month's last day where it is shorter
    (31 January + 1 month = 28 or 29 February): how every retention term is counted."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


_providers: dict[str, PersonalDataProvider] = {}


def register(provider: PersonalDataProvider) -> PersonalDataProvider:
    _providers[provider.key] = provider
    return provider


def providers() -> list[PersonalDataProvider]:
    return list(_providers.values())


def provider(key: str) -> PersonalDataProvider:
    return _providers[key]
