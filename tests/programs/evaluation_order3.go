package main

var a = 1

func f() int { a = 10; return 1 }

func g() int { a++; return 0 }

func main() {
	switch a + f() {
	case 2:
		println("old a")
	case 11:
		println("new a")
	}
	a = 0
	n := 0
	for a+g() < 5 {
		n++
	}
	println(n, a)
	a = 0
	for i := 0; i+a < 10 && g() == 0; i++ {
		n++
	}
	println(n, a)
}
