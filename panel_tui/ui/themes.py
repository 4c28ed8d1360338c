"""Themes in plain words: dark, light, and a high-contrast one (Textual ships none)."""

from __future__ import annotations

from dataclasses import replace

from textual.theme import BUILTIN_THEMES, Theme

DARK = replace(BUILTIN_THEMES["textual-dark"], name="dark")
LIGHT = replace(BUILTIN_THEMES["textual-light"], name="light")

HIGH_CONTRAST = Theme(
    name="high-contrast",
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FFFF00",
    warning="#FFD700",
    error="#FF8080",
    success="#00FF00",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#202020",
    boost="#FFFFFF",
    dark=True,
    luminosity_spread=0.0,
    text_alpha=1.0,
    variables={
        "text-muted": "#FFFFFF",
        "text-disabled": "#D0D0D0",
        "border": "#FFFFFF",
        "border-blurred": "#C0C0C0",
        "footer-key-foreground": "#FFFF00",
        "footer-description-foreground": "#FFFFFF",
        "input-selection-background": "#FFFF00 60%",
        "block-cursor-foreground": "#000000",
        "block-cursor-background": "#FFFF00",
        "block-cursor-text-style": "bold",
    },
)

THEME_CYCLE = ("dark", "light", "high-contrast")
THEMES = (DARK, LIGHT, HIGH_CONTRAST)
OLD_NAMES = {"textual-dark": "dark", "textual-light": "light"}
"""Names remembered by 0.1, read as today's."""
PLAIN_NAMES = {"dark": "dark", "light": "light", "high-contrast": "high contrast"}
