package org.cropsgd.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.GlobFilter;
import org.apache.hadoop.fs.Path;
import org.cropsgd.errors.Errors;

/**
 * The places a run reads from or keeps data in (its input, the model it starts from, its checkpoints, its
 * config file), which its output must neither be, contain, nor lie inside: a run that wrote there could
 * replace its own input, and later runs would read the output as data. (For the config file that means:
 * the output may not be it or a folder holding it; an output beside it, in the same folder, harms nothing.) Paths are compared fully
 * qualified (scheme, authority, absolute and normalized path), so {@code ./x}, {@code x/} and
 * {@code file:/…/x} are the same place. A glob stands for the folder above its first wildcard component
 * ({@code data/*.csv} for {@code data}): whatever it matches now or later lies inside that folder.
 */
public final class ProtectedPaths {
    private final Map<String, String> byRole;

    private ProtectedPaths(Map<String, String> byRole) {
        this.byRole = Map.copyOf(byRole);
    }

    public static ProtectedPaths none() {
        return new ProtectedPaths(Map.of());
    }

    /** These and {@code path}, if there is one, as what the run reads or keeps as {@code role} ("the --input"). */
    public ProtectedPaths with(String role, Optional<String> path) {
        Map<String, String> more = new LinkedHashMap<>(byRole);
        path.ifPresent(p -> more.put(role, p));
        return new ProtectedPaths(more);
    }

    /** Exit 2 when {@code output} is, contains or lies inside one of the paths. Looks only at names. */
    public void requireApartFrom(String output, Configuration hadoopConf) {
        Path qualifiedOutput = qualify(output, hadoopConf);
        for (Map.Entry<String, String> entry : byRole.entrySet()) {
            Path kept = withoutGlob(qualify(entry.getValue(), hadoopConf));
            String relation = qualifiedOutput.equals(kept) ? "is"
                    : isInside(kept, qualifiedOutput) ? "contains"
                    : isInside(qualifiedOutput, kept) ? "lies inside"
                    : null;
            if (relation != null) {
                throw Errors.outputOverlaps(output, relation, entry.getKey(), entry.getValue());
            }
        }
    }

    private static Path qualify(String path, Configuration hadoopConf) {
        Path given = new Path(path);
        try {
            return given.getFileSystem(hadoopConf).makeQualified(given);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot look up the file system of " + path, e);
        }
    }

    /** The path above its first component with a wildcard (as Hadoop's globbing reads it). */
    private static Path withoutGlob(Path path) {
        Path fixed = path;
        for (Path p = path; p != null && !p.isRoot(); p = p.getParent()) {
            if (hasWildcard(p.getName())) {
                fixed = p.getParent();
            }
        }
        return fixed;
    }

    private static boolean hasWildcard(String component) {
        try {
            return new GlobFilter(component).hasPattern();
        } catch (IOException e) {
            return true; // not a valid glob either: treat it as one, so the check errs on the safe side
        }
    }

    /** True when {@code inner} lies strictly inside {@code outer}. */
    private static boolean isInside(Path inner, Path outer) {
        for (Path p = inner.getParent(); p != null; p = p.getParent()) {
            if (p.equals(outer)) {
                return true;
            }
        }
        return false;
    }
}
