package main

type B []byte
type R struct {
	r []rune
	m map[byte]rune
	f func(byte) rune
}

func main() {
	defer func() {
		println(recover().(error).Error())
		var x interface{} = R{}
		defer func() { println(recover().(error).Error()) }()
		_ = x.(int)
	}()
	var x interface{} = []byte("a")
	_ = x.(string)
}
