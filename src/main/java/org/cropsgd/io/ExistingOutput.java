package org.cropsgd.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.cropsgd.CropSgdVersion;
import org.cropsgd.errors.Errors;

/**
 * What is at an {@code --output} path before a run writes there, and whether the run may replace it. Only
 * an empty directory or a committed cropsgd output may be replaced (with {@code --overwrite}): a committed
 * output holds {@value #MARKER}, which only cropsgd writes, listing the files of the output, and nothing
 * else (bar the {@code .NAME.crc} checksum files Hadoop's local file system keeps beside them). Anything
 * else — a file, a directory of other data, an output somebody has added files to — is never touched.
 */
public final class ExistingOutput {
    /** Written into every output at commit, before {@code _SUCCESS}: which files the output consists of. */
    public static final String MARKER = "_CROPSGD_OUTPUT";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int NAMES_SHOWN = 3;

    private final boolean exists;
    private final boolean replaceable;
    private final String description;

    private ExistingOutput(boolean exists, boolean replaceable, String description) {
        this.exists = exists;
        this.replaceable = replaceable;
        this.description = description;
    }

    /** Looks at what is at {@code target} now. */
    static ExistingOutput inspect(FileSystem fs, Path target) throws IOException {
        if (!fs.exists(target)) {
            return new ExistingOutput(false, true, "nothing");
        }
        if (!fs.getFileStatus(target).isDirectory()) {
            return new ExistingOutput(true, false, "a file, not a directory");
        }
        List<String> entries = new ArrayList<>();
        for (FileStatus entry : fs.listStatus(target)) {
            entries.add(entry.getPath().getName() + (entry.isDirectory() ? "/" : ""));
        }
        if (entries.isEmpty()) {
            return new ExistingOutput(true, true, "an empty directory");
        }
        if (!entries.contains(MARKER)) {
            return new ExistingOutput(true, false, String.format("a directory with %s, such as %s, that was not "
                    + "written by cropsgd (it has no %s)", count(entries.size()), sample(entries), MARKER));
        }
        Set<String> listed = withChecksums(listedFiles(fs, new Path(target, MARKER)));
        Set<String> others = new TreeSet<>();
        addFilesUnder(fs, target, "", listed, others);
        others.removeAll(listed);
        if (!others.isEmpty()) {
            return new ExistingOutput(true, false, String.format("an earlier cropsgd output that also holds %s "
                    + "cropsgd did not write there, such as %s", count(others.size()), sample(others)));
        }
        return new ExistingOutput(true, true, "an earlier cropsgd output");
    }

    /**
     * Refuses to write where this is, unless it is nothing, or it may be replaced and {@code overwrite}.
     * The one place that decides whether an output may be written; asked when the run starts and again
     * just before the output is moved into place.
     */
    void requireWritable(String output, boolean overwrite) {
        if (!exists) {
            return;
        }
        if (!replaceable) {
            throw Errors.outputNotReplaceable(output, description, MARKER);
        }
        if (!overwrite) {
            throw Errors.outputExists(output);
        }
    }

    /** The content of {@value #MARKER} for an output made of {@code files} (the marker itself included). */
    static void writeMarker(OutputStream stream, Collection<String> files) throws IOException {
        Map<String, Object> marker = new LinkedHashMap<>();
        marker.put("written_by", "cropsgd");
        marker.put("version", CropSgdVersion.get());
        marker.put("files", files);
        OutputFiles.JSON.writeValue(stream, marker);
    }

    /** The files the marker lists; an unreadable marker lists none (so nothing counts as cropsgd's). */
    private static Set<String> listedFiles(FileSystem fs, Path marker) throws IOException {
        Set<String> files = new TreeSet<>();
        JsonNode json;
        try (InputStream in = fs.open(marker)) {
            json = JSON.readTree(in);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            return Set.of();
        }
        if (json == null || !"cropsgd".equals(json.path("written_by").asText()) || !json.path("files").isArray()) {
            return Set.of();
        }
        json.get("files").forEach(name -> files.add(name.asText()));
        files.add(MARKER);
        return files;
    }

    /**
     * Every file under {@code directory} by its path relative to the output ({@code plots/loss.png}), a
     * directory the marker lists whole ({@code table/}, which Spark's writer filled) as that, and every other
     * empty directory ({@code name/}): what the marker must list for the output to be cropsgd's alone.
     */
    private static void addFilesUnder(FileSystem fs, Path directory, String prefix, Set<String> listed,
            Set<String> into) throws IOException {
        for (FileStatus entry : fs.listStatus(directory)) {
            String name = prefix + entry.getPath().getName();
            if (!entry.isDirectory()) {
                into.add(name);
            } else if (listed.contains(name + "/") || fs.listStatus(entry.getPath()).length == 0) {
                into.add(name + "/");
            } else {
                addFilesUnder(fs, entry.getPath(), name + "/", listed, into);
            }
        }
    }

    /**
     * {@code names} with the {@code .NAME.crc} side files Hadoop's checksummed local file system writes
     * ({@code plots/.loss.png.crc} for {@code plots/loss.png}).
     */
    private static Set<String> withChecksums(Set<String> names) {
        Set<String> all = new TreeSet<>(names);
        names.forEach(name -> {
            int slash = name.lastIndexOf('/') + 1;
            all.add(name.substring(0, slash) + "." + name.substring(slash) + ".crc");
        });
        return all;
    }

    /** Whether {@code name} is a {@code .NAME.crc} checksum file of Hadoop's local file system. */
    static boolean isChecksum(String name) {
        return name.startsWith(".") && name.endsWith(".crc");
    }

    private static String count(int entries) {
        return entries == 1 ? "1 entry" : entries + " entries";
    }

    private static String sample(Collection<String> names) {
        List<String> sorted = new ArrayList<>(new TreeSet<>(names));
        String shown = String.join(", ", sorted.subList(0, Math.min(NAMES_SHOWN, sorted.size())));
        return sorted.size() > NAMES_SHOWN ? shown + ", ..." : shown;
    }
}
