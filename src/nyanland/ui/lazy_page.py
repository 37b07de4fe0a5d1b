"""A tab whose view, and what the view imports (QtCharts: a third of a second), is built when
the tab is first shown: a user who never opens it starts the program without it."""

from __future__ import annotations

import importlib
from typing import Any, Generic, TypeVar

from PySide6.QtWidgets import QVBoxLayout, QWidget

V = TypeVar("V", bound=QWidget)


class LazyPage(QWidget, Generic[V]):
    """`module.view(*arguments)`, made at the first look."""

    def __init__(self, module: str, view: str, *arguments: Any) -> None:
        super().__init__()
        QVBoxLayout(self).setContentsMargins(0, 0, 0, 0)
        self._module, self._view, self._arguments = module, view, arguments
        self.built: V | None = None

    @property
    def view(self) -> V:
        if self.built is None:
            made: V = getattr(importlib.import_module(self._module), self._view)(*self._arguments)
            layout = self.layout()
            assert layout is not None
            layout.addWidget(made)
            self.built = made
        return self.built
