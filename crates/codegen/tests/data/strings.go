package main

func cat(a, b string) bool { return a+b == "xy" }

func main() { println(cat("x", "y")) }
