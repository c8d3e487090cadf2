package org.cropsgd.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.cropsgd.CropSgdVersion;
import org.cropsgd.errors.CropSgdException;
import org.cropsgd.errors.Errors;
import org.cropsgd.errors.ExitCode;
import org.cropsgd.io.InterruptHandling;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The application's entry point, as spark-submit calls it: {@code cropsgd COMMAND [options]}. It maps
 * every outcome to one of the documented {@link org.cropsgd.errors.ExitCode}s and prints every error as one
 * line, {@code cropsgd: error: ...} (see {@link #report}).
 */
@Command(name = "cropsgd", mixinStandardHelpOptions = true, versionProvider = CropSgd.Version.class,
        subcommands = {TrainCommand.class, PredictCommand.class, EvaluateCommand.class, GpuCheckCommand.class,
                GenerateCommand.class, CommandLine.HelpCommand.class},
        description = "Multi-output linear regression by gradient descent on Apache Spark.",
        footer = {"", "Exit codes: 0 success, 1 unexpected error, 2 usage or configuration error, "
                + "3 bad input data, 4 training diverged, 5 gpu-check: an operator would run on the CPU, "
                + "130/143 interrupted (Ctrl-C/SIGTERM)."})
public final class CropSgd implements Callable<Integer> {
    @CommandLine.Spec
    private CommandSpec spec;

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
                .setParameterExceptionHandler(new CommandLineErrors())
                .setExecutionExceptionHandler((e, commandLine, parseResult) -> report(e, commandLine));
        try {
            for (String arg : args) {
                if (cli.getSubcommands().containsKey(arg)) {
                    ConfigFileDefaults.install(cli.getSubcommands().get(arg), args);
                    break;
                }
            }
        } catch (CropSgdException e) {
            return report(e, cli);
        }
        return cli.execute(args);
    }

    /** Without a command: say which commands there are, and fail as a usage error. */
    @Override
    public Integer call() {
        throw Errors.missingCommand(commandNames(spec), helpCommand(spec));
    }

    /**
     * Prints the failure of {@code command} and returns its exit code. A user error is one line; an
     * unexpected one (exit 1) starts with one line in the same format, followed by its stack trace.
     */
    static int report(Exception e, CommandLine command) {
        if (InterruptHandling.interrupted()) {
            // The failure is the interruption's (a stopped SparkContext); its one line is already printed.
            return ExitCode.INTERRUPTED.code();
        }
        PrintWriter err = command.getErr();
        CropSgdException error = e instanceof CropSgdException user
                ? ConfigFileDefaults.naming(user, command)
                : Errors.unexpected(e);
        // One line, whatever the message quotes (a value or a library's message may hold line breaks).
        err.println("cropsgd: error: " + error.getMessage().strip().replaceAll("\\s*\\R\\s*", " "));
        if (!(e instanceof CropSgdException)) {
            e.printStackTrace(err);
        }
        err.flush();
        return error.exitCode().code();
    }

    /** The command a user runs to read {@code command}'s options: {@code submit/cropsgd train --help}. */
    static String helpCommand(CommandSpec command) {
        return "submit/" + command.qualifiedName(" ") + " --help";
    }

    static List<String> commandNames(CommandSpec command) {
        return List.copyOf(command.subcommands().keySet());
    }

    /** {@code --version} of every command (each names it, since picocli does not pass it on to subcommands). */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"cropsgd " + CropSgdVersion.get() + " (Spark " + org.apache.spark.package$.MODULE$.SPARK_VERSION() + ")"};
        }
    }
}
