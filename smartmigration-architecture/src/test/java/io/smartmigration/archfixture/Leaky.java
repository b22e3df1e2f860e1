package io.smartmigration.archfixture;

import io.smartmigration.internal.archfixture.Hidden;
import java.util.List;
import java.util.Optional;

/** A public type that leaks an internal one in each kind of signature, for the architecture test's own checks. */
public class Leaky {

    public Hidden field;

    public Optional<Hidden> result() {
        return Optional.empty();
    }

    public void parameter(List<Hidden> hidden) {
    }

    protected Hidden forSubclasses() {
        return null;
    }

    private Hidden notVisible() {
        return null;
    }
}
