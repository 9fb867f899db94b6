package main

import (
	"example.com/shapes/geom"
	s "example.com/shapes/util/strs"
)

func init() { println("main: init") }

func main() {
	var sh geom.Shape = geom.Rect{Max: geom.Point{X: 3, Y: 4}}
	println(sh.Name(), sh.Area(), geom.Pi, s.Upper("done"))
}
