"""How rows of a Q.850 mapping table are grouped for display, by source and direction."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

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
