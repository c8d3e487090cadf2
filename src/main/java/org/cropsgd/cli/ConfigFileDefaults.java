package org.cropsgd.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.cropsgd.config.OptionNames;
import org.cropsgd.errors.CropSgdException;
import org.cropsgd.errors.Errors;
import picocli.CommandLine;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.PropertiesDefaultProvider;

/**
 * The {@code --config FILE} of a command: a properties file whose keys are the command's long option
 * names without the dashes ({@code learning-rate=0.01}). Its values become the options' defaults, so the
 * precedence is: command line, then config file, then built-in defaults. Unknown keys are an error, so a
 * typo cannot silently leave a setting at its default; the output and checkpoint keys of {@code train} are
 * accepted by every command, so that one file serves {@code train} and {@code gpu-check}.
 *
 * <p>It also remembers which options took their value from the file, so that an error about such a value
 * names the file and its key rather than a command-line option the user never typed. picocli asks a default
 * provider only for the options the command line did not give (after the command line is parsed), and
 * converts its answer with the option's own converter, so "the file supplied it" is exactly "picocli asked
 * for it and the file had the key".
 */
final class ConfigFileDefaults implements IDefaultValueProvider {
    static final String OPTION = OptionNames.flag(OptionNames.CONFIG);
    private static final Set<String> TRAIN_RUN_KEYS = Set.of(OptionNames.OUTPUT, OptionNames.OVERWRITE,
            OptionNames.CHECKPOINT_DIR, OptionNames.CHECKPOINT_EVERY, OptionNames.RESUME);

    private final String file;
    private final PropertiesDefaultProvider properties;
    private final Set<String> supplied = new HashSet<>();

    private ConfigFileDefaults(String file, Properties properties) {
        this.file = file;
        this.properties = new PropertiesDefaultProvider(properties);
    }

    /** Reads the file named by {@code --config} in {@code args}, if any, into {@code command}'s defaults. */
    static void install(CommandLine command, String[] args) {
        Optional<String> file = configFile(args);
        if (file.isEmpty()) {
            return;
        }
        Properties properties = load(file.get());
        Set<String> known = new TreeSet<>();
        for (OptionSpec option : command.getCommandSpec().options()) {
            if (!option.usageHelp() && !option.versionHelp() && !option.longestName().equals(OPTION)) {
                known.add(key(option));
            }
        }
        Set<String> unknown = new TreeSet<>(properties.stringPropertyNames());
        unknown.removeAll(known);
        unknown.removeAll(TRAIN_RUN_KEYS);
        if (!unknown.isEmpty()) {
            throw Errors.unknownConfigKeys(file.get(), unknown, known);
        }
        command.setDefaultValueProvider(new ConfigFileDefaults(file.get(), properties));
    }

    /**
     * {@code error} as the user should read it: when it is about an option whose value came from the config
     * file of {@code command}, it names the file and key instead of the option.
     */
    static CropSgdException naming(CropSgdException error, CommandLine command) {
        if (command.getCommandSpec().defaultValueProvider() instanceof ConfigFileDefaults config
                && error.option().filter(config.supplied::contains).isPresent()) {
            return error.namingValueAs(Errors.configFileKey(config.file, error.option().get()));
        }
        return error;
    }

    @Override
    public String defaultValue(ArgSpec argument) throws Exception {
        String value = properties.defaultValue(argument);
        if (value != null && argument instanceof OptionSpec option) {
            supplied.add(key(option));
        }
        return value;
    }

    /** The config-file key of an option, and the option name errors use: the long name without dashes. */
    static String key(OptionSpec option) {
        return option.longestName().replaceFirst("^-+", "");
    }

    private static Optional<String> configFile(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(OPTION) && i + 1 < args.length) {
                return Optional.of(args[i + 1]);
            }
            if (args[i].startsWith(OPTION + "=")) {
                return Optional.of(args[i].substring(OPTION.length() + 1));
            }
        }
        return Optional.empty();
    }

    private static Properties load(String file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | RuntimeException e) {
            throw Errors.configFileMissing(file);
        }
        return properties;
    }
}
