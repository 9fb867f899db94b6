//! End-to-end checks of the allocator and collector (crates/runtime/src/mgc.rs): Go
//! programs built with the `rgo` binary and run, checked for gc 1.19's observable
//! behaviour: the out-of-memory fatal error, the gctrace line, GOGC=off, memory
//! given back to the OS after a large live set is dropped, and collection while
//! goroutines run on other Ps.
use std::path::PathBuf;
use std::process::Command;

mod common;

/// Builds `src` as NAME.go in a fresh temporary directory; returns the executable.
fn build(name: &str, src: &str) -> PathBuf {
    common::go_build(&common::tmpdir(&format!("gc-e2e-{name}")), name, src).0
}

/// Runs exe with `env` (killed after 120 s): (stdout + stderr, exit code).
fn run(exe: &PathBuf, env: &[(&str, &str)]) -> (String, Option<i32>) {
    let mut cmd = Command::new(exe);
    cmd.envs(env.iter().copied());
    let out = common::output_within(cmd, 120);
    let mut s = String::from_utf8_lossy(&out.stdout).into_owned();
    s.push_str(&String::from_utf8_lossy(&out.stderr));
    (s, out.status.code())
}

#[test]
fn out_of_memory_is_gc_fatal_error() {
    let exe = build(
        "oom",
        "package main\n\nvar sink []byte\n\nfunc main() {\n\tsink = make([]byte, 300<<30)\n\tsink[len(sink)-1] = 1\n\tprintln(\"not reached\")\n}\n",
    );
    let (out, code) = run(&exe, &[]);
    assert_eq!(out, "fatal error: runtime: out of memory\n");
    assert_eq!(code, Some(2));
}

const CHURN: &str = r#"package main

import "runtime"

type node struct{ l, r *node }

func tree(d int) *node {
	if d == 0 {
		return &node{}
	}
	return &node{tree(d - 1), tree(d - 1)}
}

func main() {
	for i := 0; i < 100; i++ {
		tree(14)
	}
	runtime.GC()
	var st runtime.MemStats
	runtime.ReadMemStats(&st)
	println(st.NumGC > 0, st.NumForcedGC, st.Frees > 0, st.PauseTotalNs > 0)
}
"#;

#[test]
fn gctrace_prints_gc_lines() {
    let exe = build("churn", CHURN);
    let (out, code) = run(&exe, &[("GODEBUG", "gctrace=1")]);
    assert_eq!(code, Some(0), "{out}");
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines.len() >= 3, "{out}");
    assert!(lines[0].starts_with("gc 1 @") && lines[0].contains("s "), "{out}");
    for l in &lines[..lines.len() - 1] {
        assert!(l.starts_with("gc "), "{l}");
        for part in ["%: ", " ms clock, ", " ms cpu, ", " MB, ", " MB goal, ", " MB stacks, 0 MB globals, "] {
            assert!(l.contains(part), "{l}: no {part:?}");
        }
        assert!(l.ends_with(" P") || l.ends_with(" P (forced)"), "{l}");
    }
    assert!(lines[lines.len() - 2].ends_with(" P (forced)"), "{out}");
    assert_eq!(lines[lines.len() - 1], "true 1 true true");
}

#[test]
fn gogc_off_never_collects() {
    let exe = build("churnoff", &CHURN.replace("\truntime.GC()\n", ""));
    let (out, code) = run(&exe, &[("GOGC", "off")]);
    assert_eq!((out.as_str(), code), ("false 0 false false\n", Some(0)));
}

#[test]
fn stress_mode_keeps_live_data_intact() {
    let exe = build("stress", &CHURN.replace("tree(14)", "tree(9)"));
    let (out, code) = run(&exe, &[("GODEBUG", "gcstress=97")]);
    assert_eq!((out.as_str(), code), ("true 1 true true\n", Some(0)));
}

