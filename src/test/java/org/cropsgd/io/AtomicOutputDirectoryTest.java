package org.cropsgd.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.cropsgd.errors.CropSgdException;
import org.cropsgd.errors.ExitCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On Hadoop's local file system. It writes {@code .name.crc} side files next to each file, so the tests
 * look only at named files inside the output and at the entries of its parent.
 */
class AtomicOutputDirectoryTest {
    private static final Configuration HADOOP = new Configuration();

    @TempDir
    Path parent;

    @Test
    void commitCreatesTheDirectoryWithItsFilesAndSuccessMarker() throws IOException {
        Path target = parent.resolve("out");
        try (AtomicOutputDirectory output = AtomicOutputDirectory.prepare(target.toString(), false, HADOOP)) {
            output.write("model.json", text("{\"a\": 1}"));
            assertFalse(Files.exists(target), "the target must not appear before commit");
            output.commit();
        }

        assertTrue(Files.isDirectory(target));
        assertEquals("{\"a\": 1}", Files.readString(target.resolve("model.json")));
        assertTrue(Files.isRegularFile(target.resolve(AtomicOutputDirectory.SUCCESS_MARKER)));
        assertEquals(List.of("out"), entries(parent), "no hidden staging sibling may be left");
    }

    @Test
    void commitCreatesMissingParentDirectories() throws IOException {
        Path target = parent.resolve("a").resolve("b").resolve("out");
        try (AtomicOutputDirectory output = AtomicOutputDirectory.prepare(target.toString(), false, HADOOP)) {
            output.write("model.json", text("x"));
            output.commit();
        }

        assertEquals("x", Files.readString(target.resolve("model.json")));
        assertEquals(List.of("out"), entries(target.getParent()));
    }

    @Test
    void closeWithoutCommitLeavesNothingBehind() throws IOException {
        Path target = parent.resolve("out");
        try (AtomicOutputDirectory output = AtomicOutputDirectory.prepare(target.toString(), false, HADOOP)) {
            output.write("model.json", text("partial"));
            assertFalse(entries(parent).isEmpty(), "the staging directory should exist while writing");
        }

        assertFalse(Files.exists(target));
        assertEquals(List.of(), entries(parent));
    }

