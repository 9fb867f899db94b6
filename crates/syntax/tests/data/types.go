package types

type (
	t1  [4]int
	t2  []string
	t3  map[string]*int
	t4  chan int
	t5  <-chan int
	t6  chan<- int
	t7  chan (<-chan int)
	t8  chan<- chan int
	t9  <-chan <-chan int
	t10 func(int, string) (bool, error)
	t11 func(a, b int, c ...string) bool
	t12 func() func() int
	t13 struct {
		a, b int `tag:"x"`
		*Embedded
		pkg.Other
		Generic[int]
		c    [2]int
		_    struct{}
	}
	t14 interface {
		M(x int) (y int)
		io.Reader
		~int | ~string
		N()
	}
	t15 *[]map[int]chan func()
	t16 pkg.T
	t17 G[int, string]
	t18 pkg.G[int]
	t19 [N]T
	t20 interface{}
	t21 struct{}
	t22 func(...int)
	t23 func(int, ...int) int
)
