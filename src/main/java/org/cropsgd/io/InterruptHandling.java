package org.cropsgd.io;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.util.ShutdownHookManager;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import org.cropsgd.errors.Errors;

/**
 * What happens when the driver is stopped from outside (Ctrl-C, SIGTERM) while a command runs: the JVM
 * runs its shutdown hooks and exits with 128 + the signal number (130, 143). Before Spark's own hooks stop
 * the SparkContext, this one marks the run as interrupted, silences logging (a stopping Spark logs the jobs
 * it cancels), deletes the staging directory of every {@link AtomicOutputDirectory} still open (checkpoints
 * are left alone: they are what a rerun resumes from) and prints one line, {@code cropsgd: interrupted}.
 * The command's own thread then fails on the stopped SparkContext; {@link #interrupted()} tells its error
 * reporting to stay quiet.
 *
 * <p>The hook is registered with Hadoop's {@link ShutdownHookManager}, which runs hooks one after another,
 * highest priority first. Spark runs all of its hooks (SparkContext stop at its priority 50, temporary
 * directories at 25) from a single hook it registers there at priority 40
 * ({@code FileSystem.SHUTDOWN_HOOK_PRIORITY + 30}); Hadoop's FileSystem cache closes at 10. At
 * {@value #PRIORITY}, this hook runs before all of them.
 */
public final class InterruptHandling {
    static final int PRIORITY = 100;

    private static final Set<AutoCloseable> IN_FLIGHT = ConcurrentHashMap.newKeySet();
    private static final Object LOCK = new Object();
    private static boolean installed;
    private static volatile boolean commandRunning;
    private static volatile boolean interrupted;

    private InterruptHandling() {}

    /**
     * Installs the hook (once per JVM) and treats a shutdown from now until the returned handle is closed
     * as an interruption. Only the process's entry point calls this: in a JVM shared by tests, the JVM's
     * own end is no interruption.
     */
    public static Scope commandRunning(PrintStream err) {
        synchronized (LOCK) {
            if (!installed) {
                ShutdownHookManager.get().addShutdownHook(() -> onShutdown(err), PRIORITY);
                installed = true;
            }
        }
        commandRunning = true;
        return () -> commandRunning = false;
    }

    /** True once the running command was interrupted: its failures are the interruption's, not errors. */
    public static boolean interrupted() {
        return interrupted;
    }

    /** {@code resource} is closed if the command is interrupted before it is {@linkplain #forget forgotten}. */
    static void closeOnInterrupt(AutoCloseable resource) {
        IN_FLIGHT.add(resource);
    }

    static void forget(AutoCloseable resource) {
        IN_FLIGHT.remove(resource);
    }

    /** While open, a shutdown is an interruption. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    private static void onShutdown(PrintStream err) {
        if (!commandRunning) {
            return;
        }
        interrupted = true;
        try {
            Configurator.setAllLevels(LogManager.ROOT_LOGGER_NAME, Level.OFF);
        } catch (RuntimeException | LinkageError e) {
            // Another logging back end than Spark's log4j 2: its lines stay, the cleanup below matters more.
        }
        for (AutoCloseable resource : IN_FLIGHT) {
            try {
                resource.close();
            } catch (Exception e) {
                // Shutting down: nobody could act on this, and the line below is the one thing to say.
            }
        }
        err.println(Errors.interrupted());
        err.flush();
        // That line is all there is to say. Threads of the stopping Spark still print to System.err directly,
        // not through log4j (Scala's ExecutionContext reports a task rejected by a pool being shut down with
        // printStackTrace), so whatever they print now goes nowhere.
        System.setErr(new PrintStream(OutputStream.nullOutputStream()));
    }
}
