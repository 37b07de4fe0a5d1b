"""The desktop app (PySide6): windows, views, dialogs and item models over the services."""
