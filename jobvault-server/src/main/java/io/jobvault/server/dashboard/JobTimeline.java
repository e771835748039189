package io.jobvault.server.dashboard;

import static io.jobvault.server.dashboard.Html.esc;

import io.jobvault.Attempt;
import io.jobvault.Job;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** A job's life in time order: created, due, each attempt's start and end, finished, pruned after. */
final class JobTimeline {
    private record Event(Instant at, String what) {}

    private JobTimeline() {}

    static void render(StringBuilder h, Job j, List<Attempt> attempts) {
        List<Event> events = new ArrayList<>();
        events.add(new Event(j.createdAt(), "created"));
        if (j.runAt() != null && j.runAt().isAfter(j.createdAt())) events.add(new Event(j.runAt(), "due to run"));
        for (Attempt a : attempts) {
            if (a.startedAt() != null) events.add(new Event(a.startedAt(), "attempt " + a.attempt() + " started"
                    + (a.node() == null ? "" : " on " + a.node())));
            if (a.finishedAt() != null && a.outcome() != null) {
                events.add(new Event(a.finishedAt(), "attempt " + a.attempt() + " "
                        + a.outcome().name().toLowerCase(Locale.ROOT).replace('_', ' ')));
            }
        }
        if (j.finishedAt() != null) events.add(new Event(j.finishedAt(), "finished " + j.state().dbName()));
        if (j.expiresAt() != null) events.add(new Event(j.expiresAt(), "kept until (then pruned)"));
        events.sort(Comparator.comparing(Event::at)); // stable: equal times keep the order above
        h.append("<section aria-labelledby=\"timeline-h\"><h2 id=\"timeline-h\">Timeline</h2><ol id=\"job-timeline\" class=\"timeline\">");
        for (Event e : events) h.append("<li>").append(Formats.time(e.at())).append(" ").append(esc(e.what())).append("</li>");
        h.append("</ol></section>\n");
    }
}
