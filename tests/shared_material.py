"""The ../shared rule, importable by conftest.py and by its own test: absent material skips a test
on a developer's machine and fails it in CI (CI=true), where the material must be present."""

from __future__ import annotations

import os

import pytest


def in_ci() -> bool:
    """CI=true (GitHub Actions, GitLab, most CI services set it)."""
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def absent(reason: str) -> None:
    """Skip a test whose material is absent on a developer's machine; fail it in CI, where it must run."""
    if in_ci():
        pytest.fail(f"{reason} — CI=true: the material must be there (CHANDELLE_SHARED)", pytrace=False)
    pytest.skip(reason)
