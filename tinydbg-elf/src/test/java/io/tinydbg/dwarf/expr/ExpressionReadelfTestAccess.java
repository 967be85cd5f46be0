package io.tinydbg.dwarf.expr;

/** Lets tests in other packages decode readelf's hex byte lists the way {@link ExpressionReadelfTest} does. */
public final class ExpressionReadelfTestAccess {
    private ExpressionReadelfTestAccess() {
    }

    /** The bytes of a readelf block such as {@code "91 6c "}. */
    public static byte[] hexBytes(String text) {
        return ExpressionReadelfTest.hexBytes(text);
    }
}