    @Test
    void prepareOnAnExistingDirectoryWithoutOverwriteIsAUsageErrorAndLeavesItUntouched() throws IOException {
        Path target = Files.createDirectory(parent.resolve("out"));
        Files.writeString(target.resolve("old.txt"), "old");

        CropSgdException e = assertThrows(CropSgdException.class,
                () -> AtomicOutputDirectory.prepare(target.toString(), false, HADOOP));

        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("--overwrite"), e.getMessage());
        assertEquals("old", Files.readString(target.resolve("old.txt")));
        assertEquals(List.of("old.txt"), entries(target));
        assertEquals(List.of("out"), entries(parent));
    }

    @Test
    void commitWithOverwriteReplacesTheOldContents() throws IOException {
        Path target = parent.resolve("out");
        writeEarlierOutput(target);

        try (AtomicOutputDirectory output = AtomicOutputDirectory.prepare(target.toString(), true, HADOOP)) {
            output.write("new.txt", text("new"));
            assertEquals("old", Files.readString(target.resolve("old.txt")), "old output kept until commit");
            output.commit();
        }

        assertFalse(Files.exists(target.resolve("old.txt")), "old file must be gone");
        assertEquals("new", Files.readString(target.resolve("new.txt")));
        assertTrue(Files.isRegularFile(target.resolve(AtomicOutputDirectory.SUCCESS_MARKER)));
        assertEquals(List.of("out"), entries(parent), "no hidden staging or replaced sibling may be left");
    }

    @Test
    void overwriteWithoutCommitKeepsTheOldContents() throws IOException {
        Path target = parent.resolve("out");
        writeEarlierOutput(target);

        try (AtomicOutputDirectory output = AtomicOutputDirectory.prepare(target.toString(), true, HADOOP)) {
            output.write("new.txt", text("new"));
        }

        assertEquals("old", Files.readString(target.resolve("old.txt")));
        assertFalse(Files.exists(target.resolve("new.txt")));
        assertEquals(List.of("out"), entries(parent));
    }

    @Test
    void commitFailsIfTheTargetAppearedSincePrepareWithoutOverwrite() throws IOException {
        Path target = parent.resolve("out");
        try (AtomicOutputDirectory output = AtomicOutputDirectory.prepare(target.toString(), false, HADOOP)) {
            output.write("model.json", text("mine"));
            Files.createDirectory(target);
            Files.writeString(target.resolve("theirs.txt"), "theirs");

            CropSgdException e = assertThrows(CropSgdException.class, output::commit);
            assertEquals(ExitCode.USAGE, e.exitCode());
        }

        assertEquals(List.of("theirs.txt"), entries(target));
        assertEquals(List.of("out"), entries(parent));
    }

    @Test
    void commitWithOverwriteRefusesATargetThatBecameSomethingElseSincePrepare() throws IOException {
        Path target = parent.resolve("out");
        writeEarlierOutput(target);
        try (AtomicOutputDirectory output = AtomicOutputDirectory.prepare(target.toString(), true, HADOOP)) {
            output.write("model.json", text("mine"));
            Files.writeString(target.resolve("theirs.txt"), "theirs");

            CropSgdException e = assertThrows(CropSgdException.class, output::commit);
            assertEquals(ExitCode.USAGE, e.exitCode());
            assertTrue(e.getMessage().contains("theirs.txt"), e.getMessage());
        }

        assertEquals("theirs", Files.readString(target.resolve("theirs.txt")));
        assertEquals("old", Files.readString(target.resolve("old.txt")));
        assertEquals(List.of("out"), entries(parent));
    }

    @Test
    void prepareProbesTheStagingDirectoryAndRefusesAParentThatIsAFile() throws IOException {
        Path file = Files.writeString(parent.resolve("somefile.txt"), "text");
        CropSgdException e = assertThrows(CropSgdException.class,
                () -> AtomicOutputDirectory.prepare(file.resolve("model").toString(), false, HADOOP));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("is a file"), e.getMessage());
        assertEquals(List.of("somefile.txt"), entries(parent));

        Path target = parent.resolve("out");
        try (AtomicOutputDirectory output = AtomicOutputDirectory.prepare(target.toString(), false, HADOOP)) {
            assertEquals(List.of("somefile.txt"), entries(parent), "the probe leaves nothing until the first write");
        }
        assertEquals(List.of("somefile.txt"), entries(parent));
    }

    @Test
    void aClosedOutputCannotBeCommitted() throws IOException {
        // What an interrupted run's thread meets once the shutdown hook has removed the staging directory.
        Path target = parent.resolve("out");
        AtomicOutputDirectory output = AtomicOutputDirectory.prepare(target.toString(), false, HADOOP);
        output.write("model.json", text("partial"));
        output.close();
        assertThrows(IllegalStateException.class, output::commit);
        assertThrows(IllegalStateException.class, () -> output.write("history.csv", text("more")));
        assertEquals(List.of(), entries(parent));
    }

    /** A committed output holding old.txt, as an earlier run leaves it. */
    private static void writeEarlierOutput(Path target) {
        try (AtomicOutputDirectory output = AtomicOutputDirectory.prepare(target.toString(), false, HADOOP)) {
            output.write("old.txt", text("old"));
            output.commit();
        }
    }

    private static AtomicOutputDirectory.FileContent text(String s) {
        return stream -> stream.write(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Names in {@code dir}, sorted, without Hadoop's {@code .crc} side files. */
    private static List<String> entries(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString())
                    .filter(name -> !name.endsWith(".crc"))
                    .sorted()
                    .toList();
        }
    }
}
