package p

var x = 1 @ 2
var y = 1 · 2
﻿var z = 1
