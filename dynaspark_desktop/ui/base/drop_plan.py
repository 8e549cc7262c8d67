"""What a drop (or a paste, or the file dialog) brings, sorted without reading any file:
images for the image preparation, documents for the document reader, and what cannot be
attached, each with its reason. The drag-over hint says it before the drop."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QMimeData

from dynaspark_desktop.core.documents import (
    PDF,
    describe_kinds,
    kind_of_name,
    refusal_for_name,
)
from dynaspark_desktop.core.i18n import translate


@dataclass
class DropPlan:
    images: list[Path] = field(default_factory=list)
    documents: list[Path] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # a sentence each, naming the file

    @property
    def pdfs(self) -> int:
        return sum(1 for path in self.documents if kind_of_name(path.name) == PDF)


def plan_drop(mime: QMimeData) -> DropPlan | None:
    """The local files of ``mime`` sorted; None when it carries no local file (raw image
    data, a web link: the image intake takes those as before)."""
    if not mime.hasUrls():
        return None
    paths = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
    if not paths:
        return None
    plan = DropPlan()
    for path in paths:
        name = path.name
        refusal = refusal_for_name(name)
        if refusal is not None:
            plan.refused.append(refusal)
        elif _is_folder(path):
            plan.refused.append(
                translate("DropPlan", "“{name}” is a folder: attach the files in it.").format(
                    name=name
                )
            )
        elif kind_of_name(name) is not None:
            # A document by its name: the reader looks inside (binary data is refused).
            plan.documents.append(path)
        else:
            # An image by its name, or unknown (a photo without an extension, a special
            # file): the image intake reads its content and says what it is not.
            plan.images.append(path)
    return plan


def _is_folder(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # not allowed to look: the reader tries it and says why not
        return False


def drop_hint(plan: DropPlan | None) -> str:
    """The drag-over text: "Drop to attach 2 images and 1 PDF", and what will be refused."""
    if plan is None:
        return translate("DropPlan", "Drop the image to attach it")
    pdfs = plan.pdfs
    what = describe_kinds(len(plan.images), pdfs, len(plan.documents) - pdfs)
    lines = []
    if what:
        lines.append(translate("DropPlan", "Drop to attach {what}").format(what=what))
    lines.extend(plan.refused)
    return "\n".join(lines) or translate("DropPlan", "Nothing here can be attached")


def images_only(mime: QMimeData, plan: DropPlan) -> QMimeData:
    """A copy of ``mime`` carrying only the plan's images (for the image intake)."""
    from PySide6.QtCore import QUrl

    rest = QMimeData()
    rest.setUrls([QUrl.fromLocalFile(str(path)) for path in plan.images])
    return rest
