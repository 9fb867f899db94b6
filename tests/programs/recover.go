package main


func f() (r int) {
	defer func() {
		if e := recover(); e != nil {
			println("recovered:", e.(string))
			r = 42
		}
	}()
	panic("boom")
}

func g() (x int) {
	defer func() { x *= 2 }()
	x = 5
	return x + 1
}

func h(a []int) (n int) {
	defer func() {
		if e := recover(); e != nil {
			err := e.(error)
			println(err.Error())
			n = -1
		}
	}()
	return a[5]
}

type E struct{}

func (E) Error() string { return "custom" }

func main() {
	println(f(), g(), h(nil))
	for i := 0; i < 3; i++ {
		defer println("loop defer", i)
	}
	var err error = E{}
	println(err.Error())
}
