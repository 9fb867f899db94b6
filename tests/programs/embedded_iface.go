package main

type Animal interface{ Sound() string }
type Dog struct{ name string }

func (d Dog) Sound() string { return d.name + " says woof" }

type Named struct {
	Animal
	tag string
}

func main() {
	n := Named{Dog{"fido"}, "x"}
	println(n.Sound())
	f := n.Sound
	println(f())
	defer println("deferred")
	defer func() { println(n.Sound()) }()
	var a Animal = n
	println(a.Sound())
	pn := &n
	var b Animal = pn
	println(b.Sound())
	go n.Sound()
}
