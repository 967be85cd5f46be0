// Does not compile: the build tests check that the compiler's message reaches the user.
package main

func main() {
	undefinedThing()
}
