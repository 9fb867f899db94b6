// Two goroutines allocating short-lived lists at the same time on two Ps: the
// collector must stop both to collect (a goroutine that keeps running Go code must
// not postpone collection), so the heap stays near its goal.
package main

type node struct {
	next *node
	val  [8]int
}

var sink *node

func churn(n int, done chan bool) {
	var keep *node
	for i := 0; i < n; i++ {
		x := &node{next: keep}
		if i%1000 == 0 {
			keep = nil
		} else {
			keep = x
		}
	}
	sink = keep
	done <- true
}

func main() {
	done := make(chan bool)
	go churn(20_000_000, done)
	go churn(20_000_000, done)
	<-done
	<-done
	println("done")
}
