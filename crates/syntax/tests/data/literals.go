package literals

var (
	i1 = 42
	i2 = 0x_1f
	i3 = 0O17
	i4 = 0b1_0
	i5 = 0755
	f1 = 1e10
	f2 = 0x1.8p+1
	f3 = 1_000.000_1
	im = 1.5i + 0i + 0x1p2i
	c1 = '\''
	c2 = '\377'
	c3 = '\U0001F600'
	c4 = 'ä'
	s1 = "\a\b\f\n\r\t\v\\\""
	s2 = `a
b`
	s3 = "日本語"
)