#[test]
fn dropped_heap_is_returned_to_the_os() {
    let exe = build(
        "release",
        r#"package main

import "runtime"

var live [][]byte

func fill() {
	for i := 0; i < 500; i++ {
		b := make([]byte, 1<<20)
		b[0] = 1
		live = append(live, b)
	}
}

func main() {
	fill()
	var st runtime.MemStats
	runtime.ReadMemStats(&st)
	println(st.HeapAlloc >= 500<<20)
	live = nil
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&st)
	println(st.HeapAlloc < 10<<20, st.HeapSys-st.HeapReleased < 100<<20)
	// The test reads this process's resident set now.
	println("measure")
	for i := 0; i < 2_000_000_000; i++ {
		if stop {
			break
		}
	}
}

var stop bool
"#,
    );
    let (out, rss_kb) = rss_at_measure(&exe);
    assert_eq!(out, "true\ntrue true\n");
    let rss_kb = rss_kb.expect("no VmRSS");
    assert!(rss_kb < 100 * 1024, "RSS after dropping 500 MB and runtime.GC(): {rss_kb} kB");
}

/// Runs `exe` until it prints "measure" and reads its VmRSS (kB) from /proc then;
/// returns what it printed before, and the RSS.
fn rss_at_measure(exe: &PathBuf) -> (String, Option<u64>) {
    use std::io::{BufRead, BufReader};
    let mut child = Command::new(exe).stderr(std::process::Stdio::piped()).spawn().unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let mut out = String::new();
    let mut rss_kb = None;
    for l in lines.by_ref() {
        let l = l.unwrap();
        if l == "measure" {
            let status = std::fs::read_to_string(format!("/proc/{}/status", child.id())).unwrap();
            rss_kb = status
                .lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok());
            let _ = child.kill();
            break;
        }
        out.push_str(&l);
        out.push('\n');
    }
    let _ = child.wait();
    (out, rss_kb)
}

/// Goroutines that once went deep (200 stacks of 1 MB) and now wait shallow get small
/// stacks back at later collections (stackcopy.rs shrinkstack), and the memory goes
/// back to the OS: without shrinking the program keeps ~175 MB resident.
#[test]
fn stacks_shrink_after_deep_recursion() {
    let exe = build(
        "shrink",
        r#"package main

import "runtime"

func deep(n int) int {
	var pad [32]int
	pad[n%32] = n
	if n == 0 {
		return 0
	}
	return deep(n-1) + pad[n%32] - n + 1
}

var stop bool

func main() {
	const n = 200
	wake := make([]chan int, n)
	done := make(chan int)
	never := make(chan int)
	for i := range wake {
		wake[i] = make(chan int)
		go func(c chan int, sel bool) {
			done <- deep(3000)
			for {
				// Woken from a receive or from a select: the value lands in this
				// stack before it moves.
				var v [4]int
				if sel {
					select {
					case x := <-c:
						v = [4]int{x, x + 1, x + 2, x + 3}
					case <-never:
					}
				} else {
					x := <-c
					v = [4]int{x, x + 1, x + 2, x + 3}
				}
				done <- v[0] + v[1] + v[2] + v[3]
			}
		}(wake[i], i%2 == 0)
	}
	for i := 0; i < n; i++ {
		<-done
	}
	// Stacks that grew recently are left alone (50 ms): let that pass.
	x := 0
	for i := 0; i < 1_000_000_000 && !stop; i++ {
		x += i
	}
	// Each collection halves a stack the next time its goroutine runs.
	for round := 0; round < 12; round++ {
		runtime.GC()
		for _, c := range wake {
			c <- round
			if <-done != 4*round+6 {
				println("wrong value")
			}
		}
	}
	var st runtime.MemStats
	runtime.ReadMemStats(&st)
	println("deep done", x > 0, st.StackInuse < 8<<20, st.StackSys < 16<<20)
	println("measure")
	for i := 0; i < 2_000_000_000 && !stop; i++ {
	}
}
"#,
    );
    let (out, rss_kb) = rss_at_measure(&exe);
    assert_eq!(out, "deep done true true true\n");
    let rss_kb = rss_kb.expect("no VmRSS");
    assert!(rss_kb < 60 * 1024, "RSS after the stacks should have shrunk: {rss_kb} kB");
}

