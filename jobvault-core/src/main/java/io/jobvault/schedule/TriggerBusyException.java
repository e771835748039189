package io.jobvault.schedule;

/** A manual trigger could not get a fire time of its own: too many triggers of the schedule in the same instant. */
public final class TriggerBusyException extends IllegalStateException {
    public TriggerBusyException(String scheduleId) {
        super("schedule " + scheduleId + ": could not record the trigger, too many triggers in the same millisecond");
    }
}
