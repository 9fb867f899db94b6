package main

type P struct {
	x, y int
	name string
}

func (p *P) move(dx int) { p.x += dx }
func (p P) sum() int     { return p.x + p.y }

func apply(f func(int) int, v int) int { return f(v) }

func main() {
	p := P{1, 2, "pt"}
	p.move(5)
	println(p.x, p.y, p.name, p.sum())
	q := &P{y: 7}
	q.move(1)
	println(q.x, q.y, q.sum())
	s := []int{1, 2, 3}
	s = append(s, 4, 5)
	t := 0
	for i, v := range s {
		t += i * v
	}
	println(len(s), cap(s), t, s[4])
	k := 10
	add := func(n int) int { k++; return n + k }
	println(apply(add, 5), k)
	m := map[string]int{"a": 1}
	m["b"] = 2
	v, ok := m["c"]
	println(m["a"], m["b"], v, ok, len(m))
	var arr [5]int
	for i := range arr {
		arr[i] = i * i
	}
	println(arr[3], len(arr))
	str := "héllo"
	for i, r := range str {
		print(i, ":", r, " ")
	}
	println()
	b := []byte("xyz")
	_ = b
	defer println("deferred")
	go func() {}()
}
