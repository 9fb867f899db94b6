#!/usr/bin/env python3
"""Worst-case stack use of the runtime's Rust code, from a linked rgo binary.

Compiled Go functions check their stack before their frame (codegen emit.rs) and leave
STACK_GUARD bytes below it for runtime code, which has no checks (runtime stack.rs).
This walks the direct calls between the runtime's functions in the disassembly
(`objdump -d`), with each function's frame (its pushes and `sub $N,%rsp`), and prints
the deepest chain from every runtime function that compiled code calls. Calls through
registers (into Go code, which checks for itself) and the switches to another stack
(mcall, systemstack, morestack) end a chain.

Also the runtime's own goroutines (bgsweep, …) against their SYSTEM_STACK stacks.

usage: runtime_stack_depth.py BINARY [LIMIT [ENSURED]]
  exit 1 if some entry needs > LIMIT bytes, or a function calling ensurestack needs
  more than ENSURED below it. The defaults are the runtime's STACK_GUARD minus
  STACK_SMALL (stack.rs: what a checked frame leaves) and DEEP_STACK (mgc.rs), read
  from its sources.
"""
import os
import re
import subprocess
import sys

RUNTIME = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "crates", "runtime", "src")

def runtime_const(file, name):
    """The value of `const NAME: usize = <int> [<< <int>];` in the runtime's FILE."""
    text = open(os.path.join(RUNTIME, file)).read()
    m = re.search(r"const " + name + r": usize = (\d+)(?: << (\d+))?;", text)
    if not m:
        sys.exit(f"runtime_stack_depth.py: no {name} in {file}")
    return int(m.group(1)) << int(m.group(2) or 0)

# Calls that leave the goroutine stack (or never come back to it): only their own
# pushes are on it.
SWITCHES = {"runtime.mcall", "runtime.systemstack", "runtime.morestack", "runtime.gogo"}

def parse(binary):
    out = subprocess.run(["objdump", "-d", "--no-show-raw-insn", binary], capture_output=True, text=True, check=True).stdout
    funcs, order, cur = {}, [], None
    for line in out.splitlines():
        m = re.match(r"^([0-9a-f]+) <(.+)>:$", line)
        if m:
            cur = m.group(2)
            funcs[cur] = {"frame": 8, "calls": set(), "addr": int(m.group(1), 16)}
            order.append(cur)
            continue
        if cur is None or "\t" not in line:
            continue
        ins = line.split("\t", 1)[1].strip()
        f = funcs[cur]
        # Every push and SP decrement counts, wherever it is (an upper bound: asm such
        # as asyncPreempt aligns SP and pushes after its "prologue").
        if ins.startswith("push"):
            f["frame"] += 8
            continue
        m = re.match(r"sub\s+\$0x([0-9a-f]+),%rsp", ins)
        if m:
            f["frame"] += int(m.group(1), 16)
            continue
        if re.match(r"and\s+\$0xfffffffffffffff0,%rsp", ins):
            f["frame"] += 8
            continue
        m = re.match(r"(call|jmp)\s+[0-9a-f]+ <([^+>]+)(\+0x[0-9a-f]+)?>", ins)
        if m and m.group(2) != cur:
            # A jmp to another function is a tail call: its frame replaces ours.
            f["calls"].add((m.group(2), m.group(1) == "jmp"))
        # Rust's stack probes (__rust_probestack) mean a frame bigger than a page.
        if "probestack" in ins:
            f["frame"] += 1 << 20
    return funcs

# Functions that call ensurestack before going deeper: name -> (depth, chain).
ENSURED_ROOTS = {}

def depth(funcs, name, memo, path):
    if name in memo:
        return memo[name]
    f = funcs.get(name)
    if f is None:
        return 0, [name]
    if name in SWITCHES:
        # What it pushes before it switches (morestack's saved registers, …); the
        # small leaf that morestack calls for g0's SP is in that budget too.
        return f["frame"] + 32, [name]
    if name in path:
        return 0, [name + " (recursion)"]
    path.add(name)
    ensured = any(c == "runtime.ensurestack" for c, _ in f["calls"])
    best, chain = 0, []
    for callee, tail in f["calls"]:
        if callee.startswith("main.") or callee.startswith("go:"):
            continue
        d, c = depth(funcs, callee, memo, path)
        d += 0 if tail else 0
        if d > best:
            best, chain = d, c
    path.discard(name)
    if ensured:
        # It makes room first (ensurestack): its callees are checked against ENSURED.
        ENSURED_ROOTS[name] = (f["frame"] + best, [name] + chain)
        # Before the move, ensurestack and morestack's pushes are on the stack.
        best, chain = depth(funcs, "runtime.ensurestack", memo, path)
        chain = ["(ensurestack)"] + chain
    memo[name] = (f["frame"] + best, [name] + chain)
    return memo[name]

def main():
    binary = sys.argv[1]
    limit = int(sys.argv[2]) if len(sys.argv) > 2 else runtime_const("stack.rs", "STACK_GUARD") - runtime_const("stack.rs", "STACK_SMALL")
    ensured = int(sys.argv[3]) if len(sys.argv) > 3 else runtime_const("mgc.rs", "DEEP_STACK")
    funcs = parse(binary)
    memo = {}
    # Entry points: runtime functions called directly from compiled Go code.
    entries = set()
    for name, f in funcs.items():
        if name.startswith("main.") or "." in name and not name.startswith(("runtime", "_ZN")):
            for callee, _ in f["calls"]:
                if callee.startswith(("runtime.", "runtime[")) or callee.startswith("_ZN"):
                    entries.add(callee)
    # Entered on a goroutine stack without a call from Go code: signal handlers make
    # the interrupted code call these, possibly in a leaf function that has no check
    # and a frame of up to STACK_SMALL bytes (codegen emit.rs).
    injected = {"runtime.asyncPreempt", "runtime.sigpanic0"} & funcs.keys()
    small = runtime_const("stack.rs", "STACK_SMALL")
    entries |= injected
    rows = sorted(((depth(funcs, e, memo, set()), e) for e in entries), key=lambda r: -r[0][0])
    bad = 0
    for (d, chain), e in rows:
        mark = ""
        if d > limit - (small if e in injected else 0):
            mark, bad = " OVER", bad + 1
        if d > limit // 2:
            print(f"{d:7d}{mark}  " + " > ".join(chain[:8]))
    # The runtime's own goroutines run Rust code only, on SYSTEM_STACK-byte stacks.
    system_limit = runtime_const("stack.rs", "SYSTEM_STACK") - runtime_const("stack.rs", "STACK_GUARD")
    for name in sorted(funcs):
        if re.search(r"(bgsweep|bgscavenge|gcmarkdone|runfinq|forcegchelper)(\d|$)", name):
            d, chain = depth(funcs, name, memo, set())
            mark = ""
            if d > system_limit:
                mark, bad = " OVER", bad + 1
            print(f"{d:7d}{mark}  runtime goroutine: " + " > ".join(chain[:8]))
    for name, (d, chain) in sorted(ENSURED_ROOTS.items(), key=lambda r: -r[1][0]):
        mark = ""
        if d > ensured:
            mark, bad = " OVER", bad + 1
        print(f"{d:7d}{mark}  after ensurestack: " + " > ".join(chain[:8]))
    sys.exit(1 if bad else 0)

main()
