package org.cropsgd.config;

/** How the weights and intercepts start: all zero, or drawn from N(0, 1) with {@code --seed}. */
public enum InitMode {
    ZEROS, NORMAL
}
