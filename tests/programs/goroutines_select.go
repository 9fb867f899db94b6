package main

import "runtime"

func fanIn(a, b <-chan int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for a != nil || b != nil {
			select {
			case v, ok := <-a:
				if !ok {
					a = nil
					continue
				}
				out <- v
			case v, ok := <-b:
				if !ok {
					b = nil
					continue
				}
				out <- v
			}
		}
	}()
	return out
}

func gen(start, n int) <-chan int {
	c := make(chan int, 2)
	go func() {
		for i := 0; i < n; i++ {
			c <- start + i
		}
		close(c)
	}()
	return c
}

func main() {
	sum := 0
	cnt := 0
	for v := range fanIn(gen(0, 50), gen(1000, 50)) {
		sum += v
		cnt++
	}
	println(cnt, sum)
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer println("goexit defer ran")
		runtime.Goexit()
		println("unreachable")
	}()
	<-done
	sem := make(chan int, 3)
	results := make(chan int)
	for i := 0; i < 10; i++ {
		go func(i int) {
			sem <- 1
			results <- i * i
			<-sem
		}(i)
	}
	t := 0
	for i := 0; i < 10; i++ {
		t += <-results
	}
	println(t, runtime.NumCPU() > 0, runtime.GOOS, runtime.GOARCH)
	c := make(chan int, 1)
	c <- 1
	select {
	case c <- 2:
		println("sent")
	default:
		println("full")
	}
	close(c)
	v, ok := <-c
	v2, ok2 := <-c
	println(v, ok, v2, ok2)
	defer func() {
		r := recover()
		println("recovered:", r.(error).Error())
	}()
	close(c)
}
