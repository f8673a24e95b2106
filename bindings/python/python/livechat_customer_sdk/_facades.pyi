# Typed views of generated classes, for type checkers only (at run time `_facades.py` re-exports
# the generated classes unchanged).
#
# The generated module declares each enum variant as a class nested in its enum and makes it a
# subclass of the enum only after the class body (`NewEvent.MESSAGE = type(..., (MESSAGE,
# NewEvent), {})`), which type checkers do not follow: to them `NewEvent.MESSAGE(text="Hi")` is
# not a `NewEvent`, and `send_event(chat_id, NewEvent.MESSAGE(...))` is an error. Here the
# variants of the enums an app constructs are declared as what they are at run time. `ChatError`
# is declared with the fields of its one variant (`Failed`), which every raised `ChatError` is.
#
# tests/test_typing.py checks that every variant the generated module has is declared here (a new
# variant in Rust fails CI until it is added).

from ._livechat import livechat as _g
from ._livechat.livechat import ErrorCode

class NewEvent(_g.NewEvent):
    class MESSAGE(_g.NewEvent.MESSAGE, NewEvent): ...
    class FILE(_g.NewEvent.FILE, NewEvent): ...
    class FILLED_FORM(_g.NewEvent.FILLED_FORM, NewEvent): ...
    class SYSTEM_MESSAGE(_g.NewEvent.SYSTEM_MESSAGE, NewEvent): ...
    class CUSTOM(_g.NewEvent.CUSTOM, NewEvent): ...

class FormAnswer(_g.FormAnswer):
    class TEXT(_g.FormAnswer.TEXT, FormAnswer): ...
    class CHOICE(_g.FormAnswer.CHOICE, FormAnswer): ...

class ChatError(Exception):
    """An SDK error: `code` is stable (branch on it, or on `error_code()`), `reason` is for
    humans and logs."""

    code: str
    reason: str
    def error_code(self) -> ErrorCode: ...

    class Failed(ChatError):
        def __init__(self, code: str, reason: str) -> None: ...

__all__ = ["ChatError", "FormAnswer", "NewEvent"]
