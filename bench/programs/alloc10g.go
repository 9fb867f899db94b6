// Allocates 10 GB in total while keeping a live set of about 4 MB: the collector
// must reuse memory, so peak RSS stays small. No imports.
package main

type rec struct {
	next *rec
	buf  [48]byte
}

func main() {
	const total = 10 << 30
	const live = 1 << 16 // slots in the ring of live objects
	ring := make([]*rec, live)
	var big [][]byte
	allocated := 0
	sum := 0
	for i := 0; allocated < total; i++ {
		r := &rec{}
		if i%2 == 0 {
			r.next = ring[(i+1)%live] // a pointer into the live set, never a chain: the next slot is replaced next
		}
		r.buf[i%48] = byte(i)
		ring[i%live] = r
		allocated += 64
		if i%1024 == 0 {
			b := make([]byte, 32<<10)
			b[i%len(b)] = 1
			big = append(big, b)
			if len(big) > 8 {
				big = big[1:]
			}
			allocated += len(b)
		}
		sum += int(r.buf[i%48])
	}
	println("allocated", allocated>>30, "GB; sum", sum, "; live ring", len(ring))
}
