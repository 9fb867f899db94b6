// Deferred calls run by a panic grow a new goroutine's stack while the panic's
// record sits in the runtime's frame below them; the record must come through the
// move intact (its flags once did not: stale bytes next to them looked like an
// address in the old stack and were "adjusted").
package main

func deep(n int) int {
	var pad [16]int
	pad[n%16] = n
	if n == 0 {
		return 0
	}
	return deep(n-1) + pad[n%16] - n + 1
}

func recovers() (r int) {
	defer func() {
		if e := recover(); e != nil {
			r += len(e.(string))
		}
	}()
	defer func() {
		r = deep(10000)
	}()
	panic("boom")
}

func main() {
	c := make(chan int)
	for i := 0; i < 8; i++ {
		go func() { c <- recovers() }()
		println(<-c)
	}
}
