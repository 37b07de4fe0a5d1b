"""The small parts every dialog shares, kept apart from the forms so the sign-in dialog can
show before the rest of the app is loaded."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox

ERROR_STYLE = "color: #b00020;"


def ok_cancel(dialog: QDialog, ok_text: str | None = None) -> QDialogButtonBox:
    """A dialog's OK and Cancel buttons, wired to accept and reject; OK may be renamed."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    if ok_text is not None:
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons
