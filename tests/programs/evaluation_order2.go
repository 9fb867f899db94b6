package main

var a = 1

func f() int { a = 10; return 1 }

func main() {
	if a+f() == 11 {
		println("if: new a")
	} else {
		println("if: old a")
	}
	a = 1
	var v = a + f()
	println(v)
	a = 1
	c := make(chan int, 1)
	c <- a + f()
	println(<-c)
	a = 1
	var x, y = a, f()
	println(x, y)
	g4()
}

func g4() {
	b := 1
	g := func() int { b = 10; return 1 }
	x, y := b, g()
	println(x, y)
	b = 1
	x, y = b+0, g()
	println(x, y)
	b = 1
	println(b, g())
	a = 1
	s := []int{0}
	s[0], y = a, f()
	println(s[0], y)
}
