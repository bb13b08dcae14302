"""Withdrawals outlive contacts.yaml: a reading that marks someone `contactable: false` is recorded (in
peerbot's database, `bot.state.withdrawals`), and everyone recorded is left out of the directory's
suggestions whatever the file says now: missing, damaged, replaced by an older copy or cut short. Every
directory is built through `bot.corpus.directory_of`, which keeps them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Protocol

from bot.contacts.directory import Directory
from bot.contacts.file import Contacts


class WithdrawalRecords(Protocol):
    def record_withdrawals(self, names: Iterable[str]) -> None: ...

    def withdrawn_among(self, names: Iterable[str]) -> set[str]: ...

    def withdrawals_version(self) -> str: ...


def kept_withdrawn(directory: Directory, contacts: Contacts, records: WithdrawalRecords) -> tuple[Directory, str]:
    """`directory` (built from `contacts`) with everyone ever withdrawn marked not contactable, this reading's
    withdrawals recorded first; and the version of the withdrawals it keeps (read before them: a change made
    meanwhile only makes it look older than it is)."""
    records.record_withdrawals(detail.name for detail in contacts.details if not detail.contactable)
    version = records.withdrawals_version()
    withdrawn = records.withdrawn_among(person.name for person in directory.people.values())
    if not withdrawn:
        return directory, version
    return replace(directory, people={key: replace(person, contactable=False) if person.name in withdrawn else person
                                      for key, person in directory.people.items()}), version
