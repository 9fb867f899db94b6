package p

var a = <-chan<- int(nil)
var b = <-chan <-chan int(nil)
type T[P any,] struct{}
type U[] int
type V[P] int
var c = f(a..., b)
var d = x[]
var e = x[1 2]
func (a, b T) m() {}
func () n() {}
type W [1, 2]int
