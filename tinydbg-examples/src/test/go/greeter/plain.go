//go:build !loud

package main

const mark = ""
