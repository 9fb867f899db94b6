// Each goroutine locks itself to its own thread and blocks: past 10,000 threads the
// program dies as under gc ("runtime: program exceeds 10000-thread limit", "fatal
// error: thread exhaustion", exit status 2). Checked by programs.rs.
package main

import "runtime"

func main() {
	for i := 0; i < 10100; i++ {
		go func() {
			runtime.LockOSThread()
			select {}
		}()
	}
	select {}
}
