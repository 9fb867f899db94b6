package main

type Shape interface {
	Area() int
	Name() string
}

type Rect struct{ w, h int }
type Sq int

func (r Rect) Area() int     { return r.w * r.h }
func (r Rect) Name() string  { return "rect" }
func (s *Sq) Area() int      { return int(*s) * int(*s) }
func (s *Sq) Name() string   { return "sq" }

func describe(i interface{}) {
	switch v := i.(type) {
	case int:
		println("int", v)
	case string:
		println("string", v)
	case Shape:
		println("shape", v.Name(), v.Area())
	case nil:
		println("nil")
	default:
		println("other")
	}
}

func main() {
	var s Shape = Rect{3, 4}
	println(s.Area(), s.Name())
	q := Sq(5)
	s = &q
	println(s.Area(), s.Name())
	describe(1)
	describe("x")
	describe(Rect{1, 2})
	describe(nil)
	describe(2.5)
	var e interface{} = 5
	n, ok := e.(int)
	println(n, ok, e == 5)
	_, ok = e.(string)
	println(ok)
}
