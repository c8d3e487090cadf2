package org.cropsgd.gpu;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.cropsgd.errors.Errors;

/**
 * Asks the RAPIDS Accelerator how each training query would run, through its public
 * {@code com.nvidia.spark.rapids.ExplainPlan.explainPotentialGpuPlan(Dataset, "ALL")}, which needs no GPU.
 * The plugin is not a compile-time dependency (its jar is about 1 GB and is provided at run time), so the
 * method is looked up by reflection. Prints one table per query and fails when any operator or
 * expression would stay on the CPU, apart from the named {@link ExplainOnlyArtefacts}.
 */
public final class GpuPlanCheck {
    private final PrintWriter out;

    public GpuPlanCheck(PrintWriter out) {
        this.out = out;
    }

    /** Checks every plan; throws the exit-5 error naming the operators that would stay on the CPU. */
    public void check(List<TrainingPlans.NamedPlan> plans) {
        Method explain = explainMethod();
        Set<String> onCpu = new LinkedHashSet<>();
        for (TrainingPlans.NamedPlan plan : plans) {
            out.printf("%n== %s ==%n", plan.name());
            for (PlanLine line : explain(explain, plan.query())) {
                if (line.onGpu()) {
                    if (!line.kind().equals("Expression")) {
                        out.println(row(line, "GPU", ""));
                    }
                } else if (line.notOnGpu()) {
                    Optional<String> artefact = ExplainOnlyArtefacts.justification(line);
                    if (artefact.isPresent()) {
                        out.println(row(line, "ignored", artefact.get()));
                    } else {
                        out.println(row(line, "CPU", line.reason()));
                        onCpu.add(line.kind() + " " + line.name() + " (" + plan.name() + ")");
                    }
                }
            }
        }
        out.println();
        out.flush();
        if (!onCpu.isEmpty()) {
            throw Errors.gpuFallback(onCpu.size(), String.join(", ", onCpu));
        }
        out.printf("All operators of the %d training plans can run on the GPU.%n", plans.size());
        out.flush();
    }

    private static String row(PlanLine line, String where, String why) {
        String node = "  ".repeat(line.depth()) + line.kind() + " " + line.name();
        return String.format(Locale.ROOT, "  %-7s %-52s %s", where, node, why);
    }

    private static List<PlanLine> explain(Method explain, Dataset<?> query) {
        String text;
        try {
            text = (String) explain.invoke(null, query, "ALL");
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("The RAPIDS Accelerator could not explain a plan", e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
        List<PlanLine> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            PlanLine.parse(line).ifPresent(lines::add);
        }
        if (lines.isEmpty()) {
            throw new IllegalStateException("The RAPIDS Accelerator explained nothing for a plan:\n" + text);
        }
        return lines;
    }

    private static Method explainMethod() {
        try {
            Class<?> explainPlan = Class.forName("com.nvidia.spark.rapids.ExplainPlan", true,
                    Thread.currentThread().getContextClassLoader());
            return explainPlan.getMethod("explainPotentialGpuPlan", Dataset.class, String.class);
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            throw Errors.rapidsMissing();
        }
    }
}
