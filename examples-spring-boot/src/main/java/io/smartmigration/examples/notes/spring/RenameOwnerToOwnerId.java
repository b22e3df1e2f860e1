package io.smartmigration.examples.notes.spring;

import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Updates.rename;

import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.smartmigration.MigrationContext;
import io.smartmigration.MigrationStep;

/**
 * 1.3.0 to 2.0.0: {@code notes.owner} becomes {@code ownerId}, and e-mail addresses become unique
 * per tenant. (A lambda in the plain notes service; a bean here.) Idempotent: {@code $rename} only
 * matches notes that still have {@code owner}, and creating an index that exists with the same
 * options does nothing.
 */
public final class RenameOwnerToOwnerId implements MigrationStep {

    @Override
    public String id() {
        return "rename-owner-to-owner-id";
    }

    @Override
    public String from() {
        return "1.3.0";
    }

    @Override
    public String to() {
        return "2.0.0";
    }

    @Override
    public String description() {
        return "rename notes.owner to ownerId; make e-mail addresses unique per tenant";
    }

    @Override
    public void up(MigrationContext ctx) {
        long renamed = ctx.mongo().getCollection("notes")
                .updateMany(exists("owner"), rename("owner", "ownerId")).getModifiedCount();
        ctx.mongo().getCollection("users").createIndex(Indexes.ascending("tenantId", "email"),
                new IndexOptions().unique(true).name("tenantId_email_unique"));
        ctx.log().info("renamed owner to ownerId in {} note(s); users now unique by (tenantId, email)", renamed);
    }
}
