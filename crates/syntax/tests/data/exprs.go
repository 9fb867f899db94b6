package exprs

type T struct{ a, b int }

var (
	p1 = 1 + 2*3 - 4/5%6<<1>>2&3&^4|5^6
	p2 = a || b && c == d != e < f <= g > h >= i
	p3 = -x + +y - ^z * !w
	p4 = *p + &q.r
	p5 = <-ch
	p6 = f(a, b...)
	p7 = s[1:2] + s[:] + s[1:] + s[:2] + s[1:2:3] + s[:2:3]
	p8 = x.(int)
	p9 = []int{1, 2, 3}
	p10 = map[string][]int{"a": {1}, "b": nil}
	p11 = [...]T{{1, 2}, {a: 1}}
	p12 = &T{a: 1}
	p13 = func(x int) int { return x * 2 }(3)
	p14 = (*T).method
	p15 = [][]int{{1}, {2, 3}}
	p16 = struct{ x int }{1}
	p17 = pkg.Name{}
	p18 = 'a' + '\n' + '\x41' + '\u00e9'
	p19 = "s" + `raw`
	p20 = 0x1F + 0o17 + 017 + 0b101 + 1_000 + 1.5e3 + 0x1p-2 + 2i + .5 + 1.
	p21 = m[k]
	p22 = (a + b) * c
	p23 = chan int(nil)
	p24 = (<-chan int)(nil)
	p25 = (chan<- int)(nil)
	p26 = []func() int{}
	p27 = interface{}(nil)
)

func f() {
	if x == (T{}) {
	}
	for _, v := range []T{{1, 2}} {
		_ = v
	}
	switch (T{}).a {
	}
	if v := (T{a: 1}); v.a > 0 {
	}
}
