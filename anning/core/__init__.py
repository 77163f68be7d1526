"""Foundations every layer may use: settings and paths, quarters, text normalisation, number formats, credit codes, frozen bytes, roles. Imports nothing else from anning."""
