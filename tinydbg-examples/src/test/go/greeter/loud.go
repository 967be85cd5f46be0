//go:build loud

package main

// Built only with -tags=loud.
const mark = "!"
