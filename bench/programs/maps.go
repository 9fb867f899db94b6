// Maps with int and string keys: insert, lookup, delete, growth. Strings are built
// without strconv so the program needs no imports.
package main

const n = 1_000_000

// key returns a distinct decimal string for each i.
func key(i int) string {
	if i == 0 {
		return "0"
	}
	var buf [20]byte
	p := len(buf)
	for ; i > 0; i /= 10 {
		p--
		buf[p] = byte('0' + i%10)
	}
	return string(buf[p:])
}

func main() {
	ints := make(map[int]int)
	for i := 0; i < n; i++ {
		ints[i*7] = i
	}
	hits := 0
	for i := 0; i < 2*n; i++ {
		if _, ok := ints[i]; ok {
			hits++
		}
	}
	for i := 0; i < n; i += 2 {
		delete(ints, i*7)
	}

	strs := make(map[string]int)
	for i := 0; i < n; i++ {
		strs[key(i)] = i
	}
	sum := 0
	for i := 0; i < n; i += 3 {
		sum += strs[key(i)]
	}
	for i := 0; i < n; i += 2 {
		delete(strs, key(i))
	}
	println(len(ints), hits, len(strs), sum)
}
