package main

var x = f(3)

func f(n int) int {
	if n <= 1 {
		return 1
	}
	return n * f(n-1)
}

func g() (int, string) { return 7, "seven" }

func main() {
	a, s := g()
	println(x, a, s)
	y := 10
	p := &y
	println(y)
	_ = p
}
