"""The foundation's unit-test helpers (`tests/unit/support.py`), for the staff pages' tests.

This package cannot import `tests.unit` by name (the repository's own `tests` package comes
first on the path), so the module is loaded from its file once.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

_NAME = "portal_unit_support"
if _NAME not in sys.modules:
    _spec = importlib.util.spec_from_file_location(
        _NAME, Path(__file__).resolve().parent.parent / "unit" / "support.py"
    )
    assert _spec is not None
    assert _spec.loader is not None
    sys.modules[_NAME] = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(sys.modules[_NAME])
_support = sys.modules[_NAME]

portal = _support.portal
csrf = _support.csrf
sign_in = _support.sign_in
bearer = _support.bearer
