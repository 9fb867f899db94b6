package main

type T int

func (t T) Get() int   { return int(t) * 2 }
func (t *T) Inc()      { *t++ }

type G interface{ Get() int }

func main() {
	t := T(5)
	f := T.Get
	g := (*T).Get
	h := (*T).Inc
	println(f(t), g(&t))
	h(&t)
	println(t)
	var i G = t
	m := i.Get
	println(m())
	bm := t.Get
	t = 100
	println(bm())
}
