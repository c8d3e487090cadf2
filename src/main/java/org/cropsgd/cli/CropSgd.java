package org.cropsgd.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.cropsgd.CropSgdVersion;
import org.cropsgd.errors.CropSgdException;
import org.cropsgd.errors.ExitCode;
import org.cropsgd.io.InterruptHandling;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/**
 * The application's entry point, as spark-submit calls it: {@code cropsgd COMMAND [options]}. It maps
 * every outcome to one of the documented {@link ExitCode}s and prints user errors without a stack trace.
 */
@Command(name = "cropsgd", mixinStandardHelpOptions = true, versionProvider = CropSgd.Version.class,
        subcommands = {TrainCommand.class, GpuCheckCommand.class, CommandLine.HelpCommand.class},
        description = "Multi-output linear regression by gradient descent on Apache Spark.",
        footer = {"", "Exit codes: 0 success, 1 unexpected error, 2 usage or configuration error, "
                + "3 bad input data, 4 training diverged, 5 gpu-check: an operator would run on the CPU, "
                + "130/143 interrupted (Ctrl-C/SIGTERM)."})
public final class CropSgd implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** Runs the command line and stops Spark; the exit code is the process's. */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int exitCode;
        try (InterruptHandling.Scope running = InterruptHandling.commandRunning(System.err)) {
            exitCode = run(args, out, err);
        }
        SparkSession.getDefaultSession().foreach(session -> {
            session.stop();
            return null;
        });
        System.exit(exitCode);
    }

    /**
     * Runs {@code args} in this JVM and returns the exit code, without exiting and without stopping the
     * Spark session (tests share one).
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new CropSgd())
                .setOut(out)
                .setErr(err)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((e, commandLine, parseResult) -> report(e, commandLine.getErr()));
        try {
            for (String arg : args) {
                if (cli.getSubcommands().containsKey(arg)) {
                    ConfigFileDefaults.install(cli.getSubcommands().get(arg), args);
                    break;
                }
            }
        } catch (CropSgdException e) {
            return report(e, err);
        }
        return cli.execute(args);
    }

    /** Without a command: say which commands there are, and fail as a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCode.USAGE.code();
    }

    private static int report(Exception e, PrintWriter err) {
        if (InterruptHandling.interrupted()) {
            // The failure is the interruption's (a stopped SparkContext); its one line is already printed.
            return ExitCode.INTERRUPTED.code();
        }
        if (e instanceof CropSgdException user) {
            err.println("cropsgd: error: " + user.getMessage());
            err.flush();
            return user.exitCode().code();
        }
        err.println("cropsgd: unexpected error: " + e);
        e.printStackTrace(err);
        err.flush();
        return ExitCode.INTERNAL.code();
    }

    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"cropsgd " + CropSgdVersion.get() + " (Spark " + org.apache.spark.package$.MODULE$.SPARK_VERSION() + ")"};
        }
    }
}
