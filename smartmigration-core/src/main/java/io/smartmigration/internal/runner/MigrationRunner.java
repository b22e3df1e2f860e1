package io.smartmigration.internal.runner;

import io.smartmigration.AppliedStep;
import io.smartmigration.ErrorCode;
import io.smartmigration.HistoryEntry;
import io.smartmigration.HistoryStatus;
import io.smartmigration.LockPolicy;
import io.smartmigration.MigrationPlan;
import io.smartmigration.MigrationResult;
import io.smartmigration.MigrationStep;
import io.smartmigration.Outcome;
import io.smartmigration.PlannedStep;
import io.smartmigration.SmartMigrationException;
import io.smartmigration.StepInfo;
import io.smartmigration.ValidationReport;
import io.smartmigration.internal.InstanceIds;
import io.smartmigration.internal.LogText;
import io.smartmigration.internal.MigrationConfig;
import io.smartmigration.spi.SimulatedProcessDeath;
import io.smartmigration.internal.context.BatchFailed;
import io.smartmigration.internal.context.DefaultMigrationContext;
import io.smartmigration.internal.index.IndexDeclaration;
import io.smartmigration.internal.index.IndexEnsurer;
import io.smartmigration.internal.ledger.CheckpointState;
import io.smartmigration.EnsuredIndexes;
import io.smartmigration.internal.ledger.HistoryCodec;
import io.smartmigration.internal.ledger.Ledger;
import io.smartmigration.internal.ledger.LedgerState;
import io.smartmigration.internal.lock.LeaseKeeper;
import io.smartmigration.internal.lock.LockAcquirer;
import io.smartmigration.internal.lock.LockAcquirer.Attempt;
import io.smartmigration.internal.ops.HistoryValidator;
import io.smartmigration.internal.ops.StepChecksums;
import io.smartmigration.internal.planner.Plan;
import io.smartmigration.internal.planner.Planner;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out {@code run()}: the no-op fast path, the lock, the steps, the ledger writes. The whole
 * path of one run, from the builder to the ledger write, is in ARCHITECTURE.md.
 */
public final class MigrationRunner {

    /** History ids of versions set without a handler. */
    public static final String FRESH_INSTALL_ID = "<fresh-install>";
    public static final String NO_STEP_ID = "<no-step-to-target>";

    private static final Logger LOG = LoggerFactory.getLogger("io.smartmigration");
    /** A FAILED history entry keeps this much of the error: the ledger is one document, not a log store. */
    static final int HISTORY_ERROR_CHARS = 4_000;
    private static final Set<ErrorCode> LEDGER_CODES =
            EnumSet.of(ErrorCode.LOCK_LOST, ErrorCode.LEDGER_UNAVAILABLE, ErrorCode.LEDGER_CORRUPT);

    private final MigrationConfig config;
    private final Ledger ledger;
    private final Listeners listeners;
    /** The fingerprint of the declared indexes; empty when none are declared. */
    private final Optional<String> indexFingerprint;

    public MigrationRunner(MigrationConfig config, Ledger ledger) {
        this.config = config;
        this.ledger = ledger;
        this.listeners = new Listeners(config.listeners());
        this.indexFingerprint = config.indexes().isEmpty() ? Optional.empty()
                : Optional.of(IndexDeclaration.fingerprint(config.indexes()));
    }

    /**
     * Whether the declared indexes must be ensured: some are declared and the ledger did not record
     * ensuring exactly these. Never on data ahead of this release (an older release's declarations would
     * undo a newer one's record at every start of a rolling deploy; the newer release ensured its own).
     */
    private boolean indexesPending(Optional<LedgerState> state, Plan plan) {
        return indexFingerprint.isPresent() && plan.outcome() != Outcome.DATA_AHEAD_OF_CODE
                && !state.flatMap(LedgerState::indexes).map(EnsuredIndexes::fingerprint).equals(indexFingerprint);
    }

    public Optional<String> currentVersion() {
        return ledger.read().flatMap(LedgerState::currentVersion);
    }

