package io.tinydbg.index;

/**
 * One level of inlining at a pc: the inlined function's name and where it was called from (the call's position in
 * the function that inlined it).
 */
public record InlinedCall(String name, SourceLine callSite) {
}
