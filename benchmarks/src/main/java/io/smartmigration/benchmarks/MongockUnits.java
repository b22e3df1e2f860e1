package io.smartmigration.benchmarks;

import io.mongock.api.annotations.ChangeUnit;
import io.mongock.api.annotations.Execution;
import io.mongock.api.annotations.RollbackExecution;
import com.mongodb.client.MongoDatabase;
import java.util.List;

/**
 * Mongock change units equivalent to the smartmigration steps of the benchmarks: each does
 * {@link Work#touch} (one upsert), the same work as the smartmigration step it is compared with.
 */
public final class MongockUnits {

    /** The 20 units of the chain benchmark, in order. */
    static final List<Class<?>> CHAIN = List.of(Unit01.class, Unit02.class, Unit03.class, Unit04.class, Unit05.class, Unit06.class, Unit07.class, Unit08.class, Unit09.class, Unit10.class, Unit11.class, Unit12.class, Unit13.class, Unit14.class, Unit15.class, Unit16.class, Unit17.class, Unit18.class, Unit19.class, Unit20.class);

    private MongockUnits() {
    }

    /** The single unit of the no-op benchmark. */
    @ChangeUnit(id = "noop-1", order = "00", author = "benchmarks")
    public static final class Noop {
        @Execution
        public void up(MongoDatabase db) {
            Work.touch(db, 0);
        }

        @RollbackExecution
        public void down() {
        }
    }

    @ChangeUnit(id = "unit-01", order = "01", author = "benchmarks")
    public static final class Unit01 {
        @Execution
        public void up(MongoDatabase db) {
            Work.touch(db, 1);
        }

        @RollbackExecution
        public void down() {
        }
    }

    @ChangeUnit(id = "unit-02", order = "02", author = "benchmarks")
    public static final class Unit02 {
        @Execution
        public void up(MongoDatabase db) {
            Work.touch(db, 2);
        }

        @RollbackExecution
        public void down() {
        }
    }

    @ChangeUnit(id = "unit-03", order = "03", author = "benchmarks")
    public static final class Unit03 {
        @Execution
        public void up(MongoDatabase db) {
            Work.touch(db, 3);
        }

        @RollbackExecution
        public void down() {
        }
    }

    @ChangeUnit(id = "unit-04", order = "04", author = "benchmarks")
    public static final class Unit04 {
        @Execution
        public void up(MongoDatabase db) {
            Work.touch(db, 4);
        }

        @RollbackExecution
        public void down() {
        }
    }

    @ChangeUnit(id = "unit-05", order = "05", author = "benchmarks")
    public static final class Unit05 {
        @Execution
        public void up(MongoDatabase db) {
            Work.touch(db, 5);
        }

        @RollbackExecution
        public void down() {
        }
    }

    @ChangeUnit(id = "unit-06", order = "06", author = "benchmarks")
    public static final class Unit06 {
        @Execution
        public void up(MongoDatabase db) {
            Work.touch(db, 6);
        }

        @RollbackExecution
        public void down() {
        }
    }

    @ChangeUnit(id = "unit-07", order = "07", author = "benchmarks")
    public static final class Unit07 {
        @Execution
        public void up(MongoDatabase db) {
            Work.touch(db, 7);
        }

        @RollbackExecution
        public void down() {
        }
    }

    @ChangeUnit(id = "unit-08", order = "08", author = "benchmarks")
    public static final class Unit08 {
        @Execution
        public void up(MongoDatabase db) {
            Work.touch(db, 8);
        }

        @RollbackExecution
        public void down() {
        }
    }

    @ChangeUnit(id = "unit-09", order = "09", author = "benchmarks")
    public static final class Unit09 {
        @Execution
        public void up(MongoDatabase db) {
            Work.touch(db, 9);
        }

        @RollbackExecution
        public void down() {
        }
    }

    @ChangeUnit(id = "unit-10", order = "10", author = "benchmarks")
    public static final class Unit10 {
        @Execution
        public void up(MongoDatabase db) {
            Work.touch(db, 10);
        }

        @RollbackExecution
        public void down() {
        }
    }

    @ChangeUnit(id = "unit-11", order = "11", author = "benchmarks")
    public static final class Unit11 {
        @Execution
        public void up(MongoDatabase db) {
            Work.touch(db, 11);
        }

        @RollbackExecution
        public void down() {
        }
    }

    @ChangeUnit(id = "unit-12", order = "12", author = "benchmarks")
    public static final class Unit12 {
        @Execution
        public void up(MongoDatabase db) {
            Work.touch(db, 12);
        }

        @RollbackExecution
        public void down() {
        }
    }

    @ChangeUnit(id = "unit-13", order = "13", author = "benchmarks")
    public static final class Unit13 {
        @Execution
        public void up(MongoDatabase db) {
            Work.touch(db, 13);
        }

        @RollbackExecution
        public void down() {
        }
    }

    @ChangeUnit(id = "unit-14", order = "14", author = "benchmarks")
    public static final class Unit14 {
        @Execution
        public void up(MongoDatabase db) {
            Work.touch(db, 14);
        }

        @RollbackExecution
        public void down() {
        }
    }

    @ChangeUnit(id = "unit-15", order = "15", author = "benchmarks")
    public static final class Unit15 {
        @Execution
        public void up(MongoDatabase db) {
            Work.touch(db, 15);
        }

        @RollbackExecution
        public void down() {
        }
    }

    @ChangeUnit(id = "unit-16", order = "16", author = "benchmarks")
    public static final class Unit16 {
        @Execution
        public void up(MongoDatabase db) {
            Work.touch(db, 16);
        }

        @RollbackExecution
        public void down() {
        }
    }

    @ChangeUnit(id = "unit-17", order = "17", author = "benchmarks")
    public static final class Unit17 {
        @Execution
        public void up(MongoDatabase db) {
            Work.touch(db, 17);
        }

        @RollbackExecution
        public void down() {
        }
    }

    @ChangeUnit(id = "unit-18", order = "18", author = "benchmarks")
    public static final class Unit18 {
        @Execution
        public void up(MongoDatabase db) {
            Work.touch(db, 18);
        }

        @RollbackExecution
        public void down() {
        }
    }

    @ChangeUnit(id = "unit-19", order = "19", author = "benchmarks")
    public static final class Unit19 {
        @Execution
        public void up(MongoDatabase db) {
            Work.touch(db, 19);
        }

        @RollbackExecution
        public void down() {
        }
    }

    @ChangeUnit(id = "unit-20", order = "20", author = "benchmarks")
    public static final class Unit20 {
        @Execution
        public void up(MongoDatabase db) {
            Work.touch(db, 20);
        }

        @RollbackExecution
        public void down() {
        }
    }
}
