// The value fixture of the Go parity test: one traced function per kind of value, each called from the main
// goroutine only, so the order of the trace lines is fixed. Every function is named Take* (arguments) or Make*
// (results) so one regular expression selects them all.
package main

import (
	"errors"
	"fmt"
	"os"
)

type Point struct {
	X, Y int
	Name string
}

type Line struct {
	From, To Point
	Label    string
	Weight   float64
}

type Wide struct {
	A, B, C, D, E int
}

type Celsius float64

type Shape interface {
	Area() float64
}

type Rect struct{ W, H float64 }

func (r Rect) Area() float64 { return r.W * r.H }

type ParseError struct {
	Line int
	Msg  string
}

func (e *ParseError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

type ValueError struct{ Code int }

func (e ValueError) Error() string { return fmt.Sprint("code ", e.Code) }

//go:noinline
func TakeInts(a int, b int8, c int16, d int32, e int64) int { return a + int(b) + int(c) + int(d) + int(e) }

//go:noinline
func TakeUints(a uint, b uint8, c uint16, d uint32, e uint64, f uintptr) uint {
	return a + uint(b) + uint(c) + uint(d) + uint(e) + uint(f)
}

//go:noinline
func TakeBools(t, f bool) bool { return t && !f }

//go:noinline
func TakeFloats(a float32, b float64, c float64, d float32, e float64) float64 {
	return float64(a) + b + c + float64(d) + e
}

//go:noinline
func TakeComplex(a complex64, b complex128) complex128 { return complex128(a) + b }

//go:noinline
func TakeRunes(r rune, b byte, s string) int { return int(r) + int(b) + len(s) }

//go:noinline
func TakeStrings(empty, short, long, quoted string) int {
	return len(empty) + len(short) + len(long) + len(quoted)
}

//go:noinline
func TakeStructs(p Point, l Line, w Wide, e struct{}) int { return p.X + l.From.Y + w.E }

//go:noinline
func TakeNamed(c Celsius, d Celsius) Celsius { return c + d }

//go:noinline
func TakeSlices(ints []int, strs []string, pts []Point, nilSlice []int, empty []int, long []int) int {
	return len(ints) + len(strs) + len(pts) + len(nilSlice) + len(empty) + len(long)
}

//go:noinline
func TakeBytes(b []byte, arr [4]byte) int { return len(b) + int(arr[0]) }

//go:noinline
func TakeArrays(a [3]int, s [2]string, p [2]Point, big [20]int) int { return a[0] + len(s[1]) + p[1].X + big[19] }

//go:noinline
func TakeMaps(m map[int]string, sm map[string]Point, nilMap map[string]int, empty map[string]int) int {
	return len(m) + len(sm) + len(nilMap) + len(empty)
}

//go:noinline
func TakePointers(p *Point, nilPtr *Point, ip *int, pp **Point) int {
	if p == nil || ip == nil || pp == nil {
		return 0
	}
	return p.X + *ip + (*pp).Y
}

//go:noinline
func TakeInterfaces(i interface{}, s interface{}, p interface{}, nilIface interface{}, sh Shape, ptr interface{}) int {
	if sh == nil {
		return 0
	}
	return int(sh.Area())
}

//go:noinline
func TakeErrors(nilErr error, plain error, wrapped error, custom error, byValue error) int {
	n := 0
	for _, e := range []error{nilErr, plain, wrapped, custom, byValue} {
		if e != nil {
			n++
		}
	}
	return n
}

//go:noinline
func TakeChans(c chan int, nilChan chan string, recv <-chan Point, unbuffered chan bool) int {
	return cap(c) + len(c) + cap(recv)
}

//go:noinline
func TakeFuncs(f func(int) int, nilFunc func(), named func(int) int) int {
	if f == nil || named == nil {
		return 0
	}
	return f(1) + named(2)
}

//go:noinline
func TakeMany(a, b, c, d, e, f, g, h, i, j, k int, s string, x float64) int {
	return a + b + c + d + e + f + g + h + i + j + k + len(s) + int(x)
}

//go:noinline
func TakeBigStruct(l Line, l2 Line) float64 { return l.Weight + l2.Weight }

//go:noinline
func MakeInt() int { return 42 }

//go:noinline
func MakeNamed() (sum int, label string) {
	sum = 7
	label = "seven"
	return
}

//go:noinline
func MakeMany() (int, string, error, []int, Point) {
	return 1, "one", errors.New("one failed"), []int{1}, Point{1, 1, "p"}
}

//go:noinline
func MakeError(fail bool) error {
	if fail {
		return &ParseError{Line: 3, Msg: "unexpected token"}
	}
	return nil
}

//go:noinline
func MakeFloats() (float32, float64, complex128) { return 1.5, -0.1, complex(2, -3) }

//go:noinline
func MakeMap() map[string]int { return map[string]int{"a": 1, "b": 2} }

//go:noinline
func MakePointer() *Point { return &Point{X: 5, Y: 6, Name: "heap"} }

//go:noinline
func MakeInterface() interface{} { return Point{X: 9, Y: 8, Name: "boxed"} }

//go:noinline
func MakeStrings() (string, string) {
	return "short", "a string longer than sixty-four characters, so that Delve cuts it when it loads it"
}

//go:noinline
func MakeNothing() {}

func double(n int) int { return n * 2 }

// Color has constants: a Color equal to one prints with its name, as Delve does (Green (1)).
type Color int

const (
	Red Color = iota
	Green
	Blue
)

// Perm's constants are single bits: Delve prints a Perm made of them as their names or-ed (Read|Exec (5)).
type Perm uint8

const (
	Read Perm = 1 << iota
	Write
	Exec
)

//go:noinline
func TakeConstants(red, green Color, other Color, rx, none, stray Perm) Color { return green + 1 }

func main() {
	TakeInts(-1, -128, 32767, -2147483648, 9223372036854775807)
	TakeUints(1, 255, 65535, 4294967295, 18446744073709551615, 0x1000)
	TakeBools(true, false)
	TakeFloats(1.5, -2.25, 1e21, 3.4028235e38, 0.1)
	TakeComplex(complex(1, 2), complex(-0.5, 1e-7))
	TakeRunes('é', 'A', "héllo, 世界")
	TakeStrings("", "hi", "a string longer than sixty-four characters, so that Delve cuts it when it loads it",
		"tab\there \"quoted\" back\\slash\nnewline\x01")
	TakeStructs(Point{1, 2, "pt"}, Line{Point{1, 2, "a"}, Point{3, 4, "b"}, "edge", 0.5}, Wide{1, 2, 3, 4, 5},
		struct{}{})
	TakeNamed(21.5, -3)
	long := make([]int, 120)
	for i := range long {
		long[i] = i * i
	}
	TakeSlices([]int{1, 2, 3, 4}, []string{"a", "bc"}, []Point{{1, 2, "p"}, {3, 4, "q"}}, nil, []int{},
		long)
	TakeBytes([]byte("bytes\x00\xff"), [4]byte{1, 2, 3, 4})
	var big [20]int
	for i := range big {
		big[i] = i
	}
	TakeArrays([3]int{7, 8, 9}, [2]string{"x", "yz"}, [2]Point{{1, 1, "a"}, {2, 2, "b"}}, big)
	TakeMaps(map[int]string{1: "one"}, map[string]Point{"origin": {0, 0, "o"}}, nil, map[string]int{})
	p := &Point{X: 10, Y: 20, Name: "ptr"}
	n := 77
	TakePointers(p, nil, &n, &p)
	var sh Shape = Rect{2, 3}
	TakeInterfaces(5, "str", Point{4, 5, "boxed"}, nil, sh, p)
	TakeErrors(nil, errors.New("boom"), fmt.Errorf("wrapped: %w", os.ErrNotExist), &ParseError{7, "bad"},
		ValueError{3})
	c := make(chan int, 4)
	c <- 1
	TakeChans(c, nil, make(chan Point, 2), make(chan bool))
	offset := 3
	TakeFuncs(func(x int) int { return x + offset }, nil, double)
	TakeMany(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, "twelve", 13.5)
	TakeConstants(Red, Green, Color(7), Read|Exec, Perm(0), Perm(9))
	TakeBigStruct(Line{Point{1, 2, "from"}, Point{3, 4, "to"}, "long label", 2.5}, Line{Weight: -1})
	MakeInt()
	MakeNamed()
	MakeMany()
	MakeError(true)
	MakeError(false)
	MakeFloats()
	MakeMap()
	MakePointer()
	MakeInterface()
	MakeStrings()
	MakeNothing()
	fmt.Println("values done")
}
