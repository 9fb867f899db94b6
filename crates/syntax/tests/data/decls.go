package decls

import "unsafe"

const Pi = 3.14

const (
	A, B = iota, iota * 10
	C, D
	E    int = iota
	F
	_
	G = "g"
	H
)

const (
	X int
	Y
)

var v int
var (
	a, b = 1, 2
	c    []string
	d    = map[string]int{"a": 1}
)

type (
	Alias = int
	Named struct{ x, y int }
	Ptr   *Named
)

type List[T any] struct {
	next *List[T]
	val  T
}

func (l *List[T]) Push(v T) *List[T] { return &List[T]{l, v} }

func (List[_]) Len() int { return 0 }

func Map[K comparable, V any, R any](m map[K]V, f func(V) R) map[K]R { return nil }

func asm(x int) int

func (Named) method(a, b int, c ...string) (n int, err error) { return }

var _ = unsafe.Sizeof(v)
