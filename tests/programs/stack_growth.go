// Goroutines start on small stacks that grow by copying: everything a frame holds
// must survive the move (locals, pointers into the heap while the collector runs,
// struct values in stack slots, deferred calls and recover, values handed to the
// runtime for a channel operation).
package main

type big struct {
	a, b, c, d, e, f, g, h int
	s                      string
	p                      *int
}

// sum recurses n deep; each frame keeps heap pointers and a struct value alive
// across the recursive call.
func sum(n int) int {
	if n == 0 {
		return 0
	}
	x := new(int)
	*x = n
	v := big{a: n, h: n * 2, s: "frame", p: x}
	var arr [8]int
	arr[n%8] = n
	r := sum(n - 1)
	if v.p != x || *v.p != n || v.a != n || v.h != 2*n || v.s != "frame" || arr[n%8] != n {
		panic("frame changed across a stack move")
	}
	return r + *x
}

// churn allocates at every level so that collections run while stacks move.
func churn(n int, keep []*big) int {
	if n == 0 {
		t := 0
		for _, b := range keep {
			t += b.a
		}
		return t
	}
	b := &big{a: 1, s: "heap"}
	return churn(n-1, append(keep, b))
}

// deepDefer registers a deferred call every 1000 levels, then panics at the bottom;
// the recover at the top must still find its frame after the stack moved.
func deepDefer(n int, log *[]int) {
	if n%1000 == 0 {
		defer func() { *log = append(*log, n) }()
	}
	if n == 0 {
		panic("bottom")
	}
	deepDefer(n-1, log)
}

func recoverDeep() (msg string, log []int) {
	defer func() {
		msg = recover().(string)
	}()
	deepDefer(5000, &log)
	return "not reached", nil
}

// sendDeep sends a struct value from deep in the stack (the runtime copies it out of
// a stack slot) to a receiver that also recursed.
func sendDeep(n int, c chan big) {
	if n > 0 {
		sendDeep(n-1, c)
		return
	}
	x := 42
	c <- big{a: 1, b: 2, c: 3, h: 8, s: "deep", p: &x}
}

func recvDeep(n int, c chan big) big {
	if n > 0 {
		return recvDeep(n-1, c)
	}
	return <-c
}

// growDuringPanic: deferred calls run by a panic grow the stack under the panic's
// own record (in the runtime's frame), then one recovers.
func growDuringPanic() (r int) {
	defer func() {
		d := sum(20000)
		if e := recover(); e != nil {
			r = d + len(e.(string))
		}
	}()
	defer func() {
		r = sum(10000)
	}()
	panic("boom")
}

// panicAfterGrowth: a deferred call grows the stack and panics again; the second
// panic is the one recovered.
func panicAfterGrowth() (s string) {
	defer func() {
		s = recover().(string) + "!"
	}()
	defer func() {
		sum(30000)
		panic("second")
	}()
	panic("first")
}

// bigFrame has a 160 KB frame: its check (against SP minus the frame) moves a new
// goroutine's 2 KB stack to a big enough one in one step.
func bigFrame(n int) int {
	var a [20000]int
	for i := range a {
		a[i] = i + n
	}
	s := 0
	for _, v := range a {
		s += v
	}
	return s
}

func main() {
	done := make(chan int)
	for i := 0; i < 8; i++ {
		go func(i int) { done <- sum(10000 * (i + 1)) }(i)
	}
	total := 0
	for i := 0; i < 8; i++ {
		total += <-done
	}
	println("sums", total)

	for i := 0; i < 4; i++ {
		go func() { done <- churn(20000, nil) }()
	}
	for i := 0; i < 4; i++ {
		println("churn", <-done)
	}

	res := make(chan string)
	go func() {
		msg, log := recoverDeep()
		// Grows again from where recovery resumed: that must be the new stack.
		s := msg + " " + itoa(sum(3000))
		for _, n := range log {
			s += " " + itoa(n)
		}
		res <- s
	}()
	println("recovered:", <-res)

	c := make(chan big)
	got := make(chan big)
	go sendDeep(30000, c)
	go func() { got <- recvDeep(30000, c) }()
	b := <-got
	println("received", b.a, b.b, b.c, b.h, b.s, *b.p)

	for i := 0; i < 4; i++ {
		go func(i int) { done <- bigFrame(i) }(i)
	}
	total = 0
	for i := 0; i < 4; i++ {
		total += <-done
	}
	println("big frames", total)

	go func() { done <- growDuringPanic() }()
	println("grown during panic", <-done)
	res2 := make(chan string)
	go func() { res2 <- panicAfterGrowth() }()
	println("panic after growth", <-res2)
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	s := ""
	for n > 0 {
		s = string(rune('0'+n%10)) + s
		n /= 10
	}
	return s
}
