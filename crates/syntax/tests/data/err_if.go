package p

func f(x int) {
	if x = 1 {
	}
	if x := 1 {
	}
	if x {
	} else for {
	}
	for i := 0; i < 3; i := 1 {
	}
	if {
	}
}
