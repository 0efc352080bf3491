"""Parts of chandelle a page relies on, imported lazily so a missing part gives a clear page."""

from __future__ import annotations

import importlib
from types import ModuleType

from chandelle.errors import ChandelleError


class FeatureMissingError(ChandelleError):
    """A page needs a part of chandelle that this installation does not have."""

    http_status = 501


def require(module_name: str, feature: str) -> ModuleType:
    """Import ``module_name`` or raise FeatureMissingError naming the feature (a msgid)."""
    try:
        return importlib.import_module(module_name)
    except ImportError as exc:
        if exc.name is not None and not exc.name.startswith("chandelle"):
            raise                      # a third-party library is missing: a real installation error
        raise FeatureMissingError(
            "This page needs the {feature} part of chandelle, which is not installed in this version.",
            hint="Update chandelle; the rest of the app works meanwhile.", feature=feature,
        ) from exc


def require_attribute(module_name: str, attribute: str, feature: str) -> object:
    """``module_name.attribute``, or FeatureMissingError when that part has not landed."""
    module = require(module_name, feature)
    if not hasattr(module, attribute):
        raise FeatureMissingError(
            "This page needs the {feature} part of chandelle, which is not installed in this version.",
            hint="Update chandelle; the rest of the app works meanwhile.", feature=feature,
        )
    return getattr(module, attribute)
