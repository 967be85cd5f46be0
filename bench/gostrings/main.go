// The Go bench loop with a string argument and a string result: greet(name, n) is called N times (N = os.Args[1]).
// Traced with uprobes, each call's string bytes are copied by the probe; with breakpoints, read at the stop.
package main

import (
	"fmt"
	"os"
	"strconv"
)

var names = []string{"ada", "grace", "edsger", "barbara"}

//go:noinline
func greet(name string, n int) string {
	if n%2 == 0 {
		return name
	}
	return "hello"
}

func main() {
	n, _ := strconv.Atoi(os.Args[1])
	total := 0
	for i := 0; i < n; i++ {
		total += len(greet(names[i%len(names)], i))
	}
	fmt.Println(total)
}
