"""The ../shared rule: absent material skips a test on a developer's machine and fails it in CI."""

from __future__ import annotations

import pytest

from shared_material import absent


def test_absent_material_fails_in_ci_and_skips_elsewhere(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true"):
        absent("samples not found")
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="samples not found"):
        absent("samples not found")
