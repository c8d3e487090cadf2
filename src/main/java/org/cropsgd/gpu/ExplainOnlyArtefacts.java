package org.cropsgd.gpu;

import java.util.Map;
import java.util.Optional;

/**
 * CPU verdicts that come from explaining a plan on a machine without a GPU rather than from the plan, each
 * with the reason it is not a real fallback. Anything not listed here fails the check.
 */
final class ExplainOnlyArtefacts {
    /** Operator → why its CPU verdict is an artefact, when the verdict's reason contains the key's text. */
    private static final Map<String, String[]> ARTEFACTS = Map.of(
            // With AQE, explain may see a shuffle read whose child stage was planned without a GPU.
            "AQEShuffleReadExec", new String[] {"not columnar",
                    "explain-only: its child stage was planned without a GPU; on a GPU cluster it is columnar"});

    private ExplainOnlyArtefacts() {}

    /** Why this CPU verdict may be ignored, if it may. */
    static Optional<String> justification(PlanLine line) {
        String[] artefact = ARTEFACTS.get(line.name());
        if (artefact == null || !line.detail().contains(artefact[0])) {
            return Optional.empty();
        }
        return Optional.of(artefact[1]);
    }
}
