"""pytest fixtures of the package (registered by the wheel as the ``livechat`` pytest plugin).

- ``livechat_emulator``: a fresh ``livechat_customer_sdk.testing.Emulator`` per test, stopped after.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

import pytest

if TYPE_CHECKING:
    from .testing import Emulator


@pytest.fixture
def livechat_emulator() -> Iterator[Emulator]:
    """A running emulator on a free port, for one test (see ``livechat_customer_sdk.testing``)."""
    from .testing import Emulator  # imported here: pytest loads the plugin in every session

    with Emulator() as emulator:
        yield emulator
