#!/usr/bin/env python3
"""Differential mutation testing of rgo against gc.

Takes tests from tests/gosuite/passing.txt, changes each a little (deletes, swaps or
duplicates a line, changes a number or a binary operator), builds the mutant with rgo
and, when rgo accepts it, with `go build`; when both build, runs both in the test's
directory and compares exit status and output (addresses and everything after the
first goroutine header are ignored, as tracebacks differ in details). Every
difference is kept as a file for a look.

    scripts/mutate_diff.py [--seed N] [--tests N] [--out DIR]

Needs the release build (target/release/rgo), `go` and Go's test suite. Nothing here
is a pass/fail test: the differences are leads, some allowed by the spec.
"""
import argparse
import os
import random
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SUITE = '/usr/share/go-1.19/test/'
RGO = os.path.join(ROOT, 'target/release/rgo')
OPS = ['+', '-', '*', '/', '%', '<', '>', '==', '!=', '&', '|', '^', '<<', '>>']


def mutate(lines, rng):
    """One random change, or None when the chosen line offers none."""
    out = list(lines)
    i = rng.randrange(len(out))
    kind = rng.randrange(5)
    if kind == 0:
        del out[i]
    elif kind == 1:
        j = rng.randrange(len(out))
        out[i], out[j] = out[j], out[i]
    elif kind == 2:
        out.insert(i, out[rng.randrange(len(out))])
    elif kind == 3:
        nums = list(re.finditer(r'\d+', out[i]))
        if not nums:
            return None
        m = rng.choice(nums)
        out[i] = out[i][:m.start()] + str(int(m.group()) + rng.choice([1, -1, 7])) + out[i][m.end():]
    else:
        ops = list(re.finditer(r' (\+|-|\*|<|>|<=|>=|==|!=|&|\||\^|<<|>>) ', out[i]))
        if not ops:
            return None
        m = rng.choice(ops)
        out[i] = out[i][:m.start()] + ' ' + rng.choice(OPS) + ' ' + out[i][m.end():]
    return out


def run(exe, cwd):
    try:
        r = subprocess.run([exe], capture_output=True, timeout=10, cwd=cwd)
        return r.returncode, r.stdout + r.stderr
    except subprocess.TimeoutExpired:
        return 'timeout', b''


def normalize(result):
    code, out = result
    text = re.sub(r'0x[0-9a-f]+', 'X', out.decode(errors='replace'))
    return code, text.split('\ngoroutine ')[0]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--tests', type=int, default=200, help='how many listed tests to mutate')
    ap.add_argument('--out', default='/tmp/rgo-mutants')
    args = ap.parse_args()
    rng = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)
    listed = [l.strip() for l in open(os.path.join(ROOT, 'tests/gosuite/passing.txt'))
              if l.strip() and not l.startswith('#')]
    rng.shuffle(listed)
    src, rgo_bin, gc_bin = (os.path.join(args.out, n) for n in ('m.go', 'm.rgo', 'm.gc'))
    compared = found = 0
    for test in listed[:args.tests]:
        lines = open(SUITE + test, encoding='utf-8', errors='replace').read().split('\n')
        for _ in range(2):
            mutant = mutate(lines, rng)
            if mutant is None:
                continue
            with open(src, 'w') as f:
                f.write('\n'.join(mutant))
            r = subprocess.run([RGO, 'build', '-o', rgo_bin, src], capture_output=True)
            if r.returncode not in (0, 1):
                found += 1
                keep = os.path.join(args.out, f'crash{found}.go')
                os.rename(src, keep)
                print(f'rgo build crashed ({r.returncode}): {test} -> {keep}')
                continue
            if r.returncode != 0:
                continue
            g = subprocess.run(['go', 'build', '-o', gc_bin, src], capture_output=True)
            if g.returncode != 0:
                found += 1
                keep = os.path.join(args.out, f'accepted{found}.go')
                os.rename(src, keep)
                print(f'rgo accepts, gc rejects: {test} -> {keep}: {g.stderr.decode()[:200]!r}')
                continue
            cwd = SUITE + os.path.dirname(test)
            compared += 1
            a, b = run(rgo_bin, cwd), run(gc_bin, cwd)
            if normalize(a) != normalize(b):
                found += 1
                keep = os.path.join(args.out, f'diff{found}.go')
                os.rename(src, keep)
                print(f'output differs: {test} -> {keep}\n  rgo {a[0]}: {a[1][:200]!r}\n  gc  {b[0]}: {b[1][:200]!r}')
    print(f'{compared} mutants compared, {found} differences')


if __name__ == '__main__':
    sys.exit(main())
