"""Figures known to miss their budget, each with the reason and a looser ceiling that still
guards against regressions. Keep this list short and honest; the closing notes name each one.
"""

WAIVERS: dict[str, dict] = {}
