// A goroutine blocks in read(2) on a pipe while main computes, on one P: the
// reader's P must be handed to another thread (entersyscall, sysmon's retake).
// rgo-only (gc would need package syscall linked in), checked by programs.rs.
package main

import "unsafe"

//go:linkname Syscall syscall.Syscall
func Syscall(trap, a1, a2, a3 uintptr) (r1, r2, err uintptr)

const (
	sysRead  = 0
	sysWrite = 1
	sysPipe2 = 293
)

func fib(n int) int {
	if n < 2 {
		return n
	}
	return fib(n-1) + fib(n-2)
}

func main() {
	var fds [2]int32
	if _, _, err := Syscall(sysPipe2, uintptr(unsafe.Pointer(&fds)), 0, 0); err != 0 {
		println("pipe2 failed:", err)
		return
	}
	got := make(chan string)
	go func() {
		buf := make([]byte, 16)
		n, _, err := Syscall(sysRead, uintptr(fds[0]), uintptr(unsafe.Pointer(&buf[0])), uintptr(len(buf)))
		if err != 0 {
			println("read failed:", err)
		}
		got <- string(buf[:n])
	}()
	// Computing while the reader is blocked in read: with one P, this needs the
	// reader's P back from the system call.
	sum := 0
	for i := 0; i < 20; i++ {
		sum += fib(25)
	}
	println("computed", sum)
	msg := []byte("hello, pipe")
	if _, _, err := Syscall(sysWrite, uintptr(fds[1]), uintptr(unsafe.Pointer(&msg[0])), uintptr(len(msg))); err != 0 {
		println("write failed:", err)
	}
	println("read", <-got)
	_, _, err := Syscall(sysRead, 1000, 0, 0)
	println("bad fd errno", err)
}
