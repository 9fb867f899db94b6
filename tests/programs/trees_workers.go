package main

type Node struct {
	Val         int
	Left, Right *Node
}

func (n *Node) Insert(v int) *Node {
	if n == nil {
		return &Node{Val: v}
	}
	if v < n.Val {
		n.Left = n.Left.Insert(v)
	} else {
		n.Right = n.Right.Insert(v)
	}
	return n
}

func (n *Node) Walk(f func(int)) {
	if n == nil {
		return
	}
	n.Left.Walk(f)
	f(n.Val)
	n.Right.Walk(f)
}


type Animal interface{ Sound() string }
type Dog struct{ name string }
type Cat struct{ name string }

func (d Dog) Sound() string { return d.name + " says woof" }
func (c Cat) Sound() string { return c.name + " says meow" }

type Named struct {
	Animal
	tag string
}

func producer(n int, out chan<- int) {
	for i := 0; i < n; i++ {
		out <- i * i
	}
	close(out)
}

func worker(id int, jobs <-chan int, results chan<- [2]int) {
	for j := range jobs {
		results <- [2]int{id, j * 2}
	}
}

func main() {
	var root *Node
	for _, v := range []int{5, 3, 8, 1, 4, 9, 7} {
		root = root.Insert(v)
	}
	sum := 0
	root.Walk(func(v int) { sum += v; print(v, " ") })
	println("sum", sum)

	animals := []Animal{Dog{"rex"}, Cat{"tom"}, Named{Dog{"fido"}, "x"}}
	for _, a := range animals {
		println(a.Sound())
	}

	ch := make(chan int)
	go producer(5, ch)
	total := 0
	for v := range ch {
		total += v
	}
	println("total", total)

	jobs := make(chan int, 10)
	results := make(chan [2]int, 10)
	for w := 1; w <= 3; w++ {
		go worker(w, jobs, results)
	}
	for j := 1; j <= 9; j++ {
		jobs <- j
	}
	close(jobs)
	s := 0
	for k := 0; k < 9; k++ {
		r := <-results
		s += r[1]
	}
	println("results", s)

	done := make(chan bool)
	data := make(chan string, 1)
	go func() {
		defer close(done)
		select {
		case d := <-data:
			println("got", d)
		}
	}()
	data <- "hello"
	<-done
	var nilch chan int
	select {
	case v := <-nilch:
		println("impossible", v)
	default:
		println("default taken")
	}
	m := map[string][]int{}
	for i := 0; i < 10; i++ {
		k := "odd"
		if i%2 == 0 {
			k = "even"
		}
		m[k] = append(m[k], i)
	}
	println(len(m["even"]), m["odd"][4])
	type pair struct {
		a string
		b int
	}
	ps := []pair{{"x", 1}, {"y", 2}}
	ps[1].b += 40
	println(ps[1].a, ps[1].b, ps[0] == pair{"x", 1})
}
