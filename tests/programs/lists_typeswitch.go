package main

type List struct {
	head *elem
	size int
}

type elem struct {
	val  interface{}
	next *elem
}

func (l *List) Push(v interface{}) {
	l.head = &elem{v, l.head}
	l.size++
}

func (l *List) Each(f func(interface{}) bool) {
	for e := l.head; e != nil; e = e.next {
		if !f(e.val) {
			return
		}
	}
}

type Stringer interface{ String() string }
type Temp float64

func (t Temp) String() string {
	if t < 0 {
		return "cold"
	}
	return "warm"
}

type Counter struct {
	hits map[string]int
}

func NewCounter() *Counter { return &Counter{hits: make(map[string]int)} }
func (c *Counter) Add(k string) { c.hits[k]++ }

func apply(fs ...func(int) int) func(int) int {
	return func(x int) int {
		for _, f := range fs {
			x = f(x)
		}
		return x
	}
}

func main() {
	var l List
	l.Push(1)
	l.Push("two")
	l.Push(3.5)
	l.Push(Temp(-3))
	l.Push(nil)
	l.Each(func(v interface{}) bool {
		switch x := v.(type) {
		case nil:
			println("nil")
		case int:
			println("int", x)
		case string:
			println("string", x)
		case Stringer:
			println("stringer", x.String())
		case float64:
			println("float", x)
		}
		return true
	})
	println(l.size)
	c := NewCounter()
	for _, w := range []string{"a", "b", "a", "c", "a"} {
		c.Add(w)
	}
	println(c.hits["a"], c.hits["b"], len(c.hits))
	double := func(x int) int { return x * 2 }
	inc := func(x int) int { return x + 1 }
	println(apply(double, inc, double)(5))
	var s Stringer
	println(s == nil)
	var tp *Temp
	println(tp == nil)
	arr := []interface{}{1, "a", nil, 2.5, true}
	n := 0
	for _, a := range arr {
		if a != nil {
			n++
		}
	}
	println(n)
	type kv struct {
		k string
		v int
	}
	pairs := map[string]kv{}
	pairs["x"] = kv{"x", 1}
	p := pairs["x"]
	p.v = 100
	println(pairs["x"].v, p.v)
	matrix := [2][2]string{{"a", "b"}, {"c", "d"}}
	for _, row := range matrix {
		for _, cell := range row {
			print(cell)
		}
	}
	println()
}