    public List<HistoryEntry> history() {
        return ledger.read().map(LedgerState::history).orElse(List.of());
    }

    public MigrationPlan plan() {
        Optional<String> current = currentVersion();
        return publicPlan(current, plan(current));
    }

    private MigrationPlan publicPlan(Optional<String> current, Plan plan) {
        List<PlannedStep> steps = plan.steps().stream()
                .map(s -> new PlannedStep(s.step().id(), s.step().from(), s.step().to(), s.skipForward()))
                .toList();
        Optional<String> stamp = plan.freshInstall().isPresent() ? plan.freshInstall() : plan.stampTarget();
        return new MigrationPlan(current, config.targetVersion(), plan.outcome(), steps, stamp);
    }

    private Plan plan(Optional<String> current) {
        return Planner.plan(config.steps(), config.targetVersion(), current, config.freshInstallVersion(),
                config.failIfDataAhead(), () -> FreshData.isFresh(config));
    }

    public MigrationResult run() {
        Listeners.Run events = listeners.startRun();
        try {
            MigrationResult result = run(events);
            events.afterRun(result);
            return result;
        } catch (SmartMigrationException e) {
            SmartMigrationException failure = e;
            if (e.code() != ErrorCode.INTERRUPTED && (Thread.currentThread().isInterrupted() || Interrupts.causedBy(e))) {
                // interrupted before the lock was taken (a ledger read, the wait): nothing was written
                failure = new SmartMigrationException(ErrorCode.INTERRUPTED, "run() was interrupted before it held the"
                        + " lock, while: " + e.getMessage() + ". Nothing was written and no lock is held; the next start"
                        + " runs again", e);
                Thread.currentThread().interrupt();
            }
            events.onFailure(failure);
            throw failure;
        }
    }

