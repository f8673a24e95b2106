"""LiveChat Customer SDK for Python.

Everything the Rust SDK exports (``ChatClient``, ``ChatConfig``, ``ChatEvent``, ``ChatError``...)
is re-exported from the UniFFI-generated module; see ``helpers`` for the Python-side sugar.
"""

from ._livechat import *  # noqa: F401,F403  (the generated API)
from ._livechat import livechat as _generated

__all__ = list(_generated.__all__)
