// A small Go package for the trace command's build tests (TraceGoBuildTest): a string the linker can set
// (-ldflags=-X main.greeting=...), a build tag that changes the punctuation, a test that calls the traced function.
package main

import (
	"fmt"
	"os"
)

// greeting is set with -ldflags=-X main.greeting=... to show that --build-flags reach the build.
var greeting = "hello"

//go:noinline
func Greet(name string) string { return greeting + " " + name + mark }

func main() {
	exe, _ := os.Executable()
	fmt.Println(Greet("tinydbg"))
	fmt.Println(exe)
}
