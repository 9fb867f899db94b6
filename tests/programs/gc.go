// The collector under a mixed load: trees, maps, strings, closures, channels and
// slices allocated far beyond the live set, checked for integrity, with a finalizer
// and the memory statistics gc programs rely on.
package main

import "runtime"

type node struct {
	left, right *node
	val         int
}

func tree(d, v int) *node {
	if d == 0 {
		return &node{val: v}
	}
	return &node{tree(d-1, 2*v), tree(d-1, 2*v+1), v}
}

func (n *node) sum() int {
	if n == nil {
		return 0
	}
	return n.val + n.left.sum() + n.right.sum()
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	s := ""
	for ; i > 0; i /= 10 {
		s = string(rune('0'+i%10)) + s
	}
	return s
}

type box struct{ p *[64]int }

var finalized = make(chan string, 1)

// setfinalizer leaves an object with a finalizer that nothing references once it
// returns (rgo scans stacks conservatively: a dead slot of a live frame could keep it).
func setfinalizer() {
	obj := new([16]int)
	runtime.SetFinalizer(obj, func(p *[16]int) { finalized <- "finalizer ran" })
}

func main() {
	keep := tree(12, 1)
	want := keep.sum()
	m := map[string][]int{}
	var fs []func() int
	ch := make(chan *node, 16)
	for round := 0; round < 200; round++ {
		t := tree(8, round)
		k := "k" + itoa(round%50)
		m[k] = append(m[k], t.sum())
		x := round
		fs = append(fs, func() int { return x })
		if len(fs) > 10 {
			fs = fs[1:]
		}
		ch <- t
		if len(ch) == cap(ch) {
			for len(ch) > 0 {
				<-ch
			}
		}
		_ = make([]byte, 100<<10)
		b := &box{new([64]int)}
		b.p[63] = round
		if b.p[63] != round {
			panic("box")
		}
	}
	runtime.GC()
	if keep.sum() != want {
		panic("long-lived tree corrupted")
	}
	total := 0
	for _, f := range fs {
		total += f()
	}
	println("maps:", len(m), "closures:", total)

	setfinalizer()
	for i := 0; i < 10; i++ {
		runtime.GC()
		select {
		case s := <-finalized:
			println(s)
			i = 10
		default:
		}
	}

	var st runtime.MemStats
	runtime.ReadMemStats(&st)
	println("collected:", st.NumGC > 0, "freed:", st.Frees > 0, "bounded:", st.HeapAlloc < 64<<20)
}
