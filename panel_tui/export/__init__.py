"""HR outputs of a session: CSV, Excel, JSON and a printable report (issue 6)."""
