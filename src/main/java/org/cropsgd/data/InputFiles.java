package org.cropsgd.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.cropsgd.config.InputFormat;
import org.cropsgd.errors.Errors;

/**
 * The data files behind an input path (a file, a directory, a glob), each with its size and modification
 * time: cheap to list on any Hadoop file system, and different whenever a file was added, removed or
 * rewritten. Files Spark's data sources skip (names starting with {@code _} or {@code .}) are skipped too.
 */
public final class InputFiles {
    private InputFiles() {}

    /** File path (relative to the input when under it) to "SIZE bytes, modified INSTANT". */
    public static Map<String, String> describe(String input, Configuration hadoopConf) {
        Map<String, String> files = new TreeMap<>();
        list(input, hadoopConf).forEach((name, file) -> files.put(name, describe(file)));
        return files;
    }

    /**
     * The format to read {@code input} as ({@link InputFormat#resolve}): {@code given}, else the one its
     * extension names, else the one extension of the data files in it (listed only then).
     */
    public static InputFormat format(String input, Optional<InputFormat> given, Configuration hadoopConf) {
        return InputFormat.resolve(input, given, () -> dataFiles(input, hadoopConf).keySet());
    }

    /**
     * {@link #list}, refusing (exit 3) an input that exists but holds no data files, such as an empty folder
     * or one with only {@code _SUCCESS}; an input that does not exist lists no files.
     */
    public static Map<String, FileStatus> dataFiles(String input, Configuration hadoopConf) {
        Map<String, FileStatus> files = list(input, hadoopConf);
        if (files.isEmpty() && exists(input, hadoopConf)) {
            throw Errors.inputFolderEmpty(input);
        }
        return files;
    }

    private static boolean exists(String input, Configuration hadoopConf) {
        Path path = new Path(input);
        try {
            FileStatus[] matches = path.getFileSystem(hadoopConf).globStatus(path);
            return matches != null && matches.length > 0;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot look up the input path " + input, e);
        }
    }

    /** The data files, by path relative to the input (when under it), in name order. */
    public static Map<String, FileStatus> list(String input, Configuration hadoopConf) {
        Path path = new Path(input);
        Map<String, FileStatus> files = new TreeMap<>();
        try {
            FileSystem fs = path.getFileSystem(hadoopConf);
            FileStatus[] matches = fs.globStatus(path);
            if (matches == null) {
                return files;
            }
            for (FileStatus match : matches) {
                if (match.isFile()) {
                    files.put(match.getPath().getName(), match);
                    continue;
                }
                String prefix = match.getPath().toUri().getPath() + "/";
                RemoteIterator<LocatedFileStatus> children = fs.listFiles(match.getPath(), true);
                while (children.hasNext()) {
                    LocatedFileStatus child = children.next();
                    String relative = child.getPath().toUri().getPath().replaceFirst("^" + Pattern.quote(prefix), "");
                    if (!isHidden(relative)) {
                        files.put(relative, child);
                    }
                }
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the input files of " + input, e);
        }
    }

    private static String describe(FileStatus file) {
        return file.getLen() + " bytes, modified " + Instant.ofEpochMilli(file.getModificationTime());
    }

    private static boolean isHidden(String relativePath) {
        for (String part : relativePath.split("/")) {
            if (part.startsWith("_") || part.startsWith(".")) {
                return true;
            }
        }
        return false;
    }
}
