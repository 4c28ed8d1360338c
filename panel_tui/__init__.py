"""panel-tui: co-produced interview panels in the terminal."""

__version__ = "0.1.0"
