package main

import "testing"

func TestGreet(t *testing.T) {
	if got := Greet("test"); got != greeting+" test"+mark {
		t.Fatalf("Greet(test) = %q", got)
	}
}
