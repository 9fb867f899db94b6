package main

// Integer division checks for zero and defines MinInt / -1.
func div(a, b int) int { return a / b }

func shr(a int32, s uint) int32 { return a >> s }

func main() { println(div(7, 2), shr(-8, 40)) }
