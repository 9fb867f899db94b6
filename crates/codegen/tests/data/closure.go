package main

// A captured variable lives in a heap cell; the closure reads it through its funcval.
func counter() func() int {
	n := 0
	return func() int { n++; return n }
}

func main() { println(counter()()) }
