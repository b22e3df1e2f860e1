package io.smartmigration.cli;

/** The CLI's exit codes, stable for scripts. */
public final class ExitCodes {

    /** The command did what it was asked (including {@code unlock} when no lock was held). */
    public static final int OK = 0;
    /** Unknown command or option, missing value, or an invalid version: nothing was contacted or changed. */
    public static final int USAGE = 1;
    /** The ledger could not be used: unreachable, corrupt, or misconfigured. Nothing was changed. */
    public static final int LEDGER_PROBLEM = 2;
    /** Refused: {@code baseline} over existing history without {@code --force}, or while another instance holds the lock. */
    public static final int REFUSED = 3;
    /** No ledger of that name was ever written there (check the database or bucket and {@code --ledger-name}). */
    public static final int NO_LEDGER = 4;

    private ExitCodes() {
    }
}
