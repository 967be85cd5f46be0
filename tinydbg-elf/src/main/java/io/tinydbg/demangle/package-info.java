/**
 * Pure-Java symbol demangling for C++ (Itanium ABI) and Rust (legacy and v0), so that users can match functions by
 * the names they know ({@code shapes::Rect::area}, {@code rsample::Counter::bump}).
 *
 * <p>{@link io.tinydbg.demangle.Demangler} is the entry point. Its output is defined by an oracle: exactly what GNU
 * c++filt (binutils 2.40) prints, or with {@code demangleConcise} what {@code nm -C} and gdb print. To get there the
 * C++ side follows GNU's decisions rather than the ABI text where they differ: which components become
 * substitution candidates (closure types do not, unnamed types do), template parameters looked up at print time in
 * the enclosing function template, {@code auto:N} in lambda signatures, one-level reference collapsing, repeated
 * qualifiers printed once, the spacing of {@code > >} and of declarators. Rust v0 is printed while parsing, like
 * GNU's rust-demangle, with back-references re-parsed from their earlier position.
 *
 * <p>Hostile input is bounded: parse depth, print depth, output length ({@link io.tinydbg.demangle.OutputBuffer})
 * and total print steps are capped, and back-references must point backwards. Failure of any kind is an empty
 * {@code Optional}, never an exception.
 */
package io.tinydbg.demangle;
