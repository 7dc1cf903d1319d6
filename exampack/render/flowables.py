"""Flowables shared by the PDF renderers."""

from __future__ import annotations

from reportlab.platypus import Flowable


class Together(Flowable):
    """Flowables kept in one frame (a page or a column): wrapped once, moved whole to the next frame when
    they do not fit the space left, and split back into their parts only when even a fresh frame is too
    short for them."""

    def __init__(self, *parts: Flowable) -> None:
        super().__init__()
        self.parts = list(parts)
        self.heights: list[float] = []
        self._wrapped_at: float | None = None

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        if self._wrapped_at != available_width:
            self.heights = [p.wrap(available_width, available_height)[1] for p in self.parts]
            self._wrapped_at = available_width
        gaps = sum(before.getSpaceAfter() + after.getSpaceBefore() for before, after in zip(self.parts, self.parts[1:]))
        self.width, self.height = available_width, sum(self.heights) + gaps
        return self.width, self.height

    def getSpaceBefore(self) -> float:
        return self.parts[0].getSpaceBefore()

    def getSpaceAfter(self) -> float:
        return self.parts[-1].getSpaceAfter()

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        frame = getattr(self, "_frame", None)  # set by the frame that tries to place this
        return list(self.parts) if frame is not None and getattr(frame, "_atTop", False) else []

    def draw(self) -> None:
        y = self.height
        for index, (part, height) in enumerate(zip(self.parts, self.heights)):
            if index:
                y -= self.parts[index - 1].getSpaceAfter() + part.getSpaceBefore()
            y -= height
            part.drawOn(self.canv, 0, y)
