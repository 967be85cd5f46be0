// The goroutine fixture of the Go parity test: several goroutines on up to four threads each call Work with their
// own numbers. Lines of different goroutines interleave differently in every run, so the test compares the lines
// of each goroutine in order.
package main

import (
	"fmt"
	"runtime"
	"sync"
)

type Job struct {
	ID    int
	Label string
}

//go:noinline
func Work(j Job, round int) (int, error) {
	if round < 0 {
		return 0, fmt.Errorf("bad round %d", round)
	}
	return j.ID*100 + round, nil
}

//go:noinline
func Square(x int) int { return x * x }

func main() {
	runtime.GOMAXPROCS(4)
	var wg sync.WaitGroup
	results := make([]int, 6)
	for g := 0; g < 6; g++ {
		wg.Add(1)
		go func(id int) {
			defer wg.Done()
			for r := 0; r < 5; r++ {
				v, _ := Work(Job{ID: id, Label: fmt.Sprint("job-", id)}, r)
				results[id] += Square(v % 7)
			}
		}(g)
	}
	wg.Wait()
	fmt.Println("goroutines done", results)
}
