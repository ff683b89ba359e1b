"""Briefing mode: the projector screens and the files a presenter takes away (PNG, SVG, PowerPoint, Excel, CSV)."""
