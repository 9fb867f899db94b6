package p

func f() {
	go (g())
	defer g
	_ = s[1:2:]
	_ = s[1::3]
	_ = x.(type)
}

func (T) m[P any]() {}

func g[]() {}

func h(a, b int, c) {}

func k(a int, ...) {}
