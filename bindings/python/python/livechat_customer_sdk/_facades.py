"""Run-time side of ``_facades.pyi``: the generated classes themselves.

The stub next to this file gives type checkers what the generated module cannot express: its
enum variants (``NewEvent.MESSAGE``...) are subclasses of their enum at run time (the generated
code makes them so after the class body), and ``ChatError`` has ``code`` / ``reason``.
"""

from ._livechat.livechat import ChatError, FormAnswer, NewEvent

__all__ = ["ChatError", "FormAnswer", "NewEvent"]
