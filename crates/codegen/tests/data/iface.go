package main

type S interface{ Area() int }
type R struct{ w, h int }

func (r R) Area() int { return r.w * r.h }

func area(s S) int { return s.Area() }

func main() { println(area(R{2, 3})) }
