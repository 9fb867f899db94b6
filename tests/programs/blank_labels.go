package main

func main() {
_:
_:
	for i := 0; i < 2; i++ {
	_:
		println(i)
	}
}
