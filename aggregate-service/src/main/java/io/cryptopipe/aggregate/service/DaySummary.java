package io.cryptopipe.aggregate.service;

import io.cryptopipe.aggregate.model.DayRepairs;
import io.cryptopipe.aggregate.model.GateVerdict;

import java.time.LocalDate;

/**
 * What one day's run left in the daily collection.
 *
 * @param coins      daily documents stored for the day
 * @param dataPoints raw observations they were computed from
 * @param quality    the gate's verdict on the day's report, {@code null} when the day had no raw data
 * @param repairs    what was repaired and what is left, {@code null} when the day had no raw data
 * @param events     {@code market.daily} events the broker acknowledged for the day
 */
public record DaySummary(LocalDate day, int coins, long dataPoints, GateVerdict quality, DayRepairs repairs,
        int events) {

    /** A day without raw data: nothing was written, not even a report, and no event was sent. */
    public static DaySummary withoutData(LocalDate day) {
        return new DaySummary(day, 0, 0, null, null, 0);
    }

    /** The one line the job reports for the day. */
    public String line() {
        if (quality == null) {
            return day + ": no raw data for this UTC day, 0 coins written";
        }
        return day + ": " + coins + " coins written from " + dataPoints + " data points; quality: "
                + quality.figures() + "; " + events + " events sent; " + repairs.repairedPoints()
                + " repaired points of " + repairs.coinsRepaired() + " coins";
    }

    /** The gate failed, and only on holes a repair can still fill. */
    public boolean repairable() {
        return repairs != null && repairs.repairable();
    }
}
