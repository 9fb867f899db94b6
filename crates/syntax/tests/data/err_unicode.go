package p

var été = 1
var x² = 2
var á = 3
var ٣x = 4
var नमस्ते = 5
