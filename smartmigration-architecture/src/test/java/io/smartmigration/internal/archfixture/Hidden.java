package io.smartmigration.internal.archfixture;

/** A stand-in for an internal type, for the architecture test's own checks. */
public final class Hidden {
}
