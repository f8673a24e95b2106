"""Writes every fenced code block of a README to a file named by its first line
(`# readme: NAME`), so CI can run or type-check exactly what the README shows.

    python tools/readme_blocks.py README.md OUTDIR     # prints the names written

A block without a name line fails: every block is executed or type-checked in CI.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.S | re.M)
NAME = re.compile(r"^# readme: ([\w.-]+)\n")


def main(readme: str, out: str) -> int:
    target = Path(out)
    target.mkdir(parents=True, exist_ok=True)
    names = []
    for language, body in FENCE.findall(Path(readme).read_text()):
        match = NAME.match(body)
        if not match:
            print(f"{readme}: a {language or 'plain'} block has no '# readme: NAME' line:\n{body[:200]}", file=sys.stderr)
            return 1
        name = match.group(1)
        if name in names:
            print(f"{readme}: two blocks are named {name}", file=sys.stderr)
            return 1
        names.append(name)
        (target / name).write_text(body)
    print("\n".join(names))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
