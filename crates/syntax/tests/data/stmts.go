package stmts

func f(c chan int, x interface{}) (r int) {
	var a int
	const k = 1
	type local struct{}
	a = 1
	a += 2
	a <<= 1
	a++
	a--
	b, d := 1, 2
	_, _ = b, d
	c <- a
	<-c
	v, ok := <-c
	_, _ = v, ok
	go f(c, nil)
	defer func() { recover() }()
L:
	for i := 0; i < 10; i++ {
		if i == 2 {
			continue L
		} else if i == 3 {
			break
		} else {
			goto M
		}
	}
M:
	for {
		break
	}
	for a < 10 {
		a++
	}
	for i, v := range []int{1, 2} {
		_, _ = i, v
	}
	for range c {
	}
	for a = range c {
	}
	switch a {
	case 1, 2:
		fallthrough
	case 3:
	default:
	}
	switch y := a; {
	case y > 1:
	}
	switch t := x.(type) {
	case int, string:
		_ = t
	case nil:
	}
	switch x.(type) {
	}
	select {
	case v := <-c:
		_ = v
	case c <- 1:
	case <-c:
	default:
	}
	{
		;
	}
	if a := 1; a > 0 {
	}
	return a
}
