/**
 * An x86-64 instruction decoder sized for a tracer: instruction lengths for everything compilers emit,
 * classification of control transfers ({@link io.tinydbg.x86.Kind}), RIP-relative operands and their re-encoding
 * for out-of-line execution ({@link io.tinydbg.x86.Instruction#relocatedTo(long)}), function prologues including
 * Go's stack check ({@link io.tinydbg.x86.Prologue}, {@link io.tinydbg.x86.GoStackCheck}) and the return sites,
 * calls and exits of a function body ({@link io.tinydbg.x86.FunctionBodyAnalyzer}).
 *
 * <p>Entry point: {@link io.tinydbg.x86.X86Decoder}. Lengths and branch targets are checked against
 * {@code objdump -d} over whole binaries (libc, Go, C, C++, Rust) in the tests.
 */
package io.tinydbg.x86;
