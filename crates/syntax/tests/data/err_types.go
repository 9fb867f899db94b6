package p

type T struct {
	(U)
	*(V)
	a b c
}

type I interface {
	m[T any]()
	n[]()
}

var c = <-chan<- int(nil)
var d = <-chan int
