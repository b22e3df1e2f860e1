package io.smartmigration.benchmarks;

import java.util.ArrayList;
import java.util.List;

/** What one benchmark row reports: Markdown text and the goals it checked. */
final class Section {

    /** A goal of the issue, what was measured against it, and whether it was met. */
    record Goal(String row, String goal, String measured, Verdict verdict) {
    }

    enum Verdict {
        MET("met"), MISSED("**missed**"), INFO("(no goal)"), PARTIAL("partly");

        final String text;

        Verdict(String text) {
            this.text = text;
        }
    }

    private final String title;
    private final StringBuilder body = new StringBuilder();
    private final List<Goal> goals = new ArrayList<>();

    Section(String title) {
        this.title = title;
    }

    Section text(String markdown) {
        body.append(markdown).append("\n\n");
        return this;
    }

    Section table(Table table) {
        body.append(table.markdown()).append('\n');
        return this;
    }

    Section goal(String row, String goal, String measured, boolean met) {
        goals.add(new Goal(row, goal, measured, met ? Verdict.MET : Verdict.MISSED));
        return this;
    }

    Section goal(String row, String goal, String measured, Verdict verdict) {
        goals.add(new Goal(row, goal, measured, verdict));
        return this;
    }

    String title() {
        return title;
    }

    List<Goal> goals() {
        return goals;
    }

    String markdown() {
        return "## " + title + "\n\n" + body;
    }
}
