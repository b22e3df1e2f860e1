package io.smartmigration.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.smartmigration.SmartMigration;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("CLI commands on the Mongo ledger")
class MongoCliScenariosTest extends CliScenarios {
    @Override
    protected LedgerFixture createFixture() {
        return new MongoFixture();
    }

    @Test
    @DisplayName("status shows the index declarations the application ensured, and --json lists them")
    void statusShowsEnsuredIndexes() {
        fixture.configure(SmartMigration.builder().targetVersion("1.1.0"))
                .index("users", Indexes.ascending("tenantId", "email"), new IndexOptions().unique(true))
                .step("a").from("1.0.0").to("1.1.0").up(ctx -> { }).build().run();

        CliResult text = cli("status");
        Document json = cli("status", "--json").json().get("indexes", Document.class);

        assertThat(text.out()).contains("indexes:      1 declared index(es) ensured ",
                "\n  users.tenantId_1_email_1 {\"key\": {\"tenantId\": 1, \"email\": 1}, \"unique\": true}");
        assertThat(json.getList("declarations", String.class)).containsExactly(
                "users.tenantId_1_email_1 {\"key\": {\"tenantId\": 1, \"email\": 1}, \"unique\": true}");
        assertThat(json.getString("fingerprint")).hasSize(64);
    }

    @Test
    @DisplayName("status of a ledger without index declarations says none are declared")
    void statusWithoutIndexes() {
        fixture.configure(SmartMigration.builder().targetVersion("1.1.0"))
                .step("a").from("1.0.0").to("1.1.0").up(ctx -> { }).build().run();

        assertThat(cli("status").out()).contains("indexes:      none declared");
        assertThat(cli("status", "--json").json().get("indexes")).isNull();
        assertThat(List.of(cli("status", "--json").json().keySet().toArray())).contains("indexes");
    }
}
