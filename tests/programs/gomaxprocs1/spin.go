package main

func main() {
	c := make(chan int)
	go func() {
		x := 0
		for {
			x++
		}
	}()
	go func() {
		for i := 0; i < 3; i++ {
			c <- i
		}
		close(c)
	}()
	for v := range c {
		println("got", v)
	}
	println("done")
}
