package io.smartmigration.reliability.support;

import org.junit.jupiter.api.AfterEach;

/** {@link SharedMongo}, plus the child JVMs a test starts, all killed after each test. */
public abstract class SharedMongoWithChildren extends SharedMongo {

    protected final Children children = new Children();

    @AfterEach
    void killChildren() {
        children.close();
    }
}
