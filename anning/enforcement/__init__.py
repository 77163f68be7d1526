"""Enforcement analysis (actions, takedowns, penalty caps, the responsibility chain) and the rules that pick name-and-shame candidates."""
