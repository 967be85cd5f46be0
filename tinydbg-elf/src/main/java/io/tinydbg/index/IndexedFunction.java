package io.tinydbg.index;

/** A function selected from the index, with the call depth it was reached at (1 for the pattern's own matches). */
public record IndexedFunction(FunctionInfo function, int depth) {
}
