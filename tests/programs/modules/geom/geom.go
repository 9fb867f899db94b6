package geom

import "example.com/shapes/util/strs"

var Origin = Point{0, 0}

var count = initCount()

func initCount() int { println("geom: var init"); return 1 }

func init() { println("geom: init, origin", Origin.X, strs.Upper("x")) }

type Point struct{ X, Y int }

type Shape interface {
	Area() int
	Name() string
}

type Rect struct{ Min, Max Point }

func (r Rect) Area() int    { return (r.Max.X - r.Min.X) * (r.Max.Y - r.Min.Y) }
func (r Rect) Name() string { return strs.Upper("rect") }

const Pi = 3
