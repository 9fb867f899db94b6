// A 200 MB live heap (three binary trees of depth 20, 32-byte nodes) kept while the
// program allocates 4 GB of short-lived trees and keeps rewiring the long-lived ones:
// about 20 collections, each marking 200 MB. bench/run.sh reads the pauses from
// GODEBUG=gctrace=1 (the same line format in rgo and gc) and reports the 99th
// percentile and the longest stop-the-world time per cycle.
package main

type Node struct {
	left, right *Node
	val, pad    int64
}

func build(d int, v int64) *Node {
	if d == 0 {
		return &Node{val: v}
	}
	return &Node{left: build(d-1, 2*v), right: build(d-1, 2*v+1), val: v}
}

func sum(n *Node) int64 {
	if n == nil {
		return 0
	}
	return n.val + sum(n.left) + sum(n.right)
}

func main() {
	var live [3]*Node
	for i := range live {
		live[i] = build(20, int64(i))
	}
	var junk int64
	for round := 0; round < 4000; round++ {
		// 1 MB of garbage per round (2047 nodes of 32 bytes, 16 times).
		for k := 0; k < 16; k++ {
			junk += build(10, int64(k)).val
		}
		// Swap two subtrees of a long-lived tree: pointer writes the collector
		// must see while it marks.
		t := live[round%3]
		p, q := t.left, t.right
		for d := 0; d < round%12; d++ {
			p, q = p.left, q.right
		}
		p.left, q.right = q.right, p.left
	}
	total := junk
	for _, t := range live {
		total += sum(t)
	}
	println(total)
}
