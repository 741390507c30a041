"""What an outline is made of: domains, their numbered tasks, and the layout they were read from."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class OutlineTask:
    """A numbered task: its number, title (and its offsets) and the text range it covers."""

    ordinal: int
    title: str
    title_start: int
    title_end: int
    start: int
    end: int


@dataclass(frozen=True)
class OutlineDomain:
    """A domain: number, title (None when the text lost it), range, task count and tasks."""

    ordinal: int
    title: str | None
    title_start: int
    title_end: int
    start: int
    end: int
    task_count: int | None = None
    tasks: tuple[OutlineTask, ...] = ()
    announcements: tuple[tuple[int, int], ...] = field(default=())


@dataclass(frozen=True)
class Outline:
    """The domains of a plan and the layout they were read from ("headings", "prose" or "heads")."""

    layout: str
    domains: tuple[OutlineDomain, ...]
