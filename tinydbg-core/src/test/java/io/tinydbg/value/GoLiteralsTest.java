package io.tinydbg.value;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our Go float and string literals against Go's own {@code strconv.FormatFloat(x, 'f', -1, bits)} and
 * {@code strconv.Quote}, which Delve prints values with: a small Go program (run with {@code go run}) writes Go's
 * text for the same inputs.
 */
@Timeout(300)
class GoLiteralsTest {
    @TempDir
    Path tmp;

    private static final double[] DOUBLES = {0, -0.0, 1.5, -2.25, 0.1, 1e21, 1e-7, 1.0 / 3, 5e-324,
        1.7976931348623157e308, 123456789.125, 2.5e-8, 100, 1e23, 9007199254740993.0, 0.3};
    private static final float[] FLOATS = {0.1f, 3.4028235e38f, 1.0f / 3, 1.4e-45f, 16777217f, 1e10f, -7.5f};
    private static final String[] STRINGS = {"", "plain", "h\u00e9llo, \u4e16\u754c", "tab\tnl\ncr\rbell\u0007",
        "quote\" back\\", "\u0000\u0001\u007f", "nbsp\u00a0zwsp\u200b", "emoji \ud83d\ude00", "private \ue000",
        "max \udbff\udfff", "\u0085 next line", "soft\u00adhyphen"};
    private static final byte[][] RAW = {{(byte) 0xff, (byte) 0xfe, 'a'}, {(byte) 0xe4, (byte) 0xb8},
        {(byte) 0xc0, (byte) 0x80}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, {'x', (byte) 0xf4, (byte) 0x90,
            (byte) 0x80, (byte) 0x80}};

    @Test
    void floatsAndStringsAreWrittenAsGoWritesThem() throws Exception {
        List<String> args = new ArrayList<>();
        List<String> ours = new ArrayList<>();
        for (double d : DOUBLES) {
            args.add("d" + Long.toHexString(Double.doubleToRawLongBits(d)));
            ours.add(GoNumbers.formatFloat(d, 64));
        }
        for (float f : FLOATS) {
            args.add("f" + Integer.toHexString(Float.floatToRawIntBits(f)));
            ours.add(GoNumbers.formatFloat(f, 32));
        }
        List<byte[]> strings = new ArrayList<>();
        for (String s : STRINGS) {
            strings.add(s.getBytes(StandardCharsets.UTF_8));
        }
        strings.addAll(List.of(RAW));
        for (byte[] b : strings) {
            args.add("s" + HexFormat.of().formatHex(b));
            StringBuilder sb = new StringBuilder();
            GoQuote.quote(sb, b);
            ours.add(sb.toString());
        }
        assertThat(ours).isEqualTo(goWrites(args));
    }

    private List<String> goWrites(List<String> args) throws Exception {
        Files.writeString(tmp.resolve("go.mod"), "module literals\n\ngo 1.19\n");
        Files.writeString(tmp.resolve("main.go"), String.join("\n",
                "package main",
                "",
                "import (\"encoding/hex\"; \"fmt\"; \"math\"; \"os\"; \"strconv\")",
                "",
                "func main() {",
                "\tfor _, a := range os.Args[1:] {",
                "\t\tswitch a[0] {",
                "\t\tcase 'd':",
                "\t\t\tbits, _ := strconv.ParseUint(a[1:], 16, 64)",
                "\t\t\tfmt.Println(strconv.FormatFloat(math.Float64frombits(bits), 'f', -1, 64))",
                "\t\tcase 'f':",
                "\t\t\tbits, _ := strconv.ParseUint(a[1:], 16, 32)",
                "\t\t\tfmt.Println(strconv.FormatFloat(float64(math.Float32frombits(uint32(bits))), 'f', -1, 32))",
                "\t\tcase 's':",
                "\t\t\tb, _ := hex.DecodeString(a[1:])",
                "\t\t\tfmt.Println(strconv.Quote(string(b)))",
                "\t\t}",
                "\t}",
                "}", ""));
        List<String> cmd = new ArrayList<>(List.of("go", "run", "."));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile()).redirectErrorStream(true);
        pb.environment().put("GOFLAGS", "-mod=mod");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(240, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out.lines().toList();
    }
}
