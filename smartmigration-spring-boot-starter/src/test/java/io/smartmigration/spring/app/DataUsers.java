package io.smartmigration.spring.app;

import org.bson.Document;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The application's beans that use MongoDB through Spring; each records, when it is created (or
 * run), what the ledger says and how many documents the steps wrote. Being application beans, they
 * are registered before the auto-configured ones: without the initializer's ordering they would be
 * created first.
 */
public final class DataUsers {

    private DataUsers() {
    }

    static String ledgerVersion(MongoTemplate template) {
        Document ledger = template.getCollection("smartmigration_ledger")
                .find(new Document("_id", "smartmigration")).first();
        return ledger == null ? null : ledger.getString("currentVersion");
    }

    /** Uses the MongoTemplate in its constructor. */
    public static final class TemplateUser {
        public TemplateUser(MongoTemplate template, StartupRecorder recorder) {
            recorder.saw("MongoTemplate user", ledgerVersion(template), template.getCollection("events").countDocuments());
        }
    }

    /** Uses a repository in its constructor. */
    public static final class RepositoryUser {
        public RepositoryUser(EventRepository events, MongoTemplate template, StartupRecorder recorder) {
            recorder.saw("repository user", ledgerVersion(template), events.count());
        }
    }

    /** An ApplicationRunner of the application. */
    public static final class Runner implements ApplicationRunner {
        private final MongoTemplate template;
        private final StartupRecorder recorder;

        public Runner(MongoTemplate template, StartupRecorder recorder) {
            this.template = template;
            this.recorder = recorder;
        }

        @Override
        public void run(ApplicationArguments args) {
            recorder.saw("ApplicationRunner", ledgerVersion(template), template.getCollection("events").countDocuments());
        }
    }
}
