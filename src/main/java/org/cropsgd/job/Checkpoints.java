package org.cropsgd.job;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.cropsgd.config.CheckpointSettings;
import org.cropsgd.config.OptionNames;
import org.cropsgd.config.TrainConfig;
import org.cropsgd.data.InputFiles;
import org.cropsgd.errors.Errors;
import org.cropsgd.io.CheckpointFile;
import org.cropsgd.io.CheckpointStore;
import org.cropsgd.optim.OptimizerState;
import org.cropsgd.model.LinearModel;
import org.cropsgd.train.CheckpointSink;
import org.cropsgd.train.TrainingHistory;
import org.cropsgd.train.TrainingState;

/**
 * Checkpoints of one training run: saves the loop's state every N epochs, finds the state to resume from,
 * and refuses a checkpoint another run made. A run is identified by its options (all but where the output
 * goes) and by the size and modification time of every input file, so a resume never mixes a checkpoint
 * with other data or settings: the resumed model is then bit for bit the one an uninterrupted run makes.
 */
public final class Checkpoints implements CheckpointSink {
    /** Options that say where the output goes, not what is trained: they may change between attempts. */
    private static final List<String> NOT_IDENTIFYING = List.of(OptionNames.OUTPUT, OptionNames.OVERWRITE);

    private final CheckpointStore store;
    private final int every;
    private final Map<String, String> identity;
    private final PrintWriter out;

    private Checkpoints(CheckpointStore store, int every, Map<String, String> identity, PrintWriter out) {
        this.store = store;
        this.every = every;
        this.identity = identity;
        this.out = out;
    }

    /** The checkpoints of the run {@code config} describes, or none when the settings name no directory. */
    public static Optional<Checkpoints> of(CheckpointSettings settings, TrainConfig config,
            Configuration hadoopConf, PrintWriter out) {
        return settings.directory().map(directory -> new Checkpoints(CheckpointStore.open(directory, hadoopConf),
                settings.every(), identity(config, hadoopConf), out));
    }

    /**
     * The state to go on from: the newest checkpoint when {@code resume} and there is one that this run
     * made. Without {@code resume} an existing checkpoint is an error, so that no progress is thrown away
     * silently.
     */
    public Optional<TrainingState> stateToResume(boolean resume) {
        Optional<CheckpointFile> newest = store.newest();
        if (newest.isEmpty()) {
            if (resume) {
                out.printf("No checkpoint in %s yet: starting at epoch 0.%n", store.directory());
            }
            return Optional.empty();
        }
        CheckpointFile checkpoint = newest.get();
        if (!resume) {
            throw Errors.checkpointsExist(store.directory().toString(), checkpoint.epoch());
        }
        List<String> differences = differences(checkpoint.identity(), identity);
        if (!differences.isEmpty()) {
            throw Errors.checkpointMismatch(store.directory().toString(), checkpoint.epoch(), differences);
        }
        out.printf("Resuming from the checkpoint at epoch %d in %s.%n", checkpoint.epoch(), store.directory());
        out.flush();
        return Optional.of(toState(checkpoint));
    }

    @Override
    public void epochStarting(int epoch, Supplier<TrainingState> state) {
        if (epoch % every == 0) {
            store.save(toFile(state.get()));
        }
    }

    /** Removes the checkpoints once the output they were protecting is written. */
    public void deleteAll() {
        store.deleteAll();
    }

    private CheckpointFile toFile(TrainingState state) {
        TrainingHistory.Series history = state.history();
        return new CheckpointFile(CheckpointFile.FORMAT, state.epoch(), identity, state.model().weights(),
                state.model().bias(), state.optimizer().steps(), state.optimizer().buffers(), state.samplesDrawn(),
                history.loss(), history.penalty(), history.validation());
    }

    private static TrainingState toState(CheckpointFile file) {
        return new TrainingState(file.epoch(), new LinearModel(file.weights(), file.bias()),
                new OptimizerState(file.optimizerSteps(), file.optimizerBuffers()), file.samplesDrawn(),
                new TrainingHistory.Series(file.loss(), file.penalty(), file.validation()));
    }

    private static Map<String, String> identity(TrainConfig config, Configuration hadoopConf) {
        Map<String, String> identity = new LinkedHashMap<>();
        config.asOptions().forEach((option, value) -> {
            if (!NOT_IDENTIFYING.contains(option)) {
                identity.put(OptionNames.flag(option), String.valueOf(value));
            }
        });
        InputFiles.describe(config.input(), hadoopConf).forEach((file, description) ->
                identity.put("input file " + file, description));
        return identity;
    }

    /** "KEY: A in the checkpoint, B now" for every key whose value differs, options first. */
    private static List<String> differences(Map<String, String> saved, Map<String, String> current) {
        TreeSet<String> keys = new TreeSet<>((a, b) -> {
            int kind = Boolean.compare(a.startsWith("input file"), b.startsWith("input file"));
            return kind != 0 ? kind : a.compareTo(b);
        });
        keys.addAll(saved.keySet());
        keys.addAll(current.keySet());
        List<String> differences = new ArrayList<>();
        for (String key : keys) {
            String before = saved.getOrDefault(key, "absent");
            String now = current.getOrDefault(key, "absent");
            if (!before.equals(now)) {
                differences.add(key + ": " + before + " in the checkpoint, " + now + " now");
            }
        }
        return differences;
    }
}
