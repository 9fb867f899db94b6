package main

var a = 1
var calls int

func f() int { a = 10; return 1 }

func two() (int, int) { calls++; return a, 2 }

func h(x, y int) int { return x*100 + y }

func g() int { a = 5; return 3 }

func ret() int {
	a = 1
	return a + f()
}

func cond() bool { a = 7; return true }

func main() {
	println(a + f())
	a = 1
	b := a + f()
	println(b)
	x := []int{1, 2, 3}
	i := 0
	k := func() int { i = 2; return 5 }
	x[i] = k()
	println(x[0], x[1], x[2])
	p := &a
	q := new(int)
	*p += func() int { p = q; return 7 }()
	println(a, *q)
	a = 1
	println(h(a, g()))
	u, v := two()
	println(u, v, calls)
	println(ret())
	a = 1
	c := a == 1 && cond()
	println(c, a)
	a = 1
	s := make([]int, a)
	l1, _, l2 := len(s), func() int { s = make([]int, 4); return 0 }(), len(s)
	println(l1, l2)
	m := map[int]int{}
	m[a] = g()
	println(m[1], m[5], len(m))
}