/// Two goroutines allocating at once on two Ps: the collector stops the world
/// (stw.rs) instead of waiting for a P to go idle, so the heap stays near its goal.
#[test]
fn collection_stops_goroutines_running_on_other_ps() {
    let exe = build(
        "twoalloc",
        r#"package main

import "runtime"

type node struct {
	next *node
	val  [8]int
}

var sink *node

func churn(n int, done chan bool) {
	var keep *node
	for i := 0; i < n; i++ {
		x := &node{next: keep}
		if i%1000 == 0 {
			keep = nil
		} else {
			keep = x
		}
	}
	sink = keep
	done <- true
}

func main() {
	done := make(chan bool)
	go churn(3000000, done)
	go churn(3000000, done)
	<-done
	<-done
	var st runtime.MemStats
	runtime.ReadMemStats(&st)
	println(st.NumGC > 20, st.HeapSys < 64<<20)
}
"#,
    );
    for procs in ["2", "4"] {
        let (out, code) = run(&exe, &[("GOMAXPROCS", procs)]);
        assert_eq!((out.as_str(), code), ("true true\n", Some(0)), "GOMAXPROCS={procs}");
    }
}

/// Finalizers may take the object's pointer type or an interface it implements (the
/// empty one included); any other parameter is gc's fatal error.
#[test]
fn finalizers_take_pointers_or_interfaces() {
    let exe = build(
        "finalizers",
        r#"package main

import "runtime"

type T struct{ next *T }

func (t *T) String() string { return "T" }

type Stringer interface{ String() string }

var done = make(chan string, 3)

func main() {
	a := &T{}
	runtime.SetFinalizer(a, func(x interface{}) { _, ok := x.(*T); done <- "any " + map[bool]string{true: "*T"}[ok] })
	b := &T{}
	runtime.SetFinalizer(b, func(s Stringer) { done <- "Stringer " + s.String() })
	c := &T{}
	runtime.SetFinalizer(c, func(t *T) { done <- "pointer" })
	a, b, c = nil, nil, nil
	got := map[string]bool{}
	for i := 0; i < 100 && len(got) < 3; i++ {
		runtime.GC()
		select {
		case s := <-done:
			got[s] = true
		default:
		}
	}
	println(got["any *T"], got["Stringer T"], got["pointer"])
	runtime.SetFinalizer(&T{}, func(x *int) {})
}
"#,
    );
    let (out, code) = run(&exe, &[]);
    assert_eq!(
        (out.as_str(), code),
        ("true true true\nfatal error: runtime.SetFinalizer: cannot pass *main.T to finalizer func(*int)\n", Some(2))
    );
}

/// Pointer-free objects under 16 bytes share 16-byte blocks (the tiny allocator):
/// 10,000 live one-byte objects take about 10 KB, not 80 KB of 8-byte slots, and
/// keep their values through collections.
#[test]
fn tiny_objects_share_blocks() {
    let exe = build(
        "tiny",
        r#"package main

import "runtime"

func main() {
	keep := make([]*byte, 10000)
	var st runtime.MemStats
	runtime.ReadMemStats(&st)
	before := st.HeapAlloc
	for i := range keep {
		b := new(byte)
		*b = byte(i)
		keep[i] = b
	}
	runtime.ReadMemStats(&st)
	grew := st.HeapAlloc - before
	runtime.GC()
	ok := true
	for i, b := range keep {
		if *b != byte(i) {
			ok = false
		}
	}
	println(grew < 20000, ok)
}
"#,
    );
    let (out, code) = run(&exe, &[]);
    assert_eq!((out.as_str(), code), ("true true\n", Some(0)));
}

/// Pointers moved around while the collector marks concurrently: list nodes unlinked
/// into a map and a channel and linked back, slices copied over, interface values
/// overwritten. Without the write barrier (or black allocation) a node reachable only
/// through a slot the marker had not scanned yet when it was overwritten is freed and
/// reused, and the sums below come out wrong or the program crashes. Checked three
/// ways: normally, with a cycle tried at every 50th allocation, and with GOMAXPROCS=1
/// (the worker then shares the machine with one P).
const REWIRE: &str = r#"package main

import "runtime"

