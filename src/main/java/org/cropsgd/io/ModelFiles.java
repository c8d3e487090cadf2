package org.cropsgd.io;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.cropsgd.errors.Errors;

/** Reads the {@code model.json} of an earlier run's output directory (any Hadoop path). */
public final class ModelFiles {
    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ModelFiles() {}

    public static ModelFile read(String directory, Configuration hadoopConf) {
        Path file = new Path(directory, OutputFiles.MODEL);
        try {
            FileSystem fs = file.getFileSystem(hadoopConf);
            if (!fs.exists(file)) {
                throw Errors.initModelUnreadable(directory, "it has no " + OutputFiles.MODEL);
            }
            try (InputStream in = fs.open(file)) {
                ModelFile model = JSON.readValue(in, ModelFile.class);
                if (model.features() == null || model.labels() == null || model.weights() == null
                        || model.bias() == null) {
                    throw Errors.initModelUnreadable(directory, "its model.json lacks features, labels, weights "
                            + "or bias");
                }
                return model;
            }
        } catch (IOException e) {
            throw Errors.initModelUnreadable(directory, e.getMessage());
        }
    }
}
