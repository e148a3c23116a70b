"""How rows of a Q.850 mapping table are grouped for display, by source and direction."""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property

from django.db import models

from .sources import Source, SourceKind


class Direction(models.TextChoices):
    TO_SIP = "to-sip", "Q.850 cause to SIP response"
    TO_CAUSE = "to-cause", "SIP response to Q.850 cause"


@dataclass
class MappingGroup:
    """One source's rows for one direction, and whether they disagree with the RFC's."""

    source: Source
    mappings: list
    differs: bool


def group_by_source(mappings: Iterable, *, target: Callable[[object], int]) -> list[MappingGroup]:
    """The RFC's rows first, then each stack's, flagged where they map to something else."""
    groups: dict[Source, list] = {}
    for mapping in mappings:
        groups.setdefault(mapping.source, []).append(mapping)
    ordered = sorted(groups.items(), key=lambda item: (item[0].kind != SourceKind.RFC, item[0].name))
    reference = {target(m) for source, rows in ordered if source.kind == SourceKind.RFC for m in rows}
    return [
        MappingGroup(source, rows, differs=source.kind != SourceKind.RFC and {target(m) for m in rows} != reference)
        for source, rows in ordered
    ]


class MappingEnd:
    """A SIP code or a Q.850 cause: one end of mapping rows that run in either direction."""

    def mapping_rows(self) -> Iterable:
        raise NotImplementedError

    @staticmethod
    def other_end(mapping) -> int:
        """The number at the far end of a row, which tells one source's rows from another's."""
        raise NotImplementedError

    def mappings_by_source(self, direction: "Direction") -> list[MappingGroup]:
        """This end's rows in one direction, the RFC's first, each stack's flagged where it differs."""
        rows = [m for m in self.mapping_rows() if m.direction == direction]
        return group_by_source(rows, target=self.other_end)

    @cached_property
    def mapping_groups(self) -> dict[str, list[MappingGroup]]:
        """Both directions, named for templates: `code.mapping_groups.to_cause`."""
        return {direction.name.lower(): self.mappings_by_source(direction) for direction in Direction}


# RFC 3398 §7.2.4.1: a cause its table does not list gets 500, except these, which get no response
# (16, normal clearing, becomes a BYE or CANCEL; 44 stays in the gateway, which tries another circuit).
UNLISTED_CAUSE_STATUS = 500
CAUSES_WITHOUT_STATUS = {16, 44}
# RFC 3398 §8.2.6.1: a 4xx–6xx response its table does not list maps to cause 31; 487 maps to nothing.
# (3xx responses are §8.2.5's: followed, or released with cause 23; the decoder judges only 4xx–6xx.)
UNLISTED_STATUS_CAUSE = 31
STATUSES_WITHOUT_CAUSE = {487}


class Interworking:
    """Both directions of every mapping table, to check a Q.850 cause against a SIP status."""

    def __init__(self, mappings: Iterable):
        self.to_sip: dict[int, dict[Source, set[int]]] = defaultdict(lambda: defaultdict(set))
        self.to_cause: dict[int, dict[Source, set[int]]] = defaultdict(lambda: defaultdict(set))
        for m in mappings:
            if m.direction == Direction.TO_SIP:
                self.to_sip[m.cause.number][m.source].add(m.code.code)
            else:
                self.to_cause[m.code.code][m.source].add(m.cause.number)

    @staticmethod
    def rfc(rows: dict[Source, set[int]]) -> set[int]:
        return {n for source, numbers in rows.items() if source.kind == SourceKind.RFC for n in numbers}

    def rfc_statuses(self, cause: int) -> set[int]:
        """The responses RFC 3398 sends for a cause, its default included."""
        if listed := self.rfc(self.to_sip.get(cause, {})):
            return listed
        return set() if cause in CAUSES_WITHOUT_STATUS else {UNLISTED_CAUSE_STATUS}

    def rfc_causes(self, status: int) -> set[int]:
        """The causes RFC 3398 gives a response, its default included."""
        if listed := self.rfc(self.to_cause.get(status, {})):
            return listed
        return set() if status in STATUSES_WITHOUT_CAUSE else {UNLISTED_STATUS_CAUSE}

    def stacks_pairing(self, cause: int, status: int) -> list[Source]:
        """The software whose tables pair this cause with this response, in either direction."""
        found = {s for s, codes in self.to_sip.get(cause, {}).items() if status in codes and s.kind != SourceKind.RFC}
        found |= {s for s, causes in self.to_cause.get(status, {}).items() if cause in causes and s.kind != SourceKind.RFC}
        return sorted(found, key=lambda source: source.name)
