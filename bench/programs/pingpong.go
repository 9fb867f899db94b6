// Channel round trips: 1,000,000 values sent to a goroutine over one unbuffered
// channel and answered over another; every step hands control between two goroutines.
package main

const n = 1_000_000

func main() {
	ping := make(chan int)
	pong := make(chan int)
	go func() {
		for v := range ping {
			pong <- v + 1
		}
	}()
	sum := 0
	for i := 0; i < n; i++ {
		ping <- i
		sum += <-pong
	}
	close(ping)
	println(sum)
}
