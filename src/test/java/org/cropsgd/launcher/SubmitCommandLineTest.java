package org.cropsgd.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.cropsgd.errors.CropSgdException;
import org.cropsgd.errors.ExitCode;
import org.junit.jupiter.api.Test;

/** submit/cropsgd's split of its command line, with spark-submit's own grammar. */
class SubmitCommandLineTest {
    private static SubmitCommandLine parse(String... args) {
        return SubmitCommandLine.parse(List.of(args));
    }

    private static CropSgdException refused(String... args) {
        CropSgdException e = assertThrows(CropSgdException.class, () -> parse(args));
        assertEquals(ExitCode.USAGE, e.exitCode());
        return e;
    }

    @Test
    void optionsWithValuesSwitchesAndTheEqualsFormEndBeforeTheCommand() {
        SubmitCommandLine line = parse("--master", "local[2]", "--verbose", "--conf=spark.ui.enabled=false",
                "--supervise", "train", "--input", "x.csv", "-v");
        assertEquals(List.of("--master", "local[2]", "--verbose", "--conf", "spark.ui.enabled=false", "--supervise"),
                line.sparkArguments());
        assertEquals(List.of("train", "--input", "x.csv", "-v"), line.applicationArguments());
    }

    @Test
    void anUnknownOptionIsAnErrorAndSwallowsNothing() {
        CropSgdException e = refused("-x", "train", "--input", "x.csv");
        assertTrue(e.getMessage().startsWith("Unknown option '-x' before the command"), e.getMessage());
    }

    @Test
    void aMissingValueIsAnError() {
        assertTrue(refused("--master").getMessage().contains("'--master'"));
    }

    @Test
    void noCommandIsAnError() {
        assertTrue(refused("--master", "local[1]").getMessage().startsWith("No command given."));
    }

    @Test
    void versionIsASwitchAndAsksTheApplication() {
        assertEquals(List.of("--version"), parse("--version").applicationArguments());
        assertEquals(List.of("--version"), parse("--master", "local[1]", "--version", "train").applicationArguments());
    }

    @Test
    void theLauncherKeepsItsOwnOptions() {
        SubmitCommandLine line = parse("--gpu-explain-only", "--driver-java-options", "-Da=1 '-Db=two words'",
                "gpu-check", "--help");
        assertEquals(SubmitCommandLine.GpuMode.EXPLAIN_ONLY, line.gpu());
        assertEquals(List.of("-Da=1", "-Db=two words"), line.driverJavaOptions());
        assertEquals(List.of("gpu-check", "--help"), line.applicationArguments());
        assertTrue(parse("-h").help());
        assertTrue(parse("--master", "local", "--help", "train").help());
    }

    @Test
    void theScriptGetsNulTerminatedWords() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        parse("--gpu", "--master", "spark://h:7077", "--driver-memory=2g", "train", "").writeForScript(
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertEquals(String.join("\0", "run", "gpu", "spark://h:7077", "2g", "", "0", "4", "--master", "spark://h:7077",
                "--driver-memory", "2g", "train", "") + "\0", bytes.toString(StandardCharsets.UTF_8));
    }
}
