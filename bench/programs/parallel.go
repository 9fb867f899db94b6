// CPU-bound work split over two goroutines (xorshift steps, no allocation, no
// communication until the end). bench/run.sh also runs it with GOMAXPROCS=1 and
// GOMAXPROCS=2 and reports the speed-up each toolchain gets from the second P.
package main

const steps = 200_000_000

func work(seed uint64, n int) uint64 {
	x := seed
	for i := 0; i < n; i++ {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
	}
	return x
}

func main() {
	c := make(chan uint64)
	for g := 0; g < 2; g++ {
		go func(seed uint64) { c <- work(seed, steps) }(uint64(g + 1))
	}
	println(<-c ^ <-c)
}
