package p

//line foo.go:100
var x = ]

var y = /*line bar.go:7:20*/ )
