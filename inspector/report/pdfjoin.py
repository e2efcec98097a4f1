"""Joining a PDF rendered in parts (pypdf): page labels stamped on, pages and outline joined.

Each part is laid out by WeasyPrint without its footer, because the footer says "page n of
N" and N is only known once every part is laid out. The footers are then rendered, all
parts' pages known, as pages that hold nothing but the footer (the report's own stylesheet
and margin boxes: the same font, size and place) and drawn over the part's pages. The
outline (PDF bookmarks, the report's table of contents) is built from every part's headings
with WeasyPrint's own rule for skipped levels, as a single render builds it.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import Fit

# What a single render's document information says; pypdf would name itself the producer.
_INFO_KEYS = ("/Title", "/Producer", "/Creator", "/Author", "/Subject", "/Keywords")


@dataclass(frozen=True)
class Bookmark:
    """A heading: its page in the part (from 0), level (h1 = 1), text, and the point the
    outline jumps to, in PDF points from the page's bottom left."""

    page: int
    level: int
    label: str
    x: float
    y: float
    is_open: bool = True


@dataclass
class OutlineNode:
    mark: Bookmark
    children: list[OutlineNode] = field(default_factory=list)


def outline_tree(marks: Sequence[Bookmark]) -> list[OutlineNode]:
    """The headings as a tree, as WeasyPrint nests them: a heading that skips levels (an h3
    under an h1) is one level deeper, not two."""
    root: list[OutlineNode] = []
    last_by_depth: list[list[OutlineNode]] = [root]
    skipped: list[int] = []
    previous = 0
    for mark in marks:
        if mark.level > previous:
            skipped.append(mark.level - previous - 1)
        else:
            level = mark.level
            while level < previous:
                level += 1 + skipped.pop()
            if level > previous:
                skipped.append(level - previous - 1)
        previous = mark.level
        depth = mark.level - sum(skipped)
        node = OutlineNode(mark)
        last_by_depth[depth - 1].append(node)
        del last_by_depth[depth:]
        last_by_depth.append(node.children)
    return root


def stamp(part: Path, stamps: bytes, target: Path) -> None:
    """`part` with each page of `stamps` (the footers; pages beyond the part's are not
    used) drawn over its page, into `target`."""
    writer = PdfWriter(clone_from=part)
    footers = PdfReader(io.BytesIO(stamps))
    if len(footers.pages) < len(writer.pages):
        raise ValueError(f"{part.name}: {len(writer.pages)} pages, "
                         f"{len(footers.pages)} footers")
    for page, footer in zip(writer.pages, footers.pages, strict=False):
        page.merge_page(footer)
        page.compress_content_streams()  # merging leaves the page's content uncompressed
    with target.open("wb") as out:
        writer.write(out)


def join(parts: Sequence[Path], marks: Sequence[Bookmark], target: Path) -> int:
    """The parts' pages in order, one outline over all, the first part's document
    information; returns the number of pages. `marks` count pages over all parts."""
    writer = PdfWriter()
    for part in parts:
        writer.append(part, import_outline=False)
    info = PdfReader(parts[0]).metadata
    if info is not None:
        writer.add_metadata({key: str(info[key]) for key in _INFO_KEYS if key in info})
    _add_outline(writer, outline_tree(marks), None)
    # Every part's footers embed the very same font subset (pdfsplit.stamp_html sees to
    # it): kept once, as any other equal object. Each part's subset of the report's own
    # fonts differs and stays.
    writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
    with target.open("wb") as out:
        writer.write(out)
    return len(writer.pages)


def _add_outline(writer: PdfWriter, nodes: Sequence[OutlineNode], parent: object) -> None:
    for node in nodes:
        mark = node.mark
        item = writer.add_outline_item(
            title=mark.label, page_number=mark.page, parent=parent,  # type: ignore[arg-type]
            fit=Fit.xyz(left=mark.x, top=mark.y, zoom=0), is_open=mark.is_open)
        _add_outline(writer, node.children, item)
