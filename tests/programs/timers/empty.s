// Empty: lets gc accept the bodyless (linknamed) functions of main.go.
