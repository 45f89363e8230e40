#!/usr/bin/env python3
"""Lists the functions of src/ longer than a limit (default 120 lines), longest first:
`python3 tools/long_fns.py [LIMIT]`. A function runs from its `fn` line to the line that
closes its body (braces counted outside strings, chars and comments)."""
import re, sys, pathlib

limit = int(sys.argv[1]) if len(sys.argv) > 1 else 120
root = pathlib.Path(__file__).resolve().parent.parent / "src"
fn_re = re.compile(r"^\s*(pub(\([^)]*\))?\s+)?(const\s+)?(async\s+)?(unsafe\s+)?fn\s+(\w+)")

def strip(line):
    out, i, n = [], 0, len(line)
    while i < n:
        c = line[i]
        if line.startswith("//", i):
            break
        if c == '"':
            i += 1
            while i < n and line[i] != '"':
                i += 2 if line[i] == "\\" else 1
            i += 1
            continue
        if c == "'" and re.match(r"'(\\.|[^\\'])'", line[i:i + 4]):
            i += len(re.match(r"'(\\.|[^\\'])'", line[i:i + 4]).group(0))
            continue
        out.append(c)
        i += 1
    return "".join(out)

found = []
for path in sorted(root.rglob("*.rs")):
    lines = path.read_text().splitlines()
    i = 0
    while i < len(lines):
        m = fn_re.match(lines[i])
        if not m:
            i += 1
            continue
        depth, started, j = 0, False, i
        while j < len(lines):
            s = strip(lines[j])
            if not started and ";" in s and "{" not in s:
                break
            for ch in s:
                if ch == "{":
                    depth += 1
                    started = True
                elif ch == "}":
                    depth -= 1
            if started and depth == 0:
                break
            j += 1
        n = j - i + 1
        if started and n > limit:
            found.append((n, f"{path.relative_to(root.parent)}:{i + 1}", m.group(6)))
        i += 1
for n, where, name in sorted(found, reverse=True):
    print(f"{n:5} {where} {name}")
sys.exit(1 if found else 0)
