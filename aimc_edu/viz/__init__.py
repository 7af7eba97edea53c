"""Figures: style, plot builders and the paper's figures. Arrays in, matplotlib artists out; no science here."""
