package org.cropsgd.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TrainingProgressTest {
    private static final long INTERVAL = 1_000L;
    private static final int EPOCHS = 10;
    private static final Pattern LOSS = Pattern.compile("loss\\s+(\\S+)");

    private final AtomicLong clock = new AtomicLong(0);
    private final StringWriter text = new StringWriter();
    private final TrainingProgress progress =
            new TrainingProgress(new PrintWriter(text), EPOCHS, INTERVAL, clock::get);

    @Test
    void printsTheFirstEpochTheLastAndInBetweenOnlyWhenTheIntervalHasPassed() {
        report(1, 0, 8.0);      // first epoch: always
        report(2, 500, 4.0);    // 500 ns since the last line: skipped
        report(3, 999, 2.0);    // 999 ns: still skipped
        report(4, 1_000, 1.0);  // 1000 ns: due
        report(5, 1_500, 0.5);  // 500 ns since epoch 4: skipped
        report(6, 2_100, 0.25); // 1100 ns since epoch 4: due
        report(10, 2_200, 0.125); // last epoch: always, though only 100 ns passed

        List<String> lines = lines();
        assertEquals(4, lines.size(), String.join("\n", lines));
        assertLine(lines.get(0), 1, 8.0);
        assertLine(lines.get(1), 4, 1.0);
        assertLine(lines.get(2), 6, 0.25);
        assertLine(lines.get(3), 10, 0.125);
    }

    @Test
    void withAFrozenClockOnlyTheFirstAndLastEpochArePrinted() {
        for (int epoch = 1; epoch <= EPOCHS; epoch++) {
            report(epoch, 0, 1.0 / epoch);
        }

        List<String> lines = lines();
        assertEquals(2, lines.size(), String.join("\n", lines));
        assertLine(lines.get(0), 1, 1.0);
        assertLine(lines.get(1), EPOCHS, 1.0 / EPOCHS);
    }

    @Test
    void whenEveryStepTakesLongerThanTheIntervalEveryEpochIsPrinted() {
        for (int epoch = 1; epoch <= EPOCHS; epoch++) {
            report(epoch, epoch * 2 * INTERVAL, epoch);
        }

        List<String> lines = lines();
        assertEquals(EPOCHS, lines.size(), String.join("\n", lines));
        for (int epoch = 1; epoch <= EPOCHS; epoch++) {
            assertLine(lines.get(epoch - 1), epoch, epoch);
        }
    }

    private void report(int epoch, long nanos, double loss) {
        clock.set(nanos);
        progress.epochDone(epoch, loss, Double.NaN);
    }

    private List<String> lines() {
        return text.toString().lines().filter(line -> !line.isBlank()).toList();
    }

    /** The line names "epoch E/N" and the loss (printed with 10 significant digits). */
    private static void assertLine(String line, int epoch, double loss) {
        assertTrue(line.contains("epoch " + epoch + "/" + EPOCHS), line);
        Matcher m = LOSS.matcher(line);
        assertTrue(m.find(), "no loss in: " + line);
        assertEquals(loss, Double.parseDouble(m.group(1)), 1e-9 * Math.abs(loss), line);
    }
}
