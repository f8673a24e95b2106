"""The package's surface against the generated module: every generated name exported, every
variant of the enums an app constructs declared in the typing stub (_facades.pyi), every method
with its `_async` twin. No emulator needed."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path
from typing import Dict, List, Set

import livechat_customer_sdk as lc
from livechat_customer_sdk._livechat import livechat as generated


def tagged_enums() -> Dict[str, Set[str]]:
    """Generated enums whose variants are classes: enum name -> variant names."""
    enums: Dict[str, Set[str]] = {}
    for name, cls in vars(generated).items():
        if not isinstance(cls, type) or name.startswith("_"):
            continue
        variants = {
            attr
            for attr, value in vars(cls).items()
            if isinstance(value, type) and issubclass(value, cls) and value is not cls
        }
        if variants:
            enums[name] = variants
    return enums


def stub_classes() -> Dict[str, Set[str]]:
    stub = Path(lc.__file__).with_name("_facades.pyi")
    tree = ast.parse(stub.read_text())
    return {
        node.name: {inner.name for inner in node.body if isinstance(inner, ast.ClassDef)}
        for node in tree.body
        if isinstance(node, ast.ClassDef)
    }


# Enums the SDK only hands to the app (events, their contents, users, error codes): an app narrows
# them with isinstance / match, which type checkers accept on the generated classes as they are.
OUTPUT_ONLY = {"ChatEvent", "EventContent", "User", "ErrorCode"}


def test_every_generated_name_is_exported() -> None:
    missing = [name for name in generated.__all__ if not hasattr(lc, name) or name not in lc.__all__]
    assert missing == []


def test_the_typing_stub_declares_every_variant_of_every_enum_an_app_constructs() -> None:
    enums, stub = tagged_enums(), stub_classes()
    unclassified = set(enums) - OUTPUT_ONLY - set(stub)
    assert unclassified == set(), "new enum: declare it in _facades.pyi, or in OUTPUT_ONLY if apps never build one"
    for enum in sorted(set(stub) - {"ChatError"}):
        assert stub[enum] == enums[enum], f"{enum}: stub {sorted(stub[enum])} vs {sorted(enums[enum])}"
        assert getattr(lc, enum) is getattr(generated, enum)  # typing only: same class at run time
    assert stub["ChatError"] == enums["ChatError"] == {"Failed"}
    assert getattr(lc, "ChatError") is generated.ChatError  # the stub's ChatError is typing only


def test_every_method_has_its_async_twin() -> None:
    names: List[str] = [
        n for n in dir(lc.ChatClient) if not n.startswith("_") and callable(getattr(lc.ChatClient, n))
    ]
    plain = [n for n in names if not n.endswith("_async") and n not in ("init", "close", "aclose")]
    assert len(plain) > 40
    assert [n for n in plain if f"{n}_async" not in names] == []
    for name in plain:
        assert inspect.iscoroutinefunction(getattr(lc.ChatClient, f"{name}_async")), name
