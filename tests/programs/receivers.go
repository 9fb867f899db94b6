package main

type T int

func (t T) V() {
	if t != 42 {
		panic(t)
	}
	println("V ok")
}

func (t *T) P() {
	println("P", *t)
}

type V interface{ V() }

func main() {
	var t T
	t = 42
	t.P()
	t.V()
	var v V
	v = t
	v.V()
}
