package io.tinydbg.dwarf.cfi;

import io.tinydbg.bytes.ByteCursor;

/**
 * A Common Information Entry: what the FDEs that refer to it share (alignment factors, the return address column,
 * pointer encodings, the initial instructions).
 */
record Cie(long offset, int version, String augmentation, int addressSize, int offsetSize, long codeAlign,
        long dataAlign, int returnAddressRegister, int fdeEncoding, int lsdaEncoding, boolean hasAugmentationData,
        boolean signalFrame, ByteCursor instructions) {

    /** A fresh cursor over the initial instructions (the stored one must not move). */
    ByteCursor initialInstructions() {
        return instructions.slice(0, instructions.limit());
    }
}
