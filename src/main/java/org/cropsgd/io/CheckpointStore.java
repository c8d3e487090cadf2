package org.cropsgd.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.cropsgd.errors.Errors;

/**
 * The checkpoint files of one run in a directory (any Hadoop path). Each checkpoint is one file,
 * {@code checkpoint-<epoch>.json}, written under a hidden name and renamed into place, so a file with the
 * public name is always complete; a driver killed mid-write leaves at most a hidden temporary file, which
 * the next save removes. The newest checkpoint and the one before it are kept.
 */
public final class CheckpointStore {
    private static final Pattern NAME = Pattern.compile("checkpoint-(\\d+)\\.json");
    private static final String TEMPORARY_PREFIX = ".checkpoint-";
    private static final int KEEP = 2;
    // Losses can be NaN (a validation loss) and must survive the round trip, so non-numeric numbers are on.
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private final FileSystem fs;
    private final Path directory;

    private CheckpointStore(FileSystem fs, Path directory) {
        this.fs = fs;
        this.directory = directory;
    }

    public static CheckpointStore open(String directory, Configuration hadoopConf) {
        Path path = new Path(directory);
        try {
            FileSystem fs = path.getFileSystem(hadoopConf);
            return new CheckpointStore(fs, fs.makeQualified(path));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the checkpoint directory " + directory, e);
        }
    }

    public Path directory() {
        return directory;
    }

    /** The checkpoint with the highest epoch, if there is any. */
    public Optional<CheckpointFile> newest() {
        List<Path> files = checkpointFiles();
        if (files.isEmpty()) {
            return Optional.empty();
        }
        Path newest = files.get(files.size() - 1);
        try (InputStream in = fs.open(newest)) {
            CheckpointFile checkpoint = JSON.readValue(in, CheckpointFile.class);
            if (checkpoint.format() != CheckpointFile.FORMAT) {
                throw Errors.checkpointUnreadable(newest.toString(), "it has layout version " + checkpoint.format()
                        + ", this cropsgd reads version " + CheckpointFile.FORMAT);
            }
            return Optional.of(checkpoint);
        } catch (JsonProcessingException e) {
            throw Errors.checkpointUnreadable(newest.toString(), e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the checkpoint " + newest, e);
        }
    }

    /** Writes {@code checkpoint} atomically, then removes all but the newest {@value #KEEP}. */
    public void save(CheckpointFile checkpoint) {
        Path target = new Path(directory, String.format("checkpoint-%09d.json", checkpoint.epoch()));
        Path temporary = new Path(directory, TEMPORARY_PREFIX + checkpoint.epoch() + "-" + UUID.randomUUID());
        try {
            fs.mkdirs(directory);
            try (OutputStream out = fs.create(temporary, false)) {
                JSON.writeValue(out, checkpoint);
            }
            fs.delete(target, false);
            if (!fs.rename(temporary, target)) {
                throw new IOException("rename of " + temporary + " to " + target + " failed");
            }
            prune();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the checkpoint " + target, e);
        }
    }

    /**
     * Deletes all checkpoints but the newest {@value #KEEP}, and temporary files a killed save left behind,
     * from one listing of the directory (a listing is a remote call on object stores).
     */
    private void prune() throws IOException {
        List<Path> checkpoints = new ArrayList<>();
        for (FileStatus file : fs.listStatus(directory)) {
            Path path = file.getPath();
            if (NAME.matcher(path.getName()).matches()) {
                checkpoints.add(path);
            } else if (path.getName().startsWith(TEMPORARY_PREFIX)) {
                fs.delete(path, false);
            }
        }
        checkpoints.sort(Comparator.comparingLong(CheckpointStore::epochOf));
        for (Path old : checkpoints.subList(0, Math.max(0, checkpoints.size() - KEEP))) {
            fs.delete(old, false);
        }
    }

    /** Removes every checkpoint of this store, and the directory when nothing else is left in it. */
    public void deleteAll() {
        try {
            if (!fs.exists(directory)) {
                return;
            }
            for (FileStatus file : fs.listStatus(directory, path -> NAME.matcher(path.getName()).matches()
                    || path.getName().startsWith(TEMPORARY_PREFIX))) {
                fs.delete(file.getPath(), false);
            }
            if (fs.listStatus(directory).length == 0) {
                fs.delete(directory, false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the checkpoints in " + directory, e);
        }
    }

    /** The complete checkpoint files, oldest first. */
    private List<Path> checkpointFiles() {
        try {
            if (!fs.exists(directory)) {
                return List.of();
            }
            return Arrays.stream(fs.listStatus(directory))
                    .map(FileStatus::getPath)
                    .filter(path -> NAME.matcher(path.getName()).matches())
                    .sorted(Comparator.comparingLong(CheckpointStore::epochOf))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the checkpoint directory " + directory, e);
        }
    }

    private static long epochOf(Path file) {
        Matcher matcher = NAME.matcher(file.getName());
        if (!matcher.matches()) {
            throw new IllegalArgumentException(file + " is not a checkpoint file");
        }
        return Long.parseLong(matcher.group(1));
    }
}