type node struct {
	next *node
	val  int
	data []byte
	any  interface{}
}

var sink []*node

func main() {
	var head *node
	for i := 0; i < 100000; i++ {
		head = &node{next: head, val: i, data: make([]byte, 8), any: i}
	}
	m := map[int]*node{}
	ch := make(chan *node, 500)
	keep := make([]*node, 1000)
	for round := 0; round < 300; round++ {
		for i := 0; i < 1000; i++ {
			n := head
			head = n.next
			n.next = nil
			if i%2 == 0 {
				m[i] = n
			} else {
				keep[i] = n
			}
		}
		spare := make([]*node, 1000)
		copy(spare, keep)
		for i := range keep {
			keep[i] = nil
		}
		for i := 999; i >= 0; i-- {
			var n *node
			if i%2 == 0 {
				n = m[i]
				delete(m, i)
			} else {
				n = spare[i]
			}
			ch <- n
			if len(ch) == cap(ch) {
				for len(ch) > 0 {
					x := <-ch
					x.next = head
					x.any = x
					head = x
				}
			}
		}
		for len(ch) > 0 {
			x := <-ch
			x.next = head
			head = x
		}
		for j := 0; j < 300; j++ {
			sink = make([]*node, 64)
		}
	}
	sum, count := 0, 0
	for n := head; n != nil; n = n.next {
		sum += n.val + len(n.data)
		count++
		if p, ok := n.any.(*node); ok && p != n {
			panic("wrong node")
		}
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	println(count, sum, ms.NumGC > 3)
}
"#;

#[test]
fn pointers_rewired_during_concurrent_marking_survive() {
    let exe = build("rewire", REWIRE);
    let want = "100000 5000750000 true\n";
    for env in [&[][..], &[("GODEBUG", "gcstress=50")][..], &[("GOMAXPROCS", "1")][..]] {
        let (out, code) = run(&exe, env);
        assert_eq!((out.as_str(), code), (want, Some(0)), "{env:?}");
    }
}

/// GODEBUG=gcstoptheworld=1 (gc's setting) marks inside the pause: same results.
#[test]
fn gcstoptheworld_marks_in_the_pause() {
    let exe = build("rewire-stw", REWIRE);
    let (out, code) = run(&exe, &[("GODEBUG", "gcstoptheworld=1,gctrace=1")]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.ends_with("100000 5000750000 true\n"), "{out}");
    // The whole cycle is one pause: no concurrent mark time.
    assert!(out.lines().filter(|l| l.starts_with("gc ")).all(|l| l.contains("+0+")), "{out}");
}

/// Parked goroutines whose stacks alone hold their objects: their stacks are scanned
/// after the start pause, by the worker or before they run (runtime mgcstack.rs).
/// Any stack missed lets its object be freed and reused: the checks below fail.
const PARKED: &str = r#"package main

type box struct {
	id   int
	next *box
	pad  [4]int
}

var sink []*box

func hold(id int, start, done chan int) {
	b := &box{id: id}
	b.next = &box{id: -id}
	<-start
	for i := 0; i < 10; i++ {
		sink = make([]*box, 50)
	}
	lost := 0
	if b.id != id || b.next == nil || b.next.id != -id {
		lost = 1
	}
	done <- lost
}

func main() {
	const n = 20000
	start, done := make(chan int), make(chan int)
	for i := 1; i <= n; i++ {
		go hold(i, start, done)
	}
	for r := 0; r < 30000; r++ {
		sink = make([]*box, 100)
	}
	for i := 0; i < n; i++ {
		start <- 1
	}
	lost := 0
	for i := 0; i < n; i++ {
		lost += <-done
	}
	println("lost", lost)
}
"#;

#[test]
fn stacks_of_parked_goroutines_are_scanned_after_the_pause() {
    let exe = build("parked", PARKED);
    for env in [&[][..], &[("GODEBUG", "gcstress=20")][..], &[("GOMAXPROCS", "1")][..]] {
        let (out, code) = run(&exe, env);
        assert_eq!((out.as_str(), code), ("lost 0\n", Some(0)), "{env:?}");
    }
}
