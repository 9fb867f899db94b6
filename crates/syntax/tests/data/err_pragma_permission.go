// Directives gc refuses in ordinary packages (its noder, as it meets them).
package p

//go:cgo_ldflag "-lfoo"
//go:cgo_ldflag
//go:systemstack
func f() {}

//go:nowritebarrierrec
//go:uintptrkeepalive
func g(uintptr) {}
