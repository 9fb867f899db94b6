"""Differential fuzzing against gc: mutates small windows of Go files and compares
rgo-syntax's diagnostics (examples/parse, release build) with `go tool compile`'s.
Usage: difffuzz.py SEED COUNT. Prints mismatching inputs (kept in the work dir).
A development check, not part of `cargo test`."""
import random, subprocess, os, sys, glob, tempfile
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, '..', '..', '..'))
random.seed(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
N = int(sys.argv[2]) if len(sys.argv) > 2 else 300
srcs = sorted(f for f in glob.glob(os.path.join(HERE, '..', 'tests', 'data', '*.go')) if 'err_line' not in f) + [
  '/usr/lib/go-1.19/src/sort/sort.go', '/usr/lib/go-1.19/src/strings/builder.go',
  '/usr/share/go-1.19/test/typeparam/list2.go', '/usr/share/go-1.19/test/chan/select3.go',
  '/usr/lib/go-1.19/src/container/list/list.go', '/usr/lib/go-1.19/src/errors/wrap.go']
snips = ["{","}","(",")","[","]",",",";","\n",":",".","...",":=","=","<-","*","&","~","|","func","type","interface","struct","chan","map","case","default","if","else","for","range","go","defer","return","switch","select","var","const","import","x","_","L:","goto L",".(type)","f[int]","[]int{", "1", "'a'", '"s"']
P = os.path.join(ROOT, 'target', 'release', 'examples', 'parse')
os.chdir(tempfile.mkdtemp(prefix='rgo-difffuzz-'))
print('work dir:', os.getcwd())
nd = 0; same = 0
for k in range(N):
    src = open(random.choice(srcs), 'rb').read()
    # keep it small: take the package clause + a random window of lines
    lines = src.split(b'\n')
    if len(lines) > 60:
        st = random.randrange(1, len(lines) - 40)
        lines = [lines[0]] + lines[st:st+40]
    s = b'\n'.join(lines)
    for _ in range(random.randint(1, 2)):
        op = random.randrange(3)
        at = random.randrange(len(s) + 1)
        if op == 0 and len(s) > 0:
            s = s[:at] + s[at + random.randint(1, 6):]
        elif op == 1:
            s = s[:at] + random.choice(snips).encode() + s[at:]
        else:
            s = s[:at] + s[at+random.randint(1,10):]
    name = 'm%d.go' % k
    open(name, 'wb').write(s)
    g = subprocess.run(['go', 'tool', 'compile', '-p', 'p', '-o', 'x.o', name], capture_output=True, text=True, errors='replace').stdout
    gl = [l for l in g.splitlines() if l.startswith(name)]
    m = subprocess.run([P, name], capture_output=True, text=True, errors='replace').stdout.splitlines()
    syntaxish = any('syntax error' in l for l in gl)
    if syntaxish:
        ok = gl == m
    else:
        ok = all(l in gl for l in m)
    if ok:
        same += 1
        os.remove(name)
    else:
        nd += 1
        print('=== %s' % name)
        print('gc:  ' + '\n     '.join(gl[:4]))
        print('me:  ' + '\n     '.join(m[:4]))
print('fuzz: %d same, %d differ' % (same, nd))
