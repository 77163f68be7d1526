"""Anning (安宁): analytics for a telecom regulator's fight against spam SMS and harassing calls."""

__version__ = "0.1.0"
