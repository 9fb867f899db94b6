package main

type P struct {
	x, y int
	name string
}

func (p *P) move(dx int) { p.x += dx }
func (p P) sum() int     { return p.x + p.y }

func apply(f func(int) int, v int) int { return f(v) }

func vsum(xs ...int) int {
	t := 0
	for _, x := range xs {
		t += x
	}
	return t
}

func main() {
	p := P{1, 2, "pt"}
	p.move(5)
	println(p.x, p.y, p.name, p.sum())
	q := &P{y: 7}
	q.move(1)
	println(q.x, q.y, q.sum())
	k := 10
	add := func(n int) int { k++; return n + k }
	println(apply(add, 5), k)
	var arr [5]int
	for i := range arr {
		arr[i] = i * i
	}
	println(arr[3], len(arr))
	sl := arr[1:4]
	println(len(sl), cap(sl), sl[0], sl[2])
	println(vsum(), vsum(sl...))
	str := "hello"
	for i := range str {
		r := str[i]
		print(i, ":", r, " ")
	}
	println(str[1:3])


}
