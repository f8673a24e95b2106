"""Checks that the workspace's `rust-version` is true: no crate the SDK, the export layer or the
emulator builds (normal and build dependencies, as resolved now) needs a newer Rust. Our own code is
held to it by clippy (`incompatible_msrv`). Prints the newest requirement and who has it."""
import json
import subprocess
import sys


def version(text):
    parts = [int(p) for p in text.split(".")]
    return tuple(parts + [0] * (3 - len(parts)))


meta = json.loads(subprocess.check_output(["cargo", "metadata", "--format-version", "1"]))
packages = {p["id"]: p for p in meta["packages"]}
nodes = {n["id"]: n for n in meta["resolve"]["nodes"]}
roots = [i for i in meta["workspace_members"] if packages[i]["name"] != "uniffi-bindgen"]
declared = version(packages[roots[0]]["rust_version"])

seen, stack = set(), list(roots)
while stack:
    node = nodes[stack.pop()]
    if node["id"] in seen:
        continue
    seen.add(node["id"])
    for dep in node["deps"]:
        if any(k["kind"] in (None, "build") for k in dep["dep_kinds"]):
            stack.append(dep["pkg"])

needs = sorted(
    ((version(packages[i]["rust_version"]), packages[i]["name"]) for i in seen - set(roots) if packages[i]["rust_version"]),
    reverse=True,
)
newest = needs[0][0]
who = ", ".join(name for v, name in needs if v == newest)
print(f"msrv: declared {'.'.join(map(str, declared))}, dependencies need {'.'.join(map(str, newest))} ({who})")
if newest > declared:
    print("msrv: the declared rust-version is not true: raise it in Cargo.toml ([workspace.package])")
    sys.exit(1)
