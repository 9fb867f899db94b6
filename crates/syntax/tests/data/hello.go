package main

import (
	"fmt"
	. "math"
	_ "os"
)

//go:noinline
func main() {
	fmt.Println("hello", Pi)
}
