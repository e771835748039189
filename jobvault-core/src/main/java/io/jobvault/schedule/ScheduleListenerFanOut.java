package io.jobvault.schedule;

import io.jobvault.store.FireRow;
import java.util.List;

/** Tells each listener, in order, every schedule event: the alert rules first, then the application's listener. */
public final class ScheduleListenerFanOut implements ScheduleListener {
    private final List<ScheduleListener> listeners;

    public ScheduleListenerFanOut(List<ScheduleListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public void fired(String scheduleId, List<FireRow> fires) {
        for (ScheduleListener l : listeners) l.fired(scheduleId, fires);
    }

    @Override
    public void firesMissed(String scheduleId, MisfirePolicy policy, List<FireRow> late) {
        for (ScheduleListener l : listeners) l.firesMissed(scheduleId, policy, late);
    }

    @Override
    public void fireOverdue(FireCoverage coverage, boolean backupEnqueued) {
        for (ScheduleListener l : listeners) l.fireOverdue(coverage, backupEnqueued);
    }

    @Override
    public void definitionInvalid(String scheduleId, String problem) {
        for (ScheduleListener l : listeners) l.definitionInvalid(scheduleId, problem);
    }
}
