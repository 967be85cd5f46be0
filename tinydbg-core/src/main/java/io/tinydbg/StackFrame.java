package io.tinydbg;

/** One frame of a captured stack: the pc (a return address for outer frames) and where it is in the source. */
public record StackFrame(long pc, String function, String file, int line) {
}
