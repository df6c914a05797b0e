"""Maatje's authored knowledge: data files under ``content/data`` and their loader and linter."""
