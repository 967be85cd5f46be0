package io.tinydbg.cli;

import io.tinydbg.index.FunctionIndex;
import io.tinydbg.index.FunctionInfo;
import io.tinydbg.index.FunctionPattern;
import io.tinydbg.index.IndexedFunction;
import io.tinydbg.index.ParameterInfo;
import io.tinydbg.output.JsonWriter;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tinydbg functions BINARY [REGEX]}: what the function index knows of a binary's functions. */
@Command(name = "functions", mixinStandardHelpOptions = true,
        description = "List the functions of BINARY whose name matches REGEX (all without REGEX), with entry "
                + "address and source position; jsonl adds return sites, callees and parameters.")
final class FunctionsCommand implements Callable<Integer> {
    enum Format { text, jsonl }

    @Parameters(index = "0", paramLabel = "BINARY", description = "ELF executable or shared library.")
    Path binary;

    @Parameters(index = "1", arity = "0..1", paramLabel = "REGEX",
            description = "Regular expression found in the function's name (Go regexp.MatchString semantics).")
    String regex;

    @Option(names = "--follow-calls", paramLabel = "N", defaultValue = "0",
            description = "Also list the functions reachable through direct calls, up to depth N (roots are 1).")
    int followCalls;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "Output format: ${COMPLETION-CANDIDATES}.")
    Format format;

    @Override
    public Integer call() {
        if (!Files.exists(binary)) {
            throw new ErrorReporter.UsageException(binary + ": no such file");
        }
        if (followCalls < 0) {
            throw new ErrorReporter.UsageException("--follow-calls must be 0 or more, not " + followCalls);
        }
        if (followCalls > 0 && regex == null) {
            throw new ErrorReporter.UsageException("--follow-calls needs a REGEX to start from");
        }
        PrintStream out = System.out;
        try (FunctionIndex index = FunctionIndex.open(binary)) {
            List<IndexedFunction> functions = regex == null
                    ? index.all()
                    : index.select(FunctionPattern.compile(regex), followCalls);
            StringBuilder sb = new StringBuilder();
            for (IndexedFunction f : functions) {
                if (format == Format.jsonl) {
                    json(f, sb);
                } else {
                    text(f, sb);
                }
                sb.append('\n');
                if (sb.length() > 1 << 16) {
                    out.print(sb);
                    sb.setLength(0);
                }
            }
            out.print(sb);
            out.flush();
            if (functions.isEmpty() && regex != null) {
                List<String> close = index.closeNames(regex, 5);
                System.err.println("tinydbg: no function in " + binary + " matches '" + regex + "'"
                        + (close.isEmpty() ? "" : "; close names: " + String.join(", ", close)));
            }
        }
        return 0;
    }

    private void text(IndexedFunction f, StringBuilder sb) {
        FunctionInfo fn = f.function();
        if (followCalls > 0) {
            sb.append(" ".repeat(f.depth() - 1));
        }
        sb.append(fn.name()).append(" 0x").append(Long.toHexString(fn.entry())).append(' ').append(fn.source());
    }

    private void json(IndexedFunction f, StringBuilder sb) {
        FunctionInfo fn = f.function();
        JsonWriter w = new JsonWriter(sb);
        w.beginObject()
                .field("name", fn.name())
                .field("linkage_name", fn.linkageName())
                .hexField("entry", fn.entry())
                .hexField("prologue_end", fn.prologueEnd());
        w.name("returns").beginArray();
        for (long r : fn.returns()) {
            w.value("0x" + Long.toHexString(r));
        }
        w.endArray();
        w.name("callees").beginArray();
        for (String c : fn.callees()) {
            w.value(c);
        }
        w.endArray();
        w.field("file", fn.source().file()).field("line", fn.source().line());
        w.name("params").beginArray();
        for (ParameterInfo p : fn.params()) {
            if (!p.result()) {
                w.beginObject().field("name", p.name()).field("type", p.typeName()).endObject();
            }
        }
        w.endArray();
        w.name("results").beginArray();
        for (String t : fn.resultTypes()) {
            w.value(t);
        }
        w.endArray();
        w.field("inlined", fn.alsoInlined()).field("language", fn.language()).field("producer", fn.producer());
        if (followCalls > 0) {
            w.field("depth", f.depth());
        }
        w.endObject();
    }
}
