package main

type Weekday int

const (
	Sunday Weekday = iota
	Monday
	Tuesday
	_
	Thursday
)

const (
	KB = 1 << (10 * (iota + 1))
	MB
	GB
)

type E struct{ msg string }

func (e *E) Error() string { return e.msg }

func mayFail(fail bool) error {
	var e *E
	if fail {
		e = &E{"failed"}
		return e
	}
	return nil
}

type Matrix [3][3]int

func (m *Matrix) Mul(o *Matrix) Matrix {
	var r Matrix
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			for k := 0; k < 3; k++ {
				r[i][j] += m[i][k] * o[k][j]
			}
		}
	}
	return r
}

func variadic(prefix string, nums ...int) int {
	t := len(prefix)
	for _, n := range nums {
		t += n
	}
	return t
}

func main() {
	println(Sunday, Monday, Thursday, KB, MB, GB)
	if err := mayFail(true); err != nil {
		println("error:", err.Error())
	}
	if err := mayFail(false); err == nil {
		println("no error")
	}
	m := Matrix{{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}
	id := Matrix{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}
	p := m.Mul(&id)
	println(p[1][2], p == m, len(p))
	grid := make([][]int, 3)
	for i := range grid {
		grid[i] = make([]int, i+1)
		for j := range grid[i] {
			grid[i][j] = i * j
		}
	}
	println(len(grid[2]), grid[2][2])
	a := []int{1, 2, 3, 4, 5}
	b := a[1:3]
	b = append(b, 99)
	println(a[3], len(b), cap(b))
	c := make([]int, 2)
	n := copy(c, a)
	println(n, c[0], c[1])
	println(variadic("ab"), variadic("x", 1, 2, 3), variadic("", a...))
	x := 10
	{
		x := 20
		x++
		_ = x
	}
	println(x)
	i := 0
loop:
	if i < 3 {
		i++
		goto loop
	}
	println("i", i)
	f := 3.9
	println(int(f), int(-f), uint8(300&0xff))
	var nan = 0.0
	nan = nan / nan
	mm := map[float64]int{}
	mm[nan] = 1
	mm[nan] = 2
	println(len(mm), nan == nan, nan != nan)
	type T struct {
		s string
		n int
	}
	t1, t2 := T{"a", 1}, T{"a", 1}
	println(t1 == t2, t1 != T{"b", 1})
	var iface interface{} = t1
	println(iface == t2)
	s := ""
	for j := 0; j < 5; j++ {
		s += string(rune('a' + j))
	}
	println(s, len(s), s[1:4], s > "abc")
	bs := []byte(s)
	bs[0] = 'Z'
	println(string(bs), s)
	var w Weekday = 2
	switch w {
	case Sunday, Monday:
		println("early")
	case Tuesday:
		println("tuesday")
	}
	println(^0, ^uint8(5), 7&^2, -5>>1, uint32(1)<<31)
}
