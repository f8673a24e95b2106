"""Prints the public API of a generated binding, one declaration a line, in generated order:
what a host app can name. Internals (FFI converters, checksums, private helpers) are left out.
Usage: api-surface.py python|kotlin|swift FILE"""
import re
import sys

INTERNAL = re.compile(r"uniffi|Uniffi|UNIFFI|FfiConverter|RustBuffer|ForeignBytes|RustCallStatus|_ffi_|Ffi\b|NoPointer|Cleaner")


def python(lines):
    owner, in_doc = None, False
    for line in lines:
        if line.count('"""') % 2 == 1:
            in_doc = not in_doc
            continue
        if in_doc:
            continue
        if m := re.match(r"^class (\w+)", line):
            owner = m.group(1)
            if not owner.startswith("_"):
                yield line.rstrip(":\n ")
        elif m := re.match(r"^def ([a-z]\w*)\(", line):
            owner = None
            yield line.strip().rstrip(":")
        elif re.match(r"^\S", line):
            owner = None
        elif owner and not owner.startswith("_") and (m := re.match(r"^    (async )?def ([a-z]\w*|__init__)\(", line)):
            yield f"{owner}.{line.strip().rstrip(':')}"
        elif owner and not owner.startswith("_") and re.match(r"^    [a-z]\w*: ", line):
            yield f"{owner}.{line.strip()}"


def kotlin(lines):
    # Top-level and member declarations only (deeper ones are locals); record fields are `val`s at
    # indent 4 inside `data class (`.
    decl = re.compile(r"^( {0,4})(public |open |data |sealed |enum |abstract |suspend |actual )*"
                      r"(class|interface|object|fun|val|var) ")
    for line in lines:
        text = line.strip()
        if decl.match(line):
            yield text.rstrip("{ ").rstrip()


def swift(lines):
    for line in lines:
        text = line.strip()
        if re.match(r"^(public|open) ", text):
            yield text.rstrip("{ ").rstrip()


kind, path = sys.argv[1], sys.argv[2]
with open(path, encoding="utf-8") as source:
    for declaration in {"python": python, "kotlin": kotlin, "swift": swift}[kind](source.readlines()):
        if not INTERNAL.search(declaration):
            print(declaration)
