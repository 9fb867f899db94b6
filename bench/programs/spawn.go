// Goroutine creation: 200,000 goroutines that each send one value on an unbuffered
// channel; main receives them all after starting them, so all are alive at once.
package main

const n = 200_000

func main() {
	c := make(chan int)
	for i := 0; i < n; i++ {
		go func(i int) { c <- i }(i)
	}
	sum := 0
	for i := 0; i < n; i++ {
		sum += <-c
	}
	println(sum)
}
