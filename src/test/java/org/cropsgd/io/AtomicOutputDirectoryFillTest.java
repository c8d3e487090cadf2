package org.cropsgd.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link AtomicOutputDirectory#fill}: a writer that makes its own files (as Spark's writer does: data files,
 * their {@code .crc} side files and its own {@code _SUCCESS}) fills the staging directory; the commit lists
 * its files in the marker, so the output can be replaced by a later --overwrite; a failed writer leaves
 * nothing behind.
 */
class AtomicOutputDirectoryFillTest {
    private static final Configuration HADOOP = new Configuration();

    @TempDir
    Path parent;

    @Test
    void theWritersFilesAreCommittedAndListedInTheMarker() throws IOException {
        Path target = parent.resolve("predictions");
        try (AtomicOutputDirectory output = AtomicOutputDirectory.prepare(target.toString(), false, HADOOP)) {
            output.fill(directory -> sparkLike(directory, "part-00000.csv", "part-00001.csv"));
            assertFalse(Files.exists(target), "the target must not appear before commit");
            output.commit();
        }
        assertEquals("rows of part-00000.csv", Files.readString(target.resolve("part-00000.csv")));
        assertEquals(List.of("_CROPSGD_OUTPUT", "_SUCCESS", "part-00000.csv", "part-00001.csv"),
                names(target, false));
        JsonNode marker = new ObjectMapper().readTree(target.resolve(ExistingOutput.MARKER).toFile());
        List<String> listed = new ArrayList<>();
        marker.get("files").forEach(name -> listed.add(name.asText()));
        assertEquals(List.of("part-00000.csv", "part-00001.csv", "_SUCCESS"), listed);
        assertEquals(List.of("predictions"), names(parent, true), "no staging directory left");
    }

    @Test
    void aFilledOutputIsAnEarlierCropsgdOutputThatOverwriteReplaces() throws IOException {
        Path target = parent.resolve("predictions");
        try (AtomicOutputDirectory output = AtomicOutputDirectory.prepare(target.toString(), false, HADOOP)) {
            output.fill(directory -> sparkLike(directory, "part-00000.csv"));
            output.commit();
        }
        try (AtomicOutputDirectory output = AtomicOutputDirectory.prepare(target.toString(), true, HADOOP)) {
            output.fill(directory -> sparkLike(directory, "part-00007.csv"));
            output.commit();
        }
        assertEquals(List.of("_CROPSGD_OUTPUT", "_SUCCESS", "part-00007.csv"), names(target, false));
    }

    @Test
    void aFailedWriterLeavesNothingBehind() throws IOException {
        Path target = parent.resolve("predictions");
        RuntimeException failure = new IllegalStateException("the job failed");
        try (AtomicOutputDirectory output = AtomicOutputDirectory.prepare(target.toString(), false, HADOOP)) {
            RuntimeException thrown = assertThrows(IllegalStateException.class, () -> output.fill(directory -> {
                sparkLike(directory, "part-00000.csv");
                throw failure;
            }));
            assertEquals(failure, thrown);
        }
        assertFalse(Files.exists(target));
        assertEquals(List.of(), names(parent, true));
    }

    @Test
    void fillComesBeforeAnyWrite() {
        Path target = parent.resolve("predictions");
        try (AtomicOutputDirectory output = AtomicOutputDirectory.prepare(target.toString(), false, HADOOP)) {
            output.write("notes.txt", stream -> stream.write('x'));
            assertThrows(IllegalStateException.class, () -> output.fill(directory -> { }));
        }
        assertFalse(Files.exists(target));
    }

    /** What Spark's file writer leaves in a directory it created: data files, checksums, _SUCCESS. */
    private static void sparkLike(String directory, String... dataFiles) {
        try {
            Path dir = Files.createDirectories(Path.of(java.net.URI.create(directory)));
            for (String name : dataFiles) {
                Files.writeString(dir.resolve(name), "rows of " + name);
                Files.writeString(dir.resolve("." + name + ".crc"), "checksum");
            }
            Files.writeString(dir.resolve("_SUCCESS"), "");
            Files.writeString(dir.resolve("._SUCCESS.crc"), "checksum");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Names in {@code dir}, sorted; with hidden names (checksums, staging directories) only when asked. */
    private static List<String> names(Path dir, boolean hidden) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString())
                    .filter(name -> hidden || !name.startsWith("."))
                    .sorted()
                    .toList();
        }
    }
}
