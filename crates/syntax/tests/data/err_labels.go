package p

func f() {
L:
	for {
		break M
	}
	goto N
	continue
	break
L:
	fallthrough
	switch {
	case true:
		fallthrough
	}
	goto K
	var x int
K:
	_ = x
	{
	J:
	}
	goto J
}
