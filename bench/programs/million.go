// One million goroutines blocked on a channel at once, then released (issue 5's
// "a million goroutines": peak RSS is the number to watch).
package main

func main() {
	const n = 1_000_000
	start := make(chan struct{})
	done := make(chan int, 1024)
	for i := 0; i < n; i++ {
		go func(i int) {
			<-start
			done <- i
		}(i)
	}
	close(start)
	sum := 0
	for i := 0; i < n; i++ {
		sum += <-done
	}
	println(sum)
}
