package org.cropsgd.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.cropsgd.errors.CropSgdException;
import org.cropsgd.errors.ExitCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {
    @TempDir
    Path temp;

    private static CheckpointFile checkpoint(int epoch) {
        // Values whose shortest decimal form has all 17 digits, and a NaN, to prove the round trip exact.
        double third = 1.0 / 3.0;
        return new CheckpointFile(CheckpointFile.FORMAT, epoch, Map.of("--epochs", "100"),
                new double[][] {{third, Math.PI * 1e-300}, {-Math.E, Double.MIN_VALUE}}, new double[] {0.1 + 0.2, -0.0},
                epoch, Map.of("exp_avg", new double[] {Math.nextUp(1.0), 2}), 3L * epoch,
                new double[epoch], null, fill(epoch, Double.NaN));
    }

    private static double[] fill(int n, double value) {
        double[] values = new double[n];
        java.util.Arrays.fill(values, value);
        return values;
    }

    private CheckpointStore store() {
        return CheckpointStore.open(temp.resolve("checkpoints").toString(), new Configuration());
    }

    private String[] names() throws IOException {
        try (Stream<Path> files = Files.list(temp.resolve("checkpoints"))) {
            // Hadoop's local file system keeps a .crc file beside each file; they are not ours to list.
            return files.map(p -> p.getFileName().toString()).filter(name -> !name.endsWith(".crc")).sorted()
                    .toArray(String[]::new);
        }
    }

    @Test
    void aSavedCheckpointReadsBackBitForBit() {
        CheckpointStore store = store();
        CheckpointFile saved = checkpoint(20);
        store.save(saved);
        CheckpointFile read = store.newest().orElseThrow();
        assertEquals(20, read.epoch());
        assertEquals(saved.identity(), read.identity());
        for (int k = 0; k < 2; k++) {
            assertArrayEquals(saved.weights()[k], read.weights()[k], 0.0);
        }
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(read.bias()[1]));
        assertArrayEquals(saved.bias(), read.bias(), 0.0);
        assertArrayEquals(saved.optimizerBuffers().get("exp_avg"), read.optimizerBuffers().get("exp_avg"), 0.0);
        assertEquals(60L, read.samplesDrawn());
        assertArrayEquals(saved.loss(), read.loss(), 0.0);
        assertNull(read.penalty());
        assertTrue(Double.isNaN(read.validation()[0]));
    }

    @Test
    void theNewestCheckpointWinsAndOnlyTwoAreKept() throws IOException {
        CheckpointStore store = store();
        for (int epoch : new int[] {5, 10, 100, 15}) {
            store.save(checkpoint(epoch));
        }
        // 100 sorts before 15 as text; the epoch number decides.
        assertEquals(100, store.newest().orElseThrow().epoch());
        assertArrayEquals(new String[] {"checkpoint-000000015.json", "checkpoint-000000100.json"}, names());
    }

    @Test
    void aHalfWrittenTemporaryFileIsIgnoredAndCleanedUp() throws IOException {
        CheckpointStore store = store();
        store.save(checkpoint(5));
        // What a driver killed in the middle of a save leaves behind.
        Files.writeString(temp.resolve("checkpoints/.checkpoint-10-1234"), "{\"format\":1,\"epo");
        assertEquals(5, store.newest().orElseThrow().epoch());
        store.save(checkpoint(10));
        assertArrayEquals(new String[] {"checkpoint-000000005.json", "checkpoint-000000010.json"}, names());
    }

    @Test
    void deleteAllRemovesTheCheckpointsAndTheEmptyDirectory() {
        CheckpointStore store = store();
        store.save(checkpoint(5));
        store.deleteAll();
        assertFalse(Files.exists(temp.resolve("checkpoints")));
        assertTrue(store.newest().isEmpty());
    }

    @Test
    void deleteAllLeavesOtherFilesAlone() throws IOException {
        CheckpointStore store = store();
        store.save(checkpoint(5));
        Files.writeString(temp.resolve("checkpoints/notes.txt"), "mine");
        store.deleteAll();
        assertArrayEquals(new String[] {"notes.txt"}, names());
    }

    @Test
    void aCorruptCheckpointIsAUsageErrorNamingTheFile() throws IOException {
        Files.createDirectories(temp.resolve("checkpoints"));
        Files.writeString(temp.resolve("checkpoints/checkpoint-000000007.json"), "not json");
        CropSgdException error = assertThrows(CropSgdException.class, () -> store().newest());
        assertEquals(ExitCode.USAGE, error.exitCode());
        assertTrue(error.getMessage().contains("checkpoint-000000007.json"), error.getMessage());
    }
}
