// The Go demo: a method on a pointer receiver, a recursion and a string.
package main

import "fmt"

type Counter struct{ n int }

//go:noinline
func (c *Counter) Bump(by int) int { c.n += by; return c.n }

//go:noinline
func Fib(n int) int {
	if n < 2 {
		return n
	}
	return Fib(n-1) + Fib(n-2)
}

//go:noinline
func Greet(name string) string { return "hello " + name }

func main() {
	c := &Counter{}
	c.Bump(2)
	c.Bump(3)
	fmt.Println(Fib(4), Greet("tinydbg"), c.n)
}
