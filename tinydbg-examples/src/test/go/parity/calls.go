// The calls fixture of the Go parity test: recursion, methods on pointer and value receivers, a closure, named
// and unnamed results, a function with defer, and a function whose goroutine stack grows (and moves) between its
// entry and its return. Everything runs on the main goroutine, so the order of the trace lines is fixed.
package main

import "fmt"

type Counter struct {
	n    int
	name string
}

//go:noinline
func (c *Counter) Add(by int) int {
	c.n += by
	return c.n
}

//go:noinline
func (c Counter) Describe(prefix string) string { return fmt.Sprint(prefix, c.name, c.n) }

//go:noinline
func Fib(n int) int {
	if n < 2 {
		return n
	}
	return Fib(n-1) + Fib(n-2)
}

//go:noinline
func Divmod(a, b int) (q, r int) {
	q = a / b
	r = a % b
	return
}

//go:noinline
func Swap(a, b string) (string, string) { return b, a }

//go:noinline
func Deferred(n int) (out int) {
	defer func() { out *= 2 }()
	out = n + 1
	return out
}

//go:noinline
func NoResult(s string) { fmt.Sprint(s) }

// Deep recurses with a 2 KiB frame per level, so the goroutine's stack is copied to a larger one several times.
//
//go:noinline
func Deep(n int) int {
	var pad [2048]byte
	pad[n%2048] = byte(n)
	if n == 0 {
		return int(pad[0])
	}
	return Deep(n-1) + int(pad[n%2048])
}

// Grow is traced: its callee Deep grows the stack, so Grow's frame has moved when it returns.
//
//go:noinline
func Grow(levels int, tag string) (int, string) { return Deep(levels), tag }

//go:noinline
func Apply(f func(int) int, x int) int { return f(x) }

func main() {
	c := &Counter{name: "c"}
	c.Add(2)
	c.Add(3)
	Counter{n: 1, name: "v"}.Describe("is ")
	Fib(5)
	Divmod(17, 5)
	Swap("left", "right")
	Deferred(4)
	NoResult("void")
	Grow(200, "grown")
	base := 10
	add := func(x int) int { return x + base }
	Apply(add, 5)
	fmt.Println("calls done", c.n)
}
