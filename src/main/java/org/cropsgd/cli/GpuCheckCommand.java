package org.cropsgd.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.cropsgd.config.TrainConfig;
import org.cropsgd.gpu.GpuPlanCheck;
import org.cropsgd.gpu.TrainingPlans;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code cropsgd gpu-check}: with the options of {@code train}, builds the queries that training would run
 * and reports, on any machine, whether the RAPIDS Accelerator would run each of their operators on the GPU.
 */
@Command(name = "gpu-check", mixinStandardHelpOptions = true, versionProvider = CropSgd.Version.class, sortOptions = false,
        description = "Check that every operator of the Spark SQL plans that 'train' with the same options "
                + "would run can run on the GPU with the RAPIDS Accelerator. Needs the RAPIDS jar "
                + "(submit/cropsgd --gpu-explain-only gpu-check ... on a machine without a GPU), but no GPU. "
                + "Writes nothing.",
        footer = {"", "Exit codes: 0 all on the GPU, 1 unexpected error, 2 usage or configuration error, "
                + "3 bad input data, 5 an operator would run on the CPU."})
final class GpuCheckCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private TrainingOptions options;

    @Override
    public Integer call() {
        TrainConfig config = options.toConfig("(gpu-check writes no output)", false);
        SparkSession spark = SparkSession.builder().appName("cropsgd gpu-check").getOrCreate();
        List<TrainingPlans.NamedPlan> plans = TrainingPlans.of(spark, config, spec.commandLine().getOut());
        new GpuPlanCheck(spec.commandLine().getOut()).check(plans);
        return 0;
    }

}
