package io.smartmigration;

/** The state of one {@link HistoryEntry}. */
public enum HistoryStatus {
    /** The step's handler ran to completion and the version advanced. */
    APPLIED,
    /** The step's handler threw; the version stayed where it was. */
    FAILED,
    /** The version was set without running a handler (fresh install, releases without steps, baseline). */
    STAMPED
}
