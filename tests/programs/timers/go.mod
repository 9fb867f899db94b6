module timers

go 1.19
