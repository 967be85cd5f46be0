/**
 * Call frame information: {@link io.tinydbg.dwarf.cfi.CallFrameTable} reads {@code .eh_frame},
 * {@code .eh_frame_hdr} and {@code .debug_frame} and answers the {@link io.tinydbg.dwarf.cfi.CfaRow} at any pc;
 * {@link io.tinydbg.dwarf.cfi.X86_64Unwinder} turns rows, registers and memory into the caller's frame.
 */
package io.tinydbg.dwarf.cfi;
