package main

type Point struct{ X, Y int }

type Shape interface {
	Area() float64
	Perimeter() float64
}

type Rect struct{ W, H float64 }
type Circle struct{ R float64 }

func (r Rect) Area() float64       { return r.W * r.H }
func (r Rect) Perimeter() float64  { return 2 * (r.W + r.H) }
func (c *Circle) Area() float64     { return 3 * c.R * c.R }
func (c *Circle) Perimeter() float64 { return 6 * c.R }

type byArea []Shape

func (s byArea) Len() int           { return len(s) }
func (s byArea) Less(i, j int) bool { return s[i].Area() < s[j].Area() }
func (s byArea) Swap(i, j int)      { s[i], s[j] = s[j], s[i] }

func sortShapes(s byArea) {
	for i := 1; i < s.Len(); i++ {
		for j := i; j > 0 && s.Less(j, j-1); j-- {
			s.Swap(j, j-1)
		}
	}
}

func divmod(a, b int) (q, r int) {
	defer func() {
		if e := recover(); e != nil {
			q, r = -1, -1
		}
	}()
	q = a / b
	r = a % b
	return
}

func fibs(n int) []int {
	out := make([]int, 0, 2)
	a, b := 0, 1
	for i := 0; i < n; i++ {
		out = append(out, a)
		a, b = b, a+b
	}
	return out
}

func main() {
	shapes := byArea{Rect{3, 4}, &Circle{1}, Rect{1, 1}, &Circle{2}}
	sortShapes(shapes)
	for i, s := range shapes {
		switch v := s.(type) {
		case Rect:
			println(i, "rect", v.W, v.H, s.Area())
		case *Circle:
			println(i, "circle", v.R, s.Perimeter())
		}
	}
	q, r := divmod(17, 5)
	println(q, r)
	q, r = divmod(1, 0)
	println(q, r)
	f := fibs(15)
	println(len(f), cap(f), f[14])
	m := map[Point]string{{1, 2}: "a", {3, 4}: "b"}
	m[Point{5, 6}] = "c"
	delete(m, Point{1, 2})
	println(len(m), m[Point{3, 4}], m[Point{9, 9}] == "")
	var funcs []func() int
	for i := 0; i < 3; i++ {
		j := i
		funcs = append(funcs, func() int { return j * 10 })
	}
	for _, fn := range funcs {
		print(fn(), " ")
	}
	println()
	var x uint8 = 250
	x += 10
	var y int8 = 127
	y++
	println(x, y, -7/2, -7%2, 7>>1, -7>>1, 1<<62)
	s := "héllo, 世界"
	n := 0
	for _, c := range s {
		if c > 127 {
			n++
		}
	}
	println(len(s), n, s[1], string(s[0]), []byte(s)[2], string([]rune(s)[7:]))
outer:
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			if j == 2 {
				continue outer
			}
			if i == 2 {
				break outer
			}
			print(i, j, ";")
		}
	}
	println()
	switch z := 5; {
	case z > 3:
		println("big")
		fallthrough
	case z > 1:
		println("medium")
	default:
		println("small")
	}
	c := complex(1, 2)
	println(c*c, real(c), imag(c))
	var e interface{} = 3.5
	if f, ok := e.(float64); ok {
		println("float", f)
	}
	arr := [5]int{1, 2, 3}
	brr := arr
	brr[0] = 100
	println(arr[0], brr[0], len(arr))
	p := &Point{1, 2}
	pp := &p
	(*pp).X = 10
	println(p.X, (**pp).Y)
}
