// runtime.GOMAXPROCS(n) changes the number of Ps while goroutines run and allocate:
// the results and the values it reports are gc's.
package main

import "runtime"

func spin(n int, c chan int) {
	s := 0
	for i := 0; i < n; i++ {
		s += i % 7
	}
	c <- s
}

func work(g int) int {
	c := make(chan int)
	for i := 0; i < g; i++ {
		go spin(3000000, c)
	}
	t := 0
	for i := 0; i < g; i++ {
		t += <-c
	}
	return t
}

func main() {
	println(runtime.GOMAXPROCS(0) > 0)
	old := runtime.GOMAXPROCS(4)
	println(old == runtime.NumCPU() || old > 0, runtime.GOMAXPROCS(0))
	println(work(8))
	runtime.GOMAXPROCS(1)
	println(runtime.GOMAXPROCS(0))
	println(work(8))
	runtime.GOMAXPROCS(3)
	println(runtime.GOMAXPROCS(0), work(8))
	var keep [][]byte
	for i := 0; i < 100000; i++ {
		keep = append(keep, make([]byte, 100))
		if i%10000 == 0 {
			runtime.GOMAXPROCS(1 + i/10000%4)
		}
	}
	println(len(keep), runtime.GOMAXPROCS(0))
}
