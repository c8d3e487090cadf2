package org.cropsgd.config;

import java.util.Optional;
import org.cropsgd.errors.Errors;

/**
 * Whether and where a training run saves checkpoints, and whether it resumes from one. Kept apart from
 * {@link TrainConfig}: they say how a run survives a crash, not what it trains, and are not saved with the
 * model.
 *
 * @param directory where checkpoints go (any Hadoop path); empty: no checkpoints
 * @param every     epochs between two checkpoints
 * @param resume    go on from the newest checkpoint in {@code directory} (start over when it has none)
 */
public record CheckpointSettings(Optional<String> directory, int every, boolean resume) {
    public static final int DEFAULT_EVERY = 10;

    public CheckpointSettings {
        directory = directory == null ? Optional.empty() : directory.filter(d -> !d.isBlank());
        if (every < 1) {
            throw Errors.invalidOption(OptionNames.CHECKPOINT_EVERY, every, "a whole number >= 1");
        }
        if (resume && directory.isEmpty()) {
            throw Errors.optionNeeds(OptionNames.RESUME, OptionNames.flag(OptionNames.CHECKPOINT_DIR));
        }
    }

    /** From the command line, where a null {@code every} means it was not given. */
    public static CheckpointSettings of(String directory, Integer every, boolean resume) {
        if (every != null && (directory == null || directory.isBlank())) {
            throw Errors.optionNeeds(OptionNames.CHECKPOINT_EVERY, OptionNames.flag(OptionNames.CHECKPOINT_DIR));
        }
        return new CheckpointSettings(Optional.ofNullable(directory), every == null ? DEFAULT_EVERY : every, resume);
    }

    /** No checkpoints. */
    public static CheckpointSettings none() {
        return new CheckpointSettings(Optional.empty(), DEFAULT_EVERY, false);
    }
}
