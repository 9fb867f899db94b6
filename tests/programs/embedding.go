package main

type T int

func (t T) V() {
	if t != 42 {
		panic(t)
	}
	println("V ok")
}

func (t *T) P() { println("P", *t) }

type V interface{ V() }
type P interface {
	P()
	V()
}

type S struct{ T }
type SP struct{ *T }

func main() {
	var s S
	s.T = 42
	s.P()
	s.V()
	var v V = s
	v.V()
	var p P = &s
	p.P()
	p.V()
	var t T = 42
	sp := SP{&t}
	sp.P()
	sp.V()
	v = sp
	v.V()
	p = sp
	p.P()
}