    private MigrationResult run(Listeners.Run events) {
        long started = System.nanoTime();
        Optional<LedgerState> first = ledger.read();
        Optional<String> before = first.flatMap(LedgerState::currentVersion);
        checkHistory(first);
        Plan plan = plan(before);
        events.beforeRun(() -> publicPlan(before, plan));
        if (!plan.needsWork() && !indexesPending(first, plan)) {
            return finish(before, before, List.of(), plan.outcome(), started);
        }
        LockAcquirer acquirer = new LockAcquirer(ledger, config.clock(), config.lockTtl(), config.instanceId(),
                InstanceIds.host());
        Attempt attempt = config.lockPolicy() == LockPolicy.SKIP
                ? acquirer.tryOnce()
                : acquirer.await(config.lockWait(), state -> {
                    Plan now = plan(state.currentVersion());
                    return !now.needsWork() && !indexesPending(Optional.of(state), now);
                });
        if (attempt instanceof Attempt.Held held) {
            LOG.info("smartmigration: the lock of the {} is held by {}; skipping (LockPolicy.SKIP), data stays at {}",
                    ledger.describe(), held.holder().map(l -> l.describe()).orElse("another instance"),
                    shown(before));
            return finish(before, before, List.of(), Outcome.LOCK_HELD_SKIPPED, started);
        }
        if (attempt instanceof Attempt.NoLongerNeeded done) {
            Optional<String> now = done.state().currentVersion();
            return finish(before, now, List.of(), plan(now).outcome(), started);
        }
        Attempt.Acquired acquired = (Attempt.Acquired) attempt;
        LeaseKeeper keeper = new LeaseKeeper(ledger, acquired.lease(), acquired.sentAtNanos(), config.clock(),
                System::nanoTime, config.lockTtl());
        LOG.debug("took the lock of the {} as {}", ledger.describe(), config.instanceId());
        ShutdownHandover handover = ShutdownHandover.register(keeper, config.shutdownGrace(), ledger.describe());
        boolean crashed = false;
        boolean interrupted = false;
        StepRun progress = new StepRun(before, started, events);
        try {
            return runLocked(keeper, progress);
        } catch (SimulatedProcessDeath death) {
            crashed = true;
            keeper.abandon();
            throw death;
        } catch (SmartMigrationException e) {
            SmartMigrationException failure = e;
            if (e.code() != ErrorCode.INTERRUPTED && (keeper.stopRequested() || Interrupts.causedBy(e))) {
                failure = interrupted(keeper, "while " + e.getMessage(), e, progress);
            }
            interrupted = failure.code() == ErrorCode.INTERRUPTED;
            throw failure.partialResult().isPresent() ? failure : failure.withPartialResult(progress.result(Outcome.MIGRATED));
        } finally {
            // The clean-up writes (release) are made with the interrupt flag cleared, then it is restored.
            interrupted |= Thread.interrupted();
            if (!crashed) {
                keeper.close();
            }
            handover.close();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether the run must stop now: its thread was interrupted (the flag is cleared) or the JVM is shutting down. */
    private static boolean stopNow(LeaseKeeper keeper) {
        return Thread.interrupted() | keeper.stopRequested();
    }

    private SmartMigrationException interrupted(LeaseKeeper keeper, String when, Throwable cause, StepRun progress) {
        String by = keeper.stopRequested() ? "the JVM is shutting down (SIGTERM)" : "its thread was interrupted";
        return new SmartMigrationException(ErrorCode.INTERRUPTED, "run() stopped because " + by + ", " + when
                + ". The ledger stays at " + progress.current.orElse("(none)") + " with the steps before it applied and"
                + " the last checkpoint kept; the lock of the " + ledger.describe() + " is released, so the next start"
                + " takes over at once and resumes (a step that is not resumable runs again from its start)",
                cause, progress.result(Outcome.MIGRATED));
    }

    private MigrationResult runLocked(LeaseKeeper keeper, StepRun progress) {
        LedgerState state = ledger.read().orElseThrow(() -> new SmartMigrationException(ErrorCode.LEDGER_CORRUPT,
                "the " + ledger.describe() + " vanished right after this instance took its lock: something deletes it"));
        progress.current = state.currentVersion();
        Plan plan = plan(progress.current);   // before the indexes: creating them creates their collections
        boolean indexes = indexesPending(Optional.of(state), plan);
        if (!plan.needsWork() && !indexes) {
            return finish(progress.before, progress.current, List.of(), plan.outcome(), progress.started);
        }
        if (indexes) {
            ensureIndexes(keeper);
        }
        if (!plan.needsWork()) {
            return finish(progress.before, progress.current, List.of(), plan.outcome(), progress.started);
        }
        if (plan.freshInstall().isPresent()) {
            String fresh = plan.freshInstall().get();
            stamp(keeper, FRESH_INSTALL_ID, progress.current, fresh);
            LOG.info("smartmigration: fresh data, stamped the ledger at {} without running the steps below it", fresh);
            progress.current = Optional.of(fresh);
        }
        Map<String, String> restored = state.checkpoint().map(CheckpointState::data).orElse(Map.of());
        String checkpointStep = state.checkpoint().map(CheckpointState::stepId).orElse(null);
        warnIfNoStepResumes(state.checkpoint(), plan);
        for (Plan.Step planned : plan.steps()) {
            if (stopNow(keeper)) {
                throw interrupted(keeper, "before step '" + planned.step().id() + "'", null, progress);
            }
            runStep(keeper, planned, planned.step().id().equals(checkpointStep) ? restored : Map.of(), progress);
        }
        if (plan.stampTarget().isPresent()) {
            String target = plan.stampTarget().get();
            stamp(keeper, NO_STEP_ID, progress.current, target);
            LOG.info("smartmigration: no step leads from {} to {}; stamped the ledger at {} (the data's shape did not change)",
                    shown(progress.current), target, target);
            progress.current = Optional.of(target);
        }
        return finish(progress.before, progress.current, progress.applied, plan.outcome(), progress.started);
    }

    /** Creates the declared indexes that are missing, then records the declarations as ensured. */
    private void ensureIndexes(LeaseKeeper keeper) {
        keeper.ensureHeld("ensure the declared indexes");
        long t0 = System.nanoTime();
        List<String> created = IndexEnsurer.ensure(config.mongoClient().getDatabase(config.databaseName()),
                config.indexes());
        keeper.ensureHeld("record the ensured indexes");
        ledger.recordIndexes(keeper.lease(), new EnsuredIndexes(indexFingerprint.orElseThrow(),
                config.indexes().stream().map(IndexDeclaration::describe).toList(), config.clock().instant()));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        if (created.isEmpty()) {
            LOG.info("smartmigration: the {} declared index(es) exist already ({} ms)", config.indexes().size(), ms);
        } else {
            LOG.info("smartmigration: created {} of the {} declared index(es) in {} ms: {}", created.size(),
                    config.indexes().size(), ms, String.join(", ", created));
        }
    }

    private void runStep(LeaseKeeper keeper, Plan.Step planned, Map<String, String> restored, StepRun progress) {
        MigrationStep step = planned.step();
        StepInfo info = new StepInfo(step.id(), step.from(), step.to(), planned.skipForward());
        if (planned.skipForward()) {
            LOG.info("smartmigration: skip-forward: the ledger is at {}, inside step '{}' ({} -> {}); re-running it from its start",
                    shown(progress.current), step.id(), step.from(), step.to());
        }
        if (!restored.isEmpty()) {
            // keys and value sizes, values cut: a checkpoint may hold megabytes
            LOG.info("smartmigration: step '{}' resumes from its checkpoint {}", step.id(), LogText.checkpoint(restored));
        }
        progress.events.beforeStep(info);
        keeper.ensureHeld("start step '" + step.id() + "'");
        Instant startedAt = config.clock().instant();
        long t0 = System.nanoTime();
        Optional<String> checksum = StepChecksums.of(step);
        DefaultMigrationContext context = new DefaultMigrationContext(config, info, step.resumable(), restored, ledger,
                keeper);
        Attempted attempted = new Attempted(info, checksum, startedAt, t0, context);
        try {
            step.up(context);
        } catch (SimulatedProcessDeath e) {
            throw e;
        } catch (Exception | Error e) {
            Throwable cause = e instanceof BatchFailed ? e.getCause() : e;
            // An interrupt (or JVM shutdown) ends the step as INTERRUPTED, not as a handler failure, whatever
            // the handler or the driver made of it: the failure record is written with the flag cleared.
            if (stopNow(keeper) || Interrupts.causedBy(e)
                    || e instanceof SmartMigrationException sme && sme.code() == ErrorCode.INTERRUPTED) {
                recordFailure(keeper, attempted, new InterruptedException("interrupted: " + cause));
                throw interrupted(keeper, "in step '" + step.id() + "' (" + step.from() + " -> " + step.to()
                        + "): the handler ended with " + cause, cause, progress);
            }
            // LOCK_LOST, LEDGER_UNAVAILABLE and LEDGER_CORRUPT come from the ledger (a checkpoint read or
            // write) or the lock guard, not from the handler: they surface as they are, with no FAILED entry
            if (e instanceof SmartMigrationException ledgerFailure && LEDGER_CODES.contains(ledgerFailure.code())) {
                throw ledgerFailure;
            }
            if (e instanceof Error error) {
                recordFailure(keeper, attempted, error);
                throw error;
            }
            throw stepFailed(keeper, attempted, cause, progress);
        }
        // Read (and clear) the interrupt before the ledger write: the driver would refuse it with the flag set.
        boolean stop = stopNow(keeper);
        long durationMs = (System.nanoTime() - t0) / 1_000_000;
        keeper.ensureHeld("record step '" + step.id() + "' as applied");
        Instant finishedAt = config.clock().instant();
        ledger.advance(keeper.lease(), step.to(), new HistoryEntry(step.id(), step.from(), step.to(), HistoryStatus.APPLIED,
                planned.skipForward(), startedAt, finishedAt, durationMs, config.instanceId(), Optional.empty(), checksum,
                context.recordedOutput()), finishedAt);
        progress.current = Optional.of(step.to());
        AppliedStep applied = new AppliedStep(step.id(), step.from(), step.to(), durationMs, planned.skipForward());
        progress.applied.add(applied);
        LOG.info("smartmigration: step '{}' {} -> {} applied in {} ms{}{}", step.id(), step.from(), step.to(), durationMs,
                planned.skipForward() ? " (skip-forward)" : "", context.recordedOutput().map(MigrationRunner::oneLine)
                        .map(o -> ": " + o).orElse(""));
        progress.events.afterStep(applied);
        if (stop) {
            // the handler finished without looking at the interrupt: its work is recorded, the run stops here
            throw interrupted(keeper, "during step '" + step.id() + "', which completed and was recorded before the"
                    + " interrupt was noticed", null, progress);
        }
    }

    /** A step's output in its INFO line: the first line, at most 200 characters (the history keeps it all). */
    private static String oneLine(String output) {
        String first = output.lines().findFirst().orElse("");
        boolean cut = first.length() > 200 || first.length() < output.strip().length();
        return (first.length() > 200 ? first.substring(0, 200) : first) + (cut ? " ..." : "");
    }

    /** One attempt at a step's handler, for the history entry of its failure. */
    private record Attempted(StepInfo step, Optional<String> checksum, Instant startedAt, long t0,
                             DefaultMigrationContext context) {
    }

    private SmartMigrationException stepFailed(LeaseKeeper keeper, Attempted attempt, Throwable cause, StepRun progress) {
        StepInfo step = attempt.step();
        long durationMs = recordFailure(keeper, attempt, cause);
        String at = progress.current.orElse("(none)");
        Optional<SmartMigrationException> misuse = attempt.context().misuseIn(cause);
        if (misuse.isPresent()) {
            // the step asked its context for something its configuration does not give (a checkpoint in a step
            // not marked resumable, a backend not configured): a configuration mistake, not a failing handler
            LOG.error("smartmigration: step '{}' {} -> {} is misconfigured: {}", step.id(), step.from(), step.to(),
                    misuse.get().getMessage());
            return new SmartMigrationException(ErrorCode.INVALID_CONFIG, "step '" + step.id() + "' (" + step.from()
                    + " -> " + step.to() + ") stopped after " + durationMs + " ms on a configuration mistake: "
                    + misuse.get().getMessage().substring(("[" + ErrorCode.INVALID_CONFIG + "] ").length())
                    + ". The ledger stays at " + at + " with the steps before it applied; fix the configuration and"
                    + " restart", cause, progress.result(Outcome.MIGRATED));
        }
        LOG.error("smartmigration: step '{}' {} -> {} failed after {} ms: {}", step.id(), step.from(), step.to(),
                durationMs, LogText.of(cause));
        return new SmartMigrationException(ErrorCode.STEP_FAILED, "step '" + step.id() + "' (" + step.from() + " -> "
                + step.to() + ") failed after " + durationMs + " ms: " + LogText.of(cause) + BackendLocation.of(cause, config)
                + ". The ledger stays at " + at
                + " with the steps before it applied; fix the cause and restart: the next run retries '" + step.id()
                + "' (handlers must be idempotent)", cause, progress.result(Outcome.MIGRATED));
    }

    private long recordFailure(LeaseKeeper keeper, Attempted attempt, Throwable cause) {
        StepInfo step = attempt.step();
        long durationMs = (System.nanoTime() - attempt.t0()) / 1_000_000;
        if (keeper.isLost()) {
            return durationMs;
        }
        try {
            Instant now = config.clock().instant();
            ledger.recordFailure(keeper.lease(), new HistoryEntry(step.id(), step.from(), step.to(), HistoryStatus.FAILED,
                    step.skipForward(), attempt.startedAt(), now, durationMs, config.instanceId(),
                    Optional.of(LogText.cut(cause.toString(), HISTORY_ERROR_CHARS)), attempt.checksum(),
                    attempt.context().recordedOutput()), now);
        } catch (SmartMigrationException e) {
            LOG.warn("smartmigration: could not record the failure of step '{}' in the {}: {}", step.id(),
                    ledger.describe(), LogText.cut(e.getMessage()));
        }
        return durationMs;
    }

    /** Compares the history of the first read with the chain: WARN, or HISTORY_MISMATCH with validateOnRun. */
    private void checkHistory(Optional<LedgerState> state) {
        if (HistoryValidator.problems(config.steps(), state).isEmpty()) {
            return;
        }
        ValidationReport report = HistoryValidator.validate(ledger.describe(), config.steps(), state);
        if (config.validateOnRun()) {
            throw new SmartMigrationException(ErrorCode.HISTORY_MISMATCH, report + "Nothing was run or written"
                    + " (validateOnRun is set). Restore the chain as it was applied, or turn validateOnRun off to"
                    + " proceed with a warning");
        }
        LOG.warn("smartmigration: {}", LogText.cut(report.toString().stripTrailing(), LogText.REPORT));
    }

    /**
     * A checkpoint that no step of this run resumes (its step is no longer registered, or is not
     * planned) is dropped by the next step's ledger write: say so rather than lose it without a word.
     */
    private void warnIfNoStepResumes(Optional<CheckpointState> checkpoint, Plan plan) {
        if (checkpoint.isEmpty()
                || plan.steps().stream().anyMatch(s -> s.step().id().equals(checkpoint.get().stepId()))) {
            return;
        }
        String stepId = checkpoint.get().stepId();
        boolean registered = config.steps().stream().anyMatch(s -> s.id().equals(stepId));
        LOG.warn("smartmigration: the {} holds a checkpoint of step '{}', {}; it is dropped by the next ledger write"
                        + " of this run: {}", ledger.describe(), LogText.value(stepId),
                registered ? "which this run does not execute (the data is past it)"
                        : "which matches no registered step (renamed or removed?)",
                LogText.checkpoint(checkpoint.get().data()));
    }

    private void stamp(LeaseKeeper keeper, String reason, Optional<String> from, String version) {
        keeper.ensureHeld("stamp the ledger at " + version);
        Instant now = config.clock().instant();
        ledger.advance(keeper.lease(), version, HistoryCodec.stamped(reason, from, version, config.instanceId(), now), now);
    }

    private MigrationResult finish(Optional<String> before, Optional<String> after, List<AppliedStep> applied,
                                   Outcome outcome, long started) {
        long totalMs = (System.nanoTime() - started) / 1_000_000;
        MigrationResult result = new MigrationResult(before, after.orElse(null), config.targetVersion(), applied, outcome, totalMs,
                ledger.warnings());
        switch (outcome) {
            case NO_OP -> LOG.info("smartmigration: data at {}, the target: nothing to do ({} ms)",
                    shown(after), totalMs);
            case DATA_AHEAD_OF_CODE -> LOG.warn("smartmigration: data at {} is ahead of this release's target {}:"
                            + " nothing written. Expected while a rolling deploy replaces an older release; otherwise"
                            + " deploy a release that knows {} ({} ms)", shown(after), config.targetVersion(),
                    shown(after), totalMs);
            case LOCK_HELD_SKIPPED -> { }
            default -> LOG.info("smartmigration: data {} -> {}, {} step(s) applied in {} ms ({})",
                    shown(before), shown(after), applied.size(), totalMs, outcome);
        }
        return result;
    }

    /** A version for a log line: the ledger's may be anything that parses as SemVer, so it is cut. */
    private static String shown(Optional<String> version) {
        return version.map(LogText::value).orElse("(none)");
    }

    /** What a locked run has done so far, for the result and for a partial result on failure. */
    private final class StepRun {
        final Optional<String> before;
        final long started;
        final List<AppliedStep> applied = new ArrayList<>();
        final Listeners.Run events;
        Optional<String> current;

        StepRun(Optional<String> before, long started, Listeners.Run events) {
            this.before = before;
            this.started = started;
            this.current = before;
            this.events = events;
        }

        MigrationResult result(Outcome outcome) {
            return new MigrationResult(before, current.orElse(null), config.targetVersion(), applied, outcome,
                    (System.nanoTime() - started) / 1_000_000, ledger.warnings());
        }
    }
}
