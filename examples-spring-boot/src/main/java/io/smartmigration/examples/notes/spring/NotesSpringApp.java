package io.smartmigration.examples.notes.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The notes service as a Spring Boot application. The smartmigration starter migrates its data to
 * 2.0.0 while the context starts, before the MongoTemplate, the web controller and the runners
 * exist and before the web server takes requests.
 *
 * <pre>
 * java -jar examples-spring-boot/target/notes-spring-app.jar                    # first start: seeds 1.0.0 demo data, migrates to 2.0.0
 * java -jar examples-spring-boot/target/notes-spring-app.jar                    # next starts: nothing to do
 * java -jar examples-spring-boot/target/notes-spring-app.jar --notes.reset=true # clears the embedded data first
 * curl localhost:8080/notes?tenant=acme
 * curl localhost:8080/actuator/health/smartmigration
 * curl localhost:8080/actuator/smartmigration
 * </pre>
 *
 * <p>By default the data lives in embedded MongoDB and S3 servers under
 * {@code ./.smartmigration-data-spring} ({@code notes.data-dir}); with {@code notes.embedded=false}
 * it is the MongoDB of {@code spring.mongodb.uri} and the S3 of the AWS SDK's default
 * configuration (or {@code notes.s3.endpoint}).
 */
@SpringBootApplication
public class NotesSpringApp {

    public static void main(String[] args) {
        SpringApplication.run(NotesSpringApp.class, args);
    }
}
