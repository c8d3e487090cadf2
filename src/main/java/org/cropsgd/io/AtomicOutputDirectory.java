package org.cropsgd.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.cropsgd.errors.Errors;

/**
 * An output directory that appears whole or not at all. Files are written into a hidden sibling
 * directory; {@link #commit()} writes {@code _SUCCESS} last and renames the directory into place. Until
 * then the target is untouched, and {@link #close()} without a commit deletes the temporary directory, so
 * a failed run leaves nothing behind. On file systems with atomic directory rename (HDFS, local) readers
 * never see a partial directory; on object stores (s3a) rename is a copy, and {@code _SUCCESS} marks the
 * complete output.
 */
public final class AtomicOutputDirectory implements AutoCloseable {
    /** Written last: its presence says the directory is complete. */
    public static final String SUCCESS_MARKER = "_SUCCESS";

    private final FileSystem fs;
    private final Path target;
    private final Path staging;
    private final boolean overwrite;
    private boolean committed;

    private AtomicOutputDirectory(FileSystem fs, Path target, boolean overwrite) {
        this.fs = fs;
        this.target = target;
        this.overwrite = overwrite;
        this.staging = hiddenSibling(target, "staging");
    }

    /**
     * Checks that {@code target} may be written (it does not exist, or {@code overwrite}); writes nothing
     * yet. Call it before the expensive work, so a run that could not write its output fails at once.
     */
    public static AtomicOutputDirectory prepare(String target, boolean overwrite, Configuration hadoopConf) {
        Path path = new Path(target);
        try {
            FileSystem fs = path.getFileSystem(hadoopConf);
            Path qualified = fs.makeQualified(path);
            if (!overwrite && fs.exists(qualified)) {
                throw Errors.outputExists(target);
            }
            return new AtomicOutputDirectory(fs, qualified, overwrite);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot look up the output path " + target, e);
        }
    }

    public Path target() {
        return target;
    }

    /** Writes one file of the output (in the staging directory until {@link #commit()}). */
    public void write(String name, FileContent content) {
        requireNotCommitted();
        try {
            fs.mkdirs(staging);
            try (OutputStream stream = fs.create(new Path(staging, name), true)) {
                content.writeTo(stream);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + name + " to " + staging, e);
        }
    }

    /** Writes {@code _SUCCESS} and moves the directory into place, replacing an old one if allowed. */
    public void commit() {
        requireNotCommitted();
        write(SUCCESS_MARKER, stream -> { });
        try {
            if (fs.exists(target)) {
                if (!overwrite) {
                    throw Errors.outputExists(target.toString());
                }
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

    /** Deletes the staging directory unless the output was committed. */
    @Override
    public void close() {
        if (committed) {
            return;
        }
        try {
            fs.delete(staging, true);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the staging directory " + staging, e);
        }
    }

    private void requireNotCommitted() {
        if (committed) {
            throw new IllegalStateException(target + " is already committed");
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

    /** The bytes of one output file. */
    @FunctionalInterface
    public interface FileContent {
        void writeTo(OutputStream stream) throws IOException;
    }
}
