package org.cropsgd.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.cropsgd.errors.Errors;

/**
 * An output directory that appears whole or not at all. Files are written into a hidden sibling
 * directory; {@link #commit()} writes {@value ExistingOutput#MARKER} and {@code _SUCCESS} last and renames
 * the directory into place. Until then the target is untouched, and {@link #close()} without a commit
 * deletes the staging directory, so a failed or interrupted run leaves nothing behind. On file systems
 * with atomic directory rename (HDFS, local) readers never see a partial directory; on object stores (s3a)
 * rename is a copy, and {@code _SUCCESS} marks the complete output.
 *
 * <p>Only an empty directory or an earlier cropsgd output is ever replaced ({@link ExistingOutput}). The
 * methods are synchronized because {@link InterruptHandling} closes the directory from a shutdown hook
 * while the run's own thread may be writing or committing: after that, nothing can be written or committed.
 */
public final class AtomicOutputDirectory implements AutoCloseable {
    /** Written last: its presence says the directory is complete. */
    public static final String SUCCESS_MARKER = "_SUCCESS";

    private final FileSystem fs;
    private final Path target;
    private final Path staging;
    private final boolean overwrite;
    private final Set<String> written = new LinkedHashSet<>();
    private boolean committed;
    private boolean closed;

    private AtomicOutputDirectory(FileSystem fs, Path target, boolean overwrite) {
        this.fs = fs;
        this.target = target;
        this.overwrite = overwrite;
        this.staging = hiddenSibling(target, "staging");
    }

    /**
     * Checks that {@code target} may be written (nothing is there, or {@code overwrite} and it is an
     * earlier cropsgd output or an empty directory) and that it can be: the staging directory is created
     * now, with a probe file in it, and deleted again. Call it before the expensive work, so that a run
     * that could not write its output fails at once (exit 2), not after its last epoch.
     */
    public static AtomicOutputDirectory prepare(String target, boolean overwrite, Configuration hadoopConf) {
        Path path = new Path(target);
        AtomicOutputDirectory output;
        try {
            FileSystem fs = path.getFileSystem(hadoopConf);
            Path qualified = fs.makeQualified(path);
            ExistingOutput.inspect(fs, qualified).requireWritable(target, overwrite);
            output = new AtomicOutputDirectory(fs, qualified, overwrite);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot look up the output path " + target, e);
        }
        output.probeStaging(target);
        InterruptHandling.closeOnInterrupt(output);
        return output;
    }

    public Path target() {
        return target;
    }

    /** Writes one file of the output (in the staging directory until {@link #commit()}). */
    public synchronized void write(String name, FileContent content) {
        requireOpen();
        try {
            fs.mkdirs(staging);
            try (OutputStream stream = fs.create(new Path(staging, name), true)) {
                content.writeTo(stream);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + name + " to " + staging, e);
        }
        written.add(name);
    }

    /**
     * Lets a writer that makes its own files, such as Spark's {@code DataFrameWriter}, fill the output: it
     * is given the staging directory (which it creates; it does not exist yet), and every file it leaves
     * there becomes part of the output and is listed in {@value ExistingOutput#MARKER} at {@link #commit()}
     * (its own {@code _SUCCESS} and checksum files aside, which the commit and {@link ExistingOutput} account
     * for). Call it before any {@link #write}. The lock is not held while the writer runs, so an
     * interruption's {@link #close()} is not held up by a long job; the writer's failure leaves the staging
     * directory to {@link #close()}, as any other failure does.
     */
    public void fill(DirectoryWriter writer) {
        String directory;
        synchronized (this) {
            requireOpen();
            if (!written.isEmpty()) {
                throw new IllegalStateException("fill must come before any write to " + staging);
            }
            directory = staging.toString();
        }
        writer.writeInto(directory);
        synchronized (this) {
            requireOpen();
            try {
                for (FileStatus entry : fs.listStatus(staging)) {
                    String name = entry.getPath().getName();
                    if (!name.equals(SUCCESS_MARKER) && !ExistingOutput.isChecksum(name)) {
                        written.add(name + (entry.isDirectory() ? "/" : ""));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot list what was written to " + staging, e);
            }
        }
    }

    /**
     * Writes the marker and {@code _SUCCESS} and moves the directory into place, replacing what is there
     * if that is still allowed (it is checked again: the target may have changed since {@link #prepare}).
     */
    public synchronized void commit() {
        requireOpen();
        List<String> files = new ArrayList<>(written);
        files.add(SUCCESS_MARKER);
        write(ExistingOutput.MARKER, stream -> ExistingOutput.writeMarker(stream, files));
        write(SUCCESS_MARKER, stream -> { });
        try {
            ExistingOutput existing = ExistingOutput.inspect(fs, target);
            existing.requireWritable(target.toString(), overwrite);
            if (fs.exists(target)) {
                replaceExisting();
            } else {
                fs.mkdirs(target.getParent());
                rename(staging, target);
            }
            committed = true;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot move the output into place at " + target, e);
        }
    }

    /** Deletes the staging directory unless the output was committed. Nothing can be written after this. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        InterruptHandling.forget(this);
        if (committed) {
            return;
        }
        try {
            fs.delete(staging, true);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the staging directory " + staging, e);
        }
    }

    /**
     * Creates the staging directory, writes a probe file into it and deletes both again (a driver killed
     * with SIGKILL, which runs no cleanup, then leaves nothing behind but during the final writes); exit 2
     * when that fails.
     */
    private void probeStaging(String shownTarget) {
        try {
            if (!fs.mkdirs(staging)) {
                throw new IOException("it was refused (no permission to write there, or a read-only file system)");
            }
            fs.create(new Path(staging, ".probe"), false).close();
            fs.delete(staging, true);
        } catch (IOException e) {
            String why = whyNotWritable(e);
            close();
            throw Errors.outputNotWritable(shownTarget, why);
        }
    }

    /** The nearest existing ancestor of the target says why a directory cannot be made there. */
    private String whyNotWritable(IOException e) {
        try {
            Path ancestor = target.getParent();
            while (ancestor != null && !fs.exists(ancestor)) {
                ancestor = ancestor.getParent();
            }
            if (ancestor != null && !fs.getFileStatus(ancestor).isDirectory()) {
                return String.format("'%s' is a file, so no directory can be made inside it", ancestor);
            }
            return String.format("cannot create a directory in '%s': %s", ancestor, e.getMessage());
        } catch (IOException lookup) {
            return e.getMessage();
        }
    }

    private void requireOpen() {
        if (committed || closed) {
            throw new IllegalStateException(target + " is already " + (committed ? "committed" : "closed"));
        }
    }

    private void replaceExisting() throws IOException {
        // Move the old output aside first, so that a failed rename can put it back.
        Path old = hiddenSibling(target, "replaced");
        rename(target, old);
        try {
            rename(staging, target);
        } catch (IOException e) {
            rename(old, target);
            throw e;
        }
        fs.delete(old, true);
    }

    private void rename(Path from, Path to) throws IOException {
        if (!fs.rename(from, to)) {
            throw new IOException("rename of " + from + " to " + to + " failed");
        }
    }

    private static Path hiddenSibling(Path target, String purpose) {
        return new Path(target.getParent(), "." + target.getName() + "." + purpose + "-" + UUID.randomUUID());
    }

    /** Something that writes a whole directory of files at the path it is given (Spark's writers). */
    @FunctionalInterface
    public interface DirectoryWriter {
        void writeInto(String directory);
    }

    /** The bytes of one output file. */
    @FunctionalInterface
    public interface FileContent {
        void writeTo(OutputStream stream) throws IOException;
    }
}
