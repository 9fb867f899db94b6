// Sieve of Eratosthenes over 5e7 entries: one large allocation, bounds-checked
// indexing and tight loops.
package main

const n = 50_000_000

func main() {
	composite := make([]bool, n+1)
	count := 0
	for i := 2; i <= n; i++ {
		if composite[i] {
			continue
		}
		count++
		for j := i * i; j <= n; j += i {
			composite[j] = true
		}
	}
	println(count)
}
