package bom

var s = "\u00e9\U0001F600\x41\101"
