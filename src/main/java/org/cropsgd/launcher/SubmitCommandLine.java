package org.cropsgd.launcher;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.launcher.SubmitOptionGrammar;
import org.cropsgd.errors.CropSgdException;
import org.cropsgd.errors.Errors;

/**
 * The command line of submit/cropsgd, {@code [spark-submit options] COMMAND [command options]}, split the
 * way spark-submit splits its own (Spark's grammar, through {@link SubmitOptionGrammar}), plus the
 * launcher's own options before the command: {@code --gpu}, {@code --gpu-explain-only} and {@code -h/--help}.
 * {@code --version} before the command becomes the application's {@code --version} (cropsgd's version and
 * Spark's), instead of spark-submit's banner.
 *
 * <p>Run by the script as {@code java org.cropsgd.launcher.SubmitCommandLine ARGS...}; it prints the split for
 * bash as NUL-terminated words (see {@link #writeForScript}), or {@code cropsgd: error: ...} on stderr and exit
 * 2. One small JVM start (spark-launcher and this jar only) instead of a grammar guessed in bash.
 */
public final class SubmitCommandLine {
    /** --gpu and --gpu-explain-only: how the RAPIDS Accelerator is added (see submit/cropsgd). */
    public enum GpuMode { OFF, GPU, EXPLAIN_ONLY }

    private static final String VERSION = "--version";

    private boolean help;
    private GpuMode gpu = GpuMode.OFF;
    private String master = "";
    private String driverMemory = "";
    private String driverJavaOptionsAsGiven = "";
    private final List<String> driverJavaOptions = new ArrayList<>();
    private final List<String> sparkArguments = new ArrayList<>();
    private final List<String> applicationArguments = new ArrayList<>();

    private SubmitCommandLine() {}

    public static void main(String[] args) {
        try {
            parse(Arrays.asList(args)).writeForScript(System.out);
        } catch (CropSgdException e) {
            System.err.println("cropsgd: error: " + e.getMessage());
            System.exit(e.exitCode().code());
        }
    }

    /** Splits {@code args}; a word before the command that no one knows, or a missing value, is exit 2. */
    public static SubmitCommandLine parse(List<String> args) {
        SubmitCommandLine line = new SubmitCommandLine();
        try {
            SubmitOptionGrammar.parse(args, line.new Split());
        } catch (IllegalArgumentException missingValue) {
            throw Errors.launcherOptionWithoutValue(missingValue.getMessage());
        }
        if (!line.help && line.applicationArguments.isEmpty()) {
            throw Errors.launcherNoCommand();
        }
        return line;
    }

    public boolean help() {
        return help;
    }

    public GpuMode gpu() {
        return gpu;
    }

    public List<String> driverJavaOptions() {
        return List.copyOf(driverJavaOptions);
    }

    public List<String> sparkArguments() {
        return List.copyOf(sparkArguments);
    }

    public List<String> applicationArguments() {
        return List.copyOf(applicationArguments);
    }

    /**
     * For {@code mapfile -d ''}: the action ({@code help} or {@code run}), the GPU mode, the master ("" when
     * not given), the driver memory (""), --driver-java-options as given (""; the last one counts, as with
     * spark-submit), the number of driver JVM options and those options (split as
     * spark-submit splits --driver-java-options), the number of spark-submit arguments and those arguments,
     * then the application's arguments to the end. Every word ends with a NUL.
     */
    void writeForScript(PrintStream out) {
        List<String> words = new ArrayList<>();
        words.add(help ? "help" : "run");
        words.add(gpu.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        words.add(master);
        words.add(driverMemory);
        words.add(driverJavaOptionsAsGiven);
        words.add(Integer.toString(driverJavaOptions.size()));
        words.addAll(driverJavaOptions);
        words.add(Integer.toString(sparkArguments.size()));
        words.addAll(sparkArguments);
        words.addAll(applicationArguments);
        for (String word : words) {
            byte[] bytes = (word + '\0').getBytes(StandardCharsets.UTF_8);
            out.write(bytes, 0, bytes.length);
        }
        out.flush();
    }

    /** Spark's parse reports here; the decisions of submit/cropsgd about each word. */
    private final class Split implements SubmitOptionGrammar.Listener {
        @Override
        public void option(String name, String value) {
            switch (name) {
                case "--help" -> help = true;
                case VERSION -> applicationArguments.add(VERSION);
                case "--class" -> throw Errors.launcherClassGiven(value);
                default -> {
                    switch (name) {
                        case "--master" -> master = value;
                        case "--driver-memory" -> driverMemory = value;
                        case "--driver-java-options" -> {
                            driverJavaOptionsAsGiven = value;
                            driverJavaOptions.clear();
                            driverJavaOptions.addAll(SubmitOptionGrammar.splitOptionString(value));
                        }
                        default -> { }
                    }
                    sparkArguments.add(name);
                    if (value != null) {
                        sparkArguments.add(value);
                    }
                }
            }
        }

        @Override
        public boolean unknown(String word) {
            switch (word) {
                case "--gpu" -> gpu = GpuMode.GPU;
                case "--gpu-explain-only" -> gpu = GpuMode.EXPLAIN_ONLY;
                default -> {
                    if (word.startsWith("-")) {
                        throw Errors.launcherUnknownOption(word);
                    }
                    return false;
                }
            }
            return true;
        }

        @Override
        public void rest(List<String> words) {
            // After --version the command line is done, as with spark-submit --version.
            if (applicationArguments.isEmpty()) {
                applicationArguments.addAll(words);
            }
        }
    }
}
