//go:build linux

package p

import "embed"

//go:noinline
func f() {
	//go:nosplit
	x := 1 //go:noinline
	_ = x
	//go:unknown
}

//go:embed a.txt
var fs embed.FS

//go:nosplit
var (
	//go:notinheap
	y int
)

//go:linkname z runtime.z
var z int

//go:noinline
