package generics

type Number interface {
	~int | ~int64 | float64
}

type Stringer interface {
	String() string
}

type StringableNumber interface {
	Number
	Stringer
	comparable
}

type A[N any] [N]int

type Arr [N * M]int

type G[P *C] struct{}

type H[P *C,] struct{}

type I[P interface{ ~[]int }, Q []P] int

type J[P ~int | string] int

type K[T any] = int

func Sum[T Number](xs ...T) (s T) {
	for _, x := range xs {
		s += x
	}
	return
}

func use() {
	_ = Sum[int](1, 2)
	_ = Sum(1.5)
	var m Map[string, List[int]]
	_ = m
	f := Sum[float64]
	_ = f
	_ = G[int]{}
}
