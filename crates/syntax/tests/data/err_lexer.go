package p

var (
	a = 0x
	b = 09
	c = 1__0
	d = 'ab'
	e = "\q"
	f = 0b12
	g = 1e
	h = 0x1.0
	i = ''
)

var s = "abc
