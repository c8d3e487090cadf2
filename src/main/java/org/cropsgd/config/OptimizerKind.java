package org.cropsgd.config;

/** The update rule, with torch.optim's semantics so that users' settings carry over. */
public enum OptimizerKind {
    SGD, ADAM
}
