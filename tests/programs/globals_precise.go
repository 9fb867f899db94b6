// Package variables are scanned precisely: a uintptr holding an object's address
// does not keep it alive (its finalizer runs), a pointer does.
package main

import (
	"runtime"
	"unsafe"
)

type T struct{ a, b int }

var addr uintptr // a number, not a pointer: keeps nothing alive
var held *T      // a pointer: keeps its object alive
var done = make(chan string, 2)

//go:noinline
func setup() {
	x := &T{1, 2}
	runtime.SetFinalizer(x, func(*T) { done <- "number" })
	addr = uintptr(unsafe.Pointer(x))
	y := &T{3, 4}
	runtime.SetFinalizer(y, func(*T) { done <- "pointer" })
	held = y
}

func main() {
	setup()
	for i := 0; i < 5; i++ {
		runtime.GC()
	}
	println(<-done)
	select {
	case s := <-done:
		println("unexpected", s)
	default:
		println("held", held.b)
	}
}
