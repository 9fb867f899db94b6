// The runtime side of package time, reached as package time reaches it: Sleep,
// startTimer/stopTimer/resetTimer with a callback, and the monotonic clock.
package main

import _ "unsafe"

//go:linkname Sleep time.Sleep
func Sleep(ns int64)

//go:linkname nanotime runtime.nanotime
func nanotime() int64

// gc 1.19's time.runtimeTimer.
type timer struct {
	pp       uintptr
	when     int64
	period   int64
	f        func(any, uintptr)
	arg      any
	seq      uintptr
	nextwhen int64
	status   uint32
}

//go:linkname startTimer time.startTimer
func startTimer(*timer)

//go:linkname stopTimer time.stopTimer
func stopTimer(*timer) bool

//go:linkname resetTimer time.resetTimer
func resetTimer(*timer, int64) bool

const ms = 1_000_000

// send is the timers' callback, as time's sendTime: a send that never blocks.
func send(c any, seq uintptr) {
	select {
	case c.(chan int) <- int(seq):
	default:
	}
}

// after is time.After's shape: a channel that receives once d has passed.
func after(d int64, seq uintptr) chan int {
	c := make(chan int, 1)
	t := &timer{when: nanotime() + d, f: send, arg: c, seq: seq}
	startTimer(t)
	return c
}

func main() {
	t0 := nanotime()
	Sleep(30 * ms)
	el := nanotime() - t0
	println("slept at least 30ms:", el >= 30*ms, "and less than 1s:", el < 1000*ms)

	// Timers fire in order of their deadlines, not of their creation.
	c3 := after(60*ms, 3)
	c1 := after(20*ms, 1)
	c2 := after(40*ms, 2)
	order := make(chan int, 3)
	for _, c := range []chan int{c1, c2, c3} {
		go func(c chan int) { order <- <-c }(c)
	}
	println("fired:", <-order, <-order, <-order)

	// A stopped timer never fires; a reset one fires at its new time.
	c := make(chan int, 1)
	t := &timer{when: nanotime() + 20*ms, f: send, arg: c, seq: 7}
	startTimer(t)
	println("stop before firing:", stopTimer(t), "stop again:", stopTimer(t))
	Sleep(40 * ms)
	select {
	case v := <-c:
		println("stopped timer fired", v)
	default:
		println("stopped timer stayed quiet")
	}
	resetTimer(t, nanotime()+10*ms)
	println("reset timer fired:", <-c)

	// A ticker: period 5ms, stopped after 5 ticks.
	tick := make(chan int, 1)
	tk := &timer{when: nanotime() + 5*ms, period: 5 * ms, f: send, arg: tick, seq: 9}
	startTimer(tk)
	n := 0
	for range tick {
		n++
		if n == 5 {
			break
		}
	}
	println("ticks:", n, "stopped:", stopTimer(tk))

	// Many sleepers at once wake up.
	done := make(chan bool)
	for i := 0; i < 100; i++ {
		go func(i int) {
			Sleep(int64(i%10) * ms)
			done <- true
		}(i)
	}
	for i := 0; i < 100; i++ {
		<-done
	}
	println("100 sleepers woke")
}
