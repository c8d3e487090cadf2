package org.cropsgd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.cropsgd.errors.CropSgdException;
import org.cropsgd.errors.ExitCode;
import org.junit.jupiter.api.Test;

/** {@link InputFormat#resolve} for a folder or glob: the one extension of its data files decides. */
class InputFormatTest {
    private static InputFormat resolve(String input, String... files) {
        return InputFormat.resolve(input, Optional.empty(), () -> List.of(files));
    }

    @Test
    void theFilesOfAFolderSparkWroteGiveItsFormatAlsoCompressedAndInPartitionFolders() {
        assertEquals(InputFormat.PARQUET, resolve("out/table", "part-00000-1b2c-c000.snappy.parquet",
                "part-00001-1b2c-c000.snappy.parquet"));
        assertEquals(InputFormat.PARQUET, resolve("by-day", "day=2026-01-01/part-00000.zstd.parquet",
                "day=2026-01-02/part-00000.zstd.parquet"));
        assertEquals(InputFormat.CSV, resolve("csv-out", "part-00000.csv.gz", "part-00001.csv"));
        assertEquals(InputFormat.ORC, resolve("hdfs://nn/orc-out", "part-00000-x.snappy.orc"));
        assertEquals(InputFormat.CSV, resolve("logs/*", "a.CSV.BZ2"));
    }

    @Test
    void theNameOrTheGivenFormatWinWithoutListingTheFiles() {
        assertEquals(InputFormat.ORC, InputFormat.resolve("t.parquet", Optional.of(InputFormat.ORC), () -> {
            throw new AssertionError("listed");
        }));
        assertEquals(InputFormat.PARQUET, InputFormat.resolve("t.parquet", Optional.empty(), () -> {
            throw new AssertionError("listed");
        }));
    }

    @Test
    void mixedOrUnknownFilesAreAUsageErrorNamingTheExtensionsFound() {
        CropSgdException mixed = assertThrows(CropSgdException.class,
                () -> resolve("dir", "a.snappy.parquet", "b.csv", "c.parquet"));
        assertEquals(ExitCode.USAGE, mixed.exitCode());
        assertTrue(mixed.getMessage().contains("'dir'") && mixed.getMessage().contains("end in .csv, .parquet,")
                && mixed.getMessage().contains("--format"), mixed.getMessage());
        CropSgdException unknown = assertThrows(CropSgdException.class, () -> resolve("dir", "a.txt", "README"));
        assertTrue(unknown.getMessage().contains("end in .txt, no extension,"), unknown.getMessage());
    }

    @Test
    void noFilesIsTheUnknownFormatErrorOfBefore() {
        CropSgdException e = assertThrows(CropSgdException.class, () -> resolve("missing"));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("Cannot tell the format of 'missing' from its extension"), e.getMessage());
    }

    @Test
    void magicNumbersNameParquetAndOrcFiles() {
        assertEquals(Optional.of(InputFormat.PARQUET), InputFormat.fromMagic("PAR1xyz".getBytes()));
        assertEquals(Optional.of(InputFormat.ORC), InputFormat.fromMagic("ORC\u0001".getBytes()));
        assertEquals(Optional.empty(), InputFormat.fromMagic("regi".getBytes()));
        assertEquals(Optional.empty(), InputFormat.fromMagic(new byte[0]));
    }
}
